package calendar

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/workcalendar"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
	"xiaoneng/internal/workcal"
)

// DayKind is what setWorkDays makes of a date: a holiday, a make-up working
// day, or NORMAL (the plain week: the override is removed).
type DayKind string

const (
	DayHoliday DayKind = "HOLIDAY"
	DayWorkday DayKind = "WORKDAY"
	DayNormal  DayKind = "NORMAL"
)

// MarshalGQL implements graphql.Marshaler.
func (k DayKind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (k *DayKind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	switch DayKind(s) {
	case DayHoliday, DayWorkday, DayNormal:
		*k = DayKind(s)
		return nil
	}
	return fmt.Errorf("%q is not a valid WorkDayKind", s)
}

// DayChange is one date of setWorkDays.
type DayChange struct {
	Date string // YYYY-MM-DD
	Kind DayKind
	Note *string
}

// Result counts what a calendar change did; Days are the stored overrides
// of the listed dates after it (dates set to NORMAL are absent).
type Result struct {
	Inserted, Updated, Removed, Unchanged int
	Days                                  []*ent.WorkCalendar
}

// MaxDays bounds one setWorkDays or importWorkCalendar call (a few years of
// holidays is a few hundred rows).
const MaxDays = 5000

const maxNote = 100 // WorkCalendar.note's length, in characters

// MaxCSVBytes bounds an imported calendar CSV: MaxDays lines with notes fit.
const MaxCSVBytes = 512 << 10

// SetDays sets each listed date to a holiday, a make-up working day or back
// to normal, in one transaction with its audit row. ADMIN only.
func SetDays(ctx context.Context, client *ent.Client, days []*DayChange) (*Result, error) {
	if len(days) == 0 {
		return nil, apperr.BadInput("days", "至少需要一个日期 / at least one date is required")
	}
	if len(days) > MaxDays {
		return nil, apperr.BadInput("days", "一次最多 %d 个日期 / at most %d dates at once", MaxDays, MaxDays)
	}
	want := make(map[string]change, len(days))
	for i, d := range days {
		note := ""
		if d.Note != nil {
			note = *d.Note
		}
		date, c, err := checkDay(d.Date, d.Kind, note)
		if err != nil {
			err.Field = fmt.Sprintf("days[%d].%s", i, err.Field)
			return nil, err
		}
		if prev, ok := want[date]; ok && prev != c {
			return nil, apperr.BadInput(fmt.Sprintf("days[%d].date", i), "日期 %s 重复且设置不一致 / %s is listed twice with different settings", date, date)
		}
		want[date] = c
	}
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return apply(ctx, client, want, "set_work_days")
}

// ImportCSV replaces or inserts the dates listed in a calendar CSV
// (workcal.ParseCSV's format: date,kind[,note]) in one transaction. A bad
// CSV changes nothing and names the first bad line. ADMIN only.
func ImportCSV(ctx context.Context, client *ent.Client, text string) (*Result, error) {
	if len(text) > MaxCSVBytes {
		return nil, apperr.BadInput("csv", "日历 CSV 最大 %d KiB / the calendar CSV is limited to %d KiB", MaxCSVBytes>>10, MaxCSVBytes>>10)
	}
	kinds, err := workcal.ParseCSV(strings.NewReader(text))
	if err != nil {
		var pe *workcal.ParseError
		if errors.As(err, &pe) {
			what := pe.Reason
			if pe.Value != "" {
				what += fmt.Sprintf(": %q", pe.Value)
			}
			more := ""
			if n := len(flatten(err)); n > 1 {
				more = fmt.Sprintf(" (+%d more)", n-1)
			}
			return nil, apperr.BadInput("csv", "第 %d 行有误 / line %d: %s%s", pe.Line, pe.Line, what, more)
		}
		return nil, apperr.BadInput("csv", "无法读取日历 CSV / unreadable calendar CSV: %v", err)
	}
	if len(kinds) == 0 {
		return nil, apperr.BadInput("csv", "CSV 中没有日期 / the CSV lists no dates")
	}
	if len(kinds) > MaxDays {
		return nil, apperr.BadInput("csv", "一次最多 %d 个日期 / at most %d dates at once", MaxDays, MaxDays)
	}
	notes := csvNotes(text)
	want := make(map[string]change, len(kinds))
	for d, k := range kinds {
		c := change{kind: DayHoliday, note: truncate(notes[d.String()], maxNote)}
		if k == workcal.Workday {
			c.kind = DayWorkday
		}
		want[d.String()] = c
	}
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	return apply(ctx, client, want, "import_work_calendar")
}

// flatten lists the errors joined by errors.Join.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// checkDay is the check of one date's change, for setWorkDays and the
// importer alike: a real date written YYYY-MM-DD, a note of at most maxNote
// characters. The error's Field is "date" or "note".
func checkDay(date string, kind DayKind, note string) (string, change, *apperr.Error) {
	d, err := workcal.ParseDate(strings.TrimSpace(date))
	if err != nil {
		return "", change{}, apperr.BadInput("date", "日期格式应为 YYYY-MM-DD / invalid date %q (want YYYY-MM-DD)", date)
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxNote {
		return "", change{}, apperr.BadInput("note", "备注最多 %d 个字 / the note is longer than %d characters", maxNote, maxNote)
	}
	return d.String(), change{kind: kind, note: note}, nil
}

// requireAdmin: changing the calendar is ADMIN's. The privacy policy of
// WorkCalendar refuses every other role's writes too, but a request whose
// dates are all unchanged writes no row, so privacy would never be asked.
func requireAdmin(ctx context.Context) error {
	if !auth.FromContext(ctx).IsAdmin() {
		return apperr.Forbiddenf("只有管理员可以修改工作日历 / only an admin changes the work calendar")
	}
	return nil
}

type change struct {
	kind DayKind
	note string
}

func apply(ctx context.Context, client *ent.Client, want map[string]change, action string) (*Result, error) {
	dates := sortedKeys(want)
	res := &Result{}
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		existing, err := tx.WorkCalendar.Query().Where(workcalendar.DayIn(dates...)).All(ctx)
		if err != nil {
			return err
		}
		have := make(map[string]*ent.WorkCalendar, len(existing))
		for _, r := range existing {
			have[r.Day] = r
		}
		for _, d := range dates {
			did, _, err := writeDay(ctx, tx, d, want[d], have[d])
			if err != nil {
				return err
			}
			switch did {
			case dayInserted:
				res.Inserted++
			case dayUpdated:
				res.Updated++
			case dayRemoved:
				res.Removed++
			default:
				res.Unchanged++
			}
		}
		res.Days, err = tx.WorkCalendar.Query().Where(workcalendar.DayIn(dates...)).
			Order(ent.Asc(workcalendar.FieldDay)).All(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, action, "work_calendar", 0, map[string]any{
			"dates": len(dates), "inserted": res.Inserted, "updated": res.Updated,
			"removed": res.Removed, "unchanged": res.Unchanged,
		})
	})
	if err != nil {
		return nil, err
	}
	Invalidate(client)
	return res, nil
}

// What writeDay did to a date.
type dayWrite int

const (
	dayUnchanged dayWrite = iota
	dayInserted
	dayUpdated
	dayRemoved
)

// writeDay makes date d what c says, given its stored override row (nil:
// none), for setWorkDays, importWorkCalendar and the importer alike. It
// returns the date's row afterwards (nil when it has none).
func writeDay(ctx context.Context, tx *ent.Client, d string, c change, row *ent.WorkCalendar) (dayWrite, *ent.WorkCalendar, error) {
	switch {
	case c.kind == DayNormal && row == nil:
		return dayUnchanged, nil, nil
	case c.kind == DayNormal:
		return dayRemoved, nil, tx.WorkCalendar.DeleteOne(row).Exec(ctx)
	case row == nil:
		row, err := tx.WorkCalendar.Create().SetDay(d).SetKind(workcalendar.Kind(c.kind)).SetNote(c.note).Save(ctx)
		return dayInserted, row, err
	case string(row.Kind) == string(c.kind) && row.Note == c.note:
		return dayUnchanged, row, nil
	}
	row, err := tx.WorkCalendar.UpdateOne(row).SetKind(workcalendar.Kind(c.kind)).SetNote(c.note).Save(ctx)
	return dayUpdated, row, err
}

// sortedKeys: YYYY-MM-DD sorts as text.
func sortedKeys(m map[string]change) []string {
	return slices.Sorted(maps.Keys(m))
}

// csvNotes reads the optional third column (the note) of a CSV that
// workcal.ParseCSV has accepted; the first note given for a date wins.
func csvNotes(text string) map[string]string {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.LazyQuotes = true
	out := map[string]string{}
	for {
		rec, err := cr.Read()
		if err != nil {
			return out
		}
		if len(rec) < 3 {
			continue
		}
		d, err := workcal.ParseDate(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")))
		if err != nil {
			continue
		}
		if _, ok := out[d.String()]; !ok {
			out[d.String()] = strings.TrimSpace(rec[2])
		}
	}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// MaxSpanDays bounds addWorkingDays (about 40 years of working days).
const MaxSpanDays = 10000

// WorkingDaysBetween counts the working days after from's date up to and
// including to's date on the agency calendar (negative when to is before
// from), as workcal.Calendar.WorkingDaysBetween.
func WorkingDaysBetween(ctx context.Context, client *ent.Client, from, to time.Time) (int, error) {
	cal, err := Cached(ctx, client)
	if err != nil {
		return 0, err
	}
	return cal.WorkingDaysBetween(from, to), nil
}

// AddWorkingDays is the deadline n working days after from on the agency
// calendar (workcal.Calendar.AddWorkingDays: midnight after the n-th working day).
func AddWorkingDays(ctx context.Context, client *ent.Client, from time.Time, n int) (time.Time, error) {
	if n < 0 || n > MaxSpanDays {
		return time.Time{}, apperr.BadInput("days", "工作日数应在 0 到 %d 之间 / days must be between 0 and %d", MaxSpanDays, MaxSpanDays)
	}
	cal, err := Cached(ctx, client)
	if err != nil {
		return time.Time{}, err
	}
	return cal.AddWorkingDays(from, n), nil
}

// CacheTTL is how long Cached reuses a loaded calendar. Deadlines written by
// mutations are computed with Load inside their transaction; the cache
// serves read-side figures (a task's working days left, the calendar
// queries), for which a few seconds' delay after another replica changed
// the calendar is harmless. This replica's own changes invalidate it at once.
const CacheTTL = 30 * time.Second

type cached struct {
	cal *workcal.Calendar
	at  time.Time
}

var (
	cacheMu sync.Mutex
	cache   = map[*ent.Client]cached{}
)

// Cached returns the calendar of client's database, loading it at most once
// every CacheTTL.
func Cached(ctx context.Context, client *ent.Client) (*workcal.Calendar, error) {
	cacheMu.Lock()
	c, ok := cache[client]
	cacheMu.Unlock()
	if ok && time.Since(c.at) < CacheTTL {
		return c.cal, nil
	}
	cal, err := Load(ctx, client)
	if err != nil {
		return nil, err
	}
	cacheMu.Lock()
	cache[client] = cached{cal: cal, at: time.Now()}
	cacheMu.Unlock()
	return cal, nil
}

// Invalidate drops client's cached calendar (after a change).
func Invalidate(client *ent.Client) {
	cacheMu.Lock()
	delete(cache, client)
	cacheMu.Unlock()
}

// invalidateAll drops every cached calendar (after a change made through a
// transaction, whose client is not the cache's key).
func invalidateAll() {
	cacheMu.Lock()
	clear(cache)
	cacheMu.Unlock()
}
