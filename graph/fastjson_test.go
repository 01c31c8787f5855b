package graph

import (
	"bytes"
	"context"
	"math"
	"math/rand"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Every field the fast path writes exists in the schema with the type it
// writes it as; the types it descends into are objects it knows.
func TestFastFieldsMatchSchema(t *testing.T) {
	for typeName, fields := range fastFields {
		def := gqlSchema.Types[typeName]
		if def == nil || def.Kind != ast.Object {
			t.Errorf("%s: not an object type of the schema", typeName)
			continue
		}
		for name, typ := range fields {
			f := def.Fields.ForName(name)
			if f == nil {
				t.Errorf("%s.%s: not in the schema", typeName, name)
				continue
			}
			if f.Type.String() != typ {
				t.Errorf("%s.%s: %s in the schema, written as %s", typeName, name, f.Type.String(), typ)
			}
			if len(f.Arguments) > 0 {
				t.Errorf("%s.%s takes arguments", typeName, name)
			}
			if k := gqlSchema.Types[f.Type.Name()].Kind; k == ast.Object && fastFields[f.Type.Name()] == nil {
				t.Errorf("%s.%s: object type %s not written by the fast path", typeName, name, f.Type.Name())
			}
		}
	}
	for _, root := range []string{"workload", "imbalance"} {
		if f := gqlSchema.Query.Fields.ForName(root); f == nil || fastFields[f.Type.Name()] == nil {
			t.Errorf("Query.%s: its type is not written by the fast path", root)
		}
	}
}

// The numbers are written as gqlgen's marshalers write them.
func TestFastNumbersAsGqlgen(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1.0 / 3, 2.5e-7, 1e-5, 123456789012, 1e20, 1e21, 1.5e300,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 1.1, 0.5, 52.000000000000014}
	for range 2000 {
		floats = append(floats, rng.NormFloat64()*math.Pow(10, float64(rng.Intn(40)-20)), float64(rng.Intn(1e6))/8)
	}
	var a, b bytes.Buffer
	j := &jw{w: &a}
	ctx := context.Background()
	for _, f := range floats {
		a.Reset()
		b.Reset()
		j.float(f)
		if err := graphql.MarshalFloatContext(f).MarshalGQLContext(ctx, &b); err != nil || a.String() != b.String() {
			t.Fatalf("float %v: %s, gqlgen %s (%v)", f, a.String(), b.String(), err)
		}
	}
	shanghai := time.FixedZone("CST", 8*3600)
	for _, tm := range []time.Time{time.Date(2026, 7, 1, 0, 0, 0, 0, shanghai), time.Date(2025, 1, 2, 4, 0, 0, 0, time.UTC),
		time.Date(2026, 11, 27, 9, 30, 15, 123456789, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 1000, shanghai),
		time.Unix(1790784000, 0), time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC)} {
		a.Reset()
		b.Reset()
		j.time(tm, true)
		graphql.MarshalTime(tm).MarshalGQL(&b)
		if a.String() != b.String() || j.failed {
			t.Fatalf("time %v: %s, gqlgen %s", tm, a.String(), b.String())
		}
	}
	a.Reset()
	if j.time(time.Time{}, false); a.String() != "null" || j.failed {
		t.Fatalf("zero time, nullable: %s", a.String())
	}
	if j.time(time.Time{}, true); !j.failed {
		t.Fatal("zero time, non-null: not refused")
	}
	for _, n := range []int{0, 1, -1, 42, 51539607552, math.MaxInt64, math.MinInt64} {
		a.Reset()
		b.Reset()
		j.int(n)
		graphql.MarshalInt(n).MarshalGQL(&b)
		if a.String() != b.String() {
			t.Fatalf("int %d: %s, gqlgen %s", n, a.String(), b.String())
		}
		a.Reset()
		b.Reset()
		j.id(n)
		graphql.MarshalIntID(n).MarshalGQL(&b)
		if a.String() != b.String() {
			t.Fatalf("id %d: %s, gqlgen %s", n, a.String(), b.String())
		}
	}
}
