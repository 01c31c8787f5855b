package workcal

import (
	"fmt"
	"time"
	_ "time/tzdata" // embed the zone database so Asia/Shanghai always loads
)

// location is the agency's time zone. Every date computation in this package
// happens in it, whatever zone the caller's time.Time values carry.
var location = loadLocation()

func loadLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	// China has had no daylight-saving time since 1991, so a fixed +08:00
	// zone gives the same answers for every date this product deals with.
	return time.FixedZone("CST", 8*3600)
}

// Location returns the agency's time zone (Asia/Shanghai, UTC+8).
func Location() *time.Location { return location }

// Date is a civil (calendar) date in the agency's time zone, without a time of
// day. The zero Date is not a meaningful date; use DateOf or NewDate.
//
// Date is comparable and can be used as a map key; build it with NewDate,
// DateOf or ParseDate so that it is valid (see Valid).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date year-month-day, normalised the way time.Date
// normalises (so NewDate(2026, 2, 30) is 2026-03-02).
func NewDate(year int, month time.Month, day int) Date {
	return fromDays(daysOf(year, month, day))
}

// DateOf returns the date of t in the agency's time zone.
func DateOf(t time.Time) Date {
	y, m, d := t.In(location).Date()
	return Date{y, m, d}
}

// ParseDate parses a date written as YYYY-MM-DD (e.g. 2026-10-01) and
// rejects impossible dates such as 2026-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("workcal: invalid date %q (want YYYY-MM-DD)", s)
	}
	return Date{t.Year(), t.Month(), t.Day()}, nil
}

// Valid reports whether d names a real calendar day (month 1–12, day within
// the month).
func (d Date) Valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 &&
		fromDays(d.days()) == d
}

// Start returns midnight at the beginning of d in the agency's time zone.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, location)
}

// AddDays returns the date n calendar days after d (before d if n < 0).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + int64(n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.days(), e.days()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler (YYYY-MM-DD).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler (YYYY-MM-DD).
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Day numbers: days since 1970-01-01 (a Thursday), negative before it. All
// counting is done on day numbers, which are free of zones and DST.

func daysOf(year int, month time.Month, day int) int64 {
	return floorDiv(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

func (d Date) days() int64 { return daysOf(d.Year, d.Month, d.Day) }

func fromDays(n int64) Date {
	y, m, d := time.Unix(n*86400, 0).UTC().Date()
	return Date{y, m, d}
}

func weekdayOf(n int64) time.Weekday {
	return time.Weekday(floorMod(n+4, 7)) // day 0 was a Thursday
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
