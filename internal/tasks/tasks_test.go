package tasks

import (
	"testing"

	"xiaoneng/ent/task"
)

// The legal status changes, written out by hand from the workflow.
func TestLegal(t *testing.T) {
	all := []task.Status{task.StatusNew, task.StatusAccepted, task.StatusInProgress, task.StatusDone, task.StatusCancelled}
	legal := map[[2]task.Status]bool{
		{task.StatusNew, task.StatusAccepted}:         true,
		{task.StatusNew, task.StatusCancelled}:        true,
		{task.StatusAccepted, task.StatusInProgress}:  true,
		{task.StatusAccepted, task.StatusDone}:        true,
		{task.StatusAccepted, task.StatusCancelled}:   true,
		{task.StatusInProgress, task.StatusDone}:      true,
		{task.StatusInProgress, task.StatusCancelled}: true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := Legal(from, to); got != legal[[2]task.Status{from, to}] {
				t.Errorf("Legal(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestRequestTitle(t *testing.T) {
	if got := requestTitle("办公场所落水管维修", "  车间落水管漏水\n第二行"); got != "办公场所落水管维修：车间落水管漏水" {
		t.Fatalf("title %q", got)
	}
	long := "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"
	if got := requestTitle("事项", long); got != "事项："+long[:len("一")*30]+"…" {
		t.Fatalf("title %q", got)
	}
}

func TestFmtHours(t *testing.T) {
	for in, want := range map[float64]string{8: "8", 2.5: "2.5", 0.25: "0.25", 1.333: "1.33"} {
		if got := fmtHours(in); got != want {
			t.Errorf("fmtHours(%v) = %q, want %q", in, got, want)
		}
	}
}
