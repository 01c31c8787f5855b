package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"xiaoneng/graph"
	"xiaoneng/internal/app"
	"xiaoneng/internal/importer"
)

// upload is a file sent as a variable of a multipart request.
type upload struct {
	name string
	data []byte
}

func hasUpload(vars map[string]any) bool {
	for _, v := range vars {
		if _, ok := v.(upload); ok {
			return true
		}
	}
	return false
}

// doUpload sends a GraphQL request as the multipart request spec has it:
// operations (the upload variables null), map, then the files.
func (e *env) doUpload(t *testing.T, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	ops := map[string]any{}
	paths := map[string][]string{}
	var files []upload
	for k, v := range vars {
		if u, ok := v.(upload); ok {
			ops[k] = nil
			paths[fmt.Sprint(len(files))] = []string{"variables." + k}
			files = append(files, u)
			continue
		}
		ops[k] = v
	}
	opsJSON, _ := json.Marshal(map[string]any{"query": query, "variables": ops})
	mapJSON, _ := json.Marshal(paths)
	parts := []part{{"operations", "", opsJSON}, {"map", "", mapJSON}}
	for i, f := range files {
		parts = append(parts, part{fmt.Sprint(i), f.name, f.data})
	}
	return e.postMultipart(t, token, parts...)
}

// part is one part of a multipart body; file names mark files.
type part struct {
	name, file string
	data       []byte
}

func multipartBody(parts ...part) (string, []byte) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.file != "" {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, p.name, p.file))
			h.Set("Content-Type", "application/octet-stream")
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q`, p.name))
		}
		pw, _ := w.CreatePart(h)
		_, _ = pw.Write(p.data)
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func (e *env) postMultipart(t *testing.T, token string, parts ...part) gqlResponse {
	t.Helper()
	ctype, body := multipartBody(parts...)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(t, req)
}

const batchFields = `id kind fileName size sha256 status canApply progress { done total }
	failure { zh en } uploadedBy { login }
	report { format encoding sheet headerLine rows created updated unchanged problemCount ignoredColumns exampleLines
		problems { sheet line column header message { zh en } } }`

type batchOut struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	FileName string `json:"fileName"`
	Size     int    `json:"size"`
	Status   string `json:"status"`
	CanApply bool   `json:"canApply"`
	Progress struct {
		Done, Total int
	} `json:"progress"`
	Failure    *struct{ Zh, En string } `json:"failure"`
	UploadedBy *struct{ Login string }  `json:"uploadedBy"`
	Report     *struct {
		Format, Sheet                                 string
		Encoding                                      *string
		HeaderLine, Rows, Created, Updated, Unchanged int
		ProblemCount                                  int
		IgnoredColumns                                []string
		ExampleLines                                  []int
		Problems                                      []struct {
			Sheet          string
			Line           int
			Column, Header *string
			Message        struct{ Zh, En string }
		}
	} `json:"report"`
}

func (b batchOut) counts() string {
	if b.Report == nil {
		return b.Status + " (no report)"
	}
	r := b.Report
	return fmt.Sprintf("%s rows=%d created=%d updated=%d unchanged=%d problems=%d", b.Status, r.Rows, r.Created, r.Updated, r.Unchanged, r.ProblemCount)
}

// checkFile uploads a file with checkImport and waits for its report.
func (e *env) checkFile(t *testing.T, token, kind, name string, data []byte) batchOut {
	t.Helper()
	r := e.do(t, token, `mutation($k: ImportKind!, $f: Upload!) { checkImport(kind: $k, file: $f) { `+batchFields+` } }`,
		map[string]any{"k": kind, "f": upload{name, data}})
	var out struct{ CheckImport batchOut }
	r.ok(t, &out)
	return e.settle(t, token, out.CheckImport)
}

// settle polls importBatch until the batch's run ended.
func (e *env) settle(t *testing.T, token string, b batchOut) batchOut {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for b.Status == "CHECKING" || b.Status == "APPLYING" {
		if time.Now().After(deadline) {
			t.Fatalf("batch %s still %s after 60 s", b.ID, b.Status)
		}
		time.Sleep(50 * time.Millisecond)
		var out struct{ ImportBatch batchOut }
		e.do(t, token, `query($id: ID!) { importBatch(id: $id) { `+batchFields+` } }`, map[string]any{"id": b.ID}).ok(t, &out)
		b = out.ImportBatch
	}
	return b
}

func (e *env) applyBatch(t *testing.T, token, id string) (batchOut, string) {
	t.Helper()
	var out struct {
		ApplyImport struct {
			Batch      batchOut
			SecretsKey string
		}
	}
	e.do(t, token, `mutation($b: ID!) { applyImport(batch: $b) { secretsKey batch { `+batchFields+` } } }`,
		map[string]any{"b": id}).ok(t, &out)
	return e.settle(t, token, out.ApplyImport.Batch), out.ApplyImport.SecretsKey
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The whole flow over HTTP: a GBK CSV uploaded as a multipart request is
// checked (nothing written), applied on confirmation (written, one audit
// row), and an .xlsx with mistakes is reported line by line and refused.
func TestImportFlow(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		existing := asStr(e.scalar(t, `SELECT day FROM work_calendar WHERE kind = 'HOLIDAY' ORDER BY day LIMIT 1`))
		existingNote := asStr(e.scalar(t, `SELECT note FROM work_calendar WHERE day = ?`, existing))
		rows := asInt(e.scalar(t, `SELECT count(*) FROM work_calendar`))
		file := gbk(t, "日期,类型,备注,录入人\n"+existing+",节假日,"+existingNote+",张三\n2091-05-01,休,劳动节\n2091-05-09,班,调休上班\n")

		b := e.checkFile(t, admin, "WORK_CALENDAR", "日历.csv", file)
		if got, want := b.counts(), "CHECKED rows=3 created=2 updated=0 unchanged=1 problems=0"; got != want || !b.CanApply {
			t.Fatalf("check: %s (canApply %v), want %s", got, b.CanApply, want)
		}
		if r := b.Report; r.Format != "CSV" || r.Encoding == nil || *r.Encoding != "GB18030" || r.Sheet != "工作日历" ||
			fmt.Sprint(r.IgnoredColumns) != "[录入人]" || b.FileName != "日历.csv" || b.Size != len(file) ||
			b.UploadedBy == nil || b.UploadedBy.Login != "admin" || b.Progress.Done != 3 || b.Progress.Total != 3 {
			t.Errorf("batch %+v report %+v", b, *r)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM work_calendar`)); n != rows {
			t.Fatalf("the check wrote: %d dates, were %d", n, rows)
		}
		audits := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'apply_import'`))
		b, key := e.applyBatch(t, admin, b.ID)
		if got, want := b.counts(), "APPLIED rows=3 created=2 updated=0 unchanged=1 problems=0"; got != want || key == "" {
			t.Fatalf("apply: %s (key %q), want %s", got, key, want)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM work_calendar`)); n != rows+2 {
			t.Errorf("%d dates after the apply, want %d", n, rows+2)
		}
		if got := asStr(e.scalar(t, `SELECT kind FROM work_calendar WHERE day = '2091-05-09'`)); got != "WORKDAY" {
			t.Errorf("2091-05-09 is %s", got)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'apply_import'`)); n != audits+1 {
			t.Errorf("audit rows %d → %d, want one more", audits, n)
		}
		if r := e.do(t, admin, `mutation($b: ID!) { applyImport(batch: $b) { secretsKey } }`, map[string]any{"b": b.ID}); r.code() != "CONFLICT" {
			t.Errorf("applying again: %+v, want CONFLICT", r.Errors)
		}

		// an .xlsx with a title line, mistakes on lines 4 and 6
		x := excelize.NewFile()
		for i, row := range [][]any{{"2092 年工作日历"}, {}, {"日期", "类型", "备注"}, {"2092-13-01", "休"}, {"2092-01-02", "休", "元旦"}, {"2092-01-03", "周末"}} {
			at, _ := excelize.CoordinatesToCellName(1, i+1)
			_ = x.SetSheetRow("Sheet1", at, &row)
		}
		var buf bytes.Buffer
		_, _ = x.WriteTo(&buf)
		b = e.checkFile(t, admin, "WORK_CALENDAR", "日历.xlsx", buf.Bytes())
		if got, want := b.counts(), "CHECKED rows=3 created=1 updated=0 unchanged=0 problems=2"; got != want || b.CanApply {
			t.Fatalf("the .xlsx: %s (canApply %v), want %s", got, b.CanApply, want)
		}
		for i, want := range []struct {
			line           int
			column, header string
		}{{4, "date", "日期"}, {6, "kind", "类型"}} {
			p := b.Report.Problems[i]
			if p.Line != want.line || p.Column == nil || *p.Column != want.column || p.Header == nil || *p.Header != want.header ||
				p.Sheet != "Sheet1" || p.Message.Zh == "" || p.Message.En == "" {
				t.Errorf("problem %d: %+v, want line %d column %s", i, p, want.line, want.column)
			}
		}
		if b.Report.Format != "XLSX" || b.Report.Encoding != nil || b.Report.HeaderLine != 3 {
			t.Errorf("report %+v", *b.Report)
		}
		if r := e.do(t, admin, `mutation($b: ID!) { applyImport(batch: $b) { secretsKey } }`, map[string]any{"b": b.ID}); r.code() != "CONFLICT" {
			t.Errorf("applying a file with problems: %+v, want CONFLICT", r.Errors)
		}

		var list struct{ ImportBatches []batchOut }
		e.do(t, admin, `{ importBatches(kind: WORK_CALENDAR) { id status } }`, nil).ok(t, &list)
		if len(list.ImportBatches) != 2 || list.ImportBatches[0].ID != b.ID || list.ImportBatches[1].Status != "APPLIED" {
			t.Errorf("importBatches %+v", list.ImportBatches)
		}
		// another account sees neither
		leader := e.tkLogin(t, "leader")
		if r := e.do(t, leader, `query($id: ID!) { importBatch(id: $id) { id } }`, map[string]any{"id": b.ID}); r.code() != "NOT_FOUND" {
			t.Errorf("the leader reading the admin's batch: %+v", r.Errors)
		}
		if r := e.do(t, leader, `{ importBatches { id } }`, nil); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"importBatches":[]`) {
			t.Errorf("the leader's batches: %s %+v", r.Data, r.Errors)
		}
	})
}

// importKinds describes the tables this server imports.
func TestImportKinds(t *testing.T) {
	forEachDialect(t, func(t *testing.T, e *env) {
		var out struct {
			ImportKinds []struct {
				Kind        string
				Title       struct{ Zh, En string }
				SessionOnly bool
				Columns     []struct {
					Key      string
					Header   struct{ Zh, En string }
					Required bool
					Example  string
				}
			}
		}
		e.do(t, e.tkLogin(t, "staff"), `{ importKinds { kind title { zh en } sessionOnly columns { key header { zh en } required example } } }`, nil).ok(t, &out)
		var cal string
		for _, k := range out.ImportKinds {
			if k.Kind == "WORK_CALENDAR" {
				for _, c := range k.Columns {
					cal += fmt.Sprintf("%s:%s/%s:%v ", c.Key, c.Header.Zh, c.Header.En, c.Required)
				}
				if k.Title.Zh != "工作日历" || k.SessionOnly {
					t.Errorf("WORK_CALENDAR %+v", k)
				}
			}
		}
		if want := "date:日期/Date:true kind:类型/Kind:true note:备注/Note:false "; cal != want {
			t.Errorf("WORK_CALENDAR's columns %q, want %q", cal, want)
		}
	})
}

// Uploads are multipart requests with a credential and a file of at most
// MaxUploadBytes; anything else is refused before it runs, with a code.
func TestUploadRequests(t *testing.T) {
	e := newEnv(t, "sqlite", false)
	admin := e.tkLogin(t, "admin")
	q := `mutation($k: ImportKind!, $f: Upload!) { checkImport(kind: $k, file: $f) { id status } }`
	ops := func(vars map[string]any) []byte {
		b, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
		return b
	}
	vars := map[string]any{"k": "WORK_CALENDAR", "f": nil}
	fileMap := []byte(`{"0": ["variables.f"]}`)
	file := func(n int) part { return part{"0", "big.csv", bytes.Repeat([]byte("a"), n)} }
	cases := []struct {
		name   string
		token  string
		parts  []part
		status int
		code   string
	}{
		{"largest file", admin, []part{{"operations", "", ops(vars)}, {"map", "", fileMap}, file(graph.MaxUploadBytes)}, 200, ""},
		{"one byte more", admin, []part{{"operations", "", ops(vars)}, {"map", "", fileMap}, file(graph.MaxUploadBytes + 1)}, 413, "BAD_USER_INPUT"},
		{"no credential", "", []part{{"operations", "", ops(vars)}, {"map", "", fileMap}, file(10)}, 401, "UNAUTHENTICATED"},
		{"map first", admin, []part{{"map", "", fileMap}, {"operations", "", ops(vars)}, file(10)}, 400, "BAD_USER_INPUT"},
		{"no map", admin, []part{{"operations", "", ops(vars)}, file(10)}, 400, "BAD_USER_INPUT"},
		{"file the map does not name", admin, []part{{"operations", "", ops(vars)}, {"map", "", fileMap}, {"1", "x.csv", []byte("x")}}, 400, "BAD_USER_INPUT"},
		{"file missing", admin, []part{{"operations", "", ops(vars)}, {"map", "", fileMap}}, 400, "BAD_USER_INPUT"},
		{"the file variable left null", admin, []part{{"operations", "", ops(vars)}, {"map", "", []byte(`{"0": ["variables.g"]}`)}, file(10)}, 422, "BAD_USER_INPUT"},
		{"a path outside the variables", admin, []part{{"operations", "", ops(vars)}, {"map", "", []byte(`{"0": ["query"]}`)}, file(10)}, 400, "BAD_USER_INPUT"},
		{"operations not JSON", admin, []part{{"operations", "", []byte("{")}, {"map", "", fileMap}, file(10)}, 400, "BAD_USER_INPUT"},
		{"a batch", admin, []part{{"operations", "", []byte("[" + string(ops(vars)) + "]")}, {"map", "", fileMap}, file(10)}, 400, "BAD_USER_INPUT"},
		{"operations over 1 MiB", admin, []part{{"operations", "", append(ops(vars), bytes.Repeat([]byte(" "), graph.MaxOperationsBytes)...)}, {"map", "", fileMap}, file(10)}, 413, "BAD_USER_INPUT"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.postMultipart(t, c.token, c.parts...)
			if r.Status != c.status || r.code() != c.code {
				t.Errorf("status %d code %q, want %d %q: %+v", r.Status, r.code(), c.status, c.code, r.Errors)
			}
		})
	}
	t.Run("body over the upload cap", func(t *testing.T) {
		// the declared length alone refuses it, before anything is read
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", io.LimitReader(zeros{}, app.MaxUploadBodyBytes+1))
		req.ContentLength = app.MaxUploadBodyBytes + 1
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		req.Header.Set("Authorization", "Bearer "+admin)
		if r := send(t, req); r.Status != 413 || r.code() != "BAD_USER_INPUT" {
			t.Errorf("status %d %+v", r.Status, r.Errors)
		}
	})
	t.Run("JSON body stays at 1 MiB", func(t *testing.T) {
		body := append([]byte(`{"query": "{ viewer { role } }"}`), bytes.Repeat([]byte(" "), app.MaxBodyBytes)...)
		if r := e.post(t, admin, body); r.Status != 413 {
			t.Errorf("a JSON body over 1 MiB: status %d", r.Status)
		}
	})
	t.Run("an upload where a string goes", func(t *testing.T) {
		r := e.do(t, admin, `mutation($f: String!) { importWorkCalendar(csv: $f) { inserted } }`, map[string]any{"f": upload{"x.csv", []byte("x")}})
		if r.code() != "BAD_USER_INPUT" {
			t.Errorf("%+v", r.Errors)
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// fetch GETs path with the token.
func (e *env) fetch(t *testing.T, token, path string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

// Every kind's template reads back as its columns, and every kind's export,
// in both formats, imports back as every row unchanged.
func TestTemplatesAndExportsRoundTrip(t *testing.T) {
	tkEachFresh(t, func(t *testing.T, e *env) {
		admin := e.tkLogin(t, "admin")
		kinds := e.app.Imports.Kinds().Kinds()
		if len(kinds) == 0 {
			t.Fatal("no kinds registered")
		}
		for _, k := range kinds {
			for _, f := range []string{"xlsx", "csv"} {
				t.Run(k.Name+"."+f, func(t *testing.T) {
					status, h, tmpl := e.fetch(t, admin, "/export/templates/"+k.Name+"."+f)
					if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
						t.Fatalf("template: %d %s", status, tmpl)
					}
					b := e.checkFile(t, admin, k.Name, "template."+f, tmpl)
					if b.Status != "CHECKED" || b.CanApply || b.Report.Rows != 0 || b.Report.ProblemCount != 1 || b.Report.Problems[0].Line != 0 ||
						fmt.Sprint(b.Report.ExampleLines) != "[2]" {
						t.Errorf("the template checked: %s, example lines %v, want no data rows (the file's one problem)", b.counts(), b.Report.ExampleLines)
					}
					status, _, data := e.fetch(t, admin, "/export/kinds/"+k.Name+"."+f)
					if status != 200 {
						t.Fatalf("export: %d %s", status, data)
					}
					b = e.checkFile(t, admin, k.Name, "export."+f, data)
					if b.Status != "CHECKED" || b.Report.Rows == 0 || b.Report.Unchanged != b.Report.Rows || b.Report.ProblemCount != 0 {
						t.Errorf("the export imported back: %s, want every row unchanged", b.counts())
					}
				})
			}
		}
		cal, _ := e.app.Imports.Kinds().Lookup("WORK_CALENDAR")
		_, _, csv := e.fetch(t, admin, "/export/templates/work_calendar.csv")
		if want := "\ufeff日期,类型,备注\r\n" + cal.Columns[0].Example + "," + cal.Columns[1].Example + "," + cal.Columns[2].Example + "\r\n"; string(csv) != want {
			t.Errorf("the CSV template %q, want %q", csv, want)
		}
		for _, c := range []struct {
			token, path string
			status      int
			code        string
		}{
			{"", "/export/templates/WORK_CALENDAR.xlsx", 401, "UNAUTHENTICATED"},
			{"", "/export/kinds/WORK_CALENDAR.csv", 401, "UNAUTHENTICATED"},
			{admin, "/export/kinds/NO_SUCH.csv", 404, "NOT_FOUND"},
			{admin, "/export/templates/WORK_CALENDAR.pdf", 404, "NOT_FOUND"},
		} {
			status, _, body := e.fetch(t, c.token, c.path)
			if status != c.status || errorCode(t, body) != c.code {
				t.Errorf("%s: %d %s, want %d %s", c.path, status, body, c.status, c.code)
			}
		}
	})
}

// The one-time passwords of an applied batch are shown once, to its
// uploader, in a login session (the batch is made here: no kind of this
// server makes passwords yet).
func TestImportSecretsOverHTTP(t *testing.T) {
	e := newEnv(t, "sqlite", false)
	admin := e.tkLogin(t, "admin")
	id, key := e.sealedBatch(t, "admin", []importer.Secret{{Login: "zhangsan", Password: "初始密码-1"}})
	q := `mutation($b: ID!, $k: String!) { importSecrets(batch: $b, key: $k) { login password } }`
	other, _ := importer.NewSecretsKey()
	if r := e.do(t, admin, q, map[string]any{"b": id, "k": other}); r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "key" {
		t.Errorf("another key: %+v", r.Errors)
	}
	var out struct {
		ImportSecrets []struct{ Login, Password string }
	}
	e.do(t, admin, q, map[string]any{"b": id, "k": key}).ok(t, &out)
	if fmt.Sprint(out.ImportSecrets) != "[{zhangsan 初始密码-1}]" {
		t.Errorf("secrets %v", out.ImportSecrets)
	}
	if r := e.do(t, admin, q, map[string]any{"b": id, "k": key}); r.code() != "CONFLICT" {
		t.Errorf("twice: %+v", r.Errors)
	}
}

// sealedBatch stores an APPLIED batch of login's holding secrets sealed
// under a new key, as an apply leaves it; it returns the id and the key.
func (e *env) sealedBatch(t *testing.T, login string, secrets []importer.Secret) (string, string) {
	t.Helper()
	key, err := importer.NewSecretsKey()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := importer.SealSecrets(key, secrets)
	if err != nil {
		t.Fatal(err)
	}
	acc := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = ?`, login))
	b, err := e.tkClient().ImportBatch.Create().SetKind("ACCOUNTS").SetFileName("accounts.csv").SetSize(1).
		SetSha256("-").SetAccountID(acc).SetStatus("APPLIED").SetSecretsSealed(sealed).Save(tkSys())
	if err != nil {
		t.Fatal(err)
	}
	return tkID(b.ID), key
}
