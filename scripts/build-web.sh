#!/bin/sh
# build-web.sh — put the browser app where `dti serve` finds it: BUILD_DIR/web/ gets
# web/index.html, web/app/, web/i18n/ and the vendor files listed in web/vendor.txt
# (from web/node_modules, installed from web/package-lock.json when missing or stale).
# Usage: scripts/build-web.sh [BUILD_DIR]      (default: build)
set -eu
cd "$(dirname "$0")/.."
BUILD=${1:-build}
OUT=$BUILD/web

[ -f web/package.json ] || { echo "build-web: no web/package.json" >&2; exit 1; }
# npm ci only when the lock file changed since the last install
stamp=web/node_modules/.dti-lock
if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
	echo "build-web: installing the front-end packages (npm ci)"
	npm ci --prefix web --no-audit --no-fund --loglevel=error >/dev/null
	cp web/package-lock.json "$stamp"
fi

rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp/vendor"
# index.html names every module of the app for preloading, so that the browser fetches
# them all at once instead of discovering them import by import
preload=$(cd web && { echo vendor/htm-preact.mjs; find app -name '*.js' | sort; } |
	sed 's|.*|<link rel="modulepreload" href="/&">|')
awk -v links="$preload" '/<script type="module"/ { print links } { print }' web/index.html \
	>"$OUT.tmp/index.html"
cp -R web/app "$OUT.tmp/app"
cp -R web/i18n "$OUT.tmp/i18n"
# vendor.txt: "PATH_IN_NODE_MODULES NAME_UNDER_VENDOR" per line, '#' comments
while read -r src dest; do
	case "$src" in ''|'#'*) continue ;; esac
	[ -f "web/node_modules/$src" ] || { echo "build-web: missing web/node_modules/$src" >&2; exit 1; }
	cp "web/node_modules/$src" "$OUT.tmp/vendor/$dest"
done < web/vendor.txt
rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
