/** Court orders (release, closure, expungement) and legal holds; both change derived state. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import { conflictOnDuplicate } from '../../persistence/errors';
import type { Models } from '../../persistence/models';
import type { CourtOrderDoc, HoldDoc } from '../../persistence/models/catalog.model';
import type { KeyedSerializer } from '../../persistence/serializer';
import type { DerivedRefresher } from '../derived/refresher';
import type { CourtOrderInput, HoldInput } from './catalog.schemas';
import { decodeCursor, page } from './pagination';

export type StoredOrder = CourtOrderDoc & { _id: string };
export type StoredHold = HoldDoc & { _id: string };

async function refreshScope(derived: DerivedRefresher, scope: { recordingIds?: readonly string[] | null; caseNumber?: string | null }, now: Date) {
  if (scope.recordingIds?.length) await derived.refreshRecordings(scope.recordingIds, now);
  if (scope.caseNumber) await derived.refreshCase(scope.caseNumber, now);
}

export class CourtOrdersService {
  constructor(
    private readonly models: Models,
    private readonly derived: DerivedRefresher,
  ) {}

  async create(input: CourtOrderInput, actor: Actor, now: Date): Promise<StoredOrder> {
    await this.models.CourtOrder.collection
      .insertOne({
        _id: input.orderNumber as never,
        court: input.court,
        issuedAt: new Date(input.issuedAt),
        kind: input.kind,
        recordingIds: [...new Set(input.recordingIds ?? [])].sort(),
        caseNumber: input.caseNumber ?? null,
        releaseTo: input.releaseTo ?? [],
        viewOnly: input.viewOnly ?? false,
        noticeDays: input.noticeDays ?? null,
        redactions: input.redactions ?? [],
        conditions: input.conditions ?? null,
        createdAt: now,
        createdBy: actor.sub,
        updatedAt: now,
        updatedBy: actor.sub,
      })
      .catch(conflictOnDuplicate('Court order', input.orderNumber));
    await refreshScope(this.derived, input, now);
    const stored = await this.get(input.orderNumber);
    if (!stored) throw new Error('order vanished after insert');
    return stored;
  }

  async get(orderNumber: string): Promise<StoredOrder | null> {
    return this.models.CourtOrder.findById(orderNumber).lean<StoredOrder>();
  }
}

export class HoldsService {
  constructor(
    private readonly models: Models,
    private readonly derived: DerivedRefresher,
    private readonly locks: KeyedSerializer,
  ) {}

  async create(input: HoldInput, actor: Actor, now: Date): Promise<StoredHold> {
    const id = `HOLD-${randomUUID()}`;
    await this.models.Hold.collection.insertOne({
      _id: id as never,
      recordingIds: [...new Set(input.recordingIds ?? [])].sort(),
      caseNumber: input.caseNumber ?? null,
      reason: input.reason,
      authority: input.authority,
      placedAt: now,
      placedBy: actor.sub,
      releasedAt: null,
      releasedBy: null,
      active: true,
    });
    await refreshScope(this.derived, input, now);
    const stored = await this.get(id);
    if (!stored) throw new Error('hold vanished after insert');
    return stored;
  }

  async get(id: string): Promise<StoredHold | null> {
    return this.models.Hold.findById(id).lean<StoredHold>();
  }

  /** Serialized per hold: FerretDB v1 conditional updates are not atomic, so two releases could both "win". */
  release(id: string, actor: Actor, now: Date): Promise<StoredHold> {
    return this.locks.run(`hold:${id}`, () => this.releaseLocked(id, actor, now));
  }

  private async releaseLocked(id: string, actor: Actor, now: Date): Promise<StoredHold> {
    const hold = await this.get(id);
    if (!hold) throw notFound('Hold', id);
    if (!hold.active) throw new AppError('INVALID_TRANSITION', `Hold ${id} was already released on ${hold.releasedAt?.toISOString() ?? '?'}`);
    await this.models.Hold.collection.updateOne({ _id: id as never, active: true }, { $set: { active: false, releasedAt: now, releasedBy: actor.sub } });
    await refreshScope(this.derived, hold, now);
    const stored = await this.get(id);
    if (!stored) throw new Error('hold vanished');
    return stored;
  }

  async list(f: { active?: boolean; limit: number; cursor?: string }) {
    const q: Record<string, unknown> = {};
    if (f.active !== undefined) q.active = f.active;
    const after = decodeCursor(f.cursor);
    if (after) q._id = { $gt: after };
    return page(await this.models.Hold.find(q).sort({ _id: 1 }).limit(f.limit + 1).lean<StoredHold[]>(), f.limit);
  }
}
