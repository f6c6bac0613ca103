import { expect } from 'chai';
import { loadRules } from '../../src/rules';
import { loadRetentionCases, retentionCaseProblems, runRetentionCase } from '../../src/rules/retention-cases';

const rules = loadRules('rules/missouri');
const cases = loadRetentionCases('rules/missouri/cases/retention');

describe('retention cases (rules/missouri/cases/retention)', () => {
  for (const { file, case: c } of cases) {
    it(`${c.note} [${file}#${c.id}]`, () => {
      const r = runRetentionCase(rules, c);
      expect(retentionCaseProblems(r, c), JSON.stringify(r, null, 2)).to.deep.equal([]);
      expect(r).to.include({ rulesVersion: rules.rulesVersion, engineVersion: rules.engineVersion });
    });
  }
});
