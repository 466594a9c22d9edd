"""test_bad_input.py — every kind of bad request gets the right 4xx RFC 9457 problem
(application/problem+json, "status" equal to the HTTP status, an `errors` entry
naming the field) and leaves the database exactly as it was (docs/api.md: "Nothing
is ever written by a request that gets an error")."""
import unittest

import dtitest
from dtitest import ServerCase, unique

API = "/api/v1"
PROCS = API + "/processes"


class BadInputCase(ServerCase):
    """One demo database; each test compares the whole database (every kind exported
    by `dti export`, and every row with its version through the API, deleted ones
    included) after each refused request with the state at the test's start."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        cls.procs = s.list_all("processes")[0]
        cls.units = s.list_all("units")[0]
        cls.people = s.list_all("people")[0]
        cls.goals = s.list_all("goals")[0]
        cls.deps = s.list_all("dependencies")[0]
        # a deleted unit, to refer to
        r = s.post(API + "/units", {"code": unique("GONE"), "name": "Gone", "kind": "unit"})
        assert r.status == 201, r.body
        cls.gone_unit = r.body["id"]
        assert s.delete("%s/units/%d" % (API, cls.gone_unit)).status == 200

    def setUp(self):
        self.before_export = dtitest.snapshot(self.db)
        self.before = dtitest.api_snapshot(self.server)

    def tearDown(self):
        if getattr(getattr(self, self._testMethodName), "__unittest_expecting_failure__",
                   False):
            return  # a known bug wrote rows; the next test starts from what is there
        # the whole export, every kind, is as it was when the test began
        after = dtitest.snapshot(self.db)
        for k in after:
            self.assertEqual(after[k], self.before_export[k],
                             "%s: the requests of this test changed the export of %s" %
                             (self.id(), k))

    def assertUnchanged(self, what):
        """Every row (deleted ones too) with its version and timestamps is as before."""
        after = dtitest.api_snapshot(self.server)
        for k in after:
            if after[k] != self.before[k]:
                self.fail("%s changed the %s rows" % (what, k))

    def refused(self, method, path, body, status, field=None, headers=None, params=None):
        """Send a request that must be refused with status (naming field) and change
        nothing; returns the problem document."""
        what = "%s %s %s" % (method, path, body if not isinstance(body, bytes) or
                             len(body) < 300 else "<%d bytes>" % len(body))
        r = self.server.request(method, path, body=body, headers=headers, params=params)
        p = self.assertProblem(r, status, field, what=what)
        self.assertUnchanged(what)
        return p

    def proc(self, i=0):
        return self.procs[i]

    def purl(self, p):
        return "%s/%d" % (PROCS, p["id"])


def new_proc(**kw):
    b = {"code": unique("BAD"), "name": "A new process"}
    b.update(kw)
    return b


class BodyTests(BadInputCase):

    def test_not_a_json_object(self):
        for body in (b'{"code": "X1", "name": "x",', b'{code: "X1"}', b"{'code': 'X1'}",
                     b'[{"code": "X1", "name": "x"}]', b"[]", b'"a string"', b"42", b"null",
                     b"true", b'{"code": "X1", "name": "x"} trailing',
                     b'{"code": "X1", "code": "X2", "name": "x"}'):
            self.refused("POST", PROCS, body, 400)
            self.refused("PATCH", self.purl(self.proc()), body, 400)

    def test_empty_body(self):
        self.refused("POST", PROCS, b"", 400)
        self.refused("POST", API + "/units", None, 400)
        self.refused("PATCH", self.purl(self.proc()), b"", 400)

    def test_wrong_types(self):
        cases = [("maturity", "3"), ("maturity", True), ("maturity", [3]), ("maturity", 2.5),
                 ("name", 42), ("name", ["a"]), ("name", {"en": "x"}),
                 ("systems", {"SAP": True}), ("systems", "SAP ERP"), ("systems", [1, 2]),
                 ("systems", [None]),
                 ("volume_per_year", 12.5), ("volume_per_year", "12"),
                 ("annual_cost", "1000"), ("unit_id", "7"), ("unit_id", 1.5),
                 ("nature", 1), ("kind", True), ("change_from", 20270101),
                 ("description", False)]
        for field, value in cases:
            self.refused("POST", PROCS, new_proc(**{field: value}), 422, field)
            p = self.proc(3)
            self.refused("PATCH", self.purl(p), {"version": p["version"], field: value},
                         422, field)
        self.refused("POST", API + "/people",
                     {"email": "t.%s@example.org" % unique("p").lower(), "name": "T",
                      "weekly_capacity_hours": "8"}, 422, "weekly_capacity_hours")
        self.refused("POST", API + "/dependencies",
                     {"from_id": str(self.proc(0)["id"]), "to_id": self.proc(1)["id"],
                      "kind": "feeds"}, 422, "from_id")

    def test_unknown_field(self):
        self.refused("POST", PROCS, new_proc(colour="red"), 422, "colour")
        self.refused("POST", API + "/units", {"code": unique("U"), "name": "U", "kind": "unit",
                                              "budget": 5}, 422, "budget")
        p = self.proc()
        self.refused("PATCH", self.purl(p), {"version": p["version"], "Name": "x"}, 422, "Name")
        # CSV column names are not JSON members
        self.refused("POST", PROCS, new_proc(unit=self.units[0]["code"]), 422, "unit")

    def test_several_problems_are_all_named(self):
        p = self.refused("POST", PROCS, {"code": "bad code", "name": "x", "maturity": 9,
                                          "nature": "electronic"}, 422)
        fields = {e["field"] for e in p["errors"]}
        self.assertTrue({"code", "maturity", "nature"} <= fields, p)

    def test_missing_required(self):
        self.refused("POST", PROCS, {"name": "No code"}, 422, "code")
        self.refused("POST", PROCS, {"code": unique("BAD")}, 422, "name")
        self.refused("POST", API + "/units", {"code": unique("U"), "name": "U"}, 422, "kind")
        self.refused("POST", API + "/people", {"name": "No mail"}, 422, "email")
        self.refused("POST", API + "/goals", {"code": unique("G"), "framework": "internal"},
                     422, "title")
        self.refused("POST", API + "/dependencies", {"from_id": self.proc(0)["id"],
                                                     "kind": "feeds"}, 422, "to_id")
        self.refused("POST", "%s/%d/goals" % (PROCS, self.proc(0)["id"]),
                     {"goal_id": self.goals[0]["id"]}, 422, "impact")
        self.refused("POST", PROCS, {}, 422, "code")
        self.refused("POST", PROCS, new_proc(name=""), 422, "name")

    def test_server_fields_in_body(self):
        for field, value in (("id", 99999), ("created_at", "2020-01-01T00:00:00Z"),
                             ("updated_at", "2020-01-01T00:00:00Z"),
                             ("deleted_at", None), ("version", 1)):
            self.refused("POST", PROCS, new_proc(**{field: value}), 422, field)
        p = self.proc(2)
        for field, value in (("id", p["id"] + 1), ("created_at", "2020-01-01T00:00:00Z"),
                             ("deleted_at", "2020-01-01T00:00:00Z")):
            self.refused("PATCH", self.purl(p), {"version": p["version"], field: value},
                         422, field)

    def test_patch_version(self):
        p = self.proc(4)
        url = self.purl(p)
        self.refused("PATCH", url, {"name": "No version"}, 422, "version")
        for v in ("1", 0, -1, 1.5, None, [1]):
            self.refused("PATCH", url, {"name": "x", "version": v}, 422, "version")
        for h in ('"abc"', "", '"0"', '"-1"'):
            self.refused("PATCH", url, {"name": "x"}, 422, "version", headers={"If-Match": h})
        # a stale version: 409
        self.refused("PATCH", url, {"name": "x", "version": p["version"] + 1}, 409, "version")
        self.refused("PATCH", url, {"name": "x"}, 409, "version",
                     headers={"If-Match": '"%d"' % (p["version"] + 5)})
        # a good change together with a bad one: nothing is written
        self.refused("PATCH", url, {"version": p["version"], "name": "Changed",
                                    "maturity": 9}, 422, "maturity")
        self.refused("PATCH", url, {"version": p["version"], "name": "Changed",
                                    "unit_id": 999999}, 422, "unit_id")

    def test_too_long(self):
        self.refused("POST", PROCS, new_proc(name="x" * 201), 422, "name")
        self.refused("POST", PROCS, new_proc(name="长" * 201), 422, "name")
        self.refused("POST", PROCS, new_proc(name_zh="长" * 201), 422, "name_zh")
        self.refused("POST", PROCS, new_proc(description="d" * 10001), 422, "description")
        self.refused("POST", PROCS, new_proc(pain_points="é" * 10001), 422, "pain_points")
        self.refused("POST", API + "/units", {"code": unique("U"), "kind": "unit",
                                              "name": "n" * 201}, 422, "name")
        self.refused("POST", API + "/goals", {"code": unique("G"), "framework": "internal",
                                              "title": "t" * 201}, 422, "title")
        self.refused("POST", API + "/dependencies",
                     {"from_id": self.proc(0)["id"], "to_id": self.proc(5)["id"],
                      "kind": "regulated_by", "note": "n" * 2001}, 422, "note")
        self.refused("POST", PROCS, new_proc(code="C" * 33), 422, "code")

    def test_invalid_utf8(self):
        for raw, field in (
                (b'{"code":"BADUTF","name":"abc\xff\xfe def"}', "name"),
                (b'{"code":"BADUTF","name":"ok","description":"caf\xc3"}', "description"),
                (b'{"code":"BADUTF","name":"ok", "name_zh" : "\xe6\x88"}', "name_zh"),
                # overlong "/" and a UTF-16 surrogate, both forbidden in UTF-8
                (b'{"code":"BADUTF","name":"a\xc0\xafb"}', "name"),
                (b'{"code":"BADUTF","name":"a\xed\xa0\x80b"}', "name"),
                (b'{"code":"BADUTF","name":"ok","systems":["SAP","x\x80y"]}', "systems"),
                (b'{"code":"BADUTF","name":"ok","pain_points":"\xf5\x80\x80\x80"}',
                 "pain_points")):
            self.refused("POST", PROCS, raw, 400, field)
        p = self.proc()
        self.refused("PATCH", self.purl(p),
                     b'{"version":%d,"name":"x\xffy"}' % p["version"], 400, "name")

    def test_enum_values(self):
        for field, value in (("nature", "electronic"), ("nature", "Paper"), ("nature", ""),
                             ("status", "done"), ("kind", "task"), ("source", "email"),
                             ("status", "inventoried ")):
            self.refused("POST", PROCS, new_proc(**{field: value}), 422, field)
        self.refused("POST", API + "/units", {"code": unique("U"), "name": "U",
                                              "kind": "team"}, 422, "kind")
        self.refused("POST", API + "/goals", {"code": unique("G"), "title": "G",
                                              "framework": "sdg"}, 422, "framework")
        self.refused("POST", API + "/dependencies",
                     {"from_id": self.proc(0)["id"], "to_id": self.proc(7)["id"],
                      "kind": "blocks"}, 422, "kind")

    def test_ranges(self):
        for field, value in (("maturity", 0), ("maturity", 6), ("maturity", -1),
                             ("annual_cost", -0.01), ("annual_cost", -1000),
                             ("volume_per_year", -1), ("staff_hours_per_year", -5)):
            self.refused("POST", PROCS, new_proc(**{field: value}), 422, field)
        p = self.proc(6)
        self.refused("PATCH", self.purl(p), {"version": p["version"], "maturity": 6}, 422,
                     "maturity")
        self.refused("POST", API + "/people", {"email": "r.%s@example.org" % unique("p").lower(),
                                               "name": "R", "weekly_capacity_hours": 169},
                     422, "weekly_capacity_hours")
        self.refused("POST", API + "/people", {"email": "r.%s@example.org" % unique("p").lower(),
                                               "name": "R", "weekly_capacity_hours": -1},
                     422, "weekly_capacity_hours")
        for s in (0, 4):
            self.refused("POST", API + "/dependencies",
                         {"from_id": self.proc(0)["id"], "to_id": self.proc(9)["id"],
                          "kind": "regulated_by", "strength": s}, 422, "strength")
        for imp in (0, 6):
            self.refused("POST", "%s/%d/goals" % (PROCS, self.proc(0)["id"]),
                         {"goal_id": self.goals[-1]["id"], "impact": imp}, 422, "impact")

    def test_dates(self):
        for field in ("change_from", "change_to"):
            for v in ("2027-02-30", "27-01-01", "2027-13-01", "2027-1-1", "2027/01/01",
                      "01.01.2027", "2027-00-10", "2027-04-31", "2026-02-29", ""):
                self.refused("POST", PROCS, new_proc(**{field: v}), 422, field)
        self.refused("POST", PROCS, new_proc(change_from="2027-06-01",
                                             change_to="2027-05-31"), 422, "change_to")
        p = next(x for x in self.procs if x["change_from"])
        self.refused("PATCH", self.purl(p), {"version": p["version"], "change_to": "1999-01-01"},
                     422, "change_to")

    def test_codes(self):
        for code in ("hr-rec-99", "Hr-REC", "HR REC", " ", "HR\t1", "-HR", ".HR", "HR/1",
                     "HR#1", "ÉCOLE", ""):
            self.refused("POST", PROCS, new_proc(code=code), 422, "code")
        self.refused("POST", API + "/units", {"code": "abc", "name": "U", "kind": "unit"}, 422,
                     "code")
        self.refused("POST", API + "/goals", {"code": "G 1", "title": "G",
                                              "framework": "internal"}, 422, "code")

    def test_duplicate_keys(self):
        existing = self.proc(10)
        self.refused("POST", PROCS, new_proc(code=existing["code"]), 409, "code")
        other = self.proc(11)
        self.refused("PATCH", self.purl(other), {"version": other["version"],
                                                 "code": existing["code"]}, 409, "code")
        self.refused("POST", API + "/units", {"code": self.units[3]["code"], "name": "U",
                                              "kind": "unit"}, 409, "code")
        self.refused("POST", API + "/goals", {"code": self.goals[2]["code"], "title": "G",
                                              "framework": "internal"}, 409, "code")
        person = self.people[5]
        self.refused("POST", API + "/people", {"email": person["email"], "name": "Twin"},
                     409, "email")
        # e-mail is compared as stored: lower-case
        self.refused("POST", API + "/people", {"email": person["email"].upper(),
                                               "name": "Twin"}, 409, "email")
        other = self.people[6]
        self.refused("PATCH", "%s/people/%d" % (API, other["id"]),
                     {"version": other["version"], "email": person["email"]}, 409, "email")
        d = self.deps[0]
        self.refused("POST", API + "/dependencies", {"from_id": d["from_id"],
                                                     "to_id": d["to_id"], "kind": d["kind"],
                                                     "strength": 1}, 409)
        links = self.get("%s/%d/goals" % (PROCS, self.proc(0)["id"])).body["items"]
        self.assertTrue(links, "the first demo process has goal links")
        self.refused("POST", "%s/%d/goals" % (PROCS, self.proc(0)["id"]),
                     {"goal_id": links[0]["goal_id"], "impact": 1}, 409)

    def test_emails(self):
        for e in ("not-an-email", "a@b", "@example.org", "a@", "a b@example.org",
                  "a@@example.org", "a@example.", "a,b@example.org", "<a@example.org>", ""):
            self.refused("POST", API + "/people", {"email": e, "name": "E"}, 422, "email")

    def test_missing_references(self):
        self.refused("POST", PROCS, new_proc(unit_id=999999), 422, "unit_id")
        self.refused("POST", PROCS, new_proc(unit_id=self.gone_unit), 422, "unit_id")
        self.refused("POST", PROCS, new_proc(owner_id=999999), 422, "owner_id")
        self.refused("POST", PROCS, new_proc(parent_id=999999), 422, "parent_id")
        self.refused("POST", PROCS, new_proc(unit_id=0), 422, "unit_id")
        self.refused("POST", PROCS, new_proc(unit_id=-3), 422, "unit_id")
        self.refused("POST", API + "/people", {"email": "m.%s@example.org" % unique("p").lower(),
                                               "name": "M", "unit_id": 999999}, 422, "unit_id")
        self.refused("POST", API + "/units", {"code": unique("U"), "name": "U", "kind": "unit",
                                              "parent_id": 999999}, 422, "parent_id")
        self.refused("POST", API + "/goals", {"code": unique("G"), "title": "G",
                                              "framework": "internal", "parent_id": 999999},
                     422, "parent_id")
        self.refused("POST", API + "/dependencies", {"from_id": 999999,
                                                     "to_id": self.proc(0)["id"],
                                                     "kind": "feeds"}, 422, "from_id")
        self.refused("POST", "%s/%d/goals" % (PROCS, self.proc(0)["id"]),
                     {"goal_id": 999999, "impact": 3}, 422, "goal_id")
        p = self.proc(12)
        self.refused("PATCH", self.purl(p), {"version": p["version"], "owner_id": 999999},
                     422, "owner_id")
        # a goal link under a missing process
        self.refused("POST", "%s/999999/goals" % PROCS, {"goal_id": self.goals[0]["id"],
                                                        "impact": 3}, 404)
        self.refused("POST", "%s/%d/goals" % (PROCS, self.proc(0)["id"]),
                     {"goal_id": self.goals[1]["id"], "impact": 3,
                      "process_id": self.proc(1)["id"]}, 422, "process_id")

    def chain(self, items):
        """The longest line of ancestors in items, top first (at most 3)."""
        by_id = {i["id"]: i for i in items}
        best = []
        for i in items:
            line = [i]
            while line[0]["parent_id"] in by_id and len(line) < 3:
                line.insert(0, by_id[line[0]["parent_id"]])
            if len(line) > len(best):
                best = line
        return best

    def test_cycles(self):
        for res, items, depth in (("processes", self.procs, 3), ("units", self.units, 3),
                                  ("goals", self.goals, 2)):
            line = self.chain(items)
            self.assertGreaterEqual(len(line), depth, "%s hierarchy in the demo" % res)
            top = line[0]
            url = "%s/%s/%d" % (API, res, top["id"])
            # A's parent set to A itself, to its child, to its grandchild
            for below in line:
                self.refused("PATCH", url, {"version": top["version"],
                                            "parent_id": below["id"]}, 422, "parent_id")
            if len(line) == 3:
                mid, low = line[1], line[2]
                self.refused("PATCH", "%s/%s/%d" % (API, res, mid["id"]),
                             {"version": mid["version"], "parent_id": low["id"]},
                             422, "parent_id")

    def test_self_dependency(self):
        pid = self.proc(3)["id"]
        p = self.refused("POST", API + "/dependencies", {"from_id": pid, "to_id": pid,
                                                         "kind": "feeds"}, 422)
        self.assertTrue({"from_id", "to_id"} & {e["field"] for e in p["errors"]}, p)
        d = self.deps[1]
        p = self.refused("PATCH", "%s/dependencies/%d" % (API, d["id"]),
                         {"version": d["version"], "to_id": d["from_id"]}, 422)
        self.assertTrue({"from_id", "to_id"} & {e["field"] for e in p["errors"]}, p)

    def test_control_characters(self):
        for ch in ("\u0000", "\u0001", "\u0007", "\u001b", "\u001f", "\u007f", "\n", "\r",
                   "\t"):
            body = dtitest.encode_body(new_proc(name="bad%sname" % ch))
            status = 400 if ch == "\u0000" else 422
            self.refused("POST", PROCS, body, status, None if status == 400 else "name")
        for field in ("name_zh", "change_authority"):
            self.refused("POST", PROCS, new_proc(**{field: "a\u0002b"}), 422, field)
        self.refused("POST", API + "/units", {"code": unique("U"), "name": "a\nb",
                                              "kind": "unit"}, 422, "name")
        self.refused("POST", PROCS, new_proc(systems=["SAP\nERP"]), 422, "systems")
        self.refused("POST", PROCS, new_proc(systems=["SAP;ERP"]), 422, "systems")
        self.refused("POST", PROCS, new_proc(description="a\u0007b"), 422, "description")

    def test_c1_control_characters(self):
        # U+0080-U+009F are control characters too (Unicode category Cc)
        for ch in ("\u0085", "\u009b"):
            self.refused("POST", PROCS, new_proc(name="bad%sname" % ch), 422, "name")

    # Regression: a goal-link POST with a badly typed member also reports
    # "process_id: is required", a field that comes from the URL and that the client
    # must not send ("is given by the URL").
    def test_goal_link_errors_name_only_the_bad_fields(self):
        url = "%s/%d/goals" % (PROCS, self.proc(0)["id"])
        for body, field in (({"goal_id": self.goals[-1]["id"], "impact": "high"}, "impact"),
                            ({"goal_id": "x", "impact": 3}, "goal_id")):
            p = self.refused("POST", url, body, 422, field)
            self.assertEqual([e["field"] for e in p["errors"]], [field], p)

    def test_body_too_large(self):
        big = b'{"code":"BIG","name":"' + b"x" * (2 * 1024 * 1024) + b'"}'
        self.refused("POST", PROCS, big, 413)
        p = self.proc()
        self.refused("PATCH", self.purl(p), b'{"version":%d,"description":"' % p["version"] +
                     b"y" * (2 * 1024 * 1024) + b'"}', 413)
        # the same without a Content-Length (chunked)
        c = self.server.connection()
        try:
            c.request("POST", PROCS, body=iter([big[i:i + 65536]
                                                for i in range(0, len(big), 65536)]),
                      headers={"Content-Type": "application/json"}, encode_chunked=True)
            r = dtitest.read_reply(c.getresponse())
        finally:
            c.close()
        self.assertProblem(r, 413, what="chunked 2 MiB")
        self.assertUnchanged("chunked 2 MiB")
        # just under 1 MiB of JSON is read (and refused only for the too-long text)
        body = b'{"code":"BIG","name":"n","description":"' + b"d" * (1024 * 1024 - 100) + b'"}'
        self.refused("POST", PROCS, body, 422, "description")


class AcceptedEdgeTests(ServerCase):
    """Inputs at the limits that must be accepted."""

    def test_limits_accepted(self):
        zh = "长" * 200
        r = self.post(PROCS, new_proc(name=zh, name_zh=zh))
        self.assertStatus(r, 201)
        self.assertEqual(r.body["name"], zh)
        self.assertEqual(self.get(r.headers["location"]).body["name_zh"], zh)
        emoji = "🚀" * 200
        r = self.post(PROCS, new_proc(name=emoji))
        self.assertStatus(r, 201)
        self.assertEqual(r.body["name"], emoji)
        r = self.post(PROCS, new_proc(name="x" * 200, code="C" * 32, maturity=1,
                                      annual_cost=0, volume_per_year=0,
                                      change_from="2028-02-29", change_to="2028-02-29",
                                      description="line\nbreaks\r\nkept"))
        self.assertStatus(r, 201)
        self.assertEqual(r.body["code"], "C" * 32)
        self.assertEqual(r.body["description"], "line\nbreaks\r\nkept")
        r = self.post(PROCS, new_proc(maturity=5, volume_per_year=7.0))
        self.assertStatus(r, 201)
        self.assertEqual(r.body["volume_per_year"], 7)
        self.assertIs(type(r.body["volume_per_year"]), int)


class QueryTests(BadInputCase):

    def test_bad_query_parameters(self):
        for params, field in (({"limit": 5000}, "limit"), ({"limit": 1001}, "limit"),
                              ({"limit": -1}, "limit"), ({"limit": "ten"}, "limit"),
                              ({"limit": ""}, "limit"), ({"offset": -1}, "offset"),
                              ({"offset": "1.5"}, "offset"),
                              ({"sort": "nosuchfield"}, "sort"),
                              ({"sort": "name,-nosuchfield"}, "sort"),
                              ({"sort": "systems"}, "sort"),
                              ({"nature": "bogus"}, "nature"),
                              ({"nature": "paper,bogus"}, "nature"),
                              ({"status": "Done"}, "status"),
                              ({"unit_id": "abc"}, "unit_id"),
                              ({"owner_id": "1.5"}, "owner_id"),
                              ({"include_deleted": "yes"}, "include_deleted"),
                              ({"colour": "red"}, "colour"),
                              ({"name": "Recruitment"}, "name")):
            self.refused("GET", PROCS, None, 400, field, params=params)
        self.refused("GET", API + "/units", None, 400, "kind", params={"kind": "team"})
        self.refused("GET", API + "/goals", None, 400, "framework", params={"framework": "x"})
        self.refused("GET", API + "/dependencies", None, 400, "kind", params={"kind": "x"})
        self.refused("GET", API + "/dependencies", None, 400, "strength",
                     params={"strength": "strong"})
        self.refused("GET", API + "/people", None, 400, "sort", params={"sort": "salary"})
        self.refused("DELETE", self.purl(self.proc()), None, 400, "cascade",
                     params={"cascade": "yes"})
        # more query parameters than the server takes
        self.refused("GET", PROCS + "?" + "&".join("nature=paper" for _ in range(100)),
                     None, 400)

    def test_method_not_allowed(self):
        pid = self.proc()["id"]
        for method, path, allow in (
                ("PUT", PROCS, {"GET", "POST"}), ("DELETE", PROCS, {"GET", "POST"}),
                ("PATCH", API + "/units", {"GET", "POST"}),
                ("PUT", "%s/%d" % (PROCS, pid), {"GET", "PATCH", "DELETE"}),
                ("POST", "%s/%d" % (PROCS, pid), {"GET", "PATCH", "DELETE"}),
                ("POST", API + "/health", {"GET"}), ("DELETE", API + "/stats", {"GET"}),
                ("PUT", "%s/%d/goals" % (PROCS, pid), {"GET", "POST"}),
                ("POST", "/", {"GET"})):
            body = {} if method in ("PUT", "POST", "PATCH") else None
            r = self.server.request(method, path, body=body)
            self.assertProblem(r, 405, what="%s %s" % (method, path))
            got = {m.strip() for m in r.headers.get("allow", "").split(",") if m.strip()}
            self.assertEqual(got, allow, "%s %s: Allow %r" % (method, path, r.headers))
            self.assertUnchanged("%s %s" % (method, path))

    def test_security_headers(self):
        for r in (self.get(API + "/health"), self.get(PROCS), self.get(API + "/nope"),
                  self.post(PROCS, b"{"), self.get(PROCS, params={"limit": 5000}),
                  self.server.request("PUT", PROCS, body={})):
            h = r.headers
            self.assertEqual(h.get("x-content-type-options"), "nosniff", r)
            csp = h.get("content-security-policy", "")
            self.assertIn("frame-ancestors 'none'", csp, r)
        ok = self.get(API + "/health")
        self.assertTrue(ok.headers["content-type"].startswith("application/json"))

    def test_keep_alive(self):
        c = self.server.connection()
        try:
            sock = None
            p = self.proc()
            for method, path, body, status in (
                    ("GET", API + "/health", None, 200),
                    ("GET", PROCS + "?limit=3", None, 200),
                    ("GET", PROCS + "/999999", None, 404),
                    ("POST", PROCS, {"code": "bad code"}, 422),
                    ("POST", PROCS, b"[1]", 400),
                    ("GET", "%s/%d" % (PROCS, p["id"]), None, 200),
                    ("PUT", PROCS, {}, 405),
                    ("GET", API + "/stats", None, 200)):
                r = self.server.request(method, path, body=body, conn=c)
                self.assertEqual(r.status, status, "%s %s on a kept-alive connection: %r"
                                 % (method, path, r.body))
                self.assertIsNotNone(c.sock, "the server closed the connection after %s %s"
                                     % (method, path))
                if sock is None:
                    sock = (c.sock, c.sock.getsockname())
                self.assertIs(c.sock, sock[0], "a new connection was opened")
                self.assertEqual(c.sock.getsockname(), sock[1])
        finally:
            c.close()
        self.assertUnchanged("keep-alive requests")


if __name__ == "__main__":
    dtitest.main()
