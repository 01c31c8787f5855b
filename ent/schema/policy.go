package schema

import (
	"entgo.io/ent"

	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/auth"
)

// The policies of DESIGN.md "Access". Every entity ends in a deny: what a
// rule does not allow is refused. Writes by non-admins are allowed by the
// domain operations' own rules as they are added; system work (seeding,
// login, audit) runs with a privacy.Allow decision context.

// orgReadable: organisation data every logged-in role reads; only ADMIN writes.
func orgReadable() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.RequireScope(auth.ScopeReadOrg),
			rule.AllowIfAuthenticated(),
			privacy.AlwaysDenyRule(),
		},
		Mutation: adminWrites(),
	}
}

// filtered: reads narrowed by a filter rule under a scope; only ADMIN writes
// unless a domain rule allows it.
func filtered(scope string, f privacy.QueryRule, writeScope string, writes ...privacy.MutationRule) ent.Policy {
	m := privacy.MutationPolicy{rule.DenyIfAnonymous()}
	if writeScope != "" {
		m = append(m, rule.RequireWriteScope(writeScope))
	}
	m = append(m, rule.AllowIfAdmin())
	m = append(m, writes...)
	m = append(m, privacy.AlwaysDenyRule())
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfAnonymous(), rule.RequireScope(scope), f, privacy.AlwaysDenyRule()},
		Mutation: m,
	}
}

func adminWrites() privacy.MutationPolicy {
	return privacy.MutationPolicy{rule.AllowIfAdmin(), privacy.AlwaysDenyRule()}
}

// systemOnly: secrets and sessions, never read or written on a viewer's behalf.
func systemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

func (Department) Policy() ent.Policy         { return orgReadable() }
func (Staff) Policy() ent.Policy              { return orgReadable() }
func (ResponsibilityItem) Policy() ent.Policy { return orgReadable() }
func (WorkCalendar) Policy() ent.Policy       { return orgReadable() }
func (RefreshToken) Policy() ent.Policy       { return systemOnly() }
func (Setting) Policy() ent.Policy            { return systemOnly() }

func (Account) Policy() ent.Policy {
	return filtered(auth.ScopeReadOrg, rule.FilterOwnAccount(), "")
}

func (ApiToken) Policy() ent.Policy {
	return filtered(auth.ScopeReadOrg, rule.FilterOwnTokens(), "", rule.AllowOwnTokenWrites())
}

// Task writes: see ent/rule/tasks.go (and docs/ACCESS.md "Task operations").
func (Task) Policy() ent.Policy {
	return withWrites(filtered(auth.ScopeReadTasks, rule.FilterTasks(), ""), rule.TaskMutationPolicy())
}

func (TaskAssignment) Policy() ent.Policy {
	return withWrites(filtered(auth.ScopeReadTasks, rule.FilterTaskChildren(false), ""), rule.TaskAssignmentMutationPolicy())
}

func (TaskEvent) Policy() ent.Policy {
	return withWrites(filtered(auth.ScopeReadTasks, rule.FilterTaskChildren(true), ""), rule.TaskEventMutationPolicy())
}

// withWrites replaces a policy's mutation rules.
func withWrites(p ent.Policy, m privacy.MutationPolicy) ent.Policy {
	pp := p.(privacy.Policy)
	pp.Mutation = m
	return pp
}

func (Rating) Policy() ent.Policy {
	return filtered(auth.ScopeReadRatings, rule.FilterRatings(), auth.ScopeWriteRatings, rule.AllowRatingWrites())
}

func (Rectification) Policy() ent.Policy {
	return filtered(auth.ScopeReadRatings, rule.FilterRectifications(), auth.ScopeWriteRatings, rule.AllowRectificationWrites())
}

func (ServiceVisit) Policy() ent.Policy {
	return filtered(auth.ScopeReadOrg, rule.FilterVisits(), "", rule.AllowVisitWrites())
}

func (Complaint) Policy() ent.Policy {
	return filtered(auth.ScopeReadOrg, rule.FilterComplaints(), "", rule.AllowComplaintWrites())
}

func (Accountability) Policy() ent.Policy {
	return filtered(auth.ScopeReadOrg, rule.FilterAccountabilities(), "", rule.AllowAccountabilityWrites())
}

// AuditLog: only ADMIN reads the audit trail; rows are written by the system.
func (AuditLog) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowIfAdmin(), privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}
