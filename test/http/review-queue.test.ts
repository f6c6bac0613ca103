import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';
import { ReviewItemView, ReviewSummaryView } from '../../src/http/review/review.schemas';
import { AuditPage } from '../../src/http/audit/audit.schemas';
import { RequestPage, RequestView } from '../../src/http/requests/requests.schemas';
import { bodyOf, problemOf } from '../support/api';

const clerk = bearer('clerk', 'jdoe');
const prosecutor = bearer('prosecutor', 'ada');
const auditor = bearer('auditor', 'aud');
const ingest = bearer('ingest', 'feed');

interface Item {
  id: string;
  questionId: string;
  kind: string;
  ref: string;
  questions: { fact: string; answeredBy: string; text: string }[];
  requesterKinds: string[];
  recordingIds: string[];
  dueBy: string | null;
  requests: { id: string; number: string | null }[];
  assignee: string | null;
  comments: { by: string; text: string }[];
}
interface Page {
  groups: { questionId: string; answeredBy: string; items: number; recordings: number; dueBy: string | null }[];
  items: Item[];
  nextCursor: string | null;
}

describe('review queue API', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T10:00:00-06:00');
  let requestNumber = '';
  let requestId = '';

  const queue = async (qs = '', who = clerk): Promise<Page> => {
    const res = await t.request.get(`/api/v1/review-queue${qs}`).set(who);
    expect(res.status, res.text).to.equal(200);
    return res.body as Page;
  };
  const put = async (id: string, body: Record<string, unknown>) => {
    const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording(body));
    expect(res.status, res.text).to.be.oneOf([200, 201]);
  };

  before(async () => {
    db = await freshDatabase('review_queue');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera('Central Patrol'))).status).to.equal(201);
    expect((await t.request.put('/api/v1/cameras/CAM-2').set(ingest).send(camera('East Patrol'))).status).to.equal(201);
    // A mixed outcome: one defendant acquitted, the other's conviction final (needs legal review).
    const kc = { offenseClass: 'felony', offenseDate: '2025-02-01', defendants: [{ defendantId: 'A' }, { defendantId: 'B' }] };
    expect((await t.request.put('/api/v1/cases/KC-MIX').set(prosecutor).send(kc)).status).to.equal(201);
    for (const e of [
      { type: 'charged', date: '2025-02-02', defendantId: 'A' },
      { type: 'charged', date: '2025-02-02', defendantId: 'B' },
      { type: 'acquitted', date: '2025-11-01', defendantId: 'A' },
      { type: 'convicted', date: '2025-11-01', defendantId: 'B' },
      { type: 'conviction_final', date: '2026-01-15', defendantId: 'B' },
    ]) {
      const res = await t.request.post('/api/v1/cases/KC-MIX/events').set(prosecutor).send(e);
      expect(res.status, res.text).to.equal(201);
    }
    await put('R-MIX-1', { category: 'arrest', caseNumbers: ['KC-MIX'], recordedAt: '2025-02-01T12:00:00-06:00' });
    await put('R-MIX-2', { category: 'arrest', caseNumbers: ['KC-MIX'], recordedAt: '2025-02-01T13:00:00-06:00' });
    // Not yet reviewed for redactions: a clerk's question (A12); older than the case's recordings.
    await put('R-UNREV', {
      cameraSerial: 'CAM-2',
      category: 'non_evidentiary',
      redactionReview: null,
      recordedAt: '2024-06-01T12:00:00-05:00',
    });
    await put('R-OK', { category: 'non_evidentiary' });
    const req = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({
        receivedAt: '2026-11-19T09:00:00-06:00',
        requester: { name: 'Kansas City Star', kind: 'public', contact: 'records@example.org' },
        recordingIds: ['R-MIX-1', 'R-OK'],
      });
    expect(req.status, req.text).to.equal(201);
    requestNumber = bodyOf(req, RequestView).number as string;
    requestId = bodyOf(req, RequestView).requestId;
  });
  after(async () => db.close());

  it('stores on each recording which requester kinds wait for review, on which facts, and leaves out recordings nobody waits on', async () => {
    const docs = await t.deps.models.Recording.find({}, { review: 1 })
      .sort({ _id: 1 })
      .lean<{ _id: string; review: { inReview: boolean; kinds: string[]; missingFacts: string[] } }[]>();
    const byId = new Map(docs.map((d) => [d._id, d.review]));
    expect(byId.get('R-OK')).to.include({ inReview: false });
    expect(byId.get('R-UNREV')?.kinds).to.include('public');
    expect(byId.get('R-UNREV')?.missingFacts).to.include('recording.redactionReview');
    expect(byId.get('R-MIX-1')?.missingFacts).to.include('cases.KC-MIX.disposition.mixed');
    for (const r of byId.values()) expect(r.missingFacts.filter((f) => f.startsWith('requester.'))).to.deep.equal([]);
  });

  it('groups the items by question, the case with a request waiting first, then the rest by age; a case fact makes one item of the case', async () => {
    const p = await queue();
    const mixed = p.items.find((i) => i.kind === 'case' && i.ref === 'KC-MIX');
    expect(mixed, JSON.stringify(p.items)).to.not.equal(undefined);
    expect(mixed?.recordingIds).to.deep.equal(['R-MIX-1', 'R-MIX-2']);
    expect(mixed?.requests.map((r) => r.number)).to.deep.equal([requestNumber]);
    expect(mixed?.dueBy).to.be.a('string');
    expect(p.items[0]?.id).to.equal('case:KC-MIX');
    expect(p.groups[0]?.questionId).to.equal(p.items[0]?.questionId);
    const unrev = p.items.find((i) => i.ref === 'R-UNREV');
    expect(unrev).to.include({ kind: 'recording', dueBy: null });
    expect(unrev?.questions.map((q) => [q.fact, q.answeredBy])).to.deep.include(['recording.redactionReview', 'clerk']);
    // Items of one question stay together, in the groups' order.
    const order = p.items.map((i) => i.questionId);
    expect(order).to.deep.equal(
      [...order].sort((a, b) => p.groups.findIndex((g) => g.questionId === a) - p.groups.findIndex((g) => g.questionId === b)),
    );
    expect(p.items.some((i) => i.ref === 'R-OK')).to.equal(false);
  });

  it('filters by who answers, unit, case and request (by number or id), and by question', async () => {
    const byClerk = await queue('?answeredBy=clerk');
    expect(byClerk.items.map((i) => i.ref)).to.include('R-UNREV');
    expect(byClerk.items.every((i) => i.questions.every((q) => q.answeredBy === 'clerk'))).to.equal(true);
    expect((await queue('?unit=East%20Patrol')).items.map((i) => i.ref)).to.deep.equal(['R-UNREV']);
    expect((await queue('?case=KC-MIX')).items.every((i) => i.recordingIds.every((id) => id.startsWith('R-MIX')))).to.equal(true);
    const byRequest = await queue(`?request=${requestNumber}`);
    expect(byRequest.items.map((i) => i.id)).to.include('case:KC-MIX');
    expect(byRequest.items.flatMap((i) => i.recordingIds)).to.not.include('R-UNREV');
    expect((await queue(`?request=${requestId}`)).items.map((i) => i.id)).to.deep.equal(byRequest.items.map((i) => i.id));
    const q = byClerk.items[0]?.questionId ?? '';
    expect((await queue(`?question=${encodeURIComponent(q)}`)).items.every((i) => i.questionId === q)).to.equal(true);
  });

  it('refuses unknown query parameters, an unknown request and a cursor it did not issue', async () => {
    const unknown = await t.request.get('/api/v1/review-queue?role=clerk').set(clerk);
    expect(unknown.status).to.equal(400);
    expect(problemOf(unknown).detail).to.match(/query\.role/);
    const req = await t.request.get('/api/v1/review-queue?request=SR-2026-99999').set(clerk);
    expect(req.status).to.equal(400);
    expect((await t.request.get('/api/v1/review-queue?cursor=bm9wZQ').set(clerk)).status).to.equal(400);
  });

  it('pages through the queue with the cursor, each item once and in order', async () => {
    const all = await queue('?limit=1000');
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const p: Page = await queue(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...p.items.map((i) => `${i.questionId}|${i.id}`));
      cursor = p.nextCursor;
    }
    expect(seen).to.deep.equal(all.items.map((i) => `${i.questionId}|${i.id}`));
  });

  it('assigns and comments on an item, keeps every comment, and records each step in the audit trail', async () => {
    const a = await t.request.post('/api/v1/review-items/case/KC-MIX/assign').set(prosecutor).send({ assignee: 'ada' });
    expect(a.status, a.text).to.equal(200);
    expect(a.body).to.include({ id: 'case:KC-MIX', assignee: 'ada' });
    const [c1, c2] = await Promise.all([
      t.request.post('/api/v1/review-items/case/KC-MIX/comments').set(prosecutor).send({ text: 'Asked counsel about the mixed outcome.' }),
      t.request.post('/api/v1/review-items/case/KC-MIX/comments').set(clerk).send({ text: 'Press request due soon.' }),
    ]);
    expect([c1.status, c2.status]).to.deep.equal([201, 201]);
    const item = (await queue('?case=KC-MIX')).items.find((i) => i.id === 'case:KC-MIX');
    expect(item?.assignee).to.equal('ada');
    expect(item?.comments.map((c) => c.text).sort()).to.deep.equal(['Asked counsel about the mixed outcome.', 'Press request due soon.']);
    const audit = await t.request.get('/api/v1/audit?target=KC-MIX').set(auditor);
    const actions = (bodyOf(audit, AuditPage).items as { action: string }[]).map((e) => e.action);
    expect(actions).to.include('POST /api/v1/review-items/:kind/:ref/assign');
    expect(actions.filter((x) => x === 'POST /api/v1/review-items/:kind/:ref/comments')).to.have.length(2);
    const un = await t.request.post('/api/v1/review-items/case/KC-MIX/assign').set(clerk).send({ assignee: null });
    expect(bodyOf(un, ReviewItemView).assignee).to.equal(null);
    expect((bodyOf(un, ReviewItemView).steps as { action: string }[]).map((s) => s.action)).to.deep.equal([
      'assigned',
      'commented',
      'commented',
      'unassigned',
    ]);
  });

  it('refuses an item that does not exist, an empty comment, and acting on the queue as an auditor (who may read it)', async () => {
    expect((await t.request.post('/api/v1/review-items/recording/NOPE/assign').set(clerk).send({ assignee: 'x' })).status).to.equal(404);
    expect((await t.request.post('/api/v1/review-items/case/KC-MIX/comments').set(clerk).send({ text: '  ' })).status).to.equal(400);
    expect((await t.request.post('/api/v1/review-items/widget/KC-MIX/comments').set(clerk).send({ text: 'x' })).status).to.equal(400);
    expect((await t.request.get('/api/v1/review-queue').set(auditor)).status).to.equal(200);
    expect((await t.request.post('/api/v1/review-items/case/KC-MIX/assign').set(auditor).send({ assignee: 'x' })).status).to.equal(403);
  });

  it('counts the queue for the dashboard', async () => {
    const res = await t.request.get('/api/v1/review-queue/summary?soonDays=30').set(clerk);
    expect(res.status, res.text).to.equal(200);
    expect(bodyOf(res, ReviewSummaryView).recordings).to.equal(3);
    expect(bodyOf(res, ReviewSummaryView).items).to.be.at.least(2);
    expect(bodyOf(res, ReviewSummaryView).dueSoon + bodyOf(res, ReviewSummaryView).overdue).to.be.at.least(1);
    expect(bodyOf(res, ReviewSummaryView).byAnsweredBy.clerk).to.be.at.least(1);
  });

  it('drops a recording from the queue once the fact it waited on is recorded', async () => {
    await put('R-UNREV', { cameraSerial: 'CAM-2', category: 'non_evidentiary', recordedAt: '2024-06-01T12:00:00-05:00' });
    expect((await queue()).items.some((i) => i.ref === 'R-UNREV')).to.equal(false);
  });

  it('re-derives the review state of recordings decided under another engine version (the sweep), so existing catalogs get it', async () => {
    const R = t.deps.models.Recording;
    await R.updateOne(
      { _id: 'R-MIX-2' },
      {
        $set: { 'release.engineVersion': 'eng-0000000000000000' },
        $unset: { review: '' },
      },
    );
    await t.deps.services.derived.sweep(clock);
    const doc = await R.findById('R-MIX-2').lean<{ review: { inReview: boolean; missingFacts: string[] } }>();
    expect(doc?.review).to.include({ inReview: true });
    expect((await queue('?case=KC-MIX')).items.find((i) => i.id === 'case:KC-MIX')?.recordingIds).to.deep.equal(['R-MIX-1', 'R-MIX-2']);
  });

  it('shows on the request which recordings wait for review, and flags it due soon one business day before its due date', async () => {
    const get = async () =>
      (await t.request.get(`/api/v1/requests/${requestId}`).set(clerk)).body as {
        dueBy: string;
        reviewWait: { recordingIds: string[]; dueSoon: boolean };
      };
    const r = await get();
    expect(r.reviewWait).to.deep.equal({ recordingIds: ['R-MIX-1'], dueSoon: false });
    const was = clock;
    try {
      clock = new Date(Date.parse(r.dueBy) - 20 * 3600_000);
      expect((await get()).reviewWait.dueSoon).to.equal(true);
      const list = await t.request.get('/api/v1/requests').set(clerk);
      expect(
        (bodyOf(list, RequestPage).items as { requestId: string; reviewWait: { dueSoon: boolean } }[]).find(
          (x) => x.requestId === requestId,
        )?.reviewWait.dueSoon,
      ).to.equal(true);
    } finally {
      clock = was;
    }
  });

  it('lets a request blocked only by review be answered within its deadline: the decided part released, the rest delayed with its earliest date', async () => {
    await t.request.post(`/api/v1/requests/${requestId}/review`).set(clerk).send({});
    const partial = await t.request.post(`/api/v1/requests/${requestId}/partial-response`).set(clerk).send({
      cause: 'Recording R-MIX-1 waits for counsel on the mixed outcome of case KC-MIX.',
      availableAt: '2026-12-04T12:00:00-06:00',
    });
    expect(partial.status, partial.text).to.equal(200);
    const r = partial.body as { status: string; responses: { answeredRecordingIds: string[]; pendingRecordingIds: string[] }[] };
    expect(r.status).to.equal('partially_responded');
    expect(r.responses[0]).to.deep.include({ answeredRecordingIds: ['R-OK'], pendingRecordingIds: ['R-MIX-1'] });
    // The request still waits for R-MIX-1, so the case keeps its due date in the queue.
    expect((await queue()).items[0]?.requests.map((x) => x.id)).to.deep.equal([requestId]);
  });
});
