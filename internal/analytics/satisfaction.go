package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/predicate"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/ratings/raterkey"
)

// SatisfactionFigures are the satisfaction figures (一线打分) of an agency
// department, or of the whole scope when Department is nil. Voided ratings
// (appeal_status VOIDED) and their rectifications count nowhere.
//
// Rater privacy: when the ratings in the window come from fewer than
// MinRaters distinct raters (by rater_key, anonymous and named keys counted
// apart: raterkey.Raters), the rating figures are withheld
// — RatingCount, MeanScore, SatisfactionRate, BadRatings and the dimension
// means are nil and Withheld is true; they never leave the database. The
// acceptance rate, the raters' verdicts on rectifications, is withheld the
// same way when fewer than MinRaters distinct raters judged. The
// rectification deadline figures describe the department's own work and
// are always shown.
type SatisfactionFigures struct {
	DepartmentID int
	Department   *ent.Department
	Withheld     bool

	RatingCount      *int
	MeanScore        *float64
	SatisfactionRate *float64 // share of scores ≥ 4 (满意率)
	BadRatings       *int     // scores ≤ 2
	Responsiveness   *float64 // dimension means
	Resolution       *float64
	Attitude         *float64

	// RectificationsDue: rectifications whose deadline fell in the window
	// and has passed (dueAt in [from, min(to, now))); RectificationsOnTime:
	// those answered by their deadline (answeredAt ≤ dueAt).
	RectificationsDue        int
	RectificationsOnTime     int
	RectificationsOnTimeRate *float64
	// JudgedCount: rectifications the rater judged in the window;
	// AcceptanceRate: the share SATISFIED or BASICALLY_SATISFIED.
	JudgedCount    int
	AcceptanceRate *float64
}

// Satisfaction is satisfaction(window, scope).
type Satisfaction struct {
	Header
	Overall     *SatisfactionFigures
	Departments []*SatisfactionFigures
}

// ratingCTEs: rr the scope's non-voided ratings in the window (ratingRows);
// rd the rectifications due in it; rj those judged in it.
func (e engine) ratingCTEs(p params) string {
	d := e.d
	ag := idList(p.scope.agency)
	dueTo := minT(p.w.To, p.now)
	// The judges: the rater key each rectification carries, the few voided
	// ratings left out by an anti-join (the direct engine, the reference,
	// reads each judged rectification's rating).
	// a rectification x whose rating is not VOIDED (an anti-join: few are)
	const ratingLive = "NOT EXISTS (SELECT 1 FROM ratings r WHERE r.id = x.rating_id AND r.appeal_status = 'VOIDED')"
	judge, join, live := "x.rater_key", "", ratingLive
	if e.direct {
		judge, join, live = "r.rater_key", " JOIN ratings r ON r.id = x.rating_id", "r.appeal_status <> 'VOIDED'"
	}
	return e.ratingRows(p) + fmt.Sprintf(`,
rd AS (
  SELECT x.department_id AS dept,
    CASE WHEN x.answered_at IS NOT NULL AND %[2]s <= %[3]s THEN 1 ELSE 0 END AS ok
  FROM rectifications x
  WHERE x.department_id IN %[1]s AND %[4]s AND %[9]s),
rj AS (
  SELECT x.department_id AS dept, %[6]s AS rk,
    CASE WHEN x.verdict IN ('SATISFIED', 'BASICALLY_SATISFIED') THEN 1 ELSE 0 END AS ok
  FROM rectifications x%[7]s
  WHERE x.verdict IS NOT NULL AND x.department_id IN %[1]s AND %[5]s AND %[8]s)`,
		ag, d.ep("x.answered_at"), d.ep("x.due_at"), d.inWindow("x.due_at", p.w.From, dueTo),
		d.inWindow("x.judged_at", p.w.From, p.w.To), judge, join, live, ratingLive)
}

// ratingRows is rr, the window's ratings as rows of (dept, c epoch
// seconds, n ratings, ss score sum, good, bad, rs/rl/ra dimension sums,
// lb, rk). Whole days (Asia/Shanghai) come from the ratings rollup
// (department_day_ratings, one row per department and day, lb its
// distinct raters that day, rk NULL); the parts of a day at the window's
// ends, and every rating when the engine is direct, one row per rating
// (lb 0, rk its rater).
func (e engine) ratingRows(p params) string {
	d := e.d
	ag := idList(p.scope.agency)
	each := func(cond string) string {
		return fmt.Sprintf(`SELECT r.target_department_id AS dept, %s AS c, 1 AS n, r.score AS ss,
    CASE WHEN r.score >= 4 THEN 1 ELSE 0 END AS good, CASE WHEN r.score <= 2 THEN 1 ELSE 0 END AS bad,
    r.responsiveness AS rs, r.resolution AS rl, r.attitude AS ra, 0 AS lb, r.rater_key AS rk
  FROM ratings r
  WHERE r.appeal_status <> 'VOIDED' AND r.target_department_id IN %s AND (%s)`, d.ep("r.created_at"), ag, cond)
	}
	pl := planRollup(p.w)
	if e.direct || !pl.use {
		return "rr AS (\n  " + each(d.inWindow("r.created_at", p.w.From, p.w.To)) + ")"
	}
	parts := []string{fmt.Sprintf(`SELECT r.department_id AS dept, %s AS c, r.ratings AS n, r.score_sum AS ss, r.good, r.bad,
    r.responsiveness_sum AS rs, r.resolution_sum AS rl, r.attitude_sum AS ra, r.raters AS lb, CAST(NULL AS TEXT) AS rk
  FROM department_day_ratings r
  WHERE r.day >= %s AND r.day < %s AND r.department_id IN %s`, d.ep("r.day"), d.rollupTime(pl.d0), d.rollupTime(pl.d1), ag)}
	var edges []string
	if pl.d0.After(p.w.From) {
		edges = append(edges, "("+d.inWindow("r.created_at", p.w.From, pl.d0)+")")
	}
	if pl.d1.Before(p.w.To) {
		edges = append(edges, "("+d.inWindow("r.created_at", pl.d1, p.w.To)+")")
	}
	if len(edges) > 0 {
		parts = append(parts, each(strings.Join(edges, " OR ")))
	}
	return "rr AS (\n  " + strings.Join(parts, "\n  UNION ALL\n  ") + ")"
}

// raterGroups aggregates rr by the key expression key (over rr, and mb
// when join is given) as <prefix>ra(k…, n, raters, mean, good, bad, rs,
// rl, ra), where raters is what the withholding rule needs: MinRaters
// when at least that many distinct raters are proven — by one rollup day
// that had them, or by the window's individual ratings — and otherwise
// the exact count, read from the ratings of just those groups (<prefix>sh;
// the read is skipped when there are none, the usual case).
//
// keys names the key columns; rkey is the same key over the ratings r
// (and mb), for that exact count.
func (e engine) raterGroups(p params, prefix string, keys []string, key []string, rkey []string, join, rjoin string) string {
	d := e.d
	k := fmt.Sprint(p.th.MinRaters)
	sel, grp, on, onx, shk, rsel := "", "", "", "", "", ""
	for i, name := range keys {
		sel += key[i] + " AS " + name + ", "
		if key[i] != "0" { // a constant key: one group, no GROUP BY
			grp += key[i] + ", "
		}
		on += fmt.Sprintf(" AND x.%[1]s = a.%[1]s", name)
		onx += fmt.Sprintf(" AND xx.%[1]s = a.%[1]s", name)
		shk += "a." + name + ", "
		rsel += rkey[i] + " AS " + name + ", "
	}
	if grp != "" {
		grp = " GROUP BY " + strings.TrimSuffix(grp, ", ")
	}
	shk = strings.TrimSuffix(shk, ", ")
	on, onx = strings.TrimPrefix(on, " AND "), strings.TrimPrefix(onx, " AND ")
	names := strings.Join(keys, ", ")
	// the exact count's group test: the short groups, matched on every key
	var match []string
	for i, name := range keys {
		match = append(match, fmt.Sprintf("s.%s = %s", name, rkey[i]))
	}
	f := d.float
	return fmt.Sprintf(`%[1]sra0 AS (
  SELECT %[2]sSUM(n) AS n, SUM(ss) AS ss, SUM(good) AS good, SUM(bad) AS bad,
    SUM(rs) AS rs, SUM(rl) AS rl, SUM(ra) AS ra, MAX(lb) AS lb
  FROM rr%[4]s%[3]s),
%[1]srek AS (
  SELECT %[5]s, %[19]s AS raters FROM (SELECT DISTINCT %[2]srk FROM rr%[4]s WHERE rk IS NOT NULL) y GROUP BY %[5]s),
%[1]ssh AS (
  SELECT %[6]s FROM %[1]sra0 a LEFT JOIN %[1]srek x ON %[7]s
  WHERE a.lb < %[8]s AND COALESCE(x.raters, 0) < %[8]s),
%[1]srxk AS (
  SELECT %[5]s, %[20]s AS raters FROM (
    SELECT DISTINCT %[9]sr.rater_key FROM ratings r%[10]s
    WHERE EXISTS (SELECT 1 FROM %[1]ssh) AND r.appeal_status <> 'VOIDED' AND r.target_department_id IN %[11]s AND %[12]s
      AND EXISTS (SELECT 1 FROM %[1]ssh s WHERE %[13]s)) y
  GROUP BY %[5]s),
%[1]sra AS (
  SELECT %[6]s, a.n,
    CASE WHEN a.lb >= %[8]s OR COALESCE(x.raters, 0) >= %[8]s THEN %[8]s ELSE COALESCE(xx.raters, 0) END AS raters,
    CASE WHEN a.n > 0 THEN %[14]s / a.n END AS mean, a.good, a.bad,
    CASE WHEN a.n > 0 THEN %[15]s / a.n END AS rs, CASE WHEN a.n > 0 THEN %[16]s / a.n END AS rl,
    CASE WHEN a.n > 0 THEN %[17]s / a.n END AS ra
  FROM %[1]sra0 a LEFT JOIN %[1]srek x ON %[7]s LEFT JOIN %[1]srxk xx ON %[18]s)`,
		prefix, sel, grp, join, names, shk, on, k, rsel, rjoin, idList(p.scope.agency),
		d.inWindow("r.created_at", p.w.From, p.w.To), strings.Join(match, " AND "),
		f("a.ss"), f("a.rs"), f("a.rl"), f("a.ra"), onx, e.raters("rk"), e.raters("rater_key"))
}

// raters counts the distinct raters of rows of distinct rater keys (the
// column key) as raterkey.Raters does: anonymous and named keys apart, the
// larger — a person who rated both ways is never counted twice.
func (e engine) raters(key string) string {
	named := raterkey.NamedSQL(key)
	return e.d.greatest("SUM(CASE WHEN "+named+" THEN 1 ELSE 0 END)", "SUM(CASE WHEN "+named+" THEN 0 ELSE 1 END)")
}

// satisfactionAggsAs aggregates rr, rd and rj per department (byDept) or
// over the whole scope (one row with k = 0), as <prefix>ra, da and ja.
func (e engine) satisfactionAggsAs(p params, byDept bool, prefix string) string {
	key, group := "0", ""
	rkey := "0"
	if byDept {
		key, group, rkey = "dept", " GROUP BY dept", "r.target_department_id"
	}
	// Distinct raters (judges) are counted over (k, rater) pairs made
	// distinct first: a hash aggregate, where COUNT(DISTINCT …) sorts
	// every group.
	return e.raterGroups(p, prefix, []string{"k"}, []string{key}, []string{rkey}, "", "") + fmt.Sprintf(`,
%[3]sda AS (SELECT %[1]s AS k, COUNT(*) AS n, SUM(ok) AS ok FROM rd%[2]s),
%[3]sjdk AS (SELECT k, %[4]s AS raters FROM (SELECT DISTINCT %[1]s AS k, rk FROM rj) x GROUP BY k),
%[3]sja AS (
  SELECT j.k, j.n, j.ok, COALESCE(jdk.raters, 0) AS raters FROM (
    SELECT %[1]s AS k, COUNT(*) AS n, SUM(ok) AS ok FROM rj%[2]s) j LEFT JOIN %[3]sjdk jdk ON jdk.k = j.k)`,
		key, group, prefix, e.raters("rk"))
}

// satisfactionCols selects the figures of group g (joined as ra, da, ja),
// withholding per the rater threshold inside the database.
func (e engine) satisfactionCols(p params) string {
	d := e.d
	k := fmt.Sprint(p.th.MinRaters)
	ok := "COALESCE(ra.raters, 0) >= " + k
	return fmt.Sprintf(`CASE WHEN %[1]s THEN 0 ELSE 1 END,
  CASE WHEN %[1]s THEN ra.n END, CASE WHEN %[1]s THEN ra.mean END,
  CASE WHEN %[1]s THEN %[2]s / ra.n END, CASE WHEN %[1]s THEN ra.bad END,
  CASE WHEN %[1]s THEN ra.rs END, CASE WHEN %[1]s THEN ra.rl END, CASE WHEN %[1]s THEN ra.ra END,
  COALESCE(da.n, 0), COALESCE(da.ok, 0), %[3]s,
  COALESCE(ja.n, 0), CASE WHEN COALESCE(ja.raters, 0) >= %[4]s THEN %[5]s END`,
		ok, d.float("ra.good"), rateSQL(d, "da.ok", "da.n"), k, rateSQL(d, "ja.ok", "ja.n"))
}

func scanFigures(r *sql.Rows, lead ...any) (*SatisfactionFigures, error) {
	var x SatisfactionFigures
	var withheld int
	var n, bad sql.NullInt64
	var mean, rate, rs, rl, ra, drate, arate sql.NullFloat64
	dest := append(lead, &withheld, &n, &mean, &rate, &bad, &rs, &rl, &ra,
		&x.RectificationsDue, &x.RectificationsOnTime, &drate, &x.JudgedCount, &arate)
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	x.Withheld = withheld == 1
	if n.Valid {
		v := int(n.Int64)
		x.RatingCount = &v
	}
	if bad.Valid {
		v := int(bad.Int64)
		x.BadRatings = &v
	}
	x.MeanScore, x.SatisfactionRate = nullF(mean), nullF(rate)
	x.Responsiveness, x.Resolution, x.Attitude = nullF(rs), nullF(rl), nullF(ra)
	x.RectificationsOnTimeRate, x.AcceptanceRate = nullF(drate), nullF(arate)
	return &x, nil
}

func (e engine) satisfaction(ctx context.Context, p params) (*Satisfaction, error) {
	out := &Satisfaction{}
	// The scope's figures (first row, grp 0) and each department's, in one
	// statement: rt, rd and rj are read once.
	q := "WITH " + e.ratingCTEs(p) + ",\n" + e.satisfactionAggsAs(p, false, "o_") + ",\n" + e.satisfactionAggsAs(p, true, "d_") + `
SELECT 0 AS grp, 0 AS srt, 0 AS id, ` + e.satisfactionCols(p) + `
FROM (SELECT 0 AS k) g LEFT JOIN o_ra ra ON ra.k = g.k LEFT JOIN o_da da ON da.k = g.k LEFT JOIN o_ja ja ON ja.k = g.k
UNION ALL
SELECT 1, dp.sort_order, dp.id, ` + e.satisfactionCols(p) + `
FROM departments dp LEFT JOIN d_ra ra ON ra.k = dp.id LEFT JOIN d_da da ON da.k = dp.id LEFT JOIN d_ja ja ON ja.k = dp.id
WHERE dp.id IN ` + idList(p.scope.agency) + `
ORDER BY 1, 2, 3`
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var grp, srt, id int
		x, err := scanFigures(r, &grp, &srt, &id)
		if err != nil {
			return err
		}
		if grp == 0 {
			out.Overall = x
			return nil
		}
		x.DepartmentID = id
		out.Departments = append(out.Departments, x)
		return nil
	})
	return out, err
}

// Satisfaction is satisfaction(window, scope).
func (s *Service) Satisfaction(ctx context.Context, req Request) (*Satisfaction, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().satisfaction(ctx, p)
	if err != nil {
		return nil, err
	}
	out.Header = h
	var rf refs
	for _, x := range out.Departments {
		rf.dept(x.DepartmentID, &x.Department)
	}
	return out, rf.load(ctx, s.Client)
}

// ——— monthly satisfaction, ranking and the 约谈 flag ———

// MonthlySatisfaction is a department's month.
type MonthlySatisfaction struct {
	Month            int
	Withheld         bool // fewer than MinRaters distinct raters: not shown, not ranked
	RatingCount      *int
	MeanScore        *float64
	SatisfactionRate *float64
	// Rank among the scope's departments ranked that month (1 = highest
	// mean; ties share a rank); Ranked is how many were ranked.
	Rank   *int
	Ranked int
	// Bottom: the lowest mean of the month (ties included), when at least
	// two departments were ranked.
	Bottom bool
}

// DepartmentSatisfactionSeries is a department's months and its flag.
type DepartmentSatisfactionSeries struct {
	DepartmentID int
	Department   *ent.Department
	Months       []*MonthlySatisfaction
	// Talk (约谈): at the bottom of the ranking in each of the last two
	// complete months of the window.
	Talk bool
}

// SatisfactionSeries is satisfactionSeries(window, scope).
type SatisfactionSeries struct {
	Header
	Months []*Bucket
	// TalkMonths are the indices of the last two complete months (empty
	// when the window has fewer: then no department is flagged).
	TalkMonths  []int
	Departments []*DepartmentSatisfactionSeries
}

func (e engine) satisfactionSeries(ctx context.Context, p params) (*SatisfactionSeries, error) {
	d := e.d
	out := &SatisfactionSeries{Months: months(p.w, p.now)}
	out.TalkMonths = lastTwoComplete(out.Months)
	if out.TalkMonths == nil {
		out.TalkMonths = []int{}
	}
	k := fmt.Sprint(p.th.MinRaters)
	// The mean is computed once per (month, department) and compared with
	// itself, so ties are exact.
	q := "WITH " + e.ratingCTEs(p) + ", " + bucketCTE(d, "mb", out.Months) + fmt.Sprintf(`,
%[4]s,
rm AS (SELECT i, dept, n, raters, mean, good FROM m_ra),
el AS (SELECT rm.*, CASE WHEN raters >= %[1]s THEN 1 ELSE 0 END AS ok FROM rm),
rn AS (
  SELECT el.*, RANK() OVER (PARTITION BY i, ok ORDER BY mean DESC) AS rnk,
    MIN(mean) OVER (PARTITION BY i, ok) AS low
  FROM el),
rc AS (SELECT i, COUNT(*) AS cnt FROM el WHERE ok = 1 GROUP BY i)
SELECT dp.id, mb.i, CASE WHEN rn.ok = 1 THEN 0 ELSE 1 END,
  CASE WHEN rn.ok = 1 THEN rn.n END, CASE WHEN rn.ok = 1 THEN rn.mean END,
  CASE WHEN rn.ok = 1 THEN %[2]s / rn.n END, CASE WHEN rn.ok = 1 THEN rn.rnk END,
  COALESCE(rc.cnt, 0),
  CASE WHEN rn.ok = 1 AND rc.cnt >= 2 AND rn.mean = rn.low THEN 1 ELSE 0 END
FROM departments dp CROSS JOIN mb
LEFT JOIN rn ON rn.dept = dp.id AND rn.i = mb.i
LEFT JOIN rc ON rc.i = mb.i
WHERE dp.id IN %[3]s
ORDER BY dp.sort_order, dp.id, mb.i`, k, d.float("rn.good"), idList(p.scope.agency),
		e.raterGroups(p, "m_", []string{"i", "dept"}, []string{"mb.i", "rr.dept"}, []string{"mb.i", "r.target_department_id"},
			" JOIN mb ON rr.c >= mb.lo AND rr.c < mb.hi",
			" JOIN mb ON "+d.ep("r.created_at")+" >= mb.lo AND "+d.ep("r.created_at")+" < mb.hi"))
	talk := map[int]bool{}
	for _, i := range out.TalkMonths {
		talk[i] = true
	}
	var cur *DepartmentSatisfactionSeries
	bottoms := 0
	flush := func() {
		if cur != nil {
			cur.Talk = len(out.TalkMonths) == 2 && bottoms == 2
		}
	}
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var dept, withheld, bottom int
		var m MonthlySatisfaction
		var n, rank sql.NullInt64
		var mean, rate sql.NullFloat64
		if err := r.Scan(&dept, &m.Month, &withheld, &n, &mean, &rate, &rank, &m.Ranked, &bottom); err != nil {
			return err
		}
		m.Withheld, m.Bottom = withheld == 1, bottom == 1
		if n.Valid {
			v := int(n.Int64)
			m.RatingCount = &v
		}
		if rank.Valid {
			v := int(rank.Int64)
			m.Rank = &v
		}
		m.MeanScore, m.SatisfactionRate = nullF(mean), nullF(rate)
		if cur == nil || cur.DepartmentID != dept {
			flush()
			cur = &DepartmentSatisfactionSeries{DepartmentID: dept}
			out.Departments = append(out.Departments, cur)
			bottoms = 0
		}
		if m.Bottom && talk[m.Month] {
			bottoms++
		}
		cur.Months = append(cur.Months, &m)
		return nil
	})
	flush()
	return out, err
}

// SatisfactionSeries is satisfactionSeries(window, scope).
func (s *Service) SatisfactionSeries(ctx context.Context, req Request) (*SatisfactionSeries, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().satisfactionSeries(ctx, p)
	if err != nil {
		return nil, err
	}
	out.Header = h
	var rf refs
	for _, x := range out.Departments {
		rf.dept(x.DepartmentID, &x.Department)
	}
	return out, rf.load(ctx, s.Client)
}

// ——— drill-down: the ratings behind a department's score ———

// DepartmentRatings returns the query of the ratings that made a
// department's score in the window: its non-voided ratings created in the
// window. The caller paginates it with the viewer's context, so ent
// privacy applies on top (read:ratings, the subtree, and an anonymous
// rater is never stored, hence never shown).
//
// The drill-down follows the figure it explains: when the department's
// figures are withheld (fewer than MinRaters distinct raters in the
// window), the query matches nothing — neither the ratings nor their count
// (totalCount 0, as for a department without ratings).
func (s *Service) DepartmentRatings(ctx context.Context, dept int, window *WindowInput) (*ent.RatingQuery, error) {
	v, err := authorizeViewer(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.window(window)
	if err != nil {
		return nil, err
	}
	if !v.InSubtree(dept) {
		return nil, apperr.Forbiddenf("该部门不在您的权限范围内 / the department is outside your subtree")
	}
	ok, err := s.Client.Department.Query().Where(department.ID(dept)).Exist(rule.System(ctx))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("department", "部门不存在 / no department %d", dept)
	}
	d := s.sqlDialect()
	behind := []predicate.Rating{
		rating.TargetDepartmentID(dept),
		rating.AppealStatusNEQ(rating.AppealStatusVoided),
		createdIn(d, w.From, w.To),
	}
	// Enough distinct raters? The satisfaction figures' rule (anonymous and
	// named keys counted apart, raterkey.Raters), counted with system
	// rights: the viewer's own view of the ratings does not matter.
	k := s.Thresholds(ctx).MinRaters
	var keys []string
	for _, kind := range []predicate.Rating{rating.RaterKeyHasPrefix(raterkey.NamedPrefix), rating.Not(rating.RaterKeyHasPrefix(raterkey.NamedPrefix))} {
		some, err := s.Client.Rating.Query().Where(append(behind, kind)...).Unique(true).Limit(k).
			Select(rating.FieldRaterKey).Strings(rule.System(ctx))
		if err != nil {
			return nil, err
		}
		keys = append(keys, some...)
	}
	if raterkey.Raters(keys) < k {
		behind = append(behind, rating.IDIn()) // matches no row
	}
	return s.Client.Rating.Query().Where(behind...), nil
}

// createdIn is "from ≤ created_at < to" compared as instants (ent's own
// time predicates compare SQLite's stored text, right only for rows written
// as UTC text; see ep).
func createdIn(d dia, from, to time.Time) predicate.Rating {
	return predicate.Rating(func(s *entsql.Selector) {
		s.Where(entsql.ExprP(d.inWindow(s.C(rating.FieldCreatedAt), from, to)))
	})
}
