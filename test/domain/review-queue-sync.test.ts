/**
 * The review queue's entries and counts are maintained (queue-maintainer.ts), not computed on
 * each read: after every kind of change they must equal a fresh recomputation from the recordings'
 * derived state, the open requests and the review items; a change whose queue update a dead
 * process never made is repaired by the sweep.
 */
import { expect } from 'chai';
import { STALE_MS } from '../../src/domain/derived/derived.service';
import { OPEN_STATUSES } from '../../src/domain/requests/lifecycle';
import type { InReviewRow, OpenRequestRow, QueueEntry, StoredReviewItem } from '../../src/domain/review/ports';
import { bodyKey, computeEntries } from '../../src/domain/review/queue-maintainer';
import type { DbHandle } from '../../src/persistence/connection';
import { BUILT_ID } from '../../src/persistence/models/review-queue.model';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

const clerk = bearer('clerk', 'jdoe');
const prosecutor = bearer('prosecutor', 'ada');
const ingest = bearer('ingest', 'feed');

describe('review queue maintenance', () => {
  let db: DbHandle;
  let t: TestApp;
  const start = new Date('2026-11-20T16:00:00Z');
  let clock = start;
  let requestId = '';

  const put = async (id: string, body: Record<string, unknown>) => {
    const res = await t.request.put(`/api/v1/recordings/${id}`).set(ingest).send(recording(body));
    expect(res.status, res.text).to.be.oneOf([200, 201]);
  };
  const unreviewed = (unit: 'CAM-1' | 'CAM-2', recordedAt: string) => ({
    cameraSerial: unit,
    category: 'non_evidentiary',
    redactionReview: null,
    recordedAt,
  });
  const reviewed = (unit: 'CAM-1' | 'CAM-2', recordedAt: string) => ({ cameraSerial: unit, category: 'non_evidentiary', recordedAt });

  /** The entries and counts a recomputation from scratch gives, against the stored ones. */
  const expectFresh = async (what: string) => {
    const m = t.deps.models;
    const rows = await m.Recording.find({ 'review.inReview': true }, { unit: 1, caseNumbers: 1, recordedAt: 1, review: 1 }).lean<
      InReviewRow[]
    >();
    const open = await m.Request.find({ status: { $in: [...OPEN_STATUSES] } }).lean<OpenRequestRow[]>();
    const said = await m.ReviewItem.find().lean<StoredReviewItem[]>();
    const want = computeEntries(t.deps.services.rules, rows, open, new Map(said.map((i) => [i._id, i])));
    const stored = await m.ReviewEntry.find({ inQueue: true }).lean<QueueEntry[]>();
    const sorted = (pairs: [string, string][]) => pairs.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(sorted(stored.map((e) => [e._id, bodyKey(e)])), `${what}: entries`).to.deep.equal(
      sorted([...want].map(([id, b]) => [id, bodyKey(b)])),
    );
    const counts = new Map<string, [number, number]>();
    const add = (k: string, n: number) => counts.set(k, [(counts.get(k)?.[0] ?? 0) + 1, (counts.get(k)?.[1] ?? 0) + n]);
    for (const b of want.values()) {
      add(`${b.questionId}|`, b.recordingIds.length);
      for (const u of b.unitCounts) add(`${b.questionId}|${u.unit}`, u.n);
    }
    const got = (await m.ReviewCount.find({ _id: { $ne: BUILT_ID } }).lean<{ _id: string; items: number; recordings: number }[]>())
      .filter((c) => c.items !== 0 || c.recordings !== 0)
      .map((c): [string, string] => [c._id, `${c.items}/${c.recordings}`]);
    expect(sorted(got), `${what}: counts`).to.deep.equal(sorted([...counts].map(([k, [i, r]]) => [k, `${i}/${r}`])));
    // Each count's `oldest` is at or before every entry it counts (the queue reads a group's items from it).
    const floor = new Map<string, number>();
    const lower = (k: string, oldest: number) => floor.set(k, Math.min(floor.get(k) ?? Number.POSITIVE_INFINITY, oldest));
    for (const b of want.values()) {
      lower(`${b.questionId}|`, b.oldest);
      for (const u of b.unitCounts) lower(`${b.questionId}|${u.unit}`, b.oldest);
    }
    for (const c of await m.ReviewCount.find({ _id: { $ne: BUILT_ID } }).lean<{ _id: string; items: number; oldest?: number | null }[]>()) {
      if (c.items > 0)
        expect(c.oldest, `${what}: ${c._id} oldest`)
          .to.be.a('number')
          .and.at.most(floor.get(c._id) ?? Number.NaN);
    }
    return want;
  };
  const entryOf = async (itemId: string) => t.deps.models.ReviewEntry.find({ itemId }).lean<QueueEntry[]>();

  before(async () => {
    db = await freshDatabase('review_queue_sync');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    expect((await t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera('Central Patrol'))).status).to.equal(201);
    expect((await t.request.put('/api/v1/cameras/CAM-2').set(ingest).send(camera('East Patrol'))).status).to.equal(201);
    const kc = { offenseClass: 'felony', offenseDate: '2025-02-01', defendants: [{ defendantId: 'A' }, { defendantId: 'B' }] };
    expect((await t.request.put('/api/v1/cases/KC-MIX').set(prosecutor).send(kc)).status).to.equal(201);
    for (const e of [
      { type: 'charged', date: '2025-02-02', defendantId: 'A' },
      { type: 'charged', date: '2025-02-02', defendantId: 'B' },
      { type: 'acquitted', date: '2025-11-01', defendantId: 'A' },
      { type: 'convicted', date: '2025-11-01', defendantId: 'B' },
      { type: 'conviction_final', date: '2026-01-15', defendantId: 'B' },
    ])
      expect((await t.request.post('/api/v1/cases/KC-MIX/events').set(prosecutor).send(e)).status).to.equal(201);
    await put('R-MIX-1', { category: 'arrest', caseNumbers: ['KC-MIX'], recordedAt: '2025-02-01T12:00:00-06:00' });
    await put('R-MIX-2', { category: 'arrest', caseNumbers: ['KC-MIX'], cameraSerial: 'CAM-2', recordedAt: '2025-02-01T13:00:00-06:00' });
    await put('R-A', unreviewed('CAM-1', '2024-06-01T12:00:00-05:00'));
    await put('R-B', unreviewed('CAM-2', '2024-07-01T12:00:00-05:00'));
    await put('R-C', unreviewed('CAM-2', '2024-08-01T12:00:00-05:00'));
    await put('R-OK', { category: 'non_evidentiary' });
  });
  after(async () => db.close());

  it('holds, after the recordings are written, exactly what a recomputation gives', async () => {
    const want = await expectFresh('after the seed');
    expect([...want.values()].map((e) => e.itemId)).to.include.members(['case:KC-MIX', 'recording:R-A', 'recording:R-B']);
  });

  it('follows requests: opened, rescoped, a recording marked not responsive, its due date moved, withdrawn', async () => {
    const opened = await t.request
      .post('/api/v1/requests')
      .set(clerk)
      .send({ receivedAt: '2026-11-19T09:00:00-06:00', requester: { name: 'Star', kind: 'public' }, recordingIds: ['R-A', 'R-MIX-2'] });
    expect(opened.status, opened.text).to.equal(201);
    requestId = (opened.body as { requestId: string }).requestId;
    await expectFresh('request opened');
    expect((await entryOf('recording:R-A'))[0]?.dueBy).to.be.instanceOf(Date);
    expect((await entryOf('case:KC-MIX'))[0]?.requests.map((r) => r.id)).to.deep.equal([requestId]);

    const added = await t.request
      .post(`/api/v1/requests/${requestId}/recordings`)
      .set(clerk)
      .send({ recordingIds: ['R-B'] });
    expect(added.status, added.text).to.equal(200);
    await expectFresh('request rescoped');
    expect((await entryOf('recording:R-B'))[0]?.dueBy).to.be.instanceOf(Date);

    const marked = await t.request
      .post(`/api/v1/requests/${requestId}/not-responsive`)
      .set(clerk)
      .send({ recordingIds: ['R-A'], reason: 'Another incident.' });
    expect(marked.status, marked.text).to.equal(200);
    await expectFresh('marked not responsive');
    expect((await entryOf('recording:R-A'))[0]?.dueBy).to.equal(null);

    // A due date stored under former rules, later than the clock in force: the sweep's repair moves it earlier.
    const R = t.deps.models.Request;
    const before = await R.findById(requestId).lean<{ dueBy: Date }>();
    await R.updateOne(
      { _id: requestId },
      { $set: { dueBy: new Date(before!.dueBy.getTime() + 2 * 86_400_000), 'due.rulesVersion': 'former' } },
    );
    await t.deps.services.reviewQueue.syncRecordings(['R-B']);
    expect(await t.deps.services.requests.repairDueDates(clock)).to.equal(1);
    await expectFresh('due date moved earlier');
    expect((await entryOf('recording:R-B'))[0]?.dueBy?.getTime()).to.equal(before!.dueBy.getTime());
  });

  it('keeps the assignee on the entries, and drops an item whose recording leaves review but keeps its history for its return', async () => {
    expect((await t.request.post('/api/v1/review-items/recording/R-B/assign').set(clerk).send({ assignee: 'jdoe' })).status).to.equal(200);
    expect((await t.request.post('/api/v1/review-items/recording/R-B/comments').set(clerk).send({ text: 'Checking.' })).status).to.equal(
      201,
    );
    await expectFresh('assigned');
    expect((await entryOf('recording:R-B')).map((e) => e.assignee)).to.deep.equal(['jdoe']);

    await put('R-B', reviewed('CAM-2', '2024-07-01T12:00:00-05:00'));
    await expectFresh('R-B reviewed for redactions');
    expect((await entryOf('recording:R-B')).map((e) => e.inQueue)).to.deep.equal([false]);
    const queue = await t.request.get('/api/v1/review-queue').set(clerk);
    expect((queue.body as { items: { id: string }[] }).items.map((i) => i.id)).to.not.include('recording:R-B');

    await put('R-B', unreviewed('CAM-2', '2024-07-01T12:00:00-05:00'));
    await expectFresh('R-B back in review');
    const back = (
      (await t.request.get('/api/v1/review-queue?unit=East%20Patrol').set(clerk)).body as {
        items: { id: string; assignee: string | null; comments: { text: string }[] }[];
      }
    ).items;
    expect(back.find((i) => i.id === 'recording:R-B')).to.deep.include({ assignee: 'jdoe' });
    expect(back.find((i) => i.id === 'recording:R-B')?.comments.map((c) => c.text)).to.deep.equal(['Checking.']);

    expect((await t.request.post(`/api/v1/requests/${requestId}/withdraw`).set(clerk).send({})).status).to.equal(200);
    await expectFresh('request withdrawn');
    expect((await entryOf('recording:R-B'))[0]?.dueBy).to.equal(null);
  });

  it('is repaired by the sweep when a process died between the derived write and the queue update, or left a count off', async () => {
    const { services, models } = t.deps;
    // The dead writer: its refresh intent is open, the recording's derived state written, the queue never told.
    await services.stores.journal.open({ _id: 'put-dead', recordingIds: ['R-C'], caseNumber: null, at: clock });
    await services.derived.withoutFollower(() => put('R-C', reviewed('CAM-2', '2024-08-01T12:00:00-05:00')));
    expect(
      (await entryOf('recording:R-C')).map((e) => e.inQueue),
      'stale until repaired',
    ).to.deep.equal([true]);
    // And a count a process left off (it died between an entry's write and its $inc).
    await models.ReviewCount.updateOne({ _id: { $ne: BUILT_ID } }, { $inc: { items: 3 } });

    clock = new Date(start.getTime() + STALE_MS + 60_000);
    await services.derived.sweep(clock);
    await services.reviewQueue.sweep(clock);
    await expectFresh('after the sweep');
    expect((await entryOf('recording:R-C')).map((e) => e.inQueue)).to.deep.equal([false]);
  });

  it('builds an empty queue for the seed with its indexes built after the inserts, to what a recomputation gives, and rebuilds a queue with entries as before', async () => {
    const { services, models } = t.deps;
    const indexNames = async () => (await models.ReviewEntry.collection.indexes()).map((i) => i.name).sort();
    const every = await indexNames();
    expect(every).to.include.members(['queue_order', 'queue_age', 'queue_recording', 'queue_item']);
    await models.ReviewEntry.deleteMany({});
    await models.ReviewCount.deleteMany({});
    await services.reviewQueue.buildEmpty(clock);
    await expectFresh('after the seed build');
    expect(await services.stores.review.built()).to.equal(true);
    expect(await indexNames()).to.deep.equal(every);
    // With entries there, nothing is dropped: the rebuild's reads need the indexes.
    expect(await services.stores.review.deferIndexes()).to.equal(false);
    await models.ReviewCount.deleteMany({});
    await services.reviewQueue.buildEmpty(clock);
    await expectFresh('after a build over a queue with entries');
    expect(await indexNames()).to.deep.equal(every);
  });

  it('builds the entries of a catalog older than them once, in the sweep', async () => {
    const { services, models } = t.deps;
    await models.ReviewEntry.deleteMany({});
    await models.ReviewCount.deleteMany({});
    await services.reviewQueue.sweep(clock);
    await expectFresh('after the first build');
  });
});
