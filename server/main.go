// Command server runs Xiaoneng: the GraphQL API and the single-page app
// over one database (embedded SQLite by default, PostgreSQL with
// DATABASE_URL). Configuration comes from the environment, each variable
// also a flag of the same name in lower case (see README "Configuration").
//
//	server            run the server
//	server seed …     generate data (see `server seed -h`)
//	server rollup …   rebuild or check the rollups and stored copies (see `server rollup -h`)
//	server backup F   copy the SQLite database to F while the server runs (see `server backup -h`)
//	server restore F  replace the SQLite database by the backup F (see `server restore -h`)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"
	"xiaoneng/internal/reqid"

	"xiaoneng/internal/app"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// A GraphQL response is built from many short-lived objects (a page
		// of 50 tasks with their assignees allocates ~3.5 MB): collecting
		// less often saves CPU per request at the cost of memory
		// (docs/PERFORMANCE.md). GOGC overrides.
		debug.SetGCPercent(400)
	}
	// Secret settings never reach the logs (redact.go), whichever way they
	// were given.
	slog.SetDefault(slog.New(reqid.Handler{Next: redactingHandler{
		next: slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}),
		r:    logSecrets,
	}}))
	args := os.Args[1:]
	var err error
	switch {
	case len(args) > 0 && args[0] == "seed":
		err = runSeed(args[1:])
	case len(args) > 0 && args[0] == "rollup":
		err = runRollup(args[1:])
	case len(args) > 0 && args[0] == "backup":
		err = runBackup(args[1:], os.Stderr)
	case len(args) > 0 && args[0] == "restore":
		err = runRestore(args[1:], os.Stderr)
	default:
		err = serve(args)
	}
	switch {
	case errors.Is(err, flag.ErrHelp):
		// --help printed the usage: nothing failed.
	case err != nil:
		slog.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

// logLevel: XN_DEBUG=1 logs every HTTP request too; XN_LOG_LEVEL=warn keeps
// the warnings and errors only (no line per GraphQL response: see
// docs/ACCESS.md on what a request's time tells beside a proxy's log).
func logLevel() slog.Level {
	if os.Getenv("XN_DEBUG") != "" {
		return slog.LevelDebug
	}
	if strings.EqualFold(os.Getenv("XN_LOG_LEVEL"), "warn") {
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

func serve(args []string) error {
	cfg, err := parseConfig("server", args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	a, err := app.New(ctx, cfg.appOptions())
	if err != nil {
		return err
	}
	defer a.Close()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	printBanner(ln.Addr().String(), a, cfg)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func printBanner(addr string, a *app.App, cfg config) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	url := fmt.Sprintf("http://%s/", net.JoinHostPort(host, port))
	db := "SQLite " + cfg.DataDir
	if cfg.DatabaseURL != "" {
		db = "PostgreSQL"
	}
	cache := "off"
	if o, _ := cfg.responseCache(); a.ResponseCache != nil {
		cache = fmt.Sprintf("%s, %d MiB", o.TTL, o.MaxBytes>>20)
	}
	slog.Info("listening", "url", url, "database", db, "demo", a.Demo, "response_cache", cache)
	fmt.Fprintf(os.Stderr, "\n  效能 Xiaoneng is running at %s (GraphQL: %sgraphql)\n", url, url)
	if a.Demo {
		fmt.Fprintf(os.Stderr, "  Demo accounts (password %q): admin (ADMIN), leader (LEADER), staff (STAFF), frontline (FRONTLINE)\n\n", app.DemoPassword)
	}
}
