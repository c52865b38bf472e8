"""The CLI as a client (SERVER.md, "The CLI as a client"; issue 14), run by
bench/bench.py for each backend at SIZE rows (BENCH_ONLY=remote: these rows
alone; they are part of the default `make bench`).

One `epicevents serve` on the database (default --threads, loopback, access
log to build-bench/remote-serve-BACKEND-SIZE.log); the CLI's user (bill,
Commercial) logs in through it with `epicevents --server URL login`. Then,
each against curl with the same token, alternating run by run, wall clock
from spawn to exit (process start included for both), stdout to /dev/null:

- `epicevents --server URL whoami` against `curl -H 'Authorization: Bearer
  TOKEN' URL/api/v1/me`: WHOAMI_RUNS runs each after one warm-up, <= 2x;
- `epicevents --server URL --json clients list` (SIZE clients) against curl
  fetching `/api/v1/clients?limit=all`: the two outputs are compared byte
  for byte (the CLI renders what it decoded; the server writes the same
  keys), <= 1.5x.
"""

import hashlib
import os
import shlex

import api as API

SIZE = 100000
WHOAMI_RUNS = 30
LIST = "/api/v1/clients?limit=all"
ME = "/api/v1/me"
USER = "bill"


def log(msg):
    API.log(msg)


def wanted_at(size):
    return size == SIZE


def _digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    rows = 0
    with open(path, "rb") as f:
        for line in f:
            if line.startswith(b"  {"):
                rows += 1
    return h.hexdigest(), rows


def _row(be, size, what, a, c, target, note, data, same=True):
    ratio = a["median_ms"] / c["median_ms"]
    return {
        "what": what, "backend": be.name, "size": size,
        "value": f"{fmt_range(a)} (cpu {a['cpu_ms']:.1f} ms)",
        "floor": f"{fmt_range(c)} curl (cpu {c['cpu_ms']:.1f} ms)",
        "ratio": ratio, "target": f"<={target}x",
        "verdict": ("ok" if ratio <= target else "MISS") if same else "MISS(output)",
        "note": note, "data": data,
    }


def fmt_range(s):
    f = (lambda v: f"{v:.0f}" if v >= 100 else f"{v:.1f}")  # noqa: E731
    return f"{f(s['median_ms'])} ms ({f(s['min_ms'])}-{f(s['max_ms'])})"


def run(r, be, size, binary, work, runs, password_file, email):
    """The rows of one backend; password_file holds bill's password."""
    rows = []
    logpath = os.path.join(work, f"remote-serve-{be.name}-{size}.log")
    server = API.Server(binary, r.env(DATABASE_URL=be.url(size)), logpath)
    try:
        tokens = os.path.join(work, "tokens")
        tok = os.path.join(tokens, f"remote-{be.name}-{size}-{USER}")
        cli_env = r.env(EPICEVENTS_TOKEN_FILE=tok)
        r.once([binary, "--server", server.base, "login", "--email", email,
                "--password-stdin"], cli_env, stdin=password_file)
        with open(tok) as f:
            token = f.readline().strip()
        hdr = os.path.join(tokens, f"remote-header-{be.name}-{size}")
        with open(hdr, "w") as f:
            f.write(f"Authorization: Bearer {token}\n")
        os.chmod(hdr, 0o600)
        curl = API._which("curl")

        # (a) whoami against curl /api/v1/me
        cli = [binary, "--server", server.base, "whoami"]
        cme = [curl, "-sS", "--fail", "-H", "@" + hdr, server.base + ME]
        c0 = server.cpu()
        a, c = r.measure([(cli, cli_env, None), (cme, r.env(), None)], rss=(),
                         runs=max(WHOAMI_RUNS, runs))
        srv_us = (server.cpu() - c0) * 1e6 / (2 * (a["runs"] + 1))
        rows.append(_row(be, size, "epicevents --server URL whoami vs curl " + ME, a, c, 2,
                         f"{a['runs']} runs each; server cpu {srv_us:.0f} us/request; "
                         f"load {os.getloadavg()[0]:.1f}", {"cli": a, "curl": c}))
        log(f"  remote whoami: {a['median_ms']:.1f} ms vs curl {c['median_ms']:.1f} ms")

        # (b) --json clients list against curl ?limit=all
        cli = [binary, "--server", server.base, "--json", "clients", "list"]
        cls = [curl, "-sS", "--fail", "-H", "@" + hdr, server.base + LIST]
        outc = os.path.join(work, "out-remote-cli.json")
        outa = os.path.join(work, "out-remote-curl.json")
        c0 = server.cpu()
        a, c = r.measure([(cli, cli_env, None), (cls, r.env(), None)],
                         warm_out=[outc, outa], rss=(0,), runs=max(runs, 5))
        srv_ms = (server.cpu() - c0) * 1000 / (2 * (a["runs"] + 1))
        (hc, nc), (ha, na) = _digest(outc), _digest(outa)
        os.unlink(outc)
        os.unlink(outa)
        same = hc == ha
        note = (f"{nc} rows, same bytes as curl's" if same else
                f"OUTPUT DIFFERS from curl's ({nc} vs {na} rows)")
        rss = f", CLI peak RSS {a['rss_kib'] / 1024:.1f} MiB" if a.get("rss_kib") else ""
        rows.append(_row(be, size, f"epicevents --server URL --json clients list vs curl {LIST}",
                         a, c, 1.5, f"{note}; server cpu {srv_ms:.0f} ms/list{rss}; "
                         f"load {os.getloadavg()[0]:.1f}", {"cli": a, "curl": c, "rows": nc},
                         same))
        log(f"  remote clients list: {a['median_ms']:.0f} ms vs curl {c['median_ms']:.0f} ms")
    finally:
        code, _ = server.stop()
    if code != 0:
        rows.append({"what": "serve: SIGTERM", "backend": be.name, "size": size,
                     "value": f"exit {code}", "floor": "-", "ratio": None,
                     "target": "exit 0", "verdict": "MISS", "note": logpath, "data": {}})
    return rows, [
        f"# remote ({be.name}, {size}): {shlex.join(server.argv)} with DATABASE_URL as above; "
        f"EPICEVENTS_TOKEN_FILE={shlex.quote(tok)}",
        f"epicevents --server {server.base} whoami >/dev/null",
        f"  curl -sS --fail -H @HEADER_FILE '{server.base}{ME}' >/dev/null",
        f"epicevents --server {server.base} --json clients list >/dev/null",
        f"  curl -sS --fail -H @HEADER_FILE '{server.base}{LIST}' >/dev/null", ""]


def render(rows):
    return API.render(rows, title="remote (CLI --server)")
