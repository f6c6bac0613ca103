/**
 * The release-eligibility engine (reference section 3). PURE: no clock, no I/O; time
 * comes only from `asOf`/`knownAt`. The rule set is compiled once; each decision walks
 * the chain of rules in force on asOf, first applicable rule deciding, once per linked
 * case (a recording is released only when every linked case allows it), then adds the
 * redaction rules to any public release.
 *
 * Inputs are the parsed types of facts.ts and are treated as immutable: the case status is
 * cached per CaseFacts object (case-status.ts), an order's parsed dates per CourtOrderFacts
 * object (conditions.ts) and asOf's Chicago day per DateTime (day-math.ts), three identity caches
 * the engine benchmark keeps (removing them cost 20%, 22% and 19% of the mixed workload's
 * decisions per CPU second, scripts/bench/engine-ab.ts, 7 rounds, on 2026-12-04 with the generated
 * conditions of conditions.ts; test/engine/engine-caches.test.ts holds the contract). Output key
 * order is fixed, so equal inputs give byte-identical JSON; decisions may share frozen
 * reason/redaction objects, so treat them as read-only too.
 */
import type { DateTime } from 'luxon';
import type {
  CaseFacts,
  CaseStatus,
  CourtOrderFacts,
  Decision,
  DecisionOrder,
  Outcome,
  Reason,
  Redaction,
  RecordingFacts,
  RequesterClaim,
  RequesterKind,
  Route,
} from './facts';
import { NO_CLAIM, ROUTES } from './facts';
import type { FactName, ParameterVersion, RuleSet } from './rule-schema';
import { HolidayCalendar } from './calendar-schema';
import { createCourtCalendar, type CourtCalendar } from './court-days';
import { FACT_NAMES } from './rule-schema';
import { caseStatusCore, FALSE, toCaseStatus, TRUE, UNKNOWN, withoutOptIns } from './case-status';
import type { CounselDeterminationFacts, CounselInput, CounselState } from './counsel';
import { QuestionsFile } from './question-schema';
import { compileQuestions, determinationFor, publicPhrases, type Questions } from './questions';
import {
  AGENCY_MOTION_MISSING,
  clerkOnlyLink,
  LINK_CONFIRMED_MISSING,
  counselMissing,
  counselOf,
  coveringReleaseOrder,
  FACTS,
  isInvolved,
  newContext,
  prepareOrder,
  requirementMet,
  REVIEW_MISSING,
  reviewCounts,
  SCAN_STRIDE,
  statusOf,
  type FactContext,
  type FactValue,
} from './conditions';
import { compileEpochs, REQUESTER_INDEX, type CompiledOutcome, type CompiledRule, type Epoch, type TemplateScope } from './compile';
import { chicagoStartOfDayIso, formatIsoDay, instantInfo, NO_DAY, parseIsoDay } from './day-math';

/** What a decision records about the law that made it: the rule files' hash and the engine code's hash. */
export interface Versions {
  readonly rulesVersion: string;
  readonly engineVersion: string;
}

export interface ReleaseEngine {
  readonly rulesVersion: string;
  readonly engineVersion: string;
  decide(
    recording: RecordingFacts,
    cases: readonly CaseFacts[],
    orders: readonly CourtOrderFacts[],
    requester: RequesterKind,
    asOf: DateTime,
    knownAt?: DateTime,
    /** What the requester has shown (involved-person, next-of-kin, victim conditions); none recorded when omitted. */
    claim?: RequesterClaim,
    /** Counsel's determinations that may concern the recording, and the request being answered (MO-COUNSEL); none when omitted. */
    counsel?: CounselInput,
  ): Decision;
  /** Case status with the parameters in force on asOf. */
  deriveCaseStatus(caseFacts: CaseFacts, asOf: DateTime, knownAt?: DateTime): CaseStatus;
  /**
   * The case status retention counts from: the parameters in force with every opt-in reading of
   * the status off. An opt-in counsel chose for release (certiorari.wait false, tenYearsWhileCharged)
   * never shortens what is kept: a destruction it allowed could not be undone (counsel re-check, session 3, 1.4).
   */
  caseStatusForRetention(caseFacts: CaseFacts, asOf: DateTime, knownAt?: DateTime): CaseStatus;
  /** Every named fact as the rules see it for one recording and (optionally) one linked case; null = unknown. */
  facts(
    recording: RecordingFacts,
    caseFacts: CaseFacts | null,
    orders: readonly CourtOrderFacts[],
    requester: RequesterKind,
    asOf: DateTime,
    knownAt?: DateTime,
    claim?: RequesterClaim,
  ): Record<FactName, FactValue>;
}

/** One linked case's verdict (or the recording's, when no case is linked). */
interface CaseResult extends TemplateScope {
  outcome: Outcome;
  spec: CompiledOutcome | null;
  ruleId: string;
  citation: string;
  reason: Reason;
  missing: readonly string[];
  viewOnly: boolean;
  order: CourtOrderFacts | null;
  /**
   * Reasons of the rules that lifted their own closure for this requester and passed the decision
   * on (finding 1's passOn): a release keeps them, so the letter shows why this requester may see a
   * recording that rule closes to others (counsel review addendum, finding 1).
   */
  lifted: readonly Reason[] | undefined;
  /** The counsel determinations the result applies (MO-COUNSEL): their redactions go with a release. */
  determinations: readonly CounselDeterminationFacts[] | undefined;
  /** The case the fired rule decided on (a rule testing the case, CASE_FACTS); undefined: none. */
  linkedCase: string | undefined;
  // The three are always present (undefined when not), so every result has one shape and the
  // chain's reads of them stay monomorphic (engine benchmark, 2026-12-03).
}

const EMPTY: readonly never[] = Object.freeze([]);
/** No rule in force applies (noRuleResult): counsel decides. Declared for the questions check (missing-facts.ts). */
export const NO_RULE_MISSING: readonly string[] = ['rules.inForce'];
const HOLIDAYS_FILE = 'holidays.yaml';
const QUESTIONS_FILE = 'questions.yaml';
/** A needs_legal_review verdict: one shape for every one, naming what is missing. */
function reviewResult(ruleId: string, citation: string, text: string, missing: readonly string[]): CaseResult {
  return {
    outcome: 'needs_legal_review',
    spec: null,
    ruleId,
    citation,
    reason: { ruleId, citation, text },
    missing,
    viewOnly: false,
    order: null,
    reviewDay: NO_DAY,
    availableFromDay: NO_DAY,
    noticeDays: null,
    respondDays: null,
    lifted: undefined,
    determinations: undefined,
    linkedCase: undefined,
  };
}

/** `collected`: the rule's missing facts when the caller has already gathered them (unknownRule). */
function unknownResult(ctx: FactContext, rule: CompiledRule, collected?: readonly string[]): CaseResult {
  let out = collected;
  if (out === undefined) {
    const gathered: string[] = [];
    rule.missing(ctx, gathered);
    out = gathered;
  }
  // A rule whose outcome for this requester is itself a review names what that review asks for too
  // (counsel session 9, N5): MO-LINK-UNCONFIRMED, unknown only because the case's status is (a mixed
  // disposition), still waits for the prosecutor to confirm the link, so counsel's answer about the
  // case cannot settle it and the chain never skips the link check.
  const own = rule.outcomes[REQUESTER_INDEX[ctx.requester]]!;
  const missing = [...new Set(own.outcome === 'needs_legal_review' ? [...out, ...own.missingFacts] : out)].sort();
  const order = rule.orderScope === 'release' && ctx.releaseOrder === null ? ctx.releaseUnconfirmed : null;
  if (order !== null && missing.includes(LINK_CONFIRMED_MISSING)) return unconfirmedOrderResult(ctx, rule, order, missing);
  const where = ctx.caseNumber === null ? '' : ` and case ${ctx.caseNumber}`;
  const absent =
    ctx.caseNumber !== null && ctx.caseFacts === null && missing.includes(`cases.${ctx.caseNumber}`)
      ? ` Case ${ctx.caseNumber} is not in the catalog; its facts must be recorded first.`
      : '';
  const text = `Whether "${rule.title}" applies to recording ${ctx.rec.recordingId}${where} cannot be decided yet: it depends on ${publicPhrases(ctx.questions, missing)}, still being established.${absent}`;
  return reviewResult(rule.id, rule.citation, text, missing);
}

/**
 * A case-scoped release order reaching the recording only through a clerk's unconfirmed link (counsel
 * session 6, G1): one reason naming the order and its case, the same whichever linked case is being
 * evaluated, rather than one per case naming a case the doubt is not about (counsel session 8, L4).
 */
function unconfirmedOrderResult(ctx: FactContext, rule: CompiledRule, o: CourtOrderFacts, missing: readonly string[]): CaseResult {
  const rest = missing.filter((m) => m !== LINK_CONFIRMED_MISSING);
  const also = rest.length === 0 ? '' : ` It also depends on ${publicPhrases(ctx.questions, rest)}, still being established.`;
  const text = `Court order ${o.orderNumber}, scoped to case ${o.caseNumber ?? 'none'}, reaches recording ${ctx.rec.recordingId} only through a link to that case that records staff entered and nobody has confirmed: whether "${rule.title}" applies cannot be decided until the link is confirmed.${also}`;
  return reviewResult(rule.id, rule.citation, text, missing);
}

function noRuleResult(ctx: FactContext): CaseResult {
  const text = `No release rule in force on ${formatIsoDay(ctx.asOfDay)} applies to recording ${ctx.rec.recordingId}; counsel must decide.`;
  return reviewResult('MO-NO-RULE', 'none', text, NO_RULE_MISSING);
}

function firedResult(ctx: FactContext, rule: CompiledRule, spec: CompiledOutcome): CaseResult {
  const r: CaseResult = {
    outcome: spec.outcome,
    spec,
    ruleId: rule.id,
    citation: spec.citation,
    reason: spec.constReason!,
    missing: spec.missingFacts,
    viewOnly: false,
    order: null,
    reviewDay: NO_DAY,
    availableFromDay: NO_DAY,
    noticeDays: null,
    respondDays: spec.respondWithinDays,
    lifted: undefined,
    determinations: undefined,
    linkedCase: undefined,
  };
  // Only a recording with a clerk's link needs to know which link a decision rests on (notes, M1).
  if (ctx.rec.caseLinkSources.length > 0) {
    const n = restingCase(ctx, rule);
    if (n !== null) r.linkedCase = n;
  }
  if (spec.reviewFromCase && spec.outcome === 'withhold') {
    const s = statusOf(ctx);
    if (s !== null) r.reviewDay = s.reviewAt;
  }
  if (spec.applyOrder && ctx.releaseOrder !== null) {
    const o = ctx.releaseOrder;
    // A5: notice only when the order states it (the parameter is 0: a silent order has none).
    const notice = o.noticeDays ?? ctx.params.courtOrderNoticeDays;
    r.order = o;
    r.viewOnly = o.viewOnly;
    r.noticeDays = notice;
    if (notice > 0) r.availableFromDay = prepareOrder(o).issuedDay + notice;
  }
  if (spec.constReason === null) {
    const text = spec.explain.render(ctx, r);
    const staffNote = spec.explain.staff === null ? '' : spec.explain.staff(ctx, r);
    r.reason =
      staffNote === '' ? { ruleId: rule.id, citation: spec.citation, text } : { ruleId: rule.id, citation: spec.citation, text, staffNote };
  }
  if (r.linkedCase !== undefined) r.reason = withStaffNote(r.reason, linkConfirmation(ctx.rec, r.linkedCase));
  return r;
}

/**
 * The case whose link to the recording the fired rule's decision rests on, or null:
 * - a court order's case, when the order applied is scoped to a case and not to the recording;
 * - the linked case, when the rule holds only through it (followsCase), or when a rule that may hold
 *   on the recording alone does not here (counsel session 8, M2: MO-JUVENILE with the recording's own
 *   juvenile flag not set, closing only because the linked case is a juvenile matter).
 */
function restingCase(ctx: FactContext, rule: CompiledRule): string | null {
  if (rule.orderScope !== null) {
    const o = rule.orderScope === 'close' ? ctx.closeOrder : ctx.releaseOrder;
    return o !== null && o.recordingIds.length === 0 ? o.caseNumber : null;
  }
  if (ctx.caseNumber === null) return null;
  if (rule.followsCase || (rule.alone !== null && rule.alone(ctx) !== TRUE)) return ctx.caseNumber;
  return null;
}

/**
 * Who confirmed the clerk's link to the case a decision rests on (counsel session 6, G8; session 8,
 * L2), for staff: undefined for the feed's links and for unconfirmed ones (those get the G5 note).
 */
function linkConfirmation(rec: RecordingFacts, caseNumber: string): string | undefined {
  const e = rec.caseLinkSources.find((s) => s.caseNumber === caseNumber && s.source === 'confirmed');
  if (e === undefined) return undefined;
  const when = e.confirmedAt === null ? '' : ` on ${e.confirmedAt.slice(0, 10)}`;
  return `Case ${e.caseNumber} was linked by clerk ${e.by}; link confirmed by ${e.confirmedBy ?? 'the prosecutor'}${when}.`;
}

const REQUIREMENT_TEXT = {
  involved_person:
    'the conditions of 610.100.2(3) for a person depicted or heard (identity verified; or on whose behalf, minor, deceased or incompetent, parent or child, relationship verified)',
  involved_person_written:
    "the conditions of 610.100.4 for a person involved (written request; identity verified, or on whose behalf, minor, deceased or incompetent, parent or child, relationship verified) and, where the recording holds 610.100.3 material or another person's protected identity, the agency's decision whether to move the circuit court within thirty days",
  crime_victim:
    'the conditions of 610.105.2 (the victim, or a parent or guardian of a minor victim, identity and relationship verified, for use in their own judicial proceeding)',
  next_of_kin: 'the next-of-kin conditions of 610.205.1 (rank, no living person of higher rank, proof of relationship, written release)',
} as const;

function requirementUnknown(ctx: FactContext, rule: CompiledRule, spec: CompiledOutcome, missing: readonly string[]): CaseResult {
  const sorted = [...new Set(missing)].sort();
  const text = `"${rule.title}" releases recording ${ctx.rec.recordingId} to a ${ctx.requester} only on ${REQUIREMENT_TEXT[spec.requires!]}; not yet recorded for this request: ${publicPhrases(ctx.questions, sorted)}.`;
  return reviewResult(rule.id, rule.citation, text, sorted);
}

function specFor(ctx: FactContext, rule: CompiledRule, reqIdx: number): CompiledOutcome | CaseResult {
  const spec = rule.outcomes[reqIdx]!;
  if (spec.requires === null) return spec;
  const missing: string[] = [];
  const met = requirementMet(ctx, spec.requires, missing);
  if (met === UNKNOWN) return requirementUnknown(ctx, rule, spec, missing);
  return met === FALSE ? rule.fallback : spec;
}

const isResult = (x: CompiledOutcome | CaseResult): x is CaseResult => 'ruleId' in x;

/**
 * The rule that fires, from rule `start` on; an outcome's requester conditions are checked here.
 * `via`: counsel's release determinations that answered an earlier rule's review (MO-COUNSEL); the
 * rules after it still decide, and the end of the chain is counsel's own release (counselRelease).
 */
function evaluateFrom(
  ctx: FactContext,
  epoch: EngineEpoch,
  reqIdx: number,
  start: number,
  via: readonly CounselDeterminationFacts[] | null = null,
): CaseResult {
  const rules = epoch.rules;
  // The first rule from `start` on whose condition is not FALSE (MO-COUNSEL is no link of the chain:
  // it resolves the chain's reviews, resolveReview and evaluate).
  const found = epoch.scan(ctx, start);
  const i = Math.floor(found / SCAN_STRIDE);
  if (i >= rules.length)
    return via !== null
      ? counselRelease(ctx, epoch, reqIdx, via)
      : resolveReview(ctx, epoch, reqIdx, rules.length, noRuleResult(ctx), null);
  const rule = rules[i]!;
  if (found - i * SCAN_STRIDE === UNKNOWN) {
    const u = unknownRule(ctx, epoch, reqIdx, i);
    return u.outcome === 'needs_legal_review' ? resolveReview(ctx, epoch, reqIdx, i, u, via) : u;
  }
  const spec = specFor(ctx, rule, reqIdx);
  if (isResult(spec)) return resolveReview(ctx, epoch, reqIdx, i, spec, via);
  // Finding 1: a rule that only lifts its own closure for this requester lets the rest decide;
  // a release they give carries the lifting rule's reason too.
  if (spec.passOn) {
    const rest = evaluateFrom(ctx, epoch, reqIdx, i + 1, via);
    if (rest.outcome !== 'release') return rest;
    return { ...rest, lifted: [firedResult(ctx, rule, spec).reason, ...(rest.lifted ?? EMPTY)] };
  }
  const r = firedResult(ctx, rule, spec);
  if (r.outcome === 'needs_legal_review') return resolveReview(ctx, epoch, reqIdx, i, r, via);
  const later = r.availableFromDay > ctx.asOfDay;
  // Finding 6: an involved person's statutory right to the unedited copy is not cut down by an order's redactions.
  const redacted = ctx.involved && statutoryRedactions(r);
  if (r.order !== null && (later || redacted)) {
    // A5: a release order never makes a recording available later than the other rules would.
    const other = evaluateFrom(ctx, epoch, reqIdx, i + 1, via);
    if (other.outcome === 'release') {
      if (later && other.availableFromDay < r.availableFromDay) return other;
      if (
        redacted &&
        !statutoryRedactions(other) &&
        !other.viewOnly &&
        other.respondDays === null &&
        other.availableFromDay <= r.availableFromDay
      )
        return other;
    }
  }
  return r;
}

// ------------------------------------------------------------------ counsel determinations (MO-COUNSEL)
//
// Counsel review, session 4: a determination is counsel's reading of the law, not a court order. It
// never replaces a withhold the rules give, nor a court order's release; it answers only a review
// whose missing facts are all counsel's questions that a determination may answer with its outcome
// (questions.yaml `determination`), each named in its `answers`. A release answers "this open
// question does not close the record": the rules after the one that asked still decide (every
// closure they decide stands), with their claim conditions, the statutory redactions and the
// content-review gate; the end of the chain is MO-COUNSEL's own outcome per requester kind. A
// withhold may also narrow a release the rules give (not a court order's), except that it does not
// end an involved person's 610.100.4 route (finding 8).

const numbersOf = (ds: readonly CounselDeterminationFacts[]): string => ds.map((d) => d.number).join(', ');

/** MO-COUNSEL's public reason: the provisions counsel cites and counsel's public statements, nothing internal (finding 6). */
function counselReason(rule: CompiledRule, ds: readonly CounselDeterminationFacts[]): Reason {
  return {
    ruleId: rule.id,
    citation: [...new Set(ds.map((d) => d.citation))].join('; '),
    text: [...new Set(ds.map((d) => d.publicStatement))].join(' '),
  };
}

/** Whether ds answer every missing fact: each a counsel question a determination may answer with their outcome, named in one's `answers`. */
function answersAll(epoch: EngineEpoch, missing: readonly string[], ds: readonly CounselDeterminationFacts[]): boolean {
  const questions = epoch.questions;
  if (questions === null || missing.length === 0 || epoch.counselIndex < 0) return false;
  const outcome = ds[0]!.outcome;
  return missing.every((m) => {
    const q = determinationFor(questions, m);
    return q !== null && q.outcomes.includes(outcome) && ds.some((d) => d.answers.includes(m) || d.answers.includes(q.questionId));
  });
}

/**
 * A review from rule i (i = the chain's length: no rule applied). Counsel's determination in force
 * on unchanged facts answers it when it names every missing fact and each is counsel's to answer.
 * Under an earlier counsel release (`via`), a further review on the same kind of question is
 * answered by it as well.
 */
function resolveReview(
  ctx: FactContext,
  epoch: EngineEpoch,
  reqIdx: number,
  i: number,
  r: CaseResult,
  via: readonly CounselDeterminationFacts[] | null,
): CaseResult {
  if (via !== null) return answersAll(epoch, r.missing, via) ? evaluateFrom(ctx, epoch, reqIdx, i + 1, via) : r;
  if (ctx.counsel === null) return r;
  const s = counselOf(ctx);
  if (s.kind === 'none') return r;
  if (s.kind !== 'apply') return withCounselTrouble(r, s);
  const ds = s.determinations;
  if (!answersAll(epoch, r.missing, ds)) return r;
  if (ds[0]!.outcome === 'withhold') return counselWithhold(ctx, epoch, ds);
  const rest = evaluateFrom(ctx, epoch, reqIdx, i + 1, ds);
  if (rest.outcome !== 'release' || rest.determinations !== undefined) return rest;
  // A later rule released (e.g. MO-AGENCY): counsel's answer and redactions go with it.
  return { ...rest, lifted: [counselReason(epoch.rules[epoch.counselIndex]!, ds), ...(rest.lifted ?? EMPTY)], determinations: ds };
}

/**
 * The end of the chain under counsel's release: MO-COUNSEL's outcome for this requester kind, with
 * the same claim conditions as the statutory rules (finding 4: next of kin's proof, an involved
 * person's written request and identity) and the statutory redactions (finding 3).
 */
function counselRelease(ctx: FactContext, epoch: EngineEpoch, reqIdx: number, ds: readonly CounselDeterminationFacts[]): CaseResult {
  const rule = epoch.rules[epoch.counselIndex]!;
  const reason = counselReason(rule, ds);
  const spec = specFor(ctx, rule, reqIdx);
  if (isResult(spec)) return { ...spec, citation: reason.citation, reason: { ...spec.reason, citation: reason.citation } };
  if (spec.outcome === 'withhold') return counselWithhold(ctx, epoch, ds, spec);
  return { ...firedResult(ctx, rule, spec), citation: reason.citation, reason, determinations: ds };
}

/**
 * Counsel's withhold: cites the provision counsel relies on (a 610.100.5 petition to the court stays
 * open); reviewed on its expiry day. For a person involved it is not the agency's 610.100.4 motion
 * (finding 8): the request stays in review until the agency records its motion or provides the copy.
 */
function counselWithhold(
  ctx: FactContext,
  epoch: EngineEpoch,
  ds: readonly CounselDeterminationFacts[],
  fallbackSpec?: CompiledOutcome,
): CaseResult {
  const rule = epoch.rules[epoch.counselIndex]!;
  const reason = counselReason(rule, ds);
  let expires = NO_DAY;
  for (const d of ds) {
    if (d.expiresOn === null) continue;
    const day = parseIsoDay(d.expiresOn);
    if (expires === NO_DAY || day < expires) expires = day;
  }
  const base: CaseResult = {
    outcome: 'withhold',
    spec: fallbackSpec ?? rule.fallback,
    ruleId: rule.id,
    citation: reason.citation,
    reason,
    missing: EMPTY,
    viewOnly: false,
    order: null,
    reviewDay: expires,
    availableFromDay: NO_DAY,
    noticeDays: null,
    respondDays: null,
    lifted: undefined,
    determinations: ds,
    linkedCase: undefined,
  };
  if (!ctx.involved) return base;
  return {
    ...base,
    outcome: 'needs_legal_review',
    spec: null,
    reason: {
      ...reason,
      text: `${reason.text} A person involved may obtain recording ${ctx.rec.recordingId} on written request unless the agency moves the circuit court within thirty days (610.100.4); counsel's withhold is not that motion, so the agency's decision is needed.`,
    },
    missing: [AGENCY_MOTION_MISSING],
    reviewDay: NO_DAY,
  };
}

/** What a determination that cannot be applied says: what changed since it was made, or that two disagree. */
function counselTrouble(s: CounselState): string {
  if (s.kind === 'stale')
    return `Counsel's determination ${numbersOf(s.determinations)} no longer applies: ${s.changes.join('; ')}; counsel must decide again on the facts as they are.`;
  if (s.kind === 'conflict')
    return `Counsel's determinations ${numbersOf(s.determinations)} for this recording disagree (a release entered after a withhold it does not supersede); counsel must supersede or withdraw one.`;
  return '';
}

/** A review result that also names counsel's determination that could not be applied. */
function withCounselTrouble(r: CaseResult, s: CounselState): CaseResult {
  return {
    ...r,
    outcome: 'needs_legal_review',
    spec: null,
    reason: { ...r.reason, text: `${r.reason.text} ${counselTrouble(s)}` },
    missing: [...new Set([...r.missing, ...counselMissing(s)])].sort(),
    order: null,
  };
}

/**
 * One evaluation (per linked case): the chain, then counsel's withhold over a release the rules
 * give (finding 5: a fresh withhold wins), never over a court order's release; a determination that
 * changed or disagrees, where counsel withheld, sends a release back to review.
 */
function evaluate(ctx: FactContext, epoch: EngineEpoch, reqIdx: number): CaseResult {
  const r = evaluateFrom(ctx, epoch, reqIdx, 0);
  if (ctx.counsel === null || r.outcome !== 'release' || r.order !== null || r.determinations !== undefined || epoch.counselIndex < 0)
    return r;
  const s = counselOf(ctx);
  if (s.kind === 'none') return r;
  if (s.kind === 'apply') return s.determinations[0]!.outcome === 'withhold' ? counselWithhold(ctx, epoch, s.determinations) : r;
  if (s.kind === 'stale' && !s.determinations.some((d) => d.outcome === 'withhold')) return r;
  const rule = epoch.rules[epoch.counselIndex]!;
  return withCounselTrouble(
    {
      ...r,
      reason: {
        ruleId: rule.id,
        citation: r.citation,
        text: `The rules would release recording ${ctx.rec.recordingId} for this requester (${ctx.requester}), but counsel withheld it.`,
      },
      lifted: undefined,
    },
    s,
  );
}

/**
 * A rule that cannot tell whether it applies asks for review, except when all it lacks is the
 * content review (finding 2 made every content flag unknown until then) and the answer does not
 * depend on it: the rules after it withhold, and so would this one (or it would let them decide).
 */
function unknownRule(ctx: FactContext, epoch: EngineEpoch, reqIdx: number, i: number): CaseResult {
  const rule = epoch.rules[i]!;
  if (ctx.reviewed) return unknownResult(ctx, rule);
  const out: string[] = [];
  rule.missing(ctx, out);
  if (out.every((m) => REVIEW_MISSING.includes(m))) {
    const spec = specFor(ctx, rule, reqIdx);
    const applied = isResult(spec) ? spec.outcome : spec.passOn ? 'pass' : spec.outcome;
    if (applied === 'withhold' || applied === 'pass') {
      const rest = evaluateFrom(ctx, epoch, reqIdx, i + 1);
      if (rest.outcome === 'withhold' || (applied === 'pass' && rest.outcome !== 'release')) return rest;
    }
  }
  // The facts a rule misses do not change while the decision is made (they are computed from its inputs).
  return unknownResult(ctx, rule, out);
}

const dayIso = (d: number): string | null => (d === NO_DAY ? null : chicagoStartOfDayIso(d));

/**
 * A6: the statutory redactions apply unless the covering release order says it controls them. A
 * counsel determination never does (finding 3): 610.150, 610.100.3 and 595.226 yield to a court, not to counsel.
 */
const statutoryRedactions = (r: CaseResult): boolean => r.spec?.redact === true && r.order?.statutoryRedactions !== 'order_controls';

/**
 * The redactions of a release, or, when a redaction rule cannot tell (the recording was never
 * reviewed: A12), the reasons and missing facts that turn the release into a legal review.
 */
function redactionsFor(
  ctx: FactContext,
  epoch: Epoch,
  results: readonly CaseResult[],
  reasons: Reason[],
  unknown: { reasons: Reason[]; missing: string[] },
): Redaction[] {
  const out: Redaction[] = [];
  if (results.some(statutoryRedactions)) {
    for (const item of epoch.redactions) {
      const t = item.test(ctx);
      if (t === UNKNOWN) {
        const before = unknown.missing.length;
        item.missing(ctx, unknown.missing);
        if (!unknown.reasons.some((x) => x.ruleId === item.ruleId)) {
          const what = publicPhrases(ctx.questions, [...new Set(unknown.missing.slice(before))].sort());
          unknown.reasons.push({
            ruleId: item.ruleId,
            citation: item.citation,
            text: `Whether "${item.title}" must be redacted from recording ${ctx.rec.recordingId} cannot be decided yet: it depends on ${what}. A release that depends on the redaction flags waits until a person has reviewed the recording.`,
          });
        }
      } else if (t !== FALSE) {
        out.push(item.redaction);
        reasons.push(item.reason);
      }
    }
  }
  const seen: CourtOrderFacts[] = [];
  for (const r of results) {
    const o = r.order;
    if (o === null || o.redactions.length === 0 || seen.includes(o)) continue;
    seen.push(o);
    for (const text of o.redactions) {
      out.push({ kind: 'court_ordered', ruleId: r.ruleId, citation: r.citation, text: `Court order ${o.orderNumber}: ${text}` });
    }
  }
  const seenDeterminations: string[] = [];
  for (const r of results) {
    for (const d of r.determinations ?? EMPTY) {
      if (seenDeterminations.includes(d.number)) continue;
      seenDeterminations.push(d.number);
      // Only the public description: counsel's instruction (with names) stays in the determination record (finding 6).
      for (const x of d.redactions)
        out.push({ kind: 'counsel_determined', ruleId: r.ruleId, citation: d.citation, text: x.publicDescription });
    }
  }
  return out;
}

/** Two staff notes as one, each sentence once. */
function joinStaffNotes(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || a === '' || a === b) return b === '' ? undefined : b;
  if (b === undefined || b === '' || a.includes(b)) return a;
  return `${a} ${b}`;
}

function withStaffNote(reason: Reason, note: string | undefined): Reason {
  const staffNote = joinStaffNotes(reason.staffNote, note);
  return staffNote === reason.staffNote ? reason : { ...reason, staffNote };
}

function uniqueReasons(results: readonly CaseResult[]): Reason[] {
  const out: Reason[] = [];
  for (const r of results) {
    for (const reason of [...(r.lifted ?? EMPTY), r.reason]) {
      // The same words for two linked cases are one reason; what staff must know about each link is kept.
      const i = out.findIndex((x) => x.ruleId === reason.ruleId && x.text === reason.text);
      if (i < 0) out.push(reason);
      else out[i] = withStaffNote(out[i]!, reason.staffNote);
    }
  }
  return out;
}

const reasonsOf = (deciding: readonly CaseResult[]): Reason[] =>
  deciding.length === 1 && deciding[0]!.lifted === undefined ? [deciding[0]!.reason] : uniqueReasons(deciding);

/**
 * Finding 17: a release order that controls the statutory redactions decides what is released by
 * its own redactions, so the content flags do not matter and the review gate (A12) does not hold it.
 */
const orderControls = (r: CaseResult): boolean => r.order !== null && r.order.statutoryRedactions === 'order_controls';

/** The release orders the deciding results applied, then the covering one when none of them is it. */
function ordersOf(ctx: FactContext, deciding: readonly CaseResult[]): DecisionOrder[] {
  const out: DecisionOrder[] = [];
  for (const r of deciding) {
    const o = r.order;
    if (o !== null && !out.some((x) => x.orderNumber === o.orderNumber))
      out.push({ orderNumber: o.orderNumber, conditions: o.conditions, applied: true });
  }
  const covering = ctx.orders.length === 0 ? null : coveringReleaseOrder(ctx);
  if (covering !== null && !out.some((x) => x.orderNumber === covering.orderNumber))
    out.push({ orderNumber: covering.orderNumber, conditions: covering.conditions, applied: false });
  return out;
}

function combine(ctx: FactContext, epoch: Epoch, results: readonly CaseResult[], versions: Versions, asOfIso: string): Decision {
  let outcome: Outcome = 'release';
  for (const r of results) {
    if (r.outcome === 'withhold') outcome = 'withhold';
    else if (r.outcome === 'needs_legal_review' && outcome === 'release') outcome = 'needs_legal_review';
  }
  const deciding = results.length === 1 ? results : results.filter((r) => r.outcome === outcome);
  const reasons = reasonsOf(deciding);
  let redactions: Redaction[] | null = null;
  let viewOnly = false;
  let availableFrom = NO_DAY;
  let respond: number | null = null;
  let routes: readonly Route[] = EMPTY;
  let reviewAt = NO_DAY;
  let missing: readonly string[] = EMPTY;
  let unconfirmedLinks: readonly string[] = EMPTY;
  const unknownRedactions = { reasons: [] as Reason[], missing: [] as string[] };
  if (outcome === 'release') {
    redactions = redactionsFor(ctx, epoch, deciding, reasons, unknownRedactions);
    if (unknownRedactions.reasons.length === 0 && !ctx.reviewed && ctx.requester !== 'agency' && !deciding.every(orderControls)) {
      // Finding 2: an unedited copy (involved person, next of kin, defendant) needs the review as much
      // as a redacted one: the content flags include closures (610.205, 211.321).
      const first = deciding[0]!;
      unknownRedactions.missing.push(...REVIEW_MISSING);
      unknownRedactions.reasons.push({
        ruleId: first.ruleId,
        citation: first.citation,
        text: `Recording ${ctx.rec.recordingId} has not been reviewed for its content${ctx.rec.redactionReview === null ? '' : ' as of this decision'}; whether it shows what closes it (a mutilated deceased, a juvenile) or must be redacted is unknown, so it is released to no one but an agency until a person has reviewed it.`,
      });
    }
  }
  if (unknownRedactions.reasons.length > 0) {
    outcome = 'needs_legal_review';
    redactions = null;
    reasons.splice(0, reasons.length, ...reasonsOf(deciding));
    for (const u of unknownRedactions.reasons) {
      // The review gate speaks for the deciding rule: one reason per rule (cosmetic duplicate, finding 17).
      const same = reasons.findIndex((x) => x.ruleId === u.ruleId && x.citation === u.citation);
      if (same >= 0) reasons[same] = withStaffNote({ ...reasons[same]!, text: `${reasons[same]!.text} ${u.text}` }, u.staffNote);
      else reasons.push(u);
    }
    missing = [...new Set(unknownRedactions.missing)].sort();
  } else if (outcome === 'release') {
    for (const r of deciding) {
      if (r.viewOnly) viewOnly = true;
      if (r.availableFromDay > availableFrom) availableFrom = r.availableFromDay;
      if (r.respondDays !== null && (respond === null || r.respondDays > respond)) respond = r.respondDays;
    }
  } else if (outcome === 'withhold') {
    const noted = noteUnconfirmedClosures(ctx, deciding, reasons);
    unconfirmedLinks = noted.links;
    // The routes and the day it may open are those of the closures the requester reads (counsel session 13,
    // P2-a): a closure left out of the reasons (N6) does not lend its routes (a juvenile court's order,
    // 211.321) or its day to a denial that does not cite it.
    const standing = noted.hidden.length === 0 ? deciding : deciding.filter((r) => !noted.hidden.includes(r));
    // The recording opens on its own only when every withholding case does.
    for (const r of standing) {
      if (r.reviewDay === NO_DAY) {
        reviewAt = NO_DAY;
        break;
      }
      if (r.reviewDay > reviewAt) reviewAt = r.reviewDay;
    }
    routes = standing.length === 1 ? standing[0]!.spec!.routes : ROUTES.filter((x) => standing.some((r) => r.spec!.routes.includes(x)));
  } else if (outcome === 'needs_legal_review' && missing.length === 0) {
    missing = deciding.length === 1 ? deciding[0]!.missing : [...new Set(deciding.flatMap((r) => r.missing))].sort();
  }
  return {
    recordingId: ctx.rec.recordingId,
    requester: ctx.requester,
    asOf: asOfIso,
    outcome,
    redactions: redactions ?? [],
    viewOnly,
    availableFrom: dayIso(availableFrom),
    respondWithinDays: respond,
    routes: [...routes],
    reviewAt: dayIso(reviewAt),
    missingFacts: [...missing],
    reasons,
    orders: ordersOf(ctx, deciding),
    unconfirmedLinks: [...unconfirmedLinks],
    rulesVersion: versions.rulesVersion,
    engineVersion: versions.engineVersion,
  };
}

/**
 * Counsel session 6, G5: a closure resting on a case a clerk linked and nobody confirmed is kept (it
 * cannot cause an unlawful release), but a denial must cite the provision that closes the record
 * (610.023.4), and here that provision rests on an unverified link. The reason's staff note says so,
 * so the clerk has the prosecutor confirm the link (question recording-case-link-confirmed) before
 * citing it; the requester's letter does not name the clerk. Returns the cases when every closure rests
 * on such a link (Decision.unconfirmedLinks, session 8 M1): the response waits for the confirmation.
 */
function noteUnconfirmedClosures(ctx: FactContext, deciding: readonly CaseResult[], reasons: Reason[]): NotedClosures {
  if (ctx.rec.caseLinkSources.length === 0) return NOTHING_NOTED;
  // The cases every closure rests on through an unconfirmed link: empty when one closure stands without one (M1).
  const resting = new Set<string>();
  const restingAt: number[] = [];
  const restingResults: CaseResult[] = [];
  let every = true;
  for (const r of deciding) {
    const n = r.linkedCase;
    if (n === undefined || !clerkOnlyLink(ctx.rec, n)) {
      every = false;
      continue;
    }
    resting.add(n);
    // The reason this case's result gave (counsel session 9, N2: the same rule firing for the feed's case
    // and the clerk's gives two reasons, and the note belongs on the clerk's); else the rule's merged one.
    const own = reasons.indexOf(r.reason);
    const i = own >= 0 ? own : reasons.findIndex((x) => x.ruleId === r.ruleId && x.citation === r.citation);
    if (i < 0) continue;
    const entry = ctx.rec.caseLinkSources.find((e) => e.caseNumber === n && e.source === 'clerk')!;
    const note = `This closure rests on case ${n}, tied to recording ${ctx.rec.recordingId} only by a link clerk ${entry.by} entered on ${entry.at.slice(0, 10)} that nobody has confirmed: the prosecutor confirms the link (or has it removed) before a denial cites it.`;
    reasons[i] = withStaffNote(reasons[i]!, note);
    if (own >= 0) {
      restingAt.push(own);
      restingResults.push(r);
    }
  }
  if (every) return { links: [...resting].sort(), hidden: EMPTY };
  // Counsel session 9b, N6: another closure stands on its own, so the denial goes out now, citing only
  // what holds without the clerk's links; a closure resting on one (a juvenile matter it may have nothing
  // to do with) stays out of the reasons the requester reads, and staff see it in the note.
  if (restingAt.length > 0 && restingAt.length < reasons.length) {
    const moved = restingAt.map((i) => `${reasons[i]!.text} (${reasons[i]!.citation}) ${reasons[i]!.staffNote ?? ''}`.trim());
    const kept = reasons.filter((_, i) => !restingAt.includes(i));
    kept[0] = withStaffNote(kept[0]!, `Left out of the reasons the requester reads until the link is confirmed: ${moved.join(' ')}`);
    reasons.splice(0, reasons.length, ...kept);
    return { links: EMPTY, hidden: restingResults };
  }
  return NOTHING_NOTED;
}

/** noteUnconfirmedClosures: the cases the response waits on, and the results left out of the reasons (N6). */
interface NotedClosures {
  readonly links: readonly string[];
  readonly hidden: readonly CaseResult[];
}
const NOTHING_NOTED: NotedClosures = { links: EMPTY, hidden: EMPTY };

/**
 * The court calendar of each parameter version, from the legal holidays of holidays.yaml (the
 * courts' days, not the records unit's: closures are ignored). A rule set without a valid
 * holiday calendar cannot date appeal or limitation deadlines, so it is refused.
 */
function courtCalendars(ruleSet: RuleSet): (params: ParameterVersion) => CourtCalendar {
  const parsed = HolidayCalendar.safeParse(ruleSet.documents[HOLIDAYS_FILE]);
  if (!parsed.success)
    throw new Error(`${HOLIDAYS_FILE} is missing or invalid: the court calendar (Rule 20.01(a)) needs its legal holidays`);
  const holidays = parsed.data.holidays;
  const byParams = new Map<ParameterVersion, CourtCalendar>();
  return (params) => {
    let c = byParams.get(params);
    if (c === undefined) {
      c = createCourtCalendar(holidays, params.courtDays);
      byParams.set(params, c);
    }
    return c;
  };
}

/**
 * questions.yaml compiled, for MO-COUNSEL: which missing facts a determination may answer (their
 * `determination`). A rule set without it (a test's amended set) lets no determination answer anything.
 */
function questionsOf(ruleSet: RuleSet): Questions | null {
  const parsed = QuestionsFile.safeParse(ruleSet.documents[QUESTIONS_FILE]);
  return parsed.success ? compileQuestions(parsed.data) : null;
}

/** An epoch with its court calendar, looked up once here rather than per decision, and the questions counsel's determinations may answer. */
interface EngineEpoch extends Epoch {
  court: CourtCalendar | null;
  questions: Questions | null;
}

export function createReleaseEngine(ruleSet: RuleSet): ReleaseEngine {
  const courtFor = courtCalendars(ruleSet);
  const questions = questionsOf(ruleSet);
  const epochs: EngineEpoch[] = compileEpochs(ruleSet).map((e) => ({
    ...e,
    court: e.params === null ? null : courtFor(e.params),
    questions,
  }));
  const rulesVersion = ruleSet.rulesVersion;
  const engineVersion = ruleSet.engineVersion;
  const versions: Versions = { rulesVersion, engineVersion };
  let lastDay = NaN;
  let lastEpoch: EngineEpoch = epochs[0]!;
  const epochFor = (day: number): EngineEpoch => {
    if (day === lastDay) return lastEpoch;
    let lo = 0;
    let hi = epochs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (epochs[mid]!.fromDay <= day) lo = mid;
      else hi = mid - 1;
    }
    lastDay = day;
    lastEpoch = epochs[lo]!;
    return lastEpoch;
  };

  /** The context of a decision on asOf, or null when no parameters are in force then. */
  const setup = (
    recording: RecordingFacts,
    orders: readonly CourtOrderFacts[],
    requester: RequesterKind,
    epoch: EngineEpoch,
    info: { day: number; ms: number },
    knownAt: DateTime | undefined,
    claim: RequesterClaim,
    cases: readonly CaseFacts[],
    counsel: CounselInput | null,
  ): FactContext | null => {
    const params = epoch.params;
    if (params === null || epoch.court === null) return null;
    const c = newContext(recording, params, epoch.court);
    c.requester = requester;
    c.involved = isInvolved(requester);
    c.claim = claim;
    c.asOfMs = info.ms;
    c.asOfDay = info.day;
    c.knownMs = knownAt === undefined ? Infinity : instantInfo(knownAt).ms;
    c.reviewed = reviewCounts(recording, c.asOfMs, c.knownMs);
    c.orders = orders;
    c.ordersDone = orders.length === 0;
    c.cases = cases;
    c.counsel = counsel;
    c.law = rulesVersion;
    c.questions = epoch.questions;
    return c;
  };

  const findCase = (cases: readonly CaseFacts[], n: string): CaseFacts | null => {
    for (let i = 0; i < cases.length; i++) if (cases[i]!.caseNumber === n) return cases[i]!;
    return null;
  };

  /**
   * Counsel session 9, N1: a withhold resting only on clerks' unconfirmed links (Decision.unconfirmedLinks)
   * holds the response until the prosecutor confirms them, which is reasonable cause to delay (610.023.3)
   * only if the answer depends on them. Decided again without those links: when the recording is still
   * withheld, that decision's grounds hold whatever the links are, so the denial may cite them now; the
   * staff note says which links were left aside. Otherwise the hold stands.
   */
  const decide: ReleaseEngine['decide'] = (recording, cases, orders, requester, asOf, knownAt, claim = NO_CLAIM, counsel) => {
    const d = decideOnce(recording, cases, orders, requester, asOf, knownAt, claim, counsel);
    if (d.unconfirmedLinks.length === 0) return d;
    // Only the links the hold rests on are set aside (counsel session 13, P1-a): another unconfirmed link
    // may bring a court's release order, and without it the second decision would deny what confirming
    // that link could release; such an order keeps its own hold (MO-ORDER-RELEASE waits for the link).
    const resting = new Set(d.unconfirmedLinks);
    const without: RecordingFacts = {
      ...recording,
      caseNumbers: recording.caseNumbers.filter((n) => !resting.has(n)),
      caseLinkSources: recording.caseLinkSources.filter((e) => !resting.has(e.caseNumber)),
    };
    // Without counsel's determinations (counsel session 9b, N1-R): one made on the facts without the link
    // would be stale on the real ones, so it is no ground of a denial now.
    const alone = decideOnce(without, cases, orders, requester, asOf, knownAt, claim, undefined);
    // A denial that itself rests on another unconfirmed link is no ground to cite now either.
    if (alone.outcome !== 'withhold' || alone.unconfirmedLinks.length > 0) return d;
    const note = `Recording ${recording.recordingId} is also tied to case ${[...resting].sort().join(', ')} only by a clerk's unconfirmed link; this denial rests on the grounds above, which hold without that link.`;
    const [first, ...rest] = alone.reasons;
    // Its routes and the day it may open are the cited grounds' (counsel session 14, as P2-a for N6): the letter's
    // date agrees with the reasons it prints, and the sweep re-decides then, when the link is asked about again.
    return { ...alone, reasons: first === undefined ? [] : [withStaffNote(first, note), ...rest] };
  };

  const decideOnce: ReleaseEngine['decide'] = (recording, cases, orders, requester, asOf, knownAt, claim = NO_CLAIM, counsel) => {
    const reqIdx = REQUESTER_INDEX[requester];
    if (reqIdx === undefined) throw new TypeError(`unknown requester kind ${String(requester)}`);
    const info = instantInfo(asOf);
    const epoch = epochFor(info.day);
    const c = setup(
      recording,
      orders,
      requester,
      epoch,
      info,
      knownAt,
      claim,
      cases,
      counsel === undefined || counsel.determinations.length === 0 ? null : counsel,
    );
    if (c === null) {
      const none = newContext(recording, ruleSet.parameters.versions[0]!, courtFor(ruleSet.parameters.versions[0]!));
      none.requester = requester;
      none.asOfDay = info.day;
      return combine(none, epochs[0]!, [noRuleResult(none)], versions, info.iso);
    }
    const iso = info.iso;
    const numbers = recording.caseNumbers;
    if (numbers.length <= 1) {
      if (numbers.length === 1) {
        c.caseNumber = numbers[0]!;
        c.caseFacts = findCase(cases, c.caseNumber);
      }
      return combine(c, epoch, [evaluate(c, epoch, reqIdx)], versions, iso);
    }
    const results: CaseResult[] = [];
    for (const n of new Set(numbers)) {
      c.caseNumber = n;
      c.caseFacts = findCase(cases, n);
      c.status = null;
      c.counselState = null;
      results.push(evaluate(c, epoch, reqIdx));
    }
    return combine(c, epoch, results, versions, iso);
  };

  const statusWith = (caseFacts: CaseFacts, asOf: DateTime, knownAt: DateTime | undefined, optIns: boolean): CaseStatus => {
    const info = instantInfo(asOf);
    const inForce = epochFor(info.day).params;
    const params = inForce === null || optIns ? inForce : withoutOptIns(inForce);
    if (params === null) {
      return {
        caseNumber: caseFacts.caseNumber,
        inactive: 'unknown',
        inactiveSince: null,
        inactiveGround: null,
        terminated: false,
        terminatedSince: null,
        reviewAt: null,
        timeToFileEnds: null,
        missingFacts: ['parameters'],
        reasons: [{ ruleId: 'MO-NO-RULE', citation: 'none', text: `No parameters are in force on ${formatIsoDay(info.day)}.` }],
      };
    }
    const knownMs = knownAt === undefined ? Infinity : instantInfo(knownAt).ms;
    return toCaseStatus(caseFacts, caseStatusCore(caseFacts, info.day, knownMs, params, courtFor(params)));
  };
  const deriveCaseStatus: ReleaseEngine['deriveCaseStatus'] = (caseFacts, asOf, knownAt) => statusWith(caseFacts, asOf, knownAt, true);
  const caseStatusForRetention: ReleaseEngine['caseStatusForRetention'] = (caseFacts, asOf, knownAt) =>
    statusWith(caseFacts, asOf, knownAt, false);

  const facts: ReleaseEngine['facts'] = (recording, caseFacts, orders, requester, asOf, knownAt, claim = NO_CLAIM) => {
    const info = instantInfo(asOf);
    const params = epochFor(info.day).params ?? ruleSet.parameters.versions[0]!;
    const c = newContext(recording, params, courtFor(params));
    c.requester = requester;
    c.involved = isInvolved(requester);
    c.claim = claim;
    c.asOfMs = info.ms;
    c.asOfDay = info.day;
    c.knownMs = knownAt === undefined ? Infinity : instantInfo(knownAt).ms;
    c.reviewed = reviewCounts(recording, c.asOfMs, c.knownMs);
    c.orders = orders;
    c.caseNumber = caseFacts?.caseNumber ?? recording.caseNumbers[0] ?? null;
    c.caseFacts = caseFacts;
    const out = {} as Record<FactName, FactValue>;
    for (const name of FACT_NAMES) out[name] = FACTS[name].get(c);
    return out;
  };

  return { rulesVersion, engineVersion, decide, deriveCaseStatus, caseStatusForRetention, facts };
}
