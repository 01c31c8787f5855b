// Package accounts is the admin's management of logins: create accounts
// (one with a password the admin gives, or many at once with one-time
// passwords), change an account's role, person or disabled flag, reset its
// password. ent privacy lets only ADMIN write accounts, from a login
// session. A STAFF, LEADER or FRONTLINE account belongs to a person (an
// active staff member when linked); an ADMIN account may stand alone.
// Every password an administrator sets must be changed by its owner at the
// next login (must_change_password). A change of password, role or staff,
// or a disabling, ends the account's sessions (internal/session/revoke, an
// ent hook, in the change's transaction).
package accounts

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/99designs/gqlgen/graphql"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/rule"
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

// MaxBulk is the most accounts createAccounts makes in one call.
const MaxBulk = 500

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

// CreateInput is a new account with the password the admin hands over.
type CreateInput struct {
	Login    string
	Password string
	Role     account.Role
	Staff    *int
}

// NewAccount is an account of createAccounts (and of the ACCOUNTS import):
// its password is made for it.
type NewAccount struct {
	Login string
	Role  account.Role
	Staff *int
}

// Created is a new account with its one-time password, shown once.
type Created struct {
	Account         *ent.Account
	InitialPassword string
}

// UpdateInput changes an account's role, person or disabled flag; an
// absent field is left as it is, a null staff unlinks (ADMIN accounts only).
type UpdateInput struct {
	Role     *account.Role
	Disabled *bool
	Staff    graphql.Omittable[*int]
}

// Create adds an account with the admin's password, to be changed at the
// first login.
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
		out, err = createInTx(ctx, tx, "input.", NewAccount{Login: login, Role: in.Role, Staff: in.Staff}, hash)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// CreateMany adds accounts with one-time passwords, all or none, in one
// transaction. Fields are named inputs[i].…
func CreateMany(ctx context.Context, client *ent.Client, ins []*NewAccount) ([]*Created, error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, err
	}
	switch {
	case len(ins) == 0:
		return nil, apperr.BadInput("inputs", "没有要创建的账号 / no account to create")
	case len(ins) > MaxBulk:
		return nil, apperr.BadInput("inputs", "一次最多创建 %d 个账号 / at most %d accounts at once", MaxBulk, MaxBulk)
	}
	seen := map[string]int{}
	for i, in := range ins {
		in.Login = strings.TrimSpace(in.Login)
		field := fmt.Sprintf("inputs[%d].login", i)
		if err := CheckLogin(field, in.Login); err != nil {
			return nil, err
		}
		if j, dup := seen[in.Login]; dup {
			return nil, apperr.Conflictf(field, "登录名 %s 与第 %d 项重复 / login %s is also item %d", in.Login, j, in.Login, j)
		}
		seen[in.Login] = i
	}
	var out []*Created
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		for i, in := range ins {
			c, err := CreateGenerated(ctx, tx, fmt.Sprintf("inputs[%d].", i), *in)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range out {
		c.Account = c.Account.Unwrap()
	}
	return out, nil
}

// CreateGenerated adds one account with a one-time password inside tx (its
// login already checked with CheckLogin); fields are named prefix + ….
func CreateGenerated(ctx context.Context, tx *ent.Client, prefix string, in NewAccount) (*Created, error) {
	plain, hash, err := auth.NewInitialPassword()
	if err != nil {
		return nil, err
	}
	acc, err := createInTx(ctx, tx, prefix, in, hash)
	if err != nil {
		return nil, err
	}
	return &Created{Account: acc, InitialPassword: plain}, nil
}

func createInTx(ctx context.Context, tx *ent.Client, prefix string, in NewAccount, hash string) (*ent.Account, error) {
	if err := account.RoleValidator(in.Role); err != nil {
		return nil, apperr.BadInput(prefix+"role", "unknown role %q", in.Role)
	}
	if n, err := tx.Account.Query().Where(account.Login(in.Login)).Count(rule.System(ctx)); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, apperr.Conflictf(prefix+"login", "登录名 %s 已存在 / login %s already taken", in.Login, in.Login)
	}
	if err := CheckLink(ctx, tx, prefix+"staff", in.Role, in.Staff, true); err != nil {
		return nil, err
	}
	out, err := tx.Account.Create().SetLogin(in.Login).SetPasswordHash(hash).SetRole(in.Role).
		SetNillableStaffID(in.Staff).SetMustChangePassword(true).Save(ctx)
	if err != nil {
		return nil, err
	}
	return out, audit.Record(ctx, tx, "create_account", "account", out.ID, map[string]any{"login": in.Login, "role": in.Role, "staff": in.Staff})
}

// CheckLink: a STAFF, LEADER or FRONTLINE account belongs to a person; a
// person newly linked (linking) must exist (NOT_FOUND) and be active
// (CONFLICT). An account already linked to a person who has since left
// keeps its link.
func CheckLink(ctx context.Context, tx *ent.Client, field string, role account.Role, staff *int, linking bool) error {
	if staff == nil {
		if role != account.RoleAdmin {
			return apperr.BadInput(field, "一线、机关干部和领导账号须关联人员 / a %s account must be linked to a staff member", role)
		}
		return nil
	}
	if !linking {
		return nil
	}
	st, err := tx.Staff.Get(rule.System(ctx), *staff)
	if ent.IsNotFound(err) {
		return apperr.NotFoundf(field, "人员不存在 / no such staff member")
	}
	if err != nil {
		return err
	}
	if !st.Active {
		return apperr.Conflictf(field, "%s 已不在岗 / %s is no longer active", st.Name, st.Name)
	}
	return nil
}

// Update changes an account's role, person or disabled flag. An admin
// cannot disable or demote their own account (so the agency keeps an
// admin). Only what differs is written: setting the role an account
// already has does not end its sessions.
func Update(ctx context.Context, client *ent.Client, id int, in UpdateInput) (*ent.Account, error) {
	var out *ent.Account
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		out, _, err = UpdateInTx(ctx, tx, "input.", id, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// UpdateInTx is Update inside tx, with fields named prefix + … (the id is
// "id"); changed reports whether anything was written.
func UpdateInTx(ctx context.Context, tx *ent.Client, prefix string, id int, in UpdateInput) (out *ent.Account, changed bool, err error) {
	if in.Role != nil {
		if err := account.RoleValidator(*in.Role); err != nil {
			return nil, false, apperr.BadInput(prefix+"role", "unknown role %q", *in.Role)
		}
	}
	if v := auth.FromContext(ctx); v != nil && v.AccountID == id &&
		((in.Disabled != nil && *in.Disabled) || (in.Role != nil && *in.Role != account.RoleAdmin)) {
		return nil, false, apperr.BadInput("id", "不能停用或降级自己的账号 / you cannot disable or demote your own account")
	}
	acc, err := tx.Account.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, false, apperr.NotFoundf("id", "account not found")
	}
	if err != nil {
		return nil, false, err
	}
	role, staff := acc.Role, acc.StaffID
	if in.Role != nil {
		role = *in.Role
	}
	linking := false
	if s, set := in.Staff.ValueOK(); set {
		linking = s != nil && (staff == nil || *s != *staff)
		staff = s
	}
	// Checked when the role or the person changes: an account made before
	// the rule (a STAFF account without a person) can still be disabled.
	if role != acc.Role || !sameID(staff, acc.StaffID) {
		if err := CheckLink(ctx, tx, prefix+"staff", role, staff, linking); err != nil {
			return nil, false, err
		}
	}
	upd := tx.Account.UpdateOne(acc)
	detail := map[string]any{}
	if role != acc.Role {
		upd.SetRole(role)
		detail["role"] = role
	}
	if !sameID(staff, acc.StaffID) {
		if staff == nil {
			upd.ClearStaffID()
		} else {
			upd.SetStaffID(*staff)
		}
		detail["staff"] = staff
	}
	if in.Disabled != nil && *in.Disabled != acc.Disabled {
		upd.SetDisabled(*in.Disabled)
		detail["disabled"] = *in.Disabled
	}
	if len(detail) == 0 {
		return acc, false, nil
	}
	if out, err = upd.Save(ctx); err != nil {
		return nil, false, err
	}
	return out, true, audit.Record(ctx, tx, "update_account", "account", id, detail)
}

func sameID(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// ResetPassword sets a new password (the admin hands it over in person),
// which its owner must change at the next login. It ends every session of
// the account and revokes its API tokens; the account is no longer a demo
// account.
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
		if out, err = tx.Account.UpdateOne(acc).SetPasswordHash(hash).SetDemo(false).SetMustChangePassword(true).Save(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "reset_password", "account", id, nil)
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

func requireAdmin(ctx context.Context) error {
	if !auth.FromContext(ctx).IsAdmin() {
		return apperr.Forbiddenf("只有管理员可以管理账号 / only an administrator manages accounts")
	}
	return nil
}
