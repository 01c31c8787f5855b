package auth

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestLoadOrCreateSecret(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data") // not yet there: must be created
	s1, err := LoadOrCreateSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s1) != 48 {
		t.Errorf("secret has %d bytes, want 48", len(s1))
	}
	fi, err := os.Stat(filepath.Join(dir, "jwt-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	s2, err := LoadOrCreateSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(s1, s2) {
		t.Error("secret changed on restart")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data dir holds %d entries, want only jwt-secret", len(entries))
	}
	if _, err := NewSigner(s1, "xiaoneng", "xiaoneng-api", 1); err != nil {
		t.Errorf("generated secret rejected by NewSigner: %v", err)
	}
}

func TestLoadSecretBadFile(t *testing.T) {
	for name, content := range map[string]string{
		"not base64": "!!!not base64!!!",
		"too short":  "c2hvcnQ=", // "short"
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "jwt-secret"), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadOrCreateSecret(dir); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
