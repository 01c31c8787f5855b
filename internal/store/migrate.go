package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"xiaoneng/ent/migrate/migrations"
	"xiaoneng/internal/respcache"
)

// Migrate applies the checked-in migrations of the dialect that the database
// has not seen yet, each in its own transaction, and records them in
// schema_migrations. It reports whether the database was empty before.
// On PostgreSQL an advisory lock keeps concurrent replicas from racing.
func Migrate(ctx context.Context, db *sql.DB, dia string) (fresh bool, err error) {
	return migrate(ctx, db, dia, "")
}

// MigrateBefore applies the migrations before the first file whose name
// ends in stop: the database as an older release left it (the upgrade
// tests build such databases).
func MigrateBefore(ctx context.Context, db *sql.DB, dia, stop string) (fresh bool, err error) {
	return migrate(ctx, db, dia, stop)
}

// MigrationNames are the names of the dialect's migration files, in the
// order they apply.
func MigrationNames(dia string) ([]string, error) {
	files, err := migrationFiles(migrationDir(dia))
	if err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name()
	}
	return names, nil
}

func migrationDir(dia string) string {
	if dia == dialect.Postgres {
		return "postgres"
	}
	return "sqlite"
}

// migrate is Migrate, stopping before the first file whose name ends in
// stop (for the upgrade tests), or applying all when stop is empty.
func migrate(ctx context.Context, db *sql.DB, dia, stop string) (fresh bool, err error) {
	files, err := migrationFiles(migrationDir(dia))
	if err != nil {
		return false, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if dia == dialect.Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(72011)`); err != nil {
			return false, fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(72011)`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR(64) PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)`); err != nil {
		return false, fmt.Errorf("creating schema_migrations: %w", err)
	}
	applied := map[string]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return false, err
		}
		applied[v] = true
	}
	rows.Close()
	fresh = len(applied) == 0
	moved := false
	for _, f := range files {
		if stop != "" && strings.HasSuffix(f.Name(), stop) {
			break
		}
		if applied[f.Version()] {
			continue
		}
		if err := applyFile(ctx, conn, dia, f); err != nil {
			return fresh, fmt.Errorf("migration %s: %w", f.Name(), err)
		}
		moved = true
	}
	// A migration may rewrite rows (backfills): the response caches of
	// replicas still running must not keep answers from before it.
	if moved && !fresh && stop == "" {
		if err := respcache.Bump(ctx, conn); err != nil {
			return fresh, err
		}
	}
	return fresh, nil
}

func migrationFiles(dirName string) ([]atlasmigrate.File, error) {
	sub, err := fs.Sub(migrations.FS, dirName)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	var files []atlasmigrate.File
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		files = append(files, atlasmigrate.NewLocalFile(e.Name(), b))
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name() < files[j].Name() })
	return files, nil
}

// fkPragma matches the statements with which atlas brackets a SQLite
// table rebuild ("PRAGMA foreign_keys = off;" … "= on;").
func fkPragma(stmt string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(stmt)), "pragma foreign_keys")
}

func applyFile(ctx context.Context, conn *sql.Conn, dia string, f atlasmigrate.File) error {
	stmts, err := f.Stmts()
	if err != nil {
		return err
	}
	// A SQLite table rebuild (copy, DROP, rename) needs the foreign keys off
	// while the table is gone: rows of other tables still point at its rows.
	// SQLite ignores that pragma inside a transaction, so it is set on the
	// connection around it, and the keys are checked before the commit.
	rebuild := false
	if dia != dialect.Postgres {
		for _, s := range stmts {
			rebuild = rebuild || fkPragma(s)
		}
	}
	if rebuild {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = off`); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = on`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range stmts {
		if rebuild && fkPragma(s) {
			continue
		}
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%w\n%s", err, s)
		}
	}
	if rebuild {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return err
		}
	}
	q := `INSERT INTO schema_migrations (version) VALUES (?)`
	if dia == dialect.Postgres {
		q = `INSERT INTO schema_migrations (version) VALUES ($1)`
	}
	if _, err := tx.ExecContext(ctx, q, f.Version()); err != nil {
		return err
	}
	return tx.Commit()
}

// foreignKeyCheck fails when a row points at a row that does not exist
// (SQLite's PRAGMA foreign_key_check).
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		return fmt.Errorf("foreign key check: a row of %s (rowid %d) points at a missing row of %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}
