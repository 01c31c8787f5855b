package testdb

import (
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLitePragmas is the DSN query every SQLite database of the product is opened with.
const SQLitePragmas = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_txlock=immediate&_time_format=sqlite"

// NewSQLiteURL returns a DSN (for driver "sqlite") of a fresh file database in
// t.TempDir(), removed with it when the test ends.
func NewSQLiteURL(t testing.TB) string {
	t.Helper()
	return "file:" + filepath.Join(t.TempDir(), "test.db") + "?" + SQLitePragmas
}

// ForEachDialect runs fn as the subtests "sqlite" and "postgres", each with a
// fresh database: driver is the database/sql driver name ("sqlite" or
// "postgres"; EntDialect maps it to ent's), dsn its data source.
// The postgres subtest is skipped when XN_SKIP_POSTGRES=1.
func ForEachDialect(t *testing.T, fn func(t *testing.T, driver, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, DriverSQLite, NewSQLiteURL(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, DriverPostgres, NewPostgresDB(t))
	})
}
