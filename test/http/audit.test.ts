import { expect } from 'chai';
import { AuditService } from '../../src/domain/audit/audit.service';
import { createModels } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';
import { TARGETS_PER_ENTRY, targetChunks } from '../../src/http/mount';
import { ensureSchema } from '../../src/persistence/models';
import { bodyOf } from '../support/api';
import { AuditPage, VerifyView } from '../../src/http/audit/audit.schemas';
import { RequestView } from '../../src/http/requests/requests.schemas';

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
    const body = bodyOf(res, AuditPage);
    const e = body.items.find((i: { action: string }) => i.action === 'PUT /api/v1/recordings/:recordingId');
    expect(e?.actor).to.deep.equal({ sub: 'feed', role: 'ingest' });
    expect(e?.outcome.status).to.equal(201);
    expect(e?.bodyDigest).to.match(/^[0-9a-f]{64}$/);
    expect(e?.requestId).to.be.a('string').with.lengthOf.above(0);
    expect(e?.source).to.be.a('string').with.lengthOf.above(0);
  });

  it('records refused requests (401 and 403) too', async () => {
    await t.request.get('/api/v1/recordings/A-1').set('Authorization', 'Bearer x.y.z');
    await t.request.put('/api/v1/recordings/A-2').set(bearer('clerk', 'nosy')).send(recording());
    const refused = await t.request.get('/api/v1/audit?action=GET%20%2Fapi%2Fv1%2Frecordings%2F%3ArecordingId').set(auditor);
    const refusedBody = bodyOf(refused, AuditPage);
    expect(refusedBody.items.some((i: { outcome: { status: number } }) => i.outcome.status === 401)).to.equal(true);
    const forbidden = await t.request.get('/api/v1/audit?actor=nosy').set(auditor);
    const forbiddenBody = bodyOf(forbidden, AuditPage);
    expect(forbiddenBody.items[0]?.outcome).to.deep.equal({ status: 403, code: 'FORBIDDEN' });
  });

  it('records every eligibility answer', async () => {
    await t.request.get('/api/v1/recordings/A-1/eligibility').set(bearer('clerk', 'jdoe'));
    const res = await t.request.get('/api/v1/audit?actor=jdoe').set(auditor);
    const body = bodyOf(res, AuditPage);
    expect(body.items.map((i: { action: string }) => i.action)).to.include('GET /api/v1/recordings/:recordingId/eligibility');
  });

  it('verifies an intact chain', async () => {
    const res = await t.request.get('/api/v1/audit/verify').set(auditor);
    const body = bodyOf(res, VerifyView);
    expect(body.ok).to.equal(true);
    expect(body.entriesVerified).to.be.greaterThan(3);
  });

  it('exports the trail as CSV with a header row', async () => {
    const res = await t.request.get('/api/v1/audit?format=csv').set(auditor);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/text\/csv/);
    expect(res.text.split('\r\n')[0]).to.equal(
      '\uFEFFseq,at,actor,role,action,targets,requestId,source,status,code,bodyDigest,prevHash,hash',
    );
  });

  describe('who saw this recording', () => {
    type Entry = { seq: number; action: string; description: string; outcomeText: string; targets: string[]; actor: { sub: string } };
    const seen = async (target: string, sub: string): Promise<Entry[]> => {
      const res = await t.request.get(`/api/v1/audit?target=${encodeURIComponent(target)}&actor=${sub}`).set(auditor);
      expect(res.status, res.text).to.equal(200);
      const body = bodyOf(res, AuditPage);
      return body.items;
    };
    before(async () => {
      const c = await t.request.put('/api/v1/cases/KC26-000777').set(bearer('prosecutor', 'pros')).send(misdemeanorCase());
      expect(c.status, c.text).to.equal(201);
      const r = await t.request
        .put('/api/v1/recordings/BWC-000000075')
        .set(bearer('ingest', 'feed'))
        .send(recording({ caseNumbers: ['KC26-000777'] }));
      expect(r.status, r.text).to.equal(201);
    });

    it('records the recordings a case page shows as targets of the case view', async () => {
      expect((await t.request.get('/api/v1/cases/KC26-000777').set(bearer('clerk', 'casereader'))).status).to.equal(200);
      const [e] = await seen('BWC-000000075', 'casereader');
      expect(e?.action).to.equal('GET /api/v1/cases/:caseNumber');
      expect(e?.targets).to.deep.equal(['KC26-000777', 'BWC-000000075']);
      expect(e?.description).to.equal('Viewed case KC26-000777');
    });

    it('records every recording a list shows, and a decision in words', async () => {
      expect((await t.request.get('/api/v1/recordings?caseNumber=KC26-000777').set(bearer('clerk', 'lister'))).status).to.equal(200);
      expect((await t.request.get('/api/v1/recordings/BWC-000000075/eligibility').set(bearer('clerk', 'lister'))).status).to.equal(200);
      const entries = await seen('BWC-000000075', 'lister');
      expect(entries.map((e) => e.description)).to.deep.equal(['Viewed the release decision for BWC-000000075', 'Searched recordings']);
      expect(entries[1]?.targets).to.include('BWC-000000075');
      expect(entries.every((e) => e.outcomeText === 'Done')).to.equal(true);
    });

    it('records the recordings a request page and its letter show', async () => {
      const made = await t.request
        .post('/api/v1/requests')
        .set(bearer('clerk', 'letters'))
        .send({
          requester: { name: 'A Journalist', kind: 'public', contact: 'desk@example.org' },
          receivedAt: '2026-11-30T09:00:00-06:00',
          recordingIds: ['BWC-000000075'],
        });
      expect(made.status, made.text).to.equal(201);
      const madeBody = bodyOf(made, RequestView);
      await t.request.get(`/api/v1/requests/${madeBody.requestId}`).set(bearer('clerk', 'letters'));
      await t.request.get(`/api/v1/requests/${madeBody.requestId}/letter`).set(bearer('clerk', 'letters'));
      const actions = (await seen('bwc-000000075', 'letters')).map((e) => e.action);
      expect(actions).to.include.members(['POST /api/v1/requests', 'GET /api/v1/requests/:id', 'GET /api/v1/requests/:id/letter']);
    });

    it('matches a prefix of the id in any letter case, newest first', async () => {
      await t.request.get('/api/v1/recordings/BWC-000000075').set(bearer('clerk', 'prefix'));
      await t.request.get('/api/v1/recordings/BWC-000000075/history').set(bearer('clerk', 'prefix'));
      for (const q of ['bwc-0000000', 'BWC-000000075', '0000']) {
        const entries = await seen(q, 'prefix');
        if (q === '0000') {
          expect(entries).to.deep.equal([]);
          continue;
        }
        expect(entries.map((e) => e.description)).to.deep.equal([
          'Viewed the history of recording BWC-000000075',
          'Viewed recording BWC-000000075',
        ]);
        expect(entries[0]!.seq).to.be.greaterThan(entries[1]!.seq);
      }
    });

    it('does not record what a refused call would have shown', async () => {
      await t.request.get('/api/v1/cases/KC26-000777').set(bearer('ingest', 'feeder'));
      const res = await t.request.get('/api/v1/audit?actor=feeder').set(auditor);
      const body = bodyOf(res, AuditPage);
      expect(body.items[0]?.targets).to.deep.equal(['KC26-000777']);
      expect(body.items[0]?.outcomeText).to.equal('Refused: not allowed');
    });

    it('splits a response showing more recordings than an entry holds into several entries, every id kept once', () => {
      const shown = new Set(Array.from({ length: TARGETS_PER_ENTRY + 20 }, (_, i) => `R-${i}`));
      const chunks = targetChunks(['KC-1', 'R-3'], shown);
      expect(chunks.map((c) => c.length)).to.deep.equal([TARGETS_PER_ENTRY, 21]);
      expect(chunks[0]?.[0]).to.equal('KC-1');
      expect(new Set(chunks.flat()).size).to.equal(TARGETS_PER_ENTRY + 21);
    });
  });

  it('forbids clerks from reading the audit trail', async () => {
    expect((await t.request.get('/api/v1/audit').set(bearer('clerk'))).status).to.equal(403);
  });

  describe('tamper evidence', () => {
    let tdb: DbHandle;
    let audit: AuditService;
    const entry = (i: number) => ({
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actor: { sub: `u${i}`, role: 'clerk' },
      action: 'TEST',
      targets: [`R-${i}`],
      requestId: `req-${i}`,
      source: '127.0.0.1',
      outcome: { status: 200, code: null },
      bodyDigest: null,
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

    it('detects doctored search keys (which would hide an entry from the search by recording)', async () => {
      await tdb.connection.db!.collection('audit').updateOne({ _id: '000000000004' as never }, { $set: { targetKeys: ['R-X'] } });
      const r = await audit.verify();
      expect(r.ok).to.equal(false);
      expect(r.firstBroken?.seq).to.equal(4);
      expect(r.firstBroken?.problem).to.match(/search keys/);
    });

    it('gives entries written before search keys existed their keys at start-up, and they still verify', async () => {
      await tdb.connection.db!.collection('audit').updateMany({}, { $unset: { targetKeys: '' } });
      await ensureSchema(createModels(tdb.connection));
      const found = (await audit.list({ target: 'r-3', limit: 10 })).items;
      expect(found.map((e) => e.seq)).to.deep.equal([3]);
      expect((await audit.verify()).ok).to.equal(true);
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
