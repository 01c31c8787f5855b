// Package export streams the main tables of the API as Excel workbooks:
// GET /export/<connection>.xlsx?where=<json>&orderBy=<json>.
//
// Each table runs the same ent query as the GraphQL connection of that name
// (the connection's `where` and `orderBy` arguments, decoded the same way)
// under the caller's viewer, so the ent privacy rules narrow or refuse the rows
// exactly as they do for the API. Column headers are Chinese (the agency's
// words); at most MaxRows rows are written, with a note row when cut.
package export

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"xiaoneng/ent"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/auth"
)

// MaxRows caps a workbook; the note row says how many rows matched.
const MaxRows = 10_000

// chunk is how many rows one database round trip reads.
const chunk = 500

// sheet is what a table writes: the sheet name, the headers, and the rows
// produced page by page.
type sheet struct {
	title   string
	headers []string
	widths  []float64
}

// pageFunc reads up to n rows after the cursor; it returns the rows, the
// connection's totalCount and the cursor of the last row (nil at the end).
type pageFunc func(ctx context.Context, after *ent.Cursor, n int) (rows [][]any, total int, next *ent.Cursor, err error)

// table builds a pageFunc from the where/orderBy query parameters.
type table struct {
	sheet
	build func(v *auth.Viewer, c *ent.Client, where, orderBy string) (pageFunc, error)
}

// badInput marks errors in the query parameters (400 BAD_USER_INPUT).
type badInput struct {
	field string
	err   error
}

func (b *badInput) Error() string { return b.err.Error() }

// Handler serves GET /export/<connection>.xlsx. Mount it behind the auth
// middleware: it needs the viewer in the request context.
func Handler(client *ent.Client) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "BAD_USER_INPUT", "", "only GET")
			return
		}
		v := viewerOf(w, r)
		if v == nil {
			return
		}
		name, ok := strings.CutSuffix(strings.TrimPrefix(r.URL.Path, "/export/"), ".xlsx")
		t, known := tables[name]
		if !ok || !known {
			writeError(w, http.StatusNotFound, "NOT_FOUND", "", "没有这张表 / no such table: "+name)
			return
		}
		q := r.URL.Query()
		page, err := t.build(v, client, q.Get("where"), q.Get("orderBy"))
		if err != nil {
			fail(w, r, err)
			return
		}
		f, err := write(r.Context(), t.sheet, page)
		if err != nil {
			fail(w, r, err)
			return
		}
		defer f.Close()
		file := fmt.Sprintf("%s-%s.xlsx", t.title, time.Now().In(zone).Format("20060102-1504"))
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition",
			fmt.Sprintf(`attachment; filename="%s.xlsx"; filename*=UTF-8''%s`, name, url.PathEscape(file)))
		w.Header().Set("Cache-Control", "no-store")
		if r.Method == http.MethodHead {
			return
		}
		if _, err := f.WriteTo(w); err != nil {
			slog.WarnContext(r.Context(), "export: writing the workbook", "table", name, "err", err)
		}
	})
}

// viewerOf is the caller, or nil after answering that there is none.
func viewerOf(w http.ResponseWriter, r *http.Request) *auth.Viewer {
	v := auth.FromContext(r.Context())
	if v != nil {
		return v
	}
	switch err := auth.AuthErrorFromContext(r.Context()); {
	case err == nil:
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "", "请先登录 / login required")
	case auth.IsInvalidToken(err):
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", "", "登录已失效，请重新登录 / token invalid or expired")
	default:
		// the credentials could not be checked (the database failed):
		// not a reason for the client to log the user out
		slog.ErrorContext(r.Context(), "export: checking the credentials", "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL", "", "暂时无法核对登录，请稍后再试 / could not check the login, try again")
	}
	return nil
}

func fail(w http.ResponseWriter, r *http.Request, err error) {
	var bad *badInput
	switch {
	case errors.As(err, &bad):
		writeError(w, http.StatusBadRequest, "BAD_USER_INPUT", bad.field, bad.err.Error())
	case errors.Is(err, privacy.Deny):
		writeError(w, http.StatusForbidden, "FORBIDDEN", "", "无权导出此表 / you may not read this table")
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		writeError(w, http.StatusServiceUnavailable, "INTERNAL", "", "导出超时 / export timed out")
	default:
		slog.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "err", err)
		writeError(w, http.StatusInternalServerError, "INTERNAL", "", "导出失败 / export failed")
	}
}

// write fills one sheet through excelize's StreamWriter, page by page.
func write(ctx context.Context, s sheet, page pageFunc) (*excelize.File, error) {
	f := excelize.NewFile()
	name := s.title
	if err := f.SetSheetName("Sheet1", name); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		f.Close()
		return nil, err
	}
	for i, wdt := range s.widths {
		if err := sw.SetColWidth(i+1, i+1, wdt); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		f.Close()
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE6F2"}},
		Alignment: &excelize.Alignment{Vertical: "center"},
	})
	if err != nil {
		f.Close()
		return nil, err
	}
	header := make([]any, len(s.headers))
	for i, h := range s.headers {
		header[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 20}); err != nil {
		f.Close()
		return nil, err
	}
	row := 2
	var after *ent.Cursor
	total := 0
	for written := 0; written < MaxRows; {
		n := min(chunk, MaxRows-written)
		rows, tot, next, err := page(ctx, after, n)
		if err != nil {
			f.Close()
			return nil, err
		}
		total = tot
		for _, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, r); err != nil {
				f.Close()
				return nil, err
			}
			row++
		}
		written += len(rows)
		if next == nil || len(rows) == 0 {
			break
		}
		after = next
	}
	if written := row - 2; total > written {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		note := fmt.Sprintf("注：共 %d 条，仅导出前 %d 条，请缩小筛选范围。 / Note: %d rows matched; only the first %d are included.",
			total, written, total, written)
		if err := sw.SetRow(cell, []any{note}); err != nil {
			f.Close()
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func writeError(w http.ResponseWriter, status int, code, field, msg string) {
	ext := map[string]any{"code": code}
	if field != "" {
		ext["field"] = field
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"errors": []map[string]any{{"message": msg, "extensions": ext}}}
	_ = jsonEncode(w, body)
}
