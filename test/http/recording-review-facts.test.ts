import { expect } from 'chai';
import { AuditPage } from '../../src/http/audit/audit.schemas';
import { RecordingHistoryView } from '../../src/http/catalog/history.responses';
import type { DbHandle } from '../../src/persistence/connection';
import { bodyOf, problemOf } from '../support/api';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';

const ingest = bearer('ingest', 'feed');
const clerk = bearer('clerk', 'jdoe');
const auditor = bearer('auditor', 'aud');

interface Answer {
  outcome: string;
  missingFacts: string[];
  questions: Array<{ questionId: string; answeredBy: string; form: { href: string; api: string } }>;
}

describe("a clerk's answers to a recording's review questions (POST /api/v1/recordings/:id/review-facts)", () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T10:00:00-06:00');
  const tick = () => {
    clock = new Date(clock.getTime() + 60_000);
  };
  const answer = async (id: string): Promise<Answer> => {
    const res = await t.request.get(`/api/v1/recordings/${id}/eligibility?requester=public`).set(clerk);
    expect(res.status, res.text).to.equal(200);
    return res.body as Answer;
  };
  const facts = (id: string, body: object, who = clerk) => t.request.post(`/api/v1/recordings/${id}/review-facts`).set(who).send(body);

  before(async () => {
    db = await freshDatabase('review_facts');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    for (const [id, over] of [
      ['RF-UNCLASSIFIED', { category: 'unclassified', recordedAt: '2026-11-01T14:00:00-05:00' }],
      ['RF-CONTRADICTS', { location: { nonpublic: false, kind: 'dwelling', address: '12 Elm St' } }],
      ['RF-CLASSIFIED', { category: 'traffic' }],
      ['RF-OLD-UNCLASSIFIED', { category: 'unclassified', recordedAt: '2025-01-05T14:00:00-06:00', caseNumbers: [] }],
      ['RF-NONPUBLIC', { location: { nonpublic: true, kind: 'dwelling', address: '12 Elm St' } }],
      ['RF-NO-KIND', { location: { nonpublic: false, address: '1 Oak St' } }],
      ['RF-FEED', { category: 'arrest', title: 'first', location: { nonpublic: false, kind: 'public', address: '5 Elm St' } }],
    ] as const) {
      const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording(over));
      expect(res.status, res.text).to.equal(201);
    }
    tick();
  });
  after(async () => db.close());

  it("links every clerk question about a recording's category, case and place to this route", async () => {
    const a = await answer('RF-CONTRADICTS');
    expect(a.outcome).to.equal('needs_legal_review');
    const q = a.questions.find((x) => x.questionId === 'recording-nonpublic-contradicts-location');
    expect(q?.answeredBy).to.equal('clerk');
    expect(q?.form.api).to.equal('POST /api/v1/recordings/RF-CONTRADICTS/review-facts');
    expect(q?.form.href).to.match(/^#\/release\/RF-CONTRADICTS\?.*form=review-facts/);
  });

  it('records the place as nonpublic with its kind, as a revision by the clerk, and decides the recording again', async () => {
    const res = await facts('RF-CONTRADICTS', { location: { nonpublic: true, kind: 'dwelling' } });
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['x-upsert-result']).to.equal('updated');
    expect((res.body as { location: { nonpublic: boolean; kind: string; address: string } }).location).to.include({
      nonpublic: true,
      kind: 'dwelling',
      address: '12 Elm St',
    });
    const a = await answer('RF-CONTRADICTS');
    expect(a.missingFacts.some((f) => f.includes('contradicts locationKind'))).to.equal(false);
    const h = bodyOf(await t.request.get('/api/v1/recordings/RF-CONTRADICTS/history').set(auditor), RecordingHistoryView);
    const last = h.revisions[h.revisions.length - 1];
    expect(last?.recordedBy).to.equal('jdoe');
    expect(last?.changes.map((c) => c.field)).to.deep.equal(['location.nonpublic']);
  });

  it('is audited with the clerk as the actor and the recording as the target', async () => {
    const res = await t.request.get('/api/v1/audit?target=RF-CONTRADICTS').set(auditor);
    const entry = bodyOf(res, AuditPage).items.find((i) => i.action === 'POST /api/v1/recordings/:recordingId/review-facts');
    expect(entry?.actor).to.deep.equal({ sub: 'jdoe', role: 'clerk' });
    expect(entry?.outcome.status).to.equal(200);
  });

  it('classifies an unclassified recording and adds a case link, keeping the others', async () => {
    expect((await answer('RF-UNCLASSIFIED')).missingFacts).to.include('recording.category');
    tick();
    const res = await facts('RF-UNCLASSIFIED', { category: 'traffic', caseNumbers: ['KC-1', 'KC-2'] });
    expect(res.status, res.text).to.equal(200);
    tick();
    const again = await facts('RF-UNCLASSIFIED', { caseNumbers: ['KC-3'] });
    expect((again.body as { category: string; caseNumbers: string[] }).caseNumbers).to.deep.equal(['KC-1', 'KC-2', 'KC-3']);
    expect((await answer('RF-UNCLASSIFIED')).missingFacts).to.not.include('recording.category');
  });

  it('refuses to reclassify a classified recording (409 naming the field), and an empty answer (400)', async () => {
    const res = await facts('RF-CLASSIFIED', { category: 'non_evidentiary' });
    expect(res.status, res.text).to.equal(409);
    expect(problemOf(res).errors?.[0]?.path).to.equal('body.category');
    const same = await facts('RF-CLASSIFIED', { category: 'traffic' });
    expect(same.status, same.text).to.equal(200);
    expect(same.headers['x-upsert-result']).to.equal('unchanged');
    const empty = await facts('RF-CLASSIFIED', {});
    expect(empty.status).to.equal(400);
    expect(problemOf(empty).detail).to.contain('body.category');
    const flags = await facts('RF-CLASSIFIED', { flags: { depictsMinor: true } });
    expect(flags.status).to.equal(400);
    expect(problemOf(flags).detail).to.contain('flags');
  });

  it("refuses a clerk's non-evidentiary classification (422 naming category and who must confirm it), and keeps the recording unclassified", async () => {
    tick();
    const res = await facts('RF-OLD-UNCLASSIFIED', { category: 'non_evidentiary' });
    expect(res.status, res.text).to.equal(422);
    const p = problemOf(res);
    expect(p.errors?.[0]?.path).to.equal('body.category');
    expect(p.detail).to.contain('prosecutor or the investigating unit');
    const admin = await facts('RF-OLD-UNCLASSIFIED', { category: 'non_evidentiary' }, bearer('admin', 'root'));
    expect(admin.status, admin.text).to.equal(422);
    const a = await answer('RF-OLD-UNCLASSIFIED');
    expect(a.outcome).to.equal('needs_legal_review');
    expect(a.missingFacts).to.include('recording.category');
    const ok = await facts('RF-OLD-UNCLASSIFIED', { category: 'arrest' });
    expect(ok.status, ok.text).to.equal(200);
    expect((ok.body as { category: string }).category).to.equal('arrest');
  });

  it('does not lift a nonpublic mark or turn a private kind of place public (409 naming the field), and the recording stays withheld', async () => {
    tick();
    const lift = await facts('RF-NONPUBLIC', { location: { nonpublic: false } });
    expect(lift.status, lift.text).to.equal(409);
    expect(problemOf(lift).errors?.[0]?.path).to.equal('body.location.nonpublic');
    const both = await facts('RF-NONPUBLIC', { location: { nonpublic: false, kind: 'public' } });
    expect(both.status, both.text).to.equal(409);
    const toPublic = await facts('RF-CONTRADICTS', { location: { kind: 'public' } });
    expect(toPublic.status, toPublic.text).to.equal(409);
    expect(problemOf(toPublic).errors?.[0]?.path).to.equal('body.location.kind');
    expect(problemOf(toPublic).detail).to.contain('evidence system');
    expect((await answer('RF-NONPUBLIC')).outcome).to.equal('withhold');
    const other = await facts('RF-NONPUBLIC', { location: { kind: 'school' } });
    expect(other.status, other.text).to.equal(200);
    // Another private kind is kept as the clerk's answer; the evidence system's own kind stays (counsel session 6, G3).
    const shown = other.body as { location: { nonpublic: boolean; kind: string }; reviewFacts: { kind: string } };
    expect(shown.location).to.include({ nonpublic: true, kind: 'dwelling' });
    expect(shown.reviewFacts.kind).to.equal('school');
  });

  it('records a kind of place where none was recorded without touching the nonpublic mark', async () => {
    tick();
    const res = await facts('RF-NO-KIND', { location: { kind: 'medical' } });
    expect(res.status, res.text).to.equal(200);
    expect((res.body as { location: { nonpublic: boolean; kind: string } }).location).to.include({ nonpublic: false, kind: 'medical' });
    const empty = await facts('RF-NO-KIND', { location: {} });
    expect(empty.status).to.equal(400);
    expect(problemOf(empty).detail).to.contain('body.location.nonpublic');
  });

  it("keeps a clerk's case link and nonpublic mark in force when the feed later sends the recording without them, and the history names both routes", async () => {
    expect((await t.request.put('/api/v1/cases/KC26-000901').set(bearer('prosecutor', 'pros')).send(misdemeanorCase())).status).to.equal(
      201,
    );
    tick();
    const res = await facts('RF-FEED', { caseNumbers: ['KC26-000901'], location: { nonpublic: true, kind: 'dwelling' } });
    expect(res.status, res.text).to.equal(200);
    const closed = await answer('RF-FEED');
    expect(closed.outcome).to.equal('withhold');
    tick();
    const feed = await t.request
      .put('/api/v1/recordings/RF-FEED')
      .set(ingest)
      .send(recording({ category: 'arrest', title: 'second', location: { nonpublic: false, kind: 'public', address: '5 Elm St' } }));
    expect(feed.status, feed.text).to.equal(200);
    const rec = feed.body as { title: string; caseNumbers: string[]; location: { nonpublic: boolean; kind: string } };
    expect(rec.title).to.equal('second');
    expect(rec.caseNumbers).to.deep.equal(['KC26-000901']);
    expect(rec.location).to.include({ nonpublic: true, kind: 'dwelling' });
    expect((await answer('RF-FEED')).outcome).to.equal('withhold');
    const h = bodyOf(await t.request.get('/api/v1/recordings/RF-FEED/history').set(auditor), RecordingHistoryView);
    expect(h.revisions.map((r) => r.source)).to.deep.equal(['feed', 'review_facts', 'feed']);
    expect(h.revisions[2]?.changes.map((c) => c.field)).to.deep.equal(['title']);
    expect(h.revisions[1]?.content.caseNumbers).to.deep.equal(['KC26-000901']);
    // As known before the clerk's answer, the recording had no case link and a public place.
    const before = h.revisions[0]!.recordedAt;
    const then = await t.request
      .get(`/api/v1/recordings/RF-FEED/eligibility?requester=public&knownAt=${encodeURIComponent(before)}`)
      .set(clerk);
    expect(then.status, then.text).to.equal(200);
  });

  it('answers 404 for a recording that does not exist', async () => {
    expect((await facts('RF-NONE', { category: 'traffic' })).status).to.equal(404);
  });

  it('lets a clerk and an administrator answer, and no other role', async () => {
    tick();
    expect((await facts('RF-CLASSIFIED', { location: { nonpublic: false, kind: 'public' } }, bearer('admin', 'root'))).status).to.equal(
      200,
    );
    for (const role of ['prosecutor', 'auditor', 'counsel', 'ingest'] as const) {
      const res = await facts('RF-CLASSIFIED', { location: { nonpublic: true } }, bearer(role, `${role}-1`));
      expect(res.status, `${role}: ${res.text}`).to.equal(403);
    }
  });
});
