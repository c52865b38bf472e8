#!/usr/bin/env bash
# Logins and password changes under attack: the session key, and
# non-ASCII emails.
. "$(dirname "$0")/lib.sh" "$1"
init_demo

# --- JWT_SECRET_KEY: long enough, and used whole -------------------------------------------
JWT_SECRET_KEY=short-secret run 2 ee whoami
check "a short JWT_SECRET_KEY is refused in one line naming it" eval 'one_error_line && contains "$err" JWT_SECRET_KEY'
check "without showing it" eval '! contains "$err" short-secret'
JWT_SECRET_KEY=short-secret run 2 ee --db "postgresql://nobody@127.0.0.1:9/none" whoami
check "before any database work" contains "$err" JWT_SECRET_KEY
key_a=$(printf 'k%.0s' $(seq 299))a
key_b=$(printf 'k%.0s' $(seq 299))b
stdin_text=$'password123\n'
JWT_SECRET_KEY=$key_a run 0 ee login --email bill.boquet@epic.com --password-stdin
JWT_SECRET_KEY=$key_a desc="a token signed with a 300-byte key verifies with it" run 0 ee whoami
JWT_SECRET_KEY=$key_b desc="but not with a key differing only in byte 300" run 3 ee whoami
JWT_SECRET_KEY=$(printf 'k%.0s' $(seq 32)) desc="a 32-byte key is accepted" run 3 ee whoami

# --- non-ASCII emails fold the same way at creation and at login -------------------------
use_as alice
stdin_text=$'Elodie-pass-42\n'
run 0 ee users create --employee-id SUP042 --name "Élodie Test" --email "Élodie.Test@epic.com" \
  --department support --password-stdin
stdin_text=$'Elodie-pass-42\n'
run 0 ee login --email "ÉLODIE.test@epic.com" --password-stdin
stdin_text=$'Elodie-pass-42\n'
run 0 ee login --email "élodie.test@epic.com" --password-stdin
finish
