package store

import "time"

// utcArgs writes every time.Time argument in UTC (the SQLite driver
// rewrites ent's statements and raw SQL with it). SQLite keeps times as
// text, so values written in different zones would neither sort nor compare
// chronologically, and a zone without a name would not read back at all.
// With _time_format=sqlite the text is "2006-01-02 15:04:05.999999999+00:00",
// which sorts correctly and which SQLite's date functions read.
func utcArgs(query string, args []any) (string, []any) { return query, utcList(args) }

func utcList(list []any) []any {
	var out []any
	for i, a := range list {
		var t time.Time
		switch x := a.(type) {
		case time.Time:
			t = x
		case *time.Time:
			if x == nil {
				continue
			}
			t = *x
		default:
			continue
		}
		if out == nil {
			out = append([]any(nil), list...)
		}
		out[i] = t.UTC()
	}
	if out == nil {
		return list
	}
	return out
}
