package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"xiaoneng/ent/complaint"
	"xiaoneng/ent/department"
	"xiaoneng/ent/task"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/testdb"
	"xiaoneng/internal/workcal"
)

// ——— helpers of the organisation tests (prefixed org) ———

// orgDeptUnder makes a department of kind under parent (test setup, system rights).
func (e *env) orgDeptUnder(t *testing.T, parent int, kind department.Kind, name string) int {
	t.Helper()
	d, err := e.tkClient().Department.Create().SetName(name).SetCode(uniq("T")).SetKind(kind).SetParentID(parent).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// orgStaffIn makes a staff member of department dept.
func (e *env) orgStaffIn(t *testing.T, dept int, active bool) int {
	t.Helper()
	s, err := e.tkClient().Staff.Create().SetName("测试人员").SetEmployeeNo(uniq("S")).SetDepartmentID(dept).SetActive(active).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// orgMutate runs a mutation and decodes its one field into out (when no error).
func (e *env) orgMutate(t *testing.T, token, q string, vars map[string]any, out any) gqlResponse {
	t.Helper()
	r := e.do(t, token, q, vars)
	if len(r.Errors) == 0 && out != nil {
		r.ok(t, out)
	}
	return r
}

// orgSame fails when the data version moved: a refused call writes nothing.
func (e *env) orgSame(t *testing.T, before int, what string) {
	t.Helper()
	if after := e.dataVersion(t); after != before {
		t.Errorf("%s wrote (data version %d → %d)", what, before, after)
	}
}

// orgAudit counts the audit rows of action about entity id.
func (e *env) orgAudit(t *testing.T, action string, id int) int {
	t.Helper()
	return asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = ? AND entity_id = ?`, action, id))
}

const createDeptQ = `mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id name code kind visitQuotaPerYear sortOrder parent { id } } }`

type deptOut struct {
	ID                string
	Name              string
	Code              string
	Kind              string
	VisitQuotaPerYear int
	SortOrder         int
	Parent            *struct{ ID string }
}

// Creating, renaming and moving departments: ADMIN everywhere, a LEADER
// under their own department; bad input, conflicts and cycles refused with
// the field named; every change audited.
func TestDepartmentMaintenance(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, leader2, staff := e.tkLogin(t, "admin"), e.tkLogin(t, "leader2"), e.tkLogin(t, "staff")
		root, ag10 := e.tkDept(t, "ROOT"), e.tkDept(t, "AG10") // leader2 heads 后勤服务中心 (AG10)

		var c struct{ CreateDepartment deptOut }
		in := map[string]any{"name": "  信访办公室 ", "code": "AG13", "kind": "AGENCY", "parent": tkID(root), "visitQuotaPerYear": 12, "sortOrder": 13}
		rvExpect(t, e.orgMutate(t, admin, createDeptQ, map[string]any{"in": in}, &c), "", "")
		d := c.CreateDepartment
		if d.Name != "信访办公室" || d.Code != "AG13" || d.Kind != "AGENCY" || d.VisitQuotaPerYear != 12 || d.SortOrder != 13 || d.Parent == nil || d.Parent.ID != tkID(root) {
			t.Fatalf("created %+v", d)
		}
		if n := e.orgAudit(t, "create_department", int(mustAtoi(t, d.ID))); n != 1 {
			t.Errorf("%d audit rows for the new department", n)
		}

		// Bad input, each limit just over (and the one just under created above or here).
		with := func(k string, v any) map[string]any {
			m := map[string]any{"name": "新部门", "code": uniq("C"), "kind": "AGENCY", "parent": tkID(root)}
			m[k] = v
			return map[string]any{"in": m}
		}
		before := e.dataVersion(t)
		for _, c := range []struct {
			key       string
			v         any
			code, fld string
		}{
			{"name", "   ", "BAD_USER_INPUT", "input.name"},
			{"name", strings.Repeat("部", 101), "BAD_USER_INPUT", "input.name"},
			{"code", "AG 14", "BAD_USER_INPUT", "input.code"},
			{"code", strings.Repeat("C", 41), "BAD_USER_INPUT", "input.code"},
			{"code", "AG01", "CONFLICT", "input.code"},
			{"kind", "UNIT", "BAD_USER_INPUT", "input.kind"},
			{"visitQuotaPerYear", 1001, "BAD_USER_INPUT", "input.visitQuotaPerYear"},
			{"visitQuotaPerYear", -1, "BAD_USER_INPUT", "input.visitQuotaPerYear"},
			{"sortOrder", 100001, "BAD_USER_INPUT", "input.sortOrder"},
			{"parent", tkID(e.tkDept(t, "AG01") + 1_000_000), "NOT_FOUND", "input.parent"},
		} {
			t.Run(c.key+"="+strings.ReplaceAll(strings.TrimSpace(asString(c.v)), " ", "_"), func(t *testing.T) {
				rvExpect(t, e.do(t, admin, createDeptQ, with(c.key, c.v)), c.code, c.fld)
			})
		}
		e.orgSame(t, before, "refused createDepartment")
		for _, m := range []map[string]any{with("name", strings.Repeat("部", 100)), with("code", strings.Repeat("C", 40)),
			with("visitQuotaPerYear", 1000), with("sortOrder", -100000)} {
			rvExpect(t, e.do(t, admin, createDeptQ, m), "", "")
		}

		// A LEADER adds under their department and renames below it; not
		// elsewhere, not their own department, and never moves.
		var lc struct{ CreateDepartment deptOut }
		rvExpect(t, e.orgMutate(t, leader2, createDeptQ, map[string]any{"in": map[string]any{
			"name": "维修班", "code": "AG10-01", "kind": "AGENCY", "parent": tkID(ag10)}}, &lc), "", "")
		child := lc.CreateDepartment.ID
		noOrg := e.mintStored(t, "leader2", []string{auth.ScopeReadOrg, auth.ScopeWriteTasks})
		rename := `mutation($id: ID!, $n: String!) { updateDepartment(id: $id, input: {name: $n}) { id name } }`
		rvExpect(t, e.do(t, leader2, rename, map[string]any{"id": child, "n": "维修一班"}), "", "")
		before = e.dataVersion(t)
		rvExpect(t, e.do(t, leader2, createDeptQ, map[string]any{"in": map[string]any{
			"name": "越权部门", "code": uniq("C"), "kind": "AGENCY", "parent": tkID(root)}}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, leader2, rename, map[string]any{"id": tkID(ag10), "n": "后勤中心"}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, leader2, rename, map[string]any{"id": tkID(e.tkDept(t, "AG01")), "n": "办公厅"}), "FORBIDDEN", "")
		move := `mutation($id: ID!, $p: ID!) { moveDepartment(id: $id, parent: $p) { id parent { id } } }`
		rvExpect(t, e.do(t, leader2, move, map[string]any{"id": child, "p": tkID(root)}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, staff, createDeptQ, map[string]any{"in": map[string]any{
			"name": "越权部门", "code": uniq("C"), "kind": "AGENCY", "parent": tkID(e.tkDept(t, "AG01"))}}), "FORBIDDEN", "")
		// A token needs write:org.
		if r := e.do(t, noOrg, rename, map[string]any{"id": child, "n": "维修二班"}); r.code() != "FORBIDDEN" || r.Errors[0].Extensions["scope"] != "write:org" {
			t.Errorf("a token without write:org: %+v", r.Errors)
		}
		e.orgSame(t, before, "the leader's refused changes")
		rvExpect(t, e.do(t, e.mintStored(t, "leader2", []string{auth.ScopeWriteOrg}), rename, map[string]any{"id": child, "n": "维修二班"}), "", "")

		// Moves: ADMIN; a parent inside the department's subtree is a cycle.
		grandchild := e.orgDeptUnder(t, int(mustAtoi(t, child)), department.KindAgency, "维修二班一组")
		before = e.dataVersion(t)
		rvExpect(t, e.do(t, admin, move, map[string]any{"id": tkID(ag10), "p": tkID(grandchild)}), "BAD_USER_INPUT", "parent")
		rvExpect(t, e.do(t, admin, move, map[string]any{"id": tkID(ag10), "p": tkID(ag10)}), "BAD_USER_INPUT", "parent")
		rvExpect(t, e.do(t, admin, move, map[string]any{"id": tkID(root), "p": tkID(ag10)}), "BAD_USER_INPUT", "parent")
		rvExpect(t, e.do(t, admin, move, map[string]any{"id": tkID(ag10 + 1_000_000), "p": tkID(root)}), "NOT_FOUND", "id")
		e.orgSame(t, before, "refused moves")
		var mv struct {
			MoveDepartment struct{ Parent struct{ ID string } }
		}
		rvExpect(t, e.orgMutate(t, admin, move, map[string]any{"id": tkID(grandchild), "p": tkID(e.tkDept(t, "AG01"))}, &mv), "", "")
		if mv.MoveDepartment.Parent.ID != tkID(e.tkDept(t, "AG01")) || e.orgAudit(t, "move_department", grandchild) != 1 {
			t.Errorf("moved under %s, %d audit rows", mv.MoveDepartment.Parent.ID, e.orgAudit(t, "move_department", grandchild))
		}
		// The kind never changes through an update (the input has none),
		// and a code another department holds is a conflict.
		rvExpect(t, e.do(t, admin, `mutation($id: ID!) { updateDepartment(id: $id, input: {code: "AG01"}) { id } }`,
			map[string]any{"id": child}), "CONFLICT", "input.code")
	})
}

const changeFields = `action department { id closedAt successor { id } } target { id } openTasks openRequests coHandledTasks activeStaff
	secondedStaff accounts children responsibilityItems pendingVisits openRectifications openComplaints defaultReceiving inactiveStaff
	problems { code message }`

type changeOut struct {
	Action     string
	Department struct {
		ID        string
		ClosedAt  *time.Time
		Successor *struct{ ID string }
	}
	Target              *struct{ ID string }
	OpenTasks           int
	OpenRequests        int
	CoHandledTasks      int
	ActiveStaff         int
	SecondedStaff       int
	Accounts            int
	Children            int
	ResponsibilityItems int
	PendingVisits       int
	OpenRectifications  int
	OpenComplaints      int
	DefaultReceiving    bool
	InactiveStaff       int
	Problems            []struct{ Code, Message string }
}

func (c changeOut) counts() []int {
	b := 0
	if c.DefaultReceiving {
		b = 1
	}
	return []int{c.OpenTasks, c.OpenRequests, c.CoHandledTasks, c.ActiveStaff, c.SecondedStaff, c.Accounts, c.Children,
		c.ResponsibilityItems, c.PendingVisits, c.OpenRectifications, c.OpenComplaints, b, c.InactiveStaff}
}

func (c changeOut) codes() []string {
	var out []string
	for _, p := range c.Problems {
		out = append(out, p.Code)
	}
	return out
}

// coDepts lists a task's co-departments and checks its stored count.
func (e *env) coDepts(t *testing.T, taskID int) []int {
	t.Helper()
	rows, err := e.db().Query(e.rebind(`SELECT department_id FROM task_co_departments WHERE task_id = ? ORDER BY department_id`), taskID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var d int
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	if n := asInt(e.scalar(t, `SELECT co_department_count FROM tasks WHERE id = ?`, taskID)); n != len(out) {
		t.Errorf("task %d: co_department_count %d, %d links", taskID, n, len(out))
	}
	return out
}

// Merging a department hands its staff, open work and place in the tree to
// the target and closes it; what the preview said is what the merge did;
// history stays; the closed department takes no new work.
func TestDepartmentMerge(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, frontline := e.tkLogin(t, "admin"), e.tkLogin(t, "frontline")
		root, ag01, ag02 := e.tkDept(t, "ROOT"), e.tkDept(t, "AG01"), e.tkDept(t, "AG02")
		a := e.orgDeptUnder(t, root, department.KindAgency, "待合并部门")
		b := e.orgDeptUnder(t, root, department.KindAgency, "接收部门")
		c := e.orgDeptUnder(t, a, department.KindAgency, "下属科室")
		closedChild := e.orgDeptUnder(t, a, department.KindAgency, "已撤销科室")
		sys, cl := tkSys(), e.tkClient()
		if err := cl.Department.UpdateOneID(closedChild).SetClosedAt(time.Now()).Exec(sys); err != nil {
			t.Fatal(err)
		}
		s1, s2 := e.orgStaffIn(t, a, true), e.orgStaffIn(t, a, true)
		left := e.orgStaffIn(t, a, false)
		seconded := e.orgStaffIn(t, ag02, true) // serves a
		if err := cl.Staff.UpdateOneID(seconded).SetSecondedToID(a).SetSecondmentFrom(time.Now().AddDate(0, -1, 0)).Exec(sys); err != nil {
			t.Fatal(err)
		}
		backHome := e.orgStaffIn(t, b, true) // seconded from b to a: comes home
		if err := cl.Staff.UpdateOneID(backHome).SetSecondedToID(a).Exec(sys); err != nil {
			t.Fatal(err)
		}
		if err := cl.Account.Create().SetLogin(uniq("acc")).SetPasswordHash(tkHash()).SetRole("STAFF").SetStaffID(s1).Exec(sys); err != nil {
			t.Fatal(err)
		}
		code := func(id int) string { return asStr(e.scalar(t, `SELECT code FROM departments WHERE id = ?`, id)) }
		open := e.tkTask(t, tkFixture{lead: code(a)})
		done := e.tkTask(t, tkFixture{lead: code(a), status: task.StatusDone})
		coA := e.tkTask(t, tkFixture{lead: "AG01"})
		coAB := e.tkTask(t, tkFixture{lead: "AG01"})
		ledCoB := e.tkTask(t, tkFixture{lead: code(a)})
		for id, co := range map[int][]int{coA: {a}, coAB: {a, b}, ledCoB: {b}} {
			if err := cl.Task.UpdateOneID(id).AddCoDepartmentIDs(co...).Exec(sys); err != nil {
				t.Fatal(err)
			}
		}
		item1, err := cl.ResponsibilityItem.Create().SetTitle("测试事项一").SetCategoryPath("测试/一").SetResponsibleDepartmentID(a).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		item2, err := cl.ResponsibilityItem.Create().SetTitle("测试事项二").SetCategoryPath("测试/二").SetResponsibleDepartmentID(ag01).SetLeadDepartmentID(a).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		unit := e.tkDept(t, "FL01")
		pending, err := cl.ServiceVisit.Create().SetDepartmentID(a).SetStaffID(s2).SetUnitID(unit).SetVisitedAt(time.Now()).SetPurpose("走访").Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		confirmed, err := cl.ServiceVisit.Create().SetDepartmentID(a).SetStaffID(s2).SetUnitID(unit).SetVisitedAt(time.Now()).SetPurpose("走访").
			SetConfirmed(true).SetConfirmedAt(time.Now()).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		bad := e.submit(t, frontline, ratingInput(tkID(a), 1, false)) // an open rectification and its RECTIFICATION task
		openCompl, err := cl.Complaint.Create().SetTrackingCode(uniq("TC")).SetDepartmentID(a).SetCategory(complaint.CategoryDelay).
			SetText("拖延").SetReceivedAt(time.Now()).SetAcceptDueAt(time.Now().Add(72 * time.Hour)).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		resolved, err := cl.Complaint.Create().SetTrackingCode(uniq("TC")).SetDepartmentID(a).SetCategory(complaint.CategoryDelay).
			SetText("拖延").SetStatus(complaint.StatusResolved).SetReceivedAt(time.Now()).SetAcceptDueAt(time.Now()).Save(sys)
		if err != nil {
			t.Fatal(err)
		}
		rvExpect(t, e.do(t, admin, `mutation($d: ID!) { updateSettings(input: [{key: "requests.default_department", department: $d}]) { key } }`,
			map[string]any{"d": tkID(a)}), "", "")

		// What the merge will do, counted here by hand: open tasks open,
		// ledCoB and the rectification's; co-handled coA, coAB; staff s1,
		// s2 (left stays); seconded and backHome; one account; child c (the
		// closed one stays); two items; one pending visit; one open
		// rectification and complaint; the default receiving department.
		want := []int{3, 0, 2, 2, 2, 1, 1, 2, 1, 1, 1, 1, 1}
		previewQ := `query($id: ID!, $to: ID!) { departmentMergePreview(id: $id, into: $to) { ` + changeFields + ` } }`
		var p struct{ DepartmentMergePreview changeOut }
		e.do(t, admin, previewQ, map[string]any{"id": tkID(a), "to": tkID(b)}).ok(t, &p)
		if got := p.DepartmentMergePreview.counts(); !slices.Equal(got, want) || len(p.DepartmentMergePreview.Problems) > 0 {
			t.Fatalf("preview %v %v, want %v", got, p.DepartmentMergePreview.Problems, want)
		}
		// Closing it instead would need a successor and no open children.
		var pc struct{ DepartmentClosePreview changeOut }
		e.do(t, admin, `query($id: ID!) { departmentClosePreview(id: $id) { `+changeFields+` } }`, map[string]any{"id": tkID(a)}).ok(t, &pc)
		if got := pc.DepartmentClosePreview.codes(); !slices.Equal(got, []string{"HAS_CHILDREN", "SUCCESSOR_REQUIRED"}) {
			t.Errorf("close preview problems %v", got)
		}
		for _, login := range []string{"leader", "staff"} {
			rvExpect(t, e.do(t, e.tkLogin(t, login), previewQ, map[string]any{"id": tkID(a), "to": tkID(b)}), "FORBIDDEN", "")
		}

		// Refusals, with the problem's field; nothing written.
		mergeQ := `mutation($id: ID!, $to: ID!) { mergeDepartment(id: $id, into: $to) { ` + changeFields + ` } }`
		before := e.dataVersion(t)
		for _, r := range []struct {
			id, to    int
			code, fld string
		}{
			{a, a, "BAD_USER_INPUT", "into"},
			{a, c, "BAD_USER_INPUT", "into"},        // below it
			{a, unit, "BAD_USER_INPUT", "into"},     // another kind
			{a, closedChild, "CONFLICT", "into"},    // closed
			{root, a, "BAD_USER_INPUT", "id"},       // the agency itself
			{a, b + 1_000_000, "NOT_FOUND", "into"}, // nothing
			{closedChild, b, "CONFLICT", "id"},      // closed already
		} {
			rvExpect(t, e.do(t, admin, mergeQ, map[string]any{"id": tkID(r.id), "to": tkID(r.to)}), r.code, r.fld)
		}
		rvExpect(t, e.do(t, e.tkLogin(t, "leader"), mergeQ, map[string]any{"id": tkID(a), "to": tkID(b)}), "FORBIDDEN", "")
		e.orgSame(t, before, "refused merges")

		var m struct{ MergeDepartment changeOut }
		e.do(t, admin, mergeQ, map[string]any{"id": tkID(a), "to": tkID(b)}).ok(t, &m)
		got := m.MergeDepartment
		if !slices.Equal(got.counts(), want) || got.Department.ClosedAt == nil || got.Department.Successor == nil ||
			got.Department.Successor.ID != tkID(b) || got.Action != "MERGE" {
			t.Fatalf("merge did %v (closed %v, successor %v), the preview said %v", got.counts(), got.Department.ClosedAt, got.Department.Successor, want)
		}
		if e.orgAudit(t, "merge_department", a) != 1 {
			t.Error("no audit row for the merge")
		}

		// Where everything went.
		deptOf := func(table, col string, id int) int {
			return asInt(e.scalar(t, `SELECT `+col+` FROM `+table+` WHERE id = ?`, id))
		}
		for _, c := range []struct {
			table, col string
			id, want   int
		}{
			{"staff", "department_id", s1, b}, {"staff", "department_id", s2, b}, {"staff", "department_id", left, a},
			{"staff", "seconded_to_id", seconded, b}, {"staff", "department_id", seconded, ag02},
			{"tasks", "lead_department_id", open, b}, {"tasks", "lead_department_id", done, a}, {"tasks", "lead_department_id", ledCoB, b},
			{"responsibility_items", "responsible_department_id", item1.ID, b}, {"responsibility_items", "lead_department_id", item2.ID, b},
			{"responsibility_items", "responsible_department_id", item2.ID, ag01},
			{"service_visits", "department_id", pending.ID, b}, {"service_visits", "department_id", confirmed.ID, a},
			{"rectifications", "department_id", int(mustAtoi(t, bad.Rect.ID)), b},
			{"complaints", "department_id", openCompl.ID, b}, {"complaints", "department_id", resolved.ID, a},
			{"departments", "parent_id", c, b}, {"departments", "parent_id", closedChild, a},
		} {
			if g := deptOf(c.table, c.col, c.id); g != c.want {
				t.Errorf("%s %d %s = %d, want %d", c.table, c.id, c.col, g, c.want)
			}
		}
		if v := e.scalar(t, `SELECT seconded_to_id FROM staff WHERE id = ?`, backHome); v != nil {
			t.Errorf("a secondment from the target into the merged department goes on: %v", v)
		}
		for id, want := range map[int][]int{coA: {b}, coAB: {b}, ledCoB: nil} {
			if got := e.coDepts(t, id); !slices.Equal(got, want) {
				t.Errorf("task %d co-departments %v, want %v", id, got, want)
			}
		}
		if v := asStr(e.scalar(t, `SELECT value FROM settings WHERE key = 'requests.default_department'`)); v != tkID(b) {
			t.Errorf("default receiving department %s, want %d", v, b)
		}

		// The closed department takes no new work.
		other := e.tkTask(t, tkFixture{})
		before = e.dataVersion(t)
		rvExpect(t, e.do(t, admin, `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"title": "新任务", "kind": "ROUTINE", "leadDepartment": tkID(a), "dueInWorkingDays": 3}}), "CONFLICT", "input.leadDepartment")
		rvExpect(t, e.do(t, admin, `mutation($id: ID!, $to: ID!) { transferTask(id: $id, toDepartment: $to, reason: "不属本部门") { id } }`,
			map[string]any{"id": tkID(other), "to": tkID(a)}), "CONFLICT", "toDepartment")
		rvExpect(t, e.do(t, admin, createDeptQ, map[string]any{"in": map[string]any{"name": "新科", "code": uniq("C"), "kind": "AGENCY", "parent": tkID(a)}}),
			"CONFLICT", "input.parent")
		rvExpect(t, e.do(t, admin, `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"name": "新人", "employeeNo": uniq("N"), "department": tkID(a)}}), "CONFLICT", "input.department")
		rvExpect(t, e.do(t, frontline, submitQ, map[string]any{"in": ratingInput(tkID(a), 4, false)}), "CONFLICT", "input.targetDepartment")
		rvExpect(t, e.do(t, admin, `mutation($d: ID!) { updateSettings(input: [{key: "requests.default_department", department: $d}]) { key } }`,
			map[string]any{"d": tkID(a)}), "CONFLICT", "input[0].department")
		rvExpect(t, e.do(t, admin, `mutation($id: ID!) { updateStaff(id: $id, input: {active: true}) { id } }`, map[string]any{"id": tkID(left)}),
			"CONFLICT", "input.department")
		e.orgSame(t, before, "new work for the closed department")
		// It is gone from pickers, kept for history.
		var pub struct{ PublicDepartments []struct{ ID string } }
		e.do(t, "", `{ publicDepartments { id } }`, nil).ok(t, &pub)
		for _, d := range pub.PublicDepartments {
			if d.ID == tkID(a) {
				t.Error("publicDepartments lists the closed department")
			}
		}
		var open1 struct {
			Departments struct{ TotalCount int }
		}
		e.do(t, admin, `query($ids: [ID!]) { departments(where: {closedAtIsNil: true, idIn: $ids}) { totalCount } }`,
			map[string]any{"ids": []string{tkID(a), tkID(b)}}).ok(t, &open1)
		if open1.Departments.TotalCount != 1 {
			t.Errorf("open departments among a and b: %d", open1.Departments.TotalCount)
		}
	})
}

// Closing: a successor is needed only when there is something to hand
// over, open departments below refuse it, and the successor is of the
// department's kind.
func TestDepartmentClose(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, leader := e.tkLogin(t, "admin"), e.tkLogin(t, "leader")
		root := e.tkDept(t, "ROOT")
		closeQ := `mutation($id: ID!, $s: ID) { closeDepartment(id: $id, successor: $s) { ` + changeFields + ` } }`
		empty := e.orgDeptUnder(t, root, department.KindFrontline, "空车间")
		var r struct{ CloseDepartment changeOut }
		e.do(t, admin, closeQ, map[string]any{"id": tkID(empty)}).ok(t, &r)
		if r.CloseDepartment.Target != nil || r.CloseDepartment.Department.ClosedAt == nil || r.CloseDepartment.Department.Successor != nil ||
			e.orgAudit(t, "close_department", empty) != 1 {
			t.Errorf("closing an empty unit: %+v", r.CloseDepartment)
		}

		busy := e.orgDeptUnder(t, root, department.KindAgency, "有人部门")
		e.orgStaffIn(t, busy, true)
		parent := e.orgDeptUnder(t, root, department.KindAgency, "有下级部门")
		e.orgDeptUnder(t, parent, department.KindAgency, "下级")
		before := e.dataVersion(t)
		rvExpect(t, e.do(t, admin, closeQ, map[string]any{"id": tkID(busy)}), "BAD_USER_INPUT", "successor")
		rvExpect(t, e.do(t, admin, closeQ, map[string]any{"id": tkID(busy), "s": tkID(e.tkDept(t, "FL01"))}), "BAD_USER_INPUT", "successor")
		rvExpect(t, e.do(t, admin, closeQ, map[string]any{"id": tkID(busy), "s": tkID(empty)}), "CONFLICT", "successor") // closed (and a unit)
		rvExpect(t, e.do(t, admin, closeQ, map[string]any{"id": tkID(parent), "s": tkID(busy)}), "CONFLICT", "id")
		rvExpect(t, e.do(t, admin, closeQ, map[string]any{"id": tkID(empty)}), "CONFLICT", "id")
		rvExpect(t, e.do(t, leader, closeQ, map[string]any{"id": tkID(busy), "s": tkID(e.tkDept(t, "AG01"))}), "FORBIDDEN", "")
		e.orgSame(t, before, "refused closes")
		var ok struct{ CloseDepartment changeOut }
		e.do(t, admin, closeQ, map[string]any{"id": tkID(busy), "s": tkID(e.tkDept(t, "AG01"))}).ok(t, &ok)
		if ok.CloseDepartment.ActiveStaff != 1 || ok.CloseDepartment.Target == nil {
			t.Errorf("closing with a successor: %+v", ok.CloseDepartment)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM staff WHERE department_id = ?`, busy)); n != 0 {
			t.Errorf("%d staff left in the closed department", n)
		}
	})
}

// leaveDays' dates are what recordLeave stores: 00:00 Asia/Shanghai.
func shanghaiMidnight(t *testing.T, day string) time.Time {
	t.Helper()
	d, err := workcal.ParseDate(day)
	if err != nil {
		t.Fatal(err)
	}
	return d.Start()
}

const staffFields = `id name employeeNo position rank weeklyCapacityHours active department { id } mentor { id }
	secondedTo { id } secondmentFrom secondmentTo`

type staffOut struct {
	ID                  string
	Name                string
	EmployeeNo          string
	Position            string
	Rank                string
	WeeklyCapacityHours float64
	Active              bool
	Department          struct{ ID string }
	Mentor              *struct{ ID string }
	SecondedTo          *struct{ ID string }
	SecondmentFrom      *time.Time
	SecondmentTo        *time.Time
}

// Staff: created and changed with their department, position, rank,
// capacity, mentor and secondment; limits, conflicts, cycles and the
// leader's subtree checked.
func TestStaffMaintenance(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, leader2, staff := e.tkLogin(t, "admin"), e.tkLogin(t, "leader2"), e.tkLogin(t, "staff")
		ag01, ag02, ag10 := e.tkDept(t, "AG01"), e.tkDept(t, "AG02"), e.tkDept(t, "AG10")
		createQ := `mutation($in: CreateStaffInput!) { createStaff(input: $in) { ` + staffFields + ` } }`
		updateQ := `mutation($id: ID!, $in: UpdateStaffInput!) { updateStaff(id: $id, input: $in) { ` + staffFields + ` } }`
		mentor := e.orgStaffIn(t, ag01, true)
		var c struct{ CreateStaff staffOut }
		rvExpect(t, e.orgMutate(t, admin, createQ, map[string]any{"in": map[string]any{
			"name": "周敏", "employeeNo": "E9001", "department": tkID(ag01), "position": "副主任", "rank": "二级主任科员",
			"weeklyCapacityHours": 80, "mentor": tkID(mentor),
			"secondment": map[string]any{"servingDepartment": tkID(ag02), "firstDay": "2026-03-01", "lastDay": "2026-08-31"}}}, &c), "", "")
		s := c.CreateStaff
		if s.Name != "周敏" || s.Position != "副主任" || s.WeeklyCapacityHours != 80 || !s.Active || s.Mentor == nil || s.Mentor.ID != tkID(mentor) ||
			s.SecondedTo == nil || s.SecondedTo.ID != tkID(ag02) ||
			!s.SecondmentFrom.Equal(shanghaiMidnight(t, "2026-03-01")) || !s.SecondmentTo.Equal(shanghaiMidnight(t, "2026-09-01")) {
			t.Fatalf("created %+v", s)
		}
		id := s.ID
		if e.orgAudit(t, "create_staff", int(mustAtoi(t, id))) != 1 {
			t.Error("no audit row for the new staff member")
		}

		// Bad input, one limit at a time.
		base := func() map[string]any {
			return map[string]any{"name": "新人", "employeeNo": uniq("E"), "department": tkID(ag01)}
		}
		before := e.dataVersion(t)
		for _, c := range []struct {
			name      string
			set       func(m map[string]any)
			code, fld string
		}{
			{"capacity over 80", func(m map[string]any) { m["weeklyCapacityHours"] = 80.01 }, "BAD_USER_INPUT", "input.weeklyCapacityHours"},
			{"negative capacity", func(m map[string]any) { m["weeklyCapacityHours"] = -0.01 }, "BAD_USER_INPUT", "input.weeklyCapacityHours"},
			{"name of 61", func(m map[string]any) { m["name"] = strings.Repeat("名", 61) }, "BAD_USER_INPUT", "input.name"},
			{"position of 61", func(m map[string]any) { m["position"] = strings.Repeat("职", 61) }, "BAD_USER_INPUT", "input.position"},
			{"rank of 41", func(m map[string]any) { m["rank"] = strings.Repeat("级", 41) }, "BAD_USER_INPUT", "input.rank"},
			{"employee number taken", func(m map[string]any) { m["employeeNo"] = "E9001" }, "CONFLICT", "input.employeeNo"},
			{"employee number with a space", func(m map[string]any) { m["employeeNo"] = "E 1" }, "BAD_USER_INPUT", "input.employeeNo"},
			{"employee number of 41", func(m map[string]any) { m["employeeNo"] = strings.Repeat("号", 41) }, "BAD_USER_INPUT", "input.employeeNo"},
			{"no such department", func(m map[string]any) { m["department"] = tkID(ag01 + 1_000_000) }, "NOT_FOUND", "input.department"},
			{"no such mentor", func(m map[string]any) { m["mentor"] = tkID(mentor + 1_000_000) }, "NOT_FOUND", "input.mentor"},
			{"seconded to own department", func(m map[string]any) {
				m["secondment"] = map[string]any{"servingDepartment": tkID(ag01)}
			}, "BAD_USER_INPUT", "input.secondment.servingDepartment"},
			{"secondment ends before it starts", func(m map[string]any) {
				m["secondment"] = map[string]any{"servingDepartment": tkID(ag02), "firstDay": "2026-05-02", "lastDay": "2026-05-01"}
			}, "BAD_USER_INPUT", "input.secondment.lastDay"},
			{"no such date", func(m map[string]any) {
				m["secondment"] = map[string]any{"servingDepartment": tkID(ag02), "firstDay": "2026-02-29"}
			}, "BAD_USER_INPUT", "input.secondment.firstDay"},
			{"date before 2000", func(m map[string]any) {
				m["secondment"] = map[string]any{"servingDepartment": tkID(ag02), "firstDay": "1999-12-31"}
			}, "BAD_USER_INPUT", "input.secondment.firstDay"},
		} {
			t.Run(c.name, func(t *testing.T) {
				m := base()
				c.set(m)
				rvExpect(t, e.do(t, admin, createQ, map[string]any{"in": m}), c.code, c.fld)
			})
		}
		e.orgSame(t, before, "refused createStaff")
		for _, set := range []func(m map[string]any){
			func(m map[string]any) { m["weeklyCapacityHours"] = 0 },
			func(m map[string]any) { m["employeeNo"] = strings.Repeat("号", 40) },
			func(m map[string]any) {
				m["name"], m["position"], m["rank"] = strings.Repeat("名", 60), strings.Repeat("职", 60), strings.Repeat("级", 40)
			},
		} {
			m := base()
			set(m)
			rvExpect(t, e.do(t, admin, createQ, map[string]any{"in": m}), "", "")
		}

		// Mentors form no cycle: mentor ← id, so mentor may not take id as
		// theirs, nor can id be their own.
		rvExpect(t, e.do(t, admin, updateQ, map[string]any{"id": tkID(mentor), "in": map[string]any{"mentor": id}}), "BAD_USER_INPUT", "input.mentor")
		rvExpect(t, e.do(t, admin, updateQ, map[string]any{"id": id, "in": map[string]any{"mentor": id}}), "BAD_USER_INPUT", "input.mentor")
		// Absent fields stay; null removes the mentor and the secondment.
		var u struct{ UpdateStaff staffOut }
		rvExpect(t, e.orgMutate(t, admin, updateQ, map[string]any{"id": id, "in": map[string]any{"rank": "一级主任科员"}}, &u), "", "")
		if u.UpdateStaff.Mentor == nil || u.UpdateStaff.SecondedTo == nil || u.UpdateStaff.Rank != "一级主任科员" {
			t.Errorf("an update of the rank changed more: %+v", u.UpdateStaff)
		}
		rvExpect(t, e.orgMutate(t, admin, updateQ, map[string]any{"id": id, "in": map[string]any{"mentor": nil, "secondment": nil}}, &u), "", "")
		if u.UpdateStaff.Mentor != nil || u.UpdateStaff.SecondedTo != nil || u.UpdateStaff.SecondmentFrom != nil || u.UpdateStaff.SecondmentTo != nil {
			t.Errorf("null mentor and secondment kept: %+v", u.UpdateStaff)
		}
		rvExpect(t, e.orgMutate(t, admin, updateQ, map[string]any{"id": id, "in": map[string]any{"active": false, "weeklyCapacityHours": 20}}, &u), "", "")
		if u.UpdateStaff.Active || u.UpdateStaff.WeeklyCapacityHours != 20 {
			t.Errorf("deactivating: %+v", u.UpdateStaff)
		}

		// A leader: the staff of their subtree, within it.
		sub := e.orgDeptUnder(t, ag10, department.KindAgency, "维修班")
		own := e.orgStaffIn(t, ag10, true)
		rvExpect(t, e.do(t, leader2, createQ, map[string]any{"in": map[string]any{"name": "新工", "employeeNo": uniq("E"), "department": tkID(sub)}}), "", "")
		rvExpect(t, e.do(t, leader2, updateQ, map[string]any{"id": tkID(own), "in": map[string]any{
			"department": tkID(sub), "secondment": map[string]any{"servingDepartment": tkID(ag10), "firstDay": "2026-01-01"}}}), "", "")
		before = e.dataVersion(t)
		rvExpect(t, e.do(t, leader2, createQ, map[string]any{"in": map[string]any{"name": "外人", "employeeNo": uniq("E"), "department": tkID(ag01)}}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, leader2, updateQ, map[string]any{"id": tkID(mentor), "in": map[string]any{"position": "科长"}}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, leader2, updateQ, map[string]any{"id": tkID(own), "in": map[string]any{"department": tkID(ag01)}}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, leader2, updateQ, map[string]any{"id": tkID(own), "in": map[string]any{
			"secondment": map[string]any{"servingDepartment": tkID(ag01)}}}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, staff, updateQ, map[string]any{"id": tkID(mentor), "in": map[string]any{"position": "科长"}}), "FORBIDDEN", "")
		rvExpect(t, e.do(t, admin, updateQ, map[string]any{"id": tkID(own + 1_000_000), "in": map[string]any{"position": "科长"}}), "NOT_FOUND", "id")
		e.orgSame(t, before, "refused staff changes")
	})
}

const leaveFields = `id kind firstDay lastDay startsAt endsAt note staff { id }`

type leaveOut struct {
	ID       string
	Kind     string
	FirstDay string
	LastDay  string
	StartsAt time.Time
	EndsAt   time.Time
	Note     string
	Staff    struct{ ID string }
}

// Leave and trips: recorded over whole days, never overlapping, at most 366
// days; a leader for their subtree's staff; read by the person themselves.
func TestStaffLeave(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, leader2, staff := e.tkLogin(t, "admin"), e.tkLogin(t, "leader2"), e.tkLogin(t, "staff")
		me := int(e.viewerStaff(t, "staff"))
		recordQ := `mutation($in: RecordLeaveInput!) { recordLeave(input: $in) { ` + leaveFields + ` } }`
		var r struct{ RecordLeave leaveOut }
		rvExpect(t, e.orgMutate(t, admin, recordQ, map[string]any{"in": map[string]any{
			"staff": tkID(me), "kind": "TRIP", "firstDay": "2026-12-30", "lastDay": "2027-01-02", "note": " 赴省厅学习 "}}, &r), "", "")
		l := r.RecordLeave
		if l.Kind != "TRIP" || l.FirstDay != "2026-12-30" || l.LastDay != "2027-01-02" || l.Note != "赴省厅学习" ||
			!l.StartsAt.Equal(shanghaiMidnight(t, "2026-12-30")) || !l.EndsAt.Equal(shanghaiMidnight(t, "2027-01-03")) {
			t.Fatalf("recorded %+v", l)
		}
		leave := func(staff int, kind, first, last string) map[string]any {
			return map[string]any{"in": map[string]any{"staff": tkID(staff), "kind": kind, "firstDay": first, "lastDay": last}}
		}
		before := e.dataVersion(t)
		for _, c := range []struct {
			in        map[string]any
			code, fld string
		}{
			{leave(me, "LEAVE", "2027-01-02", "2027-01-05"), "CONFLICT", "input.firstDay"}, // overlaps the trip's last day
			{leave(me, "LEAVE", "2026-12-01", "2026-12-30"), "CONFLICT", "input.firstDay"}, // and its first
			{leave(me, "LEAVE", "2026-06-02", "2026-06-01"), "BAD_USER_INPUT", "input.lastDay"},
			{leave(me, "LEAVE", "2026-06-01", "2027-06-02"), "BAD_USER_INPUT", "input.lastDay"}, // 367 days
			{leave(me, "LEAVE", "2026-13-01", "2026-13-02"), "BAD_USER_INPUT", "input.firstDay"},
			{leave(me, "LEAVE", "2026-06-01", "2100-01-01"), "BAD_USER_INPUT", "input.lastDay"},
			{leave(me+1_000_000, "LEAVE", "2026-06-01", "2026-06-01"), "NOT_FOUND", "input.staff"},
			{map[string]any{"in": map[string]any{"staff": tkID(me), "kind": "LEAVE", "firstDay": "2026-06-01", "lastDay": "2026-06-01",
				"note": strings.Repeat("注", 201)}}, "BAD_USER_INPUT", "input.note"},
		} {
			rvExpect(t, e.do(t, admin, recordQ, c.in), c.code, c.fld)
		}
		e.orgSame(t, before, "refused leave")
		rvExpect(t, e.do(t, admin, recordQ, leave(me, "LEAVE", "2027-01-03", "2028-01-03")), "", "") // 366 days, right after the trip
		rvExpect(t, e.do(t, admin, recordQ, map[string]any{"in": map[string]any{"staff": tkID(me), "kind": "LEAVE",
			"firstDay": "2026-06-01", "lastDay": "2026-06-01", "note": strings.Repeat("注", 200)}}), "", "")

		// A leader records for their subtree only; staff cannot record.
		ag10Staff := e.orgStaffIn(t, e.tkDept(t, "AG10"), true)
		var lr struct{ RecordLeave leaveOut }
		rvExpect(t, e.orgMutate(t, leader2, recordQ, leave(ag10Staff, "LEAVE", "2026-05-06", "2026-05-08"), &lr), "", "")
		before = e.dataVersion(t)
		rvExpect(t, e.do(t, leader2, recordQ, leave(me, "LEAVE", "2026-05-06", "2026-05-08")), "FORBIDDEN", "")
		rvExpect(t, e.do(t, staff, recordQ, leave(me, "LEAVE", "2026-05-06", "2026-05-08")), "FORBIDDEN", "")
		rvExpect(t, e.do(t, leader2, `mutation($id: ID!) { deleteLeave(id: $id) }`, map[string]any{"id": l.ID}), "NOT_FOUND", "id")
		e.orgSame(t, before, "refused leave outside the subtree")

		// Changing and deleting.
		var ul struct{ UpdateLeave leaveOut }
		rvExpect(t, e.orgMutate(t, leader2, `mutation($id: ID!) { updateLeave(id: $id, input: {lastDay: "2026-05-07", kind: TRIP}) { `+leaveFields+` } }`,
			map[string]any{"id": lr.RecordLeave.ID}, &ul), "", "")
		if ul.UpdateLeave.LastDay != "2026-05-07" || ul.UpdateLeave.FirstDay != "2026-05-06" || ul.UpdateLeave.Kind != "TRIP" {
			t.Errorf("updated %+v", ul.UpdateLeave)
		}
		var del struct{ DeleteLeave string }
		rvExpect(t, e.orgMutate(t, leader2, `mutation($id: ID!) { deleteLeave(id: $id) }`, map[string]any{"id": lr.RecordLeave.ID}, &del), "", "")
		if del.DeleteLeave != lr.RecordLeave.ID || e.orgAudit(t, "delete_leave", int(mustAtoi(t, del.DeleteLeave))) != 1 {
			t.Errorf("deleted %q", del.DeleteLeave)
		}

		// Who reads what: the person their own, a leader their subtree's
		// (and their own), FRONTLINE nothing of others.
		listQ := `{ staffLeaves(orderBy: {field: STARTS_AT, direction: ASC}) { totalCount edges { node { firstDay staff { id } } } } }`
		count := func(login string) int {
			var out struct{ StaffLeaves struct{ TotalCount int } }
			e.do(t, e.tkLogin(t, login), listQ, nil).ok(t, &out)
			return out.StaffLeaves.TotalCount
		}
		rvExpect(t, e.do(t, leader2, recordQ, leave(ag10Staff, "LEAVE", "2026-07-01", "2026-07-01")), "", "")
		// The demo seeds leave too, so what each may read is counted in SQL
		// from the rule's own words: all; one's own; one's own and the
		// subtree's (department and every descendant); none of others.
		own := func(login string) int {
			return asInt(e.scalar(t, `SELECT COUNT(*) FROM staff_leaves WHERE staff_id = ?`, e.viewerStaff(t, login)))
		}
		leader2Reads := asInt(e.scalar(t, `WITH RECURSIVE sub(id) AS (
				SELECT department_id FROM staff WHERE id = ?
				UNION SELECT d.id FROM departments d JOIN sub ON d.parent_id = sub.id)
			SELECT COUNT(*) FROM staff_leaves l JOIN staff s ON s.id = l.staff_id
			WHERE s.department_id IN (SELECT id FROM sub) OR l.staff_id = ?`, e.viewerStaff(t, "leader2"), e.viewerStaff(t, "leader2")))
		want := []int{asInt(e.scalar(t, `SELECT COUNT(*) FROM staff_leaves`)), own("staff"), leader2Reads, own("frontline")}
		if want[1] < 3 || want[2] < 1 {
			t.Fatalf("the test's own leave (3 of staff's, 1 in AG10) not in the counts %v", want)
		}
		if got := []int{count("admin"), count("staff"), count("leader2"), count("frontline")}; !slices.Equal(got, want) {
			t.Errorf("leave read by admin, staff, leader2, frontline: %v, want %v", got, want)
		}
		var mine struct {
			Node struct{ Leaves []struct{ FirstDay string } }
		}
		e.do(t, e.tkLogin(t, "staff"), `query($id: ID!) { node(id: $id) { ... on Staff { leaves { firstDay } } } }`, map[string]any{"id": tkID(me)}).ok(t, &mine)
		if len(mine.Node.Leaves) != want[1] {
			t.Errorf("Staff.leaves of their own: %+v", mine.Node.Leaves)
		}
	})
}

const createAccountsQ = `mutation($in: [NewAccountInput!]!) { createAccounts(inputs: $in) { initialPassword account { id login role mustChangePassword staff { id } } } }`

type createdOut struct {
	InitialPassword string
	Account         struct {
		ID                 string
		Login              string
		Role               string
		MustChangePassword bool
		Staff              *struct{ ID string }
	}
}

// Accounts belong to people; many are made at once with one-time passwords
// shown once; all or none.
func TestCreateAccounts(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, leader := e.tkLogin(t, "admin"), e.tkLogin(t, "leader")
		ag01 := e.tkDept(t, "AG01")
		p1, p2 := e.orgStaffIn(t, ag01, true), e.orgStaffIn(t, e.tkDept(t, "FL01"), true)
		gone := e.orgStaffIn(t, ag01, false)
		var c struct{ CreateAccounts []createdOut }
		rvExpect(t, e.orgMutate(t, admin, createAccountsQ, map[string]any{"in": []any{
			map[string]any{"login": " wang.li ", "role": "STAFF", "staff": tkID(p1)},
			map[string]any{"login": "chejian.zhao", "role": "FRONTLINE", "staff": tkID(p2)},
			map[string]any{"login": "it.ops", "role": "ADMIN"},
		}}, &c), "", "")
		if len(c.CreateAccounts) != 3 {
			t.Fatalf("created %+v", c.CreateAccounts)
		}
		seen := map[string]bool{}
		for _, a := range c.CreateAccounts {
			pw := a.InitialPassword
			hash := asStr(e.scalar(t, `SELECT password_hash FROM accounts WHERE id = ?`, mustAtoi(t, a.Account.ID)))
			if len(pw) != 14 || seen[pw] || !auth.CheckPassword(hash, pw) || strings.Contains(hash, pw) || !a.Account.MustChangePassword {
				t.Errorf("%s: password %q (hash %q), must change %v", a.Account.Login, pw, hash, a.Account.MustChangePassword)
			}
			seen[pw] = true
		}
		if c.CreateAccounts[0].Account.Login != "wang.li" || c.CreateAccounts[0].Account.Staff == nil || c.CreateAccounts[0].Account.Staff.ID != tkID(p1) {
			t.Errorf("first account %+v", c.CreateAccounts[0].Account)
		}
		// The passwords are never shown again: no field of Account has them.
		var again struct {
			Node map[string]any
		}
		e.do(t, admin, `query($id: ID!) { node(id: $id) { ... on Account { login mustChangePassword } } }`, map[string]any{"id": c.CreateAccounts[0].Account.ID}).ok(t, &again)
		if len(again.Node) != 2 {
			t.Errorf("account fields %v", again.Node)
		}

		// Refusals write nothing, the whole batch included.
		adminToken := e.mintStored(t, "admin", auth.AllScopes)
		accounts := asInt(e.scalar(t, `SELECT count(*) FROM accounts`))
		before := e.dataVersion(t)
		bulk := func(items ...map[string]any) map[string]any {
			var in []any
			for _, i := range items {
				in = append(in, i)
			}
			return map[string]any{"in": in}
		}
		ok := map[string]any{"login": uniq("ok"), "role": "STAFF", "staff": tkID(p1)}
		for _, c := range []struct {
			name      string
			vars      map[string]any
			code, fld string
		}{
			{"empty", map[string]any{"in": []any{}}, "BAD_USER_INPUT", "inputs"},
			{"same login twice", bulk(ok, map[string]any{"login": ok["login"], "role": "ADMIN"}), "CONFLICT", "inputs[1].login"},
			{"login taken", bulk(ok, map[string]any{"login": "wang.li", "role": "ADMIN"}), "CONFLICT", "inputs[1].login"},
			{"staff account without a person", bulk(ok, map[string]any{"login": uniq("x"), "role": "STAFF"}), "BAD_USER_INPUT", "inputs[1].staff"},
			{"leader without a person", bulk(map[string]any{"login": uniq("x"), "role": "LEADER"}), "BAD_USER_INPUT", "inputs[0].staff"},
			{"a person who left", bulk(ok, map[string]any{"login": uniq("x"), "role": "STAFF", "staff": tkID(gone)}), "CONFLICT", "inputs[1].staff"},
			{"no such person", bulk(map[string]any{"login": uniq("x"), "role": "STAFF", "staff": tkID(p1 + 1_000_000)}), "NOT_FOUND", "inputs[0].staff"},
			{"login of 61 bytes", bulk(map[string]any{"login": strings.Repeat("l", 61), "role": "ADMIN"}), "BAD_USER_INPUT", "inputs[0].login"},
		} {
			t.Run(c.name, func(t *testing.T) { rvExpect(t, e.do(t, admin, createAccountsQ, c.vars), c.code, c.fld) })
		}
		var many []any
		for i := range 501 {
			many = append(many, map[string]any{"login": "bulk" + strings.Repeat("x", i%3) + uniq(""), "role": "ADMIN"})
		}
		rvExpect(t, e.do(t, admin, createAccountsQ, map[string]any{"in": many}), "BAD_USER_INPUT", "inputs")
		rvExpect(t, e.do(t, leader, createAccountsQ, bulk(ok)), "FORBIDDEN", "")
		rvExpect(t, e.do(t, adminToken, createAccountsQ, bulk(ok)), "FORBIDDEN", "")
		e.orgSame(t, before, "refused createAccounts")
		// 500 is the most at once (and quick: one-time passwords are cheap to hash).
		start := time.Now()
		rvExpect(t, e.do(t, admin, createAccountsQ, map[string]any{"in": many[:500]}), "", "")
		t.Logf("500 accounts in %v", time.Since(start))
		if n := asInt(e.scalar(t, `SELECT count(*) FROM accounts`)); n != accounts+500 {
			t.Errorf("%d accounts after creating 500 (had %d)", n, accounts)
		}

		// Linking later: a STAFF account keeps a person; only ADMIN ones stand alone.
		upd := `mutation($id: ID!, $in: UpdateAccountInput!) { updateAccount(id: $id, input: $in) { id role staff { id } } }`
		staffAcc, adminAcc := c.CreateAccounts[0].Account.ID, c.CreateAccounts[2].Account.ID
		rvExpect(t, e.do(t, admin, upd, map[string]any{"id": staffAcc, "in": map[string]any{"staff": nil}}), "BAD_USER_INPUT", "input.staff")
		rvExpect(t, e.do(t, admin, upd, map[string]any{"id": adminAcc, "in": map[string]any{"role": "LEADER"}}), "BAD_USER_INPUT", "input.staff")
		rvExpect(t, e.do(t, admin, upd, map[string]any{"id": adminAcc, "in": map[string]any{"role": "LEADER", "staff": tkID(gone)}}), "CONFLICT", "input.staff")
		rvExpect(t, e.do(t, admin, upd, map[string]any{"id": adminAcc, "in": map[string]any{"role": "LEADER", "staff": tkID(p1)}}), "", "")
		rvExpect(t, e.do(t, admin, upd, map[string]any{"id": adminAcc, "in": map[string]any{"role": "ADMIN", "staff": nil}}), "", "")
		if v := e.scalar(t, `SELECT staff_id FROM accounts WHERE id = ?`, mustAtoi(t, adminAcc)); v != nil {
			t.Errorf("unlinked ADMIN account still linked to %v", v)
		}
	})
}

// A password an administrator set must be changed before anything else;
// changePassword ends the account's other sessions and answers with a new
// pair.
func TestForcedPasswordChange(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		var c struct{ CreateAccounts []createdOut }
		e.do(t, admin, createAccountsQ, map[string]any{"in": []any{map[string]any{"login": "new.user", "role": "STAFF",
			"staff": tkID(e.orgStaffIn(t, e.tkDept(t, "AG01"), true))}}}).ok(t, &c)
		initial := c.CreateAccounts[0].InitialPassword
		first, second := e.sesLogin(t, "new.user", initial), e.sesLogin(t, "new.user", initial)
		var v struct {
			Viewer struct{ MustChangePassword bool }
		}
		e.do(t, first.AccessToken, `{ viewer { mustChangePassword account { login } staff { name } } }`, nil).ok(t, &v)
		if !v.Viewer.MustChangePassword {
			t.Fatal("a new account need not change its password")
		}
		forced := func(token, q string) {
			t.Helper()
			r := e.do(t, token, q, nil)
			if r.code() != "FORBIDDEN" || r.Errors[0].Extensions["reason"] != "PASSWORD_CHANGE_REQUIRED" {
				t.Errorf("%s before changing the password: %+v", q, r.Errors)
			}
		}
		forced(first.AccessToken, `{ tasks(first: 1) { totalCount } }`)
		forced(first.AccessToken, `{ setupStatus { activeStaff } }`)
		forced(first.AccessToken, `mutation { createApiToken(name: "x", scopes: ["read:org"]) { secret } }`)
		res := exportStatus(t, e, first.AccessToken)
		if res != 403 {
			t.Errorf("the export before changing the password: HTTP %d", res)
		}

		change := `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { accessToken refreshToken viewer { mustChangePassword } } }`
		for _, c := range []struct {
			current, next, fld string
		}{
			{"wrong-password", "a fine new one", "currentPassword"},
			{initial, initial, "newPassword"},
			{initial, "short", "newPassword"},
			{initial, strings.Repeat("p", 73), "newPassword"},
			{initial, "xiaoneng-demo", "newPassword"},
		} {
			rvExpect(t, e.do(t, first.AccessToken, change, map[string]any{"c": c.current, "n": c.next}), "BAD_USER_INPUT", c.fld)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'change_password_failed'`)); n != 1 {
			t.Errorf("%d audit rows of a failed change", n)
		}
		var ch struct {
			ChangePassword struct {
				AccessToken, RefreshToken string
				Viewer                    struct{ MustChangePassword bool }
			}
		}
		rvExpect(t, e.orgMutate(t, first.AccessToken, change, map[string]any{"c": initial, "n": "my own secret 1"}, &ch), "", "")
		fresh := ch.ChangePassword.AccessToken
		if ch.ChangePassword.Viewer.MustChangePassword || fresh == "" {
			t.Fatalf("after the change: %+v", ch.ChangePassword)
		}
		for name, tok := range map[string]string{"the old access token": first.AccessToken, "another session": second.AccessToken} {
			if code := e.viewerCode(t, tok); code != "UNAUTHENTICATED" {
				t.Errorf("%s still works: %q", name, code)
			}
		}
		if code := e.refreshCode(t, second.RefreshToken); code != "UNAUTHENTICATED" {
			t.Errorf("another session's refresh token still works: %q", code)
		}
		rvExpect(t, e.do(t, fresh, `{ tasks(first: 1) { totalCount } }`, nil), "", "")
		if code := e.refreshCode(t, ch.ChangePassword.RefreshToken); code != "" {
			t.Errorf("the new refresh token: %q", code)
		}
		expectCode(t, e.do(t, "", loginQ, map[string]any{"u": "new.user", "p": initial}).code(), "UNAUTHENTICATED", "the initial password")
		expectCode(t, e.do(t, "", loginQ, map[string]any{"u": "new.user", "p": "my own secret 1"}).code(), "", "the new password")
		if e.orgAudit(t, "change_password", int(mustAtoi(t, c.CreateAccounts[0].Account.ID))) != 1 {
			t.Error("no audit row of the change")
		}

		// A reset forces the change again; a token never changes a password.
		rvExpect(t, e.do(t, admin, `mutation($id: ID!) { resetPassword(id: $id, password: "handed over 2") { mustChangePassword } }`,
			map[string]any{"id": c.CreateAccounts[0].Account.ID}), "", "")
		after := e.sesLogin(t, "new.user", "handed over 2")
		forced(after.AccessToken, `{ staffMembers(first: 1) { totalCount } }`)
		tok := e.mintStored(t, "staff", auth.AllScopes)
		rvExpect(t, e.do(t, tok, change, map[string]any{"c": "xiaoneng-demo", "n": "another secret"}), "FORBIDDEN", "")
	})
}

// exportStatus is the HTTP status of an Excel export as token.
func exportStatus(t *testing.T, e *env, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/export/departments.xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// A disabled user is told so — by the right password, and on every request
// of a session or token they still hold; a wrong password learns nothing.
func TestDisabledAccountIsTold(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		session := e.sesLogin(t, "staff2", "xiaoneng-demo")
		token := e.mintStored(t, "staff2", []string{auth.ScopeReadOrg})
		id := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'staff2'`))
		rvExpect(t, e.do(t, admin, `mutation($id: ID!) { updateAccount(id: $id, input: {disabled: true}) { disabled } }`, map[string]any{"id": tkID(id)}), "", "")
		disabled := func(what string, r gqlResponse) {
			t.Helper()
			if r.code() != "UNAUTHENTICATED" || r.Errors[0].Extensions["reason"] != "ACCOUNT_DISABLED" || !strings.Contains(r.Errors[0].Message, "disabled") {
				t.Errorf("%s: %+v", what, r.Errors)
			}
		}
		disabled("login with the right password", e.do(t, "", loginQ, map[string]any{"u": "staff2", "p": "xiaoneng-demo"}))
		disabled("the old session", e.do(t, session.AccessToken, `{ viewer { role } }`, nil))
		disabled("an API token", e.do(t, token, `{ viewer { role } }`, nil))
		r := e.do(t, "", loginQ, map[string]any{"u": "staff2", "p": "not-the-password"})
		if r.code() != "UNAUTHENTICATED" || r.Errors[0].Extensions["reason"] != nil || !strings.Contains(r.Errors[0].Message, "wrong username or password") {
			t.Errorf("a wrong password: %+v", r.Errors)
		}
		if r := e.do(t, "", loginQ, map[string]any{"u": "nobody.here", "p": "not-the-password"}); r.Errors[0].Message != e.do(t, "", loginQ, map[string]any{"u": "staff2", "p": "not-the-password"}).Errors[0].Message {
			t.Error("an unknown name and a disabled account's wrong password answer differently")
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'login_refused' AND entity_id = ?`, id)); n != 1 {
			t.Errorf("%d login_refused audit rows", n)
		}
	})
}

const settingsQ = `{ settings { key kind label { zh en } meaning { zh en } unit { zh en } number department { id } default min max isDefault } }`

type settingOut struct {
	Key, Kind            string
	Label, Meaning, Unit struct{ Zh, En string }
	Number               *float64
	Department           *struct{ ID string }
	Default, Min, Max    *float64
	IsDefault            bool
}

func (e *env) settings(t *testing.T, token string) map[string]settingOut {
	t.Helper()
	var out struct{ Settings []settingOut }
	e.do(t, token, settingsQ, nil).ok(t, &out)
	m := map[string]settingOut{}
	for _, s := range out.Settings {
		m[s.Key] = s
	}
	return m
}

// Settings: every one listed with its meaning, unit, default and range; an
// administrator changes them within their ranges, all or none.
func TestSettings(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, leader, staff := e.tkLogin(t, "admin"), e.tkLogin(t, "leader"), e.tkLogin(t, "staff")
		s := e.settings(t, staff)
		// The documented defaults and ranges (docs/API.md "Settings").
		want := map[string][3]float64{
			"metrics.overloaded_above": {1.10, 1, 3}, "metrics.idle_below": {0.5, 0, 1},
			"metrics.leads_without_doing_below": {0.15, 0, 1}, "metrics.does_it_all_above": {0.85, 0, 1},
			"metrics.min_raters": {3, 3, 50}, "deadlines.rectification_days": {15, 1, 60}, "deadlines.hand_back_days": {1, 1, 10},
			"deadlines.complaint_accept_days": {3, 1, 15}, "deadlines.complaint_resolve_days": {15, 1, 90},
			"deadlines.request_resolve_days": {5, 1, 1250},
		}
		if len(s) != len(want)+1 {
			t.Errorf("%d settings listed", len(s))
		}
		for k, w := range want {
			g := s[k]
			if g.Number == nil || *g.Number != w[0] || *g.Default != w[0] || *g.Min != w[1] || *g.Max != w[2] || !g.IsDefault ||
				g.Label.Zh == "" || g.Label.En == "" || g.Meaning.Zh == "" || g.Meaning.En == "" || g.Unit.Zh == "" {
				t.Errorf("%s: %+v, want %v", k, g, w)
			}
		}
		if d := s["requests.default_department"]; d.Kind != "DEPARTMENT" || d.Number != nil || d.Department != nil || d.Default != nil || d.Min != nil || !d.IsDefault {
			t.Errorf("the default receiving department: %+v", d)
		}

		upd := `mutation($in: [SettingInput!]!) { updateSettings(input: $in) { key number department { id } isDefault } }`
		set := func(k string, v any) map[string]any { return map[string]any{"key": k, "number": v} }
		one := func(items ...map[string]any) map[string]any {
			in := []any{}
			for _, i := range items {
				in = append(in, i)
			}
			return map[string]any{"in": in}
		}
		noScope := e.mintStored(t, "admin", []string{auth.ScopeReadTasks})
		before := e.dataVersion(t)
		for _, c := range []struct {
			name      string
			vars      map[string]any
			code, fld string
		}{
			{"days over the range", one(set("deadlines.rectification_days", 61)), "BAD_USER_INPUT", "input[0].number"},
			{"days under the range", one(set("deadlines.rectification_days", 0)), "BAD_USER_INPUT", "input[0].number"},
			{"days not whole", one(set("deadlines.hand_back_days", 1.5)), "BAD_USER_INPUT", "input[0].number"},
			{"ratio over", one(set("metrics.overloaded_above", 3.01)), "BAD_USER_INPUT", "input[0].number"},
			{"fewer than 3 raters", one(set("metrics.min_raters", 2)), "BAD_USER_INPUT", "input[0].number"},
			{"unknown key", one(set("metrics.nothing", 1)), "BAD_USER_INPUT", "input[0].key"},
			{"no value", one(map[string]any{"key": "metrics.idle_below"}), "BAD_USER_INPUT", "input[0].number"},
			{"leads-without-doing above does-it-all", one(set("metrics.leads_without_doing_below", 0.9)), "BAD_USER_INPUT", "input"},
			{"a good one and a bad one", one(set("deadlines.hand_back_days", 2), set("deadlines.complaint_accept_days", 16)), "BAD_USER_INPUT", "input[1].number"},
			{"a frontline unit", one(map[string]any{"key": "requests.default_department", "department": tkID(e.tkDept(t, "FL01"))}), "BAD_USER_INPUT", "input[0].department"},
			{"a number for a department", one(set("requests.default_department", 1)), "BAD_USER_INPUT", "input[0].department"},
			{"no such department", one(map[string]any{"key": "requests.default_department", "department": tkID(e.tkDept(t, "AG01") + 1_000_000)}), "NOT_FOUND", "input[0].department"},
			{"twice", one(set("deadlines.hand_back_days", 2), set("deadlines.hand_back_days", 3)), "BAD_USER_INPUT", "input[1].key"},
		} {
			t.Run(c.name, func(t *testing.T) { rvExpect(t, e.do(t, admin, upd, c.vars), c.code, c.fld) })
		}
		rvExpect(t, e.do(t, leader, upd, one(set("deadlines.hand_back_days", 2))), "FORBIDDEN", "")
		rvExpect(t, e.do(t, noScope, settingsQ, nil), "FORBIDDEN", "")
		e.orgSame(t, before, "refused settings")

		var u struct {
			UpdateSettings []struct {
				Key        string
				Number     *float64
				Department *struct{ ID string }
				IsDefault  bool
			}
		}
		rvExpect(t, e.orgMutate(t, admin, upd, one(set("deadlines.rectification_days", 60), set("metrics.overloaded_above", 3),
			set("metrics.leads_without_doing_below", 0.84), map[string]any{"key": "requests.default_department", "department": tkID(e.tkDept(t, "AG01"))}), &u), "", "")
		if len(u.UpdateSettings) != 4 || *u.UpdateSettings[0].Number != 60 || u.UpdateSettings[3].Department.ID != tkID(e.tkDept(t, "AG01")) {
			t.Errorf("updated %+v", u.UpdateSettings)
		}
		s = e.settings(t, staff)
		if *s["deadlines.rectification_days"].Number != 60 || s["deadlines.rectification_days"].IsDefault || *s["metrics.leads_without_doing_below"].Number != 0.84 {
			t.Errorf("after the update: %+v", s["deadlines.rectification_days"])
		}
		if v := asStr(e.scalar(t, `SELECT value FROM settings WHERE key = 'deadlines.rectification_days'`)); v != "60" {
			t.Errorf("stored %q", v)
		}
		rvExpect(t, e.do(t, admin, upd, one(map[string]any{"key": "deadlines.rectification_days", "reset": true})), "", "")
		if s = e.settings(t, staff); *s["deadlines.rectification_days"].Number != 15 || !s["deadlines.rectification_days"].IsDefault {
			t.Errorf("after the reset: %+v", s["deadlines.rectification_days"])
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'update_settings'`)); n != 2 {
			t.Errorf("%d audit rows for two updates", n)
		}
	})
}

// A new agency: an empty database outside demo mode is set up through the
// API — the agency, a department, a person and their account — and the
// setup status follows.
func TestSetupFromEmpty(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			if dialect == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			off := false
			opt := app.Options{DataDir: t.TempDir(), Demo: &off, JWTSecret: strings.Repeat("s", 32),
				RaterSecret: strings.Repeat("r", 32), AdminPassword: "the first admin"}
			if dialect == "postgres" {
				opt.DatabaseURL = testdb.NewPostgresDB(t)
			}
			a, err := app.New(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			e := &env{app: a, srv: httptest.NewServer(a.Handler()), dataDir: opt.DataDir, dialect: dialect}
			t.Cleanup(func() { e.srv.Close(); a.Close() })
			admin := e.sesLogin(t, "admin", "the first admin").AccessToken
			statusQ := `{ setupStatus { root { id name code kind } agencyDepartments frontlineUnits activeStaff accounts calendarYears } }`
			type status struct {
				SetupStatus struct {
					Root                                                     *struct{ ID, Name, Code, Kind string }
					AgencyDepartments, FrontlineUnits, ActiveStaff, Accounts int
					CalendarYears                                            []int
				}
			}
			var st status
			e.do(t, admin, statusQ, nil).ok(t, &st)
			if s := st.SetupStatus; s.Root != nil || s.AgencyDepartments+s.FrontlineUnits+s.ActiveStaff != 0 || s.Accounts != 1 || len(s.CalendarYears) != 0 {
				t.Fatalf("an empty database: %+v", s)
			}
			setup := `mutation($n: String!) { setupAgency(input: {name: $n}) { id name code kind parent { id } } }`
			var r struct {
				SetupAgency struct {
					ID, Name, Code, Kind string
					Parent               *struct{ ID string }
				}
			}
			rvExpect(t, e.orgMutate(t, admin, setup, map[string]any{"n": "某市城市管理局"}, &r), "", "")
			root := r.SetupAgency
			if root.Name != "某市城市管理局" || root.Code != "ROOT" || root.Kind != "AGENCY" || root.Parent != nil {
				t.Fatalf("the agency: %+v", root)
			}
			// Again: renamed, never a second root.
			rvExpect(t, e.orgMutate(t, admin, setup, map[string]any{"n": "某市城市管理综合执法局"}, &r), "", "")
			if r.SetupAgency.ID != root.ID || asInt(e.scalar(t, `SELECT count(*) FROM departments WHERE parent_id IS NULL`)) != 1 {
				t.Fatalf("a second setup made %+v", r.SetupAgency)
			}
			rvExpect(t, e.do(t, admin, setup, map[string]any{"n": ""}), "BAD_USER_INPUT", "input.name")

			var d struct{ CreateDepartment deptOut }
			e.do(t, admin, createDeptQ, map[string]any{"in": map[string]any{"name": "办公室", "code": "AG01", "kind": "AGENCY", "parent": root.ID}}).ok(t, &d)
			e.do(t, admin, createDeptQ, map[string]any{"in": map[string]any{"name": "第一中队", "code": "FL01", "kind": "FRONTLINE", "parent": root.ID}}).ok(t, nil)
			var s struct{ CreateStaff struct{ ID string } }
			e.do(t, admin, `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`, map[string]any{"in": map[string]any{
				"name": "刘洋", "employeeNo": "0001", "department": d.CreateDepartment.ID}}).ok(t, &s)
			var c struct{ CreateAccounts []createdOut }
			e.do(t, admin, createAccountsQ, map[string]any{"in": []any{map[string]any{"login": "liu.yang", "role": "LEADER", "staff": s.CreateStaff.ID}}}).ok(t, &c)
			e.do(t, admin, `mutation { setWorkDays(days: [{date: "2027-02-08", kind: HOLIDAY, note: "春节"}]) { inserted } }`, nil).ok(t, nil)
			e.do(t, admin, statusQ, nil).ok(t, &st)
			if s := st.SetupStatus; s.Root == nil || s.Root.ID != root.ID || s.AgencyDepartments != 1 || s.FrontlineUnits != 1 || s.ActiveStaff != 1 ||
				s.Accounts != 2 || !slices.Equal(s.CalendarYears, []int{2027}) {
				t.Fatalf("after the setup: %+v", s)
			}
			// The person logs in with the one-time password, changes it and sees their department.
			first := e.sesLogin(t, "liu.yang", c.CreateAccounts[0].InitialPassword)
			var ch struct{ ChangePassword struct{ AccessToken string } }
			e.do(t, first.AccessToken, `mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "liu yang's own") { accessToken } }`,
				map[string]any{"c": c.CreateAccounts[0].InitialPassword}).ok(t, &ch)
			var v struct {
				Viewer struct{ Department struct{ Name string } }
			}
			e.do(t, ch.ChangePassword.AccessToken, `{ viewer { department { name } } }`, nil).ok(t, &v)
			if v.Viewer.Department.Name != "办公室" {
				t.Errorf("the new leader's department: %+v", v.Viewer)
			}
		})
	}
}

// The organisation's examples in docs/API.md run as written against the
// demo agency, as `admin` (the password change with a wrong current
// password: it is answered, not refused as a document).
func TestOrganisationExamples(t *testing.T) {
	b, err := os.ReadFile("../../docs/API.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	doc = doc[strings.Index(doc, "### 14. Setting up"):]
	blocks := regexp.MustCompile("(?s)```graphql\n(.*?)```(?:\\s*```json\n(.*?)```)?").FindAllStringSubmatch(doc, -1)
	if len(blocks) < 8 {
		t.Fatalf("found %d examples", len(blocks))
	}
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		for _, m := range blocks {
			vars := map[string]any{}
			if m[2] != "" {
				if err := json.Unmarshal([]byte(m[2]), &vars); err != nil {
					t.Fatalf("variables %s: %v", m[2], err)
				}
			}
			title := strings.SplitN(m[1], "\n", 2)[0]
			if strings.Contains(m[1], "changePassword(") {
				vars = map[string]any{"current": "not my password", "new": "a new password"}
				rvExpect(t, e.do(t, admin, m[1], vars), "BAD_USER_INPUT", "currentPassword")
				continue
			}
			if r := e.do(t, admin, m[1], vars); len(r.Errors) > 0 || len(r.Data) < 10 {
				t.Errorf("%s: %+v %s", title, r.Errors, r.Data)
			}
		}
	})
}
