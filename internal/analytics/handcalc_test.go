package analytics

import (
	"context"
	"math"
	"testing"
	"time"

	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/testdb"
)

// Small fixtures worked out by hand: the expected numbers are in the
// comments, computed from DESIGN.md's definitions, not from the code.

var cst = time.FixedZone("CST", 8*3600)

// at parses "2006-01-02 15:04" in the agency's zone (+08:00).
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, cst)
	if err != nil {
		panic(err)
	}
	return t
}

// utc is the same instant written in UTC (SQLite stores it as other text).
func utc(s string) time.Time { return at(s).UTC() }

func win(from, to string) Window { return Window{From: at(from), To: at(to)} }

func approx(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func approxP(t *testing.T, name string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %v", name, want)
		return
	}
	approx(t, name, *got, want)
}

func isNull(t *testing.T, name string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v, want null", name, *got)
	}
}

func eq[T comparable](t *testing.T, name string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

// handFixture runs fn on a fresh database of each dialect holding fx.
func handFixture(t *testing.T, fx *fixture, fn func(t *testing.T, e engine, s *Service)) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		fx.insert(t, st.Client)
		fn(t, e, &Service{Client: st.Client, Dialect: st.Dialect})
	})
}

func assign(staff string, hours float64) []fxAssign { return []fxAssign{{staff, hours}} }

// Load, utilization, flags, Gini and top-20 % share.
//
// Window: the week [Mon 2026-03-02 00:00, Mon 2026-03-09 00:00) +08:00, so
// capacity = 40 h × 1 week = 40 h for a 40-hour person.
//
//	A (40 h): only tasks outside the window                     load  0   u 0    IDLE
//	B (40 h): T1 spans [02-23, 03-09), 40 h, half in the window  load 20   u 0.5  (not < 0.5: not idle)
//	C (40 h): T2 [03-02 00:00, 03-04) 30 h, inside (starts on the edge) 30
//	          T3 a point task (dueAt = startAt = 03-05 10:00) 10 h  → 10
//	          T4 CANCELLED 100 h → 0; T5 starts at 03-09 00:00 = the window's end → 0
//	                                                             load 40   u 1.0
//	Z (0 h):  T8 8 h inside                                      load  8   u null (no flag, not in Gini)
//	I (inactive): T9 20 h → not counted at all
//	A also has T6 ending exactly at the window's start, and T7 whose
//	deadline precedes its start at 03-09 00:00 (a point at the window's end): both 0.
//
// Department X: 4 people (A B C Z), load 0+20+40+8 = 68, capacity 120, u 68/120.
// Gini over A B C (u = 0, 0.5, 1): Σᵢ Σⱼ |uᵢ − uⱼ| = 2 (0.5 + 1 + 0.5) = 4,
// 2 n² ū = 2 · 9 · 0.5 = 9 → G = 4/9. Top 20 %: ⌈0.6⌉ = 1 person, C's 40 of
// 60 → 2/3.
//
// Department Y: E (20 h) 26.4 h → u 1.32 OVERLOADED; F (40 h) 44 h → u 1.1
// exactly (not > 1.1: no flag).
// The root scope (A B C E F, u 0, .5, 1, 1.1, 1.32): Σ over pairs i<j of
// |uᵢ − uⱼ| = (.5+1+1.1+1.32) + (.5+.6+.82) + (.1+.32) + .22 = 6.48, ordered
// pairs 12.96; 2 · 25 · (3.92 / 5) = 39.2 → G = 12.96 / 39.2 = 81/245.
// Top 20 %: ⌈1⌉ = 1 person, F's 44 of 0+20+40+26.4+44 = 130.4 → 55/163.
func TestHandWorkload(t *testing.T) {
	fx := &fixture{name: "hw",
		depts: []*fxDept{{key: "root"}, {key: "X", parent: "root"}, {key: "Y", parent: "root"}, {key: "f", parent: "root", frontline: true}},
		staff: []*fxStaff{
			{key: "A", dept: "X", weekly: 40}, {key: "B", dept: "X", weekly: 40}, {key: "C", dept: "X", weekly: 40},
			{key: "Z", dept: "X", weekly: 0}, {key: "I", dept: "X", weekly: 40, inactive: true},
			{key: "E", dept: "Y", weekly: 20}, {key: "F", dept: "Y", weekly: 40},
		},
		tasks: []*fxTask{
			{key: "T1", kind: task.KindProject, status: task.StatusInProgress, lead: "X", start: at("2026-02-23 00:00"), due: at("2026-03-09 00:00"), assigns: assign("B", 40)},
			{key: "T2", kind: task.KindRoutine, status: task.StatusDone, lead: "X", start: utc("2026-03-02 00:00"), due: at("2026-03-04 00:00"), assigns: assign("C", 30)},
			{key: "T3", kind: task.KindMeeting, status: task.StatusDone, lead: "X", start: at("2026-03-05 10:00"), due: utc("2026-03-05 10:00"), assigns: assign("C", 10)},
			{key: "T4", kind: task.KindRoutine, status: task.StatusCancelled, lead: "X", start: at("2026-03-03 00:00"), due: at("2026-03-05 00:00"), assigns: assign("C", 100)},
			{key: "T5", kind: task.KindRoutine, status: task.StatusNew, lead: "X", start: utc("2026-03-09 00:00"), due: at("2026-03-10 00:00"), assigns: assign("C", 8)},
			{key: "T6", kind: task.KindRoutine, status: task.StatusDone, lead: "X", start: at("2026-03-01 00:00"), due: utc("2026-03-02 00:00"), assigns: assign("A", 8)},
			{key: "T7", kind: task.KindRoutine, status: task.StatusNew, lead: "X", start: at("2026-03-09 00:00"), due: at("2026-03-08 20:00"), assigns: assign("A", 6)},
			{key: "T8", kind: task.KindRoutine, status: task.StatusDone, lead: "X", start: at("2026-03-03 00:00"), due: at("2026-03-04 00:00"), assigns: assign("Z", 8)},
			{key: "T9", kind: task.KindRoutine, status: task.StatusDone, lead: "X", start: at("2026-03-03 00:00"), due: at("2026-03-04 00:00"), assigns: assign("I", 20)},
			{key: "TE", kind: task.KindRoutine, status: task.StatusDone, lead: "Y", start: at("2026-03-02 00:00"), due: at("2026-03-09 00:00"), assigns: assign("E", 26.4)},
			{key: "TF", kind: task.KindRoutine, status: task.StatusDone, lead: "Y", start: at("2026-03-02 00:00"), due: at("2026-03-09 00:00"), assigns: assign("F", 44)},
		},
	}
	for _, tk := range fx.tasks {
		tk.created = tk.start
	}
	w := win("2026-03-02 00:00", "2026-03-09 00:00")
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		ctx := context.Background()
		p := params{w: w, scope: fx.scopeOf("X"), th: DefaultThresholds, now: at("2026-03-20 00:00")}
		rows, err := e.staffWorkloads(ctx, p, "")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]*StaffWorkload{}
		for _, r := range rows {
			for _, st := range fx.staff {
				if st.id == r.StaffID {
					got[st.key] = r
				}
			}
		}
		eq(t, "people of X", len(rows), 4) // A B C Z; I is inactive
		for _, c := range []struct {
			key  string
			load float64
			u    float64
			flag string
		}{{"A", 0, 0, "IDLE"}, {"B", 20, 0.5, ""}, {"C", 40, 1, ""}} {
			r := got[c.key]
			approx(t, c.key+" load", r.Load, c.load)
			approx(t, c.key+" capacity", r.Capacity, 40)
			approxP(t, c.key+" utilization", r.Utilization, c.u)
			eq(t, c.key+" flag", flagStr(r.Flag), c.flag)
		}
		approx(t, "Z load", got["Z"].Load, 8)
		isNull(t, "Z utilization", got["Z"].Utilization)
		eq(t, "Z flag", flagStr(got["Z"].Flag), "")

		f, err := e.imbalance(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "n", f.n, 3)
		approx(t, "gini", f.gini, 4.0/9)
		eq(t, "top count", f.top, 1)
		approx(t, "top20", f.top20, 2.0/3)
		eq(t, "idle", f.idle, 1)
		eq(t, "overloaded", f.over, 0)

		ds, err := e.departmentWorkloads(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "departments of X", len(ds), 1)
		eq(t, "X staff", ds[0].StaffCount, 4)
		approx(t, "X load", ds[0].Load, 68)
		approx(t, "X capacity", ds[0].Capacity, 120)
		approxP(t, "X utilization", ds[0].Utilization, 68.0/120)

		p.scope = fx.scopeOf("Y")
		over, err := e.staffWorkloads(ctx, p, Overloaded)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "overloaded in Y", len(over), 1)
		eq(t, "the overloaded", over[0].StaffID, fx.id("E"))
		approxP(t, "E utilization", over[0].Utilization, 1.32)

		p.scope = fx.scopeOf("root")
		f, err = e.imbalance(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "root n", f.n, 5)
		approx(t, "root gini", f.gini, 81.0/245)
		approx(t, "root top20", f.top20, 55.0/163)
		eq(t, "root overloaded", f.over, 1)
		ds, err = e.departmentWorkloads(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "agency departments of root", len(ds), 3) // root, X, Y; not the frontline unit
		eq(t, "root's own staff", ds[0].StaffCount, 0)
		isNull(t, "root's utilization", ds[0].Utilization)

		// An empty scope: a frontline unit has no agency department.
		p.scope = fx.scopeOf("f")
		f, err = e.imbalance(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "empty n", f.n, 0)
		approx(t, "empty gini", f.gini, 0)
		approx(t, "empty top20", f.top20, 0)

		// Drill-down: C's load comes from T2 (30 h) and T3 (10 h); T4 is
		// cancelled and T5 starts at the window's end.
		p.scope = fx.scopeOf("X")
		sl, err := e.staffLoad(ctx, p, fx.id("C"))
		if err != nil {
			t.Fatal(err)
		}
		approx(t, "C drill load", sl.Load, 40)
		approxP(t, "C drill utilization", sl.Utilization, 1)
		eq(t, "C drill tasks", len(sl.Tasks), 2)
		eq(t, "C's biggest task", sl.Tasks[0].TaskID, fx.id("T2"))
		approx(t, "T2 spread", sl.Tasks[0].SpreadHours, 30)
		approx(t, "T3 spread", sl.Tasks[1].SpreadHours, 10)
		sl, err = e.staffLoad(ctx, p, fx.id("B"))
		if err != nil {
			t.Fatal(err)
		}
		approx(t, "B's T1 hours", sl.Tasks[0].Hours, 40)
		approx(t, "B's T1 spread", sl.Tasks[0].SpreadHours, 20)
	})
}

// Weekly heatmap buckets. Window [Wed 2026-03-04 12:00, Wed 2026-03-18 00:00):
// ISO weeks 10 (clipped to [03-04 12:00, 03-09), 4.5 days), 11 (whole) and 12
// (clipped to [03-16, 03-18), 2 days). S (40 h/week) has 70 h spread over
// [03-06, 03-13) = 7 days, 10 h a day: 3 days in week 10 → 30 h, 4 days in
// week 11 → 40 h, none in week 12. Capacities 40 · 4.5/7, 40, 40 · 2/7.
func TestHandWeeks(t *testing.T) {
	fx := &fixture{name: "hk",
		depts: []*fxDept{{key: "root"}, {key: "D", parent: "root"}},
		staff: []*fxStaff{{key: "S", dept: "D", weekly: 40}},
		tasks: []*fxTask{{key: "W", kind: task.KindProject, status: task.StatusInProgress, lead: "D",
			start: at("2026-03-06 00:00"), due: at("2026-03-13 00:00"), created: at("2026-03-01 00:00"), assigns: assign("S", 70)}},
	}
	w := win("2026-03-04 12:00", "2026-03-18 00:00")
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		p := params{w: w, scope: fx.scopeOf("D"), th: DefaultThresholds, now: at("2026-04-01 00:00")}
		ls, err := e.loadSeries(context.Background(), p, LevelStaff)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "weeks", len(ls.Weeks), 3)
		for i, label := range []string{"2026-W10", "2026-W11", "2026-W12"} {
			eq(t, "label", ls.Weeks[i].Label, label)
		}
		eq(t, "week 10 starts with the window", ls.Weeks[0].From.Equal(w.From), true)
		eq(t, "week 11 starts on Monday 03-09", ls.Weeks[1].From.Equal(at("2026-03-09 00:00")), true)
		eq(t, "week 10 complete", ls.Weeks[0].Complete, false)
		eq(t, "week 11 complete", ls.Weeks[1].Complete, true)
		eq(t, "rows", len(ls.Rows), 1)
		c := ls.Rows[0].Cells
		approx(t, "week 10 load", c[0].Load, 30)
		approx(t, "week 11 load", c[1].Load, 40)
		approx(t, "week 12 load", c[2].Load, 0)
		approx(t, "week 10 capacity", c[0].Capacity, 40*4.5/7)
		approx(t, "week 11 capacity", c[1].Capacity, 40)
		approx(t, "week 12 capacity", c[2].Capacity, 40*2.0/7)
	})
}

// Lead share. Window: March 2026.
//
//	L leads P1 (co C): l1 10 h, c1 90 h            → 10/100 = 0.1
//	        P2 (co C): l1 9 h, c2 1 h              → 9/10  = 0.9
//	        P3 (co C): l1 5 h, o1 5 h (O is not a co-department of P3) → no co-department hours: left out
//	        P4 (co C) in February, P5 (co C) CANCELLED → left out
//	   mean (0.1 + 0.9) / 2 = 0.5, 2 tasks, 19 of 110 hours: no flag
//	M leads M1 (co C): m1 1 h, c1 9 h → 0.1; M2 (co C, O): m1 2, c1 8, o1 10 → 2/20 = 0.1
//	   mean 0.1 < 0.15: LEADS_WITHOUT_DOING
//	N leads N1 (co C): n1 19 h, c2 1 h → 0.95 > 0.85: DOES_IT_ALL; N2 has no co-department: left out
//	K leads K1 (co C): k1 3 h, c1 17 h → exactly 0.15: not flagged (the flag is "below 0.15")
func TestHandLeadShare(t *testing.T) {
	fx := &fixture{name: "hl",
		depts: []*fxDept{{key: "root"}, {key: "L", parent: "root"}, {key: "M", parent: "root"}, {key: "N", parent: "root"},
			{key: "K", parent: "root"}, {key: "C", parent: "root"}, {key: "O", parent: "root"}},
		staff: []*fxStaff{{key: "l1", dept: "L", weekly: 40}, {key: "m1", dept: "M", weekly: 40}, {key: "n1", dept: "N", weekly: 40},
			{key: "k1", dept: "K", weekly: 40}, {key: "c1", dept: "C", weekly: 40}, {key: "c2", dept: "C", weekly: 40}, {key: "o1", dept: "O", weekly: 40}},
	}
	mk := func(key, lead string, co []string, start string, status task.Status, as ...fxAssign) {
		s := at(start)
		fx.tasks = append(fx.tasks, &fxTask{key: key, kind: task.KindProject, status: status, lead: lead, co: co,
			start: s, due: s.AddDate(0, 0, 10), created: s, assigns: as})
	}
	C := []string{"C"}
	mk("P1", "L", C, "2026-03-02 09:00", task.StatusInProgress, fxAssign{"l1", 10}, fxAssign{"c1", 90})
	mk("P2", "L", C, "2026-03-10 09:00", task.StatusDone, fxAssign{"l1", 9}, fxAssign{"c2", 1})
	mk("P3", "L", C, "2026-03-10 09:00", task.StatusDone, fxAssign{"l1", 5}, fxAssign{"o1", 5})
	mk("P4", "L", C, "2026-02-01 09:00", task.StatusDone, fxAssign{"l1", 50}, fxAssign{"c1", 50})
	mk("P5", "L", C, "2026-03-05 09:00", task.StatusCancelled, fxAssign{"l1", 1}, fxAssign{"c1", 99})
	mk("M1", "M", C, "2026-03-05 09:00", task.StatusDone, fxAssign{"m1", 1}, fxAssign{"c1", 9})
	mk("M2", "M", []string{"C", "O"}, "2026-03-25 09:00", task.StatusNew, fxAssign{"m1", 2}, fxAssign{"c1", 8}, fxAssign{"o1", 10})
	mk("N1", "N", C, "2026-03-05 09:00", task.StatusDone, fxAssign{"n1", 19}, fxAssign{"c2", 1})
	mk("N2", "N", nil, "2026-03-05 09:00", task.StatusDone, fxAssign{"n1", 10}, fxAssign{"c1", 10})
	mk("K1", "K", C, "2026-03-05 09:00", task.StatusDone, fxAssign{"k1", 3}, fxAssign{"c1", 17})
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		p := params{w: win("2026-03-01 00:00", "2026-04-01 00:00"), scope: fx.scopeOf("root"), th: DefaultThresholds, now: at("2026-04-01 00:00")}
		rows, err := e.leadShare(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]*DepartmentLeadShare{}
		for _, r := range rows {
			got[r.DepartmentID] = r
		}
		eq(t, "lead departments", len(rows), 4)
		l := got[fx.id("L")]
		eq(t, "L tasks", l.TaskCount, 2)
		approx(t, "L share", l.LeadShare, 0.5)
		approx(t, "L lead hours", l.LeadHours, 19)
		approx(t, "L task hours", l.TaskHours, 110)
		eq(t, "L flag", flagStr(l.Flag), "")
		approx(t, "M share", got[fx.id("M")].LeadShare, 0.1)
		eq(t, "M flag", flagStr(got[fx.id("M")].Flag), "LEADS_WITHOUT_DOING")
		eq(t, "N tasks", got[fx.id("N")].TaskCount, 1)
		approx(t, "N share", got[fx.id("N")].LeadShare, 0.95)
		eq(t, "N flag", flagStr(got[fx.id("N")].Flag), "DOES_IT_ALL")
		approx(t, "K share", got[fx.id("K")].LeadShare, 0.15)
		eq(t, "K flag", flagStr(got[fx.id("K")].Flag), "")
		eq(t, "lowest first", rows[0].DepartmentID, fx.id("M"))
	})
}

// Buck-passing. Window [2026-03-02 00:00, 2026-03-09 00:00).
//
//	X (created 03-02 09:00): A→B 03-02 10:00; B→A 03-03 10:00 (ping-pong: A held it; late);
//	   A→B 03-04 10:00 (ping-pong: B held it); ACCEPTED 03-04 15:00 — 54 h after creation; now led by B
//	Y (led by C, created 03-02 08:00): ACCEPTED 03-02 10:00 (2 h); C→A 03-08 23:59 (in);
//	   A→C 03-09 00:00 (the window's end: out)
//	Z (led by B): accepted 02-28 and again 03-05 → first acceptance before the window: left out
//	V, U, S (led by B): accepted 4 h, 1 h, 10 h after creation
//
// In the window: 4 transfers (X's three, Y's C→A), 2 ping-pongs, 1 late.
// A: out 2 (A→B twice; the second a ping-pong), in 2 (B→A, C→A); B: out 1 (ping-pong, late), in 2;
// C: out 1, in 0. Pairs A→B 2 (1 ping-pong), B→A 1 (1 ping-pong, 1 late), C→A 1.
// Median hours to acceptance: B over 54, 4, 1, 10 → (4 + 10) / 2 = 7; C: 2; A: none.
// Scope B alone: the transfers touching B are X's three.
func TestHandBuckPassing(t *testing.T) {
	fx := &fixture{name: "hb",
		depts: []*fxDept{{key: "root"}, {key: "A", parent: "root"}, {key: "B", parent: "root"}, {key: "C", parent: "root"}},
	}
	mk := func(key, lead, created string) {
		c := at(created)
		fx.tasks = append(fx.tasks, &fxTask{key: key, kind: task.KindRequest, status: task.StatusInProgress, lead: lead,
			start: c, due: c.AddDate(0, 0, 5), created: c})
	}
	ev := func(tk string, typ taskevent.Type, from, to string, when time.Time, pp, late bool) {
		fx.events = append(fx.events, &fxEvent{task: tk, typ: typ, from: from, to: to, at: when, pingPong: pp, late: late})
	}
	mk("X", "B", "2026-03-02 09:00")
	ev("X", taskevent.TypeTransferred, "A", "B", at("2026-03-02 10:00"), false, false)
	ev("X", taskevent.TypeTransferred, "B", "A", utc("2026-03-03 10:00"), true, true)
	ev("X", taskevent.TypeTransferred, "A", "B", at("2026-03-04 10:00"), true, false)
	ev("X", taskevent.TypeAccepted, "", "", utc("2026-03-04 15:00"), false, false)
	mk("Y", "C", "2026-03-02 08:00")
	ev("Y", taskevent.TypeAccepted, "", "", at("2026-03-02 10:00"), false, false)
	ev("Y", taskevent.TypeTransferred, "C", "A", at("2026-03-08 23:59"), false, false)
	ev("Y", taskevent.TypeTransferred, "A", "C", utc("2026-03-09 00:00"), true, false)
	mk("Z", "B", "2026-02-27 09:00")
	ev("Z", taskevent.TypeAccepted, "", "", at("2026-02-28 09:00"), false, false)
	ev("Z", taskevent.TypeAccepted, "", "", at("2026-03-05 09:00"), false, false)
	mk("V", "B", "2026-03-05 08:00")
	ev("V", taskevent.TypeAccepted, "", "", at("2026-03-05 12:00"), false, false)
	mk("U", "B", "2026-03-06 08:00")
	ev("U", taskevent.TypeAccepted, "", "", at("2026-03-06 09:00"), false, false)
	mk("S", "B", "2026-03-07 00:00")
	ev("S", taskevent.TypeAccepted, "", "", at("2026-03-07 10:00"), false, false)

	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		ctx := context.Background()
		p := params{w: win("2026-03-02 00:00", "2026-03-09 00:00"), scope: fx.scopeOf("root"), th: DefaultThresholds, now: at("2026-04-01 00:00")}
		bp, err := e.buckPassing(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "transfers", bp.Transfers, 4)
		eq(t, "ping-pongs", bp.PingPongs, 2)
		eq(t, "late", bp.LateTransfers, 1)
		d := map[int]*DepartmentBuckPassing{}
		for _, x := range bp.Departments {
			d[x.DepartmentID] = x
		}
		a, b, c := d[fx.id("A")], d[fx.id("B")], d[fx.id("C")]
		eq(t, "A out", a.TransfersOut, 2)
		eq(t, "A in", a.TransfersIn, 2)
		eq(t, "A ping-pongs", a.PingPongs, 1)
		eq(t, "B out", b.TransfersOut, 1)
		eq(t, "B in", b.TransfersIn, 2)
		eq(t, "B ping-pongs", b.PingPongs, 1)
		eq(t, "B late", b.LateTransfers, 1)
		eq(t, "C out", c.TransfersOut, 1)
		eq(t, "C in", c.TransfersIn, 0)
		eq(t, "A accepted", a.AcceptedCount, 0)
		isNull(t, "A median", a.MedianHoursToAccept)
		eq(t, "B accepted", b.AcceptedCount, 4)
		approxP(t, "B median", b.MedianHoursToAccept, 7)
		approxP(t, "C median", c.MedianHoursToAccept, 2)
		pairs := map[[2]int]*TransferPair{}
		for _, x := range bp.Pairs {
			pairs[[2]int{x.FromID, x.ToID}] = x
		}
		eq(t, "pairs", len(bp.Pairs), 3)
		ab, ba, ca := pairs[[2]int{fx.id("A"), fx.id("B")}], pairs[[2]int{fx.id("B"), fx.id("A")}], pairs[[2]int{fx.id("C"), fx.id("A")}]
		eq(t, "A→B", ab.Count, 2)
		eq(t, "A→B ping-pongs", ab.PingPongs, 1)
		eq(t, "B→A late", ba.LateTransfers, 1)
		eq(t, "C→A", ca.Count, 1)
		eq(t, "biggest pair first", bp.Pairs[0].FromID, fx.id("A"))

		p.scope = fx.scopeOf("B")
		bp, err = e.buckPassing(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "transfers touching B", bp.Transfers, 3)
		eq(t, "departments of scope B", len(bp.Departments), 1)

		// The ping_pong flags of this fixture follow the definition.
		if n := pingPongMismatches(t, e); n != 0 {
			t.Errorf("%d transfers whose ping_pong flag differs from the definition", n)
		}
	})
}

// On-time rate and overdue. Window March 2026, now 2026-03-20 12:00.
//
//	D1 DONE due 03-10 18:00, completed 03-10 12:00 → on time
//	D2 DONE due 03-10 18:00, completed 03-10 18:00 exactly (written in UTC) → on time (≤)
//	D3 DONE due 03-10 18:00, completed 03-11 09:00 → late
//	D5 DONE due 03-02, completed 03-01 00:00 = the window's start → on time
//	D4 completed 02-28 (late, due 02-27), D6 completed 04-01 00:00 = the window's end → not in the window
//	→ 4 completed, 3 on time: 0.75
//	Overdue now: O1 IN_PROGRESS due 03-15, O2 NEW due 01-10 (long before the window) → 2;
//	not O3 (due 03-25), O4 (CANCELLED), O5 (due exactly now), D3 (DONE).
//	Monthly over [02-01, 04-01): February 1 completed, 0 on time; March 4 and 3.
func TestHandOnTime(t *testing.T) {
	fx := &fixture{name: "ho", depts: []*fxDept{{key: "root"}, {key: "A", parent: "root"}}}
	mk := func(key string, status task.Status, due time.Time, completed *time.Time) {
		fx.tasks = append(fx.tasks, &fxTask{key: key, kind: task.KindRoutine, status: status, lead: "A",
			start: due.AddDate(0, 0, -20), due: due, created: due.AddDate(0, 0, -20), completed: completed})
	}
	due := at("2026-03-10 18:00")
	mk("D1", task.StatusDone, due, tp(at("2026-03-10 12:00")))
	mk("D2", task.StatusDone, due, tp(utc("2026-03-10 18:00")))
	mk("D3", task.StatusDone, due, tp(at("2026-03-11 09:00")))
	mk("D4", task.StatusDone, at("2026-02-27 00:00"), tp(at("2026-02-28 00:00")))
	mk("D5", task.StatusDone, at("2026-03-02 00:00"), tp(utc("2026-03-01 00:00")))
	mk("D6", task.StatusDone, at("2026-04-02 00:00"), tp(at("2026-04-01 00:00")))
	mk("O1", task.StatusInProgress, at("2026-03-15 00:00"), nil)
	mk("O2", task.StatusNew, at("2026-01-10 00:00"), nil)
	mk("O3", task.StatusAccepted, at("2026-03-25 00:00"), nil)
	mk("O4", task.StatusCancelled, at("2026-03-01 00:00"), nil)
	mk("O5", task.StatusInProgress, utc("2026-03-20 12:00"), nil)
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		ctx := context.Background()
		p := params{w: win("2026-03-01 00:00", "2026-04-01 00:00"), scope: fx.scopeOf("root"), th: DefaultThresholds, now: at("2026-03-20 12:00")}
		ot, err := e.onTime(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "completed", ot.Completed, 4)
		eq(t, "on time", ot.OnTime, 3)
		approxP(t, "rate", ot.Rate, 0.75)
		eq(t, "overdue", ot.Overdue, 2)
		eq(t, "A overdue", ot.Departments[1].Overdue, 2)
		isNull(t, "root rate (no tasks)", ot.Departments[0].Rate)

		p.w = win("2026-02-01 00:00", "2026-04-01 00:00")
		ser, err := e.onTimeSeries(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "months", len(ser.Months), 2)
		eq(t, "February complete", ser.Months[0].Complete, true)
		eq(t, "March complete (now is 03-20)", ser.Months[1].Complete, false)
		eq(t, "February completed", ser.Overall[0].Completed, 1)
		approxP(t, "February rate", ser.Overall[0].Rate, 0)
		eq(t, "March completed", ser.Overall[1].Completed, 4)
		approxP(t, "March rate", ser.Overall[1].Rate, 0.75)
	})
}

// Meeting and ledger share. Window [2026-03-02, 2026-03-09); department M, m1 and m2.
//
//	MEET1 meeting 03-03 09:00–12:00: m1 3 h, m2 3 h        → meeting 6
//	LEDG1 ledger [03-02, 03-06): m1 8 h, all in the window   → ledger 8
//	LEDG2 ledger [03-06, 03-13): m2 14 h, 3 of 7 days in it  → ledger 6
//	ROUT1 routine in the window: m1 20 h, m2 20 h           → 40
//	MEET2 meeting CANCELLED: m1 5 h                         → 0
//	→ total 60, meeting 6 (0.1), ledger 14 (14/60), together 20/60 = 1/3.
func TestHandMeetingShare(t *testing.T) {
	fx := &fixture{name: "hm",
		depts: []*fxDept{{key: "root"}, {key: "M", parent: "root"}},
		staff: []*fxStaff{{key: "m1", dept: "M", weekly: 40}, {key: "m2", dept: "M", weekly: 40}},
	}
	mk := func(key string, kind task.Kind, status task.Status, start, due time.Time, as ...fxAssign) {
		fx.tasks = append(fx.tasks, &fxTask{key: key, kind: kind, status: status, lead: "M", start: start, due: due, created: start, assigns: as})
	}
	mk("MEET1", task.KindMeeting, task.StatusDone, at("2026-03-03 09:00"), at("2026-03-03 12:00"), fxAssign{"m1", 3}, fxAssign{"m2", 3})
	mk("LEDG1", task.KindLedger, task.StatusDone, at("2026-03-02 00:00"), at("2026-03-06 00:00"), fxAssign{"m1", 8})
	mk("LEDG2", task.KindLedger, task.StatusInProgress, utc("2026-03-06 00:00"), at("2026-03-13 00:00"), fxAssign{"m2", 14})
	mk("ROUT1", task.KindRoutine, task.StatusDone, at("2026-03-02 09:00"), at("2026-03-06 18:00"), fxAssign{"m1", 20}, fxAssign{"m2", 20})
	mk("MEET2", task.KindMeeting, task.StatusCancelled, at("2026-03-04 09:00"), at("2026-03-04 14:00"), fxAssign{"m1", 5})
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		p := params{w: win("2026-03-02 00:00", "2026-03-09 00:00"), scope: fx.scopeOf("M"), th: DefaultThresholds, now: at("2026-04-01 00:00")}
		ms, err := e.meetingShare(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		approx(t, "meeting hours", ms.MeetingHours, 6)
		approx(t, "ledger hours", ms.LedgerHours, 14)
		approx(t, "total hours", ms.TotalHours, 60)
		approxP(t, "share", ms.Share, 1.0/3)
		d := ms.Departments[0]
		approxP(t, "M share", d.Share, 1.0/3)
		approxP(t, "M meeting share", d.MeetingShare, 0.1)
		approxP(t, "M ledger share", d.LedgerShare, 14.0/60)
	})
}

// Satisfaction. Window March 2026, now 2026-03-20 12:00; raters r1, r2, r3.
//
//	S: r1 5, r2 4, r3 2, r1 1 (+ r2 1 VOIDED, + r3 5 on 02-28 outside) → 4 ratings by 3 raters:
//	   mean 12/4 = 3, satisfaction rate 2/4 = 0.5, bad 2 (the 2 and the 1); dimensions = scores → 3
//	T: r1 5, r2 5, r1 4, and r1 by name 3 → 3 keys, but the named one may be r1 or r2
//	   (anonymous and named keys counted apart: max(2, 1) = 2 raters): withheld (null figures)
//	Overall: 8 ratings by 3 raters (max(3 anonymous, 1 named)): mean 29/8, rate 5/8, bad 2.
//	Rectifications of S: R1 (the 2) due 03-10, answered 03-09, SATISFIED 03-12;
//	   R2 (the 1) due 03-15, answered 03-16 (late), DISSATISFIED 03-17;
//	   R3 (of the voided rating) due 03-12, never answered → counts nowhere;
//	   R4 (of r2's 4) due 03-25 (after now: not due yet), BASICALLY_SATISFIED 03-18;
//	   R5 (of r3's February 5) due 03-05, never answered → due, late.
//	   → due 3 (R1 R2 R5), on time 1: 1/3; judged 3 by r3, r1, r2: acceptance 2/3.
func TestHandSatisfaction(t *testing.T) {
	fx := &fixture{name: "hs",
		depts: []*fxDept{{key: "root"}, {key: "S", parent: "root"}, {key: "T", parent: "root"}, {key: "U", parent: "root"},
			{key: "f1", parent: "root", frontline: true}},
	}
	rt := func(key, target, rater string, score int, when time.Time, voided bool) {
		fx.ratings = append(fx.ratings, &fxRating{key: key, target: target, unit: "f1", rater: rater, score: score,
			dims: [3]int{score, score, score}, at: when, voided: voided})
	}
	rt("s1", "S", "r1", 5, at("2026-03-02 09:00"), false)
	rt("s2", "S", "r2", 4, utc("2026-03-03 09:00"), false)
	rt("s3", "S", "r3", 2, at("2026-03-04 09:00"), false)
	rt("s4", "S", "r1", 1, at("2026-03-05 09:00"), false)
	rt("s5", "S", "r2", 1, at("2026-03-06 09:00"), true)
	rt("s6", "S", "r3", 5, at("2026-02-28 09:00"), false)
	rt("t1", "T", "r1", 5, at("2026-03-02 09:00"), false)
	rt("t2", "T", "r2", 5, at("2026-03-03 09:00"), false)
	rt("t3", "T", "r1", 4, at("2026-03-04 09:00"), false)
	rt("t4", "T", "staff:r1", 3, at("2026-03-05 09:00"), false)
	rect := func(rating string, due string, answered *time.Time, v rectification.Verdict, judged *time.Time) {
		key := "task-" + rating
		fx.tasks = append(fx.tasks, &fxTask{key: key, kind: task.KindRectification, status: task.StatusCancelled, lead: "S",
			start: at("2026-03-01 00:00"), due: at("2026-03-20 00:00"), created: at("2026-03-01 00:00")})
		fx.rects = append(fx.rects, &fxRect{rating: rating, task: key, dept: "S", due: at(due), answered: answered, verdict: v, judged: judged})
	}
	rect("s3", "2026-03-10 18:00", tp(at("2026-03-09 10:00")), rectification.VerdictSatisfied, tp(at("2026-03-12 10:00")))
	rect("s4", "2026-03-15 18:00", tp(at("2026-03-16 10:00")), rectification.VerdictDissatisfied, tp(at("2026-03-17 10:00")))
	rect("s5", "2026-03-12 18:00", nil, "", nil)
	rect("s2", "2026-03-25 18:00", tp(at("2026-03-17 10:00")), rectification.VerdictBasicallySatisfied, tp(utc("2026-03-18 10:00")))
	rect("s6", "2026-03-05 18:00", nil, "", nil)
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		p := params{w: win("2026-03-01 00:00", "2026-04-01 00:00"), scope: fx.scopeOf("root"), th: DefaultThresholds, now: at("2026-03-20 12:00")}
		sat, err := e.satisfaction(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		o := sat.Overall
		eq(t, "overall withheld", o.Withheld, false)
		eq(t, "overall count", *o.RatingCount, 8)
		approxP(t, "overall mean", o.MeanScore, 29.0/8)
		approxP(t, "overall rate", o.SatisfactionRate, 5.0/8)
		eq(t, "overall bad", *o.BadRatings, 2)
		eq(t, "overall due", o.RectificationsDue, 3)
		approxP(t, "overall acceptance", o.AcceptanceRate, 2.0/3)
		d := map[int]*SatisfactionFigures{}
		for _, x := range sat.Departments {
			d[x.DepartmentID] = x
		}
		sd := d[fx.id("S")]
		eq(t, "S withheld", sd.Withheld, false)
		eq(t, "S count", *sd.RatingCount, 4)
		approxP(t, "S mean", sd.MeanScore, 3)
		approxP(t, "S rate", sd.SatisfactionRate, 0.5)
		eq(t, "S bad", *sd.BadRatings, 2)
		approxP(t, "S responsiveness", sd.Responsiveness, 3)
		eq(t, "S due", sd.RectificationsDue, 3)
		eq(t, "S on time", sd.RectificationsOnTime, 1)
		approxP(t, "S rectification rate", sd.RectificationsOnTimeRate, 1.0/3)
		eq(t, "S judged", sd.JudgedCount, 3)
		approxP(t, "S acceptance", sd.AcceptanceRate, 2.0/3)
		td := d[fx.id("T")]
		eq(t, "T withheld", td.Withheld, true)
		eq(t, "T count", td.RatingCount == nil, true)
		isNull(t, "T mean", td.MeanScore)
		isNull(t, "T rate", td.SatisfactionRate)
		eq(t, "T bad", td.BadRatings == nil, true)
		ud := d[fx.id("U")]
		eq(t, "U (no ratings) withheld", ud.Withheld, true)
		isNull(t, "U rectification rate", ud.RectificationsOnTimeRate)
	})
}

// Monthly ranking and the 约谈 flag. Window [2026-01-01, 2026-04-01), each
// department rated by three raters a month (means):
//
//	        Jan  Feb  Mar
//	S       5    2    1      bottom in Feb and Mar → talk
//	T       2    4    5      bottom in Jan (tied with U)
//	U       2    3    4      bottom in Jan (tied with T)
//	W       –    –    1 (two raters only: withheld, not ranked)
//
// March ranks: T 1, U 2, S 3 (3 ranked). January: S 1, T and U both 2 and
// both at the bottom. With now = 04-10 the complete months are Jan–Mar and
// the last two Feb, Mar: S is flagged. With now = 03-20 they are Jan, Feb:
// nobody is at the bottom in both.
func TestHandTalkFlag(t *testing.T) {
	fx := &fixture{name: "ht",
		depts: []*fxDept{{key: "root"}, {key: "S", parent: "root"}, {key: "T", parent: "root"}, {key: "U", parent: "root"},
			{key: "W", parent: "root"}, {key: "f1", parent: "root", frontline: true}},
	}
	n := 0
	month := func(target, day string, scores ...int) {
		for i, sc := range scores {
			n++
			fx.ratings = append(fx.ratings, &fxRating{key: "r" + string(rune('a'+n%26)) + string(rune('a'+n/26)), target: target, unit: "f1",
				rater: []string{"r1", "r2", "r3"}[i%3], score: sc, dims: [3]int{3, 3, 3}, at: at(day + " 10:00")})
		}
	}
	month("S", "2026-01-15", 5, 5, 5)
	month("T", "2026-01-15", 2, 2, 2)
	month("U", "2026-01-15", 1, 2, 3)
	month("S", "2026-02-15", 2, 2, 2)
	month("T", "2026-02-15", 4, 4, 4)
	month("U", "2026-02-15", 3, 3, 3)
	month("S", "2026-03-15", 1, 1, 1)
	month("T", "2026-03-15", 5, 5, 5)
	month("U", "2026-03-15", 4, 4, 4)
	month("W", "2026-03-15", 1, 1) // raters r1, r2
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		ctx := context.Background()
		p := params{w: win("2026-01-01 00:00", "2026-04-01 00:00"), scope: fx.scopeOf("root"), th: DefaultThresholds, now: at("2026-04-10 00:00")}
		ser, err := e.satisfactionSeries(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "months", len(ser.Months), 3)
		eq(t, "talk months", len(ser.TalkMonths), 2)
		eq(t, "talk months are Feb and Mar", ser.TalkMonths[0], 1)
		d := map[int]*DepartmentSatisfactionSeries{}
		for _, x := range ser.Departments {
			d[x.DepartmentID] = x
		}
		S, T, U, W := d[fx.id("S")], d[fx.id("T")], d[fx.id("U")], d[fx.id("W")]
		eq(t, "S talk", S.Talk, true)
		eq(t, "T talk", T.Talk, false)
		eq(t, "U talk", U.Talk, false)
		eq(t, "W talk", W.Talk, false)
		eq(t, "March: S rank", *S.Months[2].Rank, 3)
		eq(t, "March: T rank", *T.Months[2].Rank, 1)
		eq(t, "March ranked", S.Months[2].Ranked, 3)
		eq(t, "March: W withheld", W.Months[2].Withheld, true)
		eq(t, "March: W not ranked", W.Months[2].Rank == nil, true)
		eq(t, "January: T rank", *T.Months[0].Rank, 2)
		eq(t, "January: U rank", *U.Months[0].Rank, 2)
		eq(t, "January: T bottom", T.Months[0].Bottom, true)
		eq(t, "January: U bottom", U.Months[0].Bottom, true)
		eq(t, "January: S bottom", S.Months[0].Bottom, false)
		approxP(t, "February: S mean", S.Months[1].MeanScore, 2)

		p.now = at("2026-03-20 00:00")
		ser, err = e.satisfactionSeries(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ser.Departments {
			if x.Talk {
				t.Errorf("department %d flagged with only January and February complete", x.DepartmentID)
			}
		}
	})
}

// Visits. Department V owes 12 visits a year; the window [03-01, 05-13) is
// 73 days → quota 12 · 73 / 365 = 2.4. Confirmed visits in it: one at the
// window's start, one inside → 2 (an unconfirmed one and one at the
// window's end do not count) → rate 2 / 2.4.
func TestHandVisits(t *testing.T) {
	fx := &fixture{name: "hv",
		depts: []*fxDept{{key: "root"}, {key: "V", parent: "root", quota: 12}, {key: "f1", parent: "root", frontline: true}},
		staff: []*fxStaff{{key: "v1", dept: "V", weekly: 40}},
	}
	for _, v := range []struct {
		when      time.Time
		confirmed bool
	}{{utc("2026-03-01 00:00"), true}, {at("2026-04-10 10:00"), true}, {at("2026-04-11 10:00"), false}, {at("2026-05-13 00:00"), true}} {
		fx.visits = append(fx.visits, &fxVisit{dept: "V", staff: "v1", unit: "f1", at: v.when, confirmed: v.confirmed})
	}
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		p := params{w: win("2026-03-01 00:00", "2026-05-13 00:00"), scope: fx.scopeOf("root"), th: DefaultThresholds, now: at("2026-06-01 00:00")}
		v, err := e.visits(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		eq(t, "done", v.Done, 2)
		approx(t, "quota", v.Quota, 2.4)
		approxP(t, "rate", v.Rate, 2/2.4)
		dv := v.Departments[1]
		eq(t, "V quota per year", dv.QuotaPerYear, 12)
		approxP(t, "V rate", dv.Rate, 2/2.4)
		isNull(t, "root rate (quota 0)", v.Departments[0].Rate)
	})
}
