#!/bin/sh
# install-deps.sh — install the Debian packages dti needs to build, test and
# benchmark, if any is missing. Idempotent and quiet when everything is present.
# Usage: scripts/install-deps.sh [build|test|bench]   (default: build)
set -eu

build="build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev libcmocka-dev libsodium-dev libxlsxwriter-dev libglpk-dev"
test="$build python3 sqlite3 chromium fonts-noto-cjk fonts-noto-core"
# the graph benchmark's references (bench/graph_networkx.py, bench/graph_igraph.py) and the
# priorities benchmark's (bench/priorities.py: numpy) run on Debian's /usr/bin/python3
bench="$test wrk python3-networkx python3-igraph python3-numpy"

case "${1:-build}" in
  build) want=$build ;;
  test) want=$test ;;
  bench) want=$bench ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
# the browser app's packages come from npm: Node.js may come from anywhere, Debian's
# packages are the fallback
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0

echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
