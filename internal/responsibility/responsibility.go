// Package responsibility answers "who handles it?" (找谁办) over the
// responsibility list (责任清单) and finds its gaps: items nobody is
// responsible for (职责空白) and keywords claimed by items of different
// departments (职责交叉).
package responsibility

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
)

// MaxMatches is the most findResponsible returns.
const MaxMatches = 10

// MaxQuery bounds the query's length in characters.
const MaxQuery = 100

// Match is one ranked item of findResponsible.
type Match struct {
	Item    *ent.ResponsibilityItem // with its departments eager-loaded
	Score   float64
	Matched []string // the title, path segments and keywords that matched
}

// ResponsibleDepartment is the item's 责任部门 (nil: 职责空白).
func (m *Match) ResponsibleDepartment() *ent.Department { return m.Item.Edges.ResponsibleDepartment }

// LeadDepartment is the item's 牵头管理部门.
func (m *Match) LeadDepartment() *ent.Department { return m.Item.Edges.LeadDepartment }

// Commitment is the item's service commitment (服务承诺).
func (m *Match) Commitment() Commitment {
	return Commitment{
		RespondWithinHours: m.Item.RespondWithinHours,
		ResolveWithinDays:  m.Item.ResolveWithinDays,
		Text:               m.Item.Commitment,
	}
}

// Commitment: respond within N working hours, resolve within M working days.
type Commitment struct {
	RespondWithinHours int
	ResolveWithinDays  int
	Text               string
}

// Weights of the ranking. A hit on the item's own subject (its title, the
// last segment of its category path) outweighs a keyword; an exact hit
// outweighs a partial one.
const (
	wTitleExact    = 10
	wTitle         = 6  // the title contains the query
	wTitleInQuery  = 5  // the query contains the title
	wLeafExact     = 8  // the last path segment is the query
	wSegmentExact  = 5  // another path segment is the query
	wSegment       = 2  // a segment contains the query, or the query a segment
	wKeywordExact  = 6  // a keyword is the query
	wKeywordInQ    = 4  // the query contains a keyword (a sentence naming the thing)
	wQueryInKeywrd = 3  // a keyword contains the query
	minPartialLen  = 2  // shorter strings (one character) only count when exact
	listBonus      = .1 // prefer the responsibility list over the power and negative lists on ties
)

// Find ranks the responsibility items for query, best first, at most
// MaxMatches, each with a positive score.
//
// The ranking is computed in Go over the whole list rather than in SQL: the
// list is small (hundreds, at most a few thousand items, read with one
// indexed-free scan), while the match is a two-way Chinese substring match
// (the query contains a keyword, or a keyword or the title contains the
// query) over a JSON array of keywords and a '/'-separated path, which SQL
// would need dialect-specific JSON functions (json_each vs
// jsonb_array_elements_text) and LIKE-escaping for; in Go it is one
// portable query and a scoring function that is unit-tested on its own.
func Find(ctx context.Context, client *ent.Client, query string) ([]*Match, error) {
	q := normalize(query)
	if q == "" {
		return nil, apperr.BadInput("query", "请输入要办理的事项 / query is required")
	}
	if utf8.RuneCountInString(q) > MaxQuery {
		return nil, apperr.BadInput("query", "查询最多 %d 个字 / query is longer than %d characters", MaxQuery, MaxQuery)
	}
	items, err := client.ResponsibilityItem.Query().
		WithResponsibleDepartment().WithLeadDepartment().
		Order(ent.Asc(responsibilityitem.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*Match
	for _, it := range items {
		if m := Score(q, it); m != nil {
			out = append(out, m)
		}
	}
	slices.SortStableFunc(out, func(a, b *Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Item.ID, b.Item.ID)
	})
	if len(out) > MaxMatches {
		out = out[:MaxMatches]
	}
	return out, nil
}

func normalize(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Score scores one item against a normalized query; nil when nothing matched.
func Score(q string, it *ent.ResponsibilityItem) *Match {
	m := &Match{Item: it}
	hit := func(w float64, what string) {
		m.Score += w
		if !slices.Contains(m.Matched, what) {
			m.Matched = append(m.Matched, what)
		}
	}
	partial := func(s string) bool { return utf8.RuneCountInString(s) >= minPartialLen }
	qLong := partial(q)

	title := normalize(it.Title)
	switch {
	case title == q:
		hit(wTitleExact, it.Title)
	case qLong && strings.Contains(title, q):
		hit(wTitle, it.Title)
	case partial(title) && strings.Contains(q, title):
		hit(wTitleInQuery, it.Title)
	}

	segs := strings.Split(it.CategoryPath, "/")
	for i, seg := range segs {
		s := normalize(seg)
		switch {
		case s == "":
		case s == q && i == len(segs)-1:
			hit(wLeafExact, seg)
		case s == q:
			hit(wSegmentExact, seg)
		case (qLong && strings.Contains(s, q)) || (partial(s) && strings.Contains(q, s)):
			hit(wSegment, seg)
		}
	}

	for _, kw := range it.Keywords {
		k := normalize(kw)
		switch {
		case k == "":
		case k == q:
			hit(wKeywordExact, kw)
		case partial(k) && strings.Contains(q, k):
			hit(wKeywordInQ, kw)
		case qLong && strings.Contains(k, q):
			hit(wQueryInKeywrd, kw)
		}
	}
	if m.Score == 0 {
		return nil
	}
	if it.List == responsibilityitem.ListResponsibility {
		m.Score += listBonus
	}
	return m
}

// Gaps are the holes and overlaps of the responsibility list.
type Gaps struct {
	// Unowned items have no responsible department (职责空白).
	Unowned []*ent.ResponsibilityItem
	// Overlaps are keywords claimed by items of different responsible
	// departments (职责交叉), by keyword.
	Overlaps []*Overlap
}

// Overlap is one keyword claimed by items of several departments.
type Overlap struct {
	Keyword     string
	Items       []*ent.ResponsibilityItem
	Departments []*ent.Department
}

// FindGaps is responsibilityGaps, for LEADER and ADMIN.
func FindGaps(ctx context.Context, client *ent.Client) (*Gaps, error) {
	// The list itself is readable by every role (privacy); the gap analysis
	// is a leaders' tool for fixing the list, so the role is checked here.
	v := auth.FromContext(ctx)
	if v == nil || (v.Role != auth.RoleLeader && v.Role != auth.RoleAdmin) {
		return nil, apperr.Forbiddenf("只有领导和管理员可以查看职责空白与交叉 / only leaders and admins see responsibility gaps")
	}
	items, err := client.ResponsibilityItem.Query().
		WithResponsibleDepartment().WithLeadDepartment().
		Order(ent.Asc(responsibilityitem.FieldCategoryPath), ent.Asc(responsibilityitem.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	g := &Gaps{Unowned: []*ent.ResponsibilityItem{}, Overlaps: []*Overlap{}}
	type claim struct {
		keyword string
		items   []*ent.ResponsibilityItem
		depts   map[int]*ent.Department
	}
	claims := map[string]*claim{}
	for _, it := range items {
		if it.ResponsibleDepartmentID == nil {
			g.Unowned = append(g.Unowned, it)
			continue
		}
		seen := map[string]bool{}
		for _, kw := range it.Keywords {
			k := normalize(kw)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			c := claims[k]
			if c == nil {
				c = &claim{keyword: strings.TrimSpace(kw), depts: map[int]*ent.Department{}}
				claims[k] = c
			}
			c.items = append(c.items, it)
			c.depts[*it.ResponsibleDepartmentID] = it.Edges.ResponsibleDepartment
		}
	}
	for _, c := range claims {
		if len(c.depts) < 2 {
			continue
		}
		o := &Overlap{Keyword: c.keyword, Items: c.items}
		for _, d := range c.depts {
			if d != nil {
				o.Departments = append(o.Departments, d)
			}
		}
		slices.SortFunc(o.Departments, func(a, b *ent.Department) int { return cmp.Compare(a.ID, b.ID) })
		g.Overlaps = append(g.Overlaps, o)
	}
	slices.SortFunc(g.Overlaps, func(a, b *Overlap) int { return strings.Compare(a.Keyword, b.Keyword) })
	return g, nil
}
