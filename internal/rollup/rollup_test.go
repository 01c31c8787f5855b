package rollup_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/internal/bulk"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
	"xiaoneng/internal/workcal"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

func open(t *testing.T, driver, dsn string) *store.Store {
	t.Helper()
	dia := dialect.SQLite
	if driver == testdb.DriverPostgres {
		dia = dialect.Postgres
	}
	st, err := store.OpenDSN(context.Background(), driver, dsn, dia)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var loc = workcal.Location()

func at(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }

// TestWeeks: weeks start on Monday 00:00 Asia/Shanghai; a span's fractions
// add up to 1 and follow the hours in each week.
func TestWeeks(t *testing.T) {
	mon := at(2026, 4, 6, 0, 0) // a Monday
	if got := rollup.WeekOf(mon).Start(); !got.Equal(mon) {
		t.Fatalf("week of %v starts %v", mon, got)
	}
	if got := rollup.WeekOf(mon.Add(-time.Second)).Start(); !got.Equal(mon.AddDate(0, 0, -7)) {
		t.Fatalf("Sunday 23:59:59 belongs to the previous week, got %v", got)
	}
	// Friday 12:00 → next Tuesday 12:00: 96 h, 60 h in the first week
	// (Fri 12, Sat 24, Sun 24), 36 in the second (Mon 24, Tue 12).
	byWeek := map[rollup.Week]float64{}
	var days []int
	var fr []float64
	rollup.Spread(at(2026, 4, 10, 12, 0), at(2026, 4, 14, 12, 0), func(w rollup.Week, d int, f float64) {
		byWeek[w] += f
		days = append(days, d)
		fr = append(fr, f)
	})
	w0 := rollup.WeekOf(mon)
	if len(byWeek) != 2 || math.Abs(byWeek[w0]-60.0/96) > 1e-12 || math.Abs(byWeek[w0+1]-36.0/96) > 1e-12 {
		t.Fatalf("week fractions %v, want 0.625 and 0.375", byWeek)
	}
	if fmt.Sprint(days) != "[4 5 6 0 1]" || math.Abs(fr[0]-12.0/96) > 1e-12 || math.Abs(fr[1]-24.0/96) > 1e-12 {
		t.Fatalf("days %v with fractions %v", days, fr)
	}
	// A point task (due ≤ start) puts everything on its start's day.
	fr = nil
	rollup.Spread(at(2026, 4, 12, 9, 0), at(2026, 4, 12, 9, 0), func(w rollup.Week, d int, f float64) {
		fr = append(fr, f)
		if !w.Start().Equal(mon) || d != 6 {
			t.Errorf("point task on week %v day %d", w.Start(), d)
		}
	})
	if len(fr) != 1 || fr[0] != 1 {
		t.Fatalf("point task fractions %v", fr)
	}
	// Before 1970-01-05 too (floor, not truncation).
	rollup.Spread(time.Unix(-1, 0), time.Unix(0, 0), func(w rollup.Week, d int, f float64) {
		if w != -1 || d != 3 {
			t.Errorf("1969-12-31 23:59:59 UTC is Thursday 1 Jan 1970 07:59 +08 of week −1: got week %d day %d", w, d)
		}
	})
}

type fixture struct {
	st    *store.Store
	ctx   context.Context
	dept  int
	staff []int
}

func newFixture(t *testing.T, driver, dsn string, nStaff int) *fixture {
	t.Helper()
	st := open(t, driver, dsn)
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	c := st.Client
	root := c.Department.Create().SetName("某机关").SetCode("ROOT").SetKind(department.KindAgency).SaveX(ctx)
	d := c.Department.Create().SetName("办公室").SetCode("AG01").SetKind(department.KindAgency).SetParent(root).SaveX(ctx)
	f := &fixture{st: st, ctx: ctx, dept: d.ID}
	for i := 0; i < nStaff; i++ {
		s := c.Staff.Create().SetName(fmt.Sprintf("干部%d", i)).SetEmployeeNo(fmt.Sprintf("E%03d", i)).SetDepartmentID(d.ID).SaveX(ctx)
		f.staff = append(f.staff, s.ID)
	}
	return f
}

// check compares the rollup table with the direct computation.
func (f *fixture) check(t *testing.T, step string) {
	t.Helper()
	want, err := rollup.Compute(f.ctx, f.st.DB)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rollup.Stored(f.ctx, f.st.DB)
	if err != nil {
		t.Fatal(err)
	}
	if d := rollup.Diff(got, want, 1e-9, 5); len(d) > 0 {
		t.Fatalf("after %s the rollup differs from the direct computation:\n%v", step, d)
	}
}

func (f *fixture) tx(t *testing.T, fn func(c *ent.Client)) {
	t.Helper()
	if err := store.InTx(f.ctx, f.st.Client, func(c *ent.Client) error { fn(c); return nil }); err != nil {
		t.Fatal(err)
	}
}

// TestHooksFollowMutations runs a series of real mutations — create and
// assign, change hours, dates and kind, cancel and reopen, move and delete
// assignments, bulk updates — and checks after each that the rollup
// equals the direct computation from the assignments, on both dialects.
func TestHooksFollowMutations(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn, 4)
		s := f.staff
		var t1, t2, t3 *ent.Task
		var a1 *ent.TaskAssignment
		f.tx(t, func(c *ent.Client) {
			t1 = c.Task.Create().SetTitle("起草季度工作总结").SetKind(task.KindRoutine).SetLeadDepartmentID(f.dept).
				SetStartAt(at(2026, 4, 3, 9, 0)).SetDueAt(at(2026, 4, 21, 17, 30)).SaveX(f.ctx)
			a1 = c.TaskAssignment.Create().SetTaskID(t1.ID).SetStaffID(s[0]).SetHours(24).SaveX(f.ctx)
			c.TaskAssignment.Create().SetTaskID(t1.ID).SetStaffID(s[1]).SetHours(10).ExecX(f.ctx)
		})
		f.check(t, "create and assign")
		if n := len(mustStored(t, f)); n != 8 {
			t.Fatalf("two people over four ISO weeks (Fri 3 Apr … Tue 21 Apr): want 8 rollup rows, got %d", n)
		}
		f.tx(t, func(c *ent.Client) {
			t2 = c.Task.Create().SetTitle("办公室例会").SetKind(task.KindMeeting).SetLeadDepartmentID(f.dept).
				SetStartAt(at(2026, 4, 8, 9, 0)).SetDueAt(at(2026, 4, 8, 11, 0)).SaveX(f.ctx)
			c.TaskAssignment.CreateBulk(
				c.TaskAssignment.Create().SetTaskID(t2.ID).SetStaffID(s[0]).SetHours(2),
				c.TaskAssignment.Create().SetTaskID(t2.ID).SetStaffID(s[2]).SetHours(2),
			).ExecX(f.ctx)
			t3 = c.Task.Create().SetTitle("台账整理").SetKind(task.KindLedger).SetLeadDepartmentID(f.dept).
				SetStartAt(at(2026, 4, 12, 9, 0)).SetDueAt(at(2026, 4, 12, 9, 0)).SaveX(f.ctx) // a point task
			c.TaskAssignment.Create().SetTaskID(t3.ID).SetStaffID(s[3]).SetHours(6).ExecX(f.ctx)
		})
		f.check(t, "meeting (bulk create) and point task")
		f.tx(t, func(c *ent.Client) { c.TaskAssignment.UpdateOneID(a1.ID).SetHours(30).ExecX(f.ctx) })
		f.check(t, "hours changed")
		f.tx(t, func(c *ent.Client) { c.TaskAssignment.UpdateOneID(a1.ID).AddHours(-5).ExecX(f.ctx) })
		f.check(t, "hours added")
		f.tx(t, func(c *ent.Client) { c.TaskAssignment.UpdateOneID(a1.ID).AddActualHours(3).ExecX(f.ctx) })
		f.check(t, "actual hours logged (no load moves)")
		f.tx(t, func(c *ent.Client) {
			c.Task.UpdateOneID(t1.ID).SetDueAt(at(2026, 5, 8, 17, 30)).ExecX(f.ctx)
		})
		f.check(t, "deadline moved")
		f.tx(t, func(c *ent.Client) {
			c.Task.UpdateOneID(t1.ID).SetStartAt(at(2026, 3, 30, 0, 0)).SetKind(task.KindProject).ExecX(f.ctx)
		})
		f.check(t, "start and kind changed")
		f.tx(t, func(c *ent.Client) { c.Task.UpdateOneID(t1.ID).SetStatus(task.StatusInProgress).ExecX(f.ctx) })
		f.check(t, "status changed between counting states")
		f.tx(t, func(c *ent.Client) { c.Task.UpdateOneID(t1.ID).SetStatus(task.StatusCancelled).ExecX(f.ctx) })
		f.check(t, "cancelled")
		f.tx(t, func(c *ent.Client) { c.TaskAssignment.UpdateOneID(a1.ID).SetHours(12).ExecX(f.ctx) })
		f.check(t, "hours changed on a cancelled task")
		f.tx(t, func(c *ent.Client) { c.Task.UpdateOneID(t1.ID).SetStatus(task.StatusNew).ExecX(f.ctx) })
		f.check(t, "reopened")
		f.tx(t, func(c *ent.Client) {
			c.TaskAssignment.UpdateOneID(a1.ID).SetTaskID(t3.ID).SetStaffID(s[2]).ExecX(f.ctx)
		})
		f.check(t, "assignment moved to another task and person")
		f.tx(t, func(c *ent.Client) {
			c.Task.Update().Where(task.IDIn(t2.ID, t3.ID)).SetStartAt(at(2026, 4, 1, 8, 0)).ExecX(f.ctx)
		})
		f.check(t, "bulk task update")
		f.tx(t, func(c *ent.Client) { c.TaskAssignment.DeleteOneID(a1.ID).ExecX(f.ctx) })
		f.check(t, "assignment deleted")
		f.tx(t, func(c *ent.Client) {
			c.TaskAssignment.Update().SetHours(1.5).ExecX(f.ctx)
		})
		f.check(t, "bulk assignment update")
		// A failed mutation leaves nothing behind: the transaction rolls back.
		err := store.InTx(f.ctx, f.st.Client, func(c *ent.Client) error {
			c.TaskAssignment.Create().SetTaskID(t2.ID).SetStaffID(s[3]).SetHours(100).ExecX(f.ctx)
			return fmt.Errorf("changed my mind")
		})
		if err == nil {
			t.Fatal("want the error back")
		}
		f.check(t, "rolled-back transaction")
		// Rebuild gives the same table.
		before := mustStored(t, f)
		rebuild(t, f)
		if d := rollup.Diff(mustStored(t, f), before, 1e-9, 5); len(d) > 0 {
			t.Fatalf("rebuild differs from the maintained rollup: %v", d)
		}
	})
}

func mustStored(t *testing.T, f *fixture) rollup.Cells {
	t.Helper()
	c, err := rollup.Stored(f.ctx, f.st.DB)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func rebuild(t *testing.T, f *fixture) {
	t.Helper()
	tx, err := f.st.DB.BeginTx(f.ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := rollup.Rebuild(f.ctx, tx, bulk.New(tx, f.st.Dialect), nil); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestRandomMutations drives random mutations and checks the rollup at the
// end; on PostgreSQL several transactions change the same tasks at once.
func TestRandomMutations(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn, 6)
		r := rand.New(rand.NewPCG(7, 11))
		base := at(2026, 1, 1, 0, 0)
		randTime := func(r *rand.Rand) time.Time {
			return base.Add(time.Duration(r.IntN(200*24)) * time.Hour).Add(time.Duration(r.IntN(3600)) * time.Second)
		}
		kinds := []task.Kind{task.KindRoutine, task.KindMeeting, task.KindLedger, task.KindProject}
		var ids []int
		f.tx(t, func(c *ent.Client) {
			for i := 0; i < 12; i++ {
				s := randTime(r)
				tk := c.Task.Create().SetTitle(fmt.Sprintf("任务%d", i)).SetKind(kinds[r.IntN(len(kinds))]).
					SetLeadDepartmentID(f.dept).SetStartAt(s).SetDueAt(s.Add(time.Duration(r.IntN(40*24)) * time.Hour)).SaveX(f.ctx)
				ids = append(ids, tk.ID)
			}
		})
		workers := 1
		if driver == testdb.DriverPostgres {
			workers = 4
		}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(seed uint64) {
				defer wg.Done()
				r := rand.New(rand.NewPCG(seed, 3))
				for i := 0; i < 40; i++ {
					err := store.InTx(f.ctx, f.st.Client, func(c *ent.Client) error {
						id := ids[r.IntN(len(ids))]
						switch r.IntN(5) {
						case 0, 1:
							staff := f.staff[r.IntN(len(f.staff))]
							return c.TaskAssignment.Create().SetTaskID(id).SetStaffID(staff).
								SetHours(float64(1+r.IntN(40))/2).OnConflictColumns("task_id", "staff_id").
								UpdateNewValues().Exec(f.ctx)
						case 2:
							s := randTime(r)
							return c.Task.UpdateOneID(id).SetStartAt(s).SetDueAt(s.Add(time.Duration(r.IntN(30*24)) * time.Hour)).Exec(f.ctx)
						case 3:
							st := []task.Status{task.StatusCancelled, task.StatusNew, task.StatusDone}[r.IntN(3)]
							return c.Task.UpdateOneID(id).SetStatus(st).Exec(f.ctx)
						default:
							as, err := c.Task.QueryAssignments(c.Task.GetX(f.ctx, id)).All(f.ctx)
							if err != nil || len(as) == 0 {
								return err
							}
							return c.TaskAssignment.DeleteOneID(as[r.IntN(len(as))].ID).Exec(f.ctx)
						}
					})
					if err != nil && !isRetryable(err) {
						errs <- err
						return
					}
				}
			}(uint64(w + 1))
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		f.check(t, "random mutations")
	})
}

// isRetryable: concurrent transactions may delete the same assignment;
// the loser's transaction then rolls back whole.
func isRetryable(err error) bool {
	return err != nil && (ent.IsConstraintError(err) || ent.IsNotFound(err) || err == sql.ErrTxDone)
}
