/**
 * Replays a case's events (610.100.1(3), 610.105) into per-defendant dispositions: what is
 * pending, terminated, convicted and final, or unsettled. PURE. Events are parsed once per
 * CaseFacts object (facts are treated as immutable) and replayed in (date, recordedAt, id)
 * order, skipping those recorded after knownAt, superseded by a known correction, or dated
 * after asOf.
 */
import type { CaseEventType, CaseFacts } from './facts';
import { NO_DAY, parseIsoDay, parseIsoInstant } from './day-math';

interface PreparedEvent {
  id: string;
  type: CaseEventType;
  day: number;
  recMs: number;
  def: string;
  supersedes: string | null;
}
export interface PreparedCase {
  events: PreparedEvent[];
  offenseDay: number;
  maxRecMs: number;
  hasSupersedes: boolean;
}

const prepared = new WeakMap<CaseFacts, PreparedCase>();

export function prepareCase(c: CaseFacts): PreparedCase {
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
  p = { events, offenseDay: c.offenseDate === null ? NO_DAY : parseIsoDay(c.offenseDate), maxRecMs, hasSupersedes };
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

/** What the replay found, as counts and day numbers (NO_DAY when none). */
export interface Replay {
  lastDeclined: number;
  /** Latest reopening or charge: pursuit resumed. */
  lastPursued: number;
  juvenile: boolean;
  charged: number;
  pending: number;
  terminated: number;
  /** Of those, defendants whose case ended in a completed suspended imposition of sentence (610.105.2). */
  terminatedBySis: number;
  final: number;
  appealPending: number;
  unsettled: number;
  terminatedSince: number;
  finalSince: number;
  /** Latest first-final day of convictions still inside their appeal window. */
  windowReview: number;
  /** What would settle the unsettled defendants, e.g. "events.sentenced[D1]". */
  defMissing: string[];
}

export function replayCase(c: CaseFacts, p: PreparedCase, day: number, knownMs: number, appealWindowDays: number): Replay {
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

  const defMissing: string[] = [];
  let charged = 0;
  let pending = 0;
  let terminated = 0;
  let terminatedBySis = 0;
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
      const firstFinalDay = d.sentencedDay + appealWindowDays + 1;
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
      if (d.disp === 'sis') terminatedBySis++;
      if (d.since > terminatedSince) terminatedSince = d.since;
    } else if (d.state === FINAL) {
      final++;
      if (d.since > finalSince) finalSince = d.since;
    } else if (d.state === UNSETTLED) unsettled++;
  }
  return {
    lastDeclined, lastPursued, juvenile, charged, pending, terminated, terminatedBySis, final, appealPending, unsettled,
    terminatedSince, finalSince, windowReview, defMissing,
  };
}
