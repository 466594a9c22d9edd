"""dti impact, dti clusters, dti waves on a small organisation with hand-computed
answers (issue 5): a chain, a diamond, a cycle and a separate part.

    A -> B -> C -> D        (feeds, strength 2; C -> D weak: 1)
    A -> E -> D             (E -> D triggers)
    F -> G -> F             (a cluster), G -> H
    X                       (no dependency)
"""
import json
import unittest

import dtitest
from dtitest import run


PROCESSES = "code,name,unit,owner\n" + "".join(
    "%s,Process %s,U1,%s\n" % (c, c, "ann@example.org" if c in "ABC" else "")
    for c in "ABCDEFGHX")
DEPENDENCIES = """from,to,kind,strength
A,B,feeds,2
B,C,feeds,2
C,D,feeds,1
A,E,feeds,2
E,D,triggers,2
F,G,feeds,2
G,F,shares_data,2
G,H,feeds,3
"""


class GraphCliTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = dtitest.TempDir()
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.db = cls.tmp.file("g.db")
        dtitest.make_empty(cls.db)
        files = {"units": "code,name,kind\nU1,Unit one,unit\n",
                 "people": "email,name,unit\nann@example.org,Ann,U1\n",
                 "processes": PROCESSES, "dependencies": DEPENDENCIES}
        for kind, text in files.items():
            path = cls.tmp.file(kind + ".csv")
            with open(path, "w") as f:
                f.write(text)
            p = run(["import", kind, path], db=cls.db)
            assert p.returncode == 0, p.stderr

    def dti(self, *args, status=0):
        p = run(list(args), db=self.db)
        self.assertEqual(p.returncode, status, (args, p.stderr.decode()))
        return p

    def impact(self, *args):
        return json.loads(self.dti("impact", *args, "--json").stdout)

    def dist(self, reply):
        return {i["code"]: i["distance"] for i in reply["items"]}

    def test_downstream(self):
        r = self.impact("A")
        self.assertEqual(self.dist(r), {"B": 1, "E": 1, "C": 2, "D": 2})
        self.assertEqual(r["total"], 4)
        # sorted by distance; each with one shortest path, ids from A
        self.assertEqual([i["distance"] for i in r["items"]], [1, 1, 2, 2])
        d = next(i for i in r["items"] if i["code"] == "D")
        self.assertEqual(len(d["path"]), 3)
        self.assertEqual(d["direction"], "down")

    def test_filters(self):
        self.assertEqual(self.dist(self.impact("A", "--depth", "1")), {"B": 1, "E": 1})
        # only feeds: D only through the weak C -> D, at distance 3
        self.assertEqual(self.dist(self.impact("A", "--kinds", "feeds")),
                         {"B": 1, "E": 1, "C": 2, "D": 3})
        # at least medium and only feeds: D is not reached
        self.assertEqual(self.dist(self.impact("A", "--kinds", "feeds", "--min-strength", "2")),
                         {"B": 1, "E": 1, "C": 2})

    def test_upstream_both_and_sets(self):
        self.assertEqual(self.dist(self.impact("D", "--up")), {"C": 1, "E": 1, "B": 2, "A": 2})
        r = self.impact("C", "--both")
        self.assertEqual(self.dist(r), {"B": 1, "D": 1, "A": 2})
        self.assertEqual({i["code"]: i["direction"] for i in r["items"]},
                         {"B": "up", "D": "down", "A": "up"})
        # a set: the union, each at its distance from the nearest
        self.assertEqual(self.dist(self.impact("B", "G")), {"C": 1, "F": 1, "H": 1, "D": 2})
        self.assertEqual(self.impact("X")["total"], 0)

    def test_table(self):
        out = self.dti("impact", "A").stdout.decode()
        lines = out.splitlines()
        self.assertEqual(lines[0].split()[:5], ["distance", "code", "name", "unit", "owner"])
        c_line = next(l for l in lines if l.split()[1] == "C")
        self.assertIn("ann@example.org", c_line)
        self.assertIn("A -> B -> C", c_line)
        self.assertIn("nothing is affected", self.dti("impact", "X").stdout.decode())

    def test_clusters_and_waves(self):
        c = json.loads(self.dti("clusters", "--json").stdout)
        self.assertEqual(c["total"], 1)
        self.assertEqual(sorted(p["code"] for p in c["items"][0]["processes"]), ["F", "G"])
        self.assertEqual(c["items"][0]["size"], 2)
        w = json.loads(self.dti("waves", "--json").stdout)
        wave = {p["code"]: x["wave"] for x in w["items"] for p in x["processes"]}
        self.assertEqual(wave, {"A": 1, "F": 1, "G": 1, "X": 1, "B": 2, "E": 2, "H": 2,
                                "C": 3, "D": 4})
        self.assertEqual(w["total"], 4)
        self.assertIn("F*", self.dti("waves").stdout.decode())

    def test_hubs(self):
        h = json.loads(self.dti("hubs", "--json", "--limit", "4").stdout)
        self.assertTrue(h["exact"])
        self.assertEqual(sorted(i["code"] for i in h["items"]), ["B", "C", "E", "G"])
        self.assertTrue(all(i["betweenness"] == 1 for i in h["items"]))
        self.assertIn("betweenness", self.dti("hubs").stdout.decode().splitlines()[0])
        self.dti("hubs", "--limit", "0", status=2)

    def test_bad_input(self):
        p = self.dti("impact", "NOPE", status=1)
        self.assertIn("no process with code 'NOPE'", p.stderr.decode())
        for args in (["impact"], ["impact", "A", "--depth", "0"],
                     ["impact", "A", "--depth", "x"], ["impact", "A", "--min-strength", "4"],
                     ["impact", "A", "--kinds", "feeds,colour"], ["impact", "A", "--sideways"],
                     ["clusters", "extra"], ["waves", "--up"]):
            p = self.dti(*args, status=2)
            self.assertTrue(p.stderr, args)
        for cmd in ("impact", "clusters", "waves", "hubs"):
            self.assertIn(b"usage: dti " + cmd.encode(), self.dti(cmd, "--help").stdout)


class ImpactApiTests(unittest.TestCase):
    """GET /api/v1/processes/{id}/impact and POST /api/v1/analysis/impact on the same
    organisation, from the graph the server keeps in memory."""

    @classmethod
    def setUpClass(cls):
        GraphCliTests.setUpClass.__func__(cls)
        cls.server = dtitest.Server(cls.db, threads=2)
        items, _ = cls.server.list_all("processes")
        cls.ids = {p["code"]: p["id"] for p in items}
        cls.codes = {v: k for k, v in cls.ids.items()}

    @classmethod
    def tearDownClass(cls):
        # a clean exit: under the sanitizers a leak or an error makes it fail
        rc = cls.server.stop()
        assert rc == 0, "dti serve exited with %r; log:\n%s" % (rc, cls.server.log())

    def impact(self, code, status=200, **params):
        r = self.server.get("/api/v1/processes/%d/impact" % self.ids[code], params=params)
        self.assertEqual(r.status, status, r.body)
        return r.body

    def dist(self, body):
        return {self.codes[i["id"]]: i["distance"] for i in body["items"]}

    def test_impact(self):
        b = self.impact("A")
        self.assertEqual(self.dist(b), {"B": 1, "E": 1, "C": 2, "D": 2})
        self.assertEqual(b["total"], 4)
        self.assertEqual(b["by_distance"], [{"distance": 1, "count": 2},
                                            {"distance": 2, "count": 2}])
        unit = self.server.list_all("units")[0][0]["id"]
        self.assertEqual(b["by_unit"], [{"unit_id": unit, "count": 4}])
        c = next(i for i in b["items"] if i["code"] == "C")
        self.assertEqual([self.codes[i] for i in c["path"]], ["A", "B", "C"])
        self.assertEqual(c["owner_id"] is not None, True)
        self.assertEqual(c["unit_id"], unit)
        # filters and limit: total counts all, items the first limit
        self.assertEqual(self.dist(self.impact("A", kinds="feeds", min_strength="2")),
                         {"B": 1, "E": 1, "C": 2})
        self.assertEqual(self.dist(self.impact("D", direction="up", depth="1")),
                         {"C": 1, "E": 1})
        b = self.impact("A", limit="1")
        self.assertEqual((b["total"], len(b["items"])), (4, 1))

    def test_set_and_both(self):
        r = self.server.post("/api/v1/analysis/impact",
                             {"process_ids": [self.ids["B"], self.ids["G"]],
                              "direction": "both", "kinds": ["feeds", "shares_data"]})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.dist(r.body), {"A": 1, "C": 1, "F": 1, "H": 1, "D": 2})

    def test_follows_changes(self):
        before = self.impact("H")["total"]
        d = self.server.post("/api/v1/dependencies", {"from_id": self.ids["H"],
                                                      "to_id": self.ids["X"], "kind": "feeds"})
        self.assertEqual(d.status, 201, d.body)
        for _ in range(4):          # whichever thread answers
            self.assertEqual(self.dist(self.impact("H")), {"X": 1})
        self.assertEqual(self.server.delete("/api/v1/dependencies/%d" % d.body["id"]).status,
                         200)
        for _ in range(4):
            self.assertEqual(self.impact("H")["total"], before)

    def test_clusters_and_waves(self):
        r = self.server.get("/api/v1/analysis/clusters")
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.body["total"], 1)
        cl = r.body["items"][0]
        self.assertEqual((cl["size"], cl["wave"]), (2, 1))
        self.assertEqual(sorted(p["code"] for p in cl["processes"]), ["F", "G"])
        r = self.server.get("/api/v1/analysis/waves")
        self.assertEqual(r.status, 200, r.body)
        wave = {p["code"]: x["wave"] for x in r.body["items"] for p in x["processes"]}
        self.assertEqual(wave, {"A": 1, "F": 1, "G": 1, "X": 1, "B": 2, "E": 2, "H": 2,
                                "C": 3, "D": 4})
        self.assertEqual([x["count"] for x in r.body["items"]], [4, 3, 1, 1])
        sizes = {p["code"]: p["cluster_size"] for x in r.body["items"] for p in x["processes"]}
        self.assertEqual((sizes["F"], sizes["A"]), (2, 1))
        # limit lists fewer processes per group, the counts stay whole
        r = self.server.get("/api/v1/analysis/waves", params={"limit": "1"})
        self.assertEqual([len(x["processes"]) for x in r.body["items"]], [1, 1, 1, 1])
        self.assertEqual([x["count"] for x in r.body["items"]], [4, 3, 1, 1])
        for bad in ({"limit": "-1"}, {"colour": "red"}):
            self.assertEqual(self.server.get("/api/v1/analysis/clusters", params=bad).status,
                             400, bad)
        self.assertEqual(self.server.post("/api/v1/analysis/waves", {}).status, 405)
        self.assertEqual(self.server.get("/api/v1/analysis/hubbub").status, 404)

    def test_hubs(self):
        r = self.server.get("/api/v1/analysis/hubs", params={"limit": "3"})
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.body["exact"])
        top = r.body["items"]
        self.assertEqual(len(top), 3)
        # B is on A->C, C on B->D, E on A->D (A-E-D is shorter than A-B-C-D), G on F->H
        bc = {i["code"]: i["betweenness"] for i in
              self.server.get("/api/v1/analysis/hubs", params={"limit": "20"}).body["items"]}
        self.assertEqual(bc, {"A": 0, "B": 1, "C": 1, "D": 0, "E": 1, "F": 0, "G": 1,
                              "H": 0, "X": 0})
        self.assertEqual(sorted(bc.values(), reverse=True)[:3], [i["betweenness"] for i in top])
        deg = self.server.get("/api/v1/analysis/hubs", params={"sort": "degree", "limit": "1"})
        self.assertEqual(deg.body["items"][0]["degree"], 3)
        for bad in ({"limit": "0"}, {"sort": "size"}):
            self.assertEqual(self.server.get("/api/v1/analysis/hubs", params=bad).status, 400)

    def test_checks(self):
        post = lambda path, body: self.server.post("/api/v1/" + path, body).body
        # a part and its whole linked by a dependency; a dependency against the windows
        whole = post("processes", {"code": "CHK-WHOLE", "name": "Whole"})
        part = post("processes", {"code": "CHK-PART", "name": "Part",
                                  "parent_id": whole["id"]})
        hier = post("dependencies", {"from_id": part["id"], "to_id": whole["id"],
                                     "kind": "feeds"})
        first = post("processes", {"code": "CHK-FIRST", "name": "First",
                                   "change_from": "2027-06-01", "change_to": "2027-12-31"})
        then = post("processes", {"code": "CHK-THEN", "name": "Then",
                                  "change_from": "2027-01-01", "change_to": "2027-01-31"})
        win = post("dependencies", {"from_id": first["id"], "to_id": then["id"],
                                    "kind": "feeds"})
        # windows in the right order raise nothing
        ok = post("processes", {"code": "CHK-LATER", "name": "Later",
                                "change_from": "2028-01-01", "change_to": "2028-02-01"})
        post("dependencies", {"from_id": first["id"], "to_id": ok["id"], "kind": "feeds"})
        try:
            r = self.server.get("/api/v1/analysis/checks")
            self.assertEqual(r.status, 200, r.body)
            found = {(i["rule"], i["code"], i["other_code"]) for i in r.body["items"]}
            self.assertIn(("window", "CHK-THEN", "CHK-FIRST"), found)
            self.assertIn(("hierarchy", "CHK-PART", "CHK-WHOLE"), found)
            self.assertNotIn(("window", "CHK-LATER", "CHK-FIRST"), found)
            w = next(i for i in r.body["items"] if i["rule"] == "window")
            self.assertEqual((w["dependency_id"], w["severity"]), (win["id"], "high"))
            self.assertTrue(w["text"] and w["hint"])
            h = next(i for i in r.body["items"] if i["rule"] == "hierarchy")
            self.assertEqual(h["dependency_id"], hier["id"])
            counts = {x["rule"]: x["count"] for x in r.body["by_rule"]}
            # D, E, F, G, H, X and the five made here have no owner
            self.assertEqual(counts, {"window": 1, "hierarchy": 1, "owner_deleted": 0,
                                      "no_owner": 11})
            only = self.server.get("/api/v1/analysis/checks", params={"rule": "window"})
            self.assertEqual([i["rule"] for i in only.body["items"]], ["window"])
            for bad in ({"rule": "colour"}, {"limit": "0"}, {"x": "1"}):
                self.assertEqual(self.server.get("/api/v1/analysis/checks",
                                                 params=bad).status, 400, bad)
        finally:
            for code in ("CHK-PART", "CHK-WHOLE", "CHK-FIRST", "CHK-THEN", "CHK-LATER"):
                self.server.delete("/api/v1/processes/%d" % next(
                    x["id"] for x in (whole, part, first, then, ok) if x["code"] == code),
                    params={"cascade": "true"})

    def test_regulated_by_reaches_what_the_rule_regulates(self):
        # "P regulated_by R": a change to R (the rule) reaches P, not the other way;
        # the windows follow the same reading, and the dependency is shown as stored
        post = lambda path, body: self.server.post("/api/v1/" + path, body).body
        rule = post("processes", {"code": "REG-RULE", "name": "Rule",
                                  "change_from": "2027-06-01", "change_to": "2027-12-31"})
        ruled = post("processes", {"code": "REG-RULED", "name": "Ruled",
                                   "change_from": "2027-01-01", "change_to": "2027-01-31"})
        dep = post("dependencies", {"from_id": ruled["id"], "to_id": rule["id"],
                                    "kind": "regulated_by"})
        try:
            self.ids.update({"REG-RULE": rule["id"], "REG-RULED": ruled["id"]})
            self.codes.update({rule["id"]: "REG-RULE", ruled["id"]: "REG-RULED"})
            self.assertEqual(self.dist(self.impact("REG-RULE")), {"REG-RULED": 1})
            self.assertEqual(self.dist(self.impact("REG-RULED")), {})
            self.assertEqual(self.dist(self.impact("REG-RULED", direction="up")),
                             {"REG-RULE": 1})
            r = self.server.get("/api/v1/analysis/neighbourhood",
                                params={"process_id": rule["id"]})
            self.assertEqual([(e["from_id"], e["to_id"], e["kind"]) for e in r.body["edges"]],
                             [(ruled["id"], rule["id"], "regulated_by")])
            self.assertEqual({n["id"]: n["direction"] for n in r.body["nodes"]},
                             {rule["id"]: "centre", ruled["id"]: "down"})
            # the regulated process's window closes before the rule's opens
            r = self.server.get("/api/v1/analysis/checks", params={"rule": "window"})
            found = {(i["code"], i["other_code"], i["dependency_id"]) for i in r.body["items"]}
            self.assertIn(("REG-RULED", "REG-RULE", dep["id"]), found)
        finally:
            for x in (ruled, rule):
                self.server.delete("/api/v1/processes/%d" % x["id"], params={"cascade": "true"})

    def test_neighbourhood(self):
        r = self.server.get("/api/v1/analysis/neighbourhood",
                            params={"process_id": self.ids["B"], "depth": "2"})
        self.assertEqual(r.status, 200, r.body)
        nodes = {self.codes[n["id"]]: n for n in r.body["nodes"]}
        # B's own chains up and down (E hangs off A, not off B)
        self.assertEqual(set(nodes), {"A", "B", "C", "D"})
        self.assertEqual(r.body["nodes"][0]["id"], self.ids["B"])
        self.assertEqual({k: (n["direction"], n["distance"], n["wave"]) for k, n in nodes.items()},
                         {"B": ("centre", 0, 2), "A": ("up", 1, 1), "C": ("down", 1, 3),
                          "D": ("down", 2, 4)})
        edges = {(self.codes[e["from_id"]], self.codes[e["to_id"]]) for e in r.body["edges"]}
        self.assertEqual(edges, {("A", "B"), ("B", "C"), ("C", "D")})
        # the cluster F <-> G, its size on each node; limit keeps the nearest
        r = self.server.get("/api/v1/analysis/neighbourhood",
                            params={"process_id": self.ids["G"], "limit": "2"})
        self.assertEqual([self.codes[n["id"]] for n in r.body["nodes"]], ["G", "F"])
        self.assertEqual(r.body["total"], 3)
        self.assertEqual(r.body["nodes"][0]["cluster_size"], 2)
        for bad in ({}, {"process_id": "x"}, {"process_id": self.ids["A"], "limit": "0"},
                    {"process_id": self.ids["A"], "direction": "up"}):
            self.assertEqual(self.server.get("/api/v1/analysis/neighbourhood",
                                             params=bad).status, 400, bad)
        self.assertEqual(self.server.get("/api/v1/analysis/neighbourhood",
                                         params={"process_id": "99999"}).status, 404)

    def test_bad_requests(self):
        for params in ({"direction": "sideways"}, {"depth": "0"}, {"min_strength": "5"},
                       {"kinds": "feeds,colour"}, {"limit": "0"}, {"colour": "red"}):
            r = self.server.get("/api/v1/processes/%d/impact" % self.ids["A"], params=params)
            self.assertEqual(r.status, 400, (params, r.body))
        self.assertEqual(self.server.get("/api/v1/processes/99999/impact").status, 404)
        for body in ({}, {"process_ids": []}, {"process_ids": [99999]},
                     {"process_ids": ["A"]}, {"process_ids": [self.ids["A"]], "depth": "x"},
                     {"process_ids": [self.ids["A"]], "kinds": "feeds", "colour": 1}):
            r = self.server.post("/api/v1/analysis/impact", body)
            self.assertEqual(r.status, 422, (body, r.body))
        self.assertEqual(self.server.get("/api/v1/analysis/impact").status, 405)
        self.assertEqual(self.server.get("/api/v1/processes/%d/impact" % self.ids["A"],
                                         auth=False).status, 401)


if __name__ == "__main__":
    dtitest.main()
