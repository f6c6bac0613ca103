import { expect } from 'chai';
import { Decision } from '../../src/engine/facts';
import { createReleaseEngine } from '../../src/engine/decide';
import { loadRuleSet } from '../../src/rules/load';
import { caseProblems, loadReleaseCases, runCase } from '../../src/rules/release-cases';

const ruleSet = loadRuleSet('rules/missouri');
const engine = createReleaseEngine(ruleSet);
const cases = loadReleaseCases('rules/missouri/cases');

describe('release rule cases (rules/missouri/cases)', () => {
  for (const { file, index, case: c } of cases) {
    it(`${c.note} [${file}#${index + 1}]`, () => {
      const decision = runCase(engine, c, ruleSet);
      expect(Decision.safeParse(decision).success, 'decision matches the facts.ts contract').to.equal(true);
      expect(caseProblems(decision, c), JSON.stringify(decision, null, 2)).to.deep.equal([]);
    });
  }

  it('has, for every rule, a case that fires it and a case built to just miss it', () => {
    const fired = new Set(cases.flatMap(({ case: c }) => c.want.ruleIds));
    const missed = new Set(cases.flatMap(({ case: c }) => c.justMisses ?? []));
    const ids = ruleSet.release.map((r) => r.id);
    expect(
      ids.filter((id) => !fired.has(id)),
      'rules no case fires',
    ).to.deep.equal([]);
    expect(
      ids.filter((id) => !missed.has(id)),
      'rules no case just misses',
    ).to.deep.equal([]);
  });

  it('includes the reference worked examples 1 to 7 by name', () => {
    for (let n = 1; n <= 7; n++) {
      expect(
        cases.some(({ file, case: c }) => file.startsWith(`example-${n}-`) && c.note.startsWith(`example ${n}:`)),
        `example ${n}`,
      ).to.equal(true);
    }
  });

  it('gives every case a distinct note so test names identify it', () => {
    const notes = cases.map(({ case: c }) => c.note);
    expect(notes.filter((n, i) => notes.indexOf(n) !== i)).to.deep.equal([]);
  });
});
