package importer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// table is a sheet read against a kind's columns: the rows to run and what
// the file itself gets wrong.
type table struct {
	sheet      string
	format     Format
	encoding   string
	headerLine int
	rows       []Row
	// columns are the kind's column keys in the file's order; headers the
	// file's header text of each key.
	headers  map[string]string
	ignored  []string
	examples []int // lines skipped as the template's example row
	problems []ReportProblem
}

// normHeader folds a header for matching: case, spaces (half and full
// width), a required mark (*) and full-width punctuation do not matter.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r), r == '*', r == '＊', r == '\ufeff':
			continue
		case r >= '！' && r <= '～': // full-width ASCII
			r -= '！' - '!'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// withoutNote drops a trailing parenthesised note: 日期(YYYY-MM-DD) → 日期.
func withoutNote(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}, {"[", "]"}, {"【", "】"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				return s[:i]
			}
		}
	}
	return s
}

// headerKeys maps every accepted spelling of k's headers to the column key.
func headerKeys(k Kind) map[string]string {
	m := map[string]string{}
	for _, c := range k.Columns {
		for _, h := range []string{c.Key, c.Header.Zh, c.Header.En} {
			if n := normHeader(h); n != "" {
				if _, taken := m[n]; !taken {
					m[n] = c.Key
				}
			}
		}
	}
	return m
}

func keyOf(keys map[string]string, header string) (string, bool) {
	if k, ok := keys[normHeader(header)]; ok {
		return k, true
	}
	k, ok := keys[normHeader(withoutNote(header))]
	return k, ok
}

// cleanCell trims a cell and undoes the exports' guard against formulas (a
// quote before =, +, -, @).
func cleanCell(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// buildTable finds the header among the first lines, matches it to k's
// columns and turns the lines below it into rows.
func buildTable(s *sheet, k Kind) *table {
	t := &table{sheet: s.name, format: s.format, encoding: s.encoding, headers: map[string]string{}}
	if t.sheet == "" {
		t.sheet = k.Title.Zh
	}
	fileProblem := func(line int, key string, msg Text) {
		t.problems = append(t.problems, ReportProblem{Sheet: t.sheet, Line: line, Column: key, Header: t.headerOf(k, key), Message: msg})
	}
	keys := headerKeys(k)
	head := -1
	for i, l := range s.lines {
		if i >= headerSearch {
			break
		}
		for _, c := range l.cells {
			if _, ok := keyOf(keys, c); ok {
				head = i
				break
			}
		}
		if head >= 0 {
			break
		}
	}
	if head < 0 {
		names := make([]string, 0, len(k.Columns))
		for _, c := range k.Columns {
			names = append(names, c.Header.Zh)
		}
		fileProblem(0, "", Text{
			Zh: "找不到表头：第一行应为列名（" + strings.Join(names, "、") + "）",
			En: "no header row found: the first row must name the columns (" + strings.Join(headersEn(k), ", ") + ")",
		})
		return t
	}
	hl := s.lines[head]
	t.headerLine = hl.n
	if len(hl.cells) > MaxColumns {
		fileProblem(hl.n, "", Text{Zh: fmt.Sprintf("列数超过 %d", MaxColumns), En: fmt.Sprintf("more than %d columns", MaxColumns)})
		return t
	}
	colKey := make([]string, len(hl.cells)) // "" for ignored columns
	for i, h := range hl.cells {
		h = cleanCell(h)
		key, ok := keyOf(keys, h)
		switch {
		case h == "":
		case !ok:
			t.ignored = append(t.ignored, h)
		case t.headers[key] != "":
			fileProblem(hl.n, key, Text{
				Zh: fmt.Sprintf("「%s」列重复（「%s」已是该列）", h, t.headers[key]),
				En: fmt.Sprintf("the column %q appears twice (%q is the same column)", h, t.headers[key]),
			})
		default:
			colKey[i] = key
			t.headers[key] = h
		}
	}
	for _, c := range k.Columns {
		if c.Required && t.headers[c.Key] == "" {
			fileProblem(hl.n, c.Key, Text{
				Zh: fmt.Sprintf("缺少必填列「%s」", c.Header.Zh),
				En: fmt.Sprintf("the required column %q is missing", c.Header.En),
			})
		}
	}
	if s.tooMany {
		fileProblem(0, "", Text{
			Zh: fmt.Sprintf("数据超过 %d 行，请分成几个文件导入", MaxRows),
			En: fmt.Sprintf("more than %d rows: split the file", MaxRows),
		})
	}
	if len(t.problems) > 0 {
		return t
	}
	for _, l := range s.lines[head+1:] {
		if len(l.cells) > MaxColumns {
			fileProblem(l.n, "", Text{Zh: fmt.Sprintf("列数超过 %d", MaxColumns), En: fmt.Sprintf("more than %d columns", MaxColumns)})
			continue
		}
		values := make(map[string]string, len(t.headers))
		for key := range t.headers {
			values[key] = ""
		}
		empty := true
		for i, c := range l.cells {
			if i >= len(colKey) || colKey[i] == "" {
				continue
			}
			v := cleanCell(c)
			values[colKey[i]] = v
			if v != "" {
				empty = false
			}
		}
		if empty {
			continue // a row with data only in ignored columns
		}
		if len(t.rows) == 0 && len(t.examples) == 0 && isExample(k, values) {
			t.examples = append(t.examples, l.n)
			continue
		}
		t.rows = append(t.rows, Row{Sheet: t.sheet, Line: l.n, Values: values})
	}
	if len(t.rows) == 0 && len(t.problems) == 0 {
		fileProblem(0, "", Text{Zh: "文件中没有数据行", En: "the file has no data rows"})
	}
	return t
}

func headersEn(k Kind) []string {
	out := make([]string, 0, len(k.Columns))
	for _, c := range k.Columns {
		out = append(out, c.Header.En)
	}
	return out
}

// isExample: the first data row equal to the template's example row in
// every column that has an example is the template's, left in by the user.
func isExample(k Kind, values map[string]string) bool {
	n := 0
	for _, c := range k.Columns {
		if c.Example == "" {
			continue
		}
		if values[c.Key] != c.Example {
			return false
		}
		n++
	}
	return n > 0
}

// headerOf is the header the file gives key, else the template's.
func (t *table) headerOf(k Kind, key string) string {
	if key == "" {
		return ""
	}
	if h := t.headers[key]; h != "" {
		return h
	}
	for _, c := range k.Columns {
		if c.Key == key {
			return c.Header.Zh
		}
	}
	return ""
}

// preflight lists a row's mistakes the columns alone show: a required
// value missing, a cell longer than a spreadsheet allows.
func preflight(k Kind, r Row) []Problem {
	var out []Problem
	for _, c := range k.Columns {
		v, present := r.Values[c.Key]
		switch {
		case c.Required && present && v == "":
			out = append(out, Problem{Line: r.Line, Column: c.Key, Message: Text{
				Zh: fmt.Sprintf("「%s」不能为空", c.Header.Zh),
				En: fmt.Sprintf("%s is required", c.Header.En),
			}})
		case utf8.RuneCountInString(v) > MaxCellChars:
			out = append(out, Problem{Line: r.Line, Column: c.Key, Message: Text{
				Zh: fmt.Sprintf("「%s」超过 %d 个字", c.Header.Zh, MaxCellChars),
				En: fmt.Sprintf("%s is longer than %d characters", c.Header.En, MaxCellChars),
			}})
		}
	}
	return out
}
