/**
 * Staff sign-in through a real OpenID provider (panva's oidc-provider on a loopback port, see
 * test/support/oidc-provider.ts): authorization code with PKCE, the service as confidential
 * client, sessions in the database, CSRF protection, expiry, sign-out with RP-initiated logout,
 * and the audit trail of each. The browser is played by hand: the provider's own sign-in form
 * is fetched and posted, its redirects followed, cookies kept per side. The session clock is
 * the service's injected clock, moved by the tests (no sleeping).
 */
import { expect } from 'chai';
import supertest from 'supertest';
import { type Config, ConfigError, loadConfig } from '../../src/config';
import { sweep } from '../../src/domain/services';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp, testConfig } from '../support/app';
import { freshDatabase } from '../support/db';
import { TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_ROLE_MAP, type TestProvider, startTestProvider } from '../support/oidc-provider';
import { bodyOf, present, problemOf } from '../support/api';
import { AuthSession, SignOutResult } from '../../src/http/auth/auth.routes';
import { AuditPage } from '../../src/http/audit/audit.schemas';

const ORIGIN = 'http://127.0.0.1:8123';
const REDIRECT_URI = `${ORIGIN}/auth/callback`;
const IDLE = 600;
const MAX_AGE = 3600;

/** The provider side of the browser: its cookies, kept between requests. */
class ProviderBrowser {
  private readonly jar = new Map<string, string>();

  async get(url: URL | string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }

  /**
   * Follows the provider's redirects from `start`, signing in as `login` on its sign-in form when
   * it shows one, until it redirects to the service's callback; returns that URL.
   */
  async untilCallback(start: URL, login: string, issuer: string): Promise<{ callback: URL; sawLoginForm: boolean }> {
    let url: URL = start;
    let sawLoginForm = false;
    for (let hop = 0; hop < 12; hop++) {
      const res = await this.get(url);
      const location = res.headers.get('location');
      if (location) {
        const next = new URL(location, issuer);
        if (next.href.startsWith(REDIRECT_URI)) return { callback: next, sawLoginForm };
        url = next;
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      expect(res.status, html.slice(0, 300)).to.equal(200);
      expect(html, 'the provider shows its sign-in form').to.contain('name="login"');
      sawLoginForm = true;
      const posted = await this.get(new URL(action ?? '', issuer), { method: 'POST', form: { prompt: 'login', login, password: 'any' } });
      url = new URL(posted.headers.get('location') ?? '', issuer);
    }
    throw new Error('the provider never redirected back to the service');
  }
}

/** `name=value` of a Set-Cookie header, with its attributes. */
function cookieFrom(res: supertest.Response, name: string): { value: string; attrs: string } | null {
  const raw: unknown = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  const line = list.find((c) => c.startsWith(`${name}=`));
  if (!line) return null;
  const [pair = '', ...attrs] = line.split(';');
  return { value: pair.slice(name.length + 1), attrs: attrs.map((a) => a.trim()).join('; ') };
}

describe('OpenID Connect sign-in against a real provider', function () {
  this.timeout(60_000);
  let op: TestProvider;
  let db: DbHandle;
  let t: TestApp;
  // No cookie jar: each request carries exactly the cookies the test sets.
  let request: ReturnType<typeof supertest>;
  let config: Config;
  let clock = Date.now();

  interface SignedIn {
    session: string;
    csrf: string;
    location: string;
  }
  interface Attempt {
    location: string;
    sessionCookie: { value: string; attrs: string } | null;
    authUrl: URL;
  }

  /** One browser sign-in, optionally tampered with at the authorization request or the callback. */
  async function attempt(
    login: string,
    tamper: {
      authUrl?: (u: URL) => void;
      callback?: (u: URL) => void;
      beforeCallback?: (code: string) => void;
      dropLoginCookie?: boolean;
    } = {},
    browser = new ProviderBrowser(),
  ): Promise<Attempt> {
    const start = await request.get('/auth/login');
    expect(start.status, start.text).to.equal(303);
    const loginCookie = cookieFrom(start, 'frrm_login');
    expect(loginCookie, 'the sign-in attempt cookie').to.not.equal(null);
    const authUrl = new URL(String(start.headers.location));
    tamper.authUrl?.(authUrl);
    const { callback } = await browser.untilCallback(authUrl, login, op.issuer);
    tamper.beforeCallback?.(callback.searchParams.get('code') ?? '');
    tamper.callback?.(callback);
    let req = request.get(`/auth/callback${callback.search}`);
    if (!tamper.dropLoginCookie) req = req.set('Cookie', `frrm_login=${loginCookie?.value ?? ''}`);
    const res = await req;
    expect(res.status, res.text).to.equal(303);
    return { location: String(res.headers.location), sessionCookie: cookieFrom(res, 'frrm_session'), authUrl };
  }

  async function signIn(login: string): Promise<SignedIn> {
    const a = await attempt(login);
    expect(a.location).to.equal('/');
    const session = a.sessionCookie?.value ?? '';
    const s = await request.get('/auth/session').set('Cookie', `frrm_session=${session}`);
    const body = bodyOf(s, AuthSession);
    expect(body.signedIn, s.text).to.equal(true);
    return { session, csrf: String(body.csrfToken), location: a.location };
  }

  const whoami = (session: string) => request.get('/api/v1/whoami').set('Cookie', `frrm_session=${session}`);

  async function auditEntries(action: string) {
    const res = await request.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=100`).set(bearer('auditor'));
    expect(res.status, res.text).to.equal(200);
    const body = bodyOf(res, AuditPage);
    return body.items as Array<{
      actor: { sub: string; role: string };
      action: string;
      outcome: { status: number; code: string | null };
      targets: string[];
    }>;
  }

  before(async () => {
    op = await startTestProvider({ redirectUri: REDIRECT_URI, postLogoutRedirectUri: `${ORIGIN}/` });
    config = testConfig({
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT_ID,
      OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET,
      OIDC_REDIRECT_URI: REDIRECT_URI,
      OIDC_SCOPES: 'openid profile email groups',
      ROLE_CLAIM: 'groups',
      ROLE_MAP: TEST_ROLE_MAP,
      SESSION_MAX_AGE_SECONDS: String(MAX_AGE),
      SESSION_IDLE_TIMEOUT_SECONDS: String(IDLE),
    });
    db = await freshDatabase('oidc');
    t = await makeTestApp(db, undefined, config, () => new Date(clock));
    request = supertest(t.app.callback());
  });
  after(async () => {
    await db.close();
    await op.stop();
  });
  beforeEach(() => {
    clock = Date.now();
  });

  it('signs a clerk in with the code flow and PKCE, holding only an HttpOnly SameSite=Lax session cookie', async () => {
    const a = await attempt('clerk-ann');
    expect(a.authUrl.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(a.authUrl.searchParams.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(a.authUrl.searchParams.get('state')).to.be.a('string').and.not.equal('');
    expect(a.authUrl.searchParams.get('nonce')).to.be.a('string').and.not.equal('');
    expect(a.authUrl.searchParams.get('client_id')).to.equal(TEST_CLIENT_ID);
    expect(a.location).to.equal('/');
    expect(a.sessionCookie?.attrs).to.contain('HttpOnly').and.contain('SameSite=Lax').and.contain('Path=/');
    // Served over plain http (loopback): Secure would stop the browser from sending it back.
    expect(a.sessionCookie?.attrs).to.not.contain('Secure');
    const me = await whoami(a.sessionCookie?.value ?? '');
    expect(me.status, me.text).to.equal(200);
    expect(me.body).to.deep.equal({ sub: 'clerk-ann', role: 'clerk' });
    const s = await request.get('/auth/session').set('Cookie', `frrm_session=${a.sessionCookie?.value ?? ''}`);
    expect(s.body).to.include({
      mode: 'oidc',
      signedIn: true,
      sub: 'clerk-ann',
      name: 'clerk-ann',
      role: 'clerk',
      idleTimeoutSeconds: IDLE,
      // Use is recorded at most every tenth of the idle time (at most a minute): the browser announces the end that much sooner.
      idleSlackSeconds: Math.min(60, IDLE / 10),
    });
    // No token from the provider reaches the browser: the session answer carries none.
    expect(JSON.stringify(s.body)).to.not.match(/eyJ[A-Za-z0-9_-]+\./);
    const signIns = await auditEntries('sign-in');
    expect(signIns.some((e) => e.actor.sub === 'clerk-ann' && e.actor.role === 'clerk' && e.outcome.status === 200)).to.equal(true);
  });

  it('maps each directory group to its role (prosecutor, auditor, admin)', async () => {
    for (const role of ['prosecutor', 'auditor', 'admin']) {
      const s = await signIn(`${role}-pat`);
      const me = await whoami(s.session);
      expect(me.body, role).to.deep.equal({ sub: `${role}-pat`, role });
    }
  });

  it('answers a person whose groups map to no role with the no-role page, no session, and a refused sign-in in the audit trail', async () => {
    const a = await attempt('visitor-bob');
    expect(a.location).to.equal('/#/no-role');
    expect(a.sessionCookie).to.equal(null);
    const refused = await auditEntries('sign-in refused');
    const entry = refused.find((e) => e.actor.sub === 'visitor-bob');
    expect(entry?.outcome).to.deep.equal({ status: 403, code: 'NO_ROLE' });
    expect(entry?.targets).to.include('KCPD-Everyone');
  });

  it('refuses a callback whose state is not the one sent', async () => {
    const a = await attempt('clerk-eve', { callback: (u) => u.searchParams.set('state', 'forged-state-value') });
    expect(a.location).to.equal('/#/signin?refused=STATE_MISMATCH');
    expect(a.sessionCookie).to.equal(null);
    expect((await auditEntries('sign-in refused')).some((e) => e.outcome.code === 'STATE_MISMATCH')).to.equal(true);
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const a = await attempt('clerk-eve', { authUrl: (u) => u.searchParams.set('nonce', 'a-nonce-the-service-never-sent') });
    expect(a.location).to.equal('/#/signin?refused=NONCE_MISMATCH');
    expect(a.sessionCookie).to.equal(null);
    expect((await auditEntries('sign-in refused')).some((e) => e.outcome.code === 'NONCE_MISMATCH')).to.equal(true);
  });

  it('refuses an authorization code that has expired', async () => {
    const a = await attempt('clerk-eve', {
      beforeCallback: (code) => {
        const codes = op.store.get('AuthorizationCode');
        const stored = codes?.get(code);
        expect(stored, 'the provider stored the code').to.not.equal(undefined);
        // The provider's own expiry check decides: the code's exp is now in the past.
        if (stored) codes?.set(code, { ...stored, exp: Math.floor(Date.now() / 1000) - 5 });
      },
    });
    expect(a.location).to.equal('/#/signin?refused=CODE_REJECTED');
    expect(a.sessionCookie).to.equal(null);
  });

  it('refuses a callback from a browser that did not start the sign-in, and a replayed callback', async () => {
    const a = await attempt('clerk-eve', { dropLoginCookie: true });
    expect(a.location).to.equal('/#/signin?refused=LOGIN_UNKNOWN');
    // Single use: the same attempt cannot finish twice.
    const start = await request.get('/auth/login');
    const login = cookieFrom(start, 'frrm_login')?.value ?? '';
    const { callback } = await new ProviderBrowser().untilCallback(new URL(String(start.headers.location)), 'clerk-eve', op.issuer);
    const first = await request.get(`/auth/callback${callback.search}`).set('Cookie', `frrm_login=${login}`);
    expect(first.headers.location).to.equal('/');
    const again = await request.get(`/auth/callback${callback.search}`).set('Cookie', `frrm_login=${login}`);
    expect(again.headers.location).to.equal('/#/signin?refused=LOGIN_UNKNOWN');
  });

  it('keeps a session in use alive and ends it after the idle timeout, recording the expiry', async () => {
    const s = await signIn('clerk-ida');
    clock += (IDLE - 60) * 1000;
    expect((await whoami(s.session)).status).to.equal(200);
    clock += (IDLE - 60) * 1000; // past the first idle end, but used since
    expect((await whoami(s.session)).status).to.equal(200);
    clock += (IDLE + 1) * 1000;
    const late = await whoami(s.session);
    expect(late.status).to.equal(401);
    expect(problemOf(late).detail).to.match(/idle timeout/);
    const expired = await auditEntries('session expired');
    expect(expired.find((e) => e.actor.sub === 'clerk-ida')?.outcome).to.deep.equal({ status: 401, code: 'SESSION_IDLE_TIMEOUT' });
    // Gone for good: moving the clock back does not revive it.
    clock = Date.now();
    expect((await whoami(s.session)).status).to.equal(401);
  });

  it('moves the idle end forward when the web app asks for the session ("Stay signed in"), never the absolute end', async () => {
    const s = await signIn('clerk-stay');
    const first = bodyOf(await request.get('/auth/session').set('Cookie', `frrm_session=${s.session}`), AuthSession);
    clock += (IDLE - 90) * 1000; // the warning shows a few minutes before the idle end
    const stayed = bodyOf(await request.get('/auth/session').set('Cookie', `frrm_session=${s.session}`), AuthSession);
    expect(stayed.signedIn).to.equal(true);
    expect(Date.parse(present(stayed.idleExpiresAt, 'an idle end'))).to.equal(clock + IDLE * 1000);
    expect(stayed.expiresAt).to.equal(first.expiresAt);
    clock += (IDLE - 60) * 1000; // past the first idle end
    expect((await whoami(s.session)).status).to.equal(200);
  });

  it('ends a session at its maximum lifetime however busy it is', async () => {
    const s = await signIn('clerk-max');
    for (let used = 0; used + IDLE / 2 < MAX_AGE; used += IDLE / 2) {
      clock += (IDLE / 2) * 1000;
      expect((await whoami(s.session)).status, `after ${used + IDLE / 2} s`).to.equal(200);
    }
    clock += (IDLE / 2) * 1000;
    const late = await whoami(s.session);
    expect(late.status).to.equal(401);
    expect(problemOf(late).detail).to.match(/maximum lifetime/);
    expect((await auditEntries('session expired')).find((e) => e.actor.sub === 'clerk-max')?.outcome.code).to.equal('SESSION_MAX_AGE');
  });

  it('records the expiry of a session nobody uses again from the sweep', async () => {
    const s = await signIn('clerk-gone');
    const result = await sweep(t.deps.services, new Date(clock + (IDLE + 1) * 1000));
    expect(result.sessionsExpired).to.be.at.least(1);
    expect((await auditEntries('session expired')).some((e) => e.actor.sub === 'clerk-gone')).to.equal(true);
    expect((await whoami(s.session)).status).to.equal(401);
  });

  it('refuses a state-changing request made with the cookie without the CSRF token or from another origin', async () => {
    const s = await signIn('clerk-csrf');
    const post = () =>
      request.post('/api/v1/eligibility').set('Cookie', `frrm_session=${s.session}`).set('content-type', 'application/json');
    const noToken = await post().send({});
    expect(noToken.status).to.equal(403);
    expect(problemOf(noToken).detail).to.match(/X-CSRF-Token/);
    const wrongToken = await post().set('X-CSRF-Token', 'not-the-token').send({});
    expect(wrongToken.status).to.equal(403);
    const otherSite = await post().set('X-CSRF-Token', s.csrf).set('Origin', 'https://evil.example').send({});
    expect(otherSite.status).to.equal(403);
    expect(problemOf(otherSite).detail).to.match(/Cross-site/);
    // With the token from this origin, the request reaches validation (400: the body is empty).
    const ok = await post().set('X-CSRF-Token', s.csrf).set('Origin', ORIGIN).send({});
    expect(ok.status, ok.text).to.equal(400);
    // Reads need no token.
    expect((await whoami(s.session)).status).to.equal(200);
  });

  it('keeps bearer tokens working for machine clients, without CSRF tokens', async () => {
    const me = await request.get('/api/v1/whoami').set(bearer('ingest', 'evidence-feed'));
    expect(me.body).to.deep.equal({ sub: 'evidence-feed', role: 'ingest' });
    const post = await request.post('/api/v1/eligibility').set(bearer('clerk')).send({});
    expect(post.status).to.equal(400);
    const none = await request.get('/api/v1/whoami');
    expect(none.status).to.equal(401);
  });

  it('signs out: the session is revoked, the audit trail says so, and the provider logs the person out too', async () => {
    const browser = new ProviderBrowser();
    const a = await attempt('clerk-out', {}, browser);
    const session = a.sessionCookie?.value ?? '';
    const csrf = String(bodyOf(await request.get('/auth/session').set('Cookie', `frrm_session=${session}`), AuthSession).csrfToken);
    const forged = await request.post('/auth/logout').set('Cookie', `frrm_session=${session}`);
    expect(forged.status, 'sign-out without the CSRF token').to.equal(403);
    expect((await whoami(session)).status).to.equal(200);

    const out = await request.post('/auth/logout').set('Cookie', `frrm_session=${session}`).set('X-CSRF-Token', csrf);
    expect(out.status, out.text).to.equal(200);
    const outBody = bodyOf(out, SignOutResult);
    expect(outBody.signedOut).to.equal(true);
    expect(cookieFrom(out, 'frrm_session')?.attrs).to.contain('Max-Age=0');
    const end = new URL(String(outBody.endSessionUrl));
    expect(end.origin).to.equal(op.issuer);
    expect(end.searchParams.get('post_logout_redirect_uri')).to.equal(`${ORIGIN}/`);
    expect(end.searchParams.get('id_token_hint')).to.match(/^eyJ/);
    expect((await whoami(session)).status).to.equal(401);
    expect((await auditEntries('sign-out')).some((e) => e.actor.sub === 'clerk-out')).to.equal(true);

    // At the provider: its logout page, confirmed, returns to the service; the next sign-in asks for the password again.
    const page = await browser.get(end);
    const html = await page.text();
    expect(page.status, html.slice(0, 200)).to.equal(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const confirmed = await browser.get(new URL(action, op.issuer), { method: 'POST', form: { xsrf, logout: 'yes' } });
    expect(confirmed.headers.get('location')).to.equal(`${ORIGIN}/`);
    const start = await request.get('/auth/login');
    const again = await browser.untilCallback(new URL(String(start.headers.location)), 'clerk-out', op.issuer);
    expect(again.sawLoginForm, 'the provider session ended too').to.equal(true);
  });

  it('shares sessions between service processes on one database: a session opened on one works on another, and signing out on either revokes it on both', async () => {
    const second = await makeTestApp(db, undefined, config, () => new Date(clock));
    const other = supertest(second.app.callback());
    const s = await signIn('clerk-two');
    const there = await other.get('/api/v1/whoami').set('Cookie', `frrm_session=${s.session}`);
    expect(there.body).to.deep.equal({ sub: 'clerk-two', role: 'clerk' });
    const out = await other.post('/auth/logout').set('Cookie', `frrm_session=${s.session}`).set('X-CSRF-Token', s.csrf);
    expect(bodyOf(out, SignOutResult).signedOut).to.equal(true);
    expect((await whoami(s.session)).status).to.equal(401);
  });

  it('needs a session or a token for everything but health, docs and sign-in', async () => {
    for (const path of ['/healthz', '/openapi.json', '/docs', '/auth/session'])
      expect((await request.get(path)).status, path).to.equal(200);
    for (const path of ['/api/v1/whoami', '/api/v1/recordings', '/api/v1/audit']) {
      const res = await request.get(path).set('Cookie', 'frrm_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      expect(res.status, path).to.equal(401);
    }
  });
});

describe('sign-in without OpenID Connect (development mode)', () => {
  let db: DbHandle;
  let t: TestApp;
  before(async () => {
    db = await freshDatabase('oidc_dev');
    t = await makeTestApp(db);
  });
  after(async () => db.close());

  it('says it is in development mode, has no OIDC routes, and takes bearer tokens as before', async () => {
    const s = await t.request.get('/auth/session');
    expect(s.body).to.include({ mode: 'development', signedIn: false });
    const login = await t.request.get('/auth/login');
    expect(login.status).to.equal(404);
    const loginBody = problemOf(login);
    expect(loginBody.detail).to.match(/development mode/);
    expect((await t.request.get('/api/v1/whoami').set(bearer('clerk', 'dev-user'))).body).to.deep.equal({ sub: 'dev-user', role: 'clerk' });
    // A stray session cookie means nothing here.
    const cookieOnly = await t.request.get('/api/v1/whoami').set('Cookie', 'frrm_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(cookieOnly.status).to.equal(401);
    const cookieOnlyBody = problemOf(cookieOnly);
    expect(cookieOnlyBody.detail).to.equal('Send a bearer token in the Authorization header.');
  });
});

describe('OpenID Connect configuration', () => {
  const full = {
    JWT_SECRET: 'x'.repeat(40),
    OIDC_ISSUER: 'https://login.kcpd.example/realms/kcpd',
    OIDC_CLIENT_ID: 'footage',
    OIDC_CLIENT_SECRET: 's'.repeat(32),
    OIDC_REDIRECT_URI: 'https://footage.kcpd.example/auth/callback',
  };
  const issues = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return e.issues.map((i) => `${i.variable}: ${i.message}`);
    }
  };

  it('accepts all four settings, and none', () => {
    expect(issues(full)).to.deep.equal([]);
    expect(issues({ JWT_SECRET: 'x'.repeat(40) })).to.deep.equal([]);
  });

  it('names each missing setting when only some are set', () => {
    const { OIDC_CLIENT_SECRET: _s, OIDC_REDIRECT_URI: _r, ...partial } = full;
    const out = issues(partial);
    expect(out.some((m) => m.startsWith('OIDC_CLIENT_SECRET:'))).to.equal(true);
    expect(out.some((m) => m.startsWith('OIDC_REDIRECT_URI:'))).to.equal(true);
  });

  it('refuses plain http except on loopback, a redirect URI that is not the callback, and a role map naming no staff role', () => {
    expect(issues({ ...full, OIDC_ISSUER: 'http://login.kcpd.example' })[0]).to.match(/^OIDC_ISSUER: must use https/);
    expect(issues({ ...full, OIDC_ISSUER: 'http://127.0.0.1:9000' })).to.deep.equal([]);
    expect(issues({ ...full, OIDC_REDIRECT_URI: 'https://footage.kcpd.example/' })[0]).to.match(
      /^OIDC_REDIRECT_URI: must end in \/auth\/callback/,
    );
    expect(issues({ ...full, ROLE_MAP: 'KCPD-Feed:ingest' })[0]).to.match(/^ROLE_MAP: .*not a staff role/);
    expect(issues({ ...full, ROLE_MAP: 'KCPD-Clerks:clark' })[0]).to.match(/^ROLE_MAP: .*not a staff role/);
    expect(issues({ ...full, ROLE_MAP: 'KCPD-Clerks' })[0]).to.match(/^ROLE_MAP: .*claim value:role/);
    expect(issues({ ...full, SESSION_MAX_AGE_SECONDS: '600', SESSION_IDLE_TIMEOUT_SECONDS: '900' })[0]).to.match(
      /^SESSION_IDLE_TIMEOUT_SECONDS/,
    );
    expect(issues({ ...full, OIDC_CLIENT_SECRET: 'short' })[0]).to.match(/^OIDC_CLIENT_SECRET/);
  });
});
