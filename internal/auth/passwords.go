package auth

import (
	"errors"
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
// does the same work and returns false.
func CheckPassword(hash, plain string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(plain))
		return false
	}
	if plain == "" || len(plain) > maxPasswordBytes {
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(plain)) == nil
}
