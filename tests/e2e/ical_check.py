"""Reads an iCalendar document on stdin with Debian's python3-icalendar and
prints what the end-to-end tests check, as JSON: the events (uid, sequence,
summary, location, description, start/end as ISO text with their TZID), the
VTIMEZONEs' TZIDs, and the longest line in octets; exits 1 when the text is
not a calendar icalendar accepts, or is not CRLF lines."""
import json
import sys

import icalendar

raw = sys.stdin.buffer.read()
lines = raw.split(b"\r\n")
if lines and lines[-1] == b"":
    lines.pop()
problems = []
if any(b"\n" in line or b"\r" in line for line in lines):
    problems.append("a line not ended by CRLF")
cal = icalendar.Calendar.from_ical(raw)
if cal.name != "VCALENDAR":
    problems.append("not a VCALENDAR")
for key in ("VERSION", "PRODID"):
    if key not in cal:
        problems.append("no " + key)


def when(prop):
    dt = prop.dt
    tzid = prop.params.get("TZID")
    return {"iso": dt.isoformat(), "tzid": tzid,
            "utc": dt.utcoffset() is not None and dt.utcoffset().total_seconds() == 0
            and tzid is None}


events = []
for ev in cal.walk("VEVENT"):
    for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"):
        if key not in ev:
            problems.append("a VEVENT without " + key)
    events.append({
        "uid": str(ev.get("UID")),
        "sequence": int(ev.get("SEQUENCE", -1)),
        "summary": str(ev.get("SUMMARY", "")),
        "location": str(ev.get("LOCATION", "")),
        "description": str(ev.get("DESCRIPTION", "")),
        "start": when(ev["DTSTART"]) if "DTSTART" in ev else None,
        "end": when(ev["DTEND"]) if "DTEND" in ev else None,
        "last_modified": "LAST-MODIFIED" in ev,
    })
zones = [str(tz.get("TZID")) for tz in cal.walk("VTIMEZONE")]
used = {e["start"]["tzid"] for e in events if e["start"] and e["start"]["tzid"]}
missing = sorted(used - set(zones))
if missing:
    problems.append("no VTIMEZONE for " + ", ".join(missing))
print(json.dumps({
    "events": events,
    "zones": zones,
    "longest_line": max((len(line) for line in lines), default=0),
    "problems": problems,
}, ensure_ascii=False))
sys.exit(1 if problems else 0)
