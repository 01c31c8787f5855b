package app_test

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"xiaoneng/internal/app"
)

// The login limits of docs/ACCESS.md "Logins", written out here rather than
// read from the code: 5 failures per (name, address) then one a minute; 30
// per address then one every 20 s; 10 per name then one every 2 minutes,
// an address the account logged in from in the last 30 days exempt.
const (
	pairBurst, pairEvery = 5, time.Minute
	addrBurst, addrEvery = 30, 20 * time.Second
	nameBurst, nameEvery = 10, 2 * time.Minute
)

// limitsEnv is a fresh product that trusts the test's loopback peer as a
// proxy (so each request names its client in X-Forwarded-For) and runs on
// a clock the test moves.
func limitsEnv(t *testing.T, dialect string) (*env, *testClock) {
	t.Helper()
	clock := newTestClock()
	e := newEnvWith(t, dialect, false, func(o *app.Options) {
		o.Now = clock.Now
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	return e, clock
}

// loginFrom is the error code of a login by client address addr ("" on success).
func (e *env) loginFrom(t *testing.T, addr, user, password string) string {
	t.Helper()
	return e.doVia(t, "127.0.0.1", []string{addr}, "", loginQ, map[string]any{"u": user, "p": password}).code()
}

func TestLoginLimitPerNameAndAddress(t *testing.T) {
	e, clock := limitsEnv(t, "sqlite")
	pw := app.DemoPassword

	// One name from one address: 5 failures, then nothing, not even the
	// right password, until a minute has passed.
	for i := range pairBurst {
		expectCode(t, e.loginFrom(t, "198.51.100.1", "leader", "wrong"), "UNAUTHENTICATED", fmt.Sprintf("failure %d", i+1))
	}
	expectCode(t, e.loginFrom(t, "198.51.100.1", "leader", pw), "RATE_LIMITED", "the right password after 5 failures")
	// The owner elsewhere is not held up.
	expectCode(t, e.loginFrom(t, "198.51.100.2", "leader", pw), "", "the same name from another address")
	clock.Add(pairEvery - time.Second)
	expectCode(t, e.loginFrom(t, "198.51.100.1", "leader", pw), "RATE_LIMITED", "59 s later")
	clock.Add(time.Second)
	expectCode(t, e.loginFrom(t, "198.51.100.1", "leader", pw), "", "a minute later")
	// A success gave its token back: one more failure fits, the next not.
	expectCode(t, e.loginFrom(t, "198.51.100.1", "leader", "wrong"), "UNAUTHENTICATED", "failure after the success")
	expectCode(t, e.loginFrom(t, "198.51.100.1", "leader", "wrong"), "RATE_LIMITED", "second failure after the success")

	// A request holds one login at most: aliased logins would multiply the
	// attempts (and the bcrypt work) of one request. Refused before any runs.
	failed := func() int { return asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'login_failed'`)) }
	before := failed()
	var q strings.Builder
	q.WriteString("mutation {")
	for i := range 2 {
		fmt.Fprintf(&q, ` a%d: login(username: "staff2", password: "wrong") { accessToken }`, i)
	}
	q.WriteString(" }")
	r := e.doVia(t, "127.0.0.1", []string{"198.51.100.3"}, "", q.String(), nil)
	if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["limit"] != "logins" || failed() != before {
		t.Fatalf("two aliased logins: %+v (%d failures recorded)", r.Errors, failed()-before)
	}
	expectCode(t, e.doVia(t, "127.0.0.1", []string{"198.51.100.3"}, "",
		`mutation { a0: login(username: "staff2", password: "wrong") { accessToken } }`, nil).code(), "UNAUTHENTICATED", "one aliased login")
}

// Spraying many names from one address is limited; an office behind one
// NAT address logging in all at once is not, since successes do not count.
func TestLoginLimitSprayingAndOffice(t *testing.T) {
	e, clock := limitsEnv(t, "sqlite")
	const office = "203.0.113.50"
	logins := []string{"admin", "leader", "staff", "frontline", "admin2", "leader2", "staff2", "staff3", "frontline2"}
	// More successes from the office than any burst, the same name more
	// often than the per-name-and-address burst.
	for i := range addrBurst + 5 {
		login := logins[i%len(logins)]
		expectCode(t, e.loginFrom(t, office, login, app.DemoPassword), "", fmt.Sprintf("office login %d (%s)", i+1, login))
	}
	// The office's typos: 30 failures over 30 names pass, the 31st is held.
	for i := range addrBurst {
		expectCode(t, e.loginFrom(t, office, fmt.Sprintf("nobody%02d", i), "wrong"), "UNAUTHENTICATED", fmt.Sprintf("sprayed name %d", i+1))
	}
	expectCode(t, e.loginFrom(t, office, "nobody99", "wrong"), "RATE_LIMITED", "the 31st sprayed name")
	expectCode(t, e.loginFrom(t, office, "staff", app.DemoPassword), "RATE_LIMITED", "a right password from the sprayed address")
	expectCode(t, e.loginFrom(t, "203.0.113.51", "staff", app.DemoPassword), "", "another address")
	clock.Add(addrEvery - time.Second)
	expectCode(t, e.loginFrom(t, office, "nobody98", "wrong"), "RATE_LIMITED", "19 s later")
	clock.Add(time.Second)
	expectCode(t, e.loginFrom(t, office, "nobody98", "wrong"), "UNAUTHENTICATED", "20 s later")
	expectCode(t, e.loginFrom(t, office, "nobody97", "wrong"), "RATE_LIMITED", "the next one")
}

// A name attacked from many addresses is limited after 10 failures, known
// or not; its owner still gets in from an address they logged in from
// before, and from a new one once the attack pauses for 2 minutes.
func TestLoginLimitNameUnderAttack(t *testing.T) {
	forEachDialect(t, func(t *testing.T, shared *env) {
		e, clock := limitsEnv(t, shared.dialect)
		const home = "198.51.100.77"
		expectCode(t, e.loginFrom(t, home, "frontline2", app.DemoPassword), "", "the owner's usual login")
		for _, name := range []string{"frontline2", "no.such.user"} {
			for i := range nameBurst {
				expectCode(t, e.loginFrom(t, fmt.Sprintf("192.0.2.%d", i+1), name, "wrong"), "UNAUTHENTICATED", fmt.Sprintf("%s: failure %d", name, i+1))
			}
			expectCode(t, e.loginFrom(t, "192.0.2.100", name, "wrong"), "RATE_LIMITED", name+": the 11th address")
		}
		expectCode(t, e.loginFrom(t, "192.0.2.101", "frontline2", app.DemoPassword), "RATE_LIMITED", "the right password from a new address")
		expectCode(t, e.loginFrom(t, home, "frontline2", app.DemoPassword), "", "the owner from their usual address")
		expectCode(t, e.loginFrom(t, home, "frontline2", "wrong"), "UNAUTHENTICATED", "a typo from the usual address")
		clock.Add(nameEvery - time.Second)
		expectCode(t, e.loginFrom(t, "192.0.2.101", "frontline2", app.DemoPassword), "RATE_LIMITED", "1:59 later from the new address")
		clock.Add(time.Second)
		expectCode(t, e.loginFrom(t, "192.0.2.101", "frontline2", app.DemoPassword), "", "2 minutes later from the new address")
		// A login older than 30 days does not make an address known.
		clock.Add(30*24*time.Hour + time.Minute)
		for i := range nameBurst {
			expectCode(t, e.loginFrom(t, fmt.Sprintf("192.0.2.%d", i+1), "frontline2", "wrong"), "UNAUTHENTICATED", fmt.Sprintf("a month on: failure %d", i+1))
		}
		expectCode(t, e.loginFrom(t, "192.0.2.101", "frontline2", app.DemoPassword), "RATE_LIMITED", "a month on, the address last used 30 days ago")
	})
}

// Login names and passwords have maximum lengths, checked before any work:
// over-long input answers BAD_USER_INPUT and leaves no audit row; the
// login_failed row holds at most the bounded name. createAccount and
// resetPassword take the same maxima.
func TestCredentialLengths(t *testing.T) {
	forEachDialect(t, func(t *testing.T, shared *env) {
		e := newEnv(t, shared.dialect, false)
		failedRows := func() int { return asInt(e.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'login_failed'`)) }
		try := func(user, pw, code, field string) {
			t.Helper()
			before := failedRows()
			r := e.do(t, "", loginQ, map[string]any{"u": user, "p": pw})
			if r.code() != code || (field != "" && r.Errors[0].Extensions["field"] != field) {
				t.Fatalf("login %q (%d bytes) / %d-byte password: %+v, want %s %s", user, len(user), len(pw), r.Errors, code, field)
			}
			want := before
			if code == "UNAUTHENTICATED" {
				want++
			}
			if n := failedRows(); n != want {
				t.Fatalf("login %q: %d login_failed rows, want %d", user, n, want)
			}
		}
		try(strings.Repeat("u", 60), "wrong", "UNAUTHENTICATED", "")
		stored := asString(e.scalar(t, `SELECT detail FROM audit_logs WHERE action = 'login_failed' ORDER BY id DESC LIMIT 1`))
		if !strings.Contains(stored, strings.Repeat("u", 60)) {
			t.Fatalf("login_failed row %q lacks the name", stored)
		}
		try(strings.Repeat("u", 61), "wrong", "BAD_USER_INPUT", "username")
		try(strings.Repeat("张", 20), "wrong", "UNAUTHENTICATED", "") // 60 bytes
		try(strings.Repeat("张", 21), "wrong", "BAD_USER_INPUT", "username")
		try(strings.Repeat("u", 100_000), "wrong", "BAD_USER_INPUT", "username")
		for _, bad := range []string{"a\x00b", "a\nb", "a\u0085b"} {
			try(bad, "wrong", "BAD_USER_INPUT", "username")
		}
		try("staff", strings.Repeat("p", 72), "UNAUTHENTICATED", "")
		try("staff", strings.Repeat("p", 73), "BAD_USER_INPUT", "password")
		try("staff", app.DemoPassword+strings.Repeat("p", 72), "BAD_USER_INPUT", "password")

		admin := e.login(t, "admin")
		create := `mutation($l:String!,$p:String!){createAccount(input:{login:$l, password:$p, role: ADMIN}){id}}`
		for _, c := range []struct {
			login, password, code, field string
		}{
			{strings.Repeat("l", 61), "long-enough", "BAD_USER_INPUT", "input.login"},
			{"x\x00y", "long-enough", "BAD_USER_INPUT", "input.login"},
			{"len.test", strings.Repeat("p", 73), "BAD_USER_INPUT", "input.password"},
			{"len.test", strings.Repeat("p", 7), "BAD_USER_INPUT", "input.password"},
			{strings.Repeat("l", 60), strings.Repeat("p", 72), "", ""},
		} {
			r := e.do(t, admin, create, map[string]any{"l": c.login, "p": c.password})
			if r.code() != c.code || (c.field != "" && r.Errors[0].Extensions["field"] != c.field) {
				t.Fatalf("createAccount %d-byte login, %d-byte password: %+v, want %s %s", len(c.login), len(c.password), r.Errors, c.code, c.field)
			}
		}
		expectCode(t, e.do(t, "", loginQ, map[string]any{"u": strings.Repeat("l", 60), "p": strings.Repeat("p", 72)}).code(), "", "the 60-byte login with its 72-byte password")
		id := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = ?`, strings.Repeat("l", 60)))
		r := e.do(t, admin, `mutation($id:ID!,$p:String!){resetPassword(id:$id, password:$p){id}}`, map[string]any{"id": id, "p": strings.Repeat("p", 73)})
		if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "password" {
			t.Fatalf("resetPassword with 73 bytes: %+v", r.Errors)
		}
	})
}
