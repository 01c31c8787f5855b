package app_test

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/internal/analytics"
	"xiaoneng/internal/app"
	"xiaoneng/internal/seed"
)

// anWindow covers all the demo's data: the two quarters before the
// current one and the current quarter (Asia/Shanghai).
func (e *env) anWindow(t *testing.T) map[string]any {
	t.Helper()
	q := analytics.CurrentQuarter(time.Now())
	return map[string]any{"from": q.From.AddDate(0, -6, 0).Format(time.RFC3339), "to": q.To.Format(time.RFC3339)}
}

// anPlanted names the problems internal/seed plants, read from the demo's
// rows by the seed's department codes (see internal/seed/seed.go).
type anPlanted struct {
	LeadsWithoutDoing, DoesItAll, BadlyRated, MeetingHeavy string
	PingPong                                               [2]string
	StaffAccount                                           string
	// Overloaded and Idle: how many staff of each department the seed
	// aims above 1.10 and below 0.50 (gen.go buildOrg).
	Overloaded, Idle map[string]int
}

func (e *env) anPlanted(t *testing.T) anPlanted {
	t.Helper()
	name := func(code string) string {
		var n string
		if err := e.db().QueryRow(e.rebind(`SELECT name FROM departments WHERE code = ?`), code).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	byName := func(m map[string]int) map[string]int {
		out := map[string]int{}
		for code, n := range m {
			out[name(code)] = n
		}
		return out
	}
	var staff string
	if err := e.db().QueryRow(`SELECT s.name FROM accounts a JOIN staff s ON s.id = a.staff_id WHERE a.login = 'staff'`).Scan(&staff); err != nil {
		t.Fatal(err)
	}
	return anPlanted{
		LeadsWithoutDoing: name(seed.CodePolitical), DoesItAll: name(seed.CodeSafety),
		BadlyRated: name(seed.CodeSupply), MeetingHeavy: name(seed.CodePartyBuilding),
		PingPong:     [2]string{name(seed.CodeLogistics), name(seed.CodeProduction)},
		StaffAccount: staff,
		Overloaded: byName(map[string]int{seed.CodeOffice: 2, seed.CodeHR: 1, seed.CodeFinance: 1, seed.CodeProduction: 1,
			seed.CodeLogistics: 1, seed.CodeIT: 1, seed.CodeSafety: 1}),
		Idle: byName(map[string]int{seed.CodePolitical: 4, seed.CodeComprehensive: 3, seed.CodeDiscipline: 2, seed.CodePartyBuilding: 2,
			seed.CodeSupply: 2, seed.CodeFinance: 1, seed.CodeHR: 1, seed.CodeOffice: 1, seed.CodeProduction: 1, seed.CodeLogistics: 1,
			seed.CodeSafety: 1, seed.CodeIT: 1}),
	}
}

const anCockpitQuery = `query($w: WindowInput, $s: ID) { cockpit(window: $w, scope: $s) {
  window { from to weeks }
  scope { id name }
  imbalance { gini top20Share n topCount overloadedCount idleCount
    overloaded { staff { name } department { name } utilization flag }
    idle { staff { name } department { name } utilization flag } }
  completedCount onTimeRate overdueCount
  transferCount pingPongCount lateTransferCount
  pingPongPairs { from { name } to { name } count pingPongs }
  satisfactionWithheld ratingCount meanScore satisfactionRate rectificationsOnTimeRate rectificationAcceptanceRate
  lowestRated { department { name } meanScore ratingCount }
  talkFlags { name }
  visitsDone visitsQuota visitsRate
  meetingShare topMeetingShare { department { name } share }
  leadShareFlags { department { name } leadShare flag taskCount }
} }`

type anCockpit struct {
	Cockpit struct {
		Window struct {
			From, To time.Time
			Weeks    float64
		}
		Scope *struct {
			ID, Name string
		}
		Imbalance struct {
			Gini, Top20Share                        float64
			N, TopCount, OverloadedCount, IdleCount int
			Overloaded, Idle                        []struct {
				Staff       struct{ Name string }
				Department  struct{ Name string }
				Utilization float64
				Flag        string
			}
		}
		CompletedCount, OverdueCount                    int
		OnTimeRate                                      *float64
		TransferCount, PingPongCount, LateTransferCount int
		PingPongPairs                                   []anPair
		SatisfactionWithheld                            bool
		RatingCount                                     *int
		MeanScore, SatisfactionRate                     *float64
		RectificationsOnTimeRate                        *float64
		RectificationAcceptanceRate                     *float64
		LowestRated                                     *struct {
			Department struct{ Name string }
			MeanScore  float64
		}
		TalkFlags       []struct{ Name string }
		VisitsDone      int
		VisitsQuota     float64
		VisitsRate      *float64
		MeetingShare    *float64
		TopMeetingShare *struct {
			Department struct{ Name string }
			Share      float64
		}
		LeadShareFlags []struct {
			Department struct{ Name string }
			LeadShare  float64
			Flag       string
			TaskCount  int
		}
	}
}

type anPair struct {
	From, To         struct{ Name string }
	Count, PingPongs int
}

func (e *env) anCockpit(t *testing.T, login string, vars map[string]any) anCockpit {
	t.Helper()
	var c anCockpit
	e.do(t, e.login(t, login), anCockpitQuery, vars).ok(t, &c)
	return c
}

// The cockpit of the demo agency finds the problems the seed planted
// (internal/seed: Summary.Planted), over all the demo's data.
func TestAnalyticsDemoCockpit(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		planted := e.anPlanted(t)
		c := e.anCockpit(t, "leader", map[string]any{"w": e.anWindow(t)}).Cockpit
		t.Logf("%s cockpit: gini %.3f top20 %.3f n %d overloaded %d idle %d; on-time %.3f overdue %d; transfers %d ping-pongs %d late %d; "+
			"mean %.2f satisfaction %.3f rectifications on time %.3f accepted %.3f; visits %d / %.1f; meetings %.3f",
			e.dialect, c.Imbalance.Gini, c.Imbalance.Top20Share, c.Imbalance.N, c.Imbalance.OverloadedCount, c.Imbalance.IdleCount,
			*c.OnTimeRate, c.OverdueCount, c.TransferCount, c.PingPongCount, c.LateTransferCount,
			*c.MeanScore, *c.SatisfactionRate, *c.RectificationsOnTimeRate, *c.RectificationAcceptanceRate,
			c.VisitsDone, c.VisitsQuota, *c.MeetingShare)
		for _, x := range c.LeadShareFlags {
			t.Logf("%s lead share %s %.3f over %d tasks (%s)", e.dialect, x.Department.Name, x.LeadShare, x.TaskCount, x.Flag)
		}
		if c.TopMeetingShare != nil && c.LowestRated != nil && len(c.PingPongPairs) > 0 {
			t.Logf("%s top meeting share %s %.3f; lowest rated %s %.2f; top ping-pong pair %s→%s %d (%d ping-pongs); talk %v",
				e.dialect, c.TopMeetingShare.Department.Name, c.TopMeetingShare.Share, c.LowestRated.Department.Name, c.LowestRated.MeanScore,
				c.PingPongPairs[0].From.Name, c.PingPongPairs[0].To.Name, c.PingPongPairs[0].Count, c.PingPongPairs[0].PingPongs, c.TalkFlags)
		}
		if c.Scope == nil || c.Scope.Name != asStr(e.scalar(t, `SELECT name FROM departments WHERE parent_id IS NULL`)) {
			t.Errorf("the agency leader's default scope is %+v, want the root", c.Scope)
		}

		// Who is overloaded and who is idle.
		over, idle := map[string]int{}, map[string]int{}
		overloadedStaff := map[string]bool{}
		for _, x := range c.Imbalance.Overloaded {
			over[x.Department.Name]++
			overloadedStaff[x.Staff.Name] = true
		}
		for _, x := range c.Imbalance.Idle {
			idle[x.Department.Name]++
		}
		if !maps.Equal(over, planted.Overloaded) {
			t.Errorf("overloaded per department %v, planted %v", over, planted.Overloaded)
		}
		if !overloadedStaff[planted.StaffAccount] {
			t.Errorf("the staff account's %s is not overloaded", planted.StaffAccount)
		}
		for _, x := range c.Imbalance.Overloaded {
			if x.Utilization <= 1.10 || x.Flag != "OVERLOADED" {
				t.Errorf("overloaded %s at %.2f (%s)", x.Staff.Name, x.Utilization, x.Flag)
			}
		}
		for d, n := range planted.Idle {
			if idle[d] < n {
				t.Errorf("%s has %d idle staff, the seed planted %d", d, idle[d], n)
			}
		}
		if c.Imbalance.OverloadedCount != len(c.Imbalance.Overloaded) || c.Imbalance.IdleCount != len(c.Imbalance.Idle) {
			t.Errorf("counts %d/%d, lists %d/%d", c.Imbalance.OverloadedCount, c.Imbalance.IdleCount, len(c.Imbalance.Overloaded), len(c.Imbalance.Idle))
		}
		if c.Imbalance.Gini <= 0.1 || c.Imbalance.Top20Share <= 0.2 {
			t.Errorf("the demo's imbalance is not visible: gini %.3f, top-20 %% share %.3f", c.Imbalance.Gini, c.Imbalance.Top20Share)
		}

		// Which department leads without doing, which does it all: those two only.
		flags := map[string]string{}
		for _, x := range c.LeadShareFlags {
			flags[x.Department.Name] = x.Flag
		}
		if len(flags) != 2 || flags[planted.LeadsWithoutDoing] != "LEADS_WITHOUT_DOING" || flags[planted.DoesItAll] != "DOES_IT_ALL" {
			t.Errorf("lead-share flags %v, planted %s leads without doing, %s does it all", flags, planted.LeadsWithoutDoing, planted.DoesItAll)
		}

		// Which pair ping-pongs: the two directions between the planted pair come first.
		if len(c.PingPongPairs) < 2 {
			t.Fatalf("ping-pong pairs %+v", c.PingPongPairs)
		}
		pair := []string{planted.PingPong[0], planted.PingPong[1]}
		sort.Strings(pair)
		for _, p := range c.PingPongPairs[:2] {
			got := []string{p.From.Name, p.To.Name}
			sort.Strings(got)
			if !slices.Equal(got, pair) {
				t.Errorf("top ping-pong pair %s→%s, planted %v", p.From.Name, p.To.Name, pair)
			}
		}

		// Which department is rated badly, and is flagged for a talk.
		if c.LowestRated == nil || c.LowestRated.Department.Name != planted.BadlyRated || c.LowestRated.MeanScore >= 3 {
			t.Errorf("lowest rated %+v, planted %s", c.LowestRated, planted.BadlyRated)
		}
		if len(c.TalkFlags) != 1 || c.TalkFlags[0].Name != planted.BadlyRated {
			t.Errorf("约谈 flags %v, want %s", c.TalkFlags, planted.BadlyRated)
		}

		// Meetings eat one department's week.
		if c.TopMeetingShare == nil || c.TopMeetingShare.Department.Name != planted.MeetingHeavy || c.TopMeetingShare.Share <= 0.5 {
			t.Errorf("top meeting share %+v, planted %s", c.TopMeetingShare, planted.MeetingHeavy)
		}
		if c.OverdueCount == 0 || c.CompletedCount == 0 || c.VisitsDone == 0 {
			t.Errorf("overdue %d, completed %d, visits %d", c.OverdueCount, c.CompletedCount, c.VisitsDone)
		}

		// The default window, the current quarter, shows the same problems
		// (the 约谈 flag needs two complete months of the window, so it may
		// be empty early in a quarter).
		began := time.Now()
		q := e.anCockpit(t, "leader", nil).Cockpit
		t.Logf("%s: the current quarter's cockpit took %v over HTTP", e.dialect, time.Since(began).Round(time.Millisecond))
		t.Logf("%s current quarter %s – %s: gini %.3f top20 %.3f n %d overloaded %d idle %d; completed %d on-time %v overdue %d; "+
			"transfers %d ping-pongs %d late %d; ratings %v mean %v satisfaction %v; visits %d / %.1f; lowest %+v; lead flags %d; talk %v",
			e.dialect, q.Window.From.Format(time.DateOnly), q.Window.To.Format(time.DateOnly), q.Imbalance.Gini, q.Imbalance.Top20Share,
			q.Imbalance.N, q.Imbalance.OverloadedCount, q.Imbalance.IdleCount, q.CompletedCount, fmtF(q.OnTimeRate), q.OverdueCount,
			q.TransferCount, q.PingPongCount, q.LateTransferCount, fmtI(q.RatingCount), fmtF(q.MeanScore), fmtF(q.SatisfactionRate),
			q.VisitsDone, q.VisitsQuota, q.LowestRated, len(q.LeadShareFlags), q.TalkFlags)
		if q.LowestRated == nil || q.LowestRated.Department.Name != planted.BadlyRated {
			t.Errorf("current quarter: lowest rated %+v", q.LowestRated)
		}
		qflags := map[string]string{}
		for _, x := range q.LeadShareFlags {
			qflags[x.Department.Name] = x.Flag
		}
		if qflags[planted.LeadsWithoutDoing] != "LEADS_WITHOUT_DOING" {
			t.Errorf("current quarter: lead-share flags %v", qflags)
		}

		// A few figures against direct SQL over the same rows (no window
		// filter needed: the window covers all the demo's data).
		pp := asInt(e.scalar(t, `SELECT count(*) FROM task_events WHERE type = 'TRANSFERRED' AND ping_pong`))
		late := asInt(e.scalar(t, `SELECT count(*) FROM task_events WHERE type = 'TRANSFERRED' AND late`))
		if c.PingPongCount != pp || c.LateTransferCount != late {
			t.Errorf("ping-pongs %d, late %d; SQL says %d, %d", c.PingPongCount, c.LateTransferCount, pp, late)
		}
		visits := asInt(e.scalar(t, `SELECT count(*) FROM service_visits v JOIN departments d ON d.id = v.department_id WHERE v.confirmed AND d.kind = 'AGENCY'`))
		if c.VisitsDone != visits {
			t.Errorf("visits %d, SQL says %d", c.VisitsDone, visits)
		}
	})
}

// The ping_pong flag of every transfer in the demo is the definition "a
// transfer to a department that already held the task", checked in SQL:
// the departments that held the task before a transfer are the senders of
// it and of every earlier transfer of the task.
func TestAnalyticsPingPongFlagIsTheDefinition(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		n := asInt(e.scalar(t, `WITH def AS (
  SELECT x.id, CASE WHEN x.ping_pong THEN 1 ELSE 0 END AS pp,
    MAX(CASE WHEN p.id IS NOT NULL THEN 1 ELSE 0 END) AS held
  FROM task_events x
  LEFT JOIN task_events p ON p.task_id = x.task_id AND p.type = 'TRANSFERRED'
    AND p.from_department_id = x.to_department_id AND p.id <= x.id
  WHERE x.type = 'TRANSFERRED'
  GROUP BY x.id, x.ping_pong)
SELECT count(*) FROM def WHERE pp <> held`))
		total := asInt(e.scalar(t, `SELECT count(*) FROM task_events WHERE type = 'TRANSFERRED' AND ping_pong`))
		if n != 0 || total == 0 {
			t.Fatalf("%d transfers flagged against the definition (%d ping-pongs)", n, total)
		}
	})
}

// FRONTLINE is refused, STAFF and a department's LEADER are limited to
// their subtree, a token without read:analytics is refused.
func TestAnalyticsAccess(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		root := asInt(e.scalar(t, `SELECT id FROM departments WHERE parent_id IS NULL`))
		staffDept := e.viewerDept(t, "staff")
		other := asInt(e.scalar(t, e.rebind(`SELECT id FROM departments WHERE kind = 'AGENCY' AND parent_id IS NOT NULL AND id <> ? ORDER BY id LIMIT 1`), staffDept))
		q := `query($s: ID) { workload(scope: $s) { scope { id } staff { staff { name } department { id } } departments { department { id } } } }`
		type wl struct {
			Workload struct {
				Scope struct{ ID string }
				Staff []struct {
					Department struct{ ID string }
				}
				Departments []struct {
					Department struct{ ID string }
				}
			}
		}
		for _, f := range []string{"cockpit", "workload", "imbalance", "satisfaction"} {
			r := e.do(t, e.login(t, "frontline"), `{ `+f+` { window { from } } }`, nil)
			if r.code() != "FORBIDDEN" {
				t.Errorf("frontline %s: %s %s", f, r.code(), r.Data)
			}
		}

		// STAFF: by default their department, and only within it.
		var w wl
		e.do(t, e.login(t, "staff"), q, nil).ok(t, &w)
		if w.Workload.Scope.ID != strconv.FormatInt(staffDept, 10) || len(w.Workload.Staff) == 0 {
			t.Fatalf("staff's default scope %s (%d staff), want their department %d", w.Workload.Scope.ID, len(w.Workload.Staff), staffDept)
		}
		for _, s := range w.Workload.Staff {
			if s.Department.ID != strconv.FormatInt(staffDept, 10) {
				t.Errorf("staff sees a person of department %s", s.Department.ID)
			}
		}
		for _, scope := range []int{root, other} {
			r := e.do(t, e.login(t, "staff"), q, map[string]any{"s": fmt.Sprint(scope)})
			if r.code() != "FORBIDDEN" {
				t.Errorf("staff asking for department %d: %s %s", scope, r.code(), r.Data)
			}
		}
		outsider := asInt(e.scalar(t, e.rebind(`SELECT id FROM staff WHERE department_id = ? LIMIT 1`), other))
		r := e.do(t, e.login(t, "staff"), `query($id: ID!) { staffLoad(staff: $id) { load } }`, map[string]any{"id": fmt.Sprint(outsider)})
		if r.code() != "FORBIDDEN" {
			t.Errorf("staff drilling into another department's person: %s %s", r.code(), r.Data)
		}
		r = e.do(t, e.login(t, "staff"), `query($d: ID!) { departmentRatings(department: $d, first: 5) { totalCount } }`, map[string]any{"d": fmt.Sprint(other)})
		if r.code() != "FORBIDDEN" {
			t.Errorf("staff reading another department's ratings: %s %s", r.code(), r.Data)
		}

		// leader2 leads 后勤服务中心: its subtree only.
		var lw wl
		e.do(t, e.login(t, "leader2"), q, nil).ok(t, &lw)
		if lw.Workload.Scope.ID != strconv.FormatInt(e.viewerDept(t, "leader2"), 10) || len(lw.Workload.Departments) != 1 {
			t.Errorf("leader2's default scope %s with %d departments", lw.Workload.Scope.ID, len(lw.Workload.Departments))
		}
		if r := e.do(t, e.login(t, "leader2"), q, map[string]any{"s": fmt.Sprint(root)}); r.code() != "FORBIDDEN" {
			t.Errorf("leader2 asking for the root: %s", r.code())
		}

		// The agency leader and ADMIN see everything; ADMIN gets NOT_FOUND for an unknown scope.
		var aw wl
		e.do(t, e.login(t, "admin"), q, nil).ok(t, &aw)
		agency := asInt(e.scalar(t, `SELECT count(*) FROM departments WHERE kind = 'AGENCY'`))
		if aw.Workload.Scope.ID != strconv.Itoa(root) || len(aw.Workload.Departments) != agency {
			t.Errorf("admin's default scope %s with %d departments, want the root with %d", aw.Workload.Scope.ID, len(aw.Workload.Departments), agency)
		}
		if r := e.do(t, e.login(t, "admin"), q, map[string]any{"s": "999999"}); r.code() != "NOT_FOUND" {
			t.Errorf("unknown scope: %s", r.code())
		}
		if r := e.do(t, e.login(t, "admin"), `{ cockpit(window: {from: "2026-03-01T00:00:00Z", to: "2026-02-01T00:00:00Z"}) { overdueCount } }`, nil); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "window.to" {
			t.Errorf("reversed window: %+v", r.Errors)
		}

		// An API token of the leader: without read:analytics refused, with it allowed.
		mint := func(scopes ...string) string {
			var out struct {
				CreateAPIToken struct{ Secret string } `json:"createApiToken"`
			}
			e.do(t, e.login(t, "leader"), `mutation($n: String!, $s: [String!]!) { createApiToken(name: $n, scopes: $s) { secret } }`,
				map[string]any{"n": "analytics-test-" + strconv.Itoa(len(scopes)), "s": scopes}).ok(t, &out)
			return out.CreateAPIToken.Secret
		}
		if r := e.do(t, mint("read:org"), `{ cockpit { overdueCount } }`, nil); r.code() != "FORBIDDEN" {
			t.Errorf("token without read:analytics: %s", r.code())
		}
		if r := e.do(t, mint("read:org", "read:analytics"), `{ cockpit { overdueCount imbalance { n } } }`, nil); len(r.Errors) > 0 {
			t.Errorf("token with read:analytics: %+v", r.Errors)
		}
	})
}

// The drill-downs lead from a figure to its rows.
func TestAnalyticsDrillDown(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		planted := e.anPlanted(t)
		w := e.anWindow(t)
		tok := e.login(t, "leader")

		// Who is overloaded, and by which tasks: the staff account's person.
		staffID := e.viewerStaff(t, "staff")
		var sl struct {
			StaffLoad struct {
				Staff       struct{ Name string }
				Load        float64
				Utilization float64
				Flag        string
				Tasks       []struct {
					TaskID      string
					Task        *struct{ Title string }
					Hours       float64
					SpreadHours float64
				}
			}
		}
		e.do(t, tok, `query($id: ID!, $w: WindowInput) { staffLoad(staff: $id, window: $w) {
			staff { name } load utilization flag tasks { taskId task { title } hours spreadHours } } }`,
			map[string]any{"id": fmt.Sprint(staffID), "w": w}).ok(t, &sl)
		if sl.StaffLoad.Staff.Name != planted.StaffAccount || sl.StaffLoad.Flag != "OVERLOADED" || len(sl.StaffLoad.Tasks) == 0 {
			t.Fatalf("staffLoad of the staff account: %+v", sl.StaffLoad)
		}
		var sum float64
		for _, x := range sl.StaffLoad.Tasks {
			sum += x.SpreadHours
			if x.Task == nil || x.SpreadHours > x.Hours+1e-9 {
				t.Errorf("task row %+v", x)
			}
		}
		if d := sum - sl.StaffLoad.Load; d > 1e-6 || d < -1e-6 {
			t.Errorf("the tasks' spread hours add up to %.3f, the load is %.3f", sum, sl.StaffLoad.Load)
		}
		// The same person in the STAFF account's own view.
		var own struct{ StaffLoad struct{ Load float64 } }
		e.do(t, e.login(t, "staff"), `query($id: ID!, $w: WindowInput) { staffLoad(staff: $id, window: $w) { load } }`,
			map[string]any{"id": fmt.Sprint(staffID), "w": w}).ok(t, &own)
		if own.StaffLoad.Load != sl.StaffLoad.Load {
			t.Errorf("staff sees load %.3f, leader %.3f", own.StaffLoad.Load, sl.StaffLoad.Load)
		}

		// Which tasks ping-ponged between which departments.
		var pp struct {
			PingPongTasks []struct {
				Task      *struct{ Title string }
				PingPongs int
				Transfers []struct {
					From, To struct{ Name string }
					PingPong bool
					At       time.Time
				}
			}
		}
		e.do(t, tok, `query($w: WindowInput) { pingPongTasks(window: $w, first: 10) { task { title } pingPongs
			transfers { from { name } to { name } pingPong at } } }`, map[string]any{"w": w}).ok(t, &pp)
		if len(pp.PingPongTasks) == 0 {
			t.Fatal("no ping-pong tasks")
		}
		for _, x := range pp.PingPongTasks {
			flagged := 0
			for i, s := range x.Transfers {
				if s.PingPong {
					flagged++
				}
				if i > 0 && s.At.Before(x.Transfers[i-1].At) {
					t.Errorf("chain out of order: %+v", x.Transfers)
				}
			}
			if x.Task == nil || flagged < x.PingPongs || x.PingPongs == 0 {
				t.Errorf("ping-pong task %+v", x)
			}
		}

		// Which ratings made a department's score: the badly rated department's.
		bad := asInt(e.scalar(t, e.rebind(`SELECT id FROM departments WHERE name = ?`), planted.BadlyRated))
		var dr struct {
			DepartmentRatings struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						Score     int
						Anonymous bool
						Rater     *struct{ Name string }
					}
				}
			}
		}
		e.do(t, tok, `query($d: ID!, $w: WindowInput) { departmentRatings(department: $d, window: $w, first: 100) {
			totalCount edges { node { score anonymous rater { name } } } } }`, map[string]any{"d": fmt.Sprint(bad), "w": w}).ok(t, &dr)
		want := asInt(e.scalar(t, e.rebind(`SELECT count(*) FROM ratings WHERE target_department_id = ? AND appeal_status <> 'VOIDED'`), bad))
		if dr.DepartmentRatings.TotalCount != want || want == 0 {
			t.Errorf("departmentRatings totalCount %d, SQL says %d", dr.DepartmentRatings.TotalCount, want)
		}
		for _, x := range dr.DepartmentRatings.Edges {
			if x.Node.Anonymous && x.Node.Rater != nil {
				t.Errorf("an anonymous rater shown: %+v", x.Node.Rater)
			}
		}
		var sat struct {
			Satisfaction struct {
				Departments []struct {
					Department  struct{ ID string }
					RatingCount *int
				}
			}
		}
		e.do(t, tok, `query($w: WindowInput) { satisfaction(window: $w) { departments { department { id } ratingCount } } }`,
			map[string]any{"w": w}).ok(t, &sat)
		for _, d := range sat.Satisfaction.Departments {
			if d.Department.ID == fmt.Sprint(bad) && (d.RatingCount == nil || *d.RatingCount != want) {
				t.Errorf("satisfaction counts %v ratings of %s, the drill-down %d", d.RatingCount, planted.BadlyRated, want)
			}
		}
	})
}

func fmtF(p *float64) string {
	if p == nil {
		return "null"
	}
	return strconv.FormatFloat(*p, 'f', 3, 64)
}

func fmtI(p *int) string {
	if p == nil {
		return "null"
	}
	return strconv.Itoa(*p)
}

// Transfers made through the workflow (transferTask) carry the ping_pong
// flag of the definition, and the analytics count them: a task of
// 综合治理办公室 passed to 信息中心, back, and on again — two ping-pongs.
// On a fresh product: this test changes data.
func TestAnalyticsPingPongsOfTheWorkflow(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			if d == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			e := newEnv(t, d, false)
			var admin struct {
				Login struct{ AccessToken string }
			}
			e.do(t, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken}}`,
				map[string]any{"u": "admin", "p": app.DemoPassword}).ok(t, &admin)
			tok := admin.Login.AccessToken
			deptID := func(code string) string {
				return fmt.Sprint(asInt(e.scalar(t, e.rebind(`SELECT id FROM departments WHERE code = ?`), code)))
			}
			a, b := deptID("AG12"), deptID("AG11")
			before := e.anBuck(t, tok, a, b)
			var created struct{ CreateTask struct{ ID string } }
			e.do(t, tok, `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`, map[string]any{"in": map[string]any{
				"title": "打印机无法联网", "kind": "REQUEST", "dueInWorkingDays": 3, "leadDepartment": a}}).ok(t, &created)
			for _, to := range []string{b, a, b} {
				e.do(t, tok, `mutation($id: ID!, $to: ID!) { transferTask(id: $id, toDepartment: $to, reason: "不属于本部门职责") { id } }`,
					map[string]any{"id": created.CreateTask.ID, "to": to}).ok(t, nil)
			}
			n := asInt(e.scalar(t, `WITH def AS (
  SELECT x.id, CASE WHEN x.ping_pong THEN 1 ELSE 0 END AS pp,
    MAX(CASE WHEN p.id IS NOT NULL THEN 1 ELSE 0 END) AS held
  FROM task_events x
  LEFT JOIN task_events p ON p.task_id = x.task_id AND p.type = 'TRANSFERRED'
    AND p.from_department_id = x.to_department_id AND p.id <= x.id
  WHERE x.type = 'TRANSFERRED'
  GROUP BY x.id, x.ping_pong)
SELECT count(*) FROM def WHERE pp <> held`))
			if n != 0 {
				t.Fatalf("%d transfers flagged against the definition", n)
			}
			after := e.anBuck(t, tok, a, b)
			if after.transfers != before.transfers+3 || after.pingPongs != before.pingPongs+2 || after.pair != before.pair+2 {
				t.Errorf("buckPassing before %+v, after %+v: want 3 more transfers, 2 more ping-pongs, 2 more %s→%s", before, after, a, b)
			}
		})
	}
}

type anBuckFigures struct{ transfers, pingPongs, pair int }

// anBuck reads the current quarter's buck-passing of the whole agency and
// the pair from→to.
func (e *env) anBuck(t *testing.T, tok, from, to string) anBuckFigures {
	t.Helper()
	var out struct {
		BuckPassing struct {
			Transfers, PingPongs int
			Pairs                []struct {
				From, To struct{ ID string }
				Count    int
			}
		}
	}
	e.do(t, tok, `{ buckPassing { transfers pingPongs pairs { from { id } to { id } count } } }`, nil).ok(t, &out)
	f := anBuckFigures{transfers: out.BuckPassing.Transfers, pingPongs: out.BuckPassing.PingPongs}
	for _, p := range out.BuckPassing.Pairs {
		if p.From.ID == from && p.To.ID == to {
			f.pair = p.Count
		}
	}
	return f
}

// An empty scope — a frontline unit has no agency department — answers with
// empty lists and zero figures, not errors.
func TestAnalyticsEmptyScope(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		unit := fmt.Sprint(e.viewerDept(t, "frontline"))
		var out struct {
			Workload struct {
				Staff, Departments []struct{ Load float64 }
			}
			Imbalance struct {
				Gini       float64
				N          int
				Overloaded []struct{ Load float64 }
			}
			Cockpit struct {
				OnTimeRate     *float64
				LeadShareFlags []struct{ LeadShare float64 }
				TalkFlags      []struct{ Name string }
			}
			LoadSeries struct {
				Weeks []struct{ Label string }
				Rows  []struct{ Cells []struct{ Load float64 } }
			}
			SatisfactionSeries struct {
				Departments []struct{ Talk bool }
			}
			PingPongTasks []struct{ PingPongs int }
		}
		e.do(t, e.login(t, "admin"), `query($s: ID) {
  workload(scope: $s) { staff { load } departments { load } }
  imbalance(scope: $s) { gini n overloaded { load } }
  cockpit(scope: $s) { onTimeRate leadShareFlags { leadShare } talkFlags { name } }
  loadSeries(scope: $s, level: STAFF) { weeks { label } rows { cells { load } } }
  satisfactionSeries(scope: $s) { departments { talk } }
  pingPongTasks(scope: $s) { pingPongs }
}`, map[string]any{"s": unit}).ok(t, &out)
		if len(out.Workload.Staff)+len(out.Workload.Departments)+out.Imbalance.N+len(out.LoadSeries.Rows) != 0 ||
			out.Imbalance.Gini != 0 || out.Cockpit.OnTimeRate != nil || len(out.LoadSeries.Weeks) < 13 {
			t.Errorf("empty scope: %+v", out)
		}
	})
}

// Every analytics query answers over HTTP with every field, and the
// cockpit's headline figures are the ones the metrics' own queries give.
func TestAnalyticsEveryQuery(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var out struct {
			Workload struct {
				Staff       []struct{ Load float64 }
				Departments []struct{ Load, Capacity float64 }
			}
			Imbalance struct {
				Gini, Top20Share float64
				N                int
			}
			LeadShare struct {
				Departments []struct {
					Department struct{ Name string }
					Flag       *string
				}
			}
			BuckPassing struct {
				Transfers, PingPongs int
				Departments          []struct{ MedianHoursToAccept *float64 }
				Pairs                []struct{ Count int }
			}
			OnTime struct {
				Completed, Overdue int
				Rate               *float64
			}
			MeetingShare struct {
				Share       *float64
				Departments []struct {
					Department struct{ Name string }
					Share      *float64
				}
			}
			Satisfaction struct {
				Overall struct {
					MeanScore, SatisfactionRate, AcceptanceRate *float64
					RectificationsOnTimeRate                    *float64
				}
				Departments []struct{ Withheld bool }
			}
			Visits struct {
				Done  int
				Quota float64
			}
			Cockpit struct {
				Imbalance struct {
					Gini float64
					N    int
				}
				OnTimeRate                                 *float64
				OverdueCount, PingPongCount, VisitsDone    int
				SatisfactionRate, RectificationsOnTimeRate *float64
				MeetingShare                               *float64
				LeadShareFlags                             []struct{ Flag string }
			}
			LoadSeries struct {
				Weeks []struct {
					Label    string
					IsoWeek  int
					Complete bool
				}
				Rows []struct {
					Department struct{ Name string }
					Cells      []struct {
						Week        int
						Load        float64
						Utilization *float64
					}
				}
			}
			SatisfactionSeries struct {
				Months      []struct{ Label string }
				TalkMonths  []int
				Departments []struct {
					Months []struct {
						Rank   *int
						Ranked int
					}
				}
			}
			OnTimeSeries struct {
				Overall     []struct{ Completed int }
				Departments []struct{ Months []struct{ Rate *float64 } }
			}
		}
		e.do(t, e.login(t, "leader"), `query($w: WindowInput) {
  workload(window: $w) { window { from to days weeks } scope { name } staff { staff { name } department { name } load capacity utilization flag }
    departments { department { name } staffCount load capacity utilization overloadedCount idleCount } }
  imbalance(window: $w) { gini top20Share n topCount totalLoad overloadedCount idleCount overloaded { staff { name } } idle { staff { name } } }
  leadShare(window: $w) { departments { department { name } taskCount leadShare leadHours taskHours flag } }
  buckPassing(window: $w) { transfers pingPongs lateTransfers
    departments { department { name } transfersOut transfersIn pingPongs lateTransfers acceptedCount medianHoursToAccept }
    pairs { from { name } to { name } count pingPongs lateTransfers } }
  onTime(window: $w) { completed onTime rate overdue departments { department { name } completed onTime rate overdue } }
  meetingShare(window: $w) { meetingHours ledgerHours totalHours share
    departments { department { name } meetingHours ledgerHours totalHours share meetingShare ledgerShare } }
  satisfaction(window: $w) {
    overall { department { name } withheld ratingCount meanScore satisfactionRate badRatings responsiveness resolution attitude
      rectificationsDue rectificationsOnTime rectificationsOnTimeRate judgedCount acceptanceRate }
    departments { department { name } withheld ratingCount meanScore } }
  visits(window: $w) { done quota rate departments { department { name } done quotaPerYear quota rate } }
  cockpit(window: $w) { imbalance { gini n } onTimeRate overdueCount pingPongCount visitsDone satisfactionRate
    rectificationsOnTimeRate meetingShare leadShareFlags { flag } }
  loadSeries(window: $w) { weeks { index from to isoYear isoWeek label complete } rows { department { name } staff { name } cells { week load capacity utilization } } }
  satisfactionSeries(window: $w) { months { index from to label complete } talkMonths
    departments { department { name } talk months { month withheld ratingCount meanScore satisfactionRate rank ranked bottom } } }
  onTimeSeries(window: $w) { months { label complete } overall { month completed onTime rate }
    departments { department { name } months { month completed onTime rate } } }
}`, map[string]any{"w": e.anWindow(t)}).ok(t, &out)

		c := out.Cockpit
		if c.Imbalance.Gini != out.Imbalance.Gini || c.Imbalance.N != out.Imbalance.N {
			t.Errorf("cockpit imbalance %+v, imbalance %v/%d", c.Imbalance, out.Imbalance.Gini, out.Imbalance.N)
		}
		if *c.OnTimeRate != *out.OnTime.Rate || c.OverdueCount != out.OnTime.Overdue {
			t.Errorf("cockpit on-time %v/%d, onTime %v/%d", *c.OnTimeRate, c.OverdueCount, *out.OnTime.Rate, out.OnTime.Overdue)
		}
		if c.PingPongCount != out.BuckPassing.PingPongs || c.VisitsDone != out.Visits.Done {
			t.Errorf("cockpit ping-pongs %d, visits %d; metrics %d, %d", c.PingPongCount, c.VisitsDone, out.BuckPassing.PingPongs, out.Visits.Done)
		}
		if *c.SatisfactionRate != *out.Satisfaction.Overall.SatisfactionRate ||
			*c.RectificationsOnTimeRate != *out.Satisfaction.Overall.RectificationsOnTimeRate || *c.MeetingShare != *out.MeetingShare.Share {
			t.Errorf("cockpit satisfaction/rectification/meeting figures differ from the metrics")
		}
		flagged := 0
		for _, d := range out.LeadShare.Departments {
			if d.Flag != nil {
				flagged++
			}
		}
		if flagged != len(c.LeadShareFlags) {
			t.Errorf("cockpit shows %d lead-share flags, leadShare %d", len(c.LeadShareFlags), flagged)
		}
		// The weekly cells of a department add up to its load in the window.
		var load float64
		for _, d := range out.Workload.Departments {
			load += d.Load
		}
		var cells float64
		for _, r := range out.LoadSeries.Rows {
			if len(r.Cells) != len(out.LoadSeries.Weeks) {
				t.Fatalf("%s has %d cells for %d weeks", r.Department.Name, len(r.Cells), len(out.LoadSeries.Weeks))
			}
			for _, x := range r.Cells {
				cells += x.Load
			}
		}
		if d := cells - load; d > 1e-6 || d < -1e-6 {
			t.Errorf("weekly cells sum to %.4f, the departments' load is %.4f", cells, load)
		}
		var monthly int
		for _, m := range out.OnTimeSeries.Overall {
			monthly += m.Completed
		}
		if monthly != out.OnTime.Completed {
			t.Errorf("monthly completions sum to %d, onTime says %d", monthly, out.OnTime.Completed)
		}
		if len(out.SatisfactionSeries.TalkMonths) != 2 || len(out.SatisfactionSeries.Months) < 7 {
			t.Errorf("satisfaction series months %d, talk months %v", len(out.SatisfactionSeries.Months), out.SatisfactionSeries.TalkMonths)
		}
	})
}

func asStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// The cockpit leaves out work nobody asked for — the imbalance staff lists
// when not selected, the months other than the last two complete ones — and
// still answers what is asked exactly: the lists when selected (directly or
// through a fragment) are imbalance's own, and its 约谈 flags are the
// departments satisfactionSeries flags over the whole window.
func TestCockpitSelectsWhatItComputes(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		type staffList []struct{ Staff struct{ ID string } }
		var out struct {
			Imbalance struct{ Overloaded, Idle staffList }
			Cockpit   struct {
				Imbalance struct {
					OverloadedCount int
					Overloaded      staffList
				}
				TalkFlags []struct{ ID string }
			}
			Plain struct {
				Imbalance struct {
					OverloadedCount int
					Overloaded      staffList
					Idle            staffList
				}
			} `json:"plain"`
			Frag struct {
				Imbalance struct{ Idle staffList }
			} `json:"frag"`
			SatisfactionSeries struct {
				TalkMonths  []int
				Departments []struct {
					Department struct{ ID string }
					Talk       bool
				}
			}
		}
		// a window of five months, so that the last two complete ones are
		// not the whole window
		w := map[string]any{"from": "2026-06-01T00:00:00+08:00", "to": "2026-11-01T00:00:00+08:00"}
		e.do(t, e.login(t, "leader"), `query($w: WindowInput) {
  imbalance(window: $w) { overloaded { staff { id } } idle { staff { id } } }
  cockpit(window: $w) { imbalance { overloadedCount overloaded { staff { id } } } talkFlags { id } }
  plain: cockpit(window: $w) { imbalance { overloadedCount } }
  frag: cockpit(window: $w) { ...lists }
  satisfactionSeries(window: $w) { talkMonths departments { department { id } talk } }
}
fragment lists on Cockpit { imbalance { idle { staff { id } } } }`, map[string]any{"w": w}).ok(t, &out)
		ids := func(l staffList) string {
			var s []string
			for _, x := range l {
				s = append(s, x.Staff.ID)
			}
			return strings.Join(s, ",")
		}
		if len(out.Imbalance.Overloaded) == 0 || ids(out.Cockpit.Imbalance.Overloaded) != ids(out.Imbalance.Overloaded) {
			t.Errorf("cockpit's overloaded %q, imbalance's %q", ids(out.Cockpit.Imbalance.Overloaded), ids(out.Imbalance.Overloaded))
		}
		if len(out.Imbalance.Idle) == 0 || ids(out.Frag.Imbalance.Idle) != ids(out.Imbalance.Idle) {
			t.Errorf("cockpit's idle through a fragment %q, imbalance's %q", ids(out.Frag.Imbalance.Idle), ids(out.Imbalance.Idle))
		}
		if out.Plain.Imbalance.OverloadedCount != len(out.Imbalance.Overloaded) || out.Cockpit.Imbalance.OverloadedCount != len(out.Imbalance.Overloaded) {
			t.Errorf("overloaded counts %d/%d, %d listed", out.Plain.Imbalance.OverloadedCount, out.Cockpit.Imbalance.OverloadedCount, len(out.Imbalance.Overloaded))
		}
		var want []string
		for _, d := range out.SatisfactionSeries.Departments {
			if d.Talk {
				want = append(want, d.Department.ID)
			}
		}
		var got []string
		for _, d := range out.Cockpit.TalkFlags {
			got = append(got, d.ID)
		}
		if len(out.SatisfactionSeries.TalkMonths) != 2 || len(want) == 0 || strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("talk months %v: cockpit flags %v, satisfactionSeries %v", out.SatisfactionSeries.TalkMonths, got, want)
		}
	})
}
