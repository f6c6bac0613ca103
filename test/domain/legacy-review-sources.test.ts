import { expect } from 'chai';
import type { ReviewFactsOverlay } from '../../src/domain/catalog/records';
import { inferredSources } from '../../src/domain/catalog/reviewfacts';
import { type RecordingFactFields, normalizeFlags, recordingFacts } from '../../src/domain/derived/fact-mappers';

/**
 * Counsel session 8, H1: an overlay a clerk's answer stored before the sources of review facts were
 * kept has no entries, and the recording no sources. Until the sweep backfills them, the facts built
 * from it must read the clerk's links and category as the clerk's, unconfirmed, never as the feed's.
 */
describe("facts built from a recording whose clerk's answers predate their sources", () => {
  const at = new Date('2024-05-01T15:00:00Z');
  const legacy: ReviewFactsOverlay = { caseNumbers: ['KC-OLD'], nonpublic: null, kind: null, category: 'traffic', by: 'jdoe', at };
  const doc = (over: Partial<RecordingFactFields> = {}): RecordingFactFields => ({
    _id: 'BWC-H1',
    category: 'traffic',
    recordedAt: new Date('2018-01-02T20:00:00Z'),
    location: { address: null, lat: null, lon: null, nonpublic: false, kind: null },
    flags: normalizeFlags({}),
    caseNumbers: ['KC-FEED', 'KC-OLD'],
    destruction: null,
    reviewSources: null,
    reviewFacts: legacy,
    ...over,
  });

  it("reads every overlay link the recording has, and the overlay's category, as the clerk's and unconfirmed", () => {
    const f = recordingFacts(doc());
    expect(f.caseLinkSources.map((l) => [l.caseNumber, l.source, l.by, l.confirmedBy])).to.deep.equal([['KC-OLD', 'clerk', 'jdoe', null]]);
    expect(f.categorySource).to.include({ source: 'clerk', by: 'jdoe', confirmedBy: null });
  });

  it("leaves the category to the feed when the recording's differs from the clerk's answer", () => {
    expect(recordingFacts(doc({ category: 'arrest' })).categorySource).to.equal(null);
  });

  it('uses the stored sources once the overlay has its entries (after the backfill)', () => {
    const backfilled: ReviewFactsOverlay = { ...legacy, links: [], categoryEntry: null };
    const f = recordingFacts(doc({ reviewFacts: backfilled, reviewSources: null }));
    expect(f.caseLinkSources).to.deep.equal([]);
    expect(f.categorySource).to.equal(null);
  });

  it('counts a confirmation made after the moment replayed as not yet made', () => {
    const confirmedAt = new Date('2026-12-01T16:00:00Z');
    const o: ReviewFactsOverlay = {
      ...legacy,
      links: [{ caseNumber: 'KC-OLD', by: 'jdoe', at, basis: null, confirmation: { by: 'pros', at: confirmedAt, basis: 'charging memo' } }],
    };
    const before = inferredSources({ caseNumbers: ['KC-OLD'], category: 'arrest' }, o, new Date('2026-11-30T00:00:00Z'));
    expect(before?.caseLinks.map((l) => [l.source, l.confirmedBy])).to.deep.equal([['clerk', null]]);
    const after = inferredSources({ caseNumbers: ['KC-OLD'], category: 'arrest' }, o, new Date('2026-12-02T00:00:00Z'));
    expect(after?.caseLinks.map((l) => [l.source, l.confirmedBy])).to.deep.equal([['confirmed', 'pros']]);
  });
});
