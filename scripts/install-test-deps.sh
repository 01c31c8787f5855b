#!/usr/bin/env bash
# Installs what the tests need when it is missing: PostgreSQL server binaries
# (the tests start a throwaway cluster), Chromium (SPA browser tests) and a
# CJK font (so that Chinese renders in screenshots). Idempotent; fast when all
# is present. Installing needs root (apt-get).
set -euo pipefail

have_postgresql() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }
have_chromium() { [ -x /usr/bin/chromium ]; }
have_cjk_font() {
	[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && return 0
	command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei'
}

missing=()
check() { # name test-function
	if "$2"; then
		echo "$1: present"
	else
		echo "$1: missing"
		missing+=("$1")
	fi
}
check postgresql have_postgresql
check chromium have_chromium
check fonts-wqy-microhei have_cjk_font

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-test-deps: missing ${missing[*]}; installing needs root: run" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	echo "or run this script as root." >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "install-test-deps: missing ${missing[*]} and there is no apt-get; install them by hand" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
for p in "${missing[@]}"; do echo "$p: installing …"; done
# Wait for a dpkg lock held by someone else rather than failing at once.
apt_opts=(-qq -o DPkg::Lock::Timeout=300)
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null

# Check that what was installed is what the tests look for.
status=0
have_postgresql || { echo "install-test-deps: postgresql installed but no /usr/lib/postgresql/*/bin/initdb" >&2; status=1; }
have_chromium || { echo "install-test-deps: chromium installed but no /usr/bin/chromium" >&2; status=1; }
have_cjk_font || { echo "install-test-deps: fonts-wqy-microhei installed but the font is not found" >&2; status=1; }
[ $status -eq 0 ] && echo "installed ${missing[*]}"
exit $status
