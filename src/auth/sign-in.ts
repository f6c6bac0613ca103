/**
 * The browser sign-in flow, between the HTTP routes and the identity provider: start (a pending
 * attempt in the database, the provider's URL), finish (the attempt used up, the code exchanged,
 * the role mapped, a session or a recorded refusal), and sign-out (session deleted, the provider's
 * logout URL). The routes only move cookies and redirects.
 */
import type { OidcSettings } from '../config';
import { AppError } from '../errors';
import { mapRole } from '../domain/auth/role-mapping';
import type { AuthEventContext, RefusalCode, SessionService } from '../domain/auth/sessions.service';
import type { StoredSession } from '../domain/auth/ports';
import { OidcClient, SignInError } from './oidc';

export type Finished =
  { ok: true; cookieSecret: string; session: StoredSession; returnTo: string } | { ok: false; code: RefusalCode; returnTo: string };

/** A path of this service the browser may be sent back to after signing in (the web app, optionally one of its screens). */
export const RETURN_TO = /^\/(#\/[A-Za-z0-9/_.~%?=&-]{0,500})?$/;

const displayName = (claims: Record<string, unknown>): string | null => {
  for (const k of ['preferred_username', 'email', 'name']) {
    const v = claims[k];
    if (typeof v === 'string' && v.trim()) return v.trim().slice(0, 200);
  }
  return null;
};

export class SignInFlow {
  readonly client: OidcClient;

  constructor(
    readonly settings: OidcSettings,
    private readonly sessions: SessionService,
    client?: OidcClient,
  ) {
    this.client = client ?? new OidcClient(settings);
  }

  async start(returnTo: string, now: Date): Promise<{ cookieSecret: string; url: URL }> {
    const p = { state: OidcClient.randomState(), nonce: OidcClient.randomNonce(), codeVerifier: OidcClient.randomCodeVerifier() };
    // The URL first: an unreachable provider stores no attempt.
    const url = await this.client.authorizationUrl(p);
    const cookieSecret = await this.sessions.beginLogin({ ...p, returnTo: RETURN_TO.test(returnTo) ? returnTo : '/' }, now);
    return { cookieSecret, url };
  }

  /** `query` is the callback's query string as received; the URL checked is OIDC_REDIRECT_URI with it. */
  async finish(loginSecret: string | null, query: string, at: AuthEventContext): Promise<Finished> {
    const pending = loginSecret ? await this.sessions.takeLogin(loginSecret, at.now) : null;
    if (!pending) {
      await this.sessions.refuse('LOGIN_UNKNOWN', { sub: null }, at);
      return { ok: false, code: 'LOGIN_UNKNOWN', returnTo: '/' };
    }
    const url = new URL(this.settings.redirectUri);
    url.search = query;
    let identity;
    try {
      identity = await this.client.exchange(url, pending);
    } catch (e) {
      if (!(e instanceof SignInError)) throw e;
      await this.sessions.refuse(e.code, { sub: null }, at);
      return { ok: false, code: e.code, returnTo: pending.returnTo };
    }
    const name = displayName(identity.claims);
    const mapped = mapRole(identity.claims, this.settings.roleClaim, this.settings.roleMap);
    if (mapped.role === null) {
      await this.sessions.refuse('NO_ROLE', { sub: identity.sub, name, claimValues: mapped.values }, at);
      return { ok: false, code: 'NO_ROLE', returnTo: pending.returnTo };
    }
    const { cookieSecret, session } = await this.sessions.signIn(
      { sub: identity.sub, role: mapped.role, name, idToken: identity.idToken },
      at,
    );
    return { ok: true, cookieSecret, session, returnTo: pending.returnTo };
  }

  /** Ends the session (if any) and returns where the browser goes next: the provider's logout, or null. */
  async signOut(session: StoredSession | null, cookieSecret: string | null, at: AuthEventContext): Promise<URL | null> {
    const ended = cookieSecret ? await this.sessions.signOut(cookieSecret, at) : null;
    const idToken = (ended ?? session)?.idToken ?? null;
    if (!ended && !session) return null;
    try {
      return await this.client.endSessionUrl(idToken);
    } catch (e) {
      // The local session is gone whatever the provider's state; without its metadata there is no logout URL to offer.
      if (e instanceof AppError && e.code === 'IDP_UNAVAILABLE') return null;
      throw e;
    }
  }
}
