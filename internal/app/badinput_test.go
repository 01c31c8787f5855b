package app_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/graph/generated"
)

// argStep is one step of an argument path: an input field or argument name,
// or (name == "") the first element of a list.
type argStep struct{ name string }

func (s argStep) isIndex() bool { return s.name == "" }

// fieldPath renders an argument path as the API names it in
// extensions.field: input.coDepartments[0], where.hasAssignmentsWith[0].hoursGT.
func fieldPath(steps []argStep) string {
	var b strings.Builder
	for i, s := range steps {
		switch {
		case s.isIndex():
			b.WriteString("[0]")
		case i > 0:
			b.WriteString("." + s.name)
		default:
			b.WriteString(s.name)
		}
	}
	return b.String()
}

// enumLiteral is an enum value (or an unknown name) written unquoted in a document.
type enumLiteral string

// rawLiteral is a literal written into the document as it is.
type rawLiteral string

// gqlLiteral writes v as a GraphQL value literal.
func gqlLiteral(v any) string {
	switch x := v.(type) {
	case enumLiteral:
		return string(x)
	case rawLiteral:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = gqlLiteral(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + gqlLiteral(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case string:
		return strconv.Quote(x)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	panic(fmt.Sprintf("no literal for %T", v))
}

// jsonValue is v as a variable's JSON value (enum values become strings).
func jsonValue(v any) any {
	switch x := v.(type) {
	case enumLiteral:
		return string(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	}
	return v
}

// schemaWalk builds argument values from the executable schema: valid
// placeholders for what a field requires, and a malformed leaf.
type schemaWalk struct {
	schema *ast.Schema
	id     string // the placeholder ID ("1": the first account)
}

func newSchemaWalk() schemaWalk {
	return schemaWalk{schema: generated.NewExecutableSchema(generated.Config{}).Schema(), id: "1"}
}

// placeholder is a well-formed value of t (required input fields filled in).
func (w schemaWalk) placeholder(t *ast.Type) any {
	if t.Elem != nil {
		return []any{w.placeholder(t.Elem)}
	}
	def := w.schema.Types[t.NamedType]
	switch def.Kind {
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				obj[f.Name] = w.placeholder(f.Type)
			}
		}
		return obj
	case ast.Enum:
		return enumLiteral(def.EnumValues[0].Name)
	}
	switch t.NamedType {
	case "ID":
		return w.id
	case "Int":
		return 1
	case "Float":
		return 1.5
	case "Boolean":
		return true
	case "Time":
		return "2026-01-01T00:00:00Z"
	case "String":
		return "x"
	case "Upload":
		return "x" // no upload fits in a document; the leaf under test fails first
	}
	panic("no placeholder for scalar " + t.NamedType)
}

// malformed is a value of the wrong form for the scalar or enum t, written
// in the document (valid GraphQL syntax, not a value of t) or sent as a
// variable. gqlparser coerces a variable "7" to an Int and 7 to a String,
// as many servers do; those are not malformed.
func (w schemaWalk) malformed(t *ast.Type, asVariable bool) any {
	if w.schema.Types[t.NamedType].Kind == ast.Enum {
		return enumLiteral("NO_SUCH_VALUE")
	}
	switch t.NamedType {
	case "ID":
		return "abc"
	case "Int":
		if asVariable {
			return "seven"
		}
		return "7"
	case "Float":
		return "x"
	case "Boolean":
		return "yes"
	case "String":
		if asVariable {
			return true
		}
		return 7
	case "Time":
		return "yesterday"
	case "Cursor":
		return "garbage"
	case "Upload":
		return 7 // a file is a part of a multipart request, never a value
	}
	panic("no malformed value for scalar " + t.NamedType)
}

// build is a value of t with leaf(type) at steps, placeholders for the
// other required input fields.
func (w schemaWalk) build(t *ast.Type, steps []argStep, leaf func(*ast.Type) any) any {
	if t.Elem != nil {
		return []any{w.build(t.Elem, steps[1:], leaf)}
	}
	def := w.schema.Types[t.NamedType]
	if def.Kind != ast.InputObject {
		return leaf(t)
	}
	obj := map[string]any{}
	for _, f := range def.Fields {
		if f.Type.NonNull && f.DefaultValue == nil && f.Name != steps[0].name {
			obj[f.Name] = w.placeholder(f.Type)
		}
	}
	f := def.Fields.ForName(steps[0].name)
	obj[f.Name] = w.build(f.Type, steps[1:], leaf)
	return obj
}

// leaves lists the paths (below path) to every scalar and enum leaf of t.
// An input object is expanded in full the first time it is met (expanded
// records it); later only its first leaf is taken, so that the walk covers
// every input field once and every argument at least once.
func (w schemaWalk) leaves(t *ast.Type, path []argStep, expanded map[string]bool) [][]argStep {
	if t.Elem != nil {
		return w.leaves(t.Elem, append(append([]argStep(nil), path...), argStep{}), expanded)
	}
	def := w.schema.Types[t.NamedType]
	if def.Kind != ast.InputObject {
		return [][]argStep{path}
	}
	var out [][]argStep
	first := !expanded[def.Name]
	expanded[def.Name] = true
	for _, f := range def.Fields {
		sub := append(append([]argStep(nil), path...), argStep{name: f.Name})
		if !first {
			if k := w.schema.Types[f.Type.Name()].Kind; k == ast.Scalar || k == ast.Enum {
				return [][]argStep{sub}
			}
			continue
		}
		out = append(out, w.leaves(f.Type, sub, expanded)...)
	}
	return out
}

func selectionFor(schema *ast.Schema, t *ast.Type) string {
	switch schema.Types[t.Name()].Kind {
	case ast.Object, ast.Interface, ast.Union:
		return " { __typename }"
	}
	return ""
}

// argLeaf is one scalar or enum leaf of one argument of a root field.
type argLeaf struct {
	w     schemaWalk
	op    string // query or mutation
	field *ast.FieldDefinition
	arg   *ast.ArgumentDefinition
	steps []argStep // from the argument's name to the leaf
}

// path is the leaf's argument path as extensions.field names it.
func (l argLeaf) path() string { return fieldPath(l.steps) }

func (l argLeaf) leafType() *ast.Type {
	t := l.arg.Type
	for _, s := range l.steps[1:] {
		if s.isIndex() {
			t = t.Elem
		} else {
			t = l.w.schema.Types[t.Name()].Fields.ForName(s.name).Type
		}
	}
	return t
}

// requests are two calls of the field with v at the leaf (and
// placeholders for every other required argument): v written in the
// document, and v sent in a variable holding the whole argument.
func (l argLeaf) requests(literal, variable any) []argRequest {
	others := l.otherArguments()
	sel := selectionFor(l.w.schema, l.field.Type)
	at := func(v any) func(*ast.Type) any { return func(*ast.Type) any { return v } }
	return []argRequest{
		{fmt.Sprintf("%s { %s(%s) %s }", l.op, l.field.Name,
			strings.Join(append(others, l.arg.Name+": "+gqlLiteral(l.w.build(l.arg.Type, l.steps[1:], at(literal)))), ", "), sel), nil},
		{fmt.Sprintf("%s($v: %s) { %s(%s) %s }", l.op, l.arg.Type.String(), l.field.Name,
			strings.Join(append(others, l.arg.Name+": $v"), ", "), sel),
			map[string]any{"v": jsonValue(l.w.build(l.arg.Type, l.steps[1:], at(variable)))}},
	}
}

// otherArguments are placeholders for the field's other required arguments.
func (l argLeaf) otherArguments() []string {
	var others []string
	for _, o := range l.field.Arguments {
		if o.Name != l.arg.Name && o.Type.NonNull && o.DefaultValue == nil {
			others = append(others, o.Name+": "+gqlLiteral(l.w.placeholder(o.Type)))
		}
	}
	return others
}

type argRequest struct {
	doc  string
	vars map[string]any
}

func (r argRequest) String() string {
	vars, _ := json.Marshal(r.vars)
	return r.doc + " variables " + string(vars)
}

// eachArgumentLeaf walks every argument of every root field of the schema
// (but introspection's) down to its scalar and enum leaves.
func eachArgumentLeaf(w schemaWalk, fn func(argLeaf)) {
	schema := w.schema
	expanded := map[string]bool{}
	for _, root := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			for _, a := range f.Arguments {
				for _, steps := range w.leaves(a.Type, []argStep{{name: a.Name}}, expanded) {
					fn(argLeaf{w: w, op: strings.ToLower(root.Name), field: f, arg: a, steps: steps})
				}
			}
		}
	}
}

// casesReport collects the failed cases of a walk and reports them grouped
// by what came back, so that a class of failures reads as one line.
type casesReport struct {
	sent   int
	failed map[string][]string
}

func (c *casesReport) fail(class, example string) {
	if c.failed == nil {
		c.failed = map[string][]string{}
	}
	c.failed[class] = append(c.failed[class], example)
}

func (c *casesReport) report(t *testing.T) {
	t.Helper()
	t.Logf("%d requests sent", c.sent)
	for class, examples := range c.failed {
		t.Errorf("%d cases %s; e.g. %s", len(examples), class, examples[0])
	}
}

// A malformed argument value — an ID that is no number, an unknown cursor,
// "yesterday" for a Time, an unknown enum value, "7" for an Int — is the
// caller's fault: BAD_USER_INPUT naming the argument path, written in the
// document or sent as a variable. The walk covers every argument of every
// root field and every field of every input type reachable from them, so a
// new field is covered by this test without a change to it.
func TestMalformedArgumentsAreBadInput(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		tok := e.login(t, "admin")
		var rep casesReport
		eachArgumentLeaf(newSchemaWalk(), func(l argLeaf) {
			typ := l.leafType()
			for _, req := range l.requests(l.w.malformed(typ, false), l.w.malformed(typ, true)) {
				rep.sent++
				r := e.do(t, tok, req.doc, req.vars)
				if !badInputOn(r, l.path()) {
					rep.fail("answered "+errorClass(r), fmt.Sprintf("%s\n  want BAD_USER_INPUT on %q, got %s", req, l.path(), describeErrors(r)))
				}
			}
		})
		rep.report(t)
	})
}

// Text that the databases cannot hold (a NUL character) and times outside
// the years the product accepts are refused for every String and Time
// argument, in the document or in the variables, before any resolver runs:
// BAD_USER_INPUT naming the argument, on both databases (PostgreSQL refused
// NUL with an internal error, and SQLite wrote the year 10000 in a form it
// cannot read back).
func TestBadTextAndTimesAreBadInput(t *testing.T) {
	values := map[string][][2]any{
		"String": {{rawLiteral(`"a\u0000b"`), "a\x00b"}},
		"Time": {
			{"9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59-12:00"},
			{"1969-12-31T00:00:00Z", "1969-12-31T00:00:00Z"},
		},
	}
	tkEachFresh(t, func(t *testing.T, e *env) {
		tok := e.login(t, "admin")
		var rep casesReport
		eachArgumentLeaf(newSchemaWalk(), func(l argLeaf) {
			for _, v := range values[l.leafType().Name()] {
				for _, req := range l.requests(v[0], v[1]) {
					rep.sent++
					if r := e.do(t, tok, req.doc, req.vars); !badInputOn(r, l.path()) {
						rep.fail("answered "+errorClass(r), fmt.Sprintf("%s\n  want BAD_USER_INPUT on %q, got %s", req, l.path(), describeErrors(r)))
					}
				}
			}
		})
		if rep.sent < 100 {
			t.Fatalf("only %d requests: the walk found few String and Time arguments", rep.sent)
		}
		rep.report(t)
	})
}

// A well-formed ID that names nothing the field could take — 0, a negative
// number, an ID beyond every type's range, an audit log row's — is NOT_FOUND
// (or another code the caller can act on), never INTERNAL: global IDs carry
// their type in the high bits, and a lookup of the wrong type finds nothing.
func TestForeignIDsAreNotInternal(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) { foreignIDsAreNotInternal(t, e) })
}

func foreignIDsAreNotInternal(t *testing.T, e *env) {
	tok := e.login(t, "admin")
	auditID := asInt(e.scalar(t, `SELECT min(id) FROM audit_logs`))
	if auditID <= 0 {
		t.Fatal("no audit log row in the demo")
	}
	ids := []string{"0", "-1", strconv.FormatInt(1000<<32+1, 10), strconv.Itoa(auditID)}
	var rep casesReport
	eachArgumentLeaf(newSchemaWalk(), func(l argLeaf) {
		if l.leafType().Name() != "ID" {
			return
		}
		for _, id := range ids {
			for _, req := range l.requests(id, id) {
				rep.sent++
				r := e.do(t, tok, req.doc, req.vars)
				for _, ge := range r.Errors {
					if code, _ := ge.Extensions["code"].(string); !callerCodes[code] {
						rep.fail("answered "+errorClass(r), fmt.Sprintf("%s\n  got %s", req, describeErrors(r)))
						break
					}
				}
			}
		}
	})
	rep.report(t)
}

// An empty part of a where filter (not: {}, and: [{}]) is BAD_USER_INPUT on
// where, for every connection.
func TestEmptyFilterIsBadInput(t *testing.T) {
	forEachDialect(t, emptyFilterIsBadInput)
}

func emptyFilterIsBadInput(t *testing.T, e *env) {
	tok := e.login(t, "admin")
	var rep casesReport
	seen := map[string]bool{}
	w := newSchemaWalk()
	// other ID arguments name a department (departmentRatings(department:))
	w.id = e.deptOf(t, "staff3")
	eachArgumentLeaf(w, func(l argLeaf) {
		if l.arg.Name != "where" || seen[l.field.Name] {
			return
		}
		seen[l.field.Name] = true
		for _, where := range []string{`{not: {}}`, `{and: [{}, {}]}`, `{or: [{not: {}}]}`} {
			args := strings.Join(append(l.otherArguments(), "where: "+where), ", ")
			doc := fmt.Sprintf("%s { %s(%s)%s }", l.op, l.field.Name, args, selectionFor(l.w.schema, l.field.Type))
			rep.sent++
			if r := e.do(t, tok, doc, nil); !badInputOn(r, "where") {
				rep.fail("answered "+errorClass(r), doc+"\n  got "+describeErrors(r))
			}
		}
	})
	if len(seen) < 5 {
		t.Fatalf("only %d fields take where", len(seen))
	}
	rep.report(t)
}

// errorClass is what kind of answer r is: its codes, and whether a field was named.
func errorClass(r gqlResponse) string {
	if len(r.Errors) == 0 {
		return "no error"
	}
	var parts []string
	for _, e := range r.Errors {
		p := fmt.Sprint(e.Extensions["code"])
		if e.Extensions["field"] == nil {
			p += " without a field"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, ", ")
}

// badInputOn says whether every error of r is BAD_USER_INPUT and one names field.
func badInputOn(r gqlResponse, field string) bool {
	named := false
	for _, e := range r.Errors {
		if e.Extensions["code"] != "BAD_USER_INPUT" {
			return false
		}
		named = named || e.Extensions["field"] == field
	}
	return named
}

func describeErrors(r gqlResponse) string {
	if len(r.Errors) == 0 {
		return fmt.Sprintf("no error (status %d)", r.Status)
	}
	var parts []string
	for _, e := range r.Errors {
		parts = append(parts, fmt.Sprintf("code=%v field=%v msg=%q", e.Extensions["code"], e.Extensions["field"], e.Message))
	}
	return strings.Join(parts, "; ")
}
