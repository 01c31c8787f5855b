package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"xiaoneng/internal/testdb"
)

// TestMain doubles as the server: with XN_TEST_SERVER_ARGS set, the test
// binary runs main() with those arguments (a JSON list), so the tests see
// exactly what the built binary prints.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("XN_TEST_SERVER_ARGS"); ok {
		var list []string
		if err := json.Unmarshal([]byte(args), &list); err != nil {
			panic(err)
		}
		os.Args = append([]string{"server"}, list...)
		main()
		os.Exit(0)
	}
	os.Exit(testdb.RunMain(m))
}

const (
	jwtSecret     = "jwt-SECRET-0123456789abcdef0123456789"
	adminPassword = "admin-SECRET-pw"
	dbPassword    = "db-SECRET-pw"
	raterSecret   = "rater-SECRET-0123456789abcdef012345"
)

var secrets = []string{jwtSecret, adminPassword, dbPassword, raterSecret}

// server starts the server binary with args and the environment env (on
// top of a clean one) and returns the running command and its combined
// output so far.
func startServer(t *testing.T, env map[string]string, args ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	list, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0])
	cmd.Env = []string{"XN_TEST_SERVER_ARGS=" + string(list), "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd, out
}

// runServer runs the server to its end and returns its exit code and output.
func runServer(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	cmd, out := startServer(t, env, args...)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode(), out.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, out.String()
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not stop; output:\n%s", out.String())
		return 0, ""
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noSecrets(t *testing.T, what, out string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("%s shows %q:\n%s", what, s, out)
		}
	}
}

// secretEnv sets every secret through the environment; the database URL
// points at nothing (port 1) so a start that reaches it fails at once.
func secretEnv(t *testing.T) map[string]string {
	return map[string]string{
		"XN_JWT_SECRET":     jwtSecret,
		"XN_ADMIN_PASSWORD": adminPassword,
		"XN_RATER_SECRET":   raterSecret,
		"DATABASE_URL":      "postgres://xn:" + dbPassword + "@127.0.0.1:1/xiaoneng?sslmode=disable&connect_timeout=5",
		"XN_DATA_DIR":       t.TempDir(),
	}
}

// --help, usage errors and failed starts never show a secret setting,
// given through the environment or on the command line.
func TestSecretsNotInHelpOrErrors(t *testing.T) {
	env := secretEnv(t)
	code, out := runServer(t, env, "--help")
	if code != 0 || !strings.Contains(out, "xn_jwt_secret") || !strings.Contains(out, "xn_trusted_proxies") {
		t.Fatalf("--help: exit %d, output:\n%s", code, out)
	}
	noSecrets(t, "--help", out)

	for _, args := range [][]string{
		{"--no_such_flag"},
		{"--xn_demo=maybe"},
		{"--xn_trusted_proxies=10.0.0.0/33"},
		{"--xn_response_cache_ttl=soon"},
		{"seed", "--no_such_flag"},
		{"rollup", "--no_such_flag"},
		{"seed", "--help"},
	} {
		code, out := runServer(t, env, args...)
		if args[len(args)-1] != "--help" && code == 0 {
			t.Errorf("%v: exit 0", args)
		}
		noSecrets(t, strings.Join(args, " "), out)
	}

	// Starts that fail on the database: unreachable, and a URL that does not
	// parse (the driver's error quotes the whole URL).
	code, out = runServer(t, env, "--xn_demo=off")
	if code == 0 || !strings.Contains(out, "server stopped") {
		t.Fatalf("unreachable database: exit %d:\n%s", code, out)
	}
	noSecrets(t, "unreachable database", out)
	bad := map[string]string{"DATABASE_URL": "postgres://xn:" + dbPassword + "@127.0.0.1:notaport/x", "XN_DATA_DIR": t.TempDir()}
	code, out = runServer(t, bad, "--xn_demo=off", "--xn_jwt_secret="+jwtSecret, "--xn_admin_password="+adminPassword,
		"--xn_rater_secret="+raterSecret)
	if code == 0 || !strings.Contains(out, "notaport") {
		t.Fatalf("malformed database URL: exit %d:\n%s", code, out)
	}
	noSecrets(t, "malformed database URL", out)
}

// A server that starts and serves (logging every request) never logs a
// secret: on SQLite with the secrets given as flags, and on PostgreSQL
// with a password in DATABASE_URL (the test cluster trusts local
// connections, so any password is accepted).
func TestSecretsNotInStartupLogs(t *testing.T) {
	env := secretEnv(t)
	delete(env, "DATABASE_URL")
	env["XN_DEBUG"] = "1"
	env["XN_ADDR"] = "127.0.0.1:0"
	serveAndStop(t, "SQLite", env, "--xn_demo=off", "--xn_jwt_secret="+jwtSecret, "--xn_admin_password="+adminPassword,
		"--xn_rater_secret="+raterSecret)

	if os.Getenv("XN_SKIP_POSTGRES") == "1" {
		t.Skip("XN_SKIP_POSTGRES=1")
	}
	env = secretEnv(t)
	env["XN_DEBUG"] = "1"
	env["XN_ADDR"] = "127.0.0.1:0"
	env["DATABASE_URL"] = strings.Replace(testdb.NewPostgresDB(t), "postgres://postgres@", "postgres://postgres:"+dbPassword+"@", 1)
	if !strings.Contains(env["DATABASE_URL"], dbPassword) {
		t.Fatalf("could not put a password into %s", env["DATABASE_URL"])
	}
	serveAndStop(t, "PostgreSQL", env, "--xn_demo=off")
}

func serveAndStop(t *testing.T, what string, env map[string]string, args ...string) {
	t.Helper()
	cmd, out := startServer(t, env, args...)
	url := ""
	deadline := time.Now().Add(90 * time.Second)
	for url == "" && time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			var line struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "listening" {
				url = line.URL
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("%s: the server did not start:\n%s", what, out.String())
	}
	body := `{"query":"mutation{login(username:\"admin\",password:\"wrong-password\"){accessToken}}"}`
	res, err := http.Post(url+"graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatalf("%s: the server did not stop", what)
	}
	log := out.String()
	if !strings.Contains(log, `"msg":"http"`) || !strings.Contains(log, "shutting down") {
		t.Fatalf("%s: expected request and shutdown lines in:\n%s", what, log)
	}
	noSecrets(t, what+" start-up and request logs", log)
}

// The redacting handler cleans messages, string, error and group
// attributes, and attributes added with With.
func TestRedactingHandler(t *testing.T) {
	var buf bytes.Buffer
	r := &redactor{}
	r.add("hunter2-secret", "ab", "p@ss word")
	log := slog.New(redactingHandler{next: slog.NewJSONHandler(&buf, nil), r: r})
	log.With("with", "x hunter2-secret").Info("message hunter2-secret",
		"str", "hunter2-secret", "err", errors.New("dial postgres://u:p%40ss+word@h: refused"),
		"url", "postgres://u:p%40ss%20word@h", slog.Group("g", "inner", "…hunter2-secret…"), "short", "ab")
	out := buf.String()
	for _, s := range []string{"hunter2-secret", "p%40ss+word", "p%40ss%20word"} {
		if strings.Contains(out, s) {
			t.Errorf("%q in %s", s, out)
		}
	}
	if strings.Count(out, redactedMark) != 6 || !strings.Contains(out, `"short":"ab"`) {
		t.Errorf("want 6 redactions and the short value untouched: %s", out)
	}
}

func TestDatabasePasswords(t *testing.T) {
	for url, want := range map[string]string{
		"postgres://u:pw1234@h:5432/db":                   "pw1234",
		"postgres://u:p%40ss@h/db":                        "p@ss",
		"postgres://u@h/db?sslmode=disable&password=x9y8": "x9y8",
		"postgres://u:bad%zzpw@h:notaport/db":             "bad%zzpw",
	} {
		got := databasePasswords(url)
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("%s: %q, want %q among them", url, got, want)
		}
	}
	if got := databasePasswords("postgres://u@h/db"); len(got) != 0 {
		t.Errorf("no password: %q", got)
	}
}
