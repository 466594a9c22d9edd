#!/usr/bin/python3
"""gen_data.py — deterministic benchmark data for dti, in the CSV format of
docs/csv-format.md.

usage: gen_data.py OUT_DIR [--seed N] [--processes N] [--dependencies N] [--people N]
                   [--priorities] [--clusters]

Writes OUT_DIR/units.csv (~50 units in a sector/bureau/department/division/unit
tree), people.csv (500 people), processes.csv (a hierarchy of processes, procedures
and working methods with realistic field values: descriptions of 100-200 characters,
Chinese names, lists of systems, enumerations, dates) and dependencies.csv (distinct
(from, to, kind), never from a process to itself). The same seed and sizes give the
same bytes on every machine (Python's random.Random is stable for a given seed).

--priorities (the priorities benchmark, bench/run.sh section 5) also writes
criteria.csv (the demo's 8 criteria and weights: 5 benefits, 3 costs) and
assessments.csv (2 assessors, the first two people, scoring every process on every
criterion), gives every process change_cost and change_hours estimates (two more
columns in processes.csv) and puts no process under way (in_transformation becomes
assessed, transformed becomes prioritised), so that every assessed process can be a
portfolio candidate. These draws come from a generator of their own: every other
field is the same as without --priorities.

--clusters draws the dependencies differently: each runs from a process to a later
one (mostly one of the next 200), so the graph has no cycle but the ones added on
purpose: blocks of 2-5 consecutive processes, about one process in ten in one, joined
in a circle (each block is one cluster). Without it dependencies go either way and
at 100,000 processes most of them are in one giant cluster.
"""
import argparse
import csv
import os
import random
import sys

SECTORS = [
    ("RS", "Radiocommunication Sector", "无线电通信部门", "BR", "Radiocommunication Bureau", "无线电通信局",
     [("SSD", "Space Services Division", "空间业务处"), ("TSD", "Terrestrial Services Division", "地面业务处"),
      ("IAP", "Informatics, Administration and Publications", "信息、行政和出版处")]),
    ("TS", "Standardization Sector", "电信标准化部门", "TSB", "Telecommunication Standardization Bureau",
     "电信标准化局",
     [("SGD", "Study Groups Department", "研究组部"), ("PSD", "Policy and Technology Watch", "政策与技术观察处"),
      ("OPS", "Operations and Planning", "运营与规划处")]),
    ("DS", "Development Sector", "发展部门", "BDT", "Telecommunication Development Bureau", "电信发展局",
     [("DNS", "Digital Networks and Society", "数字网络与社会处"), ("PKM", "Partnerships and Knowledge",
                                                                "伙伴关系与知识处"),
      ("FOD", "Field Operations", "区域业务处")]),
    ("GS", "General Secretariat", "总秘书处", "SG", "Office of the Secretary-General", "秘书长办公室",
     [("HRMD", "Human Resources Management", "人力资源管理部"), ("FRMD", "Financial Resources Management",
                                                               "财务资源管理部"),
      ("ITD", "Information Technology", "信息技术部"), ("CPD", "Conferences and Publications", "会议和出版部"),
      ("LEG", "Legal Affairs", "法律事务部"), ("PRO", "Procurement", "采购部")]),
]
UNIT_TAILS = [("OPS", "Operations", "运营"), ("POL", "Policy", "政策"), ("SUP", "Support Services", "支持服务"),
              ("ANA", "Analytics", "分析"), ("REG", "Registry", "登记")]

GIVEN = ["Ingrid", "Rajesh", "Olga", "Miguel", "Chloé", "Omar", "Natalia", "Bernhard", "Amina", "Kwame",
         "Sofia", "Hiroshi", "Fatima", "Luca", "Aisha", "Pieter", "Camila", "Dmitri", "Nadia", "Tomás",
         "Grace", "Yusuf", "Elena", "Mateo", "Leila", "Jonas", "Priya", "Samuel", "Ana", "Björn"]
FAMILY = ["Halvorsen", "Venkataraman", "Sokolova", "Serrano", "Martin", "Farouk", "Ivanova", "Müller",
          "Diallo", "Mensah", "Rossi", "Tanaka", "Haddad", "Bianchi", "Khan", "de Vries", "Gómez",
          "Petrov", "Benali", "Ferreira", "Okafor", "Demir", "Popescu", "Alvarez", "Nasser", "Lindqvist",
          "Sharma", "Osei", "Silva", "Johansson"]
ZH_FAMILY = [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
             ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴")]
ZH_GIVEN = [("Wei", "伟"), ("Fang", "芳"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"), ("Yan", "燕"),
            ("Jun", "军"), ("Xiu Ying", "秀英"), ("Hao", "浩"), ("Ling", "玲")]
TITLES = ["Head, {u}", "Chief, {u}", "Senior Officer, {u}", "Programme Officer", "Administrative Assistant",
          "Business Analyst", "Senior Engineer", "Legal Officer", "Finance Officer", "HR Partner",
          "Procurement Officer", "Project Manager", "Editor", "Systems Analyst", "Counsellor"]

ACTIONS = [("Approval of", "审批"), ("Registration of", "登记"), ("Processing of", "处理"),
           ("Review of", "审查"), ("Publication of", "出版"), ("Reconciliation of", "对账"),
           ("Tracking of", "跟踪"), ("Preparation of", "编制"), ("Archiving of", "归档"),
           ("Translation of", "翻译"), ("Verification of", "核查"), ("Monitoring of", "监测"),
           ("Payment of", "支付"), ("Scheduling of", "安排"), ("Consolidation of", "汇总")]
OBJECTS = [("travel requests", "差旅申请"), ("vacancy notices", "职位空缺通知"), ("satellite filings", "卫星申报"),
           ("frequency assignments", "频率指配"), ("invoices", "发票"), ("purchase orders", "采购订单"),
           ("meeting documents", "会议文件"), ("contributions", "文稿"), ("membership fees", "会费"),
           ("fellowship grants", "研究金"), ("staff contracts", "职员合同"), ("expense claims", "报销申请"),
           ("study group reports", "研究组报告"), ("project budgets", "项目预算"), ("visa requests", "签证申请"),
           ("interpretation assignments", "口译任务"), ("audit recommendations", "审计建议"),
           ("ICT incidents", "信息通信技术事件"), ("legal opinions", "法律意见"), ("donor agreements", "捐助协议")]
QUALIFIERS = ["", "", "", " for regional offices", " for Member States", " (annual cycle)",
              " for sector members", " under the staff rules", ", including exceptions", " for conferences"]
SYSTEMS = ["SAP ERP", "SharePoint", "Excel", "Word", "Outlook", "e-Recruitment", "ServiceNow", "Oracle DB",
           "Teams", "DocuSign", "Power BI", "SpaceCap", "BR IFIC", "TIES", "Sync", "in-house Access tool"]
AUTHORITIES = ["Council", "Secretary-General", "Director of the Bureau", "Chief, {u}", "Head, {u}",
               "Coordination Committee", "Plenipotentiary Conference", "Process owner"]
DESC_OPENERS = ["Receives", "Prepares", "Checks", "Records", "Publishes", "Consolidates", "Collects", "Approves",
                "Distributes", "Reconciles"]
DESC_MIDDLE = ["from the units concerned", "against the applicable rules and the approved budget",
               "in the register kept by the secretariat", "with the Member State administrations",
               "through the e-mail inbox of the division", "for the governing bodies",
               "together with the supporting documents", "in two official languages"]
DESC_ENDS = [" and notifies the requester of the outcome.", " and files a copy in the shared drive.",
             " before the deadline set by the Council.", " and reports monthly to management.",
             " so that the next step can start.", " and keeps an audit trail of every change.",
             "; exceptions are escalated to the chief.", ", then archives the \"final\" version."]
PAINS = ["Data re-typed from e-mails into Excel", "Approvals chased by phone", "No single view of the status",
         "Paper forms scanned and filed by hand", "Duplicate records across two systems",
         "Peaks before each conference overload the team", "Reports assembled manually each month",
         "Knowledge held by one person only"]
RESOURCES = ["0.5 FTE business analyst for 6 months", "Workflow configuration in SharePoint",
             "Integration with SAP ERP", "User training", "Reporting dashboard", "Licence for e-signature",
             "Data migration from legacy files", "Change management support"]
NATURES = ["paper", "manual", "partly_digital", "digital"]
STATUSES = ["inventoried", "assessed", "prioritised", "in_transformation", "transformed"]
SOURCES = ["interview", "survey", "document", "workshop"]
DEP_KINDS = ["feeds", "triggers", "shares_data", "shares_system", "regulated_by"]
DEP_NOTES = ["Approved request", "Monthly figures", "Signed contract", "List of participants",
             "Shared master data", "Same SAP module", "Rules to apply", "Notification e-mail"]


def units(rng):
    rows = []  # code, name, name_zh, kind, parent
    for sc, sn, szh, bc, bn, bzh, deps in SECTORS:
        rows.append((sc, sn, szh, "sector", ""))
        rows.append((bc, bn, bzh, "bureau", sc))
        for dc, dn, dzh in deps:
            code = bc + "-" + dc
            rows.append((code, dn, dzh, "department", bc))
            for tc, tn, tzh in rng.sample(UNIT_TAILS, 2):
                rows.append((code + "-" + tc, dn + ": " + tn, dzh + tzh, "division", code))
    return rows


def people(rng, unit_codes, n):
    rows, seen = [], set()
    for i in range(n):
        unit = rng.choice(unit_codes)
        if rng.random() < 0.15:
            (fl, fz), (gl, gz) = rng.choice(ZH_FAMILY), rng.choice(ZH_GIVEN)
            name = fz + gz if rng.random() < 0.5 else fl + " " + gl
            local = (gl.replace(" ", "") + "." + fl).lower()
        else:
            g, f = rng.choice(GIVEN), rng.choice(FAMILY)
            name = g + " " + f
            local = (g + "." + f.replace(" ", "")).lower()
        local = "".join(c for c in local if c.isascii() and (c.isalnum() or c == "."))
        email = "%s%d@example.int" % (local, i) if local in seen else local + "@example.int"
        seen.add(local)
        title = rng.choice(TITLES).format(u=unit)
        cap = rng.choice(["", "2", "4", "6", "8", "12", "16", "20", "7.5"])
        rows.append((email, name, unit, title, cap))
    return rows


def processes(rng, n, unit_codes, emails):
    rows, codes = [], []
    # hierarchy: about 1 in 5 is a top-level process, the others hang under a recent
    # row (procedures under processes, working methods under procedures): depth <= 4
    depth = {}
    for i in range(n):
        unit = rng.choice(unit_codes)
        code = "%s-%06d" % (unit.split("-")[0], i)
        parent = ""
        if codes and rng.random() < 0.8:
            cand = codes[rng.randint(max(0, len(codes) - 50), len(codes) - 1)]
            if depth[cand] < 3:
                parent = cand
        depth[code] = depth[parent] + 1 if parent else 0
        kind = ["process", "procedure", "working_method", "working_method"][depth[code]]
        if kind == "process" and rng.random() < 0.3:
            kind = ""  # the default
        (a, az), (o, oz) = rng.choice(ACTIONS), rng.choice(OBJECTS)
        name = a + " " + o + rng.choice(QUALIFIERS)
        name_zh = oz + az if rng.random() < 0.7 else ""
        desc = "%s %s %s%s" % (rng.choice(DESC_OPENERS), o, rng.choice(DESC_MIDDLE), rng.choice(DESC_ENDS))
        while len(desc) < 100:
            desc += " " + rng.choice(DESC_MIDDLE).capitalize() + "."
        if rng.random() < 0.3:
            desc += " Volume peaks in %s, %s." % (rng.choice(["March", "June", "October"]),
                                                 rng.choice(["every year", "in Council years"]))
        if rng.random() < 0.02:
            desc += "\nSee the procedure manual, chapter %d." % rng.randint(1, 12)
        desc = desc[:200]
        owner = rng.choice(emails) if rng.random() < 0.9 else ""
        authority = rng.choice(AUTHORITIES).format(u=unit) if rng.random() < 0.8 else ""
        nature = rng.choice(NATURES) if rng.random() < 0.95 else ""
        maturity = str(rng.randint(1, 5)) if rng.random() < 0.9 else ""
        volume = str(int(rng.lognormvariate(6, 1.5))) if rng.random() < 0.9 else ""
        hours = ("%.1f" % rng.uniform(10, 20000)) if rng.random() < 0.85 else ""
        cost = str(rng.randrange(1000, 2000000, 100)) if rng.random() < 0.85 else ""
        systems = "; ".join(rng.sample(SYSTEMS, rng.randint(1, 4))) if rng.random() < 0.85 else ""
        pains = "; ".join(rng.sample(PAINS, rng.randint(1, 2))) + "." if rng.random() < 0.7 else ""
        res = "; ".join(rng.sample(RESOURCES, rng.randint(1, 3))) if rng.random() < 0.6 else ""
        cf = ct = ""
        if rng.random() < 0.6:
            start = (2026 + rng.randint(0, 3)) * 12 + rng.randint(0, 11)
            end = start + rng.randint(0, 11)
            cf = "%04d-%02d-01" % (start // 12, start % 12 + 1)
            ct = "%04d-%02d-28" % (end // 12, end % 12 + 1)
        status = rng.choice(STATUSES) if rng.random() < 0.9 else ""
        source = rng.choice(SOURCES) if rng.random() < 0.9 else ""
        rows.append((code, name, name_zh, desc, kind, parent, unit, owner, authority, nature, maturity,
                     volume, hours, cost, systems, pains, res, cf, ct, status, source))
        codes.append(code)
    return rows, codes


def dependencies(rng, n, codes):
    seen, rows = set(), []
    np_ = len(codes)
    if n > np_ * (np_ - 1) * len(DEP_KINDS):
        sys.exit("gen_data: too many dependencies for that many processes")
    for _ in range(n * 20):  # bounded: far more attempts than ever needed
        if len(rows) == n:
            break
        f = rng.randrange(np_)
        # mostly near neighbours (the same part of the organisation), some anywhere
        t = (f + rng.randint(1, 200)) % np_ if rng.random() < 0.7 else rng.randrange(np_)
        if t == f:
            continue
        kind = rng.choice(DEP_KINDS)
        key = (f, t, kind)
        if key in seen:
            continue
        seen.add(key)
        strength = rng.choice(["1", "2", "3", ""])
        note = rng.choice(DEP_NOTES) if rng.random() < 0.4 else ""
        rows.append((codes[f], codes[t], kind, strength, note))
    if len(rows) != n:
        sys.exit("gen_data: could not draw %d distinct dependencies" % n)
    return rows


# the demo's criteria (data/demo/criteria.csv): code, name, direction, weight
CRITERIA = [("VALUE", "Strategic value", "benefit", "0.2"), ("USERS", "Impact on users and members", "benefit", "0.15"),
            ("EFFICIENCY", "Efficiency gain", "benefit", "0.15"), ("RISK_NOCHANGE", "Risk of not changing", "benefit", "0.1"),
            ("URGENCY", "Urgency", "benefit", "0.1"), ("EFFORT", "Effort", "cost", "0.12"),
            ("COST", "Cost", "cost", "0.1"), ("RISK_CHANGE", "Risk of change", "cost", "0.08")]
RATIONALES = ["Discussed with the process owner.", "From the interview notes.", "Same as last year's review.",
              "Volume figures from the 2025 report.", "Estimate, to be confirmed with IT."]
UNDER_WAY = {"in_transformation": "assessed", "transformed": "prioritised"}


def prioritise(prng, rows, emails):
    """--priorities: change estimates and no process under way (in place), criteria
    and assessments rows."""
    for i, r in enumerate(rows):
        status = UNDER_WAY.get(r[19], r[19])
        cost = max(1000, int(prng.lognormvariate(11, 1)) // 100 * 100)  # median ~60,000
        hours = max(8, int(cost / 100 * prng.uniform(0.4, 2.5)))  # ~100 CHF an hour, give or take
        rows[i] = r[:19] + (status,) + r[20:] + (str(cost), str(hours))
    crit = [(c, n, "", d, w, str(k + 1)) for k, (c, n, d, w) in enumerate(CRITERIA)]
    assessors = emails[:2]
    ass = []
    for r in rows:
        day = "2026-%02d-%02d" % (prng.randint(1, 12), prng.randint(1, 28))
        for c in CRITERIA:
            # the assessors mostly agree: a common score, each off by one at times
            t = prng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
            for who in assessors:
                score = min(5, max(1, t + prng.choice((-1, 0, 0, 0, 1))))
                why = prng.choice(RATIONALES) if prng.random() < 0.05 else ""
                ass.append((r[0], c[0], who, str(score), why, day))
    return crit, ass


def clustered_dependencies(rng, n, codes):
    """--clusters: from a process to a later one, plus circles of 2-5 consecutive
    processes (one process in ten or so)."""
    np_ = len(codes)
    seen, rows = set(), []

    def add(f, t, kind):
        # a change travels from f to t: "t regulated_by f" for that kind
        seen.add((f, t, kind))
        a, b = (t, f) if kind == "regulated_by" else (f, t)
        rows.append((codes[a], codes[b], kind, rng.choice(["1", "2", "3", ""]),
                     rng.choice(DEP_NOTES) if rng.random() < 0.4 else ""))

    b = 0
    while b < np_ - 5 and len(rows) < n:
        if rng.random() < 0.03:
            size = rng.randint(2, 5)
            for i in range(size):  # b -> b+1 -> ... -> b+size-1 -> b
                f, t = b + i, b + (i + 1) % size
                add(f, t, rng.choice(DEP_KINDS))
            b += size
        else:
            b += 1
    if np_ < 2 or n > np_ * (np_ - 1) // 2 * len(DEP_KINDS) // 2:
        sys.exit("gen_data: too many dependencies for that many processes")
    for _ in range(n * 20):
        if len(rows) >= n:
            break
        f = rng.randrange(np_ - 1)
        t = min(np_ - 1, f + rng.randint(1, 200)) if rng.random() < 0.7 else rng.randrange(f + 1, np_)
        kind = rng.choice(DEP_KINDS)
        if (f, t, kind) in seen:
            continue
        add(f, t, kind)
    if len(rows) != n:
        sys.exit("gen_data: could not draw %d distinct dependencies" % n)
    return rows


def write(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--people", type=int, default=500)
    ap.add_argument("--processes", type=int, default=100000)
    ap.add_argument("--dependencies", type=int, default=500000)
    ap.add_argument("--priorities", action="store_true",
                    help="also criteria, assessments and change estimates (see above)")
    ap.add_argument("--clusters", action="store_true",
                    help="dependencies without cycles but small circles of 2-5 processes")
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    rng = random.Random(args.seed)
    u = units(rng)
    unit_codes = [r[0] for r in u]
    p = people(rng, unit_codes, args.people)
    pr, codes = processes(rng, args.processes, unit_codes, [r[0] for r in p])
    d = (clustered_dependencies if args.clusters else dependencies)(rng, args.dependencies, codes)
    if args.priorities:
        crit, ass = prioritise(random.Random(args.seed ^ 0x9E3779B9), pr, [r[0] for r in p])
    write(os.path.join(args.out_dir, "units.csv"), ["code", "name", "name_zh", "kind", "parent"], u)
    write(os.path.join(args.out_dir, "people.csv"),
          ["email", "name", "unit", "title", "weekly_capacity_hours"], p)
    write(os.path.join(args.out_dir, "processes.csv"),
          ["code", "name", "name_zh", "description", "kind", "parent", "unit", "owner", "change_authority",
           "nature", "maturity", "volume_per_year", "staff_hours_per_year", "annual_cost", "systems",
           "pain_points", "resources_needed", "change_from", "change_to", "status", "source"]
          + (["change_cost", "change_hours"] if args.priorities else []), pr)
    write(os.path.join(args.out_dir, "dependencies.csv"), ["from", "to", "kind", "strength", "note"], d)
    more = ""
    if args.priorities:
        write(os.path.join(args.out_dir, "criteria.csv"),
              ["code", "name", "name_zh", "direction", "weight", "position"], crit)
        write(os.path.join(args.out_dir, "assessments.csv"),
              ["process", "criterion", "assessor", "score", "rationale", "assessed_on"], ass)
        more = ", %d criteria, %d assessments" % (len(crit), len(ass))
    print("gen_data: %d units, %d people, %d processes, %d dependencies%s (seed %d) in %s"
          % (len(u), len(p), len(pr), len(d), more, args.seed, args.out_dir))


if __name__ == "__main__":
    main()
