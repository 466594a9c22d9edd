#!/usr/bin/python3
"""graph_api.py — the API part of the graph benchmark (bench/run.sh section 4):
GET /api/v1/processes/{id}/impact?limit=100 from a running `dti serve` whose database
holds the synthetic graph (process id = node + 1, checked by run.sh), and the server's
memory.

usage: graph_api.py PORT N EDGES REQUESTS SEED SERVER_PID THREADS   (env AUTH: the header)

1. the server's VmRSS before any analysis;
2. one request on a keep-alive connection: the first analysis of that worker thread
   loads the graph from the database (reported alone: "first");
3. REQUESTS requests on the same connection, each for another random process (seeded,
   distinct), timed one by one at the client: p50, p90, max;
4. VmRSS, VmHWM (the peak), RssAnon and RssFile with the graph loaded by that one
   worker thread;
5. 4 x THREADS more requests, each on a new connection, so that the other worker
   threads (each keeps its own copy of the graph) load it too; the same figures again.
Every reply must be 200 with at most 100 items, and its total must equal the number
of descendants python-igraph finds on the same edge list (checked outside the timing).
Prints RESULT lines for run.sh.
"""
import http.client
import json
import os
import random
import sys
import time

import igraph

port, n, edges, requests, seed, pid, threads = sys.argv[1:8]
n, requests, seed, threads = int(n), int(requests), int(seed), int(threads)
auth = {"Authorization": os.environ["AUTH"].split(": ", 1)[1]}


def mem():
    """VmRSS, VmHWM (its peak), RssAnon (the process's own memory) and RssFile (mapped
    files: SQLite memory-maps the database, shared with the page cache), in MiB."""
    f = dict(line.split(":", 1) for line in open("/proc/%s/status" % pid))
    return tuple(int(f[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM", "RssAnon", "RssFile"))


def get(conn, node):
    t0 = time.perf_counter()
    conn.request("GET", "/api/v1/processes/%d/impact?limit=100" % (node + 1), headers=auth)
    r = conn.getresponse()
    body = r.read()
    t = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        sys.exit("graph_api: GET impact of node %d answered %d: %s" % (node, r.status, body[:200]))
    d = json.loads(body)
    if len(d["items"]) > 100:
        sys.exit("graph_api: more than 100 items")
    return t, d["total"]


g = igraph.Graph.Read_Edgelist(edges, directed=True)
rng = random.Random(seed)
nodes = rng.sample(range(n), requests + 1 + 4 * threads)
rss0 = mem()
conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)
first, tot = get(conn, nodes[0])
seen = [(nodes[0], tot)]
times = []
for v in nodes[1:requests + 1]:
    t, tot = get(conn, v)
    times.append(t)
    seen.append((v, tot))
rss1 = mem()
conn.close()
more = []
for v in nodes[requests + 1:]:
    c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)
    t, tot = get(c, v)
    c.close()
    more.append(t)
    seen.append((v, tot))
rss2 = mem()
for v, tot in seen:
    if tot != len(g.subcomponent(v, mode="out")) - 1:
        sys.exit("graph_api: the impact total of node %d is %d, igraph finds %d"
                 % (v, tot, len(g.subcomponent(v, mode="out")) - 1))
times.sort()


def pct(p):
    return times[min(len(times) - 1, int(p * len(times) + 0.999) - 1)]


mean_desc = sum(t for _, t in seen) / len(seen)
print("RESULT api_first %.1f" % first)
print("RESULT api %.1f %.1f %.1f %d %.0f" % (pct(0.5), pct(0.9), times[-1], len(times), mean_desc))
print("RESULT api_more %.1f %d" % (max(more), len(more)))
for name, m in (("rss_before", rss0), ("rss_one", rss1), ("rss_all", rss2)):
    print("RESULT %s %d %d %d %d" % ((name,) + m))
