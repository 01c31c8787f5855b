// Command migrategen writes a new versioned migration for each dialect when
// the ent schema differs from what the checked-in migrations build. It
// replays the existing files on an empty dev database (in-memory SQLite, and
// the PostgreSQL server at DATABASE_URL) and diffs the result with the schema.
//
//	scripts/with-postgres.sh go run ./internal/store/migrategen [name]
package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"

	atlasmigrate "ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite"

	"xiaoneng/ent/migrate"
)

func main() {
	name := "changes"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	ctx := context.Background()
	if err := diff(ctx, dialect.SQLite, "sqlite", "file:dev?mode=memory&_pragma=foreign_keys(1)", "ent/migrate/migrations/sqlite", name); err != nil {
		log.Fatalf("sqlite: %v", err)
	}
	pgURL := os.Getenv("DATABASE_URL")
	if pgURL == "" {
		log.Fatal("DATABASE_URL must point at an empty PostgreSQL database (run through scripts/with-postgres.sh)")
	}
	if err := diff(ctx, dialect.Postgres, "postgres", pgURL, "ent/migrate/migrations/postgres", name); err != nil {
		log.Fatalf("postgres: %v", err)
	}
}

func diff(ctx context.Context, dialectName, driverName, dsn, dirPath, name string) error {
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory SQLite database per connection
	dir, err := atlasmigrate.NewLocalDir(dirPath)
	if err != nil {
		return err
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dialectName, db),
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dialectName),
		schema.WithFormatter(atlasmigrate.DefaultFormatter),
		schema.WithDropIndex(true),
		schema.WithDropColumn(true),
	)
	if err != nil {
		return err
	}
	if err := m.NamedDiff(ctx, name, migrate.Tables...); err != nil {
		return fmt.Errorf("diff: %w", err)
	}
	return nil
}
