"""Prioritisation through the API and the command line (issue 6), on a small
organisation whose answers are computed by hand below.

Criteria: VAL (benefit, weight 2, suggest goal_impact), EFF (cost, weight 1, suggest
change_hours). Two assessors, ann and bob. Mean scores (VAL; EFF) and the weighted sum
S = (2 u_VAL + 1 u_EFF) / 3 with u = (s-1)/4 for a benefit, (5-s)/4 for a cost:

    P1  VAL 5,5  EFF 1,1   u 1, 1        S = 1           value 1    effort 0
    P2  VAL 4,2  EFF 3,3   u .5, .5      S = .5          (spread 2 on VAL)
    P3  VAL 5,4  EFF 5,5   u .875, 0     S = .58333      effort 1
    P4  VAL 5    EFF -     u 1, .5       S = .83333      EFF missing (counts 3)
    P5  VAL 4,4  EFF 2,2   u .75, .75    S = .75         value .75  effort .25
    P6  VAL 1,1  EFF 1,1   u 0, 1        S = .33333
    P7  VAL 5,5  EFF 1,1   u 1, 1        S = 1           no owner; window in 2026

Ranking: P1, P7 (tie, by id), P4, P5, P3, P2, P6. Dependencies: P6 feeds P5 (strength
2: a prerequisite), P2 feeds P3 and P3 feeds P2 (strength 1: a cluster, not a
prerequisite).

Quick wins (value >= .6, effort <= .4, owner, nothing upstream untransformed): P1 only —
P7 has no owner, P4 too much effort (.5), P5 is blocked by P6, P3 effort 1, P2 and P6
too little value.

Portfolio, budget 300 (hours 1000, period 2027): value = 100 S; costs P1 100, P2 200,
P3 300, P5 150, P6 60, P4 no estimate, P7 outside 2027. P2+P3 go together (500), P5
needs P6 (210 together). Best: P1 + P6 = 160 -> 133.33 (P1 + P5 + P6 = 310 is over).
Without the budget: all five, 316.67 (+183.33); without the clusters: P1 + P2 = 300 ->
150 (+16.67); without prerequisites: P1 + P5 = 250 -> 175 (+41.67); the hours cost
nothing.
"""
import datetime
import json
import unittest

import dtitest
from dtitest import run

PEOPLE = """email,name,unit
ann@example.org,Ann,U1
bob@example.org,Bob,U1
cat@example.org,Cat,U2
"""
PROCESSES = """code,name,unit,owner,nature,volume_per_year,maturity,change_cost,change_hours,change_from,change_to,status
P1,One,U1,ann@example.org,paper,20000,1,100,10,,,inventoried
P2,Two,U1,ann@example.org,manual,500,2,200,20,,,inventoried
P3,Three,U1,bob@example.org,digital,50,4,300,30,,,inventoried
P4,Four,U2,cat@example.org,manual,10,3,,,,,assessed
P5,Five,U1,bob@example.org,partly_digital,900,2,150,15,,,inventoried
P6,Six,U2,cat@example.org,paper,100,1,60,6,,,inventoried
P7,Seven,U2,,paper,100,1,10,1,2026-01-01,2026-06-30,inventoried
"""
DEPENDENCIES = """from,to,kind,strength
P6,P5,feeds,2
P2,P3,feeds,1
P3,P2,feeds,1
"""
GOALS = "code,title,framework\nG1,Goal one,internal\n"
GOAL_LINKS = "process,goal,impact\nP1,G1,4\n"
SCORES = {  # process: (VAL by ann, VAL by bob, EFF by ann, EFF by bob); None: no score
    "P1": (5, 5, 1, 1), "P2": (4, 2, 3, 3), "P3": (5, 4, 5, 5), "P4": (5, None, None, None),
    "P5": (4, 4, 2, 2), "P6": (1, 1, 1, 1), "P7": (5, 5, 1, 1),
}
EXPECTED_SCORE = {"P1": 1.0, "P7": 1.0, "P4": 2.5 / 3, "P5": 0.75, "P3": 1.75 / 3,
                  "P2": 0.5, "P6": 1 / 3}
RANKING = ["P1", "P7", "P4", "P5", "P3", "P2", "P6"]


def assessments_csv():
    rows = ["process,criterion,assessor,score,rationale"]
    for code, (va, vb, ea, eb) in SCORES.items():
        for crit, who, s in (("VAL", "ann", va), ("VAL", "bob", vb), ("EFF", "ann", ea),
                             ("EFF", "bob", eb)):
            if s is not None:
                rows.append("%s,%s,%s@example.org,%d,%s" % (code, crit, who, s,
                                                            "scored by " + who))
    return "\n".join(rows) + "\n"


def build_org(tmp, db):
    files = [
        ("units", "code,name,kind\nU1,Unit one,unit\nU2,Unit two,unit\n"),
        ("people", PEOPLE), ("goals", GOALS), ("processes", PROCESSES),
        ("dependencies", DEPENDENCIES), ("goal-links", GOAL_LINKS),
        ("criteria", "code,name,direction,weight,suggest,level_1,level_5\n"
                     "VAL,Strategic value,benefit,2,goal_impact,none,critical\n"
                     "EFF,Effort,cost,1,change_hours,trivial,huge\n"),
        ("assessments", assessments_csv()),
        ("kpis", "code,name,process,unit_of_measure,direction,baseline,baseline_date,target,"
                 "due_date,owner\nK-ORG,Cases a day,P2,cases,increase,10,2026-01-01,20,"
                 "2027-12-31,ann@example.org\n"),
        ("kpi-measurements", "kpi,measured_on,value,source\nK-ORG,2026-03-31,11,count\n"
                             "K-ORG,2026-06-30,12.5,count\n"),
    ]
    for kind, text in files:
        path = tmp.file(kind + ".csv")
        with open(path, "w") as f:
            f.write(text)
        p = run(["import", kind, path], db=db)
        assert p.returncode == 0, (kind, p.stderr.decode())


def token_for(db, email, role, unit=None):
    args = ["user", "add", email, "--role", role, "--name", role.title()]
    if unit:
        args += ["--unit", unit]
    p = run(args + ["--password-stdin"], db=db, input=b"priorities-tests-Kq7#pW2z\n")
    assert p.returncode == 0, p.stderr.decode()
    p = run(["token", "create", "--user", email, "--name", "t"], db=db)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout.decode().splitlines()[0].strip()


class PriorityCase(dtitest.ServerCase):
    DEMO = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        build_org(cls.tmp, cls.db)
        cls.ids = {p["code"]: p["id"] for p in cls.server.list_all("processes")[0]}
        cls.crit = {c["code"]: c["id"] for c in cls.server.list_all("criteria")[0]}

    def ranking(self, **params):
        r = self.get("/api/v1/analysis/ranking", params=dict({"limit": 100}, **params))
        self.assertStatus(r, 200, "ranking")
        return r.body

    def as_user(self, token):
        return {"Authorization": "Bearer " + token}


class RankingTests(PriorityCase):
    def test_weighted_sum_by_hand(self):
        body = self.ranking()
        self.assertEqual(body["method"], "wsm")
        self.assertEqual([i["process"]["code"] for i in body["items"]], RANKING)
        for item in body["items"]:
            code = item["process"]["code"]
            self.assertAlmostEqual(item["score"], EXPECTED_SCORE[code], places=9, msg=code)
            # the why: the parts add up to the score
            self.assertAlmostEqual(sum(b["part"] for b in item["breakdown"]), item["score"],
                                   places=9)
        weights = {c["code"]: c["weight"] for c in body["criteria"]}
        self.assertAlmostEqual(weights["VAL"], 2 / 3)
        self.assertAlmostEqual(weights["EFF"], 1 / 3)

    def test_means_spread_and_missing(self):
        items = {i["process"]["code"]: i for i in self.ranking()["items"]}
        val = {b["criterion"]: b for b in items["P2"]["breakdown"]}["VAL"]
        self.assertEqual((val["mean"], val["spread"], val["n"]), (3.0, 2.0, 2))
        self.assertEqual(items["P4"]["missing"], 1)
        eff = {b["criterion"]: b for b in items["P4"]["breakdown"]}["EFF"]
        self.assertIsNone(eff["mean"])
        self.assertEqual(eff["n"], 0)
        self.assertAlmostEqual(items["P5"]["value"], 0.75)
        self.assertAlmostEqual(items["P5"]["effort"], 0.25)

    def test_swap_with_next_is_where_they_swap(self):
        items = self.ranking()["items"]
        # P4 (.8333) over P5 (.75): P4 wins on VAL (u 1 vs .75) and loses on EFF
        # (.5 vs .75); the swap is found by raising EFF's weight: with weights
        # (v, 1-v), 1v + .5(1-v) = .75v + .75(1-v) at v = .5
        p4 = items[2]
        self.assertEqual(p4["process"]["code"], "P4")
        swap = p4["swap_with_next"]
        self.assertEqual(swap["with"], "P5")
        if swap["criterion"] == "EFF":
            self.assertAlmostEqual(swap["to_weight"], 0.5)
        else:
            self.assertEqual(swap["criterion"], "VAL")
            self.assertAlmostEqual(swap["to_weight"], 0.5)

    def test_topsis(self):
        body = self.ranking(method="topsis")
        self.assertEqual(body["method"], "topsis")
        self.assertEqual(len(body["items"]), 7)
        scores = [i["score"] for i in body["items"]]
        self.assertEqual(scores, sorted(scores, reverse=True))
        # P1 and P7 are the ideal on both criteria: closeness 1
        self.assertEqual({i["process"]["code"] for i in body["items"][:2]}, {"P1", "P7"})
        self.assertAlmostEqual(body["items"][0]["score"], 1.0)
        self.assertIn("ideal_best", body["criteria"][0])

    def test_paging_and_bad_parameters(self):
        page = self.ranking(limit=2, offset=2)
        self.assertEqual([i["process"]["code"] for i in page["items"]], RANKING[2:4])
        self.assertEqual(page["total"], 7)
        self.assertProblem(self.get("/api/v1/analysis/ranking", params={"method": "ahp"}), 400)
        self.assertProblem(self.get("/api/v1/analysis/ranking", params={"limit": "-1"}), 400)
        self.assertProblem(self.get("/api/v1/analysis/ranking", params={"colour": "x"}), 400)

    def test_cli_rank_json_is_the_api_reply(self):
        p = dtitest.run_ok(self, ["rank", "--json", "--limit", "0"], db=self.db)
        cli = json.loads(p.stdout)
        api = self.ranking()
        self.assertEqual([i["process"]["code"] for i in cli["items"]], RANKING)
        self.assertEqual([i["score"] for i in cli["items"]],
                         [i["score"] for i in api["items"]])
        table = dtitest.run_ok(self, ["rank"], db=self.db).stdout.decode()
        self.assertIn("P1", table)
        self.assertIn("weighted sum", table)
        p = run(["rank", "--method", "nonsense"], db=self.db)
        self.assertEqual(p.returncode, 2)


class LiveRankingTests(PriorityCase):
    """The server keeps the aggregated scores and patches them when assessments are
    written: after each kind of change its ranking must equal a fresh one (dti rank
    reads everything from the database)."""

    def assert_fresh(self, what):
        api = self.ranking()
        cli = json.loads(dtitest.run_ok(self, ["rank", "--json", "--limit", "0"],
                                        db=self.db).stdout)
        self.assertEqual([(i["process"]["code"], i["score"], i["missing"]) for i in api["items"]],
                         [(i["process"]["code"], i["score"], i["missing"]) for i in cli["items"]],
                         what)
        return api

    def test_patched_after_each_change(self):
        self.assert_fresh("at start")
        people = {p["email"]: p["id"] for p in self.list_all("people")[0]}
        mine = self.get("/api/v1/assessments", params={"process_id": self.ids["P6"],
                                                       "criterion_id": self.crit["VAL"]})
        a = mine.body["items"][0]
        # a score changed: P6's VAL mean moves from 1 to 3 or so
        r = self.patch("/api/v1/assessments/%d" % a["id"], {"version": a["version"], "score": 5})
        self.assertStatus(r, 200)
        body = self.assert_fresh("after a changed score")
        p6 = [i for i in body["items"] if i["process"]["code"] == "P6"][0]
        self.assertNotAlmostEqual(p6["score"], 1 / 3)
        # a new score of a process already ranked (cat had not scored P4)
        r = self.post("/api/v1/assessments", {"process_id": self.ids["P4"],
                                              "criterion_id": self.crit["EFF"],
                                              "assessor_id": people["cat@example.org"],
                                              "score": 2})
        self.assertStatus(r, 201)
        body = self.assert_fresh("after a new score")
        p4 = [i for i in body["items"] if i["process"]["code"] == "P4"][0]
        self.assertEqual(p4["missing"], 0)
        # a deleted score
        self.assertStatus(self.delete("/api/v1/assessments/%d" % r.body["id"]), 200)
        self.assert_fresh("after a deleted score")
        # a process assessed for the first time, then a changed criterion weight
        p = self.post("/api/v1/processes", {"code": "P8", "name": "Eight"})
        self.assertStatus(p, 201)
        r = self.post("/api/v1/assessments", {"process_id": p.body["id"],
                                              "criterion_id": self.crit["VAL"],
                                              "assessor_id": people["ann@example.org"],
                                              "score": 3})
        self.assertStatus(r, 201)
        body = self.assert_fresh("after a first score")
        self.assertIn("P8", [i["process"]["code"] for i in body["items"]])
        eff = self.get("/api/v1/criteria/%d" % self.crit["EFF"]).body
        self.assertStatus(self.patch("/api/v1/criteria/%d" % self.crit["EFF"],
                                     {"version": eff["version"], "weight": 4}), 200)
        self.assert_fresh("after a weight change")


class QuickWinTests(PriorityCase):
    def test_quick_wins_by_hand(self):
        r = self.get("/api/v1/analysis/quick-wins")
        self.assertStatus(r, 200)
        self.assertEqual([i["process"]["code"] for i in r.body["items"]], ["P1"])
        self.assertEqual(r.body["quick_wins"], 1)

    def test_reasons(self):
        r = self.get("/api/v1/analysis/quick-wins", params={"all": "true"})
        reasons = {i["process"]["code"]: i["reasons"] for i in r.body["items"]}
        self.assertEqual(reasons["P1"], [])
        self.assertEqual(reasons["P7"], ["no_owner"])
        self.assertEqual(reasons["P4"], ["high_effort"])
        self.assertEqual(reasons["P5"], ["blocked"])
        blocked = {i["process"]["code"]: i["blocked_by"] for i in r.body["items"]}
        self.assertEqual(blocked["P5"], [self.ids["P6"]])
        self.assertIn("low_value", reasons["P2"])

    def test_thresholds_and_dependency_kinds(self):
        r = self.get("/api/v1/analysis/quick-wins", params={"max_effort": "0.5"})
        self.assertEqual({i["process"]["code"] for i in r.body["items"]}, {"P1", "P4"})
        # only strong dependencies block: P6 feeds P5 with strength 2
        r = self.get("/api/v1/analysis/quick-wins", params={"min_strength": "3"})
        self.assertEqual({i["process"]["code"] for i in r.body["items"]}, {"P1", "P5"})
        for bad in ({"min_value": "2"}, {"max_effort": "x"}, {"kinds": "loves"},
                    {"min_strength": "4"}, {"colour": "red"}):
            self.assertProblem(self.get("/api/v1/analysis/quick-wins", params=bad), 400,
                               what=str(bad))

    def test_cli(self):
        out = dtitest.run_ok(self, ["quickwins"], db=self.db).stdout.decode()
        self.assertIn("P1", out)
        self.assertNotIn("P5", out)
        out = dtitest.run_ok(self, ["quickwins", "--all"], db=self.db).stdout.decode()
        self.assertIn("blocked", out)
        p = run(["quickwins", "--min-value", "7"], db=self.db)
        self.assertEqual(p.returncode, 2)


class PortfolioTests(PriorityCase):
    def solve(self, **body):
        r = self.post("/api/v1/analysis/portfolio", dict({"hours": 1000, "period": "2027"},
                                                          **body))
        self.assertStatus(r, 200, "portfolio")
        return r.body

    def test_choice_by_hand(self):
        body = self.solve(budget=300)
        self.assertEqual(body["status"], "optimal")
        self.assertEqual({s["process"]["code"] for s in body["selected"]}, {"P1", "P6"})
        self.assertAlmostEqual(body["totals"]["value"], 100 + 100 / 3, places=6)
        self.assertEqual(body["totals"]["cost"], 160)
        costs = {c["name"]: c["costs"] for c in body["constraints"]}
        self.assertAlmostEqual(costs["budget"], 183.333333, places=4)
        self.assertAlmostEqual(costs["clusters"], 16.666667, places=4)
        self.assertAlmostEqual(costs["prerequisites"], 41.666667, places=4)
        self.assertAlmostEqual(costs["hours"], 0)
        states = {e["process"]["code"]: e["state"] for e in body["excluded"]}
        self.assertEqual(states, {"P4": "no_estimate", "P7": "outside_period"})
        self.assertEqual(body["period_from"], "2027-01-01")
        self.assertEqual(body["period_to"], "2027-12-31")

    def test_blocked_by_a_process_without_estimate(self):
        # P6 without a cost estimate is no candidate: P5, which needs it, is blocked by
        # it; every process of the reply names what blocks it as a list, as quick wins do
        p6 = self.get("/api/v1/processes/%d" % self.ids["P6"]).body
        r = self.patch("/api/v1/processes/%d" % p6["id"], {"change_cost": None,
                                                           "version": p6["version"]})
        self.assertStatus(r, 200)
        self.addCleanup(lambda: self.patch("/api/v1/processes/%d" % p6["id"],
                                           {"change_cost": p6["change_cost"],
                                            "version": r.body["version"]}))
        body = self.solve(budget=1000)
        excluded = {e["process"]["code"]: e for e in body["excluded"]}
        self.assertEqual(excluded["P5"]["state"], "blocked")
        self.assertEqual(excluded["P5"]["blocked_by"], [p6["id"]])
        self.assertEqual(excluded["P6"]["state"], "no_estimate")
        for e in body["selected"] + body["excluded"] + body["left_out"]:
            self.assertIsInstance(e["blocked_by"], list)
        self.assertEqual(excluded["P6"]["blocked_by"], [])

    def test_prerequisite_comes_first(self):
        body = self.solve(budget=1000)
        codes = [s["process"]["code"] for s in body["selected"]]
        self.assertEqual(set(codes), {"P1", "P2", "P3", "P5", "P6"})
        self.assertLess(codes.index("P6"), codes.index("P5"))
        sizes = {s["process"]["code"]: s["cluster_size"] for s in body["selected"]}
        self.assertEqual((sizes["P2"], sizes["P3"]), (2, 2))

    def test_nothing_fits(self):
        body = self.solve(budget=0)
        self.assertEqual(body["selected"], [])
        self.assertEqual(body["totals"]["value"], 0)
        self.assertEqual(body["left_out_total"], 5)

    def test_period_counts(self):
        body = self.solve(budget=1000, period="2026-H1")
        self.assertIn("P7", {s["process"]["code"] for s in body["selected"]})

    def test_bad_requests(self):
        for bad in ({"budget": -1}, {"hours": "many"}, {"period": "2027-Q5"},
                    {"period": "2027-02-30/2027-03-01"}, {"kinds": ["loves"]},
                    {"colour": 1}, {"time_limit": 1000}):
            r = self.post("/api/v1/analysis/portfolio", dict({"budget": 10}, **bad))
            self.assertProblem(r, 422, what=str(bad))
        self.assertProblem(self.get("/api/v1/analysis/portfolio"), 405)

    def test_cli(self):
        p = dtitest.run_ok(self, ["portfolio", "--budget", "300", "--hours", "1000",
                                  "--period", "2027", "--json"], db=self.db)
        body = json.loads(p.stdout)
        self.assertEqual({s["process"]["code"] for s in body["selected"]}, {"P1", "P6"})
        out = dtitest.run_ok(self, ["portfolio", "--budget", "300", "--hours", "1000",
                                    "--period", "2027"], db=self.db).stdout.decode()
        self.assertIn("without the budget constraint", out)
        self.assertEqual(run(["portfolio", "--budget", "300"], db=self.db).returncode, 2)
        self.assertEqual(run(["portfolio", "--budget", "300", "--hours", "1",
                              "--period", "someday"], db=self.db).returncode, 2)


class WeightTests(PriorityCase):
    def sets(self):
        r = self.get("/api/v1/criteria/weights")
        self.assertStatus(r, 200)
        return r.body["items"]

    def test_every_weight_change_is_a_new_set(self):
        before = self.sets()
        self.assertTrue(before, "the import made a weight set")
        newest = before[0]
        live = {c["code"]: c["weight"] for c in self.list_all("criteria")[0]}
        self.assertEqual({w["code"]: w["weight"] for w in newest["weights"]}, live)
        val = self.get("/api/v1/criteria/%d" % self.crit["VAL"]).body
        # a change that is not a weight makes no set
        r = self.patch("/api/v1/criteria/%d" % self.crit["VAL"],
                       {"version": val["version"], "level_3": "helps one goal"})
        self.assertStatus(r, 200)
        self.assertEqual(len(self.sets()), len(before))
        r = self.patch("/api/v1/criteria/%d" % self.crit["VAL"],
                       {"version": r.body["version"], "weight": 3})
        self.assertStatus(r, 200)
        after = self.sets()
        self.assertEqual(len(after), len(before) + 1)
        self.assertEqual(after[0]["method"], "direct")
        self.assertEqual(self.get("/api/v1/analysis/ranking").body["weight_set_id"],
                         after[0]["id"])
        # a whole set at once, with a note; the ranking names it
        r = self.post("/api/v1/criteria/weights", {"weights": {"VAL": 2, "EFF": 1},
                                                   "note": "back to the agreed weights"})
        self.assertStatus(r, 201)
        self.assertEqual(r.body["note"], "back to the agreed weights")
        self.assertEqual(self.get("/api/v1/analysis/ranking").body["weight_set_id"],
                         r.body["id"])
        one = self.get("/api/v1/criteria/weights/%d" % r.body["id"])
        self.assertStatus(one, 200)
        self.assertProblem(self.get("/api/v1/criteria/weights/99999"), 404)

    def test_bad_weights_change_nothing(self):
        before = self.sets()
        for bad in ({"weights": {"VAL": -1, "EFF": 1}}, {"weights": {"VAL": 0, "EFF": 0}},
                    {"weights": {"VAL": 1}}, {"weights": {"VAL": 1, "EFF": 1, "NOPE": 1}},
                    {"weights": {"VAL": "heavy", "EFF": 1}}, {"weights": []}, {"other": 1}):
            self.assertProblem(self.post("/api/v1/criteria/weights", bad), 422, "weights"
                               if "weights" in bad else None, what=str(bad))
        self.assertEqual(self.sets(), before)
        eff = self.get("/api/v1/criteria/%d" % self.crit["EFF"]).body
        r = self.patch("/api/v1/criteria/%d" % self.crit["EFF"],
                       {"version": eff["version"], "weight": -2})
        self.assertProblem(r, 422, "weight")
        self.assertEqual(self.sets(), before)

    def test_ahp(self):
        r = self.post("/api/v1/criteria/ahp", {"criteria": ["VAL", "EFF"],
                                               "matrix": [[1, 3], ["1/3", 1]]})
        self.assertStatus(r, 200)
        w = {x["code"]: x["weight"] for x in r.body["weights"]}
        self.assertAlmostEqual(w["VAL"], 0.75)
        self.assertAlmostEqual(w["EFF"], 0.25)
        self.assertTrue(r.body["consistent"])
        before = self.sets()
        for bad, field in (({"matrix": [[1, 3], [3, 1]]}, "matrix[1][0]"),
                           ({"matrix": [[2, 3], ["1/3", 1]]}, "matrix[0][0]"),
                           ({"matrix": [[1, 30], ["1/30", 1]]}, "matrix[0][1]"),
                           ({"matrix": [[1, -3], [-0.333, 1]]}, None),
                           ({"matrix": [[1, 3]]}, "matrix"),
                           ({"matrix": [[1, "x"], ["1/3", 1]]}, "matrix[0][1]"),
                           ({"criteria": ["VAL"], "matrix": [[1]]}, "criteria"),
                           ({"criteria": ["VAL", "NOPE"]}, "criteria")):
            body = dict({"criteria": ["VAL", "EFF"], "matrix": [[1, 3], ["1/3", 1]],
                         "apply": True}, **bad)
            self.assertProblem(self.post("/api/v1/criteria/ahp", body), 422, field,
                               what=str(bad))
        self.assertEqual(self.sets(), before)
        r = self.post("/api/v1/criteria/ahp", {"criteria": ["VAL", "EFF"],
                                               "matrix": [[1, 3], ["1/3", 1]], "apply": True,
                                               "note": "workshop"})
        self.assertStatus(r, 201)
        self.assertEqual(r.body["method"], "ahp")
        self.assertEqual(r.body["ahp"]["matrix"], [[1, 3], ["1/3", 1]])
        val = self.get("/api/v1/criteria/%d" % self.crit["VAL"]).body
        self.assertAlmostEqual(val["weight"], 0.75)


class KpiTests(PriorityCase):
    def test_statuses_on_constructed_series(self):
        today = datetime.date.today()

        def day(n):
            return (today + datetime.timedelta(days=n)).isoformat()

        p1 = self.ids["P1"]
        # baseline 0 at day -300, target 100 at day +100: a straight line from the
        # baseline reaches the target on time
        cases = {
            "K-ON": [(-200, 25.5), (-100, 50.5), (-1, 76)],
            "K-RISK": [(-200, 24), (-100, 48), (-1, 72)],      # projects to 95.6: at risk
            "K-OFF": [(-200, 10), (-100, 20), (-1, 30)],       # projects to 40
            "K-DONE": [(-200, 60), (-1, 101)],
            "K-NONE": [],
        }
        for code, points in cases.items():
            r = self.post("/api/v1/kpis", {"code": code, "name": code, "process_id": p1,
                                           "unit_of_measure": "%", "direction": "increase",
                                           "baseline": 0, "baseline_date": day(-300),
                                           "target": 100, "due_date": day(100)})
            self.assertStatus(r, 201, code)
            for d, v in points:
                m = self.post("/api/v1/kpis/%d/measurements" % r.body["id"],
                              {"measured_on": day(d), "value": v, "source": "report"})
                self.assertStatus(m, 201, code)
        r = self.post("/api/v1/kpis", {"code": "K-LATE", "name": "late", "process_id": p1,
                                       "unit_of_measure": "days", "direction": "decrease",
                                       "baseline": 200, "target": 100,
                                       "due_date": day(-10)})
        self.assertStatus(r, 201)
        self.post("/api/v1/kpis/%d/measurements" % r.body["id"],
                  {"measured_on": day(-20), "value": 150})
        r = self.get("/api/v1/analysis/kpis", params={"process_id": p1})
        self.assertStatus(r, 200)
        status = {k["code"]: k["status"] for k in r.body["items"]}
        self.assertEqual(status, {"K-ON": "on_track", "K-RISK": "at_risk",
                                  "K-OFF": "off_track", "K-DONE": "achieved",
                                  "K-NONE": "no_data", "K-LATE": "off_track"})
        self.assertEqual(r.body["by_status"]["off_track"], 2)
        k_on = [k for k in r.body["items"] if k["code"] == "K-ON"][0]
        self.assertEqual(len(k_on["measurements"]), 3)
        self.assertGreaterEqual(k_on["projected"], 100)
        # one status, a page of it; the counts by status stay those of every KPI
        r = self.get("/api/v1/analysis/kpis", params={"process_id": p1,
                                                      "status": "off_track"})
        self.assertEqual(sorted(k["code"] for k in r.body["items"]), ["K-LATE", "K-OFF"])
        self.assertEqual((r.body["total"], r.body["by_status"]["on_track"]), (2, 1))
        codes = [k["code"] for k in self.get("/api/v1/analysis/kpis",
                                             params={"process_id": p1}).body["items"]]
        r = self.get("/api/v1/analysis/kpis", params={"process_id": p1, "offset": 2,
                                                      "limit": 3})
        self.assertEqual([k["code"] for k in r.body["items"]], codes[2:5])
        self.assertEqual(r.body["total"], 6)
        for bad in ({"status": "late"}, {"limit": "-1"}, {"limit": "10001"},
                    {"offset": "x"}, {"sort": "code"}):
            self.assertProblem(self.get("/api/v1/analysis/kpis", params=bad), 400,
                               what=str(bad))
        # the command line agrees
        out = dtitest.run_ok(self, ["kpi", "--process", "P1"], db=self.db).stdout.decode()
        self.assertIn("at_risk", out)
        p = dtitest.run_ok(self, ["kpi", "measure", "K-NONE", "12.5", "--date", day(-3),
                                  "--source", "manual count"], db=self.db)
        self.assertIn("recorded", p.stdout.decode())
        r = self.get("/api/v1/analysis/kpis", params={"process_id": p1})
        status = {k["code"]: k["status"] for k in r.body["items"]}
        self.assertNotEqual(status["K-NONE"], "no_data")

    def test_bad_kpis_change_nothing(self):
        p1 = self.ids["P3"]
        good = {"code": "K-B", "name": "b", "process_id": p1, "unit_of_measure": "%",
                "direction": "increase", "baseline": 10, "target": 20,
                "due_date": "2027-06-30"}
        for bad, field in (({"target": 5}, "target"), ({"direction": "sideways"}, "direction"),
                           ({"due_date": "2027-02-30"}, "due_date"),
                           ({"baseline_date": "2027-07-01"}, "due_date"),
                           ({"process_id": 999999}, "process_id"), ({"unit_of_measure": None},
                                                                   "unit_of_measure")):
            self.assertProblem(self.post("/api/v1/kpis", dict(good, **bad)), 422, field,
                               what=str(bad))
        self.assertEqual(self.get("/api/v1/kpis", params={"q": "K-B"}).body["total"], 0)
        k = self.post("/api/v1/kpis", good)
        self.assertStatus(k, 201)
        url = "/api/v1/kpis/%d/measurements" % k.body["id"]
        self.assertStatus(self.post(url, {"measured_on": "2026-01-31", "value": 11}), 201)
        self.assertProblem(self.post(url, {"measured_on": "2026-01-31", "value": 12}), 409)
        self.assertProblem(self.post(url, {"measured_on": "yesterday", "value": 12}), 422,
                           "measured_on")
        self.assertProblem(self.post(url, {"measured_on": "2026-02-28", "value": "x"}), 422,
                           "value")
        self.assertEqual(self.get(url).body["total"], 1)
        self.assertProblem(self.get("/api/v1/kpis/999999/measurements"), 404)
        p = run(["kpi", "measure", "NO-SUCH", "1"], db=self.db)
        self.assertEqual(p.returncode, 1)
        p = run(["kpi", "measure", "K-B", "lots"], db=self.db)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(self.get(url).body["total"], 1)


class AssessmentTests(PriorityCase):
    def test_scores_are_checked(self):
        base = {"process_id": self.ids["P6"], "criterion_id": self.crit["EFF"],
                "assessor_id": self.list_all("people")[0][0]["id"]}
        for score in (0, 6, "5", None):
            self.assertProblem(self.post("/api/v1/assessments", dict(base, score=score)), 422,
                               "score", what=repr(score))
        # ann already scored P6 on EFF
        ann = [p for p in self.list_all("people")[0] if p["email"] == "ann@example.org"][0]
        r = self.post("/api/v1/assessments", dict(base, assessor_id=ann["id"], score=2))
        self.assertProblem(r, 409)

    def test_suggestions(self):
        r = self.get("/api/v1/processes/%d/suggestions" % self.ids["P1"])
        self.assertStatus(r, 200)
        s = {i["code"]: i for i in r.body["items"]}
        self.assertEqual(s["VAL"]["score"], 4)          # its goal link has impact 4
        self.assertEqual(s["VAL"]["rule"], "goal_impact")
        self.assertEqual(s["EFF"]["score"], 1)          # 10 staff hours
        self.assertIn("10", s["EFF"]["reason"])
        # the same reasons as a key and values, for pages in other languages
        self.assertEqual((s["VAL"]["reason_key"], s["VAL"]["reason_values"]),
                         ("goal_impact", {"impact": 4}))
        self.assertEqual((s["EFF"]["reason_key"], s["EFF"]["reason_values"]),
                         ("change_hours", {"hours": 10}))
        r = self.get("/api/v1/processes/%d/suggestions" % self.ids["P4"])
        eff = {i["code"]: i for i in r.body["items"]}["EFF"]
        self.assertEqual((eff["score"], eff["reason"], eff["reason_key"], eff["reason_values"]),
                         (None, None, None, {}))
        self.assertProblem(self.get("/api/v1/processes/999999/suggestions"), 404)

    def test_roles(self):
        viewer = self.as_user(token_for(self.db, "viewer@example.org", "viewer"))
        owner = self.as_user(token_for(self.db, "ann@example.org", "owner", unit="U1"))
        self.assertStatus(self.get("/api/v1/analysis/ranking", headers=viewer), 200)
        self.assertStatus(self.post("/api/v1/analysis/portfolio", {"budget": 10},
                                    headers=viewer), 200)
        self.assertProblem(self.post("/api/v1/criteria", {"code": "X", "name": "x",
                                                          "direction": "cost"},
                                     headers=viewer), 403)
        self.assertProblem(self.post("/api/v1/criteria/weights",
                                     {"weights": {"VAL": 1, "EFF": 1}}, headers=owner), 403)
        self.assertProblem(self.post("/api/v1/criteria/ahp",
                                     {"criteria": ["VAL", "EFF"], "matrix": [[1, 2], [0.5, 1]],
                                      "apply": True}, headers=owner), 403)
        ann = [p for p in self.list_all("people")[0] if p["email"] == "ann@example.org"][0]
        mine = {"process_id": self.ids["P2"], "criterion_id": self.crit["EFF"],
                "assessor_id": ann["id"], "score": 3}
        # P2 is in U1 (the owner's scope) but ann scored it already; P6 (U2) is not hers
        self.assertProblem(self.post("/api/v1/assessments", mine, headers=owner), 409)
        self.assertProblem(self.post("/api/v1/assessments", dict(mine, process_id=self.ids["P6"]),
                                     headers=owner), 403)
        cat = [p for p in self.list_all("people")[0] if p["email"] == "cat@example.org"][0]
        r = self.post("/api/v1/assessments", dict(mine, assessor_id=cat["id"]), headers=owner)
        self.assertStatus(r, 201)
        self.assertProblem(self.post("/api/v1/kpis", {
            "code": "K-O", "name": "o", "process_id": self.ids["P6"], "unit_of_measure": "%",
            "direction": "increase", "baseline": 1, "target": 2, "due_date": "2027-01-01"},
            headers=owner), 403)


class RoundTripTests(unittest.TestCase):
    def test_export_import_export(self):
        tmp = dtitest.TempDir()
        self.addCleanup(tmp.cleanup)
        a, b = tmp.file("a.db"), tmp.file("b.db")
        dtitest.make_empty(a)
        build_org(tmp, a)
        dtitest.make_empty(b)
        kinds = ["units", "people", "goals", "processes", "dependencies", "goal-links",
                 "criteria", "assessments", "kpis", "kpi-measurements"]
        first = {}
        for kind in kinds:
            path = tmp.file("x-" + kind + ".csv")
            dtitest.run_ok(self, ["export", kind, "--format", "csv", "-o", path], db=a)
            with open(path, "rb") as f:
                first[kind] = f.read()
            dtitest.run_ok(self, ["import", kind, path], db=b)
        for kind in kinds:
            p = dtitest.run_ok(self, ["export", kind, "--format", "csv"], db=b)
            self.assertEqual(p.stdout, first[kind], kind)
        # the same ranking from the copy
        ra = json.loads(dtitest.run_ok(self, ["rank", "--json"], db=a).stdout)
        rb = json.loads(dtitest.run_ok(self, ["rank", "--json"], db=b).stdout)
        self.assertEqual([i["score"] for i in ra["items"]], [i["score"] for i in rb["items"]])


if __name__ == "__main__":
    unittest.main()
