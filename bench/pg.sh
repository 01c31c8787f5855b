#!/usr/bin/env bash
# Usage: bench/pg.sh start|stop|status|url|destroy
#
# A PostgreSQL cluster for the benchmarks that survives between runs, so the
# large data set (~10 minutes to generate) is made once. It lives in
# $XN_BENCH_DIR (default: bench/.cache) as pgdata/, listens on 127.0.0.1 at
# $XN_BENCH_PORT (default 55432) and holds the database "xiaoneng".
# Settings are printed by `status` and recorded in docs/PERFORMANCE.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir=${XN_BENCH_DIR:-$here/.cache}
port=${XN_BENCH_PORT:-55432}
data=$dir/pgdata

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -n | tail -n1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	if command -v initdb >/dev/null 2>&1; then
		bindir=$(dirname "$(command -v initdb)")
	else
		echo "bench/pg.sh: PostgreSQL server binaries not found: run scripts/install-test-deps.sh (as root)" >&2
		exit 1
	fi
fi
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	as_pg=(runuser -u postgres --) # initdb and postgres refuse root
fi
pg() { (cd / && "${as_pg[@]}" "$bindir/$1" "${@:2}"); }

# Memory for a 24 GiB, 2-core machine; no parallel workers (on two cores they
# cost more to start than they save on these queries, and the cockpit already
# runs its queries side by side); JIT off (it costs more than it saves
# on sub-second queries); fsync stays on (these are the numbers a real
# installation would see for reads; generation writes with synchronous_commit off).
opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 \
-c shared_buffers=4GB -c effective_cache_size=16GB -c work_mem=32MB -c maintenance_work_mem=1GB \
-c max_wal_size=8GB -c checkpoint_timeout=30min -c jit=off -c random_page_cost=1.1 \
-c max_parallel_workers_per_gather=0 -c max_parallel_maintenance_workers=2"

url() { echo "postgres://postgres@127.0.0.1:$port/xiaoneng?sslmode=disable"; }

running() { [ -f "$data/postmaster.pid" ] && pg pg_ctl -D "$data" status >/dev/null 2>&1; }

case "${1:-}" in
start)
	mkdir -p "$dir"
	if [ -n "${as_pg[*]}" ]; then chown postgres "$dir"; fi
	if [ ! -f "$data/PG_VERSION" ]; then
		pg initdb -D "$data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 ||
			pg initdb -D "$data" --auth=trust -U postgres --encoding=UTF8 --no-locale >/dev/null
	fi
	if ! running; then
		pg pg_ctl -D "$data" -l "$dir/postgres.log" -w -t 120 -o "$opts" start >/dev/null
	fi
	if ! pg psql -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname='xiaoneng'" postgres | grep -q 1; then
		pg createdb -h 127.0.0.1 -p "$port" -U postgres xiaoneng
	fi
	echo "bench/pg.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data)" >&2
	;;
stop)
	if running; then pg pg_ctl -D "$data" -m fast -w stop >/dev/null; fi
	;;
destroy)
	"$0" stop
	rm -rf "$data"
	;;
status)
	running && pg psql -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT version()" postgres
	;;
url)
	url
	;;
*)
	echo "usage: $0 start|stop|status|url|destroy" >&2
	exit 2
	;;
esac
