package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
)

// ——— the building blocks of every load figure ———
//
// Load (DESIGN.md "Metrics"): Σ over a staff member's assignments on tasks
// not CANCELLED of hours × overlap([startAt, dueAt), window) / length. The
// CTEs below compute it directly from tasks and assignments:
//
//	members  staff → the department they work for in the window
//	people   the staff population of the staff metrics
//	tw/tf    tasks overlapping the window, with the fraction of their span inside it
//	spread   per person: the hours of their assignments inside the window
//	         (all, on MEETING tasks, on LEDGER tasks)
//	staff_load  the same for every person of people (0 without tasks)
//
// The spread comes from the per-staff, per-week load rollup (rollup.go)
// whenever the window holds a whole day; the direct computation of
// tw/tf/spread stays the reference and the path of the weekly series.
// Nothing outside these builders reads tasks for load.

// membersCTE maps every staff member to the department they work for in
// the window: the serving department (借调) when their secondment overlaps
// the window, else their own department.
func (e engine) membersCTE(p params) string {
	d := e.d
	return fmt.Sprintf(`members AS (
  SELECT s.id AS staff_id,
    CASE WHEN s.seconded_to_id IS NOT NULL
          AND (s.secondment_from IS NULL OR %s < %s)
          AND (s.secondment_to IS NULL OR %s > %s)
         THEN s.seconded_to_id ELSE s.department_id END AS dept_id,
    s.active AS active, s.weekly_capacity_hours AS weekly
  FROM staff s)`,
		d.ep("s.secondment_from"), d.num(epoch(p.w.To)), d.ep("s.secondment_to"), d.num(epoch(p.w.From)))
}

// peopleCTE: the active staff working for an agency department of the scope,
// with their capacity in the window (weeklyCapacityHours × window weeks).
func (e engine) peopleCTE(p params) string {
	return fmt.Sprintf(`people AS (
  SELECT m.staff_id, m.dept_id, m.weekly, m.weekly * %s AS cap
  FROM members m WHERE m.active AND m.dept_id IN %s)`, e.d.num(p.w.Weeks()), idList(p.scope.agency))
}

// taskCTEs: tw holds the tasks not CANCELLED that may overlap the window
// (coarse, index-friendly filter), with their span in epoch seconds; tf adds
// the fraction of the span inside the window (0 when they do not overlap).
func (e engine) taskCTEs(p params) string { return e.taskCTEsWhere(p, "") }

// taskCTEsWhere is taskCTEs over the tasks that also satisfy cond (on t).
func (e engine) taskCTEsWhere(p params, cond string) string {
	d := e.d
	where := e.mayOverlap(p)
	if cond != "" {
		where += " AND " + cond
	}
	return fmt.Sprintf(`tw AS MATERIALIZED (
  SELECT t.id, t.kind, t.lead_department_id AS lead, %s AS s, %s AS e
  FROM tasks t
  WHERE %s),
tf AS (
  SELECT tw.id, tw.kind, tw.lead, tw.s, tw.e, %s AS frac FROM tw)`,
		d.ep("t.start_at"), d.ep("t.due_at"), where, e.windowFrac("tw.s", "tw.e", p))
}

// mayOverlap is the coarse filter on tasks t: not CANCELLED and possibly
// overlapping the window (exactness comes from windowFrac).
func (e engine) mayOverlap(p params) string {
	d := e.d
	return fmt.Sprintf("t.status <> 'CANCELLED' AND %s AND (%s OR %s)",
		d.before("t.start_at", p.w.To), d.notBefore("t.due_at", p.w.From), d.notBefore("t.start_at", p.w.From))
}

// windowFrac is the share of the span [s, e) inside the window.
func (e engine) windowFrac(s, end string, p params) string {
	return e.d.frac(s, end, e.d.num(epoch(p.w.From)), e.d.num(epoch(p.w.To)))
}

// loadCTEs is members, people, spread (from the load rollup, or directly:
// spreadCTEs in rollup.go) and staff_load (staff_id, dept_id, cap, load).
func (e engine) loadCTEs(p params) string { return e.loadCTEsOf(p, false) }

// kindCTEs is loadCTEs with the meeting and ledger hours in staff_load
// too (meeting_h, ledger_h), for the meeting share; the other figures
// leave them unsummed.
func (e engine) kindCTEs(p params) string { return e.loadCTEsOf(p, true) }

func (e engine) loadCTEsOf(p params, kinds bool) string {
	cols := ""
	if kinds {
		cols = ", COALESCE(sp.meeting_h, 0) AS meeting_h, COALESCE(sp.ledger_h, 0) AS ledger_h"
	}
	return "WITH " + e.membersCTE(p) + ",\n" + e.peopleCTE(p) + ",\n" + e.spreadCTEs(p, kinds) + `,
staff_load AS (
  SELECT p.staff_id, p.dept_id, p.cap, COALESCE(sp.h, 0) AS load` + cols + `
  FROM people p LEFT JOIN spread sp ON sp.staff_id = p.staff_id)
`
}

// flagSQL is the workload flag of a utilization expression (NULL: none).
func (e engine) flagSQL(u string, p params) string {
	return fmt.Sprintf("CASE WHEN %[1]s > %[2]s THEN 'OVERLOADED' WHEN %[1]s < %[3]s THEN 'IDLE' END",
		u, e.d.num(p.th.OverloadedAbove), e.d.num(p.th.IdleBelow))
}

// StaffWorkload is one person's load in the window.
type StaffWorkload struct {
	StaffID, DepartmentID int
	Staff                 *ent.Staff
	Department            *ent.Department
	Load                  float64
	Capacity              float64
	// Utilization is nil when the capacity is 0: such staff are left out
	// of the Gini coefficient, the top-20 % share and the flags.
	Utilization *float64
	Flag        *WorkloadFlag
}

// DepartmentWorkload sums a department's people.
type DepartmentWorkload struct {
	DepartmentID    int
	Department      *ent.Department
	StaffCount      int
	Load, Capacity  float64
	Utilization     *float64 // Σ load / Σ capacity; nil when Σ capacity is 0
	OverloadedCount int
	IdleCount       int
}

// Workload is workload(window, scope).
type Workload struct {
	Header
	Staff       []*StaffWorkload
	Departments []*DepartmentWorkload
}

// workload is the staff rows (highest utilization first) and the
// department rows (in department order) in one statement, one read of the
// load; the tests hold it to the single-purpose statements of
// statements_test.go.
func (e engine) workload(ctx context.Context, p params) ([]*StaffWorkload, []*DepartmentWorkload, error) {
	q := e.loadCTEs(p) + fmt.Sprintf(`, rows AS (
  SELECT staff_id, dept_id, load, cap, CASE WHEN cap > 0 THEN load / cap END AS u,
    CASE WHEN cap > 0 THEN %[1]s END AS flag
  FROM staff_load),
depts AS (
  SELECT dp.id, dp.sort_order, COUNT(sl.staff_id) AS n, COALESCE(SUM(sl.load), 0) AS load, COALESCE(SUM(sl.cap), 0) AS cap,
    CASE WHEN SUM(sl.cap) > 0 THEN SUM(sl.load) / SUM(sl.cap) END AS u,
    COALESCE(SUM(CASE WHEN sl.cap > 0 AND sl.load / sl.cap > %[2]s THEN 1 ELSE 0 END), 0) AS over,
    COALESCE(SUM(CASE WHEN sl.cap > 0 AND sl.load / sl.cap < %[3]s THEN 1 ELSE 0 END), 0) AS idle
  FROM departments dp LEFT JOIN staff_load sl ON sl.dept_id = dp.id
  WHERE dp.id IN %[4]s
  GROUP BY dp.id, dp.sort_order)
SELECT 0 AS grp, 0 AS srt, staff_id AS id, dept_id, load, cap, u, flag, 0 AS n, 0 AS over, 0 AS idle FROM rows
UNION ALL
SELECT 1, sort_order, id, id, load, cap, u, NULL, n, over, idle FROM depts`,
		e.flagSQL("load / cap", p), e.d.num(p.th.OverloadedAbove), e.d.num(p.th.IdleBelow), idList(p.scope.agency))
	var staff []*StaffWorkload
	var depts []*DepartmentWorkload
	srt := map[int]int{}
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var grp, so, id, dept, n, over, idle int
		var load, cp float64
		var u sql.NullFloat64
		var f sql.NullString
		if err := r.Scan(&grp, &so, &id, &dept, &load, &cp, &u, &f, &n, &over, &idle); err != nil {
			return err
		}
		if grp == 1 {
			srt[id] = so
			depts = append(depts, &DepartmentWorkload{DepartmentID: id, StaffCount: n, Load: load, Capacity: cp,
				Utilization: nullF(u), OverloadedCount: over, IdleCount: idle})
			return nil
		}
		x := &StaffWorkload{StaffID: id, DepartmentID: dept, Load: load, Capacity: cp, Utilization: nullF(u)}
		if f.Valid {
			fl := WorkloadFlag(f.String)
			x.Flag = &fl
		}
		staff = append(staff, x)
		return nil
	})
	// staffWorkloads' order: utilization descending (none last), load descending, id
	slices.SortStableFunc(staff, func(a, b *StaffWorkload) int {
		switch {
		case a.Utilization == nil && b.Utilization != nil:
			return 1
		case a.Utilization != nil && b.Utilization == nil:
			return -1
		case a.Utilization != nil && *a.Utilization != *b.Utilization:
			return cmp.Compare(*b.Utilization, *a.Utilization)
		case a.Load != b.Load:
			return cmp.Compare(b.Load, a.Load)
		}
		return cmp.Compare(a.StaffID, b.StaffID)
	})
	slices.SortStableFunc(depts, func(a, b *DepartmentWorkload) int {
		if c := cmp.Compare(srt[a.DepartmentID], srt[b.DepartmentID]); c != 0 {
			return c
		}
		return cmp.Compare(a.DepartmentID, b.DepartmentID)
	})
	return staff, depts, err
}

// Workload is workload(window, scope): every active staff member of the
// scope's agency departments and every such department.
func (s *Service) Workload(ctx context.Context, req Request) (*Workload, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Workload{Header: h}
	if out.Staff, out.Departments, err = s.eng().workload(ctx, p); err != nil {
		return nil, err
	}
	rf := p.newRefs(true)
	addStaffRefs(&rf, out.Staff)
	for _, d := range out.Departments {
		rf.dept(d.DepartmentID, &d.Department)
	}
	return out, rf.load(ctx, s.Client)
}

func addStaffRefs(rf *refs, xs []*StaffWorkload) {
	for _, x := range xs {
		rf.person(x.StaffID, &x.Staff)
		rf.dept(x.DepartmentID, &x.Department)
	}
}

// Imbalance is imbalance(window, scope) (忙闲不均).
type Imbalance struct {
	Header
	// Gini coefficient of utilization over the N staff with a capacity:
	// Σᵢ Σⱼ |uᵢ − uⱼ| / (2 n² ū), computed as 2 Σ i·u₍ᵢ₎ / (n Σu) − (n+1)/n
	// over the utilizations sorted ascending; 0 when ū = 0 or n = 0.
	Gini float64
	// Top20Share is the share of the total load carried by the ⌈0.2 n⌉ staff
	// with the highest load (TopCount of them); 0 when there is no load.
	Top20Share      float64
	N               int
	TopCount        int
	TotalLoad       float64
	OverloadedCount int
	IdleCount       int
	Overloaded      []*StaffWorkload
	Idle            []*StaffWorkload
}

type imbalanceFigures struct {
	n, top, over, idle int
	gini, top20, total float64
}

// figCTEs are u (utilization of the staff with a capacity), r (their
// ranks) and fig (the imbalance figures: n, top, over, idle, gini, top20,
// total), over staff_load.
func (e engine) figCTEs(p params) string {
	d := e.d
	return fmt.Sprintf(`u AS (
  SELECT staff_id, dept_id, load, cap, load / cap AS u FROM staff_load WHERE cap > 0),
r AS (
  SELECT load, u,
    ROW_NUMBER() OVER (ORDER BY u, staff_id) AS iu,
    ROW_NUMBER() OVER (ORDER BY load DESC, staff_id) AS il,
    COUNT(*) OVER () AS n
  FROM u),
fig AS (
  SELECT COUNT(*) AS n,
    COALESCE(MAX((n + 4) / 5), 0) AS top,
    COALESCE(SUM(CASE WHEN u > %[1]s THEN 1 ELSE 0 END), 0) AS over,
    COALESCE(SUM(CASE WHEN u < %[2]s THEN 1 ELSE 0 END), 0) AS idle,
    CASE WHEN COUNT(*) > 0 AND SUM(u) > 0 THEN %[3]s ELSE 0.0 END AS gini,
    CASE WHEN SUM(load) > 0 THEN SUM(CASE WHEN il <= (n + 4) / 5 THEN load ELSE 0 END) / SUM(load) ELSE 0.0 END AS top20,
    COALESCE(SUM(load), 0) AS total
  FROM r)`, d.num(p.th.OverloadedAbove), d.num(p.th.IdleBelow),
		d.greatest("0.0", "2.0 * SUM(iu * u) / ("+d.float("COUNT(*)")+" * SUM(u)) - ("+d.float("COUNT(*)")+" + 1.0) / "+d.float("COUNT(*)")))
}

// imbalanceFlagged is the imbalance figures and the flagged staff in one
// statement, one read of the load (the tests hold it to the single-purpose
// statements of statements_test.go): the figures come first, on a row of
// their own (grp 0), then the flagged staff (grp 1), each in as few
// columns as it needs.
func (e engine) imbalanceFlagged(ctx context.Context, p params) (imbalanceFigures, []*StaffWorkload, error) {
	d := e.d
	q := e.loadCTEs(p) + ", " + e.figCTEs(p) + fmt.Sprintf(`,
fl AS (
  SELECT staff_id, dept_id, load, cap, u, %[3]s AS flag FROM u WHERE u > %[1]s OR u < %[2]s)
SELECT 0 AS grp, n AS staff_id, top AS dept_id, over AS a, idle AS b, gini AS load, top20 AS cap, total AS u, NULL AS flag FROM fig
UNION ALL
SELECT 1, staff_id, dept_id, 0, 0, load, cap, u, flag FROM fl
ORDER BY 1, 8 DESC, 6 DESC, 2`, d.num(p.th.OverloadedAbove), d.num(p.th.IdleBelow),
		e.flagSQL("u", p))
	var f imbalanceFigures
	var out []*StaffWorkload
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var grp, id, dept, a, b int
		var load, cp, u float64
		var flag sql.NullString
		if err := r.Scan(&grp, &id, &dept, &a, &b, &load, &cp, &u, &flag); err != nil {
			return err
		}
		if grp == 0 {
			f = imbalanceFigures{n: id, top: dept, over: a, idle: b, gini: load, top20: cp, total: u}
			return nil
		}
		fl := WorkloadFlag(flag.String)
		out = append(out, &StaffWorkload{StaffID: id, DepartmentID: dept, Load: load,
			Capacity: cp, Utilization: &u, Flag: &fl})
		return nil
	})
	return f, out, err
}

// Imbalance computes the Gini coefficient and top-20 % share over the
// active staff of the scope's agency departments with a capacity, and
// lists the overloaded and the idle.
func (s *Service) Imbalance(ctx context.Context, req Request) (*Imbalance, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	return s.imbalanceFor(ctx, p, h)
}

// imbalanceFromFigures is the imbalance of figures f alone (empty staff lists).
func imbalanceFromFigures(f imbalanceFigures, h Header) *Imbalance {
	return &Imbalance{Header: h, Gini: f.gini, Top20Share: f.top20, N: f.n, TopCount: f.top,
		TotalLoad: f.total, OverloadedCount: f.over, IdleCount: f.idle,
		Overloaded: []*StaffWorkload{}, Idle: []*StaffWorkload{}}
}

func (s *Service) imbalanceFor(ctx context.Context, p params, h Header) (*Imbalance, error) {
	e := s.eng()
	f, flagged, err := e.imbalanceFlagged(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &Imbalance{Header: h, Gini: f.gini, Top20Share: f.top20, N: f.n, TopCount: f.top,
		TotalLoad: f.total, OverloadedCount: f.over, IdleCount: f.idle}
	out.Overloaded, out.Idle = []*StaffWorkload{}, []*StaffWorkload{}
	for _, x := range flagged {
		if *x.Flag == Overloaded {
			out.Overloaded = append(out.Overloaded, x)
		} else {
			out.Idle = append(out.Idle, x)
		}
	}
	slices.Reverse(out.Idle) // the most idle first
	rf := p.newRefs(false)   // the flagged are a fraction of the scope: read by id
	addStaffRefs(&rf, out.Overloaded)
	addStaffRefs(&rf, out.Idle)
	return out, rf.load(ctx, s.Client)
}

// ——— meeting and ledger share ———

// DepartmentMeetingShare: hours of MEETING and LEDGER tasks over all
// hours of a department's people, effort-spread in the window like load
// (TotalHours is the department's load in workload).
type DepartmentMeetingShare struct {
	DepartmentID int
	Department   *ent.Department
	MeetingHours float64
	LedgerHours  float64
	TotalHours   float64
	Share        *float64 // (meeting + ledger) / total; nil without hours
	MeetingShare *float64
	LedgerShare  *float64
}

// MeetingShare is meetingShare(window, scope).
type MeetingShare struct {
	Header
	MeetingHours, LedgerHours, TotalHours float64
	Share                                 *float64
	Departments                           []*DepartmentMeetingShare
}

func (e engine) meetingShare(ctx context.Context, p params) (*MeetingShare, error) {
	// The scope's totals (first row, id 0) and each department's, from one
	// staff_load (a CTE used twice is computed once).
	q := e.kindCTEs(p) + fmt.Sprintf(`
SELECT 0 AS grp, 0 AS srt, 0 AS id, %s FROM staff_load
UNION ALL
%s
ORDER BY 1, 2, 3`, meetingCols("SUM(meeting_h)", "SUM(ledger_h)", "SUM(load)"), meetingDeptRows(p, ""))
	out := &MeetingShare{}
	err := each(ctx, e.q, q, func(r *sql.Rows) error { return scanMeeting(r, out) })
	return out, err
}

// meetingCols are a group's meeting, ledger and total hours and the shares.
func meetingCols(m, l, t string) string {
	return fmt.Sprintf(`COALESCE(%[1]s, 0), COALESCE(%[2]s, 0), COALESCE(%[3]s, 0),
  CASE WHEN %[3]s > 0 THEN (%[1]s + %[2]s) / %[3]s END,
  CASE WHEN %[3]s > 0 THEN %[1]s / %[3]s END, CASE WHEN %[3]s > 0 THEN %[2]s / %[3]s END`, m, l, t)
}

// meetingDeptRows selects each department's meeting share row (grp 1),
// with extra (", NULL, …") appended to match a wider first row.
func meetingDeptRows(p params, extra string) string {
	return fmt.Sprintf(`SELECT 1, dp.sort_order, dp.id, %s%s
FROM departments dp LEFT JOIN staff_load sl ON sl.dept_id = dp.id
WHERE dp.id IN %s
GROUP BY dp.id, dp.sort_order`, meetingCols("SUM(sl.meeting_h)", "SUM(sl.ledger_h)", "SUM(sl.load)"), extra, idList(p.scope.agency))
}

// scanMeeting reads a meeting share row (grp, srt, id, hours, shares,
// then any dest) into out.
func scanMeeting(r *sql.Rows, out *MeetingShare, dest ...any) error {
	var grp, srt int
	var x DepartmentMeetingShare
	var a, b, c sql.NullFloat64
	if err := r.Scan(append([]any{&grp, &srt, &x.DepartmentID, &x.MeetingHours, &x.LedgerHours, &x.TotalHours, &a, &b, &c}, dest...)...); err != nil {
		return err
	}
	x.Share, x.MeetingShare, x.LedgerShare = nullF(a), nullF(b), nullF(c)
	if grp == 0 {
		out.MeetingHours, out.LedgerHours, out.TotalHours, out.Share = x.MeetingHours, x.LedgerHours, x.TotalHours, x.Share
		return nil
	}
	out.Departments = append(out.Departments, &x)
	return nil
}

// imbalanceAndMeeting is imbalance and meetingShare from one read of the
// load, for the cockpit, which shows both: the figures ride on the scope's
// row (the departments' rows carry NULLs there).
func (e engine) imbalanceAndMeeting(ctx context.Context, p params) (imbalanceFigures, *MeetingShare, error) {
	q := e.kindCTEs(p) + ", " + e.figCTEs(p) + fmt.Sprintf(`
SELECT 0 AS grp, 0 AS srt, 0 AS id, mt.*, fig.n, fig.top, fig.over, fig.idle, fig.gini, fig.top20, fig.total
FROM (SELECT %s FROM staff_load) mt CROSS JOIN fig
UNION ALL
%s
ORDER BY 1, 2, 3`, meetingCols("SUM(meeting_h)", "SUM(ledger_h)", "SUM(load)"),
		meetingDeptRows(p, ", NULL, NULL, NULL, NULL, NULL, NULL, NULL"))
	var f imbalanceFigures
	out := &MeetingShare{}
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var n, top, over, idle sql.NullInt64
		var gini, top20, total sql.NullFloat64
		if err := scanMeeting(r, out, &n, &top, &over, &idle, &gini, &top20, &total); err != nil {
			return err
		}
		if n.Valid {
			f = imbalanceFigures{n: int(n.Int64), top: int(top.Int64), over: int(over.Int64), idle: int(idle.Int64),
				gini: gini.Float64, top20: top20.Float64, total: total.Float64}
		}
		return nil
	})
	return f, out, err
}

// MeetingShare is meetingShare(window, scope).
func (s *Service) MeetingShare(ctx context.Context, req Request) (*MeetingShare, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().meetingShare(ctx, p)
	if err != nil {
		return nil, err
	}
	out.Header = h
	var rf refs
	for _, d := range out.Departments {
		rf.dept(d.DepartmentID, &d.Department)
	}
	return out, rf.load(ctx, s.Client)
}

// ——— weekly load (heatmaps) ———

// LoadCell is one week of a heatmap row: the load spread into the week
// (clipped to the window) and the capacity of that part of the week.
type LoadCell struct {
	Week        int
	Load        float64
	Capacity    float64
	Utilization *float64
}

// LoadSeriesRow is a department's or a person's weeks.
type LoadSeriesRow struct {
	DepartmentID, StaffID int
	Department            *ent.Department
	Staff                 *ent.Staff // nil for a department row
	Cells                 []*LoadCell
}

// LoadSeries is loadSeries(window, scope, level).
type LoadSeries struct {
	Header
	Weeks []*Bucket
	Rows  []*LoadSeriesRow
}

// weekCTEs adds wb (the week buckets), sw (hours per person and week) and
// cells (per person and week, with capacity) to the load CTEs.
func (e engine) weekCTEs(p params, weeks []*Bucket) string {
	d := e.d
	// the week cells read tf: the direct spread
	return e.directly().loadCTEs(p) + ", " + bucketCTE(d, "wb", weeks) + fmt.Sprintf(`,
sw AS (
  SELECT a.staff_id, wb.i, SUM(a.hours * %s) AS h
  FROM tf JOIN task_assignments a ON a.task_id = tf.id
  JOIN wb ON (tf.e > tf.s AND tf.s < wb.hi AND tf.e > wb.lo) OR (tf.e <= tf.s AND tf.s >= wb.lo AND tf.s < wb.hi)
  WHERE tf.frac > 0
  GROUP BY a.staff_id, wb.i),
cells AS (
  SELECT p.staff_id, p.dept_id, wb.i, COALESCE(sw.h, 0) AS load, p.weekly * (wb.hi - wb.lo) / 604800.0 AS cap
  FROM people p CROSS JOIN wb LEFT JOIN sw ON sw.staff_id = p.staff_id AND sw.i = wb.i)
`, d.frac("tf.s", "tf.e", "wb.lo", "wb.hi"))
}

func (e engine) loadSeries(ctx context.Context, p params, level SeriesLevel) (*LoadSeries, error) {
	out := &LoadSeries{Weeks: isoWeeks(p.w)}
	var q string
	if level == LevelStaff {
		q = e.weekCTEs(p, out.Weeks) + `
SELECT c.dept_id, c.staff_id, c.i, c.load, c.cap, CASE WHEN c.cap > 0 THEN c.load / c.cap END
FROM cells c JOIN departments dp ON dp.id = c.dept_id
ORDER BY dp.sort_order, c.dept_id, c.staff_id, c.i`
	} else {
		q = e.weekCTEs(p, out.Weeks) + fmt.Sprintf(`
SELECT dp.id, 0, wb.i, COALESCE(SUM(c.load), 0), COALESCE(SUM(c.cap), 0),
  CASE WHEN SUM(c.cap) > 0 THEN SUM(c.load) / SUM(c.cap) END
FROM departments dp CROSS JOIN wb LEFT JOIN cells c ON c.dept_id = dp.id AND c.i = wb.i
WHERE dp.id IN %s
GROUP BY dp.id, dp.sort_order, wb.i
ORDER BY dp.sort_order, dp.id, wb.i`, idList(p.scope.agency))
	}
	var cur *LoadSeriesRow
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var dept, st int
		var c LoadCell
		var u sql.NullFloat64
		if err := r.Scan(&dept, &st, &c.Week, &c.Load, &c.Capacity, &u); err != nil {
			return err
		}
		c.Utilization = nullF(u)
		if cur == nil || cur.DepartmentID != dept || cur.StaffID != st {
			cur = &LoadSeriesRow{DepartmentID: dept, StaffID: st}
			out.Rows = append(out.Rows, cur)
		}
		cur.Cells = append(cur.Cells, &c)
		return nil
	})
	return out, err
}

// LoadSeries is loadSeries(window, scope, level): load per department (or
// per person) and ISO week, for the heatmaps.
func (s *Service) LoadSeries(ctx context.Context, req Request, level SeriesLevel) (*LoadSeries, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().loadSeries(ctx, p, level)
	if err != nil {
		return nil, err
	}
	out.Header = h
	rf := p.newRefs(level == LevelStaff)
	for _, r := range out.Rows {
		rf.dept(r.DepartmentID, &r.Department)
		rf.person(r.StaffID, &r.Staff)
	}
	return out, rf.load(ctx, s.Client)
}

// ——— drill-down: one person's tasks ———

// TaskLoad is one task of a person's load: the assignment's hours and the
// part of them spread into the window.
type TaskLoad struct {
	TaskID      int
	Task        *ent.Task // nil when the viewer may not read the task (its hours still count)
	Kind        task.Kind
	Hours       float64
	SpreadHours float64
}

// StaffLoad is staffLoad(staff, window).
type StaffLoad struct {
	Window       *Window
	StaffID      int
	DepartmentID int
	Staff        *ent.Staff
	Department   *ent.Department
	Load         float64
	Capacity     float64
	Utilization  *float64
	Flag         *WorkloadFlag
	Tasks        []*TaskLoad
}

func (e engine) staffLoad(ctx context.Context, p params, staffID int) (*StaffLoad, error) {
	out := &StaffLoad{StaffID: staffID}
	// Starts from the person's assignments: no need to look at every task
	// of the window.
	spread := fmt.Sprintf(`ms AS (
  SELECT a.task_id, t.kind, a.hours, %[1]s AS s, %[2]s AS e
  FROM task_assignments a JOIN tasks t ON t.id = a.task_id
  WHERE a.staff_id = %[3]d AND %[4]s),
mf AS (SELECT ms.task_id, ms.kind, ms.hours, %[5]s AS frac FROM ms),
mine AS (SELECT task_id, kind, hours, hours * frac AS h FROM mf WHERE frac > 0)`,
		e.d.ep("t.start_at"), e.d.ep("t.due_at"), staffID, e.mayOverlap(p), e.windowFrac("ms.s", "ms.e", p))
	head := "WITH " + e.membersCTE(p) + ",\n" + spread
	q := head + fmt.Sprintf(`
SELECT m.dept_id, m.weekly * %[1]s, l.load,
  CASE WHEN m.weekly > 0 THEN l.load / (m.weekly * %[1]s) END,
  CASE WHEN m.weekly > 0 THEN %[2]s END
FROM members m CROSS JOIN (SELECT COALESCE(SUM(h), 0) AS load FROM mine) l
WHERE m.staff_id = %[3]d`, e.d.num(p.w.Weeks()), e.flagSQL("l.load / (m.weekly * "+e.d.num(p.w.Weeks())+")", p), staffID)
	var u sql.NullFloat64
	var f sql.NullString
	found := false
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		found = true
		return r.Scan(&out.DepartmentID, &out.Capacity, &out.Load, &u, &f)
	})
	if err != nil || !found {
		return nil, err
	}
	out.Utilization = nullF(u)
	if f.Valid {
		fl := WorkloadFlag(f.String)
		out.Flag = &fl
	}
	err = each(ctx, e.q, head+"\nSELECT task_id, kind, hours, h FROM mine ORDER BY h DESC, task_id", func(r *sql.Rows) error {
		var t TaskLoad
		var kind string
		if err := r.Scan(&t.TaskID, &kind, &t.Hours, &t.SpreadHours); err != nil {
			return err
		}
		t.Kind = task.Kind(strings.TrimSpace(kind))
		out.Tasks = append(out.Tasks, &t)
		return nil
	})
	return out, err
}

// StaffLoad is staffLoad(staff, window): a person's load in the window and
// the tasks it comes from, largest first. The person's department (the one
// they work for in the window) must lie in the viewer's subtree.
func (s *Service) StaffLoad(ctx context.Context, staffID int, window *WindowInput) (*StaffLoad, error) {
	v, err := authorizeViewer(ctx)
	if err != nil {
		return nil, err
	}
	w, err := s.window(window)
	if err != nil {
		return nil, err
	}
	p := params{w: w, th: s.Thresholds(ctx), now: s.now()}
	out, err := s.eng().staffLoad(ctx, p, staffID)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, apperr.NotFoundf("staff", "人员不存在 / no staff member %d", staffID)
	}
	if !v.InSubtree(out.DepartmentID) {
		return nil, apperr.Forbiddenf("该人员不在您的权限范围内 / the staff member is outside your subtree")
	}
	out.Window = &w
	var rf refs
	rf.person(out.StaffID, &out.Staff)
	rf.dept(out.DepartmentID, &out.Department)
	if err := rf.load(ctx, s.Client); err != nil {
		return nil, err
	}
	ids := make([]int, len(out.Tasks))
	byID := map[int]*TaskLoad{}
	for i, t := range out.Tasks {
		ids[i] = t.TaskID
		byID[t.TaskID] = t
	}
	ts, err := visibleTasks(ctx, s.Client, ids)
	for _, t := range ts {
		byID[t.ID].Task = t
	}
	if out.Tasks == nil {
		out.Tasks = []*TaskLoad{}
	}
	return out, err
}
