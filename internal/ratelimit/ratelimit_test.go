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
