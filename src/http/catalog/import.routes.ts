/**
 * Bulk import of recording metadata: the request body is streamed straight into the
 * domain import (never buffered), capped at IMPORT_BODY_LIMIT while it is read (middleware/body.ts).
 */
import { type ImportFormat, ImportSummary, importRecordings } from '../../domain/catalog/import.service';
import { AppError } from '../../errors';
import { cappedBody } from '../middleware/body';
import type { AppDeps } from '../../deps';
import { type RequestInfo, type RouteDef, actorOf, route } from '../route';

const IMPORT_TYPES: Record<string, ImportFormat> = { 'application/x-ndjson': 'ndjson', 'text/csv': 'csv' };

function formatOf(request: RequestInfo): ImportFormat {
  const type = request.is(...Object.keys(IMPORT_TYPES));
  const format = type ? IMPORT_TYPES[type] : undefined;
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as one of: ${Object.keys(IMPORT_TYPES).join(', ')}.`);
  const charset = request.charset;
  if (charset && !/^utf-?8$/i.test(charset))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `The body must be UTF-8 (got charset=${charset}).`);
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
      // On a failure the rest of the body may be unread: mount.ts closes the connection (bodyMode 'stream').
      handler: async (input) => {
        const { request } = input;
        const body = cappedBody(request.stream, request.get('content-length'), deps.config.IMPORT_BODY_LIMIT, {
          advice: 'Split the file.',
        });
        return importRecordings(body, formatOf(request), deps.services, actorOf(input), deps.now());
      },
    }),
  ];
}
