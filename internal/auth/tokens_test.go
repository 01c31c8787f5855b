package auth

import (
	"regexp"
	"testing"
)

func TestOpaqueToken(t *testing.T) {
	shape := regexp.MustCompile(`^xnt_[A-Za-z0-9_-]{43}$`)
	seen := map[string]bool{}
	for range 200 {
		plain, hash, err := NewOpaqueToken(APITokenPrefix)
		if err != nil {
			t.Fatal(err)
		}
		if !shape.MatchString(plain) {
			t.Fatalf("token %q has the wrong shape", plain)
		}
		if hash != HashOpaqueToken(plain) {
			t.Fatal("returned hash differs from HashOpaqueToken")
		}
		if len(hash) != 64 {
			t.Fatalf("hash %q is not SHA-256 hex", hash)
		}
		if seen[plain] || seen[hash] {
			t.Fatal("duplicate token")
		}
		seen[plain], seen[hash] = true, true
	}
}

func TestHashOpaqueTokenStable(t *testing.T) {
	// Fixed vector: the stored hashes must not change between releases.
	const want = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
	if got := HashOpaqueToken("hello"); got != want {
		t.Errorf("HashOpaqueToken(hello) = %s, want %s", got, want)
	}
	if HashOpaqueToken("xnr_a") == HashOpaqueToken("xnr_b") {
		t.Error("different tokens hash alike")
	}
}

func TestOpaqueTokenPrefix(t *testing.T) {
	plain, _, err := NewOpaqueToken(RefreshTokenPrefix)
	if err != nil || plain[:4] != "xnr_" {
		t.Errorf("refresh token %q, %v", plain, err)
	}
	if _, _, err := NewOpaqueToken("much_too_long_"); err == nil {
		t.Error("long prefix accepted")
	}
}
