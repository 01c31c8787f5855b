package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var (
	testSecret = []byte("0123456789abcdef0123456789abcdef-test")
	testStart  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
)

// testSigner has a clock the test can move.
func testSigner(t *testing.T) (*Signer, *time.Time) {
	t.Helper()
	s, err := NewSigner(testSecret, "xiaoneng", "xiaoneng-api", 15*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	now := testStart
	s.Now = func() time.Time { return now }
	return s, &now
}

func b64(v []byte) string { return base64.RawURLEncoding.EncodeToString(v) }

// handMade builds a compact JWT without the library, HMAC-SHA256-signed with
// key unless key is nil (then the signature is empty).
func handMade(t *testing.T, header, payload map[string]any, key []byte) string {
	t.Helper()
	h, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	p, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	signing := b64(h) + "." + b64(p)
	if key == nil {
		return signing + "."
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signing))
	return signing + "." + b64(mac.Sum(nil))
}

// goodPayload is what Issue would put in a token at testStart.
func goodPayload() map[string]any {
	return map[string]any{
		"aid": 7, "role": "STAFF", "sub": "7",
		"iss": "xiaoneng", "aud": []string{"xiaoneng-api"},
		"iat": testStart.Unix(), "nbf": testStart.Unix(), "exp": testStart.Add(15 * time.Minute).Unix(),
	}
}

func wantInvalid(t *testing.T, s *Signer, token, why string) {
	t.Helper()
	c, err := s.Verify(token)
	if err == nil {
		t.Errorf("%s: accepted (claims %+v)", why, c)
		return
	}
	if !errors.Is(err, ErrInvalidToken) {
		t.Errorf("%s: error %v does not wrap ErrInvalidToken", why, err)
	}
	if c != nil {
		t.Errorf("%s: claims returned with the error", why)
	}
}

func TestNewSignerValidates(t *testing.T) {
	if _, err := NewSigner(testSecret[:31], "i", "a", time.Minute); err == nil {
		t.Error("31-byte secret accepted")
	}
	if _, err := NewSigner(testSecret, "", "a", time.Minute); err == nil {
		t.Error("empty issuer accepted")
	}
	if _, err := NewSigner(testSecret, "i", "", time.Minute); err == nil {
		t.Error("empty audience accepted")
	}
	if _, err := NewSigner(testSecret, "i", "a", 0); err == nil {
		t.Error("zero TTL accepted")
	}
	// A Signer built by hand with a weak secret refuses to work too.
	weak := &Signer{Secret: []byte("short"), Issuer: "i", Audience: "a", TTL: time.Minute}
	if _, _, err := weak.Issue(1, "ADMIN", 0); err == nil {
		t.Error("weak hand-built signer issued a token")
	}
}

func TestJWTRoundTrip(t *testing.T) {
	s, now := testSigner(t)
	tok, exp, err := s.Issue(42, "LEADER", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(testStart.Add(15 * time.Minute)) {
		t.Errorf("expiresAt %v", exp)
	}
	*now = now.Add(14 * time.Minute)
	c, err := s.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.AccountID != 42 || c.Role != "LEADER" || c.Subject != "42" {
		t.Errorf("claims %+v", c)
	}
	if c.Issuer != "xiaoneng" || !slices.Equal(c.Audience, jwt.ClaimStrings{"xiaoneng-api"}) || c.ID == "" {
		t.Errorf("registered claims %+v", c.RegisteredClaims)
	}

	tok2, _, err := s.Issue(42, "LEADER", 0)
	if err != nil {
		t.Fatal(err)
	}
	if tok2 == tok {
		t.Error("two tokens are identical")
	}
}

func TestJWTExpiry(t *testing.T) {
	s, now := testSigner(t)
	tok, _, err := s.Issue(1, "ADMIN", 0)
	if err != nil {
		t.Fatal(err)
	}
	*now = testStart.Add(15*time.Minute + 20*time.Second) // within the 30 s leeway
	if _, err := s.Verify(tok); err != nil {
		t.Errorf("within leeway: %v", err)
	}
	*now = testStart.Add(15*time.Minute + 31*time.Second)
	wantInvalid(t, s, tok, "expired")
	_, err = s.Verify(tok)
	if !errors.Is(err, jwt.ErrTokenExpired) {
		t.Errorf("detail lost for logs: %v", err)
	}
	// Issued in the future (clock far behind the issuer) is refused too.
	*now = testStart.Add(-time.Minute)
	wantInvalid(t, s, tok, "not yet valid")
}

func TestJWTWrongIssuerAudienceSecret(t *testing.T) {
	s, _ := testSigner(t)
	other := *s
	other.Issuer = "someone-else"
	tok, _, _ := other.Issue(1, "ADMIN", 0)
	wantInvalid(t, s, tok, "wrong issuer")

	other = *s
	other.Audience = "another-api"
	tok, _, _ = other.Issue(1, "ADMIN", 0)
	wantInvalid(t, s, tok, "wrong audience")

	other = *s
	other.Secret = []byte("another-secret-another-secret-0123")
	tok, _, _ = other.Issue(1, "ADMIN", 0)
	wantInvalid(t, s, tok, "wrong secret")

	p := goodPayload()
	delete(p, "aud")
	wantInvalid(t, s, handMade(t, map[string]any{"alg": "HS256", "typ": "JWT"}, p, testSecret), "no audience")
}

func TestJWTTampered(t *testing.T) {
	s, _ := testSigner(t)
	tok, _, err := s.Issue(7, "STAFF", 0)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	// Flip one byte in the middle of the payload segment.
	payload := []byte(parts[1])
	i := len(payload) / 2
	if payload[i] == 'A' {
		payload[i] = 'B'
	} else {
		payload[i] = 'A'
	}
	wantInvalid(t, s, parts[0]+"."+string(payload)+"."+parts[2], "flipped payload byte")

	// A well-formed payload promoting the holder to ADMIN, old signature kept.
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	claims["role"] = "ADMIN"
	raw, _ = json.Marshal(claims)
	wantInvalid(t, s, parts[0]+"."+b64(raw)+"."+parts[2], "role escalated")

	// Signature stripped.
	wantInvalid(t, s, parts[0]+"."+parts[1]+".", "no signature")
	wantInvalid(t, s, parts[0]+"."+parts[1], "two segments")
	wantInvalid(t, s, "", "empty")
	wantInvalid(t, s, "not.a.jwt", "garbage")
}

func TestJWTAlgorithmPinned(t *testing.T) {
	s, _ := testSigner(t)
	// Sanity: the hand-made HS256 token is accepted, so the refusals below are
	// about the algorithm and nothing else.
	if _, err := s.Verify(handMade(t, map[string]any{"alg": "HS256", "typ": "JWT"}, goodPayload(), testSecret)); err != nil {
		t.Fatalf("hand-made HS256 refused: %v", err)
	}

	for _, alg := range []string{"none", "None", "NONE"} {
		tok := handMade(t, map[string]any{"alg": alg, "typ": "JWT"}, goodPayload(), nil)
		wantInvalid(t, s, tok, "alg "+alg)
	}

	hs512, err := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims(goodPayload())).SignedString(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, s, hs512, "HS512 with the right secret")

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rs256, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(goodPayload())).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, s, rs256, "RS256")

	// Algorithm confusion: claims RS256 but HMAC-signed with our secret.
	wantInvalid(t, s, handMade(t, map[string]any{"alg": "RS256", "typ": "JWT"}, goodPayload(), testSecret), "RS256 header, HMAC signature")
}

func TestJWTMissingExp(t *testing.T) {
	s, _ := testSigner(t)
	p := goodPayload()
	delete(p, "exp")
	wantInvalid(t, s, handMade(t, map[string]any{"alg": "HS256", "typ": "JWT"}, p, testSecret), "no exp")
}

func TestJWTOversized(t *testing.T) {
	s, _ := testSigner(t)
	// A genuinely signed, otherwise valid token that is simply too long.
	p := goodPayload()
	p["pad"] = strings.Repeat("x", MaxTokenBytes)
	tok := handMade(t, map[string]any{"alg": "HS256", "typ": "JWT"}, p, testSecret)
	if len(tok) <= MaxTokenBytes {
		t.Fatal("test token not oversized")
	}
	wantInvalid(t, s, tok, "oversized")
}

func TestJWTClaimsConsistency(t *testing.T) {
	s, _ := testSigner(t)
	hdr := map[string]any{"alg": "HS256", "typ": "JWT"}

	p := goodPayload()
	p["sub"] = "8"
	wantInvalid(t, s, handMade(t, hdr, p, testSecret), "subject differs from aid")

	p = goodPayload()
	p["role"] = "SUPERUSER"
	wantInvalid(t, s, handMade(t, hdr, p, testSecret), "unknown role")

	p = goodPayload()
	delete(p, "aid")
	delete(p, "sub")
	wantInvalid(t, s, handMade(t, hdr, p, testSecret), "no account")
}

// exp, nbf and iat must be JSON numbers: the library alone would read a
// number inside a string. Each case is signed with the right secret and is
// otherwise the accepted payload.
func TestJWTTimesMustBeNumbers(t *testing.T) {
	s, _ := testSigner(t)
	hdr := map[string]any{"alg": "HS256", "typ": "JWT"}
	if _, err := s.Verify(handMade(t, hdr, goodPayload(), testSecret)); err != nil {
		t.Fatalf("the numeric payload itself is refused: %v", err)
	}
	for _, name := range []string{"exp", "nbf", "iat"} {
		good := goodPayload()[name].(int64)
		for _, v := range []any{strconv.FormatInt(good, 10), strconv.FormatInt(good, 10) + ".0", nil, true, []int64{good}, map[string]any{"n": good}} {
			p := goodPayload()
			p[name] = v
			wantInvalid(t, s, handMade(t, hdr, p, testSecret), fmt.Sprintf("%s = %#v", name, v))
		}
	}
	// A fractional number is a valid NumericDate (RFC 7519 §2).
	p := goodPayload()
	p["exp"] = float64(testStart.Add(10*time.Minute).Unix()) + 0.5
	if _, err := s.Verify(handMade(t, hdr, p, testSecret)); err != nil {
		t.Errorf("fractional exp refused: %v", err)
	}
}

func TestJWTSessionVersion(t *testing.T) {
	s, _ := testSigner(t)
	tok, _, err := s.Issue(42, "LEADER", 3)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Verify(tok)
	if err != nil || c.SessionVersion != 3 {
		t.Fatalf("session version: %+v, %v", c, err)
	}
	if _, _, err := s.Issue(42, "LEADER", -1); err == nil {
		t.Error("negative session version issued")
	}
	hdr := map[string]any{"alg": "HS256", "typ": "JWT"}
	p := goodPayload()
	p["ver"] = -1
	wantInvalid(t, s, handMade(t, hdr, p, testSecret), "negative ver")
	p["ver"] = "3"
	wantInvalid(t, s, handMade(t, hdr, p, testSecret), "ver as a string")
}
