package graph

import (
	"context"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// logOperation writes a line at info level for each GraphQL response: the
// operation's type and name, how long it took and the codes of its errors.
// With the request id (internal/reqid) it ties what a caller saw to the log.
func logOperation(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	name, kind := oc.OperationName, ""
	if oc.Operation != nil {
		kind = string(oc.Operation.Operation)
		if name == "" {
			name = oc.Operation.Name
		}
	}
	if name == "" {
		name = "(anonymous)"
	}
	attrs := []any{"type", kind, "operation", name, "took", time.Since(oc.Stats.OperationStart).Round(time.Microsecond)}
	if resp != nil && len(resp.Errors) > 0 {
		codes := make([]string, 0, len(resp.Errors))
		for _, e := range resp.Errors {
			c, _ := e.Extensions["code"].(string)
			codes = append(codes, c)
		}
		attrs = append(attrs, "errors", codes)
	}
	slog.InfoContext(ctx, "graphql", attrs...)
	return resp
}
