package org

import (
	"context"
	"fmt"
	"strconv"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/workcal"
)

// The STAFF kind, matched by employee number. A mentor may come later in
// the file; one that never comes is the row's problem.

var staffColumns = map[string]string{
	"name": "name", "employeeNo": "employee_no", "department": "department_code", "position": "position",
	"rank": "rank", "weeklyCapacityHours": "weekly_hours", "mentor": "mentor_no",
	"secondment.servingDepartment": "serving_code", "secondment.firstDay": "secondment_first",
	"secondment.lastDay": "secondment_last", "active": "active",
}

// StaffKind is the STAFF importer kind.
func StaffKind() importer.Kind {
	return importer.Kind{
		Name:  "STAFF",
		Title: bi("人员", "Staff"),
		Columns: []importer.Column{
			{Key: "employee_no", Header: bi("工号", "Employee number"), Required: true, Example: "E0101",
				Note: bi("唯一，最多 40 个字，不含空格", "unique, at most 40 characters, no spaces")},
			{Key: "name", Header: bi("姓名", "Name"), Required: true, Example: "张伟", Note: bi("最多 60 个字", "at most 60 characters")},
			{Key: "department_code", Header: bi("部门编码", "Department code"), Required: true, Example: "AG01"},
			{Key: "position", Header: bi("职务", "Position"), Example: "副主任", Note: bi("最多 60 个字", "at most 60 characters")},
			{Key: "rank", Header: bi("职级", "Rank"), Example: "四级主任科员", Note: bi("最多 40 个字", "at most 40 characters")},
			{Key: "weekly_hours", Header: bi("每周工作时长", "Weekly capacity (hours)"), Example: "40",
				Note: bi("0 到 80 小时，默认 40；0 表示不计入工作量统计", "0 to 80 hours, default 40; 0 leaves the person out of utilization")},
			{Key: "mentor_no", Header: bi("导师工号", "Mentor's employee number"), Example: "E0001",
				Note: bi("可在后面的行中；不能是本人，导师关系不能成环", "may come in a later row; not the person, and mentors form no cycle")},
			{Key: "serving_code", Header: bi("借调部门编码", "Seconded to (code)"), Example: "AG02", Note: bi("借调期间服务的部门", "the department served while seconded")},
			{Key: "secondment_first", Header: bi("借调开始日期", "Secondment first day"), Example: "2026-03-01", Note: bi("YYYY-MM-DD", "YYYY-MM-DD")},
			{Key: "secondment_last", Header: bi("借调结束日期", "Secondment last day"), Example: "2026-08-31",
				Note: bi("YYYY-MM-DD，含当天；留空表示未定", "YYYY-MM-DD, inclusive; empty: open-ended")},
			{Key: "active", Header: bi("在岗", "Active"), Example: "是", Note: bi("是或否，默认是", "yes or no, default yes")},
		},
		Start: func(ctx context.Context, tx *ent.Client) (importer.Run, error) {
			return &staffRun{run: run{tx}, lines: map[string]int{}, depts: map[string]int{}, byID: map[int]*ent.Department{}}, nil
		},
		Export: exportStaff,
	}
}

type staffRow struct {
	line     int
	mentorNo string
	staff    *ent.Staff
}

type staffRun struct {
	run
	lines   map[string]int // employee number → its line in this file
	depts   map[string]int // department code → id (the tree does not change during the run)
	byID    map[int]*ent.Department
	pending []*staffRow // rows whose mentor was not known yet
}

func (r *staffRun) dept(ctx context.Context, code string) (int, bool, error) {
	if id, ok := r.depts[code]; ok {
		return id, true, nil
	}
	d, err := r.tx.Department.Query().Where(department.Code(code)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	r.depts[code] = d.ID
	r.byID[d.ID] = d
	return d.ID, true, nil
}

func (r *staffRun) byNo(ctx context.Context, no string) (*ent.Staff, error) {
	st, err := r.tx.Staff.Query().Where(staff.EmployeeNo(no)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return st, err
}

func (r *staffRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	ln := row.Line
	no, _ := value(row, "employee_no")
	no, err := code("employeeNo", no)
	if err != nil {
		return fail(ln, staffColumns, err)
	}
	if first, dup := r.lines[no]; dup {
		return 0, problem(ln, "employee_no", fmt.Sprintf("工号 %s 与第 %d 行重复", no, first), fmt.Sprintf("the employee number %s is also on line %d", no, first)), nil
	}
	r.lines[no] = ln
	existing, err := r.byNo(ctx, no)
	if err != nil {
		return 0, nil, err
	}
	var s staffSpec
	if existing != nil {
		s = staffSpecOf(existing)
	} else {
		s = staffSpec{EmployeeNo: no, Capacity: DefaultWeeklyHours, Active: true}
	}
	// byNo just found the number free (or held by existing) in this transaction.
	s.seen = &lookups{departments: r.byID, numberFree: existing == nil}
	for _, t := range []struct {
		key string
		out *string
	}{{"name", &s.Name}, {"position", &s.Position}, {"rank", &s.Rank}} {
		if v, ok := value(row, t.key); ok || existing == nil {
			*t.out = v
		}
	}
	if v, ok := value(row, "department_code"); ok || existing == nil {
		id, found, err := r.dept(ctx, v)
		if err != nil {
			return 0, nil, err
		}
		if !found {
			return 0, problem(ln, "department_code", "部门编码 "+v+" 不存在", "unknown department code "+v), nil
		}
		s.Department = id
	}
	if v, ok := value(row, "weekly_hours"); ok && v != "" {
		h, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, problem(ln, "weekly_hours", "每周工作时长应为数字", "the weekly capacity must be a number"), nil
		}
		s.Capacity = h
	}
	if v, ok := value(row, "active"); ok && v != "" {
		b, ok := parseBool(v)
		if !ok {
			return 0, problem(ln, "active", "在岗应为“是”或“否”", "active must be yes or no"), nil
		}
		s.Active = b
	}
	if ps, err := r.secondment(ctx, row, &s, existing == nil); err != nil || len(ps) > 0 {
		return 0, ps, err
	}
	d := &staffRow{line: ln}
	if v, ok := value(row, "mentor_no"); ok {
		s.Mentor = nil
		if v != "" {
			m, err := r.byNo(ctx, v)
			if err != nil {
				return 0, nil, err
			}
			if m == nil {
				d.mentorNo = v // may come later: set in Finish
				if existing != nil {
					s.Mentor = existing.MentorID
				}
			} else {
				s.Mentor = &m.ID
			}
		}
	}
	var out *ent.Staff
	outcome := importer.Created
	if existing == nil {
		out, err = createStaff(ctx, r.tx, s)
	} else {
		var changed bool
		out, changed, err = updateStaff(ctx, r.tx, existing, s)
		outcome = importer.Unchanged
		if changed || d.mentorNo != "" {
			outcome = importer.Updated
		}
	}
	if err != nil {
		return fail(ln, staffColumns, err)
	}
	if d.mentorNo != "" {
		d.staff = out
		r.pending = append(r.pending, d)
	}
	return outcome, nil, nil
}

// secondment reads the secondment columns into s (their absence keeps an
// existing secondment); the problems are the row's.
func (r *staffRun) secondment(ctx context.Context, row importer.Row, s *staffSpec, isNew bool) ([]importer.Problem, error) {
	sc, hasServing := value(row, "serving_code")
	first, hasFirst := value(row, "secondment_first")
	last, hasLast := value(row, "secondment_last")
	if !hasServing && !hasFirst && !hasLast && !isNew {
		return nil, nil
	}
	s.SecondedTo, s.SecondFirst, s.SecondLast = nil, nil, nil
	if sc != "" {
		id, found, err := r.dept(ctx, sc)
		if err != nil {
			return nil, err
		}
		if !found {
			return problem(row.Line, "serving_code", "部门编码 "+sc+" 不存在", "unknown department code "+sc), nil
		}
		s.SecondedTo = &id
	}
	for _, p := range []struct {
		field, v string
		out      **workcal.Date
	}{{"secondment.firstDay", first, &s.SecondFirst}, {"secondment.lastDay", last, &s.SecondLast}} {
		if p.v == "" {
			continue
		}
		d, err := parseDay(p.field, p.v)
		if err != nil {
			_, ps, err := fail(row.Line, staffColumns, err)
			return ps, err
		}
		*p.out = &d
	}
	return nil, nil
}

// Finish sets the mentors that came later in the file.
func (r *staffRun) Finish(ctx context.Context) ([]importer.Problem, error) {
	var out []importer.Problem
	for _, d := range r.pending {
		m, err := r.byNo(ctx, d.mentorNo)
		if err != nil {
			return nil, err
		}
		if m == nil {
			out = append(out, problem(d.line, "mentor_no", "导师工号 "+d.mentorNo+" 不存在", "unknown employee number "+d.mentorNo+" of the mentor")...)
			continue
		}
		st, err := r.tx.Staff.Get(rule.System(ctx), d.staff.ID)
		if err != nil {
			return nil, err
		}
		s := staffSpecOf(st)
		s.seen = &lookups{departments: r.byID}
		s.Mentor = &m.ID
		if _, _, err := updateStaff(ctx, r.tx, st, s); err != nil {
			p, ok := problemOf(d.line, staffColumns, err)
			if !ok {
				return nil, err
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// exportStaff writes every staff member by employee number.
func exportStaff(ctx context.Context, c *ent.Client, row func([]string) error) error {
	depts, err := c.Department.Query().Select(department.FieldID, department.FieldCode).All(ctx)
	if err != nil {
		return err
	}
	codes := map[int]string{}
	for _, d := range depts {
		codes[d.ID] = d.Code
	}
	all, err := c.Staff.Query().Order(ent.Asc(staff.FieldEmployeeNo)).All(ctx)
	if err != nil {
		return err
	}
	nos := map[int]string{}
	for _, s := range all {
		nos[s.ID] = s.EmployeeNo
	}
	for _, s := range all {
		sp := staffSpecOf(s)
		mentor, serving, first, last := "", "", "", ""
		if s.MentorID != nil {
			mentor = nos[*s.MentorID]
		}
		if s.SecondedToID != nil {
			serving = codes[*s.SecondedToID]
		}
		if sp.SecondFirst != nil {
			first = sp.SecondFirst.String()
		}
		if sp.SecondLast != nil {
			last = sp.SecondLast.String()
		}
		if err := row([]string{s.EmployeeNo, s.Name, codes[s.DepartmentID], s.Position, s.Rank,
			strconv.FormatFloat(s.WeeklyCapacityHours, 'f', -1, 64), mentor, serving, first, last, yesNo(s.Active)}); err != nil {
			return err
		}
	}
	return nil
}
