package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// DataVersion is one counter (row id 1) moved by every committed write,
// in the writing transaction (internal/respcache): a cached GraphQL
// response is served only while the version it was computed at is still
// current, so no reader ever sees a cached answer older than the last
// committed change. Not part of the API.
type DataVersion struct{ ent.Schema }

func (DataVersion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("id").Positive().Immutable(),
		field.Int64("version").Default(0),
	}
}

func (DataVersion) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("data_versions"), entgql.Skip(entgql.SkipAll)}
}

func (DataVersion) Policy() ent.Policy { return systemOnly() }
