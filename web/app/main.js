// @ts-check
/**
 * The app shell: hash routing, navigation by role, identity bar and sign-in. Each screen
 * is a module exporting `render(main, ctx)`; the role the server confirmed decides which
 * screens are offered (the server still checks every call against its access table).
 */
import { ApiError, api, clearError, clearToken, decodeClaims, getRole, getToken, problemBlock, setUnauthenticatedHandler, showError, storeToken } from './api.js';
import { announce, field, h, replace, setTitle } from './dom.js';
import { dateTime } from './format.js';

/**
 * @typedef {{ role: string, sub: string, params: string[], query: URLSearchParams }} ScreenCtx
 * @typedef {{ path: string, label: string, roles: string[], load: () => Promise<{ render: (main: HTMLElement, ctx: ScreenCtx) => Promise<void> | void }> }} Screen
 */

/** @type {Screen[]} */
const SCREENS = [
  { path: 'release', label: 'Release check', roles: ['clerk', 'prosecutor', 'auditor', 'admin'], load: () => import('./release-check.js') },
  { path: 'requests', label: 'Requests', roles: ['clerk', 'auditor', 'admin'], load: () => import('./requests.js') },
  { path: 'cases', label: 'Cases', roles: ['prosecutor', 'clerk', 'auditor', 'admin'], load: () => import('./cases.js') },
  { path: 'retention', label: 'Retention', roles: ['auditor', 'admin'], load: () => import('./retention.js') },
  { path: 'audit', label: 'Audit trail', roles: ['auditor', 'admin'], load: () => import('./audit.js') },
];

/** The first screen of each role: what that person does most. @type {Record<string, string>} */
const HOME = { clerk: 'release', prosecutor: 'cases', auditor: 'retention', admin: 'requests' };

/** Navigation order per role (most used first). @param {string} role */
function screensFor(role) {
  const order = { clerk: ['release', 'requests', 'cases'], prosecutor: ['cases', 'release'], auditor: ['retention', 'audit', 'requests', 'release', 'cases'] }[role];
  const allowed = SCREENS.filter((s) => s.roles.includes(role));
  return order ? order.map((p) => allowed.find((s) => s.path === p)).filter((s) => !!s) : allowed;
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = raw.split('?');
  return { segments: p.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q) };
}

/** @param {string} path */
export function go(path) {
  const target = `#/${path}`;
  if (location.hash === target) route();
  else location.hash = target;
}

function renderNav() {
  const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
  const idBox = /** @type {HTMLElement} */ (document.getElementById('identity'));
  const token = getToken();
  const role = getRole();
  if (!token || !role) {
    replace(nav);
    replace(idBox);
    return;
  }
  const current = parseHash().segments[0] ?? '';
  replace(nav, h('ul', {}, screensFor(role).map((s) => h('li', {}, h('a', { href: `#/${s.path}`, 'aria-current': s.path === current ? 'page' : null }, s.label)))));
  const claims = decodeClaims(token);
  replace(idBox,
    h('span', { class: 'who' }, h('strong', {}, claims?.sub ?? 'signed in'), ` · ${role}`),
    claims?.exp ? h('span', { class: 'muted small until' }, `until ${dateTime(new Date(claims.exp * 1000).toISOString())}`) : null,
    h('button', { type: 'button', class: 'secondary small-button', onclick: signOut }, 'Sign out'),
  );
}

function signOut() {
  clearToken();
  renderNav();
  announce('Signed out.');
  go('signin');
}

/** @type {string | null} */
let signinNotice = null;

setUnauthenticatedHandler(() => {
  clearToken();
  signinNotice = 'Your session has ended or the token was refused. Sign in again with a new token.';
  renderNav();
  if (parseHash().segments[0] !== 'signin') go('signin');
});

/** @param {HTMLElement} main */
function renderSignin(main) {
  setTitle('Sign in');
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'card narrow', novalidate: true }));
  const preview = h('div', { class: 'claims', 'aria-live': 'polite' });
  const tokenField = field({
    label: 'Access token', name: 'token', multiline: true, required: true,
    hint: 'Paste the token your identity provider issued. For local use: npm run token -- --role clerk --sub jdoe --ttl 8h',
    attrs: { autocomplete: 'off', spellcheck: 'false', rows: 5, class: 'mono' },
  });
  const input = /** @type {HTMLTextAreaElement} */ (tokenField.querySelector('textarea'));
  const showClaims = () => {
    const text = input.value.trim();
    if (!text) return replace(preview);
    const c = decodeClaims(text);
    if (!c) return replace(preview, h('p', { class: 'field-error' }, 'This does not look like a token (three dot-separated parts).'));
    const expired = typeof c.exp === 'number' && c.exp * 1000 < Date.now();
    replace(preview,
      h('p', { class: 'small muted' }, 'Read from the token in this browser, for display only; the service checks the signature.'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'User'), h('dd', {}, c.sub ?? '—'),
        h('dt', {}, 'Role'), h('dd', {}, c.role ?? '—'),
        h('dt', {}, 'Expires'), h('dd', { class: expired ? 'bad-text' : null }, c.exp ? `${dateTime(new Date(c.exp * 1000).toISOString())}${expired ? ' (expired)' : ''}` : '—'),
      ));
  };
  input.addEventListener('input', showClaims);
  const problem = h('div', { class: 'form-problem', 'aria-live': 'assertive' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(problem);
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
      replace(problem, h('p', { class: 'field-error', role: 'alert' }, 'Paste a token first.'));
      input.focus();
      return;
    }
    try {
      const me = await api('/api/v1/whoami', { token });
      storeToken(token, me.role);
      signinNotice = null;
      announce(`Signed in as ${me.sub}, ${me.role}.`);
      renderNav();
      go(HOME[me.role] ?? screensFor(me.role)[0]?.path ?? 'none');
    } catch (err) {
      replace(problem, h('div', { role: 'alert' }, problemBlock(err)));
      input.focus();
    }
  });
  replace(form,
    h('h1', { tabindex: -1 }, 'Sign in'),
    signinNotice ? h('p', { class: 'notice', role: 'status' }, signinNotice) : null,
    h('p', {}, 'Staff sign in with the access token from the department\'s identity provider. The token is kept only in this browser tab and is forgotten when the tab closes.'),
    tokenField, preview, problem,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')),
  );
  replace(main, form);
}

async function route() {
  const main = /** @type {HTMLElement} */ (document.getElementById('main'));
  const { segments, query } = parseHash();
  const token = getToken();
  const role = getRole();
  clearError();
  renderNav();
  if (!token || !role || segments[0] === 'signin') {
    if (token && role && segments[0] === 'signin') {
      // Already signed in: offer to switch user.
      clearToken();
      renderNav();
    }
    renderSignin(main);
    focusHeading(main);
    return;
  }
  const screens = screensFor(role);
  const screen = screens.find((s) => s.path === segments[0]);
  if (!screen) {
    if (segments[0] && SCREENS.some((s) => s.path === segments[0])) {
      setTitle('Not available');
      replace(main, h('h1', { tabindex: -1 }, 'Not available for your role'), h('p', {}, `The role ${role} cannot use this screen.`));
      focusHeading(main);
      return;
    }
    const home = HOME[role] ?? screens[0]?.path;
    if (home) return go(home);
    setTitle('No screens');
    replace(main, h('h1', { tabindex: -1 }, 'Nothing to show for this role'), h('p', {}, `The role ${role} has no screens in this app (it is used by systems, not people).`));
    focusHeading(main);
    return;
  }
  // Each navigation renders into a fresh element: if the user moves on before a slow answer
  // arrives, the late render lands in a detached element instead of over the new screen.
  const view = h('div', { class: 'view' }, h('p', { class: 'loading' }, 'Loading…'));
  replace(main, view);
  try {
    const mod = await screen.load();
    const claims = decodeClaims(token);
    await mod.render(view, { role, sub: claims?.sub ?? '', params: segments.slice(1), query });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return; // sign-in is already shown
    replace(view, h('h1', { tabindex: -1 }, screen.label), problemBlock(err));
    if (!(err instanceof ApiError)) showError(err);
  }
  if (view.isConnected) focusHeading(main);
}

/** Moves focus to the new screen's heading so keyboard and screen-reader users start there. @param {HTMLElement} main */
function focusHeading(main) {
  const h1 = /** @type {HTMLElement | null} */ (main.querySelector('h1'));
  if (h1) {
    h1.tabIndex = -1;
    h1.focus({ preventScroll: false });
    announce(h1.textContent ?? '');
  }
}

/**
 * An identity provider may hand the token over in the URL fragment after its sign-in
 * (…/#access_token=eyJ…): the fragment never reaches the server; it is moved into
 * sessionStorage and removed from the address bar and history at once.
 */
async function acceptFragmentToken() {
  const m = /^#access_token=([A-Za-z0-9_.-]+)/.exec(location.hash);
  if (!m || !m[1]) return;
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
  try {
    const me = await api('/api/v1/whoami', { token: m[1] });
    storeToken(m[1], me.role);
  } catch (err) {
    signinNotice = `The token from the identity provider was refused: ${err instanceof Error ? err.message : String(err)}`;
  }
}

window.addEventListener('hashchange', () => void route());
await acceptFragmentToken();
await route();
