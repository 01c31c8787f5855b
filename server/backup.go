package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"xiaoneng/ent/privacy"
	"xiaoneng/ent/setting"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/store"
)

const backupUsage = `usage: server backup [flags] FILE

Writes a consistent copy of the data dir's SQLite database to FILE while the
server runs (a snapshot: every transaction committed before it, none after),
atomically: FILE is replaced only by a complete, checked copy. It prints the
schema version the copy holds. The secrets are not in the database: keep the
data dir's jwt-secret and rater-secret files (demo mode) or XN_JWT_SECRET and
XN_RATER_SECRET, apart from the backups. For PostgreSQL use pg_dump
(docs/OPERATIONS.md).

Flags:
`

const restoreUsage = `usage: server restore [flags] FILE

Replaces the data dir's SQLite database with the backup FILE. The server must
be stopped: restore refuses to run while anything has the data dir open. The
backup is copied into the data dir and checked first: a backup a newer
release wrote is refused; this release's newer migrations are applied to an
older one; every session it holds is ended (everyone logs in again); the
rollups and stored copies are rebuilt and checked; its rater keys must match the rater secret the server will start with (XN_RATER_SECRET,
or the data dir's rater-secret file). Only then is the current database moved
aside (kept as xiaoneng.db.before-restore-…) and the restored one put in its
place. For PostgreSQL use pg_restore (docs/OPERATIONS.md).

Flags:
`

// errNotSQLite refuses backup and restore with DATABASE_URL set.
var errNotSQLite = errors.New("backup and restore copy the data dir's SQLite database (unset DATABASE_URL); " +
	"for PostgreSQL use pg_dump and pg_restore, then `server rollup --rebuild --check` (docs/OPERATIONS.md)")

// runBackup is `server backup FILE`.
func runBackup(args []string, out io.Writer) error {
	f := newFlags("backup")
	fs := f.fs
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), backupUsage)
		fs.PrintDefaults()
	}
	var dbURL string
	f.secret(&dbURL, "DATABASE_URL", "must be unset: backup copies the SQLite database of the data dir")
	dataDir := fs.String("xn_data_dir", envOr("XN_DATA_DIR", "./data"), "the data dir whose database is copied (env XN_DATA_DIR)")
	if err := f.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("backup: give the file to write")
	}
	if dbURL != "" {
		return errNotSQLite
	}
	file := fs.Arg(0)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	// Shared, as a server holds it: only a restore in progress excludes it.
	lock, err := store.LockDataDir(*dataDir, false)
	if errors.Is(err, store.ErrDirBusy) {
		return fmt.Errorf("backup: the data dir %s is being restored: back up when the restore has finished", *dataDir)
	}
	if err != nil {
		return err
	}
	defer lock.Unlock()
	began := time.Now()
	s, err := store.Backup(ctx, store.SQLitePath(*dataDir), file)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	size := int64(0)
	if fi, err := os.Stat(file); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(out, "backup: wrote %s (%s) in %s: schema version %s (%d migrations)\n",
		file, mib(size), time.Since(began).Round(time.Millisecond), s.Version, s.Applied)
	fmt.Fprintf(out, "backup: not in it, keep apart from it: %s\n", secretsToKeep(*dataDir))
	return nil
}

// secretsToKeep names what a backup of the data dir's database lacks.
func secretsToKeep(dataDir string) string {
	var files []string
	for _, name := range []string{auth.SecretFileName, raterkey.FileName} {
		if _, err := os.Stat(filepath.Join(dataDir, name)); err == nil {
			files = append(files, filepath.Join(dataDir, name))
		}
	}
	if len(files) > 0 && os.Getenv("XN_RATER_SECRET") == "" {
		return "the secret files " + strings.Join(files, " and ") + " (without the same rater secret the server refuses the database)"
	}
	return "XN_RATER_SECRET (without it the server refuses the database) and XN_JWT_SECRET"
}

func mib(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d KiB", (n+1023)>>10)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// runRestore is `server restore FILE`.
func runRestore(args []string, out io.Writer) error {
	f := newFlags("restore")
	fs := f.fs
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), restoreUsage)
		fs.PrintDefaults()
	}
	var dbURL, raterSecret string
	f.secret(&dbURL, "DATABASE_URL", "must be unset: restore replaces the SQLite database of the data dir")
	dataDir := fs.String("xn_data_dir", envOr("XN_DATA_DIR", "./data"), "the data dir whose database is replaced (env XN_DATA_DIR)")
	f.secret(&raterSecret, "XN_RATER_SECRET", "the rater secret the server starts with; unset: the data dir's rater-secret file (demo mode)")
	if err := f.parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("restore: give the backup file")
	}
	if dbURL != "" {
		return errNotSQLite
	}
	file := fs.Arg(0)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	r, err := store.RestoreSQLite(ctx, *dataDir, file, func(ctx context.Context, st *store.Store) error {
		if err := checkRaterSecret(ctx, st, raterSecret, *dataDir); err != nil {
			return err
		}
		if err := endSessions(ctx, st); err != nil {
			return err
		}
		if err := rebuildRollups(ctx, st, out); err != nil {
			return err
		}
		return checkRollups(ctx, st, out)
	})
	if err != nil {
		return fmt.Errorf("restore: %w (the data dir is unchanged)", err)
	}
	fmt.Fprintf(out, "restore: %s had schema version %s (%d migrations)", file, r.Backup.Version, r.Backup.Applied)
	if n := len(r.Backup.Pending); n > 0 {
		fmt.Fprintf(out, "; applied this release's %d newer ones, now %s", n, r.Now.Version)
	}
	fmt.Fprintf(out, "\nrestore: %s is the restored database; every session of the backup's time has ended\n", store.SQLitePath(*dataDir))
	if r.Aside != "" {
		fmt.Fprintf(out, "restore: the previous one is kept as %s: delete it once the server serves the restored data\n", r.Aside)
	}
	return nil
}

// checkRaterSecret refuses a restored database whose rater keys were
// written under another secret than the one the server will start with:
// the server would refuse to start on it (ratings.PrepareRaterKeys). The
// secret is XN_RATER_SECRET or, as in demo mode, the data dir's
// rater-secret file.
func checkRaterSecret(ctx context.Context, st *store.Store, configured, dataDir string) error {
	rows, err := st.Client.Setting.Query().Where(setting.KeyIn(raterkey.LegacySetting, raterkey.CheckSetting)).
		All(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return err
	}
	check := ""
	for _, r := range rows {
		if r.Key == raterkey.LegacySetting {
			return nil // an earlier release's: the server re-keys it with its secret at start
		}
		check = r.Value
	}
	if check == "" {
		return nil // no server has started on it: any secret will do
	}
	file := filepath.Join(dataDir, raterkey.FileName)
	where := "XN_RATER_SECRET"
	if configured == "" {
		where = file
		if _, err := os.Stat(file); err != nil {
			return fmt.Errorf("the backup's rater keys were written with a rater secret that is not here: " +
				"set XN_RATER_SECRET as the server has it, or (demo mode) copy the rater-secret file of the data dir the backup comes from into this one; then restore again")
		}
	}
	secret, err := raterkey.Load(configured, true, dataDir)
	if err != nil {
		return err
	}
	if raterkey.Check(secret) != check {
		return fmt.Errorf("the backup's rater keys were written with another rater secret than %s's, and the server would refuse to start on it: "+
			"restore with the secret of the server the backup comes from", where)
	}
	return nil
}

// endSessions ends every session the restored database holds (one more
// session version per account, which refuses the access and refresh
// tokens issued under the one before): the backup brings back the
// sessions of its time, among them those ended since — by a logout, a
// password change, a disabled account — so everyone logs in again. The
// data version moves with the rebuild that follows.
func endSessions(ctx context.Context, st *store.Store) error {
	if _, err := st.DB.ExecContext(ctx, `UPDATE accounts SET session_version = session_version + 1`); err != nil {
		return fmt.Errorf("ending the sessions: %w", err)
	}
	return nil
}
