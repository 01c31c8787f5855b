package webui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// extra content types that Go's built-in table lacks (it is used when /etc/mime.types is absent).
var contentTypes = map[string]string{
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".ico":         "image/x-icon",
	".map":         "application/json",
	".txt":         "text/plain; charset=utf-8",
	".webmanifest": "application/manifest+json",
}

type handler struct {
	fsys fs.FS
}

// NewHandler serves the SPA found in fsys (index.html and assets/ at its root) with history fallback.
func NewHandler(fsys fs.FS) http.Handler {
	return &handler{fsys: fsys}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if hidden(name) {
		http.NotFound(w, r)
		return
	}
	if name == "" || name == "index.html" {
		h.serveIndex(w, r)
		return
	}
	if h.serveFile(w, r, name) {
		return
	}
	// A client-side route: no extension and not inside assets/.
	if path.Ext(name) == "" && !strings.HasPrefix(name, "assets/") {
		h.serveIndex(w, r)
		return
	}
	http.NotFound(w, r)
}

// hidden reports whether a path has a segment starting with a dot (.vite/manifest.json, .gitkeep).
func hidden(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// serveFile serves an existing regular file and reports whether it did.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string) bool {
	f, err := h.fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return false
	}
	content, err := seeker(f)
	if err != nil {
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return true
	}
	hdr := w.Header()
	if ct, ok := contentTypes[path.Ext(name)]; ok {
		hdr.Set("Content-Type", ct)
	} else if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		hdr.Set("Content-Type", ct)
	}
	hdr.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(name, "assets/") {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheRevalidate)
		if tag, err := etag(content); err == nil {
			hdr.Set("ETag", tag)
		}
	}
	http.ServeContent(w, r, name, time.Time{}, content)
	return true
}

func (h *handler) serveIndex(w http.ResponseWriter, r *http.Request) {
	if h.serveFile(w, r, "index.html") {
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, notBuiltPage)
	}
}

// seeker returns the file as an io.ReadSeeker (embed and MapFS files already are one).
func seeker(f fs.File) (io.ReadSeeker, error) {
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, nil
	}
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(b), nil
}

// etag hashes the content (only for the small, unhashed files: index.html, favicon, …).
func etag(rs io.ReadSeeker) (string, error) {
	sum := sha256.New()
	if _, err := io.Copy(sum, rs); err != nil {
		return "", err
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	return `"` + hex.EncodeToString(sum.Sum(nil)[:12]) + `"`, nil
}

const notBuiltPage = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>效能 Xiaoneng — 前端未构建 / web app not built</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f5f8;color:#1f2937;margin:0}
main{max-width:640px;margin:12vh auto;background:#fff;border-top:4px solid #b71c1c;border-radius:8px;padding:28px 32px;box-shadow:0 8px 28px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:15px;font-weight:500;color:#5b6b80;margin:0 0 20px}
code{background:#f1f3f6;border-radius:4px;padding:2px 6px}p{line-height:1.7}
</style>
</head>
<body>
<main>
<h1>效能：网页前端尚未构建</h1>
<h2>Xiaoneng: the web app has not been built</h2>
<p>服务器正在运行，GraphQL 接口位于 <code>/graphql</code>。要使用网页界面，请在项目根目录运行 <code>make run</code>，或执行
<code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code> 后重新编译并启动服务器。</p>
<p>The server is running and the GraphQL API is at <code>/graphql</code>. To get the web interface, run
<code>make run</code> in the project root, or <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>,
then rebuild and restart the server.</p>
</main>
</body>
</html>
`
