package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// testClock is a clock a test moves by hand (app.Options.Now).
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Now()} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type sessionPair struct {
	AccessToken  string `json:"accessToken"`
	RefreshToken string `json:"refreshToken"`
}

const loginQ = `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken refreshToken}}`

// sesLogin logs in and returns the pair (failing the test on an error).
func (e *env) sesLogin(t *testing.T, login, password string) sessionPair {
	t.Helper()
	var data struct{ Login sessionPair }
	e.do(t, "", loginQ, map[string]any{"u": login, "p": password}).ok(t, &data)
	return data.Login
}

// refreshCode is the error code of a refresh with token ("" on success).
func (e *env) refreshCode(t *testing.T, token string) string {
	t.Helper()
	return e.do(t, "", `mutation($r:String!){refreshToken(refreshToken:$r){accessToken}}`, map[string]any{"r": token}).code()
}

// viewerCode is the error code of a viewer query with token ("" on success).
func (e *env) viewerCode(t *testing.T, token string) string {
	t.Helper()
	return e.do(t, token, `{ viewer { role } }`, nil).code()
}

// doVia posts a GraphQL request from the loopback address peer (any of
// 127/8) with the given X-Forwarded-For headers.
func (e *env) doVia(t *testing.T, peer string, forwarded []string, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for _, f := range forwarded {
		req.Header.Add("X-Forwarded-For", f)
	}
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(peer)}}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
	defer client.CloseIdleConnections()
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatalf("decoding response (status %d): %v", res.StatusCode, err)
	}
	out.Status = res.StatusCode
	return out
}

// newReplicas starts two products over one fresh copy of the demo
// database, as two replicas behind a load balancer would run.
func newReplicas(t *testing.T, dialect string) (*env, *env) {
	t.Helper()
	var opt app.Options
	a := newEnvWith(t, dialect, false, func(o *app.Options) { opt = *o })
	other, err := app.New(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	b := &env{app: other, srv: httptest.NewServer(other.Handler()), dataDir: opt.DataDir, dialect: dialect}
	t.Cleanup(func() { b.srv.Close(); other.Close() })
	return a, b
}

func sys() context.Context { return privacy.DecisionContext(context.Background(), privacy.Allow) }

// A password reset, a disabling, a change of role or of the linked staff
// member ends every session of the account at once, on every replica: its
// access tokens stop working on the next request, its refresh tokens are
// revoked, and (for a reset) its API tokens too. Each change is made on
// replica a and checked on replica b, which caches nothing a could clear.
func TestSessionsEndAtOnce(t *testing.T) {
	forEachDialect(t, func(t *testing.T, shared *env) {
		a, b := newReplicas(t, shared.dialect)
		admin := a.sesLogin(t, "admin", app.DemoPassword).AccessToken
		password := "first-pass-1"
		var created struct {
			CreateAccount struct{ ID string } `json:"createAccount"`
		}
		a.do(t, admin, `mutation($s:ID,$p:String!){createAccount(input:{login:"ses.user", password:$p, role: STAFF, staff:$s}){id}}`,
			map[string]any{"s": a.viewerStaff(t, "staff2"), "p": password}).ok(t, &created)
		id := created.CreateAccount.ID
		otherStaff := int(a.viewerStaff(t, "staff3"))

		type state struct {
			version, liveRefresh, liveAPI int
		}
		read := func() state {
			return state{
				version:     asInt(a.scalar(t, `SELECT session_version FROM accounts WHERE id = ?`, mustAtoi(t, id))),
				liveRefresh: asInt(a.scalar(t, `SELECT count(*) FROM refresh_tokens WHERE account_id = ? AND revoked_at IS NULL`, mustAtoi(t, id))),
				liveAPI:     asInt(a.scalar(t, `SELECT count(*) FROM api_tokens WHERE account_id = ? AND revoked_at IS NULL`, mustAtoi(t, id))),
			}
		}

		cases := []struct {
			name      string
			change    func(t *testing.T)
			apiTokens bool // whether the account's API tokens survive
		}{
			{"role", func(t *testing.T) {
				a.do(t, admin, `mutation($id:ID!){updateAccount(id:$id, input:{role: LEADER}){id}}`, map[string]any{"id": id}).ok(t, nil)
			}, true},
			{"staff", func(t *testing.T) {
				// No mutation moves an account to another staff member yet:
				// the rule holds for any write of the field (the ent hook).
				err := store.InTx(sys(), a.app.Store.Client, func(tx *ent.Client) error {
					return tx.Account.UpdateOneID(int(mustAtoi(t, id))).SetStaffID(otherStaff).Exec(sys())
				})
				if err != nil {
					t.Fatal(err)
				}
			}, true},
			{"password", func(t *testing.T) {
				password = "second-pass-2"
				a.do(t, admin, `mutation($id:ID!,$p:String!){resetPassword(id:$id, password:$p){id}}`, map[string]any{"id": id, "p": password}).ok(t, nil)
			}, false},
			{"disabled", func(t *testing.T) {
				a.do(t, admin, `mutation($id:ID!){updateAccount(id:$id, input:{disabled: true}){id}}`, map[string]any{"id": id}).ok(t, nil)
			}, false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				// The forced change of an administrator's password is
				// another test's (TestForcedPasswordChange): here the
				// sessions go straight to work.
				if _, err := a.db().Exec(a.rebind(`UPDATE accounts SET must_change_password = ? WHERE id = ?`), false, mustAtoi(t, id)); err != nil {
					t.Fatal(err)
				}
				base := read()
				one, two := a.sesLogin(t, "ses.user", password), a.sesLogin(t, "ses.user", password)
				var tok struct {
					CreateApiToken struct{ Secret string } `json:"createApiToken"`
				}
				a.do(t, one.AccessToken, `mutation{createApiToken(name:"script", scopes:["read:org"]){secret}}`, nil).ok(t, &tok)
				api := tok.CreateApiToken.Secret
				for _, tk := range []string{one.AccessToken, two.AccessToken, api} {
					if code := b.viewerCode(t, tk); code != "" {
						t.Fatalf("before the change, replica b refuses a credential: %s", code)
					}
				}
				before := read()
				if before.liveRefresh != base.liveRefresh+2 || before.liveAPI != base.liveAPI+1 {
					t.Fatalf("before: %+v, want 2 more live refresh tokens and 1 more API token than %+v", before, base)
				}

				c.change(t)

				after := read()
				if after.version != before.version+1 || after.liveRefresh != 0 {
					t.Fatalf("after: %+v (before %+v): want the version moved by one and no live refresh token", after, before)
				}
				for i, tk := range []string{one.AccessToken, two.AccessToken} {
					for _, r := range []*env{b, a} {
						if code := r.viewerCode(t, tk); code != "UNAUTHENTICATED" {
							t.Errorf("access token %d still works: %q", i, code)
						}
					}
				}
				for i, rt := range []string{one.RefreshToken, two.RefreshToken} {
					if code := b.refreshCode(t, rt); code != "UNAUTHENTICATED" {
						t.Errorf("refresh token %d still works: %q", i, code)
					}
				}
				code := b.viewerCode(t, api)
				switch {
				case c.apiTokens && (code != "" || after.liveAPI != before.liveAPI):
					t.Errorf("the API token should survive a %s change: %q, %d live", c.name, code, after.liveAPI)
				case !c.apiTokens && code != "UNAUTHENTICATED":
					t.Errorf("the API token still works after a %s change: %q", c.name, code)
				case c.name == "password" && after.liveAPI != 0:
					t.Errorf("a password reset left %d API tokens unrevoked", after.liveAPI)
				}
				if c.name != "disabled" {
					// A new login works and sees the change.
					var v struct {
						Viewer struct {
							Role  string
							Staff struct{ ID string }
						}
					}
					b.do(t, b.sesLogin(t, "ses.user", password).AccessToken, `{viewer{role staff{id}}}`, nil).ok(t, &v)
					if v.Viewer.Role != asString(a.scalar(t, `SELECT role FROM accounts WHERE id = ?`, mustAtoi(t, id))) ||
						mustAtoi(t, v.Viewer.Staff.ID) != int64(asInt(a.scalar(t, `SELECT staff_id FROM accounts WHERE id = ?`, mustAtoi(t, id)))) {
						t.Errorf("the new session's viewer %+v is not the account's row", v.Viewer)
					}
				}
			})
		}
		// The admin's own session never ended.
		if code := b.viewerCode(t, admin); code != "" {
			t.Fatalf("the admin's session ended: %s", code)
		}
		// Re-enabling lets the account in again with its password.
		a.do(t, admin, `mutation($id:ID!){updateAccount(id:$id, input:{disabled: false}){id}}`, map[string]any{"id": id}).ok(t, nil)
		live := b.sesLogin(t, "ses.user", password)
		// Writing what the account already has ends nothing.
		version := read().version
		a.do(t, admin, `mutation($id:ID!){updateAccount(id:$id, input:{role: LEADER, disabled: false}){id}}`, map[string]any{"id": id}).ok(t, nil)
		if code := b.viewerCode(t, live.AccessToken); code != "" || read().version != version {
			t.Fatalf("a no-op update ended the session: %q", code)
		}
		// A refresh token issued under an older version is refused even if a
		// concurrent revocation had missed it.
		a.do(t, admin, `mutation($id:ID!,$p:String!){resetPassword(id:$id, password:$p){id}}`, map[string]any{"id": id, "p": "third-pass-3"}).ok(t, nil)
		if _, err := a.db().Exec(`UPDATE refresh_tokens SET revoked_at = NULL`); err != nil {
			t.Fatal(err)
		}
		if code := b.refreshCode(t, live.RefreshToken); code != "UNAUTHENTICATED" {
			t.Fatalf("a refresh token of an older session version worked: %q", code)
		}
	})
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// exp, nbf and iat must be JSON numbers: tokens signed with the server's
// own secret whose times are quoted numbers are refused, and the same
// tokens with numbers are accepted.
func TestJWTTimesNotNumbersRefused(t *testing.T) {
	e := demoEnv(t, "sqlite")
	secret, err := auth.LoadOrCreateSecret(e.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	id := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'leader'`))
	version := asInt(e.scalar(t, `SELECT session_version FROM accounts WHERE login = 'leader'`))
	now := time.Now()
	claims := func() jwt.MapClaims {
		return jwt.MapClaims{
			"aid": id, "role": "LEADER", "ver": version, "sub": strings.TrimSpace(jsonNumber(id)),
			"iss": "xiaoneng", "aud": "xiaoneng-api",
			"exp": now.Add(10 * time.Minute).Unix(), "nbf": now.Unix(), "iat": now.Unix(),
		}
	}
	sign := func(c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if code := e.viewerCode(t, sign(claims())); code != "" {
		t.Fatalf("the numeric token is refused: %s", code)
	}
	for _, name := range []string{"exp", "nbf", "iat"} {
		c := claims()
		c[name] = jsonNumber(c[name].(int64))
		if code := e.viewerCode(t, sign(c)); code != "UNAUTHENTICATED" {
			t.Errorf("%s as a string: %q", name, code)
		}
	}
	// An exp far in the future as a string would otherwise outlive every rule.
	c := claims()
	c["exp"] = "32503680000"
	if code := e.viewerCode(t, sign(c)); code != "UNAUTHENTICATED" {
		t.Errorf("exp in year 3000 as a string: %q", code)
	}
}

func jsonNumber[T int | int64](n T) string {
	b, _ := json.Marshal(n)
	return string(b)
}
