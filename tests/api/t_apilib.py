#!/usr/bin/python3
"""apilib's validator against fabricated responses, no server: what the
document describes passes, and each way of departing from it is caught. It
also checks openapi.json itself: every $ref resolves, every schema is a valid
Draft 2020-12 schema, operationIds are unique, every operation says how it is
secured or inherits the document's security, and the keys of the record
schemas are exactly src/format/records.c's columns, in order.

Usage: t_apilib.py   (prints TAP)
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apilib import TOP, Doc, Tap  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402

tap = Tap('doc')
doc = Doc()
d = doc.doc

COMMON = {'cache-control': 'no-store', 'x-content-type-options': 'nosniff'}
CLIENT = {'id': 1, 'full_name': 'Kevin Casey', 'email': 'kevin@startup.io', 'phone': '+678 123 456 78',
          'company_name': 'Cool Startup LLC', 'commercial_contact_id': 1,
          'commercial_name': 'Bill Boquet', 'creation_date': '2023-05-05T15:00:00Z',
          'last_update': None}


def check(method, path, status, body, headers=None, ctype='application/json', request=None):
    h = dict(COMMON)
    if ctype:
        h['content-type'] = ctype
    h.update(headers or {})
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return doc.check(method, path, status, h, raw, request)


def passes(desc, *a, **kw):
    problems = check(*a, **kw)
    tap.ok(not problems, 'described: ' + desc, '\n'.join(problems))


def caught(desc, pattern, *a, **kw):
    problems = check(*a, **kw)
    tap.ok(any(re.search(pattern, p) for p in problems), 'caught: ' + desc,
           'problems: %r' % problems)


def problem(status, title, exit_code, **extra):
    return dict({'type': 'about:blank', 'title': title, 'status': status, 'detail': 'one line',
                 'exit_code': exit_code}, **extra)


PJ = 'application/problem+json'

# ---- the document itself ------------------------------------------------------------------

refs = []


def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k == '$ref':
                refs.append(v)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)


walk(d)
bad = []
for ref in refs:
    try:
        doc.at(ref[1:]) if ref.startswith('#/') else bad.append(ref)
    except KeyError:
        bad.append(ref)
tap.ok(refs and not bad, 'all %d $ref of openapi.json resolve in it' % len(refs), bad)
bad = []
for name, schema in d['components']['schemas'].items():
    try:
        Draft202012Validator.check_schema(schema)
    except Exception as e:  # noqa: BLE001
        bad.append('%s: %s' % (name, e))
tap.ok(not bad, 'every component schema is a valid Draft 2020-12 schema', bad)
ops = [(p, m, op) for p, item in d['paths'].items() for m, op in item.items()
       if m.upper() in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')]
ids = [op.get('operationId') for _, _, op in ops]
tap.ok(all(ids) and len(ids) == len(set(ids)), 'every operation has its own operationId', ids)
tap.is_(d['openapi'], '3.1.0', 'OpenAPI 3.1')
tap.is_(sorted(d['components']['securitySchemes']), ['bearerAuth', 'cookieAuth'],
        'bearer and cookie security schemes')
public = sorted('%s %s' % (m.upper(), p) for p, m, op in ops if op.get('security') == [])
tap.is_(public, ['GET /api/v1/openapi.json', 'GET /healthz', 'GET /ical/{token}', 'GET /metrics',
                 'GET /readyz', 'POST /api/v1/session'],
        'only the service routes, login and calendar feeds (their token in the URL) need no credentials')
for p, m, op in ops:
    if 'requestBody' in op and 'text/csv' in op['requestBody']['content']:
        tap.is_(list(op['requestBody']['content']), ['text/csv'], '%s %s: a file, as text/csv' % (m, p))
    elif 'requestBody' in op:
        s = doc.deref(op['requestBody']['content']['application/json']['schema'], '')[0]
        tap.ok(s.get('additionalProperties') is False, '%s %s: a body with no other keys' % (m, p))

# The record schemas hold exactly records.c's columns, in its order.
records_c = open(os.path.join(TOP, 'src', 'format', 'records.c')).read()
for desc_name, schema_name in (('client', 'Client'), ('contract', 'Contract'), ('event', 'Event'),
                               ('user', 'User'), ('audit', 'AuditEntry'), ('history', 'HistoryEntry'),
                               ('locked', 'LockedLogin'),
                               ('session', 'SessionUser')):
    m = re.search(r'static const struct out_column %s_columns\[\] = \{(.*?)\};' % desc_name,
                  records_c, re.S)
    cols = re.findall(r'\{\s*"([a-z_]+)"', m.group(1)) if m else None
    s = d['components']['schemas'][schema_name]
    tap.is_(list(s['properties']), cols, '%s: the keys of records.c, in order' % schema_name)
    tap.ok(s.get('required') == cols and s.get('additionalProperties') is False,
           '%s: every key required, no other' % schema_name)

# The server's route table (src/api/route.c) is the document's set of (method, path).
route_c = os.path.join(TOP, 'src', 'api', 'route.c')
if os.path.exists(route_c):
    table = set(re.findall(r'\{\s*"(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)",\s*"(/[^"]*)"',
                           open(route_c).read()))
    documented = {(m.upper(), p) for p, m, _ in ops}
    tap.ok(table and table == documented, "src/api/route.c's routes are the document's",
           'only in route.c: %s\nonly in openapi.json: %s'
           % (sorted(table - documented), sorted(documented - table)))
else:
    tap.ok(True, "src/api/route.c's routes are the document's # SKIP no src/api/route.c")

# ---- responses the document describes ---------------------------------------------------------

passes('a client', 'GET', '/api/v1/clients/1', 200, CLIENT)
passes('a list of clients', 'GET', '/api/v1/clients?limit=1', 200, [CLIENT],
       {'link': '</api/v1/clients?limit=1&offset=1>; rel="next"'})
passes('charset on JSON', 'GET', '/api/v1/clients', 200, [], ctype='application/json; charset=utf-8')
passes('a created client', 'POST', '/api/v1/clients', 201, CLIENT, {'location': '/api/v1/clients/1'},
       request={'full_name': 'K', 'email': 'k@x.io', 'phone': '0102030405', 'company_name': 'C'})
passes('a 404 for a missing record', 'GET', '/api/v1/clients/9', 404,
       problem(404, 'Not Found', 5), ctype=PJ)
passes('a 422 with field', 'POST', '/api/v1/clients', 422,
       problem(422, 'Unprocessable Content', 2, field='email'), ctype=PJ)
passes('a 401', 'GET', '/api/v1/me', 401, problem(401, 'Unauthorized', 3),
       {'www-authenticate': 'Bearer realm="epicevents"'}, ctype=PJ)
passes('an unknown route', 'GET', '/api/v1/nothing', 404, problem(404, 'Not Found', 5), ctype=PJ)
passes('a wrong method', 'DELETE', '/api/v1/clients', 405, problem(405, 'Method Not Allowed', 2),
       {'allow': 'GET, POST'}, ctype=PJ)
passes('/users/locked is not /users/{id}', 'GET', '/api/v1/users/locked', 200, [])
passes('a 204', 'DELETE', '/api/v1/users/5', 204, b'', ctype=None)
passes('metrics', 'GET', '/metrics', 200, b'# TYPE x counter\nx 1\n',
       ctype='text/plain; version=0.0.4; charset=utf-8')
passes('a login', 'POST', '/api/v1/session', 201,
       {'token': 'abc', 'expires_at': '2031-01-01T00:00:00Z',
        'user': {'id': 1, 'employee_id': 'COM001', 'name': 'Bill', 'email': 'b@e.com',
                 'department': 'Commercial'}},
       {'set-cookie': 'epicevents_session=abc; HttpOnly; SameSite=Strict; Path=/'})
passes('/me', 'GET', '/api/v1/me', 200,
       {'id': 2, 'employee_id': 'SUP001', 'name': 'Kate', 'email': 'k@e.com', 'department': 'Support',
        'permissions': {'event.update': 'own', 'event.my_events': 'all'}})

# ---- and each way of departing from it ----------------------------------------------------------

caught('an extra key', r'extra', 'GET', '/api/v1/clients/1', 200, dict(CLIENT, extra=1))
c = dict(CLIENT)
del c['phone']
caught('a missing key', r'phone', 'GET', '/api/v1/clients/1', 200, c)
caught('a number for an amount', r'total_amount', 'GET', '/api/v1/contracts/1', 200,
       {'id': 1, 'client_id': 1, 'client_name': 'K', 'commercial_contact_id': 1,
        'commercial_name': 'B', 'total_amount': 10.5, 'remaining_amount': '0.00', 'is_signed': True,
        'creation_date': '2023-05-05T15:00:00Z'})
caught('a local time', r'creation_date', 'GET', '/api/v1/clients/1', 200,
       dict(CLIENT, creation_date='2023-05-05 15:00'))
caught('an object for a list', r'array', 'GET', '/api/v1/clients', 200, CLIENT)
caught('an undocumented status', r'status 418', 'GET', '/api/v1/clients', 418, {}, ctype=PJ)
caught('a 404 on a route without ids', r'status 404', 'GET', '/api/v1/clients', 404,
       problem(404, 'Not Found', 5), ctype=PJ)
caught('JSON for a problem', r'Content-Type', 'GET', '/api/v1/clients/9', 404,
       problem(404, 'Not Found', 5))
caught('the wrong exit code', r'exit_code', 'GET', '/api/v1/clients/9', 404,
       problem(404, 'Not Found', 4), ctype=PJ)
caught('a problem with a stack', r'stack', 'GET', '/api/v1/clients/9', 404,
       problem(404, 'Not Found', 5, stack='main.c:1'), ctype=PJ)
caught('a two-line detail', r'detail', 'GET', '/api/v1/clients/9', 404,
       dict(problem(404, 'Not Found', 5), detail='a\nb'), ctype=PJ)
caught('401 without WWW-Authenticate', r'WWW-Authenticate', 'GET', '/api/v1/me', 401,
       problem(401, 'Unauthorized', 3), ctype=PJ)
caught('405 with a wrong Allow', r'Allow', 'DELETE', '/api/v1/clients', 405,
       problem(405, 'Method Not Allowed', 2), {'allow': 'GET'}, ctype=PJ)
caught('a wrong method answered', r'405 was due', 'DELETE', '/api/v1/clients', 200, [])
caught('an unknown route answered', r'404 was due', 'GET', '/api/v1/nothing', 200, [])
caught('201 without Location', r'Location', 'POST', '/api/v1/clients', 201, CLIENT)
caught('a Location elsewhere', r'Location', 'POST', '/api/v1/clients', 201, CLIENT,
       {'location': '/api/v1/events/1'})
caught('a login without the cookie', r'Set-Cookie', 'POST', '/api/v1/session', 201,
       {'token': 'abc', 'expires_at': '2031-01-01T00:00:00Z',
        'user': {'id': 1, 'employee_id': 'COM001', 'name': 'Bill', 'email': 'b@e.com',
                 'department': 'Commercial'}})
caught('a body on 204', r'no body', 'DELETE', '/api/v1/users/5', 204, b'{}')
caught('no Cache-Control', r'Cache-Control', 'GET', '/api/v1/clients', 200, [],
       {'cache-control': 'max-age=60'})
caught('no nosniff', r'X-Content-Type-Options', 'GET', '/api/v1/clients', 200, [],
       {'x-content-type-options': ''})
caught('a body that is not JSON', r'not JSON', 'GET', '/api/v1/clients', 200, b'[1,')
caught('NaN', r'not JSON', 'GET', '/api/v1/clients', 200, b'[NaN]')
caught('a permission not granted', r'permissions', 'GET', '/api/v1/me', 200,
       {'id': 2, 'employee_id': 'SUP001', 'name': 'Kate', 'email': 'k@e.com', 'department': 'Support',
        'permissions': {'event.update': 'none'}})
caught('an unknown key accepted', r'request body', 'POST', '/api/v1/clients', 201, CLIENT,
       {'location': '/api/v1/clients/1'},
       request={'full_name': 'K', 'email': 'k@x.io', 'phone': '0', 'company_name': 'C', 'nick': 'x'})

sys.exit(tap.finish())
