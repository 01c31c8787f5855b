package org

import (
	"errors"
	"strconv"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/workcal"
)

// The importer kinds of the organisation. Each row goes through the same
// checks and writes as the GraphQL mutations (deptSpec, staffSpec,
// leaveSpec, internal/accounts); their errors become the row's problems,
// on the column their field comes from. A column the file lacks leaves
// that value of an existing row as it is (a new row gets the default); a
// column present but empty clears an optional value.

// ImportKinds are the kinds this package adds to the importer's registry.
func ImportKinds() []importer.Kind {
	return []importer.Kind{DepartmentsKind(), StaffKind(), AccountsKind(), LeaveKind()}
}

func bi(zh, en string) importer.Text { return importer.Text{Zh: zh, En: en} }

// problemOf turns err into a problem of line when it is the row's mistake
// (a refusal meant for the caller, or a privacy denial); cols maps error
// fields to columns. Anything else is a fault that ends the run.
func problemOf(line int, cols map[string]string, err error) (importer.Problem, bool) {
	if e, ok := apperr.As(err); ok && e.Code != apperr.Internal && e.Code != apperr.Timeout {
		return importer.Problem{Line: line, Column: cols[e.Field], Message: split(e.Message)}, true
	}
	if errors.Is(err, privacy.Deny) {
		return importer.Problem{Line: line, Message: bi("无权修改此行", "you may not change this row")}, true
	}
	return importer.Problem{}, false
}

// split reads a "中文 / English" message into its two languages.
func split(msg string) importer.Text {
	if zh, en, ok := strings.Cut(msg, " / "); ok {
		return bi(zh, en)
	}
	return bi(msg, msg)
}

// fail reports err as the row's problem, or as the fault it is.
func fail(line int, cols map[string]string, err error) (importer.Outcome, []importer.Problem, error) {
	if p, ok := problemOf(line, cols, err); ok {
		return 0, []importer.Problem{p}, nil
	}
	return 0, nil, err
}

func problem(line int, col, zh, en string) []importer.Problem {
	return []importer.Problem{{Line: line, Column: col, Message: bi(zh, en)}}
}

// value is the row's value of key and whether the file has that column.
func value(r importer.Row, key string) (string, bool) {
	v, ok := r.Values[key]
	return strings.TrimSpace(v), ok
}

// parseDay reads a date written YYYY-MM-DD, YYYY/M/D or YYYY.M.D (as
// spreadsheets show dates), of the years 2000–2099.
func parseDay(field, s string) (workcal.Date, error) {
	parts := strings.FieldsFunc(strings.TrimSpace(s), func(r rune) bool { return r == '-' || r == '/' || r == '.' })
	if len(parts) == 3 && len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2 {
		s = parts[0] + "-" + pad2(parts[1]) + "-" + pad2(parts[2])
	}
	return day(field, s)
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

var (
	yes = []string{"是", "在岗", "yes", "y", "true", "1"}
	no  = []string{"否", "离岗", "no", "n", "false", "0"}
)

// parseBool reads 是/否 (or yes/no, true/false, 1/0).
func parseBool(s string) (bool, bool) {
	for _, y := range yes {
		if strings.EqualFold(s, y) {
			return true, true
		}
	}
	for _, n := range no {
		if strings.EqualFold(s, n) {
			return false, true
		}
	}
	return false, false
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// parseInt reads a whole number (an empty text is def).
func parseInt(s string, def int) (int, bool) {
	if s == "" {
		return def, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// enumValue matches s against a kind's values: the Chinese name or the
// GraphQL value, case-insensitively.
func enumValue[T ~string](s string, names map[T]string) (T, bool) {
	for v, zh := range names {
		if s == zh || strings.EqualFold(s, string(v)) {
			return v, true
		}
	}
	return "", false
}

// run keeps what every kind's run needs: the engine's transaction.
type run struct {
	tx *ent.Client
}
