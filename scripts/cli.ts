/** Shared start-up for CLI scripts: config, database (MONGODB_URI or the embedded FerretDB), deps. */
import { type AppDepsWithDb, buildDeps } from '../src/deps';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { connectDb } from '../src/persistence/connection';
import { resolveDatabase } from '../src/resources';

export async function withDeps<T>(fn: (deps: AppDepsWithDb) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const { uri, embedded } = await resolveDatabase(config, logger);
  const db = await connectDb(uri, config.MONGODB_DB);
  try {
    return await fn(await buildDeps(config, logger, db));
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

export function runCli(fn: () => Promise<number | void>): void {
  fn().then(
    (code) => process.exit(code ?? 0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
