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

    def test_bad_input(self):
        p = self.dti("impact", "NOPE", status=1)
        self.assertIn("no process with code 'NOPE'", p.stderr.decode())
        for args in (["impact"], ["impact", "A", "--depth", "0"],
                     ["impact", "A", "--depth", "x"], ["impact", "A", "--min-strength", "4"],
                     ["impact", "A", "--kinds", "feeds,colour"], ["impact", "A", "--sideways"],
                     ["clusters", "extra"], ["waves", "--up"]):
            p = self.dti(*args, status=2)
            self.assertTrue(p.stderr, args)
        for cmd in ("impact", "clusters", "waves"):
            self.assertIn(b"usage: dti " + cmd.encode(), self.dti(cmd, "--help").stdout)


if __name__ == "__main__":
    dtitest.main()
