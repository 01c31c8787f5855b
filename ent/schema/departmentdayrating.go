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

// DepartmentDayRating is the ratings rollup (internal/rollup): for one
// agency department and one day (00:00–24:00 Asia/Shanghai), the sums of
// the ratings it received that day that are not VOIDED — DESIGN.md
// "Satisfaction". Raters is the number of distinct raters (rater_key) of
// those ratings: distinct counts do not add across days, so the analytics
// use it only as a lower bound (a window holding a day with at least
// MinRaters raters has at least that many) and count the raters of the
// remaining departments from the ratings themselves. Kept by a hook on
// Rating in the writing transaction; rebuilt by the generators and
// `server rollup --rebuild`. Not part of the API.
type DepartmentDayRating struct{ ent.Schema }

func (DepartmentDayRating) Fields() []ent.Field {
	return []ent.Field{
		field.Int("department_id"),
		field.Time("day").Comment("00:00 Asia/Shanghai"),
		field.Int("ratings").Default(0),
		field.Int("raters").Default(0).Comment("distinct rater_key that day"),
		field.Int("score_sum").Default(0),
		field.Int("good").Default(0).Comment("scores ≥ 4"),
		field.Int("bad").Default(0).Comment("scores ≤ 2"),
		field.Int("responsiveness_sum").Default(0),
		field.Int("resolution_sum").Default(0),
		field.Int("attitude_sum").Default(0),
	}
}

func (DepartmentDayRating) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("department", Department.Type).Unique().Required().Field("department_id"),
	}
}

func (DepartmentDayRating) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("department_id", "day").Unique(),
		// The window query reads every department's days: an index-only
		// range scan on PostgreSQL.
		index.Fields("day", "department_id").
			Annotations(entsql.IncludeColumns("ratings", "raters", "score_sum", "good", "bad",
				"responsiveness_sum", "resolution_sum", "attitude_sum")),
	}
}

func (DepartmentDayRating) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Table("department_day_ratings"), entgql.Skip(entgql.SkipAll)}
}

func (DepartmentDayRating) Policy() ent.Policy { return systemOnly() }
