/**
 * One declaration per route: method, path, zod schemas for params/query/body/response,
 * and a handler that calls one domain service. The same declaration drives validation,
 * authorization (roles come from the single access table), and the OpenAPI document.
 */
import type { Context } from 'koa';
import { z } from 'zod';
import type { Actor, Anonymous } from '../auth/roles';
import { AppError, type FieldError } from '../errors';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** A query schema names its parameters (a z.object, possibly refined), so unknown ones can be refused. */
export type QuerySchema<Q> = z.ZodType<Q> & { shape: object };

/** The query parameters a route declares; a route without a query schema declares none. */
export const queryNames = (def: Pick<RouteDef, 'query'>): string[] => (def.query ? Object.keys(def.query.shape) : []);

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The verified caller; Anonymous only on public routes (health, docs). */
  actor: Actor | Anonymous;
  ctx: Context;
  /**
   * Records the recordings a body the handler sends itself (a letter, a file) shows, for the audit
   * trail's "who saw this recording": any `recordingId` / `recordingIds` inside `value`. A returned
   * result is read this way without asking (mount.ts).
   */
  shows(value: unknown): void;
}

export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  /** An object schema: its keys are the only query parameters the route accepts (mount.ts refuses any other). */
  query?: QuerySchema<Q>;
  /**
   * Only for the web app's page: the address bar may carry any query string (client-side state,
   * a link from elsewhere) and the server never reads it, so nothing can be misread by ignoring it.
   */
  ignoresQuery?: true;
  body?: z.ZodType<B>;
  /** 'stream': the handler reads ctx.req itself (imports); 'json' (default when body is set). */
  bodyMode?: 'json' | 'stream';
  /** Media types accepted when bodyMode is 'stream'. */
  streamTypes?: string[];
  response?: z.ZodType;
  /** Status of a successful answer (default 200). */
  successStatus?: number;
  /** Other content types the route can answer with (CSV, PDF, text). */
  produces?: string[];
  handler(input: RouteInput<P, Q, B>): Promise<unknown>;
}

/** Typed constructor: infers P/Q/B from the schemas so the handler is fully typed. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return def;
}

export function zodIssuesToFieldErrors(error: z.ZodError, where: string): FieldError[] {
  return error.issues.map((i) => ({
    path: [where, ...i.path.map(String)].join('.'),
    message: i.message,
  }));
}

export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: 'params' | 'query' | 'body'): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const errors = zodIssuesToFieldErrors(r.error, where);
    const first = errors[0];
    throw new AppError('VALIDATION_FAILED', first ? `${first.path}: ${first.message}` : `Invalid ${where}`, errors);
  }
  return r.data;
}

/** koa-style `/recordings/:id` to OpenAPI `/recordings/{id}`. */
export const openApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');
export const routeKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** The verified caller of a protected route (the access table guarantees one). */
export function actorOf(input: { actor: Actor | Anonymous }): Actor {
  const a = input.actor;
  if (a.role === 'anonymous') throw new AppError('UNAUTHENTICATED', 'This action needs an authenticated caller.');
  return { sub: a.sub, role: a.role };
}
