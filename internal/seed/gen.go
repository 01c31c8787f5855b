package seed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"xiaoneng/ent/account"
	"xiaoneng/ent/complaint"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/workcal"
)

const (
	hour = time.Hour
	day  = 24 * time.Hour
	week = 7 * day
)

// ——— in-memory model; the writer turns it into rows in FK order ———

type dept struct {
	def     deptDef
	parent  *dept
	sort    int
	home    []*person // staff whose department it is
	workers []*person // who works for it: home staff not seconded away, plus secondees in
	head    *person
	deputy  *person
	id      int
}

func (d *dept) short() string {
	if i := strings.IndexRune(d.def.name, '('); i > 0 {
		return d.def.name[:i]
	}
	return d.def.name
}

type person struct {
	idx                    int
	name, empNo, pos, rank string
	dept                   *dept
	work                   *dept // dept it works for (the serving dept when seconded)
	capacity               float64
	target                 float64 // utilization aimed at
	class                  string  // head, overloaded, idle, normal, frontline, seconded
	mentor                 *person
	secondedTo             *dept
	secFrom, secTo         time.Time
	id                     int
	weekly                 float64 // capacity × target
	noCross                bool    // kept out of cross-department projects
}

type acct struct {
	login string
	role  account.Role
	p     *person
}

type item struct {
	def        itemDef
	resp, lead *dept
	id         int
}

type xfer struct {
	from, to   *dept
	at         time.Time
	reason     string
	actor      *person
	ping, late bool
}

type asg struct {
	p             *person
	hours, actual float64
}

type evt struct {
	typ                  taskevent.Type
	actor                *person
	from, to             *dept
	reason               string
	fromStatus, toStatus string
	ping, late           bool
	at                   time.Time
}

type tsk struct {
	title, desc  string
	kind         task.Kind
	prio         task.Priority
	status       task.Status
	start, due   time.Time
	created      time.Time
	completed    time.Time
	hasCost      bool
	costEst      float64
	costAct      float64
	lead         *dept
	leadReceived time.Time
	co           []*dept
	unit         *dept
	first        *person
	item         *item
	createdBy    *person
	cancelReason string
	assigns      []*asg
	events       []*evt
	xfers        []*xfer
	id           int
	updated      time.Time
	lateBias     float64 // extra probability of late completion
	overdueBias  float64
	noCancel     bool
}

type visit struct {
	d           *dept
	p           *person
	unit        *dept
	at          time.Time
	purpose     string
	solved      int
	notes       string
	confirmed   bool
	confirmedAt time.Time
	confirmedBy *person
	id          int
}

type rate struct {
	rater                    *person
	unit, target             *dept
	t                        *tsk
	v                        *visit
	score, resp, resol, att  int
	comment                  string
	anon                     bool
	at                       time.Time
	appeal                   rating.AppealStatus
	appealReason, appealNote string
	appealDecided            time.Time
	id                       int
	rect                     *rect
}

type rect struct {
	r          *rate
	t          *tsk
	status     rectification.Status
	due        time.Time
	answer     string
	answeredAt time.Time
	verdict    rectification.Verdict // "" = none
	judgedAt   time.Time
	reopen     int
	closedAt   time.Time
	updated    time.Time
}

type compl struct {
	def                         complaintDef
	code                        string
	anon                        bool
	name, contact               string
	d                           *dept
	p                           *person
	status                      complaint.Status
	received, acceptDue         time.Time
	resolveDue, decided, solved time.Time
	findings, feedback          string
	handler                     *person
	id                          int
	updated                     time.Time
}

type accountability struct {
	c         *compl
	p         *person
	d         *dept
	measure   string
	decidedBy string
	at        time.Time
}

type calRow struct {
	day  string
	kind workcal.Kind
	note string
}

// gen holds the generator's state. All randomness comes from r, consumed in
// a fixed order; no map is ever iterated.
type gen struct {
	opt        Options
	r          *rand.Rand
	cal        *workcal.Calendar
	loc        *time.Location
	now        time.Time
	from       time.Time // data start: first day of the quarter two before now's
	qFrom, qTo time.Time
	orgTime    time.Time

	depts    []*dept // root, agency, frontline
	agency   []*dept // agency departments (root excluded)
	fronts   []*dept
	root     *dept
	byCode   map[string]*dept
	people   []*person
	accounts []*acct
	items    []*item
	itemBy   map[string]*item
	tasks    []*tsk
	visits   []*visit
	ratings  []*rate
	rects    []*rect
	compls   []*compl
	accbs    []*accountability
	calRows  []calRow
	planted  Planted
	names    map[string]bool

	// workload planning: load[p][w] hours in week w (weeks from base).
	base   time.Time
	nWeeks int
	load   [][]float64
	// hours of filler work per department and kind, to steer the mix.
	kindHours map[*dept]map[task.Kind]float64
}

func newGen(opt Options) *gen {
	loc := workcal.Location()
	now := opt.Now.In(loc).Truncate(time.Second)
	seed := uint64(opt.Seed)
	g := &gen{
		opt:       opt,
		r:         rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15)),
		cal:       workcal.ChinaDemo2026(),
		loc:       loc,
		now:       now,
		byCode:    map[string]*dept{},
		itemBy:    map[string]*item{},
		names:     map[string]bool{},
		kindHours: map[*dept]map[task.Kind]float64{},
	}
	qm := (int(now.Month())-1)/3*3 + 1
	g.qFrom = time.Date(now.Year(), time.Month(qm), 1, 0, 0, 0, 0, loc)
	g.qTo = g.qFrom.AddDate(0, 3, 0)
	g.from = g.qFrom.AddDate(0, -6, 0)
	g.orgTime = g.from.AddDate(0, -1, 0).Add(9 * hour)
	// weeks start on Monday
	fd := workcal.DateOf(g.from)
	off := (int(fd.Weekday()) + 6) % 7
	g.base = fd.AddDays(-off).Start()
	g.nWeeks = int(g.qTo.Sub(g.base)/week) + 30
	return g
}

func (g *gen) build() {
	g.buildOrg()
	g.buildItems()
	g.load = make([][]float64, len(g.people))
	for i := range g.load {
		g.load[i] = make([]float64, g.nWeeks)
	}
	g.genAgencyMeetings()
	g.genCrossProjects()
	g.genRequests()
	g.genFiller()
	for _, t := range g.tasks {
		g.finalize(t)
	}
	g.genVisits()
	g.genRatings() // and the rectification tasks, finalized on the spot
	g.genComplaints()
	// IDs ascend with creation time, as they would in a live system.
	slices.SortStableFunc(g.tasks, func(a, b *tsk) int { return a.created.Compare(b.created) })
	slices.SortStableFunc(g.visits, func(a, b *visit) int { return a.at.Compare(b.at) })
	slices.SortStableFunc(g.ratings, func(a, b *rate) int { return a.at.Compare(b.at) })
	g.buildCalendar()
}

// ——— random helpers ———

func (g *gen) rf(a, b float64) float64 { return a + g.r.Float64()*(b-a) }
func (g *gen) ri(a, b int) int         { return a + g.r.IntN(b-a+1) }
func (g *gen) chance(p float64) bool   { return g.r.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

func half(x float64) float64 { return math.Round(x*2) / 2 }

// weighted returns an index drawn with probability proportional to w[i] (≥ 0);
// -1 when all weights are 0.
func (g *gen) weighted(w []float64) int {
	var sum float64
	for _, x := range w {
		if x > 0 {
			sum += x
		}
	}
	if sum <= 0 {
		return -1
	}
	x := g.r.Float64() * sum
	for i, v := range w {
		if v <= 0 {
			continue
		}
		if x < v {
			return i
		}
		x -= v
	}
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] > 0 {
			return i
		}
	}
	return -1
}

// ——— time helpers (all in the agency's zone) ———

func (g *gen) date(t time.Time) workcal.Date { return workcal.DateOf(t) }

// workTime returns a random time of day within office hours on d.
func (g *gen) workTime(d workcal.Date) time.Time {
	return d.Start().Add(8*hour + 30*time.Minute + time.Duration(g.r.IntN(9*60))*time.Minute)
}

// workingDays lists the working days d with from ≤ d.Start() < to.
func (g *gen) workingDays(from, to time.Time) []workcal.Date {
	var out []workcal.Date
	for d := g.date(from); d.Start().Before(to); d = d.AddDays(1) {
		if g.cal.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// randomWorkTime returns an office-hours instant in [from, to), or the
// midpoint when the range holds no working day.
func (g *gen) randomWorkTime(from, to time.Time) time.Time {
	days := g.workingDays(from, to)
	for tries := 0; tries < 4 && len(days) > 0; tries++ {
		t := g.workTime(pick(g, days))
		if !t.Before(from) && t.Before(to) {
			return t
		}
	}
	return from.Add(to.Sub(from) / 2).Truncate(time.Second)
}

// office moves t into office hours: a time after 18:00 or on a rest day
// moves to the next working morning, one before 08:30 to 08:30.
func (g *gen) office(t time.Time) time.Time {
	d := g.date(t)
	open := d.Start().Add(8*hour + 30*time.Minute)
	switch {
	case !g.cal.IsWorkingDay(d) || !t.Before(d.Start().Add(18*hour)):
		return g.cal.NthWorkingDayAfter(d, 1).Start().Add(8*hour + 30*time.Minute + time.Duration(g.ri(0, 60))*time.Minute)
	case t.Before(open):
		return open.Add(time.Duration(g.ri(0, 30)) * time.Minute)
	}
	return t
}

// addWD returns an office-hours instant n working days after t's date.
func (g *gen) addWD(t time.Time, n int) time.Time {
	return g.workTime(g.cal.NthWorkingDayAfter(g.date(t), n))
}

// subWD returns the date n working days before d (n ≥ 1).
func (g *gen) subWD(d workcal.Date, n int) workcal.Date {
	for n > 0 {
		d = d.AddDays(-1)
		if g.cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// ——— workload planning ———

func (g *gen) weekOf(t time.Time) int {
	w := int(t.Sub(g.base) / week)
	return max(0, min(w, g.nWeeks-1))
}

func (g *gen) weekStart(w int) time.Time { return g.base.Add(time.Duration(w) * week) }

// targetAt is what a person should carry in week w: the weekly target,
// pro-rated in the week the data starts.
func (g *gen) targetAt(p *person, w int) float64 {
	ws, we := g.weekStart(w), g.weekStart(w+1)
	if !we.After(g.from) {
		return 0
	}
	if ws.Before(g.from) {
		return p.weekly * float64(we.Sub(g.from)) / float64(week)
	}
	return p.weekly
}

func (g *gen) remaining(p *person, w int) float64 {
	return g.targetAt(p, w) - g.load[p.idx][w]
}

// spread calls f(week, fraction of the span in that week) for the task span.
func (g *gen) spread(s, d time.Time, f func(w int, frac float64)) {
	L := d.Sub(s)
	if L <= 0 {
		f(g.weekOf(s), 1)
		return
	}
	for w := g.weekOf(s); w < g.nWeeks; w++ {
		ws, we := g.weekStart(w), g.weekStart(w+1)
		if !ws.Before(d) {
			break
		}
		ov := minTime(d, we).Sub(maxTime(s, ws))
		if ov > 0 {
			f(w, float64(ov)/float64(L))
		}
	}
}

func (g *gen) addLoad(p *person, s, d time.Time, h float64) {
	g.spread(s, d, func(w int, frac float64) { g.load[p.idx][w] += h * frac })
}

// capFor is the most hours p can take on a task spanning [s, d) without
// exceeding their target in any week.
func (g *gen) capFor(p *person, s, d time.Time) float64 {
	c := math.Inf(1)
	g.spread(s, d, func(w int, frac float64) {
		c = math.Min(c, math.Max(0, g.remaining(p, w))/frac)
	})
	if math.IsInf(c, 1) {
		return 0
	}
	return c
}

// spanRemaining sums p's positive remaining capacity over the weeks of [s, d).
func (g *gen) spanRemaining(p *person, s, d time.Time) float64 {
	var sum float64
	g.spread(s, d, func(w int, frac float64) { sum += math.Max(0, g.remaining(p, w)) })
	return sum
}

func (g *gen) assign(t *tsk, p *person, h float64) {
	for _, a := range t.assigns {
		if a.p == p {
			a.hours += h
			g.addLoad(p, t.start, t.due, h)
			return
		}
	}
	t.assigns = append(t.assigns, &asg{p: p, hours: h})
	g.addLoad(p, t.start, t.due, h)
}

// pickWorkers draws up to n distinct workers weighted by w(p) (> 0 only).
func (g *gen) pickWorkers(cands []*person, n int, w func(*person) float64) []*person {
	pool := slices.Clone(cands)
	var out []*person
	for len(out) < n && len(pool) > 0 {
		ws := make([]float64, len(pool))
		for i, p := range pool {
			ws[i] = w(p)
		}
		i := g.weighted(ws)
		if i < 0 {
			break
		}
		out = append(out, pool[i])
		pool = slices.Delete(pool, i, i+1)
	}
	return out
}

// ——— organisation ———

func (g *gen) newName() string {
	for {
		s := string(pick(g, surnames))
		var n string
		if g.chance(0.3) {
			n = s + string(pick(g, givenSingle))
		} else {
			n = s + string(pick(g, givenFirst)) + string(pick(g, givenSecond))
		}
		if !g.names[n] {
			g.names[n] = true
			return n
		}
	}
}

func (g *gen) newPerson(d *dept, pos, rank string) *person {
	p := &person{idx: len(g.people), name: g.newName(), empNo: fmt.Sprintf("XN%05d", 10001+len(g.people)),
		pos: pos, rank: rank, dept: d, work: d, capacity: 40, class: "normal"}
	g.people = append(g.people, p)
	d.home = append(d.home, p)
	return p
}

func (g *gen) addDept(def deptDef, parent *dept) *dept {
	d := &dept{def: def, parent: parent, sort: len(g.depts)}
	g.depts = append(g.depts, d)
	g.byCode[def.code] = d
	return d
}

func (g *gen) buildOrg() {
	g.root = g.addDept(rootDef, nil)
	for _, def := range agencyDefs {
		g.agency = append(g.agency, g.addDept(def, g.root))
	}
	for _, def := range frontlineDefs {
		g.fronts = append(g.fronts, g.addDept(def, g.root))
	}

	// Root: the agency's leadership.
	r := g.root
	r.head = g.newPerson(r, "局长", rankRootHead)
	g.newPerson(r, "党委书记", rankRootHead)
	r.deputy = g.newPerson(r, "副局长", rankRootDeputy)
	g.newPerson(r, "副局长", rankRootDeputy)
	g.newPerson(r, "总工程师", rankRootDeputy)

	for _, d := range g.agency {
		title := d.def.headTitle
		d.head = g.newPerson(d, title, rankHead)
		d.deputy = g.newPerson(d, "副"+title, rankDeputy)
		if d.def.size >= 9 {
			g.newPerson(d, "副"+title, rankDeputy)
		}
		for i := len(d.home); i < d.def.size; i++ {
			switch {
			case i < 4:
				g.newPerson(d, "主管", pick(g, seniorRanks))
			case i < 6:
				g.newPerson(d, "主管", pick(g, midRanks))
			default:
				g.newPerson(d, "科员", pick(g, juniorRanks))
			}
		}
	}
	for _, d := range g.fronts {
		d.head = g.newPerson(d, d.def.headTitle, rankHead)
		d.deputy = g.newPerson(d, "副"+d.def.headTitle, rankDeputy)
		g.newPerson(d, "技术员", pick(g, frontRanks))
		g.newPerson(d, "班组长", pick(g, frontRanks))
		for i := len(d.home); i < d.def.size; i++ {
			g.newPerson(d, "职工", pick(g, frontRanks))
		}
		for _, p := range d.home {
			// Frontline work is not tracked here: capacity 0 keeps these
			// people out of utilization ("0 means not counted").
			p.class = "frontline"
			p.target, p.capacity = 0, 0
		}
	}

	// Secondments (借调): frontline people borrowed by agency departments.
	secs := []struct{ from, to string }{{CodeWorkshop1, CodeHR}, {CodeMachineWorkshop, CodePartyBuilding}}
	for _, s := range secs {
		home, serve := g.byCode[s.from], g.byCode[s.to]
		p := g.newPerson(home, "借调人员（"+serve.short()+"）", pick(g, frontRanks))
		p.secondedTo = serve
		p.secFrom = g.from.AddDate(0, -2, 0).Add(9 * hour)
		p.secTo = g.qTo.AddDate(0, 3, 0)
		p.work = serve
		p.class = "seconded"
		g.planted.Seconded = append(g.planted.Seconded, p.name)
	}

	// Targets: heads steady, a few carry the work, ~20 idle, the rest normal.
	for _, p := range g.people {
		if p.class == "frontline" {
			continue
		}
		p.target = g.rf(0.68, 0.95)
	}
	for _, d := range append([]*dept{g.root}, g.agency...) {
		for _, p := range d.home {
			if p.pos == d.def.headTitle || strings.HasPrefix(p.pos, "副") || d == g.root {
				p.class = "head"
				p.target = g.rf(0.80, 0.95)
			}
		}
	}
	overloaded := []struct {
		code string
		n    int
	}{{CodeOffice, 2}, {CodeHR, 1}, {CodeFinance, 1}, {CodeProduction, 1}, {CodeLogistics, 1}, {CodeIT, 1}, {CodeSafety, 1}}
	for _, o := range overloaded {
		d := g.byCode[o.code]
		c := g.plain(d)
		for i := 0; i < o.n; i++ {
			// the youngest-looking (科员) first: the few "老实人" the work lands on
			p := c[len(c)-1-i]
			p.class = "overloaded"
			p.target = g.rf(1.32, 1.6)
			g.planted.OverloadedStaff = append(g.planted.OverloadedStaff, p.name)
		}
	}
	idle := []struct {
		code string
		n    int
	}{{CodePolitical, 4}, {CodeComprehensive, 3}, {CodeDiscipline, 2}, {CodePartyBuilding, 2}, {CodeSupply, 2},
		{CodeFinance, 1}, {CodeHR, 1}, {CodeOffice, 1}, {CodeProduction, 1}, {CodeLogistics, 1}, {CodeSafety, 1}, {CodeIT, 1}}
	for _, o := range idle {
		d := g.byCode[o.code]
		c := g.plain(d)
		for i := 0; i < o.n; i++ {
			p := c[i] // senior 主管 first: "不想事、不谋事、不干事"
			if p.class != "normal" {
				continue
			}
			p.class = "idle"
			p.target = g.rf(0.15, 0.42)
			p.noCross = true
			g.planted.IdleStaff = append(g.planted.IdleStaff, p.name)
		}
	}
	for _, p := range g.people {
		if p.class == "seconded" {
			p.target = g.rf(0.92, 1.05)
			p.noCross = true
		}
	}
	// Part-time staff (返聘 / reduced hours).
	pt := 0
	for _, d := range []*dept{g.byCode[CodeFinance], g.byCode[CodeComprehensive], g.byCode[CodeLogistics]} {
		for _, p := range g.plain(d) {
			if p.class == "normal" {
				if pt%2 == 0 {
					p.capacity = 20
				} else {
					p.capacity = 32
				}
				pt++
				break
			}
		}
	}
	for _, p := range g.people {
		p.weekly = p.capacity * p.target
	}
	// Mentors (导师制): a few juniors paired with a senior of their department.
	for _, code := range []string{CodeOffice, CodeHR, CodeProduction, CodeSafety, CodeIT, CodeLogistics} {
		d := g.byCode[code]
		c := g.plain(d)
		junior := c[len(c)-1]
		if junior.class == "overloaded" && len(c) > 2 {
			junior = c[len(c)-2]
		}
		if d.deputy != junior {
			junior.mentor = d.deputy
		}
	}
	// Workers of each department.
	for _, p := range g.people {
		if p.class == "frontline" {
			continue
		}
		p.work.workers = append(p.work.workers, p)
	}

	// Accounts.
	office, it, logi, pol, sup := g.byCode[CodeOffice], g.byCode[CodeIT], g.byCode[CodeLogistics], g.byCode[CodePolitical], g.byCode[CodeSupply]
	staffP := g.firstOf(office, "overloaded")
	g.planted.StaffAccount = staffP.name
	adminP := g.firstOf(it, "normal")
	g.accounts = []*acct{
		{"admin", account.RoleAdmin, adminP},
		{"leader", account.RoleLeader, g.root.head},
		{"staff", account.RoleStaff, staffP},
		{"frontline", account.RoleFrontline, g.fronts[0].home[2]},
		{"admin2", account.RoleAdmin, it.head},
		{"leader2", account.RoleLeader, logi.head},
		{"staff2", account.RoleStaff, g.firstOf(pol, "idle")},
		{"staff3", account.RoleStaff, g.firstOf(sup, "normal")},
		{"frontline2", account.RoleFrontline, g.byCode[CodeMachineWorkshop].head},
	}
	g.planted.LeadsWithoutDoing = pol.def.name
	g.planted.DoesItAll = g.byCode[CodeSafety].def.name
	g.planted.PingPong = [2]string{logi.def.name, g.byCode[CodeProduction].def.name}
	g.planted.MeetingHeavy = g.byCode[CodePartyBuilding].def.name
	g.planted.BadlyRated = sup.def.name
}

// plain lists a department's non-leading home staff, seniors first.
func (g *gen) plain(d *dept) []*person {
	var out []*person
	for _, p := range d.home {
		if p.class != "head" && p.secondedTo == nil {
			out = append(out, p)
		}
	}
	return out
}

func (g *gen) firstOf(d *dept, class string) *person {
	for _, p := range d.home {
		if p.class == class {
			return p
		}
	}
	return d.home[len(d.home)-1]
}

func (g *gen) buildItems() {
	for _, def := range itemDefs {
		it := &item{def: def}
		if def.list == "" {
			it.def.list = "RESPONSIBILITY"
		}
		if def.resp != "" {
			it.resp = g.byCode[def.resp]
		}
		if def.lead != "" {
			it.lead = g.byCode[def.lead]
		}
		g.items = append(g.items, it)
		g.itemBy[def.key] = it
	}
}

// fill substitutes the title placeholders.
func (g *gen) fill(s string, at time.Time, unit *dept) string {
	if unit == nil {
		unit = pick(g, g.fronts)
	}
	q := []string{"一", "二", "三", "四"}[(int(at.Month())-1)/3]
	r := strings.NewReplacer(
		"{Y}", fmt.Sprint(at.Year()), "{NY}", fmt.Sprint(at.Year()+1), "{Q}", q,
		"{M}", fmt.Sprint(int(at.Month())), "{U}", unit.def.name, "{N}", fmt.Sprint(g.ri(1, 4)),
	)
	return r.Replace(s)
}

func (g *gen) buildCalendar() {
	last := g.qTo
	for _, t := range g.tasks {
		last = maxTime(last, t.due)
	}
	y0, y1 := g.from.Year(), last.Year()
	for _, line := range strings.Split(workcal.ChinaHolidaysCSV, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "date") {
			continue
		}
		f := strings.SplitN(line, ",", 3)
		if len(f) < 2 {
			continue
		}
		d, err := workcal.ParseDate(f[0])
		if err != nil || d.Year < y0 || d.Year > y1 {
			continue
		}
		k, err := workcal.ParseKind(f[1])
		if err != nil {
			continue
		}
		note := ""
		if len(f) == 3 {
			note = f[2]
		}
		g.calRows = append(g.calRows, calRow{day: d.String(), kind: k, note: note})
	}
}
