/**
 * Two service processes on one embedded database, each taking a share of concurrent case events,
 * metadata updates, holds placed and released, Sunshine requests and destruction attempts.
 * FerretDB v2 has no multi-document transactions, so the service relies on atomic single-document
 * updates, optimistic versions and idempotent refreshes. Afterwards:
 * - no acknowledged write is lost (events, metadata, holds, releases, requests);
 * - no recording was destroyed while a hold or an open request blocked it, judged in real time:
 *   a blocker acknowledged before the destruction was sent, and not released before its answer;
 * - every recording's stored derived state equals a fresh recomputation.
 * The processes share the run's test database server, with a database of their own.
 */
import { expect } from 'chai';
import { freePort } from '../../src/persistence/embedded/processes';
import { bearer } from '../support/app';
import { testDb } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { type ServiceProcess, startServiceProcess, stopServiceProcess } from '../support/service-process';

const CASES = ['K-1', 'K-2', 'K-3'];
const LINKED = 12; // M-0..: linked to a case, written by the metadata worker and refreshed by case events
const SPARE = 30; // X-0..: old non-evidentiary recordings, eligible for destruction unless held or requested
const ROUNDS = 24;
const json = (role: 'admin' | 'ingest' | 'prosecutor' | 'clerk' | 'auditor') => ({
  ...bearer(role, `two-proc-${role}`),
  'Content-Type': 'application/json',
});

interface Timed {
  sentAt: number;
  ackAt: number;
}
interface HoldLog extends Timed {
  id: string;
  recordingIds: string[];
  release?: Timed & { ok: boolean };
}
interface Destroyed extends Timed {
  recordingId: string;
}

describe('fault: two service processes on one embedded database', () => {
  const services: ServiceProcess[] = [];
  const pick = (i: number) => services[i % services.length] as ServiceProcess;
  async function call(i: number, method: string, path: string, role: Parameters<typeof json>[0], body?: unknown) {
    const sentAt = Date.now();
    const res = await fetch(`${pick(i).base}${path}`, {
      method,
      headers: json(role),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, sentAt, ackAt: Date.now() };
  }

  before(async function () {
    this.timeout(120_000);
    const env = { MONGODB_URI: testDb().uri, MONGODB_DB: `two_procs_${process.pid}` };
    services.push(await startServiceProcess(await freePort(), env), await startServiceProcess(await freePort(), env));
    expect((await call(0, 'PUT', '/api/v1/cameras/CAM-1', 'admin', camera())).status).to.equal(201);
    for (const cn of CASES) {
      const c = await call(1, 'PUT', `/api/v1/cases/${cn}`, 'prosecutor', {
        offenseClass: 'felony',
        offenseDate: '2026-01-02',
        defendants: [{ defendantId: 'D1' }],
      });
      expect(c.status, JSON.stringify(c.body)).to.equal(201);
    }
    for (let i = 0; i < LINKED; i++) {
      const r = await call(
        i,
        'PUT',
        `/api/v1/recordings/M-${i}`,
        'ingest',
        recording({
          caseNumbers: [CASES[i % CASES.length]],
          category: 'arrest',
          sha256: (i + 1).toString(16).padStart(64, '0'),
          title: 'v0',
        }),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
    for (let i = 0; i < SPARE; i++) {
      const r = await call(
        i,
        'PUT',
        `/api/v1/recordings/X-${i}`,
        'ingest',
        recording({
          category: 'non_evidentiary',
          recordedAt: '2025-01-02T10:00:00-06:00',
          sha256: (i + 100).toString(16).padStart(64, '0'),
        }),
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
  });
  after(async function () {
    this.timeout(60_000);
    for (const s of services) await stopServiceProcess(s);
  });

  it('loses no acknowledged write, destroys nothing a hold or open request blocks, and leaves derived state fresh', async function () {
    this.timeout(300_000);
    const events = new Map<string, string[]>(CASES.map((c) => [c, []]));
    const lastTitle = new Map<string, string>();
    const holds: HoldLog[] = [];
    const requests: (Timed & { id: string; recordingIds: string[] })[] = [];
    const destroyed: Destroyed[] = [];
    const unexpected: string[] = [];
    const note = (what: string, r: { status: number; body: unknown }) =>
      unexpected.push(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);

    const eventWorker = async (cn: string, w: number) => {
      for (let k = 0; k < ROUNDS; k++) {
        const day = String(1 + k).padStart(2, '0');
        const body = k % 2 === 0 ? { type: 'declined', date: `2026-03-${day}` } : { type: 'reopened', date: `2026-03-${day}` };
        const r = await call(w + k, 'POST', `/api/v1/cases/${cn}/events`, 'prosecutor', body);
        if (r.status === 201) events.get(cn)?.push(String(r.body.id));
        else note(`event on ${cn}`, r);
      }
    };
    const metadataWorker = async () => {
      for (let k = 1; k <= ROUNDS; k++) {
        for (let i = 0; i < LINKED; i += 3) {
          const id = `M-${(i + k) % LINKED}`;
          const title = `v${k}`;
          const r = await call(
            k + i,
            'PUT',
            `/api/v1/recordings/${id}`,
            'ingest',
            recording({
              caseNumbers: [CASES[((i + k) % LINKED) % CASES.length]],
              category: 'arrest',
              sha256: (((i + k) % LINKED) + 1).toString(16).padStart(64, '0'),
              title,
            }),
          );
          if (r.status === 200 || r.status === 201) lastTitle.set(id, title);
          else note(`metadata ${id}`, r);
        }
      }
    };
    const holdWorker = async () => {
      for (let k = 0; k < ROUNDS; k++) {
        const ids = [`X-${(k * 7) % SPARE}`, `X-${(k * 7 + 3) % SPARE}`];
        const r = await call(k, 'POST', '/api/v1/holds', 'auditor', { recordingIds: ids, reason: 'litigation', authority: `letter ${k}` });
        if (r.status !== 201) {
          note('hold', r);
          continue;
        }
        const log: HoldLog = { id: String(r.body.id), recordingIds: ids, sentAt: r.sentAt, ackAt: r.ackAt };
        holds.push(log);
        if (k % 2 === 1) {
          const rel = await call(k + 1, 'POST', `/api/v1/holds/${log.id}/release`, 'auditor', { reason: 'Litigation settled' });
          log.release = { sentAt: rel.sentAt, ackAt: rel.ackAt, ok: rel.status === 200 };
          if (rel.status !== 200) note(`release ${log.id}`, rel);
        }
      }
    };
    const requestWorker = async () => {
      for (let k = 0; k < ROUNDS / 4; k++) {
        const ids = [`X-${(k * 11 + 5) % SPARE}`];
        const r = await call(k, 'POST', '/api/v1/requests', 'clerk', {
          receivedAt: new Date().toISOString(),
          requester: { name: `Reporter ${k}`, kind: 'public' },
          recordingIds: ids,
        });
        if (r.status === 201) requests.push({ id: String(r.body.requestId), recordingIds: ids, sentAt: r.sentAt, ackAt: r.ackAt });
        else note('request', r);
      }
    };
    const destroyWorker = async (w: number) => {
      for (let k = 0; k < ROUNDS; k++) {
        const id = `X-${(k * 5 + w) % SPARE}`;
        const r = await call(k + w, 'POST', `/api/v1/recordings/${id}/destruction`, 'admin', {
          authority: 'disposition list 7',
          performedAt: new Date().toISOString(),
        });
        if (r.status === 200 || r.status === 201) destroyed.push({ recordingId: id, sentAt: r.sentAt, ackAt: r.ackAt });
        else if (r.status !== 409 && r.status !== 422) note(`destroy ${id}`, r);
      }
    };
    await Promise.all([
      ...CASES.map((cn, w) => eventWorker(cn, w)),
      metadataWorker(),
      holdWorker(),
      requestWorker(),
      destroyWorker(0),
      destroyWorker(1),
    ]);
    // A 5xx names only a request id: the services' own log lines say what happened.
    const logs = unexpected.length === 0 ? '' : services.map((p, i) => `service ${i}:\n${p.output().slice(-20_000)}`).join('\n');
    expect(unexpected, `every operation answered as the API documents\n${logs}`).to.deep.equal([]);

    // 1. No acknowledged write is lost.
    for (const cn of CASES) {
      const got = await call(0, 'GET', `/api/v1/cases/${cn}`, 'clerk');
      const stored = new Set((got.body.events as { id: string }[]).map((e) => e.id));
      expect(
        events.get(cn)?.filter((id) => !stored.has(id)),
        `events of ${cn} lost`,
      ).to.deep.equal([]);
      expect(events.get(cn)?.length).to.equal(ROUNDS);
    }
    for (const [id, title] of lastTitle) {
      const got = await call(1, 'GET', `/api/v1/recordings/${id}`, 'clerk');
      expect(got.body.title, `${id} keeps its last acknowledged metadata`).to.equal(title);
    }
    const storedHolds = (await call(0, 'GET', '/api/v1/holds?limit=100', 'auditor')).body.items as { id: string; active: boolean }[];
    for (const h of holds) {
      const stored = storedHolds.find((x) => x.id === h.id);
      expect(stored, `hold ${h.id}`).to.not.equal(undefined);
      expect(stored?.active, `hold ${h.id} active`).to.equal(!h.release?.ok);
    }
    for (const q of requests) expect((await call(1, 'GET', `/api/v1/requests/${q.id}`, 'clerk')).status, q.id).to.equal(200);

    // 2. Nothing destroyed while a hold or an open request certainly blocked it.
    expect(destroyed.length, 'some destructions went through (the check below is not vacuous)').to.be.greaterThan(0);
    for (const d of destroyed) {
      const blockingHolds = holds.filter(
        (h) => h.recordingIds.includes(d.recordingId) && h.ackAt < d.sentAt && !(h.release?.ok && h.release.sentAt < d.ackAt),
      );
      expect(
        blockingHolds.map((h) => h.id),
        `${d.recordingId} destroyed under a hold`,
      ).to.deep.equal([]);
      const blockingRequests = requests.filter((q) => q.recordingIds.includes(d.recordingId) && q.ackAt < d.sentAt);
      expect(
        blockingRequests.map((q) => q.id),
        `${d.recordingId} destroyed while named in an open request`,
      ).to.deep.equal([]);
    }

    // 3. Stored derived state equals a fresh recomputation (the report recomputes every row when given asOf).
    const now = new Date().toISOString();
    const stored = await call(0, 'GET', '/api/v1/reports/retention', 'auditor');
    const computed = await call(1, 'GET', `/api/v1/reports/retention?asOf=${encodeURIComponent(now)}`, 'auditor');
    type Row = { recordingId: string; status: string; blockers: string[] };
    const byId = new Map((computed.body.rows as Row[]).map((r) => [r.recordingId, r]));
    const stale = (stored.body.rows as Row[])
      .filter((r) => r.status !== 'destroyed')
      .filter(
        (r) =>
          byId.get(r.recordingId)?.status !== r.status || JSON.stringify(byId.get(r.recordingId)?.blockers) !== JSON.stringify(r.blockers),
      )
      .map(
        (r) =>
          `${r.recordingId}: stored ${r.status} ${JSON.stringify(r.blockers)}, fresh ${byId.get(r.recordingId)?.status} ${JSON.stringify(byId.get(r.recordingId)?.blockers)}`,
      );
    expect(stale, 'retention state differs from a fresh recomputation').to.deep.equal([]);
    for (let i = 0; i < LINKED; i++) {
      const rec = await call(i, 'GET', `/api/v1/recordings/M-${i}`, 'clerk');
      const fresh = await call(i + 1, 'GET', `/api/v1/recordings/M-${i}/eligibility?requester=public`, 'clerk');
      expect((rec.body.release as { outcome: string }).outcome, `M-${i} stored release outcome`).to.equal(fresh.body.outcome);
    }
  });
});
