import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

describe('concurrent writes to one recording', () => {
  let db: DbHandle;
  let t: TestApp;
  const prosecutor = bearer('prosecutor');
  const ingest = bearer('ingest');
  before(async () => {
    db = await freshDatabase('write_race');
    t = await makeTestApp(db, undefined, undefined, () => new Date('2026-11-20T18:00:00Z'));
    await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera());
  });
  after(async () => db.close());

  it('keeps a metadata update that races a case event refreshing the same recording, and the state reflects the event', async () => {
    for (let round = 0; round < 6; round++) {
      const cn = `KC-R${round}`;
      const id = `RACE-${round}`;
      await t.request.put(`/api/v1/cases/${cn}`).set(prosecutor).send({ offenseClass: 'felony', offenseDate: '2026-01-05' });
      await t.request
        .put(`/api/v1/recordings/${id}`)
        .set(ingest)
        .send(recording({ caseNumbers: [cn], category: 'investigation' }));
      const [put, ev] = await Promise.all([
        t.request
          .put(`/api/v1/recordings/${id}`)
          .set(ingest)
          .send(recording({ caseNumbers: [cn], category: 'investigation', title: `round ${round}` })),
        t.request.post(`/api/v1/cases/${cn}/events`).set(prosecutor).send({ type: 'declined', date: '2026-02-01' }),
      ]);
      expect(put.status).to.equal(200);
      expect(ev.status).to.equal(201);
      const stored = await t.request.get(`/api/v1/recordings/${id}`).set(bearer('clerk'));
      const body = stored.body as { title: string; release: { outcome: string } };
      expect(body.title, `round ${round}`).to.equal(`round ${round}`);
      expect(body.release.outcome, `round ${round}`).to.equal('release');
    }
  });

  it("merges a feed write that races a clerk's answer with it, instead of refusing the feed (409): both are kept", async () => {
    const clerk = bearer('clerk', 'jdoe');
    for (let round = 0; round < 6; round++) {
      const id = `MERGE-${round}`;
      const cn = `KC-M${round}`;
      await t.request
        .put(`/api/v1/recordings/${id}`)
        .set(ingest)
        .send(recording({ category: 'unclassified' }));
      const [put, answer] = await Promise.all([
        t.request
          .put(`/api/v1/recordings/${id}`)
          .set(ingest)
          .send(recording({ category: 'unclassified', title: `round ${round}` })),
        t.request
          .post(`/api/v1/recordings/${id}/review-facts`)
          .set(clerk)
          .send({ caseNumbers: [cn] }),
      ]);
      expect(put.status, `round ${round}: ${put.text}`).to.equal(200);
      expect(answer.status, `round ${round}: ${answer.text}`).to.equal(200);
      const stored = await t.request.get(`/api/v1/recordings/${id}`).set(clerk);
      const body = stored.body as { title: string; caseNumbers: string[] };
      expect(body.title, `round ${round}`).to.equal(`round ${round}`);
      expect(body.caseNumbers, `round ${round}`).to.deep.equal([cn]);
    }
  });
});
