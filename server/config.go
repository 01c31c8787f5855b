package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"xiaoneng/internal/app"
)

// config is DESIGN.md "Configuration": each setting is an environment
// variable and a flag of the same name in lower case; a flag wins.
type config struct {
	Addr          string
	DatabaseURL   string
	DataDir       string
	JWTSecret     string
	Demo          string // "", "1"/"true"/"on", "0"/"false"/"off"
	AdminPassword string
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
	str(&c.Demo, "XN_DEMO", "", "seed the demo agency into an empty database and enable the demo accounts (default: on for SQLite, off for PostgreSQL)")
	str(&c.AdminPassword, "XN_ADMIN_PASSWORD", "", "password of the first admin outside demo mode")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if _, err := c.demo(); err != nil {
		return c, err
	}
	return c, nil
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
	return app.Options{
		DatabaseURL:   c.DatabaseURL,
		DataDir:       c.DataDir,
		Demo:          d,
		JWTSecret:     c.JWTSecret,
		AdminPassword: c.AdminPassword,
	}
}
