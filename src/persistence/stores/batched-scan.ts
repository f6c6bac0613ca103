/**
 * One streamed pass over a collection, in driver batches, with the next batch requested
 * before the current one is processed: the database prepares batch n+1 while Node formats
 * batch n, so a report costs little more than the raw scan. Memory holds at most two
 * batches.
 */

/** The part of the driver's FindCursor used here. */
export interface BatchCursor<T> {
  hasNext(): Promise<boolean>;
  readBufferedDocuments(count?: number): T[];
  close(): Promise<void>;
}

export const SCAN_BATCH = 1000;

export async function* batchesOf<T>(cursor: BatchCursor<T>): AsyncGenerator<T[]> {
  let pending: Promise<boolean> = cursor.hasNext();
  try {
    while (await pending) {
      const docs = cursor.readBufferedDocuments();
      pending = cursor.hasNext();
      yield docs;
    }
  } finally {
    // Abandoned early (client went away): settle the read-ahead and free the server cursor.
    pending.catch(() => undefined);
    await cursor.close().catch(() => undefined);
  }
}
