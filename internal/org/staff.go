package org

import (
	"context"
	"math"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"xiaoneng/ent"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/store"
	"xiaoneng/internal/workcal"
)

// DefaultWeeklyHours is a new staff member's weekly capacity.
const DefaultWeeklyHours = 40

// StaffInput is a new staff member.
type StaffInput struct {
	Name                string
	EmployeeNo          string
	Department          int
	Position            *string
	Rank                *string
	WeeklyCapacityHours *float64
	Mentor              *int
	Secondment          *SecondmentInput
	Active              *bool
}

// SecondmentInput is a secondment (借调): the department served, over whole
// days (either end may be open).
type SecondmentInput struct {
	ServingDepartment int
	FirstDay          *string
	LastDay           *string
}

// StaffUpdate changes a staff member; an absent field is left as it is, a
// null mentor or secondment removes it.
type StaffUpdate struct {
	Name                *string
	EmployeeNo          *string
	Department          *int
	Position            *string
	Rank                *string
	WeeklyCapacityHours *float64
	Mentor              graphql.Omittable[*int]
	Secondment          graphql.Omittable[*SecondmentInput]
	Active              *bool
}

// staffSpec is a staff member as they are to be, references resolved: what
// the mutations and the STAFF import check and write. Field names of its
// errors are bare (name, employeeNo, department, mentor,
// secondment.servingDepartment, …).
type staffSpec struct {
	Name, EmployeeNo, Position, Rank string
	Department                       int
	Capacity                         float64
	Mentor                           *int
	SecondedTo                       *int
	SecondFirst, SecondLast          *workcal.Date // whole days; nil: open
	Active                           bool

	seen *lookups // what an import run already looked up; nil through the API
}

// lookups is what an import run has already read in its transaction, so
// that a row's check does not read it again (the round trips are most of an
// import's time): the departments by id (the tree does not change during a
// staff run) and that no one holds the row's employee number.
type lookups struct {
	departments map[int]*ent.Department
	numberFree  bool
}

// department is getDepartment, answered from the run's lookups when it can.
func (s *staffSpec) department(ctx context.Context, tx *ent.Client, field string, id int) (*ent.Department, error) {
	if s.seen != nil {
		if d, ok := s.seen.departments[id]; ok {
			return d, nil
		}
	}
	d, err := getDepartment(ctx, tx, field, id)
	if err == nil && s.seen != nil && s.seen.departments != nil {
		s.seen.departments[id] = d
	}
	return d, err
}

func staffSpecOf(s *ent.Staff) staffSpec {
	out := staffSpec{Name: s.Name, EmployeeNo: s.EmployeeNo, Position: s.Position, Rank: s.Rank, Department: s.DepartmentID,
		Capacity: s.WeeklyCapacityHours, Mentor: s.MentorID, SecondedTo: s.SecondedToID, Active: s.Active}
	if s.SecondmentFrom != nil {
		d := dayOf(*s.SecondmentFrom)
		out.SecondFirst = &d
	}
	if s.SecondmentTo != nil {
		d := lastDayOf(*s.SecondmentTo)
		out.SecondLast = &d
	}
	return out
}

func sameDay(a, b *workcal.Date) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// secondmentEqual compares secondments day by day (a stored secondment
// starting at 09:00 is the same as one given by its date).
func (s staffSpec) secondmentEqual(o staffSpec) bool {
	return sameID(s.SecondedTo, o.SecondedTo) && sameDay(s.SecondFirst, o.SecondFirst) && sameDay(s.SecondLast, o.SecondLast)
}

func (s staffSpec) equal(o staffSpec) bool {
	return s.Name == o.Name && s.EmployeeNo == o.EmployeeNo && s.Position == o.Position && s.Rank == o.Rank &&
		s.Department == o.Department && s.Capacity == o.Capacity && sameID(s.Mentor, o.Mentor) &&
		s.secondmentEqual(o) && s.Active == o.Active
}

// setSecondment reads a secondment input into s.
func (s *staffSpec) setSecondment(in *SecondmentInput) error {
	s.SecondedTo, s.SecondFirst, s.SecondLast = nil, nil, nil
	if in == nil {
		return nil
	}
	s.SecondedTo = &in.ServingDepartment
	for _, p := range []struct {
		field string
		in    *string
		out   **workcal.Date
	}{{"secondment.firstDay", in.FirstDay, &s.SecondFirst}, {"secondment.lastDay", in.LastDay, &s.SecondLast}} {
		if p.in == nil {
			continue
		}
		d, err := day(p.field, *p.in)
		if err != nil {
			return err
		}
		*p.out = &d
	}
	return nil
}

// check normalises s and checks it against the database as tx sees it;
// existing is the staff member being changed (nil for a new one).
func (s *staffSpec) check(ctx context.Context, tx *ent.Client, existing *ent.Staff) error {
	sctx := rule.System(ctx)
	var err error
	if s.Name, err = text("name", s.Name, MaxStaffName, true); err != nil {
		return err
	}
	if s.EmployeeNo, err = code("employeeNo", s.EmployeeNo); err != nil {
		return err
	}
	if s.Position, err = text("position", s.Position, MaxPosition, false); err != nil {
		return err
	}
	if s.Rank, err = text("rank", s.Rank, MaxRank, false); err != nil {
		return err
	}
	if math.IsNaN(s.Capacity) || s.Capacity < 0 || s.Capacity > MaxWeeklyHours {
		return apperr.BadInput("weeklyCapacityHours", "每周工作时长应在 0 到 %d 小时之间（0 表示不计入）/ weeklyCapacityHours must be between 0 and %d (0: not counted)", MaxWeeklyHours, MaxWeeklyHours)
	}
	var before staffSpec
	if existing != nil {
		before = staffSpecOf(existing)
	}
	if (existing == nil || s.EmployeeNo != existing.EmployeeNo) && (s.seen == nil || !s.seen.numberFree) {
		q := tx.Staff.Query().Where(staff.EmployeeNo(s.EmployeeNo))
		if existing != nil {
			q.Where(staff.IDNEQ(existing.ID))
		}
		if taken, err := q.Exist(sctx); err != nil {
			return err
		} else if taken {
			return apperr.Conflictf("employeeNo", "工号 %s 已被使用 / the employee number %s is taken", s.EmployeeNo, s.EmployeeNo)
		}
	}
	dept, err := s.department(ctx, tx, "department", s.Department)
	if err != nil {
		return err
	}
	// A closed department takes nobody new, and nobody comes back to it.
	if existing == nil || s.Department != existing.DepartmentID || (s.Active && !existing.Active) {
		if err := CheckOpen("department", dept); err != nil {
			return err
		}
	}
	if s.Mentor != nil && (existing == nil || !sameID(s.Mentor, before.Mentor)) {
		if err := checkMentor(ctx, tx, existing, *s.Mentor); err != nil {
			return err
		}
	}
	if s.SecondedTo == nil {
		if s.SecondFirst != nil || s.SecondLast != nil {
			return apperr.BadInput("secondment.servingDepartment", "借调须指明借调部门 / a secondment needs the department served")
		}
		return nil
	}
	if *s.SecondedTo == s.Department {
		return apperr.BadInput("secondment.servingDepartment", "借调部门不能是本部门 / the department served must be another than the person's own")
	}
	serving, err := s.department(ctx, tx, "secondment.servingDepartment", *s.SecondedTo)
	if err != nil {
		return err
	}
	if existing == nil || !sameID(s.SecondedTo, before.SecondedTo) {
		if err := CheckOpen("secondment.servingDepartment", serving); err != nil {
			return err
		}
	}
	if s.SecondFirst != nil && s.SecondLast != nil && s.SecondLast.Before(*s.SecondFirst) {
		return apperr.BadInput("secondment.lastDay", "借调结束日期早于开始日期 / the secondment's last day is before its first day")
	}
	return nil
}

// checkMentor: the mentor exists, is not the person, and is not mentored,
// directly or down a chain, by the person (导师 relations have no cycles).
func checkMentor(ctx context.Context, tx *ent.Client, existing *ent.Staff, mentor int) error {
	sctx := rule.System(ctx)
	m, err := tx.Staff.Get(sctx, mentor)
	if ent.IsNotFound(err) {
		return apperr.NotFoundf("mentor", "导师不存在 / no such mentor")
	}
	if err != nil {
		return err
	}
	if existing == nil {
		return nil // nobody is mentored by a person not yet created
	}
	if m.ID == existing.ID {
		return apperr.BadInput("mentor", "不能做自己的导师 / a person cannot be their own mentor")
	}
	seen := map[int]bool{}
	for cur := m; cur.MentorID != nil; {
		if *cur.MentorID == existing.ID {
			return apperr.BadInput("mentor", "%s 是 %s 的学员（直接或间接），导师关系不能成环 / %s is mentored by %s, directly or down a chain: mentors cannot form a cycle",
				m.Name, existing.Name, m.Name, existing.Name)
		}
		if seen[cur.ID] {
			break
		}
		seen[cur.ID] = true
		if cur, err = tx.Staff.Get(sctx, *cur.MentorID); err != nil {
			return err
		}
	}
	return nil
}

func secondmentTimes(s staffSpec) (from, to *time.Time) {
	if s.SecondFirst != nil {
		t := s.SecondFirst.Start()
		from = &t
	}
	if s.SecondLast != nil {
		t := s.SecondLast.AddDays(1).Start()
		to = &t
	}
	return from, to
}

// createStaff checks s and creates the staff member with its audit row.
func createStaff(ctx context.Context, tx *ent.Client, s staffSpec) (*ent.Staff, error) {
	if err := s.check(ctx, tx, nil); err != nil {
		return nil, err
	}
	from, to := secondmentTimes(s)
	st, err := tx.Staff.Create().SetName(s.Name).SetEmployeeNo(s.EmployeeNo).SetPosition(s.Position).SetRank(s.Rank).
		SetDepartmentID(s.Department).SetWeeklyCapacityHours(s.Capacity).SetNillableMentorID(s.Mentor).
		SetNillableSecondedToID(s.SecondedTo).SetNillableSecondmentFrom(from).SetNillableSecondmentTo(to).
		SetActive(s.Active).Save(ctx)
	if err != nil {
		return nil, err
	}
	return st, audit.Record(ctx, tx, "create_staff", "staff", st.ID, map[string]any{
		"employeeNo": st.EmployeeNo, "name": st.Name, "department": st.DepartmentID})
}

// updateStaff checks s and writes what differs from st, with its audit
// row; changed reports a write.
func updateStaff(ctx context.Context, tx *ent.Client, st *ent.Staff, s staffSpec) (*ent.Staff, bool, error) {
	if err := s.check(ctx, tx, st); err != nil {
		return nil, false, err
	}
	before := staffSpecOf(st)
	if s.equal(before) {
		return st, false, nil
	}
	u := tx.Staff.UpdateOne(st)
	detail := map[string]any{}
	set := func(changed bool, key string, v any, apply func()) {
		if changed {
			apply()
			detail[key] = v
		}
	}
	set(s.Name != before.Name, "name", s.Name, func() { u.SetName(s.Name) })
	set(s.EmployeeNo != before.EmployeeNo, "employeeNo", s.EmployeeNo, func() { u.SetEmployeeNo(s.EmployeeNo) })
	set(s.Position != before.Position, "position", s.Position, func() { u.SetPosition(s.Position) })
	set(s.Rank != before.Rank, "rank", s.Rank, func() { u.SetRank(s.Rank) })
	set(s.Department != before.Department, "department", s.Department, func() { u.SetDepartmentID(s.Department) })
	set(s.Capacity != before.Capacity, "weeklyCapacityHours", s.Capacity, func() { u.SetWeeklyCapacityHours(s.Capacity) })
	set(s.Active != before.Active, "active", s.Active, func() { u.SetActive(s.Active) })
	set(!sameID(s.Mentor, before.Mentor), "mentor", s.Mentor, func() {
		if s.Mentor == nil {
			u.ClearMentorID()
		} else {
			u.SetMentorID(*s.Mentor)
		}
	})
	set(!s.secondmentEqual(before), "secondment", s.SecondedTo, func() {
		from, to := secondmentTimes(s)
		if s.SecondedTo == nil {
			u.ClearSecondedToID()
		} else {
			u.SetSecondedToID(*s.SecondedTo)
		}
		if from == nil {
			u.ClearSecondmentFrom()
		} else {
			u.SetSecondmentFrom(*from)
		}
		if to == nil {
			u.ClearSecondmentTo()
		} else {
			u.SetSecondmentTo(*to)
		}
	})
	out, err := u.Save(ctx)
	if err != nil {
		return nil, false, err
	}
	return out, true, audit.Record(ctx, tx, "update_staff", "staff", st.ID, detail)
}

// CreateStaff adds a staff member (ADMIN; a LEADER into a department of
// their subtree).
func CreateStaff(ctx context.Context, client *ent.Client, in StaffInput) (*ent.Staff, error) {
	s := staffSpec{Name: in.Name, EmployeeNo: in.EmployeeNo, Department: in.Department, Capacity: DefaultWeeklyHours,
		Mentor: in.Mentor, Active: true}
	if in.Position != nil {
		s.Position = *in.Position
	}
	if in.Rank != nil {
		s.Rank = *in.Rank
	}
	if in.WeeklyCapacityHours != nil {
		s.Capacity = *in.WeeklyCapacityHours
	}
	if in.Active != nil {
		s.Active = *in.Active
	}
	if err := s.setSecondment(in.Secondment); err != nil {
		return nil, prefixed("input.", err)
	}
	var out *ent.Staff
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		out, err = createStaff(ctx, tx, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}

// UpdateStaff changes a staff member (ADMIN; a LEADER one of their subtree,
// within it).
func UpdateStaff(ctx context.Context, client *ent.Client, id int, in StaffUpdate) (*ent.Staff, error) {
	var out *ent.Staff
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		st, err := tx.Staff.Get(rule.System(ctx), id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "人员不存在 / no such staff member")
		}
		if err != nil {
			return err
		}
		s := staffSpecOf(st)
		for _, p := range []struct {
			in  *string
			out *string
		}{{in.Name, &s.Name}, {in.EmployeeNo, &s.EmployeeNo}, {in.Position, &s.Position}, {in.Rank, &s.Rank}} {
			if p.in != nil {
				*p.out = *p.in
			}
		}
		if in.Department != nil {
			s.Department = *in.Department
		}
		if in.WeeklyCapacityHours != nil {
			s.Capacity = *in.WeeklyCapacityHours
		}
		if in.Active != nil {
			s.Active = *in.Active
		}
		if m, set := in.Mentor.ValueOK(); set {
			s.Mentor = m
		}
		if sec, set := in.Secondment.ValueOK(); set {
			if err := s.setSecondment(sec); err != nil {
				return err
			}
		}
		out, _, err = updateStaff(ctx, tx, st, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}
