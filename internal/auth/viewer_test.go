package auth

import (
	"context"
	"errors"
	"slices"
	"testing"
)

func TestViewerContext(t *testing.T) {
	ctx := context.Background()
	if FromContext(ctx) != nil {
		t.Error("anonymous context has a viewer")
	}
	v := &Viewer{AccountID: 3, Role: RoleStaff}
	if got := FromContext(NewContext(ctx, v)); got != v {
		t.Errorf("FromContext = %v, want %v", got, v)
	}
}

func TestViewerHasScope(t *testing.T) {
	session := &Viewer{Role: RoleStaff}
	if !session.HasScope(ScopeWriteTasks) {
		t.Error("session (nil scopes) lacks a scope")
	}
	token := &Viewer{Role: RoleStaff, Scopes: []string{ScopeReadTasks}, TokenID: 9}
	if !token.HasScope(ScopeReadTasks) || token.HasScope(ScopeWriteTasks) {
		t.Error("token scopes not honoured")
	}
	empty := &Viewer{Role: RoleAdmin, Scopes: []string{}}
	if empty.HasScope(ScopeReadOrg) {
		t.Error("token with no scopes has one")
	}
	var anon *Viewer
	if anon.HasScope(ScopeReadOrg) {
		t.Error("nil viewer has a scope")
	}
}

func TestViewerInSubtree(t *testing.T) {
	admin := &Viewer{Role: RoleAdmin}
	if !admin.InSubtree(12345) || !admin.IsAdmin() {
		t.Error("admin outside subtree")
	}
	leader := &Viewer{Role: RoleLeader, DepartmentID: 2, Subtree: []int{2, 5, 6}}
	if !leader.InSubtree(2) || !leader.InSubtree(6) || leader.InSubtree(3) || leader.IsAdmin() {
		t.Error("leader subtree wrong")
	}
	var anon *Viewer
	if anon.InSubtree(2) || anon.IsAdmin() {
		t.Error("nil viewer in subtree")
	}
	// A non-admin with no subtree reads no department, rather than all.
	if (&Viewer{Role: RoleFrontline}).InSubtree(0) {
		t.Error("empty subtree contains department 0")
	}
}

func TestAllowedScopes(t *testing.T) {
	// The table of docs/API.md "Scopes", written out: a role grants exactly
	// the scopes of the operations it may perform.
	want := map[Role][]string{
		RoleAdmin: {ScopeReadOrg, ScopeWriteOrg, ScopeReadTasks, ScopeWriteTasks, ScopeReadRatings,
			ScopeWriteRatings, ScopeWriteComplaints, ScopeReadAnalytics, ScopeReadAudit},
		RoleLeader: {ScopeReadOrg, ScopeWriteOrg, ScopeReadTasks, ScopeWriteTasks, ScopeReadRatings, ScopeWriteRatings,
			ScopeWriteVisits, ScopeWriteComplaints, ScopeReadAnalytics},
		RoleStaff: {ScopeReadOrg, ScopeReadTasks, ScopeWriteTasks, ScopeReadRatings, ScopeWriteRatings,
			ScopeWriteVisits},
		RoleFrontline: {ScopeReadOrg, ScopeReadTasks, ScopeWriteTasks, ScopeReadRatings, ScopeWriteRatings,
			ScopeWriteVisits},
	}
	for r, w := range want {
		if got := AllowedScopes(r); !slices.Equal(got, w) {
			t.Errorf("%s: %v, want %v", r, got, w)
		}
	}
	if AllowedScopes("ROOT") != nil {
		t.Error("unknown role has scopes")
	}
	// The result is a copy: changing it must not widen anybody's rights.
	a := AllowedScopes(RoleAdmin)
	a[0] = "x"
	if AllScopes[0] != ScopeReadOrg {
		t.Error("AllowedScopes exposes AllScopes")
	}
}

func TestValidateScopes(t *testing.T) {
	ok := []struct {
		role   Role
		scopes []string
	}{
		{RoleAdmin, []string{ScopeReadOrg, ScopeWriteOrg, ScopeWriteComplaints}},
		{RoleLeader, []string{ScopeReadAnalytics}},
		{RoleStaff, []string{ScopeReadTasks, ScopeWriteTasks}},
		{RoleFrontline, []string{ScopeReadOrg, ScopeWriteRatings}},
	}
	for _, c := range ok {
		if err := ValidateScopes(c.role, c.scopes); err != nil {
			t.Errorf("%s %v: %v", c.role, c.scopes, err)
		}
	}
	bad := []struct {
		role   Role
		scopes []string
	}{
		{RoleAdmin, nil},
		{RoleAdmin, []string{"admin:all"}},
		{RoleStaff, []string{ScopeReadAnalytics}},
		{RoleFrontline, []string{ScopeWriteComplaints}},
		{RoleAdmin, []string{ScopeWriteVisits}},
		{RoleLeader, []string{ScopeReadAudit}},
		{RoleStaff, []string{"read:appraisal"}}, // offered again once appraisal exists
		{RoleFrontline, []string{ScopeReadOrg, ScopeReadAnalytics}},
		{"ROOT", []string{ScopeReadOrg}},
	}
	for _, c := range bad {
		if err := ValidateScopes(c.role, c.scopes); !errors.Is(err, ErrInvalidScope) {
			t.Errorf("%s %v: got %v, want ErrInvalidScope", c.role, c.scopes, err)
		}
	}
}
