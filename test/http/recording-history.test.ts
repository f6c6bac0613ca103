import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { bodyOf } from '../support/api';
import { ImportSummary } from '../../src/domain/catalog/import.service';
import { RecordingHistoryView } from '../../src/http/catalog/history.responses';
import { DecisionLogView, LoggedDecision, ReplayView } from '../../src/http/eligibility/eligibility.schemas';

describe('recording revisions: knownAt covers edits to recordings, history, replay', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T15:00:00Z');
  const at = (iso: string) => {
    clock = new Date(iso);
  };
  const ingest = bearer('ingest', 'feed');
  const clerk = bearer('clerk', 'jdoe');
  // Linked to a declined (inactive) case: open to the public while at a public place.
  const original = () =>
    recording({ category: 'traffic', caseNumbers: ['KC-H'], location: { nonpublic: false, kind: 'public', address: '1200 Main St' } });
  const moved = () =>
    recording({
      category: 'arrest',
      caseNumbers: ['KC-H'],
      location: { nonpublic: true, kind: 'dwelling', address: '14 Elm Ct' },
      flags: { depictsMinor: true },
    });

  before(async () => {
    db = await freshDatabase('recording_history');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    const prosecutor = bearer('prosecutor');
    expect(
      (
        await t.request
          .put('/api/v1/cases/KC-H')
          .set(prosecutor)
          .send({ offenseClass: 'misdemeanor', offenseDate: '2026-05-01', defendants: [] })
      ).status,
    ).to.equal(201);
    expect(
      (await t.request.post('/api/v1/cases/KC-H/events').set(prosecutor).send({ type: 'declined', date: '2026-06-01' })).status,
    ).to.equal(201);
  });
  after(async () => db.close());

  describe('a recording reclassified and moved to a nonpublic location after a decision', () => {
    let first: { decisionId: string; outcome: string; knownAt: string };
    before(async () => {
      at('2026-11-20T15:00:00Z');
      expect((await t.request.put('/api/v1/recordings/H-1').set(ingest).send(original())).status).to.equal(201);
      at('2026-11-20T16:00:00Z');
      const d = await t.request.get('/api/v1/recordings/H-1/eligibility').set(clerk);
      expect(d.status, d.text).to.equal(200);
      const dBody = bodyOf(d, LoggedDecision);
      first = dBody;
      at('2026-11-21T10:00:00Z');
      const put = await t.request.put('/api/v1/recordings/H-1').set(ingest).send(moved());
      expect(put.status, put.text).to.equal(200);
      at('2026-11-22T10:00:00Z');
    });

    it('decided differently once edited (the test would prove nothing otherwise)', async () => {
      const now = await t.request.get('/api/v1/recordings/H-1/eligibility').set(clerk);
      const nowBody = bodyOf(now, LoggedDecision);
      expect(first.outcome).to.equal('release');
      expect(nowBody.outcome).not.to.equal(first.outcome);
    });
    it('replays to the original decision with the original knownAt, and to the new one without it', async () => {
      const asOf = encodeURIComponent('2026-11-20T16:00:00Z');
      const then = await t.request
        .get(`/api/v1/recordings/H-1/eligibility?asOf=${asOf}&knownAt=${encodeURIComponent(first.knownAt)}`)
        .set(clerk);
      expect(then.status, then.text).to.equal(200);
      const thenBody = bodyOf(then, LoggedDecision);
      expect(thenBody.outcome).to.equal(first.outcome);
      expect(thenBody.reasons).to.deep.equal(
        bodyOf(await t.request.get(`/api/v1/decisions/${first.decisionId}`).set(clerk), DecisionLogView).decision.reasons,
      );
      const now = await t.request.get(`/api/v1/recordings/H-1/eligibility?asOf=${asOf}`).set(clerk);
      const nowBody = bodyOf(now, LoggedDecision);
      expect(nowBody.outcome).to.equal('withhold');
    });
    it('logs the content known at knownAt as the decision facts', async () => {
      const then = await t.request.get(`/api/v1/recordings/H-1/eligibility?knownAt=${encodeURIComponent(first.knownAt)}`).set(clerk);
      const thenBody = bodyOf(then, LoggedDecision);
      const logged = await t.request.get(`/api/v1/decisions/${thenBody.decisionId}`).set(clerk);
      const loggedBody = bodyOf(logged, DecisionLogView);
      expect(loggedBody.facts.recording).to.include({ category: 'traffic', nonpublic: false, locationKind: 'public' });
    });
    it('replays the logged decision identically: replay uses the revision known at the decision knownAt', async () => {
      const r = await t.request.post(`/api/v1/decisions/${first.decisionId}/replay`).set(clerk);
      expect(r.status, r.text).to.equal(200);
      const rBody = bodyOf(r, ReplayView);
      expect(rBody.identical).to.equal(true);
      expect(rBody.replayed.outcome).to.equal('release');
    });
    it('replays a decision logged with content edited after its knownAt from the revision known then', async () => {
      // An entry logged before revisions were read (facts = the content at logging time, edited after knownAt).
      const entry = await t.deps.models.Decision.findById(first.decisionId).lean();
      expect(entry).not.to.equal(null);
      await t.deps.models.Decision.updateOne(
        { _id: first.decisionId },
        {
          $set: {
            'facts.recording.category': 'investigation',
            'facts.recording.nonpublic': true,
            'facts.recording.locationKind': 'dwelling',
          },
        },
      );
      const r = await t.request.post(`/api/v1/decisions/${first.decisionId}/replay`).set(clerk);
      const rBody = bodyOf(r, ReplayView);
      expect(rBody.replayed.outcome).to.equal('release');
      expect(rBody.identical).to.equal(true);
    });
    it('lists the revisions with who, when and what changed', async () => {
      const h = await t.request.get('/api/v1/recordings/H-1/history').set(bearer('auditor'));
      expect(h.status, h.text).to.equal(200);
      const hBody = bodyOf(h, RecordingHistoryView);
      expect(hBody.revisions).to.have.length(2);
      const [a, b] = hBody.revisions;
      expect(a).to.include({ seq: 0, recordedBy: 'feed', recordedAt: '2026-11-20T09:00:00.000-06:00', backfilled: false });
      expect(a?.changes).to.deep.equal([]);
      expect(b).to.include({ seq: 1, recordedAt: '2026-11-21T04:00:00.000-06:00' });
      expect(b?.changes.map((c: { field: string }) => c.field).sort()).to.deep.equal([
        'category',
        'flags.depictsMinor',
        'location.address',
        'location.kind',
        'location.nonpublic',
      ]);
      expect(b?.changes.find((c: { field: string }) => c.field === 'category')).to.deep.equal({
        field: 'category',
        from: 'traffic',
        to: 'arrest',
      });
      expect(hBody.currentRevisionId).to.equal(b?.revisionId);
    });
    it('adds no revision for an unchanged re-send', async () => {
      expect((await t.request.put('/api/v1/recordings/H-1').set(ingest).send(moved())).headers['x-upsert-result']).to.equal('unchanged');
      expect(bodyOf(await t.request.get('/api/v1/recordings/H-1/history').set(clerk), RecordingHistoryView).revisions).to.have.length(2);
    });
  });

  it('answers 404 for a knownAt before the recording was first recorded (nothing was known of it)', async () => {
    at('2026-11-28T10:00:00Z');
    expect((await t.request.put('/api/v1/recordings/H-3').set(ingest).send(original())).status).to.equal(201);
    at('2026-11-28T12:00:00Z');
    const before = await t.request
      .get(`/api/v1/recordings/H-3/eligibility?knownAt=${encodeURIComponent('2026-11-28T09:59:00Z')}`)
      .set(clerk);
    expect(before.status).to.equal(404);
    const after = await t.request
      .get(`/api/v1/recordings/H-3/eligibility?knownAt=${encodeURIComponent('2026-11-28T10:00:00Z')}`)
      .set(clerk);
    expect(after.status).to.equal(200);
  });

  it('answers 404 for the history of an unknown recording, and forbids the ingest role', async () => {
    expect((await t.request.get('/api/v1/recordings/NOPE/history').set(clerk)).status).to.equal(404);
    expect((await t.request.get('/api/v1/recordings/H-1/history').set(ingest)).status).to.equal(403);
  });

  it('ignores a revision whose recording write never landed (a crash between the two), and chains the next write from the head', async () => {
    at('2026-11-23T10:00:00Z');
    expect((await t.request.put('/api/v1/recordings/H-2').set(ingest).send(original())).status).to.equal(201);
    const head = (await t.deps.models.Recording.findById('H-2').lean())?.revision;
    if (!head) throw new Error('no revision head');
    // What a writer that died after its revision insert leaves behind.
    await t.deps.models.RecordingRevision.create({
      _id: 'REV-orphan',
      recordingId: 'H-2',
      seq: head.seq + 1,
      prev: head.id,
      recordedAt: new Date('2026-11-23T11:00:00Z'),
      recordedBy: 'dead',
      backfilled: false,
      content: { ...(await t.deps.models.RecordingRevision.findById(head.id).lean())?.content, category: 'homicide' },
    });
    at('2026-11-23T12:00:00Z');
    const then = await t.request.get(`/api/v1/recordings/H-2/eligibility?knownAt=${encodeURIComponent('2026-11-23T11:30:00Z')}`).set(clerk);
    expect(then.status).to.equal(200);
    const thenBody = bodyOf(then, LoggedDecision);
    expect(
      bodyOf(await t.request.get(`/api/v1/decisions/${thenBody.decisionId}`).set(clerk), DecisionLogView).facts.recording.category,
    ).to.equal('traffic');
    expect((await t.request.put('/api/v1/recordings/H-2').set(ingest).send(moved())).status).to.equal(200);
    const h = await t.request.get('/api/v1/recordings/H-2/history').set(clerk);
    const hBody = bodyOf(h, RecordingHistoryView);
    expect(hBody.revisions.map((r: { revisionId: string; seq: number }) => r.seq)).to.deep.equal([0, 1]);
    expect(hBody.revisions.map((r: { revisionId: string }) => r.revisionId)).not.to.include('REV-orphan');
    expect(hBody.revisions[1]?.changes.find((c) => c.field === 'category')?.from).to.equal('traffic');
  });

  it('backfills the first revision of a recording stored before revisions were kept, when it next changes', async () => {
    at('2026-11-24T10:00:00Z');
    await t.request.put('/api/v1/recordings/H-OLD').set(ingest).send(original());
    await t.deps.models.Recording.updateOne({ _id: 'H-OLD' }, { $set: { revision: null, updatedAt: new Date('2026-11-24T10:00:00Z') } });
    await t.deps.models.RecordingRevision.deleteMany({ recordingId: 'H-OLD' });
    at('2026-11-25T10:00:00Z');
    expect((await t.request.put('/api/v1/recordings/H-OLD').set(ingest).send(moved())).status).to.equal(200);
    const h = await t.request.get('/api/v1/recordings/H-OLD/history').set(clerk);
    const hBody = bodyOf(h, RecordingHistoryView);
    expect(hBody.revisions.map((r: { backfilled: boolean; seq: number }) => [r.seq, r.backfilled])).to.deep.equal([
      [0, true],
      [1, false],
    ]);
    const then = await t.request
      .get(`/api/v1/recordings/H-OLD/eligibility?knownAt=${encodeURIComponent('2026-11-24T12:00:00Z')}&asOf=2026-11-24`)
      .set(clerk);
    const thenBody = bodyOf(then, LoggedDecision);
    expect(thenBody.outcome).to.equal('release');
  });

  it('writes a first revision for every recording of a bulk import, and a new one for each changed line of a later import', async () => {
    at('2026-11-26T10:00:00Z');
    const line = (id: string, category: string) => JSON.stringify({ recordingId: id, ...recording({ category }) });
    const first = await t.request
      .post('/api/v1/recordings/import')
      .set(ingest)
      .set('Content-Type', 'application/x-ndjson')
      .send([line('B-1', 'traffic'), line('B-2', 'traffic'), line('B-3', 'traffic')].join('\n'));
    expect(first.status, first.text).to.equal(200);
    at('2026-11-27T10:00:00Z');
    const second = await t.request
      .post('/api/v1/recordings/import')
      .set(ingest)
      .set('Content-Type', 'application/x-ndjson')
      .send([line('B-1', 'traffic'), line('B-2', 'investigation'), line('B-3', 'traffic')].join('\n'));
    const secondBody = bodyOf(second, ImportSummary);
    expect(secondBody).to.include({ unchanged: 2, updated: 1 });
    const seqs = async (id: string) =>
      bodyOf(await t.request.get(`/api/v1/recordings/${id}/history`).set(clerk), RecordingHistoryView).revisions.map((r) => r.seq);
    expect(await seqs('B-1')).to.deep.equal([0]);
    expect(await seqs('B-2')).to.deep.equal([0, 1]);
    expect(await seqs('B-3')).to.deep.equal([0]);
    expect(await t.deps.models.RecordingRevision.countDocuments({ recordingId: { $in: ['B-1', 'B-2', 'B-3'] } })).to.equal(4);
  });
});
