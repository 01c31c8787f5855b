package store_test

import (
	"context"
	"os"
	"testing"

	"entgo.io/ent/dialect"

	"xiaoneng/ent/privacy"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

// The migrations create the whole schema on both databases, a second open
// applies nothing, and the global-ID ranges keep IDs of different types apart.
func TestMigrateBothDialects(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		dia := testdb.EntDialect(driver)
		s, err := store.OpenDSN(ctx, driver, dsn, dia)
		if err != nil {
			t.Fatal(err)
		}
		if !s.Fresh {
			t.Fatal("first open should report a fresh database")
		}
		root := s.Client.Department.Create().SetName("机关").SetCode("ROOT").SetKind("AGENCY").SaveX(ctx)
		st := s.Client.Staff.Create().SetName("张三").SetEmployeeNo("E1").SetDepartmentID(root.ID).SaveX(ctx)
		if root.ID == st.ID || root.ID>>32 == st.ID>>32 {
			t.Fatalf("department %d and staff %d share an ID range", root.ID, st.ID)
		}
		s.Close()

		s2, err := store.OpenDSN(ctx, driver, dsn, dia)
		if err != nil {
			t.Fatal(err)
		}
		defer s2.Close()
		if s2.Fresh {
			t.Fatal("second open must not be fresh")
		}
		var n int
		if err := s2.DB.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
			t.Fatalf("schema_migrations: n=%d err=%v", n, err)
		}
		if got := s2.Client.Department.Query().CountX(ctx); got != 1 {
			t.Fatalf("data lost across reopen: %d departments", got)
		}
		_ = dialect.SQLite
	})
}
