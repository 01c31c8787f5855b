package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// exportGet fetches /export/<table>.xlsx with the filter and returns the status and body.
func (e *env) exportGet(t *testing.T, token, table, where, orderBy string) (int, http.Header, []byte) {
	t.Helper()
	q := url.Values{}
	if where != "" {
		q.Set("where", where)
	}
	if orderBy != "" {
		q.Set("orderBy", orderBy)
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/export/"+table+".xlsx?"+q.Encode(), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, body
}

// sheetRows opens the workbook and returns the rows of its only sheet.
func sheetRows(t *testing.T, body []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("the export does not open as a workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets %v, want one", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// totalCount asks the GraphQL connection for its totalCount under the same filter and viewer.
func (e *env) totalCount(t *testing.T, token, connection, whereType, where string) (int, string) {
	t.Helper()
	var vars map[string]any
	q := `{ ` + connection + `(first: 1) { totalCount } }`
	if where != "" {
		var w any
		if err := json.Unmarshal([]byte(where), &w); err != nil {
			t.Fatal(err)
		}
		vars = map[string]any{"where": w}
		q = `query($where: ` + whereType + `) { ` + connection + `(first: 1, where: $where) { totalCount } }`
	}
	r := e.do(t, token, q, vars)
	if len(r.Errors) > 0 {
		return -1, r.code()
	}
	var data map[string]struct {
		TotalCount int `json:"totalCount"`
	}
	r.ok(t, &data)
	return data[connection].TotalCount, ""
}

func errorCode(t *testing.T, body []byte) string {
	t.Helper()
	var out struct {
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) == 0 {
		t.Fatalf("not a JSON error body: %s", body)
	}
	c, _ := out.Errors[0].Extensions["code"].(string)
	return c
}

// Every exportable table: the workbook opens, starts with the Chinese header
// row and holds exactly the rows of the GraphQL connection for the same
// filter and viewer.
func TestExportMatchesConnection(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		leader := e.login(t, "leader")
		officeID := e.viewerDept(t, "staff")
		cases := []struct {
			table, whereType, where, orderBy, header string
		}{
			{"tasks", "TaskWhereInput", `{"statusIn":["NEW","IN_PROGRESS"],"hasLeadDepartmentWith":[{"kind":"AGENCY"}]}`, `{"field":"DUE_AT","direction":"ASC"}`, "任务名称"},
			{"tasks", "TaskWhereInput", `{"leadDepartmentID":"` + itoa(officeID) + `"}`, "", "任务名称"},
			{"ratings", "RatingWhereInput", `{"scoreLTE":2}`, `{"field":"CREATED_AT","direction":"DESC"}`, "评价时间"},
			{"rectifications", "RectificationWhereInput", "", "", "创建时间"},
			{"complaints", "ComplaintWhereInput", "", `{"field":"RECEIVED_AT","direction":"DESC"}`, "查询码"},
			{"serviceVisits", "ServiceVisitWhereInput", `{"confirmed":true}`, "", "服务时间"},
			{"staffMembers", "StaffWhereInput", `{"departmentID":"` + itoa(officeID) + `"}`, `{"field":"NAME"}`, "姓名"},
			{"departments", "DepartmentWhereInput", `{"kind":"AGENCY"}`, "", "名称"},
			{"responsibilityItems", "ResponsibilityItemWhereInput", "", `{"field":"CATEGORY_PATH","direction":"ASC"}`, "清单"},
		}
		for _, c := range cases {
			t.Run(c.table, func(t *testing.T) {
				want, code := e.totalCount(t, leader, c.table, c.whereType, c.where)
				if code != "" {
					t.Fatalf("GraphQL %s: %s", c.table, code)
				}
				if want == 0 {
					t.Fatalf("the demo has no %s for %s: the test proves nothing", c.table, c.where)
				}
				status, hdr, body := e.exportGet(t, leader, c.table, c.where, c.orderBy)
				if status != http.StatusOK {
					t.Fatalf("status %d: %s", status, body)
				}
				if ct := hdr.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
					t.Errorf("Content-Type %q", ct)
				}
				rows := sheetRows(t, body)
				if len(rows) == 0 || rows[0][0] != c.header {
					t.Fatalf("header row %v, want it to start with %q", rows[0], c.header)
				}
				if got := len(rows) - 1; got != want {
					t.Errorf("%d data rows, the connection's totalCount is %d", got, want)
				}
			})
		}
	})
}

// FRONTLINE exports only its own unit's requests, exactly as many as its
// connection shows, and never the staff hours; a table it may not read is 403.
func TestExportFrontlineGetsOnlyItsRows(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		tok := e.login(t, "frontline")
		unit := e.viewerDept(t, "frontline")
		var unitName string
		if err := e.db().QueryRow(e.rebind(`SELECT name FROM departments WHERE id = ?`), unit).Scan(&unitName); err != nil {
			t.Fatal(err)
		}
		var all, mine int
		if err := e.db().QueryRow(`SELECT COUNT(*) FROM tasks`).Scan(&all); err != nil {
			t.Fatal(err)
		}
		if err := e.db().QueryRow(e.rebind(`SELECT COUNT(*) FROM tasks WHERE requesting_unit_id = ?`), unit).Scan(&mine); err != nil {
			t.Fatal(err)
		}
		if mine == 0 || mine == all {
			t.Fatalf("demo data: %d of %d tasks are the unit's: the test proves nothing", mine, all)
		}
		status, _, body := e.exportGet(t, tok, "tasks", "", "")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		rows := sheetRows(t, body)
		if got := len(rows) - 1; got != mine {
			t.Fatalf("FRONTLINE exported %d tasks, its unit requested %d", got, mine)
		}
		col := -1
		for i, h := range rows[0] {
			if h == "提出单位" {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("no 提出单位 column in %v", rows[0])
		}
		for _, r := range rows[1:] {
			if r[col] != unitName {
				t.Fatalf("row %v is not a request of %s", r, unitName)
			}
			if len(r) > 6 && r[6] != "" {
				t.Fatalf("FRONTLINE sees staff hours: %v", r)
			}
		}
		// Ratings: only the unit's own, as many as its connection shows.
		want, _ := e.totalCount(t, tok, "ratings", "", "")
		status, _, body = e.exportGet(t, tok, "ratings", "", "")
		if status != http.StatusOK {
			t.Fatalf("ratings: status %d: %s", status, body)
		}
		if got := len(sheetRows(t, body)) - 1; got != want {
			t.Fatalf("FRONTLINE exported %d ratings, its connection has %d", got, want)
		}
		// Complaints: whatever GraphQL says, the export says the same.
		want, code := e.totalCount(t, tok, "complaints", "", "")
		status, _, body = e.exportGet(t, tok, "complaints", "", "")
		if code == "FORBIDDEN" {
			if status != http.StatusForbidden || errorCode(t, body) != "FORBIDDEN" {
				t.Fatalf("complaints: GraphQL refuses, the export answers %d %s", status, body)
			}
		} else if got := len(sheetRows(t, body)) - 1; status != http.StatusOK || got != want {
			t.Fatalf("complaints: export %d rows (status %d), GraphQL %d", got, status, want)
		}
	})
}

func TestExportRefusals(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		status, _, body := e.exportGet(t, "", "tasks", "", "")
		if status != http.StatusUnauthorized || errorCode(t, body) != "UNAUTHENTICATED" {
			t.Fatalf("no token: %d %s", status, body)
		}
		status, _, body = e.exportGet(t, "not-a-token", "tasks", "", "")
		if status != http.StatusUnauthorized {
			t.Fatalf("bad token: %d %s", status, body)
		}
		leader := e.login(t, "leader")
		status, _, body = e.exportGet(t, leader, "tasks", `{"noSuchField":1}`, "")
		if status != http.StatusBadRequest || errorCode(t, body) != "BAD_USER_INPUT" {
			t.Fatalf("bad where: %d %s", status, body)
		}
		status, _, body = e.exportGet(t, leader, "tasks", "", `{"field":"NOPE"}`)
		if status != http.StatusBadRequest || errorCode(t, body) != "BAD_USER_INPUT" {
			t.Fatalf("bad orderBy: %d %s", status, body)
		}
		status, _, body = e.exportGet(t, leader, "auditLogs", "", "")
		if status != http.StatusNotFound || errorCode(t, body) != "NOT_FOUND" {
			t.Fatalf("unknown table: %d %s", status, body)
		}
		// An API token without read:tasks may not export tasks, whatever its owner's role.
		var created struct {
			CreateAPIToken struct {
				Secret string `json:"secret"`
			} `json:"createApiToken"`
		}
		e.do(t, leader, `mutation { createApiToken(name: "export test", scopes: ["read:org"]) { secret } }`, nil).ok(t, &created)
		status, _, body = e.exportGet(t, created.CreateAPIToken.Secret, "tasks", "", "")
		if status != http.StatusForbidden || errorCode(t, body) != "FORBIDDEN" {
			t.Fatalf("read:org token exporting tasks: %d %s", status, body)
		}
		status, _, body = e.exportGet(t, created.CreateAPIToken.Secret, "departments", "", "")
		if status != http.StatusOK {
			t.Fatalf("read:org token exporting departments: %d %s", status, body)
		}
		// STAFF and the complaint queue: the same answer as GraphQL.
		staff := e.login(t, "staff")
		_, code := e.totalCount(t, staff, "complaints", "", "")
		status, _, body = e.exportGet(t, staff, "complaints", "", "")
		if code == "FORBIDDEN" && (status != http.StatusForbidden || errorCode(t, body) != "FORBIDDEN") {
			t.Fatalf("STAFF complaints: GraphQL FORBIDDEN, export %d %s", status, body)
		}
	})
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
