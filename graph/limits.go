package graph

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"xiaoneng/internal/apperr"
)

const (
	// MaxPageSize caps first/last of every connection.
	MaxPageSize = 100
	// listFactor is the assumed length of a plain list field (an edge such as
	// a task's assignments) when estimating a query's cost.
	listFactor = 10
	// MaxComplexity is the largest estimated cost a query may have: a page of
	// 100 tasks with their departments, assignments and staff fits; a
	// 100 × 10 × 10 × 10 nested walk does not.
	MaxComplexity = 20000
	// MaxDepth is the deepest selection allowed outside introspection
	// (checked with the document's other limits, graph/budget.go).
	MaxDepth = 12
	// MaxNodes caps the ids of one nodes(ids:) call: a page's worth.
	MaxNodes = 100
	// analysisCost is the price of one analysis over an analytics window:
	// statements over every task, assignment, transfer or rating of the
	// window (10–90 ms of database time each on the large agency, see
	// docs/PERFORMANCE.md). With MaxComplexity a request runs fewer than 40
	// of them (each field costs its selections besides), a couple of seconds
	// of database time: every analytics field at once fits (22 analyses),
	// so do four cockpits (32), and five (40) do not.
	analysisCost = 500
)

// analyses is how many analyses over the window each analytics root field
// runs (graph/analytics.graphqls); the cockpit runs eight side by side.
// Every Query field taking a window must be listed (TestAnalyticsPriced).
var analyses = map[string]int{
	"cockpit": 8, "workload": 1, "imbalance": 1, "leadShare": 1, "buckPassing": 1, "onTime": 1,
	"meetingShare": 1, "satisfaction": 1, "visits": 1, "loadSeries": 1, "satisfactionSeries": 1,
	"onTimeSeries": 1, "staffLoad": 1, "pingPongTasks": 1, "departmentRatings": 1,
}

// costedSchema prices connections by their page size and lists by
// listFactor, so the complexity limit reflects how many rows a query can
// touch. entgql generates no such functions.
type costedSchema struct{ graphql.ExecutableSchema }

func (s costedSchema) Complexity(ctx context.Context, typeName, fieldName string, child int, args map[string]any) (int, bool) {
	def := s.Schema().Types[typeName]
	if def == nil {
		return 0, false
	}
	f := def.Fields.ForName(fieldName)
	if f == nil {
		return 0, false
	}
	cost := 1 + child
	switch {
	case isConnection(f.Type):
		cost = 1 + pageSize(args)*max(child, 1)
	case strings.HasSuffix(typeName, "Connection") && fieldName == "edges":
		cost = 1 + child // already multiplied by the connection's page size
	case fieldName == "nodes" && typeName == "Query":
		// the arguments as sent: a list of ID strings (capped by MaxNodes)
		ids, _ := args["ids"].([]any)
		cost = 1 + min(max(len(ids), 1), MaxNodes)*max(child, 1)
	case f.Type.Elem != nil:
		cost = 1 + listFactor*max(child, 1)
	}
	if typeName == "Query" {
		cost += analyses[fieldName] * analysisCost
	}
	return cost, true
}

// queryCanceled reports PostgreSQL's answer to a statement cancelled when
// the request's deadline passed (SQLSTATE 57014, query_canceled).
func queryCanceled(err error) bool {
	var pg interface{ SQLState() string }
	return errors.As(err, &pg) && pg.SQLState() == "57014"
}

func isConnection(t *ast.Type) bool {
	return t.Elem == nil && strings.HasSuffix(t.NamedType, "Connection")
}

// pageSize reads first/last as the complexity walk passes them: as
// written in the document (int64) or sent in the variables (json.Number).
func pageSize(args map[string]any) int {
	n := 0
	for _, k := range []string{"first", "last"} {
		var p int64
		switch v := args[k].(type) {
		case int64:
			p = v
		case int:
			p = int64(v)
		case json.Number:
			p, _ = v.Int64()
		}
		if p > int64(n) {
			n = int(min(p, MaxPageSize+1))
		}
	}
	if n <= 0 || n > MaxPageSize {
		n = MaxPageSize
	}
	return n
}

// checkPage refuses first/last outside 0…MaxPageSize with a clear
// BAD_USER_INPUT, and gives a connection asked for without either the
// default page of MaxPageSize. Every connection field is on Query and its
// resolver calls this before anything else (TestConnectionsCheckPageSize);
// as a field middleware the check ran around every field of every query.
func checkPage(first, last *int) (*int, error) {
	for _, a := range [...]struct {
		name string
		n    *int
	}{{"first", first}, {"last", last}} {
		if a.n != nil && (*a.n < 0 || *a.n > MaxPageSize) {
			return nil, apperr.BadInput(a.name, "page size must be between 0 and %d, got %d", MaxPageSize, *a.n)
		}
	}
	if first == nil && last == nil {
		n := MaxPageSize
		return &n, nil
	}
	return first, nil
}
