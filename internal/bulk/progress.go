package bulk

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Progress draws a one-line progress bar (rewritten with \r) on a
// terminal or log: the phase, rows done / total, rate and ETA. A nil
// *Progress draws nothing.
type Progress struct {
	mu     sync.Mutex
	w      io.Writer
	began  time.Time // of the whole run
	start  time.Time // of the phase
	drawn  time.Time
	label  string
	unit   string
	done   int64
	total  int64
	detail func() string
	width  int
}

// NewProgress writes to w (nil: nothing).
func NewProgress(w io.Writer) *Progress {
	if w == nil {
		return nil
	}
	now := time.Now()
	return &Progress{w: w, began: now, start: now}
}

// Phase ends the current phase's line and starts a new one counting up to
// total units (0: unknown). detail, if set, adds text after the counters.
func (p *Progress) Phase(label, unit string, total int64, detail func() string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.label != "" {
		p.draw(true)
	}
	p.label, p.unit, p.total, p.done, p.detail = label, unit, total, 0, detail
	p.start = time.Now()
	p.drawn = time.Time{}
	p.draw(false)
}

// Add counts n more units done.
func (p *Progress) Add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	if time.Since(p.drawn) >= 250*time.Millisecond {
		p.draw(false)
	}
}

// Finish ends the last phase's line and prints the total time.
func (p *Progress) Finish(summary string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.label != "" {
		p.draw(true)
		p.label = ""
	}
	fmt.Fprintf(p.w, "%s in %s\n", summary, time.Since(p.began).Round(100*time.Millisecond))
}

func (p *Progress) draw(final bool) {
	p.drawn = time.Now()
	el := time.Since(p.start)
	var b strings.Builder
	fmt.Fprintf(&b, "%-14s", p.label)
	if p.unit != "" || p.done > 0 {
		b.WriteString(" " + Group(p.done))
	}
	if p.total > 0 {
		fmt.Fprintf(&b, " / %s %s %3.0f%%", Group(p.total), p.unit, 100*float64(p.done)/float64(p.total))
	} else if p.unit != "" {
		b.WriteString(" " + p.unit)
	}
	if s := el.Seconds(); s > 0.2 && p.done > 0 {
		rate := float64(p.done) / s
		fmt.Fprintf(&b, "  %s/s", Group(int64(rate)))
		if !final && p.total > p.done && rate > 0 {
			eta := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
			fmt.Fprintf(&b, "  ETA %s", eta.Round(time.Second))
		}
	}
	if final {
		fmt.Fprintf(&b, "  %s", el.Round(100*time.Millisecond))
	}
	if p.detail != nil {
		if d := p.detail(); d != "" {
			b.WriteString("  " + d)
		}
	}
	line := b.String()
	pad := ""
	if n := len([]rune(line)); n < p.width {
		pad = strings.Repeat(" ", p.width-n)
	}
	p.width = len([]rune(line))
	end := ""
	if final {
		end = "\n"
		p.width = 0
	}
	fmt.Fprintf(p.w, "\r%s%s%s", line, pad, end)
}

// Group formats n with thousands separators.
func Group(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
