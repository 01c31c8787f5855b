package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/ent/staffleave"
	"xiaoneng/ent/workcalendar"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/workcal"
)

// Rows per INSERT: well below SQLite's 32,766 and PostgreSQL's 65,535
// bind parameters for the widest entity (tasks, ~20 columns).
const batchSize = 500

func inBatches[T any](xs []T, f func([]T) error) error {
	for i := 0; i < len(xs); i += batchSize {
		if err := f(xs[i:min(i+batchSize, len(xs))]); err != nil {
			return err
		}
	}
	return nil
}

func nz(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (g *gen) write(ctx context.Context, c *ent.Client, hash string) (*Summary, error) {
	org := g.orgTime
	sum := &Summary{Seed: g.opt.Seed, Now: g.now, DataFrom: g.from, QuarterFrom: g.qFrom, QuarterTo: g.qTo, Planted: g.planted}

	// Departments: the root, then its children.
	rootRow, err := c.Department.Create().SetName(g.root.def.name).SetCode(g.root.def.code).
		SetKind(department.KindAgency).SetSortOrder(0).SetCreatedAt(org).SetUpdatedAt(org).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("departments: %w", err)
	}
	g.root.id = rootRow.ID
	var dcs []*ent.DepartmentCreate
	for _, d := range g.depts[1:] {
		kind := department.KindAgency
		if d.def.frontline {
			kind = department.KindFrontline
		}
		dcs = append(dcs, c.Department.Create().SetName(d.def.name).SetCode(d.def.code).SetKind(kind).
			SetParentID(g.root.id).SetVisitQuotaPerYear(d.def.quota).SetSortOrder(d.sort).
			SetCreatedAt(org).SetUpdatedAt(org))
	}
	drows, err := c.Department.CreateBulk(dcs...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("departments: %w", err)
	}
	for i, r := range drows {
		g.depts[i+1].id = r.ID
	}
	sum.Departments = len(g.depts)

	// Staff, then their mentors.
	err = inBatches(g.people, func(ps []*person) error {
		var bs []*ent.StaffCreate
		for _, p := range ps {
			b := c.Staff.Create().SetName(p.name).SetEmployeeNo(p.empNo).SetPosition(p.pos).SetRank(p.rank).
				SetDepartmentID(p.dept.id).SetWeeklyCapacityHours(p.capacity).SetActive(true).
				SetCreatedAt(org).SetUpdatedAt(org)
			if p.secondedTo != nil {
				b.SetSecondedToID(p.secondedTo.id).SetSecondmentFrom(p.secFrom).SetSecondmentTo(p.secTo)
			}
			bs = append(bs, b)
		}
		rows, err := c.Staff.CreateBulk(bs...).Save(ctx)
		for i, r := range rows {
			ps[i].id = r.ID
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("staff: %w", err)
	}
	for _, p := range g.people {
		if p.mentor != nil {
			if err := c.Staff.UpdateOneID(p.id).SetMentorID(p.mentor.id).SetUpdatedAt(org).Exec(ctx); err != nil {
				return nil, fmt.Errorf("staff mentors: %w", err)
			}
		}
	}
	sum.Staff = len(g.people)

	// Accounts.
	var acs []*ent.AccountCreate
	for _, a := range g.accounts {
		acs = append(acs, c.Account.Create().SetLogin(a.login).SetPasswordHash(hash).SetRole(a.role).
			SetStaffID(a.p.id).SetDemo(true).SetCreatedAt(org).SetUpdatedAt(org))
		sum.DemoAccounts = append(sum.DemoAccounts, DemoAccount{Login: a.login, Role: a.role, StaffName: a.p.name,
			Department: a.p.dept.def.name})
	}
	if err := c.Account.CreateBulk(acs...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("accounts: %w", err)
	}
	sum.Accounts = len(g.accounts)

	// Responsibility list.
	var ics []*ent.ResponsibilityItemCreate
	for _, it := range g.items {
		d := it.def
		b := c.ResponsibilityItem.Create().SetList(responsibilityitem.List(it.def.list)).SetTitle(d.title).
			SetCategoryPath(d.path).SetKeywords(d.keywords).SetSynonyms(d.synonyms).SetRespondWithinHours(d.respondHours).
			SetResolveWithinDays(d.resolveDays).SetCommitment(d.commitment).SetLegalBasis(d.legal).
			SetContact(d.contact).SetCreatedAt(org).SetUpdatedAt(org)
		if it.resp != nil {
			b.SetResponsibleDepartmentID(it.resp.id)
		}
		if it.lead != nil {
			b.SetLeadDepartmentID(it.lead.id)
		}
		ics = append(ics, b)
	}
	irows, err := c.ResponsibilityItem.CreateBulk(ics...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("responsibility items: %w", err)
	}
	for i, r := range irows {
		g.items[i].id = r.ID
	}
	sum.ResponsibilityItems = len(g.items)
	var sgs []*ent.SynonymGroupCreate
	for _, sg := range synonymGroups {
		sgs = append(sgs, c.SynonymGroup.Create().SetTerms(sg.terms).SetNote(sg.note).SetCreatedAt(org).SetUpdatedAt(org))
	}
	if err := c.SynonymGroup.CreateBulk(sgs...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("synonym groups: %w", err)
	}

	// Tasks with their co-departments.
	err = inBatches(g.tasks, func(ts []*tsk) error {
		var bs []*ent.TaskCreate
		for _, t := range ts {
			b := c.Task.Create().SetTitle(t.title).SetDescription(t.desc).SetKind(t.kind).SetPriority(t.prio).
				SetStatus(t.status).SetStartAt(t.start).SetDueAt(t.due).SetNillableCompletedAt(nz(t.completed)).
				SetLeadDepartmentID(t.lead.id).SetLeadReceivedAt(maxTime(t.leadReceived, t.created)).
				SetCancelReason(t.cancelReason).SetCreatedAt(t.created).SetUpdatedAt(t.updated)
			if t.hasCost {
				b.SetCostEstimate(t.costEst)
				if t.status == "DONE" {
					b.SetCostActual(t.costAct)
				}
			}
			if t.unit != nil {
				b.SetRequestingUnitID(t.unit.id)
			}
			if t.first != nil {
				b.SetFirstResponderID(t.first.id)
			}
			if t.item != nil {
				b.SetResponsibilityItemID(t.item.id)
			}
			if t.createdBy != nil {
				b.SetCreatedByID(t.createdBy.id)
			}
			for _, d := range t.co {
				b.AddCoDepartmentIDs(d.id)
			}
			bs = append(bs, b)
		}
		rows, err := c.Task.CreateBulk(bs...).Save(ctx)
		for i, r := range rows {
			ts[i].id = r.ID
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	sum.Tasks = len(g.tasks)

	type asgRow struct {
		t *tsk
		a *asg
	}
	type evtRow struct {
		t *tsk
		e *evt
	}
	var ars []asgRow
	var ers []evtRow
	for _, t := range g.tasks {
		for _, a := range t.assigns {
			ars = append(ars, asgRow{t, a})
		}
		for _, e := range t.events {
			ers = append(ers, evtRow{t, e})
		}
	}
	err = inBatches(ars, func(rs []asgRow) error {
		var bs []*ent.TaskAssignmentCreate
		for _, r := range rs {
			bs = append(bs, c.TaskAssignment.Create().SetTaskID(r.t.id).SetStaffID(r.a.p.id).SetHours(r.a.hours).
				SetActualHours(r.a.actual).SetCreatedAt(r.t.created).SetUpdatedAt(r.t.updated))
		}
		return c.TaskAssignment.CreateBulk(bs...).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("task assignments: %w", err)
	}
	sum.TaskAssignments = len(ars)
	err = inBatches(ers, func(rs []evtRow) error {
		var bs []*ent.TaskEventCreate
		for _, r := range rs {
			e := r.e
			b := c.TaskEvent.Create().SetTaskID(r.t.id).SetType(e.typ).SetReason(e.reason).
				SetFromStatus(e.fromStatus).SetToStatus(e.toStatus).SetPingPong(e.ping).SetLate(e.late).SetAt(e.at)
			if e.actor != nil {
				b.SetActorID(e.actor.id)
			}
			if e.from != nil {
				b.SetFromDepartmentID(e.from.id)
			}
			if e.to != nil {
				b.SetToDepartmentID(e.to.id)
			}
			bs = append(bs, b)
		}
		return c.TaskEvent.CreateBulk(bs...).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("task events: %w", err)
	}
	sum.TaskEvents = len(ers)

	// Visits.
	err = inBatches(g.visits, func(vs []*visit) error {
		var bs []*ent.ServiceVisitCreate
		for _, v := range vs {
			upd := maxTime(v.at, v.confirmedAt)
			b := c.ServiceVisit.Create().SetDepartmentID(v.d.id).SetStaffID(v.p.id).SetUnitID(v.unit.id).
				SetVisitedAt(v.at).SetPurpose(v.purpose).SetProblemsSolved(v.solved).SetNotes(v.notes).
				SetConfirmed(v.confirmed).SetNillableConfirmedAt(nz(v.confirmedAt)).
				SetCreatedAt(v.at).SetUpdatedAt(upd)
			if v.confirmedBy != nil {
				b.SetConfirmedByID(v.confirmedBy.id)
			}
			bs = append(bs, b)
		}
		rows, err := c.ServiceVisit.CreateBulk(bs...).Save(ctx)
		for i, r := range rows {
			vs[i].id = r.ID
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("service visits: %w", err)
	}
	sum.ServiceVisits = len(g.visits)

	// Ratings and their rectifications.
	err = inBatches(g.ratings, func(rs []*rate) error {
		var bs []*ent.RatingCreate
		for _, r := range rs {
			upd := r.at
			if !r.appealDecided.IsZero() {
				upd = r.appealDecided
			}
			b := c.Rating.Create().SetRaterKey(raterkey.For(g.opt.RaterSecret, r.rater.id, r.anon)).SetRaterUnitID(r.unit.id).
				SetTargetDepartmentID(r.target.id).SetScore(r.score).SetResponsiveness(r.resp).
				SetResolution(r.resol).SetAttitude(r.att).SetComment(r.comment).SetAnonymous(r.anon).
				SetAppealStatus(r.appeal).SetAppealReason(r.appealReason).SetAppealDecisionNote(r.appealNote).
				SetNillableAppealDecidedAt(nz(r.appealDecided)).SetCreatedAt(r.at).SetUpdatedAt(upd)
			if !r.anon {
				b.SetRaterID(r.rater.id)
			}
			if r.t != nil {
				b.SetTaskID(r.t.id)
			}
			if r.v != nil {
				b.SetVisitID(r.v.id)
			}
			bs = append(bs, b)
		}
		rows, err := c.Rating.CreateBulk(bs...).Save(ctx)
		for i, row := range rows {
			rs[i].id = row.ID
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("ratings: %w", err)
	}
	sum.Ratings = len(g.ratings)
	err = inBatches(g.rects, func(rs []*rect) error {
		var bs []*ent.RectificationCreate
		for _, rc := range rs {
			b := c.Rectification.Create().SetRatingID(rc.r.id).SetRaterKey(raterkey.For(g.opt.RaterSecret, rc.r.rater.id, rc.r.anon)).
				SetTaskID(rc.t.id).SetDepartmentID(rc.r.target.id).
				SetStatus(rc.status).SetDueAt(rc.due).SetAnswer(rc.answer).SetNillableAnsweredAt(nz(rc.answeredAt)).
				SetNillableJudgedAt(nz(rc.judgedAt)).SetReopenCount(rc.reopen).SetNillableClosedAt(nz(rc.closedAt)).
				SetCreatedAt(rc.t.created).SetUpdatedAt(rc.updated)
			if rc.verdict != "" {
				b.SetVerdict(rc.verdict)
			}
			bs = append(bs, b)
		}
		return c.Rectification.CreateBulk(bs...).Exec(ctx)
	})
	if err != nil {
		return nil, fmt.Errorf("rectifications: %w", err)
	}
	sum.Rectifications = len(g.rects)

	// Complaints and accountability.
	var ccs []*ent.ComplaintCreate
	for _, cp := range g.compls {
		b := c.Complaint.Create().SetTrackingCode(cp.code).SetAnonymous(cp.anon).SetComplainantName(cp.name).
			SetComplainantContact(cp.contact).SetCategory(cp.def.category).SetText(cp.def.text).SetStatus(cp.status).
			SetReceivedAt(cp.received).SetAcceptDueAt(cp.acceptDue).SetNillableResolveDueAt(nz(cp.resolveDue)).
			SetNillableDecidedAt(nz(cp.decided)).SetNillableResolvedAt(nz(cp.solved)).SetFindings(cp.findings).
			SetFeedback(cp.feedback).SetCreatedAt(cp.received).SetUpdatedAt(cp.updated)
		if cp.d != nil {
			b.SetDepartmentID(cp.d.id)
		}
		if cp.p != nil {
			b.SetStaffID(cp.p.id)
		}
		if cp.handler != nil {
			b.SetHandlerID(cp.handler.id)
		}
		ccs = append(ccs, b)
	}
	crows, err := c.Complaint.CreateBulk(ccs...).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("complaints: %w", err)
	}
	for i, r := range crows {
		g.compls[i].id = r.ID
	}
	sum.Complaints = len(g.compls)
	var abs []*ent.AccountabilityCreate
	for _, a := range g.accbs {
		b := c.Accountability.Create().SetComplaintID(a.c.id).SetMeasure(a.measure).SetDecidedBy(a.decidedBy).
			SetDecidedAt(a.at).SetCreatedAt(a.at).SetUpdatedAt(a.at)
		if a.p != nil {
			b.SetSubjectStaffID(a.p.id)
		}
		if a.d != nil {
			b.SetSubjectDepartmentID(a.d.id)
		}
		abs = append(abs, b)
	}
	if len(abs) > 0 {
		if err := c.Accountability.CreateBulk(abs...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("accountabilities: %w", err)
		}
	}
	sum.Accountabilities = len(abs)

	// Working-day calendar.
	var wcs []*ent.WorkCalendarCreate
	for _, r := range g.calRows {
		k := workcalendar.KindHoliday
		if r.kind == workcal.Workday {
			k = workcalendar.KindWorkday
		}
		wcs = append(wcs, c.WorkCalendar.Create().SetDay(r.day).SetKind(k).SetNote(r.note).
			SetCreatedAt(org).SetUpdatedAt(org))
	}
	if len(wcs) > 0 {
		if err := c.WorkCalendar.CreateBulk(wcs...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("work calendar: %w", err)
		}
	}
	sum.WorkCalendarDays = len(wcs)

	// Leave and business trips (请假/出差): a few of the agency's people.
	var lcs []*ent.StaffLeaveCreate
	for _, l := range g.leaves() {
		lcs = append(lcs, c.StaffLeave.Create().SetStaffID(l.p.id).SetKind(l.kind).
			SetStartsAt(l.from).SetEndsAt(l.to).SetNote(l.note).SetCreatedAt(org).SetUpdatedAt(org))
	}
	if err := c.StaffLeave.CreateBulk(lcs...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("staff leave: %w", err)
	}
	sum.StaffLeaves = len(lcs)
	return sum, nil
}

type leave struct {
	p        *person
	kind     staffleave.Kind
	from, to time.Time // Asia/Shanghai midnights; [from, to)
	note     string
}

// leaves picks every eighth agency person (not the planted overloaded or
// idle ones, whose figures the analytics tests check) a leave or a trip of a
// few days in the data span. Its own random stream: the rest of the demo does
// not move.
func (g *gen) leaves() []leave {
	r := rand.New(rand.NewPCG(uint64(g.opt.Seed), 0x1EAFE))
	days := int(g.now.Sub(g.from).Hours()/24) - 7
	var out []leave
	for i, p := range g.people {
		if i%8 != 3 || p.dept.def.frontline || p.class == "overloaded" || p.class == "idle" {
			continue
		}
		from := time.Date(g.from.Year(), g.from.Month(), g.from.Day()+r.IntN(max(days, 1)), 0, 0, 0, 0, g.loc)
		l := leave{p: p, kind: staffleave.KindLeave, from: from, to: from.AddDate(0, 0, 1+r.IntN(3)), note: "事假"}
		if r.IntN(2) == 0 {
			l.kind, l.to, l.note = staffleave.KindTrip, from.AddDate(0, 0, 2+r.IntN(4)), "赴基层单位调研"
		}
		out = append(out, l)
	}
	return out
}
