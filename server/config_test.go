package main

import (
	"strings"
	"testing"
	"time"

	"xiaoneng/internal/respcache"
)

func TestResponseCacheConfig(t *testing.T) {
	t.Setenv("XN_RESPONSE_CACHE_TTL", "")
	t.Setenv("XN_RESPONSE_CACHE_MB", "")
	c, err := parseConfig("server", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := *c.appOptions().ResponseCache; got != respcache.Defaults {
		t.Fatalf("defaults: %+v", got)
	}

	t.Setenv("XN_RESPONSE_CACHE_TTL", "250ms")
	t.Setenv("XN_RESPONSE_CACHE_MB", "8")
	c, err = parseConfig("server", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := *c.appOptions().ResponseCache; got.TTL != 250*time.Millisecond || got.MaxBytes != 8<<20 {
		t.Fatalf("from the environment: %+v", got)
	}
	c, err = parseConfig("server", []string{"--xn_response_cache_ttl=0"})
	if err != nil {
		t.Fatal(err)
	}
	if got := *c.appOptions().ResponseCache; got.TTL != 0 || respcache.New(got, respcache.DBVersion(nil)) != nil {
		t.Fatalf("a flag of 0 should win and turn the cache off: %+v", got)
	}

	for _, bad := range [][]string{
		{"--xn_response_cache_ttl=5"}, {"--xn_response_cache_ttl=-1s"}, {"--xn_response_cache_ttl=soon"},
		{"--xn_response_cache_mb=-1"}, {"--xn_response_cache_mb=1.5"}, {"--xn_response_cache_mb=lots"},
	} {
		_, err := parseConfig("server", bad)
		if err == nil || !strings.Contains(err.Error(), "XN_RESPONSE_CACHE_") {
			t.Errorf("%v: %v, want a clear error", bad, err)
		}
	}
}

func TestTrustedProxiesAndSecretsConfig(t *testing.T) {
	t.Setenv("XN_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
	t.Setenv("XN_JWT_SECRET", "from-the-environment-0123456789abcdef")
	c, err := parseConfig("server", nil)
	if err != nil {
		t.Fatal(err)
	}
	o := c.appOptions()
	if len(o.TrustedProxies) != 2 || o.TrustedProxies[1].String() != "127.0.0.1/32" {
		t.Fatalf("trusted proxies from the environment: %v", o.TrustedProxies)
	}
	if o.JWTSecret != "from-the-environment-0123456789abcdef" {
		t.Fatalf("secret from the environment: %q", o.JWTSecret)
	}
	c, err = parseConfig("server", []string{"--xn_trusted_proxies=", "--xn_jwt_secret=from-the-flag-0123456789abcdef0123"})
	if err != nil {
		t.Fatal(err)
	}
	if o := c.appOptions(); len(o.TrustedProxies) != 0 || o.JWTSecret != "from-the-flag-0123456789abcdef0123" {
		t.Fatalf("flags should win: %v, %q", o.TrustedProxies, o.JWTSecret)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1;10.0.0.2"} {
		if _, err := parseConfig("server", []string{"--xn_trusted_proxies=" + bad}); err == nil || !strings.Contains(err.Error(), "XN_TRUSTED_PROXIES") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
