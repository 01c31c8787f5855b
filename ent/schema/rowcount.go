package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// RowCount holds the exact number of rows of a large table ("tasks"),
// kept by a hook in the transaction of every insert and delete
// (internal/rollup.CountHook), so that a connection's totalCount over the
// whole table is read, not counted. Not part of the API.
type RowCount struct{ ent.Schema }

func (RowCount) Fields() []ent.Field {
	return []ent.Field{
		field.String("table_name").NotEmpty().Unique().MaxLen(64),
		field.Int64("rows").Default(0),
	}
}

func (RowCount) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("row_counts"), entgql.Skip(entgql.SkipAll)}
}

func (RowCount) Policy() ent.Policy { return systemOnly() }
