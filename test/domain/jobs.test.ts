import { expect } from 'chai';
import pino from 'pino';
import { type Timers, startJobs } from '../../src/jobs';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';

/** The real timer functions, keeping count of the timers the jobs made and have not cleared. */
function countedTimers(): Timers & { live: Set<NodeJS.Timeout> } {
  const live = new Set<NodeJS.Timeout>();
  return {
    live,
    setInterval(run, ms) {
      const timer = setInterval(run, ms);
      live.add(timer);
      return timer;
    },
    clearInterval(timer) {
      clearInterval(timer);
      live.delete(timer);
    },
  };
}

describe('background jobs (sweep and audit anchors)', () => {
  let db: DbHandle;
  let t: TestApp;
  before(async () => {
    db = await freshDatabase('jobs');
    t = await makeTestApp(db);
  });
  after(async () => db.close());

  function capture() {
    const lines: { msg?: string; auditAnchor?: unknown }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { msg?: string }) });
    return { logger, lines, messages: () => lines.map((l) => l.msg) };
  }

  it('anchors the audit chain at start, sweeps on its interval, and leaves no timer behind when stopped', async () => {
    const log = capture();
    const timers = countedTimers();
    const jobs = startJobs({ ...t.deps, logger: log.logger }, { sweepMs: 20, anchorMs: 60_000, timers });
    // The sweep, the audit anchors and the retention counts' tally job.
    expect(timers.live.size).to.equal(3);
    for (let i = 0; i < 200 && !log.messages().includes('sweep done'); i++) await new Promise((r) => setTimeout(r, 25));
    await jobs.stop();
    expect(log.messages()).to.include('sweep done');
    // One anchor at start and one at stop, each naming the chain head.
    expect(log.lines.filter((l) => l.msg === 'audit chain head')).to.have.length(2);
    expect(log.lines.find((l) => l.msg === 'audit chain head')?.auditAnchor).to.have.keys('seq', 'hash');
    expect(timers.live.size).to.equal(0);
    // Stopped means stopped: nothing more runs.
    const seen = log.lines.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(log.lines).to.have.length(seen);
  });

  it('makes no sweep timer when the sweep is turned off, and stopping twice is stopping once', async () => {
    const log = capture();
    const timers = countedTimers();
    const jobs = startJobs({ ...t.deps, logger: log.logger }, { sweepMs: 0, timers });
    // The audit anchors and the tally job (the retention summary needs it even without the sweep).
    expect(timers.live.size).to.equal(2);
    await Promise.all([jobs.stop(), jobs.stop()]);
    expect(timers.live.size).to.equal(0);
    expect(log.messages()).to.not.include('sweep done');
    expect(log.lines.filter((l) => l.msg === 'audit chain head')).to.have.length(2);
  });
});
