package respcache_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/setting"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

func open(t *testing.T, driver, dsn string) *store.Store {
	t.Helper()
	st, err := store.OpenDSN(context.Background(), driver, dsn, testdb.EntDialect(driver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func version(t *testing.T, st *store.Store) int64 {
	t.Helper()
	v, err := respcache.Current(context.Background(), st.DB)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

var sys = privacy.DecisionContext(context.Background(), privacy.Allow)

// TestHookBumps drives real ent writes through a client opened by the store
// and checks the version after each: committed transactions bump once
// whatever they change, rolled-back ones and refused writes not at all.
func TestHookBumps(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st := open(t, driver, dsn)
		c := st.Client
		if v := version(t, st); v != 0 {
			t.Fatalf("fresh database at version %d", v)
		}

		// Outside a transaction: one bump per mutation.
		if err := c.Setting.Create().SetKey("a").SetValue("1").Exec(sys); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 1 {
			t.Fatalf("after a write outside a transaction: %d, want 1", v)
		}
		if err := c.Setting.Update().Where(setting.Key("a")).SetValue("2").Exec(sys); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 2 {
			t.Fatalf("after an update: %d, want 2", v)
		}

		// A committed transaction of several writes: exactly one bump.
		err := store.InTx(sys, c, func(tx *ent.Client) error {
			for i := range 5 {
				if err := tx.Setting.Create().SetKey(fmt.Sprint("k", i)).Exec(sys); err != nil {
					return err
				}
			}
			_, err := tx.Setting.Delete().Where(setting.Key("k0")).Exec(sys)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 3 {
			t.Fatalf("after a committed transaction of six writes: %d, want 3", v)
		}

		// A rolled-back transaction: no bump, and its rows are gone.
		boom := errors.New("boom")
		err = store.InTx(sys, c, func(tx *ent.Client) error {
			if err := tx.Setting.Create().SetKey("rolled").Exec(sys); err != nil {
				return err
			}
			if err := tx.Setting.Update().SetValue("x").Exec(sys); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx: %v", err)
		}
		if v := version(t, st); v != 3 {
			t.Fatalf("after a rolled-back transaction: %d, want 3", v)
		}
		if n := c.Setting.Query().Where(setting.Key("rolled")).CountX(sys); n != 0 {
			t.Fatal("the rolled-back row exists")
		}
		tx, err := c.Tx(sys)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Setting.Create().SetKey("rolled2").Exec(sys); err != nil {
			t.Fatal(err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 3 {
			t.Fatalf("after an explicit rollback: %d, want 3", v)
		}

		// A write the privacy policy refuses changes nothing and bumps nothing.
		if err := c.Setting.Create().SetKey("denied").Exec(context.Background()); err == nil {
			t.Fatal("a write without rights went through")
		}
		if v := version(t, st); v != 3 {
			t.Fatalf("after a refused write: %d, want 3", v)
		}

		// The version's own row is not a write that bumps.
		if err := c.DataVersion.UpdateOneID(1).AddVersion(10).Exec(sys); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 13 {
			t.Fatalf("after moving the version by hand: %d, want 13", v)
		}

		// Refresh tokens are not in the API: rotating one bumps nothing (the
		// account it belongs to does).
		acc, err := c.Account.Create().SetLogin("someone").SetPasswordHash("x").SetRole(account.RoleStaff).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		rt, err := c.RefreshToken.Create().SetTokenHash("h").SetFamily("f").SetAccountID(acc.ID).
			SetExpiresAt(time.Now().Add(time.Hour)).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.RefreshToken.UpdateOne(rt).SetRevokedAt(time.Now()).Exec(sys); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 14 {
			t.Fatalf("after an account and a refresh token's writes: %d, want 14", v)
		}

		// Bump, for writers that bypass ent, in and outside a transaction.
		if err := respcache.Bump(context.Background(), st.DB); err != nil {
			t.Fatal(err)
		}
		sqlTx, err := st.DB.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if err := respcache.Bump(context.Background(), sqlTx); err != nil {
			t.Fatal(err)
		}
		if err := sqlTx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 15 {
			t.Fatalf("after Bump and a rolled-back Bump: %d, want 15", v)
		}
	})
}

// TestBumpFreshDatabase: the upsert creates the row.
func TestBumpFreshDatabase(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st := open(t, driver, dsn)
		if err := respcache.Bump(context.Background(), st.DB); err != nil {
			t.Fatal(err)
		}
		if err := respcache.Bump(context.Background(), st.Client); err != nil {
			t.Fatal(err)
		}
		if v := version(t, st); v != 2 {
			t.Fatalf("version %d, want 2", v)
		}
	})
}

// TestConcurrentCommits: concurrent writing transactions each bump once;
// none is lost.
func TestConcurrentCommits(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st := open(t, driver, dsn)
		const n = 12
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- store.InTx(sys, st.Client, func(tx *ent.Client) error {
					if err := tx.Setting.Create().SetKey(fmt.Sprint("c", i)).Exec(sys); err != nil {
						return err
					}
					return tx.Setting.Update().Where(setting.Key(fmt.Sprint("c", i))).SetValue("v").Exec(sys)
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if v := version(t, st); v != n {
			t.Fatalf("version %d after %d transactions", v, n)
		}
	})
}
