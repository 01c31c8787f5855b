package rollup_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func dialectOf(driver string) string {
	if driver == testdb.DriverPostgres {
		return dialect.Postgres
	}
	return dialect.SQLite
}

// checkRatings compares the ratings rollup with the ratings themselves.
func (f *fixture) checkRatings(t *testing.T, dia, step string) {
	t.Helper()
	want, err := rollup.ComputeRatings(f.ctx, f.st.DB, dia)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rollup.StoredRatings(f.ctx, f.st.DB, dia)
	if err != nil {
		t.Fatal(err)
	}
	if d := rollup.DiffRatings(got, want, 10); len(d) > 0 {
		t.Fatalf("%s: the ratings rollup differs from the ratings (stored ≠ computed):\n%v", step, d)
	}
}

func (f *fixture) rate(c *ent.Client, dept int, rater string, score int, at time.Time) *ent.RatingCreate {
	return c.Rating.Create().SetRaterKey(rater).SetRaterUnitID(dept).SetTargetDepartmentID(dept).
		SetScore(score).SetResponsiveness(1 + score%5).SetResolution(score).SetAttitude(5 - score + 1).
		SetCreatedAt(at)
}

// The ratings rollup follows every kind of change to ratings — created
// one by one and in bulk, voided and restored by an appeal, moved to
// another day or department, re-scored, deleted, and a change rolled back
// — each step compared with the direct computation, including the distinct
// raters per day.
func TestRatingsRollupFollowsChanges(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		dia := dialectOf(driver)
		f := newFixture(t, driver, dsn, 1)
		c := f.st.Client
		other := c.Department.Create().SetName("后勤保障部").SetCode("AG02").SetKind(department.KindAgency).SaveX(f.ctx).ID
		day := at(2026, 5, 11, 9, 0)
		f.checkRatings(t, dia, "empty")

		r1 := f.rate(c, f.dept, "a", 5, day).SaveX(f.ctx)
		f.rate(c, f.dept, "a", 1, day.Add(3*time.Hour)).SaveX(f.ctx) // same rater, same day
		f.checkRatings(t, dia, "one rater twice")
		stored, _ := rollup.StoredRatings(f.ctx, f.st.DB, dia)
		cell := rollup.RatingCell{Dept: f.dept, Day: rollup.DayOf(day)}
		if v := stored[cell]; v.Ratings != 2 || v.Raters != 1 || v.ScoreSum != 6 || v.Good != 1 || v.Bad != 1 {
			t.Fatalf("two ratings by one rater (5 and 1): %+v", v)
		}
		// 23:59 and 00:00 Asia/Shanghai fall on different days
		f.rate(c, f.dept, "b", 3, at(2026, 5, 11, 23, 59)).SaveX(f.ctx)
		f.rate(c, f.dept, "b", 4, at(2026, 5, 12, 0, 0)).SaveX(f.ctx)
		f.checkRatings(t, dia, "midnight")
		var bulk []*ent.RatingCreate
		for i := 0; i < 30; i++ {
			bulk = append(bulk, f.rate(c, []int{f.dept, other}[i%2], fmt.Sprintf("r%d", i%7), 1+i%5, day.Add(time.Duration(i)*5*time.Hour)))
		}
		c.Rating.CreateBulk(bulk...).SaveX(f.ctx)
		f.checkRatings(t, dia, "bulk")

		c.Rating.UpdateOne(r1).SetAppealStatus(rating.AppealStatusVoided).ExecX(f.ctx)
		f.checkRatings(t, dia, "voided")
		c.Rating.UpdateOne(r1).SetAppealStatus(rating.AppealStatusUpheld).ExecX(f.ctx)
		f.checkRatings(t, dia, "restored")
		c.Rating.UpdateOne(r1).SetTargetDepartmentID(other).SetScore(2).ExecX(f.ctx)
		f.checkRatings(t, dia, "moved to another department and re-scored")
		c.Rating.Update().Where(rating.RaterKey("r3")).SetAppealStatus(rating.AppealStatusVoided).ExecX(f.ctx)
		f.checkRatings(t, dia, "bulk void")
		c.Rating.DeleteOneID(r1.ID).ExecX(f.ctx)
		c.Rating.Delete().Where(rating.RaterKey("r4")).ExecX(f.ctx)
		f.checkRatings(t, dia, "deleted")

		before, _ := rollup.StoredRatings(f.ctx, f.st.DB, dia)
		err := store.InTx(f.ctx, c, func(tx *ent.Client) error {
			f.rate(tx, f.dept, "z", 5, day).SaveX(f.ctx)
			return fmt.Errorf("give up")
		})
		if err == nil {
			t.Fatal("the transaction should have failed")
		}
		after, _ := rollup.StoredRatings(f.ctx, f.st.DB, dia)
		if d := rollup.DiffRatings(after, before, 5); len(d) > 0 {
			t.Fatalf("a rolled-back rating moved the rollup: %v", d)
		}

		// a rebuild in SQL gives what the hook kept
		n, err := rollup.RebuildRatings(f.ctx, f.st.DB, dia)
		if err != nil || n == 0 {
			t.Fatalf("rebuild: %d rows, %v", n, err)
		}
		f.checkRatings(t, dia, "rebuilt")
		rebuilt, _ := rollup.StoredRatings(f.ctx, f.st.DB, dia)
		if d := rollup.DiffRatings(rebuilt, after, 5); len(d) > 0 {
			t.Fatalf("the rebuild differs from the hook's rollup: %v", d)
		}
	})
}

// Ratings of one department and day submitted concurrently by different
// raters are all counted among the day's raters (PostgreSQL, where
// transactions overlap).
func TestRatingsRollupConcurrent(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		if driver != testdb.DriverPostgres {
			t.Skip("SQLite has one writer")
		}
		dia := dialectOf(driver)
		f := newFixture(t, driver, dsn, 1)
		c := f.st.Client
		day := at(2026, 6, 1, 10, 0)
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(i), 9))
				errs <- store.InTx(f.ctx, c, func(tx *ent.Client) error {
					_, err := f.rate(tx, f.dept, fmt.Sprintf("k%d", i%13), 1+r.IntN(5), day.Add(time.Duration(i)*time.Minute)).Save(f.ctx)
					time.Sleep(time.Duration(r.IntN(5)) * time.Millisecond)
					return err
				})
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		f.checkRatings(t, dia, "concurrent")
		stored, _ := rollup.StoredRatings(f.ctx, f.st.DB, dia)
		if v := stored[rollup.RatingCell{Dept: f.dept, Day: rollup.DayOf(day)}]; v.Ratings != 40 || v.Raters != 13 {
			t.Fatalf("40 ratings by 13 raters: %+v", v)
		}
	})
}

// A task's first acceptance is its earliest ACCEPTED event, kept by the
// hook whatever the order the events arrive in, and set again in bulk by
// FillFirstAccepted.
func TestFirstAccepted(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn, 1)
		c := f.st.Client
		start := at(2026, 4, 1, 9, 0)
		tk := c.Task.Create().SetTitle("核对台账").SetKind(task.KindRoutine).SetStartAt(start).
			SetDueAt(start.AddDate(0, 0, 5)).SetLeadDepartmentID(f.dept).SaveX(f.ctx)
		first := func() *time.Time { return c.Task.GetX(f.ctx, tk.ID).FirstAcceptedAt }
		if first() != nil {
			t.Fatal("a new task has no acceptance")
		}
		ev := func(typ taskevent.Type, when time.Time) {
			c.TaskEvent.Create().SetTaskID(tk.ID).SetType(typ).SetAt(when).SaveX(f.ctx)
		}
		ev(taskevent.TypeCreated, start)
		ev(taskevent.TypeAccepted, start.Add(5*time.Hour))
		if got := first(); got == nil || !got.Equal(start.Add(5*time.Hour)) {
			t.Fatalf("first acceptance %v, want %v", got, start.Add(5*time.Hour))
		}
		ev(taskevent.TypeAccepted, start.Add(9*time.Hour)) // later: no change
		ev(taskevent.TypeAccepted, start.Add(2*time.Hour)) // earlier, recorded late: it wins
		if got := first(); got == nil || !got.Equal(start.Add(2*time.Hour)) {
			t.Fatalf("first acceptance %v, want %v", got, start.Add(2*time.Hour))
		}
		c.Task.UpdateOneID(tk.ID).ClearFirstAcceptedAt().ExecX(f.ctx)
		if err := rollup.FillFirstAccepted(f.ctx, f.st.DB); err != nil {
			t.Fatal(err)
		}
		if got := first(); got == nil || !got.Equal(start.Add(2*time.Hour)) {
			t.Fatalf("filled first acceptance %v, want %v", got, start.Add(2*time.Hour))
		}
	})
}

// EnsureBuilt rebuilds the rollups of a database that has their source rows
// but no rollup rows (as after the migration that added one), and leaves
// built ones alone.
func TestEnsureBuilt(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		dia := dialectOf(driver)
		f := newFixture(t, driver, dsn, 2)
		c := f.st.Client
		start := at(2026, 4, 1, 9, 0)
		tk := c.Task.Create().SetTitle("编制季度报表").SetKind(task.KindLedger).SetStartAt(start).
			SetDueAt(start.AddDate(0, 0, 9)).SetLeadDepartmentID(f.dept).SaveX(f.ctx)
		c.TaskAssignment.Create().SetTaskID(tk.ID).SetStaffID(f.staff[0]).SetHours(12).SaveX(f.ctx)
		for i := 0; i < 5; i++ {
			f.rate(c, f.dept, fmt.Sprintf("u%d", i%3), 1+i, start.AddDate(0, 0, i%2)).SaveX(f.ctx)
		}
		if built, err := rollup.EnsureBuilt(f.ctx, f.st.DB, dia); err != nil || built {
			t.Fatalf("kept rollups: rebuilt %v, %v", built, err)
		}
		for _, table := range []string{rollup.Table, rollup.RatingsTable} {
			if _, err := f.st.DB.ExecContext(f.ctx, `DELETE FROM `+table); err != nil {
				t.Fatal(err)
			}
		}
		if built, err := rollup.EnsureBuilt(f.ctx, f.st.DB, dia); err != nil || !built {
			t.Fatalf("emptied rollups: rebuilt %v, %v", built, err)
		}
		f.check(t, "ensured")
		f.checkRatings(t, dia, "ensured")
		if stored, _ := rollup.StoredRatings(f.ctx, f.st.DB, dia); len(stored) != 2 {
			t.Fatalf("5 ratings over two days: %d cells", len(stored))
		}
	})
}
