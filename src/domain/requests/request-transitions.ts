/**
 * Applies request lifecycle transitions exclusively. FerretDB v1 does not apply a filtered
 * update atomically (two concurrent "status = in_review" updates can both match, as the
 * concurrency test showed), so each transition first claims `<requestId>:<n>` in the
 * transition ledger, n being the transition's position in the history: only one insert of
 * an `_id` can succeed, on FerretDB and on MongoDB alike.
 */
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import { isDuplicateKey } from '../../persistence/errors';
import { isoOrNull } from '../../persistence/mappers';
import type { Models } from '../../persistence/models';
import { type Action, ALLOWED_FROM, TARGET, refusal } from './lifecycle';
import type { StoredRequest } from './requests.service';

/** A claim older than this, on a request that did not change, was left by a crashed process. */
const STALE_CLAIM_MS = 5 * 60_000;

export interface TransitionWork {
  set: Record<string, unknown>;
  note: string | null;
  decisionIds?: string[];
}

export class RequestTransitions {
  constructor(private readonly models: Models) {}

  private async load(id: string): Promise<StoredRequest> {
    const r = await this.models.Request.findById(id).lean<StoredRequest>();
    if (!r) throw notFound('Request', id);
    return r;
  }

  /** Throws 409 INVALID_TRANSITION with the reason when `action` makes no sense for `r`. */
  static refuseUnlessAllowed(action: Action, r: StoredRequest): void {
    const last = r.history[r.history.length - 1];
    const why = refusal(action, {
      requestId: r._id,
      status: r.status,
      outcome: r.outcome ?? null,
      finalResponseAt: isoOrNull(r.finalResponseAt),
      withdrawnAt: isoOrNull(r.withdrawnAt),
      delayedUntil: isoOrNull(r.delay?.availableAt),
      lastChange: last ? { at: isoOrNull(last.at) ?? '?', by: last.by } : null,
    });
    if (why) throw new AppError('INVALID_TRANSITION', why, [], { status: r.status, action });
  }

  /**
   * Claims the request's next transition: inserts `<id>:<n>` (n = history length) into the
   * transition ledger. The unique `_id` makes this the one step two concurrent transitions
   * cannot both pass (FerretDB v1 does not apply a filtered update atomically). The loser is
   * refused with the state the winner leaves, or asked to retry if it is still being applied.
   * A claim left by a crashed process (older than STALE_CLAIM_MS, request unchanged) is
   * released so the request does not stay stuck.
   */
  private async claim(action: Action, r: StoredRequest, actor: Actor, now: Date): Promise<string> {
    const seq = r.history.length;
    const claimId = `${r._id}:${seq}`;
    const doc = { _id: claimId as never, requestId: r._id, seq, action, from: r.status, to: TARGET[action], at: now, by: actor.sub };
    try {
      await this.models.RequestTransition.collection.insertOne(doc);
      return claimId;
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
    const current = await this.load(r._id);
    RequestTransitions.refuseUnlessAllowed(action, current);
    const held = await this.models.RequestTransition.findById(claimId).lean<{ at: Date }>();
    if (current.history.length === seq && held && now.getTime() - held.at.getTime() > STALE_CLAIM_MS) {
      await this.models.RequestTransition.collection.deleteOne({ _id: claimId as never, at: held.at });
      return this.claim(action, current, actor, now);
    }
    throw new AppError('INVALID_TRANSITION', `Request ${r._id} is being changed by someone else right now; reload it and try again.`, [], { status: current.status, action });
  }

  private async release(claimId: string): Promise<void> {
    await this.models.RequestTransition.collection.deleteOne({ _id: claimId as never });
  }

  /**
   * Runs `work` under a claim on the request's next transition, then applies its result as
   * one update (filtered on _id + expected status as well). A failure before the update
   * releases the claim, leaving the request as it was.
   */
  async apply(
    action: Action,
    r: StoredRequest,
    actor: Actor,
    now: Date,
    work: () => Promise<TransitionWork>,
  ): Promise<StoredRequest> {
    const claimId = await this.claim(action, r, actor, now);
    let applied = false;
    try {
      const { set, note, decisionIds = [] } = await work();
      const res = await this.models.Request.collection.updateOne(
        { _id: r._id as never, status: { $in: [...ALLOWED_FROM[action]] } },
        {
          $set: { ...set, status: TARGET[action], updatedAt: now, updatedBy: actor.sub },
          $push: { history: { from: r.status, to: TARGET[action], at: now, by: actor.sub, role: actor.role, note, decisionIds } } as never,
        },
      );
      applied = res.matchedCount === 1;
    } finally {
      if (!applied) await this.release(claimId);
    }
    if (!applied) {
      RequestTransitions.refuseUnlessAllowed(action, await this.load(r._id));
      throw new AppError('INVALID_TRANSITION', `Request ${r._id} changed while this ${action} was being applied; reload it and try again.`);
    }
    return this.load(r._id);
  }
}
