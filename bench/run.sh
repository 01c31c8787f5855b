#!/usr/bin/env bash
# bench/run.sh — the benchmarks of docs/PERFORMANCE.md, end to end.
#
#   1. starts the benchmark PostgreSQL cluster (bench/pg.sh; kept between runs
#      in $XN_BENCH_DIR, default bench/.cache),
#   2. generates the large agency into it once (`server seed --scale large`,
#      seed $XN_BENCH_SEED, day $XN_BENCH_NOW) and records how long it took,
#   3. starts the server over it (demo mode, so the generated accounts log in
#      with the demo password),
#   4. measures cockpit, workload and imbalance over 2026-Q3 for the whole
#      agency as the leader: API over HTTP next to the single SQL statement
#      computing the same numbers (bench/xnbench, bench/sql, bench/queries),
#   5. loads the task page (bench/taskpage.lua) with wrk at 16 and 64
#      connections, computed for every request (Cache-Control: no-cache) and
#      served from the response cache, sampling the server's RSS and CPU time,
#      and the page as one SQL statement building its JSON (bench/sql/
#      taskpage.sql) with pgbench: the raw-SQL limit of its throughput,
#   6. runs the Go benchmarks (internal/app, internal/analytics) against it,
#   7. writes everything to bench/results/<time>/ with the machine described.
#
# Environment: XN_BENCH_DIR, XN_BENCH_PORT (PostgreSQL, 55432), XN_BENCH_HTTP
# (server, 28431), XN_BENCH_SEED, XN_BENCH_NOW (2026-11-27), XN_BENCH_DURATION
# (wrk and pgbench seconds, 30), XN_BENCH_N (latency runs, 15), XN_BENCH_REGEN=1 (generate
# again), XN_BENCH_MAX_LOAD (wait up to 10 minutes for the 1-minute load
# average to drop below it first, default 1.0), XN_BENCH_KEEP=1 (leave
# PostgreSQL running), XN_BENCH_SKIP_GO=1 (no Go benchmarks).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export XN_BENCH_DIR=${XN_BENCH_DIR:-$root/bench/.cache}
seed=${XN_BENCH_SEED:-20261127}
now=${XN_BENCH_NOW:-2026-11-27}
http=${XN_BENCH_HTTP:-28431}
duration=${XN_BENCH_DURATION:-30}
runs=${XN_BENCH_N:-15}
maxload=${XN_BENCH_MAX_LOAD:-1.0}
out=$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out" "$XN_BENCH_DIR/bin"
log() { printf '\n== %s\n' "$*" | tee -a "$out/summary.md" >&2; }
note() { printf '%s\n' "$*" | tee -a "$out/summary.md"; }

if ! command -v wrk >/dev/null 2>&1; then
	echo "bench: installing wrk (Debian package)" >&2
	if [ "$(id -u)" -eq 0 ]; then apt-get install -y wrk >/dev/null; else sudo apt-get install -y wrk >/dev/null; fi
fi

bench/pg.sh start
db=$(bench/pg.sh url)
trap '[ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null; [ -z "${XN_BENCH_KEEP:-}" ] && bench/pg.sh stop' EXIT

log "build"
go build -o "$XN_BENCH_DIR/bin/xiaoneng" ./server
go build -o "$XN_BENCH_DIR/bin/xnbench" ./bench/xnbench
srv=$XN_BENCH_DIR/bin/xiaoneng

# ——— the machine ———
{
	echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "- CPU: $(nproc) × $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
	echo "- memory: $(free -g | awk '/^Mem:/ {print $2}') GiB"
	echo "- $(psql "$db" -XAtc 'SHOW server_version' | sed 's/^/PostgreSQL /') ($(psql "$db" -XAtc "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('shared_buffers','work_mem','jit','max_parallel_workers_per_gather','effective_cache_size')"))"
	echo "- $(go version)"
	echo "- kernel $(uname -r)"
} | tee "$out/summary.md"

# ——— data ———
marker=$XN_BENCH_DIR/generated-$seed-$now
tasks=$(psql "$db" -XAtc "SELECT COALESCE((SELECT rows FROM row_counts WHERE table_name = 'tasks'), 0)" 2>/dev/null || echo 0)
if [ -n "${XN_BENCH_REGEN:-}" ] || [ ! -f "$marker" ] || [ "$tasks" -lt 1000000 ]; then
	log "generating the large agency (seed $seed, day $now)"
	t0=$(date +%s)
	mkdir -p "$XN_BENCH_DIR/data" # the rater secret the server uses too
	DATABASE_URL=$db XN_DATA_DIR=$XN_BENCH_DIR/data "$srv" seed --scale large --force --seed "$seed" --now "$now" 2> >(tee "$out/generate.log" >&2)
	t1=$(date +%s)
	note "generation: $((t1 - t0)) s"
	rm -f "$XN_BENCH_DIR"/generated-*
	cp "$out/generate.log" "$marker"
else
	note "data: generated before ($(basename "$marker")); last generation log: $marker"
fi
psql "$db" -XAtc "SELECT 'rows: ' || string_agg(relname || ' ' || n_live_tup, ', ' ORDER BY relname) FROM pg_stat_user_tables WHERE n_live_tup > 100000" | tee -a "$out/summary.md"

# ——— the server ———
log "server on 127.0.0.1:$http"
mkdir -p "$XN_BENCH_DIR/data"
DATABASE_URL=$db XN_DEMO=on XN_DATA_DIR=$XN_BENCH_DIR/data XN_ADDR=127.0.0.1:$http GODEBUG=adaptivestackstart=1 \
	"$srv" >"$out/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
	curl -fs "http://127.0.0.1:$http/readyz" >/dev/null 2>&1 && break
	sleep 1
done
url=http://127.0.0.1:$http/graphql
# a migration or start-up rebuild may have rewritten rows: let index-only
# scans see all-visible pages again, and refresh the statistics
psql "$db" -XAqc 'VACUUM (ANALYZE)'

wait_quiet() {
	local waited=0
	while awk -v m="$maxload" '{exit !($1 >= m)}' /proc/loadavg && [ $waited -lt 600 ]; do
		sleep 10
		waited=$((waited + 10))
	done
	note "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ——— analytics latency: API next to SQL ———
log "cockpit, workload, imbalance over 2026-Q3 (API over HTTP vs one SQL statement; $runs runs each)"
wait_quiet
"$XN_BENCH_DIR/bin/xnbench" -url "$url" -db "$db" -n "$runs" -out "$out/latency.json" | tee -a "$out/summary.md"
note "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ——— the task page under load ———
token=$(curl -fs -X POST -H 'Content-Type: application/json' \
	-d '{"query":"mutation { login(username: \"leader\", password: \"xiaoneng-demo\") { accessToken } }"}' "$url" |
	sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)
log "task page (wrk, ${duration}s per run)"
XN_TOKEN=$token XN_NOCACHE=1 wrk -t2 -c16 -d5s -s bench/taskpage.lua "$url" >/dev/null # warm-up
# "computed": every request computed (Cache-Control: no-cache); "cached": the
# same request repeated, served from the response cache after the first
for run in "computed 16" "computed 64" "cached 16" "cached 64"; do
	set -- $run
	mode=$1 c=$2
	nocache=0
	[ "$mode" = computed ] && nocache=1
	wait_quiet
	peak=0
	c0=$(ticks "$server_pid")
	(while kill -0 "$server_pid" 2>/dev/null; do rss_kb "$server_pid"; sleep 0.5; done) >"$out/rss-$mode-$c.txt" &
	sampler=$!
	XN_TOKEN=$token XN_NOCACHE=$nocache wrk -t2 -c"$c" -d"${duration}s" --timeout 10s --latency -s bench/taskpage.lua "$url" >"$out/wrk-$mode-$c.txt" 2>&1
	kill "$sampler" 2>/dev/null || true
	c1=$(ticks "$server_pid")
	peak=$(sort -n "$out/rss-$mode-$c.txt" | tail -1)
	json=$(grep '^JSON' "$out/wrk-$mode-$c.txt" | sed 's/^JSON //')
	reqs=$(echo "$json" | sed -E 's/.*"requests": ([0-9]+).*/\1/')
	note "$mode, $c connections: $json; server RSS peak $((peak / 1024)) MiB; server CPU $(awk -v t=$((c1 - c0)) -v hz="$hz" -v n="$reqs" 'BEGIN {printf "%.2f", t / hz * 1000 / n}') ms/request; load $(cut -d' ' -f1-3 /proc/loadavg)"
done
note "server RSS after the load: $(($(rss_kb "$server_pid") / 1024)) MiB"

# the raw-SQL limit: the page as one statement building its JSON
# (bench/sql/taskpage.sql), prepared, from pgbench at 16 connections
wait_quiet
pgb=$(command -v pgbench || echo "$(ls -d /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -n | tail -n1)/pgbench")
"$pgb" -n -M prepared -f bench/sql/taskpage.sql -c 16 -j 2 -T "$duration" "$db" >"$out/pgbench-taskpage.txt" 2>&1
note "task page as one SQL statement (pgbench, 16 connections): $(grep -E '^(tps|latency average)' "$out/pgbench-taskpage.txt" | tr '\n' ' ')"

# ——— Go benchmarks ———
if [ -z "${XN_BENCH_SKIP_GO:-}" ]; then
	log "Go benchmarks (go test -bench, XN_BENCH_DATABASE_URL)"
	XN_BENCH_DATABASE_URL=$db GODEBUG=adaptivestackstart=1 go test ./internal/app ./internal/analytics \
		-run '^$' -bench . -benchtime 3s 2>&1 | grep -E '^(Benchmark|ok|FAIL|---)' | tee -a "$out/summary.md"
fi

log "results in $out"
