package calendar

import (
	"context"
	"fmt"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/ent/workcalendar"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/workcal"
)

// The work calendar as the importer reads and exports it: one row per date
// that differs from the plain week (a holiday on a weekday, a make-up
// working day on a weekend). A row of kind 正常 removes the date's
// override; dates the file does not list are left as they are.

// The labels the export writes; parseDayKind reads these and more.
const (
	holidayLabel = "节假日"
	workdayLabel = "调休上班"
)

// parseDayKind reads a kind cell, in any case: workcal's spellings of a
// holiday and a make-up working day (节假日, 休, 放假, holiday; 调休上班,
// 班, 上班, workday), 正常 or normal, and the API's HOLIDAY, WORKDAY, NORMAL.
func parseDayKind(s string) (DayKind, bool) {
	if k, err := workcal.ParseKind(s); err == nil {
		if k == workcal.Workday {
			return DayWorkday, true
		}
		return DayHoliday, true
	}
	l := strings.ToLower(strings.TrimSpace(s))
	if l == "正常" {
		return DayNormal, true
	}
	switch DayKind(strings.ToUpper(l)) {
	case DayHoliday, DayWorkday, DayNormal:
		return DayKind(strings.ToUpper(l)), true
	}
	return "", false
}

// ImportKind is WORK_CALENDAR: the dates, their kind and note, matched by
// date. Applying writes as setWorkDays does (ADMIN only); a date set back
// to 正常 counts as updated.
func ImportKind() importer.Kind {
	return importer.Kind{
		Name:  "WORK_CALENDAR",
		Title: importer.Text{Zh: "工作日历", En: "Work calendar"},
		Columns: []importer.Column{
			{Key: "date", Header: importer.Text{Zh: "日期", En: "Date"}, Required: true, Example: "2026-10-01",
				Note: importer.Text{Zh: "YYYY-MM-DD（也可写 2026/10/1、2026年10月1日）；每个日期一行",
					En: "YYYY-MM-DD (2026/10/1 and 2026年10月1日 are read too); one row per date"}},
			{Key: "kind", Header: importer.Text{Zh: "类型", En: "Kind"}, Required: true, Example: "节假日",
				Note: importer.Text{Zh: "节假日（或 休、放假）：当天休息；调休上班（或 班、上班）：当天上班；正常：去掉该日的设置",
					En: "节假日 / holiday: a rest day; 调休上班 / workday: a make-up working day; 正常 / normal: the plain week again"}},
			{Key: "note", Header: importer.Text{Zh: "备注", En: "Note"}, Example: "示例：国庆节",
				Note: importer.Text{Zh: fmt.Sprintf("可空，最多 %d 字", maxNote), En: fmt.Sprintf("optional, at most %d characters", maxNote)}},
		},
		Authorize: requireAdmin,
		Start:     startImport,
		Export:    exportDays,
	}
}

type calendarRun struct {
	tx   *ent.Client
	have map[string]*ent.WorkCalendar // the stored overrides, as the run leaves them
	seen map[string]int               // date → the line that listed it
}

func startImport(ctx context.Context, tx *ent.Client) (importer.Run, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	rows, err := tx.WorkCalendar.Query().All(ctx)
	if err != nil {
		return nil, err
	}
	r := &calendarRun{tx: tx, have: make(map[string]*ent.WorkCalendar, len(rows)), seen: map[string]int{}}
	for _, w := range rows {
		r.have[w.Day] = w
	}
	if t := ent.TxFromContext(ctx); t != nil {
		t.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				err := next.Commit(ctx, tx)
				if err == nil {
					invalidateAll()
				}
				return err
			})
		})
	}
	return r, nil
}

func (r *calendarRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	var problems []importer.Problem
	bad := func(col, zh, en string) {
		problems = append(problems, importer.Problem{Line: row.Line, Column: col, Message: importer.Text{Zh: zh, En: en}})
	}
	date, ok := importer.NormalizeDate(row.Values["date"])
	if !ok {
		date = row.Values["date"] // checkDay names it
	}
	kind, ok := parseDayKind(row.Values["kind"])
	if !ok {
		bad("kind", fmt.Sprintf("类型「%s」无效：应为 节假日、调休上班 或 正常", row.Values["kind"]),
			fmt.Sprintf("invalid kind %q: want 节假日 (holiday), 调休上班 (workday) or 正常 (normal)", row.Values["kind"]))
	}
	day, c, invalid := checkDay(date, kind, row.Values["note"])
	if invalid != nil {
		problems = append(problems, importer.Problem{Line: row.Line, Column: invalid.Field, Message: textOf(invalid.Message)})
	}
	if len(problems) > 0 {
		return 0, problems, nil
	}
	if prev, dup := r.seen[day]; dup {
		bad("date", fmt.Sprintf("日期 %s 重复（第 %d 行已列出）", day, prev), fmt.Sprintf("%s is listed twice (line %d lists it too)", day, prev))
		return 0, problems, nil
	}
	r.seen[day] = row.Line
	did, stored, err := writeDay(ctx, r.tx, day, c, r.have[day])
	if err != nil {
		return 0, nil, err
	}
	if stored == nil {
		delete(r.have, day)
	} else {
		r.have[day] = stored
	}
	switch did {
	case dayInserted:
		return importer.Created, nil, nil
	case dayUpdated, dayRemoved:
		return importer.Updated, nil, nil
	}
	return importer.Unchanged, nil, nil
}

func (r *calendarRun) Finish(context.Context) ([]importer.Problem, error) { return nil, nil }

// exportDays writes every override, by date.
func exportDays(ctx context.Context, c *ent.Client, row func([]string) error) error {
	days, err := c.WorkCalendar.Query().Order(ent.Asc(workcalendar.FieldDay)).All(ctx)
	if err != nil {
		return err
	}
	for _, d := range days {
		label := holidayLabel
		if d.Kind == workcalendar.KindWorkday {
			label = workdayLabel
		}
		if err := row([]string{d.Day, label, d.Note}); err != nil {
			return err
		}
	}
	return nil
}

// textOf splits "中文 / English".
func textOf(msg string) importer.Text {
	if zh, en, ok := strings.Cut(msg, " / "); ok {
		return importer.Text{Zh: zh, En: en}
	}
	return importer.Text{Zh: msg, En: msg}
}
