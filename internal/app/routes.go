package app

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strconv"
	"time"
	"xiaoneng/internal/reqid"

	"xiaoneng/graph"
	"xiaoneng/internal/analytics"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/export"
	"xiaoneng/internal/ratelimit"
	"xiaoneng/internal/webui"
)

// ExportTimeout bounds one Excel export (at most export.MaxRows rows).
const ExportTimeout = 60 * time.Second

// MaxBodyBytes caps a request body; a GraphQL request is a few KiB.
const MaxBodyBytes = 1 << 20

// MaxUploadBodyBytes caps a multipart request (an upload): the file, the
// operations part and room for the parts' headers.
const MaxUploadBodyBytes = graph.MaxUploadBytes + graph.MaxOperationsBytes + 64<<10

func (a *App) routes(signer *auth.Signer) http.Handler {
	gql := graph.NewServer(&graph.Resolver{Client: a.Store.Client, Sessions: a.Sessions, Ratings: a.Ratings,
		Analytics: analytics.New(a.Store.Client, a.Store.Dialect), ResponseCache: a.ResponseCache, Imports: a.Imports})
	authn := auth.Middleware(signer, a.Sessions.ViewerForClaims, a.Sessions.ViewerForAPIToken)

	mux := http.NewServeMux()
	mux.Handle("/graphql", withTimeout(graph.RequestTimeout, authn(limitTokens(ratelimit.New(TokenRate, TokenBurst), limitBody(withLoginSlot(a.ResponseCache.Middleware(gql)))))))
	// Excel exports of the main tables, under the same access rules as the GraphQL connections.
	exportLimit := ratelimit.New(TokenRate, TokenBurst)
	exporting := func(h http.Handler) http.Handler {
		return authn(passwordChangedFirst(limitTokens(exportLimit, withTimeout(ExportTimeout, h))))
	}
	mux.Handle("GET /export/", exporting(export.Handler(a.Store.Client)))
	// The importer's templates and its tables in the same columns.
	mux.Handle("GET /export/templates/", exporting(export.TemplateHandler(a.Imports.Kinds())))
	mux.Handle("GET /export/kinds/", exporting(export.KindHandler(a.Store.Client, a.Imports.Kinds())))
	// The schema as SDL, for integrators' code generators (public, like introspection).
	mux.HandleFunc("GET /graphql/schema.graphqls", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, graph.SDL())
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "demo": a.Demo})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.Store.DB.PingContext(ctx); err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "database unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"status": "ready"})
	})
	mux.Handle("/", gzipStatic(webui.Handler()))
	return reqid.Middleware(a.withClientAddr(logRequests(mux))) // the id first: every log line of the request has it
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Per-API-token request rate: integrators' scripts get a steady 20 requests
// a second with bursts of 40; interactive sessions are not limited here.
const (
	TokenRate  = 20
	TokenBurst = 40
)

func limitTokens(l *ratelimit.Limiter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := auth.FromContext(r.Context()); v != nil && v.TokenID != 0 && !l.Allow(strconv.Itoa(v.TokenID)) {
			w.Header().Set("Retry-After", "1")
			writeJSON(w, http.StatusTooManyRequests, map[string]any{"errors": []map[string]any{{
				"message":    "rate limit exceeded for this API token",
				"extensions": map[string]any{"code": "RATE_LIMITED"},
			}}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// passwordChangedFirst refuses a session that must change its password
// (graph.checkCredential refuses its GraphQL fields) the other routes.
func passwordChangedFirst(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v := auth.FromContext(r.Context()); v != nil && v.MustChangePassword {
			writeJSON(w, http.StatusForbidden, map[string]any{"errors": []map[string]any{{
				"message":    "请先修改初始密码 / change your password first (changePassword)",
				"extensions": map[string]any{"code": "FORBIDDEN", "reason": apperr.ReasonPasswordChangeRequired},
			}}})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(MaxBodyBytes)
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			limit = MaxUploadBodyBytes
		}
		if r.ContentLength > limit {
			writeJSON(w, http.StatusRequestEntityTooLarge, map[string]any{"errors": []map[string]any{{
				"message":    "request body too large",
				"extensions": map[string]any{"code": "BAD_USER_INPUT"},
			}}})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// withTimeout gives the request a deadline d from its start. Everything
// after it reads the context: the credential lookup, the document limits
// (before parsing and again after validation, graph/budget.go; the phases
// in between are bounded by those limits) and every database statement of
// the resolvers. A request past it is answered TIMEOUT.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withClientAddr records the client's address (behind trusted proxies, the
// forwarded one) for the rate limits and the audit rows.
func (a *App) withClientAddr(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(audit.WithClientAddr(r.Context(), a.proxies.clientAddr(r))))
	})
}

// withLoginSlot lets a successful login or refresh read the rest of its
// response as the new viewer (auth.SignedIn).
func withLoginSlot(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(auth.WithLoginSlot(r.Context())))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		level := slog.LevelDebug
		if rec.status >= 500 {
			level = slog.LevelError
		}
		slog.Log(r.Context(), level, "http", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "took", time.Since(start).Round(time.Microsecond), "addr", audit.ClientAddr(r.Context()))
	})
}
