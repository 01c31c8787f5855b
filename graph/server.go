package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/graph/generated"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
)

// publicFields may be called without logging in.
var publicFields = map[string]bool{
	"login": true, "refreshToken": true, "logout": true,
	"fileComplaint": true, "complaintByTrackingCode": true, "publicDepartments": true,
	"__schema": true, "__type": true, "__typename": true,
}

// NewServer builds the GraphQL handler: POST and GET transports (GET for
// queries only), the query cache, automatic persisted queries, the limits
// on documents, variables and complexity (graph/budget.go), the response
// cache (when r has one), and the error presenter.
func NewServer(r *Resolver) *handler.Server {
	es := costedSchema{generated.NewExecutableSchema(generated.Config{Resolvers: r})}
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(boundedGET{}) // GET and POST counting the JSON values before decoding them (budget.go)
	srv.AddTransport(boundedPOST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	useLimits(srv, defaultLimits) // after APQ: a query sent by its hash is checked too
	if r.ResponseCache != nil {
		// After the limits: a cached answer is only ever given to an
		// operation they let through.
		srv.Use(r.ResponseCache)
	}
	srv.AroundRootFields(requireLogin)
	srv.AroundRootFields(r.fastPath) // after requireLogin
	// No AroundFields: a field middleware runs around every field of every
	// response (two closures each). The page size and the kept task count
	// are applied by the connection resolvers (checkPage, taskConnection).
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(recoverPanic)
	return srv
}

// requireLogin answers UNAUTHENTICATED for every root field but the public
// ones when there is no valid credential. The data layer denies anonymous
// reads anyway; this gives the caller the right code and message.
func requireLogin(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	fc := graphql.GetRootFieldContext(ctx)
	if fc != nil && !publicFields[fc.Object+"."+fc.Field.Name] && !publicFields[fc.Field.Name] {
		if _, err := requireViewer(ctx); err != nil {
			graphql.AddError(ctx, err)
			return graphql.Null
		}
	}
	return next(ctx)
}

// requireViewer returns the caller or UNAUTHENTICATED, saying whether a
// token was given but refused.
func requireViewer(ctx context.Context) (*auth.Viewer, error) {
	if v := auth.FromContext(ctx); v != nil {
		return v, nil
	}
	if err := auth.AuthErrorFromContext(ctx); err != nil {
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
