/** Court orders (release, closure, expungement); an order changes the derived state of the recordings it names. */
import type { Actor } from '../../auth/roles';
import { AppError, notFound } from '../../errors';
import type { DerivedRefresher } from '../derived/refresher';
import type { CourtOrderInput } from './catalog.schemas';
import type { CourtOrderStore, RecordingStore } from './ports';
import type { StoredOrder } from './records';

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
        unknown.map((id) => ({
          path: `recordingIds[${(input.recordingIds ?? []).indexOf(id)}]`,
          message: `recording ${id} does not exist`,
        })),
      );
    }
    const order: StoredOrder = {
      _id: input.orderNumber,
      court: input.court,
      issuedAt: new Date(input.issuedAt),
      kind: input.kind,
      recordingIds: named,
      caseNumber: input.caseNumber ?? null,
      // "Everyone" is stored as the empty list the engine has always read as everyone, with the
      // choice itself beside it (null on orders stored before the choice was required).
      releaseTo: input.releaseToEveryone ? [] : (input.releaseTo ?? []),
      releaseToEveryone: input.kind === 'release' ? input.releaseToEveryone === true : null,
      viewOnly: input.viewOnly ?? false,
      noticeDays: input.noticeDays ?? null,
      redactions: input.redactions ?? [],
      statutoryRedactions: input.statutoryRedactions ?? 'apply',
      conditions: input.conditions ?? null,
      juvenileCourt: input.juvenileCourt ?? null,
      juvenileCourtAmendments: [],
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

  /**
   * Records which court made an order after it was entered (RSMo 211.321: only the juvenile
   * court's release order opens a juvenile record). Appended with its own entry time, so a replay
   * "as known at" an earlier moment still sees what was recorded then; covered recordings are re-decided.
   */
  async recordJuvenileCourt(orderNumber: string, juvenileCourt: boolean, actor: Actor, now: Date): Promise<StoredOrder> {
    const order = await this.get(orderNumber);
    if (!order) throw notFound('Court order', orderNumber);
    const entry = { juvenileCourt, recordedAt: now, recordedBy: actor.sub };
    await this.derived.change(order, now, () => this.orders.amendJuvenileCourt(orderNumber, entry, now));
    const stored = await this.get(orderNumber);
    if (!stored) throw new Error('order vanished after amendment');
    return stored;
  }

  get(orderNumber: string): Promise<StoredOrder | null> {
    return this.orders.get(orderNumber);
  }
}
