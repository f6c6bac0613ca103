/**
 * The engine keeps three identity caches because the engine benchmark shows they matter
 * (decide.ts's header): the case status per CaseFacts object, the parsed dates of each court order
 * per CourtOrderFacts object and the Chicago day of each asOf per DateTime. They are right only
 * while nobody changes a facts object after giving it to the engine. These tests hold both sides
 * of that contract: the engine never writes to its inputs (it decides on frozen ones), and a
 * change arrives as a new object (what the domain's gatherer builds), which is decided afresh.
 */
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { createReleaseEngine } from '../../src/engine/decide';
import { CaseFacts, CourtOrderFacts, RecordingFacts } from '../../src/engine/facts';
import { LEGAL_ZONE } from '../../src/engine/legal-time';
import { loadRuleSet } from '../../src/rules/load';
import { generateMix, MIX_AS_OF } from '../../scripts/support/engine-mix';

const engine = createReleaseEngine(loadRuleSet('rules/missouri'));
const asOf = DateTime.fromISO('2026-05-01T10:00:00', { zone: LEGAL_ZONE });

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

const recording = RecordingFacts.parse({
  recordingId: 'BWC-1',
  category: 'investigation',
  recordedAt: '2026-01-10T20:00:00-06:00',
  nonpublic: false,
  locationKind: 'public',
  flags: {},
  redactionReview: { reviewedBy: 'records-clerk', reviewedAt: '2026-01-11T09:00:00-06:00' },
  caseNumbers: ['KC-1'],
});
const pending = CaseFacts.parse({
  caseNumber: 'KC-1',
  offenseClass: 'felony',
  offenseDate: '2026-01-10',
  defendants: [{ defendantId: 'D1' }],
  events: [{ id: 'e1', type: 'charged', date: '2026-01-20', recordedAt: '2026-01-20T09:00:00-06:00', defendantId: 'D1' }],
});

describe('the engine caches and the immutable facts they rely on', () => {
  it('decides on deeply frozen facts exactly as on unfrozen copies: it never writes to its inputs', () => {
    const items = generateMix(400, 11);
    const plain = items.map((it) =>
      JSON.stringify(engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim)),
    );
    const frozen = deepFreeze(structuredClone(items));
    const fresh = createReleaseEngine(loadRuleSet('rules/missouri'));
    expect(
      frozen.map((it) => JSON.stringify(fresh.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim))),
    ).to.deep.equal(plain);
  });

  it('decides a changed case afresh: the new facts object is not answered from the status of the old one', () => {
    const before = engine.decide(recording, [pending], [], 'public', asOf);
    expect(before.outcome).to.equal('withhold');
    const declined = CaseFacts.parse({
      ...pending,
      events: [
        ...pending.events,
        { id: 'e2', type: 'nolle_prosequi', date: '2026-03-01', recordedAt: '2026-03-01T09:00:00-06:00', defendantId: 'D1' },
      ],
    });
    const after = engine.decide(recording, [declined], [], 'public', asOf);
    expect(after.reasons.map((r) => r.ruleId)).not.to.deep.equal(before.reasons.map((r) => r.ruleId));
    // The old object still answers as before (its cached status is its own).
    expect(JSON.stringify(engine.decide(recording, [pending], [], 'public', asOf))).to.equal(JSON.stringify(before));
  });

  it("reads a changed court order afresh: a new object with a later issue date is not served the old one's dates", () => {
    const order = (issuedAt: string): CourtOrderFacts =>
      CourtOrderFacts.parse({
        orderNumber: 'CO-1',
        kind: 'closure',
        issuedAt,
        recordingIds: ['BWC-1'],
        recordedAt: '2026-01-12T09:00:00-06:00',
      });
    const inForce = engine.decide(recording, [pending], [order('2026-01-12T09:00:00-06:00')], 'public', asOf);
    const later = engine.decide(recording, [pending], [order('2026-06-01T09:00:00-05:00')], 'public', asOf);
    expect(inForce.reasons.map((r) => r.ruleId).join()).not.to.equal(later.reasons.map((r) => r.ruleId).join());
  });

  it('dates each asOf by its own instant, whichever DateTime objects carry it', () => {
    const a = engine.decide(recording, [pending], [], 'public', asOf);
    const b = engine.decide(recording, [pending], [], 'public', asOf.plus({ days: 400 }));
    expect(a.asOf).to.equal('2026-05-01T10:00:00.000-05:00');
    expect(b.asOf).to.equal('2027-06-05T10:00:00.000-05:00');
  });
});
