// Package raterkey derives the key that identifies a rater on a rating
// without naming them, rater_key = hex(HMAC-SHA256(secret, decimal staff
// ID)), and keeps the secret it is derived from outside the database: in
// XN_RATER_SECRET, or in demo mode in a file of the data dir. Whoever holds
// the database but not the secret cannot tell whose key a rater_key is;
// whoever holds both can (see docs/ACCESS.md "Anonymity").
package raterkey

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"xiaoneng/internal/auth"
)

// FileName is the file under the data dir that keeps the demo mode's
// generated secret (like auth.SecretFileName).
const FileName = "rater-secret"

// MinSecretBytes is the shortest secret accepted: as long as the hash, so
// that guessing the secret is no easier than guessing a key.
const MinSecretBytes = auth.MinSecretBytes

// LegacySetting is the settings row where earlier releases kept the secret,
// in the database itself; a database that still holds it is re-keyed at
// start (ratings.PrepareRaterKeys).
const LegacySetting = "secret.rater_key"

// CheckSetting is the settings row holding Check of the secret the keys
// were written with, so that a server started with another secret refuses
// to start instead of silently losing every rater's own ratings. It reveals
// nothing that the keys themselves do not: each key already is an HMAC of a
// known message under the secret.
const CheckSetting = "rater_key.check"

// Key is the rater key of staff member staffID.
func Key(secret []byte, staffID int) string { return mac(secret, strconv.Itoa(staffID)) }

// Check is the value stored under CheckSetting for secret. Its message is
// not a decimal number, so it is never a rater's key.
func Check(secret []byte) string { return mac(secret, "xiaoneng rater key check") }

// Orphan is the key given, when re-keying, to a key that no staff member's
// key under the old secret matched (a rater since deleted): unlinkable like
// the others, and still one key per former key, so distinct-rater counts
// stay equal.
func Orphan(secret []byte, old string) string { return mac(secret, "orphan:"+old) }

func mac(secret []byte, msg string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// Load returns the configured secret (XN_RATER_SECRET, at least
// MinSecretBytes bytes); when none is configured, in demo mode the one kept
// in <dataDir>/rater-secret (created on first use), otherwise an error:
// replicas must share one secret, so production configures it.
func Load(configured string, demo bool, dataDir string) ([]byte, error) {
	if configured != "" {
		if len(configured) < MinSecretBytes {
			return nil, fmt.Errorf("XN_RATER_SECRET must be at least %d bytes", MinSecretBytes)
		}
		return []byte(configured), nil
	}
	if !demo {
		return nil, fmt.Errorf("XN_RATER_SECRET is required when demo mode is off")
	}
	return auth.LoadOrCreateSecretFile(dataDir, FileName)
}
