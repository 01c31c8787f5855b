package rollup

import (
	"context"
	"fmt"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rowcount"
)

// TasksTable is the row_counts key of the task count.
const TasksTable = "tasks"

// CountHook keeps row_counts[table] equal to the number of rows of the
// entity it is registered on: every create adds one, every delete takes
// away what it removed. Inside a transaction the count is moved by one
// statement just before the commit, so the row is locked only for the
// commit itself (concurrent creators queue there, briefly, rather than
// for their whole transaction). Deferred writers recount with Recount.
func CountHook(table string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			op := m.Op()
			if isDeferred(ctx) || !(op.Is(ent.OpCreate) || op.Is(ent.OpDelete) || op.Is(ent.OpDeleteOne)) {
				return next.Mutate(ctx, m)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return v, err
			}
			var delta int64 = 1
			switch {
			case op.Is(ent.OpDeleteOne):
				delta = -1
			case op.Is(ent.OpDelete):
				n, _ := v.(int)
				delta = -int64(n)
			}
			if delta == 0 {
				return v, nil
			}
			sys := privacy.DecisionContext(ctx, privacy.Allow)
			if tx, err := txOf(m); err == nil {
				tx.OnCommit(func(next ent.Committer) ent.Committer {
					return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
						if err := addCount(sys, tx.Client(), table, delta); err != nil {
							return err
						}
						return next.Commit(ctx, tx)
					})
				})
				return v, nil
			}
			if err := addCount(sys, clientOf(m), table, delta); err != nil {
				return nil, err
			}
			return v, nil
		})
	}
}

func txOf(m ent.Mutation) (*ent.Tx, error) {
	if tm, ok := m.(interface{ Tx() (*ent.Tx, error) }); ok {
		return tm.Tx()
	}
	return nil, fmt.Errorf("rollup: %T has no transaction", m)
}

func clientOf(m ent.Mutation) *ent.Client {
	if cm, ok := m.(interface{ Client() *ent.Client }); ok {
		return cm.Client()
	}
	return nil
}

func addCount(ctx context.Context, c *ent.Client, table string, delta int64) error {
	if c == nil {
		return fmt.Errorf("rollup: no client to count %s", table)
	}
	err := c.RowCount.Create().SetTableName(table).SetRows(delta).
		OnConflictColumns(rowcount.FieldTableName).AddRows(delta).Exec(ctx)
	if err != nil {
		return fmt.Errorf("rollup: counting %s: %w", table, err)
	}
	return nil
}

// Count returns row_counts[table] and whether it is kept (the row exists).
func Count(ctx context.Context, c *ent.Client, table string) (int64, bool, error) {
	rc, err := c.RowCount.Query().Where(rowcount.TableName(table)).Only(privacy.DecisionContext(ctx, privacy.Allow))
	if ent.IsNotFound(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return rc.Rows, true, nil
}

// Recount sets row_counts["tasks"] to the number of tasks.
func Recount(ctx context.Context, db Querier) error {
	if _, err := db.ExecContext(ctx, `DELETE FROM row_counts WHERE table_name = '`+TasksTable+`'`); err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	_, err := db.ExecContext(ctx, `INSERT INTO row_counts (table_name, `+"\"rows\""+`) SELECT '`+TasksTable+`', COUNT(*) FROM tasks`)
	if err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	return nil
}

// RecountClient is Recount through an ent client (inside an ent transaction).
func RecountClient(ctx context.Context, c *ent.Client) error {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	n, err := c.Task.Query().Count(ctx)
	if err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	err = c.RowCount.Create().SetTableName(TasksTable).SetRows(int64(n)).
		OnConflictColumns(rowcount.FieldTableName).UpdateRows().Exec(ctx)
	if err != nil {
		return fmt.Errorf("rollup: %w", err)
	}
	return nil
}
