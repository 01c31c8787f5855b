package app_test

import "testing"

// Only ADMIN manages accounts; a disabled account cannot log in; a new
// account logs in with its password; a reset password replaces the old one.
func TestAccountManagement(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		e = newEnv(t, e.dialect, false)
		admin := e.login(t, "admin")
		staffID := e.viewerStaff(t, "staff2")
		create := `mutation($s:ID){createAccount(input:{login:"zhang.wei", password:"s3cret-pass", role: STAFF, staff:$s}){id login role}}`
		for _, login := range []string{"leader", "staff", "frontline"} {
			if r := e.do(t, e.login(t, login), create, map[string]any{"s": staffID}); r.code() != "FORBIDDEN" {
				t.Errorf("%s created an account: %+v", login, r.Errors)
			}
		}
		var c struct {
			CreateAccount struct{ ID, Login, Role string } `json:"createAccount"`
		}
		e.do(t, admin, create, map[string]any{"s": staffID}).ok(t, &c)
		if r := e.do(t, admin, create, map[string]any{"s": staffID}); r.code() != "CONFLICT" {
			t.Fatalf("duplicate login: %+v", r.Errors)
		}
		if r := e.do(t, admin, `mutation{createAccount(input:{login:"x", password:"short", role: STAFF}){id}}`, nil); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "input.password" {
			t.Fatalf("short password: %+v", r.Errors)
		}
		loginAs := func(pw string) string {
			return e.do(t, "", `mutation($p:String!){login(username:"zhang.wei",password:$p){accessToken}}`, map[string]any{"p": pw}).code()
		}
		if code := loginAs("s3cret-pass"); code != "" {
			t.Fatalf("new account cannot log in: %s", code)
		}
		e.do(t, admin, `mutation($id:ID!){resetPassword(id:$id, password:"another-pass"){id}}`, map[string]any{"id": c.CreateAccount.ID}).ok(t, nil)
		if code := loginAs("s3cret-pass"); code != "UNAUTHENTICATED" {
			t.Fatalf("old password still works: %s", code)
		}
		e.do(t, admin, `mutation($id:ID!){updateAccount(id:$id, input:{disabled:true}){id}}`, map[string]any{"id": c.CreateAccount.ID}).ok(t, nil)
		if code := loginAs("another-pass"); code != "UNAUTHENTICATED" {
			t.Fatalf("disabled account logged in: %s", code)
		}
		// An admin cannot lock themselves out.
		var me struct {
			Viewer struct{ Account struct{ ID string } } `json:"viewer"`
		}
		e.do(t, admin, `{viewer{account{id}}}`, nil).ok(t, &me)
		if r := e.do(t, admin, `mutation($id:ID!){updateAccount(id:$id, input:{role: STAFF}){id}}`, map[string]any{"id": me.Viewer.Account.ID}); r.code() != "BAD_USER_INPUT" {
			t.Fatalf("admin demoted themselves: %+v", r.Errors)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action IN ('create_account','reset_password','update_account')`)); n != 3 {
			t.Fatalf("%d audit rows for 3 account changes", n)
		}
	})
}
