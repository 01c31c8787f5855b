// Package app assembles the product: it opens and migrates the database,
// seeds the demo agency when asked, and builds the HTTP handler (GraphQL,
// health, the SPA). server/ runs it; tests build it the same way.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/internal/accounts"
	"xiaoneng/internal/audit"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/importer"
	"xiaoneng/internal/ratings"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/respcache"
	"xiaoneng/internal/rollup"
	"xiaoneng/internal/seed"
	"xiaoneng/internal/session"
	"xiaoneng/internal/store"
)

// DemoPassword is the password of every demo account (demo mode only).
const DemoPassword = seed.DefaultPassword

// Options configure an App (DESIGN.md "Configuration").
type Options struct {
	DatabaseURL   string // postgres://… ; empty: SQLite in DataDir
	DataDir       string
	Demo          *bool  // nil: on for SQLite, off for PostgreSQL
	JWTSecret     string // required outside demo mode
	RaterSecret   string // keys the anonymous raters; required outside demo mode (replicas share it)
	AdminPassword string // required outside demo mode
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed (ParseTrustedProxies); none by default.
	TrustedProxies []netip.Prefix
	// Now is the clock (tests and the demo seed use it); default time.Now.
	Now func() time.Time
	// ResponseCache sizes the GraphQL response cache; nil: respcache.Defaults.
	ResponseCache *respcache.Options
}

// App is the running product.
type App struct {
	Store    *store.Store
	Sessions *session.Service
	Demo     bool
	Seeded   *seed.Summary // set when this start seeded the demo agency
	// Ratings are the rating operations, with the server's rater secret.
	Ratings *ratings.Service
	// ResponseCache serves repeated GraphQL queries; nil when off.
	ResponseCache *respcache.Cache
	// Imports checks and applies uploaded spreadsheets in the background.
	Imports     *importer.Engine
	handler     http.Handler
	proxies     trustedProxies
	raterSecret []byte
}

// New opens the store and prepares the handler.
func New(ctx context.Context, opt Options) (*App, error) {
	if opt.DataDir == "" {
		opt.DataDir = "./data"
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	demo := opt.DatabaseURL == ""
	if opt.Demo != nil {
		demo = *opt.Demo
	}
	secret, err := jwtSecret(opt, demo)
	if err != nil {
		return nil, err
	}
	raterSecret, err := raterkey.Load(opt.RaterSecret, demo, opt.DataDir)
	if err != nil {
		return nil, err
	}
	if !demo {
		if err := checkAdminPassword(opt.AdminPassword); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, opt.DatabaseURL, opt.DataDir)
	if err != nil {
		return nil, err
	}
	// A database from before the load rollup (or whose rollup a migration
	// emptied) gets it built now; afterwards hooks keep it current.
	if rebuilt, err := rollup.EnsureBuilt(ctx, st.DB, st.Dialect); err != nil {
		st.Close()
		return nil, err
	} else if rebuilt {
		slog.Info("built the load rollup (staff_week_loads)")
		// Raw SQL, not seen by the ent hook: other replicas' caches must
		// learn of the new figures.
		if err := respcache.Bump(ctx, st.DB); err != nil {
			st.Close()
			return nil, err
		}
	}
	// Rater keys written under an earlier release's secret (kept in the
	// database) are re-keyed now; another secret than the keys' is refused.
	if m, err := ratings.PrepareRaterKeys(ctx, st.Client, st.Dialect, raterSecret); err != nil {
		st.Close()
		return nil, err
	} else if m.Rekeyed {
		slog.Warn("moved the rater secret out of the database and re-keyed the ratings",
			"anonymous_keys", m.Keys, "orphan_keys", m.Orphans, "named_ratings", m.Named, "anonymous_audit_rows_tallied", m.AuditRows,
			"anonymous_ratings_dated_to_the_day", m.Ratings)
	}
	cacheOpt := respcache.Defaults
	if opt.ResponseCache != nil {
		cacheOpt = *opt.ResponseCache
	}
	a := &App{Store: st, Demo: demo, ResponseCache: respcache.New(cacheOpt, respcache.DBVersion(st.DB)),
		Ratings: ratings.New(st.Client, raterSecret), raterSecret: raterSecret,
		proxies: trustedProxies(opt.TrustedProxies)}
	if err := a.prepareAccounts(ctx, opt, demo); err != nil {
		st.Close()
		return nil, err
	}
	a.Imports = importer.NewEngine(st.Client, importKinds(), st.Dialect)
	if err := a.Imports.Recover(ctx); err != nil {
		st.Close()
		return nil, err
	}
	signer, err := auth.NewSigner(secret, "xiaoneng", "xiaoneng-api", 15*time.Minute)
	if err != nil {
		st.Close()
		return nil, err
	}
	signer.Now = opt.Now
	a.Sessions = session.New(st, signer, 7*24*time.Hour)
	a.Sessions.Now, a.Sessions.Demo, a.Sessions.PublicPassword = opt.Now, demo, DemoPassword
	a.handler = a.routes(signer)
	return a, nil
}

func jwtSecret(opt Options, demo bool) ([]byte, error) {
	if opt.JWTSecret != "" {
		if len(opt.JWTSecret) < auth.MinSecretBytes {
			return nil, fmt.Errorf("XN_JWT_SECRET must be at least %d bytes", auth.MinSecretBytes)
		}
		return []byte(opt.JWTSecret), nil
	}
	if !demo {
		return nil, errors.New("XN_JWT_SECRET is required when demo mode is off")
	}
	return auth.LoadOrCreateSecret(opt.DataDir)
}

// checkAdminPassword: outside demo mode the first admin's password must be
// one createAccount would accept, and not the published demo password.
func checkAdminPassword(pw string) error {
	switch {
	case pw == "":
		return errors.New("XN_ADMIN_PASSWORD is required when demo mode is off")
	case len(pw) < accounts.MinPasswordBytes || len(pw) > accounts.MaxPasswordBytes:
		return fmt.Errorf("XN_ADMIN_PASSWORD must be %d to %d bytes long", accounts.MinPasswordBytes, accounts.MaxPasswordBytes)
	case pw == DemoPassword:
		return errors.New("XN_ADMIN_PASSWORD must not be the demo password")
	}
	return nil
}

// prepareAccounts seeds the demo agency into an empty database in demo mode.
// Outside demo mode no account the demo seed made opens with the demo
// password: the first admin exists and gets XN_ADMIN_PASSWORD, every other
// demo account still holding the demo password is disabled (its sessions
// end with it), and those whose password was changed become ordinary
// accounts.
func (a *App) prepareAccounts(ctx context.Context, opt Options, demo bool) error {
	sctx := privacy.DecisionContext(ctx, privacy.Allow)
	c := a.Store.Client
	if demo {
		seeded, err := seed.IsSeeded(sctx, c)
		if err != nil {
			return err
		}
		if !seeded {
			start := time.Now()
			sum, err := seed.Demo(sctx, c, seed.Options{Now: opt.Now(), Password: DemoPassword, RaterSecret: a.raterSecret})
			if err != nil {
				return fmt.Errorf("seeding the demo agency: %w", err)
			}
			a.Seeded = sum
			slog.Info("seeded the demo agency", "took", time.Since(start).Round(time.Millisecond))
		}
		return nil
	}
	marked, err := c.Account.Query().Where(account.Demo(true)).All(sctx)
	if err != nil {
		return err
	}
	// The seed gives all its accounts one hash: bcrypt once per distinct
	// hash, before the transaction.
	demoHash := map[string]bool{}
	for _, acc := range marked {
		if _, ok := demoHash[acc.PasswordHash]; !ok {
			demoHash[acc.PasswordHash] = auth.CheckPassword(acc.PasswordHash, DemoPassword)
		}
	}
	hash, err := auth.HashPassword(opt.AdminPassword)
	if err != nil {
		return fmt.Errorf("XN_ADMIN_PASSWORD: %w", err)
	}
	return store.InTx(sctx, c, func(tx *ent.Client) error {
		for _, acc := range marked {
			switch {
			case !demoHash[acc.PasswordHash]:
				if err := tx.Account.UpdateOne(acc).SetDemo(false).Exec(sctx); err != nil {
					return err
				}
			case acc.Login == "admin":
				if err := tx.Account.UpdateOne(acc).SetPasswordHash(hash).SetDisabled(false).SetDemo(false).Exec(sctx); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, "set_first_admin_password", "account", acc.ID, nil); err != nil {
					return err
				}
			case !acc.Disabled:
				if err := tx.Account.UpdateOne(acc).SetDisabled(true).Exec(sctx); err != nil {
					return err
				}
				if err := audit.Record(ctx, tx, "disable_demo_account", "account", acc.ID, map[string]string{"login": acc.Login}); err != nil {
					return err
				}
				slog.Warn("disabled a demo account outside demo mode", "login", acc.Login)
			}
		}
		n, err := tx.Account.Query().Where(account.Login("admin")).Count(sctx)
		if err != nil || n > 0 {
			return err
		}
		admin, err := tx.Account.Create().SetLogin("admin").SetPasswordHash(hash).SetRole(account.RoleAdmin).Save(sctx)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, "create_first_admin", "account", admin.ID, nil)
	})
}

// Handler is the whole HTTP surface.
func (a *App) Handler() http.Handler { return a.handler }

// Close stops the imports under way (they roll back) and releases the
// database.
func (a *App) Close() error {
	if a.Imports != nil {
		a.Imports.Close()
	}
	return a.Store.Close()
}
