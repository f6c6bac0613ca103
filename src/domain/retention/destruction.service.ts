/**
 * Recording a destruction. The evidence system deletes the media; this service records that
 * it happened, refusal first: the retention status is recomputed from fresh facts at now
 * (and at the moment the media was deleted), and anything but `eligible_for_destruction`
 * refuses with the blocking reasons. On success the recording becomes a tombstone: metadata
 * kept, `destruction` {who, when, authority, rule ids it was eligible under}, status
 * `destroyed`. Imports and PUTs never change a tombstone (RecordingsService).
 *
 * Concurrency: the check and the write run under the recordings write lock
 * (persistence/serializer.ts), so no hold, event refresh or import interleaves in this
 * process; the written record is read back and compared.
 */
import type { Actor } from '../../auth/roles';
import type { RetentionResult } from '../../engine/facts';
import { AppError, notFound } from '../../errors';
import type { Models } from '../../persistence/models';
import type { Rules } from '../../rules';
import type { StoredRecording } from '../catalog/recordings.service';
import type { FactsGatherer } from '../derived/facts.gatherer';
import { type KeyedSerializer, RECORDINGS } from '../../persistence/serializer';
import { legalIso } from './legal-time';
import { eligibleUnder, retentionAt } from './retention-at';

export interface DestructionInput {
  authority: string;
  performedAt: Date;
}

/** Up to this far ahead of the server clock, performedAt is taken as clock skew, not the future. */
const SKEW_MS = 5 * 60_000;

function refusal(result: RetentionResult, message: string): AppError {
  const blocking = result.blockers.length > 0 ? result.blockers : result.reasons;
  return new AppError('INVALID_TRANSITION', message, [], {
    retention: { asOf: result.asOf, status: result.status, retainUntil: result.retainUntil, rulesVersion: result.rulesVersion },
    blockingReasons: blocking.map((r) => ({ ruleId: r.ruleId, citation: r.citation, text: r.text })),
  });
}

export class DestructionService {
  constructor(
    private readonly models: Models,
    private readonly gatherer: FactsGatherer,
    private readonly locks: KeyedSerializer,
    private readonly rules: () => Rules,
  ) {}

  /** Check and write run under the recordings lock (see the header): no other write to recordings interleaves. */
  record(recordingId: string, input: DestructionInput, actor: Actor, now: Date): Promise<StoredRecording> {
    return this.locks.run(RECORDINGS, () => this.recordOnce(recordingId, input, actor, now));
  }

  private async recordOnce(recordingId: string, input: DestructionInput, actor: Actor, now: Date): Promise<StoredRecording> {
    const doc = await this.models.Recording.findById(recordingId).lean<StoredRecording>();
    if (!doc) throw notFound('Recording', recordingId);
    if (doc.destruction) throw alreadyDestroyed(doc);
    if (input.performedAt.getTime() > now.getTime() + SKEW_MS) {
      throw new AppError('VALIDATION_FAILED', 'performedAt is in the future: record a destruction after the media was deleted.', [
        { path: 'body.performedAt', message: `must not be after ${legalIso(now)}` },
      ]);
    }
    if (input.performedAt.getTime() < doc.recordedAt.getTime()) {
      throw new AppError('VALIDATION_FAILED', 'performedAt is before the recording was made.', [
        { path: 'body.performedAt', message: `must not be before recordedAt ${legalIso(doc.recordedAt)}` },
      ]);
    }

    const rules = this.rules();
    const bundle = (await this.gatherer.forDocs([doc])).get(recordingId);
    if (!bundle) throw notFound('Recording', recordingId);
    const atNow = retentionAt(rules, bundle, now);
    if (atNow.status !== 'eligible_for_destruction') {
      throw refusal(atNow, `Recording ${recordingId} may not be destroyed: its retention status is ${atNow.status}.`);
    }
    const performedAt = input.performedAt.getTime() < now.getTime() ? input.performedAt : now;
    const atDeletion = performedAt === now ? atNow : retentionAt(rules, bundle, performedAt);
    if (atDeletion.status !== 'eligible_for_destruction') {
      throw refusal(
        atDeletion,
        `Recording ${recordingId} was not yet eligible for destruction on ${legalIso(performedAt)} (status then: ${atDeletion.status}); record the destruction only with the date the schedule allowed it, or investigate an early deletion.`,
      );
    }

    const destruction = { performedAt: input.performedAt, recordedAt: now, by: actor.sub, authority: input.authority, ruleIds: eligibleUnder(atDeletion) };
    const res = await this.models.Recording.collection.updateOne(
      { _id: recordingId as never },
      {
        $set: {
          destruction,
          retention: {
            status: 'destroyed',
            retainUntil: atNow.retainUntil ? new Date(atNow.retainUntil) : null,
            blockers: [],
            ruleIds: ['RET-DESTROYED', ...destruction.ruleIds],
            rulesVersion: rules.rulesVersion,
            decidedAt: now,
          },
          reviewAt: null,
          updatedAt: now,
          updatedBy: actor.sub,
        },
      },
    );
    const stored = await this.models.Recording.findById(recordingId).lean<StoredRecording>();
    if (!stored) throw notFound('Recording', recordingId);
    if (res.modifiedCount !== 1 || !sameDestruction(stored, destruction)) {
      if (stored.destruction) throw alreadyDestroyed(stored);
      throw new AppError('INVALID_TRANSITION', `The retention state of ${recordingId} changed while the destruction was being recorded (for example a hold was placed); try again.`, [], {
        retention: { status: stored.retention?.status ?? null, blockers: stored.retention?.blockers ?? [] },
      });
    }
    return stored;
  }
}

function alreadyDestroyed(doc: StoredRecording): AppError {
  const d = doc.destruction;
  return new AppError('CONFLICT', `Recording ${doc._id} was already recorded as destroyed${d ? ` on ${legalIso(d.performedAt)} by ${d.by}` : ''}.`, [], {
    destruction: d ? { performedAt: legalIso(d.performedAt), recordedAt: legalIso(d.recordedAt), by: d.by, authority: d.authority, ruleIds: d.ruleIds } : null,
  });
}

function sameDestruction(doc: StoredRecording, d: { performedAt: Date; recordedAt: Date; by: string; authority: string }): boolean {
  const s = doc.destruction;
  return !!s && s.performedAt.getTime() === d.performedAt.getTime() && s.recordedAt.getTime() === d.recordedAt.getTime() && s.by === d.by && s.authority === d.authority;
}
