/**
 * Mounts route definitions on the router: access check from the single table, zod
 * validation of params/query/body (queries are strict: an undeclared parameter is a 400, see
 * strict-query.ts), one handler call, the one place its answer is written to the response, and
 * an audit entry for every authenticated or refused request (success or failure).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Router from '@koa/router';
import type { Context } from 'koa';
import { ANONYMOUS, type Actor, type Anonymous } from '../auth/roles';
import type { JwtSettings } from '../auth/tokens';
import { AppError } from '../errors';
import { ACCESS, type AccessTable } from './access';
import { readJsonBody } from './middleware/body';
import { type SessionAuth, authorize } from './middleware/auth';
import { toAppError } from './middleware/problem';
import { type RequestInfo, type RouteDef, Reply, parseOrThrow, queryNames, routeKey } from './route';
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
  /** Records one audit entry; rejects when it could not be stored (the request then fails closed: 503). */
  audit?: (ctx: Context, record: AuditRecord) => Promise<void>;
  /** The access table (default: the service's own, src/http/access.ts). */
  access?: AccessTable;
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

/** Recording ids recorded per audit entry; a response showing more is recorded in several entries. */
export const TARGETS_PER_ENTRY = 500;
/** At most this many recordings shown are recorded for one response (ten entries). */
const MAX_SHOWN = 10 * TARGETS_PER_ENTRY;

/**
 * Every recording id a response shows: the values of `recordingId` keys and the items of
 * `recordingIds` arrays anywhere in it (every response schema names recordings that way).
 */
function recordingIdsIn(value: unknown, out: Set<string>, depth = 0): Set<string> {
  if (out.size >= MAX_SHOWN || depth > 12 || value === null || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) recordingIdsIn(v, out, depth + 1);
    return out;
  }
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function' || value instanceof Date) return out;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'recordingId' && typeof v === 'string') {
      out.add(v);
    } else if (k === 'recordingIds' && Array.isArray(v)) {
      for (const id of v) if (typeof id === 'string' && out.size < MAX_SHOWN) out.add(id);
    } else {
      recordingIdsIn(v, out, depth + 1);
    }
  }
  return out;
}

/** The targets in entries of at most TARGETS_PER_ENTRY: what the call named first, then what it showed. */
export function targetChunks(named: readonly string[], shown: ReadonlySet<string>): string[][] {
  const all = [...new Set([...named, ...shown])];
  if (all.length <= TARGETS_PER_ENTRY) return [all];
  const chunks: string[][] = [];
  for (let i = 0; i < all.length; i += TARGETS_PER_ENTRY) chunks.push(all.slice(i, i + TARGETS_PER_ENTRY));
  return chunks;
}

/** The request as a handler may see it: read-only. */
function requestInfo(ctx: Context): RequestInfo {
  return {
    id: String(ctx.state.requestId),
    source: ctx.ip || ctx.socket.remoteAddress || 'unknown',
    method: ctx.method,
    querystring: ctx.querystring,
    get: (name) => ctx.get(name),
    is: (...types) => ctx.is(...types),
    charset: ctx.request.charset,
    stream: ctx.req,
  };
}

const WHERE = ['body', 'query', 'params'] as const;

/** The top-level key a field path starts with: `recordingIds` of `recordingIds[3]`, `files` of `files.a.yaml`. */
const topKey = (path: string): string => /^[^.[]*/.exec(path)?.[0] ?? path;

/**
 * Domain errors name bare fields (`knownAt`, `supersedes`, `cursor`); the caller needs to know
 * where the value was sent. The route knows: the field is a key of the body, the query or the
 * path parameters it passed the handler, so that part is prefixed. Paths already located (by the
 * schema validation, or a route's own check) are kept.
 */
function located(err: AppError, sent: Record<(typeof WHERE)[number], unknown>): AppError {
  if (err.errors.length === 0) return err;
  const place = (path: string): string => {
    if (WHERE.some((w) => path.startsWith(`${w}.`))) return path;
    const key = topKey(path);
    const where = WHERE.find((w) => {
      const v = sent[w];
      return typeof v === 'object' && v !== null && Object.hasOwn(v, key);
    });
    return where ? `${where}.${path}` : path;
  };
  return new AppError(
    err.code,
    err.message,
    err.errors.map((e) => ({ ...e, path: place(e.path) })),
    err.extra,
  );
}

/** Writes a handler's answer: a JSON body with the route's success status, or what its Reply says. */
function send(ctx: Context, def: RouteDef, result: unknown): void {
  if (!(result instanceof Reply)) {
    ctx.status = def.successStatus ?? 200;
    ctx.body = result;
    return;
  }
  const { status, type, headers, attachment, redirect } = result.init;
  // Remembered so that an answer withdrawn after it was written (withdraw) takes its headers with it.
  ctx.state.replyHeaders = [
    ...Object.keys(headers ?? {}),
    ...(attachment ? ['Content-Disposition'] : []),
    ...(redirect ? ['Location'] : []),
  ];
  for (const [name, value] of Object.entries(headers ?? {})) ctx.set(name, typeof value === 'string' ? value : [...value]);
  // attachment() sets the type from the file name: an explicit type, set after it, wins.
  if (attachment) ctx.attachment(attachment);
  if (type) ctx.type = type;
  if (redirect) ctx.redirect(redirect);
  if (result.body !== null || !redirect) ctx.body = result.body;
  ctx.status = status ?? def.successStatus ?? 200;
}

/**
 * Takes back an answer written by send() but not yet sent (koa sends after the middleware
 * returns), when the request fails afterwards: a streamed body is closed (its database cursor
 * with it), and the headers its Reply set (a cookie, an attachment name, a redirect) are removed,
 * so the problem document goes out alone.
 */
function withdraw(ctx: Context): void {
  const body: unknown = ctx.body;
  if (body instanceof Readable) body.destroy();
  const names: unknown = ctx.state.replyHeaders;
  if (Array.isArray(names)) for (const name of names) if (typeof name === 'string') ctx.remove(name);
}

/**
 * The answer given when a request's audit entry could not be stored: 503 whatever the handler
 * answered (fail closed: nothing is shown or reported done without its entry). A change the
 * handler made stays made (the domain has no way to take back a case event or an import without
 * a transaction, and undoing it would need its own audit entry): the changed record names who and
 * when (the updatedBy, recordedBy or history entry every stored record carries), the service log names the request
 * ("audit append failed", with its request id, actor, action and targets), so the gap is found
 * by comparing them, and the caller is told to check before repeating it.
 */
function auditFailed(method: string, handlerSucceeded: boolean, cause: unknown): AppError {
  const changed = handlerSucceeded && method !== 'get';
  const err = new AppError(
    'AUDIT_UNAVAILABLE',
    changed
      ? 'The change was made, but it could not be recorded in the audit trail, so it is not reported as done. Check its current state before repeating it.'
      : 'The request could not be recorded in the audit trail, so it was not answered; try again shortly.',
  );
  err.cause = cause;
  return err;
}

export function mountRoutes(router: Router, defs: readonly RouteDef[], opts: MountOptions): void {
  for (const def of defs) {
    const key = routeKey(def.method, def.path);
    const access = (opts.access ?? ACCESS)[key];
    if (access === undefined) throw new Error(`Route ${key} has no entry in the access table (src/http/access.ts)`);
    const declaredQuery = queryNames(def);
    router[def.method](def.path, async (ctx: Context) => {
      ctx.state.routeTemplate = def.path;
      let actor: Actor | Anonymous = ANONYMOUS;
      let params: unknown = ctx.params;
      let query: unknown;
      let body: unknown;
      let failure: AppError | null = null;
      /** What the request fails with, when it fails (thrown once its audit entry was attempted). */
      let thrown: { error: unknown } | null = null;
      let authFailed = false;
      const shown = new Set<string>();
      let handling = false;
      /** Writes the answer waits for (RouteInput.durable). */
      const pending: Promise<unknown>[] = [];
      /** The answer's audit entries went in beside its pending writes; the finally block then adds one only for a failure. */
      let audited = false;
      const bodyDigest = () => (body === undefined ? null : createHash('sha256').update(JSON.stringify(body)).digest('hex'));
      /** One entry per chunk of targets, queued together (the audit trail group-commits them in this order). */
      const writeAudit = async (record: NonNullable<MountOptions['audit']>, failed: AppError | null): Promise<void> => {
        const common = {
          actor: { sub: actor.sub, role: actor.role },
          action: key,
          status: failed ? failed.status : ctx.status,
          code: failed ? failed.code : null,
          bodyDigest: bodyDigest(),
        };
        await Promise.all(
          targetChunks(targetsOf(params, body), failed ? new Set() : shown).map((targets) => record(ctx, { ...common, targets })),
        );
      };
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
        query = def.query ? parseOrThrow(def.query, { ...ctx.query }, 'query') : {};
        if (def.bodyMode === 'stream') {
          const types = def.streamTypes ?? [];
          if (!ctx.is(...types)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as one of: ${types.join(', ')}.`);
        } else if (def.body) {
          body = parseOrThrow(def.body, await readJsonBody(ctx, opts.bodyLimit), 'body');
        }
        handling = true;
        const shows = (value: unknown) => void recordingIdsIn(value, shown);
        const durable = (write: Promise<unknown>) => {
          // Observed at once: a handler that fails after handing it over does not wait for it.
          write.catch(() => undefined);
          pending.push(write);
        };
        send(ctx, def, await def.handler({ params, query, body, actor, request: requestInfo(ctx), shows, durable }));
        // What the answer shows (a JSON body): "who saw this recording".
        if (ctx.status < 300) recordingIdsIn(ctx.body, shown);
        if (pending.length && opts.audit && access !== 'public') {
          // The audit entry and the writes the answer waits for go to the database side by side:
          // one round trip instead of two in sequence, and still both stored before the answer
          // leaves. Should a pending write fail after the entry was stored, the entry says the answer
          // was given when it was not (it over-reports, never under-reports, who saw what) and the
          // failure is recorded by a second entry (below). Should the entry fail, the answer is not given.
          const auditing = writeAudit(opts.audit, null).then(
            () => null,
            (e: unknown) => auditFailed(ctx.method.toLowerCase(), true, e),
          );
          audited = true;
          const [settled, auditError] = await Promise.all([Promise.allSettled(pending), auditing]);
          if (auditError) throw auditError;
          const failed = settled.find((r) => r.status === 'rejected');
          if (failed) throw failed.reason;
        } else if (pending.length) {
          await Promise.all(pending);
        }
      } catch (e) {
        failure = handling && e instanceof AppError ? located(e, { body, query, params }) : toAppError(e);
        // The handler may have read part of a streamed body: close the connection rather than drain it.
        if (handling && def.bodyMode === 'stream') ctx.set('Connection', 'close');
        thrown = { error: e instanceof AppError ? failure : e };
        if (handling) withdraw(ctx);
      }
      if (opts.audit && (access !== 'public' || authFailed) && (!audited || failure)) {
        try {
          await writeAudit(opts.audit, failure);
        } catch (e) {
          // Fail closed: the answer is replaced by a 503, unless it already is a server failure
          // (a database outage answered as such: its problem document says more, e.g. an import's
          // lines stored). When the entry that failed was the failure's own, the first was stored
          // or failed already and the caller gets the same 503.
          if (!failure || failure.status < 500) {
            if (!failure) withdraw(ctx);
            thrown = { error: failure?.code === 'AUDIT_UNAVAILABLE' ? failure : auditFailed(ctx.method.toLowerCase(), !failure, e) };
          }
        }
      }
      if (thrown) throw thrown.error;
    });
  }
}
