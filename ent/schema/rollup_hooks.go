package schema

import (
	"entgo.io/ent"

	"xiaoneng/internal/rollup"
)

// The rollups follow every change that moves them, in the same
// transaction (internal/rollup): the load rollup (StaffWeekLoad) Task and
// TaskAssignment changes, the task count (RowCount) tasks created or
// deleted, the ratings rollup (DepartmentDayRating) Rating changes, a
// task's first acceptance its ACCEPTED events, a task's co-department count
// the changes of its links (from either side), and a rectification's copy
// of its rater's key its creation.

func (Task) Hooks() []ent.Hook {
	return []ent.Hook{rollup.TaskHook(), rollup.CountHook(rollup.TasksTable), rollup.CoDepartmentsHook()}
}

func (Department) Hooks() []ent.Hook { return []ent.Hook{rollup.CoDepartmentsHook()} }

func (Rectification) Hooks() []ent.Hook { return []ent.Hook{rollup.RaterKeyHook()} }

func (TaskAssignment) Hooks() []ent.Hook { return []ent.Hook{rollup.AssignmentHook()} }

func (Rating) Hooks() []ent.Hook { return []ent.Hook{rollup.RatingHook()} }

func (TaskEvent) Hooks() []ent.Hook { return []ent.Hook{rollup.FirstAcceptedHook()} }
