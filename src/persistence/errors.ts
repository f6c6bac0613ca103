/** Maps driver errors to AppError where the meaning is a business one. */
import { AppError } from '../errors';

export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && (e as { code: unknown }).code === 11000;
}

export function conflictOnDuplicate(what: string, id: string) {
  return (e: unknown): never => {
    if (isDuplicateKey(e)) throw new AppError('CONFLICT', `${what} ${JSON.stringify(id)} already exists`);
    throw e;
  };
}

/** Driver/connection failures (not bad data): the database is unreachable or went away; retry later. */
const DB_OUTAGES = new Set([
  'MongoServerSelectionError', 'MongooseServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError',
  'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError', 'MongoWriteConcernError',
]);
export function isDbOutage(e: unknown): boolean {
  return e instanceof Error && DB_OUTAGES.has(e.name);
}
