#!/usr/bin/python3
"""End-to-end tests of report/ (the Sentry client) against receiver.py.

usage: test_sentry.py TEST SENTRY_TOOL RECEIVER_PY

Each TEST runs in its own temporary directory (XDG_STATE_HOME, so its own
outbox) and talks to its own receiver on an ephemeral 127.0.0.1 port.
Exit 0 = pass, 1 = fail, 77 = skipped (meson's convention).
"""
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

KEY = "public0123456789"
BUDGET_S = 2.0
# Start-up and teardown of the tool on top of its 2 s budget; sanitizer
# builds are slower to start, hence the wider margin there (set in main).
MARGIN_S = 0.5

EVENT_KEYS = {"event_id", "timestamp", "platform", "level", "logger",
              "release", "environment", "user", "tags"}
HEX32 = re.compile(r"[0-9a-f]{32}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


class Case:
    """One test's world: temp dir, outbox, receiver, tool runs."""

    def __init__(self, tool, receiver):
        self.tool = tool
        self.receiver_py = receiver
        self.tmp = tempfile.mkdtemp(prefix="sentry-test-")
        self.state = os.path.join(self.tmp, "state")
        self.outbox = os.path.join(self.state, "epicevents", "outbox")
        self.events_file = os.path.join(self.tmp, "events.jsonl")
        self.receiver = None
        self.port = None
        with open(tool, "rb") as f:
            self.asan = b"__asan_init" in f.read()

    def close(self):
        self.stop_receiver()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- the receiver ---------------------------------------------------
    def start_receiver(self, *args, port=None):
        port_file = os.path.join(self.tmp, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        cmd = ["/usr/bin/python3", self.receiver_py, "--events",
               self.events_file, "--port-file", port_file, "--key", KEY,
               "--port", str(port if port is not None else 0)] + list(args)
        self.receiver = subprocess.Popen(cmd)
        deadline = time.time() + 10
        while not os.path.exists(port_file):
            check(self.receiver.poll() is None, "receiver died at start")
            check(time.time() < deadline, "receiver did not start")
            time.sleep(0.02)
        with open(port_file) as f:
            self.port = int(f.read())
        return self.port

    def stop_receiver(self):
        if self.receiver:
            self.receiver.terminate()
            self.receiver.wait(timeout=10)
            self.receiver = None

    def restart_receiver(self, *args):
        """Same port, new behaviour (the DSN stays valid)."""
        port = self.port
        self.stop_receiver()
        self.start_receiver(*args, port=port)

    def use_closed_port(self):
        """A port nobody listens on: bound, noted, released."""
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        return self.port

    def events(self):
        if not os.path.exists(self.events_file):
            return []
        with open(self.events_file) as f:
            return [json.loads(line) for line in f if line.strip()]

    # --- the tool ---------------------------------------------------------
    def dsn(self, prefix=""):
        return "http://%s@127.0.0.1:%d%s/42" % (KEY, self.port, prefix)

    def run(self, *args, dsn=None, env_extra=None, crash=False):
        env = {k: v for k, v in os.environ.items()
               if "proxy" not in k.lower()}
        env.update({"XDG_STATE_HOME": self.state,
                    "SENTRY_DSN": self.dsn() if dsn is None else dsn,
                    "ENVIRONMENT": "test",
                    "APP_VERSION": "epicevents@9.9.9-test"})
        if crash and self.asan:
            # ASan has handlers of its own for these signals: let ours see
            # them, as in a release build. (A crash leaks by nature.)
            env["ASAN_OPTIONS"] = ":".join(filter(None, [
                env.get("ASAN_OPTIONS"), "handle_segv=0", "handle_sigbus=0",
                "handle_sigfpe=0", "handle_sigill=0", "handle_abort=0",
                "detect_leaks=0"]))
        env.update(env_extra or {})
        start = time.monotonic()
        p = subprocess.run([self.tool] + list(args), env=env,
                           capture_output=True, text=True, timeout=60)
        elapsed = time.monotonic() - start
        if p.stderr:
            sys.stderr.write(p.stderr)
        return p.returncode, elapsed, p.stdout, p.stderr

    def outbox_files(self):
        if not os.path.isdir(self.outbox):
            return []
        return sorted(f for f in os.listdir(self.outbox)
                      if f.endswith(".envelope"))


def single_event(case, count=1):
    evs = case.events()
    check(len(evs) == count, "expected %d request(s), got %d" %
          (count, len(evs)))
    for r in evs:
        check(not r["problems"], "receiver problems: %s" % r["problems"])
    return evs[-1], evs[-1]["items"][0]["event"]


def check_common(record, ev, level):
    check(set(ev) - {"message", "exception", "user"} ==
          EVENT_KEYS - {"user"}, "unexpected event keys: %s" % sorted(ev))
    check(set(ev) - {"message", "exception"} <= EVENT_KEYS,
          "unexpected event keys: %s" % sorted(ev))
    check(("message" in ev) != ("exception" in ev),
          "exactly one of message / exception")
    check(HEX32.fullmatch(ev["event_id"]), "event_id %r" % ev["event_id"])
    check(record["headers"]["event_id"] == ev["event_id"],
          "envelope and event ids differ")
    check(set(record["headers"]) == {"event_id", "dsn", "sent_at"},
          "envelope header keys %s" % sorted(record["headers"]))
    check(KEY in record["headers"]["dsn"], "dsn in envelope header")
    check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z",
                       ev["timestamp"]), "timestamp %r" % ev["timestamp"])
    check(ev["platform"] == "c", "platform")
    check(ev["logger"] == "epicevents", "logger")
    check(ev["level"] == level, "level %r, expected %r" % (ev["level"], level))
    check(ev["release"] == "epicevents@9.9.9-test", "release")
    check(ev["environment"] == "test", "environment")
    check(record["items"][0]["headers"]["type"] == "event", "item type")


# --- the tests --------------------------------------------------------------

def test_message(case):
    case.start_receiver()
    rc, elapsed, out, _ = case.run("message", "contract_signed", "42")
    check(rc == 0, "exit %d" % rc)
    check(out == "", "nothing on stdout")
    record, ev = single_event(case)
    check_common(record, ev, "info")
    check(ev["message"] == {"formatted": "user changed"}, "message")
    check(ev["user"] == {"id": "42"}, "user %r" % ev["user"])
    check(ev["tags"] == {"action_type": "contract_signed",
                         "department": "management"}, "tags %r" % ev["tags"])
    check(case.outbox_files() == [], "outbox should be empty")

    # A DSN with a path prefix, as behind a reverse proxy.
    case.restart_receiver("--prefix", "/sentry/relay")
    rc, *_ = case.run("message", "user_created", "3",
                      dsn=case.dsn("/sentry/relay"))
    check(rc == 0, "exit %d" % rc)
    single_event(case, 2)


def test_error(case):
    case.start_receiver()
    rc, *_ = case.run("error", "contracts sign", "1", "database unreachable")
    check(rc == 0, "exit %d" % rc)
    record, ev = single_event(case)
    check_common(record, ev, "error")
    check(ev["exception"] == {"values": [{"type": "CRM_EINTERNAL",
                                          "value": "database unreachable"}]},
          "exception %r" % ev["exception"])
    check(ev["tags"] == {"command": "contracts sign", "exit_code": "1"},
          "tags %r" % ev["tags"])
    check("user" not in ev or ev["user"] is None, "no user was set")


def test_down(case):
    case.use_closed_port()
    rc, elapsed, *_ = case.run("message", "user_deleted", "5")
    check(rc == 0, "exit %d" % rc)
    check(elapsed < 2.5, "took %.2f s with the receiver down" % elapsed)
    files = case.outbox_files()
    check(len(files) == 1, "outbox %r" % files)
    check(stat.S_IMODE(os.stat(case.outbox).st_mode) == 0o700, "outbox mode")
    check(stat.S_IMODE(os.stat(os.path.join(case.outbox, files[0])).st_mode)
          == 0o600, "envelope mode")
    stored_id = files[0].split("-")[1].split(".")[0]

    case.start_receiver(port=case.port)
    rc, *_ = case.run("flush")
    check(rc == 0, "exit %d" % rc)
    record, ev = single_event(case)
    check_common(record, ev, "info")
    check(ev["event_id"] == stored_id, "the stored event was sent")
    check(ev["tags"]["action_type"] == "user_deleted", "tags")
    check(case.outbox_files() == [], "outbox emptied after delivery")


def test_hang(case):
    case.start_receiver("--mode", "hang", "--hang", "20")
    rc, elapsed, *_ = case.run("message", "user_modified", "5")
    check(rc == 0, "exit %d" % rc)
    check(elapsed < BUDGET_S + MARGIN_S,
          "took %.2f s with a hanging receiver" % elapsed)
    check(elapsed > BUDGET_S - 0.3, "gave up early (%.2f s)" % elapsed)
    check(len(case.events()) == 1, "the request reached the receiver")
    check(len(case.outbox_files()) == 1, "kept in the outbox")


def paused_until(case):
    path = os.path.join(case.outbox, "rate-limit")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return int(f.read())


def test_ratelimit(case):
    case.start_receiver("--mode", "429", "--retry-after", "60")
    rc, *_ = case.run("message", "user_created", "5")
    check(rc == 0, "exit %d" % rc)
    check(len(case.events()) == 1, "first run tried")
    check(len(case.outbox_files()) == 1, "429: kept")
    until = paused_until(case)
    check(until is not None and abs(until - (time.time() + 60)) < 5,
          "rate-limit file %r" % until)

    rc, elapsed, *_ = case.run("message", "user_created", "6")
    check(rc == 0, "exit %d" % rc)
    check(len(case.events()) == 1, "paused: the second run did not try")
    check(len(case.outbox_files()) == 2, "paused: both events kept")
    check(elapsed < 1.0, "paused run took %.2f s" % elapsed)

    # X-Sentry-Rate-Limits wins over Retry-After, categories considered.
    os.unlink(os.path.join(case.outbox, "rate-limit"))
    case.restart_receiver("--mode", "429", "--retry-after", "5",
                          "--rate-limits",
                          "30:transaction:key, 300:default;error:organization")
    rc, *_ = case.run("flush")
    until = paused_until(case)
    check(until is not None and abs(until - (time.time() + 300)) < 5,
          "rate-limit header: until %r" % until)
    check(len(case.events()) == 2, "one request before pausing")
    check(len(case.outbox_files()) == 2, "nothing lost")

    # Once the pause is over, everything goes.
    os.unlink(os.path.join(case.outbox, "rate-limit"))
    case.restart_receiver()
    rc, *_ = case.run("flush")
    check(len(case.events()) == 4, "both delivered after the pause")
    check(case.outbox_files() == [], "outbox empty")


def test_status(case):
    case.start_receiver("--mode", "500")
    rc, *_ = case.run("message", "user_created", "5")
    check(rc == 0, "exit %d" % rc)
    check(len(case.events()) == 1, "tried")
    check(len(case.outbox_files()) == 1, "500: kept")
    check(paused_until(case) is None, "500 is not a rate limit")

    case.restart_receiver()
    rc, *_ = case.run("flush")
    check(len(case.events()) == 2 and case.events()[1]["answer"] == 200,
          "delivered later")
    check(case.outbox_files() == [], "outbox empty after delivery")

    # 400 (Sentry refuses the bytes): dropped, the next one still goes.
    case.restart_receiver("--mode", "400")
    rc, *_ = case.run("message", "user_created", "5", "2")
    check(rc == 0, "exit %d" % rc)
    check(len(case.events()) == 4, "both tried")
    check(case.outbox_files() == [], "400: dropped")

    # 403/404 (wrong DSN, intercepting proxy): kept, and one request per
    # run is all it costs, however full the outbox.
    case.restart_receiver("--mode", "403")
    rc, *_ = case.run("message", "user_created", "5", "3")
    check(rc == 0, "exit %d" % rc)
    check(len(case.events()) == 5, "one request, then stop")
    check(len(case.outbox_files()) == 3, "403: kept")
    case.restart_receiver()
    rc, *_ = case.run("flush")
    check(len(case.events()) == 8, "delivered once the DSN works")
    check(case.outbox_files() == [], "outbox empty")


def test_crash(case, kinds=("segv", "abort", "stack")):
    case.use_closed_port()
    expected = {"segv": "SIGSEGV", "abort": "SIGABRT", "stack": "SIGSEGV"}
    for kind in kinds:
        rc, _, _, err = case.run("crash", kind, crash=True)
        if "without test hooks" in err:
            raise SystemExit(77)
        check(rc == -getattr(signal, expected[kind]),
              "%s: exit status %d, expected death by %s" %
              (kind, rc, expected[kind]))
        files = case.outbox_files()
        check(len(files) == 1, "%s: crash envelope in outbox: %r" %
              (kind, os.listdir(case.outbox)))
        check(not [f for f in os.listdir(case.outbox) if f.endswith(".tmp")],
              "no temporary file left")

        if case.receiver is None:
            case.start_receiver(port=case.port)
        before = len(case.events())
        rc, *_ = case.run("flush")
        check(rc == 0, "exit %d" % rc)
        record, ev = single_event(case, before + 1)
        check_common(record, ev, "fatal")
        check(ev["exception"]["values"][0]["type"] == expected[kind],
              "%s: exception %r" % (kind, ev["exception"]))
        check(ev["user"] == {"id": "7"}, "the user set before the crash")
        check(ev["tags"] == {"department": "support"}, "tags %r" % ev["tags"])
        check(case.outbox_files() == [], "outbox empty after delivery")


def test_bound(case):
    case.use_closed_port()
    rc, *_ = case.run("message", "user_created", "1", "75")
    check(rc == 0, "exit %d" % rc)
    first = case.outbox_files()
    check(len(first) == 75, "75 stored, got %d" % len(first))
    rc, elapsed, *_ = case.run("message", "user_created", "1", "75")
    check(rc == 0, "exit %d" % rc)
    files = case.outbox_files()
    check(len(files) == 100, "bounded at 100, got %d" % len(files))
    check(set(first[:50]).isdisjoint(files), "the oldest were dropped")
    check(set(first[50:]) <= set(files), "the newer ones were kept")
    check(elapsed < 2.5, "took %.2f s" % elapsed)

    rc, *_ = case.run("message", "user_created", "1", "150")
    check(len(case.outbox_files()) == 100, "one run of 150: bounded")


def test_privacy(case):
    case.start_receiver()
    leaky_env = {"DB_PASSWORD": "hunter2-password", "USER_EMAIL":
                 "alice@example.com", "JWT_SECRET_KEY": "jwt-secret-xyz",
                 "EPICEVENTS_TOKEN_FILE": "/tmp/token-file-xyz"}
    rc, *_ = case.run("message", "user_created", "42", "--", "--email",
                      "alice@example.com", "--password", "hunter2-password",
                      env_extra=leaky_env)
    check(rc == 0, "exit %d" % rc)
    rc, *_ = case.run("error", "users create", "1",
                      "insert failed for bob@example.com via "
                      "postgresql://crm:s3cret@db.example/crm",
                      env_extra=leaky_env)
    check(rc == 0, "exit %d" % rc)
    evs = case.events()
    check(len(evs) == 2, "two events")
    host = socket.gethostname()
    for r in evs:
        raw = r["raw"]
        for secret in ("alice@example.com", "bob@example.com", "hunter2",
                       "s3cret", "jwt-secret", "token-file", "crm:"):
            check(secret not in raw, "%r leaked: %s" % (secret, raw))
        check("password" not in raw.lower(), "'password' in %s" % raw)
        ev = r["items"][0]["event"]
        payload = json.dumps(ev)
        check(not EMAIL.search(payload), "e-mail-like text in %s" % payload)
        check("@" not in json.dumps({k: v for k, v in ev.items()
                                     if k != "release"}),
              "'@' outside the release: %s" % payload)
        check(host not in payload, "host name in the event")
        check("server_name" not in ev and "contexts" not in ev
              and "extra" not in ev, "no host or environment data")
    check(evs[0]["items"][0]["event"]["user"] == {"id": "42"}, "id only")
    value = evs[1]["items"][0]["event"]["exception"]["values"][0]["value"]
    check(value == "insert failed for [redacted] via postgresql://"
          "[redacted]/crm", "scrubbed message %r" % value)


def test_off(case):
    case.use_closed_port()
    rc, elapsed, out, err = case.run("message", "user_created", "1", dsn="")
    check(rc == 0 and out == "" and err == "", "off: silent success")
    check(not os.path.exists(case.state), "off: nothing written to disk")

    rc, _, _, err = case.run(
        "message", "user_created", "1",
        dsn="ftp://secretkey0123456789@127.0.0.1/42")
    check(rc == 0, "malformed DSN: still exit 0")
    check("SENTRY_DSN is malformed" in err, "malformed DSN: warned")
    check("secretkey0123456789" not in err, "the key is not repeated")
    check(not os.path.exists(case.state), "malformed: nothing written")

    # EPICEVENTS_DEBUG: one line, on stderr, saying what happened.
    rc, _, out, err = case.run("message", "user_created", "1",
                               env_extra={"EPICEVENTS_DEBUG": "1"})
    check(rc == 0 and out == "", "debug: stdout untouched")
    check(len(err.splitlines()) == 1 and "sentry" in err,
          "debug: one line, got %r" % err)


def test_remote(case):
    """The real program in remote mode (--server): an unexpected failure
    (exit 1: the server unreachable, an answer that is not the API's JSON)
    is reported like a database's, as its class: no token, no server
    address in the event; refusals (2, 3) are not reported."""
    import http.server
    import threading

    binary = os.environ.get("EPICEVENTS_BIN")
    if not binary:
        raise Skip("EPICEVENTS_BIN is not set")
    binary = os.path.abspath(binary)
    token = "eyJhbGciOiJIUzI1NiJ9.SeCrEtToKeN0123456789.c2lnbmF0dXJl"
    case.start_receiver()

    class Html(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html><body>Bad gateway</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass
    html = http.server.HTTPServer(("127.0.0.1", 0), Html)
    threading.Thread(target=html.serve_forever, daemon=True).start()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    down_url = "http://127.0.0.1:%d" % closed
    html_url = "http://127.0.0.1:%d" % html.server_address[1]

    def ee(url, *args):
        tok = os.path.join(case.tmp, "token")
        with open(os.open(tok, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            f.write("%s\n%s\n" % (token, url))
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        for k in ("DATABASE_URL", "EPICEVENTS_SERVER", "EPICEVENTS_CA_FILE", "JWT_SECRET_KEY"):
            env.pop(k, None)
        env.update({"XDG_STATE_HOME": case.state, "HOME": case.tmp,
                    "EPICEVENTS_TOKEN_FILE": tok, "SENTRY_DSN": case.dsn(),
                    "ENVIRONMENT": "test", "APP_VERSION": "epicevents@9.9.9-test"})
        p = subprocess.run([binary, "--server", url] + list(args), env=env, cwd=case.tmp,
                           capture_output=True, text=True, timeout=60)
        return p.returncode, p.stderr

    try:
        rc, err = ee(down_url, "clients", "list")
        check(rc == 1 and down_url in err, "unreachable server: exit 1 naming it (%d %r)"
              % (rc, err))
        rc, err = ee(html_url, "events", "show", "1")
        check(rc == 1 and "text/html" in err, "an HTML answer: exit 1 (%d %r)" % (rc, err))
        rc, err = ee(down_url, "clients", "list", "--bogus")
        check(rc == 2, "a usage error: exit 2 (%d %r)" % (rc, err))
        rc, err = ee("http://192.0.2.1", "whoami")
        check(rc == 2, "http:// to another machine: exit 2 (%d %r)" % (rc, err))
    finally:
        html.shutdown()
        html.server_close()
    time.sleep(0.3)
    evs = case.events()
    check(len(evs) == 2, "two events (the exit-1 failures only), got %d" % len(evs))
    got = {}
    for r in evs:
        check(not r["problems"], "receiver problems: %s" % r["problems"])
        ev = r["items"][0]["event"]
        check_common(r, ev, "error")
        ex = ev["exception"]["values"][0]
        check(ex["type"] == "CRM_EINTERNAL", "type %r" % ex["type"])
        got[ev["tags"]["command"]] = ex["value"]
        check(ev["tags"].get("exit_code") == "1", "tags %r" % ev["tags"])
        raw = r["raw"]
        for secret in (token, "SeCrEtToKeN", "Bearer", "127.0.0.1:%d" % closed,
                       "127.0.0.1:%d" % html.server_address[1], case.tmp):
            check(secret not in raw, "%r leaked: %s" % (secret, raw))
    check(got.get("clients list") == "cannot reach the server at '\u2026'",
          "the unreachable server's class: %r" % got)
    check((got.get("events show") or "").startswith("the server at '\u2026' answered with"),
          "the HTML answer's class: %r" % got)
    check(case.outbox_files() == [], "outbox should be empty")


TESTS = {name[5:]: fn for name, fn in globals().items()
         if name.startswith("test_")}


def main(argv):
    if len(argv) != 4 or argv[1] not in TESTS:
        sys.stderr.write("usage: %s {%s} SENTRY_TOOL RECEIVER_PY\n"
                         % (argv[0], "|".join(TESTS)))
        return 2
    case = Case(os.path.abspath(argv[2]), os.path.abspath(argv[3]))
    if case.asan:
        global MARGIN_S
        MARGIN_S = 1.0
    try:
        TESTS[argv[1]](case)
    except Failure as e:
        print("FAIL %s: %s" % (argv[1], e))
        return 1
    except Skip as e:
        print("SKIP %s: %s" % (argv[1], e))
        return 77
    finally:
        case.close()
    print("ok %s" % argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
