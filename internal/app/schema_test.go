package app_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The schema is served as SDL without a credential, without gqlgen's
// directives, and is the schema the endpoint executes.
func TestSchemaServedAsSDL(t *testing.T) {
	e := demoEnv(t, "sqlite")
	res, err := http.Get(e.srv.URL + "/graphql/schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	sdl := string(b)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") || strings.Contains(sdl, "@go") {
		t.Fatalf("status %d, %s, %.200s", res.StatusCode, res.Header.Get("Content-Type"), sdl)
	}
	s, err := gqlparser.LoadSchema(&ast.Source{Input: sdl})
	if err != nil {
		t.Fatal(err)
	}
	// Every root field introspection names is in the SDL with the same type.
	var out struct {
		Schema struct {
			QueryType struct {
				Fields []struct {
					Name string
				}
			}
		} `json:"__schema"`
	}
	e.do(t, "", `{ __schema { queryType { fields { name } } } }`, nil).ok(t, &out)
	if len(out.Schema.QueryType.Fields) < 20 {
		t.Fatalf("introspection: %+v", out)
	}
	for _, f := range out.Schema.QueryType.Fields {
		if s.Query.Fields.ForName(f.Name) == nil {
			t.Errorf("Query.%s is not in the served SDL", f.Name)
		}
	}
}
