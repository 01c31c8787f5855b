package graph

import (
	"bytes"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"

	"xiaoneng/graph/generated"
)

// SDL is the schema the server serves, as one SDL document with every
// description and without gqlgen's code-generation directives (@goModel,
// @goField, …: how Go implements it, not part of the API). GET
// /graphql/schema.graphqls answers it, and docs/schema.graphqls is its
// published copy (TestPublishedSchema keeps the two compatible).
var SDL = sync.OnceValue(func() string {
	// A copy to strip: the executable schema's AST is shared with the executor.
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "schema", Input: format(generated.NewExecutableSchema(generated.Config{}).Schema())})
	if err != nil {
		panic(err) // the server's own schema, printed and read back
	}
	for name := range s.Directives {
		if strings.HasPrefix(name, "go") {
			delete(s.Directives, name)
		}
	}
	for _, t := range s.Types {
		t.Directives = public(t.Directives)
		for _, f := range t.Fields {
			f.Directives = public(f.Directives)
		}
		for _, v := range t.EnumValues {
			v.Directives = public(v.Directives)
		}
	}
	return format(s)
})

func format(s *ast.Schema) string {
	var b bytes.Buffer
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(s)
	return b.String()
}

func public(ds ast.DirectiveList) ast.DirectiveList {
	var out ast.DirectiveList
	for _, d := range ds {
		if !strings.HasPrefix(d.Name, "go") {
			out = append(out, d)
		}
	}
	return out
}
