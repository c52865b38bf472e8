#!/usr/bin/python3
"""The lists' sort parameter (GET /clients, /contracts, /events, /payments,
/users ?sort=COLUMN or -COLUMN), against one server.

Rows with ties in every sortable column are made through the API; for each
column and direction the list must be the whole list (in id order) sorted
by (column, id) in that direction, both as one list (limit=all) and as
pages of 4 read by following Link rel="next" (which must keep the sort).
Bad values are 400 with field "sort" naming the allowed columns; a
Commercial's mine=true and a Support user's mine=true keep their rows only.

Usage: t_api_sort.py sqlite|pg   (prints TAP)
"""
import os
import re
import sys
import urllib.parse
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apilib import DEMO, Api, Env, Server, Tap  # noqa: E402

tap = Tap(sys.argv[1] if len(sys.argv) > 1 else 'sqlite')
env = Env(tap, 'sort')
env.init_demo()
server = Server(env)
api = Api(server, tap)

V1 = '/api/v1'
SORTS = {  # openapi.json's enums, without the '-' forms
    'clients': ['id', 'full_name', 'company_name'],
    'contracts': ['id', 'total_amount', 'remaining_amount', 'payment_due_date'],
    'events': ['id', 'start_date', 'attendees_count'],
    'payments': ['id', 'paid_on', 'amount'],
    'users': ['id', 'employee_id', 'name'],
}
MONEY = {'total_amount', 'remaining_amount', 'amount'}

tok = {}
for who, (email, password, _) in DEMO.items():
    r = api.login(email, password)
    tap.status(r, 201, '%s logs in' % who)
    tok[who] = r.json['token'] if r.status == 201 else None


def must(r, status, desc):
    if not tap.status(r, status, desc):
        tap.diag('%s' % (r.body[:300],))
        sys.exit(tap.finish() or 1)
    return r.json


# ---- rows with ties in every sortable column ---------------------------------------

must(api.post(V1 + '/users', {'employee_id': 'COM777', 'name': 'Cora Vance',
                              'email': 'cora@epic.com', 'department': 'Commercial',
                              'password': 'Sortable-2031'}, token=tok['alice']),
     201, 'alice creates a second Commercial user')
for i, name in enumerate(['Ann Lee', 'Ann Lee', 'Zed Moe']):
    must(api.post(V1 + '/users', {'employee_id': 'SRT%02d' % (9 - i), 'name': name,
                                  'email': 'srt%d@epic.com' % i, 'department': 'Support',
                                  'password': 'Sortable-2031'}, token=tok['alice']),
         201, 'user %s' % name)
r = api.login('cora@epic.com', 'Sortable-2031')
tok['cora'] = must(r, 201, 'cora logs in')['token']

NAMES = ['Zoe Adams', 'anna Baker', 'Ann Lee', 'Zoe Adams', 'Bob Stone', 'Ann Lee']
COMPANIES = ['Umbra', 'Acme', 'Umbra', 'Bolt', 'Acme', 'acme']
mine_ids = []
for i in range(12):
    who = 'bill' if i % 3 else 'cora'
    c = must(api.post(V1 + '/clients', {
        'full_name': NAMES[i % len(NAMES)], 'email': 'sort%d@ex.com' % i, 'phone': '0102030405',
        'company_name': COMPANIES[i % len(COMPANIES)]}, token=tok[who]), 201, 'client %d' % i)
    if who == 'bill':
        mine_ids.append(c['id'])

AMOUNTS = ['900.00', '50.00', '900.00', '1200.50', '50.00', '75.25']
DUES = ['2031-03-01', None, '2030-12-31', '2031-03-01', None, '2031-01-15']
contracts = []
for i in range(10):
    body = {'client_id': mine_ids[i % len(mine_ids)], 'total_amount': AMOUNTS[i % 6]}
    if DUES[i % 6]:
        body['payment_due_date'] = DUES[i % 6]
    k = must(api.post(V1 + '/contracts', body, token=tok['alice']), 201, 'contract %d' % i)
    must(api.post(V1 + '/contracts/%d/sign' % k['id'], token=tok['alice']), 200, 'sign %d' % i)
    contracts.append(k)

STARTS = ['2031-05-01T10:00:00Z', '2031-04-01T10:00:00Z', '2031-05-01T10:00:00Z',
          '2031-06-01T09:00:00Z']
ATTENDEES = [40, 10, 40, 250, 10]
for i in range(9):
    start = STARTS[i % 4]
    must(api.post(V1 + '/events', {
        'contract_id': contracts[i]['id'], 'name': 'Sort event %d' % i, 'start_date': start,
        'end_date': start.replace('T10:', 'T18:').replace('T09:', 'T17:'),
        'location': 'Paris', 'attendees_count': ATTENDEES[i % 5]}, token=tok['bill']),
        201, 'event %d' % i)

PAID = ['2025-01-10', '2024-12-01', '2025-01-10', '2025-02-02']
for i in range(8):
    must(api.post(V1 + '/contracts/%d/payments' % contracts[i]['id'], {
        'amount': ['10.00', '5.50', '10.00', '20.00', '1.00'][i % 5], 'paid_on': PAID[i % 4]},
        token=tok['alice']), 201, 'payment %d' % i)


# ---- each column, each direction -----------------------------------------------------

def key_of(col):
    def key(r):
        v = r[col]
        if v is None:
            return (0, 0)
        return (1, Decimal(v) if col in MONEY else v)
    return key


def expected(rows, col, desc):
    k = key_of(col)
    return [r['id'] for r in sorted(rows, key=lambda r: (k(r), r['id']), reverse=desc)]


def pages(path, query, token, size=4):
    """Every row of path?query, pages of `size` read through Link rel=next."""
    got, url, n = [], '%s?%s' % (path, urllib.parse.urlencode(dict(query, limit=size))), 0
    while url and n < 100:
        r = api.get(url, token=token)
        if r.status != 200:
            return None, 'status %d at %s: %s' % (r.status, url, r.body[:200])
        got += [x['id'] for x in r.json]
        m = re.match(r'^<([^>]+)>; rel="next"$', r.header('Link') or '')
        if m and 'sort=' + urllib.parse.quote(query.get('sort', ''), safe='') not in m.group(1):
            return None, 'Link %s lost sort=%s' % (m.group(1), query.get('sort'))
        url, n = (m.group(1) if m else None), n + 1
    return got, None


for kind, cols in SORTS.items():
    path = V1 + '/' + kind
    base = must(api.get(path, token=tok['alice'], query={'limit': 'all'}), 200,
                'GET %s (by id)' % kind)
    tap.ok([r['id'] for r in base] == sorted(r['id'] for r in base),
           '%s: without sort, by id as before' % kind)
    for col in cols:
        values = [key_of(col)(r) for r in base]
        if col not in ('id', 'employee_id'):  # unique: no ties
            tap.ok(len(set(values)) < len(values), '%s: the data has ties in %s' % (kind, col))
        for desc in (False, True):
            sort = ('-' if desc else '') + col
            want = expected(base, col, desc)
            if col != 'id':
                tap.ok(want != [r['id'] for r in base] and want != [r['id'] for r in base][::-1],
                       '%s sort=%s: an order other than by id' % (kind, sort))
            r = api.get(path, token=tok['alice'], query={'sort': sort, 'limit': 'all'})
            tap.is_([x['id'] for x in r.json] if r.status == 200 else r.status, want,
                    '%s?sort=%s: by %s, ties by id %s' % (kind, sort, col,
                                                         'descending' if desc else 'ascending'))
            got, why = pages(path, {'sort': sort}, tok['alice'])
            tap.is_(got, want, '%s?sort=%s in pages of 4 through Link: the whole, once each'
                    % (kind, sort), why)

# A page of 50 and the whole: the same first rows (the page path and the stream path).
r1 = api.get(V1 + '/clients', token=tok['alice'], query={'sort': '-full_name', 'limit': 3})
r2 = api.get(V1 + '/clients', token=tok['alice'], query={'sort': '-full_name', 'limit': 'all'})
tap.is_([x['id'] for x in r1.json], [x['id'] for x in r2.json][:3],
        'a page of 3 is the head of the whole sorted list')
tap.ok(r1.json[0]['full_name'] == 'anna Baker',
       "descending by name: 'anna Baker' first (bytes: lowercase after uppercase)",
       r1.json[0]['full_name'])

# The other criteria still apply with a sort.
r = api.get(V1 + '/contracts', token=tok['alice'], query={'sort': '-payment_due_date',
                                                          'paid': 'false', 'limit': 'all'})
due = [x['payment_due_date'] for x in r.json] if r.status == 200 else None
tap.ok(due and due[-1] is None and due[0] == '2031-03-01' and
       all(x['remaining_amount'] != '0.00' for x in r.json),
       'contracts?paid=false&sort=-payment_due_date: latest due first, none last, unpaid only',
       due)

# ---- permissions unchanged -------------------------------------------------------------

by_company = must(api.get(V1 + '/clients', token=tok['bill'],
                          query={'mine': 'true', 'sort': 'company_name', 'limit': 'all'}),
                  200, "bill's clients by company")
all_bill = must(api.get(V1 + '/clients', token=tok['bill'], query={'mine': 'true',
                                                                   'limit': 'all'}),
                200, "bill's clients")
tap.is_([x['id'] for x in by_company], expected(all_bill, 'company_name', False),
        'mine=true&sort=company_name: his clients only, by company')
tap.ok(set(mine_ids) <= {x['id'] for x in by_company} and
       all(x['commercial_contact_id'] == all_bill[0]['commercial_contact_id'] for x in by_company),
       "none of cora's clients", [x['commercial_name'] for x in by_company])
got, why = pages(V1 + '/clients', {'mine': 'true', 'sort': '-full_name'}, tok['bill'], 2)
tap.is_(got, expected(all_bill, 'full_name', True),
        'mine=true&sort=-full_name in pages of 2: the same rows, in order', why)
r = api.get(V1 + '/clients', token=tok['cora'], query={'mine': 'true', 'sort': 'full_name'})
tap.ok(r.status == 200 and r.json and not set(mine_ids) & {x['id'] for x in r.json},
       "cora's mine=true with a sort: none of bill's clients")
for path in ('/users', '/payments', '/events'):
    plain = api.get(V1 + path, token=tok['kate'])
    sorted_ = api.get(V1 + path, token=tok['kate'], query={'sort': '-id'})
    tap.is_(sorted_.status, plain.status, 'kate GET %s: the same status with a sort (%d)'
            % (path, plain.status))

# ---- bad values ---------------------------------------------------------------------------

for kind, bad in (('clients', 'email'), ('clients', 'creation_date'), ('clients', 'FULL_NAME'), ('clients', '-'),
                  ('clients', ''), ('clients', '--id'), ('clients', 'full_name,id'),
                  ('contracts', 'client_name'), ('events', 'name'), ('payments', 'method'),
                  ('users', 'department'), ('users', 'id; DROP TABLE users')):
    r = api.get(V1 + '/' + kind, token=tok['alice'], query={'sort': bad})
    if tap.status(r, 400, '%s?sort=%r: 400' % (kind, bad)):
        exit_code, field = r.problem()
        tap.is_((exit_code, field), (2, 'sort'), '%s?sort=%r: exit_code 2, field sort' % (kind, bad))
        detail = r.json.get('detail', '')
        tap.ok(all(c in detail for c in SORTS[kind]),
               '%s?sort=%r: the detail lists the columns' % (kind, bad), detail)
r = api.get(V1 + '/audit', token=tok['alice'], query={'sort': 'id'})
tap.ok(r.status == 400 and 'sort' in r.json.get('detail', ''),
       'the journal has no sort parameter (order= instead)', r.body[:200])
tap.status(api.get(V1 + '/users', token=tok['alice'], query={'limit': 'all'}), 200,
           'users still there after the bad sorts')

api.summary()
server.stop()
env.cleanup()
sys.exit(tap.finish())
