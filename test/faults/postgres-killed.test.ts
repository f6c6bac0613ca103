/**
 * PostgreSQL, under the embedded FerretDB, is killed with SIGKILL in the middle of a burst of
 * writes to the real service process. While it is down the service answers 503 problem+json
 * (never a 500, never a 200 on a dead database); the launcher restarts it (crash recovery replays
 * the WAL); the service recovers on its own; and every write acknowledged before, during or after
 * the outage is in the database.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { freePort } from '../../src/persistence/embedded/processes';
import { bearer } from '../support/app';
import { FERRETDB_BIN, dbTempDir } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { type ServiceProcess, startServiceProcess, stopServiceProcess } from '../support/service-process';

const WRITES = 200;
const CONCURRENCY = 8;
const KILL_AFTER_ACKS = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (i: number) => (i + 11).toString(16).padStart(64, '0');
const headers = { ...bearer('ingest', 'pg-kill'), 'Content-Type': 'application/json' };

describe("fault: the embedded database's processes killed under load", () => {
  let dataDir: string;
  let service: ServiceProcess;

  before(async function () {
    this.timeout(120_000);
    dataDir = dbTempDir('footage-fault-pgkill-');
    service = await startServiceProcess(await freePort(), { DATA_DIR: dataDir, FERRETDB_BIN });
  });
  after(async function () {
    this.timeout(60_000);
    await stopServiceProcess(service);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 problem+json while it is down, recovers when the launcher restarts it, and loses no acknowledged write', async function () {
    // A guard, not a measure: crash recovery on a starved machine can take minutes.
    this.timeout(600_000);
    const cam = await fetch(`${service.base}/api/v1/cameras/CAM-1`, {
      method: 'PUT',
      headers: { ...bearer('admin'), 'Content-Type': 'application/json' },
      body: JSON.stringify(camera()),
    });
    expect(cam.status).to.equal(201);
    const run = JSON.parse(readFileSync(path.join(dataDir, 'embedded-db.run.json'), 'utf8')) as { postgres: number };
    expect(run.postgres, 'the run file names the PostgreSQL pid').to.be.a('number');

    const acked = new Map<string, string>();
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    let killed = false;
    let readyWhileDown: number | null = null;
    let next = 0;
    const worker = async () => {
      while (next < WRITES) {
        const i = next++;
        const id = `PGK-${i}`;
        const res = await fetch(`${service.base}/api/v1/recordings/${id}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify(recording({ sha256: sha(i), durationSeconds: i + 1 })),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 201 || res.status === 200) acked.set(id, sha(i));
        else if (res.status === 503) {
          if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? '')) bad.push(`${id}: 503 without problem+json`);
        } else bad.push(`${id}: ${res.status} ${text.slice(0, 200)}`);
        if (!killed && acked.size >= KILL_AFTER_ACKS) {
          killed = true;
          process.kill(run.postgres, 'SIGKILL');
          readyWhileDown = (await fetch(`${service.base}/readyz`)).status;
        }
        if (killed && acked.size < WRITES) await sleep(20); // spread the rest of the burst over the outage
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(killed).to.equal(true);
    expect(
      bad,
      `every answer is a success or a 503 problem; service errors: ${service
        .output()
        .split('\n')
        .filter((l) => l.includes('unhandled'))
        .join('\n')
        .slice(0, 3000)}`,
    ).to.deep.equal([]);
    expect(readyWhileDown, '/readyz right after the kill').to.equal(503);
    expect(statuses.get(503) ?? 0, 'some writes met the outage').to.be.greaterThan(0);

    // The launcher restarts PostgreSQL; the service becomes ready again by itself (within 3 minutes
    // even when crash recovery competes for the CPU).
    let ready = 0;
    for (const until = Date.now() + 180_000; ready !== 200 && Date.now() < until;) {
      ready = (await fetch(`${service.base}/readyz`)).status;
      if (ready !== 200) await sleep(200);
    }
    expect(ready, service.output()).to.equal(200);
    const after = JSON.parse(readFileSync(path.join(dataDir, 'embedded-db.run.json'), 'utf8')) as { postgres: number };
    expect(after.postgres, 'a new PostgreSQL process').to.not.equal(run.postgres);

    // Writes refused during the outage go through now; nothing acknowledged is missing.
    for (let i = 0; i < WRITES; i++) {
      const id = `PGK-${i}`;
      if (acked.has(id)) continue;
      const res = await fetch(`${service.base}/api/v1/recordings/${id}`, {
        method: 'PUT',
        headers,
        body: JSON.stringify(recording({ sha256: sha(i), durationSeconds: i + 1 })),
      });
      expect(res.status, `${id} after recovery`).to.be.oneOf([200, 201]);
      acked.set(id, sha(i));
    }
    const lost: string[] = [];
    for (const [id, hash] of acked) {
      const res = await fetch(`${service.base}/api/v1/recordings/${id}`, { headers: bearer('clerk', 'check') });
      const body = (await res.json()) as { sha256?: string };
      if (res.status !== 200 || body.sha256 !== hash) lost.push(`${id}: ${res.status}`);
    }
    expect(lost, `acknowledged writes missing after recovery (of ${acked.size})`).to.deep.equal([]);
  });
  it('restarts a killed FerretDB on the same port: /readyz says 503 at once, then 200, and writes go through again', async function () {
    this.timeout(120_000);
    const run = JSON.parse(readFileSync(path.join(dataDir, 'embedded-db.run.json'), 'utf8')) as { ferretdb: number };
    process.kill(run.ferretdb, 'SIGKILL');
    // The launcher learns of the death from the exit event; /readyz must say 503 within moments,
    // before the restart (which takes about a second) has brought FerretDB back.
    let down = 0;
    for (let i = 0; i < 20 && down !== 503; i++) {
      down = (await fetch(`${service.base}/readyz`)).status;
      if (down !== 503) await sleep(25);
    }
    expect(down, 'shortly after the kill').to.equal(503);
    let ready = 0;
    for (let i = 0; i < 150 && ready !== 200; i++) {
      ready = (await fetch(`${service.base}/readyz`)).status;
      if (ready !== 200) await sleep(200);
    }
    expect(ready, service.output()).to.equal(200);
    const res = await fetch(`${service.base}/api/v1/recordings/FDB-KILL-1`, {
      method: 'PUT',
      headers,
      body: JSON.stringify(recording({ sha256: sha(9999) })),
    });
    expect(res.status).to.equal(201);
  });
});
