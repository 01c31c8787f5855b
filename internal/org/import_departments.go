package org

import (
	"context"
	"fmt"
	"strconv"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/importer"
)

// The DEPARTMENTS kind: the tree by parent code, matched by code. A parent
// may come later in the file; parents that never come, and parents that
// would make a cycle, are the rows' problems. Closing and merging are not
// imported: the export shows them, the import leaves them as they are.

var kindNames = map[department.Kind]string{department.KindAgency: "机关部门", department.KindFrontline: "一线单位"}

var deptColumns = map[string]string{ // error field → column
	"code": "code", "name": "name", "kind": "kind", "parent": "parent_code",
	"visitQuotaPerYear": "visit_quota", "sortOrder": "sort_order",
}

// DepartmentsKind is the DEPARTMENTS importer kind.
func DepartmentsKind() importer.Kind {
	return importer.Kind{
		Name:  "DEPARTMENTS",
		Title: bi("部门", "Departments"),
		Columns: []importer.Column{
			{Key: "code", Header: bi("编码", "Code"), Required: true, Example: "AG13",
				Note: bi("唯一，最多 40 个字，不含空格", "unique, at most 40 characters, no spaces")},
			{Key: "name", Header: bi("名称", "Name"), Required: true, Example: "信访办公室", Note: bi("最多 100 个字", "at most 100 characters")},
			{Key: "kind", Header: bi("类型", "Kind"), Required: true, Example: "机关部门", Note: bi("机关部门或一线单位", "AGENCY or FRONTLINE")},
			{Key: "parent_code", Header: bi("上级编码", "Parent code"), Example: "ROOT",
				Note: bi("上级部门的编码，可在后面的行中；只有机关本身留空", "the parent's code, which may come in a later row; empty only for the agency itself")},
			{Key: "visit_quota", Header: bi("年度下沉服务指标", "Visit quota per year"), Example: "12", Note: bi("0 到 1000，默认 0", "0 to 1000, default 0")},
			{Key: "sort_order", Header: bi("排序", "Sort order"), Example: "13", Note: bi("整数，小的在前，默认 0", "a whole number, smaller first, default 0")},
			{Key: "closed_on", Header: bi("撤销日期", "Closed on"),
				Note: bi("导出时填写，导入时忽略（撤销与合并在机构维护页面办理）", "written by the export, ignored on import (close and merge on the organisation page)")},
			{Key: "successor_code", Header: bi("接续部门编码", "Successor code"), Note: bi("导出时填写，导入时忽略", "written by the export, ignored on import")},
		},
		Start: func(ctx context.Context, tx *ent.Client) (importer.Run, error) {
			return &deptRun{run: run{tx}, lines: map[string]int{}}, nil
		},
		Export: exportDepartments,
	}
}

type deptRow struct {
	line       int
	code       string
	parentCode string
	spec       deptSpec
	existing   *ent.Department
}

type deptRun struct {
	run
	lines   map[string]int // code → its line in this file
	pending []*deptRow     // rows whose parent code was not known yet
}

func (r *deptRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	ln := row.Line
	c, _ := value(row, "code")
	c, err := code("code", c)
	if err != nil {
		return fail(ln, deptColumns, err)
	}
	if first, dup := r.lines[c]; dup {
		return 0, problem(ln, "code", fmt.Sprintf("编码 %s 与第 %d 行重复", c, first), fmt.Sprintf("the code %s is also on line %d", c, first)), nil
	}
	r.lines[c] = ln
	existing, err := r.tx.Department.Query().Where(department.Code(c)).Only(rule.System(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return 0, nil, err
	}
	d := &deptRow{line: ln, code: c, existing: existing}
	if existing != nil {
		d.spec = specOf(existing)
	} else {
		d.spec = deptSpec{Code: c}
	}
	if v, ok := value(row, "name"); ok || existing == nil {
		d.spec.Name = v
	}
	if v, ok := value(row, "kind"); ok || existing == nil {
		k, ok := enumValue(v, kindNames)
		if !ok {
			return 0, problem(ln, "kind", "类型应为“机关部门”或“一线单位”", "the kind must be AGENCY (机关部门) or FRONTLINE (一线单位)"), nil
		}
		d.spec.Kind = k
	}
	for _, n := range []struct {
		key, field string
		out        *int
	}{{"visit_quota", "visitQuotaPerYear", &d.spec.VisitQuota}, {"sort_order", "sortOrder", &d.spec.SortOrder}} {
		if v, ok := value(row, n.key); ok {
			if *n.out, ok = parseInt(v, 0); !ok {
				return 0, problem(ln, n.key, "应为整数", "must be a whole number"), nil
			}
		}
	}
	outcome := importer.Created
	if existing != nil {
		outcome = importer.Updated
	}
	if pc, ok := value(row, "parent_code"); ok || existing == nil {
		d.parentCode = pc
		if pc == "" {
			d.spec.Parent = nil
		} else {
			p, err := r.tx.Department.Query().Where(department.Code(pc)).Only(rule.System(ctx))
			if ent.IsNotFound(err) {
				r.pending = append(r.pending, d) // the parent may come later
				return outcome, nil, nil
			}
			if err != nil {
				return 0, nil, err
			}
			d.spec.Parent = &p.ID
		}
	}
	return r.write(ctx, d)
}

func (r *deptRun) write(ctx context.Context, d *deptRow) (importer.Outcome, []importer.Problem, error) {
	if d.existing == nil {
		if _, err := createDepartment(ctx, r.tx, d.spec); err != nil {
			return fail(d.line, deptColumns, err)
		}
		return importer.Created, nil, nil
	}
	_, changed, err := updateDepartment(ctx, r.tx, d.existing, d.spec)
	if err != nil {
		return fail(d.line, deptColumns, err)
	}
	if changed {
		return importer.Updated, nil, nil
	}
	return importer.Unchanged, nil, nil
}

// Finish writes the rows whose parent came later, as their parents appear;
// the rest name a parent the file never gives, or one of a cycle.
func (r *deptRun) Finish(ctx context.Context) ([]importer.Problem, error) {
	var out []importer.Problem
	for progress := true; progress && len(r.pending) > 0; {
		progress = false
		var still []*deptRow
		for _, d := range r.pending {
			p, err := r.tx.Department.Query().Where(department.Code(d.parentCode)).Only(rule.System(ctx))
			if ent.IsNotFound(err) {
				still = append(still, d)
				continue
			}
			if err != nil {
				return nil, err
			}
			progress = true
			d.spec.Parent = &p.ID
			_, ps, err := r.write(ctx, d)
			if err != nil {
				return nil, err
			}
			out = append(out, ps...)
		}
		r.pending = still
	}
	waiting := map[string]*deptRow{}
	for _, d := range r.pending {
		waiting[d.code] = d
	}
	for _, d := range r.pending {
		out = append(out, importer.Problem{Line: d.line, Column: "parent_code", Message: unresolved(d, waiting, r.lines)})
	}
	return out, nil
}

// unresolved says why d's parent never appeared: the parent codes from d
// lead back to d (a cycle) or into one, or end at a row that failed or at
// a code no row and no department has.
func unresolved(d *deptRow, waiting map[string]*deptRow, lines map[string]int) importer.Text {
	seen := map[string]bool{d.code: true}
	cur := d
	for {
		next, ok := waiting[cur.parentCode]
		if !ok {
			break
		}
		if next.code == d.code {
			return bi("上级编码形成循环（"+d.code+" 最终成为自己的上级）", "the parent codes form a cycle ("+d.code+" ends up its own parent)")
		}
		if seen[next.code] {
			return bi("上级 "+d.parentCode+" 处在一个循环中", "the parent "+d.parentCode+" is part of a cycle")
		}
		seen[next.code] = true
		cur = next
	}
	if cur != d {
		return bi("上级 "+d.parentCode+" 未能导入", "the parent "+d.parentCode+" was not imported")
	}
	if l, inFile := lines[d.parentCode]; inFile {
		return bi(fmt.Sprintf("上级 %s（第 %d 行）未能导入", d.parentCode, l), fmt.Sprintf("the parent %s (line %d) was not imported", d.parentCode, l))
	}
	return bi("上级编码 "+d.parentCode+" 不存在", "unknown parent code "+d.parentCode)
}

// exportDepartments writes the tree from the agency down (a parent before
// its children, each level by sort order and code), closed departments
// included.
func exportDepartments(ctx context.Context, c *ent.Client, row func([]string) error) error {
	all, err := c.Department.Query().Order(ent.Asc(department.FieldSortOrder), ent.Asc(department.FieldCode)).All(ctx)
	if err != nil {
		return err
	}
	byID := map[int]*ent.Department{}
	children := map[int][]*ent.Department{}
	var order []*ent.Department
	for _, d := range all {
		byID[d.ID] = d
		if d.ParentID == nil {
			order = append(order, d)
		} else {
			children[*d.ParentID] = append(children[*d.ParentID], d)
		}
	}
	for i := 0; i < len(order); i++ {
		order = append(order, children[order[i].ID]...)
	}
	codeOf := func(id *int) string {
		if id == nil || byID[*id] == nil {
			return ""
		}
		return byID[*id].Code
	}
	for _, d := range order {
		closed := ""
		if d.ClosedAt != nil {
			closed = dayOf(*d.ClosedAt).String()
		}
		if err := row([]string{d.Code, d.Name, kindNames[d.Kind], codeOf(d.ParentID), strconv.Itoa(d.VisitQuotaPerYear),
			strconv.Itoa(d.SortOrder), closed, codeOf(d.SuccessorID)}); err != nil {
			return err
		}
	}
	return nil
}
