/**
 * Cases and their append-only event history. Writes to one case are serialized, so
 * concurrent writers never lose an event; a correction is a new event naming the one it supersedes.
 * Each event records who entered it and when (recordedAt), apart from its legal date.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import type { Models } from '../../persistence/models';
import type { CaseDoc, RecordingDoc } from '../../persistence/models/catalog.model';
import type { KeyedSerializer } from '../../persistence/serializer';
import type { DerivedRefresher } from '../derived/refresher';
import type { CaseEventInput, CaseInput } from './catalog.schemas';

export type StoredCase = CaseDoc & { _id: string };

export class CasesService {
  constructor(
    private readonly models: Models,
    private readonly derived: DerivedRefresher,
    private readonly locks: KeyedSerializer,
  ) {}

  /**
   * Writes to one case run one at a time, each with its refresh of the linked recordings.
   * FerretDB v1 applies $push/$set as read-modify-write of the whole document, so two
   * concurrent appends lost one event; and a refresh computed before the other event
   * landed could overwrite the newer derived state.
   */
  private serialized<T>(caseNumber: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(`case:${caseNumber}`, work);
  }

  put(caseNumber: string, input: CaseInput, actor: Actor, now: Date): Promise<{ created: boolean; case: StoredCase }> {
    return this.serialized(caseNumber, () => this.putNow(caseNumber, input, actor, now));
  }

  private async putNow(caseNumber: string, input: CaseInput, actor: Actor, now: Date): Promise<{ created: boolean; case: StoredCase }> {
    const res = await this.models.Case.collection.updateOne(
      { _id: caseNumber as never },
      {
        $set: {
          offenseClass: input.offenseClass,
          offenseDate: input.offenseDate,
          juvenile: input.juvenile,
          description: input.description ?? null,
          defendants: input.defendants,
          updatedAt: now,
          updatedBy: actor.sub,
        },
        $setOnInsert: { events: [], createdAt: now, createdBy: actor.sub },
      },
      { upsert: true },
    );
    await this.derived.refreshCase(caseNumber, now);
    const stored = await this.get(caseNumber);
    if (!stored) throw new Error(`case ${caseNumber} vanished after upsert`);
    return { created: res.upsertedCount === 1, case: stored };
  }

  async get(caseNumber: string): Promise<StoredCase | null> {
    const doc = await this.models.Case.findById(caseNumber).lean<StoredCase>();
    // FerretDB v1 drops empty arrays given in $setOnInsert; read them back as empty.
    return doc ? { ...doc, events: doc.events ?? [], defendants: doc.defendants ?? [] } : null;
  }

  addEvent(caseNumber: string, input: CaseEventInput, actor: Actor, now: Date) {
    return this.serialized(caseNumber, () => this.addEventNow(caseNumber, input, actor, now));
  }

  private async addEventNow(caseNumber: string, input: CaseEventInput, actor: Actor, now: Date) {
    const existing = await this.get(caseNumber);
    if (!existing) throw notFound('Case', caseNumber);
    if (input.supersedes && !existing.events.some((e) => e.id === input.supersedes)) {
      throw new AppError('UNPROCESSABLE', `Event ${input.supersedes} is not an event of case ${caseNumber}`, [{ path: 'body.supersedes', message: 'no such event in this case' }]);
    }
    if (input.defendantId && existing.defendants.length > 0 && !existing.defendants.some((d) => d.defendantId === input.defendantId)) {
      throw new AppError('UNPROCESSABLE', `Defendant ${input.defendantId} is not listed on case ${caseNumber}`, [{ path: 'body.defendantId', message: 'not a defendant of this case' }]);
    }
    const event = {
      id: `EV-${randomUUID()}`,
      type: input.type,
      date: input.date,
      defendantId: input.defendantId ?? null,
      source: input.source ?? null,
      note: input.note ?? null,
      supersedes: input.supersedes ?? null,
      recordedAt: now,
      recordedBy: actor.sub,
    };
    await this.models.Case.collection.updateOne(
      { _id: caseNumber as never },
      { $push: { events: event as never }, $set: { updatedAt: now, updatedBy: actor.sub } },
    );
    await this.derived.refreshCase(caseNumber, now);
    return event;
  }

  async linkedRecordings(caseNumber: string): Promise<(RecordingDoc & { _id: string })[]> {
    return this.models.Recording.find({ caseNumbers: caseNumber }).sort({ _id: 1 }).lean<(RecordingDoc & { _id: string })[]>();
  }
}
