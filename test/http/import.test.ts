import { expect } from 'chai';
import { ImportSummary } from '../../src/domain/catalog/import.service';
import type { Config } from '../../src/config';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp, testConfig } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera } from '../support/fixtures';
import { bodyOf, problemOf } from '../support/api';
import { RecordingView } from '../../src/http/catalog/catalog.responses';

const PATH = '/api/v1/recordings/import';
const NOW = () => new Date('2026-11-20T18:00:00Z');
const HEADER =
  'ID,Title,Category,Recorded On,Duration,Device Serial,Officer ID,SHA-256,Case Numbers,Nonpublic,Location Kind,Address,Latitude,Longitude,Flags,Tags';

const sha = (i: number) => i.toString(16).padStart(64, '0');
const ndLine = (id: string, i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    recordingId: id,
    cameraSerial: 'CAM-1',
    officerId: 'O-1',
    recordedAt: '2026-05-01T14:00:00-05:00',
    durationSeconds: 60 + i,
    sha256: sha(i),
    category: 'traffic',
    location: { nonpublic: false },
    ...extra,
  });

const app = (db: DbHandle, config?: Config): Promise<TestApp> => makeTestApp(db, undefined, config, NOW);

describe('POST /api/v1/recordings/import', () => {
  let db: DbHandle;
  let t: TestApp;
  before(async () => {
    db = await freshDatabase('http_import');
    t = await app(db);
    const res = await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera());
    expect(res.status, res.text).to.equal(201);
  });
  after(async () => db.close());

  it('refuses a request without a token with 401', async () => {
    const res = await t.request.post(PATH).set('Content-Type', 'application/x-ndjson').send(ndLine('H-0', 0));
    expect(res.status).to.equal(401);
  });

  for (const role of ['clerk', 'prosecutor', 'auditor'] as const) {
    it(`forbids the ${role} role with 403 and stores nothing`, async () => {
      const res = await t.request
        .post(PATH)
        .set(bearer(role))
        .set('Content-Type', 'application/x-ndjson')
        .send(ndLine(`H-${role}`, 1));
      expect(res.status).to.equal(403);
      expect(await t.deps.models.Recording.countDocuments({ _id: `H-${role}` })).to.equal(0);
    });
  }

  it('answers 415 for a JSON body and for a non-UTF-8 charset', async () => {
    const json = await t.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'application/json').send({ recordingId: 'x' });
    expect(json.status).to.equal(415);
    const jsonBody = problemOf(json);
    expect(jsonBody.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
    const latin1 = await t.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'text/csv; charset=iso-8859-1').send(`${HEADER}\n`);
    expect(latin1.status).to.equal(415);
  });

  it('imports NDJSON for the ingest role and answers with the summary, naming rejected lines', async () => {
    const body = [ndLine('H-1', 1), ndLine('H-2', 2, { durationSeconds: 'long' }), '', ndLine('H-4', 4)].join('\n');
    const res = await t.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'application/x-ndjson').send(body);
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['content-type']).to.match(/application\/json/);
    const summary = ImportSummary.parse(res.body);
    expect(summary).to.deep.equal({
      received: 3,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      errorsTruncated: false,
      errors: [{ line: 2, field: 'durationSeconds', message: 'Invalid input: expected number, received string' }],
    });
    const again = await t.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'application/x-ndjson').send(body);
    expect(again.body).to.deep.include({ inserted: 0, unchanged: 2, rejected: 1 });
    const stored = await t.request.get('/api/v1/recordings/H-4').set(bearer('clerk'));
    const storedBody = bodyOf(stored, RecordingView);
    expect(storedBody).to.include({ createdBy: 'test-ingest' });
  });

  it('imports the CSV export for the admin role', async () => {
    const csv = `${HEADER}\nH-10,Stop,traffic,2026-05-01T14:00:00-05:00,00:02:00,CAM-1,O-1,${sha(10)},,no,public,,,,,\n`;
    const res = await t.request.post(PATH).set(bearer('admin')).set('Content-Type', 'text/csv; charset=utf-8').send(csv);
    expect(res.status, res.text).to.equal(200);
    expect(res.body).to.deep.include({ received: 1, inserted: 1, rejected: 0 });
    expect((await t.request.get('/api/v1/recordings/H-10').set(bearer('clerk'))).body).to.include({ durationSeconds: 120 });
  });

  it('answers 400 naming the column when the CSV header has an unknown column', async () => {
    const res = await t.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'text/csv').send(`${HEADER},Colour\n`);
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    expect(body.errors.map((e: { path: string }) => e.path)).to.deep.equal(['header.Colour']);
  });

  it('answers 413 before reading when the declared length exceeds IMPORT_BODY_LIMIT', async () => {
    const small = await app(db, testConfig({ IMPORT_BODY_LIMIT: '1kb' }));
    const body = Array.from({ length: 40 }, (_, i) => ndLine(`H-L${i}`, 100 + i)).join('\n');
    const res = await small.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'application/x-ndjson').send(body);
    expect(res.status).to.equal(413);
    expect(problemOf(res).code).to.equal('PAYLOAD_TOO_LARGE');
    expect(await t.deps.models.Recording.countDocuments({ _id: { $regex: '^H-L' } })).to.equal(0);
  });

  it('answers 413 with the progress made when a chunked body passes IMPORT_BODY_LIMIT while streaming', async () => {
    const small = await app(db, testConfig({ IMPORT_BODY_LIMIT: '4kb' }));
    const req = small.request.post(PATH).set(bearer('ingest')).set('Content-Type', 'application/x-ndjson');
    for (let i = 0; i < 60; i++) req.write(`${ndLine(`H-S${i}`, 200 + i)}\n`);
    const res = await req;
    expect(res.status).to.equal(413);
    expect(res.body).to.include({ code: 'PAYLOAD_TOO_LARGE', stored: 0 });
    expect(problemOf(res).lastLine).to.be.a('number');
  });
});
