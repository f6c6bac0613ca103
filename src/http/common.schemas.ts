/**
 * Query and path building blocks shared by the routes (ids come from the domain schemas, dates
 * from the engine's). Moments are turned into instants here, at the edge, so the domain never
 * parses query text.
 */
import { z } from 'zod';
import { Id } from '../domain/catalog/catalog.schemas';
import { IsoDate, IsoDateTime } from '../engine/facts';
import { parseLegalMoment } from '../engine/legal-time';

export { Id };

export const Limit = z.coerce.number().int().min(1).max(1000).default(100);
export const Cursor = z.string().max(512).optional();

const Moment = z.union([IsoDateTime, IsoDate]);

/** An ISO date-time with offset, or a plain date read as the start of that day in America/Chicago: an instant. */
export const AsOf = Moment.transform((s) => parseLegalMoment(s, 'start').toJSDate());

/**
 * "As of" a day, for reports: an ISO date-time with offset, or a plain date read as the END of
 * that day in America/Chicago (its last millisecond), so "as of Dec 31" counts what Dec 31 itself
 * brings (a start-of-day reading left the whole day out). Only reports use it; a release decision
 * as of a plain date keeps the start of that day (AsOf).
 */
export const AsOfDay = Moment.transform((s) => new Date(parseLegalMoment(s, 'end').toMillis() - (IsoDate.safeParse(s).success ? 1 : 0)));

/** An exclusive upper bound: an ISO date-time with offset, or a plain date taking in that whole day (America/Chicago). */
export const Until = Moment.transform((s) => parseLegalMoment(s, 'end').toJSDate());

export const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
