/**
 * The engine version: a content hash of the legal logic in src/engine (case status, retention,
 * release decisions, the business-day clock, the schemas they read), so a code change that can
 * alter decisions is visible even when no rule file changed. Computed once at start-up from the
 * source files the process runs (the service runs TypeScript through tsx, so they are always
 * present); the pure engine only receives the result. Every file under src/engine counts: a
 * comment-only edit bumps the version too, which costs a re-decision, never a missed one.
 */
import { resolve } from 'node:path';
import { hashTree, readTree } from './file-tree';

export const ENGINE_DIR = resolve(__dirname, '../engine');

/** Text of every .ts file under dir, keyed by forward-slash relative path, sorted. */
export const readEngineFiles = (dir: string = ENGINE_DIR): Record<string, string> => readTree(dir, { ext: '.ts' });

/** "eng-" + first 16 hex digits of sha256 over (path, NUL, content, NUL) in path order. */
export const hashEngineFiles = (files: Record<string, string>): string => hashTree(files, 'eng');

let current: string | undefined;

/** The version of the engine this process runs (read and hashed once). */
export function currentEngineVersion(): string {
  current ??= hashEngineFiles(readEngineFiles());
  return current;
}
