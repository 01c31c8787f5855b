package app_test

import (
	"context"
	"fmt"
	"testing"

	"entgo.io/ent/dialect"

	"xiaoneng/ent/privacy"
	"xiaoneng/internal/rollup"
)

// checkRollup compares the load rollup with the direct computation from
// the assignments, the ratings rollup with the ratings, and every task's
// first acceptance with its events.
func checkRollup(t *testing.T, e *env, step string) {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	want, err := rollup.Compute(ctx, e.db())
	if err != nil {
		t.Fatal(err)
	}
	got, err := rollup.Stored(ctx, e.db())
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("no load at all")
	}
	if d := rollup.Diff(got, want, 1e-6, 5); len(d) > 0 {
		t.Fatalf("%s: the rollup differs from the direct computation:\n%v", step, d)
	}
	dia := dialect.SQLite
	if e.dialect == "postgres" {
		dia = dialect.Postgres
	}
	wantR, err := rollup.ComputeRatings(ctx, e.db(), dia)
	if err != nil {
		t.Fatal(err)
	}
	gotR, err := rollup.StoredRatings(ctx, e.db(), dia)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantR) == 0 {
		t.Fatal("no ratings at all")
	}
	if d := rollup.DiffRatings(gotR, wantR, 5); len(d) > 0 {
		t.Fatalf("%s: the ratings rollup differs from the ratings:\n%v", step, d)
	}
	for _, c := range rollup.Copies {
		if n, err := c.Mismatches(ctx, e.db(), dia); err != nil || n > 0 {
			t.Fatalf("%s: %d %s differ from %s (%v)", step, n, c.Rows, c.Source, err)
		}
	}
	if n := asInt(e.scalar(t, `SELECT COUNT(*) FROM tasks WHERE first_accepted_at IS NOT NULL`)); n == 0 {
		t.Fatalf("%s: no task has a first acceptance", step)
	}
	if n := asInt(e.scalar(t, `SELECT COUNT(*) FROM tasks WHERE co_department_count > 0`)); n == 0 {
		t.Fatalf("%s: no task has a co-department", step)
	}
	if n := asInt(e.scalar(t, `SELECT COUNT(*) FROM rectifications WHERE rater_key = ''`)); n != 0 {
		t.Fatalf("%s: %d rectifications without a rater key", step, n)
	}
}

// The demo seed builds the rollups, and the workflow mutations keep them
// current: create, assign (and re-assign other hours), accept, status
// changes, transfer, cancel, ratings — through the API, on both dialects.
func TestRollupFollowsTheWorkflow(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			e := newEnv(t, dialect, false)
			checkRollup(t, e, "after the demo seed")
			tok := e.login(t, "admin")
			office := e.scalar(t, `SELECT id FROM departments WHERE code = 'AG01'`)
			safety := e.scalar(t, `SELECT id FROM departments WHERE code = 'AG08'`)
			staff := func(n int) string {
				return fmt.Sprint(e.scalar(t, e.rebind(`SELECT id FROM staff WHERE department_id = ? ORDER BY id LIMIT 1 OFFSET `+fmt.Sprint(n)), office))
			}
			var created struct {
				CreateTask struct{ ID string } `json:"createTask"`
			}
			e.do(t, tok, `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`, map[string]any{"in": map[string]any{
				"title": "机关周例会材料准备", "kind": "ROUTINE", "startAt": "2026-11-20T09:00:00+08:00",
				"dueAt": "2026-12-11T17:30:00+08:00", "leadDepartment": fmt.Sprint(office),
			}}).ok(t, &created)
			id := created.CreateTask.ID
			assign := func(hours ...float64) {
				var as []map[string]any
				for i, h := range hours {
					as = append(as, map[string]any{"staff": staff(i + 2), "hours": h})
				}
				e.do(t, tok, `mutation($id: ID!, $as: [TaskAssigneeInput!]!) { assignTask(id: $id, assignees: $as) { id } }`,
					map[string]any{"id": id, "as": as}).ok(t, nil)
			}
			assign(16, 6.5)
			checkRollup(t, e, "assigned")
			assign(20, 3)
			checkRollup(t, e, "re-assigned with other hours")
			e.do(t, tok, `mutation($id: ID!) { acceptTask(id: $id) { id } }`, map[string]any{"id": id}).ok(t, nil)
			e.do(t, tok, `mutation($id: ID!) { updateTaskStatus(id: $id, status: IN_PROGRESS) { id } }`, map[string]any{"id": id}).ok(t, nil)
			checkRollup(t, e, "accepted and in progress")
			e.do(t, tok, `mutation($id: ID!, $to: ID!) { transferTask(id: $id, toDepartment: $to, reason: "属安全环保部职责") { id } }`,
				map[string]any{"id": id, "to": fmt.Sprint(safety)}).ok(t, nil)
			checkRollup(t, e, "transferred")
			e.do(t, tok, `mutation($id: ID!) { cancelTask(id: $id, reason: "与其他任务合并办理") { id } }`, map[string]any{"id": id}).ok(t, nil)
			checkRollup(t, e, "cancelled")
			fl := e.login(t, "frontline")
			e.submit(t, fl, ratingInput(fmt.Sprint(office), 2, false))
			e.submit(t, fl, ratingInput(fmt.Sprint(safety), 5, true))
			checkRollup(t, e, "rated")
		})
	}
}
