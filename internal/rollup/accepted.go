package rollup

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
)

// The time a task was first accepted (受理) is its earliest ACCEPTED event;
// the buck-passing figures read it from tasks.first_accepted_at instead of
// searching the events. FirstAcceptedHook keeps it with every ACCEPTED
// event written, in the same transaction; FillFirstAccepted sets it for
// events written in bulk.

// FirstAcceptedHook sets the task's first_accepted_at when an ACCEPTED
// event earlier than the one it holds (or the first) is created.
func FirstAcceptedHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			em, ok := m.(*ent.TaskEventMutation)
			if !ok || isDeferred(ctx) || !em.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			if typ, ok := em.GetType(); !ok || typ != taskevent.TypeAccepted {
				return next.Mutate(ctx, m)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			id, ok1 := em.TaskID()
			at, ok2 := em.At()
			if !ok1 || !ok2 {
				return nil, fmt.Errorf("rollup: an ACCEPTED event without its task or time")
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			err = em.Client().Task.Update().
				Where(task.ID(id), task.Or(task.FirstAcceptedAtIsNil(), task.FirstAcceptedAtGT(at))).
				SetFirstAcceptedAt(at).Exec(sys)
			if err != nil {
				return nil, fmt.Errorf("rollup: first acceptance: %w", err)
			}
			return v, nil
		})
	}
}

// fillFirstAcceptedSQL sets every task's first_accepted_at from its events
// (the same statement on both databases; SQLite's UTC text sorts in time
// order, so MIN is the earliest).
const fillFirstAcceptedSQL = `UPDATE tasks SET first_accepted_at = (
  SELECT MIN(e.at) FROM task_events e WHERE e.task_id = tasks.id AND e.type = 'ACCEPTED')
WHERE EXISTS (SELECT 1 FROM task_events e WHERE e.task_id = tasks.id AND e.type = 'ACCEPTED')`

// FillFirstAccepted sets first_accepted_at of every task from its events.
func FillFirstAccepted(ctx context.Context, db Querier) error {
	if _, err := db.ExecContext(ctx, fillFirstAcceptedSQL); err != nil {
		return fmt.Errorf("rollup: first acceptance: %w", err)
	}
	return nil
}

// FirstAcceptedMismatches counts the tasks whose first_accepted_at is not
// the time of their earliest ACCEPTED event (the check of `server rollup`).
func FirstAcceptedMismatches(ctx context.Context, db Querier, dia string) (int, error) {
	differs := "IS DISTINCT FROM"
	if dia != dialect.Postgres {
		differs = "IS NOT"
	}
	return countOf(ctx, db, `SELECT COUNT(*) FROM tasks t WHERE t.first_accepted_at `+differs+` (
  SELECT MIN(e.at) FROM task_events e WHERE e.task_id = t.id AND e.type = 'ACCEPTED')`)
}

// A Copy is a figure stored on a row that other rows determine.
type Copy struct {
	Rows, Source string // what holds it and what it is copied from, for messages
	Fill         func(context.Context, Querier) error
	Mismatches   func(ctx context.Context, db Querier, dia string) (int, error)
}

// Copies are the stored copies: a task's first acceptance and
// co-department count, a rectification's rater key. Hooks keep them; Fill
// sets them after writers that bypass the hooks; Mismatches is the check of
// `server rollup`.
var Copies = []Copy{
	{"tasks' first acceptances", "their earliest ACCEPTED events", FillFirstAccepted, FirstAcceptedMismatches},
	CoDepartmentCounts.copy("tasks' co-department counts", "their links"),
	RaterKeys.copy("rectifications' rater keys", "their ratings' keys"),
}

// FillCopies sets every stored copy from its source rows.
func FillCopies(ctx context.Context, db Querier) error {
	for _, c := range Copies {
		if err := c.Fill(ctx, db); err != nil {
			return err
		}
	}
	return nil
}
