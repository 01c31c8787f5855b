// Package tasks is the task workflow (工作任务): creating tasks with a
// deadline (限时办结), assigning people and hours, accepting, transferring
// with a reason (首办 / 退单 / 转办, ping-pongs and late transfers recorded),
// status changes, hours, cancellation, and the frontline's requests filed
// from the responsibility list (fileRequest).
//
// Every operation validates its input first, then changes the rows, appends
// the TaskEvents and writes the audit row in one transaction. Who may do
// what is decided by the ent privacy rules (ent/rule/tasks.go); the few
// checks privacy cannot express are here, each with its reason.
//
// The first agency staff member who acts on a task (creates, accepts,
// assigns, transfers, changes its status or logs hours) becomes its first
// responder (首问责任人) and stays so.
package tasks

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskassignment"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/org"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
)

// Limits of free text and numbers.
const (
	MaxTitle       = 200
	MaxDescription = 5000
	MaxReason      = 500
	MaxHours       = 10000 // hours of one assignment or one logHours call
	MaxAssignees   = 100
	// A task spans at most five years (a five-year plan's project): its
	// load is spread over every week of its span, by every assignee, in the
	// rollup written with the change.
	MaxSpanYears = 5
	MaxDueDays   = 1250 // dueInWorkingDays: five years of working days
)

// now is the clock (a variable for tests of the domain package).
var now = time.Now

// Spec describes a task to create (CreateInTx).
type Spec struct {
	Title       string
	Description string
	Kind        task.Kind
	Priority    task.Priority // "" means NORMAL
	StartAt     time.Time     // zero means now
	// Exactly one of DueAt and DueInWorkingDays: a deadline, or a number of
	// working days (≥ 1) after StartAt counted on the agency calendar
	// (workcal: due at midnight after the n-th working day).
	DueAt                time.Time
	DueInWorkingDays     int
	LeadDepartmentID     int   // an AGENCY department
	CoDepartmentIDs      []int // AGENCY departments other than the lead
	RequestingUnitID     int   // 0: none; else a FRONTLINE unit
	ResponsibilityItemID int   // 0: none
	CostEstimate         *float64
	// CreatedByID is the staff member recorded as creator; 0 means the viewer's staff.
	CreatedByID int
	// Reason is stored on the CREATED event (e.g. "差评自动生成整改任务").
	Reason string
	// At is the creation time recorded (created_at, lead_received_at, the
	// CREATED event); zero means now. An anonymous rater's task records
	// only the day (internal/ratings).
	At time.Time
}

// CreateInTx creates a task and its CREATED event with tx (a transactional
// client) as the viewer in ctx: no audit row (the caller writes its own) and
// no privacy bypass for the writes (the caller's role must be allowed to
// create the task; FRONTLINE may create REQUEST and RECTIFICATION tasks of
// its own unit). Referenced rows are checked with system rights. Invalid
// specs give apperr errors whose fields are named as in CreateTaskInput
// ("input.title", "input.dueAt", …).
//
// Part of the package's stable API: the ratings workflow opens a
// rectification's task with it inside its own transaction.
func CreateInTx(ctx context.Context, tx *ent.Client, spec Spec) (*ent.Task, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	}
	if err := checkSpec(&spec); err != nil {
		return nil, err
	}
	if err := checkDepartment(ctx, tx, "input.leadDepartment", spec.LeadDepartmentID, department.KindAgency); err != nil {
		return nil, err
	}
	seen := map[int]bool{}
	var co []int
	for i, id := range spec.CoDepartmentIDs {
		field := fmt.Sprintf("input.coDepartments[%d]", i)
		if id == spec.LeadDepartmentID {
			return nil, apperr.BadInput(field, "牵头部门不能同时是配合部门 / the lead department cannot also be a co-department")
		}
		if seen[id] {
			continue
		}
		if err := checkDepartment(ctx, tx, field, id, department.KindAgency); err != nil {
			return nil, err
		}
		seen[id] = true
		co = append(co, id)
	}
	if spec.RequestingUnitID != 0 {
		if err := checkDepartment(ctx, tx, "input.requestingUnit", spec.RequestingUnitID, department.KindFrontline); err != nil {
			return nil, err
		}
	}
	if spec.ResponsibilityItemID != 0 {
		ok, err := tx.ResponsibilityItem.Get(rule.System(ctx), spec.ResponsibilityItemID)
		if ent.IsNotFound(err) || ok == nil {
			return nil, apperr.NotFoundf("input.responsibilityItem", "责任清单事项不存在 / no such responsibility item")
		}
		if err != nil {
			return nil, err
		}
	}
	at := now().UTC()
	if !spec.At.IsZero() {
		at = spec.At.UTC()
	}
	if spec.StartAt.IsZero() {
		spec.StartAt = at
	}
	if spec.DueInWorkingDays > 0 {
		cal, err := calendar.Load(ctx, tx)
		if err != nil {
			return nil, err
		}
		spec.DueAt = cal.AddWorkingDays(spec.StartAt, spec.DueInWorkingDays)
	}
	if !spec.DueAt.After(spec.StartAt) {
		return nil, apperr.BadInput("input.dueAt", "截止时间必须晚于开始时间 / dueAt must be after startAt")
	}
	if spec.DueAt.After(spec.StartAt.AddDate(MaxSpanYears, 0, 0)) {
		return nil, apperr.BadInput("input.dueAt", "任务跨度最长 %d 年 / a task spans at most %d years", MaxSpanYears, MaxSpanYears)
	}
	// Stored in UTC: the SQLite driver writes a time in a zone without a
	// name (an RFC 3339 "+08:00" from the API) in a form it cannot read back.
	spec.StartAt, spec.DueAt = spec.StartAt.UTC(), spec.DueAt.UTC()
	actor, agencyActor, err := actorOf(ctx, tx, v)
	if err != nil {
		return nil, err
	}
	c := tx.Task.Create().
		SetTitle(spec.Title).
		SetDescription(spec.Description).
		SetKind(spec.Kind).
		SetPriority(spec.Priority).
		SetStatus(task.StatusNew).
		SetStartAt(spec.StartAt).
		SetDueAt(spec.DueAt).
		SetLeadDepartmentID(spec.LeadDepartmentID).
		SetLeadReceivedAt(at).
		SetCreatedAt(at).SetUpdatedAt(at).
		SetNillableCostEstimate(spec.CostEstimate).
		AddCoDepartmentIDs(co...)
	if spec.RequestingUnitID != 0 {
		c.SetRequestingUnitID(spec.RequestingUnitID)
	}
	if spec.ResponsibilityItemID != 0 {
		c.SetResponsibilityItemID(spec.ResponsibilityItemID)
	}
	switch {
	case spec.CreatedByID != 0:
		c.SetCreatedByID(spec.CreatedByID)
	case actor != 0:
		c.SetCreatedByID(actor)
	}
	if agencyActor {
		c.SetFirstResponderID(actor)
	}
	t, err := c.Save(ctx)
	if err != nil {
		return nil, err
	}
	ev := tx.TaskEvent.Create().SetTaskID(t.ID).SetType(taskevent.TypeCreated).
		SetToDepartmentID(spec.LeadDepartmentID).SetToStatus(string(task.StatusNew)).
		SetReason(spec.Reason).SetAt(at)
	if actor != 0 {
		ev.SetActorID(actor)
	}
	if err := ev.Exec(ctx); err != nil {
		return nil, err
	}
	return t, nil
}

func checkSpec(s *Spec) error {
	s.Title = strings.TrimSpace(s.Title)
	if s.Title == "" {
		return apperr.BadInput("input.title", "标题不能为空 / title is required")
	}
	if utf8.RuneCountInString(s.Title) > MaxTitle {
		return apperr.BadInput("input.title", "标题最多 %d 个字 / title is longer than %d characters", MaxTitle, MaxTitle)
	}
	if utf8.RuneCountInString(s.Description) > MaxDescription {
		return apperr.BadInput("input.description", "描述最多 %d 个字 / description is longer than %d characters", MaxDescription, MaxDescription)
	}
	if err := task.KindValidator(s.Kind); err != nil {
		return apperr.BadInput("input.kind", "无效的任务类型 / invalid kind %q", s.Kind)
	}
	if s.Priority == "" {
		s.Priority = task.PriorityNormal
	}
	if err := task.PriorityValidator(s.Priority); err != nil {
		return apperr.BadInput("input.priority", "无效的优先级 / invalid priority %q", s.Priority)
	}
	hasAt, hasDays := !s.DueAt.IsZero(), s.DueInWorkingDays != 0
	if hasAt == hasDays {
		return apperr.BadInput("input.dueAt", "请给出 dueAt 或 dueInWorkingDays 之一（限时办结）/ give exactly one of dueAt and dueInWorkingDays")
	}
	if hasDays && (s.DueInWorkingDays < 1 || s.DueInWorkingDays > MaxDueDays) {
		return apperr.BadInput("input.dueInWorkingDays", "工作日数应在 1 到 %d 之间 / dueInWorkingDays must be between 1 and %d", MaxDueDays, MaxDueDays)
	}
	if s.CostEstimate != nil && (*s.CostEstimate < 0 || math.IsNaN(*s.CostEstimate) || math.IsInf(*s.CostEstimate, 0)) {
		return apperr.BadInput("input.costEstimate", "费用不能为负 / costEstimate must not be negative")
	}
	return nil
}

// checkDepartment: department id exists (else NOT_FOUND on field), is open
// (a closed one takes no new work: CONFLICT) and is of kind.
func checkDepartment(ctx context.Context, c *ent.Client, field string, id int, kind department.Kind) error {
	d, err := c.Department.Get(rule.System(ctx), id)
	if ent.IsNotFound(err) {
		return apperr.NotFoundf(field, "部门不存在 / no such department")
	}
	if err != nil {
		return err
	}
	if err := org.CheckOpen(field, d); err != nil {
		return err
	}
	if d.Kind != kind {
		if kind == department.KindAgency {
			return apperr.BadInput(field, "%s 是一线单位，须为机关部门 / %s is a frontline unit; an agency department is required", d.Name, d.Name)
		}
		return apperr.BadInput(field, "%s 是机关部门，须为一线单位 / %s is an agency department; a frontline unit is required", d.Name, d.Name)
	}
	return nil
}

// actorOf returns the viewer's staff (0 if none) and whether it counts as
// agency staff for the first-responder rule: an agency role (not FRONTLINE)
// whose staff member belongs to an AGENCY department.
func actorOf(ctx context.Context, c *ent.Client, v *auth.Viewer) (int, bool, error) {
	if v == nil || v.StaffID == 0 {
		return 0, false, nil
	}
	if v.Role == auth.RoleFrontline || v.DepartmentID == 0 {
		return v.StaffID, false, nil
	}
	ok, err := c.Department.Query().Where(department.ID(v.DepartmentID), department.KindEQ(department.KindAgency)).Exist(rule.System(ctx))
	if err != nil {
		return 0, false, err
	}
	return v.StaffID, ok, nil
}

// CreateInput is createTask's input (GraphQL CreateTaskInput).
type CreateInput struct {
	Title              string
	Description        *string
	Kind               task.Kind
	Priority           *task.Priority
	StartAt            *time.Time
	DueAt              *time.Time
	DueInWorkingDays   *int
	LeadDepartment     int
	CoDepartments      []int
	RequestingUnit     *int
	ResponsibilityItem *int
	CostEstimate       *float64
}

// Create is createTask: an agency user creates a task (LEADER/STAFF: led by
// a department of their subtree), with its CREATED event and audit row.
func Create(ctx context.Context, client *ent.Client, in CreateInput) (*ent.Task, error) {
	spec := Spec{
		Title:            in.Title,
		Kind:             in.Kind,
		LeadDepartmentID: in.LeadDepartment,
		CoDepartmentIDs:  in.CoDepartments,
		CostEstimate:     in.CostEstimate,
	}
	if in.Description != nil {
		spec.Description = strings.TrimSpace(*in.Description)
	}
	if in.Priority != nil {
		spec.Priority = *in.Priority
	}
	if in.StartAt != nil {
		spec.StartAt = *in.StartAt
	}
	if in.DueAt != nil {
		spec.DueAt = *in.DueAt
		if spec.DueAt.IsZero() {
			return nil, apperr.BadInput("input.dueAt", "无效的截止时间 / invalid dueAt")
		}
	}
	if in.DueInWorkingDays != nil {
		spec.DueInWorkingDays = *in.DueInWorkingDays
		if spec.DueInWorkingDays == 0 {
			return nil, apperr.BadInput("input.dueInWorkingDays", "工作日数应在 1 到 %d 之间 / dueInWorkingDays must be between 1 and %d", MaxDueDays, MaxDueDays)
		}
	}
	if in.RequestingUnit != nil {
		spec.RequestingUnitID = *in.RequestingUnit
	}
	if in.ResponsibilityItem != nil {
		spec.ResponsibilityItemID = *in.ResponsibilityItem
	}
	if err := checkSpec(&spec); err != nil {
		return nil, err
	}
	// createTask is agency work. Privacy lets FRONTLINE create request and
	// rectification tasks of its own unit (fileRequest, submitRating), which
	// it cannot tell from a createTask call: refuse the operation here.
	if v := auth.FromContext(ctx); v != nil && v.Role == auth.RoleFrontline {
		return nil, apperr.Forbiddenf("一线单位请通过“找谁办”提交诉求 / frontline units file requests with fileRequest")
	}
	var t *ent.Task
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		if t, err = CreateInTx(ctx, tx, spec); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create_task", "task", t.ID, map[string]any{
			"title": t.Title, "kind": t.Kind, "leadDepartment": t.LeadDepartmentID, "dueAt": t.DueAt,
		})
	})
	if err != nil {
		return nil, err
	}
	return reload(ctx, client, t.ID)
}

// reload reads the task after its transaction committed (entities read in
// a transaction cannot load their edges afterwards). The row itself is read
// with system rights: a task the viewer just transferred out of their scope
// is still shown to them once; its edges go through privacy as usual.
func reload(ctx context.Context, client *ent.Client, id int) (*ent.Task, error) {
	return client.Task.Get(rule.System(ctx), id)
}

// op runs one change of task id in a transaction: it loads the task as the
// viewer (NOT_FOUND when it does not exist, FORBIDDEN when it exists but is
// not visible), calls fn, and writes the audit row fn describes.
func op(ctx context.Context, client *ent.Client, id int, fn func(o *opCtx) (action string, detail map[string]any, err error)) (*ent.Task, error) {
	v := auth.FromContext(ctx)
	if v == nil {
		return nil, apperr.New(apperr.Unauthenticated, "请先登录 / login required")
	}
	err := store.InTx(ctx, client, func(tx *ent.Client) error {
		t, err := tx.Task.Get(ctx, id)
		if ent.IsNotFound(err) {
			exists, err := tx.Task.Query().Where(task.ID(id)).Exist(rule.System(ctx))
			if err != nil {
				return err
			}
			if exists {
				return apperr.Forbiddenf("无权处理此任务 / this task is outside your scope")
			}
			return apperr.NotFoundf("id", "任务不存在 / no such task")
		}
		if err != nil {
			return err
		}
		actor, agencyActor, err := actorOf(ctx, tx, v)
		if err != nil {
			return err
		}
		o := &opCtx{ctx: ctx, tx: tx, v: v, t: t, actor: actor, agencyActor: agencyActor, at: now().UTC()}
		action, detail, err := fn(o)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, action, "task", id, detail)
	})
	if err != nil {
		return nil, err
	}
	return reload(ctx, client, id)
}

type opCtx struct {
	ctx         context.Context
	tx          *ent.Client
	v           *auth.Viewer
	t           *ent.Task // as loaded before the change
	actor       int       // viewer's staff, 0 if none
	agencyActor bool
	at          time.Time
}

// update starts the task's update, guarded by the status and lead
// department read (a concurrent change makes it fail with CONFLICT instead
// of being overwritten), and makes the actor the first responder when the
// task has none.
func (o *opCtx) update() *ent.TaskUpdateOne {
	u := o.tx.Task.UpdateOneID(o.t.ID).
		Where(task.StatusEQ(o.t.Status), task.LeadDepartmentID(o.t.LeadDepartmentID))
	if o.t.FirstResponderID == nil && o.agencyActor {
		u.SetFirstResponderID(o.actor).Where(task.FirstResponderIDIsNil())
	}
	return u
}

// needsFirstResponder: an operation that does not otherwise change the task
// row still records the first responder.
func (o *opCtx) needsFirstResponder() bool { return o.t.FirstResponderID == nil && o.agencyActor }

func (o *opCtx) save(u *ent.TaskUpdateOne) error {
	err := u.Exec(o.ctx)
	if ent.IsNotFound(err) {
		return apperr.New(apperr.Conflict, "任务已被他人修改，请刷新后重试 / the task changed meanwhile; reload and retry")
	}
	return err
}

func (o *opCtx) event(typ taskevent.Type) *ent.TaskEventCreate {
	e := o.tx.TaskEvent.Create().SetTaskID(o.t.ID).SetType(typ).SetAt(o.at)
	if o.actor != 0 {
		e.SetActorID(o.actor)
	}
	return e
}

func closed(s task.Status) bool { return s == task.StatusDone || s == task.StatusCancelled }

func statusLabel(s task.Status) string {
	switch s {
	case task.StatusNew:
		return "待接收"
	case task.StatusAccepted:
		return "已接收"
	case task.StatusInProgress:
		return "办理中"
	case task.StatusDone:
		return "已办结"
	case task.StatusCancelled:
		return "已取消"
	}
	return string(s)
}

// reasonOf trims a required reason; blank → BAD_USER_INPUT on field.
func reasonOf(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", apperr.BadInput(field, "理由不能为空 / %s is required", field)
	}
	if utf8.RuneCountInString(s) > MaxReason {
		return "", apperr.BadInput(field, "理由最多 %d 个字 / %s is longer than %d characters", MaxReason, field, MaxReason)
	}
	return s, nil
}

// Accept is acceptTask: NEW → ACCEPTED by a staff member of the lead
// department (or a LEADER over it, or ADMIN), with an ACCEPTED event.
func Accept(ctx context.Context, client *ent.Client, id int) (*ent.Task, error) {
	return op(ctx, client, id, func(o *opCtx) (string, map[string]any, error) {
		if err := o.accept(); err != nil {
			return "", nil, err
		}
		return "accept_task", map[string]any{"leadDepartment": o.t.LeadDepartmentID}, nil
	})
}

func (o *opCtx) accept() error {
	if o.t.Status != task.StatusNew {
		return apperr.Conflictf("id", "任务%s，只能接收待接收(NEW)的任务 / only a NEW task can be accepted; it is %s", statusLabel(o.t.Status), o.t.Status)
	}
	// Privacy lets anyone assigned to the task change it; accepting is the
	// lead department's act (its staff or a leader over it), which privacy
	// cannot tell from other updates.
	if !o.v.IsAdmin() && !((o.v.Role == auth.RoleLeader || o.v.Role == auth.RoleStaff) && o.v.InSubtree(o.t.LeadDepartmentID)) {
		return apperr.Forbiddenf("只有牵头部门的人员可以接收任务 / only the lead department accepts a task")
	}
	if err := o.save(o.update().SetStatus(task.StatusAccepted)); err != nil {
		return err
	}
	return o.event(taskevent.TypeAccepted).
		SetFromStatus(string(task.StatusNew)).SetToStatus(string(task.StatusAccepted)).
		SetToDepartmentID(o.t.LeadDepartmentID).Exec(o.ctx)
}

// transitions are the legal status changes of updateTaskStatus.
var transitions = map[task.Status][]task.Status{
	task.StatusNew:        {task.StatusAccepted, task.StatusCancelled},
	task.StatusAccepted:   {task.StatusInProgress, task.StatusDone, task.StatusCancelled},
	task.StatusInProgress: {task.StatusDone, task.StatusCancelled},
}

// Legal reports whether from → to is a legal status change.
func Legal(from, to task.Status) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// UpdateStatus is updateTaskStatus. NEW → ACCEPTED is acceptTask; DONE sets
// completedAt; other changes append a STATUS_CHANGED event.
func UpdateStatus(ctx context.Context, client *ent.Client, id int, to task.Status) (*ent.Task, error) {
	if err := task.StatusValidator(to); err != nil {
		return nil, apperr.BadInput("status", "无效的状态 / invalid status %q", to)
	}
	return op(ctx, client, id, func(o *opCtx) (string, map[string]any, error) {
		from := o.t.Status
		if !Legal(from, to) {
			return "", nil, apperr.Conflictf("status", "不允许的状态变更：%s → %s / illegal status change %s → %s", statusLabel(from), statusLabel(to), from, to)
		}
		detail := map[string]any{"from": from, "to": to}
		if to == task.StatusAccepted {
			return "update_task_status", detail, o.accept()
		}
		u := o.update().SetStatus(to)
		if to == task.StatusDone {
			u.SetCompletedAt(o.at)
		}
		if err := o.save(u); err != nil {
			return "", nil, err
		}
		return "update_task_status", detail, o.event(taskevent.TypeStatusChanged).
			SetFromStatus(string(from)).SetToStatus(string(to)).Exec(o.ctx)
	})
}

// Cancel is cancelTask: an open task is cancelled with a reason.
func Cancel(ctx context.Context, client *ent.Client, id int, reason string) (*ent.Task, error) {
	reason, err := reasonOf("reason", reason)
	if err != nil {
		return nil, err
	}
	return op(ctx, client, id, func(o *opCtx) (string, map[string]any, error) {
		from := o.t.Status
		if closed(from) {
			return "", nil, apperr.Conflictf("id", "任务%s，不能取消 / a %s task cannot be cancelled", statusLabel(from), from)
		}
		if err := o.save(o.update().SetStatus(task.StatusCancelled).SetCancelReason(reason)); err != nil {
			return "", nil, err
		}
		return "cancel_task", map[string]any{"from": from, "reason": reason},
			o.event(taskevent.TypeStatusChanged).SetFromStatus(string(from)).
				SetToStatus(string(task.StatusCancelled)).SetReason(reason).Exec(o.ctx)
	})
}

// Transfer is transferTask: the holding department hands the task on to
// another agency department with a reason (退单 / 转办). The target becomes
// the lead department and receives it now (status back to NEW). A transfer
// to a department that held the task before is a ping-pong; one later than
// the hand-back window (settings HandBackDays working days after the
// holding department received it) is late.
func Transfer(ctx context.Context, client *ent.Client, id, to int, reason string) (*ent.Task, error) {
	reason, err := reasonOf("reason", reason)
	if err != nil {
		return nil, err
	}
	if err := checkDepartment(ctx, client, "toDepartment", to, department.KindAgency); err != nil {
		return nil, err
	}
	return op(ctx, client, id, func(o *opCtx) (string, map[string]any, error) {
		t := o.t
		if closed(t.Status) {
			return "", nil, apperr.Conflictf("id", "任务%s，不能转办 / a %s task cannot be transferred", statusLabel(t.Status), t.Status)
		}
		if to == t.LeadDepartmentID {
			return "", nil, apperr.Conflictf("toDepartment", "任务已在该部门 / the task is already held by this department")
		}
		held, err := o.tx.TaskEvent.Query().
			Where(taskevent.TaskID(t.ID), taskevent.TypeIn(taskevent.TypeCreated, taskevent.TypeTransferred),
				taskevent.Or(taskevent.FromDepartmentID(to), taskevent.ToDepartmentID(to))).
			Exist(rule.System(o.ctx))
		if err != nil {
			return "", nil, err
		}
		received := t.CreatedAt
		if t.LeadReceivedAt != nil {
			received = *t.LeadReceivedAt
		}
		cal, err := calendar.Load(o.ctx, o.tx)
		if err != nil {
			return "", nil, err
		}
		window := settings.Int(o.ctx, o.tx, settings.HandBackDays)
		late := !cal.WithinWorkingDays(received, o.at, window)

		// The event first: privacy allows it while the task is still held
		// by the viewer's department, which the update then changes.
		err = o.event(taskevent.TypeTransferred).
			SetFromDepartmentID(t.LeadDepartmentID).SetToDepartmentID(to).SetReason(reason).
			SetFromStatus(string(t.Status)).SetToStatus(string(task.StatusNew)).
			SetPingPong(held).SetLate(late).Exec(o.ctx)
		if err != nil {
			return "", nil, err
		}
		u := o.update().SetLeadDepartmentID(to).SetLeadReceivedAt(o.at).SetStatus(task.StatusNew).
			RemoveCoDepartmentIDs(to)
		return "transfer_task", map[string]any{
			"from": t.LeadDepartmentID, "to": to, "reason": reason, "pingPong": held, "late": late,
		}, o.save(u)
	})
}

// Assignee is one person of assignTask.
type Assignee struct {
	Staff int
	Hours float64
}

// Assign is assignTask: puts people on an open task with their expected
// hours (an existing assignment's hours are replaced), one ASSIGNED event each.
func Assign(ctx context.Context, client *ent.Client, id int, assignees []*Assignee) (*ent.Task, error) {
	if len(assignees) == 0 {
		return nil, apperr.BadInput("assignees", "至少指派一人 / at least one assignee is required")
	}
	if len(assignees) > MaxAssignees {
		return nil, apperr.BadInput("assignees", "一次最多指派 %d 人 / at most %d assignees at once", MaxAssignees, MaxAssignees)
	}
	names := map[int]string{}
	for i, a := range assignees {
		if err := checkHours(fmt.Sprintf("assignees[%d].hours", i), a.Hours); err != nil {
			return nil, err
		}
		field := fmt.Sprintf("assignees[%d].staff", i)
		if _, dup := names[a.Staff]; dup {
			return nil, apperr.BadInput(field, "同一人重复指派 / the same staff member is listed twice")
		}
		s, err := client.Staff.Get(rule.System(ctx), a.Staff)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf(field, "人员不存在 / no such staff member")
		}
		if err != nil {
			return nil, err
		}
		if !s.Active {
			return nil, apperr.BadInput(field, "%s 已停用 / %s is not active", s.Name, s.Name)
		}
		names[a.Staff] = s.Name
	}
	return op(ctx, client, id, func(o *opCtx) (string, map[string]any, error) {
		if closed(o.t.Status) {
			return "", nil, apperr.Conflictf("id", "任务%s，不能指派 / a %s task cannot be assigned", statusLabel(o.t.Status), o.t.Status)
		}
		detail := map[string]any{}
		for _, a := range assignees {
			existing, err := o.tx.TaskAssignment.Query().
				Where(taskassignment.TaskID(o.t.ID), taskassignment.StaffID(a.Staff)).Only(rule.System(o.ctx))
			switch {
			case ent.IsNotFound(err):
				err = o.tx.TaskAssignment.Create().SetTaskID(o.t.ID).SetStaffID(a.Staff).SetHours(a.Hours).Exec(o.ctx)
			case err == nil:
				err = o.tx.TaskAssignment.UpdateOneID(existing.ID).SetHours(a.Hours).Exec(o.ctx)
			}
			if err != nil {
				return "", nil, err
			}
			if err := o.event(taskevent.TypeAssigned).
				SetReason(fmt.Sprintf("指派：%s（%s 小时）", names[a.Staff], fmtHours(a.Hours))).Exec(o.ctx); err != nil {
				return "", nil, err
			}
			detail[fmt.Sprint(a.Staff)] = a.Hours
		}
		if o.needsFirstResponder() {
			if err := o.save(o.update()); err != nil {
				return "", nil, err
			}
		}
		return "assign_task", map[string]any{"hours": detail}, nil
	})
}

// LogHours is logHours: the viewer adds hours worked to their own
// assignment on the task (a COMMENTED event records it).
func LogHours(ctx context.Context, client *ent.Client, id int, hours float64) (*ent.Task, error) {
	if err := checkHours("hours", hours); err != nil {
		return nil, err
	}
	return op(ctx, client, id, func(o *opCtx) (string, map[string]any, error) {
		if o.actor == 0 {
			return "", nil, apperr.Conflictf("id", "你未被指派到此任务 / you are not assigned to this task")
		}
		a, err := o.tx.TaskAssignment.Query().
			Where(taskassignment.TaskID(o.t.ID), taskassignment.StaffID(o.actor)).Only(rule.System(o.ctx))
		if ent.IsNotFound(err) {
			return "", nil, apperr.Conflictf("id", "你未被指派到此任务 / you are not assigned to this task")
		}
		if err != nil {
			return "", nil, err
		}
		if err := o.tx.TaskAssignment.UpdateOneID(a.ID).AddActualHours(hours).Exec(o.ctx); err != nil {
			return "", nil, err
		}
		if err := o.event(taskevent.TypeCommented).
			SetReason(fmt.Sprintf("记录工时 %s 小时 / logged %s h", fmtHours(hours), fmtHours(hours))).Exec(o.ctx); err != nil {
			return "", nil, err
		}
		if o.needsFirstResponder() {
			if err := o.save(o.update()); err != nil {
				return "", nil, err
			}
		}
		return "log_hours", map[string]any{"hours": hours, "assignment": a.ID}, nil
	})
}

func checkHours(field string, h float64) error {
	if math.IsNaN(h) || h <= 0 || h > MaxHours {
		return apperr.BadInput(field, "工时须大于 0 且不超过 %d / hours must be > 0 and at most %d", MaxHours, MaxHours)
	}
	return nil
}

func fmtHours(h float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", h), "0"), ".")
}

// Timeline returns the task's events oldest first (ties by id), as the viewer.
func Timeline(ctx context.Context, t *ent.Task) ([]*ent.TaskEvent, error) {
	if evs, err := t.Edges.EventsOrErr(); err == nil {
		// eager-loaded (a page of tasks): still sort, they come in id order
		return sortEvents(evs), nil
	}
	return t.QueryEvents().Order(ent.Asc(taskevent.FieldAt), ent.Asc(taskevent.FieldID)).All(ctx)
}

func sortEvents(evs []*ent.TaskEvent) []*ent.TaskEvent {
	out := append([]*ent.TaskEvent{}, evs...) // never nil: timeline is a non-null list
	slices.SortStableFunc(out, func(a, b *ent.TaskEvent) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// Overdue: not DONE/CANCELLED and dueAt < now (DESIGN.md "Metrics").
func Overdue(t *ent.Task) bool { return !closed(t.Status) && t.DueAt.Before(now()) }

// WorkingDaysLeft is the number of working days from today to the task's
// last day (the day before dueAt's midnight for a working-day deadline): 0
// when due today, negative when overdue (at least −1 once dueAt has
// passed), nil for DONE and CANCELLED tasks. It reads the calendar through
// calendar.Cached, so a page of tasks costs one calendar query.
func WorkingDaysLeft(ctx context.Context, client *ent.Client, t *ent.Task) (*int, error) {
	if closed(t.Status) {
		return nil, nil
	}
	cal, err := calendar.Cached(ctx, client)
	if err != nil {
		return nil, err
	}
	n := cal.WorkingDaysBetween(now(), t.DueAt.Add(-time.Nanosecond))
	if Overdue(t) && n >= 0 {
		n = -1
	}
	return &n, nil
}
