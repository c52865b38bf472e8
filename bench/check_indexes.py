#!/usr/bin/python3
"""Checks that every filtered listing can use, and does use, its index.

    bench/check_indexes.py [--sqlite PATH] [--pg CONNINFO]

(bench/check-indexes.sh makes the databases when none is given.)

For each listing filter of bench/queries.py (the program's own SELECTs,
joins and WHERE conditions) and each database given:

 1. usable: the expected index can serve the filter at all --
    SQLite: EXPLAIN QUERY PLAN SELECT 1 FROM t a INDEXED BY idx WHERE cond
    ("no query solution" = the condition does not match the index, e.g. a
    partial index whose WHERE is written differently); PostgreSQL: the same
    SELECT with enable_seqscan off must show the index.
 2. used: EXPLAIN of the full listing query as the program sends it, with
    the database's statistics: the filtered table must not be read in full
    (SQLite: "SCAN a" without a partial index; PostgreSQL: Seq Scan, or an
    index scan with neither an index condition nor a partial index). A full
    scan is accepted only when the filter keeps more than
    --scan-share (default 30 %) of the table's rows, where reading the
    table in order is the cheaper plan.

Listings whose filter has no index (LIKE '%text%', --signed, --paid) are
printed as INFO.

Sorted listings (queries.SORTED: sort=COLUMN, a page of 50, each direction):
an index must give the rows in order -- no sort step (SQLite: no "USE TEMP
B-TREE FOR ORDER BY"; PostgreSQL: no Sort node), the table read through an
index (the expected one, or another giving the same order, as a partial
index matching the filter). When the planner prefers otherwise, the same
query with the expected index forced (SQLite: INDEXED BY; PostgreSQL:
enable_seqscan and enable_sort off) must have no sort step, and a table of
--few-rows (default 1000) rows or fewer passes (a sort of a few rows is
cheap); more is a failure. Filtered sorts without an index are INFO.
Exit status 1 when any check fails.
"""

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import queries as Q  # noqa: E402

TABLE_OF_ALIAS = {"c": "clients", "k": "contracts", "e": "events", "u": "users",
                  "audit_log": "audit_log"}


class Result:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def say(self, status, backend, name, msg):
        if status == "FAIL":
            self.failed += 1
        elif status == "PASS":
            self.passed += 1
        print(f"{status:4} {backend:6} {name}: {msg}")


def alias_of(lst):
    return next(a for a, t in TABLE_OF_ALIAS.items() if t == lst.filtered)


def filter_only_sql(lst, dialect, index=None):
    """SELECT 1 FROM the filtered table, with the listing's conditions on it."""
    a = alias_of(lst)
    full = lst.sql(dialect)
    where = full.split(" WHERE ", 1)[1].rsplit(" ORDER BY ", 1)[0]
    hint = f" INDEXED BY {index}" if index else ""
    return f"SELECT 1 FROM {lst.filtered} {a}{hint} WHERE {where}"


# ---------------------------------------------------------------- SQLite

def sqlite_checks(path, res, scan_share):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    partial = {name for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        if re.search(r"\bWHERE\b", sql, re.I)}
    indexes = {name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    stat = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
                      ).fetchone()[0]
    print(f"---- SQLite {path} ({'with' if stat else 'WITHOUT'} ANALYZE statistics)")
    for lst in Q.LISTINGS:
        if not lst.filtered:
            continue
        sql = lst.sql("sqlite")
        plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
        a = alias_of(lst)
        mine = [p for p in plan if re.match(rf"(SCAN|SEARCH) {a}\b", p)]
        shown = "; ".join(mine) or "; ".join(plan)
        if lst.index is None:
            res.say("INFO", "sqlite", lst.name, f"no index applies ({lst.note}): {shown}")
            continue
        if lst.index not in indexes:
            res.say("FAIL", "sqlite", lst.name, f"index {lst.index} does not exist")
            continue
        # The index at work, be it in a subquery (contracts overdue picks
        # its ids there): nothing to probe.
        if any(re.search(rf"\bINDEX {lst.index}\b", p) for p in plan) and \
                not any(re.match(rf"SCAN {a}\b", p) for p in mine):
            res.say("PASS", "sqlite", lst.name, "; ".join(plan))
            continue
        try:
            db.execute("EXPLAIN QUERY PLAN " + filter_only_sql(lst, "sqlite", lst.index))
        except sqlite3.OperationalError as e:
            cond = " AND ".join(lst.conds)
            idx_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                 (lst.index,)).fetchone()[0]
            res.say("FAIL", "sqlite", lst.name,
                    f"{lst.index} cannot serve '{cond}' ({e}); the index is: {idx_sql}")
            continue
        def is_full_scan(p):
            m = re.match(rf"SCAN {a}(?: USING (?:COVERING )?INDEX (\w+))?\b", p)
            return bool(m) and (m.group(1) is None or m.group(1) not in partial)
        full_scan = any(is_full_scan(p) for p in mine)
        if not full_scan:
            res.say("PASS", "sqlite", lst.name, shown)
            continue
        share = sqlite_share(db, lst)
        if share > scan_share:
            res.say("PASS", "sqlite", lst.name,
                    f"{shown} (full scan, but {share:.0%} of {lst.filtered} match: "
                    f"cheaper than {lst.index}, which is usable)")
        else:
            res.say("FAIL", "sqlite", lst.name,
                    f"{shown}: full scan of {lst.filtered} for {share:.1%} of its rows "
                    f"although {lst.index} can serve it")
    db.close()


def sqlite_share(db, lst):
    total = db.execute(f"SELECT count(*) FROM {lst.filtered}").fetchone()[0]
    n = db.execute(filter_only_sql(lst, "sqlite").replace("SELECT 1", "SELECT count(*)", 1)
                   ).fetchone()[0]
    return n / total if total else 0.0


# ---------------------------------------------------------------- PostgreSQL

def psql(conninfo, sql):
    r = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                        conninfo], input=sql, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(r.stderr.strip())
    return r.stdout


def pg_plan(conninfo, sql, settings=""):
    out = psql(conninfo, f"{settings}EXPLAIN (FORMAT JSON) {sql};")
    return json.loads(out)[0]["Plan"]


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def describe(n):
    s = n["Node Type"]
    if "Index Name" in n:
        s += f" using {n['Index Name']}"
    if "Relation Name" in n:
        s += f" on {n['Relation Name']} {n.get('Alias', '')}".rstrip()
    for key in ("Index Cond", "Recheck Cond", "Filter"):
        if key in n:
            s += f" [{key}: {n[key]}]"
    return s


def pg_checks(conninfo, res, scan_share):
    partial = set(psql(conninfo, "SELECT indexrelid::regclass FROM pg_index "
                       "WHERE indpred IS NOT NULL").split())
    indexes = set(psql(conninfo, "SELECT indexname FROM pg_indexes "
                       "WHERE schemaname = 'public'").split())
    analyzed = psql(conninfo, "SELECT count(*) FROM pg_stats WHERE tablename = 'events'").strip()
    safe = re.sub(r"password=\S+", "password=...", conninfo)
    print(f"---- PostgreSQL {safe} "
          f"({'with' if analyzed != '0' else 'WITHOUT'} ANALYZE statistics)")
    for lst in Q.LISTINGS:
        if not lst.filtered:
            continue
        a = alias_of(lst)
        plan = pg_plan(conninfo, lst.sql("pg"))
        mine = [n for n in walk(plan) if n.get("Relation Name") == lst.filtered
                and n.get("Alias", a) == a]
        # a Bitmap Heap Scan gets its index from the Bitmap Index Scan below it
        shown = "; ".join(describe(n) for n in mine) or describe(plan)
        if lst.index is None:
            res.say("INFO", "pg", lst.name, f"no index applies ({lst.note}): {shown}")
            continue
        if lst.index not in indexes:
            res.say("FAIL", "pg", lst.name, f"index {lst.index} does not exist")
            continue
        forced = pg_plan(conninfo, filter_only_sql(lst, "pg"),
                         "SET enable_seqscan = off;\n")
        if not any(n.get("Index Name") == lst.index for n in walk(forced)):
            res.say("FAIL", "pg", lst.name,
                    f"{lst.index} cannot serve '{' AND '.join(lst.conds)}' "
                    f"(with enable_seqscan off: {describe(forced)})")
            continue
        full_scan = False
        for n in mine:
            t = n["Node Type"]
            if t == "Seq Scan":
                full_scan = True
            elif t in ("Index Scan", "Index Only Scan") and "Index Cond" not in n \
                    and n.get("Index Name") not in partial:
                full_scan = True
        if not full_scan:
            res.say("PASS", "pg", lst.name, shown)
            continue
        total = int(psql(conninfo, f"SELECT count(*) FROM {lst.filtered}"))
        n = int(psql(conninfo, filter_only_sql(lst, "pg").replace("SELECT 1",
                                                                  "SELECT count(*)", 1)))
        share = n / total if total else 0.0
        if share > scan_share:
            res.say("PASS", "pg", lst.name,
                    f"{shown} (full scan, but {share:.0%} of {lst.filtered} match: "
                    f"cheaper than {lst.index}, which is usable)")
        else:
            res.say("FAIL", "pg", lst.name,
                    f"{shown}: full scan of {lst.filtered} for {share:.1%} of its rows "
                    f"although {lst.index} can serve it")


# ---------------------------------------------------------------- sorted listings

def sqlite_sort_checks(path, res, few_rows):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    unique = db.execute("SELECT l.name FROM pragma_index_list('users') l WHERE "
                        "(SELECT group_concat(name) FROM pragma_index_info(l.name)) = "
                        "'employee_id'").fetchone()
    print(f"---- SQLite {path}: sorted listings")
    for st in Q.SORTED:
        index = st.index or (unique[0] if unique and st.note == "" else None)
        rows = db.execute(f"SELECT count(*) FROM {st.table}").fetchone()[0]
        for desc in (False, True):
            name = st.name.replace("--sort ", "--sort -") if desc else st.name
            sql = st.sql("sqlite", desc)
            plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql)]
            shown = "; ".join(plan)
            sorts = any("TEMP B-TREE FOR ORDER BY" in p or "TEMP B-TREE FOR RIGHT PART" in p
                        for p in plan)
            if index is None:
                res.say("INFO", "sqlite", name, f"no index gives this order ({st.note}): {shown}")
                continue
            # the expected index, or another that gives the same order (a
            # partial one matching the filter)
            uses = any(re.match(rf"SCAN {st.alias} USING (?:COVERING )?INDEX \w+", p)
                       for p in plan)
            if uses and not sorts:
                res.say("PASS", "sqlite", name, shown)
                continue
            forced = sql.replace(f"FROM {st.table} {st.alias} ",
                                 f"FROM {st.table} {st.alias} INDEXED BY {index} ", 1)
            try:
                fplan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + forced)]
            except sqlite3.OperationalError as e:
                res.say("FAIL", "sqlite", name, f"{index} cannot serve this order ({e}): {shown}")
                continue
            if any("TEMP B-TREE FOR" in p for p in fplan):
                res.say("FAIL", "sqlite", name, f"{index} does not give this order: "
                        + "; ".join(fplan))
            elif rows <= few_rows:
                res.say("PASS", "sqlite", name, f"{shown} ({rows} rows: a sort is cheap; "
                        f"{index} gives the order when forced)")
            else:
                res.say("FAIL", "sqlite", name, f"{shown}: sorts {rows} rows although "
                        f"{index} gives the order")
    db.close()


def pg_sort_checks(conninfo, res, few_rows):
    unique = psql(conninfo, "SELECT indexname FROM pg_indexes WHERE tablename = 'users' "
                  "AND indexdef LIKE '%(employee_id)'").split()
    print("---- PostgreSQL: sorted listings")
    for st in Q.SORTED:
        index = st.index or (unique[0] if unique and st.note == "" else None)
        rows = int(psql(conninfo, f"SELECT count(*) FROM {st.table}"))
        for desc in (False, True):
            name = st.name.replace("--sort ", "--sort -") if desc else st.name
            sql = st.sql("pg", desc)
            plan = pg_plan(conninfo, sql)
            shown = "; ".join(describe(n) for n in walk(plan) if "Relation Name" in n
                              or n["Node Type"].endswith("Sort"))
            if index is None:
                res.say("INFO", "pg", name, f"no index gives this order ({st.note}): {shown}")
                continue

            def served(p, index):
                nodes = list(walk(p))
                return (any(n.get("Relation Name") == st.table and "Index Name" in n
                            and (index is None or n["Index Name"] == index) for n in nodes)
                        and not any(n["Node Type"] == "Sort" for n in nodes))
            if served(plan, None):
                res.say("PASS", "pg", name, shown)
                continue
            forced = pg_plan(conninfo, sql, "SET enable_seqscan = off;\nSET enable_sort = off;\n"
                             "SET enable_bitmapscan = off;\n")
            if not served(forced, index):
                res.say("FAIL", "pg", name, f"{index} does not give this order (forced: "
                        + "; ".join(describe(n) for n in walk(forced)) + ")")
            elif rows <= few_rows:
                res.say("PASS", "pg", name, f"{shown} ({rows} rows: a sort is cheap; "
                        f"{index} gives the order when forced)")
            else:
                res.say("FAIL", "pg", name, f"{shown}: sorts {rows} rows although "
                        f"{index} gives the order")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sqlite", action="append", default=[])
    ap.add_argument("--pg", action="append", default=[])
    ap.add_argument("--scan-share", type=float, default=0.30)
    ap.add_argument("--few-rows", type=int, default=1000)
    a = ap.parse_args()
    if not a.sqlite and not a.pg:
        ap.error("give --sqlite PATH and/or --pg CONNINFO (or use check-indexes.sh)")
    res = Result()
    print("Each listing's WHERE condition as in src/store/store-*.c, its table, the index "
          "expected to serve it:")
    for lst in Q.LISTINGS:
        if lst.filtered:
            print(f"  {lst.name:45} {' AND '.join(lst.conds).replace(chr(92) * 2, chr(92))[:60]:60} "
                  f"{lst.filtered}: {lst.index or '(none)'}")
    for name, cond in Q.check_source():
        res.say("FAIL", "source", name, f"condition '{cond}' is no longer in src/store: "
                "update bench/queries.py")
    for p in a.sqlite:
        sqlite_checks(p, res, a.scan_share)
        sqlite_sort_checks(p, res, a.few_rows)
    for c in a.pg:
        pg_checks(c, res, a.scan_share)
        pg_sort_checks(c, res, a.few_rows)
    print(f"check-indexes: {res.passed} passed, {res.failed} failed")
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
