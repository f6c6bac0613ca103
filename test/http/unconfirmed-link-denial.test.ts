import { expect } from 'chai';
import { RequestView } from '../../src/http/requests/requests.schemas';
import type { DbHandle } from '../../src/persistence/connection';
import { bodyOf, problemOf } from '../support/api';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

const ingest = bearer('ingest', 'feed');
const clerk = bearer('clerk', 'jdoe');
const prosecutor = bearer('prosecutor', 'pros');

/**
 * Counsel session 8, M1: a closure resting only on a case a clerk linked and nobody confirmed is kept,
 * but a denial must cite the provision that applies to the record (RSMo 610.023.4). The decision says
 * so as data; the final response waits for the prosecutor, a partial response delays the recording,
 * and the review queue asks the prosecutor's question.
 */
describe("a denial resting only on a clerk's unconfirmed case link waits for the prosecutor's confirmation", () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-12-02T10:00:00-06:00');
  let requestId = '';
  const act = (action: string, body: Record<string, unknown> = {}) =>
    t.request.post(`/api/v1/requests/${requestId}/${action}`).set(clerk).send(body);

  before(async () => {
    db = await freshDatabase('unconfirmed_link_denial');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    const kc = await t.request
      .put('/api/v1/cases/KC-NEW')
      .set(prosecutor)
      .send({ offenseClass: 'felony', offenseDate: '2026-11-02', defendants: [{ defendantId: 'D1' }] });
    expect(kc.status, kc.text).to.equal(201);
    const rec = { recordedAt: '2026-11-02T14:00:00-06:00', redactionReview: { reviewedBy: 'rc', reviewedAt: '2026-11-03T10:00:00-06:00' } };
    for (const id of ['UL-1', 'UL-OPEN']) {
      const res = await t.request
        .put(`/api/v1/recordings/${id}`)
        .set(ingest)
        .send(recording({ ...rec, category: 'non_evidentiary' }));
      expect(res.status, res.text).to.equal(201);
    }
    const linked = await t.request
      .put('/api/v1/recordings/UL-1')
      .set(ingest)
      .send(recording({ ...rec, category: 'arrest' }));
    expect(linked.status, linked.text).to.equal(200);
    const facts = await t.request
      .post('/api/v1/recordings/UL-1/review-facts')
      .set(clerk)
      .send({ caseNumbers: ['KC-NEW'] });
    expect(facts.status, facts.text).to.equal(200);
    const req = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({
        receivedAt: '2026-12-02T09:00:00-06:00',
        requester: { name: 'Kansas City Star', kind: 'public', contact: 'records@example.org' },
        recordingIds: ['UL-1', 'UL-OPEN'],
      });
    expect(req.status, req.text).to.equal(201);
    requestId = bodyOf(req, RequestView).requestId;
    expect((await act('review')).status).to.equal(200);
  });
  after(async () => db.close());

  it('withholds the recording and names the case the closure rests on, as data', async () => {
    const res = await t.request.get('/api/v1/recordings/UL-1/eligibility?requester=public').set(clerk);
    expect(res.status, res.text).to.equal(200);
    const d = res.body as { outcome: string; unconfirmedLinks: string[]; reasons: { ruleId: string; text: string; staffNote?: string }[] };
    expect(d.outcome).to.equal('withhold');
    expect(d.unconfirmedLinks).to.deep.equal(['KC-NEW']);
    const active = d.reasons.find((r) => r.ruleId === 'MO-ACTIVE');
    expect(active?.staffNote).to.contain('before a denial cites it');
    expect(active?.text).to.not.contain('jdoe');
  });

  it("puts it in the review queue under the prosecutor's question about the link", async () => {
    const res = await t.request.get('/api/v1/review-queue?question=recording-case-link-confirmed').set(clerk);
    expect(res.status, res.text).to.equal(200);
    const page = res.body as {
      groups: { questionId: string; answeredBy: string }[];
      items: { recordingIds: string[]; requesterKinds: string[] }[];
    };
    expect(page.groups.map((g) => [g.questionId, g.answeredBy])).to.deep.equal([['recording-case-link-confirmed', 'prosecutor']]);
    expect(page.items.flatMap((i) => i.recordingIds)).to.deep.equal(['UL-1']);
    expect(page.items[0]?.requesterKinds).to.include('public');
    // The request page says which of its recordings wait, so the clerk sees who must act.
    const req = await t.request.get(`/api/v1/requests/${requestId}`).set(clerk);
    expect(req.status, req.text).to.equal(200);
    expect((req.body as { reviewWait: { recordingIds: string[] } }).reviewWait.recordingIds).to.deep.equal(['UL-1']);
  });

  it('refuses the final response, naming the link and the provision, and delays the recording in a partial response', async () => {
    const refused = await act('respond', { note: 'sent by email' });
    expect(refused.status, refused.text).to.equal(409);
    const p = problemOf(refused);
    expect(p.detail).to.contain('UL-1 (case KC-NEW)').and.contain('610.023.4').and.contain('recording-case-link-confirmed');
    const partial = await act('partial-response', {
      cause: 'Recording UL-1: the prosecutor is confirming which case it belongs to.',
      availableAt: '2026-12-09T12:00:00-06:00',
      place: 'the KCPD records portal',
    });
    expect(partial.status, partial.text).to.equal(200);
    const r = partial.body as {
      status: string;
      responses: { answeredRecordingIds: string[]; pendingRecordingIds: string[]; delay: { place: string | null } | null }[];
    };
    // The place is kept with the response it was given in (counsel session 9, on M3) and with the delay in force.
    expect(r.responses[0]?.delay?.place).to.equal('the KCPD records portal');
    expect(r.status).to.equal('partially_responded');
    expect(r.responses[0]).to.deep.include({ answeredRecordingIds: ['UL-OPEN'], pendingRecordingIds: ['UL-1'] });
  });

  it('lets the denial go out once the prosecutor confirms the link', async () => {
    clock = new Date(clock.getTime() + 3_600_000);
    const confirmed = await t.request
      .post('/api/v1/recordings/UL-1/review-facts/confirmations')
      .set(prosecutor)
      .send({ field: 'caseNumbers', caseNumber: 'KC-NEW', confirmed: true, basis: 'Det. Ray: CAD 26-0042' });
    expect(confirmed.status, confirmed.text).to.equal(200);
    const res = await act('respond', { note: 'sent by email' });
    expect(res.status, res.text).to.equal(200);
    // UL-OPEN was released in the partial response; UL-1 is now denied on the confirmed link.
    const v = bodyOf(res, RequestView);
    expect(v.outcome).to.equal('partially_released');
    expect(v.decisions.find((d) => d.recordingId === 'UL-1')?.outcome).to.equal('withhold');
  });
});
