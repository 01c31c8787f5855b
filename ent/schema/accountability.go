package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Accountability (问责) records a measure decided on a complaint's subject.
type Accountability struct{ ent.Schema }

func (Accountability) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Accountability) Fields() []ent.Field {
	return []ent.Field{
		field.Int("complaint_id"),
		field.Int("subject_staff_id").Optional().Nillable(),
		field.Int("subject_department_id").Optional().Nillable(),
		field.String("measure").NotEmpty().MaxRuneLen(500),
		field.String("decided_by").NotEmpty().MaxRuneLen(100),
		field.Time("decided_at"),
	}
}

func (Accountability) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("complaint", Complaint.Type).Unique().Required().Field("complaint_id"),
		edge.To("subject_staff", Staff.Type).Unique().Field("subject_staff_id"),
		edge.To("subject_department", Department.Type).Unique().Field("subject_department_id"),
	}
}

func (Accountability) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("complaint_id"),
		index.Fields("subject_staff_id"),
		index.Fields("subject_department_id"),
	}
}

func (Accountability) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("accountabilities")}
}
