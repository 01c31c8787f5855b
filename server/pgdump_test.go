package main

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/internal/app"
	"xiaoneng/internal/testdb"
)

// pgTool finds a PostgreSQL client program on PATH or among the server
// binaries of the Debian package (the newest version); "" when neither.
func pgTool(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	version := func(p string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(filepath.Dir(p))), 64)
		return v
	}
	sort.Slice(matches, func(i, j int) bool { return version(matches[i]) > version(matches[j]) })
	if len(matches) == 0 {
		return ""
	}
	return matches[0]
}

func runTool(t *testing.T, prog string, args ...string) {
	t.Helper()
	out, err := exec.Command(prog, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(prog), strings.Join(args, " "), err, out)
	}
}

// The PostgreSQL procedure of docs/OPERATIONS.md, run for real: pg_dump of
// a database holding the demo agency, pg_restore into an empty database,
// `server rollup --rebuild --check` (the binary); the product started on
// the restored database answers as it did on the original. The binary then
// refuses a restored database that a newer release wrote.
func TestPostgresDumpAndRestore(t *testing.T) {
	if os.Getenv("XN_SKIP_POSTGRES") == "1" {
		t.Skip("XN_SKIP_POSTGRES=1")
	}
	pgDump, pgRestore := pgTool("pg_dump"), pgTool("pg_restore")
	if pgDump == "" || pgRestore == "" {
		t.Skip("pg_dump and pg_restore are not installed (Debian package postgresql)")
	}
	to := time.Now().UTC().Truncate(24 * time.Hour)
	from := to.AddDate(0, 0, -56)
	on := true
	serve := func(url string) []string {
		t.Helper()
		a, err := app.New(context.Background(), app.Options{DatabaseURL: url, DataDir: t.TempDir(), Demo: &on,
			JWTSecret: jwtSecret, RaterSecret: raterSecret})
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		srv := httptest.NewServer(a.Handler())
		defer srv.Close()
		return answers(t, srv.URL+"/", from, to)
	}
	src := testdb.NewPostgresDB(t)
	want := serve(src) // seeds the demo agency

	file := filepath.Join(t.TempDir(), "xiaoneng.dump")
	runTool(t, pgDump, "--format=custom", "--file="+file, "--dbname="+src)
	dst := testdb.NewPostgresDB(t)
	runTool(t, pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+dst, file)
	env := map[string]string{"DATABASE_URL": dst, "XN_DATA_DIR": t.TempDir()}
	code, text := runServer(t, env, "rollup", "--rebuild", "--check")
	if code != 0 || !strings.Contains(text, "rollup: rebuilt") || !strings.Contains(text, "department days match the ratings") {
		t.Fatalf("server rollup --rebuild --check on the restored database: exit %d\n%s", code, text)
	}
	// Sums of floating-point loads may add in another order on the restored
	// tables (their rows lie in another physical order): the answers are
	// compared to 9 significant digits.
	got, want := roundFloats(serve(dst)), roundFloats(want)
	for i := range want {
		if got[i] != want[i] {
			at := 0
			for at < len(got[i]) && at < len(want[i]) && got[i][at] == want[i][at] {
				at++
			}
			from := max(0, at-300)
			t.Errorf("answer %d on the restored database differs from byte %d:\n got …%.600s\nwant …%.600s", i, at, got[i][from:], want[i][from:])
		}
	}

	db, err := sql.Open("postgres", dst)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO schema_migrations (version) VALUES ('29991231000000')`); err != nil {
		t.Fatal(err)
	}
	code, text = runServer(t, env, "rollup", "--check")
	if code == 0 || !strings.Contains(text, "schema version 29991231000000, newer than this server's") {
		t.Fatalf("server rollup on a database of a newer release: exit %d\n%s", code, text)
	}
}

var jsonFloat = regexp.MustCompile(`-?\d+\.\d+(?:[eE][-+]?\d+)?`)

// roundFloats writes every fractional number of the answers with 9
// significant digits.
func roundFloats(answers []string) []string {
	out := make([]string, len(answers))
	for i, a := range answers {
		out[i] = jsonFloat.ReplaceAllStringFunc(a, func(n string) string {
			f, err := strconv.ParseFloat(n, 64)
			if err != nil {
				return n
			}
			return strconv.FormatFloat(f, 'g', 9, 64)
		})
	}
	return out
}
