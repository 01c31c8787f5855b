// Package rule holds the ent privacy rules of DESIGN.md "Access": who may
// read and change which rows. Reads are narrowed with filters (a LEADER sees
// their department subtree, a FRONTLINE user their own unit's rows), so the
// same rules hold for every query, eager-loaded edges included.
//
// System work (migrations, seeding, login, audit writes) runs with
// privacy.DecisionContext(ctx, privacy.Allow) and skips these rules.
package rule

import (
	"context"
	"strings"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/entql"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskassignment"
	"xiaoneng/internal/auth"
)

// DenyIfAnonymous refuses every operation without an authenticated viewer.
func DenyIfAnonymous() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if auth.FromContext(ctx) == nil {
			return privacy.Denyf("authentication required")
		}
		return privacy.Skip
	})
}

// The credential rules. Every policy puts them first, before any role is
// allowed anything (ent/schema/policy.go), so that no role's blanket rights
// carry an API token past its scopes. A login session (Viewer.Scopes nil)
// holds every scope; its role is judged by the rules after these.

// RequireScope refuses reads by an API token that holds none of scopes.
func RequireScope(scopes ...string) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error { return holdsOneOf(ctx, scopes) })
}

// RequireWriteScope refuses changes by an API token that holds none of scopes.
func RequireWriteScope(scopes ...string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, _ ent.Mutation) error { return holdsOneOf(ctx, scopes) })
}

// holdsOneOf skips to the next rule when the viewer's credential holds one
// of scopes (a login session holds all) and denies otherwise.
func holdsOneOf(ctx context.Context, scopes []string) error {
	v := auth.FromContext(ctx)
	for _, s := range scopes {
		if v.HasScope(s) {
			return privacy.Skip
		}
	}
	return privacy.Denyf("token lacks scope %s", strings.Join(scopes, " or "))
}

// RequireSession refuses API tokens altogether: accounts, passwords and API
// tokens themselves are managed from an interactive login session only, so
// a leaked token can never mint another one or take over an account.
func RequireSession() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if v := auth.FromContext(ctx); v != nil && v.TokenID != 0 {
			return privacy.Denyf("only from a login session, not with an API token")
		}
		return privacy.Skip
	})
}

// AllowIfAdmin allows ADMIN everything (reads and writes).
func AllowIfAdmin() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if auth.FromContext(ctx).IsAdmin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// AllowIfAuthenticated allows any logged-in viewer (organisation data that
// every role needs: departments, the staff directory, the responsibility list).
func AllowIfAuthenticated() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		if auth.FromContext(ctx) != nil {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// AllowRoles allows the given roles (after the filters above have narrowed
// the rows).
func AllowRoles(roles ...auth.Role) privacy.QueryRule {
	return privacy.QueryRuleFunc(func(ctx context.Context, _ ent.Query) error {
		v := auth.FromContext(ctx)
		for _, r := range roles {
			if v != nil && v.Role == r {
				return privacy.Allow
			}
		}
		return privacy.Skip
	})
}

// filter applies fn to the query's filter for the current viewer and allows
// the query; fn returning false denies it.
func filter(fn func(v *auth.Viewer, f privacy.Filter) bool) privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := auth.FromContext(ctx)
		if v == nil {
			return privacy.Denyf("authentication required")
		}
		if v.IsAdmin() {
			return privacy.Allow
		}
		if !fn(v, f) {
			return privacy.Denyf("role %s may not read this", v.Role)
		}
		return privacy.Allow
	})
}

func ids(xs []int) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// inSubtree is the predicate "column holds a department of the viewer's subtree".
func inSubtree(v *auth.Viewer, column string) entql.P {
	if v.AllDepartments {
		return entql.FieldNotNil("id")
	}
	if len(v.Subtree) == 0 {
		return entql.FieldEQ("id", -1)
	}
	return entql.FieldIn(column, ids(v.Subtree)...)
}

func agency(v *auth.Viewer) bool { return v.Role == auth.RoleLeader || v.Role == auth.RoleStaff }

// taskVisible is the predicate "the viewer may see this task": LEADER and
// STAFF see tasks led by, co-handled by or requested by a department of
// their subtree, and tasks they are assigned to; FRONTLINE sees its unit's
// requests (and the rectifications of its ratings, which are filed the same way).
func taskVisible(v *auth.Viewer) entql.P {
	if agency(v) {
		if v.AllDepartments {
			return entql.FieldNotNil("id")
		}
		return entql.Or(
			inSubtree(v, "lead_department_id"),
			inSubtree(v, "requesting_unit_id"),
			entql.HasEdgeWith("co_departments", inSubtree(v, "id")),
			entql.HasEdgeWith("assignments", entql.FieldEQ("staff_id", v.StaffID)),
		)
	}
	if v.Role == auth.RoleFrontline && v.DepartmentID != 0 {
		return entql.FieldEQ("requesting_unit_id", v.DepartmentID)
	}
	return entql.FieldEQ("id", -1)
}

// seesAllTasks: an agency viewer whose subtree is the whole agency (the
// root's leader or staff) sees every task; their reads need no predicate,
// which keeps the task pages' SQL as plain as an administrator's.
func seesAllTasks(v *auth.Viewer) bool { return agency(v) && v.AllDepartments }

// SeesEveryTask reports whether the task rule lets every task through for v
// (ADMIN, or a LEADER or STAFF of the root department): then the count of
// all tasks is the count of theirs.
func SeesEveryTask(v *auth.Viewer) bool { return v != nil && (v.IsAdmin() || seesAllTasks(v)) }

// FilterTasks narrows task reads to the tasks the viewer may see. For
// LEADER and STAFF the rule of taskVisible is written as "id in the union
// of the four lists" (visibleTaskIDs), which the database reads from four
// indexes; the same rule as one OR over the table made it scan every task
// to count a staff member's (340 ms at a million tasks, against 32).
func FilterTasks() privacy.QueryRule {
	return privacy.TaskQueryRuleFunc(func(ctx context.Context, q *ent.TaskQuery) error {
		v := auth.FromContext(ctx)
		switch {
		case v == nil:
			return privacy.Denyf("authentication required")
		case SeesEveryTask(v):
		case agency(v):
			q.Where(visibleTaskIDs(v))
		default:
			q.Filter().Where(taskVisible(v))
		}
		return privacy.Allow
	})
}

// visibleTaskIDs is taskVisible for an agency viewer whose subtree is not
// the whole agency: the task's id is among those led by, requested by or
// co-handled by a department of the subtree, or assigned to the viewer.
func visibleTaskIDs(v *auth.Viewer) func(*sql.Selector) {
	return func(s *sql.Selector) {
		var lists []*sql.Selector
		if len(v.Subtree) > 0 {
			in := ids(v.Subtree)
			lists = append(lists,
				sql.Select(task.FieldID).From(sql.Table(task.Table)).Where(sql.In(task.FieldLeadDepartmentID, in...)),
				sql.Select(task.FieldID).From(sql.Table(task.Table)).Where(sql.In(task.FieldRequestingUnitID, in...)),
				sql.Select(task.CoDepartmentsPrimaryKey[0]).From(sql.Table(task.CoDepartmentsTable)).
					Where(sql.In(task.CoDepartmentsPrimaryKey[1], in...)))
		}
		if v.StaffID != 0 {
			lists = append(lists, sql.Select(task.AssignmentsColumn).From(sql.Table(task.AssignmentsTable)).
				Where(sql.EQ(taskassignment.FieldStaffID, v.StaffID)))
		}
		if len(lists) == 0 {
			s.Where(sql.False())
			return
		}
		union := lists[0]
		for _, l := range lists[1:] {
			union = union.Union(l)
		}
		s.Where(sql.In(s.C(task.FieldID), union))
	}
}

// FilterTaskChildren narrows reads of a task's assignments or events to
// those of visible tasks; FRONTLINE never sees staff hours (assignments).
func FilterTaskChildren(frontlineAllowed bool) privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		if v.Role == auth.RoleFrontline && !frontlineAllowed {
			return false
		}
		if !seesAllTasks(v) {
			f.Where(entql.HasEdgeWith("task", taskVisible(v)))
		}
		return true
	})
}

// FilterRatings: agency roles see ratings of their subtree's departments;
// FRONTLINE sees its own unit's ratings.
func FilterRatings() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		switch {
		case agency(v):
			f.Where(inSubtree(v, "target_department_id"))
		case v.Role == auth.RoleFrontline:
			f.Where(entql.FieldEQ("rater_unit_id", v.DepartmentID))
		default:
			return false
		}
		return true
	})
}

// FilterRectifications follows the ratings they belong to.
func FilterRectifications() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		switch {
		case agency(v):
			f.Where(inSubtree(v, "department_id"))
		case v.Role == auth.RoleFrontline:
			f.Where(entql.HasEdgeWith("rating", entql.FieldEQ("rater_unit_id", v.DepartmentID)))
		default:
			return false
		}
		return true
	})
}

// FilterVisits: agency roles see their subtree's visits, a unit the visits it received.
func FilterVisits() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		switch {
		case agency(v):
			f.Where(inSubtree(v, "department_id"))
		case v.Role == auth.RoleFrontline:
			f.Where(entql.FieldEQ("unit_id", v.DepartmentID))
		default:
			return false
		}
		return true
	})
}

// FilterComplaints: complaints are handled by leaders (of the department
// complained about) and admins; the public follows theirs by tracking code.
func FilterComplaints() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		if v.Role != auth.RoleLeader {
			return false
		}
		if !v.AllDepartments {
			f.Where(inSubtree(v, "department_id"))
		}
		return true
	})
}

// FilterAccountabilities follows the complaints they belong to.
func FilterAccountabilities() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		if v.Role != auth.RoleLeader {
			return false
		}
		if !v.AllDepartments {
			f.Where(entql.HasEdgeWith("complaint", inSubtree(v, "department_id")))
		}
		return true
	})
}

// FilterOwnAccount: everyone but ADMIN sees only their own account.
func FilterOwnAccount() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		f.Where(entql.FieldEQ("id", v.AccountID))
		return true
	})
}

// FilterOwnTokens: everyone but ADMIN sees only their own API tokens.
func FilterOwnTokens() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		f.Where(entql.FieldEQ("account_id", v.AccountID))
		return true
	})
}

// FilterAdminOnly lets ADMIN read every row and nobody else any.
func FilterAdminOnly() privacy.QueryRule {
	return filter(func(*auth.Viewer, privacy.Filter) bool { return false })
}

// System is ctx with every privacy rule passed: for the product's own reads
// and writes that no viewer's rights govern (lookups of referenced
// organisation rows, audit rows, rollups, a follow-up the rules already
// allowed). Each caller says why it needs it.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}
