package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/graph/generated"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/session"
)

// introspection may be called without logging in: the schema is public
// documentation. Other public fields say so with @public.
var introspectionFields = map[string]bool{"__schema": true, "__type": true, "__typename": true}

// NewServer builds the GraphQL handler: POST and GET transports (GET for
// queries only), the query cache, automatic persisted queries, the limits
// on documents, variables and complexity (graph/budget.go), the response
// cache (when r has one), and the error presenter.
func NewServer(r *Resolver) *handler.Server {
	es := costedSchema{generated.NewExecutableSchema(generated.Config{Resolvers: r})}
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(getTransport{}) // GET and POST count a request's JSON values before decoding them
	srv.AddTransport(postTransport{})
	srv.AddTransport(unsupportedTransport{}) // last: answers what the others do not serve
	srv.SetQueryCache(newWeighedCache(queryCacheTextBytes, func(query string, _ *ast.QueryDocument) int { return len(query) + 64 }))
	srv.AroundResponses(logOperation) // first: it sees the answers from the response cache too
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: newWeighedCache(apqCacheTextBytes, func(hash, query string) int { return len(hash) + len(query) })})
	useLimits(srv, defaultLimits) // after APQ: a query sent by its hash is checked too
	if r.ResponseCache != nil {
		// After the limits: a cached answer is only ever given to an
		// operation they let through.
		srv.Use(r.ResponseCache)
	}
	srv.AroundRootFields(requireCredential)
	srv.AroundRootFields(r.fastPath) // after requireCredential
	// No AroundFields: a field middleware runs around every field of every
	// response (two closures each). The page size and the kept task count
	// are applied by the connection resolvers (checkPage, taskConnection).
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(recoverPanic)
	return srv
}

// requireCredential checks the credential a root field declares (the
// directives of graph/schema.graphqls) before it runs: @public fields and
// introspection are open; every other field answers UNAUTHENTICATED without
// a valid credential; @sessionOnly refuses API tokens and @scope(name) tokens
// without that scope (FORBIDDEN, extensions.scope). A mutation that declares
// nothing is refused: a new one must say what it needs. The data layer's
// privacy rules check the same credentials again on every row they write.
func requireCredential(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	fc := graphql.GetRootFieldContext(ctx)
	if fc == nil || introspectionFields[fc.Field.Name] {
		return next(ctx)
	}
	// RootFieldContext.Object holds the field's name, not its type: the
	// operation says whether this is a mutation.
	object := "Query"
	if oc := graphql.GetOperationContext(ctx); oc != nil && oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
		object = "Mutation"
	}
	if err := checkCredential(ctx, object, fc.Field.Definition); err != nil {
		graphql.AddError(ctx, err)
		return graphql.Null
	}
	return next(ctx)
}

// checkCredential is requireCredential's decision for one root field.
func checkCredential(ctx context.Context, object string, def *ast.FieldDefinition) error {
	d := credentialOf(def)
	if d.public {
		return nil
	}
	v, err := requireViewer(ctx)
	if err != nil {
		return err
	}
	if v.MustChangePassword && !whilePasswordChangeRequired[object+"."+def.Name] {
		return &apperr.Error{Code: apperr.Forbidden, Reason: apperr.ReasonPasswordChangeRequired,
			Message: "请先修改初始密码 / change your password first (changePassword)"}
	}
	switch {
	case d.sessionOnly:
		if v.TokenID != 0 {
			return apperr.Forbiddenf("只能在登录会话中操作，接口令牌不可用 / only from a login session, not with an API token")
		}
	case d.scope != "":
		if !v.HasScope(d.scope) {
			return &apperr.Error{Code: apperr.Forbidden, Scope: d.scope,
				Message: fmt.Sprintf("接口令牌缺少权限范围 %s / the API token lacks the scope %s", d.scope, d.scope)}
		}
	case object == "Mutation":
		slog.ErrorContext(ctx, "mutation declares no credential", "field", def.Name)
		return apperr.Forbiddenf("this operation declares no credential")
	}
	return nil
}

// whilePasswordChangeRequired are the root fields (besides @public ones:
// logout, refreshToken) a session whose password an administrator set may
// use before changing it.
var whilePasswordChangeRequired = map[string]bool{"Query.viewer": true, "Mutation.changePassword": true}

// credential is what a field declares with @public, @sessionOnly or @scope.
type credential struct {
	public, sessionOnly bool
	scope               string
}

func credentialOf(def *ast.FieldDefinition) credential {
	var c credential
	if def == nil {
		return c
	}
	c.public = def.Directives.ForName("public") != nil
	c.sessionOnly = def.Directives.ForName("sessionOnly") != nil
	if d := def.Directives.ForName("scope"); d != nil {
		if a := d.Arguments.ForName("name"); a != nil && a.Value != nil {
			c.scope = a.Value.Raw
		}
	}
	return c
}

// requireViewer returns the caller or UNAUTHENTICATED, saying whether a
// token was given but refused.
func requireViewer(ctx context.Context) (*auth.Viewer, error) {
	if v := auth.FromContext(ctx); v != nil {
		return v, nil
	}
	if err := auth.AuthErrorFromContext(ctx); err != nil {
		if errors.Is(err, session.ErrAccountDisabled) {
			return nil, session.DisabledError()
		}
		if !auth.IsInvalidToken(err) {
			// The credentials could not be checked (the database failed):
			// an internal error, not a reason for the client to log out.
			return nil, fmt.Errorf("checking the credentials: %w", err)
		}
		return nil, apperr.New(apperr.Unauthenticated, "登录已失效，请重新登录 / token invalid or expired")
	}
	return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
}

// RequestTimeout bounds one GraphQL request.
const RequestTimeout = 30 * time.Second
