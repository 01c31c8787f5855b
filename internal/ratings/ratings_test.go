package ratings

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"testing"

	"xiaoneng/internal/seed"
)

// The product and the demo seed must key raters alike, under the same
// settings key, or the demo raters would not find their seeded ratings.
func TestRaterKeyAgreesWithSeed(t *testing.T) {
	if SecretSetting != seed.RaterSecretSetting {
		t.Fatalf("settings key %q, seed stores %q", SecretSetting, seed.RaterSecretSetting)
	}
	secret := []byte("0123456789abcdef0123456789abcdef")
	for _, id := range []int{1, 42, 12884901889} {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(strconv.Itoa(id)))
		want := hex.EncodeToString(m.Sum(nil))
		if got := RaterKey(secret, id); got != want || got != seed.RaterKey(secret, id) {
			t.Fatalf("RaterKey(%d) = %s, want %s (seed %s)", id, got, want, seed.RaterKey(secret, id))
		}
	}
	if RaterKey(secret, 1) == RaterKey([]byte("another secret of sixteen+ bytes"), 1) {
		t.Fatal("the key does not depend on the secret")
	}
}
