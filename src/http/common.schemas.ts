import { z } from 'zod';

/** Identifiers in paths and bodies: no slashes, traversal, spaces or control characters. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - only, starting with a letter or digit')
  .refine((s) => !s.includes('..'), 'must not contain ..');

export const Limit = z.coerce.number().int().min(1).max(1000).default(100);
export const Cursor = z.string().max(512).optional();

export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.iso.date();

/** An ISO date-time with offset, or a plain date read as the start of that day in America/Chicago. */
export const AsOf = z.union([IsoDateTime, IsoDate]);

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
