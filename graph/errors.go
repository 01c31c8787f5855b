package graph

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"xiaoneng/internal/reqid"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
)

// presentError gives every error an extensions.code (and field for bad
// input; malformed arguments, variables and literals are named by their
// argument path, graph/inputerrors.go). Errors the caller is not meant to
// see become INTERNAL with a neutral message; the original is logged.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	code, field, msg := classify(err)
	if f, m, ok := badArgument(ctx, err); ok {
		code, field, msg = apperr.BadUserInput, f, m
	} else if code == apperr.BadUserInput && field == "" {
		field = requestErrorField(ctx, err)
	}
	switch {
	case code == apperr.Internal && errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// the client went away (closed the connection) before the answer:
		// nothing failed, and nobody reads this
		slog.DebugContext(ctx, "graphql request canceled by the client", "path", gqlErr.Path.String())
		msg = "request canceled"
	case code == apperr.Internal:
		slog.ErrorContext(ctx, "graphql internal error", "path", gqlErr.Path.String(), "err", err)
		msg = "internal error"
	}
	if msg != "" {
		gqlErr.Message = msg
	}
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	gqlErr.Extensions["code"] = string(code)
	if id := reqid.From(ctx); id != "" {
		gqlErr.Extensions["requestId"] = id // the log lines of this request carry it
	}
	if field != "" {
		gqlErr.Extensions["field"] = field
	}
	if e, ok := apperr.As(err); ok && e.Scope != "" {
		gqlErr.Extensions["scope"] = e.Scope
	}
	if e, ok := apperr.As(err); ok && e.Reason != "" {
		gqlErr.Extensions["reason"] = e.Reason
	}
	return gqlErr
}

func classify(err error) (code apperr.Code, field, msg string) {
	if e, ok := apperr.As(err); ok {
		return e.Code, e.Field, e.Message
	}
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		// Errors raised by gqlgen itself (argument coercion, validation).
		// Parse and validation failures (GRAPHQL_PARSE_FAILED,
		// GRAPHQL_VALIDATION_FAILED, complexity) are the caller's bad input;
		// codes of our own vocabulary pass through.
		switch c, _ := gqlErr.Extensions["code"].(string); apperr.Code(c) {
		case apperr.Unauthenticated, apperr.Forbidden, apperr.BadUserInput, apperr.NotFound, apperr.Conflict, apperr.RateLimited:
			return apperr.Code(c), "", ""
		}
		return apperr.BadUserInput, "", ""
	}
	var ve *ent.ValidationError
	switch {
	case errors.Is(err, privacy.Deny):
		return apperr.Forbidden, "", "此操作无权限 / not allowed for your role"
	case errors.Is(err, auth.ErrInvalidToken):
		return apperr.Unauthenticated, "", "登录已失效，请重新登录 / token invalid or expired"
	case errors.As(err, &ve):
		return apperr.BadUserInput, ve.Name, ve.Error()
	case isEmptyFilter(err):
		return apperr.BadUserInput, "where", "筛选条件为空 / an empty filter (such as not: {} or and: [{}]) filters nothing"
	case ent.IsNotFound(err):
		return apperr.NotFound, "", "未找到 / not found"
	case ent.IsConstraintError(err):
		return apperr.Conflict, "", "与已有数据冲突 / conflicts with existing data"
	case errors.Is(err, context.DeadlineExceeded), queryCanceled(err):
		return apperr.Timeout, "", "请求超时 / request timed out"
	case badValue(err):
		return apperr.BadUserInput, "", "值的格式不符 / a value does not have the form its field needs"
	}
	return apperr.Internal, "", ""
}

// badValue: PostgreSQL refused a value the caller sent for its form (text
// it cannot represent, a cursor's value of another type than its column, a
// date out of range). Only these codes: others of their class, such as a
// division by zero, are the server's faults.
func badValue(err error) bool {
	var pg interface{ SQLState() string }
	if !errors.As(err, &pg) {
		return false
	}
	switch pg.SQLState() {
	case "22021", // character_not_in_repertoire
		"22P02", // invalid_text_representation
		"22007", // invalid_datetime_format
		"22008": // datetime_field_overflow
		return true
	}
	return false
}

// isEmptyFilter says whether err comes from a where input with an empty
// part (not: {}, and: [{}], hasXWith: [{}]): ent's generated filters end
// such a chain with their ErrEmpty…WhereInput, one variable per type.
func isEmptyFilter(err error) bool {
	if err == nil {
		return false
	}
	for u := errors.Unwrap(err); u != nil; u = errors.Unwrap(u) {
		err = u
	}
	msg := err.Error()
	return strings.HasPrefix(msg, "ent: empty predicate ") && strings.HasSuffix(msg, "WhereInput")
}

// recoverPanic turns a panic in a resolver into an INTERNAL error, logged with its value.
func recoverPanic(ctx context.Context, p any) error {
	slog.ErrorContext(ctx, "graphql panic", "panic", p)
	return apperr.New(apperr.Internal, "internal error")
}
