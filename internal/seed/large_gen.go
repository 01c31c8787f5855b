package seed

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"xiaoneng/ent/complaint"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/internal/bulk"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/workcal"
)

// Shares of the task count that are not departments' own (filler) work.
const (
	requestShare = 0.08 // frontline requests (一线诉求)
	crossShare   = 0.02 // cross-department projects (lead share)
)

// ksize is the typical shape of a task of a kind: people, hours each
// (before the week's hours are scaled to the department's capacity) and
// span in working days.
type ksize struct {
	nLo, nHi       int
	hLo, hHi       float64
	spanLo, spanHi int
}

func (k ksize) mean() float64 { return float64(k.nLo+k.nHi) / 2 * (k.hLo + k.hHi) / 2 }

var kindSize = map[task.Kind]ksize{
	task.KindRoutine:  {1, 3, 24, 96, 5, 25},
	task.KindLedger:   {1, 2, 10, 32, 3, 8},
	task.KindResearch: {2, 3, 20, 60, 20, 40},
	task.KindProject:  {2, 4, 24, 80, 15, 35},
	task.KindRepair:   {1, 2, 6, 28, 2, 8},
}

type tables struct {
	tasks, co, asg, evt, visits, ratings, rects *bulk.Table
}

func (g *lgen) openTables() {
	l := g.l
	g.tb = tables{
		tasks: l.Table("tasks", "id", "created_at", "updated_at", "title", "description", "kind", "priority", "status",
			"start_at", "due_at", "completed_at", "cost_estimate", "cost_actual", "lead_received_at", "cancel_reason",
			"lead_department_id", "requesting_unit_id", "first_responder_id", "responsibility_item_id", "created_by_id",
			"co_department_count"),
		co:  l.Table("task_co_departments", "task_id", "department_id"),
		asg: l.Table("task_assignments", "id", "created_at", "updated_at", "hours", "actual_hours", "task_id", "staff_id"),
		evt: l.Table("task_events", "id", "type", "reason", "from_status", "to_status", "ping_pong", "late", "at",
			"task_id", "actor_id", "from_department_id", "to_department_id"),
		visits: l.Table("service_visits", "id", "created_at", "updated_at", "visited_at", "purpose", "problems_solved", "notes",
			"confirmed", "confirmed_at", "department_id", "staff_id", "unit_id", "confirmed_by_id"),
		ratings: l.Table("ratings", "id", "created_at", "updated_at", "rater_key", "score", "responsiveness", "resolution",
			"attitude", "comment", "anonymous", "appeal_status", "appeal_reason", "appeal_decision_note", "appeal_decided_at",
			"rater_id", "rater_unit_id", "target_department_id", "task_id", "visit_id"),
		rects: l.Table("rectifications", "id", "created_at", "updated_at", "status", "due_at", "answer", "answered_at",
			"verdict", "judged_at", "reopen_count", "closed_at", "rating_id", "task_id", "department_id", "rater_key"),
	}
}

// flushWeek writes the week's rows, parents first.
func (g *lgen) flushWeek(ctx context.Context) error {
	for _, t := range []*bulk.Table{g.tb.tasks, g.tb.co, g.tb.asg, g.tb.evt, g.tb.visits, g.tb.ratings, g.tb.rects} {
		if err := g.flush(ctx, t); err != nil {
			return err
		}
	}
	return nil
}

type ltask struct {
	id                    int
	title, desc           string
	kind                  task.Kind
	prio                  task.Priority
	status                task.Status
	start, due, created   time.Time
	completed, updated    time.Time
	leadReceived          time.Time
	hasCost               bool
	costEst, costAct      float64
	lead, unit            *ldept
	co                    []*ldept
	first, createdBy      *lperson
	item                  *litem
	cancelReason          string
	assigns               []*lasg
	events                []*levt
	xfers                 []*levt
	lateBias, overdueBias float64
	noCancel, finalized   bool
}

type lasg struct {
	p             *lperson
	hours, actual float64
}

type levt struct {
	typ                  string
	actor                *lperson
	from, to             *ldept
	reason               string
	fromStatus, toStatus string
	ping, late           bool
	at                   time.Time
}

type lweek struct {
	start, end time.Time
	days       []workcal.Date
}

func (g *lgen) run(ctx context.Context) error {
	g.buildOrg()
	g.buildItems()
	g.prog.Phase("organisation", "departments", int64(len(g.depts)), nil)
	if err := g.writeOrg(ctx); err != nil {
		return err
	}
	g.prog.Add(int64(len(g.depts)))
	g.openTables()
	var weeks []lweek
	first := workcal.DateOf(g.from)
	first = first.AddDays(-((int(first.Weekday()) + 6) % 7))
	pastDays := 0
	for ws := first.Start(); ws.Before(g.qTo); ws = ws.AddDate(0, 0, 7) {
		we := ws.AddDate(0, 0, 7)
		var days []workcal.Date
		for _, d := range g.workingDays(maxTime(ws, g.from), minTime(we, g.qTo)) {
			if !d.Start().Before(g.from) {
				days = append(days, d)
				if d.Start().Before(g.now) {
					pastDays++
				}
			}
		}
		if len(days) > 0 {
			weeks = append(weeks, lweek{ws, we, days})
		}
	}
	st := &streamState{pastDaysLeft: pastDays, reqLeft: int(math.Round(requestShare * float64(g.sc.Tasks))),
		ratingsLeft: g.sc.Ratings}
	g.prog.Phase("tasks", "tasks", int64(g.sc.Tasks), func() string {
		return fmt.Sprintf("· assignments %s · events %s · ratings %s", bulk.Group(int64(g.tb.asg.Written)),
			bulk.Group(int64(g.tb.evt.Written)), bulk.Group(int64(g.tb.ratings.Written)))
	})
	for i, w := range weeks {
		before := g.tasksN
		if err := g.week(ctx, w, len(weeks)-i, st); err != nil {
			return err
		}
		if err := g.flushWeek(ctx); err != nil {
			return err
		}
		g.prog.Add(int64(g.tasksN - before))
	}
	g.prog.Phase("complaints", "", 0, nil)
	return g.complaints(ctx)
}

type streamState struct {
	pastDaysLeft int
	reqLeft      int
	ratingsLeft  int
}

// week generates one week: the agency meeting, cross-department projects,
// each past working day's requests, visits and ratings (with the
// rectifications of bad ones), then the departments' own work up to
// their capacity and the week's share of the task count.
func (g *lgen) week(ctx context.Context, w lweek, weeksLeft int, st *streamState) error {
	startN := g.tasksN
	target := int(math.Round(float64(g.sc.Tasks-g.tasksN) / float64(weeksLeft)))
	if weeksLeft == 1 {
		target = g.sc.Tasks - g.tasksN
	}
	used := make([]float64, len(g.people)) // hours given to each person this week outside their department's own work
	g.agencyMeeting(w, used)
	g.crossProjects(w, used)
	for _, d := range w.days {
		if !d.Start().Before(g.now) {
			continue
		}
		nReq := int(math.Round(float64(st.reqLeft) / float64(st.pastDaysLeft)))
		nRat := int(math.Round(float64(st.ratingsLeft) / float64(st.pastDaysLeft)))
		st.pastDaysLeft--
		st.reqLeft -= nReq
		st.ratingsLeft -= nRat
		for i := 0; i < nReq; i++ {
			g.request(d, used)
		}
		g.visits(d)
		for i := 0; i < nRat; i++ {
			g.rating(d, used)
		}
	}
	filler := target - (g.tasksN - startN)
	if filler <= 0 {
		return nil
	}
	// Spread the week's filler tasks over the departments ∝ their workers.
	counts := make([]int, len(g.payers))
	var cum []float64
	var tot float64
	for _, d := range g.payers {
		tot += float64(len(d.workers))
		cum = append(cum, tot)
	}
	for i := 0; i < filler; i++ {
		x := g.r.Float64() * tot
		j, _ := slices.BinarySearch(cum, x)
		counts[min(j, len(counts)-1)]++
	}
	frac := math.Min(1, float64(len(w.days))/5)
	for i, d := range g.payers {
		if counts[i] > 0 {
			g.deptWeek(d, w, counts[i], frac, used)
		}
	}
	return nil
}

// ——— the departments' own work ———

// deptWeek generates k tasks of d starting in week w: meetings up to the
// profile's meeting share of the department's hours, then the other kinds.
// Each person's hours are then set so that what they start this week
// matches their weekly target (× frac, the share of the week that is
// working time) less what they were given elsewhere; what a person cannot
// be given this week is carried to the next. In the steady state a
// person's load per week is what they start per week, so utilization
// follows the planted targets, with a little noise.
func (g *lgen) deptWeek(d *ldept, w lweek, k int, frac float64, used []float64) {
	prof := d.tpl.profile
	party := d.tpl.code == CodePartyBuilding
	var ts []*ltask
	var meetingH, budget float64
	need := map[*lperson]float64{}
	for _, p := range d.workers {
		n := p.weekly*frac*g.rf(0.85, 1.15) + g.carry[p.idx] - used[p.idx]
		need[p] = n
		budget += math.Max(0, n)
	}
	mTarget := prof[task.KindMeeting] * budget * g.rf(0.8, 1.2)
	for len(ts) < k-1 && meetingH < mTarget && len(d.workers) >= 2 {
		lengths := []float64{1.5, 2, 2.5, 3, 3}
		if party {
			lengths = []float64{3, 3.5, 4}
		}
		length := lpick(g, lengths)
		day := lpick(g, w.days)
		start := day.Start().Add(lpick(g, []time.Duration{9 * hour, 9*hour + 30*time.Minute, 14*hour + 30*time.Minute, 15 * hour}))
		hi := min(12, len(d.workers))
		lo := min(hi, max(3, len(d.workers)/8))
		if party {
			lo = min(hi, max(lo, 5))
		}
		t := &ltask{kind: task.KindMeeting, lead: d, start: start, due: start.Add(time.Duration(length * float64(hour))),
			prio: task.PriorityNormal, createdBy: d.head}
		tpls := titleTemplates[d.tpl.code][task.KindMeeting]
		if len(tpls) == 0 {
			tpls = titleTemplates[CodeOffice][task.KindMeeting]
		}
		t.title = g.fill(lpick(g, tpls), start, nil)
		t.desc = fmt.Sprintf("地点：%s。时长约%.1f小时。", lpick(g, meetingRooms), length)
		for _, p := range g.pickWorkers(d, g.ri(lo, hi), nil) {
			t.assigns = append(t.assigns, &lasg{p: p, hours: length})
			meetingH += length
			need[p] -= length
		}
		t.first = t.assigns[0].p
		ts = append(ts, t)
	}
	kinds, ws := kindShares(prof)
	nMeet := len(ts)
	rawOf := map[*lperson]float64{}
	for len(ts) < k {
		kind := kinds[weightedIdx(g, ws)]
		ks := kindSize[kind]
		day := lpick(g, w.days)
		start := day.Start().Add(8*hour + 30*time.Minute + time.Duration(g.ri(0, 90))*time.Minute)
		span := g.ri(ks.spanLo, ks.spanHi)
		t := &ltask{kind: kind, lead: d, start: start, due: g.cal.AddWorkingDays(start, span), createdBy: d.head,
			prio: g.priority(0.15, 0.02)}
		for _, p := range g.pickWorkers(d, g.ri(ks.nLo, ks.nHi), nil) {
			h := g.rf(ks.hLo, ks.hHi)
			rawOf[p] += h
			t.assigns = append(t.assigns, &lasg{p: p, hours: h})
		}
		if len(t.assigns) == 0 {
			t.assigns = append(t.assigns, &lasg{p: d.head, hours: ks.hLo})
			rawOf[d.head] += ks.hLo
		}
		t.first = t.assigns[0].p
		if t.first.dept != d {
			t.first = d.head
		}
		var unit *ldept
		if kind == task.KindRepair || g.chance(0.3) {
			unit = lpick(g, g.fronts)
		}
		tpls := titleTemplates[d.tpl.code][kind]
		if len(tpls) == 0 {
			tpls = titleTemplates[d.tpl.code][task.KindRoutine]
		}
		t.title = g.fill(lpick(g, tpls), start, unit)
		switch kind {
		case task.KindLedger:
			t.desc = "按上级检查要求整理台账资料并报送。"
			if party {
				t.desc = "按上级检查要求整理纸质台账，逐支部收集、装订、报送。"
			}
		case task.KindResearch:
			t.desc = fmt.Sprintf("课题式调研：明确问题、调研对象和时间节点，%d个工作日内形成调研报告和解决措施。", span)
			t.hasCost, t.costEst = true, math.Round(g.rf(5000, 40000)/1000)*1000
		case task.KindProject:
			t.desc = fmt.Sprintf("项目化管理：明确工作内容、时间节点、责任人和实施成本，%d个工作日内完成。", span)
			t.hasCost, t.costEst = true, math.Round(g.rf(20000, 300000)/1000)*1000
		case task.KindRepair:
			t.desc = fmt.Sprintf("%s报修，现场查看后安排维修，%d个工作日内完成。", unit.name, span)
			t.unit = unit
			t.hasCost, t.costEst = true, math.Round(g.rf(800, 30000)/100)*100
		default:
			t.desc = fmt.Sprintf("按照%s工作安排办理，%d个工作日内办结。", d.short(), span)
		}
		ts = append(ts, t)
	}
	given := map[*lperson]float64{}
	for _, t := range ts[nMeet:] {
		for _, a := range t.assigns {
			h := math.Max(0.5, half(math.Max(0, need[a.p])*a.hours/rawOf[a.p]))
			a.hours = h
			given[a.p] += h
		}
	}
	for _, p := range d.workers {
		// what could not be given this week waits for the next (bounded)
		c := need[p] - given[p]
		g.carry[p.idx] = math.Max(-p.weekly, math.Min(c, 3*p.weekly))
	}
	for _, t := range ts {
		g.emit(t)
	}
}

func weightedIdx(g *lgen, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	x := g.r.Float64() * sum
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

func (g *lgen) priority(pHigh, pUrgent float64) task.Priority {
	switch x := g.r.Float64(); {
	case x < pUrgent:
		return task.PriorityUrgent
	case x < pUrgent+pHigh:
		return task.PriorityHigh
	case x < pUrgent+pHigh+0.08:
		return task.PriorityLow
	}
	return task.PriorityNormal
}

func (g *lgen) fill(s string, at time.Time, unit *ldept) string {
	if unit == nil {
		unit = lpick(g, g.fronts)
	}
	q := []string{"一", "二", "三", "四"}[(int(at.Month())-1)/3]
	return strings.NewReplacer(
		"{Y}", fmt.Sprint(at.Year()), "{NY}", fmt.Sprint(at.Year()+1), "{Q}", q,
		"{M}", fmt.Sprint(int(at.Month())), "{U}", unit.name, "{N}", fmt.Sprint(g.ri(1, 4)),
	).Replace(s)
}

// ——— the agency meeting: every division's three heads, weekly ———

func (g *lgen) agencyMeeting(w lweek, used []float64) {
	d := w.days[0]
	start := d.Start().Add(8*hour + 30*time.Minute)
	office := g.divisions[0]
	t := &ltask{kind: task.KindMeeting, lead: office, start: start, due: start.Add(2 * hour), prio: task.PriorityNormal,
		first: office.head, createdBy: office.head, noCancel: true}
	t.title = strings.NewReplacer("{M}", fmt.Sprint(int(d.Month)), "{N}", fmt.Sprint((d.Day-1)/7+1)).Replace(agencyMeetings[0].title)
	t.desc = fmt.Sprintf("地点：%s。参会：机关各部门主要负责人及分管负责人（部门双主管到场）。", lpick(g, meetingRooms))
	t.created = g.workTime(g.subWD(d, g.ri(2, 4)))
	heads := []*lperson{g.root.head, g.root.deputy}
	for _, dv := range g.divisions {
		heads = append(heads, dv.home[:min(3, len(dv.home))]...)
	}
	for _, p := range heads {
		t.assigns = append(t.assigns, &lasg{p: p, hours: 2})
		used[p.idx] += 2
	}
	g.emit(t)
}

// ——— cross-department projects: who leads, who does the work ———

func (g *lgen) crossProjects(w lweek, used []float64) {
	var leads []*ldept
	for _, dv := range g.divisions {
		if _, ok := crossProjects[dv.tpl.code]; ok {
			leads = append(leads, dv)
		}
	}
	if len(leads) == 0 {
		return
	}
	perWeek := crossShare * float64(g.sc.Tasks) / float64(max(1, int(g.qTo.Sub(g.from)/week)))
	n := int(perWeek)
	if g.chance(perWeek - float64(n)) {
		n++
	}
	for i := 0; i < n; i++ {
		dv := lpick(g, leads)
		weight := 1.0
		switch dv.tpl.code {
		case CodePolitical:
			weight = 2.5 // 政治处 leads a lot, and does little of it
		case CodeSafety:
			weight = 2
		}
		if !g.chance(weight / 2.5) {
			dv = lpick(g, leads)
		}
		g.crossProject(dv, w, used)
	}
}

func (g *lgen) crossProject(dv *ldept, w lweek, used []float64) {
	cd := crossProjects[dv.tpl.code]
	lead := lpick(g, dv.sections)
	day := lpick(g, w.days)
	start := day.Start().Add(9 * hour)
	span := g.ri(20, 45)
	kind := task.KindProject
	if g.chance(0.3) {
		kind = task.KindResearch
	}
	title := g.fill(lpick(g, cd.titles), start, nil)
	if kind == task.KindResearch && !strings.Contains(title, "调研") && !strings.Contains(title, "研究") {
		title += "课题研究"
	}
	nco := 1 + g.r.IntN(2)
	if dv.tpl.code == CodePolitical {
		nco = 2 + g.r.IntN(2)
	}
	var cos []*ldept
	for _, c := range cd.co {
		for _, cdv := range g.byTpl[c] {
			if cdv != dv {
				cos = append(cos, lpick(g, cdv.sections))
			}
		}
	}
	g.r.Shuffle(len(cos), func(i, j int) { cos[i], cos[j] = cos[j], cos[i] })
	cos = cos[:min(nco, len(cos))]
	if len(cos) == 0 {
		return
	}
	t := &ltask{kind: kind, lead: lead, co: cos, title: title, start: start, due: g.cal.AddWorkingDays(start, span),
		first: lead.head, createdBy: dv.head, prio: g.priority(0.3, 0.03), hasCost: true}
	if kind == task.KindProject {
		t.costEst = math.Round(g.rf(20000, 480000)/1000) * 1000
	} else {
		t.costEst = math.Round(g.rf(5000, 50000)/1000) * 1000
	}
	var names []string
	for _, c := range cos {
		names = append(names, c.short())
	}
	t.desc = fmt.Sprintf("%s牵头，%s配合。实行项目化管理：明确工作内容、时间节点、责任人和实施成本，按周报送进展，%d个工作日内完成。",
		lead.short(), strings.Join(names, "、"), span)
	total := g.rf(80, 260)
	share, nl := g.rf(0.35, 0.75), 1+g.r.IntN(2)
	switch dv.tpl.code {
	case CodePolitical:
		share, nl = g.rf(0.04, 0.11), 1
	case CodeSafety:
		share, nl = g.rf(0.88, 0.95), 2+g.r.IntN(2)
	}
	cross := func(p *lperson) bool { return p.noCross }
	split := func(ps []*lperson, hours float64) {
		if len(ps) == 0 {
			return
		}
		for _, p := range ps {
			h := math.Max(0.5, half(hours/float64(len(ps))*g.rf(0.8, 1.2)))
			t.assigns = append(t.assigns, &lasg{p: p, hours: h})
			used[p.idx] += h / float64(span) * 5
		}
	}
	split(g.pickWorkers(lead, nl, cross), total*share)
	for _, c := range cos {
		n := 1
		if dv.tpl.code != CodeSafety && g.chance(0.5) {
			n = 2
		}
		split(g.pickWorkers(c, n, cross), total*(1-share)/float64(len(cos)))
	}
	if len(t.assigns) == 0 {
		return
	}
	g.emit(t)
}

// ——— frontline requests, passed back and forth ———

func (g *lgen) request(d workcal.Date, used []float64) {
	it := g.reqItems[weightedIdx(g, g.reqW)]
	unit := lpick(g, g.fronts)
	requester := lpick(g, unit.home[:min(5, len(unit.home))])
	created := g.workTime(d)
	if !created.Before(g.now) {
		created = g.now.Add(-time.Duration(g.ri(10, 120)) * time.Minute)
	}
	logi, prod, office := g.byTpl[CodeLogistics], g.byTpl[CodeProduction], g.byTpl[CodeOffice]
	sec := func(dvs []*ldept) *ldept {
		if len(dvs) == 0 {
			return lpick(g, g.sections)
		}
		return lpick(g, dvs[0].sections)
	}
	var resp *ldept
	if it.resp != nil {
		resp = lpick(g, it.resp.sections)
	}
	recv := resp
	var chain []*ldept
	switch k := it.def.key; {
	case resp == nil:
		recv = sec(office)
		chain = []*ldept{sec(logi)}
		if g.chance(0.5) {
			chain = append(chain, recv)
		}
	case k == "drainpipe" || k == "doors" || k == "lighting" || k == "circuits":
		other := sec(prod)
		if resp.division.tpl.code == CodeProduction {
			other = sec(logi)
		}
		if g.chance(0.55) {
			switch x := g.r.Float64(); {
			case x < 0.30:
				recv, chain = other, []*ldept{resp}
			case x < 0.65:
				chain = []*ldept{other, resp}
			case x < 0.80:
				chain = []*ldept{other, resp, other}
			default:
				recv, chain = other, []*ldept{resp, other}
			}
		}
	default:
		if g.chance(0.07) {
			recv, chain = sec(office), []*ldept{resp}
		}
	}
	busy := func(p *lperson) bool { return p.class == "idle" || p.seconded }
	firsts := g.pickWorkers(recv, 1, busy)
	first := recv.head
	if len(firsts) > 0 {
		first = firsts[0]
	}
	holders := []*ldept{recv}
	R := created
	actor := first
	var xs []*levt
	for i, to := range chain {
		var at time.Time
		lateP := 0.3
		if i > 0 {
			lateP = 0.5
		}
		if g.chance(lateP) {
			at = g.addWD(R, g.ri(2, 5))
		} else {
			at = R.Add(time.Duration(g.ri(20, 300)) * time.Minute)
			if at.Hour() >= 18 || workcal.DateOf(at) != workcal.DateOf(R) {
				at = g.cal.NthWorkingDayAfter(workcal.DateOf(R), 1).Start().Add(8*hour + 30*time.Minute + time.Duration(g.ri(0, 90))*time.Minute)
			}
		}
		if !at.Before(g.now) {
			break
		}
		from := holders[len(holders)-1]
		reasons := transferReasons[[2]string{from.tpl.code, to.tpl.code}]
		reason := "不属于我部门职责范围"
		if len(reasons) > 0 {
			reason = lpick(g, reasons)
		}
		xs = append(xs, &levt{typ: "TRANSFERRED", from: from, to: to, at: at, reason: reason, actor: actor,
			ping: slices.Contains(holders, to), late: !g.cal.WithinWorkingDays(R, at, 1)})
		holders = append(holders, to)
		R = at
		if ps := g.pickWorkers(to, 1, busy); len(ps) > 0 {
			actor = ps[0]
		} else {
			actor = to.head
		}
	}
	holder := holders[len(holders)-1]
	problem := lpick(g, it.def.problems)
	if strings.HasSuffix(unit.name, "车间") {
		problem = strings.TrimPrefix(problem, "车间")
	}
	t := &ltask{kind: task.KindRequest, lead: holder, title: unit.name + problem, start: created,
		due: g.cal.AddWorkingDays(created, it.def.resolveDays), created: created, unit: unit, first: first,
		createdBy: requester, leadReceived: R, xfers: xs}
	t.desc = fmt.Sprintf("%s%s反映：%s。请按服务承诺（%d个工作小时内响应、%d个工作日内办结）办理。联系人：%s。",
		unit.name, requester.pos, problem, it.def.respondHours, it.def.resolveDays, requester.name)
	if it.resp == nil || g.chance(0.8) {
		t.item = it
	}
	switch it.def.key {
	case "circuits":
		t.prio = g.priority(0.4, 0.3)
	case "drainpipe", "network":
		t.prio = g.priority(0.35, 0.1)
	default:
		t.prio = g.priority(0.1, 0.02)
	}
	if len(xs) > 0 {
		t.lateBias = 0.3 + 0.1*float64(len(xs))
		t.overdueBias = 0.08
	}
	n := 1
	if g.chance(0.3) {
		n = 2
	}
	for _, p := range g.pickWorkers(holder, n, busy) {
		h := half(g.rf(2, 12))
		t.assigns = append(t.assigns, &lasg{p: p, hours: h})
		used[p.idx] += h
	}
	g.emit(t)
}

// ——— statuses and history consistent with the dates ———

func (g *lgen) plannedCreated(start time.Time) time.Time {
	c := g.workTime(g.subWD(workcal.DateOf(start), g.ri(1, 5)))
	if c.After(start) {
		c = start.Add(-hour)
	}
	if c.After(g.now) {
		c = g.now.Add(-time.Duration(g.ri(60, 60*24*5)) * time.Minute)
	}
	return c
}

func (g *lgen) ev(t *ltask, typ string, actor *lperson, at time.Time) *levt {
	e := &levt{typ: typ, actor: actor, at: at}
	t.events = append(t.events, e)
	return e
}

// finalize decides an ordinary task's status, completion and history.
// Histories are kept short (~1.5 events a task): the creation, transfers,
// and acceptance and completion where the metrics read them (requests).
func (g *lgen) finalize(t *ltask) {
	now := g.now
	if t.created.IsZero() {
		t.created = g.plannedCreated(t.start)
	}
	started, past := !t.start.After(now), !t.due.After(now)
	status := task.StatusDone
	switch {
	case !started:
		status = task.StatusNew
		if g.chance(0.5) {
			status = task.StatusAccepted
		}
	case t.kind == task.KindMeeting:
		if !past {
			status = task.StatusInProgress
		} else if !t.noCancel && g.chance(0.03) {
			status = task.StatusCancelled
		}
	case !past:
		elapsed := float64(now.Sub(t.start)) / float64(t.due.Sub(t.start))
		switch x := g.r.Float64(); {
		case x < 0.10 && elapsed > 0.5:
		case x < 0.72:
			status = task.StatusInProgress
		case x < 0.92:
			status = task.StatusAccepted
		default:
			status = task.StatusNew
		}
	default:
		pOver := 0.045 + t.overdueBias
		switch t.lead.tpl.code {
		case CodeSupply:
			pOver += 0.07
		case CodeLogistics:
			pOver += 0.03
		}
		if t.kind == task.KindLedger {
			pOver += 0.03
		}
		pCancel := 0.035
		if t.noCancel {
			pCancel = 0
		}
		switch x := g.r.Float64(); {
		case x < pCancel:
			status = task.StatusCancelled
		case x < pCancel+pOver:
			status = []task.Status{task.StatusInProgress, task.StatusInProgress, task.StatusAccepted, task.StatusNew}[g.r.IntN(4)]
		}
	}
	opener := t.createdBy
	if opener == nil {
		opener = t.first
	}
	g.ev(t, "CREATED", opener, t.created)
	prev := t.created
	for _, x := range t.xfers {
		t.events = append(t.events, x)
		prev = x.at
	}
	clamp := func(x time.Time) time.Time { return minTime(maxTime(x, prev), now) }
	worker := t.first
	if len(t.assigns) > 0 {
		worker = t.assigns[0].p
	}
	detailed := t.kind == task.KindRequest
	accepted := status != task.StatusNew && status != task.StatusCancelled
	if accepted && (detailed || g.chance(0.1)) {
		at := clamp(g.office(prev.Add(time.Duration(g.ri(30, 480)) * time.Minute)))
		if len(t.xfers) > 0 {
			at = clamp(g.office(at.Add(time.Duration(g.ri(60, 900)) * time.Minute)))
		}
		e := g.ev(t, "ACCEPTED", worker, at)
		e.fromStatus, e.toStatus = "NEW", "ACCEPTED"
		prev = at
	}
	if status == task.StatusDone {
		t.completed = g.completion(t, prev)
		if detailed || g.chance(0.2) {
			e := g.ev(t, "STATUS_CHANGED", worker, t.completed)
			e.fromStatus, e.toStatus = "IN_PROGRESS", "DONE"
			if !detailed {
				e.fromStatus = "ACCEPTED"
			}
		}
		if !t.completed.After(prev) {
			t.completed = prev.Add(time.Minute)
			if t.completed.After(now) {
				t.completed = now
			}
		}
	}
	if status == task.StatusInProgress && g.chance(0.03) {
		e := g.ev(t, "COMMENTED", worker, clamp(prev.Add(time.Duration(g.ri(60, 4000))*time.Minute)))
		e.reason = lpick(g, commentTexts)
	}
	if status == task.StatusCancelled {
		t.cancelReason = lpick(g, cancelReasons)
		at := clamp(prev.Add(time.Duration(g.ri(60, 60*24*5)) * time.Minute))
		e := g.ev(t, "STATUS_CHANGED", t.lead.head, at)
		e.fromStatus, e.toStatus, e.reason = "ACCEPTED", "CANCELLED", t.cancelReason
	}
	t.status = status
	g.actuals(t)
}

func (g *lgen) completion(t *ltask, prev time.Time) time.Time {
	now := g.now
	if t.kind == task.KindMeeting {
		return minTime(t.due, now)
	}
	L := t.due.Sub(t.start)
	lo := maxTime(prev.Add(30*time.Minute), t.start.Add(L*4/10))
	if lo.After(now) {
		lo = maxTime(prev, now.Add(-time.Minute))
	}
	pLate := 0.12 + t.lateBias
	switch t.lead.tpl.code {
	case CodeSupply:
		pLate += 0.18
	case CodeLogistics:
		pLate += 0.08
	}
	var c time.Time
	switch {
	case t.due.After(now):
		c = g.between(lo, now)
	case g.chance(pLate):
		c = maxTime(g.addWD(t.due, g.ri(1, 8)), lo)
	default:
		hi := t.due.Add(-10 * time.Minute)
		if hi.After(lo) {
			c = g.between(lo, hi)
		} else {
			c = lo.Add(time.Duration(g.ri(60, 2880)) * time.Minute)
		}
	}
	if c.After(now) {
		c = maxTime(lo, now.Add(-time.Duration(g.ri(10, 240))*time.Minute))
		if c.After(now) {
			c = now
		}
	}
	return c
}

func (g *lgen) between(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return lo
	}
	return lo.Add(time.Duration(g.r.Int64N(int64(hi.Sub(lo))))).Truncate(time.Second)
}

func (g *lgen) actuals(t *ltask) {
	for _, a := range t.assigns {
		switch t.status {
		case task.StatusDone:
			if t.kind == task.KindMeeting {
				a.actual = a.hours
			} else {
				a.actual = math.Max(0.5, half(a.hours*g.rf(0.75, 1.35)))
			}
		case task.StatusInProgress:
			f := 1.0
			if t.due.After(t.start) {
				f = math.Min(1, math.Max(0, float64(g.now.Sub(t.start))/float64(t.due.Sub(t.start))))
			}
			a.actual = half(a.hours * f * g.rf(0.6, 1.1))
		}
	}
	if t.hasCost && t.status == task.StatusDone {
		t.costAct = math.Round(t.costEst*g.rf(0.85, 1.25)/100) * 100
	}
}

// emit finalizes t (unless done already) and buffers its rows.
func (g *lgen) emit(t *ltask) {
	if !t.finalized {
		g.finalize(t)
	}
	for _, e := range t.events {
		if e.at.After(g.now) {
			e.at = g.now
		}
		if e.at.Before(t.created) {
			e.at = t.created
		}
	}
	slices.SortStableFunc(t.events, func(a, b *levt) int { return a.at.Compare(b.at) })
	t.updated = t.created
	if n := len(t.events); n > 0 {
		t.updated = t.events[n-1].at
	}
	t.id = g.id("tasks")
	g.tasksN++
	nz := func(x time.Time) any {
		if x.IsZero() {
			return nil
		}
		return x
	}
	ref := func(p *lperson) any {
		if p == nil {
			return nil
		}
		return p.id
	}
	dref := func(d *ldept) any {
		if d == nil {
			return nil
		}
		return d.id
	}
	var est, act, item any
	if t.hasCost {
		est = t.costEst
		if t.status == task.StatusDone {
			act = t.costAct
		}
	}
	if t.item != nil {
		item = t.item.id
	}
	recv := maxTime(t.leadReceived, t.created)
	g.tb.tasks.Add(t.id, t.created, t.updated, t.title, t.desc, string(t.kind), string(t.prio), string(t.status),
		t.start, t.due, nz(t.completed), est, act, recv, t.cancelReason, t.lead.id, dref(t.unit), ref(t.first), item, ref(t.createdBy),
		len(t.co))
	for _, c := range t.co {
		g.tb.co.Add(t.id, c.id)
	}
	seen := map[*lperson]bool{}
	for _, a := range t.assigns {
		if seen[a.p] { // (task, staff) is unique
			continue
		}
		seen[a.p] = true
		g.tb.asg.Add(g.id("task_assignments"), t.created, t.updated, a.hours, a.actual, t.id, a.p.id)
	}
	for _, e := range t.events {
		g.tb.evt.Add(g.id("task_events"), e.typ, e.reason, e.fromStatus, e.toStatus, e.ping, e.late, e.at,
			t.id, ref(e.actor), dref(e.from), dref(e.to))
	}
	if t.kind == task.KindRequest && t.status == task.StatusDone {
		r := append(g.recent[t.lead], recentReq{t.id, t.unit, t.completed})
		if len(r) > 48 {
			r = r[len(r)-48:]
		}
		g.recent[t.lead] = r
	}
}

// ——— visits, ratings and rectifications ———

func (g *lgen) visits(d workcal.Date) {
	for _, s := range g.sections {
		// quota × a visit rate from the demo department, over ~248 working days
		if !g.chance(float64(s.quota) * s.tpl.visitRate * 1.1 / 248) {
			continue
		}
		at := g.workTime(d)
		if !at.Before(g.now) {
			at = g.now.Add(-time.Hour)
		}
		unit := lpick(g, g.fronts)
		ps := g.pickWorkers(s, 1, func(p *lperson) bool { return p.noCross })
		if len(ps) == 0 {
			continue
		}
		purposes := visitPurposes[s.tpl.code]
		v := &lvisit{id: g.id("service_visits"), unit: unit, at: at}
		solved := weightedIdx(g, []float64{0.25, 0.4, 0.25, 0.1})
		notes := "听取意见建议，问题带回研究。"
		if solved > 0 {
			notes = fmt.Sprintf("现场解决问题%d个。", solved)
		}
		var confirmedAt, by any
		confirmed := g.chance(0.87) || g.now.Sub(at) > 30*day
		if g.now.Sub(at) < 3*day {
			confirmed = g.chance(0.35)
		}
		upd := at
		if confirmed {
			c := at.Add(time.Duration(g.ri(60, 60*24*3)) * time.Minute)
			if c.After(g.now) {
				c = at.Add(g.now.Sub(at) / 2).Truncate(time.Second)
			}
			confirmedAt, by, upd = c, unit.head.id, c
			s.lastVisit = v
		}
		g.tb.visits.Add(v.id, at, upd, at, g.fill(lpick(g, purposes), at, unit), solved, notes, confirmed, confirmedAt,
			s.id, ps[0].id, unit.id, by)
	}
}

// raterKey is p's key on a rating, anonymous or not (the anonymous one,
// an HMAC, computed once per rater).
func (g *lgen) raterKey(p *lperson, anonymous bool) string {
	if !anonymous {
		return raterkey.Named(p.id)
	}
	k, ok := g.raterKeys[p.id]
	if !ok {
		k = raterkey.Key(g.opt.RaterSecret, p.id)
		g.raterKeys[p.id] = k
	}
	return k
}

// rating writes one frontline rating on day d; a bad one (≤ 2) gets its
// rectification task, in a state that fits its age.
func (g *lgen) rating(d workcal.Date, used []float64) {
	if g.rateCum == nil {
		var tot float64
		for _, s := range g.sections {
			tot += s.rateW
			g.rateCum = append(g.rateCum, tot)
		}
	}
	i, _ := slices.BinarySearch(g.rateCum, g.r.Float64()*g.rateCum[len(g.rateCum)-1])
	target := g.sections[min(i, len(g.sections)-1)]
	rater := lpick(g, g.raters)
	at := g.workTime(d)
	if !at.Before(g.now) {
		at = g.now.Add(-time.Minute)
	}
	score := clampScore(int(math.Round(target.meanScore + g.r.NormFloat64()*0.85)))
	dim := func(b int) int {
		switch x := g.r.Float64(); {
		case x < 0.2:
			return clampScore(score - 1 + b)
		case x < 0.4:
			return clampScore(score + 1 + b)
		}
		return clampScore(score + b)
	}
	bias := 0
	if target.meanScore < 3 {
		bias = -1
	}
	comment := lpick(g, ratingComments[score])
	if pool, ok := badComments[target.tpl.code]; ok && score <= 2 && g.chance(0.65) {
		comment = lpick(g, pool)
	}
	anon := g.chance(0.25)
	var taskRef, visitRef any
	if g.chance(0.6) {
		for _, r := range slices.Backward(g.recent[target]) {
			if r.unit == rater.dept && r.completed.Before(at) && at.Sub(r.completed) < 30*day {
				taskRef = r.id
				break
			}
		}
	}
	if v := target.lastVisit; taskRef == nil && v != nil && v.unit == rater.dept && at.Sub(v.at) < 45*day && v.at.Before(at) {
		visitRef = v.id
	}
	appeal := rating.AppealStatusNone
	var appealReason, appealNote string
	var decided time.Time
	age := g.cal.WorkingDaysBetween(at, g.now)
	if score <= 2 {
		switch x := g.r.Float64(); {
		case x < 0.01 && age > 8:
			appeal, decided = rating.AppealStatusVoided, minTime(g.addWD(at, 4), g.now)
			appealReason = "该评价系误评：所反映的问题发生在其他部门管理的区域，不属于我部门办理事项。"
			appealNote = "经复核，评价对象有误，该评价予以作废，不计入各项指标。"
		case x < 0.025 && age > 4:
			appeal, decided = rating.AppealStatusUpheld, minTime(g.addWD(at, 3), g.now)
			appealReason = "评价人所述情况与事实不符，我部门已按承诺时限办理。"
			appealNote = "经复核，评价反映的问题基本属实，维持原评价，整改继续进行。"
		case x < 0.03 && age <= 12:
			appeal = rating.AppealStatusPending
			appealReason = "该事项属第三方施工单位责任，非我部门职责，申请复核。"
		}
	}
	id := g.id("ratings")
	var raterID any
	if !anon {
		raterID = rater.id
	}
	var decidedAt any
	upd := at
	if !decided.IsZero() {
		decidedAt, upd = decided, decided
	}
	key := g.raterKey(rater, anon)
	g.tb.ratings.Add(id, at, upd, key, score, dim(bias), dim(0), dim(0), comment, anon, string(appeal),
		appealReason, appealNote, decidedAt, raterID, rater.dept.id, target.id, taskRef, visitRef)
	if score <= 2 {
		g.rectify(id, key, target, rater.dept, anon, score, comment, at, age, appeal == rating.AppealStatusVoided, decided, used)
	}
}

func (g *lgen) rectify(ratingID int, raterKey string, d, unit *ldept, anon bool, score int, comment string, at time.Time, age int,
	voided bool, decided time.Time, used []float64) {
	now := g.now
	c := func(x time.Time) time.Time { return minTime(x, now) }
	start := c(at.Add(time.Duration(g.ri(5, 60)) * time.Minute))
	due := g.cal.AddWorkingDays(at, 15)
	about := comment
	if about == "" {
		about = fmt.Sprintf("服务评价%d分", score)
	}
	from := unit.name
	if anon {
		from += "（匿名）"
	}
	t := &ltask{kind: task.KindRectification, lead: d, unit: unit, title: "差评整改：" + truncRunes(about, 24),
		start: start, due: due, created: start, prio: task.PriorityHigh, finalized: true,
		desc: fmt.Sprintf("%s对%s的服务评价为%d分：“%s”。按“谁办理谁负责”原则，15个工作日内完成整改并答复评价人。",
			from, d.short(), score, about)}
	ps := g.pickWorkers(d, 1+g.r.IntN(2), func(p *lperson) bool { return p.seconded })
	if len(ps) == 0 {
		ps = []*lperson{d.head}
	}
	for _, p := range ps {
		h := half(g.rf(4, 12))
		t.assigns = append(t.assigns, &lasg{p: p, hours: h})
		used[p.idx] += h
	}
	worker := ps[0]
	t.first = worker
	g.ev(t, "CREATED", nil, start).reason = "差评自动生成整改任务"
	status := task.StatusNew
	acceptedAt := c(g.office(start.Add(time.Duration(g.ri(30, 480)) * time.Minute)))
	if age > 0 || g.chance(0.5) {
		e := g.ev(t, "ACCEPTED", worker, acceptedAt)
		e.fromStatus, e.toStatus = "NEW", "ACCEPTED"
		status = task.StatusInProgress
	}
	rs, verdict := rectification.StatusOpen, rectification.Verdict("")
	var answer string
	var answered, judged, closed time.Time
	reopen := 0
	done := func(at time.Time, text string) {
		e := g.ev(t, "STATUS_CHANGED", worker, at)
		e.fromStatus, e.toStatus, e.reason = "IN_PROGRESS", "DONE", "已答复整改情况"
		answer, answered, t.completed, status = text, at, at, task.StatusDone
	}
	wd := func(from time.Time, lo, hi int) time.Time {
		return c(maxTime(g.addWD(from, g.ri(lo, max(lo, hi))), from.Add(time.Minute)))
	}
	x := g.r.Float64()
	switch {
	case voided:
		rs, closed = rectification.StatusClosed, c(decided)
		answer = "申诉成立，评价已作废，整改任务关闭。"
		t.cancelReason = "评价经申诉复核作废"
		e := g.ev(t, "STATUS_CHANGED", d.head, closed)
		e.fromStatus, e.toStatus, e.reason = string(status), "CANCELLED", t.cancelReason
		status = task.StatusCancelled
	case age <= 2 || status == task.StatusNew:
	case age <= 15:
		switch {
		case x < 0.45:
		case x < 0.8 || age < 6:
			done(wd(acceptedAt, 1, min(8, max(1, age-1))), lpick(g, answerTexts))
			rs = rectification.StatusAnswered
		default:
			done(wd(acceptedAt, 1, max(2, age-5)), lpick(g, answerTexts))
			judged, verdict = wd(answered, 1, 3), rectification.VerdictSatisfied
			rs, closed = rectification.StatusClosed, judged
		}
	default:
		pOpen := 0.10
		if d.meanScore < 3 {
			pOpen = 0.25
		}
		switch {
		case x < pOpen: // overdue, still open
		case x < pOpen+0.08:
			done(wd(acceptedAt, 1, 10), lpick(g, answerTexts))
			rs = rectification.StatusAnswered
		case x < pOpen+0.12: // reopened, being worked on again
			done(wd(acceptedAt, 1, 6), lpick(g, answerTexts))
			judged, verdict, reopen = wd(answered, 1, 3), rectification.VerdictDissatisfied, 1
			e := g.ev(t, "STATUS_CHANGED", nil, judged)
			e.fromStatus, e.toStatus, e.reason = "DONE", "IN_PROGRESS", "评价人对整改不满意，重新打开"
			t.completed, status = time.Time{}, task.StatusInProgress
		default:
			done(wd(acceptedAt, 1, 10), lpick(g, answerTexts))
			judged = wd(answered, 1, 3)
			switch y := g.r.Float64(); {
			case y < 0.14:
				verdict = rectification.VerdictDissatisfied
			case y < 0.54:
				verdict = rectification.VerdictSatisfied
			default:
				verdict = rectification.VerdictBasicallySatisfied
			}
			rs, closed = rectification.StatusClosed, judged
		}
	}
	t.status = status
	g.actuals(t)
	g.emit(t)
	upd := maxTime(t.updated, maxTime(judged, closed))
	nz := func(x time.Time) any {
		if x.IsZero() {
			return nil
		}
		return x
	}
	var v any
	if verdict != "" {
		v = string(verdict)
	}
	g.tb.rects.Add(g.id("rectifications"), start, upd, string(rs), due, answer, nz(answered), v, nz(judged), reopen,
		nz(closed), ratingID, t.id, d.id, raterKey)
}

// ——— complaints (效能投诉) and accountability ———

func (g *lgen) complaints(ctx context.Context) error {
	n := max(len(complaintDefs), g.sc.Tasks/3000)
	ct := g.l.Table("complaints", "id", "created_at", "updated_at", "tracking_code", "anonymous", "complainant_name",
		"complainant_contact", "category", "text", "status", "received_at", "accept_due_at", "resolve_due_at", "decided_at",
		"resolved_at", "findings", "feedback", "client_addr", "department_id", "staff_id", "handler_id")
	at := g.l.Table("accountabilities", "id", "created_at", "updated_at", "measure", "decided_by", "decided_at",
		"complaint_id", "subject_staff_id", "subject_department_id")
	disc := g.byTpl[CodeDiscipline]
	var handlers []*lperson
	if len(disc) > 0 {
		handlers = disc[0].sections[0].workers
	} else {
		handlers = g.sections[0].workers
	}
	seen := map[string]bool{}
	span := g.now.Sub(g.from)
	nz := func(x time.Time) any {
		if x.IsZero() {
			return nil
		}
		return x
	}
	for i := 0; i < n; i++ {
		def := complaintDefs[i%len(complaintDefs)]
		received := g.workTime(workcal.DateOf(g.from.Add(time.Duration(g.r.Int64N(int64(span))))))
		if !g.cal.IsWorkingDay(workcal.DateOf(received)) {
			received = g.addWD(received, 1)
		}
		if !received.Before(g.now) {
			received = g.now.Add(-time.Duration(g.ri(30, 600)) * time.Minute)
		}
		var d *ldept
		var p *lperson
		if dvs := g.byTpl[def.dept]; def.dept != "" && len(dvs) > 0 {
			d = lpick(g, dvs[g.r.IntN(len(dvs))].sections)
			if def.staff {
				p = lpick(g, d.home)
			}
		}
		anon := g.chance(0.5)
		name, contact := "", ""
		if !anon {
			q := lpick(g, g.raters)
			name, contact = q.name, fmt.Sprintf("内线 7%03d", g.r.IntN(1000))
		}
		var code string
		for {
			b := make([]byte, 6)
			for j := range b {
				b[j] = codeAlphabet[g.r.IntN(len(codeAlphabet))]
			}
			code = fmt.Sprintf("XN-%d-%s", received.Year(), b)
			if !seen[code] {
				seen[code] = true
				break
			}
		}
		status := complaint.StatusReceived
		var decided, resolveDue, solved time.Time
		var findings, feedback string
		var handler *lperson
		age := g.cal.WorkingDaysBetween(received, g.now)
		switch {
		case age > 30 && def.findings != "":
			decided = g.addWD(received, g.ri(1, 3))
			resolveDue = g.cal.AddWorkingDays(decided, 15)
			solved = minTime(g.addWD(decided, g.ri(5, 18)), g.now)
			status, findings, feedback = complaint.StatusResolved, def.findings, def.feedback
		case age > 30:
			decided = g.addWD(received, g.ri(1, 3))
			status, feedback = complaint.StatusRejected, def.feedback
			if feedback == "" {
				feedback = "经核查，未发现反映的问题，不予受理。"
			}
		case age > 3:
			decided = g.addWD(received, g.ri(1, 2))
			resolveDue = g.cal.AddWorkingDays(decided, 15)
			status = []complaint.Status{complaint.StatusAccepted, complaint.StatusInvestigating}[g.r.IntN(2)]
			if status == complaint.StatusInvestigating {
				findings = "调查中：已调取办理记录，约谈相关部门负责人。"
			}
		}
		if !decided.IsZero() {
			decided = minTime(decided, g.now)
			handler = lpick(g, handlers)
		}
		upd := maxTime(received, maxTime(decided, solved))
		id := g.id("complaints")
		var dep, st, hd any
		if d != nil {
			dep = d.id
		}
		if p != nil {
			st = p.id
		}
		if handler != nil {
			hd = handler.id
		}
		ct.Add(id, received, upd, code, anon, name, contact, string(def.category), def.text, string(status), received,
			g.cal.AddWorkingDays(received, 3), nz(resolveDue), nz(decided), nz(solved), findings, feedback, "", dep, st, hd)
		if status == complaint.StatusResolved && g.chance(0.2) {
			var sp, sd any
			measure := "责令作出书面检查，在机关范围内通报批评；对首办责任人进行提醒谈话。"
			if p != nil {
				sp, measure = p.id, "对当事人进行诫勉谈话，扣减当月绩效考核分。"
			} else {
				sd = dep
			}
			at.Add(g.id("accountabilities"), solved, solved, measure, "机关纪委", solved, id, sp, sd)
		}
	}
	if err := g.flush(ctx, ct); err != nil {
		return err
	}
	return g.flush(ctx, at)
}
