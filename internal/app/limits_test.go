package app_test

import (
	"bytes"
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

	"xiaoneng/graph"
	"xiaoneng/internal/app"
)

// refused checks that r was refused by limit before anything ran.
func (r gqlResponse) refused(t *testing.T, what, limit string, value int) {
	t.Helper()
	if r.Status != http.StatusUnprocessableEntity || len(r.Errors) != 1 || (len(r.Data) > 0 && string(r.Data) != "null") {
		t.Errorf("%s: not refused before running: status %d, errors %+v, data %s", what, r.Status, r.Errors, r.Data)
		return
	}
	e := r.Errors[0]
	if e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["limit"] != limit || !strings.Contains(e.Message, strconv.Itoa(value)) {
		t.Errorf("%s: want BAD_USER_INPUT, limit %s and %d in the message: %+v", what, limit, value, e)
	}
}

func aliased(n int, field string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s", i, field)
	}
	b.WriteString(" }")
	return b.String()
}

func (e *env) get(t *testing.T, token string, params url.Values) gqlResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/graphql?"+params.Encode(), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(t, req)
}

func (e *env) post(t *testing.T, token string, body []byte) gqlResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(t, req)
}

// The limits at their edges over HTTP, signed in, on both databases: the
// request just under runs and answers, the one just over is refused
// before it runs, over POST, GET and as a persisted query.
func TestLimitsOverHTTP(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		tok := e.login(t, "leader")

		// aliases
		var fifteen map[string]struct{ Role string }
		e.do(t, tok, aliased(graph.MaxAliases, "viewer { role }"), nil).ok(t, &fifteen)
		if len(fifteen) != graph.MaxAliases || fifteen["a14"].Role != "LEADER" {
			t.Errorf("15 aliases: %v", fifteen)
		}
		bomb := aliased(graph.MaxAliases+1, "viewer { role }")
		e.do(t, tok, bomb, nil).refused(t, "16 aliases", "aliases", graph.MaxAliases)
		e.get(t, tok, url.Values{"query": {bomb}}).refused(t, "16 aliases over GET", "aliases", graph.MaxAliases)
		sum := sha256.Sum256([]byte(bomb))
		apq, _ := json.Marshal(map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}})
		body, _ := json.Marshal(map[string]any{"query": bomb, "extensions": json.RawMessage(apq)})
		e.post(t, tok, body).refused(t, "16 aliases persisted", "aliases", graph.MaxAliases)
		e.get(t, tok, url.Values{"extensions": {string(apq)}}).refused(t, "16 aliases by their hash", "aliases", graph.MaxAliases)

		// nodes(ids:)
		var dept struct {
			Departments struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		e.do(t, tok, `{ departments(first: 1) { edges { node { id } } } }`, nil).ok(t, &dept)
		ids := func(n int) map[string]any {
			l := make([]string, n)
			for i := range l {
				l[i] = dept.Departments.Edges[0].Node.ID
			}
			return map[string]any{"ids": l}
		}
		const nodes = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`
		var got struct{ Nodes []struct{ ID string } }
		e.do(t, tok, nodes, ids(graph.MaxNodes)).ok(t, &got)
		if len(got.Nodes) != graph.MaxNodes || got.Nodes[99].ID != dept.Departments.Edges[0].Node.ID {
			t.Errorf("100 ids: %d nodes", len(got.Nodes))
		}
		r := e.do(t, tok, nodes, ids(graph.MaxNodes+1))
		if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "ids" || !strings.Contains(r.Errors[0].Message, "100") {
			t.Errorf("101 ids: %+v", r.Errors)
		}

		// cockpits: each costs 8 analyses; four fit under the complexity
		// limit, five do not (and neither would hundreds, whatever the
		// alias limit)
		var four map[string]struct{ CompletedCount *int }
		e.do(t, tok, aliased(4, "cockpit { completedCount }"), nil).ok(t, &four)
		if len(four) != 4 || four["a0"].CompletedCount == nil || four["a3"].CompletedCount == nil {
			t.Errorf("four cockpits: %v", four)
		}
		e.do(t, tok, aliased(5, "cockpit { completedCount }"), nil).refused(t, "five cockpits", "complexity", graph.MaxComplexity)
		e.do(t, tok, aliased(300, "cockpit { completedCount }"), nil).refused(t, "300 cockpits", "aliases", graph.MaxAliases)

		// depth: departments, edges, node, parents, name
		depth := func(n int) string {
			return "{ departments(first: 1) { edges { node { " + strings.Repeat("parent { ", n-4) + "name" + strings.Repeat(" }", n-4) + " } } } }"
		}
		e.do(t, tok, depth(graph.MaxDepth), nil).ok(t, nil)
		e.do(t, tok, depth(graph.MaxDepth+1), nil).refused(t, "depth 13", "depth", graph.MaxDepth)

		// directives, each on an inline fragment nested in the last
		directives := func(n int) string {
			return "{ " + strings.Repeat("... @include(if: true) { ", n) + "viewer { role }" + strings.Repeat(" }", n) + " }"
		}
		e.do(t, tok, directives(graph.MaxDirectives), nil).ok(t, nil)
		e.do(t, tok, directives(graph.MaxDirectives+1), nil).refused(t, "51 directives", "directives", graph.MaxDirectives)

		// selections: operations A, B and C, each of nested inline
		// fragments around viewer { role }, n selections in all
		selections := func(n int) []byte {
			var q strings.Builder
			for i, name := range []string{"A", "B", "C"} {
				k := n/3 - 2
				if i == 0 {
					k += n % 3
				}
				fmt.Fprintf(&q, "query %s { %sviewer { role }%s }\n", name, strings.Repeat("... { ", k), strings.Repeat(" }", k))
			}
			b, _ := json.Marshal(map[string]any{"query": q.String(), "operationName": "A"})
			return b
		}
		e.post(t, tok, selections(graph.MaxSelections)).ok(t, nil)
		e.post(t, tok, selections(graph.MaxSelections+1)).refused(t, "2,001 selections", "selections", graph.MaxSelections)

		// tokens: "{ nodes ( ids : [" + k ids + "] ) { id } }" is 12 + k
		tokens := func(n int) string {
			return "{ nodes(ids: [" + strings.Repeat(strconv.Quote(dept.Departments.Edges[0].Node.ID)+" ", n-12) + "]) { id } }"
		}
		if r := e.do(t, tok, tokens(graph.MaxTokens), nil); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "ids" {
			t.Errorf("15,000 tokens: want the nodes resolver's refusal of the ids, got %+v", r.Errors)
		}
		e.do(t, tok, tokens(graph.MaxTokens+1), nil).refused(t, "15,001 tokens", "tokens", graph.MaxTokens)

		// the body: exactly MaxBodyBytes is read; one byte more is not
		pad := func(n int) []byte {
			b, _ := json.Marshal(struct {
				Query   string `json:"query"`
				Padding string `json:"padding"`
			}{Query: "{ viewer { role } }"})
			return append(b[:len(b)-2], append(bytes.Repeat([]byte("x"), n-len(b)), '"', '}')...)
		}
		if b := pad(app.MaxBodyBytes); len(b) != app.MaxBodyBytes || !json.Valid(b) {
			t.Fatalf("padded body of %d bytes", len(b))
		}
		e.post(t, tok, pad(app.MaxBodyBytes)).ok(t, nil)
		if r := e.post(t, tok, pad(app.MaxBodyBytes+1)); r.Status != http.StatusRequestEntityTooLarge || r.code() != "BAD_USER_INPUT" {
			t.Errorf("a body of 1 MiB + 1: status %d, %+v", r.Status, r.Errors)
		}
	})
}

// A request whose deadline has passed is answered TIMEOUT, signed in or
// not, whatever it asks; nothing of it runs.
func TestRequestDeadline(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		tok := e.login(t, "leader")
		ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Millisecond))
		defer cancel()
		for _, c := range []struct{ token, query string }{
			{"", `{ publicDepartments { name } }`},
			{tok, `{ viewer { role } }`},
			{tok, `{ cockpit { completedCount } }`},
			{tok, `mutation { createApiToken(name: "late", scopes: ["read:org"]) { secret } }`},
		} {
			body, _ := json.Marshal(map[string]any{"query": c.query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body)).WithContext(ctx)
			req.Header.Set("Content-Type", "application/json")
			if c.token != "" {
				req.Header.Set("Authorization", "Bearer "+c.token)
			}
			rec := httptest.NewRecorder()
			e.app.Handler().ServeHTTP(rec, req)
			var r gqlResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
				t.Fatalf("%s: not a GraphQL answer (%v): %s", c.query, err, rec.Body)
			}
			if rec.Code != http.StatusOK || len(r.Errors) != 1 || r.code() != "TIMEOUT" || (len(r.Data) > 0 && string(r.Data) != "null") {
				t.Errorf("%s: status %d, %s", c.query, rec.Code, rec.Body)
			}
		}
		var tokens struct{ ApiTokens []struct{ Name string } }
		e.do(t, tok, `{ apiTokens { name } }`, nil).ok(t, &tokens)
		for _, x := range tokens.ApiTokens {
			if x.Name == "late" {
				t.Error("the mutation past its deadline ran")
			}
		}
	})
}
