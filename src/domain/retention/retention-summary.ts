/**
 * Counts of a retention report, accumulated row by row while the rows stream out (so the
 * summary never needs the rows in memory): by status × category, by unit, and how many
 * recordings reach the end of their retention in each of the coming 12 months.
 */
import { CATEGORIES, RETENTION_STATUSES, type RetentionStatus } from '../../engine/facts';
import { comingMonths, legalIso, legalMonth } from '../../engine/legal-time';

export interface SummaryRowInput {
  status: RetentionStatus;
  category: string;
  unit: string;
  retainUntil: Date | null;
  /** Rule ids of what blocks destruction now. */
  blockers: readonly string[];
}

/**
 * The retention rule of Sunshine requests: on a recording kept indefinitely it means an open
 * request (a request answered or withdrawn protects it until a date, which is not indefinite).
 */
export const REQUEST_RULE = 'RET-REQUEST-2Y';

export interface RetentionSummary {
  asOf: string;
  rulesVersion: string;
  filters: Record<string, string>;
  total: number;
  /** Rows whose status was computed for this report (asOf given, or stored state out of date). */
  recomputed: number;
  byStatus: Record<RetentionStatus, number>;
  byStatusCategory: Record<RetentionStatus, Record<string, number>>;
  byUnit: Record<string, { total: number; byStatus: Record<RetentionStatus, number> }>;
  /** Recordings kept today (status `retain`) whose retain-until falls in each coming month. */
  eligibleByMonth: { month: string; count: number }[];
  /**
   * Of those kept indefinitely, how many a Sunshine request protects: kept while it is open, then
   * for its period (usability test, problem 8: they were shown as "kept indefinitely" alone).
   */
  keptWhileRequestOpen: number;
}

const zeroStatuses = (): Record<RetentionStatus, number> =>
  Object.fromEntries(RETENTION_STATUSES.map((s) => [s, 0])) as Record<RetentionStatus, number>;

export class RetentionSummaryBuilder {
  private total = 0;
  private recomputed = 0;
  private readonly byStatus = zeroStatuses();
  private readonly byStatusCategory = new Map<RetentionStatus, Map<string, number>>();
  private readonly byUnit = new Map<string, { total: number; byStatus: Record<RetentionStatus, number> }>();
  private readonly months: { month: string; start: Date; end: Date }[];
  private readonly monthCounts = new Map<string, number>();
  private keptWhileRequestOpen = 0;
  private readonly horizonStart: number;
  private readonly horizonEnd: number;

  constructor(
    private readonly asOf: Date,
    private readonly rulesVersion: string,
    private readonly filters: Record<string, string>,
  ) {
    this.months = comingMonths(asOf, 12);
    this.horizonStart = asOf.getTime();
    this.horizonEnd = this.months[this.months.length - 1]?.end.getTime() ?? asOf.getTime();
    for (const s of RETENTION_STATUSES) this.byStatusCategory.set(s, new Map());
  }

  add(row: SummaryRowInput, recomputed: boolean): void {
    this.total++;
    if (recomputed) this.recomputed++;
    this.byStatus[row.status]++;
    const cats = this.byStatusCategory.get(row.status);
    if (cats) cats.set(row.category, (cats.get(row.category) ?? 0) + 1);
    let unit = this.byUnit.get(row.unit);
    if (!unit) {
      unit = { total: 0, byStatus: zeroStatuses() };
      this.byUnit.set(row.unit, unit);
    }
    unit.total++;
    unit.byStatus[row.status]++;
    if (row.status === 'indefinite' && row.blockers.includes(REQUEST_RULE)) this.keptWhileRequestOpen++;
    if (row.status === 'retain' && row.retainUntil) {
      const t = row.retainUntil.getTime();
      if (t > this.horizonStart && t < this.horizonEnd) {
        const m = legalMonth(row.retainUntil);
        this.monthCounts.set(m, (this.monthCounts.get(m) ?? 0) + 1);
      }
    }
  }

  result(): RetentionSummary {
    const knownOrder = (a: string, b: string): number => {
      const ia = (CATEGORIES as readonly string[]).indexOf(a);
      const ib = (CATEGORIES as readonly string[]).indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    };
    const byStatusCategory = Object.fromEntries(
      RETENTION_STATUSES.map((s) => [
        s,
        Object.fromEntries([...(this.byStatusCategory.get(s) ?? new Map<string, number>())].sort(([a], [b]) => knownOrder(a, b))),
      ]),
    ) as Record<RetentionStatus, Record<string, number>>;
    return {
      asOf: legalIso(this.asOf),
      rulesVersion: this.rulesVersion,
      filters: this.filters,
      total: this.total,
      recomputed: this.recomputed,
      byStatus: { ...this.byStatus },
      byStatusCategory,
      byUnit: Object.fromEntries([...this.byUnit].sort(([a], [b]) => a.localeCompare(b))),
      eligibleByMonth: this.months.map((m) => ({ month: m.month, count: this.monthCounts.get(m.month) ?? 0 })),
      keptWhileRequestOpen: this.keptWhileRequestOpen,
    };
  }
}
