/**
 * Scoping a Sunshine request (usability test problems 3 and 4, issue 14): recordings marked not
 * responsive with a reason, recordings added during review by id or by case number (any letter
 * case; an unknown one refused with near matches), "no responsive records" as an answer, and the
 * request's recording table with totals by answer, its CSV export and its attachment to the request.
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';
import { z } from 'zod';
import { bodyOf, problemOf } from '../support/api';
import { RequestRecordingsPage, RequestView } from '../../src/http/requests/requests.schemas';

const clerk = bearer('clerk', 'jdoe');
const auditor = bearer('auditor', 'aud');
const ingest = bearer('ingest', 'feed');
const prosecutor = bearer('prosecutor', 'ada');

describe('Sunshine request scope, bulk check and export', () => {
  let db: DbHandle;
  let t: TestApp;
  const clock = new Date('2026-11-20T16:30:00-06:00');

  const create = async (body: Record<string, unknown>) => {
    const res = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt: '2026-11-20T09:00:00-06:00', requester: { name: 'KSHB 41 News', kind: 'public' }, ...body });
    expect(res.status, res.text).to.equal(201);
    return bodyOf(res, RequestView);
  };
  /** One lifecycle step that succeeds: the request as it is after it. */
  const act = async (id: string, action: string, body: Record<string, unknown>) => {
    const res = await t.request.post(`/api/v1/requests/${id}/${action}`).set(clerk).send(body);
    expect(res.status, res.text).to.equal(200);
    return bodyOf(res, RequestView);
  };
  /** One lifecycle step that is refused with `status`: the problem document. */
  const refuse = async (id: string, action: string, body: Record<string, unknown>, status: number) => {
    const res = await t.request.post(`/api/v1/requests/${id}/${action}`).set(clerk).send(body);
    expect(res.status, res.text).to.equal(status);
    return problemOf(res);
  };
  const suggestionsOf = (problem: Record<string, unknown>): string[] => z.array(z.string()).parse(problem.suggestions);

  before(async () => {
    db = await freshDatabase('request_scope');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
    expect((await t.request.put('/api/v1/cases/KC23-000001').set(prosecutor).send(misdemeanorCase())).status).to.equal(201);
    expect((await t.request.put('/api/v1/cases/KC23-000002').set(prosecutor).send(misdemeanorCase())).status).to.equal(201);
    const put = async (id: string, body: Record<string, unknown>) => {
      const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording(body));
      expect(res.status, res.text).to.be.oneOf([200, 201]);
    };
    await put('S-ARREST', {
      category: 'arrest',
      caseNumbers: ['KC23-000001'],
      title: 'Arrest at 18th and Vine',
      flags: { depictsMinor: true, dangerToPerson: true },
    });
    await put('S-INV-1', { category: 'investigation', caseNumbers: ['KC23-000001'] });
    await put('S-INV-2', { category: 'investigation', caseNumbers: ['KC23-000001'] });
    await put('S-OTHER', { category: 'traffic', caseNumbers: ['KC23-000002'] });
    await put('S-OPEN-1', { category: 'non_evidentiary', durationSeconds: 600, title: '=HYPERLINK("http://evil.example","click")' });
    await put('S-OPEN-2', { category: 'non_evidentiary', durationSeconds: 3600 });
  });
  after(async () => db.close());

  describe('case numbers at intake', () => {
    it('refuses an unknown case number with the nearest known ones, at the case number field', async () => {
      const res = await t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send({ receivedAt: '2026-11-20T09:00:00-06:00', requester: { name: 'Typo Test', kind: 'public' }, caseNumber: 'KC23-00001' });
      expect(res.status, res.text).to.equal(422);
      const body = problemOf(res);
      expect(body.errors[0]?.path).to.equal('body.caseNumber');
      expect(body.errors[0]?.message).to.contain('did you mean KC23-000001');
      expect(suggestionsOf(body)[0]).to.equal('KC23-000001');
    });

    it('matches a case number without regard to letter case, and stores the catalog spelling', async () => {
      const r = await create({ caseNumber: 'kc23-000001' });
      expect(r.scope.caseNumber).to.equal('KC23-000001');
      expect(r.recordingIds).to.deep.equal(['S-ARREST', 'S-INV-1', 'S-INV-2']);
    });
  });

  describe('not responsive', () => {
    it('takes recordings out of the answer with the reason, keeps them protected in scope, and the letter and fee cover only the responsive ones', async () => {
      const r = await create({ recordingIds: ['S-OPEN-1', 'S-OPEN-2'], description: 'the crowd footage' });
      const marked = await act(r.requestId, 'not-responsive', {
        recordingIds: ['S-OPEN-2'],
        reason: 'Shows the parking lot, not the crowd asked for',
      });
      expect(marked.status).to.equal('received');
      expect(marked.recordingIds).to.deep.equal(['S-OPEN-1', 'S-OPEN-2']);
      expect(marked.decisions.map((d) => d.recordingId)).to.deep.equal(['S-OPEN-1']);
      expect(marked.notResponsive).to.have.length(1);
      expect(marked.notResponsive[0]).to.include({
        recordingId: 'S-OPEN-2',
        reason: 'Shows the parking lot, not the crowd asked for',
        by: 'jdoe',
      });
      expect(marked.history.at(-1)?.note).to.contain('not responsive: S-OPEN-2');
      await act(r.requestId, 'review', {});
      const answered = await act(r.requestId, 'respond', {});
      expect(answered.outcome).to.equal('released');
      expect(answered.decisions.map((d) => d.recordingId)).to.deep.equal(['S-OPEN-1']);
      const letter = (await t.request.get(`/api/v1/requests/${r.number}/letter`).set(clerk)).text;
      const released = letter.slice(letter.indexOf('Recordings released'), letter.indexOf('Recordings you named that are not responsive'));
      expect(released).to.contain('Recording S-OPEN-1');
      expect(released).to.not.contain('S-OPEN-2');
      expect(letter.replace(/\s+/g, ' ')).to.contain(
        'S-OPEN-2 (recorded Friday, May 1, 2026, 60 min): Shows the parking lot, not the crowd asked for',
      );
      // The copying estimate counts the responsive recording alone (10 minutes of footage, not 70).
      expect(letter.replace(/\s+/g, ' ')).to.contain('Staff time to copy 1 recording(s) (0h 10m of footage)');
    });

    it('refuses a recording that is not in the request, at its place in the list', async () => {
      const r = await create({ recordingIds: ['S-OPEN-1'] });
      const res = await refuse(r.requestId, 'not-responsive', { recordingIds: ['S-OPEN-1', 'S-OTHER'], reason: 'not asked for' }, 422);
      expect(res.errors.map((e) => e.path)).to.deep.equal(['body.recordingIds.1']);
    });

    it('refuses a change of scope once the request is answered', async () => {
      const r = await create({ recordingIds: ['S-OPEN-1'] });
      await act(r.requestId, 'review', {});
      await act(r.requestId, 'respond', {});
      const res = await refuse(r.requestId, 'not-responsive', { recordingIds: ['S-OPEN-1'], reason: 'too late now' }, 409);
      expect(res.detail).to.contain(r.number);
    });
  });

  describe('adding recordings during review', () => {
    it('adds every recording of a case typed in lower case, and a recording named again is responsive again', async () => {
      const r = await create({ recordingIds: ['S-OPEN-1'], description: 'the arrest on case KC23-000002 and the crowd' });
      await act(r.requestId, 'review', {});
      await act(r.requestId, 'not-responsive', { recordingIds: ['S-OPEN-1'], reason: 'Crowd footage from another day' });
      const added = await act(r.requestId, 'recordings', { caseNumber: 'kc23-000002' });
      expect(added.status).to.equal('in_review');
      expect(added.recordingIds).to.deep.equal(['S-OPEN-1', 'S-OTHER']);
      expect(added.decisions.map((d) => d.recordingId)).to.deep.equal(['S-OTHER']);
      expect(added.history.at(-1)?.note).to.contain('added from case KC23-000002');
      const again = await act(r.requestId, 'recordings', { recordingIds: ['S-OPEN-1'] });
      expect(again.notResponsive).to.deep.equal([]);
      expect(again.decisions.map((d) => d.recordingId)).to.deep.equal(['S-OPEN-1', 'S-OTHER']);
    });

    it('adds every recording of a place (any letter case) or a camera over a range of recorded time, and says so when none matches', async () => {
      const r = await create({ description: 'everything recorded at 1200 Main St on May 1' });
      const byPlace = await act(r.requestId, 'recordings', {
        match: { place: '1200 main', recordedFrom: '2026-05-01T00:00:00-05:00', recordedTo: '2026-05-02T00:00:00-05:00' },
      });
      expect(byPlace.recordingIds).to.deep.equal(['S-ARREST', 'S-INV-1', 'S-INV-2', 'S-OPEN-1', 'S-OPEN-2', 'S-OTHER']);
      expect(byPlace.history.at(-1)?.note).to.contain('place "1200 main"');
      const none = await refuse(
        r.requestId,
        'recordings',
        { match: { cameraSerial: 'CAM-1', recordedFrom: '2025-01-01T00:00:00-06:00', recordedTo: '2025-02-01T00:00:00-06:00' } },
        422,
      );
      expect(none.errors[0]?.path).to.equal('body.match');
      const noWhat = await refuse(
        r.requestId,
        'recordings',
        { match: { recordedFrom: '2025-01-01T00:00:00-06:00', recordedTo: '2025-02-01T00:00:00-06:00' } },
        400,
      );
      expect(noWhat.errors[0]?.path).to.equal('body.match.cameraSerial');
    });

    it('refuses an unknown case number with near matches, and an unknown recording at its place', async () => {
      const r = await create({ description: 'anything from the arrest' });
      const unknownCase = await refuse(r.requestId, 'recordings', { caseNumber: 'KC23-0000001' }, 422);
      expect(unknownCase.errors[0]?.path).to.equal('body.caseNumber');
      expect(suggestionsOf(unknownCase)).to.include('KC23-000001');
      const unknownRecording = await refuse(r.requestId, 'recordings', { recordingIds: ['S-ARREST', 'S-NOPE'] }, 422);
      expect(unknownRecording.errors.map((e) => e.path)).to.deep.equal(['body.recordingIds.1']);
    });
  });

  describe('no responsive records', () => {
    it('is refused unless said on purpose, then answered as such, and the letter says so without any fee', async () => {
      const r = await create({ description: 'video of the parade on Main Street' });
      await act(r.requestId, 'review', {});
      const refused = await refuse(r.requestId, 'respond', {}, 409);
      expect(refused.detail).to.contain('no responsive records');
      const answered = await act(r.requestId, 'respond', { noResponsiveRecords: true });
      expect(answered).to.include({ status: 'responded', outcome: 'no_responsive_records' });
      const letter = (await t.request.get(`/api/v1/requests/${r.requestId}/letter`).set(clerk)).text.replace(/\s+/g, ' ');
      expect(letter).to.contain('Determination: No responsive records');
      expect(letter).to.contain('holds no records responsive to your request');
      expect(letter).to.contain('No fee: nothing is to be copied.');
    });

    it('is refused while a recording is still responsive', async () => {
      const r = await create({ recordingIds: ['S-OPEN-1'] });
      await act(r.requestId, 'review', {});
      const res = await refuse(r.requestId, 'respond', { noResponsiveRecords: true }, 409);
      expect(res.detail).to.contain('still responsive');
    });
  });

  describe('the recording table and the bulk check', () => {
    let request: RequestView;
    before(async () => {
      request = await create({ caseNumber: 'KC23-000001', recordingIds: ['S-OPEN-1', 'S-OPEN-2'] });
      await act(request.requestId, 'not-responsive', { recordingIds: ['S-INV-2'], reason: 'Investigation, not the arrest asked for' });
    });

    it('lists every recording with category, recorded time, officer, title, place and content flags and its answer, with totals by answer', async () => {
      const res = await t.request.get(`/api/v1/requests/${request.number}/recordings`).set(auditor);
      expect(res.status, res.text).to.equal(200);
      const body = bodyOf(res, RequestRecordingsPage);
      expect(body.total).to.equal(5);
      expect(body.totals).to.include({ released: 2, withheld: 2, not_responsive: 1 });
      const arrest = (
        body.items as {
          recordingId: string;
          answer: string;
          recording: Record<string, unknown>;
          notResponsive: { reason: string } | null;
        }[]
      ).find((x) => x.recordingId === 'S-ARREST');
      expect(arrest?.answer).to.equal('withheld');
      expect(arrest?.recording).to.include({
        category: 'arrest',
        officerId: 'O-100',
        title: 'Arrest at 18th and Vine',
        place: '1200 Main St',
        recordedAt: '2026-05-01T14:00:00.000-05:00',
        reviewed: true,
      });
      expect(arrest?.recording.flags).to.deep.equal(['depictsMinor', 'dangerToPerson']);
      const inv = (body.items as { recordingId: string; answer: string; notResponsive: { reason: string } | null }[]).find(
        (x) => x.recordingId === 'S-INV-2',
      );
      expect(inv?.answer).to.equal('not_responsive');
      expect(inv?.notResponsive?.reason).to.equal('Investigation, not the arrest asked for');
    });

    it('pages on the server and filters by answer', async () => {
      const first = await t.request.get(`/api/v1/requests/${request.requestId}/recordings?limit=2`).set(clerk);
      const firstBody = bodyOf(first, RequestRecordingsPage);
      expect(firstBody.items.map((x: { recordingId: string }) => x.recordingId)).to.deep.equal(['S-ARREST', 'S-INV-1']);
      const second = await t.request
        .get(`/api/v1/requests/${request.requestId}/recordings?limit=2&cursor=${firstBody.nextCursor}`)
        .set(clerk);
      const secondBody = bodyOf(second, RequestRecordingsPage);
      expect(secondBody.items.map((x: { recordingId: string }) => x.recordingId)).to.deep.equal(['S-INV-2', 'S-OPEN-1']);
      const third = await t.request
        .get(`/api/v1/requests/${request.requestId}/recordings?limit=2&cursor=${secondBody.nextCursor}`)
        .set(clerk);
      const thirdBody = bodyOf(third, RequestRecordingsPage);
      expect(thirdBody.nextCursor).to.equal(null);
      const withheld = await t.request.get(`/api/v1/requests/${request.requestId}/recordings?answer=withheld`).set(clerk);
      const withheldBody = bodyOf(withheld, RequestRecordingsPage);
      expect(withheldBody.items.map((x: { recordingId: string }) => x.recordingId)).to.deep.equal(['S-ARREST', 'S-INV-1']);
      expect(withheldBody.total).to.equal(2);
      const bad = await t.request.get(`/api/v1/requests/${request.requestId}/recordings?cursor=nonsense`).set(clerk);
      expect(bad.status).to.equal(400);
      const badBody = problemOf(bad);
      expect(JSON.stringify(badBody.errors)).to.contain('query.cursor');
    });

    it('exports every row as CSV with the number, words for the answers and formula-looking titles neutralised', async () => {
      const res = await t.request.get(`/api/v1/requests/${request.requestId}/recordings?format=csv`).set(auditor).buffer(true);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.contain('text/csv');
      expect(res.headers['content-disposition']).to.contain(`${request.number}-recordings-`);
      const lines = res.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      expect(lines[0]).to.match(/^request,requester,recording,answer,recorded_at,category,officer/);
      expect(lines[0], 'the question behind each missing fact and who answers it follow the missing facts').to.contain(
        ',missing_facts,questions,answered_by,',
      );
      expect(lines).to.have.length(6);
      expect(lines.find((l) => l.includes('S-OPEN-1'))).to.contain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      expect(lines.find((l) => l.includes('S-INV-2'))).to.contain('Not responsive');
      expect(lines.every((l, i) => i === 0 || l.startsWith(`${request.number},`))).to.equal(true);
    });

    it('attaches the export to the request: the digest of the CSV handed back, its rows and totals are on the request record', async () => {
      const res = await t.request.post(`/api/v1/requests/${request.number}/recordings/attachments`).set(clerk).buffer(true);
      expect(res.status, res.text).to.equal(201);
      const sha = createHash('sha256').update(res.text, 'utf8').digest();
      expect(res.headers.digest).to.equal(`sha-256=${sha.toString('base64')}`);
      const after = bodyOf(await t.request.get(`/api/v1/requests/${request.requestId}`).set(auditor), RequestView);
      expect(after.attachments).to.have.length(1);
      expect(after.attachments[0]).to.include({ kind: 'bulk_check_csv', sha256: sha.toString('hex'), rows: 5, by: 'jdoe' });
      expect(after.attachments[0]?.totals).to.include({ released: 2, withheld: 2, not_responsive: 1 });
      const refused = await t.request.post(`/api/v1/requests/${request.number}/recordings/attachments`).set(auditor);
      expect(refused.status).to.equal(403);
    });
  });
});
