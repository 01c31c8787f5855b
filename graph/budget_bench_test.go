//go:build unix

package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkHostileDocuments measures the CPU one hostile request costs an
// anonymous caller, through the whole handler (JSON decoding, the limits,
// parsing, validation, complexity; nothing runs), each iteration with a
// new document so that no cache helps. cpu-ms/op is the process's CPU time
// (garbage collection included) per request. XN_HOSTILE_SIZE=before takes the
// sizes measured on the code without the document limits (see
// docs/PERFORMANCE.md "Hostile documents"):
//
//	go test ./graph -run '^$' -bench HostileDocuments -benchtime 20x
func BenchmarkHostileDocuments(b *testing.B) {
	srv := NewServer(&Resolver{})
	for _, h := range hostileDocuments {
		n := h.big
		if os.Getenv("XN_HOSTILE_SIZE") == "before" {
			if n = h.before; n == 0 {
				continue
			}
		}
		b.Run(h.name, func(b *testing.B) {
			q, vars := h.build(n)
			// "#XXXXXXXXXX\n" becomes a different comment each iteration
			body, _ := json.Marshal(map[string]any{"query": "#XXXXXXXXXX\n" + q, "variables": vars})
			at := bytes.Index(body, []byte("XXXXXXXXXX"))
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			i := 0
			cpu0 := cpuTime()
			for b.Loop() {
				i++
				benchDocuments++
				copy(body[at:at+10], strconv.AppendInt(make([]byte, 0, 10), int64(1e9+benchDocuments), 10))
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK && rec.Code != http.StatusUnprocessableEntity {
					b.Fatalf("status %d: %.300s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(i), "cpu-ms/op")
		})
	}
}

// benchDocuments numbers the documents sent, so that no two are the same
// text (across -count runs too).
var benchDocuments int

// cpuTime is the CPU the process has used, in user and system mode.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		panic(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
