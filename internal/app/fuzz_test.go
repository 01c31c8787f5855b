package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"

	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
)

// callerCodes are the codes an answer to a request may carry; INTERNAL is
// not among them: against a healthy database, nothing a caller sends is a
// server fault.
var callerCodes = map[string]bool{
	"UNAUTHENTICATED": true, "FORBIDDEN": true, "BAD_USER_INPUT": true,
	"NOT_FOUND": true, "CONFLICT": true, "RATE_LIMITED": true,
}

// FuzzGraphQL posts fuzzed documents and variables to the real handler (a
// demo agency on SQLite), as an ADMIN or anonymously: no answer may be a
// 5xx or INTERNAL, and every error carries an extensions.code. The seed
// corpus is every operation of the web app (frontend/src/**/*.graphql, with
// plausible variables) and a few hostile documents.
//
//	go test ./internal/app -run '^$' -fuzz '^FuzzGraphQL$' -fuzztime 45s
func FuzzGraphQL(f *testing.F) {
	for _, s := range spaOperations(f) {
		f.Add(s.doc, s.vars, s.name, true)
		f.Add(s.doc, s.vars, s.name, false)
	}
	for _, doc := range hostileDocuments {
		f.Add(doc, `{}`, "", true)
	}
	for _, v := range hostileVariables {
		f.Add(`query($id: ID!, $n: Int, $t: Time, $s: String) { node(id: $id) { id } workingDaysBetween(from: $t, to: $t) tasks(first: $n, where: {titleContains: $s}) { totalCount } }`, v, "", true)
	}

	e := newEnv(f, "sqlite", false)
	var (
		mu      sync.Mutex
		admin   string
		retryAt time.Time // after a refused login
	)
	adminToken := func(t *testing.T) string {
		mu.Lock()
		defer mu.Unlock()
		if admin == "" && time.Now().After(retryAt) {
			if admin = fuzzAdmin(t, e); admin == "" {
				retryAt = time.Now().Add(5 * time.Second)
			}
		}
		return admin
	}
	f.Fuzz(func(t *testing.T, doc, vars, operationName string, asAdmin bool) {
		body := `{"query":` + jsonString(doc) + `,"operationName":` + jsonString(operationName) + `,"variables":` + vars + `}`
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if asAdmin {
			if tok := adminToken(t); tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Fatalf("status %d for %s\n%s", res.StatusCode, body, raw)
		}
		var out struct {
			Errors []gqlError `json:"errors"`
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("status %d, the answer is not JSON (%v) for %s\n%s", res.StatusCode, err, body, raw)
		}
		for _, ge := range out.Errors {
			code, _ := ge.Extensions["code"].(string)
			if !callerCodes[code] {
				t.Fatalf("error %q with code %q for %s", ge.Message, code, body)
			}
		}
		if asAdmin && res.StatusCode == http.StatusOK && len(out.Errors) > 0 && out.Errors[0].Extensions["code"] == "UNAUTHENTICATED" {
			// the admin's session ended (a fuzzed logout or password
			// reset): log in again for the next input
			mu.Lock()
			admin = ""
			mu.Unlock()
		}
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// fuzzAdmin logs the demo admin in anew, first undoing what fuzzed
// mutations may have done to the account (a new password, another role, a
// disabled account). It gives "" when the login is refused all the same (a
// fuzzed run of failed logins locked the name for a while): the input is
// then sent anonymously.
func fuzzAdmin(t *testing.T, e *env) string {
	t.Helper()
	hash, err := auth.HashPassword(app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	err = e.app.Store.Client.Account.Update().Where(account.Login("admin")).
		SetPasswordHash(hash).SetRole(account.RoleAdmin).SetDisabled(false).
		Exec(privacy.DecisionContext(context.Background(), privacy.Allow))
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Login struct {
			AccessToken string `json:"accessToken"`
		} `json:"login"`
	}
	r := e.do(t, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken}}`,
		map[string]any{"u": "admin", "p": app.DemoPassword})
	if len(r.Errors) > 0 || json.Unmarshal(r.Data, &data) != nil {
		return ""
	}
	return data.Login.AccessToken
}

type seedOperation struct{ doc, vars, name string }

// spaOperations is every operation of the web app's .graphql files with the
// fragments it spreads, and variables of the declared types.
func spaOperations(t testing.TB) []seedOperation {
	root := filepath.Join("..", "..", "frontend", "src")
	var ops ast.OperationList
	var frags ast.FragmentDefinitionList
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".graphql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := parser.ParseQuery(&ast.Source{Name: path, Input: string(src)})
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		ops = append(ops, doc.Operations...)
		frags = append(frags, doc.Fragments...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) == 0 {
		t.Fatalf("no operations under %s", root)
	}
	w := newSchemaWalk()
	schema := w.schema
	var out []seedOperation
	for _, op := range ops {
		doc := &ast.QueryDocument{Operations: ast.OperationList{op}}
		seen := map[string]bool{}
		var need func(ast.SelectionSet)
		need = func(set ast.SelectionSet) {
			for _, sel := range set {
				switch s := sel.(type) {
				case *ast.Field:
					need(s.SelectionSet)
				case *ast.InlineFragment:
					need(s.SelectionSet)
				case *ast.FragmentSpread:
					if fr := frags.ForName(s.Name); fr != nil && !seen[s.Name] {
						seen[s.Name] = true
						doc.Fragments = append(doc.Fragments, fr)
						need(fr.SelectionSet)
					}
				}
			}
		}
		need(op.SelectionSet)
		var b bytes.Buffer
		formatter.NewFormatter(&b).FormatQueryDocument(doc)
		vars := map[string]any{}
		for _, v := range op.VariableDefinitions {
			if v.DefaultValue == nil && schema.Types[v.Type.Name()] != nil && v.Type.Name() != "Cursor" {
				vars[v.Variable] = jsonValue(w.placeholder(v.Type))
			}
		}
		vj, _ := json.Marshal(vars)
		out = append(out, seedOperation{b.String(), string(vj), op.Name})
	}
	return out
}

// hostileDocuments are cheap documents at the edges of the language and
// of this schema: the fuzzer grows from them.
var hostileDocuments = []string{
	``,
	`{`,
	`{ viewer { role } `,
	`query { __typename }`,
	`mutation { __typename }`,
	`subscription { viewer { role } }`,
	`{ viewer { role } } { viewer { role } }`,
	`query A { viewer { role } } query A { viewer { role } }`,
	`fragment F on Viewer { ...F } { viewer { ...F } }`,
	`{ viewer { ... on Task { title } } }`,
	`{ a: viewer { role } a: viewer { account { id } } }`,
	`{ node(id: "1") { id ... on Task { title } ... on Account { login } } }`,
	`{ node(id: "-1") { id } nodes(ids: ["0", "1", "18446744073709551616", "4294967296"]) { id } }`,
	`{ node(id: 1.5) { id } }`,
	`{ tasks(first: 2147483648) { totalCount } }`,
	`{ tasks(first: -1) { totalCount } }`,
	`{ tasks(first: 1, last: 1) { totalCount } }`,
	`{ tasks(after: "gqFpAaF2oWE", first: 1) { totalCount } }`,
	`{ tasks(where: {not: {}}) { totalCount } }`,
	`{ tasks(where: {or: [], and: [{}], hasAssignmentsWith: [{}]}) { totalCount } }`,
	`{ tasks(where: {titleContains: "\u0000%_'\"\\"}) { totalCount } }`,
	`{ tasks(where: {dueAtLT: "0000-01-01T00:00:00Z"}) { totalCount } }`,
	`{ tasks(where: {dueAtGT: "9999-12-31T23:59:59+14:00"}) { totalCount } }`,
	`{ tasks(orderBy: {field: NOPE}) { totalCount } }`,
	`{ workingDaysBetween(from: "1900-01-01T00:00:00Z", to: "9999-01-01T00:00:00Z") }`,
	`{ addWorkingDays(from: "2026-01-01T00:00:00Z", days: 2147483647) }`,
	`{ findResponsible(query: """` + strings.Repeat("水", 300) + `""") { score } }`,
	`{ viewer @skip(if: "yes") { role } }`,
	`{ viewer @include(if: true) @include(if: false) { role } }`,
	`{ viewer @nope { role } }`,
	`{ __schema { types { name } } }`,
	`{ __type(name: "Task") { fields { name } } }`,
	`mutation { logout(refreshToken: "") }`,
	`mutation { acceptTask(id: "1") { id } transferTask(id: "1", toDepartment: "1", reason: "") { id } }`,
	`mutation { fileComplaint(input: {category: OTHER, text: "` + strings.Repeat("x", 6000) + `", department: "1"}) { trackingCode } }`,
	`mutation { setWorkDays(days: [{date: "2026-02-30", kind: HOLIDAY}]) { inserted } }`,
	`mutation { importWorkCalendar(csv: "date,kind\n2026-13-01,休\n") { inserted } }`,
	`mutation { createApiToken(name: "", scopes: ["read:everything"], expiresAt: "1970-01-01T00:00:00Z") { secret } }`,
	`{ cockpit(window: {from: "2026-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z"}) { onTimeRate } }`,
	"{ viewer { role } } # \ufeff\u2028",
}

// hostileVariables go with a document taking $id: ID!, $n: Int, $t: Time, $s: String.
var hostileVariables = []string{
	`{"id": "1", "n": 5, "t": "2026-01-01T00:00:00Z", "s": "x"}`,
	`{"id": {"$ne": 1}, "n": "5", "t": 0, "s": []}`,
	`{"id": 1e400, "n": 1e400, "t": "2026-02-30T00:00:00Z", "s": null}`,
	`{"id": -0, "n": -9223372036854775809, "t": "", "s": "` + strings.Repeat("%", 100) + `"}`,
	`{"id": true, "n": 1.5, "t": "yesterday", "s": 7}`,
	`[]`,
	`"variables"`,
	`null`,
	`{"id": "1"`,
	`{"id": "` + strconv.Itoa(1<<62) + `", "n": 2147483648}`,
}
