package importer

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// people is a small table for reading files: 工号 required, 姓名 required,
// 备注 optional.
var people = Kind{
	Name:  "PEOPLE",
	Title: Text{Zh: "人员", En: "People"},
	Columns: []Column{
		{Key: "number", Header: Text{Zh: "工号", En: "Employee number"}, Required: true, Example: "E0000"},
		{Key: "name", Header: Text{Zh: "姓名", En: "Name"}, Required: true, Example: "示例姓名"},
		{Key: "note", Header: Text{Zh: "备注", En: "Note"}},
	},
}

func read(t *testing.T, data []byte) *table {
	t.Helper()
	s, err := readSheet(data, people)
	if err != nil {
		t.Fatalf("readSheet: %v", err)
	}
	return buildTable(s, people)
}

// rowsOf renders rows as "line:number|name|note" for comparison.
func rowsOf(t *table) []string {
	out := []string{}
	for _, r := range t.rows {
		out = append(out, fmt.Sprintf("%d:%s|%s|%s", r.Line, r.Values["number"], r.Values["name"], r.Values["note"]))
	}
	return out
}

func encode(t *testing.T, s string, enc transform.Transformer) []byte {
	t.Helper()
	b, _, err := transform.Bytes(enc, []byte(s))
	if err != nil {
		t.Fatalf("encoding: %v", err)
	}
	return b
}

// The same table in every encoding a CSV arrives in reads the same; the
// report names the encoding.
func TestCSVEncodings(t *testing.T) {
	text := "工号,姓名,备注\r\n0012,张三,借调至办公室\r\nE2,李四,\r\n"
	want := []string{"2:0012|张三|借调至办公室", "3:E2|李四|"}
	// 㐀 (U+3400) and 𠀀 (U+20000) are outside GBK: four bytes in GB18030.
	text18030 := text + "E3,王㐀𠀀,\r\n"
	want18030 := append(append([]string{}, want...), "4:E3|王㐀𠀀|")
	cases := []struct {
		name, enc string
		data      []byte
		want      []string
	}{
		{"UTF-8", encUTF8, []byte(text), want},
		{"UTF-8 with BOM", encUTF8BOM, append([]byte{0xEF, 0xBB, 0xBF}, text...), want},
		{"GBK", encGB18030, encode(t, text, simplifiedchinese.GBK.NewEncoder()), want},
		{"GB18030", encGB18030, encode(t, text18030, simplifiedchinese.GB18030.NewEncoder()), want18030},
		{"UTF-16LE", encUTF16LE, encode(t, text, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()), want},
		{"UTF-16BE", encUTF16BE, encode(t, text, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder()), want},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "GBK" && utf8Valid(c.data) {
				t.Fatal("the GBK bytes are valid UTF-8: the test would not tell them apart")
			}
			tb := read(t, c.data)
			if len(tb.problems) > 0 {
				t.Fatalf("problems: %+v", tb.problems)
			}
			if got := rowsOf(tb); !reflect.DeepEqual(got, c.want) {
				t.Errorf("rows %q, want %q", got, c.want)
			}
			if tb.encoding != c.enc {
				t.Errorf("encoding %q, want %q", tb.encoding, c.enc)
			}
		})
	}
}

func utf8Valid(b []byte) bool { return strings.ToValidUTF8(string(b), "\uFFFD") == string(b) }

// Bytes that are no text in any of the encodings are refused, named.
func TestUnreadableFiles(t *testing.T) {
	for name, data := range map[string][]byte{
		"not GB18030":     {'a', ',', 0xFF, 0xFF, '\n'}, // 0xFF never starts a GB18030 character
		"BOM, not UTF-8":  append([]byte{0xEF, 0xBB, 0xBF}, 0xC3, 0x28),
		"old .xls":        {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1},
		"empty":           {},
		"damaged xlsx":    []byte("PK\x03\x04 this is no zip"),
		"binary with NUL": []byte("工号\x00姓名"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := readSheet(data, people)
			var fe *fileError
			if err == nil || !asFileError(err, &fe) || fe.msg.Zh == "" || fe.msg.En == "" {
				t.Fatalf("err %v, want a file error in both languages", err)
			}
		})
	}
}

func asFileError(err error, fe **fileError) bool {
	e, ok := err.(*fileError)
	*fe = e
	return ok
}

// Headers match in either language, whatever the case, spaces, a required
// mark or a note in brackets; title lines above are skipped; empty rows are
// skipped; cells are trimmed; unknown columns are listed.
func TestHeadersAndRows(t *testing.T) {
	csv := "人员名单（2026）\n" +
		"\n" +
		" EMPLOYEE NUMBER ,姓名*,备注（可空）,部门\n" +
		"  E1  , 张三 ,,办公室\n" +
		",,,\n" +
		"\n" +
		"E2,李四,\"两行\n备注\",\n" +
		"E3,王五,,\n"
	tb := read(t, []byte(csv))
	if len(tb.problems) > 0 {
		t.Fatalf("problems: %+v", tb.problems)
	}
	if tb.headerLine != 3 {
		t.Errorf("header line %d, want 3", tb.headerLine)
	}
	want := []string{"4:E1|张三|", "7:E2|李四|两行\n备注", "8:E3|王五|"}
	if got := rowsOf(tb); !reflect.DeepEqual(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if !reflect.DeepEqual(tb.ignored, []string{"部门"}) {
		t.Errorf("ignored %q, want [部门]", tb.ignored)
	}
	if tb.headers["number"] != "EMPLOYEE NUMBER" {
		t.Errorf("the file's header of number: %q", tb.headers["number"])
	}
}

// A required column missing, a column given twice, no header at all: the
// file is refused before any row runs, each problem on the header's line.
func TestWrongHeaders(t *testing.T) {
	cases := []struct {
		name, csv string
		want      []ReportProblem
	}{
		{"missing required", "工号,备注\nE1,x\n", []ReportProblem{{Sheet: "人员", Line: 1, Column: "name", Header: "姓名"}}},
		{"twice", "工号,姓名,Name\nE1,a,b\n", []ReportProblem{{Sheet: "人员", Line: 1, Column: "name", Header: "姓名"}}},
		{"no header", "a,b\n1,2\n", []ReportProblem{{Sheet: "人员", Line: 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := read(t, []byte(c.csv))
			if len(tb.rows) != 0 {
				t.Errorf("rows %v, want none", rowsOf(tb))
			}
			if len(tb.problems) != len(c.want) {
				t.Fatalf("problems %+v, want %d", tb.problems, len(c.want))
			}
			for i, p := range tb.problems {
				if p.Message.Zh == "" || p.Message.En == "" {
					t.Errorf("problem %d has no message in both languages: %+v", i, p)
				}
				p.Message = Text{}
				if p != c.want[i] {
					t.Errorf("problem %+v, want %+v", p, c.want[i])
				}
			}
		})
	}
}

// The template's example row is skipped as the first data row only.
func TestExampleRow(t *testing.T) {
	tb := read(t, []byte("工号,姓名\nE0000,示例姓名\nE1,张三\nE0000,示例姓名\n"))
	if !reflect.DeepEqual(tb.examples, []int{2}) {
		t.Errorf("example lines %v, want [2]", tb.examples)
	}
	if want := []string{"3:E1|张三|", "4:E0000|示例姓名|"}; !reflect.DeepEqual(rowsOf(tb), want) {
		t.Errorf("rows %q, want %q", rowsOf(tb), want)
	}
}

// Tab- and semicolon-separated text is read too.
func TestDelimiters(t *testing.T) {
	for _, sep := range []string{"\t", ";"} {
		tb := read(t, []byte(strings.ReplaceAll("工号,姓名,备注\nE1,张三,a\n", ",", sep)))
		if want := []string{"2:E1|张三|a"}; !reflect.DeepEqual(rowsOf(tb), want) {
			t.Errorf("%q: rows %q, want %q", sep, rowsOf(tb), want)
		}
	}
}

// xlsx builds a workbook: sheets in order, each a list of rows; a sheet
// named "-hidden" is hidden.
func xlsx(t *testing.T, sheets map[string][][]any, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			at, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, at, &row); err != nil {
				t.Fatal(err)
			}
		}
		if strings.HasSuffix(name, "-hidden") {
			if err := f.SetSheetVisible(name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// An .xlsx is read from the sheet named after the table, else the first
// visible sheet that is not the notes; numbers and dates read as shown.
func TestXLSX(t *testing.T) {
	data := xlsx(t, map[string][][]any{
		"填写说明":     {{"说明"}},
		"a-hidden": {{"工号", "姓名"}, {"H1", "隐藏"}},
		"Sheet9":   {{"工号", "姓名", "备注"}, {12, "张三", nil}, {nil, nil, nil}, {"E2", " 李四 ", 1.5}},
	}, "填写说明", "a-hidden", "Sheet9")
	tb := read(t, data)
	if tb.sheet != "Sheet9" || tb.format != XLSX {
		t.Errorf("sheet %q format %s, want Sheet9 XLSX", tb.sheet, tb.format)
	}
	if want := []string{"2:12|张三|", "4:E2|李四|1.5"}; !reflect.DeepEqual(rowsOf(tb), want) {
		t.Errorf("rows %q, want %q", rowsOf(tb), want)
	}
	named := xlsx(t, map[string][][]any{
		"Sheet1": {{"工号", "姓名"}, {"X", "别的表"}},
		"People": {{"工号", "姓名"}, {"E1", "张三"}},
	}, "Sheet1", "People")
	if tb := read(t, named); tb.sheet != "People" || !reflect.DeepEqual(rowsOf(tb), []string{"2:E1|张三|"}) {
		t.Errorf("sheet %q rows %q, want People's", tb.sheet, rowsOf(tb))
	}
}

// A date typed into Excel (a number with a date format) reads as
// YYYY-MM-DD, the way NormalizeDate and the kinds write dates.
func TestXLSXDates(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"工号", "姓名", "备注"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"E1", "张三"})
	for _, c := range []struct {
		cell string
		fmt  int
	}{{"C2", 14}, {"C3", 22}} { // 14: the short date; 22: date and time
		if err := f.SetCellValue("Sheet1", c.cell, 46296.0); err != nil { // 2026-10-01
			t.Fatal(err)
		}
		st, _ := f.NewStyle(&excelize.Style{NumFmt: c.fmt})
		_ = f.SetCellStyle("Sheet1", c.cell, c.cell, st)
	}
	_ = f.SetSheetRow("Sheet1", "A3", &[]any{"E2", "李四"})
	var buf bytes.Buffer
	_, _ = f.WriteTo(&buf)
	tb := read(t, buf.Bytes())
	if len(tb.rows) != 2 {
		t.Fatalf("rows %q, want 2", rowsOf(tb))
	}
	for i, r := range tb.rows {
		d, ok := NormalizeDate(r.Values["note"])
		if !ok || d != "2026-10-01" {
			t.Errorf("row %d: the date cell reads %q (normalised %q, %v), want 2026-10-01", i, r.Values["note"], d, ok)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-10-01": "2026-10-01", "2026/10/1": "2026-10-01", "2026.1.5": "2026-01-05",
		"2026年10月1日": "2026-10-01", "2026-10-01 00:00:00": "2026-10-01", "2026-10-1 0:00": "2026-10-01",
		"2026-02-30": "", "10/01/2026": "", "2026-10-01 09:30": "", "": "", "2026-13-01": "",
	} {
		got, ok := NormalizeDate(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// The limits of a file, each just under and just over.
func TestFileLimits(t *testing.T) {
	csvRows := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("工号,姓名\n")
		for i := range n {
			fmt.Fprintf(&b, "E%d,名%d\n", i, i)
		}
		return b.Bytes()
	}
	t.Run("rows", func(t *testing.T) {
		if tb := read(t, csvRows(MaxRows)); len(tb.problems) != 0 || len(tb.rows) != MaxRows {
			t.Errorf("%d rows: %d read, problems %+v", MaxRows, len(tb.rows), tb.problems)
		}
		if tb := read(t, csvRows(MaxRows+headerSearch)); len(tb.problems) != 1 || len(tb.rows) != 0 {
			t.Errorf("%d rows: %d read, problems %+v; want refused", MaxRows+headerSearch, len(tb.rows), tb.problems)
		}
	})
	t.Run("columns", func(t *testing.T) {
		wide := func(n int) []byte {
			return []byte("工号,姓名" + strings.Repeat(",x", n-2) + "\nE1,张三\n")
		}
		if tb := read(t, wide(MaxColumns)); len(tb.problems) != 0 {
			t.Errorf("%d columns: %+v", MaxColumns, tb.problems)
		}
		if tb := read(t, wide(MaxColumns+1)); len(tb.problems) != 1 {
			t.Errorf("%d columns: %+v, want refused", MaxColumns+1, tb.problems)
		}
	})
	t.Run("cell", func(t *testing.T) {
		for _, n := range []int{MaxCellChars, MaxCellChars + 1} {
			tb := read(t, []byte("工号,姓名,备注\nE1,张三,"+strings.Repeat("字", n)+"\n"))
			got := preflight(people, tb.rows[0])
			if (len(got) > 0) != (n > MaxCellChars) {
				t.Errorf("a cell of %d characters: %+v", n, got)
			}
		}
	})
	t.Run("required", func(t *testing.T) {
		tb := read(t, []byte("工号,姓名\nE1,\n"))
		if got := preflight(people, tb.rows[0]); len(got) != 1 || got[0].Column != "name" || got[0].Line != 2 {
			t.Errorf("an empty required cell: %+v", got)
		}
	})
}

// A value a spreadsheet would take for a formula is written with a quote
// before it, and read back without.
func TestFormulaGuard(t *testing.T) {
	for _, v := range []string{"=1+1", "@SUM(A1)", "+86 10 1234", "-x", "-12", "+3.5", "plain", ""} {
		g := guardFormula(v)
		numeric := v == "-12" || v == "+3.5"
		if quoted := strings.HasPrefix(g, "'"); quoted == (numeric || v == "plain" || v == "") {
			t.Errorf("guardFormula(%q) = %q", v, g)
		}
		if back := cleanCell(g); back != v {
			t.Errorf("%q written as %q reads back as %q", v, g, back)
		}
	}
}

// Templates read back as a header and the example row (skipped): no row,
// which is the file's one problem; the CSV one starts with a BOM.
func TestTemplatesReadBack(t *testing.T) {
	for _, f := range []Format{XLSX, CSV} {
		data, err := Template(people, f)
		if err != nil {
			t.Fatal(err)
		}
		if f == CSV && !bytes.HasPrefix(data, utf8BOM) {
			t.Errorf("the CSV template has no BOM")
		}
		tb := read(t, data)
		if len(tb.problems) != 1 || tb.problems[0].Line != 0 || len(tb.rows) != 0 || !reflect.DeepEqual(tb.examples, []int{2}) {
			t.Errorf("%s template: rows %v, problems %+v, example lines %v", f, rowsOf(tb), tb.problems, tb.examples)
		}
		if f == XLSX {
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if got := x.GetSheetList(); !reflect.DeepEqual(got, []string{"人员", notesSheet}) {
				t.Errorf("sheets %v", got)
			}
			head, _ := x.GetRows("人员")
			if !reflect.DeepEqual(head[0], []string{"工号", "姓名", "备注"}) {
				t.Errorf("headers %v", head[0])
			}
			x.Close()
		}
	}
}

// An .xlsx unpacking to more than MaxUnzipBytes is refused unread; one
// just under it is read (the padding is a part no sheet uses).
func TestUnzipLimit(t *testing.T) {
	base := xlsx(t, map[string][][]any{"人员": {{"工号", "姓名"}, {"E1", "张三"}}}, "人员")
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var unpacked int64
	for _, f := range zr.File {
		unpacked += int64(f.UncompressedSize64)
	}
	padded := func(total int64) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
		}
		w, _ := zw.Create("xl/media/padding.bin")
		if _, err := io.CopyN(w, zeroReader{}, total-unpacked); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if tb := read(t, padded(MaxUnzipBytes)); !reflect.DeepEqual(rowsOf(tb), []string{"2:E1|张三|"}) {
		t.Errorf("unpacking to exactly %d bytes: rows %q, problems %+v", MaxUnzipBytes, rowsOf(tb), tb.problems)
	}
	if _, err := readSheet(padded(MaxUnzipBytes+1), people); err == nil {
		t.Errorf("unpacking to %d bytes: read", MaxUnzipBytes+1)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		`C:\fakepath\工作日历.xlsx`:           "工作日历.xlsx",
		"../../etc/passwd":                "passwd",
		"a\x00b\nc.csv":                   "abc.csv",
		"bad\xffutf8.csv":                 "bad\uFFFDutf8.csv",
		"":                                "",
		strings.Repeat("长", 300) + ".csv": strings.Repeat("长", maxFileName),
	} {
		if got := fileName(in); got != want {
			t.Errorf("fileName(%q) = %q, want %q", in, got, want)
		}
	}
}
