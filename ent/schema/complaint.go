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

// Complaint is an efficiency complaint (效能投诉) anyone may file without
// logging in; the public follows it by its tracking code.
type Complaint struct{ ent.Schema }

func (Complaint) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Complaint) Fields() []ent.Field {
	return []ent.Field{
		field.String("tracking_code").NotEmpty().Unique().MaxLen(32),
		field.Bool("anonymous").Default(true),
		field.String("complainant_name").Default("").MaxRuneLen(60),
		field.String("complainant_contact").Default("").MaxRuneLen(100),
		field.Int("department_id").Optional().Nillable(),
		field.Int("staff_id").Optional().Nillable(),
		field.Enum("category").NamedValues(
			"BuckPassing", "BUCK_PASSING", "Delay", "DELAY", "Discipline", "DISCIPLINE",
			"Attitude", "ATTITUDE", "Other", "OTHER").
			Comment("推诿扯皮, 拖延, 作风纪律, 服务态度, 其他"),
		field.Text("text").NotEmpty().MaxRuneLen(5000),
		field.Enum("status").NamedValues(
			"Received", "RECEIVED", "Accepted", "ACCEPTED", "Investigating", "INVESTIGATING",
			"Resolved", "RESOLVED", "Rejected", "REJECTED").
			Default("RECEIVED").Annotations(entgql.OrderField("STATUS")),
		field.Time("received_at").Annotations(entgql.OrderField("RECEIVED_AT")),
		field.Time("accept_due_at").Comment("acceptance decided within 3 working days"),
		field.Time("resolve_due_at").Optional().Nillable().Comment("handled within 15 working days of acceptance"),
		field.Time("decided_at").Optional().Nillable(),
		field.Time("resolved_at").Optional().Nillable(),
		field.Text("findings").Default("").Comment("internal; never shown to the public"),
		field.Text("feedback").Default("").Comment("the answer to the complainant"),
		field.Int("handler_id").Optional().Nillable(),
		field.String("client_addr").Default("").Sensitive().Annotations(entgql.Skip()),
	}
}

func (Complaint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).Unique().Field("department_id"),
		edge.To("staff", Staff.Type).Unique().Field("staff_id"),
		edge.To("handler", Staff.Type).Unique().Field("handler_id").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		edge.From("accountabilities", Accountability.Type).Ref("complaint"),
	}
}

func (Complaint) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("department_id"),
		index.Fields("staff_id"),
		index.Fields("handler_id"),
		index.Fields("status", "received_at"),
		index.Fields("received_at"),
	}
}

func (Complaint) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("complaints"),
		entgql.RelayConnection(),
		entgql.QueryField("complaints"),
	}
}
