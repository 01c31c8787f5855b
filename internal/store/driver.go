package store

import (
	"context"
	"database/sql"
	"errors"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// rewrite changes a statement and its arguments before they are sent.
type rewrite func(query string, args []any) (string, []any)

// rewritingDriver applies ent to the statements ent builds (Exec, Query)
// and raw to raw SQL (ExecContext, QueryContext, which ent.Client's raw
// methods look for on the driver), in and out of transactions; a nil
// rewrite sends the statement as it is.
type rewritingDriver struct {
	*entsql.Driver
	ent, raw rewrite
}

func (r rewrite) apply(query string, args any) (string, any) {
	list, ok := args.([]any)
	if r == nil || !ok {
		return query, args
	}
	return r(query, list)
}

func (r rewrite) exec(ctx context.Context, to dialect.ExecQuerier, query string, args, v any) error {
	query, args = r.apply(query, args)
	return to.Exec(ctx, query, args, v)
}

func (r rewrite) query(ctx context.Context, to dialect.ExecQuerier, query string, args, v any) error {
	query, args = r.apply(query, args)
	return to.Query(ctx, query, args, v)
}

func (r rewrite) applyList(query string, args []any) (string, []any) {
	if r == nil {
		return query, args
	}
	return r(query, args)
}

func (d rewritingDriver) Exec(ctx context.Context, query string, args, v any) error {
	return d.ent.exec(ctx, d.Driver, query, args, v)
}

func (d rewritingDriver) Query(ctx context.Context, query string, args, v any) error {
	return d.ent.query(ctx, d.Driver, query, args, v)
}

func (d rewritingDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query, args = d.raw.applyList(query, args)
	return d.Driver.ExecContext(ctx, query, args...)
}

func (d rewritingDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args = d.raw.applyList(query, args)
	return d.Driver.QueryContext(ctx, query, args...)
}

func (d rewritingDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.BeginTx(ctx, nil)
}

func (d rewritingDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	tx, err := d.Driver.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return rewritingTx{tx, d.ent, d.raw}, nil
}

type rewritingTx struct {
	dialect.Tx
	ent, raw rewrite
}

func (t rewritingTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.ent.exec(ctx, t.Tx, query, args, v)
}

func (t rewritingTx) Query(ctx context.Context, query string, args, v any) error {
	return t.ent.query(ctx, t.Tx, query, args, v)
}

// ExecContext and QueryContext let raw SQL run inside an ent transaction
// (ent.Client.ExecContext/QueryContext look for them on the driver).
func (t rewritingTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ex, ok := t.Tx.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return nil, errNoRawSQL
	}
	query, args = t.raw.applyList(query, args)
	return ex.ExecContext(ctx, query, args...)
}

func (t rewritingTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, ok := t.Tx.(interface {
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	})
	if !ok {
		return nil, errNoRawSQL
	}
	query, args = t.raw.applyList(query, args)
	return q.QueryContext(ctx, query, args...)
}

var errNoRawSQL = errors.New("store: the transaction does not run raw SQL")
