package graph

import (
	"context"
	"log/slog"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/ent"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/rollup"
)

// taskConnection answers the root `tasks` connection, with `totalCount` read
// from the kept task count (rollup.CountHook) instead of COUNT(*) over the
// whole table when that is the same number: no `where`, and a viewer whose
// access rule lets every task through (rule.SeesEveryTask). Counting a
// million rows costs tens of milliseconds; reading the count, a fraction of
// one. first has been through checkPage.
//
// entgql's Paginate counts when totalCount or pageInfo is selected; it is
// given a field context without them (pageInfo is built from the page
// either way), and the count is filled in afterwards.
func (r *Resolver) taskConnection(ctx context.Context, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int,
	orderBy *ent.TaskOrder, where *ent.TaskWhereInput) (*ent.TaskConnection, error) {
	paginate := func(ctx context.Context) (*ent.TaskConnection, error) {
		q := r.Client.Task.Query()
		if nodesSelect(ctx, "timeline") {
			// timeline is not an edge entgql knows (it orders the events):
			// the page's events in one query, not one query per task
			q.WithEvents()
		}
		return q.Paginate(ctx, after, first, before, last,
			ent.WithTaskOrder(orderBy), ent.WithTaskFilter(where.Filter))
	}
	fc := graphql.GetFieldContext(ctx)
	if where != nil || fc == nil || fc.Field.Field == nil {
		return paginate(ctx)
	}
	v := auth.FromContext(ctx)
	if !rule.SeesEveryTask(v) || !v.HasScope(auth.ScopeReadTasks) {
		return paginate(ctx)
	}
	var keep ast.SelectionSet
	counted, edges := false, false
	for _, sel := range fc.Field.Selections {
		f, ok := sel.(*ast.Field)
		if !ok {
			return paginate(ctx) // fragments: keep the general path
		}
		if f.Name == "totalCount" || f.Name == "pageInfo" {
			counted = counted || f.Name == "totalCount"
			continue
		}
		edges = edges || f.Name == "edges"
		keep = append(keep, sel)
	}
	if !counted {
		return paginate(ctx)
	}
	n, ok, err := rollup.Count(ctx, r.Client, rollup.TasksTable)
	if err != nil || !ok {
		if err != nil && ctx.Err() == nil { // (not when the client went away)
			slog.WarnContext(ctx, "reading the task count", "err", err)
		}
		return paginate(ctx)
	}
	inner := *fc
	field := *fc.Field.Field
	field.SelectionSet = keep
	inner.Field.Field = &field
	inner.Field.Selections = keep
	conn, err := paginate(graphql.WithFieldContext(ctx, &inner))
	if err != nil || conn == nil {
		return conn, err
	}
	conn.TotalCount = int(n)
	if !edges || (first != nil && *first == 0) || (last != nil && *last == 0) {
		// no page was read: what Paginate says then
		conn.PageInfo.HasNextPage = first != nil && n > 0
		conn.PageInfo.HasPreviousPage = last != nil && n > 0
	}
	return conn, nil
}

// nodesSelect reports whether the connection being resolved asks for field
// on its nodes (edges { node { field } }), through fragments and
// @include/@skip as gqlgen collects them.
func nodesSelect(ctx context.Context, field string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return false
	}
	oc := graphql.GetOperationContext(ctx)
	for _, e := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if e.Name != "edges" {
			continue
		}
		for _, n := range graphql.CollectFields(oc, e.Selections, nil) {
			if n.Name != "node" {
				continue
			}
			for _, f := range graphql.CollectFields(oc, n.Selections, nil) {
				if f.Name == field {
					return true
				}
			}
		}
	}
	return false
}
