#!/usr/bin/python3
"""priorities.py — the helpers of bench/run.sh section 5 (priorities, issue 6), on
Debian's /usr/bin/python3 with python3-numpy. Prints RESULT lines for run.sh.

  priorities.py ref DB RUNS PREFIX
      The compute-only reference of a ranking: reads each process's mean score per
      criterion from the dti database DB (python's sqlite3, untimed) into a numpy
      matrix, then times RUNS times each: WSM (u = (s-1)/4 for a benefit, (5-s)/4 for
      a cost, weighted with the criteria's weights normalised to 1, summed) and
      TOPSIS (vector normalisation, weighted, closeness to the ideal against the
      anti-ideal), each followed by the order of all processes, best first, ties by
      id (a stable sort), as dti does. Writes PREFIX-codes.txt and PREFIX-{wsm,
      topsis}.npy (every process's score, for `check`).
      RESULT load MS N_PROC N_CRIT; RESULT numpy_METHOD BEST_MS MEDIAN_MS

  priorities.py api PORT REQUESTS METHOD LIMIT OUT TIMES SERVER_PID
      GET /api/v1/analysis/ranking?method=METHOD&limit=LIMIT from a running dti serve
      (env AUTH: the Authorization header line), all on one keep-alive connection
      (one worker thread): the first request (that thread reads and aggregates the
      assessments), then REQUESTS more, each timed at the client until the whole
      reply is read; also the server's CPU time (user + system, /proc/PID/stat) over
      the first request and over the others. Saves the last reply in OUT, appends
      the warm requests' times (ms) to TIMES, one a line.
      RESULT api_first WALL_MS CPU_MS; RESULT api_cpu MEAN_CPU_MS_PER_REQUEST

  priorities.py pct TIMES
      RESULT pct P50 P90 MAX N of the times in TIMES (one a line).

  priorities.py check METHOD PREFIX LIMIT NAME=FILE ...
      Every FILE (a dti reply or `dti rank --json` output: JSON; or the sqlite3
      shell's `code|score` lines: anything else) must be a top LIMIT of PREFIX's
      scores: the same score (within 1e-9) for every code it lists, in
      non-increasing order, and nobody left out with a higher score (more than 1e-9)
      than its last one. Positions where a file lists another code than numpy's own
      order are counted: they are ties (scores within 1e-9) broken another way.
      RESULT check NAME ok|WRONG SAME_POSITIONS LIMIT; exit 1 when one is WRONG.

  priorities.py portfolio PORT RUNS BUDGET HOURS OUT SERVER_PID
      POST /api/v1/analysis/portfolio {"budget","hours"} RUNS times on one keep-alive
      connection, each timed at the client, with the server's CPU time over it; the
      reply's solve_ms, status, gap and totals. Saves the first reply in OUT (the
      others must choose the same value when optimal).
      RESULT portfolio_run I WALL_MS CPU_MS SOLVE_MS STATUS GAP VALUE SELECTED CANDIDATES
"""
import http.client
import json
import os
import sqlite3
import statistics
import sys
import time

TOL = 1e-9


def connect(port):
    return http.client.HTTPConnection("127.0.0.1", int(port), timeout=900)


def auth():
    return {"Authorization": os.environ["AUTH"].split(": ", 1)[1]}


def pct(times, p):
    s = sorted(times)
    return s[min(len(s) - 1, int(p * len(s) + 0.999) - 1)]


# ---- ref ----

def load(db):
    import numpy as np
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    crit = con.execute("SELECT id, direction, weight FROM criteria WHERE deleted_at IS NULL "
                       "ORDER BY position, id").fetchall()
    col = {cid: k for k, (cid, _, _) in enumerate(crit)}
    rows = con.execute(
        "SELECT p.id, p.code, g.criterion_id, g.mean FROM (SELECT process_id, criterion_id, "
        "avg(score) AS mean FROM assessments WHERE deleted_at IS NULL GROUP BY process_id, "
        "criterion_id) g JOIN processes p ON p.id = g.process_id AND p.deleted_at IS NULL "
        "JOIN criteria c ON c.id = g.criterion_id AND c.deleted_at IS NULL ORDER BY p.id").fetchall()
    con.close()
    codes, index = [], {}
    for pid, code, _, _ in rows:
        if pid not in index:
            index[pid] = len(codes)
            codes.append(code)
    x = np.full((len(codes), len(crit)), 3.0)  # nobody scored it: the midpoint, as dti
    for pid, _, cid, mean in rows:
        x[index[pid], col[cid]] = mean
    cost = np.array([d == "cost" for _, d, _ in crit])
    w = np.array([wt for _, _, wt in crit], dtype=float)
    return codes, x, cost, w / w.sum()


def wsm(np, x, cost, w):
    u = np.where(cost, (5.0 - x) / 4.0, (x - 1.0) / 4.0)
    s = u @ w
    return s, np.argsort(-s, kind="stable")


def topsis(np, x, cost, w):
    norm = np.sqrt((x * x).sum(axis=0))
    v = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0) * w
    hi, lo = v.max(axis=0), v.min(axis=0)
    best, worst = np.where(cost, lo, hi), np.where(cost, hi, lo)
    dp = np.sqrt(((v - best) ** 2).sum(axis=1))
    dm = np.sqrt(((v - worst) ** 2).sum(axis=1))
    tot = dp + dm
    s = np.divide(dm, tot, out=np.full_like(dm, 0.5), where=tot > 0)
    return s, np.argsort(-s, kind="stable")


def ref(db, runs, prefix):
    import numpy as np
    t0 = time.perf_counter()
    codes, x, cost, w = load(db)
    print("RESULT load %.1f %d %d" % ((time.perf_counter() - t0) * 1000, x.shape[0], x.shape[1]))
    with open(prefix + "-codes.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(codes) + "\n")
    for name, fn in (("wsm", wsm), ("topsis", topsis)):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            s, order = fn(np, x, cost, w)
            top = order[:50].copy()
            times.append((time.perf_counter() - t0) * 1000)
        del top
        np.save(prefix + "-" + name + ".npy", s)
        print("RESULT numpy_%s %.2f %.2f" % (name, min(times), statistics.median(times)))


# ---- api ----

def cpu_ms(pid):
    """user + system CPU time of process pid so far, in ms"""
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")


def api(port, requests, method, limit, out, times_file, pid):
    path = "/api/v1/analysis/ranking?method=%s&limit=%d" % (method, limit)
    h = auth()
    conn = connect(port)

    def get():
        t0 = time.perf_counter()
        conn.request("GET", path, headers=h)
        r = conn.getresponse()
        body = r.read()
        t = (time.perf_counter() - t0) * 1000
        if r.status != 200:
            sys.exit("priorities: GET %s answered %d: %s" % (path, r.status, body[:300]))
        if r.will_close:
            sys.exit("priorities: dti serve closes the connection after GET %s" % path)
        return t, body

    c0 = cpu_ms(pid)
    first, body = get()
    c1 = cpu_ms(pid)
    times = []
    for _ in range(requests):
        t, body = get()
        times.append(t)
    c2 = cpu_ms(pid)
    conn.close()
    d = json.loads(body)
    if len(d["items"]) != min(limit, d["total"]) or d["method"] != method:
        sys.exit("priorities: the ranking reply has %d items of %d, method %s"
                 % (len(d["items"]), d["total"], d["method"]))
    with open(out, "wb") as f:
        f.write(body)
    with open(times_file, "a", encoding="utf-8") as f:
        f.write("".join("%.2f\n" % t for t in times))
    print("RESULT api_first %.1f %.0f" % (first, c1 - c0))
    print("RESULT api_cpu %.1f" % ((c2 - c1) / requests))


# ---- check ----

def read_list(path):
    text = open(path, encoding="utf-8").read()
    if text.lstrip().startswith("{"):
        return [(it["process"]["code"], float(it["score"])) for it in json.loads(text)["items"]]
    out = []
    for line in text.splitlines():
        if line.strip():
            code, score = line.rsplit("|", 1)
            out.append((code, float(score)))
    return out


def check(method, prefix, limit, pairs):
    import numpy as np
    codes = open(prefix + "-codes.txt", encoding="utf-8").read().split()
    s = np.load(prefix + "-" + method + ".npy")
    where = {c: i for i, c in enumerate(codes)}
    mine = [codes[i] for i in np.argsort(-s, kind="stable")[:limit]]
    bad = False
    for pair in pairs:
        name, path = pair.split("=", 1)
        got = read_list(path)
        why = []
        if len(got) != min(limit, len(codes)):
            why.append("%d items, not %d" % (len(got), min(limit, len(codes))))
        for k, (code, score) in enumerate(got):
            if code not in where:
                why.append("%s is not an assessed process" % code)
            elif abs(s[where[code]] - score) > TOL:
                why.append("%s: score %.17g, numpy %.17g" % (code, score, s[where[code]]))
            if k and score > got[k - 1][1] + TOL:
                why.append("not in order at place %d" % (k + 1))
        listed = set(c for c, _ in got)
        if got:
            rest = np.ones(len(codes), dtype=bool)
            rest[[where[c] for c in listed if c in where]] = False
            if rest.any() and s[rest].max() > got[-1][1] + TOL:
                i = int(np.flatnonzero(rest)[np.argmax(s[rest])])
                why.append("%s (score %.17g) is left out" % (codes[i], s[i]))
        same = sum(1 for a, (b, _) in zip(mine, got) if a == b)
        verdict = "WRONG" if why else "ok"
        bad = bad or bool(why)
        print("RESULT check %s %s %d %d" % (name, verdict, same, len(got)))
        for w in why[:5]:
            print("  %s: %s" % (name, w), file=sys.stderr)
    return 1 if bad else 0


# ---- portfolio ----

def portfolio(port, runs, budget, hours, out, pid):
    h = auth()
    h["Content-Type"] = "application/json"
    body = json.dumps({"budget": budget, "hours": hours})
    conn = connect(port)
    value = None
    for i in range(runs):
        c0 = cpu_ms(pid)
        t0 = time.perf_counter()
        conn.request("POST", "/api/v1/analysis/portfolio", body=body, headers=h)
        r = conn.getresponse()
        reply = r.read()
        wall = (time.perf_counter() - t0) * 1000
        cpu = cpu_ms(pid) - c0
        if r.status != 200:
            sys.exit("priorities: POST portfolio answered %d: %s" % (r.status, reply[:300]))
        d = json.loads(reply)
        t = d["totals"]
        if i == 0:
            value = t["value"]
            with open(out, "wb") as f:
                f.write(reply)
        elif abs(t["value"] - value) > 1e-6 * max(1, abs(value)) and d["status"] == "optimal":
            sys.exit("priorities: run %d chose value %r, the first %r" % (i + 1, t["value"], value))
        print("RESULT portfolio_run %d %.1f %.0f %.1f %s %s %.1f %d %d" % (
            i + 1, wall, cpu, d["solve_ms"], d["status"], d["gap"], t["value"], t["selected"],
            t["candidates"]))
    conn.close()


def main():
    a = sys.argv[1:]
    if len(a) == 4 and a[0] == "ref":
        ref(a[1], int(a[2]), a[3])
    elif len(a) == 8 and a[0] == "api":
        api(a[1], int(a[2]), a[3], int(a[4]), a[5], a[6], a[7])
    elif len(a) == 2 and a[0] == "pct":
        t = [float(x) for x in open(a[1], encoding="utf-8").read().split()]
        print("RESULT pct %.1f %.1f %.1f %d" % (pct(t, 0.5), pct(t, 0.9), max(t), len(t)))
    elif len(a) >= 5 and a[0] == "check":
        sys.exit(check(a[1], a[2], int(a[3]), a[4:]))
    elif len(a) == 7 and a[0] == "portfolio":
        portfolio(a[1], int(a[2]), float(a[3]), float(a[4]), a[5], a[6])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
