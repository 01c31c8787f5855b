package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("xiaoneng-demo")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$2a$10$") {
		t.Errorf("hash %q is not bcrypt cost 10", h)
	}
	if !CheckPassword(h, "xiaoneng-demo") {
		t.Error("correct password refused")
	}
	for _, wrong := range []string{"", "xiaoneng-dem", "xiaoneng-demo ", "XIAONENG-DEMO"} {
		if CheckPassword(h, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	h2, _ := HashPassword("xiaoneng-demo")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
}

func TestPasswordRejects(t *testing.T) {
	if _, err := HashPassword(""); !errors.Is(err, ErrEmptyPassword) {
		t.Errorf("empty: got %v", err)
	}
	if _, err := HashPassword(strings.Repeat("a", 73)); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("73 bytes: got %v", err)
	}
	// 72 bytes of multi-byte text is the limit, counted in bytes not runes.
	if _, err := HashPassword(strings.Repeat("效", 25)); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("75 bytes of CJK: got %v", err)
	}
	h, err := HashPassword(strings.Repeat("a", 72))
	if err != nil {
		t.Fatalf("72 bytes: %v", err)
	}
	if CheckPassword(h, strings.Repeat("a", 73)) {
		t.Error("73-byte input matched a 72-byte password")
	}
}

func TestCheckPasswordWithoutHash(t *testing.T) {
	if CheckPassword("", "anything") {
		t.Error("empty hash accepted")
	}
	if CheckPassword("not-a-bcrypt-hash", "anything") {
		t.Error("garbage hash accepted")
	}
}

// Initial passwords: 14 characters of the unambiguous alphabet in three
// groups, different each time, hashed cheaply, and checked like any other.
func TestInitialPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		plain, hash, err := NewInitialPassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) != 14 || plain[4] != '-' || plain[9] != '-' {
			t.Fatalf("%q is not three groups of four", plain)
		}
		for i, r := range plain {
			if i == 4 || i == 9 {
				continue
			}
			if !strings.ContainsRune(initialPasswordAlphabet, r) || strings.ContainsRune("0O1lI", r) {
				t.Fatalf("%q holds %q", plain, r)
			}
		}
		if seen[plain] {
			t.Fatalf("%q made twice", plain)
		}
		seen[plain] = true
		if !strings.HasPrefix(hash, "$2a$04$") {
			t.Fatalf("hash %q is not bcrypt cost 4", hash)
		}
		if !CheckPassword(hash, plain) || CheckPassword(hash, plain+"x") {
			t.Fatalf("%q does not check against its hash", plain)
		}
	}
}
