/**
 * The engine version: a content hash of the legal logic in src/engine (case status, retention,
 * release decisions, the business-day clock, the schemas they read), so a code change that can
 * alter decisions is visible even when no rule file changed. Computed once at start-up from the
 * source files the process runs (the service runs TypeScript through tsx, so they are always
 * present); the pure engine only receives the result. Every file under src/engine counts: a
 * comment-only edit bumps the version too, which costs a re-decision, never a missed one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

export const ENGINE_DIR = resolve(__dirname, '../engine');

/** Text of every .ts file under dir, keyed by forward-slash relative path, sorted. */
export function readEngineFiles(dir: string = ENGINE_DIR): Record<string, string> {
  const root = resolve(dir);
  const paths: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.ts')) paths.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  paths.sort();
  const files: Record<string, string> = {};
  for (const p of paths) files[p] = readFileSync(join(root, p), 'utf8');
  return files;
}

/** "eng-" + first 16 hex digits of sha256 over (path, NUL, content, NUL) in path order. */
export function hashEngineFiles(files: Record<string, string>): string {
  const h = createHash('sha256');
  for (const p of Object.keys(files).sort()) {
    h.update(p);
    h.update('\0');
    h.update(files[p] ?? '');
    h.update('\0');
  }
  return `eng-${h.digest('hex').slice(0, 16)}`;
}

let current: string | undefined;

/** The version of the engine this process runs (read and hashed once). */
export function currentEngineVersion(): string {
  current ??= hashEngineFiles(readEngineFiles());
  return current;
}
