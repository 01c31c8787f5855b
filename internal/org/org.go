// Package org maintains the organisation: the department tree (the agency
// at its root, agency departments and frontline units below), the staff
// (department, position, rank, weekly capacity, mentor, secondment, active)
// and their leave, the agency's setup status, and the importer kinds
// DEPARTMENTS, STAFF, ACCOUNTS and LEAVE, which write through the same
// functions as the GraphQL mutations.
//
// Every operation runs in one transaction with its audit row. Who may do
// what is decided by ent privacy (ent/rule/org.go: ADMIN everything, a
// LEADER within their subtree); the operations only ADMIN performs
// (moves, merges, closes, the root) say so first with a clear FORBIDDEN.
//
// A closed department stays for the history of past windows; it is
// refused as the target of new work (CheckOpen).
package org

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/workcal"
)

// Text limits, in characters (docs/API.md "Text limits").
const (
	MaxDepartmentName = 100
	MaxCode           = 40 // department codes and employee numbers
	MaxStaffName      = 60
	MaxPosition       = 60
	MaxRank           = 40
	MaxLeaveNote      = 200
)

// Ranges of numbers.
const (
	MaxVisitQuota  = 1000   // visits a year
	MaxSortOrder   = 100000 // |sortOrder|
	MaxWeeklyHours = 80     // weekly capacity, hours (0: not counted)
	MaxLeaveDays   = 366    // one absence, in calendar days
)

// CheckOpen refuses a closed department as the target of new work
// (CONFLICT on field).
func CheckOpen(field string, d *ent.Department) error {
	if d.ClosedAt != nil {
		return apperr.Conflictf(field, "%s 已撤销，不能再承接新的工作 / %s is closed and takes no new work", d.Name, d.Name)
	}
	return nil
}

// requireAdmin: the operations reserved to ADMIN say so before privacy does.
func requireAdmin(ctx context.Context, what string) error {
	if !auth.FromContext(ctx).IsAdmin() {
		return apperr.Forbiddenf("只有管理员可以%s / only an administrator may do this", what)
	}
	return nil
}

// requireRead: the organisation's counts are every logged-in role's to
// read; an API token needs read:org (or write:org, which reads what it
// changes).
func requireRead(ctx context.Context) error {
	v := auth.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	case !v.HasScope(auth.ScopeReadOrg) && !v.HasScope(auth.ScopeWriteOrg):
		return &apperr.Error{Code: apperr.Forbidden, Scope: auth.ScopeReadOrg,
			Message: "接口令牌缺少权限范围 read:org / the API token lacks the scope read:org"}
	}
	return nil
}

// text trims s and checks it: required, at most max characters, no control
// characters.
func text(field, s string, max int, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" && required:
		return "", apperr.BadInput(field, "不能为空 / %s is required", field)
	case utf8.RuneCountInString(s) > max:
		return "", apperr.BadInput(field, "最多 %d 个字 / %s must be at most %d characters", max, field, max)
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", apperr.BadInput(field, "含控制字符 / %s must not contain control characters", field)
	}
	return s, nil
}

// code checks a department code or an employee number: required, at most
// MaxCode characters, no spaces.
func code(field, s string) (string, error) {
	s, err := text(field, s, MaxCode, true)
	if err != nil {
		return "", err
	}
	if strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return "", apperr.BadInput(field, "不能含空格 / %s must not contain spaces", field)
	}
	return s, nil
}

// day parses a date (YYYY-MM-DD, Asia/Shanghai) of the years 2000–2099.
func day(field, s string) (workcal.Date, error) {
	d, err := workcal.ParseDate(strings.TrimSpace(s))
	if err != nil {
		return workcal.Date{}, apperr.BadInput(field, "日期格式应为 YYYY-MM-DD / %s must be a date YYYY-MM-DD", field)
	}
	if d.Year < 2000 || d.Year > 2099 {
		return workcal.Date{}, apperr.BadInput(field, "日期应在 2000 至 2099 年之间 / %s must lie within 2000–2099", field)
	}
	return d, nil
}

// span turns an inclusive range of days into the half-open times
// [00:00 of first, 00:00 after last).
func span(first, last workcal.Date) (time.Time, time.Time) {
	return first.Start(), last.Start().AddDate(0, 0, 1)
}

// dayOf is the date (Asia/Shanghai) of t; lastDayOf the date of the last
// day of a half-open range ending at t.
func dayOf(t time.Time) workcal.Date     { return workcal.DateOf(t) }
func lastDayOf(t time.Time) workcal.Date { return workcal.DateOf(t.Add(-time.Nanosecond)) }

// prefixed names err's field under prefix (the mutations' "input.").
func prefixed(prefix string, err error) error {
	var e *apperr.Error
	if errors.As(err, &e) && e.Field != "" && e.Field != "id" {
		c := *e
		c.Field = prefix + e.Field
		return &c
	}
	return err
}
