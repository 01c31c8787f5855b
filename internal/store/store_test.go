package store_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
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
	})
}

// Times written in any zone (even one without a name) read back as the same
// instant, and order and compare chronologically in SQL on both databases.
func TestTimesAcrossZones(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		s, err := store.OpenDSN(ctx, driver, dsn, testdb.EntDialect(driver))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		c := s.Client
		dept := c.Department.Create().SetName("办公室").SetCode("AG01").SetKind("AGENCY").SaveX(ctx)
		plus8 := time.FixedZone("", 8*3600) // unnamed, as an API input "+08:00" parses
		base := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC)
		// Created out of order, in three zones: 10:00Z, 09:30Z (as 17:30+08), 10:30Z (as 05:30-05).
		inputs := []time.Time{base, base.Add(-30 * time.Minute).In(plus8), base.Add(30 * time.Minute).In(time.FixedZone("EST", -5*3600))}
		for i, due := range inputs {
			c.Task.Create().SetTitle(fmt.Sprint("t", i)).SetKind("ROUTINE").SetStartAt(due.Add(-time.Hour)).
				SetDueAt(due).SetLeadDepartmentID(dept.ID).SaveX(ctx)
		}
		got := c.Task.Query().Order(ent.Asc(task.FieldDueAt)).AllX(ctx)
		order := ""
		for _, tk := range got {
			order += tk.Title
		}
		if order != "t1t0t2" {
			t.Fatalf("order by due_at = %s, want t1t0t2", order)
		}
		if !got[0].DueAt.Equal(inputs[1]) {
			t.Fatalf("read back %v, wrote %v", got[0].DueAt, inputs[1])
		}
		n := c.Task.Query().Where(task.DueAtLT(base)).CountX(ctx)
		if n != 1 {
			t.Fatalf("due_at < 10:00Z matched %d tasks, want 1", n)
		}
	})
}
