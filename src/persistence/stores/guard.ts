/**
 * Store-level error translation. A driver outage (server unreachable, connection gone)
 * leaves every store as AppError DB_UNAVAILABLE, so neither the domain nor HTTP needs to know
 * driver error names; duplicate keys are recognised by code 11000 alone (FerretDB v2's
 * message differs from MongoDB's and carries no keyValue).
 */
import { AppError } from '../../errors';
import { isDbOutage, isDuplicateKey } from '../errors';

function translate(e: unknown): unknown {
  if (!isDbOutage(e)) return e;
  const err = new AppError('DB_UNAVAILABLE', 'The database did not answer; try again shortly.');
  err.cause = e;
  return err;
}

const rethrow = (e: unknown): never => {
  throw translate(e);
};

/** Promises and mongoose queries (thenables, which are also async-iterable: run them as promises). */
function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && 'then' in x && typeof x.then === 'function';
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

async function* guardIterable<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* source;
  } catch (e) {
    throw translate(e);
  }
}

/** Wraps every method of a store: promises and async iterables come out with outages translated. */
export function guarded<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let out: unknown;
        try {
          out = Reflect.apply(value, target, args);
        } catch (e) {
          return rethrow(e);
        }
        if (isThenable(out)) return Promise.resolve(out).catch(rethrow);
        if (isAsyncIterable(out)) return guardIterable(out);
        return out;
      };
    },
  });
}

/** Runs an insert; a duplicate key becomes AppError CONFLICT naming the id. */
export async function insertOrConflict(what: string, id: string, insert: () => Promise<unknown>): Promise<void> {
  try {
    await insert();
  } catch (e) {
    if (isDuplicateKey(e)) throw new AppError('CONFLICT', `${what} ${JSON.stringify(id)} already exists`);
    throw e;
  }
}

interface WriteErrorLike {
  index: number;
  code: number;
}

/** The failed positions of an unordered bulk insert (a lone duplicate key counts as position 0); null when `e` is another error. */
export function writeErrorsOf(e: unknown): WriteErrorLike[] | null {
  if (typeof e !== 'object' || e === null || !('writeErrors' in e)) return isDuplicateKey(e) ? [{ index: 0, code: 11000 }] : null;
  const raw: unknown = e.writeErrors;
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.map((w) => {
    const x = (typeof w === 'object' && w !== null ? w : {}) as {
      index?: unknown;
      code?: unknown;
      err?: { index?: unknown; code?: unknown };
    };
    return { index: Number(x.index ?? x.err?.index ?? -1), code: Number(x.code ?? x.err?.code ?? 0) };
  });
}

/**
 * Runs an unordered insert of `docs` and returns the ids that were there already (duplicate keys:
 * every other document went in); any other failure is thrown.
 */
export async function existingOnInsert(docs: readonly { _id: string }[], insert: () => Promise<unknown>): Promise<Set<string>> {
  const existing = new Set<string>();
  try {
    await insert();
  } catch (e) {
    const errors = writeErrorsOf(e);
    if (!errors) throw e;
    for (const we of errors) {
      const doc = docs[we.index];
      if (we.code === 11000 && doc) existing.add(doc._id);
      else throw e;
    }
  }
  return existing;
}
