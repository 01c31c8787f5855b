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

// ServiceVisit is a frontline visit (下沉服务) by an agency department;
// only visits confirmed by the visited unit count.
type ServiceVisit struct{ ent.Schema }

func (ServiceVisit) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (ServiceVisit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("department_id"),
		field.Int("staff_id"),
		field.Int("unit_id"),
		field.Time("visited_at").Annotations(entgql.OrderField("VISITED_AT")),
		field.String("purpose").NotEmpty().MaxRuneLen(500),
		field.Int("problems_solved").Default(0).NonNegative(),
		field.Text("notes").Default(""),
		field.Bool("confirmed").Default(false),
		field.Time("confirmed_at").Optional().Nillable(),
		field.Int("confirmed_by_id").Optional().Nillable(),
	}
}

func (ServiceVisit) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).Unique().Required().Field("department_id"),
		edge.To("staff", Staff.Type).Unique().Required().Field("staff_id"),
		edge.To("unit", Department.Type).Unique().Required().Field("unit_id"),
		edge.To("confirmed_by", Staff.Type).Unique().Field("confirmed_by_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
	}
}

func (ServiceVisit) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("department_id", "visited_at"),
		index.Fields("staff_id"),
		index.Fields("unit_id"),
		index.Fields("confirmed_by_id"),
		index.Fields("visited_at"),
	}
}

func (ServiceVisit) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("service_visits"),
		entgql.RelayConnection(),
		entgql.QueryField("serviceVisits"),
	}
}
