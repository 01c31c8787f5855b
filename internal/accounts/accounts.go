// Package accounts is the admin's management of logins: create an account
// for a staff member with a role, change its role, disable it, reset its
// password. ent privacy lets only ADMIN write accounts. A change of
// password, role or staff, or a disabling, ends the account's sessions
// (internal/session/revoke, an ent hook, in the change's transaction).
package accounts

import (
	"context"
	"strings"
	"unicode"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// Lengths of credentials, in bytes, checked before any database or bcrypt
// work. MaxLoginBytes is the accounts.login column's limit (60 ASCII
// characters, 20 Chinese ones). MaxPasswordBytes is bcrypt's: it ignores
// what lies beyond, so a longer password is refused rather than cut.
const (
	MaxLoginBytes    = 60
	MinPasswordBytes = 8
	MaxPasswordBytes = 72
)

// CheckLogin refuses an empty or over-long login name, or one with control
// characters (which PostgreSQL text refuses and no one types), as bad
// input of field.
func CheckLogin(field, login string) error {
	switch {
	case login == "":
		return apperr.BadInput(field, "登录名不能为空 / login is required")
	case len(login) > MaxLoginBytes:
		return apperr.BadInput(field, "登录名最长 %d 字节 / login must be at most %d bytes", MaxLoginBytes, MaxLoginBytes)
	case strings.IndexFunc(login, unicode.IsControl) >= 0:
		return apperr.BadInput(field, "登录名含控制字符 / login must not contain control characters")
	}
	return nil
}

// CheckNewPassword refuses a password that is too short or too long to set.
func CheckNewPassword(field, password string) error {
	switch {
	case len(password) < MinPasswordBytes:
		return apperr.BadInput(field, "密码至少 %d 位 / password must have at least %d characters", MinPasswordBytes, MinPasswordBytes)
	case len(password) > MaxPasswordBytes:
		return apperr.BadInput(field, "密码最长 %d 字节 / password must be at most %d bytes", MaxPasswordBytes, MaxPasswordBytes)
	}
	return nil
}

// CreateInput is a new account.
type CreateInput struct {
	Login    string
	Password string
	Role     account.Role
	Staff    *int
}

// UpdateInput changes an account's role or disables it; nil leaves a field.
type UpdateInput struct {
	Role     *account.Role
	Disabled *bool
}

// Create adds an account.
func Create(ctx context.Context, client *ent.Client, in CreateInput) (*ent.Account, error) {
	login := strings.TrimSpace(in.Login)
	if err := CheckLogin("input.login", login); err != nil {
		return nil, err
	}
	if err := account.RoleValidator(in.Role); err != nil {
		return nil, apperr.BadInput("input.role", "unknown role %q", in.Role)
	}
	if err := CheckNewPassword("input.password", in.Password); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, apperr.BadInput("input.password", "%v", err)
	}
	var out *ent.Account
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		if n, err := tx.Account.Query().Where(account.Login(login)).Count(ctx); err != nil {
			return err
		} else if n > 0 {
			return &apperr.Error{Code: apperr.Conflict, Field: "input.login", Message: "登录名已存在 / login already taken"}
		}
		if in.Staff != nil {
			if _, err := tx.Staff.Get(ctx, *in.Staff); err != nil {
				if ent.IsNotFound(err) {
					return apperr.NotFoundf("input.staff", "staff not found")
				}
				return err
			}
		}
		out, err = tx.Account.Create().SetLogin(login).SetPasswordHash(hash).SetRole(in.Role).
			SetNillableStaffID(in.Staff).Save(ctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create_account", "account", out.ID, map[string]any{"login": login, "role": in.Role})
	})
	return out, err
}

// Update changes an account's role or disabled flag. An admin cannot
// disable or demote their own account (so the agency keeps an admin).
// Only what differs is written: setting the role an account already has
// does not end its sessions.
func Update(ctx context.Context, client *ent.Client, id int, in UpdateInput) (*ent.Account, error) {
	if in.Role != nil {
		if err := account.RoleValidator(*in.Role); err != nil {
			return nil, apperr.BadInput("input.role", "unknown role %q", *in.Role)
		}
	}
	if v := auth.FromContext(ctx); v != nil && v.AccountID == id &&
		((in.Disabled != nil && *in.Disabled) || (in.Role != nil && *in.Role != account.RoleAdmin)) {
		return nil, apperr.BadInput("id", "不能停用或降级自己的账号 / you cannot disable or demote your own account")
	}
	var out *ent.Account
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		acc, err := tx.Account.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "account not found")
		}
		if err != nil {
			return err
		}
		upd := tx.Account.UpdateOne(acc)
		if in.Role != nil && *in.Role != acc.Role {
			upd.SetRole(*in.Role)
		}
		if in.Disabled != nil && *in.Disabled != acc.Disabled {
			upd.SetDisabled(*in.Disabled)
		}
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "update_account", "account", id, map[string]any{"role": in.Role, "disabled": in.Disabled})
	})
	return out, err
}

// ResetPassword sets a new password (the admin hands it over in person).
// It ends every session of the account and revokes its API tokens; the
// account is no longer a demo account.
func ResetPassword(ctx context.Context, client *ent.Client, id int, password string) (*ent.Account, error) {
	if err := CheckNewPassword("password", password); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, apperr.BadInput("password", "%v", err)
	}
	var out *ent.Account
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		acc, err := tx.Account.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "account not found")
		}
		if err != nil {
			return err
		}
		if out, err = tx.Account.UpdateOne(acc).SetPasswordHash(hash).SetDemo(false).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "reset_password", "account", id, nil)
	})
	return out, err
}
