package store

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/lib/pq"
)

// placeholders is "$from, $from+1, …" for n parameters, as ent writes them.
func placeholders(from, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(ps, ", ")
}

func ints(from, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}

func TestCollapseInLists(t *testing.T) {
	ten := ints(101, 10)
	arr := func(vs ...int64) any { a := pq.Int64Array(vs); return &a }
	tenArr := arr(101, 102, 103, 104, 105, 106, 107, 108, 109, 110)
	cases := []struct {
		name      string
		query     string
		args      []any
		wantQuery string // "" when the statement must be left alone
		wantArgs  []any
	}{
		{
			name:      "an eager load",
			query:     `SELECT "staff"."id", "staff"."name" FROM "staff" WHERE "staff"."id" IN (` + placeholders(1, 10) + `)`,
			args:      ten,
			wantQuery: `SELECT "staff"."id", "staff"."name" FROM "staff" WHERE "staff"."id" = ANY($1)`,
			wantArgs:  []any{tenArr},
		},
		{
			name: "parameters before and after are renumbered",
			query: `SELECT * FROM "tasks" WHERE "kind" = $1 AND "id" IN (` + placeholders(2, 10) +
				`) AND "due_at" < $12 LIMIT $13`,
			args:      append(append([]any{"MEETING"}, ten...), "2026-01-01", 50),
			wantQuery: `SELECT * FROM "tasks" WHERE "kind" = $1 AND "id" = ANY($2) AND "due_at" < $3 LIMIT $4`,
			wantArgs:  []any{"MEETING", tenArr, "2026-01-01", 50},
		},
		{
			name:      "two lists",
			query:     `SELECT * FROM "t" WHERE "a" IN (` + placeholders(1, 8) + `) OR "b" IN (` + placeholders(9, 9) + `)`,
			args:      append(ints(1, 8), ints(11, 9)...),
			wantQuery: `SELECT * FROM "t" WHERE "a" = ANY($1) OR "b" = ANY($2)`,
			wantArgs:  []any{arr(1, 2, 3, 4, 5, 6, 7, 8), arr(11, 12, 13, 14, 15, 16, 17, 18, 19)},
		},
		{
			name:      "a short list stays, a long one goes",
			query:     `SELECT * FROM "t" WHERE "a" IN ($1, $2) AND "b" IN (` + placeholders(3, 8) + `)`,
			args:      append([]any{1, 2}, ints(3, 8)...),
			wantQuery: `SELECT * FROM "t" WHERE "a" IN ($1, $2) AND "b" = ANY($3)`,
			wantArgs:  []any{1, 2, arr(3, 4, 5, 6, 7, 8, 9, 10)},
		},
		{
			name:  "NOT IN is left alone",
			query: `SELECT * FROM "t" WHERE "a" NOT IN (` + placeholders(1, 10) + `)`,
			args:  ten,
		},
		{
			name:  "strings are left alone",
			query: `SELECT * FROM "t" WHERE "a" IN (` + placeholders(1, 9) + `)`,
			args:  []any{"a", "b", "c", "d", "e", "f", "g", "h", "i"},
		},
		{
			name:  "a list mixing integers and others is left alone",
			query: `SELECT * FROM "t" WHERE "a" IN (` + placeholders(1, 9) + `)`,
			args:  append(ints(1, 8), nil),
		},
		{
			name:  "a subquery is left alone",
			query: `SELECT * FROM "t" WHERE "a" IN (SELECT "id" FROM "u" WHERE "k" = $1) AND "b" = $2`,
			args:  ints(1, 2),
		},
		{
			name:  "parameters out of order: left alone",
			query: `SELECT * FROM "t" WHERE "x" = $2 AND "a" IN (` + placeholders(3, 8) + `) AND "y" = $1`,
			args:  ints(1, 10),
		},
		{
			name:      "quoted text is copied as it is",
			query:     `SELECT 'IN ($9, $9)' AS "a IN ($1)" FROM "t" WHERE "a" IN (` + placeholders(1, 8) + `)`,
			args:      ints(1, 8),
			wantQuery: `SELECT 'IN ($9, $9)' AS "a IN ($1)" FROM "t" WHERE "a" = ANY($1)`,
			wantArgs:  []any{arr(1, 2, 3, 4, 5, 6, 7, 8)},
		},
		{
			name:  "a parameter missing its argument: left alone",
			query: `SELECT * FROM "t" WHERE "a" IN (` + placeholders(1, 8) + `) AND "b" = $9`,
			args:  ints(1, 8),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, args := arrayArgs(c.query, c.args)
			wantQ, wantA := c.wantQuery, c.wantArgs
			if wantQ == "" {
				wantQ, wantA = c.query, c.args
			}
			if q != wantQ {
				t.Errorf("query\n got %s\nwant %s", q, wantQ)
			}
			if !reflect.DeepEqual(args, wantA) {
				t.Errorf("args\n got %#v\nwant %#v", args, wantA)
			}
		})
	}
}
