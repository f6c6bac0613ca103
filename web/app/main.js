// @ts-check
/**
 * The app shell: hash routing, navigation by role, identity bar and sign-in. Each screen
 * is a module exporting `render(main, ctx)`; the role the server confirmed decides which
 * screens are offered (the server still checks every call against its access table).
 *
 * Sign-in depends on the service (GET /auth/session): with OpenID Connect configured, staff
 * sign in through the department's identity provider and the browser holds only an HttpOnly
 * session cookie (this script never sees a token); otherwise (development mode) a token is pasted.
 */
import {
  ApiError,
  call,
  clearError,
  clearToken,
  decodeClaims,
  getRole,
  getToken,
  handler,
  problemBlock,
  setUnauthenticatedHandler,
  setUseHandler,
  showError,
  storeToken,
  useSessionCsrf,
} from './api.js';
import { draftScreen, dropDraft, noteUse, restoreDraft, saveDraft, stopWatching, watchSession } from './session.js';
import { announce, field, h, replace, setTitle } from './dom.js';
import { dateTime, useVocabulary } from './format.js';

/**
 * @typedef {{ role: string, sub: string, params: string[], query: URLSearchParams }} ScreenCtx
 * @typedef {{ path: string, label: string, roles: string[], load: () => Promise<{ render: (main: HTMLElement, ctx: ScreenCtx) => Promise<void> | void }> }} Screen
 */

/** @type {Screen[]} */
const SCREENS = [
  {
    path: 'release',
    label: 'Release check',
    roles: ['clerk', 'prosecutor', 'auditor', 'counsel', 'admin'],
    load: () => import('./release-check.js'),
  },
  { path: 'search', label: 'Search', roles: ['clerk', 'prosecutor', 'auditor', 'counsel', 'admin'], load: () => import('./search.js') },
  { path: 'upcoming', label: 'Upcoming changes', roles: ['clerk', 'prosecutor', 'auditor', 'admin'], load: () => import('./upcoming.js') },
  {
    path: 'review',
    label: 'Review queue',
    roles: ['clerk', 'prosecutor', 'counsel', 'auditor', 'admin'],
    load: () => import('./review.js'),
  },
  {
    path: 'determinations',
    label: "Counsel's determinations",
    roles: ['counsel', 'admin', 'clerk', 'prosecutor', 'auditor'],
    load: () => import('./determinations.js'),
  },
  { path: 'requests', label: 'Requests', roles: ['clerk', 'auditor', 'admin'], load: () => import('./requests.js') },
  { path: 'cases', label: 'Cases', roles: ['prosecutor', 'clerk', 'auditor', 'counsel', 'admin'], load: () => import('./cases.js') },
  { path: 'retention', label: 'Retention', roles: ['auditor', 'admin'], load: () => import('./retention.js') },
  { path: 'holds', label: 'Holds', roles: ['prosecutor', 'auditor', 'admin'], load: () => import('./holds.js') },
  { path: 'destruction', label: 'Destruction', roles: ['auditor', 'admin'], load: () => import('./destruction.js') },
  { path: 'audit', label: 'Audit trail', roles: ['auditor', 'admin'], load: () => import('./audit.js') },
];

/**
 * @typedef {{ sub: string, name: string | null, role: string, exp: number | null }} Identity
 * @typedef {import('./api.js').Schemas['AuthSession']} AuthSession
 */

/** How staff sign in on this service (GET /auth/session). @type {'oidc' | 'development'} */
let mode = 'development';
/** OpenID Connect mode: who the session belongs to (the service says; nothing is read from a token). @type {Identity | null} */
let session = null;
/** OpenID Connect mode: how long the session may go unused (the service says). @type {number | null} */
let idleTimeoutSeconds = null;
/** How much sooner than its own reckoning the idle end may come (the service says). @type {number | null} */
let idleSlackSeconds = null;
/** The screen to come back to after signing in again (the session ended while on it). @type {string | null} */
let returnHash = null;

/** Who is signed in, from the session (OpenID Connect) or the pasted token (development mode). @returns {Identity | null} */
function identity() {
  if (mode === 'oidc') return session;
  const token = getToken();
  const role = getRole();
  if (!token || !role) return null;
  const claims = decodeClaims(token);
  return { sub: claims?.sub ?? '', name: null, role, exp: claims?.exp ?? null };
}

function forget() {
  session = null;
  useSessionCsrf(null);
  clearToken();
  stopWatching();
}

/** Announces the session's end before it comes (session.js), for whoever is signed in now. */
function watch() {
  const me = identity();
  if (!me) return stopWatching();
  if (mode === 'oidc') {
    watchSession(
      {
        absoluteAt: me.exp ? me.exp * 1000 : null,
        idleMs: idleTimeoutSeconds ? idleTimeoutSeconds * 1000 : null,
        slackMs: (idleSlackSeconds ?? 60) * 1000,
        canExtend: true,
      },
      async () => adoptSession(await call('GET /auth/session')),
      sessionEnded,
    );
  } else {
    // A pasted token has one fixed end and nothing to refresh.
    watchSession({ absoluteAt: me.exp ? me.exp * 1000 : null, idleMs: null, slackMs: 0, canExtend: false }, null, sessionEnded);
  }
}

/**
 * The session ended (noticed by the clock or by a refused call): what the person typed on this
 * screen is kept, and signing in again brings them back to it.
 */
function sessionEnded() {
  const here = location.hash;
  if (!/^#\/?(signin|no-role)?(\?|$)/.test(here)) {
    saveDraft(here);
    returnHash = here;
  }
  forget();
  signinNotice =
    mode === 'oidc'
      ? 'Your session has ended (signed out, or unused for too long). Sign in again: you will come back to the screen you were on, with what you had typed.'
      : 'Your session has ended or the token was refused. Sign in again with a new token: you will come back to the screen you were on, with what you had typed.';
  renderNav();
  if (parseHash().segments[0] !== 'signin') go('signin');
}

/** @param {AuthSession} s */
function adoptSession(s) {
  mode = s.mode;
  if (s.mode !== 'oidc') return;
  session =
    s.signedIn && s.sub && s.role
      ? { sub: s.sub, name: s.name, role: s.role, exp: s.expiresAt ? Date.parse(s.expiresAt) / 1000 : null }
      : null;
  idleTimeoutSeconds = s.idleTimeoutSeconds ?? null;
  idleSlackSeconds = s.idleSlackSeconds ?? null;
  useSessionCsrf(session ? s.csrfToken : null);
}

/** What a refused sign-in (the service's redirect to #/signin?refused=CODE) means, in words. @type {Record<string, string>} */
const REFUSALS = {
  LOGIN_UNKNOWN:
    'The sign-in could not be matched to this browser: it took longer than 10 minutes, or it was started in another tab or browser. Start again.',
  STATE_MISMATCH: 'The answer from the identity provider did not match the sign-in this browser started, so it was refused. Start again.',
  NONCE_MISMATCH: "The identity provider's answer did not match the sign-in this browser started, so it was refused. Start again.",
  CODE_REJECTED: 'The identity provider refused its own sign-in code (it had expired or was already used). Start again.',
  IDP_ERROR:
    'The identity provider did not sign you in (the sign-in was cancelled or refused there). Start again, or ask the service desk.',
  ID_TOKEN_INVALID:
    "The identity provider's answer could not be verified, so it was refused. Start again; if it happens again, tell the service desk.",
  IDP_UNAVAILABLE: "The department's identity provider cannot be reached right now. Try again in a few minutes.",
};

/** The first screen of each role: what that person does most. @type {Record<string, string>} */
const HOME = { clerk: 'release', prosecutor: 'cases', auditor: 'retention', admin: 'requests', counsel: 'review' };

/** Navigation order per role (most used first). @param {string} role */
function screensFor(role) {
  const order = {
    clerk: ['release', 'search', 'requests', 'review', 'cases', 'upcoming'],
    counsel: ['review', 'determinations', 'release', 'cases', 'search'],
    prosecutor: ['cases', 'review', 'holds', 'search', 'release', 'upcoming'],
    auditor: ['retention', 'upcoming', 'destruction', 'holds', 'search', 'audit', 'requests', 'review', 'release', 'cases'],
  }[role];
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
  if (location.hash === target) void route();
  else location.hash = target;
}

function renderNav() {
  const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
  const idBox = /** @type {HTMLElement} */ (document.getElementById('identity'));
  const me = identity();
  if (!me) {
    replace(nav);
    replace(idBox);
    return;
  }
  const role = me.role;
  const current = parseHash().segments[0] ?? '';
  replace(
    nav,
    h(
      'ul',
      {},
      screensFor(role).map((s) =>
        h('li', {}, h('a', { href: `#/${s.path}`, 'aria-current': s.path === current ? 'page' : null }, s.label)),
      ),
    ),
  );
  replace(
    idBox,
    h('span', { class: 'who' }, h('strong', {}, me.name ?? (me.sub || 'signed in')), ` · ${role}`),
    me.exp ? h('span', { class: 'muted small until' }, `until ${dateTime(new Date(me.exp * 1000).toISOString())}`) : null,
    h('button', { type: 'button', class: 'secondary small-button', onclick: handler(signOut) }, 'Sign out'),
  );
}

async function signOut() {
  if (mode === 'oidc') {
    // The service ends the session (for every tab and process) and names the identity provider's logout page, if any.
    let next;
    try {
      const out = await call('POST /auth/logout');
      next = out.endSessionUrl;
    } catch (err) {
      showError(err);
      return;
    }
    forget();
    dropDraft();
    if (next) {
      location.assign(next);
      return;
    }
  }
  forget();
  dropDraft();
  returnHash = null;
  renderNav();
  announce('Signed out.');
  go('signin');
}

/** @type {string | null} */
let signinNotice = null;

setUnauthenticatedHandler(sessionEnded);
setUseHandler(noteUse);

/** Sign-in through the identity provider (OpenID Connect mode). @param {HTMLElement} main @param {URLSearchParams} query */
function renderOidcSignin(main, query) {
  setTitle('Sign in');
  const refused = query.get('refused');
  // Back to the screen the person was on (the service accepts a path of its own only).
  const was = returnHash ?? draftScreen() ?? location.hash;
  const back = was && !/^#\/?(signin|no-role)?(\?|$)/.test(was) ? `/${was}` : '';
  const returnTo = /^\/(#\/[A-Za-z0-9/_.~%?=&-]{0,500})?$/.test(back) ? `?returnTo=${encodeURIComponent(back)}` : '';
  replace(
    main,
    h(
      'section',
      { class: 'card narrow', 'data-mode': 'oidc' },
      h('h1', { tabindex: -1 }, 'Sign in'),
      signinNotice ? h('p', { class: 'notice', role: 'status' }, signinNotice) : null,
      refused
        ? h(
            'div',
            { class: 'problem', role: 'alert' },
            h('p', { class: 'problem-title' }, 'Sign-in did not complete'),
            h('p', {}, REFUSALS[refused] ?? 'The sign-in was refused. Start again.'),
          )
        : null,
      h(
        'p',
        {},
        "Staff sign in with their department account, on the department's identity provider's page. This browser then holds only a session cookie that scripts cannot read; the session ends when you sign out or after a period without use.",
      ),
      h('p', { class: 'actions' }, h('a', { class: 'button', href: `/auth/login${returnTo}` }, 'Sign in with your department account')),
    ),
  );
}

/** A person the identity provider signed in, but with no role here. @param {HTMLElement} main */
function renderNoRole(main) {
  setTitle('No access');
  replace(
    main,
    h(
      'section',
      { class: 'card narrow' },
      h('h1', { tabindex: -1 }, 'No access: your account has no role in this service'),
      h(
        'p',
        {},
        "The department's identity provider signed you in, but your account is not in any directory group that this service maps to a role (records clerk, prosecutor, auditor or administrator). You have no access to recordings, requests, cases or reports, and no session was opened.",
      ),
      h(
        'p',
        {},
        "Ask the records unit's administrator to add your account to the group for your job. This refused sign-in is recorded in the audit trail.",
      ),
      h('p', {}, h('a', { href: '/auth/login' }, 'Sign in again (after your groups have changed)')),
    ),
  );
}

/** @param {HTMLElement} main @param {URLSearchParams} query */
function renderSignin(main, query) {
  if (mode === 'oidc') return renderOidcSignin(main, query);
  setTitle('Sign in');
  const form = /** @type {HTMLFormElement} */ (h('form', { class: 'card narrow', novalidate: true }));
  const preview = h('div', { class: 'claims', 'aria-live': 'polite' });
  const tokenField = field({
    label: 'Access token',
    name: 'token',
    multiline: true,
    required: true,
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
    replace(
      preview,
      h('p', { class: 'small muted' }, 'Read from the token in this browser, for display only; the service checks the signature.'),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'User'),
        h('dd', {}, c.sub ?? '—'),
        h('dt', {}, 'Role'),
        h('dd', {}, c.role ?? '—'),
        h('dt', {}, 'Expires'),
        h(
          'dd',
          { class: expired ? 'bad-text' : null },
          c.exp ? `${dateTime(new Date(c.exp * 1000).toISOString())}${expired ? ' (expired)' : ''}` : '—',
        ),
      ),
    );
  };
  input.addEventListener('input', showClaims);
  const problem = h('div', { class: 'form-problem', 'aria-live': 'assertive' });
  form.addEventListener(
    'submit',
    handler(async (ev) => {
      ev.preventDefault();
      replace(problem);
      const token = input.value.trim().replace(/^Bearer\s+/i, '');
      if (!token) {
        replace(problem, h('p', { class: 'field-error', role: 'alert' }, 'Paste a token first.'));
        input.focus();
        return;
      }
      try {
        const me = await call('GET /api/v1/whoami', { token });
        storeToken(token, me.role);
        signinNotice = null;
        announce(`Signed in as ${me.sub}, ${me.role}.`);
        renderNav();
        watch();
        // Back to the screen the session ended on (its draft is put back there), else the role's first screen.
        const back = returnHash ?? draftScreen();
        returnHash = null;
        if (back && back !== location.hash) location.hash = back;
        else go(HOME[me.role] ?? screensFor(me.role)[0]?.path ?? 'none');
      } catch (err) {
        replace(problem, h('div', { role: 'alert' }, problemBlock(err)));
        input.focus();
      }
    }),
  );
  form.dataset.mode = 'development';
  replace(
    form,
    h('h1', { tabindex: -1 }, 'Sign in'),
    h(
      'p',
      { class: 'notice dev-mode' },
      h('strong', {}, 'Development mode. '),
      "OpenID Connect sign-in is not configured on this service (OIDC_ISSUER is unset), so a token is pasted here. In production, staff sign in through the department's identity provider.",
    ),
    signinNotice ? h('p', { class: 'notice', role: 'status' }, signinNotice) : null,
    h(
      'p',
      {},
      "Staff sign in with the access token from the department's identity provider. In this development mode the token is kept in this browser until it expires or you sign out, so links opened in new tabs are signed in too.",
    ),
    tokenField,
    preview,
    problem,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Sign in')),
  );
  replace(main, form);
}

async function route() {
  const main = /** @type {HTMLElement} */ (document.getElementById('main'));
  const { segments, query } = parseHash();
  const me = identity();
  clearError();
  renderNav();
  if (segments[0] === 'no-role') {
    renderNoRole(main);
    focusHeading(main);
    return;
  }
  if (me && segments[0] === 'signin' && mode === 'oidc') return go(HOME[me.role] ?? screensFor(me.role)[0]?.path ?? 'none');
  if (!me || segments[0] === 'signin') {
    if (me && segments[0] === 'signin') {
      // Already signed in with a pasted token: offer to switch user.
      clearToken();
      renderNav();
    }
    renderSignin(main, query);
    focusHeading(main);
    return;
  }
  const role = me.role;
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
    replace(
      main,
      h('h1', { tabindex: -1 }, 'Nothing to show for this role'),
      h('p', {}, `The role ${role} has no screens in this app (it is used by systems, not people).`),
    );
    focusHeading(main);
    return;
  }
  // Each navigation renders into a fresh element: if the user moves on before a slow answer
  // arrives, the late render lands in a detached element instead of over the new screen.
  const view = h('div', { class: 'view' }, h('p', { class: 'loading' }, 'Loading…'));
  replace(main, view);
  // Where the keyboard was once the screen started: the heading takes focus when the screen has
  // rendered, unless the user has since moved it elsewhere (a link in the menu), which it must not steal.
  const startedOn = document.activeElement;
  try {
    await loadVocabulary();
    const mod = await screen.load();
    await mod.render(view, { role, sub: me.sub, params: segments.slice(1), query });
    if (view.isConnected) restoreDraft(view);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return; // sign-in is already shown
    replace(view, h('h1', { tabindex: -1 }, screen.label), problemBlock(err));
    if (!(err instanceof ApiError)) showError(err);
  }
  const now = document.activeElement;
  const moved = now !== null && now !== startedOn && now !== document.body && !view.contains(now);
  if (view.isConnected && !moved) focusHeading(main);
}

/** @type {Promise<void> | null} */
let vocabulary = null;
/**
 * The service's lists and their words (GET /api/v1/vocabulary), loaded once per page after
 * sign-in; a failed load is tried again on the next screen.
 */
function loadVocabulary() {
  vocabulary ??= call('GET /api/v1/vocabulary').then(useVocabulary, (/** @type {unknown} */ err) => {
    vocabulary = null;
    throw err;
  });
  return vocabulary;
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
    const me = await call('GET /api/v1/whoami', { token: m[1] });
    storeToken(m[1], me.role);
  } catch (err) {
    signinNotice = `The token from the identity provider was refused: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** How this service signs staff in, and the session if there is one. */
async function loadSession() {
  try {
    adoptSession(await call('GET /auth/session'));
  } catch (err) {
    showError(err);
  }
}

window.addEventListener('hashchange', () => void route());
await loadSession();
if (mode === 'development') await acceptFragmentToken();
watch();
await route();
