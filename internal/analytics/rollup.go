package analytics

import (
	"fmt"
	"strings"
	"time"

	"xiaoneng/internal/rollup"
	"xiaoneng/internal/workcal"
)

// ——— load from the rollup (staff_week_loads, internal/rollup) ———
//
// A person's load in a window is linear in the window: the load of
// [from, to) is the sum of the loads of any pieces that tile it. The
// rollup holds, per person and ISO week (Monday 00:00 Asia/Shanghai), the
// hours spread into the week and into each of its days, kept current in
// the transaction of every change. So the spread CTE reads
//
//	whole weeks of the window      the week totals (an index-only range scan)
//	whole days of its edge weeks   the day columns of those (at most two) weeks
//	the parts of a day at its ends the direct computation, over those pieces only
//
// A window that starts and ends at midnight (quarters, months, weeks: what
// the product asks for) reads the rollup alone; any other still gets the
// exact answer, with a direct computation confined to its first and last
// partial days. The direct computation over the whole window
// (directSpreadCTEs) stays the reference the tests compare with, and what
// the weekly series use.

// rollupPlan is how a window splits over the rollup.
type rollupPlan struct {
	use bool
	// weeks [A, B) read whole, by week_start; none when A == B
	a, b rollup.Week
	// partial weeks: days [first, last] (weekday, Monday = 0) of week w
	parts []partWeek
	// the sub-day pieces [from, d0) and [d1, to) computed directly
	d0, d1 time.Time
}

type partWeek struct {
	w           rollup.Week
	first, last int
}

// planRollup splits w at the midnights (Asia/Shanghai) inside it.
func planRollup(w Window) rollupPlan {
	d0 := workcal.DateOf(w.From).Start()
	if d0.Before(w.From) {
		d0 = workcal.DateOf(w.From).AddDays(1).Start()
	}
	d1 := workcal.DateOf(w.To).Start()
	if d0.Unix() < 7*rollup.DaySeconds {
		return rollupPlan{} // before the rollup's first week: direct
	}
	if !d0.Before(d1) {
		return rollupPlan{} // no whole day: direct
	}
	pl := rollupPlan{use: true, d0: d0, d1: d1}
	// days [d0, d1), by day index since the rollup's origin
	first := rollup.DayOf(d0)
	end := rollup.DayOf(d1) // exclusive
	wFirst, wEnd := first/7, (end+6)/7
	for wk := wFirst; wk < wEnd; wk++ {
		lo, hi := max(first, wk*7), min(end, wk*7+7)
		if lo == wk*7 && hi == wk*7+7 {
			if pl.a == pl.b {
				pl.a, pl.b = rollup.Week(wk), rollup.Week(wk+1)
			} else {
				pl.b = rollup.Week(wk + 1)
			}
			continue
		}
		pl.parts = append(pl.parts, partWeek{rollup.Week(wk), int(lo - wk*7), int(hi - wk*7 - 1)})
	}
	return pl
}

// rollupTime is a literal of a rollup week_start on this database (SQLite
// keeps the store's UTC text, which compares in time order).
func (d dia) rollupTime(t time.Time) string {
	if d.pg {
		return fmt.Sprintf("to_timestamp(%d)", t.Unix())
	}
	return "'" + t.UTC().Format("2006-01-02 15:04:05.999999999-07:00") + "'"
}

// weekIs is the predicate "the row is of week w" on the rollup.
func (d dia) weekIs(w rollup.Week) string {
	return fmt.Sprintf("r.week_start >= %s AND r.week_start < %s", d.rollupTime(w.Start()), d.rollupTime(w.Start().Add(24*time.Hour)))
}

var rollupDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// spreadCTEs is the spread CTE (per staff: h, and with kinds meeting_h
// and ledger_h, in the window) from the rollup, or directSpreadCTEs when
// the engine is direct or the window holds no whole day.
func (e engine) spreadCTEs(p params, kinds bool) string {
	pl := planRollup(p.w)
	if e.direct || !pl.use {
		return e.directSpreadCTEs(p, kinds)
	}
	d := e.d
	// kindCols is ", <meeting> AS m, <ledger> AS l" with kinds, else empty
	kindCols := func(m, l string) string {
		if !kinds {
			return ""
		}
		return ", " + m + " AS m, " + l + " AS l"
	}
	var parts []string
	if pl.a < pl.b {
		parts = append(parts, fmt.Sprintf(`SELECT r.staff_id, r.hours AS h%s
  FROM staff_week_loads r WHERE r.week_start >= %s AND r.week_start < %s`,
			kindCols("r.meeting_hours", "r.ledger_hours"), d.rollupTime(pl.a.Start()), d.rollupTime(pl.b.Start())))
	}
	for _, pw := range pl.parts {
		var h, m, l []string
		for i := pw.first; i <= pw.last; i++ {
			h = append(h, "r."+rollupDays[i]+"_hours")
			m = append(m, "r."+rollupDays[i]+"_meeting_hours")
			l = append(l, "r."+rollupDays[i]+"_ledger_hours")
		}
		parts = append(parts, fmt.Sprintf(`SELECT r.staff_id, %s AS h%s
  FROM staff_week_loads r WHERE %s`, strings.Join(h, " + "),
			kindCols(strings.Join(m, " + "), strings.Join(l, " + ")), d.weekIs(pw.w)))
	}
	pre := ""
	if pl.d0.After(p.w.From) || pl.d1.Before(p.w.To) {
		// the parts of a day at the window's ends, directly
		edge := func(lo, hi time.Time) string {
			return fmt.Sprintf("(%s AND (%s OR %s))", d.before("t.start_at", hi), d.notBefore("t.due_at", lo), d.notBefore("t.start_at", lo))
		}
		var cond, frac []string
		if pl.d0.After(p.w.From) {
			cond = append(cond, edge(p.w.From, pl.d0))
			frac = append(frac, d.frac("te.s", "te.e", d.num(epoch(p.w.From)), d.num(epoch(pl.d0))))
		}
		if pl.d1.Before(p.w.To) {
			cond = append(cond, edge(pl.d1, p.w.To))
			frac = append(frac, d.frac("te.s", "te.e", d.num(epoch(pl.d1)), d.num(epoch(p.w.To))))
		}
		pre = fmt.Sprintf(`te AS MATERIALIZED (
  SELECT t.id, t.kind, %s AS s, %s AS e
  FROM tasks t
  WHERE t.status <> 'CANCELLED' AND (%s)),
tfe AS (SELECT te.id, te.kind, %s AS frac FROM te),
`, d.ep("t.start_at"), d.ep("t.due_at"), strings.Join(cond, " OR "), strings.Join(frac, " + "))
		parts = append(parts, `SELECT a.staff_id, a.hours * tfe.frac AS h`+kindCols(
			"CASE WHEN tfe.kind = 'MEETING' THEN a.hours * tfe.frac ELSE 0 END",
			"CASE WHEN tfe.kind = 'LEDGER' THEN a.hours * tfe.frac ELSE 0 END")+`
  FROM tfe JOIN task_assignments a ON a.task_id = tfe.id WHERE tfe.frac > 0`)
	}
	sums := ""
	if kinds {
		sums = ", SUM(x.m) AS meeting_h, SUM(x.l) AS ledger_h"
	}
	return pre + `spread AS (
  SELECT x.staff_id, SUM(x.h) AS h` + sums + ` FROM (
  ` + strings.Join(parts, "\n  UNION ALL\n  ") + `) x
  GROUP BY x.staff_id)`
}

// directSpreadCTEs computes the spread from tasks and assignments (tw, tf
// and spread): the reference, and the path of windows without a whole day.
func (e engine) directSpreadCTEs(p params, kinds bool) string {
	sums := ""
	if kinds {
		sums = `,
    SUM(CASE WHEN tf.kind = 'MEETING' THEN a.hours * tf.frac ELSE 0 END) AS meeting_h,
    SUM(CASE WHEN tf.kind = 'LEDGER' THEN a.hours * tf.frac ELSE 0 END) AS ledger_h`
	}
	return e.taskCTEs(p) + `,
spread AS (
  SELECT a.staff_id, SUM(a.hours * tf.frac) AS h` + sums + `
  FROM tf JOIN task_assignments a ON a.task_id = tf.id
  WHERE tf.frac > 0
  GROUP BY a.staff_id)`
}

// directly is the engine computing load without the rollup.
func (e engine) directly() engine {
	e.direct = true
	return e
}
