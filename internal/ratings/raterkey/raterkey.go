// Package raterkey derives the key that identifies a rater on a rating:
// on an anonymous rating, rater_key = hex(HMAC-SHA256(secret, decimal staff
// ID)) under a secret kept outside the database (XN_RATER_SECRET, or in
// demo mode a file of the data dir); on a named rating, which names its
// rater anyway, "staff:<ID>" (Named) — never the anonymous key, or each
// named rating would tell whose key it is and so name the rater of every
// anonymous rating carrying it. Whoever holds the database but not the
// secret cannot tell whose an anonymous key is; whoever holds both can (see
// docs/ACCESS.md "Anonymity").
package raterkey

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

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

// Key is the rater key of staff member staffID on an anonymous rating.
func Key(secret []byte, staffID int) string { return mac(secret, strconv.Itoa(staffID)) }

// NamedPrefix starts every key of a named rating (never hex, so never an
// anonymous key).
const NamedPrefix = "staff:"

// Named is the rater key of staff member staffID on a named rating.
func Named(staffID int) string { return NamedPrefix + strconv.Itoa(staffID) }

// IsNamed reports whether key is a named rating's key.
func IsNamed(key string) bool { return strings.HasPrefix(key, NamedPrefix) }

// NamedSQL is the SQL condition that the key expression k is a named
// rating's key (the SQL of IsNamed).
func NamedSQL(k string) string { return k + " LIKE '" + NamedPrefix + "%'" }

// Raters is how many distinct raters the rater keys keys prove: the larger
// of the number of distinct anonymous keys and of distinct named keys. A
// person who rated both by name and anonymously has a key of each kind and
// nothing stored tells that they are one person, so the two kinds are
// counted apart: never more persons than there are (the rater-privacy
// threshold relies on that), fewer when some rated both ways.
func Raters(keys []string) int {
	seen := make(map[string]bool, len(keys))
	var anonymous, named int
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if IsNamed(k) {
			named++
		} else {
			anonymous++
		}
	}
	return max(anonymous, named)
}

// For is the key of staffID's rating, anonymous or not.
func For(secret []byte, staffID int, anonymous bool) string {
	if anonymous {
		return Key(secret, staffID)
	}
	return Named(staffID)
}

// Check is the value stored under CheckSetting for secret. Its message is
// not a decimal number, so it is never a rater's key.
func Check(secret []byte) string { return mac(secret, "xiaoneng rater key check") }

// Orphan is the key given, when re-keying, to a key that no staff member's
// key under the old secret matched (a rater since deleted): unlinkable like
// the others, and still one key per former key, so distinct-rater counts
// stay equal.
func Orphan(secret []byte, old string) string { return mac(secret, "orphan:"+old) }

// Idempotency is the stored form of a rating's client-chosen idempotency
// key: clients may build it from the time (a browser without
// crypto.randomUUID, an integrator's script), which would date an
// anonymous rating to the millisecond; keyed, it cannot be reversed or
// guessed without the secret.
func Idempotency(secret []byte, key string) string { return mac(secret, "idempotency:"+key) }

func mac(secret []byte, msg string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// Load returns the configured secret (XN_RATER_SECRET, at least
// MinSecretBytes bytes); when none is configured, in demo mode the one kept
// in <dataDir>/rater-secret (created on first use), otherwise an error:
// replicas must share one secret, so production configures it. The file's
// text is the key exactly as XN_RATER_SECRET would give it, so a database
// leaves demo mode with its raters' keys by setting the variable to it.
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
	raw, err := auth.LoadOrCreateSecretFile(dataDir, FileName)
	if err != nil {
		return nil, err
	}
	return []byte(base64.StdEncoding.EncodeToString(raw)), nil
}
