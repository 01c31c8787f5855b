// Package analytics computes the metrics of DESIGN.md "Metrics" — load,
// utilization, imbalance (Gini, top-20 % share), lead share, buck-passing,
// on-time rate, meeting and ledger share, satisfaction, visits — over a
// window and a department subtree, in SQL on SQLite and PostgreSQL alike.
// Aggregation happens in the database; Go only reads the final per-staff or
// per-department rows and dresses them with their Staff and Department.
//
// Access is checked here, not by ent privacy: the figures are aggregates,
// not entity reads. A caller needs an agency role (ADMIN, LEADER, STAFF),
// the read:analytics scope, and a scope inside their department subtree
// (docs/ARCHITECTURE.md "Analytics").
//
// Definitions that DESIGN.md leaves open are fixed in the comments of the
// functions that compute them and summarised in docs/ARCHITECTURE.md.
package analytics

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/workcal"
)

// Service computes the metrics. Client runs the SQL (ent's QueryContext)
// and loads the Staff and Department of result rows; Dialect is ent's
// dialect name of the database ("sqlite3" or "postgres"; empty: detected
// on first use).
type Service struct {
	Client  *ent.Client
	Dialect string
	// Now is the clock (overdue work, complete months, the default window);
	// nil means time.Now.
	Now func() time.Time

	once sync.Once
	dia  dia
}

// New returns a Service over client.
func New(client *ent.Client, dialectName string) *Service {
	return &Service{Client: client, Dialect: dialectName}
}

// sqlDialect resolves the dialect once: sqlite_version() exists only on SQLite.
func (s *Service) sqlDialect() dia {
	s.once.Do(func() {
		if s.Dialect == "" {
			s.Dialect = dialect.Postgres
			var v string
			if one(context.Background(), s.Client, "SELECT sqlite_version()", &v) == nil {
				s.Dialect = dialect.SQLite
			}
		}
		s.dia = newDia(s.Dialect)
	})
	return s.dia
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) eng() engine { return engine{q: s.Client, d: s.sqlDialect()} }

// engine runs the metric queries of one database.
type engine struct {
	q querier
	d dia
	// direct computes load from tasks and assignments instead of the
	// load rollup (rollup.go): the reference the tests compare with.
	direct bool
}

// MaxWindow bounds a window's length: the weekly and monthly series stay
// a few hundred buckets long.
const MaxWindow = 3 * 366 * 24 * time.Hour

// WindowInput is the GraphQL input {from, to}.
type WindowInput struct {
	From time.Time
	To   time.Time
}

// Window is a half-open time range [From, To).
type Window struct {
	From time.Time
	To   time.Time
}

// Days is the window's length in days.
func (w Window) Days() float64 { return w.To.Sub(w.From).Hours() / 24 }

// Weeks is the window's length in weeks (capacity = weekly hours × weeks).
func (w Window) Weeks() float64 { return w.To.Sub(w.From).Hours() / (24 * 7) }

func (w Window) seconds() float64 { return epoch(w.To) - epoch(w.From) }

// CurrentQuarter is the calendar quarter of now in the agency's time zone.
func CurrentQuarter(now time.Time) Window {
	loc := workcal.Location()
	n := now.In(loc)
	m := time.Month((int(n.Month())-1)/3*3 + 1)
	from := time.Date(n.Year(), m, 1, 0, 0, 0, 0, loc)
	return Window{From: from, To: from.AddDate(0, 3, 0)}
}

// window validates the input or gives the default, the current quarter.
// Bounds are truncated to the millisecond, the precision both databases agree on.
func (s *Service) window(in *WindowInput) (Window, error) {
	if in == nil {
		return CurrentQuarter(s.now()), nil
	}
	w := Window{From: in.From.Truncate(time.Millisecond), To: in.To.Truncate(time.Millisecond)}
	if !w.To.After(w.From) {
		return w, apperr.BadInput("window.to", "窗口结束须晚于开始 / window.to must be after window.from")
	}
	if w.To.Sub(w.From) > MaxWindow {
		return w, apperr.BadInput("window", "窗口最长三年 / a window may span at most three years")
	}
	return w, nil
}

// Thresholds are the settings the flags use.
type Thresholds struct {
	OverloadedAbove, IdleBelow             float64 // utilization
	LeadsWithoutDoingBelow, DoesItAllAbove float64 // lead share
	MinRaters                              int     // breakdowns with fewer distinct raters are withheld
}

// DefaultThresholds are DESIGN.md's values (the settings' defaults).
var DefaultThresholds = Thresholds{OverloadedAbove: 1.10, IdleBelow: 0.50,
	LeadsWithoutDoingBelow: 0.15, DoesItAllAbove: 0.85, MinRaters: 3}

// Thresholds reads the thresholds from the settings.
func (s *Service) Thresholds(ctx context.Context) Thresholds {
	v := settings.Floats(ctx, s.Client, settings.OverloadedAbove, settings.IdleBelow,
		settings.LeadsWithoutDoingBelow, settings.DoesItAllAbove, settings.MinRaters)
	return Thresholds{
		OverloadedAbove:        v[settings.OverloadedAbove],
		IdleBelow:              v[settings.IdleBelow],
		LeadsWithoutDoingBelow: v[settings.LeadsWithoutDoingBelow],
		DoesItAllAbove:         v[settings.DoesItAllAbove],
		MinRaters:              max(1, int(v[settings.MinRaters])),
	}
}

// scope is the department subtree a metric covers.
type scope struct {
	root   int   // the subtree's root; 0 for the whole organisation
	ids    []int // every department of the subtree
	agency []int // its AGENCY departments
}

// params is everything a metric query depends on.
type params struct {
	w     Window
	scope scope
	th    Thresholds
	now   time.Time
	// refs: what the caller reads of the entities the result rows refer
	// to (entities.go); it changes no figure.
	refs Refs
}

// newRefs starts the collection of the entities the result rows refer to.
// everyone: the rows name every person of the scope (workload, the staff
// heatmap), so the staff are best read by the scope's departments.
func (p *params) newRefs(everyone bool) refs {
	r := refs{need: p.refs}
	if everyone {
		r.scope = &p.scope
	}
	return r
}

// Request is the window and scope arguments of an analytics query.
type Request struct {
	Window *WindowInput
	Scope  *int // a department; nil: the viewer's widest
	// FiguresOnly: the cockpit's caller reads only the imbalance figures,
	// not the overloaded and idle staff lists (left empty then).
	FiguresOnly bool
	// Refs: what the caller reads of the Staff and Department the result
	// rows refer to, so that no more is loaded (honoured by Workload,
	// Imbalance and LoadSeries). The zero value loads them whole.
	Refs Refs
}

// Header is the window and scope every result carries.
type Header struct {
	Window *Window
	// Scope is the root of the department subtree; nil when the scope is
	// the whole organisation and it has no single root.
	Scope *ent.Department
}

// prepare checks access and resolves the window, scope and thresholds.
func (s *Service) prepare(ctx context.Context, req Request) (params, Header, error) {
	v, err := authorizeViewer(ctx)
	if err != nil {
		return params{}, Header{}, err
	}
	w, err := s.window(req.Window)
	if err != nil {
		return params{}, Header{}, err
	}
	sc, root, err := s.resolveScope(ctx, v, req.Scope, "scope", req.Refs.Departments)
	if err != nil {
		return params{}, Header{}, err
	}
	p := params{w: w, scope: sc, th: s.Thresholds(ctx), now: s.now(), refs: req.Refs}
	return p, Header{Window: &w, Scope: root}, nil
}

// authorizeViewer: analytics need an agency role and the read:analytics scope.
func authorizeViewer(ctx context.Context) (*auth.Viewer, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	}
	if !v.HasScope(auth.ScopeReadAnalytics) {
		return nil, apperr.Forbiddenf("令牌缺少 read:analytics 权限 / the token lacks the read:analytics scope")
	}
	switch v.Role {
	case auth.RoleAdmin, auth.RoleLeader, auth.RoleStaff:
		return v, nil
	}
	return nil, apperr.Forbiddenf("统计分析仅向机关人员开放 / analytics are open to agency roles only")
}

// resolveScope gives the subtree of the requested department, or of the
// viewer's widest: the root for ADMIN and a viewer of the root department,
// the viewer's own department otherwise. A department outside the viewer's
// subtree is FORBIDDEN; an unknown one NOT_FOUND (for ADMIN; others cannot
// tell it from one outside their subtree).
//
// The root Department is read as need says (Refs): it is a referenced
// entity of every result's header.
func (s *Service) resolveScope(ctx context.Context, v *auth.Viewer, id *int, field string, need Need) (scope, *ent.Department, error) {
	var rows []struct {
		ID       int             `json:"id"`
		ParentID *int            `json:"parent_id"`
		Kind     department.Kind `json:"kind"`
	}
	err := s.Client.Department.Query().
		Select(department.FieldID, department.FieldParentID, department.FieldKind).
		Scan(rule.System(ctx), &rows)
	if err != nil {
		return scope{}, nil, err
	}
	kind := map[int]department.Kind{}
	children := map[int][]int{}
	var roots []int
	for _, r := range rows {
		kind[r.ID] = r.Kind
		if r.ParentID == nil {
			roots = append(roots, r.ID)
		} else {
			children[*r.ParentID] = append(children[*r.ParentID], r.ID)
		}
	}
	root := 0
	switch {
	case id != nil:
		if !v.InSubtree(*id) {
			return scope{}, nil, apperr.Forbiddenf("该部门不在您的权限范围内 / the department is outside your subtree")
		}
		if _, ok := kind[*id]; !ok {
			return scope{}, nil, apperr.NotFoundf(field, "部门不存在 / no department %d", *id)
		}
		root = *id
	case v.IsAdmin() || v.AllDepartments:
		if len(roots) == 1 {
			root = roots[0]
		}
	case v.DepartmentID != 0:
		root = v.DepartmentID
	default:
		return scope{}, nil, apperr.Forbiddenf("账号未关联部门 / the account belongs to no department")
	}
	var sc scope
	sc.root = root
	if root == 0 {
		for _, r := range rows {
			sc.ids = append(sc.ids, r.ID)
		}
	} else if _, ok := kind[root]; ok {
		sc.ids = []int{root}
		for i := 0; i < len(sc.ids); i++ {
			sc.ids = append(sc.ids, children[sc.ids[i]]...)
		}
	}
	for _, d := range sc.ids {
		if kind[d] == department.KindAgency {
			sc.agency = append(sc.agency, d)
		}
	}
	var dep *ent.Department
	if root != 0 {
		if dep, err = needDepartment(rule.System(ctx), s.Client, root, need); err != nil {
			return scope{}, nil, err
		}
	}
	return sc, dep, nil
}

// WorkloadFlag marks a staff member's utilization.
type WorkloadFlag string

const (
	Overloaded WorkloadFlag = "OVERLOADED"
	Idle       WorkloadFlag = "IDLE"
)

// LeadShareFlag marks a lead department's mean lead share.
type LeadShareFlag string

const (
	LeadsWithoutDoing LeadShareFlag = "LEADS_WITHOUT_DOING"
	DoesItAll         LeadShareFlag = "DOES_IT_ALL"
)

// SeriesLevel is the row level of the load heatmap.
type SeriesLevel string

const (
	LevelDepartment SeriesLevel = "DEPARTMENT"
	LevelStaff      SeriesLevel = "STAFF"
)

func (f WorkloadFlag) MarshalGQL(w io.Writer)  { _, _ = io.WriteString(w, strconv.Quote(string(f))) }
func (f LeadShareFlag) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }
func (l SeriesLevel) MarshalGQL(w io.Writer)   { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

func (f *WorkloadFlag) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, (*string)(f), "WorkloadFlag", string(Overloaded), string(Idle))
}

func (f *LeadShareFlag) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, (*string)(f), "LeadShareFlag", string(LeadsWithoutDoing), string(DoesItAll))
}

func (l *SeriesLevel) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, (*string)(l), "SeriesLevel", string(LevelDepartment), string(LevelStaff))
}

func unmarshalEnum(v any, dst *string, name string, values ...string) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("enums must be strings")
	}
	for _, x := range values {
		if s == x {
			*dst = s
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid %s", s, name)
}
