package rule

import (
	"context"
	"slices"

	"entgo.io/ent/entql"

	"xiaoneng/ent"
	"xiaoneng/ent/importbatch"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

// FilterOwnImportBatches: an uploaded file and its report are its
// uploader's (ADMIN reads every one).
func FilterOwnImportBatches() privacy.QueryRule {
	return filter(func(v *auth.Viewer, f privacy.Filter) bool {
		f.Where(entql.FieldEQ("account_id", v.AccountID))
		return true
	})
}

// AllowOwnImportBatchWrites lets a viewer whose role may hold write:org
// (ADMIN, LEADER) create batches as themselves and change only their own. The engine (internal/importer) writes a batch's
// progress and outcome with system rights once the viewer's act passed.
func AllowOwnImportBatchWrites() privacy.MutationRule {
	return privacy.ImportBatchMutationRuleFunc(func(ctx context.Context, m *ent.ImportBatchMutation) error {
		v := auth.FromContext(ctx)
		if v == nil {
			return privacy.Skip
		}
		if !slices.Contains(auth.AllowedScopes(v.Role), auth.ScopeWriteOrg) {
			return privacy.Denyf("role %s does not import", v.Role)
		}
		if m.Op().Is(ent.OpCreate) {
			if owner, ok := m.AccountID(); ok && owner == v.AccountID {
				return privacy.Allow
			}
			return privacy.Denyf("an import batch is created as its uploader")
		}
		m.Where(importbatch.AccountID(v.AccountID))
		return privacy.Allow
	})
}
