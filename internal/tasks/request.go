package tasks

import (
	"context"
	"log/slog"
	"strings"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/settings"
	"xiaoneng/internal/store"
)

// titleSnippet is how much of the description goes into a request's title.
const titleSnippet = 30

// OfficeName is the name of the department that receives requests no item
// covers when the setting requests.default_department is unset: the
// agency's general office (办公室), which by custom takes what has no other
// place.
const OfficeName = "办公室"

// FileRequest is fileRequest (一线诉求): a frontline user, for their own
// unit, asks the agency to handle something. With an item of the
// responsibility list it opens a REQUEST task led by the item's responsible
// department, due after the item's committed resolve-within working days.
// A request no item covers — no item given, or an item nobody is
// responsible for yet (职责空白) — is not refused: it goes, unassigned, to
// the default receiving department (DefaultDepartment), due after
// deadlines.request_resolve_days working days (an unowned item: its own
// commitment), and the CREATED event says why. Whoever there acts on it
// first becomes its first responder and hands it on (transferTask) if it
// belongs elsewhere. A retired item is CONFLICT: the filer searches again.
func FileRequest(ctx context.Context, client *ent.Client, itemID *int, description string) (*ent.Task, error) {
	description = strings.TrimSpace(description)
	if description == "" {
		return nil, apperr.BadInput("description", "请描述需要办理的事项 / description is required")
	}
	if utf8.RuneCountInString(description) > MaxDescription {
		return nil, apperr.BadInput("description", "描述最多 %d 个字 / description is longer than %d characters", MaxDescription, MaxDescription)
	}
	// Filing a request is the frontline's act for its own unit. Privacy
	// lets ADMIN create any task, so the role is checked here.
	v := auth.FromContext(ctx)
	if v == nil || v.Role != auth.RoleFrontline {
		return nil, apperr.Forbiddenf("只有一线单位可以提交诉求 / only frontline units file requests")
	}
	unit, err := client.Department.Query().Where(department.ID(v.DepartmentID), department.KindEQ(department.KindFrontline)).Exist(rule.System(ctx))
	if err != nil {
		return nil, err
	}
	if !unit {
		return nil, apperr.Forbiddenf("你的账号不属于一线单位 / your account belongs to no frontline unit")
	}
	var item *ent.ResponsibilityItem
	if itemID != nil {
		item, err = client.ResponsibilityItem.Get(rule.System(ctx), *itemID)
		if ent.IsNotFound(err) {
			return nil, apperr.NotFoundf("item", "责任清单事项不存在 / no such responsibility item")
		}
		if err != nil {
			return nil, err
		}
		if item.RetiredAt != nil {
			return nil, apperr.Conflictf("item", "“%s”已停用，请重新查找 / this item is retired: search again", item.Title)
		}
	}
	spec := Spec{
		Description:      description,
		Kind:             task.KindRequest,
		RequestingUnitID: v.DepartmentID,
	}
	routed := ""
	switch {
	case item != nil && item.ResponsibleDepartmentID != nil:
		spec.Title = requestTitle(item.Title, description)
		spec.DueInWorkingDays = item.ResolveWithinDays
		spec.LeadDepartmentID = *item.ResponsibleDepartmentID
	case item != nil:
		routed = "unowned item"
		spec.Title = requestTitle(item.Title, description)
		spec.DueInWorkingDays = item.ResolveWithinDays
		spec.Reason = "“" + item.Title + "”尚未明确责任部门（职责空白），由默认受理部门接收 / no department is responsible for the item yet: received by the default department"
	default:
		routed = "no item"
		spec.Title = requestTitle("一线诉求", description)
		spec.DueInWorkingDays = max(1, min(settings.Int(ctx, client, settings.RequestResolveDays), MaxDueDays))
		spec.Reason = "无对应的责任清单事项，由默认受理部门接收 / no responsibility item covers it: received by the default department"
	}
	if item != nil {
		spec.ResponsibilityItemID = item.ID
	}
	if routed != "" {
		if spec.LeadDepartmentID, err = DefaultDepartment(ctx, client); err != nil {
			return nil, err
		}
	}
	var t *ent.Task
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		if t, err = CreateInTx(ctx, tx, spec); err != nil {
			return err
		}
		detail := map[string]any{"leadDepartment": t.LeadDepartmentID, "requestingUnit": v.DepartmentID, "dueAt": t.DueAt}
		if item != nil {
			detail["item"] = item.ID
		}
		if routed != "" {
			detail["defaultDepartment"] = routed
		}
		return audit.Record(ctx, tx, "file_request", "task", t.ID, detail)
	})
	if err != nil {
		return nil, err
	}
	return reload(ctx, client, t.ID)
}

// DefaultDepartment is the agency department that receives requests no
// item covers: the department of the setting requests.default_department
// when it names an agency department, else the one agency department named
// 办公室 (OfficeName). With neither, filing such a request is CONFLICT
// (the administrator must set the setting); the frontline is told to
// choose an item or call the agency.
func DefaultDepartment(ctx context.Context, client *ent.Client) (int, error) {
	sys := rule.System(ctx)
	if id := settings.DepartmentID(ctx, client, settings.DefaultDepartment); id != 0 {
		d, err := client.Department.Get(sys, id)
		switch {
		case err == nil && d.Kind == department.KindAgency && d.ClosedAt == nil:
			return d.ID, nil
		case err != nil && !ent.IsNotFound(err):
			return 0, err
		}
		// A department closed or merged since: fall back, and say so in the log.
		slog.WarnContext(ctx, "requests.default_department names no agency department; using 办公室", "department", id)
	}
	offices, err := client.Department.Query().
		Where(department.Name(OfficeName), department.KindEQ(department.KindAgency), department.ClosedAtIsNil()).IDs(sys)
	if err != nil {
		return 0, err
	}
	if len(offices) == 1 {
		return offices[0], nil
	}
	return 0, apperr.Conflictf("item", "未设置默认受理部门，请选择一个事项，或电话联系机关（管理员须设置 requests.default_department）/ "+
		"no default receiving department is set: choose an item, or call the agency (the administrator must set requests.default_department)")
}

// requestTitle is "<item>：<first words of the description>".
func requestTitle(item, description string) string {
	first := description
	if i := strings.IndexAny(first, "\r\n"); i >= 0 {
		first = first[:i]
	}
	first = strings.TrimSpace(first)
	if r := []rune(first); len(r) > titleSnippet {
		first = string(r[:titleSnippet]) + "…"
	}
	title := item + "：" + first
	if r := []rune(title); len(r) > MaxTitle {
		title = string(r[:MaxTitle])
	}
	return title
}
