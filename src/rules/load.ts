/**
 * Reads the rule files of a jurisdiction from disk, validates them and hands the pure
 * engine a plain RuleSet. `rulesVersion` hashes every file under the folder except
 * cases/ (sorted by path), so any change to any rule family changes the version that
 * decisions record.
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  lintRules,
  ParametersFile,
  ReleaseRuleFile,
  type RuleSet,
} from '../engine/rule-schema';
import { COUNSEL_FILE } from './counsel';
import { currentEngineVersion } from './engine-version';
import { hashTree, readTree } from './file-tree';
import { RULE_FILE_KINDS, type RuleFileKind } from './file-kinds';

export const DEFAULT_RULES_DIR = 'rules/missouri';

export class RuleSetError extends Error {
  readonly code = 'RULES_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid rule files:\n  ${problems.join('\n  ')}`);
    this.name = 'RuleSetError';
  }
}

const EXCLUDED_DIRS = new Set(['cases']);
/** The counsel list documents open questions; decisions never read it, so it does not version them. */
const EXCLUDED_FILES = new Set([COUNSEL_FILE]);

/** Raw text of every file under dir except cases/ and counsel.yaml, keyed by forward-slash relative path, sorted. */
export const readRuleFiles = (dir: string = DEFAULT_RULES_DIR): Record<string, string> => readTree(dir, { skipTopDirs: EXCLUDED_DIRS, skipTopFiles: EXCLUDED_FILES });

/** "mo-" + first 16 hex digits of sha256 over (path, NUL, content, NUL) in path order. */
const hashRuleFiles = (files: Record<string, string>, prefix = 'mo'): string => hashTree(files, prefix);

export interface FileCheck {
  path: string;
  kind: string | null;
  problems: string[];
  document: unknown;
  data: unknown;
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
}

const isStructured = (p: string): boolean => /\.(ya?ml|json)$/.test(p);

/** Parses and schema-checks each file with the first matching kind. */
export function checkRuleFiles(files: Record<string, string>, kinds: readonly RuleFileKind[] = RULE_FILE_KINDS): FileCheck[] {
  return Object.keys(files).map((path) => {
    const kind = kinds.find((k) => k.match(path)) ?? null;
    const out: FileCheck = { path, kind: kind?.name ?? null, problems: [], document: undefined, data: undefined };
    if (!isStructured(path)) return out;
    try {
      out.document = parseYaml(files[path] ?? '', { prettyErrors: true });
    } catch (e) {
      out.problems.push(`YAML: ${(e as Error).message}`);
      return out;
    }
    if (kind) {
      const r = kind.schema.safeParse(out.document);
      if (r.success) out.data = r.data;
      else out.problems.push(...formatIssues(r.error));
    }
    return out;
  });
}

/** Assembles a RuleSet from already-read files (used by loadRuleSet and by tests). */
export function buildRuleSet(files: Record<string, string>, jurisdiction = 'missouri', engineVersion: string = currentEngineVersion()): RuleSet {
  const checks = checkRuleFiles(files);
  const problems = checks.flatMap((c) => c.problems.map((p) => `${c.path}: ${p}`));
  const release = checks.filter((c) => c.kind === 'release-rule' && c.data !== undefined).map((c) => c.data as ReleaseRuleFile);
  const paramsCheck = checks.find((c) => c.kind === 'parameters');
  if (!paramsCheck) problems.push('parameters.yaml: missing');
  if (release.length === 0) problems.push('release/: no release rules');
  if (problems.length > 0) throw new RuleSetError(problems);
  const parameters = ParametersFile.parse(paramsCheck?.document);
  const lint = lintRules(release, parameters);
  if (lint.length > 0) throw new RuleSetError(lint);
  const documents: Record<string, unknown> = {};
  for (const c of checks) if (c.document !== undefined) documents[c.path] = c.document;
  return {
    jurisdiction,
    rulesVersion: hashRuleFiles(files, jurisdiction === 'missouri' ? 'mo' : jurisdiction),
    engineVersion,
    release: [...release].sort((a, b) => a.order - b.order),
    parameters,
    files,
    documents,
  };
}

/** Reads, validates and versions the rule files under dir (default rules/missouri). Throws RuleSetError. */
export function loadRuleSet(dir: string = DEFAULT_RULES_DIR): RuleSet {
  return buildRuleSet(readRuleFiles(dir));
}
