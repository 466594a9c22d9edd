"""test_bulk_import.py — large imports (5,000 rows and more) take a faster path: keys
looked up in memory, indexes built once at the end. They must accept and refuse
exactly what a small import does, and leave the same database."""
import os
import re
import subprocess
import unittest

import dtitest
from dtitest import TempDir, run, run_ok

N = 6000


def reports(stderr):
    """(line, column) of each FILE:LINE: column: message line."""
    out = []
    for line in stderr.decode("utf-8", "replace").splitlines():
        m = re.match(r"^.*?:(\d+): ([a-z_]+): ", line)
        if m:
            out.append((int(m.group(1)), m.group(2)))
    return sorted(out)


def sql(db, query):
    return subprocess.run(["sqlite3", db, query], stdout=subprocess.PIPE, check=True,
                          text=True).stdout.strip()


class BulkImportTests(unittest.TestCase):
    def setUp(self):
        self.tmp = TempDir()
        self.addCleanup(self.tmp.cleanup)
        self.db = self.tmp.file("dti.db")
        dtitest.make_empty(self.db)
        self.write("units.csv", "code,name,kind,parent\nORG,Organisation,sector,\n"
                   "HR,Human resources,department,ORG\n")
        run_ok(self, ["import", "units", self.tmp.file("units.csv")], db=self.db)
        self.write("people.csv", "email,name,unit\nann.lee@example.org,Ann Lee,HR\n")
        run_ok(self, ["import", "people", self.tmp.file("people.csv")], db=self.db)

    def write(self, name, text):
        with open(self.tmp.file(name), "w", encoding="utf-8") as f:
            f.write(text)
        return self.tmp.file(name)

    def processes(self, bad=None):
        """N processes; children refer to parents further down the file; bad maps a
        row number (0-based) to a replacement line."""
        rows = ["code,name,parent,unit,owner,maturity"]
        for i in range(N):
            parent = "P-%05d" % (i + 1) if i % 10 == 0 and i + 1 < N else ""
            rows.append("P-%05d,Process %d,%s,HR,ANN.LEE@example.org,%d" %
                        (i, i, parent, 1 + i % 5))
        for i, line in (bad or {}).items():
            rows[i + 1] = line
        return "\n".join(rows) + "\n"

    def test_refused_rows_are_all_reported_and_nothing_is_written(self):
        bad = {
            100: "P-00000,Duplicate code,,HR,,3",              # line 102: code of line 2
            200: "P-00200,Unknown unit,,NOPE,,3",              # line 202: unit
            300: "P-00300,Unknown owner,,HR,who@example.org,3",  # line 302: owner
            400: "P-00400,Unknown parent,ZZZ,HR,,3",           # line 402: parent
            500: "P-00500,Bad maturity,,HR,,9",                # line 502: maturity
        }
        f = self.write("p.csv", self.processes(bad))
        p = run(["import", "processes", f], db=self.db)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(reports(p.stderr), [(102, "code"), (202, "unit"), (302, "owner"),
                                             (402, "parent"), (502, "maturity")],
                         p.stderr.decode())
        self.assertIn("already on line 2", p.stderr.decode())
        self.assertEqual(sql(self.db, "SELECT count(*) FROM processes"), "0")
        # the indexes the import set aside are all back
        self.assertIn("processes_code", sql(self.db, "SELECT group_concat(name) FROM "
                                                      "sqlite_master WHERE type='index'"))

    def test_good_file_then_dependencies(self):
        f = self.write("p.csv", self.processes())
        run_ok(self, ["import", "processes", f], db=self.db)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM processes"), str(N))
        # parents given further down the file are resolved, owners in any case
        self.assertEqual(sql(self.db, "SELECT count(*) FROM processes WHERE parent_id IS "
                                      "NOT NULL"), str(len(range(0, N - 1, 10))))
        self.assertEqual(sql(self.db, "SELECT count(DISTINCT owner_id) FROM processes"), "1")
        indexes = sql(self.db, "SELECT group_concat(name) FROM sqlite_master WHERE "
                               "type='index' AND tbl_name='processes'")
        for name in ("processes_code", "processes_parent", "processes_unit", "processes_nature"):
            self.assertIn(name, indexes)
        # a second file of the same codes: every row refused as already used
        p = run(["import", "processes", f], db=self.db)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(len(reports(p.stderr)), 1000 if N > 1000 else N)  # listing capped
        # dependencies: N rows, one duplicate within the file, one self-loop
        deps = ["from,to,kind"] + ["P-%05d,P-%05d,feeds" % (i, (i + 1) % N) for i in range(N)]
        deps[3001] = deps[11]           # line 3002 repeats line 12
        deps[4001] = "P-04000,P-04000,feeds"  # line 4002: self-loop
        fd = self.write("d.csv", "\n".join(deps) + "\n")
        p = run(["import", "dependencies", fd], db=self.db)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(reports(p.stderr), [(3002, "kind"), (4002, "to")], p.stderr.decode())
        self.assertIn("already on line 12", p.stderr.decode())
        deps[3001] = "P-03000,P-00000,triggers"
        deps[4001] = "P-04000,P-00001,triggers"
        fd = self.write("d.csv", "\n".join(deps) + "\n")
        run_ok(self, ["import", "dependencies", fd], db=self.db)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM dependencies"), str(N))
        # the same again: every row is a duplicate of a stored one
        p = run(["import", "dependencies", fd], db=self.db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("already exists", p.stderr.decode())
        self.assertEqual(sql(self.db, "SELECT count(*) FROM dependencies"), str(N))
        # and the database is what a small import would have made: integrity holds
        self.assertEqual(sql(self.db, "PRAGMA integrity_check"), "ok")
        self.assertEqual(sql(self.db, "PRAGMA foreign_key_check"), "")
        run_ok(self, ["audit", "verify"], db=self.db)


if __name__ == "__main__":
    unittest.main(verbosity=2)
