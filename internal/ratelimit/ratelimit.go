// Package ratelimit is a keyed token bucket (per login name, per address,
// per API token) kept in memory. Each replica limits on its own, which is
// enough against brute force and runaway scripts.
package ratelimit

import (
	"net/netip"
	"sync"
	"time"
)

// Limiter allows Burst events at once and Rate events per second after that, per key.
type Limiter struct {
	Rate  float64
	Burst float64
	Now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	sweep   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns a limiter of rate events per second with the given burst.
func New(rate, burst float64) *Limiter {
	return &Limiter{Rate: rate, Burst: burst, Now: time.Now, buckets: map[string]*bucket{}}
}

// Allow takes one token of key's bucket and reports whether there was one.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	l.forgetIdle(now)
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.Burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = min(l.Burst, b.tokens+now.Sub(b.last).Seconds()*l.Rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Refund gives back a token Allow took, when what it guarded turned out not
// to count (a successful login, an attempt refused by another limit).
func (l *Limiter) Refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[key]; ok {
		b.tokens = min(l.Burst, b.tokens+1)
	}
}

// forgetIdle drops full buckets now and then so the map stays small.
func (l *Limiter) forgetIdle(now time.Time) {
	if now.Sub(l.sweep) < time.Minute {
		return
	}
	l.sweep = now
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.Rate >= l.Burst {
			delete(l.buckets, k)
		}
	}
}

// AddrKey is the key of a client address in per-address limits: an IPv4
// address itself, an IPv6 address its /64 — one subscriber or host
// commonly holds a whole /64 and could rotate through it, one address a
// request, past any per-address limit.
func AddrKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is6() || a.Is4In6() {
		return addr
	}
	p, err := a.Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}
