package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// WorkCalendar marks the days that differ from the plain week: holidays on
// weekdays and make-up working days (调休) on weekends.
type WorkCalendar struct{ ent.Schema }

func (WorkCalendar) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (WorkCalendar) Fields() []ent.Field {
	return []ent.Field{
		field.String("day").Unique().Match(dayPattern).Comment("YYYY-MM-DD in the agency's time zone").
			Annotations(entgql.OrderField("DAY")),
		field.Enum("kind").NamedValues("Holiday", "HOLIDAY", "Workday", "WORKDAY"),
		field.String("note").Default("").MaxRuneLen(100),
	}
}

func (WorkCalendar) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("work_calendar"),
		entgql.RelayConnection(),
		entgql.QueryField("workCalendar"),
	}
}
