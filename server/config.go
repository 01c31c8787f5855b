package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"xiaoneng/internal/app"
	"xiaoneng/internal/respcache"
)

// config is DESIGN.md "Configuration": each setting is an environment
// variable and a flag of the same name in lower case; a flag wins.
type config struct {
	Addr           string
	DatabaseURL    string // secret-bearing (its password)
	DataDir        string
	JWTSecret      string // secret
	RaterSecret    string // secret
	Demo           string // "", "1"/"true"/"on", "0"/"false"/"off"
	AdminPassword  string // secret
	CacheTTL       string // a Go duration; "0": response cache off
	CacheMB        string // MiB; "0": response cache off
	TrustedProxies string // comma-separated CIDRs
}

// flags registers settings on a flag set. A plain setting shows its
// environment value as the flag's default in --help and usage errors; a
// secret never does: its flag defaults to nothing and the environment is
// read after parsing, and its value is kept out of the logs (redact.go).
type flags struct {
	fs      *flag.FlagSet
	secrets map[string]*string // flag name → destination
	envOf   map[string]string
}

func newFlags(name string) *flags {
	return &flags{fs: flag.NewFlagSet(name, flag.ContinueOnError), secrets: map[string]*string{}, envOf: map[string]string{}}
}

func (f *flags) str(p *string, env, def, usage string) {
	v := os.Getenv(env)
	if v == "" {
		v = def
	}
	f.fs.StringVar(p, lower(env), v, usage+" (env "+env+")")
}

func (f *flags) secret(p *string, env, usage string) {
	f.fs.StringVar(p, lower(env), "", usage+" (env "+env+"; prefer the environment: command lines are visible to other users)")
	f.secrets[lower(env)] = p
	f.envOf[lower(env)] = env
}

// parse parses args, then fills the secrets no flag gave from the
// environment and hands every secret value to the log redactor.
func (f *flags) parse(args []string) error {
	err := f.fs.Parse(args)
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for name, p := range f.secrets {
		if !given[name] {
			*p = os.Getenv(f.envOf[name])
		}
		if f.envOf[name] == "DATABASE_URL" {
			logSecrets.add(databasePasswords(*p)...)
		} else {
			logSecrets.add(*p)
		}
	}
	return err
}

func parseConfig(name string, args []string) (config, error) {
	f := newFlags(name)
	var c config
	f.str(&c.Addr, "XN_ADDR", ":8080", "listen address")
	f.secret(&c.DatabaseURL, "DATABASE_URL", "postgres://… selects PostgreSQL; unset: embedded SQLite in the data dir")
	f.str(&c.DataDir, "XN_DATA_DIR", "./data", "SQLite file, generated secrets, exports")
	f.secret(&c.JWTSecret, "XN_JWT_SECRET", "JWT signing key (≥ 32 bytes); demo: generated once and kept in the data dir")
	f.secret(&c.RaterSecret, "XN_RATER_SECRET", "key of the anonymous raters' hashes (≥ 32 bytes; replicas share it; keep it out of the database and its backups); demo: generated once and kept in the data dir")
	f.str(&c.Demo, "XN_DEMO", "", "seed the demo agency into an empty database and enable the demo accounts (default: on for SQLite, off for PostgreSQL)")
	f.secret(&c.AdminPassword, "XN_ADMIN_PASSWORD", "password of the first admin outside demo mode")
	f.str(&c.CacheTTL, "XN_RESPONSE_CACHE_TTL", respcache.Defaults.TTL.String(), "how long a cached GraphQL response may be served while no write happened (a duration such as 5s; 0 turns the cache off)")
	f.str(&c.CacheMB, "XN_RESPONSE_CACHE_MB", strconv.FormatInt(respcache.Defaults.MaxBytes>>20, 10), "memory of the GraphQL response cache in MiB (0 turns it off)")
	f.str(&c.TrustedProxies, "XN_TRUSTED_PROXIES", "", "comma-separated CIDRs of the reverse proxies whose X-Forwarded-For is believed (default: none)")
	if err := f.parse(args); err != nil {
		return c, err
	}
	if _, err := c.demo(); err != nil {
		return c, err
	}
	if _, err := c.responseCache(); err != nil {
		return c, err
	}
	if _, err := app.ParseTrustedProxies(c.TrustedProxies); err != nil {
		return c, err
	}
	return c, nil
}

func (c config) responseCache() (respcache.Options, error) {
	var o respcache.Options
	ttl, err := time.ParseDuration(c.CacheTTL)
	if c.CacheTTL == "0" {
		ttl, err = 0, nil
	}
	if err != nil || ttl < 0 {
		return o, fmt.Errorf("XN_RESPONSE_CACHE_TTL must be a duration such as 5s, or 0 (got %q)", c.CacheTTL)
	}
	mb, err := strconv.ParseInt(c.CacheMB, 10, 64)
	if err != nil || mb < 0 || mb > 1<<20 {
		return o, fmt.Errorf("XN_RESPONSE_CACHE_MB must be a whole number of MiB, 0 or more (got %q)", c.CacheMB)
	}
	return respcache.Options{TTL: ttl, MaxBytes: mb << 20}, nil
}

func lower(s string) string {
	b := []byte(s)
	for i, ch := range b {
		if ch >= 'A' && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return string(b)
}

func (c config) demo() (*bool, error) {
	switch c.Demo {
	case "":
		return nil, nil
	case "on", "yes":
		t := true
		return &t, nil
	case "off", "no":
		f := false
		return &f, nil
	}
	b, err := strconv.ParseBool(c.Demo)
	if err != nil {
		return nil, fmt.Errorf("XN_DEMO must be on/off (got %q)", c.Demo)
	}
	return &b, nil
}

func (c config) appOptions() app.Options {
	d, _ := c.demo()
	rc, _ := c.responseCache()
	proxies, _ := app.ParseTrustedProxies(c.TrustedProxies)
	return app.Options{
		ResponseCache:  &rc,
		DatabaseURL:    c.DatabaseURL,
		DataDir:        c.DataDir,
		Demo:           d,
		JWTSecret:      c.JWTSecret,
		RaterSecret:    c.RaterSecret,
		AdminPassword:  c.AdminPassword,
		TrustedProxies: proxies,
	}
}
