/**
 * Reads a JSON request body with a hard size cap (413), strict UTF-8 (invalid bytes are a
 * 400, not silently replaced), a nesting-depth cap, and no keys that could become MongoDB
 * operators or pollute prototypes ($-prefixed, dotted, __proto__, constructor, prototype).
 */
import type { Context } from 'koa';
import { AppError } from '../../errors';
import { parseJsonText } from '../../safe-json';

/**
 * The body chunk by chunk, refused with 413 before reading when its declared length passes
 * `limit`, and as soon as the bytes read pass it (a client may under-declare or stream chunked).
 * The one body cap: JSON bodies and streamed imports both read through it.
 */
export async function* cappedBody(
  body: AsyncIterable<unknown>,
  declaredLength: string,
  limit: number,
  opts: { advice?: string; onOverflow?: () => void } = {},
): AsyncGenerator<Buffer> {
  const advice = opts.advice ? ` ${opts.advice}` : '';
  const declared = Number(declaredLength || NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The body is ${declared} bytes; the limit is ${limit} bytes.${advice}`);
  }
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) {
      opts.onOverflow?.();
      throw new AppError('PAYLOAD_TOO_LARGE', `The body exceeds the limit of ${limit} bytes.${advice}`);
    }
    yield buf;
  }
}

export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const buf of cappedBody(ctx.req, ctx.get('content-length'), limit, { onOverflow: () => ctx.req.destroy() })) chunks.push(buf);
  return Buffer.concat(chunks);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(buf: Buffer): string {
  try {
    return decoder.decode(buf);
  } catch {
    throw new AppError('MALFORMED_BODY', 'The body is not valid UTF-8.');
  }
}

export async function readJsonBody(ctx: Context, limit: number): Promise<unknown> {
  if (!ctx.is('application/json', 'application/*+json')) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the body as application/json (got ${ctx.get('content-type') || 'no content type'}).`,
    );
  }
  const raw = await readRawBody(ctx, limit);
  if (raw.length === 0) throw new AppError('MALFORMED_BODY', 'The request body is empty; a JSON object is required.');
  return parseJsonText(decodeUtf8(raw));
}
