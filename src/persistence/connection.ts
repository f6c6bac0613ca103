/**
 * The mongoose connection. Production points MONGODB_URI at MongoDB (replica set with
 * write concern majority); the embedded default is FerretDB. Only features both support
 * are used (see README: no transactions, TTL or text indexes, change streams or $lookup).
 */
import mongoose from 'mongoose';

export interface DbHandle {
  connection: mongoose.Connection;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectDb(uri: string, dbName: string): Promise<DbHandle> {
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
      if (!db) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([db.command({ ping: 1 }).then(() => true, () => false), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await connection.close();
    },
  };
}
