package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"xiaoneng/internal/bulk"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
)

// runRollup is `server rollup`: maintenance of the rollups (internal/rollup:
// the load rollup staff_week_loads, the ratings rollup
// department_day_ratings, and the copies rollup.FillCopies sets: tasks'
// first acceptance and co-department count, rectifications' rater key),
// which the server keeps
// current by itself; --rebuild recomputes them from the source rows (after
// a restore or a bulk import that bypassed the product), --check compares
// the rollups with them.
func runRollup(args []string) error {
	f := newFlags("rollup")
	fs := f.fs
	rebuild := fs.Bool("rebuild", false, "recompute the rollup from tasks and assignments (one transaction)")
	check := fs.Bool("check", false, "compare the rollup with a direct computation; exit status 1 when they differ")
	var dbURL string
	f.secret(&dbURL, "DATABASE_URL", "postgres://… selects PostgreSQL; unset: embedded SQLite in the data dir")
	dataDir := fs.String("xn_data_dir", envOr("XN_DATA_DIR", "./data"), "SQLite file (env XN_DATA_DIR)")
	if err := f.parse(args); err != nil {
		return err
	}
	if *rebuild == *check {
		return errors.New("rollup: give exactly one of --rebuild and --check")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	st, err := store.Open(ctx, dbURL, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	began := time.Now()
	if *check {
		want, err := rollup.Compute(ctx, st.DB)
		if err != nil {
			return err
		}
		got, err := rollup.Stored(ctx, st.DB)
		if err != nil {
			return err
		}
		if d := rollup.Diff(got, want, 1e-6, 20); len(d) > 0 {
			for _, s := range d {
				fmt.Fprintln(os.Stderr, " ", s)
			}
			return fmt.Errorf("rollup: %d+ cells differ from the assignments; run `server rollup --rebuild`", len(d))
		}
		fmt.Fprintf(os.Stderr, "rollup: %s cells match the assignments (%s)\n", bulk.Group(int64(len(got))), time.Since(began).Round(time.Millisecond))
		wantR, err := rollup.ComputeRatings(ctx, st.DB, st.Dialect)
		if err != nil {
			return err
		}
		gotR, err := rollup.StoredRatings(ctx, st.DB, st.Dialect)
		if err != nil {
			return err
		}
		if d := rollup.DiffRatings(gotR, wantR, 20); len(d) > 0 {
			for _, s := range d {
				fmt.Fprintln(os.Stderr, " ", s)
			}
			return fmt.Errorf("rollup: %d+ department days differ from the ratings; run `server rollup --rebuild`", len(d))
		}
		fmt.Fprintf(os.Stderr, "rollup: %s department days match the ratings (%s)\n", bulk.Group(int64(len(gotR))), time.Since(began).Round(time.Millisecond))
		for _, c := range rollup.Copies {
			if n, err := c.Mismatches(ctx, st.DB, st.Dialect); err != nil {
				return err
			} else if n > 0 {
				return fmt.Errorf("rollup: %d %s differ from %s; run `server rollup --rebuild`", n, c.Rows, c.Source)
			}
			fmt.Fprintf(os.Stderr, "rollup: every one of the %s matches %s (%s)\n", c.Rows, c.Source, time.Since(began).Round(time.Millisecond))
		}
		return nil
	}
	tx, err := st.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	prog := bulk.NewProgress(os.Stderr)
	prog.Phase("rollup", "staff", 0, nil)
	last := 0
	n, err := rollup.Rebuild(ctx, tx, bulk.New(tx, st.Dialect), func(done, _ int) { prog.Add(int64(done - last)); last = done })
	if err != nil {
		return err
	}
	// Raw SQL: running servers' response caches must see the new figures.
	if err := respcache.Bump(ctx, tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	prog.Finish(fmt.Sprintf("rollup: rebuilt, %s rows", bulk.Group(int64(n))))
	return nil
}
