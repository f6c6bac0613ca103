/**
 * Recording a destruction. The evidence system deletes the media; this service records that
 * it happened, refusal first: the retention status is recomputed from fresh facts at now
 * (and at the moment the media was deleted), and anything but `eligible_for_destruction`
 * refuses with the blocking reasons. On success the recording becomes a tombstone: metadata
 * kept, `destruction` {who, when, authority, rule ids it was eligible under}, status
 * `destroyed`. Imports and PUTs never change a tombstone (RecordingsService).
 *
 * Concurrency: nothing is destroyed while a change covering the recording is in flight (an
 * open intent in the refresh journal: a hold, order, request or case event being applied).
 * Otherwise the facts are gathered and the write is conditional on the rev read before them
 * (and on no destruction yet); a refresh that landed in between makes it lose, and the
 * recording is re-read and re-checked from scratch.
 */
import type { Actor } from '../../auth/roles';
import type { RetentionResult } from '../../engine/facts';
import { AppError, notFound } from '../../errors';
import type { Rules } from '../../rules';
import type { RecordingStore } from '../catalog/ports';
import type { StoredRecording } from '../catalog/records';
import { needsReviewSources } from '../catalog/reviewfacts';
import type { FactsGatherer } from '../derived/facts.gatherer';
import type { RefreshJournal } from '../derived/ports';
import { legalIso } from '../../engine/legal-time';
import { eligibleUnder, retentionAt } from './retention-at';

export interface DestructionInput {
  authority: string;
  performedAt: Date;
}

/** Up to this far ahead of the server clock, performedAt is taken as clock skew, not the future. */
const SKEW_MS = 5 * 60_000;

function destructionRefused(result: RetentionResult, message: string): AppError {
  const blocking = result.blockers.length > 0 ? result.blockers : result.reasons;
  return new AppError('INVALID_TRANSITION', message, [], {
    retention: { asOf: result.asOf, status: result.status, retainUntil: result.retainUntil, rulesVersion: result.rulesVersion },
    blockingReasons: blocking.map((r) => ({ ruleId: r.ruleId, citation: r.citation, text: r.text })),
  });
}

const MAX_ATTEMPTS = 5;

export class DestructionService {
  constructor(
    private readonly recordings: RecordingStore,
    private readonly journal: Pick<RefreshJournal, 'covering'>,
    private readonly gatherer: FactsGatherer,
    private readonly rules: () => Rules,
  ) {}

  async record(recordingId: string, input: DestructionInput, actor: Actor, now: Date): Promise<StoredRecording> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.recordings.get(recordingId);
      if (!doc) throw notFound('Recording', recordingId);
      if (doc.destruction) throw alreadyDestroyed(doc);
      // Counsel session 6, G2: until the backfill has marked what a clerk entered before its sources were
      // kept, a clerk's category or link may be what made the recording look destroyable.
      if (needsReviewSources(doc.reviewFacts))
        throw new AppError(
          'INVALID_TRANSITION',
          `Recording ${recordingId} may not be destroyed yet: a clerk's review facts on it were entered before their sources were kept, and the sweep has not yet marked them as the clerk's; try again after the next sweep.`,
        );
      this.checkInput(doc, input, now);
      if ((await this.journal.covering(recordingId, doc.caseNumbers ?? [])).length > 0) {
        throw new AppError(
          'CONFLICT',
          `A change affecting recording ${recordingId} (a case event, order, hold or request) is being applied right now; try again shortly.`,
        );
      }
      const { destruction, retention } = await this.eligibleDestruction(doc, input, actor, now);
      if (await this.recordings.recordDestruction(recordingId, doc.rev ?? 0, destruction, retention, actor.sub)) {
        const stored = await this.recordings.get(recordingId);
        if (!stored) throw notFound('Recording', recordingId);
        return stored;
      }
      // Someone wrote the recording (or its facts) since it was read: check again from scratch.
    }
    throw new AppError('CONFLICT', `Recording ${recordingId} kept changing while the destruction was being recorded; try again.`);
  }

  private checkInput(doc: StoredRecording, input: DestructionInput, now: Date): void {
    if (input.performedAt.getTime() > now.getTime() + SKEW_MS) {
      throw new AppError('VALIDATION_FAILED', 'performedAt is in the future: record a destruction after the media was deleted.', [
        { path: 'performedAt', message: `must not be after ${legalIso(now)}` },
      ]);
    }
    if (input.performedAt.getTime() < doc.recordedAt.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'performedAt is before the recording was made.', [
        { path: 'performedAt', message: `must not be before recordedAt ${legalIso(doc.recordedAt)}` },
      ]);
    }
  }

  /** The destruction record and tombstone retention state, or a refusal with the blocking reasons. */
  private async eligibleDestruction(doc: StoredRecording, input: DestructionInput, actor: Actor, now: Date) {
    const recordingId = doc._id;
    const rules = this.rules();
    const bundle = (await this.gatherer.forDocs([doc])).get(recordingId);
    if (!bundle) throw notFound('Recording', recordingId);
    const atNow = retentionAt(rules, bundle, now);
    if (atNow.status !== 'eligible_for_destruction') {
      throw destructionRefused(atNow, `Recording ${recordingId} may not be destroyed: its retention status is ${atNow.status}.`);
    }
    const performedAt = input.performedAt.getTime() < now.getTime() ? input.performedAt : now;
    const atDeletion = performedAt === now ? atNow : retentionAt(rules, bundle, performedAt);
    if (atDeletion.status !== 'eligible_for_destruction') {
      throw destructionRefused(
        atDeletion,
        `Recording ${recordingId} was not yet eligible for destruction on ${legalIso(performedAt)} (status then: ${atDeletion.status}); record the destruction only with the date the schedule allowed it, or investigate an early deletion.`,
      );
    }
    const destruction = {
      performedAt: input.performedAt,
      recordedAt: now,
      by: actor.sub,
      authority: input.authority,
      ruleIds: eligibleUnder(atDeletion),
    };
    const retention = {
      status: 'destroyed' as const,
      retainUntil: atNow.retainUntil ? new Date(atNow.retainUntil) : null,
      blockers: [],
      ruleIds: ['RET-DESTROYED', ...destruction.ruleIds],
      rulesVersion: rules.rulesVersion,
      decidedAt: now,
    };
    return { destruction, retention };
  }
}

function alreadyDestroyed(doc: StoredRecording): AppError {
  const d = doc.destruction;
  return new AppError(
    'CONFLICT',
    `Recording ${doc._id} was already recorded as destroyed${d ? ` on ${legalIso(d.performedAt)} by ${d.by}` : ''}.`,
    [],
    {
      destruction: d
        ? { performedAt: legalIso(d.performedAt), recordedAt: legalIso(d.recordedAt), by: d.by, authority: d.authority, ruleIds: d.ruleIds }
        : null,
    },
  );
}
