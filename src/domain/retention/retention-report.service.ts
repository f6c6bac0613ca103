/**
 * The auditors' retention report: for any date, every recording's retention status and
 * retain-until, with a summary by status × category and by unit. One streamed cursor over
 * the recordings (never all rows in memory); rows leave as JSON or CSV while the summary is
 * counted on the way.
 *
 * - No asOf (now): the derived state stored on each recording is read; a row whose stored
 *   state is out of date (no state yet, decided under other rules, or its reviewAt has
 *   passed and the sweep has not run) is recomputed in its batch.
 * - asOf given: every row is recomputed at that moment by the pure engine from facts
 *   gathered per batch, so any past or future date can be answered.
 */
import type { Category, RetentionStatus } from '../../engine/facts';
import type { Rules } from '../../rules';
import type { RecordingScans, ReportDoc } from '../catalog/ports';
import type { FactsGatherer, RecordingFactBundle } from '../derived/facts.gatherer';
import type { CsvColumn } from '../../csv';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { type RecordingRowBase, type ReportFormat, drain, formatReport, recordingColumns } from './report-format';
import { retentionAt } from './retention-at';
import { type RetentionSummary, RetentionSummaryBuilder } from './retention-summary';

export interface RetentionReportQuery {
  /** Absent: now, from the stored state. */
  asOf?: Date;
  status?: RetentionStatus;
  category?: Category;
  unit?: string;
}

export interface RetentionReportRow extends RecordingRowBase {
  status: RetentionStatus;
  retainUntil: Date | null;
  /** Rule ids of what blocks destruction now. */
  blockers: string[];
  ruleIds: string[];
  rulesVersion: string;
  /** When this status was decided: the stored decision time, or the report's asOf when computed. */
  decidedAt: Date;
  source: 'stored' | 'computed';
  destroyedAt: Date | null;
}

export interface ReportHooks {
  /** Called after each batch with the number of recordings read (progress bars). */
  onBatch?: (scanned: number) => void;
  onSummary?: (summary: RetentionSummary) => void;
}

export type { ReportDoc } from '../catalog/ports';

type JsonKey =
  | 'recordingId'
  | 'unit'
  | 'officerId'
  | 'cameraSerial'
  | 'category'
  | 'recordedAt'
  | 'caseNumbers'
  | 'status'
  | 'retainUntil'
  | 'blockers'
  | 'ruleIds'
  | 'rulesVersion'
  | 'decidedAt'
  | 'source'
  | 'destroyedAt';

const RETENTION_CSV: readonly CsvColumn<RetentionReportRow>[] = [
  ...recordingColumns<RetentionReportRow>(),
  { header: 'status', cell: (r) => r.status },
  { header: 'retainUntil', cell: (r) => legalIsoOrNull(r.retainUntil) },
  { header: 'blockers', cell: (r) => r.blockers.join(';') },
  { header: 'ruleIds', cell: (r) => r.ruleIds.join(';') },
  { header: 'rulesVersion', cell: (r) => r.rulesVersion },
  { header: 'decidedAt', cell: (r) => legalIso(r.decidedAt) },
  { header: 'source', cell: (r) => r.source },
  { header: 'destroyedAt', cell: (r) => legalIsoOrNull(r.destroyedAt) },
];
export const RETENTION_CSV_HEADERS = RETENTION_CSV.map((c) => c.header);

function rowJson(r: RetentionReportRow): Record<JsonKey, unknown> {
  return {
    recordingId: r.recordingId,
    unit: r.unit,
    officerId: r.officerId,
    cameraSerial: r.cameraSerial,
    category: r.category,
    recordedAt: legalIso(r.recordedAt),
    caseNumbers: r.caseNumbers,
    status: r.status,
    retainUntil: legalIsoOrNull(r.retainUntil),
    blockers: r.blockers,
    ruleIds: r.ruleIds,
    rulesVersion: r.rulesVersion,
    decidedAt: legalIso(r.decidedAt),
    source: r.source,
    destroyedAt: legalIsoOrNull(r.destroyedAt),
  };
}

const uniq = (xs: readonly string[]): string[] => [...new Set(xs)];

export class RetentionReportService {
  constructor(
    private readonly scans: RecordingScans,
    private readonly gatherer: FactsGatherer,
    private readonly rules: () => Rules,
  ) {}

  private filterOf(q: RetentionReportQuery) {
    return { category: q.category, unit: q.unit };
  }

  filtersLabel(q: RetentionReportQuery): Record<string, string> {
    const f: Record<string, string> = {};
    if (q.status) f.status = q.status;
    if (q.category) f.category = q.category;
    if (q.unit) f.unit = q.unit;
    return f;
  }

  /** How many recordings the scan will read (for progress bars). */
  async countScanned(q: RetentionReportQuery): Promise<number> {
    return this.scans.countForReport(this.filterOf(q));
  }

  /** Batches of report rows (status filter applied), and the summary when the scan ends. */
  async *batches(q: RetentionReportQuery, now: Date, hooks: ReportHooks = {}): AsyncGenerator<RetentionReportRow[], RetentionSummary> {
    const rules = this.rules();
    const asOf = q.asOf ?? now;
    const recomputeAll = q.asOf !== undefined;
    const summary = new RetentionSummaryBuilder(asOf, rules.rulesVersion, this.filtersLabel(q));
    let scanned = 0;
    for await (const docs of this.scans.forReport(this.filterOf(q))) {
      scanned += docs.length;
      const stale = recomputeAll ? docs : docs.filter((d) => isStale(d, rules.rulesVersion, now));
      const computed = stale.length ? await this.computeAt(stale, asOf, rules) : new Map<string, RetentionReportRow>();
      const rows: RetentionReportRow[] = [];
      for (const d of docs) {
        const row = computed.get(d._id) ?? storedRow(d);
        if (!row) continue;
        if (q.status && row.status !== q.status) continue;
        summary.add(row, row.source === 'computed');
        rows.push(row);
      }
      hooks.onBatch?.(scanned);
      if (rows.length) yield rows;
    }
    const result = summary.result();
    hooks.onSummary?.(result);
    return result;
  }

  private async computeAt(docs: readonly ReportDoc[], asOf: Date, rules: Rules): Promise<Map<string, RetentionReportRow>> {
    const bundles = await factsFor(this.gatherer, docs);
    const out = new Map<string, RetentionReportRow>();
    for (const d of docs) {
      const b = bundles.get(d._id);
      if (!b) continue;
      const r = retentionAt(rules, b, asOf);
      out.set(d._id, {
        ...identity(d),
        status: r.status,
        retainUntil: r.retainUntil ? new Date(r.retainUntil) : null,
        blockers: uniq(r.blockers.map((x) => x.ruleId)),
        ruleIds: uniq(r.reasons.map((x) => x.ruleId)),
        rulesVersion: r.rulesVersion,
        decidedAt: asOf,
        source: 'computed',
      });
    }
    return out;
  }

  /** The report as text chunks (JSON with summary, or CSV rows). */
  render(format: ReportFormat, q: RetentionReportQuery, now: Date, hooks: ReportHooks = {}): AsyncGenerator<string> {
    const head = { asOf: legalIso(q.asOf ?? now), rulesVersion: this.rules().rulesVersion, filters: this.filtersLabel(q) };
    return formatReport(format, head, RETENTION_CSV, this.batches(q, now, hooks), rowJson);
  }

  /** The summary alone (same pass, rows dropped as they are counted). */
  async summary(q: RetentionReportQuery, now: Date, hooks: ReportHooks = {}): Promise<RetentionSummary> {
    return drain(this.batches(q, now, hooks));
  }
}

/** Engine facts for projected docs: the gatherer reads only projected fields (ids, case numbers, fact fields). */
export function factsFor(gatherer: FactsGatherer, docs: readonly ReportDoc[]): Promise<Map<string, RecordingFactBundle>> {
  return gatherer.forDocs(docs);
}

function isStale(d: ReportDoc, rulesVersion: string, now: Date): boolean {
  if (!d.retention) return true;
  if (d.retention.rulesVersion !== rulesVersion) return true;
  return d.reviewAt != null && d.reviewAt.getTime() <= now.getTime();
}

function identity(d: ReportDoc) {
  return {
    recordingId: d._id,
    unit: d.unit,
    officerId: d.officerId,
    cameraSerial: d.cameraSerial,
    category: d.category,
    recordedAt: d.recordedAt,
    caseNumbers: d.caseNumbers ?? [],
    destroyedAt: d.destruction?.performedAt ?? null,
  };
}

function storedRow(d: ReportDoc): RetentionReportRow | null {
  const r = d.retention;
  if (!r) return null;
  return {
    ...identity(d),
    status: r.status,
    retainUntil: r.retainUntil ?? null,
    blockers: r.blockers ?? [],
    ruleIds: r.ruleIds ?? [],
    rulesVersion: r.rulesVersion,
    decidedAt: r.decidedAt,
    source: 'stored',
  };
}
