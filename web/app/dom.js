// @ts-check
/**
 * DOM helpers. Everything is built with createElement and textContent: no HTML strings, so
 * a recording title or a requester's name can never become markup (and the CSP forbids
 * inline script anyway).
 */

/**
 * @typedef {string | number | Node | null | undefined | false} Child
 * @typedef {Child | Child[] | Array<Child | Child[]> | Array<Child | Child[] | Array<Child | Child[]>>} Children
 * @typedef {Record<string, string | number | boolean | null | undefined | EventListener>} Attrs
 */

/**
 * Creates an element. Attributes: `class`, `for`, `text`, `on<event>` handlers, booleans
 * (true sets the attribute, false/null/undefined omits it), anything else as a string.
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {...Children} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/** @param {Element} el @param {Children[]} children */
export function append(el, children) {
  for (const c of /** @type {Child[]} */ (children.flat(Infinity))) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
  return el;
}

/** @param {Element} el @param {...Children} children */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let idSeq = 0;
/** @param {string} prefix */
export const uid = (prefix) => `${prefix}-${++idSeq}`;

/**
 * A labelled form field. `path` is the problem+json field path the server uses for it
 * (e.g. "body.requester.name"), so validation errors land next to the right input.
 * @param {{ label: string, name: string, path?: string, type?: string, hint?: string, required?: boolean,
 *   value?: string, options?: Array<[string, string]>, multiline?: boolean, attrs?: Attrs }} o
 */
export function field(o) {
  const id = uid(`f-${o.name}`);
  const hintId = o.hint ? `${id}-hint` : null;
  /** @type {HTMLElement} */
  let input;
  const common = { id, name: o.name, 'data-path': o.path ?? '', required: !!o.required, 'aria-describedby': hintId, ...(o.attrs ?? {}) };
  if (o.options) {
    input = h(
      'select',
      common,
      o.options.map(([v, t]) => h('option', { value: v, selected: v === o.value }, t)),
    );
  } else if (o.multiline) {
    input = h('textarea', { rows: 3, ...common });
    /** @type {HTMLTextAreaElement} */ (input).value = o.value ?? '';
  } else {
    input = h('input', { type: o.type ?? 'text', value: o.value ?? null, ...common });
  }
  return h(
    'div',
    { class: `field${o.type === 'checkbox' ? ' field-check' : ''}` },
    o.type === 'checkbox'
      ? [input, h('label', { for: id }, o.label)]
      : [h('label', { for: id, class: o.required ? 'required' : null }, o.label), input],
    hintId ? h('p', { class: 'hint', id: hintId }, o.hint) : null,
  );
}

/** @param {HTMLFormElement} form @param {string} name */
export function val(form, name) {
  const el = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name));
  if (!el) return '';
  if (el.type === 'checkbox') return el.checked ? 'true' : '';
  return el.value.trim();
}

/** Sets a message in the polite live region (screen readers announce it). @param {string} msg */
export function announce(msg) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  // A fresh text node after a tick so the same message twice is announced twice.
  setTimeout(() => {
    el.textContent = msg;
  }, 30);
}

/** @param {string} title */
export function setTitle(title) {
  document.title = `${title} – Footage Release & Retention`;
}

/** A table from rows; `cols` are [header, cell(row)] pairs. @template T
 * @param {{ caption: string, cols: Array<[string, (row: T) => Children]>, rows: T[], rowClass?: (row: T) => string, empty?: string }} o */
export function table(o) {
  if (o.rows.length === 0) return h('p', { class: 'empty' }, o.empty ?? 'Nothing to show.');
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': o.caption },
    h(
      'table',
      {},
      h('caption', {}, o.caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          // A column of buttons has no visible header; screen readers still get one.
          o.cols.map(([t]) => h('th', { scope: 'col' }, t || h('span', { class: 'visually-hidden' }, 'Actions'))),
        ),
      ),
      h(
        'tbody',
        {},
        o.rows.map((r) =>
          h(
            'tr',
            { class: o.rowClass ? o.rowClass(r) : null },
            o.cols.map(([t, c], i) => {
              // One wrapper per cell, so the stacked (phone) layout has exactly a label and a value.
              const cell = h('span', { class: 'cell' }, c(r));
              return i === 0 ? h('th', { scope: 'row', 'data-label': t }, cell) : h('td', { 'data-label': t }, cell);
            }),
          ),
        ),
      ),
    ),
  );
}

/**
 * A table column of tick boxes that keep a set of recording ids (kept across pages), for lists that
 * act on what is ticked (add to a request, destroy). `changed` runs after each tick.
 * @param {string} header @param {Set<string>} selected @param {() => void} changed
 * @returns {[string, (row: { recordingId: string }) => HTMLInputElement]}
 */
export function selectColumn(header, selected, changed) {
  return [
    header,
    (r) => {
      const box = /** @type {HTMLInputElement} */ (
        h('input', { type: 'checkbox', 'aria-label': `Select ${r.recordingId}`, checked: selected.has(r.recordingId) })
      );
      box.addEventListener('change', () => {
        if (box.checked) selected.add(r.recordingId);
        else selected.delete(r.recordingId);
        changed();
      });
      return box;
    },
  ];
}

/** Downloads a Blob under a file name (used for CSV, PDF and JSON). @param {Blob} blob @param {string} name */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
