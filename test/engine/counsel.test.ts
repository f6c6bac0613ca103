import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson, caseDigest, CounselDeterminationFacts, factsDigest, isProvisionOfLaw, sha256Hex } from '../../src/engine/counsel';
import { createReleaseEngine } from '../../src/engine/decide';
import { loadRuleSet } from '../../src/rules/load';
import { loadReleaseCases, runCase } from '../../src/rules/release-cases';
import { CaseFacts, CourtOrderFacts, RecordingFacts } from '../../src/engine/facts';

const rec = RecordingFacts.parse({
  recordingId: 'BWC-1',
  category: 'arrest',
  recordedAt: '2026-01-02T10:00:00-06:00',
  nonpublic: false,
  flags: {},
  caseNumbers: ['KC-1'],
});
const kase = CaseFacts.parse({
  caseNumber: 'KC-1',
  offenseClass: 'felony',
  offenseDate: '2026-01-01',
  events: [
    { id: 'e1', type: 'charged', date: '2026-01-03', recordedAt: '2026-01-03T09:00:00-06:00' },
    { id: 'e2', type: 'dismissed', date: '2026-02-03', recordedAt: '2026-02-03T09:00:00-06:00' },
  ],
});
const order = CourtOrderFacts.parse({
  orderNumber: 'O-1',
  kind: 'closure',
  issuedAt: '2026-03-01T09:00:00-06:00',
  recordingIds: ['BWC-1'],
  recordedAt: '2026-03-01T10:00:00-06:00',
});
const ms = (iso: string): number => Date.parse(iso);

describe('counsel determinations in the engine (src/engine/counsel.ts)', () => {
  it('computes SHA-256 as node does, for the standard vectors and non-ASCII text', () => {
    expect(sha256Hex('')).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const s of ['x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'Café — 事件 '.repeat(40)]) {
      expect(sha256Hex(s)).to.equal(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });

  it('writes canonical JSON with sorted keys whatever order the object was built in', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], u: undefined })).to.equal('{"a":[{"c":"x","d":null}],"b":1}');
  });

  it('digests each part as known at a moment: later events and orders do not count before they were entered', () => {
    const before = factsDigest([{ recording: rec, cases: [kase], orders: [order] }], ms('2026-01-10T00:00:00Z'), 'law-1');
    const after = factsDigest([{ recording: rec, cases: [kase], orders: [order] }], ms('2026-04-01T00:00:00Z'), 'law-1');
    expect(before.recordings).to.deep.equal(after.recordings);
    expect(before.cases['KC-1']).to.not.equal(after.cases['KC-1']);
    expect(before.orders['BWC-1']).to.not.equal(after.orders['BWC-1']);
    const withoutLater = { ...kase, events: kase.events.slice(0, 1) };
    expect(caseDigest(withoutLater, Infinity)).to.equal(before.cases['KC-1']);
  });

  it('does not depend on the order events arrive in, and marks a case missing from the catalog as absent', () => {
    const reversed = { ...kase, events: [...kase.events].reverse() };
    expect(caseDigest(reversed, Infinity)).to.equal(caseDigest(kase, Infinity));
    expect(factsDigest([{ recording: rec, cases: [], orders: [] }], Infinity, 'law-1').cases).to.deep.equal({ 'KC-1': 'absent' });
  });

  it('covers every recording of a case scope, each with its own orders part', () => {
    const other = { ...rec, recordingId: 'BWC-2' };
    const d = factsDigest(
      [
        { recording: rec, cases: [kase], orders: [order] },
        { recording: other, cases: [kase], orders: [order] },
      ],
      Infinity,
      'law-1',
    );
    expect(Object.keys(d.recordings)).to.deep.equal(['BWC-1', 'BWC-2']);
    expect(d.orders['BWC-1']).to.not.equal(d.orders['BWC-2']);
  });
});

describe("counsel determinations' public and internal parts (counsel review, session 4)", () => {
  const ruleSet = loadRuleSet('rules/missouri');
  const engine = createReleaseEngine(ruleSet);
  const cases = loadReleaseCases().filter((c) => c.file.startsWith('cr19-'));

  it("never puts counsel's reasoning, redaction instructions or who entered it in a decision (finding 6)", () => {
    expect(cases.length).to.be.greaterThan(20);
    for (const { case: c } of cases) {
      const json = JSON.stringify(runCase(engine, c, ruleSet));
      for (const d of c.facts.determinations) {
        expect(json, c.note).to.not.include(d.reasoning);
        expect(json, c.note).to.not.include(`"${d.enteredBy}"`);
        for (const r of d.redactions) expect(json, c.note).to.not.include(r.instruction);
      }
    }
  });

  it('takes only a provision of law as a citation (610.023.4, finding 7)', () => {
    expect(isProvisionOfLaw('RSMo 610.100.3')).to.equal(true);
    expect(isProvisionOfLaw('RSMo 610.105; Court order 26CV-1')).to.equal(true);
    expect(isProvisionOfLaw('Counsel memo 14')).to.equal(false);
    expect(isProvisionOfLaw('RSMo 610.105; KCPD policy')).to.equal(false);
    // Each part whole (counsel re-check N1): text after a provision would reach the letter.
    expect(isProvisionOfLaw('RSMo 610.105 because John Doe was acquitted')).to.equal(false);
    expect(isProvisionOfLaw('Court order sealing the acquittal of John Doe')).to.equal(false);
    expect(isProvisionOfLaw('RSMo 610.100.1(3)(c); RSMo 610.100.2(1)')).to.equal(true);
    expect(isProvisionOfLaw('Supreme Court Rule 84.17; Mo. Const. art. I, § 15; 42 U.S.C. § 1983')).to.equal(true);
    const d = {
      number: 'CD-2026-00001',
      scope: { kind: 'recording', recordingId: 'BWC-1' },
      requesterKinds: ['public'],
      outcome: 'withhold',
      citation: 'Counsel memo 14',
      publicStatement: 'Withheld.',
      reasoning: 'x',
      answers: ['case-mixed-outcome'],
      factsDigest: { recordings: {}, cases: {}, orders: {}, law: 'mo-1' },
      enteredAt: '2026-03-02T10:00:00-06:00',
      enteredBy: 'counsel-1',
    };
    expect(CounselDeterminationFacts.safeParse(d).success).to.equal(false);
    expect(CounselDeterminationFacts.safeParse({ ...d, citation: 'RSMo 610.100.3' }).success).to.equal(true);
    expect(CounselDeterminationFacts.safeParse({ ...d, citation: 'RSMo 610.100.3', answers: [] }).success).to.equal(false);
  });
});
