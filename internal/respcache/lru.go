package respcache

import (
	"container/list"
	"sync"
	"time"
)

// Key identifies a cached response (see Cache.key).
type Key [32]byte

// entryOverhead approximates what an entry costs besides its data (the key,
// the map slot, the list element), so that many small entries are bounded too.
const entryOverhead = 160

type entry struct {
	key     Key
	data    []byte
	version int64
	stored  time.Time
}

func (e *entry) size() int64 { return int64(len(e.data)) + entryOverhead }

// lru is a byte-bounded least-recently-used map, safe for concurrent use.
type lru struct {
	mu    sync.Mutex
	max   int64
	used  int64
	items map[Key]*list.Element
	order list.List // front: most recently used
}

func newLRU(maxBytes int64) *lru {
	return &lru{max: maxBytes, items: map[Key]*list.Element{}}
}

// get returns the data stored under key when it was computed at version
// and is younger than ttl at now. An entry of an older version, or an
// expired one, can never be served again and is dropped; one of a newer
// version (this request read the version before a concurrent write) stays.
func (c *lru) get(key Key, version int64, now time.Time, ttl time.Duration) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry)
	if e.version > version {
		return nil, false
	}
	if e.version < version || now.Sub(e.stored) >= ttl || now.Before(e.stored) {
		c.remove(el)
		return nil, false
	}
	c.order.MoveToFront(el)
	return e.data, true
}

// put stores data computed at version (read at now, before computing). It
// never replaces an entry of a newer version, and leaves out data larger
// than an eighth of the budget: one huge response must not flush the rest.
func (c *lru) put(key Key, version int64, data []byte, now time.Time) bool {
	e := &entry{key: key, data: data, version: version, stored: now}
	if e.size() > c.max/8 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		if el.Value.(*entry).version > version {
			return false
		}
		c.remove(el)
	}
	c.items[key] = c.order.PushFront(e)
	c.used += e.size()
	for c.used > c.max {
		c.remove(c.order.Back())
	}
	return true
}

func (c *lru) remove(el *list.Element) {
	e := c.order.Remove(el).(*entry)
	delete(c.items, e.key)
	c.used -= e.size()
}

// purge drops every entry.
func (c *lru) purge() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = map[Key]*list.Element{}
	c.order.Init()
	c.used = 0
}

func (c *lru) stats() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items), c.used
}
