#!/bin/sh
# Make sure the Debian packages the tests need are installed: scripts/system_packages.sh PKG...
#
# All installed: nothing to do. Some missing and running as root with apt-get:
# installs them (apt-get update once, no recommends). Otherwise: says which are
# missing and the command that installs them, then exits 1 under CI=true (the
# tests that need them would fail) and 0 elsewhere (those tests are skipped).
# `make test` calls it with chromium and fonts; other packages (PostgreSQL,
# PostGIS) are added to its list the same way.
set -eu

[ "$#" -gt 0 ] || exit 0
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system_packages: not a Debian system (no dpkg-query); the tests need: $*" >&2
    [ "${CI:-}" = "true" ] && exit 1
    exit 0
fi

missing=""
for package in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [ "$status" = "install ok installed" ] || missing="$missing $package"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "system_packages: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # one word per package
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    exit 0
fi

echo "system_packages: missing Debian package(s):$missing" >&2
echo "system_packages: install them with: sudo apt-get install$missing" >&2
[ "${CI:-}" = "true" ] && exit 1
echo "system_packages: the tests that need them will be skipped" >&2
exit 0
