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

// Staff is a person: agency staff (机关干部) or a frontline unit's member.
type Staff struct{ ent.Schema }

func (Staff) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Staff) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(60).
			Annotations(entgql.OrderField("NAME")),
		field.String("employee_no").NotEmpty().MaxRuneLen(40).Unique().
			Annotations(entgql.OrderField("EMPLOYEE_NO")),
		field.String("position").Default("").MaxRuneLen(60),
		field.String("rank").Default("").MaxRuneLen(40),
		field.Int("department_id"),
		field.Float("weekly_capacity_hours").Default(40).Min(0).
			Comment("capacity used for utilization; 0 means not counted"),
		field.Int("mentor_id").Optional().Nillable().Comment("导师制"),
		field.Int("seconded_to_id").Optional().Nillable().
			Comment("借调: the department the person serves while seconded"),
		field.Time("secondment_from").Optional().Nillable(),
		field.Time("secondment_to").Optional().Nillable(),
		field.Bool("active").Default(true),
	}
}

func (Staff) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).Unique().Required().Field("department_id"),
		edge.To("mentees", Staff.Type).From("mentor").Unique().Field("mentor_id"),
		edge.To("seconded_to", Department.Type).Unique().Field("seconded_to_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("assignments", TaskAssignment.Type).Ref("staff").
			Annotations(entgql.Skip(entgql.SkipAll)),
		edge.From("accounts", Account.Type).Ref("staff").
			Comment("the logins of this person (ADMIN reads all; others only their own)"),
		edge.From("leaves", StaffLeave.Type).Ref("staff").
			Comment("请假 and 出差 records"),
	}
}

func (Staff) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("department_id"),
		index.Fields("mentor_id"),
		index.Fields("seconded_to_id"),
	}
}

func (Staff) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("staff"),
		entgql.RelayConnection(),
		entgql.QueryField("staffMembers"),
	}
}
