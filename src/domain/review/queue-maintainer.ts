/**
 * Keeps the review queue's entries (QueueEntry: one per item and question) and their counts equal
 * to a fresh recomputation from the recordings' derived state, the open requests and the review
 * items' assignees, so that the queue reads a page and the dashboard its counts by index, at any
 * catalog size.
 *
 * Which items to recompute: those of the recordings just refreshed (the derived service calls
 * `syncRecordings` after every derived write: fact changes, requests opened, rescoped, answered or
 * withdrawn, recording writes, the sweep), those holding them now, and an item just assigned.
 * A request's due date moved by the due-date repair syncs its recordings too.
 *
 * Concurrency, without transactions (FerretDB v2.5), the derived service's rule: read the item's
 * entries (with their rev) first, then the sources, then write each entry conditional on the rev
 * read (or insert it, unique _id); a writer that loses re-reads and recomputes. The last write that
 * lands read the sources after every earlier one, so it is the fresh result. An entry that leaves
 * the queue becomes a tombstone keeping its rev: deleting it would let a writer that read the
 * sources before it left insert it again. The counts move by $inc with each write that lands; a
 * process dying between the two leaves a count off until the sweep's recount. A process dying
 * before the entries are written leaves the refresh journal's intent open: the sweep refreshes its
 * recordings, which syncs their items.
 */
import { AppError } from '../../errors';
import type { RequesterKind } from '../../engine/facts';
import type { Rules } from '../../rules';
import type {
  CountDelta,
  EntryWrite,
  InReviewRow,
  OpenRequestRow,
  QueueEntry,
  QueueEntryBody,
  QueueRequestRef,
  ReviewItemKind,
  ReviewStore,
  StoredReviewItem,
} from './ports';
import { type QuestionMatch, questionOf } from './questions';

/** The dueSort of an item no open request waits for (after every real date). */
export const NO_DUE = Number.MAX_SAFE_INTEGER;
/** A recording the rules leave to counsel without naming a fact. */
export const UNNAMED = 'legal-review.unnamed';
const BATCH = 500;
const MAX_ATTEMPTS = 8;

export const itemId = (kind: ReviewItemKind, ref: string): string => `${kind}:${ref}`;
export const entryId = (item: string, questionId: string): string => `${item}#${questionId}`;

/** The case a missing fact is about, or null (`cases.KC23-000037.limitation` -> KC23-000037). */
function caseOf(fact: string, caseNumbers: readonly string[]): string | null {
  if (!fact.startsWith('cases.')) return null;
  return caseNumbers.find((n) => fact.startsWith(`cases.${n}.`)) ?? null;
}

export function questionFor(rules: Pick<Rules, 'questions'>, fact: string, recordingId: string | null): QuestionMatch {
  if (fact === UNNAMED)
    return {
      fact,
      questionId: UNNAMED,
      text: 'The rules leave this recording to legal review without naming a missing fact: what is the answer, and on what authority?',
      answeredBy: 'counsel',
      form: { href: '', api: '' },
    };
  return questionOf(rules, fact, recordingId);
}

/** The items (kind, ref) a recording in review belongs to, one per missing fact's question. */
export function itemsOfRow(row: InReviewRow): { kind: ReviewItemKind; ref: string }[] {
  if (!row.review?.inReview) return [];
  const facts = row.review.missingFacts.length ? row.review.missingFacts : [UNNAMED];
  return facts.map((fact) => {
    const c = caseOf(fact, row.caseNumbers);
    return c ? { kind: 'case', ref: c } : { kind: 'recording', ref: row._id };
  });
}

/** Per recording, the open requests still waiting for it (not marked not responsive, not yet answered). */
export function waitingRequests(open: readonly OpenRequestRow[]): Map<string, OpenRequestRow[]> {
  const out = new Map<string, OpenRequestRow[]>();
  for (const r of open) {
    const done = new Set([
      ...(r.notResponsive ?? []).map((n) => n.recordingId),
      ...(r.responses ?? []).flatMap((x) => x.answeredRecordingIds),
    ]);
    for (const id of new Set(r.recordingIds)) {
      if (done.has(id)) continue;
      const list = out.get(id);
      if (list) list.push(r);
      else out.set(id, [r]);
    }
  }
  return out;
}

interface Building {
  questionId: string;
  kind: ReviewItemKind;
  ref: string;
  facts: Map<string, QuestionMatch>;
  kinds: Set<RequesterKind>;
  recordings: Map<string, string>;
  cases: Set<string>;
  oldest: number;
}

/**
 * Pure: the entries of the items `only` (every item when undefined) from the recordings in review
 * `rows` (all of each item's recordings), the open requests naming them and the review items.
 * An item is the case when the missing fact is about a case (one answer settles every recording
 * linked to it), else the recording. Its due date is the earliest among the open requests that
 * still wait for one of its recordings and whose requester kind is one the item is in review for;
 * its age is its oldest recording's recorded time.
 */
export function computeEntries(
  rules: Pick<Rules, 'questions'>,
  rows: readonly InReviewRow[],
  open: readonly OpenRequestRow[],
  reviewItems: ReadonlyMap<string, Pick<StoredReviewItem, 'assignee'>>,
  only?: ReadonlySet<string>,
): Map<string, QueueEntryBody> {
  const byEntry = new Map<string, Building>();
  for (const row of rows) {
    if (!row.review?.inReview) continue;
    const facts = row.review.missingFacts.length ? row.review.missingFacts : [UNNAMED];
    for (const fact of facts) {
      const c = caseOf(fact, row.caseNumbers);
      const kind: ReviewItemKind = c ? 'case' : 'recording';
      const ref = c ?? row._id;
      const item = itemId(kind, ref);
      if (only && !only.has(item)) continue;
      const q = questionFor(rules, fact, c ? null : row._id);
      const key = entryId(item, q.questionId);
      let b = byEntry.get(key);
      if (!b) {
        b = {
          questionId: q.questionId,
          kind,
          ref,
          facts: new Map(),
          kinds: new Set(),
          recordings: new Map(),
          cases: new Set(),
          oldest: NO_DUE,
        };
        byEntry.set(key, b);
      }
      b.facts.set(fact, q);
      for (const k of row.review.kinds) b.kinds.add(k);
      b.recordings.set(row._id, row.unit);
      for (const n of c ? [c] : row.caseNumbers) b.cases.add(n);
      b.oldest = Math.min(b.oldest, row.recordedAt.getTime());
    }
  }
  const waiting = waitingRequests(open);
  const out = new Map<string, QueueEntryBody>();
  for (const [key, b] of byEntry) {
    const reqs = new Map<string, QueueRequestRef>();
    for (const id of b.recordings.keys())
      for (const r of waiting.get(id) ?? [])
        if (b.kinds.has(r.requester.kind)) reqs.set(r._id, { id: r._id, number: r.number ?? null, dueBy: r.dueBy });
    const requests = [...reqs.values()].sort((x, y) => x.dueBy.getTime() - y.dueBy.getTime() || (x.id < y.id ? -1 : 1));
    const dueBy = requests[0]?.dueBy ?? null;
    const perUnit = new Map<string, number>();
    for (const unit of b.recordings.values()) perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1);
    const questions = [...b.facts.values()].sort((x, y) => (x.fact < y.fact ? -1 : x.fact > y.fact ? 1 : 0));
    const item = itemId(b.kind, b.ref);
    const assignee = reviewItems.get(item)?.assignee ?? null;
    out.set(key, {
      itemId: item,
      kind: b.kind,
      ref: b.ref,
      questionId: b.questionId,
      answeredBy: questions[0]!.answeredBy,
      inQueue: true,
      questions,
      requesterKinds: [...b.kinds].sort(),
      recordingIds: [...b.recordings.keys()].sort(),
      units: [...perUnit.keys()].sort(),
      unitCounts: [...perUnit].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([unit, n]) => ({ unit, n })),
      caseNumbers: [...b.cases].sort(),
      requests,
      dueBy,
      dueSort: dueBy?.getTime() ?? NO_DUE,
      oldestRecordedAt: new Date(b.oldest),
      oldest: b.oldest,
      assigned: assignee !== null,
      assignee,
    });
  }
  return out;
}

/** An entry's body as a comparable string (dates by time). */
export function bodyKey(b: QueueEntryBody): string {
  if (!b.inQueue) return 'out';
  return JSON.stringify([
    b.itemId,
    b.questionId,
    b.answeredBy,
    b.questions.map((q) => [q.fact, q.questionId, q.text, q.answeredBy, q.form.href, q.form.api]),
    b.requesterKinds,
    b.recordingIds,
    b.units,
    b.unitCounts.map((u) => [u.unit, u.n]),
    b.caseNumbers,
    b.requests.map((r) => [r.id, r.number, r.dueBy.getTime()]),
    b.dueBy?.getTime() ?? null,
    b.dueSort,
    b.oldestRecordedAt.getTime(),
    b.oldest,
    b.assigned,
    b.assignee,
  ]);
}

/** What an entry adds to the counts: one item and its recordings to its question, overall and per unit. */
function contribution(b: QueueEntryBody | undefined, sign: 1 | -1): CountDelta[] {
  if (!b?.inQueue) return [];
  // An entry added lowers its counts' `oldest` to its own; one leaving leaves it (a lower bound).
  const oldest = sign > 0 ? b.oldest : null;
  return [
    { questionId: b.questionId, unit: '', answeredBy: b.answeredBy, items: sign, recordings: sign * b.recordingIds.length, oldest },
    ...b.unitCounts.map((u) => ({
      questionId: b.questionId,
      unit: u.unit,
      answeredBy: b.answeredBy,
      items: sign,
      recordings: sign * u.n,
      oldest,
    })),
  ];
}

const lower = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null ? (b ?? null) : b == null ? a : Math.min(a, b);

function sumDeltas(deltas: readonly CountDelta[]): CountDelta[] {
  const out = new Map<string, CountDelta>();
  for (const d of deltas) {
    const k = `${d.questionId}\u0000${d.unit}`;
    const cur = out.get(k);
    if (cur) {
      cur.items += d.items;
      cur.recordings += d.recordings;
      cur.oldest = lower(cur.oldest, d.oldest);
    } else out.set(k, { ...d });
  }
  // An entry rewritten in place (-1 and +1) can still lower `oldest`.
  return [...out.values()].filter((d) => d.items !== 0 || d.recordings !== 0 || d.oldest != null);
}

const tombstone = (e: QueueEntry): QueueEntryBody => {
  const { _id: _i, rev: _r, ...body } = e;
  return { ...body, inQueue: false };
};

export class QueueMaintainer {
  constructor(
    private readonly store: ReviewStore,
    private readonly rules: () => Pick<Rules, 'questions'>,
  ) {}

  /** Recomputes the items of these recordings: the ones they are in now and the ones they were in. */
  async syncRecordings(recordingIds: readonly string[]): Promise<void> {
    for (let i = 0; i < recordingIds.length; i += BATCH) {
      const ids = recordingIds.slice(i, i + BATCH);
      const [held, rows] = await Promise.all([this.store.itemIdsHolding(ids), this.store.reviewRows(ids)]);
      const items = new Set(held);
      for (const row of rows) for (const it of itemsOfRow(row)) items.add(itemId(it.kind, it.ref));
      await this.syncItems([...items]);
    }
  }

  /** Recomputes these items' entries from their sources and writes the ones that differ. */
  async syncItems(itemIds: readonly string[]): Promise<void> {
    for (let i = 0; i < itemIds.length; i += BATCH) {
      let todo = [...new Set(itemIds.slice(i, i + BATCH))];
      for (let attempt = 0; todo.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS)
          throw new AppError('CONFLICT', `Review queue items ${todo.join(', ')} kept changing while they were recomputed; try again.`);
        todo = await this.syncOnce(todo);
      }
    }
  }

  /** One attempt: returns the items whose writes lost a race (to redo). */
  private async syncOnce(items: readonly string[]): Promise<string[]> {
    // The entries (and their revs) first, the sources after: see the header.
    const stored = await this.store.entriesOf(items);
    const desired = await this.desired(items);
    const byId = new Map(stored.map((e) => [e._id, e]));
    const writes: EntryWrite[] = [];
    for (const [id, body] of desired) {
      const cur = byId.get(id);
      if (cur && bodyKey(cur) === bodyKey(body)) continue;
      writes.push({ id, expectRev: cur ? cur.rev : null, body });
    }
    for (const cur of stored) {
      if (desired.has(cur._id) || !cur.inQueue) continue;
      writes.push({ id: cur._id, expectRev: cur.rev, body: tombstone(cur) });
    }
    if (writes.length === 0) return [];
    const lost = new Set(await this.store.writeEntries(writes));
    // Only the writes that landed move the counts (a lost one is recomputed and counted then).
    const deltas: CountDelta[] = [];
    for (const w of writes) if (!lost.has(w.id)) deltas.push(...contribution(byId.get(w.id), -1), ...contribution(w.body, 1));
    await this.store.addCounts(sumDeltas(deltas));
    const itemOf = new Map(writes.map((w) => [w.id, w.body.itemId]));
    return [...new Set([...lost].map((id) => itemOf.get(id)!))];
  }

  /**
   * Fresh entries of these items from their sources (recordings, open requests, review items);
   * `read`: recordings just read, used for the recording items among them instead of a second read.
   */
  private async desired(items: readonly string[], read: readonly InReviewRow[] = []): Promise<Map<string, QueueEntryBody>> {
    const recordingRefs: string[] = [];
    const caseRefs: string[] = [];
    for (const it of items) {
      const [kind, ...rest] = it.split(':');
      const ref = rest.join(':');
      if (kind === 'case') caseRefs.push(ref);
      else recordingRefs.push(ref);
    }
    const known = new Map(read.map((r) => [r._id, r]));
    const unread = recordingRefs.filter((id) => !known.has(id));
    const [byId, byCase, reviewItems] = await Promise.all([
      unread.length ? this.store.reviewRows(unread) : Promise.resolve([]),
      caseRefs.length ? this.store.inReviewByCases(caseRefs) : Promise.resolve([]),
      this.store.items(items),
    ]);
    const rows = new Map<string, InReviewRow>();
    for (const id of recordingRefs) {
      const r = known.get(id);
      if (r) rows.set(id, r);
    }
    for (const r of [...byId, ...byCase]) rows.set(r._id, r);
    const open = rows.size ? await this.store.openRequestsFor([...rows.keys()]) : [];
    return computeEntries(this.rules(), [...rows.values()], open, new Map(reviewItems.map((r) => [r._id, r])), new Set(items));
  }

  /**
   * Every item recomputed: those of the recordings in review, then those in the queue (whose
   * recordings may have left), then the counts from the entries. A catalog older than the
   * entries gets it once (the sweep); the seed builds its empty queue with buildEmpty.
   */
  async rebuild(now: Date): Promise<void> {
    for await (const ids of this.store.inReviewIds()) await this.syncRecordings(ids);
    for await (const ids of this.store.queuedItemIds()) await this.syncItems(ids);
    await this.store.recount();
    await this.store.markBuilt(now);
  }

  /**
   * The seed's build of an empty queue, with no other writer (its follower is off): each item of
   * the recordings in review is computed once from its sources and inserted, without reading
   * entries (there are none) and with the entries' indexes built after the inserts: a 1M seed's
   * queue took 1,016 s through `rebuild`, which keeps nine indexes current entry by entry, and 370 s here. Any other
   * queue gets `rebuild`; an insert that meets an entry after all (a writer the caller did not stop)
   * is synced as `rebuild` syncs it, once the indexes are back.
   */
  async buildEmpty(now: Date): Promise<void> {
    if (!(await this.store.deferIndexes())) return this.rebuild(now);
    const lost: string[] = [];
    const insert = async (desired: Map<string, QueueEntryBody>): Promise<void> => {
      const writes = [...desired].map(([id, body]) => ({ id, expectRev: null, body }));
      const itemOf = new Map(writes.map((w) => [w.id, w.body.itemId]));
      for (const id of await this.store.writeEntries(writes)) lost.push(itemOf.get(id)!);
    };
    // One batch's inserts go on while the next one's sources are read and its entries computed.
    let inserting: Promise<void> = Promise.resolve();
    try {
      const seen = new Set<string>();
      for await (const ids of this.store.inReviewIds()) {
        const rows = await this.store.reviewRows(ids);
        const items: string[] = [];
        for (const row of rows)
          for (const it of itemsOfRow(row)) {
            const id = itemId(it.kind, it.ref);
            if (!seen.has(id)) items.push(id);
            seen.add(id);
          }
        if (items.length === 0) continue;
        const desired = await this.desired(items, rows);
        await inserting;
        inserting = insert(desired);
        // Awaited before the next batch's (or after the loop); handled here so a failure meanwhile is not an unhandled rejection.
        inserting.catch(() => undefined);
      }
      await inserting;
    } finally {
      await inserting.catch(() => undefined);
      await this.store.buildIndexes();
    }
    await this.syncItems(lost);
    // The counts from the entries, in one pass (rebuild moves them write by write).
    await this.store.recount();
    await this.store.markBuilt(now);
  }

  /** A full rebuild when the entries were never built over this catalog (a catalog older than them); true when it ran. */
  async buildIfMissing(now: Date): Promise<boolean> {
    if (await this.store.built()) return false;
    await this.rebuild(now);
    return true;
  }

  /** The sweep: a full rebuild the first time, then the counts set again from the entries. */
  async sweep(now: Date): Promise<void> {
    if (!(await this.buildIfMissing(now))) await this.store.recount();
  }
}
