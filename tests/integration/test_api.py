"""test_api.py — the JSON API of `dti serve` (docs/api.md) against the demo
organisation: reads, lists (page, sort, filters, search), and writes of every
resource with their versions, soft deletes and conflicts."""
import itertools
import re
import subprocess
import time
import unicodedata
import unittest

import dtitest
from dtitest import ISO_TIME, ServerCase, unique

API = "/api/v1"

FIELDS = {
    "units": ["code", "name", "name_zh", "kind", "parent_id"],
    "people": ["email", "name", "unit_id", "title", "weekly_capacity_hours"],
    "goals": ["code", "title", "title_zh", "framework", "parent_id"],
    "processes": ["code", "name", "name_zh", "description", "kind", "parent_id", "unit_id",
                  "owner_id", "change_authority", "nature", "maturity", "volume_per_year",
                  "staff_hours_per_year", "annual_cost", "systems", "pain_points",
                  "resources_needed", "change_from", "change_to", "status", "source",
                  "change_cost", "change_hours"],
    "dependencies": ["from_id", "to_id", "kind", "strength", "note"],
    "goal_links": ["process_id", "goal_id", "impact"],
}
HEADER = ["id", "version", "created_at", "updated_at"]

ENUMS = {
    ("processes", "nature"): ["paper", "manual", "partly_digital", "digital"],
    ("processes", "status"): ["inventoried", "assessed", "prioritised", "in_transformation",
                              "transformed"],
    ("processes", "kind"): ["process", "procedure", "working_method"],
    ("processes", "source"): ["interview", "survey", "document", "workshop"],
    ("units", "kind"): ["sector", "bureau", "department", "division", "unit"],
    ("goals", "framework"): ["strategic_plan", "connect_2030", "internal"],
    ("dependencies", "kind"): ["feeds", "triggers", "shares_data", "shares_system",
                               "regulated_by"],
}

FTS_FIELDS = ["code", "name", "name_zh", "description", "pain_points"]


def fts_tokens(text):
    """Tokens as SQLite's unicode61 tokenizer with remove_diacritics makes them:
    runs of letters and digits, case-folded, without accents."""
    if not text:
        return []
    t = unicodedata.normalize("NFKD", text.casefold())
    t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", t)


def fts_matches(item, q):
    """docs/api.md: every word of q as a prefix, in code, names, description or pain
    points. A word of several tokens (HR-REC) is a phrase whose last token is a prefix."""
    for word in q.split():
        want = fts_tokens(word)
        found = False
        for f in FTS_FIELDS:
            toks = fts_tokens(item.get(f))
            for i in range(len(toks) - len(want) + 1):
                if toks[i:i + len(want) - 1] == want[:-1] and \
                        toks[i + len(want) - 1].startswith(want[-1]):
                    found = True
                    break
            if found:
                break
        if not found:
            return False
    return True


def is_sorted_as(items, keys):
    """True when items are in the order of keys [(field, desc)], ties by id, for some
    placement of nulls (first or last) per key — the docs do not fix that."""
    for nulls in itertools.product([0, 1], repeat=len(keys)):
        def k(it):
            out = []
            for (f, desc), nl in zip(keys, nulls):
                v = it.get(f)
                rank = (nl if v is None else 1 - nl)
                out.append((rank, v if v is not None else 0))
            return out
        exp = list(items)
        # stable sorts from the last key to the first, ties by id
        exp.sort(key=lambda it: it["id"])
        for i in reversed(range(len(keys))):
            exp.sort(key=lambda it, i=i: k(it)[i], reverse=keys[i][1])
        if [x["id"] for x in exp] == [x["id"] for x in items]:
            return True
    return False


class ReadTests(ServerCase):
    """Reads only: one demo database for the whole class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.all = {}
        for r in dtitest.RESOURCES:
            cls.all[r] = cls.server.list_all(r)[0]

    def test_health(self):
        r = self.get(API + "/health")
        self.assertStatus(r, 200)
        self.assertTrue(r.headers["content-type"].startswith("application/json"))
        self.assertEqual(r.body["status"], "ok")
        v = subprocess.run([dtitest.DTI, "--version"], stdout=subprocess.PIPE).stdout
        self.assertEqual("dti %s\n" % r.body["version"], v.decode())
        self.assertEqual(r.body["version"], self.server.version)

    def test_index_lists_the_api(self):
        r = self.get("/")
        self.assertStatus(r, 200)
        self.assertIn(b"/api/v1", r.raw)

    def test_stats_totals_match_lists(self):
        r = self.get(API + "/stats")
        self.assertStatus(r, 200)
        totals = r.body["totals"]
        for res in dtitest.RESOURCES:
            lst = self.get(API + "/" + res, params={"limit": 1})
            self.assertStatus(lst, 200)
            self.assertEqual(totals[res], lst.body["total"], res)
            self.assertEqual(totals[res], len(self.all[res]), res)
        procs = self.all["processes"]
        self.assertGreaterEqual(totals["processes"], 120)
        for key, field in (("by_nature", "nature"), ("by_status", "status")):
            counts = {}
            for p in procs:
                counts[p[field]] = counts.get(p[field], 0) + 1
            got = {c["value"]: c["count"] for c in r.body[key]}
            self.assertEqual(got, counts, key)
            self.assertEqual(sum(got.values()), totals["processes"])
        by_unit = {}
        for p in procs:
            by_unit[p["unit_id"]] = by_unit.get(p["unit_id"], 0) + 1
        units = {u["id"]: u for u in self.all["units"]}
        got = {}
        for c in r.body["by_unit"]:
            uid = c["unit_id"]
            got[uid] = c["count"]
            if uid is not None:
                self.assertEqual(c["code"], units[uid]["code"])
                self.assertEqual(c["name"], units[uid]["name"])
        self.assertEqual(got, by_unit)

    def test_pagination(self):
        full = self.all["processes"]
        self.assertEqual([p["id"] for p in full], sorted(p["id"] for p in full),
                         "default order is by id")
        default = self.get(API + "/processes")
        self.assertStatus(default, 200)
        self.assertEqual(default.body["limit"], 50)
        self.assertEqual(default.body["offset"], 0)
        self.assertEqual(len(default.body["items"]), min(50, len(full)))
        self.assertEqual(default.body["items"], full[:50])
        pages = []
        offset = 0
        while offset < len(full):
            r = self.get(API + "/processes", params={"limit": 17, "offset": offset})
            self.assertStatus(r, 200)
            self.assertEqual(r.body["total"], len(full))
            self.assertEqual(r.body["limit"], 17)
            self.assertEqual(r.body["offset"], offset)
            self.assertEqual(len(r.body["items"]), min(17, len(full) - offset))
            pages += r.body["items"]
            offset += 17
        self.assertEqual(pages, full)
        r = self.get(API + "/processes", params={"limit": 5, "offset": len(full) + 10})
        self.assertStatus(r, 200)
        self.assertEqual(r.body["items"], [])
        self.assertEqual(r.body["total"], len(full))
        r = self.get(API + "/processes", params={"limit": 0})
        self.assertStatus(r, 200)
        self.assertEqual(r.body["items"], [])
        self.assertEqual(r.body["total"], len(full))
        r = self.get(API + "/processes", params={"limit": 1000})
        self.assertEqual(len(r.body["items"]), min(1000, len(full)))
        # pagination together with a filter and a sort
        r1 = self.get(API + "/processes", params={"nature": "manual", "sort": "-maturity,code",
                                                  "limit": 1000})
        r2 = []
        for off in range(0, r1.body["total"], 6):
            r2 += self.get(API + "/processes",
                           params={"nature": "manual", "sort": "-maturity,code",
                                   "limit": 6, "offset": off}).body["items"]
        self.assertEqual(r2, r1.body["items"])

    def check_sort(self, res, sort, keys):
        r = self.get(API + "/" + res, params={"sort": sort, "limit": 1000})
        self.assertStatus(r, 200, sort)
        items = r.body["items"]
        self.assertEqual(len(items), len(self.all[res]))
        self.assertEqual(sorted(i["id"] for i in items), sorted(i["id"] for i in self.all[res]))
        self.assertTrue(is_sorted_as(items, keys), "%s ?sort=%s: not in order: %r" % (
            res, sort, [tuple(i.get(f) for f, _ in keys) + (i["id"],) for i in items][:40]))
        return items

    def test_sort(self):
        self.check_sort("processes", "code", [("code", False)])
        self.check_sort("processes", "-code", [("code", True)])
        self.check_sort("processes", "name", [("name", False)])
        self.check_sort("processes", "-volume_per_year", [("volume_per_year", True)])
        self.check_sort("processes", "volume_per_year", [("volume_per_year", False)])
        self.check_sort("processes", "maturity,-annual_cost",
                        [("maturity", False), ("annual_cost", True)])
        self.check_sort("processes", "-maturity,name", [("maturity", True), ("name", False)])
        self.check_sort("processes", "staff_hours_per_year", [("staff_hours_per_year", False)])
        self.check_sort("processes", "change_from,-code",
                        [("change_from", False), ("code", True)])
        self.check_sort("processes", "-id", [("id", True)])
        self.check_sort("processes", "created_at", [("created_at", False)])
        self.check_sort("units", "name", [("name", False)])
        self.check_sort("units", "-code", [("code", True)])
        self.check_sort("people", "email", [("email", False)])
        self.check_sort("people", "-weekly_capacity_hours,name",
                        [("weekly_capacity_hours", True), ("name", False)])
        self.check_sort("goals", "-title", [("title", True)])
        self.check_sort("dependencies", "-strength,from_id",
                        [("strength", True), ("from_id", False)])
        # enumerations sort in their listed order (status: inventoried first)
        for (res, field), values in ENUMS.items():
            for desc in (False, True):
                sort = ("-" if desc else "") + field
                items = self.get(API + "/" + res, params={"sort": sort + ",-id",
                                                          "limit": 1000}).body["items"]
                self.assertEqual(len(items), len(self.all[res]))

                def key(i, field=field, values=values):
                    v = i[field]
                    return -1 if v is None else values.index(v)
                ranks = [key(i) for i in items]
                nn = [r for r in ranks if r >= 0]
                self.assertEqual(nn, sorted(nn, reverse=desc), "%s ?sort=%s: %r" % (
                    res, sort, [i[field] for i in items]))
                self.assertGreater(len(set(nn)), 1)
                # ties: by the next key (-id)
                for a, b in zip(items, items[1:]):
                    if a[field] == b[field]:
                        self.assertGreater(a["id"], b["id"])
        items = self.get(API + "/processes", params={"sort": "status,code",
                                                     "limit": 1000}).body["items"]
        order = ENUMS[("processes", "status")]
        self.assertEqual([(i["status"], i["code"]) for i in items],
                         sorted(((i["status"], i["code"]) for i in items),
                                key=lambda t: (order.index(t[0]), t[1])))

    def check_filter(self, res, field, value, expect_pred, extra=None, path=None):
        params = {field: value, "limit": 1000}
        params.update(extra or {})
        r = self.get(path or API + "/" + res, params=params)
        self.assertStatus(r, 200, "%s?%s=%s" % (res, field, value))
        got = sorted(i["id"] for i in r.body["items"])
        base = self.all[res] if path is None else None
        if base is not None:
            want = sorted(i["id"] for i in base if expect_pred(i))
            self.assertEqual(got, want, "%s?%s=%s" % (res, field, value))
        self.assertEqual(r.body["total"], len(got))
        for i in r.body["items"]:
            self.assertTrue(expect_pred(i), "%s?%s=%s returned %r" % (res, field, value, i))
        return r.body["items"]

    def test_enum_filters(self):
        for (res, field), values in ENUMS.items():
            nonempty = 0
            for v in values:
                items = self.check_filter(res, field, v, lambda i, f=field, v=v: i[f] == v)
                nonempty += bool(items)
            self.assertGreaterEqual(nonempty, 2, "%s.%s: the demo should use several values"
                                    % (res, field))
            for combo in (values[:2], values[1:4], [values[-1], values[0]]):
                self.check_filter(res, field, ",".join(combo),
                                  lambda i, f=field, c=combo: i[f] in c)
            self.check_filter(res, field, ",".join(values), lambda i: True)
        # null: rows without a value (optional enumerations only)
        for field in ("nature", "source"):
            self.check_filter("processes", field, "null", lambda i, f=field: i[f] is None)
        # a combination of filters is an AND
        self.check_filter("processes", "nature", "paper,manual",
                          lambda i: i["nature"] in ("paper", "manual") and
                          i["status"] == "inventoried", extra={"status": "inventoried"})

    def test_strength_and_impact_filters(self):
        for s in ("1", "2", "3", "1,3"):
            vals = [int(x) for x in s.split(",")]
            self.check_filter("dependencies", "strength", s,
                              lambda i, vals=vals: i["strength"] in vals)
        # goal links of a process, filtered by impact
        links = None
        for p in self.all["processes"]:
            r = self.get(API + "/processes/%d/goals" % p["id"])
            self.assertStatus(r, 200)
            if len({l["impact"] for l in r.body["items"]}) >= 2:
                links = r.body["items"]
                break
        self.assertIsNotNone(links, "no process with goal links of two impacts")
        pid = links[0]["process_id"]
        for l in links:
            self.assertEqual(l["process_id"], pid)
        imp = links[0]["impact"]
        r = self.get(API + "/processes/%d/goals" % pid, params={"impact": imp})
        self.assertStatus(r, 200)
        self.assertEqual(sorted(l["id"] for l in r.body["items"]),
                         sorted(l["id"] for l in links if l["impact"] == imp))

    def subtree(self, unit_id):
        ids = {unit_id}
        changed = True
        while changed:
            changed = False
            for u in self.all["units"]:
                if u["parent_id"] in ids and u["id"] not in ids:
                    ids.add(u["id"])
                    changed = True
        return ids

    def test_unit_filter_includes_sub_units(self):
        units = self.all["units"]
        depth = {}

        def d(u):
            if u["id"] not in depth:
                sub = [c for c in units if c["parent_id"] == u["id"]]
                depth[u["id"]] = 1 + max((d(c) for c in sub), default=0)
            return depth[u["id"]]
        deep = [u for u in units if d(u) >= 3]
        self.assertTrue(deep, "the demo has units three levels deep")
        tested = 0
        for u in deep + [u for u in units if d(u) == 2][:3]:
            sub = self.subtree(u["id"])
            self.assertGreater(len(sub), 1)
            items = self.check_filter("processes", "unit_id", str(u["id"]),
                                      lambda i, sub=sub: i["unit_id"] in sub)
            direct = [i for i in items if i["unit_id"] == u["id"]]
            if len(items) > len(direct):
                tested += 1
            self.check_filter("people", "unit_id", str(u["id"]),
                              lambda i, sub=sub: i["unit_id"] in sub)
        self.assertGreater(tested, 0, "some unit has processes only in its sub-units")
        # several units: the union of their subtrees
        a, b = deep[0]["id"], [u for u in units if d(u) == 2][-1]["id"]
        both = self.subtree(a) | self.subtree(b)
        self.check_filter("processes", "unit_id", "%d,%d" % (a, b),
                          lambda i: i["unit_id"] in both)
        # a leaf unit: just its own rows
        leaf = [u for u in units if d(u) == 1][0]
        self.check_filter("processes", "unit_id", str(leaf["id"]),
                          lambda i: i["unit_id"] == leaf["id"])
        self.check_filter("processes", "unit_id", "null", lambda i: i["unit_id"] is None)

    def test_owner_and_parent_filters(self):
        owners = {}
        for p in self.all["processes"]:
            owners[p["owner_id"]] = owners.get(p["owner_id"], 0) + 1
        owner = max((o for o in owners if o is not None), key=lambda o: owners[o])
        self.assertGreaterEqual(owners[owner], 2)
        self.check_filter("processes", "owner_id", str(owner), lambda i: i["owner_id"] == owner)
        two = sorted((o for o in owners if o is not None), key=lambda o: -owners[o])[:2]
        self.check_filter("processes", "owner_id", "%d,%d" % tuple(two),
                          lambda i: i["owner_id"] in two)
        tops = self.check_filter("processes", "parent_id", "null",
                                 lambda i: i["parent_id"] is None)
        self.assertTrue(0 < len(tops) < len(self.all["processes"]))
        parent = next(p["parent_id"] for p in self.all["processes"] if p["parent_id"])
        self.check_filter("processes", "parent_id", str(parent),
                          lambda i: i["parent_id"] == parent)
        self.check_filter("units", "parent_id", "null", lambda i: i["parent_id"] is None)
        # on units, parent_id lists the direct children (not the whole subtree)
        grand = next(u for u in self.all["units"]
                     if any(c["parent_id"] == u["id"] and
                            any(g["parent_id"] == c["id"] for g in self.all["units"])
                            for c in self.all["units"]))
        kids = self.check_filter("units", "parent_id", str(grand["id"]),
                                 lambda i: i["parent_id"] == grand["id"])
        self.assertTrue(kids)
        self.check_filter("goals", "parent_id", "null", lambda i: i["parent_id"] is None)
        dep = self.all["dependencies"][0]
        self.check_filter("dependencies", "from_id", str(dep["from_id"]),
                          lambda i: i["from_id"] == dep["from_id"])
        self.check_filter("dependencies", "to_id", str(dep["to_id"]),
                          lambda i: i["to_id"] == dep["to_id"])

    def search(self, q, res="processes", extra=None):
        params = {"q": q, "limit": 1000}
        params.update(extra or {})
        r = self.get(API + "/" + res, params=params)
        self.assertStatus(r, 200, "q=%s" % q)
        self.assertEqual(r.body["total"], len(r.body["items"]))
        return r.body["items"]

    def assert_search(self, q, must_contain):
        items = self.search(q)
        want = sorted(p["id"] for p in self.all["processes"] if fts_matches(p, q))
        self.assertTrue(want, "the demo has processes matching %r" % q)
        self.assertEqual(sorted(i["id"] for i in items), want, "q=%s" % q)
        for i in items:
            text = " ".join(str(i.get(f) or "") for f in FTS_FIELDS).casefold()
            self.assertIn(must_contain.casefold(), text, "q=%s found %s" % (q, i["code"]))
        return items

    def test_search_english_word_prefix(self):
        items = self.assert_search("recruit", "recruit")
        self.assertIn("Recruitment", [i["name"] for i in items])
        # case does not matter, and every word must match (AND)
        self.assertEqual(self.search("RECRUIT"), items)
        both = self.assert_search("recruit vacancy", "vacanc")
        self.assertLess(len(both), len(items) + len(self.search("vacancy")))
        for i in both:
            self.assertTrue(fts_matches(i, "recruit") and fts_matches(i, "vacancy"))
        # a word that occurs nowhere
        self.assertEqual(self.search("zzyzxqq"), [])
        # search combines with filters
        manual = self.search("request", extra={"nature": "manual"})
        self.assertEqual(sorted(i["id"] for i in manual),
                         sorted(p["id"] for p in self.all["processes"]
                                if fts_matches(p, "request") and p["nature"] == "manual"))

    def test_search_code(self):
        items = self.assert_search("HR-REC", "HR-REC")
        codes = [i["code"] for i in items]
        self.assertEqual(sorted(c for c in codes if c.startswith("HR-REC")),
                         sorted(p["code"] for p in self.all["processes"]
                                if p["code"].startswith("HR-REC")))
        self.assertGreaterEqual(len(codes), 2)
        one = self.all["processes"][5]["code"]
        self.assertIn(one, [i["code"] for i in self.search(one)])

    def test_search_chinese_prefix(self):
        target = next(p for p in self.all["processes"]
                      if p["name_zh"] and len(p["name_zh"]) >= 4)
        prefix = target["name_zh"][:2]
        items = self.assert_search(prefix, prefix)
        self.assertIn(target["id"], [i["id"] for i in items])
        full = self.search(target["name_zh"])
        self.assertIn(target["id"], [i["id"] for i in full])

    def test_search_other_lists(self):
        # other lists: the text anywhere in code, names, e-mail or title
        for res, fields, q in (("units", ("code", "name", "name_zh"), "Division"),
                               ("units", ("code", "name", "name_zh"), "HRMD"),
                               ("people", ("email", "name", "title"), "head"),
                               ("goals", ("code", "title", "title_zh"), "digital")):
            items = self.search(q, res)
            want = sorted(i["id"] for i in self.all[res]
                          if any(q.casefold() in (i.get(f) or "").casefold() for f in fields))
            self.assertTrue(want, "%s has rows containing %r" % (res, q))
            self.assertEqual(sorted(i["id"] for i in items), want, "%s?q=%s" % (res, q))

    def test_get_by_id(self):
        for res in dtitest.RESOURCES:
            item = self.all[res][len(self.all[res]) // 2]
            r = self.get("%s/%s/%d" % (API, res, item["id"]))
            self.assertStatus(r, 200, res)
            self.assertEqual(r.body, item)
            self.assertEqual(set(r.body), set(HEADER + FIELDS[res]))
            self.assertRegex(r.body["created_at"], ISO_TIME)
            self.assertRegex(r.body["updated_at"], ISO_TIME)
            self.assertNotIn("deleted_at", r.body)

    def test_get_missing(self):
        for res in dtitest.RESOURCES:
            top = max(i["id"] for i in self.all[res])
            for path in ("%s/%s/%d" % (API, res, top + 1000), "%s/%s/abc" % (API, res),
                         "%s/%s/0" % (API, res), "%s/%s/-1" % (API, res),
                         "%s/%s/1x" % (API, res)):
                self.assertProblem(self.get(path), 404, what=path)
        self.assertProblem(self.get(API + "/processes/999999/goals"), 404)
        self.assertProblem(self.get(API + "/nosuchthing"), 404)
        self.assertProblem(self.get("/nosuchpage"), 404)


def proc_body(code, **kw):
    b = {"code": code, "name": "Test process " + code}
    b.update(kw)
    return b


class WriteTests(ServerCase):
    """Creates, patches and deletes: rows with fresh codes in a class database."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        units = cls.server.list_all("units")[0]
        cls.unit = units[0]
        cls.unit2 = units[-1]
        cls.person = cls.server.list_all("people")[0][0]
        cls.goal = cls.server.list_all("goals")[0][0]
        cls.goals = cls.server.list_all("goals")[0]

    def assert_created(self, res, reply, body, defaults=None):
        self.assertStatus(reply, 201, "POST %s" % res)
        o = reply.body
        self.assertIsInstance(o["id"], int)
        self.assertGreater(o["id"], 0)
        self.assertEqual(o["version"], 1)
        self.assertRegex(o["created_at"], ISO_TIME)
        self.assertEqual(o["updated_at"], o["created_at"])
        self.assertNotIn("deleted_at", o)
        self.assertEqual(set(o), set(HEADER + FIELDS[res]))
        for f in FIELDS[res]:
            if f in body:
                self.assertEqual(o[f], body[f], "%s.%s" % (res, f))
                if isinstance(body[f], int) and not isinstance(body[f], bool):
                    self.assertIsInstance(o[f], (int, float), "%s.%s" % (res, f))
            elif defaults and f in defaults:
                self.assertEqual(o[f], defaults[f], "%s.%s default" % (res, f))
            else:
                self.assertIsNone(o[f], "%s.%s absent is null" % (res, f))
        loc = reply.headers.get("location")
        self.assertIsNotNone(loc, "Location header")
        got = self.get(loc)
        self.assertStatus(got, 200, "GET Location %s" % loc)
        self.assertEqual(got.body, o)
        return o

    def test_create_unit(self):
        body = {"code": unique("U"), "name": "Test Unit", "name_zh": "测试单位",
                "kind": "division", "parent_id": self.unit["id"]}
        r = self.post(API + "/units", body)
        o = self.assert_created("units", r, body)
        self.assertEqual(r.headers["location"], "%s/units/%d" % (API, o["id"]))
        # the unit is in the parent's subtree at once
        lst = self.get(API + "/units", params={"parent_id": self.unit["id"], "limit": 1000})
        self.assertIn(o["id"], [u["id"] for u in lst.body["items"]])

    def test_create_person(self):
        email = "Jane.DOE.%s@Example.ORG" % unique("P")
        body = {"email": email, "name": "Jane Doe", "unit_id": self.unit["id"],
                "title": "Analyst", "weekly_capacity_hours": 7.5}
        r = self.post(API + "/people", body)
        self.assertStatus(r, 201)
        self.assertEqual(r.body["email"], email.lower(), "stored lower-case")
        body["email"] = email.lower()
        o = self.assert_created("people", r, body)
        self.assertEqual(r.headers["location"], "%s/people/%d" % (API, o["id"]))
        minimal = {"email": "min.%s@example.org" % unique("P").lower(), "name": "Min"}
        self.assert_created("people", self.post(API + "/people", minimal), minimal)

    def test_create_goal(self):
        body = {"code": unique("G"), "title": "Test goal", "title_zh": "测试目标",
                "framework": "connect_2030", "parent_id": self.goal["id"]}
        o = self.assert_created("goals", self.post(API + "/goals", body), body)
        child = {"code": unique("G"), "title": "Sub-goal", "framework": "internal",
                 "parent_id": o["id"]}
        self.assert_created("goals", self.post(API + "/goals", child), child)

    def test_create_process_full(self):
        parent = self.create("processes", proc_body(unique("P")))
        body = {"code": unique("P"), "name": "Invoice approval", "name_zh": "发票审批",
                "description": "Line one.\nLine two, with \"quotes\" and ; semicolons.",
                "kind": "procedure", "parent_id": parent["id"], "unit_id": self.unit["id"],
                "owner_id": self.person["id"], "change_authority": "Chief, FRMD",
                "nature": "partly_digital", "maturity": 3, "volume_per_year": 1200,
                "staff_hours_per_year": 340.5, "annual_cost": 25000.25,
                "systems": ["SAP ERP", "SharePoint"], "pain_points": "Slow.\r\nManual.",
                "resources_needed": "A workflow engine", "change_from": "2027-01-01",
                "change_to": "2027-12-31", "status": "assessed", "source": "interview"}
        r = self.post(API + "/processes", body)
        o = self.assert_created("processes", r, body)
        self.assertEqual(r.headers["location"], "%s/processes/%d" % (API, o["id"]))
        # listed under its parent
        kids = self.get(API + "/processes", params={"parent_id": parent["id"]})
        self.assertEqual([k["id"] for k in kids.body["items"]], [o["id"]])

    def test_create_process_defaults(self):
        body = proc_body(unique("P"))
        o = self.assert_created("processes", self.post(API + "/processes", body), body,
                                defaults={"kind": "process", "status": "inventoried"})
        self.assertIsNone(o["systems"])
        empty = proc_body(unique("P"), systems=[])
        r = self.post(API + "/processes", empty)
        self.assertStatus(r, 201)
        self.assertIn(r.body["systems"], ([], None))

    def test_one_line_text_is_trimmed(self):
        # surrounding blanks of one-line values are dropped (as a CSV import does);
        # long text keeps them
        code = unique("P")
        r = self.post(API + "/processes", {"code": " " + code + "\t", "name": "  Padded  ",
                                           "description": "  kept  "})
        self.assertStatus(r, 201)
        self.assertEqual((r.body["code"], r.body["name"], r.body["description"]),
                         (code, "Padded", "  kept  "))

    def test_create_dependency(self):
        a = self.create("processes", proc_body(unique("P")))
        b = self.create("processes", proc_body(unique("P")))
        body = {"from_id": a["id"], "to_id": b["id"], "kind": "feeds"}
        o = self.assert_created("dependencies", self.post(API + "/dependencies", body), body,
                                defaults={"strength": 2})
        self.assertEqual(o["strength"], 2, "default strength")
        body2 = {"from_id": b["id"], "to_id": a["id"], "kind": "shares_data", "strength": 3,
                 "note": "Both read the vendor master\nnightly"}
        self.assert_created("dependencies", self.post(API + "/dependencies", body2), body2)
        # the reverse direction and another kind between the same pair are distinct keys
        body3 = {"from_id": a["id"], "to_id": b["id"], "kind": "triggers", "strength": 1}
        self.assert_created("dependencies", self.post(API + "/dependencies", body3), body3)
        lst = self.get(API + "/dependencies", params={"from_id": a["id"]})
        self.assertEqual(sorted(d["kind"] for d in lst.body["items"]), ["feeds", "triggers"])

    def test_goal_links(self):
        p = self.create("processes", proc_body(unique("P")))
        g1, g2 = self.goals[0], self.goals[1]
        base = "%s/processes/%d/goals" % (API, p["id"])
        self.assertEqual(self.get(base).body["items"], [])
        r = self.post(base, {"goal_id": g1["id"], "impact": 4})
        self.assertStatus(r, 201)
        link = r.body
        self.assertEqual(set(link), set(HEADER + FIELDS["goal_links"]))
        self.assertEqual(link["process_id"], p["id"])
        self.assertEqual(link["goal_id"], g1["id"])
        self.assertEqual(link["impact"], 4)
        self.assertEqual(link["version"], 1)
        self.assertRegex(link["created_at"], ISO_TIME)
        item = "%s/%d" % (base, g1["id"])
        got = self.get(item)
        self.assertStatus(got, 200)
        self.assertEqual(got.body, link)
        self.create("processes/%d/goals" % p["id"], {"goal_id": g2["id"], "impact": 1})
        lst = self.get(base)
        self.assertEqual(lst.body["total"], 2)
        self.assertEqual(sorted(l["goal_id"] for l in lst.body["items"]),
                         sorted([g1["id"], g2["id"]]))
        r = self.patch(item, {"impact": 5, "version": 1})
        self.assertStatus(r, 200)
        self.assertEqual(r.body["impact"], 5)
        self.assertEqual(r.body["version"], 2)
        self.assertEqual(r.body["goal_id"], g1["id"])
        self.assertProblem(self.patch(item, {"impact": 2, "version": 1}), 409, "version")
        self.assertEqual(self.get(item).body["impact"], 5)
        r = self.delete(item)
        self.assertStatus(r, 200)
        self.assertIn("deleted_at", r.body)
        self.assertProblem(self.get(item), 404)
        self.assertEqual([l["goal_id"] for l in self.get(base).body["items"]], [g2["id"]])
        inc = self.get(base, params={"include_deleted": "true"})
        self.assertEqual(inc.body["total"], 2)
        # the link can be made again once the old one is deleted
        self.assertStatus(self.post(base, {"goal_id": g1["id"], "impact": 2}), 201)
        # the export lists the live links by code
        csv = dtitest.run(["export", "goal-links"], db=self.db).stdout.decode()
        self.assertIn("%s,%s,2\n" % (p["code"], g1["code"]), csv)
        self.assertIn("%s,%s,1\n" % (p["code"], g2["code"]), csv)
        self.assertProblem(self.get("%s/%d" % (base, 999999)), 404)

    # Regression: POST /api/v1/processes/{id}/goals answers with
    # "Location: /api/v1/process_goals/{link id}", a path the API does not serve (404).
    def test_goal_link_location(self):
        p = self.create("processes", proc_body(unique("P")))
        r = self.post("%s/processes/%d/goals" % (API, p["id"]),
                      {"goal_id": self.goal["id"], "impact": 3})
        self.assertStatus(r, 201)
        loc = r.headers.get("location")
        self.assertIsNotNone(loc)
        got = self.get(loc)
        self.assertStatus(got, 200)
        self.assertEqual(got.body, r.body)

    def test_patch_versions(self):
        o = self.create("processes", proc_body(unique("P"), maturity=2, nature="paper",
                                               description="Old text"))
        url = "%s/processes/%d" % (API, o["id"])
        r = self.patch(url, {"version": 1, "maturity": 3, "name": "Renamed"})
        self.assertStatus(r, 200)
        p = r.body
        self.assertEqual(p["version"], 2)
        self.assertEqual(p["maturity"], 3)
        self.assertEqual(p["name"], "Renamed")
        for f in FIELDS["processes"]:
            if f not in ("maturity", "name"):
                self.assertEqual(p[f], o[f], "PATCH left %s alone" % f)
        self.assertEqual(p["created_at"], o["created_at"])
        self.assertGreaterEqual(p["updated_at"], o["updated_at"])
        self.assertRegex(p["updated_at"], ISO_TIME)
        self.assertEqual(self.get(url).body, p)
        # stale version: 409, nothing changes
        r = self.patch(url, {"version": 1, "maturity": 5})
        self.assertProblem(r, 409, "version")
        self.assertEqual(self.get(url).body, p)
        # a version from the future is stale too
        self.assertProblem(self.patch(url, {"version": 7, "maturity": 5}), 409, "version")
        self.assertEqual(self.get(url).body, p)
        # If-Match instead of a version in the body
        r = self.patch(url, {"nature": "digital"}, headers={"If-Match": '"2"'})
        self.assertStatus(r, 200)
        self.assertEqual(r.body["version"], 3)
        self.assertEqual(r.body["nature"], "digital")
        self.assertProblem(self.patch(url, {"nature": "manual"}, headers={"If-Match": '"2"'}),
                           409)
        self.assertEqual(self.get(url).body["nature"], "digital")
        # null clears an optional field
        r = self.patch(url, {"version": 3, "description": None, "maturity": None,
                             "systems": None, "nature": None})
        self.assertStatus(r, 200)
        for f in ("description", "maturity", "systems", "nature"):
            self.assertIsNone(r.body[f], f)
        self.assertEqual(r.body["version"], 4)
        self.assertEqual(self.get(url).body, r.body)
        # ... but not a required one
        self.assertProblem(self.patch(url, {"version": 4, "name": None}), 422, "name")
        self.assertEqual(self.get(url).body, r.body)
        # the full-text index follows a rename
        word = "Zebracrossing%d" % o["id"]
        r = self.patch(url, {"version": 4, "name": "Renamed " + word})
        self.assertStatus(r, 200)
        found = self.get(API + "/processes", params={"q": word.lower()[:10]})
        self.assertIn(o["id"], [i["id"] for i in found.body["items"]])
        old = self.get(API + "/processes", params={"q": "Test process " + o["code"]})
        self.assertNotIn(o["id"], [i["id"] for i in old.body["items"]],
                         "the old name is no longer found")

    def test_patch_every_resource(self):
        u = self.create("units", {"code": unique("U"), "name": "A", "kind": "unit"})
        r = self.patch("%s/units/%d" % (API, u["id"]),
                       {"version": 1, "name": "B", "parent_id": self.unit["id"]})
        self.assertStatus(r, 200)
        self.assertEqual((r.body["name"], r.body["parent_id"], r.body["version"]),
                         ("B", self.unit["id"], 2))
        pe = self.create("people", {"email": "x.%s@example.org" % unique("p").lower(),
                                    "name": "X"})
        r = self.patch("%s/people/%d" % (API, pe["id"]),
                       {"version": 1, "email": "New.%s@Example.org" % pe["id"],
                        "weekly_capacity_hours": 168})
        self.assertStatus(r, 200)
        self.assertEqual(r.body["email"], "new.%s@example.org" % pe["id"])
        self.assertEqual(r.body["weekly_capacity_hours"], 168)
        g = self.create("goals", {"code": unique("G"), "title": "T", "framework": "internal"})
        r = self.patch("%s/goals/%d" % (API, g["id"]), {"version": 1, "title_zh": "标题"})
        self.assertStatus(r, 200)
        self.assertEqual(r.body["title_zh"], "标题")
        a = self.create("processes", proc_body(unique("P")))
        b = self.create("processes", proc_body(unique("P")))
        d = self.create("dependencies", {"from_id": a["id"], "to_id": b["id"], "kind": "feeds"})
        r = self.patch("%s/dependencies/%d" % (API, d["id"]),
                       {"version": 1, "strength": 3, "note": "n"})
        self.assertStatus(r, 200)
        self.assertEqual((r.body["strength"], r.body["note"], r.body["version"]), (3, "n", 2))
        self.assertProblem(self.patch("%s/dependencies/%d" % (API, d["id"]),
                                      {"version": 1, "strength": 1}), 409, "version")
        self.assertEqual(self.get("%s/dependencies/%d" % (API, d["id"])).body, r.body)
        self.assertProblem(self.patch("%s/units/999999" % API, {"version": 1, "name": "x"}),
                           404)

    def test_soft_delete(self):
        code = unique("P")
        o = self.create("processes", proc_body(code, nature="paper"))
        url = "%s/processes/%d" % (API, o["id"])
        r = self.delete(url)
        self.assertStatus(r, 200)
        self.assertRegex(r.body["deleted_at"], ISO_TIME)
        self.assertEqual(r.body["code"], code)
        self.assertProblem(self.get(url), 404)
        self.assertProblem(self.delete(url), 404, what="second delete")
        self.assertProblem(self.patch(url, {"version": 2, "name": "x"}), 404)
        inc = self.get(url, params={"include_deleted": "true"})
        self.assertStatus(inc, 200)
        self.assertEqual(inc.body["deleted_at"], r.body["deleted_at"])
        self.assertEqual(inc.body, r.body)
        live = self.list_all("processes")[0]
        self.assertNotIn(o["id"], [p["id"] for p in live])
        every, total = self.list_all("processes", {"include_deleted": "true"})
        self.assertIn(o["id"], [p["id"] for p in every])
        self.assertEqual(total, len(every))
        self.assertEqual(len(every), len(live) + sum(1 for p in every if "deleted_at" in p))
        self.assertNotIn(o["id"], [p["id"] for p in self.get(
            API + "/processes", params={"q": code}).body["items"]])
        # stats count live rows
        st = self.get(API + "/stats").body
        self.assertEqual(st["totals"]["processes"], len(live))
        # the code is free again
        again = self.create("processes", proc_body(code))
        self.assertNotEqual(again["id"], o["id"])
        # a deleted row cannot be referred to
        self.assertProblem(self.post(API + "/processes", proc_body(unique("P"),
                                                                   parent_id=o["id"])),
                           422, "parent_id")
        # not in the CSV export
        csv = dtitest.run(["export", "processes"], db=self.db).stdout.decode()
        self.assertEqual(csv.count("\n%s," % code), 1)

    def test_delete_other_resources(self):
        u = self.create("units", {"code": unique("U"), "name": "A", "kind": "unit"})
        pe = self.create("people", {"email": "d.%s@example.org" % unique("p").lower(),
                                    "name": "D", "unit_id": u["id"]})
        g = self.create("goals", {"code": unique("G"), "title": "T", "framework": "internal"})
        # the unit is referred to by the person
        r = self.delete("%s/units/%d" % (API, u["id"]))
        p = self.assertProblem(r, 409)
        self.assertEqual([(x["entity"], x["id"]) for x in p.get("dependents", [])],
                         [("people", pe["id"])])
        label = p["dependents"][0]["label"]
        self.assertTrue(pe["email"] in label or pe["name"] in label, label)
        for res, o in (("people", pe), ("units", u), ("goals", g)):
            r = self.delete("%s/%s/%d" % (API, res, o["id"]))
            self.assertStatus(r, 200, res)
            self.assertIn("deleted_at", r.body)
            self.assertProblem(self.get("%s/%s/%d" % (API, res, o["id"])), 404)
            ids = [i["id"] for i in self.list_all(res, {"include_deleted": "true"})[0]]
            self.assertIn(o["id"], ids)

    def test_delete_process_with_dependents(self):
        a = self.create("processes", proc_body(unique("P")))
        b = self.create("processes", proc_body(unique("P")))
        c = self.create("processes", proc_body(unique("P")))
        d1 = self.create("dependencies", {"from_id": a["id"], "to_id": b["id"], "kind": "feeds"})
        d2 = self.create("dependencies", {"from_id": c["id"], "to_id": a["id"],
                                          "kind": "triggers"})
        d3 = self.create("dependencies", {"from_id": b["id"], "to_id": c["id"],
                                          "kind": "feeds"})
        gl = self.create("processes/%d/goals" % a["id"], {"goal_id": self.goal["id"],
                                                         "impact": 3})
        url = "%s/processes/%d" % (API, a["id"])
        before = self.get(url).body
        r = self.delete(url)
        p = self.assertProblem(r, 409)
        deps = p.get("dependents")
        self.assertIsInstance(deps, list)
        self.assertEqual(sorted(x["id"] for x in deps if x["entity"] == "dependencies"),
                         sorted([d1["id"], d2["id"]]))
        self.assertEqual([x["id"] for x in deps if x["entity"] != "dependencies"],
                         [gl["id"]], "the goal link is listed")
        self.assertEqual(len(deps), 3)
        labels = {x["id"]: x["label"] for x in deps}
        self.assertIn(a["code"], labels[d1["id"]])
        self.assertIn(b["code"], labels[d1["id"]])
        self.assertIn(c["code"], labels[d2["id"]])
        for x in deps:
            self.assertIsInstance(x["label"], str)
        self.assertEqual(self.get(url).body, before, "a refused delete changes nothing")
        self.assertStatus(self.get("%s/dependencies/%d" % (API, d1["id"])), 200)
        self.assertProblem(self.delete(url, params={"cascade": "maybe"}), 400, "cascade")
        r = self.delete(url, params={"cascade": "true"})
        self.assertStatus(r, 200)
        self.assertIn("deleted_at", r.body)
        self.assertProblem(self.get(url), 404)
        for d in (d1, d2):
            self.assertProblem(self.get("%s/dependencies/%d" % (API, d["id"])), 404)
            inc = self.get("%s/dependencies/%d" % (API, d["id"]),
                           params={"include_deleted": "true"})
            self.assertStatus(inc, 200)
            self.assertIn("deleted_at", inc.body)
        self.assertEqual(self.get("%s/processes/%d/goals" % (API, a["id"])).status, 404)
        # unrelated rows stay
        self.assertStatus(self.get("%s/dependencies/%d" % (API, d3["id"])), 200)
        self.assertStatus(self.get("%s/processes/%d" % (API, b["id"])), 200)
        self.assertStatus(self.get("%s/processes/%d" % (API, c["id"])), 200)
        deps_now = self.list_all("dependencies")[0]
        self.assertNotIn(d1["id"], [d["id"] for d in deps_now])
        self.assertIn(d3["id"], [d["id"] for d in deps_now])

    def test_child_process_blocks_cascade(self):
        a = self.create("processes", proc_body(unique("P")))
        kid = self.create("processes", proc_body(unique("P"), parent_id=a["id"]))
        b = self.create("processes", proc_body(unique("P")))
        d = self.create("dependencies", {"from_id": a["id"], "to_id": b["id"], "kind": "feeds"})
        for params in (None, {"cascade": "true"}):
            r = self.delete("%s/processes/%d" % (API, a["id"]), params=params)
            p = self.assertProblem(r, 409)
            kids = [x for x in p["dependents"] if (x["entity"], x["id"]) ==
                    ("processes", kid["id"])]
            self.assertEqual(len(kids), 1, p)
            self.assertIn(kid["code"], kids[0]["label"])
            self.assertStatus(self.get("%s/processes/%d" % (API, a["id"])), 200)
            self.assertStatus(self.get("%s/dependencies/%d" % (API, d["id"])), 200)

    def test_delete_unit_with_processes(self):
        units = self.list_all("units")[0]
        procs = self.list_all("processes")[0]
        used = next(u for u in units if any(p["unit_id"] == u["id"] for p in procs))
        url = "%s/units/%d" % (API, used["id"])
        p = self.assertProblem(self.delete(url), 409)
        ids = {(x["entity"], x["id"]) for x in p["dependents"]}
        for pr in procs:
            if pr["unit_id"] == used["id"]:
                self.assertIn(("processes", pr["id"]), ids)
        self.assertEqual(self.get(url).body, used)
        # an owner of processes cannot be deleted either
        owner = next(p["owner_id"] for p in procs if p["owner_id"])
        p = self.assertProblem(self.delete("%s/people/%d" % (API, owner)), 409)
        self.assertTrue(any(x["entity"] == "processes" for x in p["dependents"]))
        self.assertStatus(self.get("%s/people/%d" % (API, owner)), 200)
        # a goal with links
        g = self.goal
        links = dtitest.run(["export", "goal-links"], db=self.db).stdout.decode()
        if ",%s," % g["code"] in links:
            self.assertProblem(self.delete("%s/goals/%d" % (API, g["id"])), 409)
            self.assertStatus(self.get("%s/goals/%d" % (API, g["id"])), 200)

    def test_concurrent_writes(self):
        """Several clients at once: one PATCH per version wins, one POST per code."""
        import threading
        for trial in range(3):
            o = self.create("processes", proc_body(unique("CC")))
            url = "%s/processes/%d" % (API, o["id"])
            code = unique("SAME")
            patches, posts = [], []
            barrier = threading.Barrier(6)

            def patch(i):
                barrier.wait()
                patches.append((i, self.patch(url, {"version": 1, "name": "by %d" % i})))

            def post(i):
                barrier.wait()
                posts.append(self.post(API + "/processes", proc_body(code, name="n%d" % i)))
            threads = [threading.Thread(target=patch, args=(i,)) for i in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            won = [(i, r) for i, r in patches if r.status == 200]
            self.assertEqual(len(won), 1, [r.status for _, r in patches])
            for _, r in patches:
                if r.status != 200:
                    self.assertProblem(r, 409, "version")
            now = self.get(url).body
            self.assertEqual(now["version"], 2)
            self.assertEqual(now["name"], "by %d" % won[0][0])
            barrier = threading.Barrier(6)
            threads = [threading.Thread(target=post, args=(i,)) for i in range(6)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(30)
            self.assertEqual(sorted(r.status for r in posts), [201] + [409] * 5)
            found = self.get(API + "/processes", params={"q": code}).body["items"]
            self.assertEqual([p["code"] for p in found].count(code), 1)

    def test_utf8_round_trip(self):
        names = [
            "流程数字化转型：采购申请审批（第二阶段）",
            "إدارة طلبات الشراء الإلكترونية",
            # decomposed accents (e + U+0301), a precomposed one, and emoji (with ZWJ)
            "Proce\u0301dure d'e\u0301valuation — café, naïve 🚀 👩\u200d💻",
        ]
        for name in names:
            code = unique("UTF")
            body = proc_body(code, name=name, name_zh=name[:20], description=name * 3,
                             pain_points="« " + name + " »")
            raw = dtitest.encode_body(body)
            r = self.post(API + "/processes", raw)
            self.assertStatus(r, 201)
            for f in ("name", "name_zh", "description", "pain_points"):
                self.assertEqual(r.body[f], body[f], f)
                self.assertEqual(r.body[f].encode("utf-8"), body[f].encode("utf-8"))
            got = self.get(r.headers["location"])
            self.assertEqual(got.body["name"], name)
            self.assertEqual(unicodedata.is_normalized("NFC", got.body["name"]),
                             unicodedata.is_normalized("NFC", name), "not normalised")
            # a list with q finds it by a word of its name
            word = [w for w in name.split() if len(w) > 3][0] if " " in name else name[:4]
            q = {"q": word, "limit": 1000}
            lst = self.get(API + "/processes", params=q)
            self.assertStatus(lst, 200)
            hits = [i for i in lst.body["items"] if i["id"] == r.body["id"]]
            self.assertEqual(len(hits), 1, "q=%s" % word)
            self.assertEqual(hits[0]["name"], name)
            self.assertEqual(hits[0]["description"], name * 3)
            # and the CSV export carries the same bytes
            csv = dtitest.run(["export", "processes"], db=self.db).stdout
            self.assertIn(name.encode("utf-8"), csv)
        # units and people too
        u = self.create("units", {"code": unique("U"), "name": names[2], "name_zh": names[0],
                                  "kind": "unit"})
        self.assertEqual((u["name"], u["name_zh"]), (names[2], names[0]))
        pe = self.create("people", {"email": "u.%s@example.org" % unique("p").lower(),
                                    "name": names[1], "title": names[2]})
        lst = self.get(API + "/people", params={"q": names[1][:8]})
        self.assertIn(pe["id"], [p["id"] for p in lst.body["items"]])


class FreshReadTests(ServerCase):
    """GET replies may be kept by the server while nothing changes; every change, made
    through any worker thread or by another process, must show at once."""

    THREADS = 2

    def test_reads_follow_every_change(self):
        path = API + "/processes"
        params = {"limit": 3, "sort": "-id"}
        first = self.get(path, params=params)
        self.assertStatus(first, 200)
        # the same request again (each on a new connection, so any worker may answer)
        for _ in range(4):
            again = self.get(path, params=params)
            self.assertEqual(again.raw, first.raw)
        # a change through the API shows in the next read, whichever thread serves it
        code = unique("FR")
        created = self.post(path, {"code": code, "name": "Fresh read"})
        self.assertStatus(created, 201)
        for _ in range(4):
            r = self.get(path, params=params)
            self.assertEqual(r.body["total"], first.body["total"] + 1)
            self.assertEqual(r.body["items"][0]["code"], code)
        pid = created.body["id"]
        p = self.patch(path + "/%d" % pid, {"version": 1, "name": "Renamed"})
        self.assertStatus(p, 200)
        for _ in range(4):
            r = self.get(path + "/%d" % pid)
            self.assertEqual((r.body["name"], r.body["version"]), ("Renamed", 2))
        # a change by another process (the CLI writing the same database file)
        csv = self.tmp.file("fresh.csv")
        other = unique("FR")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("code,name\n%s,From the command line\n" % other)
        dtitest.run_ok(self, ["import", "processes", csv], db=self.db)
        for _ in range(4):
            r = self.get(path, params=params)
            self.assertEqual(r.body["total"], first.body["total"] + 2)
            self.assertEqual(r.body["items"][0]["code"], other)


class CacheKeepAliveTests(unittest.TestCase):
    """A session's keep-alive write (its last use, at most every idle/2 seconds) is no
    change of the inventory: the thread's kept replies stay valid across it. The
    access log marks replies served from the cache."""

    def test_keep_alive_keeps_the_cache(self):
        tmp = dtitest.TempDir()
        self.addCleanup(tmp.cleanup)
        db = tmp.file("dti.db")
        dtitest.make_demo(db)
        server = dtitest.Server(db, threads=1, env={"DTI_LOG_LEVEL": "info",
                                                    "DTI_SESSION_IDLE_SECONDS": "4"})
        self.addCleanup(server.stop)
        r = server.post(API + "/session", {"email": dtitest.TEST_ADMIN,
                                           "password": dtitest.TEST_PASSWORD}, auth=False)
        self.assertEqual(r.status, 200, r.body)
        cookie = {"Cookie": r.headers["set-cookie"].split(";")[0]}
        path = API + "/units?limit=5"

        def get():
            g = server.get(path, headers=cookie)
            self.assertEqual(g.status, 200)
            return g.raw

        def logged(n):
            """The access log's lines of those GETs, once n are written (the line of
            a request is written when its reply has gone)."""
            deadline = time.monotonic() + 10
            while True:
                lines = [l for l in server.log().splitlines() if "GET /api/v1/units 200" in l]
                if len(lines) >= n or time.monotonic() > deadline:
                    return lines
                time.sleep(0.05)

        first = get()
        self.assertEqual(get(), first)
        time.sleep(2.5)                        # past idle/2: this request writes last use
        self.assertEqual(get(), first)
        self.assertEqual(get(), first)
        lines = logged(4)
        self.assertEqual([l.endswith(" cached") for l in lines], [False, True, True, True],
                         "\n".join(lines))
        # the keep-alive write did happen
        p = subprocess.run(["sqlite3", db, "SELECT last_seen_at - created_at FROM sessions"],
                           stdout=subprocess.PIPE, timeout=30)
        self.assertGreaterEqual(int(p.stdout.decode().split()[0]), 2)
        # while a change does end the kept reply
        code = unique("KA")
        self.assertEqual(server.post(API + "/units", {"code": code, "name": "Kept alive",
                                                      "kind": "unit"}).status, 201)
        get()
        lines = logged(5)
        self.assertEqual(len(lines), 5)
        self.assertFalse(lines[-1].endswith(" cached"), lines[-1])


class CascadeLimitTests(ServerCase):
    """A process with more dependencies than the 409 reply lists (1,000)."""

    DEMO = False
    N = 1005

    @classmethod
    def setUpClass(cls):
        cls.tmp = dtitest.TempDir()
        cls.addClassCleanup(cls.cleanup_class)
        cls.db = cls.tmp.file("hub.db")
        dtitest.make_empty(cls.db)
        procs = "code,name\nHUB,Hub\n" + "".join("LEAF-%04d,Leaf %d\n" % (i, i)
                                                 for i in range(cls.N))
        deps = "from,to,kind\n" + "".join("HUB,LEAF-%04d,feeds\n" % i for i in range(cls.N))
        for kind, text in (("processes", procs), ("dependencies", deps)):
            f = cls.tmp.file(kind + ".csv")
            with open(f, "w") as fh:
                fh.write(text)
            p = dtitest.run(["import", kind, f], db=cls.db)
            assert p.returncode == 0, p.stderr
        cls.server = dtitest.Server(cls.db)

    # Regression: DELETE /api/v1/processes/{id}?cascade=true on a process with more than
    # 1,000 dependencies deletes the process and only the first 1,000 of them: the
    # others stay live, referring to a deleted process (and `dti export dependencies`
    # then writes the process id instead of a code in their "from" column).
    def test_cascade_deletes_every_dependency(self):
        hub = self.get(API + "/processes", params={"q": "HUB"}).body["items"][0]
        self.assertEqual(hub["code"], "HUB")
        deps = self.get(API + "/dependencies", params={"from_id": hub["id"], "limit": 1})
        self.assertEqual(deps.body["total"], self.N)
        r = self.delete("%s/processes/%d" % (API, hub["id"]))
        self.assertProblem(r, 409)
        r = self.delete("%s/processes/%d" % (API, hub["id"]), params={"cascade": "true"})
        if r.status == 200:
            left = self.get(API + "/dependencies", params={"from_id": hub["id"], "limit": 1})
            self.assertEqual(left.body["total"], 0, "live dependencies of a deleted process")
        else:
            self.assertProblem(r, 409)
            self.assertStatus(self.get("%s/processes/%d" % (API, hub["id"])), 200)
        # the export names every process by its code
        csv = dtitest.run(["export", "dependencies"], db=self.db).stdout.decode()
        for line in csv.splitlines()[1:]:
            self.assertTrue(line.startswith("HUB,LEAF-"), "export line %r" % line)


if __name__ == "__main__":
    dtitest.main()
