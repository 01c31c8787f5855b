package respcache

import (
	"sync"
	"time"
)

// Concurrent misses of one key at one version share one computation: when
// an entry expires or a write invalidates a hot query, the requests
// arriving while it is recomputed wait for that answer instead of each
// computing it again. Sharing is as exact as a hit: every waiter read the
// same version, before the answer's computation ended.

// maxWait bounds a wait for another request's answer; past it (a very slow
// computation) the waiter computes its own.
const maxWait = 10 * time.Second

type flightKey struct {
	key     Key
	version int64
}

type flight struct {
	done chan struct{}
	data []byte // the shared answer, nil when it could not be stored
}

type flights struct {
	mu sync.Mutex
	m  map[flightKey]*flight
}

// join returns the computation under way for k, or starts one (leader).
func (f *flights) join(k flightKey) (fl *flight, leader bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl := f.m[k]; fl != nil {
		return fl, false
	}
	if f.m == nil {
		f.m = map[flightKey]*flight{}
	}
	fl = &flight{done: make(chan struct{})}
	f.m[k] = fl
	return fl, true
}

// finish publishes the leader's answer (nil: none) and releases the waiters.
func (f *flights) finish(k flightKey, fl *flight, data []byte) {
	f.mu.Lock()
	if f.m[k] == fl {
		delete(f.m, k)
	}
	f.mu.Unlock()
	fl.data = data
	close(fl.done)
}

// abandon forgets fl if it is still the computation under way for k (its
// leader never answered), so that later requests start their own.
func (f *flights) abandon(k flightKey, fl *flight) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m[k] == fl {
		delete(f.m, k)
	}
}
