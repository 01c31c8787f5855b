package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"xiaoneng/internal/session/revoke"
)

// Account is a login with a role; it belongs to a staff member.
type Account struct{ ent.Schema }

func (Account) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.String("login").NotEmpty().MaxLen(60).Unique().
			Annotations(entgql.OrderField("LOGIN")),
		field.String("password_hash").Sensitive().NotEmpty().
			Annotations(entgql.Skip()),
		field.Enum("role").NamedValues(
			"Admin", "ADMIN", "Leader", "LEADER", "Staff", "STAFF", "Frontline", "FRONTLINE").
			Annotations(entgql.OrderField("ROLE")),
		field.Int("staff_id").Optional().Nillable(),
		field.Bool("disabled").Default(false),
		field.Time("last_login_at").Optional().Nillable(),
		// Set when an administrator creates the account or resets its
		// password; until its owner changes the password a session may do
		// nothing else (graph.checkCredential).
		field.Bool("must_change_password").Default(false).
			Comment("the password was set by an administrator and must be changed at the next login"),
		// Access and refresh tokens carry the version they were issued
		// under; changing the password, role, staff link or disabling the
		// account moves it (internal/session/revoke), which ends them all.
		field.Int("session_version").Default(0).NonNegative().
			Annotations(entgql.Skip()),
		// Set by the demo seed; cleared when the password is set. Outside
		// demo mode such accounts still holding the demo password are
		// disabled at start.
		field.Bool("demo").Default(false).
			Annotations(entgql.Skip()),
	}
}

func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("staff", Staff.Type).Unique().Field("staff_id"),
		edge.From("api_tokens", ApiToken.Type).Ref("account").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Hooks: a change of password, role, staff or a disabling ends the
// account's sessions in the same transaction.
func (Account) Hooks() []ent.Hook { return []ent.Hook{revoke.Hook()} }

func (Account) Indexes() []ent.Index {
	return []ent.Index{index.Fields("staff_id")}
}

func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("accounts"),
		entgql.RelayConnection(),
		entgql.QueryField("accounts"),
	}
}
