package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"xiaoneng/ent"
	"xiaoneng/internal/auth"
)

// A request its client abandoned is not an internal error in the log (a
// load test's closing connections filled it with them); a failure of ours
// with the request still live is.
func TestPresentErrorCanceledByClient(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	defer slog.SetDefault(old)

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	e := presentError(gone, fmt.Errorf("tasks: %w", context.Canceled))
	if e.Extensions["code"] != "INTERNAL" || e.Message != "request canceled" {
		t.Fatalf("canceled request: code %v, message %q", e.Extensions["code"], e.Message)
	}
	if buf.Len() != 0 {
		t.Fatalf("a request canceled by its client was logged: %s", buf.String())
	}

	// the same error while the request is live is ours: logged, neutral message
	e = presentError(context.Background(), fmt.Errorf("tasks: %w", context.Canceled))
	if e.Message != "internal error" || !strings.Contains(buf.String(), "graphql internal error") {
		t.Fatalf("live request: message %q, log %q", e.Message, buf.String())
	}
	buf.Reset()
	e = presentError(context.Background(), errors.New("disk on fire"))
	if e.Extensions["code"] != "INTERNAL" || !strings.Contains(buf.String(), "disk on fire") {
		t.Fatalf("internal error: code %v, log %q", e.Extensions["code"], buf.String())
	}
}

// Credentials refused are UNAUTHENTICATED (the client logs out); credentials
// that could not be checked because the database failed are an internal
// error, which must not log the user out.
func TestRequireViewerTellsRefusedFromUnchecked(t *testing.T) {
	refused := auth.WithAuthError(context.Background(), fmt.Errorf("%w: signature", auth.ErrInvalidToken))
	code := func(ctx context.Context) any {
		_, err := requireViewer(ctx)
		if err == nil {
			return nil
		}
		return presentError(context.Background(), err).Extensions["code"]
	}
	if c := code(refused); c != "UNAUTHENTICATED" {
		t.Fatalf("refused token: %v", c)
	}
	if c := code(auth.WithAuthError(context.Background(), errors.New("database is locked"))); c != "INTERNAL" {
		t.Fatalf("unchecked token: %v", c)
	}
	if c := code(context.Background()); c != "UNAUTHENTICATED" {
		t.Fatalf("no token: %v", c)
	}
}

// fieldContextOf is the field context gqlgen gives the arguments of a root
// field of op (Query or Mutation).
func fieldContextOf(t *testing.T, op *ast.Definition, name string) context.Context {
	t.Helper()
	def := op.Fields.ForName(name)
	if def == nil {
		t.Fatalf("no field %s.%s", op.Name, name)
	}
	fc := &graphql.FieldContext{Object: op.Name, Field: graphql.CollectedField{
		Field: &ast.Field{Alias: name, Name: name, Definition: def}}}
	return graphql.WithFieldContext(context.Background(), fc)
}

// An argument gqlgen could not unmarshal arrives wrapped with the field's
// path followed by the argument path: BAD_USER_INPUT on that path, with
// what was expected. A resolver's error on the same field (its path is the
// field's) stays what it is.
func TestPresentErrorNamesBadArguments(t *testing.T) {
	ctx := fieldContextOf(t, gqlSchema.Mutation, "createTask")
	path := ast.Path{ast.PathName("createTask"), ast.PathName("input"), ast.PathName("coDepartments"), ast.PathIndex(1)}
	e := presentError(ctx, gqlerror.WrapPath(path, errors.New(`strconv.Atoi: parsing "x": invalid syntax`)))
	if e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["field"] != "input.coDepartments[1]" ||
		!strings.Contains(e.Message, "expected an object ID") {
		t.Fatalf("bad ID in a list: %+v", e)
	}
	path = ast.Path{ast.PathName("createTask"), ast.PathName("input"), ast.PathName("dueAt")}
	e = presentError(ctx, gqlerror.WrapPath(path, errors.New("time should be RFC3339Nano formatted string")))
	if e.Extensions["field"] != "input.dueAt" || !strings.Contains(e.Message, "RFC 3339") {
		t.Fatalf("bad time: %+v", e)
	}
	path = ast.Path{ast.PathName("createTask"), ast.PathName("input"), ast.PathName("kind")}
	e = presentError(ctx, gqlerror.WrapPath(path, errors.New("NOPE is not a valid TaskKind")))
	if e.Extensions["field"] != "input.kind" || !strings.Contains(e.Message, "expected one of") {
		t.Fatalf("bad enum: %+v", e)
	}

	// the resolver failed: its error carries the field's own path
	e = presentError(ctx, gqlerror.WrapPath(ast.Path{ast.PathName("createTask")}, errors.New("disk on fire")))
	if e.Extensions["code"] != "INTERNAL" || e.Extensions["field"] != nil {
		t.Fatalf("a resolver's error: %+v", e)
	}
	// a path into a name that is no argument of the field is not an argument error
	e = presentError(ctx, gqlerror.WrapPath(ast.Path{ast.PathName("createTask"), ast.PathName("title")}, errors.New("x")))
	if e.Extensions["code"] != "INTERNAL" {
		t.Fatalf("a path into no argument: %+v", e)
	}
	// without a field context (a request-level error wrapping another) nothing is guessed
	e = presentError(context.Background(), gqlerror.WrapPath(path, errors.New("x")))
	if e.Extensions["code"] != "INTERNAL" {
		t.Fatalf("no field context: %+v", e)
	}
}

// A variable gqlparser refused is named by where the operation uses it; a
// literal by the argument written at the error's location.
func TestPresentErrorNamesRequestErrors(t *testing.T) {
	src := "query Q($w: TaskWhereInput, $n: Int) {\n  tasks(first: $n, where: {or: [{titleContains: \"a\"}, $w]}) { totalCount }\n  findResponsible(query: 7) { score }\n}"
	doc, err := parser.ParseQuery(&ast.Source{Input: src})
	if err != nil {
		t.Fatal(err)
	}
	oc := &graphql.OperationContext{RawQuery: src, Doc: doc, Operation: doc.Operations[0]}
	ctx := graphql.WithOperationContext(context.Background(), oc)

	varErr := gqlerror.ErrorPathf(ast.Path{ast.PathName("variable"), ast.PathName("w"), ast.PathName("statusIn"), ast.PathIndex(0)}, "NOPE is not a valid TaskStatus")
	if e := presentError(ctx, varErr); e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["field"] != "where.or[1].statusIn[0]" {
		t.Fatalf("variable error: %+v", e)
	}
	unused := gqlerror.ErrorPathf(ast.Path{ast.PathName("variable"), ast.PathName("x"), ast.PathName("a")}, "must be defined")
	if e := presentError(ctx, unused); e.Extensions["field"] != "$x.a" {
		t.Fatalf("unused variable: %+v", e)
	}

	// a literal: validation keeps no document, so it is parsed again (once per request)
	lit := func() *gqlerror.Error { // (the presenter completes the error it is given)
		return &gqlerror.Error{Message: "String cannot represent a non string value: 7", Rule: "ValuesOfCorrectType",
			Locations: []gqlerror.Location{{Line: 3, Column: 26}}}
	}
	noDoc := &graphql.OperationContext{RawQuery: src}
	if e := presentError(withDocMemo(graphql.WithOperationContext(context.Background(), noDoc)), lit()); e.Extensions["field"] != "query" {
		t.Fatalf("literal: %+v", e)
	}
	if e := presentError(graphql.WithOperationContext(context.Background(), noDoc), lit()); e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["field"] != nil {
		t.Fatalf("literal without a memo (nothing parsed): %+v", e)
	}
	inList := &gqlerror.Error{Message: "x", Rule: "ValuesOfCorrectType", Locations: []gqlerror.Location{{Line: 2, Column: 50}}} // (a string starts after its quote)
	if e := presentError(ctx, inList); e.Extensions["field"] != "where.or[0].titleContains" {
		t.Fatalf("literal in a list: %+v", e)
	}
	parse := &gqlerror.Error{Message: "Expected Name", Locations: []gqlerror.Location{{Line: 3, Column: 26}}}
	if e := presentError(ctx, parse); e.Extensions["code"] != "BAD_USER_INPUT" || e.Extensions["field"] != nil {
		t.Fatalf("parse error: %+v", e)
	}
}

// An empty part of an ent where input ends its error chain in ent's
// ErrEmpty…WhereInput: the caller's fault, on where.
func TestEmptyFilterError(t *testing.T) {
	err := fmt.Errorf("%w: field 'not'", fmt.Errorf("%w: field 'or'", ent.ErrEmptyTaskWhereInput))
	if code, field, _ := classify(err); code != "BAD_USER_INPUT" || field != "where" {
		t.Fatalf("empty filter: %s on %q", code, field)
	}
	if code, _, _ := classify(errors.New("ent: empty predicate")); code != "INTERNAL" {
		t.Fatalf("another error: %s", code)
	}
}
