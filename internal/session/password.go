package session

import (
	"context"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/accounts"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
)

// ChangePassword sets the viewer's own password after checking the current
// one, and returns a new credential pair for the caller: every session of
// the account ends (the password write moves its session version and
// revokes its refresh and API tokens, internal/session/revoke), this one
// continuing under the new pair. It clears the must-change mark an
// administrator's password leaves. Wrong current passwords count against
// the login limits of the account's name and the caller's address.
//
// The account row is written with system rights: privacy lets only ADMIN
// write accounts, and this is every user's own act, checked here (a login
// session, its own account, the current password).
func (s *Service) ChangePassword(ctx context.Context, current, next string) (*Result, error) {
	v := auth.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	case v.TokenID != 0:
		return nil, apperr.Forbiddenf("只能在登录会话中操作，接口令牌不可用 / only from a login session, not with an API token")
	case current == "":
		return nil, apperr.BadInput("currentPassword", "请输入当前密码 / the current password is required")
	case len(current) > accounts.MaxPasswordBytes:
		return nil, apperr.BadInput("currentPassword", "当前密码不正确 / the current password is wrong")
	}
	if err := accounts.CheckNewPassword("newPassword", next); err != nil {
		return nil, err
	}
	switch {
	case next == current:
		return nil, apperr.BadInput("newPassword", "新密码须与当前密码不同 / the new password must differ from the current one")
	case s.PublicPassword != "" && next == s.PublicPassword:
		return nil, apperr.BadInput("newPassword", "不能使用公开的演示密码 / the published demo password cannot be used")
	}
	sctx := rule.System(ctx)
	acc, err := s.Client.Account.Get(sctx, v.AccountID)
	if err != nil {
		return nil, err
	}
	addr := audit.ClientAddr(ctx)
	try, err := s.logins.begin(strings.ToLower(acc.Login), addr, func() (bool, error) {
		return s.loggedInFrom(sctx, acc.Login, addr)
	})
	if err != nil {
		return nil, err
	}
	if !auth.CheckPassword(acc.PasswordHash, current) {
		try.done(true)
		_ = audit.Record(ctx, s.Client, "change_password_failed", "account", acc.ID, nil)
		return nil, apperr.BadInput("currentPassword", "当前密码不正确 / the current password is wrong")
	}
	try.done(false)
	hash, err := auth.HashPassword(next)
	if err != nil {
		return nil, apperr.BadInput("newPassword", "%v", err)
	}
	var res *Result
	err = s.withTx(sctx, func(tx *ent.Client) error {
		// Only under the session version the caller's token was checked
		// against: a reset or disabling that committed meanwhile wins.
		changed, err := tx.Account.UpdateOneID(acc.ID).Where(account.SessionVersion(v.SessionVersion), account.Disabled(false)).
			SetPasswordHash(hash).SetMustChangePassword(false).SetDemo(false).Save(sctx)
		if ent.IsNotFound(err) {
			return apperr.New(apperr.Unauthenticated, "登录已失效，请重新登录 / token invalid or expired")
		}
		if err != nil {
			return err
		}
		nv, err := s.viewerOf(sctx, changed)
		if err != nil {
			return err
		}
		if res, err = s.issue(sctx, tx, changed, nv, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "change_password", "account", acc.ID, nil)
	})
	return res, err
}
