package analytics

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/testdb"
)

// ——— random fixtures ———

var (
	allKinds    = []task.Kind{task.KindRoutine, task.KindProject, task.KindResearch, task.KindRepair, task.KindRequest, task.KindMeeting, task.KindLedger}
	allStatuses = []task.Status{task.StatusNew, task.StatusAccepted, task.StatusInProgress, task.StatusDone, task.StatusDone, task.StatusCancelled}
	verdicts    = []rectification.Verdict{"", rectification.VerdictSatisfied, rectification.VerdictBasicallySatisfied, rectification.VerdictDissatisfied}
)

type gen struct {
	r  *rand.Rand
	fx *fixture
	w  Window
}

func (g *gen) pick(n int) int { return g.r.IntN(n) }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// at returns a time around the window: often inside, sometimes before or
// after, sometimes exactly on an edge, in a random zone.
func (g *gen) at() time.Time {
	var t time.Time
	switch x := g.r.Float64(); {
	case x < 0.06:
		t = g.w.From
	case x < 0.12:
		t = g.w.To
	case x < 0.16:
		t = g.w.To.Add(-time.Second)
	default:
		span := g.w.To.Sub(g.w.From)
		lo := g.w.From.Add(-span / 2)
		t = lo.Add(time.Duration(g.r.Int64N(int64(2 * span)))).Truncate(time.Minute)
	}
	return t.In(zones[g.pick(len(zones))])
}

func (g *gen) hours() float64 { return float64(1+g.pick(80)) / 2 }

func (g *gen) agencyKeys() []string {
	var out []string
	for _, d := range g.fx.depts {
		if !d.frontline {
			out = append(out, d.key)
		}
	}
	return out
}

func (g *gen) frontKeys() []string {
	var out []string
	for _, d := range g.fx.depts {
		if d.frontline {
			out = append(out, d.key)
		}
	}
	return out
}

func (g *gen) any(keys []string) string { return keys[g.pick(len(keys))] }

// randomFixture builds an agency of a few departments under its own root,
// with tasks, transfers, ratings, rectifications and visits scattered
// around a random window.
func randomFixture(r *rand.Rand, i int) (*fixture, Window, time.Time) {
	loc := time.FixedZone("CST", 8*3600)
	from := time.Date(2026, 3, 2, 0, 0, 0, 0, loc).Add(time.Duration(r.IntN(200*24)) * time.Hour)
	lengths := []time.Duration{7 * 24 * time.Hour, 30 * 24 * time.Hour, 45*24*time.Hour + 13*time.Hour + 30*time.Minute, 92 * 24 * time.Hour}
	w := Window{From: from, To: from.Add(lengths[r.IntN(len(lengths))])}
	now := w.From.Add(time.Duration(r.Int64N(int64(w.To.Sub(w.From)) * 3 / 2)))
	fx := &fixture{name: fmt.Sprintf("p%02d", i)}
	g := &gen{r: r, fx: fx, w: w}

	fx.depts = append(fx.depts, &fxDept{key: "root", quota: r.IntN(10)})
	nd := 3 + r.IntN(2)
	for j := 0; j < nd; j++ {
		fx.depts = append(fx.depts, &fxDept{key: fmt.Sprintf("a%d", j), parent: "root", quota: r.IntN(30)})
	}
	fx.depts = append(fx.depts, &fxDept{key: "a0x", parent: "a0", quota: 6})
	fx.depts = append(fx.depts, &fxDept{key: "f0", parent: "root", frontline: true}, &fxDept{key: "f1", parent: "root", frontline: true})

	capacities := []float64{40, 40, 40, 32, 20, 0}
	for _, d := range g.agencyKeys() {
		for j := 0; j < 2+r.IntN(4); j++ {
			fx.staff = append(fx.staff, &fxStaff{key: fmt.Sprintf("%s.s%d", d, j), dept: d,
				weekly: capacities[r.IntN(len(capacities))], inactive: g.chance(0.1)})
		}
	}
	for _, d := range g.frontKeys() {
		fx.staff = append(fx.staff, &fxStaff{key: d + ".s0", dept: d, weekly: 40})
	}
	// secondees: frontline people serving agency departments, their
	// secondment overlapping the window or not
	for j := 0; j < 2; j++ {
		s := &fxStaff{key: fmt.Sprintf("f0.sec%d", j), dept: "f0", weekly: 40, secondedTo: g.any(g.agencyKeys())}
		switch r.IntN(3) {
		case 0:
			s.secFrom, s.secTo = tp(w.From.AddDate(0, -2, 0)), tp(w.To.AddDate(0, 1, 0))
		case 1:
			s.secFrom, s.secTo = tp(w.From.AddDate(0, -3, 0)), tp(w.From) // ended as the window starts
		default:
			s.secFrom = tp(w.From.Add(w.To.Sub(w.From) / 2))
		}
		fx.staff = append(fx.staff, s)
	}
	var staffKeys []string
	for _, s := range fx.staff {
		staffKeys = append(staffKeys, s.key)
	}

	nt := 30 + r.IntN(30)
	for j := 0; j < nt; j++ {
		t := &fxTask{key: fmt.Sprintf("t%d", j), kind: allKinds[r.IntN(len(allKinds))],
			status: allStatuses[r.IntN(len(allStatuses))], lead: g.any(g.agencyKeys())}
		t.start = g.at()
		switch x := r.Float64(); {
		case x < 0.08:
			t.due = t.start // a point
		case x < 0.12:
			t.due = t.start.Add(-3 * time.Hour) // deadline before the start
		case x < 0.2:
			t.start, t.due = w.From.Add(-24*time.Hour), w.To.Add(24*time.Hour) // spans the window
		default:
			t.due = t.start.Add(time.Duration(1+r.IntN(30*24)) * time.Hour).In(zones[r.IntN(len(zones))])
		}
		t.created = t.start.Add(-time.Duration(r.IntN(72)) * time.Hour)
		if t.status == task.StatusDone {
			switch r.IntN(4) {
			case 0:
				t.completed = tp(t.due) // exactly on time
			case 1:
				t.completed = tp(t.due.Add(time.Duration(1+r.IntN(100)) * time.Hour))
			default:
				t.completed = tp(t.due.Add(-time.Duration(r.IntN(100)) * time.Hour))
			}
		}
		for _, co := range g.agencyKeys() {
			if co != t.lead && g.chance(0.25) {
				t.co = append(t.co, co)
			}
		}
		seen := map[string]bool{}
		for k := 0; k < 1+r.IntN(3); k++ {
			s := g.any(staffKeys)
			if !seen[s] {
				seen[s] = true
				t.assigns = append(t.assigns, fxAssign{staff: s, hours: g.hours()})
			}
		}
		fx.tasks = append(fx.tasks, t)

		// history: transfers (ping-pong by the definition) and acceptances
		if g.chance(0.35) {
			holders := []string{t.lead}
			at := g.at()
			for k := 0; k < 1+r.IntN(4); k++ {
				to := g.any(g.agencyKeys())
				if to == holders[len(holders)-1] {
					continue
				}
				fx.events = append(fx.events, &fxEvent{task: t.key, typ: taskevent.TypeTransferred,
					from: holders[len(holders)-1], to: to, at: at, pingPong: slices.Contains(holders, to), late: g.chance(0.3)})
				holders = append(holders, to)
				at = at.Add(time.Duration(r.IntN(48)) * time.Hour)
			}
		}
		for k := 0; k < r.IntN(3); k++ {
			fx.events = append(fx.events, &fxEvent{task: t.key, typ: taskevent.TypeAccepted,
				at: t.created.Add(time.Duration(r.IntN(24*20)) * time.Hour)})
		}
	}

	// r1 and r2 also rate by name (a key of each kind)
	raters := []string{"r1", "r2", "r3", "r4", "r5", "staff:r1", "staff:r2"}
	for j := 0; j < 15+r.IntN(30); j++ {
		rt := &fxRating{key: fmt.Sprintf("rt%d", j), target: g.any(g.agencyKeys()), unit: g.any(g.frontKeys()),
			rater: raters[r.IntN(len(raters))], score: 1 + r.IntN(5), at: g.at(), voided: g.chance(0.1)}
		for k := range rt.dims {
			rt.dims[k] = 1 + r.IntN(5)
		}
		fx.ratings = append(fx.ratings, rt)
		if rt.score <= 2 || g.chance(0.2) {
			tk := &fxTask{key: "rect-" + rt.key, kind: task.KindRectification, status: allStatuses[r.IntN(len(allStatuses))],
				lead: rt.target, start: rt.at, due: rt.at.Add(20 * 24 * time.Hour), created: rt.at}
			fx.tasks = append(fx.tasks, tk)
			rc := &fxRect{rating: rt.key, task: tk.key, dept: rt.target, due: g.at()}
			if g.chance(0.7) {
				rc.answered = tp(rc.due.Add(time.Duration(r.IntN(200)-150) * time.Hour))
			}
			if g.chance(0.1) {
				rc.answered = tp(rc.due)
			}
			rc.verdict = verdicts[r.IntN(len(verdicts))]
			if rc.verdict != "" {
				rc.judged = tp(g.at())
			}
			fx.rects = append(fx.rects, rc)
		}
	}
	for j := 0; j < 5+r.IntN(12); j++ {
		d := g.any(g.agencyKeys())
		fx.visits = append(fx.visits, &fxVisit{dept: d, staff: g.any(staffKeys), unit: g.any(g.frontKeys()),
			at: g.at(), confirmed: g.chance(0.7)})
	}
	return fx, w, now
}

// ——— comparisons ———

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

type checker struct {
	t    *testing.T
	ctx  string
	errs int
}

func (c *checker) f(name string, got, want float64) {
	c.t.Helper()
	if !near(got, want) {
		c.fail("%s = %v, reference %v", name, got, want)
	}
}

func (c *checker) i(name string, got, want int) {
	c.t.Helper()
	if got != want {
		c.fail("%s = %d, reference %d", name, got, want)
	}
}

func (c *checker) b(name string, got, want bool) {
	c.t.Helper()
	if got != want {
		c.fail("%s = %v, reference %v", name, got, want)
	}
}

func (c *checker) pf(name string, got, want *float64) {
	c.t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		c.fail("%s = %v, reference %v", name, fmtP(got), fmtP(want))
	default:
		c.f(name, *got, *want)
	}
}

func (c *checker) pi(name string, got, want *int) {
	c.t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil || *got != *want:
		c.fail("%s = %v, reference %v", name, fmtPI(got), fmtPI(want))
	}
}

func (c *checker) fail(format string, args ...any) {
	c.t.Helper()
	c.errs++
	if c.errs <= 30 {
		c.t.Errorf("%s: "+format, append([]any{c.ctx}, args...)...)
	}
}

func fmtP(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func fmtPI(p *int) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func flagStr[T ~string](f *T) string {
	if f == nil {
		return ""
	}
	return string(*f)
}

// checkAll computes every metric in SQL and compares it with the reference.
func checkAll(t *testing.T, e engine, fx *fixture, p params) {
	t.Helper()
	ctx := context.Background()
	c := &checker{t: t, ctx: fmt.Sprintf("%s scope %d", fx.name, p.scope.root)}

	// workload
	staff, err := e.staffWorkloads(ctx, p, "")
	if err != nil {
		t.Fatal(err)
	}
	rs, rd := fx.refWorkload(p)
	c.i("staff rows", len(staff), len(rs))
	for _, s := range staff {
		want := rs[s.StaffID]
		if want == nil {
			c.fail("unexpected staff %d", s.StaffID)
			continue
		}
		n := fmt.Sprintf("staff %d ", s.StaffID)
		c.i(n+"department", s.DepartmentID, want.DepartmentID)
		c.f(n+"load", s.Load, want.Load)
		c.f(n+"capacity", s.Capacity, want.Capacity)
		c.pf(n+"utilization", s.Utilization, want.Utilization)
		if flagStr(s.Flag) != flagStr(want.Flag) {
			c.fail("%sflag %q, reference %q", n, flagStr(s.Flag), flagStr(want.Flag))
		}
	}
	depts, err := e.departmentWorkloads(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	c.i("department rows", len(depts), len(rd))
	for _, d := range depts {
		want := rd[d.DepartmentID]
		n := fmt.Sprintf("department %d ", d.DepartmentID)
		c.i(n+"staff", d.StaffCount, want.StaffCount)
		c.f(n+"load", d.Load, want.Load)
		c.f(n+"capacity", d.Capacity, want.Capacity)
		c.pf(n+"utilization", d.Utilization, want.Utilization)
		c.i(n+"overloaded", d.OverloadedCount, want.OverloadedCount)
		c.i(n+"idle", d.IdleCount, want.IdleCount)
	}

	// imbalance
	imb, err := e.imbalance(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	ri := fx.refImbalance(p)
	c.i("n", imb.n, ri.n)
	c.i("top count", imb.top, ri.top)
	c.i("overloaded", imb.over, ri.over)
	c.i("idle", imb.idle, ri.idle)
	c.f("gini", imb.gini, ri.gini)
	c.f("top20", imb.top20, ri.top20)
	c.f("total load", imb.total, ri.total)

	// meeting share
	ms, err := e.meetingShare(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	rmt, rmd := fx.refMeetingShare(p)
	c.f("meeting hours", ms.MeetingHours, rmt.MeetingHours)
	c.f("ledger hours", ms.LedgerHours, rmt.LedgerHours)
	c.f("total hours", ms.TotalHours, rmt.TotalHours)
	c.pf("meeting share", ms.Share, rmt.Share)
	c.i("meeting rows", len(ms.Departments), len(rmd))
	for _, d := range ms.Departments {
		want := rmd[d.DepartmentID]
		n := fmt.Sprintf("department %d ", d.DepartmentID)
		c.f(n+"meeting", d.MeetingHours, want.MeetingHours)
		c.f(n+"ledger", d.LedgerHours, want.LedgerHours)
		c.f(n+"total", d.TotalHours, want.TotalHours)
		c.pf(n+"share", d.Share, want.Share)
		c.pf(n+"meeting share", d.MeetingShare, want.MeetingShare)
		c.pf(n+"ledger share", d.LedgerShare, want.LedgerShare)
	}

	// lead share
	ls, err := e.leadShare(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	rl := fx.refLeadShare(p)
	c.i("lead share rows", len(ls), len(rl))
	for _, x := range ls {
		want := rl[x.DepartmentID]
		if want == nil {
			c.fail("unexpected lead department %d", x.DepartmentID)
			continue
		}
		n := fmt.Sprintf("lead %d ", x.DepartmentID)
		c.i(n+"tasks", x.TaskCount, want.TaskCount)
		c.f(n+"share", x.LeadShare, want.LeadShare)
		c.f(n+"lead hours", x.LeadHours, want.LeadHours)
		c.f(n+"task hours", x.TaskHours, want.TaskHours)
		if flagStr(x.Flag) != flagStr(want.Flag) {
			c.fail("%sflag %q, reference %q", n, flagStr(x.Flag), flagStr(want.Flag))
		}
	}

	// buck-passing
	bp, err := e.buckPassing(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	rbt, rbd, rbp := fx.refBuckPassing(p)
	c.i("transfers", bp.Transfers, rbt.Transfers)
	c.i("ping-pongs", bp.PingPongs, rbt.PingPongs)
	c.i("late transfers", bp.LateTransfers, rbt.LateTransfers)
	c.i("buck rows", len(bp.Departments), len(rbd))
	for _, d := range bp.Departments {
		want := rbd[d.DepartmentID]
		n := fmt.Sprintf("department %d ", d.DepartmentID)
		c.i(n+"out", d.TransfersOut, want.TransfersOut)
		c.i(n+"in", d.TransfersIn, want.TransfersIn)
		c.i(n+"ping-pongs", d.PingPongs, want.PingPongs)
		c.i(n+"late", d.LateTransfers, want.LateTransfers)
		c.i(n+"accepted", d.AcceptedCount, want.AcceptedCount)
		c.pf(n+"median hours to accept", d.MedianHoursToAccept, want.MedianHoursToAccept)
	}
	c.i("pairs", len(bp.Pairs), len(rbp))
	for _, x := range bp.Pairs {
		want := rbp[[2]int{x.FromID, x.ToID}]
		if want == nil {
			c.fail("unexpected pair %d→%d", x.FromID, x.ToID)
			continue
		}
		n := fmt.Sprintf("pair %d→%d ", x.FromID, x.ToID)
		c.i(n+"count", x.Count, want.Count)
		c.i(n+"ping-pongs", x.PingPongs, want.PingPongs)
		c.i(n+"late", x.LateTransfers, want.LateTransfers)
	}

	// on-time
	ot, err := e.onTime(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	rot, rod := fx.refOnTime(p, p.w)
	c.i("completed", ot.Completed, rot.Completed)
	c.i("on time", ot.OnTime, rot.OnTime)
	c.i("overdue", ot.Overdue, rot.Overdue)
	c.pf("on-time rate", ot.Rate, rot.Rate)
	c.i("on-time rows", len(ot.Departments), len(rod))
	for _, d := range ot.Departments {
		want := rod[d.DepartmentID]
		n := fmt.Sprintf("department %d ", d.DepartmentID)
		c.i(n+"completed", d.Completed, want.Completed)
		c.i(n+"on time", d.OnTime, want.OnTime)
		c.i(n+"overdue", d.Overdue, want.Overdue)
		c.pf(n+"rate", d.Rate, want.Rate)
	}

	// satisfaction
	sat, err := e.satisfaction(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	checkFigures(c, "overall ", sat.Overall, fx.refSatisfaction(p, p.scope.agency, p.w.From, p.w.To))
	c.i("satisfaction rows", len(sat.Departments), len(p.scope.agency))
	for _, d := range sat.Departments {
		checkFigures(c, fmt.Sprintf("department %d ", d.DepartmentID), d, fx.refSatisfaction(p, []int{d.DepartmentID}, p.w.From, p.w.To))
	}

	// visits
	vis, err := e.visits(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	rvt, rvd := fx.refVisits(p)
	c.i("visits", vis.Done, rvt.Done)
	c.f("visit quota", vis.Quota, rvt.Quota)
	c.pf("visit rate", vis.Rate, rvt.Rate)
	c.i("visit rows", len(vis.Departments), len(rvd))
	for _, d := range vis.Departments {
		want := rvd[d.DepartmentID]
		n := fmt.Sprintf("department %d ", d.DepartmentID)
		c.i(n+"visits", d.Done, want.Done)
		c.i(n+"quota per year", d.QuotaPerYear, want.QuotaPerYear)
		c.f(n+"quota", d.Quota, want.Quota)
		c.pf(n+"rate", d.Rate, want.Rate)
	}

	checkSeries(t, c, e, fx, p)
}

func checkFigures(c *checker, n string, got, want *SatisfactionFigures) {
	c.t.Helper()
	c.b(n+"withheld", got.Withheld, want.Withheld)
	c.pi(n+"rating count", got.RatingCount, want.RatingCount)
	c.pf(n+"mean", got.MeanScore, want.MeanScore)
	c.pf(n+"satisfaction rate", got.SatisfactionRate, want.SatisfactionRate)
	c.pi(n+"bad", got.BadRatings, want.BadRatings)
	c.pf(n+"responsiveness", got.Responsiveness, want.Responsiveness)
	c.pf(n+"resolution", got.Resolution, want.Resolution)
	c.pf(n+"attitude", got.Attitude, want.Attitude)
	c.i(n+"rectifications due", got.RectificationsDue, want.RectificationsDue)
	c.i(n+"rectifications on time", got.RectificationsOnTime, want.RectificationsOnTime)
	c.pf(n+"rectification rate", got.RectificationsOnTimeRate, want.RectificationsOnTimeRate)
	c.i(n+"judged", got.JudgedCount, want.JudgedCount)
	c.pf(n+"acceptance", got.AcceptanceRate, want.AcceptanceRate)
}

// checkSeries compares the weekly and monthly series with the reference
// computed bucket by bucket.
func checkSeries(t *testing.T, c *checker, e engine, fx *fixture, p params) {
	t.Helper()
	ctx := context.Background()
	ls, err := e.loadSeries(ctx, p, LevelStaff)
	if err != nil {
		t.Fatal(err)
	}
	people := fx.refPeople(p)
	c.i("heatmap staff rows", len(ls.Rows), len(people))
	byID := map[int]*fxStaff{}
	for _, s := range people {
		byID[s.id] = s
	}
	for _, row := range ls.Rows {
		s := byID[row.StaffID]
		if s == nil {
			c.fail("unexpected heatmap row of staff %d", row.StaffID)
			continue
		}
		c.i("heatmap cells", len(row.Cells), len(ls.Weeks))
		for _, cell := range row.Cells {
			b := ls.Weeks[cell.Week]
			n := fmt.Sprintf("staff %d week %s ", s.id, b.Label)
			c.f(n+"load", cell.Load, fx.refLoadOf(s.key, b.From, b.To).load)
			c.f(n+"capacity", cell.Capacity, s.weekly*secs(b.To.Sub(b.From))/weekSec)
		}
	}
	dl, err := e.loadSeries(ctx, p, LevelDepartment)
	if err != nil {
		t.Fatal(err)
	}
	c.i("heatmap department rows", len(dl.Rows), len(p.scope.agency))
	for _, row := range dl.Rows {
		for _, cell := range row.Cells {
			b := dl.Weeks[cell.Week]
			var load, capa float64
			for _, s := range people {
				if fx.id(fx.refDept(s, p.w)) == row.DepartmentID {
					load += fx.refLoadOf(s.key, b.From, b.To).load
					capa += s.weekly * secs(b.To.Sub(b.From)) / weekSec
				}
			}
			n := fmt.Sprintf("department %d week %s ", row.DepartmentID, b.Label)
			c.f(n+"load", cell.Load, load)
			c.f(n+"capacity", cell.Capacity, capa)
		}
	}

	ss, err := e.satisfactionSeries(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	ref := fx.refMonthlySatisfaction(p, ss.Months)
	c.i("satisfaction series rows", len(ss.Departments), len(ref))
	for _, d := range ss.Departments {
		want := ref[d.DepartmentID]
		c.b(fmt.Sprintf("department %d talk", d.DepartmentID), d.Talk, want.Talk)
		for i, m := range d.Months {
			w := want.Months[i]
			n := fmt.Sprintf("department %d month %s ", d.DepartmentID, ss.Months[m.Month].Label)
			c.b(n+"withheld", m.Withheld, w.Withheld)
			c.pi(n+"count", m.RatingCount, w.RatingCount)
			c.pf(n+"mean", m.MeanScore, w.MeanScore)
			c.pf(n+"rate", m.SatisfactionRate, w.SatisfactionRate)
			c.pi(n+"rank", m.Rank, w.Rank)
			c.i(n+"ranked", m.Ranked, w.Ranked)
			c.b(n+"bottom", m.Bottom, w.Bottom)
		}
	}

	ots, err := e.onTimeSeries(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ots.Overall {
		b := ots.Months[m.Month]
		want, _ := fx.refOnTime(p, Window{From: b.From, To: b.To})
		n := "month " + b.Label + " "
		c.i(n+"completed", m.Completed, want.Completed)
		c.i(n+"on time", m.OnTime, want.OnTime)
		c.pf(n+"rate", m.Rate, want.Rate)
	}
	for _, d := range ots.Departments {
		for _, m := range d.Months {
			b := ots.Months[m.Month]
			_, want := fx.refOnTime(p, Window{From: b.From, To: b.To})
			n := fmt.Sprintf("department %d month %s ", d.DepartmentID, b.Label)
			c.i(n+"completed", m.Completed, want[d.DepartmentID].Completed)
			c.i(n+"on time", m.OnTime, want[d.DepartmentID].OnTime)
		}
	}
}

// Every metric, computed in SQL, equals the plain-Go reference on twenty
// random agencies (fixed seed), for the whole agency and for sub-scopes,
// on SQLite and PostgreSQL.
func TestMetricsMatchReference(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		r := rand.New(rand.NewPCG(20261127, 7))
		type run struct {
			fx  *fixture
			w   Window
			now time.Time
		}
		var runs []run
		for i := 0; i < 20; i++ {
			fx, w, now := randomFixture(r, i)
			fx.insert(t, st.Client)
			runs = append(runs, run{fx, w, now})
		}
		for _, x := range runs {
			for _, key := range []string{"root", "a0", "a1", "f0"} {
				p := params{w: x.w, scope: x.fx.scopeOf(key), th: DefaultThresholds, now: x.now}
				checkAll(t, e, x.fx, p)
			}
		}
	})
}
