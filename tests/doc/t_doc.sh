#!/usr/bin/env bash
# The manual page and the completions generated from the command table
# (src/doc/): they render cleanly, they name every command and option that
# `epicevents help` names, and the completion functions of bash (driven as
# bash-completion drives them), zsh and fish offer what the program accepts,
# ids included once a session exists. Prints TAP.
#
#   t_doc.sh EPICEVENTS DOC_DIR
set -u
bin=$(realpath "$1") doc=$(realpath "$2")
n=0 failed=0
ok() { # DESCRIPTION COMMAND...
  local d=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $d"; else failed=$((failed + 1)); echo "not ok $n - $d"; fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

work=$(mktemp -d /tmp/epicevents-doc.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME=$work EPICEVENTS_TOKEN_FILE=$work/token NO_COLOR=1 TZ=UTC
unset DATABASE_URL DB_NAME EPICEVENTS_SERVER
export DATABASE_URL="sqlite:$work/crm.db"
cd "$work" || exit 1

# What help says: every command, and each command's options.
commands=$("$bin" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z-]*\( [a-z][a-z-]*\)\?\) .*/\1/p' |
  sed 's/ [A-Z].*//' | awk '{ if ($2 ~ /^[a-z]/) print $1" "$2; else print $1 }')
[ "$(wc -l <<<"$commands")" -ge 20 ] || { echo "Bail out! cannot read the commands from --help"; exit 1; }
options_of() { "$bin" help $1 | sed -n 's/^  \(--[a-z][a-z-]*\).*/\1/p'; }

# ---- the manual page
man=$doc/epicevents.1
groff_out=$(groff -ww -z -man "$man" 2>&1)
ok "groff -ww -z renders the page without a warning" test -z "$groff_out"
[ -n "$groff_out" ] && printf '#   %s\n' "$groff_out" | head -5
text=$(MANWIDTH=100 man -l "$man" 2>"$work/man.err" | col -b)
ok "man -l renders it, with no message" test -n "$text" -a ! -s "$work/man.err"
missing=()
while read -r c; do
  grep -q "^ *$c\b" <<<"$text" || missing+=("$c")
done <<<"$commands"
ok "the page names every command help lists ($(wc -l <<<"$commands"))" test ${#missing[@]} -eq 0
[ ${#missing[@]} -gt 0 ] && echo "#   missing: ${missing[*]}"
missing=()
while read -r c; do
  for o in $(options_of "$c"); do
    # the options of the command's item: from its name to the next command
    sect=$(awk -v c="$c" '$0 ~ "^       "c"( |$)" {on=1; print; next} on && /^       [a-z]/ {exit} on' <<<"$text")
    grep -q -- "$o" <<<"$sect" || missing+=("$c $o")
  done
done <<<"$commands"
ok "each command's item lists every option its help lists" test ${#missing[@]} -eq 0
[ ${#missing[@]} -gt 0 ] && echo "#   missing: ${missing[*]}"
for s in "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
  ok "the page has $s" grep -q "^$s" <<<"$text"
done
ok "exit status lists 0 to 6 as help does" bash -c '
  for c in 0 1 2 3 4 5 6; do grep -Eq "^       $c( |$)" <<<"$1" || exit 1; done' _ "$text"

# ---- bash
bash_file=$doc/epicevents
ok "bash: bash -n accepts the completion file" bash -n "$bash_file"
sed '/^_epicevents() {/,$d' "$bash_file" >"$work/candidates.sh"
ok "the shared generator is POSIX sh (dash -n)" dash -n "$work/candidates.sh"
complete_bash() { # WORDS... (the last is the one completed)
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _epicevents
           printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$bash_file" "$@"
}
is_set() { # GOT WANTED (both lists of words)
  [ "$(tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort)" = "$(tr ' ' '\n' <<<"$2" | sed '/^$/d' | sort)" ] ||
    { echo "#   got:    $(tr '\n' ' ' <<<"$1")"; echo "#   wanted: $(tr '\n' ' ' <<<"$2")"; return 1; }
}
firsts=$(cut -d' ' -f1 <<<"$commands" | sort -u)
ok "bash: the first word offers every command and noun help lists" \
  is_set "$(complete_bash epicevents '')" "$firsts"
ok "bash: 'epicevents con' completes to contracts" is_set "$(complete_bash epicevents con)" contracts
for noun in clients contracts events users; do
  ok "bash: '$noun' offers its verbs" is_set "$(complete_bash epicevents "$noun" '')" \
    "$(sed -n "s/^$noun //p" <<<"$commands")"
done
for c in "clients list" "events create" "users create" "users delete"; do
  ok "bash: '$c --' offers its options and the output ones" \
    is_set "$(complete_bash epicevents $c --)" "$(options_of "$c") --json --csv --no-color"
done
ok "bash: --department values are the departments" \
  is_set "$(complete_bash epicevents users create --department '')" "Commercial Support Management"
ok "bash: after --department, a partial word is completed" \
  is_set "$(complete_bash epicevents users update 2 --department Su)" "Support"
ok "bash: --db completes file names" bash -c 'touch "$1/crm-file.db"; cd "$1" && grep -qx crm-file.db <<<"$2"' _ \
  "$work" "$(cd "$work" && touch crm-file.db && complete_bash epicevents --db crm-f)"
ok "bash: a command after --db URL is still recognised" \
  is_set "$(complete_bash epicevents --db x.db clients '')" "$(sed -n 's/^clients //p' <<<"$commands")"
ok "bash: no session, no ids (and no database opened)" \
  bash -c 'test -z "$1" && test ! -e "$2"' _ "$(complete_bash "$bin" clients show '')" "$work/crm.db"

"$bin" db init --demo >/dev/null || echo "Bail out! db init"
printf 'admin123\n' | "$bin" login --email alice.manager@epic.com --password-stdin >/dev/null ||
  echo "Bail out! login"
ids() { "$bin" --json "$@" | sed -n 's/^ *{"id": \([0-9]*\),.*/\1/p'; }
ok "bash: with a session, 'events assign' offers the events' ids" \
  is_set "$(complete_bash "$bin" events assign '')" "$(ids events list)"
ok "bash: --support offers the Support users' ids only" \
  is_set "$(complete_bash "$bin" events assign 1 --support '')" "$(ids users list --department Support)"
ok "bash: once the ID is given, no more ids" is_set "$(complete_bash "$bin" clients show 1 '')" ""
ok "bash: --reassign-to offers users" \
  is_set "$(complete_bash "$bin" users delete 2 --reassign-to '')" "$(ids users list)"

# ---- zsh and fish: the same generator through their own drivers
if command -v zsh >/dev/null; then
  ok "zsh: zsh -n accepts _epicevents" zsh -n "$doc/_epicevents"
  got=$(zsh -c 'source "$1" 2>/dev/null; _epicevents_candidates_sh 2 epicevents clients ""' _ "$doc/_epicevents")
  ok "zsh: 'clients' offers its verbs" is_set "$got" "$(sed -n 's/^clients //p' <<<"$commands")"
  got=$(zsh -c 'source "$1" 2>/dev/null; _epicevents_candidates_sh 5 "$2" events assign 1 --support ""' _ \
    "$doc/_epicevents" "$bin")
  ok "zsh: --support offers the Support users' ids" is_set "$got" "$(ids users list --department Support)"
else
  skip "zsh completion" "zsh is not installed (make deps installs it)"
fi
if command -v fish >/dev/null; then
  ok "fish: fish -n accepts epicevents.fish" fish -n "$doc/epicevents.fish"
  got=$(fish -c 'source $argv[1]; complete -C "epicevents con"' "$doc/epicevents.fish" | cut -f1)
  ok "fish: 'epicevents con' completes to contracts" is_set "$got" contracts
  got=$(fish -c 'source $argv[1]; complete -C "epicevents users create --department "' "$doc/epicevents.fish" | cut -f1)
  ok "fish: --department values" is_set "$got" "Commercial Support Management"
else
  skip "fish completion" "fish is not installed (make deps installs it)"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
