import { expect } from 'chai';
import { RecordingInput } from '../../src/domain/catalog/catalog.schemas';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

describe('derived state after a case event', () => {
  let db: DbHandle;
  let t: TestApp;
  const now = new Date('2026-11-20T18:00:00Z');
  before(async () => {
    db = await freshDatabase('case_refresh');
    t = await makeTestApp(db, undefined, undefined, () => now);
  });
  after(async () => db.close());

  it('reflects one event in all 200 linked recordings before the event response returns', async function () {
    this.timeout(120_000);
    const s = t.deps.services;
    await t.request.put('/api/v1/cameras/CAM-1').set(bearer('admin')).send(camera());
    await t.request.put('/api/v1/cases/KC-200').set(bearer('prosecutor')).send({ offenseClass: 'felony', offenseDate: '2026-03-01' });
    const items = Array.from({ length: 200 }, (_, i) => ({
      recordingId: `B-${String(i).padStart(3, '0')}`,
      input: RecordingInput.parse(recording({ caseNumbers: ['KC-200'], category: 'arrest', sha256: i.toString(16).padStart(64, '0') })),
      ref: i,
    }));
    const outcomes = await s.recordings.upsertBatch(items, { sub: 'feed', role: 'ingest' }, now);
    expect(outcomes.filter((o) => o.result === 'inserted')).to.have.length(200);
    const before = await t.deps.models.Recording.find({ caseNumbers: 'KC-200' }, { release: 1 }).lean();
    expect(before.every((r) => r.release?.outcome === 'withhold')).to.equal(true);

    const res = await t.request
      .post('/api/v1/cases/KC-200/events')
      .set(bearer('prosecutor'))
      .send({ type: 'declined', date: '2026-04-01' });
    expect(res.status).to.equal(201);
    const after = await t.deps.models.Recording.find({ caseNumbers: 'KC-200' }, { release: 1, retention: 1 }).lean();
    expect(after).to.have.length(200);
    expect(after.filter((r) => r.release?.outcome === 'release')).to.have.length(200);
    expect(after.every((r) => r.release?.ruleIds.includes('MO-OPEN'))).to.equal(true);
    // Declined 2026-04-01: kept until the later of recorded + 180 days and inactive + 1 year.
    expect(after.every((r) => r.retention?.status === 'retain' && r.retention.retainUntil?.toISOString().startsWith('2027-04-0'))).to.equal(
      true,
    );
  });
});
