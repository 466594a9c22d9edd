"""test_static.py — the browser app's files as `dti serve` gives them: types, cache
lifetimes, the app's own addresses, and nothing outside the web directory."""
import http.client
import os
import unittest

import dtitest
from dtitest import Server, TempDir


def raw_get(server, path, method="GET", headers=None):
    """A request with the path sent exactly as written (no client normalisation)."""
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        c.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            c.putheader(k, v)
        c.endheaders()
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


class StaticTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.addClassCleanup(cls.tmp.cleanup)
        web = cls.tmp.file("web")
        os.makedirs(os.path.join(web, "app"))
        os.makedirs(os.path.join(web, "vendor"))
        files = {"index.html": "<!doctype html><title>dti app</title>",
                 "app/main.js": "export const x = 1;\n",
                 "vendor/pico.min.css": "body{}\n",
                 "vendor/echarts.esm.min.mjs": "export const version = '5';\n",
                 ".hidden.txt": "secret\n"}
        for name, text in files.items():
            with open(os.path.join(web, name), "w") as f:
                f.write(text)
        outside = cls.tmp.file("outside.txt")
        with open(outside, "w") as f:
            f.write("not for the web\n")
        os.symlink(outside, os.path.join(web, "link.txt"))
        cls.db = cls.tmp.file("dti.db")
        dtitest.make_empty(cls.db)
        cls.server = Server(cls.db, env={"DTI_WEB": web})
        cls.server_web = web
        cls.addClassCleanup(cls.server.stop)

    def get(self, path, method="GET", headers=None):
        return raw_get(self.server, path, method, headers)

    def test_index_and_types(self):
        for path, ctype, text in (("/", "text/html", b"dti app"),
                                  ("/index.html", "text/html", b"dti app"),
                                  ("/app/main.js", "text/javascript", b"export"),
                                  ("/vendor/pico.min.css", "text/css", b"body"),
                                  ("/vendor/echarts.esm.min.mjs", "text/javascript",
                                   b"export")):
            status, h, body = self.get(path)
            self.assertEqual(status, 200, path)
            self.assertTrue(h["content-type"].startswith(ctype), (path, h["content-type"]))
            self.assertIn(text, body, path)
            self.assertIn("frame-ancestors 'none'", h["content-security-policy"])
            self.assertEqual(h["x-content-type-options"], "nosniff")

    def test_revalidated_on_each_use(self):
        # every file, vendor ones too (their names carry no version): checked each
        # time, 304 without a body while unchanged, the new bytes once changed
        for path in ("/vendor/pico.min.css", "/app/main.js", "/"):
            status, h, body = self.get(path)
            self.assertEqual((status, h["cache-control"]), (200, "no-cache"), path)
            tag = h["etag"]
            self.assertRegex(tag, r'^"[0-9a-f.-]+"$', path)
            status, h2, body2 = self.get(path, headers={"If-None-Match": tag})
            self.assertEqual((status, body2, h2.get("etag")), (304, b"", tag), path)
            status, _, body3 = self.get(path, headers={"If-None-Match": '"other", ' + tag})
            self.assertEqual(status, 304, path)
            status, _, body4 = self.get(path, headers={"If-None-Match": '"stale-1"'})
            self.assertEqual((status, body4), (200, body), path)
        web = self.server_web
        name = os.path.join(web, "app", "main.js")
        tag = self.get("/app/main.js")[1]["etag"]
        with open(name, "w") as f:
            f.write("export const x = 2; // changed\n")
        status, h, body = self.get("/app/main.js", headers={"If-None-Match": tag})
        self.assertEqual(status, 200)
        self.assertIn(b"changed", body)
        self.assertNotEqual(h["etag"], tag)

    def test_app_addresses_get_the_app(self):
        for path in ("/processes", "/processes/12", "/login"):
            status, h, body = self.get(path)
            self.assertEqual(status, 200, path)
            self.assertIn(b"dti app", body, path)

    def test_missing_file(self):
        self.assertEqual(self.get("/app/nothing.js")[0], 404)

    def test_nothing_outside_the_directory(self):
        for path in ("/../outside.txt", "/%2e%2e/outside.txt", "/app/../../outside.txt",
                     "/app/%2e%2e/%2e%2e/outside.txt", "/.hidden.txt", "/link.txt",
                     "/app//main.js", "/app/./main.js", "/app\\main.js"):
            status, _, body = self.get(path)
            self.assertEqual(status, 404, path)
            self.assertNotIn(b"not for the web", body, path)
            self.assertNotIn(b"secret", body, path)

    def test_only_get(self):
        status, h, _ = self.get("/", "POST")
        self.assertEqual(status, 405)
        self.assertIn("GET", h["allow"])

    def test_api_is_still_the_api(self):
        status, _, _ = self.get("/api/v1/health")
        self.assertEqual(status, 200)
        self.assertEqual(self.get("/api/v1/processes")[0], 401)
        self.assertEqual(self.get("/api/nothing")[0], 404)


class NoWebTests(unittest.TestCase):
    def test_without_web_directory_the_index_lists_the_api(self):
        tmp = TempDir()
        self.addCleanup(tmp.cleanup)
        db = tmp.file("dti.db")
        dtitest.make_empty(db)
        server = Server(db, env={"DTI_WEB": "none"})
        try:
            status, h, body = raw_get(server, "/")
            self.assertEqual(status, 200)
            self.assertIn(b"/api/v1", body)
            self.assertEqual(raw_get(server, "/processes/1")[0], 404)
        finally:
            self.assertEqual(server.stop(), 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
