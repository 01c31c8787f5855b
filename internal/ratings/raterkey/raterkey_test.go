package raterkey

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The key is the HMAC of the decimal staff ID, computed here by hand.
func TestKey(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	for _, id := range []int{1, 42, 12884901889} {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(strconv.Itoa(id)))
		if want := hex.EncodeToString(m.Sum(nil)); Key(secret, id) != want {
			t.Fatalf("Key(%d) = %s, want %s", id, Key(secret, id), want)
		}
	}
	other := []byte("another secret of thirty-two bytes")
	if Key(secret, 1) == Key(other, 1) {
		t.Fatal("the key does not depend on the secret")
	}
	// The check and the orphan keys are never a staff member's key.
	if Check(secret) == Check(other) || Orphan(secret, "k") == Orphan(other, "k") || Orphan(secret, "k") == Orphan(secret, "l") {
		t.Fatal("Check or Orphan does not depend on its input")
	}
	for id := range 1000 {
		if k := Key(secret, id); k == Check(secret) || k == Orphan(secret, Key(other, id)) {
			t.Fatalf("staff %d's key is the check or an orphan key", id)
		}
	}
	// The stored idempotency key depends on the secret and hides the client's.
	if i := Idempotency(secret, "1733550000000-x"); i == Idempotency(other, "1733550000000-x") ||
		i == Idempotency(secret, "1733550000000-y") || strings.Contains(i, "1733550000000") || len(i) != 64 {
		t.Fatalf("Idempotency = %q", i)
	}
	// A named rating's key is the plain ID, unrelated to the anonymous key.
	if Named(42) != "staff:42" || For(secret, 42, false) != "staff:42" || For(secret, 42, true) != Key(secret, 42) {
		t.Fatalf("named key %q, For %q / %q", Named(42), For(secret, 42, false), For(secret, 42, true))
	}
}

func TestLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	configured := strings.Repeat("s", MinSecretBytes)
	// A configured secret wins, in and out of demo mode, and is never written down.
	for _, demo := range []bool{false, true} {
		got, err := Load(configured, demo, dir)
		if err != nil || string(got) != configured {
			t.Fatalf("Load(configured, demo %v) = %q, %v", demo, got, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); !os.IsNotExist(err) {
		t.Fatalf("a configured secret was written to the data dir (%v)", err)
	}
	// One byte short is refused, without echoing it.
	short := strings.Repeat("x", MinSecretBytes-1)
	if _, err := Load(short, true, dir); err == nil || strings.Contains(err.Error(), short) {
		t.Fatalf("a %d-byte secret: %v", len(short), err)
	}
	// Outside demo mode a secret must be configured.
	if _, err := Load("", false, dir); err == nil || !strings.Contains(err.Error(), "XN_RATER_SECRET") {
		t.Fatalf("no secret outside demo mode: %v", err)
	}
	// Demo mode generates one in the data dir, once.
	s1, err := Load("", true, dir)
	if err != nil || len(s1) < MinSecretBytes {
		t.Fatalf("demo secret: %d bytes, %v", len(s1), err)
	}
	fi, err := os.Stat(filepath.Join(dir, FileName))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("secret file: %v, %v", fi, err)
	}
	s2, err := Load("", true, dir)
	if err != nil || !bytes.Equal(s1, s2) {
		t.Fatal("the demo secret changed on restart")
	}
}

// Raters counts anonymous and named keys apart and takes the larger: a
// person with a key of each kind is never counted twice.
func TestRaters(t *testing.T) {
	a, b, c := Key([]byte("k"), 1), Key([]byte("k"), 2), Key([]byte("k"), 3)
	for _, x := range []struct {
		keys []string
		want int
	}{
		{nil, 0},
		{[]string{a, a, a}, 1},
		{[]string{a, b}, 2},
		{[]string{a, b, c}, 3},
		// 1 and 2 rated anonymously and 1 by name: perhaps two persons
		{[]string{a, b, Named(1)}, 2},
		{[]string{a, Named(1), Named(2), Named(2)}, 2},
		{[]string{a, b, Named(1), Named(2), Named(3)}, 3},
		// keys not made here (tests, an earlier release) count as anonymous ones
		{[]string{"r1", "r2", "r3"}, 3},
	} {
		if got := Raters(x.keys); got != x.want {
			t.Errorf("Raters(%v) = %d, want %d", x.keys, got, x.want)
		}
	}
	if !IsNamed(Named(7)) || IsNamed(a) || NamedSQL("rk") != "rk LIKE 'staff:%'" {
		t.Fatal("IsNamed / NamedSQL")
	}
}
