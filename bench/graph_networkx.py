#!/usr/bin/python3
"""graph_networkx.py — networkx's side of the graph benchmark (bench/run.sh section 4):
the same analyses as bench/graph_bench.c on the same file and sources, with Debian's
python3-networkx. Arguments and output: see graph_common.py.

  load         read the edge list, nx.DiGraph with nodes 0..N-1 added first
  impact       len(nx.descendants(G, s)) for each source
  clusters     nx.strongly_connected_components: groups of more than one node
  waves        nx.condensation + nx.topological_generations
  betweenness  nx.betweenness_centrality(G, k=100, seed=BSEED, normalized=False),
               which draws exactly the BSOURCES nodes (checked); for a directed graph
               without normalisation networkx does not scale the sum by N / k, so it
               is the same unscaled sum as graph_bench's
  betweenness_exact  nx.betweenness_centrality(G, normalized=False)
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import networkx as nx  # noqa: E402

from graph_common import args, measure  # noqa: E402

n, path, src, bseed, bsrc, reps, cap, exact = args()
print("networkx", nx.__version__, flush=True)


def load():
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    with open(path) as f:
        g.add_edges_from((int(a), int(b)) for a, b in (line.split() for line in f))
    return g


G = measure("load", load, reps, cap, lambda g: "nodes=%d edges=%d" % (len(g), g.number_of_edges()))
if G is None:
    sys.exit(0)
measure("impact", lambda: sum(len(nx.descendants(G, s)) for s in src), reps, cap,
        lambda t: "descendants=%d sources=%d" % (t, len(src)))


def clusters():
    sizes = [len(c) for c in nx.strongly_connected_components(G)]
    big = [s for s in sizes if s > 1]
    return len(big), max(sizes)


measure("clusters", clusters, reps, cap, lambda r: "clusters=%d largest=%d" % r)
measure("waves", lambda: sum(1 for _ in nx.topological_generations(nx.condensation(G))), reps,
        cap, lambda w: "waves=%d" % w)
if random.Random(bseed).sample(list(G.nodes()), len(bsrc)) != bsrc:
    sys.exit("graph_networkx: networkx would not sample the BSOURCES nodes")
k = len(bsrc)
measure("betweenness", lambda: sum(nx.betweenness_centrality(G, k=k, seed=bseed,
                                                             normalized=False).values()),
        reps, cap, lambda s: "sum=%.10g k=%d" % (s, k))
if exact:
    measure("betweenness_exact", lambda: sum(nx.betweenness_centrality(G, normalized=False).values()),
            reps, cap, lambda s: "sum=%.10g" % s)
