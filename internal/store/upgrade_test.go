package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

// emptiedBy names the migrations (by the end of their file names, the
// same on both databases) that delete a table's rows on purpose, and why;
// every other row must survive every migration.
var emptiedBy = map[string]struct{ table, why string }{
	"_staff_week_load_days.sql": {"staff_week_loads", "the load rollup: its rows from before the day columns are dropped, and the server rebuilds them from the assignments at start (rollup.EnsureBuilt)"},
}

// Every migration upgrades a database of the release before it without
// loss: for each migration N, on the database at N-1 holding rows in every
// table (generated from the table's columns at that version, with values
// in every column on one row and NULL in every nullable column on another,
// foreign keys pointing at rows of their tables), migration N leaves every
// row there with the value of every column it keeps. The database is
// carried from step to step, so the rows written at each version must
// survive all the later migrations too.
func TestEveryMigrationKeepsRows(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx := context.Background()
		dia := testdb.EntDialect(driver)
		names, err := store.MigrationNames(dia)
		if err != nil {
			t.Fatal(err)
		}
		if len(names) < 2 {
			t.Fatalf("%d migrations", len(names))
		}
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		g := &rowGen{t: t, db: db, pg: dia == dialect.Postgres}
		for i, name := range names {
			var before map[string]*tableRows
			if i > 0 {
				g.fill(ctx)
				before = g.snapshot(ctx)
			}
			stop := ""
			if i+1 < len(names) {
				stop = names[i+1]
			}
			if _, err := store.MigrateBefore(ctx, db, dia, stop); err != nil {
				t.Fatalf("applying %s: %v", name, err)
			}
			if i == 0 {
				continue
			}
			after := g.snapshot(ctx)
			for table, b := range before {
				if len(b.rows) < 2 {
					t.Fatalf("before %s: %d rows in %s, want some in every table", name, len(b.rows), table)
				}
				a, ok := after[table]
				if !ok {
					t.Errorf("%s dropped the table %s (%d rows)", name, table, len(b.rows))
					continue
				}
				if e, ok := emptiedFor(name); ok && e.table == table {
					if len(a.rows) != 0 {
						t.Errorf("%s should empty %s (%s); %d rows left", name, table, e.why, len(a.rows))
					}
					continue
				}
				if missing := b.missingFrom(a); len(missing) > 0 {
					t.Errorf("%s lost or changed %d of the %d rows of %s, e.g.\n  before: %s\n  after, rows of %s: %d",
						name, len(missing), len(b.rows), table, missing[0], table, len(a.rows))
				}
			}
		}
		if n, err := store.ReadSchema(ctx, db, dia); err != nil || len(n.Pending) != 0 || n.Applied != len(names) {
			t.Fatalf("after the walk: %+v (%v), want all %d applied", n, err, len(names))
		}
	})
}

func emptiedFor(name string) (struct{ table, why string }, bool) {
	for suffix, e := range emptiedBy {
		if strings.HasSuffix(name, suffix) {
			return e, true
		}
	}
	return struct{ table, why string }{}, false
}

// rowGen writes rows into every table of a database at whatever version it
// is, from the catalogue (SQLite's PRAGMAs, PostgreSQL's
// information_schema and pg_constraint).
type rowGen struct {
	t   *testing.T
	db  *sql.DB
	pg  bool
	seq int
}

type column struct {
	name, typ string
	nullable  bool
	ref       string // the table a foreign key points at
}

func (g *rowGen) q(query string) string {
	if !g.pg {
		return query
	}
	for i := 1; strings.Contains(query, "?"); i++ {
		query = strings.Replace(query, "?", "$"+strconv.Itoa(i), 1)
	}
	return query
}

func (g *rowGen) strings(ctx context.Context, query string, args ...any) []string {
	g.t.Helper()
	rows, err := g.db.QueryContext(ctx, g.q(query), args...)
	if err != nil {
		g.t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			g.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func (g *rowGen) tables(ctx context.Context) []string {
	if g.pg {
		return g.strings(ctx, `SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1`)
	}
	return g.strings(ctx, `SELECT name FROM sqlite_master
WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY 1`)
}

// columns are the table's columns the generator writes (all but an
// autoincrement or identity id), and whether it has an id column.
func (g *rowGen) columns(ctx context.Context, table string) (cols []column, hasID bool) {
	g.t.Helper()
	refs := map[string]string{}
	if g.pg {
		rows, err := g.db.QueryContext(ctx, `SELECT a.attname, r.relname FROM pg_constraint c
JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class r ON r.oid = c.confrelid
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1`, table)
		if err != nil {
			g.t.Fatal(err)
		}
		for rows.Next() {
			var col, ref string
			if err := rows.Scan(&col, &ref); err != nil {
				g.t.Fatal(err)
			}
			refs[col] = ref
		}
		rows.Close()
		rows, err = g.db.QueryContext(ctx, `SELECT column_name, data_type, is_nullable = 'YES', is_identity = 'YES'
FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
		if err != nil {
			g.t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var c column
			var identity bool
			if err := rows.Scan(&c.name, &c.typ, &c.nullable, &identity); err != nil {
				g.t.Fatal(err)
			}
			hasID = hasID || c.name == "id"
			if identity {
				continue
			}
			c.ref = refs[c.name]
			cols = append(cols, c)
		}
		return cols, hasID
	}
	rows, err := g.db.QueryContext(ctx, `SELECT "from", "table" FROM pragma_foreign_key_list(?)`, table)
	if err != nil {
		g.t.Fatal(err)
	}
	for rows.Next() {
		var col, ref string
		if err := rows.Scan(&col, &ref); err != nil {
			g.t.Fatal(err)
		}
		refs[col] = ref
	}
	rows.Close()
	rows, err = g.db.QueryContext(ctx, `SELECT name, type, "notnull", pk, (SELECT COUNT(*) FROM pragma_table_info(?) WHERE pk > 0) FROM pragma_table_info(?)`, table, table)
	if err != nil {
		g.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c column
		var notNull, pk, pks int
		if err := rows.Scan(&c.name, &c.typ, &notNull, &pk, &pks); err != nil {
			g.t.Fatal(err)
		}
		hasID = hasID || c.name == "id"
		if pk == 1 && pks == 1 && strings.EqualFold(c.typ, "integer") {
			continue // the rowid: AUTOINCREMENT assigns it
		}
		c.nullable = notNull == 0 && pk == 0
		c.ref = refs[c.name]
		cols = append(cols, c)
	}
	return cols, hasID
}

// fill writes two rows into every table: row 0 with NULL in every nullable
// column, row 1 with a value in every column. A foreign key of row j points
// at row j of its table written in the same fill (a self-reference of row
// 1 at row 0), so every combination of keys is new and unique indexes hold.
func (g *rowGen) fill(ctx context.Context) {
	g.t.Helper()
	type table struct {
		name  string
		cols  []column
		hasID bool
	}
	var pending []table
	for _, name := range g.tables(ctx) {
		cols, hasID := g.columns(ctx, name)
		pending = append(pending, table{name, cols, hasID})
	}
	ids := map[string][]int64{} // table → the ids of its rows of this fill
	for len(pending) > 0 {
		progress := false
		for i := 0; i < len(pending); i++ {
			tb := pending[i]
			ready := true
			for _, c := range tb.cols {
				if c.ref != "" && c.ref != tb.name && ids[c.ref] == nil {
					ready = false
				}
			}
			if !ready {
				continue
			}
			for j := range 2 {
				var names, marks []string
				var args []any
				for _, c := range tb.cols {
					var v any
					switch {
					case j == 0 && c.nullable:
						v = nil
					case c.ref == tb.name && j == 0:
						g.t.Fatalf("%s.%s: a non-null reference to its own table", tb.name, c.name)
					case c.ref == tb.name:
						v = ids[tb.name][0]
					case c.ref != "":
						v = ids[c.ref][j]
					default:
						g.seq++
						v = g.value(tb.name, c, g.seq)
					}
					names = append(names, `"`+c.name+`"`)
					marks = append(marks, "?")
					args = append(args, v)
				}
				q := `INSERT INTO "` + tb.name + `" (` + strings.Join(names, ", ") + `) VALUES (` + strings.Join(marks, ", ") + `)`
				if len(names) == 0 {
					q = `INSERT INTO "` + tb.name + `" DEFAULT VALUES`
				}
				var id int64
				switch {
				case g.pg && tb.hasID:
					if err := g.db.QueryRowContext(ctx, g.q(q+` RETURNING id`), args...).Scan(&id); err != nil {
						g.t.Fatalf("%v\n%s %v", err, q, args)
					}
				default:
					res, err := g.db.ExecContext(ctx, g.q(q), args...)
					if err != nil {
						g.t.Fatalf("%v\n%s %v", err, q, args)
					}
					if tb.hasID && !g.pg {
						id, _ = res.LastInsertId()
					}
				}
				ids[tb.name] = append(ids[tb.name], id)
			}
			pending = append(pending[:i], pending[i+1:]...)
			i--
			progress = true
		}
		if !progress {
			g.t.Fatalf("the foreign keys of %v form a cycle the generator cannot fill", pending)
		}
	}
}

var genBase = time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)

// value is the n-th generated value of a column: distinct for every n, so
// unique indexes hold.
func (g *rowGen) value(table string, c column, n int) any {
	t := strings.ToLower(c.typ)
	switch {
	case strings.Contains(t, "json"):
		return fmt.Sprintf(`["%s.%s %d"]`, table, c.name, n)
	case strings.Contains(t, "bool"):
		return n%2 == 1
	case strings.Contains(t, "int"):
		return int64(1000 + n)
	case strings.Contains(t, "real"), strings.Contains(t, "double"), strings.Contains(t, "numeric"):
		return float64(n) + 0.25
	case strings.Contains(t, "time"), t == "date":
		return genBase.Add(time.Duration(n) * time.Hour)
	case strings.Contains(t, "char"), strings.Contains(t, "text"):
		return fmt.Sprintf("%s.%s 第%d行", table, c.name, n)
	case t == "blob", t == "bytea":
		return []byte(fmt.Sprintf("%s.%s \x00\xff %d", table, c.name, n))
	}
	g.t.Fatalf("%s.%s: no generator for the type %q", table, c.name, c.typ)
	return nil
}

// tableRows are a table's rows, each column's value as text.
type tableRows struct {
	cols []string
	rows []map[string]string
}

func (g *rowGen) snapshot(ctx context.Context) map[string]*tableRows {
	g.t.Helper()
	out := map[string]*tableRows{}
	for _, table := range g.tables(ctx) {
		rows, err := g.db.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
		if err != nil {
			g.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		tr := &tableRows{cols: cols}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				g.t.Fatal(err)
			}
			row := map[string]string{}
			for i, c := range cols {
				row[c] = render(vals[i])
			}
			tr.rows = append(tr.rows, row)
		}
		if err := rows.Err(); err != nil {
			g.t.Fatal(err)
		}
		rows.Close()
		out[table] = tr
	}
	return out
}

// render writes a value the same way whichever Go type the driver gave it.
func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case []byte:
		return strconv.Quote(string(x))
	case string:
		if t, err := time.Parse("2006-01-02 15:04:05.999999999-07:00", x); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
		return strconv.Quote(x)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprintf("%T %v", v, v)
}

// missingFrom lists the rows of b that a does not hold, compared on the
// columns a still has (each row of a matches one row of b at most).
func (b *tableRows) missingFrom(a *tableRows) []string {
	kept := map[string]bool{}
	for _, c := range a.cols {
		kept[c] = true
	}
	var cols []string
	for _, c := range b.cols {
		if kept[c] {
			cols = append(cols, c)
		}
	}
	sort.Strings(cols)
	key := func(row map[string]string) string {
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = c + "=" + row[c]
		}
		return strings.Join(parts, " ")
	}
	have := map[string]int{}
	for _, r := range a.rows {
		have[key(r)]++
	}
	var missing []string
	for _, r := range b.rows {
		k := key(r)
		if have[k] == 0 {
			missing = append(missing, k)
			continue
		}
		have[k]--
	}
	return missing
}
