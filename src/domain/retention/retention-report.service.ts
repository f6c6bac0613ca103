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
import { type Category, RETENTION_STATUSES, type RetentionStatus } from '../../engine/facts';
import type { Rules } from '../../rules';
import type { RecordingScans, ReportDoc } from '../catalog/ports';
import type { FactsGatherer, RecordingFactBundle } from '../derived/facts.gatherer';
import type { CsvColumn } from '../../csv';
import { comingMonths, legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { type RecordingRowBase, type ReportFormat, drain, formatReport, recordingColumns, rowBaseOf } from './report-format';
import { retentionAt } from './retention-at';
import { type RetentionSummary, RetentionSummaryBuilder } from './retention-summary';
import {
  MONTH_FIELD,
  REQUEST_OPEN_FIELD,
  type RetentionTallies,
  STATUS_FIELD,
  type Tally,
  type TallyCell,
  readAround,
  tallyOf,
} from './retention-tally';

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
    /** The maintained counts the summary at now is read from; absent: it is counted by a full pass. */
    private readonly tallies?: RetentionTallies,
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

  /**
   * The summary alone. At now, from the maintained counts corrected for the recordings not
   * settled in them (see fromTallies); as of another date, or when the counts cannot answer, by
   * the full pass (rows dropped as they are counted). Both give the same numbers.
   */
  async summary(q: RetentionReportQuery, now: Date, hooks: ReportHooks = {}): Promise<RetentionSummary> {
    if (q.asOf === undefined && this.tallies && !hooks.onBatch) {
      const counted = await this.fromTallies(this.tallies, q, now);
      if (counted) {
        hooks.onSummary?.(counted);
        return counted;
      }
    }
    return drain(this.batches(q, now, hooks));
  }

  /**
   * The summary at now from the maintained counts alone; null when they cannot answer (not built
   * yet, or too many recordings unsettled), where `summary` would fall back to the full pass.
   */
  countedAtNow(q: Omit<RetentionReportQuery, 'asOf'>, now: Date): Promise<RetentionSummary | null> {
    return this.tallies ? this.fromTallies(this.tallies, q, now) : Promise.resolve(null);
  }

  /**
   * The summary at now without reading the catalog: the counts hold every recording under the
   * tally it is counted under, which is its stored state once settled. The few not settled
   * (written since the tally job last ran, or whose stored state is out of date: reviewAt passed,
   * other rules, never decided) are taken out of the counts under the tally they are counted
   * under and put back as they are now: stored state, or recomputed at now like the full pass
   * does. Kept recordings whose retain-until has already passed (earlier today) are among them,
   * so the month chart leaves them out as the full pass does. Null when the counts are not built
   * yet or too many recordings are unsettled.
   */
  private async fromTallies(tallies: RetentionTallies, q: RetentionReportQuery, now: Date): Promise<RetentionSummary | null> {
    const rules = this.rules();
    if (!(await tallies.ready())) return null;
    const chartFrom = comingMonths(now, 1)[0]!.start;
    const read = await readAround(tallies, () => tallies.unsettled(now, rules.rulesVersion, UNSETTLED_LIMIT, chartFrom));
    if (!read) return null;
    const { cells, around: unsettled } = read;
    const counts = new Map<string, TallyCell>();
    const cellOf = (t: Tally): TallyCell => {
      const id = JSON.stringify([t.unit, t.category]);
      let c = counts.get(id);
      if (!c) counts.set(id, (c = { unit: t.unit, category: t.category, counts: {} }));
      return c;
    };
    for (const c of cells) counts.set(JSON.stringify([c.unit, c.category]), { ...c, counts: { ...c.counts } });
    const move = (t: Tally | null, n: number) => {
      if (!t) return;
      const cell = cellOf(t);
      for (const f of t.fields) cell.counts[f] = (cell.counts[f] ?? 0) + n;
    };
    const stale = unsettled.filter((d) => isStale(d, rules.rulesVersion, now));
    const computed = stale.length ? await this.computeAt(stale, now, rules) : new Map<string, RetentionReportRow>();
    let recomputed = 0;
    for (const d of unsettled) {
      const row = computed.get(d._id) ?? storedRow(d);
      move(d.tally, -1);
      if (!row) continue;
      const current = tallyOf({ unit: d.unit, category: d.category, retention: row, review: d.review });
      // The chart counts a kept recording in its month only while its retain-until is still ahead (as the full pass does).
      const ahead = !(row.status === 'retain' && row.retainUntil && row.retainUntil.getTime() <= now.getTime());
      move(current && !ahead ? { ...current, fields: current.fields.filter((f) => !f.startsWith(MONTH_FIELD)) } : current, +1);
      if (row.source === 'computed' && matches(q, row)) recomputed++;
    }
    const summary = new RetentionSummaryBuilder(now, rules.rulesVersion, this.filtersLabel(q));
    for (const cell of counts.values()) {
      if ((q.unit && cell.unit !== q.unit) || (q.category && cell.category !== q.category)) continue;
      const months: Record<string, number> = {};
      for (const [f, n] of Object.entries(cell.counts)) if (f.startsWith(MONTH_FIELD)) months[f.slice(MONTH_FIELD.length)] = n;
      for (const status of RETENTION_STATUSES) {
        if (q.status && status !== q.status) continue;
        summary.addCounts({
          unit: cell.unit,
          category: cell.category,
          status,
          n: cell.counts[`${STATUS_FIELD}${status}`] ?? 0,
          requestOpen: status === 'indefinite' ? (cell.counts[REQUEST_OPEN_FIELD] ?? 0) : 0,
          months: status === 'retain' ? months : {},
        });
      }
    }
    summary.addRecomputed(recomputed);
    return summary.result();
  }
}

/** Engine facts for projected docs: the gatherer reads only projected fields (ids, case numbers, fact fields). */
export function factsFor(gatherer: FactsGatherer, docs: readonly ReportDoc[]): Promise<Map<string, RecordingFactBundle>> {
  return gatherer.forDocs(docs);
}

/** More unsettled recordings than this and the full pass answers (corrections would cost as much). */
const UNSETTLED_LIMIT = 3000;

const matches = (q: RetentionReportQuery, row: RetentionReportRow): boolean =>
  (!q.status || row.status === q.status) && (!q.category || row.category === q.category) && (!q.unit || row.unit === q.unit);

function isStale(d: ReportDoc, rulesVersion: string, now: Date): boolean {
  if (!d.retention) return true;
  if (d.retention.rulesVersion !== rulesVersion) return true;
  return d.reviewAt != null && d.reviewAt.getTime() <= now.getTime();
}

function identity(d: ReportDoc) {
  return {
    ...rowBaseOf(d),
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
