package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// The analytics queries of bench/queries over the whole handler (auth,
// GraphQL, SQL, JSON), as bench/xnbench posts them: 2026-Q3, the agency
// leader, with Cache-Control: no-cache (computed every time, not answered by
// the response cache). Like BenchmarkTaskPage they report the CPU this process spends
// per request (cpu-ms/op), which a busy machine distorts less than the
// wall time. Requests run one after another: these are latency figures.

func BenchmarkWorkloadAPI(b *testing.B)  { benchAnalyticsQuery(b, readQuery(b, "workload")) }
func BenchmarkImbalanceAPI(b *testing.B) { benchAnalyticsQuery(b, readQuery(b, "imbalance")) }

// BenchmarkWorkloadNamesAPI: the workload as the frontend's drill-down asks
// for it (frontend/src: DrillDepartment, StaffWorkloadFields), with names.
func BenchmarkWorkloadNamesAPI(b *testing.B) {
	benchAnalyticsQuery(b, `query($window: WindowInput) { workload(window: $window) { scope { id name }
  staff { staff { id name position } department { id name } load capacity utilization flag } } }`)
}

func readQuery(b *testing.B, name string) string {
	q, err := os.ReadFile("../../bench/queries/" + name + ".graphql")
	if err != nil {
		b.Fatal(err)
	}
	return string(q)
}

func benchAnalyticsQuery(b *testing.B, q string) {
	h, tok := benchEnv(b, "leader")
	body, _ := json.Marshal(map[string]any{"query": q, "variables": map[string]any{
		"window": map[string]string{"from": "2026-07-01T00:00:00+08:00", "to": "2026-10-01T00:00:00+08:00"}}})
	postBody(b, h, tok, body)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		postBody(b, h, tok, body)
	}
	b.ReportMetric((cpuTime()-c0)/float64(b.N), "cpu-ms/op")
}

func postBody(b *testing.B, h http.Handler, token string, body []byte) {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Cache-Control", "no-cache")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `"errors"`) {
		b.Fatalf("status %d: %.300s", rec.Code, rec.Body.String())
	}
}
