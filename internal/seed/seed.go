// Package seed writes the deterministic demo agency (演示机关): an agency of
// about twelve departments and eight frontline units, ~150 staff, a
// responsibility list built on the report's own examples, a few thousand
// tasks over the two previous quarters and the current one, frontline
// ratings with rectifications, visits, complaints and the working-day
// calendar.
//
// The data carries the problems of the source report so that the cockpit
// has something true to find; Summary.Planted names them:
//   - a few staff carry much of the work (utilization well above 1.10),
//     among them the person of the `staff` account, and ~20 staff are idle
//     (utilization below 0.50);
//   - 政治处 leads without doing (its staff hold < 15 % of the hours of the
//     projects it leads with co-departments) and 安全环保部 does it all (> 85 %);
//   - 后勤服务中心 and 生产技术部 pass frontline requests back and forth
//     (TRANSFERRED events, ping-pongs, late transfers);
//   - meetings and ledgers take more than half of 党建工作部(机关党委)'s hours;
//   - the frontline rates 物资供应部 badly (mean below 3, bottom of every
//     month's ranking);
//   - overdue work, overdue rectifications and complaints.
//
// Everything derives from Options.Seed and Options.Now: the same pair gives
// the same rows (and, on a fresh database, the same IDs).
package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"xiaoneng/ent"
	"xiaoneng/ent/account"
	"xiaoneng/ent/privacy"
	"xiaoneng/ent/setting"
	"xiaoneng/internal/auth"
	"xiaoneng/internal/ratings/raterkey"
	"xiaoneng/internal/rollup"
)

// DefaultSeed is the seed used when Options.Seed is 0.
const DefaultSeed int64 = 20261127

// DefaultPassword is the password of every demo account when Options.Password is empty.
const DefaultPassword = "xiaoneng-demo"

// errRaterSecret: the generators need the server's rater secret.
var errRaterSecret = fmt.Errorf("seed: the server's rater secret (at least %d bytes) is required", raterkey.MinSecretBytes)

// ErrAlreadySeeded is returned by Demo when the database already holds departments.
var ErrAlreadySeeded = errors.New("seed: the database already holds data")

// Options controls the demo generator.
type Options struct {
	// Seed of the pseudo-random generator; 0 means DefaultSeed.
	Seed int64
	// Now is the reference "today": the data spans the two quarters before
	// the current one and the current quarter up to Now, plus planned and
	// open work due later. Zero means time.Now().
	Now time.Time
	// Password of every demo account; empty means DefaultPassword.
	Password string
	// RaterSecret keys the rater hash stored with every rating
	// (raterkey.Key): the server's own secret, so that the demo raters find
	// their seeded ratings. Required.
	RaterSecret []byte
}

// Summary reports what Demo wrote.
type Summary struct {
	Seed int64
	Now  time.Time
	// DataFrom is the start of the data (the first day of the quarter two
	// quarters before Now's); QuarterFrom/QuarterTo bound Now's quarter.
	DataFrom, QuarterFrom, QuarterTo time.Time

	Departments         int
	Staff               int
	Accounts            int
	ResponsibilityItems int
	Tasks               int
	TaskAssignments     int
	TaskEvents          int
	ServiceVisits       int
	Ratings             int
	Rectifications      int
	Complaints          int
	Accountabilities    int
	WorkCalendarDays    int
	StaffLeaves         int

	DemoAccounts []DemoAccount
	Planted      Planted
	Elapsed      time.Duration
}

// DemoAccount is a login of the demo, for the README and the start-up banner.
type DemoAccount struct {
	Login      string
	Role       account.Role
	StaffName  string
	Department string
}

// Planted names the problems planted in the data (department names are
// Department.name, staff names Staff.name).
type Planted struct {
	OverloadedStaff   []string // utilization targeted at 1.3–1.6
	IdleStaff         []string // utilization targeted at 0.15–0.42
	StaffAccount      string   // the `staff` account's person, one of OverloadedStaff
	LeadsWithoutDoing string   // 政治处
	DoesItAll         string   // 安全环保部
	PingPong          [2]string
	MeetingHeavy      string // 党建工作部(机关党委)
	BadlyRated        string // 物资供应部
	Seconded          []string
}

// IsSeeded reports whether the database holds any department.
func IsSeeded(ctx context.Context, client *ent.Client) (bool, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	return client.Department.Query().Exist(ctx)
}

// Demo writes the demo agency in one transaction: on error nothing is left.
// It refuses a database that already holds departments (ErrAlreadySeeded).
func Demo(ctx context.Context, client *ent.Client, opt Options) (*Summary, error) {
	began := time.Now()
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	if opt.Seed == 0 {
		opt.Seed = DefaultSeed
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Password == "" {
		opt.Password = DefaultPassword
	}
	if len(opt.RaterSecret) < raterkey.MinSecretBytes {
		return nil, errRaterSecret
	}
	seeded, err := IsSeeded(ctx, client)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if seeded {
		return nil, ErrAlreadySeeded
	}
	hash, err := auth.HashPassword(opt.Password)
	if err != nil {
		return nil, fmt.Errorf("seed: hashing the demo password: %w", err)
	}

	g := newGen(opt)
	g.build()

	tx, err := client.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed: begin: %w", err)
	}
	// The load rollup is built once at the end rather than row by row by
	// its hooks (internal/rollup).
	sum, err := g.write(rollup.Deferred(ctx), tx.Client(), hash)
	if err == nil {
		_, err = rollup.RebuildClient(ctx, tx.Client())
	}
	if err == nil {
		// The server refuses to start with another secret than the one the
		// keys were written with (internal/ratings.PrepareRaterKeys).
		err = tx.Client().Setting.Create().SetKey(raterkey.CheckSetting).
			SetValue(raterkey.Check(opt.RaterSecret)).
			OnConflictColumns(setting.FieldKey).UpdateValue().Exec(ctx)
	}
	if err != nil {
		_ = tx.Rollback()
		return nil, fmt.Errorf("seed: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("seed: commit: %w", err)
	}
	sum.Elapsed = time.Since(began)
	return sum, nil
}
