package app_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/graph/generated"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
)

// ——— the documented matrix (docs/ACCESS.md) ———

var roles = []auth.Role{auth.RoleAdmin, auth.RoleLeader, auth.RoleStaff, auth.RoleFrontline}

// roleLogin is the demo account that plays each role.
var roleLogin = map[auth.Role]string{
	auth.RoleAdmin: "admin", auth.RoleLeader: "leader", auth.RoleStaff: "staff", auth.RoleFrontline: "frontline",
}

// documented is one row of a credential table of docs/ACCESS.md.
type documented struct {
	credential string // a scope, "session", "public" or "none"
	allowed    map[auth.Role]bool
	public     bool
}

// accessTables reads every table of docs/ACCESS.md with a "credential"
// column: operation name (each backticked name of the first cell) → row.
func accessTables(t *testing.T) map[string]documented {
	t.Helper()
	b, err := os.ReadFile("../../docs/ACCESS.md")
	if err != nil {
		t.Fatal(err)
	}
	name := regexp.MustCompile("`([A-Za-z]+)`")
	out := map[string]documented{}
	var header []string
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "|") {
			header = nil
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if header == nil {
			header = cells
			continue
		}
		col := func(h string) int { return slices.Index(header, h) }
		if col("credential") < 0 || strings.HasPrefix(cells[0], "---") {
			continue
		}
		row := documented{credential: strings.Trim(cells[col("credential")], "`"), allowed: map[auth.Role]bool{}}
		for _, r := range roles {
			row.allowed[r] = strings.HasPrefix(cells[col(string(r))], "✓")
		}
		row.public = strings.HasPrefix(cells[col("public")], "✓")
		for _, m := range name.FindAllStringSubmatch(cells[0], -1) {
			if _, dup := out[m[1]]; dup {
				t.Errorf("docs/ACCESS.md lists %s twice", m[1])
			}
			out[m[1]] = row
		}
	}
	return out
}

// declared is the credential a schema field declares with its directive.
func declared(f *ast.FieldDefinition) (string, int) {
	n, cred := 0, ""
	if f.Directives.ForName("public") != nil {
		n, cred = n+1, "public"
	}
	if f.Directives.ForName("sessionOnly") != nil {
		n, cred = n+1, "session"
	}
	if d := f.Directives.ForName("scope"); d != nil {
		n, cred = n+1, d.Arguments.ForName("name").Value.Raw
	}
	return cred, n
}

// Every mutation of the schema declares exactly one credential, a known
// scope, and the same one as its row of docs/ACCESS.md.
func TestEveryMutationDeclaresItsCredential(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	doc := accessTables(t)
	for _, f := range schema.Mutation.Fields {
		cred, n := declared(f)
		switch {
		case n != 1:
			t.Errorf("%s declares %d of @scope/@sessionOnly/@public, want exactly one", f.Name, n)
		case cred != "public" && cred != "session" && !slices.Contains(auth.AllScopes, cred):
			t.Errorf("%s declares the unknown scope %q", f.Name, cred)
		}
		row, ok := doc[f.Name]
		if !ok {
			t.Errorf("%s is missing from docs/ACCESS.md", f.Name)
			continue
		}
		if row.credential != cred {
			t.Errorf("%s: docs/ACCESS.md says %q, the schema %q", f.Name, row.credential, cred)
		}
		if (cred == "public") != row.public {
			t.Errorf("%s: public in the schema %v, in docs/ACCESS.md %v", f.Name, cred == "public", row.public)
		}
	}
}

// ——— the walk over HTTP ———

// caller is one credential of one role (or the anonymous caller).
type caller struct {
	name   string
	role   auth.Role // "" for anonymous
	token  string    // "" for anonymous
	scopes []string  // nil for a login session
}

// scopeSets are the token scope sets of the walk: none, each single scope,
// each "all but one", all. The rule is a membership test of one scope, so
// these put each scope present and absent beside every other.
func scopeSets() [][]string {
	sets := [][]string{{}}
	for _, s := range auth.AllScopes {
		sets = append(sets, []string{s})
	}
	for _, s := range auth.AllScopes {
		sets = append(sets, slices.DeleteFunc(slices.Clone(auth.AllScopes), func(x string) bool { return x == s }))
	}
	return append(sets, slices.Clone(auth.AllScopes))
}

// mintStored stores an API token with any scopes for login (system rights:
// also scopes the role may not grant, which the server must ignore).
func (e *env) mintStored(t *testing.T, login string, scopes []string) string {
	t.Helper()
	plain, hash, err := auth.NewOpaqueToken(auth.APITokenPrefix)
	if err != nil {
		t.Fatal(err)
	}
	acc := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = ?`, login))
	if err := e.tkClient().ApiToken.Create().SetName(uniq("matrix")).
		SetScopes(scopes).SetAccountID(acc).SetTokenHash(hash).Exec(tkSys()); err != nil {
		t.Fatal(err)
	}
	return plain
}

// may is what the credential allows, from the documented row: the role must
// be allowed, and the token must hold the scope (effective scopes are the
// stored ones the owner's role may grant) or be no token at all.
func (c caller) may(row documented) bool {
	switch {
	case row.public:
		return true
	case c.role == "":
		return false
	case !row.allowed[c.role]:
		return false
	case c.scopes == nil:
		return true
	case row.credential == "session":
		return false
	case row.credential == "none":
		return true
	}
	return slices.Contains(c.scopes, row.credential) && slices.Contains(auth.AllowedScopes(c.role), row.credential)
}

var matrixSeq atomic.Int64

// uniq is a name no other call of the test uses.
func uniq(prefix string) string {
	return fmt.Sprintf("%s%d%d", prefix, time.Now().UnixNano()%1e6, matrixSeq.Add(1))
}

// probe makes a fixture for one call of a mutation by role — in the role's
// reach where the role may act — and returns the operation and variables.
// addr, when not empty, is the loopback address to call from (operations
// limited per address).
type probe func(t *testing.T, e *env, role auth.Role) (query string, vars map[string]any, fresh bool)

// The fixtures: tasks led by 办公室 (AG01, the `staff` account's department)
// and requested by 第一车间 (FL01, the `frontline` account's unit); ratings
// by `frontline` of 办公室.
var probes = map[string]probe{
	"createTask": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"title": "整理档案", "kind": "ROUTINE", "leadDepartment": tkID(e.tkDept(t, "AG01")), "dueInWorkingDays": 5}}, false
	},
	"assignTask": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		id := e.tkTask(t, tkFixture{})
		return `mutation($id: ID!, $a: [TaskAssigneeInput!]!) { assignTask(id: $id, assignees: $a) { id } }`,
			map[string]any{"id": tkID(id), "a": []any{map[string]any{"staff": idStr(e.viewerStaff(t, "staff")), "hours": 2}}}, false
	},
	"acceptTask": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { acceptTask(id: $id) { id } }`, map[string]any{"id": tkID(e.tkTask(t, tkFixture{}))}, false
	},
	"transferTask": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!, $to: ID!) { transferTask(id: $id, toDepartment: $to, reason: "不属于本部门职责") { id } }`,
			map[string]any{"id": tkID(e.tkTask(t, tkFixture{})), "to": tkID(e.tkDept(t, "AG02"))}, false
	},
	"updateTaskStatus": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateTaskStatus(id: $id, status: IN_PROGRESS) { id } }`,
			map[string]any{"id": tkID(e.tkTask(t, tkFixture{status: task.StatusAccepted}))}, false
	},
	"cancelTask": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { cancelTask(id: $id, reason: "重复提交") { id } }`,
			map[string]any{"id": tkID(e.tkTask(t, tkFixture{}))}, false
	},
	"logHours": func(t *testing.T, e *env, role auth.Role) (string, map[string]any, bool) {
		id := e.tkTask(t, tkFixture{status: task.StatusInProgress, assign: []int{int(e.viewerStaff(t, roleLogin[role]))}})
		return `mutation($id: ID!) { logHours(id: $id, hours: 1.5) { id } }`, map[string]any{"id": tkID(id)}, false
	},
	"fileRequest": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		item := asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path LIKE ?`, "%/落水管"))
		return `mutation($i: ID!) { fileRequest(item: $i, description: "落水管漏水") { id } }`, map[string]any{"i": tkID(item)}, false
	},
	"setWorkDays": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($d: [WorkDayInput!]!) { setWorkDays(days: $d) { inserted } }`, map[string]any{"d": []any{
			map[string]any{"date": farDate(), "kind": "HOLIDAY", "note": "测试"}}}, false
	},
	"importWorkCalendar": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($c: String!) { importWorkCalendar(csv: $c) { inserted } }`, map[string]any{"c": farDate() + ",holiday,测试\n"}, false
	},
	"submitRating": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: SubmitRatingInput!) { submitRating(input: $in) { id } }`,
			map[string]any{"in": ratingInput(tkID(e.tkDept(t, "AG09")), 4, false)}, false
	},
	"answerRectification": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		r := e.submit(t, e.tkLogin(t, "frontline"), ratingInput(tkID(e.tkDept(t, "AG01")), 1, false))
		return `mutation($id: ID!) { answerRectification(id: $id, answer: "已更换门锁") { id } }`, map[string]any{"id": r.Rect.ID}, false
	},
	"judgeRectification": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		r := e.submit(t, e.tkLogin(t, "frontline"), ratingInput(tkID(e.tkDept(t, "AG01")), 1, true))
		if _, res := e.answer(t, e.tkLogin(t, "staff"), r.Rect.ID, "已更换门锁"); len(res.Errors) > 0 {
			t.Fatalf("answering: %+v", res.Errors)
		}
		return `mutation($id: ID!) { judgeRectification(id: $id, verdict: SATISFIED) { id } }`, map[string]any{"id": r.Rect.ID}, false
	},
	"appealRating": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		r := e.submit(t, e.tkLogin(t, "frontline"), ratingInput(tkID(e.tkDept(t, "AG01")), 2, false))
		return `mutation($id: ID!) { appealRating(id: $id, reason: "所述情况不属实") { id } }`, map[string]any{"id": r.ID}, false
	},
	"decideAppeal": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		r := e.submit(t, e.tkLogin(t, "frontline"), ratingInput(tkID(e.tkDept(t, "AG01")), 2, false))
		e.do(t, e.tkLogin(t, "staff"), `mutation($id: ID!) { appealRating(id: $id, reason: "所述情况不属实") { id } }`,
			map[string]any{"id": r.ID}).ok(t, nil)
		return `mutation($id: ID!) { decideAppeal(id: $id, uphold: true) { id } }`, map[string]any{"id": r.ID}, false
	},
	"recordVisit": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: RecordVisitInput!) { recordVisit(input: $in) { id } }`,
			map[string]any{"in": visitInput(e.deptOf(t, "frontline"))}, false
	},
	"confirmVisit": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		v := e.recordVisit(t, e.tkLogin(t, "staff"), e.deptOf(t, "frontline"))
		return `mutation($id: ID!) { confirmVisit(id: $id, confirmed: true) { id } }`, map[string]any{"id": v.ID}, false
	},
	"fileComplaint": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return fileComplaintQ, map[string]any{"in": complaintInput(tkID(e.tkDept(t, "AG01")))}, true
	},
	"handleComplaint": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		id, _ := e.file(t, "", complaintInput(tkID(e.tkDept(t, "AG01"))))
		return handleQ, map[string]any{"id": id, "in": map[string]any{"action": "ACCEPT"}}, false
	},
	"createAccount": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: CreateAccountInput!) { createAccount(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"login": uniq("cm"), "password": "correct horse battery", "role": "STAFF", "staff": tkID(e.orgStaff(t, "AG01"))}}, false
	},
	"updateAccount": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateAccount(id: $id, input: {disabled: true}) { id } }`,
			map[string]any{"id": tkID(e.bareAccount(t))}, false
	},
	"resetPassword": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { resetPassword(id: $id, password: "another long secret") { id } }`,
			map[string]any{"id": tkID(e.bareAccount(t))}, false
	},
	"createApiToken": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation { createApiToken(name: "脚本", scopes: ["read:org"]) { secret } }`, nil, false
	},
	"revokeApiToken": func(t *testing.T, e *env, role auth.Role) (string, map[string]any, bool) {
		e.mintStored(t, roleLogin[role], []string{auth.ScopeReadOrg})
		id := asInt(e.scalar(t, `SELECT max(t.id) FROM api_tokens t JOIN accounts a ON a.id = t.account_id WHERE a.login = ?`, roleLogin[role]))
		return `mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, map[string]any{"id": tkID(id)}, false
	},
	"login": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		login := e.loginOfBareAccount(t)
		return `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
			map[string]any{"u": login, "p": app.DemoPassword}, false
	},
	"refreshToken": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, map[string]any{"r": e.refreshOfBareAccount(t)}, false
	},
	"logout": func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($r: String!) { logout(refreshToken: $r) }`, map[string]any{"r": e.refreshOfBareAccount(t)}, false
	},
}

var farDays atomic.Int64

// farDate is a date far ahead, a different one each call (calendar fixtures).
func farDate() string {
	return time.Date(2090, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(farDays.Add(1))).Format("2006-01-02")
}

// bareAccount makes a STAFF account without a staff member (the target of
// the account operations) and returns its id.
func (e *env) bareAccount(t *testing.T) int {
	t.Helper()
	a, err := e.tkClient().Account.Create().SetLogin(uniq("target")).SetPasswordHash(tkHash()).
		SetRole(account.RoleStaff).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func (e *env) loginOfBareAccount(t *testing.T) string {
	t.Helper()
	return asStr(e.scalar(t, `SELECT login FROM accounts WHERE id = ?`, e.bareAccount(t)))
}

// refreshOfBareAccount logs a fresh account in and returns its refresh token.
func (e *env) refreshOfBareAccount(t *testing.T) string {
	t.Helper()
	res, err := e.app.Sessions.Login(context.Background(), e.loginOfBareAccount(t), app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	return res.RefreshToken
}

// dataVersion is the counter every committed write moves.
func (e *env) dataVersion(t *testing.T) int {
	t.Helper()
	return asInt(e.scalar(t, `SELECT version FROM data_versions WHERE id = 1`))
}

// TestCredentialMatrix walks every mutation × credential × role of
// docs/ACCESS.md over HTTP: allowed calls succeed, refused ones answer
// FORBIDDEN (with extensions.scope when only the scope is missing),
// NOT_FOUND (a row the role cannot see) or UNAUTHENTICATED, and write
// nothing. A mutation without a probe fails it.
func TestCredentialMatrix(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	doc := accessTables(t)
	tkEachFresh(t, func(t *testing.T, e *env) {
		callers := []caller{{name: "anonymous"}}
		for _, r := range roles {
			callers = append(callers, caller{name: string(r) + " session", role: r, token: e.tkLogin(t, roleLogin[r])})
			for _, set := range scopeSets() {
				callers = append(callers, caller{name: fmt.Sprintf("%s token %v", r, set), role: r,
					token: e.mintStored(t, roleLogin[r], set), scopes: set})
			}
		}
		for _, f := range schema.Mutation.Fields {
			row, ok := doc[f.Name]
			p, hasProbe := probes[f.Name]
			if !ok || !hasProbe {
				t.Errorf("%s: no row in docs/ACCESS.md (%v) or no probe in this test (%v)", f.Name, ok, hasProbe)
				continue
			}
			t.Run(f.Name, func(t *testing.T) {
				// A refused call writes nothing, so one fixture per role
				// serves every refused caller; an allowed call uses it up.
				fixtures := map[auth.Role]struct {
					q     string
					vars  map[string]any
					fresh bool
				}{}
				for _, c := range callers {
					role := c.role
					if role == "" {
						role = auth.RoleFrontline // the anonymous caller's fixture: any will do
					}
					fx, ok := fixtures[role]
					if !ok {
						fx.q, fx.vars, fx.fresh = p(t, e, role)
						fixtures[role] = fx
					}
					before := e.dataVersion(t)
					var r gqlResponse
					if fx.fresh {
						n := fixtureAddr.Add(1)
						r = e.doFrom(t, fmt.Sprintf("127.0.%d.%d", 1+n/250, 1+n%250), c.token, fx.q, fx.vars)
					} else {
						r = e.do(t, c.token, fx.q, fx.vars)
					}
					if c.may(row) {
						if len(r.Errors) > 0 {
							t.Errorf("%s: refused: %+v", c.name, r.Errors)
						}
						delete(fixtures, role)
						continue
					}
					code := r.code()
					switch {
					case c.role == "" && code != "UNAUTHENTICATED":
						t.Errorf("%s: %q, want UNAUTHENTICATED: %+v", c.name, code, r.Errors)
					case c.role != "" && code != "FORBIDDEN" && code != "NOT_FOUND":
						t.Errorf("%s: %q, want FORBIDDEN or NOT_FOUND: %+v", c.name, code, r.Errors)
					case c.role != "" && row.allowed[c.role] && c.scopes != nil && row.credential != "session" &&
						(code != "FORBIDDEN" || r.Errors[0].Extensions["scope"] != row.credential):
						t.Errorf("%s: a token without %s must be refused for the scope: %+v", c.name, row.credential, r.Errors)
					}
					if after := e.dataVersion(t); after != before {
						t.Errorf("%s: the refused call wrote (data version %d → %d)", c.name, before, after)
					}
				}
			})
		}
	})
}

// ——— the data layer ———

// TestWritePoliciesPutTheCredentialFirst tries every entity's create, update
// and delete through ent, with an ADMIN viewer whose API token holds every
// scope but the one docs/ACCESS.md "Writes in the data layer" names for it:
// privacy must refuse each, whatever ADMIN's role would allow. With the
// scope (or a session) the credential passes and the create fails later,
// on its missing fields.
func TestWritePoliciesPutTheCredentialFirst(t *testing.T) {
	b, err := os.ReadFile("../../docs/ACCESS.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(b)[strings.Index(string(b), "### Writes in the data layer"):]
	section = section[:strings.Index(section, "\n\n\"system\"")]
	need := map[string]string{} // entity → scope, "session" or "system"
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) != 2 || !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| entity") || strings.HasPrefix(line, "| ---") {
			continue
		}
		cred := strings.TrimSpace(cells[1])
		if m := regexp.MustCompile("^`([a-z:]+)`").FindStringSubmatch(cred); m != nil {
			cred = m[1]
		}
		for _, ent := range strings.Split(cells[0], ",") {
			need[strings.TrimSpace(ent)] = cred
		}
	}
	e := newEnv(t, "sqlite", false)
	admin := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'admin'`))
	viewer := func(scopes []string) context.Context {
		v := &auth.Viewer{AccountID: admin, Role: auth.RoleAdmin, AllDepartments: true, Scopes: scopes}
		if scopes != nil {
			v.TokenID = 1
		}
		return auth.NewContext(context.Background(), v)
	}
	client := reflect.ValueOf(e.tkClient()).Elem()
	seen := 0
	for i := range client.NumField() {
		fc := client.Field(i)
		if fc.Kind() != reflect.Pointer || fc.Type().Elem().PkgPath() != "xiaoneng/ent" || !strings.HasSuffix(fc.Type().Elem().Name(), "Client") {
			continue
		}
		entity := strings.TrimSuffix(fc.Type().Elem().Name(), "Client")
		cred, ok := need[entity]
		if !ok {
			t.Errorf("%s: not in docs/ACCESS.md \"Writes in the data layer\"", entity)
			continue
		}
		seen++
		var without []string
		switch cred {
		case "system":
			without = nil // even a session is refused
		case "session":
			without = slices.Clone(auth.AllScopes)
		default:
			without = slices.DeleteFunc(slices.Clone(auth.AllScopes), func(s string) bool { return s == cred })
		}
		for _, op := range []string{"Create", "Update", "Delete"} {
			err := execBuilder(fc, op, viewer(without))
			if !errors.Is(err, privacy.Deny) {
				t.Errorf("%s.%s without %s: %v, want a privacy denial", entity, op, cred, err)
			}
		}
		if cred == "system" {
			continue
		}
		with := []string{cred}
		if cred == "session" {
			with = nil
		}
		if err := execBuilder(fc, "Create", viewer(with)); errors.Is(err, privacy.Deny) {
			t.Errorf("%s.Create with %s: refused by privacy: %v", entity, cred, err)
		}
	}
	if seen != len(need) {
		t.Errorf("checked %d entities, docs/ACCESS.md names %d", seen, len(need))
	}
}

// execBuilder runs client.<op>().Exec(ctx) on an ent entity client and
// returns its error.
func execBuilder(client reflect.Value, op string, ctx context.Context) error {
	b := client.MethodByName(op).Call(nil)[0]
	out := b.MethodByName("Exec").Call([]reflect.Value{reflect.ValueOf(ctx)})
	if err := out[len(out)-1]; !err.IsNil() {
		return err.Interface().(error)
	}
	return nil
}
