// Package session logs accounts in and out, rotates refresh tokens and turns
// a verified credential (JWT or API token) into the viewer the privacy rules
// read.
package session

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/apitoken"
	"xiaoneng/ent/auditlog"
	"xiaoneng/ent/department"
	"xiaoneng/ent/refreshtoken"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/accounts"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// scopeTTL bounds how long a cached department scope may lag behind a
// staff member's move or a change of the department tree. Role, staff link,
// disabled flag and session version are read afresh on every request.
const scopeTTL = 30 * time.Second

// Service issues and checks credentials.
type Service struct {
	Client *ent.Client
	// DB is Client's database: the per-request account read goes through
	// it directly, cheaper than an ent query.
	DB         *sql.DB
	Dialect    string
	Signer     *auth.Signer
	RefreshTTL time.Duration
	Now        func() time.Time
	// Demo is set in demo mode; outside it, accounts the demo seed made
	// (and whose password was never set since) cannot log in.
	Demo bool
	// PublicPassword (the demo password, printed in the README) is refused
	// as anyone's new password.
	PublicPassword string

	logins *loginLimits
	mu     sync.Mutex
	scopes map[scopeKey]cachedScope
}

// scopeKey: a staff member's department scope, with the subtree for the
// roles that read one (LEADER, STAFF).
type scopeKey struct {
	staffID int
	subtree bool
}

type cachedScope struct {
	departmentID   int
	subtree        []int
	allDepartments bool
	expires        time.Time
}

// New returns a service over the store; refresh tokens live for refreshTTL.
func New(st *store.Store, signer *auth.Signer, refreshTTL time.Duration) *Service {
	s := &Service{
		Client: st.Client, DB: st.DB, Dialect: st.Dialect, Signer: signer, RefreshTTL: refreshTTL, Now: time.Now,
		scopes: map[scopeKey]cachedScope{},
	}
	s.logins = newLoginLimits(func() time.Time { return s.Now() })
	return s
}

// Result is a freshly issued credential pair.
type Result struct {
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	Viewer       *auth.Viewer
}

var errBadLogin = apperr.New(apperr.Unauthenticated, "用户名或密码错误 / wrong username or password")

// ErrAccountDisabled is the failure of a credential whose account was
// disabled: an auth.ErrInvalidToken (the request stays anonymous) that the
// API names, so that the disabled user is told why (DisabledError).
var ErrAccountDisabled = fmt.Errorf("%w: account disabled", auth.ErrInvalidToken)

// DisabledError is what a disabled account's login with the right
// password, and every request of its sessions and API tokens, answer.
func DisabledError() error {
	return &apperr.Error{Code: apperr.Unauthenticated, Reason: apperr.ReasonAccountDisabled,
		Message: "账号已停用，请联系管理员 / this account is disabled; ask your administrator"}
}

// Login checks the password and starts a session. Failed attempts are
// limited per name, per client address and per both (limits.go); the
// lengths are checked first, so an over-long name or password costs
// neither a database read nor bcrypt, and the login_failed audit row holds
// at most accounts.MaxLoginBytes of name.
func (s *Service) Login(ctx context.Context, username, password string) (*Result, error) {
	username = strings.TrimSpace(username)
	if err := accounts.CheckLogin("username", username); err != nil {
		return nil, err
	}
	switch {
	case password == "":
		return nil, apperr.BadInput("password", "password is required")
	case len(password) > accounts.MaxPasswordBytes:
		// bcrypt would ignore the bytes past 72, so no password is longer.
		return nil, apperr.BadInput("password", "密码最长 %d 字节 / password must be at most %d bytes", accounts.MaxPasswordBytes, accounts.MaxPasswordBytes)
	}
	sctx := rule.System(ctx)
	addr := audit.ClientAddr(ctx)
	try, err := s.logins.begin(strings.ToLower(username), addr, func() (bool, error) {
		return s.loggedInFrom(sctx, username, addr)
	})
	if err != nil {
		return nil, err
	}
	acc, err := s.Client.Account.Query().Where(account.Login(username)).Only(sctx)
	if err != nil && !ent.IsNotFound(err) {
		try.done(false)
		return nil, err
	}
	hash := ""
	if acc != nil {
		hash = acc.PasswordHash
	}
	// CheckPassword runs bcrypt even for unknown names so timing reveals nothing.
	if !auth.CheckPassword(hash, password) || acc == nil || (!s.usable(acc) && !acc.Disabled) {
		try.done(true)
		_ = audit.Record(ctx, s.Client, "login_failed", "account", 0, map[string]string{"username": username})
		return nil, errBadLogin
	}
	try.done(false)
	if acc.Disabled {
		// Only the right password learns that the account is disabled; a
		// wrong one is told nothing more than for any other name.
		_ = audit.Record(ctx, s.Client, "login_refused", "account", acc.ID, map[string]string{"reason": "disabled"})
		return nil, DisabledError()
	}
	v, err := s.viewerOf(sctx, acc)
	if err != nil {
		return nil, err
	}
	var res *Result
	err = s.withTx(sctx, func(tx *ent.Client) error {
		var err error
		res, err = s.issue(sctx, tx, acc, v, "")
		if err != nil {
			return err
		}
		if err := tx.Account.UpdateOneID(acc.ID).SetLastLoginAt(s.Now()).Exec(sctx); err != nil {
			return err
		}
		return audit.Record(auth.NewContext(ctx, res.Viewer), tx, "login", "account", acc.ID, nil)
	})
	return res, err
}

// loggedInFrom reports whether the account named login logged in from addr
// within KnownAddressFor (its login audit rows), on any replica.
func (s *Service) loggedInFrom(ctx context.Context, login, addr string) (bool, error) {
	if addr == "" {
		return false, nil
	}
	id, err := s.Client.Account.Query().Where(account.Login(login)).OnlyID(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return s.Client.AuditLog.Query().Where(
		auditlog.Entity("account"), auditlog.EntityID(id), auditlog.Action("login"),
		auditlog.ClientAddr(addr), auditlog.AtGT(s.Now().Add(-KnownAddressFor)),
	).Exist(ctx)
}

// usable reports whether the account may hold a session: not disabled, and
// not a demo account outside demo mode.
func (s *Service) usable(acc *ent.Account) bool {
	return !acc.Disabled && (s.Demo || !acc.Demo)
}

// Refresh rotates a refresh token: the old one stops working and a new pair
// is issued. Presenting a token that was already rotated means it leaked,
// so the whole session family is revoked.
func (s *Service) Refresh(ctx context.Context, plain string) (*Result, error) {
	sctx := rule.System(ctx)
	bad := apperr.New(apperr.Unauthenticated, "refresh token invalid or expired")
	if !strings.HasPrefix(plain, auth.RefreshTokenPrefix) {
		return nil, bad
	}
	var res *Result
	var reused bool
	err := s.withTx(sctx, func(tx *ent.Client) error {
		rt, err := tx.RefreshToken.Query().
			Where(refreshtoken.TokenHash(auth.HashOpaqueToken(plain))).
			WithAccount().Only(sctx)
		if ent.IsNotFound(err) {
			return bad
		}
		if err != nil {
			return err
		}
		if rt.RevokedAt != nil {
			reused = true
			return nil
		}
		acc := rt.Edges.Account
		// A token issued before the account's session version moved
		// (password, role, staff, disabled) is over, even if a concurrent
		// revocation missed it.
		if !s.Now().Before(rt.ExpiresAt) || !s.usable(acc) || rt.SessionVersion != acc.SessionVersion {
			return bad
		}
		if err := tx.RefreshToken.UpdateOne(rt).SetRevokedAt(s.Now()).Exec(sctx); err != nil {
			return err
		}
		v, err := s.viewerOf(sctx, acc)
		if err != nil {
			return err
		}
		res, err = s.issue(sctx, tx, acc, v, rt.Family)
		return err
	})
	if err != nil {
		return nil, err
	}
	if reused {
		s.revokeFamilyOf(sctx, plain)
		return nil, bad
	}
	return res, nil
}

// Logout revokes the session the refresh token belongs to.
func (s *Service) Logout(ctx context.Context, plain string) error {
	if !s.revokeFamilyOf(rule.System(ctx), plain) {
		return apperr.New(apperr.Unauthenticated, "refresh token invalid")
	}
	return audit.Record(ctx, s.Client, "logout", "account", 0, nil)
}

func (s *Service) revokeFamilyOf(ctx context.Context, plain string) bool {
	rt, err := s.Client.RefreshToken.Query().
		Where(refreshtoken.TokenHash(auth.HashOpaqueToken(plain))).Only(ctx)
	if err != nil {
		return false
	}
	_, err = s.Client.RefreshToken.Update().
		Where(refreshtoken.Family(rt.Family), refreshtoken.RevokedAtIsNil()).
		SetRevokedAt(s.Now()).Save(ctx)
	return err == nil
}

// issue signs an access token for acc (whose viewer is v) and stores a new
// refresh token of family (a new family when empty), both at the account's
// session version.
func (s *Service) issue(ctx context.Context, tx *ent.Client, acc *ent.Account, v *auth.Viewer, family string) (*Result, error) {
	access, exp, err := s.Signer.Issue(acc.ID, string(acc.Role), acc.SessionVersion)
	if err != nil {
		return nil, err
	}
	plain, hash, err := auth.NewOpaqueToken(auth.RefreshTokenPrefix)
	if err != nil {
		return nil, err
	}
	if family == "" {
		_, family, err = auth.NewOpaqueToken("f_")
		if err != nil {
			return nil, err
		}
	}
	err = tx.RefreshToken.Create().
		SetTokenHash(hash).SetFamily(family).SetAccountID(acc.ID).
		SetSessionVersion(acc.SessionVersion).
		SetExpiresAt(s.Now().Add(s.RefreshTTL)).Exec(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{AccessToken: access, RefreshToken: plain, ExpiresAt: exp, Viewer: v}, nil
}

// ViewerForClaims resolves a verified access token to its viewer. The
// account row is read on every request (one primary-key read), so a token
// issued before the account's session version moved, or to an account
// since disabled or given another role, stops working at once on every
// replica.
func (s *Service) ViewerForClaims(ctx context.Context, c *auth.Claims) (*auth.Viewer, error) {
	acc, err := s.account(ctx, c.AccountID)
	if err != nil {
		return nil, err
	}
	if acc.SessionVersion != c.SessionVersion || string(acc.Role) != c.Role {
		return nil, fmt.Errorf("%w: session ended", auth.ErrInvalidToken)
	}
	return s.viewerOf(rule.System(ctx), acc)
}

// ViewerForAPIToken resolves an API token to a viewer restricted to the
// token's scopes (which never exceed the owner's role).
func (s *Service) ViewerForAPIToken(ctx context.Context, plain string) (*auth.Viewer, error) {
	sctx := rule.System(ctx)
	tok, err := s.Client.ApiToken.Query().
		Where(apitoken.TokenHash(auth.HashOpaqueToken(plain)), apitoken.RevokedAtIsNil()).
		Only(sctx)
	if ent.IsNotFound(err) {
		return nil, auth.ErrInvalidToken
	}
	if err != nil {
		return nil, err
	}
	if tok.ExpiresAt != nil && !s.Now().Before(*tok.ExpiresAt) {
		return nil, auth.ErrInvalidToken
	}
	base, err := s.Viewer(ctx, tok.AccountID)
	if err != nil {
		return nil, err
	}
	v := *base
	v.Scopes = nil
	allowed := auth.AllowedScopes(base.Role)
	for _, sc := range tok.Scopes {
		for _, a := range allowed {
			if sc == a {
				v.Scopes = append(v.Scopes, sc)
			}
		}
	}
	if v.Scopes == nil {
		v.Scopes = []string{}
	}
	v.TokenID = tok.ID
	// Last use is informational; a failure here must not fail the request.
	if tok.LastUsedAt == nil || s.Now().Sub(*tok.LastUsedAt) > time.Minute {
		_ = s.Client.ApiToken.UpdateOneID(tok.ID).SetLastUsedAt(s.Now()).Exec(sctx)
	}
	return &v, nil
}

// Viewer returns the viewer of a usable account (ErrInvalidToken for one
// that is missing, disabled or a demo account outside demo mode).
func (s *Service) Viewer(ctx context.Context, accountID int) (*auth.Viewer, error) {
	acc, err := s.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return s.viewerOf(rule.System(ctx), acc)
}

const accountSQL = `SELECT role, staff_id, disabled, session_version, demo, must_change_password FROM accounts WHERE id = `

// account reads what a request's viewer depends on (never the password
// hash) by primary key.
func (s *Service) account(ctx context.Context, id int) (*ent.Account, error) {
	q := accountSQL + "?"
	if s.Dialect == dialect.Postgres {
		q = accountSQL + "$1"
	}
	acc := &ent.Account{ID: id}
	var staff sql.NullInt64
	err := s.DB.QueryRowContext(ctx, q, id).Scan(&acc.Role, &staff, &acc.Disabled, &acc.SessionVersion, &acc.Demo, &acc.MustChangePassword)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: account %d not found", auth.ErrInvalidToken, id)
	}
	if err != nil {
		return nil, err
	}
	if staff.Valid {
		sid := int(staff.Int64)
		acc.StaffID = &sid
	}
	if acc.Disabled {
		return nil, fmt.Errorf("account %d: %w", id, ErrAccountDisabled)
	}
	if !s.usable(acc) {
		return nil, fmt.Errorf("%w: account %d is a demo account", auth.ErrInvalidToken, id)
	}
	return acc, nil
}

// viewerOf builds the viewer of acc: role and staff from the row, the
// staff's department and readable subtree from a short cache keyed by the
// staff member (and whether the role reads a subtree), so it can never
// serve another role's or another staff member's scope.
func (s *Service) viewerOf(ctx context.Context, acc *ent.Account) (*auth.Viewer, error) {
	v := &auth.Viewer{AccountID: acc.ID, Role: auth.Role(acc.Role), SessionVersion: acc.SessionVersion,
		MustChangePassword: acc.MustChangePassword}
	if v.Role == auth.RoleAdmin {
		v.AllDepartments = true
	}
	if acc.StaffID == nil {
		return v, nil
	}
	key := scopeKey{staffID: *acc.StaffID, subtree: v.Role == auth.RoleLeader || v.Role == auth.RoleStaff}
	s.mu.Lock()
	sc, ok := s.scopes[key]
	s.mu.Unlock()
	if !ok || !s.Now().Before(sc.expires) {
		var err error
		if sc, err = s.scopeOf(ctx, key); err != nil {
			return nil, fmt.Errorf("staff of account %d: %w", acc.ID, err)
		}
		s.mu.Lock()
		if len(s.scopes) > maxCachedScopes {
			clear(s.scopes)
		}
		s.scopes[key] = sc
		s.mu.Unlock()
	}
	v.StaffID = key.staffID
	v.DepartmentID = sc.departmentID
	if key.subtree {
		v.Subtree, v.AllDepartments = sc.subtree, sc.allDepartments
	}
	return v, nil
}

// maxCachedScopes bounds the cache (an agency has at most tens of
// thousands of staff; each entry is small).
const maxCachedScopes = 50_000

func (s *Service) scopeOf(ctx context.Context, key scopeKey) (cachedScope, error) {
	st, err := s.Client.Staff.Get(ctx, key.staffID)
	if err != nil {
		return cachedScope{}, err
	}
	sc := cachedScope{departmentID: st.DepartmentID, expires: s.Now().Add(scopeTTL)}
	if key.subtree {
		if sc.subtree, sc.allDepartments, err = Subtree(ctx, s.Client, st.DepartmentID); err != nil {
			return cachedScope{}, err
		}
	}
	return sc, nil
}

// Subtree returns the department and its descendants, and whether that is
// the whole tree (the department is the root). The tree is small (hundreds
// of departments), so it is walked in memory.
func Subtree(ctx context.Context, c *ent.Client, root int) ([]int, bool, error) {
	var rows []struct {
		ID       int  `json:"id"`
		ParentID *int `json:"parent_id"`
	}
	err := c.Department.Query().Select(department.FieldID, department.FieldParentID).Scan(rule.System(ctx), &rows)
	if err != nil {
		return nil, false, err
	}
	children := map[int][]int{}
	isRoot := false
	for _, r := range rows {
		if r.ParentID != nil {
			children[*r.ParentID] = append(children[*r.ParentID], r.ID)
		} else if r.ID == root {
			isRoot = true
		}
	}
	out := []int{root}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out, isRoot, nil
}

func (s *Service) withTx(ctx context.Context, fn func(tx *ent.Client) error) error {
	return store.InTx(ctx, s.Client, fn)
}

// IsUnauthenticated reports whether err means "bad credentials".
func IsUnauthenticated(err error) bool {
	if e, ok := apperr.As(err); ok {
		return e.Code == apperr.Unauthenticated
	}
	return errors.Is(err, auth.ErrInvalidToken)
}
