package rollup

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
)

// A task's co-department count (tasks.co_department_count) is the number
// of its task_co_departments links. Lead share reads only the tasks that
// have some — 2 % of them — through a partial index on that count instead
// of probing the tasks of every link. CoDepartmentsHook keeps it with every
// change of the links, in the same transaction; CoDepartmentCounts.Fill
// sets it for links written in bulk.

// coCountExpr recounts a task's links inside an UPDATE of tasks.
const coCountExpr = `(SELECT COUNT(*) FROM task_co_departments c WHERE c.task_id = tasks.id)`

// CoDepartmentsHook keeps co_department_count on Task and Department
// mutations that add, remove or clear co-department links, or delete a
// department that had some.
func CoDepartmentsHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			switch m := m.(type) {
			case *ent.TaskMutation:
				return taskCoDepartments(ctx, next, m)
			case *ent.DepartmentMutation:
				return departmentCoTasks(ctx, next, m)
			}
			return next.Mutate(ctx, m)
		})
	}
}

func taskCoDepartments(ctx context.Context, next ent.Mutator, m *ent.TaskMutation) (ent.Value, error) {
	if m.Op().Is(ent.OpCreate) {
		// a new task's links are exactly those it is created with
		m.SetCoDepartmentCount(len(m.CoDepartmentsIDs()))
		return next.Mutate(ctx, m)
	}
	touched := len(m.CoDepartmentsIDs()) > 0 || len(m.RemovedCoDepartmentsIDs()) > 0 || m.CoDepartmentsCleared()
	if isDeferred(ctx) || !touched || m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne) {
		return next.Mutate(ctx, m)
	}
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	ids, err := m.IDs(sys) // the one id of an UpdateOne, without a query
	if err != nil {
		return nil, err
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return v, err
	}
	return v, recountCoDepartments(sys, m.Client(), ids)
}

func departmentCoTasks(ctx context.Context, next ent.Mutator, m *ent.DepartmentMutation) (ent.Value, error) {
	op := m.Op()
	deletes := op.Is(ent.OpDelete) || op.Is(ent.OpDeleteOne)
	touched := len(m.CoTasksIDs()) > 0 || len(m.RemovedCoTasksIDs()) > 0 || m.CoTasksCleared() || deletes
	if isDeferred(ctx) || !touched {
		return next.Mutate(ctx, m)
	}
	sys := privacy.DecisionContext(ctx, privacy.Allow)
	ids := append(append([]int{}, m.CoTasksIDs()...), m.RemovedCoTasksIDs()...)
	if (m.CoTasksCleared() || deletes) && !op.Is(ent.OpCreate) {
		// the tasks linked before: their links go with the clear or the delete
		depts, err := m.IDs(sys)
		if err != nil {
			return nil, err
		}
		linked, err := m.Client().Task.Query().
			Where(task.HasCoDepartmentsWith(department.IDIn(depts...))).IDs(sys)
		if err != nil {
			return nil, err
		}
		ids = append(ids, linked...)
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return v, err
	}
	return v, recountCoDepartments(sys, m.Client(), ids)
}

// recountCoDepartments sets the tasks' counts from their links.
func recountCoDepartments(ctx context.Context, c *ent.Client, ids []int) error {
	if len(ids) == 0 {
		return nil
	}
	err := c.Task.Update().Where(task.IDIn(ids...)).
		Modify(func(u *entsql.UpdateBuilder) { u.Set(task.FieldCoDepartmentCount, entsql.Expr(coCountExpr)) }).
		Exec(ctx)
	if err != nil {
		return fmt.Errorf("rollup: co-department count: %w", err)
	}
	return nil
}

// CoDepartmentCounts is tasks.co_department_count, the number of each
// task's links.
var CoDepartmentCounts = ColumnCopy{"tasks", "co_department_count", coCountExpr, "co-department count"}

// A ColumnCopy is a column of a table that an expression over the row
// recomputes (a correlated subquery reading the source rows).
type ColumnCopy struct{ Table, Column, Expr, what string }

// Fill sets the column of every row whose value differs from its source
// (after a bulk load).
func (c ColumnCopy) Fill(ctx context.Context, db Querier) error {
	if _, err := db.ExecContext(ctx, `UPDATE `+c.Table+` SET `+c.Column+` = `+c.Expr+`
WHERE `+c.Column+` <> `+c.Expr); err != nil {
		return fmt.Errorf("rollup: %s: %w", c.what, err)
	}
	return nil
}

// Mismatches counts the rows whose column is not what the source says
// (the check of `server rollup`).
func (c ColumnCopy) Mismatches(ctx context.Context, db Querier) (int, error) {
	return countOf(ctx, db, `SELECT COUNT(*) FROM `+c.Table+` WHERE `+c.Column+` <> `+c.Expr)
}

// copy is c as one of Copies.
func (c ColumnCopy) copy(rows, source string) Copy {
	return Copy{rows, source, c.Fill,
		func(ctx context.Context, db Querier, _ string) (int, error) { return c.Mismatches(ctx, db) }}
}

// countOf runs a COUNT(*) statement.
func countOf(ctx context.Context, db Querier, q string) (int, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	defer rows.Close()
	var n int
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, fmt.Errorf("rollup: %w", err)
		}
	}
	return n, rows.Err()
}
