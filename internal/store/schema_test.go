package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

// ReadSchema against the binary's migrations: an empty database (nothing
// recorded, everything pending), one migration short (that one pending),
// up to date (known), one holding a version the binary lacks that is older
// than its newest (another build) and one newer (a newer release) — the
// last two refused by Known, each with its own message.
func TestReadSchema(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx := context.Background()
		dia := testdb.EntDialect(driver)
		names, err := store.MigrationNames(dia)
		if err != nil {
			t.Fatal(err)
		}
		version := func(name string) string { return name[:strings.IndexByte(name, '_')] }
		latest := version(names[len(names)-1])
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		read := func(step string) store.Schema {
			t.Helper()
			s, err := store.ReadSchema(ctx, db, dia)
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if s.Latest != latest {
				t.Fatalf("%s: latest %s, want %s", step, s.Latest, latest)
			}
			return s
		}
		if s := read("empty"); s.Tracked || s.Applied != 0 || len(s.Pending) != len(names) || s.Known() != nil {
			t.Fatalf("empty: %+v", s)
		}
		if _, err := store.MigrateBefore(ctx, db, dia, names[len(names)-1]); err != nil {
			t.Fatal(err)
		}
		s := read("one short")
		if !s.Tracked || s.Applied != len(names)-1 || fmt.Sprint(s.Pending) != "["+latest+"]" || s.Version != version(names[len(names)-2]) || s.Known() != nil {
			t.Fatalf("one short: %+v", s)
		}
		if _, err := store.Migrate(ctx, db, dia); err != nil {
			t.Fatal(err)
		}
		if s := read("up to date"); s.Applied != len(names) || len(s.Pending) != 0 || s.Version != latest || s.Known() != nil {
			t.Fatalf("up to date: %+v", s)
		}
		insert := `INSERT INTO schema_migrations (version) VALUES (?)`
		if dia == dialect.Postgres {
			insert = `INSERT INTO schema_migrations (version) VALUES ($1)`
		}
		if _, err := db.Exec(insert, "20000101000000"); err != nil {
			t.Fatal(err)
		}
		if err := read("another build").Known(); err == nil || !strings.Contains(err.Error(), "another build") || !strings.Contains(err.Error(), "20000101000000") {
			t.Fatalf("a version older than the newest, unknown: %v", err)
		}
		if _, err := db.Exec(insert, "29991231000000"); err != nil {
			t.Fatal(err)
		}
		s = read("newer")
		if err := s.Known(); err == nil || !strings.Contains(err.Error(), "schema version 29991231000000, newer than this server's "+latest) || s.Version != "29991231000000" {
			t.Fatalf("a newer version: %v (%+v)", err, s)
		}
		// The server's maintenance commands open such a database only to
		// refuse it (dsn is a postgres:// URL or a file: DSN, as DATABASE_URL).
		if st, err := store.OpenKnown(ctx, dsn, t.TempDir()); err == nil {
			st.Close()
			t.Fatal("OpenKnown opened a database of a newer release")
		}
	})
}
