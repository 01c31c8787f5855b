// Package settings reads tunable values (thresholds, deadlines in working
// days) from the settings table, falling back to the defaults of DESIGN.md.
package settings

import (
	"context"
	"strconv"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/setting"
)

// Keys and defaults.
const (
	OverloadedAbove        = "metrics.overloaded_above"          // utilization > 1.10
	IdleBelow              = "metrics.idle_below"                // utilization < 0.50
	LeadsWithoutDoingBelow = "metrics.leads_without_doing_below" // lead share < 0.15
	DoesItAllAbove         = "metrics.does_it_all_above"         // lead share > 0.85
	MinRaters              = "metrics.min_raters"                // breakdowns with fewer raters are withheld
	RectificationDays      = "deadlines.rectification_days"      // 15 working days
	HandBackDays           = "deadlines.hand_back_days"          // 1 working day
	ComplaintAcceptDays    = "deadlines.complaint_accept_days"   // 3 working days
	ComplaintResolveDays   = "deadlines.complaint_resolve_days"  // 15 working days
	RequestResolveDays     = "deadlines.request_resolve_days"    // 5 working days for a request no item covers
)

var defaults = map[string]float64{
	OverloadedAbove: 1.10, IdleBelow: 0.50,
	LeadsWithoutDoingBelow: 0.15, DoesItAllAbove: 0.85,
	MinRaters:         3,
	RectificationDays: 15, HandBackDays: 1,
	ComplaintAcceptDays: 3, ComplaintResolveDays: 15,
	RequestResolveDays: 5,
}

// Float returns the setting key, or its default when unset or unreadable.
func Float(ctx context.Context, client *ent.Client, key string) float64 {
	s, err := client.Setting.Query().Where(setting.Key(key)).Only(privacy.DecisionContext(ctx, privacy.Allow))
	if err == nil {
		if v, err := strconv.ParseFloat(s.Value, 64); err == nil {
			return v
		}
	}
	return defaults[key]
}

// Floats returns the settings keys (defaults where unset or unreadable),
// read with one query.
func Floats(ctx context.Context, client *ent.Client, keys ...string) map[string]float64 {
	out := make(map[string]float64, len(keys))
	for _, k := range keys {
		out[k] = defaults[k]
	}
	rows, err := client.Setting.Query().Where(setting.KeyIn(keys...)).All(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return out
	}
	for _, r := range rows {
		if v, err := strconv.ParseFloat(r.Value, 64); err == nil {
			out[r.Key] = v
		}
	}
	return out
}

// Int is Float rounded down, for counts of days and raters.
func Int(ctx context.Context, client *ent.Client, key string) int {
	return int(Float(ctx, client, key))
}

// Set stores a value (system rights; callers check who may change settings).
func Set(ctx context.Context, client *ent.Client, key, value string) error {
	return client.Setting.Create().SetKey(key).SetValue(value).
		OnConflictColumns(setting.FieldKey).UpdateValue().
		Exec(privacy.DecisionContext(ctx, privacy.Allow))
}
