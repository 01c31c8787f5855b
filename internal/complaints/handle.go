package complaints

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/complaint"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
)

// Action is a handling step (GraphQL ComplaintAction).
type Action string

const (
	Accept      Action = "ACCEPT"      // RECEIVED → ACCEPTED (受理)
	Reject      Action = "REJECT"      // RECEIVED → REJECTED (不予受理; feedback required)
	Investigate Action = "INVESTIGATE" // ACCEPTED → INVESTIGATING (调查核实)
	Resolve     Action = "RESOLVE"     // INVESTIGATING → RESOLVED (办结; findings and feedback required)
)

// MarshalGQL writes the action as a GraphQL enum value.
func (a Action) MarshalGQL(w io.Writer) { fmt.Fprintf(w, "%q", string(a)) }

// UnmarshalGQL reads a GraphQL enum value.
func (a *Action) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("ComplaintAction must be a string")
	}
	if _, ok := steps[Action(s)]; !ok {
		return fmt.Errorf("%q is not a valid ComplaintAction", s)
	}
	*a = Action(s)
	return nil
}

// from and to of each action.
var steps = map[Action][2]complaint.Status{
	Accept:      {complaint.StatusReceived, complaint.StatusAccepted},
	Reject:      {complaint.StatusReceived, complaint.StatusRejected},
	Investigate: {complaint.StatusAccepted, complaint.StatusInvestigating},
	Resolve:     {complaint.StatusInvestigating, complaint.StatusResolved},
}

// AccountabilityInput records a measure (问责) decided on the complaint.
type AccountabilityInput struct {
	SubjectStaff      *int
	SubjectDepartment *int
	Measure           string
	DecidedBy         string
}

// HandleInput is handleComplaint's input (GraphQL HandleComplaintInput).
type HandleInput struct {
	Action         Action
	Findings       *string
	Feedback       *string
	Accountability *AccountabilityInput
}

func (in *HandleInput) validate() (findings, feedback string, err error) {
	if _, ok := steps[in.Action]; !ok {
		return "", "", apperr.BadInput("input.action", "未知的处理动作 / unknown action %q", in.Action)
	}
	findings, feedback = trimmed(in.Findings), trimmed(in.Feedback)
	if utf8.RuneCountInString(findings) > MaxFindings {
		return "", "", apperr.BadInput("input.findings", "调查结论过长 / findings are limited to %d characters", MaxFindings)
	}
	if utf8.RuneCountInString(feedback) > MaxFeedback {
		return "", "", apperr.BadInput("input.feedback", "反馈过长 / feedback is limited to %d characters", MaxFeedback)
	}
	switch in.Action {
	case Reject:
		if feedback == "" {
			return "", "", apperr.BadInput("input.feedback", "不予受理须向投诉人说明理由 / a rejection needs feedback to the complainant")
		}
	case Resolve:
		if findings == "" {
			return "", "", apperr.BadInput("input.findings", "办结须填写调查结论 / findings are required to resolve")
		}
		if feedback == "" {
			return "", "", apperr.BadInput("input.feedback", "办结须向投诉人反馈 / feedback to the complainant is required to resolve")
		}
	}
	if a := in.Accountability; a != nil {
		if in.Action != Resolve {
			return "", "", apperr.BadInput("input.accountability", "问责在办结时记录 / accountability is recorded when resolving")
		}
		a.Measure, a.DecidedBy = strings.TrimSpace(a.Measure), strings.TrimSpace(a.DecidedBy)
		if a.SubjectStaff == nil && a.SubjectDepartment == nil {
			return "", "", apperr.BadInput("input.accountability.subjectStaff", "请指明问责对象 / name the staff member and/or department held accountable")
		}
		if a.Measure == "" || utf8.RuneCountInString(a.Measure) > MaxMeasure {
			return "", "", apperr.BadInput("input.accountability.measure", "问责措施须填写（不超过 %d 字）/ measure is required (at most %d characters)", MaxMeasure, MaxMeasure)
		}
		if a.DecidedBy == "" || utf8.RuneCountInString(a.DecidedBy) > MaxDecider {
			return "", "", apperr.BadInput("input.accountability.decidedBy", "问责决定机关须填写（不超过 %d 字）/ decidedBy is required (at most %d characters)", MaxDecider, MaxDecider)
		}
	}
	return findings, feedback, nil
}

// Handle takes one handling step on complaint id (LEADER of its department's
// subtree — the agency leader all — or ADMIN, by the privacy rules). A
// step the current status does not allow is CONFLICT on input.action.
func (s *Service) Handle(ctx context.Context, id int, in HandleInput) (*ent.Complaint, error) {
	findings, feedback, err := in.validate()
	if err != nil {
		return nil, err
	}
	v := auth.FromContext(ctx)
	var out *ent.Complaint
	err = store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		c, err := tx.Complaint.Get(ctx, id)
		if ent.IsNotFound(err) {
			return apperr.NotFoundf("id", "投诉不存在 / no such complaint")
		}
		if err != nil {
			return err
		}
		step := steps[in.Action]
		if c.Status != step[0] {
			return apperr.Conflictf("input.action", "投诉当前为 %s，不能执行 %s / a %s complaint cannot be %s", c.Status, in.Action, c.Status, in.Action)
		}
		at := now()
		u := tx.Complaint.UpdateOneID(id).Where(complaint.StatusEQ(step[0])).SetStatus(step[1])
		if v != nil && v.StaffID != 0 {
			u.SetHandlerID(v.StaffID)
		}
		if findings != "" {
			u.SetFindings(findings)
		}
		if feedback != "" {
			u.SetFeedback(feedback)
		}
		switch in.Action {
		case Accept:
			due, err := resolveDue(ctx, tx, at)
			if err != nil {
				return err
			}
			u.SetDecidedAt(at).SetResolveDueAt(due)
		case Reject:
			u.SetDecidedAt(at)
		case Resolve:
			u.SetResolvedAt(at)
		}
		c, err = u.Save(ctx)
		if ent.IsNotFound(err) {
			return apperr.New(apperr.Conflict, "投诉已被他人处理，请刷新 / the complaint changed meanwhile; reload")
		}
		if err != nil {
			return err
		}
		detail := map[string]any{"action": string(in.Action), "status": string(c.Status)}
		if a := in.Accountability; a != nil {
			ab, err := s.accountability(ctx, tx, id, a, at)
			if err != nil {
				return err
			}
			detail["accountability"] = ab.ID
		}
		out = c
		return audit.Record(ctx, tx, "handle_complaint", "complaint", id, detail)
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

func resolveDue(ctx context.Context, tx *ent.Client, at time.Time) (time.Time, error) {
	cal, err := calendar.Load(ctx, tx)
	if err != nil {
		return time.Time{}, err
	}
	return cal.AddWorkingDays(at, settings.Int(ctx, tx, settings.ComplaintResolveDays)), nil
}

func (s *Service) accountability(ctx context.Context, tx *ent.Client, complaintID int, a *AccountabilityInput, at time.Time) (*ent.Accountability, error) {
	c := tx.Accountability.Create().SetComplaintID(complaintID).
		SetMeasure(a.Measure).SetDecidedBy(a.DecidedBy).SetDecidedAt(at).
		SetCreatedAt(at).SetUpdatedAt(at)
	if a.SubjectStaff != nil {
		if _, err := tx.Staff.Get(rule.System(ctx), *a.SubjectStaff); ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("input.accountability.subjectStaff", "人员不存在 / no such staff member")
		} else if err != nil {
			return nil, err
		}
		c.SetSubjectStaffID(*a.SubjectStaff)
	}
	if a.SubjectDepartment != nil {
		if _, err := tx.Department.Get(rule.System(ctx), *a.SubjectDepartment); ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("input.accountability.subjectDepartment", "部门不存在 / no such department")
		} else if err != nil {
			return nil, err
		}
		c.SetSubjectDepartmentID(*a.SubjectDepartment)
	}
	return c.Save(ctx)
}

// Overdue is "the complaint is late": RECEIVED past its acceptance deadline,
// or ACCEPTED/INVESTIGATING past its handling deadline.
func Overdue(c *ent.Complaint) bool {
	t := now()
	switch c.Status {
	case complaint.StatusReceived:
		return t.After(c.AcceptDueAt)
	case complaint.StatusAccepted, complaint.StatusInvestigating:
		return c.ResolveDueAt != nil && t.After(*c.ResolveDueAt)
	}
	return false
}

// MaxOverdue caps overdueComplaints (a plain list, not a connection).
const MaxOverdue = 500

// OverdueList is overdueComplaints: the late complaints the viewer may see
// (LEADER: their subtree, the agency leader all; ADMIN all), the oldest
// first. Other roles are refused by the privacy rules.
func OverdueList(ctx context.Context, client *ent.Client) ([]*ent.Complaint, error) {
	t := now()
	return client.Complaint.Query().Where(complaint.Or(
		complaint.And(complaint.StatusEQ(complaint.StatusReceived), complaint.AcceptDueAtLT(t)),
		complaint.And(complaint.StatusIn(complaint.StatusAccepted, complaint.StatusInvestigating), complaint.ResolveDueAtLT(t)),
	)).Order(ent.Asc(complaint.FieldReceivedAt), ent.Asc(complaint.FieldID)).Limit(MaxOverdue).All(ctx)
}
