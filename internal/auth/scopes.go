package auth

import (
	"errors"
	"fmt"
	"slices"
)

// API token scopes (docs/ACCESS.md "Credentials"). A scope only narrows what
// the owner's role already may do; the privacy rules still apply on top of
// it. Every mutation declares the one scope it needs (the @scope directive in
// graph/*.graphqls); every entity's write policy names the scopes that may
// change it (ent/schema/policy.go).
const (
	ScopeReadOrg         = "read:org"         // departments, staff, responsibility list, work calendar, visits, complaints
	ScopeWriteOrg        = "write:org"        // the work calendar (and, as they come, the organisation's own data)
	ScopeReadTasks       = "read:tasks"       // tasks, assignments, events
	ScopeWriteTasks      = "write:tasks"      // create/assign/accept/transfer/update tasks, log hours; a unit's requests
	ScopeReadRatings     = "read:ratings"     // ratings, rectifications
	ScopeWriteRatings    = "write:ratings"    // submit ratings, answer/judge rectifications, appeals
	ScopeWriteVisits     = "write:visits"     // record and confirm service visits
	ScopeWriteComplaints = "write:complaints" // handle efficiency complaints
	ScopeReadAnalytics   = "read:analytics"   // workload, imbalance, buck passing, … and the cockpit
	ScopeReadAudit       = "read:audit"       // the audit trail (ADMIN)
)

// AllScopes lists every scope in a stable order (for docs and the SPA). A
// scope is listed only once something checks it.
var AllScopes = []string{
	ScopeReadOrg, ScopeWriteOrg, ScopeReadTasks, ScopeWriteTasks,
	ScopeReadRatings, ScopeWriteRatings, ScopeWriteVisits, ScopeWriteComplaints, ScopeReadAnalytics, ScopeReadAudit,
}

// ErrInvalidScope is wrapped by ValidateScopes; callers map it to
// BAD_USER_INPUT on the scopes field.
var ErrInvalidScope = errors.New("auth: invalid scope")

// AllowedScopes is what an account of the role may grant an API token: the
// scopes whose operations the role may perform at all, so that a token never
// promises more than its owner can do.
//   - ADMIN: everything but write:visits (a visit is recorded by the visitor
//     and confirmed by the visited unit, never by the administrator).
//   - LEADER: everything but read:audit (the trail is the administrator's),
//     within their subtree (enforced by the privacy rules): write:org
//     maintains their subtree's staff and departments.
//   - STAFF: no analytics (the metrics compare people and departments, which
//     is leaders' work), no complaints handling.
//   - FRONTLINE: the responsibility list, their own unit's requests (write:tasks
//     files them), ratings read and write (rate, judge rectifications), and
//     confirming the visits their unit received.
//
// The returned slice is a fresh copy.
func AllowedScopes(role Role) []string {
	switch role {
	case RoleAdmin:
		return without(AllScopes, ScopeWriteVisits)
	case RoleLeader:
		return without(AllScopes, ScopeReadAudit)
	case RoleStaff, RoleFrontline:
		return without(AllScopes, ScopeWriteOrg, ScopeReadAudit, ScopeWriteComplaints, ScopeReadAnalytics)
	}
	return nil
}

func without(all []string, drop ...string) []string {
	return slices.DeleteFunc(slices.Clone(all), func(s string) bool { return slices.Contains(drop, s) })
}

// ValidateScopes checks a token request: at least one scope, every scope
// known, none beyond the role.
func ValidateScopes(role Role, requested []string) error {
	if !role.Valid() {
		return fmt.Errorf("%w: unknown role %q", ErrInvalidScope, role)
	}
	if len(requested) == 0 {
		return fmt.Errorf("%w: at least one scope is required", ErrInvalidScope)
	}
	allowed := AllowedScopes(role)
	for _, s := range requested {
		if !slices.Contains(AllScopes, s) {
			return fmt.Errorf("%w: unknown scope %q", ErrInvalidScope, s)
		}
		if !slices.Contains(allowed, s) {
			return fmt.Errorf("%w: role %s may not grant %q", ErrInvalidScope, role, s)
		}
	}
	return nil
}
