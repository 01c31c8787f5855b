package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"xiaoneng/internal/apperr"
)

// The HTTP transports of GraphQL over HTTP: POST with a JSON body, GET for
// queries. gqlgen's own write their transport errors (wrong method, content
// type, unreadable body, mutation over GET) without extensions.code, and
// echo an undecodable body in the message; these answer every request
// error as {"errors":[{"message", "extensions":{"code"}}]} with the status
// GraphQL over HTTP prescribes, and leave the rest of the protocol to
// gqlgen's executor.

const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaMultipart       = "multipart/form-data"
	allowedMethods       = "GET, POST, OPTIONS"
)

// postTransport serves POST requests of any content type: a body that is
// not application/json is refused here (415) rather than by gqlgen's
// "transport not supported".
type postTransport struct{}

func (postTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && mt == mediaMultipart {
		multipartRequest(w, r, exec, start)
		return
	}
	if err != nil || mt != mediaJSON {
		w.Header().Set("Accept-Post", mediaJSON+", "+mediaMultipart)
		writeRequestError(w, http.StatusUnsupportedMediaType, apperr.BadUserInput,
			"请求须为 JSON（Content-Type: application/json），上传文件用 multipart/form-data / send the request as Content-Type: application/json (multipart/form-data to upload a file)")
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeRequestError(w, http.StatusRequestEntityTooLarge, apperr.BadUserInput, "request body too large")
			return
		}
		writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput, "could not read the request body")
		return
	}
	var params graphql.RawParams
	switch trimmed := bytes.TrimSpace(body); {
	case len(trimmed) == 0:
		writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput,
			`请求体为空 / empty body: send {"query": "…", "variables": {…}}`)
		return
	case trimmed[0] == '[':
		writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput,
			"不支持批量请求 / batched requests are not supported: send one operation per request")
		return
	case jsonValues(trimmed) > maxRequestValues:
		refuseValues(w, r, exec)
		return
	default:
		if err := decodeJSON(trimmed, &params); err != nil {
			writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput,
				`请求体不是有效的 GraphQL 请求 / the body is not a GraphQL request {"query", "variables", "operationName", "extensions"}: `+jsonProblem(err))
			return
		}
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, &params, false)
}

// getTransport serves queries sent as GET /graphql?query=…&variables=….
type getTransport struct{}

func (getTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && r.Header.Get("Upgrade") == ""
}

func (getTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput, "the URL query does not parse: "+err.Error())
		return
	}
	if jsonValues(q.Get("variables"))+jsonValues(q.Get("extensions")) > maxRequestValues {
		refuseValues(w, r, exec)
		return
	}
	params := graphql.RawParams{Query: q.Get("query"), OperationName: q.Get("operationName"), Headers: r.Header}
	for _, p := range []struct {
		name string
		into *map[string]any
	}{{"variables", &params.Variables}, {"extensions", &params.Extensions}} {
		if s := q.Get(p.name); s != "" {
			if err := decodeJSON([]byte(s), p.into); err != nil {
				writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput,
					p.name+" 须为 JSON 对象 / "+p.name+" must be a JSON object: "+jsonProblem(err))
				return
			}
		}
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	execute(w, r, exec, &params, true)
}

// unsupportedTransport answers what no other transport serves: other
// methods (405) and websocket upgrades (400).
type unsupportedTransport struct{}

func (unsupportedTransport) Supports(*http.Request) bool { return true }

func (unsupportedTransport) Do(w http.ResponseWriter, r *http.Request, _ graphql.GraphExecutor) {
	if r.Header.Get("Upgrade") != "" {
		writeRequestError(w, http.StatusBadRequest, apperr.BadUserInput,
			"不支持 websocket / websocket is not supported: use POST or GET")
		return
	}
	w.Header().Set("Allow", allowedMethods)
	writeRequestError(w, http.StatusMethodNotAllowed, apperr.BadUserInput,
		"不支持的请求方法 / method "+r.Method+" not allowed: use POST (or GET for queries)")
}

// execute runs params as gqlgen's transports do, with a per-request
// document memo for naming the fields of validation errors; over GET only
// queries run.
func execute(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor, params *graphql.RawParams, viaGET bool) {
	ctx := withDocMemo(r.Context())
	contentType := responseContentType(r)
	w.Header().Set("Content-Type", contentType)
	oc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			// the request is not a valid GraphQL request (parse, validation, variables)
			status = http.StatusUnprocessableEntity
			if contentType == mediaGraphQLResponse {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, oc), errs))
		return
	}
	if viaGET && oc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", "POST")
		writeRequestError(w, http.StatusMethodNotAllowed, apperr.BadUserInput,
			"GET 只能用于查询 / only queries may be sent with GET: send a "+string(oc.Operation.Operation)+" with POST")
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, oc)
	writeResponse(w, responses(ctx))
}

// responseContentType is application/graphql-response+json when the client
// asks for it before application/json, else application/json.
func responseContentType(r *http.Request) string {
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		switch mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part)); mt {
		case mediaGraphQLResponse:
			return mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			return mediaJSON
		}
	}
	return mediaJSON
}

func writeResponse(w io.Writer, resp *graphql.Response) {
	b, err := json.Marshal(resp)
	if err != nil {
		// a response that does not marshal is our fault, said without data
		b, _ = json.Marshal(map[string]any{"errors": []map[string]any{{
			"message": "internal error", "extensions": map[string]any{"code": string(apperr.Internal)}}}})
	}
	_, _ = w.Write(b)
}

// writeRequestError answers a request that never reached the executor:
// errors and no data.
func writeRequestError(w http.ResponseWriter, status int, code apperr.Code, msg string) {
	w.Header().Set("Content-Type", mediaJSON)
	w.WriteHeader(status)
	b, _ := json.Marshal(struct {
		Errors gqlerror.List `json:"errors"`
	}{gqlerror.List{{Message: msg, Extensions: map[string]any{"code": string(code)}}}})
	_, _ = w.Write(b)
}

// decodeJSON decodes one JSON value into v, numbers kept exact (as gqlgen
// does); anything after the value is refused.
func decodeJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// jsonProblem describes a decoding error without quoting the input.
func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return "invalid JSON: " + syntax.Error()
	case errors.As(err, &typ):
		if typ.Field != "" {
			return typ.Field + " must not be a JSON " + typ.Value
		}
		return "expected a JSON object, not a JSON " + typ.Value
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends too early"
	}
	return err.Error()
}
