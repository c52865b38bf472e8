#!/usr/bin/python3
"""A stand-in for Sentry's ingestion endpoint, for the report/ tests.

Listens on 127.0.0.1 and, for each POST, parses the body with Debian's
sentry_sdk (sentry_sdk.envelope.Envelope.deserialize), checks the path, the
X-Sentry-Auth header and the content type, and appends one JSON line per
request to --events:

  {"path", "problems": [...], "answer": status, "raw": body,
   "headers": envelope header, "items": [{"headers", "event"}]}

"problems" is empty for a well-formed request. Requests are recorded even
when the answer is an error or never comes (--mode hang), so a test can tell
"was not tried" from "was refused".

Modes: ok (200), 500, 503, 400, 403, 429 (with --retry-after and/or
--rate-limits headers) and hang (sleep --hang seconds, then 200).
Run with /usr/bin/python3, which sees Debian's python3-sentry-sdk.
"""
import argparse
import http.server
import json
import os
import re
import sys
import threading
import time

from sentry_sdk.envelope import Envelope


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="0: any free port")
    p.add_argument("--port-file", help="write the port here once listening")
    p.add_argument("--events", required=True, help="JSON lines, appended")
    p.add_argument("--mode", default="ok",
                   choices=["ok", "500", "503", "400", "403", "429", "hang"])
    p.add_argument("--retry-after", help="Retry-After value to send")
    p.add_argument("--rate-limits", help="X-Sentry-Rate-Limits value to send")
    p.add_argument("--hang", type=float, default=30.0,
                   help="seconds to sleep in hang mode")
    p.add_argument("--key", default="public0123456789", help="expected key")
    p.add_argument("--project", default="42", help="expected project id")
    p.add_argument("--prefix", default="", help="expected path prefix")
    return p.parse_args(argv)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Status line, headers and body go out as separate writes; with Nagle
    # on, keep-alive requests would wait 40 ms for delayed ACKs.
    disable_nagle_algorithm = True
    lock = threading.Lock()

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    def check(self, body):
        opts = self.server.opts
        problems = []
        record = {"path": self.path, "problems": problems,
                  "raw": body.decode("utf-8", "replace")}
        want = "%s/api/%s/envelope/" % (opts.prefix, opts.project)
        if self.path != want:
            problems.append("path %r, expected %r" % (self.path, want))
        auth = self.headers.get("X-Sentry-Auth", "")
        m = re.fullmatch(r"Sentry (.*)", auth)
        fields = {}
        if m:
            for part in m.group(1).split(","):
                k, _, v = part.strip().partition("=")
                fields[k] = v
        if fields.get("sentry_version") != "7":
            problems.append("auth: sentry_version is not 7: %r" % auth)
        if fields.get("sentry_key") != opts.key:
            problems.append("auth: wrong sentry_key: %r" % auth)
        if not fields.get("sentry_client", "").startswith("epicevents/"):
            problems.append("auth: sentry_client: %r" % auth)
        ctype = self.headers.get("Content-Type")
        if ctype != "application/x-sentry-envelope":
            problems.append("content type %r" % ctype)
        try:
            env = Envelope.deserialize(body)
            record["headers"] = env.headers
            record["items"] = [{"headers": it.headers,
                                "event": it.get_event()} for it in env.items]
            if len(env.items) != 1 or env.get_event() is None:
                problems.append("expected exactly one event item")
        except Exception as e:  # any parse failure is the finding
            problems.append("envelope does not parse: %r" % e)
        return record

    def do_POST(self):
        opts = self.server.opts
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        record = self.check(body)
        status = {"ok": 200, "hang": 200}.get(opts.mode) or int(opts.mode)
        record["answer"] = status
        record["time"] = time.time()
        with self.lock:
            with open(opts.events, "a") as f:
                f.write(json.dumps(record) + "\n")
        if opts.mode == "hang":
            time.sleep(opts.hang)
        reply = json.dumps({"id": (record.get("headers") or {}).get(
            "event_id")}).encode()
        try:
            self.send_response(status)
            if opts.retry_after is not None:
                self.send_header("Retry-After", opts.retry_after)
            if opts.rate_limits is not None:
                self.send_header("X-Sentry-Rate-Limits", opts.rate_limits)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except OSError:
            pass  # the client gave up (hang mode): expected


def main(argv):
    opts = parse_args(argv)
    http.server.ThreadingHTTPServer.daemon_threads = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", opts.port), Handler)
    server.opts = opts
    if opts.port_file:
        tmp = opts.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(tmp, opts.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
