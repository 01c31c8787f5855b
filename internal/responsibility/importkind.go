package responsibility

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/importer"
)

// ImportKind is the importer's RESPONSIBILITY_ITEMS table: one row per
// item, matched by category path and title, departments by their code. A
// row is checked and written by the same functions as the mutations
// (save), so a file can do exactly what the API can, as the importing
// viewer (a LEADER: their subtree's items). A column the file lacks keeps
// an existing item's value (a new item gets the default); a column present
// but empty clears it (or gives the default).
var ImportKind = importer.Kind{
	Name:  "RESPONSIBILITY_ITEMS",
	Title: importer.Text{Zh: "责任清单", En: "Responsibility items"},
	Columns: []importer.Column{
		{Key: "list", Header: importer.Text{Zh: "清单类别", En: "List"}, Example: "责任清单",
			Note: importer.Text{Zh: "责任清单、权力清单或负面清单；空为责任清单", En: "RESPONSIBILITY, POWER or NEGATIVE (or 责任清单, 权力清单, 负面清单); empty: RESPONSIBILITY"}},
		{Key: "categoryPath", Header: importer.Text{Zh: "分类路径", En: "Category path"}, Required: true, Example: "设施设备/给排水/下水道",
			Note: importer.Text{Zh: "用 / 分隔的分类，最多 8 级；与事项名称一起确定一个事项", En: "levels separated by /, at most 8; with the title it names the item"}},
		{Key: "title", Header: importer.Text{Zh: "事项名称", En: "Title"}, Required: true, Example: "下水道及排污管道疏通",
			Note: importer.Text{Zh: "最多 200 字", En: "at most 200 characters"}},
		{Key: "keywords", Header: importer.Text{Zh: "关键词", En: "Keywords"}, Example: "下水道、排污管、地漏",
			Note: importer.Text{Zh: "用 、，；| 分隔，最多 50 个，每个最多 30 字", En: "separated by 、 , ; or |, at most 50 of at most 30 characters"}},
		{Key: "synonyms", Header: importer.Text{Zh: "同义词（俗称）", En: "Synonyms"}, Example: "下水道堵了、马桶堵、返味",
			Note: importer.Text{Zh: "群众的说法，分隔同关键词", En: "everyday phrasings, separated like keywords"}},
		{Key: "responsibleDepartment", Header: importer.Text{Zh: "责任部门编码", En: "Responsible department code"}, Example: "AG10",
			Note: importer.Text{Zh: "机关部门的编码；空为职责空白", En: "an agency department's code; empty: nobody yet (职责空白)"}},
		{Key: "leadDepartment", Header: importer.Text{Zh: "牵头管理部门编码", En: "Lead department code"}, Example: "AG10",
			Note: importer.Text{Zh: "机关部门的编码，可空", En: "an agency department's code, may be empty"}},
		{Key: "respondWithinHours", Header: importer.Text{Zh: "响应时限（工作小时）", En: "Respond within (working hours)"}, Example: "4",
			Note: importer.Text{Zh: "1–240，空为 4", En: "1–240; empty: 4"}},
		{Key: "resolveWithinDays", Header: importer.Text{Zh: "办结时限（工作日）", En: "Resolve within (working days)"}, Example: "3",
			Note: importer.Text{Zh: "1–250，空为 5", En: "1–250; empty: 5"}},
		{Key: "commitment", Header: importer.Text{Zh: "服务承诺", En: "Commitment"}, Example: "接报后4个工作小时内响应，3个工作日内疏通。",
			Note: importer.Text{Zh: "最多 1000 字", En: "at most 1000 characters"}},
		{Key: "legalBasis", Header: importer.Text{Zh: "法律依据", En: "Legal basis"}, Example: "《某机关办公区设施设备维修保障管理规定》",
			Note: importer.Text{Zh: "最多 2000 字", En: "at most 2000 characters"}},
		{Key: "contact", Header: importer.Text{Zh: "联系方式", En: "Contact"}, Example: "后勤服务中心维修班 6601",
			Note: importer.Text{Zh: "最多 200 字", En: "at most 200 characters"}},
		{Key: "status", Header: importer.Text{Zh: "状态", En: "Status"}, Example: "在用",
			Note: importer.Text{Zh: "在用或停用；空为在用", En: "ACTIVE or RETIRED (在用, 停用); empty: ACTIVE"}},
	},
	Start: func(ctx context.Context, tx *ent.Client) (importer.Run, error) {
		return &itemRun{tx: tx, seen: map[string]int{}, codes: map[string]*ent.Department{}}, nil
	},
	Export: exportItems,
}

// Cell spellings.
var (
	listNames = map[responsibilityitem.List]string{
		responsibilityitem.ListResponsibility: "责任清单", responsibilityitem.ListPower: "权力清单", responsibilityitem.ListNegative: "负面清单",
	}
	statusActive, statusRetired = "在用", "停用"
)

func parseList(s string) (responsibilityitem.List, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "RESPONSIBILITY", "责任清单", "责任":
		return responsibilityitem.ListResponsibility, true
	case "POWER", "权力清单", "权力":
		return responsibilityitem.ListPower, true
	case "NEGATIVE", "负面清单", "负面":
		return responsibilityitem.ListNegative, true
	}
	return "", false
}

func parseStatus(s string) (retired, ok bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "ACTIVE", statusActive, "启用":
		return false, true
	case "RETIRED", statusRetired, "已停用":
		return true, true
	}
	return false, false
}

// splitTerms reads a cell of keywords or synonyms.
func splitTerms(s string) []string {
	out := []string{}
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(termSeparators, r) }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

type itemRun struct {
	tx    *ent.Client
	seen  map[string]int // category path + title → the line that named it
	codes map[string]*ent.Department
}

func rowProblem(line int, column, zh, en string) []importer.Problem {
	return []importer.Problem{{Line: line, Column: column, Message: importer.Text{Zh: zh, En: en}}}
}

func (r *itemRun) department(ctx context.Context, code string) (*ent.Department, error) {
	if d, ok := r.codes[code]; ok {
		return d, nil
	}
	d, err := r.tx.Department.Query().Where(department.Code(code)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		d, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.codes[code] = d
	return d, nil
}

func (r *itemRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	cell := func(key string) (string, bool) {
		v, ok := row.Values[key]
		return strings.TrimSpace(v), ok
	}
	path, _ := cell("categoryPath")
	path, p := normalizePath(path)
	if p != nil {
		return 0, rowProblem(row.Line, "categoryPath", p.Zh, p.En), nil
	}
	title, _ := cell("title")
	if p := line("title", title, MaxTitle, true); p != nil {
		return 0, rowProblem(row.Line, "title", p.Zh, p.En), nil
	}
	key := path + "\x00" + title
	if first, dup := r.seen[key]; dup {
		return 0, rowProblem(row.Line, "title",
			"与第 "+strconv.Itoa(first)+" 行是同一事项（分类路径和事项名称相同）",
			"the same item (category path and title) as line "+strconv.Itoa(first)), nil
	}
	r.seen[key] = row.Line

	before, err := r.tx.ResponsibilityItem.Query().
		Where(responsibilityitem.CategoryPath(path), responsibilityitem.Title(title)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		before, err = nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	v := Values{RespondWithinHours: DefaultRespondHours, ResolveWithinDays: DefaultResolveDays}
	retired := false
	if before != nil {
		v, retired = valuesOf(before), before.RetiredAt != nil
	}
	v.CategoryPath, v.Title = path, title
	if s, ok := cell("list"); ok {
		l, valid := parseList(s)
		if !valid {
			return 0, rowProblem(row.Line, "list", "清单类别应为责任清单、权力清单或负面清单", "list must be RESPONSIBILITY, POWER or NEGATIVE"), nil
		}
		v.List = l
	}
	if s, ok := cell("keywords"); ok {
		v.Keywords = splitTerms(s)
	}
	if s, ok := cell("synonyms"); ok {
		v.Synonyms = splitTerms(s)
	}
	for _, d := range []struct {
		key string
		dst **int
	}{{"responsibleDepartment", &v.ResponsibleDepartment}, {"leadDepartment", &v.LeadDepartment}} {
		s, ok := cell(d.key)
		if !ok {
			continue
		}
		if s == "" {
			*d.dst = nil
			continue
		}
		dep, err := r.department(ctx, s)
		if err != nil {
			return 0, nil, err
		}
		if dep == nil {
			return 0, rowProblem(row.Line, d.key, "部门编码 "+s+" 不存在", "no department has the code "+s), nil
		}
		id := dep.ID
		*d.dst = &id
	}
	for _, n := range []struct {
		key string
		dst *int
		def int
	}{{"respondWithinHours", &v.RespondWithinHours, DefaultRespondHours}, {"resolveWithinDays", &v.ResolveWithinDays, DefaultResolveDays}} {
		s, ok := cell(n.key)
		if !ok {
			continue
		}
		if s == "" {
			*n.dst = n.def
			continue
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f != float64(int(f)) {
			return 0, rowProblem(row.Line, n.key, "应为整数："+s, "not a whole number: "+s), nil
		}
		*n.dst = int(f)
	}
	for _, t := range []struct {
		key string
		dst *string
	}{{"commitment", &v.Commitment}, {"legalBasis", &v.LegalBasis}, {"contact", &v.Contact}} {
		if s, ok := cell(t.key); ok {
			*t.dst = s
		}
	}
	if s, ok := cell("status"); ok {
		rt, valid := parseStatus(s)
		if !valid {
			return 0, rowProblem(row.Line, "status", "状态应为在用或停用", "status must be ACTIVE or RETIRED"), nil
		}
		retired = rt
	}
	_, out, err := save(ctx, r.tx, before, v, retired, "import")
	var pr *Problem
	var ae *apperr.Error
	switch {
	case err == nil:
	case errors.As(err, &pr):
		column := pr.Field
		if column == "" {
			column = "title"
		}
		return 0, rowProblem(row.Line, column, pr.Zh, pr.En), nil
	case errors.As(err, &ae) && ae.Code != apperr.Internal && ae.Code != apperr.Timeout:
		zh, en, _ := strings.Cut(ae.Message, " / ")
		if en == "" {
			en = zh
		}
		return 0, rowProblem(row.Line, "", zh, en), nil
	case errors.Is(err, privacy.Deny):
		return 0, rowProblem(row.Line, "", "无权修改此事项", "you may not change this item"), nil
	default:
		return 0, nil, err
	}
	switch out {
	case created:
		return importer.Created, nil, nil
	case updated:
		return importer.Updated, nil, nil
	}
	return importer.Unchanged, nil, nil
}

// Finish: every check of a row is the row's (a repeated item is found when
// its second row comes).
func (r *itemRun) Finish(context.Context) ([]importer.Problem, error) { return nil, nil }

// exportItems writes every item (retired ones too, marked 停用) in the
// list's order, in ImportKind's columns.
func exportItems(ctx context.Context, c *ent.Client, row func(values []string) error) error {
	items, err := c.ResponsibilityItem.Query().
		WithResponsibleDepartment().WithLeadDepartment().
		Order(ent.Asc(responsibilityitem.FieldCategoryPath), ent.Asc(responsibilityitem.FieldTitle), ent.Asc(responsibilityitem.FieldID)).
		All(ctx)
	if err != nil {
		return err
	}
	code := func(d *ent.Department) string {
		if d == nil {
			return ""
		}
		return d.Code
	}
	for _, it := range items {
		status := statusActive
		if it.RetiredAt != nil {
			status = statusRetired
		}
		err := row([]string{
			listNames[it.List], it.CategoryPath, it.Title,
			strings.Join(it.Keywords, "、"), strings.Join(it.Synonyms, "、"),
			code(it.Edges.ResponsibleDepartment), code(it.Edges.LeadDepartment),
			strconv.Itoa(it.RespondWithinHours), strconv.Itoa(it.ResolveWithinDays),
			it.Commitment, it.LegalBasis, it.Contact, status,
		})
		if err != nil {
			return err
		}
	}
	return nil
}
