package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditLog records every mutation, written in the mutation's transaction.
type AuditLog struct{ ent.Schema }

func (AuditLog) Fields() []ent.Field {
	return []ent.Field{
		field.Int("actor_account_id").Optional().Nillable().Immutable().Comment("NULL for public operations"),
		field.String("action").NotEmpty().Immutable().Annotations(entgql.OrderField("ACTION")),
		field.String("entity").Default("").Immutable(),
		field.Int("entity_id").Optional().Nillable().Immutable(),
		field.Text("detail").Default("").Immutable(),
		field.String("client_addr").Default("").Immutable(),
		field.Time("at").Default(time.Now).Immutable().Annotations(entgql.OrderField("AT")),
	}
}

func (AuditLog) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("actor_account_id"),
		index.Fields("entity", "entity_id"),
		index.Fields("at"),
	}
}

func (AuditLog) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("audit_logs"),
		entgql.RelayConnection(),
		entgql.QueryField("auditLogs"),
	}
}
