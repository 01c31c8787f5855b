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

// StaffWeekLoad is the load rollup (internal/rollup): for one staff member
// and one ISO week (Monday 00:00 Asia/Shanghai), the hours of their
// assignments on tasks not CANCELLED that fall into the week when each
// task's effort is spread evenly over [startAt, dueAt) — DESIGN.md "Load".
// It is kept current by hooks on Task and TaskAssignment, in the
// transaction of every change that moves load, and rebuilt in bulk by the
// generators and `server rollup --rebuild`. The analytics add up whole
// weeks from it, the days of a window's partial edge weeks from the per-day
// columns, and compute directly only what lies within a day at the
// window's edges (windows that do not start and end at midnight).
// Not part of the API.
type StaffWeekLoad struct{ ent.Schema }

// WeekDays name the days of a rollup week, Monday first: the per-day
// columns are <day>_hours, <day>_meeting_hours and <day>_ledger_hours.
var WeekDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func (StaffWeekLoad) Fields() []ent.Field {
	fs := []ent.Field{
		field.Int("staff_id"),
		field.Time("week_start").Comment("Monday 00:00 Asia/Shanghai"),
		field.Float("hours").Default(0).Comment("load spread into the week, all kinds"),
		field.Float("meeting_hours").Default(0).Comment("of which on MEETING tasks"),
		field.Float("ledger_hours").Default(0).Comment("of which on LEDGER tasks"),
	}
	// The same per day (00:00–24:00 Asia/Shanghai): a window that starts or
	// ends inside a week takes the days it covers from its edge weeks.
	for _, d := range WeekDays {
		fs = append(fs,
			field.Float(d+"_hours").Default(0),
			field.Float(d+"_meeting_hours").Default(0),
			field.Float(d+"_ledger_hours").Default(0))
	}
	return fs
}

func (StaffWeekLoad) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("staff", Staff.Type).Unique().Required().Field("staff_id"),
	}
}

func (StaffWeekLoad) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("staff_id", "week_start").Unique(),
		// The window query reads every staff member's whole weeks: an
		// index-only range scan on PostgreSQL.
		index.Fields("week_start", "staff_id").
			Annotations(entsql.IncludeColumns("hours", "meeting_hours", "ledger_hours")),
	}
}

func (StaffWeekLoad) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("staff_week_loads"), entgql.Skip(entgql.SkipAll)}
}

func (StaffWeekLoad) Policy() ent.Policy { return systemOnly() }
