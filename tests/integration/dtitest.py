"""dtitest.py — shared helpers of the integration tests: the dti binary, temporary
databases, a `dti serve` subprocess driven over HTTP, and database snapshots.

Only the Python 3.11 standard library is used. HTTP goes through http.client
directly, so proxy variables of the environment are never consulted.

    DTI_BIN   path of the dti binary (set by CTest); default ../../build/dti
"""
import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
DTI = os.path.abspath(os.environ.get("DTI_BIN") or
                      os.path.join(HERE, "..", "..", "build", "dti"))

# Kinds in import order (each may refer only to the kinds before it).
KINDS = ["units", "people", "goals", "processes", "dependencies", "goal-links"]
# API collections.
RESOURCES = ["units", "people", "goals", "processes", "dependencies"]

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
SERVE_LINE = re.compile(r"^dti (\S+) serving '(.*)' on http://127\.0\.0\.1:(\d+)/$")


def clean_env(extra=None):
    """The environment for dti: without DTI_DB / DTI_LISTEN from the caller, quiet
    unless the test asks otherwise; Argon2id at its minimum cost (DTI_PWHASH_FAST, for
    test suites only) so that creating accounts and logging in stay quick."""
    env = dict(os.environ)
    for k in ("DTI_DB", "DTI_LISTEN", "DTI_LOG_LEVEL"):
        env.pop(k, None)
    env["DTI_PWHASH_FAST"] = "1"
    # the API alone, unless a test asks for the web app's directory
    env["DTI_WEB"] = "none"
    if extra:
        env.update(extra)
    return env


def run(args, db=None, input=None, timeout=120, env=None, cwd=None):
    """Run `dti ARGS [--db DB]`; returns subprocess.CompletedProcess with bytes."""
    cmd = [DTI] + [str(a) for a in args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, input=input, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout,
                          env=clean_env(env), cwd=cwd)


def run_ok(testcase, args, db=None, **kw):
    """run() and assert exit status 0 (showing stderr when not)."""
    p = run(args, db=db, **kw)
    testcase.assertEqual(p.returncode, 0, "dti %s failed (%d): %s" % (
        " ".join(map(str, args)), p.returncode, p.stderr.decode("utf-8", "replace")))
    return p


class TempDir:
    """A temporary directory, removed by cleanup()."""

    def __init__(self, prefix="dti-it-"):
        self.path = tempfile.mkdtemp(prefix=prefix)

    def file(self, name):
        return os.path.join(self.path, name)

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)


def make_demo(path):
    """Create a demo database at path; returns dti's stdout."""
    p = run(["demo"], db=path)
    if p.returncode != 0:
        raise RuntimeError("dti demo failed: %s" % p.stderr.decode("utf-8", "replace"))
    return p.stdout.decode("utf-8")


def make_empty(path):
    p = run(["init"], db=path)
    if p.returncode != 0:
        raise RuntimeError("dti init failed: %s" % p.stderr.decode("utf-8", "replace"))


class Reply(tuple):
    """(status, headers, body): headers is a dict with lower-case names, body the
    parsed JSON for JSON replies, else bytes. .raw holds the bytes as received."""

    def __new__(cls, status, headers, body, raw):
        self = super().__new__(cls, (status, headers, body))
        self.raw = raw
        return self

    @property
    def status(self):
        return self[0]

    @property
    def headers(self):
        return self[1]

    @property
    def body(self):
        return self[2]


def encode_body(body):
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def read_reply(resp):
    raw = resp.read()
    headers = {}
    for k, v in resp.getheaders():
        k = k.lower()
        headers[k] = v if k not in headers else headers[k] + ", " + v
    ctype = headers.get("content-type", "")
    body = raw
    if raw and (ctype.startswith("application/json") or
                ctype.startswith("application/problem+json")):
        body = json.loads(raw.decode("utf-8"))
    return Reply(resp.status, headers, body, raw)


def query(path, params=None):
    """path with params (a dict or list of pairs) url-encoded."""
    if not params:
        return path
    return path + ("&" if "?" in path else "?") + urllib.parse.urlencode(params)


TEST_ADMIN = "it-admin@example.org"
TEST_PASSWORD = "integration-tests-Kq7#pW2z"


def admin_token(db):
    """An API token of an administrator of db, made with the command line (the account
    it-admin@example.org is added when missing)."""
    run(["user", "add", TEST_ADMIN, "--role", "admin", "--name", "Integration tests",
         "--password-stdin"], db=db, input=(TEST_PASSWORD + "\n").encode())
    p = run(["token", "create", "--user", TEST_ADMIN, "--name", "integration tests"], db=db)
    if p.returncode != 0:
        raise RuntimeError("dti token create failed: %s" % p.stderr.decode("utf-8", "replace"))
    return p.stdout.decode().splitlines()[0].strip()


class Server:
    """`dti serve --db DB --listen 127.0.0.1:0` as a subprocess. Requests carry an
    administrator's API token unless they send their own Authorization or Cookie
    header, or pass auth=False."""

    def __init__(self, db, threads=None, env=None, log_dir=None):
        self.db = db
        self.token = admin_token(db)
        args = [DTI, "serve", "--db", db, "--listen", "127.0.0.1:0"]
        if threads:
            args += ["--threads", str(threads)]
        self.log_path = os.path.join(log_dir or os.path.dirname(os.path.abspath(db)),
                                     "serve-%d.log" % id(self))
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._log,
                                     env=clean_env(env))
        line = self._first_line(15)
        m = SERVE_LINE.match(line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise RuntimeError("unexpected first line from dti serve: %r (log: %s)" %
                               (line, self.log()))
        self.version, self.served_db, self.port = m.group(1), m.group(2), int(m.group(3))
        self.stopped = False

    def _first_line(self, timeout):
        deadline = time.monotonic() + timeout
        buf = b""
        fd = self.proc.stdout.fileno()
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buf += chunk
        return buf.split(b"\n", 1)[0].decode("utf-8", "replace")

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def connection(self, timeout=30):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, params=None, conn=None,
                auth=True):
        """One request; body: dict/list (sent as JSON), str or bytes. Returns Reply.
        Uses conn when given (keep-alive), else a new connection."""
        own = conn is None
        c = conn or self.connection()
        try:
            h = {}
            given = {k.lower() for k in (headers or {})}
            if auth and "authorization" not in given and "cookie" not in given:
                h["Authorization"] = "Bearer " + self.token
            data = encode_body(body)
            if data is not None:
                h["Content-Type"] = "application/json"
            h.update(headers or {})
            c.request(method, query(path, params), body=data, headers=h)
            return read_reply(c.getresponse())
        finally:
            if own:
                c.close()

    def get(self, path, params=None, **kw):
        return self.request("GET", path, params=params, **kw)

    def post(self, path, body, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, params=None, **kw):
        return self.request("DELETE", path, params=params, **kw)

    def list_all(self, resource, params=None):
        """Every item of a list (all pages), and the total the server reported."""
        items, offset, total = [], 0, None
        base = dict(params or {})
        while True:
            p = dict(base, limit=1000, offset=offset)
            r = self.get("/api/v1/" + resource, params=p)
            if r.status != 200:
                raise AssertionError("GET %s %r: %d %r" % (resource, p, r.status, r.body))
            if total is None:
                total = r.body["total"]
            items += r.body["items"]
            offset += 1000
            if not r.body["items"] or offset >= total:
                break
        return items, total

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Send sig and wait; returns the exit status."""
        if self.stopped:
            return self.proc.returncode
        self.stopped = True
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = "hung (killed)"
        self.proc.stdout.close()
        self._log.close()
        return rc


def snapshot(db, formats=("csv",)):
    """The whole database as `dti export KIND` gives it: every kind, in each format
    (the CSV holds every field of every live row)."""
    out = {}
    for kind in KINDS:
        for fmt in formats:
            p = run(["export", kind, "--format", fmt], db=db)
            if p.returncode != 0:
                raise AssertionError("dti export %s failed: %s" %
                                     (kind, p.stderr.decode("utf-8", "replace")))
            out[(kind, fmt)] = p.stdout
    return out


def api_snapshot(server):
    """Every row of every API collection including deleted ones, with the server's
    own fields (version, updated_at, deleted_at) that exports leave out."""
    return {r: server.list_all(r, {"include_deleted": "true"})[0] for r in RESOURCES}


class ServerCase(unittest.TestCase):
    """A test class with its own database and server, started once for the class.
    DEMO = True: the demo organisation; False: an empty database."""

    DEMO = True
    THREADS = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = TempDir()
        cls.addClassCleanup(cls.cleanup_class)
        cls.db = cls.tmp.file("dti.db")
        if cls.DEMO:
            make_demo(cls.db)
        else:
            make_empty(cls.db)
        cls.server = Server(cls.db, threads=cls.THREADS)

    @classmethod
    def cleanup_class(cls):
        """Runs even when setUpClass failed: no server or directory is left behind."""
        server = getattr(cls, "server", None)
        if server is not None and not server.stopped:
            server.stop(signal.SIGKILL)
        cls.tmp.cleanup()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        log = cls.server.log()
        cls.tmp.cleanup()
        if rc != 0:
            raise AssertionError("dti serve exited with %r after SIGTERM; log:\n%s" % (rc, log))

    # shorthands
    def get(self, *a, **kw):
        return self.server.get(*a, **kw)

    def post(self, *a, **kw):
        return self.server.post(*a, **kw)

    def patch(self, *a, **kw):
        return self.server.patch(*a, **kw)

    def delete(self, *a, **kw):
        return self.server.delete(*a, **kw)

    def list_all(self, *a, **kw):
        return self.server.list_all(*a, **kw)

    def assertStatus(self, reply, status, what=""):
        self.assertEqual(reply.status, status, "%s: got %d %r" % (what, reply.status,
                                                                 reply.body))

    def assertProblem(self, reply, status, field=None, what=""):
        """An RFC 9457 problem of status; when field is given, an errors entry names it.
        Returns the problem document."""
        self.assertStatus(reply, status, what)
        ctype = reply.headers.get("content-type", "")
        self.assertTrue(ctype.startswith("application/problem+json"),
                        "%s: Content-Type %r" % (what, ctype))
        p = reply.body
        self.assertIsInstance(p, dict, what)
        self.assertEqual(p.get("status"), status, "%s: %r" % (what, p))
        self.assertIsInstance(p.get("title"), str, what)
        self.assertIsInstance(p.get("errors", []), list, what)
        if field is not None:
            fields = [e.get("field") for e in p.get("errors", [])]
            self.assertIn(field, fields, "%s: problem does not name %r: %r" % (what, field, p))
            for e in p["errors"]:
                self.assertIsInstance(e.get("message"), str)
                self.assertTrue(e["message"], "%s: empty message in %r" % (what, p))
        return p

    def create(self, resource, body):
        """POST and assert 201; returns the stored object."""
        r = self.post("/api/v1/" + resource, body)
        self.assertStatus(r, 201, "POST %s %r" % (resource, body))
        return r.body


_counter = [0]


def unique(prefix="T"):
    """A fresh code, unique within this test process."""
    _counter[0] += 1
    return "%s-%d-%d" % (prefix, os.getpid() % 10000, _counter[0])


def main():
    unittest.main(verbosity=2)
