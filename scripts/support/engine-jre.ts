/**
 * The same release rules run through json-rules-engine, as the speed baseline (and as an
 * independent check of the rule semantics). Facts are computed exactly as the engine does
 * (`engine.facts`, unknown = null); each rule condition C becomes two JRE rules at one
 * priority: "C is true" and "C is unknown" (three-valued logic spelled out with not/all/any),
 * priorities follow the rule order, and the successes are walked in that order (first applicable
 * wins; a `passOn` outcome lets the next one decide; a rule unknown only for want of the content
 * review gives way when both branches withhold, as in decide.ts). A release to anyone but an agency
 * of a recording not reviewed by asOf is a legal review. Redaction items run as a second JRE engine on public releases; an item that is unknown
 * (recording not reviewed) turns the release into a legal review. An outcome's `requires` uses
 * the engine's own requirementMet (the requester conditions are pinned down by rule cases), and
 * release orders in the mix never defer availability, so the A5 "both paths" step is not needed.
 */
import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import type { DateTime } from 'luxon';
import { FLAG_NAMES, INVOLVED_REQUESTERS, type CourtOrderFacts, type Outcome, type RequesterKind } from '../../src/engine/facts';
import type { ReleaseEngine } from '../../src/engine/decide';
import { newContext, requirementMet } from '../../src/engine/conditions';
import { HolidayCalendar } from '../../src/engine/calendar-schema';
import { createCourtCalendar } from '../../src/engine/court-days';
import type { Condition, DecisionRuleVersion, OutcomeSpec, RedactionRuleVersion, RuleSet } from '../../src/engine/rule-schema';
import { formatIsoDay, instantInfo, parseIsoInstant } from '../../src/engine/day-math';
import { inForce } from '../../src/engine/effective';
import type { MixItem } from './engine-mix';

export interface JreDecision {
  outcome: Outcome;
  ruleIds: string[];
  redactions: string[];
}

function factTest(c: Condition, negate: boolean): NestedCondition {
  const is = c.is!;
  const many = Array.isArray(is);
  const test = { fact: c.fact!, operator: many ? (negate ? 'notIn' : 'in') : negate ? 'notEqual' : 'equal', value: is };
  return negate ? { all: [test, { fact: c.fact!, operator: 'notEqual', value: null }] } : test;
}
/** Condition is definitely true. */
function T(c: Condition): NestedCondition {
  if (c.fact !== undefined) return factTest(c, false);
  if (c.all) return { all: c.all.map(T) };
  if (c.any) return { any: c.any.map(T) };
  return F(c.not!);
}
/** Condition is definitely false. */
function F(c: Condition): NestedCondition {
  if (c.fact !== undefined) return factTest(c, true);
  if (c.all) return { any: c.all.map(F) };
  if (c.any) return { all: c.any.map(F) };
  return T(c.not!);
}
const top = (n: NestedCondition): TopLevelCondition => ('all' in n || 'any' in n ? n : { all: [n] });

const INVOLVED = new Set<RequesterKind>(INVOLVED_REQUESTERS);

/** The release order whose conditions apply: in force, covering the recording, naming the requester, latest. */
function latestReleaseOrder(item: MixItem, asOfMs: number): CourtOrderFacts | undefined {
  return item.orders
    .filter((o) => o.kind === 'release' && parseIsoInstant(o.issuedAt) <= asOfMs)
    .filter((o) =>
      o.recordingIds.length > 0
        ? o.recordingIds.includes(item.recording.recordingId)
        : o.caseNumber !== null && item.recording.caseNumbers.includes(o.caseNumber),
    )
    .filter((o) => o.releaseTo.length === 0 || o.releaseTo.includes('public') || o.releaseTo.includes(item.requester))
    .sort((a, b) => parseIsoInstant(b.issuedAt) - parseIsoInstant(a.issuedAt))[0];
}

/** Builds a decider for the rule versions in force on asOf. */
export function createJreDecider(ruleSet: RuleSet, engine: ReleaseEngine, asOf: DateTime): (item: MixItem) => Promise<JreDecision> {
  const { day: dayNumber, ms: asOfMs } = instantInfo(asOf);
  const day = formatIsoDay(dayNumber);
  const decisionEngine = new Engine([], { allowUndefinedFacts: false });
  const redactionEngine = new Engine([], { allowUndefinedFacts: false });
  const outcomes = new Map<string, DecisionRuleVersion['outcomes']>();
  for (const file of ruleSet.release) {
    if (file.kind === 'decision') {
      const v = inForce(file.versions, day);
      if (!v) continue;
      outcomes.set(file.id, v.outcomes);
      const priority = 10000 - file.order;
      decisionEngine.addRule({
        name: `${file.id}:true`,
        priority,
        conditions: top(T(v.when)),
        event: { type: file.id, params: { unknown: false } },
      });
      decisionEngine.addRule({
        name: `${file.id}:unknown`,
        priority,
        conditions: { all: [{ not: T(v.when) }, { not: F(v.when) }] },
        event: { type: file.id, params: { unknown: true } },
      });
    } else {
      const v: RedactionRuleVersion | null = inForce(file.versions, day);
      v?.redactions.forEach((item, i) => {
        redactionEngine.addRule({
          name: `${file.id}#${i}`,
          priority: 1,
          conditions: top(T(item.when)),
          event: { type: file.id, params: { kind: item.kind, unknown: false } },
        });
        redactionEngine.addRule({
          name: `${file.id}#${i}:unknown`,
          priority: 1,
          conditions: { all: [{ not: T(item.when) }, { not: F(item.when) }] },
          event: { type: file.id, params: { kind: item.kind, unknown: true } },
        });
      });
    }
  }
  const orderOf = new Map(ruleSet.release.map((f) => [f.id, f.order]));
  const whenOf = new Map<string, Condition>();
  for (const file of ruleSet.release) {
    if (file.kind !== 'decision') continue;
    const v = inForce(file.versions, day);
    if (v) whenOf.set(file.id, v.when);
  }
  const factsIn = (c: Condition): string[] => [
    ...(c.fact ? [c.fact] : []),
    ...(c.all ?? []).flatMap(factsIn),
    ...(c.any ?? []).flatMap(factsIn),
    ...(c.not ? factsIn(c.not) : []),
  ];
  const REVIEWED = new Set<string>([...FLAG_NAMES, 'crimeScene']);

  const specFor = (ruleId: string, requester: RequesterKind): OutcomeSpec => {
    const o = outcomes.get(ruleId)!;
    return o[requester] ?? (INVOLVED.has(requester) ? o.involved : undefined) ?? o.default;
  };

  return async (item) => {
    const linked = item.recording.caseNumbers.length === 0 ? [null] : [...new Set(item.recording.caseNumbers)];
    const verdicts: Array<{ outcome: Outcome; ruleId: string; redact: boolean; applyOrder: boolean }> = [];
    const order = latestReleaseOrder(item, asOfMs);
    let lastFacts: Record<string, unknown> = {};
    for (const n of linked) {
      const caseFacts = n === null ? null : (item.cases.find((c) => c.caseNumber === n) ?? null);
      const facts = engine.facts(item.recording, caseFacts, item.orders, item.requester, asOf, undefined, item.claim);
      lastFacts = facts;
      const { events: unordered } = await decisionEngine.run(facts);
      const events = [...unordered].sort((a, b) => orderOf.get(a.type)! - orderOf.get(b.type)!);
      const reviewed = item.recording.redactionReview !== null && parseIsoInstant(item.recording.redactionReview.reviewedAt) <= asOfMs;
      type Verdict = { outcome: Outcome; ruleId: string; redact: boolean; applyOrder: boolean };
      /** The spec once the rule applies (requires resolved), or a review verdict. */
      const applied = (ruleId: string): OutcomeSpec | Verdict => {
        const spec = specFor(ruleId, item.requester);
        if (!spec.requires) return spec;
        const params = ruleSet.parameters.versions[0]!;
        const ctx = newContext(
          item.recording,
          params,
          createCourtCalendar(HolidayCalendar.parse(ruleSet.documents['holidays.yaml']).holidays, params.courtDays),
        );
        ctx.requester = item.requester;
        ctx.claim = item.claim;
        ctx.reviewed = reviewed;
        const t = requirementMet(ctx, spec.requires, []);
        if (t === 1) return spec;
        if (t === 0) return outcomes.get(ruleId)!.default;
        return { outcome: 'needs_legal_review', ruleId, redact: false, applyOrder: false };
      };
      const walk = (from: number): Verdict => {
        for (let i = from; i < events.length; i++) {
          const ev = events[i]!;
          if (ev.params?.unknown) {
            const nulls = factsIn(whenOf.get(ev.type)!).filter((f) => (facts as Record<string, unknown>)[f] === null);
            if (!reviewed && nulls.every((f) => REVIEWED.has(f))) {
              const a = applied(ev.type);
              const kind = 'ruleId' in a ? a.outcome : a.passOn ? 'pass' : a.outcome;
              if (kind === 'withhold' || kind === 'pass') {
                const rest = walk(i + 1);
                if (rest.outcome === 'withhold' || (kind === 'pass' && rest.outcome !== 'release')) return rest;
              }
            }
            return { outcome: 'needs_legal_review', ruleId: ev.type, redact: false, applyOrder: false };
          }
          const a = applied(ev.type);
          if ('ruleId' in a) return a;
          if (a.passOn) continue;
          const applyOrder = a.applyOrder === 'release';
          const statutory = (a.redact ?? false) && !(applyOrder && order?.statutoryRedactions === 'order_controls');
          if (applyOrder && statutory && INVOLVED.has(item.requester)) {
            // Finding 6: the involved person's unedited statutory copy beats the order's redacted one.
            const rest = walk(i + 1);
            if (rest.outcome === 'release' && !rest.redact && specFor(rest.ruleId, item.requester).respondWithinDays === undefined)
              return rest;
          }
          return { outcome: a.outcome, ruleId: ev.type, redact: statutory, applyOrder };
        }
        return { outcome: 'needs_legal_review', ruleId: 'MO-NO-RULE', redact: false, applyOrder: false };
      };
      verdicts.push(walk(0));
    }
    let outcome: Outcome = verdicts.some((v) => v.outcome === 'withhold')
      ? 'withhold'
      : verdicts.some((v) => v.outcome === 'needs_legal_review')
        ? 'needs_legal_review'
        : 'release';
    const deciding = verdicts.filter((v) => v.outcome === outcome);
    let ruleIds = deciding.map((v) => v.ruleId);
    const redactions: string[] = [];
    if (outcome === 'release' && deciding.some((v) => v.redact)) {
      const { events } = await redactionEngine.run(lastFacts);
      const unknown = events.filter((e) => e.params?.unknown);
      if (unknown.length > 0) {
        outcome = 'needs_legal_review';
        ruleIds = [...ruleIds, ...unknown.map((e) => e.type)];
        return { outcome, ruleIds: [...new Set(ruleIds)].sort(), redactions };
      }
      for (const e of events) {
        redactions.push(String(e.params?.kind));
        ruleIds.push(e.type);
      }
    }
    const reviewedNow = item.recording.redactionReview !== null && parseIsoInstant(item.recording.redactionReview.reviewedAt) <= asOfMs;
    if (outcome === 'release' && !reviewedNow && item.requester !== 'agency') {
      return { outcome: 'needs_legal_review', ruleIds: [...new Set(deciding.map((v) => v.ruleId))].sort(), redactions: [] };
    }
    if (outcome === 'release' && deciding.some((v) => v.applyOrder)) {
      for (let i = 0; i < (order?.redactions.length ?? 0); i++) redactions.push('court_ordered');
    }
    return { outcome, ruleIds: [...new Set(ruleIds)].sort(), redactions: redactions.sort() };
  };
}
