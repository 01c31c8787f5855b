package graph

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"xiaoneng/internal/apperr"
)

// Limits on a document, checked before gqlgen validates it. Validation and
// the complexity walk expand every fragment spread anew, and gqlparser's
// OverlappingFieldsCanBeMerged compares every pair of fields that answer
// under one name: without these, a document of a few KiB costs seconds to
// minutes of CPU before anything refuses it (docs/PERFORMANCE.md "Hostile
// documents").
const (
	// MaxTokens bounds the lexer and parser. The web app's largest
	// operation has 340 tokens, the introspection query 180; the rest is
	// room for literal lists an integrator writes into a query.
	MaxTokens = 15000
	// MaxSelections bounds the document's size with every fragment spread
	// expanded where it is spread: each field, inline fragment and spread
	// visited counts once per visit, in every operation and every fragment
	// definition (validation walks each of them). The web app's largest
	// operation as sent visits 184, the introspection query 486; at the
	// limit the check and validation take a few milliseconds of CPU.
	MaxSelections = 2000
	// MaxFragments bounds the fragment definitions of a document:
	// validation compares the fields of every two fragments spread at one
	// place, so their cost grows with the square of their number. The web
	// app's operations use at most two, the introspection query three.
	MaxFragments = 50
	// MaxAliases is GraphQL Armor's default: an alias is the only way to
	// ask for the same field twice in one operation, so it multiplies the
	// work of the fields under it. Aliases in a fragment count each time it
	// is spread; the web app uses none.
	MaxAliases = 15
	// MaxDirectives is GraphQL Armor's default, counted over the document
	// as written; the web app's operations use at most one.
	MaxDirectives = 50
	// MaxFieldRepeats bounds the fields of one operation that answer under
	// the same name at the same place (a field asked for again in a
	// fragment, or in every copy of a fragment spread twice): validation
	// compares each pair of them, with their subfields. The web app repeats
	// one at most 4 times (__typename, which its GraphQL client adds to
	// every selection set, fragments included).
	MaxFieldRepeats = 10
	// MaxInputDepth bounds the nesting of an argument's value, written in
	// the document or sent as a variable (each list and input object is a
	// level): the deepest filter a report needs (and/or/not over the edges
	// of an edge) nests below 10; far deeper filters only build SQL nested
	// toward the databases' own limits.
	MaxInputDepth = 16
	// MaxVariableValues bounds the values of a request's variables (every
	// list, object and scalar in them): setWorkDays with its largest
	// calendar (5,000 days of at most 4 values) fits, and a list of them as
	// an SQL IN stays below SQLite's 32,766 bound parameters.
	MaxVariableValues = 25000
	// verdictCacheSize is how many documents' verdicts are remembered (by
	// the SHA-256 of their text), like gqlgen's query cache.
	verdictCacheSize = 1000
)

// maxRequestValues is where the transports stop before decoding JSON: a
// request whose JSON (the POST body, or GET's variables and extensions)
// holds more values than twice what its variables may is refused unread.
// Decoding costs about 0.2 µs of CPU a value: 1 MiB of zeros, 110 ms.
const maxRequestValues = 2 * MaxVariableValues

// docLimits are the values the check enforces: the constants above, or
// others in tests that show what a second limit would do without the first.
type docLimits struct {
	selections, fragments, aliases, directives, fieldRepeats, depth, inputDepth, variableValues int
}

var defaultLimits = docLimits{
	selections: MaxSelections, fragments: MaxFragments, aliases: MaxAliases, directives: MaxDirectives,
	fieldRepeats: MaxFieldRepeats, depth: MaxDepth, inputDepth: MaxInputDepth,
	variableValues: MaxVariableValues,
}

// refusal is a limit a request went over: its name (extensions.limit) and
// a message naming the limit and its value. Verdicts are cached as
// refusals, never as errors: the error presenter changes the error it is
// given.
type refusal struct {
	limit string
	msg   string
}

func refuse(limit, zh, en string, args ...any) *refusal {
	return &refusal{limit: limit, msg: zh + " / " + fmt.Sprintf(en, args...)}
}

// gqlError answers like a validation failure (HTTP 422; the presenter
// gives it the code BAD_USER_INPUT), with the limit's name and value.
func (r *refusal) gqlError() *gqlerror.Error {
	return &gqlerror.Error{Message: r.msg, Extensions: map[string]any{
		"code": errcode.ValidationFailed, "limit": r.limit,
	}}
}

// timedOut answers a request whose deadline passed before it ran.
func timedOut(err error) *gqlerror.Error {
	const msg = "请求超时 / request timed out"
	return &gqlerror.Error{Message: msg, Err: fmt.Errorf("%w before it ran (%w)", apperr.New(apperr.Timeout, msg), err)}
}

// checkVariables refuses variables nested deeper than lim.inputDepth or
// holding more than lim.variableValues values.
func checkVariables(vars map[string]any, lim docLimits) *refusal {
	n := 0
	// walk visits v, inside depth lists and objects
	var walk func(v any, depth int) *refusal
	walk = func(v any, depth int) *refusal {
		if n++; n > lim.variableValues {
			return refuse("variableValues", "变量过多", "the variables hold more than %d values", lim.variableValues)
		}
		var children []any
		switch x := v.(type) {
		case map[string]any:
			for _, c := range x {
				children = append(children, c)
			}
		case []any:
			children = x
		default:
			return nil
		}
		if depth+1 > lim.inputDepth {
			return refuse("inputDepth", "参数嵌套过深", "a variable is nested more than %d levels deep", lim.inputDepth)
		}
		for _, c := range children {
			if r := walk(c, depth+1); r != nil {
				return r
			}
		}
		return nil
	}
	for _, v := range vars {
		if r := walk(v, 0); r != nil {
			return r
		}
	}
	return nil
}

// jsonValues counts the values in the JSON text b (every list, object
// and scalar, keys not counted), reading each byte once: one for the
// whole, one more for each element of a list or object, that is for each
// comma and each list or object that is not empty.
func jsonValues[T string | []byte](b T) int {
	n := 1
	var last byte // the last byte outside strings and spaces
	inString, escaped := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case escaped:
			escaped = false
		case inString:
			escaped = c == '\\'
			inString = c != '"'
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '"':
			inString = true
		case c == ',' || c == '[' || c == '{':
			n++
		case (c == ']' && last == '[') || (c == '}' && last == '{'):
			n-- // it was empty
		}
		last = c
	}
	return n
}

func refuseValues(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	err := refuse("variableValues", "变量过多", "the request holds more than %d JSON values (its variables may hold %d)",
		maxRequestValues, MaxVariableValues).gqlError()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnprocessableEntity)
	_ = json.NewEncoder(w).Encode(exec.DispatchError(r.Context(), gqlerror.List{err}))
}

// docWalk checks one parsed document against the limits.
type docWalk struct {
	lim   docLimits
	frags map[string]*ast.FragmentDefinition
	// counted over the whole document
	selections, directives int
	// counted over the operation being walked (nil: a fragment definition)
	op      *ast.OperationDefinition
	aliases int
	err     *refusal
}

// checkDocument returns the first limit doc goes over, or nil. Its cost is
// linear in the document until the expanded walk, which stops at
// lim.selections visits.
func checkDocument(doc *ast.QueryDocument, lim docLimits) *refusal {
	if len(doc.Fragments) > lim.fragments {
		return refuse("fragments", "片段过多", "the document defines more than %d fragments", lim.fragments)
	}
	w := &docWalk{lim: lim, frags: make(map[string]*ast.FragmentDefinition, len(doc.Fragments))}
	for _, f := range doc.Fragments {
		if _, dup := w.frags[f.Name]; !dup { // validation refuses duplicates
			w.frags[f.Name] = f
		}
	}
	if name := fragmentCycle(doc.Fragments, w.frags); name != "" {
		return refuse("fragmentCycles", "片段循环引用",
			"fragment %s spreads itself, directly or through other fragments", name)
	}
	if r := w.written(doc); r != nil {
		return r
	}
	for _, op := range doc.Operations {
		w.op, w.aliases = op, 0
		if !w.walk([]ast.SelectionSet{op.SelectionSet}, 0, false) {
			return w.err
		}
	}
	w.op = nil
	for _, f := range doc.Fragments {
		if !w.walk([]ast.SelectionSet{f.SelectionSet}, 0, false) {
			return w.err
		}
	}
	return nil
}

// fragmentCycle returns the name of a fragment that spreads itself, or "".
// Spreads of unknown fragments are validation's to report.
func fragmentCycle(defs ast.FragmentDefinitionList, frags map[string]*ast.FragmentDefinition) string {
	const (
		entered = 1
		done    = 2
	)
	state := make(map[string]int, len(frags))
	var visit func(f *ast.FragmentDefinition) string
	var spreads func(set ast.SelectionSet) string
	spreads = func(set ast.SelectionSet) string {
		for _, sel := range set {
			var found string
			switch s := sel.(type) {
			case *ast.Field:
				found = spreads(s.SelectionSet)
			case *ast.InlineFragment:
				found = spreads(s.SelectionSet)
			case *ast.FragmentSpread:
				if f := frags[s.Name]; f != nil {
					switch state[f.Name] {
					case entered:
						found = f.Name
					case 0:
						found = visit(f)
					}
				}
			}
			if found != "" {
				return found
			}
		}
		return ""
	}
	visit = func(f *ast.FragmentDefinition) string {
		state[f.Name] = entered
		found := spreads(f.SelectionSet)
		state[f.Name] = done
		return found
	}
	for _, f := range defs {
		if state[f.Name] == 0 && frags[f.Name] == f {
			if found := visit(f); found != "" {
				return found
			}
		}
	}
	return ""
}

// written counts the directives and measures the argument values of the
// document as written (each fragment once).
func (w *docWalk) written(doc *ast.QueryDocument) *refusal {
	var r *refusal
	directives := func(list ast.DirectiveList) bool {
		if w.directives += len(list); w.directives > w.lim.directives {
			r = refuse("directives", "指令过多",
				"the document has more than %d directives", w.lim.directives)
			return false
		}
		for _, d := range list {
			if !w.arguments(d.Arguments, &r) {
				return false
			}
		}
		return true
	}
	var set func(ss ast.SelectionSet) bool
	set = func(ss ast.SelectionSet) bool {
		for _, sel := range ss {
			switch s := sel.(type) {
			case *ast.Field:
				if !directives(s.Directives) || !w.arguments(s.Arguments, &r) || !set(s.SelectionSet) {
					return false
				}
			case *ast.InlineFragment:
				if !directives(s.Directives) || !set(s.SelectionSet) {
					return false
				}
			case *ast.FragmentSpread:
				if !directives(s.Directives) {
					return false
				}
			}
		}
		return true
	}
	for _, op := range doc.Operations {
		if !directives(op.Directives) {
			return r
		}
		for _, v := range op.VariableDefinitions {
			if !directives(v.Directives) || !w.value(v.DefaultValue, 0, &r) {
				return r
			}
		}
		if !set(op.SelectionSet) {
			return r
		}
	}
	for _, f := range doc.Fragments {
		if !directives(f.Directives) || !set(f.SelectionSet) {
			return r
		}
	}
	return nil
}

func (w *docWalk) arguments(args ast.ArgumentList, r **refusal) bool {
	for _, a := range args {
		if !w.value(a.Value, 0, r) {
			return false
		}
	}
	return true
}

// value measures v, inside depth lists and objects.
func (w *docWalk) value(v *ast.Value, depth int, r **refusal) bool {
	if v == nil || v.Kind != ast.ListValue && v.Kind != ast.ObjectValue {
		return true
	}
	if depth++; depth > w.lim.inputDepth {
		*r = refuse("inputDepth", "参数嵌套过深",
			"an argument is nested more than %d levels deep", w.lim.inputDepth)
		return false
	}
	for _, c := range v.Children {
		if !w.value(c.Value, depth, r) {
			return false
		}
	}
	return true
}

// walk visits the selection sets that answer at one place of the response
// (the subselections of every field asked for under one name there), with
// fragments expanded, then each name's fields one level down. depth counts
// the levels of fields above, introspection fields left out.
func (w *docWalk) walk(sets []ast.SelectionSet, depth int, introspection bool) bool {
	var names []string
	byName := map[string][]*ast.Field{}
	var collect func(set ast.SelectionSet) bool
	collect = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			if w.selections++; w.selections > w.lim.selections {
				w.err = refuse("selections", "查询过大",
					"the document has more than %d selections once its fragments are expanded (a fragment counts each time it is spread)",
					w.lim.selections)
				return false
			}
			switch s := sel.(type) {
			case *ast.Field:
				if s.Alias != s.Name && w.op != nil {
					if w.aliases++; w.aliases > w.lim.aliases {
						w.err = refuse("aliases", "别名过多",
							"the operation has more than %d aliases (a fragment's count each time it is spread)", w.lim.aliases)
						return false
					}
				}
				if _, seen := byName[s.Alias]; !seen {
					names = append(names, s.Alias)
				}
				byName[s.Alias] = append(byName[s.Alias], s)
			case *ast.InlineFragment:
				if !collect(s.SelectionSet) {
					return false
				}
			case *ast.FragmentSpread:
				if f := w.frags[s.Name]; f != nil && !collect(f.SelectionSet) {
					return false
				}
			}
		}
		return true
	}
	for _, set := range sets {
		if !collect(set) {
			return false
		}
	}
	for _, name := range names {
		fields := byName[name]
		if len(fields) > w.lim.fieldRepeats {
			w.err = refuse("fieldRepeats", "字段重复过多",
				"%q is asked for %d times at one place; the limit is %d", name, len(fields), w.lim.fieldRepeats)
			return false
		}
		intro := introspection || strings.HasPrefix(fields[0].Name, "__")
		d := depth
		if !intro {
			d++
			if d > w.lim.depth && w.op != nil {
				w.err = refuse("depth", "查询嵌套过深",
					"the query is nested more than %d levels deep", w.lim.depth)
				return false
			}
		}
		var sub []ast.SelectionSet
		for _, f := range fields {
			if len(f.SelectionSet) > 0 {
				sub = append(sub, f.SelectionSet)
			}
		}
		if len(sub) > 0 && !w.walk(sub, d, intro) {
			return false
		}
	}
	return true
}

// documentLimits is the gqlgen extension that enforces the limits: the
// document's before gqlgen parses and validates it (an operation
// parameter mutator, run after the persisted-query extension has put the
// query's text in place), the complexity after validation, and the
// request's deadline between the phases.
type documentLimits struct {
	lim      docLimits
	verdicts *lru.LRU[*refusal]
	es       graphql.ExecutableSchema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = (*documentLimits)(nil)

func newDocumentLimits(lim docLimits) *documentLimits {
	return &documentLimits{lim: lim, verdicts: lru.New[*refusal](verdictCacheSize)}
}

func (*documentLimits) ExtensionName() string { return "DocumentLimits" }

func (l *documentLimits) Validate(es graphql.ExecutableSchema) error {
	l.es = es
	return nil
}

func (l *documentLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if err := ctx.Err(); err != nil {
		return timedOut(err)
	}
	if r := checkVariables(p.Variables, l.lim); r != nil {
		return r.gqlError()
	}
	sum := sha256.Sum256([]byte(p.Query))
	key := string(sum[:])
	r, known := l.verdicts.Get(ctx, key)
	if !known {
		doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, MaxTokens)
		if err != nil {
			// gqlgen would parse it again and answer the same
			if gqlErr, ok := err.(*gqlerror.Error); ok {
				errcode.Set(gqlErr, errcode.ParseFailed)
				if strings.HasPrefix(gqlErr.Message, "exceeded token limit") {
					gqlErr.Extensions["limit"] = "tokens"
				}
				return gqlErr
			}
			return gqlerror.Errorf("%s", err)
		}
		r = checkDocument(doc, l.lim)
		l.verdicts.Add(ctx, key, r)
	}
	if r != nil {
		return r.gqlError()
	}
	return nil
}

func (l *documentLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if err := ctx.Err(); err != nil {
		return timedOut(err) // validation ran past the deadline
	}
	if c := complexity.Calculate(ctx, l.es, oc.Operation, oc.Variables); c > MaxComplexity {
		return refuse("complexity", "查询代价过高",
			"the operation has complexity %d; the limit is %d", c, MaxComplexity).gqlError()
	}
	if oc.Operation.Operation == ast.Mutation {
		logins := 0
		for _, f := range graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"}) {
			if f.Name == "login" {
				logins++
			}
		}
		if logins > MaxLogins {
			return refuse("logins", "一次请求只能登录一次",
				"a request may hold at most %d login", MaxLogins).gqlError()
		}
	}
	return nil
}

// MaxLogins: each login runs bcrypt (~60 ms of CPU); a request of aliased
// logins with a known password would cost a second a request, and
// successful logins are not rate-limited (an office logs in at 9:00).
const MaxLogins = 1

// useLimits puts the token limit, validation without suggestions and the
// document limits on srv; it goes after the persisted-query extension, so
// that a query sent by its hash is checked too.
func useLimits(srv *handler.Server, lim docLimits) {
	srv.SetParserTokenLimit(MaxTokens)
	srv.SetDisableSuggestion(true)
	srv.SetValidationRulesFn(rulesWithoutSuggestions)
	srv.Use(newDocumentLimits(lim))
}

// rulesWithoutSuggestions are gqlparser's rules with no "Did you mean"
// lists: each compares the unknown name with every name it could have
// been (an edit distance per candidate), so a few unknown names of 100 KB
// cost seconds. GraphiQL suggests from the introspected schema itself.
// gqlgen swaps the field and leaf rules (SetDisableSuggestion); these are
// the other three.
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	for _, rule := range []core.Rule{
		rules.KnownArgumentNamesRuleWithoutSuggestions,
		rules.KnownTypeNamesRuleWithoutSuggestions,
		rules.ValuesOfCorrectTypeRuleWithoutSuggestions,
	} {
		r.RemoveRule(strings.TrimSuffix(rule.Name, "WithoutSuggestions"))
		r.AddRule(rule.Name, rule.RuleFunc)
	}
	return r
}
