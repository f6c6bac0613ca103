/** Legal holds: placed and released (never edited); a hold blocks destruction, so both change derived state. */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import type { DerivedRefresher } from '../derived/refresher';
import type { HoldInput } from './catalog.schemas';
import { ID_ORDER, decodeCursor, page } from '../pagination';
import type { HoldStore } from './ports';
import type { StoredHold } from './records';

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
    const alreadyReleased = (h: StoredHold) =>
      new AppError('INVALID_TRANSITION', `Hold ${id} was already released on ${h.releasedAt?.toISOString() ?? '?'}`);
    if (!hold.active) throw alreadyReleased(hold);
    const released = await this.derived.change(hold, now, () => this.holds.release(id, now, actor.sub, reason));
    const stored = await this.get(id);
    if (!stored) throw new Error('hold vanished');
    if (!released) throw alreadyReleased(stored);
    return stored;
  }

  async list(f: { active?: boolean; limit: number; cursor?: string }) {
    return page(await this.holds.list({ active: f.active }, decodeCursor(f.cursor, ID_ORDER), f.limit + 1), f.limit, ID_ORDER);
  }
}
