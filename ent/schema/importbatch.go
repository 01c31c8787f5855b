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

// ImportBatch is one uploaded spreadsheet between its check and its apply
// (internal/importer): the file itself, kept for the apply so that the
// caller confirms without uploading again, its report and the run's
// progress. The API shows it through graph/import.graphqls, never the file.
type ImportBatch struct{ ent.Schema }

func (ImportBatch) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (ImportBatch) Fields() []ent.Field {
	return []ent.Field{
		field.String("kind").NotEmpty().MaxLen(40).Immutable().Comment("the ImportKind: DEPARTMENTS, STAFF, …"),
		field.String("file_name").MaxRuneLen(255).Immutable(),
		field.Int64("size").NonNegative().Immutable(),
		field.String("sha256").MaxLen(64).Immutable(),
		field.Enum("status").Values("CHECKING", "CHECKED", "APPLYING", "APPLIED", "REFUSED", "FAILED").Default("CHECKING"),
		field.Bytes("content").Optional().Sensitive().Comment("the file; cleared once the batch is applied, refused or failed"),
		field.Text("report").Default("").Comment("the last run's report (importer.Report as JSON)"),
		field.Text("failure").Default("").Comment("why the run failed, 中文 / English"),
		field.Int("rows_total").Default(0).NonNegative(),
		field.Int("rows_done").Default(0).NonNegative(),
		field.Int("account_id").Immutable().Comment("who uploaded it"),
		field.Time("checked_at").Optional().Nillable(),
		field.Time("applied_at").Optional().Nillable(),
		field.Time("heartbeat_at").Optional().Nillable().Comment("a running batch's last sign of life (PostgreSQL)"),
		field.Bytes("secrets_sealed").Optional().Sensitive().
			Comment("one-time passwords the apply made, sealed under a key only the caller holds"),
	}
}

func (ImportBatch) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Unique().Required().Immutable().Field("account_id").
			Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

func (ImportBatch) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("account_id", "created_at"),
		index.Fields("status"),
		index.Fields("created_at"),
	}
}

func (ImportBatch) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("import_batches"), entgql.Skip(entgql.SkipAll)}
}
