"""apilib — helpers for the API tests of `epicevents serve`.

Each test program runs the real binary against a fresh database of the
backend named by its first argument (sqlite or pg), starts one server, talks
to it over HTTP and prints TAP. Every response received is checked against
the repository's openapi.json: the path template, the method, the status, the
headers it requires, the content type and the JSON body (Draft 2020-12, $ref
resolved in the document). A response the document does not describe is a
failed test.

    from apilib import Tap, Env, Server, Api
    tap = Tap(sys.argv[1])
    env = Env(tap, 'core')           # fresh database (skips pg without a cluster)
    env.init_demo()
    server = Server(env)             # on a free loopback port, /healthz answered
    api = Api(server, tap)
    r = api.post('/api/v1/session', {'email': ..., 'password': ...})
    tap.is_(r.status, 201, 'bill logs in')
    ...
    tap.is_(server.stop(), 0, 'SIGTERM: exit 0')
    sys.exit(tap.finish())

Only the standard library, jsonschema (Debian's python3-jsonschema) and, in
the tests themselves, prometheus_client.
"""
import atexit
import http.client
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from jsonschema import Draft202012Validator

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC_PATH = os.path.join(TOP, 'openapi.json')

# The demo users of `db init --demo` (SPEC.md).
DEMO = {
    'bill': ('bill.boquet@epic.com', 'password123', 'Commercial'),
    'kate': ('kate.hastroff@epic.com', 'password123', 'Support'),
    'alice': ('alice.manager@epic.com', 'admin123', 'Management'),
}

METHODS = ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')


# ---- TAP ----------------------------------------------------------------

class Tap:
    """TAP output; the plan is printed at the end, as tests/e2e/lib.sh does."""

    def __init__(self, backend):
        self.backend = backend
        self.run = 0
        self.failed = 0

    def _line(self, text):
        sys.stdout.write(text + '\n')
        sys.stdout.flush()

    def diag(self, text):
        for line in str(text).splitlines() or ['']:
            self._line('#   ' + line)

    def ok(self, cond, desc, diag=None):
        self.run += 1
        desc = desc.replace('\n', '\\n').replace('#', '\\#')
        if cond:
            self._line('ok %d - [%s] %s' % (self.run, self.backend, desc))
        else:
            self.failed += 1
            self._line('not ok %d - [%s] %s' % (self.run, self.backend, desc))
            if diag:
                self.diag(diag)
        return bool(cond)

    def is_(self, got, want, desc, diag=None):
        text = 'got %r, wanted %r' % (_short(got), _short(want))
        if diag:
            text += '\n' + str(diag)
        return self.ok(got == want, desc, text)

    def status(self, r, want, desc):
        """Checks a response's status; on failure shows the response."""
        wants = want if isinstance(want, (tuple, list, set)) else (want,)
        return self.ok(r.status in wants, '%s (%s)' % (desc, r.status),
                       'wanted %s; %s %s -> %s %s' % ('/'.join(map(str, wants)), r.method,
                                                     r.path, r.status, _short(r.body)))

    def finish(self):
        self._line('1..%d' % self.run)
        return 1 if self.failed else 0


def _short(v, n=400):
    if isinstance(v, bytes):
        v = v.decode('utf-8', 'replace')
    s = v if isinstance(v, str) else repr(v)
    return s if len(s) <= n else s[:n] + '...(%d bytes)' % len(s)


# ---- a fresh database ----------------------------------------------------

def _psql():
    found = shutil.which('psql')
    return found or '/usr/lib/postgresql/15/bin/psql'


class Env:
    """A work directory, a fresh database, and the CLI run against it."""

    def __init__(self, tap, name):
        self.tap = tap
        self.backend = tap.backend
        self.bin = os.path.abspath(os.environ.get('EPICEVENTS_BIN')
                                   or os.path.join(TOP, 'build', 'epicevents'))
        self.pg_db = None
        self.servers = []
        if self.backend not in ('sqlite', 'pg'):
            print("Bail out! unknown backend '%s'" % self.backend)
            sys.exit(1)
        if self.backend == 'pg' and not os.environ.get('EPICEVENTS_TEST_PG'):
            if os.environ.get('EPICEVENTS_REQUIRE_PG'):
                print('Bail out! EPICEVENTS_TEST_PG is not set')
                sys.exit(1)
            print('1..0 # SKIP no PostgreSQL')
            sys.exit(0)
        self.work = tempfile.mkdtemp(prefix='epicevents-api.')
        os.chmod(self.work, 0o755)
        atexit.register(self.cleanup)
        home = os.path.join(self.work, 'home')
        os.makedirs(home)
        env = dict(os.environ)
        for k in ('DATABASE_URL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USERNAME', 'DB_PASSWORD',
                  'JWT_SECRET_KEY', 'SENTRY_DSN', 'EPICEVENTS_LISTEN', 'EPICEVENTS_SERVER'):
            env.pop(k, None)
        env.update({
            'HOME': home,
            'XDG_DATA_HOME': os.path.join(self.work, 'data'),
            'XDG_STATE_HOME': os.path.join(self.work, 'state'),
            'EPICEVENTS_TOKEN_FILE': os.path.join(home, '.epic_events_token'),
            'TZ': 'UTC',
            'NO_COLOR': '1',
        })
        self.env = env
        if self.backend == 'sqlite':
            self.url = 'sqlite:' + os.path.join(self.work, 'crm.db')
        else:
            base = os.environ['EPICEVENTS_TEST_PG']
            self.pg_db = 'api_%s_%d_%d' % (re.sub('[^a-z0-9]', '_', name), os.getpid(),
                                           random.randrange(1 << 30))
            self.pg_admin('CREATE DATABASE %s' % self.pg_db)
            self.url = base.replace('dbname=postgres', 'dbname=' + self.pg_db)
        self.token_files = {}

    def pg_admin(self, sql):
        p = subprocess.run([_psql(), '-X', '-q', '-v', 'ON_ERROR_STOP=1',
                            os.environ['EPICEVENTS_TEST_PG'], '-c', sql],
                           cwd=self.work, capture_output=True, text=True)
        if p.returncode != 0:
            print('Bail out! %s: %s' % (sql, p.stderr.strip()))
            sys.exit(1)

    def cleanup(self):
        for s in self.servers:
            s.kill()
        if self.pg_db:
            subprocess.run([_psql(), '-X', '-q', os.environ['EPICEVENTS_TEST_PG'], '-c',
                            'DROP DATABASE IF EXISTS %s WITH (FORCE)' % self.pg_db],
                           cwd='/', capture_output=True)
            self.pg_db = None
        shutil.rmtree(self.work, ignore_errors=True)

    def cli(self, *args, stdin='', token_file=None):
        """Runs `epicevents --db URL ARGS...`; returns (exit code, stdout bytes, stderr text)."""
        env = dict(self.env)
        if token_file:
            env['EPICEVENTS_TOKEN_FILE'] = token_file
        p = subprocess.run([self.bin, '--db', self.url] + [str(a) for a in args],
                           input=stdin.encode(), capture_output=True, env=env, cwd=self.work,
                           timeout=120)
        return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')

    def sql(self, statement):
        """Runs one SQL statement on the test database (to set up what the API cannot)."""
        if self.backend == 'sqlite':
            import sqlite3
            con = sqlite3.connect(self.url[len('sqlite:'):], timeout=10)
            with con:
                con.execute(statement)
            con.close()
        else:
            p = subprocess.run([_psql(), '-X', '-q', '-v', 'ON_ERROR_STOP=1', self.url, '-c',
                                statement], cwd=self.work, capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError('%s: %s' % (statement, p.stderr.strip()))

    def init_demo(self):
        rc, out, err = self.cli('db', 'init', '--demo')
        if rc != 0:
            print('Bail out! db init --demo: exit %d: %s' % (rc, err.strip()))
            sys.exit(1)

    def cli_login(self, name, email, password):
        """Logs in through the CLI into a token file of its own; returns its path."""
        path = os.path.join(self.work, 'token.' + name)
        rc, out, err = self.cli('login', '--email', email, '--password-stdin',
                                stdin=password + '\n', token_file=path)
        self.tap.is_(rc, 0, 'CLI login as %s' % name, err)
        self.token_files[name] = path
        return path

    def cli_json(self, who, *args):
        """`epicevents --json ARGS` as WHO (after cli_login); returns (exit code, stdout bytes, stderr)."""
        return self.cli('--json', *args, token_file=self.token_files[who])


# ---- the server ------------------------------------------------------------

def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """`epicevents --db URL serve --listen 127.0.0.1:PORT`, up once /healthz answers 200."""

    def __init__(self, env, extra_args=(), wait=20.0):
        self.env = env
        self.proc = None
        self.log_path = os.path.join(env.work, 'serve.log')
        env.servers.append(self)
        for attempt in range(3):
            self.port = free_port()
            self.host = '127.0.0.1'
            self.origin = 'http://%s:%d' % (self.host, self.port)
            self.log = open(self.log_path, 'ab')
            self.proc = subprocess.Popen(
                [env.bin, '--db', env.url, 'serve', '--listen', '%s:%d' % (self.host, self.port)]
                + list(extra_args),
                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, env=env.env,
                cwd=env.work)
            if self._wait_healthy(wait):
                return
            if self.proc.poll() is None:
                break
            # Exited at once: maybe the port was taken in between; another one.
        self.kill()
        print('Bail out! the server did not answer /healthz; its log:')
        for line in self.log_text().splitlines()[-20:]:
            print('#   ' + line)
        sys.exit(1)

    def _wait_healthy(self, wait):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                c = http.client.HTTPConnection(self.host, self.port, timeout=2)
                c.request('GET', '/healthz')
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def log_text(self):
        try:
            with open(self.log_path, 'rb') as f:
                return f.read().decode('utf-8', 'replace')
        except OSError:
            return ''

    def stop(self, timeout=15.0):
        """SIGTERM, then the exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.proc = None
        self.log.close()
        return rc

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


# ---- the document ----------------------------------------------------------

class Doc:
    """openapi.json: finds the operation of a request and checks a response against it."""

    BASE = 'https://epicevents.invalid/openapi.json'

    def __init__(self, path=DOC_PATH):
        with open(path, 'rb') as f:
            self.raw = f.read()
        self.doc = json.loads(self.raw)
        self.templates = []
        for template, item in self.doc['paths'].items():
            rx = '^' + re.sub(r'\\\{[^}]+\\\}', '[^/]+', re.escape(template)) + '$'
            self.templates.append((template, re.compile(rx), item))
        # Literal paths first (/users/locked before /users/{id}), as OpenAPI says.
        self.templates.sort(key=lambda t: ('{' in t[0], t[0]))
        self._validators = {}
        try:  # jsonschema >= 4.18
            from referencing import Registry, Resource
            from referencing.jsonschema import DRAFT202012
            self._registry = Registry().with_resource(
                self.BASE, Resource.from_contents(self.doc, default_specification=DRAFT202012))
            self._resolver = None
        except ImportError:  # Debian 12's 4.10
            from jsonschema import RefResolver
            self._registry = None
            self._resolver = RefResolver(base_uri=self.BASE, referrer=self.doc)

    # JSON pointers, to hand jsonschema a schema by its place in the document.
    @staticmethod
    def pointer(*parts):
        return '/' + '/'.join(str(p).replace('~', '~0').replace('/', '~1') for p in parts)

    def at(self, ptr):
        cur = self.doc
        for part in ptr.lstrip('/').split('/'):
            cur = cur[part.replace('~1', '/').replace('~0', '~')]
        return cur

    def deref(self, obj, ptr):
        """Follows $ref (Response, Header, Parameter objects); returns (object, its pointer)."""
        while isinstance(obj, dict) and '$ref' in obj:
            ptr = obj['$ref'][1:]
            obj = self.at(ptr)
        return obj, ptr

    def schema_errors(self, ptr, instance):
        v = self._validators.get(ptr)
        if v is None:
            schema = {'$ref': self.BASE + '#' + ptr}
            if self._registry is not None:
                v = Draft202012Validator(schema, registry=self._registry)
            else:
                v = Draft202012Validator(schema, resolver=self._resolver)
            self._validators[ptr] = v
        return ['%s: %s' % ('/'.join(map(str, e.absolute_path)) or '(body)', e.message)
                for e in v.iter_errors(instance)]

    def match(self, path):
        """The (template, path item) of a request path without its query, or (None, None)."""
        for template, rx, item in self.templates:
            if rx.match(path):
                return template, item
        return None, None

    def methods(self, item):
        return sorted(m.upper() for m in item if m.upper() in METHODS)

    def operation(self, method, path):
        template, item = self.match(path)
        if item is None:
            return template, None
        return template, item.get(method.lower())

    def check(self, method, path, status, headers, body, request_json=None):
        """The list of ways this exchange differs from the document (empty: described)."""
        problems = []
        path_only = urllib.parse.urlsplit(path).path
        template, item = self.match(path_only)
        if item is None:
            where = 'no path of the document matches %s' % path_only
            resp_ptr = '/components/responses/NotFound'
            if status != 404:
                return [where + ', so 404 was due, got %d' % status]
        elif method.lower() not in item:
            resp_ptr = '/components/responses/MethodNotAllowed'
            if status != 405:
                return ['%s %s is not in the document, so 405 was due, got %d'
                        % (method, template, status)]
            allow = {m.strip().upper() for m in (headers.get('allow') or '').split(',') if m.strip()}
            if allow != set(self.methods(item)):
                problems.append('Allow: %r, the document lists %s'
                                % (headers.get('allow'), ', '.join(self.methods(item))))
        else:
            op_ptr = self.pointer('paths', template, method.lower())
            op = item[method.lower()]
            if str(status) not in op['responses']:
                return ['status %d is not documented for %s %s (documented: %s)'
                        % (status, method, template, ', '.join(sorted(op['responses'])))]
            resp_ptr = op_ptr + self.pointer('responses', str(status))
            # A 2xx for a body that the document rejects: the server takes more than documented.
            if 200 <= status < 300 and request_json is not None and 'requestBody' in op:
                rb, rb_ptr = self.deref(op['requestBody'], op_ptr + '/requestBody')
                errs = self.schema_errors(rb_ptr + self.pointer('content', 'application/json',
                                                                'schema'), request_json)
                if errs:
                    problems.append('%d for a request body the document rejects: %s'
                                    % (status, '; '.join(errs)))
        resp, resp_ptr = self.deref(self.at(resp_ptr), resp_ptr)
        # Headers the response documents.
        for name, h in (resp.get('headers') or {}).items():
            h, h_ptr = self.deref(h, resp_ptr + self.pointer('headers', name))
            value = headers.get(name.lower())
            if value is None:
                if h.get('required'):
                    problems.append('header %s missing' % name)
                continue
            if 'schema' in h:
                for e in self.schema_errors(h_ptr + '/schema', value):
                    problems.append('header %s: %s' % (name, e))
        # Every response.
        if 'no-store' not in (headers.get('cache-control') or ''):
            problems.append('Cache-Control: %r, not no-store' % headers.get('cache-control'))
        if (headers.get('x-content-type-options') or '').strip().lower() != 'nosniff':
            problems.append('X-Content-Type-Options: %r' % headers.get('x-content-type-options'))
        content = resp.get('content')
        if not content:
            if body:
                problems.append('the document says no body, got %d bytes' % len(body))
            return problems
        ctype = (headers.get('content-type') or '').split(';')[0].strip().lower()
        if ctype not in content:
            problems.append('Content-Type %r, the document says %s'
                            % (headers.get('content-type'), ', '.join(content)))
            return problems
        if ctype == 'application/json' or ctype.endswith('+json'):
            try:
                value = json.loads(body.decode('utf-8'), parse_constant=_no_constant)
            except (UnicodeDecodeError, ValueError) as e:
                problems.append('body is not JSON: %s' % e)
                return problems
            problems += self.schema_errors(resp_ptr + self.pointer('content', ctype, 'schema'),
                                           value)
        elif ctype.startswith('text/'):
            try:
                body.decode('utf-8')
            except UnicodeDecodeError:
                problems.append('text body is not UTF-8')
        return problems


def _no_constant(name):
    raise ValueError('%s is not JSON' % name)


# ---- HTTP ------------------------------------------------------------------

class Response:
    def __init__(self, method, path, status, header_list, body):
        self.method = method
        self.path = path
        self.status = status
        self.header_list = header_list  # [(name, value)] as received
        self.headers = {}               # lower-cased name -> values joined by ', '
        for k, v in header_list:
            k = k.lower()
            if k in self.headers and k != 'set-cookie':
                self.headers[k] += ', ' + v
            else:
                self.headers.setdefault(k, v)
        self.body = body
        self._json = None

    def header(self, name):
        return self.headers.get(name.lower())

    def all(self, name):
        return [v for k, v in self.header_list if k.lower() == name.lower()]

    @property
    def json(self):
        if self._json is None:
            try:
                self._json = json.loads(self.body.decode('utf-8'))
            except (UnicodeDecodeError, ValueError):
                self._json = {}
        return self._json

    def problem(self):
        """(exit_code, field) of a problem+json body."""
        j = self.json if isinstance(self.json, dict) else {}
        return j.get('exit_code'), j.get('field')

    def cookie(self, name='epicevents_session'):
        """The first Set-Cookie for NAME: (value, {attribute lower-cased: value or True})."""
        for raw in self.all('Set-Cookie'):
            parts = [p.strip() for p in raw.split(';')]
            if '=' not in parts[0]:
                continue
            k, v = parts[0].split('=', 1)
            if k.strip() != name:
                continue
            attrs = {}
            for p in parts[1:]:
                if '=' in p:
                    a, b = p.split('=', 1)
                    attrs[a.strip().lower()] = b.strip()
                elif p:
                    attrs[p.lower()] = True
            return v.strip(), attrs
        return None, {}

    def __repr__(self):
        return '%s %s -> %d %s' % (self.method, self.path, self.status, _short(self.body, 200))


class Api:
    """Requests to one server; every response is checked against openapi.json."""

    def __init__(self, server, tap, doc=None):
        self.server = server
        self.tap = tap
        self.doc = doc or Doc()
        self.responses = 0
        self.undescribed = 0
        self.secrets = set()  # tokens and passwords seen, which the access log must not hold

    def request(self, method, path, body=None, *, token=None, cookie=None, origin=None,
                headers=None, raw=None, content_type='application/json', query=None,
                check=True):
        """Sends one request on a fresh connection; returns a Response.

        body: a JSON value, serialised; raw: bytes sent as they are. content_type is sent
        whenever there is a body (None: no Content-Type). token: Authorization Bearer;
        cookie: the epicevents_session value. query: a dict or list of pairs.
        """
        if query:
            path += ('&' if '?' in path else '?') + urllib.parse.urlencode(query)
        if raw is None and body is not None:
            raw = json.dumps(body).encode('utf-8')
        hdrs = []
        if token:
            hdrs.append(('Authorization', 'Bearer ' + token))
        if cookie:
            hdrs.append(('Cookie', 'epicevents_session=' + cookie))
        if origin:
            hdrs.append(('Origin', origin))
        if raw is not None:
            if content_type:
                hdrs.append(('Content-Type', content_type))
            hdrs.append(('Content-Length', str(len(raw))))
        hdrs += list((headers or {}).items())
        status, header_list, data = self._exchange(method, path, hdrs, raw)
        r = Response(method, path, status, header_list, data)
        if check:
            self.validate(r, body if isinstance(body, dict) else None)
        return r

    def _exchange(self, method, path, hdrs, raw):
        c = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in hdrs:
                c.putheader(k, v)
            c.endheaders()
            if raw:
                # Like curl: stop sending as soon as the server has answered (413 early).
                sock = c.sock
                for i in range(0, len(raw), 16384):
                    readable, _, _ = select.select([sock], [], [], 0)
                    if readable:
                        break
                    try:
                        sock.sendall(raw[i:i + 16384])
                    except (BrokenPipeError, ConnectionResetError):
                        break
            resp = c.getresponse()
            data = resp.read()
            return resp.status, resp.getheaders(), data
        except (OSError, http.client.HTTPException) as e:
            return 0, [], ('no response: %s: %s' % (type(e).__name__, e)).encode()
        finally:
            c.close()

    def validate(self, r, request_json=None):
        self.responses += 1
        if r.status == 0:
            problems = [r.body.decode()]
        else:
            problems = self.doc.check(r.method, r.path, r.status, r.headers, r.body, request_json)
        if problems:
            self.undescribed += 1
            self.tap.ok(False, 'response to %s %s (%d) is as openapi.json describes'
                        % (r.method, r.path[:100], r.status),
                        '\n'.join(problems) + '\nbody: ' + _short(r.body))
        return not problems

    def get(self, path, **kw):
        return self.request('GET', path, **kw)

    def post(self, path, body=None, **kw):
        return self.request('POST', path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request('PATCH', path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request('PUT', path, body, **kw)

    def delete(self, path, **kw):
        return self.request('DELETE', path, **kw)

    def login(self, email, password):
        """POST /api/v1/session; returns the response (token in .json['token'])."""
        self.secrets.add(password)
        r = self.post('/api/v1/session', {'email': email, 'password': password})
        if r.status == 201 and isinstance(r.json, dict) and r.json.get('token'):
            self.secrets.add(r.json['token'])
        return r

    def summary(self):
        """The closing check: every response was described by the document."""
        self.tap.ok(self.undescribed == 0 and self.responses > 0,
                    'all %d responses are described by openapi.json' % self.responses,
                    '%d were not' % self.undescribed)
