/**
 * Contract for `npm run bench`: each `scripts/bench/*.bench.ts` exports `benchmarks`.
 * The harness (scripts/bench.ts) runs them in order, prints a table and writes
 * bench-results/<timestamp>.json. A benchmark that needs the database receives a
 * connected context; pure ones ignore it.
 */
export interface BenchContext {
  /** MongoDB URI of the FerretDB started for this bench run (fresh data folder). */
  mongoUri: string;
  /** Scale factor from `--scale` (1 = the sizes the issues name). */
  scale: number;
  /** Results already measured in this run, by benchmark name (for ratios against a baseline). */
  results: ReadonlyMap<string, BenchResult>;
}

export interface BenchResult {
  /** Throughput or size measured, e.g. 412000. */
  value: number;
  /** Unit of `value`, e.g. "decisions/s", "docs/s", "MiB". */
  unit: string;
  /** Optional name of the baseline benchmark this one is compared with, and the target ratio. */
  baseline?: string;
  target?: number;
  /** Extra figures to print (peak memory, sample size, ...). */
  extra?: Record<string, number | string>;
}

export interface Benchmark {
  name: string;
  /** Pure benchmarks run without a database. */
  needsDb: boolean;
  run(ctx: BenchContext): Promise<BenchResult>;
}
