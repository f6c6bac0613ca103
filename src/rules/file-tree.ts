/**
 * Reading a folder of source files as one versioned unit: the rule files (rulesVersion) and the
 * engine's legal logic (engineVersion) are both identified by a content hash over their files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/** Text of every file under dir (optionally only those ending in `ext`, skipping top-level folders in `skipTopDirs` and top-level files in `skipTopFiles`), keyed by forward-slash relative path, sorted. */
export function readTree(dir: string, opts: { ext?: string; skipTopDirs?: ReadonlySet<string>; skipTopFiles?: ReadonlySet<string> } = {}): Record<string, string> {
  const root = resolve(dir);
  const paths: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) {
        if (!(d === root && opts.skipTopDirs?.has(entry.name))) walk(full);
      } else if (entry.isFile() && (!opts.ext || entry.name.endsWith(opts.ext)) && !(d === root && opts.skipTopFiles?.has(entry.name))) {
        paths.push(relative(root, full).split(sep).join('/'));
      }
    }
  };
  walk(root);
  paths.sort();
  const files: Record<string, string> = {};
  for (const p of paths) files[p] = readFileSync(join(root, p), 'utf8');
  return files;
}

/** `<prefix>-` + first 16 hex digits of sha256 over (path, NUL, content, NUL) in path order. */
export function hashTree(files: Record<string, string>, prefix: string): string {
  const h = createHash('sha256');
  for (const p of Object.keys(files).sort()) {
    h.update(p);
    h.update('\0');
    h.update(files[p] ?? '');
    h.update('\0');
  }
  return `${prefix}-${h.digest('hex').slice(0, 16)}`;
}
