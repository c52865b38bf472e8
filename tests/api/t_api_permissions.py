#!/usr/bin/python3
"""SPEC.md's permission table through the API: every route x the three
departments x a record of their own and one of somebody else's, with the
status the table gives; a refusal is 403 (exit_code 4) and changes nothing.

Like tests/e2e/t-permissions.sh, with a second Commercial (Carl, his client,
contract and event) and a second Support (Sam, assigned to Carl's event).
The actors are the demo users: Bill (Commercial), Kate (Support) and Alice
(Management); "own" is a record of theirs (Bill's client, Kate's event, the
user's own account), "other" one of Carl's or Sam's.

Usage: t_api_permissions.py sqlite|pg   (prints TAP)
"""
import datetime
import os
import sys
import itertools

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apilib import DEMO, Api, Env, Server, Tap  # noqa: E402

# ---- the table, as data ---------------------------------------------------------

DEPARTMENTS = ('Commercial', 'Support', 'Management')
ACTOR = {'Commercial': 'bill', 'Support': 'kate', 'Management': 'alice'}

# SPEC.md, "Permissions": action -> grant for (Commercial, Support, Management).
# yes = any record, own = only records the user is the contact of (clients and
# contracts: of their clients; events: assigned to them), no = refused (403).
TABLE = {
    'read':            ('yes', 'yes', 'yes'),  # list and show clients, contracts, events
    'client.create':   ('yes', 'no', 'no'),
    'client.update':   ('own', 'no', 'no'),
    'client.import':   ('own', 'no', 'yes'),   # Commercial: the rows become theirs
    'contract.create': ('no', 'no', 'yes'),
    'contract.update': ('own', 'no', 'yes'),
    'contract.sign':   ('own', 'no', 'yes'),
    'contract.pay':    ('own', 'no', 'yes'),   # payments: own clients' contracts
    'payment.void':    ('no', 'no', 'yes'),
    'event.create':    ('own', 'no', 'no'),    # own clients' signed contracts
    'event.update':    ('no', 'own', 'yes'),   # Support: events assigned to them
    'event.assign':    ('no', 'no', 'yes'),
    'event.my_events': ('no', 'yes', 'no'),    # `events my-events` = GET /events?support=me
    'user.manage':     ('no', 'no', 'yes'),    # users: list, show, create, update, delete
    'audit.list':      ('no', 'no', 'yes'),
    'session':         ('yes', 'yes', 'yes'),  # /me, /me/password, /session: oneself
}

# What GET /me lists: the grants above, less "read"/"session", "yes" as "all".
ME_PERMISSIONS = {
    dept: {a: ('all' if g[i] == 'yes' else 'own') for a, g in TABLE.items()
           if a not in ('read', 'session') and g[i] != 'no'}
    for i, dept in enumerate(DEPARTMENTS)
}

# Every route: (action, method, path, success status, record kind or None, body).
# The record kind says which record {id} (or the body's id) is, own or other.
ROUTES = [
    ('read', 'GET', '/api/v1/clients', 200, None, None),
    ('read', 'GET', '/api/v1/clients/{id}', 200, 'client', None),
    ('client.create', 'POST', '/api/v1/clients', 201, None, 'new_client'),
    ('client.update', 'PATCH', '/api/v1/clients/{id}', 200, 'client', {'company_name': 'Renamed SA'}),
    ('read', 'GET', '/api/v1/contracts', 200, None, None),
    ('read', 'GET', '/api/v1/contracts/{id}', 200, 'contract', None),
    ('contract.create', 'POST', '/api/v1/contracts', 201, 'client', 'new_contract'),
    ('contract.update', 'PATCH', '/api/v1/contracts/{id}', 200, 'contract', {'remaining_amount': '100.00'}),
    ('contract.sign', 'POST', '/api/v1/contracts/{id}/sign', 200, 'unsigned_contract', None),
    ('read', 'GET', '/api/v1/contracts?overdue=true', 200, None, None),
    ('contract.pay', 'POST', '/api/v1/contracts/{id}/payments', 201, 'signed_contract',
     {'amount': '1.00', 'method': 'cash'}),
    ('read', 'GET', '/api/v1/payments', 200, None, None),
    ('read', 'GET', '/api/v1/payments/{id}', 200, 'payment', None),
    ('payment.void', 'POST', '/api/v1/payments/{id}/void', 200, 'fresh_payment', {'reason': 'test'}),
    ('read', 'GET', '/api/v1/events', 200, None, None),
    ('event.my_events', 'GET', '/api/v1/events?support=me', 200, None, None),
    ('read', 'GET', '/api/v1/events/{id}', 200, 'event', None),
    ('event.create', 'POST', '/api/v1/events', 201, 'signed_contract', 'new_event'),
    ('event.update', 'PATCH', '/api/v1/events/{id}', 200, 'event', {'attendees_count': 42}),
    ('event.assign', 'POST', '/api/v1/events/{id}/assign', 200, 'fresh_event', 'assign'),
    ('user.manage', 'GET', '/api/v1/users', 200, None, None),
    ('user.manage', 'GET', '/api/v1/users/{id}', 200, 'user', None),
    ('user.manage', 'POST', '/api/v1/users', 201, None, 'new_user'),
    ('user.manage', 'PATCH', '/api/v1/users/{id}', 200, 'user', 'same_name'),
    ('user.manage', 'DELETE', '/api/v1/users/{id}', 204, 'deletable_user', None),
    ('user.manage', 'GET', '/api/v1/users/locked', 200, None, None),
    ('user.manage', 'POST', '/api/v1/users/{id}/unlock', 204, 'user', None),
    ('user.manage', 'POST', '/api/v1/users/{id}/deactivate', 200, 'deletable_user', None),
    ('user.manage', 'POST', '/api/v1/users/{id}/reactivate', 200, 'inactive_user', None),
    ('audit.list', 'GET', '/api/v1/audit', 200, None, None),
    ('read', 'GET', '/api/v1/calendar?support=none', 200, None, None),
    ('session', 'POST', '/api/v1/calendar/feed', 200, None, None),
    ('session', 'POST', '/api/v1/calendar/feed/rotate', 200, None, None),
    ('audit.list', 'GET', '/api/v1/audit?entity=client&id=1&order=newest', 200, None, None),
    # A record's history: whoever may see the record (users: Management).
    ('read', 'GET', '/api/v1/clients/{id}/history', 200, 'client', None),
    ('read', 'GET', '/api/v1/contracts/{id}/history', 200, 'contract', None),
    ('read', 'GET', '/api/v1/events/{id}/history', 200, 'event', None),
    ('user.manage', 'GET', '/api/v1/users/{id}/history', 200, 'user', None),
    ('session', 'GET', '/api/v1/me', 200, None, None),
    ('session', 'DELETE', '/api/v1/session', 204, None, None),
    # Last: it ends the sessions used above.
    ('session', 'PUT', '/api/v1/me/password', 204, None, 'password'),
]

# Where a rule other than the table decides: nobody deletes or deactivates their
# own account, and one's own account is active already (409).
OVERRIDES = {('DELETE', '/api/v1/users/{id}', 'Management', 'own'): 409,
             ('POST', '/api/v1/users/{id}/deactivate', 'Management', 'own'): 409,
             ('POST', '/api/v1/users/{id}/reactivate', 'Management', 'own'): 409}


def expected(action, dept, which, method, path, success):
    if (method, path, dept, which) in OVERRIDES:
        return OVERRIDES[(method, path, dept, which)]
    grant = TABLE[action][DEPARTMENTS.index(dept)]
    if grant == 'yes' or (grant == 'own' and which == 'own'):
        return success
    return 403


# ---- the world ------------------------------------------------------------------------

tap = Tap(sys.argv[1] if len(sys.argv) > 1 else 'sqlite')
env = Env(tap, 'permissions')
env.init_demo()
server = Server(env)
api = Api(server, tap)

PASSWORDS = {who: DEMO[who][1] for who in DEMO}
PASSWORDS.update(carl='carlpass1', sam='sampass12')
tok, uid = {}, {}


def login(who, email):
    r = api.login(email, PASSWORDS[who])
    if not tap.status(r, 201, '%s logs in' % who):
        print('Bail out! %s cannot log in' % who)
        sys.exit(1)
    tok[who], uid[who] = r.json['token'], r.json['user']['id']


def must(r, status, desc):
    if not tap.status(r, status, desc):
        print('Bail out! set-up failed: %r' % r)
        server.stop()
        sys.exit(1)
    return r.json


for who in DEMO:
    login(who, DEMO[who][0])
counter = itertools.count(1)

must(api.post('/api/v1/users', {'employee_id': 'COM002', 'name': 'Carl Seller', 'email': 'carl@epic.com',
                                'department': 'Commercial', 'password': 'carlpass1'}, token=tok['alice']),
     201, 'set-up: alice creates Carl (Commercial)')
must(api.post('/api/v1/users', {'employee_id': 'SUP002', 'name': 'Sam Support', 'email': 'sam@epic.com',
                                'department': 'support', 'password': 'sampass12'}, token=tok['alice']),
     201, 'set-up: alice creates Sam (Support)')
login('carl', 'carl@epic.com')
login('sam', 'sam@epic.com')


def new_client(owner):
    n = next(counter)
    return must(api.post('/api/v1/clients', {'full_name': 'Client %d' % n, 'email': 'c%d@client.io' % n,
                                             'phone': '0601020304', 'company_name': 'Co %d' % n},
                         token=tok[owner]), 201, 'set-up: %s creates a client' % owner)['id']


def new_contract(client_id, signed):
    k = must(api.post('/api/v1/contracts', {'client_id': client_id, 'total_amount': '2000'},
                      token=tok['alice']), 201, 'set-up: a contract')['id']
    if signed:
        must(api.post('/api/v1/contracts/%d/sign' % k, token=tok['alice']), 200, 'set-up: signed')
    return k


def new_event(owner, contract_id, support=None):
    e = must(api.post('/api/v1/events', event_body(contract_id), token=tok[owner]), 201,
             'set-up: %s creates an event' % owner)['id']
    if support:
        must(api.post('/api/v1/events/%d/assign' % e, {'support_contact_id': uid[support]},
                      token=tok['alice']), 200, 'set-up: %s assigned' % support)
    return e


def event_body(contract_id):
    # A day of its own per event: one Support user may not hold two
    # overlapping events (the schedule rule is not what this file tests).
    n = next(counter)
    day = datetime.date(2031, 7, 1) + datetime.timedelta(days=n)
    return {'contract_id': contract_id, 'name': 'Event %d' % n,
            'start_date': '%sT10:00:00Z' % day, 'end_date': '%sT12:00:00Z' % day,
            'location': 'Paris', 'attendees_count': 10}


def new_user():
    n = next(counter)
    return must(api.post('/api/v1/users', {'employee_id': 'TMP%03d' % n, 'name': 'Temp %d' % n,
                                           'email': 'temp%d@epic.com' % n, 'department': 'Support',
                                           'password': 'temp-pass-%d' % n},
                         token=tok['alice']), 201, 'set-up: a user to delete')['id']


def new_inactive_user():
    u = new_user()
    must(api.post('/api/v1/users/%d/deactivate' % u, token=tok['alice']), 200,
         'set-up: the user is deactivated')
    return u


# Bill's records are the demo's (client 1, contract 1 signed, event 1 assigned to
# Kate); Carl gets the same, his event assigned to Sam.
carla = new_client('carl')
carl_contract = new_contract(carla, True)
carl_event = new_event('carl', carl_contract, 'sam')


def new_payment(contract_id):
    return must(api.post('/api/v1/contracts/%d/payments' % contract_id, {'amount': '1.00'},
                         token=tok['alice']), 201, 'set-up: a payment')['id']


bill_payment, carl_payment = new_payment(1), new_payment(carl_contract)
OWNER = {'own': 'bill', 'other': 'carl'}          # whose client or contract
RECORDS = {
    ('client', 'own'): lambda actor: 1, ('client', 'other'): lambda actor: carla,
    ('contract', 'own'): lambda actor: 1, ('contract', 'other'): lambda actor: carl_contract,
    ('signed_contract', 'own'): lambda actor: 1,
    ('signed_contract', 'other'): lambda actor: carl_contract,
    ('unsigned_contract', 'own'): lambda actor: new_contract(1, False),
    ('unsigned_contract', 'other'): lambda actor: new_contract(carla, False),
    ('event', 'own'): lambda actor: 1,              # Kate's, of Bill's client
    ('event', 'other'): lambda actor: carl_event,   # Sam's, of Carl's client
    ('payment', 'own'): lambda actor: bill_payment,
    ('payment', 'other'): lambda actor: carl_payment,
    ('fresh_payment', 'own'): lambda actor: new_payment(1),
    ('fresh_payment', 'other'): lambda actor: new_payment(carl_contract),
    ('fresh_event', 'own'): lambda actor: new_event('bill', 1),
    ('fresh_event', 'other'): lambda actor: new_event('carl', carl_contract),
    ('user', 'own'): lambda actor: uid[actor],
    ('user', 'other'): lambda actor: uid['sam'],
    ('deletable_user', 'own'): lambda actor: uid[actor],
    ('deletable_user', 'other'): lambda actor: new_user(),
    ('inactive_user', 'own'): lambda actor: uid[actor],
    ('inactive_user', 'other'): lambda actor: new_inactive_user(),
}


def body_for(kind, record, actor):
    if not isinstance(kind, str):
        return kind
    n = next(counter)
    if kind == 'new_client':
        return {'full_name': 'New %d' % n, 'email': 'new%d@client.io' % n, 'phone': '0102030405',
                'company_name': 'New Co %d' % n}
    if kind == 'new_contract':
        return {'client_id': record, 'total_amount': '100'}
    if kind == 'new_event':
        return event_body(record)
    if kind == 'assign':
        return {'support_contact_id': uid['sam']}
    if kind == 'new_user':
        return {'employee_id': 'NEW%03d' % n, 'name': 'New %d' % n, 'email': 'newu%d@epic.com' % n,
                'department': 'Commercial', 'password': 'new-pass-%d' % n}
    if kind == 'same_name':
        return {'name': {'bill': 'Bill Boquet', 'kate': 'Kate Hastroff', 'alice': 'Alice Manager',
                         'sam': 'Sam Support'}.get(actor_of_user.get(record), 'Renamed')}
    if kind == 'password':
        return {'current': PASSWORDS[actor], 'new': PASSWORDS[actor] + '-new'}
    raise ValueError(kind)


actor_of_user = {}


def snapshot():
    """Every record as Alice reads it: a refused request must leave them as they were."""
    out = []
    for path in ('/api/v1/clients', '/api/v1/contracts', '/api/v1/payments', '/api/v1/events',
                 '/api/v1/users'):
        r = api.get(path, token=tok['alice'], query={'limit': 'all'})
        out.append(r.body)
    return out


# ---- GET /me ---------------------------------------------------------------------------

for dept in DEPARTMENTS:
    r = api.get('/api/v1/me', token=tok[ACTOR[dept]])
    if tap.status(r, 200, 'GET /me as %s' % dept):
        tap.is_(r.json.get('permissions'), ME_PERMISSIONS[dept],
                '/me lists what the table grants %s' % dept)

# ---- people who leave: deactivate, reactivate, lists ------------------------------------

def problem(r, status, exit_code, desc):
    if tap.status(r, status, desc):
        tap.is_(r.problem()[0], exit_code, desc + ': exit_code')


PASSWORDS['tom'] = 'tompass-12'
must(api.post('/api/v1/users', {'employee_id': 'SUP003', 'name': 'Tom Leaving', 'email': 'tom@epic.com',
                                'department': 'Support', 'password': 'tompass-12'}, token=tok['alice']),
     201, 'set-up: alice creates Tom (Support)')
login('tom', 'tom@epic.com')
tom_event = new_event('bill', 1, 'tom')
DEACTIVATE = '/api/v1/users/%d/deactivate' % uid['tom']
problem(api.post(DEACTIVATE, token=tok['alice']), 409, 6,
        'deactivating Tom, who has an upcoming event, needs reassign_to')
problem(api.post(DEACTIVATE, token=tok['alice'], query={'reassign_to': 'abc'}), 400, 2,
        'reassign_to=abc')
problem(api.post(DEACTIVATE, token=tok['alice'], query={'reassign_to': '99999'}), 404, 5,
        'reassign_to an unknown user')
problem(api.post(DEACTIVATE, token=tok['alice'], query={'reassign_to': str(uid['bill'])}), 409, 6,
        'reassign_to a Commercial user: events go to Support')
problem(api.post('/api/v1/users/99999/deactivate', token=tok['alice']), 404, 5,
        'deactivating an unknown user')
r = api.post(DEACTIVATE, token=tok['alice'], query={'reassign_to': str(uid['sam'])})
if tap.status(r, 200, 'Tom deactivated, his event to Sam'):
    tap.is_(r.json['is_active'], False, 'the answer shows him deactivated')
    e = api.get('/api/v1/events/%d' % tom_event, token=tok['alice']).json
    tap.is_(e.get('support_contact_id'), uid['sam'], 'his upcoming event went to Sam')
problem(api.post(DEACTIVATE, token=tok['alice']), 409, 6, 'deactivating him twice')
problem(api.get('/api/v1/me', token=tok['tom']), 401, 3, "Tom's token stops at once")
right = api.post('/api/v1/session', {'email': 'tom@epic.com', 'password': 'tompass-12'})
wrong = api.post('/api/v1/session', {'email': 'tom@epic.com', 'password': 'not-his-12'})
problem(right, 401, 3, 'Tom cannot log in')
tap.is_(right.json.get('detail'), wrong.json.get('detail'),
        "Tom's right password gets the wrong password's answer")
problem(api.post('/api/v1/events/%d/assign' % tom_event, {'support_contact_id': uid['tom']},
                 token=tok['alice']), 409, 6, 'Tom cannot be assigned')
r = api.get('/api/v1/users', token=tok['alice'], query={'active': 'false'})
if tap.status(r, 200, 'GET /users?active=false'):
    tap.is_([u['id'] for u in r.json], [uid['tom']], 'lists Tom only')
r = api.get('/api/v1/users', token=tok['alice'], query={'inactive': 'true'})
if tap.status(r, 200, 'GET /users?inactive=true'):
    tap.is_([u['id'] for u in r.json], [uid['tom']], 'lists Tom only')
r = api.get('/api/v1/users', token=tok['alice'], query={'active': 'true'})
if tap.status(r, 200, 'GET /users?active=true'):
    tap.ok(uid['tom'] not in [u['id'] for u in r.json] and all(u['is_active'] for u in r.json),
           'lists the active users only')
problem(api.get('/api/v1/users', token=tok['alice'], query={'active': 'maybe'}), 400, 2,
        'active=maybe')
problem(api.get('/api/v1/users', token=tok['alice'], query=[('active', 'true'), ('inactive', 'true')]),
        400, 2, 'active and inactive together')
REACTIVATE = '/api/v1/users/%d/reactivate' % uid['tom']
r = api.post(REACTIVATE, token=tok['alice'])
if tap.status(r, 200, 'Tom reactivated'):
    tap.is_(r.json['is_active'], True, 'the answer shows him active')
problem(api.post(REACTIVATE, token=tok['alice']), 409, 6, 'reactivating him twice')
problem(api.post('/api/v1/users/99999/reactivate', token=tok['alice']), 404, 5,
        'reactivating an unknown user')
problem(api.get('/api/v1/me', token=tok['tom']), 401, 3, "Tom's old token stays revoked")

# ---- clients import: a text/csv body; Commercial's rows are theirs, Management names ---
# the Commercial, Support is refused; all or nothing, bad rows listed in "errors".
IMPORT = '/api/v1/clients/import'
ROW = 'Api Import,api.import@x.io,+33 6 00 00 00,"Co, SA"\r\n'
CSV = ('full_name,email,phone,company_name\r\n' + ROW).encode()


def imp(who, body=CSV, **query):
    return api.post(IMPORT, raw=body, content_type='text/csv', token=tok[who], query=query or None)


before = snapshot()
problem(imp('kate'), 403, 4, 'Support cannot import clients')
tap.ok(snapshot() == before, 'the refused import changed nothing')
r = imp('bill', dry_run='true')
if tap.status(r, 200, 'Commercial: a dry run'):
    tap.is_(r.json, {'created': 1, 'updated': 0, 'skipped': 0, 'dry_run': True}, 'dry run counts')
tap.ok(snapshot() == before, 'the dry run wrote nothing')
r = imp('bill')
if tap.status(r, 200, 'Commercial imports a client'):
    tap.is_(r.json, {'created': 1, 'updated': 0, 'skipped': 0, 'dry_run': False}, 'counts')
r = api.get('/api/v1/clients', token=tok['alice'], query={'search': 'api.import', 'limit': 'all'})
tap.ok(r.status == 200 and [c['commercial_contact_id'] for c in r.json] == [uid['bill']]
       and r.json[0]['phone'] == '+33 6 00 00 00', "the row is Bill's, its phone as given")
before = snapshot()
r = imp('bill', body=CSV + b'Second,API.IMPORT@x.io,0102030405,Co\r\n')
problem(r, 422, 2, 'duplicates: 422')
tap.is_(r.json.get('errors'), [
    {'line': 2, 'column': 'email', 'reason': "duplicate: a client with email 'api.import@x.io' already exists"},
    {'line': 3, 'column': 'email', 'reason': "duplicate: a client with email 'api.import@x.io' already exists"},
], 'every bad row in errors')
tap.ok(snapshot() == before, 'the failed import changed nothing')
r = imp('bill', on_duplicate='skip')
if tap.status(r, 200, 'on_duplicate=skip'):
    tap.is_(r.json['skipped'], 1, 'skipped 1')
problem(imp('bill', on_duplicate='maybe'), 400, 2, 'a bad on_duplicate')
problem(api.post(IMPORT, {'a': 1}, token=tok['bill']), 415, 2, 'a JSON body is not a CSV file')
r = imp('alice')
problem(r, 422, 2, 'Management without commercial_contact_id')
tap.is_(r.json.get('errors'), [], 'a fault of the file: errors empty')
r = imp('alice', body=('full_name,email,phone,company_name,commercial_contact_id\r\n'
                       'By Alice,by.alice@x.io,0102030405,Co,%d\r\n' % uid['bill']).encode())
if tap.status(r, 200, "Management imports a row for Bill"):
    tap.is_(r.json['created'], 1, 'created 1')

# ---- the table -------------------------------------------------------------------------------

for action, method, path, success, kind, body_kind in ROUTES:
    for dept in DEPARTMENTS:
        actor = ACTOR[dept]
        actor_of_user.clear()
        actor_of_user.update({v: k for k, v in uid.items()})
        for which in (('own', 'other') if kind else ('-',)):
            record = RECORDS[(kind, which)](actor) if kind else None
            real = path.replace('{id}', str(record)) if '{id}' in path else path
            body = body_for(body_kind, record, actor) if body_kind else None
            want = expected(action, dept, which, method, path, success)
            before = snapshot() if want == 403 else None
            token = tok[actor]
            if (method, path) == ('DELETE', '/api/v1/session') and want == 204:
                # It ends the session it is sent with: a session of its own.
                token = api.login(DEMO[actor][0], PASSWORDS[actor]).json['token']
            r = api.request(method, real, body, token=token)
            desc = '%s %s: %s %s%s' % (dept, actor, method, real,
                                       '' if which == '-' else ' (%s record)' % which)
            if tap.status(r, want, '%s -> %d' % (desc, want)) and want >= 400:
                tap.is_(r.problem()[0], {403: 4, 409: 6}[want], desc + ': exit_code')
            if before is not None:
                tap.ok(snapshot() == before, desc + ': the refusal changed nothing')
            if method == 'PUT' and r.status == 204:
                # The password changed: the old token is dead, the cookie holds a fresh one.
                PASSWORDS[actor] = body['new']
                api.secrets.add(body['new'])
                tap.status(api.get('/api/v1/me', cookie=r.cookie()[0]), 200,
                           '%s: the fresh cookie works' % actor)
                problem_old = api.get('/api/v1/me', token=tok[actor])
                tap.status(problem_old, 401, '%s: the old token is revoked' % actor)

api.summary()
tap.is_(server.stop(), 0, 'SIGTERM: the server exits 0',
        '\n'.join(server.log_text().splitlines()[-30:]))
sys.exit(tap.finish())
