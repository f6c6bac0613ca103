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

/** An exclusive upper bound: an ISO date-time with offset, or a plain date taking in that whole day (America/Chicago). */
export const Until = Moment.transform((s) => parseLegalMoment(s, 'end').toJSDate());

export const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
