"""POST /api/v1/import/{kind}: a CSV file over HTTP (the browser's import page uses
it), all rows or none, every bad row reported with its line and column, nothing
written on any error, analysts and administrators only."""
import dtitest
from dtitest import run, snapshot, unique

HEADER = "code,name,unit,owner,nature,maturity,volume_per_year\n"


def process_csv(rows):
    return HEADER + "".join(",".join(r) + "\n" for r in rows)


class ImportApiTests(dtitest.ServerCase):
    DEMO = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tokens = {}
        for role, unit in (("analyst", None), ("owner", "HRMD"), ("viewer", None)):
            email = "import-%s@example.org" % role
            args = ["user", "add", email, "--role", role, "--password-stdin"]
            if unit:
                args += ["--unit", unit]
            p = run(args, db=cls.db, input=b"import-tests-Zr8#vQ1x\n")
            assert p.returncode == 0, p.stderr
            p = run(["token", "create", "--user", email, "--name", "t"], db=cls.db)
            assert p.returncode == 0, p.stderr
            cls.tokens[role] = p.stdout.decode().splitlines()[0].strip()

    def upload(self, kind, text, role="analyst", params=None, method="POST"):
        headers = {"Content-Type": "text/csv; charset=utf-8"}
        if role:
            headers["Authorization"] = "Bearer " + self.tokens[role]
        return self.server.request(method, "/api/v1/import/" + kind,
                                   body=text.encode("utf-8") if isinstance(text, str) else text,
                                   headers=headers, params=params, auth=role is not None)

    def assertUnchanged(self, before, what):
        self.assertEqual(snapshot(self.db), before, "%s changed the database" % what)

    def test_import_processes(self):
        a, b = unique("IMP"), unique("IMP")
        text = process_csv([[a, "Archivage des contrats", "HRMD", "", "paper", "2", "120"],
                            [b, "发票登记", "HRMD-REC", "", "digital", "", ""]])
        r = self.upload("processes", text, params={"filename": "contrats.csv"})
        self.assertStatus(r, 201, "import")
        self.assertEqual(r.body, {"kind": "processes", "rows": 2, "imported": 2,
                                  "dry_run": False})
        got = self.get("/api/v1/processes", params={"q": a}).body["items"]
        self.assertEqual([(p["code"], p["name"], p["nature"], p["maturity"],
                           p["volume_per_year"]) for p in got],
                         [(a, "Archivage des contrats", "paper", 2, 120)])
        got = self.get("/api/v1/processes", params={"q": b}).body["items"]
        self.assertEqual(got[0]["name"], "发票登记")
        # one audit entry for the import, by the analyst, naming the file
        audit = self.get("/api/v1/audit", params={"entity": "processes",
                                                  "actor": "import-analyst@example.org"})
        self.assertStatus(audit, 200)
        imports = [e["after"] for e in audit.body["items"] if e["action"] == "import" and
                   e["after"]["source"] == "contrats.csv"]
        self.assertEqual(len(imports), 1, audit.body)
        self.assertEqual(imports[0]["rows"], 2)

    def test_dry_run_checks_and_writes_nothing(self):
        before = snapshot(self.db)
        code = unique("DRY")
        r = self.upload("processes", process_csv([[code, "Dry run", "HRMD", "", "", "", ""]]),
                        params={"dry_run": "true"})
        self.assertStatus(r, 200, "dry run")
        self.assertEqual(r.body, {"kind": "processes", "rows": 1, "imported": 0,
                                  "dry_run": True})
        self.assertUnchanged(before, "a dry run")
        # and a bad file in a dry run gets the same report as a real import
        r = self.upload("processes", process_csv([[code, "Dry run", "NO-SUCH-UNIT", "", "",
                                                   "", ""]]), params={"dry_run": "true"})
        p = self.assertProblem(r, 422, "unit")
        self.assertEqual([(e["line"], e["column"]) for e in p["errors"]], [(2, "unit")])
        self.assertUnchanged(before, "a bad dry run")

    def test_bad_rows_all_reported_nothing_written(self):
        before = snapshot(self.db)
        good, dup = unique("OK"), "HR-REC-01"          # HR-REC-01 exists in the demo
        text = process_csv([[good, "Fine", "HRMD", "", "manual", "3", "10"],
                            [unique("BAD"), "Bad maturity", "HRMD", "", "", "9", ""],
                            [unique("BAD"), "Unknown unit", "NOPE", "", "", "", ""],
                            [unique("BAD"), "Not a number", "HRMD", "", "", "", "many"],
                            [dup, "Duplicate code", "HRMD", "", "", "", ""],
                            [unique("BAD"), "Wrong nature", "HRMD", "", "scroll", "", ""]])
        r = self.upload("processes", text, params={"filename": "bad.csv"})
        p = self.assertProblem(r, 422)
        got = [(e["line"], e["column"]) for e in p["errors"]]
        # line 1 is the header; parse errors and database checks in one report, by line
        self.assertEqual([line for line, _ in got], sorted(line for line, _ in got))
        for expected in [(3, "maturity"), (4, "unit"), (5, "volume_per_year"), (6, "code"),
                         (7, "nature")]:
            self.assertIn(expected, got, p)
        self.assertNotIn(2, [line for line, _ in got], "the good row is not a problem")
        self.assertEqual(p["problems"], len(p["errors"]))
        self.assertIn("bad.csv", p["detail"])
        self.assertIn("nothing imported", p["detail"])
        for e in p["errors"]:
            self.assertTrue(e["message"], e)
        self.assertUnchanged(before, "a file with bad rows")

    def test_bad_files(self):
        before = snapshot(self.db)
        cases = [
            ("no header match", "colour,size\nred,big\n", 422),
            ("invalid UTF-8", HEADER.encode() + b"X-1,caf\xe9,HRMD,,,,\n", 422),
            ("unclosed quote", HEADER + 'X-2,"open,HRMD,,,,\n', 422),
        ]
        for what, text, status in cases:
            r = self.upload("processes", text)
            p = self.assertProblem(r, status, what=what)
            self.assertTrue(p["errors"], what)
            self.assertTrue(all(e["line"] >= 1 for e in p["errors"]), (what, p))
        self.assertProblem(self.upload("processes", ""), 400, what="empty body")
        self.assertUnchanged(before, "bad files")

    def test_other_kinds(self):
        unit = unique("U")
        r = self.upload("units", "code,name,kind,parent\n%s,Archives unit,unit,HRMD\n" % unit)
        self.assertStatus(r, 201, "units")
        r = self.upload("goal-links", "process,goal,impact\nHR-REC-01,NOPE,3\n")
        p = self.assertProblem(r, 422)
        self.assertEqual([(e["line"], e["column"]) for e in p["errors"]], [(2, "goal")])

    def test_roles(self):
        before = snapshot(self.db)
        text = process_csv([[unique("R"), "By role", "HRMD", "", "", "", ""]])
        for role in ("owner", "viewer"):
            self.assertProblem(self.upload("processes", text, role=role), 403, what=role)
        self.assertProblem(self.upload("processes", text, role=None), 401, what="anonymous")
        self.assertUnchanged(before, "refused imports")

    def test_bad_requests(self):
        before = snapshot(self.db)
        text = process_csv([[unique("Q"), "Bad request", "HRMD", "", "", "", ""]])
        self.assertProblem(self.upload("users", text), 404, what="users are not imported")
        self.assertProblem(self.upload("nothing", text), 404, what="unknown kind")
        r = self.upload("processes", text, method="GET")
        self.assertProblem(r, 405, what="GET")
        self.assertEqual(r.headers.get("allow"), "POST")
        self.assertProblem(self.upload("processes", text, params={"dry_run": "yes"}), 400)
        self.assertProblem(self.upload("processes", text, params={"force": "true"}), 400)
        self.assertProblem(self.upload("processes", text, params={"filename": "x" * 300}),
                           400)
        self.assertUnchanged(before, "bad requests")

    def test_file_larger_than_a_json_body(self):
        # more than the 1 MiB allowed for JSON bodies, and enough rows for the bulk path
        prefix = unique("BIG")
        rows = [["%s-%05d" % (prefix, i), "Large import row %d " % i + "x" * 120, "HRMD",
                 "", "manual", "2", str(i)] for i in range(9000)]
        text = process_csv(rows)
        self.assertGreater(len(text.encode()), 1024 * 1024)
        r = self.upload("processes", text)
        self.assertStatus(r, 201, "a 1.4 MB file")
        self.assertEqual(r.body["imported"], 9000)
        total = self.get("/api/v1/processes", params={"q": prefix, "limit": 1}).body["total"]
        self.assertEqual(total, 9000)
        # JSON bodies keep their 1 MiB limit
        r = self.post("/api/v1/processes", {"code": "J", "name": "y" * (1024 * 1024 + 10)})
        self.assertProblem(r, 413)


if __name__ == "__main__":
    dtitest.main()
