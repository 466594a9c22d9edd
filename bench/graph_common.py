"""graph_common.py — what bench/graph_networkx.py and bench/graph_igraph.py share:
the arguments, the repetition rule and the time cap, the same as bench/graph_bench.c.

Each script: SCRIPT N EDGES SOURCES BSOURCES [REPS] [--cap SECONDS]
[--exact-betweenness], printing "RESULT name seconds check..." per analysis (the best
of up to REPS runs, default 3, none after one over 5 s), or "RESULT name skipped
reason" when a run passed the cap (networkx: the run is interrupted by SIGALRM; a C
call of igraph can only be judged after it returns).
"""
import signal
import sys
import time


class Capped(Exception):
    pass


def _alarm(signum, frame):
    raise Capped()


def args():
    a = sys.argv[1:]
    if len(a) < 4:
        sys.exit("usage: %s N EDGES SOURCES BSOURCES [REPS] [--cap SECONDS] [--exact-betweenness]"
                 % sys.argv[0])
    n, edges, sources, bsources = int(a[0]), a[1], a[2], a[3]
    reps, cap, exact = 3, 300, False
    rest = a[4:]
    while rest:
        x = rest.pop(0)
        if x == "--cap":
            cap = int(rest.pop(0))
        elif x == "--exact-betweenness":
            exact = True
        else:
            reps = max(1, int(x))
    src = [int(x) for x in open(sources).read().split()]
    b = [int(x) for x in open(bsources).read().split()]
    return n, edges, src, b[0], b[1:], reps, cap, exact


def measure(name, fn, reps, cap, fmt):
    """Runs fn() up to reps times (not again after a run over 5 s), prints the best
    time and fmt(result of the last run); returns that result, or None when capped."""
    signal.signal(signal.SIGALRM, _alarm)
    best, res = None, None
    for _ in range(reps):
        signal.alarm(cap)
        t0 = time.perf_counter()
        try:
            res = fn()
        except Capped:
            print("RESULT %s skipped (> %d s cap)" % (name, cap), flush=True)
            return None
        finally:
            signal.alarm(0)
        t = time.perf_counter() - t0
        if t > cap:
            print("RESULT %s skipped (> %d s cap, took %.1f s)" % (name, cap, t), flush=True)
            return None
        best = t if best is None or t < best else best
        if t > 5.0:
            break
    print("RESULT %s %.6f %s" % (name, best, fmt(res)), flush=True)
    return res
