/**
 * The counsel list (rules/missouri/counsel.yaml): every open legal question, the default the
 * rules apply until counsel answers and why that default was chosen, as data validated here,
 * printed by `npm run rules:check` and copied into the README's rules section.
 *
 * It documents the rules; decisions never read it, so it is left out of rulesVersion (like
 * cases/): answering a question changes the rule files that implement the answer, and those
 * change the version.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const COUNSEL_FILE = 'counsel.yaml';

/**
 * open: counsel has not answered; the default is in force.
 * settled: a fix implemented the statute's text or the reading that cannot cause an unlawful
 * release, a late deadline or a forbidden destruction, so nothing is left to ask (settledBy says which fix).
 * replaced: the question now lives in another entry (replacedBy).
 */
const COUNSEL_STATUSES = ['open', 'settled', 'replaced'] as const;
const CounselStatus = z.enum(COUNSEL_STATUSES);
type CounselStatus = z.infer<typeof CounselStatus>;

/** A review reference: A1-A21 and B1-B2 (findings), C1-C27 (part C rows), F1-F3 ("further points"). */
const ReviewRef = z.string().regex(/^[ABCF][1-9]\d?$/, 'expected a review reference like A17, B2, C26 or F1');

const Text = z.string().trim().min(1);
const EntryId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'expected a kebab-case id');

const CounselEntry = z
  .strictObject({
    id: EntryId,
    question: Text,
    /** What the rules do until counsel answers (or, when settled, what they now do). */
    default: Text,
    /** Why that default: which of the three harms it avoids, or the statute text it follows. */
    why: Text,
    /** Provisions and sources; "[R]" = recalled text to confirm on revisor.mo.gov, "[S]" = secondary source. */
    citations: z.array(Text).min(1),
    /** The legal review's findings and part C rows this entry answers (legal-review-2026-12.md). */
    findings: z.array(ReviewRef).min(1),
    status: CounselStatus,
    /** The fix that settled the question (required when status is settled). */
    settledBy: Text.nullable().default(null),
    /** The entry that now carries the question (required when status is replaced). */
    replacedBy: EntryId.nullable().default(null),
    note: Text.nullable().default(null),
  })
  .superRefine((e, ctx) => {
    if (e.status === 'settled' && e.settledBy === null) ctx.addIssue({ code: 'custom', path: ['settledBy'], message: 'a settled entry names the fix that settled it' });
    if (e.status === 'replaced' && e.replacedBy === null) ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'a replaced entry names the entry that replaces it' });
    if (e.status !== 'replaced' && e.replacedBy !== null) ctx.addIssue({ code: 'custom', path: ['replacedBy'], message: 'only a replaced entry has replacedBy' });
  });
type CounselEntry = z.infer<typeof CounselEntry>;

export const CounselList = z
  .strictObject({
    id: Text,
    /** The review whose findings the entries name. */
    review: Text,
    entries: z.array(CounselEntry).min(1),
  })
  .superRefine((list, ctx) => {
    const ids = new Map<string, number>();
    list.entries.forEach((e, i) => {
      if (ids.has(e.id)) ctx.addIssue({ code: 'custom', path: ['entries', i, 'id'], message: `duplicate id "${e.id}"` });
      ids.set(e.id, i);
    });
    list.entries.forEach((e, i) => {
      if (e.replacedBy === null) return;
      const target = ids.get(e.replacedBy);
      if (target === undefined) ctx.addIssue({ code: 'custom', path: ['entries', i, 'replacedBy'], message: `no entry "${e.replacedBy}"` });
      else if (list.entries[target]?.status === 'replaced') ctx.addIssue({ code: 'custom', path: ['entries', i, 'replacedBy'], message: `"${e.replacedBy}" is itself replaced; name the entry that carries the question` });
    });
  });
export type CounselList = z.infer<typeof CounselList>;

/** The review references every list must cover: part C rows 1-27 and the three further points. */
const REQUIRED_REVIEW_REFS: readonly string[] = [...Array.from({ length: 27 }, (_, i) => `C${i + 1}`), 'F1', 'F2', 'F3'];

/** Review references in `required` that no entry names. */
export function uncoveredRefs(list: CounselList, required: readonly string[] = REQUIRED_REVIEW_REFS): string[] {
  const named = new Set(list.entries.flatMap((e) => e.findings));
  return required.filter((r) => !named.has(r));
}

function parseCounselList(text: string, file = COUNSEL_FILE): CounselList {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${(e as Error).message}`, { cause: e });
  }
  const r = CounselList.safeParse(data);
  if (!r.success) throw new Error(`${file}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function loadCounselList(dir = 'rules/missouri'): CounselList {
  const file = path.join(dir, COUNSEL_FILE);
  return parseCounselList(readFileSync(file, 'utf8'), file);
}

const trimStop = (s: string): string => s.trim().replace(/[.:;]+$/, '');

const byStatus = (list: CounselList, s: CounselStatus): CounselEntry[] => list.entries.filter((e) => e.status === s);

/** Plain text for `npm run rules:check`: open questions in full, then what was settled or moved. */
export function renderCounselText(list: CounselList): string {
  const open = byStatus(list, 'open');
  const settled = byStatus(list, 'settled');
  const replaced = byStatus(list, 'replaced');
  const lines = [`Open legal questions for counsel (${open.length} open, ${settled.length} settled by fixes, ${replaced.length} replaced; rules/missouri/${COUNSEL_FILE}):`];
  for (const e of open) {
    lines.push(`  - [${e.id}] (${e.findings.join(', ')}) ${e.question}`);
    lines.push(`      default: ${e.default}`);
    lines.push(`      why: ${e.why}`);
    lines.push(`      citations: ${e.citations.join('; ')}`);
    if (e.note) lines.push(`      note: ${e.note}`);
  }
  if (settled.length) {
    lines.push('  Settled by fixes:');
    for (const e of settled) lines.push(`  - [${e.id}] (${e.findings.join(', ')}) ${e.question} Settled by ${trimStop(e.settledBy ?? '')}. Now: ${e.default}`);
  }
  if (replaced.length) {
    lines.push('  Replaced:');
    for (const e of replaced) lines.push(`  - [${e.id}] (${e.findings.join(', ')}) ${e.question} Now asked in [${e.replacedBy}].`);
  }
  return lines.join('\n');
}

const md = (s: string): string => s.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();

/** The README block (between the counsel-list markers): one bullet per entry, open ones first. */
export function renderCounselMarkdown(list: CounselList): string {
  const out: string[] = [];
  for (const e of byStatus(list, 'open')) {
    out.push(`- **${e.id}** (${e.findings.join(', ')}): ${md(e.question)} *Default:* ${md(e.default)} *Why:* ${md(e.why)} *Cites:* ${md(e.citations.join('; '))}`);
  }
  for (const e of byStatus(list, 'settled')) out.push(`- ~~${e.id}~~ (${e.findings.join(', ')}, settled by ${md(trimStop(e.settledBy ?? ''))}): ${md(e.question)} *Now:* ${md(e.default)}`);
  for (const e of byStatus(list, 'replaced')) out.push(`- ~~${e.id}~~ (${e.findings.join(', ')}, replaced by ${e.replacedBy}): ${md(e.question)}`);
  return out.join('\n');
}

export const README_START = '<!-- counsel-list:start (generated by npm run rules:check from rules/missouri/counsel.yaml) -->';
export const README_END = '<!-- counsel-list:end -->';

/** The README text with its counsel block replaced by the list; throws if the markers are missing. */
export function withCounselBlock(readme: string, list: CounselList): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no counsel-list block (${README_START} ... ${README_END})`);
  return `${readme.slice(0, start + README_START.length)}\n${renderCounselMarkdown(list)}\n${readme.slice(end)}`;
}
