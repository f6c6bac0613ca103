import { expect } from 'chai';
import { RecordingView } from '../../src/http/catalog/catalog.responses';
import { RecordingHistoryView } from '../../src/http/catalog/history.responses';
import { sweep } from '../../src/domain/services';
import type { DbHandle } from '../../src/persistence/connection';
import { bodyOf } from '../support/api';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';

const ingest = bearer('ingest', 'feed');
const clerk = bearer('clerk', 'jdoe');
const prosecutor = bearer('prosecutor', 'pros');
const admin = bearer('admin', 'records-officer');
const auditor = bearer('auditor', 'aud');

/**
 * Counsel session 6, G2: a recording a clerk classified and linked before the sources of review facts
 * were kept (probe L1) read the clerk's link and category as the feed's: release, and eligible for
 * destruction since 2020. The sweep's backfill marks them as the clerk's, unconfirmed; until it does,
 * the facts are read that way where they are built (counsel session 8, H1).
 */
describe('the sweep marks review facts a clerk entered before their sources were kept as unconfirmed (backfill)', () => {
  let db: DbHandle;
  let t: TestApp;
  const clock = new Date('2026-12-02T10:00:00-06:00');
  const answer = async (id: string) => {
    const res = await t.request.get(`/api/v1/recordings/${id}/eligibility?requester=public`).set(clerk);
    expect(res.status, res.text).to.equal(200);
    return res.body as { outcome: string; missingFacts: string[]; reasons: Array<{ ruleId: string }> };
  };
  const view = async (id: string) => bodyOf(await t.request.get(`/api/v1/recordings/${id}`).set(auditor), RecordingView);
  const destroy = (id: string) =>
    t.request
      .post(`/api/v1/recordings/${id}/destruction`)
      .set(admin)
      .send({ authority: 'Records disposition list 2026-11', performedAt: '2026-12-01T09:00:00-06:00' });

  before(async () => {
    db = await freshDatabase('review_sources_backfill');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    expect((await t.request.put('/api/v1/cases/KC-OLD').set(prosecutor).send(misdemeanorCase('2018-01-02'))).status).to.equal(201);
    const declined = await t.request.post('/api/v1/cases/KC-OLD/events').set(prosecutor).send({ type: 'declined', date: '2018-02-02' });
    expect(declined.status, declined.text).to.equal(201);
    const put = await t.request
      .put('/api/v1/recordings/BF-L1')
      .set(ingest)
      .send(
        recording({
          recordedAt: '2018-01-02T14:00:00-06:00',
          redactionReview: { reviewedBy: 'rc', reviewedAt: '2018-01-03T10:00:00-06:00' },
          category: 'unclassified',
        }),
      );
    expect(put.status, put.text).to.equal(201);
    const res = await t.request
      .post('/api/v1/recordings/BF-L1/review-facts')
      .set(clerk)
      .send({ category: 'traffic', caseNumbers: ['KC-OLD'] });
    expect(res.status, res.text).to.equal(200);
    // As the review-facts route stored it before the sources were kept: an overlay without entries, a
    // revision with source review_facts, no sources on the recording or its revisions, and a content
    // hash that did not cover the entries.
    const { Recording, RecordingRevision } = t.deps.models;
    await Recording.collection.updateOne({ _id: 'BF-L1' } as object, {
      $unset: { 'reviewFacts.links': '', 'reviewFacts.categoryEntry': '', reviewSources: '' },
      $set: { contentHash: 'f'.repeat(64) },
    });
    await RecordingRevision.collection.updateMany({ recordingId: 'BF-L1' }, { $unset: { 'content.reviewSources': '' } });
  });
  after(async () => db.close());

  it("reads the clerk's link and category as unconfirmed even before the backfill (no release), and refuses its destruction meanwhile", async () => {
    // Counsel session 8, H1: before this, the recording was released (MO-OPEN) until the sweep reached it.
    const a = await answer('BF-L1');
    expect(a.outcome).to.equal('needs_legal_review');
    expect(a.missingFacts).to.deep.equal(['recording.caseLinkConfirmed']);
    expect(a.reasons.map((r) => r.ruleId)).to.include('MO-LINK-UNCONFIRMED');
    const res = await destroy('BF-L1');
    expect(res.status, res.text).to.equal(409);
    expect(res.text).to.contain('before their sources were kept');
    expect((await view('BF-L1')).destruction).to.equal(null);
  });

  it("puts it in review and keeps it from destruction after the sweep: the clerk's link and category are unconfirmed", async () => {
    const first = await sweep(t.deps.services, clock);
    expect(first.reviewSourcesBackfilled).to.equal(1);
    const a = await answer('BF-L1');
    expect(a.outcome).to.equal('needs_legal_review');
    expect(a.missingFacts).to.deep.equal(['recording.caseLinkConfirmed']);
    expect(a.reasons.map((r) => r.ruleId)).to.include('MO-LINK-UNCONFIRMED');
    const v = await view('BF-L1');
    expect(v.retention?.status).to.equal('classification_needed');
    expect(v.release?.outcome).to.equal('needs_legal_review');
    expect(v.reviewFacts?.caseLinks.map((l) => [l.caseNumber, l.by, l.confirmation])).to.deep.equal([['KC-OLD', 'jdoe', null]]);
    expect(v.reviewFacts?.category).to.include({ value: 'traffic', by: 'jdoe', confirmation: null });
    const res = await destroy('BF-L1');
    expect(res.status, res.text).to.equal(409);
    expect(res.text).to.contain('classification_needed');
    const h = bodyOf(await t.request.get('/api/v1/recordings/BF-L1/history').set(auditor), RecordingHistoryView);
    expect(h.revisions.map((r) => r.source)).to.deep.equal(['feed', 'review_facts', 'migration']);
  });

  it('finds nothing more to backfill on the next sweep', async () => {
    expect((await sweep(t.deps.services, clock)).reviewSourcesBackfilled).to.equal(0);
    expect((await view('BF-L1')).retention?.status).to.equal('classification_needed');
  });
});
