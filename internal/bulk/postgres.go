package bulk

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/lib/pq"
)

// Deferred is what DeferIndexes set aside: the secondary indexes and the
// foreign keys of some tables, to be rebuilt in bulk after the load.
type Deferred struct {
	indexes []string // CREATE INDEX statements
	fks     []fk
}

type fk struct{ table, name, def string }

// DeferIndexes drops, inside tx, the secondary indexes (everything but
// the primary keys) and the foreign keys of tables on PostgreSQL, and
// returns what Restore recreates. Building an index once over loaded rows
// is several times faster than maintaining it row by row, and re-adding a
// foreign key checks all rows in one join instead of one lookup per row.
// Since it all happens in the load's transaction, a failed load leaves the
// schema as it was.
func DeferIndexes(ctx context.Context, tx *sql.Tx, tables []string) (*Deferred, error) {
	d := &Deferred{}
	rows, err := tx.QueryContext(ctx, `
SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c
WHERE c.contype = 'f' AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))
ORDER BY 1, 2`, pq.Array(tables))
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f fk
		if err := rows.Scan(&f.table, &f.name, &f.def); err != nil {
			rows.Close()
			return nil, err
		}
		d.fks = append(d.fks, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `
SELECT i.indexname, i.indexdef
FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
ORDER BY i.tablename, i.indexname`, pq.Array(tables))
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, name)
		d.indexes = append(d.indexes, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, f := range d.fks {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %s DROP CONSTRAINT %s`, f.table, pq.QuoteIdentifier(f.name))); err != nil {
			return nil, err
		}
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+pq.QuoteIdentifier(n)); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Steps is the number of statements Restore runs (for progress).
func (d *Deferred) Steps() int { return len(d.indexes) + len(d.fks) }

// Restore recreates the indexes, then the foreign keys (which validates
// every loaded row); step is called after each statement.
func (d *Deferred) Restore(ctx context.Context, tx *sql.Tx, step func(done int, stmt string)) error {
	if _, err := tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
		return err
	}
	n := 0
	for _, s := range d.indexes {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		n++
		if step != nil {
			step(n, s)
		}
	}
	for _, f := range d.fks {
		s := fmt.Sprintf(`ALTER TABLE %s ADD CONSTRAINT %s %s`, f.table, pq.QuoteIdentifier(f.name), f.def)
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
		n++
		if step != nil {
			step(n, s)
		}
	}
	return nil
}
