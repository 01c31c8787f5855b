package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// querier is what the metrics need of the database: *sql.DB, *sql.Tx and
// *ent.Client (ent's execquery feature) all have it.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// dia holds the few SQL fragments that differ between SQLite and
// PostgreSQL. Every query is written once; only these helpers branch.
//
// Time arithmetic is done on epoch seconds (float). PostgreSQL stores
// timestamptz and gives them with EXTRACT(EPOCH …). On SQLite times are
// text: the store writes UTC "2026-04-01 01:00:00+00:00" (_time_format=sqlite
// and its UTC driver wrapper), which julianday reads, but databases written
// before that hold the pure-Go driver's default, Go's Time.String() in the
// zone the value carried — "2026-04-01 09:00:00 +0800 CST", or
// "2026-11-27 03:22:03.291411502 +0000 UTC m=+175.35" for a time.Now() value
// — which SQLite's date functions do not read and which does not sort
// chronologically across zones. ep() reads every one of these forms as the
// same instant, with millisecond precision; comparisons on the raw column
// are only a coarse, index-friendly pre-filter widened by two days (see
// before/notBefore).
type dia struct{ pg bool }

func newDia(name string) dia {
	return dia{pg: name == dialect.Postgres || name == "postgresql"}
}

// ep is the epoch seconds (float) of a time column or expression; NULL stays NULL.
func (d dia) ep(col string) string {
	if d.pg {
		return "CAST(EXTRACT(EPOCH FROM " + col + ") AS DOUBLE PRECISION)"
	}
	// p: position (within the text after the date) of the space that ends
	// the time of day in Go's format; 0 for ISO text, which julianday reads.
	p := "instr(substr(" + col + ",12),' ')"
	iso := "CASE WHEN " + p + " > 0 THEN substr(" + col + ",1," + p + "+10) || substr(" + col + "," + p + "+12,3) || ':' || substr(" +
		col + "," + p + "+15,2) ELSE " + col + " END"
	// julianday of 1970-01-01T00:00Z is 2440587.5 = 210866760000000 ms.
	return "((ROUND(julianday(" + iso + ") * 86400000.0) - 210866760000000) / 1000.0)"
}

// num is a float literal.
func (d dia) num(x float64) string {
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	if d.pg {
		return "CAST(" + s + " AS DOUBLE PRECISION)"
	}
	return s
}

// float casts an integer expression (a count) to a float.
func (d dia) float(expr string) string {
	if d.pg {
		return "CAST(" + expr + " AS DOUBLE PRECISION)"
	}
	return "CAST(" + expr + " AS REAL)"
}

func (d dia) least(a, b string) string {
	if d.pg {
		return "LEAST(" + a + ", " + b + ")"
	}
	return "MIN(" + a + ", " + b + ")"
}

func (d dia) greatest(a, b string) string {
	if d.pg {
		return "GREATEST(" + a + ", " + b + ")"
	}
	return "MAX(" + a + ", " + b + ")"
}

// before is a coarse pre-filter "col < t" on a raw time column that may use
// its index: exact on PostgreSQL, widened by two days on SQLite (whose text
// sorts by local date; no zone is more than 14 h from UTC). The exact test
// is always made on ep(col) as well.
func (d dia) before(col string, t time.Time) string {
	if d.pg {
		return col + " < to_timestamp(" + strconv.FormatFloat(epoch(t), 'f', -1, 64) + ")"
	}
	return col + " < '" + t.UTC().AddDate(0, 0, 2).Format(time.DateOnly) + "'"
}

// notBefore is the coarse pre-filter "col >= t" (see before).
func (d dia) notBefore(col string, t time.Time) string {
	if d.pg {
		return col + " >= to_timestamp(" + strconv.FormatFloat(epoch(t), 'f', -1, 64) + ")"
	}
	return col + " > '" + t.UTC().AddDate(0, 0, -2).Format(time.DateOnly) + "'"
}

// inWindow is the exact test "from ≤ col < to" with its coarse pre-filter.
func (d dia) inWindow(col string, from, to time.Time) string {
	if d.pg {
		// The index-friendly comparisons are exact on PostgreSQL; without a
		// second, opaque test on EXTRACT(EPOCH …) the planner also estimates
		// the rows right (and picks hash aggregates over sorts).
		return d.notBefore(col, from) + " AND " + d.before(col, to)
	}
	e := d.ep(col)
	return fmt.Sprintf("%s AND %s AND %s >= %s AND %s < %s",
		d.notBefore(col, from), d.before(col, to), e, d.num(epoch(from)), e, d.num(epoch(to)))
}

// frac is the share of the span [s, e) that falls in [lo, hi) — all four
// epoch-second expressions. A span with e ≤ s is a point at s: its share is 1
// when lo ≤ s < hi, else 0 (DESIGN.md "Load": the whole effort of a task
// whose deadline is not after its start falls at its start).
func (d dia) frac(s, e, lo, hi string) string {
	ov := d.least(e, hi) + " - " + d.greatest(s, lo)
	return fmt.Sprintf("(CASE WHEN %[2]s > %[1]s THEN (CASE WHEN %[5]s > 0 THEN (%[5]s) / (%[2]s - %[1]s) ELSE 0.0 END) "+
		"WHEN %[1]s >= %[3]s AND %[1]s < %[4]s THEN 1.0 ELSE 0.0 END)", s, e, lo, hi, ov)
}

// epoch is t in epoch seconds with millisecond precision (the precision
// both dialects agree on; windows are truncated to the millisecond).
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// idList renders department or staff IDs as an SQL list; an empty list
// matches nothing. The IDs are integers from the database, never text.
func idList(ids []int) string {
	if len(ids) == 0 {
		return "(NULL)"
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(id))
	}
	b.WriteByte(')')
	return b.String()
}

// quoted renders string constants of the schema (enum values) as an SQL list.
func quoted(vals ...string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return "(" + strings.Join(out, ",") + ")"
}

// each runs query and calls scan for every row.
func each(ctx context.Context, q querier, query string, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("analytics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("analytics: scan: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("analytics: %w", err)
	}
	return nil
}

// one runs a query that returns exactly one row.
func one(ctx context.Context, q querier, query string, dest ...any) error {
	found := false
	err := each(ctx, q, query, func(r *sql.Rows) error {
		found = true
		return r.Scan(dest...)
	})
	if err == nil && !found {
		return fmt.Errorf("analytics: no row")
	}
	return err
}

func nullF(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}
