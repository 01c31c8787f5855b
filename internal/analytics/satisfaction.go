package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/predicate"
	"xiaoneng/ent/rating"
	"xiaoneng/internal/apperr"
)

// SatisfactionFigures are the satisfaction figures (一线打分) of an agency
// department, or of the whole scope when Department is nil. Voided ratings
// (appeal_status VOIDED) and their rectifications count nowhere.
//
// Rater privacy: when the ratings in the window come from fewer than
// MinRaters distinct raters (by rater_key), the rating figures are withheld
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

// ratingCTEs: rt the non-voided ratings of the scope's agency departments
// in the window; rd the rectifications due in it; rj those judged in it.
func (e engine) ratingCTEs(p params) string {
	d := e.d
	ag := idList(p.scope.agency)
	dueTo := minT(p.w.To, p.now)
	return fmt.Sprintf(`rt AS (
  SELECT r.target_department_id AS dept, %[1]s AS c, r.score, r.responsiveness AS rs, r.resolution AS rl,
    r.attitude AS ra, r.rater_key AS rk
  FROM ratings r
  WHERE r.appeal_status <> 'VOIDED' AND r.target_department_id IN %[2]s AND %[3]s),
rd AS (
  SELECT x.department_id AS dept,
    CASE WHEN x.answered_at IS NOT NULL AND %[4]s <= %[5]s THEN 1 ELSE 0 END AS ok
  FROM rectifications x JOIN ratings r ON r.id = x.rating_id
  WHERE r.appeal_status <> 'VOIDED' AND x.department_id IN %[2]s AND %[6]s),
rj AS (
  SELECT x.department_id AS dept, r.rater_key AS rk,
    CASE WHEN x.verdict IN ('SATISFIED', 'BASICALLY_SATISFIED') THEN 1 ELSE 0 END AS ok
  FROM rectifications x JOIN ratings r ON r.id = x.rating_id
  WHERE r.appeal_status <> 'VOIDED' AND x.verdict IS NOT NULL AND x.department_id IN %[2]s AND %[7]s)`,
		d.ep("r.created_at"), ag, d.inWindow("r.created_at", p.w.From, p.w.To),
		d.ep("x.answered_at"), d.ep("x.due_at"), d.inWindow("x.due_at", p.w.From, dueTo),
		d.inWindow("x.judged_at", p.w.From, p.w.To))
}

// satisfactionAggs aggregates rt, rd and rj per department (byDept) or
// over the whole scope (one row with k = 0), as ra, da and ja.
func (e engine) satisfactionAggs(byDept bool) string { return e.satisfactionAggsAs(byDept, "") }

// satisfactionAggsAs is satisfactionAggs with the CTE names prefixed (so
// that one statement can hold both groupings).
func (e engine) satisfactionAggsAs(byDept bool, prefix string) string {
	f := e.d.float
	key, group := "0", ""
	if byDept {
		key, group = "dept", " GROUP BY dept"
	}
	// Distinct raters are counted over (k, rater) pairs made distinct
	// first: a hash aggregate, where COUNT(DISTINCT …) sorts every group.
	return fmt.Sprintf(`%[7]srdk AS (SELECT k, COUNT(*) AS raters FROM (SELECT DISTINCT %[1]s AS k, rk FROM rt) x GROUP BY k),
%[7]sra AS (
  SELECT a.k, a.n, COALESCE(rdk.raters, 0) AS raters, a.mean, a.good, a.bad, a.rs, a.rl, a.ra FROM (
    SELECT %[1]s AS k, COUNT(*) AS n,
      CASE WHEN COUNT(*) > 0 THEN %[3]s / COUNT(*) END AS mean,
      SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS good, SUM(CASE WHEN score <= 2 THEN 1 ELSE 0 END) AS bad,
      AVG(%[4]s) AS rs, AVG(%[5]s) AS rl, AVG(%[6]s) AS ra
    FROM rt%[2]s) a LEFT JOIN %[7]srdk rdk ON rdk.k = a.k),
%[7]sda AS (SELECT %[1]s AS k, COUNT(*) AS n, SUM(ok) AS ok FROM rd%[2]s),
%[7]sjdk AS (SELECT k, COUNT(*) AS raters FROM (SELECT DISTINCT %[1]s AS k, rk FROM rj) x GROUP BY k),
%[7]sja AS (
  SELECT j.k, j.n, j.ok, COALESCE(jdk.raters, 0) AS raters FROM (
    SELECT %[1]s AS k, COUNT(*) AS n, SUM(ok) AS ok FROM rj%[2]s) j LEFT JOIN %[7]sjdk jdk ON jdk.k = j.k)`,
		key, group, f("SUM(score)"), f("rs"), f("rl"), f("ra"), prefix)
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
	q := "WITH " + e.ratingCTEs(p) + ",\n" + e.satisfactionAggsAs(false, "o_") + ",\n" + e.satisfactionAggsAs(true, "d_") + `
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
rmb AS (SELECT mb.i, rt.dept, rt.rk, rt.score FROM rt JOIN mb ON rt.c >= mb.lo AND rt.c < mb.hi),
rmk AS (SELECT i, dept, COUNT(*) AS raters FROM (SELECT DISTINCT i, dept, rk FROM rmb) x GROUP BY i, dept),
rm AS (
  SELECT a.i, a.dept, a.n, rmk.raters, a.mean, a.good FROM (
    SELECT i, dept, COUNT(*) AS n, %[1]s / COUNT(*) AS mean, SUM(CASE WHEN score >= 4 THEN 1 ELSE 0 END) AS good
    FROM rmb GROUP BY i, dept) a JOIN rmk ON rmk.i = a.i AND rmk.dept = a.dept),
el AS (SELECT rm.*, CASE WHEN raters >= %[2]s THEN 1 ELSE 0 END AS ok FROM rm),
rr AS (
  SELECT el.*, RANK() OVER (PARTITION BY i, ok ORDER BY mean DESC) AS rnk,
    MIN(mean) OVER (PARTITION BY i, ok) AS low
  FROM el),
rc AS (SELECT i, COUNT(*) AS cnt FROM el WHERE ok = 1 GROUP BY i)
SELECT dp.id, mb.i, CASE WHEN rr.ok = 1 THEN 0 ELSE 1 END,
  CASE WHEN rr.ok = 1 THEN rr.n END, CASE WHEN rr.ok = 1 THEN rr.mean END,
  CASE WHEN rr.ok = 1 THEN %[3]s / rr.n END, CASE WHEN rr.ok = 1 THEN rr.rnk END,
  COALESCE(rc.cnt, 0),
  CASE WHEN rr.ok = 1 AND rc.cnt >= 2 AND rr.mean = rr.low THEN 1 ELSE 0 END
FROM departments dp CROSS JOIN mb
LEFT JOIN rr ON rr.dept = dp.id AND rr.i = mb.i
LEFT JOIN rc ON rc.i = mb.i
WHERE dp.id IN %[4]s
ORDER BY dp.sort_order, dp.id, mb.i`, d.float("SUM(score)"), k, d.float("rr.good"), idList(p.scope.agency))
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
	ok, err := s.Client.Department.Query().Where(department.ID(dept)).Exist(system(ctx))
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.NotFoundf("department", "部门不存在 / no department %d", dept)
	}
	d := s.sqlDialect()
	return s.Client.Rating.Query().Where(
		rating.TargetDepartmentID(dept),
		rating.AppealStatusNEQ(rating.AppealStatusVoided),
		createdIn(d, w.From, w.To),
	), nil
}

// createdIn is "from ≤ created_at < to" compared as instants (ent's own
// time predicates compare SQLite's stored text, right only for rows written
// as UTC text; see ep).
func createdIn(d dia, from, to time.Time) predicate.Rating {
	return predicate.Rating(func(s *entsql.Selector) {
		s.Where(entsql.ExprP(d.inWindow(s.C(rating.FieldCreatedAt), from, to)))
	})
}
