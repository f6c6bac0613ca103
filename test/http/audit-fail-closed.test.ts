/**
 * Fail closed: a request whose audit entry cannot be stored is answered 503 problem+json, never
 * with what it would have shown or a report that its change was done. The audit collection is
 * made to refuse the entries of one actor with a validator on the real engine (FerretDB over
 * DocumentDB), so every other actor's requests, and the chain, go on as usual.
 */
import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { problemOf } from '../support/api';

/** The actor whose audit entries the database refuses while the validator is on. */
const UNRECORDED = 'unrecorded';

describe('a request whose audit entry cannot be stored (fail closed)', () => {
  let db: DbHandle;
  let t: TestApp;
  const refuseAuditOf = (sub: string | null) =>
    db.connection.db?.command({
      collMod: 'audit',
      validator: sub ? { 'actor.sub': { $ne: sub } } : {},
      validationLevel: 'strict',
      validationAction: 'error',
    });
  before(async () => {
    db = await freshDatabase('audit_fail_closed');
    t = await makeTestApp(db);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(bearer('ingest', 'feed')).send(camera())).status).to.equal(201);
    expect((await t.request.put('/api/v1/recordings/FC-1').set(bearer('ingest', 'feed')).send(recording())).status).to.equal(201);
    await refuseAuditOf(UNRECORDED);
  });
  after(async () => {
    await refuseAuditOf(null);
    await db.close();
  });

  const entriesOf = async (requestId: string) =>
    (await t.deps.services.audit.list({ limit: 100 })).items.filter((e) => e.requestId === requestId);

  it('really refuses that actor on the engine: the service appends for it fail, anyone else is recorded', async () => {
    const at = new Date();
    const input = {
      at,
      action: 'probe',
      targets: [],
      requestId: 'probe',
      source: 'test',
      outcome: { status: 200, code: null },
      bodyDigest: null,
    };
    let refused: unknown = null;
    await t.deps.services.audit.append({ ...input, actor: { sub: UNRECORDED, role: 'clerk' } }).catch((e: unknown) => (refused = e));
    expect(refused).to.have.property('code', 'AUDIT_UNAVAILABLE');
    expect((await t.deps.services.audit.append({ ...input, actor: { sub: 'someone', role: 'clerk' } })).seq).to.be.a('number');
  });

  it('answers an eligibility check 503 problem+json without the decision, while other callers get theirs', async () => {
    const res = await t.request.get('/api/v1/recordings/FC-1/eligibility?requester=public').set(bearer('clerk', UNRECORDED));
    expect(res.status, res.text).to.equal(503);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(problemOf(res).code).to.equal('AUDIT_UNAVAILABLE');
    expect(res.text).not.to.match(/outcome|FC-1"|rulesFired|decisionId|stack|validat/i);
    expect(await entriesOf(String(res.headers['x-request-id']))).to.deep.equal([]);

    const other = await t.request.get('/api/v1/recordings/FC-1/eligibility?requester=public').set(bearer('clerk', 'recorded'));
    expect(other.status, other.text).to.equal(200);
    const entries = await entriesOf(String(other.headers['x-request-id']));
    expect(entries.map((e) => [e.actor.sub, e.outcome.status, e.targets])).to.deep.equal([['recorded', 200, ['FC-1']]]);
  });

  it('answers a read 503 instead of what it would show, and a streamed export without its file', async () => {
    const read = await t.request.get('/api/v1/recordings/FC-1').set(bearer('clerk', UNRECORDED));
    expect(read.status, read.text).to.equal(503);
    expect(problemOf(read).code).to.equal('AUDIT_UNAVAILABLE');
    expect(read.text).not.to.include('CAM-1');

    const csv = await t.request.get('/api/v1/audit?format=csv').set(bearer('auditor', UNRECORDED));
    expect(csv.status, csv.text).to.equal(503);
    expect(csv.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(csv.headers['content-disposition']).to.equal(undefined);
  });

  it('answers a change 503 saying it was made, keeps the change (its own record names who) and leaves the chain intact', async () => {
    const res = await t.request
      .put('/api/v1/recordings/FC-2')
      .set(bearer('ingest', UNRECORDED))
      .send(recording({ durationSeconds: 42 }));
    expect(res.status, res.text).to.equal(503);
    expect(problemOf(res).code).to.equal('AUDIT_UNAVAILABLE');
    expect(problemOf(res).detail).to.match(/change was made/);
    expect(res.headers.location).to.equal(undefined);
    // The change is kept: the caller is told to look before repeating it, and sees it is there.
    const now = await t.request.get('/api/v1/recordings/FC-2').set(bearer('clerk', 'recorded'));
    expect(now.status, now.text).to.equal(200);
    expect(now.text).to.match(/"durationSeconds":42\b/);
    expect(await entriesOf(String(res.headers['x-request-id']))).to.deep.equal([]);
    const verify = await t.deps.services.audit.verify();
    expect(verify.ok, JSON.stringify(verify.firstBroken)).to.equal(true);
  });

  it('answers a refused request 503 too: a refusal is not given unrecorded', async () => {
    const res = await t.request.put('/api/v1/recordings/FC-3').set(bearer('clerk', UNRECORDED)).send(recording());
    expect(res.status, res.text).to.equal(503);
    expect(problemOf(res).code).to.equal('AUDIT_UNAVAILABLE');
    expect(problemOf(res).detail).not.to.match(/change was made/);
    expect((await t.request.get('/api/v1/recordings/FC-3').set(bearer('clerk', 'recorded'))).status).to.equal(404);
  });

  it('answers as usual, recorded, once the trail accepts the entries again', async () => {
    await refuseAuditOf(null);
    try {
      const res = await t.request.get('/api/v1/recordings/FC-1/eligibility?requester=public').set(bearer('clerk', UNRECORDED));
      expect(res.status, res.text).to.equal(200);
      expect((await entriesOf(String(res.headers['x-request-id']))).map((e) => e.outcome.status)).to.deep.equal([200]);
      const verify = await t.deps.services.audit.verify();
      expect(verify.ok, JSON.stringify(verify.firstBroken)).to.equal(true);
    } finally {
      await refuseAuditOf(UNRECORDED);
    }
  });
});
