package respcache

import (
	"context"
	"net/http"
	"strings"
)

// Values of the X-Cache response header.
const (
	Hit    = "HIT"    // served from the cache
	Miss   = "MISS"   // looked up, not there (or stale); computed, and stored unless it had errors
	Bypass = "BYPASS" // not looked up: not cacheable, or Cache-Control: no-cache (computed and stored)
)

// HeaderName is the response header saying what the cache did.
const HeaderName = "X-Cache"

// status carries, per request, the client's no-cache and the cache's
// verdict from the HTTP middleware to the GraphQL extension and back. The
// transport writes the response in the goroutine that ran the operation,
// after it ran, so no locking is needed.
type status struct {
	skipLookup bool
	verdict    string
}

type statusKey struct{}

func statusFrom(ctx context.Context) *status {
	s, _ := ctx.Value(statusKey{}).(*status)
	return s
}

func (s *status) set(v string) {
	if s != nil {
		s.verdict = v
	}
}

func (s *status) noCache() bool { return s != nil && s.skipLookup }

// Middleware reads Cache-Control: no-cache and adds X-Cache to the
// response. A nil cache adds nothing.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	if c == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &status{skipLookup: noCache(r.Header), verdict: Bypass}
		next.ServeHTTP(&headerWriter{ResponseWriter: w, st: st}, r.WithContext(context.WithValue(r.Context(), statusKey{}, st)))
	})
}

func noCache(h http.Header) bool {
	for _, v := range h.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(d), "no-cache") {
				return true
			}
		}
	}
	return false
}

// headerWriter sets X-Cache just before the status line goes out.
type headerWriter struct {
	http.ResponseWriter
	st   *status
	done bool
}

func (w *headerWriter) setHeader() {
	if !w.done {
		w.done = true
		w.Header().Set(HeaderName, w.st.verdict)
	}
}

func (w *headerWriter) WriteHeader(code int) {
	w.setHeader()
	w.ResponseWriter.WriteHeader(code)
}

func (w *headerWriter) Write(b []byte) (int, error) {
	w.setHeader()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *headerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
