// Package audit writes the audit trail: one row per mutation, inside the
// mutation's own transaction so the trail never disagrees with the data.
package audit

import (
	"context"
	"encoding/json"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

type addrKey struct{}

// WithClientAddr remembers the caller's address for the audit rows of this request.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, addrKey{}, addr)
}

// ClientAddr is the caller's address recorded by WithClientAddr.
func ClientAddr(ctx context.Context) string {
	s, _ := ctx.Value(addrKey{}).(string)
	return s
}

// Record appends an audit row using client (a transactional client when the
// change runs in a transaction). detail is stored as JSON.
func Record(ctx context.Context, client *ent.Client, action, entity string, entityID int, detail any) error {
	c := client.AuditLog.Create().
		SetAction(action).
		SetEntity(entity).
		SetClientAddr(ClientAddr(ctx))
	if entityID != 0 {
		c.SetEntityID(entityID)
	}
	if v := auth.FromContext(ctx); v != nil {
		c.SetActorAccountID(v.AccountID)
	}
	if detail != nil {
		b, err := json.Marshal(detail)
		if err != nil {
			return err
		}
		c.SetDetail(string(b))
	}
	// The trail is written by the system whatever the viewer may write.
	return c.Exec(privacy.DecisionContext(ctx, privacy.Allow))
}
