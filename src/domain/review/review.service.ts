/**
 * The review queue: recordings and cases whose answer is needs_legal_review for some requester,
 * grouped by the question that would settle them, soonest due first. Reads the queue's entries
 * (one per item and question, kept equal to the recordings' derived state and the open requests
 * by QueueMaintainer), so a page is a few indexed range reads after the cursor and the counts come
 * from maintained per-question counts, whatever the catalog's size. Adds what was said about an
 * item (review items: assignee, comments).
 *
 * Order: the groups by (earliest due date, oldest recording, question id), each group's items by
 * (due date, oldest recording, item id); a cursor is the last item's position in that order. A
 * case or request filter is narrow (a case's, a request's items): those are read whole and
 * grouped here; the other filters (who answers, unit, question) read the counts and the indexes.
 */
import type { Actor } from '../../auth/roles';
import type { RequesterKind } from '../../engine/facts';
import { AppError, notFound } from '../../errors';
import type { Rules } from '../../rules';
import type { CaseStore, RecordingStore } from '../catalog/ports';
import { type CursorKey, decodeCursor, page } from '../pagination';
import type { RequestStore } from '../requests/ports';
import type { EntryFilter, QueueEntry, QueueRequestRef, ReviewItemKind, ReviewStore, StoredReviewItem } from './ports';
import { NO_DUE, type QueueMaintainer, itemId } from './queue-maintainer';
import { type AnsweredBy, type QuestionMatch } from './questions';
import { type RetentionTallies, recordingsInReview } from '../retention/retention-tally';

export type { QueueRequestRef };

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

/** More recordings written since the tally job ran than this, and the in-review count is read through the index. */
const DIRTY_LIMIT = 3000;

/** A case's or a request's items are read whole up to this many (a case has tens). */
const NARROW_CAP = 20_000;

type Group = QueueGroup & { due: number; age: number };
type Positioned = QueueItem & { position: Position };

const compareGroups = (a: Group, b: Group): number =>
  a.due - b.due || a.age - b.age || (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0);

function comparePositions(a: Position, b: Position): number {
  for (let i = 0; i < 6; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

export class ReviewService {
  constructor(
    private readonly store: ReviewStore,
    private readonly recordings: Pick<RecordingStore, 'get'>,
    private readonly cases: Pick<CaseStore, 'get'>,
    private readonly requests: Pick<RequestStore, 'get' | 'getByNumber'>,
    private readonly rules: Rules,
    private readonly maintainer: Pick<QueueMaintainer, 'syncItems'>,
    /** The maintained counts, which count the recordings in review (`rv`); absent: counted through the in_review index. */
    private readonly tallies?: Pick<RetentionTallies, 'ready' | 'cells' | 'dirty'>,
  ) {}

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

  /** Entries as the queue shows them, each with its position. */
  private positioned(e: QueueEntry, groupDue: number, groupAge: number): QueueItem & { position: Position } {
    return {
      questionId: e.questionId,
      kind: e.kind,
      ref: e.ref,
      questions: e.questions,
      requesterKinds: e.requesterKinds,
      recordingIds: e.recordingIds.slice(0, 50),
      recordingCount: e.recordingIds.length,
      units: e.units,
      dueBy: e.dueBy,
      requests: e.requests,
      oldestRecordedAt: e.oldestRecordedAt,
      assignee: e.assignee,
      comments: [],
      position: [groupDue, groupAge, e.questionId, e.dueSort, e.oldest, e._id],
    };
  }

  private group(questionId: string, first: QueueEntry, items: number, recordings: number, due: number, age: number): Group {
    return {
      questionId,
      text: this.groupText(questionId, first.questions[0]?.text ?? questionId),
      answeredBy: first.answeredBy,
      items,
      recordings,
      dueBy: due === NO_DUE ? null : new Date(due),
      due,
      age,
    };
  }

  /**
   * A case's or a request's items: few, so read whole (through the caseNumbers or recordingIds
   * index) and grouped here; their recordings counted once each per question.
   */
  private async narrow(f: EntryFilter, after: Position | null, limit: number): Promise<{ groups: Group[]; rows: Positioned[] }> {
    const entries = await this.store.entriesWhere(f, NARROW_CAP);
    const byQuestion = new Map<string, QueueEntry[]>();
    for (const e of entries) byQuestion.set(e.questionId, [...(byQuestion.get(e.questionId) ?? []), e]);
    const groups: Group[] = [];
    const rows: Positioned[] = [];
    for (const [q, list] of byQuestion) {
      const due = Math.min(...list.map((e) => e.dueSort));
      const age = Math.min(...list.map((e) => e.oldest));
      const recordings = new Set(list.flatMap((e) => e.recordingIds)).size;
      groups.push(this.group(q, list[0]!, list.length, recordings, due, age));
      for (const e of list) rows.push(this.positioned(e, due, age));
    }
    rows.sort((a, b) => comparePositions(a.position, b.position));
    const rest = after ? rows.filter((r) => comparePositions(r.position, after) > 0) : rows;
    return { groups, rows: rest.slice(0, limit + 1) };
  }

  /** The whole queue or a unit's: groups from the maintained counts, each group's items by index after the cursor. */
  private async wide(
    f: EntryFilter & { questionId?: string | undefined },
    after: Position | null,
    limit: number,
  ): Promise<{ groups: Group[]; rows: Positioned[] }> {
    const counts = (await this.store.counts(f.unit ?? '')).filter(
      (c) => c.items > 0 && (!f.answeredBy || c.answeredBy === f.answeredBy) && (!f.questionId || c.questionId === f.questionId),
    );
    const heads = await Promise.all(counts.map((c) => this.store.groupHeads(c.questionId, f, c.oldest)));
    const oldestOf = new Map(counts.map((c) => [c.questionId, c.oldest]));
    const groups: Group[] = [];
    counts.forEach((c, i) => {
      const h = heads[i];
      if (h) groups.push(this.group(c.questionId, h.first, c.items, c.recordings, h.first.dueSort, h.age));
    });
    groups.sort(compareGroups);
    const rows: Positioned[] = [];
    for (const g of groups) {
      const at = after ? comparePositions([g.due, g.age, g.questionId, 0, 0, ''], [after[0], after[1], after[2], 0, 0, '']) : 1;
      if (at < 0) continue;
      const from = after && at === 0 ? { dueSort: after[3], oldest: after[4], id: after[5] } : null;
      for (const e of await this.store.entriesAfter(g.questionId, from, f, limit + 1 - rows.length, oldestOf.get(g.questionId)))
        rows.push(this.positioned(e, g.due, g.age));
      if (rows.length > limit) break;
    }
    return { groups, rows };
  }

  async queue(f: QueueFilter): Promise<QueuePage> {
    const after = decodeCursor(f.cursor, POSITION);
    const filter: EntryFilter = {
      answeredBy: f.answeredBy,
      unit: f.unit,
      caseNumber: f.caseNumber,
      recordingIds: await this.recordingScope(f.request),
      questionIds: f.questionId ? [f.questionId] : undefined,
    };
    const built =
      filter.caseNumber !== undefined || filter.recordingIds !== undefined
        ? await this.narrow(filter, after, f.limit)
        : await this.wide({ ...filter, questionId: f.questionId }, after, f.limit);
    const p = page(built.rows, f.limit, POSITION);
    // What was said about the page's items (the review items), one read.
    const said = new Map((await this.store.items([...new Set(p.items.map((i) => itemId(i.kind, i.ref)))])).map((i) => [i._id, i]));
    return {
      groups: [...built.groups].sort(compareGroups).map(({ due: _d, age: _a, ...g }) => g),
      items: p.items.map(({ position: _p, ...item }) => ({ ...item, comments: said.get(itemId(item.kind, item.ref))?.comments ?? [] })),
      nextCursor: p.nextCursor,
    };
  }

  /** Counts for the dashboard: items due within `soonMs` of `now` (or overdue) among the rest. */
  async summary(now: Date, soonMs: number): Promise<QueueSummary> {
    const t = now.getTime();
    const [counts, recordings, dueSoon, overdue, assigned] = await Promise.all([
      this.store.counts(''),
      this.recordingsInReview(),
      this.store.countDue(t, t + soonMs + 1),
      this.store.countDue(Number.MIN_SAFE_INTEGER, t),
      this.store.countAssigned(),
    ]);
    const byAnsweredBy: Record<AnsweredBy, number> = { prosecutor: 0, clerk: 0, counsel: 0 };
    let items = 0;
    let questions = 0;
    for (const c of counts) {
      if (c.items <= 0) continue;
      byAnsweredBy[c.answeredBy] += c.items;
      items += c.items;
      questions += 1;
    }
    return { recordings, items, questions, byAnsweredBy, dueSoon, overdue, unassigned: Math.max(0, items - assigned) };
  }

  /**
   * From the maintained counts when they can answer (counting a third of the catalog through the
   * in_review index grew with it: about 0.3 s at 100k recordings), else through the index.
   */
  private async recordingsInReview(): Promise<number> {
    const counted = this.tallies ? await recordingsInReview(this.tallies, DIRTY_LIMIT) : null;
    return counted ?? this.store.countInReview();
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
    // The entries carry the assignee (the dashboard counts the unassigned by index).
    await this.maintainer.syncItems([id]);
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
