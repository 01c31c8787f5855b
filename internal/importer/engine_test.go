package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/auditlog"
	"xiaoneng/ent/department"
	"xiaoneng/ent/importbatch"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/workcalendar"
	"xiaoneng/internal/apperr"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/calendar"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/org"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

func sys() context.Context { return privacy.DecisionContext(context.Background(), privacy.Allow) }

// fixture is a fresh database with an ADMIN and a LEADER account.
type fixture struct {
	st            *store.Store
	admin, leader context.Context
	adminID       int
}

func open(t testing.TB, driver, dsn string) *fixture {
	t.Helper()
	st, err := store.OpenDSN(context.Background(), driver, dsn, testdb.EntDialect(driver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{st: st}
	for _, r := range []auth.Role{auth.RoleAdmin, auth.RoleLeader} {
		a, err := st.Client.Account.Create().SetLogin(strings.ToLower(string(r))).SetPasswordHash("x").
			SetRole(account.Role(r)).Save(sys())
		if err != nil {
			t.Fatal(err)
		}
		ctx := auth.NewContext(context.Background(), &auth.Viewer{AccountID: a.ID, Role: r, AllDepartments: true})
		if r == auth.RoleAdmin {
			f.admin, f.adminID = ctx, a.ID
		} else {
			f.leader = ctx
		}
	}
	return f
}

func (f *fixture) engine(t testing.TB, kinds ...importer.Kind) *importer.Engine {
	t.Helper()
	e := importer.NewEngine(f.st.Client, importer.NewRegistry(kinds...), f.st.Dialect)
	t.Cleanup(e.Close)
	return e
}

// check uploads data and waits for the report.
func check(t testing.TB, e *importer.Engine, ctx context.Context, kind string, data []byte) *importer.Batch {
	t.Helper()
	b, err := e.Check(ctx, importer.KindName(kind), importer.File{Name: "表.csv", Content: bytes.NewReader(data)})
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	return settle(t, e, ctx, b.ID)
}

func settle(t testing.TB, e *importer.Engine, ctx context.Context, id int) *importer.Batch {
	t.Helper()
	e.Wait(id)
	b, err := e.Batch(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func apply(t testing.TB, e *importer.Engine, ctx context.Context, id int) *importer.Batch {
	t.Helper()
	if _, _, err := e.Apply(ctx, id); err != nil {
		t.Fatalf("apply: %v", err)
	}
	return settle(t, e, ctx, id)
}

func (f *fixture) calendarRows(t testing.TB) map[string]string {
	t.Helper()
	rows, err := f.st.Client.WorkCalendar.Query().All(sys())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.Day] = string(r.Kind) + "|" + r.Note
	}
	return out
}

func (f *fixture) version(t testing.TB) int64 {
	t.Helper()
	v, err := respcache.Current(context.Background(), f.st.DB)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func counts(b *importer.Batch) string {
	if b.Report == nil {
		return fmt.Sprintf("%s (no report)", b.Status)
	}
	r := b.Report
	return fmt.Sprintf("%s rows=%d created=%d updated=%d unchanged=%d problems=%d", b.Status, r.Rows, r.Created, r.Updated, r.Unchanged, r.ProblemCount)
}

// A check is a dry run: the report counts what applying does and the
// database is as before (no row, no data version moved). Applying writes
// exactly that, with one audit row, and clears the stored file.
func TestCheckThenApplyCalendar(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		e := f.engine(t, calendar.ImportKind())
		if _, err := calendar.SetDays(f.admin, f.st.Client, []*calendar.DayChange{
			{Date: "2026-10-01", Kind: calendar.DayHoliday}, {Date: "2026-10-02", Kind: calendar.DayHoliday},
			{Date: "2026-10-10", Kind: calendar.DayWorkday}}); err != nil {
			t.Fatal(err)
		}
		before, version := f.calendarRows(t), f.version(t)
		file := "日期,类型,备注\n" +
			"2026-10-01,节假日,\n" + // unchanged
			"2026/10/2,班,改为上班\n" + // updated
			"2026年10月3日,休,国庆\n" + // created
			"2026-10-10,正常,\n" // removed: updated
		b := check(t, e, f.admin, "WORK_CALENDAR", []byte(file))
		if got, want := counts(b), "CHECKED rows=4 created=1 updated=2 unchanged=1 problems=0"; got != want || !b.CanApply {
			t.Fatalf("check: %s (canApply %v), want %s", got, b.CanApply, want)
		}
		if after := f.calendarRows(t); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("the dry run wrote: %v → %v", before, after)
		}
		if v := f.version(t); v != version {
			t.Errorf("the dry run moved the data version %d → %d", version, v)
		}
		b = apply(t, e, f.admin, b.ID)
		if got, want := counts(b), "APPLIED rows=4 created=1 updated=2 unchanged=1 problems=0"; got != want {
			t.Fatalf("apply: %s, want %s", got, want)
		}
		want := map[string]string{"2026-10-01": "HOLIDAY|", "2026-10-02": "WORKDAY|改为上班", "2026-10-03": "HOLIDAY|国庆"}
		if got := f.calendarRows(t); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("calendar %v, want %v", got, want)
		}
		n, err := f.st.Client.AuditLog.Query().Where(auditlog.Action("apply_import"), auditlog.EntityID(b.ID)).Count(sys())
		if err != nil || n != 1 {
			t.Errorf("audit rows of the apply: %d, %v; want 1", n, err)
		}
		stored, err := f.st.Client.ImportBatch.Get(sys(), b.ID)
		if err != nil || len(stored.Content) != 0 {
			t.Errorf("the applied batch keeps its file (%v)", err)
		}
		if _, _, err := e.Apply(f.admin, b.ID); code(err) != apperr.Conflict {
			t.Errorf("applying twice: %v, want CONFLICT", err)
		}
	})
}

func code(err error) apperr.Code {
	if ae, ok := apperr.As(err); ok {
		return ae.Code
	}
	return ""
}

// Bad values are reported with their line, column and a message in both
// languages; a file with problems cannot be applied.
func TestCalendarProblems(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		e := f.engine(t, calendar.ImportKind())
		file := "Date,KIND,Note\n" +
			"2026-02-30,节假日,\n" + // 2: no such day
			"2026-10-01,调休,\n" + // 3: ambiguous kind
			"2026-10-02,holiday," + strings.Repeat("注", 101) + "\n" + // 4: note too long
			"2026-10-03,workday,\n" + // 5: fine
			"2026-10-03,workday,\n" + // 6: listed twice
			",holiday,\n" // 7: date missing
		b := check(t, e, f.admin, "WORK_CALENDAR", []byte(file))
		if b.Status != importer.Checked || b.CanApply {
			t.Fatalf("status %s canApply %v", b.Status, b.CanApply)
		}
		type where struct {
			line   int
			column string
			header string
		}
		want := []where{{2, "date", "Date"}, {3, "kind", "KIND"}, {4, "note", "Note"}, {6, "date", "Date"}, {7, "date", "Date"}}
		var got []where
		for _, p := range b.Report.Problems {
			got = append(got, where{p.Line, p.Column, p.Header})
			if p.Sheet != "工作日历" || p.Message.Zh == "" || p.Message.En == "" || p.Message.Zh == p.Message.En {
				t.Errorf("problem %+v: want the sheet and a message in each language", p)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || b.Report.ProblemCount != len(want) {
			t.Errorf("problems at %v (%d), want %v", got, b.Report.ProblemCount, want)
		}
		if b.Report.Created != 1 {
			t.Errorf("created %d, want 1 (line 5)", b.Report.Created)
		}
		if _, _, err := e.Apply(f.admin, b.ID); code(err) != apperr.Conflict {
			t.Errorf("applying a file with problems: %v, want CONFLICT", err)
		}
		if rows := f.calendarRows(t); len(rows) != 0 {
			t.Errorf("written: %v", rows)
		}
	})
}

// probeKind writes calendar dates through a behaviour picked by each row's
// note: "problem" reports one, "apperr" writes then fails with a coded
// error, "insert" inserts without looking (a constraint error when the date
// exists), "fault" fails the run, "late" reports a problem once late is
// set, "block" waits for release once block is set. Each created row makes
// a one-time password.
type probeKind struct {
	late, block atomic.Bool
	release     chan struct{}
	sessionOnly bool
}

func (p *probeKind) kind(name string) importer.Kind {
	return importer.Kind{
		Name:  name,
		Title: importer.Text{Zh: "探针", En: "Probe"},
		Columns: []importer.Column{
			{Key: "date", Header: importer.Text{Zh: "日期", En: "Date"}, Required: true},
			{Key: "note", Header: importer.Text{Zh: "备注", En: "Note"}},
		},
		SessionOnly: p.sessionOnly,
		Start: func(ctx context.Context, tx *ent.Client) (importer.Run, error) {
			return &probeRun{p: p, tx: tx}, nil
		},
		Export: func(ctx context.Context, c *ent.Client, row func([]string) error) error {
			days, err := c.WorkCalendar.Query().Order(ent.Asc(workcalendar.FieldDay)).All(ctx)
			for _, d := range days {
				if err := row([]string{d.Day, d.Note}); err != nil {
					return err
				}
			}
			return err
		},
	}
}

type probeRun struct {
	p       *probeKind
	tx      *ent.Client
	secrets []importer.Secret
}

func (r *probeRun) Row(ctx context.Context, row importer.Row) (importer.Outcome, []importer.Problem, error) {
	d, note := row.Values["date"], row.Values["note"]
	create := func() error {
		return r.tx.WorkCalendar.Create().SetDay(d).SetKind(workcalendar.KindHoliday).SetNote(note).Exec(ctx)
	}
	switch note {
	case "problem":
		return 0, []importer.Problem{{Column: "note", Message: importer.Text{Zh: "有误", En: "wrong"}}}, nil
	case "apperr":
		if err := create(); err != nil {
			return 0, nil, err
		}
		return 0, nil, apperr.BadInput("note", "写后出错 / failed after writing")
	case "insert":
		if err := create(); err != nil {
			return 0, nil, err
		}
		return importer.Created, nil, nil
	case "fault":
		return 0, nil, errors.New("the disk is on fire")
	case "late":
		if r.p.late.Load() {
			return 0, []importer.Problem{{Message: importer.Text{Zh: "数据已变", En: "the data changed"}}}, nil
		}
	case "block":
		if r.p.block.Load() {
			select {
			case <-r.p.release:
			case <-ctx.Done():
				return 0, nil, ctx.Err()
			}
		}
	}
	n, err := r.tx.WorkCalendar.Query().Where(workcalendar.Day(d)).Count(ctx)
	if err != nil {
		return 0, nil, err
	}
	if n > 0 {
		return importer.Unchanged, nil, nil
	}
	if err := create(); err != nil {
		return 0, nil, err
	}
	r.secrets = append(r.secrets, importer.Secret{Login: d, Password: "pw-" + d})
	return importer.Created, nil, nil
}

func (r *probeRun) Finish(context.Context) ([]importer.Problem, error) { return nil, nil }
func (r *probeRun) Secrets() []importer.Secret                         { return r.secrets }

// A row that wrote and then failed is undone (its savepoint), and so is a
// statement the database refused: the rows after it run on, on PostgreSQL
// too, and the errors are the rows' problems.
func TestRowsRollBackAlone(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		p := &probeKind{}
		e := f.engine(t, p.kind("PROBE"))
		if err := f.st.Client.WorkCalendar.Create().SetDay("2030-01-05").SetKind(workcalendar.KindHoliday).Exec(sys()); err != nil {
			t.Fatal(err)
		}
		file := "日期,备注\n" +
			"2030-01-01,apperr\n" + // 2: writes 01-01, then fails: undone
			"2030-01-01,\n" + // 3: 01-01 is not there: created
			"2030-01-05,insert\n" + // 4: the unique day refuses it
			"2030-01-06,\n" + // 5: created, after the refused statement
			"2030-01-07,problem\n" // 6
		b := check(t, e, f.admin, "PROBE", []byte(file))
		if got, want := counts(b), "CHECKED rows=5 created=2 updated=0 unchanged=0 problems=3"; got != want {
			t.Fatalf("%s, want %s: %+v", got, want, b.Report.Problems)
		}
		var lines []int
		for _, p := range b.Report.Problems {
			lines = append(lines, p.Line)
		}
		if fmt.Sprint(lines) != "[2 4 6]" || b.Report.Problems[0].Column != "note" {
			t.Errorf("problems %+v, want lines 2 (note), 4, 6", b.Report.Problems)
		}
	})
}

// Applying is all or nothing: a problem found only at apply time refuses
// the whole file, and a fault fails it; neither writes a row.
func TestApplyAllOrNothing(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		p := &probeKind{}
		e := f.engine(t, p.kind("PROBE"))
		file := []byte("日期,备注\n2030-01-01,\n2030-01-02,\n2030-01-03,late\n2030-01-04,\n")
		b := check(t, e, f.admin, "PROBE", file)
		if !b.CanApply {
			t.Fatalf("check: %s", counts(b))
		}
		p.late.Store(true)
		b = apply(t, e, f.admin, b.ID)
		if b.Status != importer.Refused || b.Report.ProblemCount != 1 || b.Report.Problems[0].Line != 4 {
			t.Errorf("apply: %s %+v, want REFUSED with line 4", counts(b), b.Report.Problems)
		}
		if rows := f.calendarRows(t); len(rows) != 0 {
			t.Errorf("a refused apply wrote %v", rows)
		}

		p.late.Store(false)
		faulty := &probeKind{}
		e2 := f.engine(t, faulty.kind("FAULTY"))
		b = check(t, e2, f.admin, "FAULTY", []byte("日期,备注\n2030-02-01,\n2030-02-02,fault\n"))
		if b.Status != importer.Failed || b.Failure == nil || b.Failure.Zh == "" {
			t.Errorf("a fault: %s %+v, want FAILED with a reason", counts(b), b.Failure)
		}
		if rows := f.calendarRows(t); len(rows) != 0 {
			t.Errorf("a failed run wrote %v", rows)
		}
	})
}

// Progress moves while a run is under way, and on PostgreSQL it is written
// to the batch for other servers to read.
func TestProgress(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		p := &probeKind{release: make(chan struct{})}
		e := f.engine(t, p.kind("PROBE"))
		e.InlineWait = 0
		p.block.Store(true)
		var file strings.Builder
		file.WriteString("日期,备注\n")
		for i := range 10 {
			note := ""
			if i == 4 {
				note = "block"
			}
			fmt.Fprintf(&file, "2031-01-%02d,%s\n", i+1, note)
		}
		b, err := e.Check(f.admin, "PROBE", importer.File{Name: "p.csv", Content: strings.NewReader(file.String())})
		if err != nil {
			t.Fatal(err)
		}
		if b.Status != importer.Checking {
			t.Fatalf("status %s, want CHECKING", b.Status)
		}
		waitFor(t, "4 of 10 rows", func() bool {
			b, err := e.Batch(f.admin, b.ID)
			return err == nil && b.Progress == importer.Progress{Done: 4, Total: 10}
		})
		if f.st.Dialect == "postgres" {
			waitFor(t, "the progress in the database", func() bool {
				s, err := f.st.Client.ImportBatch.Get(sys(), b.ID)
				return err == nil && s.RowsDone == 4 && s.RowsTotal == 10
			})
		}
		close(p.release)
		b = settle(t, e, f.admin, b.ID)
		if b.Status != importer.Checked || b.Progress != (importer.Progress{Done: 10, Total: 10}) {
			t.Errorf("%s progress %+v, want CHECKED 10 of 10", b.Status, b.Progress)
		}
	})
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A server stopping during an apply rolls it back and fails the batch; at
// the next start the batches a stopped server left running are failed.
func TestInterruptedRuns(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		p := &probeKind{release: make(chan struct{})}
		e := importer.NewEngine(f.st.Client, importer.NewRegistry(p.kind("PROBE")), f.st.Dialect)
		e.InlineWait = 0
		b := check(t, e, f.admin, "PROBE", []byte("日期,备注\n2032-01-01,\n2032-01-02,block\n"))
		p.block.Store(true)
		if _, _, err := e.Apply(f.admin, b.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the apply to block", func() bool {
			b, _ := e.Batch(f.admin, b.ID)
			return b != nil && b.Progress.Done == 1
		})
		e.Close()
		b, err := e.Batch(f.admin, b.ID)
		if err != nil || b.Status != importer.Failed || b.Failure == nil || !strings.Contains(b.Failure.En, "interrupted") {
			t.Fatalf("after Close: %+v %v, want FAILED (interrupted)", b, err)
		}
		if rows := f.calendarRows(t); len(rows) != 0 {
			t.Errorf("an interrupted apply wrote %v", rows)
		}

		old, fresh := time.Now().Add(-2*importer.StaleAfter), time.Now()
		var ids []int
		for _, at := range []time.Time{old, fresh} {
			s, err := f.st.Client.ImportBatch.Create().SetKind("PROBE").SetFileName("x.csv").SetSize(1).SetSha256("x").
				SetAccountID(f.adminID).SetStatus(importbatch.StatusAPPLYING).SetHeartbeatAt(at).Save(sys())
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		e2 := f.engine(t, p.kind("PROBE"))
		if err := e2.Recover(context.Background()); err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			s, _ := f.st.Client.ImportBatch.Get(sys(), id)
			// SQLite: one process owns the file, every running batch was
			// left; PostgreSQL: only the one whose heartbeat stopped.
			want := importbatch.StatusFAILED
			if i == 1 && f.st.Dialect == "postgres" {
				want = importbatch.StatusAPPLYING
			}
			if s.Status != want {
				t.Errorf("batch %d (heartbeat %v): %s, want %s", i, []time.Time{old, fresh}[i], s.Status, want)
			}
		}
	})
}

// Who may import: write:org in a role that holds it, the kind's own rule
// (the calendar: ADMIN), a login session for SessionOnly kinds; a batch is
// its uploader's to apply.
func TestWhoMayImport(t *testing.T) {
	f := open(t, "sqlite", testdb.NewSQLiteURL(t))
	p := &probeKind{}
	secret := &probeKind{sessionOnly: true}
	e := f.engine(t, calendar.ImportKind(), p.kind("PROBE"), secret.kind("SECRET"))
	file := []byte("日期,类型,备注\n2033-01-01,休,\n")
	up := func(ctx context.Context, kind string) error {
		_, err := e.Check(ctx, importer.KindName(kind), importer.File{Name: "f.csv", Content: bytes.NewReader(file)})
		return err
	}
	staffAcc, _ := f.st.Client.Account.Create().SetLogin("staff").SetPasswordHash("x").SetRole(account.RoleStaff).Save(sys())
	staff := auth.NewContext(context.Background(), &auth.Viewer{AccountID: staffAcc.ID, Role: auth.RoleStaff})
	token := func(scopes ...string) context.Context {
		return auth.NewContext(context.Background(), &auth.Viewer{AccountID: f.adminID, Role: auth.RoleAdmin,
			AllDepartments: true, TokenID: 7, Scopes: scopes})
	}
	for _, c := range []struct {
		name string
		ctx  context.Context
		kind string
		want apperr.Code
	}{
		{"leader, the calendar", f.leader, "WORK_CALENDAR", apperr.Forbidden},
		{"staff", staff, "PROBE", apperr.Forbidden},
		{"anonymous", context.Background(), "PROBE", apperr.Unauthenticated},
		{"token without write:org", token(auth.ScopeReadOrg), "PROBE", apperr.Forbidden},
		{"token, session-only kind", token(auth.ScopeWriteOrg), "SECRET", apperr.Forbidden},
		{"unknown kind", f.admin, "STAFF", apperr.BadUserInput},
		{"token with write:org", token(auth.ScopeWriteOrg), "PROBE", ""},
		{"leader, a kind without a rule", f.leader, "PROBE", ""},
	} {
		if got := code(up(c.ctx, c.kind)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	n, _ := f.st.Client.ImportBatch.Query().Count(sys())
	if n != 2 {
		t.Errorf("%d batches stored, want the 2 allowed", n)
	}
	// the leader's batch: the admin reads it but does not apply it
	lb, err := e.Batches(f.leader, nil, 10)
	if err != nil || len(lb) != 1 {
		t.Fatalf("the leader's batches: %v %v", lb, err)
	}
	e.Wait(lb[0].ID)
	if _, err := e.Batch(f.admin, lb[0].ID); err != nil {
		t.Errorf("ADMIN reading the leader's batch: %v", err)
	}
	if _, _, err := e.Apply(f.admin, lb[0].ID); code(err) != apperr.Forbidden {
		t.Errorf("ADMIN applying the leader's batch: %v, want FORBIDDEN", err)
	}
	ab, _ := e.Batches(f.admin, nil, 10)
	if _, err := e.Batch(f.leader, ab[0].ID); code(err) != apperr.NotFound {
		t.Errorf("the leader reading the admin's batch: %v, want NOT_FOUND", err)
	}
	if _, _, err := e.Apply(f.leader, ab[0].ID); code(err) != apperr.NotFound {
		t.Errorf("the leader applying the admin's batch: %v, want NOT_FOUND", err)
	}
}

// The one-time passwords an apply makes are sealed with the key the apply
// answered, handed out once, and never stored in plain.
func TestSecrets(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		p := &probeKind{sessionOnly: true}
		e := f.engine(t, p.kind("SECRET"))
		b := check(t, e, f.admin, "SECRET", []byte("日期,备注\n2034-01-01,\n2034-01-02,\n"))
		_, key, err := e.Apply(f.admin, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b = settle(t, e, f.admin, b.ID); b.Status != importer.Applied {
			t.Fatalf("%s", counts(b))
		}
		stored, _ := f.st.Client.ImportBatch.Get(sys(), b.ID)
		if len(stored.SecretsSealed) == 0 || bytes.Contains(stored.SecretsSealed, []byte("pw-2034")) {
			t.Fatalf("the passwords are not stored sealed")
		}
		other, _ := importer.NewSecretsKey()
		if _, err := e.Secrets(f.admin, b.ID, other); code(err) != apperr.BadUserInput {
			t.Errorf("another key: %v, want BAD_USER_INPUT", err)
		}
		if _, err := e.Secrets(f.admin, b.ID, strings.Repeat("k", importer.MaxSecretsKeyChars+1)); code(err) != apperr.BadUserInput {
			t.Errorf("a key over %d characters: %v", importer.MaxSecretsKeyChars, err)
		}
		got, err := e.Secrets(f.admin, b.ID, key)
		if err != nil || fmt.Sprint(got) != "[{2034-01-01 pw-2034-01-01} {2034-01-02 pw-2034-01-02}]" {
			t.Errorf("secrets %v %v", got, err)
		}
		if _, err := e.Secrets(f.admin, b.ID, key); code(err) != apperr.Conflict {
			t.Errorf("twice: %v, want CONFLICT", err)
		}
		if stored, _ := f.st.Client.ImportBatch.Get(sys(), b.ID); len(stored.SecretsSealed) != 0 {
			t.Errorf("the sealed passwords are kept after they were shown")
		}
	})
}

// Old batches go: an account keeps its KeptPerAccount latest, and none
// outlives Retention.
func TestCleanup(t *testing.T) {
	f := open(t, "sqlite", testdb.NewSQLiteURL(t))
	e := f.engine(t, calendar.ImportKind())
	file := []byte("日期,类型\n2035-01-01,休\n")
	var first int
	for i := range importer.KeptPerAccount + 1 {
		b := check(t, e, f.admin, "WORK_CALENDAR", file)
		if i == 0 {
			first = b.ID
		}
	}
	if n, _ := f.st.Client.ImportBatch.Query().Count(sys()); n != importer.KeptPerAccount {
		t.Errorf("%d batches kept, want %d", n, importer.KeptPerAccount)
	}
	if _, err := e.Batch(f.admin, first); code(err) != apperr.NotFound {
		t.Errorf("the oldest batch: %v, want deleted", err)
	}
	e.Now = func() time.Time { return time.Now().Add(importer.Retention + time.Hour) }
	b := check(t, e, f.admin, "WORK_CALENDAR", file)
	ids, _ := f.st.Client.ImportBatch.Query().IDs(sys())
	if len(ids) != 1 || ids[0] != b.ID {
		t.Errorf("after the retention: batches %v, want only %d", ids, b.ID)
	}
}

// 10,000 dates: checked, applied, exported and imported back unchanged, in
// CSV and .xlsx.
func TestTenThousandRowsRoundTrip(t *testing.T) {
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		f := open(t, driver, dsn)
		k := calendar.ImportKind()
		e := f.engine(t, k)
		b := check(t, e, f.admin, "WORK_CALENDAR", calendarFile(10_000))
		if got, want := counts(b), "CHECKED rows=10000 created=10000 updated=0 unchanged=0 problems=0"; got != want {
			t.Fatalf("check: %s, want %s", got, want)
		}
		if b = apply(t, e, f.admin, b.ID); b.Status != importer.Applied {
			t.Fatalf("apply: %s", counts(b))
		}
		if n, _ := f.st.Client.WorkCalendar.Query().Count(sys()); n != 10_000 {
			t.Fatalf("%d dates stored", n)
		}
		for _, format := range []importer.Format{importer.CSV, importer.XLSX} {
			data, err := importer.Export(f.admin, f.st.Client, k, format)
			if err != nil {
				t.Fatal(err)
			}
			b := check(t, e, f.admin, "WORK_CALENDAR", data)
			if got, want := counts(b), "CHECKED rows=10000 created=0 updated=0 unchanged=10000 problems=0"; got != want {
				t.Errorf("%s export imported back: %s, want %s", format, got, want)
			}
		}
	})
}

// calendarFile lists n dates from 2000-01-01, alternating holidays and
// make-up working days, with notes.
func calendarFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("日期,类型,备注\n")
	d := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		kind := "节假日"
		if i%2 == 1 {
			kind = "调休上班"
		}
		fmt.Fprintf(&b, "%s,%s,第%d天\n", d.AddDate(0, 0, i).Format("2006-01-02"), kind, i)
	}
	return b.Bytes()
}

// BenchmarkImportCalendar checks and applies a file of 10,000 rows through
// WORK_CALENDAR (one lookup-free write per row, like STAFF's create path):
// the time per op is one check plus one apply.
func BenchmarkImportCalendar(b *testing.B) {
	for _, dia := range []string{"sqlite", "postgres"} {
		b.Run(dia, func(b *testing.B) {
			file := calendarFile(10_000)
			for b.Loop() {
				b.StopTimer()
				dsn := testdb.NewSQLiteURL(b)
				if dia == "postgres" {
					dsn = testdb.NewPostgresDB(b)
				}
				f := open(b, dia, dsn)
				e := f.engine(b, calendar.ImportKind())
				b.StartTimer()
				c := check(b, e, f.admin, "WORK_CALENDAR", file)
				if a := apply(b, e, f.admin, c.ID); a.Status != importer.Applied {
					b.Fatalf("%s", counts(a))
				}
			}
		})
	}
}

// staffFile lists n new staff over the departments D00..D19, every tenth
// with a mentor listed earlier in the file and every seventh seconded, so
// the run exercises the lookups as well as the writes.
func staffFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("工号,姓名,部门编码,职务,职级,每周工作时长,导师工号,借调部门编码,借调开始日期,借调结束日期,在岗\n")
	for i := range n {
		mentor, serving, first, last := "", "", "", ""
		if i%10 == 9 {
			mentor = fmt.Sprintf("B%05d", i-9)
		}
		if i%7 == 6 {
			serving, first, last = fmt.Sprintf("D%02d", (i+1)%20), "2026-03-01", "2026-08-31"
		}
		fmt.Fprintf(&b, "B%05d,干部%d,D%02d,科员,四级主任科员,%d,%s,%s,%s,%s,是\n", i, i, i%20, 36+i%8, mentor, serving, first, last)
	}
	return b.Bytes()
}

// BenchmarkImportStaff checks and applies 10,000 new staff through the STAFF
// kind on an agency of 20 departments: per op one dry run plus one apply,
// each on a fresh database.
func BenchmarkImportStaff(b *testing.B) {
	for _, dia := range []string{"sqlite", "postgres"} {
		b.Run(dia, func(b *testing.B) {
			file := staffFile(10_000)
			for b.Loop() {
				b.StopTimer()
				dsn := testdb.NewSQLiteURL(b)
				if dia == "postgres" {
					dsn = testdb.NewPostgresDB(b)
				}
				f := open(b, dia, dsn)
				for d := range 20 {
					if err := f.st.Client.Department.Create().SetName(fmt.Sprintf("部门%d", d)).SetCode(fmt.Sprintf("D%02d", d)).
						SetKind(department.KindAgency).Exec(sys()); err != nil {
						b.Fatal(err)
					}
				}
				e := f.engine(b, org.StaffKind())
				b.StartTimer()
				c := check(b, e, f.admin, "STAFF", file)
				if c.Status != importer.Checked || c.Report.Created != 10_000 {
					b.Fatalf("check: %s", counts(c))
				}
				if a := apply(b, e, f.admin, c.ID); a.Status != importer.Applied {
					b.Fatalf("%s", counts(a))
				}
				b.StopTimer()
				if n := f.st.Client.Staff.Query().CountX(sys()); n != 10_000 {
					b.Fatalf("%d staff stored", n)
				}
				b.StartTimer()
			}
		})
	}
}
