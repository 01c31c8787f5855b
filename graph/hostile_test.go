package graph

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// A hostile request: a document (and variables) built to cost as much CPU
// as possible before anything refuses it, sized by n. They are the cases
// of TestHostileDocuments and BenchmarkHostileDocuments.
type hostile struct {
	name string
	// build returns the query and its variables for size n.
	build func(n int) (string, map[string]any)
	// refusedBy is what refuses it at size big: a limit (extensions.limit),
	// "validation" (gqlparser's rules), or "" for documents built to pass
	// every check (an anonymous caller then gets UNAUTHENTICATED).
	refusedBy string
	// big is the largest size that fits the body and the token limit;
	// before is the size measured on the code without the document limits
	// (0: not measurable there, see docs/PERFORMANCE.md).
	big, before int
}

// bodyLimit is internal/app.MaxBodyBytes: every case's body fits it.
const bodyLimit = 1 << 20

func doc(q string) (string, map[string]any) { return q, nil }

func join(n int, f func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(f(i))
	}
	return b.String()
}

// fanOut: fragment F0 spreads F1 twice, F1 spreads F2 twice, …: 2^n leaves.
func fanOut(n int) (string, map[string]any) {
	return doc("query { ...F0 }\n" + join(n, func(i int) string {
		return fmt.Sprintf("fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}) + fmt.Sprintf("fragment F%d on Query { __typename }\n", n))
}

// fragmentFields is how many root fields fragmentsInOneSet takes turns on.
const fragmentFields = 25

// fragmentsInOneSet spreads n fragments in one selection set, each asking
// for two root fields (validation compares every two of them): the
// costliest fields first (analyses, then connections), the first
// fragmentFields of them taken in turn, so that each comes several times
// however many root fields the schema has.
func fragmentsInOneSet(n int) (string, map[string]any) {
	var defs []*ast.FieldDefinition
	for _, f := range gqlSchema.Types["Query"].Fields {
		required := strings.HasPrefix(f.Name, "__")
		for _, a := range f.Arguments {
			required = required || a.Type.NonNull && a.DefaultValue == nil
		}
		if !required {
			defs = append(defs, f)
		}
	}
	cost := func(f *ast.FieldDefinition) int {
		c := analyses[f.Name] * analysisCost
		if isConnection(f.Type) {
			c++
		}
		return c
	}
	slices.SortStableFunc(defs, func(a, b *ast.FieldDefinition) int { return cost(b) - cost(a) })
	var fields []string
	for _, f := range defs[:min(len(defs), fragmentFields)] {
		if k := gqlSchema.Types[f.Type.Name()].Kind; k == ast.Object || k == ast.Interface {
			fields = append(fields, f.Name+" { __typename }")
		} else {
			fields = append(fields, f.Name)
		}
	}
	return doc("{" + join(n, func(i int) string { return fmt.Sprintf(" ...F%d", i) }) + " }\n" +
		join(n, func(i int) string {
			return fmt.Sprintf("fragment F%d on Query { %s %s }\n", i, fields[2*i%len(fields)], fields[(2*i+1)%len(fields)])
		}))
}

var hostileDocuments = []hostile{
	{name: "fragment fan-out", refusedBy: "selections", big: 45, before: 26, build: fanOut},
	{name: "fragment fan-out, 1,400 fragments", refusedBy: "fragments", big: 1400, build: fanOut},
	{
		name: "one field asked for n times", refusedBy: "selections", big: 3500, before: 3500,
		build: func(n int) (string, map[string]any) { return doc("{" + strings.Repeat(" viewer { role }", n) + " }") },
	},
	{
		name: "one field asked for again in n spreads", refusedBy: "selections", big: 2400, before: 2400,
		build: func(n int) (string, map[string]any) {
			return doc("{ ...V }\nfragment V on Query {" + strings.Repeat(" viewer { role } ...W", n) +
				" }\nfragment W on Query { viewer { role } }")
		},
	},
	{
		name: "alias bomb", refusedBy: "aliases", big: 4900, before: 4900,
		build: func(n int) (string, map[string]any) {
			return doc("{" + join(n, func(i int) string { return fmt.Sprintf(" a%d: __typename", i) }) + " }")
		},
	},
	{
		name: "directive bomb", refusedBy: "directives", big: 2000, before: 2000,
		build: func(n int) (string, map[string]any) {
			return doc("{ __typename" + strings.Repeat(" @include(if: true)", n) + " }")
		},
	},
	{
		// F0 spreads F1 spreads F2 …: validation walks the chain from every fragment
		name: "deeply nested fragments", refusedBy: "fragments", big: 1800, before: 1800,
		build: func(n int) (string, map[string]any) {
			return doc("query { ...F0 }\n" + join(n, func(i int) string {
				return fmt.Sprintf("fragment F%d on Query { ...F%d }\n", i, i+1)
			}) + fmt.Sprintf("fragment F%d on Query { __typename }\n", n))
		},
	},
	{name: "many fragments spread in one place", refusedBy: "fragments", big: 300, before: 300, build: fragmentsInOneSet},
	{name: "fragments spread in one place, under the limits", refusedBy: "complexity", big: MaxFragments, before: MaxFragments, build: fragmentsInOneSet},
	{
		name: "many operations", refusedBy: "selections", big: 2990, before: 2990,
		build: func(n int) (string, map[string]any) {
			return doc(join(n, func(i int) string { return fmt.Sprintf("query Q%d { __typename }\n", i) }))
		},
	},
	{
		// n variables, each used once: validation looks each use up among all
		name: "many variables", refusedBy: "", big: 2000, before: 2000,
		build: func(n int) (string, map[string]any) {
			vars := map[string]any{}
			for i := range n {
				vars[fmt.Sprintf("v%d", i)] = "1"
			}
			return "query(" + join(n, func(i int) string { return fmt.Sprintf("$v%d: ID! ", i) }) +
				") { nodes(ids: [" + join(n, func(i int) string { return fmt.Sprintf("$v%d ", i) }) + "]) { id } }", vars
		},
	},
	{
		// a list of 150,000 ids in the variables (just under 1 MiB)
		name: "huge variables", refusedBy: "variableValues", big: 150000, before: 150000,
		build: func(n int) (string, map[string]any) {
			ids := make([]any, n)
			for i := range ids {
				ids[i] = "1"
			}
			return "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", map[string]any{"ids": ids}
		},
	},
	{
		// 1 MiB of zeros: the most values a body can hold
		name: "1 MiB of numbers in the variables", refusedBy: "variableValues", big: 520000, before: 520000,
		build: func(n int) (string, map[string]any) {
			return "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", map[string]any{"ids": make([]int, n)}
		},
	},
	{
		name: "deeply nested variables", refusedBy: "inputDepth", big: 5000, before: 5000,
		build: func(n int) (string, map[string]any) {
			var w any = map[string]any{}
			for range n {
				w = map[string]any{"not": w}
			}
			return "query($w: TaskWhereInput) { tasks(where: $w) { totalCount } }", map[string]any{"w": w}
		},
	},
	{
		// the parser itself refuses nesting beyond 1,000
		name: "deeply nested argument", refusedBy: "inputDepth", big: 990, before: 990,
		build: func(n int) (string, map[string]any) {
			return doc("{ tasks(where: " + strings.Repeat("{not: ", n) + "{}" + strings.Repeat("}", n) + ") { totalCount } }")
		},
	},
	{
		// unknown names of 100 KB: validation used to compare each with every
		// name it could have been
		name: "long unknown names", refusedBy: "validation", big: 9, before: 9,
		build: func(n int) (string, map[string]any) {
			long := strings.Repeat("x", 100000)
			return doc("{ tasks(where: {" + join(n, func(i int) string { return fmt.Sprintf("%s%d: 1 ", long, i) }) + "}) { totalCount } }")
		},
	},
	{
		name: "many wrong values", refusedBy: "validation", big: 7000, before: 7000,
		build: func(n int) (string, map[string]any) {
			return doc("{ tasks(where: {statusIn: [" + strings.Repeat("X ", n) + "]}) { totalCount } }")
		},
	},
	{
		name: "a comment of 1 MB", refusedBy: "", big: 1000000, before: 1000000,
		build: func(n int) (string, map[string]any) { return doc("#" + strings.Repeat("x", n) + "\n{ __typename }") },
	},
	{
		// the worst that passes the document limits: a fan-out of fragments
		// on distinct paths (a department's parent and children)
		name: "fan-out under the limits", refusedBy: "complexity", big: 7, before: 7,
		build: func(n int) (string, map[string]any) {
			return doc(`{ node(id: "1") { ...F0 } }` + "\n" + join(n, func(i int) string {
				return fmt.Sprintf("fragment F%d on Department { parent { ...F%d } children { ...F%d } }\n", i, i+1, i+1)
			}) + fmt.Sprintf("fragment F%d on Department { name }\n", n))
		},
	},
	{
		// the worst that passes: MaxFieldRepeats copies of one field with
		// every department field, and the same of its parents n levels up
		name: "repeats under the limits", refusedBy: "", big: 10, before: 10,
		build: func(n int) (string, map[string]any) {
			const fields = "id createdAt updatedAt name code kind parentID visitQuotaPerYear sortOrder "
			inner := fields
			for range n {
				inner = fields + "parent { " + inner + "} "
			}
			return doc("{ " + strings.Repeat(`node(id: "1") { ... on Department { `+inner+"} } ", MaxFieldRepeats) + "}")
		},
	},
}
