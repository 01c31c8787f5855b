// Package workcal is the agency's working-day calendar (工作日 / 节假日 / 调休)
// and the deadline arithmetic built on it.
//
// Saturdays and Sundays are rest days and Monday to Friday are working days,
// unless a date is overridden: a Holiday override makes a weekday a rest day
// (节假日), a Workday override makes a weekend day a make-up working day
// (调休上班). All dates are civil dates in the agency's time zone, Asia/Shanghai
// (see Location); time.Time arguments in any zone are first converted to it.
//
// # Deadline semantics
//
// A limit of n working days given at instant start expires at the END of the
// n-th working day strictly after start's date. The start's own date never
// counts, whatever the time of day and whether or not it is a working day;
// this is the usual Chinese rule for periods (民法典 第二百零一条: 期间开始的日
// 不计算在期间内) and a period never ends on a rest day (第二百零三条). The end of
// a day is represented by the first instant of the following calendar day, so
// every deadline is a half-open bound:
//
//	dueAt := cal.AddWorkingDays(start, n)  // midnight (00:00 Asia/Shanghai) after the n-th working day
//	onTime := !completedAt.After(dueAt)    // completedAt ≤ dueAt, as DESIGN's on-time rate says
//	overdue := now.After(dueAt)            // dueAt < now
//	inWindow := at.Before(dueAt)           // at < dueAt: cal.WithinWorkingDays(start, at, n)
//
// (A completion at exactly 00:00:00 of the following day is thus still on time;
// the one-nanosecond difference from "23:59:59.999…" is deliberate and harmless.)
// n = 0 gives the end of the start's own date; a negative n is clamped to 0.
// The date shown to users as the last day is DateOf(dueAt.Add(-time.Nanosecond)),
// or NthWorkingDayAfter(DateOf(start), n).
//
// Example: a rectification (15 working days) ordered on Thursday 2026-09-24
// skips 中秋 (09-25…27) and 国庆 (10-01…07), counts the make-up Saturday
// 2026-10-10, and is due at 2026-10-23 00:00 CST, i.e. by the end of Thursday
// 2026-10-22.
//
// A Calendar is immutable and safe for concurrent use.
package workcal

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Default limits, in working days, from the design. The product's settings
// may change them; these are the values to seed settings with.
const (
	// DefaultHandBackDays is the first-handler window (首办 / 退单 / 转办): a
	// department may hand a task back or on within 1 working day of receiving it.
	DefaultHandBackDays = 1
	// DefaultComplaintAcceptanceDays: a complaint's acceptance is decided within 3 working days.
	DefaultComplaintAcceptanceDays = 3
	// DefaultComplaintHandlingDays: a complaint is handled within 15 working days.
	DefaultComplaintHandlingDays = 15
	// DefaultRectificationDays: a rectification (差评整改) is due in 15 working days.
	DefaultRectificationDays = 15
)

// MaxWorkingDays bounds n in AddWorkingDays and NthWorkingDayAfter (larger
// values are clamped to it); it is roughly 4,000 years of working days.
const MaxWorkingDays = 1_000_000

// Kind is what an override makes of a date.
type Kind uint8

const (
	// Holiday makes the date a rest day (节假日), even on a weekday.
	Holiday Kind = iota + 1
	// Workday makes the date a working day (调休上班), even on a weekend.
	Workday
)

// String returns "holiday" or "workday" (the CSV spelling).
func (k Kind) String() string {
	switch k {
	case Holiday:
		return "holiday"
	case Workday:
		return "workday"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind accepts, case-insensitively and ignoring surrounding spaces:
// "holiday", "休", "节假日", "放假" for Holiday and "workday", "班",
// "调休上班", "上班" for Workday. A bare "调休" is ambiguous (it is said of
// both the day off and the make-up day) and is rejected.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "holiday", "休", "节假日", "放假":
		return Holiday, nil
	case "workday", "班", "调休上班", "上班":
		return Workday, nil
	}
	return 0, fmt.Errorf("workcal: invalid kind %q (want holiday/休/节假日 or workday/班/调休上班)", s)
}

// Calendar answers working-day questions for the agency. The zero value and a
// nil *Calendar are usable: weekends rest, weekdays work, no overrides.
type Calendar struct {
	kinds map[int64]Kind // valid overrides by day number

	// Overrides that change the weekend rule (a Holiday on a weekday, a
	// Workday on a weekend), sorted by day, with prefix sums of their effect
	// (-1 or +1) on the working-day count: adjCum[i] is the sum for
	// adjDays[:i].
	adjDays []int64
	adjCum  []int64
}

// New builds a calendar from per-date overrides. Entries with an invalid date
// (see Date.Valid) or a Kind other than Holiday and Workday are ignored. An
// override that restates the weekend rule (Holiday on a Saturday, Workday on a
// Tuesday) is kept (Override reports it) but changes nothing. The map is
// copied.
func New(overrides map[Date]Kind) *Calendar {
	c := &Calendar{kinds: make(map[int64]Kind, len(overrides))}
	for d, k := range overrides {
		if !d.Valid() || (k != Holiday && k != Workday) {
			continue
		}
		n := d.days()
		c.kinds[n] = k
		if (k == Workday) == isWeekend(n) {
			c.adjDays = append(c.adjDays, n)
		}
	}
	slices.Sort(c.adjDays)
	c.adjCum = make([]int64, len(c.adjDays)+1)
	for i, n := range c.adjDays {
		delta := int64(1)
		if c.kinds[n] == Holiday {
			delta = -1
		}
		c.adjCum[i+1] = c.adjCum[i] + delta
	}
	return c
}

// Override returns the override recorded for d, if any.
func (c *Calendar) Override(d Date) (Kind, bool) {
	if c == nil || !d.Valid() {
		return 0, false
	}
	k, ok := c.kinds[d.days()]
	return k, ok
}

// Overrides returns a copy of the calendar's (valid) overrides.
func (c *Calendar) Overrides() map[Date]Kind {
	out := make(map[Date]Kind)
	if c == nil {
		return out
	}
	for n, k := range c.kinds {
		out[fromDays(n)] = k
	}
	return out
}

// OverrideDates returns the overridden dates in ascending order.
func (c *Calendar) OverrideDates() []Date {
	if c == nil {
		return nil
	}
	days := slices.Sorted(maps.Keys(c.kinds))
	out := make([]Date, len(days))
	for i, n := range days {
		out[i] = fromDays(n)
	}
	return out
}

// IsWorkingDay reports whether d is a working day: a weekday that is not a
// Holiday, or a weekend day that is a Workday. An invalid Date is normalised
// as NewDate would.
func (c *Calendar) IsWorkingDay(d Date) bool { return c.working(d.days()) }

// AddWorkingDays returns the deadline n working days after start: the first
// instant (00:00 in the agency's zone) of the calendar day that follows the
// n-th working day strictly after start's date. The time of day of start is
// irrelevant. n = 0 (and any negative n, which is clamped to 0) yields the end
// of start's own date, i.e. midnight at the start of the next calendar day;
// n above MaxWorkingDays is clamped to it. The result is in the agency's zone.
//
// Invariants: for n ≥ 1, DateOf(result - 1ns) is a working day, and
// WorkingDaysBetween(start, result - 1ns) == n for every n ≥ 0.
func (c *Calendar) AddWorkingDays(start time.Time, n int) time.Time {
	last := c.NthWorkingDayAfter(DateOf(start), n)
	return last.AddDays(1).Start()
}

// NthWorkingDayAfter returns the n-th working day strictly after d — the last
// day of an n-working-day limit starting on d. n ≤ 0 returns d itself (even if
// d is a rest day); n above MaxWorkingDays is clamped to it.
func (c *Calendar) NthWorkingDayAfter(d Date, n int) Date {
	a := d.days()
	if n <= 0 {
		return fromDays(a)
	}
	want := int64(min(n, MaxWorkingDays))
	// Find the smallest day x > a with count(a, x) ≥ want, where count(a, x)
	// is the number of working days in (a, x]; it grows by one exactly on
	// working days, so that x is the want-th working day after a.
	lo, hi := a, a+want // count(a, lo) = 0 < want
	for c.count(a, hi) < want {
		lo, hi = hi, a+2*(hi-a)
	}
	for hi-lo > 1 { // invariant: count(a, lo) < want ≤ count(a, hi)
		mid := lo + (hi-lo)/2
		if c.count(a, mid) >= want {
			hi = mid
		} else {
			lo = mid
		}
	}
	return fromDays(hi)
}

// WorkingDaysBetween returns the number of working days d with
// DateOf(from) < d ≤ DateOf(to), or minus the number with
// DateOf(to) < d ≤ DateOf(from) when to's date is before from's. Times of day
// are ignored: two instants on the same date give 0.
//
// It is the inverse of AddWorkingDays: WorkingDaysBetween(x,
// AddWorkingDays(x, n).Add(-time.Nanosecond)) == n for n ≥ 0.
func (c *Calendar) WorkingDaysBetween(from, to time.Time) int {
	return int(c.count(DateOf(from).days(), DateOf(to).days()))
}

// WithinWorkingDays reports whether at is before the deadline of n working
// days counted from received: at < AddWorkingDays(received, n). It is the
// check for the first-handler window (DefaultHandBackDays: a transfer at
// `at` of a task received at `received` is not late) and for complaint
// acceptance (DefaultComplaintAcceptanceDays). An `at` before received is
// within the window.
func (c *Calendar) WithinWorkingDays(received, at time.Time, n int) bool {
	return at.Before(c.AddWorkingDays(received, n))
}

// working reports whether day number x is a working day.
func (c *Calendar) working(x int64) bool {
	if c != nil {
		if k, ok := c.kinds[x]; ok {
			return k == Workday
		}
	}
	return !isWeekend(x)
}

// count returns the number of working days in (a, b], negated if b < a.
func (c *Calendar) count(a, b int64) int64 {
	return c.before(b+1) - c.before(a+1)
}

// before returns the number of working days before day x, relative to a fixed
// (arbitrary) origin; only differences of it are meaningful.
func (c *Calendar) before(x int64) int64 {
	n := weekdaysBefore(x)
	if c != nil && len(c.adjDays) > 0 {
		i, _ := slices.BinarySearch(c.adjDays, x) // adjDays[:i] are < x
		n += c.adjCum[i]
	}
	return n
}

// weekdaysBefore counts Mondays to Fridays before day x, relative to Monday
// 1970-01-05 (day 4): five per full week plus the weekdays of the partial one.
func weekdaysBefore(x int64) int64 {
	k := x - 4
	return 5*floorDiv(k, 7) + min(floorMod(k, 7), 5)
}

func isWeekend(x int64) bool {
	w := weekdayOf(x)
	return w == time.Saturday || w == time.Sunday
}
