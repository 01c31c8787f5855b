package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"xiaoneng/ent"
)

// Templates and exports write a kind's columns with their Chinese headers,
// so that a template filled in, and an export as it is, import back.

// ErrTooManyRows: a table has more rows than a file may hold (MaxRows).
var ErrTooManyRows = fmt.Errorf("more than %d rows", MaxRows)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// guardFormula: a CSV cell a spreadsheet would take for a formula (=, +, -,
// @ first; a number excepted) gets a quote before it, which reading drops.
func guardFormula(v string) string {
	if v == "" {
		return v
	}
	switch v[0] {
	case '=', '+', '-', '@':
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "'" + v
		}
	}
	return v
}

func headers(k Kind) []string {
	out := make([]string, len(k.Columns))
	for i, c := range k.Columns {
		out[i] = c.Header.Zh
	}
	return out
}

func example(k Kind) []string {
	out := make([]string, len(k.Columns))
	for i, c := range k.Columns {
		out[i] = c.Example
	}
	return out
}

// csvFile writes UTF-8 with a byte-order mark (Excel then reads Chinese
// right) and CRLF line ends.
type csvFile struct {
	buf bytes.Buffer
	w   *csv.Writer
}

func newCSV() *csvFile {
	c := &csvFile{}
	c.buf.Write(utf8BOM)
	c.w = csv.NewWriter(&c.buf)
	c.w.UseCRLF = true
	return c
}

func (c *csvFile) row(values []string) error {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = guardFormula(v)
	}
	return c.w.Write(out)
}

func (c *csvFile) bytes() ([]byte, error) {
	c.w.Flush()
	return c.buf.Bytes(), c.w.Error()
}

// Template is k's template: the header row and the example row; an .xlsx
// also has a sheet of notes on each column (填写说明), and its cells are
// text, so that 00123 stays 00123.
func Template(k Kind, f Format) ([]byte, error) {
	if f == CSV {
		c := newCSV()
		if err := c.row(headers(k)); err != nil {
			return nil, err
		}
		if err := c.row(example(k)); err != nil {
			return nil, err
		}
		return c.bytes()
	}
	x := excelize.NewFile()
	defer x.Close()
	name := sheetName(k)
	if err := x.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	st, err := newStyles(x)
	if err != nil {
		return nil, err
	}
	last, _ := excelize.ColumnNumberToName(len(k.Columns))
	if err := x.SetColStyle(name, "A:"+last, st.text); err != nil {
		return nil, err
	}
	for i, c := range k.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		style := st.header
		if c.Required {
			style = st.required
		}
		if err := cell(x, name, col+"1", c.Header.Zh, style); err != nil {
			return nil, err
		}
		if err := cell(x, name, col+"2", c.Example, st.example); err != nil {
			return nil, err
		}
		if err := x.SetColWidth(name, col, col, width(c.Header.Zh, c.Example)); err != nil {
			return nil, err
		}
		if c.Note.Zh != "" {
			if err := x.AddComment(name, excelize.Comment{Cell: col + "1", Author: "效能",
				Paragraph: []excelize.RichTextRun{{Text: c.Note.Zh}}}); err != nil {
				return nil, err
			}
		}
	}
	if err := x.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := notes(x, k, st); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sheetName is the kind's title, as a sheet name may be (31 characters).
func sheetName(k Kind) string {
	n := k.Title.Zh
	if utf8.RuneCountInString(n) > 31 {
		n = string([]rune(n)[:31])
	}
	return n
}

func cell(x *excelize.File, sheet, at, v string, style int) error {
	if err := x.SetCellStr(sheet, at, v); err != nil {
		return err
	}
	return x.SetCellStyle(sheet, at, at, style)
}

func width(texts ...string) float64 {
	w := 10.0
	for _, t := range texts {
		// a Chinese character is about two columns wide
		n := float64(len(t)+utf8.RuneCountInString(t)) / 2
		w = max(w, n+4)
	}
	return min(w, 60)
}

type styles struct{ header, required, example, text, wrap int }

func newStyles(x *excelize.File) (styles, error) {
	var s styles
	var err error
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F2"}}
	if s.header, err = x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, NumFmt: 49}); err != nil {
		return s, err
	}
	if s.required, err = x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}, Fill: fill, NumFmt: 49}); err != nil {
		return s, err
	}
	if s.example, err = x.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "808080"}, NumFmt: 49}); err != nil {
		return s, err
	}
	if s.text, err = x.NewStyle(&excelize.Style{NumFmt: 49}); err != nil { // 49: text ("@")
		return s, err
	}
	s.wrap, err = x.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return s, err
}

// notes writes the template's sheet of notes: one row per column, then how
// the file is read.
func notes(x *excelize.File, k Kind, st styles) error {
	if _, err := x.NewSheet(notesSheet); err != nil {
		return err
	}
	rows := [][]string{{"列名", "English", "必填", "说明", "Note", "示例"}}
	for _, c := range k.Columns {
		req := ""
		if c.Required {
			req = "是"
		}
		rows = append(rows, []string{c.Header.Zh, c.Header.En, req, c.Note.Zh, c.Note.En, c.Example})
	}
	rows = append(rows, nil,
		[]string{"说明", "第一行是列名（中文或英文均可，列的顺序不限，多余的列不导入）；红色列名为必填列。"},
		[]string{"", "第二行是示例：保留时导入会跳过它，也可以删除。空行跳过。"},
		[]string{"", "也可另存为 CSV（UTF-8 或 GBK 编码）导入。先检查：检查报告列出每个问题（工作表、行、列），确认后一次全部导入，或全部不导入。"},
		[]string{"Notes", "The first row names the columns (Chinese or English, in any order; other columns are not imported); red headers are required."},
		[]string{"", "The second row is the example: left in, it is skipped; or delete it. Empty rows are skipped."},
		[]string{"", "CSV (UTF-8 or GBK) is read too. A file is checked first: the report lists every problem (sheet, row, column); confirmed, it is applied all at once or not at all."},
	)
	for i, r := range rows {
		for j, v := range r {
			at, _ := excelize.CoordinatesToCellName(j+1, i+1)
			style := st.wrap
			if i == 0 {
				style = st.header
			}
			if err := cell(x, notesSheet, at, v, style); err != nil {
				return err
			}
		}
	}
	for col, w := range map[string]float64{"A": 16, "B": 16, "C": 6, "D": 40, "E": 40, "F": 16} {
		if err := x.SetColWidth(notesSheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// Export is k's table as the viewer of ctx may read it, in the template's
// columns. More than MaxRows rows is ErrTooManyRows: the file would not
// import back.
func Export(ctx context.Context, client *ent.Client, k Kind, f Format) ([]byte, error) {
	if f == CSV {
		c := newCSV()
		if err := c.row(headers(k)); err != nil {
			return nil, err
		}
		n := 0
		err := k.Export(ctx, client, func(values []string) error {
			if n++; n > MaxRows {
				return ErrTooManyRows
			}
			return c.row(values)
		})
		if err != nil {
			return nil, err
		}
		return c.bytes()
	}
	x := excelize.NewFile()
	defer x.Close()
	name := sheetName(k)
	if err := x.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	st, err := newStyles(x)
	if err != nil {
		return nil, err
	}
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, c := range k.Columns {
		if err := sw.SetColWidth(i+1, i+1, width(c.Header.Zh)); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	head := make([]any, len(k.Columns))
	for i, h := range headers(k) {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	n := 1
	err = k.Export(ctx, client, func(values []string) error {
		if n++; n > MaxRows+1 {
			return ErrTooManyRows
		}
		row := make([]any, len(values))
		for i, v := range values {
			row[i] = excelize.Cell{StyleID: st.text, Value: v}
		}
		at, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(at, row)
	})
	if err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// IsTooManyRows reports whether err is ErrTooManyRows.
func IsTooManyRows(err error) bool { return errors.Is(err, ErrTooManyRows) }
