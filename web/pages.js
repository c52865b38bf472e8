// pages.js — the home page of each department and the lists (clients,
// contracts, events, users, the journal): filters as a form that writes the
// location hash, pages of 50 with previous/next (the API's Link rel="next"),
// columns as data. A sortable column's header is a button that asks the API
// for that order (its sort parameter, kept in the hash with the filters):
// the whole list is sorted, never one page only, which would mislead.

import { get, query } from './api.js';
import { h, field } from './dom.js';
import { state, can, message, errorText, go } from './app.js';
import { money, instant, day, yesNo, zoneOf } from './format.js';
import { t } from './i18n.js';

const PAGE = 50;
const link = (kind, text) => (r) => h('a', { href: '#/' + kind + '/' + r.id }, text(r));
const linkTo = (kind, idKey, text) => (r) => (r[idKey] ? h('a', { href: '#/' + kind + '/' + r[idKey] }, text(r)) : '');

export const COLUMNS = {
  clients: [
    ['Name', link('clients', (r) => r.full_name)],
    ['Company', (r) => r.company_name],
    ['Email', (r) => r.email],
    ['Phone', (r) => r.phone],
    ['Commercial', (r) => r.commercial_name || '—'],
  ],
  contracts: [
    ['#', link('contracts', (r) => t('Contract {id}', { id: r.id }))],
    ['Client', linkTo('clients', 'client_id', (r) => r.client_name)],
    ['Total', (r) => money(r.total_amount), 'num'],
    ['Remaining', (r) => money(r.remaining_amount), 'num'],
    ['Signed', (r) => yesNo(r.is_signed)],
    ['Due', (r) => day(r.payment_due_date) || '—'],
    ['Commercial', (r) => r.commercial_name || '—'],
  ],
  events: [
    ['Event', link('events', (r) => r.name)],
    ['Client', (r) => r.client_name],
    ['Start', (r) => instant(r.start_date, zoneOf(r))],
    ['End', (r) => instant(r.end_date, zoneOf(r))],
    ['Location', (r) => r.location],
    ['Attendees', (r) => r.attendees_count, 'num'],
    ['Support', (r) => r.support_name || t('none')],
  ],
  users: [
    ['Employee', (r) => r.employee_id],
    ['Name', (r) => r.name],
    ['Email', (r) => r.email],
    ['Department', (r) => r.department],
    ['Active', (r) => yesNo(r.is_active)],
  ],
  audit: [
    ['When', (r) => instant(r.created_at)],
    ['Who', (r) => r.actor_label || '—'],
    ['Action', (r) => r.action],
    ['Record', (r) => r.entity + (r.entity_id ? ' ' + r.entity_id : '')],
    ['Details', (r) => r.details || ''],
  ],
  payments: [
    ['Paid on', (r) => day(r.paid_on)],
    ['Amount', (r) => money(r.amount), 'num'],
    ['Method', (r) => r.method || '—'],
    ['Reference', (r) => r.reference || '—'],
    ['Recorded by', (r) => r.recorded_by_name || '—'],
    ['Voided', (r) => (r.voided_at ? t('voided: {reason}', { reason: r.void_reason || '' }) : t('no'))],
  ],
};

// The API's sort column of each of COLUMNS' columns, in the same order
// (null: the API cannot sort by it at the speed of a page).
export const SORTS = {
  clients: ['full_name', 'company_name', null, null, null],
  contracts: ['id', null, 'total_amount', 'remaining_amount', null, 'payment_due_date', null],
  events: [null, null, 'start_date', null, null, 'attendees_count', null],
  users: ['employee_id', 'name', null, null, null],
};

// The sort button to focus once the list is drawn again (the one clicked).
let sortFocus = null;

// A column header; with `sort` ({ value: 'name' or '-name', go(value) }) and
// a sortable column, a button that toggles the column's direction.
function header(kind, i, title, c, sort) {
  const key = sort && SORTS[kind] && SORTS[kind][i];
  if (!key) return h('th', { scope: 'col', class: c }, title);
  const dir = sort.value === key ? 'ascending' : sort.value === '-' + key ? 'descending' : null;
  const next = dir === 'ascending' ? '-' + key : key;
  const button = h('button', {
    type: 'button', class: 'sort', 'data-sort': key, autofocus: sortFocus === key,
    onclick: () => { sortFocus = key; sort.go(next); },
  }, title, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ' ↕'));
  return h('th', { scope: 'col', class: c, 'aria-sort': dir }, button);
}

// A table of rows; `extra` adds a last column (buttons) per row; `sort`
// makes the sortable headers buttons (header()).
export function table(kind, rows, caption, extra, sort) {
  const cols = COLUMNS[kind];
  const heads = cols.map(([title, , c], i) => header(kind, i, t(title), c, sort));
  sortFocus = null;
  if (!rows.length) return h('p', { class: 'empty' }, t('None.'));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'list list-' + kind },
      caption ? h('caption', { class: 'sr-only' }, caption) : null,
      h('thead', {}, h('tr', {}, heads, extra ? h('th', {}, h('span', { class: 'sr-only' }, t('Actions'))) : null)),
      h('tbody', {}, rows.map((r) => h('tr', {},
        cols.map(([title, f, c]) => h('td', { 'data-label': t(title), class: c }, f(r))),
        extra ? h('td', { class: 'row-actions' }, extra(r)) : null)))));
}

const isCommercial = () => state.me.department === 'Commercial';
const isSupport = () => state.me.department === 'Support';
const yesNoAny = [['', t('any')], ['true', t('yes')], ['false', t('no')]];

// Filters per list: [label, query key, field options]; shown when allowed.
function filters(kind) {
  const mine = (isCommercial() || isSupport()) ? [[t('Mine only'), 'mine', { type: 'select', options: [['', t('no')], ['true', t('yes')]] }]] : [];
  switch (kind) {
    case 'clients': return [[t('Search'), 'search', { type: 'search' }], ...mine];
    case 'contracts': return [[t('Signed'), 'signed', { type: 'select', options: yesNoAny }],
      [t('Paid'), 'paid', { type: 'select', options: yesNoAny }],
      [t('Overdue'), 'overdue', { type: 'select', options: [['', t('any')], ['true', t('overdue only')]] }],
      [t('Client id'), 'client', { inputmode: 'numeric' }], ...mine];
    case 'events': return [[t('Support'), 'support', { type: 'select', options: isSupport() ? [['', t('any')], ['none', t('none')], ['me', t('me')]] : [['', t('any')], ['none', t('none')]] }],
      [t('From (UTC)'), 'from', { type: 'date' }], [t('To (UTC)'), 'to', { type: 'date' }], ...mine];
    case 'users': return [[t('Department'), 'department', { type: 'select', options: [['', t('any')], ['Commercial', 'Commercial'], ['Support', 'Support'], ['Management', 'Management']] }]];
    default: return [];
  }
}

const TITLES = { clients: t('Clients'), contracts: t('Contracts'), events: t('Events'), users: t('Users'), audit: t('Journal') };

export async function list(kind, params) {
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  const fs = filters(kind);
  const q = { limit: PAGE, offset };
  for (const [, key] of fs) if (params.get(key)) q[key] = params.get(key);
  const sorted = SORTS[kind] && params.get('sort');
  if (sorted) q.sort = sorted;
  if (q.from) q.from = q.from + 'T00:00:00Z';
  if (q.to) q.to = q.to + 'T23:59:59Z';
  const head = [h('h1', {}, TITLES[kind])];
  const create = { clients: 'client.create', contracts: 'contract.create' }[kind];
  if (create && can(create)) head.push(h('p', {}, h('a', { class: 'btn primary', href: '#/' + kind + '/new' }, t('New ' + kind.slice(0, -1)))));

  let filterForm = null;
  if (fs.length) {
    filterForm = h('form', { class: 'filters', role: 'search' },
      fs.map(([label, key, opts]) => field(label, key, { ...opts, value: params.get(key) || '' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('Apply'))));
    filterForm.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const p = {};
      for (const el of filterForm.elements) if (el.name && el.value) p[el.name] = el.value;
      if (sorted) p.sort = sorted;
      go('#/' + kind + query(p));
    });
  }
  let r;
  try {
    r = await get('/' + kind + query(q));
  } catch (e) {
    if (e.status === 401) throw e;
    return [head, filterForm, message(errorText(e))];
  }
  const t0 = performance.now();
  const rows = r.data || [];
  const pager = h('nav', { class: 'pager', 'aria-label': t('Pages') });
  const at = (o) => { const p = new URLSearchParams(params); p.set('offset', String(o)); return '#/' + kind + '?' + p; };
  if (offset > 0) pager.append(h('a', { class: 'btn', href: at(Math.max(0, offset - PAGE)), rel: 'prev' }, t('← Previous')));
  pager.append(h('span', { class: 'count' }, rows.length ? `${offset + 1}–${offset + rows.length}` : t('no rows')));
  if (r.next) pager.append(h('a', { class: 'btn', href: at(offset + PAGE), rel: 'next' }, t('Next →')));
  // A new order starts again at the first page, with the same filters.
  const sort = SORTS[kind] ? {
    value: sorted || 'id', // the API's own order when none is asked
    go: (v) => { const p = new URLSearchParams(params); p.delete('offset'); p.set('sort', v); go('#/' + kind + '?' + p); },
  } : null;
  const view = [head, filterForm, table(kind, rows, TITLES[kind], null, sort), pager];
  state.pendingRender = { t0, rows: rows.length };
  return view;
}

// ---- home pages ------------------------------------------------------------------

async function section(title, kind, path) {
  let body;
  try {
    body = table(kind, (await get(path)).data || [], title);
  } catch (e) {
    if (e.status === 401) throw e;
    body = message(errorText(e));
  }
  return h('section', { class: 'card' }, h('h2', {}, title), body);
}

function nowIso() { return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'); }

// Monday of an instant's week (UTC), "2026-07-06".
function weekOf(iso) {
  const d = new Date(iso);
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

export async function home() {
  const me = state.me;
  const head = h('h1', {}, t('Hello, {name}', { name: me.name }));
  const sub = h('p', { class: 'muted' }, me.department + ' · ' + me.email);
  if (me.department === 'Commercial') {
    return [head, sub, ...(await Promise.all([
      section(t('My clients'), 'clients', '/clients?mine=true&limit=20'),
      section(t('My unsigned contracts'), 'contracts', '/contracts?mine=true&signed=false&limit=20'),
      section(t("My clients' upcoming events"), 'events', '/events' + query({ mine: 'true', from: nowIso(), limit: 20 })),
    ]))];
  }
  if (me.department === 'Support') {
    let rows;
    try {
      rows = (await get('/events' + query({ support: 'me', from: nowIso(), limit: 200 }))).data || [];
    } catch (e) {
      if (e.status === 401) throw e;
      return [head, sub, message(errorText(e))];
    }
    const weeks = new Map();
    for (const r of rows) {
      const w = weekOf(r.start_date);
      if (!weeks.has(w)) weeks.set(w, []);
      weeks.get(w).push(r);
    }
    const agenda = [...weeks].map(([w, evs]) => h('section', { class: 'card' }, h('h2', {}, t('Week of {week}', { week: w })), table('events', evs, t('Week of {week}', { week: w }))));
    return [head, sub, h('h2', {}, t('My upcoming events')), agenda.length ? agenda : h('p', { class: 'empty' }, t('No upcoming event assigned to you.')),
      h('p', {}, h('a', { href: '#/events?support=me' }, t('All my events, past ones too')))];
  }
  return [head, sub, ...(await Promise.all([
    section(t('Unsigned contracts'), 'contracts', '/contracts?signed=false&limit=20'),
    section(t('Unpaid contracts'), 'contracts', '/contracts?paid=false&limit=20'),
    section(t('Events without support'), 'events', '/events?support=none&limit=20'),
  ]))];
}
