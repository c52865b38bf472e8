"""Prints the msgids of a .po/.pot (header and obsolete entries left out),
sorted, one per line with C escapes kept: for comparing catalogues."""
import re
import sys

STR = re.compile(r'"((?:[^"\\]|\\.)*)"')
ids, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("msgid "):
        cur = "".join(STR.findall(line))
    elif line.startswith('"') and cur is not None:
        cur += "".join(STR.findall(line))
    elif line.startswith("msgstr") or line.startswith("msgid_plural"):
        if cur:
            ids.append(cur)
        cur = None
    elif line.startswith("#~"):
        cur = None
print("\n".join(sorted(set(ids))))
