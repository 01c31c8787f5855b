package responsibility

import (
	"testing"

	"xiaoneng/ent"
	"xiaoneng/ent/responsibilityitem"
)

func item(id int, title, path string, kws ...string) *ent.ResponsibilityItem {
	return &ent.ResponsibilityItem{ID: id, Title: title, CategoryPath: path, Keywords: kws, List: responsibilityitem.ListResponsibility}
}

// The item whose subject is the query ranks above items that only list it
// as a keyword; a sentence finds items by the keywords it contains; one
// character only matches exactly.
func TestScore(t *testing.T) {
	circuits := item(1, "电器电路维修", "设施设备/电气/电路", "电路", "电器", "跳闸")
	lighting := item(2, "办公区照明及插座维修", "设施设备/电气/照明插座", "照明", "插座", "电路")
	drain := item(3, "办公场所落水管维修", "设施设备/给排水/落水管", "落水管", "漏水")
	door := item(4, "车间及办公用房门窗维修", "设施设备/土建/门窗", "门窗", "门锁")

	// By hand: circuits = title contains (6) + leaf exact (8) + keyword exact (6) = 20 (+0.1 list bonus);
	// lighting = keyword exact (6) (+0.1).
	if got := Score("电路", circuits); got == nil || got.Score != 20.1 {
		t.Fatalf("circuits score %+v, want 20.1", got)
	}
	if got := Score("电路", lighting); got == nil || got.Score != 6.1 {
		t.Fatalf("lighting score %+v, want 6.1", got)
	}
	// A sentence: the query contains the keyword 落水管 (4) and 漏水 (4) and the leaf segment (2).
	if got := Score("车间落水管漏水了", drain); got == nil || got.Score != 10.1 {
		t.Fatalf("sentence score %+v, want 10.1", got)
	}
	if got := Score("门", door); got != nil {
		t.Fatalf("a single character matched partially: %+v", got)
	}
	if got := Score("打印机", drain); got != nil {
		t.Fatalf("unrelated item matched: %+v", got)
	}
	if got := Score("门窗", door); got == nil || len(got.Matched) != 2 {
		t.Fatalf("matched terms %+v, want the title and 门窗 (segment and keyword, listed once)", got)
	}
}
