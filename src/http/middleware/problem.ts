/**
 * The single place where errors become HTTP responses (RFC 9457 application/problem+json).
 * AppError keeps its code (the stores report database outages as DB_UNAVAILABLE, 503);
 * koa/http-errors with an exposed 4xx keep their status; anything else is a 500 whose detail
 * never leaks internals.
 */
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { AppError, ERROR_STATUS, ERROR_TITLES, type ErrorCode, type FieldError } from '../../errors';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  requestId?: string;
  errors: FieldError[];
  [extra: string]: unknown;
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'MALFORMED_BODY',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  503: 'DB_UNAVAILABLE',
};

interface HttpLikeError {
  status?: unknown;
  expose?: unknown;
  message?: unknown;
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as HttpLikeError;
  const status = typeof e.status === 'number' ? e.status : 500;
  if (status >= 400 && status < 500 && e.expose === true) {
    const code = STATUS_TO_CODE[status] ?? 'MALFORMED_BODY';
    return new AppError(code, typeof e.message === 'string' ? e.message : ERROR_TITLES[code]);
  }
  return new AppError('INTERNAL', 'An unexpected error occurred. The request id identifies it in the logs.');
}

function problemFor(err: AppError, ctx: Context): ProblemDocument {
  const slug = err.code.toLowerCase().replace(/_/g, '-');
  return {
    ...err.extra,
    type: `/problems/${slug}`,
    title: ERROR_TITLES[err.code],
    status: ERROR_STATUS[err.code],
    detail: err.message,
    code: err.code,
    instance: ctx.path,
    requestId: typeof ctx.state.requestId === 'string' ? ctx.state.requestId : undefined,
    errors: err.errors,
  };
}

export function problemMiddleware(logger: Logger) {
  return async function problem(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (raw) {
      const err = toAppError(raw);
      if (err.code === 'INTERNAL') {
        logger.error({ err: raw, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled error');
      } else if (err.code === 'DB_UNAVAILABLE') {
        logger.warn({ err: raw, requestId: ctx.state.requestId }, 'database unavailable');
      }
      ctx.status = err.status;
      ctx.type = 'application/problem+json';
      ctx.body = JSON.stringify(problemFor(err, ctx));
      if (err.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
    }
  };
}
