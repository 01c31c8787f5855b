package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"xiaoneng/internal/app"
	"xiaoneng/internal/respcache"
)

// ——— the GraphQL response cache over HTTP (helpers prefixed rc) ———

// rcEach runs fn on a fresh demo product of each dialect, its options
// changed by setOpt (nil: the defaults, cache on).
func rcEach(t *testing.T, setOpt func(*app.Options), fn func(t *testing.T, e *env)) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			if d == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			fn(t, newEnvWith(t, d, false, setOpt))
		})
	}
}

type rcResult struct {
	body   []byte
	xcache string
	resp   gqlResponse
}

// rc posts a query and returns the raw body and X-Cache; hdr are extra
// request headers as name, value pairs.
func (e *env) rc(t *testing.T, token, query string, vars map[string]any, hdr ...string) rcResult {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return e.rcSend(t, req, token, hdr...)
}

func (e *env) rcSend(t *testing.T, req *http.Request, token string, hdr ...string) rcResult {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	out := rcResult{body: buf.Bytes(), xcache: res.Header.Get(respcache.HeaderName)}
	if err := json.Unmarshal(out.body, &out.resp); err != nil {
		t.Fatalf("decoding %s: %v", out.body, err)
	}
	out.resp.Status = res.StatusCode
	return out
}

// want fails unless the request was answered as xcache; it returns r.
func (r rcResult) want(t *testing.T, xcache string) rcResult {
	t.Helper()
	if r.xcache != xcache {
		t.Fatalf("X-Cache %q, want %q (body %.300s)", r.xcache, xcache, r.body)
	}
	return r
}

const rcPage = `query Page($n: Int!) { tasks(first: $n, orderBy: {field: DUE_AT, direction: ASC}) { totalCount
	edges { node { id title dueAt status leadDepartment { name } coDepartments { name } assignments { hours staff { name } } } } } }`

// TestResponseCacheHit: a repeated query is served from the cache, byte for
// byte what was computed, also over GET; the counters agree.
func TestResponseCacheHit(t *testing.T) {
	rcEach(t, nil, func(t *testing.T, e *env) {
		tok := e.tkLogin(t, "leader")
		vars := map[string]any{"n": 20}
		cold := e.rc(t, tok, rcPage, vars).want(t, respcache.Miss)
		var page struct {
			Tasks struct {
				TotalCount int
				Edges      []any
			}
		}
		cold.resp.ok(t, &page)
		if page.Tasks.TotalCount == 0 || len(page.Tasks.Edges) != 20 {
			t.Fatalf("page: %d of %d", len(page.Tasks.Edges), page.Tasks.TotalCount)
		}
		warm := e.rc(t, tok, rcPage, vars).want(t, respcache.Hit)
		if !bytes.Equal(cold.body, warm.body) {
			t.Fatalf("the cached response differs:\n%s\n%s", cold.body, warm.body)
		}
		// GET (urql's default for queries): the same operation, the same entry.
		u := e.srv.URL + "/graphql?" + url.Values{"query": {rcPage}, "variables": {`{"n":20}`}}.Encode()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		get := e.rcSend(t, req, tok).want(t, respcache.Hit)
		if !bytes.Equal(cold.body, get.body) {
			t.Fatal("GET answered differently")
		}
		// Other variables are another entry.
		e.rc(t, tok, rcPage, map[string]any{"n": 5}).want(t, respcache.Miss)
		if s := e.app.ResponseCache.Stats(); s.Hits != 2 || s.Misses != 2 || s.Entries != 2 {
			t.Fatalf("stats %+v, want 2 hits, 2 misses, 2 entries", s)
		}
	})
}

type rcTask struct {
	Node struct {
		Title          string
		Status         string
		LeadDepartment struct{ Name string }
	}
}

const rcTaskQ = `query($id: ID!) { node(id: $id) { ... on Task { title status leadDepartment { name } } } }`

// TestResponseCacheSeesWrites: after another user's committed change the
// very next identical query is computed anew and shows it; a refused
// mutation changes nothing and leaves the cache valid.
func TestResponseCacheSeesWrites(t *testing.T) {
	rcEach(t, nil, func(t *testing.T, e *env) {
		leader, staff, frontline := e.tkLogin(t, "leader"), e.tkLogin(t, "staff"), e.tkLogin(t, "frontline")
		taskID := e.tkTask(t, tkFixture{}) // NEW, led by the staff account's 办公室
		vars := map[string]any{"id": tkID(taskID)}
		read := func(xcache string) rcTask {
			t.Helper()
			var out rcTask
			e.rc(t, leader, rcTaskQ, vars).want(t, xcache).resp.ok(t, &out)
			return out
		}
		before := read(respcache.Miss)
		if before.Node.Status != "NEW" {
			t.Fatalf("fixture task %+v", before)
		}
		read(respcache.Hit)

		// A refused write (frontline may not accept) bumps nothing.
		if r := e.do(t, frontline, `mutation($id: ID!){ acceptTask(id: $id) { id } }`, vars); len(r.Errors) == 0 {
			t.Fatal("frontline accepted a task")
		}
		read(respcache.Hit)

		e.do(t, staff, `mutation($id: ID!){ acceptTask(id: $id) { id } }`, vars).ok(t, nil)
		if got := read(respcache.Miss); got.Node.Status != "ACCEPTED" {
			t.Fatalf("after accepting: %+v", got)
		}
		read(respcache.Hit)

		e.do(t, staff, `mutation($id: ID!, $to: ID!){ transferTask(id: $id, toDepartment: $to, reason: "不归我们管") { id } }`,
			map[string]any{"id": tkID(taskID), "to": tkID(e.tkDept(t, "AG10"))}).ok(t, nil)
		got := read(respcache.Miss)
		if got.Node.Status != "NEW" || got.Node.LeadDepartment.Name == before.Node.LeadDepartment.Name {
			t.Fatalf("after transferring: %+v (before %+v)", got, before)
		}

		// A rating submitted by frontline shows in the leader's count at once.
		const countQ = `{ ratings(first: 1) { totalCount } }`
		var c0, c1 struct{ Ratings struct{ TotalCount int } }
		e.rc(t, leader, countQ, nil).want(t, respcache.Miss).resp.ok(t, &c0)
		e.rc(t, leader, countQ, nil).want(t, respcache.Hit)
		e.submit(t, frontline, ratingInput(e.deptOf(t, "staff3"), 4, false))
		e.rc(t, leader, countQ, nil).want(t, respcache.Miss).resp.ok(t, &c1)
		if c1.Ratings.TotalCount != c0.Ratings.TotalCount+1 {
			t.Fatalf("ratings %d → %d, want one more", c0.Ratings.TotalCount, c1.Ratings.TotalCount)
		}
	})
}

// TestResponseCacheViewers: viewers with different access never get each
// other's entries: leader and staff, and a session and API tokens of the
// same account.
func TestResponseCacheViewers(t *testing.T) {
	rcEach(t, nil, func(t *testing.T, e *env) {
		leader, staff := e.tkLogin(t, "leader"), e.tkLogin(t, "staff")
		mint := func(scopes ...string) string {
			var data struct {
				CreateApiToken struct{ Secret string } `json:"createApiToken"`
			}
			e.do(t, staff, `mutation($s: [String!]!){ createApiToken(name: "cache test", scopes: $s) { secret } }`,
				map[string]any{"s": scopes}).ok(t, &data)
			return data.CreateApiToken.Secret
		}
		orgOnly, reader := mint("read:org"), mint("read:org", "read:tasks")
		for _, tok := range []string{orgOnly, reader} { // first use writes lastUsedAt (a bump)
			e.rc(t, tok, `{ __typename }`, nil)
		}

		const q = `{ tasks(first: 1) { totalCount } }`
		type count struct{ Tasks *struct{ TotalCount int } }
		var l, s count
		lr := e.rc(t, leader, q, nil).want(t, respcache.Miss)
		lr.resp.ok(t, &l)
		sr := e.rc(t, staff, q, nil).want(t, respcache.Miss)
		sr.resp.ok(t, &s)
		if s.Tasks.TotalCount >= l.Tasks.TotalCount {
			t.Fatalf("staff sees %d tasks, the agency leader %d", s.Tasks.TotalCount, l.Tasks.TotalCount)
		}
		if !bytes.Equal(e.rc(t, staff, q, nil).want(t, respcache.Hit).body, sr.body) ||
			!bytes.Equal(e.rc(t, leader, q, nil).want(t, respcache.Hit).body, lr.body) {
			t.Fatal("a viewer got another's entry")
		}

		// The same account through a token with read:tasks: its own entry,
		// the same figures.
		rr := e.rc(t, reader, q, nil).want(t, respcache.Miss)
		var r count
		rr.resp.ok(t, &r)
		if r.Tasks.TotalCount != s.Tasks.TotalCount {
			t.Fatalf("token sees %d tasks, its account %d", r.Tasks.TotalCount, s.Tasks.TotalCount)
		}
		// A token without read:tasks never gets the session's answer.
		or := e.rc(t, orgOnly, q, nil)
		if or.xcache == respcache.Hit || bytes.Equal(or.body, sr.body) {
			t.Fatalf("the read:org token got %s %s", or.xcache, or.body)
		}
		// Scopes shown by viewer: each credential its own.
		const vq = `{ viewer { role scopes } }`
		session := e.rc(t, staff, vq, nil).want(t, respcache.Miss)
		e.rc(t, staff, vq, nil).want(t, respcache.Hit)
		tokenView := e.rc(t, orgOnly, vq, nil).want(t, respcache.Miss)
		var tv struct{ Viewer struct{ Scopes []string } }
		tokenView.resp.ok(t, &tv)
		if strings.Join(tv.Viewer.Scopes, ",") != "read:org" || bytes.Equal(session.body, tokenView.body) {
			t.Fatalf("token viewer %s, session viewer %s", tokenView.body, session.body)
		}
	})
}

// TestResponseCacheNotStored: answers with errors (whole or partial) and
// mutations are never cached; operations refused before running say BYPASS.
func TestResponseCacheNotStored(t *testing.T) {
	rcEach(t, nil, func(t *testing.T, e *env) {
		leader, frontline := e.tkLogin(t, "leader"), e.tkLogin(t, "frontline")
		for q, code := range map[string]string{
			`{ tasks(first: 101) { totalCount } }`:     "BAD_USER_INPUT", // page size; data null
			`{ viewer { role } node(id: "1") { id } }`: "NOT_FOUND",      // partial data with an error
		} {
			for range 2 {
				r := e.rc(t, leader, q, nil).want(t, respcache.Miss)
				if r.resp.code() != code {
					t.Fatalf("%s: %s", q, r.body)
				}
			}
		}
		for range 2 { // FORBIDDEN analytics for frontline
			r := e.rc(t, frontline, `{ workload { staff { load } } }`, nil).want(t, respcache.Miss)
			if r.resp.code() != "FORBIDDEN" {
				t.Fatalf("frontline workload: %s", r.body)
			}
		}
		// Refused by validation or the limits: never reaches the cache.
		if r := e.rc(t, leader, `{ tasks { nope } }`, nil).want(t, respcache.Bypass); len(r.resp.Errors) == 0 {
			t.Fatal("an unknown field passed")
		}
		deep := `{ tasks(first: 1) { edges { node { leadDepartment { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } } } }`
		if r := e.rc(t, leader, deep, nil).want(t, respcache.Bypass); r.resp.code() != "BAD_USER_INPUT" {
			t.Fatalf("depth limit: %s", r.body)
		}

		// Mutations run every time.
		const mint = `mutation { createApiToken(name: "twice", scopes: ["read:org"]) { secret } }`
		a := e.rc(t, leader, mint, nil).want(t, respcache.Bypass)
		b := e.rc(t, leader, mint, nil).want(t, respcache.Bypass)
		if len(a.resp.Errors)+len(b.resp.Errors) > 0 || bytes.Equal(a.body, b.body) {
			t.Fatalf("the second mutation did not run anew: %s %s", a.body, b.body)
		}
		if s := e.app.ResponseCache.Stats(); s.Entries != 0 || s.Hits != 0 {
			t.Fatalf("something was cached: %+v", s)
		}
	})
}

// TestResponseCacheNoCache: Cache-Control: no-cache recomputes and stores.
// A write behind ent's back (raw SQL without respcache.Bump) shows how:
// the cache still serves the old answer, no-cache gets the new one, and
// from then on the cache serves that; Bump invalidates.
func TestResponseCacheNoCache(t *testing.T) {
	rcEach(t, nil, func(t *testing.T, e *env) {
		leader := e.tkLogin(t, "leader")
		taskID := e.tkTask(t, tkFixture{})
		vars := map[string]any{"id": tkID(taskID)}
		title := func(r rcResult) string {
			t.Helper()
			var out rcTask
			r.resp.ok(t, &out)
			return out.Node.Title
		}
		old := title(e.rc(t, leader, rcTaskQ, vars).want(t, respcache.Miss))
		if _, err := e.db().Exec(e.rebind(`UPDATE tasks SET title = ? WHERE id = ?`), "改过的标题", taskID); err != nil {
			t.Fatal(err)
		}
		if got := title(e.rc(t, leader, rcTaskQ, vars).want(t, respcache.Hit)); got != old {
			t.Fatalf("cached title %q, want the old %q", got, old)
		}
		if got := title(e.rc(t, leader, rcTaskQ, vars, "Cache-Control", "max-age=0, No-Cache").want(t, respcache.Bypass)); got != "改过的标题" {
			t.Fatalf("no-cache title %q", got)
		}
		if got := title(e.rc(t, leader, rcTaskQ, vars).want(t, respcache.Hit)); got != "改过的标题" {
			t.Fatalf("after no-cache the cache serves %q", got)
		}
		if _, err := e.db().Exec(e.rebind(`UPDATE tasks SET title = ? WHERE id = ?`), "再改", taskID); err != nil {
			t.Fatal(err)
		}
		if err := respcache.Bump(context.Background(), e.db()); err != nil {
			t.Fatal(err)
		}
		if got := title(e.rc(t, leader, rcTaskQ, vars).want(t, respcache.Miss)); got != "再改" {
			t.Fatalf("after Bump: %q", got)
		}
	})
}

// TestResponseCacheTTL: an entry is not served past the TTL even when
// nothing was written.
func TestResponseCacheTTL(t *testing.T) {
	const ttl = 400 * time.Millisecond
	rcEach(t, func(o *app.Options) { o.ResponseCache = &respcache.Options{TTL: ttl, MaxBytes: 1 << 20} }, func(t *testing.T, e *env) {
		leader := e.tkLogin(t, "leader")
		const q = `{ tasks(first: 3) { totalCount edges { node { title } } } }`
		start := time.Now()
		e.rc(t, leader, q, nil).want(t, respcache.Miss)
		hit := e.rc(t, leader, q, nil)
		if time.Since(start) < ttl { // a slow machine may take longer than the TTL itself
			hit.want(t, respcache.Hit)
		}
		time.Sleep(ttl)
		e.rc(t, leader, q, nil).want(t, respcache.Miss)
	})
}

// TestResponseCacheDenied: public root fields are never cached, whoever
// asks and whatever else the operation asks for; anonymous callers neither.
func TestResponseCacheDenied(t *testing.T) {
	rcEach(t, nil, func(t *testing.T, e *env) {
		leader := e.tkLogin(t, "leader")
		for _, q := range []string{
			`{ complaintByTrackingCode(code: "XN-NOSUCHCODE") { status } }`,
			`{ tasks(first: 1) { totalCount } publicDepartments { name } }`,
			`query { ...F } fragment F on Query { complaintByTrackingCode(code: "XN-NOSUCHCODE") { status } }`,
		} {
			for range 2 {
				if r := e.rc(t, leader, q, nil).want(t, respcache.Bypass); len(r.resp.Errors) > 0 {
					t.Fatalf("%s: %s", q, r.body)
				}
			}
		}
		for range 2 {
			e.rc(t, "", `{ publicDepartments { name } }`, nil).want(t, respcache.Bypass)
		}
		if s := e.app.ResponseCache.Stats(); s.Entries != 0 {
			t.Fatalf("%d entries stored", s.Entries)
		}
	})
}

// TestResponseCacheOff: a TTL of 0 turns the cache off: no X-Cache, every
// request computed.
func TestResponseCacheOff(t *testing.T) {
	rcEach(t, func(o *app.Options) { o.ResponseCache = &respcache.Options{TTL: 0, MaxBytes: 1 << 20} }, func(t *testing.T, e *env) {
		if e.app.ResponseCache != nil {
			t.Fatal("cache on with TTL 0")
		}
		leader := e.tkLogin(t, "leader")
		for range 2 {
			r := e.rc(t, leader, `{ tasks(first: 1) { totalCount } }`, nil).want(t, "")
			r.resp.ok(t, nil)
		}
	})
}
