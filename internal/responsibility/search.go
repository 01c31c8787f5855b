package responsibility

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/responsibilityitem"
)

// 找谁办 search. Chinese has no spaces and people do not use the list's
// words ("下水道堵了", not "排水管道疏通"), so an item is found in two ways:
//
//   - whole words: the query is segmented against the vocabulary of the list
//     (every title, category segment, keyword and synonym, and every word of
//     the shared synonym groups), preferring the segmentation that covers
//     the most characters with the fewest words — so "门禁坏了" reads 门禁|坏|了
//     and does not find the item whose synonym is 门, while "门坏了" does. A
//     word found in the query counts for each item naming it; a word of a
//     synonym group counts for the items naming any word of the group;
//   - partial words, in any order: the query's character bigrams that no
//     whole word of the item covered count for the items whose terms
//     contain them ("落水" finds 落水管, "管道漏水" finds an item of
//     漏水管道), at half weight.
//
// Each hit weighs its field (the category path's upper segments, broad
// classes like 设施设备, weigh less), how rare the word or bigram is across
// the list (IDF: a word only one item names says more than 维修), and for
// whole words their length (a longer word found whole is more specific).
// One character counts only as a whole word, never partially: "门" alone is
// in too many words to mean anything.

type termField uint8

const (
	fieldTitle   termField = iota
	fieldLeaf              // the category path's last segment: the item's subject
	fieldSegment           // an upper segment of the category path
	fieldKeyword
	fieldSynonym
	fieldCount
)

// fieldWeight weighs a hit by where the item names the word.
var fieldWeight = [fieldCount]float64{
	fieldTitle: 1, fieldLeaf: 1, fieldSegment: 0.4, fieldKeyword: 1, fieldSynonym: 1,
}

const (
	// partialWeight scales a bigram hit against a whole word of two characters.
	partialWeight = 0.5
	// groupWeight scales a hit through a shared synonym group against one on the word itself.
	groupWeight = 0.8
	// maxWordWeight caps the length bonus of a whole word: beyond four
	// characters a longer word is not more specific.
	maxWordWeight = 4
	// relativeCutoff drops matches scoring under this share of the best one:
	// items sharing only a common bigram (维修, 管理) with the query are noise.
	relativeCutoff = 0.15
)

// term is one word an item is known by.
type term struct {
	text  string // as stored, shown in Match.Matched
	norm  string // folded
	field termField
}

type doc struct {
	item  *ent.ResponsibilityItem
	terms []term
}

// bigram is two adjacent characters: a map key that costs no allocation.
type bigram [2]rune

// wordPosting: doc names the word in the fields of the mask (each field
// counts once).
type wordPosting struct {
	doc    int32
	fields uint8
}

// gramPosting: doc's terms contain the bigram; weight is the best of their
// fields' weights.
type gramPosting struct {
	doc    int32
	weight float64
}

// index is the searchable form of the active items and the shared groups:
// inverted lists from each word and bigram to the items having it, so that
// a query touches only the items it can match.
type index struct {
	docs   []*doc
	words  map[string][]wordPosting // folded word → the items naming it, by doc
	grams  map[bigram][]gramPosting // bigram → the items whose terms contain it, by doc
	maxLen int                      // the longest vocabulary word, in runes
	groups map[string][]string      // folded word → the other words of its groups
	nDocs  float64
}

// fold normalizes text for matching: full-width ASCII and the ideographic
// space become their ASCII forms, letters lower case, and every run of
// characters that are neither letters nor digits (spaces, punctuation,
// symbols) one space.
func fold(s string) string {
	var b strings.Builder
	space := true // at the start: no leading space
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// itemTerms lists the words an item is known by, in field order.
func itemTerms(it *ent.ResponsibilityItem) []term {
	var ts []term
	add := func(text string, f termField) {
		if n := fold(text); n != "" {
			ts = append(ts, term{text: strings.TrimSpace(text), norm: n, field: f})
		}
	}
	add(it.Title, fieldTitle)
	segs := splitPath(it.CategoryPath)
	for i, s := range segs {
		if i == len(segs)-1 {
			add(s, fieldLeaf)
		} else {
			add(s, fieldSegment)
		}
	}
	for _, k := range it.Keywords {
		add(k, fieldKeyword)
	}
	for _, s := range it.Synonyms {
		add(s, fieldSynonym)
	}
	return ts
}

// buildIndex indexes items (the active ones: the caller filters) and the
// shared synonym groups (each a list of words).
func buildIndex(items []*ent.ResponsibilityItem, groups [][]string) *index {
	ix := &index{
		words: map[string][]wordPosting{}, grams: map[bigram][]gramPosting{},
		groups: map[string][]string{}, nDocs: float64(len(items)),
	}
	// A word with a space inside (folded punctuation) is found in a query
	// only when it is Latin ("wi fi"): segment never runs a Chinese word
	// across a space.
	addWord := func(w string) {
		if ix.words[w] == nil && ix.groups[w] == nil {
			ix.maxLen = max(ix.maxLen, utf8.RuneCountInString(w))
		}
	}
	ix.docs = make([]*doc, len(items))
	for i, it := range items {
		d := &doc{item: it, terms: itemTerms(it)}
		ix.docs[i] = d
		n := int32(i)
		for _, t := range d.terms {
			addWord(t.norm)
			// Postings are appended doc by doc: this doc's is the last one.
			ps := ix.words[t.norm]
			if k := len(ps) - 1; k >= 0 && ps[k].doc == n {
				ps[k].fields |= 1 << t.field
			} else {
				ix.words[t.norm] = append(ps, wordPosting{doc: n, fields: 1 << t.field})
			}
			w := fieldWeight[t.field]
			var prev rune
			for j, r := range t.norm {
				if j > 0 && r != ' ' && prev != ' ' {
					g := bigram{prev, r}
					gs := ix.grams[g]
					if k := len(gs) - 1; k >= 0 && gs[k].doc == n {
						gs[k].weight = max(gs[k].weight, w)
					} else {
						ix.grams[g] = append(gs, gramPosting{doc: n, weight: w})
					}
				}
				prev = r
			}
		}
	}
	for _, g := range groups {
		var ws []string
		for _, w := range g {
			if n := fold(w); n != "" && !slices.Contains(ws, n) {
				ws = append(ws, n)
			}
		}
		for _, w := range ws {
			addWord(w)
			for _, o := range ws {
				if o != w && !slices.Contains(ix.groups[w], o) {
					ix.groups[w] = append(ix.groups[w], o)
				}
			}
			if ix.groups[w] == nil { // a group of one word after folding: still a word
				ix.groups[w] = []string{}
			}
		}
	}
	return ix
}

func asciiWords(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isASCIIAlnum(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// span is a vocabulary word found in the query at runes [from, to).
type span struct {
	word     string
	from, to int
}

// segment finds the vocabulary words of the folded query q: of all ways to
// cut q into vocabulary words and single other characters, the one that
// covers the most characters with words, then uses the fewest pieces. A
// word starting or ending with a Latin letter or digit must not continue a
// Latin word of the query ("oa" is not found in "goal").
func (ix *index) segment(q string) []span {
	rs := []rune(q)
	n := len(rs)
	type best struct {
		covered, pieces int
		prev            int  // where the last piece starts
		word            bool // the last piece is a vocabulary word
		ok              bool
	}
	b := make([]best, n+1)
	b[0].ok = true
	better := func(c, p int, at best) bool {
		return !at.ok || c > at.covered || c == at.covered && p < at.pieces
	}
	for i := 0; i < n; i++ {
		if !b[i].ok {
			continue
		}
		// a single character that is no word (spaces are free)
		pieces := b[i].pieces + 1
		if rs[i] == ' ' {
			pieces = b[i].pieces
		}
		if better(b[i].covered, pieces, b[i+1]) {
			b[i+1] = best{covered: b[i].covered, pieces: pieces, prev: i, ok: true}
		}
		if i > 0 && isASCIIAlnum(rs[i]) && isASCIIAlnum(rs[i-1]) {
			continue // inside a Latin word
		}
		for l := 1; l <= ix.maxLen && i+l <= n; l++ {
			j := i + l
			if rs[j-1] == ' ' {
				if !asciiWords(string(rs[i:j])) {
					break
				}
				continue
			}
			if j < n && isASCIIAlnum(rs[j]) && isASCIIAlnum(rs[j-1]) {
				continue
			}
			if w := string(rs[i:j]); ix.words[w] == nil && ix.groups[w] == nil {
				continue
			}
			c, p := b[i].covered+l, b[i].pieces+1
			if better(c, p, b[j]) {
				b[j] = best{covered: c, pieces: p, prev: i, word: true, ok: true}
			}
		}
	}
	var out []span
	for j := n; j > 0; j = b[j].prev {
		if b[j].word {
			out = append(out, span{word: string(rs[b[j].prev:j]), from: b[j].prev, to: j})
		}
	}
	slices.Reverse(out)
	return out
}

func (ix *index) idf(df int) float64 {
	if df == 0 {
		return 0
	}
	return math.Log(1 + ix.nDocs/float64(df))
}

// rank scores every item against the query (already folded, not empty),
// best first, at most limit.
func (ix *index) rank(q string, limit int) []*Match {
	words := ix.segment(q)
	rs := []rune(q)
	type hit struct {
		m       *Match
		covered []bool // query runes inside a whole word found in this item
	}
	hits := map[int32]*hit{}
	get := func(n int32) *hit {
		h := hits[n]
		if h == nil {
			h = &hit{m: &Match{Item: ix.docs[n].item}, covered: make([]bool, len(rs))}
			hits[n] = h
		}
		return h
	}
	note := func(m *Match, d *doc, match func(term) bool) {
		for _, t := range d.terms {
			if match(t) && !slices.Contains(m.Matched, t.text) {
				m.Matched = append(m.Matched, t.text)
			}
		}
	}
	// Whole words, and the words of their synonym groups.
	for _, sp := range words {
		alts := append([]string{sp.word}, ix.groups[sp.word]...)
		for k, w := range alts {
			ps := ix.words[w]
			weight := float64(min(utf8.RuneCountInString(w), maxWordWeight)) * ix.idf(len(ps))
			if k > 0 {
				weight *= groupWeight
			}
			for _, p := range ps {
				h := get(p.doc)
				for f := range fieldCount {
					if p.fields&(1<<f) != 0 {
						h.m.Score += weight * fieldWeight[f]
					}
				}
				for i := sp.from; i < sp.to; i++ {
					h.covered[i] = true
				}
				note(h.m, ix.docs[p.doc], func(t term) bool { return t.norm == w })
			}
		}
	}
	// Partial words: the query's bigrams outside the item's whole words.
	seen := map[bigram]bool{}
	for i := 0; i+1 < len(rs); i++ {
		g := bigram{rs[i], rs[i+1]}
		if g[0] == ' ' || g[1] == ' ' || seen[g] {
			continue
		}
		seen[g] = true
		ps := ix.grams[g]
		weight := partialWeight * ix.idf(len(ps))
		for _, p := range ps {
			if h := hits[p.doc]; h != nil && coveredGram(h.covered, rs, g) {
				continue
			}
			h := get(p.doc)
			h.m.Score += weight * p.weight
			gs := string(g[:])
			note(h.m, ix.docs[p.doc], func(t term) bool { return strings.Contains(t.norm, gs) })
		}
	}
	out := make([]*Match, 0, len(hits))
	top := 0.0
	for _, h := range hits {
		out = append(out, h.m)
		top = max(top, h.m.Score)
	}
	out = slices.DeleteFunc(out, func(m *Match) bool { return m.Score <= 0 || m.Score < relativeCutoff*top })
	slices.SortFunc(out, func(a, b *Match) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(listRank(a.Item.List), listRank(b.Item.List)); c != 0 {
			return c
		}
		return cmp.Compare(a.Item.ID, b.Item.ID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	for _, m := range out {
		m.Score = math.Round(m.Score*1000) / 1000
	}
	return out
}

// coveredGram: every occurrence of bigram g in the query lies inside whole
// words already found in the item.
func coveredGram(covered []bool, rs []rune, g bigram) bool {
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == g[0] && rs[i+1] == g[1] && !(covered[i] && covered[i+1]) {
			return false
		}
	}
	return true
}

// listRank orders ties: the responsibility list (what departments do for
// the frontline) before the power list and the negative list.
func listRank(l responsibilityitem.List) int {
	switch l {
	case responsibilityitem.ListResponsibility:
		return 0
	case responsibilityitem.ListPower:
		return 1
	}
	return 2
}
