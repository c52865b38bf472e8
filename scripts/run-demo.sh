#!/usr/bin/env bash
# `make run`: opens the CRM on the demo database, creating it the first time.
# Uses the configured database when one is set (--db, DATABASE_URL, DB_*,
# .env); otherwise the embedded default under $XDG_DATA_HOME.
set -euo pipefail
bin=${1:-build/epicevents}

if ! "$bin" whoami >/dev/null 2>&1; then
  # Safe on any database: 'db init' never deletes, and '--demo' only loads
  # the demo data into a database without users.
  "$bin" db init --demo
  cat <<'TXT'

Demo users (email / password):
  bill.boquet@epic.com   / password123   Commercial
  kate.hastroff@epic.com / password123   Support
  alice.manager@epic.com / admin123      Management
Type 'login' in the shell, then 'help'.

TXT
fi
exec "$bin"
