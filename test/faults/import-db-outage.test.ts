/**
 * The database stops in the middle of a streamed NDJSON import sent over a real HTTP
 * connection: the client gets a 503 problem+json saying how many lines were stored; after
 * FerretDB restarts on the same port and data directory, re-sending the same file completes
 * it with no duplicates. Uses its own FerretDB, so stopping it affects no other test.
 */
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { type DbHandle, connectDb } from '../../src/persistence/connection';
import { type EmbeddedDb, startEmbeddedDb } from '../../src/persistence/embedded/embedded-db';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { FERRETDB_BIN, dbTempDir } from '../support/db';
import { camera } from '../support/fixtures';

const TOTAL = 3000; // three batches of 1000 (the import's batch size)
const STOP_AFTER_LINE = 2000;
const CHUNK_LINES = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha = (i: number) => i.toString(16).padStart(64, '0');
const line = (i: number) =>
  `${JSON.stringify({ recordingId: `OUT-${i}`, cameraSerial: 'CAM-1', officerId: 'O-1', recordedAt: '2026-05-01T14:00:00-05:00', durationSeconds: 60, sha256: sha(i), category: 'traffic', location: { nonpublic: false } })}\n`;

interface Answer {
  status: number;
  type: string;
  text: string;
}

/** POSTs chunks as they are produced (chunked transfer), resolving with the server's answer. */
function postStreamed(port: number, auth: string, chunks: AsyncIterable<string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/recordings/import',
        headers: { Authorization: auth, 'Content-Type': 'application/x-ndjson' },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text }));
        res.on('error', reject);
      },
    );
    // The server may answer 503 and close before the whole body is sent: a write error then is expected.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    void (async () => {
      for await (const c of chunks) {
        if (req.destroyed || answered) return;
        if (!req.write(c)) {
          await new Promise<void>((go) => {
            const done = () => {
              req.off('drain', done);
              req.off('close', done);
              go();
            };
            req.on('drain', done);
            req.on('close', done);
          });
        }
      }
      req.end();
    })().catch(() => undefined);
  });
}

describe('fault: the database stops in the middle of an HTTP import', () => {
  let dir: string;
  let server: EmbeddedDb;
  let db: DbHandle;
  let t: TestApp;
  let http1: http.Server;
  let port: number;

  before(async function () {
    this.timeout(60_000);
    dir = dbTempDir('footage-fault-import-');
    server = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: dir });
    db = await connectDb(server.uri, 'fault_import');
    t = await makeTestApp(db);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera())).status).to.equal(201);
    const handle = t.app.callback();
    http1 = http.createServer((req, res) => void handle(req, res));
    http1.listen(0, '127.0.0.1');
    await once(http1, 'listening');
    port = (http1.address() as AddressInfo).port;
  });
  after(async function () {
    this.timeout(30_000);
    http1.closeAllConnections();
    await new Promise((r) => http1.close(r));
    await db.close().catch(() => undefined);
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 problem+json with the lines stored, and the re-sent file completes with every id stored once', async function () {
    // A guard, not a measure: on a starved machine three imports of 3,000 lines and a database restart take minutes.
    this.timeout(600_000);
    const auth = bearer('ingest', 'feed').Authorization;
    let faultsInjected = 0;
    async function* slowBody(stopAt: number | null): AsyncGenerator<string> {
      for (let i = 1; i <= TOTAL; i += CHUNK_LINES) {
        if (i - 1 === stopAt) {
          // Wait until the first batch is acknowledged (stored, and its refresh intent closed once the
          // review queue has its recordings), then pull the plug mid-stream.
          const acknowledged = async () =>
            (await t.deps.models.Recording.countDocuments().catch(() => 0)) >= 1000 &&
            (await t.deps.models.RefreshIntent.exists({ recordingIds: 'OUT-1' }).catch(() => true)) === null;
          for (let k = 0; k < 600 && !(await acknowledged()); k++) await sleep(100);
          await server.stop();
          faultsInjected += 1;
        }
        let chunk = '';
        for (let j = i; j < i + CHUNK_LINES && j <= TOTAL; j++) chunk += line(j);
        yield chunk;
        await sleep(2);
      }
    }

    const failed = await postStreamed(port, auth, slowBody(STOP_AFTER_LINE));
    expect(faultsInjected).to.equal(1);
    expect(failed.status, failed.text).to.equal(503);
    expect(failed.type).to.match(/^application\/problem\+json/);
    const problem = JSON.parse(failed.text) as { code: string; stored: number; lastLine: number; detail: string };
    expect(problem.code).to.equal('DB_UNAVAILABLE');
    expect(problem.stored).to.be.at.least(1000).and.below(TOTAL);
    expect(problem.lastLine).to.equal(problem.stored);
    expect(problem.detail).to.match(/re-send/);

    server = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: dir, port: server.port });
    // The driver reconnects on its own; retry the whole file until the database answers.
    let done: Answer | null = null;
    for (let attempt = 0; attempt < 30 && done?.status !== 200; attempt++) {
      if (attempt > 0) await sleep(500);
      done = await postStreamed(port, auth, slowBody(null));
    }
    expect(done?.status, done?.text).to.equal(200);
    const summary = JSON.parse(done?.text ?? '{}') as {
      received: number;
      inserted: number;
      unchanged: number;
      updated: number;
      rejected: number;
    };
    expect(summary).to.include({ received: TOTAL, rejected: 0, updated: 0 });
    expect(summary.unchanged).to.be.at.least(problem.stored);
    expect(summary.inserted + summary.unchanged).to.equal(TOTAL);

    const ids = (await t.deps.models.Recording.find({}, { _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
    expect(ids.length).to.equal(TOTAL);
    const once_ = new Set(ids);
    expect(once_.size).to.equal(TOTAL);
    expect(Array.from({ length: TOTAL }, (_, k) => `OUT-${k + 1}`).filter((id) => !once_.has(id))).to.deep.equal([]);
  });
});
