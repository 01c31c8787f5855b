//go:build !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package store

import "errors"

// DirLock is the data dir's lock (see lock_flock.go). This system has no
// flock(2): the data dir is not locked, and `server restore` cannot tell a
// running server from a stopped one — stop the server first.
type DirLock struct{}

// LockFile is the file of the data dir that DirLock locks.
const LockFile = "xiaoneng.lock"

// ErrDirBusy is returned by LockDataDir when the lock is held in a way that
// excludes the one asked for.
var ErrDirBusy = errors.New("store: the data dir is locked")

// LockDataDir does nothing here.
func LockDataDir(dataDir string, exclusive bool) (*DirLock, error) { return &DirLock{}, nil }

// Unlock does nothing here.
func (l *DirLock) Unlock() error { return nil }
