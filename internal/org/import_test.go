package org_test

import (
	"context"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/org"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
	"xiaoneng/internal/workcal"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

// fixture is an empty database with an administrator (the viewer of ctx).
type fixture struct {
	c   *ent.Client
	ctx context.Context // the administrator's session
}

func newFixture(t *testing.T, driver, dsn string) *fixture {
	t.Helper()
	st, err := store.OpenDSN(context.Background(), driver, dsn, testdb.EntDialect(driver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sys := rule.System(context.Background())
	hash, _ := auth.HashPassword("admin-password")
	admin, err := st.Client.Account.Create().SetLogin("admin").SetPasswordHash(hash).SetRole(account.RoleAdmin).Save(sys)
	if err != nil {
		t.Fatal(err)
	}
	ctx := auth.NewContext(context.Background(), &auth.Viewer{AccountID: admin.ID, Role: auth.RoleAdmin, AllDepartments: true})
	return &fixture{c: st.Client, ctx: ctx}
}

// result is what a run reported.
type result struct {
	outcomes map[int]importer.Outcome // line → outcome of the rows without problems
	problems []importer.Problem
	secrets  []importer.Secret
}

// where lists the problems as "line:column".
func (r result) where() []string {
	var out []string
	for _, p := range r.problems {
		out = append(out, strconv.Itoa(p.Line)+":"+p.Column)
	}
	slices.Sort(out)
	return out
}

// run applies rows (a header of column keys, then values) of kind in one
// transaction, committed when commit is set, as ctx's viewer.
func (f *fixture) run(t *testing.T, ctx context.Context, kind importer.Kind, commit bool, header []string, lines ...[]string) result {
	t.Helper()
	tx, err := f.c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if !commit {
			_ = tx.Rollback()
		}
	}()
	r, err := kind.Start(ctx, tx.Client())
	if err != nil {
		t.Fatal(err)
	}
	res := result{outcomes: map[int]importer.Outcome{}}
	for i, vals := range lines {
		row := importer.Row{Sheet: kind.Title.Zh, Line: i + 2, Values: map[string]string{}}
		for j, h := range header {
			row.Values[h] = vals[j]
		}
		o, ps, err := r.Row(ctx, row)
		if err != nil {
			t.Fatalf("line %d: a fault: %v", row.Line, err)
		}
		if len(ps) == 0 {
			res.outcomes[row.Line] = o
		}
		res.problems = append(res.problems, ps...)
	}
	ps, err := r.Finish(ctx)
	if err != nil {
		t.Fatalf("finish: a fault: %v", err)
	}
	res.problems = append(res.problems, ps...)
	for _, p := range res.problems {
		if p.Message.Zh == "" || p.Message.En == "" {
			t.Errorf("problem %+v lacks a message in both languages", p)
		}
	}
	if sr, ok := r.(importer.SecretsRun); ok {
		res.secrets = sr.Secrets()
	}
	if commit {
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// export returns kind's export as rows of values.
func (f *fixture) export(t *testing.T, ctx context.Context, kind importer.Kind) [][]string {
	t.Helper()
	var out [][]string
	if err := kind.Export(ctx, f.c, func(v []string) error {
		if len(v) != len(kind.Columns) {
			t.Fatalf("%s export row of %d values, %d columns", kind.Name, len(v), len(kind.Columns))
		}
		out = append(out, slices.Clone(v))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(kind importer.Kind) []string {
	var out []string
	for _, c := range kind.Columns {
		out = append(out, c.Key)
	}
	return out
}

// roundTrip imports kind's export back: every row must be unchanged, and
// the export after it the same.
func (f *fixture) roundTrip(t *testing.T, kind importer.Kind) {
	t.Helper()
	before := f.export(t, f.ctx, kind)
	if len(before) == 0 {
		t.Fatalf("%s: empty export", kind.Name)
	}
	res := f.run(t, f.ctx, kind, true, keys(kind), before...)
	if len(res.problems) > 0 {
		t.Fatalf("%s: the export imported back with problems %+v", kind.Name, res.problems)
	}
	for line, o := range res.outcomes {
		if o != importer.Unchanged {
			t.Errorf("%s: line %d (%v) imported back as %v, want unchanged", kind.Name, line, before[line-2], o)
		}
	}
	if len(res.outcomes) != len(before) || len(res.secrets) > 0 {
		t.Errorf("%s: %d outcomes for %d rows, %d secrets", kind.Name, len(res.outcomes), len(before), len(res.secrets))
	}
	if after := f.export(t, f.ctx, kind); !reflect.DeepEqual(after, before) {
		t.Errorf("%s: export changed by importing itself:\n%v\n%v", kind.Name, before, after)
	}
}

// parents maps every department's code to its parent's code.
func (f *fixture) parents(t *testing.T) map[string]string {
	t.Helper()
	all, err := f.c.Department.Query().WithParent().All(rule.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range all {
		out[d.Code] = ""
		if d.Edges.Parent != nil {
			out[d.Code] = d.Edges.Parent.Code
		}
	}
	return out
}

var deptHeader = []string{"code", "name", "kind", "parent_code", "visit_quota", "sort_order"}

// seedTree imports a small tree into an empty database: the agency, two
// departments (the parent of U1 given on a later line) and two units.
func (f *fixture) seedTree(t *testing.T) {
	t.Helper()
	res := f.run(t, f.ctx, org.DepartmentsKind(), true, deptHeader,
		[]string{"ROOT", "某局", "机关部门", "", "", ""},
		[]string{"AG01", "办公室", "机关部门", "ROOT", "12", "1"},
		[]string{"U1", "第一车间", "一线单位", "AG02", "0", "1"},
		[]string{"AG02", "后勤服务中心", "AGENCY", "ROOT", "24", "2"},
		[]string{"U2", "第二车间", "frontline", "ROOT", "", "3"},
	)
	if len(res.problems) > 0 {
		t.Fatalf("seeding the tree: %+v", res.problems)
	}
	for line := 2; line <= 6; line++ {
		if res.outcomes[line] != importer.Created {
			t.Errorf("line %d: %v, want created", line, res.outcomes[line])
		}
	}
	want := map[string]string{"ROOT": "", "AG01": "ROOT", "U1": "AG02", "AG02": "ROOT", "U2": "ROOT"}
	if got := f.parents(t); !reflect.DeepEqual(got, want) {
		t.Fatalf("tree %v, want %v", got, want)
	}
}

func TestImportDepartments(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn)
		f.seedTree(t)
		u1, err := f.c.Department.Query().Where(department.Code("U1")).Only(rule.System(f.ctx))
		if err != nil {
			t.Fatal(err)
		}
		if u1.Kind != department.KindFrontline || u1.VisitQuotaPerYear != 0 || u1.SortOrder != 1 || u1.Name != "第一车间" {
			t.Errorf("U1 imported as %+v", u1)
		}

		long := strings.Repeat("部", org.MaxDepartmentName)
		before := f.parents(t)
		res := f.run(t, f.ctx, org.DepartmentsKind(), false, deptHeader,
			[]string{"AG03", "财务部", "机关部门", "NOPE", "", ""},           // 2: unknown parent code
			[]string{"X1", "甲", "机关部门", "X2", "", ""},                 // 3: cycle within the file
			[]string{"X2", "乙", "机关部门", "X1", "", ""},                 // 4: cycle within the file
			[]string{"AG02", "后勤服务中心", "机关部门", "U1", "24", "2"},       // 5: its own child as parent
			[]string{"AG01", "办公室", "机关部门", "ROOT", "12", "1"},        // 6: unchanged
			[]string{"AG01", "办公室", "机关部门", "ROOT", "12", "1"},        // 7: the code again
			[]string{"AG04", "纪检", "机关", "ROOT", "", ""},              // 8: bad kind
			[]string{"AG05", long, "机关部门", "ROOT", "1000", "-100000"}, // 9: at the limits
			[]string{"AG06", long + "部", "机关部门", "ROOT", "", ""},      // 10: name too long
			[]string{"AG07", "七", "机关部门", "ROOT", "1001", ""},         // 11: quota too large
			[]string{"AG08", "八", "机关部门", "AG09", "", "x"},            // 12: sort order no number
			[]string{"AG 10", "十", "机关部门", "ROOT", "", ""},            // 13: space in code
			[]string{"ROOT2", "另一机关", "机关部门", "", "", ""},             // 14: a second root
			[]string{"Y1", "丙", "机关部门", "Y0", "", ""},                 // 15: its parent never appears (through Y0)
			[]string{"Y0", "丁", "机关部门", "NONE", "", ""},               // 16: unknown parent code
		)
		want := []string{"10:name", "11:visit_quota", "12:sort_order", "13:code", "14:parent_code", "15:parent_code", "16:parent_code",
			"2:parent_code", "3:parent_code", "4:parent_code", "5:parent_code", "7:code", "8:kind"}
		if got := res.where(); !reflect.DeepEqual(got, want) {
			t.Errorf("problems at %v, want %v: %+v", got, want, res.problems)
		}
		if res.outcomes[6] != importer.Unchanged || res.outcomes[9] != importer.Created {
			t.Errorf("outcomes %v: line 6 unchanged, line 9 created", res.outcomes)
		}
		for _, p := range res.problems {
			if p.Line == 3 && !strings.Contains(p.Message.En, "cycle") || p.Line == 2 && !strings.Contains(p.Message.En, "NOPE") ||
				p.Line == 15 && !strings.Contains(p.Message.En, "Y0") {
				t.Errorf("line %d: %+v", p.Line, p.Message)
			}
		}
		if after := f.parents(t); !reflect.DeepEqual(after, before) {
			t.Errorf("a rolled-back run left %v (was %v)", after, before)
		}

		// A move that is no cycle, and a rename, are applied.
		res = f.run(t, f.ctx, org.DepartmentsKind(), true, []string{"code", "parent_code", "name"},
			[]string{"U2", "AG02", "第二车间"}, []string{"AG01", "ROOT", "党政办公室"})
		if len(res.problems) > 0 || res.outcomes[2] != importer.Updated || res.outcomes[3] != importer.Updated {
			t.Fatalf("move and rename: %+v %v", res.problems, res.outcomes)
		}
		if p := f.parents(t)["U2"]; p != "AG02" {
			t.Errorf("U2 under %s, want AG02", p)
		}
		f.roundTrip(t, org.DepartmentsKind())
	})
}

var staffHeader = []string{"employee_no", "name", "department_code", "position", "rank", "weekly_hours", "mentor_no",
	"serving_code", "secondment_first", "secondment_last", "active"}

func TestImportStaff(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn)
		f.seedTree(t)
		kind := org.StaffKind()
		res := f.run(t, f.ctx, kind, true, staffHeader,
			[]string{"E1", "张伟", "AG01", "主任", "一级主任科员", "40", "", "", "", "", "是"},
			[]string{"E2", "李娜", "AG01", "科员", "", "37.5", "E3", "", "", "", ""}, // mentor on a later line
			[]string{"E3", "王芳", "AG02", "", "", "", "E1", "AG01", "2026-03-01", "2026/8/31", "yes"},
			[]string{"E4", "赵强", "U1", "工人", "", "0", "", "AG02", "2026-01-05", "", "否"},
		)
		if len(res.problems) > 0 {
			t.Fatalf("problems: %+v", res.problems)
		}
		sys := rule.System(f.ctx)
		get := func(no string) *ent.Staff {
			s, err := f.c.Staff.Query().Where(staff.EmployeeNo(no)).WithMentor().WithSecondedTo().WithDepartment().Only(sys)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		e2, e3, e4 := get("E2"), get("E3"), get("E4")
		if e2.Edges.Mentor == nil || e2.Edges.Mentor.EmployeeNo != "E3" || e2.WeeklyCapacityHours != 37.5 || !e2.Active {
			t.Errorf("E2: %+v", e2)
		}
		from, to := workcal.NewDate(2026, 3, 1).Start(), workcal.NewDate(2026, 9, 1).Start()
		if e3.Edges.SecondedTo == nil || e3.Edges.SecondedTo.Code != "AG01" || !e3.SecondmentFrom.Equal(from) || !e3.SecondmentTo.Equal(to) ||
			e3.WeeklyCapacityHours != org.DefaultWeeklyHours {
			t.Errorf("E3: secondment %v %v–%v, capacity %v", e3.Edges.SecondedTo, e3.SecondmentFrom, e3.SecondmentTo, e3.WeeklyCapacityHours)
		}
		if e4.Active || e4.SecondmentTo != nil || e4.WeeklyCapacityHours != 0 {
			t.Errorf("E4: %+v", e4)
		}

		res = f.run(t, f.ctx, kind, false, staffHeader,
			[]string{"E5", "甲", "NOPE", "", "", "", "", "", "", "", ""},                          // 2: unknown department code
			[]string{"E6", "乙", "AG01", "", "", "80", "", "", "", "", ""},                        // 3: capacity at the limit
			[]string{"E6", "乙", "AG01", "", "", "80", "", "", "", "", ""},                        // 4: duplicate employee number
			[]string{"E7", "丙", "AG01", "", "", "80.5", "", "", "", "", ""},                      // 5: capacity out of range
			[]string{"E8", "丁", "AG01", "", "", "-1", "", "", "", "", ""},                        // 6: capacity out of range
			[]string{"E9", "戊", "AG01", "", "", "", "", "AG02", "2026-02-30", "", ""},            // 7: bad date
			[]string{"E10", "己", "AG01", "", "", "", "", "AG02", "2026-05-01", "2026-04-30", ""}, // 8: last before first
			[]string{"E11", "庚", "AG01", "", "", "", "", "AG02", "1999-12-31", "", ""},           // 9: out of 2000–2099
			[]string{"E1", "张伟", "AG01", "主任", "一级主任科员", "40", "E2", "", "", "", "是"},            // 10: mentor cycle E1→E2→E3→E1
			[]string{"E12", "辛", "AG01", "", "", "", "E99", "", "", "", ""},                      // 11: unknown mentor
			[]string{"E13", "壬", "AG01", "", "", "", "E13", "", "", "", ""},                      // 12: own mentor (a later row: itself)
			[]string{"E14", "癸", "AG01", "", "", "", "", "AG01", "", "", ""},                     // 13: seconded to own department
			[]string{"E15", "子", "AG01", "", "", "", "", "", "", "", "也许"},                       // 14: bad active
			[]string{"E16", "丑", "AG01", "", "", "四十", "", "", "", "", ""},                       // 15: capacity no number
		)
		want := []string{"10:mentor_no", "11:mentor_no", "12:mentor_no", "13:serving_code", "14:active", "15:weekly_hours",
			"2:department_code", "4:employee_no", "5:weekly_hours", "6:weekly_hours", "7:secondment_first", "8:secondment_last", "9:secondment_first"}
		if got := res.where(); !reflect.DeepEqual(got, want) {
			t.Errorf("problems at %v, want %v: %+v", got, want, res.problems)
		}
		if res.outcomes[3] != importer.Created {
			t.Errorf("line 3 (80 hours): %v", res.outcomes[3])
		}
		f.roundTrip(t, kind)
	})
}

func TestImportAccounts(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn)
		f.seedTree(t)
		f.run(t, f.ctx, org.StaffKind(), true, staffHeader,
			[]string{"E1", "张伟", "AG01", "", "", "", "", "", "", "", ""},
			[]string{"E2", "李娜", "U1", "", "", "", "", "", "", "", ""},
			[]string{"E3", "王芳", "AG01", "", "", "", "", "", "", "", "否"})
		kind := org.AccountsKind()
		if !kind.SessionOnly {
			t.Error("ACCOUNTS must be session only")
		}
		header := []string{"login", "role", "employee_no", "disabled"}
		res := f.run(t, f.ctx, kind, true, header,
			[]string{"zhang.wei", "机关人员", "E1", "否"},
			[]string{"li.na", "FRONTLINE", "E2", ""},
			[]string{"ops", "管理员", "", "是"},
		)
		if len(res.problems) > 0 || len(res.secrets) != 3 {
			t.Fatalf("problems %+v, %d secrets", res.problems, len(res.secrets))
		}
		sys := rule.System(f.ctx)
		for _, s := range res.secrets {
			a, err := f.c.Account.Query().Where(account.Login(s.Login)).Only(sys)
			if err != nil {
				t.Fatal(err)
			}
			if !auth.CheckPassword(a.PasswordHash, s.Password) || strings.Contains(a.PasswordHash, s.Password) || !a.MustChangePassword {
				t.Errorf("%s: the one-time password does not open it, is stored in plain, or need not be changed", s.Login)
			}
			if a.Disabled != (s.Login == "ops") {
				t.Errorf("%s disabled %v", s.Login, a.Disabled)
			}
		}
		res = f.run(t, f.ctx, kind, false, header,
			[]string{"new.staff", "机关人员", "", ""},    // 2: STAFF without a person
			[]string{"new.two", "机关人员", "E99", ""},   // 3: unknown employee number
			[]string{"zhang.wei", "领导", "E1", "否"},   // 4: updated
			[]string{"zhang.wei", "领导", "E1", "否"},   // 5: duplicate login
			[]string{"new.three", "boss", "E1", ""},  // 6: bad role
			[]string{"new.four", "机关人员", "E3", ""},   // 7: the person left
			[]string{"admin", "机关人员", "E1", ""},      // 8: the importing admin demoting themselves
			[]string{"new.five", "机关人员", "E1", "也许"}, // 9: bad disabled
		)
		want := []string{"2:employee_no", "3:employee_no", "5:login", "6:role", "7:employee_no", "8:", "9:disabled"}
		if got := res.where(); !reflect.DeepEqual(got, want) {
			t.Errorf("problems at %v, want %v: %+v", got, want, res.problems)
		}
		if res.outcomes[4] != importer.Updated || len(res.secrets) != 0 {
			t.Errorf("line 4 %v, secrets %v", res.outcomes[4], res.secrets)
		}
		f.roundTrip(t, kind)
	})
}

func TestImportLeave(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn)
		f.seedTree(t)
		f.run(t, f.ctx, org.StaffKind(), true, staffHeader,
			[]string{"E1", "张伟", "AG01", "", "", "", "", "", "", "", ""},
			[]string{"E2", "李娜", "AG02", "", "", "", "", "", "", "", ""})
		kind := org.LeaveKind()
		header := []string{"employee_no", "kind", "first_day", "last_day", "note"}
		res := f.run(t, f.ctx, kind, true, header,
			[]string{"E1", "请假", "2026-03-02", "2026-03-04", "年休假"},
			[]string{"E1", "出差", "2026-3-9", "2026-03-09", ""},
			[]string{"E2", "TRIP", "2026-12-30", "2027-01-02", "跨年出差"})
		if len(res.problems) > 0 {
			t.Fatalf("problems %+v", res.problems)
		}
		leaves, err := f.c.StaffLeave.Query().All(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantSpans := map[string][2]time.Time{
			"年休假":  {workcal.NewDate(2026, 3, 2).Start(), workcal.NewDate(2026, 3, 5).Start()},
			"":     {workcal.NewDate(2026, 3, 9).Start(), workcal.NewDate(2026, 3, 10).Start()},
			"跨年出差": {workcal.NewDate(2026, 12, 30).Start(), workcal.NewDate(2027, 1, 3).Start()},
		}
		for _, l := range leaves {
			w := wantSpans[l.Note]
			if !l.StartsAt.Equal(w[0]) || !l.EndsAt.Equal(w[1]) {
				t.Errorf("%q: [%v, %v), want [%v, %v)", l.Note, l.StartsAt, l.EndsAt, w[0], w[1])
			}
		}
		res = f.run(t, f.ctx, kind, false, header,
			[]string{"E9", "请假", "2026-04-01", "2026-04-01", ""},  // 2: unknown employee number
			[]string{"E1", "休假", "2026-04-01", "2026-04-01", ""},  // 3: bad kind
			[]string{"E1", "请假", "2026-04-31", "2026-05-01", ""},  // 4: bad date
			[]string{"E1", "请假", "2026-05-02", "2026-05-01", ""},  // 5: last before first
			[]string{"E1", "请假", "2026-03-04", "2026-03-06", ""},  // 6: overlaps 3-02…3-04
			[]string{"E2", "请假", "2027-01-03", "2028-01-03", ""},  // 7: 366 days: the longest
			[]string{"E1", "请假", "2026-06-01", "2027-06-02", ""},  // 8: 367 days
			[]string{"E2", "请假", "2027-01-03", "2027-01-04", ""},  // 9: same person and first day as line 7
			[]string{"E1", "请假", "2026-03-02", "2026-03-03", "改"}, // 10: updates the leave starting 3-02
		)
		want := []string{"2:employee_no", "3:kind", "4:first_day", "5:last_day", "6:first_day", "8:last_day", "9:first_day"}
		if got := res.where(); !reflect.DeepEqual(got, want) {
			t.Errorf("problems at %v, want %v: %+v", got, want, res.problems)
		}
		if res.outcomes[7] != importer.Created || res.outcomes[10] != importer.Updated {
			t.Errorf("outcomes %v", res.outcomes)
		}
		f.roundTrip(t, kind)
	})
}

// A LEADER imports only within their subtree: a row of another department
// is the row's problem, and nothing of it is written.
func TestImportAsLeader(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := newFixture(t, driver, dsn)
		f.seedTree(t)
		f.run(t, f.ctx, org.StaffKind(), true, staffHeader,
			[]string{"E1", "主任", "AG02", "", "", "", "", "", "", "", ""},
			[]string{"E2", "张伟", "AG01", "", "", "", "", "", "", "", ""})
		sys := rule.System(f.ctx)
		boss, err := f.c.Staff.Query().Where(staff.EmployeeNo("E1")).Only(sys)
		if err != nil {
			t.Fatal(err)
		}
		hash, _ := auth.HashPassword("leader-password")
		acc, err := f.c.Account.Create().SetLogin("lead").SetPasswordHash(hash).SetRole(account.RoleLeader).SetStaffID(boss.ID).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		leader := auth.NewContext(context.Background(), &auth.Viewer{AccountID: acc.ID, Role: auth.RoleLeader, StaffID: boss.ID, DepartmentID: boss.DepartmentID})
		res := f.run(t, leader, org.StaffKind(), true, staffHeader,
			[]string{"E3", "新人", "U1", "", "", "", "", "", "", "", ""},   // U1 is below AG02
			[]string{"E4", "外人", "AG01", "", "", "", "", "", "", "", ""}, // outside the subtree
			[]string{"E2", "张伟", "U1", "", "", "", "", "", "", "", ""},   // someone of AG01 moved in
		)
		if got, want := res.where(), []string{"3:", "4:"}; !reflect.DeepEqual(got, want) || res.outcomes[2] != importer.Created {
			t.Errorf("problems at %v, want %v; outcomes %v", got, want, res.outcomes)
		}
		if n, _ := f.c.Staff.Query().Where(staff.EmployeeNoIn("E4")).Count(sys); n != 0 {
			t.Error("the refused row was written")
		}
		res = f.run(t, leader, org.DepartmentsKind(), true, deptHeader,
			[]string{"U3", "第三车间", "一线单位", "AG02", "", ""},  // under their own department
			[]string{"AG09", "新部门", "机关部门", "ROOT", "", ""}, // under the root: not theirs
		)
		if got, want := res.where(), []string{"3:"}; !reflect.DeepEqual(got, want) || res.outcomes[2] != importer.Created {
			t.Errorf("departments: problems at %v, want %v; outcomes %v", got, want, res.outcomes)
		}
	})
}
