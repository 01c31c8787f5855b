package app_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"xiaoneng/internal/reqid"
)

// lockedBuffer collects log lines written by concurrent requests.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) lines() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(l.b.Bytes()))
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// Every response carries a request id of the server's own making (a
// client's X-Request-Id is not believed); a GraphQL error names it in
// extensions.requestId; the operation's info line and every other log line
// of the request carry it as request_id.
func TestRequestIDs(t *testing.T) {
	e := demoEnv(t, "sqlite")
	logs := &lockedBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(reqid.Handler{Next: slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})}))
	t.Cleanup(func() { slog.SetDefault(prev) })

	post := func(query string) (string, gqlResponse) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(reqid.Header, "chosen-by-the-caller")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out gqlResponse
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		return res.Header.Get(reqid.Header), out
	}

	id, r := post(`query WhoAmI { viewer { role } }`) // no credential: UNAUTHENTICATED
	if len(id) != 16 || id == "chosen-by-the-caller" {
		t.Fatalf("X-Request-Id %q: want the server's own 16 characters", id)
	}
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" || r.Errors[0].Extensions["requestId"] != id {
		t.Fatalf("errors %+v: want UNAUTHENTICATED with requestId %s", r.Errors, id)
	}
	other, _ := post(`query WhoAmI { viewer { role } }`)
	if other == id || len(other) != 16 {
		t.Fatalf("two requests, ids %q and %q", id, other)
	}

	var op, http_ map[string]any
	for _, l := range logs.lines() {
		if l["request_id"] != id {
			continue
		}
		switch l["msg"] {
		case "graphql":
			op = l
		case "http":
			http_ = l
		}
	}
	if op == nil || op["level"] != "INFO" || op["operation"] != "WhoAmI" || op["type"] != "query" ||
		!strings.Contains(strings.Join(asStrings(op["errors"]), ","), "UNAUTHENTICATED") || op["took"] == nil {
		t.Errorf("the operation's log line: %v", op)
	}
	if http_ == nil || http_["path"] != "/graphql" {
		t.Errorf("the request's http log line: %v", http_)
	}
}

func asStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
