/**
 * One declaration per route: method, path, zod schemas for params/query/body/response,
 * and a handler that calls one domain service. The same declaration drives validation,
 * authorization (roles come from the single access table), and the OpenAPI document.
 * A handler never writes the response itself: it returns the body (sent as JSON with the
 * route's successStatus), or a Reply saying the status, headers and body (text, bytes or a
 * stream), and mount.ts sends it.
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Actor, Anonymous } from '../auth/roles';
import { AppError, type FieldError } from '../errors';

export type Method = 'get' | 'post' | 'put' | 'delete';

/** A query schema names its parameters (a z.object, possibly refined), so unknown ones can be refused. */
export type QuerySchema<Q> = z.ZodType<Q> & { shape: object };

/** The query parameters a route declares; a route without a query schema declares none. */
export const queryNames = (def: Pick<RouteDef, 'query'>): string[] => (def.query ? Object.keys(def.query.shape) : []);

/** What a handler may read of the request besides params, query and body; it cannot write anything. */
export interface RequestInfo {
  /** This request's id (X-Request-Id), as the logs and the audit trail name it. */
  readonly id: string;
  /** The caller's address. */
  readonly source: string;
  readonly method: string;
  /** The raw query string (the identity provider's redirect back is checked as it was sent). */
  readonly querystring: string;
  /** A request header, '' when absent. */
  get(name: string): string;
  /** The body's media type when it is one of `types` (koa's ctx.is). */
  is(...types: string[]): string | false | null;
  /** The body's declared charset, '' when none. */
  readonly charset: string;
  /** The raw body, read by bodyMode 'stream' routes only. */
  readonly stream: AsyncIterable<unknown>;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The verified caller; Anonymous only on public routes (health, docs). */
  actor: Actor | Anonymous;
  request: RequestInfo;
  /**
   * Records the recordings a non-JSON answer (a letter, a file) shows, for the audit trail's "who
   * saw this recording": each `recordingId` / `recordingIds` inside `value`. A JSON answer is read
   * this way without asking (mount.ts).
   */
  shows: (value: unknown) => void;
  /**
   * Hands over a write the answer depends on that is still in flight (an eligibility answer's
   * decision-log entry): the answer is sent only once it is stored, and a failed write fails the
   * request. The audit entry is written meanwhile, beside it, instead of after it (mount.ts).
   */
  durable: (write: Promise<unknown>) => void;
}

/** A body other than JSON: text, bytes or a stream; null for none (304, redirects). */
export type RawBody = string | Buffer | Readable | null;

export interface ReplyInit {
  /** Default: the route's successStatus, else 200. */
  status?: number;
  /** Content-Type; default JSON for an object body. */
  type?: string;
  headers?: Readonly<Record<string, string | readonly string[]>>;
  /** Sent as an attachment with this file name (Content-Disposition). */
  attachment?: string;
  /** Redirects here (Location), with the status given (303 by default). */
  redirect?: string;
}

/** An answer that says more than its JSON body: a status, headers, a content type, a non-JSON body. */
export class Reply<T = unknown> {
  constructor(
    readonly body: T,
    readonly init: ReplyInit = {},
  ) {}
}

export const reply = <T>(body: T, init: ReplyInit = {}): Reply<T> => new Reply(body, init);

/** A 303 to `location`, never cached (sign-in steps). */
export const redirect = (location: string, headers: ReplyInit['headers'] = {}): Reply<null> =>
  new Reply(null, { status: 303, redirect: location, headers: { 'Cache-Control': 'no-store', ...headers } });

export interface RouteDef<P = unknown, Q = unknown, B = unknown, R = unknown> {
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
  /** 'stream': the handler reads request.stream itself (imports); 'json' (default when body is set). */
  bodyMode?: 'json' | 'stream';
  /** Media types accepted when bodyMode is 'stream'. */
  streamTypes?: string[];
  /** The JSON answer's schema: the handler's answer is typed by it, OpenAPI documents it. */
  response?: z.ZodType<R>;
  /** Status of a successful answer (default 200); a Reply may say otherwise (201 or 200 for upserts). */
  successStatus?: number;
  /** Other content types the route can answer with (CSV, PDF, text), as a Reply. */
  produces?: string[];
  /** The answer, or a promise of it (a handler with nothing to wait for answers synchronously). */
  handler(input: RouteInput<P, Q, B>): NoInfer<R> | Reply<NoInfer<R> | RawBody> | Promise<NoInfer<R> | Reply<NoInfer<R> | RawBody>>;
}

/** Typed constructor: infers P/Q/B/R from the schemas so the handler is fully typed. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined, R = unknown>(
  def: RouteDef<P, Q, B, R>,
): RouteDef<P, Q, B, R> {
  return def;
}

function zodIssuesToFieldErrors(error: z.ZodError, where: string): FieldError[] {
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
