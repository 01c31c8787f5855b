package auth

import (
	"errors"
	"fmt"
	"slices"
)

// API token scopes (DESIGN.md "Access"). A scope only narrows what the owner's
// role already may do; the privacy rules still apply on top of it.
const (
	ScopeReadOrg       = "read:org"       // departments, staff, responsibility list
	ScopeReadTasks     = "read:tasks"     // tasks, assignments, events
	ScopeWriteTasks    = "write:tasks"    // create/assign/accept/transfer/update tasks, log hours
	ScopeReadRatings   = "read:ratings"   // ratings, rectifications
	ScopeWriteRatings  = "write:ratings"  // submit ratings, answer/judge rectifications, appeals
	ScopeReadAnalytics = "read:analytics" // workload, imbalance, buck passing, … and the cockpit
	ScopeReadAppraisal = "read:appraisal" // appraisal periods, schemes, results
)

// AllScopes lists every scope in a stable order (for docs and the SPA).
var AllScopes = []string{
	ScopeReadOrg, ScopeReadTasks, ScopeWriteTasks,
	ScopeReadRatings, ScopeWriteRatings, ScopeReadAnalytics, ScopeReadAppraisal,
}

// ErrInvalidScope is wrapped by ValidateScopes; callers map it to
// BAD_USER_INPUT on the scopes field.
var ErrInvalidScope = errors.New("auth: invalid scope")

// AllowedScopes is what an account of the role may grant an API token, read
// from DESIGN.md "Access":
//   - ADMIN and LEADER: everything (LEADER within their subtree, enforced by
//     the privacy rules, not by the scope).
//   - STAFF: no read:analytics — the metrics compare people and departments,
//     which is leaders' work; staff see their own and their department's
//     tasks. write:ratings stays because staff answer bad ratings with a
//     rectification, read:appraisal because they read their own results.
//   - FRONTLINE: org (the responsibility list), tasks (to follow their own
//     requests), ratings read and write (rate, judge rectifications). No
//     write:tasks (they do not manage agency work), no analytics, no appraisal.
//
// The returned slice is a fresh copy.
func AllowedScopes(role Role) []string {
	switch role {
	case RoleAdmin, RoleLeader:
		return slices.Clone(AllScopes)
	case RoleStaff:
		return []string{ScopeReadOrg, ScopeReadTasks, ScopeWriteTasks,
			ScopeReadRatings, ScopeWriteRatings, ScopeReadAppraisal}
	case RoleFrontline:
		return []string{ScopeReadOrg, ScopeReadTasks, ScopeReadRatings, ScopeWriteRatings}
	}
	return nil
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
