package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// selects reports whether the field being resolved selects the path of
// sub-fields (e.g. "imbalance", "overloaded"), fragments included, so that
// a resolver can leave out work whose result nobody asked for.
func selects(ctx context.Context, path ...string) bool {
	oc := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFieldsCtx(ctx, nil)
	for i, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name == name {
				if i == len(path)-1 {
					return true
				}
				next = append(next, graphql.CollectFields(oc, f.Selections, nil)...)
			}
		}
		if len(next) == 0 {
			return false
		}
		fields = next
	}
	return false
}
