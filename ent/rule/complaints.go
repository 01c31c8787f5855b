package rule

import (
	"context"

	"xiaoneng/ent"
	"xiaoneng/ent/complaint"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

// Who may change complaints (docs/ACCESS.md "Visits and complaints"):
// LEADERs handle complaints about departments of their subtree (the agency
// leader: all), as themselves; ADMIN passes the policy's AllowIfAdmin.
// Filing is public and done by internal/complaints with system rights (an
// anonymous caller has no viewer for a rule to look at).

var complaintHandleFields = []string{complaint.FieldStatus, complaint.FieldDecidedAt,
	complaint.FieldResolveDueAt, complaint.FieldResolvedAt, complaint.FieldFindings,
	complaint.FieldFeedback, complaint.FieldHandlerID, complaint.FieldUpdatedAt}

// AllowComplaintWrites is the Complaint write rule.
func AllowComplaintWrites() privacy.MutationRule {
	return privacy.ComplaintMutationRuleFunc(func(ctx context.Context, m *ent.ComplaintMutation) error {
		v := auth.FromContext(ctx)
		if v == nil || v.Role != auth.RoleLeader || !isUpdate(m) || !onlyFields(m, complaintHandleFields) {
			return privacy.Skip
		}
		if h, ok := m.HandlerID(); ok && h != v.StaffID {
			return privacy.Denyf("a complaint is handled as oneself")
		}
		if !v.AllDepartments {
			m.Filter().Where(inSubtree(v, complaint.FieldDepartmentID))
		}
		return privacy.Allow
	})
}

// AllowAccountabilityWrites: a LEADER records accountability on a complaint
// they may handle (one of their subtree).
func AllowAccountabilityWrites() privacy.MutationRule {
	return privacy.AccountabilityMutationRuleFunc(func(ctx context.Context, m *ent.AccountabilityMutation) error {
		v := auth.FromContext(ctx)
		if v == nil || v.Role != auth.RoleLeader || !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		cid, ok := m.ComplaintID()
		if !ok {
			return privacy.Skip
		}
		q := m.Client().Complaint.Query().Where(complaint.ID(cid))
		if !v.AllDepartments {
			q.Where(complaint.DepartmentIDIn(v.Subtree...))
		}
		mine, err := q.Exist(privacy.DecisionContext(ctx, privacy.Allow))
		if err != nil {
			return err
		}
		if mine {
			return privacy.Allow
		}
		return privacy.Denyf("accountability only on complaints of your subtree")
	})
}
