/**
 * The mongoose connection. Production points MONGODB_URI at MongoDB (replica set with
 * write concern majority); the embedded default is FerretDB v2 on PostgreSQL + DocumentDB.
 * Only features both support are used: no sessions or multi-document transactions (FerretDB
 * v2.5.0 applies writes made in a transaction even when the commit fails).
 */
import mongoose from 'mongoose';

export interface DbHandle {
  connection: mongoose.Connection;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * `alive`, when given, is consulted before every ping: the embedded launcher reports a dead
 * PostgreSQL or FerretDB child at once, before the driver's own timeouts notice it.
 */
export async function connectDb(uri: string, dbName: string, opts: { alive?: () => boolean } = {}): Promise<DbHandle> {
  mongoose.set('strictQuery', true);
  const connection = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    heartbeatFrequencyMS: 2000,
    autoIndex: false,
    autoCreate: false,
  });
  await connection.asPromise();
  return {
    connection,
    async ping(timeoutMs = 2000) {
      const db = connection.db;
      if (!db || opts.alive?.() === false) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([
          db.command({ ping: 1 }).then(
            () => true,
            () => false,
          ),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await connection.close();
    },
  };
}
