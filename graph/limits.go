package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"xiaoneng/internal/apperr"
)

const (
	// MaxPageSize caps first/last of every connection.
	MaxPageSize = 100
	// listFactor is the assumed length of a plain list field (an edge such as
	// a task's assignments) when estimating a query's cost.
	listFactor = 10
	// MaxComplexity is the largest estimated cost a query may have: a page of
	// 100 tasks with their departments, assignments and staff fits; a
	// 100 × 10 × 10 × 10 nested walk does not.
	MaxComplexity = 20000
	// MaxDepth is the deepest selection allowed outside introspection.
	MaxDepth = 12
)

// costedSchema prices connections by their page size and lists by
// listFactor, so the complexity limit reflects how many rows a query can
// touch. entgql generates no such functions.
type costedSchema struct{ graphql.ExecutableSchema }

func (s costedSchema) Complexity(ctx context.Context, typeName, fieldName string, child int, args map[string]any) (int, bool) {
	def := s.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(fieldName)
	if f == nil {
		return 0, false
	}
	switch {
	case isConnection(f.Type):
		return 1 + pageSize(args)*max(child, 1), true
	case strings.HasSuffix(typeName, "Connection") && fieldName == "edges":
		return 1 + child, true // already multiplied by the connection's page size
	case fieldName == "nodes" && typeName == "Query":
		if ids, ok := args["ids"].([]int); ok {
			return 1 + len(ids)*max(child, 1), true
		}
	case f.Type.Elem != nil:
		return 1 + listFactor*max(child, 1), true
	}
	return 0, false
}

func isConnection(t *ast.Type) bool {
	return t.Elem == nil && strings.HasSuffix(t.NamedType, "Connection")
}

func pageSize(args map[string]any) int {
	n := 0
	for _, k := range []string{"first", "last"} {
		if p, ok := args[k].(*int); ok && p != nil && *p > n {
			n = *p
		}
	}
	if n <= 0 || n > MaxPageSize {
		n = MaxPageSize
	}
	return n
}

// checkPage refuses first/last outside 0…MaxPageSize with a clear
// BAD_USER_INPUT, and gives a connection asked for without either the
// default page of MaxPageSize. Every connection field is on Query and its
// resolver calls this before anything else (TestConnectionsCheckPageSize);
// as a field middleware the check ran around every field of every query.
func checkPage(first, last *int) (*int, error) {
	for _, a := range [...]struct {
		name string
		n    *int
	}{{"first", first}, {"last", last}} {
		if a.n != nil && (*a.n < 0 || *a.n > MaxPageSize) {
			return nil, apperr.BadInput(a.name, "page size must be between 0 and %d, got %d", MaxPageSize, *a.n)
		}
	}
	if first == nil && last == nil {
		n := MaxPageSize
		return &n, nil
	}
	return first, nil
}

// depthLimit refuses operations nested deeper than MaxDepth (introspection
// is exempt: its standard query is deep but bounded by the schema).
type depthLimit struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (depthLimit) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	if d := depth(rc.Operation.SelectionSet, rc.Doc.Fragments, 0); d > MaxDepth {
		err := gqlerror.Errorf("query is nested %d levels deep; the limit is %d", d, MaxDepth)
		err.Extensions = map[string]any{"code": string(apperr.BadUserInput)}
		return err
	}
	return nil
}

func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 64 {
		return seen // fragment cycles are rejected by validation; stop anyway
	}
	deepest := seen
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			d = depth(s.SelectionSet, frags, seen+1)
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, frags, seen)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = depth(f.SelectionSet, frags, seen)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}
