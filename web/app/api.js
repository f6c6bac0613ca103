// @ts-check
/**
 * Talking to the service: the session (OpenID Connect: an HttpOnly cookie this script never sees,
 * plus the CSRF token sent with every state change) or, in development mode, the bearer token
 * (localStorage until it expires, so new tabs are signed in too); JSON
 * calls, downloads that need the token (CSV, PDF), and RFC 9457 problem+json errors shown
 * with their detail and, for forms, next to the fields they name.
 */
import { announce, h, replace, saveBlob } from './dom.js';

const TOKEN_KEY = 'frrm.token';
const ROLE_KEY = 'frrm.role';

/**
 * The service's schemas by name (generated from its zod schemas by `npm run gen:web-types`).
 * @typedef {import('./api-types').components['schemas']} Schemas
 * A problem+json answer as the service sends it, or as made here for a network error (fewer members).
 * @typedef {Partial<Schemas['Problem']>} Problem
 * @typedef {{ sub: string, role: string, exp?: number, iat?: number, iss?: string }} Claims
 */

export class ApiError extends Error {
  /** @param {number} status @param {Problem} problem */
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * OpenID Connect mode: the CSRF token of the session (GET /auth/session); null in development mode.
 * @type {string | null}
 */
let csrfToken = null;
/** @param {string | null} token */
export const useSessionCsrf = (token) => {
  csrfToken = token;
};

/**
 * Development mode only (no OpenID Connect): the pasted token is kept in localStorage, so a link
 * opened in a new tab (Ctrl-click) is signed in too, with its expiry beside it; an expired token
 * is forgotten when read. With OpenID Connect no token reaches this script at all: the session is
 * an HttpOnly cookie every tab shares. localStorage is readable by any script of this origin,
 * which is acceptable only for development tokens; production sign-in is OpenID Connect.
 */
const EXP_KEY = 'frrm.tokenExp';

/** The pasted token, unless it has expired (development mode). @returns {string | null} */
export function getToken() {
  const token = localStorage.getItem(TOKEN_KEY);
  const exp = Number(localStorage.getItem(EXP_KEY) ?? '0');
  if (token && exp && exp * 1000 <= Date.now()) {
    clearToken();
    return null;
  }
  return token;
}
/** The role the server confirmed (GET /api/v1/whoami) when the token was accepted. */
export const getRole = () => (getToken() ? localStorage.getItem(ROLE_KEY) : null);

/** @param {string} token @param {string} role */
export function storeToken(token, role) {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(ROLE_KEY, role);
  const exp = decodeClaims(token)?.exp;
  if (typeof exp === 'number') localStorage.setItem(EXP_KEY, String(exp));
  else localStorage.removeItem(EXP_KEY);
}

export function clearToken() {
  for (const k of [TOKEN_KEY, ROLE_KEY, EXP_KEY]) localStorage.removeItem(k);
  // Tokens kept per tab by earlier versions of the app.
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ROLE_KEY);
}

/** Called after every answered call made with the session or token: it counts as use (idle timer). */
let onUse = () => {};
/** @param {() => void} fn */
export const setUseHandler = (fn) => {
  onUse = fn;
};

/**
 * The token's payload, decoded for display only: the signature is checked by the server on
 * every call, never here. Returns null when the text is not a JWT.
 * @param {string} token
 * @returns {Claims | null}
 */
export function decodeClaims(token) {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')), (c) => c.charCodeAt(0)));
    /** @type {unknown} */
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? /** @type {Claims} */ (claims) : null;
  } catch {
    return null;
  }
}

/** Called when the server answers 401 (expired or revoked token): the app shows sign-in. */
let onUnauthenticated = () => {};
/** @param {() => void} fn */
export const setUnauthenticatedHandler = (fn) => {
  onUnauthenticated = fn;
};

/** @param {Response} res */
async function problemOf(res) {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      /** @type {unknown} */
      const body = await res.json();
      return /** @type {Problem} */ (body);
    } catch {
      /* fall through */
    }
  }
  return {
    status: res.status,
    title: res.statusText || `HTTP ${res.status}`,
    detail: `The service answered ${res.status} ${res.statusText}.`,
  };
}

/**
 * @param {string} path API path with query string
 * @param {{ method?: string, body?: unknown, accept?: string, token?: string }} [opts]
 * @returns {Promise<Response>}
 */
export async function raw(path, opts = {}) {
  const token = opts.token ?? getToken();
  /** @type {Record<string, string>} */
  const headers = { accept: opts.accept ?? 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const method = opts.method ?? 'GET';
  // The session cookie goes by itself; a state change made with it must also carry the session's CSRF token.
  if (csrfToken && method !== 'GET' && method !== 'HEAD') headers['x-csrf-token'] = csrfToken;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const progress = method === 'GET' || method === 'HEAD' ? null : savingStarted();
  let res;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: 'The service could not be reached. Check the connection and try again.' });
  } finally {
    progress?.();
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401 && !opts.token) onUnauthenticated();
    throw new ApiError(res.status, problem);
  }
  if (!opts.token) onUse();
  return res;
}

/**
 * Saving progress for every form. A save can take seconds; the greyed button alone said nothing
 * (usability test: "no Saving… text", and screen-reader users heard nothing). The form last
 * submitted (a capture listener sees every submit) shows "Saving…" beside its buttons, announced
 * through the polite live region, while a state-changing call it started is on its way.
 * @type {{ form: HTMLFormElement, at: number } | null}
 */
let submitted = null;
if (typeof document !== 'undefined') {
  document.addEventListener(
    'submit',
    (ev) => {
      if (ev.target instanceof HTMLFormElement) submitted = { form: ev.target, at: Date.now() };
    },
    true,
  );
}

/** Marks the form being saved (if a form's submit started this call); returns what ends the mark. */
function savingStarted() {
  const s = submitted;
  // A save starts in its submit handler, perhaps after a quick look-up; anything later is not the form's.
  if (!s || Date.now() - s.at > 10_000 || !s.form.isConnected) return null;
  submitted = null;
  const form = s.form;
  const where = form.querySelector('.actions') ?? form;
  const status = h('p', { class: 'saving', 'data-testid': 'saving' }, 'Saving…');
  where.append(status);
  const buttons = /** @type {HTMLButtonElement[]} */ ([...form.querySelectorAll('button[type="submit"]')]).filter((b) => !b.disabled);
  for (const b of buttons) b.disabled = true;
  form.setAttribute('aria-busy', 'true');
  announce('Saving…');
  return () => {
    status.remove();
    for (const b of buttons) b.disabled = false;
    form.removeAttribute('aria-busy');
  };
}

/**
 * The routes, typed from the service's OpenAPI document: a route is named by its method and path
 * template as the service declares it ('GET /api/v1/recordings/{recordingId}'), and its path
 * parameters, query, body and JSON answer are the ones its schemas declare.
 * @typedef {import('./api-types').paths} Paths
 * @typedef {'get' | 'put' | 'post' | 'delete' | 'patch'} Method
 * @typedef {{ [P in keyof Paths]: { [M in Method]: Paths[P][M] extends { responses: unknown } ? `${Uppercase<M>} ${P}` : never }[Method] }[keyof Paths]} Route
 */
/**
 * @template {Route} R
 * @typedef {R extends `${infer M} ${infer P extends keyof Paths}` ? Paths[P][Lowercase<M> & Method] : never} Operation
 */
/**
 * The JSON a route answers with (every JSON route answers 200 or 201 with a body).
 * @template {Route} R
 * @typedef {Operation<R> extends { responses: infer S }
 *   ? { [C in keyof S]: C extends 200 | 201 ? S[C] extends { content: { 'application/json': infer J } } ? J : never : never }[keyof S]
 *   : never} Answer
 */
/**
 * What a call to a route sends: its path parameters (filled in, encoded), its query (the names are
 * the route's; a value that is undefined, null, '' or false is left out, as qs() does) and its body
 * (as a form sends it: FormBody).
 * @template {Route} R
 * @typedef {(Operation<R> extends { parameters: { path: infer A extends Record<string, string> } } ? { params: A } : { params?: undefined })
 *   & (Operation<R> extends { parameters: { query?: infer Q } } ? [Q] extends [undefined] ? { query?: undefined } : { query?: { [K in keyof NonNullable<Q>]?: string | number | boolean | null } } : { query?: undefined })
 *   & (Operation<R> extends { requestBody: { content: { 'application/json': infer B } } } ? { body: FormBody<B> } : Operation<R> extends { requestBody?: { content: { 'application/json': infer B } } } ? { body?: FormBody<B> } : { body?: undefined })
 *   & { token?: string }} CallOptions
 */
/**
 * A body as a form sends it: the route's members, at every depth, with the kinds of value the
 * schema gives them, but each may be left out and an enumeration's value is any text: a form sends
 * what the person filled in and chose, and the service, which validates every body, answers with
 * the field to correct, which the form shows next to it.
 * @template B
 * @typedef {B extends string ? string : B extends readonly (infer E)[] ? FormBody<E>[] : B extends object ? { [K in keyof B]?: FormBody<B[K]> } : B} FormBody
 */
/**
 * The query a route takes, by name.
 * @template {Route} R
 * @typedef {NonNullable<CallOptions<R>['query']>} Query
 */
/**
 * The options may be left out when the route takes no path parameters and needs no body.
 * @template {Route} R
 * @typedef {{} extends CallOptions<R> ? [opts?: CallOptions<R>] : [opts: CallOptions<R>]} CallArgs
 */

/**
 * A JSON call to one of the service's routes, its answer typed by the route's response schema:
 * call('GET /api/v1/recordings/{recordingId}', { params: { recordingId } }).
 * @template {Route} R
 * @param {R} route
 * @param {CallArgs<R>} args
 * @returns {Promise<Answer<R>>}
 */
export async function call(route, ...args) {
  /** @type {{ params?: Record<string, string>, query?: Record<string, string | number | boolean | null | undefined>, body?: unknown, token?: string }} */
  const opts = args[0] ?? {};
  const space = route.indexOf(' ');
  const method = route.slice(0, space);
  const params = opts.params ?? {};
  const path = route.slice(space + 1).replace(/\{(\w+)\}/g, (_m, /** @type {string} */ name) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for {${name}}`);
    return enc(value);
  });
  const res = await raw(`${path}${qs(opts.query ?? {})}`, { method, body: opts.body, token: opts.token });
  /** @type {unknown} */
  const body = await res.json();
  return /** @type {Answer<R>} */ (body);
}

/** @param {Record<string, string | number | boolean | null | undefined>} params */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** @param {string} s */
export const enc = (s) => encodeURIComponent(s);

/**
 * A problem as a block: title, detail, request id, and the field errors not shown elsewhere.
 * @param {unknown} err
 */
export function problemBlock(err) {
  const p =
    err instanceof ApiError ? err.problem : { title: 'Something went wrong', detail: err instanceof Error ? err.message : String(err) };
  return h(
    'div',
    { class: 'problem' },
    h('p', { class: 'problem-title' }, p.title ?? 'Something went wrong'),
    p.detail ? h('p', {}, inWords(p.detail, null)) : null,
    p.errors && p.errors.length > 0
      ? h(
          'ul',
          {},
          p.errors.map((e) => h('li', {}, `${fieldName(e.path, null)}: ${friendly(e.message)}`)),
        )
      : null,
    p.requestId ? h('p', { class: 'muted small' }, `Request id ${p.requestId}`) : null,
  );
}

/**
 * An asynchronous event handler where the DOM calls a void one (addEventListener, onclick): what
 * it does not catch itself is shown in the page's alert region like any other error.
 * @template {Event} E
 * @param {(ev: E) => Promise<void>} fn
 * @returns {(ev: E) => void}
 */
export const handler = (fn) => (ev) => {
  fn(ev).catch(showError);
};

/** Shows an error in the page's alert region (announced at once by screen readers). @param {unknown} err */
export function showError(err) {
  const region = document.getElementById('alert');
  if (!region) return;
  replace(
    region,
    h(
      'div',
      { class: 'alert' },
      problemBlock(err),
      h('button', { type: 'button', class: 'link-button', onclick: () => replace(region) }, 'Dismiss'),
    ),
  );
}

export function clearError() {
  const region = document.getElementById('alert');
  if (region) replace(region);
}

/** @param {HTMLFormElement} form */
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const d = (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .filter((x) => x && !x.endsWith('-err'))
      .join(' ');
    if (d) el.setAttribute('aria-describedby', d);
    else el.removeAttribute('aria-describedby');
  }
  const summary = form.querySelector('.form-problem');
  if (summary) replace(summary);
}

/**
 * The validator's wording for the commonest mistakes, in words for staff; anything else is
 * shown as the service wrote it, with API field names turned into words.
 * @param {string} message
 */
export function friendly(message) {
  if (/received undefined|expected string to have >=1 characters|must not be blank/.test(message)) return 'Required.';
  if (/^Invalid option: expected one of/.test(message)) return 'Choose one of the options.';
  if (/^Invalid ISO date$/.test(message)) return 'Enter a date.';
  if (/^Invalid ISO datetime/.test(message)) return 'Enter a date and time.';
  if (/expected array to have >=1 items/.test(message)) return 'Choose at least one.';
  if (/expected number, received/.test(message)) return 'Enter a number.';
  let m = /^Too big: expected number to be <=?(\d+)/.exec(message);
  if (m) return `At most ${m[1]}.`;
  m = /^Too small: expected number to be >=?(\d+)/.exec(message);
  if (m) return `At least ${m[1]}.`;
  m = /^Too big: expected string to have <=?(\d+) characters/.exec(message);
  if (m) return `At most ${m[1]} characters.`;
  m = /^must not be after today \(([\d-]+)\)$/.exec(message);
  if (m) return 'Must not be after today.';
  if (message === 'must not be after now') return 'Must not be in the future.';
  if (/^a release order must say to whom it releases/.test(message)) return 'Choose “Everyone”, or tick the requesters the order names.';
  return inWords(message, null);
}

/**
 * The words a form uses for a field the service names by its path ("body.requester.name"): the
 * label of the form's input for that path (or its nearest parent path), else the path's last
 * name split into words ("receivedAt" -> "received at").
 * @param {string} path @param {HTMLFormElement | null} form
 */
export function fieldName(path, form) {
  if (form) {
    for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      const target = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
      if (!target) continue;
      const text =
        target instanceof HTMLFieldSetElement
          ? target.querySelector('legend')?.textContent
          : target.id
            ? form.querySelector(`label[for="${CSS.escape(target.id)}"]`)?.textContent
            : null;
      if (text) return text.trim();
    }
  }
  const last =
    path
      .replace(/\[\d+\]/g, '')
      .split('.')
      .filter((x) => x && !/^\d+$/.test(x) && !['body', 'query', 'params'].includes(x))
      .pop() ?? path;
  const words = last.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A service message in the form's words: API paths ("body.date", "query.knownAt") and bare field
 * names a form labels become their labels; route hints ("(POST /api/v1/…)") and status codes go.
 * @param {string} text @param {HTMLFormElement | null} form
 */
export function inWords(text, form) {
  let out = text
    .replace(/\s*\((?:GET|PUT|POST|PATCH|DELETE) \/api\/[^)]*\)/g, '')
    .replace(/\s*\((?:[1-5]\d\d)\)/g, '')
    .replace(/\b(?:body|query|params)\.[\w.[\]]+/g, (p) => `“${fieldName(p, form)}”`);
  if (form) {
    for (const el of form.querySelectorAll('[data-path]')) {
      const path = el.getAttribute('data-path') ?? '';
      const name = path.split('.').pop() ?? '';
      if (name.length < 4 || !/[A-Z]/.test(name)) continue; // only camelCase API names, never plain words
      out = out.replace(new RegExp(`\\b${name}\\b`, 'g'), `“${fieldName(path, form)}”`);
    }
  }
  return out;
}

/**
 * Puts each problem+json `errors[]` entry next to the input whose data-path matches
 * (exactly, or as the nearest prefix: "body.recordingIds.0" -> "body.recordingIds"); the
 * rest go in the form's summary with the detail. Focuses the first invalid field.
 * @param {HTMLFormElement} form
 * @param {unknown} err
 */
export function showFormErrors(form, err) {
  clearFieldErrors(form);
  const summary = form.querySelector('.form-problem');
  const errors = err instanceof ApiError ? (err.problem.errors ?? []) : [];
  /** @type {HTMLElement | null} */
  let first = null;
  /** @type {typeof errors} */
  const unplaced = [];
  for (const e of errors) {
    let target = null;
    for (let p = e.path; p && !target; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
      target = /** @type {HTMLElement | null} */ (form.querySelector(`[data-path="${CSS.escape(p)}"]`));
    }
    if (!target) {
      unplaced.push(e);
      continue;
    }
    const id = `${target.id}-err`;
    const existing = document.getElementById(id);
    const text = inWords(friendly(e.message), form);
    if (existing) {
      if (!existing.textContent?.includes(text)) existing.append(` ${text}`);
      continue;
    }
    target.setAttribute('aria-invalid', 'true');
    target.setAttribute('aria-describedby', `${target.getAttribute('aria-describedby') ?? ''} ${id}`.trim());
    (target.closest('.field') ?? target).append(h('p', { class: 'field-error', id }, text));
    first ??= target;
  }
  if (summary) {
    const p = err instanceof ApiError ? err.problem : null;
    // Field errors speak for themselves next to their fields (the detail only repeats the first one
    // in API words); otherwise the service's detail is shown in the form's words. Never a status code.
    const placed = errors.length > unplaced.length;
    const detail = placed && unplaced.length === 0 ? null : (p?.detail ?? (err instanceof Error ? err.message : String(err)));
    replace(
      summary,
      h(
        'div',
        { class: 'problem', role: 'alert' },
        h('p', { class: 'problem-title' }, placed ? 'Not saved: please correct the marked fields.' : (p?.title ?? 'Not saved')),
        detail ? h('p', {}, inWords(detail, form)) : null,
        unplaced.length > 0
          ? h(
              'ul',
              {},
              unplaced.map((e) => h('li', {}, `${fieldName(e.path, form)}: ${inWords(friendly(e.message), form)}`)),
            )
          : null,
        placed
          ? h(
              'ul',
              { class: 'small' },
              errors
                .filter((e) => !unplaced.includes(e))
                .map((e) => h('li', {}, `${fieldName(e.path, form)}: ${inWords(friendly(e.message), form)}`)),
            )
          : null,
      ),
    );
  }
  if (first) first.focus();
  else if (summary instanceof HTMLElement) {
    summary.tabIndex = -1;
    summary.focus();
  }
}

/**
 * Fetches a file with the token and saves it (a plain link cannot send the Authorization header).
 * @param {string} path @param {string} fallbackName @param {string} accept
 */
export async function download(path, fallbackName, accept) {
  const res = await raw(path, { accept });
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename="?([^";]+)"?/.exec(cd);
  saveBlob(blob, m?.[1] ?? fallbackName);
}
