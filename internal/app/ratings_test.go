package app_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
)

// ---- helpers shared by ratings_test.go, visits_test.go and complaints_test.go ----

// rvEachFresh runs fn on a freshly seeded demo product of each dialect (the
// workflows here change rows; the shared demo env stays untouched).
func rvEachFresh(t *testing.T, fn func(t *testing.T, e *env)) {
	for _, d := range []string{"sqlite", "postgres"} {
		t.Run(d, func(t *testing.T) {
			if d == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			fn(t, newEnv(t, d, false))
		})
	}
}

// rvLogin logs in without the harness's per-dialect token cache (a fresh env
// has its own signing key).
func (e *env) rvLogin(t *testing.T, login string) string {
	t.Helper()
	if login == "" {
		return ""
	}
	var data struct {
		Login struct {
			AccessToken string `json:"accessToken"`
		} `json:"login"`
	}
	e.do(t, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken}}`,
		map[string]any{"u": login, "p": app.DemoPassword}).ok(t, &data)
	return data.Login.AccessToken
}

// rvTokens logs in every account named.
func (e *env) rvTokens(t *testing.T, logins ...string) map[string]string {
	t.Helper()
	out := map[string]string{"": ""}
	for _, l := range logins {
		out[l] = e.rvLogin(t, l)
	}
	return out
}

var rvTables = []string{"ratings", "rectifications", "tasks", "task_events", "audit_logs",
	"service_visits", "complaints", "accountabilities", "settings"}

// rvCounts counts the rows of the tables the workflows write.
func (e *env) rvCounts(t *testing.T) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range rvTables {
		out[tbl] = asInt(e.scalar(t, `SELECT count(*) FROM `+tbl))
	}
	return out
}

// rvSame fails when any table's row count changed since before.
func (e *env) rvSame(t *testing.T, before map[string]int, what string) {
	t.Helper()
	after := e.rvCounts(t)
	for _, tbl := range rvTables {
		if after[tbl] != before[tbl] {
			t.Errorf("%s: %s went from %d to %d rows", what, tbl, before[tbl], after[tbl])
		}
	}
}

// rvAddAccount creates an account (test setup only, with system rights).
func (e *env) rvAddAccount(t *testing.T, login string, role account.Role, staffID int64) {
	t.Helper()
	hash, err := auth.HashPassword(app.DemoPassword)
	if err != nil {
		t.Fatal(err)
	}
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	err = e.app.Store.Client.Account.Create().SetLogin(login).SetPasswordHash(hash).
		SetRole(role).SetStaffID(int(staffID)).Exec(ctx)
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) int64s(t *testing.T, q string, args ...any) []int64 {
	t.Helper()
	rows, err := e.db().Query(e.rebind(q), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// rvExpect checks an error code (and the field, when given); "" means success.
func rvExpect(t *testing.T, r gqlResponse, code, field string) {
	t.Helper()
	if code == "" {
		if len(r.Errors) > 0 {
			t.Fatalf("unexpected errors: %+v", r.Errors)
		}
		return
	}
	if r.code() != code {
		t.Fatalf("got %q (%+v, data %s), want %s", r.code(), r.Errors, r.Data, code)
	}
	if field != "" && r.Errors[0].Extensions["field"] != field {
		t.Fatalf("error field %v, want %s (%+v)", r.Errors[0].Extensions["field"], field, r.Errors)
	}
}

var cst = time.FixedZone("CST", 8*3600) // the agency's zone; China has no daylight saving

// rvDueAfter is the deadline n working days after from, counted by hand on
// the work_calendars rows: the start's own date does not count, weekends rest
// unless marked WORKDAY, weekdays work unless marked HOLIDAY; the deadline is
// midnight after the n-th working day.
func (e *env) rvDueAfter(t *testing.T, from time.Time, n int) time.Time {
	t.Helper()
	rows, err := e.db().Query(`SELECT day, kind FROM work_calendar`)
	if err != nil {
		t.Fatal(err)
	}
	marked := map[string]string{}
	for rows.Next() {
		var day, kind string
		if err := rows.Scan(&day, &kind); err != nil {
			t.Fatal(err)
		}
		marked[day] = kind
	}
	rows.Close()
	if len(marked) == 0 {
		t.Fatal("the demo calendar has no holidays")
	}
	f := from.In(cst)
	day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, cst)
	for count := 0; count < n; {
		day = day.AddDate(0, 0, 1)
		working := day.Weekday() != time.Saturday && day.Weekday() != time.Sunday
		switch marked[day.Format("2006-01-02")] {
		case "HOLIDAY":
			working = false
		case "WORKDAY":
			working = true
		}
		if working {
			count++
		}
	}
	return day.AddDate(0, 0, 1)
}

// deptOf is the department of a demo login's staff member.
func (e *env) deptOf(t *testing.T, login string) string { return idStr(e.viewerDept(t, login)) }

// ---- ratings ----

const submitQ = `mutation($in: SubmitRatingInput!) { submitRating(input: $in) {
	id score anonymous mine createdAt raterID rater { id name } appealStatus
	rectification { id status dueAt reopenCount
		task { id kind status dueAt createdBy { id } leadDepartment { id } requestingUnit { id } } } } }`

type ratingOut struct {
	ID           string    `json:"id"`
	Score        int       `json:"score"`
	Anonymous    bool      `json:"anonymous"`
	Mine         bool      `json:"mine"`
	CreatedAt    time.Time `json:"createdAt"`
	RaterID      *string   `json:"raterID"`
	Rater        *struct{ ID, Name string }
	AppealStatus string `json:"appealStatus"`
	Rect         *struct {
		ID          string    `json:"id"`
		Status      string    `json:"status"`
		DueAt       time.Time `json:"dueAt"`
		ReopenCount int       `json:"reopenCount"`
		Task        struct {
			ID             string    `json:"id"`
			Kind           string    `json:"kind"`
			Status         string    `json:"status"`
			DueAt          time.Time `json:"dueAt"`
			CreatedBy      *struct{ ID string }
			LeadDepartment struct{ ID string }  `json:"leadDepartment"`
			RequestingUnit *struct{ ID string } `json:"requestingUnit"`
		} `json:"task"`
	} `json:"rectification"`
}

func ratingInput(target string, score int, anonymous bool) map[string]any {
	return map[string]any{"targetDepartment": target, "score": score, "responsiveness": score,
		"resolution": score, "attitude": 3, "comment": "办事拖拉，来回跑了三趟", "anonymous": anonymous}
}

// submit rates as tok and returns the rating.
func (e *env) submit(t *testing.T, tok string, in map[string]any) ratingOut {
	t.Helper()
	var data struct {
		SubmitRating ratingOut `json:"submitRating"`
	}
	e.do(t, tok, submitQ, map[string]any{"in": in}).ok(t, &data)
	return data.SubmitRating
}

const rectQ = `{ id status answer verdict reopenCount dueAt judgedAt task { status dueAt completedAt } }`

type rectOut struct {
	ID          string     `json:"id"`
	Status      string     `json:"status"`
	Answer      string     `json:"answer"`
	Verdict     *string    `json:"verdict"`
	ReopenCount int        `json:"reopenCount"`
	DueAt       time.Time  `json:"dueAt"`
	JudgedAt    *time.Time `json:"judgedAt"`
	Task        struct {
		Status      string     `json:"status"`
		DueAt       time.Time  `json:"dueAt"`
		CompletedAt *time.Time `json:"completedAt"`
	} `json:"task"`
}

func (e *env) answer(t *testing.T, tok, id, answer string) (rectOut, gqlResponse) {
	t.Helper()
	var data struct {
		R rectOut `json:"answerRectification"`
	}
	r := e.do(t, tok, `mutation($id: ID!, $a: String!) { answerRectification(id: $id, answer: $a) `+rectQ+` }`,
		map[string]any{"id": id, "a": answer})
	if len(r.Errors) == 0 {
		r.ok(t, &data)
	}
	return data.R, r
}

func (e *env) judge(t *testing.T, tok, id, verdict string) (rectOut, gqlResponse) {
	t.Helper()
	var data struct {
		R rectOut `json:"judgeRectification"`
	}
	r := e.do(t, tok, `mutation($id: ID!, $v: RectificationVerdict!) { judgeRectification(id: $id, verdict: $v) `+rectQ+` }`,
		map[string]any{"id": id, "v": verdict})
	if len(r.Errors) == 0 {
		r.ok(t, &data)
	}
	return data.R, r
}

// The done-when journey of part B: an anonymous bad rating and its
// rectification, seen by the leader without its rater; a public complaint
// handled by the leader and followed by its tracking code.
func TestRatingsAndComplaintsJourney(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "frontline", "staff3", "leader")
		supply := e.deptOf(t, "staff3") // 物资供应部, the demo's badly rated department
		unit := e.deptOf(t, "frontline")
		raterStaff := e.viewerStaff(t, "frontline")
		raterName := e.scalar(t, `SELECT name FROM staff WHERE id = ?`, raterStaff)

		// frontline rates the department 2, anonymously (and retries).
		in := ratingInput(supply, 2, true)
		in["idempotencyKey"] = "journey-rating-1"
		r := e.submit(t, tok["frontline"], in)
		if r.Score != 2 || !r.Anonymous || !r.Mine || r.Rater != nil || r.RaterID != nil {
			t.Fatalf("submitted rating = %+v", r)
		}
		if again := e.submit(t, tok["frontline"], in); again.ID != r.ID {
			t.Fatalf("a retry with the same idempotency key made rating %s besides %s", again.ID, r.ID)
		}
		// (stored keyed: anonymity_test.go)
		if n := asInt(e.scalar(t, `SELECT count(*) FROM ratings WHERE idempotency_key = ?`, hmacText(e.dataDirSecret(t), "idempotency:journey-rating-1"))); n != 1 {
			t.Fatalf("%d ratings stored for one idempotency key", n)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM ratings WHERE id = ? AND rater_id IS NULL AND anonymous`, mustAtoi(t, r.ID))); n != 1 {
			t.Fatal("the anonymous rating stores its rater")
		}

		// The rectification's task is due exactly 15 working days later on the calendar.
		want := e.rvDueAfter(t, r.CreatedAt, 15)
		rc := r.Rect
		if rc == nil || rc.Status != "OPEN" || !rc.DueAt.Equal(want) || !rc.Task.DueAt.Equal(want) {
			t.Fatalf("rectification %+v; want OPEN, due %s", rc, want)
		}
		if rc.Task.Kind != "RECTIFICATION" || rc.Task.LeadDepartment.ID != supply ||
			rc.Task.RequestingUnit == nil || rc.Task.RequestingUnit.ID != unit || rc.Task.CreatedBy != nil {
			t.Fatalf("rectification task %+v", rc.Task)
		}
		// Nothing stored with the rating's follow-up names the rater.
		for _, q := range []string{
			`SELECT count(*) FROM tasks WHERE id = ? AND (created_by_id IS NOT NULL OR first_responder_id IS NOT NULL)`,
			`SELECT count(*) FROM task_events WHERE task_id = ? AND actor_id IS NOT NULL`,
		} {
			if n := asInt(e.scalar(t, q, mustAtoi(t, rc.Task.ID))); n != 0 {
				t.Fatalf("%s: %d rows name someone", q, n)
			}
		}
		// The audit trail only counts it (anonymity_test.go checks the rest).
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'submit_rating' AND entity_id = ?`, mustAtoi(t, r.ID))); n != 0 {
			t.Fatalf("the anonymous rating has %d audit rows", n)
		}
		if n := asInt(e.scalar(t, `SELECT count FROM audit_tallies WHERE action = 'submit_rating'`)); n != 1 {
			t.Fatalf("the audit tally counts %d anonymous ratings, want 1", n)
		}

		// The department answers; the rater judges.
		ans, res := e.answer(t, tok["staff3"], rc.ID, "已约谈窗口人员，建立一次性告知制度")
		rvExpect(t, res, "", "")
		if ans.Status != "ANSWERED" || ans.Task.Status != "DONE" || ans.Task.CompletedAt == nil {
			t.Fatalf("after answering: %+v", ans)
		}
		j, res := e.judge(t, tok["frontline"], rc.ID, "SATISFIED")
		rvExpect(t, res, "", "")
		if j.Status != "CLOSED" || j.Verdict == nil || *j.Verdict != "SATISFIED" || j.JudgedAt == nil {
			t.Fatalf("after judging: %+v", j)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'judge_rectification' AND entity_id = ?`, mustAtoi(t, rc.ID))); n != 0 {
			t.Fatalf("the anonymous rater's verdict has %d audit rows", n)
		}
		if n := asInt(e.scalar(t, `SELECT count FROM audit_tallies WHERE action = 'judge_rectification'`)); n != 1 {
			t.Fatalf("the audit tally counts %d anonymous verdicts, want 1", n)
		}

		// The leader sees the score, never the rater.
		lr := e.do(t, tok["leader"], `query($id: ID!) { node(id: $id) { ... on Rating {
			id score anonymous mine raterID rater { id name } raterUnit { name }
			rectification { status answer task { createdBy { id name } firstResponder { id name }
				events { actorID actor { id name } } } } } } }`, map[string]any{"id": r.ID})
		var seen struct {
			Node struct {
				Score   int     `json:"score"`
				Mine    bool    `json:"mine"`
				RaterID *string `json:"raterID"`
				Rater   *struct{ ID string }
			} `json:"node"`
		}
		lr.ok(t, &seen)
		if seen.Node.Score != 2 || seen.Node.Rater != nil || seen.Node.RaterID != nil || seen.Node.Mine {
			t.Fatalf("leader sees %s", lr.Data)
		}
		raw := string(lr.Data)
		for _, secret := range []string{fmt.Sprint(raterName), `"` + idStr(raterStaff) + `"`, "frontline"} {
			if strings.Contains(raw, secret) {
				t.Fatalf("the leader's view of an anonymous rating contains %q: %s", secret, raw)
			}
		}

		// A member of the public files a complaint and follows it by code.
		var filed struct {
			F struct {
				TrackingCode string    `json:"trackingCode"`
				Status       string    `json:"status"`
				ReceivedAt   time.Time `json:"receivedAt"`
				AcceptDueAt  time.Time `json:"acceptDueAt"`
			} `json:"fileComplaint"`
		}
		e.do(t, "", `mutation($in: FileComplaintInput!) { fileComplaint(input: $in) { trackingCode status receivedAt acceptDueAt } }`,
			map[string]any{"in": map[string]any{"anonymous": false, "name": "王建国", "contact": "13800000000",
				"department": supply, "category": "BUCK_PASSING", "text": "领用劳保用品被要求找三个部门签字，来回推诿。"}}).ok(t, &filed)
		code := filed.F.TrackingCode
		if !regexp.MustCompile(`^XN-[A-Z2-7]{10}$`).MatchString(code) || filed.F.Status != "RECEIVED" {
			t.Fatalf("filed %+v", filed.F)
		}
		if want := e.rvDueAfter(t, filed.F.ReceivedAt, 3); !filed.F.AcceptDueAt.Equal(want) {
			t.Fatalf("acceptDueAt %s, want %s", filed.F.AcceptDueAt, want)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'file_complaint' AND actor_account_id IS NULL`)); n != 1 {
			t.Fatalf("%d anonymous-actor file_complaint audit rows", n)
		}
		cid := idStr(e.int64s(t, `SELECT id FROM complaints WHERE tracking_code = ?`, code)[0])

		track := func(wantStatus string) map[string]any {
			t.Helper()
			var out struct {
				C map[string]any `json:"complaintByTrackingCode"`
			}
			r := e.do(t, "", `query($c: String!) { complaintByTrackingCode(code: $c) {
				trackingCode category status receivedAt acceptDueAt decidedAt resolveDueAt resolvedAt feedback } }`,
				map[string]any{"c": code})
			r.ok(t, &out)
			if out.C["status"] != wantStatus || out.C["trackingCode"] != code {
				t.Fatalf("public view %s, want status %s", r.Data, wantStatus)
			}
			return out.C
		}
		track("RECEIVED")

		// The leader handles it: ACCEPT → INVESTIGATE → RESOLVE.
		handle := func(in map[string]any) map[string]any {
			t.Helper()
			var out struct {
				H map[string]any `json:"handleComplaint"`
			}
			e.do(t, tok["leader"], `mutation($id: ID!, $in: HandleComplaintInput!) { handleComplaint(id: $id, input: $in) {
				status overdue resolveDueAt decidedAt resolvedAt findings feedback handler { id } accountabilities { measure } } }`,
				map[string]any{"id": cid, "in": in}).ok(t, &out)
			return out.H
		}
		h := handle(map[string]any{"action": "ACCEPT"})
		if h["status"] != "ACCEPTED" || h["overdue"] != false {
			t.Fatalf("accepted: %v", h)
		}
		var decided time.Time
		_ = decided.UnmarshalText([]byte(h["decidedAt"].(string)))
		if got, want := h["resolveDueAt"].(string), e.rvDueAfter(t, decided, 15).Format(time.RFC3339); !sameInstant(t, got, want) {
			t.Fatalf("resolveDueAt %s, want %s", got, want)
		}
		handle(map[string]any{"action": "INVESTIGATE"})
		const findings = "经查，物资供应部窗口王某某未落实一次性告知制度"
		h = handle(map[string]any{"action": "RESOLVE", "findings": findings,
			"feedback":       "已责令整改并建立一次性告知清单，感谢监督。",
			"accountability": map[string]any{"subjectDepartment": supply, "measure": "通报批评", "decidedBy": "机关纪委"}})
		if h["status"] != "RESOLVED" || h["findings"] != findings || len(h["accountabilities"].([]any)) != 1 {
			t.Fatalf("resolved: %v", h)
		}

		// The public sees the feedback, not the findings nor the complainant.
		pub := track("RESOLVED")
		if pub["feedback"] != "已责令整改并建立一次性告知清单，感谢监督。" || pub["resolvedAt"] == nil || pub["decidedAt"] == nil {
			t.Fatalf("public view %v", pub)
		}
		raw2, _ := json.Marshal(pub)
		for _, hidden := range []string{findings, "王建国", "13800000000", "通报批评"} {
			if strings.Contains(string(raw2), hidden) {
				t.Fatalf("the public view shows %q: %s", hidden, raw2)
			}
		}
		if r := e.do(t, "", `query($c: String!) { complaintByTrackingCode(code: $c) { findings } }`, map[string]any{"c": code}); len(r.Errors) == 0 {
			t.Fatalf("PublicComplaint exposes findings: %s", r.Data)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'handle_complaint' AND entity_id = ? AND actor_account_id = (SELECT id FROM accounts WHERE login = 'leader')`, mustAtoi(t, cid))); n != 3 {
			t.Fatalf("%d handle_complaint audit rows by the leader, want 3", n)
		}
	})
}

func sameInstant(t *testing.T, a, b string) bool {
	t.Helper()
	ta, err1 := time.Parse(time.RFC3339Nano, a)
	tb, err2 := time.Parse(time.RFC3339Nano, b)
	if err1 != nil || err2 != nil {
		t.Fatalf("parsing %q / %q", a, b)
	}
	return ta.Equal(tb)
}

// A DISSATISFIED verdict reopens a rectification once, with a new deadline
// and its task back in progress; the second DISSATISFIED closes it. A named
// rating shows its rater.
func TestRectificationReopensOnce(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "frontline", "staff3")
		r := e.submit(t, tok["frontline"], ratingInput(e.deptOf(t, "staff3"), 1, false))
		if r.Rater == nil || r.Rater.ID != idStr(e.viewerStaff(t, "frontline")) || !r.Mine || r.Rect == nil {
			t.Fatalf("named rating %+v", r)
		}
		if r.Rect.Task.CreatedBy == nil || r.Rect.Task.CreatedBy.ID != r.Rater.ID {
			t.Fatalf("a named rating's task is created by the rater: %+v", r.Rect.Task)
		}
		id := r.Rect.ID
		e.answer(t, tok["staff3"], id, "第一次答复")
		j, res := e.judge(t, tok["frontline"], id, "DISSATISFIED")
		rvExpect(t, res, "", "")
		want := e.rvDueAfter(t, *j.JudgedAt, 15)
		if j.Status != "OPEN" || j.ReopenCount != 1 || !j.DueAt.Equal(want) ||
			j.Task.Status != "IN_PROGRESS" || !j.Task.DueAt.Equal(want) || j.Task.CompletedAt != nil {
			t.Fatalf("reopened: %+v, want due %s", j, want)
		}
		if _, res := e.judge(t, tok["frontline"], id, "SATISFIED"); res.code() != "CONFLICT" {
			t.Fatalf("judging an OPEN rectification: %+v", res.Errors)
		}
		e.answer(t, tok["staff3"], id, "第二次答复")
		j, res = e.judge(t, tok["frontline"], id, "DISSATISFIED")
		rvExpect(t, res, "", "")
		if j.Status != "CLOSED" || j.ReopenCount != 1 || *j.Verdict != "DISSATISFIED" {
			t.Fatalf("second dissatisfied verdict: %+v", j)
		}
		// A closed rectification is neither judged nor answered again.
		before := e.rvCounts(t)
		if _, res := e.judge(t, tok["frontline"], id, "SATISFIED"); res.code() != "CONFLICT" {
			t.Fatalf("judging a CLOSED rectification: %+v", res.Errors)
		}
		r2 := e.do(t, tok["staff3"], `mutation($id: ID!) { answerRectification(id: $id, answer: "第三次答复") { id } }`, map[string]any{"id": id})
		rvExpect(t, r2, "CONFLICT", "")
		e.rvSame(t, before, "a closed rectification judged or answered")
		evs := asInt(e.scalar(t, `SELECT count(*) FROM task_events e JOIN rectifications r ON r.task_id = e.task_id WHERE r.id = ? AND e.type IN ('STATUS_CHANGED', 'DEADLINE_CHANGED')`, mustAtoi(t, id)))
		if evs != 4 { // DONE, back IN_PROGRESS + new deadline, DONE again
			t.Fatalf("%d status/deadline events on the rectification task, want 4", evs)
		}
	})
}

// Appeals: the rated department appeals, an admin upholds (the rating
// stands) or voids (its open rectification closes, the task is cancelled).
func TestAppealDecisions(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "frontline", "staff3", "admin")
		supply := e.deptOf(t, "staff3")
		appeal := func(id string) {
			t.Helper()
			var out struct {
				A struct{ AppealStatus, AppealReason string } `json:"appealRating"`
			}
			e.do(t, tok["staff3"], `mutation($id: ID!) { appealRating(id: $id, reason: "该单位当日未到窗口办理，评价有误") { appealStatus appealReason } }`,
				map[string]any{"id": id}).ok(t, &out)
			if out.A.AppealStatus != "PENDING" {
				t.Fatalf("appeal: %+v", out.A)
			}
		}
		decide := func(id string, uphold bool) map[string]any {
			t.Helper()
			var out struct {
				D map[string]any `json:"decideAppeal"`
			}
			e.do(t, tok["admin"], `mutation($id: ID!, $u: Boolean!) { decideAppeal(id: $id, uphold: $u, note: "复核") {
				appealStatus appealDecisionNote appealDecidedAt rectification { status closedAt task { status } } } }`,
				map[string]any{"id": id, "u": uphold}).ok(t, &out)
			return out.D
		}
		kept := e.submit(t, tok["frontline"], ratingInput(supply, 2, true))
		appeal(kept.ID)
		d := decide(kept.ID, true)
		if d["appealStatus"] != "UPHELD" || d["rectification"].(map[string]any)["status"] != "OPEN" {
			t.Fatalf("upheld: %v", d)
		}
		voided := e.submit(t, tok["frontline"], ratingInput(supply, 1, false))
		appeal(voided.ID)
		d = decide(voided.ID, false)
		rect := d["rectification"].(map[string]any)
		if d["appealStatus"] != "VOIDED" || rect["status"] != "CLOSED" || rect["closedAt"] == nil ||
			rect["task"].(map[string]any)["status"] != "CANCELLED" {
			t.Fatalf("voided: %v", d)
		}
		// A second appeal or decision is a conflict.
		before := e.rvCounts(t)
		r := e.do(t, tok["staff3"], `mutation($id: ID!) { appealRating(id: $id, reason: "再次申诉") { id } }`, map[string]any{"id": kept.ID})
		rvExpect(t, r, "CONFLICT", "")
		r = e.do(t, tok["admin"], `mutation($id: ID!) { decideAppeal(id: $id, uphold: false) { id } }`, map[string]any{"id": kept.ID})
		rvExpect(t, r, "CONFLICT", "")
		e.rvSame(t, before, "repeated appeal")
	})
}

// myRatings finds the rater's own ratings by rater key, anonymous ones
// included — the demo's seeded ones too (the seed and the product share the
// rater secret) — and concurrent retries with one idempotency key make one rating.
func TestMyRatings(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "frontline", "leader")
		staff := e.viewerStaff(t, "frontline")
		// The demo server keeps its rater secret in the data dir, as
		// XN_RATER_SECRET would give it.
		m := hmac.New(sha256.New, e.dataDirSecret(t))
		m.Write([]byte(idStr(staff)))
		key, namedKey := hex.EncodeToString(m.Sum(nil)), "staff:"+idStr(staff)
		seeded := asInt(e.scalar(t, `SELECT count(*) FROM ratings WHERE rater_key IN (?, ?)`, key, namedKey))
		named := asInt(e.scalar(t, `SELECT count(*) FROM ratings WHERE rater_id = ? AND rater_key = ?`, staff, namedKey))
		anon := asInt(e.scalar(t, `SELECT count(*) FROM ratings WHERE rater_key = ? AND anonymous`, key))
		if seeded == 0 || named == 0 || anon == 0 || seeded != named+anon {
			t.Fatalf("demo ratings of the frontline rater: %d by key, %d named, %d anonymous", seeded, named, anon)
		}

		// Five concurrent submissions with one key make one rating.
		in := ratingInput(e.deptOf(t, "staff3"), 4, true)
		in["idempotencyKey"] = "retry-" + e.dialect
		ids := make([]string, 5)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var data struct {
					S struct{ ID string } `json:"submitRating"`
				}
				r := e.do(t, tok["frontline"], `mutation($in: SubmitRatingInput!) { submitRating(input: $in) { id } }`, map[string]any{"in": in})
				if len(r.Errors) == 0 {
					_ = json.Unmarshal(r.Data, &data)
				}
				ids[i] = data.S.ID
			}()
		}
		wg.Wait()
		for _, id := range ids {
			if id == "" || id != ids[0] {
				t.Fatalf("concurrent retries returned %v", ids)
			}
		}

		type node struct {
			ID        string `json:"id"`
			Mine      bool   `json:"mine"`
			Anonymous bool   `json:"anonymous"`
			Rater     *struct{ ID string }
		}
		var page struct {
			M struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node node `json:"node"`
				} `json:"edges"`
			} `json:"myRatings"`
		}
		e.do(t, tok["frontline"], `{ myRatings(first: 100) { totalCount edges { node { id mine anonymous rater { id } } } } }`, nil).ok(t, &page)
		// (The new anonymous rating is dated to the start of today: seeded
		// ratings of today may list before it.)
		found := slices.ContainsFunc(page.M.Edges, func(e struct {
			Node node `json:"node"`
		}) bool {
			return e.Node.ID == ids[0]
		})
		if page.M.TotalCount != seeded+1 || !found {
			t.Fatalf("myRatings: %d, with %s: %v; want %d", page.M.TotalCount, ids[0], found, seeded+1)
		}
		for _, edge := range page.M.Edges {
			n := edge.Node
			if !n.Mine || (n.Anonymous && n.Rater != nil) || (!n.Anonymous && (n.Rater == nil || n.Rater.ID != idStr(staff))) {
				t.Fatalf("myRatings node %+v", n)
			}
		}
		// Other ratings of the unit are not the viewer's.
		var unit struct {
			R struct {
				Edges []struct {
					Node struct {
						Mine bool `json:"mine"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"ratings"`
		}
		e.do(t, tok["frontline"], `{ ratings(first: 100) { edges { node { mine } } } }`, nil).ok(t, &unit)
		mine := 0
		for _, edge := range unit.R.Edges {
			if edge.Node.Mine {
				mine++
			}
		}
		if mine == len(unit.R.Edges) {
			t.Fatalf("every one of the unit's %d ratings is 'mine'", mine)
		}
		if r := e.do(t, tok["leader"], `{ myRatings(first: 5) { totalCount } }`, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("leader myRatings: %+v", r.Errors)
		}
	})
}

// One subtest per cell of docs/ACCESS.md "Rating, rectification and appeal
// operations": the allowed role succeeds, the other roles get FORBIDDEN, the
// public UNAUTHENTICATED; a refused call changes no row.
func TestRatingOperationsAccess(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "admin", "leader", "staff", "staff3", "frontline")
		supply := e.deptOf(t, "staff3")
		// A bad rating per cell that needs one, by the demo frontline account.
		bad := func() ratingOut { return e.submit(t, tok["frontline"], ratingInput(supply, 2, true)) }
		answered := func() ratingOut {
			r := bad()
			e.answer(t, tok["staff3"], r.Rect.ID, "已整改")
			return r
		}
		appealed := func() ratingOut {
			r := bad()
			e.do(t, tok["staff3"], `mutation($id: ID!) { appealRating(id: $id, reason: "评价有误") { id } }`, map[string]any{"id": r.ID}).ok(t, nil)
			return r
		}
		type op struct {
			name    string
			allowed map[string]bool // logins that may
			call    func(tok string) gqlResponse
		}
		ops := []op{
			{"submitRating", map[string]bool{"frontline": true}, func(tk string) gqlResponse {
				return e.do(t, tk, `mutation($in: SubmitRatingInput!) { submitRating(input: $in) { id } }`,
					map[string]any{"in": ratingInput(supply, 1, false)})
			}},
			{"answerRectification", map[string]bool{"leader": true, "staff3": true}, func(tk string) gqlResponse {
				return e.do(t, tk, `mutation($id: ID!) { answerRectification(id: $id, answer: "已整改") { status } }`,
					map[string]any{"id": bad().Rect.ID})
			}},
			{"judgeRectification", map[string]bool{"frontline": true}, func(tk string) gqlResponse {
				return e.do(t, tk, `mutation($id: ID!) { judgeRectification(id: $id, verdict: SATISFIED) { status } }`,
					map[string]any{"id": answered().Rect.ID})
			}},
			{"appealRating", map[string]bool{"leader": true, "staff3": true}, func(tk string) gqlResponse {
				return e.do(t, tk, `mutation($id: ID!) { appealRating(id: $id, reason: "恶意差评") { appealStatus } }`,
					map[string]any{"id": bad().ID})
			}},
			{"decideAppeal", map[string]bool{"admin": true}, func(tk string) gqlResponse {
				return e.do(t, tk, `mutation($id: ID!) { decideAppeal(id: $id, uphold: true) { appealStatus } }`,
					map[string]any{"id": appealed().ID})
			}},
			{"myRatings", map[string]bool{"frontline": true}, func(tk string) gqlResponse {
				return e.do(t, tk, `{ myRatings(first: 5) { totalCount } }`, nil)
			}},
		}
		// The role cells: STAFF is played by staff3 (of the rated department).
		roles := []struct{ role, login string }{
			{"ADMIN", "admin"}, {"LEADER", "leader"}, {"STAFF", "staff3"}, {"FRONTLINE", "frontline"}, {"public", ""},
		}
		for _, o := range ops {
			for _, rl := range roles {
				t.Run(o.name+"/"+rl.role, func(t *testing.T) {
					if o.allowed[rl.login] {
						rvExpect(t, o.call(tok[rl.login]), "", "")
						return
					}
					want := "FORBIDDEN"
					if rl.login == "" {
						want = "UNAUTHENTICATED"
					}
					if o.name == "submitRating" || o.name == "myRatings" {
						before := e.rvCounts(t)
						rvExpect(t, o.call(tok[rl.login]), want, "")
						e.rvSame(t, before, o.name+" refused")
						return
					}
					// The other operations need a fixture (which writes rows) before the counted call.
					rvRefusedAfterFixture(t, e, o.name, tok, rl.login, supply, want)
				})
			}
		}
		// Outside the subtree the rectification is invisible: NOT_FOUND, nothing changed.
		t.Run("answerRectification/STAFF outside the department", func(t *testing.T) {
			id := bad().Rect.ID
			before := e.rvCounts(t)
			r := e.do(t, tok["staff"], `mutation($id: ID!) { answerRectification(id: $id, answer: "x") { id } }`, map[string]any{"id": id})
			rvExpect(t, r, "NOT_FOUND", "id")
			e.rvSame(t, before, "answer outside the subtree")
		})
	})
}

// rvRefusedAfterFixture builds the fixture an operation needs, then checks
// that login's call is refused with want and changes nothing.
func rvRefusedAfterFixture(t *testing.T, e *env, op string, tok map[string]string, login, supply, want string) {
	t.Helper()
	r := e.submit(t, tok["frontline"], ratingInput(supply, 2, true))
	var q string
	vars := map[string]any{}
	switch op {
	case "answerRectification":
		q, vars["id"] = `mutation($id: ID!) { answerRectification(id: $id, answer: "已整改") { status } }`, r.Rect.ID
	case "judgeRectification":
		e.answer(t, tok["staff3"], r.Rect.ID, "已整改")
		q, vars["id"] = `mutation($id: ID!) { judgeRectification(id: $id, verdict: SATISFIED) { status } }`, r.Rect.ID
	case "appealRating":
		q, vars["id"] = `mutation($id: ID!) { appealRating(id: $id, reason: "恶意差评") { appealStatus } }`, r.ID
	case "decideAppeal":
		e.do(t, tok["staff3"], `mutation($id: ID!) { appealRating(id: $id, reason: "评价有误") { id } }`, map[string]any{"id": r.ID}).ok(t, nil)
		q, vars["id"] = `mutation($id: ID!) { decideAppeal(id: $id, uphold: false) { appealStatus } }`, r.ID
	default:
		t.Fatalf("unknown op %s", op)
	}
	before := e.rvCounts(t)
	status := func() string {
		return fmt.Sprint(e.scalar(t, `SELECT appeal_status FROM ratings WHERE id = ?`, mustAtoi(t, r.ID))) + "/" +
			fmt.Sprint(e.scalar(t, `SELECT status FROM rectifications WHERE id = ?`, mustAtoi(t, r.Rect.ID)))
	}
	was := status()
	rvExpect(t, e.do(t, tok[login], q, vars), want, "")
	e.rvSame(t, before, op+" refused")
	if now := status(); now != was {
		t.Fatalf("%s refused but the rating/rectification went from %s to %s", op, was, now)
	}
}

// Bad input is refused with the field at fault and changes nothing.
func TestRatingBadInput(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "frontline", "staff3", "admin")
		supply := e.deptOf(t, "staff3")
		unit := e.deptOf(t, "frontline")
		// Someone else of the same unit: they see the unit's ratings but are not the rater.
		other := e.int64s(t, `SELECT id FROM staff WHERE department_id = ? AND id <> ? ORDER BY id LIMIT 1`,
			mustAtoi(t, unit), e.viewerStaff(t, "frontline"))[0]
		e.rvAddAccount(t, "frontline-colleague", account.RoleFrontline, other)
		tok["colleague"] = e.rvLogin(t, "frontline-colleague")

		r := e.submit(t, tok["frontline"], ratingInput(supply, 2, true))
		otherVisit := e.int64s(t, `SELECT id FROM service_visits WHERE unit_id <> ? ORDER BY id LIMIT 1`, mustAtoi(t, unit))[0]
		hiddenTask := e.int64s(t, `SELECT id FROM tasks WHERE requesting_unit_id IS NULL ORDER BY id LIMIT 1`)[0]
		wrongVisit := e.int64s(t, `SELECT id FROM service_visits WHERE unit_id = ? AND department_id <> ? ORDER BY id LIMIT 1`,
			mustAtoi(t, unit), mustAtoi(t, supply))

		with := func(k string, v any) map[string]any {
			in := ratingInput(supply, 3, false)
			in[k] = v
			return in
		}
		submit := `mutation($in: SubmitRatingInput!) { submitRating(input: $in) { id } }`
		cases := []struct {
			name, login, q string
			vars           map[string]any
			code, field    string
		}{
			{"score 7", "frontline", submit, map[string]any{"in": with("score", 7)}, "BAD_USER_INPUT", "input.score"},
			{"score 0", "frontline", submit, map[string]any{"in": with("score", 0)}, "BAD_USER_INPUT", "input.score"},
			{"attitude 6", "frontline", submit, map[string]any{"in": with("attitude", 6)}, "BAD_USER_INPUT", "input.attitude"},
			{"rating a frontline unit", "frontline", submit, map[string]any{"in": with("targetDepartment", unit)}, "BAD_USER_INPUT", "input.targetDepartment"},
			{"unknown department", "frontline", submit, map[string]any{"in": with("targetDepartment", "999999999")}, "NOT_FOUND", "input.targetDepartment"},
			{"a task the unit cannot see", "frontline", submit, map[string]any{"in": with("task", idStr(hiddenTask))}, "NOT_FOUND", "input.task"},
			{"another unit's visit", "frontline", submit, map[string]any{"in": with("visit", idStr(otherVisit))}, "NOT_FOUND", "input.visit"},
			{"comment too long", "frontline", submit, map[string]any{"in": with("comment", strings.Repeat("差", 2001))}, "BAD_USER_INPUT", "input.comment"},
			{"idempotency key too long", "frontline", submit, map[string]any{"in": with("idempotencyKey", strings.Repeat("k", 101))}, "BAD_USER_INPUT", "input.idempotencyKey"},
			{"empty appeal reason", "staff3", `mutation($id: ID!) { appealRating(id: $id, reason: "  ") { id } }`, map[string]any{"id": r.ID}, "BAD_USER_INPUT", "reason"},
			{"appeal of an unknown rating", "staff3", `mutation { appealRating(id: "999999999", reason: "x") { id } }`, nil, "NOT_FOUND", "id"},
			{"empty answer", "staff3", `mutation($id: ID!) { answerRectification(id: $id, answer: "") { id } }`, map[string]any{"id": r.Rect.ID}, "BAD_USER_INPUT", "answer"},
			{"answer to an unknown rectification", "staff3", `mutation { answerRectification(id: "999999999", answer: "x") { id } }`, nil, "NOT_FOUND", "id"},
			{"judging someone else's rating", "colleague", `mutation($id: ID!) { judgeRectification(id: $id, verdict: SATISFIED) { id } }`, map[string]any{"id": r.Rect.ID}, "FORBIDDEN", ""},
			{"judging before the answer", "frontline", `mutation($id: ID!) { judgeRectification(id: $id, verdict: SATISFIED) { id } }`, map[string]any{"id": r.Rect.ID}, "CONFLICT", ""},
			{"deciding an appeal never filed", "admin", `mutation($id: ID!) { decideAppeal(id: $id, uphold: true) { id } }`, map[string]any{"id": r.ID}, "CONFLICT", ""},
			{"unknown verdict", "frontline", `mutation($id: ID!) { judgeRectification(id: $id, verdict: MAYBE) { id } }`, map[string]any{"id": r.Rect.ID}, "BAD_USER_INPUT", ""},
		}
		if len(wrongVisit) > 0 {
			cases = append(cases, struct {
				name, login, q string
				vars           map[string]any
				code, field    string
			}{"a visit by another department", "frontline", submit, map[string]any{"in": with("visit", idStr(wrongVisit[0]))}, "BAD_USER_INPUT", "input.visit"})
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := e.rvCounts(t)
				rvExpect(t, e.do(t, tok[c.login], c.q, c.vars), c.code, c.field)
				e.rvSame(t, before, c.name)
			})
		}
		if s := e.scalar(t, `SELECT status FROM rectifications WHERE id = ?`, mustAtoi(t, r.Rect.ID)); fmt.Sprint(s) != "OPEN" {
			t.Fatalf("the rectification changed to %v", s)
		}
	})
}
