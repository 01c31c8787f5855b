package analytics

import (
	"context"
	"slices"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/staff"
)

// refs collects the Departments and Staff that result rows refer to and
// loads them with one query per type for all rows (no N+1), with system
// rights: the viewer was authorised for the whole scope, and the names are
// part of the figures.
type refs struct {
	d []dref
	s []sref
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
		ids := make([]int, 0, len(r.d))
		for _, x := range r.d {
			ids = append(ids, x.id)
		}
		slices.Sort(ids)
		ds, err := client.Department.Query().Where(department.IDIn(slices.Compact(ids)...)).All(ctx)
		if err != nil {
			return err
		}
		by := make(map[int]*ent.Department, len(ds))
		for _, d := range ds {
			by[d.ID] = d
		}
		for _, x := range r.d {
			*x.dst = by[x.id]
		}
	}
	if len(r.s) > 0 {
		ids := make([]int, 0, len(r.s))
		for _, x := range r.s {
			ids = append(ids, x.id)
		}
		slices.Sort(ids)
		ss, err := client.Staff.Query().Where(staff.IDIn(slices.Compact(ids)...)).All(ctx)
		if err != nil {
			return err
		}
		by := make(map[int]*ent.Staff, len(ss))
		for _, s := range ss {
			by[s.ID] = s
		}
		for _, x := range r.s {
			*x.dst = by[x.id]
		}
	}
	return nil
}
