package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
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
