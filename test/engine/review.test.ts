import { expect } from 'chai';
import { DateTime } from 'luxon';
import { createReleaseEngine } from '../../src/engine/decide';
import { RecordingFacts, REQUESTER_KINDS } from '../../src/engine/facts';
import { LEGAL_ZONE } from '../../src/engine/legal-time';
import { reviewNeeds } from '../../src/engine/review';
import { loadRuleSet } from '../../src/rules/load';
import { generateMix, MIX_AS_OF } from '../../scripts/support/engine-mix';

const engine = createReleaseEngine(loadRuleSet('rules/missouri'));
const asOf = DateTime.fromISO('2026-05-01T10:00:00', { zone: LEGAL_ZONE });
const recording = (over: Partial<RecordingFacts> = {}): RecordingFacts =>
  RecordingFacts.parse({
    recordingId: 'BWC-1',
    category: 'non_evidentiary',
    recordedAt: '2026-01-10T20:00:00-06:00',
    nonpublic: false,
    locationKind: 'public',
    flags: {},
    redactionReview: { reviewedBy: 'records-clerk', reviewedAt: '2026-01-11T09:00:00-06:00' },
    caseNumbers: [],
    ...over,
  });

describe('reviewNeeds (which requester kinds wait for legal review on a recording)', () => {
  it('names nothing for a reviewed open record, though involved persons without a claim would be asked about themselves', () => {
    const r = recording();
    const needs = reviewNeeds(engine, r, [], [], asOf, engine.decide(r, [], [], 'public', asOf));
    expect(needs.kinds).to.deep.equal([]);
    expect(needs.missingFacts).to.deep.equal([]);
  });

  it('names every kind waiting on an unreviewed recording, with the recording fact and never a fact about the requester', () => {
    const r = recording({ redactionReview: null });
    const needs = reviewNeeds(engine, r, [], [], asOf, engine.decide(r, [], [], 'public', asOf));
    expect(needs.kinds).to.include('public');
    expect(needs.missingFacts).to.include('recording.redactionReview');
    expect(needs.missingFacts.filter((f) => f.startsWith('requester.'))).to.deep.equal([]);
  });

  it('agrees with deciding each kind on its own, over the benchmark mix', () => {
    for (const it of generateMix(300, 11)) {
      const pub = engine.decide(it.recording, it.cases, it.orders, 'public', MIX_AS_OF);
      const needs = reviewNeeds(engine, it.recording, it.cases, it.orders, MIX_AS_OF, pub);
      const want = REQUESTER_KINDS.filter((k) => {
        const d = engine.decide(it.recording, it.cases, it.orders, k, MIX_AS_OF);
        return (
          d.outcome === 'needs_legal_review' && (d.missingFacts.length === 0 || d.missingFacts.some((f) => !f.startsWith('requester.')))
        );
      });
      expect(needs.kinds).to.deep.equal(want);
    }
  });
});
