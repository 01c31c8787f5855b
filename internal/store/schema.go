package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
)

// Schema is a database's migration state measured against this binary's
// migrations (schema_migrations against the embedded files).
type Schema struct {
	// Tracked is false when the database has no schema_migrations table
	// (an empty database, or not one of this product's).
	Tracked bool
	// Applied is the number of migrations the database records.
	Applied int
	// Version is the newest version it records ("" when none).
	Version string
	// Latest is the newest version this binary has.
	Latest string
	// Pending are this binary's versions it does not record yet, oldest
	// first: the next open applies them.
	Pending []string
	// Unknown are the versions it records that this binary does not have:
	// written by a newer release (or another branch).
	Unknown []string
}

// ReadSchema reads db's schema_migrations and compares it with the
// embedded migrations of the dialect. It writes nothing.
func ReadSchema(ctx context.Context, db *sql.DB, dia string) (Schema, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if dia == dialect.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`
	}
	files, err := migrationFiles(migrationDir(dia))
	if err != nil {
		return Schema{}, err
	}
	var s Schema
	known := map[string]bool{}
	for _, f := range files {
		known[f.Version()] = true
		s.Latest = max(s.Latest, f.Version())
	}
	var n int
	if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return s, fmt.Errorf("reading the schema version: %w", err)
	}
	applied := map[string]bool{}
	if n > 0 {
		s.Tracked = true
		rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
		if err != nil {
			return s, fmt.Errorf("reading the schema version: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return s, err
			}
			applied[v] = true
			s.Applied++
			s.Version = max(s.Version, v)
			if !known[v] {
				s.Unknown = append(s.Unknown, v)
			}
		}
		if err := rows.Err(); err != nil {
			return s, err
		}
	}
	for _, f := range files {
		if !applied[f.Version()] {
			s.Pending = append(s.Pending, f.Version())
		}
	}
	return s, nil
}

// Known refuses a database holding migrations this binary does not have:
// a newer release wrote it, and this one would run on a schema it does not
// know (and record its own migrations beside the newer ones).
func (s Schema) Known() error {
	if len(s.Unknown) == 0 {
		return nil
	}
	newest := s.Unknown[len(s.Unknown)-1]
	if newest > s.Latest {
		return fmt.Errorf("the database has schema version %s, newer than this server's %s (%d migrations it does not know: %s): "+
			"a newer release wrote it; use that release (or a later one)", newest, s.Latest, len(s.Unknown), strings.Join(s.Unknown, ", "))
	}
	return fmt.Errorf("the database records migrations this server does not have (%s; this server's newest is %s): "+
		"another build of the product wrote it; use that build", strings.Join(s.Unknown, ", "), s.Latest)
}
