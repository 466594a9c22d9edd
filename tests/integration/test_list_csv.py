"""GET /api/v1/<list>?format=csv: every row a list's filters, search and sort select,
as a CSV download (the columns of `dti export`, or those asked for) — what the
browser's "Export CSV" button saves."""
import csv
import io
import re
import zipfile
import xml.etree.ElementTree as ET

import dtitest
from dtitest import run, snapshot


def rows_of(reply):
    return list(csv.reader(io.StringIO(reply.raw.decode("utf-8"))))


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_of(reply):
    """The first sheet of an .xlsx reply as rows of (type, value) per column, None for
    an empty cell; with its name and whether the header row is frozen."""
    z = zipfile.ZipFile(io.BytesIO(reply.raw))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter("{%s}t" % NS["m"]))
                  for si in root.findall("m:si", NS)]
    book = ET.fromstring(z.read("xl/workbook.xml"))
    name = book.find("m:sheets/m:sheet", NS).get("name")
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    frozen = sheet.find(".//m:pane", NS)
    rows = []
    for r in sheet.findall("m:sheetData/m:row", NS):
        cells = {}
        for cell in r.findall("m:c", NS):
            t = cell.get("t", "n")
            if t == "inlineStr":
                v = "".join(x.text or "" for x in cell.iter("{%s}t" % NS["m"]))
                t = "s"
            elif t == "s":
                v = shared[int(cell.find("m:v", NS).text)]
            else:
                v = float(cell.find("m:v", NS).text)
            cells[col_index(cell.get("r"))] = (t, v)
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i) for i in range(width)])
    return name, frozen is not None and frozen.get("state") == "frozen", rows


class ListCsvTests(dtitest.ServerCase):
    DEMO = True

    def test_whole_list_is_the_export(self):
        r = self.get("/api/v1/processes", params={"format": "csv"})
        self.assertStatus(r, 200, "csv")
        self.assertTrue(r.headers["content-type"].startswith("text/csv"), r.headers)
        self.assertIn('attachment; filename="processes.csv"',
                      r.headers.get("content-disposition", ""))
        # every row, not one page, and byte for byte what `dti export` writes
        self.assertEqual(r.raw, snapshot(self.db)[("processes", "csv")])

    def test_filters_sort_and_columns(self):
        params = {"nature": "paper", "sort": "-volume_per_year,code",
                  "columns": "code,name,unit,owner_id,volume_per_year"}
        r = self.get("/api/v1/processes", params=dict(params, format="csv"))
        self.assertStatus(r, 200, "csv")
        table = rows_of(r)
        self.assertEqual(table[0], ["code", "name", "unit", "owner", "volume_per_year"])
        items, total = self.list_all("processes", {"nature": "paper",
                                                   "sort": "-volume_per_year,code"})
        self.assertGreater(total, 0)
        self.assertEqual([row[0] for row in table[1:]], [p["code"] for p in items])
        units = {u["id"]: u["code"] for u in self.list_all("units")[0]}
        people = {p["id"]: p["email"] for p in self.list_all("people")[0]}
        for row, p in zip(table[1:], items):
            self.assertEqual(row[2], units.get(p["unit_id"], ""))
            self.assertEqual(row[3], people.get(p["owner_id"], ""))
            self.assertEqual(row[4], "" if p["volume_per_year"] is None else
                             str(p["volume_per_year"]))

    def test_search_and_other_lists(self):
        r = self.get("/api/v1/units", params={"format": "csv", "q": "HRMD"})
        self.assertStatus(r, 200)
        table = rows_of(r)
        self.assertEqual(table[0], ["code", "name", "name_zh", "kind", "parent"])
        self.assertTrue(all("HRMD" in row[0] for row in table[1:]), table)
        self.assertIn('filename="units.csv"', r.headers["content-disposition"])
        # an empty result is a header alone
        r = self.get("/api/v1/people", params={"format": "csv", "q": "no-such-person-x"})
        self.assertEqual(rows_of(r), [["email", "name", "unit", "title",
                                       "weekly_capacity_hours"]])

    def test_csv_follows_changes(self):
        before = self.get("/api/v1/goals", params={"format": "csv"}).raw
        g = self.create("goals", {"code": "CSV-G-1", "title": "Exported goal",
                                  "framework": "internal"})
        after = self.get("/api/v1/goals", params={"format": "csv"}).raw
        self.assertNotEqual(before, after)
        self.assertIn(b"CSV-G-1,Exported goal", after)
        self.assertStatus(self.delete("/api/v1/goals/%d" % g["id"]), 200)
        self.assertNotIn(b"CSV-G-1", self.get("/api/v1/goals", params={"format": "csv"}).raw)

    def test_bad_parameters(self):
        for params, what in (({"format": "xml"}, "format"),
                             ({"format": "csv", "columns": "code,colour"}, "columns"),
                             ({"format": "csv", "columns": "code,code"}, "columns"),
                             ({"format": "csv", "columns": ""}, "columns"),
                             ({"columns": "code"}, "columns"),
                             ({"format": "csv", "nature": "scroll"}, "nature")):
            r = self.get("/api/v1/processes", params=params)
            self.assertProblem(r, 400, what=repr(params))
            if what != "format":
                self.assertIn(what, r.body["detail"], params)

    def test_xlsx(self):
        cols = "code,name,unit,maturity,volume_per_year,annual_cost,change_from"
        params = {"format": "xlsx", "columns": cols, "sort": "code"}
        r = self.get("/api/v1/processes", params=params)
        self.assertStatus(r, 200, "xlsx")
        self.assertEqual(r.headers["content-type"],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn('filename="processes.xlsx"', r.headers["content-disposition"])
        name, frozen, rows = sheet_of(r)
        self.assertEqual(name, "processes")
        self.assertTrue(frozen, "the header row does not stay in view")
        self.assertEqual([c[1] for c in rows[0]], cols.split(","))
        items, total = self.list_all("processes", {"sort": "code"})
        self.assertEqual(len(rows) - 1, total)
        units = {u["id"]: u["code"] for u in self.list_all("units")[0]}
        for row, p in zip(rows[1:], items):
            row = row + [None] * (7 - len(row))
            self.assertEqual(row[0], ("s", p["code"]))
            self.assertEqual(row[1], ("s", p["name"]))
            self.assertEqual(row[2], ("s", units[p["unit_id"]]) if p["unit_id"] else None)
            for i, f in ((3, "maturity"), (4, "volume_per_year"), (5, "annual_cost")):
                self.assertEqual(row[i], None if p[f] is None else ("n", float(p[f])), f)
            if p["change_from"]:
                # a date cell: days since 1899-12-30
                import datetime
                day = datetime.date.fromisoformat(p["change_from"])
                self.assertEqual(row[6], ("n", float((day - datetime.date(1899, 12, 30)).days)))

    def test_xlsx_formula_guard(self):
        g = self.create("goals", {"code": "XLSX-G-1", "title": "=HYPERLINK(\"http://x\")",
                                  "framework": "internal"})
        r = self.get("/api/v1/goals", params={"format": "xlsx", "q": "XLSX-G-1"})
        _, _, rows = sheet_of(r)
        self.assertEqual(rows[1][1], ("s", "'=HYPERLINK(\"http://x\")"))
        self.assertStatus(self.delete("/api/v1/goals/%d" % g["id"]), 200)

    def test_needs_an_account(self):
        r = self.get("/api/v1/processes", params={"format": "csv"}, auth=False)
        self.assertProblem(r, 401)


if __name__ == "__main__":
    dtitest.main()
