package rollup

import (
	"context"
	"fmt"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rating"
)

// A rectification carries its rating's rater_key (rectifications.rater_key,
// immutable on both): the satisfaction figures count the distinct raters
// who judged rectifications without reading a rating per judgement.
// RaterKeyHook copies it when a rectification is opened without it;
// RaterKeys.Fill copies it for rectifications written in bulk.

// RaterKeyHook sets a new rectification's rater_key from its rating when
// the creator did not.
func RaterKeyHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			rm, ok := m.(*ent.RectificationMutation)
			if !ok || !rm.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			if k, ok := rm.RaterKey(); ok && k != "" {
				return next.Mutate(ctx, m)
			}
			id, ok := rm.RatingID()
			if !ok {
				return next.Mutate(ctx, m) // the required edge's own error follows
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			k, err := rm.Client().Rating.Query().Where(rating.ID(id)).Select(rating.FieldRaterKey).String(sys)
			if err != nil {
				return nil, fmt.Errorf("rollup: rectification rater key: %w", err)
			}
			rm.SetRaterKey(k)
			return next.Mutate(ctx, m)
		})
	}
}

// RaterKeys is rectifications.rater_key, its rating's key.
var RaterKeys = ColumnCopy{"rectifications", "rater_key",
	`(SELECT r.rater_key FROM ratings r WHERE r.id = rectifications.rating_id)`, "rectification rater keys"}
