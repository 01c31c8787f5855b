package analytics

import (
	"context"
	"slices"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/staff"
)

// refs collects the Departments and Staff that result rows refer to and
// loads them with one query per type for all rows (no N+1), with system
// rights: the viewer was authorised for the whole scope, and the names are
// part of the figures.
//
// A kind named in idOnly is not read at all: its rows get an entity that
// carries only the id, which comes from the figure rows themselves (already
// restricted to the scope the viewer was authorised for). Only the GraphQL
// layer sets it, when the query selects nothing of those entities but id.
type refs struct {
	d      []dref
	s      []sref
	idOnly IDOnly
}

// IDOnly names the kinds of referenced entity of which the caller reads the
// id alone. The zero value loads every referenced entity.
type IDOnly struct {
	Staff       bool
	Departments bool
}

type dref struct {
	id  int
	dst **ent.Department
}

type sref struct {
	id  int
	dst **ent.Staff
}

func (r *refs) dept(id int, dst **ent.Department) {
	if id != 0 {
		r.d = append(r.d, dref{id, dst})
	}
}

func (r *refs) person(id int, dst **ent.Staff) {
	if id != 0 {
		r.s = append(r.s, sref{id, dst})
	}
}

func (r *refs) load(ctx context.Context, client *ent.Client) error {
	ctx = system(ctx)
	if len(r.d) > 0 {
		by := make(map[int]*ent.Department, len(r.d))
		if r.idOnly.Departments {
			for _, x := range r.d {
				if by[x.id] == nil {
					by[x.id] = &ent.Department{ID: x.id}
				}
			}
		} else {
			ids := make([]int, 0, len(r.d))
			for _, x := range r.d {
				ids = append(ids, x.id)
			}
			ds, err := client.Department.Query().Where(idsIn(department.FieldID, ids)).All(ctx)
			if err != nil {
				return err
			}
			for _, d := range ds {
				by[d.ID] = d
			}
		}
		for _, x := range r.d {
			*x.dst = by[x.id]
		}
	}
	if len(r.s) > 0 {
		by := make(map[int]*ent.Staff, len(r.s))
		if r.idOnly.Staff {
			for _, x := range r.s {
				if by[x.id] == nil {
					by[x.id] = &ent.Staff{ID: x.id}
				}
			}
		} else {
			ids := make([]int, 0, len(r.s))
			for _, x := range r.s {
				ids = append(ids, x.id)
			}
			ss, err := client.Staff.Query().Where(idsIn(staff.FieldID, ids)).All(ctx)
			if err != nil {
				return err
			}
			for _, s := range ss {
				by[s.ID] = s
			}
		}
		for _, x := range r.s {
			*x.dst = by[x.id]
		}
	}
	return nil
}

// idsIn is `column IN (ids)` over the distinct ids. On PostgreSQL it is
// `column = ANY($1)` with the ids as one array: a workload of thousands of
// staff would otherwise send, parse and plan thousands of parameters.
func idsIn(column string, ids []int) func(*entsql.Selector) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return func(s *entsql.Selector) {
		if s.Dialect() != dialect.Postgres {
			vs := make([]any, len(ids))
			for i, id := range ids {
				vs[i] = id
			}
			s.Where(entsql.In(s.C(column), vs...))
			return
		}
		arr := make(pq.Int64Array, len(ids))
		for i, id := range ids {
			arr[i] = int64(id)
		}
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.WriteString(s.C(column)).WriteString(" = ANY(").Arg(arr).WriteString(")")
		}))
	}
}
