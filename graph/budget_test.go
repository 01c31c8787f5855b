package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/lib/pq"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"xiaoneng/internal/apperr"
)

type answer struct {
	status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (a answer) String() string {
	b, _ := json.Marshal(a.Errors)
	s := fmt.Sprintf("HTTP %d data %s errors %s", a.status, a.Data, b)
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}

// limitValues are the limits by their names in extensions.limit.
var limitValues = map[string]int{
	"tokens": MaxTokens, "selections": MaxSelections, "fragments": MaxFragments, "aliases": MaxAliases,
	"directives": MaxDirectives, "fieldRepeats": MaxFieldRepeats, "depth": MaxDepth, "inputDepth": MaxInputDepth,
	"variableValues": MaxVariableValues, "complexity": MaxComplexity,
}

// refusedBy checks that a was refused by limit before anything ran: the
// status of a validation failure, BAD_USER_INPUT, the limit named, its
// value in the message, no data.
func (a answer) refusedBy(limit string) error {
	value := limitValues[limit]
	if a.status != http.StatusUnprocessableEntity || len(a.Errors) != 1 || (string(a.Data) != "" && string(a.Data) != "null") {
		return fmt.Errorf("not refused before running: %v", a)
	}
	e := a.Errors[0]
	if e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["limit"] != limit || !strings.Contains(e.Message, strconv.Itoa(value)) {
		return fmt.Errorf("want BAD_USER_INPUT, limit %s and %d in the message: %v", limit, value, a)
	}
	return nil
}

// passed checks that a went through every limit: no error names one and
// none is BAD_USER_INPUT (an anonymous caller gets UNAUTHENTICATED).
func (a answer) passed() error {
	for _, e := range a.Errors {
		if e.Extensions["limit"] != nil || e.Extensions["code"] == "BAD_USER_INPUT" || e.Extensions["code"] == "INTERNAL" {
			return fmt.Errorf("refused: %v", a)
		}
	}
	if a.status != http.StatusOK {
		return fmt.Errorf("status: %v", a)
	}
	return nil
}

func decode(t testing.TB, rec *httptest.ResponseRecorder) answer {
	t.Helper()
	a := answer{status: rec.Code}
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatalf("HTTP %d, not a GraphQL answer (%v): %.300s", rec.Code, err, rec.Body.String())
	}
	return a
}

// post sends a GraphQL request as an anonymous caller.
func post(t testing.TB, srv http.Handler, ctx context.Context, body map[string]any) answer {
	t.Helper()
	b, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(b))).WithContext(ctx)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return decode(t, rec)
}

func postQuery(t testing.TB, srv http.Handler, q string, vars map[string]any) answer {
	t.Helper()
	return post(t, srv, context.Background(), map[string]any{"query": q, "variables": vars})
}

func get(t testing.TB, srv http.Handler, ctx context.Context, params url.Values) answer {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/graphql?"+params.Encode(), nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return decode(t, rec)
}

func nest(n int, open, inner, close string) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// inlineOps is a document of operations A, B, C whose nested inline
// fragments make n selections in all (each operation counts its inline
// fragments and its one field); the parser allows 1,000 levels.
func inlineOps(n int) string {
	var b strings.Builder
	for i, name := range []string{"A", "B", "C"} {
		k := n/3 - 1
		if i == 0 {
			k += n % 3
		}
		fmt.Fprintf(&b, "query %s { %s }\n", name, nest(k, "...{ ", "__typename", " }"))
	}
	return b.String()
}

func aliases(n int, prefix string) string {
	return join(n, func(i int) string { return fmt.Sprintf(" %s%d: __typename", prefix, i) })
}

func chain(n int) string { // n fragments, each spreading the next
	return "{ ...F0 }\n" + join(n, func(i int) string {
		if i == n-1 {
			return fmt.Sprintf("fragment F%d on Query { __typename }\n", i)
		}
		return fmt.Sprintf("fragment F%d on Query { ...F%d }\n", i, i+1)
	})
}

func idList(n int) []any {
	ids := make([]any, n)
	for i := range ids {
		ids[i] = "1"
	}
	return ids
}

// complexityDoc costs exactly 20,000 + extra, counted by hand: a cockpit
// 8 × 500 + itself + one field (4,002); imbalance, onTime, visits,
// buckPassing, meetingShare 500 + 2 each; a connection of 100 with
// totalCount 101, of k with it k + 1.
func complexityDoc(extra int) string {
	return `{ a: cockpit { completedCount } b: cockpit { completedCount } c: cockpit { completedCount } d: cockpit { completedCount }
	imbalance { gini } onTime { rate } visits { done } buckPassing { transfers } meetingShare { share }
	accounts(first: 100) { totalCount } auditLogs(first: 100) { totalCount } complaints(first: 100) { totalCount }
	departments(first: 100) { totalCount } ratings(first: 100) { totalCount } rectifications(first: 100) { totalCount }
	responsibilityItems(first: 100) { totalCount } serviceVisits(first: 100) { totalCount } tasks(first: 100) { totalCount }
	workCalendar(first: 100) { totalCount } myRatings(first: 100) { totalCount }
	t2: tasks(first: 100) { totalCount } t3: tasks(first: 100) { totalCount } t4: tasks(first: 100) { totalCount }
	staffMembers(first: ` + strconv.Itoa(67+extra) + `) { totalCount } }`
}

func nestedVariable(levels int) map[string]any {
	var w any = map[string]any{}
	for range levels - 1 {
		w = map[string]any{"not": w}
	}
	return map[string]any{"w": w}
}

// Each limit just under and just over, over HTTP through the server.
func TestDocumentLimitsAtTheirEdges(t *testing.T) {
	srv := NewServer(&Resolver{})
	type request struct {
		query string
		vars  map[string]any
		op    string
	}
	// tokens: "{ nodes ( ids : [" + k ids + "] ) { id } }" is 12 + k
	tokens := func(n int) request {
		return request{query: "{ nodes(ids: [" + strings.Repeat(`"1" `, n-12) + "]) { id } }"}
	}
	depth := func(n int) request { // departments, edges, node, parents, name
		return request{query: "{ departments(first: 1) { edges { node { " + nest(n-4, "parent { ", "name", " } ") + " } } } }"}
	}
	for _, c := range []struct {
		limit       string
		under, over request
	}{
		{"tokens", tokens(MaxTokens), tokens(MaxTokens + 1)},
		{"selections", request{query: inlineOps(MaxSelections), op: "A"}, request{query: inlineOps(MaxSelections + 1), op: "A"}},
		{"fragments", request{query: chain(MaxFragments)}, request{query: chain(MaxFragments + 1)}},
		{"aliases", request{query: "{" + aliases(15, "a") + " }"}, request{query: "{" + aliases(16, "a") + " }"}},
		// a fragment's aliases count each time it is spread
		{"aliases",
			request{query: "{ ...F ...F ...F }\nfragment F on Query {" + aliases(5, "a") + " }"},
			request{query: "{ ...F ...F ...F ...F }\nfragment F on Query {" + aliases(4, "a") + " }"}},
		{"directives",
			request{query: "{ " + nest(50, "... @include(if: true) { ", "__typename", " } ") + " }"},
			request{query: "{ " + nest(51, "... @include(if: true) { ", "__typename", " } ") + " }"}},
		{"fieldRepeats",
			request{query: "{" + strings.Repeat(" __typename", 10) + " }"},
			request{query: "{" + strings.Repeat(" __typename", 11) + " }"}},
		// the same field through fragments
		{"fieldRepeats",
			request{query: "{ __typename ...F ...G }\nfragment F on Query { __typename ...G }\nfragment G on Query {" + strings.Repeat(" __typename", 4) + " }"},
			request{query: "{ __typename ...F ...G }\nfragment F on Query { __typename __typename ...G }\nfragment G on Query {" + strings.Repeat(" __typename", 4) + " }"}},
		{"depth", depth(MaxDepth), depth(MaxDepth + 1)},
		{"inputDepth",
			request{query: "{ tasks(where: " + nest(MaxInputDepth-1, "{not: ", "{}", "}") + ") { totalCount } }"},
			request{query: "{ tasks(where: " + nest(MaxInputDepth, "{not: ", "{}", "}") + ") { totalCount } }"}},
		{"inputDepth",
			request{query: "query($w: TaskWhereInput) { tasks(where: $w) { totalCount } }", vars: nestedVariable(MaxInputDepth)},
			request{query: "query($w: TaskWhereInput) { tasks(where: $w) { totalCount } }", vars: nestedVariable(MaxInputDepth + 1)}},
		// the list and its ids
		{"variableValues",
			request{query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", vars: map[string]any{"ids": idList(MaxVariableValues - 1)}},
			request{query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", vars: map[string]any{"ids": idList(MaxVariableValues)}}},
		{"complexity", request{query: complexityDoc(0)}, request{query: complexityDoc(1)}},
	} {
		t.Run(c.limit, func(t *testing.T) {
			under := post(t, srv, context.Background(), map[string]any{"query": c.under.query, "variables": c.under.vars, "operationName": c.under.op})
			if err := under.passed(); err != nil {
				t.Errorf("just under: %v", err)
			}
			over := post(t, srv, context.Background(), map[string]any{"query": c.over.query, "variables": c.over.vars, "operationName": c.over.op})
			if err := over.refusedBy(c.limit); err != nil {
				t.Errorf("just over: %v", err)
			}
		})
	}
}

// The known attack shapes, at the largest size the body and the token
// limit allow, are refused by the limit meant for them (or by validation),
// never run; the ones built to pass the limits do, as an anonymous caller.
func TestHostileDocuments(t *testing.T) {
	srv := NewServer(&Resolver{})
	for _, h := range hostileDocuments {
		t.Run(h.name, func(t *testing.T) {
			q, vars := h.build(h.big)
			body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
			if len(body) > bodyLimit {
				t.Fatalf("the body (%d bytes) is over the limit", len(body))
			}
			a := postQuery(t, srv, q, vars)
			switch h.refusedBy {
			case "":
				if err := a.passed(); err != nil {
					t.Error(err)
				}
			case "validation":
				if a.status != http.StatusUnprocessableEntity || len(a.Errors) == 0 || a.Errors[0].Extensions["code"] != "BAD_USER_INPUT" ||
					a.Errors[0].Extensions["limit"] != nil {
					t.Errorf("not refused by validation: %v", a)
				}
			default:
				if err := a.refusedBy(h.refusedBy); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// A refusal looks the same over GET, and for a query sent by its hash
// (automatic persisted queries): the persisted text is checked too.
func TestRefusalOverGETAndPersistedQueries(t *testing.T) {
	srv := NewServer(&Resolver{})
	bomb := "{" + aliases(16, "a") + " }"
	if err := get(t, srv, context.Background(), url.Values{"query": {bomb}}).refusedBy("aliases"); err != nil {
		t.Errorf("GET: %v", err)
	}
	sum := sha256.Sum256([]byte(bomb))
	apq := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	if err := post(t, srv, context.Background(), map[string]any{"query": bomb, "extensions": apq}).refusedBy("aliases"); err != nil {
		t.Errorf("persisted with its text: %v", err)
	}
	if err := post(t, srv, context.Background(), map[string]any{"extensions": apq}).refusedBy("aliases"); err != nil {
		t.Errorf("by its hash alone: %v", err)
	}
	ext, _ := json.Marshal(apq)
	if err := get(t, srv, context.Background(), url.Values{"extensions": {string(ext)}}).refusedBy("aliases"); err != nil {
		t.Errorf("by its hash alone over GET: %v", err)
	}
	// a good query still runs by its hash
	good := "{" + aliases(15, "a") + " }"
	sum = sha256.Sum256([]byte(good))
	apq = map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	post(t, srv, context.Background(), map[string]any{"query": good, "extensions": apq})
	if a := post(t, srv, context.Background(), map[string]any{"extensions": apq}); len(a.Errors) > 0 || !strings.Contains(string(a.Data), `"a14":"Query"`) {
		t.Errorf("good query by its hash: %v", a)
	}
}

// A request past its deadline is answered TIMEOUT before it is parsed;
// validation running past it is noticed before the complexity walk and
// the resolvers.
func TestDeadline(t *testing.T) {
	srv := NewServer(&Resolver{})
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	timedOut := func(how string, a answer) {
		t.Helper()
		if len(a.Errors) != 1 || a.Errors[0].Extensions["code"] != "TIMEOUT" || (string(a.Data) != "" && string(a.Data) != "null") {
			t.Errorf("%s: %v", how, a)
		}
	}
	timedOut("POST", post(t, srv, ctx, map[string]any{"query": "{ __typename }"}))
	timedOut("GET", get(t, srv, ctx, url.Values{"query": {"{ __typename }"}}))
	// a document whose verdict is cached is no exception
	postQuery(t, srv, "{ viewer { role } }", nil)
	timedOut("cached", post(t, srv, ctx, map[string]any{"query": "{ viewer { role } }"}))

	l := newDocumentLimits(defaultLimits)
	if err := l.MutateOperationContext(ctx, nil); err == nil {
		t.Error("the check after validation let a request past its deadline through")
	} else if code, _, _ := classify(err); code != apperr.Timeout {
		t.Errorf("after validation: %s (%v)", code, err)
	}
	// the deadline reached in a resolver or the database
	for _, err := range []error{
		fmt.Errorf("loading tasks: %w", context.DeadlineExceeded),
		fmt.Errorf("loading tasks: %w", &pq.Error{Code: "57014", Message: "canceling statement due to user request"}),
	} {
		if code, _, _ := classify(err); code != apperr.Timeout {
			t.Errorf("%v: %s", err, code)
		}
	}
	if code, _, _ := classify(&pq.Error{Code: "23505"}); code == apperr.Timeout {
		t.Error("a unique violation classified as a timeout")
	}
}

// Verdicts are cached by the document's text, and a cached refusal gives a
// fresh error each time: the error presenter rewrites the one it is given.
func TestVerdictCache(t *testing.T) {
	l := newDocumentLimits(defaultLimits)
	bomb := "{" + aliases(16, "a") + " }"
	first := l.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: bomb})
	if first == nil {
		t.Fatal("not refused")
	}
	sum := sha256.Sum256([]byte(bomb))
	if r, ok := l.verdicts.Get(context.Background(), string(sum[:])); !ok || r == nil || r.limit != "aliases" {
		t.Fatalf("verdict not cached: %v %v", r, ok)
	}
	first.Extensions["code"] = "BAD_USER_INPUT" // what the presenter does
	second := l.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: bomb})
	if second == nil || second == first || second.Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
		t.Fatalf("second refusal: %+v", second)
	}
	for i := range verdictCacheSize + 10 {
		l.MutateOperationParameters(context.Background(), &graphql.RawParams{Query: fmt.Sprintf("{ a%d: __typename }", i)})
	}
	if _, ok := l.verdicts.Get(context.Background(), string(sum[:])); ok {
		t.Errorf("the oldest of %d verdicts is still kept; the cache holds %d", verdictCacheSize+11, verdictCacheSize)
	}
}

func parse(t *testing.T, q string) *ast.QueryDocument {
	t.Helper()
	d, err := parser.ParseQuery(&ast.Source{Input: q})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// What the walker counts, and how, on documents small enough to count by
// hand.
func TestCheckDocument(t *testing.T) {
	lim := defaultLimits
	for _, c := range []struct {
		name  string
		lim   func(*docLimits)
		query string
		want  string // the limit refused, "" to pass
	}{
		{"a fragment's aliases count where it is spread, not where it is defined",
			func(l *docLimits) { l.aliases = 2 },
			"{ ...F }\nfragment F on Query { a: __typename b: __typename }", ""},
		{"…each time", func(l *docLimits) { l.aliases = 3 },
			"{ ...F x { ...F } }\nfragment F on Query { a: __typename b: __typename }", "aliases"},
		{"aliases in inline fragments", func(l *docLimits) { l.aliases = 1 },
			"{ ... on Query { a: __typename } ... { b: __typename } }", "aliases"},
		{"a fragment's directives count once however often it is spread", func(l *docLimits) { l.directives = 1 },
			"{ ...F ...F ...F }\nfragment F on Query { __typename @skip(if: false) }", ""},
		{"directives of operations, variables and spreads count", func(l *docLimits) { l.directives = 3 },
			"query Q($a: Int @d) @d { ...F @d ... @d { __typename } }\nfragment F on Query { __typename }", "directives"},
		{"a fragment spreading itself", nil, "{ ...A }\nfragment A on Query { ...A }", "fragmentCycles"},
		{"a cycle through two fragments and a field", nil,
			"{ viewer { ...A } }\nfragment A on Viewer { staff { department { ...B } } }\nfragment B on Department { children { ...C } }\nfragment C on Department { parent { ...B } }", "fragmentCycles"},
		{"a cycle in an unused fragment", nil, "{ __typename }\nfragment A on Query { ...B }\nfragment B on Query { ...A }", "fragmentCycles"},
		{"an unknown fragment is validation's to report", nil, "{ ...Nowhere }", ""},
		{"introspection is exempt from the depth limit", func(l *docLimits) { l.depth = 2 },
			"{ __schema { types { fields { type { ofType { ofType { name } } } } } } }", ""},
		{"fields count toward depth", func(l *docLimits) { l.depth = 2 }, "{ viewer { staff { name } } }", "depth"},
		{"fragments count toward depth where spread", func(l *docLimits) { l.depth = 2 },
			"{ viewer { ...S } }\nfragment S on Viewer { staff { name } }", "depth"},
		{"a fragment's own depth is not an operation's", func(l *docLimits) { l.depth = 2 },
			"{ viewer { role } }\nfragment S on Viewer { staff { department { name } } }", ""},
		{"repeats merge under one name across fields", func(l *docLimits) { l.fieldRepeats = 3 },
			"{ viewer { role } viewer { role } v: viewer { role } viewer { role role } }", "fieldRepeats"},
		{"an alias is its own name", func(l *docLimits) { l.fieldRepeats = 2 },
			"{ viewer { role } v: viewer { role } viewer { role } }", ""},
		{"every spread is walked anew", func(l *docLimits) { l.selections = 5 },
			// op: spread, spread + F's field twice = 4; F itself 1 → 5
			"{ ...F ...F }\nfragment F on Query { __typename }", ""},
		{"…and counted", func(l *docLimits) { l.selections = 4 },
			"{ ...F ...F }\nfragment F on Query { __typename }", "selections"},
		{"list and object values both nest", func(l *docLimits) { l.inputDepth = 3 },
			"{ tasks(where: {or: [{not: {}}]}) { totalCount } }", "inputDepth"},
		{"default values are measured", func(l *docLimits) { l.inputDepth = 1 },
			"query($w: TaskWhereInput = {not: {}}) { tasks(where: $w) { totalCount } }", "inputDepth"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := lim
			if c.lim != nil {
				c.lim(&l)
			}
			r := checkDocument(parse(t, c.query), l)
			switch {
			case c.want == "" && r != nil:
				t.Errorf("refused by %s: %s", r.limit, r.msg)
			case c.want != "" && (r == nil || r.limit != c.want):
				t.Errorf("want %s, got %+v", c.want, r)
			}
		})
	}
}

func TestCheckVariables(t *testing.T) {
	lim := defaultLimits
	lim.inputDepth, lim.variableValues = 2, 6
	for _, c := range []struct {
		vars map[string]any
		want string
	}{
		{map[string]any{"a": []any{map[string]any{"b": 1}}}, ""},                 // 3 values, 2 levels
		{map[string]any{"a": []any{map[string]any{"b": []any{}}}}, "inputDepth"}, // 3 levels
		{map[string]any{"a": []any{1, 2, 3}, "b": []any{4}}, ""},                 // 6 values
		{map[string]any{"a": []any{1, 2, 3}, "b": []any{4, 5}}, "variableValues"},
	} {
		r := checkVariables(c.vars, lim)
		if (c.want == "") != (r == nil) || r != nil && r.limit != c.want {
			t.Errorf("%v: want %q, got %+v", c.vars, c.want, r)
		}
	}
}

func TestJSONValues(t *testing.T) {
	for _, c := range []struct {
		json string
		want int
	}{
		{`1`, 1},
		{`"a,[{"`, 1},
		{`[]`, 1},
		{`[ ]`, 1},
		{`[1,2,3]`, 4},
		{`{"a":1,"b":[{}, { }]}`, 5},
		{`["a,b", "[{", "\"],[", "\\", ","]`, 6},
		{`{"q":"{ a(x: [1, 2]) }"}`, 2},
		{"[[[]],\n\t[1]]", 5},
	} {
		var v any
		if err := json.Unmarshal([]byte(c.json), &v); err != nil {
			t.Fatalf("%s: %v", c.json, err)
		}
		if got := jsonValues(c.json); got != c.want {
			t.Errorf("%s: %d, want %d", c.json, got, c.want)
		}
	}
}

// Before the transport decodes a request's JSON, one with more than
// maxRequestValues values is refused: over POST and GET, in the variables
// or anywhere else (extensions).
func TestRequestValuesBeforeDecoding(t *testing.T) {
	srv := NewServer(&Resolver{})
	// {"extensions":{"x":[k zeros]},"query":"…"}: k + 4 values
	body := func(k int) map[string]any {
		return map[string]any{"query": "{ __typename }", "extensions": map[string]any{"x": make([]int, k)}}
	}
	if err := post(t, srv, context.Background(), body(maxRequestValues-4)).passed(); err != nil {
		t.Errorf("just under: %v", err)
	}
	if err := post(t, srv, context.Background(), body(maxRequestValues-3)).refusedBy("variableValues"); err != nil {
		t.Errorf("just over: %v", err)
	}
	zeros, _ := json.Marshal(map[string]any{"x": make([]int, maxRequestValues)})
	if err := get(t, srv, context.Background(), url.Values{"query": {"{ __typename }"}, "variables": {string(zeros)}}).refusedBy("variableValues"); err != nil {
		t.Errorf("GET: %v", err)
	}
}
