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

// ResponsibilityItem is an entry of the responsibility list (责任清单 /
// 三项清单): what the agency does, who is responsible and what it promises.
// An item is known by its category path and title (unique together: the
// importer matches rows by them). Tasks refer to items, so an item in use is
// retired (hidden from 找谁办 and from new requests) rather than deleted.
type ResponsibilityItem struct{ ent.Schema }

func (ResponsibilityItem) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (ResponsibilityItem) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("list").NamedValues(
			"Power", "POWER", "Responsibility", "RESPONSIBILITY", "Negative", "NEGATIVE").
			Default("RESPONSIBILITY"),
		field.String("title").NotEmpty().MaxRuneLen(200).Annotations(entgql.OrderField("TITLE")),
		field.String("category_path").NotEmpty().MaxRuneLen(300).
			Comment("e.g. 设施设备/给排水/落水管").
			Annotations(entgql.OrderField("CATEGORY_PATH")),
		field.Strings("keywords").Optional(),
		field.Strings("synonyms").Optional().
			Comment("everyday phrasings (俗称) that 找谁办 matches like keywords: 下水道, 漏雨, 门"),
		field.Int("responsible_department_id").Optional().Nillable().Comment("责任部门"),
		field.Int("lead_department_id").Optional().Nillable().Comment("牵头管理部门"),
		field.Int("respond_within_hours").Default(4).Positive().Comment("承诺: respond within N working hours"),
		field.Int("resolve_within_days").Default(5).Positive().Comment("承诺: resolve within M working days"),
		field.Text("commitment").Default(""),
		field.Text("legal_basis").Default(""),
		field.String("contact").Default("").MaxRuneLen(200),
		field.Time("retired_at").Optional().Nillable().
			Comment("停用: set when the item was retired; retired items are not offered by 找谁办 nor taken by new requests").
			Annotations(entgql.OrderField("RETIRED_AT")),
	}
}

func (ResponsibilityItem) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("responsible_department", Department.Type).Unique().Field("responsible_department_id"),
		edge.To("lead_department", Department.Type).Unique().Field("lead_department_id"),
	}
}

func (ResponsibilityItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("responsible_department_id"),
		index.Fields("lead_department_id"),
		index.Fields("category_path", "title").Unique(),
	}
}

func (ResponsibilityItem) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("responsibility_items"),
		entgql.RelayConnection(),
		entgql.QueryField("responsibilityItems"),
	}
}
