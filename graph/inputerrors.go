package graph

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"xiaoneng/internal/apperr"
)

// Malformed input reaches the error presenter in three forms, and each is
// the caller's fault (BAD_USER_INPUT) with the argument path in
// extensions.field:
//
//   - a value gqlgen could not unmarshal (an ID that is no number, a Time
//     that is no RFC 3339 time, a cursor that is no cursor): a
//     *gqlerror.Error wrapping the unmarshaller's error, its path the
//     field's path followed by the argument path (badArgument);
//   - a variable gqlparser could not coerce to its declared type: path
//     ["variable", name, …], named by where the operation uses the variable;
//   - a literal of the wrong type in the document (validation): located by
//     line and column, named by the argument written there.

// badArgument recognises an argument value gqlgen could not unmarshal and
// names it: field "input.dueAt" and a message saying what was expected.
func badArgument(ctx context.Context, err error) (field, msg string, ok bool) {
	var gqlErr *gqlerror.Error
	if _, mine := apperr.As(err); mine || !errors.As(err, &gqlErr) || gqlErr.Err == nil {
		return "", "", false
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Definition == nil {
		return "", "", false
	}
	at := fc.Path()
	if len(gqlErr.Path) <= len(at) || !samePath(gqlErr.Path[:len(at)], at) {
		return "", "", false // a resolver's error (its path is the field's)
	}
	rest := gqlErr.Path[len(at):]
	name, isName := rest[0].(ast.PathName)
	if !isName {
		return "", "", false
	}
	arg := fc.Field.Definition.Arguments.ForName(string(name))
	if arg == nil {
		return "", "", false
	}
	field = inputPath(rest)
	return field, invalidValue(field, typeAt(arg.Type, rest[1:])), true
}

// requestErrorField names the argument of a variable or literal that
// gqlparser refused, when it can ("" otherwise).
func requestErrorField(ctx context.Context, err error) string {
	var gqlErr *gqlerror.Error
	if !errors.As(err, &gqlErr) || gqlErr.Err != nil || !graphql.HasOperationContext(ctx) {
		return ""
	}
	oc := graphql.GetOperationContext(ctx)
	if len(gqlErr.Path) >= 2 && gqlErr.Path[0] == ast.PathName("variable") {
		name, _ := gqlErr.Path[1].(ast.PathName)
		var use ast.Path
		if oc.Operation != nil && oc.Doc != nil {
			use = variableUse(oc.Operation, oc.Doc.Fragments, string(name))
		}
		if use == nil { // (not used: validation refuses that first) the variable itself
			return "$" + inputPath(gqlErr.Path[1:])
		}
		return inputPath(append(use[:len(use):len(use)], gqlErr.Path[2:]...))
	}
	if gqlErr.Rule == "" || len(gqlErr.Locations) == 0 {
		return "" // not a validation error (a parse error, a limit)
	}
	doc := requestDocument(ctx, oc)
	if doc == nil {
		return ""
	}
	loc := gqlErr.Locations[0]
	if p := pathAt(doc, loc.Line, loc.Column); p != nil {
		return inputPath(p)
	}
	return ""
}

// inputPath writes an argument path the way BAD_USER_INPUT names fields:
// input.coDepartments[0], where.hasAssignmentsWith[1].hoursGT.
func inputPath(p ast.Path) string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case ast.PathIndex:
			b.WriteString("[" + strconv.Itoa(int(e)) + "]")
		case ast.PathName:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(e))
		}
	}
	return b.String()
}

func samePath(a, b ast.Path) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// typeAt is the type of the value at path below a value of type t (nil
// when the path leaves the schema).
func typeAt(t *ast.Type, path ast.Path) *ast.Type {
	for _, e := range path {
		if t == nil {
			return nil
		}
		switch e := e.(type) {
		case ast.PathIndex:
			t = t.Elem
		case ast.PathName:
			def := gqlSchema.Types[t.Name()]
			if def == nil || def.Kind != ast.InputObject {
				return nil
			}
			f := def.Fields.ForName(string(e))
			if f == nil {
				return nil
			}
			t = f.Type
		}
	}
	return t
}

// invalidValue says what field should have been.
func invalidValue(field string, t *ast.Type) string {
	zh, en := "值无效", "invalid value"
	if t != nil && t.Elem == nil {
		switch def := gqlSchema.Types[t.NamedType]; {
		case def == nil:
		case def.Kind == ast.Enum:
			names := make([]string, len(def.EnumValues))
			for i, v := range def.EnumValues {
				names[i] = v.Name
			}
			zh, en = "应为 "+strings.Join(names, "、")+" 之一", "expected one of "+strings.Join(names, ", ")
		case def.Kind == ast.InputObject:
			zh, en = "应为 "+def.Name+" 对象", "expected a "+def.Name+" object"
		default:
			zh, en = scalarHints(def.Name)
		}
	} else if t != nil {
		zh, en = "应为列表", "expected a list"
	}
	return field + " " + zh + " / " + field + ": " + en
}

func scalarHints(name string) (zh, en string) {
	switch name {
	case "ID":
		return "应为对象 ID（一串数字）", "expected an object ID (a string of digits)"
	case "Time":
		return "应为 RFC 3339 时间，如 2026-10-01T00:00:00+08:00", "expected an RFC 3339 time such as 2026-10-01T00:00:00+08:00"
	case "Cursor":
		return "应为查询结果给出的游标（pageInfo.endCursor、edges.cursor）", "expected a cursor given by a page (pageInfo.endCursor, edges.cursor)"
	case "Int":
		return "应为整数", "expected an integer"
	case "Float":
		return "应为数字", "expected a number"
	case "Boolean":
		return "应为 true 或 false", "expected true or false"
	case "String":
		return "应为字符串", "expected a string"
	}
	return "应为 " + name, "expected a " + name
}

// valueVisitor is called with a value, the position of the argument or
// object field name it is written under (nil for list items), and its
// argument path; it returns true to stop the walk.
type valueVisitor func(v *ast.Value, name *ast.Position, p ast.Path) bool

// variableUse is the argument path of the first place op uses variable
// name (in its selections or the fragments they spread), nil if none.
func variableUse(op *ast.OperationDefinition, frags ast.FragmentDefinitionList, name string) ast.Path {
	var found ast.Path
	visitValues(op.SelectionSet, frags, map[string]bool{}, func(v *ast.Value, _ *ast.Position, p ast.Path) bool {
		if v.Kind == ast.Variable && v.Raw == name {
			found = p
			return true
		}
		return false
	})
	return found
}

// pathAt is the argument path of the value (or the argument or object
// field name: gqlparser reports some errors there) written at line:column.
func pathAt(doc *ast.QueryDocument, line, column int) ast.Path {
	at := func(pos *ast.Position) bool { return pos != nil && pos.Line == line && pos.Column == column }
	var found ast.Path
	match := func(v *ast.Value, name *ast.Position, p ast.Path) bool {
		if at(v.Position) || at(name) {
			found = p
			return true
		}
		return false
	}
	for _, op := range doc.Operations {
		if visitValues(op.SelectionSet, nil, nil, match) {
			return found
		}
	}
	for _, f := range doc.Fragments {
		if visitValues(f.SelectionSet, nil, nil, match) {
			return found
		}
	}
	return nil
}

// visitValues walks every argument value (and each value inside it) of the
// fields in set until visit says stop. With frags, fragment spreads are
// followed, once each (seen).
func visitValues(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen map[string]bool, visit valueVisitor) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if visitArguments(s.Arguments, s.Directives, visit) || visitValues(s.SelectionSet, frags, seen, visit) {
				return true
			}
		case *ast.InlineFragment:
			if visitArguments(nil, s.Directives, visit) || visitValues(s.SelectionSet, frags, seen, visit) {
				return true
			}
		case *ast.FragmentSpread:
			if visitArguments(nil, s.Directives, visit) {
				return true
			}
			if frags == nil || seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if f := frags.ForName(s.Name); f != nil && visitValues(f.SelectionSet, frags, seen, visit) {
				return true
			}
		}
	}
	return false
}

func visitArguments(args ast.ArgumentList, dirs ast.DirectiveList, visit valueVisitor) bool {
	for _, d := range dirs {
		args = append(args[:len(args):len(args)], d.Arguments...)
	}
	for _, a := range args {
		if visitValue(a.Value, a.Position, ast.Path{ast.PathName(a.Name)}, visit) {
			return true
		}
	}
	return false
}

func visitValue(v *ast.Value, name *ast.Position, p ast.Path, visit valueVisitor) bool {
	if v == nil {
		return false
	}
	if visit(v, name, p) {
		return true
	}
	for i, c := range v.Children {
		if v.Kind == ast.ListValue {
			if visitValue(c.Value, nil, append(p[:len(p):len(p)], ast.PathIndex(i)), visit) {
				return true
			}
		} else if visitValue(c.Value, c.Position, append(p[:len(p):len(p)], ast.PathName(c.Name)), visit) {
			return true
		}
	}
	return false
}

// docMemo holds a request's document parsed once for naming the fields of
// its validation errors (gqlgen keeps no document when validation fails,
// and a document may have thousands of bad values).
type docMemo struct {
	once sync.Once
	doc  *ast.QueryDocument
}

type docMemoKey struct{}

func withDocMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, docMemoKey{}, &docMemo{})
}

// requestDocument is the request's document: the validated one when there
// is one, else parsed (once per request; nil without a memo or when the
// document does not parse).
func requestDocument(ctx context.Context, oc *graphql.OperationContext) *ast.QueryDocument {
	if oc.Doc != nil {
		return oc.Doc
	}
	m, _ := ctx.Value(docMemoKey{}).(*docMemo)
	if m == nil || oc.RawQuery == "" {
		return nil
	}
	m.once.Do(func() {
		m.doc, _ = parser.ParseQueryWithTokenLimit(&ast.Source{Input: oc.RawQuery}, MaxTokens) // a longer one never got to validation
	})
	return m.doc
}
