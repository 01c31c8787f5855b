package org

import (
	"context"
	"strconv"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/complaint"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/servicevisit"
	"xiaoneng/ent/staff"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
)

// Closing (撤销) and merging (合并) a department.
//
// Both close the department (closedAt, successor) and hand what it holds
// now to the successor — the merge target, or the successor a close names:
//   - its active staff (their department), and active staff seconded to it
//     (their serving department; a secondment into the successor itself
//     ends);
//   - its open tasks (led by it, or requested by it as a unit), and its
//     place among the co-departments of open tasks;
//   - the responsibility items it is responsible for or leads;
//   - visits not yet confirmed or disputed (made by it, or to it as a unit);
//   - its open rectifications and open complaints;
//   - the default receiving department setting, when it is this one.
//
// What is history stays with it, so that the figures of past windows do
// not change: finished and cancelled tasks, ratings, answered visits,
// closed rectifications and complaints, task events, inactive staff, and
// closed departments below it. A merge also moves its open child
// departments under the target; a close needs it to have none. A
// successor is of the same kind and open; a close needs one only when the
// department holds something to hand over.
//
// The department's own change (closedAt, successor) passes the privacy
// rules (ADMIN, write:org); the rows it hands over are then written with
// system rights, in the same transaction, like any follow-up the rules
// already allowed.

// ChangeAction is what a Change does.
type ChangeAction string

const (
	ActionClose ChangeAction = "CLOSE"
	ActionMerge ChangeAction = "MERGE"
)

// ProblemCode says why a close or merge cannot be done.
type ProblemCode string

const (
	ProblemRoot              ProblemCode = "ROOT"               // the agency itself
	ProblemClosed            ProblemCode = "CLOSED"             // already closed
	ProblemHasChildren       ProblemCode = "HAS_CHILDREN"       // close: open departments below it
	ProblemSuccessorRequired ProblemCode = "SUCCESSOR_REQUIRED" // close: it holds work or staff to hand over
	ProblemTargetSelf        ProblemCode = "TARGET_SELF"
	ProblemTargetClosed      ProblemCode = "TARGET_CLOSED"
	ProblemTargetKind        ProblemCode = "TARGET_KIND" // not of the same kind
	ProblemTargetBelow       ProblemCode = "TARGET_BELOW"
)

// Problem is one reason a Change cannot be applied.
type Problem struct {
	Code    ProblemCode
	Message string
}

// Change is what closing or merging a department does (before: what it
// would do; after: what it did), counted in rows.
type Change struct {
	Action     ChangeAction
	Department *ent.Department
	Target     *ent.Department // the merge target or the successor; nil for a close without one
	// Handed to the target:
	OpenTasks           int // led by it, not DONE or CANCELLED
	OpenRequests        int // requested by it (a unit), open
	CoHandledTasks      int // open tasks it co-handles
	ActiveStaff         int
	SecondedStaff       int // active staff seconded to it
	Accounts            int // enabled accounts of its active staff (they keep working, in the target)
	Children            int // open departments directly below it (a merge moves them)
	ResponsibilityItems int
	PendingVisits       int
	OpenRectifications  int
	OpenComplaints      int
	DefaultReceiving    bool // it is the default receiving department
	// Staying with it:
	InactiveStaff int
	// Problems, when not empty, say why it cannot be done now.
	Problems []Problem
}

// holdsWork reports whether c hands anything over (so that a close needs a successor).
func (c *Change) holdsWork() bool {
	return c.OpenTasks+c.OpenRequests+c.CoHandledTasks+c.ActiveStaff+c.SecondedStaff+
		c.ResponsibilityItems+c.PendingVisits+c.OpenRectifications+c.OpenComplaints > 0 || c.DefaultReceiving
}

var (
	finished       = []task.Status{task.StatusDone, task.StatusCancelled}
	openComplaints = []complaint.Status{complaint.StatusReceived, complaint.StatusAccepted, complaint.StatusInvestigating}
)

// PreviewClose says what closing id (handing over to successor, when given)
// would do and why it cannot be done now (ADMIN).
func PreviewClose(ctx context.Context, client *ent.Client, id int, successor *int) (*Change, error) {
	if err := preview(ctx, "撤销部门"); err != nil {
		return nil, err
	}
	return plan(ctx, client, ActionClose, id, successor)
}

// PreviewMerge says what merging id into into would do (ADMIN).
func PreviewMerge(ctx context.Context, client *ent.Client, id, into int) (*Change, error) {
	if err := preview(ctx, "合并部门"); err != nil {
		return nil, err
	}
	return plan(ctx, client, ActionMerge, id, &into)
}

// Close closes id, handing what it holds to successor (required when it
// holds anything); it refuses a department with open departments below it.
func Close(ctx context.Context, client *ent.Client, id int, successor *int) (*Change, error) {
	if err := requireAdmin(ctx, "撤销部门"); err != nil {
		return nil, err
	}
	return apply(ctx, client, ActionClose, id, successor)
}

// Merge merges id into into: everything it holds, its open departments
// included, goes to into, and id is closed with into as its successor.
func Merge(ctx context.Context, client *ent.Client, id, into int) (*Change, error) {
	if err := requireAdmin(ctx, "合并部门"); err != nil {
		return nil, err
	}
	return apply(ctx, client, ActionMerge, id, &into)
}

func preview(ctx context.Context, what string) error {
	if err := requireRead(ctx); err != nil {
		return err
	}
	return requireAdmin(ctx, what)
}

// targetField names the argument a problem of the target is reported on.
func targetField(a ChangeAction) string {
	if a == ActionMerge {
		return "into"
	}
	return "successor"
}

// plan counts what the change would do, as tx sees the database.
func plan(ctx context.Context, tx *ent.Client, action ChangeAction, id int, target *int) (*Change, error) {
	sctx := rule.System(ctx)
	d, err := getDepartment(ctx, tx, "id", id)
	if err != nil {
		return nil, err
	}
	c := &Change{Action: action, Department: d}
	if target != nil {
		if c.Target, err = getDepartment(ctx, tx, targetField(action), *target); err != nil {
			return nil, err
		}
	}
	counts := []struct {
		n *int
		q interface {
			Count(context.Context) (int, error)
		}
	}{
		{&c.OpenTasks, tx.Task.Query().Where(task.LeadDepartmentID(id), task.StatusNotIn(finished...))},
		{&c.OpenRequests, tx.Task.Query().Where(task.RequestingUnitID(id), task.StatusNotIn(finished...))},
		{&c.CoHandledTasks, tx.Task.Query().Where(task.HasCoDepartmentsWith(department.ID(id)), task.StatusNotIn(finished...))},
		{&c.ActiveStaff, tx.Staff.Query().Where(staff.DepartmentID(id), staff.Active(true))},
		{&c.SecondedStaff, tx.Staff.Query().Where(staff.SecondedToID(id), staff.Active(true))},
		{&c.InactiveStaff, tx.Staff.Query().Where(staff.DepartmentID(id), staff.Active(false))},
		{&c.Accounts, tx.Account.Query().Where(account.Disabled(false), account.HasStaffWith(staff.DepartmentID(id), staff.Active(true)))},
		{&c.Children, tx.Department.Query().Where(department.ParentID(id), department.ClosedAtIsNil())},
		{&c.ResponsibilityItems, tx.ResponsibilityItem.Query().Where(responsibilityitem.Or(
			responsibilityitem.ResponsibleDepartmentID(id), responsibilityitem.LeadDepartmentID(id)))},
		{&c.PendingVisits, tx.ServiceVisit.Query().Where(servicevisit.ConfirmedAtIsNil(), servicevisit.Or(
			servicevisit.DepartmentID(id), servicevisit.UnitID(id)))},
		{&c.OpenRectifications, tx.Rectification.Query().Where(rectification.DepartmentID(id), rectification.StatusNEQ(rectification.StatusClosed))},
		{&c.OpenComplaints, tx.Complaint.Query().Where(complaint.DepartmentID(id), complaint.StatusIn(openComplaints...))},
	}
	for _, q := range counts {
		if *q.n, err = q.q.Count(sctx); err != nil {
			return nil, err
		}
	}
	c.DefaultReceiving = settings.DepartmentID(ctx, tx, settings.DefaultDepartment) == id
	c.Problems, err = problems(ctx, tx, c)
	return c, err
}

func problems(ctx context.Context, tx *ent.Client, c *Change) ([]Problem, error) {
	var out []Problem
	add := func(code ProblemCode, msg string) { out = append(out, Problem{code, msg}) }
	d, t := c.Department, c.Target
	if d.ParentID == nil {
		add(ProblemRoot, "机关本身不能撤销或合并 / the agency itself cannot be closed or merged")
	}
	if d.ClosedAt != nil {
		add(ProblemClosed, d.Name+" 已撤销 / "+d.Name+" is already closed")
	}
	if c.Action == ActionClose && c.Children > 0 {
		add(ProblemHasChildren, d.Name+" 下还有 "+strconv.Itoa(c.Children)+" 个部门，请先撤销、移走或合并它们 / "+d.Name+" still has "+
			strconv.Itoa(c.Children)+" departments below it: close, move or merge them first")
	}
	if c.Action == ActionClose && t == nil && c.holdsWork() {
		add(ProblemSuccessorRequired, "请指定接续部门，承接其人员和未办结的工作 / name a successor to take over its staff and open work")
	}
	if t == nil {
		return out, nil
	}
	switch {
	case t.ID == d.ID:
		add(ProblemTargetSelf, "不能并入自身 / a department cannot be its own successor")
	case t.ClosedAt != nil:
		add(ProblemTargetClosed, t.Name+" 已撤销 / "+t.Name+" is closed")
	case t.Kind != d.Kind:
		add(ProblemTargetKind, "接续部门须与原部门同类（"+kindName(d.Kind)+"）/ the successor must be of the same kind")
	default:
		below, err := rule.Under(ctx, tx, t.ID, d.ID)
		if err != nil {
			return nil, err
		}
		if below {
			add(ProblemTargetBelow, t.Name+" 在 "+d.Name+" 之下 / "+t.Name+" lies below "+d.Name)
		}
	}
	return out, nil
}

// problemError is the error a mutation answers for the first problem.
func problemError(a ChangeAction, p Problem) error {
	switch p.Code {
	case ProblemClosed, ProblemHasChildren:
		return apperr.Conflictf("id", "%s", p.Message)
	case ProblemRoot:
		return apperr.BadInput("id", "%s", p.Message)
	case ProblemTargetClosed:
		return apperr.Conflictf(targetField(a), "%s", p.Message)
	}
	return apperr.BadInput(targetField(a), "%s", p.Message)
}

// apply plans the change and, when nothing stands in its way, does it in one
// transaction; the counts returned are the rows it changed.
func apply(ctx context.Context, client *ent.Client, action ChangeAction, id int, target *int) (*Change, error) {
	var done *Change
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		c, err := plan(ctx, tx, action, id, target)
		if err != nil {
			return err
		}
		if len(c.Problems) > 0 {
			return problemError(action, c.Problems[0])
		}
		u := tx.Department.UpdateOne(c.Department).SetClosedAt(time.Now())
		if c.Target != nil {
			u.SetSuccessorID(c.Target.ID)
		}
		closed, err := u.Save(ctx)
		if err != nil {
			return err
		}
		done = &Change{Action: action, Department: closed, Target: c.Target, InactiveStaff: c.InactiveStaff,
			Accounts: c.Accounts, DefaultReceiving: c.DefaultReceiving}
		if c.Target != nil {
			if err := handOver(ctx, tx, c, done); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, map[ChangeAction]string{ActionClose: "close_department", ActionMerge: "merge_department"}[action],
			"department", id, summary(done))
	})
	if err != nil {
		return nil, err
	}
	done.Department = done.Department.Unwrap()
	if done.Target != nil {
		done.Target = done.Target.Unwrap()
	}
	return done, nil
}

// handOver moves what c.Department holds to c.Target with system rights,
// counting the rows into done.
func handOver(ctx context.Context, tx *ent.Client, c *Change, done *Change) error {
	sctx := rule.System(ctx)
	id, to := c.Department.ID, c.Target.ID
	var err error
	if c.Action == ActionMerge {
		if done.Children, err = tx.Department.Update().Where(department.ParentID(id), department.ClosedAtIsNil()).
			SetParentID(to).Save(sctx); err != nil {
			return err
		}
	}
	// Staff: people seconded from the target into this department simply
	// come home.
	if done.ActiveStaff, err = tx.Staff.Update().Where(staff.DepartmentID(id), staff.Active(true)).SetDepartmentID(to).Save(sctx); err != nil {
		return err
	}
	home, err := tx.Staff.Update().Where(staff.SecondedToID(id), staff.Active(true), staff.DepartmentID(to)).
		ClearSecondedToID().ClearSecondmentFrom().ClearSecondmentTo().Save(sctx)
	if err != nil {
		return err
	}
	moved, err := tx.Staff.Update().Where(staff.SecondedToID(id), staff.Active(true)).SetSecondedToID(to).Save(sctx)
	if err != nil {
		return err
	}
	done.SecondedStaff = home + moved

	// Open tasks: the target leads them (and so is no longer one of their
	// co-departments), takes its place among the co-departments, and
	// stands as the requesting unit.
	open := task.StatusNotIn(finished...)
	led, err := tx.Task.Query().Where(task.LeadDepartmentID(id), open, task.HasCoDepartmentsWith(department.ID(to))).IDs(sctx)
	if err != nil {
		return err
	}
	for _, t := range led {
		if err := tx.Task.UpdateOneID(t).RemoveCoDepartmentIDs(to).Exec(sctx); err != nil {
			return err
		}
	}
	if done.OpenTasks, err = tx.Task.Update().Where(task.LeadDepartmentID(id), open).SetLeadDepartmentID(to).Save(sctx); err != nil {
		return err
	}
	if done.OpenRequests, err = tx.Task.Update().Where(task.RequestingUnitID(id), open).SetRequestingUnitID(to).Save(sctx); err != nil {
		return err
	}
	co, err := tx.Task.Query().Where(task.HasCoDepartmentsWith(department.ID(id)), open).
		WithCoDepartments(func(q *ent.DepartmentQuery) { q.Select(department.FieldID) }).All(sctx)
	if err != nil {
		return err
	}
	for _, t := range co {
		u := tx.Task.UpdateOneID(t.ID).RemoveCoDepartmentIDs(id)
		if t.LeadDepartmentID != to && !hasDepartment(t.Edges.CoDepartments, to) {
			u.AddCoDepartmentIDs(to)
		}
		if err := u.Exec(sctx); err != nil {
			return err
		}
	}
	done.CoHandledTasks = len(co)

	items, err := tx.ResponsibilityItem.Query().Where(responsibilityitem.Or(
		responsibilityitem.ResponsibleDepartmentID(id), responsibilityitem.LeadDepartmentID(id))).IDs(sctx)
	if err != nil {
		return err
	}
	if err := tx.ResponsibilityItem.Update().Where(responsibilityitem.ResponsibleDepartmentID(id)).SetResponsibleDepartmentID(to).Exec(sctx); err != nil {
		return err
	}
	if err := tx.ResponsibilityItem.Update().Where(responsibilityitem.LeadDepartmentID(id)).SetLeadDepartmentID(to).Exec(sctx); err != nil {
		return err
	}
	done.ResponsibilityItems = len(items)

	pending := servicevisit.ConfirmedAtIsNil()
	made, err := tx.ServiceVisit.Update().Where(servicevisit.DepartmentID(id), pending).SetDepartmentID(to).Save(sctx)
	if err != nil {
		return err
	}
	received, err := tx.ServiceVisit.Update().Where(servicevisit.UnitID(id), pending).SetUnitID(to).Save(sctx)
	if err != nil {
		return err
	}
	done.PendingVisits = made + received
	if done.OpenRectifications, err = tx.Rectification.Update().
		Where(rectification.DepartmentID(id), rectification.StatusNEQ(rectification.StatusClosed)).SetDepartmentID(to).Save(sctx); err != nil {
		return err
	}
	if done.OpenComplaints, err = tx.Complaint.Update().
		Where(complaint.DepartmentID(id), complaint.StatusIn(openComplaints...)).SetDepartmentID(to).Save(sctx); err != nil {
		return err
	}
	if c.DefaultReceiving { // an agency department, so is the target (same kind)
		if err := settings.Set(ctx, tx, settings.DefaultDepartment, strconv.Itoa(to)); err != nil {
			return err
		}
	}
	return nil
}

func hasDepartment(ds []*ent.Department, id int) bool {
	for _, d := range ds {
		if d.ID == id {
			return true
		}
	}
	return false
}

// summary is the audit detail of a change.
func summary(c *Change) map[string]any {
	m := map[string]any{
		"openTasks": c.OpenTasks, "openRequests": c.OpenRequests, "coHandledTasks": c.CoHandledTasks,
		"activeStaff": c.ActiveStaff, "secondedStaff": c.SecondedStaff, "children": c.Children,
		"responsibilityItems": c.ResponsibilityItems, "pendingVisits": c.PendingVisits,
		"openRectifications": c.OpenRectifications, "openComplaints": c.OpenComplaints,
		"defaultReceiving": c.DefaultReceiving,
	}
	if c.Target != nil {
		m["successor"] = c.Target.ID
	}
	return m
}
