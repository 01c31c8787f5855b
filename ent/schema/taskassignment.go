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

// TaskAssignment puts a staff member on a task with the effort expected of
// them; a task's effort is the sum of its assignments' hours.
type TaskAssignment struct{ ent.Schema }

func (TaskAssignment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (TaskAssignment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("task_id"),
		field.Int("staff_id"),
		field.Float("hours").Positive().Comment("expected effort; for a meeting, its length").
			Annotations(entgql.OrderField("HOURS")),
		field.Float("actual_hours").Default(0).Min(0),
	}
}

func (TaskAssignment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("task", Task.Type).Unique().Required().Field("task_id"),
		edge.To("staff", Staff.Type).Unique().Required().Field("staff_id"),
	}
}

func (TaskAssignment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("task_id", "staff_id").Unique(),
		index.Fields("staff_id"),
	}
}

func (TaskAssignment) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("task_assignments")}
}
