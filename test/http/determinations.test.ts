import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { bodyOf, problemOf } from '../support/api';
import { RecordingView } from '../../src/http/catalog/catalog.responses';
import { LoggedDecision } from '../../src/http/eligibility/eligibility.schemas';
import { DeterminationView } from '../../src/http/counsel/determinations.routes';
import { RequestView } from '../../src/http/requests/requests.schemas';
import { z } from 'zod';

/** GET /api/v1/determinations answers a list of determinations. */
const DeterminationList = z.object({ items: z.array(DeterminationView) });

const ingest = bearer('ingest', 'feed');
const prosecutor = bearer('prosecutor', 'ada');
const clerk = bearer('clerk', 'jdoe');
const counsel = bearer('counsel', 'lawyer-1');

interface Reason {
  ruleId: string;
  citation: string;
  text: string;
}
interface Eligibility {
  outcome: string;
  reasons: Reason[];
  missingFacts: string[];
  redactions: { kind: string; citation: string; text: string }[];
}

const RELEASE = {
  scope: { kind: 'recording', recordingId: 'R-MIXED' },
  requesterKinds: ['public'],
  outcome: 'release',
  redactions: [
    {
      publicDescription: 'Identity of a person whose charge ended without conviction',
      instruction: "Blur defendant A's face, mute his name",
    },
  ],
  citation: 'RSMo 610.100.1(3)(c); RSMo 610.105',
  publicStatement: 'The investigation is inactive; records of a charge that ended without conviction are closed and redacted.',
  reasoning: "B's conviction is final; A's acquittal closes the record as to A, which the redaction satisfies.",
  answers: ['cases.KC-MIXED.disposition.mixed'],
};

describe("counsel's determinations API (/api/v1/determinations)", () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T10:00:00-06:00');
  const tick = (minutes = 5) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };
  const eligibility = async (id = 'R-MIXED'): Promise<Eligibility> => {
    const res = await t.request.get(`/api/v1/recordings/${id}/eligibility?requester=public`).set(clerk);
    expect(res.status, res.text).to.equal(200);
    return res.body as Eligibility;
  };

  before(async () => {
    db = await freshDatabase('determinations');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    const kase = await t.request
      .put('/api/v1/cases/KC-MIXED')
      .set(prosecutor)
      .send({ offenseClass: 'felony', offenseDate: '2026-02-01', defendants: [{ defendantId: 'A' }, { defendantId: 'B' }] });
    expect(kase.status, kase.text).to.equal(201);
    for (const e of [
      { type: 'charged', date: '2026-02-02', defendantId: 'A' },
      { type: 'charged', date: '2026-02-02', defendantId: 'B' },
      { type: 'acquitted', date: '2026-06-01', defendantId: 'A' },
      { type: 'convicted', date: '2026-06-01', defendantId: 'B' },
      { type: 'conviction_final', date: '2026-08-03', defendantId: 'B' },
    ]) {
      const res = await t.request.post('/api/v1/cases/KC-MIXED/events').set(prosecutor).send(e);
      expect(res.status, res.text).to.equal(201);
    }
    const rec = await t.request
      .put('/api/v1/recordings/R-MIXED')
      .set(ingest)
      .send(recording({ category: 'arrest', caseNumbers: ['KC-MIXED'], recordedAt: '2026-02-01T22:00:00-06:00' }));
    expect(rec.status, rec.text).to.equal(201);
    tick();
  });
  after(async () => db.close());

  it('leaves a mixed disposition to legal review until counsel decides', async () => {
    const d = await eligibility();
    expect(d.outcome).to.equal('needs_legal_review');
    expect(d.missingFacts).to.deep.equal(['cases.KC-MIXED.disposition.mixed']);
  });

  let first = '';
  it("records counsel's determination with its number and facts digest, and the decision cites counsel's citation and public statement, never the reasoning", async () => {
    const res = await t.request.post('/api/v1/determinations').set(counsel).send(RELEASE);
    expect(res.status, res.text).to.equal(201);
    first = bodyOf(res, DeterminationView).number;
    expect(first).to.equal('CD-2026-00001');
    expect(res.body).to.deep.include({ outcome: 'release', enteredBy: 'lawyer-1', status: 'in_force', supersedes: null, withdrawal: null });
    expect(
      bodyOf(res, DeterminationView).factsDigest.parts.map((p: { part: string; key: string }) => `${p.part}:${p.key}`),
    ).to.have.members(['recording:R-MIXED', 'orders:R-MIXED', 'case:KC-MIXED']);
    tick();
    const d = await eligibility();
    expect(d.outcome).to.equal('release');
    const reason = d.reasons.find((r) => r.ruleId === 'MO-COUNSEL');
    expect(reason?.citation).to.equal(RELEASE.citation);
    expect(reason?.text).to.contain('The investigation is inactive');
    expect(JSON.stringify(d), 'the reasoning and the instruction stay internal')
      .to.not.contain("B's conviction is final")
      .and.not.contain('Blur');
    expect(d.redactions.map((r) => r.kind)).to.deep.equal(['counsel_determined']);
    const stored = await t.request.get('/api/v1/recordings/R-MIXED').set(clerk);
    expect(bodyOf(stored, RecordingView).release?.outcome, 'the derived state was re-decided').to.equal('release');
    expect(bodyOf(stored, RecordingView).release?.ruleIds).to.include('MO-COUNSEL');
  });

  it('lists the determinations by recording and by case, and reads one by its number in any letter case', async () => {
    const byRecording = await t.request.get('/api/v1/determinations?recordingId=R-MIXED').set(clerk);
    expect(byRecording.status, byRecording.text).to.equal(200);
    expect(bodyOf(byRecording, DeterminationList).items.map((x: { number: string }) => x.number)).to.deep.equal([first]);
    const byCase = await t.request.get('/api/v1/determinations?caseNumber=KC-MIXED').set(bearer('auditor'));
    expect(bodyOf(byCase, DeterminationList).items).to.deep.equal([]);
    const one = await t.request.get('/api/v1/determinations/cd-2026-1').set(bearer('prosecutor'));
    expect(one.status, one.text).to.equal(200);
    expect(bodyOf(one, DeterminationView).number).to.equal(first);
  });

  it('stops applying when a case event is entered after it, naming the case that changed', async () => {
    const res = await t.request
      .post('/api/v1/cases/KC-MIXED/events')
      .set(prosecutor)
      .send({ type: 'sentenced', date: '2026-07-01', defendantId: 'B' });
    expect(res.status, res.text).to.equal(201);
    tick();
    const d = await eligibility();
    expect(d.outcome).to.equal('needs_legal_review');
    expect(d.missingFacts).to.include(`determinations.${first}.factsChanged`);
    expect(d.reasons.map((r) => r.text).join(' ')).to.contain(`case KC-MIXED changed since determination ${first}`);
  });

  it('replays as known before that event: the determination applied then', async () => {
    const knownAt = new Date(clock.getTime() - 7 * 60_000).toISOString();
    const res = await t.request
      .get(`/api/v1/recordings/R-MIXED/eligibility?requester=public&knownAt=${encodeURIComponent(knownAt)}`)
      .set(clerk);
    expect(res.status, res.text).to.equal(200);
    expect(bodyOf(res, LoggedDecision).outcome).to.equal('release');
  });

  let second = '';
  it('supersedes it with a determination on the facts as they are; the old one shows as superseded', async () => {
    const { scope: _scope, ...fields } = RELEASE;
    const res = await t.request
      .post(`/api/v1/determinations/${first}/supersede`)
      .set(counsel)
      .send({ ...fields, outcome: 'withhold', redactions: [], publicStatement: 'A cannot be separated from the footage.' });
    expect(res.status, res.text).to.equal(201);
    second = bodyOf(res, DeterminationView).number;
    expect(res.body).to.deep.include({ supersedes: first, outcome: 'withhold' });
    expect(bodyOf(res, DeterminationView).scope).to.deep.equal({
      kind: 'recording',
      recordingId: 'R-MIXED',
      caseNumber: null,
      requestNumber: null,
    });
    expect((await t.request.get(`/api/v1/determinations/${first}`).set(clerk)).body).to.deep.include({
      status: 'superseded',
      supersededBy: second,
    });
    tick();
    const d = await eligibility();
    expect(d.outcome).to.equal('withhold');
    expect(d.reasons[0]?.text).to.contain('A cannot be separated');
    const again = await t.request
      .post(`/api/v1/determinations/${first}/supersede`)
      .set(counsel)
      .send({ ...fields });
    expect(again.status, 'a superseded determination is not superseded twice').to.equal(409);
  });

  it('withdraws it, saying why; the recording goes back to legal review', async () => {
    const res = await t.request
      .post(`/api/v1/determinations/${second}/withdraw`)
      .set(counsel)
      .send({ reason: 'Entered on the wrong recording.' });
    expect(res.status, res.text).to.equal(200);
    expect(bodyOf(res, DeterminationView).status).to.equal('withdrawn');
    expect(bodyOf(res, DeterminationView).withdrawal).to.deep.include({ by: 'lawyer-1', reason: 'Entered on the wrong recording.' });
    tick();
    expect((await eligibility()).outcome).to.equal('needs_legal_review');
    const twice = await t.request.post(`/api/v1/determinations/${second}/withdraw`).set(counsel).send({ reason: 'again' });
    expect(twice.status).to.equal(409);
  });

  it('refuses a determination without a citation, with redactions on a withhold, or for a recording the catalog lacks, naming the field', async () => {
    const noCitation = await t.request
      .post('/api/v1/determinations')
      .set(counsel)
      .send({ ...RELEASE, citation: ' ' });
    expect(noCitation.status).to.equal(400);
    expect(problemOf(noCitation).errors.map((e: { path: string }) => e.path)).to.include('body.citation');
    const namesInCitation = await t.request
      .post('/api/v1/determinations')
      .set(counsel)
      .send({ ...RELEASE, citation: 'RSMo 610.105 because John Doe was acquitted' });
    expect(namesInCitation.status).to.equal(400);
    expect(problemOf(namesInCitation).errors.map((e: { path: string }) => e.path)).to.include('body.citation');
    const withhold = await t.request
      .post('/api/v1/determinations')
      .set(counsel)
      .send({ ...RELEASE, outcome: 'withhold' });
    expect(withhold.status).to.equal(400);
    expect(problemOf(withhold).errors.map((e: { path: string }) => e.path)).to.include('body.redactions');
    const unknown = await t.request
      .post('/api/v1/determinations')
      .set(counsel)
      .send({ ...RELEASE, scope: { kind: 'recording', recordingId: 'R-NOPE' } });
    expect(unknown.status).to.equal(422);
    expect(problemOf(unknown).errors.map((e: { path: string }) => e.path)).to.include('body.scope.recordingId');
    const noKinds = await t.request
      .post('/api/v1/determinations')
      .set(counsel)
      .send({ ...RELEASE, requesterKinds: [] });
    expect(noKinds.status).to.equal(400);
    expect(problemOf(noKinds).errors.map((e: { path: string }) => e.path)).to.include('body.requesterKinds');
  });

  it('lets only counsel and administrators record, and refuses a list that names nothing or an unknown parameter', async () => {
    for (const role of ['clerk', 'prosecutor', 'auditor', 'ingest'] as const) {
      expect((await t.request.post('/api/v1/determinations').set(bearer(role)).send(RELEASE)).status, role).to.equal(403);
    }
    expect((await t.request.get('/api/v1/determinations').set(counsel)).status).to.equal(400);
    const unknown = await t.request.get('/api/v1/determinations?recording=R-MIXED').set(counsel);
    expect(unknown.status).to.equal(400);
    expect(unknown.text).to.contain('recording');
  });

  it("answers a request with counsel's determination for that request, and the letter cites counsel's citation and public statement", async () => {
    const created = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({
        receivedAt: '2026-11-20T09:00:00-06:00',
        requester: { name: 'Kansas City Star', kind: 'public', contact: 'records@example.org' },
        recordingIds: ['R-MIXED'],
      });
    expect(created.status, created.text).to.equal(201);
    const requestNumber = bodyOf(created, RequestView).number as string;
    const review = await t.request
      .post(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/review`)
      .set(clerk)
      .send({});
    expect(review.status, review.text).to.equal(200);
    const refused = await t.request
      .post(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/respond`)
      .set(clerk)
      .send({});
    expect(refused.status, 'pending legal review').to.equal(409);
    tick();
    const det = await t.request
      .post('/api/v1/determinations')
      .set(counsel)
      .send({
        ...RELEASE,
        scope: { kind: 'recording_request', recordingId: 'R-MIXED', requestNumber },
        citation: 'RSMo 610.105; RSMo 610.100.2(1)',
        publicStatement: 'For this request only: released with the closed identity redacted.',
        reasoning: 'The requester is the court reporter for the retrial.',
      });
    expect(det.status, det.text).to.equal(201);
    tick();
    expect((await eligibility()).outcome, 'other requests are not answered by it').to.equal('needs_legal_review');
    const res = await t.request
      .post(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/respond`)
      .set(clerk)
      .send({});
    expect(res.status, res.text).to.equal(200);
    expect(bodyOf(res, RequestView).outcome, 'released with redactions').to.equal('partially_released');
    const letter = (
      await t.request.get(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/letter?format=text`).set(clerk)
    ).text.replace(/\s+/g, ' ');
    expect(letter).to.contain('RSMo 610.100.2(1)');
    expect(letter, letter).to.contain('For this request only: released with the closed identity redacted.');
    expect(letter).to.not.contain('court reporter for the retrial');
  });
});
