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
#      wrk -t2 -c64. Goal: dti / reference >= 0.5 (requests per second), with dti's
#      reply cache (as in production). Also reported, without a goal: the same page
#      with DTI_NO_REPLY_CACHE=1 (uncached: SQLite query + JSON on every request), and
#      an uncached filtered, sorted page (?limit=100&nature=paper,manual&
#      sort=-volume_per_year) against mhd_static serving that page's bytes. Each dti
#      variant and each reference is a separate server start, measured alone.
#   3. browser: the inventory page (/processes, filtered and sorted, searched, and with
#      an empty browser cache) in Debian's chromium driven by bench/browser.mjs
#      (playwright-core), from navigation start until the table shows its rows and the
#      search box has answered a keystroke; median and p90 of BENCH_BROWSER_RUNS runs.
#      Reference: the same pages from the demo organisation (`dti demo`), served by the
#      same binary, interleaved with the big database's. Goal (issue 4): interactive in
#      under 1 s from navigation with 100,000 processes.
#   4. graph: synthetic dependency graphs of 10k, 100k and 1M processes with 5
#      dependencies each (bench/gen_graph.py), the same file and the same sources for
#      dti (bench/graph_bench.c on src/core/graph.c, built by CMake on demand),
#      python3-networkx and python3-igraph (bench/graph_networkx.py, graph_igraph.py):
#      loading, impact (descendants of 100 processes), clusters, waves, betweenness
#      from 100 sampled sources (exact too at 10k); their check numbers must agree.
#      Goals (issue 5): >= 10x networkx and >= 1x python-igraph on every analysis.
#      Then dti's own database: store_load_graph of 1M processes and 5M dependencies
#      (goal < 5 s), GET /api/v1/processes/{id}/impact?limit=100 on 100k processes
#      (bench/graph_api.py; goal p50 < 20 ms) and dti serve's memory with the 1M graph
#      (goal < 1 GiB). The 1M database takes ~5 minutes to import the first time, the
#      networkx side at 1M several more (each analysis capped at BENCH_GRAPH_CAP).
#   5. priorities (issue 6): (a) the ranking of BENCH_PROCESSES (100,000) processes, 8
#      criteria, 2 assessors scoring all (1.6M assessments; bench/gen_data.py
#      --priorities, imported once into out/priorities/rank.db): GET
#      /api/v1/analysis/ranking?limit=50 from `dti serve` (DTI_NO_REPLY_CACHE=1), the
#      first request after start (reads and aggregates the assessments) and p50/p90 of
#      BENCH_PRIO_REQUESTS warm ones (the aggregates kept by the worker thread), for wsm
#      and topsis (bench/priorities.py), and `dti rank --json --limit 50` end to end;
#      references: the sqlite3 shell computing the same weighted sum in one query on
#      the same file (for the cold path) and numpy computing WSM and TOPSIS on the mean
#      matrix in memory (for the warm path); every top 50 checked against numpy's
#      scores. Goal: < 200 ms. (b) POST /api/v1/analysis/portfolio on an organisation
#      of BENCH_PORTFOLIO_CANDIDATES (2,000) candidates with clusters and prerequisites
#      (gen_data.py --priorities --clusters; out/priorities/portfolio.db), budget and
#      hours a quarter of the totals, no period, against `dti portfolio --json`, and
#      bench/portfolio_bench.c when the tree has it. Goal: solve_ms < 5 s. The first
#      run generates and imports its data (~2 minutes), later runs reuse it.
#
# Environment (all optional): BENCH_ONLY (the sections to run, comma-separated among
# import, http, browser, graph, priorities; default all five: e.g. BENCH_ONLY=browser runs the browser
# benchmark alone, importing the data untimed if no earlier run left it),
# BENCH_RUNS (import runs, default 2, 1-10), BENCH_PROCESSES (default 100000),
# BENCH_DEPENDENCIES (default 500000), BENCH_SEED (default 20240601),
# BENCH_WRK_DURATION (seconds, default 10, 1-120), BENCH_DTI_LOG_LEVEL (default: info,
# dti's access log written to a file), BENCH_BROWSER_RUNS (default 10, 1-100);
# for the graph section: BENCH_GRAPH_SIZES (default 10000,100000,1000000),
# BENCH_GRAPH_API_SIZE (default 100000), BENCH_GRAPH_REQUESTS (default 200, 10-10000),
# BENCH_GRAPH_REPS (default 3, 1-10), BENCH_GRAPH_CAP (seconds, default 120);
# for the priorities section: BENCH_PRIO_REQUESTS (warm ranking requests per method,
# default 100, 10-10000), BENCH_PRIO_RUNS (runs of each command and portfolio request,
# default 3, 1-10), BENCH_PORTFOLIO_CANDIDATES (default 2000, 100-20000).
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
B_RUNS=${BENCH_BROWSER_RUNS:-10}; int_in BENCH_BROWSER_RUNS "$B_RUNS" 1 100
ONLY=${BENCH_ONLY:-import,http,browser,graph,priorities}
[[ $ONLY =~ ^(import|http|browser|graph|priorities)(,(import|http|browser|graph|priorities))*$ ]] ||
	die "BENCH_ONLY must list sections among import, http, browser, graph, priorities, comma-separated (got '$ONLY')"
G_SIZES=${BENCH_GRAPH_SIZES:-10000,100000,1000000}
[[ $G_SIZES =~ ^[0-9]+(,[0-9]+)*$ ]] || die "BENCH_GRAPH_SIZES must be sizes separated by commas (got '$G_SIZES')"
for g_n in ${G_SIZES//,/ }; do int_in "a size in BENCH_GRAPH_SIZES" "$g_n" 200 2000000; done
G_API=${BENCH_GRAPH_API_SIZE:-100000}; int_in BENCH_GRAPH_API_SIZE "$G_API" 200 2000000
G_REQ=${BENCH_GRAPH_REQUESTS:-200}; int_in BENCH_GRAPH_REQUESTS "$G_REQ" 10 10000
G_REPS=${BENCH_GRAPH_REPS:-3}; int_in BENCH_GRAPH_REPS "$G_REPS" 1 10
G_CAP=${BENCH_GRAPH_CAP:-120}; int_in BENCH_GRAPH_CAP "$G_CAP" 5 36000
P_REQ=${BENCH_PRIO_REQUESTS:-100}; int_in BENCH_PRIO_REQUESTS "$P_REQ" 10 10000
P_RUNS=${BENCH_PRIO_RUNS:-3}; int_in BENCH_PRIO_RUNS "$P_RUNS" 1 10
P_CAND=${BENCH_PORTFOLIO_CANDIDATES:-2000}; int_in BENCH_PORTFOLIO_CANDIDATES "$P_CAND" 100 20000
want() { [[ ",$ONLY," == *",$1,"* ]]; }
THREADS=$(nproc 2>/dev/null || echo 2); (( THREADS >= 1 && THREADS <= 64 )) || THREADS=2

[ -x "$DTI" ] || die "no dti binary at '$BUILD/dti': build first (make build)"
[ -x "$PY" ] || die "$PY is missing (Debian's python3)"
tools=(sqlite3)
if want http; then tools+=(wrk cc pkg-config); fi
if want graph || want priorities; then tools+=(cmake); fi
if want browser; then tools+=(node npm chromium); fi
for tool in "${tools[@]}"; do
	command -v "$tool" >/dev/null || die "'$tool' is missing: run scripts/install-deps.sh bench"
done
if want graph && ! "$PY" -c 'import networkx, igraph' 2>/dev/null; then
	die "python3-networkx or python3-igraph is missing: run scripts/install-deps.sh bench"
fi
if want priorities && ! "$PY" -c 'import numpy' 2>/dev/null; then
	die "python3-numpy is missing: run scripts/install-deps.sh bench"
fi

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
# verdict_ms P50 P90: the browser goal, interactive in under 1000 ms, read at p90
verdict_ms() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "" || a == "-") print "no figure"
		else if (b + 0 < 1000) printf "meets goal (p90 %d ms)\n", b
		else if (a + 0 < 1000) printf "MISSES goal at p90 (%d ms), p50 meets\n", b
		else printf "MISSES goal (p90 %d ms)\n", b
	}'
}
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
if want http; then
	echo "wrk:        $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
	echo "libmicrohttpd $(pkg-config --modversion libmicrohttpd)"
fi
echo "sections: $ONLY; cpus: $THREADS, import runs: $RUNS (best taken), browser runs: $B_RUNS"
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
if ! want import && ! want http && ! want browser; then
	: # the graph and priorities sections have data of their own
elif [ "$(cat "$DATA/stamp" 2>/dev/null || true)" != "$stamp" ]; then
	rm -rf "$DATA"
	mkdir -p "$DATA"
	"$PY" bench/gen_data.py "$DATA" --seed "$SEED" --processes "$N_PROC" --dependencies "$N_DEP"
	echo "$stamp" >"$DATA/stamp"
else
	echo "data: reusing $DATA ($stamp)"
fi
if want import || want http || want browser; then
	for f in units people processes dependencies; do
		printf '  %-17s %8s rows %9s bytes\n' "$f.csv" "$(($(wc -l <"$DATA/$f.csv") - 1))" \
			"$(stat -c %s "$DATA/$f.csv")"
	done
	echo "  (line counts include line breaks inside quoted descriptions)"
fi

# ---------------------------------------------------------------------------
# The servers (sections 2 and 3)
# ---------------------------------------------------------------------------
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
import os
h = {"Authorization": os.environ["AUTH"].split(": ", 1)[1]}
c.request("GET", path, headers=h)
r = c.getresponse()
body = r.read()
closes = r.will_close
if not closes:
    c.request("GET", path, headers=h)
    r2 = c.getresponse()
    r2.read()
open(sys.argv[2], "wb").write(body)
print(r.status, len(body), "closes" if closes else "keep-alive")
EOF
}

# check_filtered FILE: the filtered page holds only paper/manual processes, by
# volume_per_year descending, as many as the limit allows; prints "TOTAL ITEMS ok|WRONG"
check_filtered() {
	"$PY" - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
items = d["items"]
vols = [p["volume_per_year"] for p in items if p["volume_per_year"] is not None]
ok = (all(p["nature"] in ("paper", "manual") for p in items)
      and vols == sorted(vols, reverse=True) and len(items) == min(100, d["total"]))
print(d["total"], len(items), "ok" if ok else "WRONG")
EOF
}

# start_dti NAME cached|uncached [DB]: `dti serve` on DB (default: the benchmark
# database), port 0, its output in out/dti-serve-NAME.{out,log}; sets SRV_PORT and
# SRV_LOG (stopped by cleanup)
start_dti() {
	local name=$1 out=$OUT/dti-serve-$1.out db=${3:-$DB} pid
	local -a vars=("DTI_LOG_LEVEL=$LOG_LEVEL")
	if [ "$2" = uncached ]; then vars+=(DTI_NO_REPLY_CACHE=1); fi
	SRV_LOG=$OUT/dti-serve-$name.log
	env -u DTI_NO_REPLY_CACHE "${vars[@]}" "$DTI" serve --db "$db" --listen 127.0.0.1:0 \
		--threads "$THREADS" >"$out" 2>"$SRV_LOG" &
	pid=$!
	PIDS+=("$pid")
	SRV_PORT=$(wait_port "$out" "$pid") || { cat "$SRV_LOG" >&2; die "dti serve ($name) did not start"; }
	echo "  dti serve ($name): port $SRV_PORT, ${vars[*]}, access log -> $SRV_LOG"
}

# start_ref NAME BODY PATH: mhd_static serving the bytes of BODY, its output in
# out/NAME.{out,log}; checks that it answers GET PATH with them; sets REF_PORT
start_ref() {
	local name=$1 body=$2 path=$3 pid st rbytes ka
	"$OUT/mhd_static" "$body" 0 "$THREADS" >"$OUT/$name.out" 2>"$OUT/$name.log" &
	pid=$!
	PIDS+=("$pid")
	REF_PORT=$(wait_port "$OUT/$name.out" "$pid") || die "mhd_static ($name) did not start"
	read -r st rbytes ka <<<"$(fetch "http://127.0.0.1:$REF_PORT$path" "$OUT/ref-check.json")"
	if [ "$st" != 200 ] || ! cmp -s "$body" "$OUT/ref-check.json"; then
		die "mhd_static ($name) does not serve the same bytes as $body"
	fi
	echo "  mhd_static: port $REF_PORT, same $rbytes bytes ($ka)"
}

# get_page PORT PATH FILE WHO: saves dti's reply to GET PATH in FILE, which must be 200
get_page() {
	local st bytes ka
	read -r st bytes ka <<<"$(fetch "http://127.0.0.1:$1$2" "$3")"
	[ "$st" = 200 ] || die "$4 answered '$st' to GET $2 (see $3)"
	echo "    GET $2: $bytes bytes ($ka), saved to $3"
}

# run_wrk NAME PORT PATH: 2 s warm-up, then the measured run; sets RPS and LAT_* from
# the output (out/wrk-NAME.txt). wrk's default timeout (2 s) would drop the slowest
# replies from the latency figures: every run waits up to 30 s, the servers' own
# connection timeout.
run_wrk() {
	local url="http://127.0.0.1:$2$3" f=$OUT/wrk-$1.txt
	wrk -t2 -c64 -d2s --timeout 30s -H "$AUTH" "$url" >/dev/null
	wrk -t2 -c64 -d"${WRK_SECS}s" --timeout 30s --latency -H "$AUTH" "$url" >"$f"
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

# measure NAME LABEL PORT PATH: run_wrk, then keep the row (and any errors) for the
# table printed after the group; rps[NAME], lat[NAME], bad[NAME] for the summary
declare -A rps lat bad
ROWS=()
ROW_FMT='  %-20s %12s %9s %9s %9s %9s %9s %9s %10s'
measure() {
	local row
	run_wrk "$1" "$3" "$4"
	rps[$1]=$RPS
	lat[$1]="p50 $LAT_P50, p99 $LAT_P99"
	bad[$1]=${ERRS:+"; NOT VALID: wrk errors"}
	# shellcheck disable=SC2059  # the format is ROW_FMT
	printf -v row "$ROW_FMT" "$2" "$RPS" "$LAT_AVG" "$LAT_P50" "$LAT_P75" "$LAT_P90" "$LAT_P99" \
		"$LAT_MAX" "$XFER"
	ROWS+=("$row")
	if [ -n "$ERRS" ]; then ROWS+=("    $2: $ERRS (run not valid)"); fi
}
print_rows() { # the table of the rows measured since the last call
	# shellcheck disable=SC2059
	printf "$ROW_FMT\n" "server" "requests/s" "avg" "p50" "p75" "p90" "p99" "max" "transfer/s"
	printf '%s\n' "${ROWS[@]}"
	ROWS=()
}

# ---------------------------------------------------------------------------
# 1. Import
# ---------------------------------------------------------------------------
# The database of every section: imported (and timed) by section 1, or, when section 1
# is not run, imported once without timing by ensure_db. $DB.stamp names the data it
# holds.
DB=$OUT/import-dti.db
declare -A best
if want import; then
	echo
	echo "== 1. import: dti init + dti import  vs  sqlite3 .import --csv (plain tables)"
	SQ=$OUT/import-sqlite.db
	FL=$OUT/import-floor.db
	ILOG=$OUT/import.log
	# floor_sql TABLE: the SQL of dti's bulk path for TABLE, copying the rows from the
	# dti database $DB (attached as d); the index and trigger definitions are read from it
	floor_sql() {
		local t=$1 trig
		trig=$([ "$t" = processes ] && echo processes_fts_ai || echo dependencies_count_ai)
		echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;"
		echo "PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;"
		echo "ATTACH '$DB' AS d;"
		echo "BEGIN;"
		sqlite3 "$DB" "SELECT 'DROP INDEX main.\"' || name || '\";' FROM sqlite_master
			WHERE type='index' AND tbl_name='$t' AND sql IS NOT NULL"
		echo "DROP TRIGGER main.$trig;"
		echo "INSERT INTO main.$t SELECT * FROM d.$t;"
		sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master
			WHERE type='index' AND tbl_name='$t' AND sql IS NOT NULL"
		if [ "$t" = processes ]; then
			echo "INSERT INTO processes_fts(rowid, code, name, name_zh, description, pain_points)
				SELECT id, code, name, name_zh, description, pain_points FROM main.processes;"
		else
			echo "UPDATE counters SET value=value+1 WHERE name='dependencies';"
		fi
		sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type='trigger' AND name='$trig'"
		echo "ANALYZE main.$t;"
		echo "COMMIT;"
	}
	: >"$ILOG"
	KINDS=(units people processes dependencies)
	# keep NAME: $T is the time of NAME in this run: the best of best[NAME] so far, added
	# to this run's $total and said in its $line
	keep() {
		best[$1]=$(min "${best[$1]:-}" "$T")
		total=$(add "$total" "$T")
		line+=" ${1#*_} ${T}s"
	}
	for ((run = 1; run <= RUNS; run++)); do
		rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.stamp" "$SQ" "$SQ-journal" "$SQ-wal"
		total=0
		line="  run $run: dti"
		timed "dti init" "$ILOG" "$DTI" --db "$DB" init
		keep dti_init
		for k in "${KINDS[@]}"; do
			timed "dti import $k" "$ILOG" "$DTI" --db "$DB" import "$k" "$DATA/$k.csv"
			keep "dti_$k"
		done
		best[dti_total]=$(min "${best[dti_total]:-}" "$total")
		echo "$line; total ${total}s"

		total=0
		line="  run $run: sqlite3"
		for k in "${KINDS[@]}"; do
			timed "sqlite3 .import $k" "$ILOG" sqlite3 -batch "$SQ" ".mode csv" \
				".import --csv \"$DATA/$k.csv\" $k"
			keep "sq_$k"
		done
		best[sq_total]=$(min "${best[sq_total]:-}" "$total")
		echo "$line; total ${total}s"

		# the floor: the SQLite work of dti's schema alone, without reading the CSV or
		# checking anything (sqlite3 copies the rows dti just stored into a new dti
		# database, as dti's bulk path does it: indexes and trigger dropped, rows in,
		# indexes and FTS5 built, ANALYZE, one commit in WAL mode)
		rm -f "$FL" "$FL-wal" "$FL-shm"
		"$DTI" --db "$FL" init >>"$ILOG" 2>&1 || die "dti init (floor) failed (see $ILOG)"
		sqlite3 -batch "$FL" "ATTACH '$DB' AS d; PRAGMA foreign_keys=OFF;" \
			"INSERT INTO units SELECT * FROM d.units; INSERT INTO people SELECT * FROM d.people;" \
			>>"$ILOG" 2>&1 || die "copying units and people (floor) failed (see $ILOG)"
		total=0
		line="  run $run: floor (sqlite3, dti's schema)"
		for k in processes dependencies; do
			floor_sql "$k" >"$OUT/floor-$k.sql"
			timed "floor $k" "$ILOG" sqlite3 -batch "$FL" ".read $OUT/floor-$k.sql"
			keep "fl_$k"
		done
		echo "$line"
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
	echo "$stamp" >"$DB.stamp"
	echo "  database sizes: dti $(du -h "$DB" | cut -f1) (indexes, FTS5), sqlite3 $(du -h "$SQ" | cut -f1) (plain tables)"
	echo
	echo "  best of $RUNS (seconds):"
	printf '  %-28s %10s %10s %8s %10s %8s %8s\n' "file" "dti" "sqlite3" "ratio" "floor" \
		"fl/sq" "dti/fl"
	R_PROC=$(ratio "${best[dti_processes]}" "${best[sq_processes]}")
	R_DEP=$(ratio "${best[dti_dependencies]}" "${best[sq_dependencies]}")
	R_IMPORT=$(ratio "${best[dti_total]}" "${best[sq_total]}")
	printf '  %-28s %10s %10s %8s\n' "init" "${best[dti_init]}" "-" "-"
	for k in "${KINDS[@]}"; do
		if [ -n "${best[fl_$k]:-}" ]; then
			printf '  %-28s %10s %10s %8s %10s %8s %8s\n' "$k.csv" "${best[dti_$k]}" \
				"${best[sq_$k]}" "$(ratio "${best[dti_$k]}" "${best[sq_$k]}")" "${best[fl_$k]}" \
				"$(ratio "${best[fl_$k]}" "${best[sq_$k]}")" "$(ratio "${best[dti_$k]}" "${best[fl_$k]}")"
		else
			printf '  %-28s %10s %10s %8s\n' "$k.csv" "${best[dti_$k]}" "${best[sq_$k]}" \
				"$(ratio "${best[dti_$k]}" "${best[sq_$k]}")"
		fi
	done
	printf '  %-28s %10s %10s %8s\n' "total (init + all four)" "${best[dti_total]}" "${best[sq_total]}" \
		"$R_IMPORT"
	echo "  ratio = dti / sqlite3, goal <= 2.00: processes $R_PROC, dependencies $R_DEP," \
		"total $R_IMPORT ($(verdict_le "$R_IMPORT" 2))"
	R_FLOOR=$(ratio "$(add "${best[fl_processes]}" "${best[fl_dependencies]}")" \
		"$(add "${best[sq_processes]}" "${best[sq_dependencies]}")")
	echo "  floor = the SQLite work of dti's schema alone (sqlite3 copying dti's stored rows into a"
	echo "  new dti database: its indexes, the FTS5 index, ANALYZE, the WAL commit; no CSV, no checks):"
	echo "  processes + dependencies: floor / sqlite3 = $R_FLOOR (the schema's own cost, below which no import of it goes),"
	echo "  dti / floor = $(ratio "$(add "${best[dti_processes]}" "${best[dti_dependencies]}")" \
		"$(add "${best[fl_processes]}" "${best[fl_dependencies]}")") (what reading, parsing and checking add)"
fi

# ensure_db: $DB holds the data of this run (when section 1 did not import it, imports
# it now, untimed; sections 2 and 3 add their accounts to it)
ensure_db() {
	local k
	if [ "$(cat "$DB.stamp" 2>/dev/null || true)" = "$stamp" ]; then return 0; fi
	echo "  importing the data into $DB (untimed: section 1 is not run)"
	rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.stamp"
	"$DTI" --db "$DB" init >"$OUT/import.log" 2>&1 || die "dti init failed (see $OUT/import.log)"
	for k in units people processes dependencies; do
		"$DTI" --db "$DB" import "$k" "$DATA/$k.csv" >>"$OUT/import.log" 2>&1 ||
			die "dti import $k failed (see $OUT/import.log)"
	done
	echo "$stamp" >"$DB.stamp"
}

# ---------------------------------------------------------------------------
# 2. HTTP list
# ---------------------------------------------------------------------------
if want http; then
	echo
	echo "== 2. HTTP list: dti serve (with and without its reply cache)  vs  mhd_static (same bytes)"
	ensure_db
	# shellcheck disable=SC2046  # the flags are meant to be split
	cc -O2 bench/mhd_static.c $(pkg-config --cflags --libs libmicrohttpd) -o "$OUT/mhd_static"
	QUERY="/api/v1/processes?limit=100"
	QUERY_F="/api/v1/processes?limit=100&nature=paper,manual&sort=-volume_per_year"

	# The API needs an account: a viewer with an API token, sent by every request (the
	# reference server ignores the header, so both get the same requests).
	DTI_PWHASH_FAST=1 "$DTI" --db "$DB" user add bench@example.org --role viewer \
		--name "Benchmark" --password-stdin <<<"only-for-measuring-Zq8x-77" >/dev/null 2>&1 || true
	TOKEN=$("$DTI" --db "$DB" token create --user bench@example.org --name bench | head -1)
	[ -n "$TOKEN" ] || die "could not create an API token for the benchmark"
	AUTH="Authorization: Bearer $TOKEN"
	export AUTH

	echo "dti serve: --threads $THREADS, DTI_LOG_LEVEL=$LOG_LEVEL; wrk -t2 -c64 -d${WRK_SECS}s --timeout 30s --latency" \
		"after a 2 s warm-up; one server at a time, each started on port 0 and stopped after its run"

	# a) and b): the same page with and without dti's reply cache, one reference
	BODY=$OUT/list-limit100.json
	echo
	echo "  GET $QUERY"
	start_dti cached cached
	get_page "$SRV_PORT" "$QUERY" "$BODY" "dti serve (cached)"
	measure dti "dti (reply cache)" "$SRV_PORT" "$QUERY"
	LOG_CACHED=$SRV_LOG
	cleanup

	start_dti uncached uncached
	get_page "$SRV_PORT" "$QUERY" "$OUT/list-limit100-uncached.json" "dti serve (uncached)"
	cmp -s "$BODY" "$OUT/list-limit100-uncached.json" ||
		die "dti serve answers GET $QUERY differently with and without its reply cache"
	echo "    the same bytes as with the reply cache"
	measure dti-uncached "dti uncached" "$SRV_PORT" "$QUERY"
	LOG_UNCACHED=$SRV_LOG
	cleanup

	start_ref mhd_static "$BODY" "$QUERY"
	measure ref "mhd_static" "$REF_PORT" "$QUERY"
	cleanup
	print_rows
	R_HTTP=$(ratio "${rps[dti]}" "${rps[ref]}")
	R_HTTP_NC=$(ratio "${rps[dti-uncached]}" "${rps[ref]}")
	echo "  ratio = dti (reply cache) / mhd_static requests/s, goal >= 0.50: $R_HTTP" \
		"($(verdict_ge "$R_HTTP" 0.5))"
	echo "  ratio uncached = dti uncached (DTI_NO_REPLY_CACHE=1) / mhd_static requests/s: $R_HTTP_NC" \
		"(no goal: every request runs the SQLite query and renders the JSON)"

	# c): a filtered, sorted page without the cache, against mhd_static serving its bytes
	BODY_F=$OUT/list-filtered.json
	echo
	echo "  GET $QUERY_F"
	start_dti filtered uncached
	get_page "$SRV_PORT" "$QUERY_F" "$BODY_F" "dti serve (filtered, uncached)"
	read -r total n_items verdict <<<"$(check_filtered "$BODY_F")"
	[ "$verdict" = ok ] || die "the filtered page $BODY_F is not filtered and sorted as asked"
	echo "    $n_items of $total matching processes, only paper and manual, by volume_per_year descending"
	measure dti-filtered "dti uncached" "$SRV_PORT" "$QUERY_F"
	LOG_FILTERED=$SRV_LOG
	cleanup

	start_ref mhd_static-filtered "$BODY_F" "$QUERY_F"
	measure ref-filtered "mhd_static" "$REF_PORT" "$QUERY_F"
	cleanup
	print_rows
	R_HTTP_F=$(ratio "${rps[dti-filtered]}" "${rps[ref-filtered]}")
	echo "  dti uncached, filtered and sorted: ${rps[dti-filtered]} requests/s, ${lat[dti-filtered]}" \
		"(ratio to mhd_static $R_HTTP_F, no goal)"
	echo
	echo "  (full wrk output: $OUT/wrk-{dti,dti-uncached,ref,dti-filtered,ref-filtered}.txt;" \
		"access log lines: cached $(wc -l <"$LOG_CACHED"), uncached $(wc -l <"$LOG_UNCACHED")," \
		"filtered $(wc -l <"$LOG_FILTERED"))"
fi

# ---------------------------------------------------------------------------
# 3. Browser: the inventory page in chromium, N_PROC processes vs the demo
# ---------------------------------------------------------------------------
# server_times NAME LOG: one table row of the access log's GET /api/v1/processes lines
# (count, median, p90, max of the server's own time, query strings are not logged)
server_times() {
	awk '$4 == "GET" && $5 == "/api/v1/processes" { v = $8; sub(/ms$/, "", v); print v + 0 }' "$2" |
		sort -n | awk -v name="$1" '{ t[++n] = $1 }
		END {
			if (n == 0) { printf "  %-18s %8d\n", name, 0; exit }
			i50 = int(0.5 * n + 0.999); i90 = int(0.9 * n + 0.999)
			printf "  %-18s %8d %9.1f %9.1f %9.1f\n", name, n, t[i50], t[i90], t[n]
		}'
}

if want browser; then
	echo
	BIG=$N_PROC
	if ((N_PROC % 1000 == 0)); then BIG="$((N_PROC / 1000))k"; fi
	echo "== 3. browser: the inventory page in chromium, $N_PROC processes ($BIG)  vs  the demo organisation (demo)"
	ensure_db
	# playwright-core, pinned by bench/package-lock.json, installed when the lock changes
	if ! cmp -s bench/package-lock.json bench/node_modules/.dti-lock 2>/dev/null; then
		echo "  installing the browser benchmark's packages (npm ci --prefix bench)"
		npm ci --prefix bench --no-audit --no-fund --loglevel=error >/dev/null ||
			die "npm ci --prefix bench failed"
		cp bench/package-lock.json bench/node_modules/.dti-lock
	fi
	DEMO_DB=$OUT/browser-demo.db
	rm -f "$DEMO_DB" "$DEMO_DB-wal" "$DEMO_DB-shm"
	DTI_PWHASH_FAST=1 "$DTI" --db "$DEMO_DB" demo >"$OUT/browser-demo.out" 2>&1 ||
		die "dti demo failed (see $OUT/browser-demo.out)"
	# One account in both databases, to log in with once per server.
	B_EMAIL=browser@example.org
	B_PASSWORD=only-for-measuring-Kp3w-52
	for db in "$DEMO_DB" "$DB"; do
		DTI_PWHASH_FAST=1 "$DTI" --db "$db" user add "$B_EMAIL" --role viewer --name "Browser benchmark" \
			--password-stdin <<<"$B_PASSWORD" >/dev/null 2>&1 || true
	done
	# The demo and the big database with the reply cache (as in production), and the big
	# one without it (every list computed afresh: what a page costs after a write).
	start_dti browser-demo cached "$DEMO_DB"
	URL_DEMO=http://127.0.0.1:$SRV_PORT/ LOG_B_DEMO=$SRV_LOG
	start_dti browser cached
	URL_BIG=http://127.0.0.1:$SRV_PORT/ LOG_B_BIG=$SRV_LOG
	start_dti browser-uncached uncached
	URL_BIG_NC=http://127.0.0.1:$SRV_PORT/ LOG_B_BIG_NC=$SRV_LOG
	echo "  $(chromium --version 2>/dev/null | head -1), playwright-core" \
		"$(node -p 'require("./bench/node_modules/playwright-core/package.json").version'), node $(node --version);" \
		"$B_RUNS runs after one warm-up round, every page from every server in turn"
	BENCH_BROWSER_RUNS=$B_RUNS BENCH_EMAIL=$B_EMAIL BENCH_PASSWORD=$B_PASSWORD \
		node bench/browser.mjs "$OUT/browser.json" "demo=$URL_DEMO" "$BIG=$URL_BIG" \
		"$BIG-uncached=$URL_BIG_NC" || die "the browser benchmark failed (see above)"
	cleanup
	echo
	echo "  the server's own time for GET /api/v1/processes (access logs, all pages and runs, ms):"
	printf '  %-18s %8s %9s %9s %9s\n' "server" "requests" "p50" "p90" "max"
	server_times demo "$LOG_B_DEMO"
	server_times "$BIG" "$LOG_B_BIG"
	server_times "$BIG-uncached" "$LOG_B_BIG_NC"
	# The goal of issue 4: interactive in under 1 s from navigation, at N_PROC processes.
	declare -A b_p50 b_p90 b_ratio
	while IFS=$'\t' read -r page server p50 p90 r _; do
		b_p50[$page/$server]=$p50 b_p90[$page/$server]=$p90 b_ratio[$page/$server]=$r
	done <"$OUT/browser-summary.tsv"
	B_PAGES=(plain filtered search cold)
	line=""
	for page in "${B_PAGES[@]}"; do
		line+="${line:+, }$page ${b_p50[$page/$BIG]}/${b_p90[$page/$BIG]}"
	done
	echo "  goal: interactive in < 1000 ms at $BIG processes (input p50/p90, ms): $line"
fi

# ---------------------------------------------------------------------------
# 4. Graph analyses: dti vs networkx and python-igraph on the same synthetic graphs
# ---------------------------------------------------------------------------
GDIR=$OUT/graph
# graph_data N: bench/gen_graph.py's files for N processes (regenerated only when the
# generator, seed or size change); sets GSTAMP
graph_data() {
	local n=$1
	GSTAMP="$(sha256sum bench/gen_graph.py | cut -c1-16) seed=$SEED processes=$n"
	if [ "$(cat "$GDIR/graph-$n.stamp" 2>/dev/null || true)" != "$GSTAMP" ]; then
		rm -rf "$GDIR/graph-$n" "$GDIR/graph-$n".*
		"$PY" bench/gen_graph.py "$GDIR" --processes "$n" --seed "$SEED" --csv ||
			die "gen_graph.py failed for $n processes"
		echo "$GSTAMP" >"$GDIR/graph-$n.stamp"
	fi
}

# graph_db N: the graph of N processes imported into a dti database of its own
# (out/graph/graph-N.db; kept while the data is the same); the import is timed for
# information. Sets GDB.
graph_db() {
	local n=$1 log=$GDIR/import-$1.log
	GDB=$GDIR/graph-$n.db
	graph_data "$n"
	if [ "$(cat "$GDB.stamp" 2>/dev/null || true)" = "$GSTAMP" ]; then
		echo "  database: reusing $GDB"
		return 0
	fi
	rm -f "$GDB" "$GDB-wal" "$GDB-shm" "$GDB.stamp"
	: >"$log"
	timed "dti init (graph)" "$log" "$DTI" --db "$GDB" init
	timed "dti import processes (graph)" "$log" "$DTI" --db "$GDB" import processes \
		"$GDIR/graph-$n/processes.csv"
	local tp=$T
	timed "dti import dependencies (graph)" "$log" "$DTI" --db "$GDB" import dependencies \
		"$GDIR/graph-$n/dependencies.csv"
	echo "  dti import into $GDB (not a goal): $n processes ${tp}s, $((5 * n)) dependencies ${T}s"
	# node i of the edge list is process id i + 1 (the API part relies on it)
	local bad
	bad=$(sqlite3 "$GDB" "SELECT count(*) FROM processes WHERE id != CAST(substr(code, 2) AS INTEGER) + 1")
	[ "$bad" = 0 ] || die "$GDB: $bad processes whose id is not their node + 1"
	echo "$GSTAMP" >"$GDB.stamp"
}

# graph_api N: dti serve on the graph of N processes, graph_api.py's requests; sets
# API_* from its RESULT lines
graph_api() {
	local n=$1 f=$GDIR/api-$1.txt token pid
	graph_db "$n"
	DTI_PWHASH_FAST=1 "$DTI" --db "$GDB" user add bench@example.org --role viewer \
		--name "Benchmark" --password-stdin <<<"only-for-measuring-Zq8x-77" >/dev/null 2>&1 || true
	token=$("$DTI" --db "$GDB" token create --user bench@example.org --name bench | head -1)
	[ -n "$token" ] || die "could not create an API token in $GDB"
	start_dti "graph-$n" uncached "$GDB"
	pid=${PIDS[${#PIDS[@]} - 1]}
	AUTH="Authorization: Bearer $token" "$PY" bench/graph_api.py "$SRV_PORT" "$n" \
		"$GDIR/graph-$n.edges" "$G_REQ" "$SEED" "$pid" "$THREADS" >"$f" ||
		die "the API benchmark on $n processes failed (see $f)"
	cleanup
	read -r API_FIRST <<<"$(awk '$2 == "api_first" { print $3 }' "$f")"
	read -r API_P50 API_P90 API_MAX API_N API_DESC <<<"$(awk '$2 == "api" { print $3, $4, $5, $6, $7 }' "$f")"
	read -r API_MORE API_NMORE <<<"$(awk '$2 == "api_more" { print $3, $4 }' "$f")"
	read -r RSS0 _ ANON0 _ <<<"$(awk '$2 == "rss_before" { print $3, $4, $5, $6 }' "$f")"
	read -r RSS1 HWM1 ANON1 FILE1 <<<"$(awk '$2 == "rss_one" { print $3, $4, $5, $6 }' "$f")"
	read -r RSS2 HWM2 ANON2 FILE2 <<<"$(awk '$2 == "rss_all" { print $3, $4, $5, $6 }' "$f")"
	echo "  GET /api/v1/processes/{id}/impact?limit=100 on $n processes ($API_N distinct random" \
		"processes, one keep-alive connection, DTI_NO_REPLY_CACHE=1; ~$API_DESC processes reached each;" \
		"every total checked against igraph):"
	echo "    first request (loads the graph): ${API_FIRST} ms; then p50 ${API_P50} ms, p90 ${API_P90} ms," \
		"max ${API_MAX} ms; $API_NMORE more on new connections (other threads load it too): max ${API_MORE} ms"
	echo "    dti serve memory (MiB): before: VmRSS ${RSS0} (RssAnon ${ANON0});" \
		"graph in one worker thread: RssAnon ${ANON1}, VmRSS ${RSS1} (peak VmHWM ${HWM1}, RssFile ${FILE1});" \
		"in all $THREADS worker threads: RssAnon ${ANON2}, VmRSS ${RSS2} (peak ${HWM2}, RssFile ${FILE2})"
	echo "    (RssAnon: the server's own memory; RssFile: the database file SQLite memory-maps, page" \
		"cache shared with the system, counted once per connection that maps it)"
}


if want graph; then
	echo
	echo "== 4. graph: dti (src/core/graph.c)  vs  networkx and python-igraph, the same graph and sources"
	cmake --build "$BUILD" --target graph_bench >"$OUT/graph_bench-build.log" 2>&1 ||
		die "could not build graph_bench (see $OUT/graph_bench-build.log)"
	mkdir -p "$GDIR"
	echo "  $("$PY" -c 'import networkx, igraph; print("networkx", networkx.__version__ + ", python-igraph", igraph.__version__)');" \
		"graph_bench (build type ${build_type:-unknown}); best of up to $G_REPS runs per analysis" \
		"(no more after one over 5 s); a reference run over ${G_CAP} s is skipped"
	GTSV=$GDIR/summary.tsv
	: >"$GTSV"
	G_MAX=0
	G_OK=ok
	for n in ${G_SIZES//,/ }; do
		graph_data "$n"
		if ((n > G_MAX)); then G_MAX=$n; fi
		base=$GDIR/graph-$n
		args=("$n" "$base.edges" "$base.sources" "$base.bsources" "$G_REPS")
		exact=()
		if ((n <= 10000)); then exact=(--exact-betweenness); fi
		label=$n
		if ((n % 1000 == 0)); then label="$((n / 1000))k"; fi
		if ((n % 1000000 == 0)); then label="$((n / 1000000))M"; fi
		echo
		echo "  $label processes, $((5 * n)) dependencies (bench/out/graph/graph-$n.edges):"
		"$BUILD/graph_bench" "${args[@]}" "${exact[@]}" >"$base.dti.txt" || die "graph_bench failed on $n"
		"$PY" bench/graph_igraph.py "${args[@]}" --cap "$G_CAP" "${exact[@]}" >"$base.igraph.txt" ||
			die "graph_igraph.py failed on $n"
		"$PY" bench/graph_networkx.py "${args[@]}" --cap "$G_CAP" "${exact[@]}" >"$base.networkx.txt" ||
			die "graph_networkx.py failed on $n"
		printf '  %-18s %8s %10s %11s %8s %11s %8s  %s\n' analysis size "dti s" "igraph s" "x igraph" \
			"networkx s" "x nx" "check"
		"$PY" bench/graph_report.py "$label" "$base.dti.txt" "$base.igraph.txt" "$base.networkx.txt" \
			"$GTSV" || G_OK="NOT VALID: a check disagrees"
	done
	echo
	echo "  x igraph, x nx: the reference's time / dti's (how many times faster dti is); goals: x nx >= 10" \
		"and x igraph >= 1 on every analysis. checks: $G_OK"

	# loading the biggest graph from the database, as the server does (goal: < 5 s)
	echo
	echo "  the biggest graph in dti's own database, $G_MAX processes:"
	graph_db "$G_MAX"
	"$BUILD/graph_bench" --db "$GDB" "$G_REPS" >"$GDIR/db-load-$G_MAX.txt" || die "graph_bench --db failed"
	read -r G_DBLOAD G_DBCHK <<<"$(awk '$2 == "db_load" { print $3, $4 " " $5 }' "$GDIR/db-load-$G_MAX.txt")"
	echo "  store_load_graph (SQLite read + graph_build): ${G_DBLOAD}s ($G_DBCHK), goal < 5 s at 1M:" \
		"$(verdict_le "$G_DBLOAD" 5)"

	# through the API: latency at G_API processes, memory at the biggest size
	echo
	graph_api "$G_API"
	G_API_P50=$API_P50 G_API_P90=$API_P90 G_API_FIRST=$API_FIRST
	if ((G_MAX != G_API)); then
		echo
		graph_api "$G_MAX"
	fi
	G_RSS2=$RSS2 G_HWM2=$HWM2 G_ANON2=$ANON2
	echo "  goals: impact p50 < 20 ms at $G_API processes: ${G_API_P50} ms ($(verdict_le "$G_API_P50" 20));" \
		"memory < 1024 MiB with $G_MAX processes: RssAnon ${G_ANON2} MiB ($(verdict_le "$G_ANON2" 1024));" \
		"VmRSS with the mapped database ${G_RSS2} MiB, peak ${G_HWM2} MiB ($(verdict_le "$G_HWM2" 1024))"
fi

# ---------------------------------------------------------------------------
# 5. Priorities: rankings of N_PROC processes and the portfolio MIP (issue 6)
# ---------------------------------------------------------------------------
PDIR=$OUT/priorities
PLOG=$PDIR/run.log
# prio_db NAME PROCESSES DEPENDENCIES PEOPLE [GEN_FLAGS...]: bench/gen_data.py
# --priorities data in out/priorities/NAME/ and its dti database out/priorities/NAME.db,
# both kept while the generator, seed and sizes are the same (the import is untimed
# set-up, its time printed for information); sets PDB and PDATA
prio_db() {
	local name=$1 n=$2 deps=$3 people=$4 k t0 line
	shift 4
	PDATA=$PDIR/$name PDB=$PDIR/$name.db
	local st
	st="$(sha256sum bench/gen_data.py | cut -c1-16) seed=$SEED processes=$n dependencies=$deps people=$people $*"
	if [ "$(cat "$PDATA/stamp" 2>/dev/null || true)" != "$st" ]; then
		rm -rf "$PDATA"
		"$PY" bench/gen_data.py "$PDATA" --seed "$SEED" --processes "$n" --dependencies "$deps" \
			--people "$people" --priorities "$@" | sed 's/^/  /' || die "gen_data.py failed ($name)"
		echo "$st" >"$PDATA/stamp"
	fi
	if [ "$(cat "$PDB.stamp" 2>/dev/null || true)" = "$st" ]; then
		echo "  database: reusing $PDB"
		return 0
	fi
	rm -f "$PDB" "$PDB-wal" "$PDB-shm" "$PDB.stamp"
	"$DTI" --db "$PDB" init >>"$PLOG" 2>&1 || die "dti init failed (see $PLOG)"
	line="  dti import into $PDB (set-up, untimed):"
	for k in units people processes dependencies criteria assessments; do
		t0=$(now_ns)
		"$DTI" --db "$PDB" import "$k" "$PDATA/$k.csv" >>"$PLOG" 2>&1 ||
			die "dti import $k failed (see $PLOG)"
		line+=" $k $(secs "$t0" "$(now_ns)")s"
	done
	echo "$line"
	echo "$st" >"$PDB.stamp"
}

# timed_ms OUT CMD...: runs CMD with its standard output in OUT (errors appended to
# PLOG); sets T_MS (wall milliseconds, process start to exit) and T_CPU (its user +
# system CPU milliseconds)
timed_ms() {
	local out=$1 rc=0 wall user sys
	shift
	{
		TIMEFORMAT='%3R %3U %3S'
		time "$@" >"$out" 2>>"$PLOG" || rc=$?
	} 2>"$PDIR/time.txt"
	if ((rc)); then
		echo "bench: $1 failed; the end of $PLOG:" >&2
		tail -20 "$PLOG" >&2
		exit 1
	fi
	read -r wall user sys <"$PDIR/time.txt"
	T_MS=$(awk -v w="$wall" 'BEGIN { printf "%.1f", w * 1000 }')
	T_CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", (u + s) * 1000 }')
}
# best_med V...: "BEST MEDIAN" of the numbers
best_med() { printf '%s\n' "$@" | sort -g | awk '{ v[++n] = $1 } END { printf "%s %s\n", v[1], v[int((n + 1) / 2)] }'; }
# prio_token DB: an API token of a viewer account in DB; sets AUTH
prio_token() {
	local token
	DTI_PWHASH_FAST=1 "$DTI" --db "$1" user add bench@example.org --role viewer \
		--name "Benchmark" --password-stdin <<<"only-for-measuring-Zq8x-77" >/dev/null 2>&1 || true
	token=$("$DTI" --db "$1" token create --user bench@example.org --name bench 2>>"$PLOG" | head -1)
	[ -n "$token" ] || die "could not create an API token in $1"
	AUTH="Authorization: Bearer $token"
	export AUTH
}
# server_ms LOG PATH: the server's own time of the requests to PATH in its access log,
# "FIRST P50" (ms)
server_ms() {
	local times first med
	times=$(awk -v path="$2" '$5 == path { v = $8; sub(/ms$/, "", v); print v + 0 }' "$1")
	first=$(head -1 <<<"$times")
	med=$(tail -n +2 <<<"$times" | sort -g | awk '{ v[++n] = $1 } END { print n ? v[int((n + 1) / 2)] : "-" }')
	echo "${first:--} $med"
}

if want priorities; then
	echo
	echo "== 5. priorities: ranking $N_PROC processes (dti serve, dti rank)  vs  sqlite3 and numpy;" \
		"the portfolio of $P_CAND candidates (API)  vs  dti portfolio"
	mkdir -p "$PDIR"
	: >"$PLOG"
	echo "  $("$PY" -c 'import numpy; print("numpy", numpy.__version__)'), sqlite3 shell $(sqlite3 --version | cut -d' ' -f1)," \
		"$P_RUNS runs of each command (best and median), $P_REQ warm requests per method;" \
		"dti serve --threads $THREADS with DTI_NO_REPLY_CACHE=1 (every reply is computed)"

	# ---- (a) the ranking ----
	prio_db rank "$N_PROC" "$N_DEP" 500
	RDB=$PDB
	n_ass=$(sqlite3 "$RDB" "SELECT count(*) FROM assessments WHERE deleted_at IS NULL")
	n_ranked=$(sqlite3 "$RDB" "SELECT count(DISTINCT process_id) FROM assessments WHERE deleted_at IS NULL")
	echo "  $n_ranked assessed processes, $(sqlite3 "$RDB" "SELECT count(*) FROM criteria WHERE deleted_at IS NULL")" \
		"criteria (5 benefits, 3 costs, the demo's weights), $n_ass assessments by 2 assessors"
	# The reference of the cold path: the same weighted sum by SQLite alone, in one query
	# (every process is scored on every criterion, so no midpoint stands in for a
	# missing mean).
	RANK_SQL="WITH w AS (SELECT id, direction, weight / (SELECT sum(weight) FROM criteria
		WHERE deleted_at IS NULL) AS w FROM criteria WHERE deleted_at IS NULL),
	g AS (SELECT process_id, criterion_id, avg(score) AS mean FROM assessments
		WHERE deleted_at IS NULL GROUP BY process_id, criterion_id),
	r AS (SELECT p.id AS id, p.code AS code, sum(w.w * CASE w.direction WHEN 'cost'
		THEN (5 - g.mean) / 4 ELSE (g.mean - 1) / 4 END) AS s
		FROM g JOIN w ON w.id = g.criterion_id
		JOIN processes p ON p.id = g.process_id AND p.deleted_at IS NULL
		GROUP BY p.id ORDER BY s DESC, p.id LIMIT 50)
	SELECT code, printf('%.17g', s) FROM r ORDER BY s DESC, id;"
	# Each run: the sqlite3 query, dti rank (wsm, topsis), and for each method a dti
	# serve started afresh: its first ranking request, then P_REQ warm ones.
	prio_token "$RDB"
	declare -A wall cpu pbest pmed pcpu
	for m in wsm topsis; do : >"$PDIR/api-$m.times"; done
	for ((run = 1; run <= P_RUNS; run++)); do
		timed_ms "$PDIR/rank-sqlite3.txt" sqlite3 -batch "$RDB" "$RANK_SQL"
		wall[sq]+=" $T_MS" cpu[sq]+=" $T_CPU"
		for m in wsm topsis; do
			timed_ms "$PDIR/rank-cli-$m.json" "$DTI" --db "$RDB" rank --json --limit 50 --method "$m"
			wall[cli-$m]+=" $T_MS" cpu[cli-$m]+=" $T_CPU"
		done
		for m in wsm topsis; do
			start_dti "rank-$m" uncached "$RDB" >>"$PLOG"
			"$PY" bench/priorities.py api "$SRV_PORT" "$P_REQ" "$m" 50 "$PDIR/rank-api-$m.json" \
				"$PDIR/api-$m.times" "${PIDS[${#PIDS[@]} - 1]}" >"$PDIR/api-$m.txt" ||
				die "the ranking requests ($m) failed"
			cleanup
			read -r w c <<<"$(awk '$2 == "api_first" { print $3, $4 }' "$PDIR/api-$m.txt")"
			wall[first-$m]+=" $w" cpu[first-$m]+=" $c"
			cpu[warm-$m]+=" $(awk '$2 == "api_cpu" { print $3 }' "$PDIR/api-$m.txt")"
			read -r first_srv _ <<<"$(server_ms "$SRV_LOG" /api/v1/analysis/ranking)"
			wall[srv-$m]+=" $first_srv"
		done
	done
	# numpy on the mean matrix in memory: the compute-only reference of the warm path
	"$PY" bench/priorities.py ref "$RDB" 20 "$PDIR/numpy" >"$PDIR/numpy.txt" ||
		die "the numpy reference failed"
	read -r NP_WSM NP_WSM_MED <<<"$(awk '$2 == "numpy_wsm" { print $3, $4 }' "$PDIR/numpy.txt")"
	read -r NP_TOP NP_TOP_MED <<<"$(awk '$2 == "numpy_topsis" { print $3, $4 }' "$PDIR/numpy.txt")"
	NP_LOAD=$(awk '$2 == "load" { print $3 }' "$PDIR/numpy.txt")
	# every side's top 50 against numpy's scores of every process
	P_CHECK=ok
	"$PY" bench/priorities.py check wsm "$PDIR/numpy" 50 "sqlite3=$PDIR/rank-sqlite3.txt" \
		"dti-rank=$PDIR/rank-cli-wsm.json" "api=$PDIR/rank-api-wsm.json" >"$PDIR/check.txt" || P_CHECK=WRONG
	"$PY" bench/priorities.py check topsis "$PDIR/numpy" 50 "dti-rank-topsis=$PDIR/rank-cli-topsis.json" \
		"api-topsis=$PDIR/rank-api-topsis.json" >>"$PDIR/check.txt" || P_CHECK=WRONG
	checks=$(awk '$2 == "check" { printf "%s%s %s (%d/%d as numpy orders ties)", sep, $3, $4, $5, $6; sep = ", " }' \
		"$PDIR/check.txt")

	# shellcheck disable=SC2086  # the lists are meant to be split
	{
		for k in sq cli-wsm cli-topsis first-wsm first-topsis srv-wsm srv-topsis; do
			read -r pbest[$k] pmed[$k] <<<"$(best_med ${wall[$k]})"
		done
		for k in sq cli-wsm cli-topsis first-wsm first-topsis warm-wsm warm-topsis; do
			read -r pcpu[$k] _ <<<"$(best_med ${cpu[$k]})"
		done
	}
	declare -A p50 p90 pmax
	for m in wsm topsis; do
		read -r _ _ p50[$m] p90[$m] pmax[$m] _ <<<"$("$PY" bench/priorities.py pct "$PDIR/api-$m.times")"
	done
	R_COLD=$(ratio "${pbest[first-wsm]}" "${pbest[sq]}")
	R_CLI=$(ratio "${pbest[cli-wsm]}" "${pbest[sq]}")
	R_WARM=$(ratio "${p50[wsm]}" "$NP_WSM_MED")
	R_WARM_T=$(ratio "${p50[topsis]}" "$NP_TOP_MED")
	echo
	echo "  cold: reading and aggregating the assessments, top 50 (ms; best and median of $P_RUNS;" \
		"wall at the client or from the command's start to its exit, cpu: user + system of that process)"
	PF='  %-58s %9s %9s %9s %8s %8s\n'
	# shellcheck disable=SC2059
	{
		printf "$PF" "" "wall best" "median" "cpu best" "ratio" "cpu"
		printf "$PF" "dti serve: first GET ranking?method=wsm after its start" "${pbest[first-wsm]}" \
			"${pmed[first-wsm]}" "${pcpu[first-wsm]}" "$R_COLD" "$(ratio "${pcpu[first-wsm]}" "${pcpu[sq]}")"
		printf "$PF" "dti serve: first GET ranking?method=topsis after its start" "${pbest[first-topsis]}" \
			"${pmed[first-topsis]}" "${pcpu[first-topsis]}" "$(ratio "${pbest[first-topsis]}" "${pbest[sq]}")" \
			"$(ratio "${pcpu[first-topsis]}" "${pcpu[sq]}")"
		printf "$PF" "dti rank --json --limit 50" "${pbest[cli-wsm]}" "${pmed[cli-wsm]}" "${pcpu[cli-wsm]}" \
			"$R_CLI" "$(ratio "${pcpu[cli-wsm]}" "${pcpu[sq]}")"
		printf "$PF" "dti rank --json --limit 50 --method topsis" "${pbest[cli-topsis]}" "${pmed[cli-topsis]}" \
			"${pcpu[cli-topsis]}" "$(ratio "${pbest[cli-topsis]}" "${pbest[sq]}")" \
			"$(ratio "${pcpu[cli-topsis]}" "${pcpu[sq]}")"
		printf "$PF" "reference: sqlite3 shell, the weighted sum in one query" "${pbest[sq]}" "${pmed[sq]}" \
			"${pcpu[sq]}" "" ""
	}
	echo "  ratio = dti / sqlite3 (best wall; cpu: best cpu); the server's own time for its first request" \
		"(access log), best: wsm ${pbest[srv-wsm]}, topsis ${pbest[srv-topsis]}"
	echo
	echo "  warm: the aggregates kept by the worker thread, each request ranks all $n_ranked afresh" \
		"($((P_RUNS * P_REQ)) requests per method, $P_REQ after each start; ms at the client)"
	PF='  %-58s %9s %9s %9s %8s %8s\n'
	# shellcheck disable=SC2059
	{
		printf "$PF" "" "p50" "p90" "max" "cpu/req" "ratio"
		printf "$PF" "dti serve: GET ranking?method=wsm&limit=50" "${p50[wsm]}" "${p90[wsm]}" "${pmax[wsm]}" \
			"${pcpu[warm-wsm]}" "$R_WARM"
		printf "$PF" "dti serve: GET ranking?method=topsis&limit=50" "${p50[topsis]}" "${p90[topsis]}" \
			"${pmax[topsis]}" "${pcpu[warm-topsis]}" "$R_WARM_T"
		printf "$PF" "reference: numpy WSM, scores and order (best, median of 20)" "$NP_WSM" "$NP_WSM_MED" "" "" ""
		printf "$PF" "reference: numpy TOPSIS, the same" "$NP_TOP" "$NP_TOP_MED" "" "" ""
	}
	echo "  ratio = dti p50 / numpy median; numpy computes from the $n_ranked x 8 mean matrix already in" \
		"memory (reading it took ${NP_LOAD} ms, not counted); cpu/req: the server's CPU per request (mean, best run)"
	echo "  top 50 checked against numpy's score of every process (the same score within 1e-9, in order," \
		"nobody with a better score left out; ties may fall either way): $checks"
	echo "  goal: ranking $N_PROC processes < 200 ms: warm p90 wsm ${p90[wsm]} ms" \
		"($(verdict_le "${p90[wsm]}" 200)), topsis ${p90[topsis]} ms ($(verdict_le "${p90[topsis]}" 200));" \
		"cold, first request ${pbest[first-wsm]} ms ($(verdict_le "${pbest[first-wsm]}" 200)), dti rank" \
		"${pbest[cli-wsm]} ms ($(verdict_le "${pbest[cli-wsm]}" 200))"

	# ---- (b) the portfolio ----
	echo
	prio_db portfolio "$P_CAND" "$((2 * P_CAND))" 100 --clusters
	FDB=$PDB
	read -r P_BUDGET P_HOURS <<<"$(sqlite3 -separator ' ' "$FDB" "SELECT printf('%.0f', sum(change_cost) / 4),
		printf('%.0f', sum(change_hours) / 4) FROM processes WHERE deleted_at IS NULL")"
	n_prereq=$(sqlite3 "$FDB" "SELECT count(*) FROM dependencies WHERE deleted_at IS NULL AND
		kind IN ('feeds', 'triggers') AND strength >= 2")
	read -r n_clusters n_in_clusters <<<"$("$DTI" --db "$FDB" clusters 2>/dev/null |
		awk '/^cluster [0-9]+:/ { n++; s += $3 } END { print n + 0, s + 0 }')"
	echo "  $P_CAND processes, all assessed, none under way, all with change_cost and change_hours;" \
		"$n_clusters clusters ($n_in_clusters processes), $n_prereq prerequisite links (feeds, triggers of strength 2-3);" \
		"budget $P_BUDGET and $P_HOURS staff hours (a quarter of the totals), no period"
	prio_token "$FDB"
	start_dti portfolio uncached "$FDB" >>"$PLOG"
	"$PY" bench/priorities.py portfolio "$SRV_PORT" "$P_RUNS" "$P_BUDGET" "$P_HOURS" \
		"$PDIR/portfolio-api.json" "${PIDS[${#PIDS[@]} - 1]}" >"$PDIR/portfolio-api.txt" ||
		die "the portfolio requests failed"
	cleanup
	echo
	PF2='  %-34s %9s %9s %9s  %-9s %10s %9s %10s\n'
	# shellcheck disable=SC2059
	printf "$PF2" "(ms)" "wall" "cpu" "solve_ms" "status" "value" "selected" "candidates"
	declare -a t_papi=() c_papi=() s_papi=() t_pcli=() c_pcli=() s_pcli=()
	while read -r _ _ i w c solve st _ val sel cand; do
		# shellcheck disable=SC2059
		printf "$PF2" "POST portfolio, run $i" "$w" "$c" "$solve" "$st" "$val" "$sel" "$cand"
		t_papi+=("$w") c_papi+=("$c") s_papi+=("$solve")
		P_NCAND=$cand P_VALUE=$val P_STATUS=$st
	done < <(grep '^RESULT portfolio_run' "$PDIR/portfolio-api.txt")
	for ((run = 1; run <= P_RUNS; run++)); do
		timed_ms "$PDIR/portfolio-cli.json" "$DTI" --db "$FDB" portfolio --budget "$P_BUDGET" \
			--hours "$P_HOURS" --json
		read -r solve st val sel cand <<<"$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
t = d["totals"]
print("%.1f %s %.1f %d %d" % (d["solve_ms"], d["status"], t["value"], t["selected"], t["candidates"]))' \
			"$PDIR/portfolio-cli.json")"
		# shellcheck disable=SC2059
		printf "$PF2" "dti portfolio --json, run $run" "$T_MS" "$T_CPU" "$solve" "$st" "$val" "$sel" "$cand"
		t_pcli+=("$T_MS") c_pcli+=("$T_CPU") s_pcli+=("$solve")
		if [ "$st" = optimal ] && [ "$P_STATUS" = optimal ] && [ "$val" != "$P_VALUE" ]; then
			P_CHECK="WRONG (the CLI's optimum $val differs from the API's $P_VALUE)"
		fi
	done
	read -r PA_BEST PA_MED <<<"$(best_med "${t_papi[@]}")"
	read -r PAC_BEST _ <<<"$(best_med "${c_papi[@]}")"
	read -r PS_BEST PS_MED <<<"$(best_med "${s_papi[@]}")"
	read -r PC_BEST PC_MED <<<"$(best_med "${t_pcli[@]}")"
	read -r PCC_BEST _ <<<"$(best_med "${c_pcli[@]}")"
	read -r PCS_BEST PCS_MED <<<"$(best_med "${s_pcli[@]}")"
	[ "$P_NCAND" = "$P_CAND" ] || echo "  NOTE: $P_NCAND candidates, not $P_CAND as designed"
	echo "  each request and command solves 5 MIPs (the choice, then without the budget, the hours, the clusters," \
		"the prerequisites; solve_ms is their sum); the first request also reads the assessments and the graph;" \
		"time limit per MIP: the API's default 20 s, the command's 60 s"
	echo "  ratio = API / dti portfolio (best): wall $(ratio "$PA_BEST" "$PC_BEST"), cpu $(ratio "$PAC_BEST" "$PCC_BEST")," \
		"solve_ms $(ratio "$PS_BEST" "$PCS_BEST")"
	echo "  goal: portfolio of $P_CAND candidates with clusters < 5 s: API solve_ms median $PS_MED ms" \
		"($(verdict_le "$PS_MED" 5000); best $PS_BEST), dti portfolio solve_ms median $PCS_MED ms" \
		"($(verdict_le "$PCS_MED" 5000)); wall: API median $PA_MED ms, dti portfolio median $PC_MED ms;" \
		"CPU, best: the server over a whole request $PAC_BEST ms, dti portfolio $PCC_BEST ms (solve_ms is wall" \
		"time: on a loaded machine it runs ahead of the CPU time)"
	if [ -f bench/portfolio_bench.c ] && grep -q portfolio_bench CMakeLists.txt; then
		echo
		echo "  bench/portfolio_bench.c (portfolio_solve on its own instance of $P_CAND, against plain glp_intopt):"
		cmake --build "$BUILD" --target portfolio_bench >"$PDIR/portfolio_bench-build.log" 2>&1 ||
			die "could not build portfolio_bench (see $PDIR/portfolio_bench-build.log)"
		"$BUILD/portfolio_bench" "$P_CAND" "$SEED" 1 60 >"$PDIR/portfolio_bench.txt" 2>&1 ||
			echo "  portfolio_bench failed or found a disagreement (see $PDIR/portfolio_bench.txt)"
		sed 's/^/    /' "$PDIR/portfolio_bench.txt"
	else
		echo "  (bench/portfolio_bench.c is not in this tree: the solver's own benchmark is not run)"
	fi
fi

# ---------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------
echo
echo "== summary"
printf '  %-44s %12s %12s %8s %8s  %s\n' "benchmark" "dti" "reference" "ratio" "goal" "verdict"
if want import; then
	printf '  %-44s %11ss %11ss %8s %8s  %s\n' "import $N_PROC processes + $N_DEP deps (total)" \
		"${best[dti_total]}" "${best[sq_total]}" "$R_IMPORT" "<= 2.00" "$(verdict_le "$R_IMPORT" 2)"
	printf '  %-44s %12s %12s %8s %8s  %s\n' "  of which processes.csv" "${best[dti_processes]}s" \
		"${best[sq_processes]}s" "$R_PROC" "" ""
	printf '  %-44s %12s %12s %8s %8s  %s\n' "  of which dependencies.csv" "${best[dti_dependencies]}s" \
		"${best[sq_dependencies]}s" "$R_DEP" "" ""
fi
if want http; then
	printf '  %-44s %12s %12s %8s %8s  %s\n' "GET /processes?limit=100 (requests/s)" "${rps[dti]}" \
		"${rps[ref]}" "$R_HTTP" ">= 0.50" "$(verdict_ge "$R_HTTP" 0.5) (dti ${lat[dti]}${bad[dti]}${bad[ref]})"
	printf '  %-44s %12s %12s %8s %8s  %s\n' "  same, uncached (DTI_NO_REPLY_CACHE=1)" \
		"${rps[dti-uncached]}" "${rps[ref]}" "$R_HTTP_NC" "-" "no goal (dti ${lat[dti-uncached]}${bad[dti-uncached]}${bad[ref]})"
	printf '  %-44s %12s %12s %8s %8s  %s\n' "GET filtered + sorted (*), uncached (req/s)" \
		"${rps[dti-filtered]}" "${rps[ref-filtered]}" "$R_HTTP_F" "-" \
		"no goal (dti ${lat[dti-filtered]}${bad[dti-filtered]}${bad[ref-filtered]})"
	echo "  (*) GET $QUERY_F"
fi
if want browser; then
	for srv in "$BIG" "$BIG-uncached"; do
		for page in "${B_PAGES[@]}"; do
			printf '  %-44s %10sms %10sms %8s %8s  %s\n' "browser: $page, $srv (input p50)" \
				"${b_p50[$page/$srv]}" "${b_p50[$page/demo]}" "${b_ratio[$page/$srv]}" "< 1000ms" \
				"$(verdict_ms "${b_p50[$page/$srv]}" "${b_p90[$page/$srv]}")"
		done
	done
	echo "  (browser: ms from navigation start until the search box answers a keystroke, the table shown)"
fi
if want graph; then
	# the worst speed-up over each reference, per analysis, over the sizes run
	"$PY" - "$GTSV" <<'PYEOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
for ref, goal in (("networkx", 10.0), ("igraph", 1.0)):
    for name in ("load", "impact", "clusters", "waves", "betweenness", "betweenness_exact"):
        mine = [r for r in rows if r[0] == name and r[2] == ref]
        if not mine:
            continue
        got = [(float(r[5].lstrip(">")), r[5], r[1]) for r in mine if r[5]]
        none = [r[1] + ": " + r[6] for r in mine if not r[5]]
        if got:
            low = min(got)
            verdict = "meets goal" if low[0] >= goal else "MISSES goal"
            if low[1].startswith(">") and low[0] < goal:
                verdict = "unknown (capped)"
            detail = ", ".join("%s %s" % (g[2], g[1]) for g in got)
            print("  %-44s %12s %12s %8s %8s  %s (%s)" % ("graph %s: x %s (worst size)" % (name, ref),
                  "", "", low[1], ">= %g" % goal, verdict, detail))
        elif none:
            print("  %-44s %12s %12s %8s %8s  %s" % ("graph %s: x %s" % (name, ref), "", "", "-",
                  ">= %g" % goal, "no figure: " + "; ".join(none)[:60]))
PYEOF
	printf '  %-44s %11sms %12s %8s %8s  %s\n' "graph: API impact p50, $G_API processes" "$G_API_P50" "" "" \
		"< 20ms" "$(verdict_le "$G_API_P50" 20) (p90 $G_API_P90 ms; first request $G_API_FIRST ms)"
	printf '  %-44s %11ss %12s %8s %8s  %s\n' "graph: store_load_graph, $G_MAX processes" "$G_DBLOAD" "" "" \
		"< 5s" "$(verdict_le "$G_DBLOAD" 5)"
	printf '  %-44s %10sMiB %12s %8s %8s  %s\n' "graph: dti serve memory (RssAnon), $G_MAX" "$G_ANON2" "" "" \
		"< 1GiB" "$(verdict_le "$G_ANON2" 1024) (graph in all $THREADS threads)"
	printf '  %-44s %10sMiB %12s %8s %8s  %s\n' "graph: dti serve VmHWM (+ mapped db), $G_MAX" "$G_HWM2" "" "" \
		"< 1GiB" "$(verdict_le "$G_HWM2" 1024) (VmRSS $G_RSS2 MiB after; counts the mmap of the database per thread)"
	echo "  (graph: x REF = the reference's time / dti's; references networkx and python-igraph on the same" \
		"graph; checks $G_OK)"
fi
if want priorities; then
	printf '  %-44s %11sms %11sms %8s %8s  %s\n' "ranking $N_PROC: API warm p50, wsm" "${p50[wsm]}" \
		"$NP_WSM_MED" "$R_WARM" "< 200ms" "$(verdict_le "${p90[wsm]}" 200) at p90 (${p90[wsm]} ms; ref numpy)"
	printf '  %-44s %11sms %11sms %8s %8s  %s\n' "ranking $N_PROC: API warm p50, topsis" "${p50[topsis]}" \
		"$NP_TOP_MED" "$R_WARM_T" "< 200ms" "$(verdict_le "${p90[topsis]}" 200) at p90 (${p90[topsis]} ms; ref numpy)"
	printf '  %-44s %11sms %11sms %8s %8s  %s\n' "ranking $N_PROC: API first request, wsm" "${pbest[first-wsm]}" \
		"${pbest[sq]}" "$R_COLD" "< 200ms" "$(verdict_le "${pbest[first-wsm]}" 200) (ref sqlite3 query)"
	printf '  %-44s %11sms %11sms %8s %8s  %s\n' "ranking $N_PROC: dti rank --json" "${pbest[cli-wsm]}" \
		"${pbest[sq]}" "$R_CLI" "< 200ms" "$(verdict_le "${pbest[cli-wsm]}" 200) (ref sqlite3 query)"
	printf '  %-44s %11sms %11sms %8s %8s  %s\n' "portfolio $P_CAND: API solve_ms (median)" "$PS_MED" \
		"$PCS_MED" "$(ratio "$PS_MED" "$PCS_MED")" "< 5000ms" \
		"$(verdict_le "$PS_MED" 5000) (wall median $PA_MED ms; ref: dti portfolio's solve_ms)"
	echo "  (priorities: top 50 checks $P_CHECK)"
fi
echo "  (references: import, sqlite3 shell .import --csv; HTTP, bench/mhd_static.c serving the" \
	"bytes of the same reply; browser, the same pages of the demo organisation)"
echo "  load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "report saved to $OUT/last-run.txt"
