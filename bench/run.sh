#!/bin/bash
# run.sh — dti's benchmarks, each run side by side with a reference in the same run
# and reported as a ratio (see bench/README.md).
#
# usage: bench/run.sh [BUILD_DIR]        (default: build; `make bench` passes it)
#
#   1. import: dti init + dti import of units, people, 100,000 processes and 500,000
#      dependencies, against the sqlite3 shell's `.import --csv` of the same files
#      into plain tables. Best of BENCH_RUNS runs. Goal: dti / sqlite3 <= 2.
#   2. HTTP list: GET /api/v1/processes?limit=100 from `dti serve` against
#      bench/mhd_static.c serving the same bytes with libmicrohttpd, same threads,
#      wrk -t2 -c64. Goal: dti / reference >= 0.5 (requests per second).
#
# Environment (all optional): BENCH_RUNS (import runs, default 2, 1-10),
# BENCH_PROCESSES (default 100000), BENCH_DEPENDENCIES (default 500000),
# BENCH_SEED (default 20240601), BENCH_WRK_DURATION (seconds, default 10, 1-120),
# BENCH_DTI_LOG_LEVEL (default: info, dti's access log written to a file).
#
# Everything it writes goes under bench/out/ (gitignored); the whole report is also
# saved as bench/out/last-run.txt. Only loopback addresses are used.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD=${1:-build}
DTI=$(cd "$BUILD" 2>/dev/null && pwd)/dti || true
OUT=$ROOT/bench/out
PY=/usr/bin/python3

die() { echo "bench: $*" >&2; exit 1; }
int_in() { # NAME VALUE MIN MAX: VALUE must be an integer in [MIN, MAX]
	if ! [[ $2 =~ ^[0-9]+$ ]] || (( $2 < $3 || $2 > $4 )); then
		die "$1 must be an integer $3-$4 (got '$2')"
	fi
}

RUNS=${BENCH_RUNS:-2}; int_in BENCH_RUNS "$RUNS" 1 10
N_PROC=${BENCH_PROCESSES:-100000}; int_in BENCH_PROCESSES "$N_PROC" 10 1000000
N_DEP=${BENCH_DEPENDENCIES:-500000}; int_in BENCH_DEPENDENCIES "$N_DEP" 10 5000000
SEED=${BENCH_SEED:-20240601}; int_in BENCH_SEED "$SEED" 0 4294967295
WRK_SECS=${BENCH_WRK_DURATION:-10}; int_in BENCH_WRK_DURATION "$WRK_SECS" 1 120
LOG_LEVEL=${BENCH_DTI_LOG_LEVEL:-info}
THREADS=$(nproc 2>/dev/null || echo 2); (( THREADS >= 1 && THREADS <= 64 )) || THREADS=2

[ -x "$DTI" ] || die "no dti binary at '$BUILD/dti': build first (make build)"
[ -x "$PY" ] || die "$PY is missing (Debian's python3)"
for tool in sqlite3 wrk cc pkg-config; do
	command -v "$tool" >/dev/null || die "'$tool' is missing: run scripts/install-deps.sh bench"
done

mkdir -p "$OUT"
# the whole report also goes to bench/out/last-run.txt
exec > >(tee "$OUT/last-run.txt") 2>&1
TEE_PID=$!

# ---- processes started here, stopped on any exit ----
PIDS=()
stop_pid() { # PID: SIGTERM, wait up to 10 s, then SIGKILL
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
	PIDS=()
}
on_exit() { # stop what we started, then let tee write the last lines
	cleanup
	exec >&- 2>&-
	wait "$TEE_PID" 2>/dev/null || true
}
trap on_exit EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
verdict_le() { awk -v r="$1" -v g="$2" 'BEGIN { print (r != "n/a" && r + 0 <= g) ? "meets goal" : "MISSES goal" }'; }
verdict_ge() { awk -v r="$1" -v g="$2" 'BEGIN { print (r != "n/a" && r + 0 >= g) ? "meets goal" : "MISSES goal" }'; }

# timed LABEL LOG CMD...: runs CMD with its output appended to LOG, sets T (seconds)
timed() {
	local label=$1 log=$2 t0 t1
	shift 2
	t0=$(now_ns)
	if ! "$@" >>"$log" 2>&1; then
		echo "bench: $label failed; its output:" >&2
		tail -20 "$log" >&2
		exit 1
	fi
	t1=$(now_ns)
	T=$(secs "$t0" "$t1")
}

build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt" 2>/dev/null || true)
echo "== dti benchmarks  $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "dti:        $DTI ($("$DTI" --version 2>/dev/null | head -1 || echo '?'), build type ${build_type:-unknown})"
echo "sqlite3:    $(sqlite3 --version | cut -d' ' -f1-2)"
echo "wrk:        $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "libmicrohttpd $(pkg-config --modversion libmicrohttpd), cpus: $THREADS, import runs: $RUNS (best taken)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the ratios)"
case "$build_type" in
Debug | "") echo "WARNING: dti was not built with optimisation (build type '${build_type:-unknown}'):" \
	"numbers are not representative; use 'make bench' (RelWithDebInfo)" ;;
esac

# ---------------------------------------------------------------------------
# Data: generated once per (generator, seed, sizes), then reused
# ---------------------------------------------------------------------------
DATA=$OUT/data
stamp="$(sha256sum bench/gen_data.py | cut -c1-16) seed=$SEED processes=$N_PROC dependencies=$N_DEP"
if [ "$(cat "$DATA/stamp" 2>/dev/null || true)" != "$stamp" ]; then
	rm -rf "$DATA"
	mkdir -p "$DATA"
	"$PY" bench/gen_data.py "$DATA" --seed "$SEED" --processes "$N_PROC" --dependencies "$N_DEP"
	echo "$stamp" >"$DATA/stamp"
else
	echo "data: reusing $DATA ($stamp)"
fi
for f in units people processes dependencies; do
	printf '  %-17s %8s rows %9s bytes\n' "$f.csv" "$(($(wc -l <"$DATA/$f.csv") - 1))" \
		"$(stat -c %s "$DATA/$f.csv")"
done
echo "  (line counts include line breaks inside quoted descriptions)"

# ---------------------------------------------------------------------------
# 1. Import
# ---------------------------------------------------------------------------
echo
echo "== 1. import: dti init + dti import  vs  sqlite3 .import --csv (plain tables)"
DB=$OUT/import-dti.db
SQ=$OUT/import-sqlite.db
ILOG=$OUT/import.log
: >"$ILOG"
declare -A best
KINDS=(units people processes dependencies)
for ((run = 1; run <= RUNS; run++)); do
	rm -f "$DB" "$DB-wal" "$DB-shm" "$SQ" "$SQ-journal" "$SQ-wal"
	timed "dti init" "$ILOG" "$DTI" --db "$DB" init
	d_total=$T
	best[dti_init]=$(min "${best[dti_init]:-}" "$T")
	line="  run $run: dti init ${T}s"
	for k in "${KINDS[@]}"; do
		timed "dti import $k" "$ILOG" "$DTI" --db "$DB" import "$k" "$DATA/$k.csv"
		best[dti_$k]=$(min "${best[dti_$k]:-}" "$T")
		d_total=$(add "$d_total" "$T")
		line+=", $k ${T}s"
	done
	best[dti_total]=$(min "${best[dti_total]:-}" "$d_total")
	echo "$line; total ${d_total}s"

	s_total=0
	line="  run $run: sqlite3"
	for k in "${KINDS[@]}"; do
		timed "sqlite3 .import $k" "$ILOG" sqlite3 -batch "$SQ" ".mode csv" \
			".import --csv \"$DATA/$k.csv\" $k"
		best[sq_$k]=$(min "${best[sq_$k]:-}" "$T")
		s_total=$(add "$s_total" "$T")
		line+=" $k ${T}s"
	done
	best[sq_total]=$(min "${best[sq_total]:-}" "$s_total")
	echo "$line; total ${s_total}s"
done

# both sides must hold every row (the CSV was read the same way)
for k in processes dependencies; do
	nd=$(sqlite3 "$DB" "SELECT count(*) FROM $k")
	ns=$(sqlite3 "$SQ" "SELECT count(*) FROM $k")
	want=$([ "$k" = processes ] && echo "$N_PROC" || echo "$N_DEP")
	if [ "$nd" != "$want" ] || [ "$ns" != "$want" ]; then
		die "$k: dti holds $nd rows, sqlite3 $ns, the file $want"
	fi
done
echo "  row counts checked: $N_PROC processes and $N_DEP dependencies on both sides"
echo "  database sizes: dti $(du -h "$DB" | cut -f1) (indexes, FTS5), sqlite3 $(du -h "$SQ" | cut -f1) (plain tables)"
echo
echo "  best of $RUNS (seconds):"
printf '  %-28s %10s %10s %8s\n' "file" "dti" "sqlite3" "ratio"
R_PROC=$(ratio "${best[dti_processes]}" "${best[sq_processes]}")
R_DEP=$(ratio "${best[dti_dependencies]}" "${best[sq_dependencies]}")
R_IMPORT=$(ratio "${best[dti_total]}" "${best[sq_total]}")
printf '  %-28s %10s %10s %8s\n' "init" "${best[dti_init]}" "-" "-"
for k in "${KINDS[@]}"; do
	printf '  %-28s %10s %10s %8s\n' "$k.csv" "${best[dti_$k]}" "${best[sq_$k]}" \
		"$(ratio "${best[dti_$k]}" "${best[sq_$k]}")"
done
printf '  %-28s %10s %10s %8s\n' "total (init + all four)" "${best[dti_total]}" "${best[sq_total]}" \
	"$R_IMPORT"
echo "  ratio = dti / sqlite3, goal <= 2.00: processes $R_PROC, dependencies $R_DEP," \
	"total $R_IMPORT ($(verdict_le "$R_IMPORT" 2))"

# ---------------------------------------------------------------------------
# 2. HTTP list
# ---------------------------------------------------------------------------
echo
echo "== 2. HTTP: GET /api/v1/processes?limit=100  dti serve  vs  mhd_static (same bytes)"
# shellcheck disable=SC2046  # the flags are meant to be split
cc -O2 bench/mhd_static.c $(pkg-config --cflags --libs libmicrohttpd) -o "$OUT/mhd_static"
QUERY="/api/v1/processes?limit=100"

# wait_port OUTFILE PID: the port printed by a server started on port 0 (bounded wait)
wait_port() {
	local out=$1 pid=$2 i port
	for ((i = 0; i < 100; i++)); do
		port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$out" | head -1)
		[ -n "$port" ] && { echo "$port"; return 0; }
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# fetch URL FILE: GET with one keep-alive connection twice; saves the body, prints
# "STATUS BYTES keep-alive|closes"
fetch() {
	"$PY" - "$1" "$2" <<'EOF'
import http.client, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
path = u.path + ("?" + u.query if u.query else "")
c.request("GET", path)
r = c.getresponse()
body = r.read()
closes = r.will_close
if not closes:
    c.request("GET", path)
    r2 = c.getresponse()
    r2.read()
open(sys.argv[2], "wb").write(body)
print(r.status, len(body), "closes" if closes else "keep-alive")
EOF
}

SRV_OUT=$OUT/dti-serve.out
SRV_LOG=$OUT/dti-serve.log
DTI_LOG_LEVEL=$LOG_LEVEL "$DTI" serve --db "$DB" --listen 127.0.0.1:0 --threads "$THREADS" \
	>"$SRV_OUT" 2>"$SRV_LOG" &
DTI_PID=$!
PIDS+=("$DTI_PID")
DTI_PORT=$(wait_port "$SRV_OUT" "$DTI_PID") || { cat "$SRV_LOG" >&2; die "dti serve did not start"; }
BODY=$OUT/list-limit100.json
read -r st bytes ka_dti <<<"$(fetch "http://127.0.0.1:$DTI_PORT$QUERY" "$BODY")"
[ "$st" = 200 ] || die "dti answered $st to GET $QUERY (see $BODY)"
echo "dti serve: port $DTI_PORT, $THREADS threads, DTI_LOG_LEVEL=$LOG_LEVEL, access log (stderr)" \
	"-> $SRV_LOG"
echo "  GET $QUERY: $bytes bytes ($ka_dti), saved to $BODY"

"$OUT/mhd_static" "$BODY" 0 "$THREADS" >"$OUT/mhd_static.out" 2>"$OUT/mhd_static.log" &
REF_PID=$!
PIDS+=("$REF_PID")
REF_PORT=$(wait_port "$OUT/mhd_static.out" "$REF_PID") || die "mhd_static did not start"
read -r st rbytes ka_ref <<<"$(fetch "http://127.0.0.1:$REF_PORT$QUERY" "$OUT/ref-check.json")"
if [ "$st" != 200 ] || ! cmp -s "$BODY" "$OUT/ref-check.json"; then
	die "mhd_static does not serve the same bytes"
fi
echo "mhd_static: port $REF_PORT, $THREADS threads, same $rbytes bytes ($ka_ref)"

# run_wrk NAME PORT: 2 s warm-up, then the measured run; sets RPS and LAT_* from the output
run_wrk() {
	local url="http://127.0.0.1:$2$QUERY" f=$OUT/wrk-$1.txt
	wrk -t2 -c64 -d2s "$url" >/dev/null
	wrk -t2 -c64 -d"${WRK_SECS}s" --latency "$url" >"$f"
	RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$f")
	LAT_AVG=$(awk '$1 == "Latency" && NF >= 4 { print $2; exit }' "$f")
	LAT_MAX=$(awk '$1 == "Latency" && NF >= 4 { print $4; exit }' "$f")
	LAT_P50=$(awk '$1 == "50%" { print $2 }' "$f")
	LAT_P75=$(awk '$1 == "75%" { print $2 }' "$f")
	LAT_P90=$(awk '$1 == "90%" { print $2 }' "$f")
	LAT_P99=$(awk '$1 == "99%" { print $2 }' "$f")
	XFER=$(awk '/^Transfer\/sec:/ { print $2 }' "$f")
	ERRS=$(grep -E 'Non-2xx|Socket errors' "$f" | tr -s ' ' | paste -sd';' || true)
	[ -n "$RPS" ] || die "could not read wrk's output ($f)"
}

echo "  wrk -t2 -c64 -d${WRK_SECS}s --latency (after a 2 s warm-up), same path and query:"
printf '  %-12s %12s %9s %9s %9s %9s %9s %9s %10s\n' "server" "requests/s" "avg" "p50" "p75" \
	"p90" "p99" "max" "transfer/s"
run_wrk dti "$DTI_PORT"
RPS_DTI=$RPS
printf '  %-12s %12s %9s %9s %9s %9s %9s %9s %10s\n' "dti" "$RPS" "$LAT_AVG" "$LAT_P50" "$LAT_P75" \
	"$LAT_P90" "$LAT_P99" "$LAT_MAX" "$XFER"
[ -n "$ERRS" ] && echo "    dti: $ERRS"
run_wrk ref "$REF_PORT"
RPS_REF=$RPS
printf '  %-12s %12s %9s %9s %9s %9s %9s %9s %10s\n' "mhd_static" "$RPS" "$LAT_AVG" "$LAT_P50" \
	"$LAT_P75" "$LAT_P90" "$LAT_P99" "$LAT_MAX" "$XFER"
[ -n "$ERRS" ] && echo "    mhd_static: $ERRS"
R_HTTP=$(ratio "$RPS_DTI" "$RPS_REF")
echo "  ratio = dti / mhd_static requests/s, goal >= 0.50: $R_HTTP ($(verdict_ge "$R_HTTP" 0.5))"
echo "  (full wrk output: $OUT/wrk-dti.txt, $OUT/wrk-ref.txt; access log lines: $(wc -l <"$SRV_LOG"))"
cleanup

# ---------------------------------------------------------------------------
# 3. Summary
# ---------------------------------------------------------------------------
echo
echo "== summary"
printf '  %-44s %12s %12s %8s %8s  %s\n' "benchmark" "dti" "reference" "ratio" "goal" "verdict"
printf '  %-44s %11ss %11ss %8s %8s  %s\n' "import $N_PROC processes + $N_DEP deps (total)" \
	"${best[dti_total]}" "${best[sq_total]}" "$R_IMPORT" "<= 2.00" "$(verdict_le "$R_IMPORT" 2)"
printf '  %-44s %12s %12s %8s %8s  %s\n' "  of which processes.csv" "${best[dti_processes]}s" \
	"${best[sq_processes]}s" "$R_PROC" "" ""
printf '  %-44s %12s %12s %8s %8s  %s\n' "  of which dependencies.csv" "${best[dti_dependencies]}s" \
	"${best[sq_dependencies]}s" "$R_DEP" "" ""
printf '  %-44s %12s %12s %8s %8s  %s\n' "GET /processes?limit=100 (requests/s)" "$RPS_DTI" \
	"$RPS_REF" "$R_HTTP" ">= 0.50" "$(verdict_ge "$R_HTTP" 0.5)"
echo "  (import reference: sqlite3 shell .import --csv; HTTP reference: bench/mhd_static.c)"
echo "  load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "report saved to $OUT/last-run.txt"
