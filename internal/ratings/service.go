// Package ratings is frontline rating (一线打分 / 好差评) and its follow-up:
// submitting a rating, the rectification (差评整改) a bad rating opens with
// its RECTIFICATION task, the department's answer, the rater's verdict, and
// appeals (申诉复核) decided by an admin.
//
// Raters are identified on a rating by rater_key = hex(HMAC-SHA256(secret,
// decimal staff ID)) under the server's rater secret (settings key
// SecretSetting), never by name when the rating is anonymous: rater_id stays
// NULL, the audit row carries no actor and no address, and the rectification
// task names no creator. Only the rater, who can recompute their own key,
// finds (myRatings), recognises (Rating.mine) and judges their ratings.
package ratings

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/setting"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
)

// SecretSetting is the settings key of the rater secret (hex). The demo seed
// stores the secret it used under the same key (internal/seed), so the demo
// raters find their seeded ratings.
const SecretSetting = "secret.rater_key"

// Service holds the rater secret once read. The secret never changes once
// stored, so every replica may cache it.
type Service struct {
	Client *ent.Client
	// Now is the clock; default time.Now.
	Now func() time.Time

	mu     sync.Mutex
	secret []byte
}

// New returns the rating operations over client.
func New(client *ent.Client) *Service { return &Service{Client: client, Now: time.Now} }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Secret returns the rater secret, creating it (32 random bytes) on first use.
// Concurrent first uses on several replicas agree: the first insert wins and
// everyone reads it back.
func (s *Service) Secret(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	sctx := privacy.DecisionContext(ctx, privacy.Allow)
	row, err := s.Client.Setting.Query().Where(setting.Key(SecretSetting)).Only(sctx)
	if ent.IsNotFound(err) {
		buf := make([]byte, 32)
		if _, err := rand.Read(buf); err != nil {
			return nil, err
		}
		err = s.Client.Setting.Create().SetKey(SecretSetting).SetValue(hex.EncodeToString(buf)).Exec(sctx)
		if err != nil && !ent.IsConstraintError(err) {
			return nil, fmt.Errorf("storing the rater secret: %w", err)
		}
		row, err = s.Client.Setting.Query().Where(setting.Key(SecretSetting)).Only(sctx)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the rater secret: %w", err)
	}
	secret, err := hex.DecodeString(row.Value)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("the rater secret (settings %s) must be at least 16 bytes in hex", SecretSetting)
	}
	s.secret = secret
	return secret, nil
}

// RaterKey is hex(HMAC-SHA256(secret, decimal staff ID)), as internal/seed's RaterKey.
func RaterKey(secret []byte, staffID int) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.Itoa(staffID)))
	return hex.EncodeToString(m.Sum(nil))
}

// keyOf returns the rater key of the viewer's staff member.
func (s *Service) keyOf(ctx context.Context, v *auth.Viewer) (string, error) {
	secret, err := s.Secret(ctx)
	if err != nil {
		return "", err
	}
	return RaterKey(secret, v.StaffID), nil
}

// Mine reports whether the viewer rated r (by rater key, so it works for
// anonymous ratings). Only FRONTLINE viewers rate.
func (s *Service) Mine(ctx context.Context, r *ent.Rating) (bool, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.Role != auth.RoleFrontline || v.StaffID == 0 || r == nil || r.RaterKey == "" {
		return false, nil
	}
	key, err := s.keyOf(ctx, v)
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(key), []byte(r.RaterKey)), nil
}

// frontline returns the viewer when it is a FRONTLINE user with a staff
// member and a unit.
func frontline(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	}
	if v.Role != auth.RoleFrontline || v.StaffID == 0 || v.DepartmentID == 0 {
		return nil, apperr.Forbiddenf("只有一线单位可以评价 / only frontline units rate")
	}
	return v, nil
}

// anonymousCtx hides the actor and the address from the audit row of an
// operation on an anonymous rating: the trail must not tell who rated.
func anonymousCtx(ctx context.Context) context.Context {
	return auth.NewContext(audit.WithClientAddr(ctx, ""), nil)
}

// system is for the rectification task's follow-up changes: the task
// follows its rectification, whose change the privacy rules have already
// allowed (the rater reopening it may not otherwise touch agency tasks).
func system(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}
