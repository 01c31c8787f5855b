package org

import (
	"context"

	"xiaoneng/ent"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staffleave"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/store"
	"xiaoneng/internal/workcal"
)

// Leave (请假) and business trips (出差): a staff member's absence over whole
// days, [00:00 of the first day, 00:00 after the last) in Asia/Shanghai. Two
// absences of one person never overlap.

// LeaveInput is a new absence.
type LeaveInput struct {
	Staff    int
	Kind     staffleave.Kind
	FirstDay string
	LastDay  string
	Note     *string
}

// LeaveUpdate changes an absence; nil leaves a field as it is.
type LeaveUpdate struct {
	Kind     *staffleave.Kind
	FirstDay *string
	LastDay  *string
	Note     *string
}

// leaveSpec is an absence as it is to be (field names staff, kind,
// firstDay, lastDay, note).
type leaveSpec struct {
	Staff       int
	Kind        staffleave.Kind
	First, Last workcal.Date
	Note        string
}

func leaveSpecOf(l *ent.StaffLeave) leaveSpec {
	return leaveSpec{Staff: l.StaffID, Kind: l.Kind, First: dayOf(l.StartsAt), Last: lastDayOf(l.EndsAt), Note: l.Note}
}

func (s leaveSpec) equal(o leaveSpec) bool {
	return s.Staff == o.Staff && s.Kind == o.Kind && s.First == o.First && s.Last == o.Last && s.Note == o.Note
}

// FirstDay and LastDay are an absence's days (YYYY-MM-DD).
func FirstDay(l *ent.StaffLeave) string { return dayOf(l.StartsAt).String() }
func LastDay(l *ent.StaffLeave) string  { return lastDayOf(l.EndsAt).String() }

func (s *leaveSpec) check(ctx context.Context, tx *ent.Client, existing *ent.StaffLeave) error {
	sctx := rule.System(ctx)
	var err error
	if s.Note, err = text("note", s.Note, MaxLeaveNote, false); err != nil {
		return err
	}
	if staffleave.KindValidator(s.Kind) != nil {
		return apperr.BadInput("kind", "类型应为请假或出差 / kind must be LEAVE or TRIP")
	}
	if s.Last.Before(s.First) {
		return apperr.BadInput("lastDay", "结束日期早于开始日期 / the last day is before the first day")
	}
	if n := s.First.Start().AddDate(0, 0, MaxLeaveDays); !s.Last.Start().Before(n) {
		return apperr.BadInput("lastDay", "一次请假或出差最长 %d 天 / an absence lasts at most %d days", MaxLeaveDays, MaxLeaveDays)
	}
	st, err := tx.Staff.Get(sctx, s.Staff)
	if ent.IsNotFound(err) {
		return apperr.NotFoundf("staff", "人员不存在 / no such staff member")
	}
	if err != nil {
		return err
	}
	from, to := span(s.First, s.Last)
	q := tx.StaffLeave.Query().Where(staffleave.StaffID(s.Staff), staffleave.StartsAtLT(to), staffleave.EndsAtGT(from))
	if existing != nil {
		q.Where(staffleave.IDNEQ(existing.ID))
	}
	// Read as the viewer may: a leader is not told of absences outside
	// their subtree (privacy refuses the write there anyway).
	other, err := q.First(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil
	case err != nil:
		return err
	}
	return apperr.Conflictf("firstDay", "%s 在 %s 至 %s 已有请假或出差记录 / %s is already away from %s to %s",
		st.Name, FirstDay(other), LastDay(other), st.Name, FirstDay(other), LastDay(other))
}

func createLeave(ctx context.Context, tx *ent.Client, s leaveSpec) (*ent.StaffLeave, error) {
	if err := s.check(ctx, tx, nil); err != nil {
		return nil, err
	}
	from, to := span(s.First, s.Last)
	l, err := tx.StaffLeave.Create().SetStaffID(s.Staff).SetKind(s.Kind).SetStartsAt(from).SetEndsAt(to).SetNote(s.Note).Save(ctx)
	if err != nil {
		return nil, err
	}
	return l, audit.Record(ctx, tx, "record_leave", "staff_leave", l.ID, map[string]any{
		"staff": s.Staff, "kind": s.Kind, "firstDay": s.First, "lastDay": s.Last})
}

func updateLeave(ctx context.Context, tx *ent.Client, l *ent.StaffLeave, s leaveSpec) (*ent.StaffLeave, bool, error) {
	if err := s.check(ctx, tx, l); err != nil {
		return nil, false, err
	}
	if s.equal(leaveSpecOf(l)) {
		return l, false, nil
	}
	from, to := span(s.First, s.Last)
	out, err := tx.StaffLeave.UpdateOne(l).SetKind(s.Kind).SetStartsAt(from).SetEndsAt(to).SetNote(s.Note).Save(ctx)
	if err != nil {
		return nil, false, err
	}
	return out, true, audit.Record(ctx, tx, "update_leave", "staff_leave", l.ID, map[string]any{
		"kind": s.Kind, "firstDay": s.First, "lastDay": s.Last})
}

// RecordLeave records an absence (ADMIN; a LEADER for the staff of their subtree).
func RecordLeave(ctx context.Context, client *ent.Client, in LeaveInput) (*ent.StaffLeave, error) {
	s := leaveSpec{Staff: in.Staff, Kind: in.Kind}
	if in.Note != nil {
		s.Note = *in.Note
	}
	var err error
	if s.First, err = day("firstDay", in.FirstDay); err != nil {
		return nil, prefixed("input.", err)
	}
	if s.Last, err = day("lastDay", in.LastDay); err != nil {
		return nil, prefixed("input.", err)
	}
	var out *ent.StaffLeave
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		out, err = createLeave(ctx, tx, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}

// getLeave reads an absence as the viewer may (NOT_FOUND otherwise).
func getLeave(ctx context.Context, tx *ent.Client, id int) (*ent.StaffLeave, error) {
	l, err := tx.StaffLeave.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("id", "请假或出差记录不存在 / no such absence")
	}
	return l, err
}

// UpdateLeave changes an absence's kind, days or note.
func UpdateLeave(ctx context.Context, client *ent.Client, id int, in LeaveUpdate) (*ent.StaffLeave, error) {
	var out *ent.StaffLeave
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		l, err := getLeave(ctx, tx, id)
		if err != nil {
			return err
		}
		s := leaveSpecOf(l)
		if in.Kind != nil {
			s.Kind = *in.Kind
		}
		if in.Note != nil {
			s.Note = *in.Note
		}
		if in.FirstDay != nil {
			if s.First, err = day("firstDay", *in.FirstDay); err != nil {
				return err
			}
		}
		if in.LastDay != nil {
			if s.Last, err = day("lastDay", *in.LastDay); err != nil {
				return err
			}
		}
		out, _, err = updateLeave(ctx, tx, l, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}

// DeleteLeave removes an absence recorded by mistake; it returns its id.
func DeleteLeave(ctx context.Context, client *ent.Client, id int) (int, error) {
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		l, err := getLeave(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := tx.StaffLeave.DeleteOne(l).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "delete_leave", "staff_leave", id, map[string]any{
			"staff": l.StaffID, "kind": l.Kind, "firstDay": FirstDay(l), "lastDay": LastDay(l)})
	})
	return id, err
}
