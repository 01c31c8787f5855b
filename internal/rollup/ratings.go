package rollup

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/departmentdayrating"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rating"
	"xiaoneng/internal/ratings/raterkey"
)

// ——— the ratings rollup (department_day_ratings) ———
//
// Per agency department and day (00:00–24:00 Asia/Shanghai): how many
// ratings not VOIDED it received, the sums of their scores and dimensions,
// how many were good (≥ 4) and bad (≤ 2), and how many distinct raters gave
// them (raterkey.Raters: anonymous and named keys counted apart, the
// larger). The sums add across days; the raters do not (the same person
// rates on several days), so the analytics read them only as a lower bound.

// RatingsTable is the ratings rollup's table.
const RatingsTable = "department_day_ratings"

// RatingCell is one department's day (day index as DayOf).
type RatingCell struct {
	Dept int
	Day  int64
}

// DayStart is the instant the day begins.
func (c RatingCell) DayStart() time.Time { return time.Unix(int64(dayStart(c.Day)), 0).UTC() }

// RatingSums are a cell's values; Raters is only set on stored or computed
// cells, never on differences.
type RatingSums struct {
	Ratings, ScoreSum, Good, Bad, Responsiveness, Resolution, Attitude int
	Raters                                                             int
}

func (s RatingSums) add(o RatingSums, sign int) RatingSums {
	s.Ratings += sign * o.Ratings
	s.ScoreSum += sign * o.ScoreSum
	s.Good += sign * o.Good
	s.Bad += sign * o.Bad
	s.Responsiveness += sign * o.Responsiveness
	s.Resolution += sign * o.Resolution
	s.Attitude += sign * o.Attitude
	return s
}

// ratingRow is what of a rating decides its contribution.
type ratingRow struct {
	ID             int       `json:"id"`
	Dept           int       `json:"target_department_id"`
	CreatedAt      time.Time `json:"created_at"`
	Score          int       `json:"score"`
	Responsiveness int       `json:"responsiveness"`
	Resolution     int       `json:"resolution"`
	Attitude       int       `json:"attitude"`
	AppealStatus   string    `json:"appeal_status"`
	RaterKey       string    `json:"rater_key"` // read by the rebuild only
}

func (r ratingRow) cell() RatingCell { return RatingCell{r.Dept, DayOf(r.CreatedAt)} }

func (r ratingRow) sums() RatingSums {
	s := RatingSums{Ratings: 1, ScoreSum: r.Score, Responsiveness: r.Responsiveness, Resolution: r.Resolution, Attitude: r.Attitude}
	if r.Score >= 4 {
		s.Good = 1
	}
	if r.Score <= 2 {
		s.Bad = 1
	}
	return s
}

// RatingCells are rollup values by cell.
type RatingCells map[RatingCell]RatingSums

// addRows adds sign × the contributions of the rows not VOIDED, and marks
// every row's cell as touched (its raters are counted again).
func (c RatingCells) addRows(rows []ratingRow, sign int, touched map[RatingCell]bool) {
	for _, r := range rows {
		touched[r.cell()] = true
		if r.AppealStatus == string(rating.AppealStatusVoided) {
			continue
		}
		c[r.cell()] = c[r.cell()].add(r.sums(), sign)
	}
}

var ratingRollupFields = []string{
	rating.FieldTargetDepartmentID, rating.FieldCreatedAt, rating.FieldScore, rating.FieldResponsiveness,
	rating.FieldResolution, rating.FieldAttitude, rating.FieldAppealStatus, rating.FieldRaterKey,
}

func ratingMovesRollup(m *ent.RatingMutation) bool {
	op := m.Op()
	if op.Is(ent.OpCreate) || op.Is(ent.OpDelete) || op.Is(ent.OpDeleteOne) {
		return true
	}
	for _, f := range append(m.Fields(), m.AddedFields()...) {
		for _, g := range ratingRollupFields {
			if f == g {
				return true
			}
		}
	}
	return false
}

// RatingHook keeps the ratings rollup current across Rating mutations that
// can move it (created, voided or restored by an appeal, deleted, scores or
// department changed), in the caller's transaction. Sums move by the
// difference; each touched cell's raters are then counted again from the
// ratings, after its row is locked by the upsert (so on PostgreSQL a
// concurrent rating of the same department and day, committed while we
// waited, is counted).
func RatingHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			rm, ok := m.(*ent.RatingMutation)
			if !ok || isDeferred(ctx) || !ratingMovesRollup(rm) {
				return next.Mutate(ctx, m)
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			c := rm.Client()
			d, touched := RatingCells{}, map[RatingCell]bool{}
			if rm.Op().Is(ent.OpCreate) {
				v, err := next.Mutate(ctx, m)
				if err != nil {
					return v, err
				}
				r, ok := createdRating(rm)
				if !ok {
					return nil, fmt.Errorf("rollup: a created rating without its fields")
				}
				d.addRows([]ratingRow{r}, 1, touched)
				return v, applyRatingDelta(sys, c, d, touched)
			}
			var ids []int
			if id, ok := rm.ID(); ok && (rm.Op().Is(ent.OpUpdateOne) || rm.Op().Is(ent.OpDeleteOne)) {
				ids = []int{id}
			} else {
				var err error
				if ids, err = rm.IDs(sys); err != nil {
					return nil, err
				}
			}
			if len(ids) == 0 {
				return next.Mutate(ctx, m)
			}
			old, err := ratingRows(sys, c, ids)
			if err != nil {
				return nil, err
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			now, err := ratingRows(sys, c, ids)
			if err != nil {
				return nil, err
			}
			d.addRows(old, -1, touched)
			d.addRows(now, 1, touched)
			return v, applyRatingDelta(sys, c, d, touched)
		})
	}
}

// createdRating is the row a create mutation inserts (ent has applied the
// defaults, created_at among them, before the hooks run).
func createdRating(m *ent.RatingMutation) (ratingRow, bool) {
	var r ratingRow
	var ok [6]bool
	r.Dept, ok[0] = m.TargetDepartmentID()
	r.CreatedAt, ok[1] = m.CreatedAt()
	r.Score, ok[2] = m.Score()
	r.Responsiveness, ok[3] = m.Responsiveness()
	r.Resolution, ok[4] = m.Resolution()
	r.Attitude, ok[5] = m.Attitude()
	st, has := m.AppealStatus()
	if has {
		r.AppealStatus = string(st)
	} else {
		r.AppealStatus = string(rating.DefaultAppealStatus)
	}
	return r, ok == [6]bool{true, true, true, true, true, true}
}

func ratingRows(ctx context.Context, c *ent.Client, ids []int) ([]ratingRow, error) {
	var rows []ratingRow
	err := c.Rating.Query().Where(rating.IDIn(ids...)).
		Select(rating.FieldID, rating.FieldTargetDepartmentID, rating.FieldCreatedAt, rating.FieldScore,
			rating.FieldResponsiveness, rating.FieldResolution, rating.FieldAttitude, rating.FieldAppealStatus).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	return rows, nil
}

// applyRatingDelta adds d to the touched cells (inserting missing ones),
// counts their raters again and removes cells left without ratings.
func applyRatingDelta(ctx context.Context, c *ent.Client, d RatingCells, touched map[RatingCell]bool) error {
	// in a fixed order, so that concurrent hooks lock rows alike
	for _, k := range sortedCells(touched) {
		v := d[k]
		err := c.DepartmentDayRating.Create().
			SetDepartmentID(k.Dept).SetDay(k.DayStart()).
			SetRatings(v.Ratings).SetScoreSum(v.ScoreSum).SetGood(v.Good).SetBad(v.Bad).
			SetResponsivenessSum(v.Responsiveness).SetResolutionSum(v.Resolution).SetAttitudeSum(v.Attitude).
			OnConflict(entsql.ConflictColumns(departmentdayrating.FieldDepartmentID, departmentdayrating.FieldDay),
				entsql.ResolveWith(func(u *entsql.UpdateSet) {
					for _, col := range ratingSumColumns {
						u.Set(col, entsql.Expr(RatingsTable+"."+col+" + excluded."+col))
					}
				})).Exec(ctx)
		if err != nil {
			return fmt.Errorf("rollup: %w", err)
		}
		from, to := k.DayStart(), k.DayStart().Add(DaySeconds*time.Second)
		keys, err := c.Rating.Query().
			Where(rating.TargetDepartmentID(k.Dept), rating.CreatedAtGTE(from), rating.CreatedAtLT(to),
				rating.AppealStatusNEQ(rating.AppealStatusVoided)).
			Unique(true).Select(rating.FieldRaterKey).Strings(ctx)
		if err != nil {
			return fmt.Errorf("rollup: %w", err)
		}
		sel := departmentdayrating.And(departmentdayrating.DepartmentID(k.Dept), departmentdayrating.Day(from))
		if len(keys) == 0 {
			_, err = c.DepartmentDayRating.Delete().Where(sel).Exec(ctx)
		} else {
			err = c.DepartmentDayRating.Update().Where(sel).SetRaters(raterkey.Raters(keys)).Exec(ctx)
		}
		if err != nil {
			return fmt.Errorf("rollup: %w", err)
		}
	}
	return nil
}

// sortedCells returns the keys of m by day, then department.
func sortedCells[V any](m map[RatingCell]V) []RatingCell {
	out := make([]RatingCell, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].Dept < out[j].Dept
	})
	return out
}

var ratingSumColumns = []string{"ratings", "score_sum", "good", "bad", "responsiveness_sum", "resolution_sum", "attitude_sum"}

// ratingsComputeSQL computes every cell from the ratings: (department, day
// index, ratings, raters, sums…), in day order.
func ratingsComputeSQL(dia string) string {
	ep := "CAST(EXTRACT(EPOCH FROM created_at) AS DOUBLE PRECISION)"
	dn := fmt.Sprintf("CAST(FLOOR((%s - %d) / %d.0) AS BIGINT)", ep, weekOrigin, DaySeconds)
	greatest := "GREATEST"
	if dia != dialect.Postgres {
		// julianday of 1970-01-01T00:00Z is 2440587.5; the store writes UTC text
		ep = "((ROUND(julianday(created_at) * 86400000.0) - 210866760000000) / 1000.0)"
		dn = fmt.Sprintf("CAST((%s - %d) / %d AS INTEGER)", ep, weekOrigin, DaySeconds) // after the origin: truncation is floor
		greatest = "MAX"
	}
	// raterkey.Raters: anonymous and named keys counted apart, the larger
	named := raterkey.NamedSQL("rk")
	raters := fmt.Sprintf("%s(COUNT(DISTINCT CASE WHEN %s THEN rk END), COUNT(DISTINCT CASE WHEN NOT (%s) THEN rk END))", greatest, named, named)
	return fmt.Sprintf(`SELECT dept, dn, COUNT(*) AS n, %[2]s AS raters, SUM(score) AS ss,
  SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS good, SUM(CASE WHEN score <= 2 THEN 1 ELSE 0 END) AS bad,
  SUM(responsiveness) AS rs, SUM(resolution) AS rl, SUM(attitude) AS ra
FROM (SELECT target_department_id AS dept, %[1]s AS dn, rater_key AS rk, score, responsiveness, resolution, attitude
  FROM ratings WHERE appeal_status <> 'VOIDED') x
GROUP BY dn, dept ORDER BY dn, dept`, dn, raters)
}

// dayValueSQL is the rollup's day column for day index expression dn.
func dayValueSQL(dia, dn string) string {
	if dia == dialect.Postgres {
		return fmt.Sprintf("to_timestamp(%s * %d + %d)", dn, DaySeconds, weekOrigin)
	}
	// the store's UTC text ("2026-06-28 16:00:00+00:00")
	return fmt.Sprintf("strftime('%%Y-%%m-%%d %%H:%%M:%%S', %s * %d + %d, 'unixepoch') || '+00:00'", dn, DaySeconds, weekOrigin)
}

// RebuildRatings recomputes the ratings rollup from the ratings, in SQL
// (one statement): for the generators, `server rollup --rebuild` and
// databases migrated from before the rollup.
func RebuildRatings(ctx context.Context, db Querier, dia string) (int, error) {
	if _, err := db.ExecContext(ctx, `DELETE FROM `+RatingsTable); err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	res, err := db.ExecContext(ctx, `INSERT INTO `+RatingsTable+` (department_id, day, ratings, raters, score_sum, good, bad,
  responsiveness_sum, resolution_sum, attitude_sum)
SELECT c.dept, `+dayValueSQL(dia, "c.dn")+`, c.n, c.raters, c.ss, c.good, c.bad, c.rs, c.rl, c.ra
FROM (`+ratingsComputeSQL(dia)+`) c`)
	if err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ComputeRatings computes every cell from the ratings (the reference).
func ComputeRatings(ctx context.Context, db Querier, dia string) (RatingCells, error) {
	out := RatingCells{}
	rows, err := db.QueryContext(ctx, ratingsComputeSQL(dia))
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k RatingCell
		var v RatingSums
		if err := rows.Scan(&k.Dept, &k.Day, &v.Ratings, &v.Raters, &v.ScoreSum, &v.Good, &v.Bad,
			&v.Responsiveness, &v.Resolution, &v.Attitude); err != nil {
			return nil, fmt.Errorf("rollup: %w", err)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// StoredRatings reads the ratings rollup.
func StoredRatings(ctx context.Context, db Querier, dia string) (RatingCells, error) {
	ep := "CAST(EXTRACT(EPOCH FROM day) AS DOUBLE PRECISION)"
	if dia != dialect.Postgres {
		ep = "((ROUND(julianday(day) * 86400000.0) - 210866760000000) / 1000.0)"
	}
	rows, err := db.QueryContext(ctx, `SELECT department_id, `+ep+`, ratings, raters, score_sum, good, bad,
  responsiveness_sum, resolution_sum, attitude_sum FROM `+RatingsTable)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	defer rows.Close()
	out := RatingCells{}
	for rows.Next() {
		var k RatingCell
		var at float64
		var v RatingSums
		if err := rows.Scan(&k.Dept, &at, &v.Ratings, &v.Raters, &v.ScoreSum, &v.Good, &v.Bad,
			&v.Responsiveness, &v.Resolution, &v.Attitude); err != nil {
			return nil, fmt.Errorf("rollup: %w", err)
		}
		k.Day = dayAt(at)
		if dayStart(k.Day) != at {
			return nil, fmt.Errorf("rollup: department %d has a rollup day not at midnight (%v)", k.Dept, at)
		}
		out[k] = v
	}
	return out, rows.Err()
}

// DiffRatings lists (at most maxN) cells where a and b differ.
func DiffRatings(a, b RatingCells, maxN int) []string {
	var out []string
	seen := map[RatingCell]bool{}
	for _, m := range []RatingCells{a, b} {
		for k := range m {
			if seen[k] || a[k] == b[k] {
				seen[k] = true
				continue
			}
			seen[k] = true
			if len(out) < maxN {
				out = append(out, fmt.Sprintf("department %d, %s: %+v ≠ %+v", k.Dept,
					k.DayStart().In(time.FixedZone("CST", 8*3600)).Format(time.DateOnly), a[k], b[k]))
			}
		}
	}
	sort.Strings(out)
	return out
}

// rebuildRatingsClient is RebuildRatings through an ent client (inside the
// demo seed's transaction), computing the cells in Go — the hook's own
// arithmetic, so the tests that compare it with ComputeRatings check both.
func rebuildRatingsClient(ctx context.Context, c *ent.Client) error {
	if _, err := c.DepartmentDayRating.Delete().Exec(ctx); err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	var rows []ratingRow
	err := c.Rating.Query().Where(rating.AppealStatusNEQ(rating.AppealStatusVoided)).
		Select(rating.FieldID, rating.FieldTargetDepartmentID, rating.FieldCreatedAt, rating.FieldScore,
			rating.FieldResponsiveness, rating.FieldResolution, rating.FieldAttitude, rating.FieldAppealStatus,
			rating.FieldRaterKey).
		Scan(ctx, &rows)
	if err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	cells := RatingCells{}
	raters := map[RatingCell][]string{}
	for _, r := range rows {
		k := r.cell()
		cells[k] = cells[k].add(r.sums(), 1)
		raters[k] = append(raters[k], r.RaterKey)
	}
	keys := sortedCells(cells)
	var bs []*ent.DepartmentDayRatingCreate
	flush := func() error {
		if len(bs) == 0 {
			return nil
		}
		err := c.DepartmentDayRating.CreateBulk(bs...).Exec(ctx)
		bs = bs[:0]
		return err
	}
	for _, k := range keys {
		v := cells[k]
		bs = append(bs, c.DepartmentDayRating.Create().SetDepartmentID(k.Dept).SetDay(k.DayStart()).
			SetRatings(v.Ratings).SetRaters(raterkey.Raters(raters[k])).SetScoreSum(v.ScoreSum).SetGood(v.Good).SetBad(v.Bad).
			SetResponsivenessSum(v.Responsiveness).SetResolutionSum(v.Resolution).SetAttitudeSum(v.Attitude))
		if len(bs) == 500 {
			if err := flush(); err != nil {
				return fmt.Errorf("rollup: %w", err)
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	return nil
}

// ensureRatings rebuilds the ratings rollup of a database that has ratings
// but no rollup rows (migrated from before it), in one transaction.
func ensureRatings(ctx context.Context, db *sql.DB, dia string) (bool, error) {
	return ensure(ctx, db, `SELECT 1 FROM `+RatingsTable+` LIMIT 1`,
		`SELECT 1 FROM ratings WHERE appeal_status <> 'VOIDED' LIMIT 1`,
		func(tx *sql.Tx) error { _, err := RebuildRatings(ctx, tx, dia); return err })
}
