// Package ratings is frontline rating (一线打分 / 好差评) and its follow-up:
// submitting a rating, the rectification (差评整改) a bad rating opens with
// its RECTIFICATION task, the department's answer, the rater's verdict, and
// appeals (申诉复核) decided by an admin.
//
// Raters are identified on a rating by rater_key (internal/ratings/raterkey:
// an HMAC of the staff ID under the server's rater secret, which is kept
// outside the database), never by name when the rating is anonymous:
// rater_id stays NULL, the rectification task names no creator, the audit
// trail only counts the act per day (audit.Tally), and every time the act
// writes is its day (see anonymity.go). Only the rater, whose key the
// server recomputes, finds (myRatings), recognises (Rating.mine) and judges
// their ratings.
package ratings

import (
	"context"
	"crypto/hmac"
	"errors"
	"time"

	"xiaoneng/ent"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/ratings/raterkey"
)

// Service is the rating operations over one database, with the server's
// rater secret.
type Service struct {
	Client *ent.Client
	// Now is the clock; default time.Now.
	Now func() time.Time

	secret []byte
}

// New returns the rating operations over client; secret is the server's
// rater secret (raterkey.Load).
func New(client *ent.Client, secret []byte) *Service {
	return &Service{Client: client, Now: time.Now, secret: secret}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// raterKeys are the viewer's rater keys: on their anonymous ratings and on
// their named ones (raterkey.For).
type raterKeys struct{ anonymous, named string }

func (k raterKeys) of(anonymous bool) string {
	if anonymous {
		return k.anonymous
	}
	return k.named
}

// match reports whether key is one of them.
func (k raterKeys) match(key string) bool {
	return hmac.Equal([]byte(key), []byte(k.anonymous)) || key == k.named
}

// keysOf returns the rater keys of the viewer's staff member.
func (s *Service) keysOf(v *auth.Viewer) (raterKeys, error) {
	if len(s.secret) < raterkey.MinSecretBytes {
		return raterKeys{}, errors.New("ratings: no rater secret configured")
	}
	return raterKeys{raterkey.Key(s.secret, v.StaffID), raterkey.Named(v.StaffID)}, nil
}

// Mine reports whether the viewer rated r (by rater key, so it works for
// anonymous ratings). Only FRONTLINE viewers rate.
func (s *Service) Mine(ctx context.Context, r *ent.Rating) (bool, error) {
	v := auth.FromContext(ctx)
	if v == nil || v.Role != auth.RoleFrontline || v.StaffID == 0 || r == nil || r.RaterKey == "" {
		return false, nil
	}
	keys, err := s.keysOf(v)
	if err != nil {
		return false, err
	}
	return keys.match(r.RaterKey), nil
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
