package ratings

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/org"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
	"xiaoneng/internal/tasks"
)

// BadScore is the highest score that counts as a bad rating (差评) and opens a rectification.
const BadScore = 2

// Text limits, in characters.
const (
	MaxComment        = 2000
	MaxIdempotencyKey = 100
	MaxReason         = 2000
	MaxAnswer         = 5000
)

// SubmitInput is submitRating's input (GraphQL SubmitRatingInput).
type SubmitInput struct {
	TargetDepartment int
	Task             *int
	Visit            *int
	Score            int
	Responsiveness   int
	Resolution       int
	Attitude         int
	Comment          *string
	Anonymous        *bool
	IdempotencyKey   *string
}

func (in SubmitInput) validate() error {
	for _, f := range []struct {
		name string
		v    int
	}{{"score", in.Score}, {"responsiveness", in.Responsiveness}, {"resolution", in.Resolution}, {"attitude", in.Attitude}} {
		if f.v < 1 || f.v > 5 {
			return apperr.BadInput("input."+f.name, "评分须为 1–5 / %s must be 1 to 5, got %d", f.name, f.v)
		}
	}
	if in.Comment != nil && utf8.RuneCountInString(*in.Comment) > MaxComment {
		return apperr.BadInput("input.comment", "评价内容最多 %d 字 / comment is limited to %d characters", MaxComment, MaxComment)
	}
	if in.IdempotencyKey != nil && utf8.RuneCountInString(*in.IdempotencyKey) > MaxIdempotencyKey {
		return apperr.BadInput("input.idempotencyKey", "幂等键最多 %d 个字符 / idempotencyKey is limited to %d characters", MaxIdempotencyKey, MaxIdempotencyKey)
	}
	return nil
}

// Submit records the viewer's rating as their own unit (FRONTLINE only). A
// score ≤ BadScore opens a Rectification and its RECTIFICATION task for the
// target department in the same transaction. A retry with the same
// idempotency key by the same rater (and the same anonymity) returns the
// first rating.
func (s *Service) Submit(ctx context.Context, in SubmitInput) (*ent.Rating, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	// ADMIN's blanket write rights would pass the privacy rules: a rating is
	// a frontline unit's own voice, so the role is checked here.
	v, err := frontline(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := s.keysOf(v)
	if err != nil {
		return nil, err
	}
	anonymous := in.Anonymous != nil && *in.Anonymous
	key := keys.of(anonymous)
	// The client's key is stored keyed-hashed (raterkey.Idempotency): it
	// may hold the time the form was opened.
	var idem string
	if in.IdempotencyKey != nil {
		if k := strings.TrimSpace(*in.IdempotencyKey); k != "" {
			idem = raterkey.Idempotency(s.secret, k)
		}
	}
	if idem != "" {
		if r, err := s.byIdempotencyKey(ctx, key, idem); err != nil || r != nil {
			return r, err
		}
	}

	// Departments are read with system rights: they are every role's to
	// read, and a token that may rate need not also hold read:org.
	target, err := s.Client.Department.Get(rule.System(ctx), in.TargetDepartment)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("input.targetDepartment", "部门不存在 / no such department")
	}
	if err != nil {
		return nil, err
	}
	if target.Kind != department.KindAgency {
		return nil, apperr.BadInput("input.targetDepartment", "只能评价机关部门 / only agency departments are rated")
	}
	if err := org.CheckOpen("input.targetDepartment", target); err != nil {
		return nil, err
	}
	if in.Task != nil {
		// The task must be one the rater's unit may see (its own requests).
		if _, err := s.Client.Task.Get(ctx, *in.Task); ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("input.task", "任务不存在或不可见 / no such task visible to your unit")
		} else if err != nil {
			return nil, err
		}
	}
	if in.Visit != nil {
		visit, err := s.Client.ServiceVisit.Get(ctx, *in.Visit)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("input.visit", "下沉服务记录不存在或不是对本单位的 / no such visit to your unit")
		}
		if err != nil {
			return nil, err
		}
		if visit.DepartmentID != target.ID {
			return nil, apperr.BadInput("input.visit", "该次服务不是被评价部门做的 / the visit was made by another department")
		}
	}
	unit, err := s.Client.Department.Get(rule.System(ctx), v.DepartmentID)
	if err != nil {
		return nil, err
	}
	comment := ""
	if in.Comment != nil {
		comment = strings.TrimSpace(*in.Comment)
	}

	var out *ent.Rating
	err = store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		now := s.now()
		if anonymous {
			now = anonymousTime(now)
		}
		c := tx.Rating.Create().
			SetRaterKey(key).SetRaterUnitID(v.DepartmentID).SetTargetDepartmentID(target.ID).
			SetNillableTaskID(in.Task).SetNillableVisitID(in.Visit).
			SetScore(in.Score).SetResponsiveness(in.Responsiveness).SetResolution(in.Resolution).
			SetAttitude(in.Attitude).SetComment(comment).SetAnonymous(anonymous).
			SetCreatedAt(now).SetUpdatedAt(now)
		if !anonymous {
			c.SetRaterID(v.StaffID)
		}
		if idem != "" {
			c.SetIdempotencyKey(idem)
		}
		r, err := c.Save(ctx)
		if err != nil {
			return err
		}
		detail := map[string]any{"targetDepartment": target.ID, "score": r.Score, "anonymous": anonymous}
		if r.Score <= BadScore {
			rect, err := s.openRectification(ctx, tx, v, r, target, unit, now)
			if err != nil {
				return err
			}
			detail["rectification"] = rect.ID
			detail["task"] = rect.TaskID
		}
		out = r
		if anonymous {
			return audit.Tally(ctx, tx, "submit_rating", now, 1)
		}
		return audit.Record(ctx, tx, "submit_rating", "rating", r.ID, detail)
	})
	if err != nil && idem != "" && ent.IsConstraintError(err) {
		// A concurrent retry with the same key won the race: return its rating.
		if r, lerr := s.byIdempotencyKey(ctx, key, idem); lerr == nil && r != nil {
			return r, nil
		}
	}
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

// byIdempotencyKey returns the rater's rating filed under idem (stored
// form), or nil. It
// reads with system rights: the key is the rater's own, and the unit filter
// would hide a rating filed before the rater changed units.
func (s *Service) byIdempotencyKey(ctx context.Context, key, idem string) (*ent.Rating, error) {
	r, err := s.Client.Rating.Query().Where(rating.RaterKey(key), rating.IdempotencyKey(idem)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return r, err
}

// openRectification opens the rectification of bad rating r with its
// RECTIFICATION task for the target department, requested by the rater's
// unit (so the unit follows it), both due RectificationDays working days
// later on the calendar. now is the rating's created_at (for an anonymous
// rating its day): every time recorded on the three is now.
func (s *Service) openRectification(ctx context.Context, tx *ent.Client, v *auth.Viewer, r *ent.Rating, target, unit *ent.Department, now time.Time) (*ent.Rectification, error) {
	due, err := dueIn(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	t, err := rectificationTask(ctx, tx, v, r.Anonymous, tasks.Spec{
		Title: "差评整改：" + target.Name,
		Description: fmt.Sprintf("%s 评分 %d（响应速度 %d，解决问题 %d，服务态度 %d）。%s",
			unit.Name, r.Score, r.Responsiveness, r.Resolution, r.Attitude, r.Comment),
		LeadDepartmentID: target.ID,
		RequestingUnitID: unit.ID,
		StartAt:          now,
		At:               now,
		DueAt:            due,
	})
	if err != nil {
		return nil, err
	}
	return tx.Rectification.Create().
		SetRatingID(r.ID).SetRaterKey(r.RaterKey).SetTaskID(t.ID).SetDepartmentID(target.ID).
		SetStatus(rectification.StatusOpen).SetDueAt(due).
		SetCreatedAt(now).SetUpdatedAt(now).
		Save(ctx)
}

// dueIn is the rectification deadline for an order given at now.
func dueIn(ctx context.Context, tx *ent.Client, now time.Time) (time.Time, error) {
	cal, err := calendar.Load(ctx, tx)
	if err != nil {
		return time.Time{}, err
	}
	return cal.AddWorkingDays(now, settings.Int(ctx, tx, settings.RectificationDays)), nil
}

// MyRatings is the query of the viewer's own ratings (FRONTLINE), found by
// rater key so anonymous ones are included.
func (s *Service) MyRatings(ctx context.Context) (*ent.RatingQuery, error) {
	v, err := frontline(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := s.keysOf(v)
	if err != nil {
		return nil, err
	}
	return s.Client.Rating.Query().Where(rating.RaterKeyIn(keys.anonymous, keys.named)), nil
}

// Appeal files the target department's appeal (申诉复核) against rating id:
// LEADER/STAFF whose subtree holds the target; NONE → PENDING.
func (s *Service) Appeal(ctx context.Context, id int, reason string) (*ent.Rating, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return nil, apperr.BadInput("reason", "申诉理由不能为空 / reason is required")
	}
	if utf8.RuneCountInString(reason) > MaxReason {
		return nil, apperr.BadInput("reason", "申诉理由最多 %d 字 / reason is limited to %d characters", MaxReason, MaxReason)
	}
	v := auth.FromContext(ctx)
	if v.IsAdmin() {
		// ADMIN decides appeals and so may not file one (its blanket write
		// rights would pass the privacy rules).
		return nil, apperr.Forbiddenf("申诉由被评价部门提出 / appeals are filed by the rated department")
	}
	var out *ent.Rating
	err := store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		r, err := tx.Rating.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "评价不存在 / no such rating")
		}
		if err != nil {
			return err
		}
		if r.AppealStatus != rating.AppealStatusNone {
			return apperr.New(apperr.Conflict, "该评价已申诉过 / this rating has already been appealed (%s)", r.AppealStatus)
		}
		r, err = tx.Rating.UpdateOneID(id).Where(rating.AppealStatusEQ(rating.AppealStatusNone)).
			SetAppealStatus(rating.AppealStatusPending).SetAppealReason(reason).Save(ctx)
		if err != nil {
			return stale(err, "该评价已申诉过 / this rating has already been appealed")
		}
		out = r
		return audit.Record(ctx, tx, "appeal_rating", "rating", id, map[string]any{"reason": reason})
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

// DecideAppeal upholds or voids a pending appeal (ADMIN, by the privacy
// rules). A voided rating leaves every metric; its open rectification is
// closed and the rectification task cancelled.
func (s *Service) DecideAppeal(ctx context.Context, id int, uphold bool, note *string) (*ent.Rating, error) {
	n := ""
	if note != nil {
		n = strings.TrimSpace(*note)
	}
	if utf8.RuneCountInString(n) > MaxReason {
		return nil, apperr.BadInput("note", "说明最多 %d 字 / note is limited to %d characters", MaxReason, MaxReason)
	}
	var out *ent.Rating
	err := store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		r, err := tx.Rating.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "评价不存在 / no such rating")
		}
		if err != nil {
			return err
		}
		if r.AppealStatus != rating.AppealStatusPending {
			return apperr.New(apperr.Conflict, "该评价没有待复核的申诉 / no pending appeal on this rating (%s)", r.AppealStatus)
		}
		now := s.now()
		status := rating.AppealStatusUpheld
		if !uphold {
			status = rating.AppealStatusVoided
		}
		r, err = tx.Rating.UpdateOneID(id).Where(rating.AppealStatusEQ(rating.AppealStatusPending)).
			SetAppealStatus(status).SetAppealDecisionNote(n).SetAppealDecidedAt(now).Save(ctx)
		if err != nil {
			return stale(err, "该申诉已处理 / the appeal has already been decided")
		}
		detail := map[string]any{"decision": string(status), "note": n}
		if !uphold {
			closed, err := s.closeVoided(ctx, tx, auth.FromContext(ctx), id, now)
			if err != nil {
				return err
			}
			if closed != 0 {
				detail["closedRectification"] = closed
			}
		}
		out = r
		return audit.Record(ctx, tx, "decide_appeal", "rating", id, detail)
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

// closeVoided closes the rectification of a voided rating, if still open,
// and cancels its task. It returns the rectification's id (0 if none was open).
func (s *Service) closeVoided(ctx context.Context, tx *ent.Client, viewer *auth.Viewer, ratingID int, now time.Time) (int, error) {
	rect, err := tx.Rectification.Query().Where(rectification.RatingID(ratingID)).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if rect.Status == rectification.StatusClosed {
		return 0, nil
	}
	if err := tx.Rectification.UpdateOneID(rect.ID).SetStatus(rectification.StatusClosed).SetClosedAt(now).Exec(ctx); err != nil {
		return 0, err
	}
	err = setTaskStatus(ctx, tx, rect.TaskID, actorOf(viewer), task.StatusCancelled,
		"评价经申诉复核撤销 / the rating was voided on appeal", now)
	return rect.ID, err
}

func actorOf(v *auth.Viewer) *int {
	if v == nil || v.StaffID == 0 {
		return nil
	}
	id := v.StaffID
	return &id
}

// stale maps the NotFound of a conditional update (the row changed state
// since it was read) to CONFLICT; other errors pass through.
func stale(err error, msg string) error {
	if ent.IsNotFound(err) {
		return apperr.New(apperr.Conflict, "%s", msg)
	}
	return err
}
