#!/usr/bin/python3
"""`clients import` at scale (issue 16): a file of ROWS clients (default
100000, as `clients list --csv` writes them, non-ASCII names, phones with
'+' and so the formula escape) imported by bill (Commercial) into a fresh
demo database, wall clock from spawn to exit, peak RSS by GNU time.

- SQLite: target <= 3 s.
- PostgreSQL: against psql doing the same work in SQL: `\\copy` of the file
  into a staging table, the duplicate checks (stored emails, emails twice
  in the file), the INSERT into clients and one audit_log row per client,
  in one transaction; target <= 1.5x.

  bench/import_bench.py --bin build-rel/epicevents [--rows N] [--pg CONNINFO] [--work DIR]

or through scripts/bench.sh with BENCH_ONLY=import (bench.py --only import
calls main() with its --bin, --pg and a work directory of its own).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def log(msg):
    print(f"bench-import: {msg}", file=sys.stderr, flush=True)


def write_csv(path, rows):
    names = ["Zhang Wei 张伟", "محمد الأمين", "Chloé Dupré", "Yael Cohen 🎉", "O'Brien, Pat"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id,full_name,email,phone,company_name,commercial_contact_id,"
                "commercial_name,creation_date,last_update\r\n")
        for i in range(rows):
            name = f"{names[i % len(names)]} {i}"
            q = f'"{name}"' if "," in name else name
            f.write(f'{i + 1},{q},c{i}@bench.example,"\'+33 6 {i % 100:02d} {i % 97:02d} 00",'
                    f'"Company {i % 1000}, SA",2,Bill Boquet,2026-01-01T00:00:00Z,\r\n')


def timed(cmd, env, stdin=None):
    t0 = time.monotonic()
    gnu = shutil.which("time") and os.path.exists("/usr/bin/time")
    full = (["/usr/bin/time", "-f", "%M"] if gnu else []) + cmd
    p = subprocess.run(full, env=env, input=stdin, capture_output=True, text=True)
    dt = time.monotonic() - t0
    rss = p.stderr.strip().splitlines()[-1] if gnu and p.stderr.strip() else "?"
    return dt, p, rss


def fresh_env(work, url):
    home = tempfile.mkdtemp(dir=work)
    return {"PATH": os.environ["PATH"], "HOME": home, "LANG": "C.UTF-8", "TZ": "UTC",
            "DATABASE_URL": url, "EPICEVENTS_TOKEN_FILE": os.path.join(home, "token")}


def setup(binary, env):
    subprocess.run([binary, "db", "init", "--demo"], env=env, check=True, capture_output=True)
    subprocess.run([binary, "login", "--email", "bill.boquet@epic.com", "--password-stdin"],
                   env=env, input="password123\n", text=True, check=True, capture_output=True)


def run_import(binary, env, csv):
    dt, p, rss = timed([binary, "clients", "import", csv], env)
    if p.returncode != 0:
        raise SystemExit(f"import failed: {p.stdout} {p.stderr}")
    return dt, p.stdout.strip(), rss


PG_FLOOR = r"""
BEGIN;
CREATE TEMP TABLE staging (id TEXT, full_name TEXT, email TEXT, phone TEXT,
  company_name TEXT, commercial_contact_id TEXT, commercial_name TEXT,
  creation_date TEXT, last_update TEXT);
\copy staging FROM '{csv}' WITH (FORMAT csv, HEADER true)
SELECT count(*) FROM staging s JOIN clients c ON lower(c.email) = lower(s.email);
SELECT lower(email) FROM staging GROUP BY 1 HAVING count(*) > 1;
WITH ins AS (
  INSERT INTO clients (full_name, email, phone, company_name, creation_date, last_update,
                       commercial_contact_id)
  SELECT full_name, lower(email), phone, company_name, now() AT TIME ZONE 'UTC',
         now() AT TIME ZONE 'UTC', 1 FROM staging RETURNING id, full_name, email)
INSERT INTO audit_log (actor_id, actor_label, action, entity, entity_id, details)
  SELECT 1, 'Bill Boquet <bill.boquet@epic.com>', 'create', 'client', id,
         json_build_object('full_name', full_name, 'email', email)::text FROM ins;
COMMIT;
"""


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--pg", default=os.environ.get("BENCH_PG_CONNINFO"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_IMPORT_RUNS", "3")))
    a = ap.parse_args(argv)
    work = os.path.abspath(a.work or tempfile.mkdtemp(prefix="bench-import."))
    os.makedirs(work, exist_ok=True)
    binary = os.path.abspath(a.bin)
    csv = os.path.join(work, f"clients-{a.rows}.csv")
    write_csv(csv, a.rows)
    log(f"{a.rows} rows, {os.path.getsize(csv) / 1e6:.1f} MB: {csv}")
    lines = []

    # Each figure is the median of --runs imports into a fresh database
    # (one import is too noisy to call a target met or missed).
    times, rss, out = [], 0, ""
    for _ in range(a.runs):
        db = os.path.join(work, "import.db")
        if os.path.exists(db):
            os.unlink(db)
        env = fresh_env(work, f"sqlite:{db}")
        setup(binary, env)
        dt, out, rss = run_import(binary, env, csv)
        times.append(dt)
    dt = statistics.median(times)
    verdict = "ok" if dt <= 3.0 else "MISS"
    lines.append(f"import {a.rows} sqlite      {dt * 1000:8.0f} ms  "
                 f"(runs {' '.join(f'{t * 1000:.0f}' for t in times)})  peak RSS {rss} KiB  "
                 f"target <= 3000 ms {verdict}  ({out})")

    if a.pg:
        parts = [p for p in a.pg.split() if not p.startswith("dbname=")]
        url = " ".join(parts + ["dbname=bench_import"])
        furl = " ".join(parts + ["dbname=bench_import_floor"])
        script = os.path.join(work, "floor.sql")
        with open(script, "w") as f:
            f.write(PG_FLOOR.replace("{csv}", csv))
        times, ftimes = [], []
        for _ in range(a.runs):
            for name in ("bench_import", "bench_import_floor"):
                subprocess.run(["psql", "-X", "-q", "-d", a.pg, "-c",
                                f"DROP DATABASE IF EXISTS {name}"], check=True,
                               capture_output=True)
                subprocess.run(["psql", "-X", "-q", "-d", a.pg, "-c", f"CREATE DATABASE {name}"],
                               check=True)
            env = fresh_env(work, url)
            setup(binary, env)
            dt, out, rss = run_import(binary, env, csv)
            times.append(dt)
            fenv = fresh_env(work, furl)
            setup(binary, fenv)
            fdt, p, _ = timed(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", furl, "-f",
                               script], os.environ.copy())
            if p.returncode != 0:
                raise SystemExit(f"floor failed: {p.stderr}")
            ftimes.append(fdt)
        dt, fdt = statistics.median(times), statistics.median(ftimes)
        ratio = dt / fdt
        lines.append(f"import {a.rows} pg          {dt * 1000:8.0f} ms  "
                     f"(runs {' '.join(f'{t * 1000:.0f}' for t in times)})  peak RSS {rss} KiB  "
                     f"floor (psql COPY + checks) {fdt * 1000:.0f} ms  ratio {ratio:.2f}  "
                     f"target <= 1.5x {'ok' if ratio <= 1.5 else 'MISS'}  ({out})")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
