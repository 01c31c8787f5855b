package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// dateSpelling is how spreadsheets write a date: 2026-10-01, 2026/10/1,
// 2026.10.1, 2026年10月1日, optionally followed by a midnight time
// (a cell Excel formats as date and time).
var dateSpelling = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00)?)?$`)

// NormalizeDate returns a date cell as YYYY-MM-DD, for the kinds to read
// dates as their mutations do; false when s is no date or no real day
// (2026-02-30).
func NormalizeDate(s string) (string, bool) {
	m := dateSpelling.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d), true
}
