/**
 * The review queue: recordings and cases whose answer is needs_legal_review for some requester,
 * grouped by the question that would settle them, soonest due first. What is in review comes from
 * the recordings' derived state (ReviewState, kept current by the refresh and the sweep); the
 * queue only adds who an item is assigned to and what was said about it (review items).
 *
 * An item is the case when the missing fact is about a case (`cases.<number>...`: one answer
 * settles every recording linked to it), else the recording. Its due date is the earliest among
 * the open requests that still wait for one of its recordings and whose requester kind is one the
 * recording is in review for; its age is its oldest recording's recorded time.
 */
import type { Actor } from '../../auth/roles';
import type { RequesterKind } from '../../engine/facts';
import { AppError, notFound } from '../../errors';
import type { Rules } from '../../rules';
import type { CaseStore, RecordingStore } from '../catalog/ports';
import { type CursorKey, decodeCursor, page } from '../pagination';
import type { RequestStore } from '../requests/ports';
import type { InReviewFilter, InReviewRow, OpenRequestRow, ReviewItemKind, ReviewStore, StoredReviewItem } from './ports';
import { type AnsweredBy, type QuestionMatch, questionOf } from './questions';

export interface QueueFilter {
  answeredBy?: AnsweredBy | undefined;
  unit?: string | undefined;
  caseNumber?: string | undefined;
  /** A request's id or number. */
  request?: string | undefined;
  questionId?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export interface QueueRequestRef {
  id: string;
  number: string | null;
  dueBy: Date;
}

/** One item under one question. */
export interface QueueItem {
  questionId: string;
  kind: ReviewItemKind;
  ref: string;
  /** The missing facts of this item this question asks for, each with its question filled in. */
  questions: QuestionMatch[];
  requesterKinds: RequesterKind[];
  recordingIds: string[];
  recordingCount: number;
  units: string[];
  dueBy: Date | null;
  requests: QueueRequestRef[];
  oldestRecordedAt: Date;
  assignee: string | null;
  comments: StoredReviewItem['comments'];
}

export interface QueueGroup {
  questionId: string;
  text: string;
  answeredBy: AnsweredBy;
  items: number;
  recordings: number;
  dueBy: Date | null;
}

export interface QueuePage {
  groups: QueueGroup[];
  items: QueueItem[];
  nextCursor: string | null;
}

export interface QueueSummary {
  recordings: number;
  items: number;
  questions: number;
  byAnsweredBy: Record<AnsweredBy, number>;
  /** Items an open request waits for whose due date is within `soonDays` business-agnostic days (or passed). */
  dueSoon: number;
  overdue: number;
  unassigned: number;
}

/** A position in the queue's order: the group's (due, age, id), then the item's. */
type Position = [number, number, string, number, number, string];

const NO_DUE = Number.MAX_SAFE_INTEGER;
const POSITION: CursorKey<{ position: Position }, Position> = {
  write: (row) => JSON.stringify(row.position),
  read(text) {
    try {
      const v: unknown = JSON.parse(text);
      if (
        Array.isArray(v) &&
        v.length === 6 &&
        [0, 1, 3, 4].every((i) => typeof v[i] === 'number') &&
        typeof v[2] === 'string' &&
        typeof v[5] === 'string'
      )
        return v as Position;
    } catch {
      return null;
    }
    return null;
  },
};

function comparePositions(a: Position, b: Position): number {
  for (let i = 0; i < 6; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export const itemId = (kind: ReviewItemKind, ref: string): string => `${kind}:${ref}`;

/** The case a missing fact is about, or null (`cases.KC23-000037.limitation` -> KC23-000037). */
function caseOf(fact: string, caseNumbers: readonly string[]): string | null {
  if (!fact.startsWith('cases.')) return null;
  const c = caseNumbers.find((n) => fact.startsWith(`cases.${n}.`));
  return c ?? null;
}

/** A recording the rules leave to counsel without naming a fact. */
const UNNAMED = 'legal-review.unnamed';

interface Building {
  questionId: string;
  kind: ReviewItemKind;
  ref: string;
  facts: Map<string, QuestionMatch>;
  kinds: Set<RequesterKind>;
  recordingIds: Set<string>;
  units: Set<string>;
  oldest: number;
}

export class ReviewService {
  constructor(
    private readonly store: ReviewStore,
    private readonly recordings: Pick<RecordingStore, 'get'>,
    private readonly cases: Pick<CaseStore, 'get'>,
    private readonly requests: Pick<RequestStore, 'get' | 'getByNumber'>,
    private readonly rules: Rules,
  ) {}

  private question(fact: string, recordingId: string | null): QuestionMatch {
    if (fact === UNNAMED)
      return {
        fact,
        questionId: UNNAMED,
        text: 'The rules leave this recording to legal review without naming a missing fact: what is the answer, and on what authority?',
        answeredBy: 'counsel',
        form: { href: '', api: '' },
      };
    return questionOf(this.rules, fact, recordingId);
  }

  /** A group's heading: the question with its placeholders in general words (each item shows its own, filled). */
  private groupText(questionId: string, fallback: string): string {
    const q = this.rules.questions.byId.get(questionId);
    if (!q) return fallback;
    const words: Record<string, string> = {
      recordingId: 'the recording',
      caseNumber: 'the case',
      defendant: 'a defendant',
      orderNumber: 'the court order',
    };
    return q.question.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, name: string) => words[name] ?? '…');
  }

  private async recordingScope(request: string | undefined): Promise<readonly string[] | undefined> {
    if (!request) return undefined;
    const r = /^SR-\d{4}-\d+$/i.test(request) ? await this.requests.getByNumber(request.toUpperCase()) : await this.requests.get(request);
    if (!r)
      throw new AppError('VALIDATION_FAILED', `request ${JSON.stringify(request)} does not exist`, [
        { path: 'query.request', message: 'no such request' },
      ]);
    return r.recordingIds;
  }

  /** Every item with its position, in queue order. */
  private async build(
    f: Omit<QueueFilter, 'cursor' | 'limit'>,
  ): Promise<{ items: (QueueItem & { position: Position })[]; groups: QueueGroup[]; recordings: number }> {
    const scope: InReviewFilter = { unit: f.unit, caseNumber: f.caseNumber, recordingIds: await this.recordingScope(f.request) };
    const [rows, open] = await Promise.all([this.store.inReview(scope), this.store.openRequests()]);
    const waiting = waitingRequests(open);
    const byItem = new Map<string, Building>();
    const recordings = new Set<string>();
    for (const row of rows) this.place(row, f, byItem, recordings);
    const stored = new Map(
      (await this.store.items([...new Set([...byItem.values()].map((b) => itemId(b.kind, b.ref)))])).map((i) => [i._id, i]),
    );
    const items: (QueueItem & { position: Position })[] = [];
    const groups = new Map<string, QueueGroup & { due: number; age: number; recordingIds: Set<string> }>();
    for (const b of byItem.values()) {
      const reqs = new Map<string, QueueRequestRef>();
      for (const id of b.recordingIds)
        for (const r of waiting.get(id) ?? [])
          if (b.kinds.has(r.requester.kind)) reqs.set(r._id, { id: r._id, number: r.number ?? null, dueBy: r.dueBy });
      const requests = [...reqs.values()].sort((x, y) => x.dueBy.getTime() - y.dueBy.getTime());
      const dueBy = requests[0]?.dueBy ?? null;
      const s = stored.get(itemId(b.kind, b.ref));
      const questions = [...b.facts.values()];
      const first = questions[0]!;
      const g = groups.get(b.questionId) ?? {
        questionId: b.questionId,
        text: this.groupText(b.questionId, first.text),
        answeredBy: first.answeredBy,
        items: 0,
        recordings: 0,
        dueBy: null,
        due: NO_DUE,
        age: NO_DUE,
        recordingIds: new Set<string>(),
      };
      g.items += 1;
      for (const id of b.recordingIds) g.recordingIds.add(id);
      g.due = Math.min(g.due, dueBy?.getTime() ?? NO_DUE);
      g.age = Math.min(g.age, b.oldest);
      groups.set(b.questionId, g);
      const ids = [...b.recordingIds].sort();
      items.push({
        questionId: b.questionId,
        kind: b.kind,
        ref: b.ref,
        questions,
        requesterKinds: [...b.kinds],
        recordingIds: ids.slice(0, 50),
        recordingCount: ids.length,
        units: [...b.units].sort(),
        dueBy,
        requests,
        oldestRecordedAt: new Date(b.oldest),
        assignee: s?.assignee ?? null,
        comments: s?.comments ?? [],
        position: [0, 0, b.questionId, dueBy?.getTime() ?? NO_DUE, b.oldest, itemId(b.kind, b.ref)],
      });
    }
    for (const it of items) {
      const g = groups.get(it.questionId)!;
      it.position[0] = g.due;
      it.position[1] = g.age;
    }
    items.sort((a, b) => comparePositions(a.position, b.position));
    const ordered = [...groups.values()].sort((a, b) => a.due - b.due || a.age - b.age || (a.questionId < b.questionId ? -1 : 1));
    return {
      items,
      groups: ordered.map((g) => ({
        questionId: g.questionId,
        text: g.text,
        answeredBy: g.answeredBy,
        items: g.items,
        recordings: g.recordingIds.size,
        dueBy: g.due === NO_DUE ? null : new Date(g.due),
      })),
      recordings: recordings.size,
    };
  }

  /** Files one recording's missing facts under their items and questions (filtered by answeredBy and question). */
  private place(row: InReviewRow, f: Omit<QueueFilter, 'cursor' | 'limit'>, byItem: Map<string, Building>, recordings: Set<string>): void {
    const facts = row.review.missingFacts.length ? row.review.missingFacts : [UNNAMED];
    for (const fact of facts) {
      const c = caseOf(fact, row.caseNumbers);
      const q = this.question(fact, c ? null : row._id);
      if (f.answeredBy && q.answeredBy !== f.answeredBy) continue;
      if (f.questionId && q.questionId !== f.questionId) continue;
      if (f.caseNumber && c !== null && c !== f.caseNumber) continue;
      const kind: ReviewItemKind = c ? 'case' : 'recording';
      const ref = c ?? row._id;
      const key = `${q.questionId}\u0000${itemId(kind, ref)}`;
      let b = byItem.get(key);
      if (!b) {
        b = {
          questionId: q.questionId,
          kind,
          ref,
          facts: new Map(),
          kinds: new Set(),
          recordingIds: new Set(),
          units: new Set(),
          oldest: NO_DUE,
        };
        byItem.set(key, b);
      }
      b.facts.set(fact, q);
      for (const k of row.review.kinds) b.kinds.add(k);
      b.recordingIds.add(row._id);
      b.units.add(row.unit);
      b.oldest = Math.min(b.oldest, row.recordedAt.getTime());
      recordings.add(row._id);
    }
  }

  async queue(f: QueueFilter): Promise<QueuePage> {
    const after = decodeCursor(f.cursor, POSITION);
    const built = await this.build(f);
    const rest = after ? built.items.filter((i) => comparePositions(i.position, after) > 0) : built.items;
    const p = page(rest.slice(0, f.limit + 1), f.limit, POSITION);
    return { groups: built.groups, items: p.items.map(({ position: _p, ...item }) => item), nextCursor: p.nextCursor };
  }

  /** Counts for the dashboard: items due within `soonMs` of `now` (or overdue) among the rest. */
  async summary(now: Date, soonMs: number): Promise<QueueSummary> {
    const built = await this.build({});
    const byAnsweredBy: Record<AnsweredBy, number> = { prosecutor: 0, clerk: 0, counsel: 0 };
    for (const g of built.groups) byAnsweredBy[g.answeredBy] += g.items;
    const soon = now.getTime() + soonMs;
    return {
      recordings: built.recordings,
      items: built.items.length,
      questions: built.groups.length,
      byAnsweredBy,
      dueSoon: built.items.filter((i) => i.dueBy && i.dueBy.getTime() <= soon && i.dueBy.getTime() >= now.getTime()).length,
      overdue: built.items.filter((i) => i.dueBy && i.dueBy.getTime() < now.getTime()).length,
      unassigned: built.items.filter((i) => !i.assignee).length,
    };
  }

  private async ensure(kind: ReviewItemKind, ref: string, now: Date): Promise<string> {
    const exists = kind === 'recording' ? await this.recordings.get(ref) : await this.cases.get(ref);
    if (!exists) throw notFound(kind === 'recording' ? 'Recording' : 'Case', ref);
    const id = itemId(kind, ref);
    await this.store.ensure({
      _id: id,
      kind,
      ref,
      assignee: null,
      assignedAt: null,
      comments: [],
      steps: [],
      createdAt: now,
      updatedAt: now,
    });
    return id;
  }

  /** Assigns the item (null: unassigns it); recorded as a step on the item (and in the audit trail by the route). */
  async assign(kind: ReviewItemKind, ref: string, assignee: string | null, actor: Actor, now: Date): Promise<StoredReviewItem> {
    const id = await this.ensure(kind, ref, now);
    const step = { at: now, by: actor.sub, role: actor.role, action: assignee ? ('assigned' as const) : ('unassigned' as const), assignee };
    const item = await this.store.assign(id, assignee, step);
    if (!item) throw notFound('Review item', id);
    return item;
  }

  async comment(kind: ReviewItemKind, ref: string, text: string, actor: Actor, now: Date): Promise<StoredReviewItem> {
    const id = await this.ensure(kind, ref, now);
    const item = await this.store.comment(
      id,
      { at: now, by: actor.sub, role: actor.role, text },
      { at: now, by: actor.sub, role: actor.role, action: 'commented', assignee: null },
    );
    if (!item) throw notFound('Review item', id);
    return item;
  }
}

/** Per recording, the open requests still waiting for it (not marked not responsive, not yet answered). */
export function waitingRequests(open: readonly OpenRequestRow[]): Map<string, OpenRequestRow[]> {
  const out = new Map<string, OpenRequestRow[]>();
  for (const r of open) {
    const done = new Set([
      ...(r.notResponsive ?? []).map((n) => n.recordingId),
      ...(r.responses ?? []).flatMap((x) => x.answeredRecordingIds),
    ]);
    for (const id of r.recordingIds) {
      if (done.has(id)) continue;
      const list = out.get(id);
      if (list) list.push(r);
      else out.set(id, [r]);
    }
  }
  return out;
}
