package workcal

import (
	"math/rand/v2"
	"testing"
	"time"
)

// at returns the instant y-m-d hh:mm in the agency's zone.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Location())
}

// midnight returns 00:00 of y-m-d in the agency's zone.
func midnight(y int, m time.Month, d int) time.Time { return at(y, m, d, 0, 0) }

func TestLocation(t *testing.T) {
	_, off := time.Date(2026, 7, 1, 12, 0, 0, 0, Location()).Zone()
	if off != 8*3600 {
		t.Fatalf("agency zone offset = %d, want +08:00", off)
	}
}

func TestIsWorkingDay(t *testing.T) {
	cal := ChinaDemo2026()
	tests := []struct {
		d    Date
		want bool
	}{
		{NewDate(2026, 3, 9), true},    // Monday
		{NewDate(2026, 3, 14), false},  // Saturday
		{NewDate(2026, 3, 15), false},  // Sunday
		{NewDate(2026, 10, 1), false},  // 国庆, Thursday
		{NewDate(2026, 10, 7), false},  // 国庆, Wednesday
		{NewDate(2026, 10, 8), true},   // Thursday after 国庆
		{NewDate(2026, 10, 10), true},  // 调休 Saturday
		{NewDate(2026, 9, 20), true},   // 调休 Sunday
		{NewDate(2026, 1, 4), true},    // 调休 Sunday after 元旦
		{NewDate(2026, 1, 2), false},   // 元旦, Friday
		{NewDate(2025, 1, 26), true},   // 调休 Sunday before 春节 2025
		{NewDate(2025, 10, 6), false},  // 中秋 2025, Monday
		{NewDate(2027, 10, 1), true},   // outside the data: plain weekday
		{NewDate(2027, 10, 2), false},  // outside the data: Saturday
		{NewDate(2024, 12, 31), true},  // Tuesday
		{Date{2026, 2, 30}, true},      // normalised to 2026-03-02, a Monday
		{NewDate(2026, 12, 31), true},  // Thursday
		{NewDate(2026, 2, 23), false},  // last day of 春节 2026, Monday
		{NewDate(2026, 2, 24), true},   // first day back
		{NewDate(2026, 6, 19), false},  // 端午, Friday
		{NewDate(2026, 5, 9), true},    // 调休 Saturday after 劳动节
		{NewDate(2026, 5, 10), false},  // the Sunday after it
		{NewDate(2025, 12, 31), true},  // Wednesday
		{NewDate(2025, 10, 11), true},  // 调休 Saturday
		{NewDate(2025, 10, 12), false}, // Sunday
		{NewDate(1969, 12, 31), true},  // before day 0: Wednesday
		{NewDate(1969, 12, 28), false}, // Sunday
		{NewDate(2100, 1, 1), true},    // Friday
		{NewDate(2100, 1, 2), false},   // Saturday
		{NewDate(1, 1, 1), true},       // Monday
		{NewDate(-100, 1, 1), isWeekday(NewDate(-100, 1, 1))},
	}
	for _, tt := range tests {
		if got := cal.IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s, %s) = %v, want %v", tt.d, tt.d.Weekday(), got, tt.want)
		}
	}
}

func isWeekday(d Date) bool {
	w := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
	return w != time.Saturday && w != time.Sunday
}

func TestZeroAndNilCalendar(t *testing.T) {
	var zero Calendar
	var nilCal *Calendar
	for _, c := range []*Calendar{&zero, nilCal, New(nil)} {
		if !c.IsWorkingDay(NewDate(2026, 10, 1)) || c.IsWorkingDay(NewDate(2026, 10, 10)) {
			t.Errorf("calendar without overrides must follow the weekend rule")
		}
		if got, want := c.AddWorkingDays(at(2026, 10, 9, 9, 0), 1), midnight(2026, 10, 13); !got.Equal(want) {
			t.Errorf("AddWorkingDays = %v, want %v", got, want)
		}
		if got := c.WorkingDaysBetween(at(2026, 10, 9, 9, 0), at(2026, 10, 16, 9, 0)); got != 5 {
			t.Errorf("WorkingDaysBetween = %d, want 5", got)
		}
		if len(c.Overrides()) != 0 || len(c.OverrideDates()) != 0 {
			t.Errorf("unexpected overrides")
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	cal := ChinaDemo2026()
	tests := []struct {
		name  string
		start time.Time
		n     int
		want  time.Time
	}{
		{"normal week: Mon +3 → end of Thu", at(2026, 3, 9, 10, 0), 3, midnight(2026, 3, 13)},
		{"time of day is irrelevant", at(2026, 3, 9, 23, 59), 3, midnight(2026, 3, 13)},
		{"start at midnight", midnight(2026, 3, 9), 3, midnight(2026, 3, 13)},
		{"Fri +1 skips the weekend → end of Mon", at(2026, 3, 13, 16, 0), 1, midnight(2026, 3, 17)},
		{"Sat +1 → end of Mon", at(2026, 3, 14, 11, 0), 1, midnight(2026, 3, 17)},
		{"Mon +5 → end of next Mon", at(2026, 3, 9, 8, 0), 5, midnight(2026, 3, 17)},
		{"Wed before 国庆 +1 → end of Thu Oct 8", at(2026, 9, 30, 9, 0), 1, midnight(2026, 10, 9)},
		{"inside 国庆 +1 → end of Oct 8", at(2026, 10, 3, 9, 0), 1, midnight(2026, 10, 9)},
		{"Fri Oct 9 +1 → 调休 Saturday Oct 10", at(2026, 10, 9, 17, 0), 1, midnight(2026, 10, 11)},
		{"Fri Oct 9 +2 → Mon Oct 12 (Sun Oct 11 rests)", at(2026, 10, 9, 17, 0), 2, midnight(2026, 10, 13)},
		{"元旦 Sat Jan 3 +1 → 调休 Sunday Jan 4", at(2026, 1, 3, 12, 0), 1, midnight(2026, 1, 5)},
		{"Fri 2025-01-24 +1 → 调休 Sunday Jan 26", at(2025, 1, 24, 12, 0), 1, midnight(2025, 1, 27)},
		{"Fri 2026-09-18 +1 → 调休 Sunday Sep 20", at(2026, 9, 18, 12, 0), 1, midnight(2026, 9, 21)},
		{"n = 0 → end of the start day", at(2026, 3, 9, 10, 0), 0, midnight(2026, 3, 10)},
		{"n = 0 on a holiday → end of that day", at(2026, 10, 1, 15, 0), 0, midnight(2026, 10, 2)},
		{"negative n is clamped to 0", at(2026, 3, 9, 10, 0), -5, midnight(2026, 3, 10)},
		{"across years: Wed 2025-12-31 +1 skips 元旦 → 调休 Sunday 2026-01-04", at(2025, 12, 31, 9, 0), 1, midnight(2026, 1, 5)},
		{"春节 2026: Fri Feb 13 +1 → 调休 Sat Feb 14", at(2026, 2, 13, 9, 0), 1, midnight(2026, 2, 15)},
		{"春节 2026: Sat Feb 14 +1 → Tue Feb 24", at(2026, 2, 14, 9, 0), 1, midnight(2026, 2, 25)},

		// Rectification ordered Thu 2026-09-24, 15 working days, counted by hand:
		//   09-25 Fri, 09-26 Sat, 09-27 Sun: 中秋, rest
		//   09-28 Mon 1, 09-29 Tue 2, 09-30 Wed 3
		//   10-01 … 10-07: 国庆, rest
		//   10-08 Thu 4, 10-09 Fri 5, 10-10 Sat (调休) 6, 10-11 Sun rest
		//   10-12 Mon 7, 10-13 8, 10-14 9, 10-15 10, 10-16 Fri 11, weekend
		//   10-19 Mon 12, 10-20 13, 10-21 14, 10-22 Thu 15
		// → due at the end of 2026-10-22, i.e. 2026-10-23 00:00 CST.
		{"15 from Thu 2026-09-24 (中秋 + 国庆)", at(2026, 9, 24, 10, 0), 15, midnight(2026, 10, 23)},

		// From Fri 2026-09-18, 15 working days, counted by hand:
		//   09-19 Sat rest, 09-20 Sun (调休) 1, 09-21 … 09-24 Mon–Thu 2–5,
		//   09-25 … 09-27 中秋, 09-28 6, 09-29 7, 09-30 8, 国庆,
		//   10-08 9, 10-09 10, 10-10 Sat (调休) 11, 10-12 12, 10-13 13,
		//   10-14 14, 10-15 Thu 15 → 2026-10-16 00:00 CST.
		{"15 from Fri 2026-09-18 (both 调休 days)", at(2026, 9, 18, 10, 0), 15, midnight(2026, 10, 16)},

		// 2025: complaint received Tue 2025-09-30, accept within 3:
		// 10-01 … 10-08 rest, 10-09 Thu 1, 10-10 Fri 2, 10-11 Sat (调休) 3.
		{"3 from Tue 2025-09-30 (国庆 2025)", at(2025, 9, 30, 14, 0), 3, midnight(2025, 10, 12)},
	}
	for _, tt := range tests {
		got := cal.AddWorkingDays(tt.start, tt.n)
		if !got.Equal(tt.want) {
			t.Errorf("%s: AddWorkingDays(%v, %d) = %v, want %v", tt.name, tt.start, tt.n, got, tt.want)
		}
		if got.Location() != Location() {
			t.Errorf("%s: result in %v, want the agency zone", tt.name, got.Location())
		}
	}
}

func TestAddWorkingDaysOtherZone(t *testing.T) {
	cal := ChinaDemo2026()
	// 2026-03-08 17:30 UTC is Monday 2026-03-09 01:30 in Shanghai: the start
	// date is Monday, not Sunday.
	start := time.Date(2026, 3, 8, 17, 30, 0, 0, time.UTC)
	if got, want := cal.AddWorkingDays(start, 1), midnight(2026, 3, 11); !got.Equal(want) {
		t.Errorf("AddWorkingDays(UTC Sunday evening, 1) = %v, want %v", got, want)
	}
	// 2026-03-09 15:59 UTC is still Monday (23:59) in Shanghai.
	if got := DateOf(time.Date(2026, 3, 9, 15, 59, 0, 0, time.UTC)); got != NewDate(2026, 3, 9) {
		t.Errorf("DateOf = %v, want 2026-03-09", got)
	}
}

func TestAddWorkingDaysLarge(t *testing.T) {
	var cal Calendar
	// 260 weekdays = 52 weeks.
	if got, want := cal.AddWorkingDays(at(2026, 3, 9, 9, 0), 260), midnight(2027, 3, 9); !got.Equal(want) {
		t.Errorf("AddWorkingDays(+260) = %v, want %v", got, want)
	}
	// Clamped, and quick.
	huge := cal.AddWorkingDays(at(2026, 3, 9, 9, 0), int(^uint(0)>>1))
	if want := cal.AddWorkingDays(at(2026, 3, 9, 9, 0), MaxWorkingDays); !huge.Equal(want) {
		t.Errorf("AddWorkingDays(maxint) = %v, want the MaxWorkingDays result %v", huge, want)
	}
	if got := cal.WorkingDaysBetween(at(2026, 3, 9, 9, 0), huge.Add(-time.Nanosecond)); got != MaxWorkingDays {
		t.Errorf("WorkingDaysBetween(start, clamped) = %d, want %d", got, MaxWorkingDays)
	}
}

func TestNthWorkingDayAfter(t *testing.T) {
	cal := ChinaDemo2026()
	if got := cal.NthWorkingDayAfter(NewDate(2026, 9, 24), 15); got != NewDate(2026, 10, 22) {
		t.Errorf("NthWorkingDayAfter(2026-09-24, 15) = %v, want 2026-10-22", got)
	}
	if got := cal.NthWorkingDayAfter(NewDate(2026, 10, 1), 0); got != NewDate(2026, 10, 1) {
		t.Errorf("NthWorkingDayAfter(d, 0) = %v, want d", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal := ChinaDemo2026()
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"same instant", at(2026, 3, 9, 9, 0), at(2026, 3, 9, 9, 0), 0},
		{"same day, later", at(2026, 3, 9, 9, 0), at(2026, 3, 9, 23, 0), 0},
		{"same day, earlier", at(2026, 3, 9, 23, 0), at(2026, 3, 9, 9, 0), 0},
		{"Mon → Fri", at(2026, 3, 9, 9, 0), at(2026, 3, 13, 9, 0), 4},
		{"Fri → Mon", at(2026, 3, 13, 17, 0), at(2026, 3, 16, 8, 0), 1},
		{"Mon → Fri backwards", at(2026, 3, 13, 9, 0), at(2026, 3, 9, 9, 0), -4},
		{"Fri → Sat", at(2026, 3, 13, 9, 0), at(2026, 3, 14, 9, 0), 0},
		{"Sat → Sun", at(2026, 3, 14, 9, 0), at(2026, 3, 15, 9, 0), 0},
		{"Sun → Sat backwards: only Sun is in (Sat, Sun], and it rests", at(2026, 3, 15, 9, 0), at(2026, 3, 14, 9, 0), 0},
		{"Wed Sep 30 → Thu Oct 8 across 国庆", at(2026, 9, 30, 10, 0), at(2026, 10, 8, 9, 0), 1},
		{"Thu Oct 8 → Wed Sep 30 backwards", at(2026, 10, 8, 9, 0), at(2026, 9, 30, 10, 0), -1},
		{"inside 国庆", at(2026, 10, 1, 9, 0), at(2026, 10, 7, 9, 0), 0},
		{"Fri Oct 9 → Sun Oct 11 (调休 Sat counts)", at(2026, 10, 9, 9, 0), at(2026, 10, 11, 9, 0), 1},
		{"Thu 2026-09-24 → Thu 2026-10-22", at(2026, 9, 24, 10, 0), at(2026, 10, 22, 18, 0), 15},
		{"Thu 2026-10-22 → Thu 2026-09-24", at(2026, 10, 22, 18, 0), at(2026, 9, 24, 10, 0), -15},
		{"whole 2025", at(2024, 12, 31, 12, 0), at(2025, 12, 31, 12, 0), 248},
		{"whole 2026", at(2025, 12, 31, 12, 0), at(2026, 12, 31, 12, 0), 248},
		{"whole 2026 backwards", at(2026, 12, 31, 12, 0), at(2025, 12, 31, 12, 0), -248},
	}
	for _, tt := range tests {
		if got := cal.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: WorkingDaysBetween(%v, %v) = %d, want %d", tt.name, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestWithinWorkingDays(t *testing.T) {
	cal := ChinaDemo2026()
	tests := []struct {
		name          string
		received, now time.Time
		n             int
		want          bool
	}{
		{"hand back Mon, received Fri", at(2026, 3, 13, 16, 0), at(2026, 3, 16, 23, 59), 1, true},
		{"hand back Tue 00:00, received Fri: late", at(2026, 3, 13, 16, 0), midnight(2026, 3, 17), 1, false},
		{"hand back same day", at(2026, 3, 13, 16, 0), at(2026, 3, 13, 16, 5), 1, true},
		{"hand back before receipt", at(2026, 3, 13, 16, 0), at(2026, 3, 12, 16, 5), 1, true},
		{"received before 国庆, handed back Oct 8", at(2026, 9, 30, 17, 0), at(2026, 10, 8, 18, 0), 1, true},
		{"received before 国庆, handed back Oct 9", at(2026, 9, 30, 17, 0), at(2026, 10, 9, 9, 0), 1, false},
		{"accept complaint within 3: Fri → Wed", at(2026, 3, 13, 10, 0), at(2026, 3, 18, 17, 0), 3, true},
		{"accept complaint within 3: Fri → Thu", at(2026, 3, 13, 10, 0), at(2026, 3, 19, 9, 0), 3, false},
		{"n = 0: same day only", at(2026, 3, 13, 10, 0), at(2026, 3, 13, 23, 59), 0, true},
		{"n = 0: next day is late", at(2026, 3, 13, 10, 0), midnight(2026, 3, 14), 0, false},
	}
	for _, tt := range tests {
		if got := cal.WithinWorkingDays(tt.received, tt.now, tt.n); got != tt.want {
			t.Errorf("%s: WithinWorkingDays(%v, %v, %d) = %v, want %v", tt.name, tt.received, tt.now, tt.n, got, tt.want)
		}
	}
}

// naiveAdd is the obvious day-by-day definition AddWorkingDays must agree with.
func naiveAdd(c *Calendar, start time.Time, n int) time.Time {
	d := DateOf(start)
	for i := 0; i < n; {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			i++
		}
	}
	return d.AddDays(1).Start()
}

// naiveBetween is the obvious definition WorkingDaysBetween must agree with.
func naiveBetween(c *Calendar, from, to time.Time) int {
	a, b, sign := DateOf(from), DateOf(to), 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

func TestPropertyAddAndBetweenAgree(t *testing.T) {
	cal := ChinaDemo2026()
	rng := rand.New(rand.NewPCG(2026, 1001))
	lo := midnight(2025, 1, 1).Unix()
	hi := midnight(2027, 1, 1).Unix()
	zones := []*time.Location{Location(), time.UTC, time.FixedZone("PST", -8*3600)}
	for range 5000 {
		start := time.Unix(lo+rng.Int64N(hi-lo), rng.Int64N(1e9)).In(zones[rng.IntN(len(zones))])
		n := rng.IntN(61)
		due := cal.AddWorkingDays(start, n)
		last := due.Add(-time.Nanosecond)

		if want := naiveAdd(cal, start, n); !due.Equal(want) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v, naive %v", start, n, due, want)
		}
		if !due.Equal(DateOf(due).Start()) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is not the start of a day", start, n, due)
		}
		if !DateOf(due).After(DateOf(start)) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v is not after the start date", start, n, due)
		}
		if n > 0 && !cal.IsWorkingDay(DateOf(last)) {
			t.Fatalf("AddWorkingDays(%v, %d) = %v does not follow a working day", start, n, due)
		}
		if got := cal.WorkingDaysBetween(start, last); got != n {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d, want n = %d", start, last, got, n)
		}
		if got := cal.WorkingDaysBetween(start, due); got != n+boolInt(cal.IsWorkingDay(DateOf(due))) {
			t.Fatalf("WorkingDaysBetween(%v, due %v) = %d, n = %d", start, due, got, n)
		}
		if !cal.WithinWorkingDays(start, last, n) || cal.WithinWorkingDays(start, due, n) {
			t.Fatalf("WithinWorkingDays disagrees with AddWorkingDays(%v, %d) = %v", start, n, due)
		}

		other := time.Unix(lo+rng.Int64N(hi-lo), 0)
		got := cal.WorkingDaysBetween(start, other)
		if want := naiveBetween(cal, start, other); got != want {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d, naive %d", start, other, got, want)
		}
		if back := cal.WorkingDaysBetween(other, start); back != -got {
			t.Fatalf("WorkingDaysBetween not antisymmetric: %d vs %d", got, back)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestNewIgnoresInvalid(t *testing.T) {
	cal := New(map[Date]Kind{
		{2026, 2, 30}:       Holiday, // invalid date
		NewDate(2026, 3, 2): Kind(7), // invalid kind
		NewDate(2026, 3, 3): Holiday,
		NewDate(2026, 3, 7): Holiday, // Saturday: redundant but kept
		NewDate(2026, 3, 4): Workday, // Wednesday: redundant but kept
	})
	if !cal.IsWorkingDay(NewDate(2026, 3, 2)) || cal.IsWorkingDay(NewDate(2026, 3, 3)) {
		t.Errorf("invalid entries must be ignored, valid ones applied")
	}
	if got := len(cal.Overrides()); got != 3 {
		t.Errorf("len(Overrides()) = %d, want 3", got)
	}
	if k, ok := cal.Override(NewDate(2026, 3, 7)); !ok || k != Holiday {
		t.Errorf("Override(2026-03-07) = %v, %v", k, ok)
	}
	if got := cal.WorkingDaysBetween(midnight(2026, 3, 1), midnight(2026, 3, 8)); got != 4 {
		t.Errorf("WorkingDaysBetween over the week = %d, want 4", got)
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-10-01")
	if err != nil || d != NewDate(2026, 10, 1) || d.String() != "2026-10-01" || d.Weekday() != time.Thursday {
		t.Fatalf("ParseDate = %v, %v", d, err)
	}
	for _, s := range []string{"2026-02-30", "2026-13-01", "2026-1-1", "2026/10/01", "", "20261001"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) succeeded", s)
		}
	}
	if (Date{2026, 2, 30}).Valid() || !NewDate(2026, 2, 28).Valid() || (Date{}).Valid() {
		t.Errorf("Valid is wrong")
	}
	if NewDate(2026, 2, 30) != NewDate(2026, 3, 2) {
		t.Errorf("NewDate does not normalise")
	}
	if got := NewDate(2026, 12, 31).AddDays(1); got != NewDate(2027, 1, 1) {
		t.Errorf("AddDays = %v", got)
	}
	if !NewDate(2026, 1, 1).Before(NewDate(2026, 1, 2)) || NewDate(2026, 1, 1).After(NewDate(2026, 1, 2)) ||
		NewDate(2026, 1, 1).Compare(NewDate(2026, 1, 1)) != 0 {
		t.Errorf("comparisons are wrong")
	}
	if got := NewDate(2026, 10, 1).Start(); !got.Equal(time.Date(2026, 9, 30, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("Start = %v", got)
	}
	var u Date
	if err := u.UnmarshalText([]byte("2025-01-26")); err != nil || u != NewDate(2025, 1, 26) {
		t.Errorf("UnmarshalText = %v, %v", u, err)
	}
	if b, _ := u.MarshalText(); string(b) != "2025-01-26" {
		t.Errorf("MarshalText = %s", b)
	}
	// Weekdays from the day-number arithmetic agree with package time over a long range.
	for n := int64(-1000); n < 1000; n++ {
		d := fromDays(n * 37)
		if got, want := d.Weekday(), time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday(); got != want {
			t.Fatalf("%v: weekday %v, want %v", d, got, want)
		}
	}
}
