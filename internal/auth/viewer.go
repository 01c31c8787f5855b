package auth

import (
	"context"
	"slices"
	"sync"
)

// Role of an account; the values are the GraphQL enum values.
type Role string

const (
	RoleAdmin     Role = "ADMIN"
	RoleLeader    Role = "LEADER"
	RoleStaff     Role = "STAFF"
	RoleFrontline Role = "FRONTLINE"
)

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleLeader, RoleStaff, RoleFrontline:
		return true
	}
	return false
}

// Viewer is the authenticated caller. The privacy rules read it from the
// context; the server builds it once per request (Middleware).
type Viewer struct {
	AccountID    int
	Role         Role
	StaffID      int   // 0 if the account has no staff
	DepartmentID int   // the staff's department, 0 if none
	Subtree      []int // departments the viewer may read: DepartmentID and all descendants (LEADER/STAFF); nil for ADMIN (all)
	// AllDepartments is set when the viewer's subtree is the whole agency
	// (ADMIN, or a LEADER/STAFF of the root department): no filtering needed.
	AllDepartments bool
	// Scopes is nil for a logged-in session (full role rights) and non-nil for
	// an API token: the token's scopes, already within the role (ValidateScopes).
	Scopes  []string
	TokenID int // the API token's id when authenticated by API token, else 0
	// SessionVersion is the account's session version the credential was
	// checked against: a write that must not outlive a password reset
	// (minting an API token) confirms it in its own transaction.
	SessionVersion int
	// MustChangePassword: the account's password was set by an
	// administrator; until it is changed the viewer may only change it,
	// read `viewer` and log out (graph.checkCredential).
	MustChangePassword bool
}

type viewerKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// FromContext returns the viewer, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Viewer {
	if v, ok := ctx.Value(viewerKey{}).(*Viewer); ok {
		return v
	}
	if s, ok := ctx.Value(slotKey{}).(*slot); ok {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.v
	}
	return nil
}

// A slot lets an anonymous request become authenticated half-way: after
// `login` succeeds, the rest of the response (the payload's viewer and its
// nested fields) is read as the new viewer.
type slotKey struct{}

type slot struct {
	mu sync.Mutex
	v  *Viewer
}

// WithLoginSlot prepares ctx of an anonymous request for SignedIn.
func WithLoginSlot(ctx context.Context) context.Context {
	if FromContext(ctx) != nil {
		return ctx
	}
	return context.WithValue(ctx, slotKey{}, &slot{})
}

// SignedIn makes v the viewer of the rest of the request prepared with WithLoginSlot.
func SignedIn(ctx context.Context, v *Viewer) {
	if s, ok := ctx.Value(slotKey{}).(*slot); ok {
		s.mu.Lock()
		s.v = v
		s.mu.Unlock()
	}
}

// HasScope reports whether the viewer's credentials allow scope. A session
// (Scopes nil) has every scope; whether the role allows the action itself is
// the privacy rules' business. A nil viewer has none.
func (v *Viewer) HasScope(scope string) bool {
	if v == nil {
		return false
	}
	return v.Scopes == nil || slices.Contains(v.Scopes, scope)
}

// InSubtree reports whether the viewer may read data of department deptID:
// ADMIN always, others when it lies in their subtree.
func (v *Viewer) InSubtree(deptID int) bool {
	if v == nil {
		return false
	}
	return v.Role == RoleAdmin || v.AllDepartments || slices.Contains(v.Subtree, deptID)
}

// IsAdmin is a nil-safe shorthand for the many ADMIN checks.
func (v *Viewer) IsAdmin() bool { return v != nil && v.Role == RoleAdmin }
