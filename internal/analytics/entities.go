package analytics

import (
	"context"
	"slices"

	entsql "entgo.io/ent/dialect/sql"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/staff"
)

// refs collects the Departments and Staff that result rows refer to and
// loads them with one query per type for all rows (no N+1), with system
// rights: the viewer was authorised for the whole scope, and the names are
// part of the figures.
//
// What is read of them follows need (Refs): whole entities by default; only
// some columns when the caller says so; nothing at all when the caller reads
// only the id, which the figure rows already hold (and which the scope the
// viewer was authorised for already restricted).
type refs struct {
	d    []dref
	s    []sref
	need Refs
	// scope is set when the rows name every person of it: many staff are
	// then read by their departments instead of by a list of their ids.
	scope *scope
}

// Refs says what the caller reads of the Staff and Department that result
// rows refer to. The zero value loads them whole.
type Refs struct {
	Staff, Departments Need
}

// Need is what is read of one kind of entity.
type Need struct {
	// Partial: only Columns (ent column names) and the id are read; with no
	// column, no row is read at all and the entity carries its id alone.
	// Otherwise whole entities are loaded.
	Partial bool
	Columns []string
}

// idOnly: nothing but the id is read.
func (n Need) idOnly() bool { return n.Partial && len(n.Columns) == 0 }

// manyStaff is the number of staff references above which the scope's staff
// are read by their departments rather than by id (a variable for tests).
var manyStaff = 1000

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
	ctx = rule.System(ctx)
	if len(r.d) > 0 {
		by := make(map[int]*ent.Department, len(r.d))
		ids := make([]int, 0, len(r.d))
		for _, x := range r.d {
			ids = append(ids, x.id)
		}
		if r.need.Departments.idOnly() {
			for _, id := range ids {
				by[id] = &ent.Department{ID: id}
			}
		} else {
			q := client.Department.Query().Where(idsIn(department.FieldID, ids))
			if r.need.Departments.Partial {
				q.Select(r.need.Departments.Columns...) // sets the columns of q itself
			}
			ds, err := q.All(ctx)
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
		ids := make([]int, 0, len(r.s))
		for _, x := range r.s {
			ids = append(ids, x.id)
		}
		if r.need.Staff.idOnly() {
			for _, id := range ids {
				by[id] = &ent.Staff{ID: id}
			}
		} else {
			ss, err := r.staff(ctx, client, ids)
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

// staff reads the Staff of ids. Thousands of them that are the whole scope
// (a workload) are read as the staff of the scope's departments — their own
// or the one they are seconded to, which is how they came into the figures
// — in one pass over the table instead of thousands of index probes, and
// kept if referred to. A fraction of the scope (imbalance's flagged staff)
// is read by id: a pass over the scope would read far more rows.
func (r *refs) staff(ctx context.Context, client *ent.Client, ids []int) ([]*ent.Staff, error) {
	query := func() *ent.StaffQuery {
		q := client.Staff.Query()
		if r.need.Staff.Partial {
			q.Select(r.need.Staff.Columns...) // sets the columns of q itself
		}
		return q
	}
	if len(ids) <= manyStaff || r.scope == nil || len(r.scope.ids) == 0 {
		return query().Where(idsIn(staff.FieldID, ids)).All(ctx)
	}
	all, err := query().Where(staff.Or(idsIn(staff.FieldDepartmentID, r.scope.ids), idsIn(staff.FieldSecondedToID, r.scope.ids))).All(ctx)
	if err != nil {
		return nil, err
	}
	want := make(map[int]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	out := all[:0]
	for _, s := range all {
		if want[s.ID] {
			out = append(out, s)
			delete(want, s.ID)
		}
	}
	if len(want) > 0 { // not expected: read the rest by id
		rest := make([]int, 0, len(want))
		for id := range want {
			rest = append(rest, id)
		}
		more, err := query().Where(idsIn(staff.FieldID, rest)).All(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	return out, nil
}

// needDepartment reads one Department as need says (ctx has its rights).
func needDepartment(ctx context.Context, client *ent.Client, id int, need Need) (*ent.Department, error) {
	if need.idOnly() {
		return &ent.Department{ID: id}, nil
	}
	q := client.Department.Query().Where(department.ID(id))
	if need.Partial {
		q.Select(need.Columns...) // sets the columns of q itself
	}
	return q.Only(ctx)
}

// idsIn is `column IN (ids)` over the distinct ids (the store's driver
// sends a long list to PostgreSQL as one array).
func idsIn(column string, ids []int) func(*entsql.Selector) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	vs := make([]any, len(ids))
	for i, id := range ids {
		vs[i] = id
	}
	return func(s *entsql.Selector) { s.Where(entsql.In(s.C(column), vs...)) }
}
