import { expect } from 'chai';
import type { Actor } from '../../src/auth/roles';
import { CameraInput, RecordingInput } from '../../src/domain/catalog/catalog.schemas';
import type { ContentUpdate } from '../../src/domain/catalog/ports';
import { type Services, buildServices } from '../../src/domain/services';
import type { DbHandle } from '../../src/persistence/connection';
import { createModels, ensureSchema } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import { loadRules } from '../../src/rules';
import { freshDatabase } from '../support/db';
import { camera, recording } from '../support/fixtures';

const NOW = new Date('2026-12-02T16:00:00Z');
const feed: Actor = { sub: 'feed', role: 'ingest' };
const clerk: Actor = { sub: 'jdoe', role: 'clerk' };

/**
 * Services on a fresh database whose recordings store lets another writer in once, before the first
 * conditional write that `first` picks out: a write slipped in between a read and a write.
 */
async function racedServices(
  name: string,
  first: (update: ContentUpdate) => boolean,
  interpose: (services: Services, id: string) => Promise<void>,
): Promise<{ db: DbHandle; services: Services; raced: () => number }> {
  const db = await freshDatabase(name);
  const models = createModels(db.connection);
  await ensureSchema(models);
  const stores = createStores(models);
  let raced = 0;
  const recordings: typeof stores.recordings = Object.create(stores.recordings) as typeof stores.recordings;
  recordings.updateContent = async (id, rev, update) => {
    if (raced === 0 && first(update)) {
      raced += 1;
      await interpose(services, id);
    }
    return stores.recordings.updateContent(id, rev, update);
  };
  const services = buildServices({ ...stores, recordings }, loadRules('rules/missouri'));
  await services.cameras.put('CAM-1', CameraInput.parse(camera()), feed, NOW);
  return { db, services, raced: () => raced };
}

/**
 * Counsel re-check session 5, F3 residual: a feed write that lost the race with a clerk's answer was
 * refused (409, "being changed concurrently; retry"). It is merged again over the clerk's answer and
 * written. The race is forced: the clerk answers between the feed's read and its conditional write.
 */
describe("a feed write that races a clerk's answer is merged with it again, not refused", () => {
  let db: DbHandle;
  let services: Services;
  let raced: () => number;

  before(async () => {
    // The clerk's answer slipped in before the feed's first conditional write.
    ({ db, services, raced } = await racedServices(
      'feed_remerge',
      (update) => update.updatedBy === 'feed' && update.title === 'feed v2',
      async (s, id) => void (await s.recordings.reviseReviewFacts(id, { caseNumbers: ['KC-RACE'] }, clerk, NOW)),
    ));
    await services.recordings.put('RACE-1', RecordingInput.parse(recording({ category: 'unclassified' })), feed, NOW);
  });
  after(async () => db.close());

  it("keeps both the feed's change and the clerk's case link", async () => {
    const { result, recording: stored } = await services.recordings.put(
      'RACE-1',
      RecordingInput.parse(recording({ category: 'unclassified', title: 'feed v2' })),
      feed,
      NOW,
    );
    expect(raced()).to.equal(1);
    expect(result).to.equal('updated');
    expect(stored.title).to.equal('feed v2');
    expect(stored.caseNumbers).to.deep.equal(['KC-RACE']);
    expect(stored.reviewFacts?.caseNumbers).to.deep.equal(['KC-RACE']);
  });
});

/**
 * Counsel session 14, 14b-2: an administrator's write was checked against one read and, after losing
 * the race, written over another. The feed classifies a traffic recording use_of_force between the
 * administrator's read and write; the administrator's non-evidentiary classification must then be
 * checked against the use-of-force recording, and refused, not written over it.
 */
describe("an administrator's write that loses the race with the feed is checked again against what the feed wrote", () => {
  let db: DbHandle;
  let services: Services;
  let raced: () => number;
  const admin: Actor = { sub: 'root', role: 'admin' };
  const recordedAt = '2026-06-01T13:00:00-05:00';

  before(async () => {
    // The feed's use-of-force classification slipped in before the administrator's conditional write.
    ({ db, services, raced } = await racedServices(
      'admin_recheck',
      (update) => update.updatedBy === 'root',
      async (s, id) =>
        void (await s.recordings.put(id, RecordingInput.parse(recording({ category: 'use_of_force', recordedAt })), feed, NOW)),
    ));
    await services.recordings.put('RACE-UOF', RecordingInput.parse(recording({ category: 'traffic', recordedAt })), feed, NOW);
  });
  after(async () => db.close());

  it('refuses the non-evidentiary classification once the recording is use-of-force, and keeps the feed’s category', async () => {
    const write = services.recordings.put(
      'RACE-UOF',
      RecordingInput.parse(
        recording({
          category: 'non_evidentiary',
          recordedAt,
          noInvestigation: { confirmedBy: 'ADA Lee', role: 'prosecutor', confirmedOn: '2026-11-30', reference: 'memo 9' },
        }),
      ),
      admin,
      NOW,
    );
    let refusal: unknown = null;
    await write.catch((e: unknown) => {
      refusal = e;
    });
    expect(raced()).to.equal(1);
    expect(String(refusal)).to.contain('use_of_force');
    const stored = await services.recordings.get('RACE-UOF');
    expect(stored?.category).to.equal('use_of_force');
    expect(stored?.release?.outcome).to.not.equal('release');
  });
});
