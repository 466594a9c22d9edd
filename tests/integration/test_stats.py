"""test_stats.py — GET /api/v1/stats, and above all its by_unit_nature member (the
digitisation level of each unit, docs/api.md "Statistics"): exact numbers for a small
organisation built through the API, and agreement with the lists on the demo data."""
import unittest

import dtitest
from dtitest import ServerCase, unique

API = "/api/v1"


class ExactStats(ServerCase):
    """An empty database with two units and processes of known natures and volumes."""

    DEMO = False

    def proc(self, unit, nature, volume, **extra):
        body = {"code": unique("P"), "name": "Process", "nature": nature,
                "volume_per_year": volume}
        if unit is not None:
            body["unit_id"] = unit["id"]
        body.update(extra)
        return self.create("processes", body)

    def stats(self):
        r = self.get(API + "/stats")
        self.assertStatus(r, 200)
        return r.body

    def test_by_unit_nature(self):
        self.assertEqual(self.stats()["by_unit_nature"], [])
        top = self.create("units", {"code": unique("U"), "name": "Top", "kind": "sector"})
        sub = self.create("units", {"code": unique("U"), "name": "Sub", "kind": "unit",
                                    "parent_id": top["id"]})
        # top: paper 1000 + 2000 + (null), manual 500, digital 0, no nature 300
        self.proc(top, "paper", 1000)
        self.proc(top, "paper", 2000)
        self.proc(top, "paper", None)
        self.proc(top, "manual", 500)
        self.proc(top, "digital", 0)
        self.proc(top, None, 300)
        # sub: partly digital (null), digital 7000 + 1
        self.proc(sub, "partly_digital", None)
        self.proc(sub, "digital", 7000)
        self.proc(sub, "digital", 1)
        # no unit: manual 40
        self.proc(None, "manual", 40)
        # deleted: counted nowhere
        for unit, nature, volume in ((top, "paper", 99999), (sub, "digital", 5),
                                     (top, "manual", None), (None, None, 12)):
            p = self.proc(unit, nature, volume)
            self.assertStatus(self.delete("%s/processes/%d" % (API, p["id"])), 200)
        # a process that changes unit and volume counts where it is now
        moved = self.proc(sub, "paper", 123456)
        r = self.patch("%s/processes/%d" % (API, moved["id"]),
                       {"version": moved["version"], "unit_id": top["id"],
                        "volume_per_year": 250})
        self.assertStatus(r, 200)

        st = self.stats()
        self.assertEqual(st["by_unit_nature"], [
            {"unit_id": None, "nature": "manual", "count": 1, "volume": 40},
            {"unit_id": top["id"], "nature": None, "count": 1, "volume": 300},
            {"unit_id": top["id"], "nature": "digital", "count": 1, "volume": 0},
            {"unit_id": top["id"], "nature": "manual", "count": 1, "volume": 500},
            {"unit_id": top["id"], "nature": "paper", "count": 4, "volume": 3250},
            {"unit_id": sub["id"], "nature": "digital", "count": 2, "volume": 7001},
            {"unit_id": sub["id"], "nature": "partly_digital", "count": 1, "volume": 0},
        ])
        # the other members are unchanged in shape and agree with it
        self.assertEqual(st["totals"]["processes"], 11)
        self.assertEqual(sum(g["count"] for g in st["by_unit_nature"]), 11)
        self.assertEqual({c["value"]: c["count"] for c in st["by_nature"]},
                         {None: 1, "digital": 3, "manual": 2, "paper": 4,
                          "partly_digital": 1})
        self.assertEqual({c["unit_id"]: c["count"] for c in st["by_unit"]},
                         {None: 1, top["id"]: 7, sub["id"]: 3})
        self.assertEqual(set(st), {"totals", "by_nature", "by_status", "by_unit",
                                   "by_unit_nature"})

        # deleting the last process of a group removes the group
        gone = [p for p in self.list_all("processes", {"unit_id": sub["id"],
                                                       "nature": "partly_digital"})[0]]
        self.assertEqual(len(gone), 1)
        self.assertStatus(self.delete("%s/processes/%d" % (API, gone[0]["id"])), 200)
        self.assertNotIn({"unit_id": sub["id"], "nature": "partly_digital", "count": 1,
                          "volume": 0}, self.stats()["by_unit_nature"])
        self.assertEqual(len(self.stats()["by_unit_nature"]), 6)


class DemoStats(ServerCase):
    """The demo organisation: by_unit_nature agrees with the process list."""

    def test_matches_the_list(self):
        procs = self.list_all("processes")[0]
        want = {}
        for p in procs:
            k = (p["unit_id"], p["nature"])
            c, v = want.get(k, (0, 0))
            want[k] = (c + 1, v + (p["volume_per_year"] or 0))
        r = self.get(API + "/stats")
        self.assertStatus(r, 200)
        rows = r.body["by_unit_nature"]
        got = {(g["unit_id"], g["nature"]): (g["count"], g["volume"]) for g in rows}
        self.assertEqual(len(got), len(rows), "one entry per unit and nature")
        self.assertEqual(got, want)
        # ordered by unit id, then nature, nulls first
        keys = [(g["unit_id"] or 0, g["nature"] or "") for g in rows]
        self.assertEqual(keys, sorted(keys))
        self.assertGreater(sum(1 for g in rows if g["volume"] > 0), 3)


if __name__ == "__main__":
    dtitest.main()
