import type { Context } from 'koa';
import type { Actor, Role } from '../../auth/roles';
import { type JwtSettings, verifyToken } from '../../auth/tokens';
import { AppError } from '../../errors';

/** Verifies the bearer token and the role; sets ctx.state.actor. Throws 401/403 AppErrors. */
export function authorize(ctx: Context, settings: JwtSettings, allowed: readonly Role[]): Actor {
  const header = ctx.get('authorization');
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/.exec(header);
  if (!header) throw new AppError('UNAUTHENTICATED', 'Send a bearer token in the Authorization header.');
  if (!m?.[1]) throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <JWT>".');
  const actor = verifyToken(m[1], settings);
  ctx.state.actor = actor;
  if (!allowed.includes(actor.role)) {
    throw new AppError('FORBIDDEN', `The role ${actor.role} may not ${ctx.method} ${ctx.path}; allowed: ${allowed.join(', ')}.`);
  }
  return actor;
}
