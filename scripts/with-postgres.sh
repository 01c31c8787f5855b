#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a throwaway PostgreSQL cluster (as internal/testdb does), runs CMD with
#   DATABASE_URL       postgres://postgres@127.0.0.1:PORT/xiaoneng?sslmode=disable
#   TEST_DATABASE_URL  postgres://postgres@127.0.0.1:PORT/postgres?sslmode=disable
# exported, then stops the cluster and removes its directory, exiting with
# CMD's status. With TEST_DATABASE_URL set, Go tests create their per-test
# databases in this one cluster instead of starting one per package.
# XN_PG_PORT picks the port (default: a free one).
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARGS...]" >&2
	exit 2
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5 -n | tail -n1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	if command -v initdb >/dev/null 2>&1; then
		bindir=$(dirname "$(command -v initdb)")
	else
		echo "with-postgres: PostgreSQL server binaries not found (no /usr/lib/postgresql/*/bin/initdb): run scripts/install-test-deps.sh (as root)" >&2
		exit 1
	fi
fi

as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	# initdb and postgres refuse to run as root.
	if ! id postgres >/dev/null 2>&1; then
		echo "with-postgres: running as root and there is no postgres user: run scripts/install-test-deps.sh" >&2
		exit 1
	fi
	as_pg=(runuser -u postgres --)
fi

dir=
for parent in "${TMPDIR:-/tmp}" /tmp; do
	dir=$(mktemp -d "$parent/xn-pg-XXXXXXXX")
	[ ${#as_pg[@]} -eq 0 ] && break
	chown postgres "$dir"
	if (cd / && "${as_pg[@]}" test -w "$dir" -a -x "$dir"); then break; fi
	rm -rf "$dir"
	dir=
done
if [ -z "$dir" ]; then
	echo "with-postgres: the postgres user cannot write under ${TMPDIR:-/tmp} or /tmp" >&2
	exit 1
fi

pg() { (cd "$dir" && "${as_pg[@]}" "$bindir/$1" "${@:2}"); }

cleanup() {
	if [ -f "$dir/data/postmaster.pid" ]; then
		pg pg_ctl -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$(date +%s.%N)
common=(-D "$dir/data" --auth=trust -U postgres --encoding=UTF8 --no-sync)
if ! out=$(pg initdb "${common[@]}" --locale=C.UTF-8 2>&1); then
	rm -rf "$dir/data"
	if ! out2=$(pg initdb "${common[@]}" --no-locale 2>&1); then
		printf 'with-postgres: initdb failed:\n%s\n%s\n' "$out" "$out2" >&2
		exit 1
	fi
fi

started=
for attempt in 1 2 3 4 5; do
	port=${XN_PG_PORT:-$((20000 + RANDOM % 40000))}
	opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
	if pg pg_ctl -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "$opts" start >/dev/null 2>&1; then
		started=1
		break
	fi
	[ -n "${XN_PG_PORT:-}" ] && break # a fixed port: no point retrying
done
if [ -z "$started" ]; then
	echo "with-postgres: could not start PostgreSQL; server log:" >&2
	tail -n 30 "$dir/postgres.log" >&2 || true
	exit 1
fi
pg createdb -h 127.0.0.1 -p "$port" -U postgres xiaoneng

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/xiaoneng?sslmode=disable"
export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
t1=$(date +%s.%N)
printf 'with-postgres: PostgreSQL (%s) on 127.0.0.1:%s, started in %.1fs\n' "$bindir" "$port" "$(awk "BEGIN{print $t1 - $t0}")" >&2

status=0
"$@" || status=$?
exit $status
