package responsibility

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"xiaoneng/ent"
)

// benchList is a list of n items built from a fixed vocabulary (a list of
// that size, with words shared the way real lists share them).
func benchList(n int) ([]*ent.ResponsibilityItem, [][]string) {
	r := rand.New(rand.NewPCG(1, 2))
	things := []string{"下水道", "落水管", "门窗", "屋面", "电路", "照明", "空调", "打印机", "电脑", "网络", "门禁", "宿舍",
		"食堂", "车辆", "会议室", "印章", "档案", "工资", "职称", "党费", "报销", "预算", "劳保", "采购", "设备", "道路", "饮水机"}
	acts := []string{"维修", "疏通", "更换", "申请", "办理", "审批", "检查", "发放", "查询", "咨询"}
	places := []string{"车间", "办公楼", "宿舍楼", "厂区", "仓库", "值班室"}
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	items := make([]*ent.ResponsibilityItem, n)
	for i := range items {
		thing := pick(things)
		items[i] = item(i+1, fmt.Sprintf("%s%s%s第%d项", pick(places), thing, pick(acts), i),
			fmt.Sprintf("类别%d/%s/%s%d", i%12, thing, pick(acts), i),
			[]string{thing, pick(things) + pick(acts), pick(places) + thing},
			pick(places)+thing+"坏了", thing+"不好用")
	}
	return items, [][]string{{"电脑", "计算机", "微机"}, {"下水道", "下水管", "排污管"}, {"空调", "冷气"}}
}

// BenchmarkFind is what a search costs after the database read, for a
// list of 200 items (a typical agency) and 2,000 (a large one): "build" the
// index from the list (once per data version, indexFor) and "rank" one
// query against it (every search).
func BenchmarkFind(b *testing.B) {
	for _, n := range []int{200, 2000} {
		items, groups := benchList(n)
		b.Run(fmt.Sprintf("items=%d/build", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buildIndex(items, groups)
			}
		})
		ix := buildIndex(items, groups)
		for _, q := range []string{"下水道堵了", "车间办公楼的落水管漏水了，雨天倒灌进值班室，请尽快派人维修"} {
			b.Run(fmt.Sprintf("items=%d/rank/query=%d", n, len([]rune(q))), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if ms := ix.rank(fold(q), MaxMatches); len(ms) == 0 {
						b.Fatal("nothing found")
					}
				}
			})
		}
	}
}
