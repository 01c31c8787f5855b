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

// StaffLeave is a staff member's absence: leave (请假) or a business trip
// (出差), over whole days of the agency's calendar.
type StaffLeave struct{ ent.Schema }

func (StaffLeave) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

func (StaffLeave) Fields() []ent.Field {
	return []ent.Field{
		field.Int("staff_id"),
		field.Enum("kind").NamedValues("Leave", "LEAVE", "Trip", "TRIP").
			Comment("LEAVE: 请假; TRIP: 出差").
			Annotations(entgql.OrderField("KIND")),
		field.Time("starts_at").
			Comment("00:00 (Asia/Shanghai) of the first day").
			Annotations(entgql.OrderField("STARTS_AT")),
		field.Time("ends_at").
			Comment("00:00 (Asia/Shanghai) of the day after the last day: the absence is [startsAt, endsAt)").
			Annotations(entgql.OrderField("ENDS_AT")),
		field.String("note").Default("").MaxRuneLen(200),
	}
}

func (StaffLeave) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("staff", Staff.Type).Unique().Required().Field("staff_id"),
	}
}

func (StaffLeave) Indexes() []ent.Index {
	return []ent.Index{index.Fields("staff_id", "starts_at"), index.Fields("starts_at")}
}

func (StaffLeave) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Table("staff_leaves"),
		entgql.RelayConnection(),
		entgql.QueryField("staffLeaves"),
	}
}
