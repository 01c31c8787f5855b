package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"

	"xiaoneng/internal/app"
	"xiaoneng/internal/respcache"
)

// Benchmarks of the API over a large database (bench/README.md): they run
// only with XN_BENCH_DATABASE_URL pointing at a database generated with
// `server seed --scale large` (bench/run.sh prepares one), e.g.
//
//	XN_BENCH_DATABASE_URL=$(bench/pg.sh url) GODEBUG=adaptivestackstart=1 \
//	  go test ./internal/app -run '^$' -bench TaskPage -cpuprofile /tmp/cpu.out

// benchTaskPage is the page of 50 tasks of docs/PERFORMANCE.md.
const benchTaskPage = `{ tasks(first: 50, orderBy: {field: DUE_AT, direction: ASC}) { totalCount edges { node { title dueAt status leadDepartment { name } coDepartments { name } assignments { hours staff { name } } } } } }`

var (
	benchOnce sync.Once
	benchApp  *app.App
	benchErr  error
)

// benchEnv opens the benchmark database (demo mode on, so the generated
// accounts keep the demo password) and returns the handler and a token of login.
func benchEnv(b *testing.B, login string) (http.Handler, string) {
	b.Helper()
	url := os.Getenv("XN_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("XN_BENCH_DATABASE_URL not set: see bench/README.md")
	}
	benchOnce.Do(func() {
		debug.SetGCPercent(400) // as the server does (server/main.go)
		on := true
		// bench/run.sh's data dir holds the rater secret the data was generated with.
		dir := os.Getenv("XN_BENCH_DIR")
		if dir != "" {
			dir += "/data"
		} else if dir, benchErr = os.MkdirTemp("", "xn-bench-"); benchErr != nil {
			return
		}
		benchApp, benchErr = app.New(context.Background(), app.Options{DatabaseURL: url, DataDir: dir, Demo: &on})
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	h := benchApp.Handler()
	// testing calls a benchmark several times while it sizes b.N; logging in
	// each time would run into the login rate limit.
	if tok, ok := benchTokens.Load(login); ok {
		return h, tok.(string)
	}
	res := post(b, h, "", `mutation { login(username: "`+login+`", password: "`+app.DemoPassword+`") { accessToken } }`).Body.Bytes()
	var out struct {
		Data struct {
			Login struct{ AccessToken string } `json:"login"`
		} `json:"data"`
	}
	if err := json.Unmarshal(res, &out); err != nil || out.Data.Login.AccessToken == "" {
		b.Fatalf("login %s: %s", login, res)
	}
	benchTokens.Store(login, out.Data.Login.AccessToken)
	return h, out.Data.Login.AccessToken
}

var benchTokens sync.Map // login → access token

// post sends query through h; hdr are extra request headers (name, value
// pairs).
func post(b *testing.B, h http.Handler, token, query string, hdr ...string) *httptest.ResponseRecorder {
	body, _ := json.Marshal(map[string]string{"query": query})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
	}
	return rec
}

// cpuTime is the CPU time this process has used (user + system).
func cpuTime() float64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}

// parallelPost posts query in parallel b.N times and reports the server
// side's CPU milliseconds per request (this process: HTTP, auth, GraphQL,
// the SQL client and JSON, not PostgreSQL), which a busy machine does not
// distort as much as the wall time.
func parallelPost(b *testing.B, h http.Handler, tok, query string, hdr ...string) {
	post(b, h, tok, query, hdr...)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			post(b, h, tok, query, hdr...)
		}
	})
	b.ReportMetric((cpuTime()-c0)/float64(b.N), "cpu-ms/op")
}

// noCache makes the response cache compute every request (it still stores).
var noCache = []string{"Cache-Control", "no-cache"}

// BenchmarkTaskPage: the page of 50 tasks with departments and assignees,
// as the leader of the whole agency, through the whole handler (auth,
// GraphQL, SQL, JSON), requests in parallel, computed every time.
func BenchmarkTaskPage(b *testing.B) {
	h, tok := benchEnv(b, "leader")
	parallelPost(b, h, tok, benchTaskPage, noCache...)
}

// BenchmarkTaskPageCached: the same page answered by the response cache
// (the data version read, the key, the cached bytes written out).
func BenchmarkTaskPageCached(b *testing.B) {
	h, tok := benchEnv(b, "leader")
	post(b, h, tok, benchTaskPage)
	if x := post(b, h, tok, benchTaskPage).Header().Get(respcache.HeaderName); x != respcache.Hit {
		b.Fatalf("X-Cache %q after a warm-up, want HIT", x)
	}
	parallelPost(b, h, tok, benchTaskPage)
}

// BenchmarkTaskPageStaff: the same page for a staff member, whose access
// rule filters the tasks, computed every time.
func BenchmarkTaskPageStaff(b *testing.B) {
	h, tok := benchEnv(b, "staff")
	parallelPost(b, h, tok, benchTaskPage, noCache...)
}
