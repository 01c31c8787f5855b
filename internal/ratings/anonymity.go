package ratings

import (
	"time"

	"xiaoneng/internal/workcal"
)

// What an anonymous rater's act records, beyond the rows' content: no
// actor, no address, no session (audit.Tally counts the act per day instead
// of writing an audit row), and no time finer than the day.

// anonymousTime is the time recorded for an anonymous rater's act done at
// now: the start of its day (00:00 Asia/Shanghai), or, when later, the
// latest of already — the times already recorded on the rows the act
// changes (a rectification answered earlier that day) — so that no record
// goes back in time. Neither tells more than the day: the act necessarily
// follows the rows it changes. Times after now (another server's clock) are
// ignored.
func anonymousTime(now time.Time, already ...time.Time) time.Time {
	t := workcal.DateOf(now).Start().UTC()
	for _, a := range already {
		if a.After(t) && !a.After(now) {
			t = a.UTC()
		}
	}
	return t
}
