package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// logSecrets holds the values of the secret settings; the log handler
// replaces them wherever they would appear (an error quoting a malformed
// DATABASE_URL, say).
var logSecrets = &redactor{}

// minRedacted: shorter values would blot out ordinary words of the logs
// (the JWT secret has 32 bytes at least, the admin password 8).
const minRedacted = 4

const redactedMark = "[redacted]"

type redactor struct {
	mu     sync.RWMutex
	values []string
}

func (r *redactor) add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		if len(v) < minRedacted {
			continue
		}
		// The escaped form too: a URL in an error is often re-encoded.
		userinfo := strings.TrimPrefix(url.UserPassword("u", v).String(), "u:")
		for _, form := range []string{v, url.QueryEscape(v), url.PathEscape(v), userinfo} {
			if !contains(r.values, form) {
				r.values = append(r.values, form)
			}
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func (r *redactor) clean(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, v := range r.values {
		s = strings.ReplaceAll(s, v, redactedMark)
	}
	return s
}

func (r *redactor) empty() bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.values) == 0
}

var userinfoPassword = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*:([^/?#@]*)@`)

// databasePasswords returns the password of a postgres:// URL, from its
// user info or a password= parameter, even when the URL does not parse.
func databasePasswords(dbURL string) []string {
	var out []string
	if m := userinfoPassword.FindStringSubmatch(dbURL); m != nil {
		out = append(out, m[1])
		if dec, err := url.PathUnescape(m[1]); err == nil {
			out = append(out, dec)
		}
	}
	if u, err := url.Parse(dbURL); err == nil {
		if pw, ok := u.User.Password(); ok {
			out = append(out, pw)
		}
		if pw := u.Query().Get("password"); pw != "" {
			out = append(out, pw)
		}
	} else if i := strings.Index(dbURL, "password="); i >= 0 {
		pw, _, _ := strings.Cut(dbURL[i+len("password="):], "&")
		out = append(out, pw)
	}
	return out
}

// redactingHandler removes the secrets from a record's message and
// attributes before the next handler writes it.
type redactingHandler struct {
	next slog.Handler
	r    *redactor
}

func (h redactingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h redactingHandler) Handle(ctx context.Context, rec slog.Record) error {
	if h.r.empty() {
		return h.next.Handle(ctx, rec)
	}
	out := slog.NewRecord(rec.Time, rec.Level, h.r.clean(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h redactingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	clean := make([]slog.Attr, len(as))
	for i, a := range as {
		clean[i] = h.attr(a)
	}
	return redactingHandler{next: h.next.WithAttrs(clean), r: h.r}
}

func (h redactingHandler) WithGroup(name string) slog.Handler {
	return redactingHandler{next: h.next.WithGroup(name), r: h.r}
}

func (h redactingHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.r.clean(v.String()))
	case slog.KindGroup:
		g := v.Group()
		clean := make([]any, len(g))
		for i, x := range g {
			clean[i] = h.attr(x)
		}
		return slog.Group(a.Key, clean...)
	case slog.KindAny:
		var s string
		switch x := v.Any().(type) {
		case error:
			s = x.Error()
		case fmt.Stringer:
			s = x.String()
		default:
			s = fmt.Sprintf("%+v", x)
		}
		if c := h.r.clean(s); c != s {
			return slog.String(a.Key, c)
		}
		if _, ok := v.Any().(error); ok {
			return slog.String(a.Key, s)
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
