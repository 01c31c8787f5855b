package rule

import (
	"context"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskassignment"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/auth"
)

// Who may change tasks, their assignments and their events (docs/ACCESS.md
// "Task operations"):
//   - ADMIN: everything.
//   - LEADER: tasks whose (current) lead department is in their subtree;
//     creating tasks led by a department of their subtree. Transferring a
//     task out of the subtree is allowed: the rule looks at the department
//     holding the task before the change.
//   - STAFF: the same for their department subtree, plus tasks they are
//     assigned to.
//   - FRONTLINE: only creating a REQUEST (fileRequest) or RECTIFICATION (a
//     bad rating's follow-up, part of submitRating) task on behalf of their
//     own unit, and that task's CREATED event. Nothing else.
//
// API tokens need write:tasks; write:ratings covers only opening a bad
// rating's rectification task, which submitRating does (RequireTaskWriteScope).
// That task's later status and deadline follow its rectification (answered,
// reopened, voided) and are written with system rights by internal/ratings,
// once the rectification's own change has passed its rules under
// write:ratings.
//
// Finer points that privacy cannot see (only a staff member of the lead
// department accepts; createTask is not the frontline's path) are checked in
// internal/tasks with apperr.Forbiddenf.

// RequireTaskWriteScope is the credential rule of Task and TaskEvent:
// write:tasks, or write:ratings for opening a rectification (a RECTIFICATION
// task and its CREATED event), which is part of submitting a bad rating.
func RequireTaskWriteScope() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := auth.FromContext(ctx)
		if v.HasScope(auth.ScopeWriteTasks) {
			return privacy.Skip
		}
		if v.HasScope(auth.ScopeWriteRatings) {
			opening, err := opensRectification(ctx, m)
			if err != nil {
				return err
			}
			if opening {
				return privacy.Skip
			}
		}
		return privacy.Denyf("token lacks scope %s", auth.ScopeWriteTasks)
	})
}

// opensRectification: m creates a RECTIFICATION task, or the CREATED event of one.
func opensRectification(ctx context.Context, m ent.Mutation) (bool, error) {
	if !m.Op().Is(ent.OpCreate) {
		return false, nil
	}
	switch m := m.(type) {
	case *ent.TaskMutation:
		kind, _ := m.Kind()
		return kind == task.KindRectification, nil
	case *ent.TaskEventMutation:
		typ, _ := m.GetType()
		taskID, ok := m.TaskID()
		if typ != taskevent.TypeCreated || !ok {
			return false, nil
		}
		return m.Client().Task.Query().Where(task.ID(taskID), task.KindEQ(task.KindRectification)).Exist(System(ctx))
	}
	return false, nil
}

// AllowTaskWrites is the role rule of Task writes.
func AllowTaskWrites() privacy.MutationRule {
	return privacy.TaskMutationRuleFunc(func(ctx context.Context, m *ent.TaskMutation) error {
		v := auth.FromContext(ctx)
		switch {
		case m.Op().Is(ent.OpCreate):
			lead, ok := m.LeadDepartmentID()
			if !ok {
				return privacy.Skip
			}
			if agency(v) && v.InSubtree(lead) {
				return privacy.Allow
			}
			if frontlineFiling(v, m) {
				return privacy.Allow
			}
		case m.Op().Is(ent.OpUpdateOne):
			id, ok := m.ID()
			if !ok {
				return privacy.Skip
			}
			may, err := MayActOnTask(ctx, m.Client(), v, id)
			if err != nil {
				return err
			}
			if may {
				return privacy.Allow
			}
		}
		return privacy.Skip
	})
}

// frontlineFiling: a FRONTLINE viewer creating a REQUEST or RECTIFICATION
// task requested by their own unit.
func frontlineFiling(v *auth.Viewer, m *ent.TaskMutation) bool {
	if v == nil || v.Role != auth.RoleFrontline || v.DepartmentID == 0 {
		return false
	}
	kind, _ := m.Kind()
	unit, ok := m.RequestingUnitID()
	return ok && unit == v.DepartmentID && (kind == task.KindRequest || kind == task.KindRectification)
}

// MayActOnTask reports whether an agency viewer may change task id: its
// lead department is in their subtree, or (STAFF and LEADER alike) they are
// assigned to it. It reads with system rights inside the caller's
// transaction (client is the mutation's client).
func MayActOnTask(ctx context.Context, client *ent.Client, v *auth.Viewer, id int) (bool, error) {
	if v == nil {
		return false, nil
	}
	if v.IsAdmin() {
		return true, nil
	}
	if !agency(v) {
		return false, nil
	}
	t, err := client.Task.Query().Where(task.ID(id)).Select(task.FieldLeadDepartmentID).Only(System(ctx))
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if v.InSubtree(t.LeadDepartmentID) {
		return true, nil
	}
	if v.StaffID == 0 {
		return false, nil
	}
	return client.TaskAssignment.Query().
		Where(taskassignment.TaskID(id), taskassignment.StaffID(v.StaffID)).
		Exist(System(ctx))
}

// AllowTaskAssignmentWrites: assignments follow their task; only ADMIN deletes.
func AllowTaskAssignmentWrites() privacy.MutationRule {
	return privacy.TaskAssignmentMutationRuleFunc(func(ctx context.Context, m *ent.TaskAssignmentMutation) error {
		v := auth.FromContext(ctx)
		var taskID int
		switch {
		case m.Op().Is(ent.OpCreate):
			id, ok := m.TaskID()
			if !ok {
				return privacy.Skip
			}
			taskID = id
		case m.Op().Is(ent.OpUpdateOne):
			id, ok := m.ID()
			if !ok {
				return privacy.Skip
			}
			a, err := m.Client().TaskAssignment.Query().Where(taskassignment.ID(id)).
				Select(taskassignment.FieldTaskID).Only(System(ctx))
			if ent.IsNotFound(err) {
				return privacy.Skip
			}
			if err != nil {
				return err
			}
			taskID = a.TaskID
		default:
			return privacy.Skip
		}
		may, err := MayActOnTask(ctx, m.Client(), v, taskID)
		if err != nil {
			return err
		}
		if may {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// AllowTaskEventWrites: events are appended (never changed) by whoever may
// change the task; FRONTLINE appends the CREATED event of the request it
// files.
func AllowTaskEventWrites() privacy.MutationRule {
	return privacy.TaskEventMutationRuleFunc(func(ctx context.Context, m *ent.TaskEventMutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		v := auth.FromContext(ctx)
		taskID, ok := m.TaskID()
		if !ok {
			return privacy.Skip
		}
		if v != nil && v.Role == auth.RoleFrontline {
			typ, _ := m.GetType()
			if typ != taskevent.TypeCreated || v.DepartmentID == 0 {
				return privacy.Skip
			}
			own, err := m.Client().Task.Query().Where(task.ID(taskID),
				task.RequestingUnitID(v.DepartmentID),
				task.KindIn(task.KindRequest, task.KindRectification),
				task.Not(task.HasEvents())).Exist(System(ctx))
			if err != nil {
				return err
			}
			if own {
				return privacy.Allow
			}
			return privacy.Skip
		}
		may, err := MayActOnTask(ctx, m.Client(), v, taskID)
		if err != nil {
			return err
		}
		if may {
			return privacy.Allow
		}
		return privacy.Skip
	})
}
