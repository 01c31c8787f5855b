// Package accounts is the admin's management of logins: create an account
// for a staff member with a role, change its role, disable it, reset its
// password. ent privacy lets only ADMIN write accounts.
package accounts

import (
	"context"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

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

// Forgetter drops cached viewers after a change (session.Service.Forget).
type Forgetter interface{ Forget(accountID int) }

// Create adds an account.
func Create(ctx context.Context, client *ent.Client, in CreateInput) (*ent.Account, error) {
	login := strings.TrimSpace(in.Login)
	if login == "" {
		return nil, apperr.BadInput("input.login", "登录名不能为空 / login is required")
	}
	if err := account.RoleValidator(in.Role); err != nil {
		return nil, apperr.BadInput("input.role", "unknown role %q", in.Role)
	}
	if len(in.Password) < 8 {
		return nil, apperr.BadInput("input.password", "密码至少 8 位 / password must have at least 8 characters")
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
func Update(ctx context.Context, client *ent.Client, sessions Forgetter, id int, in UpdateInput) (*ent.Account, error) {
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
		if in.Role != nil {
			upd.SetRole(*in.Role)
		}
		if in.Disabled != nil {
			upd.SetDisabled(*in.Disabled)
		}
		if out, err = upd.Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "update_account", "account", id, map[string]any{"role": in.Role, "disabled": in.Disabled})
	})
	if err == nil && sessions != nil {
		sessions.Forget(id)
	}
	return out, err
}

// ResetPassword sets a new password (the admin hands it over in person).
func ResetPassword(ctx context.Context, client *ent.Client, id int, password string) (*ent.Account, error) {
	if len(password) < 8 {
		return nil, apperr.BadInput("password", "密码至少 8 位 / password must have at least 8 characters")
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
		if out, err = tx.Account.UpdateOne(acc).SetPasswordHash(hash).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "reset_password", "account", id, nil)
	})
	return out, err
}
