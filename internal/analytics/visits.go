package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"xiaoneng/ent"
)

// DepartmentVisits: a department's frontline visits (下沉服务) in the window.
type DepartmentVisits struct {
	DepartmentID int
	Department   *ent.Department
	// Done counts its visits confirmed by the visited unit with visitedAt
	// in the window (unconfirmed visits do not count).
	Done         int
	QuotaPerYear int
	// Quota is the yearly quota prorated to the window: quota × days / 365.
	Quota float64
	Rate  *float64 // Done / Quota; nil when the quota is 0
}

// Visits is visits(window, scope).
type Visits struct {
	Header
	Done        int
	Quota       float64
	Rate        *float64
	Departments []*DepartmentVisits
}

func (e engine) visits(ctx context.Context, p params) (*Visits, error) {
	d := e.d
	days := d.num(p.w.Days())
	head := fmt.Sprintf(`WITH vd AS (
  SELECT v.department_id AS dept, COUNT(*) AS n FROM service_visits v
  WHERE v.confirmed AND v.department_id IN %[1]s AND %[2]s
  GROUP BY v.department_id),
dv AS (
  SELECT dp.id, dp.sort_order, dp.visit_quota_per_year AS qy, dp.visit_quota_per_year * %[3]s / 365.0 AS q, COALESCE(vd.n, 0) AS n
  FROM departments dp LEFT JOIN vd ON vd.dept = dp.id WHERE dp.id IN %[1]s)`,
		idList(p.scope.agency), d.inWindow("v.visited_at", p.w.From, p.w.To), days)
	out := &Visits{}
	var rate sql.NullFloat64
	if err := one(ctx, e.q, head+`
SELECT COALESCE(SUM(n), 0), COALESCE(SUM(q), 0), CASE WHEN SUM(q) > 0 THEN SUM(n) / SUM(q) END FROM dv`,
		&out.Done, &out.Quota, &rate); err != nil {
		return nil, err
	}
	out.Rate = nullF(rate)
	err := each(ctx, e.q, head+`
SELECT id, n, qy, q, CASE WHEN q > 0 THEN n / q END FROM dv ORDER BY sort_order, id`, func(r *sql.Rows) error {
		var x DepartmentVisits
		var rt sql.NullFloat64
		if err := r.Scan(&x.DepartmentID, &x.Done, &x.QuotaPerYear, &x.Quota, &rt); err != nil {
			return err
		}
		x.Rate = nullF(rt)
		out.Departments = append(out.Departments, &x)
		return nil
	})
	return out, err
}

// Visits is visits(window, scope).
func (s *Service) Visits(ctx context.Context, req Request) (*Visits, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().visits(ctx, p)
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
