package workcal

import (
	"strings"
	"sync"
)

// ChinaHolidaysCSV is the PRC public-holiday arrangement for 2025 and 2026 in
// the ParseCSV format: every rest day of each holiday span (weekend days
// inside a span included, so the span is visible in listings) and every
// make-up working day (调休上班).
//
// Sources, checked against the published texts (Xinhua, reprinted on gmw.cn):
//   - 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号,
//     2024-11-12), the first year under the revised 全国年节及纪念日放假办法
//     (Spring Festival and Labour Day one day longer: 13 statutory days);
//   - 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
//
// Both years have 248 working days (the tests check this). Local or
// agency-specific changes belong in the product's calendar settings, not here.
const ChinaHolidaysCSV = `date,kind,note
# 2025 — 国务院办公厅关于2025年部分节假日安排的通知
# 元旦：1月1日（周三）放假1天，不调休。
2025-01-01,holiday,元旦（周三）
# 春节：1月28日（除夕、周二）至2月4日（正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
2025-01-26,workday,春节调休上班（周日）
2025-01-28,holiday,春节（周二）
2025-01-29,holiday,春节（周三）
2025-01-30,holiday,春节（周四）
2025-01-31,holiday,春节（周五）
2025-02-01,holiday,春节（周六）
2025-02-02,holiday,春节（周日）
2025-02-03,holiday,春节（周一）
2025-02-04,holiday,春节（周二）
2025-02-08,workday,春节调休上班（周六）
# 清明节：4月4日（周五）至6日（周日）放假，共3天。
2025-04-04,holiday,清明节（周五）
2025-04-05,holiday,清明节（周六）
2025-04-06,holiday,清明节（周日）
# 劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
2025-04-27,workday,劳动节调休上班（周日）
2025-05-01,holiday,劳动节（周四）
2025-05-02,holiday,劳动节（周五）
2025-05-03,holiday,劳动节（周六）
2025-05-04,holiday,劳动节（周日）
2025-05-05,holiday,劳动节（周一）
# 端午节：5月31日（周六）至6月2日（周一）放假，共3天。
2025-05-31,holiday,端午节（周六）
2025-06-01,holiday,端午节（周日）
2025-06-02,holiday,端午节（周一）
# 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
2025-09-28,workday,国庆节中秋节调休上班（周日）
2025-10-01,holiday,国庆节（周三）
2025-10-02,holiday,国庆节（周四）
2025-10-03,holiday,国庆节（周五）
2025-10-04,holiday,国庆节（周六）
2025-10-05,holiday,国庆节（周日）
2025-10-06,holiday,中秋节（周一）
2025-10-07,holiday,国庆节（周二）
2025-10-08,holiday,国庆节（周三）
2025-10-11,workday,国庆节中秋节调休上班（周六）

# 2026 — 国务院办公厅关于2026年部分节假日安排的通知
# 元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
2026-01-01,holiday,元旦（周四）
2026-01-02,holiday,元旦（周五）
2026-01-03,holiday,元旦（周六）
2026-01-04,workday,元旦调休上班（周日）
# 春节：2月15日（腊月二十八、周日）至23日（正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
2026-02-14,workday,春节调休上班（周六）
2026-02-15,holiday,春节（周日）
2026-02-16,holiday,春节（周一）
2026-02-17,holiday,春节（周二）
2026-02-18,holiday,春节（周三）
2026-02-19,holiday,春节（周四）
2026-02-20,holiday,春节（周五）
2026-02-21,holiday,春节（周六）
2026-02-22,holiday,春节（周日）
2026-02-23,holiday,春节（周一）
2026-02-28,workday,春节调休上班（周六）
# 清明节：4月4日（周六）至6日（周一）放假，共3天。
2026-04-04,holiday,清明节（周六）
2026-04-05,holiday,清明节（周日）
2026-04-06,holiday,清明节（周一）
# 劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
2026-05-01,holiday,劳动节（周五）
2026-05-02,holiday,劳动节（周六）
2026-05-03,holiday,劳动节（周日）
2026-05-04,holiday,劳动节（周一）
2026-05-05,holiday,劳动节（周二）
2026-05-09,workday,劳动节调休上班（周六）
# 端午节：6月19日（周五）至21日（周日）放假，共3天。
2026-06-19,holiday,端午节（周五）
2026-06-20,holiday,端午节（周六）
2026-06-21,holiday,端午节（周日）
# 国庆节：9月20日（周日）上班。
2026-09-20,workday,国庆节调休上班（周日）
# 中秋节：9月25日（周五）至27日（周日）放假，共3天。
2026-09-25,holiday,中秋节（周五）
2026-09-26,holiday,中秋节（周六）
2026-09-27,holiday,中秋节（周日）
# 国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
2026-10-01,holiday,国庆节（周四）
2026-10-02,holiday,国庆节（周五）
2026-10-03,holiday,国庆节（周六）
2026-10-04,holiday,国庆节（周日）
2026-10-05,holiday,国庆节（周一）
2026-10-06,holiday,国庆节（周二）
2026-10-07,holiday,国庆节（周三）
2026-10-10,workday,国庆节调休上班（周六）
`

var chinaDemo = sync.OnceValue(func() *Calendar {
	return New(ChinaDemoOverrides())
})

// ChinaDemoOverrides returns (a fresh copy of) the overrides in
// ChinaHolidaysCSV, for seeding the product's calendar.
func ChinaDemoOverrides() map[Date]Kind {
	m, err := ParseCSV(strings.NewReader(ChinaHolidaysCSV))
	if err != nil {
		panic(err) // the embedded data is fixed and covered by tests
	}
	return m
}

// ChinaDemo2026 returns the calendar of the official PRC holiday arrangement
// for 2026, with 2025 included as well (the demo data reaches back two
// quarters). Outside 2025–2026 it is the plain weekend rule. The Calendar is
// shared and immutable.
func ChinaDemo2026() *Calendar { return chinaDemo() }
