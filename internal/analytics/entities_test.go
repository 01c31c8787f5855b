package analytics

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/testdb"
)

// Whatever Refs asks for, the result rows are the same rows, in the same
// order, with the same figures; the entities carry what was asked: the id
// alone (not read), the id and the columns asked, or everything — read by id
// or, for many staff, by the scope's departments. A viewer restricted to a
// subtree gets the same rows every way, all inside it, and a scope outside
// it stays FORBIDDEN.
func TestRefsSameRows(t *testing.T) {
	win := &WindowInput{From: at("2026-10-05 00:00"), To: at("2026-10-19 00:00")} // two weeks: capacity 80 h at 40 h/week
	fx := &fixture{name: "idonly",
		depts: []*fxDept{{key: "root"}, {key: "X", parent: "root"}, {key: "Xa", parent: "X"}, {key: "Y", parent: "root"}},
		staff: []*fxStaff{
			{key: "x1", dept: "Xa", weekly: 40}, {key: "x2", dept: "X", weekly: 40}, {key: "x3", dept: "Xa", weekly: 40},
			{key: "y1", dept: "Y", weekly: 40, secondedTo: "Xa"}, {key: "y2", dept: "Y", weekly: 40}, {key: "y3", dept: "Y", weekly: 0}},
		tasks: []*fxTask{
			{key: "t1", kind: "ROUTINE", status: "IN_PROGRESS", lead: "Xa", start: at("2026-10-05 09:00"), due: at("2026-10-16 18:00"),
				created: at("2026-10-01 09:00"), assigns: []fxAssign{{"x1", 120}, {"x3", 50}, {"y1", 95}}},
			{key: "t2", kind: "MEETING", status: "NEW", lead: "Y", start: at("2026-10-06 09:00"), due: at("2026-10-06 11:00"),
				created: at("2026-10-01 09:00"), assigns: []fxAssign{{"y2", 100}, {"x2", 2}}},
		},
	}
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, _ := openStore(t, driver, dsn)
		fx.insert(t, st.Client)
		s := &Service{Client: st.Client, Now: func() time.Time { return at("2026-11-27 11:00") }}
		ids := func(keys ...string) []int {
			var out []int
			for _, k := range keys {
				out = append(out, fx.id(k))
			}
			return out
		}
		admin := auth.NewContext(context.Background(), &auth.Viewer{AccountID: 1, Role: auth.RoleAdmin, AllDepartments: true})
		staffX := auth.NewContext(context.Background(), &auth.Viewer{AccountID: 2, Role: auth.RoleStaff,
			DepartmentID: fx.id("X"), Subtree: ids("X", "Xa")})
		ids0 := Need{Partial: true}
		name := Need{Partial: true, Columns: []string{"name"}}
		both := Refs{Staff: ids0, Departments: ids0}
		variants := []Refs{{}, both, {Staff: ids0}, {Staff: name, Departments: name}, {Departments: ids0}}

		for _, v := range []struct {
			name    string
			ctx     context.Context
			allowed []int // departments the viewer's rows may name
			root    int   // the scope's root
		}{{"admin", admin, ids("root", "X", "Xa", "Y"), fx.id("root")}, {"staff of X", staffX, ids("X", "Xa"), fx.id("X")}} {
			// Workload: staff rows and department rows, with the staff read by
			// id and by the scope's departments.
			var rows [][]string
			for i, only := range append(variants, variants...) {
				manyStaff = 1000
				if i >= len(variants) {
					manyStaff = 0
				}
				w, err := s.Workload(v.ctx, Request{Window: win, Refs: only})
				if err != nil {
					t.Fatal(err)
				}
				rows = append(rows, nil)
				checkRef(t, v.name, v.root, w.Scope, only.Departments) // the header's scope
				for _, x := range w.Staff {
					checkRef(t, v.name, x.StaffID, x.Staff, only.Staff)
					checkRef(t, v.name, x.DepartmentID, x.Department, only.Departments)
					if !slices.Contains(v.allowed, x.DepartmentID) {
						t.Errorf("%s: staff row in department %d, outside %v", v.name, x.DepartmentID, v.allowed)
					}
					rows[i] = append(rows[i], fmt.Sprintf("s%d d%d %g %g %v %v", x.StaffID, x.DepartmentID, x.Load, x.Capacity, deref(x.Utilization), deref(x.Flag)))
				}
				for _, d := range w.Departments {
					checkRef(t, v.name, d.DepartmentID, d.Department, only.Departments)
					rows[i] = append(rows[i], fmt.Sprintf("d%d %d %g %g", d.DepartmentID, d.StaffCount, d.Load, d.Capacity))
				}
			}
			manyStaff = 1000
			for i := range rows {
				if len(rows[0]) == 0 || !slices.Equal(rows[0], rows[i]) {
					t.Errorf("%s: workload rows differ:\nwhole %v\n%+v %v", v.name, rows[0], variants[i%len(variants)], rows[i])
				}
			}

			// Imbalance: the figures and the flagged staff.
			var imb [2]string
			for i, only := range []Refs{{}, both} {
				m, err := s.Imbalance(v.ctx, Request{Window: win, Refs: only})
				if err != nil {
					t.Fatal(err)
				}
				imb[i] = fmt.Sprintf("%g %g %d %d %d", m.Gini, m.Top20Share, m.N, m.OverloadedCount, m.IdleCount)
				for _, x := range append(slices.Clone(m.Overloaded), m.Idle...) {
					checkRef(t, v.name, x.StaffID, x.Staff, only.Staff)
					checkRef(t, v.name, x.DepartmentID, x.Department, only.Departments)
					imb[i] += fmt.Sprintf(" s%d d%d %v", x.StaffID, x.DepartmentID, *x.Flag)
				}
			}
			if imb[0] != imb[1] || len(imb[0]) < 20 {
				t.Errorf("%s: imbalance differs:\nfull    %s\nid only %s", v.name, imb[0], imb[1])
			}

			// The staff heatmap.
			var series [2][]string
			for i, only := range []Refs{{}, both} {
				ls, err := s.LoadSeries(v.ctx, Request{Window: win, Refs: only}, LevelStaff)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range ls.Rows {
					checkRef(t, v.name, r.StaffID, r.Staff, only.Staff)
					checkRef(t, v.name, r.DepartmentID, r.Department, only.Departments)
					series[i] = append(series[i], fmt.Sprintf("s%d d%d %d", r.StaffID, r.DepartmentID, len(r.Cells)))
				}
			}
			if len(series[0]) == 0 || !slices.Equal(series[0], series[1]) {
				t.Errorf("%s: heatmap rows differ: %v / %v", v.name, series[0], series[1])
			}
		}

		// Asking for ids only opens no scope.
		y := fx.id("Y")
		if _, err := s.Workload(staffX, Request{Window: win, Scope: &y, Refs: both}); code(err) != apperr.Forbidden {
			t.Errorf("staff of X, scope Y, ids only: %v", err)
		}
		if _, err := s.Imbalance(staffX, Request{Window: win, Scope: &y, Refs: both}); code(err) != apperr.Forbidden {
			t.Errorf("staff of X, imbalance of Y, ids only: %v", err)
		}
		// The secondee works for Xa in the window and is counted there.
		w, err := s.Workload(staffX, Request{Window: win, Refs: both})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, x := range w.Staff {
			got = append(got, x.StaffID)
		}
		slices.Sort(got)
		if want := ids("x1", "x2", "x3", "y1"); !slices.Equal(got, want) {
			t.Errorf("staff of X sees %v, want %v", got, want)
		}
	})
}

// checkRef: a reference carries what was asked: its id alone, its id and
// name, or the whole entity (its name and its code or employee number).
func checkRef[E interface{ *ent.Staff | *ent.Department }](t *testing.T, who string, id int, e E, need Need) {
	t.Helper()
	var gotID int
	var name, other string
	switch x := any(e).(type) {
	case *ent.Staff:
		if x == nil {
			t.Errorf("%s: staff %d not set", who, id)
			return
		}
		gotID, name, other = x.ID, x.Name, x.EmployeeNo
	case *ent.Department:
		if x == nil {
			t.Errorf("%s: department %d not set", who, id)
			return
		}
		gotID, name, other = x.ID, x.Name, x.Code
	}
	if gotID != id {
		t.Errorf("%s: reference %d holds entity %d", who, id, gotID)
	}
	wantName := !need.Partial || slices.Contains(need.Columns, "name")
	if (name != "") != wantName || (other != "") != !need.Partial {
		t.Errorf("%s: entity %d has name %q and %q, asked %+v", who, id, name, other, need)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
