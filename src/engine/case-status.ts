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
import type { CaseFacts, CaseStatus, OffenseClass, Reason } from './facts';
import type { ParameterVersion } from './rule-schema';
import { prepareCase, replayCase, type PreparedCase } from './case-events';
import { addPeriod, formatIsoDay, instantInfo, NO_DAY } from './day-math';

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
  /** Terminated, and at least one defendant's case ended in a completed SIS (610.105.2). */
  terminatedBySis: boolean;
  reviewAt: number;
  missing: readonly string[];
  juvenile: boolean;
  /** Short phrase for explanation templates, e.g. "inactive since 2026-01-11 (limitation period ran)". */
  phrase: string;
  /** Why: one reason per ground or finding, with its citation. */
  details: readonly Reason[];
}

interface Memo {
  day: number;
  knownMs: number;
  params: ParameterVersion;
  core: CaseStatusCore;
}
/** Last status per case: a batch of decisions at one asOf derives each case once. */
const memos = new WeakMap<CaseFacts, Memo>();

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
  const r = replayCase(c, p, day, knownMs, params.appealWindowDays);
  const { lastDeclined, lastPursued, juvenile, charged, pending, appealPending, unsettled, terminatedSince, finalSince, windowReview, defMissing } = r;
  const allTerminated = charged > 0 && r.terminated === charged;
  const missing: string[] = [];
  const details: Reason[] = [];
  const why = (ruleId: string, citation: string, text: string): void => {
    details.push({ ruleId, citation, text });
  };
  let review = NO_DAY;
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
      } else if (r.final === charged) {
        hold(finalSince, 'convictions_final');
        why('MO-CASE-INACTIVE', 'RSMo 610.100.1(3)(c)', `The convictions of all ${r.final} convicted defendant(s) of case ${c.caseNumber} are final since ${formatIsoDay(finalSince)}.`);
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
    terminatedBySis: allTerminated && r.terminatedBySis > 0,
    reviewAt: review !== NO_DAY && review > day ? review : NO_DAY,
    missing,
    juvenile,
    phrase,
    details,
  };
}

/** Memoised status of a case on a Chicago calendar day, as known at knownMs (Infinity = all records). */
export function caseStatusCore(c: CaseFacts, day: number, knownMs: number, params: ParameterVersion): CaseStatusCore {
  const m = memos.get(c);
  if (m !== undefined && m.day === day && m.knownMs === knownMs && m.params === params) return m.core;
  const p = prepareCase(c);
  const core = derive(c, p, day, knownMs >= p.maxRecMs ? Infinity : knownMs, params);
  memos.set(c, { day, knownMs, params, core });
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
