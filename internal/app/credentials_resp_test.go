package app_test

import (
	"testing"
	"time"

	"xiaoneng/internal/auth"
)

// The probes of the responsibility list's mutations (TestCredentialMatrix):
// items of 后勤服务中心 (AG10), which the demo `leader` (the whole agency)
// may maintain; the shared synonym groups are ADMIN's.
func init() {
	probes["createResponsibilityItem"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($in: CreateResponsibilityItemInput!) { createResponsibilityItem(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"title": uniq("矩阵事项"), "categoryPath": "测试/矩阵",
				"synonyms": []string{"矩阵"}, "responsibleDepartment": tkID(e.tkDept(t, "AG10"))}}, false
	}
	probes["updateResponsibilityItem"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateResponsibilityItem(id: $id, input: {synonyms: ["改过"]}) { id } }`,
			map[string]any{"id": tkID(e.respItem(t, "AG10", false))}, false
	}
	probes["retireResponsibilityItem"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { retireResponsibilityItem(id: $id) { id } }`,
			map[string]any{"id": tkID(e.respItem(t, "AG10", false))}, false
	}
	probes["restoreResponsibilityItem"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { restoreResponsibilityItem(id: $id) { id } }`,
			map[string]any{"id": tkID(e.respItem(t, "AG10", true))}, false
	}
	probes["deleteResponsibilityItem"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { deleteResponsibilityItem(id: $id) }`,
			map[string]any{"id": tkID(e.respItem(t, "AG10", false))}, false
	}
	probes["createSynonymGroup"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($t: [String!]!) { createSynonymGroup(terms: $t) { id } }`,
			map[string]any{"t": []string{uniq("甲"), uniq("乙")}}, false
	}
	probes["updateSynonymGroup"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { updateSynonymGroup(id: $id, note: "改过") { id } }`,
			map[string]any{"id": tkID(e.respGroup(t))}, false
	}
	probes["deleteSynonymGroup"] = func(t *testing.T, e *env, _ auth.Role) (string, map[string]any, bool) {
		return `mutation($id: ID!) { deleteSynonymGroup(id: $id) }`, map[string]any{"id": tkID(e.respGroup(t))}, false
	}
}

// respItem writes an item of department code directly (test setup, system
// rights) and returns its id.
func (e *env) respItem(t *testing.T, code string, retired bool) int {
	t.Helper()
	c := e.tkClient().ResponsibilityItem.Create().SetTitle(uniq("测试事项")).SetCategoryPath("测试/夹具").
		SetKeywords([]string{"夹具"}).SetResponsibleDepartmentID(e.tkDept(t, code)).SetLeadDepartmentID(e.tkDept(t, code))
	if retired {
		c.SetRetiredAt(time.Now())
	}
	it, err := c.Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// respGroup writes a shared synonym group directly and returns its id.
func (e *env) respGroup(t *testing.T) int {
	t.Helper()
	g, err := e.tkClient().SynonymGroup.Create().SetTerms([]string{uniq("丙"), uniq("丁")}).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return g.ID
}
