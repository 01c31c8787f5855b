package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/app"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/store"
)

// commandEnv clears the settings the commands read from the environment
// (scripts/with-postgres.sh exports DATABASE_URL): the tests give flags.
func commandEnv(t *testing.T) {
	for _, k := range []string{"DATABASE_URL", "XN_DATA_DIR", "XN_RATER_SECRET"} {
		t.Setenv(k, "")
	}
}

func sysCtx() context.Context { return privacy.DecisionContext(context.Background(), privacy.Allow) }

// latestSQLiteVersion is the version of the binary's newest SQLite
// migration, read from its file name.
func latestSQLiteVersion(t *testing.T) string {
	t.Helper()
	names, err := store.MigrationNames(dialect.SQLite)
	if err != nil || len(names) == 0 {
		t.Fatalf("migrations: %v %v", names, err)
	}
	last := names[len(names)-1]
	return last[:strings.IndexByte(last, '_')]
}

// openRO opens a SQLite file read-only (it stays as it is); close it
// before a restore (which refuses a database another connection has open).
func openRO(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_time_format=sqlite")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// countIn runs a COUNT query on the SQLite file at path.
func countIn(t *testing.T, path, q string) int {
	t.Helper()
	db := openRO(t, path)
	defer db.Close()
	return count(t, db, q)
}

func count(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	return n
}

// dirNames lists a directory.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// A backup taken while transactions commit (a file its owner alone reads,
// with no temporary file left beside it) holds each of them wholly or
// not at all: every task with both its assignments, its co-department and
// its acceptance, the rollups and stored copies the hooks moved in the
// same transactions matching them (rollup.CheckAll), and every
// transaction committed before the backup began.
func TestBackupWhileWriting(t *testing.T) {
	commandEnv(t)
	ctx := sysCtx()
	dir := t.TempDir()
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c := st.Client
	lead := c.Department.Create().SetName("办公室").SetCode("AG01").SetKind(department.KindAgency).SaveX(ctx)
	co := c.Department.Create().SetName("财务科").SetCode("AG02").SetKind(department.KindAgency).SaveX(ctx)
	var staff []int
	for i := range 2 {
		staff = append(staff, c.Staff.Create().SetName(fmt.Sprint("员工", i)).SetEmployeeNo(fmt.Sprint("E", i)).
			SetDepartmentID(lead.ID).SaveX(ctx).ID)
	}
	var committed atomic.Int64
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		base := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			err := store.InTx(ctx, c, func(tx *ent.Client) error {
				start := base.Add(time.Duration(i) * 7 * time.Hour)
				tk, err := tx.Task.Create().SetTitle(fmt.Sprint("任务", i)).SetKind(task.KindRoutine).SetStartAt(start).
					SetDueAt(start.Add(50 * time.Hour)).SetLeadDepartmentID(lead.ID).AddCoDepartmentIDs(co.ID).Save(ctx)
				if err != nil {
					return err
				}
				for j, s := range staff {
					if err := tx.TaskAssignment.Create().SetTaskID(tk.ID).SetStaffID(s).SetHours(float64(j) + 1.5).Exec(ctx); err != nil {
						return err
					}
				}
				return tx.TaskEvent.Create().SetTaskID(tk.ID).SetType(taskevent.TypeAccepted).SetAt(start.Add(time.Hour)).Exec(ctx)
			})
			if err != nil {
				done <- err
				return
			}
			committed.Add(1)
		}
	}()
	latest := latestSQLiteVersion(t)
	for k := range 3 {
		for committed.Load() < int64(15*(k+1)) {
			select {
			case err := <-done:
				t.Fatalf("the writer stopped: %v", err)
			case <-time.After(time.Millisecond):
			}
		}
		file := filepath.Join(t.TempDir(), "backup.db")
		var out bytes.Buffer
		lo := committed.Load()
		if err := runBackup([]string{"--xn_data_dir", dir, file}, &out); err != nil {
			t.Fatal(err)
		}
		hi := committed.Load()
		if !strings.Contains(out.String(), "schema version "+latest) {
			t.Errorf("backup %d: the output does not name the schema version %s:\n%s", k, latest, out.String())
		}
		if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("backup %d: %v %v, want a file only its owner reads", k, fi.Mode(), err)
		}
		if left := dirNames(t, filepath.Dir(file)); len(left) != 1 {
			t.Fatalf("backup %d: %v beside the backup, want it alone", k, left)
		}
		b := openRO(t, file)
		n := count(t, b, `SELECT COUNT(*) FROM tasks`)
		if int64(n) < lo || int64(n) > hi {
			t.Fatalf("backup %d holds %d tasks; %d had committed before it began, %d when it ended", k, n, lo, hi)
		}
		if bad := count(t, b, `SELECT COUNT(*) FROM tasks WHERE (SELECT COUNT(*) FROM task_assignments a WHERE a.task_id = tasks.id) <> 2
OR (SELECT COUNT(*) FROM task_events e WHERE e.task_id = tasks.id) <> 1 OR (SELECT COUNT(*) FROM task_co_departments d WHERE d.task_id = tasks.id) <> 1`); bad > 0 {
			t.Fatalf("backup %d: %d tasks without all the rows of their transaction", k, bad)
		}
		if err := rollup.CheckAll(ctx, b, dialect.SQLite, func(string) {}); err != nil {
			t.Fatalf("backup %d: %v", k, err)
		}
		if got := count(t, b, `SELECT COUNT(*) FROM staff_week_loads`); got == 0 {
			t.Fatalf("backup %d: an empty load rollup", k)
		}
		t.Logf("backup %d: %d tasks (%d..%d committed while it ran)", k, n, lo, hi)
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// olderBackup writes a database as the release before the stored copies
// left it, holding data whose rollups were never built and one of whose
// copies is stale, and returns its path.
func olderBackup(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "older.db")
	db, err := sql.Open("sqlite", store.SQLiteDSN(path))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.MigrateBefore(ctx, db, dialect.SQLite, "_stored_copies.sql"); err != nil {
		t.Fatal(err)
	}
	at := "2026-05-06 02:00:00+00:00"
	for _, x := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO departments (id, created_at, updated_at, name, code, kind) VALUES (?, ?, ?, '办公室', 'AG01', 'AGENCY')`, []any{21474836481, at, at}},
		{`INSERT INTO departments (id, created_at, updated_at, name, code, kind) VALUES (?, ?, ?, '财务科', 'AG02', 'AGENCY')`, []any{21474836482, at, at}},
		{`INSERT INTO departments (id, created_at, updated_at, name, code, kind) VALUES (?, ?, ?, '人事科', 'AG03', 'AGENCY')`, []any{21474836483, at, at}},
		{`INSERT INTO staff (id, created_at, updated_at, name, employee_no, department_id) VALUES (?, ?, ?, '张三', 'E1', ?)`, []any{51539607553, at, at, 21474836481}},
		{`INSERT INTO tasks (id, created_at, updated_at, title, kind, start_at, due_at, lead_department_id) VALUES (?, ?, ?, '年度预算', 'PROJECT', ?, ?, ?)`, []any{55834574849, at, at, at, at, 21474836481}},
		{`INSERT INTO tasks (id, created_at, updated_at, title, kind, start_at, due_at, lead_department_id) VALUES (?, ?, ?, '差评整改', 'RECTIFICATION', ?, ?, ?)`, []any{55834574850, at, at, at, at, 21474836482}},
		{`INSERT INTO task_co_departments (task_id, department_id) VALUES (?, ?), (?, ?)`, []any{55834574849, 21474836482, 55834574849, 21474836483}},
		{`INSERT INTO task_assignments (id, created_at, updated_at, hours, task_id, staff_id) VALUES (?, ?, ?, 3, ?, ?)`, []any{60129542145, at, at, 55834574849, 51539607553}},
		// accepted, but its first acceptance (a stored copy) never set
		{`INSERT INTO task_events (type, at, task_id) VALUES ('ACCEPTED', '2026-05-07 01:00:00+00:00', ?)`, []any{55834574849}},
		{`INSERT INTO ratings (id, created_at, updated_at, rater_key, score, responsiveness, resolution, attitude, rater_unit_id, target_department_id) VALUES (?, ?, ?, 'rater-key-1', 1, 1, 1, 1, ?, ?)`, []any{25769803777, at, at, 21474836483, 21474836482}},
		{`INSERT INTO rectifications (id, created_at, updated_at, due_at, rating_id, task_id, department_id) VALUES (?, ?, ?, ?, ?, ?, ?)`, []any{30064771073, at, at, at, 25769803777, 55834574850, 21474836482}},
	} {
		if _, err := db.ExecContext(ctx, x.q, x.args...); err != nil {
			t.Fatalf("%v\n%s", err, x.q)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// currentDataDir is a data dir holding a current database with one
// department, 现有, and nothing else.
func currentDataDir(t *testing.T) string {
	t.Helper()
	ctx := sysCtx()
	dir := t.TempDir()
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Client.Department.Create().SetName("现有").SetCode("NOW1").SetKind(department.KindAgency).SaveX(ctx)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// A backup of an older release is restored with this release's newer
// migrations applied, its rollups built and its stale copy set (each to
// what its rows say), the current database kept aside and the backup file
// left as it was.
func TestRestoreMigratesAnOlderBackup(t *testing.T) {
	commandEnv(t)
	file := olderBackup(t)
	dir := currentDataDir(t)
	fdb := openRO(t, file)
	old, err := store.ReadSchema(context.Background(), fdb, dialect.SQLite)
	fdb.Close()
	if err != nil || len(old.Pending) == 0 {
		t.Fatalf("the older backup: %+v %v, want migrations pending", old, err)
	}
	var out bytes.Buffer
	if err := runRestore([]string{"--xn_data_dir", dir, file}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	t.Log(out.String())
	latest := latestSQLiteVersion(t)
	wantOut := fmt.Sprintf("had schema version %s (%d migrations); applied this release's %d newer ones, now %s",
		old.Version, old.Applied, len(old.Pending), latest)
	if !strings.Contains(out.String(), wantOut) || !strings.Contains(out.String(), "match") {
		t.Errorf("the output does not say %q and that the rollups match:\n%s", wantOut, out.String())
	}
	if again, _ := store.ReadSchema(context.Background(), openRO(t, file), dialect.SQLite); again.Applied != old.Applied {
		t.Errorf("the backup file changed: %d migrations, was %d", again.Applied, old.Applied)
	}

	live := openRO(t, store.SQLitePath(dir))
	s, err := store.ReadSchema(context.Background(), live, dialect.SQLite)
	if err != nil || len(s.Pending) != 0 || s.Version != latest {
		t.Fatalf("the restored database: %+v %v, want every migration up to %s", s, err, latest)
	}
	if n := count(t, live, `SELECT COUNT(*) FROM departments WHERE name = '现有'`); n != 0 {
		t.Error("the restored database still holds the current one's department")
	}
	if n := count(t, live, `SELECT COUNT(*) FROM tasks`); n != 2 {
		t.Errorf("%d tasks restored, want 2", n)
	}
	// The figures the rollups and copies hold, from the rows above: 3 hours
	// on one day of 张三's; one rating of 1 for 财务科 on 2026-05-06; the
	// budget task accepted at 01:00Z on 05-07 and shared with 2
	// departments; the rectification keyed as its rating.
	if h := count(t, live, `SELECT CAST(SUM(hours) AS INTEGER) FROM staff_week_loads WHERE staff_id = 51539607553`); h != 3 {
		t.Errorf("张三's load in the rollup: %d hours, want 3", h)
	}
	if n := count(t, live, `SELECT COUNT(*) FROM department_day_ratings WHERE department_id = 21474836482 AND ratings = 1 AND score_sum = 1 AND bad = 1`); n != 1 {
		t.Errorf("财务科's rating day in the ratings rollup: %d rows, want 1", n)
	}
	var accepted sql.NullTime
	var coCount int
	if err := live.QueryRow(`SELECT first_accepted_at, co_department_count FROM tasks WHERE id = 55834574849`).Scan(&accepted, &coCount); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 5, 7, 1, 0, 0, 0, time.UTC); !accepted.Valid || !accepted.Time.Equal(want) || coCount != 2 {
		t.Errorf("the budget task: first accepted %v, co-departments %d; want %v, 2", accepted, coCount, want)
	}
	if n := count(t, live, `SELECT COUNT(*) FROM rectifications WHERE rater_key = 'rater-key-1'`); n != 1 {
		t.Errorf("%d rectifications keyed as their rating, want 1", n)
	}
	if err := rollup.CheckAll(context.Background(), live, dialect.SQLite, func(string) {}); err != nil {
		t.Error(err)
	}

	var aside string
	for _, name := range dirNames(t, dir) {
		if strings.HasPrefix(name, store.DBFile+".before-restore-") {
			aside = filepath.Join(dir, name)
		}
	}
	if aside == "" || !strings.Contains(out.String(), aside) {
		t.Fatalf("no previous database kept aside in %v, or not named in the output", dirNames(t, dir))
	}
	if n := countIn(t, aside, `SELECT COUNT(*) FROM departments WHERE name = '现有'`); n != 1 {
		t.Errorf("the database set aside lost its department")
	}
}

// A backup a newer release wrote is refused, naming its version and the
// binary's, and leaves the data dir as it was; the same backup at exactly
// the binary's version is restored.
func TestRestoreRefusesANewerBackup(t *testing.T) {
	commandEnv(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "newer.db")
	st, err := store.OpenDSN(ctx, "sqlite", store.SQLiteDSN(file), dialect.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	const newer = "29991231000000"
	if _, err := st.DB.Exec(`INSERT INTO schema_migrations (version) VALUES (?)`, newer); err != nil {
		t.Fatal(err)
	}
	st.Close()
	dir := currentDataDir(t)
	before := dirNames(t, dir)
	var out bytes.Buffer
	err = runRestore([]string{"--xn_data_dir", dir, file}, &out)
	latest := latestSQLiteVersion(t)
	if err == nil || !strings.Contains(err.Error(), "schema version "+newer+", newer than this server's "+latest) {
		t.Fatalf("restoring a newer backup: %v, want a refusal naming %s and %s", err, newer, latest)
	}
	if after := dirNames(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("the data dir changed: %v, was %v", after, before)
	}
	if n := countIn(t, store.SQLitePath(dir), `SELECT COUNT(*) FROM departments WHERE name = '现有'`); n != 1 {
		t.Fatal("the current database changed")
	}

	db, err := sql.Open("sqlite", store.SQLiteDSN(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM schema_migrations WHERE version = ?`, newer); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := runRestore([]string{"--xn_data_dir", dir, file}, &out); err != nil {
		t.Fatalf("restoring a backup of this release: %v", err)
	}
}

// restore refuses, with the data dir left as it was: while anything has
// the data dir (or, without its lock, the database) open; a file that is no SQLite database or not this
// product's; the data dir's own database; PostgreSQL; rater keys of
// another secret than the one the server will start with. While a restore
// holds the data dir, the server and backup refuse it.
func TestRestoreRefusals(t *testing.T) {
	commandEnv(t)
	ctx := sysCtx()
	dir := currentDataDir(t)
	file := filepath.Join(t.TempDir(), "backup.db")
	if err := runBackup([]string{"--xn_data_dir", dir, file}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	refused := func(what, want string, args ...string) {
		t.Helper()
		before := dirNames(t, dir)
		err := runRestore(append([]string{"--xn_data_dir", dir}, args...), &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", what, err, want)
		}
		if after := dirNames(t, dir); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Fatalf("%s: the data dir changed: %v, was %v", what, after, before)
		}
	}

	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	refused("while a store has the data dir open", "is using the data dir", file)
	st.Close()
	// A process that opened the database without the lock (an older
	// release): its connection keeps the -wal after the restore's closes.
	raw := openRO(t, store.SQLitePath(dir))
	count(t, raw, `SELECT COUNT(*) FROM departments`)
	refused("while a connection without the lock has the database open", "another process has", file)
	raw.Close()

	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("not a database "), 100), 0o600)
	refused("a file that is no database", "is not a SQLite database", junk)
	other := filepath.Join(t.TempDir(), "other.db")
	odb, _ := sql.Open("sqlite", "file:"+other)
	if _, err := odb.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	odb.Close()
	refused("another program's database", "not a database of this product", other)
	refused("the data dir's own database", "is the data dir's database itself", store.SQLitePath(dir))
	refused("a missing file", "no such file", filepath.Join(dir, "missing.db"))
	refused("PostgreSQL", "pg_restore", "--database_url", "postgres://x@127.0.0.1:1/x", file)

	// Rater keys written under secret A.
	secretA, secretB := strings.Repeat("a", 40), strings.Repeat("b", 40)
	keyed := filepath.Join(t.TempDir(), "keyed.db")
	ks, err := store.OpenDSN(ctx, "sqlite", store.SQLiteDSN(keyed), dialect.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	ks.Client.Setting.Create().SetKey(raterkey.CheckSetting).SetValue(raterkey.Check([]byte(secretA))).SaveX(ctx)
	ks.Close()
	refused("rater keys of another secret", "another rater secret than XN_RATER_SECRET", "--xn_rater_secret", secretB, keyed)
	refused("rater keys and no secret here", "a rater secret that is not here", keyed)
	if err := runRestore([]string{"--xn_data_dir", dir, "--xn_rater_secret", secretA, keyed}, &bytes.Buffer{}); err != nil {
		t.Fatalf("restoring with the keys' secret: %v", err)
	}

	lock, err := store.LockDataDir(dir, true) // as a restore holds it
	if err != nil {
		t.Fatal(err)
	}
	if err := runBackup([]string{"--xn_data_dir", dir, file}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "is being restored") {
		t.Errorf("a backup during a restore: %v", err)
	}
	if s, err := store.Open(ctx, "", dir); err == nil || !strings.Contains(err.Error(), "is being restored") {
		if s != nil {
			s.Close()
		}
		t.Errorf("opening the data dir during a restore: %v", err)
	}
	lock.Unlock()
	if err := runBackup([]string{"--xn_data_dir", dir, store.SQLitePath(dir)}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "is the database itself") {
		t.Errorf("a backup onto the database: %v", err)
	}
}

// listening waits for the server's "listening" line and returns its URL.
func listening(t *testing.T, out *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(out.String(), "\n") {
			var l struct {
				Msg string `json:"msg"`
				URL string `json:"url"`
			}
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
				return l.URL
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the server did not start:\n%s", out.String())
	return ""
}

// gql posts a GraphQL operation to base and returns its data, failing the
// test on any error.
func gql(t *testing.T, base, token, query string, vars map[string]any) json.RawMessage {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cache-Control", "no-cache")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) > 0 || res.StatusCode != 200 {
		t.Fatalf("%s: status %d, %v %s", query, res.StatusCode, err, out.Errors)
	}
	return out.Data
}

// answers logs in as the demo leader and returns what the product answers
// to queries reading the rollups, the ratings and the tasks, over a
// window that does not depend on the clock.
func answers(t *testing.T, base string, from, to time.Time) []string {
	t.Helper()
	access, _ := login(t, base)
	w := map[string]any{"w": map[string]any{"from": from, "to": to}}
	var got []string
	for _, q := range []string{
		`query($w: WindowInput) { workload(window: $w) {
  staff { staff { id name } department { name } load capacity utilization flag }
  departments { department { id name } staffCount load capacity utilization overloadedCount idleCount } } }`,
		`query($w: WindowInput) { imbalance(window: $w) { gini top20Share n totalLoad overloadedCount idleCount } }`,
		`query($w: WindowInput) { satisfaction(window: $w) {
  overall { ratingCount meanScore satisfactionRate badRatings responsiveness resolution attitude judgedCount acceptanceRate }
  departments { department { id name } withheld ratingCount meanScore satisfactionRate } } }`,
		`query { tasks(first: 100, orderBy: {field: DUE_AT, direction: ASC}) {
  totalCount edges { node { id title status dueAt leadDepartment { name } assignments { hours staff { name } } } } } }`,
	} {
		vars := w
		if !strings.Contains(q, "$w") {
			vars = nil
		}
		got = append(got, string(gql(t, base, access, q, vars)))
	}
	var some struct {
		Workload     struct{ Staff []struct{ Load float64 } }
		Satisfaction struct{ Overall struct{ RatingCount int } }
		Tasks        struct{ TotalCount int }
	}
	for _, a := range got {
		if err := json.Unmarshal([]byte(a), &some); err != nil {
			t.Fatal(err)
		}
	}
	if len(some.Workload.Staff) == 0 || some.Satisfaction.Overall.RatingCount == 0 || some.Tasks.TotalCount == 0 {
		t.Fatalf("the demo data answers with nothing: %+v", some)
	}
	return got
}

// login logs in as the demo leader and returns the access and refresh tokens.
func login(t *testing.T, base string) (access, refresh string) {
	t.Helper()
	var l struct {
		Login struct{ AccessToken, RefreshToken string }
	}
	data := gql(t, base, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){accessToken refreshToken}}`,
		map[string]any{"u": "leader", "p": app.DemoPassword})
	if err := json.Unmarshal(data, &l); err != nil || l.Login.AccessToken == "" || l.Login.RefreshToken == "" {
		t.Fatalf("login: %s %v", data, err)
	}
	return l.Login.AccessToken, l.Login.RefreshToken
}

// gqlCode posts an operation that must fail and returns its first error's code.
func gqlCode(t *testing.T, base, token, query string, vars map[string]any) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Errors []struct{ Extensions struct{ Code string } }
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || len(out.Errors) == 0 {
		t.Fatalf("%s: want an error, got %v %+v", query, err, out)
	}
	return out.Errors[0].Extensions.Code
}

// stopServer ends a server started by startServer and waits for it.
func stopServer(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
}

// The built binary: `server backup` while the server runs and serves;
// `server restore` refused while it runs, then, once it is stopped,
// bringing back the backup's data (a change made after the backup goes to
// the database set aside) with its sessions ended; the server starts on the restored database and
// answers as it did when the backup was taken.
func TestBackupAndRestoreWithTheServer(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"XN_DATA_DIR": dir, "XN_ADDR": "127.0.0.1:0"}
	cmd, out := startServer(t, env)
	base := listening(t, out)
	to := time.Now().UTC().Truncate(24 * time.Hour)
	from := to.AddDate(0, 0, -56)
	want := answers(t, base, from, to)
	access, refresh := login(t, base) // a session of the backup's time

	file := filepath.Join(t.TempDir(), "backup.db")
	code, text := runServer(t, env, "backup", file)
	if code != 0 || !strings.Contains(text, "schema version "+latestSQLiteVersion(t)) {
		t.Fatalf("backup while the server runs: exit %d\n%s", code, text)
	}
	code, text = runServer(t, env, "restore", file)
	if code == 0 || !strings.Contains(text, "is using the data dir") {
		t.Fatalf("restore while the server runs: exit %d\n%s", code, text)
	}
	stopServer(t, cmd)

	ctx := sysCtx()
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	st.Client.Department.Create().SetName("备份之后").SetCode("AFTER1").SetKind(department.KindAgency).SaveX(ctx)
	st.Close()

	code, text = runServer(t, env, "restore", file)
	if code != 0 || !strings.Contains(text, "kept as") {
		t.Fatalf("restore of a stopped server's data dir: exit %d\n%s", code, text)
	}
	if n := countIn(t, store.SQLitePath(dir), `SELECT COUNT(*) FROM departments WHERE code = 'AFTER1'`); n != 0 {
		t.Error("the change made after the backup survived the restore")
	}
	cmd, out = startServer(t, env)
	base = listening(t, out)
	got := answers(t, base, from, to)
	if code := gqlCode(t, base, access, `{ viewer { role } }`, nil); code != "UNAUTHENTICATED" {
		t.Errorf("an access token of the backup's time after the restore: %s, want UNAUTHENTICATED", code)
	}
	if code := gqlCode(t, base, "", `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`,
		map[string]any{"r": refresh}); code != "UNAUTHENTICATED" {
		t.Errorf("a refresh token of the backup's time after the restore: %s, want UNAUTHENTICATED", code)
	}
	stopServer(t, cmd)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("answer %d after the restore differs:\n got %.400s\nwant %.400s", i, got[i], want[i])
		}
	}
}
