"""GET /api/v1/<list>?format=csv: every row a list's filters, search and sort select,
as a CSV download (the columns of `dti export`, or those asked for) — what the
browser's "Export CSV" button saves."""
import csv
import io

import dtitest
from dtitest import run, snapshot


def rows_of(reply):
    return list(csv.reader(io.StringIO(reply.raw.decode("utf-8"))))


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

    def test_needs_an_account(self):
        r = self.get("/api/v1/processes", params={"format": "csv"}, auth=False)
        self.assertProblem(r, 401)


if __name__ == "__main__":
    dtitest.main()
