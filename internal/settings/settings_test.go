package settings_test

import (
	"context"
	"os"
	"testing"

	"entgo.io/ent/dialect"

	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

// Floats reads several settings with one query: the stored values where
// set and readable, the defaults elsewhere — the same as Float one by one.
func TestFloats(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		dia := dialect.SQLite
		if driver == testdb.DriverPostgres {
			dia = dialect.Postgres
		}
		ctx := context.Background()
		st, err := store.OpenDSN(ctx, driver, dsn, dia)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		keys := []string{settings.OverloadedAbove, settings.IdleBelow, settings.MinRaters}
		v := settings.Floats(ctx, st.Client, keys...)
		if v[settings.OverloadedAbove] != 1.10 || v[settings.IdleBelow] != 0.50 || v[settings.MinRaters] != 3 {
			t.Fatalf("defaults: %v", v)
		}
		if err := settings.Set(ctx, st.Client, settings.MinRaters, "5"); err != nil {
			t.Fatal(err)
		}
		if err := settings.Set(ctx, st.Client, settings.IdleBelow, "not a number"); err != nil {
			t.Fatal(err)
		}
		v = settings.Floats(ctx, st.Client, keys...)
		if v[settings.MinRaters] != 5 || v[settings.IdleBelow] != 0.50 || v[settings.OverloadedAbove] != 1.10 {
			t.Fatalf("after setting min raters 5 and an unreadable idle threshold: %v", v)
		}
		for _, k := range keys {
			if one := settings.Float(ctx, st.Client, k); one != v[k] {
				t.Errorf("%s: Float %v, Floats %v", k, one, v[k])
			}
		}
	})
}
