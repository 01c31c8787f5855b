package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"xiaoneng/internal/bulk"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
)

// runRollup is `server rollup`: maintenance of what the server keeps from
// the source rows by itself (internal/rollup: the load rollup
// staff_week_loads, the ratings rollup department_day_ratings, the task
// count, and the copies rollup.FillCopies sets: tasks' first acceptance and
// co-department count, rectifications' rater key). --rebuild recomputes
// them from the source rows (after a restore or a bulk import that
// bypassed the product), --check compares them with the source rows; both
// rebuild, then check. It refuses a database a newer release wrote (a dump
// restored into PostgreSQL, see docs/OPERATIONS.md) and applies this
// release's newer migrations to an older one.
func runRollup(args []string) error {
	f := newFlags("rollup")
	fs := f.fs
	rebuild := fs.Bool("rebuild", false, "recompute the rollups and stored copies from the source rows (one transaction)")
	check := fs.Bool("check", false, "compare the rollups and stored copies with the source rows; exit status 1 when they differ")
	var dbURL string
	f.secret(&dbURL, "DATABASE_URL", "postgres://… selects PostgreSQL; unset: embedded SQLite in the data dir")
	dataDir := fs.String("xn_data_dir", envOr("XN_DATA_DIR", "./data"), "SQLite file (env XN_DATA_DIR)")
	if err := f.parse(args); err != nil {
		return err
	}
	if !*rebuild && !*check {
		return errors.New("rollup: give --rebuild, --check or both")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	st, err := store.OpenKnown(ctx, dbURL, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	if *rebuild {
		if err := rebuildRollups(ctx, st, os.Stderr); err != nil {
			return err
		}
	}
	if *check {
		return checkRollups(ctx, st, os.Stderr)
	}
	return nil
}

// rebuildRollups is `server rollup --rebuild`, with its progress on w.
func rebuildRollups(ctx context.Context, st *store.Store, w io.Writer) error {
	prog := bulk.NewProgress(w)
	prog.Phase("rollup", "staff", 0, nil)
	last := 0
	n, err := rollup.RebuildAll(ctx, st.DB, st.Dialect, func(done, _ int) { prog.Add(int64(done - last)); last = done })
	if err != nil {
		return err
	}
	prog.Finish(fmt.Sprintf("rollup: rebuilt, %s rows", bulk.Group(int64(n))))
	return nil
}

// checkRollups is `server rollup --check`, reporting on w.
func checkRollups(ctx context.Context, st *store.Store, w io.Writer) error {
	return rollup.CheckAll(ctx, st.DB, st.Dialect, func(line string) { fmt.Fprintln(w, line) })
}
