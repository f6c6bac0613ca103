/**
 * The engine version: a content hash of the legal logic in src/engine (case status, retention,
 * release decisions, the business-day clock, the schemas they read), so a code change that can
 * alter decisions is visible even when no rule file changed. Computed once at start-up from the
 * TypeScript sources in src/engine, also when the service runs the compiled build (dist/), which
 * `npm start` makes from those same sources just before, so tests under tsx and production agree
 * on the version of the same code; the pure engine only receives the result. Every file under src/engine counts: a
 * comment-only edit bumps the version too, which costs a re-decision, never a missed one.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root';
import { hashTree, readTree } from './file-tree';

const ENGINE_DIR = join(PROJECT_ROOT, 'src', 'engine');

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
