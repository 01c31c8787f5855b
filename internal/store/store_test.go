package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/staff"
	"xiaoneng/ent/task"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

// openClient opens and migrates the database, closed with the test, and
// returns a context with every right and its client.
func openClient(t *testing.T, driver, dsn string) (context.Context, *ent.Client) {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	s, err := store.OpenDSN(ctx, driver, dsn, testdb.EntDialect(driver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return ctx, s.Client
}

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
		v1, err := respcache.Current(ctx, s.DB)
		if err != nil {
			t.Fatal(err)
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
		if v2, err := respcache.Current(ctx, s2.DB); err != nil || v2 != v1 {
			t.Fatalf("data version %d, then %d (%v) after an open that applied nothing", v1, v2, err)
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
		ctx, c := openClient(t, driver, dsn)
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

// A database holding data that an older release left is brought up to date:
// the migration that rebuilds tasks and rectifications on SQLite (copy,
// drop, rename, with rows of other tables pointing at theirs) keeps every
// row and link, and the columns it adds are filled from the rows already
// there (a task's co-department count, a rectification's rater key).
func TestMigrateKeepsDataOfAnOlderRelease(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		dia := testdb.EntDialect(driver)
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := store.MigrateBefore(ctx, db, dia, "_stored_copies.sql"); err != nil {
			t.Fatal(err)
		}
		ph := func(q string) string { // ? → $n on PostgreSQL
			if dia != dialect.Postgres {
				return q
			}
			for i := 1; strings.Contains(q, "?"); i++ {
				q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
			}
			return q
		}
		at := "2026-05-06 02:00:00+00:00"
		for _, x := range []struct {
			q    string
			args []any
		}{
			{`INSERT INTO departments (id, created_at, updated_at, name, code, kind) VALUES (?, ?, ?, '办公室', 'AG01', 'AGENCY')`, []any{21474836481, at, at}},
			{`INSERT INTO departments (id, created_at, updated_at, name, code, kind) VALUES (?, ?, ?, '财务科', 'AG02', 'AGENCY')`, []any{21474836482, at, at}},
			{`INSERT INTO departments (id, created_at, updated_at, name, code, kind) VALUES (?, ?, ?, '人事科', 'AG03', 'AGENCY')`, []any{21474836483, at, at}},
			{`INSERT INTO staff (id, created_at, updated_at, name, employee_no, department_id) VALUES (?, ?, ?, '张三', 'E1', ?)`, []any{51539607553, at, at, 21474836481}},
			{`INSERT INTO tasks (id, created_at, updated_at, title, kind, start_at, due_at, lead_department_id) VALUES (?, ?, ?, '年度预算', 'PROJECT', ?, ?, ?)`, []any{55834574849, at, at, at, at, 21474836481}},
			{`INSERT INTO tasks (id, created_at, updated_at, title, kind, start_at, due_at, lead_department_id) VALUES (?, ?, ?, '差评整改', 'RECTIFICATION', ?, ?, ?)`, []any{55834574850, at, at, at, at, 21474836482}},
			{`INSERT INTO task_co_departments (task_id, department_id) VALUES (?, ?), (?, ?)`, []any{55834574849, 21474836482, 55834574849, 21474836483}},
			{`INSERT INTO task_assignments (id, created_at, updated_at, hours, task_id, staff_id) VALUES (?, ?, ?, 3, ?, ?)`, []any{60129542145, at, at, 55834574849, 51539607553}},
			{`INSERT INTO ratings (id, created_at, updated_at, rater_key, score, responsiveness, resolution, attitude, rater_unit_id, target_department_id) VALUES (?, ?, ?, 'rater-key-1', 1, 1, 1, 1, ?, ?)`, []any{25769803777, at, at, 21474836483, 21474836482}},
			{`INSERT INTO rectifications (id, created_at, updated_at, due_at, rating_id, task_id, department_id) VALUES (?, ?, ?, ?, ?, ?, ?)`, []any{30064771073, at, at, at, 25769803777, 55834574850, 21474836482}},
		} {
			if _, err := db.ExecContext(ctx, ph(x.q), x.args...); err != nil {
				t.Fatalf("%v\n%s", err, x.q)
			}
		}
		before, err := respcache.Current(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		db.Close()

		s, err := store.OpenDSN(ctx, driver, dsn, dia) // the rest of the migrations
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		c := s.Client
		// the migrations rewrote rows: cached answers from before are stale
		if after, err := respcache.Current(ctx, s.DB); err != nil || after <= before {
			t.Fatalf("data version %d before the upgrade, %d after (%v): want it moved", before, after, err)
		}
		if n := c.Task.Query().CountX(ctx); n != 2 {
			t.Fatalf("%d tasks after the upgrade, want 2", n)
		}
		tk := c.Task.Query().Where(task.Title("年度预算")).WithCoDepartments().WithAssignments().OnlyX(ctx)
		if tk.CoDepartmentCount != 2 || len(tk.Edges.CoDepartments) != 2 || len(tk.Edges.Assignments) != 1 {
			t.Fatalf("the task after the upgrade: count %d, %d co-departments, %d assignments; want 2, 2, 1",
				tk.CoDepartmentCount, len(tk.Edges.CoDepartments), len(tk.Edges.Assignments))
		}
		if k := c.Rectification.Query().OnlyX(ctx).RaterKey; k != "rater-key-1" {
			t.Fatalf("the rectification's rater key %q, want its rating's", k)
		}
		if dia != dialect.Postgres {
			var fk int
			if err := s.DB.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
				t.Fatalf("foreign keys after the upgrade: %d (%v), want on", fk, err)
			}
		}
	})
}

// Long lists of ids in ent's statements (sent to PostgreSQL as one array,
// see anyin.go) select, eager-load and update exactly the rows listed, in
// and out of a transaction, on both databases.
func TestLongIDLists(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		ctx, c := openClient(t, driver, dsn)
		var depts []*ent.Department
		want := map[int][]int{} // department → its staff
		var ids []int
		for d := range 10 {
			dp := c.Department.Create().SetName(fmt.Sprint("科", d)).SetCode(fmt.Sprint("K", d)).SetKind("AGENCY").SaveX(ctx)
			depts = append(depts, dp)
			for i := range d % 4 {
				st := c.Staff.Create().SetName(fmt.Sprint("员", d, i)).SetEmployeeNo(fmt.Sprint("E", d, i)).
					SetDepartmentID(dp.ID).SaveX(ctx)
				want[dp.ID] = append(want[dp.ID], st.ID)
				ids = append(ids, st.ID)
			}
		}
		if len(ids) < 12 {
			t.Fatalf("fixture: %d staff", len(ids))
		}
		// A long list with a parameter before and after it.
		picked := ids[2:12]
		got := c.Staff.Query().Where(staff.NameNEQ("无"), staff.IDIn(picked...), staff.EmployeeNoNEQ("无")).
			Order(ent.Asc(staff.FieldID)).IDsX(ctx)
		if fmt.Sprint(got) != fmt.Sprint(picked) {
			t.Fatalf("IDIn(%v) = %v", picked, got)
		}
		// An eager load over the ten departments.
		deptIDs := make([]int, len(depts))
		for i, d := range depts {
			deptIDs[i] = d.ID
		}
		loaded := c.Department.Query().Where(department.IDIn(deptIDs...)).
			WithStaff(func(q *ent.StaffQuery) { q.Order(ent.Asc(staff.FieldID)) }).AllX(ctx)
		if len(loaded) != len(depts) {
			t.Fatalf("%d departments loaded, want %d", len(loaded), len(depts))
		}
		for _, d := range loaded {
			var got []int
			for _, st := range d.Edges.Staff {
				got = append(got, st.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(want[d.ID]) {
				t.Fatalf("department %d: staff %v, want %v", d.ID, got, want[d.ID])
			}
		}
		// An update in a transaction, and one outside.
		tx, err := c.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := tx.Staff.Update().Where(staff.IDIn(picked...)).SetPosition("科员").SaveX(ctx); n != len(picked) {
			t.Fatalf("updated %d in the transaction, want %d", n, len(picked))
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n := c.Staff.Query().Where(staff.Position("科员")).CountX(ctx); n != len(picked) {
			t.Fatalf("%d staff are 科员, want %d", n, len(picked))
		}
		if n := c.Staff.Update().Where(staff.IDIn(ids[:9]...)).SetPosition("主任").SaveX(ctx); n != 9 {
			t.Fatalf("updated %d, want 9", n)
		}
	})
}
