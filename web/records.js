// records.js — one client, contract or event with its related records
// (client → its contracts → their events; contract → payments, events),
// the buttons its permissions allow (sign, pay, void, assign: each asks
// first), and the create/edit forms.

import { api, get, query, ApiError } from './api.js';
import { h, field } from './dom.js';
import { can, form, go, confirmDialog, message, errorText, state } from './app.js';
import { table } from './pages.js';
import { money, instant, day, yesNo, zoneOf, localInput, inputToUtc } from './format.js';
import { t } from './i18n.js';

const SINGULAR = { clients: 'client', contracts: 'contract', events: 'event' };

function details(pairs) {
  return h('dl', { class: 'details' }, pairs.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v === '' || v === null || v === undefined ? '—' : v)]));
}

async function safe(promise, fallback = []) {
  try { return (await promise).data || fallback; } catch (e) {
    if (e.status === 401) throw e;
    return e;
  }
}
const block = (title, kind, rows, extra) => h('section', { class: 'card' }, h('h2', {}, title),
  rows instanceof Error ? message(errorText(rows)) : table(kind, rows, title, extra));

function button(text, onclick, cls = 'btn') {
  return h('button', { type: 'button', class: cls, onclick }, text);
}

// Runs an action after its confirmation, then shows the record again.
async function act(title, text, fields, label, run) {
  const done = await confirmDialog(title, text, fields, label, run);
  if (done) go(location.hash.split('?')[0] + '?t=' + Date.now());
}

export async function show(kind, id) {
  const rec = (await get('/' + kind + '/' + encodeURIComponent(id))).data;
  if (kind === 'clients') return showClient(rec);
  if (kind === 'contracts') return showContract(rec);
  return showEvent(rec);
}

async function showClient(c) {
  const buttons = [];
  if (can('client.update', c.commercial_contact_id)) buttons.push(h('a', { class: 'btn', href: '#/clients/' + c.id + '/edit' }, t('Edit client')));
  if (can('contract.create')) buttons.push(h('a', { class: 'btn', href: '#/contracts/new?client=' + c.id }, t('New contract')));
  const contracts = await safe(get('/contracts' + query({ client: c.id, limit: 'all' })));
  const events = contracts instanceof Error ? [] : await Promise.all(contracts.map((k) => safe(get('/events' + query({ contract: k.id, limit: 'all' })))));
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/clients' }, t('Clients'))),
    h('h1', {}, c.full_name),
    details([[t('Company'), c.company_name], [t('Email'), c.email], [t('Phone'), c.phone], [t('Commercial'), c.commercial_name],
      [t('Created'), instant(c.creation_date)], [t('Updated'), instant(c.last_update)]]),
    h('div', { class: 'actions' }, buttons),
    block(t('Contracts'), 'contracts', contracts),
    contracts instanceof Error ? null : contracts.map((k, i) => (events[i] instanceof Error || events[i].length)
      ? block(t('Events of contract {id}', { id: k.id }), 'events', events[i]) : null),
  ];
}

function paymentFields(c) {
  return [
    field(t('Amount (at most {amount})', { amount: money(c.remaining_amount) }), 'amount', { required: true, inputmode: 'decimal' }),
    field(t('Paid on (empty: today)'), 'paid_on', { type: 'date' }),
    field(t('Method'), 'method', { type: 'select', options: [['', '—'], ['transfer', t('transfer')], ['card', t('card')], ['cash', t('cash')], ['cheque', t('cheque')], ['other', t('other')]] }),
    field(t('Reference'), 'reference'),
  ];
}

async function showContract(c) {
  const own = c.commercial_contact_id;
  const buttons = [];
  if (can('contract.update', own)) buttons.push(h('a', { class: 'btn', href: '#/contracts/' + c.id + '/edit' }, t('Edit contract')));
  if (!c.is_signed && can('contract.sign', own)) {
    buttons.push(button(t('Sign contract'), () => act(t('Sign contract {id}?', { id: c.id }),
      t('Client {client}, total {total}. A signed contract cannot be unsigned.', { client: c.client_name, total: money(c.total_amount) }), [], t('Sign'),
      () => api('POST', '/contracts/' + c.id + '/sign')), 'btn primary'));
  }
  if (c.is_signed && Number(c.remaining_amount) > 0 && can('contract.pay', own)) {
    buttons.push(button(t('Record a payment'), () => act(t('Payment on contract {id}', { id: c.id }), t('Remaining: {amount}.', { amount: money(c.remaining_amount) }),
      paymentFields(c), t('Record payment'), (v) => api('POST', '/contracts/' + c.id + '/payments', strip(v)))));
  }
  if (c.is_signed && can('event.create', own)) buttons.push(h('a', { class: 'btn', href: '#/events/new?contract=' + c.id }, t('New event')));
  const [payments, events] = await Promise.all([
    safe(get('/payments' + query({ contract: c.id, limit: 'all' }))),
    safe(get('/events' + query({ contract: c.id, limit: 'all' }))),
  ]);
  const voidButton = can('payment.void') ? (p) => (p.voided_at ? '' : button(t('Void'), () => act(t('Void payment {id}?', { id: p.id }),
    t('{amount} will be owed again.', { amount: money(p.amount) }), [field(t('Reason'), 'reason', { required: true })], t('Void payment'),
    (v) => api('POST', '/payments/' + p.id + '/void', { reason: v.reason })))) : null;
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/contracts' }, t('Contracts')), ' · ', h('a', { href: '#/clients/' + c.client_id }, c.client_name)),
    h('h1', {}, t('Contract {id}', { id: c.id })),
    details([[t('Client'), h('a', { href: '#/clients/' + c.client_id }, c.client_name)], [t('Commercial'), c.commercial_name],
      [t('Total'), money(c.total_amount)], [t('Remaining'), money(c.remaining_amount)], [t('Signed'), yesNo(c.is_signed)],
      [t('Payment due'), day(c.payment_due_date)], [t('Created'), instant(c.creation_date)]]),
    h('div', { class: 'actions' }, buttons),
    block(t('Payments'), 'payments', payments, voidButton),
    block(t('Events'), 'events', events),
  ];
}

async function showEvent(e) {
  const tz = zoneOf(e);
  const buttons = [];
  if (can('event.update', state.me.department === 'Support' ? e.support_contact_id : undefined)) {
    buttons.push(h('a', { class: 'btn', href: '#/events/' + e.id + '/edit' }, t('Edit event')));
  }
  if (can('event.assign')) {
    buttons.push(button(e.support_contact_id ? t('Change support') : t('Assign support'), async () => {
      let staff;
      try { staff = (await get('/users?department=Support&limit=all')).data || []; } catch (err) {
        if (err.status !== 401) confirmDialog(t('Cannot assign'), errorText(err), [], t('OK'));
        return;
      }
      act(t('Assign support to {name}', { name: e.name }), null,
        [field(t('Support contact'), 'support_contact_id', { type: 'select', required: true, value: e.support_contact_id,
          options: staff.filter((u) => u.is_active !== false).map((u) => [u.id, u.name + ' (' + u.email + ')']) })],
        t('Assign'), (v) => api('POST', '/events/' + e.id + '/assign', { support_contact_id: Number(v.support_contact_id) }));
    }, 'btn primary'));
  }
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/events' }, t('Events')), ' · ', h('a', { href: '#/contracts/' + e.contract_id }, t('Contract {id}', { id: e.contract_id }))),
    h('h1', {}, e.name),
    details([[t('Client'), e.client_name], [t('Contract'), h('a', { href: '#/contracts/' + e.contract_id }, t('Contract {id}', { id: e.contract_id }))],
      [t('Start'), instant(e.start_date, tz)], [t('End'), instant(e.end_date, tz)], [t('Location'), e.location],
      [t('Attendees'), String(e.attendees_count)], [t('Support'), e.support_name || t('none')], [t('Notes'), e.notes]]),
    h('div', { class: 'actions' }, buttons),
  ];
}

// ---- forms --------------------------------------------------------------------

// Empty optional values are left out.
function strip(v) {
  const o = {};
  for (const [k, x] of Object.entries(v)) if (x !== '') o[k] = x;
  return o;
}

function integer(v, name, label) {
  if (v[name] === undefined) return;
  if (!/^\s*\d+\s*$/.test(v[name])) throw new ApiError(422, { detail: t('{label} must be a whole number', { label }), field: name });
  v[name] = Number(v[name]);
}

function fieldsFor(kind, r, params) {
  r = r || {};
  const tz = zoneOf(r);
  if (kind === 'clients') {
    return [field(t('Full name'), 'full_name', { required: true, value: r.full_name }),
      field(t('Email'), 'email', { type: 'email', required: true, value: r.email }),
      field(t('Phone'), 'phone', { type: 'tel', required: true, value: r.phone }),
      field(t('Company'), 'company_name', { required: true, value: r.company_name })];
  }
  if (kind === 'contracts') {
    return [r.id ? null : field(t('Client id'), 'client_id', { required: true, inputmode: 'numeric', value: params.get('client') }),
      field(t('Total amount'), 'total_amount', { required: true, inputmode: 'decimal', value: r.total_amount }),
      field(t('Remaining amount'), 'remaining_amount', { inputmode: 'decimal', value: r.remaining_amount }),
      field(t('Payment due'), 'payment_due_date', { type: 'date', value: day(r.payment_due_date) })];
  }
  return [r.id ? null : field(t('Contract id'), 'contract_id', { required: true, inputmode: 'numeric', value: params.get('contract') }),
    field(t('Name'), 'name', { required: true, value: r.name }),
    field(t('Start ({tz})', { tz }), 'start_date', { type: 'datetime-local', required: true, value: localInput(r.start_date, tz) }),
    field(t('End ({tz})', { tz }), 'end_date', { type: 'datetime-local', required: true, value: localInput(r.end_date, tz) }),
    field(t('Location'), 'location', { required: true, value: r.location }),
    field(t('Attendees'), 'attendees_count', { type: 'number', min: 0, required: true, value: r.attendees_count }),
    field(t('Notes'), 'notes', { type: 'textarea', value: r.notes })];
}

function body(kind, v, tz) {
  if (kind === 'contracts') integer(v, 'client_id', t('Client id'));
  if (kind === 'events') {
    integer(v, 'contract_id', t('Contract id'));
    integer(v, 'attendees_count', t('Attendees'));
    for (const k of ['start_date', 'end_date']) if (v[k]) v[k] = inputToUtc(v[k], tz);
  }
  return v;
}

export function createForm(kind, params) {
  const f = form(fieldsFor(kind, null, params), t('Create ' + SINGULAR[kind]), async (v) => {
    const r = await api('POST', '/' + kind, body(kind, strip(v), 'UTC'));
    go('#/' + kind + '/' + r.data.id);
  }, h('a', { class: 'btn', href: '#/' + kind }, t('Cancel')));
  f.id = kind + '-form';
  f.querySelector('input, select, textarea')?.setAttribute('autofocus', '');
  return [h('h1', {}, t('New ' + SINGULAR[kind])), f];
}

export async function editForm(kind, id) {
  const rec = (await get('/' + kind + '/' + encodeURIComponent(id))).data;
  const tz = zoneOf(rec);
  const f = form(fieldsFor(kind, rec), t('Save'), async (v) => {
    const changed = {};
    for (const [k, x] of Object.entries(v)) if (x !== before[k]) changed[k] = x;
    if (Object.keys(changed).length) await api('PATCH', '/' + kind + '/' + rec.id, body(kind, changed, tz));
    go('#/' + kind + '/' + rec.id);
  }, h('a', { class: 'btn', href: '#/' + kind + '/' + rec.id }, t('Cancel')));
  const before = {}; // what the record had: only changes are sent
  for (const el of f.elements) if (el.name) before[el.name] = el.value;
  f.id = kind + '-form';
  f.querySelector('input, select, textarea')?.setAttribute('autofocus', '');
  return [h('h1', {}, kind === 'clients' ? t('Edit client: {name}', { name: rec.full_name }) : t('Edit ' + SINGULAR[kind] + ' {id}', { id: rec.id })), f];
}
