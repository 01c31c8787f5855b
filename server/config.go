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
	Addr          string
	DatabaseURL   string
	DataDir       string
	JWTSecret     string
	RaterSecret   string
	Demo          string // "", "1"/"true"/"on", "0"/"false"/"off"
	AdminPassword string
	CacheTTL      string // a Go duration; "0": response cache off
	CacheMB       string // MiB; "0": response cache off
}

func parseConfig(name string, args []string) (config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	var c config
	str := func(p *string, env, def, usage string) {
		v := os.Getenv(env)
		if v == "" {
			v = def
		}
		fs.StringVar(p, lower(env), v, usage+" (env "+env+")")
	}
	str(&c.Addr, "XN_ADDR", ":8080", "listen address")
	str(&c.DatabaseURL, "DATABASE_URL", "", "postgres://… selects PostgreSQL; unset: embedded SQLite in the data dir")
	str(&c.DataDir, "XN_DATA_DIR", "./data", "SQLite file, generated secrets, exports")
	str(&c.JWTSecret, "XN_JWT_SECRET", "", "JWT signing key (≥ 32 bytes); demo: generated once and kept in the data dir")
	str(&c.RaterSecret, "XN_RATER_SECRET", "", "key of the anonymous raters' hashes (≥ 32 bytes; replicas share it; keep it out of the database and its backups); demo: generated once and kept in the data dir")
	str(&c.Demo, "XN_DEMO", "", "seed the demo agency into an empty database and enable the demo accounts (default: on for SQLite, off for PostgreSQL)")
	str(&c.AdminPassword, "XN_ADMIN_PASSWORD", "", "password of the first admin outside demo mode")
	str(&c.CacheTTL, "XN_RESPONSE_CACHE_TTL", respcache.Defaults.TTL.String(), "how long a cached GraphQL response may be served while no write happened (a duration such as 5s; 0 turns the cache off)")
	str(&c.CacheMB, "XN_RESPONSE_CACHE_MB", strconv.FormatInt(respcache.Defaults.MaxBytes>>20, 10), "memory of the GraphQL response cache in MiB (0 turns it off)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if _, err := c.demo(); err != nil {
		return c, err
	}
	if _, err := c.responseCache(); err != nil {
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
	return app.Options{
		ResponseCache: &rc,
		DatabaseURL:   c.DatabaseURL,
		DataDir:       c.DataDir,
		Demo:          d,
		JWTSecret:     c.JWTSecret,
		RaterSecret:   c.RaterSecret,
		AdminPassword: c.AdminPassword,
	}
}
