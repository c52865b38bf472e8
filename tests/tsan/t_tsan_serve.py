#!/usr/bin/python3
"""The server under ThreadSanitizer: concurrent clients on every kind of
request (pages, streamed lists read whole or dropped midway, writes,
logins, metrics, refusals in French and English at once), then SIGTERM during a stream. Fails on any TSan report,
on a 5xx, or on an exit other than 0.

Usage: t_tsan_serve.py sqlite|pg   (EPICEVENTS_BIN = the TSan build)
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

backend = sys.argv[1]
binary = os.environ['EPICEVENTS_BIN']
checks = []


def check(ok, what):
    checks.append((bool(ok), what))


work = tempfile.mkdtemp(prefix='tsan-serve.')
env = dict(os.environ, HOME=work, XDG_DATA_HOME=work + '/data', XDG_STATE_HOME=work + '/state',
           TZ='UTC', NO_COLOR='1')
for k in ('DATABASE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USERNAME', 'DB_PASSWORD',
          'JWT_SECRET_KEY', 'SENTRY_DSN'):
    env.pop(k, None)

pg_db = None
if backend == 'pg':
    base = os.environ.get('EPICEVENTS_TEST_PG')
    if not base:
        print('1..0 # SKIP no PostgreSQL (EPICEVENTS_TEST_PG)')
        sys.exit(0)
    pg_db = 'tsan_serve_%d' % os.getpid()
    subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', base, '-c',
                    'CREATE DATABASE ' + pg_db], check=True)
    db_url = base.replace('dbname=postgres', 'dbname=' + pg_db)
else:
    db_url = 'sqlite:' + work + '/crm.db'


def cleanup():
    if pg_db:
        subprocess.run(['psql', '-X', '-q', os.environ['EPICEVENTS_TEST_PG'], '-c',
                        'DROP DATABASE IF EXISTS %s WITH (FORCE)' % pg_db],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


subprocess.run([binary, '--db', db_url, 'db', 'init', '--demo'], env=env, check=True,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

s = socket.socket()
s.bind(('127.0.0.1', 0))
port = s.getsockname()[1]
s.close()
log_path = work + '/serve.log'
log = open(log_path, 'wb')
server = subprocess.Popen([binary, '--db', db_url, 'serve', '--listen', '127.0.0.1:%d' % port,
                           '--threads', '4'], env=env, stderr=log, stdout=subprocess.DEVNULL)


def request(method, path, body=None, token=None, timeout=60, lang=None):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=timeout)
    headers = {}
    if lang:
        headers['Accept-Language'] = lang
    if token:
        headers['Authorization'] = 'Bearer ' + token
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers['Content-Type'] = 'application/json'
    c.request(method, path, body=data, headers=headers)
    r = c.getresponse()
    payload = r.read()
    c.close()
    return r.status, payload


deadline = time.time() + 30
while time.time() < deadline:
    try:
        if request('GET', '/healthz', timeout=2)[0] == 200:
            break
    except OSError:
        time.sleep(0.1)


def login(email, password):
    st, body = request('POST', '/api/v1/session', {'email': email, 'password': password})
    return json.loads(body)['token'] if st == 201 else None


bill = login('bill.boquet@epic.com', 'password123')
alice = login('alice.manager@epic.com', 'admin123')
kate = login('kate.hastroff@epic.com', 'password123')
check(bill and alice and kate, 'the three demo users log in')

for i in range(200):
    request('POST', '/api/v1/clients', {'full_name': 'Seed %d' % i, 'email': 'seed%d@x.io' % i,
                                         'phone': '+33 1 23 45 67', 'company_name': 'Seed'},
            token=bill)

statuses = []
lock = threading.Lock()


def dropped_stream(token):
    """Reads the start of a streamed list, then hangs up."""
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    c.request('GET', '/api/v1/clients?limit=all', headers={'Authorization': 'Bearer ' + token})
    r = c.getresponse()
    r.read(512)
    c.close()
    return r.status


def worker(n):
    token = (bill, alice, kate)[n % 3]
    # Half the workers ask in French: each request's thread switches its
    # locale (uselocale) while the others' run in English.
    lang = 'fr-FR,fr;q=0.9' if n % 2 else None
    for i in range(30):
        kind = (n + i) % 8
        if kind == 3 and i % 4 == 0:
            # a refusal translated on a job thread: 422
            st, _ = request('POST', '/api/v1/clients',
                            {'full_name': 'Bad %d' % n, 'email': 'not-an-email',
                             'phone': '+33 1 23 45 67', 'company_name': 'T'}, token=bill, lang=lang)
            st = 200 if st == 422 else 500
        elif kind == 0:
            st, _ = request('GET', '/api/v1/clients?limit=20&offset=%d' % i, token=token, lang=lang)
        elif kind == 1:
            st, _ = request('GET', '/api/v1/clients?limit=all', token=token)
        elif kind == 2:
            st = dropped_stream(token)
        elif kind == 3:
            st, _ = request('POST', '/api/v1/clients',
                            {'full_name': 'T%d-%d' % (n, i), 'email': 't%d-%d@x.io' % (n, i),
                             'phone': '+33 1 23 45 67', 'company_name': 'T'}, token=bill)
        elif kind == 4:
            st, _ = request('GET', '/api/v1/events?limit=all', token=token, lang=lang)
        elif kind == 5:
            st, _ = request('GET', '/metrics')
        elif kind == 6 and i % 3 == 0:
            # a login on the hashing threads (a wrong one: 401)
            st, _ = request('POST', '/api/v1/session',
                            {'email': 'nobody%d@x.io' % n, 'password': 'wrong'}, lang=lang)
            st = 200 if st == 401 else 500
        elif kind == 6:
            st, _ = request('GET', '/api/v1/me', token=token)
        else:
            st, _ = request('PATCH', '/api/v1/contracts/1', {'remaining_amount': '%d.00' % i},
                            token=bill)
        with lock:
            statuses.append(st)


st, body = request('POST', '/api/v1/clients', {'full_name': 'Bad', 'email': 'not-an-email',
                                               'phone': '+33 1 23 45 67', 'company_name': 'T'},
                   token=bill, lang='fr')
check(st == 422 and "n'a pas" in json.loads(body).get('detail', ''),
      'a French request gets its refusal in French (the workers mix languages)')

threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check(statuses and all(st < 500 for st in statuses),
      'concurrent requests: no 5xx (%d requests)' % len(statuses))

# SIGTERM while a list streams to a slow reader.
c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
c.request('GET', '/api/v1/clients?limit=all', headers={'Authorization': 'Bearer ' + bill})
r = c.getresponse()
r.read(256)
server.send_signal(signal.SIGTERM)
try:
    rc = server.wait(timeout=40)
except subprocess.TimeoutExpired:
    server.kill()
    rc = 'hung'
c.close()
check(rc == 0, 'SIGTERM during a stream: exit 0 (got %s)' % rc)
log.close()
text = open(log_path, 'rb').read().decode('utf-8', 'replace')
reports = text.count('WARNING: ThreadSanitizer')
check(reports == 0, 'no ThreadSanitizer report (%d)' % reports)
if reports:
    sys.stderr.write(text[text.index('WARNING: ThreadSanitizer'):][:6000])
cleanup()

print('1..%d' % len(checks))
for i, (ok, what) in enumerate(checks, 1):
    print('%s %d - %s' % ('ok' if ok else 'not ok', i, what))
sys.exit(0 if all(ok for ok, _ in checks) else 1)
