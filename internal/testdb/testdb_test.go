package testdb

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) { os.Exit(RunMain(m)) }

func open(t *testing.T, driver, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPostgresDatabasesAreIsolated(t *testing.T) {
	t0 := time.Now()
	urlA := NewPostgresDB(t)
	t.Logf("first NewPostgresDB (cluster start + CREATE DATABASE): %v", time.Since(t0))
	t1 := time.Now()
	urlB := NewPostgresDB(t)
	t.Logf("second NewPostgresDB (CREATE DATABASE): %v", time.Since(t1))
	if urlA == urlB {
		t.Fatalf("same URL twice: %s", urlA)
	}
	a, b := open(t, DriverPostgres, urlA), open(t, DriverPostgres, urlB)

	for _, db := range []*sql.DB{a, b} {
		var one int
		if err := db.QueryRow("select 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("select 1: %v, %d", err, one)
		}
	}
	if _, err := a.Exec("create table only_in_a (id serial primary key, name text not null)"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Exec("insert into only_in_a (name) values ('小能')"); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := a.QueryRow("select name from only_in_a").Scan(&name); err != nil || name != "小能" {
		t.Fatalf("read back: %v, %q", err, name)
	}
	var reg sql.NullString
	if err := b.QueryRow("select to_regclass('only_in_a')::text").Scan(&reg); err != nil {
		t.Fatal(err)
	}
	if reg.Valid {
		t.Fatalf("table of database A is visible in database B: %v", reg.String)
	}
	var enc string
	if err := b.QueryRow("show server_encoding").Scan(&enc); err != nil || enc != "UTF8" {
		t.Fatalf("server_encoding: %v, %q", err, enc)
	}
}

func TestPostgresDatabaseDroppedAtCleanup(t *testing.T) {
	var dbname string
	t.Run("inner", func(t *testing.T) {
		u, err := url.Parse(NewPostgresDB(t))
		if err != nil {
			t.Fatal(err)
		}
		dbname = strings.TrimPrefix(u.Path, "/")
		if !strings.HasPrefix(dbname, "xn_test_") {
			t.Fatalf("unexpected database name %q", dbname)
		}
		// Leave a connection open: the drop must still succeed.
		db := open(t, DriverPostgres, u.String())
		if err := db.Ping(); err != nil {
			t.Fatal(err)
		}
	})
	if dbname == "" {
		t.Skip("inner test skipped")
	}
	var n int
	if err := srv.admin.QueryRowContext(context.Background(), "select count(*) from pg_database where datname = $1", dbname).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("database %s still exists after its test ended", dbname)
	}
}

func TestPostgresParallel(t *testing.T) {
	for _, name := range []string{"a", "b", "c", "d"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := open(t, DriverPostgres, NewPostgresDB(t))
			if _, err := db.Exec("create table t (id int primary key)"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSkipPostgres(t *testing.T) {
	ok := t.Run("skipped", func(t *testing.T) {
		t.Setenv("XN_SKIP_POSTGRES", "1")
		NewPostgresDB(t)
		t.Error("NewPostgresDB did not skip with XN_SKIP_POSTGRES=1")
	})
	if !ok {
		t.Fatal("skip subtest failed")
	}
}

func TestSQLite(t *testing.T) {
	db := open(t, DriverSQLite, NewSQLiteURL(t))
	var fk int
	if err := db.QueryRow("pragma foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys: %v, %d", err, fk)
	}
	var mode string
	if err := db.QueryRow("pragma journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode: %v, %q", err, mode)
	}
	var timeout int
	if err := db.QueryRow("pragma busy_timeout").Scan(&timeout); err != nil || timeout != 5000 {
		t.Fatalf("busy_timeout: %v, %d", err, timeout)
	}
	for _, q := range []string{
		"create table parent (id integer primary key)",
		"create table child (id integer primary key, parent_id integer not null references parent(id))",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec("insert into child (id, parent_id) values (1, 42)"); err == nil {
		t.Fatal("foreign key not enforced")
	}
	if EntDialect(DriverSQLite) != "sqlite3" || EntDialect(DriverPostgres) != "postgres" {
		t.Fatal("EntDialect")
	}
}

func TestForEachDialect(t *testing.T) {
	seen := map[string]bool{}
	ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		seen[driver] = true
		db := open(t, driver, dsn)
		if _, err := db.Exec("create table item (id integer primary key, name text not null)"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("select count(*) from item").Scan(&n); err != nil || n != 0 {
			t.Fatalf("count: %v, %d", err, n)
		}
	})
	if !seen[DriverSQLite] || (!seen[DriverPostgres] && os.Getenv("XN_SKIP_POSTGRES") != "1") {
		t.Fatalf("dialects run: %v", seen)
	}
}
