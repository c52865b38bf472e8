#!/usr/bin/python3
"""The web page in French: headless Chromium whose preferred language is
fr-FR (so its Accept-Language), on a real `epicevents serve` with the
build's catalogue (EPICEVENTS_LOCALEDIR). One browser session; TAP.

Covers: the page served as <html lang="fr">; the sign-in page, the home
page, a list's headings and filters in French; a client refused for its
email showing the server's French message at the field (the same words the
API gives a French request, which differ from the English ones); sign-out;
no English left on those pages' frame, headings, labels and buttons; no
console errors.
"""
import http.client
import json
import os
import re
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import weblib  # noqa: E402  (puts tests/api on the path)
from apilib import Tap, Env, Server, DEMO  # noqa: E402

tap = Tap('sqlite')
if not weblib.find_driver():
    print('1..0 # SKIP no chromedriver (Debian: chromium chromium-driver python3-selenium)')
    sys.exit(0)
env = Env(tap, 'web-fr')
env.init_demo()
server = Server(env)

# The words of the page's frame that must not show in English (each is a
# key of web/i18n.js whose French differs).
ENGLISH = ['Sign in', 'Sign out', 'Home', 'Contracts', 'Events', 'Account', 'Hello',
           'Remaining', 'Signed', 'Apply', 'Mine only', 'Full name', 'Company', 'Phone',
           'Create client', 'Cancel', 'Loading', 'Skip to content', 'Password', 'none']
FRAME = 'nav, h1, h2, th, label, button, .intro, .pager, .skip, .crumbs, option, .empty'


def english_left(b):
    words = b.js('return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)', FRAME)
    text = '\n'.join(words).replace('Epic Events', '')  # the product's name
    return [w for w in ENGLISH if w in text]


def api_detail(lang, token, body):
    c = http.client.HTTPConnection('127.0.0.1', server.port, timeout=30)
    c.request('POST', '/api/v1/clients', json.dumps(body),
              {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + token,
               'Accept-Language': lang})
    r = c.getresponse()
    data = json.loads(r.read())
    c.close()
    return r.status, data.get('detail'), data.get('field')


# Every literal the page passes to t() has its French in web/i18n.js (a word
# added without one would show in English).
WEB = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'web')
catalogue = open(os.path.join(WEB, 'i18n.js'), encoding='utf-8').read()
known = {k.replace("\\'", "'") for k in re.findall(r"^\s*'((?:[^'\\]|\\.)*)'\s*:", catalogue, re.M)}
known |= set(re.findall(r'^\s*"([^"]*)"\s*:', catalogue, re.M))
missing = []
for name in sorted(os.listdir(WEB)):
    if name.endswith('.js'):
        text = open(os.path.join(WEB, name), encoding='utf-8').read()
        words = re.findall(r"\bt\('((?:[^'\\]|\\.)*)'[,)]", text) + re.findall(r'\bt\("([^"]*)"[,)]', text)
        if name == 'pages.js':  # the column titles, shown through t() by table()
            words += [w for w in re.findall(r"^    \['([^']+)',", text, re.M) if w != '#']
        for k in words:
            if k.replace("\\'", "'") not in known:
                missing.append('%s: %s' % (name, k))
tap.is_(missing, [], 'every t() literal of web/*.js has its French (%d known)' % len(known))

b = weblib.Browser(server.origin, languages=('fr-FR', 'fr'))
try:
    b.open('#/signin')
    b.one('#signin-form')
    tap.ok(b.js('return navigator.languages[0]').startswith('fr'),
           'the browser prefers French', repr(b.js('return navigator.languages')))
    tap.is_(b.js('return document.documentElement.lang'), 'fr',
            'the server read its Accept-Language: <html lang="fr">')
    tap.is_(b.text('main h1'), 'Connexion', 'sign-in page: heading in French')
    tap.ok(set(['E-mail', 'Mot de passe']) <= {t.rstrip(' *') for t in b.texts('#signin-form label')},
           'sign-in page: labels in French', repr(b.texts('#signin-form label')))
    tap.is_(b.text('#signin-form button[type=submit]'), 'Connexion', 'sign-in page: button in French')
    tap.is_(english_left(b), [], 'sign-in page: no English left')

    email, password, _ = DEMO['bill']
    b.sign_in(email, password)
    b.wait_text('main h1', 'Bonjour')
    tap.ok(True, 'bill signs in: "Bonjour" on his home page')
    nav = b.texts('#nav a, #nav button')
    tap.ok({'Accueil', 'Clients', 'Contrats', 'Évènements', 'Compte', 'Se déconnecter'} <= set(nav),
           'navigation in French', repr(nav))
    tap.ok(any('Mes clients' in t for t in b.texts('main h2')), 'home page: sections in French',
           repr(b.texts('main h2')))
    tap.is_(english_left(b), [], 'home page: no English left')

    b.go('#/contracts')
    b.wait_text('main h1', 'Contrats')
    # A sortable header ends with its mark (▲ ▼ ↕), which is not a word.
    heads = [h.rstrip(' ▲▼↕') for h in b.texts('table.list th')]
    tap.ok({'Client', 'Restant', 'Signé', 'Échéance'} <= set(heads), 'contracts list: column titles in French',
           repr(heads))
    tap.ok(any(t.rstrip(' *') == 'Payé' for t in b.texts('form.filters label')), 'contracts list: filters in French',
           repr(b.texts('form.filters label')))
    tap.is_(english_left(b), [], 'contracts list: no English left')

    # A refusal by the server, shown at its field, in the server's French.
    c = http.client.HTTPConnection('127.0.0.1', server.port, timeout=30)
    c.request('POST', '/api/v1/session', json.dumps({'email': email, 'password': password}),
              {'Content-Type': 'application/json'})
    token = json.loads(c.getresponse().read())['token']
    c.close()
    bad = {'full_name': 'Jeanne Martin', 'email': 'pas-un-email', 'phone': '+33 1 23 45 67 89',
           'company_name': 'Martin SARL'}
    st_fr, french, field = api_detail('fr-FR,fr;q=0.9', token, bad)
    st_en, english, _ = api_detail('en', token, bad)
    tap.ok(st_fr == st_en == 422 and field == 'email' and french and french != english,
           'the API refuses the email, in French for a French request', '%r / %r' % (french, english))
    b.go('#/clients/new')
    b.one('#clients-form')
    tap.is_(b.text('main h1'), 'Nouveau client', 'new client form: heading in French')
    b.fill('#clients-form', bad)
    b.submit('#clients-form')
    b.wait(lambda: b.text('[data-field="email"] .field-error'), what='the message at the email field')
    shown = b.text('[data-field="email"] .field-error')
    tap.is_(shown.lower(), (french or '').lower(), "the server's French message at the email field")
    tap.is_(english_left(b), [], 'new client form: no English left')

    b.sign_out()
    tap.is_(b.text('main h1'), 'Connexion', 'signed out: the sign-in page, in French')
    errors = b.console_errors(allow=('/api/v1/clients',))
    tap.is_(errors, [], 'no console errors (but the refused POST)')
except Exception:
    tap.ok(False, 'the French session ran to the end', traceback.format_exc())
finally:
    b.quit()
tap.is_(server.stop(), 0, 'SIGTERM: exit 0')
sys.exit(tap.finish())
