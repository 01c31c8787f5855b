package app_test

import (
	"strings"
	"testing"
	"time"
)

const recordVisitQ = `mutation($in: RecordVisitInput!) { recordVisit(input: $in) {
	id confirmed confirmedAt department { id } staff { id } unit { id } purpose problemsSolved visitedAt } }`

func visitInput(unit string) map[string]any {
	return map[string]any{"unit": unit, "visitedAt": time.Now().Add(-2 * time.Hour).Format(time.RFC3339),
		"purpose": "上门检修车间配电柜", "problemsSolved": 2, "notes": "现场解决两处隐患"}
}

type visitOut struct {
	ID             string     `json:"id"`
	Confirmed      bool       `json:"confirmed"`
	ConfirmedAt    *time.Time `json:"confirmedAt"`
	Department     struct{ ID string }
	Staff          struct{ ID string }
	Unit           struct{ ID string }
	ConfirmedBy    *struct{ ID string }
	ProblemsSolved int `json:"problemsSolved"`
}

func (e *env) recordVisit(t *testing.T, tok, unit string) visitOut {
	t.Helper()
	var data struct {
		V visitOut `json:"recordVisit"`
	}
	e.do(t, tok, recordVisitQ, map[string]any{"in": visitInput(unit)}).ok(t, &data)
	return data.V
}

const confirmVisitQ = `mutation($id: ID!, $c: Boolean!) { confirmVisit(id: $id, confirmed: $c) { id confirmed confirmedAt confirmedBy { id } } }`

// A visit is recorded by agency staff for their own department and counts
// once the visited unit confirms it.
func TestVisitRecordAndConfirm(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "staff", "frontline")
		unit := e.deptOf(t, "frontline")
		v := e.recordVisit(t, tok["staff"], unit)
		if v.Confirmed || v.ConfirmedAt != nil || v.Department.ID != e.deptOf(t, "staff") ||
			v.Staff.ID != idStr(e.viewerStaff(t, "staff")) || v.Unit.ID != unit || v.ProblemsSolved != 2 {
			t.Fatalf("recorded %+v", v)
		}
		var data struct {
			C visitOut `json:"confirmVisit"`
		}
		e.do(t, tok["frontline"], confirmVisitQ, map[string]any{"id": v.ID, "c": true}).ok(t, &data)
		if !data.C.Confirmed || data.C.ConfirmedAt == nil || data.C.ConfirmedBy == nil ||
			data.C.ConfirmedBy.ID != idStr(e.viewerStaff(t, "frontline")) {
			t.Fatalf("confirmed %+v", data.C)
		}
		n := asInt(e.scalar(t, `SELECT count(*) FROM service_visits WHERE id = ? AND confirmed AND confirmed_by_id = ? AND confirmed_at IS NOT NULL`,
			mustAtoi(t, v.ID), e.viewerStaff(t, "frontline")))
		if n != 1 {
			t.Fatal("the confirmation is not stored")
		}
		for _, action := range []string{"record_visit", "confirm_visit"} {
			if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = ? AND entity_id = ? AND actor_account_id IS NOT NULL`, action, mustAtoi(t, v.ID))); n != 1 {
				t.Errorf("%d %s audit rows", n, action)
			}
		}
		// A disputed visit is answered but does not count.
		d := e.recordVisit(t, tok["staff"], unit)
		e.do(t, tok["frontline"], confirmVisitQ, map[string]any{"id": d.ID, "c": false}).ok(t, &data)
		if data.C.Confirmed || data.C.ConfirmedAt == nil {
			t.Fatalf("disputed %+v", data.C)
		}
	})
}

// One subtest per cell of docs/ACCESS.md "Visits and complaints" (visits).
func TestVisitOperationsAccess(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "admin", "leader", "staff", "frontline", "frontline2")
		unit := e.deptOf(t, "frontline")
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
			t.Run("recordVisit/"+rl.role, func(t *testing.T) {
				before := e.rvCounts(t)
				r := e.do(t, tok[rl.login], recordVisitQ, map[string]any{"in": visitInput(unit)})
				if rl.login == "leader" || rl.login == "staff" {
					rvExpect(t, r, "", "")
					return
				}
				rvExpect(t, r, refused(rl.login), "")
				e.rvSame(t, before, "recordVisit refused")
			})
			t.Run("confirmVisit/"+rl.role, func(t *testing.T) {
				v := e.recordVisit(t, tok["staff"], unit)
				before := e.rvCounts(t)
				r := e.do(t, tok[rl.login], confirmVisitQ, map[string]any{"id": v.ID, "c": true})
				if rl.login == "frontline" {
					rvExpect(t, r, "", "")
					return
				}
				rvExpect(t, r, refused(rl.login), "")
				e.rvSame(t, before, "confirmVisit refused")
				if n := asInt(e.scalar(t, `SELECT count(*) FROM service_visits WHERE id = ? AND confirmed_at IS NULL`, mustAtoi(t, v.ID))); n != 1 {
					t.Fatal("a refused confirmation changed the visit")
				}
			})
		}
		// Another unit cannot even see the visit.
		t.Run("confirmVisit/FRONTLINE of another unit", func(t *testing.T) {
			v := e.recordVisit(t, tok["staff"], unit)
			before := e.rvCounts(t)
			rvExpect(t, e.do(t, tok["frontline2"], confirmVisitQ, map[string]any{"id": v.ID, "c": true}), "NOT_FOUND", "id")
			e.rvSame(t, before, "confirming another unit's visit")
		})
	})
}

// Bad input is refused with the field at fault and changes nothing.
func TestVisitBadInput(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "staff", "frontline")
		unit := e.deptOf(t, "frontline")
		with := func(k string, v any) map[string]any {
			in := visitInput(unit)
			in[k] = v
			return map[string]any{"in": in}
		}
		confirmed := e.recordVisit(t, tok["staff"], unit)
		e.do(t, tok["frontline"], confirmVisitQ, map[string]any{"id": confirmed.ID, "c": true}).ok(t, nil)
		cases := []struct {
			name, login, q string
			vars           map[string]any
			code, field    string
		}{
			{"an agency department as the unit", "staff", recordVisitQ, with("unit", e.deptOf(t, "staff3")), "BAD_USER_INPUT", "input.unit"},
			{"unknown unit", "staff", recordVisitQ, with("unit", "999999999"), "NOT_FOUND", "input.unit"},
			{"empty purpose", "staff", recordVisitQ, with("purpose", " "), "BAD_USER_INPUT", "input.purpose"},
			{"purpose too long", "staff", recordVisitQ, with("purpose", strings.Repeat("修", 501)), "BAD_USER_INPUT", "input.purpose"},
			{"a visit in the future", "staff", recordVisitQ, with("visitedAt", time.Now().Add(48*time.Hour).Format(time.RFC3339)), "BAD_USER_INPUT", "input.visitedAt"},
			{"negative problems solved", "staff", recordVisitQ, with("problemsSolved", -1), "BAD_USER_INPUT", "input.problemsSolved"},
			{"confirming an unknown visit", "frontline", `mutation { confirmVisit(id: "999999999", confirmed: true) { id } }`, nil, "NOT_FOUND", "id"},
			{"confirming twice", "frontline", confirmVisitQ, map[string]any{"id": confirmed.ID, "c": false}, "CONFLICT", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := e.rvCounts(t)
				rvExpect(t, e.do(t, tok[c.login], c.q, c.vars), c.code, c.field)
				e.rvSame(t, before, c.name)
			})
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM service_visits WHERE id = ? AND confirmed`, mustAtoi(t, confirmed.ID))); n != 1 {
			t.Fatal("a refused second answer changed the confirmation")
		}
	})
}
