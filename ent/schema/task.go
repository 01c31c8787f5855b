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

// Task is a piece of the agency's work managed project-style (工作项目化管理):
// content, time, people, cost. Every task has a deadline (限时办结).
type Task struct{ ent.Schema }

func (Task) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Task) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").NotEmpty().MaxRuneLen(200).
			Annotations(entgql.OrderField("TITLE")),
		field.Text("description").Default(""),
		field.Enum("kind").NamedValues(
			"Routine", "ROUTINE", "Project", "PROJECT", "Research", "RESEARCH",
			"Repair", "REPAIR", "Request", "REQUEST", "Rectification", "RECTIFICATION",
			"Meeting", "MEETING", "Ledger", "LEDGER").
			Annotations(entgql.OrderField("KIND")),
		field.Enum("priority").NamedValues(
			"Low", "LOW", "Normal", "NORMAL", "High", "HIGH", "Urgent", "URGENT").
			Default("NORMAL").
			Annotations(entgql.OrderField("PRIORITY")),
		field.Enum("status").NamedValues(
			"New", "NEW", "Accepted", "ACCEPTED", "InProgress", "IN_PROGRESS",
			"Done", "DONE", "Cancelled", "CANCELLED").
			Default("NEW").
			Annotations(entgql.OrderField("STATUS")),
		field.Time("start_at").Annotations(entgql.OrderField("START_AT")),
		field.Time("due_at").Comment("限时办结: every task has a deadline").
			Annotations(entgql.OrderField("DUE_AT")),
		field.Time("completed_at").Optional().Nillable().
			Annotations(entgql.OrderField("COMPLETED_AT")),
		field.Float("cost_estimate").Optional().Nillable().Min(0),
		field.Float("cost_actual").Optional().Nillable().Min(0),
		field.Time("first_accepted_at").Optional().Nillable().
			Comment("the first ACCEPTED event's time (受理), kept with the event; read by the buck-passing figures").
			Annotations(entgql.Skip()),
		field.Int("co_department_count").Default(0).NonNegative().
			Comment("how many co-departments (配合部门) it has, kept with the edge; lead share reads only tasks that have some").
			Annotations(entgql.Skip()),
		field.Int("lead_department_id").Comment("牵头部门: the department holding the task"),
		field.Time("lead_received_at").Optional().Nillable().
			Comment("when the lead department received the task; starts the 1-working-day hand-back window"),
		field.Int("requesting_unit_id").Optional().Nillable().
			Comment("the frontline unit that asked for it (一线诉求)"),
		field.Int("first_responder_id").Optional().Nillable().
			Comment("首问责任人: the first staff member who acted on it; never changes"),
		field.Int("responsibility_item_id").Optional().Nillable(),
		field.Int("created_by_id").Optional().Nillable(),
		field.String("cancel_reason").Optional().Default(""),
	}
}

func (Task) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("lead_department", Department.Type).Unique().Required().Field("lead_department_id"),
		edge.To("co_departments", Department.Type).
			StorageKey(edge.Table("task_co_departments"), edge.Columns("task_id", "department_id")).
			Comment("配合部门"),
		edge.To("requesting_unit", Department.Type).Unique().Field("requesting_unit_id"),
		edge.To("first_responder", Staff.Type).Unique().Field("first_responder_id"),
		edge.To("responsibility_item", ResponsibilityItem.Type).Unique().Field("responsibility_item_id"),
		edge.To("created_by", Staff.Type).Unique().Field("created_by_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("assignments", TaskAssignment.Type).Ref("task"),
		edge.From("events", TaskEvent.Type).Ref("task"),
	}
}

func (Task) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("lead_department_id"),
		index.Fields("requesting_unit_id"),
		index.Fields("first_responder_id"),
		index.Fields("responsibility_item_id"),
		index.Fields("created_by_id"),
		index.Fields("start_at"),
		index.Fields("due_at"),
		// on-time and overdue figures read these alone (index-only on PostgreSQL)
		index.Fields("completed_at").
			Annotations(entsql.IncludeColumns("lead_department_id", "due_at", "status")),
		index.Fields("status", "due_at").
			Annotations(entsql.IncludeColumns("lead_department_id")),
		// lead share probes the tasks of every co-department link by id:
		// index-only, without visiting the table
		index.Fields("id").StorageKey("task_id_covering").
			Annotations(entsql.IncludeColumns("status", "start_at", "due_at", "lead_department_id", "kind")),
		// lead share: the tasks with co-departments starting before a
		// window's end, index-only (2 % of all tasks)
		index.Fields("start_at").StorageKey("task_co_window").
			Annotations(
				entsql.IncludeColumns("id", "due_at", "lead_department_id", "status", "kind"),
				entsql.IndexWhere("co_department_count > 0")),
		// hours to first acceptance by lead department, index-only
		index.Fields("first_accepted_at").
			Annotations(entsql.IncludeColumns("lead_department_id", "created_at")),
	}
}

func (Task) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("tasks"),
		entgql.RelayConnection(),
		entgql.QueryField("tasks"),
	}
}
