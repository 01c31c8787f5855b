package analytics

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"xiaoneng/ent"
)

// Cockpit is cockpit(window, scope): the headline figures of every metric
// in one call (领导驾驶舱). Each figure is the one the metric's own query
// gives for the same window and scope.
type Cockpit struct {
	Header
	Imbalance *Imbalance

	CompletedCount int
	OnTimeRate     *float64
	OverdueCount   int

	TransferCount     int
	PingPongCount     int
	LateTransferCount int
	// PingPongPairs: the department pairs with ping-pong transfers, most first (at most 5).
	PingPongPairs []*TransferPair

	SatisfactionWithheld        bool
	RatingCount                 *int
	MeanScore                   *float64
	SatisfactionRate            *float64
	RectificationsOnTimeRate    *float64
	RectificationAcceptanceRate *float64
	// LowestRated: the department with the lowest mean score among those
	// shown (not withheld); nil when none.
	LowestRated *SatisfactionFigures
	// TalkFlags: departments at the bottom of the monthly ranking in each
	// of the last two complete months of the window (约谈).
	TalkFlags []*ent.Department

	VisitsDone  int
	VisitsQuota float64
	VisitsRate  *float64

	MeetingShare *float64
	// TopMeetingShare: the department whose hours go most to meetings and ledgers.
	TopMeetingShare *DepartmentMeetingShare

	// LeadShareFlags: lead departments flagged LEADS_WITHOUT_DOING or DOES_IT_ALL.
	LeadShareFlags []*DepartmentLeadShare
}

// parallel runs the functions concurrently and returns the first error.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, f := range fns {
		wg.Go(func() { errs[i] = f() })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Cockpit computes every headline figure for the window and scope.
func (s *Service) Cockpit(ctx context.Context, req Request) (*Cockpit, error) {
	p, h, err := s.prepare(ctx, req)
	if err != nil {
		return nil, err
	}
	e := s.eng()
	out := &Cockpit{Header: h}
	var (
		imb  *Imbalance
		ot   *OnTime
		bp   = &BuckPassing{}
		sat  *Satisfaction
		ser  *SatisfactionSeries
		vis  *Visits
		meet *MeetingShare
		lead []*DepartmentLeadShare
	)
	err = parallel(
		func() (err error) {
			if !req.FiguresOnly {
				if imb, err = s.imbalanceFor(ctx, p, h); err != nil {
					return err
				}
				meet, err = e.meetingShare(ctx, p)
				return err
			}
			// the figures alone: with the meeting share, one read of the load
			var f imbalanceFigures
			f, meet, err = e.imbalanceAndMeeting(ctx, p)
			imb = imbalanceFromFigures(f, h)
			return err
		},
		func() (err error) { ot, err = e.onTime(ctx, p); return },
		// the transfer figures without the departments' acceptance times,
		// which the cockpit does not show
		func() error { return e.transferTotals(ctx, p, bp) },
		func() error { return e.transferPairs(ctx, p, bp) },
		func() (err error) { sat, err = e.satisfaction(ctx, p); return },
		func() (err error) { ser, err = e.talkMonths(ctx, p); return },
		func() (err error) { vis, err = e.visits(ctx, p); return },
		func() (err error) { lead, err = e.leadShare(ctx, p); return },
	)
	if err != nil {
		return nil, err
	}
	var rf refs
	out.Imbalance = imb
	out.CompletedCount, out.OnTimeRate, out.OverdueCount = ot.Completed, ot.Rate, ot.Overdue
	out.TransferCount, out.PingPongCount, out.LateTransferCount = bp.Transfers, bp.PingPongs, bp.LateTransfers
	out.PingPongPairs = []*TransferPair{}
	for _, x := range bp.Pairs { // ordered by count; re-ranked by ping-pongs below
		if x.PingPongs > 0 {
			out.PingPongPairs = append(out.PingPongPairs, x)
		}
	}
	sortPairsByPingPong(out.PingPongPairs)
	if len(out.PingPongPairs) > 5 {
		out.PingPongPairs = out.PingPongPairs[:5]
	}
	addPairRefs(&rf, out.PingPongPairs)

	o := sat.Overall
	out.SatisfactionWithheld, out.RatingCount, out.MeanScore, out.SatisfactionRate = o.Withheld, o.RatingCount, o.MeanScore, o.SatisfactionRate
	out.RectificationsOnTimeRate, out.RectificationAcceptanceRate = o.RectificationsOnTimeRate, o.AcceptanceRate
	for _, x := range sat.Departments {
		if x.MeanScore != nil && (out.LowestRated == nil || *x.MeanScore < *out.LowestRated.MeanScore) {
			out.LowestRated = x
		}
	}
	if out.LowestRated != nil {
		rf.dept(out.LowestRated.DepartmentID, &out.LowestRated.Department)
	}
	out.TalkFlags = []*ent.Department{}
	for _, x := range ser.Departments {
		if x.Talk {
			out.TalkFlags = append(out.TalkFlags, nil)
			rf.dept(x.DepartmentID, &out.TalkFlags[len(out.TalkFlags)-1])
		}
	}

	out.VisitsDone, out.VisitsQuota, out.VisitsRate = vis.Done, vis.Quota, vis.Rate

	out.MeetingShare = meet.Share
	for _, x := range meet.Departments {
		if x.Share != nil && (out.TopMeetingShare == nil || *x.Share > *out.TopMeetingShare.Share) {
			out.TopMeetingShare = x
		}
	}
	if out.TopMeetingShare != nil {
		rf.dept(out.TopMeetingShare.DepartmentID, &out.TopMeetingShare.Department)
	}

	out.LeadShareFlags = []*DepartmentLeadShare{}
	for _, x := range lead {
		if x.Flag != nil {
			out.LeadShareFlags = append(out.LeadShareFlags, x)
			rf.dept(x.DepartmentID, &x.Department)
		}
	}
	return out, rf.load(ctx, s.Client)
}

// talkMonths is the monthly series of the window's last two complete
// months alone — all the 约谈 flag depends on (a month's ranking does not
// depend on the other months) — or an empty series when there are fewer.
func (e engine) talkMonths(ctx context.Context, p params) (*SatisfactionSeries, error) {
	ms := months(p.w, p.now)
	talk := lastTwoComplete(ms)
	if len(talk) < 2 {
		return &SatisfactionSeries{}, nil
	}
	q := p
	q.w = Window{From: ms[talk[0]].From, To: ms[talk[1]].To}
	return e.satisfactionSeries(ctx, q)
}

func sortPairsByPingPong(ps []*TransferPair) {
	slices.SortStableFunc(ps, func(a, b *TransferPair) int { return cmp.Compare(b.PingPongs, a.PingPongs) })
}
