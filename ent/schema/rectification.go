package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Rectification is the follow-up of a bad rating (差评整改, 谁办理谁负责):
// the department answers, the rater judges the fix.
type Rectification struct{ ent.Schema }

func (Rectification) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Rectification) Fields() []ent.Field {
	return []ent.Field{
		field.Int("rating_id").Unique(),
		field.Int("task_id").Comment("the RECTIFICATION task of the target department"),
		field.Int("department_id"),
		field.Enum("status").NamedValues(
			"Open", "OPEN", "Answered", "ANSWERED", "Closed", "CLOSED").
			Default("OPEN").Annotations(entgql.OrderField("STATUS")),
		field.Time("due_at").Annotations(entgql.OrderField("DUE_AT")),
		field.Text("answer").Default(""),
		field.Time("answered_at").Optional().Nillable(),
		field.Enum("verdict").NamedValues(
			"Satisfied", "SATISFIED", "BasicallySatisfied", "BASICALLY_SATISFIED",
			"Dissatisfied", "DISSATISFIED").Optional().Nillable(),
		field.Time("judged_at").Optional().Nillable(),
		field.Int("reopen_count").Default(0).NonNegative(),
		field.Time("closed_at").Optional().Nillable(),
		field.String("rater_key").Default("").Immutable().Sensitive().
			Comment("its rating's rater_key, copied when it is opened: the judges are counted without reading the ratings").
			Annotations(entgql.Skip()),
	}
}

func (Rectification) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("rating", Rating.Type).Ref("rectification").Unique().Required().Field("rating_id"),
		edge.To("task", Task.Type).Unique().Required().Field("task_id"),
		edge.To("department", Department.Type).Unique().Required().Field("department_id"),
	}
}

func (Rectification) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("task_id"),
		// rectifications due in a window: index-only on PostgreSQL
		index.Fields("department_id", "due_at").
			Annotations(entsql.IncludeColumns("answered_at", "rating_id")),
		// rectifications judged in a window: index-only on PostgreSQL
		index.Fields("judged_at").
			Annotations(entsql.IncludeColumns("department_id", "verdict", "rating_id", "rater_key")),
		index.Fields("status"),
	}
}

func (Rectification) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("rectifications"),
		entgql.RelayConnection(),
		entgql.QueryField("rectifications"),
	}
}
