package analytics

import (
	"context"
	"database/sql"
	"fmt"
)

// The single-purpose statements that the combined ones the product runs
// (workload, imbalanceFlagged) are checked against, and that the
// hand-worked and property tests read figure by figure.

// flaggedOnly asks staffWorkloads for the overloaded and the idle.
const flaggedOnly WorkloadFlag = "flagged"

// staffWorkloads returns the people of the scope, highest utilization
// first; flag filters to one flag, or to both with flaggedOnly.
func (e engine) staffWorkloads(ctx context.Context, p params, flag WorkloadFlag) ([]*StaffWorkload, error) {
	where := ""
	switch flag {
	case Overloaded, Idle:
		where = "WHERE flag = '" + string(flag) + "'"
	case flaggedOnly:
		where = "WHERE flag IS NOT NULL"
	}
	q := e.loadCTEs(p) + fmt.Sprintf(`, rows AS (
  SELECT staff_id, dept_id, load, cap, CASE WHEN cap > 0 THEN load / cap END AS u,
    CASE WHEN cap > 0 THEN %s END AS flag
  FROM staff_load)
SELECT staff_id, dept_id, load, cap, u, flag FROM rows %s
ORDER BY u DESC NULLS LAST, load DESC, staff_id`, e.flagSQL("load / cap", p), where)
	var out []*StaffWorkload
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var s StaffWorkload
		var u sql.NullFloat64
		var f sql.NullString
		if err := r.Scan(&s.StaffID, &s.DepartmentID, &s.Load, &s.Capacity, &u, &f); err != nil {
			return err
		}
		s.Utilization = nullF(u)
		if f.Valid {
			fl := WorkloadFlag(f.String)
			s.Flag = &fl
		}
		out = append(out, &s)
		return nil
	})
	return out, err
}

func (e engine) departmentWorkloads(ctx context.Context, p params) ([]*DepartmentWorkload, error) {
	q := e.loadCTEs(p) + fmt.Sprintf(`
SELECT dp.id, COUNT(sl.staff_id), COALESCE(SUM(sl.load), 0), COALESCE(SUM(sl.cap), 0),
  CASE WHEN SUM(sl.cap) > 0 THEN SUM(sl.load) / SUM(sl.cap) END,
  COALESCE(SUM(CASE WHEN sl.cap > 0 AND sl.load / sl.cap > %s THEN 1 ELSE 0 END), 0),
  COALESCE(SUM(CASE WHEN sl.cap > 0 AND sl.load / sl.cap < %s THEN 1 ELSE 0 END), 0)
FROM departments dp LEFT JOIN staff_load sl ON sl.dept_id = dp.id
WHERE dp.id IN %s
GROUP BY dp.id, dp.sort_order
ORDER BY dp.sort_order, dp.id`, e.d.num(p.th.OverloadedAbove), e.d.num(p.th.IdleBelow), idList(p.scope.agency))
	var out []*DepartmentWorkload
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var x DepartmentWorkload
		var u sql.NullFloat64
		if err := r.Scan(&x.DepartmentID, &x.StaffCount, &x.Load, &x.Capacity, &u, &x.OverloadedCount, &x.IdleCount); err != nil {
			return err
		}
		x.Utilization = nullF(u)
		out = append(out, &x)
		return nil
	})
	return out, err
}

func (e engine) imbalance(ctx context.Context, p params) (imbalanceFigures, error) {
	q := e.loadCTEs(p) + ", " + e.figCTEs(p) + `
SELECT n, top, over, idle, gini, top20, total FROM fig`
	var f imbalanceFigures
	err := one(ctx, e.q, q, &f.n, &f.top, &f.over, &f.idle, &f.gini, &f.top20, &f.total)
	return f, err
}
