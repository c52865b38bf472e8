"""Prints the msgids of a .po/.pot (header and obsolete entries left out),
sorted, one per line with C escapes kept: for comparing catalogues. A msgid
with a context (msgctxt) is printed as CONTEXT|MSGID."""
import re
import sys

STR = re.compile(r'"((?:[^"\\]|\\.)*)"')
ids, cur, ctx = [], None, ""
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("msgctxt "):
        ctx = "".join(STR.findall(line)) + "|"
    elif line.startswith("msgid "):
        cur = ctx + "".join(STR.findall(line))
        ctx = ""
    elif line.startswith('"') and cur is not None:
        cur += "".join(STR.findall(line))
    elif line.startswith("msgstr") or line.startswith("msgid_plural"):
        if cur and not cur.endswith("|"):
            ids.append(cur)
        cur = None
    elif line.startswith("#~"):
        cur = None
print("\n".join(sorted(set(ids))))
