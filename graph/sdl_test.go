package graph

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// publishedSchema is the API's contract with integrators.
const publishedSchema = "../docs/schema.graphqls"

// A deprecation says when the field may go: @deprecated(reason: "… after 2027-06-30").
var removableAfter = regexp.MustCompile(`after (\d{4}-\d{2}-\d{2})`)

// removable: the published definition was deprecated with a date that has passed.
func removable(ds ast.DirectiveList, today time.Time) bool {
	d := ds.ForName("deprecated")
	if d == nil {
		return false
	}
	r := d.Arguments.ForName("reason")
	if r == nil || r.Value == nil {
		return false
	}
	m := removableAfter.FindStringSubmatch(r.Value.Raw)
	if m == nil {
		return false
	}
	day, err := time.Parse(time.DateOnly, m[1])
	return err == nil && today.After(day)
}

// breaking lists what a client written against old finds missing or changed
// in cur: types, fields, arguments, input fields and enum values removed or
// retyped, and arguments or input fields newly required. What old marked
// deprecated with a passed removal date may go.
func breaking(old, cur *ast.Schema, today time.Time) []string {
	var out []string
	for name, ot := range old.Types {
		if ot.BuiltIn {
			continue
		}
		ct := cur.Types[name]
		switch {
		case ct == nil:
			out = append(out, "type "+name+" removed")
			continue
		case ct.Kind != ot.Kind:
			out = append(out, fmt.Sprintf("type %s: %s, was %s", name, ct.Kind, ot.Kind))
			continue
		}
		for _, of := range ot.Fields {
			cf := ct.Fields.ForName(of.Name)
			if cf == nil {
				if !removable(of.Directives, today) {
					out = append(out, fmt.Sprintf("%s.%s removed without a deprecation period", name, of.Name))
				}
				continue
			}
			// An output field may promise more (null no longer answered); an
			// input field may not ask for more.
			if c, o := cf.Type.String(), of.Type.String(); c != o && (ot.Kind == ast.InputObject || c != o+"!") {
				out = append(out, fmt.Sprintf("%s.%s: %s, was %s", name, of.Name, c, o))
			}
			if ot.Kind == ast.InputObject {
				continue
			}
			for _, oa := range of.Arguments {
				if ca := cf.Arguments.ForName(oa.Name); ca == nil {
					out = append(out, fmt.Sprintf("%s.%s(%s) removed", name, of.Name, oa.Name))
				} else if ca.Type.String() != oa.Type.String() {
					out = append(out, fmt.Sprintf("%s.%s(%s): %s, was %s", name, of.Name, oa.Name, ca.Type, oa.Type))
				}
			}
			for _, ca := range cf.Arguments {
				if of.Arguments.ForName(ca.Name) == nil && ca.Type.NonNull && ca.DefaultValue == nil {
					out = append(out, fmt.Sprintf("%s.%s(%s): a new required argument", name, of.Name, ca.Name))
				}
			}
		}
		if ot.Kind == ast.InputObject {
			for _, cf := range ct.Fields {
				if ot.Fields.ForName(cf.Name) == nil && cf.Type.NonNull && cf.DefaultValue == nil {
					out = append(out, fmt.Sprintf("%s.%s: a new required input field", name, cf.Name))
				}
			}
		}
		for _, ov := range ot.EnumValues {
			if ct.EnumValues.ForName(ov.Name) == nil && !removable(ov.Directives, today) {
				out = append(out, fmt.Sprintf("%s.%s removed without a deprecation period", name, ov.Name))
			}
		}
		for _, m := range ot.Types { // union members
			if !slices.Contains(ct.Types, m) {
				out = append(out, fmt.Sprintf("union %s lost %s", name, m))
			}
		}
	}
	slices.Sort(out)
	return out
}

func load(t *testing.T, name, sdl string) *ast.Schema {
	t.Helper()
	s, err := gqlparser.LoadSchema(&ast.Source{Name: name, Input: sdl})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

// The served schema keeps every promise of the published one
// (docs/schema.graphqls), and the published one shows all of it.
func TestPublishedSchema(t *testing.T) {
	b, err := os.ReadFile(publishedSchema)
	if err != nil {
		t.Fatal(err)
	}
	old, cur := load(t, publishedSchema, string(b)), load(t, "served", SDL())
	if bad := breaking(old, cur, time.Now()); len(bad) > 0 {
		t.Fatalf("the schema breaks clients written against docs/schema.graphqls:\n%v\n"+
			"deprecate first: @deprecated(reason: \"… after YYYY-MM-DD\"), a period integrators can plan for", bad)
	}
	if string(b) != SDL() {
		t.Fatalf("docs/schema.graphqls is not the served schema: run `make schema`, commit it and note the change in docs/API.md \"Changelog\"")
	}
}

// The check itself: each kind of break is found, and what may change is not
// called one.
func TestBreakingChanges(t *testing.T) {
	today := time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC)
	old := load(t, "old", `
type Query { a(x: Int): Int, b: String, c: String @deprecated(reason: "use a; removed after 2027-06-30"),
  d: String @deprecated(reason: "use a; removed after 2027-12-31"), e(y: Int): E, f: U }
input In { p: Int, q: String }
enum E { ONE TWO THREE @deprecated(reason: "after 2027-01-01") }
type T { x: Int } type V { x: Int } union U = T | V
type Gone { x: Int }`)
	cur := load(t, "cur", `
type Query { a(x: String, z: Int!): Int, b: String!, e(y: Int, w: Int = 1): E, f: U, g: Int }
input In { p: Int!, r: Int! }
enum E { ONE }
type T { x: Int } type V { x: Int } union U = T`)
	want := []string{
		"E.TWO removed without a deprecation period",
		"In.p: Int!, was Int",
		"In.q removed without a deprecation period",
		"In.r: a new required input field",
		"Query.a(x): String, was Int",
		"Query.a(z): a new required argument",
		"Query.d removed without a deprecation period",
		"type Gone removed",
		"union U lost V",
	}
	if got := breaking(old, cur, today); !slices.Equal(got, want) {
		t.Errorf("breaking:\n got %q\nwant %q", got, want)
	}
	if got := breaking(old, old, today); len(got) > 0 {
		t.Errorf("a schema breaks itself: %q", got)
	}
}
