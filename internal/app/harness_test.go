package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"xiaoneng/internal/app"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

// env is one running product over one database, shared by the read-mostly
// tests of a dialect (seeding the demo agency once per dialect).
type env struct {
	app     *app.App
	srv     *httptest.Server
	dataDir string
	dialect string
	tokens  sync.Map // login → access token on this env (tkLogin)
}

var (
	envMu sync.Mutex
	envs  = map[string]*env{}
)

// demoEnv returns the shared demo product on "sqlite" or "postgres".
func demoEnv(t *testing.T, dialect string) *env {
	t.Helper()
	envMu.Lock()
	defer envMu.Unlock()
	if e, ok := envs[dialect]; ok {
		return e
	}
	e := newEnv(t, dialect, true)
	envs[dialect] = e
	return e
}

// newEnv starts a product on a fresh copy of the demo database (seeded
// once per dialect into a template, then copied: a PostgreSQL TEMPLATE
// database or a copy of the SQLite file). Shared envs outlive the test that
// created them: their temp dirs are made by hand.
func newEnv(t testing.TB, dialect string, shared bool) *env {
	t.Helper()
	return newEnvWith(t, dialect, shared, nil)
}

// newEnvWith is newEnv with the options changed by setOpt (when not nil).
func newEnvWith(t testing.TB, dialect string, shared bool, setOpt func(*app.Options)) *env {
	t.Helper()
	dir, err := os.MkdirTemp("", "xn-app-test-")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := demoTemplate(t, dialect)
	// The copy is the same installation: it keeps the data dir's rater
	// secret, which the seeded rater keys were written with.
	if err := copyFile(filepath.Join(tmpl.dataDir, raterkey.FileName), filepath.Join(dir, raterkey.FileName)); err != nil {
		t.Fatal(err)
	}
	opt := app.Options{DataDir: dir}
	if dialect == "postgres" {
		if shared {
			opt.DatabaseURL = testdb.NewPostgresDBSharedFrom(t, tmpl.pgName)
		} else {
			opt.DatabaseURL = testdb.NewPostgresDBFrom(t, tmpl.pgName)
		}
		on := true
		opt.Demo = &on
	} else if err := copyFile(tmpl.sqlitePath, filepath.Join(dir, "xiaoneng.db")); err != nil {
		t.Fatal(err)
	}
	if setOpt != nil {
		setOpt(&opt)
	}
	a, err := app.New(context.Background(), opt)
	if err != nil {
		t.Fatalf("starting the product on %s: %v", dialect, err)
	}
	e := &env{app: a, srv: httptest.NewServer(a.Handler()), dataDir: dir, dialect: dialect}
	if !shared {
		t.Cleanup(func() { e.srv.Close(); a.Close(); os.RemoveAll(dir) })
	}
	return e
}

// template is a seeded demo database that is copied, never opened, by tests.
type template struct {
	dataDir    string
	sqlitePath string
	pgName     string
}

var (
	templateMu sync.Mutex
	templates  = map[string]*template{}
)

func demoTemplate(t testing.TB, dialect string) *template {
	t.Helper()
	templateMu.Lock()
	defer templateMu.Unlock()
	if tm, ok := templates[dialect]; ok {
		return tm
	}
	dir, err := os.MkdirTemp("", "xn-app-template-")
	if err != nil {
		t.Fatal(err)
	}
	opt := app.Options{DataDir: dir}
	tm := &template{dataDir: dir, sqlitePath: filepath.Join(dir, "xiaoneng.db")}
	if dialect == "postgres" {
		opt.DatabaseURL = testdb.NewPostgresDBShared(t)
		tm.pgName = testdb.DatabaseName(opt.DatabaseURL)
		on := true
		opt.Demo = &on
	}
	a, err := app.New(context.Background(), opt)
	if err != nil {
		t.Fatalf("seeding the %s template: %v", dialect, err)
	}
	// Closing checkpoints SQLite's WAL into the file and frees the
	// PostgreSQL database for use as a TEMPLATE.
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	templates[dialect] = tm
	return tm
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o600)
}

// forEachDialect runs fn against the shared demo product of each dialect.
func forEachDialect(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			if d == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			fn(t, demoEnv(t, d))
		})
	}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
	Status int             `json:"-"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// do posts a GraphQL request with an optional bearer token.
func (e *env) do(t *testing.T, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	if hasUpload(vars) {
		return e.doUpload(t, token, query, vars) // a multipart request (imports_test.go)
	}
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(t, req)
}

func send(t *testing.T, req *http.Request) gqlResponse {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
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

// ok fails the test on GraphQL errors and decodes data into v.
func (r gqlResponse) ok(t *testing.T, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if v != nil {
		if err := json.Unmarshal(r.Data, v); err != nil {
			t.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
}

var tokens sync.Map // dialect/login → access token

// login returns an access token of a demo account.
func (e *env) login(t *testing.T, login string) string {
	t.Helper()
	key := e.srv.URL + "/" + login
	if tok, ok := tokens.Load(key); ok {
		return tok.(string)
	}
	var data struct {
		Login struct {
			AccessToken  string    `json:"accessToken"`
			RefreshToken string    `json:"refreshToken"`
			ExpiresAt    time.Time `json:"expiresAt"`
		} `json:"login"`
	}
	e.do(t, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken refreshToken expiresAt}}`,
		map[string]any{"u": login, "p": app.DemoPassword}).ok(t, &data)
	tokens.Store(key, data.Login.AccessToken)
	return data.Login.AccessToken
}
