#!/usr/bin/env bash
# The French catalogue is whole and current (TAP):
#  - msgfmt --check accepts po/fr.po (printf conversions identical, in order)
#    and its statistics say 0 fuzzy and 0 untranslated;
#  - every string marked in the sources (xgettext with po/meson.build's
#    keywords, over po/POTFILES) is in po/epicevents.pot and in fr.po, and
#    neither holds a string the sources lost;
#  - po/POTFILES names every source file that marks a string.
# usage: t_catalogue.sh SOURCE_ROOT
set -u
src=${1:?source root}
work=$(mktemp -d /tmp/epicevents-i18n.XXXXXX)
trap 'rm -rf "$work"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; shift; printf '#   %s\n' "$@"; }

stats=$(msgfmt --check --statistics -o "$work/fr.mo" "$src/po/fr.po" 2>&1); rc=$?
[ $rc -eq 0 ] && ok "msgfmt --check accepts fr.po" || not_ok "msgfmt --check accepts fr.po" "$stats"
echo "# $stats"
if [[ "$stats" =~ ^[0-9]+\ translated\ messages\.$ ]]; then
  ok "fr.po: 0 fuzzy, 0 untranslated"
else
  not_ok "fr.po: 0 fuzzy, 0 untranslated" "$stats"
fi

# The keywords of po/meson.build, so that the test and the build agree.
mapfile -t args < <(sed -n "s/^  '\(--[^']*\)',\$/\1/p" "$src/po/meson.build")
if [ ${#args[@]} -lt 4 ]; then
  not_ok "po/meson.build lists the xgettext keywords" "found: ${args[*]}"
fi
(cd "$src" && xgettext "${args[@]}" -f po/POTFILES -o "$work/fresh.pot") \
  || not_ok "xgettext runs over po/POTFILES"

# msgids of a catalogue, sorted, one a line.
ids() { python3 "$(dirname "$0")/msgids.py" "$1"; }
ids "$work/fresh.pot" > "$work/fresh.ids"
ids "$src/po/epicevents.pot" > "$work/pot.ids"
ids "$src/po/fr.po" > "$work/fr.ids"
if [ "$(wc -l < "$work/fresh.ids")" -lt 100 ]; then
  not_ok "xgettext finds the marked strings" "only $(wc -l < "$work/fresh.ids")"
fi
if d=$(diff "$work/fresh.ids" "$work/pot.ids"); then
  ok "po/epicevents.pot is current ($(wc -l < "$work/fresh.ids") strings)"
else
  mapfile -t lines <<<"$d"
  not_ok "po/epicevents.pot is current: run 'ninja epicevents-pot' (< sources, > pot)" "${lines[@]:0:20}"
fi
if d=$(diff "$work/fresh.ids" "$work/fr.ids"); then
  ok "fr.po has every marked string and no other"
else
  mapfile -t lines <<<"$d"
  not_ok "fr.po has every marked string and no other: 'ninja epicevents-update-po', then translate (< sources, > fr.po)" "${lines[@]:0:20}"
fi

# A file that marks strings but is missing from POTFILES would never reach
# the catalogue (util/i18n.c defines the helpers and marks nothing).
missing=$(cd "$src" && grep -rlE '\b(N?_|N?C_|P_|i18n_error_plural|crm_error_set|crm_error_prefix|render_note)\(' src --include='*.c' \
  | grep -v '^src/doc/\|^src/util/i18n\.c$' | sort | comm -23 - <(sort po/POTFILES))
if [ -z "$missing" ]; then
  ok "po/POTFILES names every file that marks strings"
else
  not_ok "po/POTFILES names every file that marks strings" $missing
fi

echo "1..$n"
[ $failed -eq 0 ]
