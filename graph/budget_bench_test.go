package graph

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
)

// BenchmarkHostileDocuments measures the CPU one hostile request costs an
// anonymous caller, through the whole handler (JSON decoding, the limits,
// parsing, validation, complexity; nothing runs), each iteration with a
// new document so that no cache helps. XN_HOSTILE_SIZE=before takes the
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
			for b.Loop() {
				i++
				copy(body[at:at+10], strconv.AppendInt(make([]byte, 0, 10), int64(1e9+i), 10))
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				srv.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK && rec.Code != http.StatusUnprocessableEntity {
					b.Fatalf("status %d: %.300s", rec.Code, rec.Body)
				}
			}
		})
	}
}
