package org

import (
	"context"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
)

// DefaultRootCode is the agency's code when setupAgency is given none.
const DefaultRootCode = "ROOT"

// SetupInput names the agency (the root department).
type SetupInput struct {
	Name string
	Code *string
}

// DepartmentInput is a new department or frontline unit.
type DepartmentInput struct {
	Name              string
	Code              string
	Kind              department.Kind
	Parent            int
	VisitQuotaPerYear *int
	SortOrder         *int
}

// DepartmentUpdate renames or recodes a department, or sets its visit quota
// or order; nil leaves a field as it is.
type DepartmentUpdate struct {
	Name              *string
	Code              *string
	VisitQuotaPerYear *int
	SortOrder         *int
}

// deptSpec is a department as it is to be: what the mutations and the
// DEPARTMENTS import check and write, with the parent resolved. Field
// names of its errors are bare (name, code, kind, parent,
// visitQuotaPerYear, sortOrder).
type deptSpec struct {
	Name, Code string
	Kind       department.Kind
	Parent     *int // nil only for the root
	VisitQuota int
	SortOrder  int
}

func specOf(d *ent.Department) deptSpec {
	return deptSpec{Name: d.Name, Code: d.Code, Kind: d.Kind, Parent: d.ParentID, VisitQuota: d.VisitQuotaPerYear, SortOrder: d.SortOrder}
}

func (s deptSpec) equal(d *ent.Department) bool {
	return s.Name == d.Name && s.Code == d.Code && s.Kind == d.Kind && sameID(s.Parent, d.ParentID) &&
		s.VisitQuota == d.VisitQuotaPerYear && s.SortOrder == d.SortOrder
}

func sameID(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// check normalises s and checks it against the database as tx sees it;
// existing is the department being changed (nil for a new one).
func (s *deptSpec) check(ctx context.Context, tx *ent.Client, existing *ent.Department) error {
	sctx := rule.System(ctx)
	var err error
	if s.Name, err = text("name", s.Name, MaxDepartmentName, true); err != nil {
		return err
	}
	if s.Code, err = code("code", s.Code); err != nil {
		return err
	}
	if department.KindValidator(s.Kind) != nil {
		return apperr.BadInput("kind", "类型应为机关部门或一线单位 / kind must be AGENCY or FRONTLINE")
	}
	if existing != nil && s.Kind != existing.Kind {
		return apperr.BadInput("kind", "部门类型不能更改；请新建后合并 / a department's kind cannot change; create a new one and merge into it")
	}
	if s.VisitQuota < 0 || s.VisitQuota > MaxVisitQuota {
		return apperr.BadInput("visitQuotaPerYear", "年度下沉服务指标应在 0 到 %d 之间 / visitQuotaPerYear must be between 0 and %d", MaxVisitQuota, MaxVisitQuota)
	}
	if s.SortOrder < -MaxSortOrder || s.SortOrder > MaxSortOrder {
		return apperr.BadInput("sortOrder", "排序应在 ±%d 之内 / sortOrder must be within ±%d", MaxSortOrder, MaxSortOrder)
	}
	if existing == nil || s.Code != existing.Code {
		q := tx.Department.Query().Where(department.Code(s.Code))
		if existing != nil {
			q.Where(department.IDNEQ(existing.ID))
		}
		if taken, err := q.Exist(sctx); err != nil {
			return err
		} else if taken {
			return apperr.Conflictf("code", "部门编码 %s 已被使用 / the department code %s is taken", s.Code, s.Code)
		}
	}
	if existing != nil && sameID(s.Parent, existing.ParentID) {
		return nil
	}
	switch {
	case s.Parent == nil && existing != nil:
		return apperr.BadInput("parent", "只有机关本身没有上级 / only the agency itself has no parent")
	case s.Parent == nil:
		if any, err := tx.Department.Query().Exist(sctx); err != nil {
			return err
		} else if any {
			return apperr.BadInput("parent", "请指定上级部门（机关本身已存在）/ a parent is required: the agency itself exists")
		}
		return nil
	case existing != nil && existing.ParentID == nil:
		return apperr.BadInput("parent", "机关本身不能移动 / the agency itself cannot be moved")
	case existing != nil && existing.ClosedAt != nil:
		return apperr.Conflictf("id", "%s 已撤销，不能移动 / %s is closed and cannot be moved", existing.Name, existing.Name)
	}
	parent, err := tx.Department.Get(sctx, *s.Parent)
	if ent.IsNotFound(err) {
		return apperr.NotFoundf("parent", "上级部门不存在 / no such parent department")
	}
	if err != nil {
		return err
	}
	if err := CheckOpen("parent", parent); err != nil {
		return err
	}
	if existing != nil {
		below, err := rule.Under(ctx, tx, parent.ID, existing.ID)
		if err != nil {
			return err
		}
		if below {
			return apperr.BadInput("parent", "%s 是 %s 本身或其下级，移动会形成循环 / %s is %s itself or below it: the tree would have a cycle",
				parent.Name, existing.Name, parent.Name, existing.Name)
		}
	}
	return nil
}

// createDepartment checks s and creates the department with its audit row.
func createDepartment(ctx context.Context, tx *ent.Client, s deptSpec) (*ent.Department, error) {
	if err := s.check(ctx, tx, nil); err != nil {
		return nil, err
	}
	d, err := tx.Department.Create().SetName(s.Name).SetCode(s.Code).SetKind(s.Kind).SetNillableParentID(s.Parent).
		SetVisitQuotaPerYear(s.VisitQuota).SetSortOrder(s.SortOrder).Save(ctx)
	if err != nil {
		return nil, err
	}
	action := "create_department"
	if s.Parent == nil {
		action = "setup_agency"
	}
	return d, audit.Record(ctx, tx, action, "department", d.ID, map[string]any{"code": d.Code, "name": d.Name, "kind": d.Kind, "parent": d.ParentID})
}

// updateDepartment checks s and writes what differs from d (a change of
// parent is a move), with its audit row; changed reports a write.
func updateDepartment(ctx context.Context, tx *ent.Client, d *ent.Department, s deptSpec) (*ent.Department, bool, error) {
	if err := s.check(ctx, tx, d); err != nil {
		return nil, false, err
	}
	if s.equal(d) {
		return d, false, nil
	}
	detail := map[string]any{}
	u := tx.Department.UpdateOne(d)
	if s.Name != d.Name {
		u.SetName(s.Name)
		detail["name"] = s.Name
	}
	if s.Code != d.Code {
		u.SetCode(s.Code)
		detail["code"] = s.Code
	}
	if s.VisitQuota != d.VisitQuotaPerYear {
		u.SetVisitQuotaPerYear(s.VisitQuota)
		detail["visitQuotaPerYear"] = s.VisitQuota
	}
	if s.SortOrder != d.SortOrder {
		u.SetSortOrder(s.SortOrder)
		detail["sortOrder"] = s.SortOrder
	}
	action := "update_department"
	if !sameID(s.Parent, d.ParentID) {
		u.SetParentID(*s.Parent)
		detail["from"], detail["parent"] = d.ParentID, *s.Parent
		action = "move_department"
	}
	out, err := u.Save(ctx)
	if err != nil {
		return nil, false, err
	}
	return out, true, audit.Record(ctx, tx, action, "department", d.ID, detail)
}

// SetupAgency creates the root department, the agency itself (ADMIN), when
// the database holds no department; once it exists, SetupAgency names it
// again (the first-start wizard's first step may be repeated), and never
// makes a second one.
func SetupAgency(ctx context.Context, client *ent.Client, in SetupInput) (*ent.Department, error) {
	if err := requireAdmin(ctx, "建立机关"); err != nil {
		return nil, err
	}
	var out *ent.Department
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		// Written first, this row makes a concurrent setup wait for this
		// one's commit, after which it sees the agency and renames it.
		if err := settings.Set(ctx, tx, "org.setup", time.Now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		root, err := Root(ctx, tx)
		if err != nil {
			return err
		}
		if root != nil {
			s := specOf(root)
			s.Name = in.Name
			if in.Code != nil {
				s.Code = *in.Code
			}
			out, _, err = updateDepartment(ctx, tx, root, s)
			return err
		}
		s := deptSpec{Name: in.Name, Code: DefaultRootCode, Kind: department.KindAgency}
		if in.Code != nil {
			s.Code = *in.Code
		}
		out, err = createDepartment(ctx, tx, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}

// CreateDepartment adds a department or frontline unit under parent
// (ADMIN; a LEADER under a department of their subtree).
func CreateDepartment(ctx context.Context, client *ent.Client, in DepartmentInput) (*ent.Department, error) {
	s := deptSpec{Name: in.Name, Code: in.Code, Kind: in.Kind, Parent: &in.Parent}
	if in.VisitQuotaPerYear != nil {
		s.VisitQuota = *in.VisitQuotaPerYear
	}
	if in.SortOrder != nil {
		s.SortOrder = *in.SortOrder
	}
	var out *ent.Department
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		out, err = createDepartment(ctx, tx, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}

// UpdateDepartment renames, recodes or reorders a department, or sets its
// visit quota (ADMIN; a LEADER the departments below their own).
func UpdateDepartment(ctx context.Context, client *ent.Client, id int, in DepartmentUpdate) (*ent.Department, error) {
	var out *ent.Department
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		d, err := getDepartment(ctx, tx, "id", id)
		if err != nil {
			return err
		}
		s := specOf(d)
		if in.Name != nil {
			s.Name = *in.Name
		}
		if in.Code != nil {
			s.Code = *in.Code
		}
		if in.VisitQuotaPerYear != nil {
			s.VisitQuota = *in.VisitQuotaPerYear
		}
		if in.SortOrder != nil {
			s.SortOrder = *in.SortOrder
		}
		out, _, err = updateDepartment(ctx, tx, d, s)
		return err
	})
	if err != nil {
		return nil, prefixed("input.", err)
	}
	return out.Unwrap(), nil
}

// MoveDepartment puts a department (with its subtree) under another parent
// (ADMIN). A parent inside the department's own subtree would make a
// cycle: BAD_USER_INPUT on parent.
func MoveDepartment(ctx context.Context, client *ent.Client, id, parent int) (*ent.Department, error) {
	if err := requireAdmin(ctx, "移动部门"); err != nil {
		return nil, err
	}
	var out *ent.Department
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		d, err := getDepartment(ctx, tx, "id", id)
		if err != nil {
			return err
		}
		s := specOf(d)
		s.Parent = &parent
		out, _, err = updateDepartment(ctx, tx, d, s)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Unwrap(), nil
}

// getDepartment reads a department with system rights (every role reads
// departments): NOT_FOUND on field when there is none.
func getDepartment(ctx context.Context, tx *ent.Client, field string, id int) (*ent.Department, error) {
	d, err := tx.Department.Get(rule.System(ctx), id)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf(field, "部门不存在 / no such department")
	}
	return d, err
}

// Root returns the agency (the department without a parent), or nil.
func Root(ctx context.Context, c *ent.Client) (*ent.Department, error) {
	d, err := c.Department.Query().Where(department.ParentIDIsNil()).Order(ent.Asc(department.FieldID)).First(rule.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return d, err
}

func kindName(k department.Kind) string {
	if k == department.KindFrontline {
		return "一线单位 / frontline unit"
	}
	return "机关部门 / agency department"
}
