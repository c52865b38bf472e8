// dom.js — building the page's elements. Text always goes in as text nodes
// (never innerHTML), so a stored "<img onerror=...>" stays a string.

// h('a', {href: '#/clients', class: 'btn', onclick: fn}, 'text', child...)
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A labelled field: label, control, and the place for the server's message.
let fieldSeq = 0;
export function field(label, name, opts = {}) {
  const id = 'f-' + name + '-' + (++fieldSeq);
  let control;
  if (opts.type === 'select') {
    control = h('select', { id, name, required: opts.required },
      (opts.options || []).map(([v, t]) => h('option', { value: v }, t)));
    if (opts.value !== undefined && opts.value !== null) control.value = String(opts.value);
  } else if (opts.type === 'textarea') {
    control = h('textarea', { id, name, rows: 3 });
    control.value = opts.value ?? '';
  } else {
    control = h('input', {
      id, name, type: opts.type || 'text', required: opts.required,
      autocomplete: opts.autocomplete || 'off', inputmode: opts.inputmode,
      step: opts.step, min: opts.min, value: opts.value ?? '',
    });
  }
  const msg = h('p', { class: 'field-error', id: id + '-error', hidden: true });
  control.setAttribute('aria-describedby', msg.id);
  return h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label, opts.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control, msg);
}

export function showFieldError(form, name, text) {
  const box = form.querySelector('[data-field="' + CSS.escape(name) + '"]');
  if (!box) return false;
  const msg = box.querySelector('.field-error');
  const control = box.querySelector('input, select, textarea');
  msg.textContent = text;
  msg.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  control.focus();
  return true;
}

export function clearErrors(form) {
  for (const m of form.querySelectorAll('.field-error')) { m.textContent = ''; m.hidden = true; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  const top = form.querySelector('.form-error');
  if (top) { top.textContent = ''; top.hidden = true; }
}
