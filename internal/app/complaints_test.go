package app_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"xiaoneng/internal/complaints"
)

const fileComplaintQ = `mutation($in: FileComplaintInput!) { fileComplaint(input: $in) { trackingCode status acceptDueAt } }`

func complaintInput(dept string) map[string]any {
	return map[string]any{"department": dept, "category": "DELAY", "text": "报修一个月无人处理。"}
}

var fixtureAddr atomic.Int32

// doFrom is e.do from the loopback address 127.0.x.y, so that tests filing
// many complaints stay under the per-address limit (Linux routes all of 127/8
// to the loopback interface).
func (e *env) doFrom(t *testing.T, addr, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(addr)}}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
	defer client.CloseIdleConnections()
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// file files a complaint as tok (public when "") from a fresh address and
// returns its id and code.
func (e *env) file(t *testing.T, tok string, in map[string]any) (id, code string) {
	t.Helper()
	var data struct {
		F struct{ TrackingCode string } `json:"fileComplaint"`
	}
	n := fixtureAddr.Add(1)
	addr := fmt.Sprintf("127.0.%d.%d", 1+n/250, 1+n%250)
	e.doFrom(t, addr, tok, fileComplaintQ, map[string]any{"in": in}).ok(t, &data)
	code = data.F.TrackingCode
	return idStr(e.int64s(t, `SELECT id FROM complaints WHERE tracking_code = ?`, code)[0]), code
}

const handleQ = `mutation($id: ID!, $in: HandleComplaintInput!) { handleComplaint(id: $id, input: $in) { id status } }`

// One subtest per cell of docs/ACCESS.md "Visits and complaints" (complaints).
func TestComplaintOperationsAccess(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "admin", "leader", "leader2", "staff", "frontline")
		supply := e.deptOf(t, "staff3")
		logistics := e.deptOf(t, "leader2")
		roles := []struct{ role, login string }{
			{"ADMIN", "admin"}, {"LEADER", "leader"}, {"STAFF", "staff"}, {"FRONTLINE", "frontline"}, {"public", ""},
		}
		refused := func(login string) string {
			if login == "" {
				return "UNAUTHENTICATED"
			}
			return "FORBIDDEN"
		}
		for _, rl := range roles {
			t.Run("fileComplaint/"+rl.role, func(t *testing.T) {
				_, code := e.file(t, tok[rl.login], complaintInput(supply))
				if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs a JOIN complaints c ON c.id = a.entity_id WHERE c.tracking_code = ? AND a.action = 'file_complaint' AND a.actor_account_id IS NULL`, code)); n != 1 {
					t.Fatal("filing is audited without an actor")
				}
			})
			t.Run("complaintByTrackingCode/"+rl.role, func(t *testing.T) {
				_, code := e.file(t, "", complaintInput(supply))
				var data struct {
					C *struct{ Status string } `json:"complaintByTrackingCode"`
				}
				e.do(t, tok[rl.login], `query($c: String!) { complaintByTrackingCode(code: $c) { status } }`, map[string]any{"c": code}).ok(t, &data)
				if data.C == nil || data.C.Status != "RECEIVED" {
					t.Fatalf("lookup: %+v", data.C)
				}
			})
			t.Run("handleComplaint/"+rl.role, func(t *testing.T) {
				id, _ := e.file(t, "", complaintInput(supply))
				before := e.rvCounts(t)
				r := e.do(t, tok[rl.login], handleQ, map[string]any{"id": id, "in": map[string]any{"action": "ACCEPT"}})
				if rl.login == "admin" || rl.login == "leader" {
					rvExpect(t, r, "", "")
					return
				}
				rvExpect(t, r, refused(rl.login), "")
				e.rvSame(t, before, "handleComplaint refused")
				if s := e.scalar(t, `SELECT status FROM complaints WHERE id = ?`, mustAtoi(t, id)); s != "RECEIVED" {
					t.Fatalf("refused, but the complaint is %v", s)
				}
			})
			t.Run("overdueComplaints/"+rl.role, func(t *testing.T) {
				r := e.do(t, tok[rl.login], `{ overdueComplaints { id overdue } }`, nil)
				if rl.login == "admin" || rl.login == "leader" {
					rvExpect(t, r, "", "")
					return
				}
				rvExpect(t, r, refused(rl.login), "")
			})
		}
		// A leader of a department handles that subtree's complaints only.
		t.Run("handleComplaint/LEADER of the department", func(t *testing.T) {
			id, _ := e.file(t, "", complaintInput(logistics))
			rvExpect(t, e.do(t, tok["leader2"], handleQ, map[string]any{"id": id, "in": map[string]any{"action": "ACCEPT"}}), "", "")
		})
		t.Run("handleComplaint/LEADER of another department", func(t *testing.T) {
			id, _ := e.file(t, "", complaintInput(supply))
			before := e.rvCounts(t)
			rvExpect(t, e.do(t, tok["leader2"], handleQ, map[string]any{"id": id, "in": map[string]any{"action": "ACCEPT"}}), "NOT_FOUND", "id")
			e.rvSame(t, before, "handling another subtree's complaint")
		})
	})
}

// The status machine: steps the status does not allow are CONFLICT and
// change nothing;
// a rejection needs feedback; a named complaint stores its complainant, an
// anonymous one never does.
func TestComplaintHandling(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "leader")
		supply := e.deptOf(t, "staff3")
		staffOfSupply := idStr(e.viewerStaff(t, "staff3"))
		step := func(id string, in map[string]any, code, field string) {
			t.Helper()
			before := e.rvCounts(t)
			r := e.do(t, tok["leader"], handleQ, map[string]any{"id": id, "in": in})
			rvExpect(t, r, code, field)
			if code != "" {
				e.rvSame(t, before, "refused step")
			}
		}
		id, _ := e.file(t, "", complaintInput(supply))
		step(id, map[string]any{"action": "INVESTIGATE"}, "CONFLICT", "input.action")
		step(id, map[string]any{"action": "RESOLVE", "findings": "f", "feedback": "f"}, "CONFLICT", "input.action")
		step(id, map[string]any{"action": "REJECT"}, "BAD_USER_INPUT", "input.feedback")
		step(id, map[string]any{"action": "ACCEPT"}, "", "")
		step(id, map[string]any{"action": "ACCEPT"}, "CONFLICT", "input.action")
		step(id, map[string]any{"action": "INVESTIGATE"}, "", "")
		step(id, map[string]any{"action": "RESOLVE", "feedback": "已处理"}, "BAD_USER_INPUT", "input.findings")
		step(id, map[string]any{"action": "RESOLVE", "findings": "属实"}, "BAD_USER_INPUT", "input.feedback")
		step(id, map[string]any{"action": "RESOLVE", "findings": "属实", "feedback": "已处理",
			"accountability": map[string]any{"measure": "批评教育", "decidedBy": "纪委"}}, "BAD_USER_INPUT", "input.accountability.subjectStaff")
		step(id, map[string]any{"action": "RESOLVE", "findings": "属实", "feedback": "已处理",
			"accountability": map[string]any{"subjectStaff": "999999999", "measure": "批评教育", "decidedBy": "纪委"}}, "NOT_FOUND", "input.accountability.subjectStaff")
		step(id, map[string]any{"action": "RESOLVE", "findings": "属实", "feedback": "已处理",
			"accountability": map[string]any{"subjectStaff": staffOfSupply, "measure": "批评教育", "decidedBy": "纪委"}}, "", "")
		step(id, map[string]any{"action": "REJECT", "feedback": "x"}, "CONFLICT", "input.action")
		if n := asInt(e.scalar(t, `SELECT count(*) FROM accountabilities WHERE complaint_id = ? AND subject_staff_id = ?`, mustAtoi(t, id), mustAtoi(t, staffOfSupply))); n != 1 {
			t.Fatalf("%d accountability rows", n)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM complaints WHERE id = ? AND status = 'RESOLVED' AND resolved_at IS NOT NULL AND decided_at IS NOT NULL AND handler_id = ?`,
			mustAtoi(t, id), e.viewerStaff(t, "leader"))); n != 1 {
			t.Fatal("the resolved complaint's dates or handler are not stored")
		}

		// Rejection.
		rid, code := e.file(t, "", complaintInput(supply))
		step(rid, map[string]any{"action": "REJECT", "feedback": "不属于效能投诉受理范围，已转信访渠道"}, "", "")
		var pub struct {
			C struct {
				Status    string     `json:"status"`
				Feedback  string     `json:"feedback"`
				DecidedAt *time.Time `json:"decidedAt"`
			} `json:"complaintByTrackingCode"`
		}
		e.do(t, "", `query($c: String!) { complaintByTrackingCode(code: $c) { status feedback decidedAt } }`, map[string]any{"c": code}).ok(t, &pub)
		if pub.C.Status != "REJECTED" || pub.C.Feedback == "" || pub.C.DecidedAt == nil {
			t.Fatalf("rejected: %+v", pub.C)
		}

		// Named and anonymous complainants; a complaint about a staff member only
		// belongs to their department.
		in := complaintInput(supply)
		in["anonymous"], in["name"], in["contact"] = false, "李四", "lisi@example.com"
		named, _ := e.file(t, "", in)
		in["anonymous"] = true
		delete(in, "department")
		in["staff"] = staffOfSupply
		anon, _ := e.file(t, "", in)
		if n := asInt(e.scalar(t, `SELECT count(*) FROM complaints WHERE id = ? AND NOT anonymous AND complainant_name = '李四' AND complainant_contact = 'lisi@example.com'`, mustAtoi(t, named))); n != 1 {
			t.Fatal("the named complainant is not stored")
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM complaints WHERE id = ? AND anonymous AND complainant_name = '' AND complainant_contact = '' AND department_id = ? AND staff_id = ?`,
			mustAtoi(t, anon), mustAtoi(t, supply), mustAtoi(t, staffOfSupply))); n != 1 {
			t.Fatal("the anonymous complaint stores a name, or lacks the staff member's department")
		}
		// Unknown codes are null, not errors.
		var none struct {
			C *struct{ Status string } `json:"complaintByTrackingCode"`
		}
		e.do(t, "", `{ complaintByTrackingCode(code: "XN-AAAAAAAAAA") { status } }`, nil).ok(t, &none)
		if none.C != nil {
			t.Fatal("an unknown code found a complaint")
		}
	})
}

// Bad filings are refused with the field at fault and change nothing.
func TestFileComplaintBadInput(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		supply := e.deptOf(t, "staff3")
		with := func(k string, v any) map[string]any {
			in := complaintInput(supply)
			if v == nil {
				delete(in, k)
			} else {
				in[k] = v
			}
			return map[string]any{"in": in}
		}
		cases := []struct {
			name        string
			vars        map[string]any
			code, field string
		}{
			{"empty text", with("text", "  "), "BAD_USER_INPUT", "input.text"},
			{"text over 5000 characters", with("text", strings.Repeat("拖", 5001)), "BAD_USER_INPUT", "input.text"},
			{"neither department nor staff", with("department", nil), "BAD_USER_INPUT", "input.department"},
			{"a frontline unit", with("department", e.deptOf(t, "frontline")), "BAD_USER_INPUT", "input.department"},
			{"unknown department", with("department", "999999999"), "NOT_FOUND", "input.department"},
			{"unknown staff", with("staff", "999999999"), "NOT_FOUND", "input.staff"},
			{"named without a name", with("anonymous", false), "BAD_USER_INPUT", "input.name"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := e.rvCounts(t)
				rvExpect(t, e.do(t, "", fileComplaintQ, c.vars), c.code, c.field)
				e.rvSame(t, before, c.name)
			})
		}
	})
}

// Filing is limited per client address (5 an hour); lookups too.
func TestComplaintRateLimit(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		supply := e.deptOf(t, "staff3")
		const addr = "127.0.250.1"
		var code string
		for i := 0; i < complaints.FilesPerHour; i++ {
			var data struct {
				F struct{ TrackingCode string } `json:"fileComplaint"`
			}
			e.doFrom(t, addr, "", fileComplaintQ, map[string]any{"in": complaintInput(supply)}).ok(t, &data)
			code = data.F.TrackingCode
		}
		before := e.rvCounts(t)
		rvExpect(t, e.doFrom(t, addr, "", fileComplaintQ, map[string]any{"in": complaintInput(supply)}), "RATE_LIMITED", "")
		e.rvSame(t, before, "a rate-limited filing")
		// Another address may still file.
		rvExpect(t, e.doFrom(t, "127.0.250.2", "", fileComplaintQ, map[string]any{"in": complaintInput(supply)}), "", "")
		lookup := `query($c: String!) { complaintByTrackingCode(code: $c) { status } }`
		for i := 0; i < complaints.LookupsPerHour; i++ {
			rvExpect(t, e.doFrom(t, addr, "", lookup, map[string]any{"c": code}), "", "")
		}
		rvExpect(t, e.doFrom(t, addr, "", lookup, map[string]any{"c": code}), "RATE_LIMITED", "")
	})
}

// overdueComplaints lists exactly the late complaints (checked in SQL on the
// demo data, which has some), each with overdue true.
func TestOverdueComplaints(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		now := time.Now()
		rows, err := e.db().Query(`SELECT status, accept_due_at, resolve_due_at FROM complaints`)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for rows.Next() {
			var status string
			var accept time.Time
			var resolve sql.NullTime
			if err := rows.Scan(&status, &accept, &resolve); err != nil {
				t.Fatal(err)
			}
			switch status {
			case "RECEIVED":
				if accept.Before(now) {
					want++
				}
			case "ACCEPTED", "INVESTIGATING":
				if resolve.Valid && resolve.Time.Before(now) {
					want++
				}
			}
		}
		rows.Close()
		if want == 0 {
			t.Fatal("the demo has no overdue complaints")
		}
		var data struct {
			O []struct {
				Overdue bool   `json:"overdue"`
				Status  string `json:"status"`
			} `json:"overdueComplaints"`
		}
		e.do(t, e.login(t, "admin"), `{ overdueComplaints { overdue status } }`, nil).ok(t, &data)
		if len(data.O) != want {
			t.Fatalf("overdueComplaints lists %d, SQL says %d", len(data.O), want)
		}
		for _, c := range data.O {
			if !c.Overdue || (c.Status != "RECEIVED" && c.Status != "ACCEPTED" && c.Status != "INVESTIGATING") {
				t.Fatalf("listed %+v", c)
			}
		}
		var all struct {
			C struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct {
						Overdue bool `json:"overdue"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"complaints"`
		}
		e.do(t, e.login(t, "leader"), `{ complaints(first: 100) { totalCount edges { node { overdue } } } }`, nil).ok(t, &all)
		flagged := 0
		for _, edge := range all.C.Edges {
			if edge.Node.Overdue {
				flagged++
			}
		}
		if all.C.TotalCount <= 100 && flagged != want {
			t.Fatalf("%d complaints flagged overdue, SQL says %d", flagged, want)
		}
	})
}
