package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"xiaoneng/ent"
)

// DepartmentOnTime is a lead department's time-limited completion (限时办结).
type DepartmentOnTime struct {
	DepartmentID int
	Department   *ent.Department
	// Completed: its DONE tasks with completedAt in the window; OnTime:
	// those with completedAt ≤ dueAt; Rate = OnTime / Completed (nil
	// without any).
	Completed int
	OnTime    int
	Rate      *float64
	// Overdue: its tasks not DONE/CANCELLED with dueAt before now — a
	// snapshot at the time of the query, whatever the window.
	Overdue int
}

// OnTime is onTime(window, scope).
type OnTime struct {
	Header
	Completed, OnTime, Overdue int
	Rate                       *float64
	Departments                []*DepartmentOnTime
}

// doneCTE: the DONE tasks led by an agency department of the scope and
// completed in the window, with whether they met their deadline.
func (e engine) doneCTE(p params) string {
	d := e.d
	return fmt.Sprintf(`done AS (
  SELECT t.lead_department_id AS dept, %[1]s AS c, CASE WHEN %[1]s <= %[2]s THEN 1 ELSE 0 END AS ok
  FROM tasks t
  WHERE t.status = 'DONE' AND t.completed_at IS NOT NULL AND t.lead_department_id IN %[3]s AND %[4]s)`,
		d.ep("t.completed_at"), d.ep("t.due_at"), idList(p.scope.agency), d.inWindow("t.completed_at", p.w.From, p.w.To))
}

// overdueCTE: open tasks past their deadline now. The open statuses are
// listed (not "NOT IN (DONE, CANCELLED)") so that PostgreSQL reads them from
// the (status, due_at) index.
func (e engine) overdueCTE(p params) string {
	d := e.d
	exact := " AND " + d.ep("t.due_at") + " < " + d.num(epoch(p.now))
	if d.pg {
		exact = "" // the index comparison is exact there
	}
	return fmt.Sprintf(`late_open AS (
  SELECT t.lead_department_id AS dept FROM tasks t
  WHERE t.status IN ('NEW', 'ACCEPTED', 'IN_PROGRESS') AND t.lead_department_id IN %s AND %s%s)`,
		idList(p.scope.agency), d.before("t.due_at", p.now), exact)
}

// rateSQL is num / den as a float, NULL when den is 0 (both counts).
func rateSQL(d dia, num, den string) string {
	return "CASE WHEN " + den + " > 0 THEN " + d.float(num) + " / " + den + " END"
}

func (e engine) onTime(ctx context.Context, p params) (*OnTime, error) {
	d := e.d
	out := &OnTime{}
	// The scope's totals (grp 0) and each department's, in one statement;
	// the totals add up the departments' counts (every counted task's lead
	// is one of them), so the tasks are read once.
	q := "WITH " + e.doneCTE(p) + ",\n" + e.overdueCTE(p) + fmt.Sprintf(`,
dn AS (SELECT dept, COUNT(*) AS n, SUM(ok) AS ok FROM done GROUP BY dept),
od AS (SELECT dept, COUNT(*) AS n FROM late_open GROUP BY dept),
per AS (
  SELECT dp.id, dp.sort_order, COALESCE(dn.n, 0) AS n, COALESCE(dn.ok, 0) AS ok, COALESCE(od.n, 0) AS late
  FROM departments dp LEFT JOIN dn ON dn.dept = dp.id LEFT JOIN od ON od.dept = dp.id
  WHERE dp.id IN %[1]s)
SELECT 0 AS grp, 0 AS srt, 0 AS id, tot.n, tot.ok, %[2]s, tot.late FROM (
  SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n, CAST(COALESCE(SUM(ok), 0) AS BIGINT) AS ok,
    CAST(COALESCE(SUM(late), 0) AS BIGINT) AS late FROM per) tot
UNION ALL
SELECT 1, sort_order, id, n, ok, %[3]s, late FROM per
ORDER BY 1, 2, 3`, idList(p.scope.agency), rateSQL(d, "tot.ok", "tot.n"), rateSQL(d, "ok", "n"))
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var grp, srt int
		var x DepartmentOnTime
		var rt sql.NullFloat64
		if err := r.Scan(&grp, &srt, &x.DepartmentID, &x.Completed, &x.OnTime, &rt, &x.Overdue); err != nil {
			return err
		}
		x.Rate = nullF(rt)
		if grp == 0 {
			out.Completed, out.OnTime, out.Rate, out.Overdue = x.Completed, x.OnTime, x.Rate, x.Overdue
			return nil
		}
		out.Departments = append(out.Departments, &x)
		return nil
	})
	return out, err
}

// OnTime is onTime(window, scope).
func (s *Service) OnTime(ctx context.Context, req Request) (*OnTime, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().onTime(ctx, p)
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

// MonthlyOnTime is one month's on-time figures.
type MonthlyOnTime struct {
	Month     int // index into the series' months
	Completed int
	OnTime    int
	Rate      *float64
}

// DepartmentOnTimeSeries is a department's months.
type DepartmentOnTimeSeries struct {
	DepartmentID int
	Department   *ent.Department
	Months       []*MonthlyOnTime
}

// OnTimeSeries is onTimeSeries(window, scope): the on-time rate per
// calendar month (clipped to the window), overall and per lead department.
type OnTimeSeries struct {
	Header
	Months      []*Bucket
	Overall     []*MonthlyOnTime
	Departments []*DepartmentOnTimeSeries
}

func (e engine) onTimeSeries(ctx context.Context, p params) (*OnTimeSeries, error) {
	d := e.d
	out := &OnTimeSeries{Months: months(p.w, p.now)}
	head := "WITH " + e.doneCTE(p) + ", " + bucketCTE(d, "mb", out.Months) + `,
dm AS (SELECT mb.i, done.dept, done.ok FROM done JOIN mb ON done.c >= mb.lo AND done.c < mb.hi)`
	scan := func(r *sql.Rows, dept *int) (*MonthlyOnTime, error) {
		var m MonthlyOnTime
		var rt sql.NullFloat64
		dest := []any{&m.Month, &m.Completed, &m.OnTime, &rt}
		if dept != nil {
			dest = append([]any{dept}, dest...)
		}
		if err := r.Scan(dest...); err != nil {
			return nil, err
		}
		m.Rate = nullF(rt)
		return &m, nil
	}
	err := each(ctx, e.q, head+fmt.Sprintf(`,
agg AS (SELECT i, COUNT(*) AS n, SUM(ok) AS ok FROM dm GROUP BY i)
SELECT mb.i, COALESCE(agg.n, 0), COALESCE(agg.ok, 0), %s
FROM mb LEFT JOIN agg ON agg.i = mb.i ORDER BY mb.i`, rateSQL(d, "agg.ok", "agg.n")), func(r *sql.Rows) error {
		m, err := scan(r, nil)
		out.Overall = append(out.Overall, m)
		return err
	})
	if err != nil {
		return nil, err
	}
	var cur *DepartmentOnTimeSeries
	err = each(ctx, e.q, head+fmt.Sprintf(`,
agg AS (SELECT i, dept, COUNT(*) AS n, SUM(ok) AS ok FROM dm GROUP BY i, dept)
SELECT dp.id, mb.i, COALESCE(agg.n, 0), COALESCE(agg.ok, 0), %s
FROM departments dp CROSS JOIN mb LEFT JOIN agg ON agg.dept = dp.id AND agg.i = mb.i
WHERE dp.id IN %s
ORDER BY dp.sort_order, dp.id, mb.i`, rateSQL(d, "agg.ok", "agg.n"), idList(p.scope.agency)), func(r *sql.Rows) error {
		var dept int
		m, err := scan(r, &dept)
		if err != nil {
			return err
		}
		if cur == nil || cur.DepartmentID != dept {
			cur = &DepartmentOnTimeSeries{DepartmentID: dept}
			out.Departments = append(out.Departments, cur)
		}
		cur.Months = append(cur.Months, m)
		return nil
	})
	return out, err
}

// OnTimeSeries is onTimeSeries(window, scope).
func (s *Service) OnTimeSeries(ctx context.Context, req Request) (*OnTimeSeries, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().onTimeSeries(ctx, p)
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
