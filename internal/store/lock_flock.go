//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// DirLock is a lock on a data dir: every process that opens the data dir's
// database (the server, `server seed`, `server rollup`, `server backup`)
// holds it shared; `server restore` holds it exclusively, so that it never
// replaces the database under a running server and nothing opens the data
// dir while it does. It is an advisory lock (flock(2)) on the file
// LockFile of the data dir, released by Unlock or when the process ends
// however it ends, so it never outlives its holder.
type DirLock struct{ f *os.File }

// LockFile is the file of the data dir that DirLock locks.
const LockFile = "xiaoneng.lock"

// ErrDirBusy is returned by LockDataDir when the lock is held in a way that
// excludes the one asked for.
var ErrDirBusy = errors.New("store: the data dir is locked")

// LockDataDir takes the data dir's lock, shared or exclusive, without
// waiting: ErrDirBusy (wrapped) when another holder excludes it.
func LockDataDir(dataDir string, exclusive bool) (*DirLock, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data dir: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dataDir, LockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the data dir's lock: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err = syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrDirBusy
		}
		return nil, fmt.Errorf("locking the data dir: %w", err)
	}
	return &DirLock{f: f}, nil
}

// Unlock releases the lock (a nil lock is a no-op).
func (l *DirLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the last descriptor releases the flock
	l.f = nil
	return err
}
