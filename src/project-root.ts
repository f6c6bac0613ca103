/**
 * The project's root folder (the one holding package.json), found from this file's own place, so
 * the same code finds web/ and src/engine whether it runs as TypeScript under tsx (src/) or compiled
 * by `npm run build` (dist/src/). Paths the operator configures (DATA_DIR, rules) stay relative to
 * the working directory, as documented.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}: the service must run from its project folder`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);
