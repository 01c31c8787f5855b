// Package calendar loads the agency's working-day calendar (WorkCalendar
// rows) into a workcal.Calendar, the one every working-day deadline is
// counted on.
package calendar

import (
	"context"
	"fmt"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/workcalendar"
	"xiaoneng/internal/workcal"
)

// Load reads the calendar's overrides (holidays and make-up working days).
// It reads with system rights: deadlines are computed for everyone alike.
// Pass the transaction's client when computing inside a transaction.
func Load(ctx context.Context, client *ent.Client) (*workcal.Calendar, error) {
	rows, err := client.WorkCalendar.Query().All(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return nil, err
	}
	overrides := make(map[workcal.Date]workcal.Kind, len(rows))
	for _, r := range rows {
		d, err := workcal.ParseDate(r.Day)
		if err != nil {
			return nil, fmt.Errorf("work calendar row %d: %w", r.ID, err)
		}
		if r.Kind == workcalendar.KindHoliday {
			overrides[d] = workcal.Holiday
		} else {
			overrides[d] = workcal.Workday
		}
	}
	return workcal.New(overrides), nil
}
