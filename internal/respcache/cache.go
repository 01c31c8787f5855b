// Package respcache caches GraphQL query responses in process and serves
// one only while nothing has been written since it was computed: every
// committed write moves a data version (Hook, Bump), each request reads the
// version first (one primary-key read, so the check is exact across
// replicas) and a cached response counts only under the version it was
// computed at. A short TTL covers what depends on the clock (overdue
// counts, "now"). See docs/ARCHITECTURE.md "Response cache".
package respcache

import (
	"context"
	"database/sql"
	"log/slog"
	"sync/atomic"
	"time"
)

// Options size the cache. A zero TTL or MaxBytes turns it off.
type Options struct {
	TTL      time.Duration
	MaxBytes int64
}

// Defaults: five seconds bound what a clock-dependent figure may lag; 64 MiB
// hold some two thousand pages of 50 tasks.
var Defaults = Options{TTL: 5 * time.Second, MaxBytes: 64 << 20}

// VersionFunc reads the current data version.
type VersionFunc func(context.Context) (int64, error)

// DBVersion reads the version from db.
func DBVersion(db *sql.DB) VersionFunc {
	return func(ctx context.Context) (int64, error) { return Current(ctx, db) }
}

// Cache is the response cache. A nil *Cache is a cache that is off.
type Cache struct {
	lru     *lru
	ttl     time.Duration
	version VersionFunc
	now     func() time.Time
	flights flights
	// highest is the highest version seen; a lower one means the database
	// went back (a restore), and then no entry can be trusted.
	highest atomic.Int64
	hits    atomic.Int64
	misses  atomic.Int64
}

// New returns a cache, or nil when opt turns it off.
func New(opt Options, version VersionFunc) *Cache {
	if opt.TTL <= 0 || opt.MaxBytes <= 0 || version == nil {
		return nil
	}
	return &Cache{lru: newLRU(opt.MaxBytes), ttl: opt.TTL, version: version, now: time.Now}
}

// currentVersion reads the version, purging everything when it went back.
func (c *Cache) currentVersion(ctx context.Context) (int64, error) {
	v, err := c.version(ctx)
	if err != nil {
		return 0, err
	}
	for {
		h := c.highest.Load()
		if v >= h {
			if v == h || c.highest.CompareAndSwap(h, v) {
				return v, nil
			}
			continue
		}
		// Also reached when a request read the version just before a
		// concurrent write and another just after: a needless purge then,
		// never a wrong answer.
		if c.highest.CompareAndSwap(h, v) {
			slog.Warn("response cache: the data version went back; purging", "from", h, "to", v)
			c.lru.purge()
			return v, nil
		}
	}
}

// Stats are counters for tests and operators.
type Stats struct {
	Entries      int
	Bytes        int64
	Hits, Misses int64
}

// Stats returns the current counters (zero for a nil cache).
func (c *Cache) Stats() Stats {
	if c == nil {
		return Stats{}
	}
	n, b := c.lru.stats()
	return Stats{Entries: n, Bytes: b, Hits: c.hits.Load(), Misses: c.misses.Load()}
}
