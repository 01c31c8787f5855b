package seed

// The scale generator (`server seed --scale large`): an agency of 200
// departments, 10,000 staff, 1,000,000 tasks with ~2.5 M assignments and
// ~1.5 M events, and 1,000,000 frontline ratings, for benchmarks.
//
// It keeps the demo's vocabularies and its planted problems, multiplied:
// the agency has divisions (二级部门) built on the demo's departments —
// 办公室, 政治处, 安全环保部, 物资供应部 … — each with sections (科室) where
// the staff work. So the data again has a few overloaded staff and many
// idle ones in every division, divisions that lead without doing (政治处)
// or do it all (安全环保部), requests passed back and forth between
// 后勤服务中心 and 生产技术部, meetings and ledgers eating 党建工作部's
// weeks, a division the frontline rates badly (物资供应部), overdue work.
//
// Rows are generated week by week and streamed: each week's rows are
// buffered per table and flushed in foreign-key order (COPY on PostgreSQL,
// multi-row INSERTs on SQLite), so memory stays bounded whatever the size.
// IDs are explicit, inside each table's ent global-ID range, and the
// identity sequences are moved past them at the end. Everything runs in
// one transaction; on PostgreSQL the secondary indexes and foreign keys
// are set aside during the load and rebuilt (and so re-validated) before
// the commit. The load rollup (internal/rollup) is built at the end.
//
// Everything derives from the seed and Now: the same pair gives the same
// rows on either database.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent/migrate"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/bulk"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/rollup"
)

// Scale is the size of a generated agency.
type Scale struct {
	Name      string
	Divisions int // agency divisions (二级部门) under the root
	Sections  int // sections (科室) in each division
	Frontline int // frontline units
	Staff     int // all staff, frontline included
	Tasks     int
	Ratings   int
	Quarters  int // quarters of history before the current one
}

// Departments is the number of departments: the root, the divisions,
// their sections and the frontline units.
func (s Scale) Departments() int { return 1 + s.Divisions + s.Divisions*s.Sections + s.Frontline }

// The named scales. "large" is DESIGN.md's benchmark size.
var (
	ScaleLarge  = Scale{Name: "large", Divisions: 24, Sections: 5, Frontline: 55, Staff: 10_000, Tasks: 1_000_000, Ratings: 1_000_000, Quarters: 7}
	ScaleMedium = Scale{Name: "medium", Divisions: 12, Sections: 4, Frontline: 20, Staff: 2_000, Tasks: 100_000, Ratings: 100_000, Quarters: 3}
	ScaleSmall  = Scale{Name: "small", Divisions: 7, Sections: 2, Frontline: 4, Staff: 160, Tasks: 3_000, Ratings: 1_500, Quarters: 1}
)

// ScaleByName returns a named scale.
func ScaleByName(name string) (Scale, bool) {
	for _, s := range []Scale{ScaleLarge, ScaleMedium, ScaleSmall} {
		if s.Name == name {
			return s, true
		}
	}
	return Scale{}, false
}

// LargeOptions controls the scale generator.
type LargeOptions struct {
	Scale Scale
	// Seed of the pseudo-random generator; 0 means DefaultSeed.
	Seed int64
	// Now is the reference day; zero means time.Now().
	Now time.Time
	// Password of the demo-style accounts; empty means DefaultPassword.
	Password string
	// RaterSecret keys the rater hashes (raterkey.Key): the server's own
	// secret. Required.
	RaterSecret []byte
	// Force empties a database that already holds data instead of refusing it.
	Force bool
	// Progress, when set, receives a progress line (rewritten with \r).
	Progress io.Writer
}

// LargeSummary reports what Large wrote, per table.
type LargeSummary struct {
	Scale                                 Scale
	Seed                                  int64
	Now, DataFrom, QuarterFrom, QuarterTo time.Time
	Rows                                  map[string]int
	Accounts                              []DemoAccount
	Elapsed                               time.Duration
}

// Large writes a generated agency of opt.Scale into the (migrated)
// database db of dialect dia.
func Large(ctx context.Context, db *sql.DB, dia string, opt LargeOptions) (*LargeSummary, error) {
	began := time.Now()
	if opt.Seed == 0 {
		opt.Seed = DefaultSeed
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Password == "" {
		opt.Password = DefaultPassword
	}
	if len(opt.RaterSecret) < raterkey.MinSecretBytes {
		return nil, errRaterSecret
	}
	sc := opt.Scale
	if sc.Divisions < 1 || sc.Sections < 1 || sc.Frontline < 1 || sc.Tasks < 1 || sc.Quarters < 0 ||
		sc.Staff < 8+sc.Divisions*3+sc.Divisions*sc.Sections*4+sc.Frontline*4 {
		return nil, fmt.Errorf("seed: scale %+v is too small", sc)
	}
	pg := dia == dialect.Postgres
	var conn *sql.Conn
	if !pg {
		// defer_foreign_keys is per connection: pin one.
		var err error
		if conn, err = db.Conn(ctx); err != nil {
			return nil, err
		}
		defer conn.Close()
	}
	var tx *sql.Tx
	var err error
	if conn != nil {
		tx, err = conn.BeginTx(ctx, nil)
	} else {
		tx, err = db.BeginTx(ctx, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("seed: begin: %w", err)
	}
	defer tx.Rollback()
	if !pg {
		// References are checked at the commit: rows may name rows of a
		// later batch (a mentor, a rating's task).
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return nil, err
		}
	}
	empty, err := isEmpty(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if !empty {
		if !opt.Force {
			return nil, ErrAlreadySeeded
		}
		if err := wipe(ctx, tx, pg); err != nil {
			return nil, fmt.Errorf("seed: emptying the database: %w", err)
		}
	}
	hash, err := auth.HashPassword(opt.Password)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	prog := bulk.NewProgress(opt.Progress)
	var deferred *bulk.Deferred
	if pg {
		if _, err := tx.ExecContext(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
			return nil, err
		}
		if deferred, err = bulk.DeferIndexes(ctx, tx, bulkTables); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	g := newLarge(opt)
	g.l = bulk.New(tx, dia)
	g.hash = hash
	g.prog = prog
	if err := g.run(ctx); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if deferred != nil {
		prog.Phase("indexes", "statements", int64(deferred.Steps()), nil)
		err := deferred.Restore(ctx, tx, func(int, string) { prog.Add(1) })
		if err != nil {
			return nil, fmt.Errorf("seed: rebuilding indexes: %w", err)
		}
	}
	if pg {
		// statistics for the rollup's join (VACUUM ANALYZE follows the commit)
		if _, err := tx.ExecContext(ctx, `ANALYZE tasks, task_assignments, staff`); err != nil {
			return nil, fmt.Errorf("seed: analyze: %w", err)
		}
	}
	prog.Phase("rollup", "staff", int64(len(g.people)), nil)
	var last int
	n, err := rollup.Rebuild(rollup.Deferred(ctx), tx, g.l, func(done, _ int) { prog.Add(int64(done - last)); last = done })
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	g.sum.Rows[rollup.Table] = n
	if pg {
		if err := setSequences(ctx, tx); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	// the rows bypassed ent: move the data version, so that a running
	// server's response cache answers afresh
	if err := respcache.Bump(ctx, tx); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	prog.Phase("commit", "", 0, nil)
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("seed: commit: %w", err)
	}
	prog.Phase("analyze", "", 0, nil)
	if pg {
		if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE)`); err != nil {
			return nil, fmt.Errorf("seed: vacuum: %w", err)
		}
	} else if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return nil, fmt.Errorf("seed: analyze: %w", err)
	}
	g.sum.Elapsed = time.Since(began)
	prog.Finish("generated")
	return &g.sum, nil
}

// bulkTables are the big tables whose indexes DeferIndexes sets aside.
var bulkTables = []string{"tasks", "task_co_departments", "task_assignments", "task_events", "ratings", "rectifications", "service_visits"}

func isEmpty(ctx context.Context, tx *sql.Tx) (bool, error) {
	for _, t := range []string{"departments", "staff", "accounts", "tasks"} {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+t+` LIMIT 1`).Scan(&one)
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, err
		}
	}
	return true, nil
}

// wipe empties every table of the schema and resets the ID sequences to
// the start of each table's global-ID range.
func wipe(ctx context.Context, tx *sql.Tx, pg bool) error {
	var names []string
	for _, t := range migrate.Tables {
		names = append(names, t.Name)
	}
	if pg {
		_, err := tx.ExecContext(ctx, `TRUNCATE `+strings.Join(names, ", ")+` RESTART IDENTITY CASCADE`)
		return err
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+n); err != nil {
			return err
		}
	}
	for n, start := range idStarts() {
		if _, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = ? WHERE name = ?`, start, n); err != nil {
			return err
		}
	}
	return nil
}

// idStarts maps each table to the start of its ent global-ID range.
func idStarts() map[string]int {
	m := map[string]int{}
	for _, t := range migrate.Tables {
		if t.Annotation != nil && t.Annotation.IncrementStart != nil {
			m[t.Name] = *t.Annotation.IncrementStart
		}
	}
	return m
}

// setSequences moves every identity sequence past the explicit IDs.
func setSequences(ctx context.Context, tx *sql.Tx) error {
	for n := range idStarts() {
		_, err := tx.ExecContext(ctx, fmt.Sprintf(
			`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), m) FROM (SELECT max(id) AS m FROM %[1]s) x WHERE m IS NOT NULL`, n))
		if err != nil {
			return fmt.Errorf("sequence of %s: %w", n, err)
		}
	}
	return nil
}

// writeSettings stores the check of the rater secret like Demo does.
func (g *lgen) writeSettings(ctx context.Context) error {
	t := g.l.Table("settings", "id", "created_at", "updated_at", "key", "value")
	t.Add(g.id("settings"), g.orgTime, g.orgTime, raterkey.CheckSetting, raterkey.Check(g.opt.RaterSecret))
	return g.flush(ctx, t)
}

// Empty deletes every row of every table of the schema (the migrations
// stay applied) and resets the ID sequences, in one transaction.
func Empty(ctx context.Context, db *sql.DB, dia string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	pg := dia == dialect.Postgres
	if !pg {
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
	}
	if err := wipe(ctx, tx, pg); err != nil {
		return fmt.Errorf("seed: emptying the database: %w", err)
	}
	return tx.Commit()
}
