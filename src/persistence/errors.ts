/** Driver error classification (used only inside persistence; stores translate for the domain). */

/** A unique-index violation. Code 11000 alone: FerretDB v2's message differs from MongoDB's and has no keyValue. */
export function isDuplicateKey(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'code' in e && e.code === 11000;
}

/** Driver/connection failures (not bad data): the database is unreachable or went away; retry later. */
const DB_OUTAGES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoWriteConcernError',
]);
/**
 * FerretDB v2 stays up when the PostgreSQL under it dies or restarts, and answers InternalError
 * (code 1) carrying PostgreSQL's connection failure: "terminating connection due to unexpected
 * postmaster exit", "failed to connect ... connection refused", "the database system is starting
 * up / in recovery mode" (SQLSTATE classes 08 and 57P). Those are outages too, not bad requests.
 */
const BACKEND_DOWN =
  /postmaster|terminating connection|connection refused|failed to connect|database system is (starting up|shutting down|in recovery mode|not yet accepting)|server closed the connection|connection reset|broken pipe|SQLSTATE (08|57P0)/i;
export function isDbOutage(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (DB_OUTAGES.has(e.name)) return true;
  // An insertMany or bulkWrite cut off by its connection closing: the driver reports the network
  // error ("connection 2 to 127.0.0.1:27017 closed") as a MongoBulkWriteError, without a code.
  if (e.name === 'MongoBulkWriteError' && /^connection \d+ to \S+ (closed|timed out)/.test(e.message)) return true;
  // MongoServerError for single operations, MongoBulkWriteError for insertMany/bulkWrite.
  return e.name.startsWith('Mongo') && 'code' in e && e.code === 1 && BACKEND_DOWN.test(e.message);
}
