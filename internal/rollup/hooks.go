package rollup

import (
	"context"
	"fmt"
	"slices"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/staffweekload"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskassignment"
)

type deferredKey struct{}

// Deferred returns ctx under which the hooks leave the rollup alone: for
// bulk writers that call Rebuild when they are done.
func Deferred(ctx context.Context) context.Context {
	return context.WithValue(ctx, deferredKey{}, true)
}

func isDeferred(ctx context.Context) bool {
	v, _ := ctx.Value(deferredKey{}).(bool)
	return v
}

// TaskHook keeps the rollup current across Task mutations that can move
// load: dates, kind or status changed (to or from CANCELLED), assignments
// moved onto or off a task through its edge, a task deleted.
func TaskHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			tm, ok := m.(*ent.TaskMutation)
			if !ok || isDeferred(ctx) || !taskMovesLoad(tm) {
				return next.Mutate(ctx, m)
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			c := tm.Client()
			var ids []int
			switch {
			case tm.Op().Is(ent.OpCreate):
			case tm.Op().Is(ent.OpUpdateOne) || tm.Op().Is(ent.OpDeleteOne):
				if id, ok := tm.ID(); ok {
					ids = append(ids, id)
				}
			default:
				var err error
				if ids, err = tm.IDs(sys); err != nil {
					return nil, err
				}
			}
			if moved := append(tm.AssignmentsIDs(), tm.RemovedAssignmentsIDs()...); len(moved) > 0 {
				held, err := tasksOfAssignments(sys, c, moved)
				if err != nil {
					return nil, err
				}
				ids = append(ids, held...)
			}
			u := &update{c: c}
			// A change of status between states that all count (NEW …
			// DONE) moves no load: skip the assignments then.
			predict := func(r taskRow) taskRow {
				if s, ok := tm.Status(); ok {
					r.Status = string(s)
				}
				if k, ok := tm.Kind(); ok {
					r.Kind = string(k)
				}
				if s, ok := tm.StartAt(); ok {
					r.StartAt = s
				}
				if d, ok := tm.DueAt(); ok {
					r.DueAt = d
				}
				return r
			}
			if !tm.Op().Is(ent.OpUpdate) && !tm.Op().Is(ent.OpUpdateOne) || len(tm.AssignmentsIDs())+len(tm.RemovedAssignmentsIDs()) > 0 {
				predict = nil
			}
			same, err := u.before(sys, ids, predict)
			if err != nil {
				return nil, err
			}
			if same {
				return next.Mutate(ctx, m)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			if t, ok := v.(*ent.Task); ok && tm.Op().Is(ent.OpCreate) {
				ids = append(ids, t.ID)
			}
			if err := u.after(sys, ids); err != nil {
				return nil, err
			}
			return v, nil
		})
	}
}

func taskMovesLoad(m *ent.TaskMutation) bool {
	if len(m.AssignmentsIDs()) > 0 || len(m.RemovedAssignmentsIDs()) > 0 || m.AssignmentsCleared() {
		return true
	}
	switch {
	case m.Op().Is(ent.OpCreate):
		return false
	case m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne):
		return true
	}
	for _, f := range m.Fields() {
		switch f {
		case task.FieldStartAt, task.FieldDueAt, task.FieldStatus, task.FieldKind:
			return true
		}
	}
	return false
}

// AssignmentHook keeps the rollup current across TaskAssignment mutations
// that can move load: created, deleted, hours, staff or task changed
// (actual hours move none).
//
// It works per assignment row, not per task: ent runs the hooks of a
// CreateBulk nested around one batch INSERT, so each hook must add only its
// own row. A created row is found by its (task, staff) pair, which is
// unique; an upsert that hits an existing pair replaces that row's share.
func AssignmentHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			am, ok := m.(*ent.TaskAssignmentMutation)
			if !ok || isDeferred(ctx) || !assignmentMovesLoad(am) {
				return next.Mutate(ctx, m)
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			u := &update{c: am.Client()}
			var sel func(*entsql.Selector)
			if am.Op().Is(ent.OpCreate) {
				t, ok1 := am.TaskID()
				s, ok2 := am.StaffID()
				if !ok1 || !ok2 {
					return next.Mutate(ctx, m) // ent refuses it: both are required
				}
				sel = taskassignment.And(taskassignment.TaskID(t), taskassignment.StaffID(s))
			} else {
				var ids []int
				if id, ok := am.ID(); ok && (am.Op().Is(ent.OpUpdateOne) || am.Op().Is(ent.OpDeleteOne)) {
					ids = []int{id}
				} else {
					var err error
					if ids, err = am.IDs(sys); err != nil {
						return nil, err
					}
				}
				if len(ids) == 0 {
					return next.Mutate(ctx, m)
				}
				sel = taskassignment.IDIn(ids...)
			}
			// Lock the tasks first, then read the rows: a concurrent change
			// committed while we waited for the lock is then seen.
			var want []int
			if t, ok := am.TaskID(); ok {
				want = append(want, t)
			}
			tasks := map[int]taskRow{}
			var old []asgRow
			for round := 0; ; round++ {
				more, err := u.lock(sys, want)
				if err != nil {
					return nil, err
				}
				for k, v := range more {
					tasks[k] = v
				}
				if old, err = u.assignments(sys, sel); err != nil {
					return nil, err
				}
				want = want[:0]
				for _, a := range old {
					if _, ok := tasks[a.TaskID]; !ok {
						want = append(want, a.TaskID)
					}
				}
				if len(want) == 0 || round == 3 {
					break
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			now, err := u.assignments(sys, sel)
			if err != nil {
				return nil, err
			}
			d := Cells{}
			u.contribute(d, now, tasks, 1)
			u.contribute(d, old, tasks, -1)
			if err := applyDelta(sys, u.c, d); err != nil {
				return nil, fmt.Errorf("rollup: %w", err)
			}
			return v, nil
		})
	}
}

type asgRow struct {
	ID      int     `json:"id"`
	TaskID  int     `json:"task_id"`
	StaffID int     `json:"staff_id"`
	Hours   float64 `json:"hours"`
}

// assignments reads the assignment rows that sel picks.
func (u *update) assignments(ctx context.Context, sel func(*entsql.Selector)) ([]asgRow, error) {
	var rows []asgRow
	err := u.c.TaskAssignment.Query().Where(sel).
		Select(taskassignment.FieldID, taskassignment.FieldTaskID, taskassignment.FieldStaffID, taskassignment.FieldHours).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	return rows, nil
}

// contribute adds sign × the contributions of the assignment rows to d.
// Rows on tasks the mutation did not lock (it moved them there) are read.
func (u *update) contribute(d Cells, rows []asgRow, tasks map[int]taskRow, sign float64) {
	for _, a := range rows {
		r, ok := tasks[a.TaskID]
		if !ok || r.Status == string(task.StatusCancelled) {
			continue
		}
		d.add(a.StaffID, r.Kind, micros(r.StartAt), micros(r.DueAt), a.Hours, sign)
	}
}

func micros(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }

// lock locks the tasks ids (PostgreSQL: FOR UPDATE, in ID order so that
// concurrent hooks cannot deadlock each other) and returns their rows.
func (u *update) lock(ctx context.Context, ids []int) (map[int]taskRow, error) {
	rows, err := u.tasks(ctx, ids, true)
	if err != nil {
		return nil, err
	}
	m := make(map[int]taskRow, len(rows))
	for _, r := range rows {
		m[r.ID] = r
	}
	return m, nil
}

func assignmentMovesLoad(m *ent.TaskAssignmentMutation) bool {
	if m.Op().Is(ent.OpCreate) || m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne) {
		return true
	}
	if len(m.AddedFields()) > 0 {
		for _, f := range m.AddedFields() {
			if f == taskassignment.FieldHours {
				return true
			}
		}
	}
	for _, f := range m.Fields() {
		switch f {
		case taskassignment.FieldHours, taskassignment.FieldStaffID, taskassignment.FieldTaskID:
			return true
		}
	}
	return false
}

// update computes the rollup difference a mutation makes to some tasks.
type update struct {
	c   *ent.Client
	old Cells
}

type taskRow struct {
	ID      int       `json:"id"`
	Status  string    `json:"status"`
	Kind    string    `json:"kind"`
	StartAt time.Time `json:"start_at"`
	DueAt   time.Time `json:"due_at"`
}

// loadKey is what of a task decides its contribution.
func (r taskRow) loadKey() string {
	return fmt.Sprintf("%t|%s|%d|%d", r.Status == string(task.StatusCancelled), r.Kind,
		r.StartAt.UnixMicro(), r.DueAt.UnixMicro())
}

// tasks reads the rows of the tasks ids in ID order, locking them when
// lock is set on PostgreSQL (SQLite has a single writer).
func (u *update) tasks(ctx context.Context, ids []int, lock bool) ([]taskRow, error) {
	ids = uniq(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []taskRow
	err := u.c.Task.Query().Where(task.IDIn(ids...)).Order(ent.Asc(task.FieldID)).
		Modify(func(s *entsql.Selector) {
			s.Select(s.C(task.FieldID), s.C(task.FieldStatus), s.C(task.FieldKind), s.C(task.FieldStartAt), s.C(task.FieldDueAt))
			if lock && s.Dialect() == dialect.Postgres {
				s.ForUpdate()
			}
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	return rows, nil
}

// before locks the tasks and records their contributions. With predict,
// it reports whether the mutation leaves every task's contribution as it
// is (then nothing else needs doing).
func (u *update) before(ctx context.Context, ids []int, predict func(taskRow) taskRow) (bool, error) {
	rows, err := u.tasks(ctx, ids, true)
	if err != nil {
		return false, err
	}
	if predict != nil && len(rows) > 0 {
		same := true
		for _, r := range rows {
			if r.loadKey() != predict(r).loadKey() {
				same = false
			}
		}
		if same {
			return true, nil
		}
	}
	u.old, err = u.cells(ctx, rows)
	return false, err
}

// after reads the tasks' contributions again and adds the difference.
func (u *update) after(ctx context.Context, ids []int) error {
	rows, err := u.tasks(ctx, ids, false)
	if err != nil {
		return err
	}
	now, err := u.cells(ctx, rows)
	if err != nil {
		return err
	}
	for k, v := range u.old {
		now[k] = now[k].add(v, -1)
	}
	if err := applyDelta(ctx, u.c, now); err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	return nil
}

// cells computes the contributions of the assignments of the tasks rows.
func (u *update) cells(ctx context.Context, rows []taskRow) (Cells, error) {
	c := Cells{}
	byID := map[int]taskRow{}
	var ids []int
	for _, r := range rows {
		if r.Status != string(task.StatusCancelled) {
			byID[r.ID] = r
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return c, nil
	}
	var as []struct {
		TaskID  int     `json:"task_id"`
		StaffID int     `json:"staff_id"`
		Hours   float64 `json:"hours"`
	}
	err := u.c.TaskAssignment.Query().Where(taskassignment.TaskIDIn(ids...)).
		Select(taskassignment.FieldTaskID, taskassignment.FieldStaffID, taskassignment.FieldHours).Scan(ctx, &as)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	for _, a := range as {
		r := byID[a.TaskID]
		c.Add(a.StaffID, r.Kind, r.StartAt, r.DueAt, a.Hours)
	}
	return c, nil
}

// tasksOfAssignments returns the tasks that hold the assignments ids.
func tasksOfAssignments(ctx context.Context, c *ent.Client, ids []int) ([]int, error) {
	ids = uniq(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	out, err := c.TaskAssignment.Query().Where(taskassignment.IDIn(ids...)).
		Select(taskassignment.FieldTaskID).Ints(ctx)
	if err != nil {
		return nil, fmt.Errorf("rollup: %w", err)
	}
	return out, nil
}

// applyDelta adds d to the rollup rows: a new cell is inserted, an
// existing one incremented (INSERT … ON CONFLICT DO UPDATE on both dialects).
func applyDelta(ctx context.Context, c *ent.Client, d Cells) error {
	var bs []*ent.StaffWeekLoadCreate
	flush := func() error {
		if len(bs) == 0 {
			return nil
		}
		err := c.StaffWeekLoad.CreateBulk(bs...).
			OnConflict(entsql.ConflictColumns(staffweekload.FieldStaffID, staffweekload.FieldWeekStart),
				entsql.ResolveWith(func(u *entsql.UpdateSet) {
					for _, col := range Columns {
						u.Set(col, entsql.Expr(Table+"."+col+" + excluded."+col))
					}
				})).Exec(ctx)
		bs = bs[:0]
		return err
	}
	for _, k := range d.Sorted() {
		v := d[k]
		if v.zero() {
			continue
		}
		bs = append(bs, newRow(c, k, v))
		if len(bs) == 200 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

func uniq(ids []int) []int {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// RebuildClient is Rebuild (and RecountClient) through an ent client (inside an ent
// transaction, as the demo seed writes): it reads every task and
// assignment into memory, so it is meant for small databases; the
// scale generator and `server rollup --rebuild` use Rebuild, which streams.
func RebuildClient(ctx context.Context, c *ent.Client) (int, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	if _, err := c.StaffWeekLoad.Delete().Exec(ctx); err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	var ts []taskRow
	err := c.Task.Query().Where(task.StatusNEQ(task.StatusCancelled)).
		Select(task.FieldID, task.FieldStatus, task.FieldKind, task.FieldStartAt, task.FieldDueAt).Scan(ctx, &ts)
	if err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	byID := make(map[int]taskRow, len(ts))
	for _, t := range ts {
		byID[t.ID] = t
	}
	var as []asgRow
	err = c.TaskAssignment.Query().
		Select(taskassignment.FieldID, taskassignment.FieldTaskID, taskassignment.FieldStaffID, taskassignment.FieldHours).Scan(ctx, &as)
	if err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	if err := RecountClient(ctx, c); err != nil {
		return 0, err
	}
	if err := rebuildRatingsClient(ctx, c); err != nil {
		return 0, err
	}
	if err := FillCopies(ctx, c); err != nil {
		return 0, err
	}
	cells := Cells{}
	(&update{}).contribute(cells, as, byID, 1)
	var bs []*ent.StaffWeekLoadCreate
	n := 0
	for _, k := range cells.Sorted() {
		v := cells[k]
		bs = append(bs, newRow(c, k, v))
		if len(bs) == 500 {
			if err := c.StaffWeekLoad.CreateBulk(bs...).Exec(ctx); err != nil {
				return 0, fmt.Errorf("rollup: %w", err)
			}
			n += len(bs)
			bs = bs[:0]
		}
	}
	if len(bs) > 0 {
		if err := c.StaffWeekLoad.CreateBulk(bs...).Exec(ctx); err != nil {
			return 0, fmt.Errorf("rollup: %w", err)
		}
		n += len(bs)
	}
	return n, nil
}

// newRow builds the rollup row of cell k with values v.
func newRow(c *ent.Client, k Cell, v Loads) *ent.StaffWeekLoadCreate {
	b := c.StaffWeekLoad.Create().SetStaffID(k.Staff).SetWeekStart(k.Week.Start())
	m := b.Mutation()
	for i, col := range Columns {
		_ = m.SetField(col, v[i]) // the columns are the entity's float fields
	}
	return b
}
