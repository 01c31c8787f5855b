package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/graph"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/testdb"
)

// No N+1: a page of tasks with lead department, co-departments, assignments
// and their staff costs the same small number of queries for 5 tasks as for
// 50, for a viewer whose access rule filters (a non-root staff member).
func TestTaskPageQueryCount(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var mu sync.Mutex
		var qs []string
		dia := testdb.EntDialect(e.dialect)
		client := ent.NewClient(ent.Driver(recordingDriver{entsql.OpenDB(dia, e.db()), &mu, &qs}))
		viewer, err := e.app.Sessions.Viewer(context.Background(), int(asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'staff'`))))
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			graph.NewServer(&graph.Resolver{Client: client, Sessions: e.app.Sessions}).
				ServeHTTP(w, r.WithContext(auth.NewContext(r.Context(), viewer)))
		}))
		defer srv.Close()

		queries := func(first string) (int, int) {
			mu.Lock()
			qs = nil
			mu.Unlock()
			q := strings.Replace(taskPageQuery, "first: 50", "first: "+first, 1)
			body, _ := json.Marshal(map[string]string{"query": q})
			res, err := http.Post(srv.URL, "application/json", strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out struct {
				Data   taskPage `json:"data"`
				Errors []any    `json:"errors"`
			}
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
				t.Fatalf("page query: %v %+v", err, out.Errors)
			}
			mu.Lock()
			defer mu.Unlock()
			return len(qs), len(out.Data.Tasks.Edges)
		}
		small, got5 := queries("5")
		large, got50 := queries("50")
		if got5 != 5 || got50 != 50 {
			t.Fatalf("pages of %d and %d tasks; the demo should fill both", got5, got50)
		}
		if small != large || large > 8 {
			t.Fatalf("queries: %d for 5 tasks, %d for 50 (want equal and ≤ 8)", small, large)
		}
		t.Logf("%s: %d SQL queries per page", e.dialect, large)
	})
}
