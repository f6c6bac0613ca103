/** Query and path building blocks shared by the routes (ids and dates come from the domain schemas). */
import { z } from 'zod';
import { Id, IsoDate, IsoDateTime } from '../domain/catalog/catalog.schemas';

export { Id, IsoDate, IsoDateTime };

export const Limit = z.coerce.number().int().min(1).max(1000).default(100);
export const Cursor = z.string().max(512).optional();

/** An ISO date-time with offset, or a plain date read as the start of that day in America/Chicago. */
export const AsOf = z.union([IsoDateTime, IsoDate]);

export const PageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
