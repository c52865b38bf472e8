// format.js — how values read on the page: amounts with two decimals,
// instants in the event's time zone (its "timezone" key when the API gives
// one, else UTC), calendar dates as they are. Amounts keep the point in
// every language (what the forms take back); dates read in the page's.

import { t, lang } from './i18n.js';

export function money(v) {
  if (v === null || v === undefined || v === '') return '';
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

const formats = new Map();
function formatter(tz) {
  if (!formats.has(tz)) {
    let f;
    try {
      f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
        timeZone: tz, year: 'numeric', month: 'short', day: '2-digit',
        hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      });
    } catch (e) {
      f = null; // an unknown zone name: UTC instead
    }
    formats.set(tz, f);
  }
  return formats.get(tz) || formatter('UTC');
}

export function zoneOf(record) {
  return (record && typeof record.timezone === 'string' && record.timezone) || 'UTC';
}

// "04 Jul 2026, 19:00 Europe/Paris"
export function instant(iso, tz = 'UTC') {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const f = formatter(tz);
  return f.format(d) + ' ' + (formats.get(tz) ? tz : 'UTC');
}

// The wall-clock parts of an instant in a zone: "2026-07-04T19:00" (for inputs).
export function localInput(iso, tz = 'UTC') {
  if (!iso) return '';
  const d = new Date(iso);
  const p = partsIn(d, tz);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

function partsIn(d, tz) {
  let f;
  try {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    });
  } catch (e) {
    return partsIn(d, 'UTC');
  }
  const o = {};
  for (const x of f.formatToParts(d)) o[x.type] = x.value;
  return o;
}

// "2026-07-04T19:00" read in tz → "2026-07-04T17:00:00Z".
export function inputToUtc(local, tz = 'UTC') {
  if (!local) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return local; // the server says what is wrong with it
  const guess = Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]);
  const p = partsIn(new Date(guess), tz);
  const shown = Date.UTC(+p.year, p.month - 1, +p.day, +p.hour, +p.minute);
  const utc = new Date(guess - (shown - guess));
  return utc.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function day(iso) {
  return iso ? String(iso).slice(0, 10) : '';
}

export function yesNo(b) {
  return b ? t('yes') : t('no');
}
