package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Setting holds a tunable value (thresholds, deadlines in working days) and
// server-side keys, by name.
type Setting struct{ ent.Schema }

func (Setting) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Setting) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().Unique().MaxLen(100),
		field.Text("value").Default(""),
	}
}

func (Setting) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("settings"), entgql.Skip(entgql.SkipAll)}
}
