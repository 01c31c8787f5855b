package org

import (
	"context"
	"fmt"
	"sort"

	"xiaoneng/ent"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
	"xiaoneng/ent/staffleave"
	"xiaoneng/internal/importer"
)

// The LEAVE kind: absences matched by the person's employee number and
// the first day.

var leaveKindNames = map[staffleave.Kind]string{staffleave.KindLeave: "请假", staffleave.KindTrip: "出差"}

var leaveColumns = map[string]string{"staff": "employee_no", "kind": "kind", "firstDay": "first_day", "lastDay": "last_day", "note": "note"}

// LeaveKind is the LEAVE importer kind.
func LeaveKind() importer.Kind {
	return importer.Kind{
		Name:  "LEAVE",
		Title: bi("请假与出差", "Leave and trips"),
		Columns: []importer.Column{
			{Key: "employee_no", Header: bi("工号", "Employee number"), Required: true, Example: "E0101"},
			{Key: "kind", Header: bi("类型", "Kind"), Required: true, Example: "请假", Note: bi("请假或出差", "LEAVE or TRIP")},
			{Key: "first_day", Header: bi("开始日期", "First day"), Required: true, Example: "2026-03-02", Note: bi("YYYY-MM-DD", "YYYY-MM-DD")},
			{Key: "last_day", Header: bi("结束日期", "Last day"), Required: true, Example: "2026-03-04",
				Note: bi("YYYY-MM-DD，含当天；最长 366 天", "YYYY-MM-DD, inclusive; at most 366 days")},
			{Key: "note", Header: bi("备注", "Note"), Example: "年休假", Note: bi("最多 200 个字", "at most 200 characters")},
		},
		Start: func(ctx context.Context, tx *ent.Client) (importer.Run, error) {
			return &leaveRun{run: run{tx}, lines: map[string]int{}}, nil
		},
		Export: exportLeave,
	}
}

type leaveRun struct {
	run
	lines map[string]int // employee number + first day → line
}

func (r *leaveRun) Finish(context.Context) ([]importer.Problem, error) { return nil, nil }

func (r *leaveRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	ln := row.Line
	no, _ := value(row, "employee_no")
	st, err := r.tx.Staff.Query().Where(staff.EmployeeNo(no)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		return 0, problem(ln, "employee_no", "工号 "+no+" 不存在", "unknown employee number "+no), nil
	}
	if err != nil {
		return 0, nil, err
	}
	s := leaveSpec{Staff: st.ID}
	kind, _ := value(row, "kind")
	k, ok := enumValue(kind, leaveKindNames)
	if !ok {
		return 0, problem(ln, "kind", "类型应为“请假”或“出差”", "the kind must be LEAVE (请假) or TRIP (出差)"), nil
	}
	s.Kind = k
	first, _ := value(row, "first_day")
	if s.First, err = parseDay("firstDay", first); err != nil {
		return fail(ln, leaveColumns, err)
	}
	last, _ := value(row, "last_day")
	if s.Last, err = parseDay("lastDay", last); err != nil {
		return fail(ln, leaveColumns, err)
	}
	s.Note, _ = value(row, "note")
	key := no + "\x00" + s.First.String()
	if l, dup := r.lines[key]; dup {
		return 0, problem(ln, "first_day", fmt.Sprintf("与第 %d 行是同一人同一天开始的记录", l), fmt.Sprintf("line %d has the same person and first day", l)), nil
	}
	r.lines[key] = ln
	existing, err := r.tx.StaffLeave.Query().Where(staffleave.StaffID(st.ID), staffleave.StartsAt(s.First.Start())).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return 0, nil, err
	}
	if existing == nil {
		if _, err := createLeave(ctx, r.tx, s); err != nil {
			return fail(ln, leaveColumns, err)
		}
		return importer.Created, nil, nil
	}
	if _, ok := value(row, "note"); !ok {
		s.Note = existing.Note
	}
	_, changed, err := updateLeave(ctx, r.tx, existing, s)
	if err != nil {
		return fail(ln, leaveColumns, err)
	}
	if changed {
		return importer.Updated, nil, nil
	}
	return importer.Unchanged, nil, nil
}

// exportLeave writes every absence the viewer may read, by employee number
// and first day.
func exportLeave(ctx context.Context, c *ent.Client, row func([]string) error) error {
	all, err := c.StaffLeave.Query().WithStaff(func(q *ent.StaffQuery) { q.Select(staff.FieldEmployeeNo) }).
		Order(ent.Asc(staffleave.FieldStartsAt), ent.Asc(staffleave.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Edges.Staff.EmployeeNo < all[j].Edges.Staff.EmployeeNo })
	for _, l := range all {
		if err := row([]string{l.Edges.Staff.EmployeeNo, leaveKindNames[l.Kind], FirstDay(l), LastDay(l), l.Note}); err != nil {
			return err
		}
	}
	return nil
}
