/**
 * What one recording adds to the retention summary's maintained counts (its "tally"), and the
 * port over those counts. The counts are kept per (unit, category) cell, one counter per field:
 * `s_<status>` for every recording, `rq` for one kept indefinitely while a Sunshine request is
 * open, `m_<YYYY-MM>` for one kept (`retain`) whose retain-until falls in that Chicago month,
 * `rv` for one waiting for legal review (the review queue's dashboard count).
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
export const REVIEW_FIELD = 'rv';
/**
 * The fields a tally holds, as a version: counts kept under an older one are recounted (every
 * recording is marked for counting again, see RetentionTallies.backfill). 2: `rv` added.
 */
export const TALLY_FORMAT = 2;

/** Whether a recording waits for legal review, as the tally reads it (ReviewState.inReview). */
export interface TallyReview {
  inReview: boolean;
}

/** What a recording with this stored state is counted under; null while it has no retention state. */
export function tallyOf(
  d: Pick<ReportDoc, 'unit' | 'category'> & {
    retention: Pick<TallyState, 'status' | 'retainUntil' | 'blockers'> | null;
    review?: TallyReview | null | undefined;
  },
): Tally | null {
  const r = d.retention;
  if (!r) return null;
  const fields = [`${STATUS_FIELD}${r.status}`];
  if (r.status === 'indefinite' && (r.blockers ?? []).includes(REQUEST_RULE)) fields.push(REQUEST_OPEN_FIELD);
  if (r.status === 'retain' && r.retainUntil) fields.push(`${MONTH_FIELD}${legalMonth(r.retainUntil)}`);
  if (d.review?.inReview === true) fields.push(REVIEW_FIELD);
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
export type UnsettledDoc = ReportDoc & { tally: Tally | null; review?: TallyReview | null };

/**
 * The maintained counts. Reads are exact once `unsettled` recordings are corrected for: each is
 * counted under its stored `tally`, and the summary swaps that for what it is now.
 */
export interface RetentionTallies {
  /** False until every recording stored before the counts existed (or counted under an older TALLY_FORMAT) has been marked for counting. */
  ready(): Promise<boolean>;
  /** Every cell, with the moves not applied yet (a writer mid-step, or one that died) applied in memory. */
  cells(): Promise<TallyCell[]>;
  /**
   * Recordings whose count may be off or whose stored state is out of date at `now`: not counted
   * under their stored state yet, reviewAt passed, decided under other rules, or never; and those
   * kept (`retain`) whose retain-until passed between `chartFrom` (the start of the first month the
   * summary's chart shows) and now, which the chart must leave out. Kept recordings whose
   * retain-until passed before `chartFrom` (kept past their schedule: an unreviewed recording, say)
   * fall in months the chart does not show, so they are settled. Null when there are more than
   * `limit` (then a full pass is cheaper than corrections).
   */
  unsettled(now: Date, rulesVersion: string, limit: number, chartFrom: Date): Promise<UnsettledDoc[] | null>;
  /** Recordings not counted under their stored state yet (written since the tally job last ran); null when more than `limit`. */
  dirty(limit: number): Promise<UnsettledDoc[] | null>;
  /** Marks recordings stored before the counts existed for counting (idempotent; the sweep and start-up run it). */
  backfill(): Promise<void>;
  /**
   * Moves the tallies of up to `limit` recordings whose state changed, and finishes moves left
   * half done; returns how many recordings it settled (fewer than `limit`: none left for now).
   */
  reconcile(limit: number): Promise<number>;
}

/**
 * The cells with what `around` reads, read on both sides of it until the cells agree: a move that
 * lands in between (the tally job in another process) would otherwise count its recording twice
 * or not at all. Null when `around` gives null (too many to correct for) or the cells keep moving.
 */
export async function readAround<T>(
  tallies: Pick<RetentionTallies, 'cells'>,
  around: () => Promise<T | null>,
): Promise<{ cells: TallyCell[]; around: T } | null> {
  let cells = await tallies.cells();
  for (let attempt = 0; attempt < 3; attempt++) {
    const got = await around();
    if (got === null) return null;
    const again = await tallies.cells();
    if (sameCells(cells, again)) return { cells, around: got };
    cells = again;
  }
  return null;
}

const cellsKey = (cells: readonly TallyCell[]): string =>
  JSON.stringify(cells.map((c) => [c.unit, c.category, Object.entries(c.counts).sort(([a], [b]) => (a < b ? -1 : 1))]).sort());
const sameCells = (a: readonly TallyCell[], b: readonly TallyCell[]): boolean => cellsKey(a) === cellsKey(b);

/**
 * How many recordings wait for legal review, from the counts (`rv`), each recording written since
 * the tally job last ran counted as it is stored now; null when the counts cannot answer (not
 * ready, or more than `limit` recordings to correct for).
 */
export async function recordingsInReview(
  tallies: Pick<RetentionTallies, 'ready' | 'cells' | 'dirty'>,
  limit: number,
): Promise<number | null> {
  if (!(await tallies.ready())) return null;
  const read = await readAround(tallies, () => tallies.dirty(limit));
  if (read === null) return null;
  let n = 0;
  for (const c of read.cells) n += c.counts[REVIEW_FIELD] ?? 0;
  for (const d of read.around) {
    if (d.tally?.fields.includes(REVIEW_FIELD) === true) n -= 1;
    if (d.review?.inReview === true) n += 1;
  }
  return n;
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
