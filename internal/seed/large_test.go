package seed

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

// tinyScale is the scale generator's smoke-test size: every planted
// division exists, the run takes about a second.
var tinyScale = Scale{Name: "tiny", Divisions: 7, Sections: 2, Frontline: 3, Staff: 120, Tasks: 1500, Ratings: 600, Quarters: 1}

func openStore(t *testing.T, driver, dsn string) *store.Store {
	t.Helper()
	if driver == testdb.DriverSQLite {
		// the product's own pragmas (UTC time text), on the test's file
		dsn = store.SQLiteDSN(strings.TrimPrefix(strings.SplitN(dsn, "?", 2)[0], "file:"))
	}
	st, err := store.OpenDSN(context.Background(), driver, dsn, testdb.EntDialect(driver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func generate(t *testing.T, st *store.Store, force bool) *LargeSummary {
	t.Helper()
	sum, err := Large(context.Background(), st.DB, st.Dialect, LargeOptions{Scale: tinyScale, Seed: 7, Now: testNow, Force: force, RaterSecret: testRaterSecret})
	if err != nil {
		t.Fatalf("generating: %v", err)
	}
	return sum
}

// TestLargeSmoke generates a tiny agency with the scale generator on both
// dialects and checks that the rows are valid for the product: the counts
// asked for, foreign keys intact, IDs inside each table's global-ID range
// and sequences past them, ent reads everything (node IDs resolve), the
// rollup matches the assignments, and the same seed gives the same rows
// on both databases and on a second run.
func TestLargeSmoke(t *testing.T) {
	digests := map[string]string{}
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st := openStore(t, driver, dsn)
		ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		sum := generate(t, st, false)
		t.Logf("%s: %v in %v", driver, sum.Rows, sum.Elapsed.Round(time.Millisecond))
		for table, want := range map[string]int{"tasks": tinyScale.Tasks, "ratings": tinyScale.Ratings,
			"departments": tinyScale.Departments(), "staff": tinyScale.Staff} {
			if got := count(t, st.DB, table); got != want || sum.Rows[table] != want {
				t.Errorf("%s: %d rows (summary %d), want %d", table, got, sum.Rows[table], want)
			}
		}
		if a, n := count(t, st.DB, "task_assignments"), tinyScale.Tasks; a < 2*n || a > 4*n {
			t.Errorf("%d assignments for %d tasks", a, n)
		}
		if e, n := count(t, st.DB, "task_events"), tinyScale.Tasks; e < n*5/4 || e > 2*n {
			t.Errorf("%d events for %d tasks", e, n)
		}

		// Foreign keys.
		if driver == testdb.DriverSQLite {
			var n int
			if err := st.DB.QueryRow(`SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&n); err != nil || n != 0 {
				t.Fatalf("foreign_key_check: %d violations (%v)", n, err)
			}
		} else {
			var fks, invalid int
			if err := st.DB.QueryRow(`SELECT COUNT(*), COUNT(*) FILTER (WHERE NOT convalidated) FROM pg_constraint WHERE contype = 'f'`).Scan(&fks, &invalid); err != nil {
				t.Fatal(err)
			}
			var idx int
			if err := st.DB.QueryRow(`SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('tasks', 'task_assignments', 'task_events', 'ratings')`).Scan(&idx); err != nil {
				t.Fatal(err)
			}
			if fks < 40 || invalid != 0 || idx < 20 {
				t.Fatalf("after the load: %d foreign keys (%d not validated), %d indexes on the big tables", fks, invalid, idx)
			}
		}
		// The references the metrics rely on hold.
		for _, q := range []string{
			`SELECT COUNT(*) FROM task_assignments a JOIN tasks t ON t.id = a.task_id WHERE a.created_at > t.updated_at`,
			`SELECT COUNT(*) FROM tasks WHERE due_at < start_at OR (status = 'DONE') <> (completed_at IS NOT NULL)`,
			`SELECT COUNT(*) FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE e.at < t.created_at`,
			`SELECT COUNT(*) FROM rectifications r JOIN ratings g ON g.id = r.rating_id WHERE g.score > 2 OR r.department_id <> g.target_department_id`,
			`SELECT COUNT(*) FROM ratings WHERE created_at > ` + nowLit(st.Dialect),
		} {
			if n := scalarInt(t, st.DB, q); n != 0 {
				t.Errorf("%d rows: %s", n, q)
			}
		}

		// IDs inside each table's range; the sequences continue past them.
		// (data_versions is one row with the fixed id 1, not an entity the
		// API shows.)
		for table, start := range idStarts() {
			if table == "data_versions" {
				continue
			}
			var lo, hi sql.NullInt64
			if err := st.DB.QueryRow(`SELECT MIN(id), MAX(id) FROM `+table).Scan(&lo, &hi); err != nil {
				t.Fatal(err)
			}
			if lo.Valid && (lo.Int64 < int64(start) || hi.Int64 >= int64(start)+1<<32) {
				t.Errorf("%s: IDs %d…%d outside [%d, %d)", table, lo.Int64, hi.Int64, start, int64(start)+1<<32)
			}
		}
		c := st.Client
		lead := c.Department.Query().FirstX(ctx)
		nt := c.Task.Create().SetTitle("新任务").SetKind(task.KindRoutine).SetLeadDepartmentID(lead.ID).
			SetStartAt(testNow).SetDueAt(testNow.Add(48 * time.Hour)).SaveX(ctx)
		if maxID := int64(scalarInt(t, st.DB, `SELECT MAX(id) FROM tasks WHERE id <> `+fmt.Sprint(nt.ID))); int64(nt.ID) <= maxID {
			t.Fatalf("a new task got ID %d, not past the generated ones (max %d)", nt.ID, maxID)
		}
		c.Task.DeleteOneID(nt.ID).ExecX(ctx)

		// ent reads it all, and global IDs resolve to their types.
		ts := c.Task.Query().WithAssignments().WithLeadDepartment().WithCoDepartments().WithEvents().Limit(200).AllX(ctx)
		for _, tk := range ts {
			if tk.Edges.LeadDepartment == nil || len(tk.Edges.Events) == 0 {
				t.Fatalf("task %d: lead %v, %d events", tk.ID, tk.Edges.LeadDepartment, len(tk.Edges.Events))
			}
		}
		rt := c.Rating.Query().WithRectification().WithTargetDepartment().Limit(50).AllX(ctx)
		if len(rt) == 0 {
			t.Fatal("no ratings read")
		}
		for _, id := range []int{ts[0].ID, rt[0].ID, ts[0].Edges.Assignments[0].StaffID, ts[0].LeadDepartmentID} {
			if _, err := c.Noder(ctx, id); err != nil {
				t.Fatalf("node %d: %v", id, err)
			}
		}
		c.Staff.Query().WithDepartment().AllX(ctx)
		c.Account.Query().WithStaff().AllX(ctx)
		c.Rectification.Query().WithTask().AllX(ctx)
		c.ServiceVisit.Query().AllX(ctx)
		c.Complaint.Query().AllX(ctx)
		c.ResponsibilityItem.Query().AllX(ctx)
		c.WorkCalendar.Query().AllX(ctx)

		// The rollup was built and matches the direct computation.
		want, err := rollup.Compute(ctx, st.DB)
		if err != nil {
			t.Fatal(err)
		}
		got, err := rollup.Stored(ctx, st.DB)
		if err != nil {
			t.Fatal(err)
		}
		if d := rollup.Diff(got, want, 1e-9, 5); len(got) == 0 || len(d) > 0 {
			t.Fatalf("rollup (%d cells) differs from the direct computation: %v", len(got), d)
		}
		wantR, err := rollup.ComputeRatings(ctx, st.DB, st.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		gotR, err := rollup.StoredRatings(ctx, st.DB, st.Dialect)
		if err != nil {
			t.Fatal(err)
		}
		if d := rollup.DiffRatings(gotR, wantR, 5); len(gotR) == 0 || len(d) > 0 {
			t.Fatalf("ratings rollup (%d cells) differs from the ratings: %v", len(gotR), d)
		}
		for _, c := range rollup.Copies {
			if n, err := c.Mismatches(ctx, st.DB, st.Dialect); err != nil || n > 0 {
				t.Fatalf("%d %s differ from %s (%v)", n, c.Rows, c.Source, err)
			}
		}

		digests[driver] = largeDigest(t, st.DB)

		// A non-empty database is refused; --force replaces it, identically.
		if _, err := Large(context.Background(), st.DB, st.Dialect, LargeOptions{Scale: tinyScale, Seed: 7, Now: testNow, RaterSecret: testRaterSecret}); !errors.Is(err, ErrAlreadySeeded) {
			t.Fatalf("second run without force: %v, want ErrAlreadySeeded", err)
		}
		generate(t, st, true)
		if d := largeDigest(t, st.DB); d != digests[driver] {
			t.Fatalf("a forced second run with the same seed gave other rows")
		}
	})
	if a, b := digests[testdb.DriverSQLite], digests[testdb.DriverPostgres]; a != "" && b != "" && a != b {
		t.Fatalf("the same seed gave other rows on SQLite and PostgreSQL: %s vs %s", a, b)
	}
}

// TestLargePlanted: the tiny agency already shows the planted problems.
func TestLargePlanted(t *testing.T) {
	st := openStore(t, testdb.DriverSQLite, testdb.NewSQLiteURL(t))
	generate(t, st, false)
	mean := func(div string) float64 {
		return scalarFloat(t, st.DB, `SELECT AVG(r.score) FROM ratings r JOIN departments d ON d.id = r.target_department_id
			JOIN departments v ON v.id = d.parent_id WHERE v.name = ?`, div)
	}
	if s, o := mean("物资供应部"), mean("办公室"); s > 3 || o < 3.5 {
		t.Errorf("mean score 物资供应部 %.2f, 办公室 %.2f: want the first below 3, the second above 3.5", s, o)
	}
	if n := scalarInt(t, st.DB, `SELECT COUNT(*) FROM task_events WHERE type = 'TRANSFERRED' AND ping_pong`); n == 0 {
		t.Error("no ping-pong transfers")
	}
	share := func(div string) float64 {
		// lead department's hours / task hours, over cross-department tasks it leads
		return scalarFloat(t, st.DB, `SELECT AVG(l.h / a.h) FROM tasks t
			JOIN departments d ON d.id = t.lead_department_id JOIN departments v ON v.id = d.parent_id
			JOIN (SELECT task_id, SUM(hours) AS h FROM task_assignments GROUP BY task_id) a ON a.task_id = t.id
			JOIN (SELECT x.task_id, SUM(x.hours) AS h FROM task_assignments x JOIN staff s ON s.id = x.staff_id
			      JOIN tasks y ON y.id = x.task_id WHERE s.department_id = y.lead_department_id GROUP BY x.task_id) l ON l.task_id = t.id
			WHERE v.name = ? AND EXISTS (SELECT 1 FROM task_co_departments c WHERE c.task_id = t.id)`, div)
	}
	if p, s := share("政治处"), share("安全环保部"); p > 0.15 || s < 0.85 {
		t.Errorf("lead share 政治处 %.2f, 安全环保部 %.2f: want < 0.15 and > 0.85", p, s)
	}
	meet := scalarFloat(t, st.DB, `SELECT SUM(CASE WHEN t.kind IN ('MEETING','LEDGER') THEN a.hours ELSE 0 END) / SUM(a.hours)
		FROM task_assignments a JOIN tasks t ON t.id = a.task_id JOIN staff s ON s.id = a.staff_id
		JOIN departments d ON d.id = s.department_id JOIN departments v ON v.id = d.parent_id WHERE v.name = '党建工作部(机关党委)'`)
	if meet < 0.5 {
		t.Errorf("meetings and ledgers take %.2f of 党建工作部's hours, want > 0.5", meet)
	}
}

func nowLit(dia string) string {
	if dia == dialect.Postgres {
		return fmt.Sprintf("to_timestamp(%d)", testNow.Unix())
	}
	return "'" + testNow.UTC().Format("2006-01-02 15:04:05") + "+00:00'"
}

func count(t *testing.T, db *sql.DB, table string) int {
	return scalarInt(t, db, `SELECT COUNT(*) FROM `+table)
}

func scalarInt(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func scalarFloat(t *testing.T, db *sql.DB, q string, args ...any) float64 {
	t.Helper()
	var n sql.NullFloat64
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n.Float64
}

// digestTables are hashed by largeDigest: every generated column but the
// password hash (salted) and JSON (formatted differently by each database).
var digestTables = []struct{ table, cols, order string }{
	{"departments", "id, created_at, name, code, kind, visit_quota_per_year, sort_order, parent_id", "id"},
	{"staff", "id, name, employee_no, position, rank, weekly_capacity_hours, secondment_from, active, department_id, mentor_id, seconded_to_id", "id"},
	{"accounts", "id, login, role, staff_id", "id"},
	{"tasks", "id, created_at, updated_at, title, description, kind, priority, status, start_at, due_at, completed_at, cost_estimate, cost_actual, lead_received_at, cancel_reason, lead_department_id, requesting_unit_id, first_responder_id, responsibility_item_id, created_by_id", "id"},
	{"task_co_departments", "task_id, department_id", "task_id, department_id"},
	{"task_assignments", "id, created_at, hours, actual_hours, task_id, staff_id", "id"},
	{"task_events", "id, type, reason, from_status, to_status, ping_pong, late, at, task_id, actor_id, from_department_id, to_department_id", "id"},
	{"service_visits", "id, visited_at, purpose, problems_solved, confirmed, confirmed_at, department_id, staff_id, unit_id, confirmed_by_id", "id"},
	{"ratings", "id, created_at, rater_key, score, responsiveness, resolution, attitude, comment, anonymous, appeal_status, appeal_decided_at, rater_id, rater_unit_id, target_department_id, task_id, visit_id", "id"},
	{"rectifications", "id, status, due_at, answer, answered_at, verdict, judged_at, reopen_count, closed_at, rating_id, task_id, department_id", "id"},
	{"complaints", "id, tracking_code, category, status, received_at, decided_at, resolved_at, department_id, staff_id, handler_id", "id"},
	{"staff_week_loads", "staff_id, week_start, hours, meeting_hours, ledger_hours", "staff_id, week_start"},
}

// largeDigest hashes the generated rows, with values written the same way
// whatever the database (times as Unix microseconds, floats to 1e-6,
// booleans as 0/1).
func largeDigest(t *testing.T, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	for _, d := range digestTables {
		rows, err := db.Query(`SELECT ` + d.cols + ` FROM ` + d.table + ` ORDER BY ` + d.order)
		if err != nil {
			t.Fatal(err)
		}
		n := len(strings.Split(d.cols, ","))
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				switch x := v.(type) {
				case time.Time:
					fmt.Fprint(h, x.UnixMicro())
				case float64:
					fmt.Fprintf(h, "%.6f", x)
				case bool:
					if x {
						fmt.Fprint(h, 1)
					} else {
						fmt.Fprint(h, 0)
					}
				case []byte:
					h.Write(x)
				case nil:
					fmt.Fprint(h, "∅")
				default:
					fmt.Fprint(h, x)
				}
				h.Write([]byte{0})
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}
