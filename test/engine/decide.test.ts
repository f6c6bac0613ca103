import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { createReleaseEngine } from '../../src/engine/decide';
import { CaseFacts, CourtOrderFacts, Decision, RecordingFacts, REQUESTER_KINDS, RequesterClaim } from '../../src/engine/facts';
import { CounselDeterminationFacts, factsDigest } from '../../src/engine/counsel';
import { LEGAL_ZONE } from '../../src/engine/legal-time';
import type { DecisionRuleFile, RuleSet } from '../../src/engine/rule-schema';
import { loadRuleSet } from '../../src/rules/load';
import { createJreDecider } from '../../scripts/support/engine-jre';
import { generateMix, MIX_AS_OF } from '../../scripts/support/engine-mix';

const ruleSet = loadRuleSet('rules/missouri');
const engine = createReleaseEngine(ruleSet);
const at = (iso: string): DateTime => DateTime.fromISO(iso, { zone: LEGAL_ZONE });
const asOf = at('2026-05-01T10:00:00');

const recording = (over: Partial<RecordingFacts> = {}): RecordingFacts =>
  RecordingFacts.parse({
    recordingId: 'BWC-1',
    category: 'investigation',
    recordedAt: '2026-01-10T20:00:00-06:00',
    nonpublic: false,
    locationKind: 'public',
    flags: {},
    redactionReview: { reviewedBy: 'records-clerk', reviewedAt: '2026-01-11T09:00:00-06:00' },
    caseNumbers: ['KC-1'],
    ...over,
  });
const kase = (caseNumber: string, over: Partial<z.input<typeof CaseFacts>> = {}): CaseFacts =>
  CaseFacts.parse({ caseNumber, offenseClass: 'felony', offenseDate: '2026-01-10', ...over });
const declined = (caseNumber: string, recordedAt = '2026-02-01T09:00:00-06:00'): CaseFacts =>
  kase(caseNumber, {
    events: [{ id: `${caseNumber}-d`, type: 'declined', date: '2026-02-01', recordedAt, defendantId: null, supersedes: null }],
  });

describe('createReleaseEngine().decide', () => {
  it("tells staff, never the requester, that a closure rests on a clerk's unconfirmed link, and only when it does (counsel session 6, G5)", () => {
    const note = 'This closure rests on case KC-1';
    const entry = { caseNumber: 'KC-1', by: 'jdoe', at: '2026-04-01T10:00:00-05:00', confirmedBy: null, confirmedAt: null };
    const clerk = { ...entry, source: 'clerk' as const };
    const confirmed = { ...entry, source: 'confirmed' as const, confirmedBy: 'pros', confirmedAt: '2026-04-02T10:00:00-05:00' };
    const decideWith = (over: Partial<RecordingFacts>) => {
      const d = engine.decide(recording(over), [kase('KC-1')], [], 'public', asOf);
      expect(d.outcome).to.equal('withhold');
      return {
        rules: d.reasons.map((r) => r.ruleId),
        text: d.reasons.map((r) => r.text).join(' '),
        staff: d.reasons.map((r) => r.staffNote ?? '').join(' '),
      };
    };
    const unconfirmed = decideWith({ caseLinkSources: [clerk] });
    expect(unconfirmed.staff).to.contain(note).and.contain('clerk jdoe entered on 2026-04-01');
    expect(unconfirmed.text).to.not.contain('jdoe');
    // A juvenile subject closes it whatever the case: the closure does not rest on the link.
    const juvenile = decideWith({ flags: { ...recording().flags, juvenileSubject: true }, caseLinkSources: [clerk] });
    expect(juvenile.rules).to.include('MO-JUVENILE');
    expect(juvenile.staff).to.not.contain(note);
    for (const sources of [[], [confirmed]]) expect(decideWith({ caseLinkSources: sources }).staff).to.not.contain(note);
  });

  it("leaves a closure resting only on a clerk's unconfirmed link out of the public reasons when another closure stands, and tells staff (counsel session 9, N2, N6)", () => {
    const d = engine.decide(
      recording({
        category: 'arrest',
        caseNumbers: ['KC-F', 'KC-C'],
        caseLinkSources: [
          { caseNumber: 'KC-C', source: 'clerk', by: 'jdoe', at: '2026-04-01T10:00:00-05:00', confirmedBy: null, confirmedAt: null },
        ],
      }),
      [kase('KC-F', { juvenile: true }), kase('KC-C', { juvenile: true })],
      [],
      'public',
      asOf,
    );
    expect(d.outcome).to.equal('withhold');
    // The denial goes out now on the feed's juvenile case; the clerk's juvenile case is not named to the requester.
    expect(d.unconfirmedLinks).to.deep.equal([]);
    expect(d.reasons.map((r) => r.text).join(' '))
      .to.contain('(case KC-F)')
      .and.not.contain('KC-C');
    const note = d.reasons.find((r) => r.text.includes('(case KC-F)'))?.staffNote ?? '';
    expect(note).to.contain('Left out of the reasons the requester reads').and.contain('(case KC-C)');
    expect(note).to.contain('This closure rests on case KC-C');
  });

  it("takes a denial's routes and reopening day only from the closures the requester reads, not from one left out for a clerk's unconfirmed link (counsel session 13, P2-a)", () => {
    const rec = (linked: boolean) =>
      recording({
        category: 'arrest',
        caseNumbers: linked ? ['KC-F', 'KC-C'] : ['KC-F'],
        caseLinkSources: linked
          ? [{ caseNumber: 'KC-C', source: 'clerk', by: 'jdoe', at: '2026-04-01T10:00:00-05:00', confirmedBy: null, confirmedAt: null }]
          : [],
      });
    const cases = [kase('KC-F'), kase('KC-C', { juvenile: true })];
    const alone = engine.decide(rec(false), cases, [], 'public', asOf);
    const d = engine.decide(rec(true), cases, [], 'public', asOf);
    expect(d.outcome).to.equal('withhold');
    expect(d.reasons.map((r) => r.ruleId)).to.deep.equal(['MO-ACTIVE']);
    // The juvenile court's route (211.321) belongs to the closure the letter does not cite.
    expect(d.routes).to.not.include('juvenile_court_order');
    expect(d.routes).to.deep.equal(alone.routes);
    expect(d.reviewAt).to.equal(alone.reviewAt);
    // The same when the hidden closure is a court's closure order on the clerk's case (the N1 path, counsel session 14).
    const closure = CourtOrderFacts.parse({
      orderNumber: 'O-CLOSE-C',
      kind: 'closure',
      issuedAt: '2026-03-01T09:00:00-06:00',
      caseNumber: 'KC-C',
      recordedAt: '2026-03-01T09:00:00-06:00',
    });
    const n1 = engine.decide(rec(true), [kase('KC-F'), kase('KC-C')], [closure], 'public', asOf);
    expect(n1.outcome).to.equal('withhold');
    expect(n1.reasons.map((r) => r.ruleId)).to.deep.equal(['MO-ACTIVE']);
    expect(alone.reviewAt).to.be.a('string');
    expect(n1.reviewAt).to.equal(alone.reviewAt);
    expect(n1.routes).to.deep.equal(alone.routes);
  });

  it("denies a nonpublic recording without saying no investigation closes it, while a clerk's unconfirmed link to an active case is set aside (counsel session 13/14, P1-b)", () => {
    const d = engine.decide(
      recording({
        nonpublic: true,
        locationKind: 'dwelling',
        caseNumbers: ['KC-A', 'KC-C'],
        caseLinkSources: [
          { caseNumber: 'KC-C', source: 'clerk', by: 'jdoe', at: '2026-04-01T10:00:00-05:00', confirmedBy: null, confirmedAt: null },
        ],
      }),
      [declined('KC-A'), kase('KC-C')],
      [],
      'public',
      asOf,
    );
    expect(d.outcome).to.equal('withhold');
    expect(d.reasons.map((r) => r.ruleId)).to.deep.equal(['MO-NONPUBLIC']);
    expect(d.reasons[0]!.text).to.contain('does not depend on the status of any investigation').and.not.contain('no active investigation');
  });

  it("does not let a counsel determination made before a clerk's link was added lift the link hold (counsel session 9b, N1-R)", () => {
    const mixed = kase('KC-MIX', {
      defendants: [{ defendantId: 'A' }, { defendantId: 'B' }],
      events: [
        { id: 'm1', type: 'charged', date: '2026-01-12', defendantId: 'A', recordedAt: '2026-01-12T09:00:00-06:00', supersedes: null },
        { id: 'm2', type: 'charged', date: '2026-01-12', defendantId: 'B', recordedAt: '2026-01-12T09:00:00-06:00', supersedes: null },
        { id: 'm3', type: 'acquitted', date: '2026-02-03', defendantId: 'A', recordedAt: '2026-02-03T09:00:00-06:00', supersedes: null },
        { id: 'm4', type: 'convicted', date: '2026-02-03', defendantId: 'B', recordedAt: '2026-02-03T09:00:00-06:00', supersedes: null },
        {
          id: 'm5',
          type: 'conviction_final',
          date: '2026-03-15',
          defendantId: 'B',
          recordedAt: '2026-03-15T09:00:00-05:00',
          supersedes: null,
        },
      ],
    });
    const before = recording({ category: 'arrest', caseNumbers: ['KC-MIX'] });
    const enteredAt = '2026-04-02T10:00:00-05:00';
    const determination = CounselDeterminationFacts.parse({
      number: 'CD-2026-00009',
      scope: { kind: 'recording', recordingId: 'BWC-1' },
      requesterKinds: ['public'],
      outcome: 'withhold',
      citation: 'RSMo 610.100.3',
      publicStatement: 'Withheld.',
      reasoning: 'x',
      answers: ['case-mixed-outcome'],
      factsDigest: factsDigest([{ recording: before, cases: [mixed], orders: [] }], at(enteredAt).toMillis(), ruleSet.rulesVersion),
      enteredAt,
      enteredBy: 'counsel-1',
    });
    const counsel = { determinations: [determination], requestNumber: null };
    // Counsel's withhold applies on the facts it was made on.
    expect(engine.decide(before, [mixed], [], 'public', asOf, undefined, undefined, counsel).reasons[0]?.citation).to.equal(
      'RSMo 610.100.3',
    );
    // A clerk then links an active case: counsel's determination is stale, and the denial waits for the link.
    const linked = recording({
      category: 'arrest',
      caseNumbers: ['KC-MIX', 'KC-ACT'],
      caseLinkSources: [
        { caseNumber: 'KC-ACT', source: 'clerk', by: 'jdoe', at: '2026-04-10T10:00:00-05:00', confirmedBy: null, confirmedAt: null },
      ],
    });
    const d = engine.decide(
      linked,
      [mixed, kase('KC-ACT', { offenseDate: '2026-04-01' })],
      [],
      'public',
      asOf,
      undefined,
      undefined,
      counsel,
    );
    expect(d.outcome).to.equal('withhold');
    expect(d.unconfirmedLinks).to.deep.equal(['KC-ACT']);
    expect(d.reasons.map((r) => r.citation)).to.not.include('RSMo 610.100.3');
  });

  it("waits for a clerk's unconfirmed link when a court release order reaching the recording through another unconfirmed link could release it (counsel session 13, P1-a)", () => {
    const clerk = (caseNumber: string) => ({
      caseNumber,
      source: 'clerk' as const,
      by: 'jdoe',
      at: '2026-04-01T10:00:00-05:00',
      confirmedBy: null,
      confirmedAt: null,
    });
    const rec = recording({ caseNumbers: ['KC-A', 'KC-B', 'KC-C'], caseLinkSources: [clerk('KC-B'), clerk('KC-C')] });
    const order = (orderNumber: string, kind: 'release' | 'closure', caseNumber: string, day: string) =>
      CourtOrderFacts.parse({
        orderNumber,
        kind,
        issuedAt: `${day}T09:00:00-06:00`,
        caseNumber,
        releaseTo: kind === 'release' ? ['public'] : [],
        recordedAt: `${day}T09:00:00-06:00`,
      });
    const cases = [kase('KC-A'), declined('KC-B'), kase('KC-C')];
    // The closure order is the later one, so the orders do not conflict (that is P1-c's case).
    const orders = [order('O-REL-B', 'release', 'KC-B', '2026-03-01'), order('O-CLOSE-C', 'closure', 'KC-C', '2026-03-10')];
    const d = engine.decide(rec, cases, orders, 'public', asOf);
    // Confirming KC-B would bring O-REL-B to bear over KC-A's active investigation: no denial now on KC-A alone.
    expect(d.outcome).to.not.equal('release');
    expect(d.unconfirmedLinks).to.deep.equal(['KC-C']);
    expect(d.reasons.map((r) => r.ruleId)).to.not.deep.equal(['MO-ACTIVE']);
    // With KC-B's link confirmed, the order is one of what decides.
    const confirmedB = recording({
      caseNumbers: ['KC-A', 'KC-B', 'KC-C'],
      caseLinkSources: [
        { ...clerk('KC-B'), source: 'confirmed', confirmedBy: 'pros', confirmedAt: '2026-04-02T10:00:00-05:00' },
        clerk('KC-C'),
      ],
    });
    expect(engine.decide(confirmedB, cases, orders, 'public', asOf).orders.map((o) => o.orderNumber)).to.include('O-REL-B');
  });

  it("asks about a closure order when a later release order reaches the recording only through a clerk's unconfirmed link, instead of denying on the closure (counsel session 13, P1-c)", () => {
    const order = (orderNumber: string, kind: 'release' | 'closure', caseNumber: string, day: string) =>
      CourtOrderFacts.parse({ orderNumber, kind, issuedAt: `${day}T09:00:00-06:00`, caseNumber, recordedAt: `${day}T09:00:00-06:00` });
    const link = { caseNumber: 'KC-B', by: 'jdoe', at: '2026-04-01T10:00:00-05:00', confirmedBy: null, confirmedAt: null };
    const rec = (source: 'clerk' | 'confirmed') =>
      recording({
        caseNumbers: ['KC-A', 'KC-B'],
        caseLinkSources: [
          source === 'clerk' ? { ...link, source } : { ...link, source, confirmedBy: 'pros', confirmedAt: '2026-04-02T10:00:00-05:00' },
        ],
      });
    const cases = [declined('KC-A'), declined('KC-B')];
    const later = [order('O-CLOSE-A', 'closure', 'KC-A', '2026-02-01'), order('O-REL-B', 'release', 'KC-B', '2026-03-01')];
    const unconfirmed = engine.decide(rec('clerk'), cases, later, 'public', asOf);
    expect(unconfirmed.outcome).to.equal('needs_legal_review');
    expect(unconfirmed.missingFacts).to.have.members(['orders.conflict[O-CLOSE-A/O-REL-B]', 'recording.caseLinkConfirmed']);
    // An older release order reaching it through the feed's case does not make the closure a ground now (counsel session 14).
    const withOlder = engine.decide(rec('clerk'), cases, [order('O-REL-A0', 'release', 'KC-A', '2026-01-15'), ...later], 'public', asOf);
    expect(withOlder.outcome).to.equal('needs_legal_review');
    expect(withOlder.missingFacts).to.have.members(['orders.conflict[O-CLOSE-A/O-REL-B]', 'recording.caseLinkConfirmed']);
    // Confirmed, it is the conflict counsel reads; a release order issued before the closure changes nothing.
    expect(engine.decide(rec('confirmed'), cases, later, 'public', asOf).missingFacts).to.deep.equal([
      'orders.conflict[O-CLOSE-A/O-REL-B]',
    ]);
    const earlier = [order('O-CLOSE-A', 'closure', 'KC-A', '2026-03-01'), order('O-REL-B', 'release', 'KC-B', '2026-02-01')];
    const closed = engine.decide(rec('clerk'), cases, earlier, 'public', asOf);
    expect(closed.outcome).to.equal('withhold');
    expect(closed.reasons.map((r) => r.ruleId)).to.deep.equal(['MO-ORDER-CLOSE']);
  });

  it('cites for a denial only the provision that closes the record, not a route open to someone else (counsel session 8, L6)', () => {
    const active = engine.decide(recording(), [kase('KC-1')], [], 'public', asOf);
    expect(active.outcome).to.equal('withhold');
    expect(active.reasons.find((r) => r.ruleId === 'MO-ACTIVE')?.citation).to.equal('RSMo 610.100.2(1)');
    const involved = engine.decide(
      recording(),
      [kase('KC-1')],
      [],
      'depicted_person',
      asOf,
      undefined,
      RequesterClaim.parse({ writtenRequest: true, identityVerified: true }),
    );
    expect(involved.outcome).to.equal('release');
    expect(involved.reasons.find((r) => r.ruleId === 'MO-ACTIVE')?.citation).to.equal('RSMo 610.100.4');
  });

  it('returns byte-identical JSON for the same inputs, however often and from whatever copies', () => {
    const items = generateMix(300, 7);
    const once = items.map((it) =>
      JSON.stringify(engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim)),
    );
    const fresh = createReleaseEngine(loadRuleSet('rules/missouri'));
    const copies = structuredClone(items);
    const again = copies.map((it) =>
      JSON.stringify(fresh.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim)),
    );
    expect(again).to.deep.equal(once);
  });

  it('gives the same decision for the same instant written in another zone', () => {
    const rec = recording();
    const cases = [declined('KC-1')];
    const chicago = JSON.stringify(engine.decide(rec, cases, [], 'public', asOf));
    const utc = JSON.stringify(engine.decide(rec, cases, [], 'public', asOf.toUTC()));
    expect(utc).to.equal(chicago);
    expect((JSON.parse(utc) as { asOf: string }).asOf).to.equal('2026-05-01T10:00:00.000-05:00');
  });

  it('emits decisions in the facts.ts key order and shape', () => {
    const d = engine.decide(recording(), [declined('KC-1')], [], 'public', asOf);
    expect(Object.keys(d)).to.deep.equal(Object.keys(Decision.shape));
    expect(Decision.parse(d)).to.deep.equal(d);
    expect(d.rulesVersion)
      .to.equal(ruleSet.rulesVersion)
      .and.match(/^mo-[0-9a-f]{16}$/);
  });

  it('never mutates its inputs (deeply frozen facts decide normally)', () => {
    const deepFreeze = <T>(o: T): T => {
      if (o && typeof o === 'object') {
        Object.values(o as object).forEach(deepFreeze);
        Object.freeze(o);
      }
      return o;
    };
    const rec = deepFreeze(recording({ flags: { ...recording().flags, depictsMinor: true } }));
    const cases = deepFreeze([declined('KC-1')]);
    const orders = deepFreeze([
      CourtOrderFacts.parse({
        orderNumber: 'O-1',
        kind: 'release',
        issuedAt: '2026-03-01T09:00:00-06:00',
        recordingIds: ['BWC-1'],
        redactions: ['plates'],
        recordedAt: '2026-03-01T09:00:00-06:00',
      }),
    ]);
    expect(engine.decide(rec, cases, orders, 'public', asOf).outcome).to.equal('release');
  });

  it('hides events recorded after knownAt', () => {
    const cases = [declined('KC-1', '2026-04-20T09:00:00-05:00')];
    expect(engine.decide(recording(), cases, [], 'public', asOf, at('2026-04-01T00:00:00')).outcome).to.equal('withhold');
    expect(engine.decide(recording(), cases, [], 'public', asOf, at('2026-04-21T00:00:00')).outcome).to.equal('release');
  });

  it('ignores an event superseded by a later known correction', () => {
    const c = kase('KC-1', {
      defendants: [{ defendantId: 'D1' }],
      events: [
        { id: 'x', type: 'declined', date: '2026-02-01', recordedAt: '2026-02-01T09:00:00-06:00', defendantId: null, supersedes: null },
        { id: 'y', type: 'charged', date: '2026-02-01', recordedAt: '2026-02-10T09:00:00-06:00', defendantId: 'D1', supersedes: 'x' },
      ],
    });
    expect(engine.decide(recording(), [c], [], 'public', asOf).reasons.map((r) => r.ruleId)).to.deep.equal(['MO-ACTIVE']);
  });

  it('releases a recording linked to several cases only when every case allows it', () => {
    const rec = recording({ caseNumbers: ['KC-1', 'KC-2'] });
    expect(engine.decide(rec, [declined('KC-1'), declined('KC-2')], [], 'public', asOf).outcome).to.equal('release');
    const mixed = engine.decide(rec, [declined('KC-1'), kase('KC-2')], [], 'public', asOf);
    expect(mixed.outcome).to.equal('withhold');
    expect(mixed.reasons.map((r) => r.text).join(' ')).to.contain('KC-2');
  });

  it('ignores supplied cases the recording is not linked to', () => {
    expect(engine.decide(recording(), [declined('KC-1'), kase('KC-9')], [], 'public', asOf).outcome).to.equal('release');
  });

  it('asks for legal review, naming the missing facts, when the location is unknown', () => {
    const d = engine.decide(recording({ nonpublic: null, locationKind: null }), [declined('KC-1')], [], 'public', asOf);
    expect(d).to.deep.include({ outcome: 'needs_legal_review', missingFacts: ['recording.nonpublic'], routes: [], reviewAt: null });
    expect(d.reasons[0]).to.include({ ruleId: 'MO-NONPUBLIC' });
  });

  it('asks for legal review naming the case when a linked case was not supplied', () => {
    const d = engine.decide(recording({ caseNumbers: ['KC-404'] }), [], [], 'public', asOf);
    expect(d).to.deep.include({ outcome: 'needs_legal_review', missingFacts: ['cases.KC-404'] });
  });

  it('lets the agency see what the public cannot', () => {
    expect(engine.decide(recording(), [kase('KC-1')], [], 'public', asOf).outcome).to.equal('withhold');
    expect(engine.decide(recording(), [kase('KC-1')], [], 'agency', asOf).outcome).to.equal('release');
  });

  it('decides every requester kind for every mixed request with a valid decision', () => {
    for (const it of generateMix(200, 11)) {
      for (const requester of REQUESTER_KINDS) {
        expect(Decision.safeParse(engine.decide(it.recording, it.cases, it.orders, requester, MIX_AS_OF)).success).to.equal(true);
      }
    }
  });

  it('exposes the named facts the rules saw', () => {
    const f = engine.facts(recording({ nonpublic: null }), kase('KC-1'), [], 'insurer', asOf);
    expect(f).to.include({
      requester: 'insurer',
      requesterInvolved: true,
      hasCase: true,
      nonpublic: null,
      caseInactive: false,
      caseTerminated: false,
    });
  });

  it('derives case status with the parameters in force on asOf', () => {
    expect(engine.deriveCaseStatus(kase('KC-1'), asOf)).to.include({ inactive: false, reviewAt: '2029-01-11' });
  });

  it('counts retention from the case status with every opt-in reading off, so an opt-in chosen for release never shortens what is kept', () => {
    const literal = createReleaseEngine({
      ...ruleSet,
      parameters: {
        versions: ruleSet.parameters.versions.map((v) => ({ ...v, tenYearsWhileCharged: { ...v.tenYearsWhileCharged, apply: true } })),
      },
    });
    // A felony charged in 2014 with no disposition (an absconded defendant): ten years after the offense have run.
    const absconded = kase('KC-ABS', {
      offenseClass: 'felony',
      offenseDate: '2014-03-01',
      events: [{ id: 'abs-1', type: 'charged', date: '2014-03-02', defendantId: 'D1', recordedAt: '2014-03-02T10:00:00-06:00' }],
    });
    const at = DateTime.fromISO('2026-06-01T10:00:00', { zone: LEGAL_ZONE });
    expect(literal.deriveCaseStatus(absconded, at)).to.include({ inactive: true, inactiveGround: 'ten_years' });
    expect(literal.caseStatusForRetention(absconded, at)).to.include({ inactive: false, inactiveSince: null });
  });

  describe('effective-dated versions', () => {
    // A hypothetical amendment, built in memory: from 2027-01-01 involved persons get a
    // 20-day response, and nonpublic recordings are open to the public.
    const amended = (): RuleSet => {
      const rs = structuredClone(ruleSet);
      const nonpublic = rs.release.find((r) => r.id === 'MO-NONPUBLIC') as DecisionRuleFile;
      const v1 = nonpublic.versions[0]!;
      nonpublic.versions.push({
        ...v1,
        effectiveFrom: '2027-01-01',
        outcomes: { default: { outcome: 'release', redact: true } },
        explain: 'Amended: nonpublic recordings are open.',
      });
      rs.parameters.versions.push({ ...rs.parameters.versions[0]!, effectiveFrom: '2027-01-01', involvedPersonResponseDays: 20 });
      return rs;
    };
    const e2 = createReleaseEngine(amended());
    const home = recording({ nonpublic: true, locationKind: 'dwelling' });

    it('picks the rule version in force on asOf', () => {
      expect(e2.decide(home, [declined('KC-1')], [], 'public', at('2026-12-31T23:59:00')).outcome).to.equal('withhold');
      const after = e2.decide(home, [declined('KC-1')], [], 'public', at('2027-01-01T00:00:00'));
      expect(after.outcome).to.equal('release');
      expect(after.reasons[0]?.text).to.equal('Amended: nonpublic recordings are open.');
    });

    it('picks the parameter version in force on asOf', () => {
      const written = RequesterClaim.parse({ writtenRequest: true, identityVerified: true });
      const before = e2.decide(recording(), [kase('KC-1')], [], 'depicted_person', at('2026-12-31T12:00:00'), undefined, written);
      const after = e2.decide(recording(), [kase('KC-1')], [], 'depicted_person', at('2027-01-02T12:00:00'), undefined, written);
      expect([before.respondWithinDays, after.respondWithinDays]).to.deep.equal([30, 20]);
    });

    it('stops applying a rule version after its effectiveTo', () => {
      const rs = structuredClone(ruleSet);
      const agency = rs.release.find((r) => r.id === 'MO-AGENCY') as DecisionRuleFile;
      agency.versions[0]!.effectiveTo = '2026-06-01';
      const e3 = createReleaseEngine(rs);
      expect(e3.decide(recording(), [kase('KC-1')], [], 'agency', at('2026-05-31T12:00:00')).outcome).to.equal('release');
      expect(e3.decide(recording(), [kase('KC-1')], [], 'agency', at('2026-06-01T12:00:00')).outcome).to.equal('withhold');
    });
  });

  it('agrees with json-rules-engine running the same rules on a generated mix', async () => {
    const jre = createJreDecider(ruleSet, engine, MIX_AS_OF);
    for (const it of generateMix(400, 99)) {
      const d = engine.decide(it.recording, it.cases, it.orders, it.requester, MIX_AS_OF, undefined, it.claim);
      const j = await jre(it);
      expect(
        {
          outcome: d.outcome,
          ruleIds: [...new Set(d.reasons.map((r) => r.ruleId))].sort(),
          redactions: d.redactions.map((r) => r.kind).sort(),
        },
        it.recording.recordingId,
      ).to.deep.equal(j);
    }
  });

  it('keeps engine modules pure: only zod, luxon and each other, no clock, randomness, env or I/O', () => {
    for (const f of ['decide', 'case-status', 'case-events', 'conditions', 'compile', 'day-math', 'rule-schema', 'release-case-schema']) {
      const src = readFileSync(`src/engine/${f}.ts`, 'utf8');
      const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(
        imports.filter((i) => !['zod', 'luxon'].includes(i!) && !i!.startsWith('./')),
        f,
      ).to.deep.equal([]);
      expect(src, f).not.to.match(/Date\.now|new Date\(|Math\.random|process\.|DateTime\.now|DateTime\.local\(/);
    }
  });
});
