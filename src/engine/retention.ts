/**
 * Retention for one recording at one moment (law reference section 4). PURE and deterministic.
 *
 * Reading of the schedule:
 * - Every applicable row gives a period: a finite end date, or open-ended (permanent, active or
 *   unknown case, open request, unclassified, expungement order). The longest wins: `retainUntil`
 *   is the latest end, or null as soon as one period is open-ended.
 * - `blockers` are what stops destruction now even if the periods alone had run: active legal
 *   holds, requests still protecting the recording (open, or within the later of final response
 *   and withdrawal + 2 years), linked cases that are active or of unknown status, court orders,
 *   closed records no recorded manual review has released (610.120.1), gaps in the schedule.
 *   Once the periods have run and nothing else blocks, a recording whose content nobody has
 *   reviewed by then (its 610.205 / 211.321 closure flags unknown) is blocked too.
 *   Holds do not move `retainUntil`; they make the status `held`.
 * - Status precedence: destroyed > held > classification_needed > indefinite > retain >
 *   eligible_for_destruction (only when retainUntil <= asOf and no blocker).
 * - A destroyed recording is evaluated as of its destruction time, so `blockers` and
 *   `retainUntil` show whether it was destroyed too early (the auditors' conflicts report).
 *   Case status is taken as given (the caller derives it), so it is not re-dated.
 * - Holds, requests and orders count only once they exist at the evaluation time (placedAt,
 *   receivedAt, issuedAt and the order's recordedAt <= time), so past results replay.
 */
import { DateTime } from 'luxon';
import {
  type CaseFacts,
  type CaseStatus,
  type CourtOrderFacts,
  type HoldFacts,
  type NoInvestigation,
  type Reason,
  type RecordingFacts,
  type RequestFacts,
  type RetentionResult,
  type RetentionReviewFacts,
  type RetentionStatus,
} from './facts';
import { reviewCounts } from './conditions';
import { inForce } from './effective';
import { LEGAL_ZONE, legalDay, legalIso } from './legal-time';
import { REQUIRED_KINDS, type ConditionKind, type Duration, type RetentionRow, type RetentionSchedule } from './retention-schema';

export interface LinkedCase {
  facts: CaseFacts;
  status: CaseStatus;
}

const GAP_RULE_ID = 'RET-SCHEDULE-GAP';
const DESTROYED_RULE_ID = 'RET-DESTROYED';

/** For each row id, the version in force on `day` (YYYY-MM-DD), in file order. */
export function rowsInForce(schedule: RetentionSchedule, day: string): RetentionRow[] {
  const versions = new Map<string, RetentionRow[]>();
  for (const row of schedule.rows) versions.set(row.id, [...(versions.get(row.id) ?? []), row]);
  const current = new Set<RetentionRow>();
  for (const vs of versions.values()) {
    const v = inForce(vs, day);
    if (v !== null) current.add(v);
  }
  return schedule.rows.filter((r) => current.has(r));
}

/** rowsInForce per schedule and day, memoised: every decision of a batch asks for the same day. */
const rowsByDay = new WeakMap<RetentionSchedule, Map<string, RetentionRow[]>>();
function rowsInForceMemo(schedule: RetentionSchedule, onDay: string): RetentionRow[] {
  let byDay = rowsByDay.get(schedule);
  if (byDay === undefined) {
    byDay = new Map();
    rowsByDay.set(schedule, byDay);
  }
  let rows = byDay.get(onDay);
  if (rows === undefined) {
    rows = rowsInForce(schedule, onDay);
    if (byDay.size >= 1000) byDay.clear();
    byDay.set(onDay, rows);
  }
  return rows;
}

const dt = (iso: string): DateTime => DateTime.fromISO(iso, { zone: LEGAL_ZONE });
const out = (d: DateTime): string => legalIso(d, { suppressMilliseconds: true });
const day = legalDay;
const plus = (d: DateTime, p: Duration): DateTime => d.plus({ years: p.years, months: p.months, days: p.days });
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

interface Period {
  rowId: string;
  /** null = open-ended. */
  end: DateTime | null;
  /** Open-ended only because classification is pending (does not make the status indefinite). */
  pendingClassification: boolean;
}

interface Evaluation {
  periods: Period[];
  blockers: Reason[];
  reasons: Reason[];
  held: boolean;
  classificationNeeded: boolean;
  /** The blocker to add if the recording would otherwise be destroyable while its content is unreviewed. */
  unreviewed: Reason | null;
}

// Per-row helpers at module level rather than closures made for every row of every decision
// (tsx, which runs the service, also names each closure as it is made: measurable at 1M rows).
const sayOf = (row: RetentionRow, text: string): Reason => ({ ruleId: row.id, citation: row.citation, text });
function addPeriod(ev: Evaluation, row: RetentionRow, end: DateTime | null, text: string, pendingClassification = false): void {
  ev.periods.push({ rowId: row.id, end, pendingClassification });
  ev.reasons.push(sayOf(row, text));
}
function addBlocker(ev: Evaluation, row: RetentionRow, text: string): void {
  ev.blockers.push(sayOf(row, text));
}

/**
 * Closures that hold from the moment the recording was made (counsel review finding 8):
 * - RSMo 610.205.1: images of a mutilated deceased at a crime scene "shall be considered closed
 *   records"; a recording flagged mutilatedDeceased whose crime-scene status is not assessed
 *   (crimeScene null) counts as one, since destroying it by mistake cannot be undone.
 * - RSMo 211.321: records of a child in a juvenile matter: the recording is flagged
 *   juvenileSubject, or a linked case is marked juvenile or has a juvenile petition known at
 *   `at`. A certification as an adult (211.071) is not read here: it ends the release closure
 *   for that child, but keeping the recording longer cannot cause a forbidden destruction.
 * The 610.100.2 closure of arrests not charged within 30 days is not here: the engine has no
 * arrest event (counsel.yaml f1-arrest-not-charged-30-days).
 */
function closedFromTheStart(
  recording: RecordingFacts,
  caseNumbers: string[],
  caseByNumber: Map<string, LinkedCase>,
  at: DateTime,
): string[] {
  const out: string[] = [];
  if (recording.flags.mutilatedDeceased && recording.crimeScene !== false) {
    out.push(
      recording.crimeScene === true
        ? 'images of a mutilated deceased at a crime scene (RSMo 610.205.1)'
        : 'images of a mutilated deceased, crime scene not assessed, so kept as a crime-scene record (RSMo 610.205.1)',
    );
  }
  if (recording.flags.juvenileSubject) out.push('a recording flagged as showing a juvenile subject (RSMo 211.321)');
  for (const n of caseNumbers) {
    const facts = caseByNumber.get(n)?.facts;
    if (facts === undefined) continue;
    const petition = facts.events.some((e) => e.type === 'juvenile_petition' && dt(e.recordedAt) <= at && e.date <= day(at));
    if (facts.juvenile || petition) out.push(`juvenile case ${n} (RSMo 211.321)`);
  }
  return out;
}

function evaluate(
  schedule: RetentionSchedule,
  recording: RecordingFacts,
  cases: LinkedCase[],
  holds: HoldFacts[],
  requests: RequestFacts[],
  orders: CourtOrderFacts[],
  reviews: RetentionReviewFacts[],
  at: DateTime,
): Evaluation {
  const ev: Evaluation = { periods: [], blockers: [], reasons: [], held: false, classificationNeeded: false, unreviewed: null };
  const recordedAt = dt(recording.recordedAt);
  const caseNumbers = [...new Set([...recording.caseNumbers, ...cases.map((c) => c.facts.caseNumber)])].sort();
  const caseByNumber = new Map(cases.map((c) => [c.facts.caseNumber, c]));
  const covers = (scope: { recordingIds: string[]; caseNumber: string | null }): boolean =>
    scope.recordingIds.includes(recording.recordingId) || (scope.caseNumber !== null && caseNumbers.includes(scope.caseNumber));
  const rows = rowsInForceMemo(schedule, day(at));

  for (const row of rows) {
    const c = row.condition;
    const p = row.period;

    switch (c.kind) {
      case 'all_recordings':
      case 'category': {
        if (p.type !== 'after') break;
        if (c.kind === 'category' && !c.categories.includes(recording.category)) break;
        // Counsel session 6, G4 and session 8, L1: the confirmation that no investigation concerns it never
        // makes an old recording destroyable the day it is given or entered; the category's period runs
        // from the latest of the recording, the confirmation and the day it was recorded in the catalog.
        // The state minimum for every recording (all_recordings) still runs from the recording.
        const ni = c.kind === 'category' ? recording.noInvestigation : null;
        const from = ni === null ? null : noInvestigationStart(ni, at);
        if (ni !== null && from !== null && from > recordedAt) {
          const end = plus(from, p.duration);
          const entered =
            ni.recordedOn === null
              ? ', and the day it was recorded here is not known (recorded before that was kept), so it counts as today'
              : ni.recordedOn > ni.confirmedOn
                ? ` and recorded here on ${ni.recordedOn}`
                : '';
          addPeriod(
            ev,
            row,
            end,
            `${row.text} Recorded ${day(recordedAt)}; that no investigation concerns it was confirmed on ${ni.confirmedOn}${entered}, later, so the period runs from ${day(from)}: kept until ${day(end)}.`,
          );
          break;
        }
        const end = plus(recordedAt, p.duration);
        addPeriod(ev, row, end, `${row.text} Recorded ${day(recordedAt)}: kept until ${day(end)}.`);
        break;
      }
      case 'unclassified':
      case 'unlinked_evidentiary': {
        // Counsel re-check session 5, F1 (b): a category or the only case links a clerk entered on the
        // review-facts route, unconfirmed, do not start a destruction clock: the recording counts as
        // unclassified (or unlinked) until the prosecutor confirms them.
        const clerkCategory = c.kind === 'unclassified' && recording.categorySource?.source === 'clerk' ? recording.categorySource : null;
        if (!c.categories.includes(recording.category) && clerkCategory === null) break;
        const clerkLinks = recording.caseLinkSources.filter((e) => e.source === 'clerk');
        const unconfirmed = new Set(clerkLinks.map((e) => e.caseNumber));
        if (c.kind === 'unlinked_evidentiary' && caseNumbers.some((n) => !unconfirmed.has(n))) break;
        const why =
          clerkCategory !== null
            ? ` Its category (${recording.category}) was entered by clerk ${clerkCategory.by} on ${clerkCategory.at.slice(0, 10)} (review facts) and is not confirmed, so it counts as unclassified until the prosecutor confirms it on the confirmation of a clerk's answer, or the evidence system's feed sends a category.`
            : caseNumbers.length > 0
              ? ` Its case links (${clerkLinks.map((e) => `${e.caseNumber} by clerk ${e.by} on ${e.at.slice(0, 10)}`).join(', ')}, review facts) are not confirmed, so it counts as unlinked until the prosecutor confirms them (or has them removed) on the confirmation of a clerk's answer.`
              : '';
        const flagAt = recordedAt.plus({ days: c.flagAfterDays });
        const overdue = at > flagAt;
        if (overdue) ev.classificationNeeded = true;
        addPeriod(
          ev,
          row,
          null,
          overdue
            ? `${row.text}${why} Recorded ${day(recordedAt)}, more than ${c.flagAfterDays} days ago: classification is needed.`
            : `${row.text}${why} Recorded ${day(recordedAt)}: classification is pending (flagged after ${day(flagAt)}).`,
          true,
        );
        break;
      }
      case 'linked_case': {
        if (p.type !== 'after') break;
        for (const n of caseNumbers) {
          const linked = caseByNumber.get(n);
          if (!linked) {
            const text = `Case ${n} is linked but not in the catalog (its facts are unknown), so its retention cannot be computed; kept indefinitely.`;
            addPeriod(ev, row, null, text);
            addBlocker(ev, row, text);
            continue;
          }
          const s = linked.status;
          if (s.inactive === false) {
            const text = `Case ${n} is an active investigation; the recording is kept indefinitely while it is active.`;
            addPeriod(ev, row, null, text);
            addBlocker(ev, row, text);
          } else if (s.inactive === 'unknown' || s.inactiveSince === null) {
            const missing = s.missingFacts.length > 0 ? s.missingFacts.join(', ') : 'inactiveSince';
            const text = `Case ${n} has an unknown status (missing: ${missing}); the recording is kept indefinitely until the facts are recorded.`;
            addPeriod(ev, row, null, text);
            addBlocker(ev, row, text);
          } else if (c.declinedUntilTimeToFile && s.inactiveGround === 'declined' && s.timeToFileEnds === null) {
            const text = `Case ${n} is inactive because it was declined, but when the time to file charges runs out cannot be computed (offense date or class missing); the recording is kept until it can, since the case may be reopened.`;
            addPeriod(ev, row, null, text);
            addBlocker(ev, row, text);
          } else {
            const fromInactive = plus(dt(s.inactiveSince), p.duration);
            const floor = p.atLeastAfterRecorded ? plus(recordedAt, p.atLeastAfterRecorded) : fromInactive;
            const declinedUntil =
              c.declinedUntilTimeToFile && s.inactiveGround === 'declined' && s.timeToFileEnds !== null ? dt(s.timeToFileEnds) : null;
            const end = DateTime.max(fromInactive, floor, declinedUntil ?? floor);
            addPeriod(
              ev,
              row,
              end,
              `${row.text} Case ${n} inactive since ${s.inactiveSince}` +
                `${s.inactiveGround ? ` (${s.inactiveGround})` : ''}: inactive date + period ${day(fromInactive)}, ` +
                `recorded + minimum ${day(floor)}` +
                `${declinedUntil ? `, time to file charges runs out ${day(declinedUntil)} (610.100.1(3)(b); a declined case may be reopened until then)` : ''}; kept until ${day(end)}.`,
            );
          }
        }
        break;
      }
      case 'permanent': {
        if (c.categories.includes(recording.category)) {
          addPeriod(ev, row, null, `${row.text} Category: ${recording.category}.`);
        }
        for (const n of caseNumbers) {
          const facts = caseByNumber.get(n)?.facts;
          const cls = facts?.offenseClass;
          if (facts === undefined || cls === undefined) continue; // missing case facts already block under linked_case
          if (c.noLimitationBasis && facts.limitation !== null && facts.limitation.period === null) {
            addPeriod(
              ev,
              row,
              null,
              `${row.text} Case ${n} has no limitation period (RSMo ${facts.limitation.basis}, recorded by the prosecutor).`,
            );
          } else if (cls === null) {
            const text = `The offense class of case ${n} is not recorded, so a permanent class cannot be ruled out; kept indefinitely until it is.`;
            addPeriod(ev, row, null, text);
            addBlocker(ev, row, text);
          } else if (c.offenseClasses.includes(cls)) {
            addPeriod(ev, row, null, `${row.text} Case ${n} offense class: ${cls}.`);
          }
        }
        break;
      }
      case 'sunshine_request': {
        if (p.type !== 'after') break;
        for (const r of requests.filter((q) => dt(q.receivedAt) <= at).sort(byKey((q) => q.requestId))) {
          const closings = [r.finalResponseAt, r.withdrawnAt]
            .filter((x): x is string => x !== null)
            .map(dt)
            .filter((x) => x <= at);
          if (closings.length === 0) {
            const text = `Request ${r.number ?? r.requestId} (received ${day(dt(r.receivedAt))}) is still open; the recording is protected until its final response + period.`;
            addPeriod(ev, row, null, text);
            addBlocker(ev, row, text);
            continue;
          }
          // The later of the final response and the withdrawal: a suit may follow either (610.027.5).
          const closed = closings.reduce((a, b) => (b > a ? b : a));
          const end = plus(closed, p.duration);
          const how = r.finalResponseAt !== null && dt(r.finalResponseAt).equals(closed) ? 'answered' : 'withdrawn';
          const text = `Request ${r.number ?? r.requestId} was finally ${how} on ${day(closed)}: protected until ${day(end)}.`;
          addPeriod(ev, row, end, text);
          if (end > at) addBlocker(ev, row, text);
        }
        break;
      }
      case 'legal_hold': {
        for (const h of holds.filter((x) => covers(x) && dt(x.placedAt) <= at).sort(byKey((x) => x.id))) {
          const released = h.releasedAt !== null && dt(h.releasedAt) <= at;
          // In words for the people reading the lists: the reason and authority, not the hold's internal id.
          const what = `A legal hold (${h.reason.replaceAll('_', ' ')}: ${h.authority}) placed ${day(dt(h.placedAt))}`;
          if (released) {
            ev.reasons.push(sayOf(row, `${what} was released ${day(dt(h.releasedAt ?? h.placedAt))}; it no longer blocks destruction.`));
          } else {
            ev.held = true;
            ev.reasons.push(sayOf(row, `${row.text} ${what} is active.`));
            addBlocker(ev, row, `${what} is active.`);
          }
        }
        break;
      }
      case 'court_order': {
        const applicable = orders.filter(
          (o) => c.orderKinds.includes(o.kind) && covers(o) && dt(o.issuedAt) <= at && dt(o.recordedAt) <= at,
        );
        for (const o of applicable.sort(byKey((x) => x.orderNumber))) {
          const text = `${row.text} Order ${o.orderNumber} (${o.kind}) issued ${day(dt(o.issuedAt))}.`;
          addPeriod(ev, row, null, text);
          addBlocker(ev, row, text);
        }
        break;
      }
      case 'closed_record': {
        // Counsel review addendum 2 (as finding 2 on the release side): the closure flags mean
        // nothing until a person has reviewed the content, the same review as a release decision's
        // (reviewCounts, made no later than `at`). Unreviewed, a 610.205 or 211.321 closure cannot be
        // excluded, so such a recording is never destroyable; its period is not made open-ended
        // (conclude adds the blocker only where nothing else keeps it), so an unreviewed catalog
        // does not look permanent.
        if (!reviewCounts(recording, at.toMillis(), at.toMillis())) {
          ev.unreviewed = sayOf(
            row,
            `Content not reviewed: RSMo 610.205 / 211.321 closure cannot be excluded. Recording ${recording.recordingId} has no content review ` +
              `(redactionReview)${recording.redactionReview === null ? '' : ` made by ${day(at)}`}, so whether it shows a mutilated deceased at a crime scene ` +
              `or a juvenile subject, either of which makes it a closed record (RSMo 610.120.1), is unknown; it is not destroyed until a person has reviewed it.`,
          );
        }
        const terminated = caseNumbers.filter((n) => caseByNumber.get(n)?.status.terminated === true);
        const closures = orders.filter((o) => o.kind === 'closure' && covers(o) && dt(o.issuedAt) <= at && dt(o.recordedAt) <= at);
        const recordedDay = day(recordedAt);
        const sources = [
          ...terminated.map((n) => ({
            text: `case ${n} finally terminated (RSMo 610.105)`,
            since: caseByNumber.get(n)?.status.terminatedSince ?? null,
          })),
          ...[...closures]
            .sort(byKey((o) => o.orderNumber))
            .map((o) => ({ text: `closure order ${o.orderNumber}`, since: day(dt(o.issuedAt)) })),
          ...closedFromTheStart(recording, caseNumbers, caseByNumber, at).map((text) => ({ text, since: recordedDay })),
        ];
        if (sources.length === 0) break;
        const closedBy = sources.map((x) => x.text).join('; ');
        // A review counts only once entered (recordedAt) and only if made on or after the day the
        // record was last closed: it cannot release a closure it did not see.
        const lastClosed =
          sources
            .map((x) => x.since)
            .filter((x): x is string => x !== null)
            .sort()
            .at(-1) ?? null;
        const seen = reviews
          .filter((v) => v.recordingId === recording.recordingId && dt(v.recordedAt) <= at && dt(v.reviewedAt) <= at)
          .filter((v) => lastClosed === null || day(dt(v.reviewedAt)) >= lastClosed)
          .sort(byKey((v) => v.reviewedAt));
        // 610.120.1 excepts only 610.124: a Local Records Board authority releases the record only
        // under the opt-in parameter (counsel review finding 8), and the result then says so.
        const lrb = c.localRecordsBoard;
        const review = seen.filter((v) => v.authority === 'rsmo_610_124' || lrb.accept).at(-1);
        if (review) {
          const under =
            review.authority === 'rsmo_610_124'
              ? 'the RSMo 610.124 procedure'
              : `a Local Records Board authority, accepted only under the opt-in parameter localRecordsBoard (${lrb.citation})`;
          ev.reasons.push(
            sayOf(
              row,
              `Closed record (${closedBy}) released to its normal retention by manual review ${review.id} of ${day(dt(review.reviewedAt))} ` +
                `by ${review.reviewedBy}, under ${under}, citing ${review.citation}: ${review.reason}`,
            ),
          );
          break;
        }
        const refused = seen.filter((v) => v.authority === 'local_records_board');
        const notCounted =
          refused.length === 0
            ? ''
            : ` Manual review ${refused.map((v) => v.id).join(', ')} cites a Local Records Board authority, which does not release a closed record: RSMo 610.120.1 excepts only the RSMo 610.124 procedure (opt-in parameter localRecordsBoard off).`;
        const text = `${row.text} Closed by: ${closedBy}.${notCounted}`;
        addPeriod(ev, row, null, text);
        addBlocker(ev, row, text);
        break;
      }
    }
  }

  // Fail safe: if a rule that protects recordings has no version in force, nothing may be destroyed.
  const kindsInForce = new Set<ConditionKind>(rows.map((r) => r.condition.kind));
  for (const kind of REQUIRED_KINDS) {
    if (kindsInForce.has(kind)) continue;
    const gap: Reason = {
      ruleId: GAP_RULE_ID,
      citation: schedule.citation,
      text: `No version of the "${kind}" retention rule is in force on ${day(at)}; nothing is destroyed until the schedule is corrected.`,
    };
    ev.periods.push({ rowId: GAP_RULE_ID, end: null, pendingClassification: false });
    ev.reasons.push(gap);
    ev.blockers.push(gap);
  }
  return ev;
}

function conclude(ev: Evaluation, at: DateTime): { status: RetentionStatus; retainUntil: DateTime | null; summary: Reason | null } {
  const openEnded = ev.periods.filter((p) => p.end === null);
  const finite = ev.periods.filter((p): p is Period & { end: DateTime } => p.end !== null);
  const latest = finite.reduce<(Period & { end: DateTime }) | null>((best, p) => (best === null || p.end > best.end ? p : best), null);
  const retainUntil = openEnded.length > 0 || latest === null ? null : latest.end;

  let status: RetentionStatus;
  if (ev.held) status = 'held';
  else if (ev.classificationNeeded) status = 'classification_needed';
  else if (openEnded.length > 0) status = openEnded.every((p) => p.pendingClassification) ? 'retain' : 'indefinite';
  else if (retainUntil === null || retainUntil > at || ev.blockers.length > 0) status = 'retain';
  else if (ev.unreviewed !== null) {
    ev.blockers.push(ev.unreviewed);
    ev.reasons.push(ev.unreviewed);
    status = 'retain';
  } else status = 'eligible_for_destruction';

  let summary: Reason | null = null;
  if (retainUntil !== null && latest !== null) {
    summary = {
      ruleId: latest.rowId,
      citation: ev.reasons.find((r) => r.ruleId === latest.rowId)?.citation ?? '',
      text:
        status === 'eligible_for_destruction'
          ? `Every applicable period ended by ${day(retainUntil)} and nothing blocks destruction.`
          : `The longest applicable period is ${latest.rowId}: kept until ${day(retainUntil)}.`,
    };
  }
  return { status, retainUntil, summary };
}

/**
 * Retention status of one recording as of `asOf`.
 * `cases` are the recording's linked cases with their status as derived by the caller;
 * `requests` are the Sunshine requests that name the recording.
 */
export function retentionStatus(
  schedule: RetentionSchedule,
  versions: { readonly rulesVersion: string; readonly engineVersion: string },
  recording: RecordingFacts,
  cases: LinkedCase[],
  holds: HoldFacts[],
  requests: RequestFacts[],
  orders: CourtOrderFacts[],
  asOf: DateTime,
  /** Recorded manual reviews releasing closed records (610.120.1); none by default. */
  reviews: RetentionReviewFacts[] = [],
): RetentionResult {
  const destroyedAt = recording.destroyedAt === null ? null : dt(recording.destroyedAt);
  const destroyed = destroyedAt !== null && destroyedAt <= asOf;
  const at = destroyed && destroyedAt ? destroyedAt : asOf.setZone(LEGAL_ZONE);

  const ev = evaluate(schedule, recording, cases, holds, requests, orders, reviews, at);
  const { status, retainUntil, summary } = conclude(ev, at);
  const reasons = [...ev.reasons, ...(summary ? [summary] : [])];

  if (destroyed && destroyedAt) {
    const early = status !== 'eligible_for_destruction';
    reasons.unshift({
      ruleId: DESTROYED_RULE_ID,
      citation: 'KCPD evidence system tombstone',
      text: early
        ? `The media was destroyed on ${day(destroyedAt)} although the schedule did not yet allow it (status then: ${status}); only its metadata is kept.`
        : `The media was destroyed on ${day(destroyedAt)}, when the schedule allowed it; only its metadata is kept.`,
    });
  }

  return {
    recordingId: recording.recordingId,
    asOf: out(asOf),
    status: destroyed ? 'destroyed' : status,
    retainUntil: retainUntil === null ? null : out(retainUntil),
    blockers: ev.blockers,
    reasons,
    rulesVersion: versions.rulesVersion,
    engineVersion: versions.engineVersion,
  };
}

/**
 * The start of the day from which a confirmed non-evidentiary recording's period runs: the later of the
 * confirmation's date and the day it was recorded here. A confirmation stored before that day was kept
 * (recordedOn null; counsel session 9, L1 residual) counts as recorded on `at`'s day: its period never
 * ends before it is known, so a backdated confirmation entered then cannot make it destroyable.
 */
function noInvestigationStart(ni: NoInvestigation, at: DateTime): DateTime {
  const confirmed = dt(ni.confirmedOn).startOf('day');
  const entered = ni.recordedOn === null ? at.setZone(LEGAL_ZONE).startOf('day') : dt(ni.recordedOn).startOf('day');
  return entered > confirmed ? entered : confirmed;
}
