// Package session logs accounts in and out, rotates refresh tokens and turns
// a verified credential (JWT or API token) into the viewer the privacy rules
// read.
package session

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/apitoken"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/refreshtoken"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/ratelimit"
	"xiaoneng/internal/store"
)

// viewerTTL bounds how long a cached viewer (role, subtree) may lag behind
// a change of the account or the department tree.
const viewerTTL = 30 * time.Second

// Service issues and checks credentials.
type Service struct {
	Client     *ent.Client
	Signer     *auth.Signer
	RefreshTTL time.Duration
	Now        func() time.Time

	loginLimit *ratelimit.Limiter
	mu         sync.Mutex
	viewers    map[int]cachedViewer
}

type cachedViewer struct {
	v       *auth.Viewer
	expires time.Time
}

// New returns a service; refresh tokens live for refreshTTL.
func New(client *ent.Client, signer *auth.Signer, refreshTTL time.Duration) *Service {
	return &Service{
		Client: client, Signer: signer, RefreshTTL: refreshTTL, Now: time.Now,
		// 5 attempts at once per login name, then one every 12 s.
		loginLimit: ratelimit.New(1.0/12, 5),
		viewers:    map[int]cachedViewer{},
	}
}

// Result is a freshly issued credential pair.
type Result struct {
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	Viewer       *auth.Viewer
}

func system(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

var errBadLogin = apperr.New(apperr.Unauthenticated, "用户名或密码错误 / wrong username or password")

// Login checks the password and starts a session.
func (s *Service) Login(ctx context.Context, username, password string) (*Result, error) {
	username = strings.TrimSpace(username)
	if username == "" {
		return nil, apperr.BadInput("username", "username is required")
	}
	if password == "" {
		return nil, apperr.BadInput("password", "password is required")
	}
	if !s.loginLimit.Allow(strings.ToLower(username)) {
		return nil, apperr.New(apperr.RateLimited, "too many login attempts; try again in a minute")
	}
	sctx := system(ctx)
	acc, err := s.Client.Account.Query().Where(account.Login(username)).Only(sctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	hash := ""
	if acc != nil {
		hash = acc.PasswordHash
	}
	// CheckPassword runs bcrypt even for unknown names so timing reveals nothing.
	if !auth.CheckPassword(hash, password) || acc == nil || acc.Disabled {
		_ = audit.Record(ctx, s.Client, "login_failed", "account", 0, map[string]string{"username": username})
		return nil, errBadLogin
	}
	var res *Result
	err = s.withTx(sctx, func(tx *ent.Client) error {
		var err error
		res, err = s.issue(sctx, tx, acc, "")
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

// Refresh rotates a refresh token: the old one stops working and a new pair
// is issued. Presenting a token that was already rotated means it leaked,
// so the whole session family is revoked.
func (s *Service) Refresh(ctx context.Context, plain string) (*Result, error) {
	sctx := system(ctx)
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
		if !s.Now().Before(rt.ExpiresAt) || rt.Edges.Account.Disabled {
			return bad
		}
		if err := tx.RefreshToken.UpdateOne(rt).SetRevokedAt(s.Now()).Exec(sctx); err != nil {
			return err
		}
		res, err = s.issue(sctx, tx, rt.Edges.Account, rt.Family)
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
	if !s.revokeFamilyOf(system(ctx), plain) {
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

// issue signs an access token and stores a new refresh token of family
// (a new family when empty).
func (s *Service) issue(ctx context.Context, tx *ent.Client, acc *ent.Account, family string) (*Result, error) {
	v, err := s.buildViewer(ctx, tx, acc)
	if err != nil {
		return nil, err
	}
	access, exp, err := s.Signer.Issue(acc.ID, string(acc.Role), nil)
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
		SetExpiresAt(s.Now().Add(s.RefreshTTL)).Exec(ctx)
	if err != nil {
		return nil, err
	}
	return &Result{AccessToken: access, RefreshToken: plain, ExpiresAt: exp, Viewer: v}, nil
}

// ViewerForClaims resolves a verified access token to its viewer.
func (s *Service) ViewerForClaims(ctx context.Context, c *auth.Claims) (*auth.Viewer, error) {
	return s.Viewer(ctx, c.AccountID)
}

// ViewerForAPIToken resolves an API token to a viewer restricted to the
// token's scopes (which never exceed the owner's role).
func (s *Service) ViewerForAPIToken(ctx context.Context, plain string) (*auth.Viewer, error) {
	sctx := system(ctx)
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

// Viewer returns the (briefly cached) viewer of an account.
func (s *Service) Viewer(ctx context.Context, accountID int) (*auth.Viewer, error) {
	s.mu.Lock()
	c, ok := s.viewers[accountID]
	s.mu.Unlock()
	if ok && s.Now().Before(c.expires) {
		return c.v, nil
	}
	sctx := system(ctx)
	acc, err := s.Client.Account.Get(sctx, accountID)
	if ent.IsNotFound(err) {
		return nil, auth.ErrInvalidToken
	}
	if err != nil {
		return nil, err
	}
	if acc.Disabled {
		return nil, auth.ErrInvalidToken
	}
	v, err := s.buildViewer(sctx, s.Client, acc)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.viewers[accountID] = cachedViewer{v: v, expires: s.Now().Add(viewerTTL)}
	s.mu.Unlock()
	return v, nil
}

// Forget drops an account's cached viewer (after its role or staff changed).
func (s *Service) Forget(accountID int) {
	s.mu.Lock()
	delete(s.viewers, accountID)
	s.mu.Unlock()
}

// buildViewer computes the viewer's department and readable subtree.
func (s *Service) buildViewer(ctx context.Context, c *ent.Client, acc *ent.Account) (*auth.Viewer, error) {
	v := &auth.Viewer{AccountID: acc.ID, Role: auth.Role(acc.Role)}
	if v.Role == auth.RoleAdmin {
		v.AllDepartments = true
	}
	if acc.StaffID == nil {
		return v, nil
	}
	st, err := c.Staff.Get(ctx, *acc.StaffID)
	if err != nil {
		return nil, fmt.Errorf("staff of account %d: %w", acc.ID, err)
	}
	v.StaffID = st.ID
	v.DepartmentID = st.DepartmentID
	if v.Role != auth.RoleLeader && v.Role != auth.RoleStaff {
		return v, nil
	}
	sub, all, err := Subtree(ctx, c, st.DepartmentID)
	if err != nil {
		return nil, err
	}
	v.Subtree, v.AllDepartments = sub, all
	return v, nil
}

// Subtree returns the department and its descendants, and whether that is
// the whole tree (the department is the root). The tree is small (hundreds
// of departments), so it is walked in memory.
func Subtree(ctx context.Context, c *ent.Client, root int) ([]int, bool, error) {
	var rows []struct {
		ID       int  `json:"id"`
		ParentID *int `json:"parent_id"`
	}
	err := c.Department.Query().Select(department.FieldID, department.FieldParentID).Scan(system(ctx), &rows)
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
