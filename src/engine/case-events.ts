/**
 * Replays a case's events (610.100.1(3), 610.105) into per-defendant dispositions: what is
 * pending, terminated, convicted and final, or unsettled. PURE. Events are parsed once per
 * CaseFacts object (facts are treated as immutable) and replayed in (date, recordedAt, id)
 * order, skipping those recorded after knownAt, superseded by a known correction, or dated
 * after asOf.
 *
 * 2026-12 legal review:
 * - A1: a `declined` naming a defendant concerns that defendant only (an uncharged co-suspect's
 *   declination does not touch the case); a declination, case-wide or not, of a charged defendant
 *   with no disposition contradicts the pending charge (a dropped charge is a nolle prosequi or a
 *   dismissal, which 610.105 closes) and leaves that defendant unsettled until a disposition.
 * - A2: an appeal decision carries its result; `reversed`/`remanded` make the defendant pending
 *   again; `affirmed`/`dismissed` are final at the mandate, or failing one after the transfer
 *   window; any appeal filed after `conviction_final` or after a decision reopens finality.
 * - A3: the appeal and transfer windows' last days roll forward over weekends and legal holidays.
 * - A10: `certified_adult` (211.071) ends the juvenile closure for that child.
 *
 * Counsel review 0453:
 * - 14: a Rule 84.17 post-disposition motion keeps the appeal pending until it is overruled; the
 *   transfer window then runs to the later of opinion + 30 days and ruling + 15 days (Rule 83.04).
 * - 15: when the last state decision is the Supreme Court of Missouri's (or its denial of transfer,
 *   or the deciding court is not recorded), the conviction is final only after the certiorari period
 *   (U.S. Sup. Ct. R. 13), unless the opt-in `certiorari.wait: false` is in force.
 */
import type { AppealCourt, AppealResult, CaseEventType, CaseFacts } from './facts';
import type { ParameterVersion } from './rule-schema';
import type { CourtCalendar } from './court-days';
import { formatIsoDay, NO_DAY, parseIsoDay, parseIsoInstant } from './day-math';

/**
 * The per-defendant facts replayCase names when a charged defendant's state cannot be settled
 * (`defMissing`), as patterns for questions.yaml (`{defendant}` is the defendant id, or `(case)`).
 */
export const DEFENDANT_MISSING: readonly string[] = [
  'events.disposition[{defendant}]',
  'events.probation_completed[{defendant}]',
  'events.post_disposition_overruled[{defendant}]',
  'events.appeal_decided[{defendant}]',
  'events.appeal_result[{defendant}]',
  'events.sentenced[{defendant}]',
];

interface PreparedEvent {
  id: string;
  type: CaseEventType;
  day: number;
  recMs: number;
  def: string;
  /** The event itself names a defendant (a `declined` without one is case-wide). */
  named: boolean;
  result: AppealResult | null;
  court: AppealCourt | null;
  supersedes: string | null;
  statutes: readonly string[] | null;
}
export interface PreparedCase {
  events: PreparedEvent[];
  offenseDay: number;
  maxRecMs: number;
  hasSupersedes: boolean;
  /** Key of an event that names no defendant: the only listed defendant, else '(case)'. */
  only: string;
}

export function prepareCase(c: CaseFacts): PreparedCase {
  const only = c.defendants.length === 1 ? c.defendants[0]!.defendantId : '(case)';
  let maxRecMs = -Infinity;
  let hasSupersedes = false;
  const events = c.events.map((e): PreparedEvent => {
    const recMs = parseIsoInstant(e.recordedAt);
    if (recMs > maxRecMs) maxRecMs = recMs;
    if (e.supersedes !== null) hasSupersedes = true;
    return {
      id: e.id,
      type: e.type,
      day: parseIsoDay(e.date),
      recMs,
      def: e.defendantId ?? only,
      named: e.defendantId !== null,
      result: e.result,
      court: e.court,
      supersedes: e.supersedes,
      statutes: e.statutes,
    };
  });
  events.sort((a, b) => a.day - b.day || a.recMs - b.recMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { events, offenseDay: c.offenseDate === null ? NO_DAY : parseIsoDay(c.offenseDate), maxRecMs, hasSupersedes, only };
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
  /** Result of the last appeal decision; null when it was not recorded (review). */
  decidedResult: AppealResult | null;
  mandateDay: number;
  /** A Rule 84.17 post-disposition motion not yet ruled on (counsel review 14). */
  motionPending: boolean;
  /** A mandate recorded while such a motion had no ruling: contradictory until the ruling is recorded. */
  mandateWhileMotion: boolean;
  /** The day the court of appeals overruled the motion or denied transfer (Rule 83.04(1)). */
  motionRuledDay: number;
  /** The last state decision from which the certiorari period runs (counsel review 15); NO_DAY when none. */
  certFromDay: number;
  /** A mandate recorded with no appeal decision before it. */
  mandateWithoutDecision: boolean;
  /** A declination came while the charge had no disposition: contradictory until one is recorded. */
  declinedWhilePending: boolean;
  /** Subject of a juvenile petition (or of the case's juvenile flag) and when certified as an adult (211.071). */
  juvenile: boolean;
  certifiedDay: number;
  probationDoneDay: number;
  /** The statutes of the defendant's latest charge that recorded them (610.105.2); null = not recorded. */
  statutes: readonly string[] | null;
  state: number;
  since: number;
}

function defendant(list: Defendant[], key: string): Defendant {
  for (const d of list) if (d.key === key) return d;
  const d: Defendant = {
    key,
    charged: false,
    disp: null,
    dispDay: NO_DAY,
    contradictory: false,
    sentencedDay: NO_DAY,
    finalDay: NO_DAY,
    appealsOpen: 0,
    lastDecidedDay: NO_DAY,
    decidedResult: null,
    mandateDay: NO_DAY,
    mandateWithoutDecision: false,
    motionPending: false,
    mandateWhileMotion: false,
    motionRuledDay: NO_DAY,
    certFromDay: NO_DAY,
    declinedWhilePending: false,
    juvenile: false,
    certifiedDay: NO_DAY,
    probationDoneDay: NO_DAY,
    statutes: null,
    state: PENDING,
    since: NO_DAY,
  };
  list.push(d);
  return d;
}

function dispose(d: Defendant, type: CaseEventType, day: number): void {
  d.charged = true;
  if (d.disp !== null && d.disp !== type && (d.disp === 'acquitted' || d.dispDay === day)) d.contradictory = true;
  d.disp = type;
  d.dispDay = day;
  d.declinedWhilePending = false;
  if (type === 'convicted') {
    d.sentencedDay = NO_DAY;
    d.finalDay = NO_DAY;
    d.appealsOpen = 0;
    d.lastDecidedDay = NO_DAY;
    d.decidedResult = null;
    d.mandateDay = NO_DAY;
    d.mandateWithoutDecision = false;
    d.motionPending = false;
    d.mandateWhileMotion = false;
    d.motionRuledDay = NO_DAY;
    d.certFromDay = NO_DAY;
  } else if (type === 'sis') {
    d.probationDoneDay = NO_DAY;
  }
}

/** What the replay found, as counts and day numbers (NO_DAY when none). */
export interface Replay {
  lastDeclined: number;
  /** Latest reopening or charge: pursuit resumed. */
  lastPursued: number;
  /** A charged defendant is pending, unsettled or not yet final: a declination cannot make the case inactive (A1). */
  prosecutionOpen: boolean;
  juvenile: boolean;
  /** Children certified for trial as adults (211.071), with the date, for the explanation. */
  certified: string[];
  /** The juvenile closure is scoped to the child (juvenileClosureScope: child) and the case has adult defendants. */
  juvenileScopedOut: boolean;
  charged: number;
  pending: number;
  terminated: number;
  /** Of those, defendants whose case ended in a completed suspended imposition of sentence (610.105.2). */
  terminatedBySis: number;
  /** The charged statutes of each of those SIS defendants (null: not recorded on their charge). */
  sisStatutes: Array<readonly string[] | null>;
  final: number;
  appealPending: number;
  unsettled: number;
  terminatedSince: number;
  finalSince: number;
  /** Latest first-final day of convictions still inside their appeal or transfer window. */
  windowReview: number;
  /** What that window is, e.g. "appeal window open until 2026-11-30" (rolled forward). */
  windowText: string;
  /** Convictions made final without awaiting the certiorari period, under the opt-in certiorari.wait false. */
  certiorariNotAwaited: string[];
  /** What would settle the unsettled defendants, e.g. "events.sentenced[D1]". */
  defMissing: string[];
}

/** The last day of a window of `days` after `from`, rolled forward to a court filing day, plus one: the first day it has run. */
function windowEnd(court: CourtCalendar, from: number, days: number): number {
  return court.lastFilingDay(from + days) + 1;
}

export function replayCase(
  c: CaseFacts,
  p: PreparedCase,
  day: number,
  knownMs: number,
  params: Pick<
    ParameterVersion,
    'appealWindowDays' | 'transferWindowDays' | 'transferAfterRulingDays' | 'certiorari' | 'juvenileClosureScope'
  >,
  court: CourtCalendar,
): Replay {
  let superseded: Set<string> | null = null;
  if (p.hasSupersedes) {
    superseded = new Set();
    for (const e of p.events) if (e.supersedes !== null && e.recMs <= knownMs) superseded.add(e.supersedes);
  }
  const defs: Defendant[] = [];
  let lastDeclined = NO_DAY;
  let lastPursued = NO_DAY;
  // The case's juvenile flag marks the only defendant, or the case as a whole when there are several.
  if (c.juvenile) defendant(defs, p.only).juvenile = true;
  for (const e of p.events) {
    if (e.day > day) break;
    if (e.recMs > knownMs || (superseded !== null && superseded.has(e.id))) continue;
    switch (e.type) {
      case 'declined':
        if (e.named) {
          // One defendant not pursued: says nothing about the case, but contradicts a pending charge.
          const d = defendant(defs, e.def);
          if (d.charged && d.disp === null) d.declinedWhilePending = true;
        } else {
          lastDeclined = e.day;
          for (const d of defs) if (d.charged && d.disp === null) d.declinedWhilePending = true;
        }
        break;
      case 'reopened':
        lastPursued = e.day;
        break;
      case 'juvenile_petition': {
        const d = defendant(defs, e.def);
        d.juvenile = true;
        d.certifiedDay = NO_DAY;
        break;
      }
      case 'certified_adult':
        // A certification concerns one child: one naming nobody in a case of several defendants is ignored.
        if (e.named || p.only !== '(case)') defendant(defs, e.def).certifiedDay = e.day;
        break;
      case 'charged': {
        lastPursued = e.day;
        const d = defendant(defs, e.def);
        d.charged = true;
        d.declinedWhilePending = false;
        if (e.statutes !== null) d.statutes = e.statutes;
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
        else {
          d.finalDay = e.day;
          d.appealsOpen = 0; // recorded final: earlier appeals are over; a later one reopens it
        }
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
        d.decidedResult = e.result;
        d.mandateDay = NO_DAY;
        d.mandateWithoutDecision = false;
        d.motionPending = false;
        d.mandateWhileMotion = false;
        d.motionRuledDay = NO_DAY;
        // Certiorari lies from the Supreme Court of Missouri; an unrecorded court may be it (15).
        d.certFromDay = e.court === 'court_of_appeals' ? NO_DAY : e.day;
        if ((e.result === 'reversed' || e.result === 'remanded') && d.disp === 'convicted') {
          // The conviction no longer stands as it was: pending again until a new disposition.
          d.disp = null;
          d.charged = true;
          if (e.day > lastPursued) lastPursued = e.day;
        }
        break;
      }
      case 'mandate_issued': {
        const d = defendant(defs, e.def);
        if (d.lastDecidedDay !== NO_DAY) d.mandateDay = e.day;
        else d.mandateWithoutDecision = true;
        if (d.motionPending) d.mandateWhileMotion = true;
        break;
      }
      case 'post_disposition_motion':
        defendant(defs, e.def).motionPending = true;
        break;
      case 'post_disposition_overruled': {
        const d = defendant(defs, e.def);
        d.motionPending = false;
        d.mandateWhileMotion = false;
        d.motionRuledDay = e.day;
        // U.S. Sup. Ct. R. 13.3: a timely rehearing motion moves the certiorari period to its denial.
        if (d.certFromDay !== NO_DAY) d.certFromDay = e.day;
        break;
      }
      case 'transfer_denied': {
        const d = defendant(defs, e.def);
        if (d.appealsOpen > 0) d.appealsOpen--; // the application for transfer, entered as appeal_filed
        d.certFromDay = e.day;
        break;
      }
    }
  }

  const defMissing: string[] = [];
  let charged = 0;
  let pending = 0;
  let terminated = 0;
  let terminatedBySis = 0;
  const sisStatutes: Array<readonly string[] | null> = [];
  let final = 0;
  let appealPending = 0;
  let unsettled = 0;
  let terminatedSince = NO_DAY;
  let finalSince = NO_DAY;
  let windowReview = NO_DAY;
  let windowText = '';
  const certiorariNotAwaited: string[] = [];
  const inWindow = (firstFinalDay: number, what: string): boolean => {
    if (day >= firstFinalDay) return false;
    if (firstFinalDay > windowReview) {
      windowReview = firstFinalDay;
      windowText = `${what} open until ${formatIsoDay(firstFinalDay - 1)}`;
    }
    return true;
  };
  for (const d of defs) {
    if (!d.charged) continue;
    charged++;
    const decidedLast = d.lastDecidedDay !== NO_DAY && d.lastDecidedDay >= d.dispDay && d.lastDecidedDay > d.finalDay;
    if (d.contradictory || d.declinedWhilePending) {
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
    } else if (d.mandateWhileMotion) {
      d.state = UNSETTLED;
      defMissing.push(`events.post_disposition_overruled[${d.key}]`);
    } else if (d.appealsOpen > 0 || d.motionPending) {
      // While a Rule 84.17 motion is pending the appeal is pending (counsel review 14).
      d.state = NOT_FINAL;
      appealPending++;
    } else if (d.mandateWithoutDecision) {
      d.state = UNSETTLED;
      defMissing.push(`events.appeal_decided[${d.key}]`);
    } else if (decidedLast) {
      if (d.decidedResult === null) {
        d.state = UNSETTLED;
        defMissing.push(`events.appeal_result[${d.key}]`);
      } else {
        // Final at the mandate or, failing one, once the transfer window has run: the later of the
        // opinion + 30 days and a post-disposition ruling + 15 days (Rule 83.04), each rolled forward.
        let firstFinalDay = d.mandateDay;
        let what = 'rehearing/transfer window after the appeal decision';
        if (firstFinalDay === NO_DAY) {
          firstFinalDay = windowEnd(court, d.lastDecidedDay, params.transferWindowDays);
          if (d.motionRuledDay !== NO_DAY) {
            const afterRuling = windowEnd(court, d.motionRuledDay, params.transferAfterRulingDays);
            if (afterRuling > firstFinalDay) {
              firstFinalDay = afterRuling;
              what = 'transfer window after the post-disposition ruling (Rule 83.04(1))';
            }
          }
        }
        if (d.certFromDay !== NO_DAY) {
          if (params.certiorari.wait) {
            const certEnd = windowEnd(court, d.certFromDay, params.certiorari.days);
            if (certEnd > firstFinalDay) {
              firstFinalDay = certEnd;
              what = `certiorari period (${params.certiorari.days} days, U.S. Sup. Ct. R. 13) after the last state decision on ${formatIsoDay(d.certFromDay)}`;
            }
          } else certiorariNotAwaited.push(d.key);
        }
        if (inWindow(firstFinalDay, what)) d.state = NOT_FINAL;
        else {
          d.state = FINAL;
          d.since = firstFinalDay;
        }
      }
    } else if (d.finalDay >= d.dispDay) {
      d.state = FINAL;
      d.since = d.finalDay;
    } else if (d.sentencedDay >= d.dispDay) {
      const firstFinalDay = windowEnd(court, d.sentencedDay, params.appealWindowDays);
      if (inWindow(firstFinalDay, 'appeal window')) d.state = NOT_FINAL;
      else {
        d.state = FINAL;
        d.since = firstFinalDay;
      }
    } else {
      d.state = UNSETTLED;
      defMissing.push(`events.sentenced[${d.key}]`);
    }
    if (d.state === PENDING) pending++;
    else if (d.state === TERMINATED) {
      terminated++;
      if (d.disp === 'sis') {
        terminatedBySis++;
        sisStatutes.push(d.statutes);
      }
      if (d.since > terminatedSince) terminatedSince = d.since;
    } else if (d.state === FINAL) {
      final++;
      if (d.since > finalSince) finalSince = d.since;
    } else if (d.state === UNSETTLED) unsettled++;
  }
  const prosecutionOpen = pending > 0 || unsettled > 0 || appealPending > 0 || windowReview !== NO_DAY;

  // 211.321 / 211.071: a child's closure ends when the child is certified for trial as an adult.
  const certified: string[] = [];
  let uncertified = 0;
  let caseWide = false;
  for (const d of defs) {
    if (!d.juvenile) continue;
    if (d.certifiedDay !== NO_DAY) certified.push(`${d.key} on ${formatIsoDay(d.certifiedDay)}`);
    else {
      uncertified++;
      if (d.key === '(case)') caseWide = true;
    }
  }
  let juvenile = uncertified > 0;
  let juvenileScopedOut = false;
  if (juvenile && params.juvenileClosureScope.scope === 'child' && !caseWide) {
    // Opt-in: the closure follows the child; a case with an adult defendant is not closed as a whole.
    const adults = c.defendants.some((x) => !defs.some((d) => d.key === x.defendantId && d.juvenile && d.certifiedDay === NO_DAY));
    if (adults) {
      juvenile = false;
      juvenileScopedOut = true;
    }
  }
  return {
    lastDeclined,
    lastPursued,
    prosecutionOpen,
    juvenile,
    certified,
    juvenileScopedOut,
    charged,
    pending,
    terminated,
    terminatedBySis,
    sisStatutes,
    final,
    appealPending,
    unsettled,
    terminatedSince,
    finalSince,
    windowReview,
    windowText,
    certiorariNotAwaited,
    defMissing,
  };
}
