package rule

import (
	"context"
	"errors"

	"entgo.io/ent/entql"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/staff"
	"xiaoneng/internal/auth"
)

// Who may change the organisation (docs/ACCESS.md "Organisation"): ADMIN
// everything (the policies' AllowIfAdmin); a LEADER, within the subtree of
// their own department:
//   - adds departments under a department of the subtree, and renames,
//     recodes, reorders and sets the visit quota of the departments below
//     their own (not their own: that is for the level above);
//   - creates and changes staff whose department is in the subtree, into a
//     department (and a secondment to a department) of the subtree;
//   - records, changes and deletes the leave of those staff.
//
// Moves, merges, closes, the root, accounts and settings are ADMIN's.
//
// The subtree is walked afresh, through the writing transaction, rather
// than read from the viewer's cached scope: a department the leader adds
// takes staff at once.

// leaderOf returns the viewer when it is a LEADER with a department.
func leaderOf(ctx context.Context) *auth.Viewer {
	if v := auth.FromContext(ctx); v != nil && v.Role == auth.RoleLeader && v.DepartmentID != 0 {
		return v
	}
	return nil
}

// maxTreeDepth bounds the walk up the tree (a cycle would otherwise loop).
const maxTreeDepth = 64

var errTooDeep = errors.New("rule: department tree deeper than 64 levels")

// Under reports whether department dept is top or lies below it, reading
// parents through c with system rights.
func Under(ctx context.Context, c *ent.Client, dept, top int) (bool, error) {
	sctx := System(ctx)
	for range maxTreeDepth {
		if dept == top {
			return true, nil
		}
		d, err := c.Department.Query().Where(department.ID(dept)).Select(department.FieldParentID).Only(sctx)
		if ent.IsNotFound(err) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if d.ParentID == nil {
			return false, nil
		}
		dept = *d.ParentID
	}
	return false, errTooDeep
}

// leaderDepartmentFields are what a LEADER may change on a department below theirs.
var leaderDepartmentFields = []string{department.FieldName, department.FieldCode, department.FieldSortOrder,
	department.FieldVisitQuotaPerYear, department.FieldUpdatedAt}

// AllowLeaderDepartmentWrites is the LEADER's Department write rule.
func AllowLeaderDepartmentWrites() privacy.MutationRule {
	return privacy.DepartmentMutationRuleFunc(func(ctx context.Context, m *ent.DepartmentMutation) error {
		v := leaderOf(ctx)
		if v == nil {
			return privacy.Skip
		}
		c := m.Client()
		switch {
		case m.Op().Is(ent.OpCreate):
			_, closed := m.ClosedAt()
			_, succ := m.SuccessorID()
			parent, ok := m.ParentID()
			if closed || succ || !ok {
				break
			}
			if in, err := Under(ctx, c, parent, v.DepartmentID); err != nil || in {
				return allowIf(in, err)
			}
		case m.Op().Is(ent.OpUpdateOne):
			id, ok := m.ID()
			if !ok || id == v.DepartmentID || !onlyFields(m, leaderDepartmentFields) {
				break
			}
			if in, err := Under(ctx, c, id, v.DepartmentID); err != nil || in {
				return allowIf(in, err)
			}
		}
		return privacy.Denyf("a leader adds departments in their subtree and renames those below their own; moves, merges and closes are the administrator's")
	})
}

// AllowLeaderStaffWrites is the LEADER's Staff write rule.
func AllowLeaderStaffWrites() privacy.MutationRule {
	return privacy.StaffMutationRuleFunc(func(ctx context.Context, m *ent.StaffMutation) error {
		v := leaderOf(ctx)
		if v == nil {
			return privacy.Skip
		}
		c := m.Client()
		var depts []int // every department the row is, or will be, tied to
		switch {
		case m.Op().Is(ent.OpCreate):
			d, ok := m.DepartmentID()
			if !ok {
				return privacy.Denyf("a staff member needs a department")
			}
			depts = append(depts, d)
		case m.Op().Is(ent.OpUpdateOne):
			id, ok := m.ID()
			if !ok {
				return privacy.Denyf("a leader changes one staff member at a time")
			}
			st, err := c.Staff.Query().Where(staff.ID(id)).Select(staff.FieldDepartmentID).Only(System(ctx))
			if err != nil {
				return err
			}
			depts = append(depts, st.DepartmentID)
			if d, ok := m.DepartmentID(); ok {
				depts = append(depts, d)
			}
		default:
			return privacy.Denyf("a leader changes one staff member at a time")
		}
		if d, ok := m.SecondedToID(); ok {
			depts = append(depts, d)
		}
		for _, d := range depts {
			in, err := Under(ctx, c, d, v.DepartmentID)
			if err != nil {
				return err
			}
			if !in {
				return privacy.Denyf("a leader changes the staff of their own subtree only")
			}
		}
		return privacy.Allow
	})
}

// AllowLeaderLeaveWrites is the LEADER's StaffLeave write rule: the person's
// department is in the subtree.
func AllowLeaderLeaveWrites() privacy.MutationRule {
	return privacy.StaffLeaveMutationRuleFunc(func(ctx context.Context, m *ent.StaffLeaveMutation) error {
		v := leaderOf(ctx)
		if v == nil {
			return privacy.Skip
		}
		c := m.Client()
		var people []int
		switch {
		case m.Op().Is(ent.OpCreate):
		case m.Op().Is(ent.OpUpdateOne) || m.Op().Is(ent.OpDeleteOne):
			id, ok := m.ID()
			if !ok {
				return privacy.Denyf("a leader changes one leave record at a time")
			}
			l, err := c.StaffLeave.Get(System(ctx), id)
			if err != nil {
				return err
			}
			people = append(people, l.StaffID)
		default:
			return privacy.Denyf("a leader changes one leave record at a time")
		}
		if s, ok := m.StaffID(); ok {
			people = append(people, s)
		}
		if len(people) == 0 {
			return privacy.Denyf("a leave record needs a staff member")
		}
		for _, p := range people {
			st, err := c.Staff.Query().Where(staff.ID(p)).Select(staff.FieldDepartmentID).Only(System(ctx))
			if err != nil {
				return err
			}
			in, err := Under(ctx, c, st.DepartmentID, v.DepartmentID)
			if err != nil {
				return err
			}
			if !in {
				return privacy.Denyf("a leader records the leave of their own subtree's staff only")
			}
		}
		return privacy.Allow
	})
}

func allowIf(ok bool, err error) error {
	switch {
	case err != nil:
		return err
	case ok:
		return privacy.Allow
	}
	return privacy.Skip
}

// FilterStaffLeaves: ADMIN reads every absence; a LEADER those of their
// subtree's staff and their own; STAFF and FRONTLINE their own.
func FilterStaffLeaves() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		own := entql.FieldEQ("staff_id", v.StaffID)
		if v.Role == auth.RoleLeader {
			f.Where(entql.Or(own, entql.HasEdgeWith("staff", inSubtree(v, "department_id"))))
		} else {
			f.Where(own)
		}
		return true
	})
}
