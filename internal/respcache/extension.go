package respcache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"log/slog"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/internal/auth"
)

// Deny lists the root fields whose operations are never cached: the public
// operations (rate-limited per address, which a cached answer would skip),
// and the import batches (a run's progress lives in the running process and
// moves without a write). No query writes on read (audit rows are written
// by mutations only); add such a field here should one ever do.
var Deny = map[string]bool{
	"complaintByTrackingCode": true,
	"publicDepartments":       true,
	"importBatch":             true,
	"importBatches":           true,
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = (*Cache)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (c *Cache) ExtensionName() string { return "ResponseCache" }

// Validate implements graphql.HandlerExtension.
func (c *Cache) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation serves a query from the cache or runs it and stores
// the answer. It runs after the operation context mutators, so the
// complexity and depth limits have already refused what they refuse.
func (c *Cache) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	st := statusFrom(ctx)
	key, ok := c.key(ctx)
	if !ok {
		st.set(Bypass)
		return next(ctx)
	}
	// The version is read before the operation runs: a write committed while
	// it runs can only make the stored answer newer than its version says,
	// and a later read then sees a newer version and misses.
	version, err := c.currentVersion(ctx)
	if err != nil {
		slog.WarnContext(ctx, "response cache: no data version; not caching", "err", err)
		st.set(Bypass)
		return next(ctx)
	}
	now := c.now()
	if st.noCache() {
		st.set(Bypass)
		return c.compute(ctx, next, key, version, now, nil)
	}
	if data, hit := c.lru.get(key, version, now, c.ttl); hit {
		return c.hit(st, data)
	}
	fk := flightKey{key, version}
	fl, leader := c.flights.join(fk)
	if leader {
		c.misses.Add(1)
		st.set(Miss)
		return c.compute(ctx, next, key, version, now, func(data []byte) { c.flights.finish(fk, fl, data) })
	}
	timer := time.NewTimer(maxWait)
	defer timer.Stop()
	select {
	case <-fl.done:
		if fl.data != nil {
			return c.hit(st, fl.data)
		}
	case <-timer.C:
		c.flights.abandon(fk, fl)
	case <-ctx.Done():
	}
	// No answer to share (errors, a slow or gone leader): compute our own.
	c.misses.Add(1)
	st.set(Miss)
	return c.compute(ctx, next, key, version, now, nil)
}

func (c *Cache) hit(st *status, data []byte) graphql.ResponseHandler {
	c.hits.Add(1)
	st.set(Hit)
	return graphql.OneShot(&graphql.Response{Data: data})
}

// compute runs the operation and stores a storable first answer under
// version; publish, when given, receives it (nil when not storable) for
// the requests waiting on this computation, whatever happens.
func (c *Cache) compute(ctx context.Context, next graphql.OperationHandler, key Key, version int64, now time.Time,
	publish func([]byte)) (handler graphql.ResponseHandler) {
	if publish != nil {
		defer func() {
			if handler == nil { // next panicked
				publish(nil)
			}
		}()
	}
	responses := next(ctx)
	first := true
	return func(ctx context.Context) *graphql.Response {
		if !first {
			return responses(ctx)
		}
		first = false
		var data []byte
		if publish != nil {
			defer func() { publish(data) }()
		}
		resp := responses(ctx)
		if storable(resp) {
			data = bytes.Clone(resp.Data)
			c.lru.put(key, version, data, now)
		}
		return resp
	}
}

// storable: a whole answer without errors or extensions (a deferred
// operation's first part says hasNext and is left out).
func storable(r *graphql.Response) bool {
	return r != nil && len(r.Errors) == 0 && len(r.Extensions) == 0 && r.HasNext == nil &&
		r.Label == "" && len(r.Path) == 0 && len(r.Data) > 0 && string(r.Data) != "null"
}

// key is the cache key of the operation in ctx, and whether it may be
// cached at all: queries of a logged-in viewer touching no denied root
// field. The key covers everything the answer depends on besides the data
// and the clock: who asks (every part of the viewer that access rules read),
// the query text, the operation name and the variables.
func (c *Cache) key(ctx context.Context) (Key, bool) {
	if c == nil {
		return Key{}, false
	}
	oc := graphql.GetOperationContext(ctx)
	v := auth.FromContext(ctx)
	if oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Query || v == nil {
		return Key{}, false
	}
	if deniedField(oc.Operation.SelectionSet, oc.Doc.Fragments, 0) {
		return Key{}, false
	}
	vars, err := json.Marshal(oc.Variables) // map keys come out sorted
	if err != nil {
		return Key{}, false
	}
	b := make([]byte, 0, 256+len(oc.RawQuery)+len(vars))
	b = append(b, "xn-respcache-1"...)
	b = binary.AppendVarint(b, int64(v.AccountID))
	b = appendString(b, string(v.Role))
	b = binary.AppendVarint(b, int64(v.StaffID))
	b = binary.AppendVarint(b, int64(v.DepartmentID))
	b = binary.AppendVarint(b, int64(v.TokenID))
	if v.AllDepartments {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendVarint(b, int64(len(v.Subtree)))
	for _, d := range v.Subtree {
		b = binary.AppendVarint(b, int64(d))
	}
	// nil scopes (a session: the whole role) differ from an empty list (a
	// token with no scope).
	if v.Scopes == nil {
		b = binary.AppendVarint(b, -1)
	} else {
		scopes := slices.Clone(v.Scopes)
		slices.Sort(scopes)
		b = binary.AppendVarint(b, int64(len(scopes)))
		for _, s := range scopes {
			b = appendString(b, s)
		}
	}
	b = appendString(b, oc.RawQuery)
	b = appendString(b, oc.OperationName)
	b = appendString(b, string(vars))
	return sha256.Sum256(b), true
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// deniedField reports whether a root field of set (fragments followed,
// whatever their @skip/@include) is on the deny list.
func deniedField(set ast.SelectionSet, frags ast.FragmentDefinitionList, depth int) bool {
	if depth > 32 {
		return true // fragment cycles fail validation; refuse to cache anyway
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if Deny[s.Name] {
				return true
			}
		case *ast.InlineFragment:
			if deniedField(s.SelectionSet, frags, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			f := frags.ForName(s.Name)
			if f == nil || deniedField(f.SelectionSet, frags, depth+1) {
				return true
			}
		}
	}
	return false
}
