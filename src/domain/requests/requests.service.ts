/**
 * Sunshine Law requests (RSMo 610.023): intake with the three-business-day clock, the
 * lifecycle, the clerk's queue and the response letter. Every recording in scope is decided
 * by the release engine for the requester's kind (logged in the decision log), and is
 * protected from destruction until one year after the final response.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Actor } from '../../auth/roles';
import { responseDue } from '../../engine/business-days';
import type { SunshineSchedule } from '../../engine/calendar-schema';
import { LEGAL_ZONE, type Reason, type RequesterKind } from '../../engine/facts';
import { AppError, type FieldError, notFound } from '../../errors';
import { isoOrNull } from '../../persistence/mappers';
import type { Models } from '../../persistence/models';
import type { RequestDoc } from '../../persistence/models/request.model';
import type { Rules } from '../../rules';
import type { DerivedRefresher } from '../derived/refresher';
import type { EligibilityService, LoggedDecision } from '../eligibility/eligibility.service';
import { CLOSED_STATUSES, OPEN_STATUSES, deriveOutcome } from './lifecycle';
import { RequestTransitions } from './request-transitions';
import { type LetterRecording, type RequestLetter, buildLetter } from './letter';
import type { DelayInput, RequestInput, RequestStatus, RespondInput, ReviewInput, WithdrawInput } from './requests.schemas';

export interface TransitionEntry {
  from: string | null;
  to: string;
  at: Date;
  by: string;
  role: string;
  note: string | null;
  decisionIds: string[];
}

/** A request as read with lean(): the schema's type with its Mixed and nested parts spelled out. */
export type StoredRequest = Omit<RequestDoc, 'decisions' | 'due' | 'status' | 'requester' | 'scope' | 'history'> & {
  _id: string;
  status: RequestStatus;
  history: TransitionEntry[];
  requester: { name: string; kind: RequesterKind; contact: string | null };
  scope: { recordingIds: string[]; caseNumber: string | null; description: string | null };
  decisions: LoggedDecision[];
  due: { closeOfBusiness: string; effectiveReceiptDate: string; countedDays: string[]; reasons: Reason[] };
};

export interface IntakeOptions {
  /** config.CLOSE_OF_BUSINESS: overrides the rules' close of business when set. */
  closeOfBusiness?: string | undefined;
}

export interface QueueFilter {
  status?: RequestStatus | undefined;
  dueBefore?: Date | undefined;
  overdue?: boolean | undefined;
  cursor?: { dueBy: Date; id: string } | null;
  limit: number;
}

export class RequestsService {
  private readonly transitions: RequestTransitions;

  constructor(
    private readonly models: Models,
    private readonly eligibility: EligibilityService,
    private readonly derived: DerivedRefresher,
    private readonly rules: Rules,
  ) {
    this.transitions = new RequestTransitions(models);
  }

  private schedule(closeOfBusiness: string | undefined): SunshineSchedule {
    const s = this.rules.sunshine;
    return closeOfBusiness ? { ...s, responseWindow: { ...s.responseWindow, closeOfBusiness } } : s;
  }

  /** Recordings that exist among `ids`, and a 422 naming those that do not. */
  private async assertRecordingsExist(ids: readonly string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.models.Recording.find({ _id: { $in: [...ids] } }, { _id: 1 }).lean<{ _id: string }[]>();
    const known = new Set(found.map((r) => r._id));
    const errors: FieldError[] = [];
    ids.forEach((id, i) => {
      if (!known.has(id)) errors.push({ path: `${field}.${i}`, message: `recording ${id} does not exist` });
    });
    if (errors.length) {
      const missing = ids.filter((id) => !known.has(id));
      throw new AppError('UNPROCESSABLE', `Unknown recording id(s): ${missing.join(', ')}`, errors, { unknownRecordingIds: missing });
    }
  }

  /** The recordings in scope now: those named plus every recording linked to the case. */
  private async resolveScope(named: readonly string[], caseNumber: string | null | undefined): Promise<string[]> {
    const ids = new Set(named);
    if (caseNumber) {
      const linked = await this.models.Recording.find({ caseNumbers: caseNumber }, { _id: 1 }).lean<{ _id: string }[]>();
      for (const r of linked) ids.add(r._id);
    }
    return [...ids].sort();
  }

  private async decideAll(ids: readonly string[], requester: RequesterKind, actor: Actor, now: Date): Promise<LoggedDecision[]> {
    if (ids.length === 0) return [];
    const { decisions, notFound: missing } = await this.eligibility.decide(ids, requester, {}, actor, now);
    if (missing.length) throw new AppError('UNPROCESSABLE', `Recording(s) no longer found: ${missing.join(', ')}`);
    return decisions;
  }

  async create(input: RequestInput, actor: Actor, now: Date, opts: IntakeOptions = {}): Promise<StoredRequest> {
    const received = DateTime.fromISO(input.receivedAt, { setZone: true });
    if (received.toMillis() > now.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'receivedAt is in the future', [{ path: 'body.receivedAt', message: 'must not be after now' }]);
    }
    const named = [...new Set(input.recordingIds ?? [])].sort();
    await this.assertRecordingsExist(input.recordingIds ?? [], 'body.recordingIds');
    const recordingIds = await this.resolveScope(named, input.caseNumber);
    const schedule = this.schedule(opts.closeOfBusiness);
    const due = responseDue(this.rules.holidays, schedule, received);
    const decisions = await this.decideAll(recordingIds, input.requester.kind, actor, now);
    const id = `SR-${randomUUID()}`;
    await this.models.Request.collection.insertOne({
      _id: id as never,
      receivedAt: received.toJSDate(),
      requester: { name: input.requester.name, kind: input.requester.kind, contact: input.requester.contact ?? null },
      scope: { recordingIds: named, caseNumber: input.caseNumber ?? null, description: input.description ?? null },
      recordingIds,
      mediaItems: input.mediaItems,
      status: 'received',
      outcome: null,
      dueBy: due.dueAt.toJSDate(),
      due: { closeOfBusiness: schedule.responseWindow.closeOfBusiness, effectiveReceiptDate: due.effectiveReceiptDate, countedDays: due.countedDays, reasons: due.reasons },
      decisions,
      decidedAt: now,
      delay: null,
      reviewMinutes: 0,
      responseNote: null,
      finalResponseAt: null,
      withdrawnAt: null,
      history: [{ from: null, to: 'received', at: now, by: actor.sub, role: actor.role, note: null, decisionIds: decisions.map((d) => d.decisionId) }],
      createdAt: now,
      createdBy: actor.sub,
      updatedAt: now,
      updatedBy: actor.sub,
    });
    await this.derived.refreshRecordings(recordingIds, now);
    return this.mustGet(id);
  }

  async get(id: string): Promise<StoredRequest | null> {
    return this.models.Request.findById(id).lean<StoredRequest>();
  }

  private async mustGet(id: string): Promise<StoredRequest> {
    const r = await this.get(id);
    if (!r) throw notFound('Request', id);
    return r;
  }

  /** Starts the review; recordings identified as responsive may be added to the scope. All are re-decided now. */
  async review(id: string, input: ReviewInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('review', r);
    const added = [...new Set(input.recordingIds ?? [])];
    await this.assertRecordingsExist(added, 'body.recordingIds');
    let recordingIds: string[] = r.recordingIds;
    const updated = await this.transitions.apply('review', r, actor, now, async () => {
      recordingIds = await this.resolveScope([...r.recordingIds, ...added], r.scope.caseNumber);
      const decisions = await this.decideAll(recordingIds, r.requester.kind, actor, now);
      return { set: { recordingIds, decisions, decidedAt: now }, note: input.note ?? null, decisionIds: decisions.map((d) => d.decisionId) };
    });
    const fresh = recordingIds.filter((x) => !r.recordingIds.includes(x));
    if (fresh.length) await this.derived.refreshRecordings(fresh, now);
    return updated;
  }

  /** RSMo 610.023.3: the cause of the delay and the earliest date and time the records will be available. */
  async delay(id: string, input: DelayInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('delay', r);
    const availableAt = DateTime.fromISO(input.availableAt, { setZone: true });
    if (availableAt.toMillis() <= now.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'availableAt must be in the future: the earliest date and time the records will be available', [
        { path: 'body.availableAt', message: 'must be after now' },
      ]);
    }
    const cause = input.cause.trim();
    return this.transitions.apply('delay', r, actor, now, async () => ({ set: { delay: { cause, availableAt: availableAt.toJSDate(), at: now, by: actor.sub } }, note: cause }));
  }

  /**
   * The final response. Every recording in scope is re-decided now (and logged); the outcome
   * follows from those decisions, so a clerk cannot release what the engine withholds.
   */
  async respond(id: string, input: RespondInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('respond', r);
    let recordingIds: string[] = r.recordingIds;
    const updated = await this.transitions.apply('respond', r, actor, now, async () => {
      recordingIds = await this.resolveScope(r.recordingIds, r.scope.caseNumber);
      const decisions = await this.decideAll(recordingIds, r.requester.kind, actor, now);
      const derived = deriveOutcome(decisions);
      if (!derived.ok) throw new AppError('INVALID_TRANSITION', derived.reason, [], { pendingRecordingIds: derived.pending });
      return {
        set: {
          recordingIds,
          decisions,
          decidedAt: now,
          outcome: derived.outcome,
          finalResponseAt: now,
          responseNote: input.note ?? null,
          reviewMinutes: input.reviewMinutes ?? 0,
        },
        note: input.note ?? null,
        decisionIds: decisions.map((d) => d.decisionId),
      };
    });
    await this.derived.refreshRecordings(recordingIds, now);
    return updated;
  }

  /** A withdrawn request protects its recordings until one year after withdrawal (policy reading, to confirm). */
  async withdraw(id: string, input: WithdrawInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('withdraw', r);
    const updated = await this.transitions.apply('withdraw', r, actor, now, async () => ({ set: { withdrawnAt: now }, note: input.note ?? null }));
    await this.derived.refreshRecordings(r.recordingIds, now);
    return updated;
  }

  /** The clerk's queue, soonest due first (ties by id), with a (dueBy, id) cursor. */
  async list(f: QueueFilter, now: Date): Promise<{ items: StoredRequest[]; nextCursor: { dueBy: Date; id: string } | null }> {
    const and: Record<string, unknown>[] = [];
    if (f.status) and.push({ status: f.status });
    if (f.dueBefore) and.push({ dueBy: { $lt: f.dueBefore } });
    if (f.overdue === true) and.push({ status: { $in: [...OPEN_STATUSES] } }, { dueBy: { $lt: now } });
    if (f.overdue === false) and.push({ $or: [{ status: { $in: [...CLOSED_STATUSES] } }, { dueBy: { $gte: now } }] });
    if (f.cursor) and.push({ $or: [{ dueBy: { $gt: f.cursor.dueBy } }, { dueBy: f.cursor.dueBy, _id: { $gt: f.cursor.id } }] });
    const rows = await this.models.Request.find(and.length ? { $and: and } : {})
      .sort({ dueBy: 1, _id: 1 })
      .limit(f.limit + 1)
      .lean<StoredRequest[]>();
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? { dueBy: last.dueBy, id: last._id } : null };
  }

  /** Open requests past their deadline, and those due by the end of today (America/Chicago). */
  async queue(now: Date): Promise<{ overdue: StoredRequest[]; dueToday: StoredRequest[] }> {
    const endOfToday = DateTime.fromJSDate(now, { zone: LEGAL_ZONE }).endOf('day').toJSDate();
    const open = await this.models.Request.find({ $and: [{ status: { $in: [...OPEN_STATUSES] } }, { dueBy: { $lte: endOfToday } }] })
      .sort({ dueBy: 1, _id: 1 })
      .lean<StoredRequest[]>();
    return { overdue: open.filter((r) => r.dueBy < now), dueToday: open.filter((r) => r.dueBy >= now) };
  }

  /** The response letter (or, before the response, a draft from the latest decisions). */
  async letter(id: string, now: Date): Promise<RequestLetter> {
    const r = await this.mustGet(id);
    const ids = r.decisions.map((d) => d.recordingId);
    const docs = ids.length
      ? await this.models.Recording.find({ _id: { $in: ids } }, { durationSeconds: 1, recordedAt: 1, title: 1 }).lean<{ _id: string; durationSeconds: number; recordedAt: Date; title?: string | null }[]>()
      : [];
    const recordings = new Map<string, LetterRecording>(docs.map((d) => [d._id, { durationSeconds: d.durationSeconds, recordedAt: isoOrNull(d.recordedAt), title: d.title ?? null }]));
    return buildLetter(r, recordings, this.rules.sunshine.fees, now);
  }
}
