package graph

import (
	linked "container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// Budgets of gqlgen's two document caches, in bytes of query text. They are
// weighed, not counted: a parsed and validated document holds about 55
// times its text in memory (a 60 KB document of 15,000 tokens, 3.3 MB), so
// the 1,000 entries of a counting cache could pin 3 GB for anyone who sends
// large valid documents. The SPA's operations are 1–3 KB: hundreds fit.
const (
	queryCacheTextBytes = 2 << 20 // validated documents: ≈ 110 MB of syntax trees at most
	apqCacheTextBytes   = 8 << 20 // persisted query texts, kept as text
)

// weighedCache is a least-recently-used graphql.Cache bounded by the total
// weight of its entries; an entry heavier than the whole budget is not kept.
type weighedCache[T any] struct {
	mu     sync.Mutex
	max    int
	used   int
	weight func(key string, v T) int
	items  map[string]*linked.Element
	order  linked.List // front: most recently used
}

type weighedEntry[T any] struct {
	key    string
	value  T
	weight int
}

var _ graphql.Cache[string] = (*weighedCache[string])(nil)

func newWeighedCache[T any](maxWeight int, weight func(key string, v T) int) *weighedCache[T] {
	return &weighedCache[T]{max: maxWeight, weight: weight, items: map[string]*linked.Element{}}
}

func (c *weighedCache[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return el.Value.(*weighedEntry[T]).value, true
	}
	var zero T
	return zero, false
}

func (c *weighedCache[T]) Add(_ context.Context, key string, value T) {
	w := c.weight(key, value)
	if w > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.used -= el.Value.(*weighedEntry[T]).weight
		c.order.Remove(el)
		delete(c.items, key)
	}
	for c.used+w > c.max {
		oldest := c.order.Back()
		e := oldest.Value.(*weighedEntry[T])
		c.used -= e.weight
		c.order.Remove(oldest)
		delete(c.items, e.key)
	}
	c.items[key] = c.order.PushFront(&weighedEntry[T]{key: key, value: value, weight: w})
	c.used += w
}
