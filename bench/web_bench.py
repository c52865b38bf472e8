"""The web page's figures (issue 17, "Performance"), measured where they are
defined: in the browser test, tests/browser/t_web.py, which drives a real
headless Chromium on a real `epicevents serve` (SQLite demo database) with
the Navigation and Resource Timing APIs. This runs that test once with
WEB_FIGURES set and prints its figures against their targets:

- first load, navigation to DOMContentLoaded, empty and disabled cache,
  loopback: best of 6 loads (the first ones pay for the browser's own
  warm-up), <= 150 ms;
- every file of the page together (the HTML and what it loads, encoded
  bodies): <= 150 KiB;
- a 50-row list rendered after its response (the page's own mark,
  document.body.dataset.listRenderMs): median of 5, <= 50 ms.

BENCH_ONLY=web runs these alone; a full `make bench` ends with them. Needs
chromium, chromium-driver and python3-selenium (make deps).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST = os.path.join(ROOT, "tests", "browser", "t_web.py")
TARGETS = (  # figure key, what, target, unit
    ("first_load_ms", "first load to DOMContentLoaded (best of 6)", 150, "ms"),
    ("assets_bytes", "the page's files together", 150 * 1024, "bytes"),
    ("list_render_ms", "50-row list rendered after its response (median of 5)", 50, "ms"),
)


def log(msg):
    print(f"bench-web: {msg}", file=sys.stderr, flush=True)


def missing():
    return [t for t in ("chromium", "chromedriver") if not shutil.which(t)]


def measure(binary):
    """Runs the browser test; returns its figures (a dict) or None."""
    fd, path = tempfile.mkstemp(prefix="web-figures.", suffix=".json")
    os.close(fd)
    env = dict(os.environ, EPICEVENTS_BIN=os.path.abspath(binary), WEB_FIGURES=path)
    p = subprocess.run(["/usr/bin/python3", TEST], env=env, capture_output=True, text=True)
    try:
        with open(path) as f:
            text = f.read()
        figures = json.loads(text) if text else None
    finally:
        os.unlink(path)
    if p.returncode != 0 or not figures:
        failed = [line for line in p.stdout.splitlines() if line.startswith("not ok")]
        log(f"the browser test failed (exit {p.returncode}): " + "; ".join(failed[:5]))
        return None
    return figures


def render(figures):
    lines = []
    for key, what, target, unit in TARGETS:
        v = figures.get(key)
        if v is None:
            lines.append(f"web  {what:58} -          target <= {target} {unit}  MISS (not measured)")
            continue
        shown = f"{v / 1024:.1f} KiB" if unit == "bytes" else f"{v:.1f} ms"
        goal = f"{target // 1024} KiB" if unit == "bytes" else f"{target} ms"
        runs = figures.get(key.replace("_ms", "_all_ms"))
        detail = f"  (runs {' '.join(f'{x:.1f}' for x in runs)})" if isinstance(runs, list) else ""
        lines.append(f"web  {what:58} {shown:>10}  target <= {goal}  "
                     f"{'ok' if v <= target else 'MISS'}{detail}")
    return "\n".join(lines)


def main(binary):
    lacking = missing()
    if lacking:
        log(f"no {', '.join(lacking)}: skipping the web rows (make deps)")
        return None
    log("the browser test (tests/browser/t_web.py) with WEB_FIGURES: ~1 min")
    figures = measure(binary)
    if figures is None:
        return None
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (render(figures) + "\nweb: headless Chromium on `epicevents serve` over a SQLite demo "
            f"database, loopback (tests/browser/t_web.py); load average now {load}.")


if __name__ == "__main__":
    text = main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "epicevents"))
    print(text or "web: not measured")
    sys.exit(0 if text else 1)
