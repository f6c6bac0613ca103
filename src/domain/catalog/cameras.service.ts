import type { Actor } from '../../auth/roles';
import type { CameraInput } from './catalog.schemas';
import { ID_ORDER, decodeCursor, page } from '../pagination';
import type { CameraStore } from './ports';
import type { StoredCamera } from './records';

export type { StoredCamera } from './records';

export class CamerasService {
  constructor(private readonly cameras: CameraStore) {}

  /** Idempotent upsert; returns whether the camera was created. */
  async put(serial: string, input: CameraInput, actor: Actor, now: Date): Promise<{ created: boolean; camera: StoredCamera }> {
    const created = await this.cameras.put(serial, {
      assignment: input.assignment,
      model: input.model,
      unit: input.unit,
      officerId: input.officerId ?? null,
      status: input.status,
      updatedAt: now,
      updatedBy: actor.sub,
    });
    const camera = await this.cameras.get(serial);
    if (!camera) throw new Error(`camera ${serial} vanished after upsert`);
    return { created, camera };
  }

  /** The known units (those of the registered cameras), for pickers: a unit is chosen, not typed. */
  units(): Promise<string[]> {
    return this.cameras.units();
  }

  get(serial: string): Promise<StoredCamera | null> {
    return this.cameras.get(serial);
  }

  async list(f: { assignment?: string; unit?: string; status?: string; cursor?: string; limit: number }) {
    const rows = await this.cameras.list(
      { assignment: f.assignment, unit: f.unit, status: f.status },
      decodeCursor(f.cursor, ID_ORDER),
      f.limit + 1,
    );
    return page(rows, f.limit, ID_ORDER);
  }
}
