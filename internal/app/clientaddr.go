package app

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"sync"
)

// warnUntrustedForward says once per process that a forwarded address was
// ignored: a proxy left out of XN_TRUSTED_PROXIES makes every client one.
var warnUntrustedForward sync.Once

// maxForwardedHops bounds the X-Forwarded-For entries examined: no real
// chain of proxies is longer, and the header is the client's to fill.
const maxForwardedHops = 16

// ParseTrustedProxies reads XN_TRUSTED_PROXIES: comma-separated CIDRs
// (10.0.0.0/8, fd00::/8) or single addresses; empty means none.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, unmapPrefix(p).Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("XN_TRUSTED_PROXIES: %q is neither a CIDR nor an address", part)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// unmapPrefix turns ::ffff:10.0.0.0/104 into 10.0.0.0/8, so that IPv4
// peers (which Go reports unmapped) match however the range was written.
func unmapPrefix(p netip.Prefix) netip.Prefix {
	if !p.Addr().Is4In6() || p.Bits() < 96 {
		return p
	}
	return netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
}

type trustedProxies []netip.Prefix

func (t trustedProxies) trusts(a netip.Addr) bool {
	for _, p := range t {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientAddr is the address rate limits and audit rows use. It is the
// peer, unless the peer is a trusted proxy: then X-Forwarded-For is read
// from the right (each proxy appends the address it received from) and the
// first address that is not itself a trusted proxy is the client. Entries
// left of it were written by the client and are ignored. A malformed entry
// ends the walk at the last trusted hop before it.
func (t trustedProxies) clientAddr(r *http.Request) string {
	peer, ok := parseHostPort(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if len(t) == 0 || !t.trusts(peer) {
		if r.Header.Get("X-Forwarded-For") != "" {
			warnUntrustedForward.Do(func() {
				slog.Warn("X-Forwarded-For from a peer not in XN_TRUSTED_PROXIES is ignored: behind a reverse "+
					"proxy, list the proxy there, or every client shares its address in rate limits and the audit trail",
					"peer", peer.String())
			})
		}
		return peer.String()
	}
	client := peer
	hops := 0
	values := r.Header.Values("X-Forwarded-For")
	for i := len(values) - 1; i >= 0; i-- {
		entries := strings.Split(values[i], ",")
		for j := len(entries) - 1; j >= 0; j-- {
			if hops++; hops > maxForwardedHops {
				return client.String()
			}
			a, ok := parseForwarded(strings.TrimSpace(entries[j]))
			if !ok {
				return client.String()
			}
			client = a
			if !t.trusts(a) {
				return a.String()
			}
		}
	}
	return client.String()
}

func parseHostPort(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(s)
	return a.Unmap(), err == nil
}

// parseForwarded reads one X-Forwarded-For entry: an address, or (as some
// proxies write it) an address with a port.
func parseForwarded(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}
