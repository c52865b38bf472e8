"""The server's benchmarks (SERVER.md, "Performance"), run by bench/bench.py
for each backend and size (>= MIN_SIZE) next to the program's own rows.

One `epicevents serve` per database (default --threads, the pool it sizes
itself), loopback, access log to build-bench/api-serve-BACKEND-SIZE.log; the
same user as the CLI rows (bill, Commercial) logs in with POST
/api/v1/session. Then, each against its floor:

- `GET /api/v1/clients?limit=50`, `wrk -t2 -c16 -d10s --latency` with the
  Bearer header, against `pgbench -M prepared -c16 -j2 -T10` running the
  SELECT the server runs for that page (bench/queries.py, LIMIT 50), the two
  alternating run by run (PostgreSQL; on SQLite wrk alone, no floor):
  throughput >= 0.5x the floor's, p99 <= 20 ms. With them, when Debian's
  nginx is installed, a ceiling: nginx serving the page's very bytes as a
  static file (wrk alike) and /api/v1/me (the server's fixed cost per
  request); 1/(1/nginx + 1/pgbench) is what a server that did nothing but
  move the bytes and run the SELECT could reach on these cores.
- `GET /api/v1/events?limit=all` read by curl, against `epicevents --json
  events list` (same user, same database; the two outputs are compared byte
  for byte), alternating: <= 1.5x.
- the server's memory (/proc/PID/status): idle, sampled while 16 whole lists
  stream at once, VmHWM (the peak of the process's life, so the wrk phase's
  16 connections too) <= 64 MiB, and after each of 10 more whole lists one
  after the other (flat, back near idle).
- SIGTERM at the end: exit 0, and how long the stop took.

`epicevents --server ... whoami` against curl /api/v1/me, and the CLI's
whole list through the server: bench/remote.py.
"""

import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

MIN_SIZE = 100000
WRK = ["-t2", "-c16", "-d10s", "--latency"]
PGBENCH = ["-n", "-M", "prepared", "-c16", "-j2", "-T10"]
PAGE = "/api/v1/clients?limit=50"
FULL = "/api/v1/events?limit=all"
CONCURRENT = 16
REPEATS = 10
RSS_LIMIT_KIB = 64 * 1024
USER = "bill"  # as the CLI's rows (bench.py USERS)
NGINX = "/usr/sbin/nginx"  # the ceiling row's static server (Debian's nginx-light)


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def _which(name):
    for d in os.environ.get("PATH", "/usr/bin:/bin").split(":"):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return None


def missing_tools(pg):
    need = ["curl", "wrk"] + (["pgbench"] if pg else [])
    return [t for t in need if not _which(t)]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status(pid):
    """VmRSS and VmHWM of pid in KiB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":", 1)
                out[k] = int(v.split()[0])
    return out


def cpu_s(pid):
    """user+sys seconds of pid so far."""
    with open(f"/proc/{pid}/stat") as f:
        w = f.read().rsplit(")", 1)[1].split()
    return (int(w[11]) + int(w[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, binary, env, logpath):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.logpath = logpath
        self.argv = [binary, "serve", "--listen", f"127.0.0.1:{self.port}"]
        self.logf = open(logpath, "wb")
        self.p = subprocess.Popen(self.argv, env=env, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=self.logf)
        deadline = time.monotonic() + 30
        while True:
            if self.p.poll() is not None:
                raise RuntimeError(f"serve exited {self.p.returncode}: see {logpath}")
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.p.kill()
                raise RuntimeError(f"serve not ready after 30 s: see {logpath}")
            time.sleep(0.05)

    def cpu(self):
        return cpu_s(self.p.pid)

    def rss(self):
        return proc_status(self.p.pid)

    def login(self, email, password):
        body = json.dumps({"email": email, "password": password}).encode()
        req = urllib.request.Request(self.base + "/api/v1/session", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)["token"]

    def stop(self):
        """SIGTERM; returns (exit code, seconds to exit)."""
        t0 = time.monotonic()
        self.p.send_signal(signal.SIGTERM)
        try:
            code = self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()
            code = f"killed (no exit {time.monotonic() - t0:.0f} s after SIGTERM)"
            self.p.wait()
        self.logf.close()
        return code, time.monotonic() - t0


# ---------------------------------------------------------------- wrk, pgbench

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    for u in ("us", "ms", "s", "m"):
        if text.endswith(u):
            return float(text[:-len(u)]) * _UNITS[u]
    return float(text)


def run_wrk(url, token):
    out = subprocess.run(["wrk"] + WRK + ["-H", f"Authorization: Bearer {token}", url],
                         capture_output=True, text=True, check=True).stdout
    res = {"rps": None, "p50_ms": None, "p99_ms": None, "non2xx": 0, "errors": 0,
           "requests": None}
    for line in out.splitlines():
        w = line.split()
        if line.startswith("Requests/sec:"):
            res["rps"] = float(w[1])
        elif len(w) == 2 and w[0] == "50%":
            res["p50_ms"] = _ms(w[1])
        elif len(w) == 2 and w[0] == "99%":
            res["p99_ms"] = _ms(w[1])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            res["non2xx"] = int(w[-1])
        elif line.strip().startswith("Socket errors:"):
            res["errors"] = sum(int(x.strip(",")) for x in w[3::2])
        elif "requests in" in line:
            res["requests"] = int(w[0])
    if res["rps"] is None or res["p99_ms"] is None:
        raise RuntimeError("cannot read wrk's output:\n" + out)
    return res


def run_pgbench(conninfo, script):
    p = subprocess.run(["pgbench"] + PGBENCH + ["-f", script, conninfo],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"pgbench exit {p.returncode}: {p.stderr.strip()}")
    res = {"tps": None, "lat_ms": None, "failed": 0}
    for line in p.stdout.splitlines():
        w = line.split()
        if line.startswith("tps ="):
            res["tps"] = float(w[2])
        elif line.startswith("latency average ="):
            res["lat_ms"] = float(w[3])
        elif line.startswith("number of failed transactions:"):
            res["failed"] = int(w[4])
    if res["tps"] is None:
        raise RuntimeError("cannot read pgbench's output:\n" + p.stdout)
    return res


class StaticServer:
    """nginx serving one file: the cost of HTTP and of moving the page's
    bytes on these cores, without the database or any formatting (the
    ceiling row). None of it when nginx is not installed."""

    def __init__(self, body):
        self.dir = tempfile.mkdtemp(prefix="epicevents-bench-nginx.")
        os.chmod(self.dir, 0o755)  # nginx's workers drop root
        with open(os.path.join(self.dir, "page.json"), "wb") as f:
            f.write(body)
        os.chmod(os.path.join(self.dir, "page.json"), 0o644)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/page.json"
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off; worker_processes 2; pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off;
  server {{ listen 127.0.0.1:{self.port}; root {self.dir};
    location / {{ default_type application/json; add_header Cache-Control no-store; }} }} }}
""")
        self.p = subprocess.Popen([NGINX, "-c", conf, "-p", self.dir], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.read() == body:
                        break
            except OSError:
                pass
            if self.p.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"nginx did not serve {self.url}: see {self.dir}/error.log")
            time.sleep(0.05)

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            self.p.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ---------------------------------------------------------------- phases

def page_throughput(server, token, be, size, sql, runs, work, rss_samples):
    """wrk against pgbench, alternating. Returns rows for the table."""
    url = server.base + PAGE
    floor_script = None
    if be.name == "pg":
        floor_script = os.path.join(work, f"pgbench-clients-limit50-{size}.sql")
        with open(floor_script, "w") as f:
            f.write(sql + ";\n")
    # one warm-up each (the server's statement cache, the database's buffers)
    subprocess.run(["wrk", "-t2", "-c16", "-d2s", "-H", f"Authorization: Bearer {token}", url],
                   capture_output=True, check=True)
    if floor_script:
        subprocess.run(["pgbench"] + PGBENCH[:-1] + ["-T2", "-f", floor_script, be.url(size)],
                       capture_output=True, check=True)
    static = None
    if floor_script and os.access(NGINX, os.X_OK):
        req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req, timeout=30) as r:
            static = StaticServer(r.read())
    wrks, pgbs, statics, mes = [], [], [], []
    try:
        for i in range(runs):
            sampler = Sampler(server)
            c0 = server.cpu()
            wrks.append(run_wrk(url, token))
            wrks[-1]["server_cpu_us_per_req"] = ((server.cpu() - c0) * 1e6 /
                                                 wrks[-1]["requests"]
                                                 if wrks[-1]["requests"] else None)
            rss_samples.append(sampler.stop())
            if floor_script:
                pgbs.append(run_pgbench(be.url(size), floor_script))
            if static:
                statics.append(run_wrk(static.url, token))
                mes.append(run_wrk(server.base + "/api/v1/me", token))
            log(f"  api {PAGE} run {i + 1}/{runs}: {wrks[-1]['rps']:.0f} req/s, p99 "
                f"{wrks[-1]['p99_ms']:.1f} ms" + (f"; pgbench {pgbs[-1]['tps']:.0f} tps"
                                                   if pgbs else "") +
                (f"; nginx static {statics[-1]['rps']:.0f} req/s; /me "
                 f"{mes[-1]['rps']:.0f} req/s" if statics else ""))
    finally:
        if static:
            static.stop()
    rps = [w["rps"] for w in wrks]
    p99 = [w["p99_ms"] for w in wrks]
    bad = sum(w["non2xx"] + w["errors"] for w in wrks)
    tps = [p["tps"] for p in pgbs]
    ratio = med(rps) / med(tps) if tps else None
    load = os.getloadavg()
    rows = [{
        "what": f"GET {PAGE}: req/s (wrk {' '.join(WRK[:3])})",
        "value": f"{med(rps):.0f} req/s ({min(rps):.0f}-{max(rps):.0f})",
        "floor": (f"{med(tps):.0f} tps ({min(tps):.0f}-{max(tps):.0f}) pgbench -M prepared "
                  "-c16 -j2" if tps else "- (no pgbench on SQLite)"),
        "ratio": ratio, "target": ">=0.5x" if tps else "",
        "verdict": ("ok" if ratio >= 0.5 else "MISS") if ratio is not None else "",
        "note": (f"{bad} non-2xx/socket errors! " if bad else "") +
                f"p50 {med([w['p50_ms'] for w in wrks]):.2f} ms; server cpu "
                f"{med([w['server_cpu_us_per_req'] for w in wrks]) or 0:.0f} us/request" +
                (f"; pgbench latency avg {med([p['lat_ms'] for p in pgbs]):.2f} ms" if pgbs
                 else "") + f"; load {load[0]:.1f}",
        "data": {"wrk": wrks, "pgbench": pgbs, "sql": sql, "loadavg": load},
    }, {
        "what": f"GET {PAGE}: p99 latency (wrk --latency)",
        "value": f"{med(p99):.1f} ms ({min(p99):.1f}-{max(p99):.1f})",
        "floor": "-", "ratio": None, "target": "<=20 ms" if tps else "",
        "verdict": ("ok" if med(p99) <= 20 else "MISS") if tps else "",
        "note": "", "data": {},
    }]
    if bad:
        rows[0]["verdict"] = "MISS(errors)"
    if statics:
        # Serving the bytes and running the SELECT share the same two cores:
        # a server that did nothing else would still pay both, one after the
        # other (pgbench's own client counted once too many: a slight
        # underestimate of the ceiling).
        s_rps = med([w["rps"] for w in statics])
        ceiling = 1 / (1 / s_rps + 1 / med(tps))
        rows.append({
            "what": "ceiling: the same bytes from nginx (static) + the page's SELECT",
            "value": f"{ceiling:.0f} req/s",
            "floor": f"nginx {s_rps:.0f} req/s; /api/v1/me {med([w['rps'] for w in mes]):.0f}",
            "ratio": ceiling / med(tps), "target": "", "verdict": "",
            "note": "1/(1/static + 1/pgbench): no session check, no formatting; "
                    "/me: the server's fixed cost (session check + one row)",
            "data": {"nginx": statics, "me": mes},
        })
    return rows


class Sampler:
    """VmRSS of the server every 20 ms until stop(); returns the peak KiB."""

    def __init__(self, server):
        self.server, self.peak, self.done = server, 0, threading.Event()
        self.t = threading.Thread(target=self.loop, daemon=True)
        self.t.start()

    def loop(self):
        while not self.done.is_set():
            try:
                self.peak = max(self.peak, self.server.rss()["VmRSS"])
            except (OSError, KeyError):
                return
            self.done.wait(0.02)

    def stop(self):
        self.done.set()
        self.t.join()
        return self.peak


def _digest_rows(path):
    h = hashlib.sha256()
    rows = 0
    with open(path, "rb") as f:
        for line in f:
            h.update(line)
            if line.startswith(b"  {"):
                rows += 1
    return h.hexdigest(), rows


def full_list(r, server, token, be, size, binary, runs, work):
    """curl of the whole list against the CLI's events list, alternating."""
    hdr = os.path.join(work, "tokens", f"api-header-{be.name}-{size}")
    with open(hdr, "w") as f:
        f.write(f"Authorization: Bearer {token}\n")
    os.chmod(hdr, 0o600)
    curl = [_which("curl"), "-sS", "--fail", "-H", "@" + hdr, server.base + FULL]
    cli = [binary, "--json", "events", "list"]
    outa, outc = os.path.join(work, "out-api.json"), os.path.join(work, "out-cli.json")
    c0 = server.cpu()
    res = r.measure([(curl, r.env(), None), (cli, be.prog_env(size, USER), None)],
                    warm_out=[outa, outc], rss=(), runs=runs)
    server_cpu_ms = (server.cpu() - c0) * 1000 / (runs + 1)  # the CLI's runs cost it nothing
    (ha, na), (hc, nc) = _digest_rows(outa), _digest_rows(outc)
    os.unlink(outa)
    os.unlink(outc)
    a, c = res
    ratio = a["median_ms"] / c["median_ms"]
    note = "same bytes as the CLI" if ha == hc else f"OUTPUT DIFFERS from the CLI's ({na} vs {nc} rows)"
    return [{
        "what": f"GET {FULL} (curl)",
        "value": f"{a['median_ms']:.0f} ms ({a['min_ms']:.0f}-{a['max_ms']:.0f})",
        "floor": f"{c['median_ms']:.0f} ms ({c['min_ms']:.0f}-{c['max_ms']:.0f}) epicevents "
                 "--json events list",
        "ratio": ratio, "target": "<=1.5x",
        "verdict": ("ok" if ratio <= 1.5 else "MISS") if ha == hc else "MISS(output)",
        "note": f"{na} rows, {note}; server cpu {server_cpu_ms:.0f} ms/list, curl cpu "
                f"{a['cpu_ms']:.0f} ms, CLI cpu {c['cpu_ms']:.0f} ms"
                f"; load {os.getloadavg()[0]:.1f}",
        "data": {"api": a, "cli": c, "rows": na, "server_cpu_ms": server_cpu_ms},
    }], (curl, cli)


def memory(server, curl, idle_start_kib, rss_wrk_kib):
    """16 whole lists at once (RSS sampled), then 10 one after the other."""
    def settle():
        time.sleep(0.3)
        return server.rss()["VmRSS"]

    idle = settle()
    cmd = curl[:-1] + ["-o", os.devnull, "-w", "%{http_code}", curl[-1]]
    sampler = Sampler(server)
    t0 = time.monotonic()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(CONCURRENT)]
    codes = []
    for p in procs:
        out, err = p.communicate()
        codes.append(out.strip() or f"curl exit {p.returncode}")
    wall16 = time.monotonic() - t0
    peak16 = sampler.stop()
    after16 = settle()
    after = []
    for _ in range(REPEATS):
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after.append(settle())
    hwm = server.rss()["VmHWM"]
    statuses = {c: codes.count(c) for c in sorted(set(codes))}
    ok16 = statuses.get("200", 0) == CONCURRENT
    mib = lambda k: f"{k / 1024:.1f}"  # noqa: E731
    growth = after[-1] - after[0]
    rows = [{
        "what": f"server RSS, {CONCURRENT} whole lists at once",
        "value": f"peak {mib(peak16)} MiB, VmHWM {mib(hwm)} MiB",
        "floor": f"idle {mib(idle_start_kib)} MiB at start, {mib(idle)} before",
        "ratio": None, "target": "<=64 MiB",
        "verdict": "ok" if hwm <= RSS_LIMIT_KIB else "MISS(mem)",
        "note": f"peak during wrk -c16 {mib(rss_wrk_kib)} MiB; {mib(after16)} MiB after",
        "data": {"idle_start_kib": idle_start_kib, "idle_kib": idle, "peak16_kib": peak16,
                 "hwm_kib": hwm, "statuses": statuses, "wall16_s": wall16,
                 "after16_kib": after16, "rss_wrk_kib": rss_wrk_kib},
    }, {
        "what": f"{CONCURRENT} whole lists at once: HTTP statuses",
        "value": ", ".join(f"{n} x {c}" for c, n in statuses.items()),
        "floor": "-", "ratio": None, "target": f"{CONCURRENT} x 200",
        "verdict": "ok" if ok16 else "MISS",
        "note": f"all done in {wall16:.1f} s",
        "data": {},
    }, {
        "what": f"server RSS after each of {REPEATS} whole lists",
        "value": ", ".join(mib(k) for k in after) + " MiB",
        "floor": f"idle {mib(idle)} MiB",
        "ratio": None, "target": "flat",
        "verdict": ("ok" if growth <= 1024 else "MISS(growth)") +
                   ("" if after[-1] <= idle + 4096 else " (not back to idle)"),
        "note": f"last-first {growth / 1024:+.1f} MiB, last-idle {(after[-1] - idle) / 1024:+.1f} MiB",
        "data": {"after_kib": after},
    }]
    return rows


def run(r, be, size, binary, work, runs, runs_1m, sql_page, login):
    """All the API rows of one backend and size; login: (email, password) of
    the user the CLI's rows use."""
    rows = []
    mk = lambda **kw: dict(kw, backend=be.name, size=size)  # noqa: E731
    logpath = os.path.join(work, f"api-serve-{be.name}-{size}.log")
    server = Server(binary, r.env(DATABASE_URL=be.url(size)), logpath)
    try:
        idle0 = server.rss()["VmRSS"]
        token = server.login(*login)
        wrk_peaks = []
        for row in page_throughput(server, token, be, size, sql_page,
                                   runs if be.name == "pg" else min(runs, 3), work, wrk_peaks):
            rows.append(mk(**row))
        full_runs = min(runs, runs_1m) if size >= 1000000 else runs
        frows, (curl, cli) = full_list(r, server, token, be, size, binary, full_runs, work)
        rows += [mk(**x) for x in frows]
        log(f"  api {FULL}: {frows[0]['value']} vs CLI {frows[0]['floor']}")
        rows += [mk(**x) for x in memory(server, curl, idle0, max(wrk_peaks or [0]))]
        log(f"  api memory: {rows[-3]['value']}, {rows[-2]['value']}; after each: "
            f"{rows[-1]['value']}")
    finally:
        code, secs = server.stop()
    rows.append(mk(what="SIGTERM", value=f"exit {code} after {secs:.1f} s", floor="-",
                   ratio=None, target="exit 0", verdict="ok" if code == 0 else "MISS",
                   note=f"access log: {logpath}", data={}))
    return rows, [
        f"# API ({be.name}, {size}): {shlex.join(server.argv)} with DATABASE_URL as above",
        f"wrk {' '.join(WRK)} -H 'Authorization: Bearer TOKEN' '{server.base}{PAGE}'",
        f"  pgbench {' '.join(PGBENCH)} -f build-bench/pgbench-clients-limit50-{size}.sql "
        f"{shlex.quote(be.url(size))}" if be.name == "pg" else "  (no floor on SQLite)",
        f"curl -sS --fail -H @HEADER_FILE '{server.base}{FULL}' >/dev/null",
        f"  {shlex.join(cli)} >/dev/null", ""]


def render(rows, title="api"):
    head = [title, "backend", "rows", "server", "floor", "ratio", "target", ""]
    lines = [[x["what"], x["backend"], str(x["size"]) if x["size"] else "-", x["value"],
              x["floor"], f"{x['ratio']:.2f}" if x["ratio"] is not None else "-",
              x["target"], (x["verdict"] + (f" {x['note']}" if x["note"] else "")).strip()]
             for x in rows]
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h)
              for i, h in enumerate(head)]
    fmt = lambda c: " | ".join(  # noqa: E731
        x.rjust(widths[i]) if i in (2, 5) else x.ljust(widths[i]) for i, x in enumerate(c)).rstrip()
    out = [fmt(head), "-+-".join("-" * w for w in widths)]
    prev = None
    for l, x in zip(lines, rows):
        if prev is not None and (x["backend"], x["size"]) != prev:
            out.append("")
        prev = (x["backend"], x["size"])
        out.append(fmt(l))
    return "\n".join(out)
