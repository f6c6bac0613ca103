import { expect } from 'chai';
import { AuditPage } from '../../src/http/audit/audit.schemas';
import { RequestView } from '../../src/http/requests/requests.schemas';
import type { DbHandle } from '../../src/persistence/connection';
import { bodyOf, problemOf } from '../support/api';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';

const clerk = bearer('clerk', 'jdoe');
const ingest = bearer('ingest', 'feed');
const prosecutor = bearer('prosecutor', 'ada');
const auditor = bearer('auditor', 'aud');

describe("a logged request's requester claim, changed after intake (POST /api/v1/requests/:id/claim)", () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T10:00:00-06:00');
  const tick = () => {
    clock = new Date(clock.getTime() + 60_000);
  };
  const log = async (name: string) => {
    const res = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({
        receivedAt: '2026-11-20T09:30:00-06:00',
        requester: { name, kind: 'depicted_person' },
        recordingIds: ['RC-ACTIVE'],
      });
    expect(res.status, res.text).to.equal(201);
    return bodyOf(res, RequestView);
  };
  const claim = (id: string, body: object, who = clerk) => t.request.post(`/api/v1/requests/${id}/claim`).set(who).send(body);

  before(async () => {
    db = await freshDatabase('request_claim');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    expect((await t.request.put('/api/v1/cases/KC-1').set(prosecutor).send(misdemeanorCase())).status).to.equal(201);
    const charged = await t.request
      .post('/api/v1/cases/KC-1/events')
      .set(prosecutor)
      .send({ type: 'charged', date: '2026-05-02', defendantId: 'D1' });
    expect(charged.status, charged.text).to.equal(201);
    const rec = await t.request
      .put('/api/v1/recordings/RC-ACTIVE')
      .set(ingest)
      .send(recording({ category: 'arrest', caseNumbers: ['KC-1'] }));
    expect(rec.status, rec.text).to.equal(201);
    tick();
  });
  after(async () => db.close());

  it("answers the requester's questions for a logged request and decides its recordings again, keeping its status", async () => {
    const r = await log('J. Smith');
    expect(r.decisions[0]?.outcome).to.equal('needs_legal_review');
    expect(r.decisions[0]?.missingFacts).to.include.members(['requester.identityVerified', 'requester.writtenRequest']);
    tick();
    const res = await claim(r.number ?? r.requestId, {
      claim: { writtenRequest: true, identityVerified: true },
      note: 'ID checked at the counter',
    });
    expect(res.status, res.text).to.equal(200);
    const next = bodyOf(res, RequestView);
    expect(next.status).to.equal('received');
    expect(next.requester.claim).to.deep.equal({ writtenRequest: true, identityVerified: true });
    expect(next.decisions[0]).to.deep.include({ outcome: 'release', respondWithinDays: 30 });
    expect(next.decisions[0]?.decisionId).to.not.equal(r.decisions[0]?.decisionId);
    const last = next.history[next.history.length - 1];
    expect(last).to.deep.include({ from: 'received', to: 'received', by: 'jdoe' });
    expect(last?.note).to.contain('identityVerified, writtenRequest').and.to.contain('ID checked at the counter');
    expect(last?.decisionIds).to.deep.equal([next.decisions[0]?.decisionId]);
  });

  it('is audited with the clerk as the actor', async () => {
    const res = await t.request.get('/api/v1/audit?actor=jdoe').set(auditor);
    const entry = bodyOf(res, AuditPage).items.find((i) => i.action === 'POST /api/v1/requests/:id/claim');
    expect(entry?.actor).to.deep.equal({ sub: 'jdoe', role: 'clerk' });
    expect(entry?.outcome.status).to.equal(200);
  });

  it('refuses a field that is not part of a claim (400 naming it), and a withdrawn request (409)', async () => {
    const r = await log('K. Jones');
    const bad = await claim(r.requestId, { claim: { isVip: true } });
    expect(bad.status).to.equal(400);
    expect(problemOf(bad).detail).to.contain('body.claim');
    tick();
    expect((await t.request.post(`/api/v1/requests/${r.requestId}/withdraw`).set(clerk).send({})).status).to.equal(200);
    const late = await claim(r.requestId, { claim: { writtenRequest: true } });
    expect(late.status, late.text).to.equal(409);
    expect(problemOf(late).detail).to.contain("the requester's claim can no longer change");
  });

  it('lets a clerk and an administrator change it, and no other role', async () => {
    const r = await log('L. Brown');
    tick();
    expect((await claim(r.requestId, { claim: { writtenRequest: true } }, bearer('admin', 'root'))).status).to.equal(200);
    for (const role of ['prosecutor', 'auditor', 'counsel', 'ingest'] as const) {
      const res = await claim(r.requestId, { claim: { writtenRequest: false } }, bearer(role, `${role}-1`));
      expect(res.status, `${role}: ${res.text}`).to.equal(403);
    }
  });
});
