/**
 * Repair of stored Sunshine due dates that run later than the statute. Requests logged before
 * 2026-12 were dated under the former department reading (a weekend, holiday or after-hours
 * receipt counted from the next business day; a Saturday holiday observed on the Friday), and
 * any request dated under other rules may differ from the clock in force. For every request not
 * yet answered or withdrawn whose date was not computed under the rules and engine in force,
 * the date is recomputed with the current code and the EARLIER of the two is kept: a later
 * recomputation (say a closure added since) never extends a deadline already given. A moved
 * date gets a history note. Idempotent: once moved, the recomputation equals the stored date.
 * Run by the periodic sweep (main.ts) and `npm run sweep`.
 */
import { DateTime } from 'luxon';
import type { Rules } from '../../rules';
import { storedDue, sunshineDueDate } from './due-date';
import { OPEN_STATUSES } from './lifecycle';
import type { RequestStore, StoredRequest } from './ports';

/** Who the history entry names (the sweep acts with the system's own authority). */
const DUE_REPAIR_ACTOR = { sub: 'system:due-date-repair', role: 'admin' } as const;
const NO_LIMIT = new Date(8.64e15);

function computedUnderRulesInForce(r: StoredRequest, rules: Rules): boolean {
  return r.due.rulesVersion === rules.rulesVersion && r.due.engineVersion === rules.engineVersion;
}

function formerReading(r: StoredRequest): string {
  return r.due.lateReceiptApplied === undefined
    ? 'before 2026-12 under the former department reading'
    : `under rules ${r.due.rulesVersion ?? 'unknown'}`;
}

/**
 * Moves each open request's due date earlier where the clock in force gives an earlier one; returns
 * how many moved. `around` wraps each move (the requests service journals it and refreshes the
 * request's recordings, whose review queue items carry the due date).
 */
export async function repairDueDates(
  store: Pick<RequestStore, 'openDueBy' | 'transition'>,
  rules: Rules,
  now: Date,
  around: <T>(recordingIds: readonly string[], write: () => Promise<T>) => Promise<T> = (_ids, write) => write(),
): Promise<number> {
  const rulesClose = rules.sunshine.responseWindow.closeOfBusiness;
  let moved = 0;
  for (const r of await store.openDueBy(NO_LIMIT)) {
    if (!OPEN_STATUSES.includes(r.status) || computedUnderRulesInForce(r, rules)) continue;
    // The close of business it was dated with, never later than the rules' own.
    const close = r.due.closeOfBusiness && r.due.closeOfBusiness < rulesClose ? r.due.closeOfBusiness : undefined;
    const due = sunshineDueDate(rules, DateTime.fromJSDate(r.receivedAt), close);
    if (due.dueBy.getTime() >= r.dueBy.getTime()) continue;
    const from = DateTime.fromJSDate(r.dueBy).setZone(due.zone).toISO();
    const to = DateTime.fromJSDate(due.dueBy).setZone(due.zone).toISO();
    const note =
      `Due date moved earlier, from ${from} to ${to}: it had been computed ${formerReading(r)}, later than RSMo 610.023.3 ` +
      `(end of the third business day following the date received) as the rules in force (${rules.rulesVersion}) count it.`;
    const ok = await around(r.recordingIds, () =>
      store.transition(
        r._id,
        { version: r.version ?? 0, statuses: [r.status] },
        {
          dueBy: due.dueBy,
          due: storedDue(due),
          updatedAt: now,
          updatedBy: DUE_REPAIR_ACTOR.sub,
        },
        { from: r.status, to: r.status, at: now, by: DUE_REPAIR_ACTOR.sub, role: DUE_REPAIR_ACTOR.role, note, decisionIds: [] },
      ),
    );
    // A request changed meanwhile (a transition raced this one) is taken by the next sweep.
    if (ok) moved += 1;
  }
  return moved;
}
