package tasks

import (
	"context"
	"strings"
	"unicode/utf8"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/rule"
	"xiaoneng/ent/task"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/store"
)

// titleSnippet is how much of the description goes into a request's title.
const titleSnippet = 30

// FileRequest is fileRequest (一线诉求): a frontline user, for their own
// unit, asks the department responsible for a responsibility-list item to
// handle something. It opens a REQUEST task led by the item's responsible
// department, due after the item's committed resolve-within working days on
// the agency calendar, with its CREATED event and audit row. An item nobody
// is responsible for (职责空白) is refused on field "item".
func FileRequest(ctx context.Context, client *ent.Client, itemID int, description string) (*ent.Task, error) {
	description = strings.TrimSpace(description)
	if description == "" {
		return nil, apperr.BadInput("description", "请描述需要办理的事项 / description is required")
	}
	if utf8.RuneCountInString(description) > MaxDescription {
		return nil, apperr.BadInput("description", "描述最多 %d 个字 / description is longer than %d characters", MaxDescription, MaxDescription)
	}
	item, err := client.ResponsibilityItem.Get(rule.System(ctx), itemID)
	if ent.IsNotFound(err) {
		return nil, apperr.NotFoundf("item", "责任清单事项不存在 / no such responsibility item")
	}
	if err != nil {
		return nil, err
	}
	if item.ResponsibleDepartmentID == nil {
		return nil, apperr.BadInput("item", "职责空白：“%s”尚未明确责任部门，请提交效能投诉或联系机关办公室 / "+
			"no department is responsible for this item yet (职责空白): file an efficiency complaint or contact the office", item.Title)
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
	spec := Spec{
		Title:                requestTitle(item.Title, description),
		Description:          description,
		Kind:                 task.KindRequest,
		DueInWorkingDays:     item.ResolveWithinDays,
		LeadDepartmentID:     *item.ResponsibleDepartmentID,
		RequestingUnitID:     v.DepartmentID,
		ResponsibilityItemID: item.ID,
	}
	var t *ent.Task
	err = store.InTx(ctx, client, func(tx *ent.Client) error {
		var err error
		if t, err = CreateInTx(ctx, tx, spec); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "file_request", "task", t.ID, map[string]any{
			"item": item.ID, "leadDepartment": t.LeadDepartmentID, "requestingUnit": v.DepartmentID, "dueAt": t.DueAt,
		})
	})
	if err != nil {
		return nil, err
	}
	return reload(ctx, client, t.ID)
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
