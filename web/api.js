// api.js — the page's only way to the server: fetch on /api/v1 with the
// session cookie (same origin; the browser adds Origin to unsafe methods,
// which the server checks). Errors come back as ApiError carrying the
// problem+json body; a 401 sends the user to sign in, a server that does
// not answer raises the banner.

import { t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || t('the server answered {status}', { status }));
    this.status = status;
    this.problem = problem || {};
    this.field = this.problem.field || null;
  }
}

const hooks = { unauthorized: () => {}, down: () => {}, up: () => {} };
export function onApi(name, fn) { hooks[name] = fn; }

export async function api(method, path, body, opts = {}) {
  const init = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch('/api/v1' + path, init);
  } catch (e) {
    hooks.down(t('The server cannot be reached. Check the connection; nothing was saved.'));
    throw new ApiError(0, { detail: t('the server cannot be reached') });
  }
  let data = null;
  const type = r.headers.get('Content-Type') || '';
  if (r.status !== 204 && r.status !== 304 && type.includes('json')) {
    try { data = await r.json(); } catch (e) { data = null; }
  }
  if (r.status >= 500 && r.status !== 501) {
    hooks.down((data && data.detail) ? t('The server has a problem: {detail}', { detail: data.detail })
      : t('The server has a problem ({status}). Try again in a moment.', { status: r.status }));
  } else {
    hooks.up();
  }
  if (!r.ok) {
    const err = new ApiError(r.status, data);
    if (r.status === 401 && !opts.noRedirect) hooks.unauthorized(err);
    throw err;
  }
  return { status: r.status, data, next: /rel="next"/.test(r.headers.get('Link') || '') };
}

export const get = (path, opts) => api('GET', path, undefined, opts);

// "?a=1&b=x" from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined && v !== false) q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
