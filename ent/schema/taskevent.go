package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// TaskEvent is the append-only history of a task.
type TaskEvent struct{ ent.Schema }

func (TaskEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int("task_id").Immutable(),
		field.Int("actor_id").Optional().Nillable().Immutable().Comment("the staff member who acted"),
		field.Enum("type").NamedValues(
			"Created", "CREATED", "Assigned", "ASSIGNED", "Accepted", "ACCEPTED",
			"Transferred", "TRANSFERRED", "StatusChanged", "STATUS_CHANGED",
			"Commented", "COMMENTED", "DeadlineChanged", "DEADLINE_CHANGED").Immutable(),
		field.Int("from_department_id").Optional().Nillable().Immutable(),
		field.Int("to_department_id").Optional().Nillable().Immutable(),
		field.String("reason").Default("").Immutable(),
		field.String("from_status").Default("").Immutable(),
		field.String("to_status").Default("").Immutable(),
		field.Bool("ping_pong").Default(false).Immutable().
			Comment("a transfer to a department that already held the task"),
		field.Bool("late").Default(false).Immutable().
			Comment("a transfer more than 1 working day after the department received the task"),
		field.Time("at").Default(time.Now).Immutable().
			Annotations(entgql.OrderField("AT")),
	}
}

func (TaskEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("task", Task.Type).Unique().Required().Field("task_id").Immutable(),
		edge.To("actor", Staff.Type).Unique().Field("actor_id").Immutable(),
		edge.To("from_department", Department.Type).Unique().Field("from_department_id").Immutable(),
		edge.To("to_department", Department.Type).Unique().Field("to_department_id").Immutable(),
	}
}

func (TaskEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("task_id", "at"),
		index.Fields("actor_id"),
		index.Fields("from_department_id"),
		index.Fields("to_department_id"),
		index.Fields("type", "at"),
		index.Fields("at"),
	}
}

func (TaskEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("task_events")}
}
