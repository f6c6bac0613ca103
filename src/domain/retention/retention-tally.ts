/**
 * What one recording adds to the retention summary's maintained counts (its "tally"), and the
 * port over those counts. The counts are kept per (unit, category) cell, one counter per field:
 * `s_<status>` for every recording, `rq` for one kept indefinitely while a Sunshine request is
 * open, `m_<YYYY-MM>` for one kept (`retain`) whose retain-until falls in that Chicago month.
 * Each recording stores the tally it is counted under, so the counts equal the sum of the stored
 * tallies; persistence moves a recording's tally with an idempotent step when its derived state
 * changes, and the summary corrects in memory for the few recordings not settled yet (see
 * RetentionTallies).
 */
import type { RetentionStatus } from '../../engine/facts';
import { legalMonth } from '../../engine/legal-time';
import type { ReportDoc } from '../catalog/ports';
import { REQUEST_RULE } from './retention-summary';

/** The cell and counters one recording adds 1 to. */
export interface Tally {
  unit: string;
  category: string;
  fields: string[];
}

export const STATUS_FIELD = 's_';
export const REQUEST_OPEN_FIELD = 'rq';
export const MONTH_FIELD = 'm_';

/** What a recording with this stored state is counted under; null while it has no retention state. */
export function tallyOf(
  d: Pick<ReportDoc, 'unit' | 'category'> & { retention: Pick<TallyState, 'status' | 'retainUntil' | 'blockers'> | null },
): Tally | null {
  const r = d.retention;
  if (!r) return null;
  const fields = [`${STATUS_FIELD}${r.status}`];
  if (r.status === 'indefinite' && (r.blockers ?? []).includes(REQUEST_RULE)) fields.push(REQUEST_OPEN_FIELD);
  if (r.status === 'retain' && r.retainUntil) fields.push(`${MONTH_FIELD}${legalMonth(r.retainUntil)}`);
  return { unit: d.unit, category: d.category, fields };
}

interface TallyState {
  status: RetentionStatus;
  retainUntil: Date | null;
  blockers?: string[] | null;
}

export const sameTally = (a: Tally | null, b: Tally | null): boolean =>
  a === b || (a !== null && b !== null && a.unit === b.unit && a.category === b.category && a.fields.join() === b.fields.join());

/** The counts of one (unit, category) cell: field -> recordings. */
export interface TallyCell {
  unit: string;
  category: string;
  counts: Record<string, number>;
}

/** A recording the counts may not reflect yet, with the tally it is counted under (null: not counted). */
export type UnsettledDoc = ReportDoc & { tally: Tally | null };

/**
 * The maintained counts. Reads are exact once `unsettled` recordings are corrected for: each is
 * counted under its stored `tally`, and the summary swaps that for what it is now.
 */
export interface RetentionTallies {
  /** False until every recording stored before the counts existed has been marked for counting. */
  ready(): Promise<boolean>;
  /** Every cell, with the moves not applied yet (a writer mid-step, or one that died) applied in memory. */
  cells(): Promise<TallyCell[]>;
  /**
   * Recordings whose count may be off or whose stored state is out of date at `now`: not counted
   * under their stored state yet, reviewAt passed, decided under other rules, or never. Null when
   * there are more than `limit` (then a full pass is cheaper than corrections).
   */
  unsettled(now: Date, rulesVersion: string, limit: number): Promise<UnsettledDoc[] | null>;
  /** Marks recordings stored before the counts existed for counting (idempotent; the sweep and start-up run it). */
  backfill(): Promise<void>;
  /**
   * Moves the tallies of up to `limit` recordings whose state changed, and finishes moves left
   * half done; returns how many recordings it settled (fewer than `limit`: none left for now).
   */
  reconcile(limit: number): Promise<number>;
}

/** Reconciles until no recording is left to move (the sweep, the tally job, the seed); returns how many it settled. */
export async function reconcileAll(tallies: Pick<RetentionTallies, 'reconcile'>, batch = 1000): Promise<number> {
  let n = 0;
  // A full batch may mean more. Bounded: another process's writes can keep recordings dirty.
  for (let i = 0; i < 10_000; i++) {
    const settled = await tallies.reconcile(batch);
    n += settled;
    if (settled < batch) break;
  }
  return n;
}
