package app_test

import (
	"fmt"
	"strings"
	"testing"
)

// Every text input has a documented maximum (docs/API.md "Limits", the
// fields' descriptions), counted in characters: a text of exactly that
// many three-byte characters is taken, one more is BAD_USER_INPUT on the
// field and writes nothing. The limits below are the documented ones,
// written here rather than read from the code.
func TestTextLimits(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "admin", "staff", "staff3", "frontline")
		own, other := e.deptOf(t, "staff"), idStr(int64(e.tkDept(t, "AG10")))
		supply, unit := e.deptOf(t, "staff3"), e.deptOf(t, "frontline")
		drain := idStr(int64(asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path LIKE ?`, "%/落水管"))))
		staffOfSupply := idStr(e.viewerStaff(t, "staff3"))

		// fixtures, made anew for each request that may consume them
		must := func(r gqlResponse, v any) gqlResponse { t.Helper(); r.ok(t, v); return r }
		newTask := func() string {
			var out struct {
				C struct{ ID string } `json:"createTask"`
			}
			must(e.do(t, tok["staff"], `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"title": "限长测试", "kind": "ROUTINE", "leadDepartment": own, "dueInWorkingDays": 3}}), &out)
			return out.C.ID
		}
		newRating := func(score int) ratingOut { return e.submit(t, tok["frontline"], ratingInput(supply, score, false)) }
		appealed := func() string {
			id := newRating(4).ID
			must(e.do(t, tok["staff3"], `mutation($id: ID!) { appealRating(id: $id, reason: "评价有误") { id } }`, map[string]any{"id": id}), nil)
			return id
		}
		complaintIn := func(extra map[string]any) map[string]any {
			in := complaintInput(supply)
			for k, v := range extra {
				in[k] = v
			}
			return in
		}
		handle := func(id string, in map[string]any) gqlResponse {
			return e.do(t, tok["admin"], handleQ, map[string]any{"id": id, "in": in})
		}
		investigating := func() string {
			id, _ := e.file(t, "", complaintInput(supply))
			must(handle(id, map[string]any{"action": "ACCEPT"}), nil)
			must(handle(id, map[string]any{"action": "INVESTIGATE"}), nil)
			return id
		}
		resolve := func(id string, extra map[string]any) gqlResponse {
			in := map[string]any{"action": "RESOLVE", "findings": "属实", "feedback": "已处理"}
			for k, v := range extra {
				in[k] = v
			}
			return handle(id, in)
		}
		accountability := func(measure, decidedBy string) map[string]any {
			return map[string]any{"accountability": map[string]any{"subjectStaff": staffOfSupply, "measure": measure, "decidedBy": decidedBy}}
		}
		addr := 0
		public := func(query string, vars map[string]any) gqlResponse {
			addr++ // the public operations are limited per address
			return e.doFrom(t, fmt.Sprintf("127.0.200.%d", addr), "", query, vars)
		}

		none := func() string { return "" }
		cases := []struct {
			name, field string
			max         int
			fixture     func() string // what send works on; a refused request leaves it as it was
			send        func(id, text string) gqlResponse
		}{
			{"task title", "input.title", 200, none, func(_, s string) gqlResponse {
				return e.do(t, tok["staff"], `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`,
					map[string]any{"in": map[string]any{"title": s, "kind": "ROUTINE", "leadDepartment": own, "dueInWorkingDays": 3}})
			}},
			{"task description", "input.description", 5000, none, func(_, s string) gqlResponse {
				return e.do(t, tok["staff"], `mutation($in: CreateTaskInput!) { createTask(input: $in) { id } }`,
					map[string]any{"in": map[string]any{"title": "限长", "description": s, "kind": "ROUTINE", "leadDepartment": own, "dueInWorkingDays": 3}})
			}},
			{"transfer reason", "reason", 500, newTask, func(id, s string) gqlResponse {
				return e.do(t, tok["staff"], `mutation($id: ID!, $to: ID!, $r: String!) { transferTask(id: $id, toDepartment: $to, reason: $r) { id } }`,
					map[string]any{"id": id, "to": other, "r": s})
			}},
			{"cancel reason", "reason", 500, newTask, func(id, s string) gqlResponse {
				return e.do(t, tok["staff"], `mutation($id: ID!, $r: String!) { cancelTask(id: $id, reason: $r) { id } }`,
					map[string]any{"id": id, "r": s})
			}},
			{"request description", "description", 5000, none, func(_, s string) gqlResponse {
				return e.do(t, tok["frontline"], `mutation($i: ID!, $d: String!) { fileRequest(item: $i, description: $d) { id } }`,
					map[string]any{"i": drain, "d": s})
			}},
			{"rating comment", "input.comment", 2000, none, func(_, s string) gqlResponse {
				in := ratingInput(supply, 4, false)
				in["comment"] = s
				return e.do(t, tok["frontline"], submitQ, map[string]any{"in": in})
			}},
			{"rating idempotency key", "input.idempotencyKey", 100, none, func(_, s string) gqlResponse {
				in := ratingInput(supply, 4, false)
				in["idempotencyKey"] = s
				return e.do(t, tok["frontline"], submitQ, map[string]any{"in": in})
			}},
			{"rectification answer", "answer", 5000, func() string { return newRating(1).Rect.ID }, func(id, s string) gqlResponse {
				_, r := e.answer(t, tok["staff3"], id, s)
				return r
			}},
			{"appeal reason", "reason", 2000, func() string { return newRating(4).ID }, func(id, s string) gqlResponse {
				return e.do(t, tok["staff3"], `mutation($id: ID!, $r: String!) { appealRating(id: $id, reason: $r) { id } }`,
					map[string]any{"id": id, "r": s})
			}},
			{"appeal decision note", "note", 2000, appealed, func(id, s string) gqlResponse {
				return e.do(t, tok["admin"], `mutation($id: ID!, $n: String) { decideAppeal(id: $id, uphold: true, note: $n) { id } }`,
					map[string]any{"id": id, "n": s})
			}},
			{"visit purpose", "input.purpose", 500, none, func(_, s string) gqlResponse {
				in := visitInput(unit)
				in["purpose"] = s
				return e.do(t, tok["staff"], recordVisitQ, map[string]any{"in": in})
			}},
			{"visit notes", "input.notes", 5000, none, func(_, s string) gqlResponse {
				in := visitInput(unit)
				in["notes"] = s
				return e.do(t, tok["staff"], recordVisitQ, map[string]any{"in": in})
			}},
			{"complainant name", "input.name", 60, none, func(_, s string) gqlResponse {
				return public(fileComplaintQ, map[string]any{"in": complaintIn(map[string]any{"anonymous": false, "name": s})})
			}},
			{"complainant contact", "input.contact", 100, none, func(_, s string) gqlResponse {
				return public(fileComplaintQ, map[string]any{"in": complaintIn(map[string]any{"anonymous": false, "name": "张三", "contact": s})})
			}},
			{"complaint text", "input.text", 5000, none, func(_, s string) gqlResponse {
				return public(fileComplaintQ, map[string]any{"in": complaintIn(map[string]any{"text": s})})
			}},
			{"tracking code", "code", 32, none, func(_, s string) gqlResponse {
				return public(`query($c: String!) { complaintByTrackingCode(code: $c) { status } }`, map[string]any{"c": s})
			}},
			{"complaint rejection feedback", "input.feedback", 5000, func() string {
				id, _ := e.file(t, "", complaintInput(supply))
				return id
			}, func(id, s string) gqlResponse {
				return handle(id, map[string]any{"action": "REJECT", "feedback": s})
			}},
			{"complaint findings", "input.findings", 10000, investigating, func(id, s string) gqlResponse {
				return resolve(id, map[string]any{"findings": s})
			}},
			{"accountability measure", "input.accountability.measure", 500, investigating, func(id, s string) gqlResponse {
				return resolve(id, accountability(s, "纪委"))
			}},
			{"accountability decided by", "input.accountability.decidedBy", 100, investigating, func(id, s string) gqlResponse {
				return resolve(id, accountability("批评教育", s))
			}},
			{"API token name", "name", 100, none, func(_, s string) gqlResponse {
				return e.do(t, tok["staff"], `mutation($n: String!) { createApiToken(name: $n, scopes: ["read:org"]) { secret } }`, map[string]any{"n": s})
			}},
			{"calendar note", "days[0].note", 100, none, func(_, s string) gqlResponse {
				return e.do(t, tok["admin"], `mutation($d: [WorkDayInput!]!) { setWorkDays(days: $d) { inserted updated } }`,
					map[string]any{"d": []any{map[string]any{"date": "2031-03-05", "kind": "HOLIDAY", "note": s}}})
			}},
			{"找谁办 query", "query", 100, none, func(_, s string) gqlResponse {
				return e.do(t, tok["frontline"], `query($q: String!) { findResponsible(query: $q) { score } }`, map[string]any{"q": s})
			}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				id := c.fixture()
				before := e.rvCounts(t)
				over := c.send(id, strings.Repeat("字", c.max+1))
				if over.code() != "BAD_USER_INPUT" || over.Errors[0].Extensions["field"] != c.field {
					t.Fatalf("%d characters: %+v, want BAD_USER_INPUT on %s", c.max+1, over.Errors, c.field)
				}
				e.rvSame(t, before, "a refused text")
				if at := c.send(id, strings.Repeat("字", c.max)); len(at.Errors) > 0 {
					t.Fatalf("%d characters: %+v", c.max, at.Errors)
				}
			})
		}

		// The calendar CSV is limited in bytes: 512 KiB.
		const maxCSV = 512 << 10
		csv := func(size int) string {
			head := "date,kind,note\n2031-04-07,holiday,测试\n"
			pad := size - len(head)
			var b strings.Builder
			b.WriteString(head)
			for pad > 0 {
				line := min(pad, 1000)
				b.WriteString("#" + strings.Repeat("x", line-2) + "\n")
				pad -= line
			}
			return b.String()
		}
		importCSV := `mutation($c: String!) { importWorkCalendar(csv: $c) { inserted updated } }`
		if s := csv(maxCSV + 1); len(s) != maxCSV+1 {
			t.Fatalf("the CSV fixture has %d bytes", len(s))
		}
		before := e.rvCounts(t)
		if r := e.do(t, tok["admin"], importCSV, map[string]any{"c": csv(maxCSV + 1)}); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "csv" {
			t.Fatalf("a CSV of 512 KiB + 1 byte: %+v", r.Errors)
		}
		e.rvSame(t, before, "a refused CSV")
		e.do(t, tok["admin"], importCSV, map[string]any{"c": csv(maxCSV)}).ok(t, nil)
	})
}
