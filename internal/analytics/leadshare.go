package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"xiaoneng/ent"
)

// DepartmentLeadShare is a lead department's mean lead share (牵头不干 /
// 牵头全干) over its tasks in the window that have at least one
// co-department holding hours.
type DepartmentLeadShare struct {
	DepartmentID int
	Department   *ent.Department
	// TaskCount is the number of such tasks; LeadShare the mean over them
	// of (hours of the lead department's staff) / (the task's hours).
	TaskCount int
	LeadShare float64
	// LeadHours and TaskHours sum the tasks' hours (for context, not the mean).
	LeadHours float64
	TaskHours float64
	Flag      *LeadShareFlag
}

// LeadShareReport is leadShare(window, scope).
type LeadShareReport struct {
	Header
	Departments []*DepartmentLeadShare
}

// leadShare: a task is in the window when its span [startAt, dueAt)
// overlaps the window (a task with dueAt ≤ startAt: when startAt falls in
// it); CANCELLED tasks are left out, as from load. A task's hours are the
// full hours of all its assignments (a ratio, so no spreading); the lead
// department's hours are those of assignees working for it in the window, a
// co-department's those of assignees working for one of the task's
// co-departments (other than the lead). The rows are the scope's lead
// departments (any kind) with at least one such task, lowest share first.
func (e engine) leadShare(ctx context.Context, p params) ([]*DepartmentLeadShare, error) {
	d := e.d
	// Only tasks with a co-department can qualify (co_h > 0): reading just
	// those keeps the scan to a few per cent of the window's tasks — by
	// their stored count, through its partial index (the direct engine, the
	// reference, looks for their links).
	hasCo := "t.co_department_count > 0"
	if e.direct {
		hasCo = "EXISTS (SELECT 1 FROM task_co_departments c0 WHERE c0.task_id = t.id)"
	}
	q := "WITH " + e.membersCTE(p) + ",\n" + e.taskCTEsWhere(p, hasCo) + fmt.Sprintf(`,
th AS (
  SELECT tf.id, tf.lead,
    SUM(a.hours) AS total,
    SUM(CASE WHEN m.dept_id = tf.lead THEN a.hours ELSE 0 END) AS lead_h,
    SUM(CASE WHEN c.department_id IS NOT NULL AND m.dept_id <> tf.lead THEN a.hours ELSE 0 END) AS co_h
  FROM tf
  JOIN task_assignments a ON a.task_id = tf.id
  JOIN members m ON m.staff_id = a.staff_id
  LEFT JOIN task_co_departments c ON c.task_id = tf.id AND c.department_id = m.dept_id
  WHERE tf.frac > 0 AND tf.lead IN %[1]s
  GROUP BY tf.id, tf.lead),
ls AS (
  SELECT lead, COUNT(*) AS n, AVG(lead_h / total) AS share, SUM(lead_h) AS lead_h, SUM(total) AS total
  FROM th WHERE co_h > 0
  GROUP BY lead)
SELECT lead, n, share, lead_h, total,
  CASE WHEN share < %[2]s THEN 'LEADS_WITHOUT_DOING' WHEN share > %[3]s THEN 'DOES_IT_ALL' END
FROM ls ORDER BY share, lead`, idList(p.scope.ids), d.num(p.th.LeadsWithoutDoingBelow), d.num(p.th.DoesItAllAbove))
	var out []*DepartmentLeadShare
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var x DepartmentLeadShare
		var f sql.NullString
		if err := r.Scan(&x.DepartmentID, &x.TaskCount, &x.LeadShare, &x.LeadHours, &x.TaskHours, &f); err != nil {
			return err
		}
		if f.Valid {
			fl := LeadShareFlag(f.String)
			x.Flag = &fl
		}
		out = append(out, &x)
		return nil
	})
	return out, err
}

// LeadShare is leadShare(window, scope).
func (s *Service) LeadShare(ctx context.Context, req Request) (*LeadShareReport, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	rows, err := s.eng().leadShare(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &LeadShareReport{Header: h, Departments: rows}
	var rf refs
	for _, x := range rows {
		rf.dept(x.DepartmentID, &x.Department)
	}
	return out, rf.load(ctx, s.Client)
}
