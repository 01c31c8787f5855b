// Package store opens the database (embedded SQLite by default, PostgreSQL
// when given a postgres:// URL), applies the versioned migrations and hands
// out the ent client.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver "postgres"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"

	"xiaoneng/ent"
	_ "xiaoneng/ent/runtime" // hooks and privacy policies of the schema
	"xiaoneng/internal/respcache"
)

// Store is an open database with its ent client.
type Store struct {
	Client  *ent.Client
	DB      *sql.DB
	Dialect string // dialect.SQLite or dialect.Postgres
	// Fresh is true when this open created the schema from nothing.
	Fresh bool
	lock  *DirLock // the data dir's, held shared until Close (SQLite)
}

// DBFile is the SQLite database's file in the data dir.
const DBFile = "xiaoneng.db"

// SQLitePath is the SQLite database of dataDir.
func SQLitePath(dataDir string) string { return filepath.Join(dataDir, DBFile) }

// SQLiteDSN is the DSN of the SQLite file in dataDir, with the pragmas the
// product relies on (foreign keys on, WAL for concurrent readers).
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
}

// Open connects to databaseURL (postgres://… or postgresql://…) or, when it
// is empty, to the SQLite file xiaoneng.db in dataDir, then migrates. On
// the data dir's SQLite it holds the data dir's lock shared until Close
// (LockDataDir): it refuses to open while `server restore` runs.
func Open(ctx context.Context, databaseURL, dataDir string) (*Store, error) {
	return open(ctx, databaseURL, dataDir, false)
}

// OpenKnown is Open for the maintenance commands that run first on a
// database from elsewhere (a restored dump): before migrating anything it
// refuses a database a newer release wrote (Schema.Known).
func OpenKnown(ctx context.Context, databaseURL, dataDir string) (*Store, error) {
	return open(ctx, databaseURL, dataDir, true)
}

func open(ctx context.Context, databaseURL, dataDir string, known bool) (*Store, error) {
	driver, dsn, dia := "sqlite", "", dialect.SQLite
	var lock *DirLock
	switch {
	case databaseURL == "":
		var err error
		if lock, err = LockDataDir(dataDir, false); errors.Is(err, ErrDirBusy) {
			return nil, fmt.Errorf("the data dir %s is being restored (`server restore`): start again when it has finished", dataDir)
		} else if err != nil {
			return nil, err
		}
		dsn = SQLiteDSN(SQLitePath(dataDir))
	case strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://"):
		driver, dsn, dia = "postgres", databaseURL, dialect.Postgres
	case strings.HasPrefix(databaseURL, "file:"):
		dsn = databaseURL
	default:
		return nil, fmt.Errorf("DATABASE_URL must start with postgres:// (or be unset for the embedded SQLite)")
	}
	s, err := openDSN(ctx, driver, dsn, dia, known)
	if err != nil {
		lock.Unlock()
		return nil, err
	}
	s.lock = lock
	return s, nil
}

// OpenDSN opens a database by driver name and DSN and migrates it.
func OpenDSN(ctx context.Context, driver, dsn, dia string) (*Store, error) {
	return openDSN(ctx, driver, dsn, dia, false)
}

func openDSN(ctx context.Context, driver, dsn, dia string, known bool) (*Store, error) {
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	if dia == dialect.SQLite {
		// One writer at a time is SQLite's model; a small pool of readers is
		// enough with WAL.
		db.SetMaxOpenConns(4)
	} else {
		db.SetMaxOpenConns(40)
		db.SetMaxIdleConns(40)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to the database: %w", err)
	}
	if known {
		s, err := ReadSchema(ctx, db, dia)
		if err == nil {
			err = s.Known()
		}
		if err != nil {
			db.Close()
			return nil, err
		}
	}
	fresh, err := Migrate(ctx, db, dia)
	if err != nil {
		db.Close()
		return nil, err
	}
	drv := rewritingDriver{Driver: entsql.OpenDB(dia, db)}
	if dia == dialect.SQLite {
		drv.ent, drv.raw = utcArgs, utcArgs
	} else {
		drv.ent = arrayArgs
	}
	client := ent.NewClient(ent.Driver(drv))
	// Every committed write moves the data version the response cache
	// checks (internal/respcache).
	client.Use(respcache.Hook())
	return &Store{Client: client, DB: db, Dialect: dia, Fresh: fresh}, nil
}

// Close closes the client and the pool, and releases the data dir.
func (s *Store) Close() error {
	err := s.Client.Close()
	if uerr := s.lock.Unlock(); err == nil {
		err = uerr
	}
	return err
}

// InTx runs fn in one transaction of client: every row a domain operation
// changes, and its audit row, commit together or not at all. A panic or an
// error rolls back.
func InTx(ctx context.Context, client *ent.Client, fn func(tx *ent.Client) error) (err error) {
	tx, err := client.Tx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
