import { expect } from 'chai';
import type { RecordingScans } from '../../src/domain/catalog/ports';
import { drain } from '../../src/domain/retention/report-format';
import { sweep } from '../../src/domain/services';
import { RetentionReportService } from '../../src/domain/retention/retention-report.service';
import type { RetentionSummary } from '../../src/domain/retention/retention-summary';
import { type Tally, reconcileAll, recordingsInReview, tallyOf } from '../../src/domain/retention/retention-tally';
import type { StoredRecording } from '../../src/domain/catalog/records';
import type { DbHandle } from '../../src/persistence/connection';
import { GC_AFTER_MS, REPAIR_AFTER_MS, cellId } from '../../src/persistence/stores/retention-tallies.store';
import { type TestApp, bearer, makeTestApp } from '../support/app';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

const ingest = bearer('ingest', 'feed');
const admin = bearer('admin', 'records-officer');
const auditor = bearer('auditor', 'city-auditor');
const prosecutor = bearer('prosecutor', 'ada');
const clerk = bearer('clerk', 'jdoe');
let seq = 0;
const sha = () => (++seq).toString(16).padStart(64, '0');

describe('the retention summary read from maintained counts', () => {
  let db: DbHandle;
  let t: TestApp;
  let clock = new Date('2026-11-20T18:00:00Z');
  /** The summary service with a catalog pass that fails: the summary at now must come from the counts. */
  let counted: RetentionReportService;
  let full: RetentionReportService;

  const put = async (id: string, overrides: Record<string, unknown>) => {
    const res = await t.request
      .put(`/api/v1/recordings/${id}`)
      .set(ingest)
      .send(recording({ sha256: sha(), ...overrides }));
    expect(res.status, res.text).to.be.oneOf([200, 201]);
  };
  const ok = async (res: Promise<{ status: number; text: string; body: unknown }>, status = 201) => {
    const r = await res;
    expect(r.status, r.text).to.equal(status);
    return r.body as Record<string, unknown>;
  };
  const tallies = () => t.deps.services.stores.tallies;

  const QUERIES = [
    {},
    { unit: 'Metro Patrol' },
    { status: 'retain' as const },
    { category: 'non_evidentiary' as const },
    { status: 'indefinite' as const },
  ];

  /**
   * The counts' summary equals a full recomputation from the catalog, and their count of the
   * recordings in review (the review queue's dashboard) a count through the in_review index,
   * before and after the tally job runs.
   */
  async function expectFresh(why: string): Promise<RetentionSummary> {
    let first: RetentionSummary | null = null;
    for (const settled of [false, true]) {
      if (settled) await reconcileAll(tallies());
      expect(await recordingsInReview(tallies(), 3000), `${why}: recordings in review`).to.equal(
        await t.deps.services.stores.review.countInReview(),
      );
      for (const q of QUERIES) {
        const fromCounts = await counted.summary(q, clock);
        const recomputed = await drain(full.batches(q, clock));
        expect(fromCounts, `${why}${settled ? ', counts settled' : ', counts not settled'}: ${JSON.stringify(q)}`).to.deep.equal(
          recomputed,
        );
        first ??= fromCounts;
      }
    }
    if (!first) throw new Error('no summary');
    return first;
  }

  before(async () => {
    db = await freshDatabase('retention_tallies');
    t = await makeTestApp(db, undefined, undefined, () => clock);
    const { stores, gatherer } = t.deps.services;
    const rules = () => t.deps.services.rules;
    const noPass: RecordingScans = {
      ...stores.scans,
      forReport: () => {
        throw new Error('the summary at now read the whole catalog');
      },
    };
    counted = new RetentionReportService(noPass, gatherer, rules, stores.tallies);
    full = new RetentionReportService(stores.scans, gatherer, rules);
    await ok(t.request.put('/api/v1/cameras/CAM-1').set(ingest).send(camera('Central Patrol')));
    await ok(t.request.put('/api/v1/cameras/CAM-2').set(ingest).send(camera('Metro Patrol')));
    await put('NE-OLD', { category: 'non_evidentiary', recordedAt: '2026-03-01T10:00:00-06:00' });
    await put('NE-NEW', { category: 'non_evidentiary', recordedAt: '2026-10-01T10:00:00-05:00', cameraSerial: 'CAM-2' });
    await put('NE-SOON', { category: 'non_evidentiary', recordedAt: '2026-05-30T10:00:00-05:00', cameraSerial: 'CAM-2' });
    await put('UOF-1', { category: 'use_of_force', recordedAt: '2024-06-01T10:00:00-05:00' });
    await put('UNC-OLD', { category: 'unclassified', recordedAt: '2026-09-01T10:00:00-05:00' });
    await ok(
      t.request
        .put('/api/v1/cases/KC-T1')
        .set(prosecutor)
        .send({ offenseClass: 'felony', offenseDate: '2025-01-01', defendants: [{ defendantId: 'D1' }] }),
    );
    await put('CASE-1', { category: 'investigation', recordedAt: '2025-01-01T10:00:00-06:00', caseNumbers: ['KC-T1'] });
    await put('CASE-2', { category: 'traffic', recordedAt: '2025-01-01T10:00:00-06:00', caseNumbers: ['KC-T1'], cameraSerial: 'CAM-2' });
  });
  after(async () => db.close());

  it('counts a new catalog exactly as the full pass does, without reading the catalog', async () => {
    expect(await tallies().ready()).to.equal(true);
    const s = await expectFresh('new recordings');
    expect(s.total).to.equal(7);
    expect(s.byStatus.eligible_for_destruction).to.equal(1);
    expect(s.byStatus.indefinite).to.equal(2);
    expect(s.eligibleByMonth.reduce((a, m) => a + m.count, 0)).to.be.greaterThan(0);
    // Settled: nothing left to correct for.
    expect(await tallies().unsettled(clock, t.deps.services.rules.rulesVersion, 100, new Date(0))).to.deep.equal([]);
  });

  it('stays exact through a case event, a hold placed and released, a request opened and withdrawn, and a destruction', async () => {
    await ok(t.request.post('/api/v1/cases/KC-T1/events').set(prosecutor).send({ type: 'declined', date: '2025-03-01' }));
    await expectFresh('case declined');

    const hold = await ok(
      t.request
        .post('/api/v1/holds')
        .set(auditor)
        .send({ recordingIds: ['NE-OLD', 'NE-NEW'], reason: 'litigation', authority: 'Smith v. KCPD' }),
    );
    expect((await expectFresh('hold placed')).byStatus.held).to.equal(2);
    await ok(
      t.request
        .post(`/api/v1/holds/${String(hold.id)}/release`)
        .set(auditor)
        .send({ reason: 'Settled' }),
      200,
    );
    expect((await expectFresh('hold released')).byStatus.held).to.equal(0);

    const request = await ok(
      t.request
        .post('/api/v1/requests')
        .set(clerk)
        .send({ receivedAt: '2026-11-19T10:00:00-06:00', requester: { name: 'A Reporter', kind: 'public' }, recordingIds: ['NE-OLD'] }),
    );
    const open = await expectFresh('request opened');
    expect(open.keptWhileRequestOpen).to.equal(1);
    await ok(
      t.request
        .post(`/api/v1/requests/${String(request.requestId)}/withdraw`)
        .set(clerk)
        .send({}),
      200,
    );
    await expectFresh('request withdrawn');

    clock = new Date('2028-12-01T18:00:00Z');
    const before = await expectFresh('two years on');
    expect(before.byStatus.eligible_for_destruction).to.be.greaterThan(0);
    await ok(
      t.request
        .post('/api/v1/recordings/NE-OLD/destruction')
        .set(admin)
        .send({ authority: 'Disposition list 2028-12', performedAt: '2028-12-01T09:00:00-06:00' }),
    );
    const after = await expectFresh('destroyed');
    expect(after.byStatus.destroyed).to.equal(1);
  });

  it('stays exact while time passes a retain-until before the sweep re-decides it, and after', async () => {
    const before = await counted.summary({}, clock);
    clock = new Date('2030-02-01T18:00:00Z');
    // UOF-1's five years ended in 2029: its stored status still says retain until the sweep runs.
    const passed = await expectFresh('retain-until passed, not swept');
    expect(passed.recomputed).to.be.greaterThan(0);
    expect(passed.byStatus.retain).to.be.lessThan(before.byStatus.retain);
    await sweep(t.deps.services, clock);
    expect((await expectFresh('swept')).recomputed).to.equal(0);
  });

  it('repairs a move its writer left half done: the counts read it in memory, the reconcile finishes it once', async () => {
    await put('NE-LATE', { category: 'non_evidentiary', recordedAt: '2030-01-20T10:00:00-06:00' });
    // A writer that decided the move, applied it to one cell of two, and died.
    const R = t.deps.models.Recording.db.collection<StoredRecording>('recordings');
    const doc = await R.findOne({ _id: 'NE-LATE' });
    if (!doc) throw new Error('NE-LATE missing');
    const opId = `T${String(Date.now() - REPAIR_AFTER_MS - 60_000).padStart(15, '0')}-deadbeef`;
    const to = tallyOf(doc);
    expect(to?.fields).to.deep.equal(['s_retain', 'm_2030-07']);
    const C = t.deps.models.RetentionTally.db.collection<{ _id: string; c: Record<string, number>; ops: string[] }>('retention_tallies');
    const retained = async () => (await C.findOne({ _id: cellId('Central Patrol', 'non_evidentiary') }))?.c.s_retain ?? 0;
    // Stored uncounted, as recordings stored before the counts existed (or by a raw seed) are: the
    // recordings store counts its own inserts as they go in.
    await R.updateOne({ _id: 'NE-LATE' }, { $set: { tally: null, tallyDirty: true } });
    await C.updateOne({ _id: cellId('Central Patrol', 'non_evidentiary') }, { $inc: { 'c.s_retain': -1, 'c.m_2030-07': -1 } });
    const before = await retained();
    const halfDone = { $set: { tally: { key: to, v: 1, op: { id: opId, rev: doc.rev, from: null, to } } } };
    await R.updateOne({ _id: 'NE-LATE' }, halfDone);
    expect(await retained()).to.equal(before);
    // expectFresh runs the reconcile after its first round, which finishes the move.
    await expectFresh('a move half done');
    expect(await retained()).to.equal(before + 1);
    expect(await R.countDocuments({ 'tally.op.id': opId })).to.equal(0);
    // A second writer retrying the same move (it read the recording before the first finished) changes nothing.
    await R.updateOne({ _id: 'NE-LATE' }, { ...halfDone, $set: { ...halfDone.$set, tallyDirty: true } });
    await tallies().reconcile(1000);
    expect(await retained()).to.equal(before + 1);
    expect(await R.countDocuments({ 'tally.op.id': opId })).to.equal(0);
    await expectFresh('the move finished');
  });

  it('counts a new recording as it goes in, so the tally job has nothing to move for it', async () => {
    await put('NE-COUNTED', { category: 'non_evidentiary', recordedAt: '2030-02-20T10:00:00-06:00' });
    const R = t.deps.models.Recording.db.collection<StoredRecording & { tally: { key: unknown; j?: string }; tallyDirty: boolean }>(
      'recordings',
    );
    const doc = await R.findOne({ _id: 'NE-COUNTED' });
    expect(doc?.tallyDirty).to.equal(false);
    expect(doc?.tally.key).to.deep.equal(tallyOf(doc!));
    expect(await t.deps.models.RetentionTallyJournal.countDocuments()).to.equal(0);
    expect(await tallies().dirty(100)).to.deep.equal([]);
    await expectFresh('a recording counted as it went in');
  });

  it('reads an insert batch its writer left in memory, moves none of its recordings meanwhile, and finishes it once when it is old', async () => {
    const sha256 = sha();
    await put('NE-BATCH', { category: 'non_evidentiary', recordedAt: '2030-03-20T10:00:00-05:00', sha256 });
    const R = t.deps.models.Recording.db.collection<StoredRecording & { tally: { key: Tally; j?: string }; tallyDirty: boolean }>(
      'recordings',
    );
    const C = t.deps.models.RetentionTally.db.collection<{ _id: string; c: Record<string, number>; ops: string[] }>('retention_tallies');
    const J = t.deps.models.RetentionTallyJournal;
    const cell = cellId('Central Patrol', 'non_evidentiary');
    const month = async () => (await C.findOne({ _id: cell }))?.c['m_2030-09'] ?? 0;
    const key = (await R.findOne({ _id: 'NE-BATCH' }))!.tally.key;
    expect(key.fields).to.include('m_2030-09');
    // A writer that inserted the batch and died before the cells had its counts.
    const young = `T${String(Date.now()).padStart(15, '0')}-cafef00d`;
    await C.updateOne({ _id: cell }, { $inc: Object.fromEntries(key.fields.map((f) => [`c.${f}`, -1])) });
    await R.updateOne({ _id: 'NE-BATCH' }, { $set: { 'tally.j': young } });
    await J.create({ _id: young, ids: ['NE-BATCH'] });
    const before = await month();
    // A change meanwhile: the recording is not moved while its batch is in flight; the counts stay exact.
    await put('NE-BATCH', { category: 'traffic', recordedAt: '2030-03-20T10:00:00-05:00', sha256 });
    await expectFresh('an insert batch in flight, one of its recordings changed');
    const waiting = await R.findOne({ _id: 'NE-BATCH' });
    expect(waiting?.tally.j).to.equal(young);
    expect(waiting?.tallyDirty).to.equal(true);
    expect(await month()).to.equal(before);
    // Left long enough to be a dead writer's: the reconcile finishes the batch, then moves the recording.
    const old = `T${String(Date.now() - REPAIR_AFTER_MS - 60_000).padStart(15, '0')}-cafef00d`;
    await J.deleteOne({ _id: young });
    await J.create({ _id: old, ids: ['NE-BATCH'] });
    await R.updateOne({ _id: 'NE-BATCH' }, { $set: { 'tally.j': old } });
    await reconcileAll(tallies());
    expect(await J.countDocuments()).to.equal(0);
    const moved = await R.findOne({ _id: 'NE-BATCH' });
    expect(moved?.tallyDirty).to.equal(false);
    expect(moved?.tally.key).to.deep.equal(tallyOf(moved!));
    // Counted once under what it went in with, then moved out of it.
    expect(await month()).to.equal(before);
    expect((await C.findOne({ _id: cell }))?.ops).to.include(old);
    await expectFresh('the insert batch finished');
  });

  it('forgets applied op ids once they are older than GC_AFTER_MS, in the reconcile, and keeps younger ones as guards', async () => {
    const C = t.deps.models.RetentionTally.db.collection<{ _id: string; ops: string[] }>('retention_tallies');
    const cell = cellId('Central Patrol', 'non_evidentiary');
    const at = (ms: number) => `T${String(ms).padStart(15, '0')}-0ddba11`;
    const old = at(Date.now() - GC_AFTER_MS - 60_000);
    const young = at(Date.now() - GC_AFTER_MS + 60_000);
    await C.updateOne({ _id: cell }, { $push: { ops: { $each: [old, young] } } });
    await tallies().reconcile(1000);
    const ops = (await C.findOne({ _id: cell }))?.ops ?? [];
    expect(ops).to.not.include(old);
    expect(ops).to.include(young);
    await expectFresh('old op ids forgotten');
  });

  it('leaves out of its corrections a recording kept past its schedule (not reviewed) whose retain-until passed before this month, so a catalog of them never forces the full pass', async () => {
    await put('NE-UNREVIEWED-OLD', { category: 'non_evidentiary', recordedAt: '2024-01-10T10:00:00-06:00', redactionReview: null });
    await reconcileAll(tallies());
    const R = t.deps.models.Recording.db.collection<StoredRecording>('recordings');
    const stored = await R.findOne({ _id: 'NE-UNREVIEWED-OLD' });
    expect(stored?.retention?.status).to.equal('retain');
    expect(stored?.retention?.retainUntil?.getTime()).to.be.lessThan(clock.getTime());
    const chartFrom = new Date('2030-02-01T06:00:00Z');
    const unsettled = await tallies().unsettled(clock, t.deps.services.rules.rulesVersion, 100, chartFrom);
    expect(unsettled?.map((d) => d._id)).to.not.include('NE-UNREVIEWED-OLD');
    await expectFresh('a recording kept past its schedule');
  });

  it('counts every recording again when the counts were kept under an older format (before `rv`), and until then does not answer from them', async () => {
    const C = t.deps.models.RetentionTally.db.collection<{ _id: string }>('retention_tallies');
    const inReview = await t.deps.services.stores.review.countInReview();
    expect(inReview).to.be.greaterThan(0);
    // As stored before the format existed: no `rv` in the counts nor in the recordings' tallies, the marker without a format.
    await C.updateMany({}, { $unset: { 'c.rv': '', format: '' } });
    const R = t.deps.models.Recording.db.collection<{ _id: string; tally?: { key: { fields: string[] } | null } }>('recordings');
    await R.updateMany({ 'tally.key.fields': 'rv' }, { $pull: { 'tally.key.fields': 'rv' } });
    expect(await tallies().ready()).to.equal(false);
    expect(await recordingsInReview(tallies(), 3000)).to.equal(null);
    // The review queue's summary still answers, through the index.
    expect((await t.deps.services.review.summary(clock, 86_400_000)).recordings).to.equal(inReview);
    await tallies().backfill();
    expect(await tallies().ready()).to.equal(true);
    await expectFresh('recounted under the new format');
    expect(await recordingsInReview(tallies(), 3000)).to.equal(inReview);
  });
});
