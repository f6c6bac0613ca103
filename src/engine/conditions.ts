/**
 * The named facts rules may test, computed lazily from one decision's inputs, and the
 * compiler that turns a rule condition into a function evaluated with three-valued logic
 * (true / false / unknown). A fact is unknown when an input is missing or contradictory;
 * `all` is false if any part is false, `any` true if any part is true, else unknown wins.
 */
import type { CaseFacts, CourtOrderFacts, FlagName, RecordingFacts, RequesterClaim, RequesterKind } from './facts';
import { FIRST_DEGREE_RELATIONSHIPS, FLAG_NAMES, INVOLVED_REQUESTERS, NO_CLAIM, PRIVATE_LOCATION_KINDS } from './facts';
import type { Condition, FactName, ParameterVersion, Requirement } from './rule-schema';
import { CASE_STATUS_MISSING, caseStatusCore, FALSE, TRUE, UNKNOWN, type CaseStatusCore, type Tri } from './case-status';
import { instantInfo, parseIsoInstant } from './day-math';
import type { CourtCalendar } from './court-days';
import type { Questions } from './questions';
import { DateTime } from 'luxon';
import { conflictFact, counselStateFor, factsChangedFact, NO_COUNSEL, type CounselInput, type CounselState } from './counsel';

export type FactValue = boolean | string | null;

/** Mutable per-decision state: one per decision, reset for each linked case. */
export interface FactContext {
  rec: RecordingFacts;
  requester: RequesterKind;
  involved: boolean;
  /** What the requester has shown (request fields); NO_CLAIM when nothing is recorded. */
  claim: RequesterClaim;
  asOfMs: number;
  asOfDay: number;
  knownMs: number;
  /** A person reviewed the recording's content no later than asOf and knownAt (set with them; see reviewCounts). */
  reviewed: boolean;
  params: ParameterVersion;
  /** Court filing days under params.courtDays (Rule 20.01(a)). */
  court: CourtCalendar;
  orders: readonly CourtOrderFacts[];
  ordersDone: boolean;
  closed: Tri;
  released: Tri;
  closeOrder: CourtOrderFacts | null;
  releaseOrder: CourtOrderFacts | null;
  /** A release order that would cover the recording only through a clerk's unconfirmed case link (counsel session 6, G1). */
  releaseUnconfirmed: CourtOrderFacts | null;
  orderConflict: string | null;
  /** The conflicting release order reaches the recording only through a clerk's unconfirmed link (counsel session 13, P1-c). */
  orderConflictUnconfirmed: boolean;
  caseNumber: string | null;
  caseFacts: CaseFacts | null;
  status: CaseStatusCore | null;
  /** Every case given to the decision (a counsel determination digests each linked one). */
  cases: readonly CaseFacts[];
  /** Counsel's determinations that may concern the decision; null = none given. */
  counsel: CounselInput | null;
  /** Which of them this evaluation takes (per linked case); null = not worked out yet. */
  counselState: CounselState | null;
  /** The rulesVersion deciding: the law part a determination's digest must match (finding 9). */
  law: string;
  /** questions.yaml compiled: the words a reason uses for what remains to be established (null: a rule set without it). */
  questions: Questions | null;
}

const NO_ORDERS: readonly CourtOrderFacts[] = Object.freeze([]);
const NO_CASES: readonly CaseFacts[] = Object.freeze([]);

export function newContext(rec: RecordingFacts, params: ParameterVersion, court: CourtCalendar): FactContext {
  return {
    rec,
    requester: 'public',
    involved: false,
    claim: NO_CLAIM,
    asOfMs: 0,
    asOfDay: 0,
    knownMs: Infinity,
    reviewed: false,
    params,
    court,
    orders: NO_ORDERS,
    ordersDone: false,
    closed: FALSE,
    released: FALSE,
    closeOrder: null,
    releaseOrder: null,
    releaseUnconfirmed: null,
    orderConflict: null,
    orderConflictUnconfirmed: false,
    caseNumber: null,
    caseFacts: null,
    status: null,
    cases: NO_CASES,
    counsel: null,
    counselState: null,
    law: '',
    questions: null,
  };
}

/** The determinations this evaluation takes (worked out once per linked case). */
export function counselOf(ctx: FactContext): CounselState {
  // Nearly every decision has no determination: no query object, no lookup.
  if (ctx.counsel === null) return NO_COUNSEL;
  if (ctx.counselState === null) {
    ctx.counselState = counselStateFor(ctx.counsel, {
      rec: ctx.rec,
      caseNumber: ctx.caseNumber,
      cases: ctx.cases,
      orders: ctx.orders,
      requester: ctx.requester,
      claim: ctx.claim,
      law: ctx.law,
      asOfMs: ctx.asOfMs,
      asOfDay: ctx.asOfDay,
      knownMs: ctx.knownMs,
    });
  }
  return ctx.counselState;
}

/** The missing facts of a determination that cannot be applied: what changed, or which disagree. */
export function counselMissing(state: CounselState): string[] {
  if (state.kind === 'stale') return state.determinations.map((d) => factsChangedFact(d.number));
  if (state.kind === 'conflict') return state.determinations.map((d) => conflictFact(d.number));
  return [];
}

/**
 * Counsel review finding 2: a content review counts for a decision only if it was made no later
 * than the decision's asOf and its knownAt (a replay "as known at" a moment before the review must
 * not see the review's flags). The review has no separate entry time: reviewedAt is both.
 */
export function reviewCounts(rec: RecordingFacts, asOfMs: number, knownMs: number): boolean {
  const r = rec.redactionReview;
  if (r === null) return false;
  const at = parseIsoInstant(r.reviewedAt);
  return at <= asOfMs && at <= knownMs;
}

const INVOLVED = new Set<string>(INVOLVED_REQUESTERS);
export const isInvolved = (r: RequesterKind): boolean => INVOLVED.has(r);

// ------------------------------------------------------------------ court orders

interface PreparedOrder {
  issuedMs: number;
  recMs: number;
  issuedDay: number;
}
/** Per order object (facts are immutable): asked for by every rule that reads an order; 22% of the engine benchmark (2026-12-04). */
const preparedOrders = new WeakMap<CourtOrderFacts, PreparedOrder>();

export function prepareOrder(o: CourtOrderFacts): PreparedOrder {
  let p = preparedOrders.get(o);
  if (p === undefined) {
    const issuedMs = parseIsoInstant(o.issuedAt);
    // The order date is its America/Chicago calendar day; computed via luxon once per order.
    p = { issuedMs, recMs: parseIsoInstant(o.recordedAt), issuedDay: instantDay(issuedMs) };
    preparedOrders.set(o, p);
  }
  return p;
}

/** Chicago calendar day of an instant: the order date. */
function instantDay(ms: number): number {
  return instantInfo(DateTime.fromMillis(ms)).day;
}

function later(a: CourtOrderFacts, b: CourtOrderFacts): boolean {
  const pa = prepareOrder(a).issuedMs;
  const pb = prepareOrder(b).issuedMs;
  return pa > pb || (pa === pb && a.orderNumber > b.orderNumber);
}

/**
 * Which orders in force on asOf (and known at knownAt) cover the recording for this
 * requester. Scope: the order's recordingIds when it lists any, else every recording of
 * its caseNumber. Release orders with no releaseTo (or naming the public) reach everyone: the API
 * stores an order made "to everyone" (releaseToEveryone) that way, and release orders stored before
 * the choice was required keep that meaning for their empty list.
 */
function resolveOrders(ctx: FactContext): void {
  ctx.ordersDone = true;
  ctx.closeOrder = null;
  ctx.releaseOrder = null;
  ctx.releaseUnconfirmed = null;
  ctx.orderConflict = null;
  ctx.orderConflictUnconfirmed = false;
  const rec = ctx.rec;
  for (const o of ctx.orders) {
    const p = prepareOrder(o);
    if (p.recMs > ctx.knownMs || p.issuedMs > ctx.asOfMs) continue;
    const covers =
      o.recordingIds.length > 0
        ? o.recordingIds.includes(rec.recordingId)
        : o.caseNumber !== null && rec.caseNumbers.includes(o.caseNumber);
    if (!covers) continue;
    if (o.kind === 'release') {
      if (o.releaseTo.length === 0 || o.releaseTo.includes('public') || o.releaseTo.includes(ctx.requester)) {
        if (o.recordingIds.length === 0 && clerkOnlyLink(rec, o.caseNumber)) {
          // Counsel session 6, G1: a 610.100.5 order follows the court's weighing of the harm to the persons
          // in the recordings it concerns; one scoped to a case reaches this recording only through a link a
          // clerk entered and nobody confirmed, so it releases nothing until the prosecutor confirms the link.
          if (ctx.releaseUnconfirmed === null || later(o, ctx.releaseUnconfirmed)) ctx.releaseUnconfirmed = o;
          continue;
        }
        if (ctx.releaseOrder === null || later(o, ctx.releaseOrder)) ctx.releaseOrder = o;
      }
    } else if (!o.releaseTo.includes(ctx.requester)) {
      if (ctx.closeOrder === null || later(o, ctx.closeOrder)) ctx.closeOrder = o;
    }
  }
  ctx.closed = ctx.closeOrder === null ? FALSE : TRUE;
  // A closure order keeps covering through any link (closing on a clerk's word cannot release unlawfully). A
  // release order reached only through an unconfirmed link is unknown unless a confirmed-scope order releases
  // anyway: that one's terms are the court's for this recording.
  ctx.released = ctx.releaseOrder !== null ? TRUE : ctx.releaseUnconfirmed !== null ? UNKNOWN : FALSE;
  if (ctx.closeOrder !== null && ctx.releaseOrder !== null && later(ctx.releaseOrder, ctx.closeOrder)) {
    // A release issued after a closure may lift it, or not: counsel reads the orders.
    ctx.closed = UNKNOWN;
    ctx.orderConflict = `orders.conflict[${ctx.closeOrder.orderNumber}/${ctx.releaseOrder.orderNumber}]`;
  } else if (ctx.closeOrder !== null && ctx.releaseUnconfirmed !== null && later(ctx.releaseUnconfirmed, ctx.closeOrder)) {
    // Counsel session 13, P1-c: a release order later than the closure reaches the recording only through
    // a clerk's unconfirmed link (whatever earlier release orders reach it otherwise). Confirmed, it is the
    // conflict above; removed, the closure stands. The denial waits for the link rather than cite a closure
    // the court may have lifted.
    ctx.closed = UNKNOWN;
    ctx.orderConflict = `orders.conflict[${ctx.closeOrder.orderNumber}/${ctx.releaseUnconfirmed.orderNumber}]`;
    ctx.orderConflictUnconfirmed = true;
  }
}

/** juvenileCourt as known at knownAt: the latest amendment recorded by then, else the order's own entry. */
function juvenileCourtKnown(o: CourtOrderFacts, knownMs: number): boolean | null {
  let value = o.juvenileCourt;
  let at = -Infinity;
  for (const a of o.juvenileCourtAmendments) {
    const ms = parseIsoInstant(a.recordedAt);
    if (ms <= knownMs && ms >= at) {
      value = a.juvenileCourt;
      at = ms;
    }
  }
  return value;
}

/**
 * RSMo 211.321: a juvenile record opens "by order of the court", the juvenile court (211.021.1(3)).
 * The engine applies the latest release order in force's terms (notice, view only, redactions, the
 * content-review exemption), so the closure is lifted only when that order is the juvenile court's:
 * another court's later order could widen the juvenile court's terms (counsel re-check, session 3,
 * N1). Otherwise a release order over a juvenile record (or one that may be: unreviewed content,
 * unknown case) asks staff which court made the latest order when that is not recorded, and counsel
 * when another court made it.
 */
function juvenileRelease(ctx: FactContext): { lifts: boolean | null; missing: string[] } {
  if (!ctx.ordersDone) resolveOrders(ctx);
  const latest = ctx.releaseOrder;
  if (latest === null) return { lifts: true, missing: [] };
  const court = juvenileCourtKnown(latest, ctx.knownMs);
  if (court === true) return { lifts: true, missing: [] };
  const child = FACTS.juvenileSubject.get(ctx);
  const juvenileCase = FACTS.caseJuvenile.get(ctx);
  if (child === false && juvenileCase === false) return { lifts: true, missing: [] };
  const missing: string[] = [];
  if (child === null) missing.push(...FACTS.juvenileSubject.missing(ctx));
  if (juvenileCase === null) missing.push(...FACTS.caseJuvenile.missing(ctx));
  if (child === true || juvenileCase === true) {
    missing.push(
      court === null ? `orders.${latest.orderNumber}.juvenileCourt` : `orders.${latest.orderNumber}.otherCourtOpensJuvenileRecord`,
    );
  }
  return { lifts: null, missing };
}

/** The release order covering the recording for this requester (in force at asOf, known at knownAt), if any. */
export function coveringReleaseOrder(ctx: FactContext): CourtOrderFacts | null {
  if (!ctx.ordersDone) resolveOrders(ctx);
  return ctx.releaseOrder;
}

// ------------------------------------------------------------------ facts

export function statusOf(ctx: FactContext): CaseStatusCore | null {
  if (ctx.caseFacts === null) return null;
  if (ctx.status === null) ctx.status = caseStatusCore(ctx.caseFacts, ctx.asOfDay, ctx.knownMs, ctx.params, ctx.court);
  return ctx.status;
}

interface FactDef {
  get: (ctx: FactContext) => FactValue;
  /** Names of the missing or contradictory inputs when `get` is unknown. */
  missing: (ctx: FactContext) => string[];
  /**
   * Every name `missing` can produce, as patterns with `{placeholders}` (questions.yaml's syntax):
   * `npm run rules:check` checks each has a question, and the rule-case test that each name produced matches one.
   */
  emits: readonly string[];
}
const never = (): string[] => [];
export const REVIEW_MISSING: readonly string[] = ['recording.redactionReview'];
/** Every content flag is unknown until a person has reviewed the recording (counsel review finding 2). */
const flag = (name: FlagName): FactDef => ({
  get: (ctx) => (ctx.reviewed ? ctx.rec.flags[name] : null),
  missing: () => [...REVIEW_MISSING],
  emits: REVIEW_MISSING,
});
const caseMissing = (ctx: FactContext): string[] => (ctx.caseNumber === null ? ['recording.caseNumbers'] : [`cases.${ctx.caseNumber}`]);
const CASE_MISSING: readonly string[] = ['recording.caseNumbers', 'cases.{caseNumber}'];
/** A determination whose facts changed, or two of one scope that disagree (counsel.ts). */
const COUNSEL_MISSING: readonly string[] = [
  'determinations.{determinationNumber}.factsChanged',
  'determinations.{determinationNumber}.conflict',
];
/** A case's status names its missing inputs relative to the case; a decision names them under `cases.<caseNumber>.`. */
const CASE_STATUS_EMITS: readonly string[] = CASE_STATUS_MISSING.map((m) => `cases.{caseNumber}.${m}`);
/** juvenileRelease: which court made the latest release order over a juvenile record, and whether another court's order opens it. */
const JUVENILE_ORDER_MISSING: readonly string[] = [
  'orders.{orderNumber}.juvenileCourt',
  'orders.{orderNumber}.otherCourtOpensJuvenileRecord',
];
/** The prosecutor's confirmation of a clerk's case link (questions.yaml recording-case-link-confirmed): resolveOrders' release order reached only through a clerk's link. */
export const LINK_CONFIRMED_MISSING = 'recording.caseLinkConfirmed';

/** resolveOrders: a release order issued after a closure order for the same recording (counsel list C3). */
const ORDER_CONFLICT_MISSING = 'orders.conflict[{closeOrderNumber}/{releaseOrderNumber}]';
/** victimAccess: the statutes charged, on the case (one defendant) or on each charge. */
const VICTIM_ACCESS_MISSING: readonly string[] = ['cases.{caseNumber}.chargedStatutes', 'cases.{caseNumber}.events.charged.statutes'];

export const FACTS: Record<FactName, FactDef> = {
  requester: { get: (ctx) => ctx.requester, missing: never, emits: [] },
  requesterInvolved: { get: (ctx) => ctx.involved, missing: never, emits: [] },
  category: { get: (ctx) => ctx.rec.category, missing: never, emits: [] },
  hasCase: { get: (ctx) => ctx.rec.caseNumbers.length > 0, missing: never, emits: [] },
  caseLinkUnconfirmed: { get: (ctx) => onlyUnconfirmedLinks(ctx.rec), missing: never, emits: [] },
  nonpublic: {
    get: (ctx) => {
      const v = ctx.rec.nonpublic;
      if (v === null) return null;
      if (v === false && ctx.rec.locationKind !== null && PRIVATE_LOCATION_KINDS.has(ctx.rec.locationKind)) return null;
      return v;
    },
    missing: (ctx) =>
      ctx.rec.nonpublic === null
        ? ['recording.nonpublic']
        : [`recording.nonpublic (contradicts locationKind ${ctx.rec.locationKind ?? ''})`],
    emits: ['recording.nonpublic', 'recording.nonpublic (contradicts locationKind {locationKind})'],
  },
  // Every recording flag is a fact of its own name (facts.ts's FLAG_NAMES).
  ...(Object.fromEntries(FLAG_NAMES.map((f) => [f, flag(f)])) as Record<FlagName, FactDef>),
  crimeScene: {
    get: (ctx) => (ctx.reviewed ? ctx.rec.crimeScene : null),
    missing: (ctx) => (ctx.reviewed ? ['recording.crimeScene'] : [...REVIEW_MISSING]),
    emits: ['recording.crimeScene', ...REVIEW_MISSING],
  },
  closeOrderKind: {
    get: (ctx) => {
      if (!ctx.ordersDone) resolveOrders(ctx);
      return ctx.closeOrder?.kind ?? 'none';
    },
    missing: never,
    emits: [],
  },
  closedByOrder: {
    get: (ctx) => {
      if (!ctx.ordersDone) resolveOrders(ctx);
      return ctx.closed === UNKNOWN ? null : ctx.closed === TRUE;
    },
    missing: (ctx) =>
      ctx.orderConflict === null ? [] : ctx.orderConflictUnconfirmed ? [LINK_CONFIRMED_MISSING, ctx.orderConflict] : [ctx.orderConflict],
    emits: [ORDER_CONFLICT_MISSING, LINK_CONFIRMED_MISSING],
  },
  releasedByOrder: {
    get: (ctx) => {
      if (!ctx.ordersDone) resolveOrders(ctx);
      return ctx.released === UNKNOWN ? null : ctx.released === TRUE;
    },
    missing: (ctx) => (ctx.released === UNKNOWN ? [LINK_CONFIRMED_MISSING] : []),
    emits: [LINK_CONFIRMED_MISSING],
  },
  releaseOrderLiftsJuvenile: {
    get: (ctx) => juvenileRelease(ctx).lifts,
    missing: (ctx) => juvenileRelease(ctx).missing,
    emits: [...JUVENILE_ORDER_MISSING, ...REVIEW_MISSING, ...CASE_MISSING],
  },
  caseJuvenile: {
    get: (ctx) => (ctx.caseNumber === null ? false : ctx.caseFacts === null ? null : statusOf(ctx)!.juvenile),
    missing: caseMissing,
    emits: CASE_MISSING,
  },
  caseTerminated: {
    get: (ctx) => (ctx.caseNumber === null ? false : ctx.caseFacts === null ? null : statusOf(ctx)!.terminated),
    missing: caseMissing,
    emits: CASE_MISSING,
  },
  caseInactive: {
    get: (ctx) => {
      const s = statusOf(ctx);
      if (s === null) return null;
      return s.inactive === UNKNOWN ? null : s.inactive === TRUE;
    },
    missing: (ctx) => {
      const s = statusOf(ctx);
      return s === null ? caseMissing(ctx) : s.missing.map((m) => `cases.${ctx.caseNumber}.${m}`);
    },
    emits: [...CASE_MISSING, ...CASE_STATUS_EMITS],
  },
  caseTerminatedBySis: {
    get: (ctx) => (ctx.caseNumber === null ? false : ctx.caseFacts === null ? null : statusOf(ctx)!.terminatedBySis),
    missing: caseMissing,
    emits: CASE_MISSING,
  },
  caseVictimAccessOffense: {
    // Finding 5: the listed offense must be charged against the very defendant whose sentence was suspended.
    get: (ctx) => victimAccess(ctx).value,
    missing: (ctx) => victimAccess(ctx).missing,
    emits: [...CASE_MISSING, ...VICTIM_ACCESS_MISSING],
  },
  requesterVictimAttested: { get: (ctx) => ctx.claim.victimRole !== null || ctx.claim.victimForOwnProceeding, missing: never, emits: [] },
  // The requester's own word that they are (or act for) the protected victim lifts the victim
  // redaction only once who they are is verified: a depicted person's identity, or another
  // involved requester's relationship to the person named. Otherwise a suspect saying "it is me"
  // would get the victim's identity in the public copy (counsel re-check of finding 5).
  requesterIsProtectedVictim: {
    get: (ctx) =>
      ctx.involved &&
      ctx.claim.protectedVictimIsSubject === true &&
      (ctx.requester === 'depicted_person'
        ? ctx.claim.identityVerified === true
        : ctx.claim.onBehalfOf !== null && ctx.claim.relationshipVerified === true),
    missing: never,
    emits: [],
  },
  minorClosureAdopted: { get: (ctx) => ctx.params.minorIdentityClosure, missing: never, emits: [] },
  counselDetermination: {
    get: (ctx) => {
      const s = counselOf(ctx);
      return s.kind === 'none' ? 'none' : s.kind === 'apply' ? s.determinations[0]!.outcome : null;
    },
    missing: (ctx) => counselMissing(counselOf(ctx)),
    emits: COUNSEL_MISSING,
  },
};

/**
 * The facts that read the linked case (or whether there is one): a rule testing any of them decides
 * on the case, so its closure rests on the link (counsel session 6, G5). A new fact about the case
 * belongs here too.
 */
export const CASE_FACTS: ReadonlySet<FactName> = new Set<FactName>([
  'hasCase',
  'caseJuvenile',
  'caseTerminated',
  'caseInactive',
  'caseTerminatedBySis',
  'caseVictimAccessOffense',
]);

/** Whether the recording's link to this case is a clerk's unconfirmed answer (the feed did not send it, nobody confirmed it). */
export function clerkOnlyLink(rec: RecordingFacts, caseNumber: string | null): boolean {
  return caseNumber !== null && rec.caseLinkSources.some((s) => s.caseNumber === caseNumber && s.source === 'clerk');
}

/**
 * Whether the recording's case links are all a clerk's unconfirmed answers (none from the feed, none
 * confirmed). A link the feed also sends is not listed among the clerk's (fact-mappers), so it counts
 * as the feed's.
 */
export function onlyUnconfirmedLinks(rec: RecordingFacts): boolean {
  if (rec.caseNumbers.length === 0 || rec.caseLinkSources.length === 0) return false;
  for (const n of rec.caseNumbers) if (!clerkOnlyLink(rec, n)) return false;
  return true;
}

function victimAccess(ctx: FactContext): { value: boolean | null; missing: string[] } {
  if (ctx.caseNumber === null) return { value: false, missing: [] };
  if (ctx.caseFacts === null) return { value: null, missing: caseMissing(ctx) };
  const s = statusOf(ctx)!;
  // Data recorded before the statutes went on each charge: the case's list is the defendant's only when one was charged.
  const legacy = s.chargedCount === 1 ? ctx.caseFacts.chargedStatutes : null;
  let unknown = false;
  for (const own of s.sisStatutes) {
    const list = own ?? legacy;
    if (list === null) unknown = true;
    else if (list.some(isVictimAccessStatute)) return { value: true, missing: [] };
  }
  if (!unknown) return { value: false, missing: [] };
  return {
    value: null,
    missing: [s.chargedCount === 1 ? `cases.${ctx.caseNumber}.chargedStatutes` : `cases.${ctx.caseNumber}.events.charged.statutes`],
  };
}

/** 610.105.2: "an offense found in chapter 566, section 568.045, 568.050, 568.060, 568.065, 568.080, 568.090, or 568.175". */
const VICTIM_ACCESS_SECTIONS = new Set(['568.045', '568.050', '568.060', '568.065', '568.080', '568.090', '568.175']);
function isVictimAccessStatute(s: string): boolean {
  return s === '566' || s.startsWith('566.') || VICTIM_ACCESS_SECTIONS.has(s);
}

// ------------------------------------------------------------------ requester conditions

/** The 610.100.3 flags: material the agency may ask the court to keep from an involved person (610.100.4). */
const FLAGS_610_100_3 = [
  'undercoverOfficer',
  'confidentialSource',
  'suspectNotInCustody',
  'dangerToPerson',
  'investigativeTechniques',
  'jeopardizesInvestigation',
] as const;
export const AGENCY_MOTION_MISSING = 'agency.motion610_100_4';

/** Every name requirementMet (and agencyMayMove) can add: what the request records about the requester, and the agency's 610.100.4 choice. */
export const REQUIREMENT_MISSING: readonly string[] = [
  ...[
    'writtenRequest',
    'identityVerified',
    'onBehalfOf',
    'relationshipVerified',
    'subjectMinor',
    'subjectDeceasedOrIncompetent',
    'relationship',
    'victimRole',
    'victimMinor',
    'purposeOwnProceeding',
    'nokRank',
    'noHigherRankLiving',
    'relationshipProven',
    'writtenReleaseOnFile',
    'protectedVictimIsSubject',
  ].map((n) => `requester.${n}`),
  'requester.subjectMinor (contradicts recording.flags.depictsMinor)',
  AGENCY_MOTION_MISSING,
  ...REVIEW_MISSING,
];

/** Every missing-fact name a fact test can produce (per fact), for the questions check. */
export const factMissingPatterns = (): Record<FactName, readonly string[]> =>
  Object.fromEntries(Object.entries(FACTS).map(([name, def]) => [name, def.emits])) as Record<FactName, readonly string[]>;

/**
 * Counsel review finding 4(a): 610.100.4 gives the agency thirty days to provide the recording "or
 * file a motion" (safety of a victim, witness or other person; a jeopardized investigation). Where
 * the reviewed recording holds 610.100.3 material, or a protected victim who is not the requester or
 * the person they act for, the engine does not pre-empt that decision: it names it as missing.
 */
function agencyMayMove(ctx: FactContext, out: string[]): void {
  if (!ctx.reviewed) {
    out.push(...REVIEW_MISSING);
    return;
  }
  const f = ctx.rec.flags;
  if (FLAGS_610_100_3.some((n) => f[n])) {
    out.push(AGENCY_MOTION_MISSING);
    return;
  }
  if (f.protectedVictim) {
    const own = ctx.claim.protectedVictimIsSubject;
    if (own === null) out.push('requester.protectedVictimIsSubject');
    else if (!own) out.push(AGENCY_MOTION_MISSING);
  }
}

/**
 * Whether the requester has shown the conditions an outcome `requires` (see rule-schema
 * OutcomeSpec.requires): TRUE, FALSE (a condition is recorded as not met) or UNKNOWN, with
 * the unrecorded or contradictory inputs added to `out`. A FALSE anywhere decides.
 */
export function requirementMet(ctx: FactContext, req: Requirement, out: string[]): Tri {
  const c = ctx.claim;
  let falsy = false;
  const need = (v: boolean | string | null, name: string): void => {
    if (v === null) out.push(`requester.${name}`);
    else if (v === false) falsy = true;
  };
  const before = out.length;
  if (req === 'involved_person' || req === 'involved_person_written') {
    // 610.100.4: "upon written request"; 610.100.2(3) has no such condition (counsel review finding 12).
    if (req === 'involved_person_written') need(c.writtenRequest, 'writtenRequest');
    const k = ctx.requester;
    if (k === 'depicted_person') {
      // Finding 3: someone must have checked that the requester is the person shown or heard.
      need(c.identityVerified, 'identityVerified');
    } else {
      need(c.onBehalfOf, 'onBehalfOf');
      need(c.relationshipVerified, 'relationshipVerified');
    }
    if (k === 'guardian') {
      need(c.subjectMinor, 'subjectMinor');
      if (c.subjectMinor === true) {
        const minor = FACTS.depictsMinor.get(ctx);
        if (minor === null) out.push(...REVIEW_MISSING);
        else if (minor === false) out.push('requester.subjectMinor (contradicts recording.flags.depictsMinor)');
      }
    } else if (k === 'family_first_degree') {
      need(c.subjectDeceasedOrIncompetent, 'subjectDeceasedOrIncompetent');
      // Finding 3: the first degree of consanguinity is a parent or a child; a spouse or sibling is not.
      need(c.relationship === null ? null : FIRST_DEGREE_RELATIONSHIPS.includes(c.relationship), 'relationship');
    }
    if (req === 'involved_person_written' && !falsy && out.length === before) agencyMayMove(ctx, out);
  } else if (req === 'crime_victim') {
    // 610.105.2 (finding 5): "to the victim ..., or if the victim is a minor to the victim's parents or guardian",
    // "for the purpose of using the records in his or her own judicial proceeding".
    const role = c.victimRole;
    if (role === null) out.push('requester.victimRole');
    else if ((role === 'victim') !== (ctx.requester === 'depicted_person')) falsy = true;
    need(c.identityVerified, 'identityVerified');
    if (role === 'parent_or_guardian_of_minor_victim') {
      need(c.victimMinor, 'victimMinor');
      need(c.relationshipVerified, 'relationshipVerified');
    }
    need(c.purposeOwnProceeding, 'purposeOwnProceeding');
  } else {
    // 610.205.1: spouse if living; else an adult child; else a parent; proof is on the next of kin.
    if (c.nokRank === 'other') falsy = true;
    else need(c.nokRank, 'nokRank');
    if (c.nokRank !== 'spouse') need(c.noHigherRankLiving, 'noHigherRankLiving');
    need(c.relationshipProven, 'relationshipProven');
    if (ctx.requester === 'nok_release_holder') need(c.writtenReleaseOnFile, 'writtenReleaseOnFile');
  }
  if (falsy) {
    out.length = before;
    return FALSE;
  }
  return out.length > before ? UNKNOWN : TRUE;
}

// ------------------------------------------------------------------ compiler
//
// Conditions are compiled to JavaScript source built from the rule data (`new Function`): one
// function per condition (compileCondition) and one per epoch for the whole chain of decision rules
// (compileChain). Compiled to closures, every fact test ran through one shared function, whose call
// of the fact's getter had seen every getter (a megamorphic site V8 cannot inline), and the chain
// called each rule's test through another such site. In generated code each fact test has a call
// site of its own, which V8 inlines: 1.38x the decisions per CPU second on the engine benchmark's mix,
// byte-identical decisions (README, "The engine, measured 2026-12-04"; issue 13).
//
// What reaches the code writer: the rule files, and the candidate rules an administrator uploads to
// compare (POST /api/v1/rules/impact), both checked by rule-schema.ts first. The writer checks again
// what it writes, on its own: exactly one form per condition, a fact FACTS defines, and a non-empty
// list of string or boolean values. Only this reaches the source: a getter called as G[i] (an index
// into the FACTS getters, never a name), a tested value as a JSON literal (JSON.stringify of a string
// or a boolean: always a string or keyword literal), and keywords, generated names (v, r, tN, LN) and
// numbers. test/engine/conditions.test.ts holds every compiled condition and chain of the rule set to
// that grammar, hostile values to data, and the logic, the order the facts are read in and the scan to
// a plain evaluator. The service therefore needs code generation from strings: under node's
// --disallow-code-generation-from-strings the engine refuses to start (EvalError), it never decides otherwise.

export type Test = (ctx: FactContext) => Tri;
export type MissingCollector = (ctx: FactContext, out: string[]) => void;
/**
 * The chain's scan (compileChain): from rule `start` on, the first rule whose condition is not FALSE,
 * as `SCAN_STRIDE * index + Tri`; `SCAN_STRIDE * rules.length` when every one is FALSE. SCAN_STRIDE
 * exceeds every Tri, so `found % SCAN_STRIDE` is the Tri and `Math.floor(found / SCAN_STRIDE)` the index.
 */
export type Scan = (ctx: FactContext, start: number) => number;
export const SCAN_STRIDE = 4;

export type Getter = FactDef['get'];

/** The code writer's state: the getters the code calls (G), and a counter for fresh names. */
interface CodeUnit {
  getters: Getter[];
  names: number;
}

/** The condition's fact definition, refused unless FACTS defines it (not an inherited key such as `constructor`). */
function factDef(name: string): FactDef {
  if (!Object.hasOwn(FACTS, name)) throw new Error(`unknown fact ${name}`);
  return FACTS[name as FactName];
}

/** Statements setting `target` to the condition's Tri (FALSE, TRUE, UNKNOWN), reading facts into `v`. */
function conditionCode(c: Condition, unit: CodeUnit, target: string): string {
  const forms =
    (c.fact !== undefined ? 1 : 0) + (c.all !== undefined ? 1 : 0) + (c.any !== undefined ? 1 : 0) + (c.not !== undefined ? 1 : 0);
  if (forms !== 1) throw new Error('a condition has exactly one of fact, all, any, not');
  if (c.fact !== undefined) {
    const values = c.is === undefined ? [] : Array.isArray(c.is) ? c.is : [c.is];
    if (values.length === 0) throw new Error(`fact ${c.fact}: \`is\` names no value`);
    if (!values.every((x) => typeof x === 'string' || typeof x === 'boolean'))
      throw new Error(`fact ${c.fact}: \`is\` values are strings or booleans`);
    const g = unit.getters.push(factDef(c.fact).get) - 1;
    const equal = values.map((x) => `v === ${JSON.stringify(x)}`).join(' || ');
    return `v = G[${g}](ctx); ${target} = v === null ? ${UNKNOWN} : ${equal} ? ${TRUE} : ${FALSE};`;
  }
  if (c.not !== undefined) {
    const t = `t${unit.names++}`;
    return `let ${t}; ${conditionCode(c.not, unit, t)} ${target} = ${t} === ${UNKNOWN} ? ${UNKNOWN} : ${t} === ${TRUE} ? ${FALSE} : ${TRUE};`;
  }
  const parts = c.all ?? c.any ?? [];
  // `all`: FALSE as soon as one part is; `any`: TRUE as soon as one part is; else UNKNOWN if a part is.
  const decisive = c.all !== undefined ? FALSE : TRUE;
  const label = `L${unit.names++}`;
  const t = `t${unit.names++}`;
  const each = parts.map(
    (p) =>
      `${conditionCode(p, unit, t)} if (${t} === ${decisive}) { ${target} = ${decisive}; break ${label}; } if (${t} === ${UNKNOWN}) ${target} = ${UNKNOWN};`,
  );
  return `${target} = ${decisive === FALSE ? TRUE : FALSE}; ${label}: { let ${t}; ${each.join(' ')} }`;
}

/**
 * The function `source` (a function expression the code writer wrote) evaluates to, given the
 * getters it calls as G. `name` goes into stack traces (sourceURL). A source that does not compile
 * is a writer's bug: the error quotes it.
 */
export function generatedFunction(source: string, getters: readonly Getter[], name: string): unknown {
  let make: (g: readonly Getter[]) => unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- safe: only what conditionCode writes (see above)
    make = new Function('G', `"use strict"; return ${source};\n//# sourceURL=${name}.js`) as (g: readonly Getter[]) => unknown;
  } catch (e) {
    throw new Error(`generated condition code does not compile (${e instanceof Error ? e.message : String(e)}): ${source}`, { cause: e });
  }
  return make(getters);
}

/** A condition's generated source (`function test(ctx) {…}`) and the getters it calls. */
export function conditionSource(c: Condition): { source: string; getters: readonly Getter[] } {
  const unit: CodeUnit = { getters: [], names: 0 };
  const body = conditionCode(c, unit, 'r');
  return { source: `function test(ctx) { let v; let r; ${body} return r; }`, getters: unit.getters };
}

export function compileCondition(c: Condition): Test {
  const { source, getters } = conditionSource(c);
  return generatedFunction(source, getters, 'engine-condition') as Test;
}

/** A chain's generated source (`function scan(ctx, start) {…}`); a null condition (MO-COUNSEL, no link of the chain) is skipped. */
export function chainSource(conds: readonly (Condition | null)[]): { source: string; getters: readonly Getter[] } {
  const unit: CodeUnit = { getters: [], names: 0 };
  const links = conds.map((c, i) =>
    c === null ? '' : `if (start <= ${i}) { ${conditionCode(c, unit, 'r')} if (r !== ${FALSE}) return ${SCAN_STRIDE * i} + r; }`,
  );
  return {
    source: `function scan(ctx, start) { let v; let r; ${links.join('\n')} return ${SCAN_STRIDE * conds.length}; }`,
    getters: unit.getters,
  };
}

export function compileChain(conds: readonly (Condition | null)[]): Scan {
  const { source, getters } = chainSource(conds);
  return generatedFunction(source, getters, 'engine-chain') as Scan;
}

/** Collects the missing inputs behind every unknown fact test of a condition (slow path only). */
export function compileMissing(c: Condition): MissingCollector {
  if (c.fact !== undefined) {
    const def = FACTS[c.fact];
    return (ctx, out) => {
      if (def.get(ctx) === null) out.push(...def.missing(ctx));
    };
  }
  const parts = [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])].map(compileMissing);
  return (ctx, out) => {
    for (const p of parts) p(ctx, out);
  };
}
