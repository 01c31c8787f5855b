package app_test

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xiaoneng/internal/app"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/seed"
	"xiaoneng/internal/store"
)

// A database seeded in demo mode, restarted outside demo mode: every
// account the seed made is refused at login with the demo password (and
// every session it had ends), except the first admin, which opens with
// XN_ADMIN_PASSWORD; an account whose password was changed stays usable.
func TestDemoOffDisablesDemoAccounts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, shared *env) {
		var opt app.Options
		e := newEnvWith(t, shared.dialect, false, func(o *app.Options) { opt = *o })
		// Every account of a freshly seeded database is the seed's.
		var seeded []string
		rows, err := e.db().Query(`SELECT login FROM accounts ORDER BY login`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var l string
			if err := rows.Scan(&l); err != nil {
				t.Fatal(err)
			}
			seeded = append(seeded, l)
		}
		rows.Close()
		if len(seeded) < 9 {
			t.Fatalf("the demo seeded %d accounts: %v", len(seeded), seeded)
		}
		// Before the restart: staff3's password is changed; leader2 holds
		// a session and an API token.
		admin := e.login(t, "admin")
		staff3 := asInt(e.scalar(t, `SELECT id FROM accounts WHERE login = 'staff3'`))
		e.do(t, admin, `mutation($id:ID!){resetPassword(id:$id, password:"staff3-own-pass"){id}}`, map[string]any{"id": staff3}).ok(t, nil)
		leader2 := e.sesLogin(t, "leader2", app.DemoPassword)
		var tok struct {
			CreateApiToken struct{ Secret string } `json:"createApiToken"`
		}
		e.do(t, leader2.AccessToken, `mutation{createApiToken(name:"x", scopes:["read:org"]){secret}}`, nil).ok(t, &tok)

		// Restart outside demo mode, signing with the same key so that old
		// tokens are refused for what they are, not for their signature.
		secret, err := auth.LoadOrCreateSecret(e.dataDir)
		if err != nil {
			t.Fatal(err)
		}
		e.srv.Close()
		e.app.Close()
		off := false
		rater, err := os.ReadFile(filepath.Join(e.dataDir, "rater-secret"))
		if err != nil {
			t.Fatal(err)
		}
		opt.Demo, opt.JWTSecret, opt.AdminPassword = &off, string(secret), "the-new-admin-pass"
		opt.RaterSecret = strings.TrimSpace(string(rater))
		restart := func() *env {
			t.Helper()
			a, err := app.New(context.Background(), opt)
			if err != nil {
				t.Fatal(err)
			}
			r := &env{app: a, srv: httptest.NewServer(a.Handler()), dataDir: opt.DataDir, dialect: e.dialect}
			t.Cleanup(func() { r.srv.Close(); a.Close() })
			return r
		}
		p := restart()
		loginCode := func(login, pw string) string {
			return p.do(t, "", loginQ, map[string]any{"u": login, "p": pw}).code()
		}
		for _, l := range seeded {
			if code := loginCode(l, app.DemoPassword); code != "UNAUTHENTICATED" {
				t.Errorf("%s opens with the demo password outside demo mode: %q", l, code)
			}
		}
		expectCode(t, loginCode("admin", "the-new-admin-pass"), "", "admin with XN_ADMIN_PASSWORD")
		expectCode(t, loginCode("staff3", "staff3-own-pass"), "", "staff3 with its own password")
		expectCode(t, p.viewerCode(t, leader2.AccessToken), "UNAUTHENTICATED", "leader2's access token")
		expectCode(t, p.refreshCode(t, leader2.RefreshToken), "UNAUTHENTICATED", "leader2's refresh token")
		expectCode(t, p.viewerCode(t, tok.CreateApiToken.Secret), "UNAUTHENTICATED", "leader2's API token")
		disabled := asInt(p.scalar(t, `SELECT count(*) FROM audit_logs WHERE action = 'disable_demo_account'`))
		if want := len(seeded) - 2; disabled != want {
			t.Fatalf("%d disable_demo_account rows, want %d (all but admin and staff3)", disabled, want)
		}

		// A second start changes nothing.
		p.srv.Close()
		p.app.Close()
		p = restart()
		if n := asInt(p.scalar(t, `SELECT count(*) FROM audit_logs WHERE action IN ('disable_demo_account', 'set_first_admin_password', 'create_first_admin')`)); n != disabled+1 {
			t.Fatalf("a second start wrote audit rows: %d, want %d", n, disabled+1)
		}
		expectCode(t, loginCode("admin", "the-new-admin-pass"), "", "admin after a second start")

		// Re-enabling a demo account is not enough: it still holds the demo
		// password. A new password makes it an ordinary account.
		newAdmin := p.sesLogin(t, "admin", "the-new-admin-pass").AccessToken
		id := asInt(p.scalar(t, `SELECT id FROM accounts WHERE login = 'leader2'`))
		p.do(t, newAdmin, `mutation($id:ID!){updateAccount(id:$id, input:{disabled:false}){id}}`, map[string]any{"id": id}).ok(t, nil)
		expectCode(t, loginCode("leader2", app.DemoPassword), "UNAUTHENTICATED", "re-enabled leader2 with the demo password")
		p.do(t, newAdmin, `mutation($id:ID!){resetPassword(id:$id, password:"leader2-own-pass"){id}}`, map[string]any{"id": id}).ok(t, nil)
		expectCode(t, loginCode("leader2", "leader2-own-pass"), "", "leader2 with its new password")
	})
}

func expectCode(t *testing.T, got, want, what string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: code %q, want %q", what, got, want)
	}
}

func TestAdminPasswordChecked(t *testing.T) {
	off := false
	for _, pw := range []string{"", "short", app.DemoPassword, strings.Repeat("p", 73)} {
		_, err := app.New(context.Background(), app.Options{DataDir: t.TempDir(), Demo: &off,
			JWTSecret: strings.Repeat("s", 32), RaterSecret: strings.Repeat("r", 32), AdminPassword: pw})
		if err == nil || !strings.Contains(err.Error(), "XN_ADMIN_PASSWORD") {
			t.Errorf("XN_ADMIN_PASSWORD %q: %v", pw, err)
		}
	}
}

// The scale generator's accounts (`server seed --scale …`) are demo
// accounts too.
func TestDemoOffDisablesScaleSeedAccounts(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	rater := strings.Repeat("r", 32)
	sum, err := seed.Large(ctx, st.DB, st.Dialect, seed.LargeOptions{Scale: seed.ScaleSmall, RaterSecret: []byte(rater)})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	off := false
	a, err := app.New(ctx, app.Options{DataDir: dir, Demo: &off, JWTSecret: strings.Repeat("s", 32), RaterSecret: rater,
		AdminPassword: "the-new-admin-pass"})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{app: a, srv: httptest.NewServer(a.Handler()), dataDir: dir, dialect: "sqlite"}
	t.Cleanup(func() { e.srv.Close(); a.Close() })
	if len(sum.Accounts) < 4 {
		t.Fatalf("the generator made %d accounts", len(sum.Accounts))
	}
	for _, acc := range sum.Accounts {
		if code := e.do(t, "", loginQ, map[string]any{"u": acc.Login, "p": seed.DefaultPassword}).code(); code != "UNAUTHENTICATED" {
			t.Errorf("%s opens with the demo password outside demo mode: %q", acc.Login, code)
		}
	}
	expectCode(t, e.do(t, "", loginQ, map[string]any{"u": "admin", "p": "the-new-admin-pass"}).code(), "", "admin with XN_ADMIN_PASSWORD")
}
