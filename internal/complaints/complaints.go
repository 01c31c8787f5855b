// Package complaints is efficiency complaints (效能投诉): anyone files one
// without logging in and follows it by its tracking code (查询码), the only
// key to a complaint's status; leaders of the department complained about
// (the agency leader: all) and admins handle it within the deadlines of the
// settings — acceptance decided within ComplaintAcceptDays working days,
// handling within ComplaintResolveDays working days of acceptance — and may
// record accountability (问责).
//
// Status: RECEIVED → ACCEPTED | REJECTED; ACCEPTED → INVESTIGATING;
// INVESTIGATING → RESOLVED.
package complaints

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/complaint"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/org"
	"xiaoneng/internal/ratelimit"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
)

// Limits of the text inputs, in characters.
const (
	MaxText     = 5000
	MaxName     = 60
	MaxContact  = 100
	MaxFindings = 10000
	MaxFeedback = 5000
	MaxMeasure  = 500
	MaxDecider  = 100
	// MaxTrackingCode bounds a tracking code looked up (a code is
	// CodePrefix and 10 characters; the column holds 32).
	MaxTrackingCode = 32
	// CodePrefix starts every tracking code; 10 base32 characters follow
	// (50 random bits).
	CodePrefix = "XN-"
	// Filings and lookups per client address: a burst of 5, then 5 an hour.
	FilesPerHour   = 5
	LookupsPerHour = 60
)

// now is the clock (a variable for the package's tests).
var now = time.Now

// Service holds the per-address rate limits of the public operations.
type Service struct {
	Client  *ent.Client
	files   *ratelimit.Limiter
	lookups *ratelimit.Limiter
}

// New returns the complaint operations over client.
func New(client *ent.Client) *Service {
	return &Service{
		Client:  client,
		files:   ratelimit.New(FilesPerHour/3600.0, FilesPerHour),
		lookups: ratelimit.New(LookupsPerHour/3600.0, LookupsPerHour),
	}
}

func rateLimited() error {
	return apperr.New(apperr.RateLimited, "操作过于频繁，请稍后再试 / too many requests from your address; try again later")
}

// FileInput is fileComplaint's input (GraphQL FileComplaintInput).
type FileInput struct {
	Anonymous  *bool
	Name       *string
	Contact    *string
	Department *int
	Staff      *int
	Category   complaint.Category
	Text       string
}

func trimmed(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

// File records a complaint from anyone, logged in or not (rate-limited per
// client address), and returns it; its tracking code is the only key to
// its status. Anonymous unless a name is given with anonymous false; an
// anonymous complaint stores no name or contact. It is against an agency
// department and/or an agency staff member (the staff member's department
// when only they are named). The audit row names no actor.
func (s *Service) File(ctx context.Context, in FileInput) (*ent.Complaint, error) {
	text := strings.TrimSpace(in.Text)
	if text == "" {
		return nil, apperr.BadInput("input.text", "投诉内容不能为空 / text is required")
	}
	if utf8.RuneCountInString(text) > MaxText {
		return nil, apperr.BadInput("input.text", "投诉内容最多 %d 字 / text is limited to %d characters", MaxText, MaxText)
	}
	if err := complaint.CategoryValidator(in.Category); err != nil {
		return nil, apperr.BadInput("input.category", "未知的投诉类别 / unknown category %q", in.Category)
	}
	anonymous := in.Anonymous == nil || *in.Anonymous
	name, contact := trimmed(in.Name), trimmed(in.Contact)
	if anonymous {
		name, contact = "", ""
	} else if name == "" {
		return nil, apperr.BadInput("input.name", "实名投诉须填写姓名 / a named complaint needs a name")
	}
	if utf8.RuneCountInString(name) > MaxName {
		return nil, apperr.BadInput("input.name", "姓名最多 %d 字 / name is limited to %d characters", MaxName, MaxName)
	}
	if utf8.RuneCountInString(contact) > MaxContact {
		return nil, apperr.BadInput("input.contact", "联系方式最多 %d 字 / contact is limited to %d characters", MaxContact, MaxContact)
	}
	if in.Department == nil && in.Staff == nil {
		return nil, apperr.BadInput("input.department", "请指明被投诉的部门或人员 / name the department and/or the staff member complained about")
	}
	addr := audit.ClientAddr(ctx)
	if !s.files.Allow(ratelimit.AddrKey(addr)) {
		return nil, rateLimited()
	}
	// The public has no viewer for privacy to judge: reads of the named
	// department/staff and the insert run with system rights; the audit row
	// has no actor even for a logged-in caller (a complaint may be anonymous).
	sctx := rule.System(ctx)
	var deptID *int
	if in.Department != nil {
		d, err := s.Client.Department.Get(sctx, *in.Department)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("input.department", "部门不存在 / no such department")
		}
		if err != nil {
			return nil, err
		}
		if d.Kind != department.KindAgency {
			return nil, apperr.BadInput("input.department", "效能投诉针对机关部门 / complaints are about agency departments")
		}
		if err := org.CheckOpen("input.department", d); err != nil {
			return nil, err
		}
		deptID = &d.ID
	}
	var staffID *int
	if in.Staff != nil {
		st, err := s.Client.Staff.Get(sctx, *in.Staff)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("input.staff", "人员不存在 / no such staff member")
		}
		if err != nil {
			return nil, err
		}
		d, err := s.Client.Department.Get(sctx, st.DepartmentID)
		if err != nil {
			return nil, err
		}
		if d.Kind != department.KindAgency {
			return nil, apperr.BadInput("input.staff", "效能投诉针对机关人员 / complaints are about agency staff")
		}
		staffID = &st.ID
		if deptID == nil {
			deptID = &d.ID
		}
	}
	var out *ent.Complaint
	err := store.InTx(ctx, s.Client, func(tx *ent.Client) error {
		at := now()
		cal, err := calendar.Load(ctx, tx)
		if err != nil {
			return err
		}
		code, err := newCode()
		if err != nil {
			return err
		}
		c, err := tx.Complaint.Create().
			SetTrackingCode(code).SetAnonymous(anonymous).
			SetComplainantName(name).SetComplainantContact(contact).
			SetNillableDepartmentID(deptID).SetNillableStaffID(staffID).
			SetCategory(in.Category).SetText(text).SetStatus(complaint.StatusReceived).
			SetReceivedAt(at).
			SetAcceptDueAt(cal.AddWorkingDays(at, settings.Int(ctx, tx, settings.ComplaintAcceptDays))).
			SetClientAddr(addr).SetCreatedAt(at).SetUpdatedAt(at).
			Save(sctx)
		if err != nil {
			return err
		}
		out = c
		return audit.Record(auth.NewContext(ctx, nil), tx, "file_complaint", "complaint", c.ID,
			map[string]any{"category": string(in.Category), "department": deptID, "staff": staffID})
	})
	if err != nil {
		return nil, err
	}
	// Detach from the committed transaction: edges are resolved afterwards.
	return out.Unwrap(), nil
}

// newCode is "XN-" and 10 characters of crypto/rand base32 (50 bits): the
// code is the only key to a complaint, so it must not be guessable.
func newCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return CodePrefix + base32.StdEncoding.EncodeToString(b)[:10], nil
}

// ByTrackingCode returns the complaint with code, or nil (public;
// rate-limited per address). The caller exposes only PublicComplaint fields.
func (s *Service) ByTrackingCode(ctx context.Context, code string) (*ent.Complaint, error) {
	if !s.lookups.Allow(ratelimit.AddrKey(audit.ClientAddr(ctx))) {
		return nil, rateLimited()
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if utf8.RuneCountInString(code) > MaxTrackingCode {
		return nil, apperr.BadInput("code", "查询码最多 %d 个字符 / a tracking code has at most %d characters", MaxTrackingCode, MaxTrackingCode)
	}
	if code == "" {
		return nil, nil
	}
	c, err := s.Client.Complaint.Query().Where(complaint.TrackingCode(code)).Only(rule.System(ctx))
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return c, err
}
