/**
 * Classification backlog: recordings still `unclassified` more than the schedule's flag
 * period (30 days, read from the RET-UNCLASSIFIED row in force) after they were recorded,
 * with counts by unit and by officer. Unclassified footage is never destroyed, so this is
 * the list that keeps it from piling up (public audits keep finding it deleted early).
 */
import { rowsInForce } from '../../engine/retention';
import type { BacklogDoc, RecordingScans } from '../catalog/ports';
import type { Rules } from '../../rules';
import type { CsvColumn } from '../../csv';
import { legalDateTime, legalDay, legalIso } from '../../engine/legal-time';
import { type ReportFormat, formatReport } from './report-format';

export interface BacklogRow {
  recordingId: string;
  unit: string;
  officerId: string;
  cameraSerial: string;
  recordedAt: Date;
  ageDays: number;
  status: string | null;
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

const backlogJson = (r: BacklogRow) => ({ ...r, recordedAt: legalIso(r.recordedAt) });

const DAY = 86_400_000;

const sortedCounts = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));

export class ClassificationBacklogService {
  constructor(
    private readonly scans: RecordingScans,
    private readonly rules: () => Rules,
  ) {}

  /** Days after recording at which an unclassified recording is flagged (schedule row in force). */
  flagAfterDays(asOf: Date): number {
    const day = legalDay(asOf);
    for (const row of rowsInForce(this.rules().retention, day)) {
      if (row.condition.kind === 'unclassified') return row.condition.flagAfterDays;
    }
    return 30;
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
        return {
          recordingId: d._id,
          unit: d.unit,
          officerId: d.officerId,
          cameraSerial: d.cameraSerial,
          recordedAt: d.recordedAt,
          ageDays: Math.floor((asOf.getTime() - d.recordedAt.getTime()) / DAY),
          status: d.retention?.status ?? null,
        };
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
