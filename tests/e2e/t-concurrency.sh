#!/usr/bin/env bash
# Concurrent writers: no lost update, no broken rule, the right exit codes.
. "$(dirname "$0")/lib.sh" "$1"

init_demo
login_as alice

# Ten processes sign the same unsigned contract at once: exactly one wins.
run 0 ee contracts create --client 1 --total 1000
cid=$(db_query "SELECT max(id) FROM contracts")
for i in $(seq 10); do ( ee contracts sign "$cid" >/dev/null 2>&1; echo $? > "$work/sign.$i" ) & done
wait
codes=$(cat "$work"/sign.* | sort | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')
check "one signature succeeds, nine conflict (got: $codes)" [ "$codes" = "0x1 6x9 " ]
check "the journal has exactly one signature" \
  [ "$(db_query "SELECT count(*) FROM audit_log WHERE action = 'sign' AND entity_id = $cid")" = 1 ]

# Lowering the total while raising the remaining amount, at the same time,
# many times: each writer checks remaining <= total against what the other
# committed, so the pair can never leave remaining > total.
bad=0
for round in $(seq 8); do
  run 0 ee contracts update "$cid" --total 1000 --remaining 500
  ( ee contracts update "$cid" --total 100 >/dev/null 2>&1; echo $? > "$work/t.$round" ) &
  ( ee contracts update "$cid" --remaining 900 >/dev/null 2>&1; echo $? > "$work/r.$round" ) &
  wait
  ok=$(db_query "SELECT count(*) FROM contracts WHERE id = $cid AND remaining_amount <= total_amount")
  [ "$ok" = 1 ] || bad=$((bad + 1))
  for f in "$work/t.$round" "$work/r.$round"; do
    case $(cat "$f") in 0|2) ;; *) bad=$((bad + 1)) ;; esac
  done
done
check "remaining <= total held through 8 concurrent rounds (exit codes 0 or 2 only)" [ "$bad" = 0 ]

# Concurrent creations of one email: one client, the rest conflicts.
use_as bill
for i in $(seq 6); do
  ( ee clients create --full-name "Race $i" --email race@client.io --phone 0102030405 --company Race >/dev/null 2>&1
    echo $? > "$work/c.$i" ) &
done
wait
codes=$(cat "$work"/c.* | sort | uniq -c | awk '{print $2 "x" $1}' | tr '\n' ' ')
check "one client per email under a race (got: $codes)" [ "$codes" = "0x1 6x5 " ]
check "one row stored" [ "$(db_query "SELECT count(*) FROM clients WHERE email = 'race@client.io'")" = 1 ]

# Concurrent events on one signed contract by its commercial: all stored.
for i in $(seq 6); do
  ( ee events create --contract 1 --name "Party $i" --start 2026-01-01T10:00:00Z --end 2026-01-01T11:00:00Z \
      --location Here --attendees "$i" >/dev/null 2>&1; echo $? > "$work/e.$i" ) &
done
wait
check "six concurrent event creations all succeed" [ "$(cat "$work"/e.* | sort -u)" = 0 ]
check "six events stored" [ "$(db_query "SELECT count(*) FROM events WHERE name LIKE 'Party %'")" = 6 ]
finish
