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

// RefreshToken is one link of a login session's rotating refresh-token
// chain. Only the hash is stored; using a rotated (revoked) token again
// revokes the whole family, since it means the token was stolen.
type RefreshToken struct{ ent.Schema }

func (RefreshToken) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (RefreshToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("token_hash").Sensitive().NotEmpty().Unique(),
		field.String("family").NotEmpty().Comment("all rotations of one login share it"),
		field.Int("account_id"),
		field.Time("expires_at"),
		field.Time("revoked_at").Optional().Nillable(),
		field.Int("session_version").Default(0).Comment("the account's session_version when issued"),
	}
}

func (RefreshToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Unique().Required().Field("account_id"),
	}
}

func (RefreshToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id"), index.Fields("family")}
}

func (RefreshToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("refresh_tokens"), entgql.Skip(entgql.SkipAll)}
}
