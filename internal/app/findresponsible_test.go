package app_test

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"
)

type tkMatch struct {
	Item struct {
		ID           string `json:"id"`
		CategoryPath string `json:"categoryPath"`
	} `json:"item"`
	ResponsibleDepartment *struct{ ID string } `json:"responsibleDepartment"`
	LeadDepartment        *struct{ ID string } `json:"leadDepartment"`
	Commitment            struct {
		RespondWithinHours int `json:"respondWithinHours"`
		ResolveWithinDays  int `json:"resolveWithinDays"`
	} `json:"commitment"`
	Score   float64  `json:"score"`
	Matched []string `json:"matched"`
}

const tkFindQuery = `query($q: String!){ findResponsible(query: $q) { item { id categoryPath } responsibleDepartment { id }
	leadDepartment { id } commitment { respondWithinHours resolveWithinDays } score matched } }`

// 找谁办 finds the report's own examples first: the top match for each word
// is the item whose category path ends in it (found here by a plain SQL
// LIKE), with its departments and commitment as stored.
func TestFindResponsible(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		tok := e.login(t, "frontline")
		for _, q := range []string{"落水管", "门窗", "电路", "打印机", "车间办公楼的落水管漏水了"} {
			var data struct{ FindResponsible []tkMatch }
			e.do(t, tok, tkFindQuery, map[string]any{"q": q}).ok(t, &data)
			ms := data.FindResponsible
			if len(ms) == 0 || len(ms) > 10 {
				t.Fatalf("%s: %d matches", q, len(ms))
			}
			for i := 1; i < len(ms); i++ {
				if ms[i].Score > ms[i-1].Score {
					t.Fatalf("%s: not ranked best first: %v after %v", q, ms[i].Score, ms[i-1].Score)
				}
			}
			leaf := q
			if strings.Contains(q, "落水管") {
				leaf = "落水管"
			}
			var path string
			var itemID, resp, lead, hours, days int64
			err := e.db().QueryRow(e.rebind(`SELECT id, category_path, responsible_department_id, lead_department_id,
				respond_within_hours, resolve_within_days FROM responsibility_items WHERE category_path LIKE ?`), "%/"+leaf).
				Scan(&itemID, &path, &resp, &lead, &hours, &days)
			if err != nil {
				t.Fatalf("%s: %v", leaf, err)
			}
			top := ms[0]
			if top.Item.ID != tkID(int(itemID)) || top.Item.CategoryPath != path ||
				top.ResponsibleDepartment == nil || top.ResponsibleDepartment.ID != tkID(int(resp)) ||
				top.LeadDepartment == nil || top.LeadDepartment.ID != tkID(int(lead)) ||
				top.Commitment.RespondWithinHours != int(hours) || top.Commitment.ResolveWithinDays != int(days) {
				t.Fatalf("%s: top match %+v, want item %d %s of department %d (lead %d, %dh/%dd)", q, top, itemID, path, resp, lead, hours, days)
			}
			if !slices.Contains(top.Matched, leaf) {
				t.Fatalf("%s: matched terms %v", q, top.Matched)
			}
		}
		var data struct{ FindResponsible []tkMatch }
		e.do(t, tok, tkFindQuery, map[string]any{"q": "量子纠缠"}).ok(t, &data)
		if len(data.FindResponsible) != 0 {
			t.Fatalf("an unrelated query matched %+v", data.FindResponsible)
		}
	})
}

// responsibilityGaps: the unowned items and the keywords claimed by items
// of different departments, both recomputed here from the table.
func TestResponsibilityGaps(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var data struct {
			ResponsibilityGaps struct {
				Unowned  []struct{ ID string } `json:"unowned"`
				Overlaps []struct {
					Keyword     string                `json:"keyword"`
					Items       []struct{ ID string } `json:"items"`
					Departments []struct{ ID string } `json:"departments"`
				} `json:"overlaps"`
			} `json:"responsibilityGaps"`
		}
		e.do(t, e.login(t, "leader"), `{ responsibilityGaps { unowned { id } overlaps { keyword items { id } departments { id } } } }`, nil).ok(t, &data)
		g := data.ResponsibilityGaps

		rows, err := e.db().Query(`SELECT id, keywords, responsible_department_id FROM responsibility_items`)
		if err != nil {
			t.Fatal(err)
		}
		var wantUnowned []string
		claims := map[string]map[string]bool{} // keyword → departments
		for rows.Next() {
			var itemID int64
			var kws any
			var resp *int64
			if err := rows.Scan(&itemID, &kws, &resp); err != nil {
				t.Fatal(err)
			}
			if resp == nil {
				wantUnowned = append(wantUnowned, tkID(int(itemID)))
				continue
			}
			var list []string
			if kws != nil {
				if err := json.Unmarshal([]byte(tkString(kws)), &list); err != nil {
					t.Fatal(err)
				}
			}
			for _, k := range list {
				if claims[k] == nil {
					claims[k] = map[string]bool{}
				}
				claims[k][tkID(int(*resp))] = true
			}
		}
		rows.Close()
		var gotUnowned []string
		for _, u := range g.Unowned {
			gotUnowned = append(gotUnowned, u.ID)
		}
		sort.Strings(wantUnowned)
		sort.Strings(gotUnowned)
		if len(wantUnowned) == 0 || strings.Join(gotUnowned, ",") != strings.Join(wantUnowned, ",") {
			t.Fatalf("unowned %v, want %v", gotUnowned, wantUnowned)
		}
		var wantKw, gotKw []string
		for k, ds := range claims {
			if len(ds) > 1 {
				wantKw = append(wantKw, k)
			}
		}
		for _, o := range g.Overlaps {
			gotKw = append(gotKw, o.Keyword)
			var ds []string
			for _, d := range o.Departments {
				ds = append(ds, d.ID)
			}
			if len(ds) != len(claims[o.Keyword]) || len(o.Items) < 2 {
				t.Errorf("overlap %s: departments %v, items %d; want %v", o.Keyword, ds, len(o.Items), claims[o.Keyword])
			}
		}
		sort.Strings(wantKw)
		sort.Strings(gotKw)
		if !slices.Contains(wantKw, "电路") || strings.Join(gotKw, ",") != strings.Join(wantKw, ",") {
			t.Fatalf("overlapping keywords %v, want %v (电路 among them)", gotKw, wantKw)
		}
	})
}
