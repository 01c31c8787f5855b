package analytics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
	"xiaoneng/internal/workcal"
)

// windowsAround gives windows of every shape the rollup path splits
// differently, around w: whole weeks, whole days inside one week, two
// partial weeks, parts of days at either end, less than a day.
func windowsAround(w Window, r *rand.Rand) []Window {
	loc := workcal.Location()
	day := workcal.DateOf(w.From)
	mon := day.AddDays(-((int(day.Weekday()) + 6) % 7)).Start()
	mid := workcal.DateOf(w.From.Add(w.To.Sub(w.From) / 2)).Start()
	h := time.Hour
	out := []Window{
		w, // the fixture's own (often not at midnight)
		{day.Start(), workcal.DateOf(w.To).Start()},                                         // midnight to midnight
		{mon, mon.AddDate(0, 0, 14)},                                                        // two whole weeks
		{mon.AddDate(0, 0, 2), mon.AddDate(0, 0, 5)},                                        // Wed–Fri of one week
		{mon.AddDate(0, 0, 4), mon.AddDate(0, 0, 10)},                                       // Fri–Wed: two partial weeks
		{mon.AddDate(0, 0, 3).Add(9 * h), mon.AddDate(0, 0, 24).Add(17*h + 30*time.Minute)}, // parts of days at both ends
		{mid.Add(8 * h), mid.Add(20 * h)},                                                   // less than a day: direct
		{mid, mid.AddDate(0, 0, 1)},                                                         // exactly one day
		{time.Date(2026, 4, 1, 0, 0, 0, 0, loc), time.Date(2026, 7, 1, 0, 0, 0, 0, loc)},    // a quarter
	}
	// and a few random ones
	for i := 0; i < 3; i++ {
		a := w.From.Add(time.Duration(r.Int64N(int64(w.To.Sub(w.From)))))
		out = append(out, Window{a, a.Add(time.Duration(1+r.IntN(40*24)) * time.Hour)})
	}
	return out
}

func close6(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// The load figures from the rollup equal the direct computation over
// tasks and assignments to 1e-6, for windows of every shape, on eight
// random agencies built through ent (so the rollup was kept by its hooks),
// on SQLite and PostgreSQL.
func TestRollupMatchesDirect(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		ctx := context.Background()
		checked := 0
		eachRandomCase(t, st, 5, 8, func(Window) bool { return true }, func(p params, name string) {
			got, err := e.staffWorkloads(ctx, p, "")
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want, err := e.directly().staffWorkloads(ctx, p, "")
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d staff rows from the rollup, %d direct", name, len(got), len(want))
			}
			byID := map[int]*StaffWorkload{}
			for _, s := range want {
				byID[s.StaffID] = s
			}
			for _, s := range got {
				if d := byID[s.StaffID]; d == nil || !close6(s.Load, d.Load) {
					t.Fatalf("%s: staff %d load %v from the rollup, %v direct", name, s.StaffID, s.Load, d)
				}
			}
			// the one-statement workload gives the same rows in the same order
			ws, wd, err := e.workload(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			dd, err := e.directly().departmentWorkloads(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if len(ws) != len(got) || len(wd) != len(dd) {
				t.Fatalf("%s: workload %d/%d rows, direct %d/%d", name, len(ws), len(wd), len(got), len(dd))
			}
			for j := range ws { // same order as staffWorkloads over the same rollup figures
				if ws[j].StaffID != got[j].StaffID || ws[j].Load != got[j].Load {
					t.Fatalf("%s: workload staff #%d %+v, staffWorkloads %+v", name, j, ws[j], got[j])
				}
			}
			for j := range wd {
				if wd[j].DepartmentID != dd[j].DepartmentID || wd[j].StaffCount != dd[j].StaffCount || !close6(wd[j].Load, dd[j].Load) ||
					wd[j].OverloadedCount != dd[j].OverloadedCount || wd[j].IdleCount != dd[j].IdleCount {
					t.Fatalf("%s: workload department #%d %+v, direct %+v", name, j, wd[j], dd[j])
				}
			}
			gi, err := e.imbalance(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			di, err := e.directly().imbalance(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if gi.n != di.n || !close6(gi.gini, di.gini) || !close6(gi.top20, di.top20) || !close6(gi.total, di.total) ||
				gi.over != di.over || gi.idle != di.idle {
				t.Fatalf("%s: imbalance %+v from the rollup, %+v direct", name, gi, di)
			}
			// the one-statement form the API uses gives the same figures and flagged staff
			fi, flagged, err := e.imbalanceFlagged(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			dflag, err := e.directly().staffWorkloads(ctx, p, flaggedOnly)
			if err != nil {
				t.Fatal(err)
			}
			if fi.n != di.n || !close6(fi.gini, di.gini) || !close6(fi.top20, di.top20) || fi.over != di.over ||
				fi.idle != di.idle || len(flagged) != len(dflag) {
				t.Fatalf("%s: imbalanceFlagged %+v with %d flagged, direct %+v with %d", name, fi, len(flagged), di, len(dflag))
			}
			for j := range flagged {
				a, b := flagged[j], dflag[j]
				if a.StaffID != b.StaffID || a.DepartmentID != b.DepartmentID || !close6(a.Load, b.Load) || *a.Flag != *b.Flag {
					t.Fatalf("%s: flagged #%d %+v, direct %+v", name, j, a, b)
				}
			}
			gm, err := e.meetingShare(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			dm, err := e.directly().meetingShare(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if !close6(gm.MeetingHours, dm.MeetingHours) || !close6(gm.LedgerHours, dm.LedgerHours) || !close6(gm.TotalHours, dm.TotalHours) {
				t.Fatalf("%s: meeting share %v/%v/%v from the rollup, %v/%v/%v direct", name,
					gm.MeetingHours, gm.LedgerHours, gm.TotalHours, dm.MeetingHours, dm.LedgerHours, dm.TotalHours)
			}
			checked++
		})
		t.Logf("%s: %d window × scope cases agree", driver, checked)
	})
}

// planRollup splits windows as documented.
func TestPlanRollup(t *testing.T) {
	loc := workcal.Location()
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, loc) }
	for _, c := range []struct {
		w     Window
		weeks int
		parts string
		sub   bool
		use   bool
	}{
		{Window{at(4, 6, 0), at(4, 20, 0)}, 2, "[]", false, true},                 // Mon 6 – Mon 20 April
		{Window{at(4, 1, 0), at(7, 1, 0)}, 12, "[{0 2 6} {0 0 1}]", false, true},  // Q2: Wed 1 April … Tue 30 June
		{Window{at(4, 8, 0), at(4, 11, 0)}, 0, "[{0 2 4}]", false, true},          // Wed–Fri
		{Window{at(4, 8, 9), at(4, 11, 17)}, 0, "[{0 3 4}]", true, true},          // Thu–Fri whole, parts of Wed and Sat
		{Window{at(4, 8, 9), at(4, 8, 17)}, 0, "[]", false, false},                // within a day
		{Window{at(4, 10, 0), at(4, 15, 0)}, 0, "[{0 4 6} {0 0 1}]", false, true}, // Fri–Tue
	} {
		pl := planRollup(c.w)
		parts := "["
		for i, p := range pl.parts {
			if i > 0 {
				parts += " "
			}
			parts += fmt.Sprintf("{0 %d %d}", p.first, p.last)
		}
		parts += "]"
		if pl.use != c.use || (c.use && (int(pl.b-pl.a) != c.weeks || parts != c.parts ||
			(pl.d0.After(c.w.From) || pl.d1.Before(c.w.To)) != c.sub)) {
			t.Errorf("%v: plan %+v (parts %s), want %d weeks, parts %s, sub-day %v", c.w, pl, parts, c.weeks, c.parts, c.sub)
		}
	}
}

// The satisfaction figures and the monthly series from the ratings rollup
// equal those computed from every rating, for windows of every shape, on
// eight random agencies whose rollup was kept by its hook, with rater
// thresholds that make the rollup's per-day raters prove the threshold
// (1), rarely (3) and never (6, more than the fixtures' raters) — so both
// the proof and the exact recount of short groups are exercised — on
// SQLite and PostgreSQL.
func TestRatingsRollupMatchesDirect(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		ctx := context.Background()
		checked, shown := 0, 0
		eachRandomCase(t, st, 6, 8, func(w Window) bool { return w.To.Sub(w.From) <= MaxWindow }, func(p params, name string) {
			for _, min := range []int{1, 3, 6} {
				p.th.MinRaters = min
				name := fmt.Sprintf("%s min %d", name, min)
				got, err := e.satisfaction(ctx, p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, err := e.directly().satisfaction(ctx, p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if g, w := satString(got), satString(want); g != w {
					t.Fatalf("%s: from the rollup\n%s\ndirect\n%s", name, g, w)
				}
				if !want.Overall.Withheld {
					shown++
				}
				gs, err := e.satisfactionSeries(ctx, p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				ws, err := e.directly().satisfactionSeries(ctx, p)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if g, w := seriesString(gs), seriesString(ws); g != w {
					t.Fatalf("%s: series from the rollup\n%s\ndirect\n%s", name, g, w)
				}
				checked++
			}
		})
		if shown == 0 || shown == checked {
			t.Fatalf("the cases should include both withheld and shown figures (%d of %d shown)", shown, checked)
		}
		t.Logf("%s: %d window × scope × threshold cases agree (%d shown)", driver, checked, shown)
	})
}

func fstr(x *float64) string {
	if x == nil {
		return "nil"
	}
	return fmt.Sprintf("%.9f", *x)
}

func istr(x *int) string {
	if x == nil {
		return "nil"
	}
	return fmt.Sprint(*x)
}

func figString(f *SatisfactionFigures) string {
	return fmt.Sprintf("d%d w=%v n=%s mean=%s rate=%s bad=%s rs=%s rl=%s ra=%s due=%d ok=%d okr=%s judged=%d acc=%s",
		f.DepartmentID, f.Withheld, istr(f.RatingCount), fstr(f.MeanScore), fstr(f.SatisfactionRate), istr(f.BadRatings),
		fstr(f.Responsiveness), fstr(f.Resolution), fstr(f.Attitude), f.RectificationsDue, f.RectificationsOnTime,
		fstr(f.RectificationsOnTimeRate), f.JudgedCount, fstr(f.AcceptanceRate))
}

func satString(s *Satisfaction) string {
	out := figString(s.Overall) + "\n"
	for _, d := range s.Departments {
		out += figString(d) + "\n"
	}
	return out
}

func seriesString(s *SatisfactionSeries) string {
	out := fmt.Sprintln(s.TalkMonths)
	for _, d := range s.Departments {
		out += fmt.Sprintf("d%d talk=%v:", d.DepartmentID, d.Talk)
		for _, m := range d.Months {
			out += fmt.Sprintf(" [%d w=%v n=%s mean=%s rate=%s rank=%s/%d bottom=%v]", m.Month, m.Withheld,
				istr(m.RatingCount), fstr(m.MeanScore), fstr(m.SatisfactionRate), istr(m.Rank), m.Ranked, m.Bottom)
		}
		out += "\n"
	}
	return out
}

// The cockpit's single read of the load gives the figures imbalance and
// meetingShare give on their own, for windows of every shape.
func TestImbalanceAndMeetingAsOne(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		ctx := context.Background()
		eachRandomCase(t, st, 7, 4, func(Window) bool { return true }, func(p params, name string) {
			f, m, err := e.imbalanceAndMeeting(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			wf, err := e.imbalance(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			wm, err := e.meetingShare(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if f != wf {
				t.Fatalf("%s: figures %+v, imbalance %+v", name, f, wf)
			}
			if g, w := fmt.Sprintf("%v %v %v %s", m.MeetingHours, m.LedgerHours, m.TotalHours, fstr(m.Share)),
				fmt.Sprintf("%v %v %v %s", wm.MeetingHours, wm.LedgerHours, wm.TotalHours, fstr(wm.Share)); g != w || len(m.Departments) != len(wm.Departments) {
				t.Fatalf("%s: meeting share %s (%d departments), alone %s (%d)", name, g, len(m.Departments), w, len(wm.Departments))
			}
			for j, d := range m.Departments {
				x := wm.Departments[j]
				if d.DepartmentID != x.DepartmentID || d.TotalHours != x.TotalHours || fstr(d.Share) != fstr(x.Share) {
					t.Fatalf("%s: department %d: %+v, alone %+v", name, j, d, x)
				}
			}
		})
	})
}

// eachRandomCase inserts n random agencies (randomFixture, from seed), one
// after another, and calls check for every window of every shape around
// each one's data (windowsAround) that keep accepts, over the scopes root
// and a0; name says which case it is.
func eachRandomCase(t *testing.T, st *store.Store, seed uint64, n int, keep func(Window) bool, check func(p params, name string)) {
	t.Helper()
	r := rand.New(rand.NewPCG(1127, seed))
	for i := 0; i < n; i++ {
		fx, w, now := randomFixture(r, i)
		fx.insert(t, st.Client)
		for wi, win := range windowsAround(w, r) {
			if !win.To.After(win.From) || !keep(win) {
				continue
			}
			for _, key := range []string{"root", "a0"} {
				check(params{w: win, scope: fx.scopeOf(key), th: DefaultThresholds, now: now},
					fmt.Sprintf("%s window %d [%s, %s) scope %s", fx.name, wi,
						win.From.Format(time.RFC3339), win.To.Format(time.RFC3339), key))
			}
		}
	}
}
