package auth

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrInvalidToken is wrapped by every verification failure (bad signature,
// wrong algorithm, expired, wrong issuer or audience, malformed, too long).
// Callers map it to UNAUTHENTICATED and must not tell the client which check
// failed; the wrapped detail is for logs only.
var ErrInvalidToken = errors.New("auth: invalid or expired token")

const (
	// MinSecretBytes: HS256 keys shorter than the hash output weaken it (RFC 7518 §3.2).
	MinSecretBytes = 32
	// MaxTokenBytes bounds the work an unauthenticated client can cause:
	// nothing longer is even parsed. Our own tokens are ~300 bytes.
	MaxTokenBytes = 4096
	// leeway absorbs clock skew between replicas behind a load balancer.
	leeway = 30 * time.Second
)

// Claims of an access token: a login session, with its role's full rights
// (API tokens are opaque, never JWTs, and carry their scopes in the database).
type Claims struct {
	AccountID int    `json:"aid"`
	Role      string `json:"role"`
	// SessionVersion is the account's session version at issue: a token
	// issued before the account's password, role, staff or disabled flag
	// changed carries an older one and is refused (session.Service).
	SessionVersion int `json:"ver"`
	jwt.RegisteredClaims
}

// Signer issues and verifies HS256 access tokens. Use NewSigner, which checks
// the settings; Now is for tests (nil = time.Now).
type Signer struct {
	Secret   []byte
	Issuer   string
	Audience string
	TTL      time.Duration
	Now      func() time.Time
}

// NewSigner validates the settings once at start-up, so a weak or missing
// secret stops the server instead of producing forgeable tokens.
func NewSigner(secret []byte, issuer, audience string, ttl time.Duration) (*Signer, error) {
	s := &Signer{Secret: secret, Issuer: issuer, Audience: audience, TTL: ttl}
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Signer) check() error {
	switch {
	case len(s.Secret) < MinSecretBytes:
		return fmt.Errorf("auth: JWT secret must be at least %d bytes, got %d", MinSecretBytes, len(s.Secret))
	case s.Issuer == "" || s.Audience == "":
		return errors.New("auth: JWT issuer and audience must be set")
	case s.TTL <= 0:
		return errors.New("auth: JWT TTL must be positive")
	}
	return nil
}

func (s *Signer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Issue signs an access token for the account at its session version; it
// expires after TTL.
func (s *Signer) Issue(accountID int, role string, sessionVersion int) (token string, expiresAt time.Time, err error) {
	if err := s.check(); err != nil {
		return "", time.Time{}, err
	}
	if accountID <= 0 {
		return "", time.Time{}, fmt.Errorf("auth: invalid account id %d", accountID)
	}
	if !Role(role).Valid() {
		return "", time.Time{}, fmt.Errorf("auth: invalid role %q", role)
	}
	if sessionVersion < 0 {
		return "", time.Time{}, fmt.Errorf("auth: invalid session version %d", sessionVersion)
	}
	// JWT times have second precision; truncating keeps the returned expiresAt
	// equal to what a client decodes from the token.
	now := s.now().Truncate(time.Second)
	expiresAt = now.Add(s.TTL)
	jti := make([]byte, 16)
	if _, err := rand.Read(jti); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: random token id: %w", err)
	}
	claims := Claims{
		AccountID:      accountID,
		Role:           role,
		SessionVersion: sessionVersion,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.Issuer,
			Subject:   strconv.Itoa(accountID),
			Audience:  jwt.ClaimStrings{s.Audience},
			ExpiresAt: jwt.NewNumericDate(expiresAt),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        hex.EncodeToString(jti),
		},
	}
	token, err = jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(s.Secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: sign token: %w", err)
	}
	return token, expiresAt, nil
}

// Verify checks the token and returns its claims. Every failure wraps
// ErrInvalidToken.
func (s *Signer) Verify(token string) (*Claims, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if token == "" {
		return nil, fmt.Errorf("%w: empty", ErrInvalidToken)
	}
	if len(token) > MaxTokenBytes {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrInvalidToken, MaxTokenBytes)
	}
	parser := jwt.NewParser(
		// Pinning the algorithm defeats "alg: none" and HS/RS confusion.
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(s.Issuer),
		jwt.WithAudience(s.Audience),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(s.now),
	)
	claims := &Claims{}
	_, err := parser.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		// Belt and braces: WithValidMethods already checked the name.
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
		}
		return s.Secret, nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	// The subject is the account id; a token whose two copies disagree was not
	// made by Issue.
	if claims.AccountID <= 0 || claims.Subject != strconv.Itoa(claims.AccountID) {
		return nil, fmt.Errorf("%w: subject does not match account", ErrInvalidToken)
	}
	if !Role(claims.Role).Valid() {
		return nil, fmt.Errorf("%w: unknown role %q", ErrInvalidToken, claims.Role)
	}
	if claims.SessionVersion < 0 {
		return nil, fmt.Errorf("%w: negative session version", ErrInvalidToken)
	}
	if err := timesAreNumbers(token); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	return claims, nil
}

// timesAreNumbers refuses a token whose exp, nbf or iat is anything but a
// JSON number. RFC 7519 makes them numbers, but golang-jwt's NumericDate also
// decodes a number inside a string ("exp":"4102444800"); Issue never writes
// one, so such a token was not made here.
func timesAreNumbers(token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errors.New("not three segments")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return fmt.Errorf("payload: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(payload, &raw); err != nil {
		return fmt.Errorf("payload: %w", err)
	}
	for _, name := range []string{"exp", "nbf", "iat"} {
		v, ok := raw[name]
		if !ok {
			continue
		}
		if len(v) == 0 || !(v[0] == '-' || v[0] >= '0' && v[0] <= '9') {
			return fmt.Errorf("%s is not a number", name)
		}
	}
	return nil
}
