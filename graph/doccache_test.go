package graph

import (
	"context"
	"strings"
	"testing"
)

// The document caches are bounded by the weight of what they keep: the
// least recently used entries go first, and nothing heavier than the
// whole budget is kept.
func TestWeighedCache(t *testing.T) {
	ctx := context.Background()
	c := newWeighedCache(100, func(key string, v string) int { return len(key) + len(v) })
	c.Add(ctx, "a", strings.Repeat("x", 39)) // 40
	c.Add(ctx, "b", strings.Repeat("x", 39)) // 80
	if _, ok := c.Get(ctx, "a"); !ok {       // a is now the most recently used
		t.Fatal("a missing")
	}
	c.Add(ctx, "c", strings.Repeat("x", 39)) // 120 > 100: b, the least recently used, goes
	if _, ok := c.Get(ctx, "b"); ok {
		t.Error("b kept over the budget")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(ctx, k); !ok {
			t.Errorf("%s evicted", k)
		}
	}
	if c.used != 80 {
		t.Errorf("used %d, want 80", c.used)
	}
	c.Add(ctx, "huge", strings.Repeat("x", 100)) // 104 > the whole budget: not kept, nothing evicted
	if _, ok := c.Get(ctx, "huge"); ok || c.used != 80 {
		t.Errorf("an entry over the budget was kept (used %d)", c.used)
	}
	c.Add(ctx, "a", "short") // replacing an entry frees its old weight
	if v, _ := c.Get(ctx, "a"); v != "short" || c.used != 46 {
		t.Errorf("replaced a: %q, used %d, want 46", v, c.used)
	}
}
