package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"xiaoneng/graph"
	"xiaoneng/internal/analytics"
	"xiaoneng/internal/auth"
)

// The fast path of workload and imbalance (graph/fastjson.go) answers with
// exactly the bytes gqlgen's generic execution answers with: the same
// request to a server with it and to one without it, for hand-picked
// queries (aliases, merged fields, fragments, directives, several root
// fields, arguments, errors, selections it must leave to the generic path)
// and for random selections, for the agency leader and restricted viewers,
// on both databases.
func TestFastAnalyticsSameBytes(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		w := e.anWindow(t)
		viewer, post, fast, generic := twoServers(t, e)
		var scopeID string
		if err := e.db().QueryRow(`SELECT id FROM departments WHERE parent_id IS NULL`).Scan(&scopeID); err != nil {
			t.Fatal(err)
		}
		var sub string
		if err := e.db().QueryRow(e.rebind(`SELECT id FROM departments WHERE parent_id = ? ORDER BY id LIMIT 1`), scopeID).Scan(&sub); err != nil {
			t.Fatal(err)
		}
		vars := map[string]any{"w": w, "s": sub, "yes": true, "no": false}
		const win = `(window: $w)`
		queries := []struct {
			q    string
			fast bool // answered by the fast path (else by the generic one)
		}{
			{`query($w: WindowInput) { workload` + win + ` { staff { staff { id } department { id } load capacity utilization flag }
				departments { department { id } staffCount load capacity utilization overloadedCount idleCount } } }`, true},
			{`query($w: WindowInput) { imbalance` + win + ` { gini top20Share n topCount totalLoad overloadedCount idleCount
				overloaded { staff { id } load capacity utilization } idle { staff { id } load capacity utilization } } }`, true},
			{`query($w: WindowInput, $s: ID) { workload(window: $w, scope: $s) { scope { id name } staff { ...F } } }
				fragment F on StaffWorkload { staff { id name position } department { id name } load capacity utilization flag }`, true},
			{`{ workload { __typename window { __typename from to days weeks } scope { __typename id name code }
				staff { __typename s: staff { __typename i: id n: name position employeeNo rank } d: department { id } load capacity utilization flag }
				departments { __typename department { id name code } staffCount load capacity utilization overloadedCount idleCount } } }`, true},
			{`query($w: WindowInput) { workload` + win + ` { staff { load staff { id } load staff { name } l: load } } }`, true},
			{`query($w: WindowInput) { imbalance` + win + ` { idle { ... on StaffWorkload { staff { ... on Node { id } ... on Staff { name } } } } } }`, true},
			{`query($w: WindowInput, $yes: Boolean!, $no: Boolean!) { workload` + win + ` {
				staff { staff { id name @include(if: $no) position @include(if: $yes) } load @skip(if: $yes) capacity @skip(if: $no) } } }`, true},
			{`query($w: WindowInput) { a: workload` + win + ` { staff { load } } b: imbalance` + win + ` { gini n }
				workload { departments { department { name } load } } viewer { role } }`, true},
			{`{ workload(window: {from: "2026-01-01T00:00:00+08:00", to: "2026-04-01T00:00:00+08:00"}, scope: "` + scopeID + `") { window { from to } staff { load } } }`, true},
			{`query($s: ID) { imbalance(scope: $s) { window { from to weeks } scope { id } overloaded { staff { id } department { id name } } } }`, true},
			// Left to the generic path: an edge of a staff member, a field it
			// does not write, a bad window, a scope outside the viewer's subtree.
			{`query($w: WindowInput) { workload` + win + ` { staff { staff { id department { name } } load } } }`, false},
			{`query($w: WindowInput) { workload` + win + ` { staff { staff { id weeklyCapacityHours } } } }`, false},
			{`{ workload(window: {from: "2026-04-01T00:00:00+08:00", to: "2026-01-01T00:00:00+08:00"}) { staff { load } } }`, false},
			{`{ workload(window: {from: "2026-04-01T00:00:00+08:00", to: "2026-01-01T00:00:00+08:00"}) { staff { load } } imbalance { gini } }`, true},
			{`{ imbalance(scope: "` + scopeID + `") { gini } }`, true},
		}
		rng := rand.New(rand.NewSource(20261127))
		for range 30 {
			queries = append(queries, struct {
				q    string
				fast bool
			}{`query($w: WindowInput) { ` + randomSelection(rng, "workload"+win, "Workload") + " " +
				randomSelection(rng, "imbalance"+win, "Imbalance") + ` }`, true})
		}
		for _, login := range []string{"leader", "leader2", "staff"} {
			v := viewer(login)
			for _, c := range queries {
				before := graph.FastAnswers()
				a := post(fast, v, c.q, vars)
				used := graph.FastAnswers() > before
				b := post(generic, v, c.q, vars)
				if !bytes.Equal(a, b) {
					t.Errorf("%s, %s:\nfast    %.400s\ngeneric %.400s", login, c.q, a, b)
				}
				// Where the generic path reports an error the fast path may
				// still have answered another root field.
				if (!c.fast && used) || (c.fast && !used && !bytes.Contains(b, []byte(`"errors"`))) {
					t.Errorf("%s, %s: fast path used %v, want %v", login, c.q, used, c.fast)
				}
				if len(a) < 30 {
					t.Errorf("%s, %s: short answer %s", login, c.q, a)
				}
			}
		}
	})
}

// twoServers gives a GraphQL server with the fast path and one without,
// and a way to post to them as a demo account.
func twoServers(t *testing.T, e *env) (viewer func(string) *auth.Viewer, post func(http.Handler, *auth.Viewer, string, map[string]any) []byte, fast, generic http.Handler) {
	viewer = func(login string) *auth.Viewer {
		v, err := e.app.Sessions.Viewer(context.Background(),
			int(asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = '`+login+`'`))))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	newServer := func(generic bool) http.Handler {
		return graph.NewServer(&graph.Resolver{Client: e.app.Store.Client, Sessions: e.app.Sessions,
			Analytics: analytics.New(e.app.Store.Client, e.app.Store.Dialect), GenericExecution: generic})
	}
	post = func(h http.Handler, v *auth.Viewer, query string, vars map[string]any) []byte {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req.WithContext(auth.NewContext(req.Context(), v)))
		return rec.Body.Bytes()
	}
	return viewer, post, newServer(false), newServer(true)
}

// The fast path of the root tasks connection answers with exactly the
// bytes of gqlgen's generic execution: the benchmark's page, the
// frontend's, aliased (named) edges, pages after and before a cursor,
// filters and orders, errors and selections left to the generic path, and
// random selections, as viewers of every role (privacy filters their
// tasks, edges and hours), on both databases.
func TestFastTasksSameBytes(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		viewer, post, fast, generic := twoServers(t, e)
		var page struct {
			Data struct {
				Tasks struct {
					PageInfo struct{ EndCursor string }
				}
			}
		}
		if err := json.Unmarshal(post(generic, viewer("leader"), `{ tasks(first: 7) { pageInfo { endCursor } edges { cursor } } }`, nil), &page); err != nil {
			t.Fatal(err)
		}
		cursor := page.Data.Tasks.PageInfo.EndCursor
		if cursor == "" {
			t.Fatal("no cursor")
		}
		const frontend = `query Tasks($first: Int!, $after: Cursor, $where: TaskWhereInput, $withHours: Boolean! = true) {
  tasks(first: $first, after: $after, orderBy: {field: DUE_AT, direction: ASC}, where: $where) {
    totalCount pageInfo { hasNextPage endCursor hasPreviousPage startCursor }
    edges { cursor node { id title kind status priority startAt dueAt completedAt leadDepartment { id name }
      coDepartments { id name } assignments @include(if: $withHours) { id hours actualHours staff { id name } }
      firstResponder { id name } } } } }`
		queries := []struct {
			q    string
			vars map[string]any
			fast bool
		}{
			{benchTaskPage, nil, true},
			{taskPageQuery, nil, true},
			{frontend, map[string]any{"first": 20}, true},
			{frontend, map[string]any{"first": 20, "after": cursor, "withHours": false}, true},
			{frontend, map[string]any{"first": 30, "where": map[string]any{"kind": "MEETING"}}, true},
			{frontend, map[string]any{"first": 30, "where": map[string]any{"status": "DONE", "hasCoDepartments": true}}, true},
			{`{ tasks(last: 5, before: "` + cursor + `") { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
				edges { node { id title } } } }`, nil, true},
			{`{ tasks(first: 10, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { __typename id createdAt updatedAt
				description leadDepartmentID leadReceivedAt cancelReason costEstimate costActual
				requestingUnit { id name code } createdBy { id name position employeeNo rank }
				a: assignments { hours } b: assignments { staff { name } taskID staffID }
				lead: leadDepartment { n: name } leadDepartment { code } } } } }`, nil, true},
			{`{ tasks(first: 0) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id } } } }`, nil, true},
			{`{ tasks { totalCount edges { node { id } } } }`, nil, true},
			{`{ tasks(first: 5) { edges { node { id ... on Node { id } ... on Task { title } } } } }`, nil, true},
			// Left to the generic path.
			{`{ tasks(first: 101) { totalCount } }`, nil, false},
			{`{ tasks(first: 5) { edges { node { id overdue workingDaysLeft } } } }`, nil, false},
			{`{ tasks(first: 5) { edges { node { id events { id type } } } } }`, nil, false},
			{`{ tasks(first: 5) { edges { node { id leadDepartment { children { id } } } } } }`, nil, false},
		}
		rng := rand.New(rand.NewSource(20261128))
		for range 25 {
			queries = append(queries, struct {
				q    string
				vars map[string]any
				fast bool
			}{"{ " + randomSelection(rng, "tasks(first: 12)", "TaskConnection") + " }", nil, true})
		}
		fastUsed, withErrors := 0, 0
		for _, login := range []string{"leader", "admin", "leader2", "staff", "frontline"} {
			v := viewer(login)
			for _, c := range queries {
				before := graph.FastAnswers()
				a := post(fast, v, c.q, c.vars)
				used := graph.FastAnswers() > before
				b := post(generic, v, c.q, c.vars)
				if used {
					fastUsed++
				}
				if bytes.Contains(b, []byte(`"errors"`)) {
					withErrors++
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s, %s %v:\nfast    %.400s\ngeneric %.400s", login, c.q, c.vars, a, b)
				}
				if (!c.fast && used) || (c.fast && !used && !bytes.Contains(b, []byte(`"errors"`))) {
					t.Errorf("%s, %s: fast path used %v, want %v", login, c.q, used, c.fast)
				}
				if len(a) < 20 {
					t.Errorf("%s, %s: short answer %s", login, c.q, a)
				}
			}
		}
		// Most answers are the fast path's, and errors stay the exception.
		if n := 5 * len(queries); fastUsed < n/2 || withErrors > n/4 {
			t.Errorf("%d of %d answers from the fast path, %d with errors", fastUsed, n, withErrors)
		}
		t.Logf("%d of %d answers from the fast path, %d with errors", fastUsed, 5*len(queries), withErrors)
	})
}

// randomSelection is field { … } with a random selection of the fields of
// typeName that the fast path writes (random order, aliases, repeats and
// __typename), descending into objects.
func randomSelection(rng *rand.Rand, field, typeName string) string {
	fields := map[string][]string{
		"Workload":           {"window", "scope", "staff", "departments"},
		"Imbalance":          {"window", "scope", "gini", "top20Share", "n", "topCount", "totalLoad", "overloadedCount", "idleCount", "overloaded", "idle"},
		"AnalyticsWindow":    {"from", "to", "days", "weeks"},
		"StaffWorkload":      {"staff", "department", "load", "capacity", "utilization", "flag"},
		"DepartmentWorkload": {"department", "staffCount", "load", "capacity", "utilization", "overloadedCount", "idleCount"},
		"Staff":              {"id", "name", "employeeNo", "position", "rank"},
		"Department":         {"id", "name", "code"},
		"TaskConnection":     {"totalCount", "pageInfo", "edges"},
		"PageInfo":           {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor"},
		"TaskEdge":           {"node", "cursor"},
		"Task": {"id", "createdAt", "updatedAt", "title", "description", "kind", "priority", "status", "startAt", "dueAt",
			"completedAt", "costEstimate", "costActual", "leadDepartmentID", "leadReceivedAt", "cancelReason",
			"leadDepartment", "coDepartments", "requestingUnit", "firstResponder", "createdBy", "assignments"},
		"TaskAssignment": {"id", "taskID", "staffID", "hours", "actualHours", "staff"},
	}
	objects := map[string]string{"window": "AnalyticsWindow", "scope": "Department", "staff": "Staff",
		"departments": "DepartmentWorkload", "department": "Department", "overloaded": "StaffWorkload", "idle": "StaffWorkload",
		"pageInfo": "PageInfo", "edges": "TaskEdge", "node": "Task", "leadDepartment": "Department",
		"coDepartments": "Department", "requestingUnit": "Department", "firstResponder": "Staff", "createdBy": "Staff",
		"assignments": "TaskAssignment"}
	if typeName == "Workload" {
		objects["staff"] = "StaffWorkload"
	}
	fs := fields[typeName]
	var parts []string
	for _, i := range rng.Perm(len(fs))[:1+rng.Intn(len(fs))] {
		f := fs[i]
		alias := ""
		if rng.Intn(5) == 0 {
			alias = "x" + f + ": "
		}
		if sub, ok := objects[f]; ok {
			if typeName == "StaffWorkload" && f == "staff" {
				sub = "Staff"
			}
			parts = append(parts, alias+randomSelection(rng, f, sub))
		} else {
			parts = append(parts, alias+f)
		}
		if rng.Intn(6) == 0 {
			parts = append(parts, "__typename")
		}
	}
	return field + " { " + strings.Join(parts, " ") + " }"
}
