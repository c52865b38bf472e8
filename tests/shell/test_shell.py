#!/usr/bin/python3
"""The interactive shell, driven through a real pseudo-terminal.

Usage: test_shell.py PATH/TO/epicevents [remote] [TEST_NAME ...]
(or EPICEVENTS_BIN=... test_shell.py). Prints TAP; exits non-zero on any
failure. Each test gets its own temporary folder: its own SQLite database
(db init --demo), token file, HOME and XDG_STATE_HOME, TZ=UTC.

With `remote`, each test's database is served by its own `epicevents
serve` (on that SQLite file: the server's database does not matter to the
shell, and SQLite needs no cluster) on a free loopback port, and the shell
and one-shot commands run with EPICEVENTS_SERVER and no DATABASE_URL
(SERVER.md: the same prompts, output and exit codes through a server).

Only the standard library: pty-like plumbing with os.openpty/os.fork and
select, so nothing beyond python3 is needed to run it.
"""

import fcntl
import json
import os
import re
import select
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
import traceback

BIN = None
REMOTE = False
# Under a wrapper (valgrind: start-up ~1 s, a login ~20 s) every wait is longer.
SLOW = 8.0 if os.environ.get("EPICEVENTS_WRAPPER") else 1.0
TIMEOUT = 15.0 * SLOW

# What the terminal shows once libedit's cursor movements are taken out.
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|[\r\x07]")


# A report of ASan, LSan or UBSan (the suite also runs under them).
SANITIZER = re.compile(rb"ERROR: \w+Sanitizer|runtime error: ")


class Failure(Exception):
    pass


def clean(data):
    return ANSI.sub(b"", data).replace(b"\x08", b"")


class Env:
    """A temporary folder with a demo database."""

    def __init__(self, login="bill.boquet@epic.com", password="password123"):
        self.dir = tempfile.mkdtemp(prefix="epicevents-shell-")
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.dir,
            "XDG_STATE_HOME": os.path.join(self.dir, "state"),
            "XDG_DATA_HOME": os.path.join(self.dir, "data"),
            "DATABASE_URL": "sqlite:" + os.path.join(self.dir, "crm.db"),
            "EPICEVENTS_TOKEN_FILE": os.path.join(self.dir, "token"),
            "TZ": "UTC",
            "TERM": "xterm",
            "LANG": "C.UTF-8",
            "PAGER": "",
        }
        for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "EPICEVENTS_REAL_BIN"):
            if key in os.environ:
                self.env[key] = os.environ[key]
        self.run(["db", "init", "--demo"])
        self.server = None
        if REMOTE:
            self.serve()
        if login:
            self.login(login, password)

    def run(self, args, stdin=b"", check=True):
        """One-shot mode: (exit code, stdout, stderr)."""
        p = subprocess.run([BIN] + args, input=stdin, capture_output=True,
                           env=self.env, cwd=self.dir, timeout=120)
        if SANITIZER.search(p.stderr):
            raise Failure("%s: sanitizer report:\n%s" % (" ".join(args) or "(shell)",
                                                          p.stderr.decode(errors="replace")))
        if check and p.returncode != 0:
            raise Failure("%s: exit %d: %s" % (" ".join(args), p.returncode,
                                                p.stderr.decode(errors="replace")))
        return p.returncode, p.stdout, p.stderr

    def login(self, email, password):
        self.run(["login", "--email", email, "--password-stdin"],
                 stdin=(password + "\n").encode())

    def json(self, args):
        return json.loads(self.run(args + ["--json"])[1])

    def serve(self):
        """`serve` on the database just made; the client then knows only it."""
        db = self.env.pop("DATABASE_URL")
        for _ in range(3):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
            s.close()
            log = open(os.path.join(self.dir, "serve.log"), "ab")
            self.server = subprocess.Popen(
                [BIN, "--db", db, "serve", "--listen", "127.0.0.1:%d" % port, "--threads", "2"],
                env=self.env, cwd="/", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=log)
            log.close()
            deadline = time.time() + 10 * SLOW
            while time.time() < deadline and self.server.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.5).close()
                    self.env["EPICEVENTS_SERVER"] = "http://127.0.0.1:%d" % port
                    return
                except OSError:
                    time.sleep(0.05)
            self.stop_server()
        raise Failure("serve did not start:\n" + self.server_log())

    def server_log(self):
        try:
            with open(os.path.join(self.dir, "serve.log"), errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def stop_server(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()

    def close(self):
        self.stop_server()
        shutil.rmtree(self.dir, ignore_errors=True)


class Term:
    """The program on a pseudo-terminal of rows x cols."""

    def __init__(self, env, args=(), rows=24, cols=80, extra=None):
        self.raw = b""
        self.pos = 0  # where the next expect starts, in the cleaned text
        e = dict(env.env)
        e.update(extra or {})
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                os.close(master)
                os.close(slave)
                os.chdir(env.dir)
                os.execve(BIN, [BIN] + list(args), e)
            finally:
                os._exit(127)
        os.close(slave)
        self.fd = master
        self.pid = pid
        self.status = None

    def _pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the other side is closed
            data = b""
        if not data:
            return None
        self.raw += data
        return True

    def text(self):
        return clean(self.raw).decode("utf-8", errors="replace")

    def expect(self, pattern, timeout=TIMEOUT):
        """Waits for a regex in what the screen shows; returns the match."""
        rx = re.compile(pattern)
        end = time.time() + timeout
        while True:
            m = rx.search(self.text(), self.pos)
            if m:
                self.pos = m.end()
                return m
            left = end - time.time()
            if left <= 0 or self._pump(min(left, 0.5)) is None:
                if left > 0:  # closed: one last look
                    m = rx.search(self.text(), self.pos)
                    if m:
                        self.pos = m.end()
                        return m
                raise Failure("timed out waiting for %r; screen ends with:\n%s"
                              % (pattern, self.text()[-1500:]))

    def expect_raw(self, data, start=0, timeout=TIMEOUT):
        """Waits for bytes as sent (bells, escapes), from offset start."""
        end = time.time() + timeout
        while data not in self.raw[start:]:
            if time.time() > end or self._pump(0.2) is None:
                raise Failure("timed out waiting for %r" % data)

    def settle(self, quiet=0.3 * SLOW, timeout=TIMEOUT):
        """Reads until nothing arrives for `quiet` seconds."""
        end = time.time() + timeout
        while time.time() < end:
            if not self._pump(quiet):
                return

    def wait_ready(self, timeout=5.0 * SLOW):
        """Waits until the program reads the terminal: libedit's raw mode,
        or no echo (a password). Keys typed in the short moment between a
        prompt and libedit's switch to raw mode would be taken by the
        kernel's line discipline (a Ctrl-D there becomes a NUL), which no
        person types that fast, so the tests do not either."""
        end = time.time() + timeout
        while time.time() < end:
            lflag = termios.tcgetattr(self.fd)[3]
            if not (lflag & termios.ICANON and lflag & termios.ECHO):
                return True
            self._pump(0.01)
        return False

    def send(self, data, ready=True):
        if isinstance(data, str):
            data = data.encode()
        if ready:
            self.wait_ready()
        # Write in pieces while draining the echo, so a long line never
        # blocks both sides on full buffers.
        while data:
            _, w, _ = select.select([], [self.fd], [], 0.05)
            if w:
                n = os.write(self.fd, data[:1024])
                data = data[n:]
            self._pump(0)

    def line(self, text):
        self.send(text + "\r")

    def wait_exit(self, timeout=TIMEOUT, expected=0):
        """Waits for the end; the interactive shell always ends with 0."""
        end = time.time() + timeout
        while time.time() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
                self.settle(0.05, 1)
                if os.WIFSIGNALED(status):
                    raise Failure("killed by signal %d" % os.WTERMSIG(status))
                if SANITIZER.search(self.raw):
                    raise Failure("sanitizer report:\n" + self.text()[-4000:])
                code = os.WEXITSTATUS(status)
                if expected is not None and code != expected:
                    raise Failure("exit code %d, expected %d; screen ends with:\n%s"
                                  % (code, expected, self.text()[-1500:]))
                return code
            self._pump(0.1)
        raise Failure("did not exit; screen ends with:\n" + self.text()[-1500:])

    def close(self):
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        os.close(self.fd)


def check(cond, what, term=None):
    if not cond:
        tail = ("\nscreen ends with:\n" + term.text()[-1500:]) if term else ""
        raise Failure(what + tail)


PROMPT_MAIN = r"bill@main> "
PROMPT_CLIENTS = r"bill@clients> "


def start(env, **kw):
    t = Term(env, **kw)
    return t


# ---- tests ------------------------------------------------------------------


def test_login_hidden_password():
    """login asks the password without echo; the prompt then shows the user."""
    env = Env(login=None)
    t = start(env)
    try:
        t.expect(r"Not logged in: type 'login'")
        t.expect(r"epicevents> ")
        t.line("login")
        t.expect(r"Email: ")
        t.line("bill.boquet@epic.com")
        t.expect(r"Password: ")
        t.line("password123")
        t.expect(r"logged in as Bill Boquet \(Commercial\)")
        t.expect(PROMPT_MAIN)
        check(b"password123" not in t.raw, "the password was echoed", t)
        t.line("whoami")
        t.expect(r"email: bill.boquet@epic.com")
        t.line("exit")
        check(t.wait_exit() == 0, "exit code of 'exit'", t)
    finally:
        t.close()
        env.close()


def test_menus_and_verbs():
    """Every menu and its verbs, as Commercial, through the command table."""
    env = Env()
    t = start(env, cols=200)
    try:
        t.expect(r"Logged in as Bill Boquet")
        t.expect(PROMPT_MAIN)
        t.line("help")
        t.expect(r"clients +list, show, create, update")
        t.expect(r"contracts +list, unsigned, unpaid, overdue, show, create, update, sign, pay")
        t.expect(r"payments +list, show, void")
        t.line("clients")
        t.expect(PROMPT_CLIENTS)
        t.line("help")
        t.expect(r"clients menu:")
        t.expect(r"update ID")
        t.line("list")
        t.expect(r"Kevin Casey")
        t.line("show 1")
        t.expect(r"company_name: Cool Startup LLC")
        t.line("help list")
        t.expect(r"usage: epicevents clients list")
        t.line("back")
        t.expect(PROMPT_MAIN)
        t.line("contracts")
        t.expect(r"bill@contracts> ")
        for verb in ("list", "list --unpaid", "unsigned", "unpaid", "show 1"):
            t.line(verb)
            t.expect(r"bill@contracts> ")
        t.line("sign 1")
        t.expect(r"epicevents: .*signed")
        # `list --unpaid` in the menu is `contracts list --unpaid`: same JSON.
        t.line("list --unpaid --json")
        m = t.expect(r"(?s)(\[\n.*?\n\])")
        got = json.loads(m.group(1))
        check(got == env.json(["contracts", "list", "--unpaid"]),
              "menu and one-shot 'contracts list --unpaid' differ", t)
        t.line("events")  # a menu's name works from another menu
        t.expect(r"bill@events> ")
        t.line("list")
        t.expect(r"Lou Bouzin General Assembly")
        t.line("no-support")
        t.expect(r"\(no rows\)")
        t.line("my-events")
        t.expect(r"epicevents: permission denied")
        t.line("show 1")
        t.expect(r"attendees_count: 200")
        t.line("users")
        t.expect(r"bill@users> ")
        t.line("list")
        t.expect(r"epicevents: permission denied")
        t.line("whoami")  # top-level commands work in menus
        t.expect(r"department: Commercial")
        t.line("audit")
        t.line("list")
        t.expect(r"epicevents: permission denied")
        t.line("quit")
        check(t.wait_exit() == 0, "exit code of 'quit'", t)
    finally:
        t.close()
        env.close()


def test_manager_pick_lists():
    """Management: pick lists for client and support, confirm on delete."""
    env = Env(login="alice.manager@epic.com", password="admin123")
    t = start(env, cols=200)
    try:
        t.expect(r"alice@main> ")
        t.line("contracts")
        t.line("create")
        t.expect(r"New contract")
        t.expect(r"1  Kevin Casey - Cool Startup LLC")  # the pick list
        t.expect(r"Client id: ")
        t.line("x")
        t.expect(r"not a valid id")
        t.expect(r"Client id: ")
        t.line("1")
        t.expect(r"Total amount: ")
        t.line("-5")
        t.expect(r"Total amount: ")
        t.line("1200.50")
        t.expect(r"Remaining amount \(empty: the total\): ")
        t.line("")
        t.expect(r"Payment due date, YYYY-MM-DD \(empty: none\): ")
        t.line("")
        t.expect(r"contract 2 created")
        t.expect(r"remaining_amount: 1200.50")
        t.line("back")
        t.line("events")
        t.line("assign 1")
        t.expect(r"2  Kate Hastroff \(Support\)")
        t.expect(r"Support user id: ")
        t.line("2")
        t.expect(r"event 1 assigned to user 2")
        t.line("back")
        t.line("users")
        t.line("delete 2")
        t.expect(r"Delete user 2\? \(yes/no\): ")
        t.line("no")
        t.expect(r"cancelled: nothing was changed")
        t.line("exit")
        t.wait_exit()
        check(env.json(["users", "show", "2"])["name"] == "Kate Hastroff",
              "user 2 was deleted although the answer was no")
        contracts = env.json(["contracts", "list"])
        check(len(contracts) == 2 and contracts[1]["total_amount"] == "1200.50",
              "contract not created as answered: %r" % contracts)
    finally:
        t.close()
        env.close()


def test_other_roles():
    """events create (pick list of signed contracts), events update as the
    assigned Support user, users create with hidden passwords."""
    env = Env()
    t = start(env, cols=200)
    try:
        t.line("events")
        t.line("create")
        t.expect(r"1  Kevin Casey: 10000.00, 5000.00 due, signed")
        t.expect(r"Contract id: ")
        t.line("1")
        t.expect(r"Name: ")
        t.line("Launch party")
        t.expect(r"Start \(YYYY-MM-DD HH:MM\): ")
        t.line("2026-02-30 18:00")
        t.expect(r"Start \(YYYY-MM-DD HH:MM\): ")
        t.line("2026-06-01 18:00")
        t.expect(r"End \(YYYY-MM-DD HH:MM\): ")
        t.line("2026-06-01 23:30")
        t.expect(r"Location: ")
        t.line("Paris")
        t.expect(r"Attendees: ")
        t.line("many")
        t.expect(r"attendees 'many'")
        t.expect(r"Attendees: ")
        t.line("50")
        t.expect(r"Notes \(optional\): ")
        t.line("")
        t.expect(r"event 2 created")
        t.line("exit")
        t.wait_exit()
    finally:
        t.close()
    env.login("kate.hastroff@epic.com", "password123")
    t = start(env, cols=200)
    try:
        t.expect(r"kate@main> ")
        t.line("events")
        t.line("my-events")
        t.expect(r"Lou Bouzin General Assembly")
        t.line("update 1")
        t.expect(r"Name \[Lou Bouzin General Assembly\]: ")
        t.line("")
        t.expect(r"Start \[2023-05-05 15:00\]: ")
        t.line("")
        t.expect(r"End \[2023-05-05 17:00\]: ")
        t.line("")
        t.expect(r"Location \[Salle des fêtes de Mufflins\]: ")
        t.line("")
        t.expect(r"Attendees \[200\]: ")
        t.line("250")
        t.expect(r"Notes \[General assembly of shareholders \(~200 people\).\]: ")
        t.line("")
        t.expect(r"event 1 updated")
        t.line("update 2")  # not assigned to Kate: refused before any question
        t.expect(r"epicevents: permission denied")
        t.line("exit")
        t.wait_exit()
    finally:
        t.close()
    e = env.json(["events", "show", "1"])
    check(e["attendees_count"] == 250 and e["start_date"] == "2023-05-05T15:00:00Z"
          and e["location"] == "Salle des fêtes de Mufflins", "event 1: %r" % e)
    env.login("alice.manager@epic.com", "admin123")
    t = start(env, cols=200)
    try:
        t.line("users")
        t.line("create")
        t.expect(r"Employee id: ")
        t.line("COM002")
        t.expect(r"Name: ")
        t.line("Nina Vente")
        t.expect(r"Email: ")
        t.line("nina@epic.com")
        t.expect(r"Department: ")
        t.line("sales")
        t.expect(r"Department: ")
        t.line("commercial")
        t.expect(r"New password: ")
        t.line("s3cret-passw0rd")
        t.expect(r"Repeat the password: ")
        t.line("s3cret-passw0rd")
        t.expect(r"user 4 created")
        t.expect(r"alice@users> ")
        check(b"s3cret" not in t.raw, "a new password was echoed", t)
        t.line("exit")
        t.wait_exit()
    finally:
        t.close()
    env.login("nina@epic.com", "s3cret-passw0rd")
    check(env.json(["whoami"])["department"] == "Commercial", "new user's department")
    env.close()


def test_create_bad_then_good():
    """A bad answer is refused at once with the reason, then asked again."""
    env = Env()
    t = start(env)
    try:
        t.line("clients")
        t.line("create")
        t.expect(r"Full name: ")
        t.line("")
        t.expect(r"a value is needed")
        t.expect(r"Full name: ")
        t.line("Zoë Dupré")
        t.expect(r"Email: ")
        t.line("not-an-email")
        t.expect(r"email 'not-an-email'")
        t.expect(r"Email: ")
        t.line("  Zoe@Example.COM ")
        t.expect(r"Phone: ")
        t.line("call me")
        t.expect(r"phone 'call me'")
        t.expect(r"Phone: ")
        t.line("+33 1 23 45 67 89")
        t.expect(r"Company: ")
        t.line("ACME")
        t.expect(r"client 2 created")
        t.expect(PROMPT_CLIENTS)
        t.line("exit")
        t.wait_exit()
        clients = env.json(["clients", "list"])
        check(len(clients) == 2, "expected 2 clients, got %r" % clients)
        check(clients[1]["full_name"] == "Zoë Dupré", "name: %r" % clients[1])
        check(clients[1]["email"] == "zoe@example.com", "email: %r" % clients[1])
    finally:
        t.close()
        env.close()


def test_update_keeps_values():
    """update ID shows each current value and keeps it on an empty answer."""
    env = Env()
    t = start(env)
    try:
        t.line("clients")
        t.line("update 1")
        t.expect(r"Full name \[Kevin Casey\]: ")
        t.line("")
        t.expect(r"Email \[kevin@startup.io\]: ")
        t.line("")
        t.expect(r"Phone \[\+678 123 456 78\]: ")
        t.line("+678 000 000 00")
        t.expect(r"Company \[Cool Startup LLC\]: ")
        t.line("")
        t.expect(r"client 1 updated")
        t.line("update 1")
        for _ in range(4):
            t.expect(r"\]: ")
            t.line("")
        t.expect(r"nothing changed: every value was kept")
        t.line("update 99")
        t.expect(r"epicevents: client 99 does not exist")
        t.line("back")
        t.line("events")
        t.line("update 1")
        t.expect(r"epicevents: permission denied")  # before any question
        t.line("exit")
        t.wait_exit()
        c = env.json(["clients", "show", "1"])
        check(c["phone"] == "+678 000 000 00", "phone not changed: %r" % c)
        check(c["full_name"] == "Kevin Casey" and c["email"] == "kevin@startup.io"
              and c["company_name"] == "Cool Startup LLC", "values not kept: %r" % c)
        # Only the phone is journaled as changed.
        env.login("alice.manager@epic.com", "admin123")
        audit = [a for a in env.json(["audit", "list"]) if a["action"] == "update"]
        check(len(audit) == 1 and "phone" in (audit[0]["details"] or "")
              and "full_name" not in (audit[0]["details"] or ""),
              "journal of the update: %r" % audit)
    finally:
        t.close()
        env.close()


def test_cancel_and_ctrl_c():
    """'cancel' and Ctrl-C abandon a create with nothing written; Ctrl-C at
    the prompt drops the line and never leaves the shell."""
    env = Env()
    t = start(env)
    try:
        t.expect(PROMPT_MAIN)
        t.send("clients list --this-is-dropped")
        t.send("\x03")
        t.expect(PROMPT_MAIN)
        t.line("clients")
        t.expect(PROMPT_CLIENTS)
        t.line("create")
        t.expect(r"Full name: ")
        t.line("Half Done")
        t.expect(r"Email: ")
        t.line("half@done.io")
        t.expect(r"Phone: ")
        t.line("cancel")
        t.expect(r"cancelled: nothing was changed")
        t.expect(PROMPT_CLIENTS)
        t.line("create")
        t.expect(r"Full name: ")
        t.line("Half Again")
        t.expect(r"Email: ")
        t.send("half@again")
        t.send("\x03")
        t.expect(r"cancelled: nothing was changed")
        t.expect(PROMPT_CLIENTS)
        t.line("update 1")
        t.expect(r"Full name \[Kevin Casey\]: ")
        t.line("Someone Else")
        t.expect(r"Email")
        t.send("\x04")  # Ctrl-D in a question cancels too
        t.expect(r"cancelled: nothing was changed")
        t.expect(PROMPT_CLIENTS)
        check("--this-is-dropped" not in t.text()[t.text().find("clients> "):],
              "the interrupted line ran", t)
        t.line("whoami")
        t.expect(r"name: Bill Boquet")
        t.line("exit")
        check(t.wait_exit() == 0, "exit code", t)
        clients = env.json(["clients", "list"])
        check(len(clients) == 1 and clients[0]["full_name"] == "Kevin Casey",
              "a cancelled command wrote: %r" % clients)
    finally:
        t.close()
        env.close()


def test_ctrl_d():
    """Ctrl-D goes back one menu, and leaves from the main menu."""
    env = Env()
    t = start(env)
    try:
        t.line("contracts")
        t.expect(r"bill@contracts> ")
        t.send("\x04")
        t.expect(PROMPT_MAIN)
        t.send("\x04")
        check(t.wait_exit() == 0, "exit code after Ctrl-D", t)
    finally:
        t.close()
        env.close()


def test_deactivated_not_offered():
    """Someone who left is offered in no pick list and no completion, but
    in those of `users reactivate`."""
    env = Env(login="alice.manager@epic.com", password="admin123")
    env.run(["users", "create", "--employee-id", "SUP002", "--name", "Sam Support",
             "--email", "sam@epic.com", "--department", "support", "--password-stdin"],
            stdin=b"sampass12\n")
    sam = env.json(["users", "list", "--department", "support"])[-1]["id"]
    env.run(["users", "deactivate", str(sam)])
    t = start(env, cols=200)
    try:
        t.expect(r"alice@main> ")
        t.line("events")
        t.line("assign 1")
        t.expect(r"2  Kate Hastroff \(Support\)")
        t.expect(r"Support user id: ")
        check("Sam Support" not in t.text(), "a pick list offers a deactivated user", t)
        t.send("\x03")
        t.expect(r"alice@events> ")
        t.send("assign 1 --support \t")  # Kate is the only one left to offer
        t.expect(r"--support 2 ")
        t.send("\x03")
        t.expect(r"alice@events> ")
        t.line("back")
        t.expect(r"alice@main> ")
        t.send("users reactivate \t")  # the deactivated are offered here only
        t.expect(r"reactivate %d " % sam)
        t.send("\r")
        t.expect(r"user %d reactivated" % sam)
        t.expect(r"alice@main> ")
        t.line("exit")
        t.wait_exit()
        check(env.json(["users", "show", str(sam)])["is_active"] is True,
              "user %d was not reactivated" % sam)
    finally:
        t.close()
        env.close()


def test_completion():
    """Tab completes menus, verbs, options and ids from the database."""
    env = Env()
    t = start(env, cols=120)
    try:
        t.expect(PROMPT_MAIN)
        t.send("cli\t")
        t.expect(r"clients ")
        t.send("\r")
        t.expect(PROMPT_CLIENTS)
        t.send("sh\t")
        t.expect(r"show ")
        t.send("\t")  # the only client's id
        t.expect(r"1 ")
        t.send("\r")
        t.expect(r"full_name: Kevin Casey")
        t.expect(PROMPT_CLIENTS)
        t.send("show kev")
        t.expect(r"kev")
        t.send("\t")  # a name is replaced by its id
        t.expect(r"1 ")
        t.send("\r")
        t.expect(r"full_name: Kevin Casey")
        t.expect(PROMPT_CLIENTS)
        t.send("list --\t")  # several: listed under the line
        t.expect(r"--mine +--search +--sort +--limit +--offset +--json +--csv")
        t.send("m\t\r")
        t.expect(r"Kevin Casey")
        t.expect(PROMPT_CLIENTS)
        t.send("list --sort -\t")  # the list's columns, descending
        t.expect(r"-id +-full_name +-company_name")
        t.send("f\t\r")
        t.expect(r"Kevin Casey")
        t.expect(PROMPT_CLIENTS)
        t.send("\x04")
        t.expect(PROMPT_MAIN)
        t.send("contracts list --un\t")
        t.expect(r"--unsigned +--unpaid")
        t.send("p\t\r")
        t.expect(r"10000\.00 +5000\.00")
        t.expect(PROMPT_MAIN)
        t.settle()
        for line in ("events assign 1 --support ",  # a Commercial may not list users
                     "nothing-starts-like-this"):
            seen = len(t.raw)
            t.send(line + "\t")
            t.expect_raw(b"\x07", seen)  # the bell: nothing to offer
            t.settle()
            check(b"\n" not in t.raw[seen:], "completion offered something for %r" % line, t)
            t.send("\x03")
            t.expect(PROMPT_MAIN)
            t.settle()
        t.line("exit")
        check(t.wait_exit() == 0, "exit code", t)
    finally:
        t.close()
        env.close()


def test_history_file():
    """History is kept under XDG_STATE_HOME, mode 0600, without passwords."""
    env = Env()
    t = start(env)
    try:
        t.line("clients list")
        t.expect(r"Kevin Casey")
        t.line("login --email bill.boquet@epic.com --password-stdin")
        t.expect(r"Password: ")
        t.line("password123")
        t.expect(r"logged in as Bill Boquet")
        t.line("passwd")  # flagged CMD_SECRET
        t.expect(r"Current password: ")
        t.line("not-the-password")
        t.expect(r"New password: ")
        t.line("another-passw0rd")
        t.expect(r"Repeat the new password: ")
        t.line("another-passw0rd")
        t.expect(r"epicevents: ")
        t.expect(PROMPT_MAIN)  # a wrong password is no expired session
        check("Log in to go on" not in t.text(), "passwd asked to log in again", t)
        check(b"not-the-password" not in t.raw and b"another-passw0rd" not in t.raw,
              "a password was echoed", t)
        t.line("whoami")
        t.expect(r"department: Commercial")
        # A database URL with its password: refused here, and never kept.
        t.line("clients list --db postgresql://histuser:histsecret@127.0.0.1:1/crm?connect_timeout=1")
        t.expect(r"epicevents: --db cannot change")
        t.expect(PROMPT_MAIN)
        t.line("exit")
        t.wait_exit()
        path = os.path.join(env.env["XDG_STATE_HOME"], "epicevents", "history")
        check(os.path.exists(path), "no history file at " + path)
        mode = stat.S_IMODE(os.stat(path).st_mode)
        check(mode == 0o600, "history mode %o" % mode)
        dmode = stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)
        check(dmode & 0o077 == 0, "history folder mode %o" % dmode)
        data = open(path, "rb").read()
        check(b"clients" in data and b"whoami" in data, "history lacks commands: %r" % data)
        check(b"password" not in data.lower() and b"passwd" not in data,
              "history keeps a password line: %r" % data)
        check(b"histsecret" not in data, "history keeps a URL with its password: %r" % data)
        # A new shell reads it back: Up arrow recalls the last command.
        t2 = start(env)
        try:
            t2.expect(PROMPT_MAIN)
            t2.send("\x1b[A")
            t2.expect(r"whoami")
            t2.send("\r")
            t2.expect(r"department: Commercial")
            t2.line("exit")
            t2.wait_exit()
        finally:
            t2.close()
    finally:
        t.close()
        env.close()


def test_pager():
    """Output taller than the screen goes through $PAGER; shorter output,
    --json and an empty PAGER do not."""
    env = Env()
    for i in range(10):
        env.run(["clients", "create", "--full-name", "Client %d" % i, "--email",
                 "c%d@example.com" % i, "--phone", "0102030%d" % i, "--company", "Co"])
    t = start(env, rows=8, cols=80, extra={"PAGER": "wc -l"})
    try:
        t.expect(PROMPT_MAIN)
        t.line("clients list")
        m = t.expect(r"\n\s*(\d+)\s*\n")
        check(int(m.group(1)) > 8, "wc -l counted %s lines" % m.group(1), t)
        t.expect(PROMPT_MAIN)
        check("Client 9" not in t.text(), "the list was printed, not paged", t)
        t.line("clients show 1")  # 9 lines: taller than 8 rows
        m = t.expect(r"\n\s*(\d+)\s*\n")
        t.expect(PROMPT_MAIN)
        t.line("whoami")  # 5 lines: fits
        t.expect(r"department: Commercial")
        t.expect(PROMPT_MAIN)
        t.line("clients list --json")  # machine output is never paged
        t.expect(r'"full_name": "Client 9"')
        t.expect(PROMPT_MAIN)
        t.line("exit")
        t.wait_exit()
    finally:
        t.close()
    # A pager that quits early (as 'q' in less does) cuts the output quietly.
    t = start(env, rows=8, cols=80, extra={"PAGER": "head -n 2"})
    try:
        t.expect(PROMPT_MAIN)
        t.line("clients list")
        t.expect(PROMPT_MAIN)
        t.line("whoami")
        t.expect(r"department: Commercial")
        t.line("exit")
        check(t.wait_exit() == 0, "exit code", t)
        check("cannot write" not in t.text() and "Client 9" not in t.text(),
              "quitting the pager is not an error", t)
    finally:
        t.close()
    t = start(env, rows=8, cols=80, extra={"PAGER": ""})
    try:
        t.expect(PROMPT_MAIN)
        t.line("clients list")
        t.expect(r"full_name: Client 9")  # expanded display at 80 columns
        t.line("exit")
        t.wait_exit()
    finally:
        t.close()
        env.close()


def test_colour():
    """Colour on a terminal, none with NO_COLOR, none in scripts."""
    env = Env()
    t = start(env, cols=200)
    try:
        t.line("clients list")
        t.expect(r"Kevin Casey")
        check(b"\x1b[1m" in t.raw, "no bold heading on a terminal", t)
        t.line("exit")
        t.wait_exit()
    finally:
        t.close()
    t = start(env, cols=200, extra={"NO_COLOR": "1"})
    try:
        t.line("clients list")
        t.expect(r"Kevin Casey")
        t.line("exit")
        t.wait_exit()
        check(b"\x1b[1m" not in t.raw, "colour with NO_COLOR", t)
    finally:
        t.close()
        env.close()


def test_session_expired_relogin():
    """Exit code 3 in the shell asks to log in again, then runs the command."""
    env = Env()
    t = start(env, cols=200)
    try:
        t.expect(PROMPT_MAIN)
        os.unlink(env.env["EPICEVENTS_TOKEN_FILE"])  # the session is gone
        t.line("clients list")
        t.expect(r"epicevents: .*(log|session)")
        t.expect(r"Log in to go on")
        t.expect(r"Email \[bill.boquet@epic.com\]: ")
        t.line("")
        t.expect(r"Password: ")
        t.line("password123")
        t.expect(r"logged in as Bill Boquet")
        t.expect(r"Kevin Casey")
        t.expect(PROMPT_MAIN)
        check(b"password123" not in t.raw, "the password was echoed", t)
        os.unlink(env.env["EPICEVENTS_TOKEN_FILE"])
        t.line("whoami")
        t.expect(r"Email \[bill.boquet@epic.com\]: ")
        t.send("\x03")  # giving up is fine too
        t.expect(r"cancelled")
        t.expect(r"> ")
        t.line("exit")
        check(t.wait_exit() == 0, "exit code", t)
    finally:
        t.close()
        env.close()


def test_unknown_and_bad_ids():
    """Unknown commands suggest the nearest; a missing or bad id says so."""
    env = Env()
    t = start(env)
    try:
        t.line("cleints")
        t.expect(r"unknown command 'cleints': did you mean 'clients'\?")
        t.line("clients")
        t.line("lsit")
        t.expect(r"unknown command 'clients lsit': did you mean 'clients list'\?")
        t.line("show")
        t.expect(r"'clients show' needs an ID")
        t.line("show abc")
        t.expect(r"id 'abc' is not a valid id")
        t.line("show -3")
        t.expect(r"epicevents: .*'-3'")
        t.line("show 99999999999999999999999")
        t.expect(r"epicevents: .*not a valid id")
        t.line("show 999")
        t.expect(r"epicevents: .*999")
        t.line("list --bogus")
        t.expect(r"unknown option '--bogus'")
        t.line('list --search "unterminated')
        t.expect(r"unterminated quote")
        t.line("whoami")
        t.expect(r"name: Bill Boquet")
        t.line("exit")
        check(t.wait_exit() == 0, "exit code", t)
    finally:
        t.close()
        env.close()


def test_long_line_and_garbage():
    """A 100 KB line, invalid UTF-8 and control characters: no crash."""
    env = Env()
    t = start(env)
    try:
        t.expect(PROMPT_MAIN)
        t.send("x" * 100000 + "\r")
        t.expect(r"epicevents: unknown command 'xxxx", timeout=120)
        t.expect(PROMPT_MAIN)
        t.send(b"\xff\xfe\xc3( clients \x01\x02\x1b[31m \x7f\xed\xa0\x80\r")
        t.expect(PROMPT_MAIN)
        t.send(b"clients show \x16\x01\r")  # Ctrl-V Ctrl-A: a literal control
        t.expect(r"epicevents: .*(valid|\\x01)")
        t.line("clients")
        t.line("create")
        t.expect(r"Full name: ")
        t.send(b"Bad \x16\x1b[2J\xff Name\r")
        t.expect(r"(Full name|Email): ")
        t.send("\x03")
        t.expect(PROMPT_CLIENTS)
        t.line("whoami")
        t.expect(r"name: Bill Boquet")
        t.line("exit")
        check(t.wait_exit() == 0, "exit code", t)
    finally:
        t.close()
    # The same through a script.
    try:
        code, out, err = env.run([], stdin=b"x" * 100000 + b"\n", check=False)
        check(code == 2 and b"unknown command" in err, "long line in a script: %d %r"
              % (code, err[:200]))
        code, out, err = env.run([], stdin=b"\xff\xfe\x01\x1b[31m\n", check=False)
        check(code == 2, "garbage in a script: exit %d %r" % (code, err[:200]))
        check(b"\x1b[31m" not in err, "an escape sequence reached the terminal: %r" % err)
    finally:
        env.close()


def test_script_stdin():
    """With stdin not a terminal: no prompts or colour, menus work, and the
    first failure stops the script with its exit code."""
    env = Env()
    try:
        script = b"clients\nlist\nback\ncontracts list --unpaid\nevents\nshow 1\n"
        code, out, err = env.run([], stdin=script, check=False)
        check(code == 0, "good script: exit %d: %r" % (code, err))
        check(b"Kevin Casey" in out and b"5000.00" in out and b"Lou Bouzin" in out,
              "script output: %r" % out)
        check(b"> " not in out and b"\x1b[" not in out, "prompt or colour in a script")
        script = b"clients list\nclients show 99\nwhoami\n"
        code, out, err = env.run([], stdin=script, check=False)
        check(code == 5, "not found stops with 5, got %d" % code)
        check(b"department:" not in out, "the script went on after a failure")
        code, out, err = env.run([], stdin=b"users list\nwhoami\n", check=False)
        check(code == 4, "permission denied stops with 4, got %d" % code)
        code, out, err = env.run([], stdin=b"clients create\n", check=False)
        check(code == 2 and b"--full-name" in err, "create without a terminal: %d %r"
              % (code, err))
        env.run(["logout"])
        code, out, err = env.run([], stdin=b"clients list\n", check=False)
        check(code == 3, "no session stops with 3, got %d" % code)
        code, out, err = env.run([], stdin=b"", check=False)
        check(code == 0 and out == b"", "empty script: %d %r" % (code, out))
    finally:
        env.close()


TESTS = [
    test_login_hidden_password,
    test_menus_and_verbs,
    test_manager_pick_lists,
    test_deactivated_not_offered,
    test_create_bad_then_good,
    test_other_roles,
    test_update_keeps_values,
    test_cancel_and_ctrl_c,
    test_ctrl_d,
    test_completion,
    test_history_file,
    test_pager,
    test_colour,
    test_session_expired_relogin,
    test_unknown_and_bad_ids,
    test_long_line_and_garbage,
    test_script_stdin,
]


def main():
    global BIN
    args = sys.argv[1:]
    BIN = args.pop(0) if args else os.environ.get("EPICEVENTS_BIN")
    global REMOTE
    if args and args[0] == "remote":
        REMOTE = True
        args.pop(0)
    if not BIN:
        print("usage: test_shell.py PATH/TO/epicevents [TEST ...]", file=sys.stderr)
        return 2
    BIN = os.path.abspath(BIN)
    if not os.access(BIN, os.X_OK):
        print("Bail out! no program at %s" % BIN)
        return 1
    # As in tests/e2e/lib.sh: a wrapper (valgrind) that runs EPICEVENTS_REAL_BIN.
    if os.environ.get("EPICEVENTS_WRAPPER"):
        os.environ["EPICEVENTS_REAL_BIN"] = BIN
        BIN = os.environ["EPICEVENTS_WRAPPER"]
    tests = [t for t in TESTS if not args or t.__name__ in args or
             t.__name__[len("test_"):] in args]
    print("1..%d" % len(tests))
    failed = 0
    for i, test in enumerate(tests, 1):
        started = time.time()
        try:
            test()
            print("ok %d - %s%s (%.1fs)" % (i, test.__name__, " [remote]" if REMOTE else "",
                                            time.time() - started))
        except Exception as e:  # noqa: BLE001 - report every failure as TAP
            failed += 1
            print("not ok %d - %s" % (i, test.__name__))
            detail = str(e) if isinstance(e, Failure) else traceback.format_exc()
            for line in detail.splitlines():
                print("# " + line)
        sys.stdout.flush()
    print("# %d passed, %d failed" % (len(tests) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
