/**
 * The auditors' conflicts report, in one streamed pass:
 * - `blocked_after_schedule`: the schedule alone would let the recording go (its periods have
 *   run as of asOf) but something blocks it: an active or undetermined case, a legal hold, a
 *   Sunshine request still protecting it, a court order. Listed with the blocking reasons.
 * - `eligible_while_open` / `eligible_no_longer`: the STORED status says
 *   eligible_for_destruction (what a destruction workflow trusts) but the facts as of now
 *   block it or no longer allow it. Always checked at now; it should be empty, and any row is
 *   an integrity alarm (a write that did not refresh the derived state).
 */
import type { Reason, RetentionStatus } from '../../engine/facts';
import type { RecordingScans } from '../catalog/ports';
import { type CursorKey, decodeCursor } from '../pagination';
import type { Rules } from '../../rules';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { CsvColumn } from '../../csv';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { type ReportFormat, formatReport } from './report-format';
import { type ReportDoc, factsFor } from './retention-report.service';
import { retentionAt, scheduleAloneAt } from './retention-at';

export const CONFLICT_KINDS = ['blocked_after_schedule', 'eligible_while_open', 'eligible_no_longer'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export interface ConflictRow {
  kind: ConflictKind;
  recordingId: string;
  unit: string;
  officerId: string;
  category: string;
  recordedAt: Date;
  caseNumbers: string[];
  /** Status from the facts (at asOf for blocked_after_schedule, at now for the integrity kinds). */
  status: RetentionStatus;
  storedStatus: RetentionStatus | null;
  /** When the schedule alone let the recording go. */
  scheduleRetainUntil: Date | null;
  retainUntil: Date | null;
  blockers: Reason[];
}

export interface ConflictsSummary {
  asOf: string;
  integrityCheckedAt: string;
  scanned: number;
  total: number;
  byKind: Record<ConflictKind, number>;
  /** Conflicting recordings per blocking rule id. */
  byBlocker: Record<string, number>;
}

export interface ConflictsQuery {
  asOf?: Date;
  unit?: string;
}

const CONFLICT_CSV: readonly CsvColumn<ConflictRow>[] = [
  { header: 'kind', cell: (r) => r.kind },
  { header: 'recordingId', cell: (r) => r.recordingId },
  { header: 'unit', cell: (r) => r.unit },
  { header: 'officerId', cell: (r) => r.officerId },
  { header: 'category', cell: (r) => r.category },
  { header: 'recordedAt', cell: (r) => legalIso(r.recordedAt) },
  { header: 'caseNumbers', cell: (r) => r.caseNumbers.join(';') },
  { header: 'status', cell: (r) => r.status },
  { header: 'storedStatus', cell: (r) => r.storedStatus },
  { header: 'scheduleRetainUntil', cell: (r) => legalIsoOrNull(r.scheduleRetainUntil) },
  { header: 'retainUntil', cell: (r) => legalIsoOrNull(r.retainUntil) },
  { header: 'blockerRuleIds', cell: (r) => [...new Set(r.blockers.map((b) => b.ruleId))].join(';') },
  { header: 'blockingReasons', cell: (r) => r.blockers.map((b) => b.text).join(' | ') },
];

export function conflictJson(r: ConflictRow) {
  return {
    kind: r.kind,
    recordingId: r.recordingId,
    unit: r.unit,
    officerId: r.officerId,
    category: r.category,
    recordedAt: legalIso(r.recordedAt),
    caseNumbers: r.caseNumbers,
    status: r.status,
    storedStatus: r.storedStatus,
    scheduleRetainUntil: legalIsoOrNull(r.scheduleRetainUntil),
    retainUntil: legalIsoOrNull(r.retainUntil),
    blockers: r.blockers,
  };
}

const toDate = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

/** A page of the conflicts list at now (blocked after the schedule ran), from the stored keys. */
export interface ConflictsPage {
  asOf: string;
  rulesVersion: string;
  /** Recordings whose stored key has passed: the candidates, each checked when its page is read. */
  total: number;
  /** False when there are more than `total` (counted up to TOTAL_CAP; the full report counts them all). */
  totalExact: boolean;
  items: ConflictRow[];
  nextCursor: string | null;
}

/**
 * The list's total is counted up to this many: counting reads every candidate's row (67,000 at 1M
 * recordings, 0.4 s or more), and a page needs only to say there are more (the full report counts all).
 */
export const TOTAL_CAP = 10_000;

/** The list's order: the stored key (when the schedule alone ran out), then `_id`. */
const CONFLICT_ORDER: CursorKey<ReportDoc, { at: Date; id: string }> = {
  write: (d) => `${d.retention?.conflictFrom?.toISOString() ?? ''}|${d._id}`,
  read(text) {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\|([A-Za-z0-9][A-Za-z0-9._:-]*)$/.exec(text);
    const at = m?.[1] ? new Date(m[1]) : null;
    return at && m?.[2] && !Number.isNaN(at.getTime()) ? { at, id: m[2] } : null;
  },
};

export class ConflictsService {
  constructor(
    private readonly scans: RecordingScans,
    private readonly gatherer: FactsGatherer,
    private readonly rules: () => Rules,
  ) {}

  async *batches(q: ConflictsQuery, now: Date): AsyncGenerator<ConflictRow[], ConflictsSummary> {
    const rules = this.rules();
    const asOf = q.asOf ?? now;
    const atNow = q.asOf === undefined;
    const summary: ConflictsSummary = {
      asOf: legalIso(asOf),
      integrityCheckedAt: legalIso(now),
      scanned: 0,
      total: 0,
      byKind: { blocked_after_schedule: 0, eligible_while_open: 0, eligible_no_longer: 0 },
      byBlocker: {},
    };
    for await (const docs of this.scans.live({ unit: q.unit })) {
      summary.scanned += docs.length;
      // At now, a recording with no stored blocker and a current stored state cannot be blocked.
      const candidates = atNow ? docs.filter((d) => mayConflict(d, rules.rulesVersion, now)) : docs;
      if (candidates.length === 0) continue;
      const bundles = await factsFor(this.gatherer, candidates);
      const rows: ConflictRow[] = [];
      for (const d of candidates) {
        const b = bundles.get(d._id);
        if (!b) continue;
        const base = {
          recordingId: d._id,
          unit: d.unit,
          officerId: d.officerId,
          category: d.category,
          recordedAt: d.recordedAt,
          caseNumbers: d.caseNumbers ?? [],
          storedStatus: d.retention?.status ?? null,
        };
        const fresh = retentionAt(rules, b, asOf);
        if (fresh.status !== 'eligible_for_destruction' && fresh.status !== 'destroyed' && fresh.blockers.length > 0) {
          const alone = scheduleAloneAt(rules, b, asOf);
          if (alone.status === 'eligible_for_destruction') {
            rows.push({
              ...base,
              kind: 'blocked_after_schedule',
              status: fresh.status,
              scheduleRetainUntil: toDate(alone.retainUntil),
              retainUntil: toDate(fresh.retainUntil),
              blockers: fresh.blockers,
            });
          }
        }
        if (d.retention?.status === 'eligible_for_destruction') {
          const current = atNow ? fresh : retentionAt(rules, b, now);
          if (current.status !== 'eligible_for_destruction') {
            const kind = current.blockers.length > 0 ? 'eligible_while_open' : 'eligible_no_longer';
            rows.push({
              ...base,
              kind,
              status: current.status,
              scheduleRetainUntil: null,
              retainUntil: toDate(current.retainUntil),
              blockers: current.blockers,
            });
          }
        }
      }
      for (const r of rows) {
        summary.total++;
        summary.byKind[r.kind]++;
        for (const id of new Set(r.blockers.map((x) => x.ruleId))) summary.byBlocker[id] = (summary.byBlocker[id] ?? 0) + 1;
      }
      if (rows.length) yield rows;
    }
    return summary;
  }

  /**
   * One page of the recordings blocked after their schedule ran, as of now, read through the
   * stored keys (a key is written with every derived state: engine/schedule-alone.ts) rather
   * than a pass over the catalog. Each candidate of the page is checked against its facts now,
   * exactly as the full report checks it, and left out if it is no longer blocked after its
   * schedule (its stored state is out of date: the sweep re-derives it), so a page can hold fewer
   * rows than the limit. A recording whose stored state is out of date the other way (blocked
   * since its last derivation, which no write refreshed yet) is listed once the sweep or the
   * write's refresh re-derives it. The integrity check (stored eligible, facts blocking) needs
   * every stored-eligible recording recomputed: it stays in the full report (render).
   */
  async page(q: { unit?: string | undefined; cursor?: string | undefined; limit: number }, now: Date): Promise<ConflictsPage> {
    const rules = this.rules();
    const after = decodeCursor(q.cursor, CONFLICT_ORDER);
    const [candidates, counted] = await Promise.all([
      this.scans.conflictCandidates({ now, unit: q.unit, after }, q.limit + 1),
      this.scans.countConflictCandidates({ now, unit: q.unit }, TOTAL_CAP + 1),
    ]);
    const shown = candidates.slice(0, q.limit);
    const bundles = shown.length ? await factsFor(this.gatherer, shown) : new Map<string, never>();
    const items: ConflictRow[] = [];
    for (const d of shown) {
      const b = bundles.get(d._id);
      if (!b) continue;
      const fresh = retentionAt(rules, b, now);
      if (fresh.status === 'eligible_for_destruction' || fresh.status === 'destroyed' || fresh.blockers.length === 0) continue;
      const alone = scheduleAloneAt(rules, b, now);
      if (alone.status !== 'eligible_for_destruction') continue;
      items.push({
        kind: 'blocked_after_schedule',
        recordingId: d._id,
        unit: d.unit,
        officerId: d.officerId,
        category: d.category,
        recordedAt: d.recordedAt,
        caseNumbers: d.caseNumbers ?? [],
        storedStatus: d.retention?.status ?? null,
        status: fresh.status,
        scheduleRetainUntil: toDate(alone.retainUntil),
        retainUntil: toDate(fresh.retainUntil),
        blockers: fresh.blockers,
      });
    }
    const last = shown[shown.length - 1];
    return {
      asOf: legalIso(now),
      rulesVersion: rules.rulesVersion,
      total: Math.min(counted, TOTAL_CAP),
      totalExact: counted <= TOTAL_CAP,
      items,
      nextCursor: candidates.length > q.limit && last ? Buffer.from(CONFLICT_ORDER.write(last), 'utf8').toString('base64url') : null,
    };
  }

  render(format: ReportFormat, q: ConflictsQuery, now: Date): AsyncGenerator<string> {
    const head = {
      asOf: legalIso(q.asOf ?? now),
      integrityCheckedAt: legalIso(now),
      rulesVersion: this.rules().rulesVersion,
      filters: q.unit ? { unit: q.unit } : {},
    };
    return formatReport(format, head, CONFLICT_CSV, this.batches(q, now), conflictJson);
  }
}

function mayConflict(d: ReportDoc, rulesVersion: string, now: Date): boolean {
  const r = d.retention;
  if (!r || r.rulesVersion !== rulesVersion) return true;
  if (d.reviewAt != null && d.reviewAt.getTime() <= now.getTime()) return true;
  return (r.blockers?.length ?? 0) > 0 || r.status === 'eligible_for_destruction';
}
