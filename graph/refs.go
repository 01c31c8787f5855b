package graph

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/ent/department"
	"xiaoneng/ent/staff"
	"xiaoneng/graph/generated"
	"xiaoneng/internal/analytics"
)

// gqlSchema is the executable schema's type system (the same parsed value
// the generated code uses), for walking selections by type.
var gqlSchema = generated.NewExecutableSchema(generated.Config{}).Schema()

// analyticsRefs says what the query reads of the Staff and Department
// objects under the current field, so that the analytics load no more: a
// workload of thousands of staff asked for `staff { id }` would otherwise
// read thousands of whole Staff rows to print their ids.
//
// A kind whose objects are asked for nothing but `id` (and `__typename`),
// or not asked for at all, is read for no column: the ids come from the
// figure rows. A kind asked for columns only (`name`, `position`, …: fields
// that entgql maps one to one onto the entity's columns) is read for those.
// Anything else — an edge, a field it does not know, a selection it cannot
// follow (an abstract type) — loads whole entities. The header's scope is a
// Department like the others.
func analyticsRefs(ctx context.Context) analytics.Refs {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil || !graphql.HasOperationContext(ctx) {
		return analytics.Refs{}
	}
	w := refWalk{oc: graphql.GetOperationContext(ctx),
		staff:       kindWalk{valid: staff.ValidColumn, fields: map[string]bool{}},
		departments: kindWalk{valid: department.ValidColumn, fields: map[string]bool{}}}
	w.object(fc.Field.Definition.Type.Name(), fc.Field.Selections, 0)
	return analytics.Refs{Staff: w.staff.need(), Departments: w.departments.need()}
}

type refWalk struct {
	oc                 *graphql.OperationContext
	staff, departments kindWalk
}

// kindWalk gathers what is read of one kind of entity.
type kindWalk struct {
	valid  func(column string) bool
	whole  bool            // something other than columns is read
	fields map[string]bool // columns read, besides the id
}

func (k *kindWalk) field(name string) {
	if name == "id" || strings.HasPrefix(name, "__") {
		return
	}
	if c := column(name); k.valid(c) {
		k.fields[c] = true
		return
	}
	k.whole = true
}

func (k *kindWalk) need() analytics.Need {
	if k.whole {
		return analytics.Need{}
	}
	cols := make([]string, 0, len(k.fields))
	for c := range k.fields {
		cols = append(cols, c)
	}
	slices.Sort(cols)
	return analytics.Need{Partial: true, Columns: cols}
}

func (w *refWalk) object(typeName string, sel ast.SelectionSet, depth int) {
	def := gqlSchema.Types[typeName]
	if def == nil || def.Kind != ast.Object || depth > MaxDepth {
		w.staff.whole, w.departments.whole = true, true
		return
	}
	satisfies := append([]string{typeName}, def.Interfaces...)
	for _, f := range graphql.CollectFields(w.oc, sel, satisfies) {
		switch {
		case typeName == "Staff":
			w.staff.field(f.Name)
		case typeName == "Department":
			w.departments.field(f.Name)
		case strings.HasPrefix(f.Name, "__"):
		case f.Definition == nil:
			w.staff.whole, w.departments.whole = true, true
		default:
			t := gqlSchema.Types[f.Definition.Type.Name()]
			if t != nil && (t.Kind == ast.Scalar || t.Kind == ast.Enum) {
				continue
			}
			w.object(f.Definition.Type.Name(), f.Selections, depth+1)
		}
	}
}

// column is the ent column of a GraphQL field of an ent type, by entgql's
// naming: weeklyCapacityHours → weekly_capacity_hours, departmentID →
// department_id. The caller checks it is a column of the entity.
func column(field string) string {
	rs := []rune(field)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 &&
			(unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
