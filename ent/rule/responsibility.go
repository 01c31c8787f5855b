package rule

import (
	"context"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

// Who may change the responsibility list (docs/ACCESS.md "Responsibility
// list"): ADMIN everything (AllowIfAdmin); a LEADER the items their subtree
// is responsible for, and only so that the work stays with the subtree —
// handing an item's responsibility, or its lead (牵头管理), to a department
// outside it would push work onto others, which is the agency's decision
// (ADMIN), not one department's. Items nobody is responsible for (职责空白)
// are assigned by ADMIN. Shared synonym groups are ADMIN's (orgData).
//
// internal/responsibility checks the same before writing, to answer with a
// message that says why; this rule is what holds for every writer.

// AllowResponsibilityItemWrites is the LEADER's rule of ResponsibilityItem writes.
func AllowResponsibilityItemWrites() privacy.MutationRule {
	return privacy.ResponsibilityItemMutationRuleFunc(func(ctx context.Context, m *ent.ResponsibilityItemMutation) error {
		v := auth.FromContext(ctx)
		if v == nil || v.Role != auth.RoleLeader {
			return privacy.Skip
		}
		var before *ent.ResponsibilityItem
		switch {
		case m.Op().Is(ent.OpCreate):
		case m.Op().Is(ent.OpUpdateOne) || m.Op().Is(ent.OpDeleteOne):
			id, ok := m.ID()
			if !ok {
				return privacy.Skip
			}
			old, err := m.Client().ResponsibilityItem.Get(System(ctx), id)
			if ent.IsNotFound(err) {
				return privacy.Skip
			}
			if err != nil {
				return err
			}
			before = old
		default: // bulk updates and deletes name no item
			return privacy.Skip
		}
		if LeaderMayMaintainItem(v, before, ItemDepartments{
			Responsible: idOrNil(m.ResponsibleDepartmentID()), ResponsibleCleared: m.ResponsibleDepartmentCleared(),
			Lead: idOrNil(m.LeadDepartmentID()),
		}) {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// ItemDepartments is what a change sets of an item's departments: nil where
// it leaves them (or, for Responsible, clears it when ResponsibleCleared).
type ItemDepartments struct {
	Responsible        *int
	ResponsibleCleared bool
	Lead               *int
}

// LeaderMayMaintainItem is the LEADER's rule: before is the item as it is
// (nil when it is being created), change what the write sets. The item must
// be their subtree's before and after (a responsible department in the
// subtree), and a lead department it newly names must be in the subtree too.
func LeaderMayMaintainItem(v *auth.Viewer, before *ent.ResponsibilityItem, change ItemDepartments) bool {
	if v == nil || v.Role != auth.RoleLeader {
		return false
	}
	resp := change.Responsible
	if before != nil {
		if before.ResponsibleDepartmentID == nil || !v.InSubtree(*before.ResponsibleDepartmentID) {
			return false
		}
		if resp == nil && !change.ResponsibleCleared {
			resp = before.ResponsibleDepartmentID
		}
	}
	if resp == nil || !v.InSubtree(*resp) {
		return false
	}
	if lead := change.Lead; lead != nil && !v.InSubtree(*lead) {
		unchanged := before != nil && before.LeadDepartmentID != nil && *before.LeadDepartmentID == *lead
		if !unchanged {
			return false
		}
	}
	return true
}

func idOrNil(id int, ok bool) *int {
	if !ok {
		return nil
	}
	return &id
}
