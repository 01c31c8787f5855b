package export

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"xiaoneng/ent"
	"xiaoneng/internal/importer"
)

// The importer's tables: GET /export/templates/<KIND>.xlsx|.csv (the
// template: Chinese headers, the example row, a sheet of notes) and GET
// /export/kinds/<KIND>.xlsx|.csv (the table's rows as the caller may read
// them, in the same columns: imported back, every row is unchanged).

// kindFile reads <KIND>.<xlsx|csv> from the path after prefix.
func kindFile(w http.ResponseWriter, r *http.Request, prefix string, kinds *importer.Registry) (importer.Kind, importer.Format, bool) {
	name := strings.TrimPrefix(r.URL.Path, prefix)
	base, ext, _ := strings.Cut(name, ".")
	var f importer.Format
	switch strings.ToLower(ext) {
	case "xlsx":
		f = importer.XLSX
	case "csv":
		f = importer.CSV
	default:
		writeError(w, http.StatusNotFound, "NOT_FOUND", "", "应为 <表>.xlsx 或 <表>.csv / want <KIND>.xlsx or <KIND>.csv")
		return importer.Kind{}, "", false
	}
	k, ok := kinds.Lookup(strings.ToUpper(base))
	if !ok {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "", "没有这张表 / no such table: "+base)
		return importer.Kind{}, "", false
	}
	return k, f, true
}

func sendFile(w http.ResponseWriter, r *http.Request, ascii, title string, f importer.Format, data []byte) {
	ext, ctype := ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	if f == importer.CSV {
		ext, ctype = ".csv", "text/csv; charset=utf-8"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s%s"; filename*=UTF-8''%s`, ascii, ext, url.PathEscape(title+ext)))
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(data)
}

// TemplateHandler serves the templates to any signed-in caller.
func TemplateHandler(kinds *importer.Registry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewerOf(w, r) == nil {
			return
		}
		k, f, ok := kindFile(w, r, "/export/templates/", kinds)
		if !ok {
			return
		}
		data, err := importer.Template(k, f)
		if err != nil {
			fail(w, r, err)
			return
		}
		sendFile(w, r, strings.ToLower(k.Name)+"-template", k.Title.Zh+"导入模板", f, data)
	})
}

// KindHandler serves a table's rows as the caller may read them (the ent
// privacy rules of its entities), in the template's columns.
func KindHandler(client *ent.Client, kinds *importer.Registry) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if viewerOf(w, r) == nil {
			return
		}
		k, f, ok := kindFile(w, r, "/export/kinds/", kinds)
		if !ok {
			return
		}
		data, err := importer.Export(r.Context(), client, k, f)
		if importer.IsTooManyRows(err) {
			writeError(w, http.StatusUnprocessableEntity, "BAD_USER_INPUT", "",
				fmt.Sprintf("超过 %d 行，无法导出为可导入的文件 / more than %d rows: too many for a file the importer reads", importer.MaxRows, importer.MaxRows))
			return
		}
		if err != nil {
			fail(w, r, err)
			return
		}
		sendFile(w, r, strings.ToLower(k.Name), k.Title.Zh+"-"+time.Now().In(zone).Format("20060102-1504"), f, data)
	})
}
