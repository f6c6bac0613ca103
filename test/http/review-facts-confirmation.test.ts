import { expect } from 'chai';
import { AuditPage } from '../../src/http/audit/audit.schemas';
import { RecordingView } from '../../src/http/catalog/catalog.responses';
import { RecordingHistoryView } from '../../src/http/catalog/history.responses';
import type { DbHandle } from '../../src/persistence/connection';
import { bodyOf, problemOf } from '../support/api';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';

const ingest = bearer('ingest', 'feed');
const clerk = bearer('clerk', 'jdoe');
const prosecutor = bearer('prosecutor', 'pros');
const auditor = bearer('auditor', 'aud');

interface Answer {
  outcome: string;
  missingFacts: string[];
  reasons: Array<{ ruleId: string; text: string; staffNote?: string }>;
  questions: Array<{ questionId: string; answeredBy: string; form: { href: string; api: string } }>;
}

/**
 * Counsel re-check session 5, F1 residual 1 (F4): one clerk's call (an evidentiary category and a
 * case link nobody checked) turned "review / never destroyed" into "release / eligible for
 * destruction". KC-OLD was declined in 2018; its recordings were made that year.
 */
describe("a clerk's case link and category wait for the prosecutor's confirmation (POST /api/v1/recordings/:id/review-facts/confirmations)", () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-12-01T10:00:00-06:00');
  const tick = () => {
    clock = new Date(clock.getTime() + 60_000);
  };
  const answer = async (id: string, requester = 'public'): Promise<Answer> => {
    const res = await t.request.get(`/api/v1/recordings/${id}/eligibility?requester=${requester}`).set(clerk);
    expect(res.status, res.text).to.equal(200);
    return res.body as Answer;
  };
  const view = async (id: string) => bodyOf(await t.request.get(`/api/v1/recordings/${id}`).set(auditor), RecordingView);
  const facts = (id: string, body: object, who = clerk) => t.request.post(`/api/v1/recordings/${id}/review-facts`).set(who).send(body);
  const confirm = (id: string, body: object, who = prosecutor) =>
    t.request.post(`/api/v1/recordings/${id}/review-facts/confirmations`).set(who).send(body);

  before(async () => {
    db = await freshDatabase('review_facts_confirm');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    expect((await t.request.put('/api/v1/cases/KC-OLD').set(prosecutor).send(misdemeanorCase('2018-01-02'))).status).to.equal(201);
    const declined = await t.request.post('/api/v1/cases/KC-OLD/events').set(prosecutor).send({ type: 'declined', date: '2018-02-02' });
    expect(declined.status, declined.text).to.equal(201);
    const old = { recordedAt: '2018-01-02T14:00:00-06:00', redactionReview: { reviewedBy: 'rc', reviewedAt: '2018-01-03T10:00:00-06:00' } };
    for (const [id, over] of [
      ['CF-C1', { ...old, category: 'unclassified' }],
      ['CF-B1', { ...old, category: 'unclassified', caseNumbers: ['KC-OLD'] }],
      ['CF-WRONG', { ...old, category: 'unclassified' }],
    ] as const) {
      const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording(over));
      expect(res.status, res.text).to.equal(201);
    }
    tick();
  });
  after(async () => db.close());

  it('keeps a recording a clerk classified and linked to an inactive case in one call in review and never eligible for destruction (probe C1)', async () => {
    const res = await facts('CF-C1', { category: 'traffic', caseNumbers: ['KC-OLD'], basis: 'CAD 18-0001 matched' });
    expect(res.status, res.text).to.equal(200);
    const a = await answer('CF-C1');
    expect(a.outcome).to.equal('needs_legal_review');
    expect(a.missingFacts).to.deep.equal(['recording.caseLinkConfirmed']);
    expect(a.reasons.map((r) => r.ruleId)).to.include('MO-LINK-UNCONFIRMED');
    const reason = a.reasons.find((r) => r.ruleId === 'MO-LINK-UNCONFIRMED');
    // Staff see who entered the link; the text a letter prints does not name them.
    expect(reason?.staffNote).to.contain('KC-OLD by clerk jdoe on 2026-12-01');
    expect(reason?.text).to.contain('KC-OLD on 2026-12-01').and.not.contain('jdoe');
    const q = a.questions.find((x) => x.questionId === 'recording-case-link-confirmed');
    expect(q?.answeredBy).to.equal('prosecutor');
    expect(q?.form.api).to.equal('POST /api/v1/recordings/CF-C1/review-facts/confirmations');
    const v = await view('CF-C1');
    expect(v.retention?.status).to.equal('classification_needed');
    expect(v.retention?.ruleIds).to.include('RET-UNCLASSIFIED');
    expect(v.reviewFacts?.caseLinks).to.deep.equal([
      { caseNumber: 'KC-OLD', by: 'jdoe', at: v.reviewFacts?.at, basis: 'CAD 18-0001 matched', confirmation: null },
    ]);
    expect(v.reviewFacts?.category).to.include({ value: 'traffic', by: 'jdoe', confirmation: null });
  });

  it("does not start the destruction clock of a feed-linked recording on a clerk's category (probe B1)", async () => {
    expect((await view('CF-B1')).retention?.status).to.equal('classification_needed');
    tick();
    expect((await facts('CF-B1', { category: 'traffic' })).status).to.equal(200);
    const v = await view('CF-B1');
    expect(v.category).to.equal('traffic');
    expect(v.retention?.status).to.equal('classification_needed');
    // The link is the feed's: the release follows the case, as before.
    expect((await answer('CF-B1')).outcome).to.equal('release');
  });

  it('opens the recording once the prosecutor confirms the link, and lets its retention run once the category is confirmed too', async () => {
    tick();
    const link = await confirm('CF-C1', {
      field: 'caseNumbers',
      caseNumber: 'KC-OLD',
      confirmed: true,
      basis: 'Det. Ray, unit 4: CAD 18-0001',
    });
    expect(link.status, link.text).to.equal(200);
    expect(link.headers['x-upsert-result']).to.equal('updated');
    const a = await answer('CF-C1');
    expect(a.outcome).to.equal('release');
    // The decision tells staff whose word the link rests on (counsel session 6, G8).
    expect(a.reasons.map((r) => r.staffNote ?? '').join(' ')).to.contain(
      'Case KC-OLD was linked by clerk jdoe; link confirmed by pros on 2026-12-01.',
    );
    expect((await view('CF-C1')).retention?.status).to.equal('classification_needed');
    tick();
    const cat = await confirm('CF-C1', { field: 'category', confirmed: true, basis: 'traffic stop per CAD 18-0001' });
    expect(cat.status, cat.text).to.equal(200);
    const v = bodyOf(cat, RecordingView);
    expect(v.retention?.status).to.not.equal('classification_needed');
    expect(v.reviewFacts?.caseLinks[0]?.confirmation).to.include({ by: 'pros', basis: 'Det. Ray, unit 4: CAD 18-0001' });
    expect(v.reviewFacts?.category?.confirmation).to.include({ by: 'pros' });
    const again = await confirm('CF-C1', { field: 'category', confirmed: true, basis: 'traffic stop per CAD 18-0001' });
    expect(again.headers['x-upsert-result']).to.equal('unchanged');
    const h = bodyOf(await t.request.get('/api/v1/recordings/CF-C1/history').set(auditor), RecordingHistoryView);
    expect(h.revisions.map((r) => r.source)).to.deep.equal(['feed', 'review_facts', 'confirmation', 'confirmation']);
    expect(h.revisions.map((r) => r.basis)).to.deep.equal([
      null,
      'CAD 18-0001 matched',
      'Det. Ray, unit 4: CAD 18-0001',
      'traffic stop per CAD 18-0001',
    ]);
  });

  it('keeps the confirmation when the feed later sends the recording again', async () => {
    tick();
    const old = { recordedAt: '2018-01-02T14:00:00-06:00', redactionReview: { reviewedBy: 'rc', reviewedAt: '2018-01-03T10:00:00-06:00' } };
    const res = await t.request
      .put('/api/v1/recordings/CF-C1')
      .set(ingest)
      .send(recording({ ...old, category: 'unclassified', title: 'again' }));
    expect(res.status, res.text).to.equal(200);
    const v = bodyOf(res, RecordingView);
    expect(v).to.include({ category: 'traffic', title: 'again' });
    expect(v.caseNumbers).to.deep.equal(['KC-OLD']);
    expect((await answer('CF-C1')).outcome).to.equal('release');
  });

  it("keeps a clerk's unconfirmed category the clerk's when an administrator's write sends it back, and asks a basis to classify what the evidence system sent unclassified (counsel session 14, 14b-3)", async () => {
    tick();
    const admin = bearer('admin', 'root');
    const old = { recordedAt: '2019-03-01T14:00:00-06:00', redactionReview: { reviewedBy: 'rc', reviewedAt: '2019-03-02T10:00:00-06:00' } };
    const byAdmin = (over: Record<string, unknown>) =>
      t.request
        .put('/api/v1/recordings/CF-ECHO')
        .set(admin)
        .send(recording({ ...old, ...over }));
    expect(
      (
        await t.request
          .put('/api/v1/recordings/CF-ECHO')
          .set(ingest)
          .send(recording({ ...old, category: 'unclassified' }))
      ).status,
    ).to.equal(201);
    expect((await facts('CF-ECHO', { category: 'use_of_force', basis: 'supervisor memo' })).status).to.equal(200);
    const shown = await view('CF-ECHO');
    expect(shown.category).to.equal('use_of_force');
    expect(shown.retention?.status).to.equal('classification_needed');
    // The administrator corrects the title and sends back the category shown: nothing is classified.
    const echo = await byAdmin({ category: 'use_of_force', title: 'corrected title' });
    expect(echo.status, echo.text).to.equal(200);
    const after = await view('CF-ECHO');
    expect(after.title).to.equal('corrected title');
    expect(after.category).to.equal('use_of_force');
    expect(after.reviewFacts?.category).to.include({ value: 'use_of_force', confirmation: null });
    expect(after.retention?.status).to.equal('classification_needed');
    // An administrator may not replace the clerk's use-of-force, basis or not (counsel session 14, 14c-1a)...
    const replaced = await byAdmin({ category: 'traffic', basis: 'CAD 19-0301' });
    expect(replaced.status, replaced.text).to.equal(409);
    expect(problemOf(replaced).detail).to.contain("records clerk's answer");
    // ...but the clerk's use-of-force is no classification the evidence system made: the prosecutor may remove it
    // (counsel session 14, 14c-1), and the recording is unclassified again, kept.
    const removed = await confirm('CF-ECHO', { field: 'category', confirmed: false, basis: 'no force was used: CAD 19-0301' });
    expect(removed.status, removed.text).to.equal(200);
    const unclassified = await view('CF-ECHO');
    expect(unclassified.category).to.equal('unclassified');
    expect(unclassified.retention?.status).to.equal('classification_needed');
    // Classifying what the evidence system sent unclassified needs a basis (its period may have run already).
    const plain = (over: Record<string, unknown>, who = admin) =>
      t.request
        .put('/api/v1/recordings/CF-CLASS')
        .set(who)
        .send(recording({ ...old, ...over }));
    expect((await plain({ category: 'unclassified' }, ingest)).status).to.equal(201);
    const bare = await plain({ category: 'traffic' });
    expect(bare.status, bare.text).to.equal(422);
    expect(problemOf(bare).errors?.[0]?.path).to.equal('basis');
    expect(problemOf(bare).detail).to.contain('sent unclassified');
    const withBasis = await plain({ category: 'traffic', basis: 'CAD 19-0301: traffic stop' });
    expect(withBasis.status, withBasis.text).to.equal(200);
  });

  it("does not bring back a clerk's category once the evidence system has classified the recording and later re-sends it unclassified (counsel session 13, P3-b)", async () => {
    tick();
    const old = { recordedAt: '2018-01-02T14:00:00-06:00', redactionReview: { reviewedBy: 'rc', reviewedAt: '2018-01-03T10:00:00-06:00' } };
    const put = async (category: string) => {
      const res = await t.request
        .put('/api/v1/recordings/CF-P3B')
        .set(ingest)
        .send(recording({ ...old, category }));
      expect(res.status, res.text).to.be.oneOf([200, 201]);
      return bodyOf(res, RecordingView);
    };
    await put('unclassified');
    const res = await facts('CF-P3B', { category: 'traffic', basis: 'CAD 18-0002' });
    expect(res.status, res.text).to.equal(200);
    expect((await view('CF-P3B')).category).to.equal('traffic');
    expect((await put('use_of_force')).category).to.equal('use_of_force');
    const again = await put('unclassified');
    expect(again.category).to.equal('unclassified');
    expect(again.reviewFacts?.category ?? null).to.equal(null);
    expect(again.retention?.status).to.equal('classification_needed');
  });

  it("removes a wrong link on the prosecutor's word, and the recording is back in review", async () => {
    tick();
    expect((await facts('CF-WRONG', { caseNumbers: ['KC-OLD'] })).status).to.equal(200);
    expect((await answer('CF-WRONG')).missingFacts).to.deep.equal(['recording.caseLinkConfirmed']);
    tick();
    const res = await confirm('CF-WRONG', {
      field: 'caseNumbers',
      caseNumber: 'KC-OLD',
      confirmed: false,
      basis: 'not this incident (CAD 18-0002)',
    });
    expect(res.status, res.text).to.equal(200);
    const v = bodyOf(res, RecordingView);
    expect(v.caseNumbers).to.deep.equal([]);
    expect(v.reviewFacts?.caseLinks).to.deep.equal([]);
    const a = await answer('CF-WRONG');
    expect(a.outcome).to.equal('needs_legal_review');
    expect(a.missingFacts).to.include('recording.category');
  });

  it('refuses to confirm what no clerk entered (409 naming the field), and a body without a basis (400)', async () => {
    const feedLink = await confirm('CF-B1', { field: 'caseNumbers', caseNumber: 'KC-OLD', confirmed: false, basis: 'wrong case' });
    expect(feedLink.status, feedLink.text).to.equal(409);
    expect(problemOf(feedLink).errors?.[0]?.path).to.equal('body.caseNumber');
    expect(problemOf(feedLink).detail).to.contain('evidence system');
    const noCategory = await confirm('CF-WRONG', { field: 'category', confirmed: true, basis: 'x' });
    expect(noCategory.status, noCategory.text).to.equal(409);
    const noBasis = await confirm('CF-C1', { field: 'caseNumbers', caseNumber: 'KC-OLD', confirmed: true });
    expect(noBasis.status).to.equal(400);
    expect(problemOf(noBasis).detail).to.contain('body.basis');
    const noCase = await confirm('CF-C1', { field: 'caseNumbers', confirmed: true, basis: 'x' });
    expect(noCase.status).to.equal(400);
    expect(problemOf(noCase).detail).to.contain('body.caseNumber');
    expect((await confirm('CF-NONE', { field: 'category', confirmed: true, basis: 'x' })).status).to.equal(404);
  });

  it('is audited with the prosecutor as the actor, and only a prosecutor may call it', async () => {
    const res = await t.request.get('/api/v1/audit?target=CF-C1').set(auditor);
    const entry = bodyOf(res, AuditPage).items.find((i) => i.action === 'POST /api/v1/recordings/:recordingId/review-facts/confirmations');
    expect(entry?.actor).to.deep.equal({ sub: 'pros', role: 'prosecutor' });
    for (const role of ['clerk', 'admin', 'auditor', 'counsel', 'ingest'] as const) {
      const r = await confirm('CF-C1', { field: 'category', confirmed: true, basis: 'x' }, bearer(role, `${role}-1`));
      expect(r.status, `${role}: ${r.text}`).to.equal(403);
    }
  });
});

describe("an administrator's write that opens a recording records why (counsel re-check session 5, F1 residual 2, F2)", () => {
  let db: DbHandle;
  let t: TestApp;
  const admin = bearer('admin', 'root');
  const put = (id: string, over: Record<string, unknown>, who = admin) =>
    t.request.put(`/api/v1/recordings/${id}`).set(who).send(recording(over));
  const history = async (id: string) => bodyOf(await t.request.get(`/api/v1/recordings/${id}/history`).set(auditor), RecordingHistoryView);
  const noInvestigation = { confirmedBy: 'ADA Lee', role: 'prosecutor', confirmedOn: '2026-11-30', reference: 'memo 26-114' };

  before(async () => {
    db = await freshDatabase('admin_openings');
    // The day a confirmation is recorded counts for its retention (L1): a fixed clock keeps the dates stable.
    t = await makeTestApp(db, undefined, undefined, () => new Date('2026-12-01T10:00:00-06:00'));
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    for (const [id, over] of [
      ['AD-UNCLASSIFIED', { category: 'unclassified' }],
      ['AD-HOME', { location: { nonpublic: true, kind: 'dwelling', address: '12 Elm St' }, caseNumbers: ['KC-AD-1'] }],
    ] as const)
      expect((await put(id, over, ingest)).status).to.equal(201);
  });
  after(async () => db.close());

  it('refuses a non-evidentiary classification without the confirmation that no investigation concerns the recording (422 naming noInvestigation)', async () => {
    const res = await put('AD-UNCLASSIFIED', { category: 'non_evidentiary' });
    expect(res.status, res.text).to.equal(422);
    expect(problemOf(res).errors?.[0]?.path).to.equal('noInvestigation');
    const created = await put('AD-NEW', { category: 'non_evidentiary' });
    expect(created.status, created.text).to.equal(422);
    const ok = await put('AD-UNCLASSIFIED', { category: 'non_evidentiary', noInvestigation });
    expect(ok.status, ok.text).to.equal(200);
    const last = (await history('AD-UNCLASSIFIED')).revisions.at(-1);
    expect(last?.source).to.equal('admin');
    expect(last?.basis).to.equal('no investigation concerns it: confirmed by ADA Lee (prosecutor) on 2026-11-30, reference memo 26-114');
  });

  it('shows staff whose confirmation a non-evidentiary recording rests on, runs its 180 days from the confirmation, and keeps it through a later write (counsel session 6, G4)', async () => {
    const eligibility = await t.request.get('/api/v1/recordings/AD-UNCLASSIFIED/eligibility?requester=public').set(bearer('clerk', 'jdoe'));
    expect(eligibility.status, eligibility.text).to.equal(200);
    const reasons = (eligibility.body as { reasons: { text: string; staffNote?: string }[] }).reasons;
    expect(reasons.map((r) => r.staffNote ?? '').join(' ')).to.contain(
      'No investigation concerns it: confirmed by ADA Lee, prosecutor, on 2026-11-30, reference memo 26-114.',
    );
    expect(reasons.map((r) => r.text).join(' '))
      .to.contain('(the prosecutor confirmed on 2026-11-30 that no investigation concerns it)')
      .and.not.contain('ADA Lee');
    const retainUntil = async () =>
      bodyOf(await t.request.get('/api/v1/recordings/AD-UNCLASSIFIED').set(auditor), RecordingView).retention?.retainUntil;
    // Recorded 2026-05-01: 180 days from the recording would have ended 2026-10-28; the confirmation of
    // 2026-11-30 was recorded here on 2026-12-01, so the period runs from that day (counsel session 8, L1).
    expect(await retainUntil()).to.match(/^2027-05-30/);
    const again = await put('AD-UNCLASSIFIED', { category: 'non_evidentiary', title: 'renamed' });
    expect(again.status, again.text).to.equal(200);
    expect(await retainUntil()).to.match(/^2027-05-30/);
  });

  it("records the prosecutor's own confirmation that no investigation concerns a recording, with the prosecutor as confirmer and actor, and refuses it beside a case link", async () => {
    const pros = bearer('prosecutor', 'ada-lee');
    const noInv = (id: string, body: object, who = pros) => t.request.post(`/api/v1/recordings/${id}/no-investigation`).set(who).send(body);
    expect((await put('AD-PROS', { category: 'unclassified', recordedAt: '2024-12-01T13:00:00-06:00' }, ingest)).status).to.equal(201);
    expect((await noInv('AD-PROS', { reference: 'memo 26-200' }, clerk)).status).to.equal(403);
    expect((await noInv('AD-PROS', { reference: 'memo 26-200', confirmedOn: '2026-12-02' })).status).to.equal(422);
    const res = await noInv('AD-PROS', { reference: 'memo 26-200' });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['x-upsert-result']).to.equal('updated');
    const v = bodyOf(res, RecordingView);
    expect(v.category).to.equal('non_evidentiary');
    expect(v.retention?.status).to.equal('retain');
    // Confirmed and recorded on 2026-12-01 (the test's clock): kept 180 days from then, not destroyable since 2025.
    expect(v.retention?.retainUntil).to.match(/^2027-05-30/);
    const last = (await history('AD-PROS')).revisions.at(-1);
    expect(last?.source).to.equal('confirmation');
    expect(last?.recordedBy).to.equal('ada-lee');
    const eligibility = await t.request.get('/api/v1/recordings/AD-PROS/eligibility?requester=public').set(clerk);
    const reasons = (eligibility.body as { reasons: { text: string; staffNote?: string }[] }).reasons;
    expect(reasons.map((r) => r.staffNote ?? '').join(' ')).to.contain(
      'confirmed by ada-lee, prosecutor, on 2026-12-01, reference memo 26-200',
    );
    expect((await noInv('AD-PROS', { reference: 'memo 26-200' })).headers['x-upsert-result']).to.equal('unchanged');
    const linked = await noInv('AD-HOME', { reference: 'memo 26-201' });
    expect(linked.status, linked.text).to.equal(409);
    expect(problemOf(linked).detail).to.contain('linked to case KC-AD-1');
  });

  it("spends a clerk's category when the prosecutor confirms no investigation concerns the recording, so the feed's later unclassified re-send does not bring it back (counsel session 14, 14b-4)", async () => {
    const recordedAt = '2024-12-01T13:00:00-06:00';
    expect((await put('AD-NI-CAT', { category: 'unclassified', recordedAt }, ingest)).status).to.equal(201);
    const answered = await t.request
      .post('/api/v1/recordings/AD-NI-CAT/review-facts')
      .set(clerk)
      .send({ category: 'traffic', basis: 'CAD' });
    expect(answered.status, answered.text).to.equal(200);
    const ni = await t.request
      .post('/api/v1/recordings/AD-NI-CAT/no-investigation')
      .set(bearer('prosecutor', 'ada-lee'))
      .send({ reference: 'memo 26-210' });
    expect(ni.status, ni.text).to.equal(200);
    expect(bodyOf(ni, RecordingView).reviewFacts?.category ?? null).to.equal(null);
    const again = bodyOf(await put('AD-NI-CAT', { category: 'unclassified', recordedAt }, ingest), RecordingView);
    expect(again.category).to.equal('unclassified');
  });

  it('refuses to reclassify a use-of-force recording non-evidentiary on either route: only the evidence system does (counsel session 9, N3)', async () => {
    expect((await put('AD-UOF', { category: 'use_of_force' }, ingest)).status).to.equal(201);
    const byAdmin = await put('AD-UOF', { category: 'non_evidentiary', noInvestigation });
    expect(byAdmin.status, byAdmin.text).to.equal(409);
    expect(problemOf(byAdmin).errors?.[0]?.path).to.equal('body.category');
    const byProsecutor = await t.request
      .post('/api/v1/recordings/AD-UOF/no-investigation')
      .set(bearer('prosecutor', 'ada-lee'))
      .send({ reference: 'memo 26-300' });
    expect(byProsecutor.status, byProsecutor.text).to.equal(409);
    expect(problemOf(byProsecutor).detail).to.contain('use_of_force');
    // Nor by way of another category first (counsel session 9b, on N3): two steps would lose the period too.
    const toOther = await put('AD-UOF', { category: 'other' });
    expect(toOther.status, toOther.text).to.equal(409);
    expect(problemOf(toOther).errors?.[0]?.path).to.equal('body.category');
    const v = bodyOf(await t.request.get('/api/v1/recordings/AD-UOF').set(auditor), RecordingView);
    expect(v.category).to.equal('use_of_force');
  });

  it("refuses an administrator's move of a recording's time earlier, which shortens its retention, whatever the category and basis: the evidence system's to correct (counsel session 13, P3-a; session 14, 14b-1)", async () => {
    const recordedAt = '2026-06-01T13:00:00-05:00';
    const earlier = '2021-06-01T13:00:00-05:00';
    const refused = async (id: string, over: Record<string, unknown>) => {
      const res = await put(id, over);
      expect(res.status, res.text).to.equal(409);
      expect(problemOf(res).errors?.[0]?.path).to.equal('body.recordedAt');
      expect(problemOf(res).detail).to.contain('evidence system');
    };
    expect((await put('AD-UOF-T', { category: 'use_of_force', recordedAt }, ingest)).status).to.equal(201);
    const retainUntil = bodyOf(await t.request.get('/api/v1/recordings/AD-UOF-T').set(auditor), RecordingView).retention?.retainUntil;
    for (const over of [{}, { basis: 'CAD shows 2021' }])
      await refused('AD-UOF-T', { category: 'use_of_force', recordedAt: earlier, ...over });
    const kept = bodyOf(await t.request.get('/api/v1/recordings/AD-UOF-T').set(auditor), RecordingView);
    expect(kept.recordedAt).to.match(/^2026-06-01T13:00/);
    expect(kept.retention?.retainUntil).to.equal(retainUntil);
    // Nor in the write that classifies it so, nor first on an ordinary recording (which could be classified
    // use-of-force afterwards, keeping the earlier time): the order of the writes makes no difference.
    expect((await put('AD-UP-T', { category: 'traffic', recordedAt }, ingest)).status).to.equal(201);
    await refused('AD-UP-T', { category: 'use_of_force', recordedAt: earlier, basis: 'camera clock' });
    await refused('AD-UP-T', { category: 'traffic', recordedAt: earlier });
    await refused('AD-UP-T', { category: 'traffic', recordedAt: earlier, basis: 'camera clock was five years fast' });
    const classified = await put('AD-UP-T', { category: 'use_of_force', recordedAt, basis: 'IA 26-14: force used' });
    expect(classified.status, classified.text).to.equal(200);
    expect(bodyOf(classified, RecordingView).retention?.retainUntil).to.equal(retainUntil);
    // A later time lengthens every period and needs nothing; the evidence system's own write may move it either way.
    expect((await put('AD-UP-T', { category: 'use_of_force', recordedAt: '2026-07-01T13:00:00-05:00' })).status).to.equal(200);
    expect((await put('AD-UP-T', { category: 'use_of_force', recordedAt }, ingest)).status).to.equal(200);
  });

  it("asks an administrator's write for its basis when it changes the category or adds a case link, and refuses it, whatever the basis, when it clears a flag, says there is no crime scene or records a content review (counsel session 14, 14c-2 to 14c-4, 14d-1 to 14d-3)", async () => {
    const recordedAt = '2019-03-01T13:00:00-06:00';
    const flags = { juvenileSubject: true, undercoverOfficer: true };
    const redactionReview = { reviewedBy: 'records-clerk', reviewedAt: '2019-03-02T10:00:00-06:00' };
    expect((await put('AD-STAFF', { category: 'arrest', recordedAt, flags, redactionReview }, ingest)).status).to.equal(201);
    expect(
      (await t.request.put('/api/v1/cases/KC-STAFF-OLD').set(bearer('prosecutor', 'pros')).send(misdemeanorCase('2019-02-01'))).status,
    ).to.equal(201);
    const same = { recordedAt, flags, redactionReview };
    for (const [over, says] of [
      [{ category: 'use_of_force' }, 'changes its category from arrest to use_of_force'],
      [{ category: 'arrest', caseNumbers: ['KC-STAFF-OLD'] }, 'adds a link to case KC-STAFF-OLD'],
    ] as const) {
      const res = await put('AD-STAFF', { ...same, ...over });
      expect(res.status, res.text).to.equal(422);
      expect(problemOf(res).errors?.[0]?.path).to.equal('basis');
      expect(problemOf(res).detail).to.contain(says);
    }
    // Refused whatever the basis (a no-investigation confirmation is one too): only the evidence system does these.
    const basis = 'title typo';
    for (const [over, path] of [
      [{ flags: {} }, 'body.flags.juvenileSubject'],
      [{ flags: { juvenileSubject: true } }, 'body.flags.undercoverOfficer'],
      [{ crimeScene: false }, 'body.crimeScene'],
      [{ redactionReview: { reviewedBy: 'someone', reviewedAt: '2019-03-02T10:00:00-06:00' } }, 'body.redactionReview'],
    ] as const) {
      const res = await put('AD-STAFF', { category: 'arrest', ...same, ...over, basis });
      expect(res.status, res.text).to.equal(409);
      expect(problemOf(res).errors?.[0]?.path).to.equal(path);
    }
    const v = bodyOf(await t.request.get('/api/v1/recordings/AD-STAFF').set(auditor), RecordingView);
    expect(v).to.include({ category: 'arrest', crimeScene: null });
    expect(v.flags).to.include(flags);
    expect(v.caseNumbers).to.deep.equal([]);
    // With the basis, a category change is made and the basis kept on the revision; setting a flag closes more.
    const withBasis = await put('AD-STAFF', { ...same, category: 'investigation', basis: 'CAD 19-0301: investigation' });
    expect(withBasis.status, withBasis.text).to.equal(200);
    expect((await history('AD-STAFF')).revisions.at(-1)?.basis).to.equal('CAD 19-0301: investigation');
    expect((await put('AD-STAFF', { ...same, category: 'investigation', flags: { ...flags, depictsMinor: true } })).status).to.equal(200);
    // The feed changes any of it.
    expect((await put('AD-STAFF', { category: 'arrest', recordedAt }, ingest)).status).to.equal(200);
  });

  it('refuses a recording an administrator creates with a content review or without a crime scene, so a second id for a closed video is not released or destroyable (counsel session 14, 14e-1)', async () => {
    const closed = { category: 'arrest', recordedAt: '2019-03-01T13:00:00-06:00', flags: { juvenileSubject: true } };
    expect((await put('AD-J1', closed, ingest)).status).to.equal(201);
    for (const [over, path] of [
      [{ flags: {} }, 'body.redactionReview'],
      [{ flags: {}, redactionReview: null, crimeScene: false }, 'body.crimeScene'],
    ] as const) {
      const res = await put('AD-J1-B', { ...closed, ...over });
      expect(res.status, res.text).to.equal(409);
      expect(problemOf(res).errors?.[0]?.path).to.equal(path);
    }
    expect((await t.request.get('/api/v1/recordings/AD-J1-B').set(auditor)).status).to.equal(404);
    // Without them it is stored, unreviewed: not released to the public, and not destroyable.
    const bare = await put('AD-J1-B', { ...closed, flags: {}, redactionReview: null });
    expect(bare.status, bare.text).to.equal(201);
    const eligibility = await t.request.get('/api/v1/recordings/AD-J1-B/eligibility?requester=public').set(bearer('clerk', 'jdoe'));
    expect((eligibility.body as { outcome: string }).outcome).to.not.equal('release');
    expect(bodyOf(bare, RecordingView).retention?.status).to.not.equal('eligible_for_destruction');
  });

  it('runs the 180 days of a recording classified on a backdated confirmation from the day it was recorded, and refuses a confirmation dated after today (counsel session 8, L1)', async () => {
    expect((await put('AD-OLD', { category: 'unclassified', recordedAt: '2024-12-01T13:00:00-06:00' }, ingest)).status).to.equal(201);
    const future = await put('AD-OLD', {
      category: 'non_evidentiary',
      recordedAt: '2024-12-01T13:00:00-06:00',
      noInvestigation: { ...noInvestigation, confirmedOn: '2026-12-02' },
    });
    expect(future.status, future.text).to.equal(422);
    expect(problemOf(future).errors?.[0]?.path).to.equal('body.noInvestigation.confirmedOn');
    const backdated = await put('AD-OLD', {
      category: 'non_evidentiary',
      recordedAt: '2024-12-01T13:00:00-06:00',
      noInvestigation: { ...noInvestigation, confirmedOn: '2025-01-01' },
    });
    expect(backdated.status, backdated.text).to.equal(200);
    const v = bodyOf(await t.request.get('/api/v1/recordings/AD-OLD').set(auditor), RecordingView);
    // Before: eligible since 2025-06-30, destroyable the day it was classified.
    expect(v.retention?.status).to.equal('retain');
    expect(v.retention?.retainUntil).to.match(/^2027-05-30/);
  });

  it('lets the feed classify without it: the evidence system classifies', async () => {
    expect((await put('AD-FEED', { category: 'non_evidentiary' }, ingest)).status).to.equal(201);
  });

  it('refuses to lift a nonpublic mark, turn a private kind public or remove a case link without a basis (422 naming basis)', async () => {
    const open = { location: { nonpublic: false, kind: 'public', address: '12 Elm St' }, caseNumbers: [] };
    const res = await put('AD-HOME', open);
    expect(res.status, res.text).to.equal(422);
    expect(problemOf(res).errors?.[0]?.path).to.equal('basis');
    for (const part of ['nonpublic mark', 'from dwelling to public', 'link to case KC-AD-1'])
      expect(problemOf(res).detail).to.contain(part);
    const basis = 'evidence custodian: street corner, wrong address entered';
    // Removing the case link says that investigation does not concern it: the prosecutor's word, not a basis alone (G4).
    const unlinked = await put('AD-HOME', { ...open, basis });
    expect(unlinked.status, unlinked.text).to.equal(422);
    expect(problemOf(unlinked).errors?.[0]?.path).to.equal('noInvestigation');
    expect(problemOf(unlinked).detail).to.contain('link to case KC-AD-1');
    const ok = await put('AD-HOME', { ...open, basis, noInvestigation });
    expect(ok.status, ok.text).to.equal(200);
    expect((await history('AD-HOME')).revisions.at(-1)?.basis).to.equal(
      `${basis}; no investigation concerns it: confirmed by ADA Lee (prosecutor) on 2026-11-30, reference memo 26-114`,
    );
  });

  it("refuses an administrator's removal of a non-evidentiary recording's only case link on a basis alone, so it is neither released nor destroyable (counsel session 6, G4, X1 to X2)", async () => {
    expect((await put('AD-NE', { category: 'non_evidentiary', recordedAt: '2019-03-01T14:00:00-06:00' }, ingest)).status).to.equal(201);
    const linked = await t.request
      .post('/api/v1/recordings/AD-NE/review-facts')
      .set(clerk)
      .send({ caseNumbers: ['KC-AD-ACTIVE'] });
    expect(linked.status, linked.text).to.equal(200);
    const removed = await put('AD-NE', {
      category: 'non_evidentiary',
      recordedAt: '2019-03-01T14:00:00-06:00',
      caseNumbers: [],
      basis: 'wrong case',
    });
    // The clerk's link is merged in again (an administrator's update cannot drop it) and nothing opens it.
    expect(removed.status, removed.text).to.equal(200);
    const v = bodyOf(await t.request.get('/api/v1/recordings/AD-NE').set(auditor), RecordingView);
    expect(v.caseNumbers).to.deep.equal(['KC-AD-ACTIVE']);
    const corrected = await t.request
      .post('/api/v1/recordings/AD-NE/review-facts/corrections')
      .set(admin)
      .send({ field: 'caseNumbers', value: 'KC-AD-ACTIVE', basis: 'wrong case' });
    expect(corrected.status, corrected.text).to.equal(400);
    const eligibility = await t.request.get('/api/v1/recordings/AD-NE/eligibility?requester=public').set(clerk);
    expect(eligibility.status, eligibility.text).to.equal(200);
    expect((eligibility.body as { outcome: string }).outcome).to.not.equal('release');
  });
});

describe("a prosecutor's or an administrator's correction of a clerk's wrong answer (POST /api/v1/recordings/:id/review-facts/corrections)", () => {
  let db: DbHandle;
  let t: TestApp;
  const admin = bearer('admin', 'root');
  const correct = (id: string, body: object, who = prosecutor) =>
    t.request.post(`/api/v1/recordings/${id}/review-facts/corrections`).set(who).send(body);
  const history = async (id: string) => bodyOf(await t.request.get(`/api/v1/recordings/${id}/history`).set(auditor), RecordingHistoryView);

  before(async () => {
    db = await freshDatabase('review_facts_correct');
    t = await makeTestApp(db);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    expect(
      (
        await t.request
          .put('/api/v1/recordings/CO-1')
          .set(ingest)
          .send(recording({ category: 'traffic' }))
      ).status,
    ).to.equal(201);
    const marked = await t.request
      .post('/api/v1/recordings/CO-1/review-facts')
      .set(clerk)
      .send({ caseNumbers: ['KC-CO-1'], location: { nonpublic: true, kind: 'dwelling' } });
    expect(marked.status, marked.text).to.equal(200);
  });
  after(async () => db.close());

  it("names this route when a clerk's nonpublic mark cannot be lifted on the clerk's own route", async () => {
    const res = await t.request
      .post('/api/v1/recordings/CO-1/review-facts')
      .set(clerk)
      .send({ location: { nonpublic: false } });
    expect(res.status).to.equal(409);
    expect(problemOf(res).detail).to.contain('/api/v1/recordings/CO-1/review-facts/corrections');
  });

  it("lifts a clerk's nonpublic mark and replaces the clerk's kind of place, with the basis, as revisions from this route", async () => {
    const kind = await correct('CO-1', { field: 'location.kind', value: 'public', basis: 'CAD 26-77: a street corner' });
    expect(kind.status, kind.text).to.equal(200);
    const mark = await correct('CO-1', { field: 'location.nonpublic', value: false, basis: 'CAD 26-77: a street corner' });
    expect(mark.status, mark.text).to.equal(200);
    const v = bodyOf(mark, RecordingView);
    expect(v.location).to.include({ nonpublic: false, kind: 'public' });
    // The corrected kind replaces the clerk's in the answer; the clerk's mark is gone.
    expect(v.reviewFacts).to.include({ nonpublic: null, kind: 'public' });
    const h = await history('CO-1');
    expect(h.revisions.slice(-2).map((r) => [r.source, r.basis])).to.deep.equal([
      ['correction', 'CAD 26-77: a street corner'],
      ['correction', 'CAD 26-77: a street corner'],
    ]);
    // A later feed write keeps the correction: the clerk's mark is gone from the overlay.
    const feed = await t.request
      .put('/api/v1/recordings/CO-1')
      .set(ingest)
      .send(recording({ category: 'traffic', title: 'again' }));
    expect(bodyOf(feed, RecordingView).location).to.include({ nonpublic: false, kind: 'public' });
  });

  it("never removes a clerk's case link: that is the prosecutor's confirmation route (counsel session 6, G4) (400 naming field)", async () => {
    const res = await correct('CO-1', { field: 'caseNumbers', value: 'KC-CO-1', basis: 'entered on the wrong recording' }, admin);
    expect(res.status, res.text).to.equal(400);
    expect(problemOf(res).detail).to.contain('body.field');
    expect(bodyOf(await t.request.get('/api/v1/recordings/CO-1').set(auditor), RecordingView).caseNumbers).to.deep.equal(['KC-CO-1']);
  });

  it("refuses to lift the evidence system's own nonpublic mark when a clerk marked it too, and the recording stays closed (counsel session 6, G3, P-NP)", async () => {
    const home = { location: { nonpublic: true, kind: 'dwelling', address: '12 Elm St' } };
    expect((await t.request.put('/api/v1/recordings/CO-NP').set(ingest).send(recording(home))).status).to.equal(201);
    const dup = await t.request
      .post('/api/v1/recordings/CO-NP/review-facts')
      .set(clerk)
      .send({ location: { nonpublic: true } });
    expect(dup.status, dup.text).to.equal(200);
    const res = await correct('CO-NP', { field: 'location.nonpublic', value: false, basis: 'clerk error' }, admin);
    expect(res.status, res.text).to.equal(409);
    expect(problemOf(res).detail).to.contain('by the evidence system itself');
    const v = bodyOf(await t.request.get('/api/v1/recordings/CO-NP').set(auditor), RecordingView);
    expect(v.location).to.include({ nonpublic: true, kind: 'dwelling' });
    const eligibility = await t.request.get('/api/v1/recordings/CO-NP/eligibility?requester=public').set(clerk);
    expect((eligibility.body as { outcome: string }).outcome).to.not.equal('release');
  });

  it("keeps the evidence system's private kind of place when a clerk gave another, and refuses a correction to a public kind (counsel session 6, G3, P-DW)", async () => {
    const home = { location: { nonpublic: false, kind: 'dwelling', address: '12 Elm St' } };
    expect((await t.request.put('/api/v1/recordings/CO-DW').set(ingest).send(recording(home))).status).to.equal(201);
    const school = await t.request
      .post('/api/v1/recordings/CO-DW/review-facts')
      .set(clerk)
      .send({ location: { kind: 'school' } });
    expect(school.status, school.text).to.equal(200);
    // The feed's dwelling is kept as the feed gave it; the clerk's school stays in the clerk's answer.
    const v = bodyOf(school, RecordingView);
    expect(v.location.kind).to.equal('dwelling');
    expect(v.reviewFacts?.kind).to.equal('school');
    const res = await correct('CO-DW', { field: 'location.kind', value: 'public', basis: 'clerk error' }, admin);
    expect(res.status, res.text).to.equal(409);
    expect(problemOf(res).errors?.[0]?.path).to.equal('body.value');
    expect(bodyOf(await t.request.get('/api/v1/recordings/CO-DW').set(auditor), RecordingView).location.kind).to.equal('dwelling');
    const eligibility = await t.request.get('/api/v1/recordings/CO-DW/eligibility?requester=public').set(clerk);
    expect((eligibility.body as { outcome: string }).outcome).to.not.equal('release');
  });

  it('refuses to correct what no clerk entered (409), a clerk (403), and a body without basis or with another field (400)', async () => {
    expect((await t.request.put('/api/v1/recordings/CO-PLAIN').set(ingest).send(recording())).status).to.equal(201);
    const none = await correct('CO-PLAIN', { field: 'location.nonpublic', value: false, basis: 'x' });
    expect(none.status, none.text).to.equal(409);
    expect(problemOf(none).errors?.[0]?.path).to.equal('body.field');
    expect((await correct('CO-1', { field: 'location.nonpublic', value: false, basis: 'x' }, clerk)).status).to.equal(403);
    const noBasis = await correct('CO-1', { field: 'location.nonpublic', value: false });
    expect(noBasis.status).to.equal(400);
    expect(problemOf(noBasis).detail).to.contain('body.basis');
    expect((await correct('CO-1', { field: 'category', value: 'traffic', basis: 'x' })).status).to.equal(400);
    expect((await correct('CO-1', { field: 'location.nonpublic', value: true, basis: 'x' })).status).to.equal(400);
  });

  it('records an import as its own revision source', async () => {
    const line = JSON.stringify({ recordingId: 'CO-IMP', ...recording({ category: 'traffic' }) });
    const res = await t.request.post('/api/v1/recordings/import').set(ingest).set('Content-Type', 'application/x-ndjson').send(line);
    expect(res.status, res.text).to.be.oneOf([200, 201]);
    expect((await history('CO-IMP')).revisions.map((r) => r.source)).to.deep.equal(['import']);
  });
});
