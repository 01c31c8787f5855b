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

// Department is an agency department (机关部门) or a frontline unit (一线单位);
// departments form a tree whose root is the agency itself.
type Department struct{ ent.Schema }

func (Department) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Department) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.String("code").NotEmpty().MaxLen(40).Unique().
			Annotations(entgql.OrderField("CODE")),
		field.Enum("kind").NamedValues("Agency", "AGENCY", "Frontline", "FRONTLINE").
			Comment("AGENCY: 机关部门; FRONTLINE: 一线单位").
			Annotations(entgql.OrderField("KIND")),
		field.Int("parent_id").Optional().Nillable(),
		field.Int("visit_quota_per_year").Default(0).NonNegative().
			Comment("下沉服务 visits the department owes the frontline each year"),
		field.Int("sort_order").Default(0),
	}
}

func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Department.Type).
			From("parent").Unique().Field("parent_id"),
		edge.From("staff", Staff.Type).Ref("department").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("co_tasks", Task.Type).Ref("co_departments").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

func (Department) Indexes() []ent.Index {
	return []ent.Index{index.Fields("parent_id"), index.Fields("kind")}
}

func (Department) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("departments"),
		entgql.RelayConnection(),
		entgql.QueryField("departments"),
	}
}
