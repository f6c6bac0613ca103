/**
 * Staff sign-in through the department's identity provider (OpenID Connect, authorization code
 * with PKCE; the service is the confidential client). With OIDC unset (development mode) the
 * session route says so and the others answer 404: staff paste a token, as before.
 *
 * These routes are public by necessity (nobody is signed in yet when they are called); each
 * records its own audit entries (sign-in, refused sign-in, sign-out) with the provider's subject.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import { RETURN_TO, type SignInFlow } from '../../auth/sign-in';
import type { OidcSettings } from '../../config';
import type { AuthEventContext } from '../../domain/auth/sessions.service';
import { AppError } from '../../errors';
import { type CookieNames, clearCookie, readCookie, setCookie } from '../cookies';
import type { AppDeps } from '../../deps';
import { checkCsrf } from '../middleware/auth';
import { type RouteDef, route } from '../route';
import { RoleEnum } from '../vocabulary';

export interface AuthWiring {
  settings: OidcSettings;
  flow: SignInFlow;
  cookies: CookieNames;
}

export const SignInMode = z.enum(['oidc', 'development']).meta({
  id: 'SignInMode',
  description: 'oidc: staff sign in through the identity provider (session cookie); development: OIDC is not configured and staff paste a token',
});

export const AuthSession = z
  .object({
    mode: SignInMode,
    signedIn: z.boolean(),
    sub: z.string().nullable(),
    name: z.string().nullable(),
    role: RoleEnum.nullable(),
    expiresAt: z.iso.datetime({ offset: true }).nullable(),
    idleExpiresAt: z.iso.datetime({ offset: true }).nullable(),
    idleTimeoutSeconds: z.number().int().nullable(),
    csrfToken: z.string().nullable().meta({ description: 'Send it in the X-CSRF-Token header with every state-changing request made with the session cookie' }),
  })
  .meta({ id: 'AuthSession' });

export const SignOutResult = z
  .object({
    signedOut: z.boolean(),
    endSessionUrl: z.string().nullable().meta({ description: "The identity provider's logout page (RP-initiated logout), when it has one: the browser goes there next" }),
  })
  .meta({ id: 'SignOutResult' });

const CallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(1024).optional(),
  session_state: z.string().max(1024).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
  error_uri: z.string().max(2048).optional(),
});

const LoginQuery = z.object({
  returnTo: z.string().regex(RETURN_TO, 'a path of this service: / or /#/screen').optional(),
});

const notConfigured = () =>
  new AppError('NOT_FOUND', 'OpenID Connect sign-in is not configured (OIDC_ISSUER is unset): the service runs in development mode, where staff paste a token.');

const eventContext = (deps: AppDeps, ctx: Context): AuthEventContext => ({
  now: deps.now(),
  requestId: String(ctx.state.requestId),
  source: ctx.ip || ctx.socket.remoteAddress || 'unknown',
});

function redirect(ctx: Context, to: string): undefined {
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(to);
  ctx.status = 303;
  return undefined;
}

export function authRoutes(deps: AppDeps, auth: AuthWiring | null): RouteDef[] {
  return [
    route({
      method: 'get', path: '/auth/session', tag: 'auth', summary: 'How staff sign in here, and the current browser session (if any)',
      response: AuthSession,
      handler: async ({ ctx }) => {
        ctx.set('Cache-Control', 'no-store');
        const none = { signedIn: false, sub: null, name: null, role: null, expiresAt: null, idleExpiresAt: null, csrfToken: null };
        if (!auth) return { mode: 'development' as const, ...none, idleTimeoutSeconds: null };
        const idleTimeoutSeconds = deps.services.sessions.policy.idleSeconds;
        const secret = readCookie(ctx, auth.cookies.session);
        const found = secret ? await deps.services.sessions.resolve(secret, eventContext(deps, ctx)) : null;
        if (!found || 'expired' in found) {
          if (secret) clearCookie(ctx, auth.cookies.session, auth.cookies.secure);
          return { mode: 'oidc' as const, ...none, idleTimeoutSeconds };
        }
        const s = found.session;
        return {
          mode: 'oidc' as const, signedIn: true, sub: s.sub, name: s.name, role: s.role,
          expiresAt: s.expiresAt.toISOString(), idleExpiresAt: s.idleExpiresAt.toISOString(), idleTimeoutSeconds, csrfToken: s.csrfToken,
        };
      },
    }),
    route({
      method: 'get', path: '/auth/login', tag: 'auth', summary: "Starts a sign-in: redirects to the identity provider's sign-in page (303)",
      query: LoginQuery, successStatus: 303,
      handler: async ({ ctx, query }) => {
        if (!auth) throw notConfigured();
        let started;
        try {
          started = await auth.flow.start(query.returnTo ?? '/', deps.now());
        } catch (e) {
          if (e instanceof AppError && e.code === 'IDP_UNAVAILABLE') {
            deps.logger.warn({ err: e, requestId: ctx.state.requestId }, 'identity provider unavailable');
            return redirect(ctx, '/#/signin?refused=IDP_UNAVAILABLE');
          }
          throw e;
        }
        setCookie(ctx, auth.cookies.login, started.cookieSecret, 600, auth.cookies.secure);
        return redirect(ctx, started.url.href);
      },
    }),
    route({
      method: 'get', path: '/auth/callback', tag: 'auth', summary: "The identity provider's redirect back (OIDC_REDIRECT_URI): signs in and redirects to the web app (303)",
      query: CallbackQuery, successStatus: 303,
      handler: async ({ ctx }) => {
        if (!auth) throw notConfigured();
        const loginSecret = readCookie(ctx, auth.cookies.login);
        clearCookie(ctx, auth.cookies.login, auth.cookies.secure);
        let done;
        try {
          done = await auth.flow.finish(loginSecret, ctx.querystring, eventContext(deps, ctx));
        } catch (e) {
          if (e instanceof AppError && e.code === 'IDP_UNAVAILABLE') return redirect(ctx, '/#/signin?refused=IDP_UNAVAILABLE');
          throw e;
        }
        if (!done.ok) return redirect(ctx, done.code === 'NO_ROLE' ? '/#/no-role' : `/#/signin?refused=${done.code}`);
        setCookie(ctx, auth.cookies.session, done.cookieSecret, deps.services.sessions.policy.maxAgeSeconds, auth.cookies.secure);
        return redirect(ctx, done.returnTo);
      },
    }),
    route({
      method: 'post', path: '/auth/logout', tag: 'auth', summary: "Signs out: ends the session here and gives the identity provider's logout URL",
      response: SignOutResult,
      handler: async ({ ctx }) => {
        ctx.set('Cache-Control', 'no-store');
        if (!auth) return { signedOut: false, endSessionUrl: null };
        const secret = readCookie(ctx, auth.cookies.session);
        const session = secret ? await deps.services.sessions.peek(secret) : null;
        // Signing someone out is a state change too: only this origin's script may do it.
        if (session) checkCsrf(ctx, session, auth.settings.origin);
        const url = await auth.flow.signOut(session, secret, eventContext(deps, ctx));
        clearCookie(ctx, auth.cookies.session, auth.cookies.secure);
        return { signedOut: session !== null, endSessionUrl: url?.href ?? null };
      },
    }),
  ];
}
