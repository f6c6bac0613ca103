/**
 * Camera serial -> unit, for stamping recordings and checking that their camera exists.
 * Cameras are never deleted (only retired), so a known serial stays valid; the entry is
 * replaced whenever the camera is written (CamerasService.put), so units stay current in
 * this process. Saves one query per import batch (on FerretDB a scan of all cameras).
 */
import type { Models } from '../../persistence/models';

export class CameraDirectory {
  private readonly units = new Map<string, string>();

  constructor(private readonly models: Models) {}

  remember(serial: string, unit: string): void {
    this.units.set(serial, unit);
  }

  async unitsOf(serials: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(serials)];
    const missing = wanted.filter((s) => !this.units.has(s));
    if (missing.length) {
      const rows = missing.length === 1
        ? await this.models.Camera.find({ _id: missing[0] }, { unit: 1 }).lean()
        : await this.models.Camera.find({ _id: { $in: missing } }, { unit: 1 }).lean();
      for (const c of rows) this.units.set(c._id, c.unit);
    }
    const out = new Map<string, string>();
    for (const s of wanted) {
      const unit = this.units.get(s);
      if (unit !== undefined) out.set(s, unit);
    }
    return out;
  }
}
