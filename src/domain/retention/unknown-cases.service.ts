/**
 * Recordings linked to case numbers the catalog does not hold. The evidence feed may run ahead
 * of case entry, so such a link is accepted; until the case is entered the recording's release
 * needs legal review (the engine names `cases.<n>` as missing) and it is kept indefinitely.
 * This report is the work list that closes those gaps. It reads indexes only.
 *
 * Each derived-state write stores the linked case numbers the catalog did not hold
 * (ReleaseState.unknownCases, partial index unknown_cases), and entering a case re-decides its
 * recordings, so the report reads just those recordings, checking their case numbers once more
 * against the cases (a refresh the sweep has yet to finish). While any recording's stored state
 * was decided under other rules or engine code (after a deploy, before the sweep), the key may be
 * missing, so it reads the long way instead: every case number recordings link to (the
 * `{caseNumbers, _id}` index), an `_id` lookup of each batch of them in the cases collection,
 * then the recordings of the unknown ones through the same index.
 */
import type { CsvColumn } from '../../csv';
import type { CaseStore, LinkedDoc, RecordingScans } from '../catalog/ports';
import { legalIso } from '../../engine/legal-time';
import { type RecordingRowBase, type ReportFormat, formatReport, recordingColumns, rowBaseOf } from './report-format';

export interface UnknownCaseRow extends RecordingRowBase {
  /** The linked case numbers the catalog does not hold (a subset of caseNumbers). */
  unknownCaseNumbers: string[];
  releaseOutcome: string | null;
  retentionStatus: string | null;
}

export interface UnknownCasesSummary {
  asOf: string;
  total: number;
  unknownCases: number;
  byCase: Record<string, number>;
  byUnit: Record<string, number>;
}

const UNKNOWN_CASES_CSV: readonly CsvColumn<UnknownCaseRow>[] = [
  ...recordingColumns<UnknownCaseRow>(),
  { header: 'unknownCaseNumbers', cell: (r) => r.unknownCaseNumbers.join(';') },
  { header: 'releaseOutcome', cell: (r) => r.releaseOutcome },
  { header: 'retentionStatus', cell: (r) => r.retentionStatus },
];

const unknownCaseJson = (r: UnknownCaseRow) => ({ ...r, recordedAt: legalIso(r.recordedAt) });

const CASE_BATCH = 1000;
const SCAN_CASES = 200;

const sortedCounts = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));

type Versions = { rulesVersion: string; engineVersion: string };

export class UnknownCasesReportService {
  constructor(
    private readonly scans: Pick<RecordingScans, 'linkedCaseNumbers' | 'linkedTo' | 'withUnknownCases' | 'anyDecidedUnderOther'>,
    private readonly cases: Pick<CaseStore, 'known'>,
    private readonly versions: () => Versions,
  ) {}

  /**
   * Batches of [recording, its unknown case numbers]: from the stored key when every stored state
   * is current, else the long way (see the module comment).
   */
  private async *linked(): AsyncGenerator<Array<[LinkedDoc, string[]]>> {
    if (await this.scans.anyDecidedUnderOther(this.versions())) {
      const unknown = await this.unknownCaseNumbers();
      const unknownSet = new Set(unknown);
      for (let i = 0; i < unknown.length; i += SCAN_CASES)
        for await (const docs of this.scans.linkedTo(unknown.slice(i, i + SCAN_CASES)))
          yield docs.map((d) => [d, d.caseNumbers.filter((n) => unknownSet.has(n))]);
      return;
    }
    for await (const docs of this.scans.withUnknownCases()) {
      const named = [...new Set(docs.flatMap((d) => d.release?.unknownCases ?? []))];
      const known = named.length ? await this.cases.known(named) : new Set<string>();
      yield docs.map((d) => [d, d.caseNumbers.filter((n) => (d.release?.unknownCases ?? []).includes(n) && !known.has(n))]);
    }
  }

  /** Linked case numbers with no case document, sorted. */
  async unknownCaseNumbers(): Promise<string[]> {
    const linked = await this.scans.linkedCaseNumbers();
    const unknown: string[] = [];
    for (let i = 0; i < linked.length; i += CASE_BATCH) {
      const slice = linked.slice(i, i + CASE_BATCH);
      const known = await this.cases.known(slice);
      unknown.push(...slice.filter((n) => !known.has(n)));
    }
    return unknown;
  }

  async *batches(q: { unit?: string | undefined }, now: Date): AsyncGenerator<UnknownCaseRow[], UnknownCasesSummary> {
    // A recording linked to two unknown cases in different scan batches is listed once.
    const listed = new Set<string>();
    const byCase = new Map<string, number>();
    const byUnit = new Map<string, number>();
    for await (const pairs of this.linked()) {
      const rows: UnknownCaseRow[] = [];
      for (const [d, missing] of pairs) {
        if (missing.length === 0 || listed.has(d._id) || (q.unit !== undefined && d.unit !== q.unit)) continue;
        listed.add(d._id);
        for (const n of missing) byCase.set(n, (byCase.get(n) ?? 0) + 1);
        byUnit.set(d.unit, (byUnit.get(d.unit) ?? 0) + 1);
        rows.push({
          ...rowBaseOf(d),
          unknownCaseNumbers: missing,
          releaseOutcome: d.release?.outcome ?? null,
          retentionStatus: d.retention?.status ?? null,
        });
      }
      if (rows.length) yield rows;
    }
    return {
      asOf: legalIso(now),
      total: listed.size,
      unknownCases: byCase.size,
      byCase: sortedCounts(byCase),
      byUnit: sortedCounts(byUnit),
    };
  }

  render(format: ReportFormat, q: { unit?: string | undefined }, now: Date): AsyncGenerator<string> {
    const head = { asOf: legalIso(now), filters: q.unit ? { unit: q.unit } : {} };
    return formatReport(format, head, UNKNOWN_CASES_CSV, this.batches(q, now), unknownCaseJson);
  }
}
