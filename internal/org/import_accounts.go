package org

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
	"xiaoneng/internal/accounts"
	"xiaoneng/internal/importer"
)

// The ACCOUNTS kind, matched by login: role, the person by employee number,
// disabled. A new account gets a one-time password, shown once in the
// applied report, to be changed at the first login; an existing account's
// password is never touched. Imported from a login session only.

var roleNames = map[account.Role]string{
	account.RoleAdmin: "管理员", account.RoleLeader: "领导", account.RoleStaff: "机关人员", account.RoleFrontline: "一线人员",
}

var accountColumns = map[string]string{"login": "login", "role": "role", "staff": "employee_no", "id": ""}

// AccountsKind is the ACCOUNTS importer kind.
func AccountsKind() importer.Kind {
	return importer.Kind{
		Name:        "ACCOUNTS",
		Title:       bi("账号", "Accounts"),
		SessionOnly: true,
		Columns: []importer.Column{
			{Key: "login", Header: bi("登录名", "Login"), Required: true, Example: "zhang.wei", Note: bi("唯一，最多 60 字节", "unique, at most 60 bytes")},
			{Key: "role", Header: bi("角色", "Role"), Required: true, Example: "机关人员",
				Note: bi("管理员、领导、机关人员或一线人员", "ADMIN, LEADER, STAFF or FRONTLINE")},
			{Key: "employee_no", Header: bi("工号", "Employee number"), Example: "E0101",
				Note: bi("账号所属人员；只有管理员账号可以留空", "the person the account belongs to; empty only for an administrator")},
			{Key: "disabled", Header: bi("停用", "Disabled"), Example: "否", Note: bi("是或否，默认否", "yes or no, default no")},
			{Key: "password_pending", Header: bi("待改初始密码", "Initial password not yet changed"),
				Note: bi("导出时填写，导入时忽略；新账号的初始密码只在导入结果中显示一次", "written by the export, ignored on import; a new account's initial password is shown once, in the import's result")},
		},
		Start: func(ctx context.Context, tx *ent.Client) (importer.Run, error) {
			return &accountRun{run: run{tx}, lines: map[string]int{}}, nil
		},
		Export: exportAccounts,
	}
}

type accountRun struct {
	run
	lines   map[string]int
	secrets []importer.Secret
}

func (r *accountRun) Secrets() []importer.Secret { return r.secrets }

func (r *accountRun) Finish(context.Context) ([]importer.Problem, error) { return nil, nil }

func (r *accountRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	ln := row.Line
	login, _ := value(row, "login")
	if err := accounts.CheckLogin("login", login); err != nil {
		return fail(ln, accountColumns, err)
	}
	if first, dup := r.lines[login]; dup {
		return 0, problem(ln, "login", fmt.Sprintf("登录名 %s 与第 %d 行重复", login, first), fmt.Sprintf("the login %s is also on line %d", login, first)), nil
	}
	r.lines[login] = ln
	existing, err := r.tx.Account.Query().Where(account.Login(login)).Only(rule.System(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return 0, nil, err
	}
	var in accounts.UpdateInput
	if v, ok := value(row, "role"); ok || existing == nil {
		role, ok := enumValue(v, roleNames)
		if !ok {
			return 0, problem(ln, "role", "角色应为管理员、领导、机关人员或一线人员", "the role must be ADMIN, LEADER, STAFF or FRONTLINE"), nil
		}
		in.Role = &role
	}
	if v, ok := value(row, "employee_no"); ok || existing == nil {
		var id *int
		if v != "" {
			st, err := r.tx.Staff.Query().Where(staff.EmployeeNo(v)).Only(rule.System(ctx))
			if ent.IsNotFound(err) {
				return 0, problem(ln, "employee_no", "工号 "+v+" 不存在", "unknown employee number "+v), nil
			}
			if err != nil {
				return 0, nil, err
			}
			id = &st.ID
		}
		in.Staff = graphql.OmittableOf(id)
	}
	if v, ok := value(row, "disabled"); ok && v != "" {
		b, ok := parseBool(v)
		if !ok {
			return 0, problem(ln, "disabled", "停用应为“是”或“否”", "disabled must be yes or no"), nil
		}
		in.Disabled = &b
	}
	if existing != nil {
		_, changed, err := accounts.UpdateInTx(ctx, r.tx, "", existing.ID, in)
		if err != nil {
			return fail(ln, accountColumns, err)
		}
		if changed {
			return importer.Updated, nil, nil
		}
		return importer.Unchanged, nil, nil
	}
	staffID, _ := in.Staff.ValueOK()
	created, err := accounts.CreateGenerated(ctx, r.tx, "", accounts.NewAccount{Login: login, Role: *in.Role, Staff: staffID})
	if err != nil {
		return fail(ln, accountColumns, err)
	}
	if in.Disabled != nil && *in.Disabled {
		if _, _, err := accounts.UpdateInTx(ctx, r.tx, "", created.Account.ID, accounts.UpdateInput{Disabled: in.Disabled}); err != nil {
			return fail(ln, accountColumns, err)
		}
	}
	r.secrets = append(r.secrets, importer.Secret{Login: login, Password: created.InitialPassword})
	return importer.Created, nil, nil
}

// exportAccounts writes every account the viewer may read, by login.
func exportAccounts(ctx context.Context, c *ent.Client, row func([]string) error) error {
	all, err := c.Account.Query().WithStaff(func(q *ent.StaffQuery) { q.Select(staff.FieldEmployeeNo) }).
		Order(ent.Asc(account.FieldLogin)).All(ctx)
	if err != nil {
		return err
	}
	for _, a := range all {
		no := ""
		if a.Edges.Staff != nil {
			no = a.Edges.Staff.EmployeeNo
		}
		if err := row([]string{a.Login, roleNames[a.Role], no, yesNo(a.Disabled), yesNo(a.MustChangePassword)}); err != nil {
			return err
		}
	}
	return nil
}
