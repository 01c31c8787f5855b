package ratings

import (
	"testing"
	"time"
)

func TestAnonymousTime(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 4, 1, 15, 4, 5, 6, cst)
	day := time.Date(2026, 4, 1, 0, 0, 0, 0, cst)
	for _, c := range []struct {
		name    string
		now     time.Time
		already []time.Time
		want    time.Time
	}{
		{"the day", now, nil, day},
		// 00:30 in Shanghai is the previous day in UTC: the agency's day counts.
		{"just after midnight", time.Date(2026, 4, 1, 0, 30, 0, 0, cst), nil, day},
		{"just before midnight", time.Date(2026, 4, 1, 23, 59, 59, 0, cst), nil, day},
		{"earlier rows", now, []time.Time{day.Add(-time.Hour)}, day},
		{"a row changed earlier that day", now, []time.Time{day.Add(9 * time.Hour), day.Add(2 * time.Hour)}, day.Add(9 * time.Hour)},
		{"a row changed that instant", now, []time.Time{now}, now},
		{"a row from another clock, ahead", now, []time.Time{now.Add(time.Second)}, day},
	} {
		if got := anonymousTime(c.now, c.already...); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("%s: %v, want %v (UTC)", c.name, got, c.want)
		}
	}
}
