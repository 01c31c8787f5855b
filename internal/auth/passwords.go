package auth

import (
	"crypto/rand"
	"errors"
	"math/big"
	"sync"

	"golang.org/x/crypto/bcrypt"
)

// bcryptCost is fixed rather than configurable: 10 keeps a login well under
// 100 ms on the small machines agencies run this on.
const bcryptCost = 10

// maxPasswordBytes is bcrypt's input limit; longer input would be silently
// truncated by some implementations, so it is refused instead.
const maxPasswordBytes = 72

var (
	ErrEmptyPassword   = errors.New("auth: password must not be empty")
	ErrPasswordTooLong = errors.New("auth: password must be at most 72 bytes")
)

// HashPassword returns the bcrypt hash of plain, for storage in Account.
func HashPassword(plain string) (string, error) {
	if plain == "" {
		return "", ErrEmptyPassword
	}
	if len(plain) > maxPasswordBytes {
		return "", ErrPasswordTooLong
	}
	h, err := bcrypt.GenerateFromPassword([]byte(plain), bcryptCost)
	if err != nil {
		return "", err
	}
	return string(h), nil
}

// dummyHash is compared against when there is no real hash, so that a login
// for an unknown user costs as much as one for a known user and the response
// time does not reveal which logins exist.
var dummyHash = sync.OnceValue(func() []byte {
	h, err := bcrypt.GenerateFromPassword([]byte("xiaoneng-dummy-password"), bcryptCost)
	if err != nil {
		panic("auth: cannot build dummy bcrypt hash: " + err.Error())
	}
	return h
})

// CheckPassword reports whether plain matches hash. The comparison is
// constant-time (bcrypt). Call it with hash == "" for an unknown login: it then
// does the same work and returns false. A hash cheaper than bcryptCost (an
// initial password's) is followed by a comparison with the dummy hash, so
// that the time taken does not tell such accounts from others.
func CheckPassword(hash, plain string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(plain))
		return false
	}
	if plain == "" || len(plain) > maxPasswordBytes {
		return false
	}
	ok := bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain)) == nil
	if cost, err := bcrypt.Cost([]byte(hash)); err == nil && cost < bcryptCost {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(plain))
	}
	return ok
}

// initialPasswordAlphabet leaves out characters read one for another
// (0/O, 1/l/I) when an initial password is handed over on paper.
const initialPasswordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// initialPasswordCost: an initial password is 12 random characters of 55
// (69 bits), so its strength comes from its randomness, not from stretching;
// bcrypt's minimum cost lets an administrator create thousands of accounts
// at once. It is changed at the first login (and then hashed at bcryptCost).
const initialPasswordCost = bcrypt.MinCost

// NewInitialPassword returns a random one-time password (three groups of
// four characters, e.g. "k7Qm-tR4w-Zp9c") and its hash.
func NewInitialPassword() (plain, hash string, err error) {
	b := make([]byte, 0, 14)
	max := big.NewInt(int64(len(initialPasswordAlphabet)))
	for i := range 12 {
		if i > 0 && i%4 == 0 {
			b = append(b, '-')
		}
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", "", err
		}
		b = append(b, initialPasswordAlphabet[n.Int64()])
	}
	h, err := bcrypt.GenerateFromPassword(b, initialPasswordCost)
	if err != nil {
		return "", "", err
	}
	return string(b), string(h), nil
}
