#!/usr/bin/python3
"""Accept-Language: problem details and the web page in the user's language.

French asked for (fr, fr-FR, higher q, any case) gives French details with
the same status, JSON keys, exit_code and field as English; no header, en,
an unknown language, a malformed header, fr;q=0 give English. The French
expected is the catalogue's own translation (the build's .mo, read with
Python's gettext), not text copied here. French and English requests sent
at once each get their own language (the server's threads). The page "/"
comes as <html lang="fr">, with its own ETag. The access log stays English;
without the catalogue, French requests get English.

Usage: t_api_lang.py sqlite|pg   (prints TAP; EPICEVENTS_LOCALEDIR = the build's po/)
"""
import gettext
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from apilib import DEMO, Api, Env, Server, Tap  # noqa: E402

tap = Tap(sys.argv[1] if len(sys.argv) > 1 else 'sqlite')
localedir = os.environ.get('EPICEVENTS_LOCALEDIR')
if not localedir or not os.path.isdir(localedir):
    print('Bail out! EPICEVENTS_LOCALEDIR must name the build\'s po/ directory')
    sys.exit(1)
fr = gettext.translation('epicevents', localedir, ['fr'])
env = Env(tap, 'lang')
env.init_demo()
server = Server(env)
api = Api(server, tap)

email, password, _ = DEMO['bill']
token = api.login(email, password).json.get('token')
tap.ok(bool(token), 'bill logs in')

FRENCH = ['fr', 'FR', 'fr-FR', 'fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 'en;q=0.5, fr;q=0.8',
          'de, fr;q=0.1', 'fr-CA;q=0, fr-FR;q=0.3']
ENGLISH = [None, 'en', 'en-US,en;q=0.9', 'xx', 'xx-YY', ';;q=abc,,', 'fr;q=2', 'fr;q=0',
           'fr;q=0.5, en', 'en, fr', '*', 'fr;q=0, *', 'fr;q=0, fr-CA']


def ask(lang, method, path, body=None, **kw):
    headers = dict(kw.pop('headers', {}))
    if lang is not None:
        headers['Accept-Language'] = lang
    return api.request(method, path, body, headers=headers, **kw)


def shape(r):
    """What must not change with the language: status, keys, exit_code, field, type."""
    j = r.json if isinstance(r.json, dict) else {}
    return (r.status, sorted(j), j.get('exit_code'), j.get('field'), j.get('type'),
            j.get('title'), r.header('Content-Type'))


# Three problems, three paths through the server: a route unknown (answered
# on the first call), a session missing (before any handler), a body's
# value refused by crm/ (a job thread; the message built by crm_error_set).
CASES = [
    ('an unknown route', 'GET', '/api/v1/nowhere', None, {}),
    ('no session', 'GET', '/api/v1/clients', None, {}),
    ('a bad email', 'POST', '/api/v1/clients',
     {'full_name': 'Jeanne Martin', 'email': 'not-an-email', 'phone': '+33 1 23 45 67 89',
      'company_name': 'Martin SARL'}, {'token': token}),
]


def french_of(english):
    """The catalogue's French for an English detail: a msgid as it is, or
    "<field> '<value>' <why>" whose why is one (util/validate.c)."""
    whole = fr.gettext(english)
    if whole != english:
        return whole
    m = re.match(r"^(\S+) '([^']*)' (.*)$", english)
    if m and fr.gettext(m.group(3)) != m.group(3):
        # "%s '%s' %s": the field's name in its context, the value, the why.
        return fr.gettext("%s '%s' %s") % (fr.pgettext('field', m.group(1)), m.group(2),
                                          fr.gettext(m.group(3)))
    return None


for name, method, path, body, kw in CASES:
    base = ask(None, method, path, body, **kw)
    english = base.json.get('detail', '')
    want = french_of(english)
    tap.ok(want is not None and want != english,
           '%s: the catalogue has a French for "%s"' % (name, english), 'got %r' % want)
    tap.ok(base.header('Content-Language') in (None, 'en'),
           '%s without Accept-Language: no Content-Language fr' % name)
    for lang in FRENCH:
        r = ask(lang, method, path, body, **kw)
        tap.is_(shape(r), shape(base), '%s, Accept-Language %r: same status, keys, exit_code, '
                'field, title' % (name, lang))
        tap.is_(r.json.get('detail'), want, '%s, Accept-Language %r: French detail' % (name, lang))
        tap.ok('\n' not in r.json.get('detail', '') and r.body.count(b'\n') == 1,
               '%s, %r: one line' % (name, lang))
        tap.is_(r.header('Content-Language'), 'fr', '%s, %r: Content-Language: fr' % (name, lang))
        tap.ok('accept-language' in (r.header('Vary') or '').lower(),
               '%s, %r: Vary: Accept-Language' % (name, lang), 'Vary: %r' % r.header('Vary'))
    for lang in ENGLISH:
        r = ask(lang, method, path, body, **kw)
        tap.is_(shape(r), shape(base), '%s, Accept-Language %r: same answer as without' % (name, lang))
        tap.is_(r.json.get('detail'), english, '%s, Accept-Language %r: English detail' % (name, lang))
        tap.ok(r.header('Content-Language') != 'fr', '%s, %r: not Content-Language fr' % (name, lang))

# A refused sign-in: PBKDF2's own queue of threads (a fresh email each time,
# so that no throttle steps in).
login = [ask(lang, 'POST', '/api/v1/session', {'email': 'nobody%d@epic.com' % i,
                                               'password': 'not-the-password'})
         for i, lang in enumerate(['en', 'fr-FR'])]
tap.is_(shape(login[1]), shape(login[0]), 'a refused sign-in: same answer but the detail')
tap.is_(login[1].json.get('detail'), french_of(login[0].json.get('detail', '')),
        'a refused sign-in in French: "%s"' % login[1].json.get('detail'))

# The remote CLI in French asks the server for French (Accept-Language from
# its own catalogue), in English asks nothing.
for lang_env, want, desc in (('fr_FR.UTF-8', french_of(login[0].json.get('detail', '')), 'French'),
                             ('C', login[0].json.get('detail'), 'English')):
    cenv = dict(env.env, LANG=lang_env, LC_ALL=lang_env, LANGUAGE='')
    p = subprocess.run([env.bin, '--server', server.origin, 'login', '--email', 'nobody-%s@epic.com'
                        % desc.lower(), '--password-stdin'], input=b'not-the-password\n',
                       capture_output=True, env=cenv, cwd=env.work, timeout=60)
    err = p.stderr.decode('utf-8', 'replace')
    tap.ok(p.returncode == 3 and want and want in err,
           'the remote CLI in %s: the server\'s refusal in %s' % (desc, desc),
           'exit %d: %s' % (p.returncode, err.strip()))

# A success is the same in every language: records never translated.
r_en = ask('en', 'GET', '/api/v1/clients', token=token)
r_fr = ask('fr', 'GET', '/api/v1/clients', token=token)
tap.is_((r_fr.status, r_fr.body), (r_en.status, r_en.body), 'a list: the same bytes in French')

# ---- at once: each request its own language ------------------------------------

jobs = []
for i in range(64):
    name, method, path, body, kw = CASES[i % len(CASES)]
    jobs.append((('fr', 'en')[i // len(CASES) % 2], name, method, path, body, kw))
expected = {}
for name, method, path, body, kw in CASES:
    english = ask('en', method, path, body, **kw).json.get('detail')
    expected[(name, 'en')] = english
    expected[(name, 'fr')] = french_of(english)


def one(job):
    lang, name, method, path, body, kw = job
    r = ask(lang, method, path, body, **dict(kw))
    return lang, name, r.json.get('detail'), r.header('Content-Language')


with ThreadPoolExecutor(max_workers=12) as pool:
    results = list(pool.map(one, jobs * 3))
wrong = [(lang, name, detail) for lang, name, detail, cl in results
         if detail != expected[(name, lang)] or (cl == 'fr') != (lang == 'fr')]
tap.ok(not wrong, '%d requests at once, French and English mixed: each in its own language'
       % len(results), 'wrong: %r' % wrong[:5])
tap.ok(len({lang for lang, *_ in results}) == 2, 'both languages were in flight')

# ---- the page -----------------------------------------------------------------------

page_en = ask('en', 'GET', '/', check=False)
page_fr = ask('fr-FR,fr;q=0.9', 'GET', '/', check=False)
tap.is_(page_fr.status, 200, 'GET / in French: 200')
tap.ok(b'<html lang="fr">' in page_fr.body, 'GET / in French: <html lang="fr">')
tap.ok(b'<html lang="en">' in page_en.body, 'GET / in English: <html lang="en">')
tap.is_(len(page_fr.body), len(page_en.body), 'the two pages differ by their lang only')
tap.is_(page_fr.header('Content-Language'), 'fr', 'GET / in French: Content-Language: fr')
tap.ok('accept-language' in (page_fr.header('Vary') or '').lower(), 'GET /: Vary: Accept-Language')
tap.ok(page_fr.header('ETag') and page_fr.header('ETag') != page_en.header('ETag'),
       'GET /: an ETag per language', '%r %r' % (page_fr.header('ETag'), page_en.header('ETag')))
r = ask('fr', 'GET', '/', headers={'If-None-Match': page_fr.header('ETag') or 'x'}, check=False)
tap.is_(r.status, 304, 'GET / in French with its ETag: 304')
r = ask('fr', 'GET', '/', headers={'If-None-Match': page_en.header('ETag') or 'x'}, check=False)
tap.is_(r.status, 200, 'GET / in French with the English ETag: 200 (the French page)')
r = ask('fr', 'GET', '/web/i18n.js', check=False)
tap.is_(r.status, 200, 'GET /web/i18n.js: the catalogue module is embedded')
tap.ok(b'\xc3\x89v\xc3\xa8nements' in r.body, '/web/i18n.js holds the French words (UTF-8)')
tap.ok(r.header('Content-Language') is None, 'the modules are the same in every language')

# ---- the access log stays English -------------------------------------------------

log = server.log_text()
leaked = [w for w in (expected[(n, 'fr')] for n, *_ in CASES) if w and w in log]
tap.ok(not leaked, 'the access log holds no French detail', 'found: %r' % leaked)
lines = [line for line in log.splitlines() if ' /api/v1/nowhere ' in line]
tap.ok(lines and all(re.search(r' GET /api/v1/nowhere 404 [0-9.]+ms', line) for line in lines),
       'access log lines for French requests: the usual format', '\n'.join(lines[:3]))
api.summary()
tap.is_(server.stop(), 0, 'SIGTERM: exit 0')

# ---- without the catalogue: English ------------------------------------------------

env.env['EPICEVENTS_LOCALEDIR'] = os.path.join(env.work, 'no-such-dir')
server2 = Server(env)
api.server = server2
r = ask('fr', 'GET', '/api/v1/nowhere')
tap.is_(r.json.get('detail'), expected[('an unknown route', 'en')],
        'no catalogue installed: a French request gets English')
tap.ok(r.header('Content-Language') != 'fr', 'no catalogue: no Content-Language fr')
page = ask('fr', 'GET', '/', check=False)
tap.ok(b'<html lang="en">' in page.body, 'no catalogue: the page in English')
tap.is_(server2.stop(), 0, 'SIGTERM: exit 0')
sys.exit(tap.finish())
