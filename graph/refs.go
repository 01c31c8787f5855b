package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/graph/generated"
	"xiaoneng/internal/analytics"
)

// gqlSchema is the executable schema's type system (the same parsed value the
// generated code uses), for walking selections by type.
var gqlSchema = generated.NewExecutableSchema(generated.Config{}).Schema()

// idOnlyRefs says which of the Staff and Department objects under the
// current field the query reads nothing of but `id` (or `__typename`), so
// that the analytics need not load those entities: a workload of thousands
// of staff asked for `staff { id }` would otherwise read thousands of Staff
// rows to print their ids. A kind not selected at all counts as id-only.
//
// It errs towards loading: a selection it cannot follow (an abstract type,
// a field without its definition) asks for both kinds.
func idOnlyRefs(ctx context.Context) analytics.IDOnly {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil || !graphql.HasOperationContext(ctx) {
		return analytics.IDOnly{}
	}
	w := refWalk{oc: graphql.GetOperationContext(ctx)}
	w.object(fc.Field.Definition.Type.Name(), fc.Field.Selections, 0)
	return analytics.IDOnly{Staff: !w.staff, Departments: !w.departments}
}

// refWalk records whether some Staff (staff) or Department (departments)
// object of the selection reads a field other than its id.
type refWalk struct {
	oc                 *graphql.OperationContext
	staff, departments bool
}

func (w *refWalk) object(typeName string, sel ast.SelectionSet, depth int) {
	def := gqlSchema.Types[typeName]
	if def == nil || def.Kind != ast.Object || depth > MaxDepth {
		w.staff, w.departments = true, true
		return
	}
	satisfies := append([]string{typeName}, def.Interfaces...)
	for _, f := range graphql.CollectFields(w.oc, sel, satisfies) {
		if strings.HasPrefix(f.Name, "__") {
			continue
		}
		switch {
		case typeName == "Staff":
			w.staff = w.staff || f.Name != "id"
		case typeName == "Department":
			w.departments = w.departments || f.Name != "id"
		case f.Definition == nil:
			w.staff, w.departments = true, true
		default:
			t := gqlSchema.Types[f.Definition.Type.Name()]
			if t != nil && (t.Kind == ast.Scalar || t.Kind == ast.Enum) {
				continue
			}
			w.object(f.Definition.Type.Name(), f.Selections, depth+1)
		}
	}
}
