package auth

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// SecretFileName is the file under the data dir that keeps the demo signing
// secret, so that sessions survive a restart.
const SecretFileName = "jwt-secret"

const generatedSecretBytes = 48

// LoadOrCreateSecret returns the signing secret kept in <dataDir>/jwt-secret,
// creating it (0600, 48 random bytes, base64) on first use. Only for demo mode:
// production takes XN_JWT_SECRET from the environment.
func LoadOrCreateSecret(dataDir string) ([]byte, error) {
	return LoadOrCreateSecretFile(dataDir, SecretFileName)
}

// LoadOrCreateSecretFile is LoadOrCreateSecret for the file <dataDir>/name
// (the server's other generated keys).
func LoadOrCreateSecretFile(dataDir, name string) ([]byte, error) {
	path := filepath.Join(dataDir, name)
	secret, err := readSecret(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return secret, err
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("auth: create data dir: %w", err)
	}
	raw := make([]byte, generatedSecretBytes)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("auth: random secret: %w", err)
	}
	// Write a complete temporary file, then link it into place: the link fails
	// if another process got there first, so nobody ever reads a half-written
	// secret and two starting processes end up sharing one secret.
	tmp, err := os.CreateTemp(dataDir, name+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("auth: create secret: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, fmt.Errorf("auth: create secret: %w", err)
	}
	_, err = tmp.WriteString(base64.StdEncoding.EncodeToString(raw) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("auth: write secret: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readSecret(path)
		}
		return nil, fmt.Errorf("auth: store secret: %w", err)
	}
	return raw, nil
}

func readSecret(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("auth: read secret: %w", err)
	}
	secret, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace(data)))
	if err != nil {
		return nil, fmt.Errorf("auth: %s is not base64: %w", path, err)
	}
	if len(secret) < MinSecretBytes {
		return nil, fmt.Errorf("auth: %s holds %d bytes, need at least %d", path, len(secret), MinSecretBytes)
	}
	return secret, nil
}
