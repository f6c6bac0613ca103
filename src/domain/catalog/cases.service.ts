/**
 * Cases and their append-only event history. An event is appended atomically ($push), so
 * concurrent writers never lose one; a correction is a new event naming the one it supersedes.
 * Each event records who entered it and when (recordedAt), apart from its legal date. Every
 * write re-decides the case's recordings through DerivedRefresher.change.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { legalDay } from '../../engine/legal-time';
import { AppError, notFound } from '../../errors';
import type { DerivedRefresher } from '../derived/refresher';
import type { CaseEventInput, CaseInput } from './catalog.schemas';
import type { CaseStore, RecordingStore } from './ports';
import type { StoredCase, StoredCaseEvent, StoredRecording } from './records';

export class CasesService {
  constructor(
    private readonly cases: CaseStore,
    private readonly recordings: Pick<RecordingStore, 'byCase' | 'linkedCaseNumbers'>,
    private readonly derived: DerivedRefresher,
  ) {}

  async put(caseNumber: string, input: CaseInput, actor: Actor, now: Date): Promise<{ created: boolean; case: StoredCase }> {
    const fields = caseFields(input, actor, now);
    const created = await this.derived.change({ caseNumber }, now, () =>
      this.cases.put(caseNumber, fields, { createdAt: now, createdBy: actor.sub }),
    );
    const stored = await this.get(caseNumber);
    if (!stored) throw new Error(`case ${caseNumber} vanished after upsert`);
    return { created, case: stored };
  }

  get(caseNumber: string): Promise<StoredCase | null> {
    return this.cases.get(caseNumber);
  }

  /**
   * New cases with their events, many at once (a department's initial load): each is the case
   * `put` would create followed by the events `addEvent` would append, checked the same way, and
   * all of them go in with one insert instead of several writes and refreshes per case. A case
   * some recording already links to goes the single way (journaled change and refresh of its
   * recordings); a case that exists already is left untouched and reported as existing. After the
   * insert, recordings that came to link to a new case meanwhile are refreshed, as `change` does.
   */
  async createMany(items: readonly NewCase[], actor: Actor, now: Date): Promise<{ created: string[]; existing: string[] }> {
    const numbers = items.map((i) => i.caseNumber);
    if (new Set(numbers).size !== numbers.length) throw new AppError('VALIDATION_FAILED', 'A case number appears twice in the same batch');
    const [known, linked] = await Promise.all([this.cases.known(numbers), this.recordings.linkedCaseNumbers(numbers)]);
    const existing = numbers.filter((n) => known.has(n));
    const created: string[] = [];
    const docs: StoredCase[] = [];
    for (const item of items) {
      if (known.has(item.caseNumber)) continue;
      if (linked.has(item.caseNumber)) {
        const { created: made } = await this.put(item.caseNumber, item.input, actor, now);
        if (!made) {
          existing.push(item.caseNumber);
          continue;
        }
        for (const e of item.events) await this.addEvent(item.caseNumber, e, actor, now);
        created.push(item.caseNumber);
        continue;
      }
      const doc: StoredCase = {
        _id: item.caseNumber,
        ...caseFields(item.input, actor, now),
        createdAt: now,
        createdBy: actor.sub,
        events: [],
      };
      for (const e of item.events) doc.events.push(newEvent(doc, e, actor, now));
      docs.push(doc);
    }
    const taken = await this.cases.insertNew(docs);
    for (const d of docs) (taken.has(d._id) ? existing : created).push(d._id);
    const landed = docs.filter((d) => !taken.has(d._id)).map((d) => d._id);
    for (const caseNumber of await this.recordings.linkedCaseNumbers(landed)) await this.derived.refresh({ caseNumber }, now);
    return { created, existing };
  }

  async addEvent(caseNumber: string, input: CaseEventInput, actor: Actor, now: Date): Promise<StoredCaseEvent> {
    const existing = await this.get(caseNumber);
    if (!existing) throw notFound('Case', caseNumber);
    // An event is something that happened: one dated after today (Chicago, by the injected clock)
    // is a typo, and stored it would make the engine read a disposition that has not happened yet.
    const today = legalDay(now);
    if (input.date > today) {
      throw new AppError(
        'VALIDATION_FAILED',
        `The event's date ${input.date} is after today (${today}): record an event once it has happened`,
        [{ path: 'date', message: `must not be after today (${today})` }],
      );
    }
    const event = newEvent(existing, input, actor, now);
    const appended = await this.derived.change({ caseNumber }, now, () => this.cases.appendEvent(caseNumber, event, actor.sub));
    if (!appended) throw notFound('Case', caseNumber);
    return event;
  }

  linkedRecordings(caseNumber: string): Promise<StoredRecording[]> {
    return this.recordings.byCase(caseNumber);
  }
}

/** A new case with the events to append to it (createMany). */
export interface NewCase {
  caseNumber: string;
  input: CaseInput;
  events: readonly CaseEventInput[];
}

function caseFields(input: CaseInput, actor: Actor, now: Date) {
  return {
    offenseClass: input.offenseClass,
    offenseDate: input.offenseDate,
    // Absent: keep what the prosecutor recorded (the evidence system's feed does not carry it); null clears it.
    ...(input.limitation === undefined
      ? {}
      : { limitation: input.limitation === null ? null : { ...input.limitation, explanation: input.limitation.explanation ?? null } }),
    juvenile: input.juvenile,
    chargedStatutes: input.chargedStatutes ?? null,
    description: input.description ?? null,
    defendants: input.defendants,
    updatedAt: now,
    updatedBy: actor.sub,
  };
}

/** The stored form of an event for `existing`, refused when it names an event or a defendant the case does not have. */
function newEvent(existing: StoredCase, input: CaseEventInput, actor: Actor, now: Date): StoredCaseEvent {
  const caseNumber = existing._id;
  if (input.supersedes && !existing.events.some((e) => e.id === input.supersedes)) {
    throw new AppError('UNPROCESSABLE', `Event ${input.supersedes} is not an event of case ${caseNumber}`, [
      { path: 'supersedes', message: 'no such event in this case' },
    ]);
  }
  // A defendant must be on the case before an event can name them, also when the case lists
  // none yet: the engine counts charges and dispositions per listed defendant, so an event for
  // an unlisted one would be stored and silently never count.
  if (input.defendantId && !existing.defendants.some((d) => d.defendantId === input.defendantId)) {
    const listed = existing.defendants.map((d) => d.defendantId);
    const hint = listed.length ? `the case lists ${listed.join(', ')}` : 'the case lists no defendants yet';
    throw new AppError(
      'UNPROCESSABLE',
      `Defendant ${input.defendantId} is not listed on case ${caseNumber} (${hint}); add the defendant to the case first (among its defendants), then record the event`,
      [{ path: 'defendantId', message: `unknown defendant ${input.defendantId}: not a defendant of case ${caseNumber}` }],
    );
  }
  return {
    id: `EV-${randomUUID()}`,
    type: input.type,
    date: input.date,
    defendantId: input.defendantId ?? null,
    result: input.result ?? null,
    court: input.court ?? null,
    source: input.source ?? null,
    note: input.note ?? null,
    supersedes: input.supersedes ?? null,
    statutes: input.statutes ?? null,
    recordedAt: now,
    recordedBy: actor.sub,
  };
}
