#!/usr/bin/python3
"""Holds util/tz.c against Python's zoneinfo, which reads the same files.

    tz_vs_zoneinfo.py PATH/TO/tz-dump

Every hour of 2020-2030 (UTC -> local: fields, offset, DST flag,
abbreviation) and every half hour of wall-clock time over the same years
(local -> UTC: unique, gap or ambiguous, and the instants), in five zones
with DST of one hour, half an hour, none, and offsets of :30 and :45; then
2036-2040, where the fat files of Debian end and the footer rule takes over.
Python's fold=0 is tz.h's *earlier, fold=1 its *later; a gap is a time
whose fold=0 instant does not read back as the same wall-clock time.
"""
import multiprocessing
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

ZONES = ["Europe/Paris", "America/New_York", "Asia/Kolkata",
         "Australia/Lord_Howe", "Pacific/Chatham"]
RANGES = [  # [from, to) in seconds since the epoch
    (int(datetime(2020, 1, 1, tzinfo=timezone.utc).timestamp()),
     int(datetime(2031, 1, 1, tzinfo=timezone.utc).timestamp())),
    (int(datetime(2036, 1, 1, tzinfo=timezone.utc).timestamp()),
     int(datetime(2041, 1, 1, tzinfo=timezone.utc).timestamp())),
]
EPOCH = datetime(1970, 1, 1)
ZERO = timedelta(0)


def expected_utc(zone, frm, to, step):
    z = ZoneInfo(zone)
    for t in range(frm, to, step):
        d = datetime.fromtimestamp(t, z)
        yield "%d %d %d %d %d %d %d %d %d %s" % (
            t, d.year, d.month, d.day, d.hour, d.minute, d.second,
            d.utcoffset() // timedelta(seconds=1), d.dst() != ZERO, d.tzname())


def expected_local(zone, frm, to, step):
    z = ZoneInfo(zone)
    for wall in range(frm, to, step):
        naive = EPOCH + timedelta(seconds=wall)
        u0 = wall - naive.replace(tzinfo=z).utcoffset() // timedelta(seconds=1)
        u1 = wall - naive.replace(tzinfo=z, fold=1).utcoffset() // timedelta(seconds=1)
        if u0 == u1:
            kind = "u"
        elif datetime.fromtimestamp(u0, z).replace(tzinfo=None) != naive:
            kind, u1 = "g", u0
        else:
            kind = "a"
        yield "%d %s %d %d" % (wall, kind, u0, u1)


def compare(driver, mode, zone, frm, to, step):
    """Returns (ok, report); runs in a worker process."""
    expected = expected_utc if mode == "utc" else expected_local
    lines = []
    env = dict(os.environ)
    env.pop("TZDIR", None)  # zoneinfo reads /usr/share/zoneinfo too
    proc = subprocess.Popen([driver, mode, zone, str(frm), str(to), str(step)],
                            stdout=subprocess.PIPE, env=env, text=True)
    want = list(expected(zone, frm, to, step))  # while the driver runs
    out = proc.communicate()[0].splitlines()
    if proc.returncode != 0:
        return False, "%s %s: tz-dump exited with %d" % (mode, zone, proc.returncode)
    bad = [(w, g) for w, g in zip(want, out) if w != g]
    if len(out) != len(want):
        bad.append(("%d lines" % len(want), "%d lines" % len(out)))
    for w, g in bad[:10]:
        lines.append("%s %s:\n  zoneinfo: %s\n  tz.c:     %s" % (mode, zone, w, g))
    kinds = ""
    if mode == "local":
        gaps = sum(1 for w in want if w.split()[1] == "g")
        twice = sum(1 for w in want if w.split()[1] == "a")
        kinds = " (%d in gaps, %d ambiguous)" % (gaps, twice)
        # A zone with DST that shows neither would mean a vacuous test.
        if zone != "Asia/Kolkata" and not (gaps and twice):
            bad.append(("gaps and ambiguous times", kinds))
    lines.append("%-5s %-20s %d..%d: %d checked, %d differ%s" % (
        mode, zone, frm, to, len(want), len(bad), kinds))
    return not bad, "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: tz_vs_zoneinfo.py PATH/TO/tz-dump")
    driver = sys.argv[1]
    jobs = [(driver, mode, zone, frm, to, step)
            for frm, to in RANGES for zone in ZONES
            for mode, step in (("utc", 3600), ("local", 1800))]
    ok = True
    with multiprocessing.Pool() as pool:
        for job_ok, report in pool.starmap(compare, jobs):
            print(report)
            ok &= job_ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
