/**
 * The running service's background jobs, started after the server listens and stopped before the
 * database closes:
 * - the sweep (every SWEEP_INTERVAL_SECONDS; 0 turns it off): recordings whose reviewAt passed
 *   (limitation periods running out, notice periods ending, retention dates) are re-decided without
 *   anyone having to ask, open requests dated later than the Sunshine clock in force get the earlier
 *   date, and sessions nobody came back to are ended. A sweep still running when the next is due is
 *   not doubled.
 * - the tally job (every 5 s): the retention summary's counts take in the recordings written
 *   since (reconcileAll; each write marks its recording), so the summary's in-memory corrections
 *   stay few. Also runs when the sweep is off: without it the summary falls back to full passes.
 * - audit anchors (at start, every 15 minutes and at stop): the chain head written to the log
 *   output, so a later rewrite of the whole chain is detectable.
 * stop() clears every timer it made and waits for the runs in progress, so nothing is left behind.
 */
import type { AppDeps } from './deps';
import { sweep } from './domain/services';
import { reconcileAll } from './domain/retention/retention-tally';

export interface Jobs {
  /** Clears the timers, waits for a sweep or anchor in progress, then writes a last anchor. */
  stop(): Promise<void>;
}

/** The timer functions the jobs use: the global ones, or a test's that counts what is left running. */
export interface Timers {
  setInterval(run: () => void, ms: number): NodeJS.Timeout;
  clearInterval(timer: NodeJS.Timeout): void;
}

export interface JobOptions {
  /** Default: config.SWEEP_INTERVAL_SECONDS; 0 turns the sweep off. */
  sweepMs?: number;
  /** Default: 15 minutes. */
  anchorMs?: number;
  /** Default: 5 seconds. */
  tallyMs?: number;
  timers?: Timers;
}

const ANCHOR_EVERY_MS = 15 * 60 * 1000;
const TALLY_EVERY_MS = 5000;

export function startJobs(deps: Pick<AppDeps, 'config' | 'logger' | 'services' | 'now'>, opts: JobOptions = {}): Jobs {
  const { logger, services } = deps;
  const sweepMs = opts.sweepMs ?? deps.config.SWEEP_INTERVAL_SECONDS * 1000;
  const anchorMs = opts.anchorMs ?? ANCHOR_EVERY_MS;
  const timers: Timers = opts.timers ?? { setInterval: (run, ms) => setInterval(run, ms), clearInterval: (t) => clearInterval(t) };

  let sweeping: Promise<void> | null = null;
  const runSweep = (): void => {
    if (sweeping) return;
    sweeping = sweep(services, deps.now())
      .then((n) => logger.info(n, 'sweep done'))
      .catch((err: unknown) => logger.error({ err }, 'sweep failed'))
      .finally(() => (sweeping = null));
  };

  let tallying: Promise<void> | null = null;
  const runTally = (): void => {
    if (tallying) return;
    tallying = reconcileAll(services.stores.tallies)
      .then((n) => {
        if (n > 0) logger.debug({ talliesSettled: n }, 'retention counts settled');
      })
      .catch((err: unknown) => logger.warn({ err }, 'retention counts not settled; the next run or the sweep retries'))
      .finally(() => (tallying = null));
  };

  const anchors = new Set<Promise<void>>();
  const anchor = (): Promise<void> => {
    const run = services.audit
      .currentHead()
      .then((head) => logger.info({ auditAnchor: head }, 'audit chain head'))
      .catch((err: unknown) => logger.warn({ err }, 'audit anchor failed'))
      .finally(() => anchors.delete(run));
    anchors.add(run);
    return run;
  };

  void anchor();
  // A catalog older than the review queue's entries gets them built now, not at the first sweep an interval later.
  const queueBuild =
    sweepMs > 0
      ? services.reviewQueue
          .buildIfMissing(deps.now())
          .then((built) => (built ? logger.info('review queue built over the catalog') : undefined))
          .catch((err: unknown) => logger.error({ err }, 'review queue build failed (the sweep tries again)'))
      : null;
  const sweepTimer = sweepMs > 0 ? timers.setInterval(runSweep, sweepMs) : null;
  const anchorTimer = timers.setInterval(() => void anchor(), anchorMs);
  const tallyTimer = timers.setInterval(runTally, opts.tallyMs ?? TALLY_EVERY_MS);

  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        if (sweepTimer) timers.clearInterval(sweepTimer);
        timers.clearInterval(anchorTimer);
        timers.clearInterval(tallyTimer);
        await Promise.all([sweeping, tallying, queueBuild, ...anchors]);
        await anchor();
      })();
      return stopped;
    },
  };
}
