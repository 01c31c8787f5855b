package workcal

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ParseError is one problem found by ParseCSV, with the 1-based line number
// of the input it is on.
type ParseError struct {
	Line   int    // 1-based line number in the input
	Value  string // the offending value ("" when a value is missing)
	Reason string // what is wrong, in English
}

func (e *ParseError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("workcal: line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("workcal: line %d: %s: %q", e.Line, e.Reason, e.Value)
}

// ParseCSV reads calendar overrides, one per line:
//
//	date,kind[,note]
//
// date is YYYY-MM-DD; kind is holiday / 休 / 节假日 / 放假 or workday / 班 /
// 调休上班 / 上班 (see ParseKind, case-insensitive); the note and any further
// fields are ignored. Standard CSV quoting is understood (so a note may
// contain commas if quoted), spaces around fields are trimmed, and a UTF-8
// byte-order mark (as Excel writes) is ignored. Blank lines and lines whose
// first non-space character is # are skipped. The first record is taken as a
// header and skipped when its first field is "date" or "日期".
//
// A date listed twice with the same kind is accepted; with conflicting kinds
// it is an error. ParseCSV reports every problem it finds, not only the first:
// the error is a *ParseError or several joined with errors.Join (use
// errors.As to get the first), and the map is nil whenever the error is not.
func ParseCSV(r io.Reader) (map[Date]Kind, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.LazyQuotes = true
	cr.ReuseRecord = true

	type seen struct {
		kind Kind
		line int
	}
	out := make(map[Date]Kind)
	first := make(map[Date]seen)
	var errs []error
	bad := func(line int, value, reason string) {
		errs = append(errs, &ParseError{Line: line, Value: value, Reason: reason})
	}

	for records := 0; ; {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad(pe.Line, "", pe.Err.Error())
			} else {
				errs = append(errs, fmt.Errorf("workcal: reading calendar CSV: %w", err))
			}
			break // the csv reader cannot resynchronise reliably
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			rec[i] = strings.TrimSpace(strings.TrimPrefix(rec[i], "\ufeff"))
		}
		if blank(rec) || strings.HasPrefix(rec[0], "#") {
			continue
		}
		records++
		if records == 1 && (strings.EqualFold(rec[0], "date") || rec[0] == "日期") {
			continue
		}

		date, dateErr := ParseDate(rec[0])
		if dateErr != nil {
			bad(line, rec[0], "invalid date (want YYYY-MM-DD)")
		}
		if len(rec) < 2 || rec[1] == "" {
			bad(line, "", "missing kind (want date,kind[,note])")
			continue
		}
		kind, kindErr := ParseKind(rec[1])
		if kindErr != nil {
			bad(line, rec[1], "invalid kind (want holiday/休/节假日 or workday/班/调休上班)")
		}
		if dateErr != nil || kindErr != nil {
			continue
		}
		if prev, ok := first[date]; ok {
			if prev.kind != kind {
				bad(line, rec[1], fmt.Sprintf("conflicting kind for %s (%s on line %d)", date, prev.kind, prev.line))
			}
			continue
		}
		first[date] = seen{kind, line}
		out[date] = kind
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if f != "" {
			return false
		}
	}
	return true
}
