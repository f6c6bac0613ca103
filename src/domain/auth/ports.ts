/** Storage of staff sign-in sessions and of sign-ins under way (persistence/stores/sessions.store.ts). */
import type { StaffRole } from '../../auth/roles';

/**
 * A signed-in staff member's session. The browser holds only a random secret in an HttpOnly
 * cookie; the store keys the session by the secret's SHA-256, so a copy of the database gives
 * nobody a usable cookie. Tokens from the identity provider stay here, never in the browser.
 */
export interface StoredSession {
  /** SHA-256 (hex) of the cookie's secret. */
  _id: string;
  /** The identity provider's subject (`sub` claim): who, in the audit trail. */
  sub: string;
  role: StaffRole;
  /** A display name from the identity provider (preferred_username, name or email), when it sent one. */
  name: string | null;
  /** Kept for RP-initiated logout (id_token_hint); never sent to the browser. */
  idToken: string | null;
  /** Sent by the web app in X-CSRF-Token on every state-changing request made with the cookie. */
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end: createdAt + SESSION_MAX_AGE_SECONDS, never moved. */
  expiresAt: Date;
  /** Idle end: lastSeenAt + SESSION_IDLE_TIMEOUT_SECONDS, moved as the session is used. */
  idleExpiresAt: Date;
}

/** A sign-in started at /auth/login and not yet finished at /auth/callback (single use, 10 minutes). */
export interface PendingLogin {
  /** SHA-256 (hex) of the secret in the browser's sign-in cookie. */
  _id: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where the web app goes after signing in (a path of this service). */
  returnTo: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface SessionStore {
  insert(session: StoredSession): Promise<void>;
  get(id: string): Promise<StoredSession | null>;
  /** Records use: moves the idle deadline (no effect when the session is gone). */
  touch(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void>;
  /** Deletes the session and returns it; null when it was already gone (another request or process took it). */
  take(id: string): Promise<StoredSession | null>;
  /** Sessions whose absolute or idle end is at or before `now`, at most `limit`. */
  due(now: Date, limit: number): Promise<StoredSession[]>;
  insertPending(login: PendingLogin): Promise<void>;
  /** Deletes the pending sign-in and returns it (single use); null when unknown or already used. */
  takePending(id: string): Promise<PendingLogin | null>;
  /** Removes sign-ins abandoned before `now` (their expiresAt passed); returns how many. */
  dropStalePending(now: Date): Promise<number>;
}
