/**
 * Resolves the database and the JWT key the way `npm start` does: MONGODB_URI if set, else
 * the embedded FerretDB in DATA_DIR; JWT_SECRET / JWT_PUBLIC_KEY if set, else a random
 * secret generated once into DATA_DIR/jwt-secret (0600). Shared by main.ts and scripts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config';
import { type EmbeddedDb, startFerretDb } from './persistence/ferretdb';

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

export async function resolveDatabase(config: Config, logger?: Logger): Promise<ResolvedDb> {
  if (config.MONGODB_URI) return { uri: config.MONGODB_URI, embedded: null };
  const embedded = await startFerretDb({
    bin: config.FERRETDB_BIN,
    dataDir: path.join(config.dataDir, 'ferretdb'),
    onLog: (line) => logger?.debug({ ferretdb: line }, 'ferretdb'),
  });
  logger?.info({ port: embedded.port, dataDir: embedded.dataDir }, 'embedded FerretDB started');
  return { uri: embedded.uri, embedded };
}
