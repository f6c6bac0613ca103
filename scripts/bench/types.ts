/**
 * Contract for `npm run bench`: each `scripts/bench/*.bench.ts` exports `benchmarks`.
 * The harness (scripts/bench.ts) runs them in order, prints a table and writes
 * bench-results/<timestamp>.json. A benchmark that needs the database receives the URI
 * of the bench run's database; the shared 1M-recording catalog comes from fixture.ts.
 */
export interface BenchContext {
  /** MongoDB URI of the database started for this bench run (fresh data folder). */
  mongoUri: string;
  /** Scale factor from `--scale` (1 = the sizes the issue names: 1,000,000 recordings). */
  scale: number;
  /**
   * `--catalog`: the catalog is already seeded at `mongoUri` (database bench_catalog, by `npm run seed`
   * with the fixture's --as-of), so it is read, not seeded; the benchmarks still write into it.
   */
  seeded?: boolean;
  /** Results already measured in this run, by benchmark name (for ratios against a baseline). */
  results: ReadonlyMap<string, BenchResult>;
}

/** An absolute limit on a measured figure, e.g. p99 <= 25 ms or peak RSS <= 300 MiB. */
export interface BenchLimit {
  label: string;
  value: number;
  max: number;
}

export interface BenchResult {
  /** Throughput or time measured, e.g. 412000. */
  value: number;
  /** Unit of `value`, e.g. "decisions/s", "docs/s", "ms". */
  unit: string;
  /** Name of the raw-driver benchmark this one is compared with, and the target ratio (value / baseline >= target). */
  baseline?: string;
  target?: number;
  /** Latency percentiles and concurrency, where the benchmark has them. */
  p50Ms?: number;
  p99Ms?: number;
  clients?: number;
  /** Absolute limits, all of which must hold for the row to be ok. */
  limits?: BenchLimit[];
  /** Extra figures to print (sample size, seconds, ...). */
  extra?: Record<string, number | string>;
}

export interface Benchmark {
  name: string;
  /** Pure benchmarks run without a database. */
  needsDb: boolean;
  /** The baseline benchmark it is compared with (run with it under --only). */
  baseline?: string;
  /** Runs only when named by --only (long, not part of the issue's table). */
  optional?: boolean;
  run(ctx: BenchContext): BenchResult | Promise<BenchResult>;
}
