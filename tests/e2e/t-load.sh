#!/usr/bin/env bash
# Load: 8 concurrent processes doing mixed operations (LOAD_OPS each, 250 by
# default) — clients, contracts signed and paid, events created, assigned
# and updated. Only the expected conflicts may fail, and the final totals
# match what the successful operations imply: nothing lost, nothing doubled.
. "$(dirname "$0")/lib.sh" "$1"
ops=${LOAD_OPS:-250}

init_demo
login_as alice
# Four commercials and two support staff besides the demo users.
for k in 1 2 3 4; do
  stdin_text=$'load-pass-123\n'
  desc="create commercial $k" run 0 ee users create --employee-id "LC$k" --name "Load Com $k" --email "lc$k@epic.com" --department commercial --password-stdin
done
for k in 1 2; do
  stdin_text=$'load-pass-123\n'
  desc="create support $k" run 0 ee users create --employee-id "LS$k" --name "Load Sup $k" --email "ls$k@epic.com" --department support --password-stdin
done
# A shared pool of unsigned contracts on Bill's client, that everyone races to sign.
for k in $(seq 20); do desc="pool contract $k" run 0 ee contracts create --client 1 --total 1000; done
pool_first=$(db_query "SELECT min(id) FROM contracts WHERE NOT is_signed")

token_for() { # WHO EMAIL -> token file path
  local f="$work/tok.$1"
  printf 'load-pass-123\n' | EPICEVENTS_TOKEN_FILE="$f" "$bin" login --email "$2" --password-stdin >/dev/null 2>&1 ||
    printf '%s\n' "$3" | EPICEVENTS_TOKEN_FILE="$f" "$bin" login --email "$2" --password-stdin >/dev/null 2>&1
  echo "$f"
}

# Each worker writes one line per operation: "<op> <exit code>".
commercial_worker() { # N TOKEN
  local n=$1 tok=$2 i code cid kid
  for i in $(seq "$ops"); do
    case $(( i % 5 )) in
      0|1) EPICEVENTS_TOKEN_FILE=$tok "$bin" clients create --full-name "Client $n-$i" \
             --email "c$n-$i@load.io" --phone 0102030405 --company "Co $n" >/dev/null 2>&1
           echo "client $?" ;;
      2) cid=$(EPICEVENTS_TOKEN_FILE=$tok "$bin" --csv clients list --mine --limit 1 2>/dev/null | sed -n '2s/,.*//p')
         if [ -n "$cid" ]; then
           EPICEVENTS_TOKEN_FILE=$tok "$bin" clients update "$cid" --phone "0$(( 100000000 + i ))" >/dev/null 2>&1
           echo "update $?"
         fi ;;
      3) EPICEVENTS_TOKEN_FILE=$tok "$bin" --json events list --mine --limit 5 >/dev/null 2>&1; echo "read $?" ;;
      4) EPICEVENTS_TOKEN_FILE=$tok "$bin" contracts list --unsigned --limit 3 >/dev/null 2>&1; echo "read $?" ;;
    esac
  done
}
manager_worker() { # N TOKEN
  local n=$1 tok=$2 i kid eid
  for i in $(seq "$ops"); do
    case $(( i % 4 )) in
      0) EPICEVENTS_TOKEN_FILE=$tok "$bin" contracts create --client 1 --total "$(( 100 + i )).50" >/dev/null 2>&1
         echo "contract $?" ;;
      1) kid=$(( pool_first + RANDOM % 20 ))
         EPICEVENTS_TOKEN_FILE=$tok "$bin" contracts sign "$kid" >/dev/null 2>&1; echo "sign $? $kid" ;;
      2) EPICEVENTS_TOKEN_FILE=$tok "$bin" contracts update 1 --remaining "$(( RANDOM % 5000 )).00" >/dev/null 2>&1
         echo "pay $?" ;;
      3) EPICEVENTS_TOKEN_FILE=$tok "$bin" events assign 1 --support "$(( RANDOM % 2 == 0 ? 2 : 2 ))" >/dev/null 2>&1
         echo "assign $?" ;;
    esac
  done
}
event_worker() { # N TOKEN (Bill: events on his signed contract 1)
  local n=$1 tok=$2 i
  for i in $(seq "$ops"); do
    EPICEVENTS_TOKEN_FILE=$tok "$bin" events create --contract 1 --name "Load $n-$i" \
      --start 2026-03-01T10:00:00Z --end 2026-03-01T12:00:00Z --location L --attendees "$i" >/dev/null 2>&1
    echo "event $?"
  done
}
support_worker() { # N TOKEN (Kate: her event 1)
  local n=$1 tok=$2 i
  for i in $(seq "$ops"); do
    EPICEVENTS_TOKEN_FILE=$tok "$bin" events update 1 --attendees "$i" >/dev/null 2>&1
    echo "support $?"
  done
}

declare -a toks
for k in 1 2 3 4; do toks[$k]=$(token_for "lc$k" "lc$k@epic.com"); done
tok_alice=$(token_for alice alice.manager@epic.com admin123)
tok_bill=$(token_for bill bill.boquet@epic.com password123)
tok_kate=$(token_for kate kate.hastroff@epic.com password123)

before_clients=$(db_query "SELECT count(*) FROM clients")
before_contracts=$(db_query "SELECT count(*) FROM contracts")
before_events=$(db_query "SELECT count(*) FROM events")
t0=$(date +%s)
for k in 1 2 3 4; do commercial_worker "$k" "${toks[$k]}" > "$work/w.c$k" & done
manager_worker 1 "$tok_alice" > "$work/w.m1" &
manager_worker 2 "$tok_alice" > "$work/w.m2" &
event_worker 1 "$tok_bill" > "$work/w.e1" &
support_worker 1 "$tok_kate" > "$work/w.s1" &
wait
t1=$(date +%s)
echo "# 8 processes x $ops operations on $backend in $(( t1 - t0 )) s"

all=$(cat "$work"/w.*)
unexpected=$(awk '$1 == "sign" { if ($2 != 0 && $2 != 6) print; next } $2 != 0 { print }' <<<"$all")
check "no failure but the expected signature conflicts ($(wc -l <<<"$all") operations)" [ -z "$unexpected" ]
[ -z "$unexpected" ] || printf '%s\n' "$unexpected" | sort | uniq -c | head | sed 's/^/# /'
ok_clients=$(grep -c '^client 0' <<<"$all")
ok_contracts=$(grep -c '^contract 0' <<<"$all")
ok_events=$(grep -c '^event 0' <<<"$all")
check "clients: stored = before + successful creations" \
  [ "$(db_query "SELECT count(*) FROM clients")" = $(( before_clients + ok_clients )) ]
check "contracts: stored = before + successful creations" \
  [ "$(db_query "SELECT count(*) FROM contracts")" = $(( before_contracts + ok_contracts )) ]
check "events: stored = before + successful creations" \
  [ "$(db_query "SELECT count(*) FROM events")" = $(( before_events + ok_events )) ]
signed_ok=$(awk '$1 == "sign" && $2 == 0 { print $3 }' <<<"$all" | sort | uniq -d)
check "no contract was signed twice" [ -z "$signed_ok" ]
check "each successful signature is one signed contract" \
  [ "$(awk '$1 == "sign" && $2 == 0' <<<"$all" | wc -l)" = "$(db_query "SELECT count(*) FROM contracts WHERE is_signed AND id >= $pool_first AND id < $pool_first + 20")" ]
check "the journal has one row per successful change" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'client'")" -ge "$ok_clients" ]
check "remaining <= total everywhere" \
  [ "$(db_query "SELECT count(*) FROM contracts WHERE remaining_amount > total_amount")" = 0 ]
finish
