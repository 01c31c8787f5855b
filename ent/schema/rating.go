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

// Rating is a frontline unit's rating of an agency department's service
// (一线打分 / 好差评). For an anonymous rating the rater is not stored at all:
// rater_id stays NULL and only rater_key (a keyed hash of the rater, unusable
// without the server's key) lets the rater find and judge their own rating
// and lets analytics count distinct raters.
type Rating struct{ ent.Schema }

func (Rating) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Rating) Fields() []ent.Field {
	return []ent.Field{
		field.Int("rater_id").Optional().Nillable().Comment("NULL when anonymous"),
		field.String("rater_key").NotEmpty().Sensitive().Annotations(entgql.Skip()),
		field.Int("rater_unit_id"),
		field.Int("target_department_id"),
		field.Int("task_id").Optional().Nillable(),
		field.Int("visit_id").Optional().Nillable(),
		field.Int("score").Range(1, 5).Comment("非常不满意 1 … 非常满意 5").
			Annotations(entgql.OrderField("SCORE")),
		field.Int("responsiveness").Range(1, 5).Comment("响应速度"),
		field.Int("resolution").Range(1, 5).Comment("解决问题"),
		field.Int("attitude").Range(1, 5).Comment("服务态度"),
		field.Text("comment").Default("").MaxRuneLen(2000),
		field.Bool("anonymous").Default(false),
		field.String("idempotency_key").Optional().Nillable().MaxRuneLen(100).
			Annotations(entgql.Skip()),
		field.Enum("appeal_status").NamedValues(
			"None", "NONE", "Pending", "PENDING", "Upheld", "UPHELD", "Voided", "VOIDED").
			Default("NONE").Comment("申诉复核: VOIDED ratings leave every metric"),
		field.Text("appeal_reason").Default(""),
		field.Text("appeal_decision_note").Default(""),
		field.Time("appeal_decided_at").Optional().Nillable(),
	}
}

func (Rating) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("rater", Staff.Type).Unique().Field("rater_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.To("rater_unit", Department.Type).Unique().Required().Field("rater_unit_id"),
		edge.To("target_department", Department.Type).Unique().Required().Field("target_department_id"),
		edge.To("task", Task.Type).Unique().Field("task_id"),
		edge.To("visit", ServiceVisit.Type).Unique().Field("visit_id"),
		edge.To("rectification", Rectification.Type).Unique(),
	}
}

func (Rating) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("rater_id"),
		index.Fields("rater_key"),
		index.Fields("rater_unit_id"),
		index.Fields("target_department_id", "created_at"),
		index.Fields("task_id"),
		index.Fields("visit_id"),
		index.Fields("created_at"),
		// the rectification figures look up each rectification's rating
		// for its appeal status and rater: index-only, without the table
		index.Fields("id").StorageKey("rating_id_covering").
			Annotations(entsql.IncludeColumns("appeal_status", "rater_key")),
		// the few VOIDED ratings, which the rectification figures leave out
		// (an anti-join against this small set)
		index.Fields("id").StorageKey("rating_voided").
			Annotations(entsql.IndexWhere("appeal_status = 'VOIDED'")),
		index.Fields("rater_key", "idempotency_key").Unique(),
	}
}

func (Rating) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("ratings"),
		entgql.RelayConnection(),
		entgql.QueryField("ratings"),
	}
}
