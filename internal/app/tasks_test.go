package app_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
)

// ——— helpers of the task workflow tests (prefixed tk) ———

// tkEachFresh runs fn on a fresh demo product of each dialect: these tests
// change data, so they leave the shared demo envs alone.
func tkEachFresh(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			if d == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			fn(t, newEnv(t, d, false))
		})
	}
}

// tkLogin logs a (demo or test-made) account in on this env.
func (e *env) tkLogin(t *testing.T, login string) string {
	t.Helper()
	// Kept on the env itself: a key made of the env's address could meet a
	// token of an earlier env, freed, whose memory the new one reuses.
	if tok, ok := e.tokens.Load(login); ok {
		return tok.(string)
	}
	var data struct {
		Login struct {
			AccessToken string `json:"accessToken"`
		} `json:"login"`
	}
	e.do(t, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken}}`,
		map[string]any{"u": login, "p": app.DemoPassword}).ok(t, &data)
	e.tokens.Store(login, data.Login.AccessToken)
	return data.Login.AccessToken
}

func tkSys() context.Context { return privacy.DecisionContext(context.Background(), privacy.Allow) }

func (e *env) tkClient() *ent.Client { return e.app.Store.Client }

// tkDept is the id of the department with code.
func (e *env) tkDept(t *testing.T, code string) int {
	t.Helper()
	return asInt(e.scalar(t, `SELECT id FROM departments WHERE code = ?`, code))
}

var tkHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(app.DemoPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// tkAccount gives an active staff member of department code (one without an
// account) a login with role (test setup, system rights); it returns the
// staff id.
func (e *env) tkAccount(t *testing.T, login string, role account.Role, code string) int {
	t.Helper()
	staff := asInt(e.scalar(t, `SELECT s.id FROM staff s JOIN departments d ON d.id = s.department_id
		WHERE d.code = ? AND s.active AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.staff_id = s.id)
		ORDER BY s.id LIMIT 1`, code))
	if staff <= 0 {
		t.Fatalf("no staff without an account in %s", code)
	}
	err := e.tkClient().Account.Create().SetLogin(login).SetPasswordHash(tkHash()).
		SetRole(role).SetStaffID(staff).Exec(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return staff
}

type tkFixture struct {
	lead        string // department code, default AG01 (办公室, the `staff` account's)
	unit        string // requesting frontline unit code, default FL01 (the `frontline` account's)
	status      task.Status
	assign      []int // staff ids assigned 4 h
	receivedAgo time.Duration
	kind        task.Kind
}

// tkTask writes a task directly (test setup, system rights) and returns its id.
func (e *env) tkTask(t *testing.T, f tkFixture) int {
	t.Helper()
	if f.lead == "" {
		f.lead = "AG01"
	}
	if f.unit == "" {
		f.unit = "FL01"
	}
	if f.status == "" {
		f.status = task.StatusNew
	}
	if f.kind == "" {
		f.kind = task.KindRequest
	}
	now := time.Now()
	c := e.tkClient()
	tk, err := c.Task.Create().SetTitle("测试任务").SetKind(f.kind).SetStatus(f.status).
		SetStartAt(now.Add(-time.Hour)).SetDueAt(now.Add(7 * 24 * time.Hour)).
		SetLeadDepartmentID(e.tkDept(t, f.lead)).SetRequestingUnitID(e.tkDept(t, f.unit)).
		SetLeadReceivedAt(now.Add(-f.receivedAgo)).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.assign {
		if err := c.TaskAssignment.Create().SetTaskID(tk.ID).SetStaffID(s).SetHours(4).Exec(tkSys()); err != nil {
			t.Fatal(err)
		}
	}
	return tk.ID
}

func tkID(n int) string { return strconv.Itoa(n) }

// tkCounts is the row count of every table the task operations write.
func (e *env) tkCounts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range []string{"tasks", "task_events", "task_assignments", "task_co_departments", "audit_logs", "work_calendar"} {
		out[tbl] = asInt(e.scalar(t, `SELECT count(*) FROM `+tbl))
	}
	return out
}

// tkRow is a task's row as text, to compare before and after.
func (e *env) tkRow(t *testing.T, taskID int) string {
	t.Helper()
	rows, err := e.db().Query(e.rebind(`SELECT status, lead_department_id, lead_received_at, first_responder_id,
		completed_at, cancel_reason, due_at, title FROM tasks WHERE id = ?`), taskID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("task %d not found", taskID)
	}
	vals := make([]any, 8)
	ptrs := make([]any, 8)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(vals...)
}

func (r gqlResponse) tkField() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// tkWorkingDue computes, independently of internal/workcal, the deadline n
// working days after from: walk day by day (Asia/Shanghai) from the day
// after from's date, counting weekdays and make-up days (WORKDAY rows) and
// skipping weekends and holidays (HOLIDAY rows); the task is due at the
// midnight after the n-th working day.
func (e *env) tkWorkingDue(t *testing.T, from time.Time, n int) time.Time {
	t.Helper()
	over := e.tkCalendar(t)
	cst := time.FixedZone("CST", 8*3600)
	d := from.In(cst)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, cst)
	for count := 0; count < n; {
		d = d.AddDate(0, 0, 1)
		if tkWorking(over, d) {
			count++
		}
	}
	return d.AddDate(0, 0, 1)
}

func (e *env) tkCalendar(t *testing.T) map[string]string {
	t.Helper()
	rows, err := e.db().Query(`SELECT day, kind FROM work_calendar`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	over := map[string]string{}
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			t.Fatal(err)
		}
		over[day] = kind
	}
	return over
}

func tkWorking(over map[string]string, d time.Time) bool {
	if k, ok := over[d.Format("2006-01-02")]; ok {
		return k == "WORKDAY"
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

const tkTaskFields = `id status kind dueAt completedAt overdue workingDaysLeft
	leadDepartment { id } requestingUnit { id } firstResponder { id } responsibilityItem { id }`

type tkTaskData struct {
	ID              string     `json:"id"`
	Status          string     `json:"status"`
	Kind            string     `json:"kind"`
	DueAt           time.Time  `json:"dueAt"`
	CompletedAt     *time.Time `json:"completedAt"`
	Overdue         bool       `json:"overdue"`
	WorkingDaysLeft *int       `json:"workingDaysLeft"`
	LeadDepartment  struct {
		ID string `json:"id"`
	} `json:"leadDepartment"`
	RequestingUnit *struct {
		ID string `json:"id"`
	} `json:"requestingUnit"`
	FirstResponder *struct {
		ID string `json:"id"`
	} `json:"firstResponder"`
	ResponsibilityItem *struct {
		ID string `json:"id"`
	} `json:"responsibilityItem"`
}

// tkMutate runs a task mutation returning Task and decodes the task.
func (e *env) tkMutate(t *testing.T, token, field, args string, vars map[string]any) tkTaskData {
	t.Helper()
	var data map[string]tkTaskData
	e.do(t, token, `mutation(`+args+`){ `+field+` { `+tkTaskFields+` } }`, vars).ok(t, &data)
	return data[strings.SplitN(field, "(", 2)[0]]
}

type tkEvent struct {
	Type           string               `json:"type"`
	Reason         string               `json:"reason"`
	PingPong       bool                 `json:"pingPong"`
	Late           bool                 `json:"late"`
	At             time.Time            `json:"at"`
	Actor          *struct{ ID string } `json:"actor"`
	FromDepartment *struct{ ID string } `json:"fromDepartment"`
	ToDepartment   *struct{ ID string } `json:"toDepartment"`
}

// ——— the journey ———

// The "Done when" journey of the workflows issue (task half), over HTTP as
// the demo accounts: frontline finds who handles a broken 落水管 and files a
// request; staff of the responsible department transfer it to another
// department, which transfers it back (a ping-pong); it is accepted, worked
// and completed; the timeline shows every step in order; the frontline unit
// sees its request.
func TestTaskJourney(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		logi, prod, unit := e.tkDept(t, "AG10"), e.tkDept(t, "AG07"), e.tkDept(t, "FL01")
		logiStaff := e.tkAccount(t, "logi-staff", account.RoleStaff, "AG10")
		prodStaff := e.tkAccount(t, "prod-staff", account.RoleStaff, "AG07")
		front := e.tkLogin(t, "frontline")
		logiTok, prodTok := e.tkLogin(t, "logi-staff"), e.tkLogin(t, "prod-staff") // logins write audit rows: before counting
		before := e.tkCounts(t)

		// 1. 找谁办: the drainpipe item, the one whose category ends in 落水管.
		var found struct {
			FindResponsible []struct {
				Item struct {
					ID           string `json:"id"`
					CategoryPath string `json:"categoryPath"`
				} `json:"item"`
				ResponsibleDepartment *struct{ ID string } `json:"responsibleDepartment"`
				Commitment            struct {
					ResolveWithinDays int `json:"resolveWithinDays"`
				} `json:"commitment"`
			} `json:"findResponsible"`
		}
		e.do(t, front, `{ findResponsible(query: "落水管") { item { id categoryPath } responsibleDepartment { id } commitment { resolveWithinDays } } }`, nil).ok(t, &found)
		if len(found.FindResponsible) == 0 {
			t.Fatal("findResponsible(落水管) found nothing")
		}
		top := found.FindResponsible[0]
		wantItem := asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path LIKE ?`, "%/落水管"))
		if top.Item.ID != tkID(wantItem) || top.ResponsibleDepartment == nil || top.ResponsibleDepartment.ID != tkID(logi) {
			t.Fatalf("top match %+v, want item %d of department %d", top, wantItem, logi)
		}
		resolveDays := asInt(e.scalar(t, `SELECT resolve_within_days FROM responsibility_items WHERE id = ?`, wantItem))

		// 2. File the request.
		filedAt := time.Now()
		req := e.tkMutate(t, front, "fileRequest(item: $item, description: $d)", "$item: ID!, $d: String!",
			map[string]any{"item": top.Item.ID, "d": "车间办公楼落水管破裂漏水，请尽快维修"})
		taskID := mustAtoi(t, req.ID)
		if req.Status != "NEW" || req.Kind != "REQUEST" || req.LeadDepartment.ID != tkID(logi) ||
			req.RequestingUnit == nil || req.RequestingUnit.ID != tkID(unit) ||
			req.ResponsibilityItem == nil || req.ResponsibilityItem.ID != top.Item.ID || req.FirstResponder != nil {
			t.Fatalf("filed request %+v", req)
		}
		if want := e.tkWorkingDue(t, filedAt, resolveDays); !req.DueAt.Equal(want) {
			t.Fatalf("request due %s, want %s (%d working days on the calendar)", req.DueAt, want, resolveDays)
		}
		title := e.scalar(t, `SELECT title FROM tasks WHERE id = ?`, taskID)
		if s := fmt.Sprint(tkString(title)); !strings.HasPrefix(s, "办公场所落水管维修：车间办公楼落水管破裂漏水") {
			t.Fatalf("title %q", s)
		}

		// 3. Logistics hands it to Production; Production hands it back.
		xfer := "transferTask(id: $id, toDepartment: $to, reason: $r)"
		xargs := "$id: ID!, $to: ID!, $r: String!"
		got := e.tkMutate(t, logiTok, xfer, xargs, map[string]any{"id": req.ID, "to": tkID(prod), "r": "属于生产设备，请生产技术部处理"})
		if got.LeadDepartment.ID != tkID(prod) || got.Status != "NEW" || got.FirstResponder == nil || got.FirstResponder.ID != tkID(logiStaff) {
			t.Fatalf("after the first transfer: %+v", got)
		}
		// Logistics no longer holds it: its staff may not move it again.
		r := e.do(t, logiTok, `mutation($id: ID!){ acceptTask(id: $id) { id } }`, map[string]any{"id": req.ID})
		if r.code() != "FORBIDDEN" {
			t.Fatalf("the former holder accepted the task: %+v", r.Errors)
		}
		got = e.tkMutate(t, prodTok, xfer, xargs, map[string]any{"id": req.ID, "to": tkID(logi), "r": "办公楼落水管归后勤服务中心"})
		if got.LeadDepartment.ID != tkID(logi) || got.FirstResponder.ID != tkID(logiStaff) {
			t.Fatalf("after the transfer back: %+v", got)
		}

		// 4. Accepted, assigned, worked, completed.
		got = e.tkMutate(t, logiTok, "acceptTask(id: $id)", "$id: ID!", map[string]any{"id": req.ID})
		if got.Status != "ACCEPTED" {
			t.Fatalf("accept: %+v", got)
		}
		e.tkMutate(t, logiTok, "assignTask(id: $id, assignees: $a)", "$id: ID!, $a: [TaskAssigneeInput!]!",
			map[string]any{"id": req.ID, "a": []map[string]any{{"staff": tkID(logiStaff), "hours": 6}}})
		e.tkMutate(t, logiTok, "logHours(id: $id, hours: $h)", "$id: ID!, $h: Float!", map[string]any{"id": req.ID, "h": 2.5})
		e.tkMutate(t, logiTok, "updateTaskStatus(id: $id, status: IN_PROGRESS)", "$id: ID!", map[string]any{"id": req.ID})
		got = e.tkMutate(t, logiTok, "updateTaskStatus(id: $id, status: DONE)", "$id: ID!", map[string]any{"id": req.ID})
		if got.Status != "DONE" || got.CompletedAt == nil || got.Overdue || got.WorkingDaysLeft != nil {
			t.Fatalf("done: %+v", got)
		}
		if a := e.scalar(t, `SELECT actual_hours FROM task_assignments WHERE task_id = ? AND staff_id = ?`, taskID, logiStaff); tkFloat(a) != 2.5 {
			t.Fatalf("actual hours %v, want 2.5", a)
		}

		// 5. The timeline, as the frontline unit sees it: every step in order.
		var seen struct {
			Node struct {
				tkTaskData
				Timeline []tkEvent `json:"timeline"`
			} `json:"node"`
		}
		e.do(t, front, `query($id: ID!){ node(id: $id) { ... on Task { `+tkTaskFields+`
			timeline { type reason pingPong late at actor { id } fromDepartment { id } toDepartment { id } } } } }`,
			map[string]any{"id": req.ID}).ok(t, &seen)
		if seen.Node.ID != req.ID || seen.Node.Status != "DONE" {
			t.Fatalf("frontline sees %+v", seen.Node.tkTaskData)
		}
		want := []string{"CREATED", "TRANSFERRED", "TRANSFERRED", "ACCEPTED", "ASSIGNED", "COMMENTED", "STATUS_CHANGED", "STATUS_CHANGED"}
		tl := seen.Node.Timeline
		if len(tl) != len(want) {
			t.Fatalf("timeline has %d events, want %d: %+v", len(tl), len(want), tl)
		}
		for i, ev := range tl {
			if ev.Type != want[i] {
				t.Fatalf("event %d is %s, want %s", i, ev.Type, want[i])
			}
			if i > 0 && ev.At.Before(tl[i-1].At) {
				t.Fatalf("event %d at %s is before event %d at %s", i, ev.At, i-1, tl[i-1].At)
			}
		}
		x1, x2 := tl[1], tl[2]
		if x1.PingPong || x1.Late || x1.FromDepartment.ID != tkID(logi) || x1.ToDepartment.ID != tkID(prod) || x1.Actor.ID != tkID(logiStaff) ||
			x1.Reason != "属于生产设备，请生产技术部处理" {
			t.Fatalf("first transfer %+v", x1)
		}
		if !x2.PingPong || x2.Late || x2.FromDepartment.ID != tkID(prod) || x2.ToDepartment.ID != tkID(logi) || x2.Actor.ID != tkID(prodStaff) {
			t.Fatalf("second transfer %+v", x2)
		}
		// The same order straight from the table.
		rows, err := e.db().Query(e.rebind(`SELECT type FROM task_events WHERE task_id = ? ORDER BY at, id`), taskID)
		if err != nil {
			t.Fatal(err)
		}
		var sqlTypes []string
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			sqlTypes = append(sqlTypes, s)
		}
		rows.Close()
		if strings.Join(sqlTypes, ",") != strings.Join(want, ",") {
			t.Fatalf("events in the table: %v", sqlTypes)
		}
		// The frontline's task list holds it (its unit's request).
		var list struct {
			Tasks struct {
				Edges []struct{ Node struct{ ID string } } `json:"edges"`
			} `json:"tasks"`
		}
		e.do(t, front, `query($id: ID!){ tasks(where: {id: $id}) { edges { node { id } } } }`, map[string]any{"id": req.ID}).ok(t, &list)
		if len(list.Tasks.Edges) != 1 {
			t.Fatalf("frontline's task list: %+v", list)
		}

		// Every mutation wrote exactly one audit row for the task, in its transaction.
		after := e.tkCounts(t)
		if d := after["audit_logs"] - before["audit_logs"]; d != 8 {
			t.Fatalf("%d audit rows for 8 mutations", d)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE entity = 'task' AND entity_id = ?`, taskID)); n != 8 {
			t.Fatalf("%d audit rows name the task", n)
		}
		if after["tasks"]-before["tasks"] != 1 || after["task_events"]-before["task_events"] != len(want) {
			t.Fatalf("rows written: before %v after %v", before, after)
		}
	})
}

func tkString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

func tkFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case []byte:
		f, _ := strconv.ParseFloat(string(x), 64)
		return f
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return -1
}

// ——— transfers: ping-pong, late, first responder ———

// A transfer after the 1-working-day hand-back window is late; a transfer
// to a department that held the task before is a ping-pong; the first
// agency staff member to act stays the first responder.
func TestTransferLateAndPingPong(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		office, logi, prod := e.tkDept(t, "AG01"), e.tkDept(t, "AG10"), e.tkDept(t, "AG07")
		staffID := asInt(e.scalar(t, `SELECT staff_id FROM accounts WHERE login = 'staff'`))
		e.tkAccount(t, "prod-staff", account.RoleStaff, "AG07")
		// Received ten calendar days ago: whatever the calendar, more than one working day.
		taskID := e.tkTask(t, tkFixture{receivedAgo: 10 * 24 * time.Hour})
		xfer := `mutation($id: ID!, $to: ID!, $r: String!){ transferTask(id: $id, toDepartment: $to, reason: $r) { id firstResponder { id } } }`
		steps := []struct {
			login          string
			to             int
			pingPong, late bool
		}{
			{"staff", logi, false, true},        // late: held for ten days
			{"leader2", prod, false, false},     // 后勤's head, at once
			{"prod-staff", office, true, false}, // back to the office, which held it
			{"staff", logi, true, false},        // and back to 后勤 again
		}
		for i, s := range steps {
			var data struct {
				TransferTask struct {
					FirstResponder struct{ ID string } `json:"firstResponder"`
				} `json:"transferTask"`
			}
			e.do(t, e.tkLogin(t, s.login), xfer, map[string]any{"id": tkID(taskID), "to": tkID(s.to), "r": fmt.Sprintf("第%d次转办", i+1)}).ok(t, &data)
			if data.TransferTask.FirstResponder.ID != tkID(staffID) {
				t.Fatalf("step %d: first responder %v, want the staff account's %d", i, data.TransferTask.FirstResponder, staffID)
			}
		}
		rows, err := e.db().Query(e.rebind(`SELECT to_department_id, ping_pong, late FROM task_events WHERE task_id = ? AND type = 'TRANSFERRED' ORDER BY at, id`), taskID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		i := 0
		for ; rows.Next(); i++ {
			var to int
			var ping, late bool
			if err := rows.Scan(&to, &ping, &late); err != nil {
				t.Fatal(err)
			}
			s := steps[i]
			if to != s.to || ping != s.pingPong || late != s.late {
				t.Errorf("transfer %d: to %d pingPong %v late %v, want to %d pingPong %v late %v", i, to, ping, late, s.to, s.pingPong, s.late)
			}
		}
		if i != len(steps) {
			t.Fatalf("%d TRANSFERRED events, want %d", i, len(steps))
		}
		if lead := asInt(e.scalar(t, `SELECT lead_department_id FROM tasks WHERE id = ?`, taskID)); lead != logi {
			t.Fatalf("lead %d, want 后勤 %d", lead, logi)
		}
	})
}

// ——— computed fields ———

// overdue and workingDaysLeft: a task due in 3 working days has 3 left; a
// task whose deadline has passed is overdue with a negative count; a DONE
// task is neither.
func TestTaskComputedFields(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		tok := e.tkLogin(t, "staff")
		start := time.Now()
		created := e.tkMutate(t, tok, "createTask(input: $in)", "$in: CreateTaskInput!", map[string]any{"in": map[string]any{
			"title": "编写季度工作总结", "kind": "ROUTINE", "leadDepartment": tkID(e.tkDept(t, "AG01")),
			"startAt": start.Format(time.RFC3339Nano), "dueInWorkingDays": 3,
		}})
		if want := e.tkWorkingDue(t, start, 3); !created.DueAt.Equal(want) {
			t.Fatalf("due %s, want %s", created.DueAt, want)
		}
		if created.Overdue || created.WorkingDaysLeft == nil || *created.WorkingDaysLeft != 3 {
			t.Fatalf("fresh task: overdue %v, working days left %v, want false, 3", created.Overdue, created.WorkingDaysLeft)
		}
		staffID := asInt(e.scalar(t, `SELECT staff_id FROM accounts WHERE login = 'staff'`))
		if created.FirstResponder == nil || created.FirstResponder.ID != tkID(staffID) {
			t.Fatalf("creator is not the first responder: %+v", created.FirstResponder)
		}

		// Overdue: due three days ago.
		late := e.tkTask(t, tkFixture{})
		if err := e.tkClient().Task.UpdateOneID(late).SetStartAt(start.Add(-30 * 24 * time.Hour)).
			SetDueAt(start.Add(-72 * time.Hour)).Exec(tkSys()); err != nil {
			t.Fatal(err)
		}
		var data struct {
			Node tkTaskData `json:"node"`
		}
		e.do(t, tok, `query($id: ID!){ node(id: $id) { ... on Task { `+tkTaskFields+` } } }`, map[string]any{"id": tkID(late)}).ok(t, &data)
		if !data.Node.Overdue || data.Node.WorkingDaysLeft == nil || *data.Node.WorkingDaysLeft >= 0 {
			t.Fatalf("overdue task: %+v", data.Node)
		}
		done := e.tkTask(t, tkFixture{status: task.StatusDone})
		e.do(t, tok, `query($id: ID!){ node(id: $id) { ... on Task { `+tkTaskFields+` } } }`, map[string]any{"id": tkID(done)}).ok(t, &data)
		if data.Node.Overdue || data.Node.WorkingDaysLeft != nil {
			t.Fatalf("done task: %+v", data.Node)
		}
	})
}

// ——— bad input changes nothing ———

// Each bad input is refused with its code and field, and leaves every row
// as it was (row counts and the task row, by SQL).
func TestTaskBadInput(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		staffID := asInt(e.scalar(t, `SELECT staff_id FROM accounts WHERE login = 'staff'`))
		open := e.tkTask(t, tkFixture{assign: []int{staffID}})
		done := e.tkTask(t, tkFixture{status: task.StatusDone})
		office, unit := e.tkDept(t, "AG01"), e.tkDept(t, "FL01")
		drain := asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path LIKE ?`, "%/落水管"))
		now := time.Now()
		in := func(extra map[string]any) map[string]any {
			m := map[string]any{"title": "测试", "kind": "ROUTINE", "leadDepartment": tkID(office)}
			for k, v := range extra {
				m[k] = v
			}
			return map[string]any{"in": m}
		}
		const create = `mutation($in: CreateTaskInput!){ createTask(input: $in) { id } }`
		const xfer = `mutation($id: ID!, $to: ID!, $r: String!){ transferTask(id: $id, toDepartment: $to, reason: $r) { id } }`
		cases := []struct {
			name, login, query string
			vars               map[string]any
			code, field        string
			msg                string // a part of the message
		}{
			{"unknown id", "staff", `mutation{ acceptTask(id: "99999999999") { id } }`, nil, "NOT_FOUND", "id", ""},
			{"empty reason", "staff", xfer, map[string]any{"id": tkID(open), "to": tkID(e.tkDept(t, "AG10")), "r": "   "}, "BAD_USER_INPUT", "reason", ""},
			{"transfer to itself", "staff", xfer, map[string]any{"id": tkID(open), "to": tkID(office), "r": "转给自己"}, "CONFLICT", "toDepartment", ""},
			{"transfer to a frontline unit", "staff", xfer, map[string]any{"id": tkID(open), "to": tkID(unit), "r": "转给车间"}, "BAD_USER_INPUT", "toDepartment", ""},
			{"transfer to an unknown department", "staff", xfer, map[string]any{"id": tkID(open), "to": "99999999999", "r": "x"}, "NOT_FOUND", "toDepartment", ""},
			{"transfer a done task", "staff", xfer, map[string]any{"id": tkID(done), "to": tkID(e.tkDept(t, "AG10")), "r": "x"}, "CONFLICT", "id", ""},
			{"illegal status", "staff", `mutation($id: ID!){ updateTaskStatus(id: $id, status: DONE) { id } }`, map[string]any{"id": tkID(open)}, "CONFLICT", "status", "NEW → DONE"},
			{"reopen a done task", "staff", `mutation($id: ID!){ updateTaskStatus(id: $id, status: IN_PROGRESS) { id } }`, map[string]any{"id": tkID(done)}, "CONFLICT", "status", "DONE → IN_PROGRESS"},
			{"accept a done task", "staff", `mutation($id: ID!){ acceptTask(id: $id) { id } }`, map[string]any{"id": tkID(done)}, "CONFLICT", "id", ""},
			{"zero hours", "staff", `mutation($id: ID!){ logHours(id: $id, hours: 0) { id } }`, map[string]any{"id": tkID(open)}, "BAD_USER_INPUT", "hours", ""},
			{"negative hours", "staff", `mutation($id: ID!){ logHours(id: $id, hours: -2) { id } }`, map[string]any{"id": tkID(open)}, "BAD_USER_INPUT", "hours", ""},
			{"hours without an assignment", "leader", `mutation($id: ID!){ logHours(id: $id, hours: 1) { id } }`, map[string]any{"id": tkID(open)}, "CONFLICT", "id", ""},
			{"assign zero hours", "staff", `mutation($id: ID!, $s: ID!){ assignTask(id: $id, assignees: [{staff: $s, hours: 0}]) { id } }`, map[string]any{"id": tkID(open), "s": tkID(staffID)}, "BAD_USER_INPUT", "assignees[0].hours", ""},
			{"assign to a done task", "staff", `mutation($id: ID!, $s: ID!){ assignTask(id: $id, assignees: [{staff: $s, hours: 1}]) { id } }`, map[string]any{"id": tkID(done), "s": tkID(staffID)}, "CONFLICT", "id", ""},
			{"assign an unknown staff member", "staff", `mutation($id: ID!){ assignTask(id: $id, assignees: [{staff: "99999999999", hours: 1}]) { id } }`, map[string]any{"id": tkID(open)}, "NOT_FOUND", "assignees[0].staff", ""},
			{"cancel without reason", "staff", `mutation($id: ID!){ cancelTask(id: $id, reason: "") { id } }`, map[string]any{"id": tkID(open)}, "BAD_USER_INPUT", "reason", ""},
			{"cancel a done task", "staff", `mutation($id: ID!){ cancelTask(id: $id, reason: "不需要了") { id } }`, map[string]any{"id": tkID(done)}, "CONFLICT", "id", ""},
			{"both deadlines", "staff", create, in(map[string]any{"dueAt": now.Add(48 * time.Hour).Format(time.RFC3339), "dueInWorkingDays": 2}), "BAD_USER_INPUT", "input.dueAt", ""},
			{"no deadline", "staff", create, in(nil), "BAD_USER_INPUT", "input.dueAt", ""},
			{"deadline before start", "staff", create, in(map[string]any{"dueAt": now.Add(-time.Hour).Format(time.RFC3339)}), "BAD_USER_INPUT", "input.dueAt", ""},
			{"zero working days", "staff", create, in(map[string]any{"dueInWorkingDays": 0}), "BAD_USER_INPUT", "input.dueInWorkingDays", ""},
			{"blank title", "staff", create, in(map[string]any{"title": " ", "dueInWorkingDays": 2}), "BAD_USER_INPUT", "input.title", ""},
			{"frontline lead", "staff", create, in(map[string]any{"leadDepartment": tkID(unit), "dueInWorkingDays": 2}), "BAD_USER_INPUT", "input.leadDepartment", ""},
			{"empty description", "frontline", `mutation($i: ID!){ fileRequest(item: $i, description: " ") { id } }`, map[string]any{"i": tkID(drain)}, "BAD_USER_INPUT", "description", ""},
			{"unknown item", "frontline", `mutation{ fileRequest(item: "99999999999", description: "x") { id } }`, nil, "NOT_FOUND", "item", ""},
			{"bad calendar date", "admin", `mutation{ setWorkDays(days: [{date: "2031-02-30", kind: HOLIDAY}]) { inserted } }`, nil, "BAD_USER_INPUT", "days[0].date", ""},
			{"bad calendar CSV", "admin", `mutation($c: String!){ importWorkCalendar(csv: $c) { inserted } }`, map[string]any{"c": "date,kind,note\n2031-05-01,holiday,劳动节\n2031-05-02,放羊,x\n"}, "BAD_USER_INPUT", "csv", "line 3"},
			{"calendar days out of range", "staff", `{ addWorkingDays(from: "2031-03-03T10:00:00+08:00", days: -1) }`, nil, "BAD_USER_INPUT", "days", ""},
			{"empty 找谁办 query", "frontline", `{ findResponsible(query: "  ") { score } }`, nil, "BAD_USER_INPUT", "query", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				tok := e.tkLogin(t, c.login) // a first login writes an audit row: before counting
				counts, rowOpen, rowDone := e.tkCounts(t), e.tkRow(t, open), e.tkRow(t, done)
				r := e.do(t, tok, c.query, c.vars)
				if r.code() != c.code || r.tkField() != c.field || !strings.Contains(r.Errors[0].Message, c.msg) {
					t.Fatalf("got %+v, want %s on %q containing %q", r.Errors, c.code, c.field, c.msg)
				}
				if after := e.tkCounts(t); fmt.Sprint(after) != fmt.Sprint(counts) {
					t.Fatalf("rows changed: %v → %v", counts, after)
				}
				if e.tkRow(t, open) != rowOpen || e.tkRow(t, done) != rowDone {
					t.Fatalf("task rows changed")
				}
			})
		}
	})
}

// ——— API token scopes ———

// Task changes need write:tasks, a FRONTLINE token's requests too: a
// write:ratings token rates, it does not file requests.
func TestTaskTokenScopes(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		mint := func(login string, scopes ...string) string {
			var data struct {
				CreateApiToken struct{ Secret string } `json:"createApiToken"`
			}
			e.do(t, e.tkLogin(t, login), `mutation($s: [String!]!){ createApiToken(name: "scope test", scopes: $s) { secret } }`,
				map[string]any{"s": scopes}).ok(t, &data)
			return data.CreateApiToken.Secret
		}
		taskID := e.tkTask(t, tkFixture{})
		accept := `mutation($id: ID!){ acceptTask(id: $id) { status } }`
		readOnly := mint("staff", "read:tasks", "read:org")
		row := e.tkRow(t, taskID)
		if r := e.do(t, readOnly, accept, map[string]any{"id": tkID(taskID)}); r.code() != "FORBIDDEN" {
			t.Fatalf("read-only token accepted a task: %+v", r.Errors)
		}
		if e.tkRow(t, taskID) != row {
			t.Fatal("the refused accept changed the task")
		}
		writer := mint("staff", "read:tasks", "write:tasks")
		e.do(t, writer, accept, map[string]any{"id": tkID(taskID)}).ok(t, nil)

		drain := asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path LIKE ?`, "%/落水管"))
		file := `mutation($i: ID!){ fileRequest(item: $i, description: "落水管漏水") { id } }`
		refused := []string{mint("frontline", "read:org", "read:tasks"), mint("frontline", "read:org", "write:ratings")}
		before := e.tkCounts(t)
		for _, tok := range refused {
			if r := e.do(t, tok, file, map[string]any{"i": tkID(drain)}); r.code() != "FORBIDDEN" {
				t.Fatalf("a frontline token without write:tasks filed a request: %+v", r.Errors)
			}
		}
		if fmt.Sprint(e.tkCounts(t)) != fmt.Sprint(before) {
			t.Fatal("the refused request wrote rows")
		}
		e.do(t, mint("frontline", "read:org", "write:tasks"), file, map[string]any{"i": tkID(drain)}).ok(t, nil)
	})
}
