package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"xiaoneng/ent/account"
	"xiaoneng/ent/task"
	"xiaoneng/internal/bulk"
	"xiaoneng/internal/workcal"
)

// ——— the generator's model of the organisation (small: departments and staff) ———

type ldept struct {
	id, idx   int
	code      string
	name      string
	frontline bool
	parent    *ldept
	division  *ldept  // the division a section belongs to (itself for a division)
	tpl       deptDef // the demo department it is built on (titles, profile, ratings)
	sort      int
	home      []*lperson
	workers   []*lperson // who works for it (home staff not seconded away, secondees in)
	head      *lperson
	deputy    *lperson
	sections  []*ldept // of a division
	quota     int
	meanScore float64
	rateW     float64
	cumT      []float64 // cumulative weekly targets of workers, for picking ∝ target
	weeklyT   float64   // Σ weekly targets of workers
	lastVisit *lvisit
}

func (d *ldept) short() string {
	if i := strings.IndexRune(d.name, '('); i > 0 {
		return d.name[:i]
	}
	return d.name
}

type lperson struct {
	id, idx    int
	name       string
	empNo      string
	pos, rank  string
	dept, work *ldept
	capacity   float64
	target     float64
	weekly     float64 // capacity × target
	class      string  // head, overloaded, idle, normal, frontline, seconded
	mentor     *lperson
	seconded   bool
	noCross    bool
}

type litem struct {
	def        itemDef
	resp, lead *ldept // divisions
	id         int
}

type lvisit struct {
	id   int
	unit *ldept
	at   time.Time
}

// Division templates: the demo departments the divisions are built on
// (name, template code), the planted ones first so that small scales have
// them too.
var divisionDefs = []struct{ name, tpl string }{
	{"办公室", CodeOffice},
	{"生产技术部", CodeProduction},
	{"后勤服务中心(基建房产)", CodeLogistics},
	{"政治处", CodePolitical},
	{"安全环保部", CodeSafety},
	{"物资供应部", CodeSupply},
	{"党建工作部(机关党委)", CodePartyBuilding},
	{"组织人事部", CodeHR},
	{"纪检监察室", CodeDiscipline},
	{"计划财务部", CodeFinance},
	{"信息中心", CodeIT},
	{"综合治理办公室", CodeComprehensive},
	{"法律事务部", CodeComprehensive},
	{"审计部", CodeFinance},
	{"工会", CodeHR},
	{"团委", CodePolitical},
	{"企业管理部", CodeOffice},
	{"市场营销部", CodeSupply},
	{"科技发展部", CodeIT},
	{"设备管理部", CodeProduction},
	{"质量管理部", CodeSafety},
	{"档案馆", CodeOffice},
	{"培训中心", CodeHR},
	{"离退休管理处", CodeComprehensive},
}

var sectionNames = []string{"综合科", "业务一科", "业务二科", "协调服务科", "督查科", "业务三科", "信息科", "规划科"}

var frontlineNames = []string{"车间", "车间", "车间", "机修车间", "动力车间", "供水站", "质量检测所", "运输站", "仓储站", "维修站"}

var templateByCode = func() map[string]deptDef {
	m := map[string]deptDef{CodeRoot: rootDef}
	for _, d := range agencyDefs {
		m[d.code] = d
	}
	return m
}()

// lgen is the scale generator's state.
type lgen struct {
	opt  LargeOptions
	sc   Scale
	r    *rand.Rand
	cal  *workcal.Calendar
	loc  *time.Location
	hash string
	l    *bulk.Loader
	prog *bulk.Progress
	sum  LargeSummary

	now, from, qFrom, qTo, orgTime time.Time

	depts     []*ldept
	root      *ldept
	divisions []*ldept
	sections  []*ldept
	fronts    []*ldept
	payers    []*ldept // departments whose workers carry filler work (root, divisions, sections)
	byTpl     map[string][]*ldept
	people    []*lperson
	raters    []*lperson
	items     []*litem
	reqItems  []*litem
	reqW      []float64
	names     map[string]bool
	starts    map[string]int
	next      map[string]int
	raterKeys map[int]string

	tb      tables
	recent  map[*ldept][]recentReq
	tasksN  int // tasks written so far
	rateCum []float64
	carry   []float64 // per person: hours owed from earlier weeks (deptWeek)
}

type recentReq struct {
	id        int
	unit      *ldept
	completed time.Time
}

func newLarge(opt LargeOptions) *lgen {
	loc := workcal.Location()
	now := opt.Now.In(loc).Truncate(time.Second)
	seed := uint64(opt.Seed)
	g := &lgen{
		opt: opt, sc: opt.Scale,
		r:   rand.New(rand.NewPCG(seed, seed^0x5851F42D4C957F2D)),
		cal: workcal.ChinaDemo2026(), loc: loc, now: now,
		byTpl: map[string][]*ldept{}, names: map[string]bool{}, starts: idStarts(), next: map[string]int{},
		raterKeys: map[int]string{}, recent: map[*ldept][]recentReq{},
	}
	qm := (int(now.Month())-1)/3*3 + 1
	g.qFrom = time.Date(now.Year(), time.Month(qm), 1, 0, 0, 0, 0, loc)
	g.qTo = g.qFrom.AddDate(0, 3, 0)
	g.from = g.qFrom.AddDate(0, -3*opt.Scale.Quarters, 0)
	g.orgTime = g.from.AddDate(0, -1, 0).Add(9 * hour)
	g.sum = LargeSummary{Scale: opt.Scale, Seed: opt.Seed, Now: now, DataFrom: g.from, QuarterFrom: g.qFrom,
		QuarterTo: g.qTo, Rows: map[string]int{}}
	return g
}

// id returns the next explicit ID of table: inside the table's global-ID
// range, which starts at the range start + 1.
func (g *lgen) id(table string) int {
	g.next[table]++
	return g.starts[table] + g.next[table]
}

func (g *lgen) rf(a, b float64) float64 { return a + g.r.Float64()*(b-a) }
func (g *lgen) ri(a, b int) int         { return a + g.r.IntN(b-a+1) }
func (g *lgen) chance(p float64) bool   { return g.r.Float64() < p }

func lpick[T any](g *lgen, xs []T) T { return xs[g.r.IntN(len(xs))] }

func (g *lgen) workTime(d workcal.Date) time.Time {
	return d.Start().Add(8*hour + 30*time.Minute + time.Duration(g.r.IntN(9*60))*time.Minute)
}

func (g *lgen) addWD(t time.Time, n int) time.Time {
	return g.workTime(g.cal.NthWorkingDayAfter(workcal.DateOf(t), n))
}

func (g *lgen) subWD(d workcal.Date, n int) workcal.Date {
	for n > 0 {
		d = d.AddDays(-1)
		if g.cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

func (g *lgen) workingDays(from, to time.Time) []workcal.Date {
	var out []workcal.Date
	for d := workcal.DateOf(from); d.Start().Before(to); d = d.AddDays(1) {
		if g.cal.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// office moves t into office hours (the next working morning when needed).
func (g *lgen) office(t time.Time) time.Time {
	d := workcal.DateOf(t)
	open := d.Start().Add(8*hour + 30*time.Minute)
	switch {
	case !g.cal.IsWorkingDay(d) || !t.Before(d.Start().Add(18*hour)):
		return g.cal.NthWorkingDayAfter(d, 1).Start().Add(8*hour + 30*time.Minute + time.Duration(g.ri(0, 60))*time.Minute)
	case t.Before(open):
		return open.Add(time.Duration(g.ri(0, 30)) * time.Minute)
	}
	return t
}

func (g *lgen) newName() string {
	for {
		s := string(lpick(g, surnames))
		var n string
		if g.chance(0.3) {
			n = s + string(lpick(g, givenSingle))
		} else {
			n = s + string(lpick(g, givenFirst)) + string(lpick(g, givenSecond))
		}
		if !g.names[n] {
			g.names[n] = true
			return n
		}
	}
}

func (g *lgen) addDept(name, code string, parent *ldept, tpl deptDef, frontline bool) *ldept {
	d := &ldept{idx: len(g.depts), name: name, code: code, parent: parent, tpl: tpl, frontline: frontline, sort: len(g.depts)}
	d.id = g.id("departments")
	g.depts = append(g.depts, d)
	return d
}

func (g *lgen) addPerson(d *ldept, pos, rank string) *lperson {
	p := &lperson{idx: len(g.people), name: g.newName(), empNo: fmt.Sprintf("XL%06d", 1+len(g.people)),
		pos: pos, rank: rank, dept: d, work: d, capacity: 40, class: "normal"}
	p.id = g.id("staff")
	g.people = append(g.people, p)
	d.home = append(d.home, p)
	return p
}

// buildOrg lays out departments and staff and plants the staffing skew.
func (g *lgen) buildOrg() {
	sc := g.sc
	g.root = g.addDept("某机关", "ROOT", nil, rootDef, false)
	for i := 0; i < sc.Divisions; i++ {
		def := divisionDefs[i%len(divisionDefs)]
		name := def.name
		if i >= len(divisionDefs) {
			name = fmt.Sprintf("%s（%d）", def.name, i/len(divisionDefs)+1)
		}
		tpl := templateByCode[def.tpl]
		dv := g.addDept(name, fmt.Sprintf("D%02d", i+1), g.root, tpl, false)
		dv.division = dv
		g.divisions = append(g.divisions, dv)
		g.byTpl[def.tpl] = append(g.byTpl[def.tpl], dv)
	}
	for _, dv := range g.divisions {
		for j := 0; j < sc.Sections; j++ {
			s := g.addDept(dv.short()+sectionNames[j%len(sectionNames)], fmt.Sprintf("%sS%d", dv.code, j+1), dv, dv.tpl, false)
			if j >= len(sectionNames) {
				s.name = fmt.Sprintf("%s%d", s.name, j/len(sectionNames)+1)
			}
			s.division = dv
			dv.sections = append(dv.sections, s)
			g.sections = append(g.sections, s)
		}
	}
	for i := 0; i < sc.Frontline; i++ {
		kind := frontlineNames[i%len(frontlineNames)]
		name := fmt.Sprintf("第%d%s", i+1, kind)
		if kind != "车间" {
			name = fmt.Sprintf("%s%d", kind, i/len(frontlineNames)+1)
		}
		f := g.addDept(name, fmt.Sprintf("FL%03d", i+1), g.root, frontlineDefs[i%len(frontlineDefs)], true)
		g.fronts = append(g.fronts, f)
	}

	// Staff: the leadership, three heads per division, the sections, then the frontline.
	r := g.root
	r.head = g.addPerson(r, "局长", rankRootHead)
	g.addPerson(r, "党委书记", rankRootHead)
	r.deputy = g.addPerson(r, "副局长", rankRootDeputy)
	for _, pos := range []string{"副局长", "副局长", "副局长", "总工程师", "总会计师"} {
		g.addPerson(r, pos, rankRootDeputy)
	}
	for _, dv := range g.divisions {
		dv.head = g.addPerson(dv, dv.tpl.headTitle, rankHead)
		dv.deputy = g.addPerson(dv, "副"+dv.tpl.headTitle, rankDeputy)
		g.addPerson(dv, "副"+dv.tpl.headTitle, rankDeputy)
	}
	nFront := max(4*sc.Frontline, int(math.Round(float64(sc.Staff)*0.165)))
	agencyLeft := sc.Staff - len(g.people) - nFront
	ws := make([]float64, len(g.sections))
	var wsum float64
	for i := range ws {
		ws[i] = g.rf(0.7, 1.3)
		wsum += ws[i]
	}
	sizes := apportion(agencyLeft, ws, wsum, 4)
	for i, s := range g.sections {
		s.head = g.addPerson(s, "科长", rankDeputy)
		s.deputy = g.addPerson(s, "副科长", lpick(g, seniorRanks))
		for k := 2; k < sizes[i]; k++ {
			switch {
			case k < 5:
				g.addPerson(s, "主管", lpick(g, seniorRanks))
			case k < 9:
				g.addPerson(s, "主管", lpick(g, midRanks))
			default:
				g.addPerson(s, "科员", lpick(g, juniorRanks))
			}
		}
	}
	fw := make([]float64, len(g.fronts))
	var fsum float64
	for i := range fw {
		fw[i] = g.rf(0.7, 1.3)
		fsum += fw[i]
	}
	for i, u := range g.fronts {
		n := apportion(nFront, fw, fsum, 4)[i]
		u.head = g.addPerson(u, u.tpl.headTitle, rankHead)
		u.deputy = g.addPerson(u, "副"+u.tpl.headTitle, rankDeputy)
		for k := 2; k < n; k++ {
			pos := "职工"
			if k < 4 {
				pos = []string{"技术员", "班组长"}[k-2]
			}
			g.addPerson(u, pos, lpick(g, frontRanks))
		}
		for _, p := range u.home {
			p.class, p.capacity, p.target = "frontline", 0, 0
		}
	}

	// Targets: heads steady, ~2 % overloaded (the few who carry the work),
	// ~12 % idle (more in the divisions built on 政治处 and 综合治理办公室), part-timers.
	for _, p := range g.people {
		if p.class == "frontline" {
			continue
		}
		p.target = g.rf(0.68, 0.95)
		if p.dept == g.root || p.dept.parent == g.root || p == p.dept.head || p == p.dept.deputy {
			p.class, p.target = "head", g.rf(0.80, 0.95)
		}
	}
	for _, s := range g.sections {
		plain := s.home[2:]
		pOver, pIdle := 0.025, 0.10
		switch s.tpl.code {
		case CodePolitical, CodeComprehensive:
			pOver, pIdle = 0.01, 0.25
		case CodeOffice, CodeProduction, CodeLogistics, CodeSafety, CodeIT:
			pOver = 0.04
		}
		nOver := max(1, int(math.Round(pOver*float64(len(plain)))))
		nIdle := max(1, int(math.Round(pIdle*float64(len(plain)))))
		// the youngest (科员, at the end) carry the work; senior 主管 (at the
		// start) idle: "不想事、不谋事、不干事"
		for i := 0; i < nOver && i < len(plain); i++ {
			p := plain[len(plain)-1-i]
			p.class, p.target = "overloaded", g.rf(1.32, 1.6)
		}
		for i := 0; i < nIdle && i < len(plain)-nOver; i++ {
			p := plain[i]
			p.class, p.target, p.noCross = "idle", g.rf(0.15, 0.42), true
		}
		for _, p := range plain {
			if p.class == "normal" && g.chance(0.012) {
				p.capacity = []float64{20, 32}[g.r.IntN(2)]
			}
		}
		// mentors (导师制)
		if len(plain) > 3 && g.chance(0.5) {
			plain[len(plain)-1].mentor = s.deputy
		}
	}
	// Secondments (借调): a few frontline people borrowed by agency sections.
	nSec := max(1, nFront/250)
	for i := 0; i < nSec; i++ {
		u := g.fronts[i%len(g.fronts)]
		p := u.home[len(u.home)-1-i/len(g.fronts)]
		serve := g.sections[g.r.IntN(len(g.sections))]
		p.work, p.seconded, p.class = serve, true, "seconded"
		p.capacity, p.target, p.noCross = 40, g.rf(0.92, 1.05), true
		p.pos = "借调人员（" + serve.short() + "）"
	}
	for _, p := range g.people {
		p.weekly = p.capacity * p.target
		if p.class != "frontline" {
			p.work.workers = append(p.work.workers, p)
		} else if !p.seconded {
			g.raters = append(g.raters, p)
		}
	}
	g.carry = make([]float64, len(g.people))
	g.payers = append(append([]*ldept{g.root}, g.divisions...), g.sections...)
	for _, d := range g.payers {
		var c float64
		for _, p := range d.workers {
			c += math.Max(p.weekly, 0.5)
			d.cumT = append(d.cumT, c)
		}
		d.weeklyT = c
	}
	// Ratings: how often the frontline rates a section, and how well.
	for _, s := range g.sections {
		s.quota = max(6, s.tpl.quota/2)
		s.rateW = s.tpl.rateBase * g.rf(0.6, 1.4)
		s.meanScore = s.tpl.meanScore + g.rf(-0.2, 0.2)
		if s.tpl.code == CodeSupply && s.division == g.byTpl[CodeSupply][0] {
			s.meanScore = g.rf(2.2, 2.5) // rated badly, every section of it
		}
	}
}

// apportion splits n into len(w) parts ∝ w, each at least lo.
func apportion(n int, w []float64, sum float64, lo int) []int {
	out := make([]int, len(w))
	left := n - lo*len(w)
	if left < 0 {
		left = 0
	}
	acc, given := 0.0, 0
	for i, x := range w {
		acc += float64(left) * x / sum
		k := int(math.Round(acc)) - given
		given += k
		out[i] = lo + k
	}
	return out
}

func (g *lgen) buildItems() {
	for _, def := range itemDefs {
		it := &litem{def: def}
		if it.def.list == "" {
			it.def.list = "RESPONSIBILITY"
		}
		if ds := g.byTpl[def.resp]; def.resp != "" && len(ds) > 0 {
			it.resp = ds[0]
		}
		if ds := g.byTpl[def.lead]; def.lead != "" && len(ds) > 0 {
			it.lead = ds[0]
		}
		it.id = g.id("responsibility_items")
		g.items = append(g.items, it)
		if len(def.problems) > 0 && it.resp != nil || len(def.problems) > 0 && def.resp == "" {
			g.reqItems = append(g.reqItems, it)
			g.reqW = append(g.reqW, def.weight)
		}
	}
}

// pickWorkers draws up to n distinct workers of d with probability ∝ their
// weekly target (who can carry more gets more), skipping those skip rejects.
func (g *lgen) pickWorkers(d *ldept, n int, skip func(*lperson) bool) []*lperson {
	if len(d.workers) == 0 {
		return nil
	}
	n = min(n, len(d.workers))
	out := make([]*lperson, 0, n)
	for tries := 0; len(out) < n && tries < 8*n+8; tries++ {
		x := g.r.Float64() * d.weeklyT
		i := sort.SearchFloat64s(d.cumT, x)
		if i >= len(d.workers) {
			i = len(d.workers) - 1
		}
		p := d.workers[i]
		if slices.Contains(out, p) || (skip != nil && skip(p)) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// ——— writing the organisation ———

func (g *lgen) writeOrg(ctx context.Context) error {
	org := g.orgTime
	dt := g.l.Table("departments", "id", "created_at", "updated_at", "name", "code", "kind", "visit_quota_per_year", "sort_order", "parent_id")
	for _, d := range g.depts {
		kind := "AGENCY"
		if d.frontline {
			kind = "FRONTLINE"
		}
		var parent any
		if d.parent != nil {
			parent = d.parent.id
		}
		dt.Add(d.id, org, org, d.name, d.code, kind, d.quota, d.sort, parent)
	}
	if err := g.flush(ctx, dt); err != nil {
		return err
	}
	st := g.l.Table("staff", "id", "created_at", "updated_at", "name", "employee_no", "position", "rank", "weekly_capacity_hours",
		"secondment_from", "secondment_to", "active", "department_id", "mentor_id", "seconded_to_id")
	for _, p := range g.people {
		var from, to, mentor, serve any
		if p.seconded {
			from, to, serve = g.from.AddDate(0, -2, 0).Add(9*hour), g.qTo.AddDate(0, 3, 0), p.work.id
		}
		if p.mentor != nil {
			mentor = p.mentor.id
		}
		st.Add(p.id, org, org, p.name, p.empNo, p.pos, p.rank, p.capacity, from, to, true, p.dept.id, mentor, serve)
	}
	if err := g.flush(ctx, st); err != nil {
		return err
	}
	// Accounts, as in the demo: one per role, plus a division leader.
	find := func(tpl, class string) *lperson {
		for _, dv := range g.byTpl[tpl] {
			for _, s := range dv.sections {
				for _, p := range s.home {
					if p.class == class {
						return p
					}
				}
			}
		}
		return g.sections[0].home[len(g.sections[0].home)-1]
	}
	accts := []struct {
		login string
		role  account.Role
		p     *lperson
	}{
		{"admin", account.RoleAdmin, find(CodeIT, "normal")},
		{"leader", account.RoleLeader, g.root.head},
		{"staff", account.RoleStaff, find(CodeOffice, "overloaded")},
		{"frontline", account.RoleFrontline, g.fronts[0].home[2]},
		{"leader2", account.RoleLeader, g.byTpl[CodeLogistics][0].head},
		{"staff2", account.RoleStaff, find(CodePolitical, "idle")},
	}
	// demo: outside demo mode these accounts are disabled like the demo's.
	at := g.l.Table("accounts", "id", "created_at", "updated_at", "login", "password_hash", "role", "disabled", "staff_id", "demo")
	for _, a := range accts {
		at.Add(g.id("accounts"), org, org, a.login, g.hash, string(a.role), false, a.p.id, true)
		g.sum.Accounts = append(g.sum.Accounts, DemoAccount{Login: a.login, Role: a.role, StaffName: a.p.name, Department: a.p.dept.name})
	}
	if err := g.flush(ctx, at); err != nil {
		return err
	}
	it := g.l.Table("responsibility_items", "id", "created_at", "updated_at", "list", "title", "category_path", "keywords", "synonyms",
		"respond_within_hours", "resolve_within_days", "commitment", "legal_basis", "contact", "responsible_department_id", "lead_department_id")
	for _, i := range g.items {
		d := i.def
		kw, _ := json.Marshal(d.keywords)
		syn, _ := json.Marshal(d.synonyms)
		var resp, lead any
		if i.resp != nil {
			resp = i.resp.id
		}
		if i.lead != nil {
			lead = i.lead.id
		}
		it.Add(i.id, org, org, string(i.def.list), d.title, d.path, string(kw), string(syn), d.respondHours, d.resolveDays,
			d.commitment, d.legal, d.contact, resp, lead)
	}
	if err := g.flush(ctx, it); err != nil {
		return err
	}
	// Working-day calendar: the published holidays of the years covered.
	wc := g.l.Table("work_calendar", "id", "created_at", "updated_at", "day", "kind", "note")
	y0, y1 := g.from.Year(), g.qTo.AddDate(0, 3, 0).Year()
	for _, line := range strings.Split(workcal.ChinaHolidaysCSV, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "date") {
			continue
		}
		f := strings.SplitN(line, ",", 3)
		d, err := workcal.ParseDate(f[0])
		if err != nil || d.Year < y0 || d.Year > y1 || len(f) < 2 {
			continue
		}
		k, err := workcal.ParseKind(f[1])
		if err != nil {
			continue
		}
		kind, note := "HOLIDAY", ""
		if k == workcal.Workday {
			kind = "WORKDAY"
		}
		if len(f) == 3 {
			note = f[2]
		}
		wc.Add(g.id("work_calendar"), org, org, d.String(), kind, note)
	}
	if err := g.flush(ctx, wc); err != nil {
		return err
	}
	return g.writeSettings(ctx)
}

func (g *lgen) flush(ctx context.Context, t *bulk.Table) error {
	n := t.Pending()
	if err := t.Flush(ctx); err != nil {
		return err
	}
	g.sum.Rows[t.Name()] += n
	return nil
}

// kindShares turns a department profile (share of hours by kind) into
// the chance of each kind for a non-meeting task, given the typical hours
// of a task of that kind.
func kindShares(prof map[task.Kind]float64) ([]task.Kind, []float64) {
	var ks []task.Kind
	var ws []float64
	for _, k := range kindOrder {
		if k == task.KindMeeting {
			continue
		}
		if s := prof[k]; s > 0 {
			ks = append(ks, k)
			ws = append(ws, s/kindSize[k].mean())
		}
	}
	return ks, ws
}
