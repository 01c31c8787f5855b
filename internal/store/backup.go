package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
)

// Backup writes a consistent copy of the SQLite database at dbPath (a
// running server may be writing to it) to file, and returns the schema
// state of the copy.
//
// SQLite's VACUUM INTO reads the database in one read transaction — a
// snapshot: every transaction committed before it is in the copy, none
// after — without blocking writers (WAL), and writes a compact,
// self-contained file (rollback journal, no -wal beside it). The copy goes
// to a temporary file beside file; it is checked (PRAGMA quick_check, and
// its schema_migrations read), synced, and only then renamed into place,
// so file is either the previous one or a complete new backup, never half
// of one. The file is readable by its owner only: it holds personal data.
func Backup(ctx context.Context, dbPath, file string) (Schema, error) {
	if _, err := os.Stat(dbPath); err != nil {
		return Schema{}, fmt.Errorf("no database to back up: %w", err)
	}
	if same, err := sameFile(dbPath, file); err != nil || same {
		if err == nil {
			err = fmt.Errorf("%s is the database itself: give another file", file)
		}
		return Schema{}, err
	}
	// mode=rw: never create a database that is not there.
	db, err := sql.Open("sqlite", SQLiteDSN(dbPath)+"&mode=rw")
	if err != nil {
		return Schema{}, err
	}
	defer db.Close()
	tmp, err := os.CreateTemp(filepath.Dir(file), filepath.Base(file)+".tmp-*")
	if err != nil {
		return Schema{}, fmt.Errorf("creating the backup: %w", err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	done := false
	defer func() {
		if !done {
			removeSQLite(tmpName)
		}
	}()
	// VACUUM INTO writes into an empty file (CreateTemp made it, mode 0600).
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmpName); err != nil {
		return Schema{}, fmt.Errorf("copying the database: %w", err)
	}
	s, err := checkCopy(ctx, tmpName)
	if err != nil {
		return s, err
	}
	// SQLite does not sync what VACUUM INTO writes.
	if err := syncFile(tmpName); err != nil {
		return s, err
	}
	if err := os.Rename(tmpName, file); err != nil {
		return s, fmt.Errorf("moving the backup into place: %w", err)
	}
	done = true
	return s, syncDir(filepath.Dir(file))
}

// checkCopy checks a copy VACUUM INTO wrote and reads its schema state.
func checkCopy(ctx context.Context, path string) (Schema, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return Schema{}, err
	}
	defer db.Close()
	if err := IntegrityCheck(ctx, db, true); err != nil {
		return Schema{}, fmt.Errorf("the copy: %w", err)
	}
	return ReadSchema(ctx, db, dialect.SQLite)
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check (quick_check when
// quick: no comparison of the indexes with their tables) and fails with
// what it reports when that is not "ok".
func IntegrityCheck(ctx context.Context, db *sql.DB, quick bool) error {
	q := `PRAGMA integrity_check(20)`
	if quick {
		q = `PRAGMA quick_check(20)`
	}
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		found = append(found, s)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(found) != 1 || found[0] != "ok" {
		return fmt.Errorf("integrity check: %s", strings.Join(found, "; "))
	}
	return nil
}

// ForeignKeyCheck fails when a row of the SQLite database points at a row
// that does not exist (PRAGMA foreign_key_check over every table).
func ForeignKeyCheck(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return foreignKeyCheck(ctx, tx)
}

func sameFile(a, b string) (bool, error) {
	ia, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	ib, err := os.Stat(b)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(ia, ib), nil
}

// SameFile reports whether the paths name one existing file.
func SameFile(a, b string) bool {
	same, err := sameFile(a, b)
	return err == nil && same
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, fs.ErrInvalid) {
		return err
	}
	return nil
}

// removeSQLite removes a SQLite database file with its -wal and -shm.
func removeSQLite(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// Restored is what RestoreSQLite did.
type Restored struct {
	// Backup is the schema state of the backup as given; Now the
	// database's after the restore (the backup's with this binary's newer
	// migrations applied).
	Backup, Now Schema
	// Aside is where the database the restore replaced was moved ("" when
	// the data dir had none).
	Aside string
}

// RestoreSQLite replaces the SQLite database of dataDir with the backup at
// file (one Backup wrote, or a copy of a stopped server's database). It
// holds the data dir's lock exclusively throughout, so it refuses to run
// while a server (or another command) has the data dir open, and nothing
// opens it meanwhile.
//
// The backup is copied into the data dir (file itself is only read) and
// checked there — a SQLite database (PRAGMA integrity_check) of this
// product (schema_migrations) that no newer release wrote (Schema.Known) —
// then opened, which applies this binary's newer migrations, and handed to
// prepare (rebuild and check what the database derives from its rows).
// Only when all of that succeeded is the current database moved aside
// (kept as Restored.Aside, for the operator to delete once satisfied) and
// the copy renamed into its place; until then the data dir is untouched.
func RestoreSQLite(ctx context.Context, dataDir, file string, prepare func(context.Context, *Store) error) (Restored, error) {
	var r Restored
	lock, err := LockDataDir(dataDir, true)
	if errors.Is(err, ErrDirBusy) {
		return r, fmt.Errorf("a server (or another server command) is using the data dir %s: stop it, then restore", dataDir)
	}
	if err != nil {
		return r, err
	}
	defer lock.Unlock()
	live := SQLitePath(dataDir)
	if _, err := os.Stat(file); err != nil {
		return r, fmt.Errorf("the backup: %w", err)
	}
	if SameFile(file, live) {
		return r, fmt.Errorf("%s is the data dir's database itself", file)
	}
	tmp, err := os.CreateTemp(dataDir, DBFile+".restoring-*")
	if err != nil {
		return r, err
	}
	tmpName := tmp.Name()
	tmp.Close()
	done := false
	defer func() {
		if !done {
			removeSQLite(tmpName)
		}
	}()
	// A database left in WAL mode keeps its last commits in its -wal.
	for _, suffix := range []string{"", "-wal"} {
		if err := copyFile(file+suffix, tmpName+suffix); err != nil && (suffix == "" || !errors.Is(err, fs.ErrNotExist)) {
			return r, fmt.Errorf("copying the backup into the data dir: %w", err)
		}
	}
	if r.Backup, err = checkBackup(ctx, file, tmpName); err != nil {
		return r, err
	}
	st, err := OpenDSN(ctx, "sqlite", SQLiteDSN(tmpName), dialect.SQLite)
	if err != nil {
		return r, fmt.Errorf("migrating the backup: %w", err)
	}
	if err = prepare(ctx, st); err == nil {
		r.Now, err = ReadSchema(ctx, st.DB, dialect.SQLite)
	}
	if err == nil {
		err = ForeignKeyCheck(ctx, st.DB)
	}
	if cerr := closeSQLite(ctx, st.DB, tmpName); err == nil {
		err = cerr
	}
	st.Client.Close()
	if err != nil {
		return r, err
	}
	if err := syncFile(tmpName); err != nil {
		return r, err
	}
	if r.Aside, err = setAside(ctx, live); err != nil {
		return r, err
	}
	if err := os.Rename(tmpName, live); err != nil {
		if r.Aside != "" {
			os.Rename(r.Aside, live)
		}
		return r, fmt.Errorf("moving the restored database into place: %w", err)
	}
	done = true
	// The restore has happened: a directory that cannot be synced only
	// leaves the rename to the next sync of the file system.
	_ = syncDir(dataDir)
	return r, nil
}

// checkBackup checks the copy at path of the backup file before anything
// writes to it.
func checkBackup(ctx context.Context, file, path string) (Schema, error) {
	db, err := sql.Open("sqlite", SQLiteDSN(path)+"&mode=rw")
	if err != nil {
		return Schema{}, err
	}
	defer db.Close()
	if err := IntegrityCheck(ctx, db, false); err != nil {
		if strings.Contains(err.Error(), "not a database") {
			return Schema{}, fmt.Errorf("%s is not a SQLite database", file)
		}
		return Schema{}, fmt.Errorf("%s is damaged: %w", file, err)
	}
	s, err := ReadSchema(ctx, db, dialect.SQLite)
	if err != nil {
		return s, err
	}
	if !s.Tracked {
		return s, fmt.Errorf("%s is not a database of this product (it has no schema_migrations table)", file)
	}
	if err := s.Known(); err != nil {
		return s, fmt.Errorf("%s: %w", file, err)
	}
	return s, nil
}

// closeSQLite moves everything of the database at path into its main file
// and closes db: afterwards the file alone is the database. A -wal that
// outlives the close means another process has the database open.
func closeSQLite(ctx context.Context, db *sql.DB, path string) error {
	_, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("checkpointing %s: %w", path, err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		return fmt.Errorf("another process has %s open: stop it, then restore", path)
	}
	return nil
}

// setAside moves the database at live (if there is one) to a new name
// beside it and returns that name.
func setAside(ctx context.Context, live string) (string, error) {
	if _, err := os.Stat(live); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	db, err := sql.Open("sqlite", SQLiteDSN(live)+"&mode=rw")
	if err != nil {
		return "", err
	}
	if err := closeSQLite(ctx, db, live); err != nil {
		return "", err
	}
	os.Remove(live + "-shm") // the index of a WAL that no longer exists
	aside := ""
	for i := 0; ; i++ {
		aside = live + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if i > 0 {
			aside += fmt.Sprintf("-%d", i)
		}
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	if err := os.Rename(live, aside); err != nil {
		return "", fmt.Errorf("moving the current database aside: %w", err)
	}
	return aside, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
