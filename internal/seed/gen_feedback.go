package seed

import (
	"fmt"
	"math"
	"slices"
	"time"

	"xiaoneng/ent/complaint"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
)

// ——— frontline visits (下沉服务) ———

func (g *gen) genVisits() {
	years := g.now.Sub(g.from).Hours() / (365 * 24)
	for _, d := range g.agency {
		n := int(math.Round(float64(d.def.quota) * years * d.def.visitRate * 1.15 * g.rf(0.9, 1.1)))
		for i := 0; i < n; i++ {
			at := g.randomWorkTime(g.from, g.now)
			unit := pick(g, g.fronts)
			v := &visit{d: d, p: pick(g, eligible(d)), unit: unit, at: at,
				purpose: g.fill(pick(g, visitPurposes[d.def.code]), at, unit)}
			v.solved = g.weighted([]float64{0.25, 0.4, 0.25, 0.1})
			switch {
			case v.solved > 0 && g.chance(0.4):
				v.notes = fmt.Sprintf("现场解决问题%d个，%d个问题带回研究。", v.solved, g.ri(1, 2))
			case v.solved > 0:
				v.notes = fmt.Sprintf("现场解决问题%d个。", v.solved)
			default:
				v.notes = "听取意见建议，问题带回研究。"
			}
			p := 0.87
			if g.now.Sub(at) < 3*day {
				p = 0.35
			}
			if g.chance(p) {
				c := at.Add(time.Duration(g.ri(60, 60*24*3)) * time.Minute)
				if c.After(g.now) {
					c = at.Add(g.now.Sub(at) / 2).Truncate(time.Second)
				}
				v.confirmed, v.confirmedAt = true, c
				v.confirmedBy = unit.head
				if g.chance(0.4) {
					v.confirmedBy = unit.deputy
				}
			}
			g.visits = append(g.visits, v)
		}
	}
}

// ——— ratings (一线打分) ———

func clampScore(x int) int { return max(1, min(5, x)) }

func (g *gen) genRatings() {
	supply := g.byCode[CodeSupply]
	var raters []*person
	for _, u := range g.fronts {
		for _, p := range u.home {
			if p.secondedTo == nil {
				raters = append(raters, p)
			}
		}
	}
	type month struct{ lo, hi time.Time }
	var months []month
	for m := time.Date(g.from.Year(), g.from.Month(), 1, 0, 0, 0, 0, g.loc); m.Before(g.now); m = m.AddDate(0, 1, 0) {
		lo, hi := maxTime(m, g.from), minTime(m.AddDate(0, 1, 0), g.now)
		if !hi.After(lo) {
			continue
		}
		months = append(months, month{lo, hi})
		frac := float64(hi.Sub(lo)) / float64(m.AddDate(0, 1, 0).Sub(m))
		for _, d := range g.agency {
			n := int(math.Round(d.def.rateBase * 1.15 * frac * g.rf(0.85, 1.15)))
			if frac >= 0.25 {
				n = max(n, 3)
				if d == supply {
					n = max(n, 6)
				}
			}
			pool := slices.Clone(raters)
			g.r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
			for i := 0; i < n; i++ {
				rater := pool[i%len(pool)]
				rt := &rate{rater: rater, unit: rater.dept, target: d, at: g.randomWorkTime(lo, hi),
					anon: g.chance(0.25), appeal: rating.AppealStatusNone}
				if !rt.at.Before(g.now) {
					rt.at = g.now.Add(-time.Minute)
				}
				rt.score = clampScore(int(math.Round(d.def.meanScore + g.r.NormFloat64()*0.85)))
				g.ratings = append(g.ratings, rt)
			}
		}
	}
	// The demo `frontline` account rates both by name and anonymously, so
	// "my ratings" shows how an anonymous rater still finds their own.
	demoRater := g.fronts[0].home[2]
	var mine []*rate
	for _, rt := range g.ratings {
		if rt.rater == demoRater {
			mine = append(mine, rt)
		}
	}
	if len(mine) >= 2 {
		if !slices.ContainsFunc(mine, func(rt *rate) bool { return rt.anon }) {
			mine[0].anon = true
		}
		if !slices.ContainsFunc(mine, func(rt *rate) bool { return !rt.anon }) {
			mine[len(mine)-1].anon = false
		}
	}
	// 物资供应部 is the bottom of every month's ranking, clearly.
	for _, m := range months {
		in := func(rt *rate) bool { return !rt.at.Before(m.lo) && rt.at.Before(m.hi) }
		for iter := 0; iter < 100; iter++ {
			sums := map[*dept][2]float64{}
			for _, rt := range g.ratings {
				if in(rt) {
					s := sums[rt.target]
					sums[rt.target] = [2]float64{s[0] + float64(rt.score), s[1] + 1}
				}
			}
			sm := sums[supply]
			if sm[1] == 0 {
				break
			}
			minOther := math.Inf(1)
			for _, d := range g.agency {
				if s := sums[d]; d != supply && s[1] > 0 {
					minOther = math.Min(minOther, s[0]/s[1])
				}
			}
			if sm[0]/sm[1] < minOther-0.3 && sm[0]/sm[1] < 2.9 {
				break
			}
			var hi *rate
			for _, rt := range g.ratings {
				if in(rt) && rt.target == supply && rt.score > 1 && (hi == nil || rt.score > hi.score) {
					hi = rt
				}
			}
			if hi == nil {
				break
			}
			hi.score--
		}
	}
	slices.SortStableFunc(g.ratings, func(a, b *rate) int { return a.at.Compare(b.at) })
	used := map[*tsk]bool{}
	for _, rt := range g.ratings {
		bias := 0
		if rt.target == supply {
			bias = -1
		}
		dim := func(b int) int {
			x := g.r.Float64()
			switch {
			case x < 0.2:
				return clampScore(rt.score - 1 + b)
			case x < 0.4:
				return clampScore(rt.score + 1 + b)
			}
			return clampScore(rt.score + b)
		}
		rt.resp, rt.resol, rt.att = dim(bias), dim(0), dim(0)
		if pool, ok := badComments[rt.target.def.code]; ok && rt.score <= 2 && g.chance(0.65) {
			rt.comment = pick(g, pool)
		} else {
			rt.comment = pick(g, ratingComments[rt.score])
		}
		// what it is about: a request the unit filed, or a visit
		if g.chance(0.6) {
			var best *tsk
			for _, t := range g.tasks {
				if t.kind == task.KindRequest && t.unit == rt.unit && t.lead == rt.target && t.status == task.StatusDone &&
					!used[t] && t.completed.Before(rt.at) && rt.at.Sub(t.completed) < 30*day &&
					(best == nil || t.completed.After(best.completed)) {
					best = t
				}
			}
			if best != nil {
				rt.t = best
				used[best] = true
			}
		}
		if rt.t == nil && g.chance(0.5) {
			for _, v := range g.visits {
				if v.d == rt.target && v.unit == rt.unit && v.confirmed && v.confirmedAt.Before(rt.at) &&
					rt.at.Sub(v.at) < 45*day && (rt.v == nil || v.at.After(rt.v.at)) {
					rt.v = v
				}
			}
		}
	}
	g.genRectifications()
}

// ——— rectifications (差评整改) ———

type rectPlan int

const (
	planOpen rectPlan = iota
	planOpenOverdue
	planOpenReopened
	planAnswered
	planSatisfied
	planBasically
	planDissatisfied // after one reopen
	planSatisfiedReopened
	planVoided
)

func (g *gen) genRectifications() {
	supply := g.byCode[CodeSupply]
	var bad []*rate
	for _, rt := range g.ratings {
		if rt.score <= 2 {
			bad = append(bad, rt)
		}
	}
	if len(bad) == 0 {
		return
	}
	age := make([]int, len(bad))
	plan := make([]rectPlan, len(bad))
	for i, rt := range bad {
		a := g.cal.WorkingDaysBetween(rt.at, g.now)
		age[i] = a
		x := g.r.Float64()
		switch {
		case a <= 2:
			plan[i] = planOpen
		case a <= 15:
			switch {
			case x < 0.45:
				plan[i] = planOpen
			case x < 0.8 || a < 6:
				plan[i] = planAnswered
			default:
				plan[i] = planSatisfied
			}
		default:
			pOpen := 0.10
			if rt.target == supply {
				pOpen = 0.25
			}
			switch {
			case x < pOpen:
				plan[i] = planOpenOverdue
			case x < pOpen+0.08:
				plan[i] = planAnswered
			case x < pOpen+0.12:
				plan[i] = planOpenReopened
			default:
				y := g.r.Float64()
				switch {
				case y < 0.14:
					plan[i] = planDissatisfied
				case y < 0.22:
					plan[i] = planSatisfiedReopened
				case y < 0.62:
					plan[i] = planSatisfied
				default:
					plan[i] = planBasically
				}
			}
		}
	}
	// Every state must be present.
	count := func(p rectPlan) int {
		n := 0
		for _, x := range plan {
			if x == p {
				n++
			}
		}
		return n
	}
	need := []struct {
		p      rectPlan
		minAge int
		maxAge int
	}{
		{planOpen, 0, 14}, {planOpenOverdue, 16, 1 << 30}, {planAnswered, 3, 1 << 30}, {planSatisfied, 8, 1 << 30},
		{planBasically, 8, 1 << 30}, {planDissatisfied, 16, 1 << 30},
	}
	for _, n := range need {
		if count(n.p) > 0 {
			continue
		}
		for j := range bad {
			if age[j] >= n.minAge && age[j] <= n.maxAge && count(plan[j]) >= 2 {
				plan[j] = n.p
				break
			}
		}
	}
	// Appeals (申诉复核): one voided, one upheld, one pending — never on 物资供应部.
	appeal := func(st rating.AppealStatus, minAge, maxAge int, ok func(rectPlan) bool, supplyToo bool) bool {
		for j := len(bad) - 1; j >= 0; j-- {
			rt := bad[j]
			if (rt.target == supply && !supplyToo) || rt.appeal != rating.AppealStatusNone || age[j] < minAge ||
				age[j] > maxAge || !ok(plan[j]) || (st == rating.AppealStatusVoided && count(plan[j]) < 2) {
				continue
			}
			rt.appeal = st
			switch st {
			case rating.AppealStatusVoided:
				rt.appealReason = "该评价系误评：所反映的问题发生在其他部门管理的区域，不属于我部门办理事项。"
				rt.appealNote = "经复核，评价对象有误，该评价予以作废，不计入各项指标。"
				rt.appealDecided = g.addWD(rt.at, 4)
				plan[j] = planVoided
			case rating.AppealStatusUpheld:
				rt.appealReason = "评价人所述情况与事实不符，我部门已按承诺时限办理。"
				rt.appealNote = "经复核，评价反映的问题基本属实，维持原评价，整改继续进行。"
				rt.appealDecided = g.addWD(rt.at, 3)
			default:
				rt.appealReason = "该事项属第三方施工单位责任，非我部门职责，申请复核。"
			}
			return true
		}
		return false
	}
	const never = 1 << 30
	anyPlan := func(rectPlan) bool { return true }
	closed := func(p rectPlan) bool { return p == planSatisfied || p == planBasically }
	open := func(p rectPlan) bool { return p == planOpen || p == planAnswered }
	_ = appeal(rating.AppealStatusVoided, 20, never, closed, false) ||
		appeal(rating.AppealStatusVoided, 8, never, closed, false) ||
		appeal(rating.AppealStatusVoided, 8, never, closed, true)
	_ = appeal(rating.AppealStatusUpheld, 12, never, anyPlan, false) ||
		appeal(rating.AppealStatusUpheld, 3, never, anyPlan, true)
	_ = appeal(rating.AppealStatusPending, 1, 12, open, false) ||
		appeal(rating.AppealStatusPending, 0, 20, open, false) ||
		appeal(rating.AppealStatusPending, 0, 20, open, true) ||
		appeal(rating.AppealStatusPending, 0, never, anyPlan, true)
	for i, rt := range bad {
		g.rectify(rt, plan[i], age[i])
	}
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func (g *gen) rectify(rt *rate, plan rectPlan, age int) {
	d := rt.target
	now := g.now
	start := rt.at.Add(time.Duration(g.ri(5, 60)) * time.Minute)
	if start.After(now) {
		start = now
	}
	due := g.cal.AddWorkingDays(rt.at, 15)
	about := rt.comment
	if about == "" {
		about = fmt.Sprintf("服务评价%d分", rt.score)
	}
	t := g.newTask(task.KindRectification, d, "差评整改："+truncRunes(about, 24), start, due)
	t.created = start
	t.unit = rt.unit
	from := rt.unit.def.name
	if rt.anon {
		from = rt.unit.def.name + "（匿名）"
	}
	t.desc = fmt.Sprintf("%s对%s的服务评价为%d分：“%s”。按“谁办理谁负责”原则，%d个工作日内完成整改并答复评价人。",
		from, d.short(), rt.score, about, 15)
	t.prio = task.PriorityHigh
	for _, p := range g.pickWorkers(busyWorkers(d), 1+g.r.IntN(2), func(p *person) float64 { return 1 }) {
		if p.secondedTo == nil {
			g.assign(t, p, half(g.rf(4, 12)))
		}
	}
	if len(t.assigns) == 0 {
		g.assign(t, d.head, 4)
	}
	worker := t.assigns[0].p
	t.first = worker

	rc := &rect{r: rt, t: t, due: due, status: rectification.StatusOpen}
	rt.rect = rc
	g.rects = append(g.rects, rc)

	c := func(x time.Time) time.Time { return minTime(x, now) }
	g.ev(t, taskevent.TypeCreated, nil, t.created).reason = "差评自动生成整改任务"
	assignedAt := c(g.office(t.created.Add(time.Duration(g.ri(30, 240)) * time.Minute)))
	e := g.ev(t, taskevent.TypeAssigned, d.head, assignedAt)
	e.reason = "指派：" + worker.name
	acceptedAt := c(g.office(assignedAt.Add(time.Duration(g.ri(30, 360)) * time.Minute)))
	accepted := age > 0 || g.chance(0.5)
	status := task.StatusAccepted
	if accepted {
		e = g.ev(t, taskevent.TypeAccepted, worker, acceptedAt)
		e.fromStatus, e.toStatus = string(task.StatusNew), string(task.StatusAccepted)
	} else {
		status = task.StatusNew
	}
	progAt := c(g.office(acceptedAt.Add(time.Duration(g.ri(5, 600)) * time.Minute)))
	inProgress := accepted && (age > 1 || g.chance(0.5))
	if inProgress {
		statusEv(g, t, worker, progAt, task.StatusAccepted, task.StatusInProgress)
		status = task.StatusInProgress
	}
	done := func(at time.Time, answer string) {
		statusEv(g, t, worker, at, task.StatusInProgress, task.StatusDone).reason = "已答复整改情况"
		rc.answer, rc.answeredAt = answer, at
		t.completed = at
		status = task.StatusDone
	}
	reopen := func(at time.Time) {
		rc.verdict, rc.judgedAt = rectification.VerdictDissatisfied, at
		rc.reopen = 1
		statusEv(g, t, nil, at, task.StatusDone, task.StatusInProgress).reason = "评价人对整改不满意，重新打开"
		t.completed = time.Time{}
		status = task.StatusInProgress
	}
	// answered within the deadline mostly: a1 working days after the rating
	wd := func(from time.Time, lo, hi int) time.Time {
		return maxTime(g.addWD(from, g.ri(lo, max(lo, hi))), from.Add(time.Minute))
	}
	a1Max := min(10, max(2, age-5))
	switch plan {
	case planOpen, planOpenOverdue:
		// still being worked on
	case planAnswered:
		done(c(wd(progAt, 1, min(8, max(1, age-1)))), pick(g, answerTexts))
	case planSatisfied, planBasically:
		done(c(wd(progAt, 1, a1Max)), pick(g, answerTexts))
		rc.judgedAt = c(wd(rc.answeredAt, 1, 3))
		rc.verdict = rectification.VerdictSatisfied
		if plan == planBasically {
			rc.verdict = rectification.VerdictBasicallySatisfied
		}
		rc.status, rc.closedAt = rectification.StatusClosed, rc.judgedAt
	case planOpenReopened:
		done(c(wd(progAt, 1, 6)), pick(g, answerTexts))
		reopen(c(wd(rc.answeredAt, 1, 3)))
	case planDissatisfied, planSatisfiedReopened:
		done(c(wd(progAt, 1, 5)), pick(g, answerTexts))
		reopen(c(wd(rc.answeredAt, 1, 2)))
		done(c(wd(rc.judgedAt, 1, 4)), pick(g, reanswerTexts))
		rc.judgedAt = c(wd(rc.answeredAt, 1, 2))
		rc.verdict = rectification.VerdictDissatisfied
		if plan == planSatisfiedReopened {
			rc.verdict = rectification.VerdictSatisfied
		}
		rc.status, rc.closedAt = rectification.StatusClosed, rc.judgedAt
	case planVoided:
		at := c(rt.appealDecided)
		rc.status, rc.closedAt = rectification.StatusClosed, at
		rc.answer = "申诉成立，评价已作废，整改任务关闭。"
		t.cancelReason = "评价经申诉复核作废"
		statusEv(g, t, d.head, at, status, task.StatusCancelled).reason = t.cancelReason
		status = task.StatusCancelled
		t.completed = time.Time{}
	}
	if plan == planAnswered {
		rc.status = rectification.StatusAnswered
	}
	t.status = status
	g.actuals(t)
	g.closeEvents(t)
	rc.updated = maxTime(t.updated, maxTime(rc.judgedAt, rc.closedAt))
	if rt.appeal != rating.AppealStatusNone && !rt.appealDecided.IsZero() {
		rt.appealDecided = c(rt.appealDecided)
	}
}

// ——— complaints (效能投诉) ———

const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func (g *gen) trackingCode(at time.Time, seen map[string]bool) string {
	for {
		b := make([]byte, 6)
		for i := range b {
			b[i] = codeAlphabet[g.r.IntN(len(codeAlphabet))]
		}
		s := fmt.Sprintf("XN-%d-%s", at.Year(), b)
		if !seen[s] {
			seen[s] = true
			return s
		}
	}
}

func (g *gen) genComplaints() {
	disc := g.byCode[CodeDiscipline]
	handlers := busyWorkers(disc)
	seen := map[string]bool{}
	var complainants []*person
	for _, u := range g.fronts {
		complainants = append(complainants, u.home[:5]...)
	}
	g.r.Shuffle(len(complainants), func(i, j int) { complainants[i], complainants[j] = complainants[j], complainants[i] })
	nClosed := 13
	t0 := g.addWD(g.from, 3)
	t1 := g.workTime(g.subWD(g.date(g.now), 40))
	if !t1.After(t0) {
		t1 = t0.Add(day)
	}
	openOffsets := []int{35, 25, 15, 13, 10, 8, 7, 6, 5, 5, 1, 0}
	openStatus := []complaint.Status{complaint.StatusInvestigating, complaint.StatusInvestigating, complaint.StatusAccepted,
		complaint.StatusInvestigating, complaint.StatusInvestigating, complaint.StatusAccepted, complaint.StatusReceived,
		complaint.StatusAccepted, complaint.StatusInvestigating, complaint.StatusReceived, complaint.StatusReceived,
		complaint.StatusReceived}
	for i, def := range complaintDefs {
		c := &compl{def: def}
		if def.dept != "" {
			c.d = g.byCode[def.dept]
			if def.staff {
				c.p = pick(g, g.plain(c.d))
			}
		}
		if i < nClosed {
			x := t0.Add(time.Duration((float64(i) + g.rf(0.1, 0.9)) / float64(nClosed) * float64(t1.Sub(t0))))
			c.received = g.workTime(g.date(x))
			if !g.cal.IsWorkingDay(g.date(x)) {
				c.received = g.addWD(x, 1)
			}
		} else {
			off := openOffsets[i-nClosed]
			if off == 0 {
				c.received = g.now.Add(-time.Duration(g.ri(30, 240)) * time.Minute)
			} else {
				c.received = g.workTime(g.subWD(g.date(g.now), off))
			}
		}
		c.acceptDue = g.cal.AddWorkingDays(c.received, 3)
		c.anon = g.chance(0.5)
		if !c.anon {
			p := complainants[i%len(complainants)]
			c.name = p.name
			c.contact = fmt.Sprintf("内线 7%03d", g.r.IntN(1000))
		}
		c.code = g.trackingCode(c.received, seen)
		c.status = complaint.StatusReceived
		decide := func(lo, hi int) {
			c.decided = minTime(g.addWD(c.received, g.ri(lo, hi)), g.now)
			c.handler = pick(g, handlers)
		}
		if i < nClosed {
			if def.findings != "" {
				decide(1, 3)
				c.status = complaint.StatusResolved
				c.resolveDue = g.cal.AddWorkingDays(c.decided, 15)
				lo, hi := 5, 14
				if i == 9 {
					lo, hi = 16, 20 // handled late
				}
				c.solved = minTime(g.addWD(c.decided, g.ri(lo, hi)), g.now)
				c.findings, c.feedback = def.findings, def.feedback
			} else {
				decide(1, 3)
				c.status = complaint.StatusRejected
				c.feedback = def.feedback
			}
		} else {
			st := openStatus[i-nClosed]
			if st != complaint.StatusReceived {
				decide(1, 2)
				if c.decided.Before(g.now) {
					c.status = st
					c.resolveDue = g.cal.AddWorkingDays(c.decided, 15)
					if st == complaint.StatusInvestigating {
						c.findings = "调查中：已调取办理记录，约谈相关部门负责人。"
					}
				} else {
					c.decided, c.handler = time.Time{}, nil
				}
			}
		}
		c.updated = c.received
		for _, x := range []time.Time{c.decided, c.solved} {
			c.updated = maxTime(c.updated, x)
		}
		g.compls = append(g.compls, c)
	}
	// 问责: two measures on resolved complaints.
	if c := g.compls[0]; c.status == complaint.StatusResolved {
		g.accbs = append(g.accbs, &accountability{c: c, d: c.d, decidedBy: "机关纪委", at: c.solved,
			measure: "责令后勤服务中心作出书面检查，在机关范围内通报批评；对首办责任人进行提醒谈话。"})
	}
	if c := g.compls[4]; c.status == complaint.StatusResolved && c.p != nil {
		g.accbs = append(g.accbs, &accountability{c: c, p: c.p, decidedBy: "纪检监察室", at: c.solved,
			measure: "对当事人进行诫勉谈话，扣减当月绩效考核分。"})
	}
}
