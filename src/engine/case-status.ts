/**
 * Is a case's investigation inactive (RSMo 610.100.1(3)) and was it finally terminated
 * (610.105)? PURE: time comes only from `asOf`/`knownAt`; parameters come from the rules.
 *
 * Inactive when any one holds:
 *  (a) the agency/prosecutor declined to pursue it (a later `reopened` or new charge revives it);
 *  (b) no charge is pending and the time to file has run: the 556.036 limitation period or
 *      ten years after the offense, whichever comes first; the day after the last filing day;
 *  (c) every charged defendant was convicted and every conviction is final.
 * Mixed outcomes the statute does not settle yield inactive 'unknown' with the missing facts.
 *
 * Bitemporal: events recorded after `knownAt` are ignored, as are events superseded by a
 * known event; events dated after asOf have not happened yet. Prepared events are cached
 * per CaseFacts object (facts are treated as immutable), and the last status per case is
 * memoised, so a batch of decisions at one asOf derives each case once.
 */
import type { DateTime } from 'luxon';
import type { CaseEventType, CaseFacts, CaseStatus, OffenseClass, Reason } from './facts';
import type { ParameterVersion } from './rule-schema';
import { addPeriod, formatIsoDay, instantInfo, NO_DAY, parseIsoDay, parseIsoInstant } from './day-math';

export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;
export type InactiveGround = 'declined' | 'limitation_period' | 'ten_years' | 'convictions_final';

/** The status in day numbers, as the decision engine uses it; `toCaseStatus` renders it. */
export interface CaseStatusCore {
  inactive: Tri;
  inactiveSince: number;
  ground: InactiveGround | null;
  terminated: boolean;
  terminatedSince: number;
  reviewAt: number;
  missing: readonly string[];
  juvenile: boolean;
  /** Short phrase for explanation templates, e.g. "inactive since 2026-01-11 (limitation period ran)". */
  phrase: string;
  /** Why: one reason per ground or finding, with its citation. */
  details: readonly Reason[];
}

interface PreparedEvent {
  id: string;
  type: CaseEventType;
  day: number;
  recMs: number;
  def: string;
  supersedes: string | null;
}
interface Memo {
  day: number;
  knownMs: number;
  params: ParameterVersion;
  core: CaseStatusCore;
}
interface PreparedCase {
  events: PreparedEvent[];
  offenseDay: number;
  maxRecMs: number;
  hasSupersedes: boolean;
  memo: Memo | null;
}

const prepared = new WeakMap<CaseFacts, PreparedCase>();

function prepare(c: CaseFacts): PreparedCase {
  let p = prepared.get(c);
  if (p !== undefined) return p;
  const only = c.defendants.length === 1 ? c.defendants[0]!.defendantId : '(case)';
  let maxRecMs = -Infinity;
  let hasSupersedes = false;
  const events = c.events.map((e): PreparedEvent => {
    const recMs = parseIsoInstant(e.recordedAt);
    if (recMs > maxRecMs) maxRecMs = recMs;
    if (e.supersedes !== null) hasSupersedes = true;
    return { id: e.id, type: e.type, day: parseIsoDay(e.date), recMs, def: e.defendantId ?? only, supersedes: e.supersedes };
  });
  events.sort((a, b) => a.day - b.day || a.recMs - b.recMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  p = { events, offenseDay: c.offenseDate === null ? NO_DAY : parseIsoDay(c.offenseDate), maxRecMs, hasSupersedes, memo: null };
  prepared.set(c, p);
  return p;
}

// Per-defendant states after replaying the events.
const PENDING = 0;
const TERMINATED = 1;
const FINAL = 2;
const NOT_FINAL = 3;
const UNSETTLED = 4;

interface Defendant {
  key: string;
  charged: boolean;
  disp: CaseEventType | null;
  dispDay: number;
  contradictory: boolean;
  sentencedDay: number;
  finalDay: number;
  appealsOpen: number;
  lastDecidedDay: number;
  probationDoneDay: number;
  state: number;
  since: number;
}

function defendant(list: Defendant[], key: string): Defendant {
  for (const d of list) if (d.key === key) return d;
  const d: Defendant = {
    key, charged: false, disp: null, dispDay: NO_DAY, contradictory: false, sentencedDay: NO_DAY, finalDay: NO_DAY,
    appealsOpen: 0, lastDecidedDay: NO_DAY, probationDoneDay: NO_DAY, state: PENDING, since: NO_DAY,
  };
  list.push(d);
  return d;
}

function dispose(d: Defendant, type: CaseEventType, day: number): void {
  d.charged = true;
  if (d.disp !== null && d.disp !== type && (d.disp === 'acquitted' || d.dispDay === day)) d.contradictory = true;
  d.disp = type;
  d.dispDay = day;
  if (type === 'convicted') {
    d.sentencedDay = NO_DAY;
    d.finalDay = NO_DAY;
    d.appealsOpen = 0;
    d.lastDecidedDay = NO_DAY;
  } else if (type === 'sis') {
    d.probationDoneDay = NO_DAY;
  }
}

const GROUND_TEXT: Record<InactiveGround, string> = {
  declined: 'not pursued',
  limitation_period: 'limitation period ran',
  ten_years: 'ten years since the offense',
  convictions_final: 'all convictions final',
};
const GROUND_RANK: Record<InactiveGround, number> = { declined: 0, limitation_period: 1, ten_years: 2, convictions_final: 3 };

function periodText(p: { years?: number | undefined; months?: number | undefined; days?: number | undefined }): string {
  const parts: string[] = [];
  if (p.years) parts.push(`${p.years} year${p.years === 1 ? '' : 's'}`);
  if (p.months) parts.push(`${p.months} month${p.months === 1 ? '' : 's'}`);
  if (p.days) parts.push(`${p.days} day${p.days === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** Derives the status from scratch (see the memoised `caseStatusCore`). */
function derive(c: CaseFacts, p: PreparedCase, day: number, knownMs: number, params: ParameterVersion): CaseStatusCore {
  let superseded: Set<string> | null = null;
  if (p.hasSupersedes) {
    superseded = new Set();
    for (const e of p.events) if (e.supersedes !== null && e.recMs <= knownMs) superseded.add(e.supersedes);
  }
  const defs: Defendant[] = [];
  let lastDeclined = NO_DAY;
  let lastPursued = NO_DAY;
  let juvenile = c.juvenile;
  for (const e of p.events) {
    if (e.day > day) break;
    if (e.recMs > knownMs || (superseded !== null && superseded.has(e.id))) continue;
    switch (e.type) {
      case 'declined':
        lastDeclined = e.day;
        break;
      case 'reopened':
        lastPursued = e.day;
        break;
      case 'juvenile_petition':
        juvenile = true;
        break;
      case 'charged': {
        lastPursued = e.day;
        const d = defendant(defs, e.def);
        d.charged = true;
        if (d.disp !== null && e.day > d.dispDay) d.disp = null; // charged anew after a disposition
        break;
      }
      case 'nolle_prosequi':
      case 'dismissed':
      case 'acquitted':
      case 'convicted':
      case 'sis':
        dispose(defendant(defs, e.def), e.type, e.day);
        break;
      case 'sentenced':
      case 'conviction_final': {
        const d = defendant(defs, e.def);
        if (d.disp !== 'convicted') dispose(d, 'convicted', e.day); // a sentence implies the conviction
        if (e.type === 'sentenced') d.sentencedDay = e.day;
        else d.finalDay = e.day;
        break;
      }
      case 'probation_completed': {
        const d = defendant(defs, e.def);
        if (d.disp === 'sis') d.probationDoneDay = e.day;
        break;
      }
      case 'appeal_filed':
        defendant(defs, e.def).appealsOpen++;
        break;
      case 'appeal_decided': {
        const d = defendant(defs, e.def);
        if (d.appealsOpen > 0) d.appealsOpen--;
        d.lastDecidedDay = e.day;
        break;
      }
    }
  }

  const missing: string[] = [];
  const defMissing: string[] = [];
  const details: Reason[] = [];
  const why = (ruleId: string, citation: string, text: string): void => {
    details.push({ ruleId, citation, text });
  };
  let review = NO_DAY;
  let charged = 0;
  let pending = 0;
  let terminated = 0;
  let final = 0;
  let appealPending = 0;
  let unsettled = 0;
  let terminatedSince = NO_DAY;
  let finalSince = NO_DAY;
  let windowReview = NO_DAY;
  for (const d of defs) {
    if (!d.charged) continue;
    charged++;
    if (d.contradictory) {
      d.state = UNSETTLED;
      defMissing.push(`events.disposition[${d.key}]`);
    } else if (d.disp === null) {
      d.state = PENDING;
    } else if (d.disp === 'nolle_prosequi' || d.disp === 'dismissed' || d.disp === 'acquitted') {
      d.state = TERMINATED;
      d.since = d.dispDay;
    } else if (d.disp === 'sis') {
      if (d.probationDoneDay !== NO_DAY) {
        d.state = TERMINATED;
        d.since = d.probationDoneDay;
      } else {
        d.state = UNSETTLED;
        defMissing.push(`events.probation_completed[${d.key}]`);
      }
    } else if (d.finalDay >= d.dispDay) {
      d.state = FINAL;
      d.since = d.finalDay;
    } else if (d.appealsOpen > 0) {
      d.state = NOT_FINAL;
      appealPending++;
    } else if (d.lastDecidedDay >= d.dispDay) {
      d.state = FINAL;
      d.since = d.lastDecidedDay;
    } else if (d.sentencedDay >= d.dispDay) {
      const firstFinalDay = d.sentencedDay + params.appealWindowDays + 1;
      if (day >= firstFinalDay) {
        d.state = FINAL;
        d.since = firstFinalDay;
      } else {
        d.state = NOT_FINAL;
        if (firstFinalDay > windowReview) windowReview = firstFinalDay;
      }
    } else {
      d.state = UNSETTLED;
      defMissing.push(`events.sentenced[${d.key}]`);
    }
    if (d.state === PENDING) pending++;
    else if (d.state === TERMINATED) {
      terminated++;
      if (d.since > terminatedSince) terminatedSince = d.since;
    } else if (d.state === FINAL) {
      final++;
      if (d.since > finalSince) finalSince = d.since;
    } else if (d.state === UNSETTLED) unsettled++;
  }
  const allTerminated = charged > 0 && terminated === charged;

  let since = NO_DAY;
  let ground: InactiveGround | null = null;
  const hold = (d: number, g: InactiveGround): void => {
    if (since === NO_DAY || d < since || (d === since && GROUND_RANK[g] < GROUND_RANK[ground!])) {
      since = d;
      ground = g;
    }
  };
  let activeWhy = 'no disposition';

  // (a) not pursued: a declination not followed by a reopening or a new charge.
  if (lastDeclined !== NO_DAY && lastDeclined > lastPursued) {
    hold(lastDeclined, 'declined');
    why('MO-CASE-INACTIVE', 'RSMo 610.100.1(3)(a)', `The agency or prosecutor declined to pursue case ${c.caseNumber} on ${formatIsoDay(lastDeclined)}.`);
  } else if (lastDeclined !== NO_DAY) {
    why('MO-CASE-ACTIVE', 'RSMo 610.100.1(3)(a)', `Case ${c.caseNumber} was declined on ${formatIsoDay(lastDeclined)} but pursued again from ${formatIsoDay(lastPursued)}.`);
  }

  // (b) time to file has run; only while no charge is pending or ended in conviction.
  if (charged === 0 || allTerminated) {
    activeWhy = charged === 0 ? 'no charge filed' : activeWhy;
    if (p.offenseDay === NO_DAY) {
      missing.push('offenseDate');
    } else {
      const capDay = addPeriod(p.offenseDay, params.limitationCap) + 1;
      const cls: OffenseClass | null = c.offenseClass;
      const period = cls === null ? undefined : params.limitationPeriods[cls];
      if (cls === null && day < capDay) {
        missing.push('offenseClass');
        review = capDay;
      } else {
        const limDay = period ? addPeriod(p.offenseDay, period) + 1 : Infinity;
        const [runDay, g] = limDay < capDay ? [limDay, 'limitation_period' as const] : [capDay, 'ten_years' as const];
        const what = g === 'limitation_period' && period && cls
          ? `the ${periodText(period)} limitation period for a ${cls.replace(/_/g, ' ')} (556.036)`
          : `ten years after the offense${cls === null ? '' : ` (no shorter limitation for a ${cls.replace(/_/g, ' ')})`}`;
        // Once every charge ended, time to file runs again only from the last termination.
        const from = allTerminated ? Math.max(runDay, terminatedSince) : runDay;
        if (day >= from) {
          hold(from, g);
          why('MO-CASE-INACTIVE', 'RSMo 610.100.1(3)(b); RSMo 556.036', `The time to file charges ran: ${what} from the offense on ${formatIsoDay(p.offenseDay)} ended on ${formatIsoDay(runDay - 1)}.`);
        } else {
          review = runDay;
          activeWhy = `${charged === 0 ? 'no charge filed' : 'charges ended'}; time to file runs until ${formatIsoDay(runDay - 1)}`;
        }
      }
    }
  }

  // (c) every charged defendant convicted and every conviction final.
  if (charged > 0 && !allTerminated) {
    if (pending > 0) activeWhy = 'charges pending';
    else if (appealPending > 0) activeWhy = 'appeal pending';
    else if (windowReview !== NO_DAY) activeWhy = `appeal window open until ${formatIsoDay(windowReview - 1)}`;
    if (pending === 0 && appealPending === 0 && windowReview !== NO_DAY) review = windowReview;
    if (pending === 0 && appealPending === 0 && windowReview === NO_DAY) {
      if (unsettled > 0) {
        missing.push(...defMissing);
      } else if (final === charged) {
        hold(finalSince, 'convictions_final');
        why('MO-CASE-INACTIVE', 'RSMo 610.100.1(3)(c)', `The convictions of all ${final} convicted defendant(s) of case ${c.caseNumber} are final since ${formatIsoDay(finalSince)}.`);
      } else {
        missing.push('disposition.mixed');
        why('MO-CASE-UNKNOWN', 'RSMo 610.100.1(3)(c); RSMo 610.105', `Case ${c.caseNumber} ended in convictions for some defendants and acquittal, dismissal, nolle prosequi or SIS for others; the statute does not settle whether it is inactive.`);
      }
    }
  }

  let inactive: Tri;
  let phrase: string;
  if (ground !== null) {
    inactive = TRUE;
    review = NO_DAY;
    missing.length = 0;
    phrase = `inactive since ${formatIsoDay(since)} (${GROUND_TEXT[ground as InactiveGround]})`;
  } else if (missing.length > 0) {
    inactive = UNKNOWN;
    phrase = `status unknown: ${missing.join(', ')} missing or unsettled`;
    why('MO-CASE-UNKNOWN', 'RSMo 610.100.1(3)', `Whether case ${c.caseNumber} is inactive cannot be determined: ${missing.join(', ')} missing or unsettled.`);
  } else {
    inactive = FALSE;
    phrase = `active: ${activeWhy}`;
    why('MO-CASE-ACTIVE', 'RSMo 610.100.2(1)', `Case ${c.caseNumber} is an active investigation (${activeWhy}).`);
  }
  if (allTerminated) {
    phrase = `terminated since ${formatIsoDay(terminatedSince)}`;
    why('MO-CASE-TERMINATED', 'RSMo 610.105', `Case ${c.caseNumber} was charged and finally terminated without conviction for every charged defendant on ${formatIsoDay(terminatedSince)}.`);
  }
  missing.sort();
  return {
    inactive,
    inactiveSince: inactive === TRUE ? since : NO_DAY,
    ground,
    terminated: allTerminated,
    terminatedSince: allTerminated ? terminatedSince : NO_DAY,
    reviewAt: review !== NO_DAY && review > day ? review : NO_DAY,
    missing,
    juvenile,
    phrase,
    details,
  };
}

/** Memoised status of a case on a Chicago calendar day, as known at knownMs (Infinity = all records). */
export function caseStatusCore(c: CaseFacts, day: number, knownMs: number, params: ParameterVersion): CaseStatusCore {
  const p = prepare(c);
  const m = p.memo;
  const effectiveKnown = knownMs >= p.maxRecMs ? Infinity : knownMs;
  if (m !== null && m.day === day && m.knownMs === effectiveKnown && m.params === params) return m.core;
  const core = derive(c, p, day, effectiveKnown, params);
  p.memo = { day, knownMs: effectiveKnown, params, core };
  return core;
}

const dayOrNull = (d: number): string | null => (d === NO_DAY ? null : formatIsoDay(d));

/** Renders the core status as the CaseStatus contract of facts.ts. */
export function toCaseStatus(c: CaseFacts, core: CaseStatusCore): CaseStatus {
  return {
    caseNumber: c.caseNumber,
    inactive: core.inactive === TRUE ? true : core.inactive === FALSE ? false : 'unknown',
    inactiveSince: dayOrNull(core.inactiveSince),
    inactiveGround: core.ground,
    terminated: core.terminated,
    terminatedSince: dayOrNull(core.terminatedSince),
    reviewAt: dayOrNull(core.reviewAt),
    missingFacts: [...core.missing],
    reasons: core.details.map((r) => ({ ruleId: r.ruleId, citation: r.citation, text: r.text })),
  };
}

/**
 * Status of a case on `asOf` (its America/Chicago calendar day) given the parameters in
 * force, counting only events recorded by `knownAt` when given.
 */
export function deriveCaseStatus(caseFacts: CaseFacts, asOf: DateTime, params: ParameterVersion, knownAt?: DateTime): CaseStatus {
  const knownMs = knownAt === undefined ? Infinity : instantInfo(knownAt).ms;
  return toCaseStatus(caseFacts, caseStatusCore(caseFacts, instantInfo(asOf).day, knownMs, params));
}
