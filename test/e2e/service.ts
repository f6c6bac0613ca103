/**
 * The service for end-to-end tests: started as in production (src/main.ts) on a free port
 * with a fresh DATA_DIR and JWT secret, seeded through its own API, stopped with its
 * embedded FerretDB (the whole process group) at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Role } from '../../src/auth/roles';
import { mintToken } from '../../src/auth/tokens';
import { dbTempDir } from '../support/db';
import { freePort } from '../../src/persistence/embedded/processes';

const ROOT = path.resolve(__dirname, '../..');

export interface Service {
  base: string;
  /** A development-mode token; `ttlSeconds` (default 4 h) may be short, or negative for one already expired. */
  token(role: Role, sub: string, ttlSeconds?: number): string;
  api<T = unknown>(role: Role, method: string, p: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
  log(): string;
}

async function waitReady(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} before it was ready`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the service was not ready within ${timeoutMs / 1000} s`);
}

/** `port`: when the caller must know it first (an identity provider registers the callback URL); `env`: added settings. */
export async function startService(opts: { port?: number; env?: Record<string, string> } = {}): Promise<Service> {
  const dataDir = dbTempDir('frrm-e2e-');
  const secret = randomBytes(32).toString('hex');
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    detached: true, // its own process group, so FerretDB stops with it
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      JWT_SECRET: secret,
      SWEEP_INTERVAL_SECONDS: '0',
      LOG_LEVEL: 'warn',
      MONGODB_URI: '',
      ...opts.env,
    },
  });
  const keep = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const settings = {
    JWT_SECRET: secret,
    JWT_ALGORITHM: undefined,
    JWT_PUBLIC_KEY: undefined,
    JWT_ISSUER: undefined,
    JWT_AUDIENCE: undefined,
  };
  const token = (role: Role, sub: string, ttlSeconds = 4 * 3600) => mintToken({ role, sub }, ttlSeconds, settings);
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      const deadline = Date.now() + 15_000;
      while (child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(base, child, 180_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`, { cause: e });
  }
  const api = async <T>(role: Role, method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token(role, `e2e-${role}`)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${p} -> ${r.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return { base, token, api, stop, log: () => output };
}

const DAY = 86_400_000;
const isoDay = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().slice(0, 10);
const hex = (seed: string) => Buffer.from(seed.padEnd(32, '0').slice(0, 32)).toString('hex');

/** What the flows rely on; one case per viewport so each run sees a change of its own. */
export interface Seeded {
  releasable: string;
  cases: string[];
  recordingsPerCase: number;
  total: number;
  /** The number (SR-<year>-<5 digits>) of a request logged long ago, now overdue. */
  overdueRequest: string;
  /** How many E2E-BULK-NN traffic recordings there are (more than one page of search results). */
  bulk: number;
  /** A moment after the cases were seeded and before any flow changed them (point-in-time checks). */
  casesKnownAt: string;
  /**
   * Per viewport, the case of the point-in-time check (E2E-PIT-n): like the other cases, but the
   * seed itself records its probation and a release order after `casesKnownAt`, so that check
   * depends on no other flow (and on no order of the flows).
   */
  pitCases: string[];
  /** A recording kept today whose retention ends about 80 days from now (a month of the dashboard's chart). */
  retaining: string;
  /** The month (YYYY-MM, Central time) in which its retention ends. */
  retainingMonth: string;
  /**
   * Per viewport, a felony case whose two defendants had a mixed outcome (one acquitted, the
   * other's conviction final): its recordings wait for counsel (case-mixed-outcome). Its first
   * recording has had its content reviewed; its second has not, so it also waits for the clerk.
   */
  mixedCases: string[];
}

const BULK = 55;

/**
 * A camera, one open recording (releasable), and per viewport a misdemeanor case with a
 * suspended imposition of sentence whose probation is not yet recorded: its recordings need
 * legal review until the prosecutor records "probation completed". Plus an unclassified old
 * recording (classification backlog) and an overdue request for the queue.
 */
export async function seed(s: Service, viewports: number): Promise<Seeded> {
  await s.api('admin', 'PUT', '/api/v1/cameras/E2E-CAM-1', {
    assignment: 'patrol',
    model: 'Axon Body 4',
    unit: 'Central Patrol Division',
    officerId: 'O-7001',
  });
  // The evidence system's feed classifies the recordings, as in production: a non-evidentiary one's 180 days then
  // run from the recording (an administrator's classification needs a confirmation, and runs from the day it is
  // recorded, counsel session 8, L1).
  const recording = (id: string, daysAgo: number, extra: Record<string, unknown>) =>
    s.api('ingest', 'PUT', `/api/v1/recordings/${id}`, {
      cameraSerial: 'E2E-CAM-1',
      officerId: 'O-7001',
      recordedAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
      durationSeconds: 900,
      sha256: hex(id),
      title: `Call for service – ${id}`,
      location: { address: '1200 Main St', nonpublic: false, kind: 'public' },
      ...extra,
    });
  // Reviewed for redactions (nothing to redact): a public release of an unreviewed recording waits for review.
  await recording('E2E-OPEN-1', 40, {
    category: 'non_evidentiary',
    redactionReview: { reviewedBy: 'records-clerk', reviewedAt: new Date(Date.now() - 39 * DAY).toISOString() },
  });
  await recording('E2E-UNCLASSIFIED-1', 90, {});
  // Non-evidentiary, 100 days old: kept for 80 more days (RET-NONEVIDENTIARY-180D), so it counts in a month of the chart.
  await recording('E2E-RETAIN-1', 100, {
    category: 'non_evidentiary',
    officerId: 'O-7003',
    redactionReview: { reviewedBy: 'records-clerk', reviewedAt: new Date(Date.now() - 99 * DAY).toISOString() },
  });
  const retainingMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit' })
    .format(new Date(Date.now() + 80 * DAY))
    .slice(0, 7);
  // Unclassified for 10 days: it joins the classification backlog in 20 (the upcoming-changes screen lists it).
  // Another officer's, so the clerk flow's search by officer O-7001 over 60 days still finds one recording.
  await recording('E2E-UNCLASSIFIED-RECENT', 10, { category: 'unclassified', officerId: 'O-7003' });
  const cases: string[] = [];
  const pitCases: string[] = [];
  const perCase = 2;
  /** A misdemeanor case charged 690 days ago with a suspended imposition of sentence 600 days ago. */
  const sisCase = async (c: string) => {
    await s.api('prosecutor', 'PUT', `/api/v1/cases/${c}`, {
      offenseClass: 'misdemeanor',
      offenseDate: isoDay(700 * DAY),
      description: 'Assault in the fourth degree',
      defendants: [{ defendantId: `${c}-D1` }],
    });
    for (const [type, daysAgo] of [
      ['charged', 690],
      ['sis', 600],
    ] as const)
      await s.api('prosecutor', 'POST', `/api/v1/cases/${c}/events`, {
        type,
        date: isoDay(daysAgo * DAY),
        defendantId: `${c}-D1`,
        source: 'Case.net',
      });
  };
  for (let v = 0; v < viewports; v++) {
    const pit = `E2E-PIT-${v + 1}`;
    pitCases.push(pit);
    await sisCase(pit);
    await recording(`${pit}-R1`, 700, { category: 'arrest', caseNumbers: [pit] });
  }
  for (let v = 0; v < viewports; v++) {
    const c = `E2E-CASE-${v + 1}`;
    cases.push(c);
    await s.api('prosecutor', 'PUT', `/api/v1/cases/${c}`, {
      offenseClass: 'misdemeanor',
      offenseDate: isoDay(700 * DAY),
      description: 'Assault in the fourth degree',
      defendants: [{ defendantId: `${c}-D1` }],
    });
    await s.api('prosecutor', 'POST', `/api/v1/cases/${c}/events`, {
      type: 'charged',
      date: isoDay(690 * DAY),
      defendantId: `${c}-D1`,
      source: 'Case.net',
    });
    await s.api('prosecutor', 'POST', `/api/v1/cases/${c}/events`, {
      type: 'sis',
      date: isoDay(600 * DAY),
      defendantId: `${c}-D1`,
      source: 'Case.net',
    });
    for (let i = 1; i <= perCase; i++) await recording(`${c}-R${i}`, 700, { category: 'arrest', caseNumbers: [c] });
    // Destruction: two non-evidentiary recordings past their 180 days, and one kept as a closed record (closure order).
    // Reviewed (nothing found): an unreviewed recording is never destroyable (counsel review addendum 2).
    for (let i = 1; i <= 2; i++) {
      await recording(`E2E-ELIG-${v + 1}-${i}`, 400, {
        category: 'non_evidentiary',
        redactionReview: { reviewedBy: 'records-clerk', reviewedAt: new Date(Date.now() - 399 * DAY).toISOString() },
      });
    }
    await recording(`E2E-CLOSED-${v + 1}`, 400, {
      category: 'non_evidentiary',
      redactionReview: { reviewedBy: 'records-clerk', reviewedAt: new Date(Date.now() - 399 * DAY).toISOString() },
    });
    await s.api('prosecutor', 'POST', '/api/v1/court-orders', {
      orderNumber: `E2E-CLOSURE-${v + 1}`,
      court: 'Jackson County Circuit Court',
      issuedAt: new Date(Date.now() - 10 * DAY).toISOString(),
      kind: 'closure',
      recordingIds: [`E2E-CLOSED-${v + 1}`],
    });
  }
  // Everything about the cases is known by now (the next whole second); the flows change them later.
  const casesKnownAt = new Date(Math.ceil((Date.now() + 1) / 1000) * 1000).toISOString();
  // Later facts of the point-in-time cases: recorded after that moment, as the prosecutor would.
  await new Promise((r) => setTimeout(r, Date.parse(casesKnownAt) - Date.now() + 50));
  for (const pit of pitCases) {
    await s.api('prosecutor', 'POST', `/api/v1/cases/${pit}/events`, {
      type: 'probation_completed',
      date: isoDay(30 * DAY),
      defendantId: `${pit}-D1`,
      source: 'Case.net',
    });
    await s.api('prosecutor', 'POST', '/api/v1/court-orders', {
      orderNumber: `${pit}-ORDER`,
      court: 'Jackson County Circuit Court',
      issuedAt: new Date(Date.now() - DAY).toISOString(),
      kind: 'release',
      caseNumber: pit,
      releaseToEveryone: true,
      noticeDays: 10,
      conditions: 'Blur faces of bystanders',
    });
  }
  // More recordings than one page of the search screen (50): traffic stops, a day apart, reviewed.
  for (let k = 0; k < BULK; k += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, BULK - k) }, (_, j) => k + j).map((i) =>
        recording(`E2E-BULK-${String(i + 1).padStart(2, '0')}`, 20 + i, {
          category: 'traffic',
          officerId: 'O-7002',
          redactionReview: { reviewedBy: 'records-clerk', reviewedAt: new Date(Date.now() - (19 + i) * DAY).toISOString() },
        }),
      ),
    );
  }
  const mixedCases: string[] = [];
  for (let v = 0; v < viewports; v++) {
    const c = `E2E-MIXED-${v + 1}`;
    mixedCases.push(c);
    await s.api('prosecutor', 'PUT', `/api/v1/cases/${c}`, {
      offenseClass: 'felony',
      offenseDate: isoDay(500 * DAY),
      description: 'Burglary in the second degree',
      defendants: [{ defendantId: `${c}-D1` }, { defendantId: `${c}-D2` }],
    });
    for (const [type, daysAgo, d] of [
      ['charged', 490, 'D1'],
      ['charged', 490, 'D2'],
      ['acquitted', 200, 'D1'],
      ['convicted', 200, 'D2'],
      ['conviction_final', 150, 'D2'],
    ] as const)
      await s.api('prosecutor', 'POST', `/api/v1/cases/${c}/events`, {
        type,
        date: isoDay(daysAgo * DAY),
        defendantId: `${c}-${d}`,
        source: 'Case.net',
      });
    await recording(`${c}-R1`, 500, {
      category: 'arrest',
      caseNumbers: [c],
      redactionReview: { reviewedBy: 'records-clerk', reviewedAt: new Date(Date.now() - 480 * DAY).toISOString() },
    });
    await recording(`${c}-R2`, 500, { category: 'arrest', caseNumbers: [c] });
  }
  const overdue = await s.api<{ requestId: string; number: string }>('clerk', 'POST', '/api/v1/requests', {
    receivedAt: new Date(Date.now() - 14 * DAY).toISOString().replace('Z', '+00:00'),
    requester: { name: 'Overdue Olive', kind: 'public' },
    recordingIds: ['E2E-OPEN-1'],
  });
  return {
    releasable: 'E2E-OPEN-1',
    cases,
    recordingsPerCase: perCase,
    total: 4 + viewports * (perCase + 3 + 1 + 2) + BULK,
    overdueRequest: overdue.number,
    bulk: BULK,
    casesKnownAt,
    pitCases,
    retaining: 'E2E-RETAIN-1',
    retainingMonth,
    mixedCases,
  };
}

export { ROOT };
