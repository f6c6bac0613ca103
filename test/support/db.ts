/**
 * One FerretDB for the whole test run, in a fresh temporary folder (started by the root
 * hook). Each test file connects to its own database name so files do not see each
 * other's documents. Nothing here mocks the database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DbHandle, connectDb } from '../../src/persistence/connection';
import { type EmbeddedDb, startFerretDb } from '../../src/persistence/ferretdb';

let embedded: EmbeddedDb | null = null;
let tmpDir: string | null = null;
let counter = 0;

export const FERRETDB_BIN = path.resolve(__dirname, '../../.tools/bin/ferretdb');

export async function startTestDb(): Promise<EmbeddedDb> {
  if (embedded) return embedded;
  tmpDir = mkdtempSync(path.join(os.tmpdir(), 'footage-test-'));
  embedded = await startFerretDb({ bin: FERRETDB_BIN, dataDir: tmpDir });
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
