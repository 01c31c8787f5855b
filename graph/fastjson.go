package graph

import (
	"bytes"
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/ent"
	"xiaoneng/graph/generated"
	"xiaoneng/internal/analytics"
)

// A fast path for the heaviest answers. gqlgen executes every object of a
// response alike: a goroutine per list element and per field bound to a
// method taking a context (ent's edges), a field context, a middleware call
// and several allocations per field, a FieldSet, a deferred group and a
// path per object. For workload (8,356 rows for the whole agency) that cost
// three times the SQL; for the task page (50 tasks, ~600 objects) it was
// most of the server's CPU.
//
// For the root fields workload, imbalance and tasks, when every field asked
// is one listed in fastFields, the answer is written straight to JSON: the
// arguments decoded by the generated unmarshalers, the same resolver called
// under the same field context, ent's edges read through the same methods
// (so eager loading, aliases and privacy are unchanged), each value written
// as gqlgen's marshaler for it writes it. The bytes are the same
// (TestFastAnalyticsSameBytes, TestFastTasksSameBytes). Anything else — a
// field not listed, @defer, an error, a missing non-null value, a float JSON
// cannot hold — takes the generic path unchanged.

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

	"TaskConnection": {"totalCount": "Int!", "pageInfo": "PageInfo!", "edges": "[TaskEdge]"},
	"TaskEdge":       {"node": "Task", "cursor": "Cursor!"},
	"PageInfo": {"hasNextPage": "Boolean!", "hasPreviousPage": "Boolean!", "startCursor": "Cursor",
		"endCursor": "Cursor"},
	"Task": {"id": "ID!", "createdAt": "Time!", "updatedAt": "Time!", "title": "String!", "description": "String!",
		"kind": "TaskKind!", "priority": "TaskPriority!", "status": "TaskStatus!", "startAt": "Time!", "dueAt": "Time!",
		"completedAt": "Time", "costEstimate": "Float", "costActual": "Float", "leadDepartmentID": "ID!",
		"leadReceivedAt": "Time", "cancelReason": "String",
		"leadDepartment": "Department!", "coDepartments": "[Department!]", "requestingUnit": "Department",
		"firstResponder": "Staff", "createdBy": "Staff", "assignments": "[TaskAssignment!]"},
	"TaskAssignment": {"id": "ID!", "taskID": "ID!", "staffID": "ID!", "hours": "Float!", "actualHours": "Float!",
		"staff": "Staff!"},
}

// sel is a selection the fast path writes: the fields of one object, in
// response order, each with the selection of its value when an object.
type sel []selField

type selField struct {
	key   string // the response key, as gqlgen writes it: "alias"
	name  string
	sub   sel
	field graphql.CollectedField
	// ctx: the context an ent edge method is called with for this field
	// (entgql reads the alias from its field context), made once per request.
	ctx context.Context
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
		sf := selField{key: b.String(), name: f.Name, field: f}
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

// fastPath is the root-field interceptor of the fast path (after
// requireCredential). GenericExecution turns it off (tests compare both paths).
func (r *Resolver) fastPath(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	if r.GenericExecution || !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	rfc := graphql.GetRootFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if rfc == nil || rfc.Field.Field == nil || rfc.Field.Definition == nil || oc.Operation == nil ||
		oc.Operation.Operation != ast.Query {
		return next(ctx)
	}
	var m graphql.Marshaler
	switch rfc.Field.Name {
	case "workload", "imbalance":
		m = r.fastAnalytics(ctx, oc, rfc)
	case "tasks":
		m = r.fastTasks(ctx, oc, rfc)
	}
	if m == nil {
		return next(ctx) // errors are reported by the generic path
	}
	fastAnswers.Add(1)
	return m
}

// rootField is the field context the generated code gives a root resolver.
func rootField(ctx context.Context, rfc *graphql.RootFieldContext, args map[string]any) context.Context {
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Query", Field: rfc.Field,
		IsMethod: true, IsResolver: true, Args: args})
}

// fastAnalytics answers workload or imbalance, or gives nil.
func (r *Resolver) fastAnalytics(ctx context.Context, oc *graphql.OperationContext, rfc *graphql.RootFieldContext) graphql.Marshaler {
	s, ok := fastSel(oc, rfc.Field.Definition.Type.Name(), rfc.Field.Selections, 1)
	if !ok {
		return nil
	}
	// The arguments, decoded as the generated code decodes them.
	raw := rfc.Field.ArgumentMap(oc.Variables)
	var window *analytics.WindowInput
	var scope *int
	if v := raw["window"]; v != nil {
		w, err := generated.UnmarshalWindowInput(ctx, v)
		if err != nil {
			return nil
		}
		window = &w
	}
	if v := raw["scope"]; v != nil {
		id, err := graphql.UnmarshalIntID(v)
		if err != nil {
			return nil
		}
		scope = &id
	}
	fctx := rootField(ctx, rfc, map[string]any{"window": window, "scope": scope})
	if rfc.Field.Name == "workload" {
		res, err := r.Query().Workload(fctx, window, scope)
		if err != nil || !workloadWritable(res) {
			return nil
		}
		return graphql.WriterFunc(func(w io.Writer) { writeWorkload(w, s, res) })
	}
	res, err := r.Query().Imbalance(fctx, window, scope)
	if err != nil || !imbalanceWritable(res) {
		return nil
	}
	return graphql.WriterFunc(func(w io.Writer) { writeImbalance(w, s, res) })
}

// fastTasks answers the root tasks connection, or gives nil. Its edges are
// read while writing, so it writes at once, into a buffer it drops on the
// first error.
func (r *Resolver) fastTasks(ctx context.Context, oc *graphql.OperationContext, rfc *graphql.RootFieldContext) graphql.Marshaler {
	s, ok := fastSel(oc, "TaskConnection", rfc.Field.Selections, 1)
	if !ok {
		return nil
	}
	raw := rfc.Field.ArgumentMap(oc.Variables)
	var after, before *entgql.Cursor[int]
	var first, last *int
	var orderBy *ent.TaskOrder
	var where *ent.TaskWhereInput
	for _, c := range []struct {
		name string
		dst  **entgql.Cursor[int]
	}{{"after", &after}, {"before", &before}} {
		if v := raw[c.name]; v != nil {
			*c.dst = new(entgql.Cursor[int])
			if err := (*c.dst).UnmarshalGQL(v); err != nil {
				return nil
			}
		}
	}
	for _, c := range []struct {
		name string
		dst  **int
	}{{"first", &first}, {"last", &last}} {
		if v := raw[c.name]; v != nil {
			n, err := graphql.UnmarshalInt(v)
			if err != nil {
				return nil
			}
			*c.dst = &n
		}
	}
	if v := raw["orderBy"]; v != nil {
		o, err := generated.UnmarshalTaskOrder(ctx, v)
		if err != nil {
			return nil
		}
		orderBy = &o
	}
	if v := raw["where"]; v != nil {
		w, err := generated.UnmarshalTaskWhereInput(ctx, v)
		if err != nil {
			return nil
		}
		where = &w
	}
	fctx := rootField(ctx, rfc, map[string]any{"after": after, "first": first, "before": before, "last": last,
		"orderBy": orderBy, "where": where})
	conn, err := r.Query().Tasks(fctx, after, first, before, last, orderBy, where)
	if err != nil || conn == nil {
		return nil
	}
	var buf bytes.Buffer
	j := &jw{w: &buf, ctx: ctx}
	j.taskConnection(s, conn)
	if j.failed {
		return nil
	}
	return graphql.WriterFunc(func(w io.Writer) { _, _ = w.Write(buf.Bytes()) })
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
	if h.Window == nil || h.Window.From.IsZero() || h.Window.To.IsZero() || !finite(h.Window.Days(), h.Window.Weeks()) {
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
	// ctx: the request's, for ent's edge methods (tasks only).
	ctx context.Context
	// failed: a value the generic path would report as an error (tasks only;
	// the analytics results are checked before writing).
	failed bool
}

func (j *jw) fail() {
	j.failed = true
	j.null()
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

// time: graphql.MarshalTime, a zero time being null (an error where the
// field is non-null).
func (j *jw) time(t time.Time, nonNull bool) {
	if t.IsZero() {
		if nonNull {
			j.fail()
		} else {
			j.null()
		}
		return
	}
	j.buf = append(t.AppendFormat(append(j.buf[:0], '"'), time.RFC3339Nano), '"')
	_, _ = j.w.Write(j.buf)
}

func (j *jw) timePtr(t *time.Time) {
	if t == nil {
		j.null()
		return
	}
	j.time(*t, false)
}

func (j *jw) bool(b bool) { j.raw(strconv.FormatBool(b)) }

// num: a float of the task page, which may not be finite there.
func (j *jw) num(f float64) {
	if !finite(f) {
		j.fail()
		return
	}
	j.float(f)
}

func (j *jw) numPtr(f *float64) {
	if f == nil {
		j.null()
		return
	}
	j.num(*f)
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
			j.time(x.From, true)
		case "to":
			j.time(x.To, true)
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

// ——— the task page ———

// edgeCtx is the context f's ent edge method is called with: entgql reads
// the alias (the eager-loaded named edge) from its field context.
func (j *jw) edgeCtx(f *selField, object string) context.Context {
	if f.ctx == nil {
		f.ctx = graphql.WithFieldContext(j.ctx, &graphql.FieldContext{Object: object, Field: f.field, IsMethod: true})
	}
	return f.ctx
}

func (j *jw) cursor(c *entgql.Cursor[int]) {
	if c == nil {
		j.null()
		return
	}
	c.MarshalGQL(j.w)
}

func (j *jw) taskConnection(s sel, c *ent.TaskConnection) {
	j.object(s, "TaskConnection", func(f *selField) {
		switch f.name {
		case "totalCount":
			j.int(c.TotalCount)
		case "pageInfo":
			j.object(f.sub, "PageInfo", func(p *selField) {
				switch p.name {
				case "hasNextPage":
					j.bool(c.PageInfo.HasNextPage)
				case "hasPreviousPage":
					j.bool(c.PageInfo.HasPreviousPage)
				case "startCursor":
					j.cursor(c.PageInfo.StartCursor)
				case "endCursor":
					j.cursor(c.PageInfo.EndCursor)
				}
			})
		case "edges":
			if c.Edges == nil {
				j.null()
				return
			}
			list(j, c.Edges, func(e *ent.TaskEdge) {
				if e == nil {
					j.null()
					return
				}
				j.object(f.sub, "TaskEdge", func(g *selField) {
					switch g.name {
					case "node":
						if e.Node == nil {
							j.null()
						} else {
							j.task(g.sub, e.Node)
						}
					case "cursor":
						e.Cursor.MarshalGQL(j.w)
					}
				})
			})
		}
	})
}

func (j *jw) task(s sel, t *ent.Task) {
	j.object(s, "Task", func(f *selField) {
		if j.failed {
			return
		}
		switch f.name {
		case "id":
			j.id(t.ID)
		case "createdAt":
			j.time(t.CreatedAt, true)
		case "updatedAt":
			j.time(t.UpdatedAt, true)
		case "title":
			j.str(t.Title)
		case "description":
			j.str(t.Description)
		case "kind":
			t.Kind.MarshalGQL(j.w)
		case "priority":
			t.Priority.MarshalGQL(j.w)
		case "status":
			t.Status.MarshalGQL(j.w)
		case "startAt":
			j.time(t.StartAt, true)
		case "dueAt":
			j.time(t.DueAt, true)
		case "completedAt":
			j.timePtr(t.CompletedAt)
		case "costEstimate":
			j.numPtr(t.CostEstimate)
		case "costActual":
			j.numPtr(t.CostActual)
		case "leadDepartmentID":
			j.id(t.LeadDepartmentID)
		case "leadReceivedAt":
			j.timePtr(t.LeadReceivedAt)
		case "cancelReason": // an optional ent field held as a string: never null
			j.str(t.CancelReason)
		case "leadDepartment":
			d, err := t.LeadDepartment(j.edgeCtx(f, "Task"))
			j.requiredDepartment(f.sub, d, err)
		case "coDepartments":
			ds, err := t.CoDepartments(j.edgeCtx(f, "Task"))
			if err != nil {
				j.fail()
				return
			}
			if ds == nil {
				j.null()
				return
			}
			list(j, ds, func(d *ent.Department) { j.requiredDepartment(f.sub, d, nil) })
		case "requestingUnit":
			d, err := t.RequestingUnit(j.edgeCtx(f, "Task"))
			if err != nil {
				j.fail()
				return
			}
			j.department(f.sub, d)
		case "firstResponder":
			p, err := t.FirstResponder(j.edgeCtx(f, "Task"))
			j.optionalStaff(f.sub, p, err)
		case "createdBy":
			p, err := t.CreatedBy(j.edgeCtx(f, "Task"))
			j.optionalStaff(f.sub, p, err)
		case "assignments":
			as, err := t.Assignments(j.edgeCtx(f, "Task"))
			if err != nil {
				j.fail()
				return
			}
			if as == nil {
				j.null()
				return
			}
			list(j, as, func(a *ent.TaskAssignment) {
				if a == nil {
					j.fail()
					return
				}
				j.assignment(f.sub, a)
			})
		}
	})
}

func (j *jw) assignment(s sel, a *ent.TaskAssignment) {
	j.object(s, "TaskAssignment", func(f *selField) {
		if j.failed {
			return
		}
		switch f.name {
		case "id":
			j.id(a.ID)
		case "taskID":
			j.id(a.TaskID)
		case "staffID":
			j.id(a.StaffID)
		case "hours":
			j.num(a.Hours)
		case "actualHours":
			j.num(a.ActualHours)
		case "staff":
			p, err := a.Staff(j.edgeCtx(f, "TaskAssignment"))
			if err != nil || p == nil {
				j.fail()
				return
			}
			j.staff(f.sub, p)
		}
	})
}

func (j *jw) requiredDepartment(s sel, d *ent.Department, err error) {
	if err != nil || d == nil {
		j.fail()
		return
	}
	j.department(s, d)
}

func (j *jw) optionalStaff(s sel, p *ent.Staff, err error) {
	switch {
	case err != nil:
		j.fail()
	case p == nil:
		j.null()
	default:
		j.staff(s, p)
	}
}
