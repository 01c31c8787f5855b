// Package rollup keeps the load rollup, table staff_week_loads (ent
// entity StaffWeekLoad): per staff member and ISO week (Monday 00:00
// Asia/Shanghai), the hours of their assignments on tasks not CANCELLED
// that fall into the week when each task's effort is spread evenly over
// [startAt, dueAt) (DESIGN.md "Metrics", Load), with the part on MEETING
// and on LEDGER tasks.
//
// A window's load is then the sum of the rollup rows of the weeks that lie
// wholly inside it plus the direct computation over the partial weeks at
// its edges (internal/analytics); since the spread is linear in the
// window, the two agree with the direct computation over the whole window.
//
// The rollup is kept current by ent hooks on Task and TaskAssignment
// (TaskHook, AssignmentHook, registered in ent/schema): every mutation that
// can move load — an assignment created, deleted or given other hours, a
// task's dates, kind or status changed — recomputes, inside the mutation's
// transaction, the contributions of the tasks it touches before and after
// the change and adds the difference to the rollup rows. The affected task
// rows are locked first (SELECT … FOR UPDATE on PostgreSQL; SQLite has one
// writer), so concurrent changes to the same task apply their differences
// one after the other, and different tasks' differences commute.
//
// Bulk writers (the generators) switch the hooks off with Deferred and
// call Rebuild once at the end. `server rollup --rebuild` rebuilds, and
// `server rollup --check` compares the table with Compute.
package rollup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/internal/bulk"
	"xiaoneng/internal/workcal"
)

// Table is the rollup's table.
const Table = "staff_week_loads"

// WeekSeconds is the length of a week (the agency's zone has no DST).
const WeekSeconds = 7 * 24 * 3600

// weekOrigin is Monday 1970-01-05 00:00 +08:00 in epoch seconds.
const weekOrigin = 4*24*3600 - 8*3600

// Week is the index of an ISO week: weeks since Monday 1970-01-05 00:00
// Asia/Shanghai.
type Week int64

// WeekOf is the week of t.
func WeekOf(t time.Time) Week { return weekAt(float64(t.UnixMicro()) / 1e6) }

func weekAt(epoch float64) Week { return Week(math.Floor((epoch - weekOrigin) / WeekSeconds)) }

// Start is the Monday 00:00 Asia/Shanghai that starts w.
func (w Week) Start() time.Time {
	return time.Unix(int64(w)*WeekSeconds+weekOrigin, 0).In(workcal.Location())
}

// DaySeconds is the length of a day (no DST in the agency's zone).
const DaySeconds = 24 * 3600

// dayAt is the index of the day (00:00–24:00 Asia/Shanghai) of an instant,
// counted from Monday 1970-01-05: its week is dayAt / 7, its weekday
// (Monday = 0) dayAt mod 7.
func dayAt(epoch float64) int64 { return int64(math.Floor((epoch - weekOrigin) / DaySeconds)) }

func dayStart(day int64) float64 { return float64(day*DaySeconds + weekOrigin) }

// DayOf is the index of the day of t (00:00–24:00 Asia/Shanghai) counted
// from Monday 1970-01-05: its week is DayOf / 7 and its weekday (Monday
// = 0) DayOf mod 7, for days on or after that Monday.
func DayOf(t time.Time) int64 { return dayAt(float64(t.UnixMicro()) / 1e6) }

// Spread calls f for every day that the span [start, due) overlaps, with
// its week, its weekday (Monday = 0) and the fraction of the span inside
// the day. A span with due ≤ start is a point at start: its whole effort
// falls on start's day (as in the direct computation of internal/analytics).
func Spread(start, due time.Time, f func(w Week, weekday int, frac float64)) {
	spread(float64(start.UnixMicro())/1e6, float64(due.UnixMicro())/1e6, f)
}

func spread(s, e float64, f func(w Week, weekday int, frac float64)) {
	at := func(day int64, frac float64) {
		f(Week(floorDiv(day, 7)), int(day-7*floorDiv(day, 7)), frac)
	}
	if e <= s {
		at(dayAt(s), 1)
		return
	}
	l := e - s
	for d := dayAt(s); dayStart(d) < e; d++ {
		lo, hi := max(s, dayStart(d)), min(e, dayStart(d)+DaySeconds)
		if hi > lo {
			at(d, (hi-lo)/l)
		}
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Columns are the rollup's value columns in the order of Loads.
var Columns = func() []string {
	cs := []string{"hours", "meeting_hours", "ledger_hours"}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} {
		cs = append(cs, d+"_hours", d+"_meeting_hours", d+"_ledger_hours")
	}
	return cs
}()

// Loads are the hours of one rollup cell, in the order of Columns: the
// week's (all kinds, MEETING, LEDGER), then each day's, Monday first.
type Loads [24]float64

func (a Loads) add(b Loads, sign float64) Loads {
	for i := range a {
		a[i] += sign * b[i]
	}
	return a
}

func (a Loads) zero() bool { return a == Loads{} }

// Hours is the week's load, all kinds.
func (a Loads) Hours() float64 { return a[0] }

// Cell is one staff member's week.
type Cell struct {
	Staff int
	Week  Week
}

// Cells are rollup rows by cell.
type Cells map[Cell]Loads

// Add adds an assignment's contribution: hours on a task of kind spread
// over [start, due).
func (c Cells) Add(staff int, kind string, start, due time.Time, hours float64) {
	c.add(staff, kind, float64(start.UnixMicro())/1e6, float64(due.UnixMicro())/1e6, hours, 1)
}

func (c Cells) add(staff int, kind string, s, e, hours, sign float64) {
	kind = strings.TrimSpace(kind)
	k := -1
	switch kind {
	case "MEETING":
		k = 1
	case "LEDGER":
		k = 2
	}
	spread(s, e, func(w Week, day int, frac float64) {
		h := sign * hours * frac
		key := Cell{staff, w}
		l := c[key]
		l[0] += h
		l[3+3*day] += h
		if k > 0 {
			l[k] += h
			l[3+3*day+k] += h
		}
		c[key] = l
	})
}

// Sorted lists the cells by staff, then week.
func (c Cells) Sorted() []Cell {
	keys := make([]Cell, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Cell) int {
		if a.Staff != b.Staff {
			return a.Staff - b.Staff
		}
		return int(a.Week - b.Week)
	})
	return keys
}

// Querier is what the rollup needs of the database: *sql.Tx, *sql.DB and
// an ent client (ent's execquery feature) all have it.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// chunk is how many staff members Rebuild and Compute read at a time.
const chunk = 2500

// assignmentsSQL reads the assignments, on tasks not CANCELLED, of the staff
// with lo ≤ id ≤ hi.
func assignmentsSQL(lo, hi int) string {
	return fmt.Sprintf(`SELECT a.staff_id, a.hours, t.kind, t.start_at, t.due_at
FROM task_assignments a JOIN tasks t ON t.id = a.task_id
WHERE t.status <> 'CANCELLED' AND a.staff_id >= %d AND a.staff_id <= %d`, lo, hi)
}

// staffRange is a range of staff IDs lo…hi holding n staff members.
type staffRange struct{ lo, hi, n int }

// staffChunks splits the staff IDs into ranges of at most chunk members.
func staffChunks(ctx context.Context, db Querier) ([]staffRange, int, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM staff ORDER BY id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var out []staffRange
	for i := 0; i < len(ids); i += chunk {
		j := min(i+chunk, len(ids))
		out = append(out, staffRange{ids[i], ids[j-1], j - i})
	}
	return out, len(ids), nil
}

// computeRange computes the cells of the staff with lo ≤ id ≤ hi directly
// from tasks and assignments.
func computeRange(ctx context.Context, db Querier, lo, hi int) (Cells, error) {
	rows, err := db.QueryContext(ctx, assignmentsSQL(lo, hi))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := Cells{}
	for rows.Next() {
		var staff int
		var hours float64
		var kind string
		var s, d time.Time
		if err := rows.Scan(&staff, &hours, &kind, &s, &d); err != nil {
			return nil, err
		}
		c.Add(staff, kind, s, d, hours)
	}
	return c, rows.Err()
}

// Compute is the rollup computed directly from tasks and assignments (the
// reference the table is checked against).
func Compute(ctx context.Context, db Querier) (Cells, error) {
	chunks, _, err := staffChunks(ctx, db)
	if err != nil {
		return nil, err
	}
	all := Cells{}
	for _, r := range chunks {
		c, err := computeRange(ctx, db, r.lo, r.hi)
		if err != nil {
			return nil, err
		}
		for k, v := range c {
			all[k] = v
		}
	}
	return all, nil
}

// Stored reads the rollup table.
func Stored(ctx context.Context, db Querier) (Cells, error) {
	rows, err := db.QueryContext(ctx, `SELECT staff_id, week_start, `+strings.Join(Columns, ", ")+` FROM `+Table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := Cells{}
	for rows.Next() {
		var staff int
		var ws time.Time
		var l Loads
		dest := []any{&staff, &ws}
		for i := range l {
			dest = append(dest, &l[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		k := Cell{staff, WeekOf(ws)}
		c[k] = c[k].add(l, 1)
	}
	return c, rows.Err()
}

// Diff lists the cells where a and b differ by more than tol hours (at
// most max of them; a missing cell counts as zero).
func Diff(a, b Cells, tol float64, maxN int) []string {
	var out []string
	check := func(k Cell, x, y Loads) {
		if len(out) >= maxN {
			return
		}
		for i := range x {
			if math.Abs(x[i]-y[i]) > tol {
				out = append(out, fmt.Sprintf("staff %d week %s %s: %g vs %g", k.Staff,
					k.Week.Start().Format(time.DateOnly), Columns[i], x[i], y[i]))
				return
			}
		}
	}
	for _, k := range a.Sorted() {
		check(k, a[k], b[k])
	}
	for _, k := range b.Sorted() {
		if _, ok := a[k]; !ok {
			check(k, Loads{}, b[k])
		}
	}
	return out
}

// Rebuild replaces the load rollup's rows by the direct computation,
// through l (COPY on PostgreSQL), recounts the tasks (Recount), rebuilds
// the ratings rollup (RebuildRatings) and sets the stored copies
// (FillCopies): everything the bulk writers bypass.
// progress, if set, is called after each chunk of staff. It returns the
// number of rollup rows written.
func Rebuild(ctx context.Context, db Querier, l *bulk.Loader, progress func(staffDone, staffTotal int)) (int, error) {
	if l.Postgres() {
		// one rebuild at a time (replicas starting together, see EnsureBuilt)
		if _, err := db.ExecContext(ctx, `SELECT pg_advisory_xact_lock(72012)`); err != nil {
			return 0, fmt.Errorf("rollup: %w", err)
		}
	}
	if err := Recount(ctx, db); err != nil {
		return 0, err
	}
	dia := dialect.SQLite
	if l.Postgres() {
		dia = dialect.Postgres
	}
	if _, err := RebuildRatings(ctx, db, dia); err != nil {
		return 0, err
	}
	if err := FillCopies(ctx, db); err != nil {
		return 0, err
	}
	if _, err := db.ExecContext(ctx, `DELETE FROM `+Table); err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	chunks, total, err := staffChunks(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("rollup: %w", err)
	}
	t := l.Table(Table, append([]string{"staff_id", "week_start"}, Columns...)...)
	done := 0
	for _, r := range chunks {
		c, err := computeRange(ctx, db, r.lo, r.hi)
		if err != nil {
			return 0, fmt.Errorf("rollup: %w", err)
		}
		// week by week: a window reads whole weeks, so their rows lie together
		keys := c.Sorted()
		slices.SortStableFunc(keys, func(a, b Cell) int { return int(a.Week - b.Week) })
		for _, k := range keys {
			v := c[k]
			row := make([]any, 0, 2+len(v))
			row = append(row, k.Staff, k.Week.Start())
			for _, x := range v {
				row = append(row, x)
			}
			t.Add(row...)
		}
		if err := t.Flush(ctx); err != nil {
			return 0, fmt.Errorf("rollup: %w", err)
		}
		done += r.n
		if progress != nil {
			progress(done, total)
		}
	}
	return t.Written, nil
}

// EnsureBuilt rebuilds each rollup of a database that has its source rows
// but no rollup rows — one migrated from before the rollup, or emptied by
// a migration that changed its columns: the load rollup (and the task
// count) when there are assignments, the ratings rollup when there are
// ratings; each in one transaction. It reports whether it rebuilt any. The
// server calls it on start.
func EnsureBuilt(ctx context.Context, db *sql.DB, dia string) (bool, error) {
	ratings, err := ensureRatings(ctx, db, dia)
	if err != nil {
		return false, err
	}
	load, err := ensureLoad(ctx, db, dia)
	return ratings || load, err
}

func ensureLoad(ctx context.Context, db *sql.DB, dia string) (bool, error) {
	return ensure(ctx, db, `SELECT 1 FROM `+Table+` LIMIT 1`, `SELECT 1 FROM task_assignments LIMIT 1`,
		func(tx *sql.Tx) error { _, err := Rebuild(ctx, tx, bulk.New(tx, dia), nil); return err })
}

// ensure runs rebuild in one transaction when the rollup query finds no row
// and the source query finds one, and reports whether it did.
func ensure(ctx context.Context, db *sql.DB, rollupRow, sourceRow string, rebuild func(*sql.Tx) error) (bool, error) {
	for i, q := range []string{rollupRow, sourceRow} {
		var one int
		err := db.QueryRowContext(ctx, q).Scan(&one)
		switch {
		case err == nil && i == 0:
			return false, nil // built
		case errors.Is(err, sql.ErrNoRows) && i == 1:
			return false, nil // nothing to build from
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return false, fmt.Errorf("rollup: %w", err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if err := rebuild(tx); err != nil {
		return false, err
	}
	return true, tx.Commit()
}
