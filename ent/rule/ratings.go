package rule

import (
	"context"
	"slices"

	"entgo.io/ent/entql"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rectification"
	"xiaoneng/internal/auth"
)

// Who may change ratings and rectifications (docs/ACCESS.md "Rating,
// rectification and appeal operations"). ADMIN passes the policies' own
// AllowIfAdmin (deciding appeals); these rules add the other roles:
//   - FRONTLINE creates ratings as its own unit (rater unit = the viewer's
//     department, rater = the viewer when not anonymous) and the rectification
//     of its own unit's bad rating, and judges its unit's rectifications
//     (verdict fields only).
//   - LEADER/STAFF appeal ratings of departments in their subtree (appeal
//     status PENDING and the reason only) and answer the rectifications of
//     departments in their subtree (answer fields only).
//
// What privacy cannot see is checked in internal/ratings with
// apperr.Forbiddenf: only the rater (by rater key) judges; ADMIN neither
// rates, answers nor appeals (its blanket rights above would allow it).

// Fields each side may change. updated_at is set by ent on every update.
var (
	ratingAppealFields = []string{rating.FieldAppealStatus, rating.FieldAppealReason, rating.FieldUpdatedAt}
	rectAnswerFields   = []string{rectification.FieldAnswer, rectification.FieldAnsweredAt,
		rectification.FieldStatus, rectification.FieldUpdatedAt}
	rectJudgeFields = []string{rectification.FieldVerdict, rectification.FieldJudgedAt,
		rectification.FieldStatus, rectification.FieldReopenCount, rectification.FieldDueAt,
		rectification.FieldClosedAt, rectification.FieldUpdatedAt}
)

// onlyFields reports whether a mutation touches (sets, adds to or clears) no
// field outside allowed. An edge held in a foreign-key field (edge "handler",
// field "handler_id") counts as that field; no other edge may change.
func onlyFields(m ent.Mutation, allowed []string) bool {
	for _, f := range append(append(m.Fields(), m.AddedFields()...), m.ClearedFields()...) {
		if !slices.Contains(allowed, f) {
			return false
		}
	}
	for _, e := range append(m.AddedEdges(), m.ClearedEdges()...) {
		if !slices.Contains(allowed, e+"_id") {
			return false
		}
	}
	return len(m.RemovedEdges()) == 0
}

func isUpdate(m ent.Mutation) bool { return m.Op().Is(ent.OpUpdateOne) || m.Op().Is(ent.OpUpdate) }

// AllowRatingWrites: FRONTLINE submits as its own unit; LEADER/STAFF appeal
// ratings of their subtree.
func AllowRatingWrites() privacy.MutationRule {
	return privacy.RatingMutationRuleFunc(func(ctx context.Context, m *ent.RatingMutation) error {
		v := auth.FromContext(ctx)
		switch {
		case v == nil:
			return privacy.Skip
		case m.Op().Is(ent.OpCreate):
			if v.Role != auth.RoleFrontline || v.DepartmentID == 0 || v.StaffID == 0 {
				return privacy.Skip
			}
			if unit, _ := m.RaterUnitID(); unit != v.DepartmentID {
				return privacy.Denyf("a unit rates only as itself")
			}
			if rater, ok := m.RaterID(); ok && rater != v.StaffID {
				return privacy.Denyf("a rating's rater is the viewer")
			}
			return privacy.Allow
		case isUpdate(m) && agency(v):
			if !onlyFields(m, ratingAppealFields) {
				return privacy.Skip
			}
			if s, ok := m.AppealStatus(); !ok || s != rating.AppealStatusPending {
				return privacy.Skip
			}
			m.Filter().Where(inSubtree(v, rating.FieldTargetDepartmentID))
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// AllowRectificationWrites: FRONTLINE opens the rectification of its own
// unit's bad rating and judges its unit's rectifications; LEADER/STAFF answer
// those of their subtree.
func AllowRectificationWrites() privacy.MutationRule {
	return privacy.RectificationMutationRuleFunc(func(ctx context.Context, m *ent.RectificationMutation) error {
		v := auth.FromContext(ctx)
		switch {
		case v == nil:
			return privacy.Skip
		case m.Op().Is(ent.OpCreate):
			if v.Role != auth.RoleFrontline || v.DepartmentID == 0 {
				return privacy.Skip
			}
			rid, ok := m.RatingID()
			dept, _ := m.DepartmentID()
			if !ok {
				return privacy.Skip
			}
			own, err := m.Client().Rating.Query().Where(rating.ID(rid),
				rating.RaterUnitID(v.DepartmentID), rating.TargetDepartmentID(dept)).Exist(privacy.DecisionContext(ctx, privacy.Allow))
			if err != nil {
				return err
			}
			if own {
				return privacy.Allow
			}
			return privacy.Denyf("a unit opens rectifications of its own ratings only")
		case isUpdate(m) && agency(v):
			if !onlyFields(m, rectAnswerFields) {
				return privacy.Skip
			}
			if s, ok := m.Status(); ok && s != rectification.StatusAnswered {
				return privacy.Skip
			}
			m.Filter().Where(inSubtree(v, rectification.FieldDepartmentID))
			return privacy.Allow
		case isUpdate(m) && v.Role == auth.RoleFrontline && v.DepartmentID != 0:
			if !onlyFields(m, rectJudgeFields) {
				return privacy.Skip
			}
			m.Filter().Where(entql.HasEdgeWith("rating", entql.FieldEQ(rating.FieldRaterUnitID, v.DepartmentID)))
			return privacy.Allow
		}
		return privacy.Skip
	})
}
