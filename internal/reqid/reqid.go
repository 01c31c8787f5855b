// Package reqid gives every HTTP request an id: it is in every log line
// written with the request's context, in the X-Request-Id response header
// and in the extensions of every error, so that a user's report of an error
// leads straight to its log lines.
package reqid

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"log/slog"
	"net/http"
)

// Header is the response header that carries the id.
const Header = "X-Request-Id"

type key struct{}

var encoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// New returns a random id of 16 characters (80 bits). The server makes its
// own rather than believe a client's header: a log line's id is never chosen
// by the caller.
func New() string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return encoding.EncodeToString(b[:])
}

// With returns ctx carrying id.
func With(ctx context.Context, id string) context.Context { return context.WithValue(ctx, key{}, id) }

// From returns the id ctx carries, or "".
func From(ctx context.Context) string {
	id, _ := ctx.Value(key{}).(string)
	return id
}

// Middleware gives each request its id: in its context and in the response header.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := New()
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(With(r.Context(), id)))
	})
}

// Handler adds the context's request id to each record as request_id.
type Handler struct{ Next slog.Handler }

func (h Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.Next.Enabled(ctx, l) }

func (h Handler) Handle(ctx context.Context, rec slog.Record) error {
	if id := From(ctx); id != "" {
		rec = rec.Clone()
		rec.AddAttrs(slog.String("request_id", id))
	}
	return h.Next.Handle(ctx, rec)
}

func (h Handler) WithAttrs(as []slog.Attr) slog.Handler { return Handler{Next: h.Next.WithAttrs(as)} }

func (h Handler) WithGroup(name string) slog.Handler { return Handler{Next: h.Next.WithGroup(name)} }
