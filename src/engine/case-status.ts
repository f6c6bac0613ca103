/**
 * Is a case's investigation inactive (RSMo 610.100.1(3)) and was it finally terminated
 * (610.105)? PURE: time comes only from `asOf`/`knownAt`; parameters come from the rules.
 *
 * Inactive when any one holds:
 *  (a) the agency/prosecutor declined to pursue it (a later `reopened` or new charge revives it),
 *      and no charged defendant's prosecution is unfinished;
 *  (b) no charge is pending and the time to file has run: the 556.036/556.037 limitation period
 *      (from the case's `limitation` fact) or ten years after the offense, whichever comes first;
 *      the day after the last filing day, rolled forward past weekends and legal holidays;
 *  (c) every charged defendant was convicted and every conviction is final.
 * Mixed outcomes the statute does not settle yield inactive 'unknown' with the missing facts.
 *
 * Bitemporal: events recorded after `knownAt` are ignored, as are events superseded by a
 * known event; events dated after asOf have not happened yet. Prepared events are cached
 * per CaseFacts object (facts are treated as immutable), and the last status per case is
 * memoised, so a batch of decisions at one asOf derives each case once.
 */
import type { DateTime } from 'luxon';
import type { CaseFacts, CaseStatus, OffenseClass, Reason, TollingBasis } from './facts';
import type { ParameterVersion } from './rule-schema';
import { DEFENDANT_MISSING, prepareCase, replayCase, type PreparedCase } from './case-events';
import { rollNote, type CourtCalendar } from './court-days';
import { addPeriod, formatIsoDay, instantInfo, NO_DAY } from './day-math';

export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;

/**
 * Every name a case status can give as missing (relative to the case: a decision prefixes
 * `cases.<caseNumber>.`), as patterns for questions.yaml: the offense, the limitation record
 * (timeToFile), a mixed outcome, each defendant's unsettled state, and `parameters` when none are
 * in force (decide.ts).
 */
export const CASE_STATUS_MISSING: readonly string[] = [
  'offenseDate',
  'offenseClass',
  'limitation',
  'limitation.explanation',
  'limitation.period',
  'limitation.basis',
  'limitation.absenceDays',
  'disposition.mixed',
  ...DEFENDANT_MISSING,
  'parameters',
];
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
  /** The charged statutes of each SIS-terminated defendant (null: not recorded on their charge), and how many defendants were charged. */
  sisStatutes: ReadonlyArray<readonly string[] | null>;
  chargedCount: number;
  reviewAt: number;
  /** 610.100.1(3)(b): first day the time to file has run (the ten-year day when the limitation is unsettled); NO_DAY without offense date or class. */
  timeToFileEnds: number;
  missing: readonly string[];
  juvenile: boolean;
  /** Short phrase for explanation templates, e.g. "inactive since 2026-01-11 (limitation period ran)". */
  phrase: string;
  /** Why: one reason per ground or finding, with its citation. */
  details: readonly Reason[];
  /** The inactive ground holds only through an opt-in parameter (certiorari.wait false, tenYearsWhileCharged). */
  optInUsed: boolean;
}

interface Memo {
  day: number;
  knownMs: number;
  params: ParameterVersion;
  court: CourtCalendar;
  core: CaseStatusCore;
}
/** Last status per case object: a batch of decisions at one asOf derives each case once (20% of the engine benchmark, 2026-12-04). */
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

/** What 610.100.1(3)(b) gives for a case: when the time to file runs out, or the question that stops it. */
interface TimeToFile {
  /** First day the (b) ground holds (the day after the rolled-forward last filing day); Infinity = never by limitation. */
  runDay: number;
  ground: 'limitation_period' | 'ten_years';
  /** "the 3 year limitation period (556.036.2(1)) from the offense on ... ended on ..." (built only when a reason needs it). */
  what: () => string;
  /** The limitation is not settled from this day on (NO_DAY = settled): the class alone, or a fact that does not fit. */
  unsettledFrom: number;
  /** The missing or contradictory input ('limitation', 'limitation.period', ...) and, in words, why. */
  missing: string;
  question: string;
  /** The ten-year day, rolled forward. */
  capDay: number;
  /** Why the limitation does not end the time to file although recorded (tolling ongoing); '' when none. */
  note: string;
}

const TOLLING_TEXT: Record<TollingBasis, string> = {
  absence: 'accused absent from the state',
  concealment: 'accused concealing himself',
  prosecution_pending: 'a prosecution for the offense pending',
};

/** A period with extension years added, as day-math adds it. */
function plusYears(p: { years?: number | undefined; months?: number | undefined }, extra: number): { years: number; months: number } {
  return { years: (p.years ?? 0) + extra, months: p.months ?? 0 };
}

function samePeriod(
  a: { years?: number | undefined; months?: number | undefined; days?: number | undefined } | null,
  b: { years?: number | undefined; months?: number | undefined; days?: number | undefined } | null,
): boolean {
  if (a === null || b === null) return a === b;
  return (a.years ?? 0) === (b.years ?? 0) && (a.months ?? 0) === (b.months ?? 0) && (a.days ?? 0) === (b.days ?? 0);
}

/**
 * The time to file charges (610.100.1(3)(b)): the limitation period or ten years after the
 * offense, whichever comes first, each last day rolled forward to a court filing day.
 * A4: the limitation comes from the case's `limitation` fact (basis, period, 556.036.3 extension,
 * 556.036.6 tolled days), checked against its basis and the offense class; a class with a
 * finite period and no fact only says the earliest day the question arises.
 */
function timeToFile(c: CaseFacts, offenseDay: number, cls: OffenseClass, params: ParameterVersion, court: CourtCalendar): TimeToFile {
  const capLast = addPeriod(offenseDay, params.limitationCap);
  const capRolled = court.lastFilingDay(capLast);
  const capDay = capRolled + 1;
  const capWhat = (): string =>
    `ten years after the offense on ${formatIsoDay(offenseDay)} ended on ${formatIsoDay(capRolled)}${rollNote(court, capLast, capRolled)}`;
  const cap = (missing = '', question = '', unsettledFrom = NO_DAY, note = ''): TimeToFile => ({
    runDay: capDay,
    ground: 'ten_years',
    what: note ? () => `${capWhat()}; ${note}` : capWhat,
    unsettledFrom,
    missing,
    question,
    capDay,
    note,
  });
  const lim = c.limitation;
  const clsText = cls.replace(/_/g, ' ');
  if (lim === null) {
    const period = params.limitationPeriods[cls];
    if (period === null) return cap();
    const classLast = addPeriod(offenseDay, period);
    const classDay = court.lastFilingDay(classLast) + 1;
    if (classDay >= capDay) return cap();
    // A chapter 566 charge may have no limitation at all (the 556.036.1 list, 556.037): ask at once.
    const ch566 = (c.chargedStatutes ?? []).some((st) => st === '566' || st.startsWith('566.'));
    if (ch566) {
      return cap(
        'limitation',
        `the limitation basis is not recorded for a chapter 566 charge, which may have none (556.036.1, 556.037)`,
        offenseDay,
      );
    }
    return cap(
      'limitation',
      `the limitation basis is not recorded: a ${clsText} has at least ${periodText(period)}, but 556.037, the 556.036.1 list, extensions (556.036.3) and tolling (556.036.6) may make it longer`,
      classDay,
    );
  }
  const basis = lim.basis;
  const entered = lim.period === null ? null : { years: lim.period.years, months: lim.period.months };
  if (basis === 'other') {
    if (lim.explanation === null)
      return cap('limitation.explanation', 'the limitation basis is "other" without an explanation naming the statute', offenseDay);
  } else {
    const b = params.limitationBases[basis];
    if (!samePeriod(b.period, entered)) {
      return cap(
        'limitation.period',
        `the recorded period (${entered === null ? 'none' : periodText(entered)}) does not match RSMo ${basis} (${b.period === null ? 'none' : periodText(b.period)})`,
        offenseDay,
      );
    }
    if (!b.classes.includes(cls)) return cap('limitation.basis', `RSMo ${basis} does not fit the offense class ${clsText}`, offenseDay);
  }
  if (entered === null) {
    if (params.limitationPeriods[cls] !== null && basis === 'other') {
      // "No limitation" under another statute for a class with one: plausible, but counsel should see it.
      return cap(
        'limitation.period',
        `no limitation under another statute is recorded for a ${clsText}, which has one under 556.036`,
        offenseDay,
      );
    }
    return cap();
  }
  if (params.limitationPeriods[cls] === null)
    return cap('limitation.period', `a limitation period is recorded for a ${clsText}, which has none`, offenseDay);
  // Counsel review 16: 556.036.6 [S; R for the subsection]. Absence from the state extends the period
  // by no more than three years; while tolling continues the period cannot run out.
  const basisText = lim.tollingBasis === null ? '556.036.6' : `556.036.6: ${TOLLING_TEXT[lim.tollingBasis]}`;
  const absence = lim.absenceDays > 0 ? lim.absenceDays : lim.tollingBasis === 'absence' ? lim.tolledDays : 0;
  if (lim.absenceDays > lim.tolledDays) {
    return cap(
      'limitation.absenceDays',
      `the days absent from the state (${lim.absenceDays}) exceed the days tolled (${lim.tolledDays})`,
      offenseDay,
    );
  }
  const absenceCapDays = addPeriod(offenseDay, params.absenceTollingCap) - offenseDay;
  if (absence > absenceCapDays) {
    return cap(
      'limitation.absenceDays',
      `${absence} days of absence from the state are recorded as tolling, but 556.036.6 extends the period by no more than ${periodText(params.absenceTollingCap)} for absence; the prosecutor records which days toll on another basis (concealment, a prosecution pending)`,
      offenseDay,
    );
  }
  if (lim.tollingOngoing) {
    return cap(
      '',
      '',
      NO_DAY,
      `the limitation period is not running while tolling continues (${basisText}), so only the ten-year branch applies`,
    );
  }
  const last = addPeriod(addPeriod(offenseDay, plusYears(entered, lim.extensionYears)), { days: lim.tolledDays });
  const rolled = court.lastFilingDay(last);
  const runDay = rolled + 1;
  if (runDay >= capDay) return cap();
  const extras = [
    lim.extensionYears > 0 ? `extended ${lim.extensionYears} year${lim.extensionYears === 1 ? '' : 's'} (556.036.3)` : '',
    lim.tolledDays > 0 ? `tolled ${lim.tolledDays} day${lim.tolledDays === 1 ? '' : 's'} (${basisText})` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const what = (): string =>
    `the ${periodText(entered)} limitation period (RSMo ${basis === 'other' ? `other: ${lim.explanation ?? ''}` : basis})${extras ? `, ${extras},` : ''} from the offense on ${formatIsoDay(offenseDay)} ended on ${formatIsoDay(rolled)}${rollNote(court, last, rolled)}`;
  return { runDay, ground: 'limitation_period', what, unsettledFrom: NO_DAY, missing: '', question: '', capDay, note: '' };
}

const defaultsMemo = new WeakMap<ParameterVersion, ParameterVersion>();
/** The parameters with every opt-in reading of the case status off (the conservative defaults). */
export function withoutOptIns(params: ParameterVersion): ParameterVersion {
  if (params.certiorari.wait && !params.tenYearsWhileCharged.apply) return params;
  let d = defaultsMemo.get(params);
  if (d === undefined) {
    d = {
      ...params,
      certiorari: { ...params.certiorari, wait: true },
      tenYearsWhileCharged: { ...params.tenYearsWhileCharged, apply: false },
    };
    defaultsMemo.set(params, d);
  }
  return d;
}

/**
 * Derives the status from scratch (see the memoised `caseStatusCore`). A status that an opt-in reading made inactive is kept, with its
 * earlier date and its note, only while the default reading does not also make the case inactive:
 * once it does, the default's status (its later date, no note) is the one reported, so a letter
 * never credits an opt-in the release no longer needs (counsel re-check, session 3, 1.1).
 */
function derive(
  c: CaseFacts,
  p: PreparedCase,
  day: number,
  knownMs: number,
  params: ParameterVersion,
  court: CourtCalendar,
): CaseStatusCore {
  const core = deriveWith(c, p, day, knownMs, params, court);
  if (!core.optInUsed) return core;
  const plain = deriveWith(c, p, day, knownMs, withoutOptIns(params), court);
  return plain.inactive === TRUE ? plain : core;
}

function deriveWith(
  c: CaseFacts,
  p: PreparedCase,
  day: number,
  knownMs: number,
  params: ParameterVersion,
  court: CourtCalendar,
): CaseStatusCore {
  const r = replayCase(c, p, day, knownMs, params, court);
  const {
    lastDeclined,
    lastPursued,
    juvenile,
    charged,
    pending,
    appealPending,
    unsettled,
    terminatedSince,
    finalSince,
    windowReview,
    defMissing,
  } = r;
  const allTerminated = charged > 0 && r.terminated === charged;
  const missing: string[] = [];
  const details: Reason[] = [];
  const why = (ruleId: string, citation: string, text: string): void => {
    details.push({ ruleId, citation, text });
  };
  let review = NO_DAY;
  let since = NO_DAY;
  let ground: InactiveGround | null = null;
  // A ground reached only through an opt-in parameter says so in the phrase that decisions quote
  // (MO-OPEN's "because {caseSummary}"), so a letter never hides a reading counsel has not settled.
  // The phrase reaches the requester's letter, so it names the reading in plain words; the
  // parameter's full internal citation stays in the case status reasons.
  const optIn: Partial<Record<InactiveGround, string>> = {};
  const hold = (d: number, g: InactiveGround): void => {
    if (since === NO_DAY || d < since || (d === since && GROUND_RANK[g] < GROUND_RANK[ground!])) {
      since = d;
      ground = g;
    }
  };
  let activeWhy = 'no disposition';

  // (a) not pursued: a case-wide declination not followed by a reopening or a new charge, and no
  // charged defendant whose prosecution is unfinished (A1: a declination does not end a pending charge).
  if (lastDeclined !== NO_DAY && lastDeclined > lastPursued && !r.prosecutionOpen) {
    hold(lastDeclined, 'declined');
    why(
      'MO-CASE-INACTIVE',
      'RSMo 610.100.1(3)(a)',
      `The agency or prosecutor declined to pursue case ${c.caseNumber} on ${formatIsoDay(lastDeclined)}.`,
    );
  } else if (lastDeclined !== NO_DAY && lastDeclined > lastPursued) {
    why(
      'MO-CASE-ACTIVE',
      'RSMo 610.100.1(3)(a); RSMo 610.105',
      `Case ${c.caseNumber} was declined on ${formatIsoDay(lastDeclined)}, but a charged defendant's prosecution is not finished; a declination does not end a filed charge (a dropped charge is a nolle prosequi or dismissal).`,
    );
  } else if (lastDeclined !== NO_DAY) {
    why(
      'MO-CASE-ACTIVE',
      'RSMo 610.100.1(3)(a)',
      `Case ${c.caseNumber} was declined on ${formatIsoDay(lastDeclined)} but pursued again from ${formatIsoDay(lastPursued)}.`,
    );
  }
  if (unsettled > 0 && defMissing.some((m) => m.startsWith('events.disposition['))) {
    why(
      'MO-CASE-UNKNOWN',
      'RSMo 610.100.1(3)(a); RSMo 610.105',
      `A declination was recorded for a charged defendant of case ${c.caseNumber} whose charge has no disposition; whether the charge was dropped (nolle prosequi, dismissal) must be recorded.`,
    );
  }

  // (b) time to file has run; only while no charge is pending or ended in conviction.
  const cls: OffenseClass | null = c.offenseClass;
  const ttf = p.offenseDay === NO_DAY || cls === null ? null : timeToFile(c, p.offenseDay, cls, params, court);
  if (charged === 0 || allTerminated) {
    activeWhy = charged === 0 ? 'no charge filed' : activeWhy;
    if (p.offenseDay === NO_DAY) {
      missing.push('offenseDate');
    } else if (cls === null) {
      const capLast = addPeriod(p.offenseDay, params.limitationCap);
      const capDay = court.lastFilingDay(capLast) + 1;
      if (day < capDay) {
        missing.push('offenseClass');
        review = capDay;
      } else {
        hold(capDay, 'ten_years');
        why(
          'MO-CASE-INACTIVE',
          'RSMo 610.100.1(3)(b)',
          `The time to file charges ran: ten years after the offense on ${formatIsoDay(p.offenseDay)} ended on ${formatIsoDay(capDay - 1)}.`,
        );
      }
    } else if (ttf !== null) {
      // Once every charge ended, time to file runs again only from the last termination.
      const from = allTerminated ? Math.max(ttf.runDay, terminatedSince) : ttf.runDay;
      const askFrom =
        ttf.unsettledFrom === NO_DAY ? NO_DAY : allTerminated ? Math.max(ttf.unsettledFrom, terminatedSince) : ttf.unsettledFrom;
      if (day >= from) {
        hold(from, ttf.ground);
        why(
          'MO-CASE-INACTIVE',
          `RSMo 610.100.1(3)(b); RSMo 556.036${ttf.ground === 'limitation_period' ? '' : '; Rule 20.01(a)'}`,
          `The time to file charges ran: ${ttf.what()}.`,
        );
      } else if (askFrom !== NO_DAY && day >= askFrom) {
        missing.push(ttf.missing);
        why(
          'MO-CASE-UNKNOWN',
          'RSMo 610.100.1(3)(b); RSMo 556.036; RSMo 556.037',
          `Whether the time to file charges in case ${c.caseNumber} has run cannot be decided before ${formatIsoDay(ttf.capDay - 1)} (ten years): ${ttf.question}. The prosecutor records the limitation basis.`,
        );
      } else {
        review = askFrom !== NO_DAY ? askFrom : from;
        activeWhy = `${charged === 0 ? 'no charge filed' : 'charges ended'}; time to file runs until at least ${formatIsoDay(review - 1)}${ttf.note ? `: ${ttf.note}` : ''}`;
      }
    }
  } else if (ttf !== null && day >= ttf.capDay) {
    // A19: the literal ten-year branch while charges are pending or after convictions.
    if (params.tenYearsWhileCharged.apply) {
      hold(ttf.capDay, 'ten_years');
      optIn.ten_years =
        'under the opt-in reading tenYearsWhileCharged, the literal reading of RSMo 610.100.1(3)(b) switched on in this service';
      why(
        'MO-CASE-INACTIVE',
        `RSMo 610.100.1(3)(b); ${params.tenYearsWhileCharged.citation}`,
        `Ten years after the offense have passed (${ttf.what()}); under the opt-in parameter tenYearsWhileCharged this makes case ${c.caseNumber} inactive although it was charged.`,
      );
    } else {
      why(
        'MO-CASE-ACTIVE',
        'RSMo 610.100.1(3)',
        `Ten years after the offense have passed (${ttf.what()}), but case ${c.caseNumber} was charged: the ten-year branch of 610.100.1(3)(b) is not applied to a prosecuted case (parameter tenYearsWhileCharged off; a question for counsel).`,
      );
    }
  }

  // (c) every charged defendant convicted and every conviction final.
  if (charged > 0 && !allTerminated) {
    if (pending > 0) activeWhy = 'charges pending';
    else if (appealPending > 0) activeWhy = 'appeal pending';
    else if (windowReview !== NO_DAY) activeWhy = r.windowText;
    if (pending === 0 && appealPending === 0 && windowReview !== NO_DAY) review = windowReview;
    if (pending === 0 && appealPending === 0 && windowReview === NO_DAY) {
      if (unsettled > 0) {
        missing.push(...defMissing);
      } else if (r.final === charged) {
        hold(finalSince, 'convictions_final');
        why(
          'MO-CASE-INACTIVE',
          'RSMo 610.100.1(3)(c)',
          `The convictions of all ${r.final} convicted defendant(s) of case ${c.caseNumber} are final since ${formatIsoDay(finalSince)}.`,
        );
        if (r.certiorariNotAwaited.length > 0) {
          optIn.convictions_final =
            'certiorari period not awaited under the opt-in reading certiorari.wait false, switched on in this service';
          why(
            'MO-CASE-INACTIVE',
            `RSMo 610.100.1(3)(c); ${params.certiorari.citation}`,
            `Under the opt-in parameter certiorari.wait false, the ${params.certiorari.days}-day certiorari period after the Supreme Court of Missouri's last decision was not awaited for ${r.certiorariNotAwaited.join(', ')}.`,
          );
        }
      } else {
        missing.push('disposition.mixed');
        why(
          'MO-CASE-UNKNOWN',
          'RSMo 610.100.1(3)(c); RSMo 610.105',
          `Case ${c.caseNumber} ended in convictions for some defendants and acquittal, dismissal, nolle prosequi or SIS for others; the statute does not settle whether it is inactive.`,
        );
      }
    }
  }
  if (params.tenYearsWhileCharged.apply && charged > 0 && !allTerminated && ttf !== null && day < ttf.capDay) {
    // Under the opt-in reading the ten-year day ends a prosecuted case too: it is the next automatic change.
    review = review === NO_DAY ? ttf.capDay : Math.min(review, ttf.capDay);
  }
  if (r.certified.length > 0) {
    why(
      'MO-CASE-JUVENILE',
      'RSMo 211.071; RSMo 211.321',
      `Certified for trial as an adult: ${r.certified.join(', ')}; the juvenile closure no longer covers ${r.certified.length === 1 ? 'that child' : 'those children'}.`,
    );
  }
  if (r.juvenileScopedOut) {
    why(
      'MO-CASE-JUVENILE',
      `RSMo 211.321; ${params.juvenileClosureScope.citation}`,
      `Case ${c.caseNumber} has adult defendants: under the opt-in juvenileClosureScope child the juvenile closure covers only recordings flagged juvenileSubject, not the whole case.`,
    );
  }

  let inactive: Tri;
  let phrase: string;
  let optInUsed = false;
  if (ground !== null) {
    inactive = TRUE;
    review = NO_DAY;
    missing.length = 0;
    const note = optIn[ground as InactiveGround];
    optInUsed = note !== undefined;
    phrase = `inactive since ${formatIsoDay(since)} (${GROUND_TEXT[ground as InactiveGround]}${note === undefined ? '' : `; ${note}`})`;
  } else if (missing.length > 0) {
    inactive = UNKNOWN;
    phrase = `status unknown: ${missing.join(', ')} missing or unsettled`;
    why(
      'MO-CASE-UNKNOWN',
      'RSMo 610.100.1(3)',
      `Whether case ${c.caseNumber} is inactive cannot be determined: ${missing.join(', ')} missing or unsettled.`,
    );
  } else {
    inactive = FALSE;
    phrase = `active: ${activeWhy}`;
    why('MO-CASE-ACTIVE', 'RSMo 610.100.2(1)', `Case ${c.caseNumber} is an active investigation (${activeWhy}).`);
  }
  if (allTerminated) {
    phrase = `terminated since ${formatIsoDay(terminatedSince)}`;
    why(
      'MO-CASE-TERMINATED',
      'RSMo 610.105',
      `Case ${c.caseNumber} was charged and finally terminated without conviction for every charged defendant on ${formatIsoDay(terminatedSince)}.`,
    );
  }
  missing.sort();
  return {
    inactive,
    inactiveSince: inactive === TRUE ? since : NO_DAY,
    ground,
    terminated: allTerminated,
    terminatedSince: allTerminated ? terminatedSince : NO_DAY,
    terminatedBySis: allTerminated && r.terminatedBySis > 0,
    sisStatutes: allTerminated ? r.sisStatutes : [],
    chargedCount: charged,
    reviewAt: review !== NO_DAY && review > day ? review : NO_DAY,
    // B2: the (b) date a declined case is kept until; the ten-year day when the limitation is unsettled.
    timeToFileEnds: ttf === null ? NO_DAY : ttf.unsettledFrom === NO_DAY ? ttf.runDay : ttf.capDay,
    missing,
    juvenile,
    phrase,
    details,
    optInUsed,
  };
}

/** Memoised status of a case on a Chicago calendar day, as known at knownMs (Infinity = all records). */
export function caseStatusCore(c: CaseFacts, day: number, knownMs: number, params: ParameterVersion, court: CourtCalendar): CaseStatusCore {
  const m = memos.get(c);
  if (m !== undefined && m.day === day && m.knownMs === knownMs && m.params === params && m.court === court) return m.core;
  const p = prepareCase(c);
  const core = derive(c, p, day, knownMs >= p.maxRecMs ? Infinity : knownMs, params, court);
  memos.set(c, { day, knownMs, params, court, core });
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
    timeToFileEnds: dayOrNull(core.timeToFileEnds),
    missingFacts: [...core.missing],
    reasons: core.details.map((r) => ({ ruleId: r.ruleId, citation: r.citation, text: r.text })),
  };
}

/**
 * Status of a case on `asOf` (its America/Chicago calendar day) given the parameters in
 * force, counting only events recorded by `knownAt` when given.
 */
export function deriveCaseStatus(
  caseFacts: CaseFacts,
  asOf: DateTime,
  params: ParameterVersion,
  court: CourtCalendar,
  knownAt?: DateTime,
): CaseStatus {
  const knownMs = knownAt === undefined ? Infinity : instantInfo(knownAt).ms;
  return toCaseStatus(caseFacts, caseStatusCore(caseFacts, instantInfo(asOf).day, knownMs, params, court));
}
