#!/usr/bin/python3
"""Screenshots of the web page's main pages for the README, at desktop width
and at a phone's 360 px: sign-in, a department's home, the clients, a
client's record and a form showing the server's validation message.

    /usr/bin/python3 tests/browser/screenshots.py [OUTDIR]   # default doc/screenshots

Runs `epicevents serve` (EPICEVENTS_BIN, default build/epicevents) on a fresh
SQLite demo database, with the README's day's work done through the API.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weblib  # noqa: E402
from apilib import Tap, Env, Server, DEMO, TOP  # noqa: E402

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, 'doc', 'screenshots'))
os.makedirs(out, exist_ok=True)
tap = Tap('sqlite')
env = Env(tap, 'screenshots')
env.init_demo()
server = Server(env)


def call(method, path, body, token):
    import http.client
    c = http.client.HTTPConnection('127.0.0.1', server.port, timeout=30)
    h = {'Content-Type': 'application/json'}
    if token:
        h['Authorization'] = 'Bearer ' + token
    c.request(method, path, json.dumps(body) if body is not None else None, h)
    r = c.getresponse()
    data = r.read()
    return json.loads(data) if data else None


def login(who):
    return call('POST', '/api/v1/session', {'email': DEMO[who][0], 'password': DEMO[who][1]}, None)['token']


bill, alice = login('bill'), login('alice')
year = time.gmtime().tm_year + 1
call('POST', '/api/v1/clients', {'full_name': 'Zoë Légère', 'email': 'zoe@legere.fr',
                                 'phone': '+33 6 12 34 56 78', 'company_name': 'Légère SARL'}, bill)
call('POST', '/api/v1/clients', {'full_name': 'Ingrid Søndergaard', 'email': 'ingrid@nordlys.dk',
                                 'phone': '+45 32 12 34 56', 'company_name': 'Nordlys Events ApS'}, bill)
call('POST', '/api/v1/contracts', {'client_id': 2, 'total_amount': '12500.00',
                                   'remaining_amount': '12500.00'}, alice)
call('POST', '/api/v1/contracts', {'client_id': 3, 'total_amount': '4800.00'}, alice)
call('POST', '/api/v1/contracts/2/sign', None, bill)
call('POST', '/api/v1/events', {'contract_id': 2, 'name': 'Légère summer party',
                                'start_date': '%d-07-04T17:00:00Z' % year,
                                'end_date': '%d-07-04T23:00:00Z' % year,
                                'location': 'Château de Vincennes', 'attendees_count': 120}, bill)

b = weblib.Browser(server.origin)
shots = []
try:
    for width, height, tag in ((1100, 720, 'desktop'), (360, 740, 'phone')):
        b.d.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                            {'width': width, 'height': height, 'deviceScaleFactor': 1,
                             'mobile': tag == 'phone'})

        def shot(name):
            b.js('document.activeElement && document.activeElement.blur && '
                 'document.activeElement !== document.body && document.activeElement.blur()')
            path = os.path.join(out, '%s-%s.png' % (name, tag))
            b.shot(path)
            shots.append(path)

        b.open('#/signin')
        b.one('#signin-form')
        shot('signin')
        b.sign_in(*DEMO['bill'][:2])
        b.wait_text('main', 'Légère summer party')
        shot('home')
        b.go('#/clients')
        b.wait_text('main table', 'Zoë')
        shot('clients')
        b.go('#/clients/2')
        b.wait_text('main', 'Légère summer party')
        shot('client')
        b.go('#/clients/new')
        b.one('#clients-form')
        b.fill('#clients-form', {'full_name': 'Marc Dupont', 'email': 'marc.dupont-at-example.fr',
                                 'phone': '+33 1 23 45 67 89', 'company_name': 'Dupont & Fils'})
        b.submit('#clients-form')
        b.wait(lambda: b.texts('[data-field="email"] .field-error:not([hidden])'), what='the message')
        shot('form')
        b.sign_out()
finally:
    b.quit()
    server.stop()
for p in shots:
    print('%s %d bytes' % (os.path.relpath(p, TOP), os.path.getsize(p)))
