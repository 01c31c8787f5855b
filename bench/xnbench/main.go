// Command xnbench measures the analytics API against hand-written SQL: for
// each of cockpit, workload and imbalance (bench/queries/<name>.graphql,
// over 2026-Q3 for the whole agency, as the leader), the median latency
// of the API over HTTP next to the median of bench/sql/<name>.sql, the
// single statement that computes the same numbers — and it checks that
// they are the same numbers. Runs alternate between the two so that a
// busy machine slows both alike. The API is asked with Cache-Control:
// no-cache, so its figure is the computation (the one compared with SQL);
// the warm figure is the same request answered by the response cache.
// bench/run.sh calls it; see bench/README.md.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	_ "github.com/lib/pq"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:28431/graphql", "GraphQL endpoint")
	dbURL := flag.String("db", os.Getenv("DATABASE_URL"), "PostgreSQL URL for the SQL statements")
	login := flag.String("login", "leader", "account to query as")
	password := flag.String("password", "xiaoneng-demo", "its password")
	dir := flag.String("dir", "bench", "directory holding queries/ and sql/")
	n := flag.Int("n", 15, "measured runs of each (after the warm-ups)")
	// The server answers from a pool of connections, the cockpit from
	// several at once; each PostgreSQL backend is slow the first time it
	// reads a table (its catalog caches), so a few more warm-ups than the
	// single SQL connection needs bring the pool to the state of a server
	// that has been running.
	warm := flag.Int("warmup", 6, "unmeasured runs of each first")
	from := flag.String("from", "2026-07-01T00:00:00+08:00", "window start (the SQL files are written for 2026-Q3)")
	to := flag.String("to", "2026-10-01T00:00:00+08:00", "window end")
	out := flag.String("out", "", "write the results as JSON here")
	names := flag.String("only", "cockpit,workload,imbalance", "which to measure")
	flag.Parse()

	ctx := context.Background()
	db, err := sql.Open("postgres", *dbURL)
	check(err)
	defer db.Close()
	db.SetMaxOpenConns(1)
	tok := token(*url, *login, *password)
	vars := map[string]any{"window": map[string]string{"from": *from, "to": *to}}

	type result struct {
		Name                         string
		APIms, SQLms                 []float64
		APIMedian, APIP90, SQLMedian float64
		Ratio                        float64
		WarmMs                       []float64 // served by the response cache
		WarmMedian                   float64
		WarmHits                     int     // of len(WarmMs), answered X-Cache: HIT
		DirectMedian                 float64 `json:",omitempty"`
		Match                        string
		ResponseBytes                int
	}
	var results []result
	for _, name := range strings.Split(*names, ",") {
		q := read(filepath.Join(*dir, "queries", name+".graphql"))
		stmt := read(filepath.Join(*dir, "sql", name+".sql"))
		var api, sqlT []float64
		var apiData map[string]any
		var sqlData map[string]any
		var size int
		for i := 0; i < *n+*warm; i++ {
			t0 := time.Now()
			body, _ := post(*url, tok, q, vars, true)
			d1 := ms(time.Since(t0))
			t0 = time.Now()
			var js string
			check(db.QueryRowContext(ctx, stmt).Scan(&js))
			d2 := ms(time.Since(t0))
			if i < *warm {
				if i == 0 {
					size = len(body)
					var resp struct {
						Data   map[string]any `json:"data"`
						Errors []any          `json:"errors"`
					}
					check(json.Unmarshal(body, &resp))
					if len(resp.Errors) > 0 {
						fail("%s: %v", name, resp.Errors)
					}
					apiData = resp.Data[name].(map[string]any)
					check(json.Unmarshal([]byte(js), &sqlData))
				}
				continue
			}
			api, sqlT = append(api, d1), append(sqlT, d2)
		}
		r := result{Name: name, APIms: api, SQLms: sqlT, APIMedian: median(api), APIP90: pct(api, 0.9),
			SQLMedian: median(sqlT), ResponseBytes: size}
		// Warm: the first request stores the answer (a miss), the rest are
		// served while nothing is written (within the cache's TTL).
		post(*url, tok, q, vars, false)
		for range *n {
			t0 := time.Now()
			_, xcache := post(*url, tok, q, vars, false)
			r.WarmMs = append(r.WarmMs, ms(time.Since(t0)))
			if xcache == "HIT" {
				r.WarmHits++
			}
		}
		r.WarmMedian = median(r.WarmMs)
		r.Ratio = r.APIMedian / r.SQLMedian
		r.Match = compare(name, apiData, sqlData)
		if name == "imbalance" {
			if direct, err := os.ReadFile(filepath.Join(*dir, "sql", "imbalance_direct.sql")); err == nil {
				var ds []float64
				for i := 0; i < min(*n, 7)+1; i++ {
					t0 := time.Now()
					var js string
					check(db.QueryRowContext(ctx, string(direct)).Scan(&js))
					if i > 0 {
						ds = append(ds, ms(time.Since(t0)))
					}
				}
				r.DirectMedian = median(ds)
			}
		}
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "%-10s API median %7.1f ms (p90 %7.1f)  SQL median %7.1f ms  ratio %.2f  %s\n",
			name, r.APIMedian, r.APIP90, r.SQLMedian, r.Ratio, r.Match)
		fmt.Fprintf(os.Stderr, "%-10s API cached median %7.2f ms (%d of %d hits)\n", "", r.WarmMedian, r.WarmHits, len(r.WarmMs))
		if r.DirectMedian > 0 {
			fmt.Fprintf(os.Stderr, "%-10s direct SQL (no rollup) median %7.1f ms\n", "", r.DirectMedian)
		}
	}
	if *out != "" {
		b, _ := json.MarshalIndent(results, "", "  ")
		check(os.WriteFile(*out, b, 0o644))
	}
	fmt.Println("| query | API median (ms) | API p90 (ms) | SQL median (ms) | API / SQL | API cached median (ms) | numbers |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range results {
		fmt.Printf("| %s | %.1f | %.1f | %.1f | %.2f | %.2f (%d/%d hits) | %s |\n", r.Name, r.APIMedian, r.APIP90, r.SQLMedian, r.Ratio,
			r.WarmMedian, r.WarmHits, len(r.WarmMs), r.Match)
	}
}

func token(url, login, password string) string {
	body, _ := post(url, "", `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }`,
		map[string]any{"u": login, "p": password}, true)
	var r struct {
		Data struct {
			Login struct{ AccessToken string } `json:"login"`
		} `json:"data"`
	}
	check(json.Unmarshal(body, &r))
	if r.Data.Login.AccessToken == "" {
		fail("login %s: %s", login, body)
	}
	return r.Data.Login.AccessToken
}

// post sends a GraphQL request, with Cache-Control: no-cache when noCache
// (computed, not served by the response cache), and returns the body and
// X-Cache.
func post(url, tok, query string, vars map[string]any, noCache bool) ([]byte, string) {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	check(err)
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if noCache {
		req.Header.Set("Cache-Control", "no-cache")
	}
	res, err := http.DefaultClient.Do(req)
	check(err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	check(err)
	if res.StatusCode != http.StatusOK {
		fail("HTTP %d: %.300s", res.StatusCode, body)
	}
	return body, res.Header.Get("X-Cache")
}

// ——— comparing the API's numbers with the statement's ———

type cmp struct{ diffs []string }

func (c *cmp) num(path string, a, b any) {
	x, okx := toF(a)
	y, oky := toF(b)
	switch {
	case !okx && !oky:
	case okx != oky:
		c.diffs = append(c.diffs, fmt.Sprintf("%s: %v vs %v", path, a, b))
	case math.Abs(x-y) > 1e-9*math.Max(1, math.Max(math.Abs(x), math.Abs(y))):
		c.diffs = append(c.diffs, fmt.Sprintf("%s: %v vs %v", path, x, y))
	}
}

func (c *cmp) eq(path string, a, b any) {
	if fmt.Sprint(a) != fmt.Sprint(b) {
		c.diffs = append(c.diffs, fmt.Sprintf("%s: %v vs %v", path, a, b))
	}
}

func toF(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// id reads an entity reference: the API's {id} object or the statement's number.
func id(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return fmt.Sprint(x["id"])
	case float64:
		return strconv.FormatInt(int64(x), 10)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// rows keys a list of objects by the reference in field key.
func rows(v any, key string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, x := range list(v) {
		m := obj(x)
		out[id(m[key])] = m
	}
	return out
}

func compare(name string, api, want map[string]any) string {
	c := &cmp{}
	scalars := func(a, w map[string]any, prefix string, keys ...string) {
		for _, k := range keys {
			c.num(prefix+k, a[k], w[k])
		}
	}
	staffRows := func(path string, a, w any, fields ...string) {
		ar, wr := rows(a, "staff"), rows(w, "staff")
		c.eq(path+" count", len(ar), len(wr))
		for k, x := range ar {
			y := wr[k]
			if y == nil {
				c.diffs = append(c.diffs, path+" staff "+k+" missing from the statement")
				continue
			}
			for _, f := range fields {
				if f == "flag" || f == "department" {
					c.eq(path+" "+k+" "+f, id(x[f]), id(y[f]))
				} else {
					c.num(path+" "+k+" "+f, x[f], y[f])
				}
			}
		}
	}
	switch name {
	case "imbalance":
		scalars(api, want, "", "gini", "top20Share", "n", "topCount", "totalLoad", "overloadedCount", "idleCount")
		staffRows("overloaded", api["overloaded"], want["overloaded"], "load", "capacity", "utilization")
		staffRows("idle", api["idle"], want["idle"], "load", "capacity", "utilization")
	case "workload":
		staffRows("staff", api["staff"], want["staff"], "department", "load", "capacity", "utilization", "flag")
		ad, wd := rows(api["departments"], "department"), rows(want["departments"], "department")
		c.eq("departments count", len(ad), len(wd))
		for k, x := range ad {
			scalars(x, wd[k], "department "+k+" ", "staffCount", "load", "capacity", "utilization", "overloadedCount", "idleCount")
		}
	case "cockpit":
		scalars(obj(api["imbalance"]), obj(want["imbalance"]), "imbalance.", "gini", "top20Share", "n", "topCount",
			"totalLoad", "overloadedCount", "idleCount")
		scalars(api, want, "", "completedCount", "onTimeRate", "overdueCount", "transferCount", "pingPongCount",
			"lateTransferCount", "satisfactionWithheld", "ratingCount", "meanScore", "satisfactionRate",
			"rectificationsOnTimeRate", "rectificationAcceptanceRate", "visitsDone", "visitsQuota", "visitsRate", "meetingShare")
		ap, wp := list(api["pingPongPairs"]), list(want["pingPongPairs"])
		c.eq("pingPongPairs count", len(ap), len(wp))
		for i := range min(len(ap), len(wp)) {
			x, y := obj(ap[i]), obj(wp[i])
			c.eq(fmt.Sprintf("pair %d", i), id(x["from"])+">"+id(x["to"]), id(y["from"])+">"+id(y["to"]))
			scalars(x, y, fmt.Sprintf("pair %d ", i), "count", "pingPongs", "lateTransfers")
		}
		lr, wl := obj(api["lowestRated"]), obj(want["lowestRated"])
		c.eq("lowestRated", id(lr["department"]), id(wl["department"]))
		scalars(lr, wl, "lowestRated ", "meanScore", "ratingCount")
		var at, wt []string
		for _, x := range list(api["talkFlags"]) {
			at = append(at, id(x))
		}
		for _, x := range list(want["talkFlags"]) {
			wt = append(wt, id(x))
		}
		c.eq("talkFlags", at, wt)
		tm, wm := obj(api["topMeetingShare"]), obj(want["topMeetingShare"])
		c.eq("topMeetingShare", id(tm["department"]), id(wm["department"]))
		c.num("topMeetingShare share", tm["share"], wm["share"])
		al, wf := list(api["leadShareFlags"]), list(want["leadShareFlags"])
		c.eq("leadShareFlags count", len(al), len(wf))
		for i := range min(len(al), len(wf)) {
			x, y := obj(al[i]), obj(wf[i])
			c.eq(fmt.Sprintf("lead flag %d", i), id(x["department"])+" "+fmt.Sprint(x["flag"]), id(y["department"])+" "+fmt.Sprint(y["flag"]))
			c.num(fmt.Sprintf("lead flag %d share", i), x["leadShare"], y["leadShare"])
		}
	}
	if len(c.diffs) == 0 {
		return "same"
	}
	slices.Sort(c.diffs)
	return fmt.Sprintf("%d differ, e.g. %s", len(c.diffs), strings.Join(c.diffs[:min(3, len(c.diffs))], "; "))
}

func read(p string) string {
	b, err := os.ReadFile(p)
	check(err)
	return string(b)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 { return pct(xs, 0.5) }

func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if p == 0.5 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[min(len(s)-1, int(math.Ceil(p*float64(len(s))))-1)]
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "xnbench: "+format+"\n", args...)
	os.Exit(1)
}
