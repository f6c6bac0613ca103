/**
 * The one reader of rule-case directories (release, retention and Sunshine cases): every *.yaml
 * under a directory, in name order, parsed with YAML merge keys and checked against the kind's
 * schema. An invalid file throws naming the file and its first issues, so a bad case never
 * silently drops out of the suite.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

/** Each valid file's parsed content, with its name, in name order. */
export function readCaseFiles<S extends z.ZodType>(dir: string, schema: S): { file: string; data: z.output<S> }[] {
  const out: { file: string; data: z.output<S> }[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const parsed = schema.safeParse(parseYaml(readFileSync(join(dir, name), 'utf8'), { merge: true }));
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
      throw new Error(`${name}: ${issues.join('; ')}`);
    }
    out.push({ file: name, data: parsed.data });
  }
  return out;
}

/** Throws when two cases share an id (`kind` names the case kind in the message). */
export function assertUniqueIds(ids: readonly string[], kind: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new Error(`duplicate ${kind} case id "${id}"`);
    seen.add(id);
  }
}
