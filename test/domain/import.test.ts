import { rmSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect } from 'chai';
import type { Actor } from '../../src/auth/roles';
import { CameraInput } from '../../src/domain/catalog/catalog.schemas';
import { type ImportSummary, importRecordings } from '../../src/domain/catalog/import.service';
import { type Services, buildServices } from '../../src/domain/services';
import { AppError } from '../../src/errors';
import { generateDepartment } from '../../scripts/support/synthetic';
import { type DbHandle, connectDb } from '../../src/persistence/connection';
import { type EmbeddedDb, startEmbeddedDb } from '../../src/persistence/embedded/embedded-db';
import { type Models, createModels, ensureSchema } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import { loadRules } from '../../src/rules';
import { FERRETDB_BIN, dbTempDir, freshDatabase } from '../support/db';

const actor: Actor = { sub: 'feed', role: 'ingest' };
const NOW = new Date('2026-11-20T18:00:00Z');
const HEADER =
  'ID,Title,Category,Recorded On,Duration,Device Serial,Officer ID,SHA-256,Case Numbers,Nonpublic,Location Kind,Address,Latitude,Longitude,Flags,Tags';

export const hex = (i: number) => i.toString(16).padStart(8, '0').repeat(8);

export function line(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    recordingId: id,
    cameraSerial: 'CAM-1',
    officerId: 'O-100',
    recordedAt: '2026-05-01T14:00:00-05:00',
    durationSeconds: 600,
    sha256: hex(id.length * 7919 + id.charCodeAt(id.length - 1)),
    category: 'traffic',
    location: { nonpublic: false, kind: 'public' },
    ...overrides,
  };
}
const ndjson = (...rows: (Record<string, unknown> | string)[]) =>
  rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

/** The body as a stream of chunks of the given size (splitting lines and UTF-8 sequences anywhere). */
function* chunks(text: string | Buffer, size = 1 << 16): Generator<Buffer> {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('importRecordings', () => {
  let db: DbHandle;
  let models: Models;
  let services: Services;
  const run = (body: string | Buffer, format: 'ndjson' | 'csv' = 'ndjson', chunkSize?: number): Promise<ImportSummary> =>
    importRecordings(chunks(body, chunkSize), format, services, actor, NOW);

  before(async function () {
    this.timeout(30_000);
    db = await freshDatabase('import');
    models = createModels(db.connection);
    await ensureSchema(models);
    services = buildServices(createStores(models), loadRules());
    const cam = CameraInput.parse({ assignment: 'patrol', model: 'Axon Body 4', unit: 'Central Patrol' });
    await services.cameras.put('CAM-1', cam, actor, NOW);
    await services.cameras.put('CAM-2', { ...cam, unit: 'East Patrol' }, actor, NOW);
  });
  after(async () => db.close());

  describe('NDJSON', () => {
    it('stores every valid line and reports them as inserted', async () => {
      const s = await run(ndjson(line('N-1'), line('N-2', { cameraSerial: 'CAM-2' }), line('N-3')));
      expect(s).to.deep.include({ received: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [], errorsTruncated: false });
      const doc = await models.Recording.findById('N-2').lean();
      expect(doc).to.include({ unit: 'East Patrol', createdBy: 'feed', officerId: 'O-100' });
      expect(doc?.release?.outcome).to.be.a('string');
    });

    it('reports every line as unchanged when the same file is sent again', async () => {
      const body = ndjson(line('U-1'), line('U-2'), line('U-3'));
      expect((await run(body)).inserted).to.equal(3);
      const again = await run(body);
      expect(again).to.deep.include({ received: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
      expect(await models.Recording.countDocuments({ _id: { $in: ['U-1', 'U-2', 'U-3'] } })).to.equal(3);
    });

    it('updates a line whose metadata changed and rejects one whose sha256 changed', async () => {
      await run(ndjson(line('S-1'), line('S-2')));
      const s = await run(ndjson(line('S-1', { title: 'now with a title' }), line('S-2', { sha256: 'f'.repeat(64) })));
      expect(s).to.deep.include({ received: 2, updated: 1, rejected: 1 });
      expect(s.errors).to.have.length(1);
      expect(s.errors[0]).to.include({ line: 2, field: 'sha256' });
    });

    it('stores the good lines of a mixed file and names the line and field of each bad one', async () => {
      const body = ndjson(
        line('M-1'),
        '',
        '{"recordingId": "M-3", ',
        line('M-4', { location: { kind: 'dwelling' } }),
        line('M-5', { durationSeconds: -5 }),
        line('M-6', { cameraSerial: 'CAM-404' }),
        line('M-7', { colour: 'red' }),
        '   ',
        line('M-9'),
        '[1, 2]',
      );
      const s = await run(body);
      expect(s).to.deep.include({ received: 8, inserted: 2, rejected: 6 });
      expect(s.errors.map((e) => [e.line, e.field])).to.deep.equal([
        [3, '(line)'],
        [4, 'location.nonpublic'],
        [5, 'durationSeconds'],
        [6, 'cameraSerial'],
        [7, 'colour'],
        [10, '(line)'],
      ]);
      expect(s.errors[3]?.message).to.match(/CAM-404/);
      const stored = await models.Recording.find({ _id: { $regex: '^M-' } }, { _id: 1 }).lean();
      expect(stored.map((d) => d._id).sort()).to.deep.equal(['M-1', 'M-9']);
    });

    it('rejects a line with a $-prefixed or dotted key without touching the database', async () => {
      const body = ndjson(
        { ...line('D-1'), $where: 'sleep(1000)' },
        line('D-2', { location: { nonpublic: false, kind: { $ne: null } } }),
        line('D-3', { 'location.nonpublic': true }),
        line('D-4'),
      );
      const s = await run(body);
      expect(s).to.deep.include({ received: 4, inserted: 1, rejected: 3 });
      expect(s.errors.map((e) => [e.line, e.field])).to.deep.equal([
        [1, '$where'],
        [2, 'location.kind.$ne'],
        [3, 'location.nonpublic'],
      ]);
      expect(await models.Recording.countDocuments({ _id: { $in: ['D-1', 'D-2', 'D-3'] } })).to.equal(0);
    });

    it('rejects a line longer than 64 KiB and keeps reading the lines after it', async () => {
      const s = await run(ndjson(line('L-1'), line('L-2', { title: 'x'.repeat(70 * 1024) }), line('L-3')), 'ndjson', 1000);
      expect(s).to.deep.include({ received: 3, inserted: 2, rejected: 1 });
      expect(s.errors[0]).to.deep.include({ line: 2, field: '(line)' });
      expect(s.errors[0]?.message).to.match(/64 KiB/);
    });

    it('rejects a line that is not valid UTF-8 and keeps the others', async () => {
      const good = Buffer.from(ndjson(line('B-1')));
      const bad = Buffer.concat([Buffer.from('{"recordingId":"B-2","title":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
      const s = await run(Buffer.concat([good, bad, Buffer.from(ndjson(line('B-3', { title: 'Café – Überweg 東京' })))]), 'ndjson', 3);
      expect(s).to.deep.include({ received: 3, inserted: 2, rejected: 1 });
      expect(s.errors[0]).to.deep.include({ line: 2, field: '(line)', message: 'the line is not valid UTF-8' });
      expect((await models.Recording.findById('B-3').lean())?.title).to.equal('Café – Überweg 東京');
    });

    it('gives the same result whatever the chunk boundaries, CRLF endings and a last line without newline', async () => {
      const rows = Array.from({ length: 30 }, (_, i) => JSON.stringify(line(`C-${i}`, { title: `Straße ${i} ✓` })));
      const body = rows.join('\r\n');
      const s = await run(body, 'ndjson', 7);
      expect(s).to.deep.include({ received: 30, inserted: 30, rejected: 0 });
      expect(await run(body, 'ndjson', 1)).to.deep.include({ unchanged: 30 });
    });

    it('rejects a repeated id within a batch and reports it against its own line', async () => {
      const s = await run(ndjson(line('R-1'), line('R-1', { title: 'again' })));
      expect(s).to.deep.include({ inserted: 1, rejected: 1 });
      expect(s.errors[0]).to.deep.include({ line: 2, field: 'recordingId' });
    });

    it('caps the error list at 1000 entries and says it was truncated', async () => {
      const body = Array.from({ length: 1200 }, () => 'not json').join('\n');
      const s = await run(body);
      expect(s).to.deep.include({ received: 1200, rejected: 1200, errorsTruncated: true });
      expect(s.errors).to.have.length(1000);
      expect(s.errors[999]?.line).to.equal(1000);
    });
  });

  describe('CSV', () => {
    it('maps the evidence-system columns onto the recording (durations, booleans, lists, flags)', async () => {
      const csv = [
        HEADER,
        `V-1,"Stop, I-70 ""eastbound""",Traffic,2026-05-01T14:00:00-05:00,00:10:05,CAM-1,O-100,${hex(1)},KC-26-1;KC-26-2,no,public,I-70 & Prospect,39.05,-94.52,,dui;night`,
        `V-2,"Two-line
title",Use of Force,2026-05-02T09:30:00-05:00,95,CAM-2,O-101,${hex(2)},,YES,dwelling,,,,juvenile subject;depictsMinor,`,
      ].join('\r\n');
      const s = await run(csv, 'csv');
      expect(s).to.deep.include({ received: 2, inserted: 2, rejected: 0 });
      const v1 = await models.Recording.findById('V-1').lean();
      expect(v1).to.deep.include({
        title: 'Stop, I-70 "eastbound"',
        category: 'traffic',
        durationSeconds: 605,
        caseNumbers: ['KC-26-1', 'KC-26-2'],
        tags: ['dui', 'night'],
      });
      expect(v1?.location).to.deep.include({ nonpublic: false, kind: 'public', lat: 39.05, lon: -94.52 });
      const v2 = await models.Recording.findById('V-2').lean();
      expect(v2).to.deep.include({ title: 'Two-line\ntitle', category: 'use_of_force', durationSeconds: 95, unit: 'East Patrol' });
      expect(v2?.flags).to.deep.include({ juvenileSubject: true, depictsMinor: true, audio911: false });
      expect(v2?.location).to.deep.include({ nonpublic: true, kind: 'dwelling' });
      expect((await run(csv, 'csv', 5)).unchanged).to.equal(2);
    });

    it('maps the redaction review, protected-victim kind and crime-scene columns, and reads the former flag name sexualOffenseVictim as protectedVictim', async () => {
      const header = `${HEADER},Redaction Reviewed By,Redaction Reviewed At,Protected Victim Kind,Crime Scene`;
      const csv = [
        header,
        `RV-1,,Homicide,2026-05-01T14:00:00-05:00,60,CAM-1,O-100,${hex(11)},,no,public,,,,Sexual Offense Victim;mutilatedDeceased,,clerk-7,2026-05-03T09:00:00-05:00,DV,yes`,
        `RV-2,,Traffic,2026-05-01T14:00:00-05:00,60,CAM-1,O-100,${hex(12)},,no,public,,,,,,,,,`,
      ].join('\n');
      const s = await run(csv, 'csv');
      expect(s).to.deep.include({ received: 2, inserted: 2, rejected: 0 });
      const r1 = await models.Recording.findById('RV-1').lean();
      expect(r1?.flags).to.deep.include({ protectedVictim: true, mutilatedDeceased: true });
      expect(r1?.flags).not.to.have.property('sexualOffenseVictim');
      expect(r1).to.deep.include({ protectedVictimKind: 'dv', crimeScene: true });
      expect(r1?.redactionReview).to.deep.equal({ reviewedBy: 'clerk-7', reviewedAt: new Date('2026-05-03T14:00:00Z') });
      const r2 = await models.Recording.findById('RV-2').lean();
      expect(r2).to.deep.include({ redactionReview: null, protectedVictimKind: null, crimeScene: null });
    });

    it('refuses half a redaction review, naming the missing half', async () => {
      const csv = [
        `${HEADER},Redaction Reviewed By`,
        `RV-3,,Traffic,2026-05-01T14:00:00-05:00,60,CAM-1,O-100,${hex(13)},,no,public,,,,,,clerk-7`,
      ].join('\n');
      const s = await run(csv, 'csv');
      expect(s).to.deep.include({ received: 1, rejected: 1 });
      expect(JSON.stringify(s.errors)).to.include('redactionReview.reviewedAt');
    });

    it('counts the header as line 1 and names the API field of each bad cell', async () => {
      const ok = (id: string, nonpublic = 'false', duration = '60') =>
        `${id},,,2026-05-01T14:00:00-05:00,${duration},CAM-1,O-1,${hex(id.length + id.charCodeAt(2))},,${nonpublic},,,,,,`;
      const csv = [
        HEADER,
        ok('W-1'),
        ok('W-2', 'maybe'),
        ok('W-3', 'true', '1:5:00'),
        '',
        'W-5,too,few',
        ok('W-6').replace('2026-05-01T14:00:00-05:00', '2026-05-01 14:00'),
        ok('W-7').replace('CAM-1', 'CAM-77'),
        ok('W-8').replace(',,,,,,', ',,,,,bogusFlag,'),
        ok('W-9', ''),
        ok('W-10'),
      ].join('\n');
      const s = await run(csv, 'csv');
      expect(s).to.deep.include({ received: 9, inserted: 2, rejected: 7 });
      expect(s.errors.map((e) => [e.line, e.field])).to.deep.equal([
        [3, 'location.nonpublic'],
        [4, 'durationSeconds'],
        [6, '(line)'],
        [7, 'recordedAt'],
        [8, 'cameraSerial'],
        [9, 'flags.bogusFlag'],
        [10, 'location.nonpublic'],
      ]);
      expect(s.errors[6]?.message).to.match(/required/);
    });

    it('rejects a malformed quoted record by its first line and keeps the records after it', async () => {
      const row = (id: string, title: string) =>
        `${id},${title},,2026-05-01T14:00:00-05:00,60,CAM-1,O-1,${hex(id.charCodeAt(2) * 31)},,false,,,,,,`;
      const csv = [HEADER, row('Q-1', '"fine"'), row('Q-2', '"bad"quote'), row('Q-3', 'ok'), row('Q-4', '"never closed')].join('\n') + '\n';
      const s = await run(csv, 'csv');
      expect(s).to.deep.include({ received: 4, inserted: 2, rejected: 2 });
      expect(s.errors.map((e) => [e.line, e.field])).to.deep.equal([
        [3, '(line)'],
        [5, '(line)'],
      ]);
      expect(s.errors[1]?.message).to.match(/never closed/);
    });

    it('refuses a file whose header has an unknown or missing column before storing anything', async () => {
      const csv = `ID,Recorded On,Duration,Device Serial,Officer,SHA-256,Nonpublic\nH-1,2026-05-01T14:00:00-05:00,60,CAM-1,O-1,${hex(5)},false\n`;
      const err = await run(csv, 'csv').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(AppError);
      expect((err as AppError).code).to.equal('VALIDATION_FAILED');
      expect((err as AppError).errors.map((e) => e.path)).to.include.members(['header.Officer', 'header.Officer ID']);
      expect(await models.Recording.countDocuments({ _id: 'H-1' })).to.equal(0);
    });
  });

  describe('at department scale', () => {
    const dept = { seed: 7, recordings: 20_000, asOf: NOW, patrolCameras: 30, detectiveCameras: 10, officers: 60 };

    /** NDJSON lines generated one at a time, in chunks of about 64 KiB: the file never exists in memory. */
    function* generatedNdjson(): Generator<string> {
      let chunk = '';
      for (const item of generateDepartment(dept)) {
        if (item.kind !== 'recording') continue;
        chunk += `${JSON.stringify(item.line)}\n`;
        if (chunk.length >= 65_536) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    }

    it('streams 20,000 generated lines with heap growth bounded by a few batches, not by the file', async function () {
      // About 20 s on an idle machine; generous for a loaded CI runner.
      this.timeout(300_000);
      for (const item of generateDepartment({ ...dept, recordings: 0 })) {
        if (item.kind === 'camera') await services.cameras.put(item.serial, CameraInput.parse(item.input), actor, NOW);
      }
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = 0;
      const s = await importRecordings(generatedNdjson(), 'ndjson', services, actor, NOW, {
        onProgress: () => {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        },
      });
      expect(s).to.deep.include({ received: 20_000, inserted: 20_000, rejected: 0 });
      expect(await models.Recording.countDocuments({ _id: { $regex: '^BWC-' } })).to.equal(20_000);
      // The file is about 9 MiB of text and far more as parsed objects; a streamed import holds two batches.
      expect(peak, `peak heap growth ${(peak / 2 ** 20).toFixed(1)} MiB`).to.be.below(24 * 2 ** 20);
    });
  });

  describe('when the database fails mid-import', () => {
    let dir: string;
    let server: EmbeddedDb;
    let own: DbHandle;
    let ownServices: Services;
    let ownModels: Models;
    before(async function () {
      this.timeout(60_000);
      dir = dbTempDir('footage-import-outage-');
      server = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: dir });
      own = await connectDb(server.uri, 'import_outage');
      ownModels = createModels(own.connection);
      await ensureSchema(ownModels);
      ownServices = buildServices(createStores(ownModels), loadRules());
      await ownServices.cameras.put(
        'CAM-1',
        CameraInput.parse({ assignment: 'patrol', model: 'Axon Body 4', unit: 'Central Patrol' }),
        actor,
        NOW,
      );
    });
    after(async () => {
      await own.close().catch(() => undefined);
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers DB_UNAVAILABLE with the lines stored so far, and a re-sent file completes with no duplicates', async function () {
      // A guard, not a measure: on a starved machine two imports of 5,000 lines and a restart take minutes.
      this.timeout(600_000);
      const total = 5000;
      const body = (stopAfter: number | null) =>
        (async function* () {
          for (let i = 1; i <= total; i++) {
            if (i === stopAfter) await server.stop();
            yield `${JSON.stringify(line(`O-${i}`, { sha256: hex(i) }))}\n`;
          }
        })();
      const err = await importRecordings(body(2500), 'ndjson', ownServices, actor, NOW).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(AppError);
      const appErr = err as AppError;
      expect(appErr.code).to.equal('DB_UNAVAILABLE');
      const stored = appErr.extra.stored as number;
      const lastLine = appErr.extra.lastLine as number;
      expect(stored).to.be.at.least(1000).and.below(2500);
      expect(lastLine).to.equal(stored);

      server = await startEmbeddedDb({ ferretdbBin: FERRETDB_BIN, dataDir: dir, port: server.port });
      // The driver reconnects on its own; on a loaded machine that can take longer than a few
      // seconds, so the re-send is retried for up to 5 minutes and a failure names the last error.
      let s: ImportSummary | null = null;
      let lastError: unknown = null;
      const deadline = Date.now() + 300_000;
      while (!s && Date.now() < deadline) {
        s = await importRecordings(body(null), 'ndjson', ownServices, actor, NOW).catch(async (e: unknown) => {
          lastError = e;
          await new Promise((r) => setTimeout(r, 500));
          return null;
        });
      }
      expect(s, `the re-sent file never completed; last error: ${String(lastError)}`).to.not.equal(null);
      expect(s?.unchanged).to.be.at.least(stored);
      expect(s).to.deep.include({ received: total, rejected: 0 });
      expect((s?.inserted ?? 0) + (s?.unchanged ?? 0)).to.equal(total);
      expect(await ownModels.Recording.countDocuments({})).to.equal(total);
    });
  });
});
