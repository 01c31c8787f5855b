package analytics

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
)

// A plain-Go reference of every metric, written from DESIGN.md's
// definitions over the fixture's rows and sharing no code with the SQL: the
// property tests compute each figure both ways and compare.

const weekSec = 7 * 24 * 3600.0

func secs(d time.Duration) float64 { return d.Seconds() }

// refDept is the department a staff member works for in window w.
func (fx *fixture) refDept(s *fxStaff, w Window) string {
	if s.secondedTo != "" && (s.secFrom == nil || s.secFrom.Before(w.To)) && (s.secTo == nil || s.secTo.After(w.From)) {
		return s.secondedTo
	}
	return s.dept
}

// refSpread is the share of a task's effort falling in [from, to).
func refSpread(t *fxTask, from, to time.Time) float64 {
	if !t.due.After(t.start) {
		if !t.start.Before(from) && t.start.Before(to) {
			return 1
		}
		return 0
	}
	lo, hi := t.start, t.due
	if from.After(lo) {
		lo = from
	}
	if to.Before(hi) {
		hi = to
	}
	if !hi.After(lo) {
		return 0
	}
	return secs(hi.Sub(lo)) / secs(t.due.Sub(t.start))
}

type refLoad struct{ load, meeting, ledger float64 }

// refLoadOf sums a person's spread hours in [from, to).
func (fx *fixture) refLoadOf(staffKey string, from, to time.Time) refLoad {
	var r refLoad
	for _, t := range fx.tasks {
		if t.status == task.StatusCancelled {
			continue
		}
		for _, a := range t.assigns {
			if a.staff != staffKey {
				continue
			}
			h := a.hours * refSpread(t, from, to)
			r.load += h
			switch t.kind {
			case task.KindMeeting:
				r.meeting += h
			case task.KindLedger:
				r.ledger += h
			}
		}
	}
	return r
}

func inIDs(id int, ids []int) bool { return slices.Contains(ids, id) }

// refPeople: active staff working for an agency department of the scope.
func (fx *fixture) refPeople(p params) []*fxStaff {
	var out []*fxStaff
	for _, s := range fx.staff {
		if !s.inactive && inIDs(fx.id(fx.refDept(s, p.w)), p.scope.agency) {
			out = append(out, s)
		}
	}
	return out
}

func (fx *fixture) refWorkload(p params) (map[int]*StaffWorkload, map[int]*DepartmentWorkload) {
	staff := map[int]*StaffWorkload{}
	depts := map[int]*DepartmentWorkload{}
	for _, id := range p.scope.agency {
		depts[id] = &DepartmentWorkload{DepartmentID: id}
	}
	weeks := secs(p.w.To.Sub(p.w.From)) / weekSec
	for _, s := range fx.refPeople(p) {
		l := fx.refLoadOf(s.key, p.w.From, p.w.To)
		x := &StaffWorkload{StaffID: s.id, DepartmentID: fx.id(fx.refDept(s, p.w)), Load: l.load, Capacity: s.weekly * weeks}
		if x.Capacity > 0 {
			u := x.Load / x.Capacity
			x.Utilization = &u
			switch {
			case u > p.th.OverloadedAbove:
				f := Overloaded
				x.Flag = &f
			case u < p.th.IdleBelow:
				f := Idle
				x.Flag = &f
			}
		}
		staff[s.id] = x
		d := depts[x.DepartmentID]
		d.StaffCount++
		d.Load += x.Load
		d.Capacity += x.Capacity
		if x.Flag != nil && *x.Flag == Overloaded {
			d.OverloadedCount++
		}
		if x.Flag != nil && *x.Flag == Idle {
			d.IdleCount++
		}
	}
	for _, d := range depts {
		if d.Capacity > 0 {
			u := d.Load / d.Capacity
			d.Utilization = &u
		}
	}
	return staff, depts
}

// refImbalance uses the pairwise definition of the Gini coefficient.
func (fx *fixture) refImbalance(p params) imbalanceFigures {
	staff, _ := fx.refWorkload(p)
	var us, loads []float64
	var f imbalanceFigures
	for _, s := range staff {
		if s.Utilization == nil {
			continue
		}
		us = append(us, *s.Utilization)
		loads = append(loads, s.Load)
		f.total += s.Load
		if s.Flag != nil && *s.Flag == Overloaded {
			f.over++
		}
		if s.Flag != nil && *s.Flag == Idle {
			f.idle++
		}
	}
	n := len(us)
	f.n = n
	f.top = int(math.Ceil(float64(n) / 5))
	var sum, diffs float64
	for _, u := range us {
		sum += u
		for _, v := range us {
			diffs += math.Abs(u - v)
		}
	}
	if n > 0 && sum > 0 {
		mean := sum / float64(n)
		f.gini = diffs / (2 * float64(n*n) * mean)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(loads)))
	if f.total > 0 {
		var top float64
		for _, l := range loads[:f.top] {
			top += l
		}
		f.top20 = top / f.total
	}
	return f
}

func (fx *fixture) refMeetingShare(p params) (*MeetingShare, map[int]*DepartmentMeetingShare) {
	tot := &MeetingShare{}
	depts := map[int]*DepartmentMeetingShare{}
	for _, id := range p.scope.agency {
		depts[id] = &DepartmentMeetingShare{DepartmentID: id}
	}
	for _, s := range fx.refPeople(p) {
		l := fx.refLoadOf(s.key, p.w.From, p.w.To)
		d := depts[fx.id(fx.refDept(s, p.w))]
		d.MeetingHours += l.meeting
		d.LedgerHours += l.ledger
		d.TotalHours += l.load
		tot.MeetingHours += l.meeting
		tot.LedgerHours += l.ledger
		tot.TotalHours += l.load
	}
	share := func(m, l, t float64) (*float64, *float64, *float64) {
		if t <= 0 {
			return nil, nil, nil
		}
		a, b, c := (m+l)/t, m/t, l/t
		return &a, &b, &c
	}
	tot.Share, _, _ = share(tot.MeetingHours, tot.LedgerHours, tot.TotalHours)
	for _, d := range depts {
		d.Share, d.MeetingShare, d.LedgerShare = share(d.MeetingHours, d.LedgerHours, d.TotalHours)
	}
	return tot, depts
}

// refInWindow: a task's span overlaps the window (a point task: its start is in it).
func refInWindow(t *fxTask, w Window) bool {
	if !t.due.After(t.start) {
		return !t.start.Before(w.From) && t.start.Before(w.To)
	}
	return t.start.Before(w.To) && t.due.After(w.From)
}

func (fx *fixture) refLeadShare(p params) map[int]*DepartmentLeadShare {
	out := map[int]*DepartmentLeadShare{}
	deptOf := map[string]string{}
	for _, s := range fx.staff {
		deptOf[s.key] = fx.refDept(s, p.w)
	}
	for _, t := range fx.tasks {
		if t.status == task.StatusCancelled || !refInWindow(t, p.w) || !inIDs(fx.id(t.lead), p.scope.ids) {
			continue
		}
		var total, lead, co float64
		for _, a := range t.assigns {
			total += a.hours
			d := deptOf[a.staff]
			if d == t.lead {
				lead += a.hours
			} else if slices.Contains(t.co, d) {
				co += a.hours
			}
		}
		if co <= 0 {
			continue
		}
		id := fx.id(t.lead)
		x := out[id]
		if x == nil {
			x = &DepartmentLeadShare{DepartmentID: id}
			out[id] = x
		}
		x.TaskCount++
		x.LeadShare += lead / total // the sum for now; the mean below
		x.LeadHours += lead
		x.TaskHours += total
	}
	for _, x := range out {
		x.LeadShare /= float64(x.TaskCount)
		switch {
		case x.LeadShare < p.th.LeadsWithoutDoingBelow:
			f := LeadsWithoutDoing
			x.Flag = &f
		case x.LeadShare > p.th.DoesItAllAbove:
			f := DoesItAll
			x.Flag = &f
		}
	}
	return out
}

func refIn(t time.Time, from, to time.Time) bool { return !t.Before(from) && t.Before(to) }

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func (fx *fixture) refBuckPassing(p params) (*BuckPassing, map[int]*DepartmentBuckPassing, map[[2]int]*TransferPair) {
	tot := &BuckPassing{}
	depts := map[int]*DepartmentBuckPassing{}
	for _, id := range p.scope.agency {
		depts[id] = &DepartmentBuckPassing{DepartmentID: id}
	}
	pairs := map[[2]int]*TransferPair{}
	idOf := func(k string) int {
		if k == "" {
			return 0
		}
		return fx.id(k)
	}
	for _, e := range fx.events {
		if e.typ != taskevent.TypeTransferred || !refIn(e.at, p.w.From, p.w.To) {
			continue
		}
		f, t := idOf(e.from), idOf(e.to)
		if !inIDs(f, p.scope.ids) && !inIDs(t, p.scope.ids) {
			continue
		}
		tot.Transfers++
		if e.pingPong {
			tot.PingPongs++
		}
		if e.late {
			tot.LateTransfers++
		}
		if d := depts[f]; d != nil {
			d.TransfersOut++
			if e.pingPong {
				d.PingPongs++
			}
			if e.late {
				d.LateTransfers++
			}
		}
		if d := depts[t]; d != nil {
			d.TransfersIn++
		}
		if f != 0 && t != 0 {
			x := pairs[[2]int{f, t}]
			if x == nil {
				x = &TransferPair{FromID: f, ToID: t}
				pairs[[2]int{f, t}] = x
			}
			x.Count++
			if e.pingPong {
				x.PingPongs++
			}
			if e.late {
				x.LateTransfers++
			}
		}
	}
	// time to first acceptance, for tasks first accepted in the window
	samples := map[int][]float64{}
	for _, t := range fx.tasks {
		var first *time.Time
		for _, e := range fx.events {
			if e.task == t.key && e.typ == taskevent.TypeAccepted && (first == nil || e.at.Before(*first)) {
				first = tp(e.at)
			}
		}
		if first == nil || !refIn(*first, p.w.From, p.w.To) || !inIDs(fx.id(t.lead), p.scope.ids) {
			continue
		}
		samples[fx.id(t.lead)] = append(samples[fx.id(t.lead)], first.Sub(t.created).Hours())
	}
	for id, xs := range samples {
		if d := depts[id]; d != nil {
			d.AcceptedCount = len(xs)
			m := median(xs)
			d.MedianHoursToAccept = &m
		}
	}
	return tot, depts, pairs
}

func (fx *fixture) refOnTime(p params, w Window) (*OnTime, map[int]*DepartmentOnTime) {
	tot := &OnTime{}
	depts := map[int]*DepartmentOnTime{}
	for _, id := range p.scope.agency {
		depts[id] = &DepartmentOnTime{DepartmentID: id}
	}
	for _, t := range fx.tasks {
		d := depts[fx.id(t.lead)]
		if d == nil {
			continue
		}
		if t.status == task.StatusDone && t.completed != nil && refIn(*t.completed, w.From, w.To) {
			tot.Completed++
			d.Completed++
			if !t.completed.After(t.due) {
				tot.OnTime++
				d.OnTime++
			}
		}
		if t.status != task.StatusDone && t.status != task.StatusCancelled && t.due.Before(p.now) {
			tot.Overdue++
			d.Overdue++
		}
	}
	tot.Rate = rate(tot.OnTime, tot.Completed)
	for _, d := range depts {
		d.Rate = rate(d.OnTime, d.Completed)
	}
	return tot, depts
}

func rate(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	v := float64(n) / float64(d)
	return &v
}

// refSatisfaction: the figures of the ratings (and rectifications) of the
// departments in depts, in [from, to).
func (fx *fixture) refSatisfaction(p params, depts []int, from, to time.Time) *SatisfactionFigures {
	x := &SatisfactionFigures{}
	voided := map[string]bool{}
	raters := map[string]bool{}
	var n, good, bad, sum int
	var dims [3]int
	for _, r := range fx.ratings {
		voided[r.key] = r.voided
		if r.voided || !inIDs(fx.id(r.target), depts) || !refIn(r.at, from, to) {
			continue
		}
		raters[r.rater] = true
		n++
		sum += r.score
		if r.score >= 4 {
			good++
		}
		if r.score <= 2 {
			bad++
		}
		for i := range dims {
			dims[i] += r.dims[i]
		}
	}
	if refRaters(raters) >= p.th.MinRaters {
		x.RatingCount, x.BadRatings = &n, &bad
		m := float64(sum) / float64(n)
		x.MeanScore = &m
		x.SatisfactionRate = rate(good, n)
		avg := func(s int) *float64 { v := float64(s) / float64(n); return &v }
		x.Responsiveness, x.Resolution, x.Attitude = avg(dims[0]), avg(dims[1]), avg(dims[2])
	} else {
		x.Withheld = true
	}
	dueTo := to
	if p.now.Before(dueTo) {
		dueTo = p.now
	}
	judges := map[string]bool{}
	var ok int
	for _, r := range fx.rects {
		if voided[r.rating] || !inIDs(fx.id(r.dept), depts) {
			continue
		}
		if refIn(r.due, from, dueTo) {
			x.RectificationsDue++
			if r.answered != nil && !r.answered.After(r.due) {
				x.RectificationsOnTime++
			}
		}
		if r.verdict != "" && r.judged != nil && refIn(*r.judged, from, to) {
			x.JudgedCount++
			for _, rt := range fx.ratings {
				if rt.key == r.rating {
					judges[rt.rater] = true
				}
			}
			if r.verdict == rectification.VerdictSatisfied || r.verdict == rectification.VerdictBasicallySatisfied {
				ok++
			}
		}
	}
	x.RectificationsOnTimeRate = rate(x.RectificationsOnTime, x.RectificationsDue)
	if refRaters(judges) >= p.th.MinRaters {
		x.AcceptanceRate = rate(ok, x.JudgedCount)
	}
	return x
}

func (fx *fixture) refVisits(p params) (*Visits, map[int]*DepartmentVisits) {
	tot := &Visits{}
	depts := map[int]*DepartmentVisits{}
	days := p.w.To.Sub(p.w.From).Hours() / 24
	for _, d := range fx.depts {
		if !inIDs(d.id, p.scope.agency) {
			continue
		}
		x := &DepartmentVisits{DepartmentID: d.id, QuotaPerYear: d.quota, Quota: float64(d.quota) * days / 365}
		for _, v := range fx.visits {
			if v.dept == d.key && v.confirmed && refIn(v.at, p.w.From, p.w.To) {
				x.Done++
			}
		}
		if x.Quota > 0 {
			r := float64(x.Done) / x.Quota
			x.Rate = &r
		}
		depts[d.id] = x
		tot.Done += x.Done
		tot.Quota += x.Quota
	}
	if tot.Quota > 0 {
		r := float64(tot.Done) / tot.Quota
		tot.Rate = &r
	}
	return tot, depts
}

// refMonthlySatisfaction: per department and month, with the ranking and
// the talk flag, from the definitions.
func (fx *fixture) refMonthlySatisfaction(p params, ms []*Bucket) map[int]*DepartmentSatisfactionSeries {
	out := map[int]*DepartmentSatisfactionSeries{}
	type agg struct {
		n, sum, good int
		raters       map[string]bool
	}
	for _, id := range p.scope.agency {
		out[id] = &DepartmentSatisfactionSeries{DepartmentID: id}
	}
	for _, m := range ms {
		aggs := map[int]*agg{}
		for _, r := range fx.ratings {
			id := fx.id(r.target)
			if r.voided || !inIDs(id, p.scope.agency) || !refIn(r.at, m.From, m.To) {
				continue
			}
			a := aggs[id]
			if a == nil {
				a = &agg{raters: map[string]bool{}}
				aggs[id] = a
			}
			a.n++
			a.sum += r.score
			if r.score >= 4 {
				a.good++
			}
			a.raters[r.rater] = true
		}
		means := map[int]float64{}
		for id, a := range aggs {
			if refRaters(a.raters) >= p.th.MinRaters {
				means[id] = float64(a.sum) / float64(a.n)
			}
		}
		low := math.Inf(1)
		for _, v := range means {
			low = math.Min(low, v)
		}
		for id, s := range out {
			x := &MonthlySatisfaction{Month: m.Index, Ranked: len(means), Withheld: true}
			if mean, ok := means[id]; ok {
				a := aggs[id]
				x.Withheld = false
				x.RatingCount = &a.n
				x.MeanScore = &mean
				x.SatisfactionRate = rate(a.good, a.n)
				rank := 1
				for _, v := range means {
					if v > mean {
						rank++
					}
				}
				x.Rank = &rank
				x.Bottom = len(means) >= 2 && mean == low
			}
			s.Months = append(s.Months, x)
		}
	}
	talk := lastTwoComplete(ms)
	for _, s := range out {
		s.Talk = len(talk) == 2 && s.Months[talk[0]].Bottom && s.Months[talk[1]].Bottom
	}
	return out
}

// refRaters is the number of distinct raters the set proves, by the
// definition: anonymous and named ("staff:…") raters counted apart, the
// larger of the two.
func refRaters(set map[string]bool) int {
	var anonymous, named int
	for k := range set {
		if strings.HasPrefix(k, "staff:") {
			named++
		} else {
			anonymous++
		}
	}
	return max(anonymous, named)
}
