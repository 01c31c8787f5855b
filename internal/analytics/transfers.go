package analytics

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
)

// DepartmentBuckPassing: a department's transfers (推诿) in the window.
type DepartmentBuckPassing struct {
	DepartmentID int
	Department   *ent.Department
	// TransfersOut/In count TRANSFERRED events from/to the department.
	TransfersOut int
	TransfersIn  int
	// PingPongs and LateTransfers count its transfers out that were
	// ping-pongs (to a department that already held the task) or late
	// (after the first-handler day).
	PingPongs     int
	LateTransfers int
	// AcceptedCount tasks it leads were first accepted in the window;
	// MedianHoursToAccept is the median of their hours from creation to
	// that first ACCEPTED event (nil without any).
	AcceptedCount       int
	MedianHoursToAccept *float64
}

// TransferPair counts the transfers from one department to another (flow chart).
type TransferPair struct {
	FromID, ToID  int
	From, To      *ent.Department
	Count         int
	PingPongs     int
	LateTransfers int
}

// BuckPassing is buckPassing(window, scope).
type BuckPassing struct {
	Header
	// Transfers, PingPongs and LateTransfers count the TRANSFERRED events
	// in the window from or to a department of the scope.
	Transfers     int
	PingPongs     int
	LateTransfers int
	Departments   []*DepartmentBuckPassing
	Pairs         []*TransferPair
}

// transfersCTE: TRANSFERRED events in the window touching the scope.
func (e engine) transfersCTE(p params) string {
	sc := idList(p.scope.ids)
	return fmt.Sprintf(`xf AS (
  SELECT e.task_id, e.from_department_id AS f, e.to_department_id AS t,
    CASE WHEN e.ping_pong THEN 1 ELSE 0 END AS pp, CASE WHEN e.late THEN 1 ELSE 0 END AS late
  FROM task_events e
  WHERE e.type = 'TRANSFERRED' AND %s
    AND (e.from_department_id IN %s OR e.to_department_id IN %s))`, e.d.inWindow("e.at", p.w.From, p.w.To), sc, sc)
}

func (e engine) buckPassing(ctx context.Context, p params) (*BuckPassing, error) {
	d := e.d
	out := &BuckPassing{}
	head := "WITH " + e.transfersCTE(p)
	if err := e.transferTotals(ctx, p, out); err != nil {
		return nil, err
	}
	// The first acceptance of each task is kept on the task
	// (first_accepted_at, internal/rollup): the tasks first accepted in the
	// window, read index-only by (first_accepted_at) on PostgreSQL.
	q := head + fmt.Sprintf(`,
ah AS (
  SELECT t.lead_department_id AS dept, (%[1]s - %[2]s) / 3600.0 AS h
  FROM tasks t
  WHERE %[3]s AND t.lead_department_id IN %[4]s),
ar AS (
  SELECT dept, h, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY h) AS rn, COUNT(*) OVER (PARTITION BY dept) AS c FROM ah),
med AS (
  SELECT dept, MAX(c) AS c, AVG(h) AS h FROM ar WHERE rn = (c + 1) / 2 OR rn = (c + 2) / 2 GROUP BY dept),
xo AS (SELECT f AS dept, COUNT(*) AS n, SUM(pp) AS pp, SUM(late) AS late FROM xf GROUP BY f),
xi AS (SELECT t AS dept, COUNT(*) AS n FROM xf GROUP BY t)
SELECT dp.id, COALESCE(xo.n, 0), COALESCE(xi.n, 0), COALESCE(xo.pp, 0), COALESCE(xo.late, 0), COALESCE(med.c, 0), med.h
FROM departments dp
LEFT JOIN xo ON xo.dept = dp.id LEFT JOIN xi ON xi.dept = dp.id LEFT JOIN med ON med.dept = dp.id
WHERE dp.id IN %[5]s
ORDER BY dp.sort_order, dp.id`, d.ep("t.first_accepted_at"), d.ep("t.created_at"),
		d.inWindow("t.first_accepted_at", p.w.From, p.w.To), idList(p.scope.ids), idList(p.scope.agency))
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var x DepartmentBuckPassing
		var m sql.NullFloat64
		if err := r.Scan(&x.DepartmentID, &x.TransfersOut, &x.TransfersIn, &x.PingPongs, &x.LateTransfers, &x.AcceptedCount, &m); err != nil {
			return err
		}
		x.MedianHoursToAccept = nullF(m)
		out.Departments = append(out.Departments, &x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, e.transferPairs(ctx, p, out)
}

// transferTotals sets the window's transfer counts.
func (e engine) transferTotals(ctx context.Context, p params, out *BuckPassing) error {
	return one(ctx, e.q, "WITH "+e.transfersCTE(p)+`
SELECT COUNT(*), COALESCE(SUM(pp), 0), COALESCE(SUM(late), 0) FROM xf`,
		&out.Transfers, &out.PingPongs, &out.LateTransfers)
}

// transferPairs sets the transfers per department pair, most first.
func (e engine) transferPairs(ctx context.Context, p params, out *BuckPassing) error {
	return each(ctx, e.q, "WITH "+e.transfersCTE(p)+`
SELECT f, t, COUNT(*), SUM(pp), SUM(late) FROM xf
WHERE f IS NOT NULL AND t IS NOT NULL
GROUP BY f, t ORDER BY COUNT(*) DESC, f, t`, func(r *sql.Rows) error {
		var x TransferPair
		if err := r.Scan(&x.FromID, &x.ToID, &x.Count, &x.PingPongs, &x.LateTransfers); err != nil {
			return err
		}
		out.Pairs = append(out.Pairs, &x)
		return nil
	})
}

// BuckPassing is buckPassing(window, scope).
func (s *Service) BuckPassing(ctx context.Context, req Request) (*BuckPassing, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	out, err := s.eng().buckPassing(ctx, p)
	if err != nil {
		return nil, err
	}
	out.Header = h
	var rf refs
	for _, x := range out.Departments {
		rf.dept(x.DepartmentID, &x.Department)
	}
	addPairRefs(&rf, out.Pairs)
	return out, rf.load(ctx, s.Client)
}

func addPairRefs(rf *refs, ps []*TransferPair) {
	for _, x := range ps {
		rf.dept(x.FromID, &x.From)
		rf.dept(x.ToID, &x.To)
	}
}

// ——— drill-down: which tasks ping-ponged ———

// TransferStep is one transfer of a task's chain.
type TransferStep struct {
	FromID, ToID int
	From, To     *ent.Department
	At           time.Time
	Reason       string
	PingPong     bool
	Late         bool
}

// PingPongTask is a task with ping-pong transfers in the window, and its
// whole transfer chain.
type PingPongTask struct {
	TaskID    int
	Task      *ent.Task // nil when the viewer may not read the task
	PingPongs int       // in the window
	Transfers []*TransferStep
}

// MaxPingPongTasks caps pingPongTasks(first).
const MaxPingPongTasks = 100

func (e engine) pingPongTaskIDs(ctx context.Context, p params, limit int) ([]int, []int, error) {
	q := "WITH " + e.transfersCTE(p) + fmt.Sprintf(`,
pt AS (
  SELECT xf.task_id, COUNT(*) AS n FROM xf WHERE xf.pp = 1 GROUP BY xf.task_id)
SELECT task_id, n FROM pt ORDER BY n DESC, task_id DESC LIMIT %d`, limit)
	var ids, ns []int
	err := each(ctx, e.q, q, func(r *sql.Rows) error {
		var id, n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		ids, ns = append(ids, id), append(ns, n)
		return nil
	})
	return ids, ns, err
}

// PingPongTasks lists the tasks with the most ping-pong transfers in the
// window (from or to a department of the scope), with their transfer chains.
func (s *Service) PingPongTasks(ctx context.Context, req Request, first *int) ([]*PingPongTask, error) {
	limit := 20
	if first != nil {
		if *first < 0 || *first > MaxPingPongTasks {
			return nil, apperr.BadInput("first", "须在 0 到 %d 之间 / must be between 0 and %d", MaxPingPongTasks, MaxPingPongTasks)
		}
		limit = *first
	}
	p, _, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	ids, ns, err := s.eng().pingPongTaskIDs(ctx, p, limit)
	if err != nil || len(ids) == 0 {
		return []*PingPongTask{}, err
	}
	out := make([]*PingPongTask, len(ids))
	byID := map[int]*PingPongTask{}
	for i, id := range ids {
		out[i] = &PingPongTask{TaskID: id, PingPongs: ns[i]}
		byID[id] = out[i]
	}
	evs, err := s.Client.TaskEvent.Query().
		Where(taskevent.TaskIDIn(ids...), taskevent.TypeEQ(taskevent.TypeTransferred)).
		All(rule.System(ctx))
	if err != nil {
		return nil, err
	}
	// In time order (sorted here: SQLite's stored text does not sort
	// chronologically across time zones).
	slices.SortFunc(evs, func(a, b *ent.TaskEvent) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	var rf refs
	for _, ev := range evs {
		st := &TransferStep{At: ev.At, Reason: ev.Reason, PingPong: ev.PingPong, Late: ev.Late}
		if ev.FromDepartmentID != nil {
			st.FromID = *ev.FromDepartmentID
		}
		if ev.ToDepartmentID != nil {
			st.ToID = *ev.ToDepartmentID
		}
		rf.dept(st.FromID, &st.From)
		rf.dept(st.ToID, &st.To)
		byID[ev.TaskID].Transfers = append(byID[ev.TaskID].Transfers, st)
	}
	if err := rf.load(ctx, s.Client); err != nil {
		return nil, err
	}
	ts, err := visibleTasks(ctx, s.Client, ids)
	for _, t := range ts {
		byID[t.ID].Task = t
	}
	return out, err
}

// visibleTasks loads the tasks the viewer may read (ent privacy); the
// others, or all when the viewer's token lacks read:tasks, stay nil.
func visibleTasks(ctx context.Context, client *ent.Client, ids []int) ([]*ent.Task, error) {
	if len(ids) == 0 || auth.FromContext(ctx) == nil {
		return nil, nil
	}
	ts, err := client.Task.Query().Where(task.IDIn(ids...)).All(ctx)
	if errors.Is(err, privacy.Deny) {
		return nil, nil
	}
	return ts, err
}
