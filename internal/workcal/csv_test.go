package workcal

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseCSV(t *testing.T) {
	in := "\ufeffdate,kind,note\n" +
		"# comment\n" +
		"\n" +
		"   # indented comment\n" +
		"2026-10-01,holiday,国庆节\n" +
		"2026-10-02, 休\n" +
		"2026-10-03,节假日,\"note, with comma\"\n" +
		"2026-10-04,放假,a,b,c\n" +
		"2026-10-10,workday\n" +
		"2026-09-20,班,国庆节调休\n" +
		"2026-01-04,调休上班\n" +
		"2026-02-14,WorkDay\n" +
		"  2026-02-28 , 上班 \n" +
		"2026-10-01,Holiday,listed twice with the same kind\n" +
		",,\n"
	got, err := ParseCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := map[Date]Kind{
		NewDate(2026, 10, 1):  Holiday,
		NewDate(2026, 10, 2):  Holiday,
		NewDate(2026, 10, 3):  Holiday,
		NewDate(2026, 10, 4):  Holiday,
		NewDate(2026, 10, 10): Workday,
		NewDate(2026, 9, 20):  Workday,
		NewDate(2026, 1, 4):   Workday,
		NewDate(2026, 2, 14):  Workday,
		NewDate(2026, 2, 28):  Workday,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries %v, want %d", len(got), got, len(want))
	}
	for d, k := range want {
		if got[d] != k {
			t.Errorf("%v: got %v, want %v", d, got[d], k)
		}
	}
}

func TestParseCSVNoHeaderAndEmpty(t *testing.T) {
	got, err := ParseCSV(strings.NewReader("日期,类型\n2025-01-01,休\n"))
	if err != nil || len(got) != 1 || got[NewDate(2025, 1, 1)] != Holiday {
		t.Fatalf("Chinese header: %v, %v", got, err)
	}
	got, err = ParseCSV(strings.NewReader("2025-01-01,休"))
	if err != nil || len(got) != 1 {
		t.Fatalf("no header, no final newline: %v, %v", got, err)
	}
	got, err = ParseCSV(strings.NewReader(""))
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty input: %v, %v", got, err)
	}
	got, err = ParseCSV(strings.NewReader("# only comments\n\n"))
	if err != nil || len(got) != 0 {
		t.Fatalf("comments only: %v, %v", got, err)
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings of the error, each naming a line and a value
	}{
		{"bad date", "date,kind\n2026-10-01,holiday\n2026-02-30,holiday\n",
			[]string{`line 3: invalid date (want YYYY-MM-DD): "2026-02-30"`}},
		{"slashes", "2026/10/01,holiday\n", []string{`line 1: invalid date (want YYYY-MM-DD): "2026/10/01"`}},
		{"header not on the first record", "2026-10-01,holiday\ndate,kind\n", []string{`line 2: invalid date`, `"date"`}},
		{"unknown header is a bad date", "day,type\n", []string{`line 1: invalid date (want YYYY-MM-DD): "day"`}},
		{"bad kind", "# c\n\n2026-10-01,vacation\n", []string{`line 3: invalid kind`, `"vacation"`}},
		{"bare 调休 is ambiguous", "2026-10-10,调休\n", []string{`line 1: invalid kind`, `"调休"`}},
		{"missing kind", "2026-10-01\n", []string{`line 1: missing kind`}},
		{"empty kind", "2026-10-01,,note\n", []string{`line 1: missing kind`}},
		{"conflicting duplicate", "2026-10-01,holiday\n2026-10-02,holiday\n2026-10-01,班\n",
			[]string{`line 3: conflicting kind for 2026-10-01 (holiday on line 1): "班"`}},
		{"several errors, all reported", "2026-13-01,holiday\n2026-10-01,x\n2026-10-02,holiday\n",
			[]string{`line 1: invalid date`, `"2026-13-01"`, `line 2: invalid kind`, `"x"`}},
		{"both date and kind bad", "tomorrow,maybe\n", []string{`line 1: invalid date`, `"tomorrow"`, `"maybe"`}},
		{"csv syntax", "2026-10-01,holiday\n2026-10-02,\"holiday\"x\"\n", []string{`line 2:`}},
	}
	for _, tt := range tests {
		got, err := ParseCSV(strings.NewReader(tt.in))
		if err == nil {
			t.Errorf("%s: no error, got %v", tt.name, got)
			continue
		}
		if got != nil {
			t.Errorf("%s: map %v returned with an error", tt.name, got)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", tt.name, err, w)
			}
		}
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line == 0 {
			t.Errorf("%s: error %v is not a *ParseError with a line", tt.name, err)
		}
	}
}

func TestParseKind(t *testing.T) {
	for s, want := range map[string]Kind{
		"holiday": Holiday, "HOLIDAY": Holiday, "休": Holiday, "节假日": Holiday, " 放假 ": Holiday,
		"workday": Workday, "班": Workday, "调休上班": Workday, "上班": Workday,
	} {
		if got, err := ParseKind(s); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "调休", "rest", "工作日x"} {
		if _, err := ParseKind(s); err == nil {
			t.Errorf("ParseKind(%q) succeeded", s)
		}
	}
	if Holiday.String() != "holiday" || Workday.String() != "workday" || Kind(9).String() != "Kind(9)" {
		t.Errorf("Kind.String is wrong")
	}
}

// TestChinaHolidays checks the embedded 2025–2026 data for internal
// consistency with the State Council notices.
func TestChinaHolidays(t *testing.T) {
	m := ChinaDemoOverrides()
	cal := ChinaDemo2026()
	if cal != ChinaDemo2026() {
		t.Errorf("ChinaDemo2026 should return the shared calendar")
	}
	holidays, workdays := 0, 0
	for d, k := range m {
		if d.Year != 2025 && d.Year != 2026 {
			t.Errorf("%v: outside 2025–2026", d)
		}
		w := d.Weekday()
		weekend := w == time.Saturday || w == time.Sunday
		switch k {
		case Workday:
			workdays++
			if !weekend {
				t.Errorf("%v: make-up working day on a %v", d, w)
			}
		case Holiday:
			holidays++
		}
	}
	// 2025: 1+8+3+5+3+8 = 28 rest days listed, 5 make-up days;
	// 2026: 3+9+3+5+3+3+7 = 33 rest days listed, 6 make-up days.
	if holidays != 28+33 || workdays != 5+6 {
		t.Errorf("got %d holidays and %d make-up days, want 61 and 11", holidays, workdays)
	}
	// 13 statutory holidays a year since 2025: 261 weekdays − 13 = 248 working days.
	for _, y := range []int{2025, 2026} {
		n := cal.WorkingDaysBetween(NewDate(y-1, 12, 31).Start(), NewDate(y, 12, 31).Start())
		if n != 248 {
			t.Errorf("%d has %d working days, want 248", y, n)
		}
	}
	// Spot checks straight from the notices.
	for _, d := range []Date{
		NewDate(2025, 1, 1), NewDate(2025, 1, 28), NewDate(2025, 2, 4), NewDate(2025, 4, 4),
		NewDate(2025, 5, 5), NewDate(2025, 6, 2), NewDate(2025, 10, 8),
		NewDate(2026, 1, 2), NewDate(2026, 2, 16), NewDate(2026, 2, 23), NewDate(2026, 4, 6),
		NewDate(2026, 5, 4), NewDate(2026, 5, 5), NewDate(2026, 6, 19), NewDate(2026, 9, 25),
		NewDate(2026, 10, 1), NewDate(2026, 10, 7),
	} {
		if cal.IsWorkingDay(d) {
			t.Errorf("%v should be a rest day", d)
		}
	}
	for _, d := range []Date{
		NewDate(2025, 1, 26), NewDate(2025, 2, 8), NewDate(2025, 4, 27), NewDate(2025, 9, 28), NewDate(2025, 10, 11),
		NewDate(2026, 1, 4), NewDate(2026, 2, 14), NewDate(2026, 2, 28), NewDate(2026, 5, 9),
		NewDate(2026, 9, 20), NewDate(2026, 10, 10),
	} {
		if !cal.IsWorkingDay(d) {
			t.Errorf("%v should be a make-up working day", d)
		}
	}
	if got := cal.OverrideDates(); len(got) != len(m) || got[0] != NewDate(2025, 1, 1) || got[len(got)-1] != NewDate(2026, 10, 10) {
		t.Errorf("OverrideDates = %v", got)
	}
}
