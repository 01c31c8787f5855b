package settings

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/setting"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// DefaultDepartment holds the id of the agency department that receives a
// frontline request no responsibility item covers (an unassigned request);
// unset, the agency department named 办公室 does (tasks.DefaultDepartment).
const DefaultDepartment = "requests.default_department"

// Kind is what a setting's value is.
type Kind string

const (
	Number     Kind = "NUMBER"     // a decimal within [Min, Max]
	Integer    Kind = "INTEGER"    // a whole number within [Min, Max]
	Department Kind = "DEPARTMENT" // an open agency department's id; no default
)

// Text is a label in the product's two languages.
type Text struct{ Zh, En string }

// Definition describes one setting: what it means, its unit, its default
// and the values it may take (Min and Max inclusive; not for DEPARTMENT).
type Definition struct {
	Key      string
	Kind     Kind
	Label    Text
	Meaning  Text
	Unit     Text
	Default  float64
	Min, Max float64
}

var (
	ratio      = Text{"比值（1.10 即 110%）", "ratio (1.10 is 110 %)"}
	share      = Text{"比例（0.15 即 15%）", "share (0.15 is 15 %)"}
	workingDay = Text{"工作日", "working days"}
)

// Catalog lists every setting an administrator may change, in the order
// the settings page shows them. The minimum number of raters cannot go
// below 3: the anonymity of raters in figures relies on it (docs/ACCESS.md).
var Catalog = []Definition{
	{Key: OverloadedAbove, Kind: Number, Default: 1.10, Min: 1, Max: 3, Unit: ratio,
		Label:   Text{"超负荷阈值", "overloaded above"},
		Meaning: Text{"利用率（工作量 ÷ 工作能力）高于此值的人员标为超负荷", "staff whose utilization (load ÷ capacity) is above this are flagged overloaded"}},
	{Key: IdleBelow, Kind: Number, Default: 0.50, Min: 0, Max: 1, Unit: ratio,
		Label:   Text{"闲置阈值", "idle below"},
		Meaning: Text{"利用率低于此值的人员标为闲置", "staff whose utilization is below this are flagged idle"}},
	{Key: LeadsWithoutDoingBelow, Kind: Number, Default: 0.15, Min: 0, Max: 1, Unit: share,
		Label:   Text{"只牵不干阈值", "leads without doing below"},
		Meaning: Text{"牵头部门在其牵头任务工时中所占比例低于此值，标为“只牵不干”（须低于“包揽”阈值）", "a lead department doing less than this share of its led tasks' hours leads without doing (must be below \"does it all\")"}},
	{Key: DoesItAllAbove, Kind: Number, Default: 0.85, Min: 0, Max: 1, Unit: share,
		Label:   Text{"包揽阈值", "does it all above"},
		Meaning: Text{"牵头部门在其牵头任务工时中所占比例高于此值，标为“包揽”（配合部门未出力）", "a lead department doing more than this share of its led tasks' hours does it all (its co-departments do not help)"}},
	{Key: MinRaters, Kind: Integer, Default: 3, Min: 3, Max: 50, Unit: Text{"人", "raters"},
		Label:   Text{"评价最少人数", "minimum raters"},
		Meaning: Text{"不同评价人少于此数时不显示评价统计，保护匿名评价人（不得低于 3）", "rating figures of a group with fewer distinct raters are withheld, protecting anonymous raters (at least 3)"}},
	{Key: RectificationDays, Kind: Integer, Default: 15, Min: 1, Max: 60, Unit: workingDay,
		Label:   Text{"整改时限", "rectification deadline"},
		Meaning: Text{"差评后被评价部门须在此工作日数内答复整改", "the rated department answers a bad rating's rectification within this many working days"}},
	{Key: HandBackDays, Kind: Integer, Default: 1, Min: 1, Max: 10, Unit: workingDay,
		Label:   Text{"退单时限", "hand-back window"},
		Meaning: Text{"收到任务后超过此工作日数才转办或退单，记为逾期转办", "a transfer made more than this many working days after the department received the task is late"}},
	{Key: ComplaintAcceptDays, Kind: Integer, Default: 3, Min: 1, Max: 15, Unit: workingDay,
		Label:   Text{"投诉受理时限", "complaint acceptance deadline"},
		Meaning: Text{"效能投诉须在此工作日数内决定是否受理", "whether to accept an efficiency complaint is decided within this many working days"}},
	{Key: ComplaintResolveDays, Kind: Integer, Default: 15, Min: 1, Max: 90, Unit: workingDay,
		Label:   Text{"投诉办结时限", "complaint resolution deadline"},
		Meaning: Text{"受理后须在此工作日数内办结效能投诉", "an accepted efficiency complaint is resolved within this many working days"}},
	{Key: RequestResolveDays, Kind: Integer, Default: 5, Min: 1, Max: 1250, Unit: workingDay,
		Label:   Text{"未对应事项诉求办结时限", "deadline of a request no item covers"},
		Meaning: Text{"找不到对应职责事项的一线诉求须在此工作日数内办结", "a frontline request no responsibility item covers is resolved within this many working days"}},
	{Key: DefaultDepartment, Kind: Department, Unit: Text{"部门", "department"},
		Label:   Text{"默认受理部门", "default receiving department"},
		Meaning: Text{"找不到对应职责事项的一线诉求交由此机关部门作为待分派诉求受理（未设置时为“办公室”）", "a frontline request no responsibility item covers goes to this agency department as an unassigned request (unset: the department named 办公室)"}},
}

// Lookup returns the definition of key.
func Lookup(key string) (Definition, bool) {
	for _, d := range Catalog {
		if d.Key == key {
			return d, true
		}
	}
	return Definition{}, false
}

// DepartmentID returns the department a DEPARTMENT setting holds, or 0
// when it is unset.
func DepartmentID(ctx context.Context, client *ent.Client, key string) int {
	return Int(ctx, client, key)
}

// Entry is a setting with the value in force.
type Entry struct {
	Definition
	// Number is the value of a NUMBER or INTEGER setting (the default when
	// none is stored).
	Number *float64
	// DepartmentID is a DEPARTMENT setting's department; nil when unset.
	DepartmentID *int
	// IsDefault: no value is stored (or the stored one is unreadable).
	IsDefault bool
}

// Numeric is v (the entry's default, minimum or maximum) for a NUMBER or
// INTEGER setting, nil for a DEPARTMENT one.
func (e *Entry) Numeric(v float64) *float64 {
	if e.Kind == Department {
		return nil
	}
	return &v
}

// List returns every setting of the catalog with its value in force, to
// any logged-in viewer (a token needs read:org or write:org).
func List(ctx context.Context, client *ent.Client) ([]*Entry, error) {
	if err := requireRead(ctx); err != nil {
		return nil, err
	}
	keys := make([]string, len(Catalog))
	for i, d := range Catalog {
		keys[i] = d.Key
	}
	rows, err := client.Setting.Query().Where(setting.KeyIn(keys...)).All(sys(ctx))
	if err != nil {
		return nil, err
	}
	stored := map[string]string{}
	for _, r := range rows {
		stored[r.Key] = r.Value
	}
	out := make([]*Entry, len(Catalog))
	for i, d := range Catalog {
		out[i] = entryOf(d, stored[d.Key])
	}
	return out, nil
}

func entryOf(d Definition, raw string) *Entry {
	e := &Entry{Definition: d, IsDefault: true}
	v, err := strconv.ParseFloat(raw, 64)
	ok := raw != "" && err == nil
	if d.Kind == Department {
		if id, err := strconv.Atoi(raw); err == nil && id > 0 {
			e.DepartmentID, e.IsDefault = &id, false
		}
		return e
	}
	if !ok {
		v = d.Default
	}
	e.Number, e.IsDefault = &v, !ok
	return e
}

// Change sets one setting: Number for NUMBER and INTEGER settings,
// Department for DEPARTMENT ones; Reset returns it to its default (unset).
type Change struct {
	Key        string
	Number     *float64
	Department *int
	Reset      *bool
}

// Update applies changes (ADMIN only) in one transaction with one audit
// row, after checking every value against its definition; it returns the
// changed settings. Fields are named input[i].…
func Update(ctx context.Context, client *ent.Client, changes []*Change) ([]*Entry, error) {
	if !auth.FromContext(ctx).IsAdmin() {
		return nil, apperr.Forbiddenf("只有管理员可以修改设置 / only an administrator changes the settings")
	}
	if len(changes) == 0 {
		return nil, apperr.BadInput("input", "没有要修改的设置 / no setting to change")
	}
	var out []*Entry
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		current, err := List(ctx, tx)
		if err != nil {
			return err
		}
		byKey := map[string]*Entry{}
		for _, e := range current {
			byKey[e.Key] = e
		}
		want := map[string]string{} // key → value to store ("" deletes)
		var order []string
		for i, c := range changes {
			field := fmt.Sprintf("input[%d]", i)
			d, ok := Lookup(c.Key)
			if !ok {
				return apperr.BadInput(field+".key", "没有这项设置 / no setting %q", c.Key)
			}
			if _, dup := want[c.Key]; dup {
				return apperr.BadInput(field+".key", "同一设置出现两次 / %s is given twice", c.Key)
			}
			raw, err := checkChange(ctx, tx, field, d, c)
			if err != nil {
				return err
			}
			want[c.Key] = raw
			order = append(order, c.Key)
			byKey[c.Key] = entryOf(d, raw)
		}
		if lw, dia := *byKey[LeadsWithoutDoingBelow].Number, *byKey[DoesItAllAbove].Number; lw >= dia {
			return apperr.BadInput("input", "“只牵不干”阈值须低于“包揽”阈值 / leads-without-doing (%v) must be below does-it-all (%v)", lw, dia)
		}
		detail := map[string]any{}
		for _, k := range order {
			if want[k] == "" {
				if _, err := tx.Setting.Delete().Where(setting.Key(k)).Exec(sys(ctx)); err != nil {
					return err
				}
			} else if err := Set(ctx, tx, k, want[k]); err != nil {
				return err
			}
			detail[k] = want[k]
			out = append(out, byKey[k])
		}
		return audit.Record(ctx, tx, "update_settings", "setting", 0, detail)
	})
	return out, err
}

// checkChange returns the text to store for c ("" for the default).
func checkChange(ctx context.Context, tx *ent.Client, field string, d Definition, c *Change) (string, error) {
	if c.Reset != nil && *c.Reset {
		if c.Number != nil || c.Department != nil {
			return "", apperr.BadInput(field+".reset", "恢复默认时不能同时给出新值 / reset takes no value")
		}
		return "", nil
	}
	if d.Kind == Department {
		if c.Number != nil || c.Department == nil {
			return "", apperr.BadInput(field+".department", "%s 的值是一个部门 / %s takes a department", d.Key, d.Key)
		}
		dep, err := tx.Department.Get(sys(ctx), *c.Department)
		if ent.IsNotFound(err) {
			return "", apperr.NotFoundf(field+".department", "部门不存在 / no such department")
		}
		if err != nil {
			return "", err
		}
		if dep.Kind != department.KindAgency {
			return "", apperr.BadInput(field+".department", "%s 是一线单位，须为机关部门 / %s is a frontline unit; an agency department is required", dep.Name, dep.Name)
		}
		if dep.ClosedAt != nil {
			return "", apperr.Conflictf(field+".department", "%s 已撤销 / %s is closed", dep.Name, dep.Name)
		}
		return strconv.Itoa(dep.ID), nil
	}
	if c.Department != nil || c.Number == nil {
		return "", apperr.BadInput(field+".number", "%s 的值是一个数 / %s takes a number", d.Key, d.Key)
	}
	v := *c.Number
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0) || v < d.Min || v > d.Max:
		return "", apperr.BadInput(field+".number", "%s 应在 %v 到 %v 之间 / %s must be between %v and %v", d.Label.Zh, d.Min, d.Max, d.Key, d.Min, d.Max)
	case d.Kind == Integer && v != math.Trunc(v):
		return "", apperr.BadInput(field+".number", "%s 须为整数 / %s must be a whole number", d.Label.Zh, d.Key)
	}
	return strconv.FormatFloat(v, 'f', -1, 64), nil
}

// sys: settings are read and written with system rights; Update checks
// who may change them.
func sys(ctx context.Context) context.Context { return privacy.DecisionContext(ctx, privacy.Allow) }

// requireRead: organisation data is every logged-in role's to read; an API
// token needs read:org (or write:org, which reads what it changes).
func requireRead(ctx context.Context) error {
	v := auth.FromContext(ctx)
	switch {
	case v == nil:
		return apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	case !v.HasScope(auth.ScopeReadOrg) && !v.HasScope(auth.ScopeWriteOrg):
		return &apperr.Error{Code: apperr.Forbidden, Scope: auth.ScopeReadOrg,
			Message: "接口令牌缺少权限范围 read:org / the API token lacks the scope read:org"}
	}
	return nil
}
