package responsibility_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/auditlog"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/responsibilityitem"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/responsibility"
	"xiaoneng/internal/seed"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

var kind = responsibility.ImportKind

// demo opens a fresh database of driver holding the demo agency.
func demo(t *testing.T, driver, dsn string) *ent.Client {
	t.Helper()
	dia := dialect.SQLite
	if driver == testdb.DriverPostgres {
		dia = dialect.Postgres
	}
	ctx := context.Background()
	st, err := store.OpenDSN(ctx, driver, dsn, dia)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := seed.Demo(ctx, st.Client, seed.Options{Now: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC),
		RaterSecret: []byte("the responsibility tests' rater secret")}); err != nil {
		t.Fatal(err)
	}
	return st.Client
}

func sys() context.Context { return privacy.DecisionContext(context.Background(), privacy.Allow) }

// viewer is the context of the demo account login, as the server makes it.
func viewer(t *testing.T, c *ent.Client, login string, subtree ...string) context.Context {
	t.Helper()
	acc, err := c.Account.Query().Where(account.Login(login)).WithStaff().Only(sys())
	if err != nil {
		t.Fatal(err)
	}
	v := &auth.Viewer{AccountID: acc.ID, Role: auth.Role(acc.Role), StaffID: acc.Edges.Staff.ID,
		DepartmentID: acc.Edges.Staff.DepartmentID, AllDepartments: acc.Role == account.RoleAdmin}
	for _, code := range subtree {
		v.Subtree = append(v.Subtree, dept(t, c, code))
	}
	return auth.NewContext(context.Background(), v)
}

func dept(t *testing.T, c *ent.Client, code string) int {
	t.Helper()
	id, err := c.Department.Query().Where(department.Code(code)).OnlyID(sys())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// result is what one file did: each line's outcome or problems.
type result struct {
	outcomes map[int]importer.Outcome
	problems map[int][]importer.Problem
	finish   []importer.Problem
}

// apply runs rows through a run of the kind inside one transaction, as the
// engine does, and commits it or (a dry run) rolls it back.
func apply(t *testing.T, ctx context.Context, c *ent.Client, rows []map[string]string, commit bool) result {
	t.Helper()
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	run, err := kind.Start(ctx, tx.Client())
	if err != nil {
		t.Fatal(err)
	}
	res := result{outcomes: map[int]importer.Outcome{}, problems: map[int][]importer.Problem{}}
	for i, values := range rows {
		line := i + 2
		out, probs, err := run.Row(ctx, importer.Row{Sheet: kind.Title.Zh, Line: line, Values: values})
		if err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if len(probs) > 0 {
			res.problems[line] = probs
		} else {
			res.outcomes[line] = out
		}
	}
	if res.finish, err = run.Finish(ctx); err != nil {
		t.Fatal(err)
	}
	if commit {
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return res
}

// export is the table as the kind writes it, each row by column key.
func export(t *testing.T, ctx context.Context, c *ent.Client) []map[string]string {
	t.Helper()
	var out []map[string]string
	err := kind.Export(ctx, c, func(values []string) error {
		if len(values) != len(kind.Columns) {
			return fmt.Errorf("%d values for %d columns", len(values), len(kind.Columns))
		}
		row := map[string]string{}
		for i, col := range kind.Columns {
			row[col.Key] = values[i]
		}
		out = append(out, row)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func audits(t *testing.T, c *ent.Client) int {
	t.Helper()
	n, err := c.AuditLog.Query().Where(auditlog.Entity("responsibility_item")).Count(sys())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportResponsibilityItems(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		c := demo(t, driver, dsn)
		admin := viewer(t, c, "admin")

		good := map[string]string{
			"list": "责任清单", "categoryPath": " 导入测试 / 给排水／下水道 ", "title": "下水道疏通",
			"keywords": "下水道、地漏,化粪池；地漏", "synonyms": "厕所堵了|返味", "responsibleDepartment": "AG10",
			"leadDepartment": "AG01", "respondWithinHours": "4", "resolveWithinDays": "2.0",
			"commitment": "接报后4个工作小时内到场。\n2个工作日内疏通。", "legalBasis": "《管理规定》", "contact": "6601", "status": "在用",
		}
		with := func(changes map[string]string) map[string]string {
			row := map[string]string{"categoryPath": "导入测试/错误", "title": "错误行"}
			for k, v := range changes {
				row[k] = v
			}
			return row
		}
		rows := []map[string]string{
			good, // line 2
			with(map[string]string{"title": "未知部门", "responsibleDepartment": "XX99"}),                // 3
			{"categoryPath": "导入测试/给排水/下水道", "title": "下水道疏通", "contact": "另一行"},                     // 4: line 2's item again
			with(map[string]string{"title": "时限非数字", "respondWithinHours": "四"}),                     // 5
			with(map[string]string{"title": "办结时限过长", "resolveWithinDays": "251"}),                   // 6
			with(map[string]string{"title": "清单类别错误", "list": "其他清单"}),                               // 7
			with(map[string]string{"title": "状态错误", "status": "废止"}),                                 // 8
			with(map[string]string{"title": "一线单位", "responsibleDepartment": "FL01"}),                // 9
			with(map[string]string{"title": "关键词过长", "keywords": "短词、" + strings.Repeat("长", 31)}),   // 10
			{"categoryPath": "导入测试/市政/井盖", "title": "井盖维修", "status": "停用", "resolveWithinDays": ""}, // 11: unowned, retired
			with(map[string]string{"title": " "}),                                                    // 12
			with(map[string]string{"categoryPath": "导入测试//空级", "title": "空的一级"}),                     // 13
			with(map[string]string{"title": "已有的事项", "categoryPath": "设施设备/给排水/落水管"}),                // 14: new (another title)
		}
		before := audits(t, c)
		res := apply(t, admin, c, rows, true)
		wantProblems := map[int]string{3: "responsibleDepartment", 4: "title", 5: "respondWithinHours", 6: "resolveWithinDays",
			7: "list", 8: "status", 9: "responsibleDepartment", 10: "keywords", 12: "title", 13: "categoryPath"}
		for line, col := range wantProblems {
			ps := res.problems[line]
			if len(ps) != 1 || ps[0].Line != line || ps[0].Column != col || ps[0].Message.Zh == "" || ps[0].Message.En == "" ||
				ps[0].Message.Zh == ps[0].Message.En {
				t.Errorf("line %d: problems %+v, want one on %s in both languages", line, ps, col)
			}
		}
		if !strings.Contains(res.problems[4][0].Message.En, "line 2") {
			t.Errorf("the repeated item does not name line 2: %+v", res.problems[4])
		}
		if fmt.Sprint(res.outcomes) != fmt.Sprint(map[int]importer.Outcome{2: importer.Created, 11: importer.Created, 14: importer.Created}) ||
			len(res.problems) != len(wantProblems) || len(res.finish) != 0 {
			t.Fatalf("outcomes %v, problems on %d lines, finish %v", res.outcomes, len(res.problems), res.finish)
		}
		// What line 2 wrote, read back: its values normalized as the API stores them.
		it, err := c.ResponsibilityItem.Query().Where(responsibilityitem.Title("下水道疏通")).Only(sys())
		if err != nil {
			t.Fatal(err)
		}
		if it.CategoryPath != "导入测试/给排水/下水道" || fmt.Sprint(it.Keywords) != "[下水道 地漏 化粪池]" ||
			fmt.Sprint(it.Synonyms) != "[厕所堵了 返味]" || *it.ResponsibleDepartmentID != dept(t, c, "AG10") ||
			*it.LeadDepartmentID != dept(t, c, "AG01") || it.RespondWithinHours != 4 || it.ResolveWithinDays != 2 ||
			it.Commitment != good["commitment"] || it.RetiredAt != nil {
			t.Fatalf("line 2 wrote %+v", it)
		}
		well, err := c.ResponsibilityItem.Query().Where(responsibilityitem.Title("井盖维修")).Only(sys())
		if err != nil || well.RetiredAt == nil || well.ResponsibleDepartmentID != nil || well.ResolveWithinDays != responsibility.DefaultResolveDays {
			t.Fatalf("line 11 wrote %+v (%v)", well, err)
		}
		if n := audits(t, c); n != before+3 {
			t.Fatalf("%d audit rows for 3 created items", n-before)
		}

		// A dry run: the same row is unchanged, a changed one updated, a
		// column the file lacks keeps its value — and nothing stays.
		before = audits(t, c)
		res = apply(t, admin, c, []map[string]string{
			good,
			{"categoryPath": "导入测试/市政/井盖", "title": "井盖维修", "contact": "6603"},
		}, false)
		if fmt.Sprint(res.outcomes) != fmt.Sprint(map[int]importer.Outcome{2: importer.Unchanged, 3: importer.Updated}) || len(res.problems) != 0 {
			t.Fatalf("dry run: %v %v", res.outcomes, res.problems)
		}
		if again, _ := c.ResponsibilityItem.Get(sys(), well.ID); again.Contact != "" || audits(t, c) != before {
			t.Fatal("the dry run left a change behind")
		}
		// Applied: only the contact changed; the item stays retired.
		apply(t, admin, c, []map[string]string{{"categoryPath": "导入测试/市政/井盖", "title": "井盖维修", "contact": "6603"}}, true)
		if again, _ := c.ResponsibilityItem.Get(sys(), well.ID); again.Contact != "6603" || again.RetiredAt == nil {
			t.Fatalf("after the update %+v", again)
		}

		// Export: every item, retired ones marked; line 2's item in its cells.
		rowsOut := export(t, admin, c)
		total, _ := c.ResponsibilityItem.Query().Count(sys())
		if len(rowsOut) != total {
			t.Fatalf("exported %d rows of %d items", len(rowsOut), total)
		}
		want := map[string]string{"list": "责任清单", "categoryPath": "导入测试/给排水/下水道", "title": "下水道疏通",
			"keywords": "下水道、地漏、化粪池", "synonyms": "厕所堵了、返味", "responsibleDepartment": "AG10", "leadDepartment": "AG01",
			"respondWithinHours": "4", "resolveWithinDays": "2", "commitment": good["commitment"], "legalBasis": "《管理规定》",
			"contact": "6601", "status": "在用"}
		i := slices.IndexFunc(rowsOut, func(r map[string]string) bool { return r["title"] == "下水道疏通" })
		if i < 0 || fmt.Sprint(rowsOut[i]) != fmt.Sprint(want) {
			t.Fatalf("exported %v, want %v", rowsOut[max(i, 0)], want)
		}
		if j := slices.IndexFunc(rowsOut, func(r map[string]string) bool { return r["title"] == "井盖维修" }); j < 0 || rowsOut[j]["status"] != "停用" {
			t.Fatal("the retired item is not exported as 停用")
		}

		// The export imports back unchanged: every row, nothing written.
		before = audits(t, c)
		res = apply(t, admin, c, rowsOut, true)
		for line := 2; line < len(rowsOut)+2; line++ {
			if res.outcomes[line] != importer.Unchanged {
				t.Errorf("line %d (%s): %v %v", line, rowsOut[line-2]["title"], res.outcomes[line], res.problems[line])
			}
		}
		if audits(t, c) != before {
			t.Fatal("importing the export wrote audit rows")
		}
		if again := export(t, admin, c); fmt.Sprint(again) != fmt.Sprint(rowsOut) {
			t.Fatal("the export changed after importing it")
		}
	})
}

// A LEADER's file changes their subtree's items only, through the same
// rules as the API; rows it leaves unchanged are no problem.
func TestImportAsLeader(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		c := demo(t, driver, dsn)
		leader := viewer(t, c, "leader2", "AG10")
		var office []map[string]string // 办公室's items
		for _, r := range export(t, leader, c) {
			if r["responsibleDepartment"] == "AG01" {
				office = append(office, r)
			}
		}
		if len(office) < 2 {
			t.Fatalf("%d items of 办公室 in the demo", len(office))
		}
		unchanged := office[0]
		changed := map[string]string{"categoryPath": office[1]["categoryPath"], "title": office[1]["title"], "contact": "改了"}
		res := apply(t, leader, c, []map[string]string{
			unchanged, // 2
			changed,   // 3: another department's item
			{"categoryPath": "导入测试/车棚", "title": "车棚维修", "responsibleDepartment": "AG10"}, // 4: own
			{"categoryPath": "导入测试/车棚", "title": "车棚照明", "responsibleDepartment": "AG01"}, // 5: for another
		}, true)
		if fmt.Sprint(res.outcomes) != fmt.Sprint(map[int]importer.Outcome{2: importer.Unchanged, 4: importer.Created}) {
			t.Fatalf("outcomes %v, problems %v", res.outcomes, res.problems)
		}
		for _, line := range []int{3, 5} {
			if ps := res.problems[line]; len(ps) != 1 || !strings.Contains(ps[0].Message.En, "subtree") {
				t.Errorf("line %d: %+v, want the leader's rule", line, ps)
			}
		}
	})
}

// The template's columns: distinct keys, both languages, category path
// and title required, and the example row imports as a new item.
func TestImportTemplate(t *testing.T) {
	keys := map[string]bool{}
	example := map[string]string{}
	var required []string
	for _, col := range kind.Columns {
		if keys[col.Key] || col.Header.Zh == "" || col.Header.En == "" || col.Note.Zh == "" || col.Note.En == "" {
			t.Errorf("column %+v: repeated or without both languages", col)
		}
		keys[col.Key] = true
		example[col.Key] = col.Example
		if col.Required {
			required = append(required, col.Key)
		}
	}
	if fmt.Sprint(required) != "[categoryPath title]" || kind.Name != "RESPONSIBILITY_ITEMS" || kind.SessionOnly {
		t.Fatalf("required %v, kind %s (session only %v)", required, kind.Name, kind.SessionOnly)
	}
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		c := demo(t, driver, dsn)
		example["categoryPath"] = "模板/" + example["categoryPath"] // beside the demo's own 下水道 item
		res := apply(t, viewer(t, c, "admin"), c, []map[string]string{example}, false)
		if res.outcomes[2] != importer.Created {
			t.Fatalf("the example row: %v %v", res.outcomes, res.problems)
		}
	})
}
