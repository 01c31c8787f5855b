package graph

import (
	"context"
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"xiaoneng/internal/analytics"
)

// analyticsRefs reads the selection under the resolver's field: a kind is
// read for no column when no object of it asks for more than id (or
// __typename), for the columns asked when only columns are asked, whole
// otherwise — through aliases, fragments, @skip/@include and nested types.
func TestAnalyticsRefs(t *testing.T) {
	ids := analytics.Need{Partial: true, Columns: []string{}}
	cols := func(c ...string) analytics.Need { return analytics.Need{Partial: true, Columns: c} }
	whole := analytics.Need{}
	both := analytics.Refs{Staff: ids, Departments: ids}
	cases := []struct {
		name  string
		query string
		vars  map[string]any
		want  analytics.Refs
	}{
		{"bench workload", `{ workload { staff { staff { id } department { id } load capacity utilization flag }
			departments { department { id } staffCount load } } }`, nil, both},
		{"bench imbalance", `{ imbalance { gini n overloaded { staff { id } load } idle { staff { id } load } } }`, nil, both},
		{"figures only", `{ imbalance { gini top20Share } }`, nil, both},
		{"typename and alias", `{ workload { staff { staff { __typename sid: id } department { __typename id } } } }`, nil, both},
		{"node fragment on id", `{ workload { staff { staff { ... on Node { id } } } } }`, nil, both},
		{"staff name", `{ workload { staff { staff { id name } department { id } } } }`, nil,
			analytics.Refs{Staff: cols("name"), Departments: ids}},
		{"aliased name", `{ workload { staff { staff { n: name } } } }`, nil, analytics.Refs{Staff: cols("name"), Departments: ids}},
		{"department name of a department row", `{ workload { departments { department { name } } } }`, nil,
			analytics.Refs{Staff: ids, Departments: cols("name")}},
		{"the scope's name counts", `{ workload { scope { name } staff { staff { id } } } }`, nil,
			analytics.Refs{Staff: ids, Departments: cols("name")}},
		{"named fragment (the frontend's)", `{ workload { staff { ...W } } } fragment W on StaffWorkload { staff { id name position } department { id name } }`,
			nil, analytics.Refs{Staff: cols("name", "position"), Departments: cols("name")}},
		{"columns of both, camel case", `{ imbalance { idle { staff { weeklyCapacityHours departmentID secondedToID createdAt } department { visitQuotaPerYear sortOrder kind parentID } } } }`,
			nil, analytics.Refs{Staff: cols("created_at", "department_id", "seconded_to_id", "weekly_capacity_hours"),
				Departments: cols("kind", "parent_id", "sort_order", "visit_quota_per_year")}},
		{"inline fragment on the row", `{ imbalance { idle { ... on StaffWorkload { staff { name } } } } }`, nil,
			analytics.Refs{Staff: cols("name"), Departments: ids}},
		{"edge of a staff member loads it whole", `{ workload { staff { staff { id name department { id } } } } }`, nil,
			analytics.Refs{Staff: whole, Departments: ids}},
		{"an edge of a department too", `{ workload { departments { department { children { id } } } } }`, nil,
			analytics.Refs{Staff: ids, Departments: whole}},
		{"skipped name", `query($x: Boolean!) { workload { staff { staff { id name @skip(if: $x) } } } }`,
			map[string]any{"x": true}, both},
		{"included name", `query($x: Boolean!) { workload { staff { staff { id name @include(if: $x) } } } }`,
			map[string]any{"x": true}, analytics.Refs{Staff: cols("name"), Departments: ids}},
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
		if got := analyticsRefs(ctx); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	if got := analyticsRefs(context.Background()); !reflect.DeepEqual(got, analytics.Refs{}) {
		t.Errorf("no field context: %+v, want everything loaded whole", got)
	}
}
