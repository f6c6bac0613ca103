import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { problemOf } from '../support/api';

type Row = {
  recordingId: string;
  recordedAt: string;
  unit: string;
  category: string;
  release: { outcome: string } | null;
  retention: { status: string } | null;
};

describe('recordings search (GET /api/v1/recordings)', () => {
  let db: DbHandle;
  let t: TestApp;
  const clerk = bearer('clerk', 'jdoe');
  const ingest = bearer('ingest', 'feed');
  /** 24 recordings: two units, three categories, spread over two years, with pairs recorded at the same second. */
  const ids = Array.from({ length: 24 }, (_, i) => `BWC-0000000${String(10 + i)}`);
  const when = (i: number) => new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 2) * 29 * 86_400_000 + 3_600_000).toISOString();

  before(async function () {
    this.timeout(60_000);
    db = await freshDatabase('recording_search');
    t = await makeTestApp(db, undefined, undefined, () => new Date('2026-11-20T18:00:00Z'));
    await t.request.put('/api/v1/cameras/CAM-E').set(ingest).send(camera('East Patrol'));
    await t.request.put('/api/v1/cameras/CAM-S').set(ingest).send(camera('South Patrol'));
    for (const [i, id] of ids.entries()) {
      const res = await t.request
        .put(`/api/v1/recordings/${id}`)
        .set(ingest)
        .send(
          recording({
            cameraSerial: i % 2 ? 'CAM-S' : 'CAM-E',
            recordedAt: when(i),
            category: ['traffic', 'arrest', 'investigation'][i % 3],
            sha256: 'c'.repeat(64),
          }),
        );
      expect(res.status, res.text).to.equal(201);
    }
  });
  after(async () => db.close());

  /** Every page of a search, following nextCursor. */
  async function allPages(query: Record<string, string>): Promise<Row[]> {
    const rows: Row[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 50; n++) {
      const res: { status: number; text: string; body: { items: Row[]; nextCursor: string | null } } = await t.request
        .get('/api/v1/recordings')
        .query({ ...query, limit: '5', ...(cursor ? { cursor } : {}) })
        .set(clerk);
      expect(res.status, res.text).to.equal(200);
      rows.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return rows;
    }
    throw new Error('too many pages');
  }
  const byDateThenId = (dir: 1 | -1) => (a: Row, b: Row) =>
    dir * (Date.parse(a.recordedAt) - Date.parse(b.recordedAt)) || (a.recordingId < b.recordingId ? -1 : 1);

  it('finds recordings by id prefix whatever its letter case, in id order', async () => {
    const rows = await allPages({ idPrefix: 'bwc-00000001' });
    expect(rows.map((r) => r.recordingId)).to.deep.equal(ids.slice(0, 10));
  });
  it('lists newest first across pages with no recording repeated or skipped, also when two share a second', async () => {
    const rows = await allPages({ sort: '-recordedAt' });
    expect(rows).to.have.length(ids.length);
    expect(rows.map((r) => r.recordingId)).to.deep.equal([...rows].sort(byDateThenId(-1)).map((r) => r.recordingId));
  });
  it('lists oldest first across pages, filtered by unit and a date range', async () => {
    const from = when(4);
    const to = when(17);
    const rows = await allPages({ sort: 'recordedAt', unit: 'South Patrol', recordedFrom: from, recordedTo: to });
    const expected = ids.filter((_, i) => i % 2 === 1 && i >= 4 && i <= 17);
    expect(rows.map((r) => r.recordingId)).to.deep.equal(expected);
    expect(rows.every((r) => r.unit === 'South Patrol')).to.equal(true);
  });
  it('lists oldest first with no date range from the earliest recording, also after one recorded earlier is imported later', async () => {
    const rows = await allPages({ sort: 'recordedAt' });
    expect(rows.map((r) => r.recordingId)).to.deep.equal([...rows].sort(byDateThenId(1)).map((r) => r.recordingId));
    expect(rows).to.have.length(ids.length);
    // The list remembered where the catalog began; a recording from 2019 imported now comes first all the same.
    const res = await t.request
      .put('/api/v1/recordings/BWC-EARLY-2019')
      .set(ingest)
      .send(recording({ cameraSerial: 'CAM-E', recordedAt: '2019-03-01T10:00:00-06:00', category: 'traffic', sha256: 'd'.repeat(64) }));
    expect(res.status, res.text).to.equal(201);
    const again = await allPages({ sort: 'recordedAt' });
    expect(again.map((r) => r.recordingId)).to.deep.equal(['BWC-EARLY-2019', ...rows.map((r) => r.recordingId)]);
    await t.deps.models.Recording.deleteOne({ _id: 'BWC-EARLY-2019' });
  });
  it('filters by category, stored retention status and stored public release status together', async () => {
    const all = await allPages({});
    const sample = all.find((r) => r.category === 'arrest');
    if (!sample?.release || !sample.retention) throw new Error('no decided arrest recording');
    const rows = await allPages({
      category: 'arrest',
      releaseStatus: sample.release.outcome,
      retentionStatus: sample.retention.status,
      sort: '-recordedAt',
    });
    const expected = all.filter(
      (r) => r.category === 'arrest' && r.release?.outcome === sample.release?.outcome && r.retention?.status === sample.retention?.status,
    );
    expect(rows.map((r) => r.recordingId).sort()).to.deep.equal(expected.map((r) => r.recordingId).sort());
    expect(rows.length).to.be.greaterThan(0);
  });
  it('refuses an id prefix in date order, an unknown order, an unknown release status and a cursor of another order, naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ idPrefix: 'BWC', sort: '-recordedAt' }, 'query.sort'],
      [{ sort: 'title' }, 'query.sort'],
      [{ releaseStatus: 'maybe' }, 'query.releaseStatus'],
      [{ sort: '-recordedAt', cursor: Buffer.from('BWC-000000010').toString('base64url') }, 'query.cursor'],
    ];
    for (const [query, path] of cases) {
      const res = await t.request.get('/api/v1/recordings').query(query).set(clerk);
      expect(res.status, JSON.stringify(query)).to.equal(400);
      const body = problemOf(res);
      expect(body.errors[0]?.path).to.equal(path);
    }
  });
});

describe('upcoming changes (GET /api/v1/reports/upcoming-changes)', () => {
  let db: DbHandle;
  let t: TestApp;
  const now = new Date('2026-11-20T18:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
  const ingest = bearer('ingest', 'feed');
  type Item = { reviewAt: string; reasons: { kind: string; text: string }[]; recording: { recordingId: string; unit: string } };

  before(async function () {
    this.timeout(60_000);
    db = await freshDatabase('upcoming_changes');
    t = await makeTestApp(db, undefined, undefined, () => now);
    await t.request.put('/api/v1/cameras/CAM-E').set(ingest).send(camera('East Patrol'));
    await t.request.put('/api/v1/cameras/CAM-S').set(ingest).send(camera('South Patrol'));
    const put = async (id: string, body: Record<string, unknown>) => {
      const res = await t.request
        .put(`/api/v1/recordings/${id}`)
        .set(ingest)
        .send(recording({ sha256: 'd'.repeat(64), ...body }));
      expect(res.status, res.text).to.equal(201);
    };
    // Unclassified for 20 and 25 days: each joins the classification backlog at 30 days.
    await put('UP-UNCLASSIFIED-1', { cameraSerial: 'CAM-E', category: 'unclassified', recordedAt: ago(20) });
    await put('UP-UNCLASSIFIED-2', { cameraSerial: 'CAM-S', category: 'unclassified', recordedAt: ago(25) });
    for (let i = 0; i < 5; i++)
      await put(`UP-UNCLASSIFIED-S${i}`, { cameraSerial: 'CAM-S', category: 'unclassified', recordedAt: ago(10 + i) });
    // Recorded yesterday and classified: nothing changes within a week.
    await put('UP-QUIET', { cameraSerial: 'CAM-E', category: 'arrest', recordedAt: ago(1) });
  });
  after(async () => db.close());

  async function all(query: Record<string, string>): Promise<Item[]> {
    const items: Item[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 20; n++) {
      const res: { status: number; text: string; body: { items: Item[]; nextCursor: string | null } } = await t.request
        .get('/api/v1/reports/upcoming-changes')
        .query({ ...query, limit: '2', ...(cursor ? { cursor } : {}) })
        .set(bearer('clerk'));
      expect(res.status, res.text).to.equal(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('too many pages');
  }

  it('lists the recordings whose state changes in the window, soonest first across pages, with the reason in words', async () => {
    const items = await all({ to: '2026-11-30' });
    expect(items.map((x) => x.recording.recordingId)).to.deep.equal(['UP-UNCLASSIFIED-2', 'UP-UNCLASSIFIED-1']);
    // Recorded at 1 PM daylight time; 30 days later is 1 PM standard time (the legal zone's calendar).
    expect(items[0]?.reviewAt).to.equal('2026-11-25T13:00:00.000-06:00');
    expect(items[0]?.reasons).to.deep.equal([
      { kind: 'classification_due', text: 'Unclassified for 30 days: it joins the classification backlog.' },
    ]);
  });
  it('narrows to a unit and a later window, paged without repeats', async () => {
    const items = await all({ unit: 'South Patrol', from: '2026-11-26', to: '2027-01-31' });
    expect(items.map((x) => x.recording.recordingId)).to.deep.equal([
      'UP-UNCLASSIFIED-S4',
      'UP-UNCLASSIFIED-S3',
      'UP-UNCLASSIFIED-S2',
      'UP-UNCLASSIFIED-S1',
      'UP-UNCLASSIFIED-S0',
    ]);
    expect(items.every((x) => x.recording.unit === 'South Patrol')).to.equal(true);
  });
  it('refuses a window that ends before it starts, naming the field, and is open to every reader role', async () => {
    const res = await t.request
      .get('/api/v1/reports/upcoming-changes')
      .query({ from: '2026-12-10', to: '2026-12-01' })
      .set(bearer('auditor'));
    expect(res.status).to.equal(400);
    const body = problemOf(res);
    expect(body.errors[0]?.path).to.equal('query.to');
    for (const role of ['clerk', 'prosecutor', 'auditor', 'admin'] as const) {
      expect((await t.request.get('/api/v1/reports/upcoming-changes').set(bearer(role))).status).to.equal(200);
    }
    expect((await t.request.get('/api/v1/reports/upcoming-changes').set(ingest)).status).to.equal(403);
  });
  it('exports the whole window as CSV in the list order, the reasons in words, and refuses a bad window as problem+json', async () => {
    const res = await t.request
      .get('/api/v1/reports/upcoming-changes/csv')
      .query({ unit: 'South Patrol', from: '2026-11-20', to: '2027-01-31' })
      .set(bearer('auditor'));
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.include('upcoming-changes-2026-11-20.csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).to.equal(
      'changesOn,recordingId,unit,officerId,cameraSerial,category,recordedAt,caseNumbers,publicAnswerNow,retentionNow,changeKinds,why',
    );
    expect(lines.slice(1).map((l) => l.split(',')[1])).to.deep.equal([
      'UP-UNCLASSIFIED-2',
      'UP-UNCLASSIFIED-S4',
      'UP-UNCLASSIFIED-S3',
      'UP-UNCLASSIFIED-S2',
      'UP-UNCLASSIFIED-S1',
      'UP-UNCLASSIFIED-S0',
    ]);
    expect(lines[1]).to.include('classification_due,Unclassified for 30 days: it joins the classification backlog.');
    const bad = await t.request
      .get('/api/v1/reports/upcoming-changes/csv')
      .query({ from: '2026-12-10', to: '2026-12-01' })
      .set(bearer('clerk'));
    expect(bad.status).to.equal(400);
    expect(bad.headers['content-type']).to.match(/problem\+json/);
    expect((await t.request.get('/api/v1/reports/upcoming-changes/csv').set(ingest)).status).to.equal(403);
  });
});
