package session

import (
	"time"

	"xiaoneng/internal/apperr"
	"xiaoneng/internal/ratelimit"
)

// Login limits (docs/ACCESS.md "Logins"). A failed login takes a token
// from three buckets; a successful one gives its tokens back, so only
// failures count. Buckets refill one token per interval up to their burst.
const (
	// One name from one address: a user mistyping, or one attacker at one
	// account.
	PairBurst = 5
	PairEvery = time.Minute
	// One address over all names: password spraying from one machine. Only
	// failures count, so an office logging in at 9:00 behind one NAT
	// address is held up by its typos only, never by its successes.
	AddrBurst = 30
	AddrEvery = 20 * time.Second
	// One name over all addresses: a distributed guess at one account. An
	// address the account logged in from within KnownAddressFor is exempt,
	// so the attack does not lock the owner out.
	NameBurst       = 10
	NameEvery       = 2 * time.Minute
	KnownAddressFor = 30 * 24 * time.Hour
)

var errTooManyLogins = apperr.New(apperr.RateLimited, "登录失败次数过多，请稍后再试 / too many failed logins; try again later")

type loginLimits struct {
	pair, addr, name *ratelimit.Limiter
}

func newLoginLimits(now func() time.Time) *loginLimits {
	l := &loginLimits{
		pair: ratelimit.New(1/PairEvery.Seconds(), PairBurst),
		addr: ratelimit.New(1/AddrEvery.Seconds(), AddrBurst),
		name: ratelimit.New(1/NameEvery.Seconds(), NameBurst),
	}
	l.pair.Now, l.addr.Now, l.name.Now = now, now, now
	return l
}

// attempt holds the tokens one login attempt took.
type attempt struct {
	l                   *loginLimits
	pairKey, addr, name string
	tookPair, tookAddr  bool
	tookName            bool
}

// begin takes the attempt's tokens or refuses it with RATE_LIMITED (a
// refused attempt keeps nothing). name is the normalised login name.
// known reports whether addr logged in to that name recently; it is asked
// only when the name's own bucket is empty.
func (l *loginLimits) begin(name, addr string, known func() (bool, error)) (*attempt, error) {
	// Names hold no control characters (accounts.CheckLogin): the key is
	// unambiguous. An IPv6 address counts as its /64 (ratelimit.AddrKey);
	// the known-address check looks at the exact address.
	addr = ratelimit.AddrKey(addr)
	a := &attempt{l: l, pairKey: name + "\x00" + addr, addr: addr, name: name}
	if a.tookPair = l.pair.Allow(a.pairKey); !a.tookPair {
		return nil, errTooManyLogins
	}
	if a.tookAddr = l.addr.Allow(addr); !a.tookAddr {
		a.giveBack()
		return nil, errTooManyLogins
	}
	if a.tookName = l.name.Allow(name); !a.tookName {
		ok, err := known()
		if err != nil || !ok {
			a.giveBack()
			if err != nil {
				return nil, err
			}
			return nil, errTooManyLogins
		}
	}
	return a, nil
}

// done ends the attempt: a failure keeps its tokens, anything else (a
// success, a server fault) gives them back.
func (a *attempt) done(failed bool) {
	if !failed {
		a.giveBack()
	}
}

func (a *attempt) giveBack() {
	if a.tookPair {
		a.l.pair.Refund(a.pairKey)
	}
	if a.tookAddr {
		a.l.addr.Refund(a.addr)
	}
	if a.tookName {
		a.l.name.Refund(a.name)
	}
	a.tookPair, a.tookAddr, a.tookName = false, false, false
}
