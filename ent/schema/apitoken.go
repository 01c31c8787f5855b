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

// ApiToken lets an integrator call the API with scopes that never exceed
// the owner's role. Only a hash of the secret is stored.
type ApiToken struct{ ent.Schema }

func (ApiToken) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (ApiToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxRuneLen(100),
		field.String("token_hash").Sensitive().NotEmpty().Unique().
			Annotations(entgql.Skip()),
		field.Strings("scopes"),
		field.Int("account_id"),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
	}
}

func (ApiToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Unique().Required().Field("account_id"),
	}
}

func (ApiToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("account_id")}
}

func (ApiToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("api_tokens")}
}
