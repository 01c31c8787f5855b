package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/internal/auth"
)

func TestCheckPage(t *testing.T) {
	n := func(v int) *int { return &v }
	for _, c := range []struct {
		first, last *int
		want        *int
		bad         string
	}{
		{nil, nil, n(MaxPageSize), ""},
		{n(5), nil, n(5), ""},
		{n(0), nil, n(0), ""},
		{nil, n(5), nil, ""},
		{n(MaxPageSize), nil, n(MaxPageSize), ""},
		{n(MaxPageSize + 1), nil, nil, "first"},
		{n(-1), nil, nil, "first"},
		{nil, n(1000), nil, "last"},
		{n(5), n(-1), nil, "last"},
	} {
		got, err := checkPage(c.first, c.last)
		code, field, _ := classify(err)
		switch {
		case c.bad != "" && (code != "BAD_USER_INPUT" || field != c.bad):
			t.Errorf("first %v last %v: error %v, want BAD_USER_INPUT on %s", c.first, c.last, err, c.bad)
		case c.bad == "" && err != nil:
			t.Errorf("first %v last %v: %v", c.first, c.last, err)
		case c.bad == "" && (got == nil) != (c.want == nil), got != nil && *got != *c.want:
			t.Errorf("first %v last %v: first %v, want %v", c.first, c.last, got, c.want)
		}
	}
}

// Every connection of the schema is a root field whose resolver checks the
// page size before doing anything else: with no database behind the
// resolver, an oversized page must still come back as BAD_USER_INPUT. A
// connection added elsewhere (an entgql edge connection) would not be
// checked at all, so none may exist.
func TestConnectionsCheckPageSize(t *testing.T) {
	srv := NewServer(&Resolver{})
	admin := &auth.Viewer{AccountID: 1, Role: auth.RoleAdmin, AllDepartments: true}
	checked := 0
	for _, typ := range gqlSchema.Types {
		if typ.Kind != ast.Object || strings.HasPrefix(typ.Name, "__") {
			continue
		}
		for _, f := range typ.Fields {
			if !isConnection(f.Type) {
				continue
			}
			if typ.Name != "Query" {
				t.Errorf("%s.%s is a connection outside Query: its page size would not be checked", typ.Name, f.Name)
				continue
			}
			for _, arg := range []string{"first", "last"} {
				args := []string{arg + ": 1000"}
				for _, a := range f.Arguments {
					if a.Type.NonNull && a.DefaultValue == nil {
						args = append(args, a.Name+": "+dummy(a.Type))
					}
				}
				q := fmt.Sprintf("{ %s(%s) { totalCount } }", f.Name, strings.Join(args, ", "))
				body, _ := json.Marshal(map[string]string{"query": q})
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req.WithContext(auth.NewContext(context.Background(), admin)))
				var res struct {
					Errors []struct {
						Extensions map[string]any `json:"extensions"`
					} `json:"errors"`
				}
				if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || len(res.Errors) != 1 ||
					res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || res.Errors[0].Extensions["field"] != arg {
					t.Errorf("%s: %s", q, rec.Body.String())
				}
			}
			checked++
		}
	}
	if checked < 13 {
		t.Errorf("checked %d connections; the schema has at least 13", checked)
	}
}

// dummy is a literal of a required argument's type.
func dummy(t *ast.Type) string {
	switch t.Name() {
	case "ID", "String":
		return `"1"`
	case "Int":
		return "1"
	case "Boolean":
		return "true"
	}
	return "{}"
}
