"""weblib — a headless Chromium driven by Selenium on the page of a real
`epicevents serve` (tests/api/apilib.py starts the server on a fresh
database). Debian's chromium, chromium-driver and python3-selenium.

    from weblib import Browser
    b = Browser(server.origin)          # one browser for the whole test
    b.sign_in('bill.boquet@epic.com', 'password123')
    b.wait_text('h1', 'Hello')
    b.console_errors()                  # SEVERE entries of the browser log
"""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'api'))

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402

WAIT = 10
# A sign-in derives a PBKDF2 key (600000 rounds): seconds on a loaded machine,
# more under the sanitizers.
SIGN_IN_WAIT = float(os.environ.get('WEB_SIGN_IN_WAIT', '60'))


def find_driver():
    for p in (os.environ.get('CHROMEDRIVER'), shutil.which('chromedriver'), '/usr/bin/chromedriver'):
        if p and os.path.exists(p):
            return p
    return None


class Browser:
    def __init__(self, origin, width=1280, height=900, languages=('en-US', 'en')):
        """languages: the user's preferred ones, first first (Accept-Language)."""
        self.origin = origin
        opts = webdriver.ChromeOptions()
        for a in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                  '--no-first-run', '--disable-extensions', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--lang=' + languages[0],
                  '--window-size=%d,%d' % (width, height)):
            opts.add_argument(a)
        opts.add_experimental_option('prefs', {'intl.accept_languages': ','.join(languages)})
        for b in ('/usr/bin/chromium', '/usr/bin/chromium-browser'):
            if os.path.exists(b):
                opts.binary_location = b
                break
        opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        self.d = webdriver.Chrome(service=Service(find_driver()), options=opts)
        self.d.set_page_load_timeout(30)
        self.logs = []

    def quit(self):
        try:
            self.d.quit()
        except WebDriverException:
            pass

    # ---- navigation and waiting ----
    def open(self, hash_=''):
        self.d.get(self.origin + '/' + hash_)

    def go(self, hash_):
        """Changes the location hash (same document, as a link does)."""
        self.d.execute_script('location.hash = arguments[0]', hash_)

    def wait(self, cond, timeout=WAIT, what='condition'):
        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.05).until(lambda d: cond())
        except TimeoutException:
            raise AssertionError('timed out waiting for %s' % what)

    def q(self, css):
        return self.d.find_elements(By.CSS_SELECTOR, css)

    def one(self, css, timeout=WAIT):
        return self.wait(lambda: (self.q(css) or [None])[0], timeout, css)

    def texts(self, css):
        """The rendered text of every element css selects (read in one step: the
        router replaces elements, so no element reference is kept)."""
        return self.d.execute_script(
            'return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)', css)

    def text(self, css):
        t = self.texts(css)
        return t[0] if t else None

    def wait_text(self, css, part, timeout=WAIT):
        try:
            return self.wait(lambda: any(part in t for t in self.texts(css)), timeout)
        except AssertionError:
            raise AssertionError('timed out waiting for %r in %s (now: %r)'
                                 % (part, css, self.texts(css)[:3]))

    def settle(self):
        """Waits until the router has drawn the page (no 'Loading')."""
        self.wait(lambda: self.d.execute_script(
            'return document.readyState === "complete" && !!document.querySelector("main h1")'),
            what='a page heading')

    # ---- forms ----
    def fill(self, form_css, values):
        for name, value in values.items():
            el = self.one('%s [name="%s"]' % (form_css, name))
            if el.tag_name == 'select':
                self.d.execute_script('arguments[0].value = arguments[1]', el, str(value))
            elif el.get_attribute('type') in ('date', 'datetime-local'):
                self.d.execute_script('arguments[0].value = arguments[1]', el, str(value))
            else:
                el.clear()
                el.send_keys(str(value))

    def submit(self, form_css):
        self.one(form_css + ' button[type=submit]').click()

    def sign_in(self, email, password, hash_='#/signin'):
        self.open(hash_)
        self.one('#signin-form')
        self.fill('#signin-form', {'email': email, 'password': password})
        self.submit('#signin-form')
        self.wait(lambda: not self.q('#signin-form') and self.q('#signout'), SIGN_IN_WAIT, 'signed in')
        self.settle()

    def sign_out(self):
        self.one('#signout').click()
        self.one('#signin-form')

    def confirm(self, values=None):
        """Fills and confirms the open dialog."""
        self.one('dialog[open]')
        if values:
            self.fill('dialog[open] form', values)
        self.one('dialog[open] button[type=submit]').click()
        self.wait(lambda: not self.q('dialog[open]'), what='the dialog to close')

    def cookie(self):
        c = self.d.get_cookie('epicevents_session')
        return c['value'] if c else None

    # ---- the browser's console ----
    def console(self):
        try:
            self.logs.extend(self.d.get_log('browser'))
        except WebDriverException:
            pass
        return self.logs

    def console_errors(self, allow=()):
        return [e for e in self.console()
                if e.get('level') == 'SEVERE' and not any(a in e.get('message', '') for a in allow)]

    def js(self, script, *args):
        return self.d.execute_script(script, *args)

    def js_async(self, script, *args):
        return self.d.execute_async_script(script, *args)

    def shot(self, path):
        time.sleep(0.1)
        self.d.save_screenshot(path)
