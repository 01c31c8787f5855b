package ratelimit

import (
	"testing"
	"time"
)

func TestBucket(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New(1, 3) // 3 at once, then one per second
	l.Now = func() time.Time { return now }
	for i := range 3 {
		if !l.Allow("a") {
			t.Fatalf("request %d within the burst refused", i)
		}
	}
	if l.Allow("a") {
		t.Fatal("fourth request in the same instant allowed")
	}
	if !l.Allow("b") {
		t.Fatal("another key shares the bucket")
	}
	now = now.Add(1500 * time.Millisecond)
	if !l.Allow("a") {
		t.Fatal("a token should have refilled after 1.5 s")
	}
	if l.Allow("a") {
		t.Fatal("only one token refills in 1.5 s")
	}
}

func TestRefund(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New(1.0/60, 2) // 2 at once, then one a minute
	l.Now = func() time.Time { return now }
	if !l.Allow("a") || !l.Allow("a") {
		t.Fatal("the burst of 2 refused")
	}
	if l.Allow("a") {
		t.Fatal("third allowed")
	}
	l.Refund("a")
	if !l.Allow("a") {
		t.Fatal("a refunded token was not there")
	}
	if l.Allow("a") {
		t.Fatal("one refund gave more than one token")
	}
	// A refund never lifts a bucket above its burst.
	l.Refund("b")
	for range 3 {
		l.Refund("a")
	}
	if !l.Allow("a") || !l.Allow("a") || l.Allow("a") {
		t.Fatal("refunds filled the bucket past its burst")
	}
}

// Per-address limits count an IPv6 address as its /64: rotating through
// one's own /64 gets no fresh bucket; IPv4 addresses stay themselves.
func TestAddrKey(t *testing.T) {
	same := [][2]string{
		{"2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff"},
		{"198.51.100.7", "198.51.100.7"},
	}
	for _, p := range same {
		if AddrKey(p[0]) != AddrKey(p[1]) {
			t.Errorf("%s and %s are counted apart: %s, %s", p[0], p[1], AddrKey(p[0]), AddrKey(p[1]))
		}
	}
	apart := [][2]string{
		{"2001:db8:1:2::1", "2001:db8:1:3::1"},
		{"198.51.100.7", "198.51.100.8"},
		{"::ffff:198.51.100.7", "::ffff:198.51.100.8"},
	}
	for _, p := range apart {
		if AddrKey(p[0]) == AddrKey(p[1]) {
			t.Errorf("%s and %s share a bucket (%s)", p[0], p[1], AddrKey(p[0]))
		}
	}
	if AddrKey("not an address") != "not an address" {
		t.Error("a value that is no address changed")
	}
}
