/**
 * The two cookies of the OpenID Connect sign-in: the session and the sign-in under way. Both hold
 * only a random secret (the database keys its record by the secret's hash), are HttpOnly (no
 * script can read them), SameSite=Lax (sent on the identity provider's redirect back, not on
 * cross-site subrequests or form posts), Path=/, and Secure with the __Host- prefix when the
 * service is reached over TLS (OIDC_REDIRECT_URI is https). Written by hand rather than through
 * koa's ctx.cookies, which refuses a Secure cookie on the plain-http hop behind a TLS proxy.
 */
import type { OidcSettings } from '../config';

export interface CookieNames {
  session: string;
  login: string;
  secure: boolean;
}

export const cookieNames = (s: Pick<OidcSettings, 'secureCookies'>): CookieNames =>
  s.secureCookies
    ? { session: '__Host-frrm_session', login: '__Host-frrm_login', secure: true }
    : { session: 'frrm_session', login: 'frrm_login', secure: false };

const VALUE = /^[A-Za-z0-9_-]{16,128}$/;

/** The cookie's value when it looks like one of our secrets; anything else counts as absent. */
export function readCookie(request: { get(name: string): string }, name: string): string | null {
  const header = request.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const v = part.slice(eq + 1).trim();
    return VALUE.test(v) ? v : null;
  }
  return null;
}

/** A Set-Cookie header value. */
export function cookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  const attrs = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (secure) attrs.push('Secure');
  return attrs.join('; ');
}

/** A Set-Cookie header value that makes the browser forget the cookie. */
export const clearedCookie = (name: string, secure: boolean): string => cookie(name, '', 0, secure);
