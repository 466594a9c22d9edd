"""test_auth.py — accounts, roles, sessions, CSRF, API tokens, log-in throttling, the
audit trail and the security headers of `dti serve` (issue 3; docs/api.md, "Accounts,
sessions and tokens" and "Audit trail").

Accounts are made with the command line (`dti user …`, `dti token create`) and used over
real HTTP: session cookies with their CSRF token, and Bearer tokens. Every secret a test
uses (passwords, session and API tokens) is remembered so that the log and the audit
trail can be searched for it."""
import http.client
import json
import os
import re
import secrets
import statistics
import subprocess
import time
import unittest

import dtitest
from dtitest import ISO_TIME, Server, ServerCase, TempDir, make_demo, run, unique

API = "/api/v1"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")     # 256 bits, base64url without padding
ROLES = ["admin", "analyst", "owner", "viewer"]
OWNER_EMAIL = "bernhard.muller@example.int"        # a person of the demo, chief of HRMD

# Every password and token used by this process: none may appear in a log or the audit.
SECRETS = set()


def strong_password(tag=""):
    """A fresh password that the policy accepts (long, not common, no e-mail name)."""
    pw = "Zq%s-%s-Vw7" % (tag, secrets.token_urlsafe(12))
    SECRETS.add(pw)
    return pw


def sqlite(db, sql):
    """Run sql with the sqlite3 tool; returns stdout as text."""
    p = subprocess.run(["sqlite3", db, sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=60)
    if p.returncode != 0:
        raise AssertionError("sqlite3 %r failed: %s" % (sql, p.stderr.decode()))
    return p.stdout.decode("utf-8", "replace")


def cli_add_user(db, email, role, password, unit=None, name=None, env=None):
    args = ["user", "add", email, "--role", role]
    if name:
        args += ["--name", name]
    if unit:
        args += ["--unit", unit]
    args.append("--password-stdin")
    SECRETS.add(password)
    p = run(args, db=db, input=(password + "\n").encode(), env=env)
    if p.returncode != 0:
        raise AssertionError("dti user add %s failed (%d): %s" % (
            email, p.returncode, p.stderr.decode("utf-8", "replace")))
    return p


def cli_passwd(db, email, password):
    SECRETS.add(password)
    p = run(["user", "passwd", email, "--password-stdin"], db=db,
            input=(password + "\n").encode())
    if p.returncode != 0:
        raise AssertionError("dti user passwd %s failed: %s" % (email, p.stderr.decode()))
    return p


def cli_token(db, email, name="tests"):
    p = run(["token", "create", "--user", email, "--name", name], db=db)
    if p.returncode != 0:
        raise AssertionError("dti token create failed: %s" % p.stderr.decode())
    tok = p.stdout.decode().splitlines()[0].strip()
    SECRETS.add(tok)
    return tok


def login(server, email, password, conn=None):
    """POST /api/v1/session without any other credential."""
    return server.post(API + "/session", {"email": email, "password": password}, auth=False,
                       conn=conn)


def parse_set_cookie(value):
    """'name=value; Attr; Attr=x' -> (name, value, {attr lower-case: value or True})."""
    parts = [p.strip() for p in value.split(";")]
    name, _, val = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, eq, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip() if eq else True
    return name.strip(), val, attrs


class Session:
    """A logged-in browser: the dti_session cookie, and the CSRF token sent with every
    POST, PATCH and DELETE (unless csrf= says otherwise)."""

    def __init__(self, server, email, password):
        self.server, self.email = server, email
        r = login(server, email, password)
        if r.status != 200:
            raise AssertionError("log-in of %s failed: %d %r" % (email, r.status, r.body))
        self.reply = r
        name, self.cookie, self.attrs = parse_set_cookie(r.headers["set-cookie"])
        assert name == "dti_session", r.headers["set-cookie"]
        self.csrf = r.body["csrf_token"]
        self.user = r.body["user"]
        SECRETS.add(self.cookie)

    def request(self, method, path, body=None, params=None, csrf=True, headers=None):
        h = {"Cookie": "dti_session=" + self.cookie}
        if csrf is True and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        elif isinstance(csrf, str):
            h["X-CSRF-Token"] = csrf
        h.update(headers or {})
        return self.server.request(method, path, body=body, params=params, headers=h)

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params=params, **kw)


def bearer(server, token, method, path, body=None, params=None):
    return server.request(method, path, body=body, params=params,
                          headers={"Authorization": "Bearer " + token})


def walk_keys(value):
    """Every object key anywhere in a JSON value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from walk_keys(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk_keys(v)


class AuthCase(ServerCase):
    """ServerCase with helpers for accounts and the audit trail."""

    def audit(self, **params):
        """GET /api/v1/audit as the tests' administrator (newest first)."""
        params.setdefault("limit", 1000)
        r = self.get(API + "/audit", params=params)
        self.assertStatus(r, 200, "GET /audit %r" % params)
        return r.body["items"]

    def audit_top(self):
        items = self.audit(limit=1)
        return items[0]["seq"] if items else 0

    def assertNoSecretKeys(self, value, what):
        keys = {k.lower() for k in walk_keys(value)}
        bad = [k for k in keys if "password" in k or "hash" in k or k == "token"]
        self.assertEqual(bad, [], "%s holds secret-looking members: %r" % (what, value))

    def user_id(self, email):
        items = [u for u in self.list_all("users")[0] if u["email"] == email]
        self.assertEqual(len(items), 1, email)
        return items[0]["id"]


# ----------------------------------------------------------------------------------
# 1. roles × routes
# ----------------------------------------------------------------------------------

class RoleMatrixTests(AuthCase):
    """On the demo organisation, one account per role, each logged in with a session;
    every mutating route tried by each, on rows made fresh for that try."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        db = cls.db
        cls.emails = {"admin": "matrix-admin@example.org",
                      "analyst": "matrix-analyst@example.org",
                      "owner": OWNER_EMAIL,
                      "viewer": "matrix-viewer@example.org"}
        cls.passwords = {r: strong_password(r) for r in ROLES}
        for role in ("admin", "analyst", "viewer"):
            cli_add_user(db, cls.emails[role], role, cls.passwords[role])
        # the demo already has an account for the owner (issue 3, item 6): make sure of
        # its role and scope, and give it a password we know
        p = run(["user", "add", OWNER_EMAIL, "--role", "owner", "--unit", "HRMD",
                 "--password-stdin"], db=db, input=(cls.passwords["owner"] + "\n").encode())
        if p.returncode != 0:
            p = run(["user", "role", OWNER_EMAIL, "owner", "--unit", "HRMD"], db=db)
            if p.returncode != 0:
                raise AssertionError("dti user role: %s" % p.stderr.decode())
            cli_passwd(db, OWNER_EMAIL, cls.passwords["owner"])
        cls.sessions = {r: Session(cls.server, cls.emails[r], cls.passwords[r]) for r in ROLES}

        units = {u["code"]: u for u in cls.server.list_all("units")[0]}
        people = {p["email"]: p for p in cls.server.list_all("people")[0]}
        procs = cls.server.list_all("processes")[0]
        cls.goals = cls.server.list_all("goals")[0]
        cls.unit = {c: units[c]["id"] for c in ("HRMD", "HRMD-SAL", "HRMD-REC", "BR")}
        cls.owner_person = people[OWNER_EMAIL]["id"]
        cls.other_person = people["ingrid.halvorsen@example.int"]["id"]
        by_id = {u["id"]: u for u in units.values()}

        def in_hrmd(uid):
            while uid:
                if uid == cls.unit["HRMD"]:
                    return True
                uid = by_id[uid]["parent_id"]
            return False
        cls.in_hrmd = staticmethod(in_hrmd)
        code = {p["code"]: p for p in procs}
        # a demo process in a sub-unit of HRMD, owned by someone else
        cls.demo_in = code["HR-REC-01.1"]
        assert cls.demo_in["unit_id"] == cls.unit["HRMD-REC"]
        assert cls.demo_in["owner_id"] != cls.owner_person
        # a demo process outside HRMD's subtree, not owned by the owner
        cls.demo_out = next(p for p in procs if p["unit_id"] and not in_hrmd(p["unit_id"])
                            and p["owner_id"] != cls.owner_person)
        # the demo has no process owned by the owner outside HRMD: those are made fresh

    # -- fixtures, made with the administrator's token of dtitest.Server --

    def fresh_process(self, where):
        """where: 'in' (unit HRMD-SAL, someone else's), 'out' (unit BR, someone else's)
        or 'owned' (unit BR, owned by the owner's person)."""
        body = {"code": unique("MX"), "name": "Matrix process",
                "unit_id": self.unit["HRMD-SAL" if where == "in" else "BR"],
                "owner_id": self.owner_person if where == "owned" else self.other_person}
        return self.create("processes", body)

    def fresh_dep(self, a, b):
        return self.create("dependencies", {"from_id": a["id"], "to_id": b["id"],
                                            "kind": "feeds", "strength": 1})

    def fresh_link(self, p):
        self.create("processes/%d/goals" % p["id"], {"goal_id": self.goals[0]["id"],
                                                     "impact": 2})
        return "%s/processes/%d/goals/%d" % (API, p["id"], self.goals[0]["id"])

    def version(self, path):
        r = self.get(path)
        self.assertStatus(r, 200, path)
        return r.body["version"]

    def cases(self):
        """(name, kind, owner may, make): make(role) prepares fresh rows and returns
        (method, path, body, collection path, row path or None)."""
        U, S = self.unit, self

        def post(res, body):
            return lambda role: ("POST", API + "/" + res, body(), API + "/" + res, None)

        def patch_fresh(res, make, body):
            def f(role):
                row = make()
                path = "%s/%s/%d" % (API, res, row["id"])
                return ("PATCH", path, dict(body, version=row["version"]),
                        API + "/" + res, path)
            return f

        def delete_fresh(res, make):
            def f(role):
                path = "%s/%s/%d" % (API, res, make()["id"])
                return ("DELETE", path, None, API + "/" + res, path)
            return f

        def patch_demo(p):
            def f(role):
                path = "%s/processes/%d" % (API, p["id"])
                r = S.get(path)
                m = r.body["maturity"] % 5 + 1
                return ("PATCH", path, {"maturity": m, "version": r.body["version"]},
                        API + "/processes", path)
            return f

        def unit_row():
            return S.create("units", {"code": unique("MU"), "name": "Matrix unit",
                                      "kind": "unit", "parent_id": U["HRMD"]})

        def person_row():
            return S.create("people", {"email": "mx.%s@example.org" % unique("p").lower(),
                                       "name": "Matrix Person", "unit_id": U["HRMD"]})

        def goal_row():
            return S.create("goals", {"code": unique("MG"), "title": "Matrix goal",
                                      "framework": "internal"})

        def user_row():
            return S.create("users", {"email": "mx.%s@example.org" % unique("u").lower(),
                                      "name": "Matrix User", "role": "viewer"})

        def dep(a, b):
            def f():
                return S.fresh_dep(S.fresh_process(a), S.fresh_process(b))
            return f

        def link_case(where, method):
            def f(role):
                p = S.fresh_process(where)
                if method == "POST":
                    path = "%s/processes/%d/goals" % (API, p["id"])
                    return ("POST", path, {"goal_id": S.goals[1]["id"], "impact": 3}, path,
                            None)
                path = S.fresh_link(p)
                coll = "%s/processes/%d/goals" % (API, p["id"])
                body = {"impact": 4, "version": S.version(path)} if method == "PATCH" else None
                return (method, path, body, coll, path)
            return f

        def dep_retarget(role):
            # a dependency from an HRMD process to an outside one, changed to link two
            # outside processes: the owner may not (the row after is not theirs)
            d = S.fresh_dep(S.fresh_process("in"), S.fresh_process("out"))
            other = S.fresh_process("out")
            path = "%s/dependencies/%d" % (API, d["id"])
            return ("PATCH", path, {"from_id": other["id"], "version": d["version"]},
                    API + "/dependencies", path)

        def own_token(role):
            r = S.sessions[role].request("POST", API + "/tokens", {"name": "own " + role})
            S.assertStatus(r, 201, "POST /tokens as " + role)
            SECRETS.add(r.body["token"])
            return ("DELETE", "%s/tokens/%d" % (API, r.body["id"]), None, API + "/tokens",
                    None)

        def others_token(role):
            r = S.post(API + "/tokens", {"name": "the tests' admin"})
            S.assertStatus(r, 201, "POST /tokens as the tests' admin")
            SECRETS.add(r.body["token"])
            return ("DELETE", "%s/tokens/%d" % (API, r.body["id"]), None, API + "/tokens",
                    None)

        return [
            ("POST units (under HRMD)", "units", False, post("units", lambda: {
                "code": unique("MU"), "name": "N", "kind": "unit", "parent_id": U["HRMD"]})),
            ("PATCH units", "units", False, patch_fresh("units", unit_row, {"name": "Renamed"})),
            ("DELETE units", "units", False, delete_fresh("units", unit_row)),
            ("POST people (in HRMD)", "people", False, post("people", lambda: {
                "email": "mx.%s@example.org" % unique("n").lower(), "name": "New Person",
                "unit_id": U["HRMD"]})),
            ("PATCH people", "people", False, patch_fresh("people", person_row,
                                                          {"title": "Renamed"})),
            ("DELETE people", "people", False, delete_fresh("people", person_row)),
            ("POST goals", "goals", False, post("goals", lambda: {
                "code": unique("MG"), "title": "T", "framework": "internal"})),
            ("PATCH goals", "goals", False, patch_fresh("goals", goal_row, {"title": "New"})),
            ("DELETE goals", "goals", False, delete_fresh("goals", goal_row)),
            ("POST processes in HRMD-SAL", "processes", True, post("processes", lambda: {
                "code": unique("MX"), "name": "N", "unit_id": U["HRMD-SAL"],
                "owner_id": self.other_person})),
            ("POST processes in BR", "processes", False, post("processes", lambda: {
                "code": unique("MX"), "name": "N", "unit_id": U["BR"],
                "owner_id": self.other_person})),
            ("POST processes in BR owned by the owner", "processes", True,
             post("processes", lambda: {"code": unique("MX"), "name": "N",
                                        "unit_id": U["BR"], "owner_id": self.owner_person})),
            ("POST processes without unit nor owner", "processes", False,
             post("processes", lambda: {"code": unique("MX"), "name": "N"})),
            ("PATCH demo process in HRMD-REC", "processes", True, patch_demo(self.demo_in)),
            ("PATCH demo process outside HRMD", "processes", False, patch_demo(self.demo_out)),
            ("PATCH process in BR owned by the owner", "processes", True,
             patch_fresh("processes", lambda: S.fresh_process("owned"), {"maturity": 4})),
            ("PATCH process out of HRMD (unit -> BR)", "processes", False,
             patch_fresh("processes", lambda: S.fresh_process("in"), {"unit_id": U["BR"]})),
            ("PATCH process into HRMD (unit BR -> HRMD)", "processes", False,
             patch_fresh("processes", lambda: S.fresh_process("out"), {"unit_id": U["HRMD"]})),
            ("PATCH own process in BR to another owner", "processes", False,
             patch_fresh("processes", lambda: S.fresh_process("owned"),
                         {"owner_id": self.other_person})),
            ("DELETE process in HRMD-SAL", "processes", True,
             delete_fresh("processes", lambda: S.fresh_process("in"))),
            ("DELETE process in BR", "processes", False,
             delete_fresh("processes", lambda: S.fresh_process("out"))),
            ("DELETE process in BR owned by the owner", "processes", True,
             delete_fresh("processes", lambda: S.fresh_process("owned"))),
            ("POST dependencies HRMD -> BR", "dependencies", True, lambda role: (
                "POST", API + "/dependencies",
                {"from_id": S.fresh_process("in")["id"], "to_id": S.fresh_process("out")["id"],
                 "kind": "feeds"}, API + "/dependencies", None)),
            ("POST dependencies BR -> owned", "dependencies", True, lambda role: (
                "POST", API + "/dependencies",
                {"from_id": S.fresh_process("out")["id"],
                 "to_id": S.fresh_process("owned")["id"], "kind": "triggers"},
                API + "/dependencies", None)),
            ("POST dependencies BR -> BR", "dependencies", False, lambda role: (
                "POST", API + "/dependencies",
                {"from_id": S.fresh_process("out")["id"], "to_id": S.fresh_process("out")["id"],
                 "kind": "feeds"}, API + "/dependencies", None)),
            ("PATCH dependencies BR -> HRMD", "dependencies", True,
             patch_fresh("dependencies", dep("out", "in"), {"strength": 3})),
            ("PATCH dependencies BR -> BR", "dependencies", False,
             patch_fresh("dependencies", dep("out", "out"), {"strength": 3})),
            ("PATCH dependencies HRMD -> BR retargeted to BR -> BR", "dependencies", False,
             dep_retarget),
            ("DELETE dependencies HRMD -> BR", "dependencies", True,
             delete_fresh("dependencies", dep("in", "out"))),
            ("DELETE dependencies BR -> BR", "dependencies", False,
             delete_fresh("dependencies", dep("out", "out"))),
            ("POST processes/{HRMD}/goals", "goal links", True, link_case("in", "POST")),
            ("POST processes/{owned in BR}/goals", "goal links", True,
             link_case("owned", "POST")),
            ("POST processes/{BR}/goals", "goal links", False, link_case("out", "POST")),
            ("PATCH processes/{HRMD}/goals/{g}", "goal links", True, link_case("in", "PATCH")),
            ("PATCH processes/{BR}/goals/{g}", "goal links", False, link_case("out", "PATCH")),
            ("DELETE processes/{HRMD}/goals/{g}", "goal links", True,
             link_case("in", "DELETE")),
            ("DELETE processes/{BR}/goals/{g}", "goal links", False,
             link_case("out", "DELETE")),
            ("POST users", "users", False, post("users", lambda: {
                "email": "mx.%s@example.org" % unique("n").lower(), "name": "New User",
                "role": "viewer"})),
            ("PATCH users", "users", False, patch_fresh("users", user_row, {"name": "Renamed"})),
            ("DELETE users", "users", False, delete_fresh("users", user_row)),
            ("POST tokens (for oneself)", "own token", True, lambda role: (
                "POST", API + "/tokens", {"name": "matrix " + role}, API + "/tokens", None)),
            ("DELETE tokens/{one's own}", "own token", True, own_token),
            ("DELETE tokens/{someone else's}", "other token", False, others_token),
        ]

    @staticmethod
    def expected(role, kind, owner_may):
        if kind == "own token" or role == "admin":
            return True
        if role == "viewer":
            return False
        if role == "analyst":
            return kind not in ("users", "other token")
        return owner_may

    def state(self, coll, row):
        """What a refused request must leave as it was: the audit trail's last entry,
        the collection's total (admins see every token) and the row."""
        r = self.get(coll, params={"limit": 1})
        self.assertStatus(r, 200, coll)
        out = [self.audit_top(), r.body["total"]]
        if row:
            r = self.get(row, params={"include_deleted": "true"})
            out.append((r.status, r.body.get("version"), r.body.get("deleted_at")))
        return out

    def test_role_route_matrix(self):
        tried = 0
        for name, kind, owner_may, make in self.cases():
            for role in ROLES:
                with self.subTest(route=name, role=role):
                    method, path, body, coll, row = make(role)
                    before = self.state(coll, row)
                    r = self.sessions[role].request(method, path, body)
                    tried += 1
                    what = "%s %s (%s) as %s" % (method, path, name, role)
                    if self.expected(role, kind, owner_may):
                        self.assertStatus(r, 201 if method == "POST" else 200, what)
                        last = self.audit(limit=1)[0]
                        self.assertGreater(last["seq"], before[0], what + ": not audited")
                        self.assertEqual(last["actor"], self.emails[role], what)
                        self.assertEqual(last["actor_id"], self.sessions[role].user["id"], what)
                    else:
                        self.assertProblem(r, 403, what=what)
                        self.assertEqual(self.state(coll, row), before,
                                         what + ": a refused request changed something")
        self.assertEqual(tried, 4 * len(self.cases()))

    def test_reads_by_role(self):
        p = self.demo_in["id"]
        everyone = ["/units", "/people", "/goals", "/processes", "/dependencies",
                    "/processes/%d" % p, "/processes/%d/goals" % p, "/processes/%d/history" % p,
                    "/stats", "/session", "/tokens"]
        for role in ROLES:
            s = self.sessions[role]
            for path in everyone:
                with self.subTest(role=role, path=path):
                    self.assertStatus(s.get(API + path), 200, "GET %s as %s" % (path, role))
            for path, allowed in (("/audit", ("admin", "analyst")),
                                  ("/users", ("admin",)),
                                  ("/users/%d" % s.user["id"], ("admin",))):
                with self.subTest(role=role, path=path):
                    r = s.get(API + path)
                    if role in allowed:
                        self.assertStatus(r, 200, "GET %s as %s" % (path, role))
                        self.assertIsInstance(r.body.get("items", r.body), (list, dict))
                    else:
                        self.assertProblem(r, 403, what="GET %s as %s" % (path, role))

    def test_whoami_by_role(self):
        for role in ROLES:
            r = self.sessions[role].get(API + "/session")
            self.assertStatus(r, 200, role)
            self.assertEqual(r.body["user"]["email"], self.emails[role])
            self.assertEqual(r.body["user"]["role"], role)
        owner = self.sessions["owner"].get(API + "/session").body
        self.assertEqual(owner["user"]["unit_id"], self.unit["HRMD"])
        self.assertEqual(owner["person_id"], self.owner_person)


class DemoAccountsTests(unittest.TestCase):
    """`dti demo` makes an admin, an analyst, an owner and a viewer and prints their
    passwords once, so that a newcomer can log in at once (issue 3, item 6)."""

    def test_demo_accounts_log_in(self):
        tmp = TempDir()
        self.addCleanup(tmp.cleanup)
        db = tmp.file("dti.db")
        out = make_demo(db)
        accounts = re.findall(r"^(\S+@\S+)\s+(admin|analyst|owner|viewer)\s+(\S+)\s*$", out,
                              re.M)
        self.assertEqual(sorted(a[1] for a in accounts), sorted(ROLES), out)
        for _, _, pw in accounts:
            SECRETS.add(pw)
            self.assertGreaterEqual(len(pw), 12)
        self.assertEqual(len({a[2] for a in accounts}), 4, "passwords should differ")
        server = Server(db)
        try:
            for email, role, pw in accounts:
                s = Session(server, email, pw)
                self.assertEqual(s.user["role"], role)
                if role == "owner":
                    r = server.get(API + "/units/%d" % s.user["unit_id"])
                    self.assertEqual(r.status, 200)
            dump = sqlite(db, "SELECT * FROM audit_log")
            for _, _, pw in accounts:
                self.assertNotIn(pw, dump)
        finally:
            self.assertEqual(server.stop(), 0, server.log())


# ----------------------------------------------------------------------------------
# 2. sessions, CSRF, credentials
# ----------------------------------------------------------------------------------

class SessionTests(AuthCase):
    DEMO = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.email = "session.user@example.org"
        cls.password = strong_password("s")
        cli_add_user(cls.db, cls.email, "analyst", cls.password, name="Session User")
        cls.unit_row = cls.server.post(API + "/units", {"code": "SESS", "name": "Sessions",
                                                        "kind": "unit"}).body

    def reset_throttle(self):
        """A successful log-in ends the count of failures of this address."""
        Session(self.server, self.email, self.password)

    def test_login_reply_and_cookie(self):
        r = login(self.server, self.email, self.password)
        self.assertStatus(r, 200, "log-in")
        self.assertTrue(r.headers.get("content-type", "").startswith("application/json"))
        self.assertEqual(r.body["user"]["email"], self.email)
        self.assertEqual(r.body["user"]["role"], "analyst")
        self.assertIsInstance(r.body["csrf_token"], str)
        self.assertGreaterEqual(len(r.body["csrf_token"]), 32)
        self.assertNoSecretKeys(r.body["user"], "log-in reply")
        self.assertNotIn(self.password.encode(), r.raw)
        cookies = [c for c in r.headers.get("set-cookie", "").split(", ") if c]
        self.assertEqual(len(cookies), 1, r.headers.get("set-cookie"))
        name, value, attrs = parse_set_cookie(cookies[0])
        SECRETS.add(value)
        self.assertEqual(name, "dti_session")
        self.assertRegex(value, TOKEN_RE)
        self.assertNotEqual(value, r.body["csrf_token"])
        self.assertNotIn(value.encode(), r.raw, "the session token belongs in the cookie only")
        self.assertIs(attrs.get("httponly"), True, cookies[0])
        self.assertEqual(attrs.get("samesite", "").lower(), "strict", cookies[0])
        self.assertEqual(attrs.get("path"), "/", cookies[0])
        self.assertNotIn("secure", attrs, "Secure over plain HTTP: " + cookies[0])
        if "max-age" in attrs:
            self.assertGreater(int(attrs["max-age"]), 0)
        # two log-ins make two different sessions
        other = Session(self.server, self.email, self.password)
        self.assertNotEqual(other.cookie, value)
        self.assertNotEqual(other.csrf, r.body["csrf_token"])

    def test_whoami(self):
        s = Session(self.server, self.email, self.password)
        r = s.get(API + "/session")
        self.assertStatus(r, 200, "GET /session")
        self.assertEqual(r.body["user"]["email"], self.email)
        self.assertEqual(r.body["user"]["id"], s.user["id"])
        self.assertNoSecretKeys(r.body["user"], "GET /session")
        r = self.get(API + "/session")       # the tests' administrator, by token
        self.assertStatus(r, 200, "GET /session by token")
        self.assertEqual(r.body["user"]["email"], dtitest.TEST_ADMIN)

    def test_email_is_not_case_sensitive(self):
        s = Session(self.server, self.email.upper(), self.password)
        self.assertEqual(s.user["email"], self.email)

    def unit_state(self):
        r = self.get(API + "/units/%d" % self.unit_row["id"])
        self.assertStatus(r, 200)
        return r.body["version"], r.body["name"]

    def test_csrf(self):
        s = Session(self.server, self.email, self.password)
        other = Session(self.server, self.email, self.password)
        path = API + "/units/%d" % self.unit_row["id"]
        before = self.unit_state()
        body = {"name": "Changed by CSRF", "version": before[0]}
        for label, csrf in (("no X-CSRF-Token", None), ("empty", ""),
                            ("wrong", "x" * len(s.csrf)),
                            ("another session's", other.csrf),
                            ("the session token", s.cookie)):
            with self.subTest(csrf=label):
                r = s.request("PATCH", path, body, csrf=csrf)
                self.assertProblem(r, 403, what="PATCH with %s CSRF token" % label)
                self.assertEqual(self.unit_state(), before)
        r = s.request("POST", API + "/units", {"code": "CSRF-X", "name": "X", "kind": "unit"},
                      csrf=None)
        self.assertProblem(r, 403, what="POST without CSRF token")
        self.assertEqual(self.get(API + "/units", params={"q": "CSRF"}).body["total"], 0)
        r = s.request("DELETE", path, csrf=None)
        self.assertProblem(r, 403, what="DELETE without CSRF token")
        self.assertEqual(self.unit_state(), before)
        r = s.request("POST", API + "/tokens", {"name": "csrf"}, csrf=None)
        self.assertProblem(r, 403, what="POST /tokens without CSRF token")
        # reads need none
        self.assertStatus(s.get(API + "/units"), 200)
        # the right one
        r = s.request("PATCH", path, body)
        self.assertStatus(r, 200, "PATCH with the right CSRF token")
        self.assertEqual(r.body["name"], "Changed by CSRF")
        # API tokens are not sent by browsers on their own: no CSRF token needed
        r = self.patch(path, {"name": "Changed by token", "version": r.body["version"]})
        self.assertStatus(r, 200, "PATCH by Bearer token")

    def test_logout(self):
        s = Session(self.server, self.email, self.password)
        keep = Session(self.server, self.email, self.password)
        r = s.request("DELETE", API + "/session", csrf=None)
        self.assertProblem(r, 403, what="log-out without CSRF token")
        self.assertStatus(s.get(API + "/session"), 200, "still logged in")
        r = s.request("DELETE", API + "/session")
        self.assertStatus(r, 200, "log-out")
        _, value, attrs = parse_set_cookie(r.headers.get("set-cookie", "x=y"))
        self.assertTrue(value == "" or attrs.get("max-age") == "0" or "expires" in attrs,
                        "the cookie should be cleared: %r" % r.headers.get("set-cookie"))
        self.assertProblem(s.get(API + "/session"), 401, what="GET /session after log-out")
        self.assertProblem(s.get(API + "/units"), 401, what="GET /units after log-out")
        r = s.request("PATCH", API + "/units/%d" % self.unit_row["id"],
                      {"name": "after log-out", "version": self.unit_state()[0]})
        self.assertProblem(r, 401, what="PATCH after log-out")
        # only that session ended
        self.assertStatus(keep.get(API + "/session"), 200, "the other session")

    def test_wrong_password_and_unknown_user_same_answer(self):
        self.reset_throttle()
        wrong = login(self.server, self.email, self.password + "x")
        unknown = login(self.server, "nobody.%s@example.org" % unique("n").lower(),
                        self.password)
        upper = login(self.server, self.email.upper(), "Wrong-Password-" + "q" * 10)
        self.reset_throttle()
        for r in (wrong, unknown, upper):
            self.assertProblem(r, 401, what="failed log-in")
            self.assertNotIn("set-cookie", r.headers)
        self.assertEqual(wrong.raw, unknown.raw)
        self.assertEqual(wrong.raw, upper.raw)
        skip = {"date"}
        self.assertEqual({k: v for k, v in wrong.headers.items() if k not in skip},
                         {k: v for k, v in unknown.headers.items() if k not in skip})

    def test_login_body_checked(self):
        for body in ({}, {"email": self.email}, {"password": self.password},
                     {"email": self.email, "password": ""}):
            r = self.server.post(API + "/session", body, auth=False)
            self.assertIn(r.status, (400, 422), "%r: %d %r" % (body, r.status, r.body))
            self.assertNotIn("set-cookie", r.headers)

    def test_disabled_user(self):
        email = "to.disable@example.org"
        pw = strong_password("d")
        cli_add_user(self.db, email, "analyst", pw)
        s = Session(self.server, email, pw)
        tok = cli_token(self.db, email)
        self.assertStatus(s.get(API + "/session"), 200)
        self.assertStatus(bearer(self.server, tok, "GET", API + "/session"), 200)
        p = run(["user", "disable", email], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.reset_throttle()
        wrong = login(self.server, self.email, "Not-The-Password-123")
        r = login(self.server, email, pw)
        self.reset_throttle()
        self.assertProblem(r, 401, what="log-in of a disabled user")
        self.assertNotIn("set-cookie", r.headers)
        self.assertEqual(r.raw, wrong.raw, "a disabled account should answer like a wrong "
                                           "password")
        self.assertProblem(s.get(API + "/session"), 401, what="session of a disabled user")
        self.assertProblem(s.request("POST", API + "/tokens", {"name": "x"}), 401,
                           what="write by a disabled user's session")
        self.assertProblem(bearer(self.server, tok, "GET", API + "/units"), 401,
                           what="token of a disabled user")
        p = run(["user", "enable", email], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        Session(self.server, email, pw)

    def test_no_credentials(self):
        open_routes = [("GET", "/health")]
        guarded = [("GET", "/session"), ("DELETE", "/session"), ("GET", "/stats"),
                   ("GET", "/users"), ("POST", "/users"), ("GET", "/users/1"),
                   ("PATCH", "/users/1"), ("DELETE", "/users/1"),
                   ("GET", "/tokens"), ("POST", "/tokens"), ("DELETE", "/tokens/1"),
                   ("GET", "/audit"), ("GET", "/processes/1/history"),
                   ("GET", "/processes/1/goals"), ("POST", "/processes/1/goals"),
                   ("GET", "/processes/1/goals/1"), ("PATCH", "/processes/1/goals/1"),
                   ("DELETE", "/processes/1/goals/1"), ("GET", "/no-such-thing")]
        for res in dtitest.RESOURCES:
            guarded += [("GET", "/" + res), ("POST", "/" + res), ("GET", "/%s/1" % res),
                        ("PATCH", "/%s/1" % res), ("DELETE", "/%s/1" % res)]
        top = self.audit_top()
        for method, path in guarded:
            body = {"code": "NOAUTH", "name": "x", "kind": "unit"} if method in (
                "POST", "PATCH") else None
            with self.subTest(method=method, path=path):
                r = self.server.request(method, API + path, body=body, auth=False)
                self.assertProblem(r, 401, what="%s %s without credentials" % (method, path))
                self.assertNotIn("set-cookie", r.headers)
        self.assertEqual(self.audit_top(), top, "a request without credentials wrote")
        self.assertEqual(self.get(API + "/units", params={"q": "NOAUTH"}).body["total"], 0)
        for method, path in open_routes:
            r = self.server.request(method, API + path, auth=False)
            self.assertStatus(r, 200, "%s %s without credentials" % (method, path))
        # logging in needs no credential either
        Session(self.server, self.email, self.password)

    def test_garbage_credentials(self):
        s = Session(self.server, self.email, self.password)
        tok = cli_token(self.db, self.email)
        flipped = tok[:-1] + ("A" if tok[-1] != "A" else "B")
        for label, headers in (
                ("garbage Bearer", {"Authorization": "Bearer garbage"}),
                ("empty Bearer", {"Authorization": "Bearer "}),
                ("random token", {"Authorization": "Bearer " + secrets.token_urlsafe(32)}),
                ("token with one character changed", {"Authorization": "Bearer " + flipped}),
                ("token with a suffix", {"Authorization": "Bearer " + tok + "x"}),
                ("Basic", {"Authorization": "Basic c2Vzc2lvbi51c2VyOnNlY3JldA=="}),
                ("session token as Bearer", {"Authorization": "Bearer " + s.cookie}),
                ("API token as cookie", {"Cookie": "dti_session=" + tok}),
                ("garbage cookie", {"Cookie": "dti_session=garbage"}),
                ("empty cookie", {"Cookie": "dti_session="}),
                ("CSRF token as cookie", {"Cookie": "dti_session=" + s.csrf})):
            with self.subTest(credential=label):
                r = self.server.request("GET", API + "/units", headers=headers)
                self.assertProblem(r, 401, what=label)
        self.assertStatus(bearer(self.server, tok, "GET", API + "/units"), 200, "the token")


class SessionExpiryTests(unittest.TestCase):
    """Sessions end after DTI_SESSION_IDLE_SECONDS idle, and DTI_SESSION_MAX_SECONDS in
    all (shortened for the test)."""

    def start(self, env):
        tmp = TempDir()
        self.addCleanup(tmp.cleanup)
        db = tmp.file("dti.db")
        dtitest.make_empty(db)
        email, pw = "expiry@example.org", strong_password("e")
        cli_add_user(db, email, "analyst", pw)
        server = Server(db, env=env)
        self.addCleanup(lambda: server.stop())
        return server, email, pw

    def check_expires(self, env):
        server, email, pw = self.start(env)
        s = Session(server, email, pw)
        tok = server.token
        self.assertEqual(s.get(API + "/session").status, 200)
        time.sleep(3.2)
        r = s.get(API + "/session")
        self.assertEqual(r.status, 401, "expired session: %d %r" % (r.status, r.body))
        r = s.request("POST", API + "/units", {"code": "LATE", "name": "x", "kind": "unit"})
        self.assertEqual(r.status, 401, "write with an expired session: %r" % (r.body,))
        # API tokens do not expire with sessions; a new log-in works
        self.assertEqual(bearer(server, tok, "GET", API + "/units", params={"q": "LATE"})
                         .body["total"], 0)
        s2 = Session(server, email, pw)
        self.assertEqual(s2.get(API + "/session").status, 200)
        return s

    def test_idle_expiry(self):
        self.check_expires({"DTI_SESSION_IDLE_SECONDS": "2"})

    def test_absolute_expiry(self):
        s = self.check_expires({"DTI_SESSION_MAX_SECONDS": "2"})
        self.assertEqual(s.attrs.get("max-age"), "2", "the cookie should end with the session")


# ----------------------------------------------------------------------------------
# 3. throttling
# ----------------------------------------------------------------------------------

def wait_second_start(max_fraction=0.05):
    """Sleep until just after the start of a wall-clock second: the server counts
    failures in whole seconds, and the checks that follow must fall in one second."""
    while time.time() % 1.0 > max_fraction:
        time.sleep(max(0.001, 1.0 - time.time() % 1.0 + 0.005))


class ThrottleTests(unittest.TestCase):
    """Failed log-ins slow later tries, per e-mail and per client address. Each test has
    its own server: the address 127.0.0.1 stays throttled after it."""

    def start(self, env=None):
        tmp = TempDir()
        self.addCleanup(tmp.cleanup)
        db = tmp.file("dti.db")
        dtitest.make_empty(db)
        self.accounts = {}
        for name in ("alice", "bob"):
            email, pw = "%s.throttle@example.org" % name, strong_password(name[0])
            cli_add_user(db, email, "viewer", pw, env=env)
            self.accounts[name] = (email, pw)
        server = Server(db, env=env)
        self.addCleanup(lambda: server.stop())
        return server

    def conn_from(self, server, address):
        """A connection from another loopback address (a different client)."""
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30,
                                       source_address=(address, 0))
        self.addCleanup(c.close)
        return c

    def within_one_second(self, attempt):
        """Run attempt() (which returns the wall-clock times at which the server's
        count of failures was last written and read, and whether its checks passed)
        until the whole of one run fell within one second, at most 4 times: the delays
        are counted in whole seconds, so a run that crosses a second tells nothing."""
        for _ in range(4):
            first, last = attempt()
            if int(first) == int(last):
                return
        self.fail("no run of the scenario fitted within one second")

    def test_five_failures_then_429(self):
        def attempt():
            server = self.start()
            alice, alice_pw = self.accounts["alice"]
            bob, bob_pw = self.accounts["bob"]
            from_2 = self.conn_from(server, "127.0.0.2")
            from_3 = self.conn_from(server, "127.0.0.3")
            wait_second_start()
            for i in range(5):
                r = login(server, alice, "Wrong-Password-%d-xyzzy" % i)
                self.assertEqual(r.status, 401, "failure %d: %d %r" % (i + 1, r.status,
                                                                        r.body))
                if i == 4:
                    t5 = time.time()
            refused = login(server, alice, alice_pw)               # same address and e-mail
            by_mail = login(server, alice, alice_pw, conn=from_2)  # same e-mail elsewhere
            by_addr = login(server, bob, bob_pw)                   # other e-mail, same address
            fine = login(server, bob, bob_pw, conn=from_3)         # neither
            t_end = time.time()
            if int(t5) != int(t_end):
                return t5, t_end
            for what, r in (("the right password after 5 failures", refused),
                            ("the same e-mail from another address", by_mail),
                            ("another e-mail from the same address", by_addr)):
                self.assertEqual(r.status, 429, "%s: %d %r" % (what, r.status, r.body))
                self.assertEqual(r.body.get("status"), 429)
                self.assertEqual(r.headers.get("retry-after"), "1", what)
                self.assertNotIn("set-cookie", r.headers, what)
            self.assertEqual(fine.status, 200, "another e-mail from another address: %r" %
                             (fine.body,))
            # a delay, not a lock-out: after Retry-After the right password works again
            time.sleep(int(refused.headers["retry-after"]) + 0.2)
            r = login(server, alice, alice_pw)
            self.assertEqual(r.status, 200, "after Retry-After: %d %r" % (r.status, r.body))
            # and the success cleared the count
            r = login(server, alice, "Wrong-Password-again-xyzzy")
            self.assertEqual(r.status, 401, "one failure after a success: %r" % (r.body,))
            return t5, t5
        self.within_one_second(attempt)

    def test_delay_doubles(self):
        def attempt():
            server = self.start()
            alice, alice_pw = self.accounts["alice"]
            for i in range(5):
                self.assertEqual(login(server, alice, "Wrong-Password-%d-xyzzy" % i).status,
                                 401)
            time.sleep(1.2)                     # past the first delay (1 s)
            wait_second_start()
            t6 = time.time()
            r = login(server, alice, "Wrong-Password-6-xyzzy")
            self.assertEqual(r.status, 401, "the sixth try, after the delay: %r" % (r.body,))
            r = login(server, alice, alice_pw)
            t_end = time.time()
            if int(t6) != int(t_end):
                return t6, t_end
            self.assertEqual(r.status, 429, "right after the sixth failure: %r" % (r.body,))
            self.assertEqual(r.headers.get("retry-after"), "2", "the delay should double")
            return t6, t6
        self.within_one_second(attempt)

    def test_unknown_user_takes_as_long_as_wrong_password(self):
        # real Argon2id cost here (not DTI_PWHASH_FAST), for the account and the server,
        # so that skipping the hash for unknown e-mails would show
        env = {"DTI_PWHASH_FAST": "0"}
        server = self.start(env)
        alice, alice_pw = self.accounts["alice"]
        login(server, "warm.up@example.org", alice_pw)
        self.assertEqual(login(server, alice, alice_pw).status, 200)

        def timed(email, pw):
            t = time.perf_counter()
            r = login(server, email, pw)
            dt = time.perf_counter() - t
            self.assertEqual(r.status, 401, "%s: %r" % (email, r.body))
            # a success resets the counts of this e-mail and address
            self.assertEqual(login(server, alice, alice_pw).status, 200)
            return dt, r.raw

        known, unknown = [], []
        for i in range(5):
            dt, raw_known = timed(alice, "Wrong-Password-%d-xyzzy" % i)
            known.append(dt)
            dt, raw_unknown = timed("nobody%d.throttle@example.org" % i, alice_pw)
            unknown.append(dt)
            self.assertEqual(raw_known, raw_unknown)
        mk, mu = statistics.median(known), statistics.median(unknown)
        ratio = max(mk, mu) / max(min(mk, mu), 1e-6)
        self.assertLess(ratio, 3.0, "median refusal time: wrong password %.1f ms, unknown "
                                    "e-mail %.1f ms" % (mk * 1000, mu * 1000))


# ----------------------------------------------------------------------------------
# 4. API tokens
# ----------------------------------------------------------------------------------

class TokenTests(AuthCase):
    DEMO = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acc = {}
        for name, role in (("ana", "analyst"), ("vic", "viewer")):
            email, pw = "%s.token@example.org" % name, strong_password(name)
            cli_add_user(cls.db, email, role, pw)
            cls.acc[name] = (email, pw)
        cls.ana = Session(cls.server, *cls.acc["ana"])
        cls.vic = Session(cls.server, *cls.acc["vic"])

    def make(self, s, name):
        r = s.request("POST", API + "/tokens", {"name": name})
        self.assertStatus(r, 201, "POST /tokens")
        SECRETS.add(r.body["token"])
        return r

    def test_token_lifecycle(self):
        r = self.make(self.ana, "script one")
        tok, tid = r.body["token"], r.body["id"]
        self.assertRegex(tok, TOKEN_RE)
        self.assertEqual(r.body["name"], "script one")
        self.assertEqual(r.body["user_id"], self.ana.user["id"])
        self.assertIsNone(r.body.get("revoked_at"))
        self.assertTrue(r.headers.get("location", "").endswith("/tokens/%d" % tid))
        r2 = self.make(self.ana, "script two")
        self.assertNotEqual(r2.body["token"], tok)
        # it authenticates as its user, without CSRF token
        who = bearer(self.server, tok, "GET", API + "/session")
        self.assertStatus(who, 200, "GET /session by the new token")
        self.assertEqual(who.body["user"]["email"], self.acc["ana"][0])
        r = bearer(self.server, tok, "POST", API + "/units",
                   {"code": unique("TK"), "name": "By token", "kind": "unit"})
        self.assertStatus(r, 201, "write by token")
        # listed without the token itself
        lst = self.ana.get(API + "/tokens")
        self.assertStatus(lst, 200)
        mine = [t for t in lst.body["items"] if t["id"] == tid]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["name"], "script one")
        for t in lst.body["items"]:
            self.assertNotIn("token", t)
            self.assertNoSecretKeys(t, "GET /tokens")
            self.assertEqual(t["user_id"], self.ana.user["id"], "only one's own tokens")
        self.assertNotIn(tok.encode(), lst.raw)
        # revoked: 401 from then on
        r = self.ana.request("DELETE", API + "/tokens/%d" % tid)
        self.assertStatus(r, 200, "DELETE /tokens/{id}")
        self.assertIsNotNone(r.body.get("revoked_at"))
        self.assertNotIn("token", r.body)
        self.assertProblem(bearer(self.server, tok, "GET", API + "/session"), 401,
                           what="a revoked token")
        self.assertProblem(self.ana.request("DELETE", API + "/tokens/%d" % tid), 404,
                           what="revoking it again")
        self.assertStatus(bearer(self.server, r2.body["token"], "GET", API + "/session"), 200,
                          "the other token still works")

    def test_others_tokens(self):
        tok = self.make(self.ana, "ana's").body
        # a viewer neither sees nor revokes it
        lst = self.vic.get(API + "/tokens")
        self.assertNotIn(tok["id"], [t["id"] for t in lst.body["items"]])
        r = self.vic.request("DELETE", API + "/tokens/%d" % tok["id"])
        self.assertProblem(r, 403, what="a viewer revoking an analyst's token")
        self.assertStatus(bearer(self.server, tok["token"], "GET", API + "/session"), 200,
                          "the token after a refused revocation")
        # an administrator sees and revokes it
        lst = self.get(API + "/tokens")
        self.assertIn(tok["id"], [t["id"] for t in lst.body["items"]])
        self.assertStatus(self.delete(API + "/tokens/%d" % tok["id"]), 200, "admin revokes")
        self.assertProblem(bearer(self.server, tok["token"], "GET", API + "/session"), 401,
                           what="revoked by an admin")

    def test_token_name_required(self):
        for body in ({}, {"name": ""}, {"name": "x", "token": "chosen"}):
            r = self.ana.request("POST", API + "/tokens", body)
            self.assertIn(r.status, (400, 422), "%r: %d" % (body, r.status))

    def test_cli_tokens(self):
        email = self.acc["vic"][0]
        p = run(["token", "create", "--user", email, "--name", "cli script"], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        tok = p.stdout.decode().splitlines()[0].strip()
        SECRETS.add(tok)
        self.assertRegex(tok, TOKEN_RE)
        self.assertEqual(p.stdout.decode().count(tok), 1)
        self.assertStatus(bearer(self.server, tok, "GET", API + "/session"), 200)
        p = run(["token", "list"], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("cli script", p.stdout.decode())
        self.assertNotIn(tok, p.stdout.decode() + p.stderr.decode())
        tid = [t["id"] for t in self.get(API + "/tokens").body["items"]
               if t["name"] == "cli script"]
        self.assertEqual(len(tid), 1)
        p = run(["token", "revoke", str(tid[0])], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertProblem(bearer(self.server, tok, "GET", API + "/session"), 401,
                           what="revoked with the command line")

    # Regression: created_at was once stored as a pointer value.
    def test_token_created_at_is_a_time(self):
        r = self.make(self.ana, "when")
        self.assertRegex(r.body["created_at"], ISO_TIME)
        for t in self.get(API + "/tokens").body["items"]:
            self.assertRegex(t["created_at"], ISO_TIME, t)

    # Regression: last_used_at was never written.
    def test_token_last_used(self):
        r = self.make(self.ana, "used")
        self.assertStatus(bearer(self.server, r.body["token"], "GET", API + "/units"), 200)
        t = [t for t in self.ana.get(API + "/tokens").body["items"] if t["id"] == r.body["id"]]
        self.assertIsNotNone(t[0]["last_used_at"])
        self.assertRegex(t[0]["last_used_at"], ISO_TIME)


# ----------------------------------------------------------------------------------
# 5. the users API
# ----------------------------------------------------------------------------------

class UsersApiTests(AuthCase):
    DEMO = False

    def emails(self):
        return [u["email"] for u in self.list_all("users")[0]]

    def test_create_with_password_then_log_in(self):
        email, pw = "new.analyst@example.org", strong_password("n")
        r = self.post(API + "/users", {"email": email, "name": "New Analyst",
                                       "role": "analyst", "password": pw})
        self.assertStatus(r, 201, "POST /users")
        self.assertNoSecretKeys(r.body, "POST /users reply")
        self.assertNotIn(pw.encode(), r.raw)
        self.assertTrue(r.headers.get("location", "").endswith("/users/%d" % r.body["id"]))
        s = Session(self.server, email, pw)
        self.assertEqual(s.user["role"], "analyst")
        self.assertEqual(s.user["id"], r.body["id"])
        # analysts may write the inventory
        r = s.request("POST", API + "/units", {"code": unique("NA"), "name": "x",
                                               "kind": "unit"})
        self.assertStatus(r, 201)

    def test_refused_passwords(self):
        email = "jonathan.smith@example.org"
        for label, pw in (("too short", "Sh0rt-pw!"),
                          ("common", "password1234"),
                          ("common, other case", "PASSWORD1234"),
                          ("contains the e-mail's name", "xJonathan.Smith-2026!")):
            with self.subTest(password=label):
                SECRETS.add(pw)
                r = self.post(API + "/users", {"email": email, "name": "J S", "role": "viewer",
                                               "password": pw})
                self.assertProblem(r, 422, field="password", what=label)
                self.assertNotIn(pw.encode(), r.raw)
                self.assertNotIn(email, self.emails(), "created despite a refused password")
                self.assertEqual(login(self.server, email, pw).status, 401)
        # a refused new password leaves the old one
        pw = strong_password("j")
        u = self.create("users", {"email": email, "name": "J S", "role": "viewer",
                                  "password": pw})
        r = self.patch(API + "/users/%d" % u["id"], {"password": "short-one", "version":
                                                     u["version"]})
        self.assertProblem(r, 422, field="password")
        Session(self.server, email, pw)

    def test_cli_refuses_weak_password(self):
        p = run(["user", "add", "weak.cli@example.org", "--role", "viewer",
                 "--password-stdin"], db=self.db, input=b"password1234\n")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("password", p.stderr.decode().lower())
        self.assertNotIn("weak.cli@example.org", self.emails())

    def test_role_change_is_audited_and_applies(self):
        email, pw = "role.change@example.org", strong_password("r")
        u = self.create("users", {"email": email, "name": "Role Change", "role": "viewer",
                                  "password": pw})
        s = Session(self.server, email, pw)
        self.assertProblem(s.get(API + "/audit"), 403, what="viewer reads the audit")
        r = self.patch(API + "/users/%d" % u["id"], {"role": "analyst",
                                                     "version": u["version"]})
        self.assertStatus(r, 200, "PATCH role")
        self.assertEqual(r.body["role"], "analyst")
        self.assertNoSecretKeys(r.body, "PATCH /users reply")
        entries = self.audit(entity="users", id=u["id"])
        changes = [e for e in entries if e["action"] == "role_change"]
        self.assertEqual(len(changes), 1, entries)
        e = changes[0]
        self.assertEqual(e["actor"], dtitest.TEST_ADMIN)
        self.assertEqual(e["before"]["role"], "viewer")
        self.assertEqual(e["after"]["role"], "analyst")
        self.assertEqual(e["entity_id"], u["id"])
        for x in entries:
            self.assertNoSecretKeys(x, "audit entry of a user")
        # the new role holds at once, for the open session too
        self.assertStatus(s.get(API + "/audit"), 200, "analyst reads the audit")
        # by the command line: also audited
        p = run(["user", "role", email, "viewer"], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        e = [x for x in self.audit(entity="users", id=u["id"])
             if x["action"] == "role_change"][0]
        self.assertEqual((e["before"]["role"], e["after"]["role"]), ("analyst", "viewer"))
        self.assertProblem(s.get(API + "/audit"), 403, what="back to viewer")

    def test_user_json_has_no_password(self):
        email, pw = "no.secret@example.org", strong_password("x")
        u = self.create("users", {"email": email, "name": "No Secret", "role": "viewer",
                                  "password": pw})
        replies = [self.get(API + "/users"), self.get(API + "/users/%d" % u["id"]),
                   self.get(API + "/users/%d/history" % u["id"]),
                   self.get(API + "/audit", params={"entity": "users"})]
        new_pw = strong_password("y")
        replies.append(self.patch(API + "/users/%d" % u["id"], {"password": new_pw,
                                                                "version": u["version"]}))
        s = Session(self.server, email, new_pw)
        replies += [s.reply, s.get(API + "/session")]
        for r in replies:
            if r.status == 404:        # no history route for users: nothing to check
                continue
            self.assertIn(r.status, (200, 201), r.body)
            self.assertNoSecretKeys(r.body.get("user", r.body) if "csrf_token" in r.body
                                    else r.body, "reply")
            self.assertNotIn(b"$argon2", r.raw)
            self.assertNotIn(pw.encode(), r.raw)
            self.assertNotIn(new_pw.encode(), r.raw)

    def test_disabled_or_deleted_by_the_api(self):
        for how in ("active", "delete"):
            with self.subTest(how=how):
                email, pw = "gone.%s@example.org" % how, strong_password("g")
                u = self.create("users", {"email": email, "name": "Gone", "role": "analyst",
                                          "password": pw})
                s = Session(self.server, email, pw)
                tok = cli_token(self.db, email)
                self.assertStatus(bearer(self.server, tok, "GET", API + "/session"), 200)
                path = API + "/users/%d" % u["id"]
                if how == "active":
                    r = self.patch(path, {"active": False, "version": u["version"]})
                else:
                    r = self.delete(path)
                self.assertStatus(r, 200, how)
                self.assertProblem(s.get(API + "/session"), 401, what="session, " + how)
                self.assertProblem(bearer(self.server, tok, "GET", API + "/units"), 401,
                                   what="token, " + how)
                self.assertEqual(login(self.server, email, pw).status, 401, how)
                Session(self.server, dtitest.TEST_ADMIN, dtitest.TEST_PASSWORD)
        # a new account with the e-mail of a deleted one does not inherit its session
        email, pw = "gone.delete@example.org", strong_password("h")
        u = self.create("users", {"email": email, "name": "New", "role": "viewer",
                                  "password": pw})
        self.assertEqual(Session(self.server, email, pw).user["id"], u["id"])

    def test_no_way_around_the_password(self):
        for body in ({"password_hash": "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA"},
                     {"active": True, "role": "admin", "hash": "x"}):
            r = self.post(API + "/users", dict(body, email="sneaky@example.org",
                                               name="Sneaky", role="viewer"))
            self.assertEqual(r.status, 422, "%r: %d %r" % (body, r.status, r.body))
        self.assertNotIn("sneaky@example.org", self.emails())
        # an account made without a password cannot log in, and says so like any other
        u = self.create("users", {"email": "no.password@example.org", "name": "No Pw",
                                  "role": "viewer"})
        Session(self.server, dtitest.TEST_ADMIN, dtitest.TEST_PASSWORD)
        r = login(self.server, u["email"], "Any-Password-At-All-42")
        wrong = login(self.server, dtitest.TEST_ADMIN, "Any-Password-At-All-42")
        Session(self.server, dtitest.TEST_ADMIN, dtitest.TEST_PASSWORD)
        self.assertEqual(r.status, 401)
        self.assertEqual(r.raw, wrong.raw)

    def test_only_admins_change_accounts(self):
        for role in ("analyst", "owner", "viewer"):
            with self.subTest(role=role):
                email, pw = "self.%s@example.org" % role, strong_password(role[0])
                cli_add_user(self.db, email, role, pw)
                s = Session(self.server, email, pw)
                me = s.user
                r = s.request("PATCH", API + "/users/%d" % me["id"],
                              {"role": "admin", "version": me["version"]})
                self.assertProblem(r, 403, what="%s making itself admin" % role)
                r = s.request("PATCH", API + "/users/%d" % me["id"],
                              {"password": strong_password("z"), "version": me["version"]})
                self.assertProblem(r, 403, what="%s setting a password by /users" % role)
                r = s.request("POST", API + "/users", {"email": "x.%s@example.org" % role,
                                                       "name": "X", "role": "admin",
                                                       "password": strong_password("x")})
                self.assertProblem(r, 403, what="%s creating an admin" % role)
                self.assertEqual(s.get(API + "/session").body["user"]["role"], role)
                Session(self.server, email, pw)       # the password is unchanged

    def test_password_change_ends_sessions(self):
        email, pw = "pw.change@example.org", strong_password("p")
        u = self.create("users", {"email": email, "name": "Pw Change", "role": "viewer",
                                  "password": pw})
        s = Session(self.server, email, pw)
        new_pw = strong_password("q")
        r = self.patch(API + "/users/%d" % u["id"], {"password": new_pw,
                                                     "version": u["version"]})
        self.assertStatus(r, 200, "PATCH password")
        self.assertEqual(login(self.server, email, pw).status, 401, "the old password")
        self.assertProblem(s.get(API + "/session"), 401, what="a session from before")
        Session(self.server, email, new_pw)
        changes = [e for e in self.audit(entity="users", id=u["id"])
                   if e["action"] == "password"]
        self.assertEqual(len(changes), 2, "set on create, then changed")
        for e in changes:
            self.assertEqual(e["actor"], dtitest.TEST_ADMIN)
            self.assertNotIn(new_pw, json.dumps(e))


# ----------------------------------------------------------------------------------
# 6. the audit trail
# ----------------------------------------------------------------------------------

class AuditTests(AuthCase):
    """Changes through the API by an analyst's session and the tests' admin token."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.email = "audit.analyst@example.org"
        cls.password = strong_password("a")
        cli_add_user(cls.db, cls.email, "analyst", cls.password)
        cls.s = Session(cls.server, cls.email, cls.password)

    def entries_of(self, entity, id):
        return list(reversed(self.audit(entity=entity, id=id)))    # oldest first

    def check_trail(self, entity, id, actions, actor):
        entries = self.entries_of(entity, id)
        actor_id = self.user_id(actor)
        self.assertEqual([e["action"] for e in entries], actions, entries)
        seqs = [e["seq"] for e in entries]
        self.assertEqual(seqs, sorted(seqs))
        for e in entries:
            self.assertEqual(e["actor"], actor, e)
            self.assertEqual(e["actor_id"], actor_id)
            self.assertEqual(e["entity"], entity)
            self.assertEqual(e["entity_id"], id)
            self.assertRegex(e["at"], ISO_TIME)
        create, update, delete = entries
        self.assertIsNone(create["before"])
        self.assertEqual(create["after"]["id"], id)
        self.assertEqual(update["before"]["version"], create["after"]["version"])
        self.assertEqual(update["after"]["version"], update["before"]["version"] + 1)
        self.assertEqual(delete["before"]["version"], update["after"]["version"])
        self.assertIsNone(delete["before"].get("deleted_at"))
        if delete["after"] is not None:       # soft delete: the row as it is kept
            self.assertRegex(delete["after"]["deleted_at"], ISO_TIME)
        return entries

    def cud(self, req, coll, body, change, item=None):
        """Create, update and delete a row with req(method, path, body); returns its id
        and the three replies' bodies."""
        r = req("POST", coll, body)
        self.assertStatus(r, 201, "POST " + coll)
        path = item or "%s/%d" % (coll, r.body["id"])
        created = r.body
        r = req("PATCH", path, dict(change, version=created["version"]))
        self.assertStatus(r, 200, "PATCH " + path)
        updated = r.body
        r = req("DELETE", path, None)
        self.assertStatus(r, 200, "DELETE " + path)
        return created["id"], created, updated

    def test_every_write_is_audited_with_its_actor(self):
        by_session = self.s.request

        def by_token(method, path, body):
            return self.server.request(method, path, body=body)
        unit = self.create("units", {"code": unique("AU"), "name": "Audit", "kind": "unit"})
        p1 = self.create("processes", {"code": unique("AP"), "name": "A1"})
        p2 = self.create("processes", {"code": unique("AP"), "name": "A2"})
        goal = self.create("goals", {"code": unique("AG"), "title": "G", "framework": "internal"})
        cases = [
            ("units", API + "/units", lambda: {"code": unique("AU"), "name": "U",
                                               "kind": "unit"}, {"name": "U2"}, None),
            ("people", API + "/people", lambda: {
                "email": "a.%s@example.org" % unique("x").lower(), "name": "P",
                "unit_id": unit["id"]}, {"title": "Boss"}, None),
            ("goals", API + "/goals", lambda: {"code": unique("AG"), "title": "T",
                                               "framework": "internal"}, {"title": "T2"}, None),
            ("processes", API + "/processes", lambda: {"code": unique("AP"), "name": "P",
                                                       "maturity": 2}, {"maturity": 3}, None),
            ("dependencies", API + "/dependencies", lambda: {
                "from_id": p1["id"], "to_id": p2["id"], "kind": "feeds", "strength": 1},
             {"strength": 3},
             None),
            ("process_goals", API + "/processes/%d/goals" % p1["id"],
             lambda: {"goal_id": goal["id"], "impact": 2}, {"impact": 5},
             API + "/processes/%d/goals/%d" % (p1["id"], goal["id"])),
        ]
        for who, req, actor in (("session", by_session, self.email),
                                ("token", by_token, dtitest.TEST_ADMIN)):
            for entity, coll, body, change, item in cases:
                with self.subTest(entity=entity, by=who):
                    id, created, updated = self.cud(req, coll, body(), change, item)
                    entries = self.check_trail(entity, id, ["create", "update", "delete"],
                                               actor)
                    self.assertEqual(entries[0]["after"], created)
                    self.assertEqual(entries[1]["after"], updated)
                    for k, v in change.items():
                        self.assertEqual(entries[1]["after"][k], v)
                        self.assertNotEqual(entries[1]["before"][k], v)
        # filters
        mine = self.audit(actor=self.email)
        self.assertTrue(mine)
        self.assertTrue(all(e["actor"] == self.email for e in mine))
        by_id = self.audit(actor=str(self.s.user["id"]))
        self.assertEqual([e["seq"] for e in by_id], [e["seq"] for e in mine])
        self.assertEqual(self.audit(since="2999-01-01"), [])
        r = self.get(API + "/audit", params={"nonsense": "1"})
        self.assertProblem(r, 400)

    def test_login_logout_and_failures_are_audited(self):
        email, pw = "audit.login@example.org", strong_password("l")
        cli_add_user(self.db, email, "viewer", pw)
        uid = self.user_id(email)
        top = self.audit_top()
        s = Session(self.server, email, pw)
        self.assertStatus(s.request("DELETE", API + "/session"), 200)
        wrong = "Wrong-Password-for-audit-42"
        SECRETS.add(wrong)
        self.assertEqual(login(self.server, email, wrong).status, 401)
        unknown = "ghost.%s@example.org" % unique("g").lower()
        self.assertEqual(login(self.server, unknown, pw).status, 401)
        Session(self.server, email, pw)      # clears the failure counts
        new = [e for e in reversed(self.audit()) if e["seq"] > top]
        acts = [(e["action"], e["entity_id"]) for e in new]
        self.assertEqual(acts[:4], [("login", uid), ("logout", uid), ("login_failed", uid),
                                    ("login_failed", None)], new)
        self.assertEqual(new[0]["actor"], email)
        self.assertEqual(new[1]["actor"], email)
        self.assertEqual(new[2]["after"]["email"], email)
        self.assertEqual(new[3]["after"]["email"], unknown)
        for e in new:
            self.assertEqual(e["entity"], "users")
            text = json.dumps(e)
            self.assertNotIn(pw, text)
            self.assertNotIn(wrong, text)
            self.assertNotIn(s.cookie, text)

    def test_command_line_changes_are_audited(self):
        csv = self.tmp.file("units-%s.csv" % unique("i"))
        code = unique("IMP")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("code,name,name_zh,kind,parent\n%s,Imported unit,,unit,\n" % code)
        top = self.audit_top()
        p = run(["import", "units", csv], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        new = [e for e in self.audit() if e["seq"] > top]
        self.assertEqual([e["action"] for e in new], ["import"], new)
        self.assertEqual(new[0]["entity"], "units")
        self.assertTrue(new[0]["actor"].startswith("cli:"), new[0])
        self.assertIsNone(new[0]["actor_id"])
        self.assertEqual(new[0]["after"]["rows"], 1)
        email = "cli.made@example.org"
        cli_add_user(self.db, email, "viewer", strong_password("u"))
        uid = self.user_id(email)
        p = run(["user", "disable", email], db=self.db)
        self.assertEqual(p.returncode, 0, p.stderr)
        acts = [(e["action"], e["actor"][:4]) for e in reversed(self.audit(entity="users",
                                                                           id=uid))]
        self.assertEqual(acts[0], ("create", "cli:"))
        self.assertIn(("password", "cli:"), acts)
        self.assertEqual(acts[-1], ("update", "cli:"))
        last = self.audit(entity="users", id=uid)[0]
        self.assertEqual((last["before"]["active"], last["after"]["active"]), (True, False))

    def test_process_history(self):
        code = unique("HP")
        r = self.s.request("POST", API + "/processes", {"code": code, "name": "History",
                                                        "maturity": 2, "nature": "paper"})
        self.assertStatus(r, 201)
        p = r.body
        path = API + "/processes/%d" % p["id"]
        r = self.s.request("PATCH", path, {"maturity": 3, "version": p["version"]})
        self.assertStatus(r, 200)
        r = self.patch(path, {"nature": "digital", "name": "History 2",
                              "version": r.body["version"]})
        self.assertStatus(r, 200)
        r = self.s.request("DELETE", path)
        self.assertStatus(r, 200)
        r = self.s.get(path + "/history")
        self.assertStatus(r, 200, "GET history")
        items = r.body["items"]
        self.assertEqual([i["action"] for i in items], ["create", "update", "update", "delete"])
        self.assertEqual([i["actor"] for i in items],
                         [self.email, self.email, dtitest.TEST_ADMIN, self.email])
        seqs = [i["seq"] for i in items]
        self.assertEqual(seqs, sorted(seqs), "history is oldest first")
        self.assertEqual(items[1]["changes"], [{"field": "maturity", "from": 2, "to": 3}])
        got = sorted(items[2]["changes"], key=lambda c: c["field"])
        self.assertEqual(got, [{"field": "name", "from": "History", "to": "History 2"},
                               {"field": "nature", "from": "paper", "to": "digital"}])
        created = {c["field"]: c for c in items[0]["changes"]}
        self.assertEqual(created["code"], {"field": "code", "from": None, "to": code})
        self.assertEqual(created["maturity"]["to"], 2)
        deleted = {c["field"]: c for c in items[3]["changes"]}
        self.assertIn("deleted_at", deleted, items[3])
        self.assertIsNone(deleted["deleted_at"]["from"])
        self.assertRegex(deleted["deleted_at"]["to"], ISO_TIME)
        for i in items:
            for c in i["changes"]:
                self.assertEqual(set(c), {"field", "from", "to"})
                self.assertNotIn(c["field"], ("version", "updated_at"))
        self.assertEqual(self.get(API + "/processes/99999999/history").status, 404)

    def test_refused_writes_leave_no_entry(self):
        email, pw = "audit.viewer@example.org", strong_password("v")
        cli_add_user(self.db, email, "viewer", pw)
        v = Session(self.server, email, pw)
        top = self.audit_top()
        r = v.request("POST", API + "/units", {"code": unique("NO"), "name": "x", "kind": "unit"})
        self.assertProblem(r, 403)
        r = v.request("DELETE", API + "/units/1")
        self.assertProblem(r, 403)
        r = v.request("POST", API + "/units", {"code": unique("NO"), "name": "x"}, csrf=None)
        self.assertProblem(r, 403)
        r = self.post(API + "/units", {"kind": "nope"})
        self.assertProblem(r, 422)
        self.assertEqual(self.audit_top(), top)


class AuditChainTests(unittest.TestCase):
    """`dti audit verify` over a database whose audit_log is edited with sqlite3."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.addClassCleanup(cls.tmp.cleanup)
        cls.db = cls.tmp.file("dti.db")
        make_demo(cls.db)
        server = Server(cls.db)
        try:
            email, pw = "chain.analyst@example.org", strong_password("c")
            cli_add_user(cls.db, email, "analyst", pw)
            s = Session(server, email, pw)
            for i in range(3):
                r = s.request("POST", API + "/units", {"code": unique("CH"), "name": "C%d" % i,
                                                       "kind": "unit"})
                assert r.status == 201, r.body
            s.request("DELETE", API + "/session")
        finally:
            rc = server.stop()
        assert rc == 0, server.log()
        cls.count = int(sqlite(cls.db, "SELECT count(*) FROM audit_log").strip())

    def copy(self):
        """A consistent copy of the database to tamper with."""
        path = self.tmp.file("copy-%s.db" % unique("c"))
        sqlite(self.db, ".backup '%s'" % path)
        self.addCleanup(lambda: [os.path.exists(path + x) and os.remove(path + x)
                                 for x in ("", "-wal", "-shm")])
        return path

    def verify(self, db):
        p = run(["audit", "verify"], db=db)
        return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")

    def assertBrokenAt(self, db, seq):
        rc, out = self.verify(db)
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"(?<![0-9])%d(?![0-9])" % seq, out)
        self.assertNotIn("intact: %d" % self.count, out)
        self.assertRegex(out, r"\b(broken|mismatch|does not match|tampered|changed)\b", out)

    def test_intact(self):
        self.assertGreater(self.count, 10)
        rc, out = self.verify(self.db)
        self.assertEqual(rc, 0, out)
        self.assertIn(str(self.count), out)

    def test_edited_after(self):
        db = self.copy()
        n = self.count // 2
        old = sqlite(db, "SELECT quote(after) FROM audit_log WHERE seq=%d" % n).strip()
        sqlite(db, "UPDATE audit_log SET after='{}' WHERE seq=%d" % n)
        self.assertBrokenAt(db, n)
        # put back as it was: intact again
        sqlite(db, "UPDATE audit_log SET after=%s WHERE seq=%d" % (old, n))
        rc, out = self.verify(db)
        self.assertEqual(rc, 0, out)

    def test_first_of_two_edits_is_named(self):
        db = self.copy()
        n = self.count // 3
        sqlite(db, "UPDATE audit_log SET actor='someone else' WHERE seq=%d" % (n + 4))
        sqlite(db, "UPDATE audit_log SET at='2000-01-01T00:00:00Z' WHERE seq=%d" % n)
        self.assertBrokenAt(db, n)

    def test_other_columns(self):
        last = self.count
        flip = "CASE WHEN substr(hash, 1, 1)='0' THEN '1' ELSE '0' END || substr(hash, 2)"
        for col, val in (("action", "'create'"), ("entity_id", "coalesce(entity_id, 0) + 1"),
                         ("before", "'{\"x\":1}'"), ("actor_id", "12345"),
                         ("actor", "'someone@example.org'"), ("hash", flip),
                         ("prev_hash", flip.replace("hash", "prev_hash"))):
            with self.subTest(column=col):
                db = self.copy()
                sqlite(db, "UPDATE audit_log SET %s=%s WHERE seq=%d" % (col, val, last))
                self.assertBrokenAt(db, last)

    def test_removed_entry(self):
        db = self.copy()
        n = self.count // 2
        sqlite(db, "DELETE FROM audit_log WHERE seq=%d" % n)
        rc, out = self.verify(db)
        self.assertEqual(rc, 1, out)
        self.assertRegex(out, r"(?<![0-9])(%d|%d)(?![0-9])" % (n, n + 1), out)

    def test_forged_entry_appended(self):
        # an entry added at the end with a made-up hash is found
        db = self.copy()
        sqlite(db, "INSERT INTO audit_log(seq, at, actor, action, entity, prev_hash, hash) "
                   "SELECT seq+1, at, 'forger', 'delete', 'units', hash, hash FROM audit_log "
                   "WHERE seq=%d" % self.count)
        self.assertBrokenAt(db, self.count + 1)


class SecretsTests(AuthCase):
    """Passwords and tokens never reach the audit trail, the database in clear, nor
    the server's log, even at log level debug."""
    DEMO = False

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.addClassCleanup(cls.cleanup_class)
        cls.db = cls.tmp.file("dti.db")
        dtitest.make_empty(cls.db)
        cls.server = Server(cls.db, env={"DTI_LOG_LEVEL": "debug"})

    def test_no_secrets_in_audit_db_or_log(self):
        mine = set()

        def keep(x):
            mine.add(x)
            SECRETS.add(x)
            return x
        email = "secret.keeper@example.org"
        pw = keep(strong_password("k"))
        p = cli_add_user(self.db, email, "analyst", pw)
        self.assertNotIn(pw, (p.stdout + p.stderr).decode())
        s = Session(self.server, email, pw)
        keep(s.cookie)
        # failed log-ins with near misses and a password sent as the e-mail
        for bad in (pw + "1", pw.upper(), "Wrong-" + pw):
            keep(bad)
            self.assertEqual(login(self.server, email, bad).status, 401)
        self.assertEqual(login(self.server, keep("Zq-" + secrets.token_hex(8)) + "@x.org",
                               pw).status, 401)
        # password set by the API on create and on update, and refused ones
        pw2 = keep(strong_password("m"))
        u = self.create("users", {"email": "second.keeper@example.org", "name": "Second",
                                  "role": "viewer", "password": pw2})
        pw3 = keep(strong_password("o"))
        r = self.patch(API + "/users/%d" % u["id"], {"password": pw3, "version": u["version"]})
        self.assertStatus(r, 200)
        short = keep("Sh0rt-%s" % secrets.token_hex(2))
        self.assertProblem(self.patch(API + "/users/%d" % u["id"],
                                      {"password": short, "version": r.body["version"]}), 422)
        # tokens by the API and by the command line, used and revoked
        t1 = s.request("POST", API + "/tokens", {"name": "secret test"})
        self.assertStatus(t1, 201)
        keep(t1.body["token"])
        self.assertStatus(bearer(self.server, t1.body["token"], "GET", API + "/units"), 200)
        self.assertStatus(s.request("DELETE", API + "/tokens/%d" % t1.body["id"]), 200)
        t2 = keep(cli_token(self.db, email, "cli secret"))
        self.assertStatus(bearer(self.server, t2, "GET", API + "/session"), 200)
        pw4 = keep(strong_password("w"))
        p = run(["user", "passwd", email, "--password-stdin"], db=self.db,
                input=(pw4 + "\n").encode())
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertNotIn(pw4, (p.stdout + p.stderr).decode())
        keep(self.server.token)
        self.assertStatus(s.request("DELETE", API + "/session"), 401,
                          "the password change ended the session")
        s2 = Session(self.server, email, pw4)
        keep(s2.cookie)
        self.assertStatus(s2.request("DELETE", API + "/session"), 200)

        audit = sqlite(self.db, "SELECT * FROM audit_log")
        self.assertIn("login_failed", audit)
        whole = sqlite(self.db, ".dump")
        p = run(["audit", "list", "--limit", "100000"], db=self.db)
        cli_audit = (p.stdout + p.stderr).decode()
        with open(self.server.log_path, "rb") as f:
            log = f.read().decode("utf-8", "replace")
        self.assertIn("/api/v1/session", log, "the log should have the requests")
        for secret in sorted(mine):
            self.assertNotIn(secret, audit, "a secret in audit_log")
            self.assertNotIn(secret, whole, "a secret in the database")
            self.assertNotIn(secret, cli_audit, "a secret in `dti audit list`")
            self.assertNotIn(secret, log, "a secret in the server log")
        # the CSRF tokens are kept by the server, but not in the audit trail nor the log
        self.assertNotIn(s.csrf, audit)
        self.assertNotIn(s.csrf, log)


# ----------------------------------------------------------------------------------
# 7. security headers
# ----------------------------------------------------------------------------------

class SecurityHeaderTests(AuthCase):
    DEMO = False

    def check_headers(self, r, what):
        h = r.headers
        csp = h.get("content-security-policy")
        self.assertIsNotNone(csp, "%s: no Content-Security-Policy" % what)
        directives = {}
        for part in csp.split(";"):
            words = part.split()
            if words:
                directives[words[0].lower()] = [w.lower() for w in words[1:]]
        self.assertEqual(directives.get("frame-ancestors"), ["'none'"], "%s: %s" % (what, csp))
        script = directives.get("script-src", directives.get("default-src"))
        self.assertIsNotNone(script, "%s: no script-src nor default-src: %s" % (what, csp))
        self.assertNotIn("'unsafe-inline'", script, what)
        self.assertNotIn("'unsafe-eval'", script, what)
        self.assertNotIn("*", script, what)
        self.assertEqual(h.get("x-content-type-options", "").lower(), "nosniff", what)
        self.assertIn(h.get("referrer-policy", "").lower(),
                      ("no-referrer", "same-origin", "strict-origin",
                       "strict-origin-when-cross-origin"), what)

    def test_headers_on_every_kind_of_reply(self):
        email, pw = "headers.viewer@example.org", strong_password("h")
        cli_add_user(self.db, email, "viewer", pw)
        v = Session(self.server, email, pw)
        replies = [
            (401, self.server.get(API + "/units", auth=False)),
            (401, login(self.server, email, pw + "x")),
            (403, v.get(API + "/users")),
            (403, v.request("POST", API + "/units", {"code": "H", "name": "x", "kind": "unit"})),
            (403, v.request("PATCH", API + "/units/1", {}, csrf=None)),
            (200, self.get(API + "/units")),
            (200, self.get(API + "/units")),           # now from the reply cache
            (200, self.server.get(API + "/health", auth=False)),
            (200, v.reply),
            (404, self.get(API + "/units/99999999")),
            (404, self.get(API + "/no-such-thing")),
            (404, self.server.get("/no-such-page", auth=False)),
            (405, self.server.request("PUT", API + "/units")),
            (422, self.post(API + "/units", {"kind": "nope"})),
        ]
        for status, r in replies:
            with self.subTest(status=status):
                self.assertEqual(r.status, status, r.body)
                self.check_headers(r, "%d reply" % status)


if __name__ == "__main__":
    dtitest.main()
