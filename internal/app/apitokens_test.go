package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xiaoneng/internal/accounts"
	"xiaoneng/internal/apitokens"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
)

// An API token carries only the scopes it was given, never more than the
// owner's role; it cannot mint tokens; revoking it ends it; a burst beyond
// the per-token limit is refused with RATE_LIMITED.
func TestAPITokens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		staff := e.login(t, "staff")
		var created struct {
			CreateApiToken struct {
				Secret string `json:"secret"`
				Token  struct {
					ID     string   `json:"id"`
					Scopes []string `json:"scopes"`
				} `json:"token"`
			} `json:"createApiToken"`
		}
		e.do(t, staff, `mutation{createApiToken(name:"report script", scopes:["read:tasks"]){secret token{id scopes}}}`, nil).ok(t, &created)
		tok := created.CreateApiToken.Secret
		if tok == "" || len(created.CreateApiToken.Token.Scopes) != 1 {
			t.Fatalf("created: %+v", created)
		}
		// The hash, not the secret, is stored.
		if n := asInt(e.scalar(t, `SELECT count(*) FROM api_tokens WHERE token_hash = ?`, tok)); n != 0 {
			t.Fatal("the plain secret is stored")
		}
		if _, code := e.count(t, tok, "tasks"); code != "" {
			t.Fatalf("read:tasks token reading tasks: %s", code)
		}
		if _, code := e.count(t, tok, "ratings"); code != "FORBIDDEN" {
			t.Fatalf("read:tasks token reading ratings: %q", code)
		}
		r := e.do(t, tok, `mutation{createApiToken(name:"x", scopes:["read:tasks"]){secret}}`, nil)
		if r.code() != "FORBIDDEN" {
			t.Fatalf("a token minted a token: %+v", r.Errors)
		}
		// Nor does it list them (it would learn their names, scopes and use).
		if r := e.do(t, tok, `{ apiTokens { id } }`, nil); r.code() != "FORBIDDEN" || string(r.Data) != "null" {
			t.Fatalf("a token listed tokens: %s %+v", r.Data, r.Errors)
		}
		// Scopes beyond the role are refused.
		r = e.do(t, e.login(t, "frontline"), `mutation{createApiToken(name:"x", scopes:["read:analytics"]){secret}}`, nil)
		if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "scopes" {
			t.Fatalf("frontline read:analytics token: %+v", r.Errors)
		}
		// Another user cannot revoke it; the owner can.
		r = e.do(t, e.login(t, "frontline"), `mutation($id:ID!){revokeApiToken(id:$id){id}}`, map[string]any{"id": created.CreateApiToken.Token.ID})
		if r.code() != "NOT_FOUND" && r.code() != "FORBIDDEN" {
			t.Fatalf("someone else revoked the token: %+v", r.Errors)
		}
		e.do(t, staff, `mutation($id:ID!){revokeApiToken(id:$id){revokedAt}}`, map[string]any{"id": created.CreateApiToken.Token.ID}).ok(t, nil)
		if _, code := e.count(t, tok, "tasks"); code != "UNAUTHENTICATED" {
			t.Fatalf("revoked token still works: %q", code)
		}
		// Revoking it again is a conflict that changes nothing.
		id := mustAtoi(t, created.CreateApiToken.Token.ID)
		revokedAt := e.scalar(t, `SELECT revoked_at FROM api_tokens WHERE id = ?`, id)
		audits := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs`))
		r = e.do(t, staff, `mutation($id:ID!){revokeApiToken(id:$id){revokedAt}}`, map[string]any{"id": created.CreateApiToken.Token.ID})
		if r.code() != "CONFLICT" {
			t.Fatalf("revoking a revoked token: %+v", r.Errors)
		}
		if again := e.scalar(t, `SELECT revoked_at FROM api_tokens WHERE id = ?`, id); fmt.Sprint(again) != fmt.Sprint(revokedAt) {
			t.Fatalf("revokedAt moved from %v to %v", revokedAt, again)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs`)); n != audits {
			t.Fatalf("the refused revocation wrote %d audit rows", n-audits)
		}
	})
}

func TestAPITokenRateLimit(t *testing.T) {
	e := demoEnv(t, "sqlite")
	var created struct {
		CreateApiToken struct{ Secret string } `json:"createApiToken"`
	}
	e.do(t, e.login(t, "leader"), `mutation{createApiToken(name:"burst", scopes:["read:org"]){secret}}`, nil).ok(t, &created)
	limited := 0
	for range 60 {
		r := e.do(t, created.CreateApiToken.Secret, `{ departments(first: 1) { totalCount } }`, nil)
		if r.code() == "RATE_LIMITED" {
			if r.Status != 429 {
				t.Fatalf("RATE_LIMITED with status %d", r.Status)
			}
			limited++
		}
	}
	// 60 requests in well under a second against a burst of 40 at 20/s.
	if limited == 0 {
		t.Fatal("60 immediate requests were all allowed")
	}
}

// A session that ended between its request's authentication and the token's
// insert (a password reset committing in between) mints nothing: the mint
// confirms the session version in its own transaction.
func TestAPITokenNotMintedByAnEndedSession(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		acc := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'staff'`))
		version := func() int { return asInt(e.scalar(t, `SELECT session_version FROM accounts WHERE id = ?`, acc)) }
		viewer := func(v int) context.Context {
			return auth.NewContext(context.Background(), &auth.Viewer{AccountID: acc, Role: auth.RoleStaff, SessionVersion: v})
		}
		before := version()
		// The reset, as the administrator does it.
		admin := &auth.Viewer{AccountID: asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'admin'`)), Role: auth.RoleAdmin, AllDepartments: true}
		if _, err := accounts.ResetPassword(auth.NewContext(context.Background(), admin), e.tkClient(), acc, "a brand new secret"); err != nil {
			t.Fatal(err)
		}
		if version() == before {
			t.Fatal("the reset did not move the session version")
		}
		tokens := func() int { return asInt(e.scalar(t, `SELECT count(*) FROM api_tokens WHERE account_id = ?`, acc)) }
		n := tokens()
		_, err := apitokens.Create(viewer(before), e.tkClient(), "late", []string{auth.ScopeReadOrg}, nil, time.Now())
		if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Unauthenticated {
			t.Fatalf("the ended session minted: %v", err)
		}
		if tokens() != n {
			t.Fatal("the refused mint wrote a token")
		}
		if _, err := apitokens.Create(viewer(version()), e.tkClient(), "current", []string{auth.ScopeReadOrg}, nil, time.Now()); err != nil {
			t.Fatalf("the current session could not mint: %v", err)
		}
	})
}
