package analytics

import (
	"fmt"
	"strings"
	"time"

	"xiaoneng/internal/workcal"
)

// Bucket is one period of a time series: an ISO week or a calendar month
// in the agency's time zone, clipped to the window.
type Bucket struct {
	Index int
	// From and To bound the part of the period inside the window.
	From, To time.Time
	// ISOYear and ISOWeek name a week bucket (weeks start on Monday).
	ISOYear, ISOWeek int
	// Label is "2026-W14" for a week, "2026-10" for a month.
	Label string
	// Complete: the whole period lies inside the window and has ended.
	Complete bool
}

// isoWeeks splits the window into ISO weeks (Monday 00:00 Asia/Shanghai).
func isoWeeks(w Window) []*Bucket {
	loc := workcal.Location()
	f := w.From.In(loc)
	start := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	start = start.AddDate(0, 0, -((int(start.Weekday()) + 6) % 7))
	var out []*Bucket
	for s := start; s.Before(w.To); s = s.AddDate(0, 0, 7) {
		e := s.AddDate(0, 0, 7)
		y, wk := s.ISOWeek()
		out = append(out, &Bucket{Index: len(out), From: maxT(s, w.From), To: minT(e, w.To),
			ISOYear: y, ISOWeek: wk, Label: fmt.Sprintf("%d-W%02d", y, wk),
			Complete: !s.Before(w.From) && !e.After(w.To)})
	}
	return out
}

// months splits the window into calendar months; a month is complete when
// it lies wholly inside the window and ended by now.
func months(w Window, now time.Time) []*Bucket {
	loc := workcal.Location()
	f := w.From.In(loc)
	var out []*Bucket
	for s := time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, loc); s.Before(w.To); s = s.AddDate(0, 1, 0) {
		e := s.AddDate(0, 1, 0)
		out = append(out, &Bucket{Index: len(out), From: maxT(s, w.From), To: minT(e, w.To),
			Label: s.Format("2006-01"), Complete: !s.Before(w.From) && !e.After(w.To) && !e.After(now)})
	}
	return out
}

// lastTwoComplete returns the indices of the last two complete months, or
// nil when the window has fewer than two.
func lastTwoComplete(ms []*Bucket) []int {
	var c []int
	for _, m := range ms {
		if m.Complete {
			c = append(c, m.Index)
		}
	}
	if len(c) < 2 {
		return nil
	}
	return c[len(c)-2:]
}

// bucketCTE renders buckets as a CTE name(i, lo, hi) of epoch seconds.
func bucketCTE(d dia, name string, bs []*Bucket) string {
	var b strings.Builder
	b.WriteString(name + "(i, lo, hi) AS (VALUES ")
	for i, x := range bs {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "(%d, %s, %s)", x.Index, d.num(epoch(x.From)), d.num(epoch(x.To)))
	}
	b.WriteString(")")
	return b.String()
}

func minT(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
