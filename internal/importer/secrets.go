package importer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
)

// The one-time passwords an apply makes (accounts) are shown once. They are
// stored only sealed (AES-256-GCM) under a key made for the apply and handed
// to the caller in applyImport's answer, never stored: neither the
// database nor the server can read them afterwards, and any replica can
// open them for the caller who brings the key. Taking them deletes them.

const secretKeyBytes = 32

// NewSecretsKey makes a key for one apply, as the caller receives it.
func NewSecretsKey() (string, error) {
	b := make([]byte, secretKeyBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func gcmOf(key string) (cipher.AEAD, error) {
	k, err := base64.RawURLEncoding.DecodeString(key)
	if err != nil || len(k) != secretKeyBytes {
		return nil, errors.New("importer: malformed secrets key")
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// SealSecrets seals secrets under key (NewSecretsKey).
func SealSecrets(key string, secrets []Secret) ([]byte, error) {
	aead, err := gcmOf(key)
	if err != nil {
		return nil, err
	}
	plain, err := json.Marshal(secrets)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return aead.Seal(nonce, nonce, plain, nil), nil
}

// errWrongKey: the key does not open the sealed secrets.
var errWrongKey = errors.New("importer: the key does not open these secrets")

func openSecrets(key string, sealed []byte) ([]Secret, error) {
	aead, err := gcmOf(key)
	if err != nil {
		return nil, errWrongKey
	}
	if len(sealed) < aead.NonceSize() {
		return nil, errWrongKey
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], nil)
	if err != nil {
		return nil, errWrongKey
	}
	var out []Secret
	if err := json.Unmarshal(plain, &out); err != nil {
		return nil, err
	}
	return out, nil
}
