package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/graph"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/testdb"
)

// recordingDriver keeps the text of the SQL queries ent sends (counted by
// TestTaskPageQueryCount, read by TestTaskTotalCountKept).
type recordingDriver struct {
	dialect.Driver
	mu *sync.Mutex
	qs *[]string
}

func (d recordingDriver) Query(ctx context.Context, q string, args, v any) error {
	d.mu.Lock()
	*d.qs = append(*d.qs, q)
	d.mu.Unlock()
	return d.Driver.Query(ctx, q, args, v)
}

// The root tasks connection reads totalCount from the kept count, without
// COUNT(*), when the viewer sees every task and there is no where; it
// counts otherwise; both give the number of tasks the viewer can see.
func TestTaskTotalCountKept(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var mu sync.Mutex
		var qs []string
		client := ent.NewClient(ent.Driver(recordingDriver{entsql.OpenDB(testdb.EntDialect(e.dialect), e.db()), &mu, &qs}))
		run := func(login, query string) (int, []string) {
			t.Helper()
			viewer, err := e.app.Sessions.Viewer(context.Background(),
				int(asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = '`+login+`'`))))
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			qs = nil
			mu.Unlock()
			body, _ := json.Marshal(map[string]string{"query": query})
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			graph.NewServer(&graph.Resolver{Client: client, Sessions: e.app.Sessions}).
				ServeHTTP(rec, req.WithContext(auth.NewContext(req.Context(), viewer)))
			var out struct {
				Data struct {
					Tasks struct {
						TotalCount int
						Edges      []any
					}
				}
				Errors []any
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Errors) > 0 {
				t.Fatalf("%s: %s", query, rec.Body.String())
			}
			if len(out.Data.Tasks.Edges) != 3 {
				t.Fatalf("%s: %d edges", query, len(out.Data.Tasks.Edges))
			}
			mu.Lock()
			defer mu.Unlock()
			return out.Data.Tasks.TotalCount, append([]string(nil), qs...)
		}
		counts := func(qs []string) bool {
			for _, q := range qs {
				if strings.Contains(strings.ToUpper(q), "COUNT(") {
					return true
				}
			}
			return false
		}
		all := asInt(e.scalar(t, `SELECT count(*) FROM tasks`))
		const page = `{ tasks(first: 3) { totalCount pageInfo { hasNextPage } edges { node { id } } } }`
		n, qs := run("leader", page)
		if n != all || counts(qs) {
			t.Errorf("leader: totalCount %d of %d, COUNT sent: %v", n, all, counts(qs))
		}
		meetings := asInt(e.scalar(t, `SELECT count(*) FROM tasks WHERE kind = 'MEETING'`))
		n, qs = run("leader", `{ tasks(first: 3, where: {kind: MEETING}) { totalCount edges { node { id } } } }`)
		if n != meetings || !counts(qs) {
			t.Errorf("leader, meetings: totalCount %d of %d, COUNT sent: %v", n, meetings, counts(qs))
		}
		n, qs = run("staff", page)
		if n <= 0 || n >= all || !counts(qs) {
			t.Errorf("staff: totalCount %d (of %d in all), COUNT sent: %v", n, all, counts(qs))
		}
	})
}
