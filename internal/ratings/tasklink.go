package ratings

import (
	"context"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/tasks"
)

// The rectification's RECTIFICATION task follows the rectification: opened
// with it, done when the department answers, back in progress with the new
// deadline when the rater reopens it, cancelled when the rating is voided.

// rectificationTask creates the task of a bad rating's rectification with
// tasks.CreateInTx, as the rater's unit (the privacy rules let FRONTLINE
// create a RECTIFICATION task requested by its own unit). For an anonymous
// rating the viewer handed to CreateInTx carries no staff member, so the task
// names no creator and its CREATED event no actor: nothing on the task
// identifies the rater.
func rectificationTask(ctx context.Context, tx *ent.Client, v *auth.Viewer, anonymous bool, spec tasks.Spec) (*ent.Task, error) {
	if anonymous {
		unit := *v
		unit.StaffID = 0
		ctx = auth.NewContext(ctx, &unit)
	}
	spec.Kind = task.KindRectification
	spec.Priority = task.PriorityHigh
	spec.Reason = "差评自动生成整改任务 / opened by a bad rating"
	return tasks.CreateInTx(ctx, tx, spec)
}

func closedStatus(s task.Status) bool { return s == task.StatusDone || s == task.StatusCancelled }

// setTaskStatus moves an open task to DONE or CANCELLED with a
// STATUS_CHANGED event; a task already closed is left alone. It writes with
// system rights (see system).
func setTaskStatus(ctx context.Context, tx *ent.Client, id int, actor *int, to task.Status, reason string, now time.Time) error {
	sctx := rule.System(ctx)
	t, err := tx.Task.Get(sctx, id)
	if err != nil {
		return err
	}
	if closedStatus(t.Status) {
		return nil
	}
	u := tx.Task.UpdateOneID(id).Where(task.StatusEQ(t.Status)).SetStatus(to).SetUpdatedAt(now)
	switch to {
	case task.StatusDone:
		u.SetCompletedAt(now)
	case task.StatusCancelled:
		u.SetCancelReason(reason)
	}
	if err := u.Exec(sctx); err != nil {
		return stale(err, "整改任务已被他人修改，请重试 / the rectification task changed meanwhile; retry")
	}
	return tx.TaskEvent.Create().SetTaskID(id).SetType(taskevent.TypeStatusChanged).
		SetNillableActorID(actor).SetFromStatus(string(t.Status)).SetToStatus(string(to)).
		SetReason(reason).SetAt(now).Exec(sctx)
}

// reopenTask puts the task of a reopened rectification back in progress
// (a DONE task; an open one keeps its status) with the new deadline, with
// STATUS_CHANGED and DEADLINE_CHANGED events, all recorded at now (the
// verdict's time). A cancelled task is left alone.
func reopenTask(ctx context.Context, tx *ent.Client, id int, actor *int, due, now time.Time) error {
	sctx := rule.System(ctx)
	t, err := tx.Task.Get(sctx, id)
	if err != nil {
		return err
	}
	if t.Status == task.StatusCancelled {
		return nil
	}
	const reason = "整改评价不满意，重新整改 / the rater was dissatisfied: rectification reopened"
	u := tx.Task.UpdateOneID(id).Where(task.StatusEQ(t.Status)).SetDueAt(due).SetUpdatedAt(now)
	to := t.Status
	if t.Status == task.StatusDone {
		to = task.StatusInProgress
		u.SetStatus(to).ClearCompletedAt()
	}
	if err := u.Exec(sctx); err != nil {
		return stale(err, "整改任务已被他人修改，请重试 / the rectification task changed meanwhile; retry")
	}
	if to != t.Status {
		err := tx.TaskEvent.Create().SetTaskID(id).SetType(taskevent.TypeStatusChanged).
			SetNillableActorID(actor).SetFromStatus(string(t.Status)).SetToStatus(string(to)).
			SetReason(reason).SetAt(now).Exec(sctx)
		if err != nil {
			return err
		}
	}
	return tx.TaskEvent.Create().SetTaskID(id).SetType(taskevent.TypeDeadlineChanged).
		SetNillableActorID(actor).SetReason(reason).SetAt(now).Exec(sctx)
}
