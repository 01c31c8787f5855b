package ratings

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// Answer records the target department's answer to rectification id
// (LEADER/STAFF whose subtree holds the department, by the privacy rules):
// OPEN → ANSWERED; the rectification task is done.
func (s *Service) Answer(ctx context.Context, id int, answer string) (*ent.Rectification, error) {
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return nil, apperr.BadInput("answer", "整改答复不能为空 / answer is required")
	}
	if utf8.RuneCountInString(answer) > MaxAnswer {
		return nil, apperr.BadInput("answer", "整改答复最多 %d 字 / answer is limited to %d characters", MaxAnswer, MaxAnswer)
	}
	v := auth.FromContext(ctx)
	if v.IsAdmin() {
		// 谁办理谁负责: the department answers for itself; ADMIN's blanket
		// write rights would pass the privacy rules.
		return nil, apperr.Forbiddenf("整改由被评价部门答复 / the rated department answers")
	}
	var out *ent.Rectification
	err := store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		rect, err := tx.Rectification.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "整改不存在 / no such rectification")
		}
		if err != nil {
			return err
		}
		if rect.Status != rectification.StatusOpen {
			return apperr.New(apperr.Conflict, "只能答复待整改的事项 / only an OPEN rectification can be answered (it is %s)", rect.Status)
		}
		now := s.now()
		rect, err = tx.Rectification.UpdateOneID(id).Where(rectification.StatusEQ(rectification.StatusOpen)).
			SetStatus(rectification.StatusAnswered).SetAnswer(answer).SetAnsweredAt(now).Save(ctx)
		if err != nil {
			return stale(err, "该整改已被答复 / the rectification was answered meanwhile")
		}
		if err := setTaskStatus(ctx, tx, rect.TaskID, actorOf(v), task.StatusDone, "整改已答复 / rectification answered", now); err != nil {
			return err
		}
		out = rect
		return audit.Record(ctx, tx, "answer_rectification", "rectification", id, map[string]any{"answer": answer})
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

// Judge records the rater's verdict on an answered rectification (only the
// rater, identified by rater key, so anonymous ratings work too). SATISFIED
// and BASICALLY_SATISFIED close it; DISSATISFIED reopens it once (new
// deadline RectificationDays working days later, task back in progress) and
// closes it the second time. The verdict on an anonymous rating records
// no actor and no time finer than anonymousTime.
func (s *Service) Judge(ctx context.Context, id int, verdict rectification.Verdict) (*ent.Rectification, error) {
	if err := rectification.VerdictValidator(verdict); err != nil {
		return nil, apperr.BadInput("verdict", "未知的评价结果 / unknown verdict %q", verdict)
	}
	v, err := frontline(ctx)
	if err != nil {
		return nil, apperr.Forbiddenf("只有评价人可以评价整改结果 / only the rater judges the rectification")
	}
	keys, err := s.keysOf(v)
	if err != nil {
		return nil, err
	}
	var out *ent.Rectification
	var anonymous bool
	err = store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		rect, err := tx.Rectification.Query().Where(rectification.ID(id)).WithRating().Only(ctx)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "整改不存在 / no such rectification")
		}
		if err != nil {
			return err
		}
		// Privacy shows the unit all its ratings; whether the viewer is the
		// rater needs the keyed hash, which only this package computes.
		if rect.Edges.Rating == nil || !keys.match(rect.Edges.Rating.RaterKey) {
			return apperr.Forbiddenf("只有评价人可以评价整改结果 / only the rater judges the rectification")
		}
		anonymous = rect.Edges.Rating.Anonymous
		if rect.Status != rectification.StatusAnswered {
			return apperr.New(apperr.Conflict, "部门尚未答复，无法评价 / only an ANSWERED rectification can be judged (it is %s)", rect.Status)
		}
		now := s.now()
		actor := actorOf(v)
		if anonymous {
			actor = nil
			t, err := tx.Task.Get(rule.System(ctx), rect.TaskID)
			if err != nil {
				return err
			}
			now = anonymousTime(now, rect.UpdatedAt, t.UpdatedAt)
		}
		u := tx.Rectification.UpdateOneID(id).Where(rectification.StatusEQ(rectification.StatusAnswered)).
			SetVerdict(verdict).SetJudgedAt(now).SetUpdatedAt(now)
		reopen := verdict == rectification.VerdictDissatisfied && rect.ReopenCount == 0
		var due time.Time
		if reopen {
			if due, err = dueIn(ctx, tx, now); err != nil {
				return err
			}
			u.SetStatus(rectification.StatusOpen).SetReopenCount(rect.ReopenCount + 1).SetDueAt(due)
		} else {
			u.SetStatus(rectification.StatusClosed).SetClosedAt(now)
		}
		rect, err = u.Save(ctx)
		if err != nil {
			return stale(err, "该整改已被评价 / the rectification was judged meanwhile")
		}
		detail := map[string]any{"verdict": string(verdict), "status": string(rect.Status)}
		if reopen {
			if err := reopenTask(ctx, tx, rect.TaskID, actor, due, now); err != nil {
				return err
			}
			detail["dueAt"] = due
		}
		out = rect
		if anonymous {
			return audit.Tally(ctx, tx, "judge_rectification", now, 1)
		}
		return audit.Record(ctx, tx, "judge_rectification", "rectification", id, detail)
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}
