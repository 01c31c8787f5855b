package rule

import (
	"context"

	"entgo.io/ent/entql"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/servicevisit"
	"xiaoneng/internal/auth"
)

// Who may change service visits (docs/ACCESS.md "Visits and complaints"):
//   - LEADER/STAFF record a visit of their own department made by themselves;
//   - FRONTLINE confirms (or disputes) a visit to its own unit, as itself
//     (confirmation fields only).
//
// ADMIN passes the policy's AllowIfAdmin; internal/visits refuses it
// recordVisit and confirmVisit (a visit is recorded by the visitor and
// confirmed by the unit visited, never on their behalf).

var visitConfirmFields = []string{servicevisit.FieldConfirmed, servicevisit.FieldConfirmedAt,
	servicevisit.FieldConfirmedByID, servicevisit.FieldUpdatedAt}

// AllowVisitWrites is the ServiceVisit write rule.
func AllowVisitWrites() privacy.MutationRule {
	return privacy.ServiceVisitMutationRuleFunc(func(ctx context.Context, m *ent.ServiceVisitMutation) error {
		v := auth.FromContext(ctx)
		switch {
		case v == nil:
			return privacy.Skip
		case m.Op().Is(ent.OpCreate) && agency(v) && v.StaffID != 0:
			dept, _ := m.DepartmentID()
			staff, _ := m.StaffID()
			if dept != v.DepartmentID || staff != v.StaffID {
				return privacy.Denyf("a visit is recorded by the visitor, for their own department")
			}
			return privacy.Allow
		case isUpdate(m) && v.Role == auth.RoleFrontline && v.DepartmentID != 0 && v.StaffID != 0:
			if !onlyFields(m, visitConfirmFields) {
				return privacy.Skip
			}
			if by, ok := m.ConfirmedByID(); !ok || by != v.StaffID {
				return privacy.Denyf("a visit is confirmed by the viewer")
			}
			m.Filter().Where(entql.FieldEQ(servicevisit.FieldUnitID, v.DepartmentID))
			return privacy.Allow
		}
		return privacy.Skip
	})
}
