/**
 * The HTTP application: createApp(deps) puts the middleware in order (request id, log line,
 * metrics, problem+json) and mounts every route declaration. It never listens: main.ts serves it,
 * tests call app.callback().
 */
import { randomUUID } from 'node:crypto';
import Router from '@koa/router';
import Koa, { type Context, type Next } from 'koa';
import { AppError } from '../errors';
import type { AppDeps } from '../deps';
import { ACCESS, type AccessTable } from './access';
import { metricsMiddleware } from './metrics';
import { mountRoutes } from './mount';
import { problemMiddleware } from './middleware/problem';
import { buildOpenApi } from './openapi';
import type { RouteDef } from './route';
import { SignInFlow } from '../auth/sign-in';
import { oidcSettings } from '../config';
import { cookieNames } from './cookies';
import { apiRoutes } from './routes';
import { type AuthWiring, authRoutes } from './auth/auth.routes';
import { OpenApiDocument, systemRoutes } from './system/system.routes';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface App {
  koa: Koa;
  routes: readonly RouteDef[];
  callback(): ReturnType<Koa['callback']>;
}

/** Routes only tests mount, with their own access entries (never part of the service's table). */
export interface ExtraRoutes {
  routes: (deps: AppDeps) => RouteDef[];
  access: AccessTable;
}

export function createApp(deps: AppDeps, extra: ExtraRoutes = { routes: () => [], access: {} }): App {
  // API routes first, then test-only extras (which may not shadow them, nor their access entries).
  const access: AccessTable = { ...extra.access, ...ACCESS };
  const koa = new Koa({ proxy: false });
  koa.silent = true;
  let openApiDoc: OpenApiDocument | undefined;
  const all: RouteDef[] = [];
  // OpenID Connect sign-in when configured; otherwise development mode (pasted bearer tokens only).
  const oidc = oidcSettings(deps.config);
  const auth: AuthWiring | null = oidc
    ? { settings: oidc, flow: new SignInFlow(oidc, deps.services.sessions), cookies: cookieNames(oidc) }
    : null;
  all.push(
    ...systemRoutes(deps, () => (openApiDoc ??= OpenApiDocument.parse(buildOpenApi(all, deps.rulesVersion, access)))),
    ...authRoutes(deps, auth),
    ...apiRoutes(deps),
    ...extra.routes(deps),
  );

  koa.use(async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    ctx.set('X-Content-Type-Options', 'nosniff');
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const actor: unknown = ctx.state.actor;
      deps.logger.info(
        { requestId: ctx.state.requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10, actor },
        'request',
      );
    }
  });
  koa.use(metricsMiddleware(deps.metrics));
  koa.use(problemMiddleware(deps.logger));

  const router = new Router();
  mountRoutes(router, all, {
    access,
    jwt: deps.config,
    bodyLimit: deps.config.BODY_LIMIT,
    sessions: auth && {
      cookieName: auth.cookies.session,
      origin: auth.settings.origin,
      resolve: (ctx, secret) =>
        deps.services.sessions.resolve(secret, {
          now: deps.now(),
          requestId: String(ctx.state.requestId),
          source: ctx.ip || ctx.socket.remoteAddress || 'unknown',
        }),
    },
    audit: async (ctx, r) => {
      try {
        await deps.services.audit.append({
          at: deps.now(),
          actor: r.actor,
          action: r.action,
          targets: r.targets,
          requestId: String(ctx.state.requestId),
          source: ctx.ip || ctx.socket.remoteAddress || 'unknown',
          outcome: { status: r.status, code: r.code },
          bodyDigest: r.bodyDigest,
        });
      } catch (err) {
        // The request is answered 503 (mount.ts fails closed); this line names what went unrecorded.
        deps.logger.error(
          { err, requestId: ctx.state.requestId, actor: r.actor, action: r.action, targets: r.targets, status: r.status, code: r.code },
          'audit append failed',
        );
        throw err;
      }
    },
  });
  koa.use(router.routes());
  // Methods the router does not know at all (TRACE, CONNECT...) are a 405 problem too, not a 501 shown as 500.
  koa.use(
    router.allowedMethods({ throw: true, notImplemented: () => new AppError('METHOD_NOT_ALLOWED', 'This method is not supported.') }),
  );

  return { koa, routes: all, callback: () => koa.callback() };
}
