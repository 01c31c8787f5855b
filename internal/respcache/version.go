package respcache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"xiaoneng/ent"
	"xiaoneng/ent/apitoken"
)

// The data version is one counter (data_versions, row id 1) moved by every
// committed write in the writing transaction. An upsert, so that it also
// works on a database that has no row yet; the same text on both dialects.
const bumpSQL = `INSERT INTO data_versions (id, version) VALUES (1, 1) ` +
	`ON CONFLICT (id) DO UPDATE SET version = data_versions.version + 1`

const versionSQL = `SELECT version FROM data_versions WHERE id = 1`

// Execer runs a statement: *sql.DB, *sql.Tx, *sql.Conn, *ent.Client, *ent.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Querier reads a row: *sql.DB, *sql.Tx, *sql.Conn.
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Bump moves the data version on. Writers that bypass ent (bulk loads, raw
// SQL) call it after their writes, in their transaction when they have one;
// ent mutations are covered by Hook.
func Bump(ctx context.Context, db Execer) error {
	if db == nil {
		return errors.New("respcache: no database to bump the data version in")
	}
	if _, err := db.ExecContext(ctx, bumpSQL); err != nil {
		return fmt.Errorf("respcache: bumping the data version: %w", err)
	}
	return nil
}

// Current reads the data version (0 before the first write).
func Current(ctx context.Context, db Querier) (int64, error) {
	var v int64
	err := db.QueryRowContext(ctx, versionSQL).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("respcache: reading the data version: %w", err)
	}
	return v, nil
}

// unseen are the entities whose writes change no cached answer: the version
// itself, refresh tokens (not in the schema; rotated every quarter of an
// hour per session, which would otherwise empty the cache that often), and
// import batches (read only by fields in Deny; a running batch writes its
// progress every second). An entity that becomes readable through a cached
// field must leave this list.
var unseen = map[string]bool{ent.TypeDataVersion: true, ent.TypeRefreshToken: true, ent.TypeImportBatch: true}

// lastUseOnly: an API token's last-use stamp, written on the token's first
// request of each minute, would otherwise empty every cache whenever a script
// calls; the token list shows it at most the cache's TTL late.
func lastUseOnly(m ent.Mutation) bool {
	if m.Type() != ent.TypeApiToken {
		return false
	}
	for _, f := range m.Fields() {
		if f != apitoken.FieldLastUsedAt && f != apitoken.FieldUpdatedAt {
			return false
		}
	}
	return len(m.AddedFields()) == 0 && len(m.ClearedFields()) == 0
}

// Hook bumps the data version for every ent mutation but those of the
// unseen entities: inside a transaction once, just before it commits (a
// rolled-back transaction bumps nothing); outside one, right after the
// mutation succeeded. store.Open registers it on every client.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if unseen[m.Type()] || lastUseOnly(m) {
				return next.Mutate(ctx, m)
			}
			if tm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
				if tx, err := tm.Tx(); err == nil {
					// Registered before the mutation runs: should it fail
					// and the caller commit anyway, bumping is harmless.
					tx.OnCommit(bumpOnCommit)
					return next.Mutate(ctx, m)
				}
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			cm, ok := m.(interface{ Client() *ent.Client })
			if !ok {
				return v, fmt.Errorf("respcache: %T has no client to bump the data version with", m)
			}
			return v, Bump(ctx, cm.Client())
		})
	}
}

// bumpedKey marks, in the context passed down a commit's chain of hooks,
// the transaction whose version was bumped. Every mutation in a
// transaction registers bumpOnCommit (ent hands each mutation a new *ent.Tx
// value over the same transaction, and the shared part is not exported, so
// they cannot be told apart when registering); the outermost of them bumps
// and the others see the mark, so a transaction bumps exactly once, and a
// rolled-back one leaves nothing behind.
type bumpedKey struct{}

func bumpOnCommit(next ent.Committer) ent.Committer {
	return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
		if ctx.Value(bumpedKey{}) != tx {
			if err := Bump(ctx, tx); err != nil {
				return err
			}
			ctx = context.WithValue(ctx, bumpedKey{}, tx)
		}
		return next.Commit(ctx, tx)
	})
}
