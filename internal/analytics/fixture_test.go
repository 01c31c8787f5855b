package analytics

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/department"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/rating"
	"xiaoneng/ent/rectification"
	"xiaoneng/ent/task"
	"xiaoneng/ent/taskevent"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/store"
	"xiaoneng/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.RunMain(m)) }

// ——— fixtures: rows described in Go, inserted with ent ———

type fxDept struct {
	key, parent string
	frontline   bool
	quota       int
	id          int
}

type fxStaff struct {
	key, dept      string
	weekly         float64
	inactive       bool
	secondedTo     string
	secFrom, secTo *time.Time
	id             int
}

type fxAssign struct {
	staff string
	hours float64
}

type fxTask struct {
	key       string
	kind      task.Kind
	status    task.Status
	lead      string
	co        []string
	start     time.Time
	due       time.Time
	created   time.Time
	completed *time.Time
	assigns   []fxAssign
	id        int
}

type fxEvent struct {
	task     string
	typ      taskevent.Type
	from, to string
	at       time.Time
	pingPong bool
	late     bool
	id       int
}

type fxRating struct {
	key          string
	target, unit string
	rater        string // becomes the rater_key ("staff:x": x rating by name)
	score        int
	dims         [3]int
	at           time.Time
	voided       bool
	id           int
}

type fxRect struct {
	rating   string
	task     string // a RECTIFICATION task of the fixture
	dept     string
	due      time.Time
	answered *time.Time
	verdict  rectification.Verdict // "" = not judged
	judged   *time.Time
}

type fxVisit struct {
	dept, staff, unit string
	at                time.Time
	confirmed         bool
}

type fixture struct {
	name    string
	depts   []*fxDept
	staff   []*fxStaff
	tasks   []*fxTask
	events  []*fxEvent
	ratings []*fxRating
	rects   []*fxRect
	visits  []*fxVisit
	byKey   map[string]int // key → id, filled by insert
}

func tp(t time.Time) *time.Time { return &t }

func (fx *fixture) dept(key string) *fxDept {
	for _, d := range fx.depts {
		if d.key == key {
			return d
		}
	}
	panic("no department " + key)
}

func (fx *fixture) person(key string) *fxStaff {
	for _, s := range fx.staff {
		if s.key == key {
			return s
		}
	}
	panic("no staff " + key)
}

func (fx *fixture) task(key string) *fxTask {
	for _, t := range fx.tasks {
		if t.key == key {
			return t
		}
	}
	panic("no task " + key)
}

func (fx *fixture) id(key string) int {
	id, ok := fx.byKey[key]
	if !ok {
		panic("no id for " + key)
	}
	return id
}

// insert writes the fixture with system rights.
func (fx *fixture) insert(t testing.TB, client *ent.Client) {
	t.Helper()
	ctx := privacy.DecisionContext(context.Background(), privacy.Allow)
	fx.byKey = map[string]int{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture %s: %v", fx.name, err)
		}
	}
	org := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	for i, d := range fx.depts {
		c := client.Department.Create().SetName(fx.name + "/" + d.key).SetCode(fx.name + "-" + d.key).
			SetVisitQuotaPerYear(d.quota).SetSortOrder(i).SetCreatedAt(org).SetUpdatedAt(org)
		if d.frontline {
			c.SetKind(department.KindFrontline)
		} else {
			c.SetKind(department.KindAgency)
		}
		if d.parent != "" {
			c.SetParentID(fx.id(d.parent))
		}
		x, err := c.Save(ctx)
		must(err)
		d.id, fx.byKey[d.key] = x.ID, x.ID
	}
	for i, s := range fx.staff {
		c := client.Staff.Create().SetName(s.key).SetEmployeeNo(fmt.Sprintf("%s-%03d", fx.name, i)).
			SetDepartmentID(fx.id(s.dept)).SetWeeklyCapacityHours(s.weekly).SetActive(!s.inactive).
			SetCreatedAt(org).SetUpdatedAt(org)
		if s.secondedTo != "" {
			c.SetSecondedToID(fx.id(s.secondedTo)).SetNillableSecondmentFrom(s.secFrom).SetNillableSecondmentTo(s.secTo)
		}
		x, err := c.Save(ctx)
		must(err)
		s.id, fx.byKey[s.key] = x.ID, x.ID
	}
	for _, tk := range fx.tasks {
		c := client.Task.Create().SetTitle(tk.key).SetKind(tk.kind).SetStatus(tk.status).
			SetStartAt(tk.start).SetDueAt(tk.due).SetLeadDepartmentID(fx.id(tk.lead)).
			SetNillableCompletedAt(tk.completed).SetCreatedAt(tk.created).SetUpdatedAt(tk.created)
		for _, co := range tk.co {
			c.AddCoDepartmentIDs(fx.id(co))
		}
		x, err := c.Save(ctx)
		must(err)
		tk.id, fx.byKey[tk.key] = x.ID, x.ID
		for _, a := range tk.assigns {
			must(client.TaskAssignment.Create().SetTaskID(x.ID).SetStaffID(fx.id(a.staff)).SetHours(a.hours).
				SetCreatedAt(tk.created).SetUpdatedAt(tk.created).Exec(ctx))
		}
	}
	for _, e := range fx.events {
		c := client.TaskEvent.Create().SetTaskID(fx.id(e.task)).SetType(e.typ).SetAt(e.at).
			SetPingPong(e.pingPong).SetLate(e.late)
		if e.from != "" {
			c.SetFromDepartmentID(fx.id(e.from))
		}
		if e.to != "" {
			c.SetToDepartmentID(fx.id(e.to))
		}
		x, err := c.Save(ctx)
		must(err)
		e.id = x.ID
	}
	for _, r := range fx.ratings {
		// a rater "staff:x" is x rating by name: the key keeps the named prefix
		named := raterkey.IsNamed(r.rater)
		key := fx.name + "/" + r.rater
		if named {
			key = raterkey.NamedPrefix + fx.name + "/" + strings.TrimPrefix(r.rater, raterkey.NamedPrefix)
		}
		c := client.Rating.Create().SetRaterKey(key).SetRaterUnitID(fx.id(r.unit)).
			SetTargetDepartmentID(fx.id(r.target)).SetScore(r.score).
			SetResponsiveness(r.dims[0]).SetResolution(r.dims[1]).SetAttitude(r.dims[2]).
			SetAnonymous(!named).SetCreatedAt(r.at).SetUpdatedAt(r.at)
		if r.voided {
			c.SetAppealStatus(rating.AppealStatusVoided)
		}
		x, err := c.Save(ctx)
		must(err)
		r.id, fx.byKey[r.key] = x.ID, x.ID
	}
	for _, r := range fx.rects {
		c := client.Rectification.Create().SetRatingID(fx.id(r.rating)).SetTaskID(fx.id(r.task)).
			SetDepartmentID(fx.id(r.dept)).SetDueAt(r.due).SetNillableAnsweredAt(r.answered).
			SetNillableJudgedAt(r.judged)
		if r.verdict != "" {
			c.SetVerdict(r.verdict)
		}
		must(c.Exec(ctx))
	}
	for _, v := range fx.visits {
		must(client.ServiceVisit.Create().SetDepartmentID(fx.id(v.dept)).SetStaffID(fx.id(v.staff)).
			SetUnitID(fx.id(v.unit)).SetVisitedAt(v.at).SetPurpose("visit").SetConfirmed(v.confirmed).
			SetCreatedAt(v.at).SetUpdatedAt(v.at).Exec(ctx))
	}
}

// scopeOf is the subtree of department key as resolveScope computes it,
// derived here from the fixture's own parent links.
func (fx *fixture) scopeOf(key string) scope {
	sc := scope{root: fx.id(key)}
	keys := []string{key}
	for i := 0; i < len(keys); i++ {
		for _, d := range fx.depts {
			if d.parent == keys[i] {
				keys = append(keys, d.key)
			}
		}
	}
	for _, k := range keys {
		d := fx.dept(k)
		sc.ids = append(sc.ids, d.id)
		if !d.frontline {
			sc.agency = append(sc.agency, d.id)
		}
	}
	return sc
}

// openStore opens and migrates a fresh database of the dialect.
func openStore(t *testing.T, driver, dsn string) (*store.Store, engine) {
	t.Helper()
	st, err := store.OpenDSN(context.Background(), driver, dsn, testdb.EntDialect(driver))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, engine{q: st.DB, d: newDia(st.Dialect)}
}

// zones the fixtures give their times in (the store writes them in UTC;
// TestEpochOfStoredTimes covers text in other zones).
var zones = []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("EST", -5*3600)}
