// Package responsibility is the responsibility list (责任清单 / 三项清单):
// its maintenance (items and the shared synonym groups, items.go,
// synonyms.go), "who handles it?" (找谁办, search.go), its gaps — items
// nobody is responsible for (职责空白) and words claimed by items of
// different departments (职责交叉) — and its import and export
// (importkind.go).
package responsibility

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/synonymgroup"
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
	Matched []string // the item's title, path levels, keywords and synonyms that matched
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

// Find ranks the items in use (not retired) for query, best first, at most
// MaxMatches (search.go says how).
//
// The ranking runs in Go over the whole list rather than in SQL: the list is
// small (hundreds, at most a few thousand items) and read with one query,
// while segmenting the query against the list's vocabulary and matching
// bigrams would need dialect-specific JSON functions over the keywords;
// in Go it is one portable query and functions tested on their own.
func Find(ctx context.Context, client *ent.Client, query string) ([]*Match, error) {
	q := strings.Join(strings.Fields(query), " ")
	if q == "" {
		return nil, apperr.BadInput("query", "请输入要办理的事项 / query is required")
	}
	if utf8.RuneCountInString(q) > MaxQuery {
		return nil, apperr.BadInput("query", "查询最多 %d 个字 / query is longer than %d characters", MaxQuery, MaxQuery)
	}
	folded := fold(q)
	if folded == "" {
		return []*Match{}, nil
	}
	ix, err := indexFor(ctx, client)
	if err != nil {
		return nil, err
	}
	return ix.rank(folded, MaxMatches), nil
}

// builtIndex is an index and the data version it was built at.
type builtIndex struct {
	version int64
	ix      *index
}

// indexes keeps the last index built for each database client. Building
// one costs a read of the whole list and about 10 µs of CPU per item
// (BenchmarkFind), so it is built once per data version — the counter every
// committed write moves (internal/respcache) — and used by every search
// until the next write.
var indexes sync.Map // *ent.Client → *builtIndex

// indexFor returns the index of the list in use, building it when the
// data version moved since the last one was built.
func indexFor(ctx context.Context, client *ent.Client) (*index, error) {
	// Whoever searches must be allowed to read the list, whatever is cached.
	if _, err := client.ResponsibilityItem.Query().Limit(1).IDs(ctx); err != nil {
		return nil, err
	}
	// The version is read before the list: a write committed meanwhile can
	// only make the index newer than its version, and moves the version on.
	var version int64
	dv, err := client.DataVersion.Get(rule.System(ctx), 1)
	switch {
	case err == nil:
		version = dv.Version
	case !ent.IsNotFound(err):
		return nil, err
	}
	if b, ok := indexes.Load(client); ok && version != 0 && b.(*builtIndex).version == version {
		return b.(*builtIndex).ix, nil
	}
	sys := rule.System(ctx)
	items, err := client.ResponsibilityItem.Query().Where(responsibilityitem.RetiredAtIsNil()).
		WithResponsibleDepartment().WithLeadDepartment().
		Order(ent.Asc(responsibilityitem.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	groups, err := client.SynonymGroup.Query().Order(ent.Asc(synonymgroup.FieldID)).All(sys)
	if err != nil {
		return nil, err
	}
	words := make([][]string, len(groups))
	for i, g := range groups {
		words[i] = g.Terms
	}
	ix := buildIndex(items, words)
	indexes.Store(client, &builtIndex{version: version, ix: ix})
	return ix, nil
}

// Gaps are the holes and overlaps of the list in use (retired items left out).
type Gaps struct {
	// Unowned items have no responsible department (职责空白).
	Unowned []*ent.ResponsibilityItem
	// Overlaps are keywords or synonyms claimed by items of different
	// responsible departments (职责交叉), by word.
	Overlaps []*Overlap
	// ToFix is every item of Unowned and Overlaps once, with why, in the
	// list's order (category path, title).
	ToFix []*GapItem
}

// ItemIDs are the ids of ToFix.
func (g *Gaps) ItemIDs() []int {
	out := make([]int, len(g.ToFix))
	for i, x := range g.ToFix {
		out[i] = x.Item.ID
	}
	return out
}

// Overlap is one word claimed by items of several departments.
type Overlap struct {
	Keyword     string // as the first item writes it
	Items       []*ent.ResponsibilityItem
	Departments []*ent.Department
}

// ItemIDs are the ids of the overlap's items.
func (o *Overlap) ItemIDs() []int {
	out := make([]int, len(o.Items))
	for i, it := range o.Items {
		out[i] = it.ID
	}
	return out
}

// GapKind says why an item is to fix.
type GapKind string

const (
	GapUnowned GapKind = "UNOWNED"
	GapOverlap GapKind = "OVERLAP"
)

// GapItem is an item to fix and why.
type GapItem struct {
	Item         *ent.ResponsibilityItem
	Kinds        []GapKind
	OverlapTerms []string // the words it shares with items of other departments
}

// FindGaps is responsibilityGaps, for LEADER and ADMIN.
func FindGaps(ctx context.Context, client *ent.Client) (*Gaps, error) {
	// The list itself is readable by every role (privacy); the gap analysis
	// is a leaders' tool for fixing the list, so the role is checked here.
	v := auth.FromContext(ctx)
	if v == nil || (v.Role != auth.RoleLeader && v.Role != auth.RoleAdmin) {
		return nil, apperr.Forbiddenf("只有领导和管理员可以查看职责空白与交叉 / only leaders and admins see responsibility gaps")
	}
	items, err := client.ResponsibilityItem.Query().Where(responsibilityitem.RetiredAtIsNil()).
		WithResponsibleDepartment().WithLeadDepartment().
		Order(ent.Asc(responsibilityitem.FieldCategoryPath), ent.Asc(responsibilityitem.FieldTitle), ent.Asc(responsibilityitem.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	return gapsOf(items), nil
}

// gapsOf computes the gaps of items (in the list's order).
func gapsOf(items []*ent.ResponsibilityItem) *Gaps {
	g := &Gaps{Unowned: []*ent.ResponsibilityItem{}, Overlaps: []*Overlap{}, ToFix: []*GapItem{}}
	type claim struct {
		word  string
		items []*ent.ResponsibilityItem
		depts map[int]*ent.Department
	}
	claims := map[string]*claim{}
	for _, it := range items {
		if it.ResponsibleDepartmentID == nil {
			g.Unowned = append(g.Unowned, it)
			continue
		}
		seen := map[string]bool{}
		for _, w := range slices.Concat(it.Keywords, it.Synonyms) {
			k := fold(w)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			c := claims[k]
			if c == nil {
				c = &claim{word: strings.TrimSpace(w), depts: map[int]*ent.Department{}}
				claims[k] = c
			}
			c.items = append(c.items, it)
			c.depts[*it.ResponsibleDepartmentID] = it.Edges.ResponsibleDepartment
		}
	}
	terms := map[int][]string{} // item → its overlapping words
	for _, c := range claims {
		if len(c.depts) < 2 {
			continue
		}
		o := &Overlap{Keyword: c.word, Items: c.items}
		for _, d := range c.depts {
			if d != nil {
				o.Departments = append(o.Departments, d)
			}
		}
		slices.SortFunc(o.Departments, func(a, b *ent.Department) int { return cmp.Compare(a.ID, b.ID) })
		g.Overlaps = append(g.Overlaps, o)
		for _, it := range c.items {
			terms[it.ID] = append(terms[it.ID], c.word)
		}
	}
	slices.SortFunc(g.Overlaps, func(a, b *Overlap) int { return strings.Compare(a.Keyword, b.Keyword) })
	for _, it := range items {
		x := &GapItem{Item: it, OverlapTerms: []string{}}
		if it.ResponsibleDepartmentID == nil {
			x.Kinds = append(x.Kinds, GapUnowned)
		}
		if ts := terms[it.ID]; len(ts) > 0 {
			slices.Sort(ts)
			x.Kinds = append(x.Kinds, GapOverlap)
			x.OverlapTerms = ts
		}
		if len(x.Kinds) > 0 {
			g.ToFix = append(g.ToFix, x)
		}
	}
	return g
}
