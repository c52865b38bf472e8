#!/usr/bin/env bash
# `make serve`: the web page and the API on the same database as `make run`
# (the configured one, else the embedded default under $XDG_DATA_HOME),
# with the demo data loaded the first time, on a loopback address.
set -euo pipefail
bin=${1:-build/epicevents}
listen=${EPICEVENTS_LISTEN:-127.0.0.1:8080}

# Safe on any database: 'db init' never deletes, and '--demo' only loads
# the demo data into a database without users.
"$bin" db init --demo
cat <<TXT

Open http://$listen/ in a browser (Ctrl-C stops the server).
Demo users (email / password):
  bill.boquet@epic.com   / password123   Commercial
  kate.hastroff@epic.com / password123   Support
  alice.manager@epic.com / admin123      Management

TXT
exec "$bin" serve --listen "$listen"
