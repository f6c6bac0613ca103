/**
 * Applies request lifecycle transitions exclusively: the work is done from the state read,
 * then its result is written with one conditional update on {_id, status in allowed-from,
 * version read}. Of two concurrent transitions only one update matches; the other is
 * refused with the state the winner left.
 */
import type { Actor } from '../../auth/roles';
import { legalIso, legalIsoOrNull } from '../../engine/legal-time';
import { AppError, notFound } from '../../errors';
import type { DerivedRefresher } from '../derived/refresher';
import { type Action, ALLOWED_FROM, refusalReason, targetOf } from './lifecycle';
import type { RequestStore, StoredRequest } from './ports';

export interface TransitionWork {
  set: Partial<Omit<StoredRequest, '_id' | 'history' | 'version'>>;
  note: string | null;
  decisionIds?: string[];
  /** Recordings whose retention the transition changes (refreshed through DerivedRefresher.change). */
  affects?: readonly string[];
}

export class RequestTransitions {
  constructor(
    private readonly requests: RequestStore,
    private readonly derived: DerivedRefresher,
  ) {}

  private async load(id: string): Promise<StoredRequest> {
    const r = await this.requests.get(id);
    if (!r) throw notFound('Request', id);
    return r;
  }

  /** Throws 409 INVALID_TRANSITION with the reason when `action` makes no sense for `r`. */
  static refuseUnlessAllowed(action: Action, r: StoredRequest): void {
    const last = r.history[r.history.length - 1];
    const why = refusalReason(action, {
      // The number a clerk knows the request by (the API accepts it in place of the id).
      requestId: r.number ?? r._id,
      status: r.status,
      outcome: r.outcome ?? null,
      finalResponseAt: legalIsoOrNull(r.finalResponseAt),
      withdrawnAt: legalIsoOrNull(r.withdrawnAt),
      delayedUntil: legalIsoOrNull(r.delay?.availableAt),
      lastChange: last ? { at: legalIso(last.at), by: last.by } : null,
    });
    if (why) throw new AppError('INVALID_TRANSITION', why, [], { status: r.status, action });
  }

  /** Runs `work` from the state `r`, then applies its result if `r` is still current. */
  async apply(
    action: Action,
    r: StoredRequest,
    actor: Actor,
    now: Date,
    work: () => TransitionWork | Promise<TransitionWork>,
  ): Promise<StoredRequest> {
    const { set, note, decisionIds = [], affects = [] } = await work();
    const to = targetOf(action, r.status);
    const entry = { from: r.status, to, at: now, by: actor.sub, role: actor.role, note, decisionIds };
    const write = () =>
      this.requests.transition(
        r._id,
        { version: r.version ?? 0, statuses: ALLOWED_FROM[action] },
        { ...set, status: to, updatedAt: now, updatedBy: actor.sub },
        entry,
      );
    // Every transition can move the request's review queue items (its status, scope, answered or
    // not-responsive recordings): the ones it does not re-decide are synced with the queue.
    const applied = await this.derived.change({ recordingIds: affects }, now, write, r.recordingIds);
    if (!applied) {
      RequestTransitions.refuseUnlessAllowed(action, await this.load(r._id));
      throw new AppError(
        'INVALID_TRANSITION',
        `Request ${r.number ?? r._id} changed while this ${action} was being applied; reload it and try again.`,
      );
    }
    return this.load(r._id);
  }
}
