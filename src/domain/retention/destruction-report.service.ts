/**
 * What was destroyed between two dates, under which rule, on whose authority, and whether
 * the schedule allowed it at the moment of deletion (recomputed by the engine from the facts
 * as known now, so a hold or request that existed then shows up as an early destruction).
 */
import type { RecordingScans } from '../catalog/ports';
import type { Rules } from '../../rules';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { CsvColumn } from '../../csv';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { type RecordingRowBase, type ReportFormat, formatReport, recordingColumns, rowBaseOf } from './report-format';
import { retentionAt } from './retention-at';

export interface DestructionRow extends RecordingRowBase {
  performedAt: Date;
  destructionRecordedAt: Date;
  by: string;
  authority: string;
  /** The governing (longest) period the destruction was allowed under. */
  governingRuleId: string | null;
  ruleIds: string[];
  retainUntil: Date | null;
  eligibleWhenPerformed: boolean;
  blockersWhenPerformed: string[];
}

export interface DestructionSummary {
  from: string | null;
  to: string | null;
  total: number;
  byUnit: Record<string, number>;
  byGoverningRule: Record<string, number>;
  /** Destructions the schedule did not allow when they were performed (should be 0). */
  early: number;
}

const DESTRUCTION_CSV: readonly CsvColumn<DestructionRow>[] = [
  ...recordingColumns<DestructionRow>(),
  { header: 'performedAt', cell: (r) => legalIso(r.performedAt) },
  { header: 'destructionRecordedAt', cell: (r) => legalIso(r.destructionRecordedAt) },
  { header: 'by', cell: (r) => r.by },
  { header: 'authority', cell: (r) => r.authority },
  { header: 'governingRuleId', cell: (r) => r.governingRuleId },
  { header: 'ruleIds', cell: (r) => r.ruleIds.join(';') },
  { header: 'retainUntil', cell: (r) => legalIsoOrNull(r.retainUntil) },
  { header: 'eligibleWhenPerformed', cell: (r) => r.eligibleWhenPerformed },
  { header: 'blockersWhenPerformed', cell: (r) => r.blockersWhenPerformed.join(';') },
];

const destructionJson = (r: DestructionRow) => ({
  ...r,
  recordedAt: legalIso(r.recordedAt),
  performedAt: legalIso(r.performedAt),
  destructionRecordedAt: legalIso(r.destructionRecordedAt),
  retainUntil: legalIsoOrNull(r.retainUntil),
});

export interface DestructionQuery {
  from?: Date;
  /** Exclusive. */
  to?: Date;
  unit?: string;
}

export class DestructionReportService {
  constructor(
    private readonly scans: RecordingScans,
    private readonly gatherer: FactsGatherer,
    private readonly rules: () => Rules,
  ) {}

  async *batches(q: DestructionQuery): AsyncGenerator<DestructionRow[], DestructionSummary> {
    const rules = this.rules();
    const summary: DestructionSummary = {
      from: q.from ? legalIso(q.from) : null,
      to: q.to ? legalIso(q.to) : null,
      total: 0,
      byUnit: {},
      byGoverningRule: {},
      early: 0,
    };
    for await (const docs of this.scans.destroyed(q)) {
      const destroyed = docs.filter((d) => d.destruction);
      const bundles = await this.gatherer.forDocs(destroyed);
      const rows: DestructionRow[] = [];
      for (const d of destroyed) {
        const x = d.destruction;
        const b = bundles.get(d._id);
        if (!x || !b) continue;
        const then = retentionAt(rules, { ...b, recording: { ...b.recording, destroyedAt: null } }, x.performedAt);
        const row: DestructionRow = {
          ...rowBaseOf(d),
          performedAt: x.performedAt,
          destructionRecordedAt: x.recordedAt,
          by: x.by,
          authority: x.authority,
          governingRuleId: x.ruleIds?.[0] ?? null,
          ruleIds: x.ruleIds ?? [],
          retainUntil: d.retention?.retainUntil ?? null,
          eligibleWhenPerformed: then.status === 'eligible_for_destruction',
          blockersWhenPerformed: [...new Set(then.blockers.map((r) => r.ruleId))],
        };
        summary.total++;
        summary.byUnit[row.unit] = (summary.byUnit[row.unit] ?? 0) + 1;
        const g = row.governingRuleId ?? 'unknown';
        summary.byGoverningRule[g] = (summary.byGoverningRule[g] ?? 0) + 1;
        if (!row.eligibleWhenPerformed) summary.early++;
        rows.push(row);
      }
      if (rows.length) yield rows;
    }
    return summary;
  }

  render(format: ReportFormat, q: DestructionQuery): AsyncGenerator<string> {
    const head = {
      from: q.from ? legalIso(q.from) : null,
      to: q.to ? legalIso(q.to) : null,
      rulesVersion: this.rules().rulesVersion,
      filters: q.unit ? { unit: q.unit } : {},
    };
    return formatReport(format, head, DESTRUCTION_CSV, this.batches(q), destructionJson);
  }
}
