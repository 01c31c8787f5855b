package app

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGzipStatic(t *testing.T) {
	body := strings.Repeat("console.log('效能');\n", 500)
	h := gzipStatic(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/javascript")
		w.Header().Set("ETag", `"abc"`)
		io.WriteString(w, body)
	}))
	req := httptest.NewRequest("GET", "/assets/app.js", nil)
	req.Header.Set("Accept-Encoding", "gzip, br")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("ETag") != `W/"abc"` {
		t.Fatalf("headers: %v", rec.Header())
	}
	if rec.Body.Len() >= len(body)/4 {
		t.Fatalf("compressed %d bytes to %d", len(body), rec.Body.Len())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != body {
		t.Fatal("round trip differs")
	}
	// Without Accept-Encoding: identity.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/assets/app.js", nil))
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != body {
		t.Fatal("identity response altered")
	}
}
