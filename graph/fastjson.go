package graph

import (
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/ent"
	"xiaoneng/graph/generated"
	"xiaoneng/internal/analytics"
)

// The workload and imbalance answers are lists of thousands of plain rows
// (8,356 staff for the whole agency). gqlgen executes each row as it does
// any object — a goroutine per list element, a field context, a middleware
// call and several allocations per field — which cost three times the SQL.
// For these two root fields, when every field asked is one listed in
// fastFields, the rows are written straight to JSON instead, with gqlgen's
// own scalar marshalers: the same bytes (TestFastAnalyticsSameBytes), a
// fraction of the work. Anything else — another field, @defer, an error, a
// value gqlgen would refuse — takes the generic path unchanged.

// fastFields lists, per GraphQL type, the fields the fast path writes, with
// their GraphQL type (checked against the schema by TestFastFieldsMatchSchema).
var fastFields = map[string]map[string]string{
	"Workload": {"window": "AnalyticsWindow!", "scope": "Department", "staff": "[StaffWorkload!]!",
		"departments": "[DepartmentWorkload!]!"},
	"Imbalance": {"window": "AnalyticsWindow!", "scope": "Department", "gini": "Float!", "top20Share": "Float!",
		"n": "Int!", "topCount": "Int!", "totalLoad": "Float!", "overloadedCount": "Int!", "idleCount": "Int!",
		"overloaded": "[StaffWorkload!]!", "idle": "[StaffWorkload!]!"},
	"AnalyticsWindow": {"from": "Time!", "to": "Time!", "days": "Float!", "weeks": "Float!"},
	"StaffWorkload": {"staff": "Staff!", "department": "Department!", "load": "Float!", "capacity": "Float!",
		"utilization": "Float", "flag": "WorkloadFlag"},
	"DepartmentWorkload": {"department": "Department!", "staffCount": "Int!", "load": "Float!", "capacity": "Float!",
		"utilization": "Float", "overloadedCount": "Int!", "idleCount": "Int!"},
	"Staff":      {"id": "ID!", "name": "String!", "employeeNo": "String!", "position": "String!", "rank": "String!"},
	"Department": {"id": "ID!", "name": "String!", "code": "String!"},
}

// sel is a selection the fast path writes: the fields of one object, in
// response order, each with the selection of its value when an object.
type sel []selField

type selField struct {
	key  string // the response key, as gqlgen writes it: "alias"
	name string
	sub  sel
}

// fastSel compiles the selection of an object of typeName, or says no when
// the fast path cannot write all of it.
func fastSel(oc *graphql.OperationContext, typeName string, ss ast.SelectionSet, depth int) (sel, bool) {
	def, known := gqlSchema.Types[typeName], fastFields[typeName]
	if def == nil || known == nil || depth > MaxDepth {
		return nil, false
	}
	var out sel
	for _, f := range graphql.CollectFields(oc, ss, append([]string{typeName}, def.Interfaces...)) {
		if f.IsDeferred() || len(f.Arguments) > 0 {
			return nil, false
		}
		var b strings.Builder
		graphql.MarshalString(f.Alias).MarshalGQL(&b)
		sf := selField{key: b.String(), name: f.Name}
		if f.Name != "__typename" {
			t, ok := known[f.Name]
			if !ok {
				return nil, false
			}
			if named := strings.Trim(t, "[]!"); fastFields[named] != nil {
				if sf.sub, ok = fastSel(oc, named, f.Selections, depth+1); !ok {
					return nil, false
				}
			}
		}
		out = append(out, sf)
	}
	return out, true
}

// fastAnalytics is the root-field interceptor of the fast path (after
// requireLogin). GenericExecution turns it off (tests compare both paths).
func (r *Resolver) fastAnalytics(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if r.GenericExecution || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	rfc := graphql.GetRootFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if rfc == nil || rfc.Field.Field == nil || rfc.Field.Definition == nil || oc.Operation == nil ||
		oc.Operation.Operation != ast.Query || (rfc.Field.Name != "workload" && rfc.Field.Name != "imbalance") {
		return next(ctx)
	}
	s, ok := fastSel(oc, rfc.Field.Definition.Type.Name(), rfc.Field.Selections, 1)
	if !ok {
		return next(ctx)
	}
	// The arguments, decoded as the generated code decodes them.
	raw := rfc.Field.ArgumentMap(oc.Variables)
	var window *analytics.WindowInput
	var scope *int
	if v := raw["window"]; v != nil {
		w, err := generated.UnmarshalWindowInput(ctx, v)
		if err != nil {
			return next(ctx)
		}
		window = &w
	}
	if v := raw["scope"]; v != nil {
		id, err := graphql.UnmarshalIntID(v)
		if err != nil {
			return next(ctx)
		}
		scope = &id
	}
	fc := &graphql.FieldContext{Object: "Query", Field: rfc.Field, IsMethod: true, IsResolver: true,
		Args: map[string]any{"window": window, "scope": scope}}
	fctx := graphql.WithFieldContext(ctx, fc)
	var m graphql.Marshaler
	if rfc.Field.Name == "workload" {
		res, err := r.Query().Workload(fctx, window, scope)
		if err != nil || !workloadWritable(res) {
			return next(ctx) // errors are reported by the generic path
		}
		m = graphql.WriterFunc(func(w io.Writer) { writeWorkload(w, s, res) })
	} else {
		res, err := r.Query().Imbalance(fctx, window, scope)
		if err != nil || !imbalanceWritable(res) {
			return next(ctx)
		}
		m = graphql.WriterFunc(func(w io.Writer) { writeImbalance(w, s, res) })
	}
	fc.Result = m
	fastAnswers.Add(1)
	return m
}

var fastAnswers atomic.Int64

// FastAnswers is how many root fields the fast path has answered.
func FastAnswers() int64 { return fastAnswers.Load() }

// The results are written only when the generic path would write them
// without an error: every non-null value present, every float one JSON can
// hold. Otherwise the generic path runs and reports what it reports.

func workloadWritable(x *analytics.Workload) bool {
	if x == nil || !rowsWritable(x.Header, x.Staff) {
		return false
	}
	for _, d := range x.Departments {
		if d == nil || d.Department == nil || !finite(d.Load, d.Capacity) || (d.Utilization != nil && !finite(*d.Utilization)) {
			return false
		}
	}
	return true
}

func imbalanceWritable(x *analytics.Imbalance) bool {
	return x != nil && finite(x.Gini, x.Top20Share, x.TotalLoad) &&
		rowsWritable(x.Header, x.Overloaded) && rowsWritable(x.Header, x.Idle)
}

func rowsWritable(h analytics.Header, rows []*analytics.StaffWorkload) bool {
	if h.Window == nil || !finite(h.Window.Days(), h.Window.Weeks()) {
		return false
	}
	for _, x := range rows {
		if x == nil || x.Staff == nil || x.Department == nil || !finite(x.Load, x.Capacity) ||
			(x.Utilization != nil && !finite(*x.Utilization)) {
			return false
		}
	}
	return true
}

func finite(fs ...float64) bool {
	for _, f := range fs {
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return false
		}
	}
	return true
}

// ——— writers: one per type, each field as the generated marshaler writes it ———

// jw writes JSON to w; numbers are formatted in a scratch buffer, as
// gqlgen's marshalers format them (strconv, fmt's %g) but without their
// per-value allocations.
type jw struct {
	w   io.Writer
	buf []byte
}

func (j *jw) raw(s string) { _, _ = io.WriteString(j.w, s) }

func (j *jw) null() { j.raw("null") }

func (j *jw) str(s string) { graphql.MarshalString(s).MarshalGQL(j.w) }

// id: graphql.MarshalIntID, the decimal digits quoted.
func (j *jw) id(n int) {
	j.buf = append(strconv.AppendInt(append(j.buf[:0], '"'), int64(n), 10), '"')
	_, _ = j.w.Write(j.buf)
}

// int: graphql.MarshalInt.
func (j *jw) int(n int) {
	j.buf = strconv.AppendInt(j.buf[:0], int64(n), 10)
	_, _ = j.w.Write(j.buf)
}

// float: graphql.MarshalFloatContext, fmt's %g of a finite float (checked
// before writing), which is strconv's shortest 'g'.
func (j *jw) float(f float64) {
	j.buf = strconv.AppendFloat(j.buf[:0], f, 'g', -1, 64)
	_, _ = j.w.Write(j.buf)
}

func (j *jw) floatPtr(f *float64) {
	if f == nil {
		j.null()
		return
	}
	j.float(*f)
}

func (j *jw) object(s sel, typeName string, field func(f *selField)) {
	j.raw("{")
	for i := range s {
		if i > 0 {
			j.raw(",")
		}
		j.raw(s[i].key)
		j.raw(":")
		if s[i].name == "__typename" {
			j.str(typeName)
			continue
		}
		field(&s[i])
	}
	j.raw("}")
}

func list[T any](j *jw, xs []T, each func(T)) {
	j.raw("[")
	for i, x := range xs {
		if i > 0 {
			j.raw(",")
		}
		each(x)
	}
	j.raw("]")
}

func (j *jw) window(s sel, x *analytics.Window) {
	j.object(s, "AnalyticsWindow", func(f *selField) {
		switch f.name {
		case "from":
			graphql.MarshalTime(x.From).MarshalGQL(j.w)
		case "to":
			graphql.MarshalTime(x.To).MarshalGQL(j.w)
		case "days":
			j.float(x.Days())
		case "weeks":
			j.float(x.Weeks())
		}
	})
}

func (j *jw) department(s sel, d *ent.Department) {
	if d == nil {
		j.null()
		return
	}
	j.object(s, "Department", func(f *selField) {
		switch f.name {
		case "id":
			j.id(d.ID)
		case "name":
			j.str(d.Name)
		case "code":
			j.str(d.Code)
		}
	})
}

func (j *jw) staff(s sel, p *ent.Staff) {
	j.object(s, "Staff", func(f *selField) {
		switch f.name {
		case "id":
			j.id(p.ID)
		case "name":
			j.str(p.Name)
		case "employeeNo":
			j.str(p.EmployeeNo)
		case "position":
			j.str(p.Position)
		case "rank":
			j.str(p.Rank)
		}
	})
}

func (j *jw) staffWorkload(s sel, x *analytics.StaffWorkload) {
	j.object(s, "StaffWorkload", func(f *selField) {
		switch f.name {
		case "staff":
			j.staff(f.sub, x.Staff)
		case "department":
			j.department(f.sub, x.Department)
		case "load":
			j.float(x.Load)
		case "capacity":
			j.float(x.Capacity)
		case "utilization":
			j.floatPtr(x.Utilization)
		case "flag":
			if x.Flag == nil {
				j.null()
			} else {
				x.Flag.MarshalGQL(j.w)
			}
		}
	})
}

func (j *jw) departmentWorkload(s sel, x *analytics.DepartmentWorkload) {
	j.object(s, "DepartmentWorkload", func(f *selField) {
		switch f.name {
		case "department":
			j.department(f.sub, x.Department)
		case "staffCount":
			j.int(x.StaffCount)
		case "load":
			j.float(x.Load)
		case "capacity":
			j.float(x.Capacity)
		case "utilization":
			j.floatPtr(x.Utilization)
		case "overloadedCount":
			j.int(x.OverloadedCount)
		case "idleCount":
			j.int(x.IdleCount)
		}
	})
}

func writeWorkload(w io.Writer, s sel, x *analytics.Workload) {
	j := &jw{w: w, buf: make([]byte, 0, 32)}
	j.object(s, "Workload", func(f *selField) {
		switch f.name {
		case "window":
			j.window(f.sub, x.Window)
		case "scope":
			j.department(f.sub, x.Scope)
		case "staff":
			list(j, x.Staff, func(r *analytics.StaffWorkload) { j.staffWorkload(f.sub, r) })
		case "departments":
			list(j, x.Departments, func(r *analytics.DepartmentWorkload) { j.departmentWorkload(f.sub, r) })
		}
	})
}

func writeImbalance(w io.Writer, s sel, x *analytics.Imbalance) {
	j := &jw{w: w, buf: make([]byte, 0, 32)}
	j.object(s, "Imbalance", func(f *selField) {
		switch f.name {
		case "window":
			j.window(f.sub, x.Window)
		case "scope":
			j.department(f.sub, x.Scope)
		case "gini":
			j.float(x.Gini)
		case "top20Share":
			j.float(x.Top20Share)
		case "n":
			j.int(x.N)
		case "topCount":
			j.int(x.TopCount)
		case "totalLoad":
			j.float(x.TotalLoad)
		case "overloadedCount":
			j.int(x.OverloadedCount)
		case "idleCount":
			j.int(x.IdleCount)
		case "overloaded":
			list(j, x.Overloaded, func(r *analytics.StaffWorkload) { j.staffWorkload(f.sub, r) })
		case "idle":
			list(j, x.Idle, func(r *analytics.StaffWorkload) { j.staffWorkload(f.sub, r) })
		}
	})
}
