package graph

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"xiaoneng/internal/analytics"
)

// idOnlyRefs reads the selection under the resolver's field: a kind is
// id-only when no object of it asks for more than id (or __typename),
// through aliases, fragments, @skip/@include and nested types alike.
func TestIDOnlyRefs(t *testing.T) {
	both := analytics.IDOnly{Staff: true, Departments: true}
	cases := []struct {
		name  string
		query string
		vars  map[string]any
		want  analytics.IDOnly
	}{
		{"bench workload", `{ workload { staff { staff { id } department { id } load capacity utilization flag }
			departments { department { id } staffCount load } } }`, nil, both},
		{"bench imbalance", `{ imbalance { gini n overloaded { staff { id } load } idle { staff { id } load } } }`, nil, both},
		{"figures only", `{ imbalance { gini top20Share } }`, nil, both},
		{"typename and alias", `{ workload { staff { staff { __typename sid: id } department { __typename id } } } }`, nil, both},
		{"node fragment on id", `{ workload { staff { staff { ... on Node { id } } } } }`, nil, both},
		{"staff name", `{ workload { staff { staff { id name } department { id } } } }`, nil,
			analytics.IDOnly{Departments: true}},
		{"aliased name", `{ workload { staff { staff { n: name } } } }`, nil, analytics.IDOnly{Departments: true}},
		{"department name of a department row", `{ workload { departments { department { name } } } }`, nil,
			analytics.IDOnly{Staff: true}},
		{"the scope's name counts", `{ workload { scope { name } staff { staff { id } } } }`, nil,
			analytics.IDOnly{Staff: true}},
		{"named fragment", `{ workload { staff { ...W } } } fragment W on StaffWorkload { staff { id position } department { id name } }`,
			nil, analytics.IDOnly{}},
		{"inline fragment on the row", `{ imbalance { idle { ... on StaffWorkload { staff { name } } } } }`, nil,
			analytics.IDOnly{Departments: true}},
		{"edge of a staff member", `{ workload { staff { staff { id department { id } } } } }`, nil,
			analytics.IDOnly{Departments: true}},
		{"skipped name", `query($x: Boolean!) { workload { staff { staff { id name @skip(if: $x) } } } }`,
			map[string]any{"x": true}, both},
		{"included name", `query($x: Boolean!) { workload { staff { staff { id name @include(if: $x) } } } }`,
			map[string]any{"x": true}, analytics.IDOnly{Departments: true}},
		{"heatmap rows", `{ loadSeries(level: STAFF) { rows { department { id } staff { id } cells { load } } } }`, nil, both},
	}
	for _, c := range cases {
		doc, errs := gqlparser.LoadQuery(gqlSchema, c.query)
		if errs != nil {
			t.Fatalf("%s: %v", c.name, errs)
		}
		op := doc.Operations[0]
		oc := &graphql.OperationContext{Doc: doc, Operation: op, Variables: c.vars}
		root := graphql.CollectFields(oc, op.SelectionSet, []string{"Query"})
		if len(root) != 1 {
			t.Fatalf("%s: %d root fields", c.name, len(root))
		}
		ctx := graphql.WithOperationContext(context.Background(), oc)
		ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Query", Field: root[0]})
		if got := idOnlyRefs(ctx); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if got := idOnlyRefs(context.Background()); got != (analytics.IDOnly{}) {
		t.Errorf("no field context: %+v, want everything loaded", got)
	}
}
