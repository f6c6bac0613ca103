/**
 * Sunshine Law requests (RSMo 610.023): intake with the three-business-day clock, the
 * lifecycle, the clerk's queue and the response letter. Every recording in scope is decided
 * by the release engine for the requester's kind (logged in the decision log), and is
 * protected from destruction until two years after the later of the final response and the withdrawal.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Actor } from '../../auth/roles';
import type { RequesterKind } from '../../engine/facts';
import { AppError, type FieldError, notFound } from '../../errors';
import { legalDateTime, legalDay, legalIso, legalIsoOrNull } from '../../engine/legal-time';
import type { Rules } from '../../rules';
import type { CaseStore, HoldStore, RecordingStore } from '../catalog/ports';
import type { StoredHold } from '../catalog/records';
import { type CursorKey, decodeCursor, page } from '../pagination';
import type { DerivedRefresher } from '../derived/refresher';
import type { EligibilityService } from '../eligibility/eligibility.service';
import type { LoggedDecision } from '../eligibility/ports';
import { type SunshineDueDate, storedDue, sunshineDueDate } from './due-date';
import { repairDueDates } from './due-date-repair';
import { deriveOutcome, splitPartial } from './lifecycle';
import type { NotResponsiveEntry, QueueFilter, RequestStore, ResponseEntry, StoredRequest } from './ports';
import { resolveCaseNumber } from './case-match';
import {
  type AnswerTotals,
  type BulkCheckCsv,
  type RecordingAnswer,
  type RecordingRow,
  answers,
  bulkCheckCsv,
  rowsFor,
} from './request-recordings';
import { RequestTransitions } from './request-transitions';
import { type LetterRecording, type RequestLetter, buildLetter } from './letter';
import { counterKey, formatRequestNumber, parseRequestNumber, receiptYear } from './request-number';
import type {
  AddRecordingsInput,
  RecordingMatchInput,
  DelayInput,
  FurtherDelayInput,
  NotResponsiveInput,
  PartialResponseInput,
  RequestInput,
  RequesterClaimInput,
  RespondInput,
  ReviewInput,
  SuitInput,
  WithdrawInput,
  ClaimUpdateInput,
} from './requests.schemas';

export type { QueueFilter, ResponseEntry, StoredRequest, TransitionEntry } from './ports';

/** The queue's sort key in a cursor: "<dueBy ms>|<request id>". */
const QUEUE_ORDER: CursorKey<Pick<StoredRequest, 'dueBy' | '_id'>, { dueBy: Date; id: string }> = {
  write: (r) => `${r.dueBy.getTime()}|${r._id}`,
  read: (text) => {
    const m = /^(\d{1,15})\|(SR-[0-9a-f-]{36})$/.exec(text);
    return m?.[1] && m[2] ? { dueBy: new Date(Number(m[1])), id: m[2] } : null;
  },
};

/**
 * The recording table's position in a cursor: "o<n>", the number of rows of the request's (sorted)
 * scope before the next page. The scope is computed anew on every read, so a position is all there is to keep.
 */
const TABLE_POSITION: CursorKey<{ position: number }, number> = {
  write: (row) => `o${row.position}`,
  read: (text) => {
    const m = /^o(\d{1,7})$/.exec(text);
    return m?.[1] ? Number(m[1]) : null;
  },
};

export interface IntakeOptions {
  /** config.CLOSE_OF_BUSINESS: overrides the rules' close of business when set. */
  closeOfBusiness?: string | undefined;
}

export class RequestsService {
  private readonly transitions: RequestTransitions;

  constructor(
    private readonly requests: RequestStore,
    private readonly recordings: Pick<RecordingStore, 'existing' | 'idsByCase' | 'getMany' | 'list'>,
    private readonly eligibility: EligibilityService,
    private readonly derived: DerivedRefresher,
    private readonly rules: Rules,
    private readonly holds: Pick<HoldStore, 'insert' | 'get'>,
    private readonly cases: Pick<CaseStore, 'numbersLike'>,
  ) {
    this.transitions = new RequestTransitions(requests, derived);
  }

  /** The due date for a receipt instant (any instant, past or future): the calculator's answer, and exactly what intake stores. */
  dueDate(receivedAt: string, opts: IntakeOptions = {}): SunshineDueDate {
    return sunshineDueDate(this.rules, DateTime.fromISO(receivedAt, { setZone: true }), opts.closeOfBusiness);
  }

  /** Open requests dated later than the clock in force gets the earlier date, with a history note (see due-date-repair.ts); run by the sweep. */
  repairDueDates(now: Date): Promise<number> {
    return repairDueDates(this.requests, this.rules, now, (recordingIds, write) =>
      recordingIds.length ? this.derived.change({ recordingIds: [...recordingIds] }, now, write) : write(),
    );
  }

  /** Recordings that exist among `ids`, and a 422 naming those that do not. */
  private async assertRecordingsExist(ids: readonly string[], field: string): Promise<void> {
    if (ids.length === 0) return;
    const known = await this.recordings.existing(ids);
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
      for (const id of await this.recordings.idsByCase(caseNumber)) ids.add(id);
    }
    return [...ids].sort();
  }

  /** The recordings the request asks for: the scope now less those marked not responsive. */
  private async responsiveScope(r: StoredRequest, extra: readonly string[] = []): Promise<{ all: string[]; responsive: string[] }> {
    const all = await this.resolveScope([...r.recordingIds, ...extra], r.scope.caseNumber);
    const excluded = new Set((r.notResponsive ?? []).map((x) => x.recordingId));
    return { all, responsive: all.filter((x) => !excluded.has(x)) };
  }

  private async decideAll(
    ids: readonly string[],
    requester: RequesterKind,
    actor: Actor,
    now: Date,
    claim: RequesterClaimInput | null | undefined,
    /** The request's number: counsel's determinations for a recording in this request apply (MO-COUNSEL). */
    requestNumber: string | null = null,
  ): Promise<LoggedDecision[]> {
    if (ids.length === 0) return [];
    const { decisions, notFound: missing } = await this.eligibility.decide(
      ids,
      requester,
      { claim: claim ?? null, requestNumber },
      actor,
      now,
    );
    if (missing.length) throw new AppError('UNPROCESSABLE', `Recording(s) no longer found: ${missing.join(', ')}`);
    return decisions;
  }

  async create(input: RequestInput, actor: Actor, now: Date, opts: IntakeOptions = {}): Promise<StoredRequest> {
    const received = DateTime.fromISO(input.receivedAt, { setZone: true });
    if (received.toMillis() > now.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'receivedAt is in the future', [{ path: 'receivedAt', message: 'must not be after now' }]);
    }
    const named = [...new Set(input.recordingIds ?? [])].sort();
    await this.assertRecordingsExist(input.recordingIds ?? [], 'recordingIds');
    const caseNumber =
      input.caseNumber === undefined ? null : await resolveCaseNumber(this.cases, this.recordings, input.caseNumber, 'caseNumber');
    const recordingIds = await this.resolveScope(named, caseNumber);
    const due = this.dueDate(input.receivedAt, opts);
    const decisions = await this.decideAll(recordingIds, input.requester.kind, actor, now, input.requester.claim);
    const id = `SR-${randomUUID()}`;
    const number = await this.allocateNumber(received.toJSDate());
    const request: StoredRequest = {
      _id: id,
      number,
      receivedAt: received.toJSDate(),
      requester: {
        name: input.requester.name,
        kind: input.requester.kind,
        contact: input.requester.contact ?? null,
        claim: input.requester.claim ?? null,
      },
      scope: { recordingIds: named, caseNumber, description: input.description ?? null },
      recordingIds,
      mediaItems: input.mediaItems,
      status: 'received',
      outcome: null,
      dueBy: due.dueBy,
      due: storedDue(due),
      decisions,
      decidedAt: now,
      delay: null,
      reviewMinutes: 0,
      responseNote: null,
      finalResponseAt: null,
      withdrawnAt: null,
      history: [
        {
          from: null,
          to: 'received',
          at: now,
          by: actor.sub,
          role: actor.role,
          note: null,
          decisionIds: decisions.map((d) => d.decisionId),
        },
      ],
      version: 0,
      createdAt: now,
      createdBy: actor.sub,
      updatedAt: now,
      updatedBy: actor.sub,
    };
    // The request protects its recordings from destruction: their retention is re-decided with it.
    await this.derived.change({ recordingIds }, now, () => this.requests.insert(request));
    return this.mustGet(id);
  }

  /** A request by its internal id or by its number as a clerk types it (`sr-2026-123` finds `SR-2026-00123`). */
  get(idOrNumber: string): Promise<StoredRequest | null> {
    const number = parseRequestNumber(idOrNumber);
    return number ? this.requests.getByNumber(number) : this.requests.get(idOrNumber);
  }

  /** The next number of the year of receipt, from the database's counter (unique across processes). */
  private async allocateNumber(receivedAt: Date): Promise<string> {
    const year = receiptYear(receivedAt);
    return formatRequestNumber(year, await this.requests.nextSeq(counterKey(year)));
  }

  /**
   * Numbers the requests stored before numbers existed (start-up and the sweep), oldest receipt
   * first, each from its own year's counter. Idempotent and safe to run in several processes at
   * once: the write is conditional on the request having no number, and a number allocated for a
   * request another process numbered first is simply never used (a gap). Returns how many it numbered.
   */
  async numberExisting(batch = 500): Promise<number> {
    let done = 0;
    for (;;) {
      const rows = await this.requests.unnumbered(batch);
      if (rows.length === 0) return done;
      let progressed = false;
      for (const row of rows) {
        if (await this.requests.setNumber(row._id, await this.allocateNumber(row.receivedAt))) done++;
        progressed = true;
      }
      if (!progressed) return done;
    }
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
    await this.assertRecordingsExist(added, 'recordingIds');
    return this.transitions.apply('review', r, actor, now, async () => {
      // A recording named again at review is responsive again, even if it was marked not responsive.
      const notResponsive = (r.notResponsive ?? []).filter((x) => !added.includes(x.recordingId));
      const { all: recordingIds, responsive } = await this.responsiveScope({ ...r, notResponsive }, added);
      const decisions = await this.decideAll(responsive, r.requester.kind, actor, now, r.requester.claim, r.number ?? null);
      const affects = recordingIds.filter((x) => !r.recordingIds.includes(x));
      return {
        set: { recordingIds, notResponsive, decisions, decidedAt: now },
        note: input.note ?? null,
        decisionIds: decisions.map((d) => d.decisionId),
        affects,
      };
    });
  }

  private static futureAvailability(availableAtIso: string, now: Date): DateTime {
    const availableAt = DateTime.fromISO(availableAtIso, { setZone: true });
    if (availableAt.toMillis() <= now.getTime()) {
      throw new AppError(
        'VALIDATION_FAILED',
        'availableAt must be in the future: the earliest date and time the records will be available',
        [{ path: 'availableAt', message: 'must be after now' }],
      );
    }
    return availableAt;
  }

  /** RSMo 610.023.3: the cause of the delay and the earliest date and time the records will be available. */
  async delay(id: string, input: DelayInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('delay', r);
    const availableAt = RequestsService.futureAvailability(input.availableAt, now);
    const cause = input.cause.trim();
    const place = input.place?.trim() ?? null;
    return this.transitions.apply('delay', r, actor, now, () => ({
      set: { delay: { cause, availableAt: availableAt.toJSDate(), at: now, by: actor.sub, place } },
      note: place === null ? cause : `${cause} (available at ${place})`,
    }));
  }

  /**
   * A further delay (counsel review finding 7, RSMo 610.023.3): a delayed or partially answered
   * request whose stated availability cannot be kept gets a new cause and a new earliest date,
   * time and place. The delay in force is replaced (the letter is generated from it), the
   * history records the change, and the status and due date stay as they were. One conditional
   * write on the version read, like every transition.
   */
  async furtherDelay(id: string, input: FurtherDelayInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('further_delay', r);
    const availableAt = RequestsService.futureAvailability(input.availableAt, now);
    const cause = input.cause.trim();
    const place = input.place.trim();
    const replaces = r.delay?.availableAt ?? null;
    return this.transitions.apply('further_delay', r, actor, now, () => ({
      set: { delay: { cause, availableAt: availableAt.toJSDate(), at: now, by: actor.sub, place, replaces } },
      note: `further delay${replaces ? ` (was available from ${legalIso(replaces)})` : ''} until ${availableAt.toISO()} at ${place}: ${cause}`,
    }));
  }

  /**
   * The recordings already answered by earlier partial or supplemental responses, with the
   * decisions they were answered with, and the scope now (named + case-linked recordings).
   */
  private async answeredSoFar(r: StoredRequest): Promise<{ recordingIds: string[]; answered: LoggedDecision[]; remaining: string[] }> {
    const { all: recordingIds, responsive } = await this.responsiveScope(r);
    const answeredIds = new Set((r.responses ?? []).flatMap((x) => x.answeredRecordingIds));
    const answered = r.decisions.filter((d) => answeredIds.has(d.recordingId));
    return { recordingIds, answered, remaining: responsive.filter((x) => !answeredIds.has(x)) };
  }

  /**
   * Recordings found responsive during review (by id, or every recording linked to a case typed
   * in any letter case; an unknown case is refused with the nearest known numbers). They join the
   * scope and are decided for this requester now; one marked not responsive before is responsive
   * again. One conditional write on the version read; the status does not change.
   */
  async addRecordings(idOrNumber: string, input: AddRecordingsInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(idOrNumber);
    RequestTransitions.refuseUnlessAllowed('scope', r);
    const named = [...new Set(input.recordingIds ?? [])];
    await this.assertRecordingsExist(named, 'recordingIds');
    const caseNumber =
      input.caseNumber === undefined ? null : await resolveCaseNumber(this.cases, this.recordings, input.caseNumber, 'caseNumber');
    const fromCase = caseNumber ? await this.recordings.idsByCase(caseNumber) : [];
    if (caseNumber && fromCase.length === 0 && named.length === 0) {
      throw new AppError('UNPROCESSABLE', `No recording is linked to case ${caseNumber}`, [
        { path: 'caseNumber', message: `no recording is linked to case ${caseNumber}` },
      ]);
    }
    const matched = input.match ? await this.matching(input.match, now) : [];
    const adding = [...new Set([...named, ...fromCase, ...matched])].sort();
    return this.transitions.apply('scope', r, actor, now, async () => {
      const notResponsive = (r.notResponsive ?? []).filter((x) => !adding.includes(x.recordingId));
      const { all: recordingIds, responsive } = await this.responsiveScope({ ...r, notResponsive }, adding);
      const decided = new Set(r.decisions.map((d) => d.recordingId));
      const fresh = await this.decideAll(
        responsive.filter((x) => !decided.has(x)),
        r.requester.kind,
        actor,
        now,
        r.requester.claim,
        r.number ?? null,
      );
      const keep = new Set(responsive);
      const decisions = [...r.decisions.filter((d) => keep.has(d.recordingId)), ...fresh].sort((a, b) =>
        a.recordingId.localeCompare(b.recordingId),
      );
      const newly = recordingIds.filter((x) => !r.recordingIds.includes(x));
      const again = (r.notResponsive ?? []).filter((x) => adding.includes(x.recordingId)).map((x) => x.recordingId);
      const m = input.match;
      const matchText = m
        ? `${[m.cameraSerial && `camera ${m.cameraSerial}`, m.officerId && `officer ${m.officerId}`, m.unit && `unit ${m.unit}`, m.place && `place "${m.place}"`].filter(Boolean).join(', ')} from ${m.recordedFrom} to ${m.recordedTo}`
        : null;
      const what = [caseNumber ? `case ${caseNumber}` : null, matchText, named.length ? `${named.length} named recording(s)` : null]
        .filter(Boolean)
        .join(' and ');
      const note = `added from ${what}: ${newly.length} new recording(s)${newly.length ? ` (${newly.join(', ')})` : ''}${again.length ? `; responsive again: ${again.join(', ')}` : ''}${input.note ? ` — ${input.note}` : ''}`;
      return {
        set: { recordingIds, notResponsive, decisions, decidedAt: now },
        note,
        decisionIds: fresh.map((d) => d.decisionId),
        affects: newly,
      };
    });
  }

  /**
   * The recordings a request names by camera, officer, unit and/or place over a range of recorded
   * time, through the catalog's indexed list (a place is matched in the address, any letter case,
   * page by page). More than 1000, or more than 50 000 read for a place, is refused: narrow the range.
   */
  private async matching(m: RecordingMatchInput, now: Date): Promise<string[]> {
    const from = DateTime.fromISO(m.recordedFrom, { setZone: true }).toJSDate();
    const to = DateTime.fromISO(m.recordedTo, { setZone: true }).toJSDate();
    if (to <= from)
      throw new AppError('VALIDATION_FAILED', 'recordedTo must be after recordedFrom', [
        { path: 'body.match.recordedTo', message: 'must be after the start of the range' },
      ]);
    const place = m.place?.trim().toUpperCase();
    const found: string[] = [];
    let after: { id: string } | null = null;
    for (let read = 0; ;) {
      const page = await this.recordings.list(
        { cameraSerial: m.cameraSerial, officerId: m.officerId, unit: m.unit, recordedFrom: from, recordedTo: to },
        'id',
        after,
        1000,
        now,
      );
      read += page.length;
      for (const x of page) if (!place || (x.location?.address ?? '').toUpperCase().includes(place)) found.push(x._id);
      const tooMany = found.length > 1000 || (read >= 50_000 && page.length === 1000);
      if (tooMany) {
        throw new AppError('UNPROCESSABLE', 'More than 1000 recordings match: narrow the dates, or name the camera, officer or unit', [
          { path: 'body.match.recordedFrom', message: 'more than 1000 recordings match; narrow the range' },
        ]);
      }
      const last = page.at(-1);
      if (page.length < 1000 || !last) break;
      after = { id: last._id };
    }
    if (found.length === 0)
      throw new AppError('UNPROCESSABLE', 'No recording matches', [
        { path: 'body.match', message: 'no recording matches these dates and this camera, officer, unit or place' },
      ]);
    return found;
  }

  /**
   * Recordings in scope that the request does not ask for, with the reason: they are no longer
   * decided, answered, listed in the letter or billed, and stay in recordingIds, so the request
   * still protects them from destruction (marking one not responsive cannot shorten its
   * retention). A recording already answered by a partial response cannot be taken back.
   */
  async markNotResponsive(idOrNumber: string, input: NotResponsiveInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(idOrNumber);
    RequestTransitions.refuseUnlessAllowed('scope', r);
    const ids = [...new Set(input.recordingIds)];
    const reason = input.reason.trim();
    return this.transitions.apply('scope', r, actor, now, async () => {
      const { all } = await this.responsiveScope(r);
      const errors: FieldError[] = [];
      input.recordingIds.forEach((x, i) => {
        if (!all.includes(x)) errors.push({ path: `recordingIds.${i}`, message: `recording ${x} is not in this request` });
      });
      if (errors.length)
        throw new AppError(
          'UNPROCESSABLE',
          `Not in this request: ${input.recordingIds.filter((x) => !all.includes(x)).join(', ')}`,
          errors,
        );
      const answered = new Set((r.responses ?? []).flatMap((x) => x.answeredRecordingIds));
      const taken = ids.filter((x) => answered.has(x));
      if (taken.length) {
        throw new AppError(
          'INVALID_TRANSITION',
          `Already answered in an earlier response, so they cannot be marked not responsive now: ${taken.join(', ')}`,
          [],
          { answeredRecordingIds: taken },
        );
      }
      const entries: NotResponsiveEntry[] = ids.map((recordingId) => ({ recordingId, reason, at: now, by: actor.sub }));
      const notResponsive = [...(r.notResponsive ?? []).filter((x) => !ids.includes(x.recordingId)), ...entries].sort((a, b) =>
        a.recordingId.localeCompare(b.recordingId),
      );
      const decisions = r.decisions.filter((d) => !ids.includes(d.recordingId));
      return { set: { recordingIds: all, notResponsive, decisions }, note: `not responsive: ${ids.join(', ')} — ${reason}` };
    });
  }

  /**
   * The requester's claim (what they have shown: in writing, identity or relationship verified, on
   * whose behalf…) as it stands now, replacing the one recorded at intake: how a clerk answers a
   * requester question after the request was logged. The recordings not yet answered are decided
   * again with it (answers already sent stand as given); the request's history records the change
   * with its note, and the audit trail the call. The status does not change.
   */
  async updateClaim(idOrNumber: string, input: ClaimUpdateInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(idOrNumber);
    RequestTransitions.refuseUnlessAllowed('claim', r);
    return this.transitions.apply('claim', r, actor, now, async () => {
      const { recordingIds, answered, remaining } = await this.answeredSoFar(r);
      const decisions = await this.decideAll(remaining, r.requester.kind, actor, now, input.claim, r.number ?? null);
      const shown = Object.keys(input.claim).sort();
      return {
        set: {
          requester: { ...r.requester, claim: input.claim },
          recordingIds,
          decisions: [...answered, ...decisions].sort((a, b) => a.recordingId.localeCompare(b.recordingId)),
          decidedAt: now,
        },
        note: `requester's claim now: ${shown.length ? shown.join(', ') : 'nothing shown'}; ${decisions.length} recording(s) decided again${input.note ? ` — ${input.note}` : ''}`,
        decisionIds: decisions.map((d) => d.decisionId),
      };
    });
  }

  /**
   * A partial or supplemental response (A15, RSMo 610.023.3, 610.024): the recordings not yet
   * answered are decided now; what the engine decided is answered (released or withheld) and the
   * rest is delayed with the cause and the earliest date and time. Earlier answers stand as given.
   * The due date does not move: it runs on the whole request. One conditional write on the
   * version read, like every transition; a repeat answers nothing new and is refused.
   */
  async partial(id: string, input: PartialResponseInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('partial', r);
    const availableAt = RequestsService.futureAvailability(input.availableAt, now);
    const cause = input.cause.trim();
    const place = input.place?.trim() ?? null;
    return this.transitions.apply('partial', r, actor, now, async () => {
      const { recordingIds, answered, remaining } = await this.answeredSoFar(r);
      const decisions = await this.decideAll(remaining, r.requester.kind, actor, now, r.requester.claim, r.number ?? null);
      const split = splitPartial(decisions);
      if (!split.ok) throw new AppError('INVALID_TRANSITION', split.reason, [], { pendingRecordingIds: split.pending });
      const previous = r.responses ?? [];
      const entry: ResponseEntry = {
        seq: previous.length + 1,
        kind: previous.length === 0 ? 'partial' : 'supplemental',
        at: now,
        by: actor.sub,
        answeredRecordingIds: split.answered,
        decisionIds: decisions.filter((d) => split.answered.includes(d.recordingId)).map((d) => d.decisionId),
        pendingRecordingIds: split.pending,
        delay: { cause, availableAt: availableAt.toJSDate(), place },
        note: input.note ?? null,
      };
      return {
        set: {
          recordingIds,
          decisions: [...answered, ...decisions].sort((a, b) => a.recordingId.localeCompare(b.recordingId)),
          decidedAt: now,
          responses: [...previous, entry],
          delay: { cause, availableAt: availableAt.toJSDate(), at: now, by: actor.sub, place },
          reviewMinutes: (r.reviewMinutes ?? 0) + (input.reviewMinutes ?? 0),
        },
        note: `${entry.kind} response: ${split.answered.length} recording(s) answered, ${split.pending.length} delayed until ${availableAt.toISO()}: ${cause}`,
        decisionIds: decisions.map((d) => d.decisionId),
        affects: recordingIds.filter((x) => !r.recordingIds.includes(x)),
      };
    });
  }

  /**
   * The final response. Every recording not yet answered is re-decided now (and logged); the
   * outcome follows from the decisions of the whole request (earlier partial answers included),
   * so a clerk cannot release what the engine withholds.
   */
  async respond(id: string, input: RespondInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('respond', r);
    return this.transitions.apply('respond', r, actor, now, async () => {
      const { recordingIds, answered, remaining } = await this.answeredSoFar(r);
      const decisions = await this.decideAll(remaining, r.requester.kind, actor, now, r.requester.claim, r.number ?? null);
      const pending = deriveOutcome(decisions);
      if (!pending.ok && pending.pending.length > 0)
        throw new AppError('INVALID_TRANSITION', pending.reason, [], { pendingRecordingIds: pending.pending });
      const all = [...answered, ...decisions].sort((a, b) => a.recordingId.localeCompare(b.recordingId));
      if (input.noResponsiveRecords && all.length > 0) {
        throw new AppError(
          'INVALID_TRANSITION',
          `${all.length} recording(s) are still responsive to this request: mark them not responsive (with the reason) before answering "no responsive records".`,
          [],
          {
            responsiveRecordingIds: all.map((d) => d.recordingId),
          },
        );
      }
      if (all.length === 0 && !input.noResponsiveRecords) {
        throw new AppError(
          'INVALID_TRANSITION',
          'No recording is in scope, so there is nothing to decide: add the responsive recordings (by id or case number), or, if the search found none, answer "no responsive records" (noResponsiveRecords: true).',
          [],
          { pendingRecordingIds: [] },
        );
      }
      const derived = all.length === 0 ? { ok: true as const, outcome: 'no_responsive_records' as const } : deriveOutcome(all);
      if (!derived.ok) throw new AppError('INVALID_TRANSITION', derived.reason, [], { pendingRecordingIds: derived.pending });
      const previous = r.responses ?? [];
      const responses: ResponseEntry[] =
        previous.length === 0
          ? []
          : [
              ...previous,
              {
                seq: previous.length + 1,
                kind: 'final',
                at: now,
                by: actor.sub,
                answeredRecordingIds: decisions.map((d) => d.recordingId),
                decisionIds: decisions.map((d) => d.decisionId),
                pendingRecordingIds: [],
                delay: null,
                note: input.note ?? null,
              },
            ];
      return {
        set: {
          recordingIds,
          decisions: all,
          decidedAt: now,
          outcome: derived.outcome,
          finalResponseAt: now,
          responseNote: input.note ?? null,
          reviewMinutes: (previous.length ? (r.reviewMinutes ?? 0) : 0) + (input.reviewMinutes ?? 0),
          ...(responses.length ? { responses } : {}),
        },
        note: input.note ?? null,
        decisionIds: decisions.map((d) => d.decisionId),
        affects: recordingIds,
      };
    });
  }

  /** A withdrawn request protects its recordings until two years after the later of withdrawal and any final response (RET-REQUEST-2Y). */
  async withdraw(id: string, input: WithdrawInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(id);
    RequestTransitions.refuseUnlessAllowed('withdraw', r);
    return this.transitions.apply('withdraw', r, actor, now, () => ({
      set: { withdrawnAt: now },
      note: input.note ?? null,
      affects: r.recordingIds,
    }));
  }

  /**
   * A suit about the request was served (RSMo 610.027; A18): a litigation hold is placed on every
   * recording in scope at once, so nothing the suit is about can be destroyed while it runs (the
   * hold is released through the holds API when the litigation ends). Two idempotent steps: the
   * hold has an id derived from the request (placed once, found again on a retry), then the suit
   * is written on the request conditional on none being recorded. A repeat with the same
   * reference answers the request as it is; another suit on the same request is refused.
   */
  async suitServed(idOrNumber: string, input: SuitInput, actor: Actor, now: Date): Promise<StoredRequest> {
    const r = await this.mustGet(idOrNumber);
    const id = r._id;
    const servedAt = DateTime.fromISO(input.servedAt, { setZone: true });
    if (servedAt.toMillis() > now.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'servedAt is in the future', [{ path: 'servedAt', message: 'must not be after now' }]);
    }
    const reference = input.reference.trim();
    if (r.suit) {
      if (r.suit.reference === reference) return r;
      throw new AppError(
        'CONFLICT',
        `A suit (${r.suit.reference}) is already recorded on request ${id}, with hold ${r.suit.holdId}; record another suit's hold through the holds API.`,
      );
    }
    const holdId = `HOLD-SUIT-${id}`;
    const scope = await this.resolveScope(r.recordingIds, r.scope.caseNumber);
    if (!(await this.holds.get(holdId))) {
      const hold: StoredHold = {
        _id: holdId,
        recordingIds: scope,
        caseNumber: null,
        reason: 'litigation',
        authority: `Suit ${reference}${input.court ? ` (${input.court.trim()})` : ''} about Sunshine request ${id}, served ${legalDay(servedAt)} (RSMo 610.027)`,
        placedAt: now,
        placedBy: actor.sub,
        releasedAt: null,
        releasedBy: null,
        active: true,
      };
      await this.derived
        .change(hold, now, () => this.holds.insert(hold))
        .catch(async (e: unknown) => {
          // A concurrent or earlier attempt placed it: the hold exists, which is all this step needs.
          if (!(e instanceof AppError && e.code === 'CONFLICT' && (await this.holds.get(holdId)))) throw e;
        });
    }
    const suit = {
      reference,
      court: input.court?.trim() ?? null,
      servedAt: servedAt.toJSDate(),
      holdId,
      recordedAt: now,
      recordedBy: actor.sub,
    };
    if (!(await this.requests.recordSuit(id, suit))) {
      const again = await this.mustGet(id);
      if (again.suit?.reference === reference) return again;
      throw new AppError('CONFLICT', `Another suit was recorded on request ${id} meanwhile (${again.suit?.reference ?? '?'}).`);
    }
    return this.mustGet(id);
  }

  /**
   * The request's recordings with what a clerk decides with and the answer for this requester,
   * totals by answer, paged by position in the (sorted) scope; `answer` keeps one kind of answer.
   */
  async recordingTable(
    idOrNumber: string,
    f: { answer?: RecordingAnswer | undefined; cursor?: string | undefined; limit: number },
  ): Promise<{ request: StoredRequest; items: RecordingRow[]; totals: AnswerTotals; total: number; nextCursor: string | null }> {
    const r = await this.mustGet(idOrNumber);
    const { all } = await this.responsiveScope(r);
    const { ids, totals } = answers(r, all);
    const kept = f.answer ? ids.filter((x) => x.answer === f.answer) : ids;
    const from = decodeCursor(f.cursor, TABLE_POSITION) ?? 0;
    const p = page(
      kept.slice(from, from + f.limit + 1).map((x, i) => ({ ...x, position: from + i + 1 })),
      f.limit,
      TABLE_POSITION,
    );
    const docs = await this.recordings.getMany(p.items.map((x) => x.recordingId));
    return { request: r, items: rowsFor(r, p.items, docs), totals, total: kept.length, nextCursor: p.nextCursor };
  }

  /** The bulk check as CSV: every recording in scope with its answer for this requester (not attached). */
  async bulkCheck(idOrNumber: string, now: Date): Promise<{ request: StoredRequest; csv: BulkCheckCsv }> {
    const r = await this.mustGet(idOrNumber);
    const { all } = await this.responsiveScope(r);
    const { ids, totals } = answers(r, all);
    const docs = await this.recordings.getMany(all);
    return { request: r, csv: bulkCheckCsv(r, rowsFor(r, ids, docs), totals, now, this.rules.questions) };
  }

  /**
   * Exports the bulk check and attaches it to the request: its digest, size, row count, totals and
   * the request version it shows are appended to the request (one atomic $push), so the request
   * record shows what was attached and when; the CSV goes back to the clerk to file.
   */
  async attachBulkCheck(idOrNumber: string, actor: Actor, now: Date): Promise<{ request: StoredRequest; csv: BulkCheckCsv }> {
    const { request: r, csv } = await this.bulkCheck(idOrNumber, now);
    const entry = {
      kind: 'bulk_check_csv' as const,
      name: csv.name,
      sha256: csv.sha256,
      bytes: csv.bytes,
      rows: csv.rows,
      totals: csv.totals,
      requestVersion: r.version ?? 0,
      at: now,
      by: actor.sub,
    };
    if (!(await this.requests.attach(r._id, entry))) throw notFound('Request', idOrNumber);
    return { request: await this.mustGet(r._id), csv };
  }

  /** The clerk's queue, soonest due first (ties by id), with a (dueBy, id) cursor. */
  async list(
    f: Omit<QueueFilter, 'cursor'> & { cursor?: string | undefined },
    now: Date,
  ): Promise<{ items: StoredRequest[]; nextCursor: string | null }> {
    const rows = await this.requests.list({ ...f, cursor: decodeCursor(f.cursor, QUEUE_ORDER) }, now);
    return page(rows, f.limit, QUEUE_ORDER);
  }

  /** Open requests past their deadline, and those due by the end of today (America/Chicago). */
  async queue(now: Date): Promise<{ overdue: StoredRequest[]; dueToday: StoredRequest[] }> {
    const endOfToday = legalDateTime(now).endOf('day').toJSDate();
    const open = await this.requests.openDueBy(endOfToday);
    return { overdue: open.filter((r) => r.dueBy < now), dueToday: open.filter((r) => r.dueBy >= now) };
  }

  /** The response letter (or, before the response, a draft from the latest decisions). */
  async letter(id: string, now: Date): Promise<RequestLetter> {
    const r = await this.mustGet(id);
    const ids = [...r.decisions.map((d) => d.recordingId), ...(r.notResponsive ?? []).map((x) => x.recordingId)];
    const docs = await this.recordings.getMany(ids);
    const recordings = new Map<string, LetterRecording>(
      docs.map((d) => [d._id, { durationSeconds: d.durationSeconds, recordedAt: legalIsoOrNull(d.recordedAt), title: d.title ?? null }]),
    );
    return buildLetter(r, recordings, this.rules.sunshine, now, this.rules.questions);
  }
}
