package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// Prefixes make a leaked secret recognisable (secret scanners, logs) and let
// the middleware tell an API token from a JWT without trying to parse it.
const (
	RefreshTokenPrefix = "xnr_"
	APITokenPrefix     = "xnt_"
)

// opaqueTokenBytes of randomness: 256 bits, beyond any guessing.
const opaqueTokenBytes = 32

// NewOpaqueToken returns a fresh secret "<prefix><43 base64url chars>" to hand
// to the client once, and its hash, which is the only thing to store.
func NewOpaqueToken(prefix string) (plain string, hash string, err error) {
	if len(prefix) > 8 {
		return "", "", fmt.Errorf("auth: token prefix %q too long", prefix)
	}
	b := make([]byte, opaqueTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: random token: %w", err)
	}
	plain = prefix + base64.RawURLEncoding.EncodeToString(b)
	return plain, HashOpaqueToken(plain), nil
}

// HashOpaqueToken is the lookup key stored in the database for an opaque
// token. A plain SHA-256 suffices (no salt, no bcrypt): the input is 256 random
// bits, so there is nothing to brute-force, and lookups must be by equality.
func HashOpaqueToken(plain string) string {
	sum := sha256.Sum256([]byte(plain))
	return hex.EncodeToString(sum[:])
}
