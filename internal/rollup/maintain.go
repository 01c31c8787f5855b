package rollup

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"xiaoneng/internal/bulk"
	"xiaoneng/internal/respcache"
)

// What the server keeps from the source rows by itself — the load rollup,
// the ratings rollup, the task count and the stored copies — is rebuilt
// and checked by RebuildAll and CheckAll: `server rollup --rebuild|--check`
// and `server restore` call them.

// RebuildAll rebuilds everything Rebuild does in one transaction of db and
// moves the data version (the rows were written by raw SQL, which the
// response caches of running servers would not see otherwise). progress,
// if set, follows the staff done. It returns the number of load rollup
// rows written.
func RebuildAll(ctx context.Context, db *sql.DB, dia string, progress func(staffDone, staffTotal int)) (int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	n, err := Rebuild(ctx, tx, bulk.New(tx, dia), progress)
	if err != nil {
		return 0, err
	}
	if err := respcache.Bump(ctx, tx); err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// CheckAll compares the load rollup, the ratings rollup, the task count and
// every stored copy with a computation from their source rows, calls
// report with a line for each that matches, and fails on the first that
// does not (after reporting up to 20 of the differing cells).
func CheckAll(ctx context.Context, db Querier, dia string, report func(string)) error {
	began := time.Now()
	took := func() time.Duration { return time.Since(began).Round(time.Millisecond) }
	want, err := Compute(ctx, db)
	if err != nil {
		return err
	}
	got, err := Stored(ctx, db)
	if err != nil {
		return err
	}
	if d := Diff(got, want, 1e-6, 20); len(d) > 0 {
		reportAll(report, d)
		return fmt.Errorf("rollup: %d+ cells differ from the assignments; run `server rollup --rebuild`", len(d))
	}
	report(fmt.Sprintf("rollup: %s cells match the assignments (%s)", bulk.Group(int64(len(got))), took()))
	wantR, err := ComputeRatings(ctx, db, dia)
	if err != nil {
		return err
	}
	gotR, err := StoredRatings(ctx, db, dia)
	if err != nil {
		return err
	}
	if d := DiffRatings(gotR, wantR, 20); len(d) > 0 {
		reportAll(report, d)
		return fmt.Errorf("rollup: %d+ department days differ from the ratings; run `server rollup --rebuild`", len(d))
	}
	report(fmt.Sprintf("rollup: %s department days match the ratings (%s)", bulk.Group(int64(len(gotR))), took()))
	if n, err := countOf(ctx, db, taskCountMismatchSQL); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("rollup: the kept task count (row_counts) is not the number of tasks; run `server rollup --rebuild`")
	}
	report(fmt.Sprintf("rollup: the kept task count matches the tasks (%s)", took()))
	for _, c := range Copies {
		if n, err := c.Mismatches(ctx, db, dia); err != nil {
			return err
		} else if n > 0 {
			return fmt.Errorf("rollup: %d %s differ from %s; run `server rollup --rebuild`", n, c.Rows, c.Source)
		}
		report(fmt.Sprintf("rollup: every one of the %s matches %s (%s)", c.Rows, c.Source, took()))
	}
	return nil
}

// taskCountMismatchSQL counts 1 when row_counts keeps a task count (Count
// falls back to counting when it does not) other than the number of tasks.
const taskCountMismatchSQL = `SELECT COUNT(*) FROM row_counts
WHERE table_name = '` + TasksTable + `' AND "rows" <> (SELECT COUNT(*) FROM tasks)`

func reportAll(report func(string), lines []string) {
	for _, l := range lines {
		report("  " + l)
	}
}
