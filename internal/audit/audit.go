// Package audit writes the audit trail inside the mutation's own
// transaction, so the trail never disagrees with the data: one row per
// mutation (Record), except for anonymous acts, which are only counted per
// day (Tally).
package audit

import (
	"context"
	"encoding/json"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/audittally"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/workcal"
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

// Tally counts n anonymous acts of action on the day of at (Asia/Shanghai)
// in audit_tallies, instead of writing a row per act: a row would carry a
// time, and an id placed among the login rows, that tie the act to its
// actor's session. The day's row is created by its first act and counted up
// by the others (an upsert: concurrent acts all count).
func Tally(ctx context.Context, client *ent.Client, action string, at time.Time, n int) error {
	day := workcal.DateOf(at).Start().UTC()
	return client.AuditTally.Create().SetDay(day).SetAction(action).SetCount(n).
		OnConflictColumns(audittally.FieldDay, audittally.FieldAction).AddCount(n).
		Exec(privacy.DecisionContext(ctx, privacy.Allow))
}
