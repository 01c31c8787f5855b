package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"xiaoneng/ent/privacy"
	"xiaoneng/internal/bulk"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/seed"
	"xiaoneng/internal/store"
	"xiaoneng/internal/workcal"
)

const seedUsage = `usage: server seed [flags]

Generates data into the database of DATABASE_URL (or the SQLite file in
XN_DATA_DIR), after applying the migrations. The database must be empty
unless --force is given (then everything in it is deleted first). Rater
keys are written under the server's rater secret: XN_RATER_SECRET, or the
one the demo server keeps in the data dir (generated if missing).

  --scale demo    the demo agency (about 150 staff, a few thousand tasks)
  --scale large   200 departments, 10,000 staff, 1,000,000 tasks, ~2.5 M
                  assignments, ~1.5 M events, 1,000,000 ratings (benchmarks;
                  several minutes on PostgreSQL)
  --scale medium, --scale small   the same agency, smaller

Flags:
`

// runSeed is `server seed`: data generation (demo, and the scale generator
// for benchmarks).
func runSeed(args []string) error {
	f := newFlags("seed")
	fs := f.fs
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), seedUsage)
		fs.PrintDefaults()
	}
	scale := fs.String("scale", "demo", "demo | large | medium | small")
	seedN := fs.Int64("seed", seed.DefaultSeed, "seed number: the same seed and day give the same data")
	force := fs.Bool("force", false, "empty a database that already holds data instead of refusing it")
	nowS := fs.String("now", "", "reference day (YYYY-MM-DD or RFC 3339; default: now): the data ends around it")
	quiet := fs.Bool("quiet", false, "no progress line")
	var dbURL, raterSecret string
	f.secret(&dbURL, "DATABASE_URL", "postgres://… selects PostgreSQL; unset: embedded SQLite in the data dir")
	dataDir := fs.String("xn_data_dir", envOr("XN_DATA_DIR", "./data"), "SQLite file, generated rater secret (env XN_DATA_DIR)")
	f.secret(&raterSecret, "XN_RATER_SECRET", "the server's rater secret; unset: the one generated in the data dir, as the demo server does")
	if err := f.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("seed: unexpected argument %q", fs.Arg(0))
	}
	// The keys of the generated raters must be the server's: it refuses to
	// start with another secret than the one they were written with.
	secret, err := raterkey.Load(raterSecret, true, *dataDir)
	if err != nil {
		return err
	}
	now := time.Now()
	if *nowS != "" {
		t, err := parseNow(*nowS)
		if err != nil {
			return err
		}
		now = t
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	began := time.Now()
	st, err := store.Open(ctx, dbURL, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	where := "SQLite " + *dataDir
	if dbURL != "" {
		where = "PostgreSQL"
	}
	progress := os.Stderr
	if *quiet {
		progress = nil
	}
	if *scale == "demo" {
		sctx := privacy.DecisionContext(ctx, privacy.Allow)
		if *force {
			if err := seed.Empty(sctx, st.DB, st.Dialect); err != nil {
				return err
			}
		}
		sum, err := seed.Demo(sctx, st.Client, seed.Options{Seed: *seedN, Now: now, RaterSecret: secret})
		if errors.Is(err, seed.ErrAlreadySeeded) {
			return fmt.Errorf("the database already holds data; add --force to replace it")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "seeded the demo agency into %s in %s: %d departments, %d staff, %d tasks, %d assignments, %d ratings\n",
			where, time.Since(began).Round(time.Millisecond), sum.Departments, sum.Staff, sum.Tasks, sum.TaskAssignments, sum.Ratings)
		printAccounts(sum.DemoAccounts)
		return nil
	}
	sc, ok := seed.ScaleByName(*scale)
	if !ok {
		return fmt.Errorf("seed: unknown scale %q (demo, large, medium, small)", *scale)
	}
	fmt.Fprintf(os.Stderr, "generating scale %q (seed %d, day %s) into %s\n", sc.Name, *seedN,
		now.In(workcal.Location()).Format(time.DateOnly), where)
	sum, err := seed.Large(ctx, st.DB, st.Dialect, seed.LargeOptions{Scale: sc, Seed: *seedN, Now: now, Force: *force, Progress: progress, RaterSecret: secret})
	if errors.Is(err, seed.ErrAlreadySeeded) {
		return fmt.Errorf("the database already holds data; add --force to replace it")
	}
	if err != nil {
		return err
	}
	var names []string
	for n := range sum.Rows {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %s", n, bulk.Group(int64(sum.Rows[n]))))
	}
	fmt.Fprintf(os.Stderr, "generated scale %q into %s in %s (data %s … %s)\n  %s\n", sc.Name, where,
		sum.Elapsed.Round(100*time.Millisecond), sum.DataFrom.Format(time.DateOnly), sum.QuarterTo.Format(time.DateOnly),
		strings.Join(parts, ", "))
	printAccounts(sum.Accounts)
	return nil
}

func printAccounts(as []seed.DemoAccount) {
	fmt.Fprintf(os.Stderr, "accounts (password %q):", seed.DefaultPassword)
	for _, a := range as {
		fmt.Fprintf(os.Stderr, " %s (%s)", a.Login, a.Role)
	}
	fmt.Fprintln(os.Stderr)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func parseNow(s string) (time.Time, error) {
	if t, err := time.ParseInLocation(time.DateOnly, s, workcal.Location()); err == nil {
		return t.Add(10 * time.Hour), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("seed: --now %q: want YYYY-MM-DD or RFC 3339", s)
	}
	return t, nil
}
