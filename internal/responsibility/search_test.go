package responsibility

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"xiaoneng/ent"
	"xiaoneng/ent/responsibilityitem"
)

func item(id int, title, path string, kws []string, syns ...string) *ent.ResponsibilityItem {
	return &ent.ResponsibilityItem{ID: id, Title: title, CategoryPath: path, Keywords: kws, Synonyms: syns,
		List: responsibilityitem.ListResponsibility}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"  下水道 堵了！ ":  "下水道 堵了",
		"ＷｉＦｉ连不上":     "wifi连不上",
		"门/窗——坏了":     "门 窗 坏了",
		"OA　账号":       "oa 账号",
		"？！":          "",
		"3号车间":        "3号车间",
		"Printer\t卡纸": "printer 卡纸",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// The segmentation covers the most characters with vocabulary words, then
// uses the fewest pieces; Latin words are not found inside Latin words.
func TestSegment(t *testing.T) {
	ix := buildIndex([]*ent.ResponsibilityItem{
		item(1, "门窗维修", "设施/门窗", []string{"门窗", "门锁", "车间门"}, "门"),
		item(2, "门禁系统", "信息化/门禁", []string{"门禁", "门禁卡"}),
		item(3, "账号开通", "信息化/账号", []string{"oa", "wi fi"}),
	}, [][]string{{"下水道", "下水管"}})
	cases := map[string]string{
		"门坏了":       "门",
		"门禁坏了":      "门禁",
		"门禁卡丢了":     "门禁卡",
		"车间门锁坏了":    "车间门", // 车间门 (3 characters) + 锁 covers more than 车|间|门锁 (2)
		"下水道堵了":     "下水道",
		"goal":      "",
		"oa登录不了":    "oa",
		"开通 oa":     "oa",
		"wi fi 连不上": "wi fi",
	}
	for q, want := range cases {
		var got []string
		for _, s := range ix.segment(fold(q)) {
			got = append(got, s.word)
		}
		if strings.Join(got, "|") != want {
			t.Errorf("segment(%q) = %v, want %q", q, got, want)
		}
	}
}

// Scores worked out by hand from the definitions (search.go), on a list of
// three items (N = 3, idf(df) = ln(1 + 3/df)).
func TestRankScores(t *testing.T) {
	circuits := item(1, "电器电路维修", "设施设备/电气/电路", []string{"电路", "跳闸"})
	lighting := item(2, "照明插座维修", "设施设备/电气/照明", []string{"插座", "电路"})
	door := item(3, "门窗维修", "设施设备/土建/门窗", []string{"门锁"}, "门")
	ix := buildIndex([]*ent.ResponsibilityItem{circuits, lighting, door}, nil)
	idf := func(df float64) float64 { return math.Log(1 + 3/df) }
	score := func(q string) map[int]float64 {
		out := map[int]float64{}
		for _, m := range ix.rank(fold(q), 10) {
			out[m.Item.ID] = m.Score
		}
		return out
	}
	round := func(x float64) float64 { return math.Round(x*1000) / 1000 }

	// "电路": a whole word named by both circuits (leaf + keyword: two
	// fields) and lighting (keyword); df = 2, length 2.
	got := score("电路")
	if want := round(2 * idf(2) * 2); got[1] != want {
		t.Errorf("电路 → circuits %v, want %v", got[1], want)
	}
	if want := round(2 * idf(2) * 1); got[2] != want {
		t.Errorf("电路 → lighting %v, want %v", got[2], want)
	}
	if _, ok := got[3]; ok {
		t.Errorf("电路 found the door item")
	}

	// "门坏了": 门 is door's synonym (one character, df 1); nothing else matches.
	got = score("门坏了")
	if want := round(1 * idf(1)); got[3] != want || len(got) != 1 {
		t.Errorf("门坏了 → %v, want only door with %v", got, want)
	}

	// "插座没电路": a partial word. Whole words: 插座 (lighting, keyword) and
	// 电路 (circuits ×2 fields, lighting). Bigrams left: 座没, 没电 (no
	// item), and nothing else outside the whole words.
	got = score("插座没电路")
	if want := round(2*idf(1) + 2*idf(2)); got[2] != want {
		t.Errorf("插座没电路 → lighting %v, want %v", got[2], want)
	}

	// "维修电器": no whole word but 电器 is in circuits' title: bigrams 维修
	// (all three titles: df 3, field weight 1), 修电 (none), 电器 (circuits'
	// title: df 1), each at half weight.
	got = score("维修电器")
	if want := round(.5*idf(3) + .5*idf(1)); got[1] != want {
		t.Errorf("维修电器 → circuits %v, want %v", got[1], want)
	}
	// lighting and door share only 维修: .5·idf(3) = 0.35, a third of circuits' 1.04, above the 15 % cutoff.
	if want := round(.5 * idf(3)); got[2] != want || got[3] != want {
		t.Errorf("维修电器 → lighting %v, door %v, want %v each", got[2], got[3], want)
	}

	// Upper category segments weigh 0.4: "设施设备" is every item's first
	// level (df 3, length 4).
	got = score("设施设备")
	if want := round(4 * idf(3) * 0.4); got[1] != want || got[2] != want || got[3] != want {
		t.Errorf("设施设备 → %v, want %v each", got, want)
	}
}

// A shared synonym group finds the items naming another word of the group,
// at groupWeight; the matched terms are the item's own words.
func TestRankSynonymGroups(t *testing.T) {
	computer := item(1, "计算机维护", "信息化/终端/计算机", []string{"电脑", "蓝屏"})
	printer := item(2, "打印机维修", "信息化/办公设备/打印机", []string{"卡纸"})
	ix := buildIndex([]*ent.ResponsibilityItem{computer, printer}, [][]string{{"电脑", "计算机", "微机"}})
	ms := ix.rank(fold("微机蓝屏"), 10)
	if len(ms) != 1 || ms[0].Item.ID != 1 {
		t.Fatalf("微机蓝屏 → %+v, want the computer item alone", ms)
	}
	// 电脑 (keyword) and 计算机 (leaf), each through the group at 0.8, and
	// 蓝屏 whole; N = 2, every word df 1.
	idf1 := math.Log(1 + 2.0)
	want := math.Round((0.8*2*idf1+0.8*3*idf1+2*idf1)*1000) / 1000
	if ms[0].Score != want {
		t.Errorf("score %v, want %v", ms[0].Score, want)
	}
	for _, w := range []string{"电脑", "计算机", "蓝屏"} {
		if !slices.Contains(ms[0].Matched, w) {
			t.Errorf("matched %v lacks %s", ms[0].Matched, w)
		}
	}
}

// Ties go to the responsibility list, then the lower id; matches under
// relativeCutoff of the best are dropped; limit holds.
func TestRankOrderAndCutoff(t *testing.T) {
	var items []*ent.ResponsibilityItem
	for i := 1; i <= 15; i++ {
		it := item(i, fmt.Sprintf("事项%d维修", i), "类别/事项", []string{"共同词"})
		if i == 1 {
			it.List = responsibilityitem.ListPower
		}
		items = append(items, it)
	}
	ix := buildIndex(items, nil)
	ms := ix.rank(fold("共同词"), MaxMatches)
	if len(ms) != MaxMatches {
		t.Fatalf("%d matches, want %d", len(ms), MaxMatches)
	}
	if ms[0].Item.ID != 2 || ms[len(ms)-1].Item.ID != 11 {
		t.Errorf("order %d … %d, want 2 … 11 (the POWER item 1 after the tied RESPONSIBILITY ones)", ms[0].Item.ID, ms[len(ms)-1].Item.ID)
	}
	// A rare whole word against a common bigram: the item with 漏雨 scores
	// 2·idf(1) = 5.67 (N = 16) plus 维修's .5·idf(16) = 0.35, which is all
	// the others score: under 15 % of 6.01.
	items = append(items, item(16, "屋面维修", "设施/屋面", []string{"漏雨"}))
	ix = buildIndex(items, nil)
	ms = ix.rank(fold("漏雨维修"), MaxMatches)
	if len(ms) != 1 || ms[0].Item.ID != 16 {
		t.Errorf("漏雨维修 → %d matches (first %d), want the roof item alone", len(ms), ms[0].Item.ID)
	}
}
