/**
 * The review queue's store reads a question's items in queue order (due date, age, id) through
 * windows of age (DocumentDB's indexes do not return rows in key order, so one sorted read would
 * sort a whole question's entries). Checked against the same entries sorted in memory: every page
 * after every cursor, each group's head and age, with and without a unit, on the real engine.
 */
import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { createModels, ensureSchema } from '../../src/persistence/models';
import { reviewStore } from '../../src/persistence/stores/review.store';
import { NO_DUE } from '../../src/domain/review/queue-maintainer';
import type { QueueEntry } from '../../src/domain/review/ports';
import { freshDatabase } from '../support/db';

const DAY = 86_400_000;
const QUESTIONS = ['q-big', 'q-small', 'q-due-only'];
const UNITS = ['Unit A', 'Unit B', 'Unit C'];

/** A deterministic pseudo-random sequence (the entries are the same on every run). */
function lcg(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

type Key = Pick<QueueEntry, '_id' | 'dueSort' | 'oldest'>;
const inOrder = (a: Key, b: Key): number => a.dueSort - b.dueSort || a.oldest - b.oldest || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

describe('the review queue read in order through windows of age (real engine)', () => {
  let db: DbHandle;
  let store: ReturnType<typeof reviewStore>;
  const entries: Array<Key & { questionId: string; units: string[]; inQueue: boolean }> = [];

  before(async function () {
    this.timeout(120_000);
    db = await freshDatabase('review_queue_order');
    const models = createModels(db.connection);
    await ensureSchema(models);
    store = reviewStore(models);
    const rand = lcg(7);
    const start = Date.UTC(2021, 0, 1);
    // Recordings span 2021 to 2026: the catalog's earliest day bounds the windows from below.
    const raw = db.connection.db;
    if (!raw) throw new Error('not connected');
    const docs = Array.from({ length: 400 }, (_, i) => {
      const questionId = QUESTIONS[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0]!;
      // Half spread over six years, half within a month; several share an age (ties broken by id);
      // some wait for a request, most do not.
      const days = i % 2 ? Math.floor(rand() * 6 * 365) : 1000 + Math.floor(rand() * 30);
      const oldest = start + days * DAY + (i % 5 === 0 ? 0 : Math.floor(rand() * 180) * 60_000);
      const due = questionId === 'q-due-only' || rand() < 0.1 ? Date.UTC(2026, 11, 1) + Math.floor(rand() * 20) * DAY : NO_DUE;
      const units = [UNITS[i % 3]!, ...(i % 4 === 0 ? [UNITS[(i + 1) % 3]!] : [])];
      const inQueue = i % 13 !== 0;
      entries.push({ _id: `recording:R-${String(i).padStart(4, '0')}#${questionId}`, dueSort: due, oldest, questionId, units, inQueue });
      return {
        _id: `recording:R-${String(i).padStart(4, '0')}#${questionId}`,
        itemId: `recording:R-${String(i).padStart(4, '0')}`,
        kind: 'recording',
        ref: `R-${String(i).padStart(4, '0')}`,
        questionId,
        answeredBy: 'clerk',
        inQueue,
        questions: [],
        requesterKinds: ['public'],
        recordingIds: [`R-${String(i).padStart(4, '0')}`],
        units,
        unitCounts: units.map((unit) => ({ unit, n: 1 })),
        caseNumbers: [],
        requests: [],
        dueBy: due === NO_DUE ? null : new Date(due),
        dueSort: due,
        oldestRecordedAt: new Date(oldest),
        oldest,
        assigned: false,
        assignee: null,
        rev: 1,
      };
    });
    await raw.collection<{ _id: string }>('review_queue').insertMany(docs);
    await raw
      .collection<{ _id: string }>('recordings')
      .insertMany(docs.map((d) => ({ _id: d.ref, recordedAt: d.oldestRecordedAt, unit: d.units[0], caseNumbers: [] })));
    await store.recount();
  });
  after(async () => db.close());

  for (const unit of [undefined, 'Unit B']) {
    for (const questionId of QUESTIONS) {
      it(`pages ${questionId}${unit ? ` in ${unit}` : ''} in (due, age, id) order with no item repeated or skipped, and gives its head and age`, async () => {
        const want = entries
          .filter((e) => e.inQueue && e.questionId === questionId && (!unit || e.units.includes(unit)))
          .sort(inOrder)
          .map((e) => e._id);
        expect(want.length).to.be.greaterThan(0);
        const got: string[] = [];
        let after: { dueSort: number; oldest: number; id: string } | null = null;
        for (let n = 0; n < 200; n++) {
          const page: QueueEntry[] = await store.entriesAfter(questionId, after, { unit }, 9);
          got.push(...page.map((e) => e._id));
          const last = page.at(-1);
          if (page.length < 9 || !last) break;
          after = { dueSort: last.dueSort, oldest: last.oldest, id: last._id };
        }
        expect(got).to.deep.equal(want);
        const heads = await store.groupHeads(questionId, { unit });
        const members = entries.filter((e) => e.inQueue && e.questionId === questionId && (!unit || e.units.includes(unit)));
        expect(heads?.first._id).to.equal(want[0]);
        expect(heads?.age).to.equal(Math.min(...members.map((e) => e.oldest)));
        // The recount gives each group its earliest age; read from there, the head and pages are the same.
        const count = (await store.counts(unit ?? '')).find((c) => c.questionId === questionId);
        expect(count?.oldest).to.equal(Math.min(...members.map((e) => e.oldest)));
        expect((await store.groupHeads(questionId, { unit }, count?.oldest))?.first._id).to.equal(want[0]);
        expect((await store.entriesAfter(questionId, null, { unit }, 500, count?.oldest)).map((e) => e._id)).to.deep.equal(want);
      });
    }
  }

  it("keeps a count's oldest as a lower bound: lowered by an entry added, never raised by one leaving", async () => {
    const base = { questionId: 'q-bound', unit: '', answeredBy: 'clerk' as const };
    await store.addCounts([{ ...base, items: 1, recordings: 1, oldest: 5_000 }]);
    await store.addCounts([{ ...base, items: 1, recordings: 1, oldest: 3_000 }]);
    await store.addCounts([{ ...base, items: -1, recordings: -1, oldest: null }]);
    await store.addCounts([{ ...base, items: 0, recordings: 0, oldest: 4_000 }]);
    expect((await store.counts('')).find((c) => c.questionId === 'q-bound')).to.deep.include({ items: 1, recordings: 1, oldest: 3_000 });
  });

  it('gives no head for a question with no entry', async () => {
    expect(await store.groupHeads('q-none', {})).to.equal(null);
  });
});
