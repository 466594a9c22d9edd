#!/usr/bin/python3
"""gen_graph.py — a synthetic dependency graph for the graph benchmark (run.sh
section 4), the same bytes for the same seed and size on every machine.

usage: gen_graph.py OUT_DIR --processes N [--seed S] [--csv]

N processes (nodes 0..N-1) and 5N distinct dependencies (from, to), never a node to
itself. The mix, drawn edge by edge:
  45 %  local: from a random node to one of the next 64 (the same part of the
        organisation);
  30 %  preferential attachment: one end drawn in proportion to its degree so far
        (plus one), the other uniformly. Every node starts with weight one, so the
        skew is mild: the busiest processes have about 3x the mean degree (~30 links
        against 10), no hubs with thousands;
  20 %  uniform: two random nodes;
   5 %  cycles: both ends in the same block of 8 consecutive nodes, in either
        direction, for a quarter of the blocks ("cyclic" blocks).
Every edge but the cycle ones runs from the lower node to the higher, so strongly
connected groups stay inside a cyclic block (at most 8 processes) and the waves are
the longest chains of the condensation.

Writes, in OUT_DIR:
  graph-N.edges     one "from to" line per dependency (0-based nodes; what
                    graph_bench, graph_networkx.py and graph_igraph.py read)
  graph-N.sources   100 distinct random nodes, one a line: the impact sources
  graph-N.bsources  the 100 betweenness sources: random.Random(BSEED).sample(range(N),
                    100), which is exactly what networkx's betweenness_centrality(k=100,
                    seed=BSEED) draws on a graph whose nodes were added as 0..N-1; BSEED
                    is the first line of the file, the nodes follow
  with --csv, graph-N/processes.csv (code G0000000.., name) and
  graph-N/dependencies.csv (from, to, kind): the same graph for `dti import`
                    (node i is the i-th process imported).
"""
import argparse
import os
import random
from array import array

KINDS = ["feeds", "triggers", "shares_data", "shares_system", "regulated_by"]
BLOCK = 8
SAMPLES = 100


def edges(rng, n, m):
    cyclic = [b for b in range((n + BLOCK - 1) // BLOCK) if rng.random() < 0.25]
    pool = array("l", range(n))  # every endpoint so far, plus each node once
    seen = set()
    src, dst = array("l"), array("l")
    rand, randrange = rng.random, rng.randrange
    while len(src) < m:
        r = rand()
        if r < 0.45:
            a = randrange(n)
            b = a + 1 + randrange(64)
            if b >= n:
                continue
        elif r < 0.75 or r >= 0.95 and not cyclic:
            a, b = pool[randrange(len(pool))], randrange(n)
            if a > b:
                a, b = b, a
        elif r < 0.95:
            a, b = randrange(n), randrange(n)
            if a > b:
                a, b = b, a
        else:
            base = cyclic[randrange(len(cyclic))] * BLOCK
            a, b = base + randrange(BLOCK), base + randrange(BLOCK)
            if b >= n or a >= n:
                continue
        if a == b:
            continue
        key = a * n + b
        if key in seen:
            continue
        seen.add(key)
        src.append(a)
        dst.append(b)
        pool.append(a)
        pool.append(b)
    return src, dst


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--processes", type=int, required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--csv", action="store_true")
    args = ap.parse_args()
    n = args.processes
    if n < 2 * SAMPLES:
        ap.error("at least %d processes" % (2 * SAMPLES))
    rng = random.Random("%d/%d" % (args.seed, n))
    src, dst = edges(rng, n, 5 * n)
    base = os.path.join(args.out_dir, "graph-%d" % n)
    os.makedirs(args.out_dir, exist_ok=True)

    def write(path, lines):
        with open(path + ".tmp", "w", encoding="ascii", newline="\n") as f:
            f.writelines(lines)
        os.replace(path + ".tmp", path)

    write(base + ".edges", ("%d %d\n" % e for e in zip(src, dst)))
    write(base + ".sources", ("%d\n" % v for v in rng.sample(range(n), SAMPLES)))
    bseed = rng.randrange(1 << 31)
    write(base + ".bsources", ["%d\n" % bseed] +
          ["%d\n" % v for v in random.Random(bseed).sample(range(n), SAMPLES)])
    if args.csv:
        os.makedirs(base, exist_ok=True)
        write(os.path.join(base, "processes.csv"),
              ["code,name\n"] + ["G%07d,Synthetic process %d\n" % (i, i) for i in range(n)])
        # the edge a -> b as dti reads it: "b regulated_by a" for that kind, which
        # runs from the rule to what it regulates
        def row(a, b):
            kind = KINDS[(a * 7 + b) % 5]
            return "G%07d,G%07d,%s\n" % ((b, a, kind) if kind == "regulated_by" else (a, b, kind))
        write(os.path.join(base, "dependencies.csv"),
              ["from,to,kind\n"] + [row(a, b) for a, b in zip(src, dst)])
    print("gen_graph: %d processes, %d dependencies (seed %d)%s in %s"
          % (n, len(src), args.seed, ", with CSV" if args.csv else "", args.out_dir))


if __name__ == "__main__":
    main()
