/**
 * One embedded database (FerretDB v2 on PostgreSQL + DocumentDB) for the whole test run, in a
 * fresh temporary folder (started by the root hook). Each test file connects to its own database
 * name so files do not see each other's documents. Nothing here mocks the database.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DbHandle, connectDb } from '../../src/persistence/connection';
import { type EmbeddedDb, startEmbeddedDb } from '../../src/persistence/embedded/embedded-db';

let embedded: EmbeddedDb | null = null;
let tmpDir: string | null = null;
let counter = 0;

export const FERRETDB_BIN = path.resolve(__dirname, '../../.tools/bin/ferretdb');

/**
 * A temporary DATA_DIR for an embedded database. mkdtemp makes it 0700; when the tests run as
 * root, PostgreSQL runs as the postgres user, which must be able to enter it, so it is opened
 * to traversal (0711: others may enter, not list). It is our own folder, removed after the test.
 */
export function dbTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(dir, 0o711);
  return dir;
}

export async function startTestDb(): Promise<EmbeddedDb> {
  if (embedded) return embedded;
  tmpDir = dbTempDir('footage-test-');
  embedded = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: tmpDir });
  return embedded;
}

export async function stopTestDb(): Promise<void> {
  await embedded?.stop();
  embedded = null;
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = null;
}

export function testDb(): EmbeddedDb {
  if (!embedded) throw new Error('The test database is not running (root hook not loaded?)');
  return embedded;
}

/** A connection to a database of its own (unique name) on the shared test server. */
export async function freshDatabase(label: string): Promise<DbHandle> {
  counter += 1;
  const name = `t_${label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 30)}_${process.pid}_${counter}`;
  return connectDb(testDb().uri, name);
}
