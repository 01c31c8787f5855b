package complaints

import (
	"regexp"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/complaint"
)

func TestTrackingCodes(t *testing.T) {
	re := regexp.MustCompile(`^XN-[A-Z2-7]{10}$`)
	seen := map[string]bool{}
	for range 2000 {
		c, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if !re.MatchString(c) || seen[c] {
			t.Fatalf("code %q (repeat: %v)", c, seen[c])
		}
		seen[c] = true
	}
}

func TestOverdue(t *testing.T) {
	fixed := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	now = func() time.Time { return fixed }
	defer func() { now = time.Now }()
	past, future := fixed.Add(-time.Minute), fixed.Add(time.Minute)
	cases := []struct {
		c    ent.Complaint
		want bool
	}{
		{ent.Complaint{Status: complaint.StatusReceived, AcceptDueAt: past}, true},
		{ent.Complaint{Status: complaint.StatusReceived, AcceptDueAt: future}, false},
		{ent.Complaint{Status: complaint.StatusAccepted, AcceptDueAt: past, ResolveDueAt: &future}, false},
		{ent.Complaint{Status: complaint.StatusAccepted, ResolveDueAt: &past}, true},
		{ent.Complaint{Status: complaint.StatusInvestigating, ResolveDueAt: &past}, true},
		{ent.Complaint{Status: complaint.StatusResolved, AcceptDueAt: past, ResolveDueAt: &past}, false},
		{ent.Complaint{Status: complaint.StatusRejected, AcceptDueAt: past}, false},
	}
	for i, c := range cases {
		if got := Overdue(&c.c); got != c.want {
			t.Errorf("case %d (%s): overdue = %v", i, c.c.Status, got)
		}
	}
}

func TestActionEnum(t *testing.T) {
	var a Action
	if err := a.UnmarshalGQL("RESOLVE"); err != nil || a != Resolve {
		t.Fatalf("RESOLVE → %q, %v", a, err)
	}
	if err := a.UnmarshalGQL("ESCALATE"); err == nil {
		t.Fatal("an unknown action was accepted")
	}
}
