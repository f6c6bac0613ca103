import { expect } from 'chai';
import type { Response } from 'supertest';
import { z } from 'zod';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { BatchView, DecisionLogView, LoggedDecision, ReplayView, RulesView } from '../../src/http/eligibility/eligibility.schemas';
import { bodyOf, present, problemOf } from '../support/api';
import { RecordingView } from '../../src/http/catalog/catalog.responses';

describe('eligibility API', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T18:00:00Z');
  const ingest = bearer('ingest', 'feed');
  const prosecutor = bearer('prosecutor', 'ada');
  const clerk = bearer('clerk', 'jdoe');

  before(async () => {
    db = await freshDatabase('eligibility');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera());
    // Example 1/2: misdemeanor traffic stop (catalogued two days before its events were entered)
    clock = new Date('2026-11-18T18:00:00Z');
    await t.request
      .put('/api/v1/cases/KC-T')
      .set(prosecutor)
      .send({ offenseClass: 'misdemeanor', offenseDate: '2026-09-01', defendants: [{ defendantId: 'D1' }] });
    await t.request
      .put('/api/v1/recordings/T-1')
      .set(ingest)
      .send(recording({ caseNumbers: ['KC-T'], recordedAt: '2026-09-01T10:00:00-05:00' }));
    clock = new Date('2026-11-20T18:00:00Z');
    await t.request.post('/api/v1/cases/KC-T/events').set(prosecutor).send({ type: 'charged', date: '2026-09-02', defendantId: 'D1' });
    // Example 6: inside a home, declined
    await t.request.put('/api/v1/cases/KC-H').set(prosecutor).send({ offenseClass: 'felony', offenseDate: '2026-03-01' });
    await t.request
      .put('/api/v1/recordings/H-1')
      .set(ingest)
      .send(recording({ caseNumbers: ['KC-H'], category: 'investigation', location: { nonpublic: true, kind: 'dwelling' } }));
    await t.request.post('/api/v1/cases/KC-H/events').set(prosecutor).send({ type: 'declined', date: '2026-04-01' });
    // Unclassified, no case
    await t.request
      .put('/api/v1/recordings/U-1')
      .set(ingest)
      .send(recording({ category: 'unclassified' }));
  });
  after(async () => db.close());

  it('withholds an active misdemeanor recording from the public with MO-ACTIVE and its citation (example 1)', async () => {
    const res = await t.request.get('/api/v1/recordings/T-1/eligibility?requester=public').set(clerk);
    expect(res.status, res.text).to.equal(200);
    expect(bodyOf(res, LoggedDecision).outcome).to.equal('withhold');
    expect(bodyOf(res, LoggedDecision).reasons.map((r: { ruleId: string }) => r.ruleId)).to.include('MO-ACTIVE');
    expect(bodyOf(res, LoggedDecision).reasons.find((r: { ruleId: string }) => r.ruleId === 'MO-ACTIVE')?.citation).to.match(/610\.100/);
    expect(bodyOf(res, LoggedDecision).rulesVersion).to.match(/^mo-/);
    expect(bodyOf(res, LoggedDecision).decisionId).to.match(/^DEC-/);
  });

  it('releases the same recording to a depicted person, identity verified, who asked in writing, within 30 days (involved-person route)', async () => {
    const res = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['T-1'], requester: 'depicted_person', claim: { writtenRequest: true, identityVerified: true } });
    expect(res.status).to.equal(200);
    expect(bodyOf(res, BatchView).decisions[0]?.outcome).to.equal('release');
    expect(bodyOf(res, BatchView).decisions[0]?.respondWithinDays).to.equal(30);
  });

  it("asks for review of a depicted person's request whose identity check and written form are not recorded, naming the missing conditions", async () => {
    const res = await t.request.get('/api/v1/recordings/T-1/eligibility?requester=depicted_person').set(clerk);
    expect(bodyOf(res, LoggedDecision).outcome).to.equal('needs_legal_review');
    expect(bodyOf(res, LoggedDecision).missingFacts).to.deep.equal(['requester.identityVerified', 'requester.writtenRequest']);
  });

  it('carries, with a needs_legal_review answer, the question behind each missing fact: who answers it and the pre-filled form', async () => {
    const res = await t.request.get('/api/v1/recordings/T-1/eligibility?requester=depicted_person').set(clerk);
    expect(bodyOf(res, LoggedDecision).outcome).to.equal('needs_legal_review');
    expect(bodyOf(res, LoggedDecision).questions.map((q: { fact: string }) => q.fact)).to.deep.equal(
      bodyOf(res, LoggedDecision).missingFacts,
    );
    expect(bodyOf(res, LoggedDecision).questions[0]).to.deep.equal({
      fact: 'requester.identityVerified',
      questionId: 'requester-identity-verified',
      text: "Has staff verified the requester's identity (that they are the person shown or heard, or the victim)?",
      answeredBy: 'clerk',
      form: { href: '#/release/T-1?requester=depicted_person', api: 'POST /api/v1/eligibility' },
    });
    const batch = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['U-1'], requester: 'public' });
    const d = present(bodyOf(batch, BatchView).decisions[0], 'a decision');
    expect(d.outcome).to.equal('needs_legal_review');
    expect(d.questions.map((q: { fact: string }) => q.fact)).to.deep.equal(d.missingFacts);
    expect(d.questions.find((q: { fact: string }) => q.fact === 'recording.category')).to.deep.include({
      questionId: 'recording-category',
      answeredBy: 'clerk',
    });
    const logged = await t.request.get(`/api/v1/decisions/${d.decisionId}`).set(bearer('auditor'));
    expect(bodyOf(logged, DecisionLogView).questions).to.deep.equal(d.questions);
  });

  it('asks the prosecutor, on the case form, for a case a recording names that is not in the catalog', async () => {
    await t.request
      .put('/api/v1/recordings/N-1')
      .set(ingest)
      .send(recording({ caseNumbers: ['KC-NONE'], category: 'arrest' }));
    const res = await t.request.get('/api/v1/recordings/N-1/eligibility?requester=public').set(clerk);
    expect(bodyOf(res, LoggedDecision).outcome).to.equal('needs_legal_review');
    const q = bodyOf(res, LoggedDecision).questions.find((x: { fact: string }) => x.fact === 'cases.KC-NONE');
    expect(q).to.deep.include({ questionId: 'case-not-recorded', answeredBy: 'prosecutor' });
    expect(q?.form).to.deep.equal({ href: '#/cases/KC-NONE?form=case', api: 'PUT /api/v1/cases/KC-NONE' });
  });

  it('publishes the requester claim and the new recording, case and order facts in OpenAPI', async () => {
    const doc = (await t.request.get('/openapi.json')).body as {
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const props = (id: string) => Object.keys(doc.components.schemas[id]?.properties ?? {});
    expect(props('RequesterClaim')).to.include.members([
      'onBehalfOf',
      'subjectMinor',
      'subjectDeceasedOrIncompetent',
      'writtenRequest',
      'relationshipVerified',
      'identityVerified',
      'relationship',
      'protectedVictimIsSubject',
      'victimForOwnProceeding',
      'victimRole',
      'victimMinor',
      'purposeOwnProceeding',
      'nokRank',
      'noHigherRankLiving',
      'relationshipProven',
      'writtenReleaseOnFile',
    ]);
    expect(props('Recording')).to.include.members(['redactionReview', 'protectedVictimKind', 'crimeScene']);
    expect(JSON.stringify(doc))
      .to.include('"order_controls"')
      .and.include('chargedStatutes')
      .and.include('"nok_release_holder"')
      .and.include('investigativeTechniques');
  });

  it('refuses a claim condition that is not true or false, naming it', async () => {
    const res = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['T-1'], requester: 'guardian', claim: { subjectMinor: 'yes' } });
    expect(res.status).to.equal(400);
    expect(problemOf(res).errors[0]?.path).to.equal('body.claim.subjectMinor');
  });

  it('releases after a guilty plea once the appeal window has run (example 2), and answers the past date as it stood then', async () => {
    await t.request.post('/api/v1/cases/KC-T/events').set(prosecutor).send({ type: 'convicted', date: '2026-10-01', defendantId: 'D1' });
    await t.request.post('/api/v1/cases/KC-T/events').set(prosecutor).send({ type: 'sentenced', date: '2026-10-11', defendantId: 'D1' });
    const now = await t.request.get('/api/v1/recordings/T-1/eligibility').set(clerk);
    expect(bodyOf(now, LoggedDecision).outcome).to.equal('release');
    expect(bodyOf(now, LoggedDecision).reasons.map((r: { ruleId: string }) => r.ruleId)).to.include('MO-OPEN');
    const past = await t.request.get('/api/v1/recordings/T-1/eligibility?asOf=2026-10-15').set(clerk);
    expect(bodyOf(past, LoggedDecision).outcome).to.equal('withhold');
  });

  it('answers with what was known at knownAt: events entered later are ignored', async () => {
    const earlier = await t.request.get('/api/v1/recordings/T-1/eligibility?knownAt=2026-11-19T00:00:00-06:00').set(clerk);
    expect(earlier.status).to.equal(200);
    // At the real entry time (the pinned clock), all events were known; a knownAt before it hides them.
    expect(bodyOf(earlier, LoggedDecision).outcome).to.equal('withhold');
  });

  it('refuses a knownAt in the future, naming the field', async () => {
    const res = await t.request.get('/api/v1/recordings/T-1/eligibility?knownAt=2030-01-01').set(clerk);
    expect(res.status).to.equal(400);
    expect(problemOf(res).errors[0]?.path).to.equal('query.knownAt');
  });

  it('names body.knownAt when a batch sends a knownAt in the future in its body', async () => {
    const res = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['T-1'], requester: 'public', knownAt: '2030-01-01' });
    expect(res.status).to.equal(400);
    expect(problemOf(res).errors).to.deep.equal([{ path: 'body.knownAt', message: 'must not be after now' }]);
  });

  it('withholds a declined case recorded in a home from the public but releases it to the depicted person (example 6)', async () => {
    const pub = await t.request.get('/api/v1/recordings/H-1/eligibility?requester=public').set(clerk);
    expect(bodyOf(pub, LoggedDecision).outcome).to.equal('withhold');
    expect(bodyOf(pub, LoggedDecision).reasons.map((r: { ruleId: string }) => r.ruleId)).to.include('MO-NONPUBLIC');
    const dep = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['H-1'], requester: 'depicted_person', claim: { identityVerified: true } });
    expect(bodyOf(dep, BatchView).decisions[0]?.outcome).to.equal('release');
  });

  it('asks for legal review of an unclassified recording with no case, naming what is missing', async () => {
    const res = await t.request.get('/api/v1/recordings/U-1/eligibility').set(clerk);
    expect(bodyOf(res, LoggedDecision).outcome).to.equal('needs_legal_review');
    expect(bodyOf(res, LoggedDecision).missingFacts).to.have.lengthOf.above(0);
  });

  it("logs the requester's claim with the decision and replays it identically", async () => {
    const claim = { onBehalfOf: 'the homeowner', relationshipVerified: true, writtenRequest: true };
    const res = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['H-1'], requester: 'attorney', claim });
    const d = present(bodyOf(res, BatchView).decisions[0], 'a decision');
    expect(d.outcome).to.equal('release');
    const logged = await t.request.get(`/api/v1/decisions/${d.decisionId}`).set(bearer('auditor'));
    expect(bodyOf(logged, DecisionLogView).claim).to.deep.include({ ...claim, subjectMinor: null, victimForOwnProceeding: false });
    const replay = await t.request.post(`/api/v1/decisions/${d.decisionId}/replay`).set(bearer('auditor'));
    expect(bodyOf(replay, ReplayView).identical).to.equal(true);
    expect(bodyOf(replay, ReplayView).replayed.outcome).to.equal('release');
  });

  it('logs each answer and replays it from the stored facts with an identical result', async () => {
    const res = await t.request.get('/api/v1/recordings/H-1/eligibility?requester=attorney').set(bearer('auditor'));
    const logged = await t.request.get(`/api/v1/decisions/${bodyOf(res, LoggedDecision).decisionId}`).set(bearer('auditor'));
    expect(logged.body).to.include({ recordingId: 'H-1', requester: 'attorney', outcome: bodyOf(res, LoggedDecision).outcome });
    expect(bodyOf(logged, DecisionLogView).actor).to.deep.equal({ sub: 'test-auditor', role: 'auditor' });
    expect(bodyOf(logged, DecisionLogView).facts.recording.recordingId).to.equal('H-1');
    const replay = await t.request.post(`/api/v1/decisions/${bodyOf(res, LoggedDecision).decisionId}/replay`).set(bearer('auditor'));
    expect(bodyOf(replay, ReplayView).identical).to.equal(true);
  });

  it('replays a decision logged before answers carried their court orders as identical when no order covers the recording', async () => {
    const res = await t.request.get('/api/v1/recordings/H-1/eligibility?requester=attorney').set(bearer('auditor'));
    expect(bodyOf(res, LoggedDecision).orders).to.deep.equal([]);
    await db.connection
      .collection<{ _id: string; [field: string]: unknown }>('decisions')
      .updateOne({ _id: bodyOf(res, LoggedDecision).decisionId }, { $unset: { 'decision.orders': '' } });
    const replay = await t.request.post(`/api/v1/decisions/${bodyOf(res, LoggedDecision).decisionId}/replay`).set(bearer('auditor'));
    expect(replay.body).to.include({ identical: true, sameExceptRulesVersion: true });
  });

  it('records the rules version and the engine version separately in the decision, the decision log and the replay', async () => {
    const res = await t.request.get('/api/v1/recordings/T-1/eligibility?requester=public').set(clerk);
    expect(bodyOf(res, LoggedDecision).rulesVersion).to.equal(t.deps.services.rules.rulesVersion);
    expect(bodyOf(res, LoggedDecision).engineVersion)
      .to.equal(t.deps.services.rules.engineVersion)
      .and.to.match(/^eng-[0-9a-f]{16}$/);
    const logged = await t.request.get(`/api/v1/decisions/${bodyOf(res, LoggedDecision).decisionId}`).set(clerk);
    expect(logged.body).to.include({
      rulesVersion: bodyOf(res, LoggedDecision).rulesVersion,
      engineVersion: bodyOf(res, LoggedDecision).engineVersion,
    });
    expect(bodyOf(logged, DecisionLogView).decision).to.include({
      rulesVersion: bodyOf(res, LoggedDecision).rulesVersion,
      engineVersion: bodyOf(res, LoggedDecision).engineVersion,
    });
    const replay = await t.request.post(`/api/v1/decisions/${bodyOf(res, LoggedDecision).decisionId}/replay`).set(clerk);
    expect(replay.body).to.include({
      identical: true,
      storedEngineVersion: bodyOf(res, LoggedDecision).engineVersion,
      currentEngineVersion: bodyOf(res, LoggedDecision).engineVersion,
    });
    expect(bodyOf(replay, ReplayView).replayed.engineVersion).to.equal(bodyOf(res, LoggedDecision).engineVersion);
  });

  it('is deterministic: the same question twice gives byte-identical decisions apart from the decision id', async () => {
    const a = await t.request.get('/api/v1/recordings/T-1/eligibility?asOf=2026-11-01T12:00:00-05:00').set(clerk);
    const b = await t.request.get('/api/v1/recordings/T-1/eligibility?asOf=2026-11-01T12:00:00-05:00').set(clerk);
    // Every member as answered, in the order answered (the declared schema would drop undeclared ones).
    const strip = (res: Response) => JSON.stringify({ ...bodyOf(res, z.record(z.string(), z.unknown())), decisionId: '' });
    expect(strip(a)).to.equal(strip(b));
  });

  it('decides a batch for one requester kind and lists unknown ids', async () => {
    const res = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: ['T-1', 'H-1', 'NOPE-1'], requester: 'public' });
    expect(res.status, res.text).to.equal(200);
    expect(bodyOf(res, BatchView).decisions.map((d: { recordingId: string }) => d.recordingId)).to.deep.equal(['T-1', 'H-1']);
    expect(bodyOf(res, BatchView).notFound).to.deep.equal(['NOPE-1']);
  });

  it('refuses more than 1000 ids and an unknown requester kind, naming the fields', async () => {
    const many = await t.request
      .post('/api/v1/eligibility')
      .set(clerk)
      .send({ recordingIds: Array.from({ length: 1001 }, (_, i) => `X-${i}`), requester: 'public' });
    expect(many.status).to.equal(400);
    expect(problemOf(many).errors[0]?.path).to.equal('body.recordingIds');
    const kind = await t.request.get('/api/v1/recordings/T-1/eligibility?requester=journalist').set(clerk);
    expect(kind.status).to.equal(400);
    expect(problemOf(kind).errors[0]?.path).to.equal('query.requester');
  });

  it('forbids the ingest service account from asking for decisions', async () => {
    expect((await t.request.get('/api/v1/recordings/T-1/eligibility').set(ingest)).status).to.equal(403);
  });

  it('answers 404 problem for an unknown recording', async () => {
    const res = await t.request.get('/api/v1/recordings/NOPE/eligibility').set(clerk);
    expect(res.status).to.equal(404);
  });

  it('refreshes a stored public decision by the sweep once its review date passes', async () => {
    await t.request
      .put('/api/v1/cases/KC-L')
      .set(prosecutor)
      .send({ offenseClass: 'infraction', offenseDate: '2026-10-01', limitation: { basis: '556.036.2(3)', period: { months: 6 } } });
    await t.request
      .put('/api/v1/recordings/L-1')
      .set(ingest)
      .send(recording({ caseNumbers: ['KC-L'] }));
    const before = await t.request.get('/api/v1/recordings/L-1').set(clerk);
    expect(bodyOf(before, RecordingView).release?.outcome).to.equal('withhold');
    expect(bodyOf(before, RecordingView).reviewAt).to.be.a('string');
    clock = new Date('2027-06-01T18:00:00Z');
    const n = await t.deps.services.derived.sweep(clock);
    expect(n).to.be.greaterThan(0);
    const after = await t.request.get('/api/v1/recordings/L-1').set(clerk);
    expect(bodyOf(after, RecordingView).release?.outcome).to.equal('release');
    clock = new Date('2026-11-20T18:00:00Z');
  });

  it('re-decides by the sweep a stored state decided under other engine code, and records the engine version beside the rules version', async () => {
    await t.request
      .put('/api/v1/recordings/E-1')
      .set(ingest)
      .send(recording({ category: 'non_evidentiary', sha256: 'e'.repeat(64) }));
    const stored = async () => (await t.deps.models.Recording.findById('E-1').lean())?.release;
    const current = bodyOf(await t.request.get('/api/v1/rules').set(clerk), RulesView).engineVersion;
    expect(current).to.match(/^eng-/);
    expect((await stored())?.engineVersion).to.equal(current);
    await t.deps.models.Recording.updateOne({ _id: 'E-1' }, { $set: { 'release.engineVersion': 'eng-older' } });
    await t.deps.services.derived.sweep(clock);
    expect((await stored())?.engineVersion, 'the sweep re-decided it with the current engine').to.equal(current);
  });
});
