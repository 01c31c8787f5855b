package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// maxAuthHeaderBytes caps the Authorization header: the scheme plus the
// longest token Verify would look at.
const maxAuthHeaderBytes = len("Bearer ") + MaxTokenBytes

type authErrorKey struct{}

// WithAuthError records why the presented credentials were refused.
func WithAuthError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, authErrorKey{}, err)
}

// AuthErrorFromContext returns the recorded failure, or nil when the caller
// presented no credentials or valid ones. It lets the GraphQL layer answer
// "token invalid or expired" rather than "not logged in".
func AuthErrorFromContext(ctx context.Context) error {
	err, _ := ctx.Value(authErrorKey{}).(error)
	return err
}

// Middleware authenticates "Authorization: Bearer <token>". Tokens starting
// with APITokenPrefix go to resolveAPIToken, anything else is verified as a
// JWT and its claims passed to resolve. On success the Viewer is put in the
// request context.
//
// It never rejects a request: login, introspection and the public queries
// need no credentials, so the GraphQL layer decides per operation. A failure
// leaves the request anonymous and is recorded with WithAuthError. Resolvers
// should wrap ErrInvalidToken for unknown, revoked or disabled credentials and
// return other errors only for real failures (database down), so the GraphQL
// layer can tell UNAUTHENTICATED from INTERNAL.
func Middleware(
	signer *Signer,
	resolve func(ctx context.Context, claims *Claims) (*Viewer, error),
	resolveAPIToken func(ctx context.Context, plain string) (*Viewer, error),
) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			header := r.Header.Get("Authorization")
			if header == "" {
				next.ServeHTTP(w, r)
				return
			}
			ctx := r.Context()
			v, err := authenticate(ctx, header, signer, resolve, resolveAPIToken)
			if err != nil {
				ctx = WithAuthError(ctx, err)
			} else {
				ctx = NewContext(ctx, v)
			}
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

func authenticate(
	ctx context.Context,
	header string,
	signer *Signer,
	resolve func(context.Context, *Claims) (*Viewer, error),
	resolveAPIToken func(context.Context, string) (*Viewer, error),
) (*Viewer, error) {
	if len(header) > maxAuthHeaderBytes {
		return nil, fmt.Errorf("%w: authorization header too long", ErrInvalidToken)
	}
	scheme, token, ok := strings.Cut(header, " ")
	// The scheme is case-insensitive (RFC 9110 §11.1).
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return nil, fmt.Errorf("%w: authorization scheme is not Bearer", ErrInvalidToken)
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, fmt.Errorf("%w: empty bearer token", ErrInvalidToken)
	}

	var v *Viewer
	var err error
	if strings.HasPrefix(token, APITokenPrefix) {
		if resolveAPIToken == nil {
			return nil, fmt.Errorf("%w: API tokens not accepted", ErrInvalidToken)
		}
		v, err = resolveAPIToken(ctx, token)
	} else {
		if signer == nil || resolve == nil {
			return nil, fmt.Errorf("%w: access tokens not accepted", ErrInvalidToken)
		}
		var claims *Claims
		if claims, err = signer.Verify(token); err != nil {
			return nil, err
		}
		v, err = resolve(ctx, claims)
	}
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("%w: credentials resolve to no account", ErrInvalidToken)
	}
	return v, nil
}

// IsInvalidToken reports whether err means "bad credentials" rather than a
// server failure.
func IsInvalidToken(err error) bool { return errors.Is(err, ErrInvalidToken) }
