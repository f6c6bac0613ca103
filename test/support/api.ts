/**
 * Typed reading of API answers in tests. supertest types every body as `any`; these parse it with
 * the response schema the route declares (the one OpenAPI publishes), so a test reads typed fields
 * and a body that does not match its schema fails where it is read, naming the mismatch.
 */
import type { Response } from 'supertest';
import type { z } from 'zod';
import { Problem } from '../../src/http/openapi';

export function bodyOf<S extends z.ZodType>(res: Response, schema: S): z.output<S> {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new Error(`${res.status} ${res.text.slice(0, 300)}: not the declared body: ${parsed.error.message}`);
  return parsed.data;
}

/** An error answer (RFC 9457 problem details). */
export const problemOf = (res: Response): z.output<typeof Problem> => bodyOf(res, Problem);

/** The value, which the test expects to be there: a null or absent one fails here, naming what was missing. */
export function present<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
