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
  private readonly monthKeys: Set<string>;

  constructor(
    private readonly asOf: Date,
    private readonly rulesVersion: string,
    private readonly filters: Record<string, string>,
  ) {
    this.months = comingMonths(asOf, 12);
    this.horizonStart = asOf.getTime();
    this.horizonEnd = this.months[this.months.length - 1]?.end.getTime() ?? asOf.getTime();
    this.monthKeys = new Set(this.months.map((m) => m.month));
    for (const s of RETENTION_STATUSES) this.byStatusCategory.set(s, new Map());
  }

  add(row: SummaryRowInput, recomputed: boolean): void {
    if (recomputed) this.recomputed++;
    this.count(row.unit, row.category, row.status, 1);
    if (row.status === 'indefinite' && row.blockers.includes(REQUEST_RULE)) this.keptWhileRequestOpen++;
    if (row.status === 'retain' && row.retainUntil) {
      const t = row.retainUntil.getTime();
      if (t > this.horizonStart && t < this.horizonEnd) this.addToMonth(legalMonth(row.retainUntil), 1);
    }
  }

  /**
   * `n` recordings of one (unit, category) cell from the maintained counts (retention-tally.ts):
   * `status` for each, of which `requestOpen` kept while a request is open, and per month of
   * their retain-until those kept (`retain`); months outside the coming 12 are not shown.
   * Recordings kept with a retain-until already passed are never in the counts as such: their
   * reviewAt has passed too, so the summary recomputes them.
   */
  addCounts(c: {
    unit: string;
    category: string;
    status: RetentionStatus;
    n: number;
    requestOpen: number;
    months: Record<string, number>;
  }): void {
    if (c.n !== 0) this.count(c.unit, c.category, c.status, c.n);
    this.keptWhileRequestOpen += c.requestOpen;
    for (const [month, n] of Object.entries(c.months)) if (this.monthKeys.has(month)) this.addToMonth(month, n);
  }

  /** Recordings of the report computed for it (their stored state was out of date). */
  addRecomputed(n: number): void {
    this.recomputed += n;
  }

  private count(unitName: string, category: string, status: RetentionStatus, n: number): void {
    this.total += n;
    this.byStatus[status] += n;
    const cats = this.byStatusCategory.get(status);
    if (cats) cats.set(category, (cats.get(category) ?? 0) + n);
    let unit = this.byUnit.get(unitName);
    if (!unit) {
      unit = { total: 0, byStatus: zeroStatuses() };
      this.byUnit.set(unitName, unit);
    }
    unit.total += n;
    unit.byStatus[status] += n;
  }

  private addToMonth(month: string, n: number): void {
    this.monthCounts.set(month, (this.monthCounts.get(month) ?? 0) + n);
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
