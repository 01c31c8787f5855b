// Package revoke ends an account's sessions when what they were granted on
// changes. It is an ent hook on Account (registered in ent/schema), so every
// code path that changes an account does it, in the change's transaction.
package revoke

import (
	"context"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/apitoken"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/refreshtoken"
)

// Hook: an update that sets the password, the role or the staff link, or
// disables the account, moves its session version (refusing every access
// token issued before, on every replica, from the next request on) and
// revokes its refresh tokens. Setting the password also revokes its API
// tokens: a reset answers a leaked password, and whoever held it could have
// made tokens. Callers run account changes in a transaction (store.InTx),
// so the revocation commits with the change and its audit row.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			am, ok := m.(*ent.AccountMutation)
			if !ok || !(am.Op().Is(ent.OpUpdateOne) || am.Op().Is(ent.OpUpdate)) {
				return next.Mutate(ctx, m)
			}
			_, password := am.PasswordHash()
			_, role := am.Role()
			_, staff := am.StaffID()
			staff = staff || am.StaffIDCleared() || am.StaffCleared()
			disabled, setDisabled := am.Disabled()
			if !password && !role && !staff && !(setDisabled && disabled) {
				return next.Mutate(ctx, m)
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			ids, err := am.IDs(sys)
			if err != nil {
				return nil, err
			}
			am.AddSessionVersion(1)
			v, err := next.Mutate(ctx, m)
			if err != nil || len(ids) == 0 {
				return v, err
			}
			now := time.Now()
			c := am.Client()
			if err := c.RefreshToken.Update().
				Where(refreshtoken.AccountIDIn(ids...), refreshtoken.RevokedAtIsNil()).
				SetRevokedAt(now).Exec(sys); err != nil {
				return nil, err
			}
			if password {
				if err := c.ApiToken.Update().
					Where(apitoken.AccountIDIn(ids...), apitoken.RevokedAtIsNil()).
					SetRevokedAt(now).Exec(sys); err != nil {
					return nil, err
				}
			}
			return v, nil
		})
	}
}
