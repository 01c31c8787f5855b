package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xiaoneng/internal/app"
)

// Requests the GraphQL transport cannot serve — another method, another
// content type, a body that is no GraphQL request, a batch, a mutation over
// GET, an oversized body without a length — are answered with the status
// GraphQL over HTTP prescribes and a JSON body whose every error carries
// extensions.code, and no data.
func TestTransportErrors(t *testing.T) {
	e := demoEnv(t, "sqlite")
	tok := e.login(t, "leader")
	query := `{"query":"{ viewer { role } }"}`
	get := func(q string) string { return "/graphql?query=" + url.QueryEscape(q) }
	// a body of unknown length (chunked) larger than the limit
	chunked := func() io.Reader {
		return io.MultiReader(strings.NewReader(`{"query":"{ viewer { role } }","variables":{"x":"`),
			strings.NewReader(strings.Repeat("x", app.MaxBodyBytes)), strings.NewReader(`"}}`))
	}
	cases := []struct {
		name, method, target, contentType string
		body                              io.Reader
		status                            int
		allow                             string // the Allow header, when the method is refused
	}{
		{"PUT", http.MethodPut, "/graphql", "application/json", strings.NewReader(query), http.StatusMethodNotAllowed, "GET, POST, OPTIONS"},
		{"DELETE", http.MethodDelete, "/graphql", "", nil, http.StatusMethodNotAllowed, "GET, POST, OPTIONS"},
		{"PATCH", http.MethodPatch, "/graphql", "application/json", strings.NewReader(query), http.StatusMethodNotAllowed, "GET, POST, OPTIONS"},
		{"text/plain", http.MethodPost, "/graphql", "text/plain", strings.NewReader(query), http.StatusUnsupportedMediaType, ""},
		{"form", http.MethodPost, "/graphql", "application/x-www-form-urlencoded", strings.NewReader("query=%7Bviewer%7Brole%7D%7D"), http.StatusUnsupportedMediaType, ""},
		{"no content type", http.MethodPost, "/graphql", "", strings.NewReader(query), http.StatusUnsupportedMediaType, ""},
		{"invalid JSON", http.MethodPost, "/graphql", "application/json", strings.NewReader(`{"query":`), http.StatusBadRequest, ""},
		{"empty body", http.MethodPost, "/graphql", "application/json", strings.NewReader(""), http.StatusBadRequest, ""},
		{"blank body", http.MethodPost, "/graphql", "application/json", strings.NewReader(" \n"), http.StatusBadRequest, ""},
		{"batch", http.MethodPost, "/graphql", "application/json", strings.NewReader(`[` + query + `,` + query + `]`), http.StatusBadRequest, ""},
		{"JSON string", http.MethodPost, "/graphql", "application/json", strings.NewReader(`"{ viewer { role } }"`), http.StatusBadRequest, ""},
		{"query a number", http.MethodPost, "/graphql", "application/json", strings.NewReader(`{"query": 5}`), http.StatusBadRequest, ""},
		{"variables a list", http.MethodPost, "/graphql", "application/json", strings.NewReader(`{"query":"{ viewer { role } }","variables":[]}`), http.StatusBadRequest, ""},
		{"two JSON values", http.MethodPost, "/graphql", "application/json", strings.NewReader(query + query), http.StatusBadRequest, ""},
		{"no query", http.MethodPost, "/graphql", "application/json", strings.NewReader(`{}`), http.StatusUnprocessableEntity, ""},
		{"oversized chunked body", http.MethodPost, "/graphql", "application/json", chunked(), http.StatusRequestEntityTooLarge, ""},
		{"GET mutation", http.MethodGet, get(`mutation { logout(refreshToken: "x") }`), "", nil, http.StatusMethodNotAllowed, "POST"},
		{"GET without a query", http.MethodGet, "/graphql", "", nil, http.StatusUnprocessableEntity, ""},
		{"GET bad variables", http.MethodGet, get(`query($n: Int) { tasks(first: $n) { totalCount } }`) + "&variables=%7B", "", nil, http.StatusBadRequest, ""},
		{"GET variables a list", http.MethodGet, get(`{ viewer { role } }`) + "&variables=%5B%5D", "", nil, http.StatusBadRequest, ""},
		{"GET bad URL query", http.MethodGet, "/graphql?query=%zz", "", nil, http.StatusBadRequest, ""},
		{"websocket", http.MethodGet, "/graphql", "", nil, http.StatusBadRequest, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, e.srv.URL+c.target, c.body)
			if c.name == "oversized chunked body" {
				req.ContentLength = -1
			}
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			if c.name == "websocket" {
				req.Header.Set("Connection", "Upgrade")
				req.Header.Set("Upgrade", "websocket")
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, c.status, raw)
			}
			if got := res.Header.Get("Allow"); got != c.allow {
				t.Fatalf("Allow %q, want %q", got, c.allow)
			}
			var out map[string]json.RawMessage
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatalf("not a JSON object: %v: %s", err, raw)
			}
			if _, ok := out["data"]; ok && c.status != http.StatusUnprocessableEntity {
				t.Fatalf("a request error with data: %s", raw)
			}
			var errs []gqlError
			if err := json.Unmarshal(out["errors"], &errs); err != nil || len(errs) == 0 {
				t.Fatalf("no errors: %s", raw)
			}
			for _, ge := range errs {
				if ge.Extensions["code"] != "BAD_USER_INPUT" || ge.Message == "" {
					t.Fatalf("error without BAD_USER_INPUT or message: %s", raw)
				}
			}
			if bytes.Contains(raw, []byte("xxxxxxxx")) || (c.body != nil && strings.Contains(string(raw), "viewer { role }")) {
				t.Fatalf("the answer quotes the request: %s", raw)
			}
		})
	}

	// What the transport serves still works: OPTIONS lists the methods, a
	// query over GET and a POST with a charset run.
	req, _ := http.NewRequest(http.MethodOptions, e.srv.URL+"/graphql", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Allow") == "" {
		t.Fatalf("OPTIONS: %d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
	}
	req, _ = http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(query))
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Authorization", "Bearer "+tok)
	var v struct {
		Viewer struct{ Role string } `json:"viewer"`
	}
	send(t, req).ok(t, &v)
	if v.Viewer.Role != "LEADER" {
		t.Fatalf("POST with a charset: %+v", v)
	}
}
