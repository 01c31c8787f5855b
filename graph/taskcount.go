package graph

import (
	"context"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/ent"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/rollup"
)

// taskTotalCount answers `tasks { totalCount }` from the kept task count
// (rollup.CountHook) instead of COUNT(*) over the whole table, when that
// is the same number: the root `tasks` connection without a `where`, for a
// viewer whose access rule lets every task through (ADMIN, or a LEADER or
// STAFF of the root department). Counting a million rows costs tens of
// milliseconds; reading the count, a fraction of one.
//
// entgql's Paginate counts when totalCount or pageInfo is selected; the
// resolver is given a field context without them (pageInfo is built from
// the page either way), and the count is filled in afterwards.
func (r *Resolver) taskTotalCount(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Object != "Query" || fc.Field.Name != "tasks" || fc.Field.Field == nil {
		return next(ctx)
	}
	if w, ok := fc.Args["where"].(*ent.TaskWhereInput); ok && w != nil {
		return next(ctx)
	}
	v := auth.FromContext(ctx)
	if v == nil || !v.HasScope(auth.ScopeReadTasks) ||
		!(v.IsAdmin() || (v.AllDepartments && (v.Role == auth.RoleLeader || v.Role == auth.RoleStaff))) {
		return next(ctx)
	}
	var keep ast.SelectionSet
	counted, edges := false, false
	for _, sel := range fc.Field.Selections {
		f, ok := sel.(*ast.Field)
		if !ok {
			return next(ctx) // fragments: keep the general path
		}
		if f.Name == "totalCount" || f.Name == "pageInfo" {
			counted = counted || f.Name == "totalCount"
			continue
		}
		edges = edges || f.Name == "edges"
		keep = append(keep, sel)
	}
	if !counted {
		return next(ctx)
	}
	n, ok, err := rollup.Count(ctx, r.Client, rollup.TasksTable)
	if err != nil || !ok {
		if err != nil {
			slog.WarnContext(ctx, "reading the task count", "err", err)
		}
		return next(ctx)
	}
	inner := *fc
	field := *fc.Field.Field
	field.SelectionSet = keep
	inner.Field.Field = &field
	inner.Field.Selections = keep
	res, err := next(graphql.WithFieldContext(ctx, &inner))
	conn, ok := res.(*ent.TaskConnection)
	if err != nil || !ok || conn == nil {
		return res, err
	}
	conn.TotalCount = int(n)
	first, _ := fc.Args["first"].(*int)
	last, _ := fc.Args["last"].(*int)
	if !edges || (first != nil && *first == 0) || (last != nil && *last == 0) {
		// no page was read: what Paginate says then
		conn.PageInfo.HasNextPage = first != nil && n > 0
		conn.PageInfo.HasPreviousPage = last != nil && n > 0
	}
	return conn, nil
}
