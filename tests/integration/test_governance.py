"""Information governance (issue 7): the asset register through the API, every
finding rule on constructed data (firing and not), the retention schedule, and dti's
own safety — backup while a writer runs, restore, export all / import all — with bad
input at every entry point.

Today is taken from the machine's clock: dates below are relative to it.
"""
import datetime
import json
import os
import shutil
import threading
import unittest

import dtitest
from dtitest import run

TODAY = datetime.date.today()


def day(n):
    return (TODAY + datetime.timedelta(days=n)).isoformat()


def years_ago(y, extra_days=0):
    try:
        d = TODAY.replace(year=TODAY.year - y)
    except ValueError:          # 29 February
        d = TODAY.replace(year=TODAY.year - y, day=28)
    return (d + datetime.timedelta(days=extra_days)).isoformat()


ORG = [
    ("units", "code,name,kind,parent\nORG,Organisation,sector,\nU1,Unit one,unit,ORG\n"
              "U2,Unit two,unit,ORG\n"),
    ("people", "email,name,unit\nann@example.org,Ann,U1\nbob@example.org,Bob,U2\n"),
    ("processes", "code,name,unit,owner,nature\nPD,Digital process,U1,ann@example.org,digital\n"
                  "PM,Manual process,U1,ann@example.org,manual\n"
                  "PW,Web publishing,U2,bob@example.org,digital\n"),
]


class GovernanceCase(dtitest.ServerCase):
    DEMO = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for kind, text in ORG:
            path = cls.tmp.file(kind + ".csv")
            with open(path, "w") as f:
                f.write(text)
            p = run(["import", kind, path], db=cls.db)
            assert p.returncode == 0, p.stderr.decode()
        cls.p = {x["code"]: x["id"] for x in cls.server.list_all("processes")[0]}
        cls.people = {x["email"]: x["id"] for x in cls.server.list_all("people")[0]}
        cls.units = {x["code"]: x["id"] for x in cls.server.list_all("units")[0]}

    def asset(self, code, **fields):
        """A well-kept asset (owner, reviewed, backed up) unless fields say otherwise."""
        body = {"code": code, "name": code.title(), "kind": "data_set",
                "classification": "internal", "owner_id": self.people["ann@example.org"],
                "steward_unit_id": self.units["U1"], "last_reviewed": day(-30)}
        backup = fields.pop("backup", True)
        body.update(fields)
        r = self.post("/api/v1/assets", body)
        self.assertStatus(r, 201, code)
        aid = r.body["id"]
        if backup:
            for kind, loc, is_backup in (("system", "primary", False),
                                         ("cloud", "backup site", True)):
                c = self.post("/api/v1/assets/%d/copies" % aid,
                              {"kind": kind, "location": loc, "is_backup": is_backup})
                self.assertStatus(c, 201, code)
        return aid

    def link(self, asset_id, process, kind):
        r = self.post("/api/v1/assets/%d/processes" % asset_id,
                      {"process_id": self.p[process], "kind": kind})
        self.assertStatus(r, 201)

    def findings(self, **params):
        r = self.get("/api/v1/governance/findings", params=params)
        self.assertStatus(r, 200)
        return r.body

    def rules_of(self, code, body=None):
        body = body or self.findings()
        return sorted(f["rule"] for f in body["items"] if f["asset"]["code"] == code)


class RuleTests(GovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

    def test_each_rule_fires_and_not(self):
        ok = self.asset("GOOD")
        self.link(ok, "PD", "uses")
        self.asset("NOOWNER", owner_id=None)
        self.asset("NOBACKUP", backup=False, classification="confidential")
        self.asset("PUBLICNOBACKUP", backup=False, classification="public")
        paper = self.asset("PAPER", medium="paper")
        self.link(paper, "PD", "uses")
        paper_ok = self.asset("PAPEROK", medium="paper")
        self.link(paper_ok, "PM", "uses")          # a manual process: fine
        self.asset("DUE", retention_years=5, retention_trigger="closure",
                   retention_from=years_ago(5, -1), disposition="destroy")
        self.asset("NOTDUE", retention_years=5, retention_trigger="closure",
                   retention_from=years_ago(5, 30), disposition="transfer_to_archives")
        secret = self.asset("SECRET", classification="confidential")
        self.link(secret, "PW", "publishes")
        personal = self.asset("PERSONAL", personal_data=True)
        self.link(personal, "PW", "publishes")
        public = self.asset("PUBLIC", classification="public")
        self.link(public, "PW", "publishes")       # publishing public data: fine
        self.asset("STALE", last_reviewed=day(-400))
        self.asset("NEVER", last_reviewed=None)
        system = self.asset("SYS", kind="system", owner_id=None)
        held = self.asset("CRIT", critical=True)
        for loc in ("in SYS", "in SYS, second volume"):
            c = self.post("/api/v1/assets/%d/copies" % held,
                          {"kind": "system", "location": loc, "system_id": system})
            self.assertStatus(c, 201)
        system2 = self.asset("SYS2", kind="system", owner_id=None)   # holds nothing critical
        c = self.post("/api/v1/assets/%d/copies" % ok,
                      {"kind": "system", "location": "in SYS2", "system_id": system2})
        self.assertStatus(c, 201)
        self.asset("GONE", lifecycle="dispose", owner_id=None, backup=False,
                   last_reviewed=None)

        body = self.findings()
        expect = {
            "GOOD": [], "NOOWNER": ["no_owner"], "NOBACKUP": ["single_copy"],
            "PUBLICNOBACKUP": [], "PAPER": ["paper_in_digital"], "PAPEROK": [],
            "DUE": ["retention_due"], "NOTDUE": [], "SECRET": ["sensitive_published"],
            "PERSONAL": ["sensitive_published"], "PUBLIC": [], "STALE": ["not_reviewed"],
            "NEVER": ["not_reviewed"], "SYS": ["no_owner", "system_no_owner"],
            "CRIT": [], "SYS2": ["no_owner"], "GONE": [],
        }
        for code, rules in expect.items():
            self.assertEqual(self.rules_of(code, body), rules, code)
        sev = {(f["asset"]["code"], f["rule"]): f["severity"] for f in body["items"]}
        self.assertEqual(sev[("NOBACKUP", "single_copy")], "high")
        self.assertEqual(sev[("SYS", "system_no_owner")], "high")
        self.assertEqual(sev[("SECRET", "sensitive_published")], "high")
        self.assertEqual(sev[("STALE", "not_reviewed")], "low")
        # two copies of one critical asset in the system: one asset held
        held_text = [f["text"] for f in body["items"] if f["rule"] == "system_no_owner"][0]
        self.assertIn("1 critical asset ", held_text + " ")
        for f in body["items"]:
            self.assertTrue(f["text"] and f["hint"], f)
        due = [f for f in body["items"] if f["rule"] == "retention_due"][0]
        self.assertEqual(due["due"], years_ago(0, -1))
        pub = [f for f in body["items"] if f["asset"]["code"] == "SECRET"][0]
        self.assertEqual(pub["process_id"], self.p["PW"])
        self.assertEqual(body["by_severity"]["high"],
                         sum(1 for f in body["items"] if f["severity"] == "high"))

        # filters
        only = self.findings(rule="no_owner,single_copy", severity="high")
        self.assertTrue(only["items"])
        for f in only["items"]:
            self.assertIn(f["rule"], ("no_owner", "single_copy"))
            self.assertEqual(f["severity"], "high")
        one = self.findings(asset_id=system)
        self.assertEqual(sorted(f["rule"] for f in one["items"]), ["no_owner", "system_no_owner"])
        nob = [f for f in body["items"] if f["asset"]["code"] == "NOBACKUP"][0]
        self.assertIn("(confidential)", nob["text"])
        u2 = self.findings(unit_id=self.units["U2"])
        self.assertEqual(u2["total"], 0)
        org = self.findings(unit_id=self.units["ORG"])     # sub-units included
        self.assertEqual(org["total"], body["total"])
        self.assertEqual(self.rules_of("STALE", self.findings(review_months=24)), [])
        for bad in ({"rule": "nonsense"}, {"severity": "urgent"}, {"review_months": "0"},
                    {"unit_id": "x"}, {"asset_id": "0"}, {"colour": "red"}):
            self.assertProblem(self.get("/api/v1/governance/findings", params=bad), 400,
                               what=str(bad))

        # the command line: exit 1 while a high finding exists
        p = run(["governance", "check"], db=self.db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("system_no_owner", p.stdout.decode())
        p = run(["governance", "check", "--json"], db=self.db)
        self.assertEqual(json.loads(p.stdout)["total"], body["total"])
        self.assertEqual(run(["governance", "check", "--review-months", "0"],
                             db=self.db).returncode, 2)
        self.assertEqual(run(["governance", "nonsense"], db=self.db).returncode, 2)

    def test_boolean_filters(self):
        # personal_data, critical (and a copy's is_backup) filter the lists like the
        # enumerations do: true and false, as the API writes them
        self.asset("B-PERSONAL", personal_data=True)
        self.asset("B-CRITICAL", critical=True)
        self.asset("B-PLAIN")
        for field, code in (("personal_data", "B-PERSONAL"), ("critical", "B-CRITICAL")):
            yes = self.server.list_all("assets", {field: "true"})[0]
            no = self.server.list_all("assets", {field: "false"})[0]
            self.assertIn(code, [x["code"] for x in yes], field)
            self.assertTrue(all(x[field] is True for x in yes), field)
            self.assertIn("B-PLAIN", [x["code"] for x in no], field)
            self.assertTrue(all(x[field] is False for x in no), field)
            self.assertProblem(self.get("/api/v1/assets", params={field: "maybe"}), 400,
                               what=field)
        backups = self.server.list_all("asset_copies", {"is_backup": "true"})[0]
        self.assertTrue(backups and all(c["is_backup"] is True for c in backups))

    def test_retention_schedule(self):
        self.asset("R-OVERDUE", retention_years=1, retention_trigger="creation",
                   retention_from=years_ago(1, -10), disposition="destroy")
        self.asset("R-SOON", retention_years=2, retention_trigger="closure",
                   retention_from=years_ago(2, 60), disposition="review")
        self.asset("R-LATER", retention_years=3, retention_trigger="closure",
                   retention_from=years_ago(3, 500), disposition="destroy")
        self.asset("R-OPEN", retention_years=10, retention_trigger="closure",
                   disposition="destroy")          # not closed yet: no date
        r = self.get("/api/v1/governance/retention", params={"months": 12})
        self.assertStatus(r, 200)
        codes = [i["asset"]["code"] for i in r.body["items"]]
        self.assertIn("R-OVERDUE", codes)
        self.assertIn("R-SOON", codes)
        self.assertNotIn("R-LATER", codes)
        self.assertNotIn("R-OPEN", codes)
        self.assertLess(codes.index("R-OVERDUE"), codes.index("R-SOON"))
        items = {i["asset"]["code"]: i for i in r.body["items"]}
        self.assertTrue(items["R-OVERDUE"]["overdue"])
        self.assertFalse(items["R-SOON"]["overdue"])
        self.assertEqual(items["R-SOON"]["disposition"], "review")
        self.assertEqual(items["R-SOON"]["retention_trigger"], "closure")
        r = self.get("/api/v1/governance/retention", params={"months": 24})
        self.assertIn("R-LATER", [i["asset"]["code"] for i in r.body["items"]])
        for bad in ("0", "121", "soon"):
            self.assertProblem(self.get("/api/v1/governance/retention",
                                        params={"months": bad}), 400)
        out = dtitest.run_ok(self, ["governance", "retention"], db=self.db).stdout.decode()
        self.assertIn("R-SOON", out)

    def test_bad_assets_change_nothing(self):
        before = self.get("/api/v1/assets").body["total"]
        base = {"code": "BAD", "name": "Bad", "kind": "data_set"}
        for bad, field in (({"kind": "pile"}, "kind"), ({"classification": "secret"},
                                                         "classification"),
                           ({"retention_years": 5}, "retention_trigger"),
                           ({"retention_years": 5, "retention_trigger": "closure"},
                            "disposition"),
                           ({"retention_from": "2020-01-01"}, "retention_from"),
                           ({"medium": "stone"}, "medium"), ({"personal_data": "yes"},
                                                             "personal_data"),
                           ({"last_reviewed": "2026-13-01"}, "last_reviewed"),
                           ({"owner_id": 999999}, "owner_id")):
            self.assertProblem(self.post("/api/v1/assets", dict(base, **bad)), 422, field,
                               what=str(bad))
        self.assertEqual(self.get("/api/v1/assets").body["total"], before)
        a = self.asset("COPYCHECK")
        self.assertProblem(self.post("/api/v1/assets/%d/copies" % a,
                                     {"kind": "tape", "location": "x"}), 422, "kind")
        self.assertProblem(self.post("/api/v1/assets/%d/copies" % a,
                                     {"kind": "cloud", "location": "backup site"}), 409)
        self.assertProblem(self.post("/api/v1/assets/%d/processes" % a,
                                     {"process_id": self.p["PD"], "kind": "eats"}), 422, "kind")
        self.assertProblem(self.get("/api/v1/assets/999999/copies"), 404)
        # a copy's system must be a system
        other = self.asset("NOTASYSTEM")
        self.assertProblem(self.post("/api/v1/assets/%d/copies" % a,
                                     {"kind": "system", "location": "y", "system_id": other}),
                           422, "system_id")
        # the links read from both sides
        self.link(a, "PM", "updates")
        r = self.get("/api/v1/processes/%d/assets" % self.p["PM"])
        self.assertIn(a, [x["asset_id"] for x in r.body["items"]])
        r = self.get("/api/v1/assets/%d/processes" % a)
        self.assertEqual([x["kind"] for x in r.body["items"]], ["updates"])
        # deleting it is refused while copies and links refer to it, each named by the
        # codes a reader knows
        r = self.delete("/api/v1/assets/%d" % a)
        self.assertProblem(r, 409)
        self.assertEqual(sorted(d["label"] for d in r.body["dependents"]),
                         ["COPYCHECK copy (cloud, backup site)", "COPYCHECK copy (system, primary)",
                          "PM updates COPYCHECK"])


class SafetyTests(unittest.TestCase):
    """Backup, restore, export all and import all on the demo organisation."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = dtitest.TempDir()
        cls.db = cls.tmp.file("live.db")
        dtitest.make_demo(cls.db)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def export_all(self, db):
        p = dtitest.run_ok(self, ["export", "all", "--format", "json"], db=db)
        return p.stdout

    def test_backup_while_writing_then_restore(self):
        server = dtitest.Server(self.db)
        self.addCleanup(server.stop)
        stop = threading.Event()
        written = []

        def writer():
            i = 0
            while not stop.is_set():
                r = server.post("/api/v1/units", {"code": "W%05d" % i, "name": "Written %d" % i,
                                                  "kind": "unit"})
                if r.status == 201:
                    written.append(r.body["id"])
                i += 1

        t = threading.Thread(target=writer)
        t.start()
        try:
            while len(written) < 20:
                pass
            backup = self.tmp.file("backup.db")
            p = run(["backup", backup], db=self.db)
            n_at_backup = len(written)
            while len(written) < n_at_backup + 20:
                pass
        finally:
            stop.set()
            t.join()
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn("intact", p.stdout.decode())
        self.assertFalse(os.path.exists(backup + ".partial"))
        # the copy is one consistent snapshot with an unbroken chain
        self.assertEqual(dtitest.run_ok(self, ["audit", "verify"], db=backup).returncode, 0)
        # restore it into a new database: the same content, and the chain still holds
        other = self.tmp.file("other.db")
        dtitest.make_empty(other)
        p = dtitest.run_ok(self, ["restore", backup, "--keep", self.tmp.file("other.keep")],
                           db=other)
        self.assertIn("restored", p.stdout.decode())
        a = json.loads(self.export_all(backup))["tables"]
        b = json.loads(self.export_all(other))["tables"]
        self.assertEqual(b["audit_log"][-1]["action"], "restore")
        b["audit_log"] = b["audit_log"][:-1]
        self.assertEqual(a, b)
        self.assertEqual(dtitest.run_ok(self, ["audit", "verify"], db=other).returncode, 0)
        # and into the live database, under the running server: it sees the copy at once
        units_now = server.get("/api/v1/units", params={"limit": 1}).body["total"]
        keep = self.tmp.file("live.keep")
        dtitest.run_ok(self, ["restore", backup, "--keep", keep], db=self.db)
        self.assertTrue(os.path.exists(keep))
        units_after = server.get("/api/v1/units", params={"limit": 1}).body["total"]
        self.assertEqual(units_after, len(a["units"]) - sum(1 for u in a["units"]
                                                             if u["deleted_at"]))
        self.assertLess(units_after, units_now)
        self.assertEqual(dtitest.run_ok(self, ["audit", "verify"], db=self.db).returncode, 0)

    def test_restore_a_copy_with_other_pages(self):
        # a copy made by an older dti or another tool (4 KiB pages; new databases have
        # 16 KiB): restored all the same, and the database keeps its own page size
        import sqlite3
        backup = self.tmp.file("small-pages.db")
        dtitest.run_ok(self, ["backup", backup], db=self.db)
        con = sqlite3.connect(backup)
        con.execute("PRAGMA page_size=4096")
        con.execute("VACUUM")
        self.assertEqual(con.execute("PRAGMA page_size").fetchone()[0], 4096)
        con.close()
        other = self.tmp.file("pages.db")
        dtitest.make_empty(other)
        con = sqlite3.connect(other)
        self.assertEqual(con.execute("PRAGMA page_size").fetchone()[0], 16384)
        con.close()
        dtitest.run_ok(self, ["restore", backup, "--keep", self.tmp.file("pages.keep")], db=other)
        self.assertFalse(os.path.exists(other + ".restoring"))
        a = json.loads(self.export_all(backup))["tables"]
        b = json.loads(self.export_all(other))["tables"]
        b["audit_log"] = b["audit_log"][:-1]
        self.assertEqual(a, b)
        con = sqlite3.connect(other)
        self.assertEqual(con.execute("PRAGMA page_size").fetchone()[0], 16384)
        con.close()

    def test_bad_backups_are_refused_and_change_nothing(self):
        backup = self.tmp.file("b2.db")
        dtitest.run_ok(self, ["backup", backup], db=self.db)
        p = run(["backup", backup], db=self.db)        # never overwritten
        self.assertEqual(p.returncode, 1)
        self.assertIn("exists", p.stderr.decode())
        before = self.export_all(self.db)
        tampered = self.tmp.file("tampered.db")
        shutil.copy(backup, tampered)
        import sqlite3
        con = sqlite3.connect(tampered)
        con.execute("UPDATE audit_log SET actor='mallory' WHERE seq=2")
        con.commit()
        con.close()
        garbage = self.tmp.file("garbage.db")
        with open(garbage, "wb") as f:
            f.write(b"not a database at all" * 100)
        for bad in (tampered, garbage, self.tmp.file("missing.db")):
            p = run(["restore", bad, "--keep", self.tmp.file("k-" + os.path.basename(bad))],
                    db=self.db)
            self.assertEqual(p.returncode, 1, bad)
            self.assertIn("nothing was changed", p.stderr.decode())
            self.assertFalse(os.path.exists(self.tmp.file("k-" + os.path.basename(bad))))
        self.assertEqual(self.export_all(self.db), before)
        self.assertEqual(run(["restore"], db=self.db).returncode, 2)
        self.assertEqual(run(["backup"], db=self.db).returncode, 2)

    def test_export_all_import_all(self):
        first = self.export_all(self.db)
        doc = json.loads(first)
        self.assertEqual((doc["format"], doc["version"]), ("dti-export", 1))
        for table in ("processes", "assessments", "kpis", "users", "audit_log"):
            self.assertTrue(doc["tables"][table], table)
        self.assertNotIn("sessions", doc["tables"])
        path = self.tmp.file("all.json")
        with open(path, "wb") as f:
            f.write(first)
        copy = self.tmp.file("copy.db")
        dtitest.make_empty(copy)
        dtitest.run_ok(self, ["import", "all", path], db=copy)
        self.assertEqual(self.export_all(copy), first)
        dtitest.run_ok(self, ["audit", "verify"], db=copy)
        # bad input: a database with data, a changed audit trail, a dangling
        # reference, an unknown table, not JSON — each refused, nothing written
        self.assertEqual(run(["import", "all", path], db=copy).returncode, 1)
        cases = []
        d = json.loads(first)
        d["tables"]["audit_log"][1]["actor"] = "mallory"
        cases.append(("audit", d))
        d = json.loads(first)
        d["tables"]["processes"][0]["unit_id"] = 987654
        cases.append(("reference", d))
        d = json.loads(first)
        d["tables"]["spells"] = []
        cases.append(("table", d))
        d = json.loads(first)
        d["format"] = "other"
        cases.append(("format", d))
        d = json.loads(first)
        d["schema"] = 999
        cases.append(("schema", d))
        for name, bad in cases + [("json", None)]:
            f = self.tmp.file("bad-%s.json" % name)
            with open(f, "w") as out:
                out.write(json.dumps(bad) if bad is not None else "{ not json")
            empty = self.tmp.file("empty-%s.db" % name)
            dtitest.make_empty(empty)
            p = run(["import", "all", f], db=empty)
            self.assertEqual(p.returncode, 1, (name, p.stderr.decode()))
            tables = json.loads(self.export_all(empty))["tables"]
            self.assertEqual(sum(len(v) for v in tables.values()), 0, name)
        self.assertEqual(run(["export", "all", "--format", "csv"], db=self.db).returncode, 2)


if __name__ == "__main__":
    unittest.main()
