/**
 * JSON parsing for untrusted input (request bodies, import lines): no keys that could become
 * MongoDB operators or pollute prototypes ($-prefixed, dotted, __proto__, constructor,
 * prototype, NUL), and a nesting-depth cap. Shared by the HTTP layer and the import.
 */
import { AppError } from './errors';

const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Throws AppError naming the path of the first forbidden key or over-deep value. */
function assertSafeValue(value: unknown, where: string, depth = 0): void {
  if (depth > MAX_DEPTH)
    throw new AppError('VALIDATION_FAILED', `Nesting deeper than ${MAX_DEPTH} levels`, [
      { path: where, message: `nested deeper than ${MAX_DEPTH} levels` },
    ]);
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertSafeValue(v, `${where}.${i}`, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const key of Object.keys(value)) {
    if (key.startsWith('$') || key.includes('.') || FORBIDDEN_KEYS.has(key) || key.includes('\u0000')) {
      throw new AppError('VALIDATION_FAILED', `Field name ${JSON.stringify(key)} is not allowed`, [
        { path: `${where}.${key}`, message: 'field names may not start with $, contain a dot, or be __proto__/constructor/prototype' },
      ]);
    }
    assertSafeValue((value as Record<string, unknown>)[key], `${where}.${key}`, depth + 1);
  }
}

export function parseJsonText(text: string, where = 'body'): unknown {
  let parsed: unknown;
  try {
    // JSON.parse creates __proto__ as an own data property (no pollution); assertSafeValue then refuses it.
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AppError('MALFORMED_BODY', `The ${where} is not valid JSON: ${(e as Error).message}`);
  }
  assertSafeValue(parsed, where);
  return parsed;
}
