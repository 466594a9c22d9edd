#!/usr/bin/python3
"""graph_report.py — the table of run.sh section 4: reads the RESULT lines of
graph_bench, graph_igraph.py and graph_networkx.py for one graph size, checks that
their check numbers agree, prints one row per analysis with the times and the
speed-ups (reference time / dti time: how many times faster dti is) and appends the
rows to a TSV for the summary.

usage: graph_report.py SIZE DTI_OUT IGRAPH_OUT NETWORKX_OUT SUMMARY_TSV
Exit status 1 when a check disagrees (the run is then not valid).
"""
import sys

ANALYSES = ["load", "impact", "clusters", "waves", "betweenness", "betweenness_exact"]


def read(path):
    res = {}
    for line in open(path, encoding="utf-8"):
        f = line.split()
        if len(f) >= 3 and f[0] == "RESULT":
            try:
                res[f[1]] = (float(f[2]), f[3:])
            except ValueError:
                res[f[1]] = (None, f[2:])  # skipped / unsupported: the reason
    return res


def agree(name, a, b):
    if name.startswith("betweenness"):
        x = dict(kv.split("=") for kv in a if "=" in kv)
        y = dict(kv.split("=") for kv in b if "=" in kv)
        s, t = float(x["sum"]), float(y["sum"])
        return abs(s - t) <= 1e-9 * max(abs(s), abs(t), 1.0)
    return a == b


def main():
    size, fd, fi, fn, tsv = sys.argv[1:6]
    sides = {"dti": read(fd), "igraph": read(fi), "networkx": read(fn)}
    ok = True
    out = open(tsv, "a", encoding="utf-8")
    for name in ANALYSES:
        d = sides["dti"].get(name)
        if d is None:
            continue
        row = ["  %-18s %8s" % (name, size), "%10.4f" % d[0]]
        checks = []
        for ref in ("igraph", "networkx"):
            r = sides[ref].get(name)
            if r is None or r[0] is None:
                why = " ".join(r[1]) if r else "not run"
                cap = [w for w in (r[1] if r else []) if w.isdigit()]
                # skipped at the cap: dti is at least cap / its time faster
                low = ">%.0f" % (float(cap[0]) / d[0]) if cap and d[0] > 0 else "-"
                row += ["%11s" % ("> " + cap[0] if cap else "-"), "%8s" % low]
                checks.append("%s %s" % (ref, why))
                out.write("%s\t%s\t%s\t%.6f\t%s\t%s\t%s\n" % (name, size, ref, d[0],
                          "> " + cap[0] if cap else "", low if cap else "", why))
                continue
            same = agree(name, d[1], r[1])
            ok = ok and same
            speed = r[0] / d[0] if d[0] > 0 else float("inf")
            row += ["%11.4f" % r[0], "%8.2f" % speed]
            if not same:
                checks.append("%s DISAGREES (%s)" % (ref, " ".join(r[1])))
            out.write("%s\t%s\t%s\t%.6f\t%.6f\t%.2f\t%s\n"
                      % (name, size, ref, d[0], r[0], speed, "agree" if same else "DISAGREE"))
        print(" ".join(row) + "  " + " ".join(d[1]) + ("; " + "; ".join(checks) if checks else ""))
    extra = [k for k in ("build", "db_load") if k in sides["dti"]]
    for k in extra:
        print("  %-18s %8s %10.4f  (dti only: %s)" % (
            k, size, sides["dti"][k][0], "graph_build from edges in memory" if k == "build"
            else "store_load_graph from the dti database"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
