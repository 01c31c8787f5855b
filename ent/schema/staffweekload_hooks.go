package schema

import (
	"entgo.io/ent"

	"xiaoneng/internal/rollup"
)

// The load rollup (StaffWeekLoad) follows every Task and TaskAssignment
// change that moves load, and the task count (RowCount) every task created
// or deleted, in the same transaction: see internal/rollup.

func (Task) Hooks() []ent.Hook {
	return []ent.Hook{rollup.TaskHook(), rollup.CountHook(rollup.TasksTable)}
}

func (TaskAssignment) Hooks() []ent.Hook { return []ent.Hook{rollup.AssignmentHook()} }
