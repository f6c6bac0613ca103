/**
 * The sweep and the dashboard find recordings whose release state was decided under other rules
 * or engine code, or never, through the versions index. "Never" is a version null or missing,
 * asked as `$type: 'null'` or `$exists: false` (DocumentDB reads the whole index for `{path:
 * null}`): checked here to find exactly what `{path: null}` finds, on the real engine.
 */
import { expect } from 'chai';
import type { DbHandle } from '../../src/persistence/connection';
import { createModels, ensureSchema } from '../../src/persistence/models';
import { VERSIONS_INDEX, decidedUnderOtherFilter, recordingScans } from '../../src/persistence/stores/recording-scans.store';
import { freshDatabase } from '../support/db';

const versions = { rulesVersion: 'r-2', engineVersion: 'e-2' };

describe('recordings decided under other versions, or never (real engine)', () => {
  let db: DbHandle;
  let models: ReturnType<typeof createModels>;
  const stale: Record<string, Record<string, unknown>> = {
    'S-no-release': {},
    'S-release-null': { release: null },
    'S-release-empty': { release: {} },
    'S-rules-null': { release: { rulesVersion: null, engineVersion: 'e-2' } },
    'S-engine-missing': { release: { rulesVersion: 'r-2' } },
    'S-engine-null': { release: { rulesVersion: 'r-2', engineVersion: null } },
    'S-rules-older': { release: { rulesVersion: 'r-1', engineVersion: 'e-2' } },
    'S-rules-newer': { release: { rulesVersion: 'r-3', engineVersion: 'e-2' } },
    'S-engine-older': { release: { rulesVersion: 'r-2', engineVersion: 'e-1' } },
  };

  before(async function () {
    this.timeout(120_000);
    db = await freshDatabase('decided_under_other');
    models = createModels(db.connection);
    await ensureSchema(models);
    const raw = db.connection.db;
    if (!raw) throw new Error('not connected');
    await raw
      .collection<{ _id: string }>('recordings')
      .insertMany([
        ...Array.from({ length: 3000 }, (_, i) => ({ _id: `C-${i}`, release: { ...versions, outcome: 'withhold' } })),
        ...Object.entries(stale).map(([_id, fields]) => ({ _id, ...fields })),
      ]);
  });
  after(async () => db.close());

  it('finds through the versions index exactly the recordings a null match finds: no release, null or missing versions, other versions', async () => {
    const R = models.Recording.collection;
    const ids = async (filter: Record<string, unknown>, hint?: string) =>
      (await R.find<{ _id: string }>(filter, { projection: { _id: 1 }, ...(hint ? { hint } : {}) }).toArray()).map((d) => d._id).sort();
    const v = 'release.rulesVersion';
    const e = 'release.engineVersion';
    const byNull = await ids({
      $or: [{ [v]: { $ne: versions.rulesVersion } }, { [e]: { $ne: versions.engineVersion } }, { [v]: null }, { [e]: null }],
    });
    expect(byNull).to.deep.equal(Object.keys(stale).sort());
    expect(await ids(decidedUnderOtherFilter(versions), VERSIONS_INDEX)).to.deep.equal(byNull);
  });

  it('says whether any is left, and none once they are decided again', async () => {
    const scans = recordingScans(models);
    expect(await scans.anyDecidedUnderOther(versions)).to.equal(true);
    const raw = db.connection.db;
    if (!raw) throw new Error('not connected');
    await raw
      .collection<{ _id: string }>('recordings')
      .updateMany({ _id: { $in: Object.keys(stale) } }, { $set: { release: { ...versions } } });
    expect(await scans.anyDecidedUnderOther(versions)).to.equal(false);
  });
});
