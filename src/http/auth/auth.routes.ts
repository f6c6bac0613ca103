/**
 * Staff sign-in through the department's identity provider (OpenID Connect, authorization code
 * with PKCE; the service is the confidential client). With OIDC unset (development mode) the
 * session route says so and the others answer 404: staff paste a token, as before.
 *
 * These routes are public by necessity (nobody is signed in yet when they are called); each
 * records its own audit entries (sign-in, refused sign-in, sign-out) with the provider's subject.
 */
import { z } from 'zod';
import { RETURN_TO, type SignInFlow } from '../../auth/sign-in';
import type { OidcSettings } from '../../config';
import type { AuthEventContext } from '../../domain/auth/sessions.service';
import { AppError } from '../../errors';
import { type CookieNames, clearedCookie, cookie, readCookie } from '../cookies';
import type { AppDeps } from '../../deps';
import { checkCsrf } from '../middleware/auth';
import { type RequestInfo, type RouteDef, redirect, reply, route } from '../route';
import { RoleEnum } from '../vocabulary';

export interface AuthWiring {
  settings: OidcSettings;
  flow: SignInFlow;
  cookies: CookieNames;
}

const SignInMode = z.enum(['oidc', 'development']).meta({
  id: 'SignInMode',
  description:
    'oidc: staff sign in through the identity provider (session cookie); development: OIDC is not configured and staff paste a token',
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
    idleSlackSeconds: z.number().nullable().meta({
      description:
        'The idle end may come this many seconds before the last call plus idleTimeoutSeconds (use is recorded at most this often)',
    }),
    csrfToken: z
      .string()
      .nullable()
      .meta({ description: 'Send it in the X-CSRF-Token header with every state-changing request made with the session cookie' }),
  })
  .meta({ id: 'AuthSession' });

export const SignOutResult = z
  .object({
    signedOut: z.boolean(),
    endSessionUrl: z
      .string()
      .nullable()
      .meta({ description: "The identity provider's logout page (RP-initiated logout), when it has one: the browser goes there next" }),
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
  new AppError(
    'NOT_FOUND',
    'OpenID Connect sign-in is not configured (OIDC_ISSUER is unset): the service runs in development mode, where staff paste a token.',
  );

const eventContext = (deps: AppDeps, request: RequestInfo): AuthEventContext => ({
  now: deps.now(),
  requestId: request.id,
  source: request.source,
});

const NO_STORE = { 'Cache-Control': 'no-store' };

export function authRoutes(deps: AppDeps, auth: AuthWiring | null): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/auth/session',
      tag: 'auth',
      summary: 'How staff sign in here, and the current browser session (if any)',
      response: AuthSession,
      handler: async ({ request }) => {
        const none = { signedIn: false, sub: null, name: null, role: null, expiresAt: null, idleExpiresAt: null, csrfToken: null };
        if (!auth)
          return reply({ mode: 'development' as const, ...none, idleTimeoutSeconds: null, idleSlackSeconds: null }, { headers: NO_STORE });
        const idleTimeoutSeconds = deps.services.sessions.policy.idleSeconds;
        const idleSlackSeconds = deps.services.sessions.idleSlackSeconds;
        const secret = readCookie(request, auth.cookies.session);
        const found = secret ? await deps.services.sessions.resolve(secret, eventContext(deps, request)) : null;
        if (!found || 'expired' in found) {
          const headers = secret ? { ...NO_STORE, 'Set-Cookie': clearedCookie(auth.cookies.session, auth.cookies.secure) } : NO_STORE;
          return reply({ mode: 'oidc' as const, ...none, idleTimeoutSeconds, idleSlackSeconds }, { headers });
        }
        const s = found.session;
        const session = {
          mode: 'oidc' as const,
          signedIn: true,
          sub: s.sub,
          name: s.name,
          role: s.role,
          expiresAt: s.expiresAt.toISOString(),
          idleExpiresAt: s.idleExpiresAt.toISOString(),
          idleTimeoutSeconds,
          idleSlackSeconds,
          csrfToken: s.csrfToken,
        };
        return reply(session, { headers: NO_STORE });
      },
    }),
    route({
      method: 'get',
      path: '/auth/login',
      tag: 'auth',
      summary: "Starts a sign-in: redirects to the identity provider's sign-in page (303)",
      query: LoginQuery,
      successStatus: 303,
      handler: async ({ request, query }) => {
        if (!auth) throw notConfigured();
        let started;
        try {
          started = await auth.flow.start(query.returnTo ?? '/', deps.now());
        } catch (e) {
          if (e instanceof AppError && e.code === 'IDP_UNAVAILABLE') {
            deps.logger.warn({ err: e, requestId: request.id }, 'identity provider unavailable');
            return redirect('/#/signin?refused=IDP_UNAVAILABLE');
          }
          throw e;
        }
        return redirect(started.url.href, { 'Set-Cookie': cookie(auth.cookies.login, started.cookieSecret, 600, auth.cookies.secure) });
      },
    }),
    route({
      method: 'get',
      path: '/auth/callback',
      tag: 'auth',
      summary: "The identity provider's redirect back (OIDC_REDIRECT_URI): signs in and redirects to the web app (303)",
      query: CallbackQuery,
      successStatus: 303,
      handler: async ({ request }) => {
        if (!auth) throw notConfigured();
        const loginSecret = readCookie(request, auth.cookies.login);
        // The sign-in attempt's cookie is single use: cleared whatever the outcome.
        const clearLogin = clearedCookie(auth.cookies.login, auth.cookies.secure);
        let done;
        try {
          done = await auth.flow.finish(loginSecret, request.querystring, eventContext(deps, request));
        } catch (e) {
          if (e instanceof AppError && e.code === 'IDP_UNAVAILABLE')
            return redirect('/#/signin?refused=IDP_UNAVAILABLE', { 'Set-Cookie': clearLogin });
          throw e;
        }
        if (!done.ok)
          return redirect(done.code === 'NO_ROLE' ? '/#/no-role' : `/#/signin?refused=${done.code}`, { 'Set-Cookie': clearLogin });
        const session = cookie(auth.cookies.session, done.cookieSecret, deps.services.sessions.policy.maxAgeSeconds, auth.cookies.secure);
        return redirect(done.returnTo, { 'Set-Cookie': [clearLogin, session] });
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      tag: 'auth',
      summary: "Signs out: ends the session here and gives the identity provider's logout URL",
      response: SignOutResult,
      handler: async ({ request }) => {
        if (!auth) return reply({ signedOut: false, endSessionUrl: null }, { headers: NO_STORE });
        const secret = readCookie(request, auth.cookies.session);
        const session = secret ? await deps.services.sessions.peek(secret) : null;
        // Signing someone out is a state change too: only this origin's script may do it.
        if (session) checkCsrf(request, session, auth.settings.origin);
        const url = await auth.flow.signOut(session, secret, eventContext(deps, request));
        const headers = { ...NO_STORE, 'Set-Cookie': clearedCookie(auth.cookies.session, auth.cookies.secure) };
        return reply({ signedOut: session !== null, endSessionUrl: url?.href ?? null }, { headers });
      },
    }),
  ];
}
