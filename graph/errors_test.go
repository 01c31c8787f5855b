package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"xiaoneng/internal/auth"
)

// A request its client abandoned is not an internal error in the log (a
// load test's closing connections filled it with them); a failure of ours
// with the request still live is.
func TestPresentErrorCanceledByClient(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	defer slog.SetDefault(old)

	gone, cancel := context.WithCancel(context.Background())
	cancel()
	e := presentError(gone, fmt.Errorf("tasks: %w", context.Canceled))
	if e.Extensions["code"] != "INTERNAL" || e.Message != "request canceled" {
		t.Fatalf("canceled request: code %v, message %q", e.Extensions["code"], e.Message)
	}
	if buf.Len() != 0 {
		t.Fatalf("a request canceled by its client was logged: %s", buf.String())
	}

	// the same error while the request is live is ours: logged, neutral message
	e = presentError(context.Background(), fmt.Errorf("tasks: %w", context.Canceled))
	if e.Message != "internal error" || !strings.Contains(buf.String(), "graphql internal error") {
		t.Fatalf("live request: message %q, log %q", e.Message, buf.String())
	}
	buf.Reset()
	e = presentError(context.Background(), errors.New("disk on fire"))
	if e.Extensions["code"] != "INTERNAL" || !strings.Contains(buf.String(), "disk on fire") {
		t.Fatalf("internal error: code %v, log %q", e.Extensions["code"], buf.String())
	}
}

// Credentials refused are UNAUTHENTICATED (the client logs out); credentials
// that could not be checked because the database failed are an internal
// error, which must not log the user out.
func TestRequireViewerTellsRefusedFromUnchecked(t *testing.T) {
	refused := auth.WithAuthError(context.Background(), fmt.Errorf("%w: signature", auth.ErrInvalidToken))
	code := func(ctx context.Context) any {
		_, err := requireViewer(ctx)
		if err == nil {
			return nil
		}
		return presentError(context.Background(), err).Extensions["code"]
	}
	if c := code(refused); c != "UNAUTHENTICATED" {
		t.Fatalf("refused token: %v", c)
	}
	if c := code(auth.WithAuthError(context.Background(), errors.New("database is locked"))); c != "INTERNAL" {
		t.Fatalf("unchecked token: %v", c)
	}
	if c := code(context.Background()); c != "UNAUTHENTICATED" {
		t.Fatalf("no token: %v", c)
	}
}
