/**
 * Classification backlog: recordings still `unclassified` more than the schedule's flag
 * period (30 days, read from the RET-UNCLASSIFIED row in force) after they were recorded,
 * with counts by unit and by officer. Unclassified footage is never destroyed, so this is
 * the list that keeps it from piling up (public audits keep finding it deleted early).
 */
import { rowsInForce } from '../../engine/retention';
import { RETENTION_STATUSES, type RetentionStatus } from '../../engine/facts';
import type { RetentionSummary } from './retention-summary';
import type { BacklogDoc, RecordingScans } from '../catalog/ports';
import type { Rules } from '../../rules';
import type { CsvColumn } from '../../csv';
import { legalDateTime, legalDay, legalIso } from '../../engine/legal-time';
import { type ReportFormat, formatReport } from './report-format';
import { type CursorKey, decodeCursor } from '../pagination';

export interface BacklogRow {
  recordingId: string;
  unit: string;
  officerId: string;
  cameraSerial: string;
  recordedAt: Date;
  ageDays: number;
  status: RetentionStatus | null;
}

export interface BacklogSummary {
  asOf: string;
  olderThanDays: number;
  total: number;
  byUnit: Record<string, number>;
  byOfficer: Record<string, number>;
  oldestRecordedAt: string | null;
}

const BACKLOG_CSV: readonly CsvColumn<BacklogRow>[] = [
  { header: 'recordingId', cell: (r) => r.recordingId },
  { header: 'unit', cell: (r) => r.unit },
  { header: 'officerId', cell: (r) => r.officerId },
  { header: 'cameraSerial', cell: (r) => r.cameraSerial },
  { header: 'recordedAt', cell: (r) => legalIso(r.recordedAt) },
  { header: 'ageDays', cell: (r) => r.ageDays },
  { header: 'status', cell: (r) => r.status },
];

export const backlogJson = (r: BacklogRow) => ({ ...r, recordedAt: legalIso(r.recordedAt) });

/** A page of the backlog, oldest first, with how many it holds in all. */
export interface BacklogPage {
  asOf: string;
  olderThanDays: number;
  total: number;
  items: BacklogRow[];
  nextCursor: string | null;
}

/** The list's order: recordedAt, then `_id`. */
const BACKLOG_ORDER: CursorKey<BacklogDoc, { at: Date; id: string }> = {
  write: (d) => `${d.recordedAt.toISOString()}|${d._id}`,
  read(text) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([A-Za-z0-9][A-Za-z0-9._:-]*)$/.exec(text);
    const at = m?.[1] ? new Date(m[1]) : null;
    return at && m?.[2] && !Number.isNaN(at.getTime()) ? { at, id: m[2] } : null;
  },
};

const DAY = 86_400_000;

const sortedCounts = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));

const rowOf = (d: BacklogDoc, asOf: Date): BacklogRow => ({
  recordingId: d._id,
  unit: d.unit,
  officerId: d.officerId,
  cameraSerial: d.cameraSerial,
  recordedAt: d.recordedAt,
  ageDays: Math.floor((asOf.getTime() - d.recordedAt.getTime()) / DAY),
  status: d.retention?.status ?? null,
});

/** The retention summary at now from the maintained counts, or null when they cannot answer. */
export type CountedAtNow = (q: { category: 'unclassified'; unit?: string }, now: Date) => Promise<RetentionSummary | null>;

export class ClassificationBacklogService {
  constructor(
    private readonly scans: RecordingScans,
    private readonly rules: () => Rules,
    private readonly counted?: CountedAtNow,
  ) {}

  /** Days after recording at which an unclassified recording is flagged (schedule row in force). */
  flagAfterDays(asOf: Date): number {
    const day = legalDay(asOf);
    for (const row of rowsInForce(this.rules().retention, day)) {
      if (row.condition.kind === 'unclassified') return row.condition.flagAfterDays;
    }
    return 30;
  }

  /**
   * One page of the backlog, oldest first, read through the partial unclassified index, with
   * the count of the whole backlog (the same index); the counts by unit and officer need every
   * row, so they stay in the full report (render).
   */
  async page(
    q: { asOf?: Date | undefined; unit?: string | undefined; cursor?: string | undefined; limit: number },
    now: Date,
  ): Promise<BacklogPage> {
    const asOf = q.asOf ?? now;
    const days = this.flagAfterDays(asOf);
    const cutoff = legalDateTime(asOf).minus({ days }).toJSDate();
    const after = decodeCursor(q.cursor, BACKLOG_ORDER);
    const [docs, total] = await Promise.all([
      this.scans.backlogPage({ cutoff, unit: q.unit, after }, q.limit + 1),
      this.total(q.asOf === undefined ? now : null, cutoff, q.unit),
    ]);
    const shown = docs.slice(0, q.limit);
    const last = shown[shown.length - 1];
    return {
      asOf: legalIso(asOf),
      olderThanDays: days,
      total,
      items: shown.map((d) => rowOf(d, asOf)),
      nextCursor: docs.length > q.limit && last ? Buffer.from(BACKLOG_ORDER.write(last), 'utf8').toString('base64url') : null,
    };
  }

  /**
   * How many the backlog holds. At now, from the maintained counts: every unclassified recording
   * not destroyed, less those recorded since the cutoff (one flag period's intake, counted through
   * the index), so the cost does not grow with the catalog (counting the backlog itself read 3 s
   * of rows at 1M recordings). Otherwise, or when the counts cannot answer, counted through the index.
   */
  private async total(now: Date | null, cutoff: Date, unit: string | undefined): Promise<number> {
    const [summary, recent] =
      now && this.counted
        ? await Promise.all([
            this.counted(unit === undefined ? { category: 'unclassified' } : { category: 'unclassified', unit }, now),
            this.scans.countUnclassifiedSince({ cutoff, unit }),
          ])
        : [null, 0];
    if (!summary) return this.scans.countBacklog({ cutoff, unit });
    const kept = RETENTION_STATUSES.reduce((n, s) => (s === 'destroyed' ? n : n + summary.byStatus[s]), 0);
    return Math.max(0, kept - recent);
  }

  async *batches(q: { asOf?: Date; unit?: string }, now: Date): AsyncGenerator<BacklogRow[], BacklogSummary> {
    const asOf = q.asOf ?? now;
    const days = this.flagAfterDays(asOf);
    const cutoff = legalDateTime(asOf).minus({ days }).toJSDate();
    const byUnit = new Map<string, number>();
    const byOfficer = new Map<string, number>();
    let total = 0;
    let oldest: Date | null = null;
    for await (const docs of this.scans.unclassifiedBefore(cutoff, q.unit)) {
      const rows = docs.map((d: BacklogDoc): BacklogRow => {
        total++;
        byUnit.set(d.unit, (byUnit.get(d.unit) ?? 0) + 1);
        byOfficer.set(d.officerId, (byOfficer.get(d.officerId) ?? 0) + 1);
        if (!oldest || d.recordedAt < oldest) oldest = d.recordedAt;
        return rowOf(d, asOf);
      });
      if (rows.length) yield rows;
    }
    const oldestAt: Date | null = oldest;
    return {
      asOf: legalIso(asOf),
      olderThanDays: days,
      total,
      byUnit: sortedCounts(byUnit),
      byOfficer: sortedCounts(byOfficer),
      oldestRecordedAt: oldestAt ? legalIso(oldestAt) : null,
    };
  }

  render(format: ReportFormat, q: { asOf?: Date; unit?: string }, now: Date): AsyncGenerator<string> {
    const asOf = q.asOf ?? now;
    const head = { asOf: legalIso(asOf), olderThanDays: this.flagAfterDays(asOf), filters: q.unit ? { unit: q.unit } : {} };
    return formatReport(format, head, BACKLOG_CSV, this.batches(q, now), backlogJson);
  }
}
