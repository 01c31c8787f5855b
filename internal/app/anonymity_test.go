package app_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xiaoneng/internal/app"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/rollup"
)

// The anonymity guarantee of docs/ACCESS.md "Anonymity", tried as an
// attacker holding the database would: the tests read the database
// directly, never through the product.

// legacyPublicSecret is the rater secret earlier releases' demo seed wrote
// into the database; it was public (in the source), so an attacker tries it.
var legacyPublicSecret = []byte("xiaoneng-demo-rater-secret")

// hmacKey computes a rater key by hand: hex(HMAC-SHA256(secret, decimal staff id)).
func hmacKey(secret []byte, staff int64) string {
	return hmacText(secret, strconv.FormatInt(staff, 10))
}

// hmacText is hex(HMAC-SHA256(secret, msg)).
func hmacText(secret []byte, msg string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// dataDirSecret is the rater secret a demo server keeps in its data dir:
// the file's text, as XN_RATER_SECRET would give it.
func (e *env) dataDirSecret(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dataDir, raterkey.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return []byte(strings.TrimSpace(string(b)))
}

// dbTables lists the tables of the database.
func (e *env) dbTables(t *testing.T) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if e.dialect == "postgres" {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`
	}
	var out []string
	rows, err := e.db().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// dbTexts returns every distinct text and byte value of every table but
// those skipped: what a dump of the database holds, apart from numbers and
// times.
func (e *env) dbTexts(t *testing.T, skip ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	for _, table := range e.dbTables(t) {
		if slices.Contains(skip, table) {
			continue
		}
		rows, err := e.db().Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case []byte:
					s = string(x)
				default:
					continue
				}
				if !seen[s] {
					seen[s] = true
					out = append(out, s)
				}
			}
		}
		rows.Close()
	}
	return out
}

// strs reads a column of strings.
func (e *env) strs(t *testing.T, q string, args ...any) []string {
	t.Helper()
	rows, err := e.db().Query(e.rebind(q), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// assertKeysNeedServerSecret plays the attacker with a copy of the
// database: an anonymous rating's key is on nothing that names a person
// (no named rating, no other table); every value stored in the database,
// read as a secret (as is, hex- and base64-decoded), and the old public
// demo secret, are tried as the key of every staff member, and none gives
// a rater key that is in the database. The server's secret, which is not
// in the database, gives them (so the procedure would find one). The
// secret appears nowhere in the database, in any of those encodings.
func assertKeysNeedServerSecret(t *testing.T, e *env, secret []byte) {
	t.Helper()
	keys := map[string]bool{}
	for _, q := range []string{`SELECT rater_key FROM ratings`, `SELECT rater_key FROM rectifications WHERE rater_key <> ''`} {
		for _, k := range e.strs(t, q) {
			keys[k] = true
		}
	}
	staff := e.int64s(t, `SELECT id FROM staff`)
	if len(keys) == 0 || len(staff) == 0 {
		t.Fatalf("%d rater keys, %d staff: nothing to try", len(keys), len(staff))
	}
	reproduces := func(candidate []byte) (int64, bool) {
		for _, s := range staff {
			if keys[hmacKey(candidate, s)] {
				return s, true
			}
		}
		return 0, false
	}

	// Named ratings carry their rater's ID as key; the positive control:
	// the server's secret gives the keys of anonymous ratings (the
	// procedure below would find it).
	if n := asInt(e.scalar(t, `SELECT count(*) FROM ratings WHERE NOT anonymous AND rater_id IS NOT NULL AND rater_key <> 'staff:' || CAST(rater_id AS TEXT)`)); n != 0 {
		t.Fatalf("%d named ratings carry another key than their rater's ID", n)
	}
	anonKeys := e.strs(t, `SELECT DISTINCT rater_key FROM ratings WHERE anonymous`)
	found := 0
	for _, k := range anonKeys {
		for _, s := range staff {
			if hmacKey(secret, s) == k {
				found++
				break
			}
		}
	}
	if len(anonKeys) == 0 || found == 0 {
		t.Fatalf("the server's secret gives %d of %d anonymous raters' keys", found, len(anonKeys))
	}
	// Nothing stored ties an anonymous key to a person: no named rating,
	// nor the rectification of one, carries it, nor any other table.
	if n := asInt(e.scalar(t, `SELECT count(*) FROM ratings a JOIN ratings n ON n.rater_key = a.rater_key WHERE a.anonymous AND NOT n.anonymous`)); n != 0 {
		t.Fatalf("%d anonymous ratings share their key with a named rating", n)
	}
	if n := asInt(e.scalar(t, `SELECT count(*) FROM rectifications x JOIN ratings r ON r.id = x.rating_id
		WHERE NOT r.anonymous AND x.rater_key IN (SELECT rater_key FROM ratings WHERE anonymous)`)); n != 0 {
		t.Fatalf("%d rectifications of named ratings carry an anonymous key", n)
	}
	for _, s := range e.dbTexts(t, "ratings", "rectifications") {
		for _, k := range anonKeys {
			if strings.Contains(s, k) {
				t.Fatalf("an anonymous rater key is stored outside the ratings: %.80q", s)
			}
		}
	}

	encodings := []string{string(secret), hex.EncodeToString(secret), base64.StdEncoding.EncodeToString(secret),
		base64.RawStdEncoding.EncodeToString(secret), base64.URLEncoding.EncodeToString(secret)}
	candidates := [][]byte{legacyPublicSecret}
	texts := e.dbTexts(t)
	for _, s := range texts {
		for _, enc := range encodings {
			if strings.Contains(s, enc) {
				t.Fatalf("the database holds the rater secret (in %.60q…)", s)
			}
		}
		if len(s) > 4096 {
			continue
		}
		candidates = append(candidates, []byte(s))
		if b, err := hex.DecodeString(s); err == nil {
			candidates = append(candidates, b)
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				candidates = append(candidates, b)
			}
		}
	}
	for _, c := range candidates {
		if s, ok := reproduces(c); ok {
			t.Fatalf("a value stored in the database (%.40q) gives staff %d's rater key", c, s)
		}
	}
	t.Logf("%d stored values (%d candidate secrets) × %d staff: no rater key reproduced", len(texts), len(candidates), len(staff))
	if n := asInt(e.scalar(t, `SELECT count(*) FROM settings WHERE key = ? OR key LIKE '%secret%'`, raterkey.LegacySetting)); n != 0 {
		t.Fatalf("%d settings rows hold a secret", n)
	}
}

// dbTimes returns the time columns (named at or *_at) of the rows of
// table that match where, by column.
func (e *env) dbTimes(t *testing.T, table, where string, args ...any) map[string][]time.Time {
	t.Helper()
	rows, err := e.db().Query(e.rebind(`SELECT * FROM `+table+` WHERE `+where), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := map[string][]time.Time{}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, c := range cols {
			if c != "at" && !strings.HasSuffix(c, "_at") || vals[i] == nil {
				continue
			}
			out[table+"."+c] = append(out[table+"."+c], asTime(t, vals[i]))
		}
	}
	return out
}

func asTime(t *testing.T, v any) time.Time {
	t.Helper()
	switch x := v.(type) {
	case time.Time:
		return x
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano} {
			if tm, err := time.Parse(layout, x); err == nil {
				return tm
			}
		}
	case []byte:
		return asTime(t, string(x))
	}
	t.Fatalf("not a time: %T %v", v, v)
	return time.Time{}
}

func startOfDay(tm time.Time) time.Time {
	y, m, d := tm.In(cst).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, cst)
}

// ratingChainTimes are the times stored on a rating, its rectification,
// the rectification's task and the task's events.
func (e *env) ratingChainTimes(t *testing.T, ratingID, taskID int64) map[string][]time.Time {
	t.Helper()
	out := e.dbTimes(t, "ratings", "id = ?", ratingID)
	for _, part := range []struct{ table, where string }{
		{"rectifications", "rating_id = ?"}, {"tasks", "id = ?"}, {"task_events", "task_id = ?"},
	} {
		id := ratingID
		if part.table != "rectifications" {
			id = taskID
		}
		for k, v := range e.dbTimes(t, part.table, part.where, id) {
			out[k] = v
		}
	}
	return out
}

// An anonymous rater's acts — the rating, the rectification it opens, the
// verdict — leave no audit row (only the day's tally), nothing between the
// rater's login row and the next one, and no time finer than the day or
// than the times already on the rows they follow. With only the database,
// no value in it reproduces a rater key.
func TestAnonymousActsAtRest(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		tok := e.rvTokens(t, "staff3")
		supply := e.deptOf(t, "staff3")
		maxAudit := func() int64 { return int64(asInt(e.scalar(t, `SELECT COALESCE(MAX(id), 0) FROM audit_logs`))) }
		auditRows := func() int { return asInt(e.scalar(t, `SELECT count(*) FROM audit_logs`)) }

		// The rater logs in: the login row names their account.
		rater := e.rvLogin(t, "frontline")
		login := maxAudit()
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE id = ? AND action = 'login' AND actor_account_id = (SELECT id FROM accounts WHERE login = 'frontline')`, login)); n != 1 {
			t.Fatal("the rater's login wrote no login row naming them")
		}
		before := auditRows()
		submitted := time.Now()
		// The SPA's idempotency key where crypto.randomUUID is missing (plain
		// HTTP): the time the form was opened, and a random tail.
		idem := strconv.FormatInt(submitted.UnixMilli(), 10) + "-k3x9q2m7w1"
		in := ratingInput(supply, 1, true)
		in["idempotencyKey"] = idem
		r := e.submit(t, rater, in)
		if r.Rect == nil {
			t.Fatalf("a score of 1 opened no rectification: %+v", r)
		}
		ratingID, taskID := mustAtoi(t, r.ID), mustAtoi(t, r.Rect.Task.ID)
		if n := auditRows(); n != before {
			t.Fatalf("the anonymous rating wrote %d audit rows", n-before)
		}
		// Someone else logs in next: nothing lies between the two login rows.
		e.rvLogin(t, "leader")
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE id > ? AND id < ?`, login, maxAudit())); n != 0 {
			t.Fatalf("%d audit rows lie between the rater's login and the next login", n)
		}
		day := startOfDay(submitted)
		var tallyDay any
		var tallied int
		if err := e.db().QueryRow(`SELECT day, count FROM audit_tallies WHERE action = 'submit_rating'`).Scan(&tallyDay, &tallied); err != nil {
			t.Fatal(err)
		}
		if !asTime(t, tallyDay).Equal(day) || tallied != 1 {
			t.Fatalf("tally of anonymous ratings: %v × %d, want %v × 1", tallyDay, tallied, day)
		}

		// The key is stored keyed: it tells no time.
		stored := e.strs(t, `SELECT idempotency_key FROM ratings WHERE id = ?`, ratingID)
		if len(stored) != 1 || stored[0] != hmacText(e.dataDirSecret(t), "idempotency:"+idem) || strings.Contains(stored[0], idem[:8]) {
			t.Fatalf("stored idempotency key %v for %q", stored, idem)
		}
		// Every time the rating wrote is the day (deadlines are midnights anyway).
		for col, ts := range e.ratingChainTimes(t, ratingID, taskID) {
			for _, tm := range ts {
				if !tm.Equal(startOfDay(tm)) {
					t.Errorf("%s = %v: finer than the day", col, tm.In(cst))
				}
				if strings.HasSuffix(col, "created_at") && !tm.Equal(day) {
					t.Errorf("%s = %v, want the day %v", col, tm.In(cst), day)
				}
			}
		}

		// The department answers (its own act, timed as usual); the rater,
		// dissatisfied, reopens it: the verdict, the reopened task and its
		// events record no time that was not already there, or the day.
		_, res := e.answer(t, tok["staff3"], r.Rect.ID, "已整改")
		rvExpect(t, res, "", "")
		known := map[time.Time]bool{day.UTC(): true}
		for _, ts := range e.ratingChainTimes(t, ratingID, taskID) {
			for _, tm := range ts {
				known[tm.UTC()] = true
			}
		}
		before = auditRows()
		j, res := e.judge(t, rater, r.Rect.ID, "DISSATISFIED")
		rvExpect(t, res, "", "")
		if j.Status != "OPEN" || j.ReopenCount != 1 || j.Task.Status != "IN_PROGRESS" {
			t.Fatalf("after the verdict: %+v", j)
		}
		for col, ts := range e.ratingChainTimes(t, ratingID, taskID) {
			for _, tm := range ts {
				if !known[tm.UTC()] && !tm.Equal(startOfDay(tm)) {
					t.Errorf("the anonymous verdict recorded %s = %v, a time finer than the day", col, tm.In(cst))
				}
			}
		}
		if n := auditRows(); n != before {
			t.Fatalf("the anonymous verdict wrote %d audit rows", n-before)
		}
		if n := asInt(e.scalar(t, `SELECT count FROM audit_tallies WHERE action = 'judge_rectification'`)); n != 1 {
			t.Fatalf("the tally counts %d anonymous verdicts, want 1", n)
		}
		if n := asInt(e.scalar(t, `SELECT count(*) FROM audit_tallies`)); n != 2 {
			t.Fatalf("%d tally rows, want one per day and action", n)
		}

		assertKeysNeedServerSecret(t, e, e.dataDirSecret(t))
	})
}

// The k ≥ 3 rule on the drill-down: the ratings behind a department's
// figures are listed — with their count — only when the figures are shown,
// i.e. when at least MinRaters (3) distinct raters rated it in the window.
// Two raters with three keys (one rated both anonymously and by name) are
// just under: the drill-down returns nothing, not even a count; a third
// rater is at the threshold: every rating is listed. The satisfaction
// figures agree at both points.
func TestDepartmentRatingsThreshold(t *testing.T) {
	rvEachFresh(t, func(t *testing.T, e *env) {
		// A third frontline rater besides the demo's two.
		third := e.int64s(t, `SELECT s.id FROM staff s JOIN departments d ON d.id = s.department_id
			WHERE d.kind = 'FRONTLINE' AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.staff_id = s.id) ORDER BY s.id`)
		if len(third) == 0 {
			t.Fatal("no frontline staff member without an account")
		}
		e.rvAddAccount(t, "frontline3", "FRONTLINE", third[0])
		tok := e.rvTokens(t, "frontline", "frontline2", "frontline3", "leader")

		// Today (the anonymous ratings are dated to its start) and an agency
		// department nobody has rated today.
		from := startOfDay(time.Now())
		to := from.AddDate(0, 0, 1)
		free := e.int64s(t, `SELECT d.id FROM departments d WHERE d.kind = 'AGENCY' AND NOT EXISTS (
			SELECT 1 FROM ratings r WHERE r.target_department_id = d.id AND r.created_at >= ? AND r.created_at < ?) ORDER BY d.id`,
			from.UTC(), to.UTC())
		if len(free) == 0 {
			t.Fatal("every agency department was rated today")
		}
		dept := idStr(free[0])
		window := map[string]any{"from": from.Format(time.RFC3339), "to": to.Format(time.RFC3339)}

		type drill struct {
			D struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct {
						ID string `json:"id"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"departmentRatings"`
			S struct {
				Departments []struct {
					Department  struct{ ID string }
					Withheld    bool `json:"withheld"`
					RatingCount *int `json:"ratingCount"`
				} `json:"departments"`
			} `json:"satisfaction"`
		}
		look := func() (ids []string, total int, withheld bool, count *int) {
			var d drill
			e.do(t, tok["leader"], `query($d: ID!, $w: WindowInput) {
				departmentRatings(department: $d, window: $w, first: 100) { totalCount edges { node { id } } }
				satisfaction(window: $w) { departments { department { id } withheld ratingCount } } }`,
				map[string]any{"d": dept, "w": window}).ok(t, &d)
			for _, edge := range d.D.Edges {
				ids = append(ids, edge.Node.ID)
			}
			for _, x := range d.S.Departments {
				if x.Department.ID == dept {
					return ids, d.D.TotalCount, x.Withheld, x.RatingCount
				}
			}
			t.Fatalf("satisfaction lists no department %s", dept)
			return
		}

		var rated []string
		for _, r := range []struct {
			login     string
			anonymous bool
		}{{"frontline", true}, {"frontline", false}, {"frontline2", true}} {
			rated = append(rated, e.submit(t, tok[r.login], ratingInput(dept, 4, r.anonymous)).ID)
		}
		// Three ratings, three keys, two raters: under the threshold.
		ids, total, withheld, count := look()
		if len(ids) != 0 || total != 0 || !withheld || count != nil {
			t.Fatalf("2 raters: the drill-down lists %v (totalCount %d); figures withheld %v, count %v", ids, total, withheld, count)
		}
		// Its where argument cannot bring them back either.
		var d drill
		e.do(t, tok["leader"], `query($d: ID!, $w: WindowInput) { departmentRatings(department: $d, window: $w, where: {anonymous: true}) { totalCount } }`,
			map[string]any{"d": dept, "w": window}).ok(t, &d)
		if d.D.TotalCount != 0 {
			t.Fatalf("2 raters, filtered: totalCount %d", d.D.TotalCount)
		}

		// A third rater: at the threshold, every rating and its count.
		rated = append(rated, e.submit(t, tok["frontline3"], ratingInput(dept, 2, true)).ID)
		ids, total, withheld, count = look()
		slices.Sort(ids)
		slices.Sort(rated)
		if !slices.Equal(ids, rated) || total != 4 || withheld || count == nil || *count != 4 {
			t.Fatalf("3 raters: the drill-down lists %v (totalCount %d), want %v; figures withheld %v, count %v", ids, total, rated, withheld, count)
		}
	})
}

// An earlier release's database — the rater secret in its settings table,
// one key per rater under it on named and anonymous ratings alike, an audit
// row per anonymous act, anonymous ratings dated to the instant — is
// migrated when the new release starts with its own secret: every
// anonymous key is rewritten (a rater who left gets a key nobody can
// compute either), named ratings get their rater's ID, the rollup keeps its
// sums and counts the raters of the new keys (`server rollup --check`
// agrees), the audit rows become the day's tally, the anonymous ratings
// their day, the secret's row is gone and the data version moves on. The
// rater still finds and judges their anonymous rating. Afterwards another
// secret is refused, and a restart changes nothing.
func TestRaterSecretMigration(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			if dialect == "postgres" && os.Getenv("XN_SKIP_POSTGRES") == "1" {
				t.Skip("XN_SKIP_POSTGRES=1")
			}
			ctx := context.Background()
			var opt app.Options
			e := newEnvWith(t, dialect, false, func(o *app.Options) { opt = *o })
			cur := e.dataDirSecret(t)
			tok := e.rvTokens(t, "frontline", "staff3")
			r := e.submit(t, tok["frontline"], ratingInput(e.deptOf(t, "staff3"), 1, true))
			_, res := e.answer(t, tok["staff3"], r.Rect.ID, "已整改")
			rvExpect(t, res, "", "")
			myRatings := func(e *env, tok string) (ids []string) {
				var page struct {
					M struct {
						Edges []struct {
							Node struct {
								ID   string `json:"id"`
								Mine bool   `json:"mine"`
							} `json:"node"`
						} `json:"edges"`
					} `json:"myRatings"`
				}
				e.do(t, tok, `{ myRatings(first: 100) { edges { node { id mine } } } }`, nil).ok(t, &page)
				for _, edge := range page.M.Edges {
					if edge.Node.Mine {
						ids = append(ids, edge.Node.ID)
					}
				}
				slices.Sort(ids)
				return ids
			}
			mine := myRatings(e, tok["frontline"])
			if !slices.Contains(mine, r.ID) {
				t.Fatalf("myRatings %v lacks the new anonymous rating %s", mine, r.ID)
			}

			// The database as the earlier release kept it: one key per rater,
			// on named and anonymous ratings alike, under its public secret.
			byKey := map[string]int64{}
			for _, s := range e.int64s(t, `SELECT id FROM staff`) {
				byKey[hmacKey(cur, s)] = s
			}
			raterOf := map[int64]int64{}
			anonymous := map[int64]bool{}
			rows, err := e.db().Query(`SELECT id, anonymous, rater_id, rater_key FROM ratings ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			var gone int64 // an anonymous rater who has since left: their old key matches nobody
			frontline := e.viewerStaff(t, "frontline")
			for rows.Next() {
				var id int64
				var anon bool
				var named *int64
				var k string
				if err := rows.Scan(&id, &anon, &named, &k); err != nil {
					t.Fatal(err)
				}
				s, ok := byKey[k]
				if !anon {
					s, ok = *named, k == "staff:"+idStr(*named)
				}
				if !ok {
					t.Fatalf("rating %d's key %s is not its rater's", id, k)
				}
				raterOf[id], anonymous[id] = s, anon
				if gone == 0 && anon && s != frontline {
					gone = s
				}
			}
			rows.Close()
			oldKey := func(s int64) string {
				if s == gone {
					return "key-of-a-rater-who-left"
				}
				return hmacKey(legacyPublicSecret, s)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := e.db().Exec(e.rebind(q), args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for id, s := range raterOf {
				exec(`UPDATE ratings SET rater_key = ? WHERE id = ?`, oldKey(s), id)
			}
			// it kept idempotency keys as the client sent them
			legacyIdem := "1733550000000-k3x9q2m7w1"
			exec(`UPDATE ratings SET idempotency_key = ? WHERE id = ?`, legacyIdem, mustAtoi(t, r.ID))
			exec(`UPDATE rectifications SET rater_key = (SELECT r.rater_key FROM ratings r WHERE r.id = rectifications.rating_id)`)
			exec(`DELETE FROM settings WHERE key = ?`, raterkey.CheckSetting)
			now := time.Now()
			exec(`INSERT INTO settings (key, value, created_at, updated_at) VALUES (?, ?, ?, ?)`,
				raterkey.LegacySetting, hex.EncodeToString(legacyPublicSecret), now, now)
			today, yesterday := startOfDay(now), startOfDay(now).AddDate(0, 0, -1)
			frontlineAccount := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'frontline'`))
			for _, a := range []struct {
				action string
				actor  any
				at     time.Time
			}{
				{"submit_rating", nil, today.Add(10*time.Hour + time.Second)},
				{"submit_rating", nil, today.Add(10*time.Hour + 5*time.Second)},
				{"judge_rectification", nil, yesterday.Add(15 * time.Hour)},
				{"submit_rating", frontlineAccount, today.Add(11 * time.Hour)}, // a named rating: kept
			} {
				exec(`INSERT INTO audit_logs (actor_account_id, action, entity, entity_id, detail, client_addr, at) VALUES (?, ?, 'rating', 1, '{}', '', ?)`,
					a.actor, a.action, a.at)
			}
			tally := func(e *env, action string, day time.Time) int {
				var n int
				err := e.db().QueryRow(e.rebind(`SELECT count FROM audit_tallies WHERE action = ? AND day = ?`), action, day.UTC()).Scan(&n)
				if err != nil {
					return 0
				}
				return n
			}
			wantTally := tally(e, "submit_rating", today) + 2
			// The earlier release dated ratings to the instant.
			type stamps struct {
				anonymous        bool
				created, updated time.Time
			}
			ratingTimes := func(e *env) map[int64]stamps {
				out := map[int64]stamps{}
				rows, err := e.db().Query(`SELECT id, anonymous, created_at, updated_at FROM ratings`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				for rows.Next() {
					var id int64
					var st stamps
					var c, u any
					if err := rows.Scan(&id, &st.anonymous, &c, &u); err != nil {
						t.Fatal(err)
					}
					st.created, st.updated = asTime(t, c), asTime(t, u)
					out[id] = st
				}
				return out
			}
			instant := today.Add(9*time.Hour + time.Second + time.Millisecond)
			exec(`UPDATE ratings SET created_at = ?, updated_at = ? WHERE id = ?`, instant, instant, mustAtoi(t, r.ID))
			timesBefore := ratingTimes(e)
			precise := 0
			for _, st := range timesBefore {
				if st.anonymous && !st.created.Equal(startOfDay(st.created)) {
					precise++
				}
			}
			if precise < 2 {
				t.Fatalf("%d anonymous ratings dated to the instant before the upgrade", precise)
			}
			// its rollup counted raters by those keys: persons
			if _, err := rollup.RebuildRatings(ctx, e.db(), dialect); err != nil {
				t.Fatal(err)
			}
			// After the split, a department's day counts its anonymous and its
			// named raters apart and shows the larger number.
			type deptDay struct {
				dept int64
				day  time.Time
			}
			byKind := map[deptDay][2]map[int64]bool{}
			rows, err = e.db().Query(`SELECT id, target_department_id, created_at FROM ratings WHERE appeal_status <> 'VOIDED'`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id, dept int64
				var at any
				if err := rows.Scan(&id, &dept, &at); err != nil {
					t.Fatal(err)
				}
				k := deptDay{dept, startOfDay(asTime(t, at)).UTC()}
				sets, kind := byKind[k], 0
				if sets[0] == nil {
					sets = [2]map[int64]bool{{}, {}}
					byKind[k] = sets
				}
				if !anonymous[id] {
					kind = 1
				}
				sets[kind][raterOf[id]] = true
			}
			rows.Close()
			storedBefore, err := rollup.StoredRatings(ctx, e.db(), e.app.Store.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			version, err := respcache.Current(ctx, e.db())
			if err != nil {
				t.Fatal(err)
			}
			e.srv.Close()
			e.app.Close()

			// The new release starts with its own secret.
			next := []byte("the upgraded server's own rater secret")
			opt.RaterSecret = string(next)
			var logs bytes.Buffer
			prev := slog.Default()
			slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))
			a, err := app.New(ctx, opt)
			slog.SetDefault(prev)
			if err != nil {
				t.Fatalf("starting on the earlier release's database: %v", err)
			}
			up := &env{app: a, srv: httptest.NewServer(a.Handler()), dataDir: e.dataDir, dialect: dialect}
			t.Cleanup(func() { up.srv.Close(); a.Close() })
			for _, secret := range [][]byte{next, legacyPublicSecret} {
				for _, enc := range []string{string(secret), hex.EncodeToString(secret), base64.StdEncoding.EncodeToString(secret)} {
					if strings.Contains(logs.String(), enc) {
						t.Fatalf("the start-up log shows a rater secret: %s", logs.String())
					}
				}
			}
			if !strings.Contains(logs.String(), "re-keyed") {
				t.Errorf("the re-keying was not logged: %s", logs.String())
			}

			// Every anonymous key is its rater's under the new secret, every
			// named one its rater's ID; the rater who left has one key,
			// computable from neither secret.
			var goneKeys []string
			rows, err = up.db().Query(`SELECT id, rater_key FROM ratings`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var id int64
				var k string
				if err := rows.Scan(&id, &k); err != nil {
					t.Fatal(err)
				}
				s := raterOf[id]
				switch {
				case !anonymous[id]:
					if k != "staff:"+idStr(s) {
						t.Fatalf("named rating %d: key %s is not its rater's ID", id, k)
					}
				case s == gone:
					goneKeys = append(goneKeys, k)
				case k != hmacKey(next, s):
					t.Fatalf("rating %d: key %s is not its rater's under the new secret", id, k)
				}
			}
			rows.Close()
			slices.Sort(goneKeys)
			if goneKeys = slices.Compact(goneKeys); len(goneKeys) != 1 || goneKeys[0] == oldKey(gone) ||
				goneKeys[0] == hmacKey(next, gone) || goneKeys[0] == hmacKey(legacyPublicSecret, gone) {
				t.Fatalf("the keys of the rater who left: %v", goneKeys)
			}
			// Anonymous ratings are dated to their day, named ones as they were.
			timesAfter := ratingTimes(up)
			for id, was := range timesBefore {
				now, want := timesAfter[id], was
				if was.anonymous {
					want.created = startOfDay(was.created)
					if was.updated.Equal(was.created) {
						want.updated = want.created
					}
				}
				if !now.created.Equal(want.created) || !now.updated.Equal(want.updated) {
					t.Fatalf("rating %d (anonymous %v) dated %v / %v, want %v / %v", id, was.anonymous,
						now.created.In(cst), now.updated.In(cst), want.created.In(cst), want.updated.In(cst))
				}
			}
			if n, err := rollup.RaterKeys.Mismatches(ctx, up.db()); err != nil || n != 0 {
				t.Fatalf("%d rectifications do not carry their rating's key (%v)", n, err)
			}
			// The rollup's distinct raters are those of before, and what the
			// ratings give (`server rollup --check`).
			storedAfter, err := rollup.StoredRatings(ctx, up.db(), dialect)
			if err != nil {
				t.Fatal(err)
			}
			computed, err := rollup.ComputeRatings(ctx, up.db(), dialect)
			if err != nil {
				t.Fatal(err)
			}
			// The same ratings and sums; the raters of each day as above.
			for cell, before := range storedBefore {
				after := storedAfter[cell]
				sets := byKind[deptDay{int64(cell.Dept), cell.DayStart()}]
				if want := max(len(sets[0]), len(sets[1])); after.Raters != want {
					t.Fatalf("rollup cell %+v: %d raters, want %d (%d anonymous, %d named)", cell, after.Raters, want, len(sets[0]), len(sets[1]))
				}
				after.Raters = before.Raters
				if after != before {
					t.Fatalf("rollup cell %+v: sums %+v after, %+v before", cell, after, before)
				}
			}
			if len(storedAfter) != len(storedBefore) {
				t.Fatalf("%d rollup cells after, %d before", len(storedAfter), len(storedBefore))
			}
			if d := rollup.DiffRatings(storedAfter, computed, 5); len(d) > 0 {
				t.Fatalf("the rollup disagrees with the ratings: %v", d)
			}
			if v, err := respcache.Current(ctx, up.db()); err != nil || v <= version {
				t.Fatalf("data version %d after the re-keying, %d before (%v)", v, version, err)
			}
			// The secret's row is gone; the anonymous audit rows are the day's tally.
			if n := asInt(up.scalar(t, `SELECT count(*) FROM settings WHERE key = ?`, raterkey.LegacySetting)); n != 0 {
				t.Fatal("the earlier release's secret is still in the settings")
			}
			if n := asInt(up.scalar(t, `SELECT count(*) FROM audit_logs WHERE action IN ('submit_rating', 'judge_rectification') AND actor_account_id IS NULL`)); n != 0 {
				t.Fatalf("%d audit rows of anonymous acts are left", n)
			}
			if n := asInt(up.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'submit_rating' AND actor_account_id = ?`, frontlineAccount)); n != 1 {
				t.Fatalf("%d audit rows of the named rating, want 1", n)
			}
			if n, m := tally(up, "submit_rating", today), tally(up, "judge_rectification", yesterday); n != wantTally || m != 1 {
				t.Fatalf("tallies: %d anonymous ratings today (want %d), %d verdicts yesterday (want 1)", n, wantTally, m)
			}
			assertKeysNeedServerSecret(t, up, next)

			// The rater still finds their ratings and judges the anonymous one.
			rater := up.rvLogin(t, "frontline")
			if got := myRatings(up, rater); !slices.Equal(got, mine) {
				t.Fatalf("myRatings after the upgrade: %v, before: %v", got, mine)
			}
			// Its idempotency key is stored keyed now, and a retry still finds it.
			if got := up.strs(t, `SELECT idempotency_key FROM ratings WHERE id = ?`, mustAtoi(t, r.ID)); len(got) != 1 || got[0] != hmacText(next, "idempotency:"+legacyIdem) {
				t.Fatalf("idempotency key after the upgrade: %v", got)
			}
			retry := ratingInput(up.deptOf(t, "staff3"), 1, true)
			retry["idempotencyKey"] = legacyIdem
			if again := up.submit(t, rater, retry); again.ID != r.ID {
				t.Fatalf("a retry after the upgrade made rating %s besides %s", again.ID, r.ID)
			}
			j, res := up.judge(t, rater, r.Rect.ID, "SATISFIED")
			rvExpect(t, res, "", "")
			if j.Status != "CLOSED" {
				t.Fatalf("after the verdict: %+v", j)
			}

			// Another secret is refused, before anything changes; the same
			// one starts without changing a key.
			keys := func() []string { return up.strs(t, `SELECT rater_key FROM ratings ORDER BY id`) }
			before := keys()
			other := opt
			other.RaterSecret = "a different secret of 32 bytes or more"
			if b, err := app.New(ctx, other); err == nil {
				b.Close()
				t.Fatal("started with another rater secret than the keys'")
			} else if !strings.Contains(err.Error(), "XN_RATER_SECRET") || strings.Contains(err.Error(), other.RaterSecret) {
				t.Fatalf("refusing another secret: %v", err)
			}
			again, err := app.New(ctx, opt)
			if err != nil {
				t.Fatalf("restarting with the same secret: %v", err)
			}
			again.Close()
			if !slices.Equal(keys(), before) {
				t.Fatal("a restart changed the keys")
			}
		})
	}
}
