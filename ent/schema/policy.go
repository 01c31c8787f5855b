package schema

import (
	"entgo.io/ent"

	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/auth"
)

// The access policies (docs/ACCESS.md). Every policy ends in a deny: what a
// rule does not allow is refused. System work (seeding, login, audit rows,
// rollups) runs with a privacy.Allow decision context.
//
// Reads: anonymous callers refused, then the token's read scope — or the
// entity's write scope: a token that may change a row may read it — then a
// filter narrowing the rows to what the viewer's role may see.
//
// Writes have one shape (writes): anonymous callers refused; then the
// credential — an API token must hold the entity's write scope, or is
// refused outright where only a login session may write; only then any
// role's allowance (ADMIN, the entity's own rules). The credential comes
// first so that no role's blanket rights carry a token past its scopes.
// docs/ACCESS.md "Writes in the data layer" lists each entity's credential;
// TestWritePoliciesPutTheCredentialFirst checks every entity against it.

// writes is the write policy: credential first, then the allowances, then deny.
func writes(credential privacy.MutationRule, allow ...privacy.MutationRule) privacy.MutationPolicy {
	p := privacy.MutationPolicy{rule.DenyIfAnonymous(), credential}
	p = append(p, allow...)
	return append(p, privacy.AlwaysDenyRule())
}

// reads is the read policy: one of the token's scopes, then the role's filter.
func reads(filter privacy.QueryRule, scopes ...string) privacy.QueryPolicy {
	return privacy.QueryPolicy{rule.DenyIfAnonymous(), rule.RequireScope(scopes...), filter, privacy.AlwaysDenyRule()}
}

// orgData: organisation data every logged-in role reads; ADMIN writes it
// with write:org.
func orgData() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.AllowIfAuthenticated(), auth.ScopeReadOrg, auth.ScopeWriteOrg),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteOrg), rule.AllowIfAdmin()),
	}
}

// systemOnly: secrets, sessions and derived tables, never read or written
// on a viewer's behalf.
func systemOnly() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

func (ResponsibilityItem) Policy() ent.Policy { return responsibilityList() }
func (WorkCalendar) Policy() ent.Policy       { return orgData() }
func (RefreshToken) Policy() ent.Policy       { return systemOnly() }
func (Setting) Policy() ent.Policy            { return systemOnly() }

// responsibilityList: organisation data; a LEADER also maintains the items
// their subtree is responsible for (ent/rule/responsibility.go).
func responsibilityList() ent.Policy {
	return privacy.Policy{
		Query: reads(rule.AllowIfAuthenticated(), auth.ScopeReadOrg, auth.ScopeWriteOrg),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteOrg), rule.AllowIfAdmin(),
			rule.AllowResponsibilityItemWrites()),
	}
}

// SynonymGroup: the shared synonym groups of 找谁办 are the administrator's.
func (SynonymGroup) Policy() ent.Policy { return orgData() }

// Department and Staff: organisation data every role reads; ADMIN changes
// it, a LEADER their subtree's (ent/rule/org.go), both with write:org.
func (Department) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.AllowIfAuthenticated(), auth.ScopeReadOrg, auth.ScopeWriteOrg),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteOrg), rule.AllowIfAdmin(), rule.AllowLeaderDepartmentWrites()),
	}
}

func (Staff) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.AllowIfAuthenticated(), auth.ScopeReadOrg, auth.ScopeWriteOrg),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteOrg), rule.AllowIfAdmin(), rule.AllowLeaderStaffWrites()),
	}
}

// StaffLeave: a person's absences, read by ADMIN, the leaders of their
// department and themselves; recorded by ADMIN and those leaders.
func (StaffLeave) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterStaffLeaves(), auth.ScopeReadOrg, auth.ScopeWriteOrg),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteOrg), rule.AllowIfAdmin(), rule.AllowLeaderLeaveWrites()),
	}
}

// Account: everyone reads their own account (ADMIN all); only ADMIN changes
// accounts, from a login session.
func (Account) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterOwnAccount(), auth.ScopeReadOrg),
		Mutation: writes(rule.RequireSession(), rule.AllowIfAdmin()),
	}
}

// ApiToken: tokens are listed, created and revoked from a login session
// only (ADMIN may revoke anyone's).
func (ApiToken) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfAnonymous(), rule.RequireSession(), rule.FilterOwnTokens(), privacy.AlwaysDenyRule()},
		Mutation: writes(rule.RequireSession(), rule.AllowIfAdmin(), rule.AllowOwnTokenWrites()),
	}
}

// Task writes: see ent/rule/tasks.go (and docs/ACCESS.md "Task operations").
func (Task) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterTasks(), auth.ScopeReadTasks, auth.ScopeWriteTasks),
		Mutation: writes(rule.RequireTaskWriteScope(), rule.AllowIfAdmin(), rule.AllowTaskWrites()),
	}
}

func (TaskAssignment) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterTaskChildren(false), auth.ScopeReadTasks, auth.ScopeWriteTasks),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteTasks), rule.AllowIfAdmin(), rule.AllowTaskAssignmentWrites()),
	}
}

func (TaskEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterTaskChildren(true), auth.ScopeReadTasks, auth.ScopeWriteTasks),
		Mutation: writes(rule.RequireTaskWriteScope(), rule.AllowIfAdmin(), rule.AllowTaskEventWrites()),
	}
}

func (Rating) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterRatings(), auth.ScopeReadRatings, auth.ScopeWriteRatings),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteRatings), rule.AllowIfAdmin(), rule.AllowRatingWrites()),
	}
}

func (Rectification) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterRectifications(), auth.ScopeReadRatings, auth.ScopeWriteRatings),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteRatings), rule.AllowIfAdmin(), rule.AllowRectificationWrites()),
	}
}

func (ServiceVisit) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterVisits(), auth.ScopeReadOrg, auth.ScopeWriteVisits),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteVisits), rule.AllowIfAdmin(), rule.AllowVisitWrites()),
	}
}

func (Complaint) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterComplaints(), auth.ScopeReadOrg, auth.ScopeWriteComplaints),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteComplaints), rule.AllowIfAdmin(), rule.AllowComplaintWrites()),
	}
}

func (Accountability) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterAccountabilities(), auth.ScopeReadOrg, auth.ScopeWriteComplaints),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteComplaints), rule.AllowIfAdmin(), rule.AllowAccountabilityWrites()),
	}
}

// AuditLog: only ADMIN reads the audit trail (a token needs read:audit);
// rows are written by the system.
func (AuditLog) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterAdminOnly(), auth.ScopeReadAudit),
		Mutation: privacy.MutationPolicy{privacy.AlwaysDenyRule()},
	}
}

// ImportBatch: an uploaded file between its check and its apply; its
// uploader reads and applies it (ADMIN reads all), with write:org.
func (ImportBatch) Policy() ent.Policy {
	return privacy.Policy{
		Query:    reads(rule.FilterOwnImportBatches(), auth.ScopeWriteOrg),
		Mutation: writes(rule.RequireWriteScope(auth.ScopeWriteOrg), rule.AllowIfAdmin(), rule.AllowOwnImportBatchWrites()),
	}
}
