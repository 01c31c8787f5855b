// Package testdb gives Go tests real databases: a fresh file SQLite database,
// and a fresh PostgreSQL database in a throwaway cluster that the test binary
// starts itself (or in the server named by TEST_DATABASE_URL).
//
// Use it from a package's tests like this:
//
//	func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }
//
//	func TestSomething(t *testing.T) {
//		testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
//			db, err := sql.Open(driver, dsn)
//			...
//		})
//	}
//
// One cluster is started per test binary (that is, per package), lazily, the
// first time NewPostgresDB is called; RunMain stops it and removes its
// directory once the tests have run. Should the binary die without running
// RunMain's clean-up (a panic, a -timeout, a kill), a small watchdog process
// stops the cluster and removes its directory after the binary has gone.
//
// Environment:
//
//	TEST_DATABASE_URL   postgres:// URL of a server to use instead of starting a
//	                    cluster; per-test databases are created and dropped in it
//	                    (the role needs CREATEDB).
//	XN_SKIP_POSTGRES=1  NewPostgresDB skips the test.
//
// The package registers the "postgres" (lib/pq) and "sqlite" (modernc)
// database/sql drivers.
package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq" // registers the "postgres" driver
)

// Driver names for database/sql.Open.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// EntDialect maps a database/sql driver name used here to ent's dialect name
// (ent calls SQLite "sqlite3", while the modernc driver registers "sqlite").
func EntDialect(driver string) string {
	if driver == DriverSQLite {
		return "sqlite3"
	}
	return driver
}

const installHint = "run scripts/install-test-deps.sh (as root), or set TEST_DATABASE_URL to a PostgreSQL server, or set XN_SKIP_POSTGRES=1 to skip PostgreSQL tests"

var (
	srvOnce sync.Once
	srv     *server
	srvErr  error
	seq     atomic.Int64
)

// server is the PostgreSQL server the per-test databases are created in.
type server struct {
	base  *url.URL // URL of the maintenance database; per-test URLs replace its path
	admin *sql.DB
	c     *cluster // nil when TEST_DATABASE_URL is used
	took  time.Duration
}

func (s *server) urlFor(dbname string) string {
	u := *s.base
	u.Path = "/" + dbname
	u.RawPath = ""
	return u.String()
}

// NewPostgresDB creates a fresh, empty database (xn_test_<pid>_<n>) and returns
// its postgres:// URL. The database is dropped when the test and its subtests
// finish. It is safe to call from parallel tests.
func NewPostgresDB(t testing.TB) string {
	t.Helper()
	name, url := createDB(t)
	t.Cleanup(func() {
		if err := srv.dropDatabase(name); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	return url
}

// NewPostgresDBShared is NewPostgresDB for a database shared by several
// tests of the package: it lives until RunMain finishes.
func NewPostgresDBShared(t testing.TB) string {
	t.Helper()
	name, url := createDB(t)
	sharedMu.Lock()
	shared = append(shared, name)
	sharedMu.Unlock()
	return url
}

var (
	sharedMu sync.Mutex
	shared   []string
)

// NewPostgresDBFrom creates a fresh database as a copy of template (a
// database with no open connections, e.g. one seeded once per package) and
// drops it when the test finishes. Copying is far faster than seeding again.
func NewPostgresDBFrom(t testing.TB, template string) string {
	t.Helper()
	name, url := createDBWith(t, template)
	t.Cleanup(func() {
		if err := srv.dropDatabase(name); err != nil {
			t.Errorf("testdb: drop database %s: %v", name, err)
		}
	})
	return url
}

// NewPostgresDBSharedFrom is NewPostgresDBShared as a copy of template.
func NewPostgresDBSharedFrom(t testing.TB, template string) string {
	t.Helper()
	name, url := createDBWith(t, template)
	sharedMu.Lock()
	shared = append(shared, name)
	sharedMu.Unlock()
	return url
}

// DatabaseName is the database name of a URL made by this package.
func DatabaseName(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

func createDB(t testing.TB) (name, dbURL string) {
	t.Helper()
	return createDBWith(t, "")
}

func createDBWith(t testing.TB, template string) (name, dbURL string) {
	t.Helper()
	if os.Getenv("XN_SKIP_POSTGRES") == "1" {
		t.Skip("XN_SKIP_POSTGRES=1: skipping PostgreSQL test")
	}
	first := false
	srvOnce.Do(func() {
		first = true
		srv, srvErr = startServer()
	})
	if srvErr != nil {
		t.Fatalf("testdb: %v", srvErr)
	}
	if first && srv.c != nil {
		t.Logf("testdb: started PostgreSQL cluster (%s) on 127.0.0.1:%d in %v", srv.c.binDir, srv.c.port, srv.took.Round(time.Millisecond))
	}

	name = fmt.Sprintf("xn_test_%d_%d", os.Getpid(), seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stmt := `CREATE DATABASE "` + name + `"`
	if template != "" {
		stmt += ` TEMPLATE "` + template + `"`
	}
	if _, err := srv.admin.ExecContext(ctx, stmt); err != nil {
		t.Fatalf("testdb: create database %s: %v", name, err)
	}
	return name, srv.urlFor(name)
}

func (s *server) dropDatabase(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// WITH (FORCE) (PostgreSQL 13+) ends connections a test left open.
	_, err := s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`)
	if err != nil && strings.Contains(err.Error(), "syntax error") {
		_, err = s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+name+`"`)
	}
	return err
}

// RunMain runs the tests, then stops the package's throwaway cluster (if one
// was started) and removes its directory. Use it as
//
//	func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }
func RunMain(m *testing.M) int {
	if os.Getenv("XN_TEST_LOG") == "" {
		// The product writes an info line per GraphQL response: a test run
		// (and a fuzz run's thousands of requests) keeps the warnings only.
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}
	code := m.Run()
	if err := shutdown(); err != nil {
		fmt.Fprintf(os.Stderr, "testdb: stopping PostgreSQL: %v\n", err)
	}
	return code
}

func shutdown() error {
	if srv == nil {
		return nil
	}
	s := srv
	srv, srvErr = nil, errors.New("testdb: used after RunMain finished")
	sharedMu.Lock()
	for _, name := range shared {
		_ = s.dropDatabase(name)
	}
	shared = nil
	sharedMu.Unlock()
	if s.admin != nil {
		s.admin.Close()
	}
	if s.c != nil {
		return s.c.stop()
	}
	return nil
}

func startServer() (*server, error) {
	if raw := os.Getenv("TEST_DATABASE_URL"); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			return nil, fmt.Errorf("TEST_DATABASE_URL must be a postgres://user@host:port/dbname URL, got %q", raw)
		}
		admin, err := openAdmin(u.String(), 10*time.Second)
		if err != nil {
			return nil, fmt.Errorf("TEST_DATABASE_URL: %w", err)
		}
		return &server{base: u, admin: admin}, nil
	}

	t0 := time.Now()
	c, err := startCluster()
	if err != nil {
		return nil, err
	}
	u := &url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/postgres",
		RawQuery: "sslmode=disable",
	}
	admin, err := openAdmin(u.String(), 30*time.Second)
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("connect to throwaway cluster: %w\n%s", err, c.logTail())
	}
	return &server{base: u, admin: admin, c: c, took: time.Since(t0)}, nil
}

func openAdmin(dsn string, wait time.Duration) (*sql.DB, error) {
	db, err := sql.Open(DriverPostgres, dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	deadline := time.Now().Add(wait)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			return db, nil
		}
		if time.Now().After(deadline) {
			db.Close()
			return nil, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// cluster is a throwaway PostgreSQL cluster in a temporary directory:
// DIR/data (the cluster), DIR/postgres.log, and the Unix socket in DIR.
type cluster struct {
	dir        string
	binDir     string
	port       int
	asPostgres bool // running as root: run the server as the postgres user
	watchdog   *exec.Cmd
}

func (c *cluster) dataDir() string { return filepath.Join(c.dir, "data") }
func (c *cluster) logFile() string { return filepath.Join(c.dir, "postgres.log") }

// command runs a PostgreSQL program, as the postgres user when we are root.
func (c *cluster) command(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(c.binDir, prog)
	var cmd *exec.Cmd
	if c.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir // the postgres user may not be able to enter the test's working directory
	return cmd
}

// findBinDir returns the bin directory of the newest PostgreSQL under
// /usr/lib/postgresql, or the directory of initdb on PATH.
func findBinDir() (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	type cand struct {
		dir string
		ver float64
	}
	var cands []cand
	for _, m := range matches {
		dir := filepath.Dir(m)
		v, err := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		if err != nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err != nil {
			continue
		}
		cands = append(cands, cand{dir, v})
	}
	if len(cands) > 0 {
		sort.Slice(cands, func(i, j int) bool { return cands[i].ver > cands[j].ver })
		return cands[0].dir, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb, no initdb on PATH): %s", installHint)
}

func startCluster() (*cluster, error) {
	binDir, err := findBinDir()
	if err != nil {
		return nil, err
	}
	c := &cluster{binDir: binDir, asPostgres: os.Geteuid() == 0}

	var uid, gid int
	if c.asPostgres {
		if _, err := exec.LookPath("runuser"); err != nil {
			return nil, fmt.Errorf("running as root, PostgreSQL refuses root, and runuser (util-linux) is missing")
		}
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, PostgreSQL refuses root, and there is no postgres user: %s", installHint)
		}
		uid, _ = strconv.Atoi(u.Uid)
		gid, _ = strconv.Atoi(u.Gid)
	}

	// The postgres user must be able to reach the directory; if TMPDIR is
	// somewhere it cannot (say under /root), fall back to /tmp.
	parents := []string{os.TempDir()}
	if parents[0] != "/tmp" {
		parents = append(parents, "/tmp")
	}
	for i, parent := range parents {
		dir, err := os.MkdirTemp(parent, "xn-pg-")
		if err != nil {
			return nil, fmt.Errorf("create cluster directory: %w", err)
		}
		c.dir = dir
		if !c.asPostgres {
			break
		}
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("chown %s to postgres: %w", dir, err)
		}
		probe := exec.Command("runuser", "-u", "postgres", "--", "test", "-w", dir, "-a", "-x", dir)
		probe.Dir = "/"
		if probe.Run() == nil {
			break
		}
		os.RemoveAll(dir)
		if i == len(parents)-1 {
			return nil, fmt.Errorf("the postgres user cannot write to a directory under %v; set TMPDIR to a directory it can reach", parents)
		}
	}

	// From here on, make sure the directory goes away whatever happens.
	c.startWatchdog()
	ok := false
	defer func() {
		if !ok {
			c.stop()
		}
	}()

	if err := c.initdbCached(uid); err != nil {
		return nil, err
	}
	// A port picked by listening on :0 can be taken by someone else (another
	// package's cluster) before the server binds it: retry with another.
	for attempt := 1; ; attempt++ {
		c.port, err = freePort()
		if err != nil {
			return nil, err
		}
		err = c.start()
		if err == nil {
			break
		}
		if attempt == 3 {
			return nil, err
		}
	}
	ok = true
	return c, nil
}

// initdbCached fills DIR/data with a copy of a cached freshly initialised
// cluster when there is one (initdb takes seconds, a copy a fraction of one),
// else runs initdb and caches the result for the next test binary. The cache
// is a directory next to DIR, named after the PostgreSQL binaries, owned by
// the user the server runs as, with mode 0700; it is used only if it is so.
// Set XN_PG_NO_TEMPLATE=1 to always run initdb.
func (c *cluster) initdbCached(owner int) error {
	if os.Getenv("XN_PG_NO_TEMPLATE") == "1" {
		return c.initdb()
	}
	if !c.asPostgres {
		owner = os.Geteuid()
	}
	tmpl := c.templateDir()
	if tmpl != "" && usableTemplate(tmpl, owner) {
		out, err := exec.Command("cp", "-a", filepath.Join(tmpl, "data"), c.dataDir()).CombinedOutput()
		if err == nil {
			return nil
		}
		os.RemoveAll(c.dataDir())
		fmt.Fprintf(os.Stderr, "testdb: copying cached cluster %s failed, running initdb: %v\n%s", tmpl, err, out)
	}
	if err := c.initdb(); err != nil {
		return err
	}
	if tmpl != "" {
		c.saveTemplate(tmpl, owner)
	}
	return nil
}

// templateDir names the cache after the binaries' directory and the postgres
// binary's size and modification time, so that an upgrade starts a new one.
func (c *cluster) templateDir() string {
	fi, err := os.Stat(filepath.Join(c.binDir, "postgres"))
	if err != nil {
		return ""
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%s|%d|%d", c.binDir, fi.Size(), fi.ModTime().UnixNano())
	return filepath.Join(filepath.Dir(c.dir), fmt.Sprintf("xn-pg-template-%x", h.Sum64()))
}

func usableTemplate(dir string, owner int) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) != owner {
		return false
	}
	_, err = os.Stat(filepath.Join(dir, "data", "PG_VERSION"))
	return err == nil
}

// saveTemplate copies the just initialised (never started) DIR/data into the
// cache, atomically: copy to a staging directory, then rename. Failures only
// cost the next binary an initdb.
func (c *cluster) saveTemplate(tmpl string, owner int) {
	staging, err := os.MkdirTemp(filepath.Dir(tmpl), "xn-pg-template-staging-")
	if err != nil {
		return
	}
	defer os.RemoveAll(staging) // gone already when the rename succeeded
	if c.asPostgres && os.Chown(staging, owner, -1) != nil {
		return
	}
	if exec.Command("cp", "-a", c.dataDir(), filepath.Join(staging, "data")).Run() != nil {
		return
	}
	os.Rename(staging, tmpl) // fails when another binary was quicker: fine
}

func (c *cluster) initdb() error {
	args := []string{"-D", c.dataDir(), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-sync"}
	out, err := c.command("initdb", append(args, "--locale=C.UTF-8")...).CombinedOutput()
	if err == nil {
		return nil
	}
	os.RemoveAll(c.dataDir())
	out2, err2 := c.command("initdb", append(args, "--no-locale")...).CombinedOutput()
	if err2 == nil {
		return nil
	}
	return fmt.Errorf("initdb failed with --locale=C.UTF-8 (%v):\n%s\nand with --no-locale (%v):\n%s", err, out, err2, out2)
}

func (c *cluster) start() error {
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", c.port, c.dir)
	// -l keeps the server's output out of our stdout: `go test` would wait
	// for a pipe the server held open.
	out, err := c.command("pg_ctl", "-D", c.dataDir(), "-l", c.logFile(), "-w", "-t", "60", "-o", opts, "start").CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_ctl start (port %d): %v\n%s\n%s", c.port, err, out, c.logTail())
	}
	return nil
}

func (c *cluster) stop() error {
	var err error
	if _, statErr := os.Stat(filepath.Join(c.dataDir(), "postmaster.pid")); statErr == nil {
		if out, e := c.command("pg_ctl", "-D", c.dataDir(), "-m", "immediate", "-w", "stop").CombinedOutput(); e != nil {
			err = fmt.Errorf("pg_ctl stop: %v\n%s", e, out)
		}
	}
	if e := os.RemoveAll(c.dir); e != nil && err == nil {
		err = e
	}
	if c.watchdog != nil && c.watchdog.Process != nil {
		syscall.Kill(-c.watchdog.Process.Pid, syscall.SIGKILL)
		c.watchdog.Wait()
		c.watchdog = nil
	}
	return err
}

// startWatchdog starts a detached shell that, once this process has gone
// without stopping the cluster, stops it and removes its directory. Its
// standard streams are /dev/null so that `go test` does not wait for it.
func (c *cluster) startWatchdog() {
	pgctl := filepath.Join(c.binDir, "pg_ctl")
	stopCmd := `"$3" -D "$2/data" -m immediate stop`
	if c.asPostgres {
		stopCmd = `runuser -u postgres -- "$3" -D "$2/data" -m immediate stop`
	}
	script := `while kill -0 "$1" 2>/dev/null; do sleep 1; done
[ -d "$2" ] || exit 0
[ -f "$2/data/postmaster.pid" ] && ` + stopCmd + `
rm -rf "$2"`
	cmd := exec.Command("/bin/sh", "-c", script, "xn-testdb-watchdog", strconv.Itoa(os.Getpid()), c.dir, pgctl)
	cmd.Dir = "/"
	// Own process group: a ^C to the test's group does not end it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if cmd.Start() == nil {
		c.watchdog = cmd
	}
}

func (c *cluster) logTail() string {
	b, err := os.ReadFile(c.logFile())
	if err != nil {
		return ""
	}
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return "server log (" + c.logFile() + "):\n" + string(b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pick a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
