package rule

import (
	"context"

	"xiaoneng/ent"
	"xiaoneng/ent/apitoken"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

// AllowOwnTokenWrites lets a logged-in user create and revoke their own API
// tokens. A request authenticated by an API token may not mint or revoke
// tokens: only an interactive session can.
func AllowOwnTokenWrites() privacy.MutationRule {
	return privacy.ApiTokenMutationRuleFunc(func(ctx context.Context, m *ent.ApiTokenMutation) error {
		v := auth.FromContext(ctx)
		if v == nil || v.TokenID != 0 {
			return privacy.Denyf("API tokens are managed from a login session")
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
