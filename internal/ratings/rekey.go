package ratings

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/auditlog"
	"xiaoneng/ent/predicate"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/setting"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
	"xiaoneng/internal/workcal"
)

// anonymousActions are the actions an anonymous rater performs; earlier
// releases wrote an audit row without actor for each.
var anonymousActions = []string{"submit_rating", "judge_rectification"}

// KeyMigration is what PrepareRaterKeys changed.
type KeyMigration struct {
	// Rekeyed: the database held its rater secret (raterkey.LegacySetting)
	// and every rater key was rewritten under the server's secret.
	Rekeyed bool
	// Keys is the number of distinct anonymous rater keys rewritten,
	// Orphans those of them that no staff member's key matched
	// (raterkey.Orphan); Named the number of named ratings given their
	// rater's named key.
	Keys, Orphans, Named int
	// AuditRows is the number of audit rows of anonymous acts folded into
	// the per-day tally (audit.Tally) and deleted; Ratings the number of
	// anonymous ratings whose times were reduced to their day.
	AuditRows, Ratings int
}

// PrepareRaterKeys makes the database agree with the server's rater secret
// before the server serves, in one transaction:
//
//   - A database that still holds its secret in the settings table (written
//     by an earlier release) is migrated: each anonymous rating's key is
//     mapped to its staff member through the old secret over all staff and
//     rewritten under secret (a key that matches nobody gets
//     raterkey.Orphan, one new key per old key); named ratings get their
//     rater's named key (raterkey.Named), unrelated to the anonymous one;
//     rectifications take their rating's new key and the ratings rollup is
//     rebuilt; idempotency keys are stored keyed-hashed; the audit rows of anonymous acts are folded into the per-day
//     tally and deleted; the anonymous ratings' times are reduced to their
//     day; the setting is deleted and the data version moves on (response
//     caches of other replicas).
//   - A database whose keys were written under another secret
//     (raterkey.CheckSetting differs) is refused: every rater would lose
//     their own ratings.
//
// Then the check of secret is stored. Replicas starting together
// serialise on the settings row (PostgreSQL) or the write lock (SQLite).
// The secret itself is never logged nor stored.
func PrepareRaterKeys(ctx context.Context, client *ent.Client, dia string, secret []byte) (KeyMigration, error) {
	var m KeyMigration
	if len(secret) < raterkey.MinSecretBytes {
		return m, errors.New("ratings: the rater secret is too short")
	}
	sctx := rule.System(ctx)
	err := store.InTx(sctx, client, func(tx *ent.Client) error {
		var rows []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		}
		err := tx.Setting.Query().Where(setting.KeyIn(raterkey.LegacySetting, raterkey.CheckSetting)).
			Modify(func(s *entsql.Selector) {
				s.Select(s.C(setting.FieldKey), s.C(setting.FieldValue))
				if dia == dialect.Postgres {
					s.ForUpdate()
				}
			}).Scan(sctx, &rows)
		if err != nil {
			return err
		}
		var legacy, check *string
		for i := range rows {
			switch rows[i].Key {
			case raterkey.LegacySetting:
				legacy = &rows[i].Value
			case raterkey.CheckSetting:
				check = &rows[i].Value
			}
		}
		switch {
		case legacy != nil:
			old, err := hex.DecodeString(*legacy)
			if err != nil || len(old) == 0 {
				return fmt.Errorf("ratings: the settings row %s is not a hex secret", raterkey.LegacySetting)
			}
			if m, err = rekey(sctx, tx, dia, old, secret); err != nil {
				return err
			}
			if _, err := tx.Setting.Delete().Where(setting.Key(raterkey.LegacySetting)).Exec(sctx); err != nil {
				return err
			}
			// The keys were rewritten by raw SQL, which the ent hook does not see.
			if err := respcache.Bump(sctx, tx); err != nil {
				return err
			}
		case check != nil && *check != raterkey.Check(secret):
			return errors.New("XN_RATER_SECRET is not the secret this database's rater keys were written with " +
				"(settings " + raterkey.CheckSetting + "): start with that secret, or every rater loses their own ratings")
		case check != nil:
			return nil
		}
		return tx.Setting.Create().SetKey(raterkey.CheckSetting).SetValue(raterkey.Check(secret)).
			OnConflictColumns(setting.FieldKey).UpdateValue().Exec(sctx)
	})
	return m, err
}

// rekey rewrites every rater key — an anonymous rating's from old's to
// secret's, mapped to its staff member through old over all staff; a named
// rating's to raterkey.Named of its rater (earlier releases gave both the
// same key, so that each named rating told whose the anonymous ones were)
// — rebuilds the ratings rollup (its raters are counted by kind of key
// now, raterkey.Raters), stores the idempotency keys keyed, folds the
// audit rows of anonymous acts into the tally and dates the anonymous
// ratings to their day (see PrepareRaterKeys).
func rekey(ctx context.Context, tx *ent.Client, dia string, old, secret []byte) (KeyMigration, error) {
	m := KeyMigration{Rekeyed: true}
	named := "'" + raterkey.NamedPrefix + "' || CAST(rater_id AS TEXT)"
	res, err := tx.ExecContext(ctx, `UPDATE ratings SET rater_key = `+named+
		` WHERE NOT anonymous AND rater_id IS NOT NULL AND rater_key <> `+named)
	if err != nil {
		return m, fmt.Errorf("ratings: re-keying named ratings: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil {
		m.Named = int(n)
	}
	staff, err := tx.Staff.Query().IDs(ctx)
	if err != nil {
		return m, err
	}
	byOld := make(map[string]int, len(staff))
	for _, id := range staff {
		byOld[raterkey.Key(old, id)] = id
	}
	// the anonymous ratings, and named ones whose rater is gone
	keyed := rating.Or(rating.Anonymous(true), rating.RaterIDIsNil())
	keys, err := tx.Rating.Query().Where(keyed).Unique(true).Select(rating.FieldRaterKey).Strings(ctx)
	if err != nil {
		return m, err
	}
	b := entsql.Dialect(dia)
	for _, k := range keys {
		nk := raterkey.Orphan(secret, k)
		if id, ok := byOld[k]; ok {
			nk = raterkey.Key(secret, id)
		}
		if nk == k {
			continue
		}
		if _, ok := byOld[k]; !ok {
			m.Orphans++
		}
		// Raw SQL: the keys change and nothing else (an ent update would
		// move updated_at).
		q, args := b.Update(rating.Table).Set(rating.FieldRaterKey, nk).
			Where(entsql.And(entsql.EQ(rating.FieldRaterKey, k),
				entsql.Or(entsql.EQ(rating.FieldAnonymous, true), entsql.IsNull(rating.FieldRaterID)))).Query()
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return m, fmt.Errorf("ratings: re-keying: %w", err)
		}
		m.Keys++
	}
	if err := rollup.RaterKeys.Fill(ctx, tx); err != nil {
		return m, err
	}
	if _, err := rollup.RebuildRatings(ctx, tx, dia); err != nil {
		return m, err
	}
	if err := hashIdempotencyKeys(ctx, tx, dia, secret); err != nil {
		return m, err
	}
	if m.AuditRows, err = foldAnonymousAudit(ctx, tx); err != nil {
		return m, err
	}
	m.Ratings, err = dayOnlyAnonymousRatings(ctx, tx, dia)
	return m, err
}

// dayOnlyAnonymousRatings reduces the times of the anonymous ratings stored
// by an earlier release to their day, as new ones are written: created_at,
// and updated_at when nothing changed the rating since. The day stays the
// same, and with it the ratings rollup. (Their rectifications and tasks
// keep their times: a task's start carries its load and its events' times
// their order; docs/ACCESS.md says so.)
func dayOnlyAnonymousRatings(ctx context.Context, tx *ent.Client, dia string) (int, error) {
	day := func(col string) string {
		if dia == dialect.Postgres {
			return fmt.Sprintf("(date_trunc('day', %s AT TIME ZONE '%s') AT TIME ZONE '%s')", col, zone, zone)
		}
		// whole seconds since the epoch (julianday of the store's UTC text),
		// floored to the agency's midnight, written back as that text
		secs := fmt.Sprintf("CAST((ROUND(julianday(%s) * 86400000.0) - 210866760000000) / 1000 AS INTEGER)", col)
		return fmt.Sprintf("(strftime('%%Y-%%m-%%d %%H:%%M:%%S', (%[1]s + %[2]d) / 86400 * 86400 - %[2]d, 'unixepoch') || '+00:00')", secs, zoneOffset)
	}
	cond := "anonymous AND created_at <> " + day("created_at")
	if dia != dialect.Postgres {
		cond += " AND julianday(created_at) IS NOT NULL" // text the date functions cannot read is left as it is
	}
	res, err := tx.ExecContext(ctx, `UPDATE ratings SET updated_at = CASE WHEN updated_at = created_at THEN `+day("created_at")+
		` ELSE updated_at END, created_at = `+day("created_at")+` WHERE `+cond)
	if err != nil {
		return 0, fmt.Errorf("ratings: dating anonymous ratings to the day: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// The agency's zone (workcal): China keeps UTC+8 all year.
const (
	zone       = "Asia/Shanghai"
	zoneOffset = 8 * 3600
)

// hashIdempotencyKeys stores the idempotency keys kept in clear by earlier
// releases as new ratings store them (raterkey.Idempotency).
func hashIdempotencyKeys(ctx context.Context, tx *ent.Client, dia string, secret []byte) error {
	var rows []struct {
		ID  int    `json:"id"`
		Key string `json:"idempotency_key"`
	}
	err := tx.Rating.Query().Where(rating.IdempotencyKeyNotNil()).
		Select(rating.FieldID, rating.FieldIdempotencyKey).Scan(ctx, &rows)
	if err != nil {
		return err
	}
	b := entsql.Dialect(dia)
	for _, r := range rows {
		q, args := b.Update(rating.Table).Set(rating.FieldIdempotencyKey, raterkey.Idempotency(secret, r.Key)).
			Where(entsql.EQ(rating.FieldID, r.ID)).Query()
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("ratings: idempotency keys: %w", err)
		}
	}
	return nil
}

// foldAnonymousAudit replaces the audit rows of anonymous acts (the
// anonymous actions without actor) by their per-day tally.
func foldAnonymousAudit(ctx context.Context, tx *ent.Client) (int, error) {
	anonymous := []predicate.AuditLog{auditlog.ActionIn(anonymousActions...), auditlog.ActorAccountIDIsNil()}
	rows, err := tx.AuditLog.Query().Where(anonymous...).All(ctx)
	if err != nil {
		return 0, err
	}
	type dayAction struct {
		day    workcal.Date
		action string
	}
	n := map[dayAction]int{}
	var order []dayAction
	for _, r := range rows {
		k := dayAction{workcal.DateOf(r.At), r.Action}
		if n[k] == 0 {
			order = append(order, k)
		}
		n[k]++
	}
	// in day order: the tally's ids say no more than its days
	slices.SortFunc(order, func(a, b dayAction) int {
		if c := a.day.Compare(b.day); c != 0 {
			return c
		}
		return strings.Compare(a.action, b.action)
	})
	for _, k := range order {
		if err := audit.Tally(ctx, tx, k.action, k.day.Start(), n[k]); err != nil {
			return 0, err
		}
	}
	if _, err := tx.AuditLog.Delete().Where(anonymous...).Exec(ctx); err != nil {
		return 0, err
	}
	return len(rows), nil
}
