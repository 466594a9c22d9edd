"""test_cli.py — the `dti` command line: help, the demo, CSV export and import
(docs/csv-format.md), show, missing databases, a large import, and the server's
start and stop (occupied port, SIGTERM during writes)."""
import csv
import http.client
import io
import json
import os
import pty
import re
import select
import signal
import socket
import subprocess
import threading
import time
import unittest

import dtitest
from dtitest import KINDS, Server, TempDir, run, run_ok, snapshot

REPORT = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<column>[a-z_]+): (?P<message>.+)$")


def unguard(v):
    """dti's CSV writer puts a "'" before a text a spreadsheet would take for a formula
    (=, +, -, @) or that starts with such a quote; the reader drops it again."""
    return v[1:] if len(v) >= 2 and v[0] == "'" and v[1] in "=+-@'" else v


def csv_rows(data):
    """Rows of CSV bytes as dicts, values as dti reads them."""
    return [{k: unguard(v) for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))]


def write(path, text, encoding="utf-8"):
    with open(path, "wb") as f:
        f.write(text.encode(encoding) if isinstance(text, str) else text)
    return path


def reports(stderr):
    """The FILE:LINE: column: message lines of stderr, as (file, line, column)."""
    out = []
    for line in stderr.decode("utf-8").splitlines():
        m = REPORT.match(line)
        if m:
            out.append((m.group("file"), int(m.group("line")), m.group("column")))
    return out


class CliCase(unittest.TestCase):

    def setUp(self):
        self.tmp = TempDir()
        self.addCleanup(self.tmp.cleanup)

    def demo(self, name="demo.db"):
        path = self.tmp.file(name)
        dtitest.make_demo(path)
        return path


class HelpTests(CliCase):

    OPTIONS = {
        "init": ["--db"],
        "demo": ["--db"],
        "serve": ["--db", "--listen", "--threads"],
        "import": ["--db", "FILE", "units", "people", "goals", "processes", "dependencies",
                   "goal-links"],
        "export": ["--db", "--format", "csv", "json", "-o", "units", "goal-links"],
        "show": ["--db", "--json", "CODE"],
    }

    def test_main_help(self):
        for args in (["--help"], ["-h"], ["help"]):
            p = run_ok(self, args)
            out = p.stdout.decode()
            self.assertIn("usage: dti", out)
            for cmd in self.OPTIONS:
                self.assertRegex(out, r"(?m)^\s+%s\s" % cmd, "%s lists %s" % (args, cmd))
            self.assertIn("--db", out)
        p = run_ok(self, ["--version"])
        self.assertRegex(p.stdout.decode(), r"^dti \d+\.\d+\.\d+\n$")

    def test_command_help(self):
        for cmd, opts in self.OPTIONS.items():
            for flag in ("--help", "-h"):
                p = run([cmd, flag])
                self.assertEqual(p.returncode, 0, "%s %s: %r" % (cmd, flag, p.stderr))
                out = p.stdout.decode()
                self.assertIn("usage: dti %s" % cmd, out)
                for o in opts:
                    self.assertIn(o, out, "dti %s --help mentions %s" % (cmd, o))
        # --help anywhere after the command, and it does nothing else
        path = self.tmp.file("never.db")
        p = run(["demo", "--db", path, "--help"])
        self.assertEqual(p.returncode, 0)
        self.assertFalse(os.path.exists(path), "demo --help created a database")

    def test_usage_errors(self):
        p = run(["frobnicate"])
        self.assertEqual(p.returncode, 2)
        self.assertIn("frobnicate", p.stderr.decode())
        self.assertEqual(p.stdout, b"")
        db = self.tmp.file("usage.db")
        dtitest.make_empty(db)
        for args in ([], ["--bogus"], ["export"], ["export", "widgets"],
                     ["export", "units", "--format", "xml"], ["import", "units"],
                     ["import", "widgets", "x.csv"], ["show"], ["init", "extra"],
                     ["serve", "--threads", "0"], ["serve", "--listen", "nonsense"],
                     ["export", "units", "--db"]):
            p = run(args, env={"DTI_DB": db}, timeout=30)
            self.assertEqual(p.returncode, 2, "dti %s: %d %r" % (args, p.returncode, p.stderr))
            self.assertTrue(p.stderr.strip(), "dti %s explains the usage error" % args)


class DemoTests(CliCase):

    def test_demo_counts_and_refusal(self):
        path = self.tmp.file("fresh.db")
        p = run_ok(self, ["demo"], db=path)
        out = p.stdout.decode()
        counts = {k: int(n) for n, k in re.findall(
            r"(\d+) (units|people|goals|processes|dependencies)", out)}
        self.assertEqual(set(counts), {"units", "people", "goals", "processes",
                                       "dependencies"}, out)
        self.assertGreaterEqual(counts["processes"], 120)
        self.assertGreaterEqual(counts["dependencies"], 200)
        # the printed counts are the database's
        for kind in counts:
            rows = csv_rows(run_ok(self, ["export", kind], db=path).stdout)
            self.assertEqual(len(rows), counts[kind], kind)
        links = csv_rows(run_ok(self, ["export", "goal-links"], db=path).stdout)
        self.assertGreater(len(links), 0)
        before = snapshot(path)
        again = run(["demo"], db=path)
        self.assertEqual(again.returncode, 1)
        self.assertIn(path, again.stderr.decode())
        self.assertEqual(snapshot(path), before, "a refused demo changes nothing")
        # $DTI_DB and the global --db name the database too
        self.assertEqual(run(["demo"], env={"DTI_DB": path}).returncode, 1)
        p = run(["--db", path, "export", "units"])
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stdout, before[("units", "csv")])
        p = run(["export", "units"], env={"DTI_DB": path})
        self.assertEqual(p.stdout, before[("units", "csv")])

    def test_init(self):
        path = self.tmp.file("empty.db")
        p = run_ok(self, ["init"], db=path)
        self.assertIn(path, p.stdout.decode())
        for kind in KINDS:
            rows = csv_rows(run_ok(self, ["export", kind], db=path).stdout)
            self.assertEqual(rows, [], kind)
        # init on an existing database keeps its data
        demo = self.demo()
        before = snapshot(demo)
        run_ok(self, ["init"], db=demo)
        self.assertEqual(snapshot(demo), before)
        # and demo fills an empty database
        run_ok(self, ["demo"], db=path)
        self.assertEqual(snapshot(path), before)


TRICKY = [
    # formulas and quotes that a spreadsheet would interpret, guarded in the CSV
    {"name": "=SUM(A1:A9)", "description": "+1 and -1 and @me"},
    {"name": "-minus", "description": "'already quoted"},
    {"name": "'=not a formula", "pain_points": "''two quotes"},
    {"name": "Comma, \"quote\" and ; semicolon",
     "description": "Line one\nLine two\r\nLine three\n\nafter a blank line"},
    {"name": "\ufeffstarts with a byte-order mark", "name_zh": "中文，带逗号,和\"引号\""},
    {"name": "-12.5", "change_authority": "@board"},
    {"name": "Numbers", "staff_hours_per_year": 0.1, "annual_cost": 1e15,
     "volume_per_year": 0, "maturity": 5},
    {"name": "Précis — naïve café 🚀", "systems": ["SAP ERP", "SharePoint", "系统"]},
]


class RoundTripTests(CliCase):

    def add_tricky_rows(self, path):
        srv = Server(path)
        try:
            unit = srv.list_all("units")[0][-1]["id"]
            for i, extra in enumerate(TRICKY):
                body = {"code": "TRICKY-%d" % i, "unit_id": unit}
                body.update(extra)
                r = srv.post("/api/v1/processes", body)
                self.assertEqual(r.status, 201, r.body)
        finally:
            self.assertEqual(srv.stop(), 0)

    def export_all(self, db, fmt="csv", suffix="a"):
        out = {}
        for kind in KINDS:
            f = self.tmp.file("%s-%s.%s" % (kind, suffix, fmt))
            p = run_ok(self, ["export", kind, "--format", fmt, "-o", f], db=db)
            self.assertEqual(p.stdout, b"")
            with open(f, "rb") as fh:
                out[kind] = (f, fh.read())
            # -o writes what standard output gets
            self.assertEqual(run_ok(self, ["export", kind, "--format", fmt], db=db).stdout,
                             out[kind][1])
        return out

    def test_csv_round_trip(self):
        src = self.demo()
        self.add_tricky_rows(src)
        first = self.export_all(src)
        for kind in KINDS:
            rows = csv_rows(first[kind][1])
            self.assertTrue(rows, kind)
        names = [r["name"] for r in csv_rows(first["processes"][1])]
        for t in TRICKY:
            self.assertIn(t["name"], names, "the export reads back as the stored name")
        dst = self.tmp.file("copy.db")
        run_ok(self, ["init"], db=dst)
        for kind in KINDS:
            p = run_ok(self, ["import", kind, first[kind][0]], db=dst)
            n = len(csv_rows(first[kind][1]))
            self.assertIn("imported %d" % n, p.stdout.decode())
        second = self.export_all(dst, suffix="b")
        for kind in KINDS:
            self.assertEqual(second[kind][1], first[kind][1],
                             "%s: export → import → export is not byte-identical" % kind)
        # the JSON export of the copy equals the original's too
        for kind in KINDS:
            self.assertEqual(run_ok(self, ["export", kind, "--format", "json"], db=dst).stdout,
                             run_ok(self, ["export", kind, "--format", "json"], db=src).stdout,
                             kind)

    # Regression: leading and trailing spaces of a one-line text (e.g. a name "  x  " stored
    # through the API) are written quoted by `dti export` but trimmed by `dti import`,
    # so export → import → export is not byte-identical.
    def test_csv_round_trip_spaces(self):
        src = self.tmp.file("spaces.db")
        dtitest.make_empty(src)
        srv = Server(src)
        try:
            r = srv.post("/api/v1/processes", {"code": "SP-1", "name": "  padded name  ",
                                               "description": " desc "})
            self.assertEqual(r.status, 201, r.body)
        finally:
            self.assertEqual(srv.stop(), 0)
        first = run_ok(self, ["export", "processes"], db=src).stdout
        f = write(self.tmp.file("sp.csv"), first)
        dst = self.tmp.file("spaces2.db")
        dtitest.make_empty(dst)
        run_ok(self, ["import", "processes", f], db=dst)
        self.assertEqual(run_ok(self, ["export", "processes"], db=dst).stdout, first)

    def test_json_export(self):
        src = self.demo()
        for kind in KINDS:
            data = run_ok(self, ["export", kind, "--format", "json"], db=src).stdout
            doc = json.loads(data.decode("utf-8"))
            rows = csv_rows(run_ok(self, ["export", kind], db=src).stdout)
            self.assertIsInstance(doc, dict)
            items = doc["items"]
            self.assertEqual(len(items), len(rows), kind)
            self.assertGreater(len(items), 0)
            # the same columns, by the same human keys
            for item, row in zip(items, rows):
                self.assertEqual(set(item), set(row), kind)
                for k, v in row.items():
                    j = item[k]
                    if j is None:
                        self.assertEqual(v, "", "%s.%s" % (kind, k))
                    elif isinstance(j, list):
                        self.assertEqual("; ".join(j), v)
                    elif isinstance(j, (int, float)) and not isinstance(j, bool):
                        self.assertEqual(float(v), float(j), "%s.%s" % (kind, k))
                    else:
                        self.assertEqual(j, v, "%s.%s" % (kind, k))


class ImportErrorTests(CliCase):

    def import_refused(self, db, kind, name, text, want):
        """Import text as FILE name: exit 1, exactly the reports want [(line, column)],
        and nothing imported."""
        before = snapshot(db)
        f = write(self.tmp.file(name), text)
        p = run(["import", kind, f], db=db)
        self.assertEqual(p.returncode, 1, p.stderr)
        err = p.stderr.decode()
        for line in err.splitlines():
            if not line.startswith("dti: "):
                self.assertRegex(line, REPORT, "every problem reads FILE:LINE: column: "
                                 "message")
        got = reports(p.stderr)
        self.assertEqual(sorted(got), sorted((f, n, c) for n, c in want), "stderr:\n" + err)
        self.assertEqual(snapshot(db), before, "nothing is imported")
        return err

    def bad_rows(self, db):
        before = snapshot(db)
        procs = csv_rows(before[("processes", "csv")])
        unit = csv_rows(before[("units", "csv")])[0]["code"]
        return procs, unit

    def test_bad_rows_are_all_reported(self):
        # the mixture the issue asks about: problems found while reading the file
        # (enumeration, number) and problems found against the database (unknown unit,
        # range, duplicates) are all reported together
        db = self.demo()
        procs, unit = self.bad_rows(db)
        text = ("code,name,nature,unit,maturity\n"                    # 1
                "NEW-1,Fine,paper,%s,2\n"                              # 2
                "NEW-2,Bad enum,electronic,%s,2\n"                    # 3 nature
                "NEW-3,Bad unit,manual,NO-SUCH-UNIT,2\n"               # 4 unit
                "NEW-4,Fine too,,,\n"                                  # 5
                "NEW-5,Bad maturity,digital,%s,9\n"                    # 6 maturity
                "NEW-1,Duplicate in the file,paper,,1\n"               # 7 code
                "NEW-6,Not a number,paper,,three\n"                    # 8 maturity
                "%s,Duplicate of the database,paper,,1\n"              # 9 code
                "NEW-7,Fine at the end,digital,%s,5\n"                 # 10
                % (unit, unit, unit, procs[0]["code"], unit))
        err = self.import_refused(db, "processes", "procs.csv", text,
                                  [(3, "nature"), (4, "unit"), (6, "maturity"), (7, "code"),
                                   (8, "maturity"), (9, "code")])
        self.assertIn("NO-SUCH-UNIT", err)

    # Regression: when some row has a problem found while reading the CSV (unknown enumeration
    # value, text in a number column), `dti import` reports only those and says
    # nothing of the other bad rows (unknown unit, out-of-range maturity, duplicate
    # codes): "every problem is printed" (README) does not hold.

    def test_row_problems_are_all_reported(self):
        # only problems found against the database: each one is reported
        db = self.demo()
        procs, unit = self.bad_rows(db)
        text = ("code,name,nature,unit,maturity\n"                    # 1
                "NEW-1,Fine,paper,%s,2\n"                              # 2
                "NEW-3,Bad unit,manual,NO-SUCH-UNIT,2\n"               # 3 unit
                "NEW-4,Fine too,,,\n"                                  # 4
                "NEW-5,Bad maturity,digital,%s,9\n"                    # 5 maturity
                "NEW-1,Duplicate in the file,paper,,1\n"               # 6 code
                "%s,Duplicate of the database,paper,,1\n"              # 7 code
                "new-8,Lower-case code,paper,,1\n"                     # 8 code
                "NEW-9,Fine at the end,digital,%s,5\n"                 # 9
                % (unit, unit, procs[0]["code"], unit))
        err = self.import_refused(db, "processes", "procs.csv", text,
                                  [(3, "unit"), (5, "maturity"), (6, "code"), (7, "code"),
                                   (8, "code")])
        self.assertIn("NO-SUCH-UNIT", err)
        self.assertIn(procs[0]["code"], err)

    def test_parse_problems_are_all_reported(self):
        db = self.demo()
        procs, unit = self.bad_rows(db)
        text = ("code,name,nature,unit,maturity,annual_cost,status\n"   # 1
                "NEW-1,Fine,paper,%s,2,10,assessed\n"                    # 2
                "NEW-2,Bad enum,electronic,,2,10,assessed\n"            # 3 nature
                "NEW-3,Bad number,manual,,three,10,\n"                  # 4 maturity
                "NEW-4,Fine too,,,,,\n"                                 # 5
                "NEW-5,Bad cost,,,,1.2.3,\n"                            # 6 annual_cost
                "NEW-6,Bad status,,,,,finished\n"                       # 7 status
                % unit)
        self.import_refused(db, "processes", "procs.csv", text,
                            [(3, "nature"), (4, "maturity"), (6, "annual_cost"),
                             (7, "status")])

    def test_file_problems(self):
        db = self.demo()
        before = snapshot(db)
        procs = csv_rows(before[("processes", "csv")])
        # a file without a required column
        f2 = write(self.tmp.file("units.csv"), "code,name,parent\nNEWU,New unit,\n")
        p = run(["import", "units", f2], db=db)
        self.assertEqual(p.returncode, 1)
        self.assertIn((f2, 1, "kind"), reports(p.stderr), p.stderr.decode())
        self.assertEqual(snapshot(db), before)
        # an unknown column, and a row with too few fields
        f3 = write(self.tmp.file("goals.csv"),
                   "code,title,framework,colour\nG-NEW,New,internal,red\n")
        p = run(["import", "goals", f3], db=db)
        self.assertEqual(p.returncode, 1)
        self.assertIn((f3, 1, "colour"), reports(p.stderr), p.stderr.decode())
        f4 = write(self.tmp.file("goals2.csv"), "code,title,framework\nG-NEW,New\n")
        p = run(["import", "goals", f4], db=db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("%s:2:" % f4, p.stderr.decode())
        self.assertEqual(snapshot(db), before)
        # references in dependencies and goal links, by code
        # dependencies name their processes by code
        deps = csv_rows(before[("dependencies", "csv")])
        keys = {(d["from"], d["to"], d["kind"]) for d in deps}
        a, b = procs[-1]["code"], procs[-2]["code"]
        self.assertNotIn((a, b, "regulated_by"), keys)
        d0 = deps[0]
        text = ("from,to,kind,strength\n"
                "%s,%s,regulated_by,2\n"        # 2 fine
                "%s,NOPE,feeds,2\n"             # 3 to: no such process
                "%s,%s,feeds,5\n"               # 4 strength
                "%s,%s,triggers,1\n"            # 5 a process depending on itself
                % (a, b, procs[0]["code"], procs[2]["code"], procs[3]["code"],
                   procs[4]["code"], procs[4]["code"]))
        self.import_refused(db, "dependencies", "deps.csv", text,
                            [(3, "to"), (4, "strength"), (5, "to")])
        f = write(self.tmp.file("dup.csv"), "from,to,kind\n%s,%s,regulated_by\n%s,%s,%s\n" %
                  (a, b, d0["from"], d0["to"], d0["kind"]))
        p = run(["import", "dependencies", f], db=db)
        self.assertEqual(p.returncode, 1)
        self.assertEqual([r[1] for r in reports(p.stderr)], [3], p.stderr.decode())
        self.assertEqual(snapshot(db), before)
        self.import_refused(db, "dependencies", "kind.csv",
                            "from,to,kind\n%s,%s,loves\n" % (a, b), [(2, "kind")])
        # goal links
        goal = csv_rows(before[("goals", "csv")])[0]["code"]
        self.import_refused(db, "goal-links", "links.csv",
                            "process,goal,impact\n%s,%s,3\nNOPE,%s,3\n%s,NOPE,3\n%s,%s,7\n"
                            % (a, goal, goal, a, b, goal),
                            [(3, "process"), (4, "goal"), (5, "impact")])

    def test_stdin_and_people(self):
        db = self.tmp.file("people.db")
        dtitest.make_empty(db)
        p = run(["import", "units", "-"], db=db, input=b"code,name,kind\nHR,Human resources,department\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        text = ("email,name,unit,title,weekly_capacity_hours\n"
                "Ann.Lee@Example.ORG,Ann Lee,HR,Analyst,7.5\n"          # 2
                "ann.lee@example.org,Ann again,,,\n"                     # 3 email
                "bob@example,Bob,,,\n"                                   # 4 email
                "cy@example.org,Cy,XX,,\n"                               # 5 unit
                "di@example.org,Di,,,200\n")                             # 6 hours
        p = run(["import", "people", "-"], db=db, input=text.encode())
        self.assertEqual(p.returncode, 1)
        self.assertEqual(sorted(reports(p.stderr)),
                         [("stdin", 3, "email"), ("stdin", 4, "email"), ("stdin", 5, "unit"),
                          ("stdin", 6, "weekly_capacity_hours")], p.stderr.decode())
        p = run(["import", "people", "-"], db=db, input=text.split("ann.lee")[0].encode())
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = csv_rows(run_ok(self, ["export", "people"], db=db).stdout)
        self.assertEqual([(r["email"], r["unit"], r["weekly_capacity_hours"]) for r in rows],
                         [("ann.lee@example.org", "HR", "7.5")])
        # processes name their owner by e-mail, in any case
        p = run(["import", "processes", "-"], db=db,
                input=b"code,name,owner\nP-1,One,ANN.LEE@example.org\nP-2,Two,nobody@example.org\n")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(reports(p.stderr), [("stdin", 3, "owner")], p.stderr.decode())
        p = run(["import", "processes", "-"], db=db,
                input=b"code,name,owner\nP-1,One,ANN.LEE@example.org\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        rows = csv_rows(run_ok(self, ["export", "processes"], db=db).stdout)
        self.assertEqual([(r["code"], r["owner"]) for r in rows],
                         [("P-1", "ann.lee@example.org")])

    def test_line_numbers_after_multiline_fields(self):
        db = self.tmp.file("ml.db")
        dtitest.make_empty(db)
        text = ('code,name,description,maturity\n'                # 1
                'ML-1,First,"Line one\nline two",3\n'             # 2-3
                'ML-2,Second,plain,9\n'                           # 4  maturity
                'ML-3,Third,"a\n""b""\nc, d",2\n'                 # 5-7
                'ML-4,Fourth,ok,bad\n'                            # 8  maturity
                'ML-5,"Fifth, quoted",ok,1\n'                     # 9
                'ml-6,Sixth,ok,1\n')                              # 10 code
        for eol, name in (("\n", "lf"), ("\r\n", "crlf")):
            # a problem found while reading the file, after two multi-line records,
            # reported together with those found against the database
            self.import_refused(db, "processes", name + "-read.csv",
                                text.replace("\n", eol),
                                [(4, "maturity"), (8, "maturity"), (10, "code")])
            # problems found against the database, before and after them
            self.import_refused(db, "processes", name + "-rows.csv",
                                text.replace(",bad\n", ",1\n").replace("\n", eol),
                                [(4, "maturity"), (10, "code")])
        # fixed, with a byte-order mark: imported, line breaks kept
        good = "\ufeff" + text.replace(",9\n", ",4\n").replace(",bad\n", ",1\n") \
            .replace("ml-6", "ML-6")
        f = write(self.tmp.file("good.csv"), good)
        p = run_ok(self, ["import", "processes", f], db=db)
        self.assertIn("imported 6", p.stdout.decode())
        doc = json.loads(run_ok(self, ["export", "processes", "--format", "json"],
                                db=db).stdout)
        by_code = {i["code"]: i for i in doc["items"]}
        self.assertEqual(by_code["ML-1"]["description"], "Line one\nline two")
        self.assertEqual(by_code["ML-3"]["description"], 'a\n"b"\nc, d')
        self.assertEqual(by_code["ML-5"]["name"], "Fifth, quoted")

    def test_parent_later_in_the_file_and_cycles(self):
        db = self.tmp.file("tree.db")
        dtitest.make_empty(db)
        f = write(self.tmp.file("units.csv"),
                  "code,name,kind,parent\nB,Bureau,bureau,S\nS,Sector,sector,\n")
        run_ok(self, ["import", "units", f], db=db)
        rows = csv_rows(run_ok(self, ["export", "units"], db=db).stdout)
        self.assertEqual({r["code"]: r["parent"] for r in rows}, {"B": "S", "S": ""})
        before = snapshot(db)
        f = write(self.tmp.file("cycle.csv"),
                  "code,name,kind,parent\nX,X,unit,Y\nY,Y,unit,X\n")
        p = run(["import", "units", f], db=db)
        self.assertEqual(p.returncode, 1)
        self.assertTrue([r for r in reports(p.stderr) if r[2] == "parent"], p.stderr.decode())
        self.assertEqual(snapshot(db), before)


class ShowTests(CliCase):

    def test_show(self):
        db = self.demo()
        procs = {r["code"]: r for r in csv_rows(run_ok(self, ["export", "processes"],
                                                       db=db).stdout)}
        deps = csv_rows(run_ok(self, ["export", "dependencies"], db=db).stdout)
        links = csv_rows(run_ok(self, ["export", "goal-links"], db=db).stdout)
        outs = {}
        ins = {}
        for d in deps:
            outs.setdefault(d["from"], []).append(d)
            ins.setdefault(d["to"], []).append(d)
        code = next(c for c in procs if c in outs and c in ins)
        p = run_ok(self, ["show", code], db=db)
        out = p.stdout.decode()
        self.assertIn(code, out)
        self.assertIn(procs[code]["name"], out)
        self.assertIn(procs[code]["name_zh"], out)
        for d in outs[code]:
            self.assertIn(d["to"], out)
            self.assertIn(procs[d["to"]]["name"], out)
            self.assertIn(d["kind"], out)
        for d in ins[code]:
            self.assertIn(d["from"], out)
        for l in links:
            if l["process"] == code:
                self.assertIn(l["goal"], out)
        # --json: the process itself
        j = json.loads(run_ok(self, ["show", code, "--json"], db=db).stdout)
        self.assertEqual(j["code"], code)
        self.assertEqual(j["name"], procs[code]["name"])
        p = run(["show", "NO-SUCH-CODE"], db=db)
        self.assertEqual(p.returncode, 1)
        self.assertIn("NO-SUCH-CODE", p.stderr.decode())
        self.assertEqual(p.stdout, b"")


class MissingDatabaseTests(CliCase):

    def test_missing_database(self):
        path = self.tmp.file("absent.db")
        f = write(self.tmp.file("u.csv"), "code,name,kind\nU,U,unit\n")
        for args in (["export", "units"], ["show", "X"], ["import", "units", f],
                     ["serve", "--listen", "127.0.0.1:0"]):
            p = run(args, db=path, timeout=30)
            self.assertNotEqual(p.returncode, 0, args)
            err = p.stderr.decode()
            self.assertIn(path, err, args)
            self.assertRegex(err, r"(?i)no database|not found|does not exist|dti init",
                             "%s: the message says what is wrong" % args)
            self.assertFalse(os.path.exists(path), "%s created the database" % args)
        p = run(["export", "units"], db=self.tmp.file("no/such/dir/x.db"))
        self.assertNotEqual(p.returncode, 0)
        p = run(["import", "units", self.tmp.file("nofile.csv")], db=self.demo())
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("nofile.csv", p.stderr.decode())


def generated_csv(n, minimal=False):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if minimal:
        w.writerow(["code", "name"])
        for i in range(n):
            w.writerow(["GEN-%05d" % i, "G%d" % i])
        return out.getvalue()
    w.writerow(["code", "name", "nature", "volume_per_year"])
    for i in range(n):
        w.writerow(["GEN-%05d" % i, "Generated process %d" % i,
                    ["paper", "manual", "digital"][i % 3], i * 3])
    return out.getvalue()


class LargeImportTests(CliCase):

    def test_import_12000(self):
        n = 12000
        db = self.tmp.file("big.db")
        dtitest.make_empty(db)
        f = write(self.tmp.file("big.csv"), generated_csv(n))
        p = run(["import", "processes", f], db=db, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, b"", "no progress output when stderr is not a terminal")
        self.assertIn("imported %d processes" % n, p.stdout.decode())
        srv = Server(db)
        try:
            r = srv.get("/api/v1/processes", params={"limit": 1})
            self.assertEqual(r.status, 200)
            self.assertGreaterEqual(r.body["total"], n)
            self.assertEqual(r.body["total"], n)
            self.assertEqual(len(r.body["items"]), 1)
            r = srv.get("/api/v1/processes", params={"nature": "paper", "limit": 1})
            self.assertEqual(r.body["total"], len(range(0, n, 3)))
            r = srv.get("/api/v1/processes", params={"q": "GEN-11999"})
            self.assertEqual([i["code"] for i in r.body["items"]], ["GEN-11999"])
            r = srv.get("/api/v1/processes", params={"sort": "-volume_per_year", "limit": 1})
            self.assertEqual(r.body["items"][0]["volume_per_year"], (n - 1) * 3)
            self.assertEqual(srv.get("/api/v1/stats").body["totals"]["processes"], n)
        finally:
            self.assertEqual(srv.stop(), 0)

    def test_progress_on_a_terminal(self):
        # the counterpart: on a terminal, a large import shows its progress
        db = self.tmp.file("tty.db")
        dtitest.make_empty(db)
        f = write(self.tmp.file("tty.csv"), generated_csv(10000, minimal=True))
        master, slave = pty.openpty()
        proc = subprocess.Popen([dtitest.DTI, "import", "processes", f, "--db", db],
                                stdout=subprocess.PIPE, stderr=slave,
                                env=dtitest.clean_env())
        os.close(slave)
        err = b""
        while True:
            r, _, _ = select.select([master], [], [], 120)
            if not r:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        out, _ = proc.communicate(timeout=120)
        os.close(master)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn(b"10000/10000", err)
        self.assertIn(b"imported 10000", out)


class ServeTests(CliCase):

    def test_occupied_port(self):
        db = self.demo()
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            port = s.getsockname()[1]
            p = run(["serve", "--listen", "127.0.0.1:%d" % port], db=db, timeout=30)
            self.assertNotEqual(p.returncode, 0)
            err = p.stderr.decode()
            self.assertIn("127.0.0.1:%d" % port, err)
            self.assertRegex(err, r"(?i)in use|cannot listen")
            self.assertNotIn(b"serving", p.stdout)
        finally:
            s.close()

    # Regression: the server sets SO_REUSEPORT (MHD_OPTION_LISTENING_ADDRESS_REUSE), so a
    # second `dti serve` on the port of a running one starts too and the kernel shares
    # the connections between both processes instead of refusing.
    def test_port_of_a_running_server(self):
        db = self.demo()
        first = Server(db)
        second = None
        try:
            second = subprocess.Popen([dtitest.DTI, "serve", "--db", db, "--listen",
                                       "127.0.0.1:%d" % first.port],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      env=dtitest.clean_env())
            try:
                out, err = second.communicate(timeout=2)
            except subprocess.TimeoutExpired:
                self.fail("a second server on port %d is running" % first.port)
            self.assertNotEqual(second.returncode, 0)
            self.assertIn("127.0.0.1:%d" % first.port, err.decode())
        finally:
            if second and second.poll() is None:
                second.terminate()
                second.wait(10)
            self.assertEqual(first.stop(), 0)

    def test_sigint_stops_cleanly(self):
        db = self.demo()
        srv = Server(db)
        self.assertEqual(srv.get("/api/v1/health").status, 200)
        self.assertEqual(srv.stop(signal.SIGINT), 0, srv.log())

    def test_sigterm_during_writes(self):
        db = self.demo()
        srv = Server(db, threads=2)
        acked = []
        errors = []
        lock = threading.Lock()
        stop = threading.Event()

        def client(k):
            conn = srv.connection(timeout=10)
            i = 0
            while not stop.is_set():
                code = "BURST-%d-%05d" % (k, i)
                i += 1
                try:
                    r = srv.request("POST", "/api/v1/processes",
                                    body={"code": code, "name": "Burst %s" % code},
                                    conn=conn)
                except (OSError, http.client.HTTPException) as e:
                    errors.append(repr(e))
                    # the server is going away: a fresh connection is refused
                    try:
                        conn.close()
                        conn = srv.connection(timeout=10)
                        r = srv.request("GET", "/api/v1/health", conn=conn)
                    except (OSError, http.client.HTTPException):
                        break
                    continue
                with lock:
                    if r.status == 201:
                        acked.append(code)
                    elif r.status != 503:
                        errors.append("unexpected %d %r" % (r.status, r.body))
            conn.close()

        threads = [threading.Thread(target=client, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with lock:
                if len(acked) >= 150:
                    break
            time.sleep(0.01)
        rc = srv.stop(signal.SIGTERM)
        stop.set()
        for t in threads:
            t.join(30)
        self.assertEqual(rc, 0, "exit status after SIGTERM; log:\n%s" % srv.log())
        self.assertGreaterEqual(len(acked), 150, errors[:5])
        self.assertFalse([e for e in errors if e.startswith("unexpected")], errors[:5])
        stored = {r["code"] for r in csv_rows(run_ok(self, ["export", "processes"],
                                                     db=db).stdout)}
        lost = [c for c in acked if c not in stored]
        self.assertEqual(lost, [], "%d of %d acknowledged writes are missing" %
                         (len(lost), len(acked)))
        # the database is still sound and serves again
        srv2 = Server(db)
        try:
            self.assertEqual(srv2.get("/api/v1/health").status, 200)
        finally:
            self.assertEqual(srv2.stop(), 0)


if __name__ == "__main__":
    dtitest.main()
