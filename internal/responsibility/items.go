package responsibility

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// Maintaining the list (ADMIN; a LEADER the items their subtree is
// responsible for, ent/rule/responsibility.go). Every operation validates
// first, then writes the item and its audit row in one transaction. The
// importer (RESPONSIBILITY_ITEMS) goes through the same check and write
// functions, inside its own transaction.

// Limits of an item's fields (docs/API.md "Text limits"), in characters.
const (
	MaxTitle        = 200
	MaxCategoryPath = 300
	MaxSegments     = 8  // levels of the category path
	MaxSegment      = 50 // characters of one level
	MaxTerms        = 50 // keywords, and synonyms, of one item
	MaxTerm         = 30 // characters of one keyword or synonym
	MaxCommitment   = 1000
	MaxLegalBasis   = 2000
	MaxContact      = 200
	// The commitment's bounds: a response within a month of working hours
	// (30 days of 8), a resolution within a working year. A request's
	// deadline is the resolve days, which tasks accept up to five years.
	MaxRespondHours = 240
	MaxResolveDays  = 250
	// Defaults of a new item's commitment (the schema's).
	DefaultRespondHours = 4
	DefaultResolveDays  = 5
)

// termSeparators may not appear inside a keyword or synonym: the importer
// and the export list them in one cell, separated by these.
const termSeparators = "、,，;；|\n\r"

// Problem is a mistake in an item's values, named by the input field
// (title, categoryPath, keywords, …; Index for an element of keywords and
// synonyms). The mutations answer it as an apperr error on "input.<field>",
// the importer as a problem on its column.
type Problem struct {
	Code   apperr.Code
	Field  string
	Index  int // the element of keywords or synonyms, -1 for the field as a whole
	Zh, En string
}

func (p *Problem) Error() string { return p.Field + ": " + p.En }

// API is the problem as the GraphQL API answers it, its field under prefix
// ("input." for the mutations' inputs).
func (p *Problem) API(prefix string) *apperr.Error {
	field := prefix + p.Field
	if p.Index >= 0 {
		field += fmt.Sprintf("[%d]", p.Index)
	}
	return &apperr.Error{Code: p.Code, Field: field, Message: p.Zh + " / " + p.En}
}

func problem(code apperr.Code, field string, index int, zh, en string) *Problem {
	return &Problem{Code: code, Field: field, Index: index, Zh: zh, En: en}
}

func badInput(field, zh, en string) *Problem { return problem(apperr.BadUserInput, field, -1, zh, en) }

// Values are an item's maintained fields, complete: what the item is to be.
type Values struct {
	List                  responsibilityitem.List
	Title                 string
	CategoryPath          string
	Keywords              []string
	Synonyms              []string
	ResponsibleDepartment *int // 责任部门; nil: nobody yet (职责空白)
	LeadDepartment        *int // 牵头管理部门
	RespondWithinHours    int
	ResolveWithinDays     int
	Commitment            string
	LegalBasis            string
	Contact               string
}

// valuesOf reads an item's stored values.
func valuesOf(it *ent.ResponsibilityItem) Values {
	return Values{
		List: it.List, Title: it.Title, CategoryPath: it.CategoryPath,
		Keywords: slices.Clone(it.Keywords), Synonyms: slices.Clone(it.Synonyms),
		ResponsibleDepartment: it.ResponsibleDepartmentID, LeadDepartment: it.LeadDepartmentID,
		RespondWithinHours: it.RespondWithinHours, ResolveWithinDays: it.ResolveWithinDays,
		Commitment: it.Commitment, LegalBasis: it.LegalBasis, Contact: it.Contact,
	}
}

// Normalize trims the values and puts them in their stored form (the path's
// levels joined by "/", keywords and synonyms without duplicates) and
// checks them without the database. The first problem found is returned.
func (v *Values) Normalize() *Problem {
	if v.List == "" {
		v.List = responsibilityitem.ListResponsibility
	}
	if responsibilityitem.ListValidator(v.List) != nil {
		return badInput("list", fmt.Sprintf("无效的清单类别 %q", v.List), fmt.Sprintf("invalid list %q", v.List))
	}
	v.Title = strings.TrimSpace(v.Title)
	if p := line("title", v.Title, MaxTitle, true); p != nil {
		return p
	}
	path, p := normalizePath(v.CategoryPath)
	if p != nil {
		return p
	}
	v.CategoryPath = path
	if v.Keywords, p = normalizeTerms("keywords", v.Keywords); p != nil {
		return p
	}
	if v.Synonyms, p = normalizeTerms("synonyms", v.Synonyms); p != nil {
		return p
	}
	if v.RespondWithinHours < 1 || v.RespondWithinHours > MaxRespondHours {
		return badInput("respondWithinHours", fmt.Sprintf("响应时限应在 1 到 %d 个工作小时之间", MaxRespondHours), fmt.Sprintf("respondWithinHours must be between 1 and %d", MaxRespondHours))
	}
	if v.ResolveWithinDays < 1 || v.ResolveWithinDays > MaxResolveDays {
		return badInput("resolveWithinDays", fmt.Sprintf("办结时限应在 1 到 %d 个工作日之间", MaxResolveDays), fmt.Sprintf("resolveWithinDays must be between 1 and %d", MaxResolveDays))
	}
	v.Commitment = strings.TrimSpace(v.Commitment)
	if utf8.RuneCountInString(v.Commitment) > MaxCommitment {
		return badInput("commitment", fmt.Sprintf("承诺内容最多 %d 个字", MaxCommitment), fmt.Sprintf("commitment is longer than %d characters", MaxCommitment))
	}
	v.LegalBasis = strings.TrimSpace(v.LegalBasis)
	if utf8.RuneCountInString(v.LegalBasis) > MaxLegalBasis {
		return badInput("legalBasis", fmt.Sprintf("法律依据最多 %d 个字", MaxLegalBasis), fmt.Sprintf("legalBasis is longer than %d characters", MaxLegalBasis))
	}
	v.Contact = strings.TrimSpace(v.Contact)
	return line("contact", v.Contact, MaxContact, false)
}

// line checks a one-line text: at most max characters, no control
// characters (line breaks included), not empty when required.
func line(field, s string, maxLen int, required bool) *Problem {
	switch {
	case required && s == "":
		return badInput(field, fmt.Sprintf("%s不能为空", fieldZh[field]), fmt.Sprintf("%s is required", field))
	case utf8.RuneCountInString(s) > maxLen:
		return badInput(field, fmt.Sprintf("%s最多 %d 个字", fieldZh[field], maxLen), fmt.Sprintf("%s is longer than %d characters", field, maxLen))
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return badInput(field, fmt.Sprintf("%s不能含换行或控制字符", fieldZh[field]), fmt.Sprintf("%s must be one line without control characters", field))
	}
	return nil
}

var fieldZh = map[string]string{
	"title": "事项名称", "categoryPath": "分类路径", "contact": "联系方式", "keywords": "关键词", "synonyms": "同义词",
	"terms": "同义词", "note": "备注",
}

// normalizePath trims each level of a "/"-separated category path (a
// full-width "／" counts as "/") and joins them with "/".
func normalizePath(path string) (string, *Problem) {
	path = strings.ReplaceAll(path, "／", "/")
	if strings.TrimSpace(path) == "" {
		return "", badInput("categoryPath", "分类路径不能为空（如 设施设备/给排水/落水管）", "categoryPath is required (e.g. 设施设备/给排水/落水管)")
	}
	segs := strings.Split(path, "/")
	if len(segs) > MaxSegments {
		return "", badInput("categoryPath", fmt.Sprintf("分类路径最多 %d 级", MaxSegments), fmt.Sprintf("categoryPath has more than %d levels", MaxSegments))
	}
	for i, s := range segs {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
			return "", badInput("categoryPath", fmt.Sprintf("分类路径的第 %d 级为空", i+1), fmt.Sprintf("level %d of categoryPath is empty", i+1))
		case utf8.RuneCountInString(s) > MaxSegment:
			return "", badInput("categoryPath", fmt.Sprintf("分类路径每级最多 %d 个字", MaxSegment), fmt.Sprintf("a level of categoryPath is longer than %d characters", MaxSegment))
		case strings.IndexFunc(s, unicode.IsControl) >= 0:
			return "", badInput("categoryPath", "分类路径不能含换行或控制字符", "categoryPath must be one line without control characters")
		}
		segs[i] = s
	}
	path = strings.Join(segs, "/")
	if utf8.RuneCountInString(path) > MaxCategoryPath {
		return "", badInput("categoryPath", fmt.Sprintf("分类路径最多 %d 个字", MaxCategoryPath), fmt.Sprintf("categoryPath is longer than %d characters", MaxCategoryPath))
	}
	return path, nil
}

// splitPath is the levels of a stored category path.
func splitPath(path string) []string { return strings.Split(path, "/") }

// normalizeTerms trims keywords or synonyms and drops repeats (the same
// word in another case or width), keeping the first.
func normalizeTerms(field string, terms []string) ([]string, *Problem) {
	if len(terms) > MaxTerms {
		return nil, badInput(field, fmt.Sprintf("%s最多 %d 个", fieldZh[field], MaxTerms), fmt.Sprintf("at most %d %s", MaxTerms, field))
	}
	out := []string{}
	var seen []string
	for i, t := range terms {
		t = strings.TrimSpace(t)
		switch {
		case t == "" || fold(t) == "":
			return nil, problem(apperr.BadUserInput, field, i, fmt.Sprintf("%s不能为空或只含标点", fieldZh[field]), fmt.Sprintf("an entry of %s is empty or only punctuation", field))
		case utf8.RuneCountInString(t) > MaxTerm:
			return nil, problem(apperr.BadUserInput, field, i, fmt.Sprintf("每个%s最多 %d 个字", fieldZh[field], MaxTerm), fmt.Sprintf("an entry of %s is longer than %d characters", field, MaxTerm))
		case strings.ContainsAny(t, termSeparators) || strings.IndexFunc(t, unicode.IsControl) >= 0:
			return nil, problem(apperr.BadUserInput, field, i, fmt.Sprintf("%s不能含分隔符（、，；|）或换行：请分成多个", fieldZh[field]), fmt.Sprintf("an entry of %s must not contain a separator (、,;|) or a line break: give several entries", field))
		}
		if f := fold(t); !slices.Contains(seen, f) {
			seen = append(seen, f)
			out = append(out, t)
		}
	}
	return out, nil
}

// checkDepartments: the departments named exist and are agency departments;
// a department newly named (not already the item's) is open: a closed one
// takes no new work.
func checkDepartments(ctx context.Context, tx *ent.Client, before *ent.ResponsibilityItem, v *Values) *Problem {
	var was [2]*int
	if before != nil {
		was = [2]*int{before.ResponsibleDepartmentID, before.LeadDepartmentID}
	}
	for i, d := range []struct {
		field string
		id    *int
	}{{"responsibleDepartment", v.ResponsibleDepartment}, {"leadDepartment", v.LeadDepartment}} {
		if d.id == nil {
			continue
		}
		dep, err := tx.Department.Get(rule.System(ctx), *d.id)
		if err != nil {
			return problem(apperr.NotFound, d.field, -1, "部门不存在", "no such department")
		}
		if dep.Kind != department.KindAgency {
			return badInput(d.field, fmt.Sprintf("%s 是一线单位，责任部门和牵头管理部门须为机关部门", dep.Name), fmt.Sprintf("%s is a frontline unit; an agency department is required", dep.Name))
		}
		if dep.ClosedAt != nil && !sameID(was[i], d.id) {
			return problem(apperr.Conflict, d.field, -1, fmt.Sprintf("%s 已撤销，不能再承接新的工作", dep.Name), fmt.Sprintf("%s is closed and takes no new work", dep.Name))
		}
	}
	return nil
}

// checkUnique: no other item has the same category path and title.
func checkUnique(ctx context.Context, tx *ent.Client, v *Values, self int) (*Problem, error) {
	other, err := tx.ResponsibilityItem.Query().
		Where(responsibilityitem.CategoryPath(v.CategoryPath), responsibilityitem.Title(v.Title), responsibilityitem.IDNEQ(self)).
		First(rule.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if other.RetiredAt != nil {
		return problem(apperr.Conflict, "title", -1, fmt.Sprintf("“%s/%s”已有停用的事项（%d），请恢复它而不是新建", v.CategoryPath, v.Title, other.ID),
			fmt.Sprintf("a retired item (%d) already has this category path and title: restore it instead", other.ID)), nil
	}
	return problem(apperr.Conflict, "title", -1, fmt.Sprintf("“%s/%s”已有事项（%d）", v.CategoryPath, v.Title, other.ID),
		fmt.Sprintf("an item (%d) already has this category path and title", other.ID)), nil
}

// requireMaintainer: only ADMIN and LEADER maintain the list.
func requireMaintainer(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	switch {
	case v == nil:
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	case v.Role != auth.RoleAdmin && v.Role != auth.RoleLeader:
		return nil, apperr.Forbiddenf("只有管理员和领导可以维护责任清单 / only admins and leaders maintain the responsibility list")
	}
	return v, nil
}

// authorize says why a LEADER may not make the change (the privacy rule
// refuses it too; this is its message). before is nil for a new item.
func authorize(v *auth.Viewer, before *ent.ResponsibilityItem, after Values) error {
	if v.IsAdmin() {
		return nil
	}
	change := rule.ItemDepartments{Responsible: after.ResponsibleDepartment, ResponsibleCleared: after.ResponsibleDepartment == nil,
		Lead: after.LeadDepartment}
	if before != nil && sameID(before.LeadDepartmentID, after.LeadDepartment) {
		change.Lead = nil
	}
	if rule.LeaderMayMaintainItem(v, before, change) {
		return nil
	}
	return apperr.Forbiddenf("领导只能维护本部门及下属部门负责的事项，且不能把责任或牵头管理交给其他部门 / " +
		"a leader maintains the items their subtree is responsible for, and cannot hand an item's responsibility or lead to a department outside it")
}

func sameID(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// now is the clock (a variable for tests).
var now = time.Now

// Write outcomes, as the importer counts them.
type outcome int

const (
	created outcome = iota + 1
	updated
	unchanged
)

// save checks values and writes them to the item before (nil: a new item)
// inside tx, retired as asked (the importer's 状态 column; the mutations
// keep it as it is), with an audit row. It is the one write path of the
// mutations and the importer.
func save(ctx context.Context, tx *ent.Client, before *ent.ResponsibilityItem, v Values, retired bool, source string) (*ent.ResponsibilityItem, outcome, error) {
	viewer, err := requireMaintainer(ctx)
	if err != nil {
		return nil, 0, err
	}
	// Exactly what is stored is unchanged even where it predates a check
	// (an export of older data imports back as it is).
	if before != nil && len(diff(valuesOf(before), v)) == 0 && (before.RetiredAt != nil) == retired {
		return before, unchanged, nil
	}
	if p := v.Normalize(); p != nil {
		return nil, 0, p
	}
	if p := checkDepartments(ctx, tx, before, &v); p != nil {
		return nil, 0, p
	}
	var changes map[string]any
	if before != nil {
		changes = diff(valuesOf(before), v)
		if wasRetired := before.RetiredAt != nil; wasRetired != retired {
			changes["retired"] = [2]any{wasRetired, retired}
		}
		if len(changes) == 0 {
			return before, unchanged, nil // nothing to write, nothing to authorize
		}
	}
	if err := authorize(viewer, before, v); err != nil {
		return nil, 0, err
	}
	self := 0
	if before != nil {
		self = before.ID
	}
	if p, err := checkUnique(ctx, tx, &v, self); err != nil || p != nil {
		if err != nil {
			return nil, 0, err
		}
		return nil, 0, p
	}
	at := now().UTC()
	if before == nil {
		c := tx.ResponsibilityItem.Create().SetList(v.List).SetTitle(v.Title).SetCategoryPath(v.CategoryPath).
			SetKeywords(v.Keywords).SetSynonyms(v.Synonyms).
			SetNillableResponsibleDepartmentID(v.ResponsibleDepartment).SetNillableLeadDepartmentID(v.LeadDepartment).
			SetRespondWithinHours(v.RespondWithinHours).SetResolveWithinDays(v.ResolveWithinDays).
			SetCommitment(v.Commitment).SetLegalBasis(v.LegalBasis).SetContact(v.Contact).
			SetCreatedAt(at).SetUpdatedAt(at)
		if retired {
			c.SetRetiredAt(at)
		}
		it, err := c.Save(ctx)
		if err != nil {
			return nil, 0, err
		}
		detail := map[string]any{"values": v, "source": source}
		if retired {
			detail["retired"] = true
		}
		return it, created, audit.Record(ctx, tx, "create_responsibility_item", "responsibility_item", it.ID, detail)
	}
	u := tx.ResponsibilityItem.UpdateOneID(before.ID).SetList(v.List).SetTitle(v.Title).SetCategoryPath(v.CategoryPath).
		SetKeywords(v.Keywords).SetSynonyms(v.Synonyms).
		SetRespondWithinHours(v.RespondWithinHours).SetResolveWithinDays(v.ResolveWithinDays).
		SetCommitment(v.Commitment).SetLegalBasis(v.LegalBasis).SetContact(v.Contact).SetUpdatedAt(at)
	if v.ResponsibleDepartment != nil {
		u.SetResponsibleDepartmentID(*v.ResponsibleDepartment)
	} else {
		u.ClearResponsibleDepartment()
	}
	if v.LeadDepartment != nil {
		u.SetLeadDepartmentID(*v.LeadDepartment)
	} else {
		u.ClearLeadDepartment()
	}
	switch {
	case retired && before.RetiredAt == nil:
		u.SetRetiredAt(at)
	case !retired && before.RetiredAt != nil:
		u.ClearRetiredAt()
	}
	it, err := u.Save(ctx)
	if err != nil {
		return nil, 0, err
	}
	return it, updated, audit.Record(ctx, tx, "update_responsibility_item", "responsibility_item", it.ID,
		map[string]any{"changes": changes, "source": source})
}

// diff lists the fields whose values differ: field → [before, after].
func diff(a, b Values) map[string]any {
	out := map[string]any{}
	add := func(field string, same bool, x, y any) {
		if !same {
			out[field] = [2]any{x, y}
		}
	}
	add("list", a.List == b.List, a.List, b.List)
	add("title", a.Title == b.Title, a.Title, b.Title)
	add("categoryPath", a.CategoryPath == b.CategoryPath, a.CategoryPath, b.CategoryPath)
	add("keywords", slices.Equal(a.Keywords, b.Keywords), a.Keywords, b.Keywords)
	add("synonyms", slices.Equal(a.Synonyms, b.Synonyms), a.Synonyms, b.Synonyms)
	add("responsibleDepartment", sameID(a.ResponsibleDepartment, b.ResponsibleDepartment), a.ResponsibleDepartment, b.ResponsibleDepartment)
	add("leadDepartment", sameID(a.LeadDepartment, b.LeadDepartment), a.LeadDepartment, b.LeadDepartment)
	add("respondWithinHours", a.RespondWithinHours == b.RespondWithinHours, a.RespondWithinHours, b.RespondWithinHours)
	add("resolveWithinDays", a.ResolveWithinDays == b.ResolveWithinDays, a.ResolveWithinDays, b.ResolveWithinDays)
	add("commitment", a.Commitment == b.Commitment, a.Commitment, b.Commitment)
	add("legalBasis", a.LegalBasis == b.LegalBasis, a.LegalBasis, b.LegalBasis)
	add("contact", a.Contact == b.Contact, a.Contact, b.Contact)
	return out
}

// lockItem reads item id inside tx with system rights, locking its row on
// PostgreSQL (SQLite has one writer), so that a concurrent change or a task
// naming it waits for this one; NOT_FOUND on "id" when there is none.
func lockItem(ctx context.Context, tx *ent.Client, id int) (*ent.ResponsibilityItem, error) {
	it, err := tx.ResponsibilityItem.Query().Where(responsibilityitem.ID(id), func(s *entsql.Selector) {
		if s.Dialect() == dialect.Postgres {
			s.ForUpdate()
		}
	}).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("id", "责任清单事项不存在 / no such responsibility item")
	}
	return it, err
}

// apiError answers a Problem the way the mutations name their fields.
func apiError(err error) error {
	if p, ok := err.(*Problem); ok {
		return p.API("input.")
	}
	return err
}

// CreateInput is createResponsibilityItem's input.
type CreateInput struct {
	List                  *responsibilityitem.List
	Title                 string
	CategoryPath          string
	Keywords              []string
	Synonyms              []string
	ResponsibleDepartment *int
	LeadDepartment        *int
	RespondWithinHours    *int
	ResolveWithinDays     *int
	Commitment            *string
	LegalBasis            *string
	Contact               *string
}

// Create is createResponsibilityItem.
func Create(ctx context.Context, client *ent.Client, in CreateInput) (*ent.ResponsibilityItem, error) {
	if _, err := requireMaintainer(ctx); err != nil {
		return nil, err
	}
	v := Values{
		Title: in.Title, CategoryPath: in.CategoryPath, Keywords: in.Keywords, Synonyms: in.Synonyms,
		ResponsibleDepartment: in.ResponsibleDepartment, LeadDepartment: in.LeadDepartment,
		RespondWithinHours: DefaultRespondHours, ResolveWithinDays: DefaultResolveDays,
	}
	if in.List != nil {
		v.List = *in.List
	}
	setInt(&v.RespondWithinHours, in.RespondWithinHours)
	setInt(&v.ResolveWithinDays, in.ResolveWithinDays)
	setString(&v.Commitment, in.Commitment)
	setString(&v.LegalBasis, in.LegalBasis)
	setString(&v.Contact, in.Contact)
	var id int
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		it, _, err := save(ctx, tx, nil, v, false, "api")
		if err == nil {
			id = it.ID
		}
		return err
	})
	if err != nil {
		return nil, apiError(err)
	}
	return client.ResponsibilityItem.Get(ctx, id)
}

// UpdateInput is updateResponsibilityItem's input: what is given changes
// (a list given replaces the list; [] empties it), what is absent stays.
type UpdateInput struct {
	List                       *responsibilityitem.List
	Title                      *string
	CategoryPath               *string
	Keywords                   []string
	Synonyms                   []string
	ResponsibleDepartment      *int
	ClearResponsibleDepartment *bool
	LeadDepartment             *int
	ClearLeadDepartment        *bool
	RespondWithinHours         *int
	ResolveWithinDays          *int
	Commitment                 *string
	LegalBasis                 *string
	Contact                    *string
}

// Update is updateResponsibilityItem. A change that changes nothing writes
// nothing (and no audit row).
func Update(ctx context.Context, client *ent.Client, id int, in UpdateInput) (*ent.ResponsibilityItem, error) {
	if _, err := requireMaintainer(ctx); err != nil {
		return nil, err
	}
	if in.ResponsibleDepartment != nil && in.ClearResponsibleDepartment != nil && *in.ClearResponsibleDepartment {
		return nil, apperr.BadInput("input.clearResponsibleDepartment", "不能同时设置和清除责任部门 / give responsibleDepartment or clearResponsibleDepartment, not both")
	}
	if in.LeadDepartment != nil && in.ClearLeadDepartment != nil && *in.ClearLeadDepartment {
		return nil, apperr.BadInput("input.clearLeadDepartment", "不能同时设置和清除牵头管理部门 / give leadDepartment or clearLeadDepartment, not both")
	}
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		before, err := lockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		v := valuesOf(before)
		if in.List != nil {
			v.List = *in.List
		}
		setString(&v.Title, in.Title)
		setString(&v.CategoryPath, in.CategoryPath)
		if in.Keywords != nil {
			v.Keywords = in.Keywords
		}
		if in.Synonyms != nil {
			v.Synonyms = in.Synonyms
		}
		switch {
		case in.ResponsibleDepartment != nil:
			v.ResponsibleDepartment = in.ResponsibleDepartment
		case in.ClearResponsibleDepartment != nil && *in.ClearResponsibleDepartment:
			v.ResponsibleDepartment = nil
		}
		switch {
		case in.LeadDepartment != nil:
			v.LeadDepartment = in.LeadDepartment
		case in.ClearLeadDepartment != nil && *in.ClearLeadDepartment:
			v.LeadDepartment = nil
		}
		setInt(&v.RespondWithinHours, in.RespondWithinHours)
		setInt(&v.ResolveWithinDays, in.ResolveWithinDays)
		setString(&v.Commitment, in.Commitment)
		setString(&v.LegalBasis, in.LegalBasis)
		setString(&v.Contact, in.Contact)
		_, _, err = save(ctx, tx, before, v, before.RetiredAt != nil, "api")
		return err
	})
	if err != nil {
		return nil, apiError(err)
	}
	return client.ResponsibilityItem.Get(ctx, id)
}

func setInt(dst *int, v *int) {
	if v != nil {
		*dst = *v
	}
}

func setString(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

// Retire is retireResponsibilityItem (停用): the item stays, with the tasks
// that name it, but 找谁办 no longer offers it and new requests cannot name
// it. Retiring a retired item is CONFLICT.
func Retire(ctx context.Context, client *ent.Client, id int) (*ent.ResponsibilityItem, error) {
	return setRetired(ctx, client, id, true)
}

// Restore is restoreResponsibilityItem: a retired item is in use again.
func Restore(ctx context.Context, client *ent.Client, id int) (*ent.ResponsibilityItem, error) {
	return setRetired(ctx, client, id, false)
}

func setRetired(ctx context.Context, client *ent.Client, id int, retire bool) (*ent.ResponsibilityItem, error) {
	viewer, err := requireMaintainer(ctx)
	if err != nil {
		return nil, err
	}
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		before, err := lockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := authorize(viewer, before, valuesOf(before)); err != nil {
			return err
		}
		switch {
		case retire && before.RetiredAt != nil:
			return apperr.Conflictf("id", "该事项已停用 / the item is already retired")
		case !retire && before.RetiredAt == nil:
			return apperr.Conflictf("id", "该事项未停用 / the item is not retired")
		}
		u := tx.ResponsibilityItem.UpdateOneID(id).SetUpdatedAt(now().UTC())
		action := "restore_responsibility_item"
		if retire {
			u.SetRetiredAt(now().UTC())
			action = "retire_responsibility_item"
		} else {
			u.ClearRetiredAt()
		}
		if err := u.Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, action, "responsibility_item", id, map[string]any{"title": before.Title, "categoryPath": before.CategoryPath})
	})
	if err != nil {
		return nil, err
	}
	return client.ResponsibilityItem.Get(ctx, id)
}

// Delete is deleteResponsibilityItem: only an item no task names (a mistake
// just made); an item in use is retired instead (CONFLICT saying so).
func Delete(ctx context.Context, client *ent.Client, id int) (int, error) {
	viewer, err := requireMaintainer(ctx)
	if err != nil {
		return 0, err
	}
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		before, err := lockItem(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := authorize(viewer, before, valuesOf(before)); err != nil {
			return err
		}
		n, err := tx.Task.Query().Where(task.ResponsibilityItemID(id)).Count(rule.System(ctx))
		if err != nil {
			return err
		}
		if n > 0 {
			return apperr.Conflictf("id", "有 %d 个任务引用该事项，不能删除，请停用 / %d tasks refer to this item: retire it instead", n, n)
		}
		if err := tx.ResponsibilityItem.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "delete_responsibility_item", "responsibility_item", id, map[string]any{"values": valuesOf(before)})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Deletable says whether no task names the item (deleteResponsibilityItem
// would succeed for a maintainer). One count per item.
func Deletable(ctx context.Context, client *ent.Client, it *ent.ResponsibilityItem) (bool, error) {
	n, err := client.Task.Query().Where(task.ResponsibilityItemID(it.ID)).Count(rule.System(ctx))
	return n == 0, err
}
