package webui

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

const indexHTML = `<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`

func builtFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":              {Data: []byte(indexHTML)},
		"favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)},
		"assets/index-abc123.js":  {Data: []byte(`console.log("app")`)},
		"assets/index-abc123.css": {Data: []byte(`body{margin:0}`)},
		".vite/manifest.json":     {Data: []byte(`{}`)},
		".gitkeep":                {Data: nil},
	}
}

func get(t *testing.T, h http.Handler, method, target string, hdr ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestAssetServedWithLongCache(t *testing.T) {
	h := NewHandler(builtFS())
	res := get(t, h, http.MethodGet, "/assets/index-abc123.js")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := body(t, res); got != `console.log("app")` {
		t.Fatalf("body %q", got)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
		t.Fatalf("Cache-Control %q", cc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Fatalf("Content-Type %q", ct)
	}
	css := get(t, h, http.MethodGet, "/assets/index-abc123.css")
	if ct := css.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Fatalf("css Content-Type %q", ct)
	}
}

func TestIndexNoCache(t *testing.T) {
	h := NewHandler(builtFS())
	for _, p := range []string{"/", "/index.html"} {
		res := get(t, h, http.MethodGet, p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		if got := body(t, res); got != indexHTML {
			t.Fatalf("%s: body %q", p, got)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Fatalf("%s: Cache-Control %q", p, cc)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Fatalf("%s: Content-Type %q", p, ct)
		}
	}
	// Revalidation with the ETag answers 304.
	first := get(t, h, http.MethodGet, "/")
	tag := first.Header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag on index.html")
	}
	if res := get(t, h, http.MethodGet, "/", "If-None-Match", tag); res.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation status %d", res.StatusCode)
	}
}

func TestHistoryFallback(t *testing.T) {
	h := NewHandler(builtFS())
	for _, p := range []string{"/tasks", "/graphiql", "/tasks/42", "/login?next=%2Ftasks"} {
		res := get(t, h, http.MethodGet, p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		if got := body(t, res); got != indexHTML {
			t.Fatalf("%s: got %q, want index.html", p, got)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
			t.Fatalf("%s: Cache-Control %q", p, cc)
		}
	}
}

func TestMissingFilesAre404(t *testing.T) {
	h := NewHandler(builtFS())
	for _, p := range []string{"/assets/x.js", "/assets/missing", "/robots.txt", "/.vite/manifest.json", "/.gitkeep"} {
		if res := get(t, h, http.MethodGet, p); res.StatusCode != http.StatusNotFound {
			t.Fatalf("%s: status %d, want 404", p, res.StatusCode)
		}
	}
}

func TestOtherFilesServed(t *testing.T) {
	h := NewHandler(builtFS())
	res := get(t, h, http.MethodGet, "/favicon.svg")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") {
		t.Fatalf("favicon: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Fatalf("favicon Cache-Control %q", cc)
	}
}

func TestMethods(t *testing.T) {
	h := NewHandler(builtFS())
	if res := get(t, h, http.MethodHead, "/tasks"); res.StatusCode != http.StatusOK {
		t.Fatalf("HEAD status %d", res.StatusCode)
	}
	res := get(t, h, http.MethodPost, "/tasks")
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST: %d Allow=%q", res.StatusCode, res.Header.Get("Allow"))
	}
}

func TestPlaceholderWhenUnbuilt(t *testing.T) {
	h := NewHandler(fstest.MapFS{".gitkeep": {Data: nil}})
	for _, p := range []string{"/", "/tasks"} {
		res := get(t, h, http.MethodGet, p)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", p, res.StatusCode)
		}
		b := body(t, res)
		for _, want := range []string{"尚未构建", "not been built", "npm run build", "make run"} {
			if !strings.Contains(b, want) {
				t.Fatalf("%s: placeholder lacks %q", p, want)
			}
		}
	}
	if res := get(t, h, http.MethodGet, "/assets/index.js"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unbuilt asset: status %d", res.StatusCode)
	}
}

func TestEmbeddedHandlerCompiles(t *testing.T) {
	// Whatever dist/ holds (only .gitkeep in a fresh clone), / answers 200.
	if res := get(t, Handler(), http.MethodGet, "/"); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	_ = Built()
}
