#!/usr/bin/python3
"""Operational tests of `epicevents serve` (SERVER.md): what an operator and
the server's users notice when the server runs for real, on one backend.

    EPICEVENTS_BIN=build/epicevents /usr/bin/python3 tests/service/t_service.py sqlite|pg

The pg half needs EPICEVENTS_TEST_PG (a cluster from scripts/pg-cluster.sh,
which `make test` starts); without it the half is skipped, unless
EPICEVENTS_REQUIRE_PG is set. Prints TAP, the plan last.

Checks, each with one server (or two) of its own:
  1 two servers on one database, 8 client threads x 200 mixed requests:
    exact totals, no lost update, one journal entry per write, no 5xx
  2 SIGTERM while a whole list streams: the slow client sees a cut
    stream, a list that ends within the grace period completes, exit 0
  3 (pg) the database stopped and started under the server: /readyz 503
    then 200, problems instead of hangs, requests work again
  4 TLS: HTTPS verified against the certificate, Secure cookie, no HTTP
  5 limits: 413 for 1 MB, slow clients block nobody, 1000 connections at
    once, no connection or descriptor left behind
  6 access log: one line per request, no secret in it; JSON lines
  7 SIGHUP ignored; a warning when listening beyond loopback without TLS
Every server's stderr is checked for sanitizer reports when it stops.
"""
import collections
import http.client
import json
import os
import re
import resource
import selectors
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get('EPICEVENTS_BIN') or os.path.join(TOP, 'build', 'epicevents')
BACKEND = sys.argv[1] if len(sys.argv) > 1 else 'sqlite'

USERS = {
    'bill': ('bill.boquet@epic.com', 'password123'),
    'kate': ('kate.hastroff@epic.com', 'password123'),
    'alice': ('alice.manager@epic.com', 'admin123'),
}
SANITIZER_ERRORS = ('ERROR: AddressSanitizer', 'runtime error:', 'ERROR: LeakSanitizer',
                    'ERROR: ThreadSanitizer')


# ---- TAP ------------------------------------------------------------------

class Tap:
    """TAP out of several threads: a check group running in a thread of its
    own records its results, printed (and numbered) when the group is joined."""

    def __init__(self):
        self.n = 0
        self.failed = 0
        self.local = threading.local()

    def _emit(self, kind, cond, desc, diag):
        if kind == 'note':
            for line in str(desc).splitlines():
                print(f'# {line}', flush=True)
            return
        self.n += 1
        desc = desc.replace('\n', ' ')
        if kind == 'skip':
            print(f'ok {self.n} - [{BACKEND}] {desc} # SKIP {diag}', flush=True)
        elif cond:
            print(f'ok {self.n} - [{BACKEND}] {desc}', flush=True)
        else:
            self.failed += 1
            print(f'not ok {self.n} - [{BACKEND}] {desc}', flush=True)
            if diag:
                for line in (diag if isinstance(diag, list) else str(diag).splitlines())[:25]:
                    print(f'#   {line}', flush=True)

    def _put(self, kind, cond, desc, diag=None):
        rec = getattr(self.local, 'rec', None)
        if rec is None:
            self._emit(kind, cond, desc, diag)
        else:
            rec.append((kind, cond, desc, diag))

    def check(self, cond, desc, diag=None):
        self._put('check', cond, desc, diag)
        return bool(cond)

    def skip(self, desc, reason):
        self._put('skip', True, desc, reason)

    def note(self, text):
        self._put('note', True, text)

    def flush(self, rec):
        for entry in rec:
            self._emit(*entry)

    def finish(self):
        print(f'1..{self.n}', flush=True)
        return 0 if self.failed == 0 else 1


tap = Tap()


def is_sanitized():
    """An ASan/UBSan build is slower: the time limits stretch."""
    try:
        with open(BIN, 'rb') as f:
            data = f.read()
        return b'__asan_init' in data or b'__ubsan_handle' in data
    except OSError:
        return False


SLOW = 3.0 if is_sanitized() else 1.0


# ---- databases --------------------------------------------------------------

def psql_bin():
    return shutil.which('psql') or '/usr/lib/postgresql/15/bin/psql'


def pg_bindir():
    try:
        d = subprocess.run(['pg_config', '--bindir'], capture_output=True, text=True).stdout.strip()
        if d and os.access(os.path.join(d, 'pg_ctl'), os.X_OK):
            return d
    except OSError:
        pass
    best = None
    if os.path.isdir('/usr/lib/postgresql'):
        for v in os.listdir('/usr/lib/postgresql'):
            d = f'/usr/lib/postgresql/{v}/bin'
            if v.isdigit() and os.access(os.path.join(d, 'pg_ctl'), os.X_OK):
                if best is None or int(v) > best[0]:
                    best = (int(v), d)
    return best[1] if best else os.path.dirname(shutil.which('pg_ctl') or '/usr/bin/pg_ctl')


class Database:
    """A fresh database of the backend, with the demo data."""

    def __init__(self, work, name, admin_conninfo=None):
        self.name = name
        self.admin = admin_conninfo
        if BACKEND == 'sqlite':
            self.path = os.path.join(work, name + '.db')
            self.url = 'sqlite:' + self.path
        else:
            admin = admin_conninfo or os.environ['EPICEVENTS_TEST_PG']
            self.admin = admin
            self.dbname = f'svc_{name}_{os.getpid()}_{int(time.time() * 1000) % 100000}'
            self.psql_admin(f'CREATE DATABASE {self.dbname}')
            self.url = re.sub(r'dbname=\S+', 'dbname=' + self.dbname, admin)
        r = run_bin(['--db', self.url, 'db', 'init', '--demo'])
        if r.returncode != 0:
            raise RuntimeError(f'db init --demo failed: {r.stderr}')

    def psql_admin(self, sql):
        subprocess.run([psql_bin(), '-X', '-q', '-v', 'ON_ERROR_STOP=1', self.admin, '-c', sql],
                       check=True, capture_output=True)

    def execute(self, sql):
        if BACKEND == 'sqlite':
            c = sqlite3.connect(self.path, timeout=10)
            with c:
                c.execute(sql)
            c.close()
        else:
            subprocess.run([psql_bin(), '-X', '-q', '-v', 'ON_ERROR_STOP=1', self.url, '-c', sql],
                           check=True, capture_output=True)

    def drop(self):
        if BACKEND == 'pg':
            try:
                self.psql_admin(f'DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)')
            except Exception:
                pass


def server_env():
    env = dict(os.environ)
    for k in ('DATABASE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USERNAME', 'DB_PASSWORD',
              'JWT_SECRET_KEY', 'SENTRY_DSN', 'EPICEVENTS_LISTEN', 'EPICEVENTS_SERVER'):
        env.pop(k, None)
    env.update(HOME=os.path.join(WORK, 'home'), XDG_DATA_HOME=os.path.join(WORK, 'data'),
               XDG_STATE_HOME=os.path.join(WORK, 'state'), TZ='UTC', NO_COLOR='1',
               EPICEVENTS_TOKEN_FILE=os.path.join(WORK, 'home', '.token'))
    return env


def run_bin(args, timeout=120):
    return subprocess.run([BIN] + args, capture_output=True, text=True, env=server_env(),
                          cwd=WORK, timeout=timeout, stdin=subprocess.DEVNULL)


# ---- servers ----------------------------------------------------------------

def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """One `epicevents serve`, its stderr in a file."""

    def __init__(self, name, db_url, args=(), listen_host='127.0.0.1'):
        self.name = name
        self.errpath = os.path.join(WORK, f'{name}.stderr')
        self.stopped = False
        for _ in range(3):  # a free port may be taken again before serve binds it
            self.port = free_port()
            self.err_file = open(self.errpath, 'wb')
            cmd = [BIN, '--db', db_url, 'serve', '--listen', f'{listen_host}:{self.port}'] + list(args)
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self.err_file, env=server_env(), cwd=WORK)
            deadline = time.monotonic() + 15 * SLOW
            while time.monotonic() < deadline:
                if 'serving on' in self.stderr():
                    return
                if self.proc.poll() is not None:
                    break
                time.sleep(0.02)
            self.err_file.close()
            if self.proc.poll() is None or 'address is taken' not in self.stderr():
                break
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        raise RuntimeError(f'server {name} did not start: {self.stderr()[-2000:]}')

    def stderr(self):
        with open(self.errpath, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def fd_count(self):
        return len(os.listdir(f'/proc/{self.proc.pid}/fd'))

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=20):
        """Stops it; returns (exit code or None, seconds)."""
        t0 = time.monotonic()
        if self.alive():
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.stopped = True
        self.err_file.close()
        return rc, time.monotonic() - t0

    def stop_and_check(self, what):
        """Stops it; a test that it exited 0 with no sanitizer report."""
        rc, _ = self.stop()
        self.check_clean(rc, what)
        return rc

    def check_clean(self, rc, what, exit_checked_elsewhere=False):
        err = self.stderr()
        bad = [line for line in err.splitlines() if any(s in line for s in SANITIZER_ERRORS)]
        diag = [f'exit code {rc}'] + bad
        if bad:
            # the report's first frames, to say where
            i = err.find(bad[0])
            diag += err[i:i + 3000].splitlines()[:20]
        if exit_checked_elsewhere:
            tap.check(not bad, f'{what}: the server\'s stderr has no sanitizer report', diag)
        else:
            tap.check(rc == 0 and not bad,
                      f'{what}: the server exits 0 and its stderr has no sanitizer report', diag)


# ---- HTTP -------------------------------------------------------------------

class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body)

    def is_problem(self):
        try:
            ok = isinstance(self.json(), dict) and self.json().get('status') == self.status
        except ValueError:
            ok = False
        return (self.header('Content-Type') or '').startswith('application/problem+json') and ok

    def __repr__(self):
        return f'<{self.status} {self.body[:200]!r}>'


def make_conn(port, timeout=None, tls=None, host='127.0.0.1'):
    timeout = timeout or 15 * SLOW
    if tls:
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=tls)
    return http.client.HTTPConnection(host, port, timeout=timeout)


def request(port, method, path, body=None, token=None, headers=None, conn=None, timeout=None,
            tls=None, host='127.0.0.1'):
    timeout = timeout or 15 * SLOW
    own = conn is None
    if own:
        conn = make_conn(port, timeout, tls, host)
    h = {}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        h['Content-Type'] = 'application/json'
    if token:
        h['Authorization'] = 'Bearer ' + token
    h.update(headers or {})
    try:
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        b = r.read()
        return Resp(r.status, r.getheaders(), b)
    finally:
        if own:
            conn.close()


def try_request(*args, **kw):
    """request(), with a transport error as status 'ERR: ...'."""
    try:
        return request(*args, **kw)
    except Exception as e:  # noqa: BLE001 — every failure is a result here
        return Resp(f'ERR: {type(e).__name__}: {e}', [], b'')


def login(port, who, tls=None, host='127.0.0.1'):
    email, password = USERS[who]
    # PBKDF2 at 600000 rounds: a fraction of a second, far more on a busy
    # machine under a sanitizer
    r = request(port, 'POST', '/api/v1/session', {'email': email, 'password': password},
                tls=tls, host=host, timeout=120)
    if r.status != 201:
        raise RuntimeError(f'login as {who}: {r}')
    return r.json()['token'], r.json()['user']['id'], r


def money(cents):
    return f'{cents // 100}.{cents % 100:02d}'


def metrics(port):
    r = request(port, 'GET', '/metrics')
    out = {}
    for line in r.body.decode().splitlines():
        if line and not line.startswith('#'):
            k, _, v = line.rpartition(' ')
            out[k] = float(v)
    return out


def list_all(port, token, path):
    r = request(port, 'GET', path + ('&' if '?' in path else '?') + 'limit=all', token=token,
                timeout=60)
    if r.status != 200:
        raise RuntimeError(f'GET {path}: {r}')
    return r.json()


# ---- 1. two servers, concurrent writers ---------------------------------------

def check_concurrency(db):
    a = Server('conc-a', db.url, ['--threads', '4'])
    b = Server('conc-b', db.url, ['--threads', '4'])
    ports = [a.port, b.port]
    bill, bill_id, _ = login(a.port, 'bill')
    alice, _, _ = login(b.port, 'alice')
    users = list_all(a.port, alice, '/api/v1/users')
    kate_id = next(u['id'] for u in users if u['email'] == USERS['kate'][0])
    kevin = next(c for c in list_all(a.port, bill, '/api/v1/clients') if c['email'] == 'kevin@startup.io')

    nthreads, cycles = 8, 20
    # Each thread owns a contract (Bill's, on Kevin): its last write is known.
    # One contract is shared: every thread writes it through Alice.
    own = []
    for t in range(nthreads + 1):
        r = request(ports[t % 2], 'POST', '/api/v1/contracts',
                    {'client_id': kevin['id'], 'total_amount': '100000.00'}, token=alice)
        if r.status != 201:
            raise RuntimeError(f'contract setup: {r}')
        own.append(r.json()['id'])
    shared = own.pop()

    base = {k: len(list_all(a.port, alice, '/api/v1/' + k)) for k in ('clients', 'contracts', 'events')}
    audit_base = max(e['id'] for e in list_all(a.port, alice, '/api/v1/audit'))
    results = [[] for _ in range(nthreads)]   # (op, expected, status, ok-detail)
    created = collections.defaultdict(list)   # entity -> ids (201)
    written = [None] * nthreads               # last value written to own contract
    shared_values = []                        # values Alice wrote to the shared one (200)
    lock = threading.Lock()

    def worker(t):
        conns = [make_conn(p) for p in ports]
        i = 0
        res = results[t]

        def call(op, expected, method, path, body=None, token=None):
            nonlocal i
            k = (t + i) % 2
            i += 1
            try:
                r = request(ports[k], method, path, body, token=token, conn=conns[k])
            except Exception as e:  # noqa: BLE001
                conns[k].close()
                conns[k] = make_conn(ports[k])
                r = Resp(f'ERR: {type(e).__name__}: {e}', [], b'')
            res.append((op, expected, r.status, r))
            return r if r.status == expected else None

        for k in range(cycles):
            tag = f'{t}-{k}-{os.getpid()}'
            r = call('client.create', 201, 'POST', '/api/v1/clients',
                     {'full_name': f'Load Client {tag}', 'email': f'load-{tag}@load.test',
                      'phone': '+33 1 23 45 67 89', 'company_name': f'Load Co {t}'}, bill)
            client = r.json()['id'] if r else None
            if r:
                with lock:
                    created['client'].append(client)
            contract = event = None
            if client:
                r = call('contract.create', 201, 'POST', '/api/v1/contracts',
                         {'client_id': client, 'total_amount': '1000.00'}, alice)
                contract = r.json()['id'] if r else None
                if r:
                    with lock:
                        created['contract'].append(contract)
            if contract:
                r = call('contract.sign', 200, 'POST', f'/api/v1/contracts/{contract}/sign',
                         None, bill)
                if r:
                    with lock:
                        created['sign'].append(contract)
                r = call('event.create', 201, 'POST', '/api/v1/events',
                         {'contract_id': contract, 'name': f'Load Event {tag}',
                          'start_date': '2031-06-01 10:00', 'end_date': '2031-06-01 12:00',
                          'location': 'Hall 1', 'attendees_count': 10 + k}, bill) if r else None
                event = r.json()['id'] if r else None
                if r:
                    with lock:
                        created['event'].append(event)
            if event:
                # Every event of this load is at the same hour: Kate is booked
                # on all of them on purpose (the scheduling rule has its own tests).
                r = call('event.assign', 200, 'POST',
                         f'/api/v1/events/{event}/assign?allow_overlap=true',
                         {'support_contact_id': kate_id}, alice)
                if r:
                    with lock:
                        created['assign'].append(event)
            v = t * 100000 + k * 100 + 7
            r = call('contract.update.own', 200, 'PATCH', f'/api/v1/contracts/{own[t]}',
                     {'remaining_amount': money(v)}, bill)
            if r:
                written[t] = v
            w = t * 100000 + k * 100 + 3
            r = call('contract.update.shared', 200, 'PATCH', f'/api/v1/contracts/{shared}',
                     {'remaining_amount': money(w)}, alice)
            if r:
                with lock:
                    shared_values.append(money(w))
            if client:
                r = call('client.read', 200, 'GET', f'/api/v1/clients/{client}', None, bill)
                if r and r.json()['full_name'] != f'Load Client {tag}':
                    res.append(('client.read.value', 'same', 'differs', r))
            # read-your-write through the other server: nothing cached
            r = call('contract.read.own', 200, 'GET', f'/api/v1/contracts/{own[t]}', None, bill)
            if r and written[t] is not None and r.json()['remaining_amount'] != money(written[t]):
                res.append(('contract.read.value', money(written[t]),
                            r.json()['remaining_amount'], r))
            if event:
                r = call('event.read', 200, 'GET', f'/api/v1/events/{event}', None, alice)
                if r and r.json()['support_contact_id'] != kate_id:
                    res.append(('event.read.support', kate_id, r.json()['support_contact_id'], r))
            else:
                call('me', 200, 'GET', '/api/v1/me', None, alice)
        for c in conns:
            c.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(t,)) for t in range(nthreads)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - t0
    every = [x for res in results for x in res]
    statuses = collections.Counter(str(x[2]) for x in every)
    tap.note(f'check 1: {len(every)} requests over 2 servers in {elapsed:.1f} s; statuses {dict(statuses)}')

    wrong = [f'{op}: wanted {exp}, got {st} {r!r}' for op, exp, st, r in every if st != exp]
    tap.check(len(every) >= nthreads * cycles * 10 and not wrong,
              f'two servers, {nthreads} threads x {cycles * 10} mixed requests: each got its '
              f'success status ({len(every)} requests)', wrong)
    fivexx = [x for x in every if isinstance(x[2], int) and x[2] >= 500 and x[2] != 503]
    errs = [x for x in every if isinstance(x[2], str)]
    tap.check(not fivexx and not errs, 'no 5xx other than 503 and no transport error',
              [f'{op}: {st} {r!r}' for op, _, st, r in (fivexx + errs)])
    busy = [x for x in every if x[2] == 503]
    tap.check(not busy, f'no 503 "busy" at this load ({len(busy)} seen)',
              [f'{op}: {r!r}' for op, _, _, r in busy])

    after = {k: list_all(b.port, alice, '/api/v1/' + k) for k in ('clients', 'contracts', 'events')}
    for key, entity in (('clients', 'client'), ('contracts', 'contract'), ('events', 'event')):
        ids = {x['id'] for x in after[key]}
        missing = [i for i in created[entity] if i not in ids]
        tap.check(len(after[key]) - base[key] == len(created[entity]) and not missing
                  and len(set(created[entity])) == len(created[entity]),
                  f'{key}: rows created ({len(after[key]) - base[key]}) = 201 answers '
                  f'({len(created[entity])}), ids distinct and all listed',
                  [f'missing {missing[:10]}'])
    by_id = {c['id']: c for c in after['contracts']}
    lost = [f'thread {t}: contract {own[t]} has {by_id[own[t]]["remaining_amount"]}, '
            f'last written {money(written[t]) if written[t] is not None else None}'
            for t in range(nthreads)
            if written[t] is None or by_id[own[t]]['remaining_amount'] != money(written[t])]
    tap.check(not lost, 'no lost update: each thread\'s contract holds its last write', lost)
    signed = [i for i in created['sign'] if not by_id[i]['is_signed']]
    events = {e['id']: e for e in after['events']}
    unassigned = [i for i in created['assign'] if events[i]['support_contact_id'] != kate_id]
    tap.check(not signed and not unassigned, 'every sign and assign that answered 200 holds',
              [f'unsigned {signed[:10]}', f'unassigned {unassigned[:10]}'])

    journal = [e for e in list_all(b.port, alice, '/api/v1/audit') if e['id'] > audit_base]
    got = collections.Counter((e['action'], e['entity']) for e in journal)
    updates = sum(1 for op, exp, st, _ in every if op.startswith('contract.update') and st == exp)
    want = collections.Counter({('create', 'client'): len(created['client']),
                                ('create', 'contract'): len(created['contract']),
                                ('sign', 'contract'): len(created['sign']),
                                ('create', 'event'): len(created['event']),
                                ('assign', 'event'): len(created['assign']),
                                ('update', 'contract'): updates})
    tap.check(got == want, f'the journal has one entry per successful write ({sum(want.values())})',
              [f'journal {dict(got)}', f'writes  {dict(want)}'])
    ids_ok = all(sorted(e['entity_id'] for e in journal if (e['action'], e['entity']) == ('create', ent))
                 == sorted(created[ent]) for ent in ('client', 'contract', 'event'))
    actors_ok = all(e['actor_id'] == bill_id for e in journal
                    if (e['action'], e['entity']) in (('create', 'client'), ('create', 'event')))
    tap.check(ids_ok and actors_ok, 'journal entries name the records created and their author')

    shared_updates = [e for e in journal if e['action'] == 'update' and e['entity_id'] == shared]
    def journalled(details, key):
        # details: an object in --json / the API; a changed field is [old, new]
        d = details if isinstance(details, dict) else json.loads(details or '{}')
        v = d.get(key)
        return v[1] if isinstance(v, list) and len(v) == 2 else v
    last = journalled(shared_updates[-1]['details'], 'remaining_amount') if shared_updates else None
    final = by_id[shared]['remaining_amount']
    tap.check(len(shared_updates) == len(shared_values) and final == last and final in shared_values,
              f'shared contract: final value {final} is the last journalled write ({last}), '
              f'{len(shared_updates)} journalled = {len(shared_values)} answered 200')
    a.stop_and_check('check 1, server A')
    b.stop_and_check('check 1, server B')


# ---- 2. SIGTERM during a streamed list ----------------------------------------

BULK = 50000


def bulk_clients(db):
    if BACKEND == 'sqlite':
        sql = (f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {BULK}) "
               "INSERT INTO clients (full_name, email, phone, company_name, commercial_contact_id) "
               "SELECT 'Bulk Client ' || i, 'bulk' || i || '@bulk.test', '+33 1 00 00 00 00', "
               "'Bulk Company ' || i, 1 FROM s")
    else:
        sql = ("INSERT INTO clients (full_name, email, phone, company_name, commercial_contact_id) "
               "SELECT 'Bulk Client ' || i, 'bulk' || i || '@bulk.test', '+33 1 00 00 00 00', "
               f"'Bulk Company ' || i, 1 FROM generate_series(1, {BULK}) i")
    db.execute(sql)


def dechunk(raw):
    """(body, complete): an HTTP/1.1 chunked body as far as it goes."""
    body = bytearray()
    pos = 0
    while True:
        eol = raw.find(b'\r\n', pos)
        if eol < 0:
            return bytes(body), False
        try:
            size = int(raw[pos:eol].split(b';')[0], 16)
        except ValueError:
            return bytes(body), False
        if size == 0:
            return bytes(body), raw[eol + 2:eol + 4] == b'\r\n'
        start = eol + 2
        if len(raw) < start + size + 2:
            body += raw[start:start + size]
            return bytes(body), False
        body += raw[start:start + size]
        pos = start + size + 2


class StreamReader(threading.Thread):
    """GET a whole list on a raw socket, reading at a pace, to the end."""

    def __init__(self, port, token, chunk, pause, rcvbuf=None, path='/api/v1/clients?limit=all',
                 timeout=60):
        super().__init__()
        self.t0 = time.monotonic()
        self.s = socket.socket()
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.settimeout(timeout)
        self.s.connect(('127.0.0.1', port))
        self.body_at = None  # where the body starts, once the head is in
        self.length = None
        self.s.sendall(f'GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n'
                       f'Authorization: Bearer {token}\r\n\r\n'.encode())
        self.chunk, self.pause = chunk, pause
        self.fast = threading.Event()
        self.raw = bytearray()
        self.ended_by = None
        self.finished_at = None
        self.started = threading.Event()

    def run(self):
        try:
            while True:
                n = self.chunk if not self.fast.is_set() else 1 << 20
                data = self.s.recv(n)
                if not data:
                    self.ended_by = 'eof'
                    break
                self.raw += data
                if self.body_at is None and b'\r\n\r\n' in self.raw:
                    self.body_at = self.raw.index(b'\r\n\r\n') + 4
                    m = re.search(rb'(?im)^content-length:\s*(\d+)', self.raw[:self.body_at])
                    self.length = int(m.group(1)) if m else None
                    self.started.set()
                if self.body_at is not None:
                    if self.raw.endswith(b'\r\n0\r\n\r\n'):
                        self.ended_by = 'terminator'
                        break
                    if self.length is not None and len(self.raw) - self.body_at >= self.length:
                        self.ended_by = 'content-length'
                        break
                if not self.fast.is_set():
                    time.sleep(self.pause)
        except (ConnectionResetError, socket.timeout, OSError) as e:
            self.ended_by = type(e).__name__
        self.finished_at = time.monotonic()
        self.started.set()
        self.s.close()

    def seconds(self):
        return (self.finished_at or time.monotonic()) - self.t0

    def result(self):
        head, _, rest = bytes(self.raw).partition(b'\r\n\r\n')
        lines = head.decode('latin-1').split('\r\n')
        status = lines[0]
        hdrs = {l.split(':', 1)[0].lower(): l.split(':', 1)[1].strip() for l in lines[1:] if ':' in l}
        if 'chunked' in hdrs.get('transfer-encoding', ''):
            body, complete = dechunk(rest)
        else:
            body = rest
            complete = 'content-length' in hdrs and len(rest) == int(hdrs['content-length'])
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        return status, hdrs, body, complete, doc


def check_sigterm(work):
    db = Database(work, 'bulk')
    try:
        bulk_clients(db)
        srv = Server('sigterm', db.url, ['--threads', '4'])
        token, _, _ = login(srv.port, 'bill')
        total = BULK + 1  # and Kevin
        # Clients that go away mid-list: their database connections come back.
        offset = len(srv.stderr())
        quitters = []
        for _ in range(3):
            q = socket.create_connection(('127.0.0.1', srv.port), timeout=10)
            q.sendall(f'GET /api/v1/clients?limit=all HTTP/1.1\r\nHost: x\r\n'
                      f'Authorization: Bearer {token}\r\n\r\n'.encode())
            q.recv(65536)
            quitters.append(q)
        busy_during = metrics(srv.port).get('epicevents_db_connections_in_use')
        for q in quitters:  # reset, as a killed browser tab does
            q.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b'\x01\x00\x00\x00\x00\x00\x00\x00')
            q.close()
        deadline = time.monotonic() + 5 * SLOW
        while True:
            in_use = metrics(srv.port).get('epicevents_db_connections_in_use')
            if in_use == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        text, lines = wait_log_lines(srv, offset, 3)
        aborted = [l for l in lines if ' /api/v1/clients ' in l and l.endswith(' aborted')]
        tap.check(busy_during == 3 and in_use == 0 and len(aborted) == 3,
                  f'3 clients leaving mid-list: their database connections come back '
                  f'(in use {busy_during} -> {in_use}), 3 log lines say aborted', lines)
        # slow: 2 KiB every 50 ms (40 KiB/s) with a small receive buffer;
        # brisk: 64 KiB every 15 ms, done in a few seconds.
        slow = StreamReader(srv.port, token, 2048, 0.05, rcvbuf=8192)
        brisk = StreamReader(srv.port, token, 65536, 0.01)
        slow.start()
        brisk.start()
        slow.started.wait(10 * SLOW)
        brisk.started.wait(10 * SLOW)
        time.sleep(0.3)
        t_term = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # A new connection is refused once the server stops accepting.
        s = socket.socket()
        s.settimeout(3)
        try:
            s.connect(('127.0.0.1', srv.port))
            s.sendall(b'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
            answer = s.recv(100)
            refused = not answer.startswith(b'HTTP/1.1 200')
            how = f'answered {answer[:40]!r}'
        except OSError as e:
            refused, how = True, type(e).__name__
        s.close()
        tap.check(refused, f'after SIGTERM a new connection is not served ({how})')
        try:
            rc = srv.proc.wait(20 * SLOW)
        except subprocess.TimeoutExpired:
            rc = None
        took = time.monotonic() - t_term
        slow.fast.set()
        slow.join(30)
        brisk.join(30)
        tap.check(rc == 0 and took <= 13.0 * SLOW,
                  f'SIGTERM with a slow list in flight: exit {rc} after {took:.1f} s (grace 10 s, then cut)')
        srv.stop()
        srv.check_clean(rc, 'check 2', exit_checked_elsewhere=True)

        st, hdrs, body, complete, doc = brisk.result()
        tap.check(st.startswith('HTTP/1.1 200') and complete and isinstance(doc, list)
                  and len(doc) == total and brisk.finished_at is not None
                  and brisk.finished_at > t_term,
                  f'a list ending within the grace period completes: {len(doc) if doc else None} '
                  f'of {total} rows, terminator {complete}, ended after SIGTERM by '
                  f'{brisk.finished_at - t_term if brisk.finished_at else 0:.1f} s',
                  [st, str(hdrs), f'ended by {brisk.ended_by}', repr(body[-200:])])
        st, hdrs, body, complete, doc = slow.result()
        rows = body.count(b'"id":')
        tap.check(st.startswith('HTTP/1.1 200') and not complete and doc is None and 0 < rows < total,
                  f'the slow client sees a cut stream, not a short list: {rows} rows of {total}, '
                  f'{"chunked" if "chunked" in hdrs.get("transfer-encoding", "") else "unchunked"}, '
                  f'no terminator, JSON unclosed (ended by {slow.ended_by})',
                  [st, str(hdrs), f'complete={complete} json={"yes" if doc is not None else "no"}',
                   repr(body[-200:])])
    finally:
        db.drop()


# ---- 2b. SIGTERM while requests wait on the database ----------------------------

def check_sigterm_stuck(work):
    """Requests blocked on a lock another session holds when SIGTERM comes:
    SERVER.md's grace is at most 10 s, so the server still exits (0) soon
    after, whatever the database does."""
    db = Database(work, 'stuck')
    holder = None
    servers = []
    try:
        cases = [('update', 'PATCH', '/api/v1/contracts/1', {'remaining_amount': '100.00'})]
        if BACKEND == 'pg':
            cases.insert(0, ('list', 'GET', '/api/v1/clients?limit=all', None))
        for name, _, _, _ in cases:
            servers.append(Server(f'stuck-{name}', db.url, ['--threads', '2']))
        token, _, _ = login(servers[0].port, 'bill')
        # The lock is taken once logged in (a login under a sanitizer can
        # take longer than the lock is held).
        if BACKEND == 'pg':
            # clients (every list of them) and contract 1 locked for 25 s
            holder = subprocess.Popen([psql_bin(), '-X', '-q', db.url, '-c',
                                       'BEGIN; LOCK TABLE clients IN ACCESS EXCLUSIVE MODE; '
                                       'SELECT id FROM contracts WHERE id = 1 FOR UPDATE; '
                                       'SELECT pg_sleep(25); COMMIT;'],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):
                held = subprocess.run([psql_bin(), '-X', '-q', '-A', '-t', db.url, '-c',
                                       "SELECT count(*) FROM pg_locks WHERE granted AND "
                                       "mode = 'AccessExclusiveLock' AND relation = 'clients'::regclass"],
                                      capture_output=True, text=True).stdout.strip()
                if held == '1':
                    break
                time.sleep(0.1)
        else:
            # another process's write transaction, held 25 s
            holder = subprocess.Popen([sys.executable, '-c',
                                       'import sqlite3, time, sys\n'
                                       'c = sqlite3.connect(sys.argv[1], isolation_level=None)\n'
                                       'c.execute("BEGIN IMMEDIATE")\n'
                                       'print("locked", flush=True)\n'
                                       'time.sleep(25)\n', db.path], stdout=subprocess.PIPE, text=True)
            holder.stdout.readline()
        time.sleep(0.5)
        answers = {}

        def send(srv, case):
            answers[case[0]] = try_request(srv.port, case[1], case[2], case[3], token=token, timeout=40)
        senders = [threading.Thread(target=send, args=(srv, case)) for srv, case in zip(servers, cases)]
        for th in senders:
            th.start()
        time.sleep(1.0)
        t0 = time.monotonic()
        for srv in servers:
            srv.proc.send_signal(signal.SIGTERM)
        for srv, (name, method, path, _) in zip(servers, cases):
            try:
                rc = srv.proc.wait(max(0.1, 20 * SLOW - (time.monotonic() - t0)))
            except subprocess.TimeoutExpired:
                rc = None
            took = time.monotonic() - t0
            srv.stop(signal.SIGKILL)
            tap.check(rc == 0 and took <= 13.0 * SLOW,
                      f'SIGTERM while {method} {path.split("?")[0]} waits on a database lock: '
                      f'exit {rc} after {took:.1f} s (grace 10 s)',
                      [l for l in srv.stderr().splitlines() if 'Fatal' in l or 'stopping' in l])
            srv.check_clean(rc, f'check 2b ({name})', exit_checked_elsewhere=True)
        for th in senders:
            th.join(45)
        tap.note('check 2b answers: ' + ', '.join(f'{k} {v.status}' for k, v in answers.items()))
    finally:
        for srv in servers:
            if not srv.stopped:
                srv.stop(signal.SIGKILL)
        if holder:
            holder.kill()
            holder.wait()
        db.drop()


# ---- 3. the database stopped and started under the server (pg) ------------------

def as_postgres(args, cwd):
    if os.getuid() == 0:
        args = ['runuser', '-u', 'postgres', '--'] + args
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=90)


def check_db_restart(work):
    if BACKEND != 'pg':
        tap.skip('database stopped and restarted under the server', 'PostgreSQL only')
        return
    cluster = tempfile.mkdtemp(prefix='pgR.', dir='/tmp')
    script = os.path.join(TOP, 'scripts', 'pg-cluster.sh')
    srv = None
    db = None
    try:
        r = subprocess.run(['sh', script, 'start', cluster], capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            tap.check(False, 'a private PostgreSQL cluster starts', r.stderr)
            return
        env_line = open(os.path.join(cluster, 'env')).read()
        admin = re.search(r"EPICEVENTS_TEST_PG='([^']*)'", env_line).group(1)
        db = Database(work, 'restart', admin)
        srv = Server('db-restart', db.url, ['--threads', '2'])
        token, _, _ = login(srv.port, 'bill')
        before = [try_request(srv.port, 'GET', '/readyz').status,
                  try_request(srv.port, 'GET', '/api/v1/me', token=token).status]
        pg_ctl = os.path.join(pg_bindir(), 'pg_ctl')
        data = os.path.join(cluster, 'data')
        stop = as_postgres([pg_ctl, '-D', data, '-m', 'fast', '-w', 'stop'], cluster)
        down = []
        for path, tok in [('/readyz', None)] + [('/api/v1/me', token)] * 8 + \
                         [('/api/v1/clients', token), ('/readyz', None)]:
            t0 = time.monotonic()
            r = try_request(srv.port, 'GET', path, token=tok, timeout=15)
            down.append((path, r, time.monotonic() - t0))
        ready_down = [r for p, r, _ in down if p == '/readyz']
        tap.check(before == [200, 200] and stop.returncode == 0 and
                  all(r.status == 503 and r.is_problem() for r in ready_down),
                  f'database down: /readyz answers 503 problem+json (before: {before})',
                  [stop.stderr] + [repr(r) for r in ready_down])
        api_down = [(p, r, dt) for p, r, dt in down if p != '/readyz']
        tap.check(all(r.status in (500, 503) and r.is_problem() and dt < 10 for _, r, dt in api_down)
                  and srv.alive(),
                  'database down: API calls answer 503 or 500 problem+json, promptly, server alive',
                  [f'{p}: {r!r} in {dt:.2f} s' for p, r, dt in api_down])
        tap.note('check 3 while down: ' + ', '.join(f'{p} {r.status} {dt:.2f}s' for p, r, dt in down))

        start = as_postgres([pg_ctl, '-D', data, '-l', os.path.join(cluster, 'server.log'),
                             '-w', '-t', '60', 'start'], cluster)
        ready_at = None
        t0 = time.monotonic()
        while time.monotonic() - t0 < 15:
            if try_request(srv.port, 'GET', '/readyz', timeout=10).status == 200:
                ready_at = time.monotonic() - t0
                break
            time.sleep(0.1)
        tap.check(start.returncode == 0 and ready_at is not None,
                  f'database back: /readyz is 200 again without restarting serve '
                  f'({ready_at if ready_at is not None else -1:.2f} s)', start.stderr)
        after = [try_request(srv.port, 'GET', '/api/v1/me', token=token) for _ in range(12)]
        tap.check(all(r.status == 200 for r in after),
                  'database back: every request succeeds again (12 in a row, first included)',
                  [repr(r) for r in after])
        # A restart nobody sees: the pool holds connections to the old server.
        warm = [threading.Thread(target=try_request, args=(srv.port, 'GET', '/api/v1/me'),
                                 kwargs={'token': token}) for _ in range(8)]
        for th in warm:
            th.start()
        for th in warm:
            th.join()
        opened = metrics(srv.port).get('epicevents_db_connections_open')
        r = subprocess.run(['sh', script, 'restart', cluster], capture_output=True, text=True, timeout=120)
        quiet = [try_request(srv.port, 'GET', '/api/v1/me', token=token) for _ in range(8)]
        tap.check(r.returncode == 0 and all(x.status == 200 for x in quiet),
                  f'after a quick database restart with {opened:.0f} pooled connections, the next '
                  f'requests succeed ({[x.status for x in quiet]})',
                  [r.stderr] + [repr(x) for x in quiet if x.status != 200])
        rc = srv.stop_and_check('check 3')
        srv = None
    finally:
        if srv:
            srv.stop()
        if db:
            db.drop()
        subprocess.run(['sh', script, 'stop', cluster], capture_output=True, timeout=120)


# ---- 4. TLS -------------------------------------------------------------------

def check_tls(db, bill):
    cert = os.path.join(WORK, 'cert.pem')
    key = os.path.join(WORK, 'key.pem')
    r = subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost',
                        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1',
                        '-keyout', key, '-out', cert], capture_output=True, text=True)
    if r.returncode != 0:
        tap.check(False, 'openssl makes a self-signed certificate', r.stderr)
        return
    srv = Server('tls', db.url, ['--threads', '2', '--tls-cert', cert, '--tls-key', key])
    ctx = ssl.create_default_context(cafile=cert)
    h = try_request(srv.port, 'GET', '/healthz', tls=ctx, host='localhost')
    me = try_request(srv.port, 'GET', '/api/v1/me', token=bill, tls=ctx, host='127.0.0.1')
    tap.check(h.status == 200 and me.status == 200 and me.json()['email'] == USERS['bill'][0],
              'HTTPS verified against the certificate: /healthz and /api/v1/me answer 200',
              [repr(h), repr(me)])
    try:
        _, _, resp = login(srv.port, 'kate', tls=ctx, host='localhost')
        cookie = resp.header('Set-Cookie') or ''
    except Exception as e:  # noqa: BLE001
        cookie = f'login failed: {e}'
    attrs = [a.strip().lower() for a in cookie.split(';')[1:]]
    tap.check(cookie.startswith('epicevents_session=') and 'secure' in attrs and 'httponly' in attrs,
              'under TLS the session cookie carries Secure (and HttpOnly)', cookie[:40] + '... ' + str(attrs))
    plain = try_request(srv.port, 'GET', '/healthz', timeout=5)
    tap.check(plain.status != 200, f'plain HTTP to the TLS port gets no answer ({plain.status})')
    other = try_request(srv.port, 'GET', '/healthz', tls=ssl.create_default_context(), host='localhost',
                        timeout=5)
    tap.check(isinstance(other.status, str) and 'CERTIFICATE_VERIFY_FAILED' in other.status,
              'a client trusting only the system store refuses the self-signed certificate',
              other.status)
    srv.stop_and_check('check 4')


# ---- 5. limits ------------------------------------------------------------------

def raw_exchange(port, data_parts, timeout=10):
    """Sends parts (errors while sending noted), then reads the whole answer."""
    s = socket.create_connection(('127.0.0.1', port), timeout=timeout)
    send_error = None
    for part in data_parts:
        try:
            s.sendall(part)
        except OSError as e:
            send_error = type(e).__name__
            break
    raw = bytearray()
    read_error = None
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            raw += d
            head, sep, rest = bytes(raw).partition(b'\r\n\r\n')
            m = re.search(rb'(?i)content-length:\s*(\d+)', head)
            if sep and m and len(rest) >= int(m.group(1)):
                break
    except OSError as e:
        read_error = type(e).__name__
    s.close()
    head, _, body = bytes(raw).partition(b'\r\n\r\n')
    return head.decode('latin-1'), body, send_error, read_error


def check_limits(srv, bill):
    port = srv.port
    mb = b'{"full_name": "' + b'x' * (1024 * 1024 - 20) + b'"}'
    head, body, serr, rerr = raw_exchange(port, [
        f'POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {bill}\r\n'
        f'Content-Type: application/json\r\nContent-Length: {len(mb)}\r\n\r\n'.encode(), mb])
    ok = head.startswith('HTTP/1.1 413') and 'application/problem+json' in head
    tap.check(ok and json.loads(body or b'{}').get('status') == 413,
              f'a 1 MB body (Content-Length) gets 413 problem+json (send: {serr}, read: {rerr})',
              [head, repr(body[:200])])
    chunks = [f'POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {bill}\r\n'
              'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'.encode()]
    for i in range(16):
        chunks.append(b'10000\r\n' + (b'{' if i == 0 else b' ') * 65536 + b'\r\n')
    chunks.append(b'0\r\n\r\n')
    head, body, serr, rerr = raw_exchange(port, chunks)
    tap.check(head.startswith('HTTP/1.1 413') and 'application/problem+json' in head,
              f'a 1 MB chunked body gets 413 problem+json (send: {serr}, read: {rerr})',
              [head, repr(body[:200])])
    h = try_request(port, 'GET', '/healthz')
    c = try_request(port, 'POST', '/api/v1/clients',
                    {'full_name': 'After Big Body', 'email': f'big-{os.getpid()}@limits.test',
                     'phone': '+33 1 23 45 67 89', 'company_name': 'Limits'}, token=bill)
    tap.check(h.status == 200 and c.status == 201 and srv.alive(),
              'after the big bodies the server answers and a normal create works', [repr(h), repr(c)])

    # Slow clients, more than the worker threads, one header byte a second.
    slow_socks = []
    for _ in range(8):
        s = socket.create_connection(('127.0.0.1', port), timeout=40)
        s.sendall(f'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Slow: '.encode())
        slow_socks.append(s)
    stop_slow = threading.Event()

    def dribble():
        while not stop_slow.wait(1.0):
            for s in slow_socks:
                try:
                    s.sendall(b'a')
                except OSError:
                    pass
    dribbler = threading.Thread(target=dribble)
    dribbler.start()
    lat = []
    t_end = time.monotonic() + 3.5
    while time.monotonic() < t_end:
        for path, tok in (('/healthz', None), ('/api/v1/me', bill)):
            t0 = time.monotonic()
            r = try_request(port, 'GET', path, token=tok, timeout=10)
            lat.append((path, r.status, time.monotonic() - t0))
        time.sleep(0.05)
    stop_slow.set()
    dribbler.join()
    slow_answers = []
    for s in slow_socks:
        try:
            s.sendall(b'\r\n\r\n')
            slow_answers.append(s.recv(100)[:12])
        except OSError as e:
            slow_answers.append(type(e).__name__)
        s.close()
    worst = max(x[2] for x in lat)
    tap.check(all(x[1] == 200 for x in lat) and worst < 1.0 * SLOW,
              f'8 clients sending a header byte a second block nobody: {len(lat)} requests meanwhile, '
              f'slowest {worst * 1000:.0f} ms',
              [repr(x) for x in lat if x[1] != 200 or x[2] >= 1.0 * SLOW])
    tap.check(all(a == b'HTTP/1.1 200' for a in slow_answers),
              'the slow clients get their answer once their headers end', [repr(a) for a in slow_answers])

    # 1000 connections at once.
    time.sleep(0.3)
    idle_fds = srv.fd_count()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    n = 1000
    sel = selectors.DefaultSelector()
    state = {}
    for i in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(('127.0.0.1', port))
        if i % 2:
            req = (f'GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {bill}\r\n'
                   'Connection: close\r\n\r\n')
        else:
            req = f'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n'
        state[s] = {'req': req.encode(), 'sent': False, 'raw': bytearray(), 'err': None, 'i': i}
        sel.register(s, selectors.EVENT_WRITE)
    t0 = time.monotonic()
    pending = n
    while pending and time.monotonic() - t0 < 60 * SLOW:
        for key, ev in sel.select(timeout=1):
            s = key.fileobj
            st = state[s]
            try:
                if not st['sent']:
                    err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if err:
                        raise OSError(err, os.strerror(err))
                    s.sendall(st['req'])
                    st['sent'] = True
                    sel.modify(s, selectors.EVENT_READ)
                    continue
                d = s.recv(65536)
                if d:
                    st['raw'] += d
                    continue
            except OSError as e:
                st['err'] = f'{type(e).__name__}: {e}'
            sel.unregister(s)
            s.close()
            pending -= 1
    took = time.monotonic() - t0
    for s in list(state):
        if s.fileno() >= 0:
            state[s]['err'] = state[s]['err'] or 'no answer in time'
            sel.unregister(s)
            s.close()
    sel.close()
    bad = []
    statuses = collections.Counter()
    for st in state.values():
        head, _, body = bytes(st['raw']).partition(b'\r\n\r\n')
        m = re.match(rb'HTTP/1\.1 (\d{3})', head)
        status = int(m.group(1)) if m else None
        ctype = re.search(rb'(?im)^content-type:\s*([^;\r\n]+)', head)
        ctype = ctype.group(1).decode() if ctype else None
        statuses[status] += 1
        want_ct = {200: 'application/json', 503: 'application/problem+json'}.get(status)
        if st['err'] or status not in (200, 503) or ctype != want_ct:
            bad.append(f"#{st['i']}: status {status} type {ctype} error {st['err']} {bytes(st['raw'][:80])!r}")
    tap.note(f'check 5: 1000 connections answered in {took:.1f} s: {dict(statuses)}')
    tap.check(not bad, f'1000 connections at once (half /healthz, half /api/v1/me): each gets 200 or 503 '
              f'with its content type, none reset ({dict(statuses)})', bad[:20] + [f'{len(bad)} bad'])
    deadline = time.monotonic() + 5 * SLOW
    while True:
        m = metrics(port)
        fds = srv.fd_count()
        allowed = idle_fds + 4 * int(m.get('epicevents_db_connections_open') or 0) + 8
        if (m.get('epicevents_db_connections_in_use') == 0 and fds <= allowed) or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    tap.check(m.get('epicevents_db_connections_in_use') == 0 and m.get('epicevents_db_connections_waiting') == 0,
              f"/metrics afterwards: no database connection checked out or waited for "
              f"(in use {m.get('epicevents_db_connections_in_use')}, waiting {m.get('epicevents_db_connections_waiting')}, "
              f"open {m.get('epicevents_db_connections_open')})")
    # The pool may have grown meanwhile (its open connections are in
    # /metrics): up to 3 descriptors per SQLite connection (database, WAL,
    # shared memory), 1 per PostgreSQL one; nothing else may stay open.
    tap.check(fds <= allowed,
              f'open descriptors back to idle plus the pool: {fds} after, {idle_fds} before, '
              f'{m.get("epicevents_db_connections_open")} database connections')


# ---- 5b. whole lists beyond the pool ----------------------------------------------

def check_lists_beyond_pool(work):
    """A server of its own: when this fails, its stuck connections would
    spoil the other checks."""
    db = Database(work, 'lists')
    srv = Server('lists', db.url, ['--threads', '4'])
    try:
        port = srv.port
        bill, _, _ = login(port, 'bill')
        # Whole lists beyond the pool: 4 x (2 x threads + 2) at once. Each holds a
        # database connection until its last byte; the rest wait for one (5 s at
        # most, then 503). None may be cut or stall.
        n_lists = 40
        expected = len(list_all(port, bill, '/api/v1/clients'))
        readers = [StreamReader(port, bill, 65536, 0, timeout=15 * SLOW) for _ in range(n_lists)]
        for r in readers:
            r.start()
        for r in readers:
            r.join(30 * SLOW)
        bad, seen = [], collections.Counter()
        for r in readers:
            st, hdrs, body, complete, doc = r.result()
            code = st[9:12]
            seen[code] += 1
            ok = ((code == '200' and complete and isinstance(doc, list) and len(doc) == expected)
                  or (code == '503' and 'problem+json' in hdrs.get('content-type', '')))
            if not ok or r.seconds() > 6.0 * SLOW:
                bad.append(f'{st!r} complete={complete} rows={len(doc) if isinstance(doc, list) else None} '
                           f'ended by {r.ended_by} after {r.seconds():.1f} s')
        worst = max(r.seconds() for r in readers)
        tap.check(not bad, f'{n_lists} whole lists at once (pool of 10): each complete or 503, none cut, '
                  f'slowest {worst:.1f} s ({dict(seen)})', bad)
        rc, took = srv.stop()
        srv.check_clean(rc, f'check 5b (stopped in {took:.1f} s)')
    finally:
        if not srv.stopped:
            srv.stop(signal.SIGKILL)
        db.drop()


# ---- 6. access log ---------------------------------------------------------------

LOG_LINE = re.compile(r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (\S+) (\S+) (\d{3}) (\d+\.\d+)ms(?: user=(\d+))?( aborted)?$')


def wait_log_lines(srv, offset, count, json_lines=False):
    deadline = time.monotonic() + 3 * SLOW
    while True:
        text = srv.stderr()[offset:]
        lines = [l for l in text.splitlines() if (l.startswith('{') if json_lines else LOG_LINE.match(l))]
        if len(lines) >= count or time.monotonic() > deadline:
            return text, lines
        time.sleep(0.05)


def check_access_log(db, srv, bill):
    """The general server's log from its start: Bill's login (main) first."""
    port = srv.port
    offset = len(srv.stderr().split('\n', 1)[0]) + 1  # after "serving on"
    bill_id = request(port, 'GET', '/api/v1/me', token=bill).json()['id']
    wrong_password = 'Wr0ng-Secret-Pass'
    sent = [('POST', '/api/v1/session', 201, bill_id), ('GET', '/api/v1/me', 200, bill_id)]
    r = request(port, 'POST', '/api/v1/session', {'email': USERS['kate'][0], 'password': wrong_password},
                timeout=120)
    sent.append(('POST', '/api/v1/session', r.status, None))
    r = request(port, 'GET', '/api/v1/clients?search=SECRETVALUE&limit=5', token=bill)
    sent.append(('GET', '/api/v1/clients', r.status, bill_id))
    r = request(port, 'GET', '/api/v1/me', headers={'Cookie': f'epicevents_session={bill}'})
    sent.append(('GET', '/api/v1/me', r.status, bill_id))
    r = request(port, 'PATCH', '/api/v1/clients/1', {'phone': '+33 9 99 99 99 99'},
                headers={'Cookie': f'epicevents_session={bill}'})
    sent.append(('PATCH', '/api/v1/clients/1', r.status, bill_id))
    r = request(port, 'GET', '/api/v1/nowhere?token=SECRETQUERY2')
    sent.append(('GET', '/api/v1/nowhere', r.status, None))
    text, lines = wait_log_lines(srv, offset, len(sent))
    got = []
    for l in lines:
        m = LOG_LINE.match(l)
        got.append((m.group(2), m.group(3), int(m.group(4)), int(m.group(6)) if m.group(6) else None))
    # Lines come at completion, which libmicrohttpd may report a little after
    # the client has its answer: the order of two quick requests can differ.
    tap.check(sorted(got, key=str) == sorted(sent, key=str) and [x[2] for x in sent[2:]] == [401, 200, 200, 403, 404],
              f'access log: one line per request with time, method, path, status, duration, user id '
              f'({len(sent)} requests)', [f'sent {s}' for s in sent] + [f'log  {l}' for l in lines])
    secrets = {'password': USERS['bill'][1], 'wrong password': wrong_password, 'token': bill,
               'token signature': bill.rsplit('.', 1)[-1], 'query value': 'SECRETVALUE',
               'query value (404)': 'SECRETQUERY2', 'query string': 'search='}
    leaked = [f'{what} in the log' for what, s in secrets.items() if s in srv.stderr()]
    tap.check(not leaked, 'the log never holds a password, token, cookie or query value', leaked)

    js = Server('log-json', db.url, ['--threads', '2', '--log-format', 'json'])
    offset = len(js.stderr())
    sent = [('GET', '/api/v1/clients', 200, bill_id), ('GET', '/api/v1/me', 401, None),
            ('GET', '/healthz', 200, None), ('GET', '/api/v1/nowhere', 404, None)]
    request(js.port, 'GET', '/api/v1/clients?search=SECRETVALUE', token=bill)
    request(js.port, 'GET', '/api/v1/me')
    request(js.port, 'GET', '/healthz')
    request(js.port, 'GET', '/api/v1/nowhere?x=SECRETVALUE')
    text, _ = wait_log_lines(js, offset, len(sent), json_lines=True)
    parsed, unparsable = [], []
    for l in text.splitlines():
        try:
            parsed.append(json.loads(l))
        except ValueError:
            unparsable.append(l)
    got = [(o.get('method'), o.get('path'), o.get('status'), o.get('user_id')) for o in parsed]
    shape = all(isinstance(o.get('time'), str) and isinstance(o.get('duration_ms'), (int, float))
                for o in parsed)
    tap.check(sorted(got, key=str) == sorted(sent, key=str) and shape and not unparsable and 'SECRETVALUE' not in text,
              '--log-format json: every request line parses as JSON with time, method, path, status, '
              'duration_ms, user_id', [f'unparsable: {l}' for l in unparsable] + [f'got {g}' for g in got])
    js.stop_and_check('check 6 (json log)')
    own, bad = [], []
    for l in js.stderr().splitlines():
        try:
            o = json.loads(l)
        except ValueError:
            bad.append(l)
            continue
        if 'message' in o:
            own.append(o)
    tap.check(not bad and any(o.get('level') == 'info' and 'serving on' in o['message'] for o in own)
              and any('stopping' in o['message'] for o in own)
              and all(isinstance(o.get('time'), str) for o in own),
              '--log-format json: the server\'s own lines (start, stop) are JSON too, '
              'with time, level, message', bad + [str(o) for o in own])


# ---- 7. SIGHUP, non-loopback warning ---------------------------------------------------

def check_signals(db, srv, bill):
    srv.proc.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    h = try_request(srv.port, 'GET', '/healthz')
    me = try_request(srv.port, 'GET', '/api/v1/me', token=bill)
    tap.check(srv.alive() and h.status == 200 and me.status == 200,
              'SIGHUP is ignored: the server keeps running and answering', [repr(h), repr(me)])
    wide = Server('wide', db.url, ['--threads', '2'], listen_host='0.0.0.0')
    text = wide.stderr()
    warn = [l for l in text.splitlines() if 'warning' in l.lower()]
    h = try_request(wide.port, 'GET', '/healthz')
    tap.check(h.status == 200 and any('TLS' in l and re.search(r'clear|unencrypted|plain', l) for l in warn),
              'listening on 0.0.0.0 without TLS prints a warning naming the risk', text)
    wide.stop_and_check('check 7 (0.0.0.0)')


# ---- main ------------------------------------------------------------------------

def main():
    global WORK
    if BACKEND not in ('sqlite', 'pg'):
        print(f'Bail out! unknown backend {BACKEND!r}')
        return 1
    if not os.access(BIN, os.X_OK):
        print(f'Bail out! no program at {BIN} (set EPICEVENTS_BIN)')
        return 1
    if BACKEND == 'pg' and not os.environ.get('EPICEVENTS_TEST_PG'):
        if os.environ.get('EPICEVENTS_REQUIRE_PG'):
            print('Bail out! EPICEVENTS_TEST_PG is not set')
            return 1
        print('1..0 # SKIP no PostgreSQL test cluster (run make test)')
        return 0
    WORK = tempfile.mkdtemp(prefix='epicevents-svc.')
    os.chmod(WORK, 0o755)
    os.makedirs(os.path.join(WORK, 'home'))
    if SLOW > 1:
        tap.note('sanitizer build: time limits x3')
    dbs = []
    servers = []
    only = set(os.environ.get('SERVICE_CHECKS', '12b345l67').replace(',', ''))
    timings = []

    def timed(name, fn, *args):
        t0 = time.monotonic()
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 — a crash of one check fails it, not the rest
            import traceback
            tap.check(False, f'check {name} ran to its end', traceback.format_exc())
        timings.append((name, time.monotonic() - t0))

    def background(name, fn, *args):
        """Runs a check group in a thread (they mostly wait: SIGTERM's grace,
        initdb); its results print when joined."""
        rec = []

        def body():
            tap.local.rec = rec
            timed(name, fn, *args)
        th = threading.Thread(target=body, name=name)
        th.start()
        return th, rec

    bg = []
    try:
        t = time.monotonic()
        if '2' in only:
            bg.append(background('2 sigterm', check_sigterm, WORK))
        if '3' in only:
            bg.append(background('3 db restart', check_db_restart, WORK))
        if 'b' in only:
            bg.append(background('2b sigterm stuck', check_sigterm_stuck, WORK))
        if 'l' in only:
            bg.append(background('5b lists', check_lists_beyond_pool, WORK))
        main_db = Database(WORK, 'main')
        dbs.append(main_db)
        timings.append(('setup', time.monotonic() - t))
        if '1' in only:
            timed('1 concurrency', check_concurrency, main_db)
        if only & set('4567'):
            gen = Server('general', main_db.url, ['--threads', '4'])
            servers.append(gen)
            bill, _, _ = login(gen.port, 'bill')
            if '4' in only:
                timed('4 tls', check_tls, main_db, bill)
            if '6' in only:
                timed('6 access log', check_access_log, main_db, gen, bill)
            if '5' in only:
                timed('5 limits', check_limits, gen, bill)
            if '7' in only:
                timed('7 signals', check_signals, main_db, gen, bill)
            gen.stop_and_check('checks 5-7, general server')
    except Exception:  # noqa: BLE001
        import traceback
        tap.check(False, 'the test program ran to its end', traceback.format_exc())
    finally:
        for th, rec in bg:
            th.join()
            tap.flush(rec)
        for s in servers:
            if not s.stopped:
                s.stop()
        for d in dbs:
            d.drop()
        shutil.rmtree(WORK, ignore_errors=True)
    tap.note(f'total {time.monotonic() - T0:.1f} s')
    tap.note('timings: ' + ', '.join(f'{n} {s:.1f}s' for n, s in timings))
    return tap.finish()


WORK = None
T0 = time.monotonic()
if __name__ == '__main__':
    sys.exit(main())
