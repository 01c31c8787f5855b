package graph

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/introspection"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"xiaoneng/graph/generated"
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

// dryRun answers {} instead of running the operation: what it shows is
// whether a request gets through parsing, the limits and validation.
type dryRun struct{ costedSchema }

func (dryRun) Exec(context.Context) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Data: []byte("{}")})
}

// limitsOnly is the server's transport, limits and error presenter in
// front of dryRun.
func limitsOnly(lim docLimits) *handler.Server {
	srv := handler.New(dryRun{costedSchema{generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})}})
	srv.AddTransport(postTransport{})
	useLimits(srv, lim)
	srv.SetErrorPresenter(presentError)
	return srv
}

// spaOperations are the operations the web app sends: each operation of
// frontend/src/**/*.graphql with the fragments it uses, as urql sends it
// (__typename added to every selection set but the operation's).
func spaOperations(t *testing.T) map[string]*ast.QueryDocument {
	t.Helper()
	frags := map[string]*ast.FragmentDefinition{}
	var ops ast.OperationList
	err := filepath.WalkDir("../frontend/src", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && d.Name() == "node_modules" {
			return cmp.Or(err, filepath.SkipDir)
		}
		if !strings.HasSuffix(p, ".graphql") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := parser.ParseQuery(&ast.Source{Input: string(b), Name: p})
		if err != nil {
			return err
		}
		for _, f := range doc.Fragments {
			frags[f.Name] = f
		}
		ops = append(ops, doc.Operations...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) < 40 {
		t.Fatalf("found %d operations in frontend/src; the web app has more than 40", len(ops))
	}
	withTypename := func(set ast.SelectionSet) ast.SelectionSet {
		for _, s := range set {
			if f, ok := s.(*ast.Field); ok && f.Name == "__typename" && f.Alias == f.Name {
				return set
			}
		}
		return append(set, &ast.Field{Name: "__typename", Alias: "__typename"})
	}
	out := map[string]*ast.QueryDocument{}
	for _, op := range ops {
		d := &ast.QueryDocument{Operations: ast.OperationList{op}}
		used := map[string]bool{}
		var walk func(set ast.SelectionSet)
		walk = func(set ast.SelectionSet) {
			for _, sel := range set {
				switch s := sel.(type) {
				case *ast.Field:
					if len(s.SelectionSet) > 0 {
						s.SelectionSet = withTypename(s.SelectionSet)
					}
					walk(s.SelectionSet)
				case *ast.InlineFragment:
					s.SelectionSet = withTypename(s.SelectionSet)
					walk(s.SelectionSet)
				case *ast.FragmentSpread:
					f := frags[s.Name]
					if f == nil {
						t.Fatalf("%s spreads the unknown fragment %s", op.Name, s.Name)
					}
					if !used[s.Name] {
						used[s.Name] = true
						d.Fragments = append(d.Fragments, f)
						if !slices.ContainsFunc(f.SelectionSet, func(s ast.Selection) bool {
							x, ok := s.(*ast.Field)
							return ok && x.Name == "__typename"
						}) {
							f.SelectionSet = withTypename(f.SelectionSet)
						}
						walk(f.SelectionSet)
					}
				}
			}
		}
		walk(op.SelectionSet)
		out[op.Name] = d
	}
	return out
}

// exampleValue is a value of type t for a required variable.
func exampleValue(t *ast.Type) any {
	if t.Elem != nil {
		return []any{exampleValue(t.Elem)}
	}
	switch t.NamedType {
	case "ID", "Cursor":
		return "1"
	case "String":
		return "x"
	case "Int":
		return 1
	case "Float":
		return 1.5
	case "Boolean":
		return true
	case "Time":
		return "2026-10-01T00:00:00+08:00"
	}
	def := gqlSchema.Types[t.NamedType]
	if def.Kind == ast.Enum {
		return def.EnumValues[0].Name
	}
	obj := map[string]any{}
	for _, f := range def.Fields {
		if f.Type.NonNull && f.DefaultValue == nil {
			obj[f.Name] = exampleValue(f.Type)
		}
	}
	return obj
}

// spaLargestPage is the largest first/last the web app sends: its lists
// page by 10 or 20, its pickers and drill-downs ask for 50.
const spaLargestPage = 50

// Every operation the web app sends passes every limit with its largest
// page, and so do the introspection query and the examples of docs/API.md.
func TestSPAOperationsWithinLimits(t *testing.T) {
	srv := limitsOnly(defaultLimits)
	type request struct {
		query, op string
		vars      map[string]any
	}
	requests := map[string]request{}
	for name, d := range spaOperations(t) {
		var b strings.Builder
		formatter.NewFormatter(&b).FormatQueryDocument(d)
		vars := map[string]any{}
		for _, v := range d.Operations[0].VariableDefinitions {
			switch {
			case v.Variable == "first" || v.Variable == "last":
				vars[v.Variable] = spaLargestPage
			case v.Type.NonNull && v.DefaultValue == nil:
				vars[v.Variable] = exampleValue(v.Type)
			}
		}
		requests["web app: "+name] = request{b.String(), name, vars}
	}
	requests["introspection"] = request{query: introspection.Query}
	requests["introspection with isOneOf"] = request{query: introspection.NewQuery(introspection.QueryOptions{OneOf: true})}
	api, err := os.ReadFile("../docs/API.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := regexp.MustCompile("(?s)```graphql example\n(.*?)```").FindAllStringSubmatch(string(api), -1)
	if len(examples) < 10 {
		t.Fatalf("found %d examples in docs/API.md", len(examples))
	}
	for i, m := range examples {
		d := parse(t, m[1])
		vars := map[string]any{}
		for _, v := range d.Operations[0].VariableDefinitions {
			if v.Type.NonNull && v.DefaultValue == nil {
				vars[v.Variable] = exampleValue(v.Type)
			}
		}
		requests[fmt.Sprintf("docs/API.md example %d", i+1)] = request{query: m[1], vars: vars}
	}
	for name, r := range requests {
		a := post(t, srv, context.Background(), map[string]any{"query": r.query, "operationName": r.op, "variables": r.vars})
		if len(a.Errors) > 0 || string(a.Data) != "{}" {
			t.Errorf("%s: %v\n%s", name, a, r.query)
		}
	}
}

// Every analytics root field (every Query field taking a window) is
// priced by the analyses it runs, so that hundreds of cockpits are refused
// by their cost even where the alias limit would let them through.
func TestAnalyticsPriced(t *testing.T) {
	windowed := map[string]bool{}
	for _, f := range gqlSchema.Types["Query"].Fields {
		if f.Arguments.ForName("window") != nil {
			windowed[f.Name] = true
			if analyses[f.Name] < 1 {
				t.Errorf("Query.%s takes a window but is not priced in analyses", f.Name)
			}
		}
	}
	for name := range analyses {
		if !windowed[name] {
			t.Errorf("analyses prices %s, which is no Query field taking a window", name)
		}
	}
	if len(windowed) < 15 {
		t.Errorf("%d analytics fields; graph/analytics.graphqls has 15", len(windowed))
	}

	lim := defaultLimits
	lim.aliases, lim.fieldRepeats = 1000, 1000
	srv := limitsOnly(lim)
	cockpits := func(n int) string {
		return "{" + join(n, func(i int) string { return fmt.Sprintf(" c%d: cockpit { completedCount }", i) }) + " }"
	}
	// each: the analyses, the field itself and completedCount
	if each := 8*analysisCost + 2; 4*each > MaxComplexity || 5*each <= MaxComplexity {
		t.Fatalf("a cockpit costs %d: four should fit under %d, five not", each, MaxComplexity)
	}
	if a := postQuery(t, srv, cockpits(4), nil); len(a.Errors) > 0 {
		t.Errorf("four cockpits: %v", a)
	}
	for _, n := range []int{5, 300} {
		if err := postQuery(t, srv, cockpits(n), nil).refusedBy("complexity"); err != nil {
			t.Errorf("%d cockpits: %v", n, err)
		}
	}
}

// nodes(ids:) costs its ids, at most MaxNodes of them (more are refused by
// the resolver with the field named), written or sent as variables.
func TestNodesPriced(t *testing.T) {
	es := costedSchema{generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}})}
	for _, c := range []struct {
		query string
		vars  map[string]any
		want  int
	}{
		{`{ nodes(ids: ["1", "2", "3"]) { id } }`, nil, 1 + 3},
		{`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": []any{"1", "2"}}, 1 + 2},
		{`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": idList(150)}, 1 + MaxNodes},
		{`{ tasks(first: 7) { totalCount } }`, nil, 1 + 7},
		{`query($n: Int) { tasks(first: $n) { totalCount } }`, map[string]any{"n": json.Number("9")}, 1 + 9},
		{`{ tasks { totalCount } }`, nil, 1 + MaxPageSize},
	} {
		d := parse(t, c.query)
		if errs := validator.ValidateWithRules(es.Schema(), d, rules.NewDefaultRules()); len(errs) > 0 {
			t.Fatal(errs)
		}
		vars, err := validator.VariableValues(es.Schema(), d.Operations[0], c.vars)
		if err != nil {
			t.Fatal(err)
		}
		if got := complexity.Calculate(context.Background(), es, d.Operations[0], vars); got != c.want {
			t.Errorf("%s %v: complexity %d, want %d", c.query, c.vars, got, c.want)
		}
	}
}
