// Package bulk loads many rows fast inside one transaction: COPY on
// PostgreSQL (lib/pq's CopyIn), multi-row INSERTs on SQLite. The scale
// generator (internal/seed) and the rollup rebuild (internal/rollup) use it.
//
// Rows are buffered per table and written by Flush; nothing is flushed
// behind the caller's back, so the caller controls the order in which
// tables are written (parents before children, for foreign keys).
package bulk

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// Execer is what a Loader needs to write with INSERT statements: *sql.Tx,
// *sql.DB and an ent client (ent's execquery feature) all have it.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Loader writes rows of several tables into one transaction.
type Loader struct {
	ex Execer
	tx *sql.Tx // set when COPY is possible (PostgreSQL through database/sql)
	pg bool
	// OnFlush, when set, is called after every flush with the table and
	// the number of rows written.
	OnFlush func(table string, rows int)
}

// New returns a loader writing through tx in dialect (ent's dialect names).
// On PostgreSQL it uses COPY.
func New(tx *sql.Tx, dia string) *Loader {
	return &Loader{ex: tx, tx: tx, pg: dia == dialect.Postgres}
}

// NewExec returns a loader that writes with multi-row INSERTs through ex on
// either dialect (for small loads inside an ent transaction).
func NewExec(ex Execer, dia string) *Loader {
	return &Loader{ex: ex, pg: dia == dialect.Postgres}
}

// Postgres reports whether the loader writes to PostgreSQL.
func (l *Loader) Postgres() bool { return l.pg }

// Table is the row buffer of one table.
type Table struct {
	l       *Loader
	name    string
	cols    []string
	vals    []any // row-major, len(cols) values a row
	Written int   // rows flushed so far
}

// Table returns a buffer for rows of table name with the given columns.
func (l *Loader) Table(name string, cols ...string) *Table {
	return &Table{l: l, name: name, cols: cols}
}

// Add buffers one row; vals are in the order of the table's columns.
// Values are int, int64, float64, string, bool, time.Time or nil (NULL).
// On SQLite the database must be opened with _time_format=sqlite, as
// store.SQLiteDSN does.
func (t *Table) Add(vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("bulk: %s: %d values for %d columns", t.name, len(vals), len(t.cols)))
	}
	if !t.l.pg {
		// SQLite keeps times as text: the product writes them in UTC
		// (internal/store), so that they sort and compare as instants.
		for i, v := range vals {
			if x, ok := v.(time.Time); ok {
				vals[i] = x.UTC()
			}
		}
	}
	t.vals = append(t.vals, vals...)
}

// Name is the table's name.
func (t *Table) Name() string { return t.name }

// Pending is the number of buffered rows.
func (t *Table) Pending() int { return len(t.vals) / len(t.cols) }

// Flush writes the buffered rows.
func (t *Table) Flush(ctx context.Context) error {
	n := t.Pending()
	if n == 0 {
		return nil
	}
	var err error
	if t.l.pg && t.l.tx != nil {
		err = t.copy(ctx)
	} else {
		err = t.insert(ctx)
	}
	if err != nil {
		return fmt.Errorf("bulk: writing %s: %w", t.name, err)
	}
	clear(t.vals)
	t.vals = t.vals[:0]
	t.Written += n
	if t.l.OnFlush != nil {
		t.l.OnFlush(t.name, n)
	}
	return nil
}

func (t *Table) copy(ctx context.Context) error {
	stmt, err := t.l.tx.PrepareContext(ctx, pq.CopyIn(t.name, t.cols...))
	if err != nil {
		return err
	}
	defer stmt.Close()
	k := len(t.cols)
	for i := 0; i < len(t.vals); i += k {
		if _, err := stmt.ExecContext(ctx, t.vals[i:i+k]...); err != nil {
			return err
		}
	}
	_, err = stmt.ExecContext(ctx)
	return err
}

// maxParams stays below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters.
const maxParams = 30000

// maxRows caps a multi-row INSERT: larger statements stop paying off.
const maxRows = 500

func (t *Table) insert(ctx context.Context) error {
	k := len(t.cols)
	per := max(1, min(maxRows, maxParams/k))
	for i := 0; i < len(t.vals); i += per * k {
		end := min(len(t.vals), i+per*k)
		if _, err := t.l.ex.ExecContext(ctx, t.insertSQL((end-i)/k), t.vals[i:end]...); err != nil {
			return err
		}
	}
	return nil
}

func (t *Table) insertSQL(rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	b.WriteString(quote(t.name))
	b.WriteString(" (")
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quote(c))
	}
	b.WriteString(") VALUES ")
	n := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if t.l.pg {
				fmt.Fprintf(&b, "$%d", n)
			} else {
				b.WriteByte('?')
			}
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

func quote(ident string) string { return `"` + strings.ReplaceAll(ident, `"`, `""`) + `"` }
