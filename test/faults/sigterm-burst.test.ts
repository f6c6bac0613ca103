/**
 * SIGTERM during a burst of writes, against the real service process (src/main.ts with its
 * embedded FerretDB in a temporary DATA_DIR): every PUT that got a 2xx must be in the
 * database after a restart on the same DATA_DIR, the service must exit cleanly, and its
 * embedded FerretDB must not outlive it.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { expect } from 'chai';
import { freePort } from '../../src/persistence/embedded/processes';
import { bearer } from '../support/app';
import { FERRETDB_BIN, dbTempDir } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';

const WRITES = 150;
const CONCURRENCY = 10;
const SIGTERM_AFTER_ACKS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (i: number) => (i + 7).toString(16).padStart(64, '0');

const startService = (dataDir: string, port: number) => startServiceProcess(port, { DATA_DIR: dataDir, FERRETDB_BIN });

/** Pids of processes whose command line mentions `needle` (our unique temporary DATA_DIR). */
function pidsMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

describe('fault: SIGTERM during a burst of writes to the real service', () => {
  let dataDir: string;
  const started: ServiceProcess[] = [];

  before(() => {
    dataDir = dbTempDir('footage-fault-sigterm-');
  });
  after(async function () {
    this.timeout(30_000);
    for (const s of started) {
      if (s.child.exitCode === null && s.child.signalCode === null && s.child.pid) {
        s.child.kill('SIGKILL');
        await s.exited;
      }
    }
    // Only processes started for this temporary folder (a database process left behind would be a failure above).
    for (const pid of pidsMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across SIGTERM and restart, exits 0 and leaves no FerretDB or PostgreSQL running', async function () {
    this.timeout(240_000);
    const port = await freePort();
    const first = await startService(dataDir, port);
    started.push(first);
    const base = `http://127.0.0.1:${port}`;
    const json = (role: 'admin' | 'ingest') => ({ ...bearer(role, 'burst'), 'Content-Type': 'application/json' });
    const cam = await fetch(`${base}/api/v1/cameras/CAM-1`, { method: 'PUT', headers: json('admin'), body: JSON.stringify(camera()) });
    expect(cam.status).to.equal(201);

    const ferretPids = pidsMentioning(dataDir);
    expect(ferretPids.length, 'the embedded FerretDB and PostgreSQL are running for this DATA_DIR').to.equal(2);

    const acked = new Map<string, string>();
    const outcomes = { acked: 0, refused: 0, failed: 0 };
    let next = 0;
    let signalled = false;
    const worker = async () => {
      while (next < WRITES) {
        const i = next++;
        const id = `BURST-${i}`;
        try {
          const res = await fetch(`${base}/api/v1/recordings/${id}`, {
            method: 'PUT',
            headers: json('ingest'),
            body: JSON.stringify(recording({ sha256: sha(i), durationSeconds: i })),
          });
          await res.arrayBuffer();
          if (res.status >= 200 && res.status < 300) {
            acked.set(id, sha(i));
            outcomes.acked += 1;
          } else outcomes.refused += 1;
        } catch {
          outcomes.failed += 1; // connection refused or closed by the shutdown: not acknowledged
        }
        if (!signalled && acked.size >= SIGTERM_AFTER_ACKS) {
          signalled = true;
          first.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(signalled, 'SIGTERM was sent mid-burst').to.equal(true);
    const code = await first.exited;
    expect(code, first.output()).to.equal(0);
    expect(outcomes.acked + outcomes.refused + outcomes.failed).to.equal(WRITES);
    expect(outcomes.acked).to.be.at.least(SIGTERM_AFTER_ACKS);
    expect(outcomes.acked, 'some writes were cut off by the shutdown').to.be.below(WRITES);

    // The embedded FerretDB and PostgreSQL ended with the service.
    for (let i = 0; i < 50 && pidsMentioning(dataDir).length > 0; i++) await sleep(100);
    expect(pidsMentioning(dataDir), 'FerretDB or PostgreSQL processes left behind').to.deep.equal([]);
    for (const pid of ferretPids)
      expect(existsSync(`/proc/${pid}`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)).to.equal(false);

    const second = await startService(dataDir, await freePort());
    started.push(second);
    const lost: string[] = [];
    for (const [id, hash] of acked) {
      const res = await fetch(`http://127.0.0.1:${second.port}/api/v1/recordings/${id}`, { headers: bearer('clerk', 'check') });
      const body = (await res.json()) as { sha256?: string };
      if (res.status !== 200 || body.sha256 !== hash) lost.push(`${id}: ${res.status}`);
    }
    expect(lost, `acknowledged writes missing after restart (of ${acked.size})`).to.deep.equal([]);
    second.child.kill('SIGTERM');
    expect(await second.exited).to.equal(0);
  });
});
