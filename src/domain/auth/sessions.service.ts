/**
 * Staff sessions after an OpenID Connect sign-in: created on a successful callback, looked up by
 * the cookie's secret on every request, ended by sign-out or by expiry (idle or absolute), and
 * every one of those moments recorded in the audit trail with the identity provider's subject.
 * Sessions live in the database, so every service process sees the same ones and a sign-out
 * (a delete) revokes the session everywhere at once. The clock is passed in (`now`), never read.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { StaffRole } from '../../auth/roles';
import type { AuditService } from '../audit/audit.service';
import type { PendingLogin, SessionStore, StoredSession } from './ports';

export interface SessionPolicy {
  /** Absolute lifetime from sign-in (SESSION_MAX_AGE_SECONDS). */
  maxAgeSeconds: number;
  /** Ends a session unused for this long (SESSION_IDLE_TIMEOUT_SECONDS). */
  idleSeconds: number;
}

/** Where an auth event came from, for the audit trail. */
export interface AuthEventContext {
  now: Date;
  requestId: string;
  source: string;
}

/** Why a sign-in was refused (the audit entry's outcome code). */
export type RefusalCode =
  | 'NO_ROLE' // signed in at the identity provider, but no role is mapped for this person
  | 'LOGIN_UNKNOWN' // no (or an expired, or an already used) sign-in attempt for this browser
  | 'IDP_ERROR' // the identity provider answered with an error (e.g. access_denied)
  | 'STATE_MISMATCH'
  | 'NONCE_MISMATCH'
  | 'CODE_REJECTED' // the token endpoint refused the code (expired, used, wrong PKCE verifier)
  | 'ID_TOKEN_INVALID';

const SIGN_IN_SECONDS = 600;
/** Use within this many seconds of the last recorded use does not write again (idle expiry may come up to this much early, never late). */
const TOUCH_EVERY_SECONDS = 60;

const secret = () => randomBytes(32).toString('base64url');
const sessionKey = (cookieSecret: string) => createHash('sha256').update(cookieSecret).digest('hex');

export type Resolved = { session: StoredSession } | { expired: StoredSession; why: 'idle' | 'absolute' } | null;

export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly audit: Pick<AuditService, 'append'>,
    readonly policy: SessionPolicy,
  ) {}

  /** Stores a sign-in under way; returns the secret for the browser's sign-in cookie. */
  async beginLogin(p: Pick<PendingLogin, 'state' | 'nonce' | 'codeVerifier' | 'returnTo'>, now: Date): Promise<string> {
    const s = secret();
    await this.store.insertPending({
      _id: sessionKey(s),
      ...p,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_SECONDS * 1000),
    });
    return s;
  }

  /** The sign-in under way for this cookie, used up (single use); null when unknown, used or older than 10 minutes. */
  async takeLogin(cookieSecret: string, now: Date): Promise<PendingLogin | null> {
    const p = await this.store.takePending(sessionKey(cookieSecret));
    return p && p.expiresAt > now ? p : null;
  }

  /** A successful sign-in: a new session, and an audit entry. Returns the cookie's secret. */
  async signIn(
    who: { sub: string; role: StaffRole; name: string | null; idToken: string | null },
    at: AuthEventContext,
  ): Promise<{ cookieSecret: string; session: StoredSession }> {
    const cookieSecret = secret();
    const session: StoredSession = {
      _id: sessionKey(cookieSecret),
      ...who,
      csrfToken: secret(),
      createdAt: at.now,
      lastSeenAt: at.now,
      expiresAt: new Date(at.now.getTime() + this.policy.maxAgeSeconds * 1000),
      idleExpiresAt: new Date(at.now.getTime() + this.policy.idleSeconds * 1000),
    };
    await this.store.insert(session);
    await this.record(at, { sub: who.sub, role: who.role }, 'sign-in', { status: 200, code: null }, who.name ? [who.name] : []);
    return { cookieSecret, session };
  }

  /** A refused sign-in, recorded with the subject when the identity provider named one. */
  async refuse(
    code: RefusalCode,
    who: { sub: string | null; name?: string | null; claimValues?: string[] },
    at: AuthEventContext,
  ): Promise<void> {
    const targets = [...(who.name ? [who.name] : []), ...(who.claimValues ?? []).slice(0, 50)];
    await this.record(
      at,
      { sub: who.sub ?? 'anonymous', role: 'none' },
      'sign-in refused',
      { status: code === 'NO_ROLE' ? 403 : 401, code },
      targets,
    );
  }

  /**
   * The session for this cookie. An expired one is deleted and its expiry recorded (once, by
   * whichever request or process takes it first); a live one has its use recorded (at most once a minute).
   */
  /**
   * How much earlier than a browser can reckon from its own last call the idle end may come: use
   * is recorded at most this often (a tenth of the idle time, at most a minute), so the browser
   * announces the end this much sooner (the session answer carries it).
   */
  get idleSlackSeconds(): number {
    return Math.min(TOUCH_EVERY_SECONDS, this.policy.idleSeconds / 10);
  }

  async resolve(cookieSecret: string, at: AuthEventContext): Promise<Resolved> {
    const s = await this.store.get(sessionKey(cookieSecret));
    if (!s) return null;
    const why = at.now >= s.expiresAt ? 'absolute' : at.now >= s.idleExpiresAt ? 'idle' : null;
    if (why) {
      await this.expire(s, why, at);
      return { expired: s, why };
    }
    if (at.now.getTime() - s.lastSeenAt.getTime() >= this.idleSlackSeconds * 1000) {
      const idleExpiresAt = new Date(at.now.getTime() + this.policy.idleSeconds * 1000);
      await this.store.touch(s._id, at.now, idleExpiresAt);
      return { session: { ...s, lastSeenAt: at.now, idleExpiresAt } };
    }
    return { session: s };
  }

  /** The stored session for this cookie as it is (live or not), without recording use. */
  peek(cookieSecret: string): Promise<StoredSession | null> {
    return this.store.get(sessionKey(cookieSecret));
  }

  /** Sign-out: the session is deleted (revoked in every process). Returns it (for the IdP logout's id_token_hint), or null if there was none. */
  async signOut(cookieSecret: string, at: AuthEventContext): Promise<StoredSession | null> {
    const s = await this.store.take(sessionKey(cookieSecret));
    if (s) await this.record(at, { sub: s.sub, role: s.role }, 'sign-out', { status: 200, code: null }, s.name ? [s.name] : []);
    return s;
  }

  /** The sweep: ends every session past its idle or absolute end, and drops abandoned sign-ins. */
  async expireDue(now: Date): Promise<number> {
    let n = 0;
    for (;;) {
      const due = await this.store.due(now, 100);
      for (const s of due)
        if (await this.expire(s, now >= s.expiresAt ? 'absolute' : 'idle', { now, requestId: 'sweep', source: 'service' })) n += 1;
      if (due.length < 100) break;
    }
    await this.store.dropStalePending(now);
    return n;
  }

  private async expire(s: StoredSession, why: 'idle' | 'absolute', at: AuthEventContext): Promise<boolean> {
    const gone = await this.store.take(s._id);
    if (!gone) return false;
    const code = why === 'idle' ? 'SESSION_IDLE_TIMEOUT' : 'SESSION_MAX_AGE';
    await this.record(at, { sub: s.sub, role: s.role }, 'session expired', { status: 401, code }, s.name ? [s.name] : []);
    return true;
  }

  private async record(
    at: AuthEventContext,
    actor: { sub: string; role: string },
    action: string,
    outcome: { status: number; code: string | null },
    targets: string[],
  ): Promise<void> {
    await this.audit.append({ at: at.now, actor, action, targets, requestId: at.requestId, source: at.source, outcome, bodyDigest: null });
  }
}
