package rule

import (
	"context"

	"xiaoneng/ent"
	"xiaoneng/ent/apitoken"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

// AllowOwnTokenWrites lets a user create and revoke their own API tokens.
// That it happens in a login session, never with a token, is the policy's
// RequireSession, which runs first.
func AllowOwnTokenWrites() privacy.MutationRule {
	return privacy.ApiTokenMutationRuleFunc(func(ctx context.Context, m *ent.ApiTokenMutation) error {
		v := auth.FromContext(ctx)
		if v == nil {
			return privacy.Skip
		}
		if m.Op().Is(ent.OpCreate) {
			if owner, ok := m.AccountID(); ok && owner == v.AccountID {
				return privacy.Allow
			}
			return privacy.Denyf("tokens can only be created for yourself")
		}
		// Updates: restrict the rows to the viewer's own tokens.
		m.Where(apitoken.AccountID(v.AccountID))
		return privacy.Allow
	})
}
