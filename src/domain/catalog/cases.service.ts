/**
 * Cases and their append-only event history. An event is appended atomically ($push), so
 * concurrent writers never lose one; a correction is a new event naming the one it supersedes.
 * Each event records who entered it and when (recordedAt), apart from its legal date. Every
 * write re-decides the case's recordings through DerivedRefresher.change.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import type { DerivedRefresher } from '../derived/refresher';
import type { CaseEventInput, CaseInput } from './catalog.schemas';
import type { CaseStore, RecordingStore } from './ports';
import type { StoredCase, StoredCaseEvent, StoredRecording } from './records';

export class CasesService {
  constructor(
    private readonly cases: CaseStore,
    private readonly recordings: Pick<RecordingStore, 'byCase'>,
    private readonly derived: DerivedRefresher,
  ) {}

  async put(caseNumber: string, input: CaseInput, actor: Actor, now: Date): Promise<{ created: boolean; case: StoredCase }> {
    const fields = {
      offenseClass: input.offenseClass,
      offenseDate: input.offenseDate,
      juvenile: input.juvenile,
      description: input.description ?? null,
      defendants: input.defendants,
      updatedAt: now,
      updatedBy: actor.sub,
    };
    const created = await this.derived.change({ caseNumber }, now, () => this.cases.put(caseNumber, fields, { createdAt: now, createdBy: actor.sub }));
    const stored = await this.get(caseNumber);
    if (!stored) throw new Error(`case ${caseNumber} vanished after upsert`);
    return { created, case: stored };
  }

  get(caseNumber: string): Promise<StoredCase | null> {
    return this.cases.get(caseNumber);
  }

  async addEvent(caseNumber: string, input: CaseEventInput, actor: Actor, now: Date): Promise<StoredCaseEvent> {
    const existing = await this.get(caseNumber);
    if (!existing) throw notFound('Case', caseNumber);
    if (input.supersedes && !existing.events.some((e) => e.id === input.supersedes)) {
      throw new AppError('UNPROCESSABLE', `Event ${input.supersedes} is not an event of case ${caseNumber}`, [{ path: 'body.supersedes', message: 'no such event in this case' }]);
    }
    // A defendant must be on the case before an event can name them, also when the case lists
    // none yet: the engine counts charges and dispositions per listed defendant, so an event for
    // an unlisted one would be stored and silently never count.
    if (input.defendantId && !existing.defendants.some((d) => d.defendantId === input.defendantId)) {
      const listed = existing.defendants.map((d) => d.defendantId);
      const hint = listed.length
        ? `the case lists ${listed.join(', ')}`
        : 'the case lists no defendants yet';
      throw new AppError(
        'UNPROCESSABLE',
        `Defendant ${input.defendantId} is not listed on case ${caseNumber} (${hint}); add the defendant to the case first (PUT /api/v1/cases/${caseNumber} with defendants), then record the event`,
        [{ path: 'body.defendantId', message: `unknown defendant ${input.defendantId}: not a defendant of case ${caseNumber}` }],
      );
    }
    const event: StoredCaseEvent = {
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
    const appended = await this.derived.change({ caseNumber }, now, () => this.cases.appendEvent(caseNumber, event, actor.sub));
    if (!appended) throw notFound('Case', caseNumber);
    return event;
  }

  linkedRecordings(caseNumber: string): Promise<StoredRecording[]> {
    return this.recordings.byCase(caseNumber);
  }
}
