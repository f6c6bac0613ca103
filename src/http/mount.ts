import Router from '@koa/router';
import type { Context } from 'koa';
import { ANONYMOUS, type Actor, type Anonymous } from '../auth/roles';
import type { JwtSettings } from '../auth/tokens';
import { AppError } from '../errors';
import { ACCESS } from './access';
import { readJsonBody } from './middleware/body';
import { authorize } from './middleware/auth';
import { type RouteDef, parseOrThrow, routeKey } from './route';

export interface MountOptions {
  jwt: JwtSettings;
  bodyLimit: number;
  /** Called for every refused (401/403) request and every completed authenticated request. */
  onAuthRefused?: (ctx: Context, err: AppError) => Promise<void>;
}

export function mountRoutes(router: Router, defs: readonly RouteDef[], opts: MountOptions): void {
  for (const def of defs) {
    const key = routeKey(def.method, def.path);
    const access = ACCESS[key];
    if (access === undefined) throw new Error(`Route ${key} has no entry in the access table (src/http/access.ts)`);
    router[def.method](def.path, async (ctx: Context) => {
      ctx.state.routeTemplate = def.path;
      let actor: Actor | Anonymous = ANONYMOUS;
      if (access !== 'public') {
        try {
          actor = authorize(ctx, opts.jwt, access);
        } catch (e) {
          if (e instanceof AppError && opts.onAuthRefused) await opts.onAuthRefused(ctx, e);
          throw e;
        }
      }
      const params = def.params ? parseOrThrow(def.params, ctx.params, 'params') : {};
      const query = def.query ? parseOrThrow(def.query, { ...ctx.query }, 'query') : {};
      let body: unknown;
      if (def.bodyMode === 'stream') {
        const types = def.streamTypes ?? [];
        if (!ctx.is(...types)) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as one of: ${types.join(', ')}.`);
        }
      } else if (def.body) {
        body = parseOrThrow(def.body, await readJsonBody(ctx, opts.bodyLimit), 'body');
      }
      const result = await def.handler({ params, query, body, actor, ctx } as Parameters<typeof def.handler>[0]);
      if (result !== undefined) {
        ctx.status = def.successStatus ?? 200;
        ctx.body = result;
      }
    });
  }
}
