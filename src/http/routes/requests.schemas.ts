/** Params/query/response schemas of the Sunshine request routes (bodies come from the domain schemas). */
import { z } from 'zod';
import { RequestStatus } from '../../domain/requests/requests.schemas';
import { AsOf, Cursor, Id, Limit } from '../common.schemas';

export const RequestParams = z.object({ id: Id });

export const RequestQuery = z.object({
  status: RequestStatus.optional(),
  /** Due strictly before this moment (a plain date means the start of that day, America/Chicago). */
  dueBefore: AsOf.optional(),
  overdue: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  cursor: Cursor,
  limit: Limit,
});

export const LetterQuery = z.object({ format: z.enum(['text', 'pdf']).default('text') });

const Json = z.record(z.string(), z.unknown());
export const RequestView = Json.meta({ id: 'SunshineRequest' });
export const RequestPage = z.object({ items: z.array(RequestView), nextCursor: z.string().nullable() });
