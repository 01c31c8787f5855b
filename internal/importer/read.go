package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The limits of one file. A file is read whole into memory (it is kept in
// the database between the check and the apply anyway).
const (
	// MaxFileBytes caps an uploaded file: 10,000 staff are about 1.5 MB
	// as CSV and 0.6 MB as .xlsx.
	MaxFileBytes = 10 << 20
	// MaxRows caps the data rows of a file (empty rows not counted).
	MaxRows = 50_000
	// MaxColumns caps the columns of a row.
	MaxColumns = 200
	// MaxCellChars is Excel's own limit on a cell, in characters.
	MaxCellChars = 32_767
	// MaxUnzipBytes caps what an .xlsx may unpack to (a small zip can
	// hold gigabytes of repeated XML); 50,000 rows of 20 columns unpack
	// to about 60 MiB.
	MaxUnzipBytes = 128 << 20
	// headerSearch: the header is among the first lines (title rows above
	// it are skipped).
	headerSearch = 10
)

// line is one non-empty line of a sheet.
type line struct {
	n     int // 1-based line (row) number as a spreadsheet shows it
	cells []string
}

// sheet is the text of the sheet a file is read from.
type sheet struct {
	name     string
	format   Format
	encoding string // CSV only
	lines    []line
	tooMany  bool // more than MaxRows non-empty lines: reading stopped
}

// fileError is a file that cannot be read as a table at all.
type fileError struct{ msg Text }

func (e *fileError) Error() string { return e.msg.En }

func unreadable(zh, en string, args ...any) *fileError {
	return &fileError{Text{Zh: fmt.Sprintf(zh, args...), En: fmt.Sprintf(en, args...)}}
}

// readSheet reads the sheet of k from a file: an .xlsx workbook (told by its
// content, whatever its name) or CSV text.
func readSheet(data []byte, k Kind) (*sheet, error) {
	switch {
	case len(data) == 0:
		return nil, unreadable("文件为空", "the file is empty")
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data, k)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return nil, unreadable("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV", "old .xls workbooks are not read: save it as .xlsx or CSV in Excel")
	}
	return readCSV(data)
}

// zipMagic starts every .xlsx workbook (a zip archive).
var zipMagic = []byte("PK\x03\x04")

// notesSheet is the templates' sheet of notes, never read as data.
const notesSheet = "填写说明"

func readXLSX(data []byte, k Kind) (*sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxUnzipBytes,
		// Dates typed into Excel read as the kinds expect them.
		ShortDatePattern: "yyyy-mm-dd",
		CultureInfo:      excelize.CultureNameZhCN,
	})
	if err != nil {
		return nil, unreadable("无法读取 .xlsx 文件（文件损坏或过大）", "the .xlsx workbook cannot be read (damaged, or too large unpacked)")
	}
	defer f.Close()
	name := chooseSheet(f, k)
	if name == "" {
		return nil, unreadable("工作簿中没有工作表", "the workbook has no sheet")
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, unreadable("无法读取工作表「%s」", "the sheet %q cannot be read", name)
	}
	defer rows.Close()
	s := &sheet{name: name, format: XLSX}
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, unreadable("无法读取工作表「%s」第 %d 行", "the sheet %q cannot be read at line %d", name, n)
		}
		if !s.add(n, cells) {
			break
		}
	}
	if err := rows.Error(); err != nil {
		return nil, unreadable("无法读取工作表「%s」", "the sheet %q cannot be read", name)
	}
	return s, nil
}

// chooseSheet picks the sheet named after the kind (in either language),
// else the first visible sheet that is not the templates' notes.
func chooseSheet(f *excelize.File, k Kind) string {
	list := f.GetSheetList()
	for _, n := range list {
		if m := normHeader(n); m == normHeader(k.Title.Zh) || m == normHeader(k.Title.En) {
			return n
		}
	}
	for _, n := range list {
		if visible, _ := f.GetSheetVisible(n); visible && n != notesSheet {
			return n
		}
	}
	if len(list) > 0 {
		return list[0]
	}
	return ""
}

// add keeps a non-empty line; false once there are too many to read on.
func (s *sheet) add(n int, cells []string) bool {
	empty := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			empty = false
			break
		}
	}
	if empty {
		return true
	}
	// the header and up to headerSearch title lines come on top of MaxRows
	if len(s.lines) >= MaxRows+headerSearch {
		s.tooMany = true
		return false
	}
	s.lines = append(s.lines, line{n: n, cells: cells})
	return true
}

// The encodings a CSV file is read in, told apart by its bytes.
const (
	encUTF8    = "UTF-8"
	encUTF8BOM = "UTF-8 BOM"
	encUTF16LE = "UTF-16LE"
	encUTF16BE = "UTF-16BE"
	encGB18030 = "GB18030"
)

// decodeText turns a CSV file's bytes into text: UTF-8 with or without a
// byte-order mark, UTF-16 with one (Excel's "Unicode text"), else GB18030 —
// which reads GBK and GB2312 too, what Excel writes as "CSV" on a Chinese
// Windows.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		if !utf8.Valid(data[3:]) {
			return "", "", unreadable("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8", "the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
		}
		return string(data[3:]), encUTF8BOM, nil
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc, name := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), encUTF16LE
		if data[0] == 0xFE {
			enc, name = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), encUTF16BE
		}
		out, _, err := transform.Bytes(enc.NewDecoder(), data)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			return "", "", unreadable("无法按 UTF-16 读取文件", "the file cannot be read as UTF-16")
		}
		return string(out), name, nil
	case utf8.Valid(data):
		return string(data), encUTF8, nil
	}
	out, _, err := transform.Bytes(simplifiedchinese.GB18030.NewDecoder(), data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", "", unreadable("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的 CSV，或 .xlsx", "the file's encoding is not recognised: save it as CSV in UTF-8 or GBK, or as .xlsx")
	}
	return string(out), encGB18030, nil
}

func readCSV(data []byte) (*sheet, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	if strings.ContainsRune(text, 0) {
		return nil, unreadable("文件不是文本（CSV）也不是 .xlsx", "the file is neither text (CSV) nor an .xlsx workbook")
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delimiter(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	s := &sheet{format: CSV, encoding: enc}
	// A quoted cell may span lines; a spreadsheet shows such a record as
	// one row, so rows are counted as the records (and blank lines) before.
	spanned := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, unreadable("CSV 第 %d 行格式有误：%v", "CSV line %d does not parse: %v", pe.Line-spanned, pe.Err)
			}
			return nil, unreadable("无法读取 CSV", "the CSV cannot be read")
		}
		start, _ := cr.FieldPos(0)
		end, _ := cr.FieldPos(len(rec) - 1)
		end += strings.Count(rec[len(rec)-1], "\n")
		if !s.add(start-spanned, rec) {
			break
		}
		spanned += end - start
	}
	return s, nil
}

// delimiter is the separator of the first line: a comma, else the tab or
// semicolon it has more of (Excel's "Unicode text" and some locales).
func delimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, d := range []rune{'\t', ';'} {
		if c := strings.Count(first, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}
