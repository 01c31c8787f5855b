// Package visits is frontline service visits (下沉服务): agency staff record
// the visits their department makes to frontline units, and the visited unit
// confirms (or disputes) them. Only confirmed visits count towards a
// department's visit quota (analytics filter on confirmed).
package visits

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/servicevisit"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/org"
	"xiaoneng/internal/store"
)

// Limits (the texts in characters).
const (
	MaxPurpose        = 500
	MaxNotes          = 5000
	MaxProblemsSolved = 1000
	// FutureSlack is how far in the future visitedAt may lie (clock skew).
	FutureSlack = 10 * time.Minute
)

// now is the clock (a variable for the package's tests).
var now = time.Now

// RecordInput is recordVisit's input (GraphQL RecordVisitInput).
type RecordInput struct {
	Unit           int
	VisitedAt      time.Time
	Purpose        string
	ProblemsSolved *int
	Notes          *string
}

// Record records a visit by the viewer (LEADER/STAFF) for their own
// department to a frontline unit. It is unconfirmed until the unit confirms it.
func Record(ctx context.Context, client *ent.Client, in RecordInput) (*ent.ServiceVisit, error) {
	purpose := strings.TrimSpace(in.Purpose)
	if purpose == "" {
		return nil, apperr.BadInput("input.purpose", "服务事由不能为空 / purpose is required")
	}
	if utf8.RuneCountInString(purpose) > MaxPurpose {
		return nil, apperr.BadInput("input.purpose", "服务事由最多 %d 字 / purpose is limited to %d characters", MaxPurpose, MaxPurpose)
	}
	notes := ""
	if in.Notes != nil {
		notes = strings.TrimSpace(*in.Notes)
	}
	if utf8.RuneCountInString(notes) > MaxNotes {
		return nil, apperr.BadInput("input.notes", "备注最多 %d 字 / notes are limited to %d characters", MaxNotes, MaxNotes)
	}
	solved := 0
	if in.ProblemsSolved != nil {
		solved = *in.ProblemsSolved
	}
	if solved < 0 || solved > MaxProblemsSolved {
		return nil, apperr.BadInput("input.problemsSolved", "解决问题数须在 0–%d 之间 / problemsSolved must be 0 to %d", MaxProblemsSolved, MaxProblemsSolved)
	}
	if in.VisitedAt.IsZero() || in.VisitedAt.After(now().Add(FutureSlack)) {
		return nil, apperr.BadInput("input.visitedAt", "服务时间不能晚于现在 / visitedAt cannot be in the future")
	}
	v := auth.FromContext(ctx)
	if v == nil || (v.Role != auth.RoleLeader && v.Role != auth.RoleStaff) || v.StaffID == 0 || v.DepartmentID == 0 {
		// ADMIN's blanket write rights would pass the privacy rules: a visit
		// is recorded by the agency staff member who made it.
		return nil, apperr.Forbiddenf("下沉服务由机关部门人员本人登记 / a visit is recorded by the agency staff member who made it")
	}
	var out *ent.ServiceVisit
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		// Departments are read with system rights: they are every role's
		// to read, and a token that may record visits need not hold read:org.
		unit, err := tx.Department.Get(rule.System(ctx), in.Unit)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("input.unit", "单位不存在 / no such unit")
		}
		if err != nil {
			return err
		}
		if unit.Kind != department.KindFrontline {
			return apperr.BadInput("input.unit", "%s 不是一线单位 / %s is not a frontline unit", unit.Name, unit.Name)
		}
		if err := org.CheckOpen("input.unit", unit); err != nil {
			return err
		}
		own, err := tx.Department.Get(rule.System(ctx), v.DepartmentID)
		if err != nil {
			return err
		}
		if own.Kind != department.KindAgency {
			return apperr.Forbiddenf("下沉服务由机关部门登记 / visits are recorded by agency departments")
		}
		at := now()
		sv, err := tx.ServiceVisit.Create().
			SetDepartmentID(v.DepartmentID).SetStaffID(v.StaffID).SetUnitID(unit.ID).
			SetVisitedAt(in.VisitedAt).SetPurpose(purpose).SetProblemsSolved(solved).SetNotes(notes).
			SetCreatedAt(at).SetUpdatedAt(at).
			Save(ctx)
		if err != nil {
			return err
		}
		out = sv
		return audit.Record(ctx, tx, "record_visit", "service_visit", sv.ID, map[string]any{
			"unit": unit.ID, "visitedAt": in.VisitedAt, "problemsSolved": solved,
		})
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

// Confirm records the visited unit's answer (FRONTLINE of that unit):
// confirmed or disputed, with who and when. A visit is answered once.
func Confirm(ctx context.Context, client *ent.Client, id int, confirmed bool) (*ent.ServiceVisit, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.Role != auth.RoleFrontline || v.StaffID == 0 {
		// ADMIN's blanket write rights would pass the privacy rules: only
		// the visited unit vouches for a visit.
		return nil, apperr.Forbiddenf("下沉服务由被服务单位确认 / only the visited unit confirms a visit")
	}
	var out *ent.ServiceVisit
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		sv, err := tx.ServiceVisit.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "服务记录不存在 / no such visit")
		}
		if err != nil {
			return err
		}
		if sv.UnitID != v.DepartmentID {
			return apperr.Forbiddenf("只能确认对本单位的服务 / only the visited unit confirms a visit")
		}
		if sv.ConfirmedAt != nil {
			return apperr.New(apperr.Conflict, "该服务记录已确认过 / this visit has already been answered")
		}
		at := now()
		sv, err = tx.ServiceVisit.UpdateOneID(id).Where(servicevisit.ConfirmedAtIsNil()).
			SetConfirmed(confirmed).SetConfirmedAt(at).SetConfirmedByID(v.StaffID).
			Save(ctx)
		if ent.IsNotFound(err) {
			return apperr.New(apperr.Conflict, "该服务记录已确认过 / this visit has already been answered")
		}
		if err != nil {
			return err
		}
		out = sv
		return audit.Record(ctx, tx, "confirm_visit", "service_visit", id, map[string]any{"confirmed": confirmed})
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}
