#!/usr/bin/python3
"""The CLI as a client of the server (SERVER.md, "The CLI as a client").

`serve` runs on a fresh database A (SQLite file or PostgreSQL database).
The README's day's work is done twice: through `--server` (into A) and
with `--db` on a twin database B, comparing exit codes, standard error and
standard output (instants stamped at creation aside: the two databases
stamp them at different seconds). Then every read, refusal (4), missing
record (5), validation error (2) and bad login (3) is run both ways on A
itself — through the server and with `--db A` — and must give the same
exit code, the same error line and the same bytes (--json, --csv, tables).
Last, what only a client can get wrong: http:// to another machine (2), an
unreachable server (1), db init (2), --server with --db (2), a token of
another server (3), answers that are not the API's JSON or are cut short (1),
the shell's commands on one kept connection (counted by a relay), passwd and
logout --all through the server.

Usage: t_remote.py sqlite|pg   (EPICEVENTS_BIN = the program; TAP output)
"""
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

backend = sys.argv[1] if len(sys.argv) > 1 else 'sqlite'
binary = os.path.abspath(os.environ.get('EPICEVENTS_BIN') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', 'build', 'epicevents'))
results = []


def check(ok, what, detail='', todo=None):
    """One TAP line; a TODO (a known server bug) is reported, not counted."""
    results.append((bool(ok) or todo is not None, what, detail))
    n = len(results)
    print('%s %d - [%s] %s%s' % ('ok' if ok else 'not ok', n, backend, what,
                                 ' # TODO ' + todo if todo else ''))
    if not ok and detail:
        for line in detail.splitlines()[:30]:
            print('#   ' + line)
    sys.stdout.flush()


work = tempfile.mkdtemp(prefix='epicevents-remote.')
os.chmod(work, 0o755)
env = dict(os.environ, HOME=work + '/home', XDG_DATA_HOME=work + '/data',
           XDG_STATE_HOME=work + '/state', NO_COLOR='1', PAGER='',
           # A zone with daylight saving: times typed in it must reach the
           # server as the same instants (the server reads UTC).
           TZ='Europe/Paris')
for k in ('DATABASE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USERNAME', 'DB_PASSWORD',
          'JWT_SECRET_KEY', 'SENTRY_DSN', 'EPICEVENTS_SERVER', 'EPICEVENTS_CA_FILE',
          'EPICEVENTS_TOKEN_FILE', 'http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY',
          'ALL_PROXY', 'all_proxy'):
    env.pop(k, None)
os.makedirs(env['HOME'])

pg_dbs = []
if backend == 'pg':
    base = os.environ.get('EPICEVENTS_TEST_PG')
    if not base:
        if os.environ.get('EPICEVENTS_REQUIRE_PG'):
            print('Bail out! EPICEVENTS_TEST_PG is not set')
            sys.exit(1)
        print('1..0 # SKIP no PostgreSQL test cluster (run make test)')
        sys.exit(0)
    psql = shutil.which('psql') or '/usr/lib/postgresql/15/bin/psql'

    def new_db(tag):
        name = 'remote_%s_%d' % (tag, os.getpid())
        subprocess.run([psql, '-X', '-q', '-v', 'ON_ERROR_STOP=1', base, '-c',
                        'CREATE DATABASE ' + name], check=True, stdout=subprocess.DEVNULL)
        pg_dbs.append(name)
        return base.replace('dbname=postgres', 'dbname=' + name)
    db_a, db_b = new_db('a'), new_db('b')
elif backend == 'sqlite':
    db_a, db_b = 'sqlite:' + work + '/a.db', 'sqlite:' + work + '/b.db'
else:
    print('Bail out! unknown backend ' + backend)
    sys.exit(1)

servers = []


def cleanup():
    for p in servers:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
    for name in pg_dbs:
        subprocess.run([psql, '-X', '-q', base, '-c',
                        'DROP DATABASE IF EXISTS %s WITH (FORCE)' % name],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(work, ignore_errors=True)


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


def ee(args, token_file=None, stdin='', extra_env=None):
    e = dict(env)
    if token_file:
        e['EPICEVENTS_TOKEN_FILE'] = token_file
    if extra_env:
        e.update(extra_env)
    p = subprocess.run([binary] + args, input=stdin.encode(), env=e, cwd=work,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def one_line(err):
    return err.count('\n') == 1 and err.startswith('epicevents: ')


try:
    for db in (db_a, db_b):
        rc, out, err = ee(['--db', db, 'db', 'init', '--demo'])
        check(rc == 0, 'db init --demo on a fresh database', err)

    port = free_port()
    url = 'http://127.0.0.1:%d' % port
    log = open(work + '/serve.log', 'wb')
    servers.append(subprocess.Popen([binary, '--db', db_a, 'serve', '--listen',
                                     '127.0.0.1:%d' % port, '--threads', '4'],
                                    env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=log))
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), 0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        print('Bail out! serve did not start')
        sys.exit(1)

    password = {'bill': 'password123', 'kate': 'password123', 'alice': 'admin123'}
    email = {'bill': 'bill.boquet@epic.com', 'kate': 'kate.hastroff@epic.com',
             'alice': 'alice.manager@epic.com'}
    # Three ways in, each with its own token files: R through the server
    # (into A), A with --db on the server's database, B with --db on the twin.
    ways = {'R': ['--server', url], 'A': ['--db', db_a], 'B': ['--db', db_b]}
    logged = set()

    def token_file(way, who):
        return '%s/home/token-%s-%s' % (work, way, who)

    def as_user(way, who, args, stdin=''):
        if (way, who) not in logged:
            rc, out, err = ee(ways[way] + ['login', '--email', email[who], '--password-stdin'],
                              token_file(way, who), password[who] + '\n')
            check(rc == 0, '%s: login as %s' % (way, who), err)
            logged.add((way, who))
        return ee(ways[way] + args, token_file(way, who), stdin)

    stamp = re.compile(r'((?:creation_date|last_update|created_at|voided_at|deactivated_at)(?:": "|: ))'
                       r'[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9:]+Z?')

    def unstamped(text):
        return stamp.sub(r'\1<now>', text)

    def same(res_r, res_l, what, normalise=False, todo=None):
        f = unstamped if normalise else (lambda t: t)
        ok = res_r[0] == res_l[0] and f(res_r[1]) == f(res_l[1]) and res_r[2] == res_l[2]
        detail = ('server: exit %d\n%s%s\n--db:   exit %d\n%s%s' %
                  (res_r[0], res_r[1][:1500], res_r[2], res_l[0], res_l[1][:1500], res_l[2]))
        check(ok, '%s (exit %d both ways)' % (what, res_r[0]) if ok else what, detail, todo)
        return ok

    # ---- the README's day's work: through the server and on the twin ----
    day = [
        ('bill', ['clients', 'create', '--full-name', 'Zoë Légère', '--email', 'zoe@legere.fr',
                  '--phone', '+33 6 12 34 56 78', '--company', 'Légère SARL']),
        ('alice', ['contracts', 'create', '--client', '2', '--total', '12500.00',
                   '--remaining', '12500.00']),
        ('bill', ['contracts', 'sign', '2']),
        ('bill', ['events', 'create', '--contract', '2', '--name', 'Légère summer party',
                  '--start', '2026-07-04 19:00', '--end', '2026-07-05 01:00',
                  '--location', 'Château de Vincennes', '--attendees', '120']),
        ('alice', ['events', 'assign', '2', '--support', '2']),
        ('kate', ['events', 'my-events']),
        ('kate', ['events', 'update', '2', '--notes', 'Caterer confirmed; DJ at 21:00']),
        ('kate', ['--json', 'events', 'show', '2']),
        ('bill', ['--json', 'clients', 'update', '2', '--phone', '+33 7 00 00 00 00']),
        ('alice', ['--json', 'contracts', 'update', '2', '--remaining', '2500.00']),
        # payments and due dates
        ('alice', ['contracts', 'update', '2', '--due', '2026-01-15']),
        ('bill', ['contracts', 'pay', '2', '--amount', '500.00', '--date', '2026-01-10',
                  '--method', 'transfer', '--reference', 'VIR-42']),
        ('alice', ['--json', 'payments', 'void', '1', '--reason', 'recalled by the bank']),
        ('bill', ['--json', 'contracts', 'pay', '2', '--amount', '1000', '--date', '2026-01-11']),
    ]
    for who, args in day:
        same(as_user('R', who, args), as_user('B', who, args),
             'day\'s work, %s: %s' % (who, ' '.join(args)), normalise=True)

    # ---- someone leaves (Kate's events are past): through the server and on the twin ----
    leaving = [
        ('alice', ['--json', 'users', 'deactivate', '2']),
        ('alice', ['--json', 'users', 'list', '--inactive']),
        ('alice', ['users', 'deactivate', '2']),
        ('alice', ['events', 'assign', '2', '--support', '2']),
        ('kate', ['whoami']),
        ('alice', ['--json', 'events', 'show', '2']),
        ('alice', ['--json', 'users', 'reactivate', '2']),
        ('alice', ['users', 'reactivate', '2']),
    ]
    for who, args in leaving:
        same(as_user('R', who, args), as_user('B', who, args),
             'someone leaves, %s: %s' % (who, ' '.join(args)), normalise=True)
    # Her sessions ended with the deactivation: she logs in again.
    logged.discard(('R', 'kate'))
    logged.discard(('B', 'kate'))

    # ---- reads, refusals, missing records, validation: on A both ways ----
    cases = [
        ('bill', ['whoami']),
        ('bill', ['--json', 'whoami']),
        ('bill', ['--json', 'clients', 'list']),
        ('bill', ['--csv', 'clients', 'list']),
        ('bill', ['clients', 'list']),
        ('bill', ['--json', 'clients', 'list', '--mine']),
        ('bill', ['--json', 'clients', 'list', '--search', 'Lég']),
        ('bill', ['--json', 'clients', 'list', '--limit', '1', '--offset', '1']),
        ('bill', ['--json', 'clients', 'show', '2']),
        ('bill', ['clients', 'show', '2']),
        ('bill', ['--json', 'contracts', 'list']),
        ('bill', ['contracts', 'list']),
        ('bill', ['--json', 'contracts', 'list', '--unsigned']),
        ('bill', ['--json', 'contracts', 'list', '--paid']),
        ('bill', ['--json', 'contracts', 'list', '--client', '2', '--mine']),
        ('bill', ['--json', 'contracts', 'unpaid']),
        ('bill', ['--json', 'contracts', 'unsigned']),
        ('bill', ['--json', 'contracts', 'show', '2']),
        ('bill', ['--json', 'events', 'list']),
        ('bill', ['events', 'list']),
        ('bill', ['--json', 'events', 'list', '--mine']),
        ('bill', ['--json', 'events', 'list', '--from', '2026-07-04 19:00',
                  '--to', '2026-07-31']),
        ('bill', ['--json', 'events', 'list', '--from', '2026-07-04 19:01']),
        ('bill', ['--json', 'events', 'list', '--contract', '2']),
        ('bill', ['--json', 'events', 'show', '2']),
        ('bill', ['--json', 'users', 'list']),
        ('kate', ['--json', 'events', 'my-events']),
        ('kate', ['--csv', 'events', 'list', '--mine']),
        ('kate', ['--json', 'events', 'list', '--no-support']),
        ('kate', ['events', 'no-support']),
        ('alice', ['--json', 'users', 'list', '--department', 'Support']),
        ('alice', ['users', 'show', '2']),
        ('alice', ['--json', 'users', 'locked']),
        ('alice', ['--json', 'users', 'list', '--active']),
        ('alice', ['--csv', 'users', 'list', '--inactive']),
        ('alice', ['--json', 'audit', 'list', '--limit', '4', '--offset', '1']),
        ('kate', ['--json', 'payments', 'list']),
        ('kate', ['--csv', 'payments', 'list', '--contract', '2', '--since', '2026-01-11']),
        ('bill', ['payments', 'list', '--until', '2026-01-10']),
        ('bill', ['--json', 'payments', 'show', '2']),
        ('bill', ['--json', 'contracts', 'overdue']),
        ('bill', ['--json', 'contracts', 'list', '--overdue', '--mine']),
        # refused (4)
        ('bill', ['contracts', 'create', '--client', '2', '--total', '10.00']),
        ('bill', ['contracts', 'create', '--client', 'abc', '--total', '10.00']),
        ('bill', ['events', 'assign', '2', '--support', '2']),
        ('bill', ['users', 'create', '--employee-id', 'X1', '--name', 'X', '--email',
                  'x@epic.com', '--department', 'Support']),
        ('bill', ['audit', 'list']),
        ('bill', ['users', 'deactivate', '2']),
        ('kate', ['users', 'reactivate', '2']),
        ('kate', ['clients', 'create', '--full-name', 'N', '--email', 'n@n.fr', '--phone',
                  '+33 1 23 45 67 89', '--company', 'N']),
        ('kate', ['contracts', 'sign', '2']),
        ('kate', ['contracts', 'pay', '2', '--amount', '1.00']),
        ('bill', ['payments', 'void', '1', '--reason', 'no']),
        ('alice', ['events', 'my-events']),
        ('alice', ['events', 'create', '--contract', '2', '--name', 'x', '--start',
                   '2026-08-01 10:00', '--end', '2026-08-01 12:00', '--location', 'x',
                   '--attendees', '1']),
        # missing (5)
        ('bill', ['clients', 'show', '99']),
        ('bill', ['contracts', 'show', '99']),
        ('bill', ['events', 'show', '99']),
        ('alice', ['users', 'show', '99']),
        ('alice', ['contracts', 'sign', '99']),
        ('alice', ['users', 'delete', '99']),
        ('alice', ['users', 'unlock', '99']),
        ('alice', ['users', 'deactivate', '99']),
        ('alice', ['users', 'reactivate', '99']),
        ('alice', ['users', 'deactivate', '3', '--reassign-to', '99']),
        ('alice', ['contracts', 'pay', '99', '--amount', '1.00']),
        ('alice', ['payments', 'show', '99']),
        ('alice', ['payments', 'void', '99', '--reason', 'x']),
        ('kate', ['events', 'update', '99', '--notes', 'x']),
        # conflicts (6)
        ('alice', ['events', 'assign', '2', '--support', '1']),
        ('alice', ['users', 'delete', '3']),
        ('alice', ['users', 'deactivate', '1']),
        ('alice', ['users', 'deactivate', '3']),
        ('alice', ['payments', 'void', '1', '--reason', 'again']),
        ('alice', ['contracts', 'pay', '2', '--amount', '9999.00']),
        # validation (2)
        ('bill', ['clients', 'create', '--full-name', 'V', '--email', 'v@', '--phone',
                  '+33 1 23 45 67 89', '--company', 'V']),
        ('bill', ['clients', 'update', '2', '--phone', 'abc']),
        ('bill', ['contracts', 'list', '--signed', '--unsigned']),
        ('alice', ['users', 'list', '--active', '--inactive']),
        ('alice', ['users', 'deactivate', 'x']),
        ('bill', ['events', 'create', '--contract', 'x2', '--name', 'x', '--start',
                  '2026-08-01 10:00', '--end', '2026-08-01 12:00', '--location', 'x',
                  '--attendees', '1']),
        ('bill', ['events', 'create', '--contract', '2', '--name', 'x', '--start',
                  '2026-08-01 10:00', '--end', '2026-08-01 12:00', '--location', 'x',
                  '--attendees', 'many']),
        ('bill', ['events', 'create', '--contract', '2', '--name', 'x', '--start',
                  '2026-03-29 02:30', '--end', '2026-08-01 12:00', '--location', 'x',
                  '--attendees', '1']),
        ('bill', ['events', 'create', '--contract', '2', '--name', 'x', '--start',
                  '2026-08-01 10:00', '--end', '2026-08-01 09:00', '--location', 'x',
                  '--attendees', '1']),
        ('alice', ['events', 'list', '--mine']),
        ('kate', ['events', 'update', '2', '--attendees', '-5']),
        ('kate', ['events', 'update', '2', '--start', '2026-02-30 10:00']),
        ('alice', ['contracts', 'update', '2', '--remaining', '99999.00']),
        ('alice', ['contracts', 'create', '--client', '2', '--total', '-1']),
        ('alice', ['contracts', 'pay', '2', '--amount', '0']),
        ('alice', ['contracts', 'pay', '2', '--amount', '1.005']),
        ('alice', ['contracts', 'pay', '2', '--amount', '1', '--date', '2999-01-01']),
        ('alice', ['contracts', 'pay', '2', '--amount', '1', '--date', '2026-02-30']),
        ('alice', ['contracts', 'pay', '2', '--amount', '1', '--method', 'gold']),
        ('alice', ['payments', 'void', '1']),
        ('alice', ['contracts', 'update', '2', '--due', 'soon']),
        ('alice', ['users', 'create', '--employee-id', 'bad id', '--name', 'X', '--email',
                   'x@epic.com', '--department', 'Support']),
    ]
    # The server reads contracts?signed=false and paid=false as "no filter"
    # (crm/filter.c's flags: "false" clears), and refuses unsigned/unpaid as
    # query keys: no query asks it for unsigned or unpaid contracts yet.
    for who, args in cases:
        same(as_user('R', who, args), as_user('A', who, args), '%s: %s' % (who, ' '.join(args)))

    # The journal, read both ways at the same moment: byte for byte.
    same(as_user('R', 'alice', ['--json', 'audit', 'list']),
         as_user('A', 'alice', ['--json', 'audit', 'list']), 'alice: --json audit list')

    # Bad logins (3), and no login at all (3).
    bad = [ee(ways[w] + ['login', '--email', 'bill.boquet@epic.com', '--password-stdin'],
              work + '/home/token-bad-' + w, 'wrong-password\n') for w in ('R', 'A')]
    same(bad[0], bad[1], 'login with a wrong password')
    nobody = [ee(ways[w] + ['whoami'], work + '/home/token-none') for w in ('R', 'A')]
    same(nobody[0], nobody[1], 'whoami without a login')

    # ---- what only a client can get wrong ----
    rc, out, err = ee(['--server', 'http://192.0.2.1:8080', 'whoami'])
    check(rc == 2 and one_line(err) and 'https://' in err,
          'http:// to another machine is refused (exit 2)', err)
    rc, out, err = ee(['--server', 'http://user:secret@127.0.0.1:%d' % port, 'whoami'])
    check(rc == 2 and 'secret' not in err, 'a password in the server address is refused', err)
    dead = 'http://127.0.0.1:%d' % free_port()
    rc, out, err = ee(['--server', dead, 'login', '--email', email['bill'], '--password-stdin'],
                      work + '/home/token-dead', 'password123\n')
    check(rc == 1 and one_line(err) and dead in err,
          'unreachable server: exit 1, one line naming it', err)
    rc, out, err = ee(['--server', url, 'db', 'init'])
    check(rc == 2 and one_line(err) and 'run it on the server' in err,
          'db init through the server is refused (exit 2)', err)
    rc, out, err = ee(['--server', url, 'db', 'migrate'])
    check(rc == 2 and 'run it on the server' in err, 'db migrate through the server (exit 2)', err)
    rc, out, err = ee(['--server', url, '--db', db_a, 'whoami'])
    check(rc == 2 and one_line(err), '--server with --db (exit 2)', err)
    rc, out, err = ee(['--server', url, 'clients', 'list', '--db', db_a])
    check(rc == 2 and one_line(err), '--server with --db after the command (exit 2)', err)
    rc, out, err = ee(['--server', url, 'serve'])
    check(rc == 2 and one_line(err), 'serve with --server (exit 2)', err)
    # EPICEVENTS_SERVER, from the environment and from .env
    rc, out, err = ee(['--json', 'whoami'], token_file('R', 'bill'),
                      extra_env={'EPICEVENTS_SERVER': url + '/'})
    check(rc == 0 and '"bill.boquet@epic.com"' in out, 'EPICEVENTS_SERVER (trailing /)', err)
    with open(work + '/.env', 'w') as f:
        f.write('EPICEVENTS_SERVER=%s\n' % url)
    os.chmod(work + '/.env', 0o600)
    rc, out, err = ee(['--json', 'whoami'], token_file('R', 'bill'))
    check(rc == 0 and '"bill.boquet@epic.com"' in out, 'EPICEVENTS_SERVER from .env', err)
    rc, out, err = ee(['--db', db_a, '--json', 'whoami'], token_file('A', 'bill'))
    check(rc == 0 and '"bill.boquet@epic.com"' in out, '--db beats EPICEVENTS_SERVER', err)
    os.unlink(work + '/.env')
    # Tokens of the wrong kind
    rc, out, err = ee(['--server', 'http://localhost:%d' % port, 'whoami'], token_file('R', 'bill'))
    check(rc == 3 and one_line(err) and 'another server' in err,
          'a token of another server (exit 3)', err)
    rc, out, err = ee(['--server', url, 'whoami'], token_file('A', 'bill'))
    check(rc == 3 and one_line(err), 'a database\'s token through the server (exit 3)', err)
    rc, out, err = ee(['--db', db_a, 'whoami'], token_file('R', 'bill'))
    check(rc == 3 and one_line(err) and url in err, 'a server\'s token on a database (exit 3)',
          err)
    with open(token_file('R', 'bill')) as f:
        lines = f.read().split('\n')
    check(len(lines) == 3 and lines[1] == url and lines[2] == '' and lines[0].count('.') == 2,
          'the token file: the token, then the server URL', repr(lines[1:]))

    # Answers that are not the API's: an HTML page, a list cut short.
    class Fake(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            if self.path.startswith('/api/v1/me'):
                body = (b'{"id": 1, "employee_id": "COM001", "name": "Bill Boquet", '
                        b'"email": "bill.boquet@epic.com", "department": "Commercial"}')
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path.startswith('/api/v1/clients?'):
                body = b'[\n{"id": 1, "full_name": "Kevin'
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', '4000')
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                self.close_connection = True
            elif self.path.startswith('/api/v1/users/1'):
                # a record due, an empty body given
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', '0')
                self.end_headers()
            elif self.path.startswith('/api/v1/contracts/2'):
                body = b'Internal Server Error'
                self.send_response(500)
                self.send_header('Content-Type', 'text/plain')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path.startswith('/api/v1/contracts/3'):
                body = b'{"title": "Internal Server Error", "status": 500}'
                self.send_response(500)
                self.send_header('Content-Type', 'application/problem+json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            elif self.path.startswith('/api/v1/events/2'):
                self.send_response(302)
                self.send_header('Location', catcher_url + self.path)
                self.send_header('Content-Length', '0')
                self.end_headers()
            elif self.path.startswith('/api/v1/events/3'):
                body = (b'{"type": "about:blank", "title": "Not Found", "status": 404, '
                        b'"detail": "no such route", "exit_code": 5}')
                self.send_response(404)
                self.send_header('Content-Type', 'application/problem+json')
                self.send_header('Epicevents-Api-Version', '2')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                body = b'<html><body>502 Bad Gateway</body></html>'
                self.send_response(502 if 'events' in self.path else 200)
                self.send_header('Content-Type', 'text/html')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

    # Another host a redirect points to: it must never be asked, token or not.
    caught = []

    class Catcher(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            caught.append((self.path, self.headers.get('Authorization')))
            self.send_response(200)
            self.send_header('Content-Length', '0')
            self.end_headers()

    catcher = http.server.ThreadingHTTPServer(('127.0.0.2', 0), Catcher)
    threading.Thread(target=catcher.serve_forever, daemon=True).start()
    catcher_url = 'http://127.0.0.2:%d' % catcher.server_address[1]
    fake = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Fake)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    fake_url = 'http://127.0.0.1:%d' % fake.server_address[1]
    fake_token = work + '/home/token-fake'
    with open(fake_token, 'w') as f:
        f.write('a.b.c\n%s\n' % fake_url)
    os.chmod(fake_token, 0o600)
    rc, out, err = ee(['--server', fake_url, '--json', 'clients', 'list'], fake_token)
    check(rc == 1 and one_line(err) and 'cut short' in err, 'a list cut short: exit 1, one line',
          err)
    rc, out, err = ee(['--server', fake_url, 'contracts', 'show', '1'], fake_token)
    check(rc == 1 and one_line(err) and 'text/html' in err,
          'an HTML page instead of JSON: exit 1, one line', err)
    rc, out, err = ee(['--server', fake_url, 'events', 'show', '1'], fake_token)
    check(rc == 1 and one_line(err) and '502' in err, 'a proxy\'s 502 page: exit 1, one line',
          err)
    before = sorted(os.listdir(work + '/home'))
    rc, out, err = ee(['--server', fake_url, 'users', 'show', '1'], fake_token)
    check(rc == 1 and one_line(err) and 'empty' in err, 'an empty body where a record was due: '
          'exit 1, one line', err)
    rc, out, err = ee(['--server', fake_url, 'contracts', 'show', '2'], fake_token)
    check(rc == 1 and one_line(err) and '500' in err, 'a 500 without a problem body: exit 1, '
          'one line', err)
    rc, out, err = ee(['--server', fake_url, 'contracts', 'show', '3'], fake_token)
    check(rc == 1 and one_line(err), 'a problem without exit code and detail: exit 1, one line',
          err)
    rc, out, err = ee(['--server', fake_url, 'events', 'show', '2'], fake_token)
    check(rc == 1 and one_line(err) and 'redirects' in err and not caught,
          'a redirect to another host: exit 1, one line, never followed (the other host '
          'got no request, no token)', err + ' caught: %r' % caught)
    rc, out, err = ee(['--server', fake_url, 'events', 'show', '3'], fake_token)
    check(rc == 1 and one_line(err) and 'version 2' in err,
          'a server of another API version: exit 1, one line naming its version '
          '(not "not found")', err)
    check(sorted(os.listdir(work + '/home')) == before,
          'none of these answers wrote anything locally', '%r' % before)
    fake.shutdown()
    catcher.shutdown()
    s = socket.create_connection(('127.0.0.1', port), 5)
    s.sendall(b'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    head = b''
    while b'\r\n\r\n' not in head:
        chunk = s.recv(4096)
        if not chunk:
            break
        head += chunk
    s.close()
    check(b'\r\nEpicevents-Api-Version: 1\r\n' in head,
          'the server says the version of its API in every answer', head.decode('latin-1'))

    # ---- TLS: certificates verified, EPICEVENTS_CA_FILE trusted ----
    openssl = shutil.which('openssl')
    if openssl:
        cert, key = work + '/cert.pem', work + '/key.pem'
        made = subprocess.run([openssl, 'req', '-x509', '-newkey', 'ec', '-pkeyopt',
                               'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
                               '-subj', '/CN=127.0.0.1', '-addext',
                               'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        tls_port = free_port()
        tls_url = 'https://127.0.0.1:%d' % tls_port
        servers.append(subprocess.Popen([binary, '--db', db_a, 'serve', '--listen',
                                         '127.0.0.1:%d' % tls_port, '--tls-cert', cert,
                                         '--tls-key', key], env=env, cwd=work,
                                        stdout=subprocess.DEVNULL, stderr=log))
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(('127.0.0.1', tls_port), 0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        tls_token = work + '/home/token-tls'
        rc, out, err = ee(['--server', tls_url, 'login', '--email', email['alice'],
                           '--password-stdin'], tls_token, 'admin123\n')
        check(made.returncode == 0 and rc == 1 and one_line(err) and tls_url in err,
              'https:// with an unknown certificate: refused (exit 1, one line)', err)
        rc, out, err = ee(['--server', tls_url, 'login', '--email', email['alice'],
                           '--password-stdin'], tls_token, 'admin123\n',
                          extra_env={'EPICEVENTS_CA_FILE': cert})
        check(rc == 0, 'https:// with EPICEVENTS_CA_FILE: login', err)
        other_name = 'https://localhost:%d' % tls_port
        other_token = work + '/home/token-tls-other-name'
        rc, out, err = ee(['--server', other_name, 'login', '--email', email['alice'],
                           '--password-stdin'], other_token, 'admin123\n',
                          extra_env={'EPICEVENTS_CA_FILE': cert})
        check(rc == 1 and one_line(err) and other_name in err
              and not os.path.exists(other_token),
              'https:// to a name the (trusted) certificate is not for: refused, exit 1, one '
              'line, no token file', err)
        r = ee(['--server', tls_url, '--json', 'users', 'list'], tls_token,
               extra_env={'EPICEVENTS_CA_FILE': cert})
        same(r, as_user('A', 'alice', ['--json', 'users', 'list']), 'https://: --json users list')

    # ---- the shell keeps one connection for all its commands ----
    class Relay:
        """A TCP relay in front of the server that counts the connections
        made to it (the access log does not show the client's port)."""

        def __init__(self, target):
            self.target, self.accepted = target, 0
            self.sock = socket.socket()
            self.sock.bind(('127.0.0.1', 0))
            self.sock.listen(16)
            self.url = 'http://127.0.0.1:%d' % self.sock.getsockname()[1]
            threading.Thread(target=self.serve, daemon=True).start()

        def serve(self):
            while True:
                try:
                    a, _ = self.sock.accept()
                except OSError:
                    return
                self.accepted += 1
                b = socket.create_connection(self.target)
                for x, y in ((a, b), (b, a)):
                    threading.Thread(target=self.pipe, args=(x, y), daemon=True).start()

        @staticmethod
        def pipe(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            finally:
                for s_ in (src, dst):
                    try:
                        s_.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

    relay = Relay(('127.0.0.1', port))
    relay_token = work + '/home/token-relay'
    rc, out, err = ee(['--server', relay.url, 'login', '--email', email['bill'],
                       '--password-stdin'], relay_token, password['bill'] + '\n')
    check(rc == 0, 'login through a relay', err)
    before = relay.accepted
    rc, out, err = ee(['--server', relay.url], relay_token,
                      'whoami\nclients list --limit 2\ncontracts list --limit 2\n'
                      'events list --limit 2\nwhoami\n')
    check(rc == 0 and out.count('Bill Boquet') >= 2,
          'the shell through the server: five commands', out + err)
    check(relay.accepted - before == 1,
          'the shell keeps one connection for all its commands (%d made)'
          % (relay.accepted - before))
    relay.sock.close()

    # ---- passwd and logout --all through the server ----
    new = 'Tr1cky-new-passphrase'
    r = as_user('R', 'kate', ['passwd', '--password-stdin'], 'password123\n%s\n' % new)
    b = as_user('B', 'kate', ['passwd', '--password-stdin'], 'password123\n%s\n' % new)
    same(r, b, 'kate: passwd --password-stdin')
    rc, out, err = ee(['--server', url, '--json', 'whoami'], token_file('R', 'kate'))
    check(rc == 0 and 'kate.hastroff' in out, 'after passwd, the fresh token works', err)
    rc, out, err = ee(['--db', db_a, 'whoami'], token_file('A', 'kate'))
    check(rc == 3, 'after passwd, the older tokens stop working (exit 3)', err)
    rc, out, err = ee(['--server', url, 'logout', '--all'], token_file('R', 'bill'))
    check(rc == 0 and not os.path.exists(token_file('R', 'bill')), 'logout --all', err)
    rc, out, err = ee(['--db', db_a, 'whoami'], token_file('A', 'bill'))
    check(rc == 3, 'after logout --all, bill\'s other sessions end (exit 3)', err)
finally:
    cleanup()

print('1..%d' % len(results))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
