"""The SQL that `epicevents` runs for each listing, for the benchmark floors
and bench/check-indexes.

The SELECT ... FROM ... JOIN part is read from the program's own source
(the *_SELECT macros of src/store/store-*.c), so the joins and columns stay
those of the program. The WHERE conditions are copied here as they are
written in the store (`$?` being the bound parameter), and each is checked
to still appear in the source: if the store changes a condition, this file
says so instead of timing a query the program no longer runs.
"""

import datetime
import os
import re

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
STORE = os.path.join(TOP, "src", "store")

KATE = 2          # demo Support user; gen-data gives her ~20 % of the events
BILL = 1          # demo Commercial user
BENCH_COM = 4     # com01.bench@epic.com
SEARCH_TEXT = "müller"


def _c_macro(path, name):
    """The string value of `#define NAME "..." "..."` (continued lines)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^#define\s+" + name + r"\b(.*?)(?<!\\)\n", text, re.S | re.M)
    if not m:
        raise SystemExit(f"queries: no macro {name} in {path}: update bench/queries.py")
    body = m.group(1).replace("\\\n", " ")
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', body)
    return "".join(p.encode().decode("unicode_escape") for p in parts)


def _source_text():
    out = []
    for fn in sorted(os.listdir(STORE)):
        if fn.startswith("store-") and fn.endswith(".c"):
            with open(os.path.join(STORE, fn), encoding="utf-8") as f:
                # join adjacent C string literals so a split condition is found
                out.append(re.sub(r'"\s*\n\s*"', "", f.read()))
    return "\n".join(out)


SELECT = {
    "clients": _c_macro(os.path.join(STORE, "store-client.c"), "CLIENT_SELECT"),
    "contracts": _c_macro(os.path.join(STORE, "store-contract.c"), "CONTRACT_SELECT"),
    "events": _c_macro(os.path.join(STORE, "store-event.c"), "EVENT_SELECT"),
    "audit": _c_macro(os.path.join(STORE, "store-audit.c"), "AUDIT_SELECT"),
}
SELECT["payments"] = _c_macro(os.path.join(STORE, "store-payment.c"), "PAYMENT_SELECT")
SELECT["users"] = ("SELECT " + _c_macro(os.path.join(STORE, "store-user.c"), "USER_COLUMNS")
                   + _c_macro(os.path.join(STORE, "store-user.c"), "USER_FROM"))
ORDER = {"clients": "c.id", "contracts": "k.id", "events": "e.id", "audit": "id"}
HISTORY_ID = 1234  # a client with journal rows (bench/gen-journal)
ALIAS = {"clients": "c", "contracts": "k", "events": "e", "audit": "audit_log"}
ID = {"clients": "c.id", "contracts": "k.id", "events": "e.id"}

_LIKE = ("(lower(c.full_name) LIKE $? ESCAPE '\\\\' OR lower(c.email) LIKE $? ESCAPE '\\\\' "
         "OR lower(c.company_name) LIKE $? ESCAPE '\\\\')")


class Listing:
    """One listing command: its arguments, entity, WHERE conditions (store
    text with $?), parameter values, the table the filter is on, the index
    expected to serve it (None: no index applies), and the login to use."""

    def __init__(self, name, args, entity, conds=(), params=(), filtered=None,
                 index=None, user="bill", bench=True, note="", order=None,
                 sqlite_conds=None):
        self.name, self.args, self.entity = name, list(args), entity
        # SQLite's own writing of the conditions, where the store has one
        self.sqlite_conds = list(sqlite_conds) if sqlite_conds else None
        self.order = order or ORDER[entity]
        self.conds, self.params = list(conds), list(params)
        self.filtered, self.index, self.user = filtered, index, user
        self.bench, self.note = bench, note

    def sql(self, dialect, limit=None, by_id=None):
        """The SELECT with parameters inlined as literals."""
        sql = SELECT[self.entity]
        conds = list(self.sqlite_conds if dialect == "sqlite" and self.sqlite_conds
                     else self.conds)
        vals = list(self.params)
        if by_id is not None:
            conds, vals = [f"{ID[self.entity]} = $?"], [by_id]
        where = []
        for c in conds:
            c = c.replace("\\\\", "\\")
            while "$?" in c:
                c = c.replace("$?", _literal(vals.pop(0), dialect), 1)
            where.append(c)
        if where:
            sql += " WHERE " + " AND ".join(where)
        if by_id is None:
            sql += f" ORDER BY {self.order}"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql


class Time(str):
    """A UTC instant 'YYYY-MM-DD HH:MM:SS' as both dialects store it."""


def _literal(v, dialect):
    if isinstance(v, Time):
        return f"'{v}'" if dialect == "sqlite" else f"TIMESTAMP '{v}'"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def _like(text):
    esc = "".join("\\" + ch if ch in "%_\\" else ch for ch in text)
    # the program lowercases ASCII letters only (tolower per byte)
    return "%" + "".join(ch.lower() if ch.isascii() else ch for ch in esc) + "%"


# The listings of the issue, then the other filters bench/check-indexes checks.
LISTINGS = [
    Listing("clients list", ["clients", "list"], "clients"),
    Listing("contracts list", ["contracts", "list"], "contracts"),
    Listing("contracts unsigned", ["contracts", "unsigned"], "contracts",
            ["NOT k.is_signed"], [], "contracts", "contracts_unsigned_idx"),
    Listing("contracts unpaid", ["contracts", "unpaid"], "contracts",
            ["k.remaining_amount > 0"], [], "contracts", "contracts_unpaid_idx"),
    Listing("contracts overdue", ["contracts", "overdue"], "contracts",
            ["k.remaining_amount > 0", "k.payment_due_date < $?"],
            [datetime.datetime.now(datetime.timezone.utc).date().isoformat()], "contracts",
            "contracts_overdue_idx",
            sqlite_conds=["k.id IN (SELECT id FROM contracts WHERE remaining_amount > 0 "
                          "AND payment_due_date < $?)"]),
    Listing("events list", ["events", "list"], "events"),
    Listing("events no-support", ["events", "no-support"], "events",
            ["e.support_contact_id IS NULL"], [], "events", "events_no_support_idx"),
    Listing("events my-events", ["events", "my-events"], "events",
            ["e.support_contact_id = $?"], [KATE], "events", "events_support_idx",
            user="kate"),
    Listing(f"clients list --search {SEARCH_TEXT}", ["clients", "list", "--search", SEARCH_TEXT],
            "clients", [_LIKE], [_like(SEARCH_TEXT)] * 3, "clients", None,
            note="LIKE '%text%' cannot use a B-tree index"),
    # check-indexes only
    Listing("clients list --mine", ["clients", "list", "--mine"], "clients",
            ["c.commercial_contact_id = $?"], [BENCH_COM], "clients", "clients_commercial_idx",
            user="com01", bench=False),
    Listing("contracts list --mine", ["contracts", "list", "--mine"], "contracts",
            ["c.commercial_contact_id = $?"], [BENCH_COM], "clients", "clients_commercial_idx",
            user="com01", bench=False),
    Listing("contracts list --client 1234", ["contracts", "list", "--client", "1234"],
            "contracts", ["k.client_id = $?"], [1234], "contracts", "contracts_client_idx",
            bench=False),
    Listing("contracts list --signed", ["contracts", "list", "--signed"], "contracts",
            ["k.is_signed"], [], "contracts", None, bench=False,
            note="half the rows: no index, a scan is right"),
    Listing("contracts list --paid", ["contracts", "list", "--paid"], "contracts",
            ["k.remaining_amount = 0"], [], "contracts", None, bench=False,
            note="a third of the rows: no index, a scan is right"),
    Listing("events list --contract 1234", ["events", "list", "--contract", "1234"], "events",
            ["e.contract_id = $?"], [1234], "events", "events_contract_idx", bench=False),
    Listing("events list --mine", ["events", "list", "--mine"], "events",
            ["c.commercial_contact_id = $?"], [BENCH_COM], "clients", "clients_commercial_idx",
            user="com01", bench=False),
    # events assign / a time change: the Support user's events overlapping the
    # booking (store_event_overlap, written there with numbered parameters).
    Listing("events assign: overlap check", ["events", "list", "--support", str(KATE)], "events",
            ["e.support_contact_id = $?", "e.end_date >= $?",
             "(e.end_date > $? OR e.end_date = e.start_date)", "e.start_date < $?"],
            [KATE, Time("2026-06-01 09:00:00"), Time("2026-06-01 09:00:00"),
             Time("2026-06-01 12:00:00")], "events", "events_support_end_idx", bench=False),
    # The window [from, to): events starting in [from - longest event, to) that
    # end after from; gen-data's longest event is 3 days, so the program's
    # lower bound is from - 3 days - 1 s.
    Listing("events list --from 2025-03-01 --to 2025-03-02",
            ["events", "list", "--from", "2025-03-01T00:00:00Z", "--to", "2025-03-02T00:00:00Z"],
            "events", ["e.start_date >= $?", "e.end_date >= $?",
                       "(e.end_date > $? OR e.end_date = e.start_date)", "e.start_date < $?"],
            [Time("2025-02-25 23:59:59"), Time("2025-03-01 00:00:00"),
             Time("2025-03-01 00:00:00"), Time("2025-03-02 00:00:00")], "events",
            "events_start_idx"),
    # The journal (bench/gen-journal fills it): a record's history, and
    # audit list's criteria (migration 0004's indexes).
    Listing(f"clients history {HISTORY_ID}", ["clients", "history", str(HISTORY_ID)], "audit",
            ["entity = $?", "entity_id = $?"], ["client", HISTORY_ID], "audit_log",
            "audit_log_entity_idx", bench=False),
    Listing(f"audit list --entity contract --id {HISTORY_ID} --newest-first",
            ["audit", "list", "--entity", "contract", "--id", str(HISTORY_ID), "--newest-first"],
            "audit", ["entity = $?", "entity_id = $?"], ["contract", HISTORY_ID], "audit_log",
            "audit_log_entity_idx", user="alice", bench=False, order="id DESC"),
    Listing("audit list --actor 7", ["audit", "list", "--actor", "7"], "audit",
            ["actor_id = $?"], [7], "audit_log", "audit_log_actor_idx", user="alice",
            bench=False),
    Listing("audit list --action create", ["audit", "list", "--action", "create"], "audit",
            ["action = $?"], ["create"], "audit_log", "audit_log_action_idx", user="alice",
            bench=False),
    Listing("audit list --since 2025-12-01", ["audit", "list", "--since", "2025-12-01T00:00:00Z"],
            "audit", ["created_at >= $?", "created_at <= $?"],
            [Time("2025-12-01 00:00:00"), Time("9999-12-31 23:59:59")], "audit_log",
            "audit_log_created_idx", user="alice", bench=False),
]


# ---- sorted listings (sort=COLUMN) -------------------------------------------

def _sort_tables():
    """store-sort.c's tables: {entity: (id_sql, {name: (sql, nullable)})}."""
    with open(os.path.join(STORE, "store-sort.c"), encoding="utf-8") as f:
        text = f.read()
    ids = dict(re.findall(r'TABLE\(store_(\w+)_sorts, "([^"]+)"', text))
    out = {}
    for m in re.finditer(r"static const struct store_sort_column (\w+)_columns\[\] = \{(.*?)\};",
                         text, re.S):
        cols = re.findall(r'\{\s*"(\w+)",\s*(?:NULL|"([^"]*)"),\s*(true|false)\s*\}', m.group(2))
        out[m.group(1) + "s"] = (ids[m.group(1)], {n: (sql or None, nb == "true")
                                                    for n, sql, nb in cols})
    return out


SORT_TABLES = _sort_tables()
TABLE_OF = {"clients": "clients", "contracts": "contracts", "events": "events",
            "payments": "payments", "users": "users"}
SORT_ALIAS = {"clients": "c", "contracts": "k", "events": "e", "payments": "p", "users": "u"}


def sort_order(entity, column, desc, dialect):
    """ORDER BY's text as query_order_sorted (src/store/query.c) writes it."""
    id_sql, cols = SORT_TABLES[entity]
    sql, nullable = cols[column]
    d = " DESC" if desc else ""
    o = ""
    if sql:
        o = sql + d
        if nullable and dialect == "pg":
            o += " NULLS LAST" if desc else " NULLS FIRST"
        o += ", "
    return o + id_sql + d


class Sorted:
    """A page of 50 of a list sorted by one column, optionally filtered:
    the index expected to give the rows in order (None: no index can with
    that filter; note says why)."""

    def __init__(self, entity, column, index, conds=(), params=(), name=None, note=""):
        self.entity, self.column, self.index = entity, column, index
        self.conds, self.params, self.note = list(conds), list(params), note
        self.table, self.alias = TABLE_OF[entity], SORT_ALIAS[entity]
        self.name = name or f"{entity} list --sort {column}"

    def sql(self, dialect, desc):
        sql = SELECT[self.entity]
        vals, where = list(self.params), []
        for c in self.conds:
            while "$?" in c:
                c = c.replace("$?", _literal(vals.pop(0), dialect), 1)
            where.append(c)
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql + " ORDER BY " + sort_order(self.entity, self.column, desc, dialect) + " LIMIT 50"


# Every sortable column but id (the listings above), and the filters most
# often combined with a sort.
SORT_INDEX = {
    ("clients", "full_name"): "clients_full_name_idx",
    ("clients", "company_name"): "clients_company_idx",
    ("contracts", "total_amount"): "contracts_total_idx",
    ("contracts", "remaining_amount"): "contracts_remaining_idx",
    ("contracts", "payment_due_date"): "contracts_due_idx",
    ("events", "start_date"): "events_start_idx",
    ("events", "attendees_count"): "events_attendees_idx",
    ("payments", "paid_on"): "payments_paid_on_idx",
    ("payments", "amount"): "payments_amount_idx",
    ("users", "employee_id"): None,  # its UNIQUE constraint's index (named per backend)
    ("users", "name"): "users_name_idx",
}
SORTED = [Sorted(e, c, i) for (e, c), i in SORT_INDEX.items()] + [
    Sorted("clients", "full_name", None, ["c.commercial_contact_id = $?"], [BENCH_COM],
           "clients list --mine --sort full_name",
           "one commercial's clients: clients_commercial_idx then a sort of those rows"),
    Sorted("contracts", "payment_due_date", "contracts_due_idx", ["k.remaining_amount > 0"], [],
           "contracts unpaid --sort payment_due_date"),
    Sorted("events", "start_date", None, ["e.support_contact_id = $?"], [KATE],
           "events my-events --sort start_date",
           "one user's events: events_support_idx then a sort of those rows"),
]


def check_source():
    """Conditions of LISTINGS missing from the store's source (stale copies)."""
    src = _source_text().replace("\\\\", "\\")
    missing = []
    for lst in LISTINGS:
        for c in lst.conds + (lst.sqlite_conds or []):
            if c.replace("\\\\", "\\") not in src:
                missing.append((lst.name, c))
    return missing


def user_select(dialect, user_id):
    """What every command runs to re-read the session's user (store-user.c)."""
    cols = _c_macro(os.path.join(STORE, "store-user.c"), "USER_COLUMNS")
    frm = _c_macro(os.path.join(STORE, "store-user.c"), "USER_FROM")
    return f"SELECT {cols}{frm} WHERE u.id = {int(user_id)}"


if __name__ == "__main__":
    import sys
    d = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    for lst in LISTINGS:
        print(f"-- {lst.name}\n{lst.sql(d)};")
    print(f"-- whoami\n{user_select(d, 1)};")
    for name, c in check_source():
        print(f"STALE: {name}: condition not in src/store: {c}", file=sys.stderr)
