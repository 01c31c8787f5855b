package auth

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// seen is what the wrapped handler observed.
type seen struct {
	called bool
	viewer *Viewer
	err    error
}

// run sends one request with the given Authorization header (none if empty)
// through Middleware and reports what the next handler saw.
func run(t *testing.T, mw func(http.Handler) http.Handler, authorization string) seen {
	t.Helper()
	var s seen
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s = seen{called: true, viewer: FromContext(r.Context()), err: AuthErrorFromContext(r.Context())}
		w.WriteHeader(http.StatusOK)
	}))
	req := httptest.NewRequest(http.MethodPost, "/graphql", nil)
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if !s.called || rec.Code != http.StatusOK {
		t.Fatalf("request not passed on (code %d)", rec.Code)
	}
	return s
}

const knownAPIToken = "xnt_known"

func testMiddleware(t *testing.T) (func(http.Handler) http.Handler, *Signer) {
	s, _ := testSigner(t)
	resolve := func(_ context.Context, c *Claims) (*Viewer, error) {
		switch c.AccountID {
		case 99: // a disabled account
			return nil, ErrInvalidToken
		case 98: // the database is down
			return nil, errors.New("connection refused")
		case 97:
			return nil, nil
		}
		return &Viewer{AccountID: c.AccountID, Role: Role(c.Role)}, nil
	}
	resolveAPI := func(_ context.Context, plain string) (*Viewer, error) {
		if plain != knownAPIToken {
			return nil, ErrInvalidToken
		}
		return &Viewer{AccountID: 5, Role: RoleStaff, Scopes: []string{ScopeReadTasks}, TokenID: 11}, nil
	}
	return Middleware(s, resolve, resolveAPI), s
}

func TestMiddlewareAnonymous(t *testing.T) {
	mw, _ := testMiddleware(t)
	got := run(t, mw, "")
	if got.viewer != nil || got.err != nil {
		t.Errorf("no header: %+v", got)
	}
}

func TestMiddlewareValidJWT(t *testing.T) {
	mw, s := testMiddleware(t)
	tok, _, err := s.Issue(42, "LEADER", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"Bearer " + tok, "bearer " + tok, "Bearer  " + tok + " "} {
		got := run(t, mw, h)
		if got.err != nil || got.viewer == nil || got.viewer.AccountID != 42 || got.viewer.Role != RoleLeader {
			t.Errorf("%q: %+v", h[:8], got)
		}
	}
}

func TestMiddlewareBadCredentials(t *testing.T) {
	mw, s := testMiddleware(t)
	other := *s
	other.Secret = []byte("another-secret-another-secret-0123")
	forged, _, _ := other.Issue(1, "ADMIN", 0)
	disabled, _, _ := s.Issue(99, "STAFF", 0)
	vanished, _, _ := s.Issue(97, "STAFF", 0)

	for name, h := range map[string]string{
		"forged":          "Bearer " + forged,
		"garbage":         "Bearer abc.def.ghi",
		"empty token":     "Bearer ",
		"basic":           "Basic YWRtaW46eGlhb25lbmctZGVtbw==",
		"no scheme":       forged,
		"oversized":       "Bearer " + strings.Repeat("a", MaxTokenBytes+1),
		"refresh token":   "Bearer xnr_" + strings.Repeat("a", 43),
		"unknown api":     "Bearer xnt_unknown",
		"disabled":        "Bearer " + disabled,
		"resolves to nil": "Bearer " + vanished,
	} {
		got := run(t, mw, h)
		if got.viewer != nil {
			t.Errorf("%s: viewer %+v", name, got.viewer)
		}
		if !errors.Is(got.err, ErrInvalidToken) {
			t.Errorf("%s: auth error %v, want ErrInvalidToken", name, got.err)
		}
	}
}

func TestMiddlewareResolverFailure(t *testing.T) {
	mw, s := testMiddleware(t)
	tok, _, _ := s.Issue(98, "STAFF", 0)
	got := run(t, mw, "Bearer "+tok)
	if got.viewer != nil || got.err == nil {
		t.Fatalf("%+v", got)
	}
	// A server failure is recorded as is, so it is not reported as a bad token.
	if IsInvalidToken(got.err) {
		t.Errorf("resolver failure masked as invalid token: %v", got.err)
	}
}

func TestMiddlewareAPIToken(t *testing.T) {
	mw, _ := testMiddleware(t)
	got := run(t, mw, "Bearer "+knownAPIToken)
	if got.err != nil || got.viewer == nil || got.viewer.TokenID != 11 {
		t.Fatalf("%+v", got)
	}
	if got.viewer.HasScope(ScopeWriteTasks) || !got.viewer.HasScope(ScopeReadTasks) {
		t.Errorf("scopes %v", got.viewer.Scopes)
	}

	// Without an API-token resolver, API tokens are refused, never verified as JWTs.
	s, _ := testSigner(t)
	noAPI := Middleware(s, func(context.Context, *Claims) (*Viewer, error) {
		t.Error("JWT resolver called for an API token")
		return nil, nil
	}, nil)
	got = run(t, noAPI, "Bearer "+knownAPIToken)
	if got.viewer != nil || !errors.Is(got.err, ErrInvalidToken) {
		t.Errorf("no resolver: %+v", got)
	}
}

func TestMiddlewareConcurrent(t *testing.T) {
	// Each request gets its own viewer: nothing is shared between requests.
	mw, s := testMiddleware(t)
	done := make(chan error)
	for i := 1; i <= 20; i++ {
		go func() {
			tok, _, err := s.Issue(i, "STAFF", 0)
			if err != nil {
				done <- err
				return
			}
			var got *Viewer
			h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = FromContext(r.Context()) }))
			req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			h.ServeHTTP(httptest.NewRecorder(), req)
			if got == nil || got.AccountID != i {
				done <- errors.New("request " + strconv.Itoa(i) + " saw the wrong viewer")
				return
			}
			done <- nil
		}()
	}
	for range 20 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
