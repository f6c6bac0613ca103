import { expect } from 'chai';
import { ConfigError, checkCloseOfBusiness } from '../../src/config';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp, testConfig } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, misdemeanorCase, recording } from '../support/fixtures';
import { RequestPage, RequestView } from '../../src/http/requests/requests.schemas';
import { PageOf } from '../../src/http/common.schemas';
import { HoldView, RecordingView } from '../../src/http/catalog/catalog.responses';
import { bodyOf, problemOf } from '../support/api';
import { Problem } from '../../src/http/openapi';
import { z } from 'zod';

/** A request naming recordings the catalog does not hold: the problem names each of them. */
const UnknownRecordings = Problem.extend({ unknownRecordingIds: z.array(z.string()) });
/** A response refused while some recordings are still undecided: the problem lists them. */
const StillPending = Problem.extend({ pendingRecordingIds: z.array(z.string()) });

interface ReasonView {
  ruleId: string;
  citation: string;
  text: string;
}
interface DecisionView {
  recordingId: string;
  decisionId: string;
  outcome: string;
  reasons: ReasonView[];
  redactions: { citation: string }[];
  routes: string[];
  missingFacts: string[];
}

const clerk = bearer('clerk', 'jdoe');
const ingest = bearer('ingest', 'feed');
const prosecutor = bearer('prosecutor', 'ada');

/** Worked example 8: Friday 2026-11-20 at 16:00 in Kansas City. */
const FRIDAY_4PM = '2026-11-20T16:00:00-06:00';

function splitCitations(cs: string[]): string[] {
  return [...new Set(cs.flatMap((c) => c.split(';').map((s) => s.trim())).filter(Boolean))].sort();
}

function decisionCitations(d: DecisionView): string[] {
  return splitCitations([...d.reasons.map((r) => r.citation), ...d.redactions.map((r) => r.citation)]);
}

/** The letter's logical lines: wrapped continuation lines (indented deeper) joined to their line. */
function unwrap(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const prev = out[out.length - 1];
    const continues = prev !== undefined && ((/^ {6}\S/.test(line) && /^ {4}\S/.test(prev)) || (/^ {2}\S/.test(line) && /^- /.test(prev)));
    if (continues) out[out.length - 1] = `${prev} ${line.trim()}`;
    else out.push(line);
  }
  return out;
}
const flat = (text: string) => text.replace(/\s+/g, ' ');

/** For each recording listed in a text letter, the provisions on its "Provisions cited:" line. */
function letterCitations(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const lines = unwrap(text);
  let current: string | null = null;
  for (const line of lines) {
    const item = /^- Recording (\S+)/.exec(line);
    if (item) current = item[1] ?? null;
    const cited = /^\s+Provisions cited: (.*)$/.exec(line);
    if (cited && current) out.set(current, splitCitations([cited[1] ?? '']));
  }
  return out;
}

async function seedCatalog(t: TestApp): Promise<void> {
  expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera())).status).to.equal(201);
  expect((await t.request.put('/api/v1/cases/KC-1').set(prosecutor).send(misdemeanorCase())).status).to.equal(201);
  await t.request.post('/api/v1/cases/KC-1/events').set(prosecutor).send({ type: 'charged', date: '2026-05-02', defendantId: 'D1' });
  const put = async (id: string, body: Record<string, unknown>) => {
    const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording(body));
    expect(res.status, res.text).to.be.oneOf([200, 201]);
  };
  await put('R-OPEN', { category: 'non_evidentiary', title: 'Crowd at 18th and Vine' });
  await put('R-OPEN-2', { category: 'non_evidentiary' });
  await put('R-VICTIM', { category: 'non_evidentiary', flags: { sexualOffenseVictim: true } });
  await put('R-CLOSED', { category: 'traffic', caseNumbers: ['KC-1'] });
  await put('R-CLOSED-2', { category: 'traffic', caseNumbers: ['KC-1'] });
}

describe('Sunshine requests API', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T16:30:00-06:00');

  const newRequest = (body: Record<string, unknown> = {}) => ({
    receivedAt: FRIDAY_4PM,
    requester: { name: 'Kansas City Star', kind: 'public', contact: 'records@example.org' },
    ...body,
  });
  const create = async (body: Record<string, unknown>) => {
    const res = await t.request.post('/api/v1/requests').set(clerk).send(newRequest(body));
    expect(res.status, res.text).to.equal(201);
    return res.body as { requestId: string; decisions: DecisionView[]; requester: { claim: unknown }; [k: string]: unknown };
  };
  const act = (id: string, action: string, body: Record<string, unknown> = {}, who = clerk) =>
    t.request.post(`/api/v1/requests/${id}/${action}`).set(who).send(body);

  before(async () => {
    db = await freshDatabase('requests');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    await seedCatalog(t);
  });
  after(async () => db.close());
  beforeEach(() => {
    clock = new Date('2026-11-20T16:30:00-06:00');
  });

  describe('intake', () => {
    it('gives a request received Friday 2026-11-20 at 16:00 until close of business Wednesday 2026-11-25 (worked example 8)', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      expect(r.requestId).to.match(/^SR-/);
      expect(r.status).to.equal('received');
      expect(r.dueBy).to.equal('2026-11-25T17:00:00.000-06:00');
      const due = r.due as { countedDays: string[]; reasons: ReasonView[] };
      expect(due.countedDays).to.deep.equal(['2026-11-23', '2026-11-24', '2026-11-25']);
      expect(due.reasons.map((x) => x.citation)).to.include('RSMo 610.023.3');
    });

    it('decides every recording in scope for the requester kind now, and logs each decision', async () => {
      const r = await create({ recordingIds: ['R-OPEN', 'R-CLOSED'] });
      const byId = new Map(r.decisions.map((d) => [d.recordingId, d]));
      expect(byId.get('R-OPEN')?.outcome).to.equal('release');
      expect(byId.get('R-CLOSED')?.outcome).to.equal('withhold');
      expect(r.decisions.every((d) => (d as unknown as { requester: string }).requester === 'public')).to.equal(true);
      const logged = await t.request.get(`/api/v1/decisions/${byId.get('R-CLOSED')?.decisionId}`).set(clerk);
      expect(logged.status).to.equal(200);
      const history = r.history as { to: string; by: string; decisionIds: string[] }[];
      expect(history[0]).to.deep.include({ to: 'received', by: 'jdoe' });
      expect(history[0]?.decisionIds).to.have.members(r.decisions.map((d) => d.decisionId));
    });

    it('decides for the requester kind given: a depicted person, identity verified, asking in writing gets an active-case recording within 30 days', async () => {
      const r = await create({
        recordingIds: ['R-CLOSED'],
        requester: { name: 'J. Smith', kind: 'depicted_person', claim: { writtenRequest: true, identityVerified: true } },
      });
      expect(r.decisions[0]).to.deep.include({ outcome: 'release', respondWithinDays: 30 });
      expect(r.requester.claim).to.deep.equal({ writtenRequest: true, identityVerified: true });
    });

    it("asks for review when a guardian's conditions are not recorded, naming each one", async () => {
      const r = await create({ recordingIds: ['R-CLOSED'], requester: { name: 'A. Parent', kind: 'guardian' } });
      expect(r.decisions[0]).to.deep.include({ outcome: 'needs_legal_review' });
      expect(r.decisions[0]!.missingFacts).to.deep.equal([
        'requester.onBehalfOf',
        'requester.relationshipVerified',
        'requester.subjectMinor',
        'requester.writtenRequest',
      ]);
    });

    it('puts every recording linked to the named case in scope', async () => {
      const r = await create({ caseNumber: 'KC-1' });
      expect(r.recordingIds).to.deep.equal(['R-CLOSED', 'R-CLOSED-2']);
      expect(r.decisions.map((d) => d.recordingId).sort()).to.deep.equal(['R-CLOSED', 'R-CLOSED-2']);
    });

    it('refuses unknown recording ids with 422 naming each of them', async () => {
      const res = await t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send(newRequest({ recordingIds: ['R-OPEN', 'NOPE-1', 'NOPE-2'] }));
      expect(res.status).to.equal(422);
      expect(bodyOf(res, UnknownRecordings).unknownRecordingIds).to.deep.equal(['NOPE-1', 'NOPE-2']);
      expect(problemOf(res).errors.map((e: { path: string }) => e.path)).to.deep.equal(['body.recordingIds.1', 'body.recordingIds.2']);
    });

    it('refuses a request that names nothing, and a receipt time without an offset', async () => {
      const empty = await t.request.post('/api/v1/requests').set(clerk).send(newRequest());
      expect(empty.status).to.equal(400);
      expect(problemOf(empty).errors[0]?.path).to.equal('body.recordingIds');
      const naive = await t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send(newRequest({ receivedAt: '2026-11-20T16:00:00', description: 'x' }));
      expect(naive.status).to.equal(400);
      expect(problemOf(naive).errors[0]?.path).to.equal('body.receivedAt');
    });

    it('refuses a receipt time in the future', async () => {
      const res = await t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send(newRequest({ receivedAt: '2026-11-21T09:00:00-06:00', description: 'tomorrow' }));
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors[0]?.path).to.equal('body.receivedAt');
    });

    it('accepts a description-only request with no recordings in scope yet', async () => {
      const r = await create({ description: 'All footage of the 18th and Vine festival on 2026-05-01' });
      expect(r.recordingIds).to.deep.equal([]);
      expect(r.decisions).to.deep.equal([]);
    });

    it('forbids prosecutors and auditors from logging requests; auditors may read them', async () => {
      expect(
        (
          await t.request
            .post('/api/v1/requests')
            .set(prosecutor)
            .send(newRequest({ description: 'x' }))
        ).status,
      ).to.equal(403);
      expect(
        (
          await t.request
            .post('/api/v1/requests')
            .set(bearer('auditor'))
            .send(newRequest({ description: 'x' }))
        ).status,
      ).to.equal(403);
      const r = await create({ description: 'x' });
      expect((await t.request.get(`/api/v1/requests/${r.requestId}`).set(bearer('auditor'))).status).to.equal(200);
      expect((await t.request.get(`/api/v1/requests/${r.requestId}`).set(prosecutor)).status).to.equal(403);
    });
  });

  describe('close of business', () => {
    it("refuses at start-up a CLOSE_OF_BUSINESS later than the rules' closeOfBusiness, naming the variable; accepts an equal or earlier one", () => {
      expect(() => checkCloseOfBusiness(testConfig({ CLOSE_OF_BUSINESS: '17:30' }), '17:00')).to.throw(
        ConfigError,
        /CLOSE_OF_BUSINESS: 17:30 is later than the rules' closeOfBusiness 17:00/,
      );
      expect(() => checkCloseOfBusiness(testConfig({ CLOSE_OF_BUSINESS: '17:00' }), '17:00')).not.to.throw();
      expect(() => checkCloseOfBusiness(testConfig({ CLOSE_OF_BUSINESS: '16:30' }), '17:00')).not.to.throw();
      expect(() => checkCloseOfBusiness(testConfig(), '17:00')).not.to.throw();
    });

    it('does not build the service with a CLOSE_OF_BUSINESS later than the rules', async () => {
      const db2 = await freshDatabase('requests_cob_late');
      try {
        let err: unknown = null;
        await makeTestApp(db2, undefined, testConfig({ CLOSE_OF_BUSINESS: '18:00' }), () => clock).catch((e: unknown) => (err = e));
        expect(err).to.be.instanceOf(ConfigError);
        expect(String(err)).to.match(/CLOSE_OF_BUSINESS: 18:00 is later/);
      } finally {
        await db2.close();
      }
    });

    it('uses CLOSE_OF_BUSINESS from the configuration instead of the rules default', async () => {
      const db2 = await freshDatabase('requests_cob');
      try {
        const t2 = await makeTestApp(db2, undefined, testConfig({ CLOSE_OF_BUSINESS: '16:30' }), () => clock);
        const res = await t2.request
          .post('/api/v1/requests')
          .set(clerk)
          .send(newRequest({ description: 'footage' }));
        expect(res.status, res.text).to.equal(201);
        expect(bodyOf(res, RequestView).dueBy).to.equal('2026-11-25T16:30:00.000-06:00');
        expect(bodyOf(res, RequestView).due.closeOfBusiness).to.equal('16:30');
      } finally {
        await db2.close();
      }
    });
  });

  describe('lifecycle and derived outcome', () => {
    it('responds partially_released to a request mixing releasable and closed recordings', async () => {
      const r = await create({ recordingIds: ['R-OPEN', 'R-CLOSED'] });
      const reviewed = await act(r.requestId, 'review');
      expect(reviewed.status, reviewed.text).to.equal(200);
      expect(bodyOf(reviewed, RequestView).status).to.equal('in_review');
      clock = new Date('2026-11-23T10:00:00-06:00');
      const res = await act(r.requestId, 'respond', { note: 'sent by email' });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({
        status: 'responded',
        outcome: 'partially_released',
        finalResponseAt: '2026-11-23T10:00:00.000-06:00',
        respondedLate: false,
      });
      const history = bodyOf(res, RequestView).history as {
        from: string | null;
        to: string;
        by: string;
        at: string;
        decisionIds: string[];
      }[];
      expect(history.map((h) => h.to)).to.deep.equal(['received', 'in_review', 'responded']);
      expect(history[2]).to.deep.include({ from: 'in_review', by: 'jdoe', at: '2026-11-23T10:00:00.000-06:00' });
      // re-decided at respond time: new decision ids, asOf = the response moment
      const decisions = bodyOf(res, RequestView).decisions as (DecisionView & { asOf: string })[];
      expect(history[2]?.decisionIds).to.have.members(decisions.map((d) => d.decisionId));
      expect(decisions.map((d) => d.decisionId)).not.to.have.members(r.decisions.map((d) => d.decisionId));
      expect(decisions[0]?.asOf.startsWith('2026-11-23T10:00')).to.equal(true);
    });

    it('responds released when every recording is released whole, denied when every one is withheld', async () => {
      const open = await create({ recordingIds: ['R-OPEN', 'R-OPEN-2'] });
      await act(open.requestId, 'review');
      expect(bodyOf(await act(open.requestId, 'respond'), RequestView).outcome).to.equal('released');
      const closed = await create({ caseNumber: 'KC-1' });
      await act(closed.requestId, 'review');
      expect(bodyOf(await act(closed.requestId, 'respond'), RequestView).outcome).to.equal('denied');
    });

    it('counts a release with redactions as partially_released (the redacted part is withheld, RSMo 610.024)', async () => {
      const r = await create({ recordingIds: ['R-VICTIM'] });
      expect(r.decisions[0]?.outcome).to.equal('release');
      expect(r.decisions[0]?.redactions.length).to.be.greaterThan(0);
      await act(r.requestId, 'review');
      expect(bodyOf(await act(r.requestId, 'respond'), RequestView).outcome).to.equal('partially_released');
    });

    it('refuses an outcome typed by the clerk: the outcome is derived from the decisions', async () => {
      const r = await create({ recordingIds: ['R-CLOSED'] });
      await act(r.requestId, 'review');
      const res = await act(r.requestId, 'respond', { outcome: 'released' });
      expect(res.status).to.equal(400);
      expect(bodyOf(await act(r.requestId, 'respond'), RequestView).outcome).to.equal('denied');
    });

    it('follows the facts at response time: a case event after intake changes the answer', async () => {
      await t.request.put('/api/v1/cases/KC-2').set(prosecutor).send(misdemeanorCase());
      await t.request
        .put('/api/v1/recordings/R-KC2')
        .set(ingest)
        .send(recording({ caseNumbers: ['KC-2'] }));
      const r = await create({ recordingIds: ['R-KC2'] });
      expect(r.decisions[0]?.outcome).to.equal('withhold');
      await act(r.requestId, 'review');
      await t.request.post('/api/v1/cases/KC-2/events').set(prosecutor).send({ type: 'declined', date: '2026-11-20' });
      const res = await act(r.requestId, 'respond');
      expect(res.status, res.text).to.equal(200);
      expect(bodyOf(res, RequestView).outcome).to.equal('released');
    });

    it('refuses to respond while a recording needs legal review, naming it', async () => {
      await t.request
        .put('/api/v1/recordings/R-UNCLASSIFIED')
        .set(ingest)
        .send(recording({ category: 'unclassified' }));
      const r = await create({ recordingIds: ['R-OPEN', 'R-UNCLASSIFIED'] });
      await act(r.requestId, 'review');
      const res = await act(r.requestId, 'respond');
      expect(res.status).to.equal(409);
      expect(problemOf(res).code).to.equal('INVALID_TRANSITION');
      expect(bodyOf(res, StillPending).pendingRecordingIds).to.deep.equal(['R-UNCLASSIFIED']);
      expect(problemOf(res).detail).to.match(/delay/);
    });

    it('adds recordings identified at review to the scope of a description-only request', async () => {
      const r = await create({ description: 'footage of the crowd' });
      const res = await act(r.requestId, 'review', { recordingIds: ['R-OPEN'], note: 'found by unit and time' });
      expect(bodyOf(res, RequestView).recordingIds).to.deep.equal(['R-OPEN']);
      expect(bodyOf(res, RequestView).decisions).to.have.length(1);
      expect(bodyOf(await act(r.requestId, 'respond'), RequestView).outcome).to.equal('released');
    });

    it('refuses with 409 and the reason: respond before review, after withdrawal; delay and withdraw after the response; review twice', async () => {
      const a = await create({ recordingIds: ['R-OPEN'] });
      const early = await act(a.requestId, 'respond');
      expect(early.status).to.equal(409);
      expect(problemOf(early).detail).to.match(/not been reviewed/);
      expect((await act(a.requestId, 'review')).status).to.equal(200);
      const twice = await act(a.requestId, 'review');
      expect(twice.status).to.equal(409);
      expect(problemOf(twice).detail).to.match(/already in review since .* \(by jdoe\)/);
      expect((await act(a.requestId, 'withdraw')).status).to.equal(200);
      const afterWithdraw = await act(a.requestId, 'respond');
      expect(afterWithdraw.status).to.equal(409);
      expect(afterWithdraw.body).to.include({ code: 'INVALID_TRANSITION', status: 409 });
      expect(problemOf(afterWithdraw).detail).to.match(/withdrawn on 2026-11-20/);

      const b = await create({ recordingIds: ['R-OPEN'] });
      await act(b.requestId, 'review');
      expect((await act(b.requestId, 'respond')).status).to.equal(200);
      const delay = await act(b.requestId, 'delay', {
        cause: 'Redaction of 40 hours of footage',
        availableAt: '2026-12-04T12:00:00-06:00',
      });
      expect(delay.status).to.equal(409);
      expect(problemOf(delay).detail).to.match(/already answered \(released\).*before the response/);
      expect((await act(b.requestId, 'withdraw')).status).to.equal(409);
      expect((await act(b.requestId, 'respond')).status).to.equal(409);
    });

    it('lets only one of two concurrent responses win', async () => {
      const r = await create({ recordingIds: ['R-OPEN', 'R-CLOSED'] });
      await act(r.requestId, 'review');
      const both = await Promise.all([act(r.requestId, 'respond'), act(r.requestId, 'respond')]);
      expect(both.map((x) => x.status).sort()).to.deep.equal([200, 409]);
      const stored = await t.request.get(`/api/v1/requests/${r.requestId}`).set(clerk);
      expect(bodyOf(stored, RequestView).history.filter((h: { to: string }) => h.to === 'responded')).to.have.length(1);
    });

    it('returns 404 for a request that does not exist', async () => {
      expect((await act('SR-00000000-0000-0000-0000-000000000000', 'review')).status).to.equal(404);
      expect((await t.request.get('/api/v1/requests/SR-missing').set(clerk)).status).to.equal(404);
    });
  });

  describe('delay', () => {
    it('requires the cause and the earliest date and time of availability, naming the missing fields', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      const res = await act(r.requestId, 'delay', {});
      expect(res.status).to.equal(400);
      expect(problemOf(res).errors.map((e: { path: string }) => e.path)).to.have.members(['body.cause', 'body.availableAt']);
    });

    it('refuses an availability date that is not in the future, or one without an offset', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      const past = await act(r.requestId, 'delay', { cause: 'Redaction of 40 hours of footage', availableAt: '2026-11-19T12:00:00-06:00' });
      expect(past.status).to.equal(400);
      expect(problemOf(past).errors[0]?.path).to.equal('body.availableAt');
      const naive = await act(r.requestId, 'delay', { cause: 'Redaction of 40 hours of footage', availableAt: '2026-12-04T12:00:00' });
      expect(naive.status).to.equal(400);
    });

    it('records the delay, then accepts the response once records are available', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      const res = await act(r.requestId, 'delay', {
        cause: 'Redaction of 40 hours of footage by one technician',
        availableAt: '2026-12-04T12:00:00-06:00',
      });
      expect(res.status, res.text).to.equal(200);
      expect(bodyOf(res, RequestView).status).to.equal('delayed');
      expect(bodyOf(res, RequestView).delay).to.deep.include({
        cause: 'Redaction of 40 hours of footage by one technician',
        availableAt: '2026-12-04T12:00:00.000-06:00',
        by: 'jdoe',
      });
      expect(
        (await act(r.requestId, 'delay', { cause: 'again, more footage found', availableAt: '2026-12-11T12:00:00-06:00' })).status,
      ).to.equal(409);
      clock = new Date('2026-12-04T12:00:00-06:00');
      const done = await act(r.requestId, 'respond');
      expect(done.status).to.equal(200);
      expect(done.body).to.include({ outcome: 'released', respondedLate: true });
    });
  });

  describe('partial and supplemental responses (A15)', () => {
    const MONDAY_10AM = '2026-11-23T10:00:00-06:00';
    const putRec = async (id: string, category: string) => {
      const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording({ category }));
      expect(res.status, res.text).to.be.oneOf([200, 201]);
    };
    const get = async (id: string) =>
      (await t.request.get(`/api/v1/requests/${id}`).set(clerk)).body as Record<string, unknown> & {
        status: string;
        dueBy: string;
        finalResponseAt: string | null;
        outcome: string | null;
        decisions: DecisionView[];
        responses: {
          seq: number;
          kind: string;
          answeredRecordingIds: string[];
          pendingRecordingIds: string[];
          decisionIds: string[];
          delay: { cause: string; availableAt: string } | null;
        }[];
      };
    const CAUSE = 'One recording is not yet classified; the records officer classifies it and checks its redactions.';

    it('answers the nine decided recordings of a ten-recording request now and delays the unclassified one with its earliest date; the due date still runs on the whole request (review example)', async () => {
      const ids = Array.from({ length: 10 }, (_, i) => `R-A15-${String(i + 1).padStart(2, '0')}`);
      for (const id of ids.slice(0, 9)) await putRec(id, 'non_evidentiary');
      await putRec(ids[9] ?? '', 'unclassified');
      clock = new Date('2026-11-23T10:05:00-06:00');
      const r = await create({ receivedAt: MONDAY_10AM, recordingIds: ids });
      expect(r.dueBy).to.equal('2026-11-27T17:00:00.000-06:00');
      expect((await act(r.requestId, 'review')).status).to.equal(200);
      clock = new Date('2026-11-25T10:00:00-06:00');
      const blocked = await act(r.requestId, 'respond');
      expect(blocked.status).to.equal(409);
      expect(bodyOf(blocked, StillPending).pendingRecordingIds).to.deep.equal(['R-A15-10']);

      const partial = await act(r.requestId, 'partial-response', {
        cause: CAUSE,
        availableAt: '2026-12-04T12:00:00-06:00',
        reviewMinutes: 30,
      });
      expect(partial.status, partial.text).to.equal(200);
      expect(partial.body).to.include({
        status: 'partially_responded',
        dueBy: '2026-11-27T17:00:00.000-06:00',
        finalResponseAt: null,
        outcome: null,
      });
      const [first] = bodyOf(partial, RequestView).responses as Awaited<ReturnType<typeof get>>['responses'];
      expect(first).to.deep.include({ seq: 1, kind: 'partial', answeredRecordingIds: ids.slice(0, 9), pendingRecordingIds: ['R-A15-10'] });
      expect(first?.delay).to.deep.equal({ cause: CAUSE, availableAt: '2026-12-04T12:00:00.000-06:00', place: null });
      expect(first?.decisionIds).to.have.length(9);
      expect(bodyOf(partial, RequestView).delay).to.include({ cause: CAUSE });

      const letter = (await t.request.get(`/api/v1/requests/${r.requestId}/letter?format=text`).set(clerk)).text.replace(/\s+/g, ' ');
      expect(letter).to.contain('Partial response (RSMo 610.023.3, 610.024)');
      expect(letter).to.contain(`Cause of the delay for the recordings not yet answered (R-A15-10): ${CAUSE}`);
      expect(letter).to.contain('Recordings not yet answered (delayed, RSMo 610.023.3)');
      expect((letter.match(/: released\./g) ?? []).length).to.equal(9);
      expect((letter.match(/Answered in the partial response of/g) ?? []).length).to.equal(9);

      // The unclassified recording is classified; the final response answers it and keeps the nine answers as given.
      await putRec('R-A15-10', 'non_evidentiary');
      clock = new Date('2026-11-26T09:00:00-06:00');
      const final = await act(r.requestId, 'respond', { note: 'Last recording classified.' });
      expect(final.status, final.text).to.equal(200);
      expect(final.body).to.include({
        status: 'responded',
        outcome: 'released',
        finalResponseAt: '2026-11-26T09:00:00.000-06:00',
        respondedLate: false,
      });
      const responses = bodyOf(final, RequestView).responses as { kind: string; answeredRecordingIds: string[] }[];
      expect(responses.map((x) => [x.kind, x.answeredRecordingIds.length])).to.deep.equal([
        ['partial', 9],
        ['final', 1],
      ]);
      const kept = (bodyOf(final, RequestView).decisions as DecisionView[])
        .filter((d) => d.recordingId !== 'R-A15-10')
        .map((d) => d.decisionId);
      expect(kept).to.deep.equal(first?.decisionIds);
      const finalLetter = (await t.request.get(`/api/v1/requests/${r.requestId}/letter?format=text`).set(clerk)).text.replace(/\s+/g, ' ');
      expect(finalLetter).to.contain('This final response completes the partial response of');
    });

    it('sends supplemental responses as more recordings are decided, refuses a repeat that answers nothing new, and derives the outcome over the whole request', async () => {
      await putRec('R-A15-S1', 'unclassified');
      await putRec('R-A15-S2', 'unclassified');
      const r = await create({ recordingIds: ['R-CLOSED', 'R-A15-S1', 'R-A15-S2'] });
      await act(r.requestId, 'review');
      clock = new Date('2026-11-23T09:00:00-06:00');
      expect((await act(r.requestId, 'partial-response', { cause: CAUSE, availableAt: '2026-12-01T12:00:00-06:00' })).status).to.equal(200);
      const repeat = await act(r.requestId, 'partial-response', { cause: CAUSE, availableAt: '2026-12-01T12:00:00-06:00' });
      expect(repeat.status).to.equal(409);
      expect(problemOf(repeat).detail).to.match(/None of the 2 remaining recording\(s\) is decided yet/);
      expect((await get(r.requestId)).responses).to.have.length(1);

      await putRec('R-A15-S1', 'non_evidentiary');
      const supplemental = await act(r.requestId, 'partial-response', {
        cause: 'The last recording is still being classified.',
        availableAt: '2026-12-02T12:00:00-06:00',
      });
      expect(supplemental.status, supplemental.text).to.equal(200);
      const after = await get(r.requestId);
      expect(after.responses.map((x) => [x.kind, x.answeredRecordingIds, x.pendingRecordingIds])).to.deep.equal([
        ['partial', ['R-CLOSED'], ['R-A15-S1', 'R-A15-S2']],
        ['supplemental', ['R-A15-S1'], ['R-A15-S2']],
      ]);
      expect(after.status).to.equal('partially_responded');
      expect(after.dueBy).to.equal(r.dueBy);
      expect(problemOf(await act(r.requestId, 'review')).detail).to.match(/already answered in part; the rest is delayed until 2026-12-02/);

      await putRec('R-A15-S2', 'non_evidentiary');
      const onlyFinal = await act(r.requestId, 'partial-response', { cause: CAUSE, availableAt: '2026-12-03T12:00:00-06:00' });
      expect(onlyFinal.status).to.equal(409);
      expect(problemOf(onlyFinal).detail).to.match(/send the final response/);
      const final = await act(r.requestId, 'respond');
      expect(final.status, final.text).to.equal(200);
      expect(bodyOf(final, RequestView).outcome).to.equal('partially_released');
      expect((bodyOf(final, RequestView).responses as { kind: string }[]).map((x) => x.kind)).to.deep.equal([
        'partial',
        'supplemental',
        'final',
      ]);
    });

    it('keeps a partially answered request open: it protects its recordings from destruction and may still be withdrawn', async () => {
      await putRec('R-A15-W1', 'unclassified');
      const r = await create({ recordingIds: ['R-OPEN-2', 'R-A15-W1'] });
      await act(r.requestId, 'review');
      expect((await act(r.requestId, 'partial-response', { cause: CAUSE, availableAt: '2026-12-01T12:00:00-06:00' })).status).to.equal(200);
      const queue = await t.request.get('/api/v1/requests?status=partially_responded').set(clerk);
      expect((bodyOf(queue, RequestPage).items as { requestId: string }[]).map((x) => x.requestId)).to.include(r.requestId);
      const ret = bodyOf(await t.request.get('/api/v1/recordings/R-OPEN-2').set(clerk), RecordingView).retention as { blockers: string[] };
      expect(ret.blockers).to.include('RET-REQUEST-2Y');
      const w = await act(r.requestId, 'withdraw');
      expect(w.status).to.equal(200);
      expect(bodyOf(w, RequestView).status).to.equal('withdrawn');
    });

    it('lets only one of two concurrent partial responses win', async () => {
      await putRec('R-A15-C1', 'unclassified');
      const r = await create({ recordingIds: ['R-OPEN', 'R-A15-C1'] });
      await act(r.requestId, 'review');
      const body = { cause: CAUSE, availableAt: '2026-12-01T12:00:00-06:00' };
      const both = await Promise.all([act(r.requestId, 'partial-response', body), act(r.requestId, 'partial-response', body)]);
      expect(both.map((x) => x.status).sort()).to.deep.equal([200, 409]);
      const stored = await get(r.requestId);
      expect(stored.responses).to.have.length(1);
      expect((stored.history as { to: string }[]).filter((h) => h.to === 'partially_responded')).to.have.length(1);
    });

    it('refuses a partial response before review, without a cause or with an availability not in the future, naming the field', async () => {
      await putRec('R-A15-V1', 'unclassified');
      const r = await create({ recordingIds: ['R-OPEN', 'R-A15-V1'] });
      expect(
        problemOf(await act(r.requestId, 'partial-response', { cause: CAUSE, availableAt: '2026-12-01T12:00:00-06:00' })).detail,
      ).to.match(/not been reviewed/);
      await act(r.requestId, 'review');
      const noCause = await act(r.requestId, 'partial-response', { availableAt: '2026-12-01T12:00:00-06:00' });
      expect(noCause.status).to.equal(400);
      expect(JSON.stringify(problemOf(noCause).errors)).to.contain('body.cause');
      const past = await act(r.requestId, 'partial-response', { cause: CAUSE, availableAt: '2026-11-01T12:00:00-06:00' });
      expect(past.status).to.equal(400);
      expect(JSON.stringify(problemOf(past).errors)).to.contain('body.availableAt');
    });
  });

  describe('further delay (counsel review finding 7, RSMo 610.023.3)', () => {
    const PLACE = 'KCPD Records Unit, 1125 Locust St., Kansas City, MO';
    const FURTHER = 'The technician redacting the footage found 12 more hours that must be reviewed before release.';
    const putRec = async (id: string, category: string) => {
      const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording({ category }));
      expect(res.status, res.text).to.be.oneOf([200, 201]);
    };
    const view = async (id: string) =>
      (await t.request.get(`/api/v1/requests/${id}`).set(clerk)).body as Record<string, unknown> & {
        availabilityPassed: boolean;
        status: string;
        dueBy: string;
        history: { from: string; to: string; note: string | null }[];
        delay: Record<string, unknown> | null;
      };

    it('renews the delay of a delayed request whose stated availability has passed: new cause, place and date, status and due date unchanged, history appended, letter regenerated', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      expect(
        (
          await act(r.requestId, 'delay', {
            cause: 'Redaction of 40 hours of footage by one technician',
            availableAt: '2026-12-04T12:00:00-06:00',
          })
        ).status,
      ).to.equal(200);
      expect((await view(r.requestId)).availabilityPassed).to.equal(false);
      clock = new Date('2026-12-04T13:00:00-06:00');
      const lapsed = await view(r.requestId);
      expect(lapsed.availabilityPassed).to.equal(true);
      const queue = await t.request.get('/api/v1/requests?status=delayed&limit=500').set(clerk);
      expect(
        (bodyOf(queue, RequestPage).items as { requestId: string; availabilityPassed: boolean }[]).find((x) => x.requestId === r.requestId)
          ?.availabilityPassed,
      ).to.equal(true);

      const res = await act(r.requestId, 'further-delay', { cause: FURTHER, availableAt: '2026-12-11T12:00:00-06:00', place: PLACE });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ status: 'delayed', dueBy: lapsed.dueBy, availabilityPassed: false });
      expect(bodyOf(res, RequestView).delay).to.deep.include({
        cause: FURTHER,
        availableAt: '2026-12-11T12:00:00.000-06:00',
        place: PLACE,
        replaces: '2026-12-04T12:00:00.000-06:00',
        by: 'jdoe',
      });
      const last = (bodyOf(res, RequestView).history as { from: string; to: string; note: string }[]).at(-1);
      expect(last).to.include({ from: 'delayed', to: 'delayed' });
      expect(last?.note).to.contain(FURTHER).and.contain(PLACE);
      expect(bodyOf(res, RequestView).history).to.have.length(lapsed.history.length + 1);

      const letter = flat((await t.request.get(`/api/v1/requests/${r.requestId}/letter?format=text`).set(clerk)).text);
      expect(letter).to.include('Notice of further delay (RSMo 610.023.3)');
      expect(letter).to.include(
        `The records were stated to be available from Friday, December 4, 2026 at 12:00 PM CST; they cannot be made available then. Cause of the further delay: ${FURTHER}`,
      );
      expect(letter).to.include('The earliest date and time the records will be available: Friday, December 11, 2026 at 12:00 PM CST.');
      expect(letter).to.include(`Place where they will be available: ${PLACE}.`);
    });

    it('renews the delay of the rest of a partially answered request, keeping its answers, and the letter of the partial response shows the further delay', async () => {
      await putRec('R-FD-P1', 'unclassified');
      clock = new Date('2026-11-23T10:05:00-06:00');
      const r = await create({ receivedAt: '2026-11-23T10:00:00-06:00', recordingIds: ['R-OPEN', 'R-FD-P1'] });
      await act(r.requestId, 'review');
      clock = new Date('2026-11-25T10:00:00-06:00');
      const partial = await act(r.requestId, 'partial-response', {
        cause: 'One recording is not yet classified; the records officer classifies it.',
        availableAt: '2026-12-10T17:00:00-06:00',
      });
      expect(partial.status, partial.text).to.equal(200);
      clock = new Date('2026-12-10T17:30:00-06:00');
      // Still needs counsel: nothing new to answer, and the first delay is refused from partially_responded.
      expect(
        (
          await act(r.requestId, 'partial-response', {
            cause: 'Still being classified by the records officer.',
            availableAt: '2026-12-18T17:00:00-06:00',
          })
        ).status,
      ).to.equal(409);
      const delayAgain = await act(r.requestId, 'delay', {
        cause: 'Still being classified by the records officer.',
        availableAt: '2026-12-18T17:00:00-06:00',
      });
      expect(delayAgain.status).to.equal(409);
      expect(problemOf(delayAgain).detail).to.contain('further delay');
      expect((await view(r.requestId)).availabilityPassed).to.equal(true);

      const res = await act(r.requestId, 'further-delay', { cause: FURTHER, availableAt: '2026-12-18T17:00:00-06:00', place: PLACE });
      expect(res.status, res.text).to.equal(200);
      expect(res.body).to.include({ status: 'partially_responded', availabilityPassed: false, finalResponseAt: null });
      expect(bodyOf(res, RequestView).responses).to.deep.equal(bodyOf(partial, RequestView).responses);
      expect(bodyOf(res, RequestView).decisions).to.deep.equal(bodyOf(partial, RequestView).decisions);
      const letter = flat((await t.request.get(`/api/v1/requests/${r.requestId}/letter?format=text`).set(clerk)).text);
      expect(letter).to.include(
        'Further delay (RSMo 610.023.3): the recordings not yet answered were stated to be available from Thursday, December 10, 2026 at 5:00 PM CST',
      );
      expect(letter).to.include(`Cause of the further delay for the recordings not yet answered (R-FD-P1): ${FURTHER}`);
      expect(letter).to.include(`Place where they will be available: ${PLACE}.`);
    });

    it('refuses a further delay before any delay, after the response, without a cause or place, or with a date not in the future, naming the field', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      const early = await act(r.requestId, 'further-delay', { cause: FURTHER, availableAt: '2026-12-11T12:00:00-06:00', place: PLACE });
      expect(early.status).to.equal(409);
      expect(problemOf(early).detail).to.contain('Give the first delay instead');
      await act(r.requestId, 'delay', {
        cause: 'Redaction of 40 hours of footage by one technician',
        availableAt: '2026-12-04T12:00:00-06:00',
      });
      const missing = await act(r.requestId, 'further-delay', { availableAt: '2026-12-11T12:00:00-06:00' });
      expect(missing.status).to.equal(400);
      expect(problemOf(missing).errors.map((e: { path: string }) => e.path)).to.have.members(['body.cause', 'body.place']);
      const past = await act(r.requestId, 'further-delay', { cause: FURTHER, availableAt: '2026-11-19T12:00:00-06:00', place: PLACE });
      expect(past.status).to.equal(400);
      expect(problemOf(past).errors[0]?.path).to.equal('body.availableAt');
      expect(
        (
          await act(
            r.requestId,
            'further-delay',
            { cause: FURTHER, availableAt: '2026-12-11T12:00:00-06:00', place: PLACE },
            bearer('auditor'),
          )
        ).status,
      ).to.equal(403);
      clock = new Date('2026-12-04T12:00:00-06:00');
      expect((await act(r.requestId, 'respond')).status).to.equal(200);
      expect(
        (await act(r.requestId, 'further-delay', { cause: FURTHER, availableAt: '2026-12-11T12:00:00-06:00', place: PLACE })).status,
      ).to.equal(409);
    });

    it('loses no update when two clerks give further delays at once: each write is one conditional update on the version read, so every accepted delay is in the history and the last one is in force', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      await act(r.requestId, 'delay', {
        cause: 'Redaction of 40 hours of footage by one technician',
        availableAt: '2026-12-04T12:00:00-06:00',
      });
      const before = await view(r.requestId);
      const causes = [FURTHER, `${FURTHER} (second clerk)`];
      const both = await Promise.all(
        causes.map((cause, i) =>
          act(r.requestId, 'further-delay', { cause, availableAt: `2026-12-1${i + 1}T12:00:00-06:00`, place: PLACE }),
        ),
      );
      for (const x of both) expect(x.status, x.text).to.be.oneOf([200, 409]);
      const accepted = both.filter((x) => x.status === 200).length;
      expect(accepted).to.be.at.least(1);
      const after = await view(r.requestId);
      const added = after.history.slice(before.history.length);
      expect(added).to.have.length(accepted);
      expect(added.at(-1)?.note).to.contain(String(after.delay?.cause));
      // The second write replaced what the first left (never the first delay it did not see).
      if (accepted === 2) expect(after.delay?.replaces).to.be.oneOf(['2026-12-11T12:00:00.000-06:00', '2026-12-12T12:00:00.000-06:00']);
    });
  });

  describe('letter', () => {
    it('cites for each recording exactly the provisions its decision cites, with the route to a court order', async () => {
      const r = await create({ recordingIds: ['R-OPEN', 'R-VICTIM', 'R-CLOSED'], mediaItems: 1 });
      await act(r.requestId, 'review');
      const responded = await act(r.requestId, 'respond', { reviewMinutes: 45 });
      const decisions = bodyOf(responded, RequestView).decisions;
      const res = await t.request.get(`/api/v1/requests/${r.requestId}/letter?format=text`).set(clerk);
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain/);
      const cited = letterCitations(res.text);
      expect([...cited.keys()].sort()).to.deep.equal(['R-CLOSED', 'R-OPEN', 'R-VICTIM']);
      for (const d of decisions) expect(cited.get(d.recordingId), d.recordingId).to.deep.equal(decisionCitations(d));
      const closed = decisions.find((d) => d.recordingId === 'R-CLOSED');
      expect(closed?.routes).to.include('court_order');
      const text = flat(res.text);
      expect(text).to.include('Any person may ask the circuit court for an order releasing');
      expect(text).to.include('Determination: Partially released');
      // The protected-victim redaction cites 610.100.3 (595.226 governs court records: review A21); stored under its former flag name.
      expect(text).to.match(/To be redacted before release \(RSMo 610\.100\.3\): The face, voice and identifying details of a victim/);
      expect(text).not.to.include('KCPD policy');
      expect(text).to.include('RSMo 610.024');
      expect(text).to.include('Fee estimate (RSMo 610.026)');
      expect(text).to.match(/review and redact the footage: not billed/);
      // two released recordings of 10 minutes each: 2 x 10 min + 20 min of footage x 6 min/hour = 22 min at $30/h = $11.00, plus one USB drive at $5.00
      expect(text).to.include('Estimated total: $16.00 USD.');
    });

    it('states the cause of a delay and the earliest date and time of availability', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      await act(r.requestId, 'delay', {
        cause: 'Redaction of 40 hours of footage by one technician',
        availableAt: '2026-12-04T12:00:00-06:00',
      });
      const res = await t.request.get(`/api/v1/requests/${r.requestId}/letter`).set(bearer('auditor'));
      const text = flat(res.text);
      expect(text).to.include('Notice of delay (RSMo 610.023.3)');
      expect(text).to.include('Cause: Redaction of 40 hours of footage by one technician');
      expect(text).to.include('The earliest date and time the records will be available: Friday, December 4, 2026 at 12:00 PM CST.');
    });

    it('marks the letter of a request not yet answered as a draft', async () => {
      const r = await create({ recordingIds: ['R-OPEN'] });
      const res = await t.request.get(`/api/v1/requests/${r.requestId}/letter`).set(clerk);
      expect(res.text).to.include('DRAFT: not yet sent');
    });

    it('renders the letter as a PDF', async () => {
      const r = await create({ recordingIds: ['R-OPEN', 'R-CLOSED'] });
      await act(r.requestId, 'review');
      await act(r.requestId, 'respond');
      const res = await t.request
        .get(`/api/v1/requests/${r.requestId}/letter?format=pdf`)
        .set(clerk)
        .buffer(true)
        .parse((response, cb) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/pdf');
      const body = res.body as Buffer;
      expect(body.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      expect(body.length).to.be.greaterThan(1000);
    });
  });
});

describe('Sunshine requests queue', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T16:30:00-06:00');
  const ids: Record<string, string> = {};

  const make = async (label: string, receivedAt: string, recordingIds: string[] = []) => {
    const scope = recordingIds.length ? { recordingIds } : { description: label };
    const res = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt, requester: { name: label, kind: 'public' }, ...scope });
    expect(res.status, res.text).to.equal(201);
    ids[label] = bodyOf(res, RequestView).requestId;
  };
  const names = (items: { requestId: string }[]) => items.map((i) => Object.entries(ids).find(([, v]) => v === i.requestId)?.[0]);

  before(async () => {
    db = await freshDatabase('requests_queue');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    clock = new Date('2026-11-30T09:00:00-06:00');
    await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera());
    await t.request
      .put('/api/v1/recordings/Q-1')
      .set(ingest)
      .send(recording({ category: 'non_evidentiary' }));
    await make('mon-16', '2026-11-16T10:00:00-06:00'); // due Thu 2026-11-19 17:00
    await make('tue-17', '2026-11-17T10:00:00-06:00'); // due Fri 2026-11-20 17:00
    await make('wed-18', '2026-11-18T10:00:00-06:00'); // due Mon 2026-11-23 17:00
    await make('answered', '2026-11-13T11:00:00-06:00', ['Q-1']); // due Wed 2026-11-18 17:00
    await make('withdrawn', '2026-11-12T12:00:00-06:00'); // due Tue 2026-11-17 17:00
    await make('fri-27', '2026-11-27T10:00:00-06:00'); // due Wed 2026-12-02 17:00
    await make('delayed', '2026-11-19T11:00:00-06:00'); // due Tue 2026-11-24 17:00
    await t.request.post(`/api/v1/requests/${ids.answered}/review`).set(clerk).send({});
    expect((await t.request.post(`/api/v1/requests/${ids.answered}/respond`).set(clerk).send({})).status).to.equal(200);
    await t.request.post(`/api/v1/requests/${ids.withdrawn}/withdraw`).set(clerk).send({});
    await t.request
      .post(`/api/v1/requests/${ids.delayed}/delay`)
      .set(clerk)
      .send({ cause: 'Awaiting the evidence system export', availableAt: '2026-12-10T12:00:00-06:00' });
  });
  after(async () => db.close());

  it('lists overdue requests (not answered or withdrawn, past dueBy at the pinned clock), soonest due first', async () => {
    const res = await t.request.get('/api/v1/requests?overdue=true').set(clerk);
    expect(res.status).to.equal(200);
    expect(names(bodyOf(res, RequestPage).items)).to.deep.equal(['mon-16', 'tue-17', 'wed-18', 'delayed']);
    expect(bodyOf(res, RequestPage).items.every((i: { overdue: boolean }) => i.overdue)).to.equal(true);
  });

  it('lists the rest with overdue=false: answered, withdrawn and not yet due', async () => {
    const res = await t.request.get('/api/v1/requests?overdue=false').set(clerk);
    expect(names(bodyOf(res, RequestPage).items)).to.deep.equal(['withdrawn', 'answered', 'fri-27']);
    const answered = bodyOf(res, RequestPage).items[1] as { overdue: boolean; respondedLate: boolean };
    expect(answered).to.include({ overdue: false, respondedLate: true });
  });

  it('filters by status and by dueBefore', async () => {
    const delayed = await t.request.get('/api/v1/requests?status=delayed').set(clerk);
    expect(names(bodyOf(delayed, RequestPage).items)).to.deep.equal(['delayed']);
    const before = await t.request.get('/api/v1/requests?dueBefore=2026-11-20').set(clerk);
    expect(names(bodyOf(before, RequestPage).items)).to.deep.equal(['withdrawn', 'answered', 'mon-16']);
  });

  it('pages through the queue in dueBy order with a cursor', async () => {
    const first = await t.request.get('/api/v1/requests?limit=4').set(clerk);
    const second = await t.request.get(`/api/v1/requests?limit=4&cursor=${bodyOf(first, RequestPage).nextCursor}`).set(clerk);
    expect(bodyOf(second, RequestPage).nextCursor).to.equal(null);
    const all = [...bodyOf(first, RequestPage).items, ...bodyOf(second, RequestPage).items] as { dueBy: string; requestId: string }[];
    expect(all).to.have.length(7);
    expect(new Set(all.map((i) => i.requestId)).size).to.equal(7);
    const dues = all.map((i) => Date.parse(i.dueBy));
    expect(dues).to.deep.equal([...dues].sort((a, b) => a - b));
    expect((await t.request.get('/api/v1/requests?cursor=bm9wZQ').set(clerk)).status).to.equal(400);
  });

  it('no longer lists a request as overdue once the clock is before its due date', async () => {
    clock = new Date('2026-11-19T09:00:00-06:00');
    const res = await t.request.get('/api/v1/requests?overdue=true').set(clerk);
    expect(names(bodyOf(res, RequestPage).items)).to.deep.equal([]);
    clock = new Date('2026-11-30T09:00:00-06:00');
  });

  it('splits the script queue into overdue and due today', async () => {
    clock = new Date('2026-12-02T09:00:00-06:00');
    const q = await t.deps.services.requests.queue(clock);
    expect(q.dueToday.map((r) => r.requester.name)).to.deep.equal(['fri-27']);
    expect(q.overdue.map((r) => r.requester.name)).to.include.members(['mon-16', 'tue-17', 'wed-18']);
    clock = new Date('2026-11-30T09:00:00-06:00');
  });
});

describe('Sunshine requests protect recordings from destruction', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T16:30:00-06:00');
  const retention = async (id: string) =>
    bodyOf(await t.request.get(`/api/v1/recordings/${id}`).set(clerk), RecordingView).retention as {
      status: string;
      retainUntil: string | null;
      blockers: string[];
    };

  before(async () => {
    db = await freshDatabase('requests_retention');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera());
    await t.request
      .put('/api/v1/recordings/R-OLD')
      .set(ingest)
      .send(recording({ category: 'non_evidentiary', recordedAt: '2026-01-05T10:00:00-06:00' }));
  });
  after(async () => db.close());

  it('keeps a non-evidentiary recording past 180 days while a request naming it is open, and for two years after the response (610.027.5)', async () => {
    expect((await retention('R-OLD')).status).to.equal('eligible_for_destruction');
    const created = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt: FRIDAY_4PM, requester: { name: 'A. Reporter', kind: 'public' }, recordingIds: ['R-OLD'] });
    expect(created.status).to.equal(201);
    const open = await retention('R-OLD');
    expect(open.status).to.not.equal('eligible_for_destruction');
    expect(open.blockers).to.include('RET-REQUEST-2Y');

    clock = new Date('2026-11-23T10:00:00-06:00');
    await t.request
      .post(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/review`)
      .set(clerk)
      .send({});
    expect(
      (
        await t.request
          .post(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/respond`)
          .set(clerk)
          .send({})
      ).status,
    ).to.equal(200);
    const answered = await retention('R-OLD');
    expect(answered.status).to.equal('retain');
    expect(answered.retainUntil?.startsWith('2028-11-23')).to.equal(true);

    clock = new Date('2028-11-22T10:00:00-06:00');
    await t.deps.services.derived.sweep(clock);
    expect((await retention('R-OLD')).status).to.equal('retain');

    clock = new Date('2028-11-24T10:00:00-06:00');
    expect(await t.deps.services.derived.sweep(clock)).to.be.greaterThan(0);
    expect((await retention('R-OLD')).status).to.equal('eligible_for_destruction');
  });

  it('puts the recordings of a request under a litigation hold when a suit about it is served, idempotently, so they outlast the two years (A18)', async () => {
    clock = new Date('2026-11-20T16:30:00-06:00');
    await t.request
      .put('/api/v1/recordings/R-SUIT')
      .set(ingest)
      .send(recording({ category: 'non_evidentiary', recordedAt: '2026-01-05T10:00:00-06:00' }));
    const created = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt: FRIDAY_4PM, requester: { name: 'C. Reporter', kind: 'public' }, recordingIds: ['R-SUIT'] });
    const id = bodyOf(created, RequestView).requestId;
    clock = new Date('2026-11-23T10:00:00-06:00');
    await t.request.post(`/api/v1/requests/${id}/review`).set(clerk).send({});
    expect((await t.request.post(`/api/v1/requests/${id}/respond`).set(clerk).send({})).status).to.equal(200);
    const future = await t.request
      .post(`/api/v1/requests/${id}/suit`)
      .set(clerk)
      .send({ reference: '2627-CV-01234', servedAt: '2027-01-01T10:00:00-06:00' });
    expect(future.status).to.equal(400);
    clock = new Date('2027-03-01T10:00:00-06:00');
    const served = await t.request
      .post(`/api/v1/requests/${id}/suit`)
      .set(clerk)
      .send({ reference: '2627-CV-01234', court: 'Jackson County Circuit Court', servedAt: '2027-02-26T14:00:00-06:00' });
    expect(served.status, served.text).to.equal(200);
    expect(bodyOf(served, RequestView).suit).to.include({ reference: '2627-CV-01234', holdId: `HOLD-SUIT-${id}`, recordedBy: 'jdoe' });
    const holds = bodyOf(await t.request.get('/api/v1/holds?active=true').set(clerk), PageOf(HoldView)).items as {
      id: string;
      reason: string;
      recordingIds: string[];
      authority: string;
    }[];
    const hold = holds.find((h) => h.id === `HOLD-SUIT-${id}`);
    expect(hold).to.include({ reason: 'litigation' });
    expect(hold?.recordingIds).to.deep.equal(['R-SUIT']);
    expect(hold?.authority).to.contain('RSMo 610.027');
    expect((await retention('R-SUIT')).status).to.equal('held');
    const again = await t.request
      .post(`/api/v1/requests/${id}/suit`)
      .set(clerk)
      .send({ reference: '2627-CV-01234', servedAt: '2027-02-26T14:00:00-06:00' });
    expect(again.status).to.equal(200);
    const other = await t.request
      .post(`/api/v1/requests/${id}/suit`)
      .set(clerk)
      .send({ reference: 'OTHER-1', servedAt: '2027-02-26T14:00:00-06:00' });
    expect(other.status).to.equal(409);
    clock = new Date('2029-01-01T10:00:00-06:00');
    await t.deps.services.derived.sweep(clock);
    expect((await retention('R-SUIT')).status).to.equal('held');
  });

  it('protects recordings of a withdrawn request until two years after the withdrawal', async () => {
    clock = new Date('2026-11-20T16:30:00-06:00');
    await t.request
      .put('/api/v1/recordings/R-OLD-2')
      .set(ingest)
      .send(recording({ category: 'non_evidentiary', recordedAt: '2026-01-05T10:00:00-06:00' }));
    const created = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt: FRIDAY_4PM, requester: { name: 'B. Reporter', kind: 'public' }, recordingIds: ['R-OLD-2'] });
    clock = new Date('2026-11-21T09:00:00-06:00');
    expect(
      (
        await t.request
          .post(`/api/v1/requests/${bodyOf(created, RequestView).requestId}/withdraw`)
          .set(clerk)
          .send({})
      ).status,
    ).to.equal(200);
    const r = await retention('R-OLD-2');
    expect(r.status).to.equal('retain');
    expect(r.retainUntil?.startsWith('2028-11-21')).to.equal(true);
  });
});
