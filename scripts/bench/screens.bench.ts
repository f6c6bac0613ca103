/**
 * Issue 14: every API call behind a screen of web/app answers within 300 ms on the shared
 * catalog (fixture.ts). Over real HTTP to a separate service process (admin token, which may
 * call them all), each call a screen makes on load (web/app/*.js) is sent back to back by one
 * client, up to 50 times or 6 s per call (at least 5 times), after one warm-up; a call whose
 * warm-up takes over 3 s is timed by that one send. One save is
 * timed too: a comment on a review item (it changes nothing another benchmark reads). The
 * request page needs a request, which the catalog has none of: one is created first, naming
 * 50 sample recordings. One row: the worst call's p50/p99 against p99 <= 300 ms, each call's
 * p50/p99 (times sent) as extras. Optional (--only screens): at scale 1 it takes well over 2 min.
 */
import { mintToken } from '../../src/auth/tokens';
import { sweep } from '../../src/domain/services';
import { reconcileAll } from '../../src/domain/retention/retention-tally';
import { BenchClient } from './client';
import { CATALOG_DB, sharedCatalog } from './fixture';
import { percentile } from './load';
import { startService } from './server';
import type { Benchmark } from './types';

const LIMIT_MS = 300;
const MAX_TIMES = 50;
const MIN_TIMES = 5;
const BUDGET_MS = 6_000;
const SLOW_MS = 10 * LIMIT_MS;

interface Call {
  /** The screen and what it loads, e.g. "search.default". */
  name: string;
  method: 'GET' | 'POST';
  /** The path for the i-th send (release checks walk the sample of recording ids). */
  path(i: number): string;
  body?: unknown;
}

interface Timing {
  name: string;
  times: number;
  p50Ms: number;
  p99Ms: number;
}

const enc = encodeURIComponent;
const qs = (params: Record<string, string | number | undefined>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  return u.size ? `?${u.toString()}` : '';
};

function json(text: string, what: string): Record<string, unknown> {
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what}: not a JSON object`);
  return v as Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const benchmarks: Benchmark[] = [
  {
    name: 'screens.calls',
    needsDb: true,
    // Over 2 min at scale 1: the retention summary and conflicts already take 1-3 s each at 10k recordings.
    optional: true,
    async run(ctx) {
      const { deps, size, sampleIds } = await sharedCatalog(ctx);
      // The catalog was derived as of the fixture's date; the service runs at today's. The service's
      // own timer sweeps every hour (SWEEP_INTERVAL_SECONDS), so a running catalog is never days
      // behind: one sweep at now first, as that timer does, so the screens read the steady state.
      const s0 = performance.now();
      const swept = await sweep(deps.services, new Date());
      process.stderr.write(
        `    sweep at now first: ${swept.redecided.toLocaleString('en-US')} re-decided in ${((performance.now() - s0) / 1000).toFixed(1)} s\n`,
      );
      // The service's tally job (every 5 s) then takes those into the dashboard's counts; until it has,
      // a summary with more than 3,000 recordings to correct is counted by a full pass (8 s at 1M).
      const r0 = performance.now();
      const settled = await reconcileAll(deps.services.stores.tallies);
      process.stderr.write(
        `    then the tally job: ${settled.toLocaleString('en-US')} settled in ${((performance.now() - r0) / 1000).toFixed(1)} s\n`,
      );
      const service = await startService(ctx.mongoUri, CATALOG_DB);
      const http = new BenchClient(service.port, mintToken({ sub: 'bench', role: 'admin' }, 3600, deps.config));
      const pick = (i: number) => sampleIds[(i * 7919) % sampleIds.length] ?? '';
      const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
        const res = await http.send(
          method,
          path,
          body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)), type: 'application/json' },
        );
        if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
        return res;
      };
      try {
        // What the screens' filters are filled with: a recording's category and unit, a case, a request.
        const rec = json((await send('GET', `/api/v1/recordings/${enc(pick(1))}`)).text, 'recording');
        const category = str(rec.category);
        const unit = str(rec.unit);
        const aCase = await deps.models.Case.findOne({}, { _id: 1 }).lean();
        if (!aCase) throw new Error('the catalog has no case');
        const created = json(
          (
            await send('POST', '/api/v1/requests', {
              receivedAt: new Date(Date.now() - 60_000).toISOString(),
              requester: { name: 'Bench Requester', kind: 'public' },
              recordingIds: Array.from({ length: 50 }, (_, i) => pick(i + 10)).filter((id, i, all) => id && all.indexOf(id) === i),
            })
          ).text,
          'request',
        );
        const requestId = str(created.requestId);
        if (!requestId) throw new Error('the created request has no requestId');
        const queue = json((await send('GET', '/api/v1/review-queue?limit=50')).text, 'review queue');
        const item = Array.isArray(queue.items) ? (queue.items[0] as Record<string, unknown> | undefined) : undefined;
        const lastMonth = new Date(Date.now() - 30 * 86_400_000).toISOString();

        const calls: Call[] = [
          { name: 'app.vocabulary', method: 'GET', path: () => '/api/v1/vocabulary' },
          { name: 'units', method: 'GET', path: () => '/api/v1/units' },
          { name: 'search.default', method: 'GET', path: () => `/api/v1/recordings${qs({ sort: '-recordedAt', limit: 50 })}` },
          {
            name: 'search.filtered',
            method: 'GET',
            path: () => `/api/v1/recordings${qs({ category, unit, recordedFrom: lastMonth, sort: '-recordedAt', limit: 50 })}`,
          },
          { name: 'search.oldestFirst', method: 'GET', path: () => `/api/v1/recordings${qs({ unit, sort: 'recordedAt', limit: 50 })}` },
          // The auditor's dashboard (web/app/retention.js): the summary, the first pages of the blocked and
          // unclassified lists, and the unknown cases. The whole-catalog reports (conflicts, backlog, CSV)
          // are downloads, measured by the retention benchmark's throughput.
          { name: 'retention.summary', method: 'GET', path: () => '/api/v1/reports/retention/summary?format=json' },
          { name: 'retention.blocked', method: 'GET', path: () => '/api/v1/reports/retention/blocked?limit=50' },
          { name: 'retention.unclassified', method: 'GET', path: () => '/api/v1/reports/retention/unclassified?limit=50' },
          { name: 'retention.unknownCases', method: 'GET', path: () => '/api/v1/reports/unknown-cases' },
          // Destruction (web/app/destruction.js): the eligible recordings and the destruction log, paged.
          {
            name: 'destruction.eligible',
            method: 'GET',
            path: () => `/api/v1/recordings${qs({ retentionStatus: 'eligible_for_destruction', limit: 50 })}`,
          },
          { name: 'destruction.log', method: 'GET', path: () => `/api/v1/recordings${qs({ retentionStatus: 'destroyed', limit: 50 })}` },
          { name: 'holds.list', method: 'GET', path: () => '/api/v1/holds?active=true&limit=50' },
          { name: 'determinations.list', method: 'GET', path: (i) => `/api/v1/determinations${qs({ recordingId: pick(i) })}` },
          { name: 'review.queue', method: 'GET', path: () => '/api/v1/review-queue?limit=50' },
          { name: 'review.summary', method: 'GET', path: () => '/api/v1/review-queue/summary' },
          { name: 'requests.queue', method: 'GET', path: () => '/api/v1/requests?limit=500' },
          { name: 'request.page', method: 'GET', path: () => `/api/v1/requests/${enc(requestId)}` },
          { name: 'request.recordings', method: 'GET', path: () => `/api/v1/requests/${enc(requestId)}/recordings?limit=50` },
          { name: 'upcoming.changes', method: 'GET', path: () => '/api/v1/reports/upcoming-changes?limit=50' },
          { name: 'case.page', method: 'GET', path: () => `/api/v1/cases/${enc(aCase._id)}` },
          { name: 'releaseCheck.recording', method: 'GET', path: (i) => `/api/v1/recordings/${enc(pick(i))}` },
          {
            name: 'releaseCheck.eligibility',
            method: 'GET',
            path: (i) => `/api/v1/recordings/${enc(pick(i))}/eligibility?requester=public`,
          },
          { name: 'audit.list', method: 'GET', path: () => '/api/v1/audit?limit=50' },
          ...(item && str(item.kind) && str(item.ref)
            ? [
                {
                  name: 'save.reviewComment',
                  method: 'POST' as const,
                  path: () => `/api/v1/review-items/${enc(str(item.kind) ?? '')}/${enc(str(item.ref) ?? '')}/comments`,
                  body: { text: 'Bench: timing the comment save.' },
                },
              ]
            : []),
        ];

        const timings: Timing[] = [];
        for (const call of calls) {
          const w = performance.now();
          await send(call.method, call.path(100_000), call.body);
          const warmMs = performance.now() - w;
          // A call ten times over the limit has failed already: its warm-up is its one figure.
          const slow = warmMs > SLOW_MS;
          const latencies: number[] = slow ? [warmMs] : [];
          const t0 = performance.now();
          while (!slow && latencies.length < MAX_TIMES && (latencies.length < MIN_TIMES || performance.now() - t0 < BUDGET_MS)) {
            const s = performance.now();
            await send(call.method, call.path(latencies.length), call.body);
            latencies.push(performance.now() - s);
          }
          latencies.sort((a, b) => a - b);
          const t: Timing = {
            name: call.name,
            times: latencies.length,
            p50Ms: percentile(latencies, 50),
            p99Ms: percentile(latencies, 99),
          };
          timings.push(t);
          process.stderr.write(`    ${t.name}: p50 ${t.p50Ms.toFixed(1)} ms, p99 ${t.p99Ms.toFixed(1)} ms (${t.times} times)\n`);
        }
        const worst = timings.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
        return {
          value: worst.p99Ms,
          unit: `ms (worst p99: ${worst.name})`,
          p50Ms: worst.p50Ms,
          p99Ms: worst.p99Ms,
          clients: 1,
          limits: [{ label: 'worst p99 ms', value: worst.p99Ms, max: LIMIT_MS }],
          extra: {
            catalog: size,
            over300ms: timings.filter((t) => t.p99Ms > LIMIT_MS).length,
            // Each call as p50/p99 ms (times sent).
            ...Object.fromEntries(timings.map((t) => [t.name, `${t.p50Ms.toFixed(0)}/${t.p99Ms.toFixed(0)}(${t.times})`])),
          },
        };
      } finally {
        http.close();
        await service.stop();
      }
    },
  },
];
