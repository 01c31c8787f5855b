package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The calendar operations over HTTP: setWorkDays (HOLIDAY, WORKDAY, back
// to NORMAL), importWorkCalendar (notes kept, a bad line refuses the whole
// file), the working-day queries, and a task deadline in working days
// counted on the stored calendar. Expected values are worked out by hand
// for March 2031 (Mon 03-03 … Mon 03-10).
func TestWorkCalendarOperations(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, staff := e.tkLogin(t, "admin"), e.tkLogin(t, "staff")
		type update struct{ Inserted, Updated, Removed, Unchanged int }
		set := func(days string) update {
			var data struct{ SetWorkDays update }
			e.do(t, admin, `mutation{ setWorkDays(days: [`+days+`]) { inserted updated removed unchanged } }`, nil).ok(t, &data)
			return data.SetWorkDays
		}
		between := func() int {
			var data struct{ WorkingDaysBetween int }
			e.do(t, staff, `{ workingDaysBetween(from: "2031-03-03T10:00:00+08:00", to: "2031-03-10T10:00:00+08:00") }`, nil).ok(t, &data)
			return data.WorkingDaysBetween
		}
		add2 := func() time.Time {
			var data struct{ AddWorkingDays time.Time }
			e.do(t, staff, `{ addWorkingDays(from: "2031-03-03T10:00:00+08:00", days: 2) }`, nil).ok(t, &data)
			return data.AddWorkingDays
		}
		cst := time.FixedZone("CST", 8*3600)
		day := func(d int) time.Time { return time.Date(2031, 3, d, 0, 0, 0, 0, cst) }

		// The plain week: Tue 4 … Fri 7 and Mon 10.
		if n := between(); n != 5 {
			t.Fatalf("plain week: %d working days, want 5", n)
		}
		// Wednesday 03-05 a holiday: Tue 4, Thu 6, Fri 7, Mon 10.
		if u := set(`{date: "2031-03-05", kind: HOLIDAY, note: "测试假日"}`); u != (update{Inserted: 1}) {
			t.Fatalf("set holiday: %+v", u)
		}
		if n := between(); n != 4 {
			t.Fatalf("with a holiday: %d, want 4", n)
		}
		// Saturday 03-08 a make-up working day; 03-05 listed again unchanged.
		if u := set(`{date: "2031-03-08", kind: WORKDAY, note: "调休上班"}, {date: "2031-03-05", kind: HOLIDAY, note: "测试假日"}`); u != (update{Inserted: 1, Unchanged: 1}) {
			t.Fatalf("set workday: %+v", u)
		}
		if n := between(); n != 5 {
			t.Fatalf("with a make-up day: %d, want 5", n)
		}
		// Two working days after Monday: Tue 4, (Wed 5 off) Thu 6 → due at midnight ending Thursday.
		if got := add2(); !got.Equal(day(7)) {
			t.Fatalf("addWorkingDays = %s, want %s", got, day(7))
		}
		// A task due in 2 working days from then is due at the same instant.
		var created struct {
			CreateTask struct{ DueAt time.Time } `json:"createTask"`
		}
		e.do(t, staff, `mutation($in: CreateTaskInput!){ createTask(input: $in) { dueAt } }`, map[string]any{"in": map[string]any{
			"title": "日历测试", "kind": "ROUTINE", "leadDepartment": tkID(e.tkDept(t, "AG01")),
			"startAt": "2031-03-03T10:00:00+08:00", "dueInWorkingDays": 2}}).ok(t, &created)
		if !created.CreateTask.DueAt.Equal(day(7)) {
			t.Fatalf("task due %s, want %s", created.CreateTask.DueAt, day(7))
		}
		// Back to normal: Wednesday works again.
		if u := set(`{date: "2031-03-05", kind: NORMAL}`); u != (update{Removed: 1}) {
			t.Fatalf("set normal: %+v", u)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM work_calendar WHERE day = '2031-03-05'`)); n != 0 {
			t.Fatalf("NORMAL left %d rows", n)
		}
		if n, got := between(), add2(); n != 6 || !got.Equal(day(6)) {
			t.Fatalf("after NORMAL: %d working days, due %s; want 6, %s", n, got, day(6))
		}

		// Import: two new dates and a changed note; the notes are kept.
		csv := "date,kind,note\n# 清明\n2031-04-04,休,清明节\n2031-04-07,班,\"清明调休, 上班\"\n2031-03-08,workday,改了备注\n"
		type imported struct{ ImportWorkCalendar update }
		var im imported
		e.do(t, admin, `mutation($c: String!){ importWorkCalendar(csv: $c) { inserted updated removed unchanged } }`, map[string]any{"c": csv}).ok(t, &im)
		if im.ImportWorkCalendar != (update{Inserted: 2, Updated: 1}) {
			t.Fatalf("import: %+v", im.ImportWorkCalendar)
		}
		for d, want := range map[string]string{"2031-04-04": "HOLIDAY 清明节", "2031-04-07": "WORKDAY 清明调休, 上班", "2031-03-08": "WORKDAY 改了备注"} {
			var kind, note string
			if err := e.db().QueryRow(e.rebind(`SELECT kind, note FROM work_calendar WHERE day = ?`), d).Scan(&kind, &note); err != nil {
				t.Fatal(err)
			}
			if kind+" "+note != want {
				t.Errorf("%s: %s %s, want %s", d, kind, note, want)
			}
		}
		e.do(t, admin, `mutation($c: String!){ importWorkCalendar(csv: $c) { inserted updated removed unchanged } }`, map[string]any{"c": csv}).ok(t, &im)
		if im.ImportWorkCalendar != (update{Unchanged: 3}) {
			t.Fatalf("re-import: %+v", im.ImportWorkCalendar)
		}
		// A bad line (4) refuses the whole file.
		before := e.tkCounts(t)
		bad := "2031-05-01,holiday,劳动节\n2031-05-02,holiday\n\n2031-05-06,workday?,x\n"
		r := e.do(t, admin, `mutation($c: String!){ importWorkCalendar(csv: $c) { inserted } }`, map[string]any{"c": bad})
		if r.code() != "BAD_USER_INPUT" || r.tkField() != "csv" || !strings.Contains(r.Errors[0].Message, "line 4") {
			t.Fatalf("bad CSV: %+v", r.Errors)
		}
		if fmt.Sprint(e.tkCounts(t)) != fmt.Sprint(before) {
			t.Fatal("a refused import changed rows")
		}
		// The workCalendar connection lists what the table holds.
		var list struct {
			WorkCalendar struct{ TotalCount int } `json:"workCalendar"`
		}
		e.do(t, staff, `{ workCalendar(where: {dayGTE: "2031-01-01", dayLT: "2032-01-01"}) { totalCount } }`, nil).ok(t, &list)
		if want := asInt(e.scalar(t, `SELECT count(*) FROM work_calendar WHERE day >= '2031-01-01' AND day < '2032-01-01'`)); list.WorkCalendar.TotalCount != want || want != 3 {
			t.Fatalf("workCalendar lists %d days of 2031, the table %d (want 3)", list.WorkCalendar.TotalCount, want)
		}
		// Each change wrote one audit row.
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE entity = 'work_calendar'`)); n != 5 {
			t.Fatalf("%d calendar audit rows, want 5 (3 setWorkDays, 2 imports)", n)
		}
	})
}
