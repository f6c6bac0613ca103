import { expect } from 'chai';
import { AuditService } from '../../src/domain/audit/audit.service';
import { createModels } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

describe('audit trail', () => {
  let db: DbHandle;
  let t: TestApp;
  const auditor = bearer('auditor', 'aud');
  before(async () => {
    db = await freshDatabase('audit');
    t = await makeTestApp(db);
    await t.request.put('/api/v1/cameras/CAM-1').set(bearer('ingest', 'feed')).send(camera());
    await t.request.put('/api/v1/recordings/A-1').set(bearer('ingest', 'feed')).send(recording());
  });
  after(async () => db.close());

  it('records a write with actor, role, action, target, request id, source, outcome and body digest', async () => {
    const res = await t.request.get('/api/v1/audit?target=A-1').set(auditor);
    expect(res.status, res.text).to.equal(200);
    const e = res.body.items.find((i: { action: string }) => i.action === 'PUT /api/v1/recordings/:recordingId');
    expect(e.actor).to.deep.equal({ sub: 'feed', role: 'ingest' });
    expect(e.outcome.status).to.equal(201);
    expect(e.bodyDigest).to.match(/^[0-9a-f]{64}$/);
    expect(e.requestId).to.be.a('string').and.not.empty;
    expect(e.source).to.be.a('string').and.not.empty;
  });

  it('records refused requests (401 and 403) too', async () => {
    await t.request.get('/api/v1/recordings/A-1').set('Authorization', 'Bearer x.y.z');
    await t.request.put('/api/v1/recordings/A-2').set(bearer('clerk', 'nosy')).send(recording());
    const refused = await t.request.get('/api/v1/audit?action=GET%20%2Fapi%2Fv1%2Frecordings%2F%3ArecordingId').set(auditor);
    expect(refused.body.items.some((i: { outcome: { status: number } }) => i.outcome.status === 401)).to.equal(true);
    const forbidden = await t.request.get('/api/v1/audit?actor=nosy').set(auditor);
    expect(forbidden.body.items[0].outcome).to.deep.equal({ status: 403, code: 'FORBIDDEN' });
  });

  it('records every eligibility answer', async () => {
    await t.request.get('/api/v1/recordings/A-1/eligibility').set(bearer('clerk', 'jdoe'));
    const res = await t.request.get('/api/v1/audit?actor=jdoe').set(auditor);
    expect(res.body.items.map((i: { action: string }) => i.action)).to.include('GET /api/v1/recordings/:recordingId/eligibility');
  });

  it('verifies an intact chain', async () => {
    const res = await t.request.get('/api/v1/audit/verify').set(auditor);
    expect(res.body.ok).to.equal(true);
    expect(res.body.entriesVerified).to.be.greaterThan(3);
  });

  it('exports the trail as CSV with a header row', async () => {
    const res = await t.request.get('/api/v1/audit?format=csv').set(auditor);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/text\/csv/);
    expect(res.text.split('\r\n')[0]).to.equal('\uFEFFseq,at,actor,role,action,targets,requestId,source,status,code,bodyDigest,prevHash,hash');
  });

  it('forbids clerks from reading the audit trail', async () => {
    expect((await t.request.get('/api/v1/audit').set(bearer('clerk'))).status).to.equal(403);
  });

  describe('tamper evidence', () => {
    let tdb: DbHandle;
    let audit: AuditService;
    const entry = (i: number) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actor: { sub: `u${i}`, role: 'clerk' }, action: 'TEST', targets: [`R-${i}`],
      requestId: `req-${i}`, source: '127.0.0.1', outcome: { status: 200, code: null }, bodyDigest: null,
    });
    beforeEach(async () => {
      tdb = await freshDatabase('tamper');
      audit = new AuditService(createStores(createModels(tdb.connection)).audit);
      for (let i = 1; i <= 5; i++) await audit.append(entry(i));
    });
    afterEach(async () => tdb.close());

    it('detects an edited entry and names it as the first broken link', async () => {
      await tdb.connection.db!.collection('audit').updateOne({ _id: '000000000003' as never }, { $set: { 'actor.sub': 'someone-else' } });
      const r = await audit.verify();
      expect(r.ok).to.equal(false);
      expect(r.firstBroken?.seq).to.equal(3);
      expect(r.firstBroken?.problem).to.match(/edited/);
    });

    it('detects a deleted entry', async () => {
      await tdb.connection.db!.collection('audit').deleteOne({ _id: '000000000002' as never });
      const r = await audit.verify();
      expect(r.ok).to.equal(false);
      expect(r.firstBroken?.problem).to.match(/missing/);
    });

    it('does not fork when two writers append concurrently', async () => {
      const other = new AuditService(createStores(createModels(tdb.connection)).audit);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? audit : other).append(entry(100 + i))));
      const r = await audit.verify();
      expect(r.ok).to.equal(true);
      expect(r.entriesVerified).to.equal(25);
    });
  });
});
