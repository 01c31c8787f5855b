package app_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/settings"
)

// ——— helpers of the responsibility list's tests (prefixed resp) ———

const respItemFields = `id list title categoryPath keywords synonyms respondWithinHours resolveWithinDays commitment
	legalBasis contact retired retiredAt deletable responsibleDepartment { id } leadDepartment { id }`

type respItemData struct {
	ID                    string               `json:"id"`
	List                  string               `json:"list"`
	Title                 string               `json:"title"`
	CategoryPath          string               `json:"categoryPath"`
	Keywords              []string             `json:"keywords"`
	Synonyms              []string             `json:"synonyms"`
	RespondWithinHours    int                  `json:"respondWithinHours"`
	ResolveWithinDays     int                  `json:"resolveWithinDays"`
	Commitment            string               `json:"commitment"`
	LegalBasis            string               `json:"legalBasis"`
	Contact               string               `json:"contact"`
	Retired               bool                 `json:"retired"`
	RetiredAt             *time.Time           `json:"retiredAt"`
	Deletable             bool                 `json:"deletable"`
	ResponsibleDepartment *struct{ ID string } `json:"responsibleDepartment"`
	LeadDepartment        *struct{ ID string } `json:"leadDepartment"`
}

func (d respItemData) resp() string {
	if d.ResponsibleDepartment == nil {
		return ""
	}
	return d.ResponsibleDepartment.ID
}

func (d respItemData) lead() string {
	if d.LeadDepartment == nil {
		return ""
	}
	return d.LeadDepartment.ID
}

// respMutate runs one item mutation and decodes the item it returns.
func (e *env) respMutate(t *testing.T, token, call, args string, vars map[string]any) (respItemData, gqlResponse) {
	t.Helper()
	r := e.do(t, token, `mutation(`+args+`) { `+call+` { `+respItemFields+` } }`, vars)
	var data map[string]respItemData
	if len(r.Errors) == 0 {
		r.ok(t, &data)
	}
	return data[strings.SplitN(call, "(", 2)[0]], r
}

const (
	respCreate  = "createResponsibilityItem(input: $in)"
	respCreateA = "$in: CreateResponsibilityItemInput!"
	respUpdate  = "updateResponsibilityItem(id: $id, input: $in)"
	respUpdateA = "$id: ID!, $in: UpdateResponsibilityItemInput!"
)

// respCounts counts the rows the list's operations write, and the data version.
func (e *env) respCounts(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, tbl := range []string{"responsibility_items", "synonym_groups", "audit_logs", "tasks", "task_events"} {
		fmt.Fprintf(&b, "%s=%d ", tbl, asInt(e.scalar(t, `SELECT count(*) FROM `+tbl)))
	}
	fmt.Fprintf(&b, "version=%d", e.dataVersion(t))
	return b.String()
}

// respAudit is the newest audit row of entity id: its action and detail.
func (e *env) respAudit(t *testing.T, entity string, id string) (string, map[string]any) {
	t.Helper()
	var action, detail string
	err := e.db().QueryRow(e.rebind(`SELECT action, detail FROM audit_logs WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1`),
		entity, mustAtoi(t, id)).Scan(&action, &detail)
	if err != nil {
		t.Fatalf("audit row of %s %s: %v", entity, id, err)
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(detail), &d); err != nil {
		t.Fatal(err)
	}
	return action, d
}

// respFind is the categoryPaths findResponsible returns for q.
func (e *env) respFind(t *testing.T, token, q string) []string {
	t.Helper()
	var data struct{ FindResponsible []tkMatch }
	e.do(t, token, tkFindQuery, map[string]any{"q": q}).ok(t, &data)
	var out []string
	for _, m := range data.FindResponsible {
		out = append(out, m.Item.ID)
	}
	return out
}

// ——— the item's life: create, find, change, retire, restore, delete ———

func TestResponsibilityItemLifecycle(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, front := e.tkLogin(t, "admin"), e.tkLogin(t, "frontline")
		logi, office := tkID(e.tkDept(t, "AG10")), tkID(e.tkDept(t, "AG01"))

		// Create, with every field; texts are trimmed, repeats dropped, the path's levels tidied.
		before := e.respCounts(t)
		it, r := e.respMutate(t, admin, respCreate, respCreateA, map[string]any{"in": map[string]any{
			"list": "RESPONSIBILITY", "title": "  锅炉房维修 ", "categoryPath": "设施设备 / 供暖／锅炉",
			"keywords": []string{"锅炉", "供热", "锅炉"}, "synonyms": []string{"暖气片不热", "ＧＬ"},
			"responsibleDepartment": logi, "leadDepartment": office,
			"respondWithinHours": 2, "resolveWithinDays": 3,
			"commitment": "2个工作小时内响应。", "legalBasis": "《锅炉安全技术规程》", "contact": "维修班 6601",
		}})
		r.ok(t, nil)
		if it.Title != "锅炉房维修" || it.CategoryPath != "设施设备/供暖/锅炉" || fmt.Sprint(it.Keywords) != "[锅炉 供热]" ||
			fmt.Sprint(it.Synonyms) != "[暖气片不热 ＧＬ]" || it.resp() != logi || it.lead() != office ||
			it.RespondWithinHours != 2 || it.ResolveWithinDays != 3 || it.Commitment != "2个工作小时内响应。" ||
			it.LegalBasis != "《锅炉安全技术规程》" || it.Contact != "维修班 6601" || it.Retired || !it.Deletable {
			t.Fatalf("created %+v", it)
		}
		if after := e.respCounts(t); after == before || asInt(e.scalar(t, `SELECT count(*) FROM responsibility_items WHERE id = ?`, mustAtoi(t, it.ID))) != 1 ||
			asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE entity = 'responsibility_item' AND entity_id = ?`, mustAtoi(t, it.ID))) != 1 {
			t.Fatalf("the item and its one audit row were not written: %s → %s", before, after)
		}
		if action, d := e.respAudit(t, "responsibility_item", it.ID); action != "create_responsibility_item" || d["source"] != "api" {
			t.Fatalf("audit %s %v", action, d)
		}
		// Defaults: a bare item commits to 4 hours and 5 days on the responsibility list.
		bare, r := e.respMutate(t, admin, respCreate, respCreateA, map[string]any{"in": map[string]any{"title": "临时事项", "categoryPath": "测试"}})
		r.ok(t, nil)
		if bare.List != "RESPONSIBILITY" || bare.RespondWithinHours != 4 || bare.ResolveWithinDays != 5 || bare.resp() != "" || len(bare.Keywords) != 0 {
			t.Fatalf("bare item %+v", bare)
		}

		// 找谁办 finds it by its synonym (full width folded), in everyday words.
		if got := e.respFind(t, front, "暖气片不热了怎么办"); len(got) == 0 || got[0] != it.ID {
			t.Fatalf("暖气片不热了怎么办 → %v, want %s first", got, it.ID)
		}
		if got := e.respFind(t, front, "gl坏了"); len(got) == 0 || got[0] != it.ID {
			t.Fatalf("gl坏了 → %v, want %s first", got, it.ID)
		}

		// A partial change: what is given changes, the rest stays; one audit row with the differences.
		ch, r := e.respMutate(t, admin, respUpdate, respUpdateA, map[string]any{"id": it.ID, "in": map[string]any{
			"synonyms": []string{"锅炉不烧了"}, "clearLeadDepartment": true, "resolveWithinDays": 4}})
		r.ok(t, nil)
		if fmt.Sprint(ch.Synonyms) != "[锅炉不烧了]" || ch.lead() != "" || ch.ResolveWithinDays != 4 ||
			ch.Title != it.Title || fmt.Sprint(ch.Keywords) != fmt.Sprint(it.Keywords) || ch.resp() != logi {
			t.Fatalf("updated %+v", ch)
		}
		action, d := e.respAudit(t, "responsibility_item", it.ID)
		changes, _ := d["changes"].(map[string]any)
		var changed []string
		for k := range changes {
			changed = append(changed, k)
		}
		slices.Sort(changed)
		if action != "update_responsibility_item" || fmt.Sprint(changed) != "[leadDepartment resolveWithinDays synonyms]" {
			t.Fatalf("audit %s %v", action, d)
		}
		// The same values again change nothing and write nothing.
		before = e.respCounts(t)
		_, r = e.respMutate(t, admin, respUpdate, respUpdateA, map[string]any{"id": it.ID, "in": map[string]any{
			"synonyms": []string{"锅炉不烧了"}, "resolveWithinDays": 4, "title": "锅炉房维修"}})
		r.ok(t, nil)
		if after := e.respCounts(t); after != before {
			t.Fatalf("a change to the same values wrote: %s → %s", before, after)
		}
		// Nobody responsible any more: it is a gap to fix.
		_, r = e.respMutate(t, admin, respUpdate, respUpdateA, map[string]any{"id": it.ID, "in": map[string]any{"clearResponsibleDepartment": true}})
		r.ok(t, nil)
		if g := e.gaps(t, admin); !slices.Contains(g.ItemIDs, it.ID) || !slices.Contains(g.unowned(), it.ID) {
			t.Fatalf("the unowned item is not among the gaps: %v", g.ItemIDs)
		}
		_, r = e.respMutate(t, admin, respUpdate, respUpdateA, map[string]any{"id": it.ID, "in": map[string]any{"responsibleDepartment": logi}})
		r.ok(t, nil)

		// Retire: kept, not found, not requested; twice is CONFLICT.
		ret, r := e.respMutate(t, admin, "retireResponsibilityItem(id: $id)", "$id: ID!", map[string]any{"id": it.ID})
		r.ok(t, nil)
		if !ret.Retired || ret.RetiredAt == nil {
			t.Fatalf("retired %+v", ret)
		}
		if action, _ := e.respAudit(t, "responsibility_item", it.ID); action != "retire_responsibility_item" {
			t.Fatalf("audit %s", action)
		}
		if got := e.respFind(t, front, "锅炉不烧了"); slices.Contains(got, it.ID) {
			t.Fatalf("a retired item was found: %v", got)
		}
		if g := e.gaps(t, admin); slices.Contains(g.ItemIDs, it.ID) {
			t.Fatal("a retired item is among the gaps")
		}
		before = e.respCounts(t)
		file := `mutation($i: ID) { fileRequest(item: $i, description: "锅炉不烧了") { id } }`
		if r := e.do(t, front, file, map[string]any{"i": it.ID}); r.code() != "CONFLICT" || r.tkField() != "item" {
			t.Fatalf("a request naming a retired item: %+v", r.Errors)
		}
		if _, r := e.respMutate(t, admin, "retireResponsibilityItem(id: $id)", "$id: ID!", map[string]any{"id": it.ID}); r.code() != "CONFLICT" || r.tkField() != "id" {
			t.Fatalf("retiring twice: %+v", r.Errors)
		}
		// A new item with its path and title is CONFLICT, saying to restore it.
		_, r = e.respMutate(t, admin, respCreate, respCreateA, map[string]any{"in": map[string]any{"title": "锅炉房维修", "categoryPath": "设施设备/供暖/锅炉"}})
		if r.code() != "CONFLICT" || r.tkField() != "input.title" || !strings.Contains(r.Errors[0].Message, "restore") {
			t.Fatalf("a duplicate of a retired item: %+v", r.Errors)
		}
		if after := e.respCounts(t); after != before {
			t.Fatalf("refused calls wrote: %s → %s", before, after)
		}
		// Restore: found again; twice is CONFLICT.
		res, r := e.respMutate(t, admin, "restoreResponsibilityItem(id: $id)", "$id: ID!", map[string]any{"id": it.ID})
		r.ok(t, nil)
		if res.Retired || res.RetiredAt != nil {
			t.Fatalf("restored %+v", res)
		}
		if got := e.respFind(t, front, "锅炉不烧了"); len(got) == 0 || got[0] != it.ID {
			t.Fatalf("the restored item is not found first: %v", got)
		}
		if _, r := e.respMutate(t, admin, "restoreResponsibilityItem(id: $id)", "$id: ID!", map[string]any{"id": it.ID}); r.code() != "CONFLICT" {
			t.Fatalf("restoring an item in use: %+v", r.Errors)
		}

		// Delete: not while a task refers to it; an unused item goes, audited.
		e.do(t, front, file, map[string]any{"i": it.ID}).ok(t, nil)
		var one struct {
			Node respItemData `json:"node"`
		}
		e.do(t, admin, `query($id: ID!) { node(id: $id) { ... on ResponsibilityItem { deletable } } }`, map[string]any{"id": it.ID}).ok(t, &one)
		if one.Node.Deletable {
			t.Fatal("an item a task refers to is deletable")
		}
		before = e.respCounts(t)
		del := `mutation($id: ID!) { deleteResponsibilityItem(id: $id) }`
		if r := e.do(t, admin, del, map[string]any{"id": it.ID}); r.code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "1 tasks") {
			t.Fatalf("deleting an item in use: %+v", r.Errors)
		}
		if after := e.respCounts(t); after != before {
			t.Fatalf("the refused delete wrote: %s → %s", before, after)
		}
		var gone struct {
			DeleteResponsibilityItem string `json:"deleteResponsibilityItem"`
		}
		e.do(t, admin, del, map[string]any{"id": bare.ID}).ok(t, &gone)
		if gone.DeleteResponsibilityItem != bare.ID || asInt(e.scalar(t, `SELECT count(*) FROM responsibility_items WHERE id = ?`, mustAtoi(t, bare.ID))) != 0 {
			t.Fatalf("deleted %s, row still there?", gone.DeleteResponsibilityItem)
		}
		if action, d := e.respAudit(t, "responsibility_item", bare.ID); action != "delete_responsibility_item" || d["values"] == nil {
			t.Fatalf("audit %s %v", action, d)
		}
		if r := e.do(t, admin, del, map[string]any{"id": bare.ID}); r.code() != "NOT_FOUND" || r.tkField() != "id" {
			t.Fatalf("deleting twice: %+v", r.Errors)
		}
	})
}

// ——— refusals: each is its code on its field, and writes nothing ———

func TestResponsibilityBadInput(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		logi := tkID(e.tkDept(t, "AG10"))
		unit := tkID(e.tkDept(t, "FL01"))
		drain := tkID(asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path = ?`, "设施设备/给排水/落水管")))
		create := func(in map[string]any) func() gqlResponse {
			full := map[string]any{"title": "测试事项", "categoryPath": "测试/校验"}
			for k, v := range in {
				full[k] = v
			}
			return func() gqlResponse {
				_, r := e.respMutate(t, admin, respCreate, respCreateA, map[string]any{"in": full})
				return r
			}
		}
		update := func(id string, in map[string]any) func() gqlResponse {
			return func() gqlResponse {
				_, r := e.respMutate(t, admin, respUpdate, respUpdateA, map[string]any{"id": id, "in": in})
				return r
			}
		}
		// A department closed (empty, so without a successor) takes no new items.
		var nd struct{ CreateDepartment struct{ ID string } }
		e.do(t, admin, `mutation($p: ID!) { createDepartment(input: {name: "临时专班", code: "TMP01", kind: AGENCY, parent: $p}) { id } }`,
			map[string]any{"p": tkID(e.tkDept(t, "AG01"))}).ok(t, &nd)
		closed := nd.CreateDepartment.ID
		e.do(t, admin, `mutation($id: ID!) { closeDepartment(id: $id) { department { id } } }`, map[string]any{"id": closed}).ok(t, nil)
		group := func(terms []string) func() gqlResponse {
			return func() gqlResponse {
				return e.do(t, admin, `mutation($t: [String!]!) { createSynonymGroup(terms: $t) { id } }`, map[string]any{"t": terms})
			}
		}
		cases := []struct {
			name, code, field string
			send              func() gqlResponse
		}{
			{"empty title", "BAD_USER_INPUT", "input.title", create(map[string]any{"title": "   "})},
			{"title of two lines", "BAD_USER_INPUT", "input.title", create(map[string]any{"title": "一行\n两行"})},
			{"empty path", "BAD_USER_INPUT", "input.categoryPath", create(map[string]any{"categoryPath": " / "})},
			{"empty level", "BAD_USER_INPUT", "input.categoryPath", create(map[string]any{"categoryPath": "设施//门窗"})},
			{"unknown list", "BAD_USER_INPUT", "input.list", func() gqlResponse {
				return e.do(t, admin, `mutation { createResponsibilityItem(input: {title: "x", categoryPath: "y", list: OTHER}) { id } }`, nil)
			}},
			{"empty keyword", "BAD_USER_INPUT", "input.keywords[1]", create(map[string]any{"keywords": []string{"好", " "}})},
			{"punctuation as a synonym", "BAD_USER_INPUT", "input.synonyms[0]", create(map[string]any{"synonyms": []string{"！？"}})},
			{"separator in a keyword", "BAD_USER_INPUT", "input.keywords[0]", create(map[string]any{"keywords": []string{"门、窗"}})},
			{"zero hours", "BAD_USER_INPUT", "input.respondWithinHours", create(map[string]any{"respondWithinHours": 0})},
			{"zero days", "BAD_USER_INPUT", "input.resolveWithinDays", create(map[string]any{"resolveWithinDays": 0})},
			{"unknown department", "NOT_FOUND", "input.responsibleDepartment", create(map[string]any{"responsibleDepartment": "99999999999"})},
			{"a frontline unit as lead", "BAD_USER_INPUT", "input.leadDepartment", create(map[string]any{"leadDepartment": unit})},
			{"a closed department", "CONFLICT", "input.responsibleDepartment", create(map[string]any{"responsibleDepartment": closed})},
			{"moved to a closed department", "CONFLICT", "input.leadDepartment", update(drain, map[string]any{"leadDepartment": closed})},
			{"a duplicate", "CONFLICT", "input.title", create(map[string]any{"title": "办公场所落水管维修", "categoryPath": "设施设备/给排水/落水管"})},
			{"a duplicate by rename", "CONFLICT", "input.title", update(drain, map[string]any{"categoryPath": "设施设备/土建/门窗", "title": "车间及办公用房门窗维修"})},
			{"set and clear", "BAD_USER_INPUT", "input.clearResponsibleDepartment", update(drain, map[string]any{"responsibleDepartment": logi, "clearResponsibleDepartment": true})},
			{"update an unknown item", "NOT_FOUND", "id", update("99999999999", map[string]any{"title": "x"})},
			{"retire an unknown item", "NOT_FOUND", "id", func() gqlResponse {
				return e.do(t, admin, `mutation { retireResponsibilityItem(id: "99999999999") { id } }`, nil)
			}},
			{"a group of one word", "BAD_USER_INPUT", "terms", group([]string{"甲", " 甲 "})},
			{"an empty word in a group", "BAD_USER_INPUT", "terms[1]", group([]string{"甲", ""})},
			{"update an unknown group", "NOT_FOUND", "id", func() gqlResponse {
				return e.do(t, admin, `mutation { updateSynonymGroup(id: "99999999999", note: "x") { id } }`, nil)
			}},
			{"delete an unknown group", "NOT_FOUND", "id", func() gqlResponse {
				return e.do(t, admin, `mutation { deleteSynonymGroup(id: "99999999999") }`, nil)
			}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := e.respCounts(t)
				r := c.send()
				if r.code() != c.code || r.tkField() != c.field {
					t.Fatalf("%+v, want %s on %s", r.Errors, c.code, c.field)
				}
				if after := e.respCounts(t); after != before {
					t.Fatalf("the refused call wrote: %s → %s", before, after)
				}
			})
		}
	})
}

// Every text and number of an item and a synonym group has its documented
// limit (docs/API.md "Text limits"): exactly the limit is taken, one more is
// BAD_USER_INPUT on the field. The limits are written here as documented.
func TestResponsibilityLimits(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		n := 0
		create := func(in map[string]any) gqlResponse {
			n++
			full := map[string]any{"title": fmt.Sprintf("限长%d", n), "categoryPath": "测试/限长"}
			for k, v := range in {
				full[k] = v
			}
			_, r := e.respMutate(t, admin, respCreate, respCreateA, map[string]any{"in": full})
			return r
		}
		words := func(count, length int) []string {
			out := make([]string, count)
			for i := range out {
				out[i] = fmt.Sprintf("%0*d", length, i) // distinct digits, each exactly length characters
			}
			return out
		}
		level := func(k int) string { return strings.Repeat("级", k) }
		path := func(total int) string { // levels of 50 joined by "/", total characters in all
			var segs []string
			for left := total; left > 0; {
				l := min(50, left)
				if left > 50 && left-50 < 2 {
					l = left - 2 // keep room for "/" and one more character
				}
				segs = append(segs, level(l))
				left -= l + 1
			}
			return strings.Join(segs, "/")
		}
		group := func(terms []string, note string) gqlResponse {
			return e.do(t, admin, `mutation($t: [String!]!, $n: String) { createSynonymGroup(terms: $t, note: $n) { id } }`,
				map[string]any{"t": terms, "n": note})
		}
		cases := []struct {
			name, field string
			at, over    func() gqlResponse
		}{
			{"title", "input.title", func() gqlResponse { return create(map[string]any{"title": strings.Repeat("字", 200)}) },
				func() gqlResponse { return create(map[string]any{"title": strings.Repeat("字", 201)}) }},
			{"category path", "input.categoryPath", func() gqlResponse { return create(map[string]any{"categoryPath": path(300)}) },
				func() gqlResponse { return create(map[string]any{"categoryPath": path(301)}) }},
			{"path level", "input.categoryPath", func() gqlResponse { return create(map[string]any{"categoryPath": "测试/" + level(50)}) },
				func() gqlResponse { return create(map[string]any{"categoryPath": "测试/" + level(51)}) }},
			{"path levels", "input.categoryPath", func() gqlResponse { return create(map[string]any{"categoryPath": strings.Repeat("级/", 7) + "级"}) },
				func() gqlResponse { return create(map[string]any{"categoryPath": strings.Repeat("级/", 8) + "级"}) }},
			{"keywords", "input.keywords", func() gqlResponse { return create(map[string]any{"keywords": words(50, 3)}) },
				func() gqlResponse { return create(map[string]any{"keywords": words(51, 3)}) }},
			{"keyword", "input.keywords[0]", func() gqlResponse { return create(map[string]any{"keywords": []string{strings.Repeat("字", 30)}}) },
				func() gqlResponse { return create(map[string]any{"keywords": []string{strings.Repeat("字", 31)}}) }},
			{"synonyms", "input.synonyms", func() gqlResponse { return create(map[string]any{"synonyms": words(50, 3)}) },
				func() gqlResponse { return create(map[string]any{"synonyms": words(51, 3)}) }},
			{"synonym", "input.synonyms[0]", func() gqlResponse { return create(map[string]any{"synonyms": []string{strings.Repeat("字", 30)}}) },
				func() gqlResponse { return create(map[string]any{"synonyms": []string{strings.Repeat("字", 31)}}) }},
			{"commitment", "input.commitment", func() gqlResponse { return create(map[string]any{"commitment": strings.Repeat("字", 1000)}) },
				func() gqlResponse { return create(map[string]any{"commitment": strings.Repeat("字", 1001)}) }},
			{"legal basis", "input.legalBasis", func() gqlResponse { return create(map[string]any{"legalBasis": strings.Repeat("字", 2000)}) },
				func() gqlResponse { return create(map[string]any{"legalBasis": strings.Repeat("字", 2001)}) }},
			{"contact", "input.contact", func() gqlResponse { return create(map[string]any{"contact": strings.Repeat("字", 200)}) },
				func() gqlResponse { return create(map[string]any{"contact": strings.Repeat("字", 201)}) }},
			{"respond hours", "input.respondWithinHours", func() gqlResponse { return create(map[string]any{"respondWithinHours": 240}) },
				func() gqlResponse { return create(map[string]any{"respondWithinHours": 241}) }},
			{"resolve days", "input.resolveWithinDays", func() gqlResponse { return create(map[string]any{"resolveWithinDays": 250}) },
				func() gqlResponse { return create(map[string]any{"resolveWithinDays": 251}) }},
			{"group words", "terms", func() gqlResponse { return group(words(50, 4), "") },
				func() gqlResponse { return group(words(51, 4), "") }},
			{"group word", "terms[0]", func() gqlResponse { return group([]string{strings.Repeat("甲", 30), "乙"}, "") },
				func() gqlResponse { return group([]string{strings.Repeat("甲", 31), "乙"}, "") }},
			{"group note", "note", func() gqlResponse { return group([]string{"丙", "丁"}, strings.Repeat("字", 200)) },
				func() gqlResponse { return group([]string{"戊", "己"}, strings.Repeat("字", 201)) }},
		}
		if p := path(300); len([]rune(p)) != 300 || len([]rune(path(301))) != 301 {
			t.Fatalf("the path fixture has %d characters", len([]rune(p)))
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := e.respCounts(t)
				if r := c.over(); r.code() != "BAD_USER_INPUT" || r.tkField() != c.field {
					t.Fatalf("over the limit: %+v, want BAD_USER_INPUT on %s", r.Errors, c.field)
				}
				if after := e.respCounts(t); after != before {
					t.Fatalf("the refused call wrote: %s → %s", before, after)
				}
				if r := c.at(); len(r.Errors) > 0 {
					t.Fatalf("at the limit: %+v", r.Errors)
				}
			})
		}
	})
}

// ——— who may: ADMIN the whole list, a LEADER their subtree's items ———

// leader2 heads 后勤服务中心 (AG10): they maintain its items, and only so
// that the work stays with it.
func TestResponsibilityLeaderSubtree(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		leader, admin, staff := e.tkLogin(t, "leader2"), e.tkLogin(t, "admin"), e.tkLogin(t, "staff")
		logi, office := tkID(e.tkDept(t, "AG10")), tkID(e.tkDept(t, "AG01"))
		own, r := e.respMutate(t, leader, respCreate, respCreateA, map[string]any{"in": map[string]any{
			"title": "车棚维修", "categoryPath": "设施设备/土建/车棚", "responsibleDepartment": logi, "leadDepartment": logi}})
		r.ok(t, nil)
		// An item of 后勤 whose lead (办公室) lies outside: the lead may stay.
		mixed := tkID(e.respItem(t, "AG10", false))
		if err := e.tkClient().ResponsibilityItem.UpdateOneID(mustAtoiInt(t, mixed)).SetLeadDepartmentID(e.tkDept(t, "AG01")).Exec(tkSys()); err != nil {
			t.Fatal(err)
		}
		foreign := tkID(e.respItem(t, "AG01", false))
		unowned := tkID(asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE responsible_department_id IS NULL ORDER BY id LIMIT 1`)))

		allowed := []struct {
			name string
			send func() gqlResponse
		}{
			{"change own item's words", func() gqlResponse {
				_, r := e.respMutate(t, leader, respUpdate, respUpdateA, map[string]any{"id": own.ID, "in": map[string]any{"synonyms": []string{"车棚漏雨"}}})
				return r
			}},
			{"change an own item whose lead is outside, keeping the lead", func() gqlResponse {
				_, r := e.respMutate(t, leader, respUpdate, respUpdateA, map[string]any{"id": mixed, "in": map[string]any{"contact": "6601", "leadDepartment": office}})
				return r
			}},
			{"retire own item", func() gqlResponse {
				return e.do(t, leader, `mutation($id: ID!) { retireResponsibilityItem(id: $id) { id } }`, map[string]any{"id": own.ID})
			}},
			{"restore own item", func() gqlResponse {
				return e.do(t, leader, `mutation($id: ID!) { restoreResponsibilityItem(id: $id) { id } }`, map[string]any{"id": own.ID})
			}},
		}
		for _, c := range allowed {
			if r := c.send(); len(r.Errors) > 0 {
				t.Fatalf("%s: %+v", c.name, r.Errors)
			}
		}
		refused := []struct {
			name, token string
			send        func(token string) gqlResponse
		}{
			{"create for another department", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respCreate, respCreateA, map[string]any{"in": map[string]any{"title": "x", "categoryPath": "y", "responsibleDepartment": office}})
				return r
			}},
			{"create without a responsible department", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respCreate, respCreateA, map[string]any{"in": map[string]any{"title": "x", "categoryPath": "y"}})
				return r
			}},
			{"create with a lead outside", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respCreate, respCreateA, map[string]any{"in": map[string]any{"title": "x", "categoryPath": "y",
					"responsibleDepartment": logi, "leadDepartment": office}})
				return r
			}},
			{"hand own item to another department", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respUpdate, respUpdateA, map[string]any{"id": own.ID, "in": map[string]any{"responsibleDepartment": office}})
				return r
			}},
			{"leave own item without a department", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respUpdate, respUpdateA, map[string]any{"id": own.ID, "in": map[string]any{"clearResponsibleDepartment": true}})
				return r
			}},
			{"name a lead outside", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respUpdate, respUpdateA, map[string]any{"id": own.ID, "in": map[string]any{"leadDepartment": office}})
				return r
			}},
			{"change another department's item", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respUpdate, respUpdateA, map[string]any{"id": foreign, "in": map[string]any{"contact": "x"}})
				return r
			}},
			{"claim an unowned item", leader, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respUpdate, respUpdateA, map[string]any{"id": unowned, "in": map[string]any{"responsibleDepartment": logi}})
				return r
			}},
			{"retire another department's item", leader, func(tok string) gqlResponse {
				return e.do(t, tok, `mutation($id: ID!) { retireResponsibilityItem(id: $id) { id } }`, map[string]any{"id": foreign})
			}},
			{"delete another department's item", leader, func(tok string) gqlResponse {
				return e.do(t, tok, `mutation($id: ID!) { deleteResponsibilityItem(id: $id) }`, map[string]any{"id": foreign})
			}},
			{"a shared synonym group", leader, func(tok string) gqlResponse {
				return e.do(t, tok, `mutation { createSynonymGroup(terms: ["车棚", "自行车棚"]) { id } }`, nil)
			}},
			{"STAFF changes an item of their department", staff, func(tok string) gqlResponse {
				_, r := e.respMutate(t, tok, respUpdate, respUpdateA, map[string]any{"id": foreign, "in": map[string]any{"contact": "x"}})
				return r
			}},
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				before := e.respCounts(t)
				if r := c.send(c.token); r.code() != "FORBIDDEN" {
					t.Fatalf("%+v, want FORBIDDEN", r.Errors)
				}
				if after := e.respCounts(t); after != before {
					t.Fatalf("the refused call wrote: %s → %s", before, after)
				}
			})
		}
		// ADMIN may do what the leader may not.
		_, r = e.respMutate(t, admin, respUpdate, respUpdateA, map[string]any{"id": own.ID, "in": map[string]any{"responsibleDepartment": office}})
		r.ok(t, nil)
		// Deleting own unused item.
		mine := tkID(e.respItem(t, "AG10", false))
		e.do(t, leader, `mutation($id: ID!) { deleteResponsibilityItem(id: $id) }`, map[string]any{"id": mine}).ok(t, nil)
	})
}

func mustAtoiInt(t *testing.T, s string) int { return int(mustAtoi(t, s)) }

// The rule holds in the data layer for every writer, not only the
// mutations: a LEADER's viewer writing through ent directly.
func TestResponsibilityRuleInTheDataLayer(t *testing.T) {
	e := newEnv(t, "sqlite", false)
	logi, office := e.tkDept(t, "AG10"), e.tkDept(t, "AG01")
	leader := auth.NewContext(t.Context(), &auth.Viewer{AccountID: 1, Role: auth.RoleLeader, StaffID: 1,
		DepartmentID: logi, Subtree: []int{logi}})
	c := e.tkClient()
	create := func(resp, lead int) error {
		return c.ResponsibilityItem.Create().SetTitle(uniq("层")).SetCategoryPath("测试/数据层").
			SetResponsibleDepartmentID(resp).SetLeadDepartmentID(lead).Exec(leader)
	}
	if err := create(logi, logi); err != nil {
		t.Fatalf("own item: %v", err)
	}
	for name, err := range map[string]error{
		"another department's":   create(office, office),
		"a lead outside":         create(logi, office),
		"without a department":   c.ResponsibilityItem.Create().SetTitle(uniq("层")).SetCategoryPath("测试").Exec(leader),
		"moving an own item out": c.ResponsibilityItem.UpdateOneID(e.respItem(t, "AG10", false)).SetResponsibleDepartmentID(office).Exec(leader),
		"clearing an own item":   c.ResponsibilityItem.UpdateOneID(e.respItem(t, "AG10", false)).ClearResponsibleDepartment().Exec(leader),
		"another's item":         c.ResponsibilityItem.UpdateOneID(e.respItem(t, "AG01", false)).SetContact("x").Exec(leader),
		"deleting another's":     c.ResponsibilityItem.DeleteOneID(e.respItem(t, "AG01", false)).Exec(leader),
		"a bulk update":          c.ResponsibilityItem.Update().SetContact("x").Exec(leader),
		"a synonym group":        c.SynonymGroup.Create().SetTerms([]string{"甲", "乙"}).Exec(leader),
	} {
		if !isDeny(err) {
			t.Errorf("%s: %v, want a privacy denial", name, err)
		}
	}
	if err := c.ResponsibilityItem.UpdateOneID(e.respItem(t, "AG10", false)).SetContact("6601").Exec(leader); err != nil {
		t.Errorf("changing an own item: %v", err)
	}
	if err := c.ResponsibilityItem.DeleteOneID(e.respItem(t, "AG10", false)).Exec(leader); err != nil {
		t.Errorf("deleting an own item: %v", err)
	}
}

func isDeny(err error) bool { return errors.Is(err, privacy.Deny) }

// ——— the shared synonym groups ———

func TestSynonymGroups(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin, front := e.tkLogin(t, "admin"), e.tkLogin(t, "frontline")
		water := tkID(asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path = ?`, "设施设备/给排水/饮水设备")))
		if got := e.respFind(t, front, "暖壶坏了"); slices.Contains(got, water) {
			t.Fatalf("暖壶坏了 found the water item before any group: %v", got)
		}
		var created struct {
			G struct {
				ID    string   `json:"id"`
				Terms []string `json:"terms"`
				Note  string   `json:"note"`
			} `json:"createSynonymGroup"`
		}
		e.do(t, admin, `mutation { createSynonymGroup(terms: [" 暖壶 ", "开水器", "暖壶", "热水壶"], note: "开水") { id terms note } }`, nil).ok(t, &created)
		g := created.G
		if fmt.Sprint(g.Terms) != "[暖壶 开水器 热水壶]" || g.Note != "开水" {
			t.Fatalf("created %+v", g)
		}
		if action, _ := e.respAudit(t, "synonym_group", g.ID); action != "create_synonym_group" {
			t.Fatalf("audit %s", action)
		}
		if got := e.respFind(t, front, "暖壶坏了"); len(got) == 0 || got[0] != water {
			t.Fatalf("暖壶坏了 → %v, want the water item %s first", got, water)
		}
		var list struct {
			SynonymGroups struct{ TotalCount int } `json:"synonymGroups"`
		}
		e.do(t, front, `{ synonymGroups { totalCount } }`, nil).ok(t, &list)
		if want := asInt(e.scalar(t, `SELECT count(*) FROM synonym_groups`)); list.SynonymGroups.TotalCount != want || want < 2 {
			t.Fatalf("synonymGroups lists %d, the table holds %d", list.SynonymGroups.TotalCount, want)
		}
		e.do(t, admin, `mutation($id: ID!) { updateSynonymGroup(id: $id, terms: ["保温壶", "开水器"]) { id } }`, map[string]any{"id": g.ID}).ok(t, nil)
		if action, _ := e.respAudit(t, "synonym_group", g.ID); action != "update_synonym_group" {
			t.Fatalf("audit %s", action)
		}
		if got := e.respFind(t, front, "暖壶坏了"); slices.Contains(got, water) {
			t.Fatalf("a word taken out of the group still finds: %v", got)
		}
		if got := e.respFind(t, front, "保温壶坏了"); len(got) == 0 || got[0] != water {
			t.Fatalf("保温壶坏了 → %v", got)
		}
		e.do(t, admin, `mutation($id: ID!) { deleteSynonymGroup(id: $id) }`, map[string]any{"id": g.ID}).ok(t, nil)
		if action, _ := e.respAudit(t, "synonym_group", g.ID); action != "delete_synonym_group" {
			t.Fatalf("audit %s", action)
		}
		if got := e.respFind(t, front, "保温壶坏了"); slices.Contains(got, water) {
			t.Fatalf("a deleted group still finds: %v", got)
		}
		// The index kept between writes serves only whoever may read the list.
		noOrg := e.mintStored(t, "frontline", []string{auth.ScopeReadTasks})
		if r := e.do(t, noOrg, tkFindQuery, map[string]any{"q": "开水器"}); r.code() != "FORBIDDEN" {
			t.Fatalf("a token without read:org searched the list: %+v", r.Errors)
		}
	})
}

// ——— a request no item covers ———

func TestFileRequestWithoutItem(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		front, staff := e.tkLogin(t, "frontline"), e.tkLogin(t, "staff")
		office := asInt(e.scalar(t, `SELECT id FROM departments WHERE name = '办公室' AND kind = 'AGENCY'`))
		if office != e.tkDept(t, "AG01") {
			t.Fatalf("the demo's 办公室 is %d", office)
		}
		unit := e.tkDept(t, "FL01")
		file := func(item any, text string) (tkTaskData, gqlResponse) {
			r := e.do(t, front, `mutation($i: ID, $d: String!) { fileRequest(item: $i, description: $d) { `+tkTaskFields+` } }`,
				map[string]any{"i": item, "d": text})
			var data struct{ FileRequest tkTaskData }
			if len(r.Errors) == 0 {
				r.ok(t, &data)
			}
			return data.FileRequest, r
		}
		created := func(id string) (reason string) {
			return tkString(e.scalar(t, `SELECT reason FROM task_events WHERE task_id = ? AND type = 'CREATED'`, mustAtoi(t, id)))
		}

		// No item: 办公室 receives it, unassigned, due after the setting's 5 working days.
		at := time.Now()
		req, r := file(nil, "车间外墙广告牌松动，担心掉落")
		r.ok(t, nil)
		if req.LeadDepartment.ID != tkID(office) || req.Kind != "REQUEST" || req.Status != "NEW" || req.ResponsibilityItem != nil ||
			req.RequestingUnit == nil || req.RequestingUnit.ID != tkID(unit) || req.FirstResponder != nil {
			t.Fatalf("request %+v", req)
		}
		if want := e.tkWorkingDue(t, at, 5); !req.DueAt.Equal(want) {
			t.Fatalf("due %s, want %s", req.DueAt, want)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM task_assignments WHERE task_id = ?`, mustAtoi(t, req.ID))); n != 0 {
			t.Fatalf("%d assignees on an unassigned request", n)
		}
		if reason := created(req.ID); !strings.Contains(reason, "默认受理部门") {
			t.Fatalf("CREATED reason %q", reason)
		}
		if action, d := e.respAudit(t, "task", req.ID); action != "file_request" || d["defaultDepartment"] != "no item" {
			t.Fatalf("audit %s %v", action, d)
		}

		// First responder: the first of 办公室 to act; a transfer keeps them.
		staffID := tkID(int(e.viewerStaff(t, "staff")))
		got := e.tkMutate(t, staff, "acceptTask(id: $id)", "$id: ID!", map[string]any{"id": req.ID})
		if got.FirstResponder == nil || got.FirstResponder.ID != staffID {
			t.Fatalf("after acceptance %+v, want first responder %s", got, staffID)
		}
		got = e.tkMutate(t, staff, "transferTask(id: $id, toDepartment: $to, reason: $r)", "$id: ID!, $to: ID!, $r: String!",
			map[string]any{"id": req.ID, "to": tkID(e.tkDept(t, "AG10")), "r": "属于房屋设施，转后勤服务中心"})
		if got.FirstResponder == nil || got.FirstResponder.ID != staffID || got.LeadDepartment.ID != tkID(e.tkDept(t, "AG10")) {
			t.Fatalf("after the transfer %+v", got)
		}

		// An item nobody is responsible for: 办公室 too, the item kept, its own deadline.
		water := asInt(e.scalar(t, `SELECT id FROM responsibility_items WHERE category_path = ?`, "设施设备/给排水/饮水设备"))
		days := asInt(e.scalar(t, `SELECT resolve_within_days FROM responsibility_items WHERE id = ?`, water))
		at = time.Now()
		req, r = file(tkID(water), "开水器不加热")
		r.ok(t, nil)
		if req.LeadDepartment.ID != tkID(office) || req.ResponsibilityItem == nil || req.ResponsibilityItem.ID != tkID(water) {
			t.Fatalf("request %+v", req)
		}
		if want := e.tkWorkingDue(t, at, days); !req.DueAt.Equal(want) {
			t.Fatalf("due %s, want %s (%d working days)", req.DueAt, want, days)
		}
		if reason := created(req.ID); !strings.Contains(reason, "职责空白") {
			t.Fatalf("CREATED reason %q", reason)
		}

		// The setting names the receiving department; a deadline setting too.
		comp := e.tkDept(t, "AG12")
		if err := settings.Set(t.Context(), e.tkClient(), settings.DefaultDepartment, fmt.Sprint(comp)); err != nil {
			t.Fatal(err)
		}
		if err := settings.Set(t.Context(), e.tkClient(), settings.RequestResolveDays, "2"); err != nil {
			t.Fatal(err)
		}
		at = time.Now()
		req, r = file(nil, "咨询事项")
		r.ok(t, nil)
		if req.LeadDepartment.ID != tkID(comp) {
			t.Fatalf("with the setting: led by %s, want %d", req.LeadDepartment.ID, comp)
		}
		if want := e.tkWorkingDue(t, at, 2); !req.DueAt.Equal(want) {
			t.Fatalf("due %s, want %s", req.DueAt, want)
		}
		// A setting naming a frontline unit (a mistake) falls back to 办公室.
		if err := settings.Set(t.Context(), e.tkClient(), settings.DefaultDepartment, fmt.Sprint(unit)); err != nil {
			t.Fatal(err)
		}
		req, r = file(nil, "咨询事项")
		r.ok(t, nil)
		if req.LeadDepartment.ID != tkID(office) {
			t.Fatalf("with a frontline unit set: led by %s, want 办公室", req.LeadDepartment.ID)
		}
		// Neither: CONFLICT, nothing written.
		if err := e.tkClient().Department.UpdateOneID(office).SetName("综合办").Exec(tkSys()); err != nil {
			t.Fatal(err)
		}
		before := e.respCounts(t)
		if _, r := file(nil, "咨询事项"); r.code() != "CONFLICT" || r.tkField() != "item" || !strings.Contains(r.Errors[0].Message, "requests.default_department") {
			t.Fatalf("without a default department: %+v", r.Errors)
		}
		if after := e.respCounts(t); after != before {
			t.Fatalf("the refused request wrote: %s → %s", before, after)
		}
		// Only the frontline files, with or without an item.
		if r := e.do(t, staff, `mutation { fileRequest(description: "x") { id } }`, nil); r.code() != "FORBIDDEN" {
			t.Fatalf("STAFF filed a request: %+v", r.Errors)
		}
	})
}
