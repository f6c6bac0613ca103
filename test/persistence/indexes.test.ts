/**
 * Each hot query is answered from an index on the embedded engine (FerretDB v2 + DocumentDB),
 * proven with the engine's own plan rather than assumed. FerretDB returns PostgreSQL's plan
 * under `queryPlanner.Plan`; a node reads `Index Scan`, `Index Only Scan` or `Bitmap Index Scan`
 * when an index serves it, with the index's name. The name is asserted, not just the node type:
 * DocumentDB can answer a filter through a bitmap scan of `_id_` when the right index is missing,
 * which is a scan of the whole collection in disguise. On a few rows the planner rightly prefers a
 * sequential scan, so the collections hold thousands of documents first.
 */
import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import type { RecordingFilter, RecordingOrder } from '../../src/domain/catalog/ports';
import { createModels, ensureSchema } from '../../src/persistence/models';
import { AUDIT_TARGET_INDEX } from '../../src/persistence/models/audit.model';
import { recordingSearch } from '../../src/persistence/stores/recording-search';
import {
  BACKLOG_INDEX,
  CONFLICT_INDEX,
  UNKNOWN_INDEX,
  VERSIONS_INDEX,
  backlogFilter,
  conflictFilter,
  decidedUnderOtherFilter,
  dueBranches,
} from '../../src/persistence/stores/recording-scans.store';
import { reviewStore } from '../../src/persistence/stores/review.store';
import { staleBranches } from '../../src/persistence/stores/retention-tallies.store';
import { NO_DUE } from '../../src/domain/review/queue-maintainer';
import { freshDatabase, testDb } from '../support/db';

const N = 6000;
type PlanNode = { 'Node Type'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

/** Every node type and index name in a PostgreSQL plan tree. */
function walk(node: PlanNode | undefined, out: { types: string[]; indexes: string[] } = { types: [], indexes: [] }) {
  if (!node) return out;
  if (node['Node Type']) out.types.push(node['Node Type']);
  if (node['Index Name']) out.indexes.push(node['Index Name']);
  for (const child of node.Plans ?? []) walk(child, out);
  return out;
}

describe('indexes on the embedded engine (explain)', () => {
  let db: DbHandle;
  let models: ReturnType<typeof createModels>;
  const day = (i: number) => new Date(Date.UTC(2022, 0, 1) + i * 3_600_000);

  async function plan(
    collection: 'recordings' | 'requests' | 'audit' | 'decisions' | 'review_queue',
    filter: Record<string, unknown>,
    sort?: Record<string, 1 | -1>,
    opts: { limit?: number; hint?: string } = {},
  ) {
    const cursor = models.Recording.db.collection(collection).find(filter);
    if (sort) cursor.sort(sort);
    if (opts.hint) cursor.hint(opts.hint);
    const limit = opts.limit ?? 50;
    if (limit) cursor.limit(limit);
    const explained = (await cursor.explain()) as { queryPlanner?: { Plan?: PlanNode } };
    const found = walk(explained.queryPlanner?.Plan);
    return { ...found, scanned: found.types.includes('Seq Scan') };
  }

  before(async function () {
    this.timeout(120_000);
    db = await freshDatabase('indexes');
    models = createModels(db.connection);
    await ensureSchema(models);
    const recordings = Array.from({ length: N }, (_, i) => ({
      _id: `R-${String(i).padStart(6, '0')}`,
      cameraSerial: `CAM-${i % 300}`,
      officerId: `O-${i % 500}`,
      unit: `Unit ${i % 12}`,
      category: ['traffic', 'arrest', 'non_evidentiary', 'use_of_force', 'unclassified'][i % 5],
      recordedAt: day(i),
      caseNumbers: i % 3 === 0 ? [`KC-${i % 1500}`] : [],
      reviewAt: day(i + 40_000),
      retention: {
        status: ['retain', 'held', 'eligible_for_destruction', 'indefinite'][i % 4],
        retainUntil: day(i + 20_000),
        // The conflicts list's key: on the blocked recordings whose schedule alone has an end.
        ...(i % 8 === 1 ? { conflictFrom: day(i + 100) } : {}),
      },
      release: {
        outcome: ['release', 'withhold', 'withhold', 'needs_legal_review', 'release', 'withhold', 'release'][i % 7],
        rulesVersion: 'r-2',
        engineVersion: 'e-2',
        // The unknown-cases report's key: on the few recordings linked to a case the catalog does not hold.
        ...(i % 60 === 3 ? { unknownCases: [`KC-U${i % 7}`] } : {}),
      },
      destruction: i % 50 === 0 ? { performedAt: day(i + 30_000) } : null,
      // The retention counts: a few recordings written since the tally job ran, fewer with a move in progress.
      tallyDirty: i % 97 === 0,
      tally:
        i % 997 === 0
          ? { key: null, v: 1, op: { id: `T${String(day(i).getTime()).padStart(15, '0')}-x${i}`, rev: 0, from: null, to: null } }
          : { key: null, v: 0 },
      review:
        i % 20 === 0
          ? { inReview: true, kinds: ['public'], missingFacts: ['recording.redactionReview'], questionIds: ['recording.redactionReview'] }
          : { inReview: false, kinds: [], missingFacts: [], questionIds: [] },
    }));
    const raw = db.connection.db;
    if (!raw) throw new Error('not connected');
    await raw.collection<{ _id: string }>('recordings').insertMany(recordings);
    await raw.collection<{ _id: string }>('requests').insertMany(
      Array.from({ length: N }, (_, i) => ({
        _id: `REQ-${i}`,
        status: ['received', 'in_review', 'responded', 'withdrawn'][i % 4],
        dueBy: day(i),
        recordingIds: [`R-${String(i).padStart(6, '0')}`],
      })),
    );
    await raw.collection<{ _id: number }>('audit').insertMany(
      Array.from({ length: N }, (_, i) => ({
        _id: i + 1,
        at: day(i),
        action: 'GET /x',
        actor: { sub: `u${i % 50}` },
        targets: [`R-${i}`],
        targetKeys: [`R-${i}`],
      })),
    );
    await raw.collection<{ _id: string }>('decisions').insertMany(
      Array.from({ length: N }, (_, i) => ({
        _id: `DEC-${i}`,
        recordingId: `R-${String(i % 1000).padStart(6, '0')}`,
        createdAt: day(i),
      })),
    );
    // The review queue's entries: 12 questions, 12 units, a few items due (an open request waits), a few assigned, some left the queue.
    await raw.collection<{ _id: string }>('review_queue').insertMany(
      Array.from({ length: N }, (_, i) => {
        const ref = `R-${String(i).padStart(6, '0')}`;
        const unit = `Unit ${i % 12}`;
        const due = i % 40 === 0 ? day(i).getTime() : NO_DUE;
        return {
          _id: `recording:${ref}#q${i % 12}`,
          itemId: `recording:${ref}`,
          kind: 'recording',
          ref,
          questionId: `q${i % 12}`,
          answeredBy: 'clerk',
          inQueue: i % 10 !== 0,
          questions: [],
          requesterKinds: ['public'],
          recordingIds: [ref],
          units: [unit],
          unitCounts: [{ unit, n: 1 }],
          caseNumbers: i % 3 === 0 ? [`KC-${i % 1500}`] : [],
          requests: [],
          dueBy: due === NO_DUE ? null : new Date(due),
          dueSort: due,
          oldestRecordedAt: day(i),
          oldest: day(i).getTime(),
          assigned: i % 25 === 0,
          assignee: i % 25 === 0 ? 'jdoe' : null,
          rev: 1,
        };
      }),
    );
    // The plans of a loaded database: autovacuum would gather these statistics a minute or two later.
    testDb().analyze();
  });
  after(async () => db.close());

  it('reads a recording by id through the _id index', async () => {
    const p = await plan('recordings', { _id: 'R-001234' });
    expect(
      p.indexes.some((name) => ['_id_'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds the recordings of a case number through an index', async () => {
    const p = await plan('recordings', { caseNumbers: 'KC-42' });
    expect(
      p.indexes.some((name) => ['caseNumbers_1__id_1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it("finds a camera's recordings in a time window through an index", async () => {
    const p = await plan('recordings', { cameraSerial: 'CAM-7', recordedAt: { $gte: day(100), $lt: day(2000) } }, { recordedAt: 1 });
    expect(
      p.indexes.some((name) => ['cameraSerial_1_recordedAt_1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds recordings by retention status and retain-until through an index', async () => {
    const p = await plan('recordings', { 'retention.status': 'eligible_for_destruction', 'retention.retainUntil': { $lte: day(20_100) } });
    expect(
      p.indexes.some((name) => ['retention.status_1_retention.retainUntil_1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds recordings due for review through the reviewAt index', async () => {
    const p = await plan('recordings', { reviewAt: { $lte: day(40_050) } }, { reviewAt: 1 });
    expect(
      p.indexes.some((name) => ['reviewAt_1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('lists open requests by due date through an index', async () => {
    const p = await plan('requests', { status: { $in: ['received', 'in_review'] }, dueBy: { $lt: day(300) } }, { dueBy: 1 });
    expect(
      p.indexes.some((name) => ['status_1_dueBy_1', 'dueBy_1__id_1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds unclassified recordings older than a cutoff through the partial unclassified index', async () => {
    const p = await plan('recordings', { category: 'unclassified', destruction: null, recordedAt: { $lt: day(500) } });
    expect(
      p.indexes.some((name) => ['unclassified_recordedAt'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('pages the recordings blocked after their schedule ran (the conflicts list), by windows of the key, also by unit and past a cursor, and counts them, through the partial conflict_candidates index', async () => {
    for (const [unit, range, more] of [
      [undefined, { $lte: day(3000) }, {}],
      ['Unit 5', { $lte: day(3000) }, {}],
      [undefined, { $gte: day(1601), $lte: day(1601) }, { _id: { $gt: 'R-001501' } }],
      [undefined, { $gt: day(1601), $lt: day(1608) }, {}],
      ['Unit 5', { $gte: day(1500), $lt: day(1514) }, {}],
    ] as const) {
      const filter = conflictFilter({ unit }, range, more);
      for (const limit of [51, 0]) {
        const p = await plan('recordings', filter, limit ? { 'retention.conflictFrom': 1, _id: 1 } : undefined, {
          limit,
          hint: CONFLICT_INDEX,
        });
        expect(p.indexes, JSON.stringify({ filter, p })).to.include(CONFLICT_INDEX);
        expect(p.scanned).to.equal(false);
      }
    }
  });
  it('pages the classification backlog oldest first, also by unit and past a cursor, and counts it, through the partial unclassified index', async () => {
    for (const [unit, range] of [
      [undefined, { $lt: day(3000) }],
      ['Unit 4', { $lt: day(3000) }],
      [undefined, { $gte: day(1500), $lte: day(1500) }],
      [undefined, { $gt: day(1500), $lt: day(3000) }],
    ] as const) {
      for (const limit of [51, 0]) {
        const filter = backlogFilter({ unit }, range);
        const p = await plan('recordings', filter, limit ? { category: 1, recordedAt: 1 } : undefined, { limit, hint: BACKLOG_INDEX });
        expect(p.indexes, JSON.stringify({ filter, p })).to.include(BACKLOG_INDEX);
        expect(p.scanned).to.equal(false);
      }
    }
  });
  it('finds recordings destroyed in a period through the partial destruction index', async () => {
    const p = await plan('recordings', { 'destruction.performedAt': { $gte: day(30_000), $lt: day(30_500) } });
    expect(
      p.indexes.some((name) => ['destroyed_performedAt'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds the recordings in review (the review queue), also by unit, through the partial in_review index', async () => {
    // The review queue's rebuild walks every recording in review (no limit), and its dashboard counts them.
    for (const filter of [{ 'review.inReview': true }, { 'review.inReview': true, unit: 'Unit 4' }]) {
      const p = await plan('recordings', filter, undefined, { limit: 0 });
      expect(
        p.indexes.some((name) => ['in_review'].includes(name)),
        JSON.stringify(p),
      ).to.equal(true);
      expect(p.scanned).to.equal(false);
    }
  });
  it('finds the recordings the retention counts have not taken in yet through the partial tally_dirty index', async () => {
    const p = await plan('recordings', { tallyDirty: true }, undefined, { limit: 3001 });
    expect(p.indexes, JSON.stringify(p)).to.include('tally_dirty');
    expect(p.scanned).to.equal(false);
  });
  it('finds the moves of the retention counts in progress, by id and older than a moment, through the partial tally_op index', async () => {
    for (const filter of [
      { 'tally.op.id': { $exists: true } },
      { 'tally.op.id': `T${String(day(997).getTime()).padStart(15, '0')}-x997` },
      { 'tally.op.id': { $exists: true, $lt: `T${String(day(3000).getTime()).padStart(15, '0')}` } },
    ]) {
      const p = await plan('recordings', filter, undefined, { limit: 0 });
      expect(p.indexes, JSON.stringify({ filter, p })).to.include('tally_op');
      expect(p.scanned).to.equal(false);
    }
  });
  it('lists the recordings linked to unknown cases through the partial unknown_cases index, and asks whether any state is out of date through the versions index', async () => {
    const p = await plan(
      'recordings',
      { 'release.unknownCases': { $exists: true } },
      { 'release.unknownCases': 1, _id: 1 },
      {
        limit: 0,
        hint: UNKNOWN_INDEX,
      },
    );
    expect(p.indexes, JSON.stringify(p)).to.include(UNKNOWN_INDEX);
    expect(p.scanned).to.equal(false);
    const stale = await plan('recordings', decidedUnderOtherFilter({ rulesVersion: 'r-2', engineVersion: 'e-2' }), undefined, {
      limit: 1,
      hint: VERSIONS_INDEX,
    });
    expect(stale.indexes, JSON.stringify(stale)).to.include(VERSIONS_INDEX);
    expect(stale.scanned).to.equal(false);
  });
  it('finds the recordings whose stored state is out of date (the sweep re-decides them, the summary recomputes them) branch by branch, each through its index', async () => {
    const branches = [
      ...staleBranches(day(40_050), 'r-2', day(20_000)),
      ...dueBranches(day(40_050), { rulesVersion: 'r-2', engineVersion: 'e-2' }),
    ];
    for (const b of branches) {
      const p = await plan('recordings', b.filter, undefined, { limit: 3001, hint: b.hint });
      expect(p.indexes, JSON.stringify({ b, p })).to.include(b.hint);
      expect(p.scanned).to.equal(false);
    }
    expect(new Set(branches.map((b) => b.hint))).to.deep.equal(
      new Set(['reviewAt_1', 'release.rulesVersion_1_release.engineVersion_1', 'retention.status_1_retention.retainUntil_1']),
    );
  });
  it("reads the review queue's page, its groups' heads, a case's or request's items and the dashboard's counts through the queue's indexes", async function () {
    this.timeout(60_000);
    const sent: { method: string; filter: Record<string, unknown>; sort?: Record<string, 1 | -1>; hint?: string }[] = [];
    models.ReviewEntry.db.set(
      'debug',
      (
        coll: string,
        method: string,
        filter: Record<string, unknown>,
        options: { sort?: Record<string, 1 | -1>; hint?: string } | undefined,
      ) => {
        if (coll === 'review_queue' && ['find', 'findOne', 'countDocuments'].includes(method))
          sent.push({ method, filter, sort: options?.sort, hint: options?.hint });
      },
    );
    try {
      const store = reviewStore(models);
      const after = { dueSort: NO_DUE, oldest: day(3000).getTime(), id: 'recording:R-003000#q0' };
      for (const f of [{}, { unit: 'Unit 3' }]) {
        await store.groupHeads('q0', f);
        await store.entriesAfter('q0', null, f, 51);
        await store.entriesAfter('q0', after, f, 51);
      }
      await store.entriesWhere({ caseNumber: 'KC-42' }, 20_000);
      await store.entriesWhere({ recordingIds: ['R-000042', 'R-000043'], unit: 'Unit 6' }, 20_000);
      await store.itemIdsHolding(['R-000042', 'R-000043']);
      await store.countDue(day(0).getTime(), day(400).getTime());
      await store.countAssigned();
    } finally {
      models.ReviewEntry.db.set('debug', false);
    }
    expect(sent.length).to.be.greaterThan(10);
    // The page reads name their index (the store's hint), as the service sends them.
    expect(sent.filter((q) => q.method !== 'countDocuments' && q.hint?.startsWith('queue_')).length).to.be.greaterThan(8);
    for (const q of sent) {
      const p = await plan('review_queue', q.filter, q.sort, {
        limit: q.method === 'countDocuments' ? 0 : 51,
        ...(q.hint ? { hint: q.hint } : {}),
      });
      const why = `${JSON.stringify(q)} -> ${JSON.stringify(p)}`;
      expect(p.scanned, why).to.equal(false);
      expect(p.indexes.filter((i) => i.startsWith('queue_')).length, why).to.be.greaterThan(0);
    }
  });
  it('pages the audit trail by sequence through the _id index', async () => {
    const p = await plan('audit', { _id: { $gt: 5900 } }, { _id: 1 });
    expect(
      p.indexes.some((name) => ['_id_'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('pages the audit trail newest first through the _id index', async () => {
    const p = await plan('audit', { _id: { $lt: 5900 } }, { _id: -1 });
    expect(
      p.indexes.some((name) => ['_id_'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds who saw a recording (an id prefix of an audit target) through the targetKeys index', async () => {
    // With the audit store's hint: left alone, after ANALYZE the planner walks `_id_` backwards instead.
    const p = await plan('audit', { targetKeys: { $regex: '^R-12' } }, { _id: -1 }, { hint: AUDIT_TARGET_INDEX });
    expect(
      p.indexes.some((name) => ['targetKeys_1__id_-1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });
  it('finds the decisions logged for a recording through an index', async () => {
    const p = await plan('decisions', { recordingId: 'R-000042' }, { createdAt: 1 });
    expect(
      p.indexes.some((name) => ['recordingId_1_createdAt_1'].includes(name)),
      JSON.stringify(p),
    ).to.equal(true);
    expect(p.scanned).to.equal(false);
  });

  it('lists upcoming changes through the reviewAt index, in a window, by unit, past a cursor', async () => {
    const sent: { filter: Record<string, unknown>; sort?: Record<string, 1 | -1> }[] = [];
    models.Recording.db.set(
      'debug',
      (_coll: string, method: string, filter: Record<string, unknown>, options: { sort?: Record<string, 1 | -1> } | undefined) => {
        if (method === 'find') sent.push({ filter, sort: options?.sort });
      },
    );
    try {
      const search = recordingSearch(models);
      await search.upcoming({ from: day(40_000), to: day(40_000 + 24 * 60) }, null, 51);
      await search.upcoming({ from: day(40_000), to: day(40_000 + 24 * 60), unit: 'Unit 3' }, { id: 'R-000100', at: day(40_100) }, 51);
    } finally {
      models.Recording.db.set('debug', false);
    }
    expect(sent.length).to.be.greaterThan(1);
    for (const q of sent) {
      const p = await plan('recordings', q.filter, q.sort);
      expect(p.indexes, JSON.stringify(q)).to.include('reviewAt_1');
      expect(p.scanned).to.equal(false);
    }
  });
  describe('the recordings search: every query it sends for every filter and order', () => {
    const filters: Record<string, RecordingFilter> = {
      none: {},
      'id prefix': { idPrefix: 'R-0012' },
      case: { caseNumber: 'KC-42' },
      officer: { officerId: 'O-7' },
      camera: { cameraSerial: 'CAM-7' },
      unit: { unit: 'Unit 3' },
      category: { category: 'arrest' },
      'retention status': { retentionStatus: 'held' },
      'release status': { releaseStatus: 'needs_legal_review' },
      'date range': { recordedFrom: day(100), recordedTo: day(2000) },
      'short date range': { recordedFrom: day(100), recordedTo: day(300) },
      'unit, category, statuses and dates': {
        unit: 'Unit 3',
        category: 'arrest',
        retentionStatus: 'held',
        releaseStatus: 'withhold',
        recordedFrom: day(100),
        recordedTo: day(5000),
      },
      'officer and category': { officerId: 'O-7', category: 'arrest' },
      'nothing matches': { unit: 'Unit 3', category: 'traffic' },
    };
    const orders: RecordingOrder[] = ['id', 'recordedAt', '-recordedAt'];
    /** The finds the search sends, captured from mongoose (filter, sort, hint), to be explained. */
    async function queriesOf(f: RecordingFilter, order: RecordingOrder, after: { id: string; at?: Date } | null) {
      const sent: { filter: Record<string, unknown>; sort?: Record<string, 1 | -1>; hint?: Record<string, 1> }[] = [];
      models.Recording.db.set(
        'debug',
        (
          _coll: string,
          method: string,
          filter: Record<string, unknown>,
          options: { sort?: Record<string, 1 | -1>; hint?: Record<string, 1> } | undefined,
        ) => {
          if (method === 'find') sent.push({ filter, sort: options?.sort, hint: options?.hint });
        },
      );
      try {
        await recordingSearch(models).list(f, order, after, 51, day(N));
      } finally {
        models.Recording.db.set('debug', false);
      }
      return sent;
    }
    for (const [name, f] of Object.entries(filters)) {
      for (const order of orders) {
        if (f.idPrefix && order !== 'id') continue;
        it(`answers a search by ${name} in ${order} order through an index, on the first page and past a cursor`, async function () {
          this.timeout(60_000);
          for (const after of [null, { id: 'R-002000', at: day(2000) }]) {
            const sent = await queriesOf(f, order, after);
            expect(sent.length).to.be.greaterThan(0);
            for (const q of sent) {
              const cursor = models.Recording.db.collection('recordings').find(q.filter).limit(51);
              if (q.sort) cursor.sort(q.sort);
              if (q.hint) cursor.hint(q.hint);
              const found = walk(((await cursor.explain()) as { queryPlanner?: { Plan?: PlanNode } }).queryPlanner?.Plan);
              const why = `${JSON.stringify(q)} -> ${JSON.stringify(found)}`;
              expect(found.types, why).not.to.include('Seq Scan');
              expect(found.indexes.length, why).to.be.greaterThan(0);
              // A bitmap over the whole _id index, with no condition on _id, is a full scan in disguise;
              // an ordered Index Scan of it stops after the page.
              if (found.indexes.every((i) => i === '_id_') && !('_id' in q.filter)) expect(found.types, why).to.include('Index Scan');
            }
          }
        });
      }
    }
  });
});
