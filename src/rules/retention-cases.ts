/**
 * The retention cases under rules/missouri/cases/retention: loading them, running one through
 * the same engine calls the service makes (case status derived by the release engine, then
 * `retentionStatus`) and listing how the result differs from what the case wants.
 */
import type { RetentionResult } from '../engine/facts';
import { legalDay, parseLegalMoment } from '../engine/legal-time';
import { retentionStatus } from '../engine/retention';
import { RetentionCaseFile, type RetentionCase } from '../engine/retention-case-schema';
import type { RetentionSchedule } from '../engine/retention-schema';
import { assertUniqueIds, readCaseFiles } from './case-files';
import type { Rules } from './index';

const DEFAULT_RETENTION_CASES_DIR = 'rules/missouri/cases/retention';

export interface LoadedRetentionCase {
  file: string;
  case: RetentionCase;
}

/** Reads every *.yaml under dir (sorted); throws naming the file when one is invalid or an id repeats. */
export function loadRetentionCases(dir: string = DEFAULT_RETENTION_CASES_DIR): LoadedRetentionCase[] {
  const out = readCaseFiles(dir, RetentionCaseFile).flatMap(({ file, data }) => data.cases.map((c) => ({ file, case: c })));
  assertUniqueIds(out.map((c) => c.case.id), 'retention');
  return out;
}

export function runRetentionCase(rules: Pick<Rules, 'retention' | 'release' | 'rulesVersion' | 'engineVersion'>, c: RetentionCase): RetentionResult {
  const asOf = parseLegalMoment(c.asOf);
  const f = c.facts;
  const cases = f.cases.map((facts) => ({ facts, status: rules.release.caseStatusForRetention(facts, asOf) }));
  return retentionStatus(withParameters(rules.retention, c.parameters), rules, f.recording, cases, f.holds, f.requests, f.orders, asOf, f.reviews);
}

/** The schedule with the case's opt-in parameters switched (a copy; the loaded schedule is shared). */
function withParameters(schedule: RetentionSchedule, p: RetentionCase['parameters']): RetentionSchedule {
  const accept = p.localRecordsBoard;
  if (accept === undefined) return schedule;
  return {
    ...schedule,
    rows: schedule.rows.map((r) =>
      r.condition.kind === 'closed_record' ? { ...r, condition: { ...r.condition, localRecordsBoard: { ...r.condition.localRecordsBoard, accept } } } : r,
    ),
  };
}

const sorted = (xs: readonly string[]): string => JSON.stringify([...new Set(xs)].sort());

/** Differences between a retention result and what the case wants; empty when it matches. */
export function retentionCaseProblems(r: RetentionResult, c: RetentionCase): string[] {
  const w = c.want;
  const problems: string[] = [];
  if (r.status !== w.status) problems.push(`status ${r.status}, want ${w.status}`);
  if (w.retainUntil !== undefined) {
    const got = r.retainUntil === null ? null : legalDay(parseLegalMoment(r.retainUntil));
    if (got !== w.retainUntil) problems.push(`retainUntil ${got}, want ${w.retainUntil}`);
  }
  if (w.blockers !== undefined && sorted(r.blockers.map((b) => b.ruleId)) !== sorted(w.blockers)) problems.push(`blockers ${sorted(r.blockers.map((b) => b.ruleId))}, want ${sorted(w.blockers)}`);
  const fired = new Set(r.reasons.map((x) => x.ruleId));
  for (const id of w.ruleIds ?? []) if (!fired.has(id)) problems.push(`rule ${id} not among the reasons`);
  for (const text of w.reasonsInclude ?? []) if (![...r.reasons, ...r.blockers].some((x) => x.text.includes(text) || x.citation.includes(text))) problems.push(`no reason mentions "${text}"`);
  return problems;
}
