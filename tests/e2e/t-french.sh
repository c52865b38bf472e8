#!/usr/bin/env bash
# French (issue 18): under LANG=fr_FR.UTF-8 the messages for people are
# French (po/fr.po) while everything a program reads stays as it is: exit
# codes, one error line, --json keys and values, CSV headers, amounts and
# dates (only LC_MESSAGES follows the locale). An unknown language or a
# missing catalogue falls back to English, silently.
. "$(dirname "$0")/lib.sh" "$1"

# The build tree's catalogue (meson passes it; by hand: next to the program).
export EPICEVENTS_LOCALEDIR=${EPICEVENTS_LOCALEDIR:-$(dirname "$bin")/po}
if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8'; then
  echo "Bail out! no fr_FR.UTF-8 locale: run scripts/deps.sh (it generates it)"; exit 1
fi
if [ ! -f "$EPICEVENTS_LOCALEDIR/fr/LC_MESSAGES/epicevents.mo" ]; then
  echo "Bail out! no catalogue in $EPICEVENTS_LOCALEDIR: build first (ninja)"; exit 1
fi

english() { unset LANG LC_ALL LANGUAGE; export LC_MESSAGES=C; }
french() { unset LC_ALL LC_MESSAGES LANGUAGE; export LANG=fr_FR.UTF-8; }
# in_lang LANG COMMAND...: the command under that LANG alone.
in_lang() { local l=$1; shift; env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG="$l" "$@"; }

init_demo
french

# --- not logged in, help, unknown command -------------------------------
run 3 ee whoami
check "not logged in: French" contains "$err" "non connecté : lancez 'epicevents login'"
check "not logged in: one error line" one_error_line
run 0 ee --help
check "help: French prose" contains "$out" "Epic Events CRM : clients, contrats et évènements"
check "help: command summaries in French" contains "$out" "lister les clients"
check "help: command names stay" contains "$out" "clients list"
check "help: exit codes in French" contains "$out" "4 permission refusée"
run 0 ee help clients create
check "help COMMAND: usage in French" contains "$out" "usage : epicevents clients create --full-name NAME"
check "help COMMAND: option help in French" contains "$out" "le nom complet du client"
run 2 ee clinets list
check "unknown command: French, with the suggestion" contains "$err" "commande inconnue 'clinets' : vouliez-vous dire 'clients' ?"
check "unknown command: one error line" one_error_line
run 2 ee --json --csv clients list
check "--json with --csv: French" contains "$err" "s'excluent mutuellement"

# --- login, clients create / list ----------------------------------------
login_as bill
check "login: French" contains "$out" "connecté en tant que Bill Boquet (Commercial)"
run 0 ee clients create --full-name "Jeanne Dupont" --email jeanne@exemple.fr \
  --phone "+33 1 23 45 67 89" --company "Fêtes & Cie"
check "create: the note is French" contains "$err" "client 2 créé"
check "create: the record's keys stay" contains "$out" "full_name: Jeanne Dupont"
run 0 ee clients list
check "list: French headings" contains "$out" "Nom complet"
check "list: French headings (2)" contains "$out" "Entreprise"
check "list: the data stays" contains "$out" "Fêtes & Cie"
run 0 ee contracts list
check "amounts keep their point (LC_NUMERIC stays C)" contains "$out" "10000.00"
check "booleans for people are French" contains "$out" "oui"

# --- machine output is the same bytes in both languages -------------------
for fmt in --json --csv; do
  for what in "clients list" "contracts list" "events list" "whoami"; do
    run 0 ee $fmt $what
    fr_out=$out
    english
    run 0 ee $fmt $what
    french
    check "$fmt $what: the same bytes in French and English" is "$fr_out" "$out"
  done
done
run 0 ee --json clients list
check "--json keys untranslated" contains "$out" '"full_name"'
check "--json has no French key" bash -c '! grep -q "Nom complet" <<<"$1"' _ "$out"
run 0 ee --csv clients list
check "CSV header untranslated" is "$(head -1 <<<"$out" | tr -d '\r')" \
  "id,full_name,email,phone,company_name,commercial_contact_id,commercial_name,creation_date,last_update"
run 0 ee --json clients create --full-name "Paul Martin" --email paul@exemple.fr \
  --phone "0123456789" --company ACME
check "--json create: no note on stderr" is "$err" ""

# --- refusals: French, one line, the same exit codes ---------------------
before=$(db_snapshot)
run 4 ee contracts create --client 1 --total 10
check "permission refusal: French" contains "$err" "permission refusée : le personnel Commercial ne peut pas créer des contrats"
check "permission refusal: one error line" one_error_line
run 2 ee clients create --full-name "X" --email pas-un-email --phone 1 --company A
check "validation error: French" contains "$err" "n'a pas de '@'"
check "validation error: one error line" one_error_line
run 5 ee clients show 999
check "not found: French" contains "$err" "n'existe pas"
check "refusals wrote nothing" is "$(db_snapshot)" "$before"

# Exit codes do not depend on the language.
cmds=("whoami" "clients show 999" "contracts create --client 1 --total 10"
      "clients create --full-name X --email bad --phone 1 --company A"
      "frobnicate" "events list --from nope" "clients list")
for c in "${cmds[@]}"; do
  # shellcheck disable=SC2086
  in_lang fr_FR.UTF-8 "$bin" $c >/dev/null 2>&1; fr_code=$?
  # shellcheck disable=SC2086
  in_lang C.UTF-8 "$bin" $c >/dev/null 2>&1; en_code=$?
  check "'$c': exit $en_code in both languages" is "$fr_code" "$en_code"
done

# --- words inside messages: whole French (no English word filled in) -----
# Each kind of record has its own sentence, with its article and gender;
# English keeps its words; the exit code is the same.
login_as alice
declare -A missing_fr=([clients]="le client 999" [contracts]="le contrat 999"
  [events]="l'évènement 999" [payments]="le paiement 999" [users]="l'utilisateur 999")
declare -A missing_en=([clients]="client 999" [contracts]="contract 999"
  [events]="event 999" [payments]="payment 999" [users]="user 999")
for noun in clients contracts events payments users; do
  run 5 ee "$noun" show 999
  check "$noun show 999: whole French" is "$err" "epicevents: ${missing_fr[$noun]} n'existe pas"
  english
  run 5 ee "$noun" show 999
  check "$noun show 999: English keeps its words" is "$err" "epicevents: ${missing_en[$noun]} does not exist"
  french
done
run 2 ee contracts create --client 1 --total abc
check "validation: the field's name is French" contains "$err" "epicevents: montant total : 'abc' "
check "validation: no English field name" bash -c '! grep -q "total amount" <<<"$1"' _ "$err"
check "validation (amount): one error line" one_error_line
login_as bill
run 2 ee clients create --full-name "" --email vide@exemple.fr --phone 0123456789 --company A
check "empty field: French label" is "$err" "epicevents: nom complet : vide"
run 2 ee clients create --full-name X --email pas-un-email --phone 0123456789 --company A
check "bad email: French label" is "$err" "epicevents: e-mail : 'pas-un-email' n'a pas de '@'"

# --- counts: singular for 0 and 1, plural from 2 (Plural-Forms) -----------
csv_head='full_name,email,phone,company_name'
printf '%s\nUn Seul,un@exemple.fr,0123456789,A\n' "$csv_head" >"$work/one.csv"
printf '%s\nDeux A,deux-a@exemple.fr,0123456789,A\nDeux B,deux-b@exemple.fr,0123456789,A\n' \
  "$csv_head" >"$work/two.csv"
run 0 ee clients import "$work/one.csv" --dry-run
check "dry run of 1: singular" is "$out" "essai : importerait 1 client (créés 1, mis à jour 0, ignorés 0) ; rien n'est écrit"
run 0 ee clients import "$work/one.csv"
check "import of 1: singular" is "$out" "1 client importé (créés 1, mis à jour 0, ignorés 0)"
run 0 ee clients import "$work/two.csv"
check "import of 2: plural" is "$out" "2 clients importés (créés 2, mis à jour 0, ignorés 0)"
printf '%s\nMauvais,pas-un-email,0123456789,A\n' "$csv_head" >"$work/bad1.csv"
printf '%s\nMauvais,pas-un-email,0123456789,A\nAussi,non,0123456789,A\n' "$csv_head" >"$work/bad2.csv"
before=$(db_snapshot)
run 2 ee clients import "$work/bad1.csv"
check "1 bad row: singular" is "$(tail -1 <<<"$err")" "epicevents: 1 ligne en erreur : rien n'a été importé"
check "1 bad row: the row's reason in French" contains "$err" "colonne email : e-mail : 'pas-un-email'"
run 2 ee clients import "$work/bad2.csv"
check "2 bad rows: plural" is "$(tail -1 <<<"$err")" "epicevents: 2 lignes en erreur : rien n'a été importé"
english
run 2 ee clients import "$work/bad1.csv"
check "English, 1 bad row: singular" is "$(tail -1 <<<"$err")" "epicevents: 1 bad row: nothing imported"
french
check "bad rows wrote nothing" is "$(db_snapshot)" "$before"

# --- logout ---------------------------------------------------------------
run 0 ee logout
check "logout: French" is "$out" "déconnecté"

# --- fallbacks: English, silently -----------------------------------------
stdin_text=""
run 3 in_lang xx_YY.UTF-8 "$bin" whoami
check "unknown language: English" is "$err" "epicevents: not logged in: run 'epicevents login'"
run 0 in_lang xx_YY.UTF-8 "$bin" --help
check "unknown language: English help" contains "$out" "list clients"
empty="$work/no-catalogue"
mkdir -p "$empty"
run 3 env EPICEVENTS_LOCALEDIR="$empty" "$bin" whoami
check "missing catalogue: English" is "$err" "epicevents: not logged in: run 'epicevents login'"
run 0 env EPICEVENTS_LOCALEDIR="$empty" "$bin" --help
check "missing catalogue: English help" contains "$out" "list clients"
run 3 env LANGUAGE=fr "$bin" whoami
check "LANGUAGE alone under LANG=fr keeps French" contains "$err" "non connecté"
english
run 3 ee whoami
check "LANG unset: English" is "$err" "epicevents: not logged in: run 'epicevents login'"

finish
