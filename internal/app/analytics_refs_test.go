package app_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"testing"
)

// Workload and imbalance asked for the ids alone of their Staff and
// Department (the id-only path, which loads no entity) give the same rows as
// the same query asking for names too (the loaded path), for the agency
// leader and for viewers restricted to a subtree; the names are the
// entities' names; a restricted viewer's rows stay inside their subtree and a
// scope outside it stays FORBIDDEN.
func TestAnalyticsIDOnlyRefsOverHTTP(t *testing.T) {
	const query = `query($w: WindowInput) {
  workload(window: $w) { scope { id }
    staff { staff { %[1]s } department { %[1]s } load capacity utilization flag }
    departments { department { %[1]s } staffCount load } }
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
			get := func(sel string) map[string]any {
				var out map[string]any
				e.do(t, tok, fmt.Sprintf(query, sel), vars).ok(t, &out)
				return out
			}
			full := get("id name")
			// The loaded path's names are the entities' names; then they are
			// dropped, and what remains must be the id-only answer.
			n := 0
			walkObjects(full, func(o map[string]any) {
				if name, ok := o["name"]; ok {
					if want := names[o["id"].(string)]; name != want || want == "" {
						t.Errorf("%s: entity %v named %q, want %q", login, o["id"], name, want)
					}
					delete(o, "name")
					n++
				}
			})
			if n < 10 {
				t.Fatalf("%s: only %d named entities: the demo should give more", login, n)
			}
			for _, sel := range []string{"id", "__typename id", "... on Node { id }"} {
				got := get(sel)
				walkObjects(got, func(o map[string]any) { delete(o, "__typename") })
				if !reflect.DeepEqual(full, got) {
					a, _ := json.Marshal(full)
					b, _ := json.Marshal(got)
					t.Errorf("%s, %q: id-only answer differs:\n%.600s\n%.600s", login, sel, a, b)
				}
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
