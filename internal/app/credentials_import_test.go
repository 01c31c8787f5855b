package app_test

import (
	"testing"

	"xiaoneng/internal/auth"
	"xiaoneng/internal/importer"
)

// The import mutations' fixtures for TestCredentialMatrix (docs/ACCESS.md
// "Imports and exports").
func init() {
	probes["checkImport"] = func(t *testing.T, e *env, role auth.Role) (string, map[string]any, bool) {
		kind, file := e.importFixture(t, role)
		return `mutation($k: ImportKind!, $f: Upload!) { checkImport(kind: $k, file: $f) { id status } }`,
			map[string]any{"k": kind, "f": upload{"fixture.csv", file}}, false
	}
	probes["applyImport"] = func(t *testing.T, e *env, role auth.Role) (string, map[string]any, bool) {
		// a batch of the role's own when the role may check one, else the
		// admin's (which the role may not apply)
		kind, file := e.importFixture(t, role)
		r := e.do(t, e.tkLogin(t, roleLogin[role]), `mutation($k: ImportKind!, $f: Upload!) { checkImport(kind: $k, file: $f) { `+batchFields+` } }`,
			map[string]any{"k": kind, "f": upload{"fixture.csv", file}})
		var out struct{ CheckImport batchOut }
		token := e.tkLogin(t, roleLogin[role])
		if len(r.Errors) > 0 {
			token = e.tkLogin(t, "admin")
			kind, file = e.importFixture(t, auth.RoleAdmin)
			r = e.do(t, token, `mutation($k: ImportKind!, $f: Upload!) { checkImport(kind: $k, file: $f) { `+batchFields+` } }`,
				map[string]any{"k": kind, "f": upload{"fixture.csv", file}})
		}
		r.ok(t, &out)
		if b := e.settle(t, token, out.CheckImport); !b.CanApply {
			t.Fatalf("the fixture batch cannot be applied: %s", b.counts())
		}
		return `mutation($b: ID!) { applyImport(batch: $b) { secretsKey batch { status } } }`, map[string]any{"b": out.CheckImport.ID}, false
	}
	probes["importSecrets"] = func(t *testing.T, e *env, role auth.Role) (string, map[string]any, bool) {
		id, key := e.sealedBatch(t, roleLogin[role], []importer.Secret{{Login: uniq("acc"), Password: "一次性密码"}})
		return `mutation($b: ID!, $k: String!) { importSecrets(batch: $b, key: $k) { login } }`, map[string]any{"b": id, "k": key}, false
	}
}

// importFixture is a file a role may import when it may import anything:
// one new far-off date of the work calendar (ADMIN's); for a LEADER, the
// export of the first organisation table the server imports that the
// leader reads (every row unchanged), when it has one.
func (e *env) importFixture(t *testing.T, role auth.Role) (string, []byte) {
	t.Helper()
	if role == auth.RoleLeader {
		for _, k := range []string{"STAFF", "DEPARTMENTS", "LEAVE"} {
			if _, ok := e.app.Imports.Kinds().Lookup(k); ok {
				if status, _, data := e.fetch(t, e.tkLogin(t, "leader"), "/export/kinds/"+k+".csv"); status == 200 {
					return k, data
				}
			}
		}
	}
	return "WORK_CALENDAR", []byte("日期,类型,备注\n" + farDate() + ",节假日,权限测试\n")
}
