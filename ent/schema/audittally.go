package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditTally is the audit trail of anonymous acts (an anonymous rating, the
// verdict on its rectification): how many of each action happened on a day
// (00:00 Asia/Shanghai), one row per day and action, counted up in the
// act's transaction (internal/audit.Tally). An audit_logs row per act would
// carry a time, or an id placed among the login rows, that ties the act to
// its rater's session. Not part of the API.
type AuditTally struct{ ent.Schema }

func (AuditTally) Fields() []ent.Field {
	return []ent.Field{
		field.Time("day").Immutable().Comment("00:00 Asia/Shanghai"),
		field.String("action").NotEmpty().MaxLen(64).Immutable(),
		field.Int("count").Default(0).NonNegative(),
	}
}

func (AuditTally) Indexes() []ent.Index {
	return []ent.Index{index.Fields("day", "action").Unique()}
}

func (AuditTally) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("audit_tallies"), entgql.Skip(entgql.SkipAll)}
}

func (AuditTally) Policy() ent.Policy { return systemOnly() }
