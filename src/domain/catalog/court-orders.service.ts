/** Court orders (release, closure, expungement) and legal holds; both change derived state. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import type { DerivedRefresher } from '../derived/refresher';
import type { CourtOrderInput, HoldInput } from './catalog.schemas';
import { decodeCursor, page } from './pagination';
import type { CourtOrderStore, HoldStore, RecordingStore } from './ports';
import type { StoredHold, StoredOrder } from './records';

export type { StoredHold, StoredOrder } from './records';

export class CourtOrdersService {
  constructor(
    private readonly orders: CourtOrderStore,
    private readonly recordings: Pick<RecordingStore, 'existing'>,
    private readonly derived: DerivedRefresher,
  ) {}

  async create(input: CourtOrderInput, actor: Actor, now: Date): Promise<StoredOrder> {
    // An order naming recordings the catalog does not hold is refused whole (nothing stored): a
    // typo in an id would otherwise leave the intended recording unprotected by the order.
    // Recordings are never deleted (destruction leaves a tombstone), so the check cannot go stale.
    const named = [...new Set(input.recordingIds ?? [])].sort();
    const known = await this.recordings.existing(named);
    const unknown = named.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new AppError(
        'UNPROCESSABLE',
        `Court order ${input.orderNumber} names ${unknown.length} recording(s) not in the catalog: ${unknown.join(', ')}`,
        unknown.map((id) => ({ path: `body.recordingIds[${(input.recordingIds ?? []).indexOf(id)}]`, message: `recording ${id} does not exist` })),
      );
    }
    const order: StoredOrder = {
      _id: input.orderNumber,
      court: input.court,
      issuedAt: new Date(input.issuedAt),
      kind: input.kind,
      recordingIds: named,
      caseNumber: input.caseNumber ?? null,
      releaseTo: input.releaseTo ?? [],
      viewOnly: input.viewOnly ?? false,
      noticeDays: input.noticeDays ?? null,
      redactions: input.redactions ?? [],
      statutoryRedactions: input.statutoryRedactions ?? 'apply',
      conditions: input.conditions ?? null,
      juvenileCourt: input.juvenileCourt ?? false,
      createdAt: now,
      createdBy: actor.sub,
      updatedAt: now,
      updatedBy: actor.sub,
    };
    await this.derived.change(order, now, () => this.orders.insert(order));
    const stored = await this.get(input.orderNumber);
    if (!stored) throw new Error('order vanished after insert');
    return stored;
  }

  get(orderNumber: string): Promise<StoredOrder | null> {
    return this.orders.get(orderNumber);
  }
}

export class HoldsService {
  constructor(
    private readonly holds: HoldStore,
    private readonly derived: DerivedRefresher,
  ) {}

  async create(input: HoldInput, actor: Actor, now: Date): Promise<StoredHold> {
    const hold: StoredHold = {
      _id: `HOLD-${randomUUID()}`,
      recordingIds: [...new Set(input.recordingIds ?? [])].sort(),
      caseNumber: input.caseNumber ?? null,
      reason: input.reason,
      authority: input.authority,
      placedAt: now,
      placedBy: actor.sub,
      releasedAt: null,
      releasedBy: null,
      active: true,
    };
    await this.derived.change(hold, now, () => this.holds.insert(hold));
    const stored = await this.get(hold._id);
    if (!stored) throw new Error('hold vanished after insert');
    return stored;
  }

  get(id: string): Promise<StoredHold | null> {
    return this.holds.get(id);
  }

  /** One conditional update (active -> released): of two concurrent releases, one wins. */
  async release(id: string, reason: string, actor: Actor, now: Date): Promise<StoredHold> {
    const hold = await this.get(id);
    if (!hold) throw notFound('Hold', id);
    const alreadyReleased = (h: StoredHold) => new AppError('INVALID_TRANSITION', `Hold ${id} was already released on ${h.releasedAt?.toISOString() ?? '?'}`);
    if (!hold.active) throw alreadyReleased(hold);
    const released = await this.derived.change(hold, now, () => this.holds.release(id, now, actor.sub, reason));
    const stored = await this.get(id);
    if (!stored) throw new Error('hold vanished');
    if (!released) throw alreadyReleased(stored);
    return stored;
  }

  async list(f: { active?: boolean; limit: number; cursor?: string }) {
    return page(await this.holds.list({ active: f.active }, decodeCursor(f.cursor), f.limit + 1), f.limit);
  }
}
