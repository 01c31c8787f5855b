package seed

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/workcal"
)

var kindOrder = []task.Kind{task.KindRoutine, task.KindMeeting, task.KindLedger, task.KindProject,
	task.KindResearch, task.KindRepair}

func (g *gen) newTask(kind task.Kind, lead *dept, title string, start, due time.Time) *tsk {
	t := &tsk{kind: kind, lead: lead, title: title, start: start, due: due,
		prio: task.PriorityNormal}
	g.tasks = append(g.tasks, t)
	return t
}

// plannedCreated is when planned work starting at start was entered: a few
// working days before, and never after now.
func (g *gen) plannedCreated(start time.Time) time.Time {
	c := g.workTime(g.subWD(g.date(start), g.ri(1, 5)))
	if c.After(start) {
		c = start.Add(-hour)
	}
	if c.After(g.now) {
		c = g.randomWorkTime(maxTime(g.now.Add(-10*day), g.from), g.now)
		if c.After(g.now) {
			c = g.now.Add(-hour)
		}
	}
	return c
}

func (g *gen) priority(pHigh, pUrgent float64) task.Priority {
	x := g.r.Float64()
	switch {
	case x < pUrgent:
		return task.PriorityUrgent
	case x < pUrgent+pHigh:
		return task.PriorityHigh
	case x < pUrgent+pHigh+0.08:
		return task.PriorityLow
	}
	return task.PriorityNormal
}

// eligible lists the home staff of d who may be put on cross-department work.
func eligible(d *dept) []*person {
	var out []*person
	for _, p := range d.home {
		if !p.noCross && p.class != "frontline" {
			out = append(out, p)
		}
	}
	return out
}

// busyWorkers lists d's workers apart from the idle.
func busyWorkers(d *dept) []*person {
	var out []*person
	for _, p := range d.workers {
		if p.class != "idle" {
			out = append(out, p)
		}
	}
	return out
}

// ——— agency-wide meetings: the weekly meeting wants every department's two heads ———

func (g *gen) genAgencyMeetings() {
	var heads []*person
	heads = append(heads, g.root.head, g.root.deputy)
	for _, d := range g.agency {
		heads = append(heads, d.head, d.deputy)
	}
	meet := func(lead *dept, title string, start time.Time, length float64, who []*person) {
		t := g.newTask(task.KindMeeting, lead, title, start, start.Add(time.Duration(length*float64(hour))))
		t.desc = fmt.Sprintf("地点：%s。参会：机关各部门主要负责人及分管负责人（部门双主管到场）。", pick(g, meetingRooms))
		t.first, t.createdBy = lead.head, lead.head
		t.noCancel = true
		t.created = g.workTime(g.subWD(g.date(start), g.ri(2, 4)))
		if t.created.After(g.now) {
			t.created = g.now.Add(-time.Duration(g.ri(60, 600)) * time.Minute)
		}
		for _, p := range who {
			g.assign(t, p, length)
		}
	}
	office, safety, party := g.byCode[CodeOffice], g.byCode[CodeSafety], g.byCode[CodePartyBuilding]
	for w := g.weekOf(g.from); w <= g.weekOf(g.qTo.Add(-1)); w++ {
		days := g.workingDays(maxTime(g.weekStart(w), g.from), minTime(g.weekStart(w+1), g.qTo))
		if len(days) == 0 {
			continue
		}
		d := days[0]
		start := d.Start().Add(8*hour + 30*time.Minute)
		title := strings.NewReplacer("{M}", fmt.Sprint(int(d.Month)), "{N}", fmt.Sprint((d.Day-1)/7+1)).Replace(agencyMeetings[0].title)
		meet(office, title, start, 2, heads)
	}
	for m := g.from; m.Before(g.qTo); m = m.AddDate(0, 1, 0) {
		days := g.workingDays(m, m.AddDate(0, 1, 0))
		if len(days) < 12 {
			continue
		}
		var who []*person
		who = append(who, g.root.home[3])
		for _, code := range []string{CodeProduction, CodeSafety, CodeLogistics, CodeSupply} {
			who = append(who, g.byCode[code].head, g.byCode[code].deputy)
		}
		who = append(who, g.pickWorkers(eligible(safety), 2, func(p *person) float64 { return 1 })...)
		meet(safety, g.fill(agencyMeetings[1].title, days[6].Start(), nil), days[6].Start().Add(14*hour+30*time.Minute), 2, who)

		who = slices.Clone(g.root.home)
		for _, d := range g.agency {
			who = append(who, d.head)
		}
		meet(party, g.fill(agencyMeetings[2].title, days[11].Start(), nil), days[11].Start().Add(9*hour), 3, who)
	}
}

// ——— cross-department projects: the lead-share problems ———

func (g *gen) genCrossProjects() {
	leads := append([]*dept{g.root}, g.agency...)
	for qi := 0; qi < 3; qi++ {
		qs := g.from.AddDate(0, 3*qi, 0)
		qe := qs.AddDate(0, 3, 0)
		for _, d := range leads {
			cd, ok := crossProjects[d.def.code]
			if !ok {
				continue
			}
			n := 2 + g.r.IntN(2)
			switch d.def.code {
			case CodePolitical:
				n = 5
			case CodeSafety:
				n = 4
			case CodeRoot, CodePartyBuilding:
				n = 1
			}
			for i := 0; i < n; i++ {
				g.crossProject(d, cd, qs, qe)
			}
		}
	}
}

func (g *gen) crossProject(d *dept, cd crossDef, qs, qe time.Time) {
	days := g.workingDays(qs, qs.Add(qe.Sub(qs)*6/10))
	startDay := pick(g, days)
	start := startDay.Start().Add(9 * hour)
	span := g.ri(20, 45)
	due := g.cal.AddWorkingDays(start, span)
	kind := task.KindProject
	if g.chance(0.3) {
		kind = task.KindResearch
	}
	title := g.fill(pick(g, cd.titles), start, nil)
	if kind == task.KindResearch && !strings.Contains(title, "调研") && !strings.Contains(title, "研究") {
		title += "课题研究"
	}
	code := d.def.code
	nco := 1 + g.r.IntN(2)
	if code == CodePolitical {
		nco = 2 + g.r.IntN(2)
	}
	cands := slices.Clone(cd.co)
	g.r.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	var cos []*dept
	for _, c := range cands[:min(nco, len(cands))] {
		cos = append(cos, g.byCode[c])
	}
	total := g.rf(80, 260)
	var share float64
	nl := 1 + g.r.IntN(2)
	switch code {
	case CodePolitical:
		share, nl = g.rf(0.04, 0.11), 1
	case CodeSafety:
		share, nl = g.rf(0.88, 0.95), 2+g.r.IntN(2)
	default:
		share = g.rf(0.35, 0.75)
	}
	t := g.newTask(kind, d, title, start, due)
	t.co = cos
	t.first, t.createdBy = d.head, d.head
	t.prio = g.priority(0.3, 0.03)
	t.hasCost = true
	if kind == task.KindProject {
		t.costEst = math.Round(g.rf(20000, 480000)/1000) * 1000
	} else {
		t.costEst = math.Round(g.rf(5000, 50000)/1000) * 1000
	}
	var coNames []string
	for _, c := range cos {
		coNames = append(coNames, c.short())
	}
	t.desc = fmt.Sprintf("%s牵头，%s配合。实行项目化管理：明确工作内容、时间节点、责任人和实施成本，按周报送进展，%d个工作日内完成。",
		d.short(), strings.Join(coNames, "、"), span)

	byRoom := func(p *person) float64 { return g.spanRemaining(p, start, due) + 1 }
	split := func(ps []*person, hours float64) {
		if len(ps) == 0 {
			return
		}
		ws := make([]float64, len(ps))
		var sum float64
		for i := range ps {
			ws[i] = g.rf(0.6, 1.4)
			sum += ws[i]
		}
		for i, p := range ps {
			g.assign(t, p, math.Max(0.5, half(hours*ws[i]/sum)))
		}
	}
	split(g.pickWorkers(eligible(d), nl, byRoom), total*share)
	coHours := total * (1 - share)
	cw := make([]float64, len(cos))
	var cs float64
	for i := range cos {
		cw[i] = g.rf(0.6, 1.4)
		cs += cw[i]
	}
	for i, c := range cos {
		n := 1
		if code != CodeSafety && g.chance(0.5) {
			n = 2
		}
		split(g.pickWorkers(eligible(c), n, byRoom), coHours*cw[i]/cs)
	}
}

// ——— frontline requests, passed back and forth ———

var misroutes = [][2]string{{CodeOffice, CodeSupply}, {CodeIT, CodeLogistics}, {CodeHR, CodePartyBuilding}, {CodeSafety, CodeSupply}}

func (g *gen) genRequests() {
	var reqItems []*item
	var weights []float64
	for _, it := range g.items {
		if len(it.def.problems) > 0 {
			reqItems = append(reqItems, it)
			weights = append(weights, it.def.weight)
		}
	}
	perDay := []float64{0.22, 0.33, 0.25, 0.13, 0.07} // P(k requests a day)
	for _, d := range g.workingDays(g.from, g.now) {
		k := g.weighted(perDay)
		for i := 0; i < k; i++ {
			it := reqItems[g.weighted(weights)]
			unit := pick(g, g.fronts)
			requester := pick(g, unit.home[:5])
			created := g.workTime(d)
			if !created.Before(g.now) {
				continue
			}
			g.request(it, unit, requester, created, false)
		}
	}
	// However early in a quarter "today" is, the data shows a fresh case of
	// the two departments passing a request back and forth.
	if d := g.subWD(g.date(g.now), 6); !d.Start().Before(g.from) {
		unit := g.fronts[0]
		g.request(g.itemBy["circuits"], unit, unit.home[3], g.workTime(d), true)
	}
}

func (g *gen) request(it *item, unit *dept, requester *person, created time.Time, pingPong bool) {
	logi, prod, office := g.byCode[CodeLogistics], g.byCode[CodeProduction], g.byCode[CodeOffice]
	resp := it.resp
	recv := resp
	var chain []*dept
	switch k := it.def.key; {
	case resp == nil:
		recv = office
		chain = []*dept{logi}
		if g.chance(0.5) {
			chain = append(chain, office)
		}
	case k == "drainpipe" || k == "doors" || k == "lighting" || k == "circuits":
		other := prod
		if resp == prod {
			other = logi
		}
		if pingPong {
			chain = []*dept{other, resp}
		} else if g.chance(0.55) {
			switch x := g.r.Float64(); {
			case x < 0.30:
				recv, chain = other, []*dept{resp}
			case x < 0.65:
				recv, chain = resp, []*dept{other, resp}
			case x < 0.80:
				recv, chain = resp, []*dept{other, resp, other}
			default:
				recv, chain = other, []*dept{resp, other}
			}
		}
	default:
		if g.chance(0.07) {
			for _, m := range misroutes {
				if m[1] == resp.def.code {
					recv, chain = g.byCode[m[0]], []*dept{resp}
					break
				}
			}
		}
	}
	first := pick(g, busyWorkers(recv))
	if first.secondedTo != nil {
		first = recv.head
	}
	holders := []*dept{recv}
	R := created
	actor := first
	var xs []*xfer
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
			if at.Hour() >= 18 || g.date(at) != g.date(R) {
				at = g.cal.NthWorkingDayAfter(g.date(R), 1).Start().Add(8*hour + 30*time.Minute + time.Duration(g.ri(0, 90))*time.Minute)
			}
		}
		if !at.Before(g.now) {
			break
		}
		from := holders[len(holders)-1]
		reasons := transferReasons[[2]string{from.def.code, to.def.code}]
		reason := "不属于我部门职责范围"
		if len(reasons) > 0 {
			reason = pick(g, reasons)
		}
		xs = append(xs, &xfer{from: from, to: to, at: at, reason: reason, actor: actor,
			ping: slices.Contains(holders, to), late: !g.cal.WithinWorkingDays(R, at, 1)})
		holders = append(holders, to)
		R = at
		actor = pick(g, busyWorkers(to))
	}
	holder := holders[len(holders)-1]
	problem := pick(g, it.def.problems)
	if strings.HasSuffix(unit.def.name, "车间") {
		problem = strings.TrimPrefix(problem, "车间")
	}
	t := g.newTask(task.KindRequest, holder, unit.def.name+problem, created, g.cal.AddWorkingDays(created, it.def.resolveDays))
	t.created = created
	t.desc = fmt.Sprintf("%s%s反映：%s。请按服务承诺（%d个工作小时内响应、%d个工作日内办结）办理。联系人：%s。",
		unit.def.name, requester.pos, problem, it.def.respondHours, it.def.resolveDays, requester.name)
	t.unit, t.first, t.createdBy = unit, first, requester
	t.leadReceived = R
	t.xfers = xs
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
	w := g.weekOf(created)
	n := 1
	if g.chance(0.3) {
		n = 2
	}
	for _, p := range g.pickWorkers(busyWorkers(holder), n, func(p *person) float64 { return math.Max(0, g.remaining(p, w)) + 0.5 }) {
		g.assign(t, p, half(g.rf(2, 12)))
	}
}

// ——— the filler: each department's own work, up to every person's target ———

func (g *gen) pickKind(d *dept) task.Kind {
	prof := d.def.profile
	var kinds []task.Kind
	var shares []float64
	for _, k := range kindOrder {
		if s := prof[k]; s > 0 {
			kinds = append(kinds, k)
			shares = append(shares, s)
		}
	}
	hours := g.kindHours[d]
	var total float64
	for _, k := range kinds {
		total += hours[k]
	}
	if total == 0 || g.chance(0.35) {
		return kinds[g.weighted(shares)]
	}
	best, bestGap := kinds[0], math.Inf(-1)
	for i, k := range kinds {
		if gap := shares[i] - hours[k]/total; gap > bestGap {
			best, bestGap = k, gap
		}
	}
	return best
}

func (g *gen) genFiller() {
	order := append([]*dept{g.root}, g.agency...)
	for _, d := range order {
		g.kindHours[d] = map[task.Kind]float64{}
	}
	for w := g.weekOf(g.from); w <= g.weekOf(g.qTo.Add(-1)); w++ {
		days := g.workingDays(maxTime(g.weekStart(w), g.from), minTime(g.weekStart(w+1), g.qTo))
		if len(days) == 0 {
			continue
		}
		for _, d := range order {
			fails := 0
			for iter := 0; iter < 400 && fails < 6; iter++ {
				var rem float64
				for _, p := range d.workers {
					rem += math.Max(0, g.remaining(p, w))
				}
				if rem < 1.5*float64(len(d.workers)) {
					break
				}
				if g.fillerTask(d, g.pickKind(d), w, days) == nil {
					fails++
				}
			}
		}
	}
}

func (g *gen) fillerTask(d *dept, kind task.Kind, w int, days []workcal.Date) *tsk {
	dd := pick(g, days)
	party := d.def.code == CodePartyBuilding
	var start, due time.Time
	var n int
	var hmin, hmax, length float64
	span := 0
	switch kind {
	case task.KindMeeting:
		lengths := []float64{1.5, 2, 2.5, 3, 3}
		if party {
			lengths = []float64{3, 3.5, 4}
		}
		length = pick(g, lengths)
		start = dd.Start().Add(pick(g, []time.Duration{9 * hour, 9*hour + 30*time.Minute, 14*hour + 30*time.Minute, 15 * hour}))
		due = start.Add(time.Duration(length * float64(hour)))
		lo := min(3, len(d.workers))
		if party {
			lo = min(5, len(d.workers))
		}
		n = g.ri(max(lo, len(d.workers)*2/3), min(12, len(d.workers)))
	case task.KindLedger:
		span, n, hmin, hmax = g.ri(3, 8), 1+g.r.IntN(2), 10, 32
	case task.KindResearch:
		span, n, hmin, hmax = g.ri(20, 40), 2+g.r.IntN(2), 20, 60
	case task.KindProject:
		span, n, hmin, hmax = g.ri(15, 35), 2+g.r.IntN(3), 24, 80
	case task.KindRepair:
		span, n, hmin, hmax = g.ri(2, 8), 1+g.r.IntN(2), 6, 28
	default:
		kind = task.KindRoutine
		span, hmin, hmax = g.ri(5, 25), 24, 96
		switch x := g.r.Float64(); {
		case x < 0.45:
			n = 1
		case x < 0.9:
			n = 2
		default:
			n = 3
		}
	}
	if kind != task.KindMeeting {
		start = dd.Start().Add(8*hour + 30*time.Minute + time.Duration(g.ri(0, 90))*time.Minute)
		due = g.cal.AddWorkingDays(start, span)
	}
	var cands []*person
	for _, p := range d.workers {
		if g.remaining(p, w) > 0.5 {
			cands = append(cands, p)
		}
	}
	chosen := g.pickWorkers(cands, n, func(p *person) float64 { return math.Max(0, g.remaining(p, w)) })
	type pa struct {
		p *person
		h float64
	}
	var as []pa
	for _, p := range chosen {
		c := g.capFor(p, start, due)*1.1 + 1 // a little over the target is how work lands
		if kind == task.KindMeeting {
			if c >= length*0.9 {
				as = append(as, pa{p, length})
			}
			continue
		}
		h := half(math.Min(g.rf(hmin, hmax), c))
		if h >= hmin/2.5 {
			as = append(as, pa{p, h})
		}
	}
	if len(as) == 0 || (kind == task.KindMeeting && len(as) < 2) {
		return nil
	}
	var unit *dept
	if kind == task.KindRepair || g.chance(0.3) {
		unit = pick(g, g.fronts)
	}
	tpls := titleTemplates[d.def.code][kind]
	if len(tpls) == 0 {
		tpls = titleTemplates[d.def.code][task.KindRoutine]
	}
	t := g.newTask(kind, d, g.fill(pick(g, tpls), start, unit), start, due)
	t.createdBy = d.head
	t.first = as[0].p
	if t.first.dept != d {
		t.first = d.head
	}
	t.prio = g.priority(0.15, 0.02)
	switch kind {
	case task.KindMeeting:
		t.desc = fmt.Sprintf("地点：%s。时长约%.1f小时。", pick(g, meetingRooms), length)
		t.prio = task.PriorityNormal
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
		t.desc = fmt.Sprintf("%s报修，现场查看后安排维修，%d个工作日内完成。", unit.def.name, span)
		t.unit = unit
		t.hasCost, t.costEst = true, math.Round(g.rf(800, 30000)/100)*100
	default:
		t.desc = fmt.Sprintf("按照%s工作安排办理，%d个工作日内办结。", d.short(), span)
	}
	for _, a := range as {
		g.assign(t, a.p, a.h)
		g.kindHours[d][kind] += a.h
	}
	return t
}

// ——— statuses and history consistent with the dates ———

func (g *gen) ev(t *tsk, typ taskevent.Type, actor *person, at time.Time) *evt {
	e := &evt{typ: typ, actor: actor, at: at}
	t.events = append(t.events, e)
	return e
}

func statusEv(g *gen, t *tsk, actor *person, at time.Time, from, to task.Status) *evt {
	e := g.ev(t, taskevent.TypeStatusChanged, actor, at)
	e.fromStatus, e.toStatus = string(from), string(to)
	return e
}

func (g *gen) finalize(t *tsk) {
	now := g.now
	clamp := func(x, prev time.Time) time.Time { return minTime(maxTime(x, prev), now) }
	if t.created.IsZero() {
		t.created = g.plannedCreated(t.start)
	}
	started := !t.start.After(now)
	past := !t.due.After(now)
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
			status = task.StatusDone
		case x < 0.72:
			status = task.StatusInProgress
		case x < 0.92:
			status = task.StatusAccepted
		default:
			status = task.StatusNew
		}
	default:
		pOver := 0.045 + t.overdueBias
		switch t.lead.def.code {
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
		case x < pCancel+pOver: // still open past its deadline
			switch y := g.r.Float64(); {
			case y < 0.6:
				status = task.StatusInProgress
			case y < 0.85:
				status = task.StatusAccepted
			default:
				status = task.StatusNew
			}
		}
	}
	opener := t.createdBy
	if opener == nil {
		opener = t.first
	}
	g.ev(t, taskevent.TypeCreated, opener, t.created)
	prev := t.created
	for _, x := range t.xfers {
		e := g.ev(t, taskevent.TypeTransferred, x.actor, x.at)
		e.from, e.to, e.reason, e.ping, e.late = x.from, x.to, x.reason, x.ping, x.late
		prev = x.at
	}
	recv := maxTime(t.created, t.leadReceived)
	assigner := t.lead.head
	if t.kind == task.KindRequest && t.first != nil && t.first.dept == t.lead {
		assigner = t.first
	}
	assignedAt := clamp(g.office(recv.Add(time.Duration(g.ri(10, 180))*time.Minute)), prev)
	if t.kind == task.KindMeeting {
		assignedAt = clamp(t.created.Add(time.Duration(g.ri(5, 60))*time.Minute), prev)
	}
	for i, a := range t.assigns {
		e := g.ev(t, taskevent.TypeAssigned, assigner, clamp(assignedAt.Add(time.Duration(i)*time.Minute), prev))
		e.reason = "指派：" + a.p.name
		prev = e.at
	}
	var worker *person
	if len(t.assigns) > 0 {
		worker = t.assigns[0].p
	} else {
		worker = t.first
	}
	accepted := status == task.StatusAccepted || status == task.StatusInProgress || status == task.StatusDone ||
		(status == task.StatusCancelled && g.chance(0.6))
	acceptedAt := clamp(g.office(prev.Add(time.Duration(g.ri(12, 300))*time.Minute)), prev)
	if t.kind == task.KindMeeting {
		acceptedAt = clamp(prev.Add(time.Duration(g.ri(5, 120))*time.Minute), prev)
		if acceptedAt.After(t.start) && !t.start.Before(prev) {
			acceptedAt = t.start
		}
	}
	if len(t.xfers) > 0 {
		acceptedAt = clamp(g.office(acceptedAt.Add(time.Duration(g.ri(60, 900))*time.Minute)), prev)
	}
	var cancelAt time.Time
	if status == task.StatusCancelled {
		cancelAt = g.randomWorkTime(prev.Add(hour), maxTime(minTime(now, t.due), prev.Add(2*hour)))
		cancelAt = clamp(cancelAt, prev)
		if !acceptedAt.Before(cancelAt) {
			accepted = false
		}
	}
	last := task.StatusNew
	if accepted {
		e := g.ev(t, taskevent.TypeAccepted, worker, acceptedAt)
		e.fromStatus, e.toStatus = string(task.StatusNew), string(task.StatusAccepted)
		prev = acceptedAt
		last = task.StatusAccepted
	}
	inProgress := status == task.StatusInProgress || status == task.StatusDone ||
		(status == task.StatusCancelled && accepted && g.chance(0.5))
	progAt := prev
	if inProgress {
		progAt = clamp(g.office(maxTime(prev.Add(5*time.Minute), t.start)), prev)
		if status == task.StatusCancelled && !progAt.Before(cancelAt) {
			inProgress = false
		} else {
			statusEv(g, t, worker, progAt, last, task.StatusInProgress)
			prev = progAt
			last = task.StatusInProgress
		}
	}
	if status == task.StatusDone {
		c := g.completion(t, progAt)
		t.completed = c
		if t.kind != task.KindMeeting && (status == task.StatusDone) && g.chance(0.12) && c.Sub(progAt) > 2*hour {
			ce := g.ev(t, taskevent.TypeCommented, worker, g.randomWorkTime(progAt.Add(hour), c))
			ce.reason = pick(g, commentTexts)
			if ce.at.Before(progAt) || ce.at.After(c) {
				ce.at = progAt.Add(c.Sub(progAt) / 2).Truncate(time.Second)
			}
		}
		statusEv(g, t, worker, c, last, task.StatusDone)
		prev = c
	}
	if status == task.StatusInProgress && g.chance(0.15) && now.Sub(progAt) > 4*hour {
		ce := g.ev(t, taskevent.TypeCommented, worker, g.randomWorkTime(progAt.Add(hour), now))
		ce.reason = pick(g, commentTexts)
		if ce.at.Before(progAt) || ce.at.After(now) {
			ce.at = progAt.Add(now.Sub(progAt) / 2).Truncate(time.Second)
		}
	}
	if status == task.StatusCancelled {
		t.cancelReason = pick(g, cancelReasons)
		e := statusEv(g, t, t.lead.head, clamp(cancelAt, prev), last, task.StatusCancelled)
		e.reason = t.cancelReason
		prev = e.at
	}
	t.status = status
	g.actuals(t)
	g.closeEvents(t)
}

// completion picks completedAt for a DONE task: early when the deadline is
// still ahead, otherwise mostly on time, sometimes late.
func (g *gen) completion(t *tsk, progAt time.Time) time.Time {
	now := g.now
	if t.kind == task.KindMeeting {
		return minTime(t.due, now)
	}
	L := t.due.Sub(t.start)
	lo := maxTime(progAt.Add(30*time.Minute), t.start.Add(L*4/10))
	if lo.After(now) {
		lo = maxTime(progAt, now.Add(-time.Minute))
	}
	var c time.Time
	pLate := 0.12 + t.lateBias
	switch t.lead.def.code {
	case CodeSupply:
		pLate += 0.18
	case CodeLogistics:
		pLate += 0.08
	}
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

// between returns an office-hours instant in [lo, hi), or a uniform one.
func (g *gen) between(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return lo
	}
	c := g.randomWorkTime(lo, hi)
	if c.Before(lo) || !c.Before(hi) {
		c = lo.Add(time.Duration(g.r.Int64N(int64(hi.Sub(lo))))).Truncate(time.Second)
	}
	return c
}

func (g *gen) actuals(t *tsk) {
	now := g.now
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
				f = math.Min(1, math.Max(0, float64(now.Sub(t.start))/float64(t.due.Sub(t.start))))
			}
			a.actual = half(a.hours * f * g.rf(0.6, 1.1))
		}
	}
	if t.hasCost && t.status == task.StatusDone {
		t.costAct = math.Round(t.costEst*g.rf(0.85, 1.25)/100) * 100
	}
}

// closeEvents orders the history, keeps it at or before now and sets updated.
func (g *gen) closeEvents(t *tsk) {
	for _, e := range t.events {
		if e.at.After(g.now) {
			e.at = g.now
		}
		if e.at.Before(t.created) {
			e.at = t.created
		}
	}
	slices.SortStableFunc(t.events, func(a, b *evt) int { return a.at.Compare(b.at) })
	t.updated = t.created
	if n := len(t.events); n > 0 {
		t.updated = t.events[n-1].at
	}
}
