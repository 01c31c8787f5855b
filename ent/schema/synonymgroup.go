package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// SynonymGroup is a set of words 找谁办 treats as one (下水道 = 下水管 = 排污管):
// a query naming one finds the items that name another. The administrator
// keeps the agency's shared list of them; words that belong to one item
// only are that item's synonyms.
type SynonymGroup struct{ ent.Schema }

func (SynonymGroup) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (SynonymGroup) Fields() []ent.Field {
	return []ent.Field{
		field.Strings("terms").Comment("two or more words meaning the same thing"),
		field.String("note").Default("").MaxRuneLen(200),
	}
}

func (SynonymGroup) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("synonym_groups"),
		entgql.RelayConnection(),
		entgql.QueryField("synonymGroups"),
	}
}
