import type { Actor } from '../../auth/roles';
import type { Models } from '../../persistence/models';
import type { CameraDoc } from '../../persistence/models/catalog.model';
import type { CameraDirectory } from './camera-directory';
import type { CameraInput } from './catalog.schemas';
import { decodeCursor, page } from './pagination';

export type StoredCamera = CameraDoc & { _id: string };

export class CamerasService {
  constructor(
    private readonly models: Models,
    private readonly directory: CameraDirectory,
  ) {}

  /** Idempotent upsert; returns whether the camera was created. */
  async put(serial: string, input: CameraInput, actor: Actor, now: Date): Promise<{ created: boolean; camera: StoredCamera }> {
    const res = await this.models.Camera.collection.updateOne(
      { _id: serial as never },
      {
        $set: { assignment: input.assignment, model: input.model, unit: input.unit, officerId: input.officerId ?? null, status: input.status, updatedAt: now, updatedBy: actor.sub },
        $setOnInsert: { createdAt: now, createdBy: actor.sub },
      },
      { upsert: true },
    );
    const camera = await this.models.Camera.findById(serial).lean<StoredCamera>();
    if (!camera) throw new Error(`camera ${serial} vanished after upsert`);
    this.directory.remember(serial, camera.unit);
    return { created: res.upsertedCount === 1, camera };
  }

  async get(serial: string): Promise<StoredCamera | null> {
    return this.models.Camera.findById(serial).lean<StoredCamera>();
  }

  async list(f: { assignment?: string; unit?: string; status?: string; cursor?: string; limit: number }) {
    const after = decodeCursor(f.cursor);
    const q: Record<string, unknown> = {};
    if (f.assignment) q.assignment = f.assignment;
    if (f.unit) q.unit = f.unit;
    if (f.status) q.status = f.status;
    if (after) q._id = { $gt: after };
    const rows = await this.models.Camera.find(q).sort({ _id: 1 }).limit(f.limit + 1).lean<StoredCamera[]>();
    return page(rows, f.limit);
  }
}
