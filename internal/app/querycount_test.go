package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

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

		// queries posts query with its page size set to first and returns
		// the SQL statements it cost and the answer's data.
		queries := func(query, first string, data any) int {
			mu.Lock()
			qs = nil
			mu.Unlock()
			q := strings.Replace(query, "first: 50", "first: "+first, 1)
			body, _ := json.Marshal(map[string]string{"query": q})
			res, err := http.Post(srv.URL, "application/json", strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out struct {
				Data   json.RawMessage `json:"data"`
				Errors []any           `json:"errors"`
			}
			if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
				t.Fatalf("page query: %v %+v", err, out.Errors)
			}
			if err := json.Unmarshal(out.Data, data); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			return len(qs)
		}
		var page5, page50 taskPage
		small, large := queries(taskPageQuery, "5", &page5), queries(taskPageQuery, "50", &page50)
		if len(page5.Tasks.Edges) != 5 || len(page50.Tasks.Edges) != 50 {
			t.Fatalf("pages of %d and %d tasks; the demo should fill both", len(page5.Tasks.Edges), len(page50.Tasks.Edges))
		}
		if small != large || large > 8 {
			t.Fatalf("queries: %d for 5 tasks, %d for 50 (want equal and ≤ 8)", small, large)
		}

		// The timeline (not an ent edge), asked through a fragment: one
		// query for the page's events, each task's in order of time.
		type timelinePage struct {
			Tasks struct {
				Edges []struct {
					Node struct {
						ID       string `json:"id"`
						Timeline []struct {
							ID string    `json:"id"`
							At time.Time `json:"at"`
						} `json:"timeline"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"tasks"`
		}
		const timelineQuery = `{ tasks(first: 50, orderBy: {field: DUE_AT, direction: DESC}) { edges { node { ...T } } } }
fragment T on Task { id timeline { id at type } }`
		var tl5, tl50 timelinePage
		tSmall, tLarge := queries(timelineQuery, "5", &tl5), queries(timelineQuery, "50", &tl50)
		if tSmall != tLarge || tLarge > 6 {
			t.Fatalf("timeline queries: %d for 5 tasks, %d for 50 (want equal and ≤ 6)", tSmall, tLarge)
		}
		events := 0
		for _, ed := range tl50.Tasks.Edges {
			tl := ed.Node.Timeline
			for i := 1; i < len(tl); i++ {
				if tl[i].At.Before(tl[i-1].At) {
					t.Fatalf("task %s: timeline out of order at %d", ed.Node.ID, i)
				}
			}
			want := asInt(e.scalar(t, `SELECT COUNT(*) FROM task_events WHERE task_id = ?`, tkID64(t, ed.Node.ID)))
			if len(tl) != want {
				t.Fatalf("task %s: %d timeline events, %d in task_events", ed.Node.ID, len(tl), want)
			}
			events += len(tl)
		}
		if events == 0 {
			t.Fatal("the demo's last 50 tasks should have events")
		}
		t.Logf("%s: %d SQL queries per page", e.dialect, large)
	})
}

func tkID64(t *testing.T, id string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		t.Fatalf("id %q: %v", id, err)
	}
	return n
}
