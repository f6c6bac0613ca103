import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';
import { CameraView, CaseEventView, CaseView, HoldView, OrderView, RecordingView } from '../../src/http/catalog/catalog.responses';
import { LoggedDecision } from '../../src/http/eligibility/eligibility.schemas';
import { bodyOf, present, problemOf } from '../support/api';
import { PageOf } from '../../src/http/common.schemas';
import { UnitList } from '../../src/http/catalog/catalog.schemas';

describe('catalog API', () => {
  let db: DbHandle;
  let t: TestApp;
  const ingest = bearer('ingest', 'feed');
  const prosecutor = bearer('prosecutor', 'ada');
  before(async () => {
    db = await freshDatabase('catalog');
    t = await makeTestApp(db, undefined, undefined, () => new Date('2026-11-20T18:00:00Z'));
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
  });
  after(async () => db.close());

  describe('cameras', () => {
    it('creates a camera with 201, then updates it idempotently with 200', async () => {
      const first = await t.request.put('/api/v1/cameras/CAM-9').set(bearer('admin')).send(camera('Metro Patrol'));
      expect(first.status).to.equal(201);
      const again = await t.request.put('/api/v1/cameras/CAM-9').set(bearer('admin')).send(camera('Metro Patrol'));
      expect(again.status).to.equal(200);
      expect(again.body).to.include({ serial: 'CAM-9', unit: 'Metro Patrol', createdBy: 'test-admin' });
      const list = await t.request.get('/api/v1/cameras?unit=Metro%20Patrol').set(bearer('clerk'));
      expect(bodyOf(list, PageOf(CameraView)).items.map((c: { serial: string }) => c.serial)).to.deep.equal(['CAM-9']);
    });
    it('stamps new recordings with the unit the camera belongs to now, after it moves', async () => {
      await t.request.put('/api/v1/cameras/CAM-MOVE').set(bearer('admin')).send(camera('East Patrol'));
      await t.request
        .put('/api/v1/recordings/MV-1')
        .set(ingest)
        .send(recording({ cameraSerial: 'CAM-MOVE' }));
      await t.request.put('/api/v1/cameras/CAM-MOVE').set(bearer('admin')).send(camera('South Patrol'));
      await t.request
        .put('/api/v1/recordings/MV-2')
        .set(ingest)
        .send(recording({ cameraSerial: 'CAM-MOVE' }));
      expect(bodyOf(await t.request.get('/api/v1/recordings/MV-1').set(bearer('clerk')), RecordingView).unit).to.equal('East Patrol');
      expect(bodyOf(await t.request.get('/api/v1/recordings/MV-2').set(bearer('clerk')), RecordingView).unit).to.equal('South Patrol');
    });
    it('lists the known units once each, sorted, for the unit pickers', async () => {
      await t.request.put('/api/v1/cameras/CAM-U1').set(bearer('admin')).send(camera('Zeta Unit'));
      await t.request.put('/api/v1/cameras/CAM-U2').set(bearer('admin')).send(camera('Zeta Unit'));
      const res = await t.request.get('/api/v1/units').set(bearer('auditor'));
      expect(res.status, res.text).to.equal(200);
      const units = bodyOf(res, UnitList).items;
      expect(units).to.include.members(['Central Patrol', 'Zeta Unit']);
      expect(units.filter((u) => u === 'Zeta Unit')).to.have.length(1);
      expect(units).to.deep.equal([...units].sort((a, b) => a.localeCompare(b)));
    });
    it('refuses a camera with an unknown assignment, naming the field', async () => {
      const res = await t.request
        .put('/api/v1/cameras/CAM-8')
        .set(bearer('admin'))
        .send({ ...camera(), assignment: 'traffic' });
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors[0]?.path).to.equal('body.assignment');
    });
    it('forbids clerks from registering cameras', async () => {
      expect((await t.request.put('/api/v1/cameras/CAM-7').set(bearer('clerk')).send(camera())).status).to.equal(403);
    });
  });

  describe('recordings', () => {
    it('stores a recording once when the same PUT is sent twice', async () => {
      const a = await t.request.put('/api/v1/recordings/R-1').set(ingest).send(recording());
      expect(a.status, a.text).to.equal(201);
      expect(a.headers['x-upsert-result']).to.equal('inserted');
      const b = await t.request.put('/api/v1/recordings/R-1').set(ingest).send(recording());
      expect(b.status).to.equal(200);
      expect(b.headers['x-upsert-result']).to.equal('unchanged');
      const list = await t.request.get('/api/v1/recordings?cameraSerial=CAM-1').set(bearer('clerk'));
      expect(bodyOf(list, PageOf(RecordingView)).items.filter((r: { recordingId: string }) => r.recordingId === 'R-1')).to.have.length(1);
    });
    it('records the acting subject and time, and the unit of the camera', async () => {
      const res = await t.request.get('/api/v1/recordings/R-1').set(bearer('auditor'));
      expect(res.body).to.include({ createdBy: 'feed', unit: 'Central Patrol' });
      expect(bodyOf(res, RecordingView).createdAt).to.equal('2026-11-20T12:00:00.000-06:00');
    });
    it('stores the derived public decision and retention state on the recording', async () => {
      const res = await t.request.get('/api/v1/recordings/R-1').set(bearer('clerk'));
      expect(bodyOf(res, RecordingView).release?.outcome).to.be.oneOf(['release', 'withhold', 'needs_legal_review']);
      expect(bodyOf(res, RecordingView).release?.rulesVersion).to.match(/^mo-/);
      expect(bodyOf(res, RecordingView).retention?.status).to.be.a('string');
    });
    it('updates a recording whose metadata changed', async () => {
      const res = await t.request
        .put('/api/v1/recordings/R-1')
        .set(ingest)
        .send(recording({ title: 'Traffic stop' }));
      expect(res.status).to.equal(200);
      expect(res.headers['x-upsert-result']).to.equal('updated');
      expect(bodyOf(res, RecordingView).title).to.equal('Traffic stop');
    });
    it('refuses with 409 a sha256 that differs from the stored one (the media changed)', async () => {
      const res = await t.request
        .put('/api/v1/recordings/R-1')
        .set(ingest)
        .send(recording({ sha256: 'b'.repeat(64) }));
      expect(res.status).to.equal(409);
      expect(problemOf(res).errors[0]?.path).to.equal('body.sha256');
      expect(bodyOf(await t.request.get('/api/v1/recordings/R-1').set(bearer('clerk')), RecordingView).sha256).to.equal('a'.repeat(64));
    });
    it('refuses with 422 a recording from an unregistered camera', async () => {
      const res = await t.request
        .put('/api/v1/recordings/R-2')
        .set(ingest)
        .send(recording({ cameraSerial: 'NOPE-1' }));
      expect(res.status).to.equal(422);
      expect(problemOf(res).errors[0]?.path).to.equal('body.cameraSerial');
      expect((await t.request.get('/api/v1/recordings/R-2').set(bearer('clerk'))).status).to.equal(404);
    });
    it('requires location.nonpublic and names it when missing', async () => {
      const res = await t.request
        .put('/api/v1/recordings/R-3')
        .set(ingest)
        .send(recording({ location: { address: 'x' } }));
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors.map((e: { path: string }) => e.path)).to.include('body.location.nonpublic');
    });
    it('refuses a malformed sha256 and an unknown category, naming each field', async () => {
      const res = await t.request
        .put('/api/v1/recordings/R-3')
        .set(ingest)
        .send(recording({ sha256: 'xyz', category: 'selfie' }));
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors.map((e: { path: string }) => e.path)).to.include.members(['body.sha256', 'body.category']);
    });
    it('refuses unknown fields rather than silently dropping them', async () => {
      const res = await t.request
        .put('/api/v1/recordings/R-3')
        .set(ingest)
        .send({ ...recording(), colour: 'red' });
      expect(res.status).to.equal(400);
    });
    it('refuses path ids with traversal or control characters', async () => {
      expect((await t.request.get('/api/v1/recordings/..%2F..%2Fetc').set(bearer('clerk'))).status).to.equal(400);
      expect((await t.request.get('/api/v1/recordings/R%0A1').set(bearer('clerk'))).status).to.equal(400);
    });
    it('forbids prosecutors from writing recordings and asks anonymous callers to authenticate', async () => {
      expect((await t.request.put('/api/v1/recordings/R-4').set(prosecutor).send(recording())).status).to.equal(403);
      expect((await t.request.put('/api/v1/recordings/R-4').send(recording())).status).to.equal(401);
    });
    it('pages through recordings with a cursor', async () => {
      for (const id of ['P-1', 'P-2', 'P-3'])
        await t.request
          .put(`/api/v1/recordings/${id}`)
          .set(ingest)
          .send(recording({ officerId: 'O-PAGE' }));
      const first = await t.request.get('/api/v1/recordings?officerId=O-PAGE&limit=2').set(bearer('clerk'));
      expect(bodyOf(first, PageOf(RecordingView)).items.map((r: { recordingId: string }) => r.recordingId)).to.deep.equal(['P-1', 'P-2']);
      const second = await t.request
        .get(`/api/v1/recordings?officerId=O-PAGE&limit=2&cursor=${bodyOf(first, PageOf(RecordingView)).nextCursor}`)
        .set(bearer('clerk'));
      expect(bodyOf(second, PageOf(RecordingView)).items.map((r: { recordingId: string }) => r.recordingId)).to.deep.equal(['P-3']);
      expect(bodyOf(second, PageOf(RecordingView)).nextCursor).to.equal(null);
    });
    it('filters recordings by recordedAt range', async () => {
      await t.request
        .put('/api/v1/recordings/OLD-1')
        .set(ingest)
        .send(recording({ recordedAt: '2020-01-01T10:00:00-06:00' }));
      const res = await t.request.get('/api/v1/recordings?recordedTo=2021-01-01T00:00:00-06:00').set(bearer('clerk'));
      expect(bodyOf(res, PageOf(RecordingView)).items.map((r: { recordingId: string }) => r.recordingId)).to.deep.equal(['OLD-1']);
    });
  });

  describe('cases and events', () => {
    it('creates a case, appends events with who and when, and lists linked recordings', async () => {
      expect((await t.request.put('/api/v1/cases/KC-1').set(prosecutor).send(misdemeanorCase())).status).to.equal(201);
      await t.request
        .put('/api/v1/recordings/C-1')
        .set(ingest)
        .send(recording({ caseNumbers: ['KC-1'] }));
      const ev = await t.request
        .post('/api/v1/cases/KC-1/events')
        .set(prosecutor)
        .send({ type: 'charged', date: '2026-05-02', defendantId: 'D1' });
      expect(ev.status, ev.text).to.equal(201);
      expect(ev.body).to.include({ type: 'charged', recordedBy: 'ada' });
      const got = await t.request.get('/api/v1/cases/KC-1').set(bearer('clerk'));
      expect(bodyOf(got, CaseView).events).to.have.length(1);
      expect(bodyOf(got, CaseView).recordings?.map((r: { recordingId: string }) => r.recordingId)).to.deep.equal(['C-1']);
    });
    it('withholds a recording of a charged misdemeanor with no disposition from the public (worked example 1)', async () => {
      const res = await t.request.get('/api/v1/recordings/C-1').set(bearer('clerk'));
      expect(bodyOf(res, RecordingView).release?.outcome).to.equal('withhold');
      expect(bodyOf(res, RecordingView).release?.ruleIds).to.include('MO-ACTIVE');
    });
    it('reflects a new case event in every linked recording before the event response returns', async () => {
      await t.request.put('/api/v1/cases/KC-2').set(prosecutor).send({ offenseClass: 'felony', offenseDate: '2026-01-10' });
      for (let i = 0; i < 5; i++)
        await t.request
          .put(`/api/v1/recordings/D-${i}`)
          .set(ingest)
          .send(recording({ caseNumbers: ['KC-2'], category: 'investigation' }));
      const before = await t.request.get('/api/v1/recordings/D-3').set(bearer('clerk'));
      expect(bodyOf(before, RecordingView).release?.outcome).to.equal('withhold');
      await t.request.post('/api/v1/cases/KC-2/events').set(prosecutor).send({ type: 'declined', date: '2026-06-01' });
      for (let i = 0; i < 5; i++) {
        const after = await t.request.get(`/api/v1/recordings/D-${i}`).set(bearer('clerk'));
        expect(bodyOf(after, RecordingView).release?.outcome, `D-${i}`).to.equal('release');
      }
    });
    it('supersedes a wrong event with a correction instead of editing it', async () => {
      const wrong = await t.request.post('/api/v1/cases/KC-2/events').set(prosecutor).send({ type: 'reopened', date: '2026-07-01' });
      const fix = await t.request
        .post('/api/v1/cases/KC-2/events')
        .set(prosecutor)
        .send({ type: 'declined', date: '2026-07-01', supersedes: bodyOf(wrong, CaseEventView).id, note: 'entered on the wrong case' });
      expect(fix.status).to.equal(201);
      const got = await t.request.get('/api/v1/cases/KC-2').set(bearer('clerk'));
      expect(bodyOf(got, CaseView).events.map((e: { type: string }) => e.type)).to.deep.equal(['declined', 'reopened', 'declined']);
      expect(bodyOf(await t.request.get('/api/v1/recordings/D-0').set(bearer('clerk')), RecordingView).release?.outcome).to.equal(
        'release',
      );
    });
    it('refuses an event that supersedes an event of another case', async () => {
      const res = await t.request
        .post('/api/v1/cases/KC-1/events')
        .set(prosecutor)
        .send({ type: 'declined', date: '2026-07-01', supersedes: 'EV-nope' });
      expect(res.status).to.equal(422);
      expect(problemOf(res).errors[0]?.path).to.equal('body.supersedes');
    });
    it('answers 404 for events on an unknown case and forbids clerks from adding events', async () => {
      expect(
        (await t.request.post('/api/v1/cases/NOPE/events').set(prosecutor).send({ type: 'charged', date: '2026-01-01' })).status,
      ).to.equal(404);
      expect(
        (await t.request.post('/api/v1/cases/KC-1/events').set(bearer('clerk')).send({ type: 'charged', date: '2026-01-01' })).status,
      ).to.equal(403);
    });
    it('refuses an event dated after today in Chicago by the service clock, naming the date, and accepts one dated today', async () => {
      // The clock is 2026-11-20 12:00 in Chicago (18:00 UTC): the 21st is tomorrow there.
      await t.request.put('/api/v1/cases/KC-FUT').set(prosecutor).send(misdemeanorCase());
      const future = await t.request.post('/api/v1/cases/KC-FUT/events').set(prosecutor).send({ type: 'declined', date: '2026-11-21' });
      expect(future.status).to.equal(400);
      expect(problemOf(future).errors).to.deep.equal([{ path: 'body.date', message: 'must not be after today (2026-11-20)' }]);
      expect(bodyOf(await t.request.get('/api/v1/cases/KC-FUT').set(bearer('clerk')), CaseView).events).to.deep.equal([]);
      const today = await t.request
        .post('/api/v1/cases/KC-FUT/events')
        .set(prosecutor)
        .send({ type: 'charged', date: '2026-11-20', defendantId: 'D1' });
      expect(today.status, today.text).to.equal(201);
    });
    it('refuses an unknown event type, naming the field', async () => {
      const res = await t.request.post('/api/v1/cases/KC-1/events').set(prosecutor).send({ type: 'pardoned', date: '2026-01-01' });
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors[0]?.path).to.equal('body.type');
    });

    it("stores the prosecutor's limitation record, keeps it when the evidence feed puts the case without one, and clears it with null", async () => {
      const limitation = { basis: '556.036.2(4)', period: { years: 5 }, extensionYears: 1, tolledDays: 20 };
      const put = await t.request
        .put('/api/v1/cases/KC-LIM')
        .set(prosecutor)
        .send({ offenseClass: 'felony', offenseDate: '2026-01-10', limitation });
      expect(put.status, put.text).to.equal(201);
      expect(bodyOf(put, CaseView).limitation).to.deep.equal({
        ...limitation,
        period: { years: 5, months: 0 },
        absenceDays: 0,
        tollingOngoing: false,
        tollingBasis: null,
        explanation: null,
      });
      const feed = await t.request.put('/api/v1/cases/KC-LIM').set(prosecutor).send({ offenseClass: 'felony', offenseDate: '2026-01-10' });
      expect(bodyOf(feed, CaseView).limitation).to.include({ basis: '556.036.2(4)', tolledDays: 20 });
      const cleared = await t.request
        .put('/api/v1/cases/KC-LIM')
        .set(prosecutor)
        .send({ offenseClass: 'felony', offenseDate: '2026-01-10', limitation: null });
      expect(bodyOf(cleared, CaseView).limitation).to.equal(null);
    });

    it('refuses a limitation basis "other" without an explanation and an extension over three years, naming the fields', async () => {
      const res = await t.request
        .put('/api/v1/cases/KC-LIM2')
        .set(prosecutor)
        .send({
          offenseClass: 'felony',
          offenseDate: '2026-01-10',
          limitation: { basis: 'other', period: { years: 4 }, extensionYears: 4 },
        });
      expect(res.status).to.equal(400);
      const paths = problemOf(res).errors.map((e: { path: string }) => e.path);
      expect(paths).to.include('body.limitation.extensionYears');
    });

    it('requires the result of an appeal decision, refuses a result on other events, and stores it', async () => {
      await t.request
        .put('/api/v1/cases/KC-AP')
        .set(prosecutor)
        .send({ ...misdemeanorCase(), defendants: [{ defendantId: 'D1' }] });
      const missing = await t.request
        .post('/api/v1/cases/KC-AP/events')
        .set(prosecutor)
        .send({ type: 'appeal_decided', date: '2026-03-01', defendantId: 'D1' });
      expect(missing.status).to.equal(400);
      expect(problemOf(missing).errors[0]?.path).to.equal('body.result');
      const stray = await t.request
        .post('/api/v1/cases/KC-AP/events')
        .set(prosecutor)
        .send({ type: 'charged', date: '2026-03-01', defendantId: 'D1', result: 'affirmed' });
      expect(stray.status).to.equal(400);
      const ok = await t.request
        .post('/api/v1/cases/KC-AP/events')
        .set(prosecutor)
        .send({ type: 'appeal_decided', result: 'remanded', date: '2026-03-01', defendantId: 'D1' });
      expect(ok.status, ok.text).to.equal(201);
      expect(bodyOf(ok, CaseEventView).result).to.equal('remanded');
      expect(bodyOf(await t.request.get('/api/v1/cases/KC-AP').set(prosecutor), CaseView).events.at(-1)?.result).to.equal('remanded');
    });

    it('stores ongoing 556.036.6 tolling with its basis and refuses ongoing tolling without one or more absence than tolled days, naming the fields', async () => {
      const limitation = {
        basis: '556.036.2(1)',
        period: { years: 3 },
        tolledDays: 700,
        absenceDays: 700,
        tollingOngoing: true,
        tollingBasis: 'absence',
      };
      const put = await t.request
        .put('/api/v1/cases/KC-TOLL')
        .set(prosecutor)
        .send({ offenseClass: 'felony', offenseDate: '2021-03-01', limitation });
      expect(put.status, put.text).to.equal(201);
      expect(bodyOf(put, CaseView).limitation).to.include({ absenceDays: 700, tollingOngoing: true, tollingBasis: 'absence' });
      expect(bodyOf(await t.request.get('/api/v1/cases/KC-TOLL').set(prosecutor), CaseView).limitation).to.include({
        tollingOngoing: true,
        tollingBasis: 'absence',
      });
      const noBasis = await t.request
        .put('/api/v1/cases/KC-TOLL')
        .set(prosecutor)
        .send({ offenseClass: 'felony', offenseDate: '2021-03-01', limitation: { ...limitation, tollingBasis: null } });
      expect(noBasis.status).to.equal(400);
      expect(problemOf(noBasis).errors.map((e: { path: string }) => e.path)).to.include('body.limitation.tollingBasis');
      const tooMuch = await t.request
        .put('/api/v1/cases/KC-TOLL')
        .set(prosecutor)
        .send({ offenseClass: 'felony', offenseDate: '2021-03-01', limitation: { ...limitation, absenceDays: 701 } });
      expect(tooMuch.status).to.equal(400);
      expect(problemOf(tooMuch).errors.map((e: { path: string }) => e.path)).to.include('body.limitation.absenceDays');
    });

    it('stores the deciding court of an appeal decision, refuses it on other events, and takes post-disposition motions and transfer denials for one defendant', async () => {
      await t.request
        .put('/api/v1/cases/KC-CT')
        .set(prosecutor)
        .send({ ...misdemeanorCase(), defendants: [{ defendantId: 'D1' }] });
      const ok = await t.request
        .post('/api/v1/cases/KC-CT/events')
        .set(prosecutor)
        .send({ type: 'appeal_decided', result: 'affirmed', court: 'supreme_court_mo', date: '2026-03-02', defendantId: 'D1' });
      expect(ok.status, ok.text).to.equal(201);
      expect(bodyOf(ok, CaseEventView).court).to.equal('supreme_court_mo');
      expect(bodyOf(await t.request.get('/api/v1/cases/KC-CT').set(prosecutor), CaseView).events.at(-1)?.court).to.equal(
        'supreme_court_mo',
      );
      const stray = await t.request
        .post('/api/v1/cases/KC-CT/events')
        .set(prosecutor)
        .send({ type: 'mandate_issued', court: 'court_of_appeals', date: '2026-03-03', defendantId: 'D1' });
      expect(stray.status).to.equal(400);
      expect(problemOf(stray).errors[0]?.path).to.equal('body.court');
      for (const type of ['post_disposition_motion', 'post_disposition_overruled', 'transfer_denied']) {
        const anon = await t.request.post('/api/v1/cases/KC-CT/events').set(prosecutor).send({ type, date: '2026-03-10' });
        expect(anon.status, type).to.equal(400);
        expect(problemOf(anon).errors[0]?.path).to.equal('body.defendantId');
      }
      const motion = await t.request
        .post('/api/v1/cases/KC-CT/events')
        .set(prosecutor)
        .send({ type: 'post_disposition_motion', date: '2026-03-10', defendantId: 'D1' });
      expect(motion.status, motion.text).to.equal(201);
    });

    it('requires a defendant on certified_adult and mandate_issued events', async () => {
      const res = await t.request.post('/api/v1/cases/KC-AP/events').set(prosecutor).send({ type: 'certified_adult', date: '2026-03-01' });
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors[0]?.path).to.equal('body.defendantId');
      const ok = await t.request
        .post('/api/v1/cases/KC-AP/events')
        .set(prosecutor)
        .send({ type: 'mandate_issued', date: '2026-03-20', defendantId: 'D1' });
      expect(ok.status, ok.text).to.equal(201);
    });
  });

  describe('court orders and holds', () => {
    it('records a release order and releases the covered recording of an active case', async () => {
      const res = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({
          orderNumber: 'CO-1',
          court: 'Jackson County Circuit Court',
          issuedAt: '2026-11-01T09:00:00-05:00',
          kind: 'release',
          releaseToEveryone: true,
          recordingIds: ['C-1'],
        });
      expect(res.status, res.text).to.equal(201);
      const rec = await t.request.get('/api/v1/recordings/C-1').set(bearer('clerk'));
      expect(bodyOf(rec, RecordingView).release?.outcome).to.equal('release');
      expect(bodyOf(rec, RecordingView).release?.ruleIds).to.include('MO-ORDER-RELEASE');
    });
    it('refuses a release order that does not say to whom it releases, or says both everyone and named kinds, naming the field', async () => {
      const base = { court: 'Jackson County Circuit Court', issuedAt: '2026-11-01T09:00:00-05:00', kind: 'release', recordingIds: ['C-1'] };
      const silent = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({ ...base, orderNumber: 'CO-SILENT' });
      expect(silent.status).to.equal(400);
      expect(problemOf(silent).errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.releaseTo']);
      const empty = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({ ...base, orderNumber: 'CO-SILENT', releaseTo: [] });
      expect(problemOf(empty).errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.releaseTo']);
      const both = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({ ...base, orderNumber: 'CO-SILENT', releaseToEveryone: true, releaseTo: ['attorney'] });
      expect(problemOf(both).errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.releaseToEveryone']);
      const closure = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({ ...base, orderNumber: 'CO-SILENT', kind: 'closure', releaseToEveryone: true });
      expect(problemOf(closure).errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.releaseToEveryone']);
      expect((await t.request.get('/api/v1/court-orders/CO-SILENT').set(bearer('clerk'))).status).to.equal(404);
      expect((await t.request.get('/api/v1/court-orders/CO-1').set(bearer('clerk'))).body).to.include({ releaseToEveryone: true });
    });
    it('releases only to the requester kinds a release order names, and keeps an order stored before the choice was required reaching everyone', async () => {
      await t.request.put('/api/v1/cases/KC-RT').set(prosecutor).send(misdemeanorCase());
      await t.request.post('/api/v1/cases/KC-RT/events').set(prosecutor).send({ type: 'charged', date: '2026-05-02', defendantId: 'D1' });
      for (const id of ['RT-1', 'RT-2'])
        expect(
          (
            await t.request
              .put(`/api/v1/recordings/${id}`)
              .set(ingest)
              .send(recording({ caseNumbers: ['KC-RT'] }))
          ).status,
        ).to.equal(201);
      const named = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({
          orderNumber: 'CO-RT-1',
          court: 'Jackson County Circuit Court',
          issuedAt: '2026-11-01T09:00:00-05:00',
          kind: 'release',
          releaseTo: ['attorney'],
          recordingIds: ['RT-1'],
        });
      expect(named.status, named.text).to.equal(201);
      expect(named.body).to.include({ releaseToEveryone: false });
      const answer = async (id: string, requester: string) =>
        bodyOf(await t.request.get(`/api/v1/recordings/${id}/eligibility?requester=${requester}`).set(bearer('clerk')), LoggedDecision)
          .outcome;
      expect(await answer('RT-1', 'attorney')).to.equal('release');
      expect(await answer('RT-1', 'public')).to.equal('withhold');
      // An order stored before 2026-12 with nothing named: read as everyone, as it always was.
      await db.connection.collection<{ _id: string; [field: string]: unknown }>('court_orders').insertOne({
        _id: 'CO-RT-OLD',
        court: 'Jackson County Circuit Court',
        issuedAt: new Date('2026-11-01T15:00:00Z'),
        kind: 'release',
        recordingIds: ['RT-2'],
        caseNumber: null,
        releaseTo: [],
        viewOnly: false,
        noticeDays: null,
        redactions: [],
        statutoryRedactions: 'apply',
        conditions: null,
        createdAt: new Date('2026-11-01T15:00:00Z'),
        createdBy: 'ada',
        updatedAt: new Date('2026-11-01T15:00:00Z'),
        updatedBy: 'ada',
      });
      expect(await answer('RT-2', 'public')).to.equal('release');
      expect((await t.request.get('/api/v1/court-orders/CO-RT-OLD').set(bearer('clerk'))).body).to.include({ releaseToEveryone: null });
    });
    it("stores a release order's notice end and conditions with the recording's answer, in lists and decisions (usability test, problem 1)", async () => {
      await t.request.put('/api/v1/cases/KC-NOTE').set(prosecutor).send(misdemeanorCase());
      await t.request.post('/api/v1/cases/KC-NOTE/events').set(prosecutor).send({ type: 'charged', date: '2026-05-02', defendantId: 'D1' });
      await t.request
        .put('/api/v1/recordings/NOTE-1')
        .set(ingest)
        .send(recording({ caseNumbers: ['KC-NOTE'] }));
      const order = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({
          orderNumber: 'CO-NOTE',
          court: 'Jackson County Circuit Court',
          issuedAt: '2026-11-19T09:00:00-06:00',
          kind: 'release',
          releaseToEveryone: true,
          recordingIds: ['NOTE-1'],
          noticeDays: 10,
          conditions: 'blur faces of bystanders',
        });
      expect(order.status, order.text).to.equal(201);
      const orders = [{ orderNumber: 'CO-NOTE', conditions: 'blur faces of bystanders', applied: true }];
      const rec = bodyOf(await t.request.get('/api/v1/recordings/NOTE-1').set(bearer('clerk')), RecordingView);
      expect(rec.release).to.deep.include({
        outcome: 'release',
        availableFrom: '2026-11-29T00:00:00.000-06:00',
        reviewAt: '2026-11-29T00:00:00.000-06:00',
        orders,
      });
      const listed = bodyOf(await t.request.get('/api/v1/cases/KC-NOTE').set(bearer('clerk')), CaseView).recordings?.[0];
      expect(listed?.release).to.deep.include({ availableFrom: '2026-11-29T00:00:00.000-06:00', orders });
      const decision = bodyOf(await t.request.get('/api/v1/recordings/NOTE-1/eligibility').set(bearer('clerk')), LoggedDecision);
      expect(decision).to.deep.include({ outcome: 'release', availableFrom: '2026-11-29T00:00:00.000-06:00', orders });
    });
    it("keeps an open recording releasable at once under a release order with notice, and still shows the order's conditions as not applied", async () => {
      await t.request.put('/api/v1/cases/KC-OPN').set(prosecutor).send(misdemeanorCase());
      await t.request.post('/api/v1/cases/KC-OPN/events').set(prosecutor).send({ type: 'declined', date: '2026-06-01' });
      await t.request
        .put('/api/v1/recordings/OPN-1')
        .set(ingest)
        .send(recording({ caseNumbers: ['KC-OPN'] }));
      expect(bodyOf(await t.request.get('/api/v1/recordings/OPN-1').set(bearer('clerk')), RecordingView).release?.outcome).to.equal(
        'release',
      );
      await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({
          orderNumber: 'CO-OPN',
          court: 'Jackson County Circuit Court',
          issuedAt: '2026-11-19T09:00:00-06:00',
          kind: 'release',
          releaseToEveryone: true,
          recordingIds: ['OPN-1'],
          noticeDays: 10,
          conditions: 'blur faces of bystanders',
        });
      const rec = bodyOf(await t.request.get('/api/v1/recordings/OPN-1').set(bearer('clerk')), RecordingView);
      expect(rec.release).to.deep.include({
        outcome: 'release',
        availableFrom: null,
        reviewAt: null,
        orders: [{ orderNumber: 'CO-OPN', conditions: 'blur faces of bystanders', applied: false }],
      });
    });
    it("opens a juvenile record only on the juvenile court's release order, asking which court made an order when that is not recorded", async () => {
      expect(
        (
          await t.request
            .put('/api/v1/cases/KC-JUV')
            .set(prosecutor)
            .send({ offenseClass: 'felony', offenseDate: '2026-04-01', defendants: [{ defendantId: 'D1' }] })
        ).status,
      ).to.equal(201);
      const petition = await t.request
        .post('/api/v1/cases/KC-JUV/events')
        .set(prosecutor)
        .send({ type: 'juvenile_petition', date: '2026-04-02', defendantId: 'D1' });
      expect(petition.status, petition.text).to.equal(201);
      expect(
        (
          await t.request
            .put('/api/v1/recordings/JUV-1')
            .set(ingest)
            .send(recording({ caseNumbers: ['KC-JUV'] }))
        ).status,
      ).to.equal(201);
      const order = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({
          orderNumber: 'CO-JUV-1',
          court: 'Jackson County Circuit Court',
          issuedAt: '2026-11-01T09:00:00-05:00',
          kind: 'release',
          releaseTo: ['public'],
          recordingIds: ['JUV-1'],
        });
      expect(order.status, order.text).to.equal(201);
      expect(bodyOf(order, OrderView).juvenileCourt).to.equal(null);
      const asked = await t.request.get('/api/v1/recordings/JUV-1/eligibility?requester=public').set(bearer('clerk'));
      const decided = bodyOf(asked, LoggedDecision);
      expect(decided.outcome, asked.text).to.equal('needs_legal_review');
      expect(decided.missingFacts).to.deep.equal(['orders.CO-JUV-1.juvenileCourt']);
      // Its question sends the prosecutor to the order's form on the recording's release check, which posts to the route below.
      const [question] = decided.questions;
      expect(question).to.deep.include({ answeredBy: 'prosecutor' });
      expect(question?.form).to.deep.equal({
        href: '#/release/JUV-1?requester=public&order=CO-JUV-1',
        api: 'POST /api/v1/court-orders/CO-JUV-1/juvenile-court',
      });
      for (const role of ['clerk', 'auditor', 'counsel', 'ingest'] as const)
        expect(
          (await t.request.post('/api/v1/court-orders/CO-JUV-1/juvenile-court').set(bearer(role)).send({ juvenileCourt: true })).status,
          role,
        ).to.equal(403);
      const other = await t.request.post('/api/v1/court-orders/CO-JUV-1/juvenile-court').set(prosecutor).send({ juvenileCourt: false });
      expect(other.status, other.text).to.equal(200);
      const counsel = await t.request.get('/api/v1/recordings/JUV-1/eligibility?requester=public').set(bearer('clerk'));
      expect(bodyOf(counsel, LoggedDecision).missingFacts).to.deep.equal(['orders.CO-JUV-1.otherCourtOpensJuvenileRecord']);
      const juvenile = await t.request.post('/api/v1/court-orders/CO-JUV-1/juvenile-court').set(prosecutor).send({ juvenileCourt: true });
      expect(juvenile.body).to.include({ juvenileCourt: true });
      expect(bodyOf(juvenile, OrderView).juvenileCourtAmendments.map((a: { juvenileCourt: boolean }) => a.juvenileCourt)).to.deep.equal([
        false,
        true,
      ]);
      const after = await t.request.get('/api/v1/recordings/JUV-1').set(bearer('clerk'));
      expect(bodyOf(after, RecordingView).release?.outcome).to.equal('release');
      expect(
        (await t.request.post('/api/v1/court-orders/CO-NOPE/juvenile-court').set(prosecutor).send({ juvenileCourt: true })).status,
      ).to.equal(404);
    });
    it('refuses a second order with the same number with 409', async () => {
      const res = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({ orderNumber: 'CO-1', court: 'X', issuedAt: '2026-11-01T09:00:00-05:00', kind: 'closure', caseNumber: 'KC-1' });
      expect(res.status).to.equal(409);
    });
    it('refuses an order without a scope, naming recordingIds', async () => {
      const res = await t.request
        .post('/api/v1/court-orders')
        .set(prosecutor)
        .send({ orderNumber: 'CO-2', court: 'X', issuedAt: '2026-11-01T09:00:00-05:00', kind: 'release' });
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors[0]?.path).to.equal('body.recordingIds');
    });
    it('places a hold that marks the recording held, lists it as active, and releases it', async () => {
      const hold = await t.request
        .post('/api/v1/holds')
        .set(bearer('auditor'))
        .send({ recordingIds: ['R-1'], reason: 'litigation', authority: 'Smith v. KCPD, 4:26-cv-001' });
      expect(hold.status, hold.text).to.equal(201);
      expect(bodyOf(await t.request.get('/api/v1/recordings/R-1').set(bearer('clerk')), RecordingView).retention?.status).to.equal('held');
      const active = await t.request.get('/api/v1/holds?active=true').set(bearer('auditor'));
      expect(bodyOf(active, PageOf(HoldView)).items.map((h: { id: string }) => h.id)).to.include(bodyOf(hold, HoldView).id);
      const released = await t.request
        .post(`/api/v1/holds/${bodyOf(hold, HoldView).id}/release`)
        .set(bearer('auditor'))
        .send({ reason: 'Settled' });
      expect(bodyOf(released, HoldView).active).to.equal(false);
      expect(
        present(bodyOf(await t.request.get('/api/v1/recordings/R-1').set(bearer('clerk')), RecordingView).retention, 'a retention state')
          .status,
      ).not.to.equal('held');
      expect(
        (
          await t.request
            .post(`/api/v1/holds/${bodyOf(hold, HoldView).id}/release`)
            .set(bearer('auditor'))
            .send({ reason: 'Settled' })
        ).status,
      ).to.equal(409);
    });
    it('releases a hold once when two releases race: one answers 200, the other 409', async () => {
      const hold = await t.request
        .post('/api/v1/holds')
        .set(bearer('auditor'))
        .send({ recordingIds: ['R-1'], reason: 'litigation', authority: 'Race v. KCPD' });
      expect(hold.status, hold.text).to.equal(201);
      const both = await Promise.all(
        [1, 2].map(() =>
          t.request
            .post(`/api/v1/holds/${bodyOf(hold, HoldView).id}/release`)
            .set(bearer('auditor'))
            .send({ reason: 'Settled' }),
        ),
      );
      expect(both.map((r) => r.status).sort()).to.deep.equal([200, 409]);
      expect(
        present(bodyOf(await t.request.get('/api/v1/recordings/R-1').set(bearer('clerk')), RecordingView).retention, 'a retention state')
          .status,
      ).not.to.equal('held');
    });
    it('refuses to release a hold without a reason, naming body.reason, and keeps the reason given', async () => {
      const hold = await t.request
        .post('/api/v1/holds')
        .set(bearer('auditor'))
        .send({ recordingIds: ['R-1'], reason: 'litigation', authority: 'Why v. KCPD' });
      expect(hold.status, hold.text).to.equal(201);
      const blank = await t.request
        .post(`/api/v1/holds/${bodyOf(hold, HoldView).id}/release`)
        .set(bearer('auditor'))
        .send({ reason: '  ' });
      expect(blank.status).to.equal(400);
      expect(problemOf(blank).errors[0]?.path).to.equal('body.reason');
      expect(bodyOf(await t.request.get('/api/v1/recordings/R-1').set(bearer('clerk')), RecordingView).retention?.status).to.equal('held');
      const released = await t.request
        .post(`/api/v1/holds/${bodyOf(hold, HoldView).id}/release`)
        .set(bearer('auditor'))
        .send({ reason: 'Case settled on 2026-11-30' });
      expect(released.status, released.text).to.equal(200);
      expect(released.body).to.include({ active: false, releaseReason: 'Case settled on 2026-11-30' });
    });
    it('forbids clerks from placing holds', async () => {
      expect(
        (
          await t.request
            .post('/api/v1/holds')
            .set(bearer('clerk'))
            .send({ recordingIds: ['R-1'], reason: 'litigation', authority: 'x' })
        ).status,
      ).to.equal(403);
    });
  });
});
