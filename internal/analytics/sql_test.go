package analytics

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xiaoneng/ent/privacy"
	"xiaoneng/ent/task"
	"xiaoneng/internal/testdb"
)

// pingPongMismatches counts the TRANSFERRED events whose stored ping_pong
// flag differs from the definition, evaluated in SQL: "a transfer to a
// department that already held the task" — the departments that held a
// task before a transfer are the senders of that transfer and of every
// earlier one (each holder passed it on, the current one is this sender).
func pingPongMismatches(t testing.TB, e engine) int {
	t.Helper()
	d := e.d
	q := fmt.Sprintf(`WITH xf AS (
  SELECT e.id, e.task_id, e.from_department_id AS f, e.to_department_id AS t, %s AS at,
    CASE WHEN e.ping_pong THEN 1 ELSE 0 END AS pp
  FROM task_events e WHERE e.type = 'TRANSFERRED'),
def AS (
  SELECT x.id, x.pp, MAX(CASE WHEN p.id IS NOT NULL THEN 1 ELSE 0 END) AS held
  FROM xf x LEFT JOIN xf p ON p.task_id = x.task_id AND p.f = x.t AND (p.at < x.at OR (p.at = x.at AND p.id <= x.id))
  GROUP BY x.id, x.pp)
SELECT COUNT(*) FROM def WHERE pp <> held`, d.ep("e.at"))
	var n int
	if err := one(context.Background(), e.q, q, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The definition query finds a wrongly flagged transfer.
func TestPingPongDefinitionQuery(t *testing.T) {
	fx := &fixture{name: "pp", depts: []*fxDept{{key: "root"}, {key: "A", parent: "root"}, {key: "B", parent: "root"}, {key: "C", parent: "root"}}}
	fx.tasks = []*fxTask{{key: "T", kind: task.KindRequest, status: task.StatusNew, lead: "A",
		start: at("2026-03-02 09:00"), due: at("2026-03-09 09:00"), created: at("2026-03-02 09:00")}}
	fx.events = []*fxEvent{
		{task: "T", typ: "TRANSFERRED", from: "A", to: "B", at: at("2026-03-02 10:00")},
		{task: "T", typ: "TRANSFERRED", from: "B", to: "C", at: utc("2026-03-02 11:00")},
		{task: "T", typ: "TRANSFERRED", from: "C", to: "A", at: at("2026-03-02 12:00"), pingPong: true},
		{task: "T", typ: "TRANSFERRED", from: "A", to: "C", at: at("2026-03-02 13:00")}, // wrong: C held it
	}
	handFixture(t, fx, func(t *testing.T, e engine, s *Service) {
		if n := pingPongMismatches(t, e); n != 1 {
			t.Fatalf("mismatches = %d, want 1", n)
		}
	})
}

// ep reads every form a time may take in the database as the same instant:
// on SQLite the text of Go's Time.String() in any zone (with the monotonic
// clock reading time.Now() values carry) and ISO text; on PostgreSQL timestamptz.
func TestEpochOfStoredTimes(t *testing.T) {
	want := time.Date(2026, 4, 1, 1, 0, 0, 0, time.UTC)
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		ctx := context.Background()
		check := func(expr string, want float64) {
			t.Helper()
			var got float64
			if err := one(ctx, e.q, "SELECT "+e.d.ep(expr), &got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("ep(%s) = %v, want %v", expr, got, want)
			}
		}
		if e.d.pg {
			check("TIMESTAMPTZ '2026-04-01 09:00:00+08'", epoch(want))
			check("TIMESTAMPTZ '2026-04-01 01:00:00.123Z'", epoch(want.Add(123*time.Millisecond)))
		} else {
			for _, s := range []string{
				"2026-04-01 09:00:00 +0800 CST",
				"2026-04-01 01:00:00 +0000 UTC",
				"2026-03-31 20:00:00 -0500 EST",
				"2026-04-01 06:30:00 +0530 IST",
				"2026-04-01 01:00:00 +0000 UTC m=+175.350125998",
				"2026-04-01T01:00:00Z",
				"2026-04-01 09:00:00+08:00",
				"2026-04-01 01:00:00",
			} {
				check("'"+s+"'", epoch(want))
			}
			check("'2026-04-01 01:00:00.123456789 +0000 UTC m=+1.5'", epoch(want.Add(123*time.Millisecond)))
		}
		// What the driver actually writes, from values in several zones.
		sctx := privacy.DecisionContext(ctx, privacy.Allow)
		for i, z := range zones {
			d, err := st.Client.Department.Create().SetName(fmt.Sprint("z", i)).SetCode(fmt.Sprint("z", i)).
				SetKind("AGENCY").SetCreatedAt(want.In(z)).SetUpdatedAt(time.Now()).Save(sctx)
			if err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("(SELECT created_at FROM departments WHERE id = %d)", d.ID), epoch(want))
		}
	})
}

// The coarse filters never drop a row the exact test keeps: times just
// inside the window, stored (on SQLite) as the text of the zones farthest
// from UTC, as databases written before the store's UTC wrapper hold them.
func TestCoarseFiltersKeepEdges(t *testing.T) {
	from, to := at("2026-03-02 00:00"), at("2026-03-09 00:00")
	testdb.ForEachDialect(t, func(t *testing.T, driver, dsn string) {
		st, e := openStore(t, driver, dsn)
		sctx := privacy.DecisionContext(context.Background(), privacy.Allow)
		far := []*time.Location{time.FixedZone("LINT", 14*3600), time.FixedZone("BIT", -12*3600)}
		for i, z := range far {
			for j, x := range []time.Time{from, to.Add(-time.Millisecond)} {
				d, err := st.Client.Department.Create().SetName(fmt.Sprint("e", i, j)).SetCode(fmt.Sprint("e", i, j)).
					SetKind("AGENCY").SetCreatedAt(x).SetUpdatedAt(x).Save(sctx)
				if err != nil {
					t.Fatal(err)
				}
				if !e.d.pg {
					if _, err := st.DB.Exec(`UPDATE departments SET created_at = ? WHERE id = ?`, x.In(z).String(), d.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		var n int
		if err := one(context.Background(), e.q, "SELECT COUNT(*) FROM departments d WHERE "+e.d.inWindow("d.created_at", from, to), &n); err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Fatalf("%d of 4 rows inside the window found", n)
		}
	})
}
