package app_test

import (
	"fmt"
	"testing"

	"xiaoneng/ent/task"
)

// The role × operation table of docs/ACCESS.md "Task operations", one
// subtest per cell: the allowed roles succeed, the others get FORBIDDEN
// (UNAUTHENTICATED without a token) and change no row. Besides the four
// demo roles, leader2 (LEADER of 后勤服务中心) and staff2 (STAFF of 政治处)
// show that LEADER and STAFF act only within their subtree: the target
// tasks are led by 办公室 (the `staff` account's department) and requested
// by 第一车间 (the `frontline` account's unit).
func TestTaskAccessMatrix(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		type viewer struct{ label, login string }
		viewers := []viewer{
			{"ADMIN", "admin"}, {"LEADER", "leader"}, {"STAFF", "staff"}, {"FRONTLINE", "frontline"},
			{"LEADER_other_subtree", "leader2"}, {"STAFF_other_department", "staff2"}, {"anonymous", ""},
		}
		tokens := map[string]string{}
		staffOf := map[string]int{}
		for _, v := range viewers {
			if v.login != "" {
				tokens[v.login] = e.tkLogin(t, v.login)
				staffOf[v.login] = asInt(e.scalar(t, `SELECT staff_id FROM accounts WHERE login = ?`, v.login))
			}
		}
		office, logi := e.tkDept(t, "AG01"), e.tkDept(t, "AG10")
		drain := asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path LIKE ?`, "%/落水管"))

		type op struct {
			name    string
			allowed []string // logins
			query   string
			setup   func(login string) map[string]any // the target, written before the call
		}
		agency := []string{"admin", "leader", "staff"}
		everyone := []string{"admin", "leader", "staff", "frontline", "leader2", "staff2"}
		none := func(string) map[string]any { return nil }
		onTask := func(f tkFixture, extra map[string]any) func(string) map[string]any {
			return func(string) map[string]any {
				vars := map[string]any{"id": tkID(e.tkTask(t, f))}
				for k, v := range extra {
					vars[k] = v
				}
				return vars
			}
		}
		ops := []op{
			{"createTask", agency, `mutation($in: CreateTaskInput!){ createTask(input: $in) { id } }`, func(string) map[string]any {
				return map[string]any{"in": map[string]any{"title": "权限测试", "kind": "ROUTINE", "leadDepartment": tkID(office), "dueInWorkingDays": 5}}
			}},
			{"assignTask", agency, `mutation($id: ID!, $s: ID!){ assignTask(id: $id, assignees: [{staff: $s, hours: 3}]) { id } }`,
				onTask(tkFixture{}, map[string]any{"s": tkID(staffOf["staff"])})},
			{"acceptTask", agency, `mutation($id: ID!){ acceptTask(id: $id) { id } }`, onTask(tkFixture{}, nil)},
			{"transferTask", agency, `mutation($id: ID!, $to: ID!){ transferTask(id: $id, toDepartment: $to, reason: "权限测试") { id } }`,
				onTask(tkFixture{}, map[string]any{"to": tkID(logi)})},
			{"updateTaskStatus", agency, `mutation($id: ID!){ updateTaskStatus(id: $id, status: IN_PROGRESS) { id } }`,
				onTask(tkFixture{status: task.StatusAccepted}, nil)},
			// On the viewer's own assignment; leader2 and staff2 are not
			// assigned (an assignment would let them act on the task).
			{"logHours", agency, `mutation($id: ID!){ logHours(id: $id, hours: 1.5) { id } }`, func(login string) map[string]any {
				f := tkFixture{}
				if login != "leader2" && login != "staff2" && login != "" {
					f.assign = []int{staffOf[login]}
				}
				return onTask(f, nil)(login)
			}},
			{"cancelTask", agency, `mutation($id: ID!){ cancelTask(id: $id, reason: "权限测试") { id } }`, onTask(tkFixture{}, nil)},
			{"fileRequest", []string{"frontline"}, `mutation($i: ID!){ fileRequest(item: $i, description: "权限测试：落水管漏水") { id } }`,
				func(string) map[string]any { return map[string]any{"i": tkID(drain)} }},
			{"setWorkDays", []string{"admin"}, `mutation{ setWorkDays(days: [{date: "2032-01-05", kind: HOLIDAY, note: "权限测试"}]) { inserted } }`, none},
			{"importWorkCalendar", []string{"admin"}, `mutation{ importWorkCalendar(csv: "2032-02-02,holiday,权限测试") { inserted } }`, none},
			{"workingDaysBetween", everyone, `{ workingDaysBetween(from: "2032-03-01T09:00:00+08:00", to: "2032-03-08T09:00:00+08:00") }`, none},
			{"addWorkingDays", everyone, `{ addWorkingDays(from: "2032-03-01T09:00:00+08:00", days: 3) }`, none},
			{"findResponsible", everyone, `{ findResponsible(query: "打印机") { score item { id } } }`, none},
			{"responsibilityGaps", []string{"admin", "leader", "leader2"}, `{ responsibilityGaps { unowned { id } overlaps { keyword } } }`, none},
		}
		for _, o := range ops {
			for _, v := range viewers {
				allowed := false
				for _, l := range o.allowed {
					allowed = allowed || l == v.login
				}
				t.Run(o.name+"/"+v.label, func(t *testing.T) {
					vars := o.setup(v.login)
					before := e.tkCounts(t)
					r := e.do(t, tokens[v.login], o.query, vars)
					switch {
					case allowed:
						if len(r.Errors) > 0 {
							t.Fatalf("%s refused: %+v", v.login, r.Errors)
						}
						return
					case v.login == "" && r.code() != "UNAUTHENTICATED":
						t.Fatalf("anonymous: %+v %s", r.Errors, r.Data)
					case v.login != "" && r.code() != "FORBIDDEN":
						t.Fatalf("%s: got %+v %s, want FORBIDDEN", v.login, r.Errors, r.Data)
					}
					if after := e.tkCounts(t); fmt.Sprint(after) != fmt.Sprint(before) {
						t.Fatalf("a refused call changed rows: %v → %v", before, after)
					}
				})
			}
		}
	})
}
