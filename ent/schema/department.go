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
		field.String("name").NotEmpty().MaxRuneLen(100).
			Annotations(entgql.OrderField("NAME")),
		field.String("code").NotEmpty().MaxRuneLen(40).Unique().
			Annotations(entgql.OrderField("CODE")),
		field.Enum("kind").NamedValues("Agency", "AGENCY", "Frontline", "FRONTLINE").
			Comment("AGENCY: 机关部门; FRONTLINE: 一线单位").
			Annotations(entgql.OrderField("KIND")),
		field.Int("parent_id").Optional().Nillable(),
		field.Int("visit_quota_per_year").Default(0).NonNegative().
			Comment("下沉服务 visits the department owes the frontline each year"),
		field.Int("sort_order").Default(0),
		// A closed department (撤销, or merged into another) stays for the
		// history of past windows; it is left out of pickers and refused
		// as the target of new work (internal/org).
		field.Time("closed_at").Optional().Nillable().
			Comment("撤销: when the department was closed or merged; null while open"),
		field.Int("successor_id").Optional().Nillable().
			Comment("the department that took over its staff and open work when it was closed or merged"),
	}
}

func (Department) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("children", Department.Type).
			From("parent").Unique().Field("parent_id"),
		edge.To("predecessors", Department.Type).
			Comment("the closed departments this one took over").
			From("successor").Unique().Field("successor_id").
			Comment("closed or merged: the department that took over its staff and open work"),
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
