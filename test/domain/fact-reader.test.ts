import { expect } from 'chai';
import { FactsGatherer } from '../../src/domain/derived/facts.gatherer';
import type { StoredRequest } from '../../src/domain/requests/ports';
import { RequestsFactsSource } from '../../src/domain/requests/request-facts.source';
import { type Services, buildServices } from '../../src/domain/services';
import type { DbHandle } from '../../src/persistence/connection';
import { type Models, createModels, ensureSchema } from '../../src/persistence/models';
import { createStores } from '../../src/persistence/stores';
import { loadRules } from '../../src/rules';
import { seedCatalog } from '../../scripts/support/retention-seed';
import { freshDatabase } from '../support/db';

const NOW = new Date('2026-11-20T18:00:00Z');

function request(id: string, recordingIds: string[], extra: Partial<StoredRequest> = {}): StoredRequest {
  const at = new Date('2026-10-01T10:00:00-05:00');
  return {
    _id: id,
    receivedAt: at,
    requester: { name: 'A. Reporter', kind: 'public', contact: null },
    scope: { recordingIds, caseNumber: null, description: null },
    recordingIds,
    mediaItems: recordingIds.length,
    status: 'received',
    outcome: null,
    dueBy: new Date('2026-10-06T17:00:00-05:00'),
    due: { closeOfBusiness: '17:00', effectiveReceiptDate: '2026-10-01', countedDays: [], reasons: [] },
    decisions: [],
    decidedAt: at,
    delay: null,
    reviewMinutes: 0,
    responseNote: null,
    finalResponseAt: null,
    withdrawnAt: null,
    history: [],
    version: 0,
    createdAt: at,
    createdBy: 'c',
    updatedAt: at,
    updatedBy: 'c',
    ...extra,
  };
}

describe('gathering the fact documents in one read (LinkedFactReader)', () => {
  let db: DbHandle;
  let models: Models;
  let services: Services;
  let ids: string[] = [];

  before(async function () {
    this.timeout(300_000);
    db = await freshDatabase('fact_reader');
    models = createModels(db.connection);
    await ensureSchema(models);
    const rules = loadRules('rules/missouri');
    services = buildServices(createStores(models), rules);
    await seedCatalog(
      models,
      { gatherer: services.gatherer, rules },
      { seed: 7, recordings: 1500, asOf: NOW, patrolCameras: 10, detectiveCameras: 4, officers: 20 },
    );
    ids = (await models.Recording.find({}, { _id: 1 }).sort({ _id: 1 }).lean()).map((r) => r._id);
    const s = services.stores;
    // Requests and reviews (the seed has none): one request naming several recordings, one answered, one withdrawn; two reviews of one recording.
    await s.requests.insert(request('SR-2', [ids[3] ?? '', ids[5] ?? '', ids[8] ?? '']));
    await s.requests.insert(request('SR-1', [ids[5] ?? ''], { finalResponseAt: new Date('2026-10-05T12:00:00-05:00') }));
    await s.requests.insert(request('SR-3', [ids[8] ?? '', 'NOT-IN-CATALOG'], { withdrawnAt: new Date('2026-10-02T12:00:00-05:00') }));
    for (const [n, id] of [
      ['RR-2', ids[5]],
      ['RR-1', ids[5]],
      ['RR-3', ids[9]],
    ] as const) {
      await s.retentionReviews.insert({
        _id: n,
        recordingId: id ?? '',
        authority: 'local_records_board',
        citation: 'GS 1.2',
        reason: 'closed record reviewed',
        reviewedAt: NOW,
        reviewedBy: 'auditor',
        recordedAt: NOW,
      });
    }
  });
  after(async () => db.close());

  it('gives every recording exactly the facts the five separate reads give, with orders, holds, requests and reviews in the same order', async function () {
    this.timeout(120_000);
    const { facts: _reader, ...withoutReader } = services.stores;
    const separate = new FactsGatherer(withoutReader, new RequestsFactsSource(services.stores.requests));
    const oneRead = services.gatherer;
    const counts = { orders: 0, holds: 0, requests: 0, reviews: 0, cases: 0 };
    const wanted = [...ids, 'NOT-IN-CATALOG'];
    for (const size of [1, 97, 500]) {
      // One by one (as a lone eligibility answer reads) over the first 200 and the unknown id; in batches over all.
      const over = size === 1 ? [...ids.slice(0, 200), 'NOT-IN-CATALOG'] : wanted;
      for (let i = 0; i < over.length; i += size) {
        const chunk = over.slice(i, i + size);
        const [a, b] = await Promise.all([separate.forIds(chunk), oneRead.forIds(chunk)]);
        expect([...b.keys()].sort()).to.deep.equal([...a.keys()].sort());
        // From documents already read (refreshes, reports): the one-read path over ids and case numbers.
        expect(await oneRead.forDocs(await services.stores.recordings.getMany(chunk))).to.deep.equal(a);
        for (const [id, bundle] of a) {
          expect(b.get(id), id).to.deep.equal(bundle);
          if (size === 500) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += bundle[k].length ? 1 : 0;
        }
      }
    }
    // The comparison covered every kind of fact document.
    expect(counts.orders).to.be.above(0);
    expect(counts.holds).to.be.above(0);
    expect(counts.cases).to.be.above(100);
    expect(counts.requests).to.equal(3);
    expect(counts.reviews).to.equal(2);
    const five = (await oneRead.forIds([ids[5] ?? ''])).get(ids[5] ?? '');
    expect(five?.requests.map((r) => r.requestId)).to.deep.equal(['SR-1', 'SR-2']);
    expect(five?.reviews).to.have.length(2);
  });
});
