/**
 * The release test cases under rules/missouri/cases (OPA-style: note, facts, asOf,
 * requester, want): loading them, running one through an engine and listing how the
 * decision differs from what the case wants. Used by the mocha suite and usable by CLIs.
 * Case files may share facts with YAML anchors and `<<` merge keys.
 */
import { NO_CLAIM, type Decision } from '../engine/facts';
import { factsDigest, type CounselDeterminationFacts } from '../engine/counsel';
import { parseLegalMoment } from '../engine/legal-time';
import { ReleaseCaseFile, type ReleaseCase } from '../engine/release-case-schema';
import { createReleaseEngine, type ReleaseEngine } from '../engine/decide';
import type { RuleSet } from '../engine/rule-schema';
import { readCaseFiles } from './case-files';

export interface LoadedCase {
  file: string;
  index: number;
  case: ReleaseCase;
}

const DEFAULT_CASES_DIR = 'rules/missouri/cases';

/** Reads every *.yaml under dir (sorted); throws naming the file when one is invalid. */
export function loadReleaseCases(dir: string = DEFAULT_CASES_DIR): LoadedCase[] {
  const out: LoadedCase[] = [];
  for (const { file, data } of readCaseFiles(dir, ReleaseCaseFile)) {
    const list = Array.isArray(data) ? data : [data];
    list.forEach((c, index) => out.push({ file, index, case: c }));
  }
  return out;
}

const variants = new WeakMap<RuleSet, Map<string, ReleaseEngine>>();
/** The engine of `ruleSet` with a case's opt-in parameters set in every parameter version (built once per set of values). */
function engineWith(ruleSet: RuleSet, overrides: NonNullable<ReleaseCase['parameters']>): ReleaseEngine {
  const key = JSON.stringify(overrides);
  let byKey = variants.get(ruleSet);
  if (byKey === undefined) variants.set(ruleSet, (byKey = new Map<string, ReleaseEngine>()));
  let e = byKey.get(key);
  if (e === undefined) {
    const { tenYearsWhileCharged, juvenileClosureScope, certiorariWait, ...flat } = overrides;
    const versions = ruleSet.parameters.versions.map((v) => ({
      ...v,
      ...flat,
      ...(tenYearsWhileCharged === undefined ? {} : { tenYearsWhileCharged: { ...v.tenYearsWhileCharged, apply: tenYearsWhileCharged } }),
      ...(juvenileClosureScope === undefined ? {} : { juvenileClosureScope: { ...v.juvenileClosureScope, scope: juvenileClosureScope } }),
      ...(certiorariWait === undefined ? {} : { certiorari: { ...v.certiorari, wait: certiorariWait } }),
    }));
    e = createReleaseEngine({ ...ruleSet, parameters: { versions } });
    byKey.set(key, e);
  }
  return e;
}

/** Decides a case; a case with `parameters` needs the rule set its engine was built from. */
export function runCase(engine: ReleaseEngine, c: ReleaseCase, ruleSet?: RuleSet): Decision {
  const { recording, cases, orders } = c.facts;
  if (c.parameters !== undefined) {
    if (ruleSet === undefined) throw new Error(`case "${c.note}" sets parameters: pass its rule set`);
    engine = engineWith(ruleSet, c.parameters);
  }
  const counsel = { determinations: caseDeterminations(c, engine.rulesVersion), requestNumber: c.requestNumber ?? null };
  return engine.decide(
    recording,
    cases,
    orders,
    c.requester,
    parseLegalMoment(c.asOf),
    c.knownAt === undefined ? undefined : parseLegalMoment(c.knownAt),
    c.claim,
    counsel,
  );
}

/**
 * A case's determinations with their digests: of the facts each was made on (madeOn, else the
 * case's), as known at its entry, under the rules deciding (law), with the claim for a request scope.
 */
function caseDeterminations(c: ReleaseCase, law: string): CounselDeterminationFacts[] {
  return c.facts.determinations.map(({ madeOn, factsDigest: given, ...d }) => {
    const bundle = {
      recording: madeOn?.recording ?? c.facts.recording,
      cases: madeOn?.cases ?? c.facts.cases,
      orders: madeOn?.orders ?? c.facts.orders,
    };
    const claim = d.scope.kind === 'recording_request' ? (madeOn?.claim ?? c.claim ?? NO_CLAIM) : null;
    return { ...d, factsDigest: given ?? factsDigest([bundle], parseLegalMoment(d.enteredAt).toMillis(), law, claim) };
  });
}

const sorted = (xs: readonly string[]): string => JSON.stringify([...xs].sort());
const sameInstant = (got: string | null, want: string | null): boolean =>
  got === null || want === null ? got === want : parseLegalMoment(got).toMillis() === parseLegalMoment(want).toMillis();

/** Who on the staff the case's recording names: entered, confirmed or reviewed a fact, and the reference of a confirmation. */
function staffNamesOf(c: ReleaseCase): string[] {
  const r = c.facts.recording;
  const names = [
    ...r.caseLinkSources.flatMap((e) => [e.by, e.confirmedBy]),
    r.categorySource?.by,
    r.categorySource?.confirmedBy,
    r.noInvestigation?.confirmedBy,
    r.noInvestigation?.reference,
    r.redactionReview?.reviewedBy,
  ];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n !== ''))];
}

/** Differences between a decision and what the case wants; empty when it matches. */
/** A missing-fact name as the engine writes it (`recording.caseLinkConfirmed`, `cases.KC-1.offenseDate`). */
const ENGINE_FACT_NAME = /\b(?:recording|cases|orders|requester|counsel|determinations|rules|agency)\.[A-Za-z0-9][\w.[\]/-]*/;

export function caseProblems(d: Decision, c: ReleaseCase): string[] {
  const w = c.want;
  const problems: string[] = [];
  const fired = [...new Set(d.reasons.map((r) => r.ruleId))];
  if (d.outcome !== w.outcome) problems.push(`outcome ${d.outcome}, want ${w.outcome}`);
  if (sorted(fired) !== sorted([...new Set(w.ruleIds)])) problems.push(`rules ${sorted(fired)}, want ${sorted(w.ruleIds)}`);
  if (w.redactions !== undefined) {
    const kinds = d.redactions.map((r) => r.kind);
    if (sorted(kinds) !== sorted(w.redactions)) problems.push(`redactions ${sorted(kinds)}, want ${sorted(w.redactions)}`);
  }
  if (w.availableFrom !== undefined && !sameInstant(d.availableFrom, w.availableFrom)) {
    problems.push(`availableFrom ${d.availableFrom}, want ${w.availableFrom}`);
  }
  if (w.reviewAt !== undefined && !sameInstant(d.reviewAt, w.reviewAt)) problems.push(`reviewAt ${d.reviewAt}, want ${w.reviewAt}`);
  if (w.missingFacts !== undefined && sorted(d.missingFacts) !== sorted(w.missingFacts)) {
    problems.push(`missingFacts ${sorted(d.missingFacts)}, want ${sorted(w.missingFacts)}`);
  }
  if (w.respondWithinDays !== undefined && d.respondWithinDays !== w.respondWithinDays) {
    problems.push(`respondWithinDays ${d.respondWithinDays}, want ${w.respondWithinDays}`);
  }
  if (w.viewOnly !== undefined && d.viewOnly !== w.viewOnly) problems.push(`viewOnly ${d.viewOnly}, want ${w.viewOnly}`);
  if (w.routes !== undefined && sorted(d.routes) !== sorted(w.routes)) problems.push(`routes ${sorted(d.routes)}, want ${sorted(w.routes)}`);
  for (const phrase of w.reasonTexts ?? []) {
    if (!d.reasons.some((r) => r.text.includes(phrase))) problems.push(`no reason says "${phrase}"`);
  }
  if (w.unconfirmedLinks !== undefined && sorted(d.unconfirmedLinks) !== sorted(w.unconfirmedLinks)) {
    problems.push(`unconfirmedLinks ${sorted(d.unconfirmedLinks)}, want ${sorted(w.unconfirmedLinks)}`);
  }
  if (w.staffNotes?.length === 0) {
    for (const r of d.reasons) if (r.staffNote !== undefined) problems.push(`reason of ${r.ruleId} has a staff note: "${r.staffNote}"`);
  }
  for (const phrase of w.staffNotes ?? []) {
    if (!d.reasons.some((r) => r.staffNote?.includes(phrase) === true)) problems.push(`no reason's staff note says "${phrase}"`);
  }
  // Every case: a reason's text reaches the requester (the letter prints it), so it never names staff.
  for (const name of staffNamesOf(c)) {
    const re = new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    for (const r of d.reasons) if (re.test(r.text)) problems.push(`reason of ${r.ruleId} names staff "${name}" in its public text`);
  }
  // Nor an engine fact name (counsel session 8, L3): the requester reads questions.yaml's publicText instead.
  for (const r of d.reasons) {
    const name = ENGINE_FACT_NAME.exec(r.text);
    if (name !== null) problems.push(`reason of ${r.ruleId} prints the engine's fact name "${name[0]}" in its public text`);
  }
  for (const id of c.justMisses ?? []) if (fired.includes(id)) problems.push(`${id} fired, but the case is built to just miss it`);
  return problems;
}
