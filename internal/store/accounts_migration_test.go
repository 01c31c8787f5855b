package store_test

import (
	"context"
	"database/sql"
	"testing"

	"entgo.io/ent/dialect"

	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

// Upgrading a database from before the session version and the demo mark:
// the demo seed's logins are marked (a start outside demo mode then checks
// their passwords), others not; every version starts at 0, so tokens
// issued before the upgrade stay valid until something ends them.
func TestMigrateMarksOlderDemoAccounts(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		dia := testdb.EntDialect(driver)
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.MigrateBefore(ctx, db, dia, "_account_session_version.sql"); err != nil {
			t.Fatal(err)
		}
		q := `INSERT INTO accounts (id, created_at, updated_at, login, password_hash, role, disabled) VALUES (?, ?, ?, ?, 'h', 'STAFF', ?)`
		if dia == dialect.Postgres {
			q = `INSERT INTO accounts (id, created_at, updated_at, login, password_hash, role, disabled) VALUES ($1, $2, $3, $4, 'h', 'STAFF', $5)`
		}
		at := "2026-05-06 02:00:00+00:00"
		for i, l := range []string{"admin", "staff3", "frontline2", "zhang.wei", "staff4"} {
			if _, err := db.ExecContext(ctx, q, i+1, at, at, l, false); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()
		s, err := store.OpenDSN(ctx, driver, dsn, dia)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for _, a := range s.Client.Account.Query().Order(account.ByID()).AllX(ctx) {
			want := a.Login == "admin" || a.Login == "staff3" || a.Login == "frontline2"
			if a.Demo != want || a.SessionVersion != 0 {
				t.Errorf("%s after the upgrade: demo %v, session version %d; want %v, 0", a.Login, a.Demo, a.SessionVersion, want)
			}
		}
	})
}
