package app_test

import (
	"bytes"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"xiaoneng/internal/auth"
)

const doneWhenQuery = `{ tasks(first: 5, orderBy: {field: DUE_AT, direction: ASC}) { totalCount edges { node { id title dueAt leadDepartment { name } assignments { hours staff { name } } } } } }`

type taskPage struct {
	Tasks struct {
		TotalCount int `json:"totalCount"`
		Edges      []struct {
			Node struct {
				ID             string    `json:"id"`
				Title          string    `json:"title"`
				DueAt          time.Time `json:"dueAt"`
				LeadDepartment struct {
					Name string `json:"name"`
				} `json:"leadDepartment"`
				Assignments []struct {
					Hours float64 `json:"hours"`
					Staff struct {
						Name string `json:"name"`
					} `json:"staff"`
				} `json:"assignments"`
			} `json:"node"`
		} `json:"edges"`
	} `json:"tasks"`
}

// rebind turns ? placeholders into $n for PostgreSQL.
func (e *env) rebind(q string) string {
	if e.dialect != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$")
			b.WriteString(string(rune('0' + n)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (e *env) db() *sql.DB { return e.app.Store.DB }

func (e *env) scalar(t *testing.T, q string, args ...any) any {
	t.Helper()
	var v any
	if err := e.db().QueryRow(e.rebind(q), args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

func asInt(v any) int {
	switch x := v.(type) {
	case int64:
		return int(x)
	case float64:
		return int(x)
	}
	return -1
}

// The query of the foundation issue's "Done when", as the demo leader, checked
// against direct SQL over the same database.
func TestDoneWhenQuery(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var page taskPage
		e.do(t, e.login(t, "leader"), doneWhenQuery, nil).ok(t, &page)

		want := asInt(e.scalar(t, `SELECT count(*) FROM tasks`))
		if want < 1000 || page.Tasks.TotalCount != want {
			t.Fatalf("totalCount = %d, tasks in the database = %d (the agency leader sees all)", page.Tasks.TotalCount, want)
		}
		if len(page.Tasks.Edges) != 5 {
			t.Fatalf("got %d edges, want 5", len(page.Tasks.Edges))
		}
		rows, err := e.db().Query(`SELECT t.title, d.name FROM tasks t JOIN departments d ON d.id = t.lead_department_id ORDER BY t.due_at, t.id LIMIT 5`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for i := 0; rows.Next(); i++ {
			var title, dept string
			if err := rows.Scan(&title, &dept); err != nil {
				t.Fatal(err)
			}
			n := page.Tasks.Edges[i].Node
			if n.Title != title || n.LeadDepartment.Name != dept {
				t.Errorf("edge %d = %q (%s), SQL says %q (%s)", i, n.Title, n.LeadDepartment.Name, title, dept)
			}
		}
		for _, edge := range page.Tasks.Edges {
			var sum float64
			for _, a := range edge.Node.Assignments {
				sum += a.Hours
				if a.Staff.Name == "" {
					t.Errorf("assignment of %q without a staff name", edge.Node.Title)
				}
			}
			id := mustAtoi(t, edge.Node.ID)
			var want sql.NullFloat64
			if err := e.db().QueryRow(e.rebind(`SELECT sum(hours) FROM task_assignments WHERE task_id = ?`), id).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if diff := sum - want.Float64; diff > 1e-9 || diff < -1e-9 {
				t.Errorf("task %s: assignment hours %v, SQL %v", edge.Node.ID, sum, want.Float64)
			}
		}
	})
}

func mustAtoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			t.Fatalf("id %q is not numeric", s)
		}
		n = n*10 + int64(r-'0')
	}
	return n
}

func TestViewer(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		for _, login := range []string{"admin", "leader", "staff", "frontline"} {
			var data struct {
				Viewer struct {
					Role    string   `json:"role"`
					Scopes  []string `json:"scopes"`
					Account struct {
						Login string `json:"login"`
					} `json:"account"`
					Staff *struct {
						Name string `json:"name"`
					} `json:"staff"`
				} `json:"viewer"`
			}
			e.do(t, e.login(t, login), `{ viewer { role scopes account { login } staff { name } } }`, nil).ok(t, &data)
			if data.Viewer.Account.Login != login || data.Viewer.Role != strings.ToUpper(login) {
				t.Errorf("viewer of %s = %+v", login, data.Viewer)
			}
			if data.Viewer.Staff == nil || data.Viewer.Staff.Name == "" {
				t.Errorf("demo account %s has no staff name", login)
			}
			if len(data.Viewer.Scopes) == 0 {
				t.Errorf("%s has no scopes", login)
			}
		}
	})
}

// The login payload's viewer reads as the new viewer, nested edges included.
func TestLoginPayloadViewer(t *testing.T) {
	e := demoEnv(t, "sqlite")
	var data struct {
		Login struct {
			Viewer struct {
				Staff struct {
					Department struct{ Name string } `json:"department"`
				} `json:"staff"`
			} `json:"viewer"`
		} `json:"login"`
	}
	e.do(t, "", `mutation{login(username:"staff",password:"xiaoneng-demo"){viewer{staff{department{name}}}}}`, nil).ok(t, &data)
	want := e.scalar(t, `SELECT d.name FROM accounts a JOIN staff s ON s.id = a.staff_id JOIN departments d ON d.id = s.department_id WHERE a.login = 'staff'`)
	if data.Login.Viewer.Staff.Department.Name != want {
		t.Fatalf("login viewer department = %q, want %v", data.Login.Viewer.Staff.Department.Name, want)
	}
}

func TestLoginRefusesWrongPassword(t *testing.T) {
	e := demoEnv(t, "sqlite")
	r := e.do(t, "", `mutation{login(username:"leader",password:"nope"){accessToken}}`, nil)
	if r.code() != "UNAUTHENTICATED" {
		t.Fatalf("wrong password: code %q, errors %+v", r.code(), r.Errors)
	}
	r = e.do(t, "", `mutation{login(username:"",password:"x"){accessToken}}`, nil)
	if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "username" {
		t.Fatalf("empty username: %+v", r.Errors)
	}
}

// Everything but login, the public complaint operations and introspection
// needs a valid token; every kind of bad token is refused.
func TestUnauthenticatedRefused(t *testing.T) {
	e := demoEnv(t, "sqlite")
	secret, err := auth.LoadOrCreateSecret(e.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	good := e.login(t, "leader")
	parts := strings.Split(good, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	tamperedPayload := strings.Replace(string(payload), `"LEADER"`, `"ADMIN"`, 1)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(tamperedPayload)) + "." + parts[2]
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	expired, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"aid": 1, "role": "ADMIN", "sub": "1", "iss": "xiaoneng", "aud": "xiaoneng-api",
		"exp": time.Now().Add(-time.Hour).Unix(), "iat": time.Now().Add(-2 * time.Hour).Unix(),
	}).SignedString(secret)
	wrongKey, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"aid": 1, "role": "ADMIN", "sub": "1", "iss": "xiaoneng", "aud": "xiaoneng-api",
		"exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString([]byte(strings.Repeat("k", 48)))
	oversized := good + strings.Repeat("A", 5000)

	cases := map[string]string{
		"no token": "", "tampered": tampered, "alg none": none, "expired": expired,
		"wrong key": wrongKey, "oversized": oversized, "garbage": "not-a-token",
	}
	for name, tok := range cases {
		for _, q := range []string{`{ viewer { role } }`, `{ tasks(first: 1) { totalCount } }`, `{ departments(first: 1) { totalCount } }`} {
			r := e.do(t, tok, q, nil)
			if r.code() != "UNAUTHENTICATED" {
				t.Errorf("%s, %s: code %q, data %s", name, q, r.code(), r.Data)
			}
		}
	}
	// Introspection stays open: the schema is public documentation.
	var intro struct {
		Schema struct {
			QueryType struct{ Name string } `json:"queryType"`
		} `json:"__schema"`
	}
	e.do(t, "", `{ __schema { queryType { name } } }`, nil).ok(t, &intro)
	if intro.Schema.QueryType.Name != "Query" {
		t.Fatalf("introspection: %+v", intro)
	}
}

func TestPageSizeCapped(t *testing.T) {
	e := demoEnv(t, "sqlite")
	tok := e.login(t, "leader")
	for _, arg := range []string{"first: 101", "last: 1000", "first: -1"} {
		r := e.do(t, tok, `{ tasks(`+arg+`) { totalCount } }`, nil)
		field := strings.SplitN(arg, ":", 2)[0]
		if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != field {
			t.Errorf("%s: %+v", arg, r.Errors)
		}
	}
	var page taskPage
	e.do(t, tok, `{ tasks(first: 100) { totalCount edges { node { id } } } }`, nil).ok(t, &page)
	if len(page.Tasks.Edges) != 100 {
		t.Fatalf("first: 100 returned %d edges", len(page.Tasks.Edges))
	}
	e.do(t, tok, `{ tasks { edges { node { id } } } }`, nil).ok(t, &page)
	if len(page.Tasks.Edges) != 100 {
		t.Fatalf("no first/last should give the default page of 100, got %d", len(page.Tasks.Edges))
	}
}

// The complexity limit refuses a query that could touch 100 × 10 × 10 × 10
// rows before running it; a page of 50 tasks with their departments and
// assignees passes.
func TestComplexityLimit(t *testing.T) {
	e := demoEnv(t, "sqlite")
	tok := e.login(t, "leader")
	r := e.do(t, tok, `{ departments(first: 100) { edges { node { children { children { children { children { name } } } } } } } }`, nil)
	if len(r.Errors) == 0 || !strings.Contains(strings.ToLower(r.Errors[0].Message), "complex") {
		t.Fatalf("deep nested walk not refused: %+v", r.Errors)
	}
	if string(r.Data) != "" && string(r.Data) != "null" {
		t.Fatalf("refused query returned data: %s", r.Data)
	}
	e.do(t, tok, taskPageQuery, nil).ok(t, nil)
}

const taskPageQuery = `{ tasks(first: 50, orderBy: {field: DUE_AT, direction: ASC}) { totalCount pageInfo { hasNextPage endCursor }
  edges { node { id title kind status dueAt leadDepartment { id name } coDepartments { id name }
    assignments { id hours staff { id name } } } } } }`

func TestDepthLimit(t *testing.T) {
	e := demoEnv(t, "sqlite")
	q := `{ departments(first: 1) { edges { node { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } } }`
	r := e.do(t, e.login(t, "leader"), q, nil)
	if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "deep") {
		t.Fatalf("deep query: %+v", r.Errors)
	}
}

func TestGraphQLOverHTTP(t *testing.T) {
	e := demoEnv(t, "sqlite")
	tok := e.login(t, "leader")

	// GET for queries.
	u := e.srv.URL + "/graphql?query=" + url.QueryEscape(`{ viewer { role } }`)
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	var v struct {
		Viewer struct{ Role string } `json:"viewer"`
	}
	send(t, req).ok(t, &v)
	if v.Viewer.Role != "LEADER" {
		t.Fatalf("GET query: %+v", v)
	}
	// GET must not run mutations.
	u = e.srv.URL + "/graphql?query=" + url.QueryEscape(`mutation { logout(refreshToken: "x") }`)
	req, _ = http.NewRequest(http.MethodGet, u, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode < 400 {
		t.Fatalf("mutation over GET answered %d", res.StatusCode)
	}

	// Oversized bodies are refused before they are read.
	big := bytes.Repeat([]byte("x"), 2<<20)
	body, _ := json.Marshal(map[string]string{"query": "{ viewer { role } } #" + string(big)})
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("2 MiB body: status %d", res.StatusCode)
	}

	// Health endpoints.
	for _, p := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(e.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
}

// A refresh token works once; presenting it again revokes the whole session.
func TestRefreshRotation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		type pair struct {
			AccessToken  string `json:"accessToken"`
			RefreshToken string `json:"refreshToken"`
		}
		var first struct{ Login pair }
		e.do(t, "", `mutation{login(username:"staff",password:"xiaoneng-demo"){accessToken refreshToken}}`, nil).ok(t, &first)
		var second struct{ RefreshToken pair }
		e.do(t, "", `mutation($r:String!){refreshToken(refreshToken:$r){accessToken refreshToken viewer{role}}}`,
			map[string]any{"r": first.Login.RefreshToken}).ok(t, &second)
		if second.RefreshToken.RefreshToken == first.Login.RefreshToken {
			t.Fatal("refresh token did not rotate")
		}
		// Replaying the first token is refused and kills the rotated one too.
		r := e.do(t, "", `mutation($r:String!){refreshToken(refreshToken:$r){accessToken}}`, map[string]any{"r": first.Login.RefreshToken})
		if r.code() != "UNAUTHENTICATED" {
			t.Fatalf("replayed refresh token: %+v", r.Errors)
		}
		r = e.do(t, "", `mutation($r:String!){refreshToken(refreshToken:$r){accessToken}}`, map[string]any{"r": second.RefreshToken.RefreshToken})
		if r.code() != "UNAUTHENTICATED" {
			t.Fatalf("session survived a replay: %+v", r.Errors)
		}
		// Logout ends a session.
		var third struct{ Login pair }
		e.do(t, "", `mutation{login(username:"staff",password:"xiaoneng-demo"){accessToken refreshToken}}`, nil).ok(t, &third)
		var out struct{ Logout bool }
		e.do(t, "", `mutation($r:String!){logout(refreshToken:$r)}`, map[string]any{"r": third.Login.RefreshToken}).ok(t, &out)
		r = e.do(t, "", `mutation($r:String!){refreshToken(refreshToken:$r){accessToken}}`, map[string]any{"r": third.Login.RefreshToken})
		if r.code() != "UNAUTHENTICATED" {
			t.Fatalf("refresh after logout: %+v", r.Errors)
		}
	})
}

func TestNodeLookup(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		tok := e.login(t, "leader")
		var page taskPage
		e.do(t, tok, doneWhenQuery, nil).ok(t, &page)
		id := page.Tasks.Edges[0].Node.ID
		var n struct {
			Node  map[string]any   `json:"node"`
			Nodes []map[string]any `json:"nodes"`
		}
		var deptID int64
		if err := e.db().QueryRow(`SELECT id FROM departments ORDER BY id LIMIT 1`).Scan(&deptID); err != nil {
			t.Fatal(err)
		}
		e.do(t, tok, `query($id:ID!,$d:ID!){ node(id:$id){ __typename ... on Task { title } } nodes(ids:[$id,$d]){ __typename } }`,
			map[string]any{"id": id, "d": deptID}).ok(t, &n)
		if n.Node["__typename"] != "Task" || n.Node["title"] != page.Tasks.Edges[0].Node.Title {
			t.Fatalf("node(%s) = %+v", id, n.Node)
		}
		if len(n.Nodes) != 2 || n.Nodes[0]["__typename"] != "Task" || n.Nodes[1]["__typename"] != "Department" {
			t.Fatalf("nodes = %+v", n.Nodes)
		}
	})
}

// The public complaint form lists the agency departments without a login,
// and nothing but their ids and names.
func TestPublicDepartments(t *testing.T) {
	e := demoEnv(t, "sqlite")
	var data struct {
		PublicDepartments []map[string]any `json:"publicDepartments"`
	}
	e.do(t, "", `{ publicDepartments { id name } }`, nil).ok(t, &data)
	want := asInt(e.scalar(t, `SELECT count(*) FROM departments WHERE kind = 'AGENCY' AND parent_id IS NOT NULL`))
	if len(data.PublicDepartments) != want || want == 0 {
		t.Fatalf("%d public departments, %d agency departments", len(data.PublicDepartments), want)
	}
	r := e.do(t, "", `{ publicDepartments { id name code } }`, nil)
	if r.code() != "BAD_USER_INPUT" {
		t.Fatalf("public department exposes more than id and name: %+v", r.Errors)
	}
}
