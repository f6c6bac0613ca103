/**
 * What the process needs from its environment before anything is built: the database and the JWT
 * key, resolved the way `npm start` does: MONGODB_URI if set, else
 * the embedded FerretDB v2 + PostgreSQL in DATA_DIR; JWT_SECRET / JWT_PUBLIC_KEY if set, else a
 * random secret generated once into DATA_DIR/jwt-secret (0600). Shared by main.ts and scripts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Logger } from 'pino';
import path from 'node:path';
import type { Config } from './config';
import { type EmbeddedDb, startEmbeddedDb } from './persistence/embedded/embedded-db';

export function ensureJwtSecret(config: Config, logger?: Logger): Config {
  if (config.JWT_SECRET || config.JWT_PUBLIC_KEY) return config;
  const file = path.join(config.dataDir, 'jwt-secret');
  mkdirSync(config.dataDir, { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
    logger?.warn(
      { file },
      'No JWT_SECRET or JWT_PUBLIC_KEY set: generated a random secret for local use. Mint a token with `npm run token -- --role clerk --sub jdoe --ttl 8h`. Set JWT_SECRET or JWT_PUBLIC_KEY in production.',
    );
  }
  return { ...config, JWT_SECRET: readFileSync(file, 'utf8').trim() };
}

export interface ResolvedDb {
  uri: string;
  embedded: EmbeddedDb | null;
}

/**
 * `onFatal` runs when an embedded child cannot be restarted: the caller exits non-zero rather
 * than serve on a dead database.
 */
export async function resolveDatabase(config: Config, logger?: Logger, onFatal?: (err: Error) => void): Promise<ResolvedDb> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, embedded: null };
  const embedded = await startEmbeddedDb({
    ferretdbBin: config.FERRETDB_BIN,
    pgBinDir: config.PG_BIN_DIR,
    dataDir: config.dataDir,
    onLog: (source, line) => (source === 'launcher' ? logger?.info({ embeddedDb: line }) : logger?.debug({ [source]: line }, source)),
    onFatal: (err) => {
      logger?.fatal({ err }, 'the embedded database cannot be restarted');
      onFatal?.(err);
    },
  });
  return { uri: embedded.uri, embedded };
}
