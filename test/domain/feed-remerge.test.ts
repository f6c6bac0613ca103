import { expect } from 'chai';
import type { Actor } from '../../src/auth/roles';
import { CameraInput, RecordingInput } from '../../src/domain/catalog/catalog.schemas';
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
 * Counsel re-check session 5, F3 residual: a feed write that lost the race with a clerk's answer was
 * refused (409, "being changed concurrently; retry"). It is merged again over the clerk's answer and
 * written. The race is forced: the clerk answers between the feed's read and its conditional write.
 */
describe("a feed write that races a clerk's answer is merged with it again, not refused", () => {
  let db: DbHandle;
  let services: Services;
  let raced = 0;

  before(async () => {
    db = await freshDatabase('feed_remerge');
    const models = createModels(db.connection);
    await ensureSchema(models);
    const stores = createStores(models);
    let clerkFirst = true;
    // The recordings store, with the clerk's answer slipped in before the feed's first conditional write.
    const recordings: typeof stores.recordings = Object.create(stores.recordings) as typeof stores.recordings;
    recordings.updateContent = async (id, rev, update) => {
      if (clerkFirst && update.updatedBy === 'feed' && update.title === 'feed v2') {
        clerkFirst = false;
        raced += 1;
        await services.recordings.reviseReviewFacts(id, { caseNumbers: ['KC-RACE'] }, clerk, NOW);
      }
      return stores.recordings.updateContent(id, rev, update);
    };
    services = buildServices({ ...stores, recordings }, loadRules('rules/missouri'));
    await services.cameras.put('CAM-1', CameraInput.parse(camera()), feed, NOW);
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
    expect(raced).to.equal(1);
    expect(result).to.equal('updated');
    expect(stored.title).to.equal('feed v2');
    expect(stored.caseNumbers).to.deep.equal(['KC-RACE']);
    expect(stored.reviewFacts?.caseNumbers).to.deep.equal(['KC-RACE']);
  });
});
