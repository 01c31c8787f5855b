package analytics

import (
	"context"
	"testing"
	"time"

	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/testdb"
)

func code(err error) apperr.Code {
	if e, ok := apperr.As(err); ok {
		return e.Code
	}
	if err != nil {
		return "OTHER: " + apperr.Code(err.Error())
	}
	return ""
}

// Who may ask for which scope, and the defaults; checked in the domain
// function (analytics are aggregates, not entity reads).
func TestAccessAndScope(t *testing.T) {
	fx := &fixture{name: "ac",
		depts: []*fxDept{{key: "root"}, {key: "X", parent: "root"}, {key: "Xa", parent: "X"}, {key: "Y", parent: "root"},
			{key: "f", parent: "root", frontline: true}},
		staff: []*fxStaff{{key: "x1", dept: "Xa", weekly: 40}, {key: "y1", dept: "Y", weekly: 40}},
		tasks: []*fxTask{{key: "t", kind: "ROUTINE", status: "NEW", lead: "Xa", start: at("2026-10-08 09:00"), due: at("2026-10-20 09:00"),
			created: at("2026-10-01 09:00"), assigns: assign("x1", 10)}},
	}
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, _ := openStore(t, driver, dsn)
		fx.insert(t, st.Client)
		now := at("2026-11-27 11:00")
		s := &Service{Client: st.Client, Now: func() time.Time { return now }} // dialect detected
		sub := func(keys ...string) []int {
			var ids []int
			for _, k := range keys {
				ids = append(ids, fx.id(k))
			}
			return ids
		}
		viewer := func(role auth.Role, dept string, sub []int, all bool, scopes []string) context.Context {
			v := &auth.Viewer{AccountID: 1, Role: role, Subtree: sub, AllDepartments: all, Scopes: scopes}
			if dept != "" {
				v.DepartmentID = fx.id(dept)
			}
			return auth.NewContext(context.Background(), v)
		}
		ptr := func(k string) *int { id := fx.id(k); return &id }
		admin := viewer(auth.RoleAdmin, "", nil, true, nil)
		leader := viewer(auth.RoleLeader, "root", sub("root", "X", "Xa", "Y", "f"), true, nil)
		staffX := viewer(auth.RoleStaff, "X", sub("X", "Xa"), false, nil)
		front := viewer(auth.RoleFrontline, "f", nil, false, nil)
		noScope := viewer(auth.RoleLeader, "root", sub("root", "X", "Xa", "Y", "f"), true, []string{auth.ScopeReadOrg})

		cases := []struct {
			name  string
			ctx   context.Context
			scope *int
			code  apperr.Code
			root  string // the resolved scope's root
		}{
			{"anonymous", context.Background(), nil, apperr.Unauthenticated, ""},
			{"frontline", front, nil, apperr.Forbidden, ""},
			{"token without read:analytics", noScope, nil, apperr.Forbidden, ""},
			{"admin default", admin, nil, "", "root"},
			{"agency leader default", leader, nil, "", "root"},
			{"staff default", staffX, nil, "", "X"},
			{"staff own subtree", staffX, ptr("Xa"), "", "Xa"},
			{"staff outside subtree", staffX, ptr("Y"), apperr.Forbidden, ""},
			{"staff asks the root", staffX, ptr("root"), apperr.Forbidden, ""},
		}
		for _, c := range cases {
			w, err := s.Workload(c.ctx, Request{Scope: c.scope})
			if code(err) != c.code {
				t.Errorf("%s: error %v, want code %q", c.name, err, c.code)
				continue
			}
			if err != nil {
				continue
			}
			if w.Scope == nil || w.Scope.ID != fx.id(c.root) {
				t.Errorf("%s: scope %v, want %s", c.name, w.Scope, c.root)
			}
			if !w.Window.From.Equal(at("2026-10-01 00:00")) || !w.Window.To.Equal(at("2027-01-01 00:00")) {
				t.Errorf("%s: default window %v – %v, want the current quarter", c.name, w.Window.From, w.Window.To)
			}
		}
		unknown := 999999
		if _, err := s.Workload(admin, Request{Scope: &unknown}); code(err) != apperr.NotFound {
			t.Errorf("admin, unknown scope: %v", err)
		}
		// The staff member of Xa appears with their Staff and Department loaded.
		w, err := s.Workload(staffX, Request{})
		if err != nil {
			t.Fatal(err)
		}
		if len(w.Staff) != 1 || w.Staff[0].Staff == nil || w.Staff[0].Staff.Name != "x1" || w.Staff[0].Department.ID != fx.id("Xa") {
			t.Fatalf("workload of X: %+v", w.Staff)
		}
		if len(w.Departments) != 2 || w.Departments[0].Department == nil {
			t.Fatalf("departments of X: %+v", w.Departments)
		}
		// Drill-down into a person outside the subtree.
		if _, err := s.StaffLoad(staffX, fx.id("y1"), nil); code(err) != apperr.Forbidden {
			t.Errorf("staff drilling into another department: %v", err)
		}
		if sl, err := s.StaffLoad(staffX, fx.id("x1"), nil); err != nil || sl.Load <= 0 {
			t.Errorf("staff drilling into their department: %v %+v", err, sl)
		}
		if _, err := s.StaffLoad(admin, 999999, nil); code(err) != apperr.NotFound {
			t.Errorf("unknown staff: %v", err)
		}
		if _, err := s.DepartmentRatings(staffX, fx.id("Y"), nil); code(err) != apperr.Forbidden {
			t.Errorf("ratings of another department: %v", err)
		}

		// Windows.
		bad := []WindowInput{
			{From: at("2026-03-01 00:00"), To: at("2026-03-01 00:00")},
			{From: at("2026-03-01 00:00"), To: at("2026-02-01 00:00")},
			{From: at("2020-01-01 00:00"), To: at("2026-01-01 00:00")},
		}
		for _, in := range bad {
			if _, err := s.Workload(admin, Request{Window: &in}); code(err) != apperr.BadUserInput {
				t.Errorf("window %v – %v: %v", in.From, in.To, err)
			}
		}
		if _, err := s.PingPongTasks(admin, Request{}, func() *int { n := 101; return &n }()); code(err) != apperr.BadUserInput {
			t.Errorf("pingPongTasks(first: 101): %v", err)
		}
	})
}
