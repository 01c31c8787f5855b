package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xiaoneng/ent"
	"xiaoneng/internal/auth"
)

// fakePages serves total rows in pages, like a connection.
func fakePages(total int) pageFunc {
	return func(_ context.Context, after *ent.Cursor, n int) ([][]any, int, *ent.Cursor, error) {
		start := 0
		if after != nil {
			start = after.ID
		}
		var rows [][]any
		for i := start; i < min(total, start+n); i++ {
			rows = append(rows, []any{i + 1, "行"})
		}
		end := start + len(rows)
		if end >= total {
			return rows, total, nil, nil
		}
		return rows, total, &ent.Cursor{ID: end}, nil
	}
}

func readBack(t *testing.T, f *excelize.File) [][]string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, err := g.GetRows("测试")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestWriteCapsWithANote(t *testing.T) {
	s := sheet{title: "测试", headers: []string{"序号", "内容"}}
	f, err := write(context.Background(), s, fakePages(MaxRows+123))
	if err != nil {
		t.Fatal(err)
	}
	rows := readBack(t, f)
	// header + MaxRows data rows + the note
	if len(rows) != MaxRows+2 {
		t.Fatalf("%d rows, want %d", len(rows), MaxRows+2)
	}
	if rows[0][0] != "序号" || rows[1][0] != "1" || rows[MaxRows][0] != "10000" {
		t.Fatalf("unexpected rows: %v … %v", rows[:2], rows[MaxRows])
	}
	if note := rows[MaxRows+1][0]; !strings.Contains(note, "10123") || !strings.Contains(note, "10000") {
		t.Fatalf("note %q", note)
	}
}

func TestWriteSmallNoNote(t *testing.T) {
	s := sheet{title: "测试", headers: []string{"序号", "内容"}}
	f, err := write(context.Background(), s, fakePages(1234))
	if err != nil {
		t.Fatal(err)
	}
	if rows := readBack(t, f); len(rows) != 1235 {
		t.Fatalf("%d rows, want 1235", len(rows))
	}
}

func TestDecodeWhereTurnsIDStringsIntoInts(t *testing.T) {
	var w ent.TaskWhereInput
	err := decodeWhere(`{"leadDepartmentIDIn":["21474836482"],"hasCoDepartmentsWith":[{"id":"7"}],"statusIn":["NEW"],"or":[{"idGT":"5"}]}`, &w)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.LeadDepartmentIDIn) != 1 || w.LeadDepartmentIDIn[0] != 21474836482 {
		t.Fatalf("leadDepartmentIDIn %v", w.LeadDepartmentIDIn)
	}
	if *w.HasCoDepartmentsWith[0].ID != 7 || *w.Or[0].IDGT != 5 || string(w.StatusIn[0]) != "NEW" {
		t.Fatalf("nested: %+v", w)
	}
	if err := decodeWhere(`{"nope":1}`, &w); err == nil {
		t.Fatal("unknown field accepted")
	}
	if err := decodeWhere(`{"id":"x"}`, &w); err == nil {
		t.Fatal("bad ID accepted")
	}
	if err := decodeWhere(`[1]`, &w); err == nil {
		t.Fatal("array accepted")
	}
}

// A request without a viewer is UNAUTHENTICATED (401) when it brought no
// credentials or refused ones, and an internal error (500) when they could
// not be checked: the SPA logs the user out on the first, not the second.
func TestHandlerRefusesWithoutViewer(t *testing.T) {
	cases := []struct {
		name   string
		ctx    context.Context
		status int
		code   string
	}{
		{"no credentials", context.Background(), http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"refused", auth.WithAuthError(context.Background(), fmt.Errorf("%w: expired", auth.ErrInvalidToken)), http.StatusUnauthorized, "UNAUTHENTICATED"},
		{"unchecked", auth.WithAuthError(context.Background(), errors.New("database is locked")), http.StatusInternalServerError, "INTERNAL"},
	}
	for _, c := range cases {
		rec := httptest.NewRecorder()
		Handler(nil).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export/tasks.xlsx", nil).WithContext(c.ctx))
		var body struct {
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 {
			t.Fatalf("%s: %d %s (%v)", c.name, rec.Code, rec.Body, err)
		}
		if rec.Code != c.status || body.Errors[0].Extensions["code"] != c.code {
			t.Fatalf("%s: %d %v, want %d %s", c.name, rec.Code, body.Errors[0].Extensions["code"], c.status, c.code)
		}
	}
}
