import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Actor, Role } from '../../auth/roles';
import { type JwtSettings, verifyToken } from '../../auth/tokens';
import type { StoredSession } from '../../domain/auth/ports';
import type { Resolved } from '../../domain/auth/sessions.service';
import { AppError } from '../../errors';
import { readCookie } from '../cookies';

/** Session sign-in (OpenID Connect configured): how to find the caller's session from its cookie. */
export interface SessionAuth {
  cookieName: string;
  /** The service's public origin (from OIDC_REDIRECT_URI), the only Origin a state-changing cookie request may come from. */
  origin: string;
  resolve(ctx: Context, cookieSecret: string): Promise<Resolved>;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * CSRF protection for state-changing requests made with the session cookie (bearer requests
 * cannot be forged cross-site: a page elsewhere cannot set the Authorization header). Two checks,
 * both must pass: the browser's Origin (or Sec-Fetch-Site), when sent, is this service's; and the
 * X-CSRF-Token header carries the session's token, which only this origin's script can read (GET /auth/session).
 */
export function checkCsrf(
  ctx: { method: string; get(name: string): string },
  session: Pick<StoredSession, 'csrfToken'>,
  origin: string,
): void {
  if (SAFE.has(ctx.method)) return;
  const sent = ctx.get('origin');
  if (sent && sent !== origin) throw new AppError('FORBIDDEN', `Cross-site request refused: the request came from ${sent}, not ${origin}.`);
  if (ctx.get('sec-fetch-site') === 'cross-site')
    throw new AppError('FORBIDDEN', 'Cross-site request refused (Sec-Fetch-Site: cross-site).');
  const token = ctx.get('x-csrf-token');
  if (!token)
    throw new AppError(
      'FORBIDDEN',
      'CSRF check failed: a request made with the session cookie must send the X-CSRF-Token header (its value is in GET /auth/session).',
    );
  if (!sameSecret(token, session.csrfToken))
    throw new AppError('FORBIDDEN', 'CSRF check failed: the X-CSRF-Token header does not match this session.');
}

function roleCheck(ctx: Context, actor: Actor, allowed: readonly Role[]): void {
  if (!allowed.includes(actor.role)) {
    throw new AppError('FORBIDDEN', `The role ${actor.role} may not ${ctx.method} ${ctx.path}; allowed: ${allowed.join(', ')}.`);
  }
}

/**
 * Finds the caller and checks the role; sets ctx.state.actor. Throws 401/403 AppErrors.
 * A bearer token, when sent, decides alone (machine clients, exactly as without sessions); without
 * one, the session cookie does (OpenID Connect configured), with the CSRF checks for state changes.
 */
export async function authorize(
  ctx: Context,
  settings: JwtSettings,
  allowed: readonly Role[],
  sessions: SessionAuth | null = null,
): Promise<Actor> {
  const header = ctx.get('authorization');
  if (!header && sessions) {
    const secret = readCookie(ctx, sessions.cookieName);
    if (!secret)
      throw new AppError('UNAUTHENTICATED', 'Sign in (the session cookie is missing), or send a bearer token in the Authorization header.');
    const found = await sessions.resolve(ctx, secret);
    if (!found) throw new AppError('UNAUTHENTICATED', 'Your session has ended (signed out or unknown). Sign in again.');
    if ('expired' in found) {
      const why = found.why === 'idle' ? 'it was not used for longer than the idle timeout' : 'it reached its maximum lifetime';
      throw new AppError('UNAUTHENTICATED', `Your session has expired: ${why}. Sign in again.`);
    }
    const actor: Actor = { sub: found.session.sub, role: found.session.role };
    ctx.state.actor = actor;
    checkCsrf(ctx, found.session, sessions.origin);
    roleCheck(ctx, actor, allowed);
    return actor;
  }
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header);
  if (!header) throw new AppError('UNAUTHENTICATED', 'Send a bearer token in the Authorization header.');
  if (!m?.[1]) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <JWT>".');
  const actor = verifyToken(m[1], settings);
  ctx.state.actor = actor;
  roleCheck(ctx, actor, allowed);
  return actor;
}
