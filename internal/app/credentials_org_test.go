package app_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"xiaoneng/ent/department"
	"xiaoneng/ent/staffleave"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/workcal"
)

// The probes of the organisation's mutations (docs/ACCESS.md
// "Organisation", "Accounts, API tokens, sessions") for TestCredentialMatrix.
// Their fixtures lie under the agency (the `leader` account's subtree) and
// in 办公室 (AG01).
func init() {
	probes["setupAgency"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		// The demo agency exists: an allowed call names it again.
		return `mutation { setupAgency(input: {name: "某机关"}) { id } }`, nil, false
	}
	probes["createDepartment"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: CreateDepartmentInput!) { createDepartment(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"name": "新设部门", "code": uniq("D"), "kind": "AGENCY", "parent": tkID(e.tkDept(t, "ROOT"))}}, false
	}
	probes["updateDepartment"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateDepartment(id: $id, input: {name: "改名部门"}) { id } }`,
			map[string]any{"id": tkID(e.orgDept(t, department.KindAgency))}, false
	}
	probes["moveDepartment"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!, $p: ID!) { moveDepartment(id: $id, parent: $p) { id } }`,
			map[string]any{"id": tkID(e.orgDept(t, department.KindAgency)), "p": tkID(e.tkDept(t, "AG01"))}, false
	}
	probes["mergeDepartment"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!, $to: ID!) { mergeDepartment(id: $id, into: $to) { activeStaff } }`,
			map[string]any{"id": tkID(e.orgDept(t, department.KindAgency)), "to": tkID(e.orgDept(t, department.KindAgency))}, false
	}
	probes["closeDepartment"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { closeDepartment(id: $id) { activeStaff } }`,
			map[string]any{"id": tkID(e.orgDept(t, department.KindFrontline))}, false
	}
	probes["createStaff"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: CreateStaffInput!) { createStaff(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"name": "新同事", "employeeNo": uniq("N"), "department": tkID(e.tkDept(t, "AG01"))}}, false
	}
	probes["updateStaff"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateStaff(id: $id, input: {position: "副主任"}) { id } }`,
			map[string]any{"id": tkID(e.orgStaff(t, "AG01"))}, false
	}
	probes["recordLeave"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		d := leaveDay()
		return `mutation($in: RecordLeaveInput!) { recordLeave(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"staff": tkID(e.orgStaff(t, "AG01")), "kind": "LEAVE", "firstDay": d, "lastDay": d}}, false
	}
	probes["updateLeave"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateLeave(id: $id, input: {note: "改为年休假"}) { id } }`,
			map[string]any{"id": tkID(e.orgLeave(t, e.orgStaff(t, "AG01")))}, false
	}
	probes["deleteLeave"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { deleteLeave(id: $id) }`, map[string]any{"id": tkID(e.orgLeave(t, e.orgStaff(t, "AG01")))}, false
	}
	probes["updateSettings"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation { updateSettings(input: [{key: "deadlines.hand_back_days", number: 2}]) { key } }`, nil, false
	}
	probes["createAccounts"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: [NewAccountInput!]!) { createAccounts(inputs: $in) { initialPassword } }`, map[string]any{"in": []any{
			map[string]any{"login": uniq("bulk"), "role": "STAFF", "staff": tkID(e.orgStaff(t, "AG01"))}}}, false
	}
	probes["changePassword"] = func(t *testing.T, e *env, role auth.Role) (string, map[string]any, bool) {
		// The call is the caller's own: an allowed one changes the role's
		// demo account's password, ending its sessions and revoking its
		// tokens. The session call comes first of a role's callers; the
		// next probe of the role (for its tokens) puts the account back as
		// it was, so that the tokens of the walk keep working.
		e.restoreAccount(t, roleLogin[role])
		return `mutation($p: String!) { changePassword(currentPassword: $p, newPassword: "a brand new secret") { accessToken } }`,
			map[string]any{"p": app.DemoPassword}, false
	}
}

var leaveDays atomic.Int64

// leaveDay is a day far ahead, a different one each call (leave may not overlap).
func leaveDay() string {
	return workcal.NewDate(2080, 1, 1).AddDays(int(leaveDays.Add(1))).String()
}

// orgDept makes a department of kind under the agency (test setup, system rights).
func (e *env) orgDept(t *testing.T, kind department.Kind) int {
	t.Helper()
	d, err := e.tkClient().Department.Create().SetName("测试部门").SetCode(uniq("T")).SetKind(kind).
		SetParentID(e.tkDept(t, "ROOT")).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// orgStaff makes an active staff member of department code.
func (e *env) orgStaff(t *testing.T, code string) int {
	t.Helper()
	s, err := e.tkClient().Staff.Create().SetName("测试人员").SetEmployeeNo(uniq("S")).SetDepartmentID(e.tkDept(t, code)).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

// orgLeave records a day of leave of staff.
func (e *env) orgLeave(t *testing.T, staff int) int {
	t.Helper()
	d, err := workcal.ParseDate(leaveDay())
	if err != nil {
		t.Fatal(err)
	}
	l, err := e.tkClient().StaffLeave.Create().SetStaffID(staff).SetKind(staffleave.KindLeave).
		SetStartsAt(d.Start()).SetEndsAt(d.AddDays(1).Start()).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return l.ID
}

// savedAccount is a demo account's row as the walk began.
type savedAccount struct {
	hash    string
	version int
	at      time.Time
}

var savedAccounts = map[string]savedAccount{} // env address + login → the row

// restoreAccount puts login's password, session version and API tokens back
// as they were at its first call (raw SQL: the test's own repair).
func (e *env) restoreAccount(t *testing.T, login string) {
	t.Helper()
	key := fmt.Sprintf("%p/%s", e, login)
	s, ok := savedAccounts[key]
	if !ok {
		savedAccounts[key] = savedAccount{
			hash:    asStr(e.scalar(t, `SELECT password_hash FROM accounts WHERE login = ?`, login)),
			version: asInt(e.scalar(t, `SELECT session_version FROM accounts WHERE login = ?`, login)),
			at:      time.Now(),
		}
		return
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE accounts SET password_hash = ?, session_version = ?, must_change_password = ? WHERE login = ?`, []any{s.hash, s.version, false, login}},
		{`UPDATE api_tokens SET revoked_at = NULL WHERE revoked_at >= ? AND account_id = (SELECT id FROM accounts WHERE login = ?)`, []any{s.at.UTC(), login}},
	} {
		if _, err := e.db().Exec(e.rebind(q.sql), q.args...); err != nil {
			t.Fatal(err)
		}
	}
}
