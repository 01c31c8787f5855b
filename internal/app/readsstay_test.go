package app_test

import (
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// guideExample is a fenced example of docs/API.md with its variables.
var guideExample = regexp.MustCompile("(?s)```graphql example\n(.*?)```(?:\\s*```json variables\n(.*?)```)?")

// No read moves the data version the response cache keys on: every query
// of the integrator guide, asked with a login session and with API tokens
// (whose last-use stamp is written on their first request), and the Excel
// exports, leave it where it was — so an integrator's polling never empties
// anyone's cache.
func TestReadsNeverMoveTheDataVersion(t *testing.T) {
	guide, err := os.ReadFile("../../docs/API.md")
	if err != nil {
		t.Fatal(err)
	}
	type read struct{ query, vars string }
	var reads []read
	for _, m := range guideExample.FindAllStringSubmatch(string(guide), -1) {
		body := strings.TrimSpace(regexp.MustCompile(`(?m)^#.*$`).ReplaceAllString(m[1], ""))
		if strings.HasPrefix(body, "mutation") {
			continue
		}
		reads = append(reads, read{m[1], m[2]})
	}
	if len(reads) < 8 {
		t.Fatalf("%d queries in the guide", len(reads))
	}
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		leader := e.tkLogin(t, "leader")
		tokens := []string{
			e.mintStored(t, "leader", []string{"read:tasks", "read:org", "read:analytics", "read:ratings"}),
			e.mintStored(t, "admin", []string{"read:tasks", "read:org", "read:analytics", "read:ratings", "read:audit"}),
		}
		before := e.dataVersion(t)
		for _, cred := range append([]string{admin, leader}, tokens...) {
			for _, r := range reads {
				var vars map[string]any
				if r.vars != "" {
					if err := json.Unmarshal([]byte(r.vars), &vars); err != nil {
						t.Fatalf("variables of %q: %v", r.query, err)
					}
				}
				if res := e.do(t, cred, r.query, vars); res.Status != http.StatusOK {
					t.Fatalf("%q: status %d %+v", r.query, res.Status, res.Errors)
				}
			}
			for _, path := range []string{"/export/tasks.xlsx", "/export/kinds/DEPARTMENTS.csv"} {
				req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
				req.Header.Set("Authorization", "Bearer "+cred)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
			}
		}
		if used := asInt(e.scalar(t, `SELECT COUNT(*) FROM api_tokens WHERE last_used_at IS NOT NULL`)); used < len(tokens) {
			t.Fatalf("%d tokens stamped as used: the reads did not run as tokens", used)
		}
		if after := e.dataVersion(t); after != before {
			t.Errorf("reads moved the data version from %d to %d", before, after)
		}
	})
}
