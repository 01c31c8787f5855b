package app_test

import (
	"fmt"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"xiaoneng/internal/app"
)

var proxyCase atomic.Int32

// auditedAddr makes a failed login under a fresh name from peer with the
// X-Forwarded-For headers and returns the client address its audit row holds.
func (e *env) auditedAddr(t *testing.T, peer string, forwarded ...string) string {
	t.Helper()
	name := fmt.Sprintf("proxy.case%d", proxyCase.Add(1))
	expectCode(t, e.doVia(t, peer, forwarded, "", loginQ, map[string]any{"u": name, "p": "wrong"}).code(), "UNAUTHENTICATED", name)
	return asString(e.scalar(t, `SELECT client_addr FROM audit_logs WHERE action = 'login_failed' AND detail LIKE ? ORDER BY id DESC LIMIT 1`, `%"`+name+`"%`))
}

// X-Forwarded-For is believed only from a trusted proxy, and then only as
// far as the first address that is not itself a trusted proxy, read from
// the right; malformed entries end the walk.
func TestClientAddressBehindProxies(t *testing.T) {
	// No proxies trusted (the default): the header is the client's to forge.
	plain := newEnv(t, "sqlite", false)
	if got := plain.auditedAddr(t, "127.0.0.7", "203.0.113.9"); got != "127.0.0.7" {
		t.Fatalf("untrusted peer's X-Forwarded-For believed: %q", got)
	}
	// Forging the header does not escape the per-name-and-address limit.
	for i := range pairBurst {
		r := plain.doVia(t, "127.0.0.7", []string{fmt.Sprintf("203.0.113.%d", i+1)}, "", loginQ, map[string]any{"u": "leader", "p": "wrong"})
		expectCode(t, r.code(), "UNAUTHENTICATED", fmt.Sprintf("forged failure %d", i+1))
	}
	r := plain.doVia(t, "127.0.0.7", []string{"203.0.113.99"}, "", loginQ, map[string]any{"u": "leader", "p": "wrong"})
	expectCode(t, r.code(), "RATE_LIMITED", "a sixth failure under a new forged address")

	e := newEnvWith(t, "sqlite", false, func(o *app.Options) {
		var err error
		o.TrustedProxies, err = app.ParseTrustedProxies("127.0.0.2, 10.0.0.0/8, fd00::/8")
		if err != nil {
			t.Fatal(err)
		}
	})
	for _, c := range []struct {
		peer      string
		forwarded []string
		want      string
	}{
		{"127.0.0.3", []string{"203.0.113.9"}, "127.0.0.3"},                                // peer not trusted
		{"127.0.0.2", nil, "127.0.0.2"},                                                    // trusted, no header
		{"127.0.0.2", []string{"203.0.113.9"}, "203.0.113.9"},                              // one proxy
		{"127.0.0.2", []string{"198.51.100.1, 203.0.113.9, 10.1.2.3"}, "203.0.113.9"},      // chain; the left part forged
		{"127.0.0.2", []string{"198.51.100.1", "203.0.113.9, 10.1.2.3"}, "203.0.113.9"},    // split over two headers
		{"127.0.0.2", []string{"10.0.0.1, 10.0.0.2"}, "10.0.0.1"},                          // proxies only: the left-most
		{"127.0.0.2", []string{"2001:db8::7, fd00::1"}, "2001:db8::7"},                     // IPv6
		{"127.0.0.2", []string{"::ffff:203.0.113.9"}, "203.0.113.9"},                       // IPv4-mapped
		{"127.0.0.2", []string{"203.0.113.9:4711"}, "203.0.113.9"},                         // with a port
		{"127.0.0.2", []string{"[2001:db8::7]:4711"}, "2001:db8::7"},                       // IPv6 with a port
		{"127.0.0.2", []string{"203.0.113.9, not-an-address"}, "127.0.0.2"},                // malformed last hop
		{"127.0.0.2", []string{"not-an-address, 10.1.2.3"}, "10.1.2.3"},                    // malformed beyond a proxy
		{"127.0.0.2", []string{"203.0.113.9,, 10.1.2.3"}, "10.1.2.3"},                      // empty entry
		{"127.0.0.2", []string{""}, "127.0.0.2"},                                           // empty header
		{"127.0.0.2", []string{"203.0.113.9 10.1.2.3"}, "127.0.0.2"},                       // no comma
		{"127.0.0.2", []string{strings.Repeat("10.0.0.9, ", 40) + "10.0.0.1"}, "10.0.0.9"}, // longer than 16 hops: the 16th
	} {
		if got := e.auditedAddr(t, c.peer, c.forwarded...); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %q, want %q", c.peer, c.forwarded, got, c.want)
		}
	}

	// The public complaint lookups are limited per forwarded client: 60 an
	// hour from one, and another client is unaffected.
	lookup := `query($c:String!){complaintByTrackingCode(code:$c){status}}`
	for i := range 60 {
		expectCode(t, e.doVia(t, "127.0.0.2", []string{"198.51.100.60"}, "", lookup, map[string]any{"c": "XN-NONE"}).code(), "", fmt.Sprintf("lookup %d", i+1))
	}
	expectCode(t, e.doVia(t, "127.0.0.2", []string{"198.51.100.60"}, "", lookup, map[string]any{"c": "XN-NONE"}).code(), "RATE_LIMITED", "lookup 61")
	expectCode(t, e.doVia(t, "127.0.0.2", []string{"198.51.100.61"}, "", lookup, map[string]any{"c": "XN-NONE"}).code(), "", "another client's lookup")
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := app.ParseTrustedProxies(" 10.0.0.0/8 ,192.168.1.7,, fd00::/8, ::ffff:172.16.0.0/108, 10.1.2.3/8")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.0/8", "192.168.1.7/32", "fd00::/8", "172.16.0.0/12", "10.0.0.0/8"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != netip.MustParsePrefix(want[i]) {
			t.Errorf("entry %d: %v, want %s", i, got[i], want[i])
		}
	}
	if got, err := app.ParseTrustedProxies(""); err != nil || len(got) != 0 {
		t.Errorf("empty: %v, %v", got, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0.0/8; 10.1.0.0/16", "*"} {
		if _, err := app.ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), "XN_TRUSTED_PROXIES") {
			t.Errorf("%q: %v, want an error naming the setting", bad, err)
		}
	}
}
