"""test_accounts_cli.py — accounts on the command line (issue 3): the demo's four
accounts, `dti user` (add, list, passwd, disable, enable, role) and its password
policy, `dti token`, `dti audit verify` and `list`, and that no password or token ever
reaches the audit trail.

Argon2id runs with its minimum limits here (DTI_PWHASH_FAST=1) to keep the suite fast.
The database is edited behind dti's back with the sqlite3 command line tool."""
import hashlib
import os
import pty
import pwd
import re
import select
import shutil
import subprocess
import time
import unittest

os.environ["DTI_PWHASH_FAST"] = "1"

import dtitest  # noqa: E402  (after the environment it passes on to dti)
from dtitest import DTI, TempDir, run, run_ok  # noqa: E402

ROLES = ("admin", "analyst", "owner", "viewer")
DEMO_ACCOUNTS = {
    "admin@example.int": "admin",
    "analyst@example.int": "analyst",
    "bernhard.muller@example.int": "owner",
    "viewer@example.int": "viewer",
}
UNAMBIGUOUS = re.compile(r"^[2-9A-HJ-NP-Za-km-z]{16}$")
ACCOUNT_LINE = re.compile(r"^(\S+@\S+)\s+(admin|analyst|owner|viewer)\s+(\S+)\s*$")
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
GOOD_PASSWORD = "plum-orbit-Quartz-58"
SQLITE3 = shutil.which("sqlite3")


def sql(db, statement):
    """Run SQL on the database with the sqlite3 command line tool; returns stdout."""
    p = subprocess.run([SQLITE3, db, statement], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        raise AssertionError("sqlite3 %r: %s" % (statement, p.stderr.decode()))
    return p.stdout.decode("utf-8")


def demo_accounts(out):
    """The (e-mail, role, password) rows that `dti demo` printed."""
    return [m.groups() for m in map(ACCOUNT_LINE.match, out.splitlines()) if m]


def user_rows(testcase, db):
    """`dti user list` as a dict e-mail -> the row's columns."""
    out = run_ok(testcase, ["user", "list"], db=db).stdout.decode("utf-8")
    lines = out.splitlines()
    testcase.assertEqual(lines[0].split(), ["id", "email", "name", "role", "unit", "active"])
    rows = {}
    for line in lines[1:]:
        cols = re.split(r"\s{2,}", line.strip())
        testcase.assertEqual(len(cols), 6, line)
        rows[cols[1]] = cols
    return rows


@unittest.skipUnless(SQLITE3, "needs the sqlite3 command line tool")
class AccountsCase(unittest.TestCase):

    def setUp(self):
        self.tmp = TempDir()
        self.addCleanup(self.tmp.cleanup)
        self.db = self.tmp.file("demo.db")
        self.demo_out = dtitest.make_demo(self.db)
        self.secrets = [pw for _, _, pw in demo_accounts(self.demo_out)]

    def add(self, email, password, *args, expect=0):
        """`dti user add EMAIL ARGS --password-stdin` with password on stdin."""
        data = password if isinstance(password, bytes) else (password + "\n").encode()
        p = run(["user", "add", email, "--password-stdin"] + list(args), db=self.db,
                input=data)
        self.assertEqual(p.returncode, expect, "user add %s %s: %d %s" % (
            email, args, p.returncode, p.stderr.decode("utf-8", "replace")))
        if isinstance(password, str) and len(password) >= 4:
            self.assertNotIn(password.encode(), p.stdout + p.stderr, "password echoed")
        return p

    def audit_count(self):
        return int(sql(self.db, "SELECT count(*) FROM audit_log").strip())

    def assertNoSecretsInAudit(self, secrets):
        dump = sql(self.db, ".dump audit_log")
        self.assertIn("INSERT INTO audit_log", dump)
        for s in secrets:
            self.assertNotIn(s, dump, "a secret is in the audit trail")
        self.assertNotIn("$argon2", dump)
        self.assertNotIn("password_hash", dump)
        # the users' before and after never hold a password (hash)
        for row in sql(self.db, "SELECT coalesce(before,'') || ' ' || coalesce(after,'') "
                                "FROM audit_log WHERE entity='users'").splitlines():
            self.assertNotIn("password", row.lower())


class DemoAccounts(AccountsCase):

    def test_four_accounts_printed_once(self):
        rows = demo_accounts(self.demo_out)
        self.assertEqual({e: r for e, r, _ in rows}, DEMO_ACCOUNTS, self.demo_out)
        for email, role, pw in rows:
            self.assertRegex(pw, UNAMBIGUOUS, "%s's password" % email)
            self.assertEqual(self.demo_out.count(pw), 1)
        self.assertEqual(len({pw for _, _, pw in rows}), 4)
        self.assertIn("shown only now", self.demo_out)
        # after the counts: the table comes last
        self.assertLess(self.demo_out.index("processes"), self.demo_out.index("e-mail"))
        # another demo has other passwords
        other = dtitest.make_demo(self.tmp.file("other.db"))
        self.assertFalse(set(self.secrets) & {pw for _, _, pw in demo_accounts(other)})

    def test_accounts_in_user_list(self):
        users = user_rows(self, self.db)
        self.assertEqual({e: c[3] for e, c in users.items()}, DEMO_ACCOUNTS)
        owner = users["bernhard.muller@example.int"]
        self.assertEqual(owner[2], "Bernhard Müller")
        self.assertEqual(owner[4], "HRMD")
        self.assertEqual(users["admin@example.int"][2], "Demo Administrator")
        self.assertEqual(users["viewer@example.int"][4], "-")
        self.assertTrue(all(c[5] == "yes" for c in users.values()))
        # the passwords are stored as Argon2id hashes, never as they are
        hashes = sql(self.db, "SELECT password_hash FROM users").split()
        self.assertEqual(len(hashes), 4)
        for h in hashes:
            self.assertTrue(h.startswith("$argon2id$"), h)
        dump = sql(self.db, ".dump")
        for pw in self.secrets:
            self.assertNotIn(pw, dump)

    def test_demo_audited_by_cli_user(self):
        actor = "cli:" + pwd.getpwuid(os.geteuid()).pw_name
        actors = set(sql(self.db, "SELECT DISTINCT actor FROM audit_log").split())
        self.assertEqual(actors, {actor})
        # imports name their file
        sources = sql(self.db, "SELECT after FROM audit_log WHERE action='import'")
        self.assertIn('"source":"data/demo/processes.csv"', sources)
        actions = sql(self.db, "SELECT action || ' ' || entity FROM audit_log "
                               "WHERE entity='users'").splitlines()
        self.assertEqual(actions.count("create users"), 4)
        self.assertEqual(actions.count("password users"), 4)
        self.assertNoSecretsInAudit(self.secrets)


class UserCommands(AccountsCase):

    def test_add_with_password_stdin(self):
        p = self.add("Alice.Ng@Example.int", GOOD_PASSWORD, "--role", "analyst", "--name",
                     "Alice Ng")
        self.assertIn("alice.ng@example.int", p.stdout.decode())
        users = user_rows(self, self.db)
        self.assertEqual(users["alice.ng@example.int"][2:], ["Alice Ng", "analyst", "-", "yes"])
        # an owner with a unit; the name comes from the inventory's person
        self.add("ingrid.halvorsen@example.int", GOOD_PASSWORD + "x", "--role", "owner",
                 "--unit", "BR")
        row = user_rows(self, self.db)["ingrid.halvorsen@example.int"]
        self.assertEqual(row[2:5], ["Ingrid Halvorsen", "owner", "BR"])
        # without a person of that e-mail: the local part
        self.add("zed@example.int", GOOD_PASSWORD, "--role", "viewer")
        self.assertEqual(user_rows(self, self.db)["zed@example.int"][2], "zed")
        # a final CRLF is not part of the password; a password without final newline works
        self.add("crlf@example.int", (GOOD_PASSWORD + "\r\n").encode(), "--role", "viewer")
        self.add("nonl@example.int", GOOD_PASSWORD.encode(), "--role", "viewer")
        hashes = sql(self.db, "SELECT password_hash FROM users WHERE email IN "
                              "('crlf@example.int','nonl@example.int')").split()
        self.assertEqual(len(hashes), 2)
        self.assertNoSecretsInAudit(self.secrets + [GOOD_PASSWORD])

    def test_refused_passwords_create_nothing(self):
        before_users = run_ok(self, ["user", "list"], db=self.db).stdout
        before_audit = self.audit_count()
        cases = [
            ("short", "Short-pw-1", "at least 12 characters"),
            ("chinese 11", "转" * 11, "at least 12 characters"),
            ("common", "password1234", "common"),
            ("common, other case", "PassWord1234", "common"),
            ("common, upper case", "QWERTYUIOP12", "common"),
            ("local part", "my-carol.jones-pw-2024", "e-mail"),
            ("local part, other case", "xxCAROL.JONESxx", "e-mail"),
            ("too long", "x" * 1025, "1024 bytes"),
        ]
        for what, pw, message in cases:
            with self.subTest(what):
                p = self.add("carol.jones@example.int", pw, "--role", "analyst", expect=1)
                err = p.stderr.decode("utf-8")
                self.assertIn("password", err)
                self.assertIn(message, err)
        for what, data in (("empty input", b""), ("not UTF-8", b"caf\xe9-caf\xe9-caf\xe9\n")):
            with self.subTest(what):
                self.add("carol.jones@example.int", data, "--role", "analyst", expect=1)
        self.assertEqual(run_ok(self, ["user", "list"], db=self.db).stdout, before_users)
        self.assertEqual(self.audit_count(), before_audit)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM users").strip(), "4")

    def test_no_password_source(self):
        # no --password-stdin and no terminal: a usage error, nothing created
        p = run(["user", "add", "carol@example.int", "--role", "viewer"], db=self.db,
                input=b"")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("--password-stdin", p.stderr.decode())
        self.assertNotIn("carol@example.int", user_rows(self, self.db))

    def test_duplicates_and_bad_input(self):
        before = self.audit_count()
        for email in ("admin@example.int", "ADMIN@Example.INT"):
            p = self.add(email, GOOD_PASSWORD, "--role", "viewer", expect=1)
            self.assertIn("already exists", p.stderr.decode())
        self.add("dana@example.int", GOOD_PASSWORD, "--role", "owner", "--unit", "NOPE",
                 expect=1)
        p = self.add("not-an-email", GOOD_PASSWORD, "--role", "viewer", expect=1)
        self.assertIn("email", p.stderr.decode())
        p = self.add("dana@example.int", GOOD_PASSWORD, "--role", "boss", expect=2)
        self.assertIn("admin, analyst, owner or viewer", p.stderr.decode())
        self.add("dana@example.int", GOOD_PASSWORD, expect=2)    # no --role
        self.add("dana@example.int", GOOD_PASSWORD, "--role", "viewer", "extra", expect=2)
        self.assertEqual(self.audit_count(), before)
        self.assertEqual(len(user_rows(self, self.db)), 4)

    def test_passwd(self):
        before = self.audit_count()
        old = sql(self.db, "SELECT password_hash FROM users WHERE id=1").strip()
        p = run(["user", "passwd", "Admin@example.int", "--password-stdin"], db=self.db,
                input=(GOOD_PASSWORD + "\n").encode())
        self.assertEqual(p.returncode, 0, p.stderr)
        new = sql(self.db, "SELECT password_hash FROM users WHERE id=1").strip()
        self.assertNotEqual(old, new)
        self.assertTrue(new.startswith("$argon2id$"))
        self.assertEqual(sql(self.db, "SELECT action, entity, entity_id FROM audit_log "
                                      "WHERE seq>%d" % before).split(), ["password|users|1"])
        # refused: nothing changes
        for pw in ("short", "123456789012", "my-admin-password"):
            p = run(["user", "passwd", "admin@example.int", "--password-stdin"], db=self.db,
                    input=(pw + "\n").encode())
            self.assertEqual(p.returncode, 1, pw)
        p = run(["user", "passwd", "nobody@example.int", "--password-stdin"], db=self.db,
                input=(GOOD_PASSWORD + "\n").encode())
        self.assertEqual(p.returncode, 1)
        self.assertIn("no user", p.stderr.decode())
        p = run(["user", "passwd", "admin@example.int"], db=self.db, input=b"")
        self.assertEqual(p.returncode, 2)
        self.assertEqual(sql(self.db, "SELECT password_hash FROM users WHERE id=1").strip(), new)
        self.assertNoSecretsInAudit(self.secrets + [GOOD_PASSWORD])

    def test_disable_enable_role(self):
        run_ok(self, ["user", "disable", "viewer@example.int"], db=self.db)
        self.assertEqual(user_rows(self, self.db)["viewer@example.int"][5], "no")
        p = run_ok(self, ["user", "disable", "viewer@example.int"], db=self.db)
        self.assertIn("already", p.stdout.decode())
        run_ok(self, ["user", "enable", "VIEWER@example.int"], db=self.db)
        self.assertEqual(user_rows(self, self.db)["viewer@example.int"][5], "yes")
        before = self.audit_count()
        run_ok(self, ["user", "role", "viewer@example.int", "owner", "--unit", "HRMD"],
               db=self.db)
        row = user_rows(self, self.db)["viewer@example.int"]
        self.assertEqual(row[3:5], ["owner", "HRMD"])
        # the role change is in the audit trail with the role before and after
        entry = sql(self.db, "SELECT action, before, after FROM audit_log WHERE seq=%d"
                    % (before + 1)).strip()
        self.assertTrue(entry.startswith("role_change|"), entry)
        self.assertIn('"role":"viewer"', entry)
        self.assertIn('"role":"owner"', entry)
        self.assertEqual(self.audit_count(), before + 1)
        for args, status in ((["user", "role", "viewer@example.int", "boss"], 2),
                             (["user", "role", "nobody@example.int", "admin"], 1),
                             (["user", "role", "viewer@example.int", "admin", "--unit", "X"], 1),
                             (["user", "disable", "nobody@example.int"], 1),
                             (["user", "disable"], 2),
                             (["user", "frobnicate"], 2),
                             (["user"], 2)):
            p = run(args, db=self.db)
            self.assertEqual(p.returncode, status, "%s: %s" % (args, p.stderr))
            self.assertTrue(p.stderr.strip())
        self.assertEqual(self.audit_count(), before + 1)

    def test_help(self):
        for args, words in ((["user", "--help"], ["add", "list", "passwd", "disable", "role"]),
                            (["user", "add", "--help"], ["--role", "--unit", "--name",
                                                         "--password-stdin", "12"]),
                            (["user", "list", "--help"], ["--db"]),
                            (["user", "passwd", "--help"], ["--password-stdin"]),
                            (["user", "disable", "--help"], ["EMAIL"]),
                            (["user", "enable", "--help"], ["EMAIL"]),
                            (["user", "role", "--help"], ["ROLE", "--unit"]),
                            (["token", "--help"], ["create", "list", "revoke"]),
                            (["token", "create", "--help"], ["--user", "--name"]),
                            (["token", "list", "--help"], ["--user"]),
                            (["token", "revoke", "--help"], ["ID"]),
                            (["audit", "--help"], ["verify", "list"]),
                            (["audit", "verify", "--help"], ["intact"]),
                            (["audit", "list", "--help"], ["--entity", "--id", "--limit"])):
            p = run_ok(self, args)
            out = p.stdout.decode()
            self.assertTrue(out.startswith("usage: dti "), args)
            for w in words:
                self.assertIn(w, out, "%s mentions %s" % (args, w))
        main = run_ok(self, ["--help"]).stdout.decode()
        for c in ("user", "token", "audit"):
            self.assertRegex(main, r"\n  %s " % c)


class PasswordPrompt(AccountsCase):
    """Without --password-stdin on a terminal: asked twice, without echo."""

    def converse(self, args, answers, timeout=30):
        """Run dti with a pseudo-terminal as stdin; answer each prompt in turn. Returns
        (exit status, everything the terminal showed, stdout)."""
        master, slave = pty.openpty()
        proc = subprocess.Popen([DTI] + args + ["--db", self.db], stdin=slave,
                                stdout=subprocess.PIPE, stderr=slave,
                                env=dtitest.clean_env())
        os.close(slave)
        shown, pending = b"", list(answers)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                r, _, _ = select.select([master], [], [], 0.2)
                if r:
                    try:
                        chunk = os.read(master, 4096)
                    except OSError:
                        break
                    if not chunk:
                        break
                    shown += chunk
                    prompts = shown.count(b"password for") + shown.count(b"again")
                    answered = len(answers) - len(pending)
                    if pending and prompts > answered:
                        os.write(master, pending.pop(0).encode() + b"\n")
                elif proc.poll() is not None:
                    break
            proc.wait(timeout=max(1, deadline - time.monotonic()))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
        out = proc.stdout.read()
        proc.stdout.close()
        return proc.returncode, shown.decode("utf-8", "replace"), out.decode()

    def test_prompt_twice_without_echo(self):
        rc, shown, out = self.converse(["user", "add", "erin@example.int", "--role", "viewer"],
                                       [GOOD_PASSWORD, GOOD_PASSWORD])
        self.assertEqual(rc, 0, shown)
        self.assertIn("new password for erin@example.int", shown)
        self.assertIn("again", shown)
        self.assertNotIn(GOOD_PASSWORD, shown + out)
        self.assertIn("erin@example.int", user_rows(self, self.db))

    def test_prompt_mismatch_and_refusal(self):
        rc, shown, _ = self.converse(["user", "add", "erin@example.int", "--role", "viewer"],
                                     [GOOD_PASSWORD, GOOD_PASSWORD + "x"])
        self.assertEqual(rc, 1, shown)
        self.assertIn("differ", shown)
        rc, shown, _ = self.converse(["user", "add", "erin@example.int", "--role", "viewer"],
                                     ["password1234"])
        self.assertEqual(rc, 1, shown)
        self.assertIn("common", shown)
        self.assertNotIn("erin@example.int", user_rows(self, self.db))
        # passwd asks the same way
        rc, shown, _ = self.converse(["user", "passwd", "viewer@example.int"],
                                     [GOOD_PASSWORD, GOOD_PASSWORD])
        self.assertEqual(rc, 0, shown)
        self.assertNotIn(GOOD_PASSWORD, shown)


class TokenCommands(AccountsCase):

    def create(self, email, name, expect=0):
        p = run(["token", "create", "--user", email, "--name", name], db=self.db)
        self.assertEqual(p.returncode, expect, p.stderr.decode("utf-8", "replace"))
        return p

    def test_create_list_revoke(self):
        p = self.create("analyst@example.int", "nightly export")
        lines = p.stdout.decode().splitlines()
        token = lines[0]
        self.assertRegex(token, TOKEN)
        # printed once, with a word that it will not be shown again
        self.assertEqual((p.stdout + p.stderr).count(token.encode()), 1)
        self.assertIn("not be shown again", (p.stdout + p.stderr).decode())
        # only its BLAKE2b-256 hash is stored
        digest = hashlib.blake2b(token.encode(), digest_size=32).hexdigest()
        self.assertEqual(sql(self.db, "SELECT token_hash FROM api_tokens").split(), [digest])
        self.assertNotIn(token, sql(self.db, ".dump"))
        # a second one; listed by name, newest first, never the token
        second = self.create("admin@example.int", "ci").stdout.decode().splitlines()[0]
        self.assertNotEqual(second, token)
        out = run_ok(self, ["token", "list"], db=self.db).stdout.decode()
        self.assertIn("nightly export", out)
        self.assertIn("analyst@example.int", out)
        self.assertNotIn(token, out)
        self.assertNotIn(second, out)
        self.assertNotIn(digest, out)
        self.assertLess(out.index("ci "), out.index("nightly export"))
        mine = run_ok(self, ["token", "list", "--user", "analyst@example.int"],
                      db=self.db).stdout.decode()
        self.assertIn("nightly export", mine)
        self.assertNotIn("admin@example.int", mine)
        token_id = sql(self.db, "SELECT id FROM api_tokens WHERE name='nightly export'").strip()
        run_ok(self, ["token", "revoke", token_id], db=self.db)
        revoked = sql(self.db, "SELECT revoked_at FROM api_tokens WHERE id=%s" % token_id)
        self.assertRegex(revoked.strip(), dtitest.ISO_TIME)
        mine = run_ok(self, ["token", "list", "--user", "analyst@example.int"],
                      db=self.db).stdout.decode()
        self.assertIn(revoked.strip(), mine)
        p = run(["token", "revoke", token_id], db=self.db)
        self.assertEqual(p.returncode, 1)
        for bad in ("abc", "0", "-1", "1.5"):
            self.assertEqual(run(["token", "revoke", bad], db=self.db).returncode, 2, bad)
        self.assertEqual(run(["token", "revoke", "999"], db=self.db).returncode, 1)
        self.assertNoSecretsInAudit(self.secrets + [token, second])
        actions = sql(self.db, "SELECT action FROM audit_log WHERE action LIKE 'token%'")
        self.assertEqual(actions.split(), ["token_create", "token_create", "token_revoke"])

    def test_refused(self):
        self.create("nobody@example.int", "x", expect=1)
        run_ok(self, ["user", "disable", "viewer@example.int"], db=self.db)
        p = self.create("viewer@example.int", "x", expect=1)
        self.assertEqual(p.stdout, b"")
        self.create("admin@example.int", "", expect=1)
        self.create("admin@example.int", "two\nlines", expect=1)
        for args in (["token", "create", "--user", "admin@example.int"],
                     ["token", "create", "--name", "x"], ["token"], ["token", "nope"]):
            self.assertEqual(run(args, db=self.db).returncode, 2, args)
        self.assertEqual(sql(self.db, "SELECT count(*) FROM api_tokens").strip(), "0")

    # Regression: created_at was once stored as a pointer value ("tits" for "titt").
    def test_token_created_at_is_a_time(self):
        self.create("admin@example.int", "ci")
        created = sql(self.db, "SELECT created_at FROM api_tokens").strip()
        self.assertRegex(created, dtitest.ISO_TIME)


class AuditCommands(AccountsCase):

    def verify(self, expect):
        p = run(["audit", "verify"], db=self.db)
        self.assertEqual(p.returncode, expect, p.stdout + p.stderr)
        return p.stdout.decode()

    def test_verify_finds_an_edited_entry(self):
        n = self.audit_count()
        self.assertGreaterEqual(n, 14)
        self.assertEqual(self.verify(0).strip(), "audit trail intact: %d entries" % n)
        sql(self.db, "UPDATE audit_log SET actor='mallory' WHERE seq=3")
        out = self.verify(1)
        self.assertRegex(out, r"^audit trail broken at entry 3\b")
        # putting it back mends it
        sql(self.db, "UPDATE audit_log SET actor=(SELECT actor FROM audit_log WHERE seq=2) "
                     "WHERE seq=3")
        self.verify(0)

    def test_verify_finds_other_tampering(self):
        # a changed before/after, a removed entry, a re-hashed entry: each named
        sql(self.db, "UPDATE audit_log SET after=replace(after, 'viewer', 'admin') "
                     "WHERE seq=(SELECT max(seq) FROM audit_log WHERE action='create')")
        seq = sql(self.db, "SELECT max(seq) FROM audit_log WHERE action='create'").strip()
        self.assertRegex(self.verify(1), r"broken at entry %s\b" % seq)
        db2 = self.tmp.file("demo2.db")
        dtitest.make_demo(db2)
        self.db = db2
        sql(db2, "DELETE FROM audit_log WHERE seq=5")
        self.assertRegex(self.verify(1), r"broken at entry 6\b")
        db3 = self.tmp.file("demo3.db")
        dtitest.make_demo(db3)
        self.db = db3
        sql(db3, "UPDATE audit_log SET hash='%s' WHERE seq=2" % ("0" * 64))
        self.assertRegex(self.verify(1), r"broken at entry 2\b")
        # an empty trail is intact
        db4 = self.tmp.file("empty.db")
        dtitest.make_empty(db4)
        self.db = db4
        self.assertEqual(self.verify(0).strip(), "audit trail intact: 0 entries")

    def test_list(self):
        out = run_ok(self, ["audit", "list"], db=self.db).stdout.decode()
        lines = out.splitlines()
        self.assertEqual(lines[0].split(), ["seq", "at", "actor", "action", "entity", "id"])
        seqs = [int(l.split()[0]) for l in lines[1:] if l[:1].isdigit()]
        self.assertEqual(seqs, sorted(seqs, reverse=True))
        self.assertEqual(seqs[0], self.audit_count())
        out = run_ok(self, ["audit", "list", "--entity", "users", "--id", "3"],
                     db=self.db).stdout.decode()
        rows = [l.split() for l in out.splitlines()[1:]]
        self.assertEqual([r[3] for r in rows], ["password", "create"])
        self.assertTrue(all(r[4] == "users" and r[5] == "3" for r in rows))
        out = run_ok(self, ["audit", "list", "--entity", "processes", "--limit", "1"],
                     db=self.db).stdout.decode()
        self.assertEqual(len(out.splitlines()[1:2]), 1)
        self.assertIn(" import ", out)
        out = run_ok(self, ["audit", "list", "--limit", "2"], db=self.db).stdout.decode()
        self.assertEqual(len([l for l in out.splitlines() if l[:1].isdigit()]), 2)
        for bad in (["--limit", "0"], ["--limit", "x"], ["--id", "-3"], ["--bogus"]):
            self.assertEqual(run(["audit", "list"] + bad, db=self.db).returncode, 2, bad)
        self.assertEqual(run(["audit", "frobnicate"], db=self.db).returncode, 2)


if __name__ == "__main__":
    dtitest.main()
