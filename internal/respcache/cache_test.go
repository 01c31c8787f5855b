package respcache

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xiaoneng/internal/auth"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

func key(i byte) Key { return Key{i} }

var t0 = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// TestLRUByteBound: the budget counts data plus overhead; the least
// recently used entries go first; a read refreshes an entry.
func TestLRUByteBound(t *testing.T) {
	const size, slots = 1000, 16
	c := newLRU(slots * (size + entryOverhead))
	for i := range slots {
		if !c.put(key(byte(i)), 1, make([]byte, size), t0) {
			t.Fatalf("entry %d not stored", i)
		}
	}
	if n, b := c.stats(); n != slots || b != c.max {
		t.Fatalf("after %d puts: %d entries, %d bytes", slots, n, b)
	}
	if _, ok := c.get(key(0), 1, t0, time.Minute); !ok { // 0 becomes the most recent
		t.Fatal("entry 0 missing")
	}
	c.put(key(slots), 1, make([]byte, size), t0) // evicts 1, the least recent
	if _, ok := c.get(key(1), 1, t0, time.Minute); ok {
		t.Fatal("entry 1 should have been evicted")
	}
	for _, i := range []byte{0, 2, slots - 1, slots} {
		if _, ok := c.get(key(i), 1, t0, time.Minute); !ok {
			t.Fatalf("entry %d evicted, want kept", i)
		}
	}
	// Recency from the least: 3 4 5 … 15 0 2 15 16. An entry of two slots
	// (an eighth of the budget) evicts 3 and 4.
	c.put(key(100), 1, make([]byte, 2*size+entryOverhead), t0)
	n, b := c.stats()
	if n != slots-1 || b != c.max {
		t.Fatalf("after a double entry: %d entries, %d bytes (max %d)", n, b, c.max)
	}
	for i, want := range map[byte]bool{3: false, 4: false, 5: true, 100: true} {
		if _, ok := c.get(key(i), 1, t0, time.Minute); ok != want {
			t.Errorf("entry %d present %v, want %v", i, ok, want)
		}
	}
}

// TestLRUTooLarge: an entry above an eighth of the budget is not stored
// and evicts nothing.
func TestLRUTooLarge(t *testing.T) {
	c := newLRU(8000)
	if !c.put(key(1), 1, make([]byte, 1000-entryOverhead), t0) {
		t.Fatal("an entry of exactly an eighth should be stored")
	}
	if c.put(key(2), 1, make([]byte, 1001-entryOverhead), t0) {
		t.Fatal("an entry above an eighth was stored")
	}
	if n, _ := c.stats(); n != 1 {
		t.Fatalf("%d entries, want 1", n)
	}
}

// TestLRUVersionAndTTL: served only under its own version and within the
// TTL; an older entry is dropped, a newer one kept and never replaced by an
// older computation.
func TestLRUVersionAndTTL(t *testing.T) {
	c := newLRU(1 << 20)
	data := []byte(`{"a":1}`)
	c.put(key(1), 5, data, t0)
	if got, ok := c.get(key(1), 5, t0.Add(4*time.Second), 5*time.Second); !ok || !bytes.Equal(got, data) {
		t.Fatalf("fresh entry: %s %v", got, ok)
	}
	if _, ok := c.get(key(1), 5, t0.Add(5*time.Second), 5*time.Second); ok {
		t.Fatal("served at the TTL")
	}
	if n, _ := c.stats(); n != 0 {
		t.Fatal("an expired entry should be dropped")
	}

	c.put(key(2), 5, data, t0)
	if _, ok := c.get(key(2), 4, t0, time.Minute); ok {
		t.Fatal("served to a request that read an older version")
	}
	if n, _ := c.stats(); n != 1 {
		t.Fatal("a newer entry should stay")
	}
	if c.put(key(2), 4, []byte(`{"a":0}`), t0) {
		t.Fatal("an older computation replaced a newer entry")
	}
	if _, ok := c.get(key(2), 6, t0, time.Minute); ok {
		t.Fatal("served after a write")
	}
	if n, _ := c.stats(); n != 0 {
		t.Fatal("an entry of an older version should be dropped")
	}
	if !c.put(key(2), 6, data, t0) {
		t.Fatal("a newer computation should be stored")
	}
}

// TestVersionWentBack: a version lower than one seen (a restored database)
// purges everything.
func TestVersionWentBack(t *testing.T) {
	v := int64(7)
	c := New(Options{TTL: time.Minute, MaxBytes: 1 << 20}, func(context.Context) (int64, error) { return v, nil })
	if _, err := c.currentVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.lru.put(key(1), 7, []byte("{}"), t0)
	v = 3
	if got, _ := c.currentVersion(context.Background()); got != 3 {
		t.Fatalf("version %d", got)
	}
	if n, _ := c.lru.stats(); n != 0 {
		t.Fatal("not purged")
	}
}

func TestOff(t *testing.T) {
	ver := func(context.Context) (int64, error) { return 0, nil }
	for _, o := range []Options{{TTL: 0, MaxBytes: 1}, {TTL: time.Second, MaxBytes: 0}, {TTL: -time.Second, MaxBytes: 1}} {
		if New(o, ver) != nil {
			t.Fatalf("%+v should turn the cache off", o)
		}
	}
	if New(Options{TTL: time.Second, MaxBytes: 1}, nil) != nil {
		t.Fatal("no version source should turn the cache off")
	}
	var c *Cache
	if c.Stats() != (Stats{}) {
		t.Fatal("nil cache stats")
	}
}

// opCtx builds the operation context of query for key tests.
func opCtx(t *testing.T, v *auth.Viewer, query string, vars map[string]any) context.Context {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	oc := &graphql.OperationContext{RawQuery: query, Doc: doc, Operation: doc.Operations[0], Variables: vars}
	ctx := graphql.WithOperationContext(context.Background(), oc)
	if v != nil {
		ctx = auth.NewContext(ctx, v)
	}
	return ctx
}

// TestKey: every part of the viewer and of the request changes the key;
// scope order and variable key order do not; what may not be cached has
// no key.
func TestKey(t *testing.T) {
	c := New(Defaults, func(context.Context) (int64, error) { return 0, nil })
	base := auth.Viewer{AccountID: 3, Role: "STAFF", StaffID: 4, DepartmentID: 5, Subtree: []int{5, 6}}
	q := `query Q($n: Int) { tasks(first: $n) { totalCount } }`
	vars := map[string]any{"n": 5, "m": "x"}
	k0, ok := c.key(opCtx(t, &base, q, vars))
	if !ok {
		t.Fatal("a query of a viewer should be cacheable")
	}
	variants := map[string]func(v *auth.Viewer) (string, map[string]any){
		"account":    func(v *auth.Viewer) (string, map[string]any) { v.AccountID = 9; return q, vars },
		"role":       func(v *auth.Viewer) (string, map[string]any) { v.Role = "LEADER"; return q, vars },
		"staff":      func(v *auth.Viewer) (string, map[string]any) { v.StaffID = 9; return q, vars },
		"department": func(v *auth.Viewer) (string, map[string]any) { v.DepartmentID = 9; return q, vars },
		"subtree":    func(v *auth.Viewer) (string, map[string]any) { v.Subtree = []int{5}; return q, vars },
		"all":        func(v *auth.Viewer) (string, map[string]any) { v.AllDepartments = true; return q, vars },
		"token":      func(v *auth.Viewer) (string, map[string]any) { v.TokenID = 9; return q, vars },
		"no scopes": func(v *auth.Viewer) (string, map[string]any) {
			v.Scopes = []string{}
			return q, vars
		},
		"scopes": func(v *auth.Viewer) (string, map[string]any) {
			v.Scopes = []string{"read:tasks"}
			return q, vars
		},
		"query": func(v *auth.Viewer) (string, map[string]any) {
			return `query Q($n: Int) { tasks(first: $n) { totalCount  } }`, vars
		},
		"operation name": func(v *auth.Viewer) (string, map[string]any) {
			return `query R($n: Int) { tasks(first: $n) { totalCount } }`, vars
		},
		"variables": func(v *auth.Viewer) (string, map[string]any) { return q, map[string]any{"n": 6, "m": "x"} },
	}
	for name, f := range variants {
		v := base
		v.Subtree = append([]int(nil), base.Subtree...)
		q2, vars2 := f(&v)
		k, ok := c.key(opCtx(t, &v, q2, vars2))
		if !ok || k == k0 {
			t.Errorf("%s: same key or not cacheable (%v)", name, ok)
		}
	}
	scoped := base
	scoped.Scopes = []string{"read:tasks", "read:analytics"}
	k1, _ := c.key(opCtx(t, &scoped, q, vars))
	scoped.Scopes = []string{"read:analytics", "read:tasks"}
	k2, _ := c.key(opCtx(t, &scoped, q, map[string]any{"m": "x", "n": 5}))
	if k1 != k2 {
		t.Error("scope order or variable order changed the key")
	}

	for name, tc := range map[string]struct {
		v *auth.Viewer
		q string
	}{
		"anonymous":      {nil, q},
		"mutation":       {&base, `mutation { logout(refreshToken: "x") }`},
		"denied field":   {&base, `{ tasks { totalCount } complaintByTrackingCode(code: "X") { status } }`},
		"denied, inline": {&base, `{ ... on Query { publicDepartments { name } } }`},
		"denied, spread": {&base, `query { ...F } fragment F on Query { complaintByTrackingCode(code: "X") { status } }`},
	} {
		if _, ok := c.key(opCtx(t, tc.v, tc.q, nil)); ok {
			t.Errorf("%s: cacheable", name)
		}
	}
}

// TestInterceptOperation: the extension's own flow, without HTTP: a miss
// runs the operation and stores it, the same request then hits without
// running it, errors are not stored, a failing version read bypasses.
func TestInterceptOperation(t *testing.T) {
	var verErr error
	c := New(Defaults, func(context.Context) (int64, error) { return 1, verErr })
	v := &auth.Viewer{AccountID: 1, Role: "ADMIN", AllDepartments: true}
	ran := 0
	answer := &graphql.Response{Data: []byte(`{"x":1}`)}
	next := func(ctx context.Context) graphql.ResponseHandler {
		ran++
		r := *answer
		return graphql.OneShot(&r)
	}
	do := func(q string) (*graphql.Response, string) {
		st := &status{verdict: "none"}
		ctx := context.WithValue(opCtx(t, v, q, nil), statusKey{}, st)
		return c.InterceptOperation(ctx, next)(ctx), st.verdict
	}
	if r, s := do(`{ a }`); s != Miss || ran != 1 || string(r.Data) != `{"x":1}` {
		t.Fatalf("first: %s ran %d %s", s, ran, r.Data)
	}
	if r, s := do(`{ a }`); s != Hit || ran != 1 || string(r.Data) != `{"x":1}` {
		t.Fatalf("second: %s ran %d %s", s, ran, r.Data)
	}
	answer = &graphql.Response{Data: []byte(`{"x":null}`), Errors: gqlerror.List{{Message: "boom"}}}
	do(`{ b }`)
	if _, s := do(`{ b }`); s != Miss || ran != 3 {
		t.Fatalf("an answer with errors was cached: %s ran %d", s, ran)
	}
	verErr = errors.New("database down")
	if _, s := do(`{ a }`); s != Bypass || ran != 4 {
		t.Fatalf("without a version: %s ran %d", s, ran)
	}
}

// TestConcurrentMisses: requests missing the same entry while it is being
// computed wait and share that answer (even one too large to keep); when
// it has errors each computes its own.
func TestConcurrentMisses(t *testing.T) {
	for _, withErrors := range []bool{false, true} {
		// Room for nothing: only sharing can avoid computing again.
		c := New(Options{TTL: time.Minute, MaxBytes: 8 * 200}, func(context.Context) (int64, error) { return 1, nil })
		v := &auth.Viewer{AccountID: 1, Role: "ADMIN", AllDepartments: true}
		var ran atomic.Int32
		data := bytes.Repeat([]byte("x"), 500)
		next := func(ctx context.Context) graphql.ResponseHandler {
			ran.Add(1)
			r := &graphql.Response{Data: data}
			if withErrors {
				r.Errors = gqlerror.List{{Message: "boom"}}
			}
			return graphql.OneShot(r)
		}
		start := func() (context.Context, *status) {
			st := &status{}
			return context.WithValue(opCtx(t, v, `{ a }`, nil), statusKey{}, st), st
		}
		lctx, lst := start()
		leader := c.InterceptOperation(lctx, next)
		const waiters = 5
		var wg sync.WaitGroup
		got := make(chan string, waiters)
		for range waiters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, st := start()
				r := c.InterceptOperation(ctx, next)(ctx)
				if !bytes.Equal(r.Data, data) {
					t.Errorf("waiter got %.20s", r.Data)
				}
				got <- st.verdict
			}()
		}
		time.Sleep(200 * time.Millisecond) // the waiters reach the flight
		leader(lctx)
		wg.Wait()
		close(got)
		if lst.verdict != Miss {
			t.Fatalf("leader %s", lst.verdict)
		}
		want, wantRuns := Hit, int32(1)
		if withErrors {
			want, wantRuns = Miss, 1+waiters
		}
		for v := range got {
			if v != want {
				t.Errorf("errors %v: a waiter says %s, want %s", withErrors, v, want)
			}
		}
		if n := ran.Load(); n != wantRuns {
			t.Errorf("errors %v: computed %d times, want %d", withErrors, n, wantRuns)
		}
		if len(c.flights.m) != 0 {
			t.Errorf("%d flights left", len(c.flights.m))
		}
	}
}
