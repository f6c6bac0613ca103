import { AppError } from '../../errors';

/** Opaque cursor over the `_id` order: base64url of the last id returned. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(id)) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this service issued', [{ path: 'query.cursor', message: 'invalid cursor' }]);
  }
  return id;
}

export function page<T extends { _id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? Buffer.from(last._id, 'utf8').toString('base64url') : null };
}
