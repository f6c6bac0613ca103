/** Driver error classification (used only inside persistence; stores translate for the domain). */

/** A unique-index violation. Code 11000 alone: FerretDB v2's message differs from MongoDB's and has no keyValue. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === 11000;
}

/** Driver/connection failures (not bad data): the database is unreachable or went away; retry later. */
const DB_OUTAGES = new Set([
  'MongoServerSelectionError', 'MongooseServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError',
  'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongoPoolClearedError', 'MongoWriteConcernError',
]);
export function isDbOutage(e: unknown): boolean {
  return e instanceof Error && DB_OUTAGES.has(e.name);
}
