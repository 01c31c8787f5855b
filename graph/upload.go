package graph

import (
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/importer"
)

// Uploads: POST multipart/form-data as the GraphQL multipart request spec
// has it — a part "operations" (the JSON request, its file variables
// null), a part "map" ({"0": ["variables.file"]}), then the files, each
// named by its key in the map. The files are read into memory.

const (
	// MaxUploadBytes caps the files of one request together: the
	// importer's largest file.
	MaxUploadBytes = importer.MaxFileBytes
	// MaxOperationsBytes caps the operations part, as the JSON body is.
	MaxOperationsBytes = 1 << 20
	// maxMapBytes caps the map part; maxUploadFiles the files.
	maxMapBytes    = 64 << 10
	maxUploadFiles = 4
)

func multipartRequest(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, start time.Time) {
	if auth.FromContext(r.Context()) == nil {
		// Every operation that takes a file needs a login; and a form that
		// a browser posts across sites carries no Authorization header, so
		// requiring one keeps cross-site forms out of /graphql.
		writeRequestError(w, http.StatusUnauthorized, apperr.Unauthenticated,
			"上传文件须先登录（Authorization: Bearer …）/ uploads need a credential: send Authorization: Bearer …")
		return
	}
	bad := func(zh, en string) {
		writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput, zh+" / "+en)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		bad("无法读取 multipart 请求", "the multipart body cannot be read: "+err.Error())
		return
	}
	tooLarge := func(err error) bool {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			writeRequestError(w, http.StatusRequestEntityTooLarge, apperr.BadUserInput, "request body too large")
			return true
		}
		return false
	}
	// part is the next part (nil at the end); a broken body is answered.
	part := func() (*multipart.Part, error) {
		p, err := mr.NextPart()
		if err != nil && !errors.Is(err, io.EOF) {
			if !tooLarge(err) {
				bad("无法读取 multipart 请求", "the multipart body cannot be read")
			}
		}
		return p, err
	}
	// read reads a part, at most limit bytes: over is true past it, ok
	// false when the body broke (answered).
	read := func(p *multipart.Part, limit int64) ([]byte, bool, bool) {
		b, err := io.ReadAll(io.LimitReader(p, limit+1))
		if err != nil {
			if !tooLarge(err) {
				bad("无法读取 multipart 请求", "the multipart body cannot be read")
			}
			return nil, false, false
		}
		return b, int64(len(b)) > limit, true
	}

	p, err := part()
	if err != nil && !errors.Is(err, io.EOF) {
		return
	}
	if p == nil || p.FormName() != "operations" {
		bad("第一部分须为 operations", `the first part must be "operations" (the JSON request)`)
		return
	}
	ops, over, ok := read(p, MaxOperationsBytes)
	switch {
	case !ok:
		return
	case over:
		writeRequestError(w, http.StatusRequestEntityTooLarge, apperr.BadUserInput, "operations part too large")
		return
	}
	var params graphql.RawParams
	switch trimmed := bytes.TrimSpace(ops); {
	case len(trimmed) > 0 && trimmed[0] == '[':
		bad("不支持批量请求", "batched requests are not supported: send one operation per request")
		return
	case jsonValues(trimmed) > maxRequestValues:
		refuseValues(w, r, exec)
		return
	default:
		if err := decodeJSON(trimmed, &params); err != nil {
			bad("operations 不是有效的 GraphQL 请求", `operations is not a GraphQL request {"query", "variables", "operationName", "extensions"}: `+jsonProblem(err))
			return
		}
	}

	if p, err = part(); err != nil && !errors.Is(err, io.EOF) {
		return
	}
	if p == nil || p.FormName() != "map" {
		bad("第二部分须为 map", `the second part must be "map" ({"0": ["variables.file"]})`)
		return
	}
	raw, over, ok := read(p, maxMapBytes)
	switch {
	case !ok:
		return
	case over:
		writeRequestError(w, http.StatusRequestEntityTooLarge, apperr.BadUserInput, "map part too large")
		return
	}
	var paths map[string][]string
	if err := decodeJSON(raw, &paths); err != nil {
		bad("map 须为 JSON 对象", `map must be a JSON object of lists of paths ({"0": ["variables.file"]}): `+jsonProblem(err))
		return
	}
	if len(paths) > maxUploadFiles {
		bad("文件过多", "at most "+strconv.Itoa(maxUploadFiles)+" files in one request")
		return
	}

	left := int64(MaxUploadBytes)
	for {
		p, err := part()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return
		}
		key := p.FormName()
		to, ok := paths[key]
		if !ok || len(to) == 0 {
			bad("map 未列出文件 "+key, "map lists no path for the file "+strconv.Quote(key))
			return
		}
		delete(paths, key)
		data, over, ok := read(p, left)
		switch {
		case !ok:
			return
		case over:
			writeRequestError(w, http.StatusRequestEntityTooLarge, apperr.BadUserInput,
				"文件超过 "+strconv.Itoa(MaxUploadBytes>>20)+" MiB / the file is larger than "+strconv.Itoa(MaxUploadBytes>>20)+" MiB")
			return
		}
		left -= int64(len(data))
		for _, path := range to {
			up := graphql.Upload{File: bytes.NewReader(data), Filename: p.FileName(), Size: int64(len(data)),
				ContentType: p.Header.Get("Content-Type")}
			if err := params.AddUpload(up, key, path); err != nil {
				bad("map 的路径无效", "map: "+err.Message)
				return
			}
		}
	}
	for key := range paths {
		bad("缺少文件 "+key, "the map names the file "+strconv.Quote(key)+" but the request does not carry it")
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, &params, false)
}
