// app.js — the page's frame: who is signed in (GET /api/v1/me and its
// "permissions"), the navigation, the hash router, the banner for a server
// that does not answer, and the confirmation dialog. Pages live in
// pages.js (lists, home), records.js (record pages and forms).

import { api, get, onApi, ApiError } from './api.js';
import { h, append, clear, field, showFieldError, clearErrors } from './dom.js';
import * as pages from './pages.js';
import * as records from './records.js';
import { t } from './i18n.js';

export const state = { me: null };
const main = document.getElementById('main');
const nav = document.getElementById('nav');
const banner = document.getElementById('banner');
const who = document.getElementById('who');

// ---- permissions ------------------------------------------------------------

// can('contract.sign') / can('contract.sign', ownerId): 'all', or 'own' and
// the record is the user's. The server still enforces every rule.
export function can(action, ownerId) {
  const p = state.me && state.me.permissions ? state.me.permissions[action] : null;
  if (p === 'all') return true;
  if (p === 'own') return ownerId === undefined || ownerId === state.me.id;
  return false;
}

// ---- banner and messages ----------------------------------------------------

onApi('down', (text) => { banner.textContent = text; banner.hidden = false; });
onApi('up', () => { banner.hidden = true; banner.textContent = ''; });
onApi('unauthorized', () => {
  state.me = null;
  const here = location.hash.startsWith('#/signin') ? '' : location.hash;
  go('#/signin' + (here && here !== '#/' ? '?next=' + encodeURIComponent(here) : ''));
});

export function message(text, kind = 'error') {
  return h('p', { class: 'msg msg-' + kind, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function errorText(e) {
  if (e instanceof ApiError) {
    if (e.status === 403) return t('Not allowed: {text}', { text: e.message });
    if (e.status === 404) return t('Not found: {text}', { text: e.message });
    return e.message.charAt(0).toUpperCase() + e.message.slice(1);
  }
  return String(e && e.message ? e.message : e);
}

// ---- forms --------------------------------------------------------------------

// A form whose submit runs `save(values)` once at a time (the button is
// disabled while it runs: a double click makes one record); the server's
// refusal shows next to its field, or above the form.
export function form(fields, submitLabel, save, extra) {
  const top = h('p', { class: 'form-error msg msg-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'btn primary' }, submitLabel);
  const f = h('form', { novalidate: true }, top, fields, h('div', { class: 'actions' }, button, extra));
  let busy = false;
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (busy) return;
    busy = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    clearErrors(f);
    const values = {};
    for (const el of f.elements) if (el.name) values[el.name] = el.value;
    try {
      await save(values, f);
    } catch (e) {
      if (!(e instanceof ApiError && e.field && showFieldError(f, e.field, errorText(e)))) {
        top.textContent = errorText(e);
        top.hidden = false;
        top.focus?.();
      }
    } finally {
      busy = false;
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return f;
}

// ---- the confirmation dialog --------------------------------------------------

// Resolves to the fields' values on "confirm", null on cancel or Escape.
export function confirmDialog(title, text, fields = [], confirmLabel = t('Confirm'), run) {
  return new Promise((resolve) => {
    const dlg = h('dialog', { class: 'dialog', 'aria-labelledby': 'dlg-title' });
    const cancel = h('button', { type: 'button', class: 'btn' }, t('Cancel'));
    const f = form([h('h2', { id: 'dlg-title' }, title), text ? h('p', {}, text) : null, fields],
      confirmLabel, async (values) => {
        const out = run ? await run(values) : values;
        dlg.close();
        resolve(out);
      }, cancel);
    cancel.addEventListener('click', () => { dlg.close(); resolve(null); });
    dlg.addEventListener('cancel', () => resolve(null));
    dlg.addEventListener('close', () => dlg.remove());
    dlg.append(f);
    document.body.append(dlg);
    dlg.showModal();
  });
}

export { field };

// ---- router ----------------------------------------------------------------------

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, q] = raw.split('?');
  return { parts: path.split('/').filter(Boolean), params: new URLSearchParams(q || '') };
}

function navLinks() {
  clear(nav);
  if (!state.me) return;
  const links = [['#/', t('Home')], ['#/clients', t('Clients')], ['#/contracts', t('Contracts')], ['#/events', t('Events')]];
  if (can('user.manage')) links.push(['#/users', t('Users')]);
  if (can('audit.list')) links.push(['#/audit', t('Journal')]);
  links.push(['#/password', t('Account')]);
  const here = '#/' + (parseHash().parts[0] || '');
  for (const [href, text] of links) {
    // The current page's own link draws it again (fresh data), as a reload would.
    nav.append(h('a', { href, 'aria-current': href === here ? 'page' : null,
      onclick: (ev) => { if (location.hash === href) { ev.preventDefault(); route(); } } }, text));
  }
  nav.append(h('button', { type: 'button', class: 'link', id: 'signout', onclick: signOut }, t('Sign out')));
  clear(who).append(state.me.name + ' · ' + state.me.department);
}

// DELETE /api/v1/session clears the cookie; ?all=true also revokes every
// token of the user issued until now (the CLI's on other machines too).
async function signOut(ev, all = false) {
  try {
    await api('DELETE', '/session' + (all ? '?all=true' : ''), undefined, { noRedirect: true });
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) { render(message(errorText(e))); return; }
  }
  state.me = null;
  clear(who);
  go('#/signin');
}

export function render(...children) {
  append(clear(main), children);
}

let routing = 0;
export async function route() {
  const seq = ++routing;
  const { parts, params } = parseHash();
  if (parts[0] === 'signin') { navLinks(); clear(who); render(signIn(params.get('next'))); return; }
  if (!state.me) {
    try {
      state.me = (await get('/me')).data;
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) render(message(errorText(e)));
      return;
    }
  }
  if (seq !== routing) return;
  navLinks();
  let view;
  try {
    view = await dispatch(parts, params);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    view = [h('h1', {}, t('Something went wrong')), message(errorText(e))];
  }
  if (seq !== routing) return;
  render(view);
  const pending = state.pendingRender;
  state.pendingRender = null;
  if (pending) {
    void main.offsetHeight; // the layout too, not only the elements
    const ms = performance.now() - pending.t0;
    document.body.dataset.listRenderMs = ms.toFixed(2);
    document.body.dataset.listRows = String(pending.rows);
    performance.measure('list-render', { start: pending.t0, end: pending.t0 + ms });
  }
  document.title = (main.querySelector('h1')?.textContent || 'Epic Events') + ' — Epic Events CRM';
  const focus = main.querySelector('[autofocus]') || main.querySelector('h1');
  if (focus) { focus.setAttribute('tabindex', focus.getAttribute('tabindex') ?? '-1'); focus.focus(); }
}

async function dispatch(parts, params) {
  const [kind, id, sub] = parts;
  switch (kind) {
    case undefined: case 'home': return pages.home();
    case 'clients': case 'contracts': case 'events':
      if (!id) return pages.list(kind, params);
      if (id === 'new') return records.createForm(kind, params);
      if (sub === 'edit') return records.editForm(kind, id);
      return records.show(kind, id);
    case 'users': return pages.list('users', params);
    case 'audit': return pages.list('audit', params);
    case 'password': return passwordPage();
    default: return [h('h1', {}, t('No such page')), h('p', {}, h('a', { href: '#/' }, t('Home')))];
  }
}

// ---- sign in, password -----------------------------------------------------------

function signIn(next) {
  const email = field(t('Email'), 'email', { type: 'email', required: true, autocomplete: 'username' });
  email.querySelector('input').setAttribute('autofocus', '');
  const f = form([email, field(t('Password'), 'password', { type: 'password', required: true, autocomplete: 'current-password' })],
    t('Sign in'), async (v) => {
      const r = await api('POST', '/session', { email: v.email, password: v.password }, { noRedirect: true });
      state.me = null;
      state.me = (await get('/me')).data || r.data.user;
      go(next && next.startsWith('#/') && !next.startsWith('#/signin') ? next : '#/');
    });
  f.id = 'signin-form';
  return [h('h1', {}, t('Sign in')), h('p', { class: 'intro' }, t('Epic Events CRM: clients, contracts and events. Sign in with your work email.')), f];
}

function passwordPage() {
  const f = form([
    field(t('Current password'), 'current', { type: 'password', required: true, autocomplete: 'current-password' }),
    field(t('New password'), 'new', { type: 'password', required: true, autocomplete: 'new-password' }),
  ], t('Change password'), async (v, el) => {
    await api('PUT', '/me/password', { current: v.current, new: v.new }, { noRedirect: true });
    el.replaceWith(message(t('Password changed.'), 'ok'));
  });
  const everywhere = h('button', { type: 'button', class: 'btn' }, t('Sign out everywhere'));
  everywhere.addEventListener('click', async () => {
    const yes = await confirmDialog(t('Sign out everywhere?'),
      t('Every session of yours ends: this browser, other browsers and the command line.'), [], t('Sign out everywhere'));
    if (yes) signOut(null, true);
  });
  return [h('h1', {}, t('Password and sessions')), h('h2', {}, t('Change password')), f,
    h('h2', {}, t('Sessions')), h('p', {}, t('Signing out here ends this browser\'s session only.')), everywhere];
}

// index.html's own words (the server chose its lang; no inline script).
document.querySelector('.skip').textContent = t('Skip to content');
nav.setAttribute('aria-label', t('Main'));
for (const p of main.querySelectorAll('p.muted')) p.textContent = t('Loading…');

// The skip link moves the focus; followed as a link it would be a route.
document.querySelector('.skip').addEventListener('click', (ev) => { ev.preventDefault(); main.focus(); });
window.addEventListener('hashchange', route);
route();
