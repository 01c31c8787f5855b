package rollup_test

import (
	"fmt"
	"testing"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/testdb"
)

// A task's co-department count follows every change of its links — made
// on the task or on the department, one task or many, a department
// deleted, a change rolled back — each step checked against the links
// counted by hand from the join table, and restored in bulk by
// CoDepartmentCounts.Fill after a write that bypassed the hook.
func TestCoDepartmentCount(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn, 0)
		c := f.st.Client
		ctx := f.ctx
		var depts []int
		for i := range 4 {
			d := c.Department.Create().SetName(fmt.Sprintf("配合部门%d", i)).SetCode(fmt.Sprintf("CO%d", i)).
				SetKind(department.KindAgency).SaveX(ctx)
			depts = append(depts, d.ID)
		}
		start := at(2026, 4, 1, 9, 0)
		newTask := func(title string, co ...int) *ent.Task {
			return c.Task.Create().SetTitle(title).SetKind(task.KindProject).SetStartAt(start).
				SetDueAt(start.AddDate(0, 1, 0)).SetLeadDepartmentID(f.dept).AddCoDepartmentIDs(co...).SaveX(ctx)
		}
		a := newTask("牵头任务甲", depts[0], depts[1])
		b := newTask("牵头任务乙")
		cc := newTask("牵头任务丙", depts[2])
		tasks := []int{a.ID, b.ID, cc.ID}
		// want: the links as the join table holds them, counted in Go
		want := func() map[int]int {
			rows, err := f.st.DB.QueryContext(ctx, `SELECT task_id FROM task_co_departments`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			n := map[int]int{}
			for rows.Next() {
				var id int
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				n[id]++
			}
			return n
		}
		check := func(step string, expect map[int]int) {
			t.Helper()
			links := want()
			for _, id := range tasks {
				got := c.Task.GetX(ctx, id).CoDepartmentCount
				if got != links[id] {
					t.Fatalf("%s: task %d stores %d co-departments, its links are %d", step, id, got, links[id])
				}
				if e, ok := expect[id]; ok && got != e {
					t.Fatalf("%s: task %d has %d co-departments, want %d", step, id, got, e)
				}
			}
			if n, err := rollup.CoDepartmentCounts.Mismatches(ctx, f.st.DB); err != nil || n != 0 {
				t.Fatalf("%s: %d mismatches (%v)", step, n, err)
			}
		}
		check("created", map[int]int{a.ID: 2, b.ID: 0, cc.ID: 1})
		c.Task.UpdateOneID(b.ID).AddCoDepartmentIDs(depts[3]).ExecX(ctx)
		check("one added", map[int]int{b.ID: 1})
		c.Task.UpdateOneID(a.ID).RemoveCoDepartmentIDs(depts[0]).AddCoDepartmentIDs(depts[2], depts[3]).ExecX(ctx)
		check("removed and added", map[int]int{a.ID: 3})
		c.Task.Update().Where(task.IDIn(b.ID, cc.ID)).AddCoDepartmentIDs(depts[1]).ExecX(ctx)
		check("added to many", map[int]int{b.ID: 2, cc.ID: 2})
		c.Task.UpdateOneID(cc.ID).ClearCoDepartments().ExecX(ctx)
		check("cleared", map[int]int{cc.ID: 0})
		c.Department.UpdateOneID(depts[0]).AddCoTaskIDs(cc.ID, b.ID).ExecX(ctx)
		check("added from the department", map[int]int{b.ID: 3, cc.ID: 1})
		c.Department.UpdateOneID(depts[3]).RemoveCoTaskIDs(a.ID).ExecX(ctx)
		check("removed from the department", map[int]int{a.ID: 2})
		c.Department.UpdateOneID(depts[1]).ClearCoTasks().ExecX(ctx)
		check("cleared from the department", map[int]int{a.ID: 1, b.ID: 2, cc.ID: 1})
		c.Department.DeleteOneID(depts[3]).ExecX(ctx)
		check("department deleted", map[int]int{b.ID: 1})

		tx, err := c.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tx.Task.UpdateOneID(b.ID).AddCoDepartmentIDs(depts[1], depts[2]).ExecX(ctx)
		if got := tx.Task.GetX(ctx, b.ID).CoDepartmentCount; got != 3 {
			t.Fatalf("inside the transaction: %d co-departments, want 3", got)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		check("rolled back", map[int]int{b.ID: 1})

		// a bulk writer that bypasses the hook, then the fill
		if _, err := f.st.DB.ExecContext(ctx, `UPDATE tasks SET co_department_count = 7`); err != nil {
			t.Fatal(err)
		}
		if n, err := rollup.CoDepartmentCounts.Mismatches(ctx, f.st.DB); err != nil || n != len(tasks) {
			t.Fatalf("the check finds %d mismatching tasks (%v), want %d", n, err, len(tasks))
		}
		if err := rollup.CoDepartmentCounts.Fill(ctx, f.st.DB); err != nil {
			t.Fatal(err)
		}
		check("filled", map[int]int{a.ID: 1, b.ID: 1, cc.ID: 1})
	})
}

// A rectification carries its rating's rater key: copied by the hook when
// the creator leaves it out, kept when given, checked and filled in bulk.
func TestRectificationRaterKey(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn, 0)
		c := f.st.Client
		ctx := f.ctx
		when := at(2026, 5, 6, 10, 0)
		tk := c.Task.Create().SetTitle("差评整改：办公室").SetKind(task.KindRectification).SetStartAt(when).
			SetDueAt(when.AddDate(0, 0, 5)).SetLeadDepartmentID(f.dept).SaveX(ctx)
		r1 := f.rate(c, f.dept, "rater-one", 1, when).SaveX(ctx)
		r2 := f.rate(c, f.dept, "rater-two", 2, when).SaveX(ctx)
		open := func(r *ent.Rating) *ent.RectificationCreate {
			return c.Rectification.Create().SetRatingID(r.ID).SetTaskID(tk.ID).SetDepartmentID(f.dept).
				SetDueAt(when.AddDate(0, 0, 5)).SetStatus(rectification.StatusOpen)
		}
		x1 := open(r1).SaveX(ctx)                          // left out: copied
		x2 := open(r2).SetRaterKey(r2.RaterKey).SaveX(ctx) // given: kept
		if got := c.Rectification.GetX(ctx, x1.ID).RaterKey; got != "rater-one" {
			t.Fatalf("copied rater key %q, want rater-one", got)
		}
		if got := c.Rectification.GetX(ctx, x2.ID).RaterKey; got != "rater-two" {
			t.Fatalf("given rater key %q, want rater-two", got)
		}
		if n, err := rollup.RaterKeys.Mismatches(ctx, f.st.DB); err != nil || n != 0 {
			t.Fatalf("%d mismatches (%v)", n, err)
		}
		if _, err := f.st.DB.ExecContext(ctx, `UPDATE rectifications SET rater_key = ''`); err != nil {
			t.Fatal(err)
		}
		if n, err := rollup.RaterKeys.Mismatches(ctx, f.st.DB); err != nil || n != 2 {
			t.Fatalf("the check finds %d mismatches (%v), want 2", n, err)
		}
		if err := rollup.RaterKeys.Fill(ctx, f.st.DB); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[int]string{x1.ID: "rater-one", x2.ID: "rater-two"} {
			if got := c.Rectification.GetX(ctx, id).RaterKey; got != want {
				t.Fatalf("filled rater key %q, want %q", got, want)
			}
		}
	})
}
