#!/usr/bin/python3
"""graph_igraph.py — python-igraph's side of the graph benchmark (bench/run.sh
section 4): the same analyses as bench/graph_bench.c on the same file and sources,
with Debian's python3-igraph. Arguments and output: see graph_common.py.

  load         igraph.Graph.Read_Edgelist (directed), vertices up to N
  impact       len(g.subcomponent(s, mode="out")) - 1 for each source
  clusters     g.connected_components(mode="strong"): groups of more than one node
  waves        strong components, cluster_graph() simplified (the condensation),
               topological_sorting, then each component's level from its
               predecessors' in a Python loop (python-igraph has no topological
               levels of its own)
  betweenness  not available: python-igraph 0.10 cannot restrict betweenness to
               sampled sources (no sources= argument; its cutoff= limits path lengths,
               another estimate); printed as "unsupported"
  betweenness_exact  g.betweenness(directed=True): from every node
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import igraph  # noqa: E402

from graph_common import args, measure  # noqa: E402

n, path, src, bseed, bsrc, reps, cap, exact = args()
print("igraph", igraph.__version__, flush=True)


def load():
    g = igraph.Graph.Read_Edgelist(path, directed=True)
    if g.vcount() < n:
        g.add_vertices(n - g.vcount())
    return g


G = measure("load", load, reps, cap, lambda g: "nodes=%d edges=%d" % (g.vcount(), g.ecount()))
if G is None:
    sys.exit(0)
measure("impact", lambda: sum(len(G.subcomponent(s, mode="out")) - 1 for s in src), reps, cap,
        lambda t: "descendants=%d sources=%d" % (t, len(src)))


def clusters():
    sizes = G.connected_components(mode="strong").sizes()
    return sum(1 for s in sizes if s > 1), max(sizes)


measure("clusters", clusters, reps, cap, lambda r: "clusters=%d largest=%d" % r)


def waves():
    cg = G.connected_components(mode="strong").cluster_graph()
    cg.simplify(multiple=True, loops=True)
    pred = cg.get_adjlist(mode="in")
    level = [0] * cg.vcount()
    for c in cg.topological_sorting(mode="out"):
        p = pred[c]
        if p:
            level[c] = max(level[x] for x in p) + 1
    return max(level) + 1 if level else 0


measure("waves", waves, reps, cap, lambda w: "waves=%d" % w)
print("RESULT betweenness unsupported (python-igraph %s: no sampled sources)" % igraph.__version__,
      flush=True)
if exact:
    measure("betweenness_exact", lambda: sum(G.betweenness(directed=True)), reps, cap,
            lambda s: "sum=%.10g" % s)
