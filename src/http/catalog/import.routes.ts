/**
 * Bulk import of recording metadata: the request body is streamed straight into the
 * domain import (never buffered), capped at IMPORT_BODY_LIMIT while it is read.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import { type ImportFormat, ImportSummary, importRecordings } from '../../domain/catalog/import.service';
import { AppError } from '../../errors';
import type { AppDeps } from '../../deps';
import { type RouteDef, actorOf, route } from '../route';

export const IMPORT_TYPES: Record<string, ImportFormat> = { 'application/x-ndjson': 'ndjson', 'text/csv': 'csv' };

/** The body, chunk by chunk, failing with 413 as soon as it passes `limit` bytes. */
export async function* limitedBody(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of req) {
    const buf: Buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) throw new AppError('PAYLOAD_TOO_LARGE', `The import body exceeds the limit of ${limit} bytes; split the file.`);
    yield buf;
  }
}

function formatOf(ctx: Context): ImportFormat {
  const type = ctx.is(...Object.keys(IMPORT_TYPES));
  const format = type ? IMPORT_TYPES[type] : undefined;
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as one of: ${Object.keys(IMPORT_TYPES).join(', ')}.`);
  const charset = ctx.request.charset;
  if (charset && !/^utf-?8$/i.test(charset)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The body must be UTF-8 (got charset=${charset}).`);
  return format;
}

export function importRoutes(deps: AppDeps): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/v1/recordings/import',
      tag: 'recordings',
      summary:
        'Import recordings in bulk (NDJSON, or the evidence-system CSV export), streamed. Each line is validated like PUT /recordings/{id}; ' +
        'good lines are stored even when others are rejected; re-sending a file is idempotent (lines come back "unchanged"). ' +
        'A database failure mid-import answers 503 with `stored` and `lastLine`: re-send the file to complete it.',
      bodyMode: 'stream',
      streamTypes: Object.keys(IMPORT_TYPES),
      response: ImportSummary,
      handler: async (input) => {
        const { ctx } = input;
        const actor = actorOf(input);
        try {
          const format = formatOf(ctx);
          const limit = deps.config.IMPORT_BODY_LIMIT;
          const declared = Number(ctx.get('content-length') || NaN);
          if (Number.isFinite(declared) && declared > limit) {
            throw new AppError('PAYLOAD_TOO_LARGE', `The body is ${declared} bytes; the import limit is ${limit} bytes. Split the file.`);
          }
          return await importRecordings(limitedBody(ctx.req, limit), format, deps.services, actor, deps.now());
        } catch (e) {
          // The rest of the body may be unread: close the connection rather than drain it.
          ctx.set('Connection', 'close');
          throw e;
        }
      },
    }),
  ];
}
