/**
 * Cursor pagination, one way for every list: a store returns up to limit + 1 rows after the
 * cursor's position in its sort order; page() keeps `limit` of them and, when there were more,
 * writes the last row's sort key into an opaque cursor (base64url); decodeCursor() reads it back
 * and refuses one this service could not have issued.
 */
import { AppError } from '../errors';

/** How a list's sort key is written into a cursor and read back (null: not a key this list issues). */
export interface CursorKey<T, K> {
  write(row: T): string;
  read(text: string): K | null;
}

/** The `_id` order of the catalog lists and the audit trail. */
export const ID_ORDER: CursorKey<{ _id: string }, string> = {
  write: (row) => row._id,
  read: (text) => (/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(text) ? text : null),
};

export function decodeCursor<K>(cursor: string | undefined, key: CursorKey<never, K>): K | null {
  if (!cursor) return null;
  const position = key.read(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (position === null)
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this service issued', [{ path: 'cursor', message: 'invalid cursor' }]);
  return position;
}

export function page<T>(rows: T[], limit: number, key: CursorKey<NoInfer<T>, unknown>): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? Buffer.from(key.write(last), 'utf8').toString('base64url') : null,
  };
}
