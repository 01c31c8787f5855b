package org

import (
	"context"
	"slices"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
	"xiaoneng/ent/workcalendar"
)

// SetupStatus is how far the agency's data has come, for the first-start
// wizard and the empty states of the pages: counts only.
type SetupStatus struct {
	Root              *ent.Department // nil until setupAgency
	AgencyDepartments int             // open agency departments, the agency itself left out
	FrontlineUnits    int             // open frontline units
	ActiveStaff       int
	Accounts          int   // enabled accounts, the first admin included
	CalendarYears     []int // years with at least one holiday or make-up day stored, ascending
}

// Status reads the setup status (counts, with system rights).
func Status(ctx context.Context, c *ent.Client) (*SetupStatus, error) {
	if err := requireRead(ctx); err != nil {
		return nil, err
	}
	sctx := rule.System(ctx)
	root, err := Root(ctx, c)
	if err != nil {
		return nil, err
	}
	s := &SetupStatus{Root: root}
	open := department.ClosedAtIsNil()
	if s.AgencyDepartments, err = c.Department.Query().Where(open, department.KindEQ(department.KindAgency), department.ParentIDNotNil()).Count(sctx); err != nil {
		return nil, err
	}
	if s.FrontlineUnits, err = c.Department.Query().Where(open, department.KindEQ(department.KindFrontline)).Count(sctx); err != nil {
		return nil, err
	}
	if s.ActiveStaff, err = c.Staff.Query().Where(staff.Active(true)).Count(sctx); err != nil {
		return nil, err
	}
	if s.Accounts, err = c.Account.Query().Where(account.Disabled(false)).Count(sctx); err != nil {
		return nil, err
	}
	days, err := c.WorkCalendar.Query().Select(workcalendar.FieldDay).Strings(sctx)
	if err != nil {
		return nil, err
	}
	for _, d := range days {
		if len(d) < 4 {
			continue
		}
		y := 0
		for _, r := range d[:4] {
			y = y*10 + int(r-'0')
		}
		if !slices.Contains(s.CalendarYears, y) {
			s.CalendarYears = append(s.CalendarYears, y)
		}
	}
	slices.Sort(s.CalendarYears)
	if s.CalendarYears == nil {
		s.CalendarYears = []int{}
	}
	return s, nil
}
