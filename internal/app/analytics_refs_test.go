package app_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"
)

// Workload and imbalance give the same rows whether their Staff and
// Department are asked for with an edge (whole entities are loaded), for
// columns only (those columns are read) or for ids only (no entity is
// read), for the agency leader and for viewers restricted to a subtree; the
// names are the entities' names; a restricted viewer's rows stay inside
// their subtree and a scope outside it stays FORBIDDEN.
func TestAnalyticsRefsOverHTTP(t *testing.T) {
	const query = `query($w: WindowInput) {
  workload(window: $w) { scope { id }
    staff { staff { %[1]s } department { %[2]s } load capacity utilization flag }
    departments { department { %[2]s } staffCount load } }
  imbalance(window: $w) { gini n overloaded { staff { %[1]s } load } idle { staff { %[1]s } load } } }`
	forEachDialect(t, func(t *testing.T, e *env) {
		vars := map[string]any{"w": e.anWindow(t)}
		names := map[string]string{}
		for _, table := range []string{"staff", "departments"} {
			rows, err := e.db().Query(`SELECT id, name FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				var name string
				if err := rows.Scan(&id, &name); err != nil {
					t.Fatal(err)
				}
				names[strconv.FormatInt(id, 10)] = name
			}
			rows.Close()
		}
		parents := map[string]string{}
		rows, err := e.db().Query(`SELECT id, parent_id FROM departments WHERE parent_id IS NOT NULL`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent int64
			if err := rows.Scan(&id, &parent); err != nil {
				t.Fatal(err)
			}
			parents[strconv.FormatInt(id, 10)] = strconv.FormatInt(parent, 10)
		}
		rows.Close()
		inside := func(dept, root string) bool {
			for d := dept; d != ""; d = parents[d] {
				if d == root {
					return true
				}
			}
			return false
		}

		for _, login := range []string{"leader", "leader2", "staff"} {
			tok := e.login(t, login)
			get := func(staff, dept string) map[string]any {
				var out map[string]any
				e.do(t, tok, fmt.Sprintf(query, staff, dept), vars).ok(t, &out)
				return out
			}
			strip := func(v map[string]any, keys ...string) map[string]any {
				walkObjects(v, func(o map[string]any) {
					for _, k := range keys {
						delete(o, k)
					}
				})
				return v
			}
			same := func(what string, a, b map[string]any) {
				if !reflect.DeepEqual(a, b) {
					x, _ := json.Marshal(a)
					y, _ := json.Marshal(b)
					t.Errorf("%s, %s differs:\n%.600s\n%.600s", login, what, x, y)
				}
			}
			// Whole entities (an edge asks for them): their names are the
			// entities' names.
			full := strip(get("id name employeeNo mentor { id }", "id name code parent { id }"), "mentor", "parent")
			n := 0
			walkObjects(full, func(o map[string]any) {
				if name, ok := o["name"]; ok {
					if want := names[o["id"].(string)]; name != want || want == "" {
						t.Errorf("%s: entity %v named %q, want %q", login, o["id"], name, want)
					}
					n++
				}
			})
			if n < 10 {
				t.Fatalf("%s: only %d named entities: the demo should give more", login, n)
			}
			same("columns only", full, get("id name employeeNo", "id name code"))
			strip(full, "name", "employeeNo", "code")
			for _, sel := range []string{"id", "__typename id", "... on Node { id }"} {
				same(sel, full, strip(get(sel, sel), "__typename"))
			}

			// Every row is inside the viewer's scope.
			root := full["workload"].(map[string]any)["scope"].(map[string]any)["id"].(string)
			for _, r := range full["workload"].(map[string]any)["staff"].([]any) {
				d := r.(map[string]any)["department"].(map[string]any)["id"].(string)
				if !inside(d, root) {
					t.Errorf("%s: staff row in department %s, outside the scope %s", login, d, root)
				}
			}
			if login != "leader" {
				var top string
				for d := root; d != ""; d = parents[d] {
					top = d
				}
				r := e.do(t, tok, `query($w: WindowInput, $s: ID) { workload(window: $w, scope: $s) { staff { staff { id } } } }`,
					map[string]any{"w": vars["w"], "s": top})
				if r.code() != "FORBIDDEN" {
					t.Errorf("%s: workload of the root with ids only: %s %+v", login, r.Data, r.Errors)
				}
			}
		}
	})
}

// walkObjects calls fn on every JSON object under v.
func walkObjects(v any, fn func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		fn(x)
		for _, c := range x {
			walkObjects(c, fn)
		}
	case []any:
		for _, c := range x {
			walkObjects(c, fn)
		}
	}
}
