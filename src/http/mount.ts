/**
 * Mounts route definitions on the router: access check from the single table, zod
 * validation of params/query/body (queries are strict: an undeclared parameter is a 400, see
 * strict-query.ts), one handler call, and an audit entry for every authenticated or refused
 * request (success or failure).
 */
import { createHash } from 'node:crypto';
import Router from '@koa/router';
import type { Context } from 'koa';
import { ANONYMOUS, type Actor, type Anonymous } from '../auth/roles';
import type { JwtSettings } from '../auth/tokens';
import { AppError } from '../errors';
import { ACCESS } from './access';
import { readJsonBody } from './middleware/body';
import { type SessionAuth, authorize } from './middleware/auth';
import { toAppError } from './middleware/problem';
import { type RouteDef, parseOrThrow, queryNames, routeKey } from './route';
import { assertKnownQueryKeys } from './strict-query';

export interface AuditRecord {
  actor: { sub: string; role: string };
  action: string;
  targets: string[];
  status: number;
  code: string | null;
  bodyDigest: string | null;
}

export interface MountOptions {
  jwt: JwtSettings;
  bodyLimit: number;
  /** Session cookies (OpenID Connect configured); null in development mode: bearer tokens only. */
  sessions?: SessionAuth | null;
  /** Records one audit entry; must not throw (failures are the callee's to log). */
  audit?: (ctx: Context, record: AuditRecord) => Promise<void>;
}

function targetsOf(params: unknown, body: unknown): string[] {
  const out: string[] = [];
  if (params && typeof params === 'object') for (const v of Object.values(params)) if (typeof v === 'string') out.push(v);
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b.recordingIds)) for (const v of b.recordingIds.slice(0, 1000)) if (typeof v === 'string') out.push(v);
    if (typeof b.caseNumber === 'string') out.push(b.caseNumber);
    if (typeof b.orderNumber === 'string') out.push(b.orderNumber);
  }
  return [...new Set(out)];
}

export function mountRoutes(router: Router, defs: readonly RouteDef[], opts: MountOptions): void {
  for (const def of defs) {
    const key = routeKey(def.method, def.path);
    const access = ACCESS[key];
    if (access === undefined) throw new Error(`Route ${key} has no entry in the access table (src/http/access.ts)`);
    const declaredQuery = queryNames(def);
    router[def.method](def.path, async (ctx: Context) => {
      ctx.state.routeTemplate = def.path;
      let actor: Actor | Anonymous = ANONYMOUS;
      let params: unknown = ctx.params;
      let body: unknown;
      let failure: AppError | null = null;
      let authFailed = false;
      try {
        if (access !== 'public') {
          try {
            actor = await authorize(ctx, opts.jwt, access, opts.sessions ?? null);
          } catch (e) {
            authFailed = true;
            if (e instanceof AppError && e.code === 'FORBIDDEN' && ctx.state.actor) actor = ctx.state.actor as Actor;
            throw e;
          }
        }
        params = def.params ? parseOrThrow(def.params, ctx.params, 'params') : {};
        if (!def.ignoresQuery) assertKnownQueryKeys(ctx.query, declaredQuery);
        const query = def.query ? parseOrThrow(def.query, { ...ctx.query }, 'query') : {};
        if (def.bodyMode === 'stream') {
          const types = def.streamTypes ?? [];
          if (!ctx.is(...types)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as one of: ${types.join(', ')}.`);
        } else if (def.body) {
          body = parseOrThrow(def.body, await readJsonBody(ctx, opts.bodyLimit), 'body');
        }
        const result = await def.handler({ params, query, body, actor, ctx } as Parameters<typeof def.handler>[0]);
        if (result !== undefined) {
          ctx.status = def.successStatus ?? 200;
          ctx.body = result;
        }
      } catch (e) {
        failure = toAppError(e);
        throw e;
      } finally {
        if (opts.audit && (access !== 'public' || authFailed)) {
          await opts.audit(ctx, {
            actor: { sub: actor.sub, role: actor.role },
            action: key,
            targets: targetsOf(params, body),
            status: failure ? failure.status : ctx.status,
            code: failure ? failure.code : null,
            bodyDigest: body === undefined ? null : createHash('sha256').update(JSON.stringify(body)).digest('hex'),
          });
        }
      }
    });
  }
}
